/*
 * tests/fuzz/fuzz.h - what every libFuzzer harness here shares: how a broken
 * invariant is reported (with its place, then abort, which libFuzzer keeps as
 * a crash), where a harness's database lives, making it afresh with a base
 * record, checking its chain, and removing it with the files SQLite keeps
 * beside it.
 */
#ifndef BLOC_TESTS_FUZZ_H
#define BLOC_TESTS_FUZZ_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "bloc/bloc.h"

#define FUZZ_FAIL(harness, ...)                                                                    \
    do {                                                                                           \
        fprintf(stderr, "%s: invariant broken at %s:%d: ", (harness), __FILE__, __LINE__);         \
        fprintf(stderr, __VA_ARGS__);                                                              \
        fprintf(stderr, "\n");                                                                     \
        abort();                                                                                   \
    } while (0)

static inline void fuzz_remove_db(const char *path)
{
    static const char *const suffix[] = {"", "-wal", "-shm", "-journal"};
    char p[512];
    for (size_t i = 0; i < sizeof suffix / sizeof *suffix; i++) {
        snprintf(p, sizeof p, "%s%s", path, suffix[i]);
        unlink(p);
    }
}

/* Close *db and remove its database at path and the directory dir it was
 * made in (either may be empty: nothing was made). */
static inline void fuzz_drop(bloc_db **db, const char *path, const char *dir)
{
    bloc_close(*db);
    *db = NULL;
    if (path[0])
        fuzz_remove_db(path);
    if (dir[0])
        rmdir(dir);
}

/* A new temporary directory for a harness's database into dir: under
 * $BLOC_FUZZ_TMP, else /dev/shm (the store fsyncs every commit), $TMPDIR,
 * /tmp. 0 if none could be made. */
static inline int fuzz_temp_dir(char *dir, size_t n)
{
    const char *roots[] = {getenv("BLOC_FUZZ_TMP"), "/dev/shm", getenv("TMPDIR"), "/tmp"};
    dir[0] = '\0';
    for (size_t i = 0; i < sizeof roots / sizeof *roots && !dir[0]; i++) {
        if (!roots[i] || access(roots[i], W_OK) != 0)
            continue;
        snprintf(dir, n, "%s/bloc-fuzz-XXXXXX", roots[i]);
        if (!mkdtemp(dir))
            dir[0] = '\0';
    }
    return dir[0] != '\0';
}

/* Close *db, remove the database at path, open it afresh without the bundled
 * record and load base (len bytes) into it: the entries that appended, or -1
 * with the reason in why. */
static inline int64_t fuzz_fresh_db(bloc_db **db, const char *path, const char *base, size_t len,
                                    char *why, size_t n)
{
    bloc_load_stats st;
    memset(&st, 0, sizeof st);
    bloc_close(*db);
    *db = NULL;
    fuzz_remove_db(path);
    int rc = bloc_open(path, BLOC_OPEN_NO_BUNDLE, db);
    if (rc == BLOC_OK)
        rc = bloc_load_buffer(*db, "base.json", base, len, &st);
    if (rc != BLOC_OK || st.appended == 0) {
        snprintf(why, n, "a fresh %s with the base record (%d): %s", path, rc,
                 *db ? bloc_errmsg(*db) : "out of memory");
        return -1;
    }
    return (int64_t)st.appended;
}

/* The chain holds over exactly `expect` entries; else 0 and why. */
static inline int fuzz_verified(bloc_db *db, int64_t expect, char *why, size_t n)
{
    bloc_verify_report r;
    int rc = bloc_verify(db, &r);
    if (rc == BLOC_OK && r.entries == expect)
        return 1;
    snprintf(why, n, "bloc_verify: rc %d, %lld entries (want %lld), first bad %lld: %s", rc,
             (long long)r.entries, (long long)expect, (long long)r.first_bad, r.reason);
    return 0;
}

#endif
