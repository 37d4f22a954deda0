/*
 * rules/obligations.c - what an attack triggers: for the target on a day, every
 * treaty in force for it, each provision valid that day, whom it binds and which
 * of its conditions are met, unmet or cannot be judged from the question.
 *
 * Nothing here is stored: obligations are derived from the treaty's provisions
 * (as ATOP codes them) and the membership on that day.
 */
#include <stdlib.h>
#include <string.h>

#include "bloc/bloc.h"
#include "membership/membership.h"
#include "report/report.h"
#include "rules/treaty.h"

/* A provision's conditions, parsed from their canonical form (record/load.c). */
typedef struct conds {
    int on_request, non_provocation;
    long min_attackers;
    const char *adversaries, *regions, *states; /* comma lists, or NULL */
    size_t nadv, nreg, nsta;
} conds;

static void parse_conds(const char *c, conds *k)
{
    memset(k, 0, sizeof *k);
    while (c && *c) {
        const char *end = strchr(c, ';');
        size_t n = end ? (size_t)(end - c) : strlen(c);
        const char *eq = memchr(c, '=', n);
        size_t kn = eq ? (size_t)(eq - c) : n;
        if (kn == 10 && memcmp(c, "on_request", 10) == 0)
            k->on_request = 1;
        else if (kn == 15 && memcmp(c, "non_provocation", 15) == 0)
            k->non_provocation = 1;
        else if (eq && kn == 13 && memcmp(c, "min_attackers", 13) == 0)
            k->min_attackers = strtol(eq + 1, NULL, 10);
        else if (eq && kn == 11 && memcmp(c, "adversaries", 11) == 0)
            k->adversaries = eq + 1, k->nadv = n - kn - 1;
        else if (eq && kn == 7 && memcmp(c, "regions", 7) == 0)
            k->regions = eq + 1, k->nreg = n - kn - 1;
        else if (eq && kn == 6 && memcmp(c, "states", 6) == 0)
            k->states = eq + 1, k->nsta = n - kn - 1;
        c = end ? end + 1 : NULL;
    }
}

/* Is word in the comma list l (n bytes)? */
static int in_list(const char *l, size_t n, const char *word)
{
    size_t w = strlen(word);
    while (l && n) {
        const char *comma = memchr(l, ',', n);
        size_t k = comma ? (size_t)(comma - l) : n;
        if (k == w && memcmp(l, word, w) == 0)
            return 1;
        if (!comma)
            break;
        n -= k + 1;
        l = comma + 1;
    }
    return 0;
}

static int is_type(const model *m, sym s, const char *t)
{
    return strcmp(model_str(m, s), t) == 0;
}

typedef struct ask {
    const actor *target;
    bloc_date on;
    const actor **att;
    size_t natt;
    int requested, internal;
} ask;

static int push_str(jv *arr, const char *s)
{
    return jv_push(arr, jv_string(s));
}

/* The same provision (article, type, conditions, validity) as recorded by
 * another source? */
static int same_provision(const mfact *a, const mfact *b)
{
    return !a->dead && a->s[1] == b->s[1] && a->s[2] == b->s[2] && a->s[3] == b->s[3] &&
           a->from == b->from && a->to == b->to;
}

/* Provision t->provisions[pi] of a treaty in force for the target, as a JSON
 * object citing every source that records it. */
