/*
 * store/store_sqlite.c - the embedded SQLite backend of the store (store.h).
 *
 * The log is one table, `log`, one row per entry: the entry's seq and time, the
 * fact's fields in fixed columns (so the model rebuilds without parsing), the
 * fact's content digest (UNIQUE: the same fact is never logged twice) and the
 * chain hashes prev and hash. A second table, `meta`, holds the schema version,
 * checked on every open so that a newer file is refused rather than misread.
 * A third, `users`, holds the server's users (not facts: no chain, rows are
 * replaced); it is created at open when missing, so databases made before it
 * existed keep working and the schema version stays 1.
 *
 * The database runs in WAL mode with synchronous=FULL, so a commit is on disk
 * before it returns and readers never block the one writer; a writer waits up
 * to five seconds for another writer's lock (BLOC_EBUSY after that). The four
 * statements used per entry are prepared once at open and finalized at close.
 *
 * This is the only file of the project that includes sqlite3.h; everything
 * else reaches the store through store_sqlite_ops. Errors come back as bloc_rc
 * codes, with SQLite's message (and the file's path) kept in the handle for
 * the errmsg op.
 */
#include "store/store.h"

#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bloc/bloc.h"
#include "record/chain.h"
#include "util/buf.h"

#define SCHEMA_VERSION  "1"
#define BUSY_TIMEOUT_MS 5000

/* Column order shared by the INSERT and the scan SELECT. src and hash stay the
 * last two columns, in that order. */
#define LOG_COLUMNS                                                                                \
    "seq, at, kind, s0, s1, s2, s3, s4, dfrom, dto, num, ref, note, digest, prev, src, hash"

enum {
    COL_SEQ = 0,
    COL_AT,
    COL_KIND,
    COL_S0,
    COL_DFROM = COL_S0 + FACT_NSLOT,
    COL_DTO,
    COL_NUM,
    COL_REF,
    COL_NOTE,
    COL_DIGEST,
    COL_PREV,
    COL_SRC,
    COL_HASH,
    COL_COUNT
};

static const char sql_schema[] =
    "CREATE TABLE log("
    "seq INTEGER PRIMARY KEY, at INTEGER NOT NULL, kind INTEGER NOT NULL, "
    "s0 TEXT, s1 TEXT, s2 TEXT, s3 TEXT, s4 TEXT, "
    "dfrom INTEGER NOT NULL, dto INTEGER NOT NULL, num INTEGER NOT NULL, "
    "ref INTEGER NOT NULL, note TEXT, digest BLOB NOT NULL UNIQUE, "
    "prev BLOB NOT NULL, src TEXT, hash BLOB NOT NULL);"
    "CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT);"
    "INSERT INTO meta(key, value) VALUES('schema', '" SCHEMA_VERSION "');";

static const char sql_append[] = "INSERT INTO log(" LOG_COLUMNS ") VALUES("
                                 "?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, "
                                 "?11, ?12, ?13, ?14, ?15, ?16, ?17)";
static const char sql_find_digest[] = "SELECT seq FROM log WHERE digest = ?1";
static const char sql_head[] = "SELECT seq, hash FROM log ORDER BY seq DESC LIMIT 1";
static const char sql_scan[] = "SELECT " LOG_COLUMNS " FROM log WHERE seq >= ?1 ORDER BY seq";
/* The same columns, but NULL for the three hashes: SQLite then never decodes
 * them, which is a fifth of a rebuild (docs/BENCHMARKS.md). */
static const char sql_scan_facts[] =
    "SELECT seq, at, kind, s0, s1, s2, s3, s4, dfrom, dto, num, ref, note, NULL, NULL, src, NULL "
    "FROM log WHERE seq >= ?1 ORDER BY seq";

/* Created by every open that may write, if missing (an existing table costs no
 * write lock). A raw or read-only open leaves the file alone; the user ops then
 * fail with the store's "no such table" message. */
static const char sql_users_schema[] =
    "CREATE TABLE IF NOT EXISTS users("
    "name TEXT PRIMARY KEY, role TEXT NOT NULL, state TEXT, pwhash TEXT NOT NULL, "
    "created INTEGER NOT NULL)";
