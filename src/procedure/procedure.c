/*
 * procedure/procedure.c - the bloc's crisis procedure run live: a member's
 * delegation files an appeal, the secretariat convenes the Council, each
 * member delegation records its position, the treaty's decision rule decides,
 * a deployment or mission is pledged to, completed and withdrawn.
 *
 * Every step is facts appended to the same hash-chained log as the history,
 * with the same event shapes as the curated record (appeal, session,
 * decision, deployment, mission, withdrawal; position, contributor, outcome
 * details), so `bloc appeals` and reliability count live cases. A case is
 * named "live:N"; its events "live:N", "live:N:cause", "live:N:session",
 * "live:N:decision", "live:N:deployment" (or ":mission"), "live:N:withdrawal".
 * Each step's source is the participant who took it ("user:NAME").
 *
 * Who may do what, and in which order, is decided here (not by the server):
 * a refused step appends a refusal fact saying who tried what and why, and
 * returns BLOC_EDENIED (the role or the state's standing forbids it) or
 * BLOC_ECONFLICT (the case is not at a stage where the step fits).
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bloc/bloc.h"
#include "db/db.h"
#include "events/events.h"
#include "json/json.h"
#include "membership/membership.h"
#include "report/report.h"
#include "rules/treaty.h"
#include "util/buf.h"

#define CASE_PREFIX "live:"
#define MAX_PLEDGE  1000000
#define MAX_NOTE    4096 /* bytes, as a string of a record file */

/* What the model holds about one case. */
typedef struct pcase {
    const event *appeal, *cause, *session, *decision, *force, *withdrawal;
    const mfact *af;  /* the appeal's main fact */
    sym requester;    /* the state that appealed */
    const actor *org; /* the organization appealed to */
    const char *proposal, *outcome, *completed_on;
    bloc_date completed;
    int adopted; /* -1 not decided */
} pcase;

static const char *const proposals[] = {
    "statement", "fact_finding_mission", "monitoring_mission", "material_aid", "deployment", NULL};

static int in_list(const char *const *list, const char *s)
{
    for (size_t i = 0; s && list[i]; i++)
        if (strcmp(list[i], s) == 0)
            return 1;
    return 0;
}

static const event *event_named(const model *m, const char *id)
{
    sym s = intern_find(&m->syms, id);
    return s ? model_event(m, s) : NULL;
}

static const event *case_part(const model *m, const char *id, const char *part)
{
    char name[160];
    fmt_into(name, sizeof name, "%s:%s", id, part);
    return event_named(m, name);
}

static const char *detail_value(const model *m, const event *e, const char *key)
{
    sym k = intern_find(&m->syms, key);
    const mfact *d = e && k ? event_detail(m, e, k) : NULL;
    return d && d->s[3] ? model_str(m, d->s[3]) : NULL;
}

/* Read case id from the model. BLOC_ENOTFOUND if there is no such live case. */
static int case_read(bloc_db *db, const char *id, pcase *c)
{
    const model *m = &db->m;
    memset(c, 0, sizeof *c);
    c->adopted = -1;
    if (!id || strncmp(id, CASE_PREFIX, strlen(CASE_PREFIX)) != 0 || strlen(id) > 64)
        return db_err(db, BLOC_ENOTFOUND, "case: no live case \"%s\" (live cases are live:N)",
                      id ? id : "");
    c->appeal = event_named(m, id);
    c->af = c->appeal ? event_main(m, c->appeal) : NULL;
    if (!c->af || strcmp(model_str(m, c->af->s[1]), "appeal") != 0)
        return db_err(db, BLOC_ENOTFOUND, "case: no live case \"%s\"", id);
    sym st[MODEL_MAXLIST];
    c->requester = event_states(m, c->af, 3, st) ? st[0] : 0;
    sym orgs[MODEL_MAXLIST];
    size_t no = model_list(m, c->af->s[4], orgs);
    c->org = no ? model_actor(m, orgs[0]) : NULL;
    if (!c->org || !c->requester)
        return db_err(db, BLOC_ENOTFOUND, "case: \"%s\" names no requester or organization", id);
    c->cause = case_part(m, id, "cause");
    c->session = case_part(m, id, "session");
    c->decision = case_part(m, id, "decision");
    c->force = case_part(m, id, "deployment");
    if (!c->force)
        c->force = case_part(m, id, "mission");
    c->withdrawal = case_part(m, id, "withdrawal");
    c->proposal = detail_value(m, c->session, "proposal");
    c->outcome = detail_value(m, c->decision, "outcome");
    if (c->decision)
        c->adopted = c->outcome && strcmp(c->outcome, "declined") != 0;
    sym k = intern_find(&m->syms, "status");
    const mfact *done = c->force && k ? event_detail(m, c->force, k) : NULL;
    if (done && done->s[3] && strcmp(model_str(m, done->s[3]), "completed") == 0)
        c->completed = done->from ? done->from : 1;
    return BLOC_OK;
}

