/*
 * model/model.c - building the in-memory model from log entries.
 */
#include "model/model.h"

#include <stdlib.h>
#include <string.h>

#include "bloc/bloc.h"
#include "text/unicode.h"
#include "util/buf.h"

int idlist_push(idlist *l, uint32_t i)
{
    if (grow((void **)&l->v, &l->cap, l->n + 1, sizeof *l->v))
        return BLOC_ENOMEM;
    l->v[l->n++] = i;
    return BLOC_OK;
}

static void idlist_free(idlist *l)
{
    free(l->v);
}

int model_init(model *m)
{
    static const char *const known[] = {"state",       "org",         "person",    "chair",
                                        "member",      "withdrawing", "withdrawn", "in_force",
                                        "termination", "en",          "parent"};
    sym *slot[] = {&m->k_state,       &m->k_org,         &m->k_person,    &m->k_chair,
                   &m->k_member,      &m->k_withdrawing, &m->k_withdrawn, &m->k_in_force,
                   &m->k_termination, &m->k_en,          &m->k_parent};
    int rc = BLOC_OK;
    memset(m, 0, sizeof *m);
    intern_init(&m->syms);
    for (size_t i = 0; i < sizeof known / sizeof *known; i++)
        *slot[i] = intern_add(&m->syms, known[i], &rc);
    return rc;
}

void model_free(model *m)
{
    for (size_t i = 0; i < m->nactors; i++) {
        idlist_free(&m->actors[i].own);
        idlist_free(&m->actors[i].spells);
        idlist_free(&m->actors[i].offices);
        idlist_free(&m->actors[i].treaties);
        free(m->actors[i].os);
    }
    for (size_t i = 0; i < m->ntreaties; i++) {
        idlist_free(&m->treaties[i].phases);
        idlist_free(&m->treaties[i].provisions);
    }
    for (size_t i = 0; i < m->nevents; i++) {
        idlist_free(&m->events[i].facts);
        idlist_free(&m->events[i].children);
    }
    free(m->events);
    idlist_free(&m->claims);
    free(m->event_of);
    free(m->actors);
    free(m->treaties);
    free(m->facts);
    free(m->notes);
    free(m->actor_of);
    free(m->treaty_of);
    free(m->source_of);
    free(m->name_head);
    free(m->names);
    intern_free(&m->syms);
    memset(m, 0, sizeof *m);
}

/* Grow the per-sym arrays to cover every sym so far. */
static int sym_arrays(model *m)
{
    size_t need = m->syms.nsym + 1;
    if (need <= m->capsym)
        return BLOC_OK;
    size_t cap = m->capsym ? m->capsym : 1024;
    while (cap < need)
        cap *= 2;
    uint32_t **arrs[] = {&m->actor_of, &m->treaty_of, &m->source_of, &m->name_head, &m->event_of};
    for (size_t i = 0; i < sizeof arrs / sizeof *arrs; i++) {
        uint32_t *p = realloc(*arrs[i], cap * sizeof *p);
        if (!p)
            return BLOC_ENOMEM;
        memset(p + m->capsym, 0, (cap - m->capsym) * sizeof *p);
        *arrs[i] = p;
    }
    m->capsym = cap;
    return BLOC_OK;
}

actor *model_actor(const model *m, sym id)
{
    if (!id || id >= m->capsym || !m->actor_of[id])
        return NULL;
    return &m->actors[m->actor_of[id] - 1];
}

actor *model_actor_named(const model *m, const char *code)
{
    return model_actor(m, intern_find(&m->syms, code));
}

treaty *model_treaty(const model *m, sym id)
{
    if (!id || id >= m->capsym || !m->treaty_of[id])
        return NULL;
    return &m->treaties[m->treaty_of[id] - 1];
}

const mfact *model_source(const model *m, sym id)
{
    if (!id || id >= m->capsym || !m->source_of[id])
        return NULL;
    return &m->facts[m->source_of[id] - 1];
}

event *model_event(const model *m, sym id)
{
    if (!id || id >= m->capsym || !m->event_of[id])
        return NULL;
    return &m->events[m->event_of[id] - 1];
}

size_t model_list(const model *m, sym list, sym out[MODEL_MAXLIST])
{
    const char *p = intern_str(&m->syms, list);
    char one[256];
    size_t n = 0;
    while (p && *p && n < MODEL_MAXLIST) {
        size_t k = strcspn(p, ",");
        if (k < sizeof one) {
            memcpy(one, p, k);
            one[k] = 0;
            sym s = intern_find(&m->syms, one);
            if (s)
                out[n++] = s;
        }
        p += k + (p[k] == ',');
    }
    return n;
}

const char *model_str(const model *m, sym s)
{
    const char *p = intern_str(&m->syms, s);
    return p ? p : "";
}

