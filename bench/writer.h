/*
 * bench/writer.h - what the generators (gen.c, dyads_gen.c) share: appending
 * facts straight through the store interface (store_sqlite_ops) with the hash
 * chain of record/chain.h, the way db_append would build it, in transactions of
 * `batch` entries, so `bloc --db DB verify` holds. Every entry gets the same
 * fixed `at`, so the same facts give the same log.
 *
 * The including file defines WRITER_PROG (its name, for error messages) first.
 * Days are day numbers (common.h); 0 is none where a fact may lack one.
 */
#ifndef BLOC_BENCH_WRITER_H
#define BLOC_BENCH_WRITER_H

#include <sqlite3.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "bloc/bloc.h"
#include "common.h"
#include "record/chain.h"
#include "record/fact.h"
#include "store/store.h"

#define AT_MS INT64_C(1735689600000) /* 2025-01-01T00:00:00Z, every entry */

typedef struct writer {
    store *st;
    int64_t seq;
    uint8_t prev[CHAIN_HASH_BYTES];
    size_t batch, inbatch;
    int64_t count[FACT_KIND_END];
} writer;

static void die(const char *what, const char *why)
{
    fprintf(stderr, "%s: %s: %s\n", WRITER_PROG, what, why);
    exit(1);
}

static void put(writer *w, const fact *f)
{
    entry e;
    uint8_t digest[CHAIN_HASH_BYTES];
    int rc;
    if (w->inbatch == 0 && (rc = w->st->ops->begin(w->st)))
        die("begin", w->st->ops->errmsg(w->st));
    if (chain_digest(f, digest))
        die("digest", "out of memory");
    memset(&e, 0, sizeof e);
    e.seq = ++w->seq;
    e.at = AT_MS;
    e.f = *f;
    memcpy(e.prev, w->prev, sizeof e.prev);
    chain_link(w->prev, e.seq, e.at, digest, e.hash);
    if ((rc = w->st->ops->append(w->st, &e, digest)))
        die("append", w->st->ops->errmsg(w->st));
    memcpy(w->prev, e.hash, sizeof w->prev);
    w->count[f->kind]++;
    if (++w->inbatch >= w->batch) {
        if ((rc = w->st->ops->commit(w->st)))
            die("commit", w->st->ops->errmsg(w->st));
        w->inbatch = 0;
    }
}

/* A source: a report of publisher, titled title, in English, of date. */
static void put_source(writer *w, const char *code, const char *publisher, const char *title,
                       bloc_date date)
{
    fact f = {.kind = FACT_SOURCE, .from = date, .note = "en"};
    f.s[0] = code;
    f.s[1] = "report";
    f.s[2] = publisher;
    f.s[3] = title;
    put(w, &f);
}

/* An actor (with its span in the state system, from .. to, 0 open) and its
 * English name, both from source src. */
static void put_actor_span(writer *w, const char *code, const char *type, const char *cow,
                           const char *region, bloc_date from, bloc_date to, const char *name,
                           const char *src)
{
    fact f = {.kind = FACT_ACTOR, .src = src};
    f.s[0] = code;
    f.s[1] = type;
    f.s[2] = cow;
    f.s[3] = region;
    f.from = from;
    f.to = to;
    put(w, &f);
    fact n = {.kind = FACT_NAME, .src = src};
    n.s[0] = code;
    n.s[1] = "en";
    n.s[2] = name;
    put(w, &n);
}

/* An actor with no span and its English name. */
static void put_actor(writer *w, const char *code, const char *type, const char *cow,
                      const char *region, const char *name, const char *src)
{
    put_actor_span(w, code, type, cow, region, 0, 0, name, src);
}

/* The phases of a treaty, each on its day, those of day 0 left out: signature,
 * entry into force by consensus, an amendment under amend_rule, termination. */
static void put_phases(writer *w, const char *treaty, int32_t sig, int32_t in_force, int32_t amend,
                       const char *amend_rule, int32_t term, const char *src)
{
    const struct {
        const char *event, *rule;
        int32_t day;
    } ph[4] = {{"signature", NULL, sig},
               {"in_force", "consensus", in_force},
               {"amendment", amend_rule, amend},
               {"termination", NULL, term}};
    for (int k = 0; k < 4; k++) {
        if (!ph[k].day)
            continue;
        fact f = {.kind = FACT_PHASE, .from = date_of(ph[k].day), .src = src};
        f.s[0] = treaty;
        f.s[1] = ph[k].event;
        f.s[2] = ph[k].rule;
        put(w, &f);
    }
}

/* A membership spell of state in org, from .. to (0 open). */
static void put_spell(writer *w, const char *org, const char *state, const char *status,
                      bloc_date from, bloc_date to, const char *src)
{
    fact f = {.kind = FACT_SPELL, .from = from, .to = to, .src = src};
    f.s[0] = org;
    f.s[1] = state;
    f.s[2] = status;
    put(w, &f);
}

/* The id of state i: AAA, AAB, ... */
static void state_code(int i, char out[4])
{
    out[0] = (char)('A' + i / (26 * 26) % 26);
    out[1] = (char)('A' + i / 26 % 26);
    out[2] = (char)('A' + i % 26);
    out[3] = 0;
}

static void flush(writer *w)
{
    if (w->inbatch && w->st->ops->commit(w->st))
        die("commit", w->st->ops->errmsg(w->st));
    w->inbatch = 0;
}

/* SQLite connections of this process get a large page cache: the digest index
 * takes random inserts and would otherwise spill a page per entry. Generation
 * only; bloc opens with the store's own settings. */
static int big_cache(sqlite3 *db, char **err, const struct sqlite3_api_routines *api)
{
    (void)err;
    (void)api;
    sqlite3_exec(db, "PRAGMA cache_size=-4194304", NULL, NULL, NULL);
    return SQLITE_OK;
}

/* A writer of a fresh database at path (which must not exist), in
 * transactions of batch entries. */
static void writer_open(writer *w, const char *path, size_t batch)
{
    struct stat sb;
    char err[512];
    if (stat(path, &sb) == 0)
        die(path, "exists already; the generator writes a fresh database");
    if (chain_init())
        die("libsodium", "cannot initialise");
    /* The cast is the documented way to register an entry point. */
    sqlite3_auto_extension((void (*)(void))big_cache);
    memset(w, 0, sizeof *w);
    w->batch = batch;
    if (store_sqlite_ops.open(path, 0, &w->st, err, sizeof err))
        die(path, err);
}

/* Commit what is left and close the database. */
static void writer_close(writer *w)
{
    flush(w);
    w->st->ops->close(w->st);
}

#endif