static const char *stage(const pcase *c)
{
    return c->withdrawal  ? "withdrawn"
           : c->completed ? "completed"
           : c->force     ? "deployed"
           : c->decision  ? "decided"
           : c->session   ? "convened"
                          : "filed";
}

/* The position state recorded in the session, NULL if none. */
static const char *position_of(const model *m, const pcase *c, sym state)
{
    sym k = intern_find(&m->syms, "position");
    for (size_t i = 0; c->session && k && i < c->session->facts.n; i++) {
        const mfact *x = &m->facts[c->session->facts.v[i]];
        if (!x->dead && x->kind == FACT_DETAIL && x->s[1] == k && x->s[2] == state && x->s[3])
            return model_str(m, x->s[3]);
    }
    return NULL;
}

/* The pledge state made to the case's force, 0 if none (its size in *size). */
static int pledge_of(const model *m, const pcase *c, sym state, int64_t *size)
{
    sym k = intern_find(&m->syms, "contributor");
    for (size_t i = 0; c->force && k && i < c->force->facts.n; i++) {
        const mfact *x = &m->facts[c->force->facts.v[i]];
        if (!x->dead && x->kind == FACT_DETAIL && x->s[1] == k && x->s[2] == state) {
            *size = x->num;
            return 1;
        }
    }
    return 0;
}

/* The decision rule of org's treaty in force on day (NULL if none says). */
static const char *decision_rule(const model *m, const actor *org, bloc_date day)
{
    for (size_t i = 0; i < org->treaties.n; i++) {
        const mfact *f = &m->facts[org->treaties.v[i]];
        if (f->dead || f->kind != FACT_TREATY)
            continue;
        const treaty *t = model_treaty(m, f->s[0]);
        int in_force = 0;
        sym rule = 0;
        bloc_date since;
        if (t)
            treaty_state(m, t, day, &in_force, &rule, &since);
        if (in_force && rule)
            return model_str(m, rule);
    }
    return NULL;
}

/* May state take part (vote, appeal, pledge) in org on day? 1 yes; 0 with why. */
static int in_good_standing(const model *m, const actor *org, sym state, bloc_date day, char *why,
                            size_t n)
{
    mset set;
    char d[16];
    if (membership_on(m, org, day, &set)) {
        fmt_into(why, n, "out of memory");
        return 0;
    }
    const mrow *r = membership_find(&set, state);
    int good = r && r->good == 1;
    if (!r)
        fmt_into(why, n, "%s is not a member of %s on %s", model_str(m, state),
                 model_str(m, org->id), report_datestr(day, d, sizeof d));
    else if (r->good == -1)
        fmt_into(why, n, "%s's standing in %s on %s is disputed by the sources",
                 model_str(m, state), model_str(m, org->id), report_datestr(day, d, sizeof d));
    else if (!good)
        fmt_into(why, n, "%s is %s in %s on %s, not a member in good standing", model_str(m, state),
                 r->status ? model_str(m, r->status) : "of unclear status", model_str(m, org->id),
                 report_datestr(day, d, sizeof d));
    membership_release(&set);
    return good;
}

/* The states that vote on a case: org's members in good standing on day. */
static int voters(const model *m, const actor *org, bloc_date day, sym *out, size_t max, size_t *n)
{
    mset set;
    *n = 0;
    if (membership_on(m, org, day, &set))
        return BLOC_ENOMEM;
    for (size_t i = 0; i < set.n && *n < max; i++)
        if (set.rows[i].good == 1)
            out[(*n)++] = set.rows[i].state;
    membership_release(&set);
    return BLOC_OK;
}

/* ---- the case as JSON ---- */

/* A step of the case: the fact that took it (an index into the model). */
typedef struct pstep {
    uint32_t fact;
    const char *what;
} pstep;

static int cmp_step(const void *a, const void *b)
{
    uint32_t x = ((const pstep *)a)->fact, y = ((const pstep *)b)->fact;
    return x < y ? -1 : x > y;
}

/* The steps taken in event e: its first fact as `what`, and its details of
 * key `dkey` (positions, pledges, completion) as `dwhat`. */
static size_t steps_of(const model *m, const event *e, const char *what, const char *dkey,
                       const char *dwhat, pstep *out, size_t n, size_t max)
{
    sym k = dkey ? intern_find(&m->syms, dkey) : 0;
    for (size_t i = 0; e && i < e->facts.n && n < max; i++) {
        const mfact *x = &m->facts[e->facts.v[i]];
        if (i == 0 && what)
            out[n++] = (pstep){e->facts.v[i], what};
        else if (k && !x->dead && x->kind == FACT_DETAIL && x->s[1] == k)
            out[n++] = (pstep){e->facts.v[i], dwhat};
    }
    return n;
}