static const char sql_user_put[] =
    "INSERT INTO users(name, role, state, pwhash, created) VALUES(?1, ?2, ?3, ?4, ?5) "
    "ON CONFLICT(name) DO UPDATE SET role = excluded.role, state = excluded.state, "
    "pwhash = excluded.pwhash";
static const char sql_user_get[] =
    "SELECT name, role, state, pwhash, created FROM users WHERE name = ?1";
static const char sql_user_list[] =
    "SELECT name, role, state, pwhash, created FROM users ORDER BY name";

/* The handle: struct store first, so a store * is a sqlite_store *. */
typedef struct sqlite_store {
    struct store base;
    sqlite3 *db;
    char *path;
    sqlite3_stmt *st_append;
    sqlite3_stmt *st_find_digest;
    sqlite3_stmt *st_head;
    sqlite3_stmt *st_scan;
    int scanning; /* st_scan is in use by a scan in progress */
    char err[512];
} sqlite_store;

static sqlite_store *handle(store *s)
{
    return (sqlite_store *)s;
}

static const char *path_or_memory(const sqlite_store *h)
{
    return h->path && h->path[0] ? h->path : "(temporary database)";
}

/* Record "path: what: sqlite's message" and return BLOC_ESTORE. */
static int fail_sqlite(sqlite_store *h, const char *what)
{
    fmt_into(h->err, sizeof h->err, "%s: %s: %s", path_or_memory(h), what,
             h->db ? sqlite3_errmsg(h->db) : "out of memory");
    return BLOC_ESTORE;
}

/* Run SQL that returns no rows we need. */
static int exec_sql(sqlite_store *h, const char *sql, const char *what)
{
    int rc = sqlite3_exec(h->db, sql, NULL, NULL, NULL);
    if (rc == SQLITE_OK)
        return BLOC_OK;
    if (rc == SQLITE_BUSY || rc == SQLITE_LOCKED) {
        fmt_into(h->err, sizeof h->err, "%s: %s: the database is locked by another writer (%s)",
                 path_or_memory(h), what, sqlite3_errmsg(h->db));
        return BLOC_EBUSY;
    }
    return fail_sqlite(h, what);
}

/* Explain a failure while opening: a file that is not a database gets a message
 * that says so plainly. */
static int fail_open(sqlite_store *h, const char *what)
{
    int code = sqlite3_errcode(h->db);
    if (code == SQLITE_NOTADB) {
        fmt_into(h->err, sizeof h->err, "%s: not a SQLite database (%s)", path_or_memory(h),
                 sqlite3_errmsg(h->db));
        return BLOC_ESTORE;
    }
    if (code == SQLITE_CORRUPT) {
        fmt_into(h->err, sizeof h->err, "%s: the database file is damaged (%s)", path_or_memory(h),
                 sqlite3_errmsg(h->db));
        return BLOC_ESTORE;
    }
    if (code == SQLITE_BUSY || code == SQLITE_LOCKED) {
        fmt_into(h->err, sizeof h->err, "%s: %s: the database is locked (%s)", path_or_memory(h),
                 what, sqlite3_errmsg(h->db));
        return BLOC_EBUSY;
    }
    return fail_sqlite(h, what);
}

/* How many user tables the file has and whether `meta` is among them. */
static int schema_state(sqlite_store *h, int64_t *ntables, int *has_meta)
{
    static const char sql[] = "SELECT count(*), coalesce(sum(name = 'meta'), 0) FROM sqlite_master "
                              "WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\'";
    sqlite3_stmt *st = NULL;
    int rc = BLOC_OK;
    if (sqlite3_prepare_v2(h->db, sql, -1, &st, NULL) != SQLITE_OK) {
        rc = fail_open(h, "reading the schema");
        goto out;
    }
    if (sqlite3_step(st) != SQLITE_ROW) {
        rc = fail_open(h, "reading the schema");
        goto out;
    }
    *ntables = sqlite3_column_int64(st, 0);
    *has_meta = sqlite3_column_int64(st, 1) != 0;
out:
    sqlite3_finalize(st);
    return rc;
}

