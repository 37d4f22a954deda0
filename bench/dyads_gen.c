/*
 * bench/dyads_gen.c - a world-scale alliance record for the dyad-year benchmark
 * (bench/README.md, docs/BENCHMARKS.md "Dyad-year export"), written twice: as a
 * bloc log, and as the flat files a peacesciencer user would have.
 *
 *   dyads_gen [-s SEED] DB STATES.csv MEMBERS.csv
 *
 * DB (which must not exist) gets the record through the store interface with
 * the hash chain (bench/writer.h): 40 sources; 215 states (ids AAA, AAB, ...)
 * with distinct COW codes and their spans in the state system (25 from 1816,
 * the rest entering over 1816-2011, 20 of them leaving again); 750 treaties
 * numbered like ATOP's (1001 ...) in order of signature, over 1816-2018 and
 * mostly after 1945, each with its own organization (ORG-1001 ...), phases
 * (signature, in_force, an amendment for a quarter, a termination 1-41 years
 * on for two in three) and provisions of the five ATOP types (defense, offense,
 * neutrality, nonaggression, consultation), the amendment adding or dropping
 * one; and the membership spells: 60% of the treaties bilateral, 2% with 13 to
 * 40 parties, accessions to some multilateral ones, each party a chain of
 * spells (some first a signatory, some members from signature, a tenth
 * suspended for a while, a fifth withdrawing and then withdrawn). Every date
 * is a day from 1816-01-01 to 2025-12-31; one in twenty is a 1 January, so the
 * year boundaries are hit.
 *
 * STATES.csv (ccode,stateabb,styear,endyear) and MEMBERS.csv (atopid,ccode,
 * styear,endyear,defense,offense,neutral,nonagg,consul) are the same record at
 * year level, as ATOP's member-level file and COW's state list have it: one
 * row per run of years in which the state was a party in good standing (member
 * or withdrawing) at some point of the year to the treaty in force that year,
 * with the provision types holding that year; an empty endyear is open. They
 * are computed here from the dates, by the rules the dyad-year export states
 * (src/export/dyads.c: every interval half-open, a state's span as well),
 * independently of bloc's code: bench/dyads.sh checks that both routes give
 * the same table.
 *
 * Deterministic: the same seed gives the same files, byte for byte.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "util/buf.h"

#include "common.h"
#define WRITER_PROG "dyads_gen"
#include "writer.h"

#define NSOURCE 40
#define NSTATE  215
#define NTREATY 750
#define NEXIT   20
#define Y0      1816
#define YOPEN   2026 /* every date is before 2026: a year's standing then holds for good */
#define NYEAR   (YOPEN - Y0 + 1)
#define MAXMEM  48

enum { T_DEFENSE = 1, T_OFFENSE = 2, T_NEUTRAL = 4, T_NONAGG = 8, T_CONSUL = 16, T_ALL = 31 };
static const char *const type_name[5] = {"defense", "offense", "neutrality", "nonaggression",
                                         "consultation"};

static rng R;
static int32_t day_min, day_max; /* 1816-01-01, 2025-12-31 */

static uint32_t below(uint32_t n)
{
    return rng_below(&R, n);
}

static int year_of(int32_t day)
{
    return date_of(day) / 10000;
}

static int32_t jan1_of(int32_t day)
{
    return days_of(year_of(day), 1, 1);
}

/* A day in [lo, hi] (lo <= hi), one in twenty moved back to 1 January of its
 * year when that is still >= lo. */
static int32_t pick(int32_t lo, int32_t hi)
{
    int32_t d = lo + (int32_t)below((uint32_t)(hi - lo + 1));
    if (below(20) == 0 && jan1_of(d) >= lo)
        d = jan1_of(d);
    return d;
}

/* The last year a half-open [from, to) touches: `to` itself is not in it. */
static int last_year_excl(int32_t to)
{
    if (!to)
        return YOPEN;
    return to == jan1_of(to) ? year_of(to) - 1 : year_of(to);
}

/* Set years [a, b] (clipped to Y0..YOPEN) in a per-year array to v, or OR v in. */
static void mark(unsigned *years, int a, int b, unsigned v)
{
    for (int y = a < Y0 ? Y0 : a; y <= b && y <= YOPEN; y++)
        years[y - Y0] |= v;
}

typedef struct state {
    int cow;
    int32_t from, to; /* day numbers, [from, to) in the system; to 0 open */
    char code[4];
} state;

typedef struct treaty {
    int32_t sig, inf, amend, term; /* day numbers; 0 none */
    unsigned before, after;        /* provision types before and after the amendment */
    unsigned mask[NYEAR];          /* types holding in a year the treaty is in force */
} treaty;