/* Every step of the case in the order taken: who, when, and its entry. */
static int steps_json(const model *m, const pcase *c, jv *steps)
{
    pstep p[512];
    size_t n = steps_of(m, c->appeal, "appeal", NULL, NULL, p, 0, 512);
    n = steps_of(m, c->session, "convene", "position", "position", p, n, 512);
    n = steps_of(m, c->decision, "decide", NULL, NULL, p, n, 512);
    n = steps_of(m, c->force, NULL, "contributor", "pledge", p, n, 512);
    n = steps_of(m, c->force, NULL, "status", "complete", p, n, 512);
    n = steps_of(m, c->withdrawal, "withdraw", NULL, NULL, p, n, 512);
    qsort(p, n, sizeof *p, cmp_step);
    int bad = 0;
    for (size_t i = 0; !bad && i < n; i++) {
        const mfact *f = &m->facts[p[i].fact];
        const char *src = model_str(m, f->src);
        jv *s = jv_object();
        bad |= !s;
        bad |= jv_set(s, "step", jv_string(p[i].what));
        bad |= report_date(s, "date", f->from);
        bad |= jv_set(s, "by", jv_string(strncmp(src, "user:", 5) == 0 ? src + 5 : src));
        if (f->kind == FACT_DETAIL && f->s[2])
            bad |= jv_set(s, "state", jv_string(model_str(m, f->s[2])));
        if (f->kind == FACT_DETAIL && f->s[1] == intern_find(&m->syms, "position"))
            bad |= jv_set(s, "position", jv_string(model_str(m, f->s[3])));
        if (f->kind == FACT_DETAIL && f->s[4])
            bad |= jv_set(s, "size", jv_integer(f->num));
        bad |= jv_set(s, "seq", jv_integer((long long)p[i].fact + 1));
        bad |= jv_push(steps, s);
    }
    return bad;
}

static jv *case_json(bloc_db *db, const char *id, const pcase *c, int *rc)
{
    const model *m = &db->m;
    jv *o = jv_object(), *vs = jv_array(), *pend = jv_array(), *contrib = jv_array(),
       *steps = jv_array(), *att = jv_array();
    int bad = !o || !vs || !pend || !contrib || !steps || !att;
    sym v[256];
    size_t nv = 0;
    bloc_date day = c->session ? event_main(m, c->session)->from : c->af->from;
    if (!bad && (*rc = voters(m, c->org, day, v, 256, &nv)))
        bad = 1;
    for (size_t i = 0; !bad && i < nv; i++) {
        const char *p = position_of(m, c, v[i]);
        jv *x = jv_object();
        bad |= !x;
        bad |= jv_set(x, "state", jv_string(model_str(m, v[i])));
        bad |= jv_set(x, "name", jv_string(model_display_name(m, model_actor(m, v[i]), "en")));
        bad |= jv_set(x, "position", jv_string(p));
        bad |= jv_push(vs, x);
        if (!p && c->session && !c->decision)
            bad |= jv_push(pend, jv_string(model_str(m, v[i])));
    }
    if (c->cause) {
        const mfact *cf = event_main(m, c->cause);
        sym a[MODEL_MAXLIST];
        size_t na = cf ? event_states(m, cf, 3, a) : 0;
        for (size_t i = 0; !bad && i < na; i++)
            bad |= jv_push(att, jv_string(model_str(m, a[i])));
    }
    long long total = 0;
    for (size_t i = 0; !bad && c->force && i < nv; i++) {
        int64_t size;
        if (!pledge_of(m, c, v[i], &size))
            continue;
        jv *x = jv_object();
        bad |= !x;
        bad |= jv_set(x, "state", jv_string(model_str(m, v[i])));
        bad |= jv_set(x, "size", jv_integer(size));
        bad |= jv_push(contrib, x);
        total += size;
    }
    bad |= steps_json(m, c, steps);
    if (bad) {
        jv_free(o);
        jv_free(vs);
        jv_free(pend);
        jv_free(contrib);
        jv_free(steps);
        jv_free(att);
        return NULL;
    }
    const char *scope = detail_value(m, c->cause, "scope");
    bad |= jv_set(o, "id", jv_string(id));
    bad |= jv_set(o, "org", jv_string(model_str(m, c->org->id)));
    bad |= jv_set(o, "requester", jv_string(model_str(m, c->requester)));
    bad |= jv_set(o, "requester_name",
                  jv_string(model_display_name(m, model_actor(m, c->requester), "en")));
    bad |= report_date(o, "date", c->af->from);
    bad |= jv_set(o, "article", jv_string(detail_value(m, c->appeal, "article")));
    bad |= jv_set(o, "asked", jv_string(detail_value(m, c->appeal, "asked")));
    bad |= jv_set(o, "attackers", att);
    bad |= jv_set(o, "internal", jv_bool(scope && strcmp(scope, "internal") == 0));
    if (model_note(m, c->af))
        bad |= jv_set(o, "note", jv_string(model_note(m, c->af)));
    bad |= jv_set(o, "stage", jv_string(stage(c)));
    bad |= jv_set(o, "proposal", jv_string(c->proposal));
    bad |= jv_set(o, "decision_rule", jv_string(decision_rule(m, c->org, day)));
    bad |= jv_set(o, "voters", vs);
    bad |= jv_set(o, "pending", pend);
    bad |= jv_set(o, "outcome", jv_string(c->outcome));
    bad |= jv_set(o, "adopted", c->adopted < 0 ? jv_null() : jv_bool(c->adopted));
    if (c->decision && model_note(m, event_main(m, c->decision)))
        bad |= jv_set(o, "decision_note", jv_string(model_note(m, event_main(m, c->decision))));
    bad |= jv_set(o, "force", jv_string(c->force ? model_str(m, c->force->id) : NULL));
    bad |= jv_set(o, "contributors", contrib);
    bad |= jv_set(o, "pledged", jv_integer(total));
    bad |= report_date(o, "completed", c->completed > 1 ? c->completed : 0);
    bad |= jv_set(o, "steps", steps);
    if (bad) {
        jv_free(o);
        *rc = BLOC_ENOMEM;
        return NULL;
    }
    return o;
}

