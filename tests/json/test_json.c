/*
 * tests/json/test_json.c - unit test of the JSON binding (src/json/json.c):
 * where jv_parse says a syntax error is, where jv_locate says a value is (the
 * positions record-file messages point at), the nesting cap, duplicate keys,
 * and building + dumping documents.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "json/json.h"

/* Parse a NUL-terminated text; on failure fill err/line/col. */
static jv *parse(const char *s, char *err, size_t errlen, int *line, int *col)
{
    *line = *col = -1;
    err[0] = '\0';
    return jv_parse(s, strlen(s), err, errlen, line, col);
}

static void test_parse_errors(void)
{
    char err[256];
    int line, col;
    jv *v;

    /* A missing comma inside line 3: the error is on line 3, at the token "c". */
    v = parse("{\n  \"a\": 1,\n  \"b\": 2 \"c\": 3\n}\n", err, sizeof err, &line, &col);
    CHECK(!v, "missing comma accepted");
    CHECK(line == 3, "missing comma: line %d, want 3 (%s)", line, err);
    CHECK(col >= 10 && col <= 12, "missing comma: col %d, want 10..12 (the token \"c\")", col);
    CHECK(err[0] != '\0', "missing comma: no message");
    jv_free(v);

    /* A missing comma at the end of line 3 is noticed at the next token, line 4. */
    v = parse("{\n  \"a\": 1,\n  \"b\": 2\n  \"c\": 3\n}\n", err, sizeof err, &line, &col);
    CHECK(!v, "missing comma at end of line accepted");
    CHECK(line == 4 && col >= 3 && col <= 5, "missing comma at end of line: %d:%d, want 4:3..5",
          line, col);
    jv_free(v);

    /* Columns count characters, not bytes: 8 two-byte letters before the error. */
    v = parse("{\"k\": \"Беларусь\" x}", err, sizeof err, &line, &col);
    CHECK(!v && line == 1 && col == 18, "error after Cyrillic: %d:%d, want 1:18", line, col);
    jv_free(v);

    /* A trailing comma, garbage after the document, an unterminated string, empty input. */
    v = parse("[1, 2,]", err, sizeof err, &line, &col);
    CHECK(!v && line == 1 && col == 7, "trailing comma: %d:%d, want 1:7", line, col);
    jv_free(v);
    v = parse("{\"a\": 1}\n\n  x", err, sizeof err, &line, &col);
    CHECK(!v && line == 3 && col == 3, "text after the document: %d:%d, want 3:3", line, col);
    jv_free(v);
    v = parse("{\"a\": \"open", err, sizeof err, &line, &col);
    CHECK(!v && line == 1, "unterminated string: %p %d:%d", (void *)v, line, col);
    jv_free(v);
    v = parse("", err, sizeof err, &line, &col);
    CHECK(!v && line == 1 && col == 1, "empty input: %d:%d, want 1:1", line, col);
    CHECK(err[0] != '\0', "empty input: no message");
    jv_free(v);

    /* The text need not be NUL-terminated: only len bytes are read. */
    const char padded[] = "{\"a\": 1}GARBAGE";
    v = jv_parse(padded, 8, err, sizeof err, &line, &col);
    CHECK(v && jv_typeof(v) == JV_OBJECT && jv_int(jv_get(v, "a")) == 1,
          "len-bounded parse failed: %s", err);
    jv_free(v);

    /* A short err buffer is truncated and terminated. */
    char small[6];
    memset(small, 'x', sizeof small);
    v = jv_parse("[1,", 3, small, sizeof small, &line, &col);
    CHECK(!v && memchr(small, '\0', sizeof small) != NULL, "short err buffer not terminated");
    jv_free(v);
}

static void test_duplicates(void)
{
    char err[256];
    int line, col;
    jv *v = parse("{\"a\": 1, \"a\": 2}", err, sizeof err, &line, &col);
    CHECK(!v, "duplicate key accepted");
    CHECK(line == 1 && col > 9, "duplicate key: %d:%d", line, col);
    CHECK(strstr(err, "duplicate") != NULL, "duplicate key: message \"%s\"", err);
    jv_free(v);

    v = parse("{\n \"outer\": {\n  \"b\": 1,\n  \"b\": 2\n }\n}", err, sizeof err, &line, &col);
    CHECK(!v, "nested duplicate key accepted");
    CHECK(line == 4, "nested duplicate key: line %d, want 4 (%s)", line, err);
    jv_free(v);

    /* The same key in different objects is fine. */
    v = parse("{\"a\": {\"a\": 1}, \"b\": [{\"a\": 2}, {\"a\": 3}]}", err, sizeof err, &line, &col);
    CHECK(v != NULL, "same key in different objects refused: %s", err);
    jv_free(v);
}

