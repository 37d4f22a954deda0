/*
 * tests/fuzz/fuzz.h - what every libFuzzer harness here shares: how a broken
 * invariant is reported (with its place, then abort, which libFuzzer keeps as
 * a crash), and removing a test database with the files SQLite keeps beside it.
 */
#ifndef BLOC_TESTS_FUZZ_H
#define BLOC_TESTS_FUZZ_H

#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

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

#endif