const char *model_note(const model *m, const mfact *f)
{
    return f->note ? m->notes + f->note - 1 : NULL;
}

sym model_actor_type(const model *m, const actor *a)
{
    return a->fact ? m->facts[a->fact - 1].s[1] : 0;
}

const char *model_display_name(const model *m, const actor *a, const char *lang)
{
    sym want = intern_find(&m->syms, lang);
    const char *best = NULL;
    for (size_t i = 0; i < a->own.n; i++) {
        const mfact *f = &m->facts[a->own.v[i]];
        if (f->kind != FACT_NAME || f->dead || f->num != 0 || f->s[0] != a->id)
            continue;
        if (f->s[1] == want)
            return model_str(m, f->s[2]);
        if (f->s[1] == m->k_en && !best)
            best = model_str(m, f->s[2]);
    }
    return best ? best : model_str(m, a->id);
}

/* The actor for id, created (as merely referenced) if new. Returns its index. */
static int actor_for(model *m, sym id, uint32_t *ix)
{
    if (sym_arrays(m))
        return BLOC_ENOMEM;
    if (!m->actor_of[id]) {
        if (grow((void **)&m->actors, &m->capactors, m->nactors + 1, sizeof *m->actors))
            return BLOC_ENOMEM;
        memset(&m->actors[m->nactors], 0, sizeof *m->actors);
        m->actors[m->nactors].id = id;
        m->actor_of[id] = (uint32_t)++m->nactors;
    }
    *ix = m->actor_of[id] - 1;
    return BLOC_OK;
}

static int treaty_for(model *m, sym id, uint32_t *ix)
{
    if (sym_arrays(m))
        return BLOC_ENOMEM;
    if (!m->treaty_of[id]) {
        if (grow((void **)&m->treaties, &m->captreaties, m->ntreaties + 1, sizeof *m->treaties))
            return BLOC_ENOMEM;
        memset(&m->treaties[m->ntreaties], 0, sizeof *m->treaties);
        m->treaties[m->ntreaties].id = id;
        m->treaty_of[id] = (uint32_t)++m->ntreaties;
    }
    *ix = m->treaty_of[id] - 1;
    return BLOC_OK;
}

static int event_for(model *m, sym id, uint32_t *ix)
{
    if (sym_arrays(m))
        return BLOC_ENOMEM;
    if (!m->event_of[id]) {
        if (grow((void **)&m->events, &m->capevents, m->nevents + 1, sizeof *m->events))
            return BLOC_ENOMEM;
        memset(&m->events[m->nevents], 0, sizeof *m->events);
        m->events[m->nevents].id = id;
        m->event_of[id] = (uint32_t)++m->nevents;
    }
    *ix = m->event_of[id] - 1;
    return BLOC_OK;
}

/* Push fact i onto the list chosen by `which` of the actor with id s. */
enum which { OWN, SPELLS, OFFICES, TREATIES };
static int push_actor(model *m, sym s, enum which w, uint32_t i)
{
    uint32_t ix;
    if (!s)
        return BLOC_OK;
    if (actor_for(m, s, &ix))
        return BLOC_ENOMEM;
    actor *a = &m->actors[ix];
    idlist *l = w == OWN       ? &a->own
                : w == SPELLS  ? &a->spells
                : w == OFFICES ? &a->offices
                               : &a->treaties;
    return idlist_push(l, i);
}

/* Intern each id of a comma-joined list (so model_list finds them) and file
 * event fact i under each as a fact about that actor. */
static int index_list(model *m, const char *list, uint32_t i)
{
    char one[256];
    int rc = BLOC_OK;
    while (!rc && list && *list) {
        size_t k = strcspn(list, ",");
        if (k && k < sizeof one) {
            memcpy(one, list, k);
            one[k] = 0;
            sym s = intern_add(&m->syms, one, &rc);
            if (!rc)
                rc = push_actor(m, s, OWN, i);
        }
        list += k + (list[k] == ',');
    }
    return rc;
}

static int index_name(model *m, sym actor_id, const char *name)
{
    int rc = BLOC_OK;
    uint32_t ix;
    char *key = text_fold(name);
    if (!key) /* invalid UTF-8 (refused at load, so only from a damaged store), or no memory */
        return text_valid_utf8(name, strlen(name), NULL) ? BLOC_ENOMEM : BLOC_OK;
    sym k = intern_add(&m->syms, key, &rc);
    free(key);
    if (rc || sym_arrays(m) || actor_for(m, actor_id, &ix))
        return BLOC_ENOMEM;
    for (uint32_t r = m->name_head[k]; r; r = m->names[r - 1].next)
        if (m->names[r - 1].actor == ix)
            return BLOC_OK;
    if (grow((void **)&m->names, &m->capnames, m->nnames + 1, sizeof *m->names))
        return BLOC_ENOMEM;
    m->names[m->nnames].actor = ix;
    m->names[m->nnames].next = m->name_head[k];
    m->name_head[k] = (uint32_t)++m->nnames;
    return BLOC_OK;
}

