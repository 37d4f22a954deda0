/*
 * cohesion/cohesion.c - `bloc cohesion ORG`: the signals against a bloc's
 * cohesion, each with its evidence and sources, and a yearly series.
 *
 * Derived, never stored by hand. From the record of events and membership:
 *   arms_to_adversary    a member arms a non-member that has fought a member
 *                        (AID mode arms/military; "fought": an ASSAULT between
 *                        them anywhere in the record, given as evidence)
 *   intra_bloc_conflict  an ASSAULT with members on both sides
 *   rival_partnership    a member's military or security cooperation (COOPERATE,
 *                        AGREE, AID, CONSULT with mode military/security/arms)
 *                        with a party to another defence pact none of the
 *                        bloc's members belongs to that year (or with that pact)
 *   freeze, payment_stop, boycott, leave_threat, ...
 *                        a member's act against the bloc (RETREAT, REJECT,
 *                        THREATEN, PROTEST, ACCUSE, SANCTION with the bloc among
 *                        the recipients); the kind is the event's mode
 *   suspended, frozen, withdrawing, withdrawn
 *                        membership spells in those statuses
 * A member is a state in good standing at some point of the year.
 */
#include <stdlib.h>
#include <string.h>

#include "events/events.h"
#include "membership/membership.h"
#include "report/report.h"
#include "rules/treaty.h"

#define MAXYEARS 1000

typedef struct ctx {
    const model *m;
    const actor *org;
    int y0, y1;
    jv *signals;
    sym assault, aid, arms, military, security, cooperate, agree, consult, defense;
    const uint32_t *clashes; /* indexes of ASSAULT events */
    size_t nclashes;
} ctx;

static bloc_date jan1(int y)
{
    return (bloc_date)(y * 10000 + 101);
}

static bloc_date dec31(int y)
{
    return (bloc_date)(y * 10000 + 1231);
}

static int member_in(const ctx *c, sym state, int y)
{
    return state && membership_overlap(c->m, c->org, state, jan1(y), dec31(y));
}

/* The years of an event, clipped to the asked range: [*a, *b]. */
static int event_years(const ctx *c, const mfact *f, int *a, int *b)
{
    *a = f->from / 10000;
    *b = *a;
    if (f->to) {
        bloc_date last = bloc_date_first(f->to) == f->to && f->to % 10000 == 101
                             ? f->to - 10000 + 1130 /* ends on 1 January: the year before */
                             : f->to;
        *b = last / 10000 > *a ? last / 10000 : *a;
    }
    if (*a < c->y0)
        *a = c->y0;
    if (*b > c->y1)
        *b = c->y1;
    return *a <= *b;
}

static int push_unique_str(jv *arr, const char *s)
{
    for (size_t i = 0; i < jv_len(arr); i++)
        if (strcmp(jv_str(jv_at(arr, i)), s) == 0)
            return 0;
    return jv_push(arr, jv_string(s));
}

/* Add year y to arr once (sorted at the end, in finish()). */
static int push_year(jv *arr, int y)
{
    for (size_t i = 0; i < jv_len(arr); i++)
        if (jv_int(jv_at(arr, i)) == y)
            return 0;
    return jv_push(arr, jv_integer(y));
}

/* The signal of this kind whose key fields equal (k1=v1, k2=v2), made if new. */
static jv *signal_for(ctx *c, const char *kind, const char *k1, const char *v1, const char *k2,
                      const char *v2)
{
    for (size_t i = 0; i < jv_len(c->signals); i++) {
        jv *s = jv_at(c->signals, i);
        if (strcmp(report_s(s, "kind", ""), kind) == 0 && strcmp(report_s(s, k1, ""), v1) == 0 &&
            (!k2 || strcmp(report_s(s, k2, ""), v2) == 0))
            return s;
    }
    jv *s = jv_object();
    if (!s)
        return NULL;
    int bad = jv_set(s, "kind", jv_string(kind));
    bad |= jv_set(s, k1, jv_string(v1));
    if (k2)
        bad |= jv_set(s, k2, jv_string(v2));
    bad |= jv_set(s, "years", jv_array());
    bad |= jv_set(s, "events", jv_array());
    bad |= jv_set(s, "sources", jv_array());
    if (bad || jv_push(c->signals, s))
        return NULL;
    return jv_at(c->signals, jv_len(c->signals) - 1);
}

