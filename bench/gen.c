/*
 * bench/gen.c - a world-scale synthetic record for the benchmark (bench/README.md).
 *
 *   gen [-n FACTS] [-o chrono|grouped] [-b BATCH] [-s SEED] DB
 *
 * Writes a fresh bloc database DB (which must not exist) of exactly FACTS log
 * entries (default 10,000,000) straight through the store interface
 * (store_sqlite_ops) with the hash chain built by record/chain.h, the way
 * db_append would build it, so `bloc --db DB verify` holds. No JSON is involved.
 *
 * The record: 200 sources; 200 states (ids AAA, AAB, ... with a COW number, a
 * region and an English name); 1000 organizations (ORG-0001 ...) each with one
 * treaty (T-0001 ...) with phases (signature, in_force with a decision rule,
 * half with an amendment, a tenth terminated) and provisions (non-aggression,
 * consultation, defense with or without on_request, half of them changed by the
 * amendment); then membership spells filling the rest: each organization has
 * 20-180 member states, each (organization, state) pair a chain of consecutive
 * status spells from a start date after the organization's founding to an open
 * end, about a tenth of the spells asserted by a second source as well (three in
 * ten of those with a different status: a disputed claim). Every date is a day
 * (no partial dates), from 1900-01-01 to 2025-12-31.
 *
 * Spells are appended in order of their start date across all organizations
 * (-o chrono, the default: a log that grew over time) or organization by
 * organization (-o grouped: as if each organization's file was loaded in turn).
 *
 * Deterministic: the same options give the same file, byte for byte in the
 * log's rows (seed fixed, `at` fixed).
 */
#include <errno.h>
#include <sqlite3.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "bloc/bloc.h"
#include "record/chain.h"
#include "record/fact.h"
#include "store/store.h"
#include "util/buf.h"

#include "common.h"
#define WRITER_PROG "gen"
#include "writer.h"

#define NSOURCE 200
#define NSTATE  200
#define NORG    1000

static rng R;

/* Uniform in [0, n). */
static uint32_t below(uint32_t n)
{
    return rng_below(&R, n);
}

/* ---- the world ---- */

static const char *const regions[] = {"europe",        "asia",          "africa",
                                      "north_america", "south_america", "oceania"};

/* Spell statuses; the good-standing ones are member and withdrawing. */
enum {
    ST_SIGNATORY,
    ST_MEMBER,
    ST_SUSPENDED,
    ST_FROZEN,
    ST_WITHDRAWING,
    ST_WITHDRAWN,
    ST_OBSERVER,
    ST_PARTNER,
    ST_N
};
static const char *const status_name[ST_N] = {"signatory",   "member",    "suspended", "frozen",
                                              "withdrawing", "withdrawn", "observer",  "partner"};

/* Next status of a pair, weighted towards membership. */
static int next_status(int cur)
{
    static const uint8_t table[] = {ST_MEMBER,    ST_MEMBER,    ST_MEMBER,  ST_MEMBER,
                                    ST_MEMBER,    ST_SUSPENDED, ST_FROZEN,  ST_WITHDRAWING,
                                    ST_WITHDRAWN, ST_OBSERVER,  ST_PARTNER, ST_SIGNATORY};
    int s;
    do
        s = table[below(sizeof table)];
    while (s == cur);
    return s;
}

static void org_code(int i, char out[16])
{
    fmt_into(out, 16, "ORG-%04d", i + 1);
}

static void treaty_code(int i, char out[16])
{
    fmt_into(out, 16, "T-%04d", i + 1);
}

static void source_code(int i, char out[16])
{
    fmt_into(out, 16, "src-%04d", i + 1);
}

/* One spell claim, as kept before writing (16 bytes). */
typedef struct spell {
    int32_t from, to; /* day numbers; to = INT32_MAX for open */
    uint16_t org, src;
    uint8_t state, status;
} spell;

static int cmp_chrono(const void *a, const void *b)
{
    const spell *x = a, *y = b;
    if (x->from != y->from)
        return x->from < y->from ? -1 : 1;
    if (x->org != y->org)
        return x->org < y->org ? -1 : 1;
    if (x->state != y->state)
        return x->state < y->state ? -1 : 1;
    if (x->src != y->src)
        return x->src < y->src ? -1 : 1;
    return (x->status > y->status) - (x->status < y->status);
}

typedef struct org_info {
    int32_t founded;    /* day number of the treaty's signature */
    int32_t in_force;   /* day number */
    int32_t amended;    /* 0 none */
    int32_t terminated; /* 0 none */
} org_info;

static void usage(void)
{
    fprintf(stderr, "usage: gen [-n FACTS] [-o chrono|grouped] [-b BATCH] [-s SEED] DB\n");
    exit(2);
}

