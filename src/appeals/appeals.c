/*
 * appeals/appeals.c - `bloc appeals ORG`: every appeal a member made to the
 * organization, what it asked, whether a treaty obligation was triggered, what
 * was decided and delivered, how fast, and whether the obligation was honoured;
 * and the organization's reliability (honoured / triggered).
 *
 * Derived, never stored: "triggered" is the answer of bloc_obligations() for
 * the requester on the appeal's day (attackers: the states of the appeal's
 * cause; an internal cause frames the crisis as internal); "honoured" compares
 * what the obligation asked with what the procedure delivered:
 *   - defense: honoured when a deployment, or military/material aid, followed;
 *   - consultation: honoured when the organ met (a session) or consulted;
 *   - nothing triggered: null (nothing was owed).
 * This is the measure of alliance reliability the field uses (Leeds 2003:
 * did the allies act as the treaty says when its casus foederis arose).
 */
#include <stdlib.h>
#include <string.h>

#include "events/events.h"
#include "report/report.h"

typedef struct akeys {
    sym appeal, session, decision, mission, deployment, withdrawal, aid, consult, article, asked,
        outcome, scope, internal, size, contributor, position;
} akeys;

static void find_keys(const model *m, akeys *k)
{
    k->appeal = intern_find(&m->syms, "appeal");
    k->session = intern_find(&m->syms, "session");
    k->decision = intern_find(&m->syms, "decision");
    k->mission = intern_find(&m->syms, "mission");
    k->deployment = intern_find(&m->syms, "deployment");
    k->withdrawal = intern_find(&m->syms, "withdrawal");
    k->aid = intern_find(&m->syms, "AID");
    k->consult = intern_find(&m->syms, "CONSULT");
    k->article = intern_find(&m->syms, "article");
    k->asked = intern_find(&m->syms, "asked");
    k->outcome = intern_find(&m->syms, "outcome");
    k->scope = intern_find(&m->syms, "scope");
    k->internal = intern_find(&m->syms, "internal");
    k->size = intern_find(&m->syms, "size");
    k->contributor = intern_find(&m->syms, "contributor");
    k->position = intern_find(&m->syms, "position");
}

static int push_str(jv *arr, const char *s)
{
    return jv_push(arr, jv_string(s));
}

/* The sources of every live fact of e, each once, pushed onto srcs. */
static int event_sources(const model *m, const event *e, jv *srcs)
{
    int bad = 0;
    for (size_t i = 0; !bad && i < e->facts.n; i++) {
        const mfact *f = &m->facts[e->facts.v[i]];
        const char *s = model_str(m, f->src);
        int seen = f->dead;
        for (size_t k = 0; !seen && k < jv_len(srcs); k++)
            seen = strcmp(jv_str(jv_at(srcs, k)), s) == 0;
        if (!seen)
            bad |= push_str(srcs, s);
    }
    return bad;
}

