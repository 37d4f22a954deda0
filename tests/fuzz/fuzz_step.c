/*
 * tests/fuzz/fuzz_step.c - libFuzzer harness for the live crisis procedure
 * (src/procedure/procedure.c through bloc_step_apply), fed sequences of steps
 * built the way the server's ep_step (src/server/api.c) builds them.
 *
 * One database on a temporary file (under $BLOC_FUZZ_TMP, else in /dev/shm
 * when there is one: the store fsyncs every commit) is opened with
 * BLOC_OPEN_NO_BUNDLE and given a small base record: an organization TO whose
 * treaty decides by consensus from 2000 and by consensus_abstention from 2010,
 * with article 4 (defense) and 2 (consultation); members AAA BBB CCC from 2000,
 * DDD suspended, XXX an outsider. Cases stay from one input to the next until
 * the database is replaced.
 *
 * An input is a JSON array of steps, one step object, or JSON lines (one step a
 * line); anything that is not an object is skipped, and at most MAX_STEPS steps
 * are taken. A step's fields are action, role, user, state, for_state, on,
 * case, org, article, asked, attackers (array of strings), internal (bool),
 * proposal, position, size (integer), note. As the server does, a step with a
 * field of the wrong type (attackers not a list of at most 16 strings, internal
 * not a bool, size not an integer) is not taken. Defaults, so that sequences are
 * easy to reach and each run is deterministic: on "2011-05-02"; user
 * "ROLE-STATE"; case the last case this input filed.
 *
 * Checked for every step:
 * - the result is a bloc_rc; on BLOC_OK *out is a JSON object whose "id" starts
 *   "live:" (the step's case, or a case not seen before for an appeal) and whose
 *   "stage" is filed, convened, decided, deployed, completed or withdrawn and is
 *   the stage the step leads to (appeal filed, convene convened, position
 *   convened, decide decided or deployed, pledge deployed, complete completed,
 *   withdraw withdrawn); bloc_case then answers the same text; on failure *out
 *   is NULL and bloc_errmsg is not empty;
 * - the log: BLOC_OK appends at least one entry; BLOC_EDENIED and
 *   BLOC_ECONFLICT append the refusal, led at most by its user's source entry
 *   (1 or 2 entries, the last of kind "refusal"); BLOC_EINVAL, BLOC_ENOTFOUND
 *   and BLOC_EPARSE append nothing (nothing is half-applied); no other rc;
 * - a case's stage never goes backwards (a map case number -> stage), and a
 *   refused or invalid step leaves its case's stage as it was;
 * - every VERIFY_EVERY steps bloc_verify holds over exactly the entries
 *   counted;
 * - every REOPEN_EVERY appended entries, the database is reopened from its
 *   file (the model must rebuild), bloc_cases must answer byte for byte what it
 *   answered before, the log must hold the same entries and verify, and then
 *   the database is replaced by a fresh one, so the log stays small.
 */
#define _POSIX_C_SOURCE 200809L

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "bloc/bloc.h"
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define FAIL(...) FUZZ_FAIL("fuzz_step", __VA_ARGS__)

#ifndef REOPEN_EVERY
#define REOPEN_EVERY 2000
#endif
#ifndef VERIFY_EVERY
#define VERIFY_EVERY 256
#endif
#define MAX_STEPS   128
#define MAX_CASES   4096
#define DEFAULT_DAY "2011-05-02"

