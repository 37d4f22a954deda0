/*
 * tests/check.h - the smallest test harness: CHECK counts, prints each failure
 * with its place, and CHECK_DONE prints "NAME: N passed, M failed" and gives
 * the exit status.
 */
#ifndef BLOC_TESTS_CHECK_H
#define BLOC_TESTS_CHECK_H

#include <stdio.h>
#include <string.h>
#include <unistd.h>

static int check_passed, check_failed;

#define CHECK(cond, ...)                                                                           \
    do {                                                                                           \
        if (cond) {                                                                                \
            check_passed++;                                                                        \
        } else {                                                                                   \
            check_failed++;                                                                        \
            printf("FAIL %s:%d: ", __FILE__, __LINE__);                                            \
            printf(__VA_ARGS__);                                                                   \
            printf("\n");                                                                          \
        }                                                                                          \
    } while (0)

#define CHECK_STR(got, want)                                                                       \
    CHECK((got) && strcmp((got), (want)) == 0, "got \"%s\", want \"%s\"",                          \
          (got) ? (got) : "(null)", (want))

/* Remove a test database and the files SQLite keeps beside it. */
static inline void check_remove_db(const char *path)
{
    static const char *const suffix[] = {"", "-wal", "-shm", "-journal"};
    char p[512];
    for (size_t i = 0; i < sizeof suffix / sizeof *suffix; i++) {
        snprintf(p, sizeof p, "%s%s", path, suffix[i]);
        unlink(p);
    }
}

#define CHECK_DONE(name)                                                                           \
    (printf("%s: %d passed, %d failed\n", (name), check_passed, check_failed), check_failed ? 1 : 0)

#endif
