/*
 * extract/reader.c - a news file as paragraphs, in bounded memory: the file is
 * read in blocks; each line is a paragraph, and a line longer than X_MAXPARA
 * is cut at a space (or at a character boundary) into pieces. A first pass
 * checks the whole file is text (no NUL byte; valid UTF-8 unless lossy), so
 * a bad file is refused before anything is extracted from it.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "extract/extract.h"
#include "text/unicode.h"
#include "util/buf.h"

#define BLOCK (1024 * 1024)

static int io_error(const char *path, char *err, size_t errlen)
{
    fmt_into(err, errlen, "%s: %s", path, strerror(errno));
    return BLOC_EIO;
}

/* Bytes at the end of p[0..n) that begin a UTF-8 sequence not yet complete. */
static size_t incomplete_tail(const unsigned char *p, size_t n)
{
    for (size_t k = 1; k <= 3 && k <= n; k++) {
        unsigned char c = p[n - k];
        if ((c & 0xC0) != 0x80) { /* a lead byte (or ASCII) k bytes from the end */
            size_t need = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 1;
            return need > k ? k : 0;
        }
    }
    return 0;
}

int reader_check(const char *path, int lossy, char *err, size_t errlen)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return io_error(path, err, errlen);
    unsigned char *b = malloc(BLOCK + 4);
    if (!b) {
        fclose(f);
        return BLOC_ENOMEM;
    }
    size_t carry = 0, got;
    uint64_t base = 0; /* file offset of b[0] */
    int rc = BLOC_OK;
    while (!rc && (got = fread(b + carry, 1, BLOCK, f)) > 0) {
        size_t n = carry + got;
        const unsigned char *z = memchr(b + carry, 0, got);
        if (z) {
            fmt_into(err, errlen, "%s: not text: a NUL byte at byte offset %llu", path,
                     (unsigned long long)(base + (uint64_t)(z - b)));
            rc = BLOC_EPARSE;
            break;
        }
        size_t keep = feof(f) ? 0 : incomplete_tail(b, n), bad = 0;
        if (!lossy && !text_valid_utf8((const char *)b, n - keep, &bad)) {
            fmt_into(err, errlen,
                     "%s: invalid UTF-8 at byte offset %llu (--lossy replaces bad bytes)", path,
                     (unsigned long long)(base + bad));
            rc = BLOC_EPARSE;
            break;
        }
        memmove(b, b + n - keep, keep);
        base += n - keep;
        carry = keep;
    }
    if (!rc && ferror(f))
        rc = io_error(path, err, errlen);
    if (!rc && carry && !lossy) {
        fmt_into(err, errlen, "%s: invalid UTF-8 at byte offset %llu (a sequence cut short)", path,
                 (unsigned long long)base);
        rc = BLOC_EPARSE;
    }
    free(b);
    fclose(f);
    return rc;
}

/* Where to cut a full paragraph buffer: after the last space in its second
 * half, else at the last character boundary. */
static size_t cut_at(const char *p, size_t n)
{
    for (size_t i = n; i > n / 2; i--)
        if (p[i - 1] == ' ')
            return i;
    size_t i = n;
    while (i > 0 && ((unsigned char)p[i - 1] & 0xC0) == 0x80)
        i--;
    if (i > 0 && (unsigned char)p[i - 1] >= 0xC0) /* a lead byte whose sequence is cut */
        i--;
    return i ? i : n;
}

typedef struct para_acc {
    char *p;
    size_t n;
    uint64_t off; /* file offset of p[0] */
    para_fn fn;
    void *ud;
} para_acc;

static int feed(para_acc *a, const char *s, size_t n, uint64_t off)
{
    while (n) {
        const char *nl = memchr(s, '\n', n);
        size_t take = nl ? (size_t)(nl - s) : n;
        if (!a->n)
            a->off = off;
        while (a->n + take > X_MAXPARA) { /* a very long line: pass it on in pieces */
            size_t room = X_MAXPARA - a->n;
            memcpy(a->p + a->n, s, room);
            a->n += room;
            s += room;
            off += room;
            n -= room;
            take -= room;
            size_t c = cut_at(a->p, a->n);
            int rc = a->fn(a->ud, a->p, c, a->off);
            if (rc)
                return rc;
            memmove(a->p, a->p + c, a->n - c);
            a->n -= c;
            a->off += c;
        }
        memcpy(a->p + a->n, s, take);
        a->n += take;
        s += take;
        off += take;
        n -= take;
        if (nl) {
            int rc = a->n ? a->fn(a->ud, a->p, a->n, a->off) : 0;
            if (rc)
                return rc;
            a->n = 0;
            s++;
            off++;
            n--;
        }
    }
    return BLOC_OK;
}

int reader_paragraphs(const char *path, para_fn fn, void *ud, char *err, size_t errlen)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return io_error(path, err, errlen);
    char *b = malloc(BLOCK);
    para_acc a = {.p = malloc(X_MAXPARA), .fn = fn, .ud = ud};
    int rc = b && a.p ? BLOC_OK : BLOC_ENOMEM;
    size_t got;
    uint64_t off = 0;
    while (!rc && (got = fread(b, 1, BLOCK, f)) > 0) {
        rc = feed(&a, b, got, off);
        off += got;
    }
    if (!rc && ferror(f))
        rc = io_error(path, err, errlen);
    if (!rc && a.n)
        rc = fn(ud, a.p, a.n, a.off);
    free(b);
    free(a.p);
    fclose(f);
    return rc;
}

int reader_buffer(const char *p, size_t n, para_fn fn, void *ud)
{
    para_acc a = {.p = malloc(X_MAXPARA), .fn = fn, .ud = ud};
    if (!a.p)
        return BLOC_ENOMEM;
    int rc = feed(&a, p, n, 0);
    if (!rc && a.n)
        rc = fn(ud, a.p, a.n, a.off);
    free(a.p);
    return rc;
}
