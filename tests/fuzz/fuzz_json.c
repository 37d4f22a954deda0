/*
 * tests/fuzz/fuzz_json.c - libFuzzer harness for the JSON binding and the
 * locator (src/json/json.c, src/json/json.h).
 *
 * The input goes to jv_parse as is (not NUL-terminated). A rejected input must
 * come back with a NUL-terminated reason and a position >= 1:1. An accepted one
 * must dump (compact and pretty) to text that parses again to the same dump,
 * and jv_locate must map paths into it (the first values depth-first, and walks
 * through the document with choices taken from the input, some ending in a step
 * that cannot be followed) to the start of the value that the deepest
 * followable prefix of the path names.
 *
 * The harness reads the text at the located position back with jansson itself
 * (JSON_DISABLE_EOF_CHECK) to compare values; that is the one use of jansson
 * outside src/json.
 */
#include <jansson.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "json/json.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define FAIL(...) FUZZ_FAIL("fuzz_json", __VA_ARGS__)

#define MAXPATH   (JV_MAX_DEPTH + 4)
#define NWALKS    6
#define NDFS      24
#define BOGUS_KEY 16

/* A deterministic stream of choices taken from the input bytes. */
typedef struct chooser {
    const uint8_t *d;
    size_t n, i;
    uint32_t h;
} chooser;

static uint32_t choose(chooser *c)
{
    /* mix the next input byte into a running FNV-1a state */
    uint8_t b = c->n ? c->d[c->i++ % c->n] : 0;
    c->h = (c->h ^ b) * 16777619u;
    c->h ^= c->h >> 15;
    return c->h;
}

/* Byte offset of 1-based (line, character column) in text, as jv_locate counts. */
static size_t offset_of(const char *text, size_t len, int line, int col)
{
    size_t i = 0;
    for (int l = 1; l < line && i < len; i++)
        if (text[i] == '\n')
            l++;
    for (int c = 1; c < col && i < len;) {
        i++;
        while (i < len && ((unsigned char)text[i] & 0xc0) == 0x80)
            i++;
        c++;
    }
    return i;
}

/* The value path[0..n-1] names, as far as it can be followed (jansson's view). */
static const jv *follow(const jv *root, const jv_step *path, size_t n)
{
    const jv *v = root;
    for (size_t i = 0; i < n; i++) {
        const jv *next = NULL;
        if (path[i].key && jv_typeof(v) == JV_OBJECT)
            next = jv_get(v, path[i].key);
        else if (!path[i].key && jv_typeof(v) == JV_ARRAY)
            next = jv_at(v, path[i].index);
        if (!next)
            break;
        v = next;
    }
    return v;
}

static int value_start(char c)
{
    return c && strchr("{[\"-0123456789tfn", c) != NULL;
}

/* Locate path in text and check the answer against the document. */
static void check_locate(const char *text, size_t len, const jv *root, const jv_step *path,
                         size_t n, int strict)
{
    int line = -7, col = -7, nl = 1;
    jv_locate(text, len, path, n, &line, &col);
    for (size_t i = 0; i < len; i++)
        nl += text[i] == '\n';
    if (line < 1 || col < 1 || line > nl)
        FAIL("jv_locate gave %d:%d for a text of %d lines (path of %zu steps)", line, col, nl, n);
    size_t off = offset_of(text, len, line, col);
    if (off >= len || !value_start(text[off]))
        FAIL("jv_locate gave %d:%d (offset %zu of %zu), not the start of a value", line, col, off,
             len);
    json_error_t e;
    json_t *at = json_loadb(text + off, len - off, JSON_DECODE_ANY | JSON_DISABLE_EOF_CHECK, &e);
    if (!at)
        FAIL("no value at %d:%d (offset %zu): %s", line, col, off, e.text);
    if (strict) {
        const jv *want = follow(root, path, n);
        char *got_s = json_dumps(at, JSON_PRESERVE_ORDER | JSON_ENCODE_ANY | JSON_COMPACT);
        char *want_s = jv_dump(want, 0);
        if (!got_s || !want_s)
            FAIL("out of memory dumping");
        if (strcmp(got_s, want_s) != 0)
            FAIL("jv_locate (%zu steps) found %.200s at %d:%d, the path names %.200s", n, got_s,
                 line, col, want_s);
        free(got_s);
        free(want_s);
    }
    json_decref(at);
}

