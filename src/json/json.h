/*
 * json/json.h - JSON in and out, behind a small interface. json.c is the only
 * file that includes jansson; swapping the JSON library touches nothing else.
 *
 * Values are opaque (jv). Ownership follows jansson's vocabulary: constructors
 * return a new reference, getters return a borrowed one, jv_set/jv_push steal
 * the value they are given (even on failure).
 */
#ifndef BLOC_JSON_JSON_H
#define BLOC_JSON_JSON_H

#include <stddef.h>

#include "util/buf.h"

typedef struct jv jv;

enum jv_type { JV_OBJECT, JV_ARRAY, JV_STRING, JV_INTEGER, JV_REAL, JV_TRUE, JV_FALSE, JV_NULL };

#define JV_MAX_DEPTH 64

/* Parse text (len bytes, need not be NUL-terminated) as one JSON document.
 * NULL on error, with the reason in err and the 1-based line and column of the
 * error in *line, *col (columns count characters). Nesting deeper than JV_MAX_DEPTH is an
 * error. Returns a new reference. */
jv *jv_parse(const char *text, size_t len, char *err, size_t errlen, int *line, int *col);

enum jv_type jv_typeof(const jv *v); /* JV_NULL for NULL (an absent value) */
const char *jv_type_name(enum jv_type t);
jv *jv_get(const jv *obj, const char *key); /* borrowed; NULL if absent or not an object */
size_t jv_len(const jv *v);                 /* array or object size, else 0 */
jv *jv_at(const jv *arr, size_t i);         /* borrowed */
const char *jv_str(const jv *v);            /* borrowed; NULL if not a string */
double jv_number(const jv *v);              /* an integer or a real as a double, else 0 */
long long jv_int(const jv *v);              /* 0 if not an integer */

/* Object iteration in document order: for (it = jv_iter(o); it; it = jv_next(o, it)). */
void *jv_iter(const jv *obj);
void *jv_next(const jv *obj, void *it);
const char *jv_iter_key(void *it);
jv *jv_iter_value(void *it); /* borrowed */

/* Constructors (new references; NULL when out of memory). */
jv *jv_object(void);
jv *jv_array(void);
jv *jv_string(const char *s); /* NULL s gives JSON null */
jv *jv_integer(long long i);
jv *jv_bool(int b);
jv *jv_real(double d);
jv *jv_copy(const jv *v); /* a deep copy: a new reference */
jv *jv_ref(jv *v);        /* another reference to the same value */
jv *jv_null(void);
/* Steal v into obj[key] / the end of arr; -1 on failure (v is released). */
int jv_set(jv *obj, const char *key, jv *v);
int jv_push(jv *arr, jv *v);

/* Serialise (compact, keys in insertion order) into a new string (free());
 * pretty adds indentation. NULL when out of memory. */
char *jv_dump(const jv *v, int pretty);

void jv_free(jv *v); /* release a reference; NULL is a no-op */

/* Append s[0..n) to b as a JSON string (quoted, escaped); invalid UTF-8 bytes
 * are written as U+FFFD. BLOC_OK, BLOC_ELIMIT, BLOC_ENOMEM. */
int json_put_string(buf *b, const char *s, size_t n);

/* One step of a path into a document: an object key, or an array index. */
typedef struct jv_step {
    const char *key; /* NULL for an index */
    size_t index;
} jv_step;

/* Find the 1-based line and (character) column where the value at path[0..n-1] starts
 * in text (the same text jv_parse accepted). jansson does not keep positions, so
 * this re-scans the text; if a step cannot be followed the position of the
 * deepest value reached is given. */
void jv_locate(const char *text, size_t len, const jv_step *path, size_t n, int *line, int *col);

#endif