static jv *provision_json(const model *m, const treaty *t, size_t pi, const mset *ms, const ask *q,
                          sym rule)
{
    const mfact *p = &m->facts[t->provisions.v[pi]];
    conds k;
    jv *o = jv_object(), *bound = jv_array(), *disputed = jv_array(), *unmet = jv_array(),
       *met = jv_array(), *assumed = jv_array(), *members = jv_array();
    int bad = !o || !bound || !disputed || !unmet || !met || !assumed || !members;
    const char *type = model_str(m, p->s[2]);
    int defense = strcmp(type, "defense") == 0, neutral = strcmp(type, "neutrality") == 0,
        nonagg = strcmp(type, "nonaggression") == 0;
    const char *target_region = "";
    const actor *ta = q->target;
    if (ta->fact)
        target_region = model_str(m, m->facts[ta->fact - 1].s[3]);
    parse_conds(model_str(m, p->s[3]), &k);

    /* Which attackers are members of this bloc (in good standing, or disputed)? */
    for (size_t i = 0; !bad && i < q->natt; i++) {
        const mrow *r = membership_find(ms, q->att[i]->id);
        if (r && r->good != 0)
            bad |= push_str(members, model_str(m, q->att[i]->id));
    }
    int intra = jv_len(members) > 0;

    if (nonagg) {
        /* Binds every member not to attack another: engaged only by a member attacker. */
        if (intra)
            bad |= push_str(met, "attacker_is_member");
        else
            bad |= push_str(unmet, "attacker_not_member");
    } else {
        if (intra && (defense || neutral))
            bad |= push_str(unmet, "intra_bloc");
        if (q->internal && (defense || neutral))
            bad |= push_str(unmet, "external_aggression");
        if (k.on_request)
            bad |= push_str(q->requested ? met : unmet, "on_request");
        if (k.adversaries) {
            int hit = 0;
            for (size_t i = 0; i < q->natt; i++)
                hit |= in_list(k.adversaries, k.nadv, model_str(m, q->att[i]->id));
            bad |= push_str(!q->natt ? assumed : hit ? met : unmet, "specific_adversary");
        }
        if (k.regions || k.states) {
            int in = in_list(k.regions, k.nreg, target_region) ||
                     in_list(k.states, k.nsta, model_str(m, ta->id));
            bad |= push_str(in ? met : unmet, "location");
        }
        if (k.min_attackers > 1)
            bad |= push_str(!q->natt                           ? assumed
                            : (long)q->natt >= k.min_attackers ? met
                                                               : unmet,
                            "number_of_attackers");
        if (k.non_provocation)
            bad |= push_str(assumed, "non_provocation");
    }

    /* Whom it binds: members in good standing that day, less target and attackers
     * (for non-aggression: the member attackers themselves). */
    if (nonagg) {
        for (size_t i = 0; !bad && i < jv_len(members); i++)
            bad |= push_str(bound, jv_str(jv_at(members, i)));
    } else {
        for (size_t i = 0; !bad && i < ms->n; i++) {
            const mrow *r = &ms->rows[i];
            int party = r->state == ta->id;
            for (size_t a = 0; a < q->natt; a++)
                party |= r->state == q->att[a]->id;
            if (party || r->good == 0)
                continue;
            bad |= push_str(r->good > 0 ? bound : disputed, model_str(m, r->state));
        }
    }

    if (!bad) {
        char d[16];
        bad |= jv_set(o, "org", jv_string(model_str(m, t->org)));
        bad |= jv_set(o, "treaty", jv_string(model_str(m, t->id)));
        bad |=
            jv_set(o, "title", jv_string(t->fact ? model_str(m, m->facts[t->fact - 1].s[2]) : ""));
        bad |= jv_set(o, "article", jv_string(model_str(m, p->s[1])));
        bad |= jv_set(o, "type", jv_string(type));
        int triggered = jv_len(unmet) == 0;
        bad |= jv_set(o, "triggered", jv_bool(triggered));
        /* Not triggered: nobody is bound; say whom it would bind. */
        bad |= jv_set(o, "bound", triggered ? bound : jv_array());
        bad |= jv_set(o, "would_bind", triggered ? jv_array() : bound);
        bad |= jv_set(o, "bound_disputed", disputed);
        bad |= jv_set(o, "unmet", unmet);
        bad |= jv_set(o, "met", met);
        bad |= jv_set(o, "assumed", assumed);
        bad |= jv_set(o, "decision_rule", rule ? jv_string(model_str(m, rule)) : jv_null());
        bad |= jv_set(o, "provision_from", jv_string(bloc_date_format(p->from, d, sizeof d)));
        bad |= jv_set(o, "text", jv_string(model_note(m, p)));
        bad |= jv_set(o, "source", jv_string(model_str(m, p->src)));
        jv *srcs = jv_array();
        bad |= jv_set(o, "sources", srcs);
        for (size_t pj = pi; !bad && pj < t->provisions.n; pj++)
            if (same_provision(&m->facts[t->provisions.v[pj]], p))
                bad |= push_str(srcs, model_str(m, m->facts[t->provisions.v[pj]].src));
        bound = disputed = unmet = met = assumed = NULL;
    }
    jv_free(bound);
    jv_free(disputed);
    jv_free(unmet);
    jv_free(met);
    jv_free(assumed);
    jv_free(members);
    if (bad) {
        jv_free(o);
        return NULL;
    }
    return o;
}

