/*
 * events/events.h - reading the record of events (PLOVER events and the bloc's
 * procedure: appeal, session, decision, mission, deployment, withdrawal):
 * an event's main claim, its details, its procedure chain, who took part.
 *
 * Every function borrows from the model and allocates nothing unless it says so.
 */
#ifndef BLOC_EVENTS_EVENTS_H
#define BLOC_EVENTS_EVENTS_H

#include <stddef.h>

#include "model/model.h"

#define EVENTS_MAXDEPTH 16 /* procedure chains followed this deep (appeal .. withdrawal) */

/* The event's first live EVENT fact in log order (the claim it is shown by;
 * other sources' claims follow it in e->facts), or NULL if none is live. */
const mfact *event_main(const model *m, const event *e);

/* The first live DETAIL fact of e with this key (a sym), or NULL. */
const mfact *event_detail(const model *m, const event *e, sym key);

/* Is id one of the comma-joined list slot's ids? */
int event_lists(const model *m, sym list, sym id);

/* The state an actor stands for: a state itself, a person's state, 0 for an
 * organization or an unknown id. */
sym event_state(const model *m, sym actor_id);

/* The states among an event's actors (slot 3) or recipients (slot 4), persons
 * counted as their state, each once, into out; returns how many. */
size_t event_states(const model *m, const mfact *f, int slot, sym out[MODEL_MAXLIST]);

/* The events under e (children, their children, ...) in date order, each once,
 * up to EVENTS_MAXDEPTH deep, as indexes into m->events in a new array (*out,
 * free() it); *n their number. BLOC_OK or BLOC_ENOMEM. */
int event_descendants(const model *m, const event *e, uint32_t **out, size_t *n);

/* Days from a to b when both are full dates; sets *ok to 0 otherwise. */
long event_days(bloc_date a, bloc_date b, int *ok);

#endif
