/*
 * tests/fuzz/fuzz_extract.c - libFuzzer harness for `bloc extract`
 * (src/extract/ and the normalization of src/text/unicode.c, through
 * bloc_extract_buffer): any bytes as a news document.
 *
 * One database on a temporary file (under $BLOC_FUZZ_TMP, else /dev/shm,
 * $TMPDIR or /tmp) is opened once with the bundled record (every name of
 * every actor, in four languages) and three extractors are made over it:
 * strict (--date 2022-09-14), lossy (the same, replacing invalid UTF-8), and
 * one reading every paragraph as Bengali, without an article date. Each input
 * is one document, "fuzz.txt", for each of them. Checked:
 * - the strict extractor refuses exactly the inputs with a NUL byte or
 *   invalid UTF-8 (by a validator of its own, here), with BLOC_EPARSE and a
 *   message naming the offset of the first NUL byte, else of the first bad
 *   sequence; the lossy one refuses only a NUL byte; nothing is written then;
 * - otherwise the output is JSON lines, each an event: doc "fuzz.txt", a
 *   PLOVER category, actors and recipients, a date bloc can parse (or null),
 *   figures that are positive whole numbers, a language bloc reads (the forced
 *   one when forced), a confidence in (0, 1], a span inside the input with the
 *   trigger inside it; on valid UTF-8 the span starts and ends at character
 *   boundaries and the sentence is the input's bytes at the span (at most 600;
 *   with bad bytes, each may have become U+FFFD);
 * - the same document again gives the same bytes (nothing carried over from
 *   the document before, nothing read that was not written), and the lossy
 *   extractor gives the strict one's output for valid UTF-8.
 * FUZZ_LOSSY=0 (FUZZ_CFLAGS="-DFUZZ_LOSSY=0") leaves the lossy extractor out.
 */
#define _POSIX_C_SOURCE 200809L

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "bloc/bloc.h"
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define FAIL(...) FUZZ_FAIL("fuzz_extract", __VA_ARGS__)

#define NAME     "fuzz.txt"
#define SENT_MAX 600 /* bytes of the sentence quoted with an event */
#ifndef FUZZ_LOSSY
#define FUZZ_LOSSY 1
#endif

static char dir[256], path[320];
static bloc_db *db;
static bloc_extractor *strict, *lossy, *forced;

/* ---- the output ---- */

typedef struct out {
    char *p;
    size_t n, cap;
} out;

static int collect(void *ud, const char *data, size_t len)
{
    out *o = ud;
    if (o->n + len + 1 > o->cap) {
        size_t cap = o->cap ? o->cap : 4096;
        while (cap < o->n + len + 1)
            cap *= 2;
        char *p = realloc(o->p, cap);
        if (!p)
            FAIL("out of memory collecting %zu bytes", o->n + len);
        o->p = p;
        o->cap = cap;
    }
    memcpy(o->p + o->n, data, len);
    o->n += len;
    o->p[o->n] = '\0';
    return 0;
}

/* ---- setup ---- */

static void cleanup(void)
{
    bloc_extractor_free(strict);
    bloc_extractor_free(lossy);
    bloc_extractor_free(forced);
    strict = lossy = forced = NULL;
    fuzz_drop(&db, path, dir);
}

static bloc_extractor *extractor(const char *date, const char *lang, int lossy_)
{
    bloc_extract_opts o = {date, lang, NULL, lossy_};
    bloc_extractor *x = NULL;
    int rc = bloc_extractor_new(db, &o, &x);
    if (rc != BLOC_OK || !x)
        FAIL("bloc_extractor_new (date %s, lang %s, lossy %d): %d: %s", date ? date : "-",
             lang ? lang : "auto", lossy_, rc, bloc_errmsg(db));
    return x;
}

