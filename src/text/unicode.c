/*
 * text/unicode.c - the utf8proc binding: UTF-8 validation and the folding used
 * to match names across case, compatibility forms and invisible marks.
 */
#include "text/unicode.h"

#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

int text_valid_utf8(const char *s, size_t n, size_t *bad)
{
    size_t i = 0;
    while (i < n) {
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
