/*
 * record/timeline.c - `bloc timeline ACTOR`: the dated record about an actor
 * (its spells, offices, treaties, forces and every event it took part in, with
 * the procedure that followed those events), in date order, each entry with its
 * sources. Where sources disagree, every claim is shown side by side and the
 * entry is marked disputed: an event's date or parties, a detail's figure
 * (casualties, sizes), a force's size, a membership status for the same time.
 */
#include <stdlib.h>
#include <string.h>

#include "events/events.h"
#include "record/history.h"
#include "report/report.h"

typedef struct tl {
    bloc_db *db;
    const model *m;
    const actor *a;
    bloc_date first, last; /* the asked span (days), 0 = open */
    jv *entries;
    char *event_seen; /* per model event */
    char *fact_seen;  /* per model fact */
} tl;

/* Does [from, to) overlap the asked span? */
static int in_span(const tl *t, bloc_date from, bloc_date to)
{
    if (t->last && from && bloc_date_first(from) > t->last)
        return 0;
    if (t->first && (to ? bloc_date_last(to) <= t->first : from && bloc_date_last(from) < t->first))
        return 0;
    return 1;
}

static int push_unique(jv *arr, const char *s)
{
    for (size_t i = 0; i < jv_len(arr); i++)
        if (strcmp(jv_str(jv_at(arr, i)), s) == 0)
            return 0;
    return jv_push(arr, jv_string(s));
}

/* Add claim (src's) to claims, merging it into an equal one (equal in every
 * key but "sources" and "note"), whose sources then list src too. Steals claim. */
static int add_claim(jv *claims, jv *claim, const char *src)
{
    if (!claim)
        return 1;
    for (size_t i = 0; i < jv_len(claims); i++) {
        jv *c = jv_at(claims, i);
        int same = jv_len(c) - !!jv_get(c, "note") == jv_len(claim) + 1 - !!jv_get(claim, "note");
        for (void *it = jv_iter(claim); same && it; it = jv_next(claim, it)) {
            if (strcmp(jv_iter_key(it), "note") == 0) /* notes explain; they do not disagree */
                continue;
            char *x = jv_dump(jv_iter_value(it), 0), *y = jv_dump(jv_get(c, jv_iter_key(it)), 0);
            same = x && y && strcmp(x, y) == 0;
            free(x);
            free(y);
        }
        if (same) {
            jv_free(claim);
            return push_unique(jv_get(c, "sources"), src);
        }
    }
    jv *srcs = jv_array();
    int bad = !srcs || jv_push(srcs, jv_string(src));
    bad |= jv_set(claim, "sources", srcs);
    return bad | jv_push(claims, claim);
}

/* Do the claims differ in the value at key (NULL: in anything)? */
static int differ(const jv *claims, const char *key)
{
    if (!key)
        return jv_len(claims) > 1;
    for (size_t i = 1; i < jv_len(claims); i++) {
        char *x = jv_dump(jv_get(jv_at(claims, 0), key), 0),
             *y = jv_dump(jv_get(jv_at(claims, i), key), 0);
        int d = !x || !y || strcmp(x, y) != 0;
        free(x);
        free(y);
        if (d)
            return 1;
    }
    return 0;
}

