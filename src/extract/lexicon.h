/*
 * extract/lexicon.h - one language's lexicon (docs/LEXICON_FORMAT.md) compiled
 * into a matcher: patterns of normalized words (exact, or stems), looked up by
 * their first word in a hash table, matched against a sentence's tokens with
 * the language's prefixes and suffixes. The record's names of actors are added
 * to every language's matcher, so a Latin "CSTO" is found in Bengali text.
 */
#ifndef BLOC_EXTRACT_LEXICON_H
#define BLOC_EXTRACT_LEXICON_H

#include <stddef.h>
#include <stdint.h>

#include "json/json.h"
#include "text/unicode.h"

/* What a pattern is. */
enum lex_kind {
    LK_ACTOR = 1, /* code: an actor id (state, organization, person); val 1: a place
                     standing for it (a capital, the Kremlin) */
    LK_TRIGGER,   /* val: index into lexicon.triggers */
    LK_MONTH,     /* val: 1..12 */
    LK_WEEKDAY,   /* val: 1 (Monday) .. 7 */
    LK_RELATIVE,  /* val: index into lexicon.relative */
    LK_YEARWORD,
    LK_NUMBER,     /* val: the number */
    LK_MULTIPLIER, /* val: the factor */
    LK_QUALIFIER,  /* val: enum lex_qualifier */
    LK_KILLED,
    LK_WOUNDED,
    LK_UNIT,
    LK_NEGATION,
    LK_BOILER,
    LK_TAIL,
    LK_REC_BEFORE, /* val: trigger index + 1 for a trigger's own marker, 0 for the language's */
    LK_REC_AFTER,
    LK_ACT_BEFORE,
    LK_ACT_AFTER,
    LK_STOPWORD,
    LK_AND, /* a word that joins names in a list (and, এবং, و, и) */
    LK_BLOC, /* a word for the organization the document is about (the bloc, التكتل, блок) */
    LK_COND, /* a condition whose negation is not one (unless, না হলে, ما لم) */
    LK_PLACE_BEFORE, /* "in", "в", "في": a city after it is where, not who */
    LK_PLACE_AFTER,  /* a locative ending or postposition: ইয়েরেভানে */
    LK_CLAUSE,       /* a word that opens a clause (that, যে, что, أن) */
    LK_N
};

enum lex_qualifier {
    LQ_EXACT = 0,
    LQ_ABOUT,
    LQ_AT_LEAST,
    LQ_AT_MOST,
    LQ_OVER,
    LQ_UNDER,
    LQ_NEARLY
};
const char *lex_qualifier_name(int q);

enum lex_order { ORDER_SVO = 0, ORDER_SOV, ORDER_VSO };

/* The PLOVER categories, in the order of lex_plover_name. */
enum plover {
    PL_AGREE = 0,
    PL_CONSULT,
    PL_SUPPORT,
    PL_CONCEDE,
    PL_COOPERATE,
    PL_AID,
    PL_RETREAT,
    PL_REQUEST,
    PL_ACCUSE,
    PL_REJECT,
    PL_THREATEN,
    PL_PROTEST,
    PL_SANCTION,
    PL_MOBILIZE,
    PL_COERCE,
    PL_ASSAULT
};
const char *lex_plover_name(int cat);

typedef struct lex_trigger {
    char type[12]; /* PLOVER category */
    uint8_t cat;   /* the same, as enum plover */
    char *mode;    /* NULL when none */
    unsigned mutual : 1, passive : 1;
    unsigned bloc : 1; /* no recipient named: the organization the document is about */
    uint32_t *marks;   /* its own recipient markers: entries (shared by all triggers
                          that list the same words, val -1) */
    size_t nmarks, capmarks;
} lex_trigger;

typedef struct lex_relative {
    char unit; /* 'd', 'w', 'm', 'y' */
    int n;
} lex_relative;

/* A word of a pattern. */
typedef struct lex_word {
    uint32_t off; /* in the lexicon's string pool */
    uint16_t len;
    uint8_t stem; /* matches any token it begins */
    uint8_t any;  /* "_": matches any one word or number */
} lex_word;

