/*
 * json/json.c - the jansson binding (the only file that includes jansson.h), and
 * a locator that maps a path in a parsed document back to its line and column,
 * since jansson reports positions only for syntax errors.
 */
#include "json/json.h"

#include "text/unicode.h"

#include <jansson.h>
#include <string.h>

#include "util/buf.h"

#define J(v) ((json_t *)(v))
#define V(j) ((jv *)(j))

static int depth_ok(json_t *j, int depth)
{
    if (depth > JV_MAX_DEPTH)
        return 0;
    if (json_is_array(j)) {
        size_t i;
        json_t *x;
        json_array_foreach(j, i, x) if (!depth_ok(x, depth + 1)) return 0;
    } else if (json_is_object(j)) {
        const char *k;
        json_t *x;
        json_object_foreach(j, k, x) if (!depth_ok(x, depth + 1)) return 0;
    }
    return 1;
}

jv *jv_parse(const char *text, size_t len, char *err, size_t errlen, int *line, int *col)
{
    json_error_t e;
    const char *nul = memchr(text, '\0', len);
    if (nul) { /* not JSON text; and the locator relies on there being none */
        *line = 1;
        *col = 1;
        for (const char *q = text; q < nul; q++)
            if (*q == '\n')
                *line += 1, *col = 1;
            else if (((unsigned char)*q & 0xc0) != 0x80)
                *col += 1;
        fmt_into(err, errlen, "a NUL byte (offset %zu) in JSON text", (size_t)(nul - text));
        return NULL;
    }
    json_t *j = json_loadb(text, len, JSON_REJECT_DUPLICATES, &e);
    if (!j) {
        fmt_into(err, errlen, "%s", e.text);
        *line = e.line > 0 ? e.line : 1;
        *col = e.column > 0 ? e.column : 1;
        return NULL;
    }
    if (!depth_ok(j, 1)) {
        json_decref(j);
        fmt_into(err, errlen, "nested deeper than %d levels", JV_MAX_DEPTH);
        *line = 1;
        *col = 1;
        return NULL;
    }
    return V(j);
}

enum jv_type jv_typeof(const jv *v)
{
    if (!v) /* an absent value (jv_get of a missing key) reads as null */
        return JV_NULL;
    switch (json_typeof(J(v))) {
    case JSON_OBJECT: return JV_OBJECT;
    case JSON_ARRAY: return JV_ARRAY;
    case JSON_STRING: return JV_STRING;
    case JSON_INTEGER: return JV_INTEGER;
    case JSON_REAL: return JV_REAL;
    case JSON_TRUE: return JV_TRUE;
    case JSON_FALSE: return JV_FALSE;
    default: return JV_NULL;
    }
}

const char *jv_type_name(enum jv_type t)
{
    static const char *const n[] = {"an object", "an array", "a string", "an integer",
                                    "a number",  "true",     "false",    "null"};
    return n[t];
}

jv *jv_get(const jv *obj, const char *key)
{
    return V(json_object_get(J(obj), key));
}

size_t jv_len(const jv *v)
{
    if (json_is_array(J(v)))
        return json_array_size(J(v));
    if (json_is_object(J(v)))
        return json_object_size(J(v));
    return 0;
}

jv *jv_at(const jv *arr, size_t i)
{
    return V(json_array_get(J(arr), i));
}

const char *jv_str(const jv *v)
{
    return json_string_value(J(v));
}

double jv_number(const jv *v)
{
    return v ? json_number_value(J(v)) : 0;
}

long long jv_int(const jv *v)
{
    return json_integer_value(J(v));
}

void *jv_iter(const jv *obj)
{
    return json_object_iter(J(obj));
}

void *jv_next(const jv *obj, void *it)
{
    return json_object_iter_next(J(obj), it);
}

const char *jv_iter_key(void *it)
{
    return json_object_iter_key(it);
}

jv *jv_iter_value(void *it)
{
    return V(json_object_iter_value(it));
}

jv *jv_object(void)
{
    return V(json_object());
}

jv *jv_array(void)
{
    return V(json_array());
}

jv *jv_string(const char *s)
{
    return V(s ? json_string(s) : json_null());
}

jv *jv_integer(long long i)
{
    return V(json_integer(i));
}

jv *jv_real(double d)
{
    return V(json_real(d));
}

jv *jv_ref(jv *v)
{
    return V(json_incref(J(v)));
}