static void setup(void)
{
    if (!fuzz_temp_dir(dir, sizeof dir))
        FAIL("no writable temporary directory");
    snprintf(path, sizeof path, "%s/extract.db", dir);
    atexit(cleanup);
    int rc = bloc_open(path, 0, &db);
    if (rc != BLOC_OK)
        FAIL("bloc_open(%s) with the bundled record: %s", path,
             db ? bloc_errmsg(db) : "out of memory");
    strict = extractor("2022-09-14", NULL, 0);
    if (FUZZ_LOSSY)
        lossy = extractor("2022-09-14", "auto", 1);
    forced = extractor(NULL, "ben", 0);
}

/* ---- what the input is ---- */

/* The offset of the first invalid UTF-8 sequence (RFC 3629: no overlong
 * forms, no surrogates, nothing past U+10FFFF), or n when there is none. */
static size_t first_bad_utf8(const uint8_t *s, size_t n)
{
    size_t i = 0;
    while (i < n) {
        uint8_t c = s[i];
        size_t k;
        uint32_t cp, min;
        if (c < 0x80) {
            i++;
            continue;
        }
        if (c >= 0xC2 && c <= 0xDF) {
            k = 1, cp = c & 0x1Fu, min = 0x80;
        } else if (c >= 0xE0 && c <= 0xEF) {
            k = 2, cp = c & 0x0Fu, min = 0x800;
        } else if (c >= 0xF0 && c <= 0xF4) {
            k = 3, cp = c & 0x07u, min = 0x10000;
        } else {
            return i;
        }
        for (size_t j = 1; j <= k; j++) {
            if (i + j >= n || (s[i + j] & 0xC0) != 0x80)
                return i;
            cp = cp << 6 | (s[i + j] & 0x3Fu);
        }
        if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
            return i;
        i += k + 1;
    }
    return n;
}

/* Does the message name "byte offset OFF" exactly? */
static int names_offset(const char *msg, size_t off)
{
    char want[64];
    snprintf(want, sizeof want, "byte offset %zu", off);
    for (const char *p = strstr(msg, want); p; p = strstr(p + 1, want)) {
        char after = p[strlen(want)];
        if (after < '0' || after > '9')
            return 1;
    }
    return 0;
}

/* ---- the events ---- */

static const char *const plover[] = {
    "AGREE",  "CONSULT", "SUPPORT",  "CONCEDE", "COOPERATE", "AID",      "RETREAT", "REQUEST",
    "ACCUSE", "REJECT",  "THREATEN", "PROTEST", "SANCTION",  "MOBILIZE", "COERCE",  "ASSAULT"};

static int one_of(const char *s, const char *const *v, size_t n)
{
    for (size_t i = 0; s && i < n; i++)
        if (strcmp(s, v[i]) == 0)
            return 1;
    return 0;
}

static int is_cont(uint8_t c)
{
    return (c & 0xC0) == 0x80;
}

/* [a, b] of an array of two whole numbers, within 0..size. */
static void span_of(const json_t *e, const char *key, size_t size, long long *a, long long *b,
                    const char *line)
{
    const json_t *s = json_object_get(e, key);
    if (!json_is_array(s) || json_array_size(s) != 2 || !json_is_integer(json_array_get(s, 0)) ||
        !json_is_integer(json_array_get(s, 1)))
        FAIL("%s is not [from, to]: %.500s", key, line);
    *a = json_integer_value(json_array_get(s, 0));
    *b = json_integer_value(json_array_get(s, 1));
    if (*a < 0 || *a > *b || (unsigned long long)*b > size)
        FAIL("%s [%lld, %lld] is not inside the input of %zu bytes: %.500s", key, *a, *b, size,
             line);
}

static void codes(const json_t *e, const char *key, const char *line)
{
    const json_t *a = json_object_get(e, key);
    if (!json_is_array(a) || json_array_size(a) == 0 || json_array_size(a) > 8)
        FAIL("%s: not a list of 1 to 8 codes: %.500s", key, line);
    for (size_t i = 0; i < json_array_size(a); i++) {
        const char *c = json_string_value(json_array_get(a, i));
        if (!c || !*c)
            FAIL("%s[%zu]: not a code: %.500s", key, i, line);
    }
}