/* A walk from the root; choices from c; sometimes a step that cannot be followed. */
static size_t walk(const jv *root, chooser *c, jv_step *path, char *bogus)
{
    const jv *v = root;
    size_t n = 0;
    while (n < MAXPATH) {
        uint32_t r = choose(c);
        size_t len = jv_len(v);
        if (r % 8 == 0)
            break; /* stop here */
        if (r % 16 == 1) {
            /* a step that (probably) cannot be followed */
            uint32_t k = choose(c);
            if (k & 1) {
                path[n++] = (jv_step){NULL, (size_t)k % (len + 3)};
            } else {
                size_t bl = k % (BOGUS_KEY - 1);
                for (size_t i = 0; i < bl; i++)
                    bogus[i] = (char)(1 + choose(c) % 127);
                bogus[bl] = '\0';
                path[n++] = (jv_step){bogus, 0};
            }
            break;
        }
        if (jv_typeof(v) == JV_ARRAY && len) {
            size_t i = r % len;
            path[n++] = (jv_step){NULL, i};
            v = jv_at(v, i);
        } else if (jv_typeof(v) == JV_OBJECT && len) {
            size_t i = r % len;
            void *it = jv_iter(v);
            while (i-- && it)
                it = jv_next(v, it);
            if (!it)
                FAIL("object of %zu members ends early", len);
            path[n++] = (jv_step){jv_iter_key(it), 0};
            v = jv_iter_value(it);
        } else {
            break;
        }
    }
    return n;
}

/* Depth-first over the first values, locating each. */
static void dfs(const char *text, size_t len, const jv *root, const jv *v, jv_step *path, size_t n,
                int strict, int *budget)
{
    if (*budget <= 0 || n >= MAXPATH)
        return;
    (*budget)--;
    check_locate(text, len, root, path, n, strict);
    if (jv_typeof(v) == JV_ARRAY) {
        for (size_t i = 0; i < jv_len(v) && *budget > 0; i++) {
            path[n] = (jv_step){NULL, i};
            dfs(text, len, root, jv_at(v, i), path, n + 1, strict, budget);
        }
    } else if (jv_typeof(v) == JV_OBJECT) {
        for (void *it = jv_iter(v); it && *budget > 0; it = jv_next(v, it)) {
            path[n] = (jv_step){jv_iter_key(it), 0};
            dfs(text, len, root, jv_iter_value(it), path, n + 1, strict, budget);
        }
    }
}

/* Dump v, parse the dump, dump again: the same text. */
static void round_trip(const jv *v, const char *compact)
{
    char err[256];
    int line = 0, col = 0;
    for (int pretty = 0; pretty < 2; pretty++) {
        char *d = jv_dump(v, pretty);
        if (!d)
            FAIL("jv_dump(pretty=%d) failed", pretty);
        jv *w = jv_parse(d, strlen(d), err, sizeof err, &line, &col);
        if (!w)
            FAIL("the dump (pretty=%d) does not parse: %s at %d:%d: %.300s", pretty, err, line, col,
                 d);
        char *again = jv_dump(w, 0);
        if (!again || strcmp(again, compact) != 0)
            FAIL("dump, parse, dump changed the text:\n%.300s\n%.300s", compact,
                 again ? again : "(null)");
        free(again);
        jv_free(w);
        free(d);
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char err[200];
    int line = -7, col = -7;
    const char *text = (const char *)data;
    memset(err, 'x', sizeof err);

    jv *v = jv_parse(text, size, err, sizeof err, &line, &col);
    if (!v) {
        if (!memchr(err, '\0', sizeof err))
            FAIL("jv_parse error message not NUL-terminated");
        if (line < 1 || col < 1)
            FAIL("jv_parse error at %d:%d", line, col);
        return 0;
    }
    enum jv_type t = jv_typeof(v);
    if (t != JV_OBJECT && t != JV_ARRAY)
        FAIL("jv_parse accepted a %s as a document", jv_type_name(t));

    char *compact = jv_dump(v, 0);
    if (!compact)
        FAIL("jv_dump failed");
    round_trip(v, compact);
    free(compact);

    int strict = 1; /* 0: only check that a value starts where jv_locate points */
    jv_step path[MAXPATH + 1];
    char bogus[BOGUS_KEY];
    chooser c = {data, size, size * 2654435761u, 0x811c9dc5u};
    int budget = NDFS;
    dfs(text, size, v, v, path, 0, strict, &budget);
    for (int w = 0; w < NWALKS; w++) {
        size_t n = walk(v, &c, path, bogus);
        check_locate(text, size, v, path, n, strict);
    }
    /* the empty path is the root; an absurd one stops at the root */
    jv_step absurd[2] = {{"", 0}, {NULL, (size_t)-1}};
    check_locate(text, size, v, absurd, 2, strict);
    check_locate(text, size, v, absurd + 1, 1, strict);
    jv_free(v);
    return 0;
}