/* Record event e (its id and every source of it) as evidence of signal s. */
static int evidence(const ctx *c, jv *s, const event *e)
{
    int bad = push_unique_str(jv_get(s, "events"), model_str(c->m, e->id));
    for (size_t i = 0; !bad && i < e->facts.n; i++) {
        const mfact *f = &c->m->facts[e->facts.v[i]];
        if (!f->dead)
            bad |= push_unique_str(jv_get(s, "sources"), model_str(c->m, f->src));
    }
    return bad;
}

/* Have states a and b fought (an ASSAULT with one on each side)? The first such
 * event, or NULL. */
static const event *fought(const ctx *c, sym a, sym b)
{
    for (size_t i = 0; i < c->nclashes; i++) {
        const event *e = &c->m->events[c->clashes[i]];
        const mfact *f = event_main(c->m, e);
        sym x[MODEL_MAXLIST], y[MODEL_MAXLIST];
        size_t nx = event_states(c->m, f, 3, x), ny = event_states(c->m, f, 4, y);
        int ax = 0, bx = 0, ay = 0, by = 0;
        for (size_t k = 0; k < nx; k++)
            ax |= x[k] == a, bx |= x[k] == b;
        for (size_t k = 0; k < ny; k++)
            ay |= y[k] == a, by |= y[k] == b;
        if ((ax && by) || (bx && ay))
            return e;
    }
    return NULL;
}

/* Is org o a defence pact in force in year y that none of the bloc's members
 * that year belongs to? */
static int rival_org(const ctx *c, const actor *o, int y)
{
    const model *m = c->m;
    if (o == c->org || !o->treaties.n)
        return 0;
    int defence = 0;
    for (size_t ti = 0; !defence && ti < m->ntreaties; ti++) {
        const treaty *t = &m->treaties[ti];
        if (t->org != o->id || !treaty_in_force_during(m, t, jan1(y), dec31(y)))
            continue;
        for (size_t i = 0; !defence && i < t->provisions.n; i++) {
            const mfact *p = &m->facts[t->provisions.v[i]];
            defence = p->s[2] == c->defense && provision_during(p, jan1(y), dec31(y));
        }
    }
    if (!defence)
        return 0;
    for (size_t i = 0; i < o->nos; i++) {
        const mfact *f = &m->facts[o->os[i].fact];
        if (member_in(c, f->s[1], y) && membership_overlap(m, o, f->s[1], jan1(y), dec31(y)))
            return 0; /* shares a member with the bloc */
    }
    return 1;
}

/* The rival pacts x (a state or a pact) stands in for in year y, into out (up
 * to cap); returns how many. */
static size_t rivals_of(const ctx *c, sym x, int y, sym *out, size_t cap)
{
    const model *m = c->m;
    const actor *a = model_actor(m, x);
    size_t n = 0;
    if (!a)
        return 0;
    if (model_actor_type(m, a) == m->k_org) {
        if (rival_org(c, a, y))
            out[n++] = a->id;
        return n;
    }
    if (member_in(c, x, y))
        return 0;
    for (size_t i = 0; i < m->nactors && n < cap; i++) {
        const actor *o = &m->actors[i];
        if (o->nos && o != c->org && membership_overlap(m, o, x, jan1(y), dec31(y)) &&
            rival_org(c, o, y))
            out[n++] = o->id;
    }
    return n;
}