/* What one step of the procedure was, as an object. */
static jv *step_json(const model *m, const akeys *k, const event *e, jv *srcs)
{
    const mfact *f = event_main(m, e), *d;
    jv *o = jv_object(), *contrib = jv_array(), *pos = jv_array();
    int bad = !o || !contrib || !pos || !f;
    if (bad) {
        jv_free(o);
        jv_free(contrib);
        jv_free(pos);
        return NULL;
    }
    bad |= jv_set(o, "id", jv_string(model_str(m, e->id)));
    bad |= jv_set(o, "type", jv_string(model_str(m, f->s[1])));
    if (f->s[2])
        bad |= jv_set(o, "mode", jv_string(model_str(m, f->s[2])));
    bad |= report_date(o, "date", f->from);
    if (f->to)
        bad |= report_date(o, "to", f->to);
    if ((d = event_detail(m, e, k->outcome)))
        bad |= jv_set(o, "outcome", jv_string(model_str(m, d->s[3])));
    if ((d = event_detail(m, e, k->size)) && d->s[4]) {
        bad |= jv_set(o, "size", jv_integer(d->num));
        bad |= jv_set(o, "size_qualifier", jv_string(model_str(m, d->s[4])));
    }
    for (size_t i = 0; i < e->facts.n; i++) {
        const mfact *x = &m->facts[e->facts.v[i]];
        if (x->dead || x->kind != FACT_DETAIL || !x->s[2])
            continue;
        if (x->s[1] == k->contributor) {
            int seen = 0;
            for (size_t j = 0; j < jv_len(contrib); j++)
                seen |=
                    strcmp(jv_str(jv_get(jv_at(contrib, j), "state")), model_str(m, x->s[2])) == 0;
            if (seen)
                continue;
            jv *c = jv_object();
            bad |= !c;
            if (c) {
                bad |= jv_set(c, "state", jv_string(model_str(m, x->s[2])));
                if (x->s[4])
                    bad |= jv_set(c, "size", jv_integer(x->num));
                bad |= jv_push(contrib, c);
            }
        } else if (x->s[1] == k->position) {
            jv *p = jv_object();
            bad |= !p;
            if (p) {
                bad |= jv_set(p, "state", jv_string(model_str(m, x->s[2])));
                bad |= jv_set(p, "position", jv_string(model_str(m, x->s[3])));
                bad |= jv_push(pos, p);
            }
        }
    }
    if (jv_len(contrib))
        bad |= jv_set(o, "contributors", contrib);
    else
        jv_free(contrib);
    if (jv_len(pos))
        bad |= jv_set(o, "positions", pos);
    else
        jv_free(pos);
    if (model_note(m, f))
        bad |= jv_set(o, "note", jv_string(model_note(m, f)));
    bad |= jv_set(o, "source", jv_string(model_str(m, f->src)));
    bad |= event_sources(m, e, srcs);
    if (bad) {
        jv_free(o);
        return NULL;
    }
    return o;
}

/* Ask the obligations engine about the appeal: the provisions of org's
 * treaties (only the organization appealed to owes anything) of the cited
 * article (or, citing none, those of the type the request asks for:
 * consultation for consultations, defense for anything else), as a new array,
 * with *triggered set when one of them is. */
static int ask_obligations(bloc_db *db, const akeys *k, const char *org, const char *requester,
                           bloc_date on, const event *cause, const char *article, const char *asked,
                           jv **found, int *triggered)
{
    const model *m = &db->m;
    const char *att[MODEL_MAXLIST];
    sym states[MODEL_MAXLIST];
    size_t natt = 0;
    char day[16];
    int internal = 0;
    *found = NULL;
    *triggered = 0;
    if (cause) {
        const mfact *cf = event_main(m, cause), *sc = event_detail(m, cause, k->scope);
        internal = sc && sc->s[3] == k->internal;
        size_t n = cf && !internal ? event_states(m, cf, 3, states) : 0;
        for (size_t i = 0; i < n; i++)
            if (strcmp(model_str(m, states[i]), requester) != 0)
                att[natt++] = model_str(m, states[i]);
    }
    bloc_attack a = {requester, bloc_date_format(on, day, sizeof day), att, natt, 1, internal};
    char *out = NULL, err[256];
    int line, col;
    int rc = bloc_obligations(db, &a, BLOC_FMT_JSON, &out);
    if (rc)
        return rc;
    jv *doc = jv_parse(out, strlen(out), err, sizeof err, &line, &col);
    bloc_free(out);
    jv *obs = jv_get(doc, "obligations"), *keep = jv_array();
    if (!doc || !keep) {
        jv_free(doc);
        jv_free(keep);
        return BLOC_ENOMEM;
    }
    int bad = 0;
    for (size_t i = 0; i < jv_len(obs); i++) {
        const jv *o = jv_at(obs, i);
        const char *type = report_s(o, "type", "");
        const char *want =
            asked && strcmp(asked, "consultations") == 0 ? "consultation" : "defense";
        int match =
            article ? strcmp(report_s(o, "article", ""), article) == 0 : strcmp(type, want) == 0;
        if (!match || strcmp(report_s(o, "org", ""), org) != 0)
            continue;
        *triggered |= jv_typeof(jv_get(o, "triggered")) == JV_TRUE;
        bad |= jv_push(keep, jv_copy(o));
    }
    jv_free(doc);
    if (bad) {
        jv_free(keep);
        return BLOC_ENOMEM;
    }
    *found = keep;
    return BLOC_OK;
}