static int case_text(const model *m, const jv *doc, buf *t)
{
    (void)m;
    const jv *list = jv_get(doc, "cases");
    size_t n = list ? jv_len(list) : 1;
    int rc = 0;
    if (list && !n)
        rc = buf_puts(t, "no live cases\n");
    for (size_t i = 0; !rc && i < n; i++) {
        const jv *c = list ? jv_at(list, i) : doc;
        rc = buf_printf(t, "%s  %s appealed to %s on %s (art. %s, %s): %s\n", report_s(c, "id", ""),
                        report_s(c, "requester", ""), report_s(c, "org", ""),
                        report_s(c, "date", ""), report_s(c, "article", "-"),
                        report_s(c, "asked", "-"), report_s(c, "stage", ""));
        if (!rc && jv_str(jv_get(c, "proposal")))
            rc = buf_printf(t, "    proposal %s, decided by %s\n", report_s(c, "proposal", ""),
                            report_s(c, "decision_rule", "(no rule on record)"));
        const jv *vs = jv_get(c, "voters");
        for (size_t k = 0; !rc && jv_str(jv_get(c, "proposal")) && k < jv_len(vs); k++)
            rc = buf_printf(t, "    %-4s %s\n", report_s(jv_at(vs, k), "state", ""),
                            report_s(jv_at(vs, k), "position", "(pending)"));
        if (!rc && jv_str(jv_get(c, "outcome")))
            rc = buf_printf(t, "    outcome %s%s%s\n", report_s(c, "outcome", ""),
                            jv_str(jv_get(c, "decision_note")) ? ": " : "",
                            report_s(c, "decision_note", ""));
        if (!rc && jv_int(jv_get(c, "pledged")))
            rc = buf_printf(t, "    pledged %lld people\n", jv_int(jv_get(c, "pledged")));
    }
    return rc;
}

int bloc_case(bloc_db *db, const char *id, bloc_format fmt, char **out)
{
    pcase c;
    *out = NULL;
    int rc = case_read(db, id, &c);
    if (rc)
        return rc;
    jv *o = case_json(db, id, &c, &rc);
    if (!o)
        return rc ? db_err(db, rc, "out of memory") : db_err(db, BLOC_ENOMEM, "out of memory");
    return report_finish(db, fmt, o, case_text, out);
}

int bloc_cases(bloc_db *db, const char *org_arg, bloc_format fmt, char **out)
{
    const model *m = &db->m;
    actor *org = NULL;
    *out = NULL;
    if (org_arg) {
        int rc = report_actor(db, org_arg, "org", "organization", &org);
        if (rc)
            return rc;
    }
    jv *doc = jv_object(), *list = jv_array();
    int bad = !doc || !list, rc = BLOC_OK;
    for (size_t i = 0; !bad && i < m->nevents; i++) {
        const char *id = model_str(m, m->events[i].id);
        if (strncmp(id, CASE_PREFIX, strlen(CASE_PREFIX)) != 0 ||
            strchr(id + strlen(CASE_PREFIX), ':'))
            continue;
        pcase c;
        if (case_read(db, id, &c) || (org && c.org != org))
            continue;
        jv *o = case_json(db, id, &c, &rc);
        bad |= !o || jv_push(list, o);
    }
    if (bad) {
        jv_free(doc);
        jv_free(list);
        return db_err(db, rc ? rc : BLOC_ENOMEM, "out of memory");
    }
    jv_set(doc, "org", jv_string(org ? model_str(m, org->id) : NULL));
    jv_set(doc, "cases", list);
    return report_finish(db, fmt, doc, case_text, out);
}

/* ---- steps ---- */