static int event_entry(tl *t, const event *e)
{
    const model *m = t->m;
    const mfact *f = event_main(m, e);
    int inside = 0; /* any claim of its date in the span: a disputed date shows in both */
    for (size_t i = 0; f && i < e->facts.n; i++) {
        const mfact *x = &m->facts[e->facts.v[i]];
        inside |= !x->dead && x->kind == FACT_EVENT && in_span(t, x->from, x->to);
    }
    if (!inside)
        return 0;
    jv *o = jv_object(), *claims = jv_array(), *details = jv_array(), *srcs = jv_array();
    int bad = !o || !claims || !details || !srcs;
    for (size_t i = 0; !bad && i < e->facts.n; i++) {
        const mfact *x = &m->facts[e->facts.v[i]];
        if (x->dead)
            continue;
        bad |= push_unique(srcs, model_str(m, x->src));
        jv *c = jv_object();
        bad |= !c;
        if (bad)
            break;
        if (x->kind == FACT_EVENT) {
            bad |= report_date(c, "date", x->from);
            bad |= report_date(c, "to", x->to);
            bad |= jv_set(c, "type", jv_string(model_str(m, x->s[1])));
            bad |= jv_set(c, "mode", jv_string(x->s[2] ? model_str(m, x->s[2]) : NULL));
            bad |= jv_set(c, "actors", report_list(m, x->s[3]));
            bad |= jv_set(c, "recipients", report_list(m, x->s[4]));
            bad |= add_claim(claims, c, model_str(m, x->src));
            continue;
        }
        if (x->s[1] == m->k_parent) {
            jv_free(c);
            if (!jv_get(o, "parent"))
                bad |= jv_set(o, "parent", jv_string(model_str(m, x->s[3])));
            continue;
        }
        /* a detail: grouped by key and subject, each distinct claim with its sources */
        const char *key = model_str(m, x->s[1]), *subj = x->s[2] ? model_str(m, x->s[2]) : NULL;
        jv *group = NULL;
        for (size_t k = 0; !group && k < jv_len(details); k++) {
            jv *g = jv_at(details, k);
            const char *gs = jv_str(jv_get(g, "subject"));
            if (strcmp(report_s(g, "key", ""), key) == 0 &&
                (gs && subj ? strcmp(gs, subj) == 0 : gs == subj))
                group = g;
        }
        if (!group) {
            group = jv_object();
            bad |= !group || jv_set(group, "key", jv_string(key));
            bad |= jv_set(group, "subject", jv_string(subj));
            bad |= jv_set(group, "claims", jv_array());
            bad |= jv_push(details, group);
            if (bad) {
                jv_free(c);
                break;
            }
        }
        if (x->s[3])
            bad |= jv_set(c, "value", jv_string(model_str(m, x->s[3])));
        if (x->s[4]) {
            bad |= jv_set(c, "num", jv_integer(x->num));
            bad |= jv_set(c, "qualifier", jv_string(model_str(m, x->s[4])));
        }
        if (x->from)
            bad |= report_date(c, "date", x->from);
        if (model_note(m, x))
            bad |= jv_set(c, "note", jv_string(model_note(m, x)));
        bad |= add_claim(jv_get(group, "claims"), c, model_str(m, x->src));
    }
    for (size_t k = 0; !bad && k < jv_len(details); k++) {
        jv *g = jv_at(details, k);
        bad |= jv_set(g, "disputed", jv_bool(differ(jv_get(g, "claims"), NULL)));
    }
    int disputed = jv_len(claims) > 1;
    if (!bad) {
        bad |= jv_set(o, "kind", jv_string("event"));
        bad |= report_date(o, "date", f->from);
        bad |= report_date(o, "to", f->to);
        bad |= jv_set(o, "id", jv_string(model_str(m, e->id)));
        bad |= jv_set(o, "type", jv_string(model_str(m, f->s[1])));
        bad |= jv_set(o, "mode", jv_string(f->s[2] ? model_str(m, f->s[2]) : NULL));
        bad |= jv_set(o, "actors", report_list(m, f->s[3]));
        bad |= jv_set(o, "recipients", report_list(m, f->s[4]));
        if (model_note(m, f))
            bad |= jv_set(o, "note", jv_string(model_note(m, f)));
        bad |= jv_set(o, "disputed", jv_bool(disputed));
        bad |= jv_set(o, "claims", claims);
        bad |= jv_set(o, "details", details);
        bad |= jv_set(o, "sources", srcs);
        return bad | jv_push(t->entries, o);
    }
    jv_free(o);
    jv_free(claims);
    jv_free(details);
    jv_free(srcs);
    return 1;
}

/* Facts that say the same thing about the same subject: the group key. Two
 * facts of one group with different content are a disagreement. */
static int same_subject(const mfact *x, const mfact *y)
{
    if (x->kind != y->kind)
        return 0;
    switch (x->kind) {
    case FACT_FORCE: return x->s[0] == y->s[0] && x->s[1] == y->s[1] && x->s[2] == y->s[2];
    case FACT_SPELL:
        /* the same state in the same org at overlapping times */
        return x->s[0] == y->s[0] && x->s[1] == y->s[1] &&
               (!x->to || bloc_date_cmp(y->from, x->to) < 0) &&
               (!y->to || bloc_date_cmp(x->from, y->to) < 0);
    default: return 0;
    }
}

static int same_content(const mfact *x, const mfact *y)
{
    if (x->from != y->from || x->to != y->to || x->num != y->num)
        return 0;
    for (int k = 0; k < FACT_NSLOT; k++)
        if (x->s[k] != y->s[k])
            return 0;
    return 1;
}