/* Did the steps deliver what an obligation of this type asks? */
static int delivers(const model *m, const akeys *k, const event *e, const char *type)
{
    const mfact *f = event_main(m, e), *d = event_detail(m, e, k->outcome);
    if (!f)
        return 0;
    if (strcmp(type, "consultation") == 0)
        return f->s[1] == k->session || f->s[1] == k->consult;
    /* defense (and anything else): forces or military/material help */
    if (f->s[1] == k->deployment)
        return 1;
    if (f->s[1] == k->aid && f->s[2] &&
        (strcmp(model_str(m, f->s[2]), "military") == 0 ||
         strcmp(model_str(m, f->s[2]), "arms") == 0))
        return 1;
    return d && strcmp(model_str(m, d->s[3]), "material_aid") == 0;
}

typedef struct tally {
    long triggered, honoured, not_triggered;
    long by_triggered[2], by_honoured[2]; /* [0] defense, [1] consultation */
} tally;

static jv *appeal_json(bloc_db *db, const akeys *k, const actor *org, const event *e, tally *t,
                       int *rc)
{
    const model *m = &db->m;
    const mfact *f = event_main(m, e), *d;
    sym states[MODEL_MAXLIST];
    size_t nst = event_states(m, f, 3, states);
    const char *requester = nst ? model_str(m, states[0]) : NULL;
    jv *o = jv_object(), *srcs = jv_array(), *steps = jv_array(), *obs = NULL;
    int bad = !o || !srcs || !steps;
    uint32_t *desc = NULL;
    size_t ndesc = 0;
    if (!bad && (*rc = event_descendants(m, e, &desc, &ndesc)))
        bad = 1;
    const mfact *art = event_detail(m, e, k->article), *asked = event_detail(m, e, k->asked);
    const mfact *parent = event_detail(m, e, m->k_parent);
    const event *cause = parent ? model_event(m, parent->s[3]) : NULL;
    int triggered = 0;
    if (!bad && requester)
        *rc = ask_obligations(db, k, model_str(m, org->id), requester, f->from, cause,
                              art ? model_str(m, art->s[3]) : NULL,
                              asked ? model_str(m, asked->s[3]) : NULL, &obs, &triggered);
    bad |= *rc != BLOC_OK;
    if (bad) {
        jv_free(o);
        jv_free(srcs);
        jv_free(steps);
        jv_free(obs);
        free(desc);
        return NULL;
    }
    bad |= jv_set(o, "id", jv_string(model_str(m, e->id)));
    bad |= jv_set(o, "requester", jv_string(requester));
    if (requester)
        bad |= jv_set(o, "requester_name",
                      jv_string(model_display_name(m, model_actor_named(m, requester), "en")));
    bad |= report_date(o, "date", f->from);
    bad |= jv_set(o, "article", jv_string(art ? model_str(m, art->s[3]) : NULL));
    bad |= jv_set(o, "asked", jv_string(asked ? model_str(m, asked->s[3]) : NULL));
    if (model_note(m, f))
        bad |= jv_set(o, "note", jv_string(model_note(m, f)));
    if (cause && event_main(m, cause)) {
        const mfact *cf = event_main(m, cause), *sc = event_detail(m, cause, k->scope);
        jv *c = jv_object(), *who = jv_array();
        sym cs[MODEL_MAXLIST];
        size_t n = event_states(m, cf, 3, cs);
        bad |= !c || !who;
        for (size_t i = 0; !bad && i < n; i++)
            bad |= push_str(who, model_str(m, cs[i]));
        if (!bad) {
            bad |= jv_set(c, "id", jv_string(model_str(m, cause->id)));
            bad |= jv_set(c, "type", jv_string(model_str(m, cf->s[1])));
            bad |= jv_set(c, "mode", jv_string(cf->s[2] ? model_str(m, cf->s[2]) : NULL));
            bad |= report_date(c, "date", cf->from);
            bad |= jv_set(c, "actors", who);
            bad |= jv_set(c, "scope", jv_string(sc ? model_str(m, sc->s[3]) : NULL));
            bad |= jv_set(o, "cause", c);
        } else {
            jv_free(c);
            jv_free(who);
        }
    } else {
        bad |= jv_set(o, "cause", jv_null());
    }
    /* the obligation the appeal engaged: the first triggered provision, else the first */
    const jv *ob = NULL;
    for (size_t i = 0; i < jv_len(obs); i++)
        if (!ob || (jv_typeof(jv_get(jv_at(obs, i), "triggered")) == JV_TRUE &&
                    jv_typeof(jv_get(ob, "triggered")) != JV_TRUE))
            ob = jv_at(obs, i);
    const char *obtype = ob ? report_s(ob, "type", "defense") : "defense";
    bad |= jv_set(o, "triggered", jv_bool(triggered));
    if (ob) {
        jv *x = jv_object();
        bad |= !x;
        if (x) {
            static const char *const copy[] = {"treaty", "article", "type",    "bound",
                                               "unmet",  "met",     "assumed", "decision_rule"};
            for (size_t i = 0; i < sizeof copy / sizeof *copy; i++)
                if (jv_get(ob, copy[i]))
                    bad |= jv_set(x, copy[i], jv_copy(jv_get(ob, copy[i])));
            bad |= jv_set(o, "obligation", x);
        }
    } else {
        bad |= jv_set(o, "obligation", jv_null());
    }
    /* the procedure that followed */
    const mfact *decision = NULL;
    const event *decision_ev = NULL;
    int delivered = 0;
    bloc_date withdrawn = 0;
    for (size_t i = 0; !bad && i < ndesc; i++) {
        const event *c = &m->events[desc[i]];
        const mfact *cf = event_main(m, c);
        if (!cf)
            continue;
        if (cf->s[1] == k->decision && !decision) {
            decision = cf;
            decision_ev = c;
        }
        if (cf->s[1] == k->withdrawal)
            withdrawn = cf->to ? cf->to : cf->from;
        if (cf->s[1] == k->deployment && cf->to)
            withdrawn = withdrawn ? withdrawn : cf->to;
        delivered |= delivers(m, k, c, obtype);
        bad |= jv_push(steps, step_json(m, k, c, srcs));
    }
    free(desc);
    d = decision_ev ? event_detail(m, decision_ev, k->outcome) : NULL;
    bad |= jv_set(o, "decision", jv_string(d ? model_str(m, d->s[3]) : NULL));
    bad |= report_date(o, "decision_date", decision ? decision->from : 0);
    int ok = 0;
    long days = decision ? event_days(f->from, decision->from, &ok) : 0;
    bad |= jv_set(o, "latency_days", ok ? jv_integer(days) : jv_null());
    bad |= report_date(o, "withdrawn", withdrawn);
    bad |= jv_set(o, "steps", steps);
    jv *honoured = triggered ? jv_bool(delivered) : jv_null();
    bad |= jv_set(o, "honoured", honoured);
    const char *why =
        !triggered ? "no treaty obligation was triggered: nothing was owed"
        : strcmp(obtype, "consultation") == 0
            ? (delivered ? "consultation was owed; the organ met"
                         : "consultation was owed; no session or consultation is on record")
            : (delivered ? "assistance was owed; forces or military aid were sent"
                         : "assistance was owed; no forces or military aid followed");
    bad |= jv_set(o, "why", jv_string(why));
    bad |= event_sources(m, e, srcs);
    if (cause)
        bad |= event_sources(m, cause, srcs);
    bad |= jv_set(o, "sources", srcs);
    int ti = strcmp(obtype, "consultation") == 0; /* before obs, which obtype points into, goes */
    jv_free(obs);
    if (triggered) {
        t->triggered++;
        t->by_triggered[ti]++;
        if (delivered) {
            t->honoured++;
            t->by_honoured[ti]++;
        }
    } else {
        t->not_triggered++;
    }
    if (bad) {
        jv_free(o);
        return NULL;
    }
    return o;
}