int main(int argc, char **argv)
{
    long long nfacts = 10000000;
    long long seed = 20240913;
    size_t batch = 1000000;
    int grouped = 0;
    int opt;
    while ((opt = getopt(argc, argv, "n:o:b:s:")) != -1) {
        switch (opt) {
        case 'n': nfacts = num_arg(optarg, usage); break;
        case 'b': batch = (size_t)num_arg(optarg, usage); break;
        case 's': seed = num_arg(optarg, usage); break;
        case 'o':
            if (strcmp(optarg, "grouped") == 0)
                grouped = 1;
            else if (strcmp(optarg, "chrono") != 0)
                usage();
            break;
        default: usage();
        }
    }
    if (optind != argc - 1 || batch == 0)
        usage();
    const char *path = argv[optind];
    R.s = (uint64_t)seed;

    double t0 = now_s();
    writer w;
    writer_open(&w, path, batch);

    const int32_t day_min = days_of(1900, 1, 1), day_end = days_of(2026, 1, 1);
    char a[64], b[64], c[64], d[64];
    fact f;

    /* Sources. */
    for (int i = 0; i < NSOURCE; i++) {
        source_code(i, a);
        fmt_into(b, sizeof b, "Publisher %d", i % 37 + 1);
        fmt_into(c, sizeof c, "Synthetic report %d", i + 1);
        put_source(&w, a, b, c, date_of(day_min + (int32_t)below((uint32_t)(day_end - day_min))));
    }

    /* States: actor and English name. */
    for (int i = 0; i < NSTATE; i++) {
        char code[4];
        state_code(i, code);
        source_code((int)below(NSOURCE), b);
        fmt_into(c, sizeof c, "%d", 100 + i);
        fmt_into(d, sizeof d, "State %s", code);
        put_actor(&w, code, "state", c, regions[i % 6], d, b);
    }

    /* Organizations and their treaties. */
    org_info *orgs = calloc(NORG, sizeof *orgs);
    if (!orgs)
        die("memory", "out of memory");
    for (int i = 0; i < NORG; i++) {
        char code[16];
        org_code(i, code);
        source_code((int)below(NSOURCE), b);
        fmt_into(d, sizeof d, "Organization %d", i + 1);
        put_actor(&w, code, "org", NULL, NULL, d, b);
    }
    const int32_t found_max = days_of(1991, 1, 1);
    for (int i = 0; i < NORG; i++) {
        char code[16], tc[16];
        org_info *o = &orgs[i];
        org_code(i, code);
        treaty_code(i, tc);
        o->founded = day_min + (int32_t)below((uint32_t)(found_max - day_min));
        o->in_force = o->founded + 30 + (int32_t)below(900);
        if (below(2))
            o->amended =
                o->in_force + 365 + (int32_t)below((uint32_t)(day_end - o->in_force - 400));
        if (below(10) == 0)
            o->terminated =
                o->in_force + 365 + (int32_t)below((uint32_t)(day_end - o->in_force - 400));
        if (o->terminated && o->amended && o->amended >= o->terminated)
            o->amended = 0;
        source_code((int)below(NSOURCE), b);
        memset(&f, 0, sizeof f);
        fmt_into(d, sizeof d, "Treaty of Synthetic Union %d", i + 1);
        fmt_into(c, sizeof c, "City %d", (int)below(500) + 1);
        f.kind = FACT_TREATY;
        f.s[0] = tc;
        f.s[1] = code;
        f.s[2] = d;
        f.s[3] = "P5Y";
        f.s[4] = "P6M";
        f.from = date_of(o->founded);
        f.note = c;
        f.src = b;
        put(&w, &f);

        put_phases(&w, tc, o->founded, o->in_force, o->amended, "consensus_abstention",
                   o->terminated, b);

        /* Provisions: non-aggression (art. 1), consultation (art. 2), defense
         * (art. 4), the last changed to on-request by the amendment, or
         * on-request from the start for a third of the rest. */
        memset(&f, 0, sizeof f);
        f.kind = FACT_PROVISION;
        f.s[0] = tc;
        f.s[1] = "1";
        f.s[2] = "nonaggression";
        f.s[3] = "";
        f.from = date_of(o->in_force);
        f.note = "The parties refrain from the use or threat of force in their relations.";
        f.src = b;
        put(&w, &f);
        f.s[1] = "2";
        f.s[2] = "consultation";
        f.note = "The parties consult when the security of one of them is threatened.";
        put(&w, &f);
        f.s[1] = "4";
        f.s[2] = "defense";
        f.note = "An attack on one party is an attack on all; the others give it assistance.";
        if (o->amended) {
            f.to = date_of(o->amended);
            put(&w, &f);
            f.from = date_of(o->amended);
            f.to = 0;
            f.s[3] = "on_request;";
            f.note = "Assistance is given at the request of the attacked party.";
            put(&w, &f);
        } else {
            f.s[3] = below(3) == 0 ? "on_request;" : "";
            put(&w, &f);
        }
    }

    /* Membership spells: plan every claim, then write them in the chosen order. */
    int64_t fixed = w.seq;
    if (nfacts < fixed) {
        fprintf(stderr, "gen: -n %lld is less than the %lld facts before the spells\n", nfacts,
                (long long)fixed);
        return 1;
    }
    size_t nspell = (size_t)(nfacts - fixed);
    uint8_t(*members)[NSTATE] = calloc(NORG, sizeof *members);
    int *nmem = calloc(NORG, sizeof *nmem);
    spell *sp = malloc((nspell ? nspell : 1) * sizeof *sp);
    if (!members || !nmem || !sp)
        die("memory", "out of memory");
    size_t pairs = 0;
    for (int i = 0; i < NORG; i++) {
        uint8_t perm[NSTATE];
        for (int k = 0; k < NSTATE; k++)
            perm[k] = (uint8_t)k;
        nmem[i] = 20 + (int)below(161);
        for (int k = 0; k < nmem[i]; k++) {
            int j = k + (int)below((uint32_t)(NSTATE - k));
            uint8_t t = perm[k];
            perm[k] = perm[j];
            perm[j] = t;
            members[i][k] = perm[k];
        }
        pairs += (size_t)nmem[i];
    }
    size_t n = 0, pair = 0, disputed = 0, seconded = 0, intervals = 0;
    for (int i = 0; i < NORG; i++) {
        const org_info *o = &orgs[i];
        for (int k = 0; k < nmem[i]; k++, pair++) {
            size_t budget = nspell / pairs + (pair < nspell % pairs ? 1 : 0);
            /* Claims per interval: 1, or 2 for about one in ten. */
            uint8_t per[4096];
            size_t nint = 0;
            for (size_t left = budget; left;) {
                if (nint == sizeof per)
                    die("-n", "too many facts for the world's days (over 4096 spells per pair)");
                per[nint] = (uint8_t)(left >= 2 && below(10) == 0 ? 2 : 1);
                left -= per[nint++];
            }
            if (!nint)
                continue;
            int32_t start = o->founded + (int32_t)below((uint32_t)(day_end - o->founded) / 2);
            int32_t span = day_end - start;
            if (span / (int32_t)nint < 3)
                die("-n", "too many facts for the world's days (spells shorter than 3 days)");
            int32_t step = span / (int32_t)nint;
            int status = below(4) == 0 ? ST_SIGNATORY : ST_MEMBER;
            int32_t from = start;
            for (size_t t = 0; t < nint; t++) {
                int32_t to = t + 1 == nint ? INT32_MAX
                                           : start + (int32_t)(t + 1) * step - step / 3 +
                                                 (int32_t)below((uint32_t)(2 * (step / 3) + 1));
                spell s = {from,           to, (uint16_t)i, (uint16_t)below(NSOURCE), members[i][k],
                           (uint8_t)status};
                sp[n++] = s;
                if (per[t] == 2) {
                    s.src = (uint16_t)((s.src + 1 + below(NSOURCE - 1)) % NSOURCE);
                    if (below(10) < 3) {
                        s.status = (uint8_t)next_status(status);
                        disputed++;
                    }
                    sp[n++] = s;
                    seconded++;
                }
                intervals++;
                from = to;
                status = next_status(status);
            }
        }
    }
    if (n != nspell)
        die("plan", "spell count does not add up");
    if (!grouped)
        qsort(sp, n, sizeof *sp, cmp_chrono);
    for (size_t i = 0; i < n; i++) {
        char code[16], st[4];
        org_code(sp[i].org, code);
        state_code(sp[i].state, st);
        source_code(sp[i].src, b);
        put_spell(&w, code, st, status_name[sp[i].status], date_of(sp[i].from),
                  sp[i].to == INT32_MAX ? 0 : date_of(sp[i].to), b);
        if ((i + 1) % 1000000 == 0)
            fprintf(stderr, "gen: %zu of %zu spells (%.0f s)\n", i + 1, n, now_s() - t0);
    }
    writer_close(&w);
    double t1 = now_s();
    struct stat sb;
    if (stat(path, &sb) != 0)
        die(path, strerror(errno));
    printf("gen: %s: %lld facts (%s order, seed %lld) in %.1f s, %lld bytes\n", path,
           (long long)w.seq, grouped ? "grouped" : "chrono", seed, t1 - t0, (long long)sb.st_size);
    printf("gen:   sources %lld, actors %lld, names %lld, treaties %lld, phases %lld, "
           "provisions %lld, spells %lld\n",
           (long long)w.count[FACT_SOURCE], (long long)w.count[FACT_ACTOR],
           (long long)w.count[FACT_NAME], (long long)w.count[FACT_TREATY],
           (long long)w.count[FACT_PHASE], (long long)w.count[FACT_PROVISION],
           (long long)w.count[FACT_SPELL]);
    printf("gen:   %zu (organization, state) pairs, %zu status intervals, %zu second-source "
           "claims (%zu disputing)\n",
           pairs, intervals, seconded, disputed);
    free(sp);
    free(members);
    free(nmem);
    free(orgs);
    return 0;
}
