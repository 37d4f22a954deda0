/*
 * extract/roles.c - events from a sentence's triggers and names.
 *
 * For each trigger word, who did it (the actor) and to whom (the recipient)
 * is read the way TABARI reads a sentence: names marked by the language
 * (a preposition before, a case ending or postposition after: against, на,
 * ضد, -কে, বিরুদ্ধে; by, কর্তৃক for the doer of a passive) take the role
 * they mark; the rest go by the language's usual order (SVO: the doer before
 * the verb, the object after; SOV: the first unmarked name is the doer; VSO:
 * the doer right after the verb). Names listed together ("Azerbaijan, Georgia
 * and Uzbekistan") act together. A negation next to the trigger cancels it.
 * People act for the state (or organization) of the office they held.
 */
#include <stdlib.h>
#include <string.h>

#include "events/events.h"
#include "extract/extract.h"

#define WINDOW      40 /* tokens between a trigger and a name of its event, at most */
#define MARK_WINDOW 8  /* ... for the doer a passive marks (by X) */
#define DATE_WINDOW 15 /* ... for the date of the event */

sym roles_who(const model *m, sym id, bloc_date on)
{
    const actor *a = model_actor(m, id);
    if (!a || model_actor_type(m, a) != m->k_person)
        return id;
    bloc_date day = on ? bloc_date_first(on) : bloc_date_today();
    sym best = 0;
    for (size_t i = 0; i < a->own.n; i++) {
        const mfact *f = &m->facts[a->own.v[i]];
        if (f->kind != FACT_OFFICE || f->dead || f->s[3] != id ||
            bloc_interval_holds(f->from, f->to, day) == BLOC_NO)
            continue;
        const actor *org = model_actor(m, f->s[0]);
        const char *office = model_str(m, f->s[1]);
        if (org && model_actor_type(m, org) == m->k_state)
            return f->s[0]; /* a national office: its state */
        if (strcmp(office, "chair") != 0)
            best = f->s[0]; /* heads the organization's secretariat or staff */
        else if (!best)
            best = f->s[2]; /* chairs its council: for the chairing state */
    }
    if (best)
        return best;
    sym st = event_state(m, id);
    return st ? st : 0;
}

static int rec_marked(const xent *e, size_t trig)
{
    (void)trig;
    return e->rec_t;
}

/* The entity nearest to token t among those passing the test, looking in
 * direction dir first (-1 before, +1 after), then the other way when both. */
typedef int (*ent_test)(const xent *e, size_t trig, const void *ctx);

/* A place used as a place, in the first look for an event's parties. */
static int hidden(const sentence *s, const xent *e)
{
    return s->hide_places && e->place;
}

/* Does another trigger stand between entity e and trigger t? Then e is that
 * trigger's object, not t's. */
static int content_of(const sentence *s, const xtrig *o, const xtrig *t, int sov);

static int other_between(const sentence *s, const xtrig *t, const xent *e)
{
    for (size_t i = 0; i < s->ntrigs; i++) {
        const xtrig *o = &s->trigs[i];
        if (o == t || content_of(s, o, t, s->L->order == ORDER_SOV))
            continue; /* "refused to hold CSTO exercises": the exercises are the refusal's */
        if ((e->last < o->first && o->last < t->first) ||
            (t->last < o->first && o->last < e->first))
            return 1;
    }
    return 0;
}

static long nearest_in(const sentence *s, const xtrig *t, int dir, int both, ent_test ok,
                       const void *ctx, size_t window, int owned);

static long nearest(const sentence *s, const xtrig *t, int dir, int both, ent_test ok,
                    const void *ctx)
{
    return nearest_in(s, t, dir, both, ok, ctx, WINDOW, 0);
}

/* The nearest entity within window tokens; owned: skipping those another
 * trigger stands closer to (objects of another verb). */
static long nearest_in(const sentence *s, const xtrig *t, int dir, int both, ent_test ok,
                       const void *ctx, size_t window, int owned)
{
    long best = -1;
    size_t bestd = 0;
    for (int pass = 0; pass < (both ? 2 : 1) && best < 0; pass++) {
        int d = pass ? -dir : dir;
        for (size_t i = 0; i < s->nents; i++) {
            const xent *e = &s->ents[i];
            size_t dist;
            if (d < 0 && e->last < t->first)
                dist = t->first - e->last;
            else if (d > 0 && e->first > t->last)
                dist = e->first - t->last;
            else if (d > 0 && e->first <= t->last && e->last >= t->first)
                dist = 0; /* named inside the trigger: "вернулся в ОДКБ" */
            else
                continue;
            if (dist > window || hidden(s, e) || !ok(e, t->trigger, ctx) ||
                (owned && other_between(s, t, e)))
                continue;
            if (best < 0 || dist < bestd) {
                best = (long)i;
                bestd = dist;
            }
        }
    }
    return best;
}