typedef struct spell {
    int32_t from, to;
    const char *status;
} spell;

static int cmp_day(const void *a, const void *b)
{
    int32_t x = *(const int32_t *)a, y = *(const int32_t *)b;
    return (x > y) - (x < y);
}

static int alive_on(const state *s, int32_t day)
{
    return s->from <= day && (!s->to || s->to > day);
}

static unsigned random_types(void)
{
    unsigned v = 0;
    v |= below(100) < 45 ? T_DEFENSE : 0;
    v |= below(100) < 12 ? T_OFFENSE : 0;
    v |= below(100) < 25 ? T_NEUTRAL : 0;
    v |= below(100) < 50 ? T_NONAGG : 0;
    v |= below(100) < 55 ? T_CONSUL : 0;
    return v ? v : 1u << below(5);
}

static void usage(void)
{
    fprintf(stderr, "usage: dyads_gen [-s SEED] DB STATES.csv MEMBERS.csv\n");
    exit(2);
}

static FILE *create(const char *path)
{
    FILE *f = fopen(path, "w");
    if (!f)
        die(path, "cannot create");
    return f;
}

int main(int argc, char **argv)
{
    long long seed = 18161815;
    int opt;
    while ((opt = getopt(argc, argv, "s:")) != -1) {
        if (opt == 's')
            seed = num_arg(optarg, usage);
        else
            usage();
    }
    if (optind != argc - 3)
        usage();
    const char *path = argv[optind];
    R.s = (uint64_t)seed;
    day_min = days_of(Y0, 1, 1);
    day_max = days_of(YOPEN - 1, 12, 31);
    writer w;
    writer_open(&w, path, 100000);
    FILE *fs = create(argv[optind + 1]), *fm = create(argv[optind + 2]);
    static state st[NSTATE];
    static treaty tr[NTREATY];
    char a[64], b[64], c[64], d[64];
    fact f;

    for (int i = 0; i < NSOURCE; i++) {
        fmt_into(a, sizeof a, "src-%04d", i + 1);
        fmt_into(b, sizeof b, "Publisher %d", i % 7 + 1);
        fmt_into(c, sizeof c, "Synthetic alliance report %d", i + 1);
        put_source(&w, a, b, c, date_of(day_min + (int32_t)below((uint32_t)(day_max - day_min))));
    }

    /* States: distinct COW codes from 2-989, entry by era (a COW-like growth to
     * about 195 states), a few leaving. Ids in order of index, codes at random. */
    static int codes[988];
    for (int i = 0; i < 988; i++)
        codes[i] = i + 2;
    for (int i = 0; i < NSTATE; i++) {
        int j = i + (int)below((uint32_t)(988 - i));
        int t = codes[i];
        codes[i] = codes[j];
        codes[j] = t;
    }
    for (int i = 0; i < NSTATE; i++) {
        state *s = &st[i];
        s->cow = codes[i];
        state_code(i, s->code);
        if (i < 25)
            s->from = day_min;
        else if (i < 50)
            s->from = pick(day_min + 1, days_of(1899, 12, 31));
        else if (i < 80)
            s->from = pick(days_of(1900, 1, 1), days_of(1944, 12, 31));
        else if (i < 185)
            s->from = pick(days_of(1945, 1, 1), days_of(1989, 12, 31));
        else
            s->from = pick(days_of(1990, 1, 1), days_of(2011, 12, 31));
    }
    for (int k = 0; k < NEXIT; k++) {
        state *s = &st[below(120)];
        if (!s->to && s->from + 3650 < days_of(2020, 12, 31))
            s->to = pick(s->from + 3650, days_of(2020, 12, 31));
    }
    static const char *const region[10] = {"americas", "americas", "europe",      "europe",
                                           "africa",   "africa",   "middle_east", "asia",
                                           "asia",     "oceania"};
    fprintf(fs, "ccode,stateabb,styear,endyear\n");
    for (int i = 0; i < NSTATE; i++) {
        const state *s = &st[i];
        fmt_into(b, sizeof b, "src-%04d", (int)below(NSOURCE) + 1);
        fmt_into(c, sizeof c, "%d", s->cow);
        fmt_into(d, sizeof d, "State %s", s->code);
        put_actor_span(&w, s->code, "state", c, region[s->cow / 100], date_of(s->from),
                       s->to ? date_of(s->to) : 0, d, b);
        /* `to` is the first day out of the system (half-open, as spells) */
        fprintf(fs, "%d,%s,%d,", s->cow, s->code, year_of(s->from));
        if (s->to)
            fprintf(fs, "%d", last_year_excl(s->to));
        fprintf(fs, "\n");
    }

    /* Treaties, numbered in order of signature: 5% before 1900, 15% 1900-1944,
     * half 1945-1989, the rest 1990-2018. */
    static int32_t sig[NTREATY];
    for (int t = 0; t < NTREATY; t++) {
        uint32_t r = below(100);
        sig[t] = r < 5    ? pick(day_min, days_of(1899, 12, 31))
                 : r < 20 ? pick(days_of(1900, 1, 1), days_of(1944, 12, 31))
                 : r < 70 ? pick(days_of(1945, 1, 1), days_of(1989, 12, 31))
                          : pick(days_of(1990, 1, 1), days_of(2018, 12, 31));
    }
    qsort(sig, NTREATY, sizeof *sig, cmp_day);
    fprintf(fm, "atopid,ccode,styear,endyear,defense,offense,neutral,nonagg,consul\n");
    long long nrows = 0, npairs = 0, nspells = 0;
    for (int t = 0; t < NTREATY; t++) {
        treaty *x = &tr[t];
        char org[16], tid[16];
        fmt_into(org, sizeof org, "ORG-%d", 1001 + t);
        fmt_into(tid, sizeof tid, "%d", 1001 + t);
        fmt_into(b, sizeof b, "src-%04d", (int)below(NSOURCE) + 1);
        fmt_into(d, sizeof d, "Alliance %d", 1001 + t);
        put_actor(&w, org, "org", NULL, NULL, d, b);

        x->sig = sig[t];
        x->inf = x->sig + (int32_t)below(400);
        if (x->inf > day_max)
            x->inf = day_max;
        if (below(3) && x->inf + 365 < day_max) {
            int32_t last = x->inf + 365 + (int32_t)below(365 * 40);
            x->term = pick(x->inf + 365, last < day_max ? last : day_max);
        }
        int32_t amend_max = x->term ? x->term - 1 : day_max;
        if (below(4) == 0 && x->inf + 180 < amend_max)
            x->amend = pick(x->inf + 180, amend_max);
        x->before = random_types();
        x->after = x->before;
        if (x->amend) {
            x->after ^= 1u << below(5);
            if (!x->after)
                x->after = (x->before << 1 | x->before >> 4) & T_ALL;
        }

        memset(&f, 0, sizeof f);
        fmt_into(c, sizeof c, "Treaty of Alliance %d", 1001 + t);
        f.kind = FACT_TREATY;
        f.s[0] = tid;
        f.s[1] = org;
        f.s[2] = c;
        f.from = date_of(x->sig);
        f.src = b;
        put(&w, &f);
        put_phases(&w, tid, x->sig, x->inf, x->amend, NULL, x->term, b);
        /* Provisions, one article per type: held from entry into force, ended or
         * begun by the amendment. The year-level mask: the types holding some day
         * of a year in which the treaty was in force some day. */
        memset(x->mask, 0, sizeof x->mask);
        int inf_last = last_year_excl(x->term);
        for (int k = 0; k < 5; k++) {
            unsigned bit = 1u << k;
            if (!((x->before | x->after) & bit))
                continue;
            int32_t from = x->before & bit ? x->inf : x->amend;
            int32_t to = x->after & bit ? 0 : x->amend;
            memset(&f, 0, sizeof f);
            fmt_into(a, sizeof a, "%d", k + 1);
            f.kind = FACT_PROVISION;
            f.s[0] = tid;
            f.s[1] = a;
            f.s[2] = type_name[k];
            f.s[3] = "";
            f.from = date_of(from);
            f.to = to ? date_of(to) : 0;
            f.src = b;
            put(&w, &f);
            int lo = year_of(from), hi = last_year_excl(to);
            if (lo < year_of(x->inf))
                lo = year_of(x->inf);
            if (hi > inf_last)
                hi = inf_last;
            mark(x->mask, lo, hi, bit);
        }

        /* Parties: 60% bilateral, 22% 3-5, 16% 6-12, 2% 13-40, among the states in
         * the system when the treaty enters into force; accessions to half of the
         * treaties of 6 or more. */
        uint32_t r = below(100);
        int n = r < 60   ? 2
                : r < 82 ? 3 + (int)below(3)
                : r < 98 ? 6 + (int)below(7)
                         : 13 + (int)below(28);
        int mem[MAXMEM], nmem = 0;
        int32_t start[MAXMEM];
        int eligible[NSTATE], ne = 0;
        for (int i = 0; i < NSTATE; i++)
            if (alive_on(&st[i], x->inf))
                eligible[ne++] = i;
        for (int k = 0; k < n && k < ne; k++) {
            int j = k + (int)below((uint32_t)(ne - k));
            int tmp = eligible[k];
            eligible[k] = eligible[j];
            eligible[j] = tmp;
            mem[nmem] = eligible[k];
            start[nmem++] = 0; /* an original party */
        }
        int32_t acc_max = x->term ? x->term : day_max;
        if (nmem >= 6 && below(2) && x->inf + 30 < acc_max) {
            int nacc = 1 + (int)below(8);
            for (int k = 0; k < nacc && nmem < MAXMEM; k++) {
                int32_t when = pick(x->inf + 30, acc_max);
                for (int tries = 0; tries < 20; tries++) {
                    int i = (int)below(NSTATE), dup = 0;
                    for (int j = 0; j < nmem && !dup; j++)
                        dup = mem[j] == i;
                    if (dup || !alive_on(&st[i], when))
                        continue;
                    mem[nmem] = i;
                    start[nmem++] = when;
                    break;
                }
            }
        }

        for (int k = 0; k < nmem; k++) {
            spell sp[8];
            int nsp = 0;
            int32_t cur;
            if (start[k]) {
                cur = start[k];
            } else {
                uint32_t how = below(10);
                if (how < 3 && x->sig < x->inf) {
                    sp[nsp++] = (spell){x->sig, x->inf, "signatory"};
                    cur = x->inf;
                } else {
                    cur = how < 5 ? x->sig : x->inf;
                }
            }
            if (below(10) == 0 && cur + 180 < day_max - 60) {
                int32_t s1 = pick(cur + 180, day_max - 60);
                int32_t s2 = s1 + 30 + (int32_t)below(1500);
                if (s2 <= day_max) {
                    sp[nsp++] = (spell){cur, s1, "member"};
                    sp[nsp++] = (spell){s1, s2, "suspended"};
                    cur = s2;
                }
            }
            if (below(5) == 0 && cur + 180 < day_max) {
                int32_t wd = pick(cur + 180, day_max);
                int32_t gone = wd + 180 + (int32_t)below(550);
                sp[nsp++] = (spell){cur, wd, "member"};
                if (gone <= day_max) {
                    sp[nsp++] = (spell){wd, gone, "withdrawing"};
                    sp[nsp++] = (spell){gone, 0, "withdrawn"};
                } else {
                    sp[nsp++] = (spell){wd, 0, "withdrawing"};
                }
            } else {
                sp[nsp++] = (spell){cur, 0, "member"};
            }
            /* the years of good standing, then the flat rows */
            unsigned good[NYEAR];
            memset(good, 0, sizeof good);
            fmt_into(b, sizeof b, "src-%04d", (int)below(NSOURCE) + 1);
            for (int i = 0; i < nsp; i++) {
                put_spell(&w, org, st[mem[k]].code, sp[i].status, date_of(sp[i].from),
                          sp[i].to ? date_of(sp[i].to) : 0, b);
                nspells++;
                if (strcmp(sp[i].status, "member") == 0 || strcmp(sp[i].status, "withdrawing") == 0)
                    mark(good, year_of(sp[i].from), last_year_excl(sp[i].to), 1);
            }
            npairs++;
            for (int y = 0; y < NYEAR;) {
                unsigned v = good[y] ? x->mask[y] : 0;
                int e = y + 1;
                while (e < NYEAR && (good[e] ? x->mask[e] : 0) == v)
                    e++;
                if (v) {
                    fprintf(fm, "%d,%d,%d,", 1001 + t, st[mem[k]].cow, Y0 + y);
                    if (e < NYEAR)
                        fprintf(fm, "%d", Y0 + e - 1);
                    fprintf(fm, ",%d,%d,%d,%d,%d\n", !!(v & T_DEFENSE), !!(v & T_OFFENSE),
                            !!(v & T_NEUTRAL), !!(v & T_NONAGG), !!(v & T_CONSUL));
                    nrows++;
                }
                y = e;
            }
        }
    }
    writer_close(&w);
    if (fclose(fs) || fclose(fm))
        die("csv", "write failed");
    printf("dyads_gen: %s: %lld facts (seed %lld): %lld states, %lld treaties, %lld phases, "
           "%lld provisions, %lld (treaty, state) pairs, %lld spells; %lld flat member rows\n",
           path, (long long)w.seq, seed, (long long)w.count[FACT_ACTOR] - NTREATY,
           (long long)w.count[FACT_TREATY], (long long)w.count[FACT_PHASE],
           (long long)w.count[FACT_PROVISION], npairs, nspells, nrows);
    return 0;
}
