/*
 * membership/membership.c - as-of membership and offices: `bloc members` and
 * `bloc chair`.
 */
#include "membership/membership.h"

#include <stdlib.h>
#include <string.h>

#include "report/report.h"

int membership_good(const model *m, sym status)
{
    return status == m->k_member || status == m->k_withdrawing;
}

int membership_overlap(const model *m, const actor *org, sym state, bloc_date first, bloc_date last)
{
    for (size_t i = 0; i < org->nos && org->os[i].start <= last; i++) {
        const mfact *f = &m->facts[org->os[i].fact];
        if (f->dead || f->s[1] != state || !membership_good(m, f->s[2]))
            continue;
        if (!f->to || bloc_date_last(f->to) > first)
            return 1;
    }
    return 0;
}

/* By state code, then start, then log order. */
static int cmp_claim(const void *a, const void *b)
{
    const mclaim *x = a, *y = b;
    int c = x->code == y->code ? 0 : strcmp(x->code, y->code);
    if (c)
        return c;
    if (x->from != y->from)
        return bloc_date_cmp(x->from, y->from);
    return x->fact < y->fact ? -1 : 1;
}

void membership_decide(const model *m, mclaim *c, size_t n, int slot, verdict *v)
{
    memset(v, 0, sizeof *v);
    /* A source's own claims are its timeline: its later claim replaces its
     * earlier one (claims come sorted by start). Only different sources can
     * disagree. */
    for (size_t k = 0; k < n; k++)
        for (size_t l = k + 1; l < n; l++)
            if (m->facts[c[l].fact].src == m->facts[c[k].fact].src && c[l].from != c[k].from &&
                c[l].t == BLOC_YES)
                c[k].superseded = 1;
    /* Definite claims decide; if there are none, the maybes do, flagged. */
    int any_yes = 0;
    for (size_t k = 0; k < n; k++)
        any_yes |= c[k].t == BLOC_YES && !c[k].superseded;
    for (size_t k = 0; k < n; k++) {
        const mfact *f = &m->facts[c[k].fact];
        if (c[k].superseded || (any_yes && c[k].t != BLOC_YES))
            continue;
        c[k].decides = 1;
        if (!v->value) {
            v->value = f->s[slot];
            v->since = f->from;
        } else if (v->value != f->s[slot]) {
            v->disputed = 1;
        } else if (f->from && bloc_date_cmp(f->from, v->since) < 0) {
            v->since = f->from;
        }
    }
    /* Uncertain: nothing definite, or a live maybe that says something else. */
    v->uncertain = n && !any_yes;
    for (size_t k = 0; k < n; k++)
        if (!c[k].superseded && !c[k].decides && m->facts[c[k].fact].s[slot] != v->value)
            v->uncertain = 1;
    if (v->disputed) {
        v->value = 0;
        v->since = 0;
    }
}