static void figures(const json_t *e, const char *key, const char *line)
{
    const json_t *a = json_object_get(e, key);
    if (!json_is_array(a) || json_array_size(a) > 8)
        FAIL("%s: not a list of at most 8 figures: %.500s", key, line);
    for (size_t i = 0; i < json_array_size(a); i++) {
        const json_t *v = json_array_get(a, i);
        if (!json_is_integer(v) || json_integer_value(v) < 1)
            FAIL("%s[%zu]: not a positive whole number: %.500s", key, i, line);
    }
}

/* Check each line of o, the events of data[0..size) (valid: valid UTF-8;
 * lang: the forced language, or NULL). */
static void check_events(const out *o, const uint8_t *data, size_t size, int valid,
                         const char *lang)
{
    static const char *const langs[] = {"ben", "ara", "rus", "eng"};
    if (o->n && o->p[o->n - 1] != '\n')
        FAIL("the output does not end with a newline: %.200s",
             o->p + (o->n > 200 ? o->n - 200 : 0));
    for (char *line = o->p; line && line < o->p + o->n;) {
        char *nl = strchr(line, '\n');
        if (!nl)
            FAIL("a line without its newline");
        *nl = '\0';
        json_error_t err;
        json_t *e = json_loads(line, 0, &err);
        if (!json_is_object(e))
            FAIL("not a JSON object (%s): %.500s", err.text, line);
        const char *doc = json_string_value(json_object_get(e, "doc"));
        const char *type = json_string_value(json_object_get(e, "event_type"));
        const char *l = json_string_value(json_object_get(e, "lang"));
        const json_t *date = json_object_get(e, "date"), *conf = json_object_get(e, "confidence");
        if (!doc || strcmp(doc, NAME) != 0)
            FAIL("doc is not " NAME ": %.500s", line);
        if (!one_of(type, plover, sizeof plover / sizeof *plover))
            FAIL("event_type is not a PLOVER category: %.500s", line);
        if (!one_of(l, langs, 4) || (lang && strcmp(l, lang) != 0))
            FAIL("lang is not %s: %.500s", lang ? lang : "one bloc reads", line);
        if (!json_is_null(date)) {
            bloc_date d;
            const char *ds = json_string_value(date);
            size_t dl = ds ? strlen(ds) : 0;
            if (!ds || (dl != 4 && dl != 7 && dl != 10) || bloc_date_parse(ds, &d, NULL, 0))
                FAIL("date is not a date: %.500s", line);
        }
        if (!json_is_number(conf) || json_number_value(conf) <= 0 || json_number_value(conf) > 1)
            FAIL("confidence is not in (0, 1]: %.500s", line);
        const json_t *mode = json_object_get(e, "mode");
        if (!json_is_null(mode) && !json_is_string(mode))
            FAIL("mode is not a string or null: %.500s", line);
        codes(e, "actor", line);
        codes(e, "recipient", line);
        figures(e, "killed", line);
        figures(e, "wounded", line);
        figures(e, "quantity", line);
        if (!json_is_array(json_object_get(e, "casualties")))
            FAIL("casualties is not a list: %.500s", line);
        long long a, b, ta, tb;
        span_of(e, "span", size, &a, &b, line);
        span_of(e, "trigger", size, &ta, &tb, line);
        if (a == b || ta == tb || ta < a || tb > b)
            FAIL("the trigger [%lld, %lld] is not inside the span [%lld, %lld]: %.500s", ta, tb, a,
                 b, line);
        const char *sent = json_string_value(json_object_get(e, "sentence"));
        if (!sent)
            FAIL("no sentence: %.500s", line);
        size_t sl = strlen(sent), grow = valid ? 1 : 3; /* U+FFFD for a bad byte */
        if (sl > grow * SENT_MAX || sl > grow * (size_t)(b - a))
            FAIL("the sentence is longer (%zu) than its span or %d: %.500s", sl, SENT_MAX, line);
        if (valid) {
            if (is_cont(data[a]) || ((size_t)b < size && is_cont(data[b])) || is_cont(data[ta]) ||
                ((size_t)tb < size && is_cont(data[tb])))
                FAIL("a span cuts a character: %.500s", line);
            if (memcmp(sent, data + a, sl) != 0)
                FAIL("the sentence is not the input's bytes at its span: %.500s", line);
        }
        json_decref(e);
        *nl = '\n';
        line = nl + 1;
    }
}

