/*
 * util/intern.h - string interning: each distinct string gets a small dense
 * number (a sym), so the model compares and indexes codes as integers and keeps
 * per-sym arrays instead of hash maps.
 */
#ifndef BLOC_UTIL_INTERN_H
#define BLOC_UTIL_INTERN_H

#include <stddef.h>
#include <stdint.h>

typedef uint32_t sym; /* 0 is "no string" */

typedef struct intern {
    char *arena; /* all strings, NUL-terminated */
    size_t alen, acap;
    uint32_t *off;     /* sym -> offset in arena; off[0] unused */
    size_t nsym, ocap; /* syms 1..nsym-1 are in use */
    uint32_t *slots;   /* open-addressing table of syms */
    size_t nslots;     /* power of two */
} intern;

void intern_init(intern *t);
void intern_free(intern *t);
/* The sym of s (added if new); 0 for NULL s. On out of memory returns 0 and
 * sets *rc (if non-NULL) to BLOC_ENOMEM. */
sym intern_add(intern *t, const char *s, int *rc);
/* The sym of s if present, else 0. */
sym intern_find(const intern *t, const char *s);
/* Does s point into t's own storage (which intern_add may move)? */
int intern_owns(const intern *t, const char *s);
/* The string of a sym, NULL for 0. Borrowed: the arena may move when a string
 * is added, so do not keep the pointer across intern_add. */
const char *intern_str(const intern *t, sym s);

#endif