static const char base_record[] =
    "{\"sources\": ["
    " {\"id\": \"s1\", \"kind\": \"report\", \"publisher\": \"P\", \"title\": \"One\"}],"
    " \"actors\": ["
    " {\"id\": \"AAA\", \"type\": \"state\", \"source\": \"s1\"},"
    " {\"id\": \"BBB\", \"type\": \"state\", \"source\": \"s1\"},"
    " {\"id\": \"CCC\", \"type\": \"state\", \"source\": \"s1\"},"
    " {\"id\": \"DDD\", \"type\": \"state\", \"source\": \"s1\"},"
    " {\"id\": \"XXX\", \"type\": \"state\", \"source\": \"s1\"},"
    " {\"id\": \"TO\", \"type\": \"org\", \"source\": \"s1\"}],"
    " \"treaties\": ["
    " {\"id\": \"TT\", \"org\": \"TO\", \"title\": \"Test Treaty\", \"source\": \"s1\","
    "  \"phases\": [{\"date\": \"2000-01-01\", \"event\": \"in_force\","
    "   \"decision_rule\": \"consensus\", \"source\": \"s1\"},"
    "   {\"date\": \"2010-01-01\", \"event\": \"amendment\","
    "   \"decision_rule\": \"consensus_abstention\", \"source\": \"s1\"}],"
    "  \"provisions\": ["
    "   {\"article\": \"4\", \"type\": \"defense\", \"from\": \"2000-01-01\","
    "    \"conditions\": {\"on_request\": true}, \"source\": \"s1\"},"
    "   {\"article\": \"2\", \"type\": \"consultation\", \"from\": \"2000-01-01\","
    "    \"source\": \"s1\"}]}],"
    " \"spells\": ["
    " {\"org\": \"TO\", \"state\": \"AAA\", \"status\": \"member\", \"from\": \"2000-01-01\","
    "  \"source\": \"s1\"},"
    " {\"org\": \"TO\", \"state\": \"BBB\", \"status\": \"member\", \"from\": \"2000-01-01\","
    "  \"source\": \"s1\"},"
    " {\"org\": \"TO\", \"state\": \"CCC\", \"status\": \"member\", \"from\": \"2000-01-01\","
    "  \"source\": \"s1\"},"
    " {\"org\": \"TO\", \"state\": \"DDD\", \"status\": \"suspended\", \"from\": \"2000-01-01\","
    "  \"source\": \"s1\"}]"
    "}";

static const char *const stages[] = {"filed",    "convened",  "decided",
                                     "deployed", "completed", "withdrawn"};
#define NSTAGES (sizeof stages / sizeof *stages)

static char dir[256], path[320];
static bloc_db *db;
static int64_t expect, base_entries;       /* entries the log holds; of them, the base record's */
static unsigned long nsteps;               /* steps taken on this database */
static signed char rank_of[MAX_CASES + 1]; /* case N -> stage rank, -1 unknown */

static unsigned long nok, nrefused, ninvalid, nrotate; /* for BLOC_FUZZ_STATS */

static void cleanup(void)
{
    if (getenv("BLOC_FUZZ_STATS"))
        fprintf(stderr, "fuzz_step: %lu steps ok, %lu refused, %lu invalid, %lu rotations\n", nok,
                nrefused, ninvalid, nrotate);
    fuzz_drop(&db, path, dir);
}

/* ---- the log ---- */

typedef struct tail {
    int64_t n, first_seq;
    char first_kind[32], last_kind[32];
} tail;

static int tail_one(void *ud, const char *text)
{
    tail *t = ud;
    json_t *e = json_loads(text, 0, NULL);
    const char *kind = json_string_value(json_object_get(e, "kind"));
    if (!t->n++) {
        t->first_seq = json_integer_value(json_object_get(e, "seq"));
        snprintf(t->first_kind, sizeof t->first_kind, "%s", kind ? kind : "?");
    }
    snprintf(t->last_kind, sizeof t->last_kind, "%s", kind ? kind : "?");
    json_decref(e);
    return 0;
}

/* The entries after the first `from - 1`. */
static tail log_tail(int64_t from)
{
    tail t;
    memset(&t, 0, sizeof t);
    int rc = bloc_log_each(db, from, 0, BLOC_FMT_JSON, tail_one, &t);
    if (rc != BLOC_OK)
        FAIL("bloc_log_each(%lld) failed (%d): %s", (long long)from, rc, bloc_errmsg(db));
    return t;
}