int membership_on(const model *m, const actor *org, bloc_date on, mset *out)
{
    size_t n = 0;
    memset(out, 0, sizeof *out);
    size_t begun = 0, hi = org->nos; /* spells that can have begun by `on`: a prefix */
    while (begun < hi) {
        size_t mid = begun + (hi - begun) / 2;
        if (org->os[mid].start <= on)
            begun = mid + 1;
        else
            hi = mid;
    }
    mclaim *pool = malloc((begun ? begun : 1) * sizeof *pool);
    if (!pool)
        return BLOC_ENOMEM;
    for (size_t i = 0; i < begun; i++) {
        const ospell *o = &org->os[i];
        enum bloc_truth t = bloc_interval_holds(o->from, o->to, on);
        if (t == BLOC_NO || m->facts[o->fact].dead)
            continue;
        pool[n++] = (mclaim){o->fact, t, model_str(m, m->facts[o->fact].s[1]), o->from, 0, 0};
    }
    qsort(pool, n, sizeof *pool, cmp_claim);
    out->pool = pool;
    out->rows = calloc(n ? n : 1, sizeof *out->rows);
    if (!out->rows) {
        membership_release(out);
        return BLOC_ENOMEM;
    }
    for (size_t i = 0; i < n;) {
        size_t j = i;
        sym state = m->facts[pool[i].fact].s[1];
        while (j < n && m->facts[pool[j].fact].s[1] == state)
            j++;
        mrow *r = &out->rows[out->n];
        memset(r, 0, sizeof *r);
        r->state = state;
        r->claims = pool + i;
        r->nclaims = j - i;
        verdict v;
        membership_decide(m, pool + i, j - i, 2, &v);
        r->status = v.value;
        r->since = v.since;
        r->disputed = v.disputed;
        r->uncertain = v.uncertain;
        int goods = 0, bads = 0;
        for (size_t k = i; k < j; k++)
            if (pool[k].decides) {
                if (membership_good(m, m->facts[pool[k].fact].s[2]))
                    goods++;
                else
                    bads++;
            }
        r->good = goods && bads ? -1 : goods > 0;
        if (r->status != m->k_withdrawn)
            out->n++;
        i = j;
    }
    return BLOC_OK;
}

void membership_release(mset *s)
{
    free(s->rows);
    free(s->pool);
    memset(s, 0, sizeof *s);
}

const mrow *membership_find(const mset *s, sym state)
{
    for (size_t i = 0; i < s->n; i++)
        if (s->rows[i].state == state)
            return &s->rows[i];
    return NULL;
}

/* ---- bloc members ---- */

static jv *claim_json(const model *m, const mclaim *mc)
{
    const mfact *f = &m->facts[mc->fact];
    jv *c = jv_object();
    if (!c)
        return NULL;
    int bad = jv_set(c, "status", jv_string(model_str(m, f->s[2])));
    bad |= report_date(c, "from", f->from);
    bad |= report_date(c, "to", f->to);
    bad |= jv_set(c, "uncertain", jv_bool(mc->t == BLOC_MAYBE));
    bad |= jv_set(c, "superseded", jv_bool(mc->superseded));
    bad |= jv_set(c, "source", jv_string(model_str(m, f->src)));
    if (model_note(m, f))
        bad |= jv_set(c, "note", jv_string(model_note(m, f)));
    if (bad) {
        jv_free(c);
        return NULL;
    }
    return c;
}

static const char *const spell_keys[] = {"status", "from", "to", NULL};

static int members_text(const model *m, const jv *doc, buf *t)
{
    cites c = {0};
    const jv *rows = jv_get(doc, "members");
    int rc = buf_printf(t, "%s on %s: %zu states\n", report_s(doc, "org", ""),
                        report_s(doc, "on", ""), jv_len(rows));
    for (size_t i = 0; !rc && i < jv_len(rows); i++) {
        const jv *r = jv_at(rows, i), *claims = jv_get(r, "claims");
        const jv *good = jv_get(r, "good_standing");
        int disputed = jv_typeof(jv_get(r, "disputed")) == JV_TRUE;
        rc = buf_printf(t, "  %-4s %-22s ", report_s(r, "state", ""), report_s(r, "name", ""));
        if (!rc && disputed)
            rc = buf_puts(t, "DISPUTED: the sources disagree\n");
        else if (!rc)
            rc = report_claim_lines(claims, spell_keys, "", &c, t);
        if (!rc && disputed)
            rc = report_claim_lines(claims, spell_keys, "         claim: ", &c, t);
        if (!rc && jv_typeof(good) == JV_FALSE)
            rc = buf_puts(t, "         (not in good standing: neither bound nor protected)\n");
        if (!rc && jv_typeof(jv_get(r, "uncertain")) == JV_TRUE)
            rc = buf_puts(t, "         (uncertain: the day falls within a partial date)\n");
    }
    if (!rc)
        rc = report_footnotes(m, &c, t);
    free(c.v);
    return rc;
}