/* The first entity (in text order) on side dir of the trigger passing the test. */
static long first_on(const sentence *s, const xtrig *t, int dir, ent_test ok, const void *ctx,
                     long skip_group)
{
    for (size_t i = 0; i < s->nents; i++) {
        const xent *e = &s->ents[i];
        int side = e->last < t->first ? -1 : e->first > t->last ? 1 : 0;
        size_t dist = side < 0 ? t->first - e->last : side > 0 ? e->first - t->last : 0;
        if (side == dir && dist <= WINDOW && !hidden(s, e) && ok(e, t->trigger, ctx) &&
            (skip_group < 0 || e->group != s->ents[skip_group].group) &&
            (dir < 0 || !other_between(s, t, e))) /* after another verb: its, not t's */
            return (long)i;
    }
    return -1;
}

static int is_org(const xent *e, size_t trig, const void *ctx)
{
    (void)trig;
    (void)ctx;
    return e->org;
}

static int is_member(const xent *e, size_t trig, const void *ctx)
{
    (void)ctx;
    (void)trig;
    return !e->org && !e->act && !e->rec_t;
}

static int is_actor_marked(const xent *e, size_t trig, const void *ctx)
{
    (void)trig;
    (void)ctx;
    return e->act;
}

static int is_rec_marked(const xent *e, size_t trig, const void *ctx)
{
    const xent *not = ctx;
    return rec_marked(e, trig) && (!not || e->group != not ->group);
}

static int is_unmarked(const xent *e, size_t trig, const void *ctx)
{
    const xent *not = ctx;
    return !e->act && !rec_marked(e, trig) && (!not || e->group != not ->group);
}

/* Where the clause of trigger t starts: after the last word that opens a
 * clause (that, যে), or the last comma, semicolon or colon before it that does
 * not separate names of one list. */
static size_t clause_start(const sentence *s, const xtrig *t)
{
    size_t opened = 0;
    for (size_t i = 0; i < s->nclause; i++)
        if (s->clause[i] <= t->first && s->clause[i] > opened)
            opened = s->clause[i];
    for (size_t k = t->first; k-- > opened;) {
        const tok *p = &s->toks[k];
        char c = s->text[p->off];
        if (p->cls != TEXT_PUNCT || (c != ',' && c != ';' && c != ':'))
            continue;
        int in_list = 0;
        for (size_t i = 0; i + 1 < s->nents && !in_list; i++)
            in_list = s->ents[i].group == s->ents[i + 1].group && s->ents[i].last < k &&
                      s->ents[i + 1].first > k;
        if (!in_list)
            return k + 1;
    }
    return opened;
}

/* SOV: the object comes before the verb, and the doer before the object; the
 * doer is else the first unmarked name of the verb's clause, else of the
 * sentence before it. */
static void sov_roles(const sentence *s, const xtrig *t, long *act, long *rec)
{
    *rec = nearest_in(s, t, -1, 0, is_rec_marked, NULL, WINDOW, 1);
    if (*rec < 0) /* "B-কে ... দাবি জানায় এবং ... হুমকি দেয়": shared by both verbs */
        *rec = nearest_in(s, t, -1, 0, is_rec_marked, NULL, WINDOW, 0);
    if (*act >= 0)
        return;
    if (*rec >= 0) {
        const xent *r = &s->ents[*rec];
        for (size_t i = 0; i < s->nents; i++) {
            const xent *e = &s->ents[i];
            if (e->last < r->first && e->group != r->group && !hidden(s, e) &&
                is_unmarked(e, t->trigger, NULL))
                *act = (long)i; /* the last one before the object */
        }
        if (*act >= 0)
            return;
    }
    size_t from = clause_start(s, t);
    for (size_t i = 0; i < s->nents && *act < 0; i++) {
        const xent *e = &s->ents[i];
        if (e->first >= from && e->last < t->first && !hidden(s, e) &&
            is_unmarked(e, t->trigger, NULL) && (*rec < 0 || e->group != s->ents[*rec].group))
            *act = (long)i;
    }
    if (*act < 0)
        *act = first_on(s, t, -1, is_unmarked, NULL, *rec);
}