actor *model_resolve(const model *m, const char *q, int *ambiguous)
{
    if (ambiguous)
        *ambiguous = 0;
    actor *a = model_actor_named(m, q);
    if (a)
        return a;
    char *key = text_fold(q);
    if (!key)
        return NULL;
    sym k = intern_find(&m->syms, key);
    free(key);
    if (!k || k >= m->capsym || !m->name_head[k])
        return NULL;
    const struct nameref *r = &m->names[m->name_head[k] - 1];
    if (ambiguous && r->next)
        *ambiguous = 1;
    return &m->actors[r->actor];
}

/* Add spell i to org's start-sorted list. Logs mostly grow in time order, so
 * this is an append; an older spell is moved into place. */
static int insert_spell(actor *org, const mfact *f, uint32_t i)
{
    ospell o = {bloc_date_first(f->from), f->from, f->to, i};
    if (grow((void **)&org->os, &org->capos, org->nos + 1, sizeof *org->os))
        return BLOC_ENOMEM;
    size_t at = org->nos;
    while (at > 0 && org->os[at - 1].start > o.start)
        at--;
    memmove(org->os + at + 1, org->os + at, (org->nos - at) * sizeof *org->os);
    org->os[at] = o;
    org->nos++;
    return BLOC_OK;
}

/* The latest live fact of `kind` about id among list (index+1, or 0). */
static uint32_t latest_live(const model *m, const idlist *l, int kind, sym id)
{
    for (size_t k = l ? l->n : 0; k-- > 0;) {
        const mfact *f = &m->facts[l->v[k]];
        if (f->kind == kind && f->s[0] == id && !f->dead)
            return l->v[k] + 1;
    }
    return 0;
}

/* Take fact r out of the model. Where it was the fact an actor, treaty or
 * source is read from, fall back to the latest one still live. A retraction
 * itself cannot be retracted (retractions are final; re-add the fact). */
static void retract(model *m, uint32_t r)
{
    mfact *f = &m->facts[r];
    if (f->kind == FACT_RETRACT)
        return;
    f->dead = 1;
    if (f->kind == FACT_ACTOR) {
        actor *a = model_actor(m, f->s[0]);
        if (a && a->fact == r + 1)
            a->fact = latest_live(m, &a->own, FACT_ACTOR, f->s[0]);
    } else if (f->kind == FACT_TREATY) {
        treaty *t = model_treaty(m, f->s[0]);
        actor *org = model_actor(m, f->s[1]);
        if (t && t->fact == r + 1) {
            t->fact = latest_live(m, org ? &org->treaties : NULL, FACT_TREATY, f->s[0]);
            if (t->fact)
                t->org = m->facts[t->fact - 1].s[1];
        }
    } else if (f->kind == FACT_SOURCE && m->source_of[f->s[0]] == r + 1) {
        uint32_t k = r;
        m->source_of[f->s[0]] = 0;
        while (k-- > 0)
            if (m->facts[k].kind == FACT_SOURCE && m->facts[k].s[0] == f->s[0] &&
                !m->facts[k].dead) {
                m->source_of[f->s[0]] = k + 1;
                break;
            }
    }
}

/* The slots each kind must have (bit k: s[k]), so that a damaged log is
 * refused at open rather than read into a broken model. */
static const unsigned required[FACT_KIND_END] = {
    [FACT_SOURCE] = 0x3,  [FACT_ACTOR] = 0x3,     [FACT_NAME] = 0x7,  [FACT_TREATY] = 0x7,
    [FACT_PHASE] = 0x3,   [FACT_PROVISION] = 0x7, [FACT_SPELL] = 0x7, [FACT_OFFICE] = 0x7,
    [FACT_EVENT] = 0x3,   [FACT_DETAIL] = 0x3,    [FACT_FORCE] = 0x3, [FACT_CLAIM] = 0x3,
    [FACT_REFUSAL] = 0xb,
};

static int well_formed(const fact *f, int64_t seq)
{
    if (f->kind <= 0 || f->kind >= FACT_KIND_END)
        return 1; /* a kind from a newer bloc: kept in the log, not modelled */
    for (int k = 0; k < FACT_NSLOT; k++)
        if ((required[f->kind] >> k & 1) && (!f->s[k] || !*f->s[k]))
            return 0;
    if (f->kind != FACT_SOURCE && !f->src)
        return 0;
    if (!bloc_date_valid(f->from) || !bloc_date_valid(f->to))
        return 0;
    if (f->kind == FACT_RETRACT && (f->ref < 1 || f->ref >= seq))
        return 0;
    return 1;
}

