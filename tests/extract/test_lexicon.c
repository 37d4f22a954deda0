/*
 * tests/extract/test_lexicon.c - unit test of the lexicon compiler and matcher
 * of `bloc extract` (src/extract/lexicon.c), on a small lexicon of its own
 * (not the bundled ones, which grow):
 * - a broken lexicon is refused with a message naming the key path
 *   (triggers[3].type, demonyms.ARM[1], grammar.order, ...), so a linguist
 *   finds the line to fix;
 * - a pattern matches a token exactly, as a stem (attack*), with one of the
 *   language's suffixes (Armenias, আর্মেনিয়াকে) and prefixes (وأرمينيا), with a
 *   suffix after a hyphen or apostrophe (CSTO-র, Armenia's), with "_" for any
 *   one word (article _ invoked); never inside a longer word; an all-capitals
 *   name is marked as one;
 * - text is cut into tokens of letters (with their marks), digits and single
 *   punctuation, each knowing its script and whether a space preceded it.
 */
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bloc/bloc.h"
#include "check.h"
#include "extract/lexicon.h"
#include "json/json.h"
#include "text/unicode.h"

/* Bengali: আর্মেনিয়া with য় decomposed (U+09AF U+09BC) and precomposed (U+09DF) */
#define BN_ARMENIA                                                                                 \
    "\xe0\xa6\x86\xe0\xa6\xb0\xe0\xa7\x8d\xe0\xa6\xae\xe0\xa7\x87\xe0\xa6\xa8\xe0\xa6\xbf\xe0\xa6" \
    "\xaf\xe0\xa6\xbc\xe0\xa6\xbe"
#define BN_ARMENIA_PRE                                                                             \
    "\xe0\xa6\x86\xe0\xa6\xb0\xe0\xa7\x8d\xe0\xa6\xae\xe0\xa7\x87\xe0\xa6\xa8\xe0\xa6\xbf\xe0\xa7" \
    "\x9f\xe0\xa6\xbe"
/* রাশিয়া (Russia), the same two ways */
#define BN_RUSSIA                                                                                  \
    "\xe0\xa6\xb0\xe0\xa6\xbe\xe0\xa6\xb6\xe0\xa6\xbf\xe0\xa6\xaf\xe0\xa6\xbc\xe0\xa6\xbe"
#define BN_RUSSIA_PRE "\xe0\xa6\xb0\xe0\xa6\xbe\xe0\xa6\xb6\xe0\xa6\xbf\xe0\xa7\x9f\xe0\xa6\xbe"
#define BN_YYA        "\xe0\xa6\xaf\xe0\xa6\xbc" /* য় decomposed */
#define BN_YYA_PRE    "\xe0\xa7\x9f"             /* য় precomposed */

static text_table *tt;

/* A lexicon of every section, in three scripts. */
static const char test_lexicon[] =
    "{\"lang\": \"tst\", \"name\": \"Test\", \"scripts\": [\"Latn\", \"Beng\", \"Arab\"],\n"
    " \"stopwords\": [\"the\", \"and\"],\n"
    " \"sentence_ends\": [\".\", \"\xe0\xa5\xa4\"],\n"
    " \"prefixes\": [\"\xd9\x88\", \"\xd9\x84\", \"\xd8\xa8\", \"\xd8\xa7\xd9\x84\", "
    "\"\xd8\xa8\xd8\xa7\xd9\x84\"],\n"
    " \"suffixes\": [\"s\", \"\xe0\xa6\xb0\", \"\xe0\xa6\x8f\xe0\xa6\xb0\", "
    "\"\xe0\xa6\x95\xe0\xa7\x87\","
    "  \"" BN_YYA_PRE "\", \"\xd9\x87\xd8\xa7\"],\n"
    " \"metonyms\": {\"RUS\": [\"Kremlin\"]},\n"
    " \"demonyms\": {\"ARM\": [\"Armenian\"]},\n"
    " \"orgs\": {\"CSTO\": [\"Collective Security Treaty Organization\","
    "  \"Collective Security Treaty\"]},\n"
    " \"months\": {\"September\": 9},\n"
    " \"weekdays\": {\"Tuesday\": 2},\n"
    " \"relative\": [{\"w\": \"last month\", \"unit\": \"month\", \"n\": -1}],\n"
    " \"year_words\": [\"year\"],\n"
    " \"numbers\": {\"three\": 3},\n"
    " \"multipliers\": {\"thousand\": 1000},\n"
    " \"qualifiers\": {\"at least\": \"at_least\"},\n"
    " \"figures\": {\"killed\": [\"kill*\"], \"wounded\": [\"wounded\"], \"units\": "
    "[\"troops\"]},\n"
    " \"negations\": [\"not\"],\n"
    " \"boilerplate\": [\"read more\"],\n"
    " \"boilerplate_tail\": [\"leave a reply\"],\n"
    " \"bloc_words\": [\"the bloc\"],\n"
    " \"conditionals\": [\"unless\"],\n"
    " \"grammar\": {\"order\": \"SVO\", \"recipient_before\": [\"against\"], \"and\": [\"and\"]},\n"
    " \"triggers\": [\n"
    "  {\"w\": \"attack*\", \"type\": \"ASSAULT\", \"mode\": \"attack\"},\n"
    "  {\"w\": \"article _ invoked\", \"type\": \"REQUEST\"},\n"
    "  {\"w\": \"sent troops\", \"type\": \"AID\", \"mode\": \"troops\"},\n"
    "  {\"w\": \"appealed\", \"type\": \"REQUEST\", \"recipient_after\": "
    "[\"\xe0\xa6\x95\xe0\xa7\x87\"]},\n"
    "  {\"w\": \"clash*\", \"type\": \"ASSAULT\", \"mutual\": true, \"bloc\": true}]}\n";