/* Create the tables in a fresh file (one transaction), or refuse a SQLite file
 * that holds someone else's tables. */
static int ensure_schema(sqlite_store *h)
{
    int64_t ntables = 0;
    int has_meta = 0;
    int rc = schema_state(h, &ntables, &has_meta);
    if (rc || has_meta)
        return rc;
    rc = exec_sql(h, "BEGIN IMMEDIATE", "creating the schema");
    if (rc)
        return rc;
    /* Another process may have created it while we waited for the lock. */
    rc = schema_state(h, &ntables, &has_meta);
    if (rc)
        goto out;
    if (has_meta)
        goto out;
    if (ntables > 0) {
        fmt_into(h->err, sizeof h->err,
                 "%s: a SQLite database but not a bloc one (no meta table, %lld other tables)",
                 path_or_memory(h), (long long)ntables);
        rc = BLOC_ESTORE;
        goto out;
    }
    rc = exec_sql(h, sql_schema, "creating the schema");
    if (rc)
        goto out;
    rc = exec_sql(h, "COMMIT", "creating the schema");
out:
    if (rc && !sqlite3_get_autocommit(h->db))
        sqlite3_exec(h->db, "ROLLBACK", NULL, NULL, NULL);
    return rc;
}

/* Refuse a file whose schema version this build does not know. */
static int check_version(sqlite_store *h)
{
    static const char sql[] = "SELECT value FROM meta WHERE key = 'schema'";
    sqlite3_stmt *st = NULL;
    int rc = BLOC_OK;
    if (sqlite3_prepare_v2(h->db, sql, -1, &st, NULL) != SQLITE_OK) {
        rc = fail_open(h, "reading the schema version");
        goto out;
    }
    int step = sqlite3_step(st);
    if (step == SQLITE_DONE) {
        fmt_into(h->err, sizeof h->err,
                 "%s: no schema version in the meta table; not a bloc database", path_or_memory(h));
        rc = BLOC_ESTORE;
        goto out;
    }
    if (step != SQLITE_ROW) {
        rc = fail_open(h, "reading the schema version");
        goto out;
    }
    const unsigned char *v = sqlite3_column_text(st, 0);
    if (!v || strcmp((const char *)v, SCHEMA_VERSION) != 0) {
        fmt_into(h->err, sizeof h->err,
                 "%s: unknown schema version '%s' (this build of bloc reads schema " SCHEMA_VERSION
                 "; a newer bloc may have written it)",
                 path_or_memory(h), v ? (const char *)v : "NULL");
        rc = BLOC_ESTORE;
        goto out;
    }
out:
    sqlite3_finalize(st);
    return rc;
}

static int prepare(sqlite_store *h, const char *sql, sqlite3_stmt **st)
{
    if (sqlite3_prepare_v3(h->db, sql, -1, SQLITE_PREPARE_PERSISTENT, st, NULL) != SQLITE_OK)
        return fail_open(h, "preparing statements");
    return BLOC_OK;
}

static void sqlite_close(store *s)
{
    if (!s)
        return;
    sqlite_store *h = handle(s);
    sqlite3_finalize(h->st_append);
    sqlite3_finalize(h->st_find_digest);
    sqlite3_finalize(h->st_head);
    sqlite3_finalize(h->st_scan);
    /* Closing with a transaction open rolls it back. */
    sqlite3_close(h->db);
    free(h->path);
    free(h);
}

