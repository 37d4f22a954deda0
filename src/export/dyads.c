/*
 * export/dyads.c - `bloc export dyad-years`: the directed dyad-year table, as
 * ATOP codes it, streamed as CSV.
 *
 * One row per ordered pair of states (A, B) both in the state system that year
 * (a state's "from"/"to"; states without a COW code, outside the COW system as
 * the Holy See and Palestine are, have no rows), with defense, offense, neutral, nonagg, consul = 1
 * when A and B were parties in good standing at some point of the year to a
 * treaty in force that year with a provision of that type holding that year;
 * the treaty ids; and `disputed` when a party's standing is disputed at the end
 * of the year (sources disagree, as Armenia's CSTO "freeze"). Conditional
 * obligations count (ATOP codes them 1 and their conditions apart), and
 * obligations are read as mutual: every party to every other.
 *
 * Memory is per year (the parties of each treaty that year, and for each state
 * the treaties it is party to), so it stays flat however long the span; rows
 * are written in chunks as they are made. Most of the time goes into the rows
 * (millions for two centuries), so each state's pieces of a row ("ccode," and
 * its code) and each treaty's id are made once, and a row is copied together
 * from them straight into the chunk (docs/BENCHMARKS.md, "Dyad-year export").
 */
#include <stdlib.h>
#include <string.h>

#include "membership/membership.h"
#include "report/report.h"
#include "rules/treaty.h"

#define CHUNK    (256 * 1024)
#define MAXYEARS 10000
#define COWTEXT  24 /* "-9223372036854775808," and room to copy in one go */
#define PRETEXT  32 /* "year,ccode1," at most 5 + 21 bytes */
#define MAXTL    8  /* treaty ids listed per row */

enum { T_DEFENSE = 1, T_OFFENSE = 2, T_NEUTRAL = 4, T_NONAGG = 8, T_CONSUL = 16 };

typedef struct st {
    sym id;
    long cow;              /* > 0 */
    bloc_date first, last; /* in the system from .. to (days; 0 open) */
    char code[3];          /* the id's three letters (ISO alpha-3, as the loader checks) */
    unsigned char ncow;
    char cowtxt[COWTEXT]; /* "ccode," */
} st;

/* One state's place among a treaty's parties this year. */
typedef struct place {
    uint32_t t;  /* the treaty */
    size_t slot; /* the state's index into dy.pp */
} place;

/* What one export keeps: sized by the record (states, treaties, the parties of
 * one year), never by the span. */
typedef struct dy {
    const model *m;
    st *s;
    size_t ns, nt;
    uint32_t *pos;    /* sym -> index into s + 1 */
    const char **tid; /* per treaty: its id */
    size_t *tlen, maxtlen;
    /* this year */
    unsigned char *alive; /* per state: in the system */
    unsigned *mask;       /* per treaty: the types holding, 0 when not in force */
    size_t *np, *p0;      /* per treaty: how many parties (0 under two), from pp[p0] */
    uint32_t *pp;         /* the parties of every treaty, indexes into s */
    unsigned char *pd;    /* with pp: that party's standing is disputed */
    place *pl;            /* the places of each state, by state then treaty */
    size_t npp, cappp;
    size_t *poff, *pcur; /* per state: its places are pl[poff[i]] .. pl[poff[i + 1]] */
    unsigned char *seen; /* per state: already among this treaty's parties */
    /* per B while A's row block is made */
    uint32_t *acc, *tl, *touched;
    unsigned char *ntl, *dis;
} dy;