/* Compile text as a lexicon into L (zeroed); the rc of lex_compile, err filled. */
static int compile(lexicon *L, const char *text, char *err, size_t errlen)
{
    char perr[256];
    int line = 0, col = 0;
    memset(L, 0, sizeof *L);
    err[0] = '\0';
    jv *doc = jv_parse(text, strlen(text), perr, sizeof perr, &line, &col);
    CHECK(doc != NULL, "test lexicon is not JSON: %d:%d: %s", line, col, perr);
    if (!doc)
        return -1;
    int rc = lex_compile(L, tt, doc, err, errlen);
    jv_free(doc);
    return rc;
}

/* ---- errors ---- */

/* The document must be refused with a message holding each of the strings. */
static void refused(int line, const char *text, ...)
{
    lexicon L;
    char err[512];
    int rc = compile(&L, text, err, sizeof err);
    CHECK(rc == BLOC_EPARSE, "(line %d) rc %d, want BLOC_EPARSE (err \"%s\")", line, rc, err);
    va_list ap;
    va_start(ap, text);
    for (const char *want; (want = va_arg(ap, const char *));)
        CHECK(strstr(err, want) != NULL, "(line %d) \"%s\" does not name \"%s\"", line, err, want);
    va_end(ap);
    lex_free(&L); /* after a refusal too: nothing leaks (ASan) */
}

#define REFUSED(text, ...) refused(__LINE__, (text), __VA_ARGS__, (const char *)NULL)

/* The smallest lexicon, with more keys (a JSON fragment starting with ","). */
#define DOC(more)                                                                                  \
    "{\"lang\": \"tst\", \"scripts\": [\"Latn\"], \"sentence_ends\": [\".\"],"                     \
    " \"grammar\": {\"order\": \"SVO\"}" more "}"
#define TRIGGERS(...) ", \"triggers\": [" __VA_ARGS__ "]"