/* A negation governs the verb it precedes (did not send, не направила, لم
 * ترسل), or in SOV the verb it follows (পাঠায়নি, পাঠায় না); never from
 * inside the trigger itself (সাড়া দেয়নি is one). */
static int negated(const sentence *s, const xtrig *t, int sov)
{
    for (size_t i = 0; i < s->nneg; i++) {
        uint32_t n = s->neg[i];
        if (sov ? n > t->last && n <= t->last + 4 : n < t->first && n + 3 >= t->first)
            return 1;
    }
    return 0;
}

/* Add the states (people resolved) of entity group g to out, each once. */
static void add_group(const model *m, const sentence *s, long g, bloc_date on, sym *out, size_t *n)
{
    if (g < 0)
        return;
    for (size_t i = 0; i < s->nents; i++) {
        if (s->ents[i].group != s->ents[g].group)
            continue;
        sym who = roles_who(m, s->ents[i].actor, on);
        int seen = !who;
        for (size_t k = 0; k < *n && !seen; k++)
            seen = out[k] == who;
        if (!seen && *n < X_MAXCODES)
            out[(*n)++] = who;
    }
}

/* The date of the event: the sentence's only date, wherever it stands ("France
 * will supply ..., the minister said on Monday"); else the nearest one within
 * DATE_WINDOW tokens of the trigger. */
static bloc_date nearest_date_of(const sentence *s, const xtrig *t, int stated);

/* Dates written out first; a weekday or "last month" only when there is none
 * ("يوم الثلاثاء 13 سبتمبر 2022" is the 13th). */
static bloc_date nearest_date(const sentence *s, const xtrig *t)
{
    bloc_date d = nearest_date_of(s, t, 1);
    return d ? d : nearest_date_of(s, t, 0);
}

static bloc_date nearest_date_of(const sentence *s, const xtrig *t, int stated)
{
    bloc_date best = 0, only = 0;
    size_t bestd = 0;
    int one = 1, any = 0;
    for (size_t i = 0; i < s->ndates; i++)
        if (s->dates[i].stated == stated) {
            one &= !any || s->dates[i].date == only;
            only = s->dates[i].date;
            any = 1;
        }
    if (any && one)
        return only;
    for (size_t i = 0; i < s->ndates; i++) {
        const xdate *d = &s->dates[i];
        if (d->stated != stated)
            continue;
        size_t dist = d->last < t->first   ? t->first - d->last
                      : d->first > t->last ? d->first - t->last
                                           : 0;
        if (dist <= DATE_WINDOW && (!best || dist < bestd)) {
            best = d->date;
            bestd = dist;
        }
    }
    return best;
}

static int all_states(const model *m, const sym *v, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        const actor *a = model_actor(m, v[i]);
        if (!a || model_actor_type(m, a) != m->k_state)
            return 0;
    }
    return 1;
}

/* Is trigger t the content of the speech act o next to it ("accused NATO of
 * building up forces", "refused to hold exercises", সামরিক অভিযানের হুমকি)? */
static int content_of(const sentence *s, const xtrig *t, const xtrig *o, int sov)
{
    int cat = s->L->triggers[o->trigger].cat;
    int act = cat == PL_ACCUSE || cat == PL_REJECT || cat == PL_THREATEN || cat == PL_REQUEST;
    if (o == t || !act || cat == s->L->triggers[t->trigger].cat)
        return 0;
    return sov ? t->last < o->first && o->first <= t->last + 3
               : o->last < t->first && t->first <= o->last + 4;
}

/* Is trigger t the content of a speech act? Then it did not happen as an event
 * of its own. */
static int reported(const sentence *s, const xtrig *t, int sov)
{
    for (size_t i = 0; i < s->ntrigs; i++)
        if (content_of(s, t, &s->trigs[i], sov))
            return 1;
    return 0;
}

/* "Armenia will leave the CSTO unless its allies help": an act of force or
 * of leaving, on a condition stated after it, is a threat. */