static void verify(const char *when)
{
    char why[512];
    if (!fuzz_verified(db, expect, why, sizeof why))
        FAIL("%s: %s", when, why);
}

/* ---- the database ---- */

static void fresh_db(void)
{
    char why[512];
    int64_t n = fuzz_fresh_db(&db, path, base_record, sizeof base_record - 1, why, sizeof why);
    if (n < 0)
        FAIL("%s", why);
    expect = base_entries = n;
    nsteps = 0;
    memset(rank_of, -1, sizeof rank_of);
}

static void setup(void)
{
    if (!fuzz_temp_dir(dir, sizeof dir))
        FAIL("no writable temporary directory");
    snprintf(path, sizeof path, "%s/fuzz.db", dir);
    atexit(cleanup);
    fresh_db();
}

static char *all_cases(const char *when)
{
    char *out = NULL;
    int rc = bloc_cases(db, NULL, BLOC_FMT_JSON, &out);
    if (rc != BLOC_OK || !out)
        FAIL("bloc_cases %s failed (%d): %s", when, rc, bloc_errmsg(db));
    return out;
}

/* Reopen the file (the model must rebuild from the log): the same cases, the
 * same entries; then start over. */
static void rotate(void)
{
    verify("before reopening");
    char *before = all_cases("before reopening");
    bloc_close(db);
    db = NULL;
    int rc = bloc_open(path, BLOC_OPEN_NO_BUNDLE, &db);
    if (rc != BLOC_OK)
        FAIL("reopening the fuzzed log failed (%d): %s", rc, db ? bloc_errmsg(db) : "no memory");
    char *after = all_cases("after reopening");
    if (strcmp(before, after) != 0) {
        size_t i = 0;
        while (before[i] && before[i] == after[i])
            i++;
        FAIL("bloc_cases differs after reopening, at byte %zu:\nbefore: %.200s\nafter:  %.200s", i,
             before + (i > 40 ? i - 40 : 0), after + (i > 40 ? i - 40 : 0));
    }
    bloc_free(before);
    bloc_free(after);
    tail t = log_tail(expect);
    if (t.n != 1 || t.first_seq != expect)
        FAIL("after reopening the log does not end at entry %lld", (long long)expect);
    verify("after reopening");
    fresh_db();
    nrotate++;
}

/* ---- a case's stage ---- */

static int stage_rank(const char *s)
{
    for (size_t i = 0; s && i < NSTAGES; i++)
        if (strcmp(stages[i], s) == 0)
            return (int)i;
    return -1;
}

/* The number N of "live:N" when it is a plain number in range, else 0. */
static long case_number(const char *id)
{
    if (!id || strncmp(id, "live:", 5) != 0 || id[5] < '1' || id[5] > '9')
        return 0;
    char *end;
    long n = strtol(id + 5, &end, 10);
    return !*end && n > 0 && n <= MAX_CASES ? n : 0;
}

/* The case as bloc_case answers it (JSON text, freed by the caller). */
static char *read_case(const char *id)
{
    char *out = NULL;
    int rc = bloc_case(db, id, BLOC_FMT_JSON, &out);
    if (rc != BLOC_OK || !out)
        FAIL("bloc_case(%s) of a case a step answered failed (%d): %s", id, rc, bloc_errmsg(db));
    return out;
}

static int rank_in(const char *text, const char *id)
{
    json_t *c = json_loads(text, 0, NULL);
    int r = stage_rank(json_string_value(json_object_get(c, "stage")));
    if (r < 0)
        FAIL("case %s has no stage we know: %.300s", id, text);
    json_decref(c);
    return r;
}

/* The stages a successful step may lead to: a bit per rank. */
static unsigned leads_to(const char *action)
{
    return strcmp(action, "appeal") == 0     ? 1u << 0
           : strcmp(action, "convene") == 0  ? 1u << 1
           : strcmp(action, "position") == 0 ? 1u << 1
           : strcmp(action, "decide") == 0   ? 1u << 2 | 1u << 3
           : strcmp(action, "pledge") == 0   ? 1u << 3
           : strcmp(action, "complete") == 0 ? 1u << 4
           : strcmp(action, "withdraw") == 0 ? 1u << 5
                                             : 0;
}

