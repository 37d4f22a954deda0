/*
 * db/db.c - opening a database (store + model + bundled record), appending to
 * the chain, retracting, verifying, and the public lifecycle functions.
 */
#include "db/db.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "record/chain.h"
#include "record/load.h"

const char *bloc_version(void)
{
    return BLOC_VERSION;
}

const char *bloc_strerror(int rc)
{
    switch (rc) {
    case BLOC_OK: return "ok";
    case BLOC_ENOMEM: return "out of memory";
    case BLOC_EINVAL: return "invalid argument or record";
    case BLOC_EPARSE: return "malformed input";
    case BLOC_EIO: return "input/output error";
    case BLOC_ESTORE: return "store error";
    case BLOC_ENOTFOUND: return "not found";
    case BLOC_ECHAIN: return "hash chain broken";
    case BLOC_ELIMIT: return "limit exceeded";
    case BLOC_EBUSY: return "database busy";
    case BLOC_EDENIED: return "not allowed";
    case BLOC_ECONFLICT: return "out of order";
    default: return "unknown error";
    }
}

int db_err(bloc_db *db, int rc, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(db->err, sizeof db->err, fmt, ap);
    va_end(ap);
    return rc;
}

const char *bloc_errmsg(const bloc_db *db)
{
    if (!db)
        return bloc_strerror(BLOC_ENOMEM);
    return db->err[0] ? db->err : "no error";
}

void bloc_free(void *p)
{
    free(p);
}

static int store_fail(bloc_db *db, int rc)
{
    return db_err(db, rc, "store: %s", db->st->ops->errmsg(db->st));
}

static int apply_cb(void *ud, const entry *e, const uint8_t digest[32])
{
    (void)digest;
    return model_apply(ud, e);
}

int db_catch_up(bloc_db *db)
{
    if (!db->modelled)
        return BLOC_OK;
    int64_t seq;
    uint8_t hash[CHAIN_HASH_BYTES];
    if (db->st->ops->head(db->st, &seq, hash) == BLOC_OK && seq == (int64_t)db->m.nfacts)
        return BLOC_OK; /* nothing new: no scan */
    int rc = db->st->ops->scan_facts(db->st, (int64_t)db->m.nfacts + 1, apply_cb, &db->m);
    if (rc) {
        db->modelled = 0;
        return db_err(db, rc, "could not read the entries another writer appended: %s",
                      rc == BLOC_ENOMEM ? "out of memory" : db->st->ops->errmsg(db->st));
    }
    return BLOC_OK;
}

/* Does s point into the model's own strings or notes (which move as it grows)? */
static int model_owns(const model *m, const char *s)
{
    uintptr_t p = (uintptr_t)s, a = (uintptr_t)m->notes;
    return intern_owns(&m->syms, s) || (s && m->notes && p >= a && p < a + m->ncap);
}

/* Facts built from what the model holds (a live step, an accepted claim)
 * point into its strings, which move as the model grows, by a catch-up or by
 * these very facts: such strings are copied into *pool first, and *out is a
 * copy of the facts using them (facts itself when none needed it). */
static int detach(const model *m, const fact *facts, size_t n, const fact **out, fact **copy,
                  char **pool)
{
    size_t bytes = 0;
    *out = facts;
    *copy = NULL;
    *pool = NULL;
    for (size_t i = 0; i < n; i++) {
        const fact *f = &facts[i];
        for (int k = 0; k < FACT_NSLOT; k++)
            bytes += model_owns(m, f->s[k]) ? strlen(f->s[k]) + 1 : 0;
        bytes += model_owns(m, f->note) ? strlen(f->note) + 1 : 0;
        bytes += model_owns(m, f->src) ? strlen(f->src) + 1 : 0;
    }
    if (!bytes)
        return BLOC_OK;
    if (!(*copy = malloc(n * sizeof **copy)) || !(*pool = malloc(bytes))) {
        free(*copy);
        *copy = NULL;
        return BLOC_ENOMEM;
    }
    char *p = *pool;
    for (size_t i = 0; i < n; i++) {
        fact *f = &(*copy)[i];
        *f = facts[i];
        const char **slot[FACT_NSLOT + 2] = {&f->s[0], &f->s[1], &f->s[2], &f->s[3],
                                             &f->s[4], &f->note, &f->src};
        for (size_t k = 0; k < sizeof slot / sizeof *slot; k++)
            if (model_owns(m, *slot[k])) {
                size_t len = strlen(*slot[k]) + 1;
                memcpy(p, *slot[k], len);
                *slot[k] = p;
                p += len;
            }
    }
    *out = *copy;
    return BLOC_OK;
}