static int arms_signal(ctx *c, const event *e, const mfact *f)
{
    sym sup[MODEL_MAXLIST], rec[MODEL_MAXLIST];
    size_t ns = event_states(c->m, f, 3, sup), nr = event_states(c->m, f, 4, rec);
    int a, b, bad = 0;
    if (!event_years(c, f, &a, &b))
        return 0;
    for (size_t i = 0; !bad && i < ns; i++)
        for (size_t j = 0; !bad && j < nr; j++) {
            jv *s = NULL;
            for (int y = a; !bad && y <= b; y++) {
                if (!member_in(c, sup[i], y) || member_in(c, rec[j], y))
                    continue;
                /* a member (other than the supplier) the recipient has fought */
                for (size_t k = 0; !bad && k < c->org->nos; k++) {
                    sym mbr = c->m->facts[c->org->os[k].fact].s[1];
                    const event *clash;
                    if (mbr == sup[i] || !member_in(c, mbr, y) || !(clash = fought(c, rec[j], mbr)))
                        continue;
                    if (!s && !(s = signal_for(c, "arms_to_adversary", "supplier",
                                               model_str(c->m, sup[i]), "recipient",
                                               model_str(c->m, rec[j]))))
                        return 1;
                    if (!jv_get(s, "adversary_of"))
                        bad |= jv_set(s, "adversary_of", jv_array());
                    if (!jv_get(s, "fought_in"))
                        bad |= jv_set(s, "fought_in", jv_array());
                    bad |= push_unique_str(jv_get(s, "adversary_of"), model_str(c->m, mbr));
                    bad |= push_unique_str(jv_get(s, "fought_in"), model_str(c->m, clash->id));
                    bad |= push_year(jv_get(s, "years"), y);
                    bad |= evidence(c, s, e);
                }
            }
        }
    return bad;
}

static int clash_signal(ctx *c, const event *e, const mfact *f)
{
    sym x[MODEL_MAXLIST], y[MODEL_MAXLIST];
    size_t nx = event_states(c->m, f, 3, x), ny = event_states(c->m, f, 4, y);
    int a, b, bad = 0;
    if (!event_years(c, f, &a, &b))
        return 0;
    for (size_t i = 0; !bad && i < nx; i++)
        for (size_t j = 0; !bad && j < ny; j++) {
            if (x[i] == y[j] || !member_in(c, x[i], a) || !member_in(c, y[j], a))
                continue;
            const char *p = model_str(c->m, x[i]), *q = model_str(c->m, y[j]);
            if (strcmp(p, q) > 0) {
                const char *t = p;
                p = q;
                q = t;
            }
            jv *s = signal_for(c, "intra_bloc_conflict", "state", p, "other", q);
            if (!s)
                return 1;
            if (!jv_get(s, "states")) {
                jv *st = jv_array();
                bad |= !st || jv_push(st, jv_string(p)) || jv_push(st, jv_string(q));
                bad |= jv_set(s, "states", st);
            }
            for (int yy = a; yy <= b; yy++)
                bad |= push_year(jv_get(s, "years"), yy);
            bad |= evidence(c, s, e);
        }
    return bad;
}

static int partnership_signal(ctx *c, const event *e, const mfact *f)
{
    sym x[MODEL_MAXLIST], y[MODEL_MAXLIST];
    size_t nx = model_list(c->m, f->s[3], x), ny = model_list(c->m, f->s[4], y);
    int a, b, bad = 0;
    if (!event_years(c, f, &a, &b))
        return 0;
    for (int side = 0; side < 2; side++) {
        sym *us = side ? y : x, *them = side ? x : y;
        size_t nu = side ? ny : nx, nt = side ? nx : ny;
        for (size_t i = 0; !bad && i < nu; i++) {
            sym st = event_state(c->m, us[i]);
            for (size_t j = 0; !bad && j < nt; j++) {
                sym partner = model_actor_type(c->m, model_actor(c->m, them[j])) == c->m->k_org
                                  ? them[j]
                                  : event_state(c->m, them[j]);
                for (int yy = a; !bad && yy <= b; yy++) {
                    sym rv[16];
                    size_t nrv = member_in(c, st, yy) ? rivals_of(c, partner, yy, rv, 16) : 0;
                    if (!nrv)
                        continue;
                    jv *s = signal_for(c, "rival_partnership", "member", model_str(c->m, st),
                                       "partner", model_str(c->m, partner));
                    if (!s)
                        return 1;
                    if (!jv_get(s, "rival_pacts"))
                        bad |= jv_set(s, "rival_pacts", jv_array());
                    for (size_t r = 0; r < nrv; r++)
                        bad |= push_unique_str(jv_get(s, "rival_pacts"), model_str(c->m, rv[r]));
                    bad |= push_year(jv_get(s, "years"), yy);
                    bad |= evidence(c, s, e);
                }
            }
        }
    }
    return bad;
}