static int obligations_text(const model *m, const jv *doc, buf *t)
{
    cites c = {0};
    const jv *obs = jv_get(doc, "obligations"), *att = jv_get(doc, "attackers");
    int rc =
        buf_printf(t, "Attack on %s on %s", report_s(doc, "target", ""), report_s(doc, "on", ""));
    for (size_t i = 0; !rc && i < jv_len(att); i++)
        rc = buf_printf(t, "%s%s", i ? ", " : " by ", jv_str(jv_at(att, i)));
    if (!rc)
        rc = buf_printf(t, "%s, %s\n",
                        jv_typeof(jv_get(doc, "internal")) == JV_TRUE ? " (internal crisis)" : "",
                        jv_typeof(jv_get(doc, "requested")) == JV_TRUE ? "help requested"
                                                                       : "no request for help");
    const jv *intra = jv_get(doc, "intra_bloc");
    for (size_t i = 0; !rc && i < jv_len(intra); i++)
        rc = buf_printf(t, "  INTRA-BLOC: attacker and target are both members of %s\n",
                        jv_str(jv_at(intra, i)));
    if (!rc && !jv_len(obs))
        rc = buf_puts(t, "  no treaty in force for the target on that day\n");
    for (size_t i = 0; !rc && i < jv_len(obs); i++) {
        const jv *o = jv_at(obs, i);
        const char *lists[] = {"bound", "would_bind", "bound_disputed", "unmet", "met", "assumed"};
        const jv *srcs = jv_get(o, "sources");
        rc = buf_printf(
            t, "\n  %s %s art. %s (%s): %s [", report_s(o, "org", ""), report_s(o, "treaty", ""),
            report_s(o, "article", ""), report_s(o, "type", ""),
            jv_typeof(jv_get(o, "triggered")) == JV_TRUE ? "TRIGGERED" : "not triggered");
        for (size_t k = 0; !rc && k < jv_len(srcs); k++)
            rc = buf_printf(t, "%s%zu", k ? "," : "", report_cite(&c, jv_str(jv_at(srcs, k))));
        if (!rc)
            rc = buf_puts(t, "]\n");
        for (size_t l = 0; !rc && l < sizeof lists / sizeof *lists; l++) {
            const jv *a = jv_get(o, lists[l]);
            if (!jv_len(a))
                continue;
            rc = buf_printf(t, "    %-15s", lists[l]);
            for (size_t k = 0; !rc && k < jv_len(a); k++)
                rc = buf_printf(t, " %s", jv_str(jv_at(a, k)));
            if (!rc)
                rc = buf_putc(t, '\n');
        }
        if (!rc && jv_str(jv_get(o, "decision_rule")))
            rc = buf_printf(t, "    decided by      %s\n", report_s(o, "decision_rule", ""));
    }
    if (!rc)
        rc = report_footnotes(m, &c, t);
    free(c.v);
    return rc;
}