/* ---- one step ---- */

/* A string field: 1 and *out (NULL when absent), 0 when of another type. */
static int str_field(const json_t *o, const char *key, const char **out)
{
    const json_t *v = json_object_get(o, key);
    *out = json_string_value(v);
    return !v || json_is_string(v);
}

/* A step succeeded: check its answer; an appeal's case becomes the input's last case. */
static void check_ok(const bloc_step *st, const char *out, char *last_case, size_t len)
{
    if (!out)
        FAIL("%s: BLOC_OK without an answer", st->action);
    json_t *c = json_loads(out, 0, NULL);
    if (!json_is_object(c))
        FAIL("%s: the answer is not a JSON object: %.300s", st->action, out);
    const char *id = json_string_value(json_object_get(c, "id"));
    const char *sg = json_string_value(json_object_get(c, "stage"));
    if (!id || strncmp(id, "live:", 5) != 0)
        FAIL("%s: the answer's id is not live:N: %.300s", st->action, out);
    int r = stage_rank(sg);
    if (r < 0)
        FAIL("%s: the answer's stage is not one we know: %.300s", st->action, out);
    int appeal = strcmp(st->action, "appeal") == 0;
    if (!appeal && strcmp(id, st->case_id) != 0)
        FAIL("%s on %s answered case %s", st->action, st->case_id, id);
    if (!(leads_to(st->action) & 1u << r))
        FAIL("%s on %s left the case %s", st->action, id, sg);
    char *again = read_case(id);
    if (strcmp(again, out) != 0)
        FAIL("bloc_case(%s) does not answer what the step did:\nstep: %.300s\ncase: %.300s", id,
             out, again);
    bloc_free(again);
    long n = case_number(id);
    if (n) {
        if (appeal && rank_of[n] >= 0)
            FAIL("appeal filed %s, a case that was there already", id);
        if (r < rank_of[n])
            FAIL("%s took %s back from %s to %s", st->action, id, stages[rank_of[n]], sg);
        rank_of[n] = (signed char)r;
    }
    if (appeal)
        snprintf(last_case, len, "%s", id);
    json_decref(c);
}