static int conditional(const sentence *s, const xtrig *t)
{
    int cat = s->L->triggers[t->trigger].cat;
    int act = cat == PL_RETREAT || cat == PL_ASSAULT || cat == PL_SANCTION || cat == PL_COERCE ||
              cat == PL_MOBILIZE;
    for (size_t i = 0; act && i < s->ncond; i++)
        if (s->cond[i] > t->last)
            return 1;
    return 0;
}

/* Kinds of event that need no direction: parties listed together did it
 * with each other (signed, met, agreed). */
static int symmetric(int cat)
{
    return cat == PL_AGREE || cat == PL_CONSULT || cat == PL_COOPERATE;
}

/* The doer (*act) and the object (*rec) of trigger t, as entity indexes (-1:
 * none); 0 when a passive names no doer. */
static int pick_roles(sentence *s, const xtrig *t, const lex_trigger *lt, long *pact, long *prec)
{
    const lexicon *L = s->L;
    long act = nearest_in(s, t, -1, 1, is_actor_marked, NULL, MARK_WINDOW, 0), rec = -1;
    int passive = lt->passive || act >= 0, sov = L->order == ORDER_SOV;
    long subj = sov ? -1 : nearest(s, t, -1, 0, is_unmarked, NULL);
    if (lt->bloc && !(subj >= 0 && s->ents[subj].org)) { /* "CSTO troops pulled out of": not this */
        /* joining or leaving: the organization is the object, a member the doer
         * ("Armenia will leave the CSTO", ستترك منظمة ...) */
        rec = nearest_in(s, t, sov ? -1 : 1, !sov, is_org, NULL, WINDOW, 0);
        if (act < 0)
            act = nearest_in(s, t, -1, 0, is_member, NULL, WINDOW, 0);
        if (act < 0)
            act = first_on(s, t, 1, is_member, NULL, -1);
        *pact = act;
        *prec = rec;
        return 1;
    }
    /* the doer, by the language's order */
    if (sov)
        sov_roles(s, t, &act, &rec);
    else if (act < 0) {
        switch (L->order) {
        case ORDER_VSO:
            act = first_on(s, t, 1, is_unmarked, NULL, -1);
            if (act < 0)
                act = nearest(s, t, -1, 0, is_unmarked, NULL);
            break;
        default: /* the subject in the verb's clause, else right after it (атака
                    Азербайджана на Армению), else before the clause */
            act = nearest(s, t, -1, 0, is_unmarked, NULL);
            if (act >= 0 && s->ents[act].first < clause_start(s, t)) {
                long after = first_on(s, t, 1, is_unmarked, NULL, -1);
                if (after >= 0 && s->ents[after].first <= t->last + 1) /* its genitive */
                    act = after;
            }
            if (act < 0)
                act = nearest(s, t, 1, 0, is_unmarked, NULL);
        }
    }
    const xent *a = act >= 0 ? &s->ents[act] : NULL;
    /* its object: marked, else by order */
    if (!sov)
        rec = nearest_in(s, t, 1, 1, is_rec_marked, a, WINDOW, 1);
    if (rec >= 0 && a && s->ents[rec].group == a->group)
        rec = -1;
    if (rec < 0) {
        if (sov)
            rec = nearest_in(s, t, -1, 0, is_unmarked, a, WINDOW, 1);
        else if (lt->mutual || !passive)
            rec = first_on(s, t, 1, is_unmarked, NULL, act);
        if (rec < 0 && lt->mutual)
            rec = nearest(s, t, -1, 1, is_unmarked, a);
    }
    if (passive && !sov) {
        /* "Armenia was attacked by Azerbaijan", "a request from Tokayev": the
         * name before is the object, the doer is marked or follows */
        const xent *doer = act >= 0 && s->ents[act].act ? &s->ents[act] : NULL;
        rec = nearest(s, t, -1, 0, is_unmarked, doer);
        if (!doer)
            act = first_on(s, t, 1, is_unmarked, NULL, rec);
        if (act < 0 || rec < 0) /* "Armenia was attacked": no doer named */
            return 0;
    }
    *pact = act;
    *prec = rec;
    return 1;
}

/* The event of trigger t with the roles picked, into *ev: 0 when it has no
 * doer or no object once people are read as their states. */