static int against_signal(ctx *c, const event *e, const mfact *f)
{
    sym x[MODEL_MAXLIST];
    size_t nx = event_states(c->m, f, 3, x);
    int a, b, bad = 0;
    if (!event_years(c, f, &a, &b) || !event_lists(c->m, f->s[4], c->org->id))
        return 0;
    char kind[80];
    const char *type = model_str(c->m, f->s[1]);
    if (f->s[2])
        fmt_into(kind, sizeof kind, "%s", model_str(c->m, f->s[2]));
    else {
        size_t n = 0;
        for (; type[n] && n + 1 < sizeof kind; n++)
            kind[n] = (char)(type[n] >= 'A' && type[n] <= 'Z' ? type[n] + 32 : type[n]);
        kind[n] = 0;
    }
    for (size_t i = 0; !bad && i < nx; i++) {
        if (!member_in(c, x[i], a))
            continue;
        jv *s = signal_for(c, kind, "state", model_str(c->m, x[i]), NULL, NULL);
        if (!s)
            return 1;
        if (!jv_get(s, "first"))
            bad |= report_date(s, "first", f->from);
        if (!jv_get(s, "event_type"))
            bad |= jv_set(s, "event_type", jv_string(type));
        for (int yy = a; yy <= b; yy++)
            bad |= push_year(jv_get(s, "years"), yy);
        bad |= evidence(c, s, e);
    }
    return bad;
}

/* Spells in a status against the bloc: suspended, frozen, withdrawing, withdrawn. */
static int status_signals(ctx *c)
{
    static const char *const statuses[] = {"suspended", "frozen", "withdrawing", "withdrawn"};
    /* a frozen status is the same signal as a freeze event */
    static const char *const kinds[] = {"suspended", "freeze", "withdrawing", "withdrawn"};
    const model *m = c->m;
    int bad = 0;
    for (size_t i = 0; !bad && i < c->org->nos; i++) {
        const mfact *f = &m->facts[c->org->os[i].fact];
        const char *st = model_str(m, f->s[2]);
        size_t k = 0;
        while (k < 4 && strcmp(statuses[k], st) != 0)
            k++;
        if (f->dead || k == 4)
            continue;
        /* `to` is the first day it no longer holds: a spell ending on 1 January
         * held last the year before (as in event_years) */
        int a = f->from / 10000, b = !f->to ? c->y1
                                     : bloc_date_first(f->to) == f->to && f->to % 10000 == 101
                                         ? f->to / 10000 - 1
                                         : f->to / 10000;
        if (k == 0 || k == 3) /* an exit: the year it took effect */
            b = a;
        if (a < c->y0)
            a = c->y0;
        if (b > c->y1)
            b = c->y1;
        if (a > b)
            continue;
        jv *s = signal_for(c, kinds[k], "state", model_str(m, f->s[1]), NULL, NULL);
        if (!s)
            return 1;
        if (!jv_get(s, "first"))
            bad |= report_date(s, "first", f->from);
        for (int y = a; y <= b; y++)
            bad |= push_year(jv_get(s, "years"), y);
        bad |= push_unique_str(jv_get(s, "sources"), model_str(m, f->src));
    }
    return bad;
}

static int cmp_int(const void *a, const void *b)
{
    long long x = *(const long long *)a, y = *(const long long *)b;
    return x < y ? -1 : x > y;
}

/* Sort each signal's years; build the yearly series. */
static jv *finish(ctx *c)
{
    jv *series = jv_array();
    int bad = !series;
    size_t ny = (size_t)(c->y1 - c->y0 + 1);
    for (size_t i = 0; !bad && i < jv_len(c->signals); i++) {
        jv *s = jv_at(c->signals, i), *ys = jv_get(s, "years"), *sorted = jv_array();
        size_t n = jv_len(ys);
        long long *v = malloc((n ? n : 1) * sizeof *v);
        bad |= !v || !sorted;
        for (size_t k = 0; !bad && k < n; k++)
            v[k] = jv_int(jv_at(ys, k));
        if (!bad)
            qsort(v, n, sizeof *v, cmp_int);
        for (size_t k = 0; !bad && k < n; k++)
            bad |= jv_push(sorted, jv_integer(v[k]));
        free(v);
        bad |= jv_set(s, "years", sorted);
    }
    for (size_t yi = 0; !bad && yi < ny; yi++) {
        int y = c->y0 + (int)yi;
        jv *row = jv_object(), *kinds = jv_object();
        long total = 0;
        bad |= !row || !kinds;
        for (size_t i = 0; !bad && i < jv_len(c->signals); i++) {
            jv *s = jv_at(c->signals, i), *ys = jv_get(s, "years");
            int hit = 0;
            for (size_t k = 0; k < jv_len(ys); k++)
                hit |= jv_int(jv_at(ys, k)) == y;
            if (!hit)
                continue;
            const char *kind = report_s(s, "kind", "");
            bad |= jv_set(kinds, kind, jv_integer(jv_int(jv_get(kinds, kind)) + 1));
            total++;
        }
        if (!bad) {
            bad |= jv_set(row, "year", jv_integer(y));
            bad |= jv_set(row, "signals", jv_integer(total));
            bad |= jv_set(row, "by_kind", kinds);
            bad |= jv_push(series, row);
        } else {
            jv_free(row);
            jv_free(kinds);
        }
    }
    if (bad) {
        jv_free(series);
        return NULL;
    }
    return series;
}