/* A text of depth levels: arrays, or objects {"k": ...} when obj. */
static char *nested(int depth, int obj)
{
    size_t cap = (size_t)depth * 8 + 16, n = 0;
    char *s = malloc(cap);
    if (!s)
        return NULL;
    for (int i = 0; i < depth; i++) {
        if (obj && i < depth - 1) {
            memcpy(s + n, "{\"k\":", 5);
            n += 5;
        } else if (obj) {
            s[n++] = '{';
        } else {
            s[n++] = '[';
        }
    }
    for (int i = 0; i < depth; i++)
        s[n++] = obj ? '}' : ']';
    s[n] = '\0';
    return s;
}

static void test_depth(void)
{
    char err[256];
    int line, col;
    static const int ok_depths[] = {1, 2, JV_MAX_DEPTH - 1, JV_MAX_DEPTH};
    static const int bad_depths[] = {JV_MAX_DEPTH + 1, JV_MAX_DEPTH + 2, 1000, 100000};
    for (int obj = 0; obj < 2; obj++) {
        for (size_t i = 0; i < sizeof ok_depths / sizeof *ok_depths; i++) {
            char *s = nested(ok_depths[i], obj);
            jv *v = s ? parse(s, err, sizeof err, &line, &col) : NULL;
            CHECK(v != NULL, "%s nested %d deep refused: %s", obj ? "objects" : "arrays",
                  ok_depths[i], err);
            jv_free(v);
            free(s);
        }
        for (size_t i = 0; i < sizeof bad_depths / sizeof *bad_depths; i++) {
            char *s = nested(bad_depths[i], obj);
            jv *v = s ? parse(s, err, sizeof err, &line, &col) : NULL;
            CHECK(s && v == NULL, "%s nested %d deep accepted", obj ? "objects" : "arrays",
                  bad_depths[i]);
            CHECK(line >= 1 && col >= 1, "depth %d: position %d:%d", bad_depths[i], line, col);
            CHECK(err[0] != '\0', "depth %d: no message", bad_depths[i]);
            jv_free(v);
            free(s);
        }
    }
    /* The message for just past the cap names it. */
    char *s = nested(JV_MAX_DEPTH + 1, 0);
    jv *v = s ? parse(s, err, sizeof err, &line, &col) : NULL;
    CHECK(!v && strstr(err, "64") != NULL, "depth message \"%s\" does not name the cap", err);
    jv_free(v);
    free(s);
}

/* The document jv_locate is asked about; see the positions in test_locate. */
static const char doc[] =
    "{\n"
    "  \"sources\": [\n"
    "    {\"id\": \"a\", \"title\": \"he said \\\"{\\\" and }\\\\\", \"date\": \"2022\"},\n"
    "    {\"id\": \"b\", \"names\": {\"ru\": [\"Беларусь\", \"Белоруссия\"], \"en\": "
    "[\"Belarus\"]}, \"n\": 7},\n"
    "    {\"id\": \"c\", \"title\": \"যৌথ নিরাপত্তা \\u0041 [x]\", \"lang\": \"bn\"}\n"
    "  ],\n"
    "  \"spells\": [\n"
    "    {\n"
    "      \"org\": \"CSTO\",\n"
    "      \"from\": \"1994\"\n"
    "    }\n"
    "  ],\n"
    "  \"x\": {\"sources\": 1, \"deep\": [[0, 1], [2, {\"k\": true}]], \"s\": \"\\\"b\\\": 1\", "
    "\"b\": null, \"ab\": 3, \"a\": 4}\n"
    "}\n";

#define K(k)                                                                                       \
    {                                                                                              \
        (k), 0                                                                                     \
    }
#define I(i)                                                                                       \
    {                                                                                              \
        NULL, (i)                                                                                  \
    }
#define NP(p) (sizeof(p) / sizeof *(p))

static void locate(int srcline, const jv_step *path, size_t n, int want_line, int want_col)
{
    int line = -1, col = -1;
    jv_locate(doc, strlen(doc), path, n, &line, &col);
    CHECK(line == want_line && col == want_col, "(line %d) located at %d:%d, want %d:%d", srcline,
          line, col, want_line, want_col);
}