int bloc_obligations(bloc_db *db, const bloc_attack *a, bloc_format fmt, char **out)
{
    const model *m = &db->m;
    ask q = {0};
    char d[16];
    int rc = report_on(db, a->on, &q.on);
    actor *target;
    if (!rc)
        rc = report_actor(db, a->target, "state", "target state", &target);
    if (rc)
        return rc;
    q.target = target;
    q.requested = a->requested;
    q.internal = a->internal;
    if (a->internal && a->nattackers)
        return db_err(db, BLOC_EINVAL, "an internal crisis has no attacker states");
    q.att = calloc(a->nattackers ? a->nattackers : 1, sizeof *q.att);
    if (!q.att)
        return db_err(db, BLOC_ENOMEM, "out of memory");
    for (size_t i = 0; i < a->nattackers; i++) {
        actor *x;
        if ((rc = report_actor(db, a->attackers[i], "state", "attacker state", &x))) {
            free(q.att);
            return rc;
        }
        if (x == target) {
            free(q.att);
            return db_err(db, BLOC_EINVAL, "the target cannot also be the attacker");
        }
        int dup = 0;
        for (size_t k = 0; k < q.natt; k++)
            dup |= q.att[k] == x; /* one state counts once, however often named */
        if (!dup)
            q.att[q.natt++] = x;
    }

    jv *doc = jv_object(), *obs = jv_array(), *att = jv_array(), *intra = jv_array();
    int bad = !doc || !obs || !att || !intra;
    if (!bad) {
        bad |= jv_set(doc, "target", jv_string(model_str(m, target->id)));
        bad |= jv_set(doc, "on", jv_string(bloc_date_format(q.on, d, sizeof d)));
        for (size_t i = 0; i < q.natt; i++)
            bad |= push_str(att, model_str(m, q.att[i]->id));
        bad |= jv_set(doc, "attackers", att);
        bad |= jv_set(doc, "requested", jv_bool(q.requested));
        bad |= jv_set(doc, "internal", jv_bool(q.internal));
        bad |= jv_set(doc, "intra_bloc", intra);
        bad |= jv_set(doc, "obligations", obs);
    } else {
        jv_free(att);
        jv_free(intra);
        jv_free(obs);
    }
    /* Only organizations the target has a spell in that day can bind anyone
     * for it: find them from its own facts, rather than asking every treaty. */
    sym *orgs = calloc(target->own.n ? target->own.n : 1, sizeof *orgs);
    size_t norgs = 0;
    bad |= !orgs;
    for (size_t i = 0; !bad && i < target->own.n; i++) {
        const mfact *f = &m->facts[target->own.v[i]];
        if (f->kind == FACT_SPELL && !f->dead && f->s[1] == target->id &&
            bloc_interval_holds(f->from, f->to, q.on) != BLOC_NO)
            orgs[norgs++] = f->s[0];
    }
    for (size_t ti = 0; !bad && ti < m->ntreaties; ti++) {
        const treaty *t = &m->treaties[ti];
        const actor *org = model_actor(m, t->org);
        int in_force, member = 0;
        sym rule;
        bloc_date since;
        mset ms;
        for (size_t k = 0; k < norgs; k++)
            member |= orgs[k] == t->org;
        if (!member || !t->fact || !org || m->facts[t->fact - 1].dead)
            continue;
        treaty_state(m, t, q.on, &in_force, &rule, &since);
        if (!in_force)
            continue;
        if (membership_on(m, org, q.on, &ms)) {
            bad = 1;
            break;
        }
        const mrow *tr = membership_find(&ms, target->id);
        if (tr && tr->good != 0) {
            int member_attacker = 0;
            for (size_t i = 0; i < q.natt; i++) {
                const mrow *r = membership_find(&ms, q.att[i]->id);
                member_attacker |= r && r->good != 0;
            }
            int listed = 0;
            for (size_t i = 0; i < jv_len(intra); i++)
                listed |= strcmp(jv_str(jv_at(intra, i)), model_str(m, t->org)) == 0;
            if (member_attacker && !listed)
                bad |= push_str(intra, model_str(m, t->org));
            for (size_t pi = 0; !bad && pi < t->provisions.n; pi++) {
                const mfact *p = &m->facts[t->provisions.v[pi]];
                /* Offense is not engaged by an attack on the target; non-aggression
                 * only when a member is the attacker. */
                if (p->dead || bloc_interval_holds(p->from, p->to, q.on) == BLOC_NO ||
                    is_type(m, p->s[2], "offense") ||
                    (is_type(m, p->s[2], "nonaggression") && !member_attacker))
                    continue;
                /* The same provision by several sources is one obligation. */
                int seen = 0;
                for (size_t pj = 0; !seen && pj < pi; pj++)
                    seen = same_provision(&m->facts[t->provisions.v[pj]], p);
                if (seen)
                    continue;
                jv *o = provision_json(m, t, pi, &ms, &q, rule);
                if (o && tr->good < 0)
                    bad |= jv_set(o, "target_standing_disputed", jv_bool(1));
                bad |= jv_push(obs, o);
            }
        }
        membership_release(&ms);
    }
    free(q.att);
    free(orgs);
    if (bad) {
        jv_free(doc);
        doc = NULL;
    }
    return report_finish(db, fmt, doc, obligations_text, out);
}
