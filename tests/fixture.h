/*
 * tests/fixture.h - what the tests of the record's answers share, on top of
 * check.h: a temporary database without the bundled record with fixture
 * records loaded into it, an answer in JSON fetched and parsed with jansson,
 * and checks of an answer's fields, lists, text and refusals, table-driven.
 *
 * A failed check of a helper here names the caller's line as "(line N)".
 */
#ifndef BLOC_TESTS_FIXTURE_H
#define BLOC_TESTS_FIXTURE_H

#include <jansson.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "bloc/bloc.h"
#include "check.h"

/* ---- the database ---- */

/* The start of a fixture record, up to its "actors": two reports, s1 and s2,
 * for its facts to cite. */
#define FIXTURE_SOURCES                                                                            \
    "{\n"                                                                                          \
    " \"sources\": [\n"                                                                            \
    "  {\"id\": \"s1\", \"kind\": \"report\", \"publisher\": \"P\", \"title\": \"One\"},\n"        \
    "  {\"id\": \"s2\", \"kind\": \"report\", \"publisher\": \"P\", \"title\": \"Two\"}\n"         \
    " ],\n"

/* A fresh database without the bundled record at a new temporary path (tag in
 * its name) into *db; 0, with a failed check, if there is none. */
static inline int fixture_open(bloc_db **db, char *path, size_t n, const char *tag)
{
    *db = NULL;
    if (!check_temp_path(path, n, tag))
        return 0;
    int rc = bloc_open(path, BLOC_OPEN_NO_BUNDLE, db);
    CHECK(rc == BLOC_OK, "bloc_open: rc %d: %s", rc, bloc_errmsg(*db));
    return rc == BLOC_OK;
}

/* Load the record text as file `name`; what says what it is, for the failed
 * check. Stats into st unless NULL. 0 if it was refused. */
static inline int fixture_load(bloc_db *db, const char *name, const char *text, const char *what,
                               bloc_load_stats *st)
{
    int rc = bloc_load_buffer(db, name, text, strlen(text), st);
    CHECK(rc == BLOC_OK, "loading %s: rc %d: %s", what, rc, bloc_errmsg(db));
    return rc == BLOC_OK;
}

/* Close db and remove its files (path may be empty: none was made). */
static inline void fixture_close(bloc_db *db, const char *path)
{
    bloc_close(db);
    if (path[0])
        check_remove_db(path);
}

/* ---- answers ---- */

/* A char array as a pointer (CHECK_STR tests its argument for NULL). */
static inline const char *S(const char *s)
{
    return s;
}

/* The string o[key], or NULL. */
static inline const char *str(const json_t *o, const char *key)
{
    return json_string_value(json_object_get(o, key));
}

/* The answer `out` of a call that gave rc, parsed (and freed); NULL, with a
 * failed check, if there is none or it is not JSON. The rest names the call. */
__attribute__((format(printf, 4, 5))) static inline json_t *
fixture_json(bloc_db *db, int rc, char *out, const char *fmt, ...)
{
    char what[256];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(what, sizeof what, fmt, ap);
    va_end(ap);
    CHECK(rc == BLOC_OK && out, "%s: rc %d: %s", what, rc, bloc_errmsg(db));
    json_error_t e;
    json_t *j = out ? json_loads(out, 0, &e) : NULL;
    CHECK(!out || j, "%s: not JSON: %s", what, e.text);
    bloc_free(out);
    return j;
}

/* The first object of arr whose key is the string value, or NULL. */
static inline const json_t *fixture_find(const json_t *arr, const char *key, const char *value)
{
    size_t i;
    json_t *o;
    json_array_foreach(arr, i, o)
    {
        if (str(o, key) && strcmp(str(o, key), value) == 0)
            return o;
    }
    return NULL;
}

/* Append item to a space-separated list. */
static inline void list_add(char *list, size_t n, const char *item)
{
    size_t len = strlen(list);
    snprintf(list + len, n - len, "%s%s", len ? " " : "", item);
}

/* A JSON array of strings or integers (or of objects' `key`, unless NULL) as
 * one space-separated string; "?" for anything else. */
static inline void joined(const json_t *arr, const char *key, char *list, size_t n)
{
    size_t i;
    json_t *s;
    list[0] = '\0';
    json_array_foreach(arr, i, s)
    {
        const json_t *v = key ? json_object_get(s, key) : s;
        char num[32];
        if (json_is_integer(v))
            snprintf(num, sizeof num, "%lld", (long long)json_integer_value(v));
        list_add(list, n,
                 json_is_integer(v)     ? num
                 : json_string_value(v) ? json_string_value(v)
                                        : "?");
    }
}