static void test_errors(void)
{
    lexicon L;
    char err[512];
    int rc =
        compile(&L, DOC(TRIGGERS("{\"w\": \"attack*\", \"type\": \"ASSAULT\"}")), err, sizeof err);
    CHECK(rc == BLOC_OK, "the smallest lexicon: rc %d: %s", rc, err);
    CHECK(L.ntriggers == 1 && strcmp(L.lang, "tst") == 0, "%zu triggers, lang %s", L.ntriggers,
          L.lang);
    lex_free(&L);
    lex_free(&L); /* twice: a no-op */

    REFUSED("[]", "(top)", "object");
    REFUSED(DOC(TRIGGERS() ", \"stopword\": []"), "(top)", "unknown key \"stopword\"");
    REFUSED("{\"lang\": \"english\", \"scripts\": [\"Latn\"], \"sentence_ends\": [\".\"],"
            " \"grammar\": {\"order\": \"SVO\"}, \"triggers\": []}",
            "lang");
    REFUSED("{\"scripts\": [\"Latn\"], \"sentence_ends\": [\".\"],"
            " \"grammar\": {\"order\": \"SVO\"}, \"triggers\": []}",
            "lang");
    REFUSED("{\"lang\": \"tst\", \"scripts\": [\"Latn\", \"Hani\"], \"sentence_ends\": [\".\"],"
            " \"grammar\": {\"order\": \"SVO\"}, \"triggers\": []}",
            "scripts[1]", "Hani");
    REFUSED("{\"lang\": \"tst\", \"scripts\": [], \"sentence_ends\": [\".\"],"
            " \"grammar\": {\"order\": \"SVO\"}, \"triggers\": []}",
            "scripts");
    REFUSED("{\"lang\": \"tst\", \"scripts\": [\"Latn\"], \"sentence_ends\": [\".\", 7],"
            " \"grammar\": {\"order\": \"SVO\"}, \"triggers\": []}",
            "sentence_ends[1]");
    REFUSED(DOC(TRIGGERS() ", \"suffixes\": [\"s\", \"es\", 3]"), "suffixes[2]", "string");
    REFUSED(DOC(TRIGGERS() ", \"suffixes\": [\"\"]"), "suffixes[0]");
    REFUSED(DOC(TRIGGERS() ", \"prefixes\": [\"abcdefghijklmnopqrstuvwxyzabcdefgh\"]"),
            "prefixes[0]", "31 bytes");
    REFUSED(DOC(TRIGGERS() ", \"stopwords\": \"the\""), "stopwords", "list");
    REFUSED(DOC(TRIGGERS() ", \"stopwords\": [\"the\", \"\"]"), "stopwords[1]", "not a pattern");
    REFUSED(DOC(TRIGGERS() ", \"demonyms\": {\"ARM\": [\"Armenian\", 5]}"), "demonyms.ARM[1]");
    REFUSED(DOC(TRIGGERS() ", \"metonyms\": {\"RUS\": \"Moscow\"}"), "metonyms.RUS", "list");
    REFUSED(DOC(TRIGGERS() ", \"orgs\": [\"CSTO\"]"), "orgs", "object");
    REFUSED(DOC(TRIGGERS() ", \"months\": {\"September\": 9, \"Smarch\": 13}"), "months.Smarch",
            "range");
    REFUSED(DOC(TRIGGERS() ", \"weekdays\": {\"Tuesday\": \"2\"}"), "weekdays.Tuesday");
    REFUSED(DOC(TRIGGERS() ", \"numbers\": {\"three\": 3.5}"), "numbers.three");
    REFUSED(DOC(TRIGGERS() ", \"multipliers\": {\"thousand\": 1}"), "multipliers.thousand");
    REFUSED(
        DOC(TRIGGERS() ", \"relative\": [{\"w\": \"last month\", \"unit\": \"month\", \"n\": -1},"
                       " {\"w\": \"last fortnight\", \"unit\": \"fortnight\", \"n\": -1}]"),
        "relative[1]", "unit");
    REFUSED(
        DOC(TRIGGERS() ", \"relative\": [{\"w\": \"ages ago\", \"unit\": \"year\", \"n\": -1000}]"),
        "relative[0]", "n must");
    REFUSED(DOC(TRIGGERS() ", \"qualifiers\": {\"at least\": \"minimum\"}"), "qualifiers.at least",
            "minimum");
    REFUSED(DOC(TRIGGERS() ", \"figures\": {\"killed\": [\"kill*\"], \"dead\": []}"), "figures",
            "unknown key \"dead\"");
    REFUSED(DOC(TRIGGERS() ", \"figures\": {\"wounded\": [\"wounded\", {}]}"),
            "figures.wounded[1]");
    REFUSED(DOC(TRIGGERS() ", \"figures\": []"), "figures", "object");
    REFUSED("{\"lang\": \"tst\", \"scripts\": [\"Latn\"], \"sentence_ends\": [\".\"],"
            " \"grammar\": {\"order\": \"OSV\"}, \"triggers\": []}",
            "grammar.order", "OSV");
    REFUSED("{\"lang\": \"tst\", \"scripts\": [\"Latn\"], \"sentence_ends\": [\".\"],"
            " \"grammar\": {\"order\": \"SVO\", \"recipient_before\": [\"against\", 1]},"
            " \"triggers\": []}",
            "grammar.recipient_before[1]");
    REFUSED("{\"lang\": \"tst\", \"scripts\": [\"Latn\"], \"sentence_ends\": [\".\"],"
            " \"grammar\": {\"order\": \"SVO\", \"subject_before\": []}, \"triggers\": []}",
            "grammar", "subject_before");
    REFUSED("{\"lang\": \"tst\", \"scripts\": [\"Latn\"], \"sentence_ends\": [\".\"],"
            " \"triggers\": []}",
            "grammar");
    REFUSED(DOC(""), "triggers");
    /* triggers: the index of the entry, and its key */
    REFUSED(DOC(TRIGGERS(
                "{\"w\": \"a*\", \"type\": \"ASSAULT\"}, {\"w\": \"b*\", \"type\": \"AID\"},"
                " {\"w\": \"c*\", \"type\": \"AGREE\"}, {\"w\": \"d*\", \"type\": \"SHELLING\"}")),
            "triggers[3].type", "SHELLING");
    REFUSED(DOC(TRIGGERS("{\"w\": \"a*\", \"type\": \"ASSAULT\"}, {\"type\": \"AID\"}")),
            "triggers[1].w");
    REFUSED(DOC(TRIGGERS("{\"w\": \"a*\"}")), "triggers[0].type", "missing");
    REFUSED(DOC(TRIGGERS("{\"wrod\": \"a*\", \"type\": \"AID\"}")), "triggers[0]",
            "unknown key \"wrod\"");
    REFUSED(DOC(TRIGGERS("\"attack*\"")), "triggers[0]", "object");
    REFUSED(DOC(TRIGGERS("{\"w\": \"a*\", \"type\": \"AID\"}, {\"w\": \"b*\", \"type\": \"AID\","
                         " \"recipient_before\": [\"to\", null]}")),
            "triggers[1].recipient_before[1]");
    REFUSED(DOC(TRIGGERS("{\"w\": \"_ invoked\", \"type\": \"REQUEST\"}")), "triggers[0].w",
            "_ invoked");
    REFUSED(DOC(TRIGGERS("{\"w\": \"a b c d e f g h i j k l m\", \"type\": \"AID\"}")),
            "triggers[0].w", "more than 12");
    REFUSED(
        DOC(TRIGGERS("{\"w\": \"...\", \"type\": \"AID\"}, {\"w\": \"  \", \"type\": \"AID\"}")),
        "triggers[1].w");
}

