/*
 * model/model.h - the in-memory model, built from the log at open and kept
 * current as entries are appended. Nothing here is stored by hand: it is an
 * index over the log's facts, so queries (membership/, rules/) are array walks.
 *
 * Facts are kept in log order (facts[i] is entry seq i+1); codes are interned
 * (util/intern.h) and per-actor lists hold indexes into facts[].
 */
#ifndef BLOC_MODEL_MODEL_H
#define BLOC_MODEL_MODEL_H

#include <stddef.h>
#include <stdint.h>

#include "record/fact.h"
#include "util/intern.h"

typedef struct mfact {
    uint8_t kind;
    uint8_t dead; /* retracted by a later entry */
    sym s[FACT_NSLOT];
    bloc_date from, to;
    int64_t num;   /* for FACT_RETRACT: the seq retracted */
    uint32_t note; /* offset+1 into the note arena, 0 none */
    sym src;
} mfact;

typedef struct idlist {
    uint32_t *v; /* indexes into model.facts */
    size_t n, cap;
} idlist;

/* An organization's spell, inline, in a list sorted by the first day it can
 * have begun: an as-of question reads one contiguous prefix of it instead of
 * chasing facts across the log (docs/BENCHMARKS.md). */
typedef struct ospell {
    bloc_date start; /* bloc_date_first(from) */
    bloc_date from, to;
    uint32_t fact; /* index into model.facts */
} ospell;

typedef struct actor {
    sym id;
    uint32_t fact;   /* index+1 of its latest FACT_ACTOR, 0 if only referenced */
    idlist own;      /* facts about it: actor, names, spells as the state, offices held */
    idlist spells;   /* as an organization: its membership spells */
    idlist offices;  /* as an organization: its offices */
    idlist treaties; /* as an organization: its treaties' facts (treaty, phases, provisions) */
    ospell *os;      /* as an organization: its spells again, sorted by start */
    size_t nos, capos;
} actor;

typedef struct treaty {
    sym id, org;
    uint32_t fact; /* index+1 of its FACT_TREATY */
    idlist phases, provisions;
} treaty;

/* An event of the record: its EVENT facts (one per source, maybe disagreeing)
 * and the DETAIL facts about it, in log order. */
typedef struct event {
    sym id;
    idlist facts;
    idlist children; /* events naming it as their parent (indexes into model.events) */
} event;

#define MODEL_MAXLIST 64 /* ids in an event's actors or recipients */

typedef struct model {
    intern syms;
    mfact *facts;
    size_t nfacts, capfacts;
    char *notes; /* NUL-terminated notes */
    size_t nlen, ncap;
    actor *actors;
    size_t nactors, capactors;
    treaty *treaties;
    size_t ntreaties, captreaties;
    event *events; /* in the order first seen */
    size_t nevents, capevents;
    idlist claims; /* CLAIM facts: events read from news, kept apart from the record */
    /* per-sym indexes (index+1, 0 none), grown with syms */
    uint32_t *actor_of, *treaty_of, *source_of, *name_head, *event_of;
    size_t capsym;
    /* name index: folded name sym -> chain of (actor, next) */
    struct nameref {
        uint32_t actor, next;
    } * names;
    size_t nnames, capnames;
    /* well-known syms */
    sym k_state, k_org, k_person, k_chair, k_member, k_withdrawing, k_withdrawn, k_in_force,
        k_termination, k_en, k_parent;
} model;

int model_init(model *m);
void model_free(model *m);

/* Add entry e (the next in seq order) to the model. BLOC_OK, BLOC_ENOMEM, or
 * BLOC_EINVAL if e->seq is not the next number. */
int model_apply(model *m, const entry *e);

/* Lookups; NULL when unknown. */
actor *model_actor(const model *m, sym id);
actor *model_actor_named(const model *m, const char *code);
treaty *model_treaty(const model *m, sym id);
const mfact *model_source(const model *m, sym id);
event *model_event(const model *m, sym id);

/* The ids of a comma-joined list slot (an event's actors or recipients) into
 * out (up to MODEL_MAXLIST); returns how many. */
size_t model_list(const model *m, sym list, sym out[MODEL_MAXLIST]);

/* The string of a sym (borrowed); "" for 0. */
const char *model_str(const model *m, sym s);
/* The note of a fact (borrowed), NULL if none. */
const char *model_note(const model *m, const mfact *f);
/* The type sym ("state", "org", "person") of an actor, 0 if unknown. */
sym model_actor_type(const model *m, const actor *a);
/* Display name of an actor in lang (e.g. "en"), falling back to English, then the id. */
const char *model_display_name(const model *m, const actor *a, const char *lang);
/* Resolve a code or any of the names of an actor in any language (case,
 * compatibility forms and invisible marks ignored). NULL if none; if a name is
 * shared by several actors, *ambiguous is set and the first is returned. */
actor *model_resolve(const model *m, const char *code_or_name, int *ambiguous);

/* Append index i to list l. */
int idlist_push(idlist *l, uint32_t i);

#endif