int bloc_members(bloc_db *db, const char *org_arg, const char *on_arg, bloc_format fmt, char **out)
{
    bloc_date on;
    actor *org;
    mset s;
    char d[16];
    int rc = report_on(db, on_arg, &on);
    if (!rc)
        rc = report_actor(db, org_arg, "org", "organization", &org);
    if (rc)
        return rc;
    if ((rc = membership_on(&db->m, org, on, &s)))
        return db_err(db, rc, "out of memory");
    const model *m = &db->m;
    jv *doc = jv_object(), *rows = jv_array();
    int bad = !doc || !rows;
    if (!bad) {
        bad |= jv_set(doc, "org", jv_string(model_str(m, org->id)));
        bad |= jv_set(doc, "on", jv_string(bloc_date_format(on, d, sizeof d)));
        bad |= jv_set(doc, "members", rows);
    }
    for (size_t i = 0; !bad && i < s.n; i++) {
        const mrow *r = &s.rows[i];
        const actor *st = model_actor(m, r->state);
        jv *o = jv_object(), *claims = jv_array();
        bad |= jv_push(rows, o) | !claims;
        if (bad) {
            jv_free(claims);
            break;
        }
        bad |= jv_set(o, "state", jv_string(model_str(m, r->state)));
        bad |= jv_set(o, "name", jv_string(st ? model_display_name(m, st, "en") : ""));
        bad |= jv_set(o, "status", jv_string(r->disputed ? "disputed" : model_str(m, r->status)));
        bad |= report_date(o, "since", r->since);
        bad |= jv_set(o, "good_standing", r->good < 0 ? jv_null() : jv_bool(r->good));
        bad |= jv_set(o, "disputed", jv_bool(r->disputed));
        bad |= jv_set(o, "uncertain", jv_bool(r->uncertain));
        bad |= jv_set(o, "claims", claims);
        for (size_t k = 0; !bad && k < r->nclaims; k++)
            bad |= jv_push(claims, claim_json(m, &r->claims[k]));
    }
    membership_release(&s);
    if (bad) {
        jv_free(doc);
        doc = NULL;
    }
    return report_finish(db, fmt, doc, members_text, out);
}

/* ---- bloc chair ---- */

static int chair_text(const model *m, const jv *doc, buf *t)
{
    cites c = {0};
    const jv *claims = jv_get(doc, "claims");
    int rc;
    if (jv_typeof(jv_get(doc, "chair")) == JV_NULL && jv_typeof(jv_get(doc, "disputed")) != JV_TRUE)
        rc = buf_printf(t, "%s on %s: no chair on record\n", report_s(doc, "org", ""),
                        report_s(doc, "on", ""));
    else
        rc = buf_printf(t, "%s on %s: chaired by %s (%s)%s\n", report_s(doc, "org", ""),
                        report_s(doc, "on", ""), report_s(doc, "chair", "?"),
                        report_s(doc, "holder", "holder not on record"),
                        jv_typeof(jv_get(doc, "disputed")) == JV_TRUE ? "  DISPUTED" : "");
    static const char *const keys[] = {"state", "holder", "from", "to", NULL};
    if (!rc)
        rc = report_claim_lines(claims, keys, "  ", &c, t);
    for (size_t k = 0; !rc && k < jv_len(claims); k++)
        if (jv_get(jv_at(claims, k), "note") &&
            (k == 0 || strcmp(report_s(jv_at(claims, k), "note", ""),
                              report_s(jv_at(claims, k - 1), "note", ""))))
            rc = buf_printf(t, "  note: %s\n", report_s(jv_at(claims, k), "note", ""));
    if (!rc)
        rc = report_footnotes(m, &c, t);
    free(c.v);
    return rc;
}

