/*
 * store/store.h - where the log lives, behind a table of function pointers
 * (after SQLite's VFS and curl's TLS backends). store_sqlite.c is the embedded
 * default; a PostgreSQL backend would be one more file filling the same table.
 *
 * The store keeps entries exactly as given (seq, at, fact, prev, hash) plus the
 * fact's content digest, which is unique: appending a fact whose digest is
 * already present is the caller's to avoid (find_digest), and the store refuses
 * it. Entries are never updated or deleted.
 *
 * Beside the log the store keeps the users of `bloc serve` (name, role, state,
 * argon2id password hash): they are not facts, are not hashed into the chain,
 * and a password reset replaces the row.
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

/* A user of the server. Strings are NUL-terminated; state is NULL unless the
 * role is "delegation". Who owns them depends on the op (below). */
typedef struct store_user {
    const char *name;   /* unique */
    const char *role;   /* "secretariat" | "delegation" | "observer" */
    const char *state;  /* ISO3 code of the delegation's state, or NULL */
    const char *pwhash; /* crypt_pwhash string */
    int64_t created;    /* ms since the epoch when the name was first added */
} store_user;

/* Room for the strings of one user as user_get copies them (valid users need
 * far less: a name of 64 bytes, a hash of 128). */
#define STORE_USER_STRINGS 512

/* Called for each user by user_list, in name order; the user and its strings
 * are borrowed for the call only. Return non-zero to stop with that code. */
typedef int (*store_user_cb)(void *ud, const store_user *u);

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
    /* Insert u, or if a user of that name exists replace its role, state and
     * pwhash (its created stays). Strings are borrowed. Its own transaction,
     * durable on BLOC_OK: not to be called between begin and commit
     * (BLOC_EINVAL). BLOC_EBUSY past the busy timeout, BLOC_ESTORE. */
    int (*user_put)(store *s, const store_user *u);
    /* The user called name: BLOC_OK with *out filled, its strings copied into
     * strings[0..cap) (BLOC_ELIMIT if they do not fit; STORE_USER_STRINGS
     * always does for a user put through bloc_user_add); BLOC_ENOTFOUND. */
    int (*user_get)(store *s, const char *name, store_user *out, char *strings, size_t cap);
    /* Every user, in name order, to cb. */
    int (*user_list)(store *s, store_user_cb cb, void *ud);
    /* Write a consistent copy of the whole store (log and users) to a new
     * database at path, durable on BLOC_OK; a file already there is refused
     * (BLOC_EINVAL). An exercise starts from such a copy. */
    int (*copy_to)(store *s, const char *path);
    /* The store's last error message (borrowed). */
    const char *(*errmsg)(store *s);
} store_ops;

/* Every backend's handle starts with this. */
struct store {
    const store_ops *ops;
};

extern const store_ops store_sqlite_ops;

#endif