/* ---- matching ---- */

static const char *kind_name(int k)
{
    switch (k) {
    case LK_ACTOR: return "A";
    case LK_TRIGGER: return "T";
    case LK_MONTH: return "M";
    case LK_WEEKDAY: return "W";
    case LK_RELATIVE: return "R";
    case LK_YEARWORD: return "Y";
    case LK_NUMBER: return "N";
    case LK_MULTIPLIER: return "X";
    case LK_QUALIFIER: return "Q";
    case LK_KILLED: return "K";
    case LK_WOUNDED: return "WOUNDED";
    case LK_UNIT: return "U";
    case LK_NEGATION: return "NOT";
    case LK_BOILER: return "BOILER";
    case LK_TAIL: return "TAIL";
    case LK_REC_BEFORE: return "RB";
    case LK_REC_AFTER: return "RA";
    case LK_STOPWORD: return "S";
    case LK_AND: return "AND";
    case LK_BLOC: return "BLOC";
    case LK_COND: return "COND";
    default: return "?";
    }
}

/* What matches in text (normalized and cut here), of the kinds in the mask
 * (bits 1 << kind; 0: all but stopwords), as "KIND:VALUE@FIRST-LAST" joined
 * by spaces in token order (each token's matches as lex_match_at gives them:
 * by kind, longest first); VALUE is an actor's code or an entry's val; a
 * prefix of n bytes adds "<n", a suffix ">n", a suffix as its own token "'". */
static void matches(const lexicon *L, const char *text, unsigned long mask, char *out, size_t n)
{
    text_norm nt = {0};
    tok *toks = NULL;
    size_t ntok = 0, cap = 0, len = 0;
    out[0] = '\0';
    if (text_normalize(tt, text, strlen(text), 1, &nt, NULL) ||
        lex_tokenize(tt, nt.p, nt.len, &toks, &ntok, &cap)) {
        snprintf(out, n, "(error)");
        goto out;
    }
    for (size_t i = 0; i < ntok; i++) {
        lex_match m[64];
        size_t k = lex_match_at(L, nt.p, toks, ntok, i, m, 64);
        for (size_t j = 0; j < k; j++) {
            int kind = m[j].e->kind;
            if (mask ? !(mask >> kind & 1) : kind == LK_STOPWORD)
                continue;
            char val[64], aff[16] = "";
            if (kind == LK_ACTOR)
                snprintf(val, sizeof val, "%s", lex_code(L, m[j].e));
            else
                snprintf(val, sizeof val, "%lld", (long long)m[j].e->val);
            if (m[j].pre)
                snprintf(aff, sizeof aff, "<%u", m[j].pre);
            if (m[j].suf)
                snprintf(aff + strlen(aff), sizeof aff - strlen(aff), "%s%u",
                         m[j].suffix_tok ? ">'" : ">", m[j].suf);
            int w = snprintf(out + len, n - len, "%s%s:%s@%u-%u%s", len ? " " : "", kind_name(kind),
                             val, m[j].first, m[j].last, aff);
            if (w > 0 && (size_t)w < n - len)
                len += (size_t)w;
        }
    }
out:
    free(toks);
    text_norm_free(&nt);
}

static lexicon LX; /* test_lexicon with the names added */

static void match_is(int line, unsigned long mask, const char *text, const char *want)
{
    char got[2048];
    matches(&LX, text, mask, got, sizeof got);
    CHECK(strcmp(got, want) == 0, "(line %d) \"%s\":\n    got  \"%s\"\n    want \"%s\"", line, text,
          got, want);
}

#define BIT(k)            (1ul << (k))
#define ACTORS            BIT(LK_ACTOR)
#define TRIGS             BIT(LK_TRIGGER)
#define MATCH(m, text, w) match_is(__LINE__, (m), (text), (w))

