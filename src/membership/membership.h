/*
 * membership/membership.h - who belonged to an organization on a day, in which
 * status, by whose account. Sources may disagree (Armenia: "frozen" by its own
 * account, a member by Russia's); then the state is disputed and every claim is
 * kept, never one picked.
 */
#ifndef BLOC_MEMBERSHIP_MEMBERSHIP_H
#define BLOC_MEMBERSHIP_MEMBERSHIP_H

#include <stddef.h>

#include "model/model.h"

typedef struct mclaim {
    uint32_t fact;     /* index into model.facts */
    enum bloc_truth t; /* YES, or MAYBE when the day is inside a partial end's imprecision */
    const char *code;  /* the state's code and the claim's start, for sorting */
    bloc_date from;
    int superseded; /* the same source has a later claim that holds too */
    int decides;    /* one of the claims the verdict rests on */
} mclaim;

/* What claims holding on one day say, by the rules of membership_decide(). */
typedef struct verdict {
    sym value;       /* the value (slot) the deciding claims agree on; 0 if disputed */
    bloc_date since; /* the earliest start among them */
    int disputed;    /* deciding claims of different sources disagree */
    int uncertain;   /* nothing definite, or a live maybe-claim says otherwise */
} verdict;

/* Decide among claims c[0..n-1] that hold on a day, sorted by start, on the
 * value of slot `slot`: a source's later claim supersedes its earlier one;
 * definite claims decide, maybe-claims only when no definite one is left;
 * different values from the deciding claims make a dispute. Marks
 * superseded/decides on the claims. */
void membership_decide(const model *m, mclaim *c, size_t n, int slot, verdict *v);

typedef struct mrow {
    sym state;
    sym status;      /* the status all definite claims agree on; 0 when disputed */
    int good;        /* in good standing: 1, 0, or -1 when the claims disagree */
    int disputed;    /* definite claims give different statuses */
    int uncertain;   /* some claim holds only maybe on that day */
    bloc_date since; /* start of the agreed status */
    mclaim *claims;
    size_t nclaims;
} mrow;

typedef struct mset {
    mrow *rows; /* sorted by state code */
    size_t n;
    mclaim *pool;
} mset;

/* States with a status in org on day `on` (withdrawn ones left out), into *out
 * (free with membership_release). BLOC_OK or BLOC_ENOMEM. */
int membership_on(const model *m, const actor *org, bloc_date on, mset *out);
void membership_release(mset *s);

/* The row of state in s, NULL if none. */
const mrow *membership_find(const mset *s, sym state);

/* Did state have a live claim of good standing in org at some point from day
 * first to day last (inclusive)? A partial end counts while it may hold. */
int membership_overlap(const model *m, const actor *org, sym state, bloc_date first,
                       bloc_date last);

/* Is this status one of good standing (bound and protected)? */
int membership_good(const model *m, sym status);

#endif
