/*
 * text/unicode.c - the utf8proc binding: UTF-8 validation and the folding used
 * to match names across case, compatibility forms and invisible marks.
 */
#include "text/unicode.h"

#include "bloc/bloc.h"
#include "util/buf.h"

#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

int text_valid_utf8(const char *s, size_t n, size_t *bad)
{
    size_t i = 0;
    while (i < n) {
        if ((unsigned char)s[i] < 0x80) { /* ASCII: no decoding */
            i++;
            continue;
        }
        utf8proc_int32_t cp;
        utf8proc_ssize_t k =
            utf8proc_iterate((const utf8proc_uint8_t *)s + i, (utf8proc_ssize_t)(n - i), &cp);
        if (k < 0) {
            if (bad)
                *bad = i;
            return 0;
        }
        i += (size_t)k;
    }
    return 1;
}

char *text_sanitize(const char *s, size_t n)
{
    buf b;
    buf_init(&b, n * 3 + 1);
    size_t i = 0;
    int rc = BLOC_OK;
    while (!rc && i < n) {
        utf8proc_int32_t cp;
        utf8proc_ssize_t k =
            utf8proc_iterate((const utf8proc_uint8_t *)s + i, (utf8proc_ssize_t)(n - i), &cp);
        if (k < 0) {
            rc = buf_add(&b, "\xEF\xBF\xBD", 3);
            i++;
        } else {
            rc = buf_add(&b, s + i, (size_t)k);
            i += (size_t)k;
        }
    }
    char *out = rc ? NULL : buf_steal(&b);
    buf_free(&b);
    return out;
}

char *text_fold(const char *s)
{
    utf8proc_uint8_t *f = NULL;
    utf8proc_ssize_t n = utf8proc_map((const utf8proc_uint8_t *)s, 0, &f,
                                      UTF8PROC_NULLTERM | UTF8PROC_STABLE | UTF8PROC_COMPOSE |
                                          UTF8PROC_COMPAT | UTF8PROC_CASEFOLD | UTF8PROC_IGNORE);
    if (n < 0)
        return NULL;
    /* collapse white space and trim, in place */
    char *out = (char *)f, *w = out;
    int space = 1;
    for (const char *r = out; *r; r++) {
        if (*r == ' ' || *r == '\t' || *r == '\n' || *r == '\r') {
            if (!space)
                *w++ = ' ';
            space = 1;
        } else {
            *w++ = *r;
            space = 0;
        }
    }
    if (w > out && w[-1] == ' ')
        w--;
    *w = '\0';
    return out;
}

/* ---- matching text ---- */

#define NBMP 0x10000

struct text_table {
    uint32_t *off;       /* per BMP character: offset of its form in pool, + 1; 0 = not yet */
    unsigned char *len;  /* its form's length in bytes */
    unsigned char *info; /* class | script << 2 */
    char *pool;          /* the forms, back to back */
    size_t plen, pcap;
};

text_table *text_table_new(void)
{
    text_table *t = calloc(1, sizeof *t);
    if (!t)
        return NULL;
    t->off = calloc(NBMP, sizeof *t->off);
    t->len = calloc(NBMP, 1);
    t->info = calloc(NBMP, 1);
    if (!t->off || !t->len || !t->info) {
        text_table_free(t);
        return NULL;
    }
    return t;
}

void text_table_free(text_table *t)
{
    if (!t)
        return;
    free(t->off);
    free(t->len);
    free(t->info);
    free(t->pool);
    free(t);
}

static enum text_script script_of(int32_t c)
{
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= 0xC0 && c <= 0x24F) ||
        (c >= 0x1E00 && c <= 0x1EFF))
        return SCRIPT_LATIN;
    if (c >= 0x400 && c <= 0x52F)
        return SCRIPT_CYRILLIC;
    if ((c >= 0x600 && c <= 0x6FF) || (c >= 0x750 && c <= 0x77F) || (c >= 0x8A0 && c <= 0x8FF) ||
        (c >= 0xFB50 && c <= 0xFDFF) || (c >= 0xFE70 && c <= 0xFEFF))
        return SCRIPT_ARABIC;
    if (c >= 0x980 && c <= 0x9FF)
        return SCRIPT_BENGALI;
    return SCRIPT_OTHER;
}