/* ---- table-driven checks ---- */

/* A field of an answer and what it must be. */
typedef struct field {
    const char *key, *want;
} field;

/* Each string field of f (to its {NULL}; f may be NULL: none) is in o, the
 * string want. */
static inline void check_strs(int line, const json_t *o, const field *f)
{
    for (; f && f->key; f++) {
        const char *got = str(o, f->key);
        CHECK(got && strcmp(got, f->want) == 0, "(line %d) %s: got \"%s\", want \"%s\"", line,
              f->key, got ? got : "(null)", f->want);
    }
}

/* Each array field of f (to its {NULL}; f may be NULL: none), joined
 * (joined(o[key], NULL)), is want. */
static inline void check_lists(int line, const json_t *o, const field *f)
{
    char list[1024];
    for (; f && f->key; f++) {
        joined(json_object_get(o, f->key), NULL, list, sizeof list);
        CHECK(strcmp(list, f->want) == 0, "(line %d) %s: got \"%s\", want \"%s\"", line, f->key,
              list, f->want);
    }
}

/* A field and the JSON type (JSON_NULL, JSON_TRUE, ...) it must have. */
typedef struct typed {
    const char *key;
    json_type want;
} typed;

static inline const char *type_name(json_type t)
{
    switch (t) {
    case JSON_OBJECT: return "an object";
    case JSON_ARRAY: return "an array";
    case JSON_STRING: return "a string";
    case JSON_INTEGER: return "an integer";
    case JSON_REAL: return "a real";
    case JSON_TRUE: return "true";
    case JSON_FALSE: return "false";
    case JSON_NULL: return "null";
    }
    return "?";
}

/* Each field of f (to its {NULL}) is in o, of the type want. */
static inline void check_types(int line, const json_t *o, const typed *f)
{
    for (; f->key; f++) {
        const json_t *v = json_object_get(o, f->key);
        CHECK(v && json_typeof(v) == f->want, "(line %d) %s: %s, want %s", line, f->key,
              v ? type_name(json_typeof(v)) : "missing", type_name(f->want));
    }
}

#define CHECK_TYPES(o, ...)                                                                        \
    check_types(__LINE__, (o), (const typed[]){__VA_ARGS__, {NULL, JSON_NULL}})
#define FIELDS(...)         ((const field[]){__VA_ARGS__, {NULL, NULL}})
#define CHECK_STRS(o, ...)  check_strs(__LINE__, (o), FIELDS(__VA_ARGS__))
#define CHECK_LISTS(o, ...) check_lists(__LINE__, (o), FIELDS(__VA_ARGS__))

/* A text answer: the call gave rc and out (freed here), and out holds each
 * of the strings of want (to its NULL). */
static inline void check_text(int line, bloc_db *db, int rc, char *out, const char *const *want)
{
    CHECK(rc == BLOC_OK && out, "(line %d) text: rc %d: %s", line, rc, bloc_errmsg(db));
    for (; out && *want; want++)
        CHECK(strstr(out, *want) != NULL, "(line %d) text: no \"%s\" in:\n%s", line, *want, out);
    bloc_free(out);
}

#define CHECK_TEXT(db, rc, out, ...)                                                               \
    check_text(__LINE__, (db), (rc), (out), (const char *const[]){__VA_ARGS__, NULL})

/* The message of db's last error (of what) names each of the strings of
 * names (to its NULL). */
static inline void check_names(int line, bloc_db *db, const char *what, const char *const *names)
{
    for (; names && *names; names++)
        CHECK(strstr(bloc_errmsg(db), *names) != NULL, "(line %d) %s: \"%s\" does not name %s",
              line, what, bloc_errmsg(db), *names);
}

/* A refusal: what (a call) gave rc, want_rc wanted, and no answer (out, freed
 * here); the message names each of the strings of names (to its NULL). */
static inline void check_refused(int line, bloc_db *db, const char *what, int rc, char *out,
                                 int want_rc, const char *const *names)
{
    CHECK(rc == want_rc, "(line %d) %s: rc %d, want %d", line, what, rc, want_rc);
    check_names(line, db, what, names);
    CHECK(out == NULL, "(line %d) %s: an answer", line, what);
    bloc_free(out);
}

#endif