static int sqlite_open(const char *path, unsigned flags, store **out, char *err, size_t errlen)
{
    int rc = BLOC_OK;
    *out = NULL;
    sqlite_store *h = calloc(1, sizeof *h);
    if (!h) {
        fmt_into(err, errlen, "%s: out of memory", path);
        return BLOC_ENOMEM;
    }
    h->base.ops = &store_sqlite_ops;
    *out = &h->base;
    h->path = xstrdup(path);
    if (!h->path) {
        fmt_into(h->err, sizeof h->err, "%s: out of memory", path);
        rc = BLOC_ENOMEM;
        goto out;
    }
    int orc =
        sqlite3_open_v2(path, &h->db,
                        /* NOMUTEX: a handle is never shared between threads (bloc.h), so
                         * SQLite's per-call locking is pure cost (about a fifth of a rebuild). */
                        SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX |
                            (flags & STORE_OPEN_NOCREATE ? 0 : SQLITE_OPEN_CREATE),
                        NULL);
    if (orc == SQLITE_CANTOPEN && (flags & STORE_OPEN_NOCREATE)) {
        fmt_into(h->err, sizeof h->err, "%s: no such database", path);
        rc = BLOC_ESTORE;
        goto out;
    }
    if (orc != SQLITE_OK) {
        if (!h->db) {
            fmt_into(h->err, sizeof h->err, "%s: out of memory", path);
            rc = BLOC_ENOMEM;
        } else {
            rc = fail_open(h, "opening");
        }
        goto out;
    }
    sqlite3_busy_timeout(h->db, BUSY_TIMEOUT_MS);
    /* The first statements read the header: a non-database file fails here. */
    if (sqlite3_exec(h->db,
                     "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA foreign_keys=OFF;",
                     NULL, NULL, NULL) != SQLITE_OK) {
        rc = fail_open(h, "setting up the connection");
        goto out;
    }
    rc = ensure_schema(h);
    if (rc)
        goto out;
    rc = check_version(h);
    if (rc)
        goto out;
    if (!(flags & STORE_OPEN_NOCREATE) && sqlite3_db_readonly(h->db, "main") == 0) {
        rc = exec_sql(h, sql_users_schema, "creating the users table");
        if (rc)
            goto out;
    }
    if ((rc = prepare(h, sql_append, &h->st_append)) != BLOC_OK ||
        (rc = prepare(h, sql_find_digest, &h->st_find_digest)) != BLOC_OK ||
        (rc = prepare(h, sql_head, &h->st_head)) != BLOC_OK ||
        (rc = prepare(h, sql_scan, &h->st_scan)) != BLOC_OK)
        goto out;
out:
    if (rc)
        fmt_into(err, errlen, "%s", h->err);
    return rc;
}

static int sqlite_begin(store *s)
{
    return exec_sql(handle(s), "BEGIN IMMEDIATE", "begin");
}

static int sqlite_commit(store *s)
{
    return exec_sql(handle(s), "COMMIT", "commit");
}

static int sqlite_rollback(store *s)
{
    sqlite_store *h = handle(s);
    /* SQLite may already have rolled back after an I/O error; that is done. */
    if (sqlite3_get_autocommit(h->db))
        return BLOC_OK;
    return exec_sql(h, "ROLLBACK", "rollback");
}

static int bind_text(sqlite3_stmt *st, int i, const char *v)
{
    if (!v)
        return sqlite3_bind_null(st, i);
    return sqlite3_bind_text(st, i, v, -1, SQLITE_STATIC);
}