int model_apply(model *m, const entry *e)
{
    int rc = BLOC_OK;
    const fact *f = &e->f;
    if (e->seq != (int64_t)m->nfacts + 1 || !well_formed(f, e->seq))
        return BLOC_EINVAL;
    if (grow((void **)&m->facts, &m->capfacts, m->nfacts + 1, sizeof *m->facts))
        return BLOC_ENOMEM;
    uint32_t i = (uint32_t)m->nfacts;
    mfact *mf = &m->facts[i];
    memset(mf, 0, sizeof *mf);
    mf->kind = (uint8_t)f->kind;
    for (int k = 0; k < FACT_NSLOT; k++)
        mf->s[k] = intern_add(&m->syms, f->s[k], &rc);
    mf->src = intern_add(&m->syms, f->src, &rc);
    mf->from = f->from;
    mf->to = f->to;
    mf->num = f->kind == FACT_RETRACT ? f->ref : f->num;
    if (f->note) {
        size_t n = strlen(f->note) + 1;
        if (m->nlen + n > UINT32_MAX - 1 || grow((void **)&m->notes, &m->ncap, m->nlen + n, 1))
            return BLOC_ENOMEM;
        memcpy(m->notes + m->nlen, f->note, n);
        mf->note = (uint32_t)m->nlen + 1;
        m->nlen += n;
    }
    if (rc || sym_arrays(m))
        return BLOC_ENOMEM;
    m->nfacts++;

    uint32_t tx;
    switch (f->kind) {
    case FACT_SOURCE: m->source_of[mf->s[0]] = i + 1; break;
    case FACT_ACTOR:
        rc = push_actor(m, mf->s[0], OWN, i);
        if (!rc) {
            m->actors[m->actor_of[mf->s[0]] - 1].fact = i + 1;
            rc = index_name(m, mf->s[0], f->s[0]);
        }
        break;
    case FACT_NAME:
        rc = push_actor(m, mf->s[0], OWN, i);
        if (!rc)
            rc = index_name(m, mf->s[0], f->s[2]);
        break;
    case FACT_TREATY:
        rc = treaty_for(m, mf->s[0], &tx);
        if (!rc) {
            m->treaties[tx].fact = i + 1;
            m->treaties[tx].org = mf->s[1];
            rc = push_actor(m, mf->s[1], TREATIES, i);
        }
        break;
    case FACT_PHASE:
    case FACT_PROVISION:
        rc = treaty_for(m, mf->s[0], &tx);
        if (!rc)
            rc = idlist_push(
                f->kind == FACT_PHASE ? &m->treaties[tx].phases : &m->treaties[tx].provisions, i);
        if (!rc && m->treaties[tx].org)
            rc = push_actor(m, m->treaties[tx].org, TREATIES, i);
        break;
    case FACT_SPELL:
        rc = push_actor(m, mf->s[0], SPELLS, i);
        if (!rc)
            rc = push_actor(m, mf->s[1], OWN, i);
        if (!rc)
            rc = insert_spell(&m->actors[m->actor_of[mf->s[0]] - 1], mf, i);
        break;
    case FACT_OFFICE:
        rc = push_actor(m, mf->s[0], OFFICES, i);
        if (!rc)
            rc = push_actor(m, mf->s[2], OWN, i);
        if (!rc && mf->s[3] != mf->s[2])
            rc = push_actor(m, mf->s[3], OWN, i);
        break;
    case FACT_EVENT:
    case FACT_DETAIL:
        rc = event_for(m, mf->s[0], &tx);
        if (!rc)
            rc = idlist_push(&m->events[tx].facts, i);
        if (!rc && f->kind == FACT_DETAIL && mf->s[1] == m->k_parent && mf->s[3]) {
            uint32_t px, cx = tx;
            rc = event_for(m, mf->s[3], &px);
            if (!rc)
                rc = idlist_push(&m->events[px].children, cx);
        }
        if (!rc && f->kind == FACT_EVENT)
            rc = index_list(m, f->s[3], i);
        if (!rc && f->kind == FACT_EVENT)
            rc = index_list(m, f->s[4], i);
        break;
    case FACT_FORCE:
        rc = push_actor(m, mf->s[0], OWN, i);
        if (!rc)
            rc = push_actor(m, mf->s[2], OWN, i);
        break;
    case FACT_CLAIM: rc = idlist_push(&m->claims, i); break;
    case FACT_RETRACT: retract(m, (uint32_t)(f->ref - 1)); break;
    default: break; /* kinds from a newer bloc: kept in the log, not modelled */
    }
    return rc;
}