#define LOCATE(path, l, c) locate(__LINE__, (path), NP(path), (l), (c))

static void test_locate(void)
{
    char err[256];
    int line, col;
    jv *v = parse(doc, err, sizeof err, &line, &col);
    CHECK(v != NULL, "the locator's document does not parse: %d:%d %s", line, col, err);
    /* The document is what the test thinks it is. */
    CHECK_STR(jv_str(jv_get(jv_at(jv_get(v, "sources"), 0), "title")), "he said \"{\" and }\\");
    CHECK_STR(jv_str(jv_get(jv_get(v, "x"), "s")), "\"b\": 1");
    jv_free(v);

    int l0 = -1, c0 = -1;
    jv_locate(doc, strlen(doc), NULL, 0, &l0, &c0);
    CHECK(l0 == 1 && c0 == 1, "empty path at %d:%d, want 1:1", l0, c0);

    const jv_step sources[] = {K("sources")};
    LOCATE(sources, 2, 14);
    const jv_step s0[] = {K("sources"), I(0)};
    LOCATE(s0, 3, 5);
    const jv_step s0id[] = {K("sources"), I(0), K("id")};
    LOCATE(s0id, 3, 12);
    /* After a string holding escaped quotes, a brace and an escaped backslash. */
    const jv_step s0date[] = {K("sources"), I(0), K("date")};
    LOCATE(s0date, 3, 59);
    const jv_step s1[] = {K("sources"), I(1)};
    LOCATE(s1, 4, 5);
    const jv_step s1names[] = {K("sources"), I(1), K("names")};
    LOCATE(s1names, 4, 26);
    /* After Cyrillic text: columns count characters. */
    const jv_step ru1[] = {K("sources"), I(1), K("names"), K("ru"), I(1)};
    LOCATE(ru1, 4, 46);
    const jv_step en0[] = {K("sources"), I(1), K("names"), K("en"), I(0)};
    LOCATE(en0, 4, 68);
    const jv_step s1n[] = {K("sources"), I(1), K("n")};
    LOCATE(s1n, 4, 86);
    /* After Bengali text (with combining signs) and a \u escape and brackets in a string. */
    const jv_step s2lang[] = {K("sources"), I(2), K("lang")};
    LOCATE(s2lang, 5, 62);
    /* Across lines. */
    const jv_step sp0[] = {K("spells"), I(0)};
    LOCATE(sp0, 8, 5);
    const jv_step sp0org[] = {K("spells"), I(0), K("org")};
    LOCATE(sp0org, 9, 14);
    const jv_step sp0from[] = {K("spells"), I(0), K("from")};
    LOCATE(sp0from, 10, 15);
    /* A key that also appears deeper and in a string value; a key that is a prefix. */
    const jv_step x[] = {K("x")};
    LOCATE(x, 13, 8);
    const jv_step xsources[] = {K("x"), K("sources")};
    LOCATE(xsources, 13, 20);
    const jv_step xb[] = {K("x"), K("b")};
    LOCATE(xb, 13, 81);
    const jv_step xa[] = {K("x"), K("a")};
    LOCATE(xa, 13, 101);
    const jv_step xab[] = {K("x"), K("ab")};
    LOCATE(xab, 13, 93);
    const jv_step deep[] = {K("x"), K("deep")};
    LOCATE(deep, 13, 31);
    const jv_step deep1[] = {K("x"), K("deep"), I(1)};
    LOCATE(deep1, 13, 40);
    const jv_step deepk[] = {K("x"), K("deep"), I(1), I(1), K("k")};
    LOCATE(deepk, 13, 50);

    /* Paths that cannot be followed: the deepest value reached. */
    const jv_step nope[] = {K("nope")};
    LOCATE(nope, 1, 1);
    const jv_step s9[] = {K("sources"), I(9)};
    LOCATE(s9, 2, 14);
    const jv_step s3[] = {K("sources"), I(3)};
    LOCATE(s3, 2, 14);
    const jv_step keyonarr[] = {K("sources"), K("id")};
    LOCATE(keyonarr, 2, 14);
    const jv_step idxonobj[] = {K("spells"), I(0), I(0)};
    LOCATE(idxonobj, 8, 5);
    const jv_step sp0to[] = {K("spells"), I(0), K("to")};
    LOCATE(sp0to, 8, 5);
    const jv_step intostr[] = {K("spells"), I(0), K("org"), I(0)};
    LOCATE(intostr, 9, 14);
    const jv_step missing_mid[] = {K("sources"), I(1), K("names"), K("bn"), I(0)};
    LOCATE(missing_mid, 4, 26);
    const jv_step s_ab[] = {K("x"), K("abc")};
    LOCATE(s_ab, 13, 8);

    /* A path on a document that is only part of a buffer (len bounds the scan). */
    const char part[] = "{\"a\": 1}\n{\"b\": 2}";
    const jv_step b[] = {K("b")};
    jv_locate(part, 8, b, 1, &line, &col);
    CHECK(line == 1 && col == 1, "len-bounded locate: %d:%d, want 1:1", line, col);

    /* A key written with escapes is the key it decodes to (as jv_parse and the loader
     * see it): "\u0072u" is "ru", "q\"k" is q"k. */
    const char esc[] = "{\"\\u0072u\": 1,\n \"q\\\"k\": 2}";
    jv *ev = parse(esc, err, sizeof err, &line, &col);
    CHECK(ev && jv_int(jv_get(ev, "ru")) == 1 && jv_int(jv_get(ev, "q\"k")) == 2,
          "escaped keys do not parse as \"ru\" and q\"k");
    jv_free(ev);
    const jv_step ru[] = {K("ru")};
    jv_locate(esc, strlen(esc), ru, 1, &line, &col);
    CHECK(line == 1 && col == 13, "value of key \"\\u0072u\" located at %d:%d, want 1:13", line,
          col);
    const jv_step qk[] = {K("q\"k")};
    jv_locate(esc, strlen(esc), qk, 1, &line, &col);
    CHECK(line == 2 && col == 10, "value of key \"q\\\"k\" located at %d:%d, want 2:10", line, col);

    /* Leading white space before the root. */
    const char lead[] = "\n\n   {\"a\": [10, 20]}";
    const jv_step a1[] = {K("a"), I(1)};
    jv_locate(lead, strlen(lead), a1, 2, &line, &col);
    CHECK(line == 3 && col == 15, "after leading white space: %d:%d, want 3:15", line, col);
    jv_locate(lead, strlen(lead), NULL, 0, &line, &col);
    CHECK(line == 3 && col == 4, "root after leading white space: %d:%d, want 3:4", line, col);
}