static int sqlite_append(store *s, const entry *e, const uint8_t digest[32])
{
    sqlite_store *h = handle(s);
    sqlite3_stmt *st = h->st_append;
    const fact *f = &e->f;
    int rc = BLOC_OK;
    int b = sqlite3_bind_int64(st, COL_SEQ + 1, e->seq);
    if (b == SQLITE_OK)
        b = sqlite3_bind_int64(st, COL_AT + 1, e->at);
    if (b == SQLITE_OK)
        b = sqlite3_bind_int(st, COL_KIND + 1, f->kind);
    for (int i = 0; b == SQLITE_OK && i < FACT_NSLOT; i++)
        b = bind_text(st, COL_S0 + 1 + i, f->s[i]);
    if (b == SQLITE_OK)
        b = sqlite3_bind_int64(st, COL_DFROM + 1, f->from);
    if (b == SQLITE_OK)
        b = sqlite3_bind_int64(st, COL_DTO + 1, f->to);
    if (b == SQLITE_OK)
        b = sqlite3_bind_int64(st, COL_NUM + 1, f->num);
    if (b == SQLITE_OK)
        b = sqlite3_bind_int64(st, COL_REF + 1, f->ref);
    if (b == SQLITE_OK)
        b = bind_text(st, COL_NOTE + 1, f->note);
    if (b == SQLITE_OK)
        b = sqlite3_bind_blob(st, COL_DIGEST + 1, digest, CHAIN_HASH_BYTES, SQLITE_STATIC);
    if (b == SQLITE_OK)
        b = sqlite3_bind_blob(st, COL_PREV + 1, e->prev, CHAIN_HASH_BYTES, SQLITE_STATIC);
    if (b == SQLITE_OK)
        b = bind_text(st, COL_SRC + 1, f->src);
    if (b == SQLITE_OK)
        b = sqlite3_bind_blob(st, COL_HASH + 1, e->hash, CHAIN_HASH_BYTES, SQLITE_STATIC);
    if (b != SQLITE_OK) {
        rc = fail_sqlite(h, "append");
        goto out;
    }
    int step = sqlite3_step(st);
    if (step == SQLITE_DONE)
        goto out;
    int ext = sqlite3_extended_errcode(h->db);
    if (ext == SQLITE_CONSTRAINT_UNIQUE) {
        char hex[2 * CHAIN_HASH_BYTES + 1];
        chain_hex(digest, CHAIN_HASH_BYTES, hex);
        fmt_into(h->err, sizeof h->err,
                 "%s: append: entry %lld: a fact with digest %.16s... is already in the log (%s)",
                 path_or_memory(h), (long long)e->seq, hex, sqlite3_errmsg(h->db));
        rc = BLOC_EINVAL;
    } else if (ext == SQLITE_CONSTRAINT_PRIMARYKEY) {
        fmt_into(h->err, sizeof h->err, "%s: append: seq %lld is already in the log (%s)",
                 path_or_memory(h), (long long)e->seq, sqlite3_errmsg(h->db));
        rc = BLOC_EINVAL;
    } else if ((ext & 0xff) == SQLITE_CONSTRAINT) {
        fmt_into(h->err, sizeof h->err, "%s: append: entry %lld refused (%s)", path_or_memory(h),
                 (long long)e->seq, sqlite3_errmsg(h->db));
        rc = BLOC_EINVAL;
    } else if ((ext & 0xff) == SQLITE_BUSY) {
        fmt_into(h->err, sizeof h->err, "%s: append: the database is locked (%s)",
                 path_or_memory(h), sqlite3_errmsg(h->db));
        rc = BLOC_EBUSY;
    } else {
        rc = fail_sqlite(h, "append");
    }
out:
    sqlite3_reset(st);
    sqlite3_clear_bindings(st); /* drop the borrowed (SQLITE_STATIC) pointers */
    return rc;
}

static int sqlite_find_digest(store *s, const uint8_t digest[32], int64_t *seq)
{
    sqlite_store *h = handle(s);
    sqlite3_stmt *st = h->st_find_digest;
    int rc;
    if (sqlite3_bind_blob(st, 1, digest, CHAIN_HASH_BYTES, SQLITE_STATIC) != SQLITE_OK) {
        rc = fail_sqlite(h, "find_digest");
        goto out;
    }
    int step = sqlite3_step(st);
    if (step == SQLITE_ROW) {
        *seq = sqlite3_column_int64(st, 0);
        rc = BLOC_OK;
    } else if (step == SQLITE_DONE) {
        rc = BLOC_ENOTFOUND;
    } else {
        rc = fail_sqlite(h, "find_digest");
    }
out:
    sqlite3_reset(st);
    sqlite3_clear_bindings(st);
    return rc;
}

/* Copy a 32-byte blob column; anything else (damaged row) becomes zeros. */
static void column_hash(sqlite3_stmt *st, int col, uint8_t out[CHAIN_HASH_BYTES])
{
    const void *p = sqlite3_column_blob(st, col);
    int n = sqlite3_column_bytes(st, col);
    if (p && n == CHAIN_HASH_BYTES)
        memcpy(out, p, CHAIN_HASH_BYTES);
    else
        memset(out, 0, CHAIN_HASH_BYTES);
}

