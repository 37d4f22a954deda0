/*
 * util/intern.c - string interning with FNV-1a and linear probing.
 */
#include "util/intern.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "bloc/bloc.h"
#include "util/buf.h"

static uint32_t hash(const char *s)
{
    uint32_t h = 2166136261u;
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 16777619u;
    return h;
}

void intern_init(intern *t)
{
    memset(t, 0, sizeof *t);
}

void intern_free(intern *t)
{
    free(t->arena);
    free(t->off);
    free(t->slots);
    memset(t, 0, sizeof *t);
}

static int rehash(intern *t, size_t n)
{
    uint32_t *slots = calloc(n, sizeof *slots);
    if (!slots)
        return BLOC_ENOMEM;
    for (size_t i = 1; i < t->nsym; i++) {
        size_t j = hash(t->arena + t->off[i]) & (n - 1);
        while (slots[j])
            j = (j + 1) & (n - 1);
        slots[j] = (uint32_t)i;
    }
    free(t->slots);
    t->slots = slots;
    t->nslots = n;
    return BLOC_OK;
}

sym intern_find(const intern *t, const char *s)
{
    if (!s || !t->nslots)
        return 0;
    size_t j = hash(s) & (t->nslots - 1);
    while (t->slots[j]) {
        if (strcmp(t->arena + t->off[t->slots[j]], s) == 0)
            return t->slots[j];
        j = (j + 1) & (t->nslots - 1);
    }
    return 0;
}

sym intern_add(intern *t, const char *s, int *rc)
{
    if (!s)
        return 0;
    sym found = intern_find(t, s);
    if (found)
        return found;
    if (!t->nsym)
        t->nsym = 1;
    size_t n = strlen(s) + 1;
    if ((t->nsym + 1) * 2 > t->nslots && rehash(t, t->nslots ? t->nslots * 2 : 1024))
        goto oom;
    if (t->alen + n > UINT32_MAX)
        goto oom;
    if (grow((void **)&t->arena, &t->acap, t->alen + n, 1) ||
        grow((void **)&t->off, &t->ocap, t->nsym + 1, sizeof *t->off))
        goto oom;
    memcpy(t->arena + t->alen, s, n);
    t->off[t->nsym] = (uint32_t)t->alen;
    t->alen += n;
    size_t j = hash(s) & (t->nslots - 1);
    while (t->slots[j])
        j = (j + 1) & (t->nslots - 1);
    t->slots[j] = (uint32_t)t->nsym;
    return (sym)t->nsym++;
oom:
    if (rc)
        *rc = BLOC_ENOMEM;
    return 0;
}

int intern_owns(const intern *t, const char *s)
{
    uintptr_t p = (uintptr_t)s, a = (uintptr_t)t->arena;
    return s && t->arena && p >= a && p < a + t->acap;
}

const char *intern_str(const intern *t, sym s)
{
    if (!s || s >= t->nsym)
        return NULL;
    return t->arena + t->off[s];
}