static jv *claim_of(const model *m, const mfact *f)
{
    jv *c = jv_object();
    buf what;
    buf_init(&what, 4096);
    int bad = !c || record_describe(m, f, &what);
    if (!bad) {
        bad |= report_date(c, "from", f->from);
        bad |= report_date(c, "to", f->to);
        bad |= jv_set(c, "what", jv_string(what.p ? what.p : ""));
        if (f->kind == FACT_FORCE && f->s[4]) {
            bad |= jv_set(c, "num", jv_integer(f->num));
            bad |= jv_set(c, "qualifier", jv_string(model_str(m, f->s[4])));
        }
        if (f->kind == FACT_SPELL)
            bad |= jv_set(c, "status", jv_string(model_str(m, f->s[2])));
        if (model_note(m, f))
            bad |= jv_set(c, "note", jv_string(model_note(m, f)));
    }
    buf_free(&what);
    if (bad) {
        jv_free(c);
        return NULL;
    }
    return c;
}

/* One entry for fact ix[at] and every later fact of its group (same subject,
 * or the same content from another source). */
static int fact_entry(tl *t, const uint32_t *ix, size_t n, size_t at)
{
    const model *m = t->m;
    const mfact *f = &m->facts[ix[at]];
    if (t->fact_seen[ix[at]] || !in_span(t, f->from, f->to))
        return 0;
    jv *o = jv_object(), *claims = jv_array(), *srcs = jv_array();
    int bad = !o || !claims || !srcs;
    for (size_t k = at; !bad && k < n; k++) {
        const mfact *g = &m->facts[ix[k]];
        if (t->fact_seen[ix[k]] || (k != at && !same_subject(f, g) && !same_content(f, g)))
            continue;
        t->fact_seen[ix[k]] = 1;
        bad |= push_unique(srcs, model_str(m, g->src));
        bad |= add_claim(claims, claim_of(m, g), model_str(m, g->src));
    }
    if (!bad) {
        /* what disagreement means: another status, another size, anything else */
        const char *key = f->kind == FACT_SPELL ? "status" : f->kind == FACT_FORCE ? "num" : NULL;
        bad |= jv_set(o, "kind", jv_string(fact_kind_name(f->kind)));
        bad |= report_date(o, "date", f->from);
        bad |= report_date(o, "to", f->to);
        bad |= jv_set(o, "what", jv_copy(jv_get(jv_at(claims, 0), "what")));
        bad |= jv_set(o, "disputed", jv_bool(differ(claims, key)));
        bad |= jv_set(o, "claims", claims);
        bad |= jv_set(o, "sources", srcs);
        return bad | jv_push(t->entries, o);
    }
    jv_free(o);
    jv_free(claims);
    jv_free(srcs);
    return 1;
}

typedef struct sorted_entry {
    const char *date; /* ISO: sorts as text */
    size_t i;
    jv *v;
} sorted_entry;

static int cmp_entry(const void *a, const void *b)
{
    const sorted_entry *x = a, *y = b;
    int c = strcmp(x->date, y->date);
    return c ? c : x->i < y->i ? -1 : x->i > y->i;
}
/* " at least 49": a claim's figure with its qualifier ("exact" goes unsaid). */
static int put_figure(buf *t, const jv *claim)
{
    const char *q = report_s(claim, "qualifier", "exact");
    int rc = buf_putc(t, ' ');
    for (; !rc && strcmp(q, "exact") && *q; q++) /* at_least: "at least " */
        rc = buf_putc(t, *q == '_' ? ' ' : *q) || (!q[1] && buf_putc(t, ' '));
    return rc || buf_printf(t, "%lld", jv_int(jv_get(claim, "num")));
}