static int sqlite_head(store *s, int64_t *seq, uint8_t hash[32])
{
    sqlite_store *h = handle(s);
    sqlite3_stmt *st = h->st_head;
    int rc = BLOC_OK;
    int step = sqlite3_step(st);
    if (step == SQLITE_ROW) {
        *seq = sqlite3_column_int64(st, 0);
        column_hash(st, 1, hash);
    } else if (step == SQLITE_DONE) {
        *seq = 0;
        memset(hash, 0, CHAIN_HASH_BYTES);
    } else {
        rc = fail_sqlite(h, "head");
    }
    sqlite3_reset(st);
    return rc;
}

/* A text column borrowed from the row; NULL for SQL NULL. BLOC_ENOMEM if
 * SQLite could not produce the text. */
static int column_str(sqlite3_stmt *st, int col, const char **out)
{
    *out = NULL;
    if (sqlite3_column_type(st, col) == SQLITE_NULL)
        return BLOC_OK;
    *out = (const char *)sqlite3_column_text(st, col);
    return *out ? BLOC_OK : BLOC_ENOMEM;
}

/* Fill e (and digest) from the current row of the scan statement. */
static int read_row(sqlite3_stmt *st, entry *e, uint8_t digest[CHAIN_HASH_BYTES])
{
    int rc = BLOC_OK;
    memset(e, 0, sizeof *e);
    e->seq = sqlite3_column_int64(st, COL_SEQ);
    e->at = sqlite3_column_int64(st, COL_AT);
    e->f.kind = sqlite3_column_int(st, COL_KIND);
    for (int i = 0; !rc && i < FACT_NSLOT; i++)
        rc = column_str(st, COL_S0 + i, &e->f.s[i]);
    e->f.from = (bloc_date)sqlite3_column_int(st, COL_DFROM);
    e->f.to = (bloc_date)sqlite3_column_int(st, COL_DTO);
    e->f.num = sqlite3_column_int64(st, COL_NUM);
    e->f.ref = sqlite3_column_int64(st, COL_REF);
    if (!rc)
        rc = column_str(st, COL_NOTE, &e->f.note);
    if (!rc)
        rc = column_str(st, COL_SRC, &e->f.src);
    column_hash(st, COL_DIGEST, digest);
    column_hash(st, COL_PREV, e->prev);
    column_hash(st, COL_HASH, e->hash);
    return rc;
}

static int scan_with(store *s, const char *sql, int64_t from_seq, store_scan_cb cb, void *ud)
{
    sqlite_store *h = handle(s);
    sqlite3_stmt *st = h->st_scan;
    int own = 0; /* st is a private statement (a nested scan, or not the full one) */
    int rc = BLOC_OK;
    if (h->scanning || sql != sql_scan) {
        if (sqlite3_prepare_v2(h->db, sql, -1, &st, NULL) != SQLITE_OK) {
            st = NULL;
            rc = fail_sqlite(h, "scan");
            goto out;
        }
        own = 1;
    } else {
        h->scanning = 1;
    }
    if (sqlite3_bind_int64(st, 1, from_seq) != SQLITE_OK) {
        rc = fail_sqlite(h, "scan");
        goto out;
    }
    for (;;) {
        int step = sqlite3_step(st);
        if (step == SQLITE_DONE)
            break;
        if (step != SQLITE_ROW) {
            rc = fail_sqlite(h, "scan");
            goto out;
        }
        entry e;
        uint8_t digest[CHAIN_HASH_BYTES];
        rc = read_row(st, &e, digest);
        if (rc) {
            fmt_into(h->err, sizeof h->err, "%s: scan: out of memory reading entry %lld",
                     path_or_memory(h), (long long)e.seq);
            goto out;
        }
        rc = cb(ud, &e, digest);
        if (rc)
            goto out;
    }
out:
    if (own) {
        sqlite3_finalize(st);
    } else if (st) {
        sqlite3_reset(st);
        h->scanning = 0;
    }
    return rc;
}

static int sqlite_scan(store *s, int64_t from_seq, store_scan_cb cb, void *ud)
{
    return scan_with(s, sql_scan, from_seq, cb, ud);
}

static int sqlite_scan_facts(store *s, int64_t from_seq, store_scan_cb cb, void *ud)
{
    return scan_with(s, sql_scan_facts, from_seq, cb, ud);
}

/* ---- users ---- */