/* Take the step o; last_case (len bytes) is the case the input filed last. */
static void take(const json_t *o, char *last_case, size_t len)
{
    bloc_step st;
    const char *att[16];
    char user[96], case_id[32];
    memset(&st, 0, sizeof st);
    int ok = str_field(o, "action", &st.action) && str_field(o, "role", &st.role) &&
             str_field(o, "user", &st.user) && str_field(o, "state", &st.state) &&
             str_field(o, "for_state", &st.for_state) && str_field(o, "on", &st.on) &&
             str_field(o, "case", &st.case_id) && str_field(o, "org", &st.org) &&
             str_field(o, "article", &st.article) && str_field(o, "asked", &st.asked) &&
             str_field(o, "proposal", &st.proposal) && str_field(o, "position", &st.position) &&
             str_field(o, "note", &st.note);
    const json_t *a = json_object_get(o, "attackers"), *in = json_object_get(o, "internal"),
                 *size = json_object_get(o, "size");
    if (!ok || (a && (!json_is_array(a) || json_array_size(a) > 16)) ||
        (in && !json_is_boolean(in)) || (size && !json_is_integer(size)))
        return; /* the server answers 400 without taking the step */
    for (size_t i = 0; a && i < json_array_size(a); i++)
        if (!(att[st.nattackers++] = json_string_value(json_array_get(a, i))))
            return;
    st.attackers = att;
    st.internal = json_is_true(in);
    st.size = json_integer_value(size);
    if (!json_object_get(o, "on"))
        st.on = DEFAULT_DAY;
    if (!json_object_get(o, "user")) {
        snprintf(user, sizeof user, "%.40s-%.40s", st.role ? st.role : "x",
                 st.state ? st.state : "x");
        st.user = user;
    }
    if (!json_object_get(o, "case") && *last_case) {
        snprintf(case_id, sizeof case_id, "%s", last_case);
        st.case_id = case_id;
    }
    /* the case as it stood, to see that a failed step leaves it so */
    long n = case_number(st.case_id);
    int had = n ? rank_of[n] : -1;

    char *out = (char *)"unset";
    int rc = bloc_step_apply(db, &st, &out);
    nsteps++;
    if (rc < BLOC_OK || rc > BLOC_ECONFLICT)
        FAIL("bloc_step_apply returned %d, not a bloc_rc", rc);
    tail t = log_tail(expect + 1);
    const char *what = st.action ? st.action : "(no action)";
    if (rc == BLOC_OK) {
        if (t.n < 1)
            FAIL("%s succeeded and appended nothing", what);
        check_ok(&st, out, last_case, len);
        bloc_free(out);
        nok++;
    } else {
        const char *msg = bloc_errmsg(db);
        if (out)
            FAIL("%s failed (%d) but *out is set", what, rc);
        if (!msg || !*msg)
            FAIL("%s failed (%d) without a message", what, rc);
        switch (rc) {
        case BLOC_EDENIED:
        case BLOC_ECONFLICT:
            nrefused++;
            if (t.n < 1 || t.n > 2 || strcmp(t.last_kind, "refusal") != 0 ||
                (t.n == 2 && strcmp(t.first_kind, "source") != 0))
                FAIL("%s refused (%s: %s) appended %lld entries (%s ... %s), not its refusal", what,
                     bloc_strerror(rc), msg, (long long)t.n, t.first_kind, t.last_kind);
            break;
        case BLOC_EINVAL:
        case BLOC_ENOTFOUND:
        case BLOC_EPARSE:
            ninvalid++;
            if (t.n != 0)
                FAIL("%s failed (%s: %s) but appended %lld entries (%s ... %s)", what,
                     bloc_strerror(rc), msg, (long long)t.n, t.first_kind, t.last_kind);
            break;
        default: FAIL("%s failed with %d (%s): %s", what, rc, bloc_strerror(rc), msg);
        }
        if (had >= 0) {
            char *now = read_case(st.case_id);
            int r = rank_in(now, st.case_id);
            if (r != had)
                FAIL("%s failed (%s: %s) but moved %s from %s to %s", what, bloc_strerror(rc), msg,
                     st.case_id, stages[had], stages[r]);
            bloc_free(now);
        }
    }
    expect += t.n;
    if (nsteps % VERIFY_EVERY == 0)
        verify("periodically");
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!db)
        setup();
    char last_case[32] = "";
    size_t steps = 0;
    json_t *doc = json_loadb((const char *)data, size, 0, NULL);
    if (doc) {
        if (json_is_object(doc))
            take(doc, last_case, sizeof last_case);
        for (size_t i = 0; json_is_array(doc) && i < json_array_size(doc) && steps < MAX_STEPS;
             i++) {
            const json_t *o = json_array_get(doc, i);
            if (json_is_object(o)) {
                take(o, last_case, sizeof last_case);
                steps++;
            }
        }
        json_decref(doc);
    } else { /* JSON lines */
        const char *p = (const char *)data, *end = p + size;
        while (p < end && steps < MAX_STEPS) {
            const char *nl = memchr(p, '\n', (size_t)(end - p));
            size_t len = nl ? (size_t)(nl - p) : (size_t)(end - p);
            json_t *o = json_loadb(p, len, 0, NULL);
            if (json_is_object(o)) {
                take(o, last_case, sizeof last_case);
                steps++;
            }
            json_decref(o);
            p += len + 1;
        }
    }
    if (expect - base_entries >= REOPEN_EVERY)
        rotate();
    return 0;
}