int db_append(bloc_db *db, const fact *facts_in, size_t n, size_t *appended, size_t *skipped)
{
    const store_ops *ops = db->st->ops;
    entry *fresh = NULL;
    size_t nfresh = 0, nskip = 0;
    int committed = 0;
    int64_t seq;
    uint8_t prev[CHAIN_HASH_BYTES], digest[CHAIN_HASH_BYTES];
    const fact *facts;
    fact *copy;
    char *pool;
    if (detach(&db->m, facts_in, n, &facts, &copy, &pool))
        return db_err(db, BLOC_ENOMEM, "out of memory");
    int rc = ops->begin(db->st);
    if (rc) {
        free(copy);
        free(pool);
        return rc == BLOC_EBUSY ? db_err(db, rc, "database is locked by another writer")
                                : store_fail(db, rc);
    }
    fresh = calloc(n ? n : 1, sizeof *fresh);
    if (!fresh) {
        rc = db_err(db, BLOC_ENOMEM, "out of memory");
        goto out;
    }
    if ((rc = ops->head(db->st, &seq, prev))) {
        store_fail(db, rc);
        goto out;
    }
    /* Another writer may have appended since we read the log: continue the
     * chain and the model from the true head (under the write lock now). */
    if (seq != (int64_t)db->m.nfacts && (rc = db_catch_up(db)))
        goto out;
    int64_t at = clock_ms();
    for (size_t i = 0; i < n; i++) {
        int64_t have;
        if ((rc = chain_digest(&facts[i], digest)))
            goto out;
        rc = ops->find_digest(db->st, digest, &have);
        if (rc == BLOC_OK) {
            nskip++;
            continue;
        }
        if (rc != BLOC_ENOTFOUND) {
            store_fail(db, rc);
            goto out;
        }
        entry *e = &fresh[nfresh++];
        e->seq = ++seq;
        e->at = at;
        e->f = facts[i];
        memcpy(e->prev, prev, sizeof prev);
        chain_link(prev, e->seq, at, digest, e->hash);
        if ((rc = ops->append(db->st, e, digest))) {
            store_fail(db, rc);
            goto out;
        }
        memcpy(prev, e->hash, sizeof prev);
    }
    if ((rc = ops->commit(db->st))) {
        store_fail(db, rc);
        goto out;
    }
    committed = 1;
    if (appended)
        *appended = nfresh;
    if (skipped)
        *skipped = nskip;
    for (size_t i = 0; db->modelled && i < nfresh; i++)
        if ((rc = model_apply(&db->m, &fresh[i]))) {
            db->modelled = 0; /* durable, but this handle's model is behind: reopen */
            db_err(db, rc, "appended, but the model could not be updated: %s", bloc_strerror(rc));
            break;
        }
out:
    if (rc && !committed)
        ops->rollback(db->st);
    free(fresh);
    free(copy);
    free(pool);
    return rc;
}

int bloc_open(const char *path, unsigned flags, bloc_db **out)
{
    char err[512] = "";
    int rc;
    bloc_db *db = calloc(1, sizeof *db);
    *out = db;
    if (!db)
        return BLOC_ENOMEM;
    db->flags = flags;
    if (chain_init())
        return db_err(db, BLOC_EINVAL, "libsodium could not be initialised");
    if ((rc = model_init(&db->m)))
        return db_err(db, rc, "%s: out of memory", path);
    /* Reading raw (verify, log) never creates: a mistyped path is an error, not
     * an empty log that verifies. */
    rc = store_sqlite_ops.open(path, flags & BLOC_OPEN_RAW ? STORE_OPEN_NOCREATE : 0, &db->st, err,
                               sizeof err);
    if (rc)
        return db_err(db, rc, "%s", err);
    if (flags & BLOC_OPEN_RAW)
        return BLOC_OK;
    rc = db->st->ops->scan_facts(db->st, 1, apply_cb, &db->m);
    if (rc == BLOC_EINVAL)
        return db_err(db, rc,
                      "%s: entry %zu cannot be read into the model (malformed, or out of "
                      "sequence); run bloc verify",
                      path, db->m.nfacts + 1);
    if (rc)
        return rc == BLOC_ENOMEM ? db_err(db, rc, "out of memory building the model")
                                 : store_fail(db, rc);
    db->modelled = 1;
    if (db->m.nfacts == 0 && !(flags & BLOC_OPEN_NO_BUNDLE)) {
        loader *L = loader_new(db);
        if (!L)
            return db_err(db, BLOC_ENOMEM, "out of memory");
        for (size_t i = 0; !rc && i < bundle_nfiles; i++)
            rc = loader_add_buffer(L, bundle_files[i].name, bundle_files[i].text,
                                   bundle_files[i].len);
        if (!rc)
            rc = loader_commit(L, NULL);
        loader_free(L);
        if (rc) {
            char why[DB_ERRMAX - 64];
            fmt_into(why, sizeof why, "%s", db->err);
            return db_err(db, rc, "%s: seeding with the bundled record: %s", path, why);
        }
    }
    return BLOC_OK;
}

void bloc_close(bloc_db *db)
{
    if (!db)
        return;
    if (db->st)
        db->st->ops->close(db->st);
    model_free(&db->m);
    free(db);
}

static int need_model(bloc_db *db)
{
    if (!db->modelled)
        return db_err(db, BLOC_EINVAL, "this database was opened without its model");
    return BLOC_OK;
}