jv *jv_copy(const jv *v)
{
    return V(json_deep_copy(J(v)));
}

jv *jv_bool(int b)
{
    return V(json_boolean(b));
}

jv *jv_null(void)
{
    return V(json_null());
}

int jv_set(jv *obj, const char *key, jv *v)
{
    if (!v)
        return -1;
    return json_object_set_new(J(obj), key, J(v));
}

int jv_push(jv *arr, jv *v)
{
    if (!v)
        return -1;
    return json_array_append_new(J(arr), J(v));
}

char *jv_dump(const jv *v, int pretty)
{
    size_t flags = JSON_PRESERVE_ORDER | JSON_ENCODE_ANY;
    flags |= pretty ? JSON_INDENT(2) : JSON_COMPACT;
    return json_dumps(J(v), flags);
}

void jv_free(jv *v)
{
    json_decref(J(v));
}

/* ---- the locator ---- */

typedef struct scan {
    const char *p, *end;
} scan;

static void ws(scan *s)
{
    while (s->p < s->end && (*s->p == ' ' || *s->p == '\t' || *s->p == '\n' || *s->p == '\r'))
        s->p++;
}

/* Skip a string at s->p (on its opening quote); sets *b, *n to its raw body. */
static void skip_string(scan *s, const char **b, size_t *n)
{
    s->p++;
    *b = s->p;
    while (s->p < s->end && *s->p != '"') {
        if (*s->p == '\\' && s->p + 1 < s->end)
            s->p++;
        s->p++;
    }
    *n = (size_t)(s->p - *b);
    if (s->p < s->end)
        s->p++;
}

/* Skip one value of any kind; depth-capped (the text already parsed). */
static void skip_value(scan *s, int depth)
{
    const char *b;
    size_t n;
    ws(s);
    if (s->p >= s->end || depth > JV_MAX_DEPTH + 1)
        return;
    if (*s->p == '"') {
        skip_string(s, &b, &n);
    } else if (*s->p == '{' || *s->p == '[') {
        char close = *s->p == '{' ? '}' : ']';
        s->p++;
        for (;;) {
            ws(s);
            if (s->p >= s->end)
                return;
            if (*s->p == close) {
                s->p++;
                return;
            }
            if (*s->p == ',' || *s->p == ':') {
                s->p++;
                continue;
            }
            skip_value(s, depth + 1);
        }
    } else {
        const char *start = s->p;
        while (s->p < s->end && *s->p && !strchr(",]} \t\r\n:", *s->p))
            s->p++;
        if (s->p == start && s->p < s->end)
            s->p++; /* always move on */
    }
}

static int hex4(const char *p, const char *end, unsigned *v)
{
    *v = 0;
    if (end - p < 4)
        return 0;
    for (int i = 0; i < 4; i++) {
        char c = p[i];
        unsigned d = c >= '0' && c <= '9'   ? (unsigned)(c - '0')
                     : c >= 'a' && c <= 'f' ? (unsigned)(c - 'a' + 10)
                     : c >= 'A' && c <= 'F' ? (unsigned)(c - 'A' + 10)
                                            : 16u;
        if (d == 16)
            return 0;
        *v = *v * 16 + d;
    }
    return 1;
}

/* Does the raw (still escaped) key body b[0..n) decode to key? Decodes the
 * JSON escapes, \uXXXX with surrogate pairs, to UTF-8 as it compares. */
