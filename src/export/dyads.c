/*
 * export/dyads.c - `bloc export dyad-years`: the directed dyad-year table, as
 * ATOP codes it, streamed as CSV.
 *
 * One row per ordered pair of states (A, B) both in the state system that year
 * (a state's "from"/"to"), with defense, offense, neutral, nonagg, consul = 1
 * when A and B were parties in good standing at some point of the year to a
 * treaty in force that year with a provision of that type holding that year;
 * the treaty ids; and `disputed` when a party's standing is disputed at the end
 * of the year (sources disagree, as Armenia's CSTO "freeze"). Conditional
 * obligations count (ATOP codes them 1 and their conditions apart), and
 * obligations are read as mutual: every party to every other.
 *
 * Memory is per year (the parties of each treaty), so it stays flat however
 * long the span; rows are written in chunks as they are made.
 */
#include <stdlib.h>
#include <string.h>

#include "membership/membership.h"
#include "report/report.h"
#include "rules/treaty.h"

#define CHUNK    (256 * 1024)
#define MAXYEARS 10000

enum { T_DEFENSE = 1, T_OFFENSE = 2, T_NEUTRAL = 4, T_NONAGG = 8, T_CONSUL = 16 };

typedef struct st {
    sym id;
    long cow;              /* 0 unknown */
    bloc_date first, last; /* in the system from .. to (days; 0 open) */
} st;

typedef struct out {
    bloc_write_fn fn;
    void *ud;
    char *p;
    size_t n;
    int rc;
} out;

static void flush(out *o)
{
    if (!o->rc && o->n)
        o->rc = o->fn(o->ud, o->p, o->n);
    o->n = 0;
}

static void put(out *o, const char *s, size_t n)
{
    if (o->n + n > CHUNK)
        flush(o);
    memcpy(o->p + o->n, s, n);
    o->n += n;
}

static void put_long(out *o, long v)
{
    char b[24];
    int i = (int)sizeof b;
    int neg = v < 0;
    unsigned long u = neg ? 0UL - (unsigned long)v : (unsigned long)v;
    do {
        b[--i] = (char)('0' + u % 10);
        u /= 10;
    } while (u);
    if (neg)
        b[--i] = '-';
    put(o, b + i, sizeof b - (size_t)i);
}

static int cmp_st(const void *a, const void *b)
{
    const st *x = a, *y = b;
    if (x->cow != y->cow) /* by COW code, states without one last */
        return !x->cow ? 1 : !y->cow ? -1 : x->cow < y->cow ? -1 : 1;
    return x->id < y->id ? -1 : x->id > y->id;
}

static unsigned type_bit(const model *m, sym type)
{
    const char *t = model_str(m, type);
    return strcmp(t, "defense") == 0         ? T_DEFENSE
           : strcmp(t, "offense") == 0       ? T_OFFENSE
           : strcmp(t, "neutrality") == 0    ? T_NEUTRAL
           : strcmp(t, "nonaggression") == 0 ? T_NONAGG
           : strcmp(t, "consultation") == 0  ? T_CONSUL
                                             : 0;
}