static int make_event(const model *m, sentence *s, const xtrig *t, xevent *ev)
{
    const lexicon *L = s->L;
    const lex_trigger *lt = &L->triggers[t->trigger];
    long act, rec;
    if (!pick_roles(s, t, lt, &act, &rec))
        return 0;
    int together = rec < 0 && act >= 0 && (lt->mutual || symmetric(lt->cat));
    if (act < 0 || (rec < 0 && !(lt->bloc && s->bloc) && !together))
        return 0;
    memset(ev, 0, sizeof *ev);
    ev->cat = conditional(s, t) ? PL_THREATEN : lt->cat;
    ev->type = lex_plover_name(ev->cat);
    ev->mode = lt->mode;
    ev->mutual = lt->mutual;
    ev->trig_first = t->first;
    ev->trig_last = t->last;
    ev->date = nearest_date(s, t);
    bloc_date on = ev->date ? ev->date : s->doc_date;
    add_group(m, s, act, on, ev->actor, &ev->nactor);
    if (rec >= 0)
        add_group(m, s, rec, on, ev->recipient, &ev->nrecipient);
    else if (lt->bloc && s->bloc) /* joined, left, rejoined: the bloc */
        ev->recipient[ev->nrecipient++] = s->bloc;
    /* no one acts on itself */
    size_t k = 0;
    for (size_t i = 0; i < ev->nrecipient; i++) {
        int mine = 0;
        for (size_t j = 0; j < ev->nactor && !mine; j++)
            mine = ev->actor[j] == ev->recipient[i];
        if (!mine)
            ev->recipient[k++] = ev->recipient[i];
    }
    ev->nrecipient = k;
    if ((lt->mutual || symmetric(lt->cat)) && !ev->nrecipient && ev->nactor > 1) {
        /* "the Armenia-Azerbaijan clash", "A, B and C signed": with each other */
        ev->mutual = 1;
        for (size_t i = 1; i < ev->nactor; i++)
            ev->recipient[ev->nrecipient++] = ev->actor[i];
        ev->nactor = 1;
    }
    if (!ev->nactor || !ev->nrecipient)
        return 0;
    /* force between states */
    if ((ev->cat == PL_ASSAULT || ev->cat == PL_COERCE) &&
        (!all_states(m, ev->actor, ev->nactor) || !all_states(m, ev->recipient, ev->nrecipient)))
        return 0;
    for (size_t i = 0; i < s->nnums; i++) {
        const xnum *x = &s->nums[i];
        if (x->kind == LK_KILLED && ev->nkilled < X_MAXFIGS && ev->cat == PL_ASSAULT) {
            ev->killed_side[ev->nkilled] = x->side ? roles_who(m, x->side, on) : 0;
            ev->killed_q[ev->nkilled] = x->qualifier;
            ev->killed[ev->nkilled++] = x->value;
        } else if (x->kind == LK_WOUNDED && ev->nwounded < X_MAXFIGS && ev->cat == PL_ASSAULT) {
            ev->wounded[ev->nwounded++] = x->value;
        } else if (!x->kind && x->value > 1 && ev->nquantity < X_MAXFIGS) { /* not "a", একটি */
            ev->quantity[ev->nquantity++] = x->value;
        }
    }
    double c = 0.45;
    c += s->ents[act].act || L->order != ORDER_SVO || s->ents[act].last < t->first ? 0.15 : 0;
    c += rec >= 0 && rec_marked(&s->ents[rec], t->trigger) ? 0.2 : 0.05;
    c += ev->date ? 0.1 : 0;
    ev->confidence = c > 0.95 ? 0.95 : c;
    return 1;
}

int roles_events(const model *m, sentence *s, event_fn fn, void *ud)
{
    const lexicon *L = s->L;
    for (size_t ti = 0; ti < s->ntrigs; ti++) {
        const xtrig *t = &s->trigs[ti];
        if (negated(s, t, L->order == ORDER_SOV) || reported(s, t, L->order == ORDER_SOV))
            continue;
        for (size_t i = 0; i < s->nents; i++) { /* recipients of this trigger */
            xent *e = &s->ents[i];
            e->rec_t = (uint8_t)(e->rec || (e->rec_mark &&
                                            lex_trigger_marks(L, t->trigger, e->rec_mark - 1)));
        }
        xevent ev;
        /* places used as places ("in Paris") take part only when no one else can */
        s->hide_places = 1;
        int ok = make_event(m, s, t, &ev);
        if (!ok) {
            s->hide_places = 0;
            ok = make_event(m, s, t, &ev);
        }
        if (!ok)
            continue;
        int rc = fn(ud, s, &ev);
        if (rc)
            return rc;
    }
    return BLOC_OK;
}
