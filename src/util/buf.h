/*
 * util/buf.h - a growable byte buffer with a hard cap (after curl's dynbuf),
 * and small allocation helpers used across the library.
 */
#ifndef BLOC_UTIL_BUF_H
#define BLOC_UTIL_BUF_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

typedef struct buf {
    char *p;    /* NUL-terminated when len > 0 */
    size_t len; /* bytes used, without the NUL */
    size_t cap; /* bytes allocated */
    size_t max; /* hard cap on len */
} buf;

/* Start an empty buffer that may hold at most max bytes. */
void buf_init(buf *b, size_t max);
/* Append; BLOC_ELIMIT past the cap (the buffer is left as it was), BLOC_ENOMEM. */
int buf_add(buf *b, const void *p, size_t n);
int buf_puts(buf *b, const char *s);
int buf_putc(buf *b, char c);
int buf_printf(buf *b, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;
/* Hand the bytes to the caller (new string, free()), leaving b empty. Never NULL
 * unless out of memory. */
char *buf_steal(buf *b);
void buf_reset(buf *b);
void buf_free(buf *b);

/* Ensure *arr (of elsize-byte elements, *cap of them) can hold need; BLOC_ENOMEM. */
int grow(void **arr, size_t *cap, size_t need, size_t elsize);

/* strdup that tolerates NULL (returns NULL). */
char *xstrdup(const char *s);

/* Bounded formatting into a fixed buffer, always NUL-terminated. */
void fmt_into(char *dst, size_t n, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;

/* Milliseconds since the epoch (UTC): when an entry is appended, a session's
 * times. */
int64_t clock_ms(void);

/* Read a whole file into a new NUL-terminated buffer, at most max bytes.
 * BLOC_EIO (errno-based message in err), BLOC_ELIMIT when larger. */
int read_file(const char *path, size_t max, char **out, size_t *len, char *err, size_t errlen);

#endif
