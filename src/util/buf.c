/*
 * util/buf.c - capped growable buffers and allocation helpers.
 */
#include "util/buf.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "bloc/bloc.h"

void buf_init(buf *b, size_t max)
{
    b->p = NULL;
    b->len = 0;
    b->cap = 0;
    b->max = max;
}

int buf_add(buf *b, const void *p, size_t n)
{
    if (n > b->max - b->len)
        return BLOC_ELIMIT;
    if (b->len + n + 1 > b->cap) {
        size_t cap = b->cap ? b->cap : 64;
        while (cap < b->len + n + 1)
            cap *= 2;
        char *q = realloc(b->p, cap);
        if (!q)
            return BLOC_ENOMEM;
        b->p = q;
        b->cap = cap;
    }
    if (n)
        memcpy(b->p + b->len, p, n);
    b->len += n;
    b->p[b->len] = '\0';
    return BLOC_OK;
}

int buf_puts(buf *b, const char *s)
{
    return buf_add(b, s, strlen(s));
}

int buf_putc(buf *b, char c)
{
    return buf_add(b, &c, 1);
}

int buf_printf(buf *b, const char *fmt, ...)
{
    char small[256];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(small, sizeof small, fmt, ap);
    va_end(ap);
    if (n < 0)
        return BLOC_EINVAL;
    if ((size_t)n < sizeof small)
        return buf_add(b, small, (size_t)n);
    char *big = malloc((size_t)n + 1);
    if (!big)
        return BLOC_ENOMEM;
    va_start(ap, fmt);
    vsnprintf(big, (size_t)n + 1, fmt, ap);
    va_end(ap);
    int rc = buf_add(b, big, (size_t)n);
    free(big);
    return rc;
}

char *buf_steal(buf *b)
{
    char *p = b->p;
    if (!p)
        p = calloc(1, 1);
    b->p = NULL;
    b->len = b->cap = 0;
    return p;
}

void buf_reset(buf *b)
{
    b->len = 0;
    if (b->p)
        b->p[0] = '\0';
}

void buf_free(buf *b)
{
    free(b->p);
    b->p = NULL;
    b->len = b->cap = 0;
}

int grow(void **arr, size_t *cap, size_t need, size_t elsize)
{
    if (need <= *cap)
        return BLOC_OK;
    size_t n = *cap ? *cap : 8;
    while (n < need) {
        if (n > ((size_t)-1) / 2 / elsize)
            return BLOC_ENOMEM;
        n *= 2;
    }
    void *p = realloc(*arr, n * elsize);
    if (!p)
        return BLOC_ENOMEM;
    *arr = p;
    *cap = n;
    return BLOC_OK;
}

char *xstrdup(const char *s)
{
    if (!s)
        return NULL;
    size_t n = strlen(s) + 1;
    char *p = malloc(n);
    if (p)
        memcpy(p, s, n);
    return p;
}

void fmt_into(char *dst, size_t n, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(dst, n, fmt, ap);
    va_end(ap);
}

int read_file(const char *path, size_t max, char **out, size_t *len, char *err, size_t errlen)
{
    int rc = BLOC_OK;
    buf b;
    buf_init(&b, max);
    FILE *f = fopen(path, "rb");
    if (!f) {
        fmt_into(err, errlen, "%s: %s", path, strerror(errno));
        return BLOC_EIO;
    }
    char chunk[65536];
    size_t n;
    while ((n = fread(chunk, 1, sizeof chunk, f)) > 0) {
        rc = buf_add(&b, chunk, n);
        if (rc == BLOC_ELIMIT) {
            fmt_into(err, errlen, "%s: larger than %zu bytes", path, max);
            goto out;
        }
        if (rc)
            goto out;
    }
    if (ferror(f)) {
        fmt_into(err, errlen, "%s: read error: %s", path, strerror(errno));
        rc = BLOC_EIO;
        goto out;
    }
    *len = b.len;
    *out = buf_steal(&b);
    if (!*out)
        rc = BLOC_ENOMEM;
out:
    fclose(f);
    buf_free(&b);
    return rc;
}

int64_t clock_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}
