/*
 * tests/fuzz/fuzz_record.c - libFuzzer harness for the record-file loader
 * (src/record/load.c through bloc_load_buffer), and through its error
 * messages for jv_locate.
 *
 * One database on a temporary file (under $BLOC_FUZZ_TMP, else in /dev/shm
 * when there is one: the store fsyncs every commit) is opened with BLOC_OPEN_NO_BUNDLE and given a
 * small base record (sources, states, an organization, a person, a treaty) so that references in
 * the inputs can resolve. Each input is then loaded as "fuzz.json". Checked:
 * - the result is a bloc_rc; a failure of the input (EPARSE, EINVAL, ELIMIT)
 *   has a message "fuzz.json:LINE:COL: ..." (or "fuzz.json: ...") whose
 *   position lies inside the input;
 * - a success reports files == 1 and appended + skipped == facts, and loading
 *   the same input again succeeds and appends nothing (idempotence);
 * - nothing is half-applied: the log holds exactly the entries the successful
 *   loads reported (checked through bloc_log on every 64th failure and every
 *   64th success), and bloc_verify passes before the database is replaced;
 * - every 1000 loads that appended something, the database is reopened from
 *   its file (the model must rebuild), verified, and replaced by a fresh one,
 *   so the log stays small.
 */
#define _POSIX_C_SOURCE 200809L

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "bloc/bloc.h"
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define FAIL(...) FUZZ_FAIL("fuzz_record", __VA_ARGS__)

#define NAME "fuzz.json"
#ifndef REOPEN_EVERY
#define REOPEN_EVERY 1000
#endif
#ifndef CHECK_EVERY
#define CHECK_EVERY 64
#endif
#ifndef VERIFY_EVERY
#define VERIFY_EVERY 256
#endif

static const char base_record[] =
    "{\"sources\": ["
    " {\"id\": \"fz-src\", \"kind\": \"report\", \"publisher\": \"fuzz\", \"title\": \"base\"},"
    " {\"id\": \"fz-doc\", \"kind\": \"document\", \"publisher\": \"fuzz\","
    "  \"title\": \"treaty\", \"date\": \"1992-05-15\", \"url\": \"https://example.org/t\"},"
    " {\"id\": \"corpus:000_fuzz.txt\", \"kind\": \"article\", \"file\": \"000_fuzz.txt\","
    "  \"lang\": \"ru\", \"date\": \"2022-09\"}],"
    " \"actors\": ["
    " {\"id\": \"ARM\", \"type\": \"state\", \"cow\": 371, \"region\": \"asia\","
    "  \"names\": {\"en\": [\"Armenia\"], \"ru\": [\"\xd0\x90\xd1\x80\xd0\xbc\xd0\xb5\xd0\xbd"
    "\xd0\xb8\xd1\x8f\"]}, \"source\": \"fz-src\"},"
    " {\"id\": \"AZE\", \"type\": \"state\", \"region\": \"asia\", \"source\": \"fz-src\"},"
    " {\"id\": \"RUS\", \"type\": \"state\", \"region\": \"europe\", \"source\": \"fz-src\"},"
    " {\"id\": \"KAZ\", \"type\": \"state\", \"region\": \"asia\", \"source\": \"fz-src\"},"
    " {\"id\": \"CSTO\", \"type\": \"org\","
    "  \"names\": {\"en\": [\"Collective Security Treaty Organization\", \"CSTO\"]},"
    "  \"source\": \"fz-src\"},"
    " {\"id\": \"nikol-pashinyan\", \"type\": \"person\", \"state\": \"ARM\","
    "  \"source\": \"fz-src\"}],"
    " \"treaties\": ["
    " {\"id\": \"CST\", \"org\": \"CSTO\", \"title\": \"Collective Security Treaty\","
    "  \"signed\": \"1992-05-15\", \"source\": \"fz-doc\","
    "  \"phases\": [{\"date\": \"1994-04-20\", \"event\": \"in_force\", \"source\": \"fz-doc\"}],"
    "  \"provisions\": [{\"article\": \"4\", \"type\": \"defense\", \"from\": \"1994-04-20\","
    "   \"source\": \"fz-doc\"}]}],"
    " \"spells\": [{\"org\": \"CSTO\", \"state\": \"ARM\", \"status\": \"member\","
    "  \"from\": \"1994-04-20\", \"source\": \"fz-src\"}]"
    "}";

static char dir[256], path[320];
static bloc_db *db;
static int64_t expect;           /* entries the log must hold */
static unsigned long grown;      /* loads that appended, since the db was made */
static unsigned long nfail, nok; /* for the every-Nth checks */

static unsigned long nrotate, nappended; /* for BLOC_FUZZ_STATS */

static void cleanup(void)
{
    if (getenv("BLOC_FUZZ_STATS"))
        fprintf(stderr, "fuzz_record: %lu loads ok (%lu appended), %lu failed, %lu rotations\n",
                nok, nappended, nfail, nrotate);
    fuzz_drop(&db, path, dir);
}