static int sqlite_user_put(store *s, const store_user *u)
{
    sqlite_store *h = handle(s);
    sqlite3_stmt *st = NULL;
    int rc = BLOC_OK;
    if (!sqlite3_get_autocommit(h->db)) {
        fmt_into(h->err, sizeof h->err, "%s: user_put: inside a transaction of the log",
                 path_or_memory(h));
        return BLOC_EINVAL;
    }
    if (sqlite3_prepare_v2(h->db, sql_user_put, -1, &st, NULL) != SQLITE_OK) {
        rc = fail_sqlite(h, "user_put");
        goto out;
    }
    /* One statement outside BEGIN is its own transaction; synchronous=FULL
     * makes its commit durable before step returns. */
    if (bind_text(st, 1, u->name) != SQLITE_OK || bind_text(st, 2, u->role) != SQLITE_OK ||
        bind_text(st, 3, u->state) != SQLITE_OK || bind_text(st, 4, u->pwhash) != SQLITE_OK ||
        sqlite3_bind_int64(st, 5, u->created) != SQLITE_OK) {
        rc = fail_sqlite(h, "user_put");
        goto out;
    }
    int step = sqlite3_step(st);
    if (step == SQLITE_DONE)
        goto out;
    if ((sqlite3_extended_errcode(h->db) & 0xff) == SQLITE_BUSY) {
        fmt_into(h->err, sizeof h->err, "%s: user_put: the database is locked (%s)",
                 path_or_memory(h), sqlite3_errmsg(h->db));
        rc = BLOC_EBUSY;
    } else if ((sqlite3_extended_errcode(h->db) & 0xff) == SQLITE_CONSTRAINT) {
        fmt_into(h->err, sizeof h->err, "%s: user_put: user refused (%s)", path_or_memory(h),
                 sqlite3_errmsg(h->db));
        rc = BLOC_EINVAL;
    } else {
        rc = fail_sqlite(h, "user_put");
    }
out:
    sqlite3_finalize(st);
    return rc;
}

/* The current row of a users SELECT as a store_user borrowing SQLite's text. */
static int read_user(sqlite3_stmt *st, store_user *u)
{
    int rc = column_str(st, 0, &u->name);
    if (!rc)
        rc = column_str(st, 1, &u->role);
    if (!rc)
        rc = column_str(st, 2, &u->state);
    if (!rc)
        rc = column_str(st, 3, &u->pwhash);
    u->created = sqlite3_column_int64(st, 4);
    return rc;
}

/* Copy src (may be NULL) into the arena strings[*used..cap) and point *dst at it. */
static int copy_str(const char *src, const char **dst, char *strings, size_t cap, size_t *used)
{
    *dst = NULL;
    if (!src)
        return BLOC_OK;
    size_t n = strlen(src) + 1;
    if (n > cap - *used)
        return BLOC_ELIMIT;
    memcpy(strings + *used, src, n);
    *dst = strings + *used;
    *used += n;
    return BLOC_OK;
}

static int sqlite_user_get(store *s, const char *name, store_user *out, char *strings, size_t cap)
{
    sqlite_store *h = handle(s);
    sqlite3_stmt *st = NULL;
    store_user u = {0};
    size_t used = 0;
    int rc = BLOC_OK;
    memset(out, 0, sizeof *out);
    if (sqlite3_prepare_v2(h->db, sql_user_get, -1, &st, NULL) != SQLITE_OK ||
        bind_text(st, 1, name) != SQLITE_OK) {
        rc = fail_sqlite(h, "user_get");
        goto out;
    }
    int step = sqlite3_step(st);
    if (step == SQLITE_DONE) {
        rc = BLOC_ENOTFOUND;
        goto out;
    }
    if (step != SQLITE_ROW) {
        rc = fail_sqlite(h, "user_get");
        goto out;
    }
    if ((rc = read_user(st, &u))) {
        fmt_into(h->err, sizeof h->err, "%s: user_get: out of memory", path_or_memory(h));
        goto out;
    }
    if ((rc = copy_str(u.name, &out->name, strings, cap, &used)) ||
        (rc = copy_str(u.role, &out->role, strings, cap, &used)) ||
        (rc = copy_str(u.state, &out->state, strings, cap, &used)) ||
        (rc = copy_str(u.pwhash, &out->pwhash, strings, cap, &used))) {
        fmt_into(h->err, sizeof h->err, "%s: user_get: the user's strings exceed %zu bytes",
                 path_or_memory(h), cap);
        goto out;
    }
    out->created = u.created;
out:
    sqlite3_finalize(st);
    return rc;
}