static enum text_class class_of(int32_t c)
{
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v')
        return TEXT_SPACE;
    switch (utf8proc_category(c)) {
    case UTF8PROC_CATEGORY_LU:
    case UTF8PROC_CATEGORY_LL:
    case UTF8PROC_CATEGORY_LT:
    case UTF8PROC_CATEGORY_LM:
    case UTF8PROC_CATEGORY_LO:
    case UTF8PROC_CATEGORY_MN:
    case UTF8PROC_CATEGORY_MC:
    case UTF8PROC_CATEGORY_ME: return TEXT_WORD;
    case UTF8PROC_CATEGORY_ND: return TEXT_DIGIT;
    case UTF8PROC_CATEGORY_ZS:
    case UTF8PROC_CATEGORY_ZL:
    case UTF8PROC_CATEGORY_ZP:
    case UTF8PROC_CATEGORY_CC: return TEXT_SPACE;
    default: return TEXT_PUNCT;
    }
}

/* One character of a decomposition, as matching wants it: -1 to drop it. */
static int32_t fold_one(int32_t c)
{
    if ((c >= 0x300 && c <= 0x36F) ||   /* Latin and Cyrillic accents, breve of й */
        (c >= 0x64B && c <= 0x65F) ||   /* Arabic harakat, hamza above/below, madda */
        c == 0x670 || c == 0x640 ||     /* superscript alef, tatweel */
        (c >= 0x200B && c <= 0x200F) || /* zero-width, LRM/RLM */
        (c >= 0x202A && c <= 0x202E) || /* bidi embeddings */
        (c >= 0x2066 && c <= 0x2069) || /* bidi isolates */
        c == 0xFEFF || c == 0xAD)       /* BOM, soft hyphen */
        return -1;
    switch (c) {
    case 0x649: /* alef maqsura */
    case 0x6CC: /* Farsi yeh */ return 0x64A;
    case 0x629: return 0x647; /* teh marbuta */
    case 0x671: return 0x627; /* alef wasla */
    case 0x6A9: return 0x643; /* keheh */
    case 0x60C: return ',';   /* Arabic comma */
    case 0x2018:
    case 0x2019:
    case 0x201B:
    case 0x2032:
    case 0x2BC:
    case 0x60: return '\'';
    case 0x201C:
    case 0x201D:
    case 0x201E:
    case 0xAB:
    case 0xBB: return '"';
    case 0x2010:
    case 0x2011:
    case 0x2012:
    case 0x2013:
    case 0x2014:
    case 0x2015:
    case 0x2212: return '-';
    default: break;
    }
    static const int32_t zero[] = {0x660, 0x6F0, 0x966, 0x9E6};
    for (size_t i = 0; i < sizeof zero / sizeof *zero; i++)
        if (c >= zero[i] && c <= zero[i] + 9)
            return '0' + (c - zero[i]);
    return c;
}

/* The normalized form of c into out (at most 64 bytes); its length. */
static size_t form_of(int32_t c, char *out)
{
    utf8proc_int32_t d[16];
    int last = 0;
    size_t n = 0;
    if (c < 0x80) {
        out[0] = (char)(c >= 'A' && c <= 'Z' ? c + 32 : c);
        return 1;
    }
    int32_t pre = fold_one(c);
    if (pre < 0)
        return 0;
    utf8proc_ssize_t k = utf8proc_decompose_char(
        pre, d, 16, UTF8PROC_DECOMPOSE | UTF8PROC_COMPAT | UTF8PROC_CASEFOLD | UTF8PROC_IGNORE,
        &last);
    if (k < 0 || k > 16) /* cannot happen for a valid code point; keep it as it is */
        return (size_t)utf8proc_encode_char(c, (utf8proc_uint8_t *)out);
    for (utf8proc_ssize_t i = 0; i < k && n + 4 <= 64; i++) {
        int32_t f = fold_one(d[i]);
        if (f >= 0)
            n += (size_t)utf8proc_encode_char(f, (utf8proc_uint8_t *)out + n);
    }
    return n;
}

/* The form of c: cached for the BMP. Sets *form and returns its length, or
 * (size_t)-1 when out of memory. */