static int key_equals(const char *b, size_t n, const char *key)
{
    const char *p = b, *end = b + n, *k = key;
    while (p < end) {
        unsigned char out[4];
        size_t len = 1;
        if (*p != '\\') {
            out[0] = (unsigned char)*p++;
        } else if (p + 1 < end && p[1] != 'u') {
            const char *from = "\"\\/bfnrt", *to = "\"\\/\b\f\n\r\t";
            const char *hit = strchr(from, p[1]);
            if (!hit || !p[1])
                return 0;
            out[0] = (unsigned char)to[hit - from];
            p += 2;
        } else {
            unsigned cp, lo;
            if (!hex4(p + 2, end, &cp))
                return 0;
            p += 6;
            if (cp >= 0xd800 && cp < 0xdc00 && end - p >= 6 && p[0] == '\\' && p[1] == 'u' &&
                hex4(p + 2, end, &lo) && lo >= 0xdc00 && lo < 0xe000) {
                cp = 0x10000 + ((cp - 0xd800) << 10) + (lo - 0xdc00);
                p += 6;
            }
            if (cp < 0x80) {
                out[0] = (unsigned char)cp;
            } else if (cp < 0x800) {
                out[0] = (unsigned char)(0xc0 | cp >> 6);
                out[1] = (unsigned char)(0x80 | (cp & 0x3f));
                len = 2;
            } else if (cp < 0x10000) {
                out[0] = (unsigned char)(0xe0 | cp >> 12);
                out[1] = (unsigned char)(0x80 | (cp >> 6 & 0x3f));
                out[2] = (unsigned char)(0x80 | (cp & 0x3f));
                len = 3;
            } else {
                out[0] = (unsigned char)(0xf0 | cp >> 18);
                out[1] = (unsigned char)(0x80 | (cp >> 12 & 0x3f));
                out[2] = (unsigned char)(0x80 | (cp >> 6 & 0x3f));
                out[3] = (unsigned char)(0x80 | (cp & 0x3f));
                len = 4;
            }
        }
        for (size_t i = 0; i < len; i++, k++)
            if (*k == '\0' || (unsigned char)*k != out[i])
                return 0;
    }
    return *k == '\0';
}

/* With s->p on a container, move to the start of the child named by st;
 * 0 if there is none. */
static int enter(scan *s, const jv_step *st)
{
    ws(s);
    if (s->p >= s->end)
        return 0;
    if (st->key && *s->p == '{') {
        s->p++;
        for (;;) {
            const char *b;
            size_t n;
            ws(s);
            if (s->p >= s->end || *s->p != '"')
                return 0;
            skip_string(s, &b, &n);
            ws(s);
            if (s->p < s->end && *s->p == ':')
                s->p++;
            ws(s);
            if (key_equals(b, n, st->key))
                return 1;
            skip_value(s, 1);
            ws(s);
            if (s->p < s->end && *s->p == ',')
                s->p++;
            else
                return 0;
        }
    }
    if (!st->key && *s->p == '[') {
        s->p++;
        for (size_t i = 0;; i++) {
            ws(s);
            if (s->p >= s->end || *s->p == ']')
                return 0;
            if (i == st->index)
                return 1;
            skip_value(s, 1);
            ws(s);
            if (s->p < s->end && *s->p == ',')
                s->p++;
            else
                return 0;
        }
    }
    return 0;
}

void jv_locate(const char *text, size_t len, const jv_step *path, size_t n, int *line, int *col)
{
    scan s = {text, text + len};
    const char *at;
    ws(&s);
    at = s.p;
    for (size_t i = 0; i < n; i++) {
        scan t = s;
        if (!enter(&t, &path[i]))
            break;
        s = t;
        at = s.p;
    }
    *line = 1;
    *col = 1;
    for (const char *q = text; q < at; q++) {
        if (*q == '\n') {
            (*line)++;
            *col = 1;
        } else if (((unsigned char)*q & 0xc0) != 0x80) {
            (*col)++; /* count characters, as jansson does, not UTF-8 bytes */
        }
    }
}

int json_put_string(buf *b, const char *s, size_t n)
{
    static const char hex[] = "0123456789abcdef";
    const unsigned char *u = (const unsigned char *)s;
    int rc = buf_putc(b, '"');
    size_t i = 0;
    while (!rc && i < n) {
        size_t run = i; /* plain bytes go in one piece */
        while (run < n && u[run] >= 0x20 && u[run] < 0x80 && u[run] != '"' && u[run] != '\\')
            run++;
        if (run > i) {
            rc = buf_add(b, s + i, run - i);
            i = run;
            continue;
        }
        unsigned char c = u[i];
        if (c == '"' || c == '\\') {
            char e[2] = {'\\', (char)c};
            rc = buf_add(b, e, 2);
            i++;
        } else if (c < 0x20) {
            char e[6] = {'\\', 'u', '0', '0', hex[c >> 4], hex[c & 15]};
            rc = c == '\n' ? buf_add(b, "\\n", 2) : buf_add(b, e, 6);
            i++;
        } else {
            size_t k = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 0, ok = 1;
            size_t bad = 0;
            ok = k && i + k <= n && text_valid_utf8(s + i, k, &bad);
            rc = ok ? buf_add(b, s + i, k) : buf_add(b, "\xEF\xBF\xBD", 3);
            i += ok ? k : 1;
        }
    }
    return rc || buf_putc(b, '"');
}