static int setup_matcher(void)
{
    char err[512];
    int rc = compile(&LX, test_lexicon, err, sizeof err);
    CHECK(rc == BLOC_OK, "the test lexicon: rc %d: %s", rc, err);
    if (rc)
        return 0;
    static const struct {
        const char *name, *code;
        int caps; /* a short name in capitals is an acronym: "US" is not "us" */
    } names[] = {
        {"Armenia", "ARM", 0},
        {BN_ARMENIA, "ARM", 0},
        {"\xd8\xa3\xd8\xb1\xd9\x85\xd9\x8a\xd9\x86\xd9\x8a\xd8\xa7", "ARM", 0}, /* أرمينيا */
        {"Azerbaijan", "AZE", 0},
        {"Oman", "OMN", 0},
        {"Romania", "ROU", 0},
        {"CSTO", "CSTO", 1},
        {"US", "USA", 1},
        {"U.S.", "USA", 1},
        {"United States", "USA", 0},
        {"NATO", "NATO", 1},
        {"\xd8\xa7\xd9\x84\xd9\x86\xd8\xa7\xd8\xaa\xd9\x88", "NATO", 0}, /* الناتو */
        {"Nikol Pashinyan", "nikol-pashinyan", 0},
        {"Republic of Korea", "KOR", 0},
        {"ABCDEFGH", "XXX", 0},
        {BN_RUSSIA_PRE, "RUS", 0}, /* written with the precomposed য় */
    };
    for (size_t i = 0; i < sizeof names / sizeof *names; i++) {
        rc = lex_add(&LX, tt, names[i].name, LK_ACTOR, 0, names[i].code);
        CHECK(rc == BLOC_OK, "lex_add(%s): rc %d", names[i].name, rc);
        CHECK(rc || LX.entries[LX.nentries - 1].caps == names[i].caps, "%s: caps %d, want %d",
              names[i].name, LX.entries[LX.nentries - 1].caps, names[i].caps);
    }
    rc = lex_finish(&LX);
    CHECK(rc == BLOC_OK, "lex_finish: rc %d", rc);
    return rc == BLOC_OK;
}

static void test_exact(void)
{
    MATCH(ACTORS, "Armenia", "A:ARM@0-0");
    MATCH(ACTORS, "ARMENIA and armenia", "A:ARM@0-0 A:ARM@2-2");
    MATCH(ACTORS, "Azerbaijan attacked Armenia.", "A:AZE@0-0 A:ARM@2-2");
    MATCH(ACTORS, "the United States", "A:USA@1-2");
    MATCH(ACTORS, "Republic of Korea", "A:KOR@0-2");
    MATCH(ACTORS, "Nikol Pashinyan", "A:nikol-pashinyan@0-1");
    /* a multi-word name only whole */
    MATCH(ACTORS, "the United Nations", "");
    MATCH(ACTORS, "Korea", "");
    /* more names of an actor from the lexicon: demonym, metonym (val 1), organization */
    MATCH(ACTORS, "Armenian troops", "A:ARM@0-0");
    MATCH(ACTORS, "the Kremlin said", "A:RUS@1-1");
    MATCH(BIT(LK_ACTOR), "the Kremlin", "A:RUS@1-1");
    /* the longest first, each starting token once per entry */
    MATCH(ACTORS, "Collective Security Treaty Organization", "A:CSTO@0-3 A:CSTO@0-2");
    MATCH(ACTORS, "Collective Security Treaty", "A:CSTO@0-2");
    /* never inside a longer word */
    MATCH(ACTORS, "Armeniaxyz", "");
    MATCH(ACTORS, "xArmenia", "");
    MATCH(ACTORS, "Romania", "A:ROU@0-0"); /* not Oman */
    MATCH(ACTORS, "Omani", "");
    MATCH(ACTORS, "Armenianism", "");
    MATCH(ACTORS, BN_ARMENIA "\xe0\xa6\x96", ""); /* + খ: not a suffix */
    /* other kinds, with their values */
    MATCH(BIT(LK_MONTH) | BIT(LK_WEEKDAY) | BIT(LK_NUMBER) | BIT(LK_MULTIPLIER),
          "on Tuesday, September three thousand", "W:2@1-1 M:9@3-3 N:3@4-4 X:1000@5-5");
    MATCH(BIT(LK_RELATIVE) | BIT(LK_YEARWORD) | BIT(LK_QUALIFIER), "last month, at least a year",
          "R:0@0-1 Q:2@3-4 Y:0@6-6");
    MATCH(BIT(LK_BOILER) | BIT(LK_TAIL), "Read more. Leave a Reply", "BOILER:0@0-1 TAIL:0@3-5");
    MATCH(BIT(LK_NEGATION) | BIT(LK_COND) | BIT(LK_BLOC), "not unless the bloc",
          "NOT:0@0-0 COND:0@1-1 BLOC:0@2-3");
    MATCH(BIT(LK_REC_BEFORE) | BIT(LK_AND), "against Armenia and Azerbaijan", "RB:0@0-0 AND:0@2-2");
    MATCH(BIT(LK_STOPWORD), "the Armenia", "S:0@0-0");
    /* a trigger's own marker: one shared entry (val -1) that the trigger lists */
    MATCH(BIT(LK_REC_AFTER), "\xe0\xa6\x95\xe0\xa7\x87", "RA:-1@0-0");
    int listed = 0;
    for (size_t i = 0; i < LX.nentries; i++)
        if (LX.entries[i].kind == LK_REC_AFTER && LX.entries[i].val < 0)
            listed |= lex_trigger_marks(&LX, 3, (uint32_t)i);
    CHECK(listed, "trigger 3 lists its own recipient marker");
}