/* Does the log have an entry seq? */
static int log_has(int64_t seq)
{
    char *out = NULL;
    int rc = bloc_log(db, seq, 1, BLOC_FMT_JSON, &out);
    if (rc != BLOC_OK)
        FAIL("bloc_log(%lld) failed (%d): %s", (long long)seq, rc, bloc_errmsg(db));
    int has = out && strstr(out, "\"seq\"") != NULL;
    bloc_free(out);
    return has;
}

static void check_count(const char *when)
{
    if ((expect > 0 && !log_has(expect)) || log_has(expect + 1))
        FAIL("after %s the log does not hold exactly %lld entries", when, (long long)expect);
}

static void verify(const char *when)
{
    char why[512];
    if (!fuzz_verified(db, expect, why, sizeof why))
        FAIL("%s: %s", when, why);
}

/* Make a fresh database holding the base record. */
static void fresh_db(void)
{
    char why[512];
    int64_t n = fuzz_fresh_db(&db, path, base_record, sizeof base_record - 1, why, sizeof why);
    if (n < 0)
        FAIL("%s", why);
    expect = n;
    grown = 0;
}

static void setup(void)
{
    if (!fuzz_temp_dir(dir, sizeof dir))
        FAIL("no writable temporary directory");
    snprintf(path, sizeof path, "%s/fuzz.db", dir);
    atexit(cleanup);
    fresh_db();
}

/* Reopen the file (the model must rebuild from the log), verify, then start over. */
static void rotate(void)
{
    verify("before reopening");
    bloc_close(db);
    db = NULL;
    int rc = bloc_open(path, BLOC_OPEN_NO_BUNDLE, &db);
    if (rc != BLOC_OK)
        FAIL("reopening the fuzzed log failed (%d): %s", rc, db ? bloc_errmsg(db) : "no memory");
    check_count("reopening");
    verify("after reopening");
    fresh_db();
    nrotate++;
}

/* Count the lines of text; a position past them is wrong. */
static long lines_of(const uint8_t *d, size_t n)
{
    long l = 1;
    for (size_t i = 0; i < n; i++)
        l += d[i] == '\n';
    return l;
}

/* The first line of a message about the input: "fuzz.json:L:C: ..." or "fuzz.json: ...". */
static void check_message(int rc, const uint8_t *data, size_t size)
{
    const char *m = bloc_errmsg(db);
    size_t k = strlen(NAME);
    if (strncmp(m, NAME, k) != 0 || m[k] != ':')
        FAIL("rc %d with a message not about " NAME ": %.300s", rc, m);
    if (m[k + 1] == ' ')
        return;
    char *end;
    long line = strtol(m + k + 1, &end, 10);
    if (*end != ':')
        FAIL("no line number in: %.300s", m);
    long col = strtol(end + 1, &end, 10);
    if (*end != ':' || line < 1 || col < 1 || line > lines_of(data, size))
        FAIL("position %ld:%ld is not in the input (%ld lines): %.300s", line, col,
             lines_of(data, size), m);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    bloc_load_stats st;
    if (!db)
        setup();

    memset(&st, 0xab, sizeof st);
    int rc = bloc_load_buffer(db, NAME, (const char *)data, size, &st);
    switch (rc) {
    case BLOC_OK: break;
    case BLOC_EPARSE:
    case BLOC_EINVAL:
    case BLOC_ELIMIT:
        check_message(rc, data, size);
        if (++nfail % CHECK_EVERY == 0)
            check_count("a failed load");
        return 0;
    default:
        FAIL("bloc_load_buffer returned %d (%s): %.300s", rc, bloc_strerror(rc), bloc_errmsg(db));
    }

    if (st.files != 1 || st.appended + st.skipped != st.facts)
        FAIL("stats: files %zu, facts %zu, appended %zu, skipped %zu", st.files, st.facts,
             st.appended, st.skipped);
    expect += (int64_t)st.appended;
    if (++nok % CHECK_EVERY == 0)
        check_count("a successful load");

    /* the same content again appends nothing */
    bloc_load_stats again;
    memset(&again, 0xab, sizeof again);
    rc = bloc_load_buffer(db, NAME, (const char *)data, size, &again);
    if (rc != BLOC_OK)
        FAIL("loading an input that loaded once fails the second time (%d): %.300s", rc,
             bloc_errmsg(db));
    if (again.appended != 0 || again.skipped != again.facts || again.facts != st.facts)
        FAIL("loading again: facts %zu (first %zu), appended %zu, skipped %zu", again.facts,
             st.facts, again.appended, again.skipped);

    if (st.appended) {
        nappended++;
        grown++;
        if (grown % VERIFY_EVERY == 0)
            verify("periodically");
        if (grown >= REOPEN_EVERY)
            rotate();
    }
    return 0;
}