typedef struct out {
    bloc_write_fn fn;
    void *ud;
    char *p; /* CHUNK bytes, and room for one more row after */
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

/* v in decimal into b (at least 21 bytes), not terminated; returns the length. */
static size_t fmt_long(char *b, long v)
{
    char t[24];
    int i = (int)sizeof t;
    int neg = v < 0;
    unsigned long u = neg ? 0UL - (unsigned long)v : (unsigned long)v;
    do {
        t[--i] = (char)('0' + u % 10);
        u /= 10;
    } while (u);
    if (neg)
        t[--i] = '-';
    memcpy(b, t + i, sizeof t - (size_t)i);
    return sizeof t - (size_t)i;
}

static int cmp_st(const void *a, const void *b)
{
    const st *x = a, *y = b;
    if (x->cow != y->cow) /* by COW code */
        return x->cow < y->cow ? -1 : 1;
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

/* Room in pp, pd and pl for need parties in all. */
static int reserve(dy *d, size_t need)
{
    if (need <= d->cappp)
        return BLOC_OK;
    size_t cap = d->cappp ? d->cappp : 1024;
    while (cap < need)
        cap *= 2;
    uint32_t *pp = realloc(d->pp, cap * sizeof *pp);
    if (!pp)
        return BLOC_ENOMEM;
    d->pp = pp;
    unsigned char *pd = realloc(d->pd, cap);
    if (!pd)
        return BLOC_ENOMEM;
    d->pd = pd;
    place *pl = realloc(d->pl, cap * sizeof *pl);
    if (!pl)
        return BLOC_ENOMEM;
    d->pl = pl;
    d->cappp = cap;
    return BLOC_OK;
}

/* The year's treaties in force, their types, their parties (with whether each
 * one's standing is disputed at the end of the year), and each state's places. */
static int year_treaties(dy *d, bloc_date jan1, bloc_date dec31)
{
    const model *m = d->m;
    /* `to` is the first day out of the system: a state whose `to` is 1 January
     * is not in it that year (as spells ending then, below) */
    for (size_t i = 0; i < d->ns; i++)
        d->alive[i] =
            (!d->s[i].first || d->s[i].first <= dec31) && (!d->s[i].last || d->s[i].last > jan1);
    d->npp = 0;
    for (size_t t = 0; t < d->nt; t++) {
        const treaty *tr = &m->treaties[t];
        const actor *org = model_actor(m, tr->org);
        d->mask[t] = 0;
        d->np[t] = 0;
        d->p0[t] = d->npp;
        if (!org || !tr->fact || m->facts[tr->fact - 1].dead ||
            !treaty_in_force_during(m, tr, jan1, dec31))
            continue;
        for (size_t i = 0; i < tr->provisions.n; i++) {
            const mfact *p = &m->facts[tr->provisions.v[i]];
            if (provision_during(p, jan1, dec31))
                d->mask[t] |= type_bit(m, p->s[2]);
        }
        if (!d->mask[t])
            continue;
        if (reserve(d, d->npp + d->ns))
            return BLOC_ENOMEM;
        uint32_t *party = d->pp + d->npp;
        size_t n = 0;
        for (size_t i = 0; i < org->nos && org->os[i].start <= dec31; i++) {
            const mfact *f = &m->facts[org->os[i].fact];
            uint32_t k = f->s[1] < m->capsym ? d->pos[f->s[1]] : 0;
            if (f->dead || !k || !d->alive[k - 1] || d->seen[k - 1] ||
                !membership_good(m, f->s[2]) || (f->to && bloc_date_last(f->to) <= jan1))
                continue;
            d->seen[k - 1] = 1;
            party[n++] = k - 1;
        }
        for (size_t j = 0; j < n; j++)
            d->seen[party[j]] = 0;
        if (n < 2)
            continue;
        /* standing disputed at the end of the year (or of the state's time) */
        mset ms;
        if (membership_on(m, org, dec31, &ms))
            return BLOC_ENOMEM;
        for (size_t j = 0; j < n; j++) {
            const mrow *r = membership_find(&ms, d->s[party[j]].id);
            d->pd[d->npp + j] = r && r->disputed;
        }
        membership_release(&ms);
        d->np[t] = n;
        d->npp += n;
    }
    /* each state's places, in treaty order (so its treaty ids come out in order) */
    memset(d->poff, 0, (d->ns + 1) * sizeof *d->poff);
    for (size_t q = 0; q < d->npp; q++)
        d->poff[d->pp[q] + 1]++;
    for (size_t i = 0; i < d->ns; i++) {
        d->poff[i + 1] += d->poff[i];
        d->pcur[i] = d->poff[i];
    }
    for (size_t t = 0; t < d->nt; t++)
        for (size_t j = 0; j < d->np[t]; j++) {
            size_t q = d->p0[t] + j;
            d->pl[d->pcur[d->pp[q]]++] = (place){(uint32_t)t, q};
        }
    return BLOC_OK;
}

/* The rows of year y, A by A. */
static void year_rows(dy *d, out *o, int y)
{
    static const char none[] = ",0,0,0,0,0,0,\n";
    char pre[PRETEXT + 8] = {0};
    size_t ny = fmt_long(pre, y);
    pre[ny++] = ',';
    for (size_t a = 0; !o->rc && a < d->ns; a++) {
        if (!d->alive[a])
            continue;
        const st *sa = &d->s[a];
        size_t ntouched = 0;
        for (size_t q = d->poff[a]; q < d->poff[a + 1]; q++) {
            uint32_t t = d->pl[q].t;
            const uint32_t *party = d->pp + d->p0[t];
            const unsigned char *pdis = d->pd + d->p0[t];
            unsigned char da = d->pd[d->pl[q].slot];
            for (size_t j = 0; j < d->np[t]; j++) {
                uint32_t b = party[j];
                if (b == a)
                    continue;
                if (!d->ntl[b])
                    d->touched[ntouched++] = b;
                d->acc[b] |= d->mask[t];
                if (d->ntl[b] < MAXTL)
                    d->tl[b * MAXTL + d->ntl[b]++] = t;
                d->dis[b] |= da || pdis[j];
            }
        }
        memcpy(pre + ny, sa->cowtxt, sa->ncow);
        size_t npre = ny + sa->ncow;
        for (size_t b = 0; b < d->ns; b++) {
            if (b == a || !d->alive[b])
                continue;
            if (o->n > CHUNK) {
                flush(o);
                if (o->rc)
                    return;
            }
            /* fixed-size copies (the chunk has room past the row), then the lengths */
            const st *sb = &d->s[b];
            char *p = o->p + o->n;
            memcpy(p, pre, PRETEXT);
            p += npre;
            memcpy(p, sb->cowtxt, COWTEXT);
            p += sb->ncow;
            memcpy(p, sa->code, 3);
            p[3] = ',';
            memcpy(p + 4, sb->code, 3);
            p += 7;
            if (!d->ntl[b]) {
                memcpy(p, none, sizeof none - 1);
                p += sizeof none - 1;
            } else {
                unsigned v = d->acc[b];
                char bits[14] = ",0,0,0,0,0,0,";
                bits[1] = (char)('0' + !!(v & T_DEFENSE));
                bits[3] = (char)('0' + !!(v & T_OFFENSE));
                bits[5] = (char)('0' + !!(v & T_NEUTRAL));
                bits[7] = (char)('0' + !!(v & T_NONAGG));
                bits[9] = (char)('0' + !!(v & T_CONSUL));
                bits[11] = (char)('0' + d->dis[b]);
                memcpy(p, bits, 13);
                p += 13;
                for (unsigned k = 0; k < d->ntl[b]; k++) {
                    uint32_t t = d->tl[b * MAXTL + k];
                    if (k)
                        *p++ = ';';
                    memcpy(p, d->tid[t], d->tlen[t]);
                    p += d->tlen[t];
                }
                *p++ = '\n';
            }
            o->n = (size_t)(p - o->p);
        }
        for (size_t k = 0; k < ntouched; k++) {
            d->acc[d->touched[k]] = 0;
            d->ntl[d->touched[k]] = 0;
            d->dis[d->touched[k]] = 0;
        }
    }
}

static void dy_free(dy *d)
{
    free(d->s);
    free(d->pos);
    free(d->tid);
    free(d->tlen);
    free(d->alive);
    free(d->mask);
    free(d->np);
    free(d->p0);
    free(d->pp);
    free(d->pd);
    free(d->pl);
    free(d->poff);
    free(d->pcur);
    free(d->seen);
    free(d->acc);
    free(d->tl);
    free(d->touched);
    free(d->ntl);
    free(d->dis);
}

/* The states by COW code with their row pieces, the treaty ids, and the
 * per-state and per-treaty arrays. BLOC_OK or BLOC_ENOMEM. */
static int dy_init(dy *d, const model *m)
{
    size_t ns1 = m->nactors ? m->nactors : 1, nt1 = m->ntreaties ? m->ntreaties : 1;
    d->m = m;
    d->nt = m->ntreaties;
    d->s = malloc(ns1 * sizeof *d->s);
    d->pos = calloc(m->capsym ? m->capsym : 1, sizeof *d->pos);
    d->tid = malloc(nt1 * sizeof *d->tid);
    d->tlen = malloc(nt1 * sizeof *d->tlen);
    d->mask = calloc(nt1, sizeof *d->mask);
    d->np = calloc(nt1, sizeof *d->np);
    d->p0 = calloc(nt1, sizeof *d->p0);
    if (!d->s || !d->pos || !d->tid || !d->tlen || !d->mask || !d->np || !d->p0)
        return BLOC_ENOMEM;
    for (size_t i = 0; i < m->nactors; i++) {
        const actor *a = &m->actors[i];
        if (!a->fact || model_actor_type(m, a) != m->k_state)
            continue;
        const mfact *f = &m->facts[a->fact - 1];
        long cow = f->s[2] ? strtol(model_str(m, f->s[2]), NULL, 10) : 0;
        if (cow <= 0) /* not in the COW state system (the Holy See, Palestine): no dyads */
            continue;
        st *s = &d->s[d->ns++];
        memset(s, 0, sizeof *s);
        s->id = a->id;
        s->cow = cow;
        s->first = f->from ? bloc_date_first(f->from) : 0;
        s->last = f->to ? bloc_date_last(f->to) : 0;
        const char *code = model_str(m, a->id);
        size_t n = strlen(code);
        memcpy(s->code, code, n < 3 ? n : 3);
        s->ncow = (unsigned char)fmt_long(s->cowtxt, s->cow);
        s->cowtxt[s->ncow++] = ',';
    }
    qsort(d->s, d->ns, sizeof *d->s, cmp_st);
    for (size_t i = 0; i < d->ns; i++)
        d->pos[d->s[i].id] = (uint32_t)i + 1;
    for (size_t t = 0; t < d->nt; t++) {
        d->tid[t] = model_str(m, m->treaties[t].id);
        d->tlen[t] = strlen(d->tid[t]);
        if (d->tlen[t] > d->maxtlen)
            d->maxtlen = d->tlen[t];
    }
    size_t ns = d->ns ? d->ns : 1;
    d->alive = calloc(ns, 1);
    d->poff = calloc(ns + 1, sizeof *d->poff);
    d->pcur = calloc(ns, sizeof *d->pcur);
    d->seen = calloc(ns, 1);
    d->acc = calloc(ns, sizeof *d->acc);
    d->tl = calloc(ns * MAXTL, sizeof *d->tl);
    d->touched = calloc(ns, sizeof *d->touched);
    d->ntl = calloc(ns, 1);
    d->dis = calloc(ns, 1);
    if (!d->alive || !d->poff || !d->pcur || !d->seen || !d->acc || !d->tl || !d->touched ||
        !d->ntl || !d->dis)
        return BLOC_ENOMEM;
    return BLOC_OK;
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

    dy d;
    memset(&d, 0, sizeof d);
    out o = {fn, ud, NULL, 0, BLOC_OK};
    int rc = dy_init(&d, m);
    /* the longest row: "year,ccode1,ccode2,", the codes, the flags, MAXTL ids;
     * and the fixed-size copies may run past a row's end */
    size_t rowmax = PRETEXT + COWTEXT + 8 + 16 + MAXTL * (d.maxtlen + 1) + 64;
    if (!rc && !(o.p = malloc(CHUNK + rowmax)))
        rc = BLOC_ENOMEM;
    if (rc)
        goto done;
    static const char head[] = "year,ccode1,ccode2,state1,state2,defense,offense,neutral,"
                               "nonagg,consul,disputed,treaties\n";
    put(&o, head, sizeof head - 1);
    for (int y = y0; !o.rc && y <= y1; y++) {
        bloc_date jan1 = (bloc_date)(y * 10000 + 101), dec31 = (bloc_date)(y * 10000 + 1231);
        if ((rc = year_treaties(&d, jan1, dec31)))
            goto done;
        year_rows(&d, &o, y);
    }
    flush(&o);
    rc = o.rc;
done:
    dy_free(&d);
    free(o.p);
    if (rc == BLOC_ENOMEM)
        return db_err(db, rc, "out of memory");
    return rc;
}