static void test_build_dump(void)
{
    jv *o = jv_object(), *arr = jv_array(), *inner = jv_object();
    CHECK(o && arr && inner, "constructors returned NULL");
    CHECK(jv_set(o, "zeta", jv_string("last letter first")) == 0, "set zeta");
    CHECK(jv_set(o, "alpha", jv_integer(-9007199254740993LL)) == 0, "set alpha");
    CHECK(jv_set(o, "text", jv_string("Беларусь \"q\" \\ / \t\n ОДКБ")) == 0, "set text");
    CHECK(jv_set(o, "none", jv_string(NULL)) == 0, "set none");
    CHECK(jv_set(o, "yes", jv_bool(1)) == 0, "set yes");
    CHECK(jv_set(o, "no", jv_bool(0)) == 0, "set no");
    CHECK(jv_set(o, "nil", jv_null()) == 0, "set nil");
    CHECK(jv_push(arr, jv_integer(1)) == 0 && jv_push(arr, jv_string("two")) == 0, "push to array");
    CHECK(jv_set(inner, "k", jv_array()) == 0, "set inner k");
    CHECK(jv_push(arr, inner) == 0, "push inner");
    CHECK(jv_set(o, "list", arr) == 0, "set list");
    /* Stealing a NULL fails cleanly. */
    CHECK(jv_set(o, "bad", NULL) == -1, "jv_set of NULL did not fail");
    CHECK(jv_push(arr, NULL) == -1, "jv_push of NULL did not fail");
    CHECK(jv_get(o, "bad") == NULL, "a failed set left a key");

    char *s = jv_dump(o, 0);
    CHECK(s != NULL, "dump failed");
    if (!s) {
        jv_free(o);
        return;
    }
    /* Compact, keys in insertion order. */
    CHECK(strchr(s, '\n') == NULL, "compact dump has a newline: %s", s);
    const char *z = strstr(s, "\"zeta\""), *a = strstr(s, "\"alpha\""), *l = strstr(s, "\"list\"");
    CHECK(z && a && l && z < a && a < l, "keys not in insertion order: %s", s);
    CHECK(strncmp(s, "{\"zeta\":", 8) == 0, "dump does not start with the first key: %s", s);

    char err[256];
    int line, col;
    jv *back = parse(s, err, sizeof err, &line, &col);
    CHECK(back != NULL, "dump does not parse back: %s (%s)", err, s);
    if (back) {
        CHECK(jv_typeof(back) == JV_OBJECT && jv_len(back) == 8, "round trip: %zu keys",
              jv_len(back));
        CHECK_STR(jv_str(jv_get(back, "zeta")), "last letter first");
        CHECK(jv_int(jv_get(back, "alpha")) == -9007199254740993LL, "integer changed: %lld",
              jv_int(jv_get(back, "alpha")));
        CHECK_STR(jv_str(jv_get(back, "text")), "Беларусь \"q\" \\ / \t\n ОДКБ");
        CHECK(jv_typeof(jv_get(back, "none")) == JV_NULL, "NULL string is not null");
        CHECK(jv_typeof(jv_get(back, "yes")) == JV_TRUE, "true changed");
        CHECK(jv_typeof(jv_get(back, "no")) == JV_FALSE, "false changed");
        CHECK(jv_typeof(jv_get(back, "nil")) == JV_NULL, "null changed");
        jv *list = jv_get(back, "list");
        CHECK(jv_typeof(list) == JV_ARRAY && jv_len(list) == 3, "list changed");
        CHECK(jv_typeof(jv_at(list, 0)) == JV_INTEGER && jv_int(jv_at(list, 0)) == 1, "list[0]");
        CHECK_STR(jv_str(jv_at(list, 1)), "two");
        CHECK(jv_typeof(jv_get(jv_at(list, 2), "k")) == JV_ARRAY, "list[2].k");
        CHECK(jv_at(list, 3) == NULL, "jv_at past the end is not NULL");
        /* Iteration in document order. */
        static const char *const order[] = {"zeta", "alpha", "text", "none",
                                            "yes",  "no",    "nil",  "list"};
        size_t k = 0;
        for (void *it = jv_iter(back); it; it = jv_next(back, it), k++)
            CHECK(k < 8 && strcmp(jv_iter_key(it), order[k]) == 0, "key %zu is \"%s\"", k,
                  jv_iter_key(it));
        CHECK(k == 8, "iterated %zu keys, want 8", k);
        /* Dumping again gives the same text. */
        char *s2 = jv_dump(back, 0);
        CHECK(s2 && strcmp(s, s2) == 0, "second dump differs:\n%s\n%s", s, s2 ? s2 : "(null)");
        free(s2);
        /* Pretty output is the same document. */
        char *p = jv_dump(back, 1);
        CHECK(p && strchr(p, '\n') != NULL, "pretty dump has no newline");
        jv *back2 = p ? parse(p, err, sizeof err, &line, &col) : NULL;
        char *s3 = back2 ? jv_dump(back2, 0) : NULL;
        CHECK(s3 && strcmp(s, s3) == 0, "pretty dump is not the same document");
        free(s3);
        free(p);
        jv_free(back2);
    }
    jv_free(back);
    free(s);

    /* Getters on the wrong types. */
    CHECK(jv_get(arr, "k") == NULL, "jv_get on an array");
    CHECK(jv_len(jv_get(o, "zeta")) == 0, "jv_len of a string");
    CHECK(jv_str(jv_get(o, "alpha")) == NULL, "jv_str of an integer");
    CHECK(jv_int(jv_get(o, "zeta")) == 0, "jv_int of a string");
    CHECK(jv_at(o, 0) == NULL, "jv_at on an object");
    CHECK_STR(jv_type_name(JV_OBJECT), "an object");
    CHECK_STR(jv_type_name(JV_INTEGER), "an integer");
    CHECK_STR(jv_type_name(JV_NULL), "null");

    /* A scalar dumps on its own. */
    jv *one = jv_string("x");
    char *d = jv_dump(one, 0);
    CHECK_STR(d, "\"x\"");
    free(d);
    jv_free(one);
    jv_free(o);
    jv_free(NULL);
}

int main(void)
{
    test_parse_errors();
    test_duplicates();
    test_depth();
    test_locate();
    test_build_dump();
    return CHECK_DONE("json");
}
