/*
 * store/store.h - where the log lives, behind a table of function pointers
 * (after SQLite's VFS and curl's TLS backends). store_sqlite.c is the embedded
 * default; a PostgreSQL backend would be one more file filling the same table.
 *
 * The store keeps entries exactly as given (seq, at, fact, prev, hash) plus the
 * fact's content digest, which is unique: appending a fact whose digest is
 * already present is the caller's to avoid (find_digest), and the store refuses
 * it. Entries are never updated or deleted.
 */
#ifndef BLOC_STORE_STORE_H
#define BLOC_STORE_STORE_H

#include <stddef.h>
#include <stdint.h>

#include "record/fact.h"

typedef struct store store;

#define STORE_OPEN_NOCREATE 0x1u /* a missing database is an error, not a new one */

/* Called for each entry by scan, in seq order; the entry and its strings are
 * borrowed for the call only. Return non-zero to stop the scan with that code. */
typedef int (*store_scan_cb)(void *ud, const entry *e, const uint8_t digest[32]);

typedef struct store_ops {
    const char *name;
    /* Open or create (unless STORE_OPEN_NOCREATE) the store at path. On failure
     * *out may still be set (close it) and err holds the reason. */
    int (*open)(const char *path, unsigned flags, store **out, char *err, size_t errlen);
    void (*close)(store *s); /* NULL is a no-op */
    /* Write transaction: begin takes the write lock (BLOC_EBUSY if another writer
     * holds it past the busy timeout); commit returns once the data is durable. */
    int (*begin)(store *s);
    int (*commit)(store *s);
    int (*rollback)(store *s);
    int (*append)(store *s, const entry *e, const uint8_t digest[32]);
    /* BLOC_OK and *seq set when an entry with that digest exists, BLOC_ENOTFOUND if not. */
    int (*find_digest)(store *s, const uint8_t digest[32], int64_t *seq);
    /* The last entry's seq and hash; seq 0 and a zero hash when the log is empty. */
    int (*head)(store *s, int64_t *seq, uint8_t hash[32]);
    int (*scan)(store *s, int64_t from_seq, store_scan_cb cb, void *ud);
    /* As scan, for building the model: the facts only; the entry's prev and
     * hash are zero and the digest is zeros (cheaper: the hashes are not read). */
    int (*scan_facts)(store *s, int64_t from_seq, store_scan_cb cb, void *ud);
    /* The store's last error message (borrowed). */
    const char *(*errmsg)(store *s);
} store_ops;

/* Every backend's handle starts with this. */
struct store {
    const store_ops *ops;
};

extern const store_ops store_sqlite_ops;

#endif