/* The offices named `office` of org held on day on: JSON answer shared by chair. */
static jv *office_on(const model *m, const actor *org, sym office, bloc_date on, const char *key)
{
    char d[16];
    jv *doc = jv_object(), *claims = jv_array();
    mclaim *c = malloc((org->offices.n ? org->offices.n : 1) * sizeof *c);
    size_t n = 0;
    int bad = !doc || !claims || !c;
    for (size_t i = 0; !bad && i < org->offices.n; i++) {
        const mfact *f = &m->facts[org->offices.v[i]];
        enum bloc_truth t;
        if (!f->dead && f->s[1] == office &&
            (t = bloc_interval_holds(f->from, f->to, on)) != BLOC_NO)
            c[n++] = (mclaim){org->offices.v[i], t, "", f->from, 0, 0};
    }
    if (!bad)
        qsort(c, n, sizeof *c, cmp_claim);
    /* The state decides; a holder missing from a claim is unknown, not a
     * disagreement, but two different holders are. */
    verdict v;
    sym holder = 0;
    int holder_disputed = 0;
    if (!bad) {
        membership_decide(m, c, n, 2, &v);
        for (size_t k = 0; k < n; k++) {
            sym h = m->facts[c[k].fact].s[3];
            if (!c[k].decides || !h)
                continue;
            if (holder && h != holder)
                holder_disputed = 1;
            holder = h;
        }
        if (holder_disputed || v.disputed)
            holder = 0;
        bad |= jv_set(doc, "org", jv_string(model_str(m, org->id)));
        bad |= jv_set(doc, "on", jv_string(bloc_date_format(on, d, sizeof d)));
        bad |= jv_set(doc, key, v.value ? jv_string(model_str(m, v.value)) : jv_null());
        const actor *h = model_actor(m, holder);
        bad |= jv_set(doc, "holder", h ? jv_string(model_display_name(m, h, "en")) : jv_null());
        bad |= jv_set(doc, "holder_id", holder ? jv_string(model_str(m, holder)) : jv_null());
        bad |= jv_set(doc, "disputed", jv_bool(v.disputed || holder_disputed));
        bad |= jv_set(doc, "uncertain", jv_bool(v.uncertain));
    }
    for (size_t k = 0; !bad && k < n; k++) {
        const mfact *f = &m->facts[c[k].fact];
        jv *o = jv_object();
        const actor *h = model_actor(m, f->s[3]);
        bad |= jv_push(claims, o);
        if (bad)
            break;
        bad |= jv_set(o, "state", jv_string(model_str(m, f->s[2])));
        bad |= jv_set(o, "holder_id", f->s[3] ? jv_string(model_str(m, f->s[3])) : jv_null());
        bad |= jv_set(o, "holder", h ? jv_string(model_display_name(m, h, "en")) : jv_null());
        bad |= report_date(o, "from", f->from);
        bad |= report_date(o, "to", f->to);
        bad |= jv_set(o, "uncertain", jv_bool(c[k].t == BLOC_MAYBE));
        bad |= jv_set(o, "superseded", jv_bool(c[k].superseded));
        bad |= jv_set(o, "source", jv_string(model_str(m, f->src)));
        if (model_note(m, f))
            bad |= jv_set(o, "note", jv_string(model_note(m, f)));
    }
    free(c);
    if (!bad) {
        bad |= jv_set(doc, "claims", claims);
        claims = NULL;
    }
    jv_free(claims);
    if (bad) {
        jv_free(doc);
        return NULL;
    }
    return doc;
}

int bloc_chair(bloc_db *db, const char *org_arg, const char *on_arg, bloc_format fmt, char **out)
{
    bloc_date on;
    actor *org;
    int rc = report_on(db, on_arg, &on);
    if (!rc)
        rc = report_actor(db, org_arg, "org", "organization", &org);
    if (rc)
        return rc;
    jv *doc = office_on(&db->m, org, db->m.k_chair, on, "chair");
    return report_finish(db, fmt, doc, chair_text, out);
}
