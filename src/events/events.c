/*
 * events/events.c - reading the record of events.
 */
#include "events/events.h"

#include <stdlib.h>
#include <string.h>

#include "bloc/bloc.h"

const mfact *event_main(const model *m, const event *e)
{
    for (size_t i = 0; e && i < e->facts.n; i++) {
        const mfact *f = &m->facts[e->facts.v[i]];
        if (f->kind == FACT_EVENT && !f->dead)
            return f;
    }
    return NULL;
}

const mfact *event_detail(const model *m, const event *e, sym key)
{
    for (size_t i = 0; e && key && i < e->facts.n; i++) {
        const mfact *f = &m->facts[e->facts.v[i]];
        if (f->kind == FACT_DETAIL && !f->dead && f->s[1] == key)
            return f;
    }
    return NULL;
}

int event_lists(const model *m, sym list, sym id)
{
    sym ids[MODEL_MAXLIST];
    size_t n = model_list(m, list, ids);
    for (size_t i = 0; i < n; i++)
        if (ids[i] == id)
            return 1;
    return 0;
}

sym event_state(const model *m, sym actor_id)
{
    const actor *a = model_actor(m, actor_id);
    sym type = a ? model_actor_type(m, a) : 0;
    if (type == m->k_state)
        return a->id;
    if (type == m->k_person)
        return m->facts[a->fact - 1].s[3];
    return 0;
}

size_t event_states(const model *m, const mfact *f, int slot, sym out[MODEL_MAXLIST])
{
    sym ids[MODEL_MAXLIST];
    size_t n = model_list(m, f->s[slot], ids), k = 0;
    for (size_t i = 0; i < n; i++) {
        sym s = event_state(m, ids[i]);
        int seen = !s;
        for (size_t j = 0; !seen && j < k; j++)
            seen = out[j] == s;
        if (!seen)
            out[k++] = s;
    }
    return k;
}

typedef struct dated {
    bloc_date d;
    uint32_t i;
} dated;

static int cmp_dated(const void *a, const void *b)
{
    const dated *x = a, *y = b;
    if (x->d != y->d)
        return bloc_date_cmp(x->d, y->d);
    return x->i < y->i ? -1 : x->i > y->i;
}

/* Does child still name parent as its parent (a live parent detail)? The model's
 * children lists keep a link whose detail was later retracted. */
static int names_parent(const model *m, const event *child, sym parent)
{
    for (size_t i = 0; i < child->facts.n; i++) {
        const mfact *f = &m->facts[child->facts.v[i]];
        if (f->kind == FACT_DETAIL && !f->dead && f->s[1] == m->k_parent && f->s[3] == parent)
            return 1;
    }
    return 0;
}

int event_descendants(const model *m, const event *e, uint32_t **out, size_t *n)
{
    uint32_t *v = NULL, *stack = NULL;
    unsigned char *depth = NULL;
    size_t nv = 0, cap = 0, ns = 0, caps = 0, capd = 0;
    *out = NULL;
    *n = 0;
    char *seen = calloc(m->nevents ? m->nevents : 1, 1);
    if (!seen)
        return BLOC_ENOMEM;
    for (size_t i = 0; i < e->children.n; i++) {
        if (!names_parent(m, &m->events[e->children.v[i]], e->id))
            continue;
        if (grow((void **)&stack, &caps, ns + 1, sizeof *stack) ||
            grow((void **)&depth, &capd, ns + 1, 1))
            goto oom;
        stack[ns] = e->children.v[i];
        depth[ns++] = 1;
    }
    while (ns) {
        uint32_t x = stack[--ns];
        unsigned char d = depth[ns];
        if (seen[x] || &m->events[x] == e)
            continue;
        seen[x] = 1;
        if (grow((void **)&v, &cap, nv + 1, sizeof *v))
            goto oom;
        v[nv++] = x;
        const event *c = &m->events[x];
        for (size_t i = 0; d < EVENTS_MAXDEPTH && i < c->children.n; i++) {
            if (!names_parent(m, &m->events[c->children.v[i]], c->id))
                continue;
            if (grow((void **)&stack, &caps, ns + 1, sizeof *stack) ||
                grow((void **)&depth, &capd, ns + 1, 1))
                goto oom;
            stack[ns] = c->children.v[i];
            depth[ns++] = (unsigned char)(d + 1);
        }
    }
    dated *dv = malloc((nv ? nv : 1) * sizeof *dv);
    if (!dv)
        goto oom;
    for (size_t i = 0; i < nv; i++) {
        const mfact *f = event_main(m, &m->events[v[i]]);
        dv[i] = (dated){f ? f->from : 0, v[i]};
    }
    qsort(dv, nv, sizeof *dv, cmp_dated);
    for (size_t i = 0; i < nv; i++)
        v[i] = dv[i].i;
    free(dv);
    free(seen);
    free(stack);
    free(depth);
    *out = v;
    *n = nv;
    return BLOC_OK;
oom:
    free(seen);
    free(stack);
    free(depth);
    free(v);
    return BLOC_ENOMEM;
}

long event_days(bloc_date a, bloc_date b, int *ok)
{
    *ok = a > 0 && b > 0 && a % 100 && b % 100; /* both to the day */
    return *ok ? (long)(bloc_date_days(b) - bloc_date_days(a)) : 0;
}