static int same_out(const out *a, const out *b)
{
    return a->n == b->n && (!a->n || memcmp(a->p, b->p, a->n) == 0);
}

/* One extraction; its rc, output into o (reset), the message copied into msg. */
static int run(bloc_extractor *x, const uint8_t *data, size_t size, out *o, char *msg, size_t n)
{
    o->n = 0;
    if (o->p)
        o->p[0] = '\0';
    int rc = bloc_extract_buffer(x, NAME, (const char *)data, size, collect, o);
    snprintf(msg, n, "%s", rc ? bloc_errmsg(db) : "");
    if (rc != BLOC_OK && rc != BLOC_EPARSE)
        FAIL("bloc_extract_buffer returned %d (%s): %.300s", rc, bloc_strerror(rc), msg);
    if (rc && o->n)
        FAIL("%zu bytes written before refusing the document (%.300s)", o->n, msg);
    const char *lang = bloc_extractor_lang(x);
    if (!rc && lang && !one_of(lang, (const char *const[]){"ben", "ara", "rus", "eng"}, 4))
        FAIL("bloc_extractor_lang: \"%s\"", lang);
    return rc;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static out a, b;
    char msg[512], msg2[512];
    if (!db)
        setup();
    const uint8_t *nul = memchr(data, 0, size);
    size_t bad = nul ? (size_t)(nul - data) : first_bad_utf8(data, size);
    int valid = !nul && bad == size;

    /* strict: refused exactly when not text or not UTF-8, naming the place */
    int rc = run(strict, data, size, &a, msg, sizeof msg);
    if (rc == BLOC_EPARSE && valid)
        FAIL("valid text refused: %.300s", msg);
    if (rc == BLOC_OK && !valid)
        FAIL("accepted with %s at byte offset %zu", nul ? "a NUL byte" : "invalid UTF-8", bad);
    if (rc) {
        if (strncmp(msg, NAME ":", strlen(NAME ":")) != 0 || !names_offset(msg, bad) ||
            !strstr(msg, nul ? "NUL" : "UTF-8"))
            FAIL("the message does not name %s at byte offset %zu: %.300s",
                 nul ? "the NUL byte" : "the bad byte", bad, msg);
    } else {
        check_events(&a, data, size, 1, NULL);
        /* the same document again: the same bytes */
        int rc2 = run(strict, data, size, &b, msg2, sizeof msg2);
        if (rc2 != BLOC_OK || !same_out(&a, &b))
            FAIL("the same document twice gave different output (rc %d):\n%.600s\n---\n%.600s", rc2,
                 a.p ? a.p : "", b.p ? b.p : "");
    }

    /* lossy: refused only when not text; on UTF-8, as strict */
    if (lossy) {
        rc = run(lossy, data, size, &b, msg2, sizeof msg2);
        if ((rc == BLOC_EPARSE) != (nul != NULL))
            FAIL("lossy: rc %d for a document %s a NUL byte: %.300s", rc, nul ? "with" : "without",
                 msg2);
        if (rc && !names_offset(msg2, (size_t)(nul - data)))
            FAIL("lossy: the message does not name the NUL byte at %zu: %.300s",
                 (size_t)(nul - data), msg2);
        if (!rc)
            check_events(&b, data, size, valid, NULL);
        if (!rc && valid && !same_out(&a, &b))
            FAIL("lossy and strict differ on valid UTF-8:\n%.600s\n---\n%.600s", a.p ? a.p : "",
                 b.p ? b.p : "");
    }

    /* every paragraph read as Bengali, no article date */
    rc = run(forced, data, size, &b, msg2, sizeof msg2);
    if ((rc == BLOC_OK) != valid)
        FAIL("forced language: rc %d for %s input: %.300s", rc, valid ? "valid" : "invalid", msg2);
    if (!rc)
        check_events(&b, data, size, 1, "ben");
    return 0;
}