static size_t lookup(text_table *t, int32_t c, const char **form, char *scratch)
{
    if (c >= NBMP) {
        *form = scratch;
        return form_of(c, scratch);
    }
    if (!t->off[c]) {
        char f[64];
        size_t n = form_of(c, f);
        if (grow((void **)&t->pool, &t->pcap, t->plen + n, 1))
            return (size_t)-1;
        memcpy(t->pool + t->plen, f, n);
        t->off[c] = (uint32_t)t->plen + 1;
        t->len[c] = (unsigned char)n;
        t->plen += n;
    }
    *form = t->pool + t->off[c] - 1;
    return t->len[c];
}

static int norm_room(text_norm *o, size_t more)
{
    if (o->len + more + 1 <= o->cap)
        return BLOC_OK;
    size_t cap = o->cap ? o->cap : 256;
    while (cap < o->len + more + 1)
        cap *= 2;
    char *p = realloc(o->p, cap);
    if (!p)
        return BLOC_ENOMEM;
    o->p = p;
    uint32_t *at = realloc(o->at, cap * sizeof *at);
    if (!at)
        return BLOC_ENOMEM;
    o->at = at;
    o->cap = cap;
    return BLOC_OK;
}

int text_normalize(text_table *t, const char *s, size_t n, int lossy, text_norm *out, size_t *bad)
{
    const utf8proc_uint8_t *u = (const utf8proc_uint8_t *)s;
    char scratch[64];
    size_t i = 0;
    if (norm_room(out, n))
        return BLOC_ENOMEM;
    while (i < n) {
        int32_t c;
        size_t k;
        if (u[i] < 0x80) { /* ASCII: most of any text, and all of its markup */
            c = u[i];
            k = 1;
        } else {
            utf8proc_ssize_t r = utf8proc_iterate(u + i, (utf8proc_ssize_t)(n - i), &c);
            if (r < 0) {
                if (!lossy) {
                    if (bad)
                        *bad = i;
                    return BLOC_EPARSE;
                }
                c = 0xFFFD;
                r = 1;
            }
            k = (size_t)r;
        }
        const char *form = NULL;
        size_t m = c < 0x80 ? 1 : lookup(t, c, &form, scratch);
        if (m == (size_t)-1 || norm_room(out, m))
            return BLOC_ENOMEM;
        if (c < 0x80)
            out->p[out->len] = (char)(c >= 'A' && c <= 'Z' ? c + 32 : c);
        else
            memcpy(out->p + out->len, form, m);
        for (size_t j = 0; j < m; j++)
            out->at[out->len + j] = (uint32_t)i;
        out->len += m;
        i += k;
    }
    out->p[out->len] = '\0';
    out->at[out->len] = (uint32_t)n;
    return BLOC_OK;
}

void text_norm_reset(text_norm *out)
{
    out->len = 0;
    if (out->p)
        out->p[0] = '\0';
}

void text_norm_free(text_norm *out)
{
    free(out->p);
    free(out->at);
    memset(out, 0, sizeof *out);
}

enum text_class text_char(text_table *t, const char *p, size_t len, size_t *n,
                          enum text_script *script)
{
    const unsigned char *u = (const unsigned char *)p;
    int32_t c;
    if (u[0] < 0x80) {
        *n = 1;
        c = u[0];
        *script = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ? SCRIPT_LATIN : SCRIPT_NONE;
        return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'
                   ? TEXT_SPACE
               : *script              ? TEXT_WORD
               : c >= '0' && c <= '9' ? TEXT_DIGIT
               : c < 0x20             ? TEXT_SPACE
                                      : TEXT_PUNCT;
    }
    utf8proc_ssize_t r = utf8proc_iterate(u, (utf8proc_ssize_t)len, &c);
    if (r < 0) {
        *n = 1;
        *script = SCRIPT_NONE;
        return TEXT_PUNCT;
    }
    *n = (size_t)r;
    if (c < NBMP) {
        unsigned char info = t->info[c];
        if (!info) {
            enum text_class k = class_of(c);
            info = (unsigned char)(0x80 | k | (k == TEXT_WORD ? script_of(c) : SCRIPT_NONE) << 2);
            t->info[c] = info;
        }
        *script = (enum text_script)((info >> 2) & 0x1F);
        return (enum text_class)(info & 3);
    }
    enum text_class k = class_of(c);
    *script = k == TEXT_WORD ? script_of(c) : SCRIPT_NONE;
    return k;
}