static jv *rate_json(long honoured, long triggered)
{
    jv *o = jv_object();
    if (!o)
        return NULL;
    int bad = jv_set(o, "triggered", jv_integer(triggered));
    bad |= jv_set(o, "honoured", jv_integer(honoured));
    bad |= jv_set(o, "rate", triggered ? jv_real((double)honoured / (double)triggered) : jv_null());
    if (bad) {
        jv_free(o);
        return NULL;
    }
    return o;
}

static int appeals_text(const model *m, const jv *doc, buf *t)
{
    cites c = {0};
    const jv *list = jv_get(doc, "appeals"), *r = jv_get(doc, "reliability");
    int rc = buf_printf(t, "Appeals to %s: %zu\n", report_s(doc, "org", ""), jv_len(list));
    for (size_t i = 0; !rc && i < jv_len(list); i++) {
        const jv *a = jv_at(list, i), *h = jv_get(a, "honoured"), *lat = jv_get(a, "latency_days");
        const jv *srcs = jv_get(a, "sources");
        rc = buf_printf(t, "\n%s  %s (%s) art. %s, asked %s  [", report_s(a, "date", "?"),
                        report_s(a, "requester", "?"), report_s(a, "requester_name", ""),
                        report_s(a, "article", "-"), report_s(a, "asked", "-"));
        for (size_t k = 0; !rc && k < jv_len(srcs); k++)
            rc = buf_printf(t, "%s%zu", k ? "," : "", report_cite(&c, jv_str(jv_at(srcs, k))));
        if (!rc)
            rc = buf_printf(t, "]\n  triggered: %s",
                            jv_typeof(jv_get(a, "triggered")) == JV_TRUE ? "yes" : "no");
        if (!rc && jv_get(a, "obligation") && jv_typeof(jv_get(a, "obligation")) == JV_OBJECT)
            rc = buf_printf(t, " (%s art. %s, %s)", report_s(jv_get(a, "obligation"), "treaty", ""),
                            report_s(jv_get(a, "obligation"), "article", ""),
                            report_s(jv_get(a, "obligation"), "type", ""));
        const jv *unmet = jv_get(jv_get(a, "obligation"), "unmet");
        if (!rc && jv_typeof(jv_get(a, "triggered")) != JV_TRUE && jv_len(unmet)) {
            rc = buf_puts(t, "; unmet:");
            for (size_t k = 0; !rc && k < jv_len(unmet); k++)
                rc = buf_printf(t, " %s", jv_str(jv_at(unmet, k)));
        }
        if (!rc)
            rc = buf_printf(t, "\n  decision:  %s %s", report_s(a, "decision", "none on record"),
                            report_s(a, "decision_date", ""));
        if (!rc && jv_typeof(lat) == JV_INTEGER)
            rc = buf_printf(t, " (%lld day%s)", jv_int(lat), jv_int(lat) == 1 ? "" : "s");
        const jv *steps = jv_get(a, "steps");
        for (size_t k = 0; !rc && k < jv_len(steps); k++) {
            const jv *s = jv_at(steps, k);
            rc = buf_printf(t, "\n    %-10s %-11s %s%s%s", report_s(s, "date", ""),
                            report_s(s, "type", ""), report_s(s, "outcome", ""),
                            jv_get(s, "outcome") && jv_get(s, "mode") ? " " : "",
                            report_s(s, "mode", ""));
            if (!rc && jv_get(s, "size"))
                rc = buf_printf(t, " size %s %lld", report_s(s, "size_qualifier", ""),
                                jv_int(jv_get(s, "size")));
        }
        if (!rc)
            rc = buf_printf(t, "\n  honoured:  %s (%s)\n",
                            jv_typeof(h) == JV_TRUE    ? "yes"
                            : jv_typeof(h) == JV_FALSE ? "NO"
                                                       : "n/a",
                            report_s(a, "why", ""));
    }
    if (!rc) {
        const jv *all = jv_get(r, "all");
        rc = buf_printf(t, "\nReliability: %lld honoured of %lld triggered",
                        jv_int(jv_get(all, "honoured")), jv_int(jv_get(all, "triggered")));
        if (!rc && jv_int(jv_get(all, "triggered")))
            rc = buf_printf(t, " (%.0f%%)",
                            100.0 * (double)jv_int(jv_get(all, "honoured")) /
                                (double)jv_int(jv_get(all, "triggered")));
        if (!rc)
            rc = buf_printf(t, "; %lld appeal(s) triggered no obligation\n",
                            jv_int(jv_get(r, "not_triggered")));
    }
    if (!rc)
        rc = report_footnotes(m, &c, t);
    free(c.v);
    return rc;
}

