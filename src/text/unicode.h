/*
 * text/unicode.h - Unicode services (utf8proc; text/unicode.c is the only file
 * that includes it).
 */
#ifndef BLOC_TEXT_UNICODE_H
#define BLOC_TEXT_UNICODE_H

#include <stddef.h>

/* Non-zero when s[0..n-1] is valid UTF-8; else *bad gets the offset of the first
 * invalid byte. */
int text_valid_utf8(const char *s, size_t n, size_t *bad);

/* The key under which a name is indexed and looked up: NFKC, case-folded,
 * default-ignorable marks (zero-width joiners, bidi marks) removed, runs of
 * white space as one space, trimmed. "  BELARUS" and "belarus" share a key.
 * Returns a new string (free()), or NULL for invalid UTF-8 or out of memory. */
char *text_fold(const char *s);

#endif
