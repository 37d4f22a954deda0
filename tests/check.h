/*
 * tests/check.h - the smallest test harness: CHECK counts, prints each failure
 * with its place, and CHECK_DONE prints "NAME: N passed, M failed" and gives
 * the exit status.
 */
#ifndef BLOC_TESTS_CHECK_H
#define BLOC_TESTS_CHECK_H

#include <stdio.h>
#include <stdlib.h>
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

/* A fresh file name under /tmp for a test database (the file exists, empty).
 * Returns 0, with a failed check, if none could be made. */
static inline int check_temp_path(char *path, size_t n, const char *tag)
{
    snprintf(path, n, "/tmp/bloc-test-%s-XXXXXX", tag);
    int fd = mkstemp(path);
    if (fd < 0) {
        check_failed++;
        printf("FAIL %s: mkstemp failed\n", path);
        path[0] = '\0';
        return 0;
    }
    close(fd);
    return 1;
}

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
