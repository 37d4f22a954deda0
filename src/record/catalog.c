/*
 * record/catalog.c - `bloc catalog`: what a client needs to name things, from
 * the model (so retracted facts are not in it): every source, every actor with
 * its type and display name, each organization with a treaty (a pact) and its
 * treaties, and the states that ever had a status in each pact with the first
 * day of it. The dashboard asks it once, then follows the stream.
 */
#include <stdlib.h>
#include <string.h>

#include "bloc/bloc.h"
#include "db/db.h"
#include "json/json.h"
#include "report/report.h"

static int sources(const model *m, jv *list)
{
    int bad = 0;
    for (size_t i = 0; !bad && i < m->nfacts; i++) {
        const mfact *f = &m->facts[i];
        /* a source's latest live fact speaks for it: report_source reads that one */
        if (f->kind != FACT_SOURCE || f->dead || model_source(m, f->s[0]) != f)
            continue;
        jv *o = report_source(m, f->s[0]);
        bad |= !o || jv_push(list, o);
    }
    return bad;
}

static int actors(const model *m, jv *list)
{
    int bad = 0;
    for (size_t i = 0; !bad && i < m->nactors; i++) {
        const actor *a = &m->actors[i];
        sym type = model_actor_type(m, a);
        if (!type)
            continue; /* only referenced, never declared */
        jv *o = jv_object();
        bad |= !o;
        bad |= jv_set(o, "id", jv_string(model_str(m, a->id)));
        bad |= jv_set(o, "type", jv_string(model_str(m, type)));
        bad |= jv_set(o, "name", jv_string(model_display_name(m, a, "en")));
        bad |= jv_push(list, o);
    }
    return bad;
}

/* An organization with a treaty, its treaties in order signed, and the first
 * day each state had a status in it. */
static jv *pact(const model *m, const actor *org, int *bad)
{
    jv *o = jv_object(), *ts = jv_array(), *parties = jv_object();
    *bad |= !o || !ts || !parties;
    for (size_t i = 0; !*bad && i < org->treaties.n; i++) {
        const mfact *f = &m->facts[org->treaties.v[i]];
        if (f->dead || f->kind != FACT_TREATY)
            continue;
        jv *t = jv_object();
        *bad |= !t;
        *bad |= jv_set(t, "id", jv_string(model_str(m, f->s[0])));
        *bad |= jv_set(t, "title", jv_string(model_str(m, f->s[2])));
        *bad |= report_date(t, "signed", f->from);
        *bad |= jv_push(ts, t);
    }
    /* the spells are sorted by start: a state's first is its first status */
    for (size_t i = 0; !*bad && i < org->nos; i++) {
        const mfact *f = &m->facts[org->os[i].fact];
        const char *state = model_str(m, f->s[1]);
        if (f->dead || jv_get(parties, state))
            continue;
        char d[16];
        *bad |= jv_set(parties, state,
                       org->os[i].from ? jv_string(report_datestr(org->os[i].from, d, sizeof d))
                                       : jv_null());
    }
    *bad |= jv_set(o, "org", jv_string(model_str(m, org->id)));
    *bad |= jv_set(o, "name", jv_string(model_display_name(m, org, "en")));
    *bad |= jv_set(o, "treaties", ts);
    *bad |= jv_set(o, "parties", parties);
    if (*bad) {
        jv_free(o);
        return NULL;
    }
    return o;
}

static int catalog_text(const model *m, const jv *doc, buf *t)
{
    (void)m;
    const jv *p = jv_get(doc, "pacts");
    int rc = buf_printf(t, "%zu sources, %zu actors, %zu pacts\n", jv_len(jv_get(doc, "sources")),
                        jv_len(jv_get(doc, "actors")), jv_len(p));
    for (size_t i = 0; !rc && i < jv_len(p); i++) {
        const jv *x = jv_at(p, i), *ts = jv_get(x, "treaties");
        rc = buf_printf(t, "  %-8s %s: %zu parties ever; %s%s\n", report_s(x, "org", ""),
                        report_s(x, "name", ""), jv_len(jv_get(x, "parties")),
                        jv_len(ts) ? report_s(jv_at(ts, 0), "title", "") : "",
                        jv_len(ts) > 1 ? " (and more)" : "");
    }
    return rc;
}

int bloc_catalog(bloc_db *db, bloc_format fmt, char **out)
{
    const model *m = &db->m;
    *out = NULL;
    jv *doc = jv_object(), *src = jv_array(), *act = jv_array(), *pacts = jv_array();
    int bad = !doc || !src || !act || !pacts;
    bad = bad || sources(m, src) || actors(m, act);
    for (size_t i = 0; !bad && i < m->nactors; i++) {
        const actor *a = &m->actors[i];
        int has = 0;
        for (size_t k = 0; k < a->treaties.n && !has; k++)
            has =
                !m->facts[a->treaties.v[k]].dead && m->facts[a->treaties.v[k]].kind == FACT_TREATY;
        if (has) {
            jv *o = pact(m, a, &bad);
            bad |= !o || jv_push(pacts, o);
        }
    }
    if (bad) {
        jv_free(doc);
        jv_free(src);
        jv_free(act);
        jv_free(pacts);
        return db_err(db, BLOC_ENOMEM, "out of memory");
    }
    jv_set(doc, "sources", src);
    jv_set(doc, "actors", act);
    jv_set(doc, "pacts", pacts);
    return report_finish(db, fmt, doc, catalog_text, out);
}