/* A step being made: the facts to append, with their strings kept here. */
typedef struct batch {
    fact f[16];
    size_t n;
    char str[16][160];
    size_t ns;
} batch;

static const char *keep(batch *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static const char *keep(batch *b, const char *fmt, ...)
{
    if (b->ns >= sizeof b->str / sizeof *b->str)
        return NULL;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(b->str[b->ns], sizeof b->str[b->ns], fmt, ap);
    va_end(ap);
    return b->str[b->ns++];
}

static fact *add(batch *b, fact f)
{
    b->f[b->n] = f;
    return &b->f[b->n++];
}

/* The participant's source: "user:NAME", described by role and state. */
static void add_source(batch *b, const bloc_step *st, const char *src)
{
    const char *who = strcmp(st->role, "delegation") == 0
                          ? keep(b, "delegation of %s", st->state ? st->state : "?")
                          : st->role;
    add(b, (fact){.kind = FACT_SOURCE,
                  .s = {src, "participant", who, keep(b, "%s (%s)", st->user, who), NULL}});
}

int bloc_refusal(bloc_db *db, const bloc_step *st, const char *reason)
{
    batch b = {0};
    char src[96];
    fmt_into(src, sizeof src, "user:%s", st->user ? st->user : "?");
    add_source(&b, st, src);
    add(&b, (fact){.kind = FACT_REFUSAL,
                   .s = {st->user ? st->user : "?", st->action ? st->action : "?",
                         st->case_id ? st->case_id : st->org, reason, st->role},
                   .from = bloc_date_today(),
                   /* the log's length: no two refusals are the same fact, so none is
                    * skipped as already logged (the entry's time is in `at`) */
                   .num = (int64_t)db->m.nfacts + 1,
                   .src = src});
    size_t appended, skipped;
    char keepmsg[DB_ERRMAX];
    fmt_into(keepmsg, sizeof keepmsg, "%s", db->err);
    int rc = db_append(db, b.f, b.n, &appended, &skipped);
    if (!rc)
        fmt_into(db->err, sizeof db->err, "%s", keepmsg);
    return rc;
}

/* Refuse the step: log who tried what and why, and return rc with the reason. */
static int refuse(bloc_db *db, const bloc_step *st, int rc, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
static int refuse(bloc_db *db, const bloc_step *st, int rc, const char *fmt, ...)
{
    char why[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(why, sizeof why, fmt, ap);
    va_end(ap);
    db_err(db, rc, "%s", why);
    int lrc = bloc_refusal(db, st, why);
    return lrc ? lrc : rc;
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static int snake(const char *s, size_t max)
{
    size_t n = 0;
    for (; s && s[n]; n++)
        if (!((s[n] >= 'a' && s[n] <= 'z') || (s[n] >= '0' && s[n] <= '9') || s[n] == '_'))
            return 0;
    return s && n && n <= max;
}

/* The last error again, led by the field it is about ("org: unknown ..."). */
static int field_err(bloc_db *db, int rc, const char *field)
{
    char msg[DB_ERRMAX];
    fmt_into(msg, sizeof msg, "%s", bloc_errmsg(db));
    return db_err(db, rc, "%s: %s", field, msg);
}

/* Is article a provision of org's treaties in force on day? */
static int article_known(const model *m, const actor *org, const char *article, bloc_date day)
{
    for (size_t i = 0; i < org->treaties.n; i++) {
        const mfact *f = &m->facts[org->treaties.v[i]];
        if (f->dead || f->kind != FACT_PROVISION || strcmp(model_str(m, f->s[1]), article) != 0)
            continue;
        if (provision_during(f, day, day))
            return 1;
    }
    return 0;
}

/* The next case number: one more than the highest live:N in the log. */
static long next_case(const model *m)
{
    long hi = 0;
    for (size_t i = 0; i < m->nevents; i++) {
        const char *id = model_str(m, m->events[i].id), *p = id + strlen(CASE_PREFIX);
        char *end;
        if (strncmp(id, CASE_PREFIX, strlen(CASE_PREFIX)) != 0)
            continue;
        long n = strtol(p, &end, 10);
        if (end != p && !*end && n > hi)
            hi = n;
    }
    return hi + 1;
}

static int do_appeal(bloc_db *db, const bloc_step *st, bloc_date day, const char *src, batch *b,
                     char *id, size_t idlen)
{
    const model *m = &db->m;
    actor *org, *who;
    char why[256];
    int rc = report_actor(db, st->org, "org", "organization", &org);
    if (rc)
        return field_err(db, rc, "org");
    if ((rc = report_actor(db, st->state, "state", "state", &who)))
        return field_err(db, rc, "state");
    if (!in_good_standing(m, org, who->id, day, why, sizeof why))
        return refuse(db, st, BLOC_EDENIED, "%s cannot appeal: %s", st->state, why);
    if (!st->article || !*st->article || strlen(st->article) > 16)
        return db_err(db, BLOC_EINVAL, "article: which article of the treaty the appeal cites");
    if (!article_known(m, org, st->article, day))
        return db_err(db, BLOC_EINVAL, "article: %s's treaties have no article \"%s\" in force",
                      model_str(m, org->id), st->article);
    if (!snake(st->asked, 64))
        return db_err(db, BLOC_EINVAL,
                      "asked: what the appeal asks, in snake_case (military_assistance, "
                      "consultations, peacekeepers, ...)");
    if (st->nattackers > 8)
        return db_err(db, BLOC_EINVAL, "attackers: at most 8");
    if (st->internal && st->nattackers)
        return db_err(db, BLOC_EINVAL, "internal: an internal crisis has no attackers");
    const char *ids[8];
    for (size_t i = 0; i < st->nattackers; i++) {
        actor *a;
        if ((rc = report_actor(db, st->attackers[i], "state", "attacker", &a)))
            return field_err(db, rc, "attackers");
        if (a == who)
            return db_err(db, BLOC_EINVAL, "attackers: a state does not attack itself");
        ids[i] = model_str(m, a->id);
    }
    qsort(ids, st->nattackers, sizeof *ids, cmp_str); /* the canonical list is sorted */
    char att[8 * 16] = "";
    for (size_t i = 0; i < st->nattackers; i++) {
        size_t len = strlen(att);
        if (!i || strcmp(ids[i], ids[i - 1]) != 0)
            fmt_into(att + len, sizeof att - len, "%s%s", len ? "," : "", ids[i]);
    }
    long n = next_case(m);
    fmt_into(id, idlen, CASE_PREFIX "%ld", n);
    const char *who_id = model_str(m, who->id), *org_id = model_str(m, org->id);
    const char *cause = NULL;
    if (st->nattackers || st->internal) {
        cause = keep(b, "%s:cause", id);
        add(b, (fact){.kind = FACT_EVENT,
                      .s = {cause, st->internal ? "PROTEST" : "ASSAULT", NULL,
                            st->nattackers ? keep(b, "%s", att) : NULL, who_id},
                      .from = day,
                      .note = st->internal ? "the crisis as the appeal describes it: internal"
                                           : "the attack as the appeal describes it",
                      .src = src});
        add(b, (fact){.kind = FACT_DETAIL,
                      .s = {cause, "scope", NULL, st->internal ? "internal" : "external", NULL},
                      .src = src});
    }
    const char *aid = keep(b, "%s", id);
    add(b, (fact){.kind = FACT_EVENT,
                  .s = {aid, "appeal", NULL, who_id, org_id},
                  .from = day,
                  .note = st->note && *st->note ? st->note : NULL,
                  .src = src});
    add(b, (fact){.kind = FACT_DETAIL,
                  .s = {aid, "article", NULL, keep(b, "%s", st->article), NULL},
                  .src = src});
    add(b, (fact){.kind = FACT_DETAIL,
                  .s = {aid, "asked", NULL, keep(b, "%s", st->asked), NULL},
                  .src = src});
    if (cause)
        add(b, (fact){.kind = FACT_DETAIL, .s = {aid, "parent", NULL, cause, NULL}, .src = src});
    return BLOC_OK;
}

static int only(bloc_db *db, const bloc_step *st, const char *role)
{
    if (strcmp(st->role, role) == 0)
        return BLOC_OK;
    return refuse(db, st, BLOC_EDENIED, "%s: only %s %s may %s (you are %s%s%s)", st->action,
                  strcmp(role, "secretariat") == 0 ? "the" : "a", role, st->action, st->role,
                  st->state ? " of " : "", st->state ? st->state : "");
}

int bloc_step_apply(bloc_db *db, const bloc_step *st, char **out)
{
    const model *m = &db->m;
    static const char *const actions[] = {"appeal", "convene",  "position", "decide",
                                          "pledge", "complete", "withdraw", NULL};
    static const char *const roles[] = {"secretariat", "delegation", "observer", NULL};
    *out = NULL;
    if (!st->user || !*st->user || !in_list(roles, st->role))
        return db_err(db, BLOC_EINVAL, "a step needs who takes it: a user and a role");
    if (!in_list(actions, st->action))
        return db_err(db, BLOC_EINVAL,
                      "no step \"%s\" (appeal, convene, position, decide, pledge, complete, "
                      "withdraw)",
                      st->action ? st->action : "");
    if (st->note && strlen(st->note) > MAX_NOTE)
        return db_err(db, BLOC_EINVAL, "note: at most %d bytes", MAX_NOTE);
    bloc_date day;
    int rc = report_on(db, st->on, &day);
    if (rc)
        return rc;
    if (strcmp(st->role, "observer") == 0)
        return refuse(db, st, BLOC_EDENIED, "%s: an observer changes nothing", st->action);
    if (strcmp(st->role, "delegation") == 0 &&
        (!st->state || (st->for_state && strcmp(st->for_state, st->state) != 0)))
        return refuse(db, st, BLOC_EDENIED,
                      "%s: the delegation of %s acts only for its own state, not for %s",
                      st->action, st->state ? st->state : "(no state)",
                      st->for_state ? st->for_state : "(none)");
    char src[96], id[80];
    fmt_into(src, sizeof src, "user:%s", st->user);
    batch b = {0};
    add_source(&b, st, src);
    pcase c;
    if (strcmp(st->action, "appeal") == 0) {
        if ((rc = only(db, st, "delegation")) ||
            (rc = do_appeal(db, st, day, src, &b, id, sizeof id)))
            return rc;
    } else {
        if ((rc = case_read(db, st->case_id, &c)))
            return rc;
        fmt_into(id, sizeof id, "%s", st->case_id);
        const char *now = stage(&c);
        bloc_date since = c.af->from;
        char d1[16], d2[16];
        if (bloc_date_cmp(day, since) < 0)
            return refuse(db, st, BLOC_ECONFLICT, "%s: %s is dated %s, before the appeal (%s)",
                          st->action, st->action, report_datestr(day, d1, sizeof d1),
                          report_datestr(since, d2, sizeof d2));
        if (strcmp(st->action, "convene") == 0) {
            if ((rc = only(db, st, "secretariat")))
                return rc;
            if (strcmp(now, "filed") != 0)
                return refuse(db, st, BLOC_ECONFLICT,
                              "convene: the Council has already been convened on %s", id);
            if (!in_list(proposals, st->proposal))
                return db_err(db, BLOC_EINVAL,
                              "proposal: what the Council is asked to decide (statement, "
                              "fact_finding_mission, monitoring_mission, material_aid, "
                              "deployment)");
            const char *sid = keep(&b, "%s:session", id);
            add(&b, (fact){.kind = FACT_EVENT,
                           .s = {sid, "session", NULL, model_str(m, c.org->id),
                                 model_str(m, c.requester)},
                           .from = day,
                           .note = st->note && *st->note ? st->note : NULL,
                           .src = src});
            add(&b, (fact){.kind = FACT_DETAIL, .s = {sid, "parent", NULL, id, NULL}, .src = src});
            add(&b, (fact){.kind = FACT_DETAIL,
                           .s = {sid, "proposal", NULL, st->proposal, NULL},
                           .src = src});
        } else if (strcmp(st->action, "position") == 0) {
            char why[256];
            sym state = intern_find(&m->syms, st->state);
            if ((rc = only(db, st, "delegation")))
                return rc;
            if (strcmp(now, "convened") != 0)
                return refuse(db, st, BLOC_ECONFLICT, "position: %s",
                              c.session ? "the Council has already decided"
                                        : "the Council has not been convened yet");
            if (!state ||
                !in_good_standing(m, c.org, state, event_main(m, c.session)->from, why, sizeof why))
                return refuse(db, st, BLOC_EDENIED, "position: %s cannot vote: %s", st->state,
                              state ? why : "unknown state");
            if (!in_list((const char *const[]){"support", "object", "abstain", NULL}, st->position))
                return db_err(db, BLOC_EINVAL, "position: support, object or abstain");
            if (position_of(m, &c, state))
                return refuse(db, st, BLOC_ECONFLICT,
                              "position: %s has already recorded its position (%s)", st->state,
                              position_of(m, &c, state));
            add(&b, (fact){.kind = FACT_DETAIL,
                           .s = {model_str(m, c.session->id), "position", st->state, st->position,
                                 NULL},
                           .from = day,
                           .src = src});
        } else if (strcmp(st->action, "decide") == 0) {
            if ((rc = only(db, st, "secretariat")))
                return rc;
            if (strcmp(now, "convened") != 0)
                return refuse(db, st, BLOC_ECONFLICT, "decide: %s",
                              c.session ? "the Council has already decided"
                                        : "no decision without a session: convene first");
            sym v[256];
            size_t nv, sup = 0, obj = 0, abst = 0;
            char pending[512] = "";
            if ((rc = voters(m, c.org, event_main(m, c.session)->from, v, 256, &nv)))
                return db_err(db, rc, "out of memory");
            for (size_t i = 0; i < nv; i++) {
                const char *p = position_of(m, &c, v[i]);
                size_t len = strlen(pending);
                if (!p)
                    fmt_into(pending + len, sizeof pending - len, "%s%s", len ? ", " : "",
                             model_str(m, v[i]));
                else
                    *(strcmp(p, "support") == 0  ? &sup
                      : strcmp(p, "object") == 0 ? &obj
                                                 : &abst) += 1;
            }
            if (*pending)
                return refuse(db, st, BLOC_ECONFLICT, "decide: waiting for the positions of %s",
                              pending);
            const char *rule = decision_rule(m, c.org, event_main(m, c.session)->from);
            const char *r = rule ? rule : "consensus";
            int adopted = strcmp(r, "majority") == 0               ? sup * 2 > nv
                          : strcmp(r, "consensus_abstention") == 0 ? !obj && sup
                                                                   : sup == nv && nv;
            const char *did = keep(&b, "%s:decision", id);
            add(&b, (fact){.kind = FACT_EVENT,
                           .s = {did, "decision", NULL, model_str(m, c.org->id),
                                 model_str(m, c.requester)},
                           .from = day,
                           .note = keep(&b, "%s %s: %zu support, %zu object, %zu abstain (%s%s)",
                                        c.proposal, adopted ? "adopted" : "not adopted", sup, obj,
                                        abst, r, rule ? "" : ": no rule on record, consensus"),
                           .src = src});
            add(&b, (fact){.kind = FACT_DETAIL,
                           .s = {did, "parent", NULL, keep(&b, "%s:session", id)},
                           .src = src});
            add(&b, (fact){.kind = FACT_DETAIL,
                           .s = {did, "outcome", NULL, adopted ? c.proposal : "declined", NULL},
                           .src = src});
            int deploy = strcmp(c.proposal, "deployment") == 0,
                mission = strstr(c.proposal, "mission") != NULL;
            if (adopted && (deploy || mission)) {
                const char *fid = keep(&b, "%s:%s", id, deploy ? "deployment" : "mission");
                add(&b,
                    (fact){.kind = FACT_EVENT,
                           .s = {fid, deploy ? "deployment" : "mission", deploy ? NULL : c.proposal,
                                 model_str(m, c.org->id), model_str(m, c.requester)},
                           .from = day,
                           .src = src});
                add(&b,
                    (fact){.kind = FACT_DETAIL, .s = {fid, "parent", NULL, did, NULL}, .src = src});
            }
        } else if (strcmp(st->action, "pledge") == 0) {
            char why[256];
            sym state = intern_find(&m->syms, st->state);
            int64_t had;
            if ((rc = only(db, st, "delegation")))
                return rc;
            if (strcmp(now, "deployed") != 0)
                return refuse(db, st, BLOC_ECONFLICT, "pledge: %s",
                              c.completed || c.withdrawal ? "the deployment is over"
                              : c.decision                ? "the decision sent no forces"
                                           : "no forces before a decision to send them");
            if (!state || !in_good_standing(m, c.org, state, day, why, sizeof why))
                return refuse(db, st, BLOC_EDENIED, "pledge: %s cannot contribute: %s", st->state,
                              state ? why : "unknown state");
            if (st->size < 1 || st->size > MAX_PLEDGE)
                return db_err(db, BLOC_EINVAL, "size: people pledged, 1 to %d", MAX_PLEDGE);
            if (pledge_of(m, &c, state, &had))
                return refuse(db, st, BLOC_ECONFLICT, "pledge: %s has already pledged %lld",
                              st->state, (long long)had);
            add(&b,
                (fact){.kind = FACT_DETAIL,
                       .s = {model_str(m, c.force->id), "contributor", st->state, NULL, "exact"},
                       .num = st->size,
                       .from = day,
                       .src = src});
        } else if (strcmp(st->action, "complete") == 0) {
            if ((rc = only(db, st, "secretariat")))
                return rc;
            if (strcmp(now, "deployed") != 0)
                return refuse(db, st, BLOC_ECONFLICT, "complete: %s",
                              c.completed || c.withdrawal ? "already completed"
                                                          : "nothing was deployed");
            add(&b, (fact){.kind = FACT_DETAIL,
                           .s = {model_str(m, c.force->id), "status", NULL, "completed", NULL},
                           .from = day,
                           .src = src});
        } else { /* withdraw */
            if ((rc = only(db, st, "secretariat")))
                return rc;
            if (strcmp(now, "completed") != 0)
                return refuse(db, st, BLOC_ECONFLICT, "withdraw: %s",
                              c.withdrawal ? "already withdrawn"
                              : c.force    ? "complete the deployment first"
                                           : "nothing was deployed");
            const char *wid = keep(&b, "%s:withdrawal", id);
            add(&b, (fact){.kind = FACT_EVENT,
                           .s = {wid, "withdrawal", NULL, model_str(m, c.org->id),
                                 model_str(m, c.requester)},
                           .from = day,
                           .src = src});
            add(&b, (fact){.kind = FACT_DETAIL,
                           .s = {wid, "parent", NULL, model_str(m, c.force->id), NULL},
                           .src = src});
        }
    }
    for (size_t i = 0; i < b.n; i++)
        if (b.f[i].kind != FACT_SOURCE && !b.f[i].from)
            b.f[i].from = day;
    size_t appended, skipped;
    if ((rc = db_append(db, b.f, b.n, &appended, &skipped)))
        return rc;
    return bloc_case(db, id, BLOC_FMT_JSON, out);
}