typedef struct lex_entry {
    uint8_t kind, nword;
    uint8_t caps;  /* written in capitals (US, UN, CAR): matches only capitals in the text */
    uint32_t word; /* first word's index in words */
    int64_t val;
    uint32_t code; /* LK_ACTOR: offset of the actor id in the pool + 1 */
    uint32_t next; /* next entry (+1) with the same first word in the hash chain */
} lex_entry;

/* A token of a sentence: a run of letters (and marks), a run of digits, or
 * one punctuation character, in normalized text. */
typedef struct tok {
    uint32_t off, len; /* in the normalized text */
    uint8_t cls;       /* enum text_class */
    uint8_t script;    /* enum text_script of its first letter */
    uint8_t glued;     /* no space between it and the token before */
} tok;

typedef struct lexicon {
    char lang[4];
    char name[32];
    uint8_t scripts; /* bit per enum text_script */
    enum lex_order order;
    char *pool; /* words, NUL-separated */
    size_t plen, pcap;
    lex_word *words;
    size_t nwords, capwords;
    lex_entry *entries;
    size_t nentries, capentries;
    uint32_t *heads;             /* hash of first word (exact) -> entry + 1 */
    struct lex_node {            /* a byte trie of the stems' first words */
        uint32_t child, sibling; /* node indexes, 0 none (node 0 is the root) */
        uint32_t entries;        /* the stems ending here: entry + 1, chained by next */
        unsigned char b;
    } * trie;
    size_t ntrie, captrie;
    size_t nheads; /* power of two */

    lex_word *prefixes, *suffixes; /* longest first */
    size_t nprefixes, nsuffixes;
    /* the same, bucketed by first byte (prefixes) and last byte (suffixes):
     * indexes into the arrays above, bucket b at [by[b], by[b + 1]) */
    uint16_t *pre_ix, *suf_ix;
    uint16_t pre_by[257], suf_by[257];
    uint32_t *marks; /* single-word entries of the marker kinds (role, and, place) */
    size_t nmarks;
    char *sentence_ends; /* normalized punctuation, NUL-separated */
    lex_trigger *triggers;
    size_t ntriggers, captriggers;
    lex_relative *relative;
    size_t nrelative, caprelative;
} lexicon;

/* A match of a pattern at tokens first..last (inclusive). */
typedef struct lex_match {
    const lex_entry *e;
    uint32_t first, last;
    uint8_t pre, suf;   /* bytes of a prefix / suffix the first / last token carried */
    uint8_t suffix_tok; /* the suffix was its own token after a hyphen or apostrophe */
} lex_match;

/* Cut normalized text into tokens (appended to *toks, growing it); BLOC_ENOMEM. */
int lex_tokenize(text_table *tt, const char *p, size_t len, tok **toks, size_t *n, size_t *cap);

/* Compile a lexicon document (parsed JSON) into L (zeroed by the caller). On a
 * problem: BLOC_EPARSE with a message naming the key in err; BLOC_ENOMEM. */
int lex_compile(lexicon *L, text_table *tt, const jv *doc, char *err, size_t errlen);

/* Add a pattern of another source (an actor's name from the record): BLOC_OK,
 * BLOC_EINVAL (no words, or too many), BLOC_ENOMEM. Call lex_finish after the
 * last one, before matching. */
int lex_add(lexicon *L, text_table *tt, const char *pattern, enum lex_kind kind, int64_t val,
            const char *code);
int lex_finish(lexicon *L);

void lex_free(lexicon *L);

/* Every pattern matching at token i of toks[0..n) (text: the normalized text),
 * the longest first for each kind; up to max into out. Returns how many. */
size_t lex_match_at(const lexicon *L, const char *text, const tok *toks, size_t n, size_t i,
                    lex_match *out, size_t max);

/* The actor id of an LK_ACTOR entry. */
const char *lex_code(const lexicon *L, const lex_entry *e);

/* Does trigger trig take entry (index) as a marker of its recipient? */
int lex_trigger_marks(const lexicon *L, size_t trig, uint32_t entry);

/* Is the word (normalized) one of the language's common words, as it is? */
int lex_is_stopword(const lexicon *L, const char *s, size_t len);

/* Is the token (as normalized text) one of the language's suffixes? */
int lex_is_suffix(const lexicon *L, const char *s, size_t len);

#endif