int bloc_appeals(bloc_db *db, const char *org_arg, bloc_format fmt, char **out)
{
    actor *org;
    int rc = report_actor(db, org_arg, "org", "organization", &org);
    if (rc)
        return rc;
    const model *m = &db->m;
    akeys k;
    tally t = {0};
    find_keys(m, &k);
    jv *doc = jv_object(), *list = jv_array();
    int bad = !doc || !list;
    if (!bad) {
        bad |= jv_set(doc, "org", jv_string(model_str(m, org->id)));
        bad |= jv_set(doc, "appeals", list);
    } else {
        jv_free(list);
    }
    /* appeals in date order: m->events is in log order */
    uint32_t *ix = malloc((m->nevents ? m->nevents : 1) * sizeof *ix);
    size_t n = 0;
    bad |= !ix;
    for (size_t i = 0; !bad && i < m->nevents; i++) {
        const mfact *f = event_main(m, &m->events[i]);
        if (f && f->s[1] == k.appeal && event_lists(m, f->s[4], org->id))
            ix[n++] = (uint32_t)i;
    }
    for (size_t i = 1; !bad && i < n; i++) /* insertion sort: few appeals */
        for (size_t j = i; j > 0; j--) {
            bloc_date a = event_main(m, &m->events[ix[j - 1]])->from,
                      b = event_main(m, &m->events[ix[j]])->from;
            if (bloc_date_cmp(a, b) <= 0)
                break;
            uint32_t x = ix[j];
            ix[j] = ix[j - 1];
            ix[j - 1] = x;
        }
    for (size_t i = 0; !bad && i < n; i++) {
        jv *a = appeal_json(db, &k, org, &m->events[ix[i]], &t, &rc);
        if (rc) {
            free(ix);
            jv_free(doc);
            return rc;
        }
        bad |= jv_push(list, a);
    }
    free(ix);
    jv *rel = jv_object(), *by = jv_object();
    bad |= !rel || !by;
    if (!bad) {
        bad |= jv_set(rel, "all", rate_json(t.honoured, t.triggered));
        bad |= jv_set(by, "defense", rate_json(t.by_honoured[0], t.by_triggered[0]));
        bad |= jv_set(by, "consultation", rate_json(t.by_honoured[1], t.by_triggered[1]));
        bad |= jv_set(rel, "by_type", by);
        bad |= jv_set(rel, "not_triggered", jv_integer(t.not_triggered));
        bad |= jv_set(rel, "measure",
                      jv_string("honoured / triggered: of the appeals that triggered a treaty "
                                "obligation, those the organization acted on as the obligation "
                                "asks (Leeds 2003)"));
        bad |= jv_set(doc, "reliability", rel);
    } else {
        jv_free(rel);
        jv_free(by);
    }
    if (bad) {
        jv_free(doc);
        doc = NULL;
    }
    return report_finish(db, fmt, doc, appeals_text, out);
}