static int timeline_text(const model *m, const jv *doc, buf *t)
{
    cites c = {0};
    const jv *es = jv_get(doc, "entries");
    int rc = buf_printf(t, "%s (%s): %zu entries\n", report_s(doc, "actor", ""),
                        report_s(doc, "name", ""), jv_len(es));
    for (size_t i = 0; !rc && i < jv_len(es); i++) {
        const jv *e = jv_at(es, i), *srcs = jv_get(e, "sources");
        const char *to = report_s(e, "to", NULL);
        char span[32];
        fmt_into(span, sizeof span, "%s%s%s", report_s(e, "date", "?"), to ? ".." : "",
                 to ? to : "");
        rc = buf_printf(t, "%-22s ", span);
        if (!rc && strcmp(report_s(e, "kind", ""), "event") == 0) {
            const jv *ac = jv_get(e, "actors"), *re = jv_get(e, "recipients");
            rc = buf_printf(t, "%s%s%s", report_s(e, "type", ""),
                            jv_str(jv_get(e, "mode")) ? " " : "", report_s(e, "mode", ""));
            for (size_t k = 0; !rc && k < jv_len(ac); k++)
                rc = buf_printf(t, "%s%s", k ? "," : " ", jv_str(jv_at(ac, k)));
            for (size_t k = 0; !rc && k < jv_len(re); k++)
                rc = buf_printf(t, "%s%s", k ? "," : " -> ", jv_str(jv_at(re, k)));
            if (!rc && jv_str(jv_get(e, "note")))
                rc = buf_printf(t, ": %s", report_s(e, "note", ""));
        } else if (!rc) {
            rc = buf_printf(t, "%s", report_s(e, "what", ""));
            const jv *only = jv_at(jv_get(e, "claims"), 0);
            if (!rc && jv_len(jv_get(e, "claims")) == 1 && jv_get(only, "num"))
                rc = buf_putc(t, ':') || put_figure(t, only);
        }
        if (!rc)
            rc = buf_puts(t, " [");
        for (size_t k = 0; !rc && k < jv_len(srcs); k++)
            rc = buf_printf(t, "%s%zu", k ? "," : "", report_cite(&c, jv_str(jv_at(srcs, k))));
        if (!rc)
            rc = buf_puts(t, "]\n");
        const jv *claims = jv_get(e, "claims");
        if (!rc && jv_typeof(jv_get(e, "disputed")) == JV_TRUE)
            for (size_t k = 0; !rc && k < jv_len(claims); k++) {
                const jv *cl = jv_at(claims, k), *cs = jv_get(cl, "sources");
                rc = buf_printf(t, "%24s claim: %s%s%s", "",
                                report_s(cl, "date", report_s(cl, "from", "")),
                                jv_str(jv_get(cl, "date")) || jv_str(jv_get(cl, "from")) ? " " : "",
                                report_s(cl, "what", report_s(cl, "type", "")));
                if (!rc && jv_get(cl, "status"))
                    rc = buf_printf(t, " (%s)", report_s(cl, "status", ""));
                if (!rc && jv_get(cl, "num"))
                    rc = buf_putc(t, ':') || put_figure(t, cl);
                if (!rc)
                    rc = buf_puts(t, " [");
                for (size_t j = 0; !rc && j < jv_len(cs); j++)
                    rc =
                        buf_printf(t, "%s%zu", j ? "," : "", report_cite(&c, jv_str(jv_at(cs, j))));
                if (!rc)
                    rc = buf_puts(t, "]\n");
            }
        const jv *ds = jv_get(e, "details");
        for (size_t k = 0; !rc && k < jv_len(ds); k++) {
            const jv *d = jv_at(ds, k), *cl = jv_get(d, "claims");
            rc = buf_printf(t, "%24s%s%s%s:", "", report_s(d, "key", ""),
                            jv_str(jv_get(d, "subject")) ? " " : "", report_s(d, "subject", ""));
            for (size_t j = 0; !rc && j < jv_len(cl); j++) {
                const jv *x = jv_at(cl, j), *cs = jv_get(x, "sources");
                rc = buf_printf(t, "%s", j ? " |" : "");
                if (!rc && jv_get(x, "num"))
                    rc = put_figure(t, x);
                if (!rc && jv_str(jv_get(x, "value")))
                    rc = buf_printf(t, " %s", report_s(x, "value", ""));
                if (!rc && jv_str(jv_get(x, "date")))
                    rc = buf_printf(t, " (%s)", report_s(x, "date", ""));
                if (!rc)
                    rc = buf_puts(t, " [");
                for (size_t q = 0; !rc && q < jv_len(cs); q++)
                    rc =
                        buf_printf(t, "%s%zu", q ? "," : "", report_cite(&c, jv_str(jv_at(cs, q))));
                if (!rc)
                    rc = buf_putc(t, ']');
            }
            if (!rc && jv_typeof(jv_get(d, "disputed")) == JV_TRUE)
                rc = buf_puts(t, "  (sources disagree)");
            if (!rc)
                rc = buf_putc(t, '\n');
        }
    }
    if (!rc)
        rc = report_footnotes(m, &c, t);
    free(c.v);
    return rc;
}