static void test_stems(void)
{
    MATCH(TRIGS, "attack", "T:0@0-0");
    MATCH(TRIGS, "attacked Armenia", "T:0@0-0");
    MATCH(TRIGS, "Attacking", "T:0@0-0");
    MATCH(TRIGS, "counterattack", ""); /* a stem starts the token */
    MATCH(TRIGS, "atta", "");
    MATCH(TRIGS, "border clashes", "T:4@1-1");
    MATCH(BIT(LK_KILLED) | BIT(LK_WOUNDED) | BIT(LK_UNIT), "killing 49 troops, 10 wounded",
          "K:0@0-0 U:0@2-2 WOUNDED:0@5-5");
    /* a multi-word exact pattern: only those words in that order */
    MATCH(TRIGS, "Russia sent troops", "T:2@1-2");
    MATCH(TRIGS, "Russia sent the troops", "");
    MATCH(TRIGS, "Russia sent troopsx", "");
    /* "_": any one word or number, never punctuation or nothing */
    MATCH(TRIGS, "Article 4 invoked", "T:1@0-2");
    MATCH(TRIGS, "article four invoked", "T:1@0-2");
    MATCH(TRIGS, "article IV invoked", "T:1@0-2");
    MATCH(TRIGS, "article , invoked", "");
    MATCH(TRIGS, "article invoked", "");
    MATCH(TRIGS, "article 4 5 invoked", "");
}

static void test_affixes(void)
{
    /* a suffix on the last word */
    MATCH(ACTORS, "Armenias", "A:ARM@0-0>1");
    MATCH(ACTORS, "the United Statess", "A:USA@1-2>1");
    MATCH(ACTORS, "the Uniteds States", ""); /* not on a word before the last */
    MATCH(TRIGS, "appealeds", "T:3@0-0>1");
    MATCH(TRIGS, "attackeds", "T:0@0-0"); /* a stem takes any ending anyway */
    /* Bengali case endings: র, এর, কে, য় */
    MATCH(ACTORS, BN_ARMENIA "\xe0\xa6\xb0", "A:ARM@0-0>3");
    MATCH(ACTORS, BN_ARMENIA "\xe0\xa6\x95\xe0\xa7\x87", "A:ARM@0-0>6");
    MATCH(ACTORS, BN_ARMENIA BN_YYA, "A:ARM@0-0>6");
    MATCH(ACTORS, BN_ARMENIA BN_YYA_PRE, "A:ARM@0-0>6");
    MATCH(ACTORS, BN_ARMENIA "\xe0\xa6\x8f\xe0\xa6\xb0", "A:ARM@0-0>6");
    /* the same name in either form of য়: the pattern written one way, the text the other */
    MATCH(ACTORS, BN_ARMENIA_PRE, "A:ARM@0-0");
    MATCH(ACTORS, BN_ARMENIA_PRE "\xe0\xa6\x95\xe0\xa7\x87", "A:ARM@0-0>6");
    MATCH(ACTORS, BN_RUSSIA, "A:RUS@0-0");
    /* a suffix after a hyphen or an apostrophe: its own token, and the match takes it */
    MATCH(ACTORS, "CSTO-\xe0\xa6\xb0", "A:CSTO@0-2>'3");
    MATCH(ACTORS, "CSTO-\xe0\xa6\x8f\xe0\xa6\xb0 ", "A:CSTO@0-2>'6");
    MATCH(ACTORS, "Armenia's", "A:ARM@0-2>'1");
    MATCH(ACTORS, "Armenia\xe2\x80\x99s forces", "A:ARM@0-2>'1"); /* a typographic apostrophe */
    MATCH(ACTORS, "Armenia - s", "A:ARM@0-0");                    /* not glued: a word of its own */
    MATCH(ACTORS, "Armenia-Azerbaijan border", "A:ARM@0-0 A:AZE@2-2");
    MATCH(ACTORS, "CSTO-x", "A:CSTO@0-0");
    /* Arabic prefixes on the first word: و, ل, ال, بال; with a suffix too */
    MATCH(ACTORS, "\xd9\x88\xd8\xa3\xd8\xb1\xd9\x85\xd9\x8a\xd9\x86\xd9\x8a\xd8\xa7",
          "A:ARM@0-0<2");
    MATCH(ACTORS, "\xd9\x84\xd8\xa3\xd8\xb1\xd9\x85\xd9\x8a\xd9\x86\xd9\x8a\xd8\xa7",
          "A:ARM@0-0<2");
    MATCH(ACTORS,
          "\xd9\x88\xd8\xa3\xd8\xb1\xd9\x85\xd9\x8a\xd9\x86\xd9\x8a\xd8\xa7\xd9\x87\xd8\xa7",
          "A:ARM@0-0<2>4");
    MATCH(ACTORS, "\xd8\xa8\xd8\xa7\xd9\x84\xd9\x86\xd8\xa7\xd8\xaa\xd9\x88", "A:NATO@0-0<2");
    /* a prefix that is the whole token is not one; two prefixes are not one */
    MATCH(ACTORS, "\xd9\x88", "");
    MATCH(ACTORS, "\xd9\x88\xd9\x88\xd8\xa3\xd8\xb1\xd9\x85\xd9\x8a\xd9\x86\xd9\x8a\xd8\xa7", "");
    /* an unknown prefix is a longer word */
    MATCH(ACTORS, "\xd9\x83\xd8\xa3\xd8\xb1\xd9\x85\xd9\x8a\xd9\x86\xd9\x8a\xd8\xa7", "");
}