static int sqlite_user_list(store *s, store_user_cb cb, void *ud)
{
    sqlite_store *h = handle(s);
    sqlite3_stmt *st = NULL;
    int rc = BLOC_OK;
    if (sqlite3_prepare_v2(h->db, sql_user_list, -1, &st, NULL) != SQLITE_OK) {
        rc = fail_sqlite(h, "user_list");
        goto out;
    }
    for (;;) {
        int step = sqlite3_step(st);
        if (step == SQLITE_DONE)
            break;
        if (step != SQLITE_ROW) {
            rc = fail_sqlite(h, "user_list");
            goto out;
        }
        store_user u = {0};
        if ((rc = read_user(st, &u))) {
            fmt_into(h->err, sizeof h->err, "%s: user_list: out of memory", path_or_memory(h));
            goto out;
        }
        if ((rc = cb(ud, &u)))
            goto out;
    }
out:
    sqlite3_finalize(st);
    return rc;
}

static const char *sqlite_errmsg(store *s)
{
    return s ? handle(s)->err : "no store";
}

/* The online backup API copies every page under a read transaction: the copy
 * is the database as it was at one moment, whatever other writers do. */
static int sqlite_copy_to(store *s, const char *path)
{
    sqlite_store *h = handle(s);
    sqlite3 *to = NULL;
    int rc = sqlite3_open_v2(path, &to, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL);
    sqlite3_stmt *st = NULL;
    int empty =
        rc == SQLITE_OK &&
        sqlite3_prepare_v2(to, "SELECT count(*) FROM sqlite_schema", -1, &st, NULL) == SQLITE_OK &&
        sqlite3_step(st) == SQLITE_ROW && sqlite3_column_int(st, 0) == 0;
    sqlite3_finalize(st);
    if (rc != SQLITE_OK || !empty) {
        fmt_into(h->err, sizeof h->err, "%s: %s", path,
                 rc != SQLITE_OK ? sqlite3_errmsg(to) : "a database is there already");
        sqlite3_close(to);
        return rc != SQLITE_OK ? BLOC_ESTORE : BLOC_EINVAL;
    }
    sqlite3_backup *b = sqlite3_backup_init(to, "main", h->db, "main");
    rc = b ? sqlite3_backup_step(b, -1) : sqlite3_errcode(to);
    if (b)
        sqlite3_backup_finish(b);
    if (rc == SQLITE_DONE)
        rc = sqlite3_exec(to, "PRAGMA journal_mode=WAL", NULL, NULL, NULL);
    if (rc != SQLITE_OK) {
        fmt_into(h->err, sizeof h->err, "%s: copying the database: %s", path, sqlite3_errmsg(to));
        sqlite3_close(to);
        remove(path); /* nothing half-made is left behind */
        return rc == SQLITE_BUSY || rc == SQLITE_LOCKED ? BLOC_EBUSY : BLOC_ESTORE;
    }
    return sqlite3_close(to) == SQLITE_OK ? BLOC_OK : BLOC_ESTORE;
}

const store_ops store_sqlite_ops = {
    .name = "sqlite",
    .open = sqlite_open,
    .close = sqlite_close,
    .begin = sqlite_begin,
    .commit = sqlite_commit,
    .rollback = sqlite_rollback,
    .append = sqlite_append,
    .find_digest = sqlite_find_digest,
    .head = sqlite_head,
    .scan = sqlite_scan,
    .scan_facts = sqlite_scan_facts,
    .user_put = sqlite_user_put,
    .user_get = sqlite_user_get,
    .user_list = sqlite_user_list,
    .copy_to = sqlite_copy_to,
    .errmsg = sqlite_errmsg,
};