static int cohesion_text(const model *m, const jv *doc, buf *t)
{
    cites c = {0};
    const jv *sig = jv_get(doc, "signals"), *series = jv_get(doc, "series");
    int rc = buf_printf(t, "Cohesion of %s, %lld-%lld: %zu signals\n", report_s(doc, "org", ""),
                        jv_int(jv_get(doc, "from")), jv_int(jv_get(doc, "to")), jv_len(sig));
    for (size_t i = 0; !rc && i < jv_len(sig); i++) {
        const jv *s = jv_at(sig, i), *ys = jv_get(s, "years"), *srcs = jv_get(s, "sources");
        const char *kind = report_s(s, "kind", "");
        rc = buf_printf(t, "\n  %-20s ", kind);
        if (!rc && jv_get(s, "supplier"))
            rc = buf_printf(t, "%s arms %s (who fought %s)", report_s(s, "supplier", ""),
                            report_s(s, "recipient", ""),
                            jv_str(jv_at(jv_get(s, "adversary_of"), 0)));
        else if (!rc && jv_get(s, "other"))
            rc = buf_printf(t, "%s and %s, both members, fought", report_s(s, "state", ""),
                            report_s(s, "other", ""));
        else if (!rc && jv_get(s, "member")) {
            const jv *rp = jv_get(s, "rival_pacts");
            rc = buf_printf(t, "%s with %s (party to", report_s(s, "member", ""),
                            report_s(s, "partner", ""));
            for (size_t k = 0; !rc && k < jv_len(rp); k++)
                rc = buf_printf(t, "%s %s", k ? "," : "", jv_str(jv_at(rp, k)));
            if (!rc)
                rc = buf_putc(t, ')');
        } else if (!rc)
            rc = buf_printf(t, "%s", report_s(s, "state", ""));
        long long y0 = jv_int(jv_at(ys, 0)), y1 = jv_int(jv_at(ys, jv_len(ys) - 1));
        if (!rc && jv_len(ys) == 1)
            rc = buf_printf(t, "; %lld", y0);
        else if (!rc && jv_len(ys))
            rc = buf_printf(t, "; %lld-%lld%s", y0, y1,
                            (long long)jv_len(ys) == y1 - y0 + 1 ? "" : " (some years)");
        if (!rc)
            rc = buf_puts(t, "  [");
        for (size_t k = 0; !rc && k < jv_len(srcs); k++)
            rc = buf_printf(t, "%s%zu", k ? "," : "", report_cite(&c, jv_str(jv_at(srcs, k))));
        if (!rc)
            rc = buf_putc(t, ']');
    }
    if (!rc)
        rc = buf_puts(t, "\n\nSignals per year:\n");
    for (size_t i = 0; !rc && i < jv_len(series); i++) {
        const jv *r = jv_at(series, i);
        long long n = jv_int(jv_get(r, "signals"));
        rc = buf_printf(t, "  %lld %3lld ", jv_int(jv_get(r, "year")), n);
        for (long long k = 0; !rc && k < n && k < 60; k++)
            rc = buf_putc(t, '#');
        if (!rc)
            rc = buf_putc(t, '\n');
    }
    if (!rc)
        rc = report_footnotes(m, &c, t);
    free(c.v);
    return rc;
}

