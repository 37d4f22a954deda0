/*
 * text/unicode.h - Unicode services (utf8proc; text/unicode.c is the only file
 * that includes it).
 */
#ifndef BLOC_TEXT_UNICODE_H
#define BLOC_TEXT_UNICODE_H

#include <stddef.h>
#include <stdint.h>

/* Non-zero when s[0..n-1] is valid UTF-8; else *bad gets the offset of the first
 * invalid byte. */
int text_valid_utf8(const char *s, size_t n, size_t *bad);

/* A copy of s[0..n) that is valid UTF-8: each invalid byte becomes U+FFFD.
 * New string (free()), NULL when out of memory. */
char *text_sanitize(const char *s, size_t n);

/* The key under which a name is indexed and looked up: NFKC, case-folded,
 * default-ignorable marks (zero-width joiners, bidi marks) removed, runs of
 * white space as one space, trimmed. "  BELARUS" and "belarus" share a key.
 * Returns a new string (free()), or NULL for invalid UTF-8 or out of memory. */
char *text_fold(const char *s);

/* ---- matching text (news, and the patterns matched against it) ---- */

/* What a character of normalized text is, for cutting it into tokens. */
enum text_class { TEXT_SPACE = 0, TEXT_WORD = 1, TEXT_DIGIT = 2, TEXT_PUNCT = 3 };

/* The scripts that tell bloc's languages apart (ISO 15924 in comments). */
enum text_script {
    SCRIPT_NONE = 0, /* not a letter */
    SCRIPT_LATIN,    /* Latn */
    SCRIPT_CYRILLIC, /* Cyrl */
    SCRIPT_ARABIC,   /* Arab */
    SCRIPT_BENGALI,  /* Beng */
    SCRIPT_OTHER,
    SCRIPT_N
};

/* A cache of the normalized form of each character (filled as characters are
 * met): normalizing news is a table lookup per character. Not thread-safe: one
 * per thread. */
typedef struct text_table text_table;

/* A new, empty cache; NULL when out of memory. Free with text_table_free. */
text_table *text_table_new(void);
void text_table_free(text_table *t);

/* Normalized text with, for each of its bytes, where it came from. */
typedef struct text_norm {
    char *p;      /* normalized UTF-8, NUL-terminated */
    uint32_t *at; /* at[i]: offset in the input of the character byte i came from;
                     at[len] = the input's length */
    size_t len, cap;
} text_norm;

/*
 * Normalize s[0..n-1] for matching, appending to out (reset it first to start
 * afresh): compatibility decomposition (NFKD) and case folding; Latin and
 * Cyrillic accents, Arabic diacritics and tatweel, zero-width and bidi marks
 * removed; Arabic letter variants unified (alef forms, alef maqsura as yeh, teh
 * marbuta as heh, hamza carriers); every decimal digit made ASCII; typographic
 * quotes and dashes made ASCII. Bengali nukta letters are decomposed the same
 * way whichever form the text uses. Invalid UTF-8: with lossy, each bad byte
 * becomes U+FFFD; without, BLOC_EPARSE with *bad set to its offset. The input
 * is at most 4 GiB (offsets are 32-bit). BLOC_ENOMEM.
 */
int text_normalize(text_table *t, const char *s, size_t n, int lossy, text_norm *out, size_t *bad);
void text_norm_reset(text_norm *out);
void text_norm_free(text_norm *out);

/* The class and script of the (normalized) character at p (len bytes left);
 * *n gets its length in bytes (1 for a bad byte). */
enum text_class text_char(text_table *t, const char *p, size_t len, size_t *n,
                          enum text_script *script);

#endif
