/*
 * rules/treaty.c - a treaty's state over time: in force or not, under which
 * decision rule, from its dated phases; and which provisions hold in a span.
 */
#include "rules/treaty.h"

#include "bloc/bloc.h"

/* The latest decision rule set by a phase on or before on; and whether the
 * treaty is in force that day (an in_force phase passed, no termination). */
void treaty_state(const model *m, const treaty *t, bloc_date on, int *in_force, sym *rule,
                  bloc_date *since)
{
    bloc_date rule_at = 0, entered = 0, ended = 0;
    *rule = 0;
    for (size_t i = 0; i < t->phases.n; i++) {
        const mfact *p = &m->facts[t->phases.v[i]];
        if (p->dead || bloc_date_first(p->from) > on)
            continue;
        /* by dates, whatever order the phases were recorded in */
        if (p->s[1] == m->k_in_force && (!entered || bloc_date_cmp(p->from, entered) > 0))
            entered = p->from;
        if (p->s[1] == m->k_termination && (!ended || bloc_date_cmp(p->from, ended) > 0))
            ended = p->from;
        if (p->s[2] && bloc_date_cmp(p->from, rule_at) >= 0) {
            *rule = p->s[2];
            rule_at = p->from;
        }
    }
    *in_force = entered && (!ended || bloc_date_cmp(entered, ended) > 0);
    *since = *in_force ? entered : 0;
}

int treaty_in_force_during(const model *m, const treaty *t, bloc_date first, bloc_date last)
{
    int in_force;
    sym rule;
    bloc_date since;
    treaty_state(m, t, first, &in_force, &rule, &since);
    for (size_t i = 0; !in_force && i < t->phases.n; i++) {
        const mfact *p = &m->facts[t->phases.v[i]];
        in_force = !p->dead && p->s[1] == m->k_in_force && bloc_date_first(p->from) <= last &&
                   bloc_date_first(p->from) >= first;
    }
    return in_force;
}

int provision_during(const mfact *p, bloc_date first, bloc_date last)
{
    return !p->dead && p->kind == FACT_PROVISION && bloc_date_first(p->from) <= last &&
           (!p->to || bloc_date_last(p->to) > first);
}