static void test_caps(void)
{
    /* (each name's caps mark is checked as it is added) the matcher finds an
     * acronym in any case: the caller checks the capitals */
    MATCH(ACTORS, "us and US", "A:USA@0-0 A:USA@2-2");
    MATCH(ACTORS, "the U.S. said", "A:USA@1-4");
    MATCH(ACTORS, "abcdefgh", "A:XXX@0-0");
}

static void test_helpers(void)
{
    CHECK(lex_is_stopword(&LX, "the", 3), "the is a stopword");
    CHECK(!lex_is_stopword(&LX, "armenia", 7), "armenia is not a stopword");
    CHECK(!lex_is_stopword(&LX, "th", 2), "th is not a stopword");
    CHECK(lex_is_suffix(&LX, "s", 1), "s is a suffix");
    CHECK(lex_is_suffix(&LX, "\xe0\xa6\x8f\xe0\xa6\xb0", 6), "এর is a suffix");
    CHECK(!lex_is_suffix(&LX, "x", 1), "x is not a suffix");
    CHECK(!lex_is_suffix(&LX, "", 0), "nothing is not a suffix");
    CHECK_STR(lex_qualifier_name(LQ_AT_LEAST), "at_least");
    CHECK_STR(lex_qualifier_name(LQ_NEARLY), "nearly");
    CHECK_STR(lex_qualifier_name(99), "exact");
    CHECK(LX.ntriggers == 5, "%zu triggers", LX.ntriggers);
    if (LX.ntriggers == 5) {
        CHECK_STR((const char *)LX.triggers[0].type, "ASSAULT");
        CHECK_STR(LX.triggers[0].mode, "attack");
        CHECK(LX.triggers[1].mode == NULL, "no mode");
        CHECK(LX.triggers[4].mutual && LX.triggers[4].bloc && !LX.triggers[4].passive,
              "mutual, bloc");
    }
    CHECK(LX.order == ORDER_SVO, "order %d", LX.order);
    CHECK(LX.nrelative == 1 && LX.relative[0].unit == 'm' && LX.relative[0].n == -1, "relative");
    CHECK(LX.scripts == (1u << SCRIPT_LATIN | 1u << SCRIPT_BENGALI | 1u << SCRIPT_ARABIC),
          "scripts 0x%x", LX.scripts);
    /* lex_add refuses what is not a pattern */
    CHECK(lex_add(&LX, tt, "", LK_ACTOR, 0, "X") == BLOC_EINVAL, "empty pattern");
    CHECK(lex_add(&LX, tt, "_ x", LK_ACTOR, 0, "X") == BLOC_EINVAL, "starting with _");
    CHECK(lex_add(&LX, tt, "a b c d e f g h i j k l m", LK_ACTOR, 0, "X") == BLOC_EINVAL,
          "13 words");
    CHECK(lex_add(&LX, tt, "a b c d e f g h i j k l", LK_ACTOR, 0, "TWELVE") == BLOC_OK,
          "12 words");
    CHECK(lex_finish(&LX) == BLOC_OK, "lex_finish again");
    MATCH(ACTORS, "a b c d e f g h i j k l", "A:TWELVE@0-11");
    MATCH(ACTORS, "Armenia", "A:ARM@0-0"); /* still there after the rebuild */
}

/* ---- tokens ---- */

typedef struct want_tok {
    const char *text;
    int cls, script, glued;
} want_tok;

static void tokens_are(int line, const char *text, const want_tok *want, size_t nwant)
{
    text_norm nt = {0};
    tok *toks = NULL;
    size_t n = 0, cap = 0;
    int rc = text_normalize(tt, text, strlen(text), 0, &nt, NULL);
    if (!rc)
        rc = lex_tokenize(tt, nt.p, nt.len, &toks, &n, &cap);
    CHECK(rc == BLOC_OK, "(line %d) rc %d", line, rc);
    CHECK(n == nwant, "(line %d) \"%s\": %zu tokens, want %zu", line, text, n, nwant);
    for (size_t i = 0; !rc && i < n && i < nwant; i++) {
        const tok *t = &toks[i];
        CHECK(t->len == strlen(want[i].text) && memcmp(nt.p + t->off, want[i].text, t->len) == 0,
              "(line %d) token %zu: \"%.*s\", want \"%s\"", line, i, (int)t->len, nt.p + t->off,
              want[i].text);
        CHECK(t->cls == want[i].cls && t->script == want[i].script && t->glued == want[i].glued,
              "(line %d) token %zu \"%s\": class %d script %d glued %d, want %d %d %d", line, i,
              want[i].text, t->cls, t->script, t->glued, want[i].cls, want[i].script,
              want[i].glued);
    }
    free(toks);
    text_norm_free(&nt);
}