int bloc_export_dyad_years(bloc_db *db, const char *from, const char *to, bloc_write_fn fn,
                           void *ud)
{
    const model *m = &db->m;
    char err[256];
    bloc_date d0, d1;
    if (!db->modelled)
        return db_err(db, BLOC_EINVAL, "the model of this database is not complete: reopen it");
    if (!from || !to)
        return db_err(db, BLOC_EINVAL, "--from YEAR and --to YEAR are both needed");
    if (bloc_date_parse(from, &d0, err, sizeof err))
        return db_err(db, BLOC_EPARSE, "--from: %s", err);
    if (bloc_date_parse(to, &d1, err, sizeof err))
        return db_err(db, BLOC_EPARSE, "--to: %s", err);
    int y0 = d0 / 10000, y1 = d1 / 10000;
    if (y0 > y1)
        return db_err(db, BLOC_EINVAL, "--from %d comes after --to %d", y0, y1);
    if (y1 - y0 >= MAXYEARS)
        return db_err(db, BLOC_ELIMIT, "at most %d years at a time", MAXYEARS);

    /* the states, by COW code */
    size_t ns = 0;
    st *s = malloc((m->nactors ? m->nactors : 1) * sizeof *s);
    uint32_t *pos = calloc(m->capsym ? m->capsym : 1, sizeof *pos); /* sym -> index+1 */
    out o = {fn, ud, malloc(CHUNK), 0, BLOC_OK};
    /* per treaty: its bit mask this year; per treaty x state: party this year */
    size_t nt = m->ntreaties;
    unsigned *mask = calloc(nt ? nt : 1, sizeof *mask);
    int rc = BLOC_OK;
    if (!s || !pos || !o.p || !mask) {
        rc = BLOC_ENOMEM;
        goto done;
    }
    for (size_t i = 0; i < m->nactors; i++) {
        const actor *a = &m->actors[i];
        if (!a->fact || model_actor_type(m, a) != m->k_state)
            continue;
        const mfact *f = &m->facts[a->fact - 1];
        s[ns++] = (st){a->id, f->s[2] ? strtol(model_str(m, f->s[2]), NULL, 10) : 0,
                       f->from ? bloc_date_first(f->from) : 0, f->to ? bloc_date_last(f->to) : 0};
    }
    qsort(s, ns, sizeof *s, cmp_st);
    /* per year: parties[t] = states (indexes) party to treaty t; state -> treaties */
    size_t *np = calloc(nt ? nt : 1, sizeof *np);
    uint32_t **parties = calloc(nt ? nt : 1, sizeof *parties);
    unsigned char *disp = calloc(nt ? nt : 1, 1);          /* some party disputed */
    uint32_t *acc = calloc(ns ? ns : 1, sizeof *acc);      /* per B: type bits */
    uint32_t *tl = malloc((ns ? ns : 1) * 8 * sizeof *tl); /* per B: up to 8 treaty ids */
    unsigned char *ntl = calloc(ns ? ns : 1, 1), *dis = calloc(ns ? ns : 1, 1);
    unsigned char *alive = calloc(ns ? ns : 1, 1);
    uint32_t *touched = malloc((ns ? ns : 1) * sizeof *touched);
    unsigned char **dparty = calloc(nt ? nt : 1, sizeof *dparty); /* disputed party flags */
    if (!np || !parties || !disp || !acc || !tl || !ntl || !dis || !alive || !touched || !dparty) {
        rc = BLOC_ENOMEM;
        goto done2;
    }
    for (size_t t = 0; t < nt; t++)
        if (!(parties[t] = malloc((ns ? ns : 1) * sizeof **parties)) ||
            !(dparty[t] = calloc(ns ? ns : 1, 1))) {
            rc = BLOC_ENOMEM;
            goto done2;
        }
    for (size_t i = 0; i < ns; i++)
        pos[s[i].id] = (uint32_t)i + 1;
    static const char head[] = "year,ccode1,ccode2,state1,state2,defense,offense,neutral,"
                               "nonagg,consul,disputed,treaties\n";
    put(&o, head, sizeof head - 1);
    for (int y = y0; !o.rc && y <= y1; y++) {
        bloc_date jan1 = (bloc_date)(y * 10000 + 101), dec31 = (bloc_date)(y * 10000 + 1231);
        for (size_t i = 0; i < ns; i++)
            alive[i] = (!s[i].first || s[i].first <= dec31) && (!s[i].last || s[i].last >= jan1);
        /* treaties in force this year, their types, their parties */
        for (size_t t = 0; t < nt; t++) {
            const treaty *tr = &m->treaties[t];
            const actor *org = model_actor(m, tr->org);
            mask[t] = 0;
            np[t] = 0;
            disp[t] = 0;
            if (!org || !tr->fact || m->facts[tr->fact - 1].dead ||
                !treaty_in_force_during(m, tr, jan1, dec31))
                continue;
            for (size_t i = 0; i < tr->provisions.n; i++) {
                const mfact *p = &m->facts[tr->provisions.v[i]];
                if (provision_during(p, jan1, dec31))
                    mask[t] |= type_bit(m, p->s[2]);
            }
            if (!mask[t])
                continue;
            for (size_t i = 0; i < org->nos && org->os[i].start <= dec31; i++) {
                const mfact *f = &m->facts[org->os[i].fact];
                uint32_t k = f->s[1] < m->capsym ? pos[f->s[1]] : 0;
                if (f->dead || !k || !alive[k - 1] || !membership_good(m, f->s[2]) ||
                    (f->to && bloc_date_last(f->to) <= jan1))
                    continue;
                int dup = 0;
                for (size_t j = 0; j < np[t] && !dup; j++)
                    dup = parties[t][j] == k - 1;
                if (!dup)
                    parties[t][np[t]++] = k - 1;
            }
            if (np[t] < 2)
                continue;
            /* standing disputed at the end of the year (or of the state's time) */
            mset ms;
            if (membership_on(m, org, dec31, &ms)) {
                rc = BLOC_ENOMEM;
                goto done2;
            }
            for (size_t j = 0; j < np[t]; j++) {
                const mrow *r = membership_find(&ms, s[parties[t][j]].id);
                dparty[t][parties[t][j]] = r && r->disputed;
                disp[t] |= r && r->disputed;
            }
            membership_release(&ms);
        }
        for (size_t a = 0; !o.rc && a < ns; a++) {
            if (!alive[a])
                continue;
            size_t ntouched = 0;
            for (size_t t = 0; t < nt; t++) {
                if (!mask[t] || np[t] < 2)
                    continue;
                int in = 0;
                for (size_t j = 0; j < np[t] && !in; j++)
                    in = parties[t][j] == a;
                if (!in)
                    continue;
                for (size_t j = 0; j < np[t]; j++) {
                    uint32_t b = parties[t][j];
                    if (b == a)
                        continue;
                    if (!acc[b] && !ntl[b])
                        touched[ntouched++] = b;
                    acc[b] |= mask[t];
                    if (ntl[b] < 8)
                        tl[b * 8 + ntl[b]++] = (uint32_t)t;
                    dis[b] |= dparty[t][a] || dparty[t][b];
                }
            }
            for (size_t b = 0; b < ns; b++) {
                if (b == a || !alive[b])
                    continue;
                put_long(&o, y);
                put(&o, ",", 1);
                if (s[a].cow)
                    put_long(&o, s[a].cow);
                put(&o, ",", 1);
                if (s[b].cow)
                    put_long(&o, s[b].cow);
                put(&o, ",", 1);
                put(&o, model_str(m, s[a].id), 3);
                put(&o, ",", 1);
                put(&o, model_str(m, s[b].id), 3);
                char bits[13] = ",0,0,0,0,0,0";
                unsigned v = acc[b];
                bits[1] = (char)('0' + !!(v & T_DEFENSE));
                bits[3] = (char)('0' + !!(v & T_OFFENSE));
                bits[5] = (char)('0' + !!(v & T_NEUTRAL));
                bits[7] = (char)('0' + !!(v & T_NONAGG));
                bits[9] = (char)('0' + !!(v & T_CONSUL));
                bits[11] = (char)('0' + dis[b]);
                put(&o, bits, 12);
                put(&o, ",", 1);
                for (unsigned k = 0; k < ntl[b]; k++) {
                    const char *tid = model_str(m, m->treaties[tl[b * 8 + k]].id);
                    if (k)
                        put(&o, ";", 1);
                    put(&o, tid, strlen(tid));
                }
                put(&o, "\n", 1);
            }
            for (size_t k = 0; k < ntouched; k++) {
                acc[touched[k]] = 0;
                ntl[touched[k]] = 0;
                dis[touched[k]] = 0;
            }
        }
    }
    flush(&o);
    rc = o.rc;
done2:
    for (size_t t = 0; parties && t < nt; t++)
        free(parties[t]);
    for (size_t t = 0; dparty && t < nt; t++)
        free(dparty[t]);
    free(parties);
    free(dparty);
    free(np);
    free(disp);
    free(acc);
    free(tl);
    free(ntl);
    free(dis);
    free(alive);
    free(touched);
done:
    free(s);
    free(pos);
    free(o.p);
    free(mask);
    if (rc == BLOC_ENOMEM)
        return db_err(db, rc, "out of memory");
    return rc;
}