/* One load: the files at paths, or (paths NULL) the buffer text named name. */
static int load(bloc_db *db, const char *const *paths, size_t n, const char *name, const char *text,
                size_t len, bloc_load_stats *stats)
{
    int rc = need_model(db);
    if (rc)
        return rc;
    loader *L = loader_new(db);
    if (!L)
        return db_err(db, BLOC_ENOMEM, "out of memory");
    if (!paths)
        rc = loader_add_buffer(L, name, text, len);
    for (size_t i = 0; paths && !rc && i < n; i++)
        rc = loader_add_path(L, paths[i]);
    rc = rc ? loader_fail(L) : loader_commit(L, stats);
    loader_free(L);
    return rc;
}

int bloc_load(bloc_db *db, const char *const *paths, size_t n, bloc_load_stats *stats)
{
    return load(db, paths, n, NULL, NULL, 0, stats);
}

int bloc_load_buffer(bloc_db *db, const char *name, const char *text, size_t len,
                     bloc_load_stats *stats)
{
    return load(db, NULL, 0, name, text, len, stats);
}

int bloc_retract(bloc_db *db, int64_t seq, const char *source, const char *reason, int64_t *new_seq)
{
    int rc = need_model(db);
    if (rc)
        return rc;
    if ((rc = db_catch_up(db)))
        return rc;
    if (seq < 1 || seq > (int64_t)db->m.nfacts)
        return db_err(db, BLOC_ENOTFOUND, "no entry %lld in the log (it has %zu)", (long long)seq,
                      db->m.nfacts);
    if (db->m.facts[seq - 1].dead)
        return db_err(db, BLOC_EINVAL, "entry %lld is already retracted", (long long)seq);
    if (db->m.facts[seq - 1].kind == FACT_RETRACT)
        return db_err(db, BLOC_EINVAL,
                      "entry %lld is a retraction; retractions are final (load the fact again "
                      "from a new source instead)",
                      (long long)seq);
    if (!source || !model_source(&db->m, intern_find(&db->m.syms, source)))
        return db_err(db, BLOC_ENOTFOUND,
                      "unknown source \"%s\": a retraction needs a source "
                      "already in the record",
                      source ? source : "");
    if (!reason || !*reason)
        return db_err(db, BLOC_EINVAL, "a retraction needs a reason");
    fact f = {.kind = FACT_RETRACT, .ref = seq, .note = reason, .src = source};
    size_t added = 0;
    if ((rc = db_append(db, &f, 1, &added, NULL)))
        return rc;
    if (!added)
        return db_err(db, BLOC_EINVAL, "entry %lld was retracted already", (long long)seq);
    if (new_seq)
        *new_seq = (int64_t)db->m.nfacts;
    return BLOC_OK;
}

/* ---- verify ---- */

typedef struct vstate {
    bloc_verify_report *r;
    uint8_t prev[CHAIN_HASH_BYTES];
    int64_t expect;
} vstate;

static int verify_cb(void *ud, const entry *e, const uint8_t stored_digest[32])
{
    vstate *v = ud;
    uint8_t digest[CHAIN_HASH_BYTES], hash[CHAIN_HASH_BYTES];
    const char *what = NULL;
    v->r->entries++;
    if (e->seq != v->expect)
        what = "entry numbers are not consecutive (an entry is missing)";
    else if (chain_digest(&e->f, digest))
        return BLOC_ENOMEM;
    else if (memcmp(digest, stored_digest, sizeof digest) != 0)
        what = "its content does not match its digest (the fact was changed)";
    else if (memcmp(e->prev, v->prev, sizeof v->prev) != 0)
        what = "its link to the entry before does not match";
    if (!what) {
        chain_link(v->prev, e->seq, e->at, digest, hash);
        if (memcmp(hash, e->hash, sizeof hash) != 0)
            what = "its hash does not match its content and link";
    }
    if (what) {
        const char *kind = fact_kind_name(e->f.kind);
        v->r->first_bad = v->expect;
        fmt_into(v->r->reason, sizeof v->r->reason, "entry %lld (%s %s%s%s): %s",
                 (long long)v->expect, kind ? kind : "?", e->f.s[0] ? e->f.s[0] : "",
                 e->f.s[1] ? "/" : "", e->f.s[1] ? e->f.s[1] : "", what);
        return BLOC_ECHAIN;
    }
    memcpy(v->prev, e->hash, sizeof v->prev);
    chain_hex(e->hash, CHAIN_HASH_BYTES, v->r->head);
    v->expect++;
    return BLOC_OK;
}

int bloc_snapshot(bloc_db *db, const char *path)
{
    int rc = db->st->ops->copy_to(db->st, path);
    return rc ? db_err(db, rc, "%s", db->st->ops->errmsg(db->st)) : BLOC_OK;
}

int bloc_verify(bloc_db *db, bloc_verify_report *r)
{
    bloc_verify_report dummy;
    if (!r)
        r = &dummy;
    memset(r, 0, sizeof *r);
    vstate v = {.r = r, .expect = 1};
    int rc = db->st->ops->scan(db->st, 1, verify_cb, &v);
    if (rc == BLOC_ECHAIN)
        return db_err(db, rc, "%s", r->reason);
    if (rc == BLOC_ENOMEM)
        return db_err(db, rc, "out of memory");
    if (rc)
        return store_fail(db, rc);
    return BLOC_OK;
}
