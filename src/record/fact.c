/*
 * record/fact.c - fact kinds and the canonical encoding hashed into the chain.
 */
#include "record/fact.h"

#include <string.h>

#include "bloc/bloc.h"

static const char *const kind_names[FACT_KIND_END] = {
    [FACT_SOURCE] = "source", [FACT_ACTOR] = "actor",     [FACT_NAME] = "name",
    [FACT_TREATY] = "treaty", [FACT_PHASE] = "phase",     [FACT_PROVISION] = "provision",
    [FACT_SPELL] = "spell",   [FACT_OFFICE] = "office",   [FACT_RETRACT] = "retract",
    [FACT_EVENT] = "event",   [FACT_DETAIL] = "detail",   [FACT_FORCE] = "force",
    [FACT_CLAIM] = "claim",   [FACT_REFUSAL] = "refusal",
};

const char *fact_kind_name(int kind)
{
    if (kind <= 0 || kind >= FACT_KIND_END)
        return NULL;
    return kind_names[kind];
}

int fact_kind_from_name(const char *name)
{
    for (int k = 1; k < FACT_KIND_END; k++)
        if (strcmp(kind_names[k], name) == 0)
            return k;
    return 0;
}

static int put_u64(buf *b, uint64_t v, int bytes)
{
    unsigned char t[8];
    for (int i = 0; i < bytes; i++)
        t[i] = (unsigned char)(v >> (8 * i));
    return buf_add(b, t, (size_t)bytes);
}

static int put_str(buf *b, const char *s)
{
    if (!s)
        return put_u64(b, 0xffffffffu, 4);
    size_t n = strlen(s);
    int rc = put_u64(b, (uint64_t)n, 4);
    return rc ? rc : buf_add(b, s, n);
}

int fact_encode(const fact *f, buf *b)
{
    int rc = put_u64(b, (uint64_t)(uint32_t)f->kind, 4);
    for (int i = 0; !rc && i < FACT_NSLOT; i++)
        rc = put_str(b, f->s[i]);
    if (!rc)
        rc = put_str(b, f->note);
    if (!rc)
        rc = put_str(b, f->src);
    if (!rc)
        rc = put_u64(b, (uint64_t)(uint32_t)f->from, 4);
    if (!rc)
        rc = put_u64(b, (uint64_t)(uint32_t)f->to, 4);
    if (!rc)
        rc = put_u64(b, (uint64_t)f->num, 8);
    if (!rc)
        rc = put_u64(b, (uint64_t)f->ref, 8);
    return rc;
}
