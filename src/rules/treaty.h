/*
 * rules/treaty.h - a treaty's state over time, from its dated phases.
 */
#ifndef BLOC_RULES_TREATY_H
#define BLOC_RULES_TREATY_H

#include "model/model.h"

/* Whether t is in force on day `on` (an in_force phase passed and no
 * termination after it), since when, and the latest decision rule set by a
 * phase on or before that day (0 if none). */
void treaty_state(const model *m, const treaty *t, bloc_date on, int *in_force, sym *rule,
                  bloc_date *since);

/* Was t in force on some day from first to last (inclusive)? */
int treaty_in_force_during(const model *m, const treaty *t, bloc_date first, bloc_date last);

/* Does provision p (a live FACT_PROVISION) hold on some day from first to last? */
int provision_during(const mfact *p, bloc_date first, bloc_date last);

#endif