#define TOKENS(text, ...)                                                                          \
    tokens_are(__LINE__, (text), (const want_tok[]){__VA_ARGS__},                                  \
               sizeof((const want_tok[]){__VA_ARGS__}) / sizeof(want_tok))

enum { W = TEXT_WORD, D = TEXT_DIGIT, P = TEXT_PUNCT };
enum { NO = SCRIPT_NONE, LA = SCRIPT_LATIN, CY = SCRIPT_CYRILLIC, AR = SCRIPT_ARABIC };
enum { BN = SCRIPT_BENGALI, OT = SCRIPT_OTHER };

static void test_tokenize(void)
{
    TOKENS("Armenia's 1,500 troops.", {"armenia", W, LA, 0}, {"'", P, NO, 1}, {"s", W, LA, 1},
           {"1", D, NO, 0}, {",", P, NO, 1}, {"500", D, NO, 1}, {"troops", W, LA, 0},
           {".", P, NO, 1});
    /* a Bengali word is one token with its vowel signs, virama and nukta */
    TOKENS(BN_ARMENIA " CSTO-\xe0\xa6\xb0\xe0\xa5\xa4", {BN_ARMENIA, W, BN, 0}, {"csto", W, LA, 0},
           {"-", P, NO, 1}, {"\xe0\xa6\xb0", W, BN, 1}, {"\xe0\xa5\xa4", P, NO, 1});
    /* digits of any script are ASCII digits; a run of one class is one token */
    TOKENS("\xe0\xa7\xaa\xe0\xa7\xaf \xe0\xa6\x9c\xe0\xa6\xa8", {"49", D, NO, 0},
           {"\xe0\xa6\x9c\xe0\xa6\xa8", W, BN, 0});
    TOKENS("su35", {"su", W, LA, 0}, {"35", D, NO, 1});
    TOKENS("Су-35", {"су", W, CY, 0}, {"-", P, NO, 1}, {"35", D, NO, 1});
    /* Arabic: a prefix stays on its word; the Arabic comma is a comma */
    TOKENS("\xd9\x88\xd8\xb1\xd9\x88\xd8\xb3\xd9\x8a\xd8\xa7\xd8\x8c \xd9\xa2",
           {"\xd9\x88\xd8\xb1\xd9\x88\xd8\xb3\xd9\x8a\xd8\xa7", W, AR, 0}, {",", P, NO, 1},
           {"2", D, NO, 0});
    /* white space of every kind separates; invisible marks do not */
    TOKENS("a\xc2\xa0"
           "b\tc\n d\xe2\x80\x8d"
           "e",
           {"a", W, LA, 0}, {"b", W, LA, 0}, {"c", W, LA, 0}, {"de", W, LA, 0});
    tok *none = NULL;
    size_t nn = 0, cn = 0;
    CHECK(lex_tokenize(tt, " \t\n ", 4, &none, &nn, &cn) == BLOC_OK && nn == 0, "spaces: %zu", nn);
    free(none);
    TOKENS("\xce\xb1\xce\xb2 \xe5\x8c\x97", {"\xce\xb1\xce\xb2", W, OT, 0},
           {"\xe5\x8c\x97", W, OT, 0});
    TOKENS("\xe2\x80\x9cok\xe2\x80\x9d", {"\"", P, NO, 0}, {"ok", W, LA, 1}, {"\"", P, NO, 1});
    /* each punctuation character a token of its own */
    TOKENS("...", {".", P, NO, 0}, {".", P, NO, 1}, {".", P, NO, 1});

    /* tokens are appended, with offsets into the text given */
    tok *toks = NULL;
    size_t n = 0, cap = 0;
    int rc = lex_tokenize(tt, "ab cd", 5, &toks, &n, &cap);
    if (!rc)
        rc = lex_tokenize(tt, "ef", 2, &toks, &n, &cap);
    CHECK(rc == BLOC_OK && n == 3 && toks[2].off == 0 && toks[2].len == 2 && toks[1].off == 3,
          "appended: rc %d, %zu tokens", rc, n);
    rc = lex_tokenize(tt, "", 0, &toks, &n, &cap);
    CHECK(rc == BLOC_OK && n == 3, "nothing to cut: %zu tokens", n);
    free(toks);
}

int main(void)
{
    tt = text_table_new();
    CHECK(tt != NULL, "text_table_new");
    if (!tt)
        return CHECK_DONE("lexicon");
    test_errors();
    if (setup_matcher()) {
        test_exact();
        test_stems();
        test_affixes();
        test_caps();
        test_helpers();
    }
    lex_free(&LX);
    test_tokenize();
    text_table_free(tt);
    return CHECK_DONE("lexicon");
}