/* A year argument ("2022" or any date: its year), or dflt when NULL. */
static int year_arg(bloc_db *db, const char *what, const char *s, int dflt, int *y)
{
    char err[256];
    bloc_date d;
    if (!s) {
        *y = dflt;
        return BLOC_OK;
    }
    if (bloc_date_parse(s, &d, err, sizeof err))
        return db_err(db, BLOC_EPARSE, "%s: %s", what, err);
    *y = d / 10000;
    return BLOC_OK;
}

int bloc_cohesion(bloc_db *db, const char *org_arg, const char *from, const char *to,
                  bloc_format fmt, char **out)
{
    actor *org;
    bloc_date today;
    int rc = report_actor(db, org_arg, "org", "organization", &org);
    if (!rc)
        rc = report_on(db, NULL, &today);
    if (rc)
        return rc;
    const model *m = &db->m;
    ctx c = {.m = m, .org = org};
    int first = today / 10000;
    for (size_t i = 0; i < org->nos; i++)
        if (org->os[i].from && org->os[i].from / 10000 < first)
            first = org->os[i].from / 10000;
    if ((rc = year_arg(db, "--from", from, first, &c.y0)) ||
        (rc = year_arg(db, "--to", to, today / 10000, &c.y1)))
        return rc;
    if (c.y0 > c.y1)
        return db_err(db, BLOC_EINVAL, "--from %d comes after --to %d", c.y0, c.y1);
    if (c.y1 - c.y0 >= MAXYEARS)
        return db_err(db, BLOC_ELIMIT, "at most %d years at a time", MAXYEARS);
    c.assault = intern_find(&m->syms, "ASSAULT");
    c.aid = intern_find(&m->syms, "AID");
    c.arms = intern_find(&m->syms, "arms");
    c.military = intern_find(&m->syms, "military");
    c.security = intern_find(&m->syms, "security");
    c.cooperate = intern_find(&m->syms, "COOPERATE");
    c.agree = intern_find(&m->syms, "AGREE");
    c.consult = intern_find(&m->syms, "CONSULT");
    c.defense = intern_find(&m->syms, "defense");
    static const char *const against[] = {"RETREAT", "REJECT", "THREATEN",
                                          "PROTEST", "ACCUSE", "SANCTION"};
    uint32_t *clashes = malloc((m->nevents ? m->nevents : 1) * sizeof *clashes);
    c.signals = jv_array();
    int bad = !clashes || !c.signals;
    for (size_t i = 0; !bad && i < m->nevents; i++) {
        const mfact *f = event_main(m, &m->events[i]);
        if (f && f->s[1] == c.assault)
            clashes[c.nclashes++] = (uint32_t)i;
    }
    c.clashes = clashes;
    for (size_t i = 0; !bad && i < m->nevents; i++) {
        const event *e = &m->events[i];
        const mfact *f = event_main(m, e);
        if (!f)
            continue;
        int mil = f->s[2] && (f->s[2] == c.military || f->s[2] == c.security || f->s[2] == c.arms);
        if (f->s[1] == c.aid && mil)
            bad |= arms_signal(&c, e, f);
        if (f->s[1] == c.assault)
            bad |= clash_signal(&c, e, f);
        if (mil && (f->s[1] == c.cooperate || f->s[1] == c.agree || f->s[1] == c.aid ||
                    f->s[1] == c.consult))
            bad |= partnership_signal(&c, e, f);
        for (size_t k = 0; k < sizeof against / sizeof *against; k++)
            if (strcmp(model_str(m, f->s[1]), against[k]) == 0)
                bad |= against_signal(&c, e, f);
    }
    if (!bad)
        bad |= status_signals(&c);
    free(clashes);
    jv *series = bad ? NULL : finish(&c);
    jv *doc = jv_object();
    bad |= !series || !doc;
    if (!bad) {
        bad |= jv_set(doc, "org", jv_string(model_str(m, org->id)));
        bad |= jv_set(doc, "from", jv_integer(c.y0));
        bad |= jv_set(doc, "to", jv_integer(c.y1));
        bad |= jv_set(doc, "signals", c.signals);
        bad |= jv_set(doc, "series", series);
    } else {
        jv_free(c.signals);
        jv_free(series);
    }
    if (bad) {
        jv_free(doc);
        doc = NULL;
    }
    return report_finish(db, fmt, doc, cohesion_text, out);
}