static int span_arg(bloc_db *db, const char *what, const char *s, int last, bloc_date *d)
{
    char err[256];
    *d = 0;
    if (!s)
        return BLOC_OK;
    if (bloc_date_parse(s, d, err, sizeof err))
        return db_err(db, BLOC_EPARSE, "%s: %s", what, err);
    *d = last ? bloc_date_last(*d) : bloc_date_first(*d);
    return BLOC_OK;
}

int bloc_timeline(bloc_db *db, const char *arg, const char *from, const char *to, bloc_format fmt,
                  char **out)
{
    actor *a;
    int rc = report_actor(db, arg, NULL, "actor", &a);
    const model *m = &db->m;
    tl t = {.db = db, .m = m, .a = a};
    if (!rc)
        rc = span_arg(db, "--from", from, 0, &t.first);
    if (!rc)
        rc = span_arg(db, "--to", to, 1, &t.last);
    if (!rc && t.first && t.last && t.first > t.last)
        rc = db_err(db, BLOC_EINVAL, "--from %s comes after --to %s", from, to);
    if (rc)
        return rc;
    const idlist *lists[] = {&a->own, &a->spells, &a->offices, &a->treaties};
    size_t total = 0, n = 0;
    for (size_t l = 0; l < 4; l++)
        total += lists[l]->n;
    uint32_t *ix = malloc((total ? total : 1) * sizeof *ix);
    t.event_seen = calloc(m->nevents ? m->nevents : 1, 1);
    t.fact_seen = calloc(m->nfacts ? m->nfacts : 1, 1);
    t.entries = jv_array();
    int bad = !ix || !t.event_seen || !t.fact_seen || !t.entries;
    for (size_t l = 0; !bad && l < 4; l++)
        for (size_t i = 0; i < lists[l]->n; i++) {
            const mfact *f = &m->facts[lists[l]->v[i]];
            if (!f->dead && f->kind != FACT_NAME && f->kind != FACT_ACTOR)
                ix[n++] = lists[l]->v[i];
        }
    /* the events it took part in, and the procedure that followed each */
    for (size_t i = 0; !bad && i < n; i++) {
        const mfact *f = &m->facts[ix[i]];
        if (f->kind != FACT_EVENT)
            continue;
        event *e = model_event(m, f->s[0]);
        uint32_t *desc = NULL;
        size_t nd = 0;
        uint32_t self = (uint32_t)(e - m->events);
        if (!t.event_seen[self]) {
            t.event_seen[self] = 1;
            bad |= event_entry(&t, e);
        }
        if (!bad && event_descendants(m, e, &desc, &nd))
            bad = 1;
        for (size_t k = 0; !bad && k < nd; k++)
            if (!t.event_seen[desc[k]]) {
                t.event_seen[desc[k]] = 1;
                bad |= event_entry(&t, &m->events[desc[k]]);
            }
        free(desc);
    }
    for (size_t i = 0; !bad && i < n; i++) {
        int k = m->facts[ix[i]].kind;
        if (k != FACT_EVENT && k != FACT_DETAIL)
            bad |= fact_entry(&t, ix, n, i);
    }
    free(ix);
    free(t.event_seen);
    free(t.fact_seen);
    /* in date order (ISO dates sort as text; undated last), stable */
    size_t ne = bad ? 0 : jv_len(t.entries);
    sorted_entry *v = malloc((ne ? ne : 1) * sizeof *v);
    jv *sorted = jv_array();
    bad |= !v || !sorted;
    for (size_t i = 0; !bad && i < ne; i++) {
        jv *e = jv_at(t.entries, i);
        v[i] = (sorted_entry){report_s(e, "date", "~"), i, e}; /* undated last */
    }
    if (!bad)
        qsort(v, ne, sizeof *v, cmp_entry);
    for (size_t i = 0; !bad && i < ne; i++)
        bad |= jv_push(sorted, jv_ref(v[i].v));
    free(v);
    jv_free(t.entries);
    jv *doc = jv_object();
    bad |= !doc;
    if (!bad) {
        bad |= jv_set(doc, "actor", jv_string(model_str(m, a->id)));
        bad |= jv_set(doc, "name", jv_string(model_display_name(m, a, "en")));
        bad |= jv_set(doc, "type", jv_string(model_str(m, model_actor_type(m, a))));
        bad |= report_date(doc, "from", t.first);
        bad |= report_date(doc, "to", t.last);
        bad |= jv_set(doc, "entries", sorted);
    } else {
        jv_free(sorted);
    }
    if (bad) {
        jv_free(doc);
        doc = NULL;
    }
    return report_finish(db, fmt, doc, timeline_text, out);
}
