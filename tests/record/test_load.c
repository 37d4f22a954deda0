/*
 * tests/record/test_load.c - loading record files (src/record/load.c) and
 * retracting entries (src/db/db.c), through the public API only, on temporary
 * databases without the bundled record.
 *
 * What a user notices: a valid record loads and loading it again changes
 * nothing; a record with any problem is refused whole, with every problem as
 * "file:line:col: what is wrong" pointing at the value at fault, and the log
 * does not grow by a single entry; files of one load may refer to each other;
 * a retracted spell no longer shows.
 */
#define _POSIX_C_SOURCE 200809L

#include <jansson.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "bloc/bloc.h"
#include "check.h"

/* ---- the record ---- */

/* A small valid record: 2 sources, 4 actors (6 names), a treaty with a phase and a
 * provision, 2 spells (one with two sources) and an office: 19 facts. */
static const char base[] =
    "{\n"
    "  \"sources\": [\n"
    "    {\"id\": \"t-doc\", \"kind\": \"document\", \"publisher\": \"Test Org\", \"title\": "
    "\"Test Treaty\", \"date\": \"2001-02-03\"},\n"
    "    {\"id\": \"t-art\", \"kind\": \"article\", \"file\": \"001_test.txt\", \"lang\": "
    "\"en\", \"date\": \"2022-09-13\"}\n"
    "  ],\n"
    "  \"actors\": [\n"
    "    {\"id\": \"AAA\", \"type\": \"state\", \"cow\": 1, \"region\": \"europe\", \"names\": "
    "{\"en\": [\"Aland\"], \"ru\": [\"Аланд\"]}, \"source\": \"t-doc\"},\n"
    "    {\"id\": \"BBB\", \"type\": \"state\", \"region\": \"asia\", \"names\": {\"en\": "
    "[\"Bland\"]}, \"source\": \"t-doc\"},\n"
    "    {\"id\": \"TO\", \"type\": \"org\", \"names\": {\"en\": [\"Test Organization\", "
    "\"TO\"]}, \"source\": \"t-doc\"},\n"
    "    {\"id\": \"ann-smith\", \"type\": \"person\", \"state\": \"AAA\", \"names\": {\"en\": "
    "[\"Ann Smith\"]}, \"source\": \"t-doc\"}\n"
    "  ],\n"
    "  \"treaties\": [\n"
    "    {\"id\": \"TT\", \"org\": \"TO\", \"title\": \"Test Treaty\", \"signed\": \"2001-02-03\", "
    "\"source\": \"t-doc\",\n"
    "     \"phases\": [{\"date\": \"2001-02-03\", \"event\": \"in_force\", \"decision_rule\": "
    "\"consensus\", \"source\": \"t-doc\"}],\n"
    "     \"provisions\": [{\"article\": \"5\", \"type\": \"defense\", \"from\": \"2001-02-03\", "
    "\"conditions\": {\"on_request\": true}, \"text\": \"All for one.\", \"source\": "
    "\"t-doc\"}]}\n"
    "  ],\n"
    "  \"spells\": [\n"
    "    {\"org\": \"TO\", \"state\": \"AAA\", \"status\": \"member\", \"from\": \"2001-02-03\", "
    "\"source\": \"t-doc\"},\n"
    "    {\"org\": \"TO\", \"state\": \"BBB\", \"status\": \"member\", \"from\": \"2001-02-03\", "
    "\"to\": \"2010\", \"source\": [\"t-doc\", \"t-art\"]}\n"
    "  ],\n"
    "  \"offices\": [\n"
    "    {\"org\": \"TO\", \"office\": \"chair\", \"state\": \"AAA\", \"holder\": \"ann-smith\", "
    "\"from\": \"2020-01-01\", \"to\": \"2021-01-01\", \"source\": \"t-doc\"}\n"
    "  ]\n"
    "}\n";
#define BASE_FACTS 19

/* The first two lines of every bad record: a valid new source that must not be
 * appended when the rest of the file is refused. */
#define HEAD                                                                                       \
    "{\n"                                                                                          \
    "  \"sources\": [{\"id\": \"t-new\", \"kind\": \"report\", \"publisher\": \"P\", \"title\": "  \
    "\"T\"}],\n"

/* ---- helpers ---- */

/* A char array as a pointer (CHECK_STR tests its argument for NULL). */
static const char *S(const char *s)
{
    return s;
}

static bloc_db *open_empty(char *path, size_t n)
{
    bloc_db *db = NULL;
    check_temp_path(path, n, "load");
    if (!path[0])
        return NULL;
    int rc = bloc_open(path, BLOC_OPEN_NO_BUNDLE, &db);
    CHECK(rc == BLOC_OK && db, "bloc_open %s: rc %d: %s", path, rc, bloc_errmsg(db));
    if (rc) {
        bloc_close(db);
        check_remove_db(path);
        return NULL;
    }
    return db;
}

static int write_file(const char *path, const char *text)
{
    FILE *f = fopen(path, "wb");
    if (!f)
        return -1;
    size_t n = strlen(text);
    int rc = fwrite(text, 1, n, f) == n ? 0 : -1;
    if (fclose(f))
        rc = -1;
    return rc;
}

/* Entries in the log, by verifying the chain. */
static int64_t entries(bloc_db *db)
{
    bloc_verify_report r;
    int rc = bloc_verify(db, &r);
    CHECK(rc == BLOC_OK, "verify: rc %d: %s (%s)", rc, bloc_errmsg(db), r.reason);
    return r.entries;
}

/* The log as JSON (bloc_log), parsed; NULL on failure. */
static json_t *log_json(bloc_db *db)
{
    char *out = NULL;
    int rc = bloc_log(db, 1, 0, BLOC_FMT_JSON, &out);
    CHECK(rc == BLOC_OK && out, "bloc_log: rc %d: %s", rc, bloc_errmsg(db));
    json_error_t e;
    json_t *j = out ? json_loads(out, 0, &e) : NULL;
    CHECK(j != NULL, "bloc_log output is not JSON");
    bloc_free(out);
    return j;
}

/* Entries in the log, by listing it. */
static int64_t log_entries(bloc_db *db)
{
    json_t *j = log_json(db);
    int64_t n = j ? (int64_t)json_array_size(json_object_get(j, "entries")) : -1;
    json_decref(j);
    return n;
}

/* The seq of the first entry of kind with slots[0..1] = s0, s1; 0 if none. */
static int64_t find_entry(bloc_db *db, const char *kind, const char *s0, const char *s1)
{
    json_t *j = log_json(db), *es = json_object_get(j, "entries"), *e;
    size_t i;
    int64_t seq = 0;
    json_array_foreach(es, i, e)
    {
        json_t *slots = json_object_get(e, "slots");
        const char *k = json_string_value(json_object_get(e, "kind"));
        const char *a = json_string_value(json_array_get(slots, 0));
        const char *b = json_string_value(json_array_get(slots, 1));
        if (k && a && b && !strcmp(k, kind) && !strcmp(a, s0) && !strcmp(b, s1)) {
            seq = (int64_t)json_integer_value(json_object_get(e, "seq"));
            break;
        }
    }
    json_decref(j);
    return seq;
}

/* The states bloc_members lists for org on a day, as one space-separated string. */
static void members_of(bloc_db *db, const char *org, const char *on, char *list, size_t n)
{
    char *out = NULL;
    list[0] = '\0';
    int rc = bloc_members(db, org, on, BLOC_FMT_JSON, &out);
    CHECK(rc == BLOC_OK, "members %s %s: rc %d: %s", org, on, rc, bloc_errmsg(db));
    json_error_t e;
    json_t *j = out ? json_loads(out, 0, &e) : NULL, *m;
    size_t i;
    json_array_foreach(json_object_get(j, "members"), i, m)
    {
        const char *s = json_string_value(json_object_get(m, "state"));
        size_t len = strlen(list);
        snprintf(list + len, n - len, "%s%s", len ? " " : "", s ? s : "?");
    }
    json_decref(j);
    bloc_free(out);
}

/* The first line of msg into line. */
static const char *first_line(const char *msg, char *line, size_t n)
{
    size_t k = strcspn(msg, "\n");
    if (k >= n)
        k = n - 1;
    memcpy(line, msg, k);
    line[k] = '\0';
    return line;
}

static size_t count_lines(const char *msg)
{
    size_t n = *msg ? 1 : 0;
    for (; *msg; msg++)
        n += *msg == '\n';
    return n;
}

static size_t count_substr(const char *s, const char *sub)
{
    size_t n = 0;
    for (const char *p = strstr(s, sub); p; p = strstr(p + 1, sub))
        n++;
    return n;
}

/*
 * Load text as `name`; it must be refused with rc want_rc, the message's first
 * line must be exactly want_first (or start with it, when prefix), and the log
 * must not grow.
 */
static void refused(int line, bloc_db *db, const char *name, const char *text, int want_rc,
                    const char *want_first, int prefix)
{
    char got[1024];
    int64_t before = entries(db);
    bloc_load_stats st;
    memset(&st, 0xab, sizeof st);
    int rc = bloc_load_buffer(db, name, text, strlen(text), &st);
    CHECK(rc == want_rc, "(line %d) %s: rc %d, want %d (%s)", line, name, rc, want_rc,
          bloc_errmsg(db));
    first_line(bloc_errmsg(db), got, sizeof got);
    if (prefix)
        CHECK(strncmp(got, want_first, strlen(want_first)) == 0,
              "(line %d) message \"%s\" does not start with \"%s\"", line, got, want_first);
    else
        CHECK(strcmp(got, want_first) == 0, "(line %d) message \"%s\", want \"%s\"", line, got,
              want_first);
    CHECK(entries(db) == before, "(line %d) %s: the log grew from %lld to %lld", line, name,
          (long long)before, (long long)entries(db));
    CHECK(log_entries(db) == before, "(line %d) %s: bloc_log lists %lld entries, want %lld", line,
          name, (long long)log_entries(db), (long long)before);
}

#define REFUSED(db, name, text, rc, first)        refused(__LINE__, db, name, text, rc, first, 0)
#define REFUSED_PREFIX(db, name, text, rc, first) refused(__LINE__, db, name, text, rc, first, 1)

/* ---- tests ---- */

static void test_valid_and_idempotent(bloc_db *db)
{
    bloc_load_stats st;
    CHECK(entries(db) == 0, "a NO_BUNDLE database is not empty: %lld", (long long)entries(db));
    memset(&st, 0, sizeof st);
    int rc = bloc_load_buffer(db, "base.json", base, strlen(base), &st);
    CHECK(rc == BLOC_OK, "loading the base record: rc %d: %s", rc, bloc_errmsg(db));
    CHECK(st.files == 1, "stats.files %zu, want 1", st.files);
    CHECK(st.facts == BASE_FACTS, "stats.facts %zu, want %d", st.facts, BASE_FACTS);
    CHECK(st.appended == BASE_FACTS, "stats.appended %zu, want %d", st.appended, BASE_FACTS);
    CHECK(st.skipped == 0, "stats.skipped %zu, want 0", st.skipped);
    CHECK(entries(db) == BASE_FACTS, "log has %lld entries, want %d", (long long)entries(db),
          BASE_FACTS);
    CHECK(log_entries(db) == BASE_FACTS, "bloc_log lists %lld entries, want %d",
          (long long)log_entries(db), BASE_FACTS);

    /* What was loaded can be asked. */
    char list[256];
    members_of(db, "TO", "2005-01-01", list, sizeof list);
    CHECK_STR(S(list), "AAA BBB");
    members_of(db, "Test Organization", "2011-01-01", list, sizeof list);
    CHECK_STR(S(list), "AAA");
    members_of(db, "TO", "2000-12-31", list, sizeof list);
    CHECK_STR(S(list), "");
    char *out = NULL;
    rc = bloc_chair(db, "TO", "2020-06-01", BLOC_FMT_JSON, &out);
    CHECK(rc == BLOC_OK && out && strstr(out, "\"Ann Smith\"") && strstr(out, "\"AAA\""),
          "chair of TO in 2020: rc %d: %s", rc, out ? out : bloc_errmsg(db));
    bloc_free(out);

    /* Loading it again appends nothing. */
    memset(&st, 0, sizeof st);
    rc = bloc_load_buffer(db, "base.json", base, strlen(base), &st);
    CHECK(rc == BLOC_OK, "loading the base record again: rc %d: %s", rc, bloc_errmsg(db));
    CHECK(st.files == 1 && st.facts == BASE_FACTS, "again: files %zu facts %zu", st.files,
          st.facts);
    CHECK(st.appended == 0, "again: appended %zu, want 0", st.appended);
    CHECK(st.skipped == BASE_FACTS, "again: skipped %zu, want %d", st.skipped, BASE_FACTS);
    CHECK(entries(db) == BASE_FACTS, "again: the log has %lld entries", (long long)entries(db));
    /* NULL stats are allowed. */
    rc = bloc_load_buffer(db, "base.json", base, strlen(base), NULL);
    CHECK(rc == BLOC_OK && entries(db) == BASE_FACTS, "third load: rc %d, %lld entries", rc,
          (long long)entries(db));

    /* The same facts under another file name and with other white space are the same. */
    char *flat = malloc(sizeof base);
    if (flat) {
        size_t k = 0;
        for (size_t i = 0; base[i]; i++)
            if (base[i] != '\n')
                flat[k++] = base[i];
        flat[k] = '\0';
        memset(&st, 0, sizeof st);
        rc = bloc_load_buffer(db, "other.json", flat, k, &st);
        CHECK(rc == BLOC_OK && st.appended == 0 && st.skipped == BASE_FACTS,
              "the same record on one line: rc %d, appended %zu", rc, st.appended);
        free(flat);
    }

    /* A new fact among known ones: only it is appended. */
    static const char more[] =
        "{\"spells\": [{\"org\": \"TO\", \"state\": \"BBB\", \"status\": \"observer\", \"from\": "
        "\"2010\", \"source\": \"t-art\"},\n"
        "  {\"org\": \"TO\", \"state\": \"AAA\", \"status\": \"member\", \"from\": \"2001-02-03\", "
        "\"source\": \"t-doc\"}]}";
    memset(&st, 0, sizeof st);
    rc = bloc_load_buffer(db, "more.json", more, strlen(more), &st);
    CHECK(rc == BLOC_OK && st.facts == 2 && st.appended == 1 && st.skipped == 1,
          "one new fact: rc %d, facts %zu, appended %zu, skipped %zu: %s", rc, st.facts,
          st.appended, st.skipped, bloc_errmsg(db));
    CHECK(entries(db) == BASE_FACTS + 1, "one new fact: %lld entries", (long long)entries(db));
}

static void test_errors(bloc_db *db)
{
    /* Unknown state code in a spell: points at the code. */
    REFUSED(db, "e1.json",
            HEAD "  \"spells\": [\n"
                 "    {\"org\": \"TO\", \"state\": \"ARN\", \"status\": \"member\", \"from\": "
                 "\"2001\", \"source\": \"t-doc\"}\n"
                 "  ]\n"
                 "}\n",
            BLOC_EINVAL, "e1.json:4:28: unknown state \"ARN\"");

    /* An impossible date: points at the date, says why. */
    REFUSED(db, "e2.json",
            HEAD "  \"spells\": [\n"
                 "    {\"org\": \"TO\", \"state\": \"AAA\", \"status\": \"member\", \"from\": "
                 "\"2023-02-29\", \"source\": \"t-doc\"}\n"
                 "  ]\n"
                 "}\n",
            BLOC_EINVAL, "e2.json:4:63: bad date \"2023-02-29\": 2023-02 has 28 days");

    /* Broken JSON: a missing comma between two sources (noticed at the next one). */
    REFUSED_PREFIX(db, "e3.json",
                   "{\n"
                   "  \"sources\": [\n"
                   "    {\"id\": \"t-new\", \"kind\": \"report\", \"publisher\": \"P\", \"title\": "
                   "\"T\"}\n"
                   "    {\"id\": \"t-new2\", \"kind\": \"report\", \"publisher\": \"P\", "
                   "\"title\": \"T\"}\n"
                   "  ]\n"
                   "}\n",
                   BLOC_EPARSE, "e3.json:4:5: ");
    /* A missing comma inside a line. */
    REFUSED_PREFIX(db, "e3b.json",
                   HEAD "  \"spells\": [\n"
                        "    {\"org\": \"TO\" \"state\": \"AAA\"}\n"
                        "  ]\n"
                        "}\n",
                   BLOC_EPARSE, "e3b.json:4:");
    {
        char got[256];
        first_line(bloc_errmsg(db), got, sizeof got);
        int col = 0;
        CHECK(sscanf(got, "e3b.json:4:%d:", &col) == 1 && col >= 18 && col <= 24,
              "missing comma: \"%s\", want a column at \"state\" (18..24)", got);
    }

    /* A typo in a field name. */
    REFUSED(db, "e4.json",
            HEAD "  \"spells\": [\n"
                 "    {\"org\": \"TO\", \"state\": \"AAA\", \"status\": \"member\", \"from\": "
                 "\"2001\", \"source\": \"t-doc\", \"nte\": \"typo\"}\n"
                 "  ]\n"
                 "}\n",
            BLOC_EINVAL, "e4.json:4:97: unknown field \"nte\"");
    REFUSED(db, "e4b.json",
            HEAD "  \"spels\": []\n"
                 "}\n",
            BLOC_EINVAL, "e4b.json:3:12: unknown field \"spels\"");

    /* A fact without its source: points at the fact. */
    REFUSED(db, "e5.json",
            HEAD "  \"spells\": [\n"
                 "    {\"org\": \"TO\", \"state\": \"AAA\", \"status\": \"member\", \"from\": "
                 "\"2001\"}\n"
                 "  ]\n"
                 "}\n",
            BLOC_EINVAL, "e5.json:4:5: missing field \"source\": every fact needs its source");

    /* An unknown source id, alone and in a list. */
    REFUSED(db, "e6.json",
            HEAD "  \"spells\": [\n"
                 "    {\"org\": \"TO\", \"state\": \"AAA\", \"status\": \"member\", \"from\": "
                 "\"2001\", \"source\": \"t-nope\"}\n"
                 "  ]\n"
                 "}\n",
            BLOC_EINVAL, "e6.json:4:81: unknown source \"t-nope\"");
    REFUSED(db, "e6b.json",
            HEAD "  \"spells\": [\n"
                 "    {\"org\": \"TO\", \"state\": \"AAA\", \"status\": \"member\", \"from\": "
                 "\"2001\", \"source\": [\"t-doc\", \"t-nope\"]}\n"
                 "  ]\n"
                 "}\n",
            BLOC_EINVAL, "e6b.json:4:91: unknown source \"t-nope\"");

    /* `to` before or equal to `from`: points at `to`. */
    REFUSED(db, "e7.json",
            HEAD "  \"spells\": [\n"
                 "    {\"org\": \"TO\", \"state\": \"AAA\", \"status\": \"member\", \"from\": "
                 "\"2005-01-01\", \"to\": \"2004\", \"source\": \"t-doc\"}\n"
                 "  ]\n"
                 "}\n",
            BLOC_EINVAL, "e7.json:4:83: \"to\" must come after \"from\"");
    REFUSED(db, "e7b.json",
            HEAD "  \"spells\": [\n"
                 "    {\"org\": \"TO\", \"state\": \"AAA\", \"status\": \"member\", \"from\": "
                 "\"2005-01-01\", \"to\": \"2005-01-01\", \"source\": \"t-doc\"}\n"
                 "  ]\n"
                 "}\n",
            BLOC_EINVAL, "e7b.json:4:83: \"to\" must come after \"from\"");

    /* An article source must name its file. */
    REFUSED(
        db, "e8.json",
        "{\n"
        "  \"sources\": [\n"
        "    {\"id\": \"t-new\", \"kind\": \"report\", \"publisher\": \"P\", \"title\": \"T\"},\n"
        "    {\"id\": \"t-art2\", \"kind\": \"article\", \"lang\": \"en\", \"date\": \"2022\"}\n"
        "  ]\n"
        "}\n",
        BLOC_EINVAL, "e8.json:4:5: an article source names its \"file\" in the corpus");

    /* Wrong types. */
    REFUSED(db, "e9.json",
            HEAD "  \"spells\": [\n"
                 "    {\"org\": \"TO\", \"state\": \"AAA\", \"status\": \"member\", \"from\": "
                 "2005, \"source\": \"t-doc\"}\n"
                 "  ]\n"
                 "}\n",
            BLOC_EINVAL, "e9.json:4:63: \"from\" must be a string, not an integer");
    REFUSED(db, "e9b.json",
            HEAD "  \"spells\": [\n"
                 "    {\"org\": \"TO\", \"state\": \"AAA\", \"status\": \"member\", \"from\": "
                 "\"2005\", \"source\": 7}\n"
                 "  ]\n"
                 "}\n",
            BLOC_EINVAL, "e9b.json:4:81: \"source\" must be a source id or a list of them");
    REFUSED(db, "e9c.json",
            HEAD "  \"spells\": {}\n"
                 "}\n",
            BLOC_EINVAL, "e9c.json:3:13: \"spells\" is a list");
    REFUSED(db, "e9d.json",
            HEAD "  \"spells\": [\n"
                 "    {\"org\": \"TO\", \"state\": \"AAA\", \"status\": [\"member\"], \"from\": "
                 "\"2005\", \"source\": \"t-doc\"}\n"
                 "  ]\n"
                 "}\n",
            BLOC_EINVAL, "e9d.json:4:45: \"status\" must be a string, not an array");
    REFUSED(db, "e9e.json",
            HEAD "  \"actors\": [\n"
                 "    {\"id\": \"CCC\", \"type\": \"state\", \"cow\": \"12\", \"source\": "
                 "\"t-doc\"}\n"
                 "  ]\n"
                 "}\n",
            BLOC_EINVAL, "e9e.json:4:43: \"cow\" is a Correlates of War state number (1-9999)");
    REFUSED(db, "e9f.json", "[1, 2]", BLOC_EINVAL,
            "e9f.json:1:1: a record file is one JSON object");

    /* A state where an organization is wanted, and the other way round. */
    REFUSED(db, "e10.json",
            HEAD "  \"spells\": [\n"
                 "    {\"org\": \"AAA\", \"state\": \"TO\", \"status\": \"member\", \"from\": "
                 "\"2005\", \"source\": \"t-doc\"}\n"
                 "  ]\n"
                 "}\n",
            BLOC_EINVAL, "e10.json:4:13: unknown organization \"AAA\"");

    /* A value outside its vocabulary. */
    REFUSED_PREFIX(db, "e11.json",
                   HEAD
                   "  \"spells\": [\n"
                   "    {\"org\": \"TO\", \"state\": \"AAA\", \"status\": \"membr\", \"from\": "
                   "\"2005\", \"source\": \"t-doc\"}\n"
                   "  ]\n"
                   "}\n",
                   BLOC_EINVAL, "e11.json:4:45: unknown status \"membr\" (expected one of: ");

    /* The valid source in all those files was never appended. */
    REFUSED(db, "e12.json",
            "{\"spells\": [{\"org\": \"TO\", \"state\": \"AAA\", \"status\": \"member\", \"from\": "
            "\"2005\", \"source\": \"t-new\"}]}",
            BLOC_EINVAL, "e12.json:1:89: unknown source \"t-new\"");
}

/* The record of events (events, details, forces, names) on top of the base
 * record: a valid one loads once; each problem is refused whole, pointing at
 * the value at fault and naming the field. */
static const char happened[] =
    "{\n"
    "  \"events\": [\n"
    "    {\"id\": \"ev-1\", \"type\": \"ASSAULT\", \"mode\": \"border_clash\", \"date\": "
    "\"2022-09-13\", \"actors\": [\"BBB\"], \"recipients\": [\"AAA\"], \"source\": \"t-art\",\n"
    "     \"details\": [{\"key\": \"killed\", \"subject\": \"AAA\", \"num\": 49, \"qualifier\": "
    "\"at_least\"}]},\n"
    "    {\"id\": \"ev-2\", \"type\": \"appeal\", \"date\": \"2022-09-13\", \"actors\": [\"AAA\", "
    "\"ann-smith\"], \"recipients\": [\"TO\"], \"parent\": \"ev-1\", \"source\": \"t-doc\",\n"
    "     \"details\": [{\"key\": \"article\", \"value\": \"5\"}]}\n"
    "  ],\n"
    "  \"forces\": [{\"org\": \"TO\", \"pool\": \"crrf\", \"state\": \"AAA\", \"size\": 1000, "
    "\"qualifier\": \"about\", \"date\": \"2022\", \"source\": \"t-doc\"}],\n"
    "  \"names\": [{\"actor\": \"AAA\", \"lang\": \"fr\", \"names\": [\"Alande\"], \"source\": "
    "\"t-doc\"}]\n"
    "}\n";
/* ev-1 and its detail, ev-2 with its parent and its detail, a force, a name */
#define HAPPENED_FACTS 7

/* An event line of a bad record: HEAD, then "  \"events\": [" and this; a
 * force and a name likewise, on the line of "forces" and "names". */
#define EVENTS(line) HEAD "  \"events\": [\n" line "\n  ]\n}\n"
#define FORCES(item) HEAD "  \"forces\": [" item "]\n}\n"
#define NAMES(item)  HEAD "  \"names\": [" item "]\n}\n"
/* An event x1 of type on 2022 with the details given, on a line of their own. */
#define DETAILS(type, details)                                                                     \
    EVENTS("    {\"id\": \"x1\", \"type\": \"" type "\", \"date\": \"2022\", \"source\": "         \
           "\"t-doc\",\n     \"details\": [" details "]}")

static void test_event_sections(bloc_db *db)
{
    int64_t before = entries(db);
    bloc_load_stats st = {0};
    int rc = bloc_load_buffer(db, "happened.json", happened, strlen(happened), &st);
    CHECK(rc == BLOC_OK, "events, forces, names: rc %d: %s", rc, bloc_errmsg(db));
    CHECK(st.facts == HAPPENED_FACTS && st.appended == HAPPENED_FACTS,
          "events, forces, names: facts %zu appended %zu, want %d", st.facts, st.appended,
          HAPPENED_FACTS);
    CHECK(entries(db) == before + HAPPENED_FACTS, "events: %lld entries, want %lld",
          (long long)entries(db), (long long)before + HAPPENED_FACTS);
    memset(&st, 0, sizeof st);
    rc = bloc_load_buffer(db, "happened.json", happened, strlen(happened), &st);
    CHECK(rc == BLOC_OK && st.appended == 0 && st.skipped == HAPPENED_FACTS,
          "events again: rc %d, appended %zu, skipped %zu", rc, st.appended, st.skipped);
    /* the name added is a name of AAA */
    char *out = NULL;
    rc = bloc_history(db, "Alande", BLOC_FMT_JSON, &out);
    CHECK(rc == BLOC_OK && out && strstr(out, "\"AAA\""), "AAA by its added name: rc %d: %s", rc,
          out ? out : bloc_errmsg(db));
    bloc_free(out);

    /* events */
    REFUSED_PREFIX(db, "v1.json",
                   EVENTS("    {\"id\": \"x1\", \"type\": \"ATTACK\", \"date\": \"2022\", "
                          "\"source\": \"t-doc\"}"),
                   BLOC_EINVAL, "v1.json:4:26: unknown type \"ATTACK\" (expected one of: AGREE, ");
    REFUSED(db, "v2.json",
            EVENTS("    {\"id\": \"x1\", \"type\": \"ASSAULT\", \"mode\": \"Border Clash\", "
                   "\"date\": \"2022\", \"source\": \"t-doc\"}"),
            BLOC_EINVAL,
            "v2.json:4:45: mode \"Border Clash\": snake_case (arms, border_clash, freeze, ...)");
    REFUSED(db, "v3.json",
            EVENTS("    {\"id\": \"x1\", \"type\": \"ASSAULT\", \"date\": \"2022\", \"actors\": "
                   "[\"AAA\", \"ZZZ\"], \"source\": \"t-doc\"}"),
            BLOC_EINVAL, "v3.json:4:71: unknown actor \"ZZZ\"");
    REFUSED(db, "v3b.json",
            EVENTS("    {\"id\": \"x1\", \"type\": \"ASSAULT\", \"date\": \"2022\", "
                   "\"recipients\": \"AAA\", \"source\": \"t-doc\"}"),
            BLOC_EINVAL, "v3b.json:4:67: \"recipients\" is a list of at most 64 actor ids");
    REFUSED(db, "v4.json",
            EVENTS("    {\"id\": \"x1\", \"type\": \"session\", \"date\": \"2022\", \"parent\": "
                   "\"nope\", \"source\": \"t-doc\"}"),
            BLOC_EINVAL, "v4.json:4:63: unknown event \"nope\"");
    REFUSED(db, "v5.json",
            EVENTS("    {\"id\": \"x1\", \"type\": \"session\", \"date\": \"2022\", \"parent\": "
                   "\"x1\", \"source\": \"t-doc\"}"),
            BLOC_EINVAL, "v5.json:4:63: an event is not its own parent");
    REFUSED(db, "v6.json",
            EVENTS("    {\"id\": \"x1\", \"type\": \"PROTEST\", \"date\": \"2022\", \"from\": "
                   "\"2021\", \"source\": \"t-doc\"}"),
            BLOC_EINVAL, "v6.json:4:45: an event has a \"date\", or \"from\" and \"to\", not both");
    REFUSED(db, "v7.json",
            EVENTS("    {\"id\": \"x1\", \"type\": \"PROTEST\", \"source\": \"t-doc\"}"),
            BLOC_EINVAL, "v7.json:4:5: an event needs its \"date\" (or \"from\" and \"to\")");
    REFUSED(db, "v8.json",
            EVENTS("    {\"id\": \"x 1\", \"type\": \"PROTEST\", \"date\": \"2022\", \"source\": "
                   "\"t-doc\"}"),
            BLOC_EINVAL, "v8.json:4:12: event id \"x 1\": letters, digits and - _ . : only");
    REFUSED(db, "v9.json",
            EVENTS("    {\"id\": \"x1\", \"type\": \"PROTEST\", \"date\": \"2022\", \"dat\": "
                   "\"2022\", \"source\": \"t-doc\"}"),
            BLOC_EINVAL, "v9.json:4:60: unknown field \"dat\"");
    REFUSED(db, "v10.json",
            EVENTS("    {\"id\": \"x1\", \"type\": \"PROTEST\", \"from\": \"2022-05\", \"to\": "
                   "\"2022-04\", \"source\": \"t-doc\"}"),
            BLOC_EINVAL, "v10.json:4:62: \"to\" must come after \"from\"");

    /* details */
    REFUSED_PREFIX(db, "d1.json", DETAILS("ASSAULT", "{\"key\": \"kiled\", \"num\": 3}"),
                   BLOC_EINVAL,
                   "d1.json:5:26: unknown key \"kiled\" (expected one of: article, asked, ");
    REFUSED_PREFIX(
        db, "d2.json",
        DETAILS("ASSAULT", "{\"key\": \"killed\", \"num\": 3, \"qualifier\": \"approx\"}"),
        BLOC_EINVAL, "d2.json:5:59: unknown qualifier \"approx\" (expected one of: exact, about, ");
    REFUSED(db, "d3.json", DETAILS("ASSAULT", "{\"key\": \"killed\", \"qualifier\": \"about\"}"),
            BLOC_EINVAL, "d3.json:5:49: a \"qualifier\" qualifies a \"num\"; there is none");
    REFUSED(db, "d4.json", DETAILS("ASSAULT", "{\"key\": \"killed\", \"num\": -1}"), BLOC_EINVAL,
            "d4.json:5:43: \"num\" is a whole number from 0");
    REFUSED(db, "d5.json",
            DETAILS("ASSAULT", "{\"key\": \"killed\", \"subject\": \"ZZZ\", \"num\": 1}"),
            BLOC_EINVAL, "d5.json:5:47: unknown actor \"ZZZ\"");
    REFUSED(db, "d6.json",
            DETAILS("appeal", "{\"key\": \"article\", \"subject\": \"AAA\", \"value\": \"4\"}"),
            BLOC_EINVAL, "d6.json:5:48: a \"article\" detail has no subject");
    REFUSED_PREFIX(db, "d7.json", DETAILS("PROTEST", "{\"key\": \"scope\", \"value\": \"global\"}"),
                   BLOC_EINVAL,
                   "d7.json:5:44: unknown value \"global\" (expected one of: internal, external)");
    REFUSED(db, "d8.json",
            DETAILS("ASSAULT", "{\"key\": \"killed\", \"num\": 2, \"source\": \"t-nope\"}"),
            BLOC_EINVAL, "d8.json:5:56: unknown source \"t-nope\"");
    REFUSED(db, "d9.json",
            DETAILS("ASSAULT", "{\"key\": \"killed\", \"num\": 2, \"side\": \"AAA\"}"), BLOC_EINVAL,
            "d9.json:5:54: unknown field \"side\"");
    REFUSED(db, "d10.json", DETAILS("ASSAULT", "\"killed\""), BLOC_EINVAL,
            "d10.json:5:18: each detail is an object");

    /* forces */
    REFUSED(db, "f1.json",
            FORCES("{\"org\": \"XX\", \"pool\": \"crrf\", \"size\": 10, \"source\": \"t-doc\"}"),
            BLOC_EINVAL, "f1.json:3:22: unknown organization \"XX\"");
    REFUSED(db, "f2.json",
            FORCES("{\"org\": \"TO\", \"pool\": \"CRRF\", \"size\": 10, \"source\": \"t-doc\"}"),
            BLOC_EINVAL, "f2.json:3:36: pool \"CRRF\": snake_case (crrf, peacekeeping, ...)");
    REFUSED(db, "f3.json", FORCES("{\"org\": \"TO\", \"pool\": \"crrf\", \"source\": \"t-doc\"}"),
            BLOC_EINVAL, "f3.json:3:14: a force gives its \"size\", its \"unit\", or both");
    REFUSED(db, "f4.json",
            FORCES("{\"org\": \"TO\", \"pool\": \"crrf\", \"state\": \"ZZZ\", \"size\": 10, "
                   "\"source\": \"t-doc\"}"),
            BLOC_EINVAL, "f4.json:3:53: unknown state \"ZZZ\"");
    REFUSED(
        db, "f5.json",
        FORCES("{\"org\": \"TO\", \"pool\": \"crrf\", \"size\": \"many\", \"source\": \"t-doc\"}"),
        BLOC_EINVAL, "f5.json:3:52: \"size\" is a whole number from 0");

    /* names */
    REFUSED(
        db, "n1.json",
        NAMES("{\"actor\": \"ZZZ\", \"lang\": \"en\", \"names\": [\"Z\"], \"source\": \"t-doc\"}"),
        BLOC_EINVAL, "n1.json:3:23: unknown actor \"ZZZ\"");
    REFUSED(db, "n2.json",
            NAMES("{\"actor\": \"AAA\", \"lang\": \"english\", \"names\": [\"A\"], \"source\": "
                  "\"t-doc\"}"),
            BLOC_EINVAL, "n2.json:3:38: \"english\" is not a language code (en, ru, bn, ar, ...)");
    REFUSED(db, "n3.json",
            NAMES("{\"actor\": \"AAA\", \"lang\": \"en\", \"names\": [], \"source\": \"t-doc\"}"),
            BLOC_EINVAL, "n3.json:3:53: \"names\" is a non-empty list of strings");
    REFUSED(db, "n4.json",
            NAMES("{\"actor\": \"AAA\", \"lang\": \"en\", \"names\": [\"A\", \"\"], \"source\": "
                  "\"t-doc\"}"),
            BLOC_EINVAL, "n4.json:3:59: a name is a non-empty string");

    REFUSED(db, "n5.json", NAMES("{\"actor\": \"AAA\", \"lang\": \"en\", \"source\": \"t-doc\"}"),
            BLOC_EINVAL, "n5.json:3:13: missing field \"names\"");

    /* A valid event beside a bad force: neither is appended, so the event
     * cannot be named as a parent afterwards. */
    REFUSED(db, "h1.json",
            HEAD "  \"events\": [{\"id\": \"half-1\", \"type\": \"PROTEST\", \"date\": \"2022\", "
                 "\"source\": \"t-doc\"}],\n"
                 "  \"forces\": [{\"org\": \"XX\", \"pool\": \"crrf\", \"size\": 10, \"source\": "
                 "\"t-doc\"}]\n"
                 "}\n",
            BLOC_EINVAL, "h1.json:4:22: unknown organization \"XX\"");
    REFUSED(db, "h2.json",
            "{\"events\": [{\"id\": \"half-2\", \"type\": \"session\", \"date\": \"2022\", "
            "\"parent\": \"half-1\", \"source\": \"t-doc\"}]}",
            BLOC_EINVAL, "h2.json:1:75: unknown event \"half-1\"");
    /* An event of the log is a parent; an event of the same load too, in any order. */
    static const char later[] =
        "{\"events\": [{\"id\": \"ev-4\", \"type\": \"decision\", \"date\": \"2022-09-14\", "
        "\"parent\": \"ev-3\", \"source\": \"t-doc\", \"details\": [{\"key\": \"outcome\", "
        "\"value\": \"statement\"}]},\n"
        " {\"id\": \"ev-3\", \"type\": \"session\", \"date\": \"2022-09-13\", \"parent\": "
        "\"ev-2\", \"source\": \"t-doc\"}]}";
    memset(&st, 0, sizeof st);
    rc = bloc_load_buffer(db, "later.json", later, strlen(later), &st);
    CHECK(rc == BLOC_OK && st.appended == 5, "parents in the log and the load: rc %d, %zu: %s", rc,
          st.appended, bloc_errmsg(db));
}

static void test_several_problems(bloc_db *db)
{
    /* Two problems in one file: both reported, in order, one per line. */
    static const char two[] = HEAD
        "  \"spells\": [\n"
        "    {\"org\": \"TO\", \"state\": \"ARN\", \"status\": \"member\", \"from\": \"2001\", "
        "\"source\": \"t-doc\"},\n"
        "    {\"org\": \"TO\", \"state\": \"AAA\", \"status\": \"member\", \"from\": "
        "\"2023-02-29\", \"source\": \"t-doc\"}\n"
        "  ]\n"
        "}\n";
    int64_t before = entries(db);
    int rc = bloc_load_buffer(db, "two.json", two, strlen(two), NULL);
    const char *msg = bloc_errmsg(db);
    CHECK(rc == BLOC_EINVAL, "two problems: rc %d", rc);
    CHECK_STR(msg, "two.json:4:28: unknown state \"ARN\"\n"
                   "two.json:5:63: bad date \"2023-02-29\": 2023-02 has 28 days");
    CHECK(entries(db) == before, "two problems: the log grew");

    /* Problems in several sections of one file. */
    static const char mixed[] =
        "{\n"
        "  \"sources\": [{\"id\": \"t-x\", \"kind\": \"article\"}],\n"
        "  \"offices\": [{\"org\": \"TO\", \"office\": \"Chair\", \"state\": \"AAA\", \"from\": "
        "\"2020\", \"source\": \"t-doc\"}]\n"
        "}\n";
    rc = bloc_load_buffer(db, "mixed.json", mixed, strlen(mixed), NULL);
    msg = bloc_errmsg(db);
    CHECK(rc == BLOC_EINVAL && count_lines(msg) == 2, "mixed: rc %d, %zu lines: %s", rc,
          count_lines(msg), msg);
    CHECK(strstr(msg, "mixed.json:2:15: an article source names its \"file\"") != NULL,
          "mixed: no article problem in \"%s\"", msg);
    CHECK(strstr(msg, "mixed.json:3:39: office \"Chair\": snake_case") != NULL,
          "mixed: no office problem in \"%s\"", msg);
    CHECK(entries(db) == before, "mixed: the log grew");

    /* More than ten problems: ten shown, the rest counted. */
    char many[4096];
    size_t n = (size_t)snprintf(many, sizeof many, "{\"spells\": [\n");
    for (int i = 0; i < 12; i++)
        n += (size_t)snprintf(many + n, sizeof many - n,
                              "%s{\"org\": \"TO\", \"state\": \"X%02d\", \"status\": \"member\", "
                              "\"from\": \"2001\", \"source\": \"t-doc\"}\n",
                              i ? "," : "", i);
    snprintf(many + n, sizeof many - n, "]}\n");
    rc = bloc_load_buffer(db, "many.json", many, strlen(many), NULL);
    msg = bloc_errmsg(db);
    CHECK(rc == BLOC_EINVAL, "many: rc %d", rc);
    CHECK(count_lines(msg) == 11, "many: %zu lines, want 10 problems and a count: %s",
          count_lines(msg), msg);
    CHECK(strstr(msg, "many.json:2:24: unknown state \"X00\"") == msg, "many: first line: %s", msg);
    CHECK(strstr(msg, "unknown state \"X09\"") != NULL, "many: tenth problem missing");
    CHECK(strstr(msg, "X10") == NULL, "many: eleventh problem shown");
    CHECK(strstr(msg, "(2 more problems not shown)") != NULL, "many: no count of the rest: %s",
          msg);
    CHECK(entries(db) == before, "many: the log grew");

    /* One problem is reported once, even when the fact it concerns would be
     * emitted several times (an actor with three names and no source). */
    static const char nosrc[] =
        "{\n"
        "  \"actors\": [\n"
        "    {\"id\": \"CCC\", \"type\": \"state\", \"names\": {\"en\": [\"C1\", \"C2\"], \"ru\": "
        "[\"Ц\"]}}\n"
        "  ]\n"
        "}\n";
    rc = bloc_load_buffer(db, "nosrc.json", nosrc, strlen(nosrc), NULL);
    msg = bloc_errmsg(db);
    CHECK(rc == BLOC_EINVAL, "nosrc: rc %d", rc);
    CHECK(count_substr(msg, "missing field \"source\"") == 1,
          "an actor with three names and no source: the missing source reported %zu times:\n%s",
          count_substr(msg, "missing field \"source\""), msg);
    CHECK(entries(db) == before, "nosrc: the log grew");

    /* A problem under a key written with a JSON escape ("r\u0075" is "ru") points at
     * the value at fault, like any other. */
    static const char esc[] =
        "{\n"
        "  \"actors\": [\n"
        "    {\"id\": \"CCC\", \"type\": \"state\", \"names\": {\"r\\u0075\": [\"\"]}, \"source\": "
        "\"t-doc\"}\n"
        "  ]\n"
        "}\n";
    rc = bloc_load_buffer(db, "esc.json", esc, strlen(esc), NULL);
    msg = bloc_errmsg(db);
    CHECK(rc == BLOC_EINVAL, "esc: rc %d", rc);
    CHECK(strcmp(msg, "esc.json:3:58: a name is a non-empty string") == 0,
          "esc: \"%s\", want \"esc.json:3:58: a name is a non-empty string\"", msg);
    CHECK(entries(db) == before, "esc: the log grew");
}

/* Partial dates at the ends of an interval: `to` must be able to come after `from`. */
static void test_partial_interval(bloc_db *db)
{
    int64_t before = entries(db);
    /* Began on 2012-06-28, ended some day later in 2012: a possible interval. */
    static const char later[] = "{\"spells\": [{\"org\": \"TO\", \"state\": \"BBB\", \"status\": "
                                "\"withdrawing\", \"from\": "
                                "\"2012-06-28\", \"to\": \"2012\", \"source\": \"t-doc\"}]}";
    bloc_load_stats st = {0};
    int rc = bloc_load_buffer(db, "later.json", later, strlen(later), &st);
    CHECK(rc == BLOC_OK && st.appended == 1,
          "from 2012-06-28 to 2012 (ended later that year) refused: rc %d: %s", rc,
          bloc_errmsg(db));
    /* Began some day in June 2012 and stopped holding on 2012-06-01: impossible. */
    static const char never[] =
        "{\"spells\": [{\"org\": \"TO\", \"state\": \"BBB\", \"status\": \"observer\", \"from\": "
        "\"2012-06\", \"to\": \"2012-06-01\", \"source\": \"t-doc\"}]}";
    rc = bloc_load_buffer(db, "never.json", never, strlen(never), NULL);
    CHECK(rc == BLOC_EINVAL, "from 2012-06 to 2012-06-01 (empty interval) accepted: rc %d", rc);
    (void)before;
}

static void test_files(bloc_db *db)
{
    char a[64], b[64], c[64], d[64];
    check_temp_path(a, sizeof a, "load");
    check_temp_path(b, sizeof b, "load");
    check_temp_path(c, sizeof c, "load");
    check_temp_path(d, sizeof d, "load");
    if (!a[0] || !b[0] || !c[0] || !d[0])
        return;
    /* a refers to a source declared in b, and b to a source and a state declared in a. */
    int w = write_file(a, "{\n"
                          "  \"sources\": [{\"id\": \"t-a\", \"kind\": \"report\", \"publisher\": "
                          "\"P\", \"title\": \"A\"}],\n"
                          "  \"actors\": [{\"id\": \"CCC\", \"type\": \"state\", \"names\": "
                          "{\"en\": [\"Cland\"]}, \"source\": \"t-b\"}]\n"
                          "}\n");
    w |= write_file(b, "{\n"
                       "  \"sources\": [{\"id\": \"t-b\", \"kind\": \"report\", \"publisher\": "
                       "\"P\", \"title\": \"B\"}],\n"
                       "  \"spells\": [{\"org\": \"TO\", \"state\": \"CCC\", \"status\": "
                       "\"member\", \"from\": \"2015\", \"source\": \"t-a\"}]\n"
                       "}\n");
    /* c is valid; d is not. */
    w |= write_file(c, "{\n"
                       "  \"sources\": [{\"id\": \"t-c\", \"kind\": \"report\", \"publisher\": "
                       "\"P\", \"title\": \"C\"}],\n"
                       "  \"actors\": [{\"id\": \"DDD\", \"type\": \"state\", \"source\": "
                       "\"t-c\"}]\n"
                       "}\n");
    w |= write_file(d, "{\n"
                       "  \"sources\": [{\"id\": \"t-d\", \"kind\": \"report\", \"publisher\": "
                       "\"P\", \"title\": \"D\"}],\n"
                       "  \"spells\": [\n"
                       "    {\"org\": \"TO\", \"state\": \"ARN\", \"status\": \"member\", "
                       "\"from\": \"2001\", \"source\": \"t-c\"}\n"
                       "  ]\n"
                       "}\n");
    CHECK(w == 0, "cannot write the record files");

    int64_t before = entries(db);
    char want[256], got[512], list[256];

    /* A bad second file: nothing from the first is appended. */
    const char *cd[] = {c, d};
    bloc_load_stats st;
    memset(&st, 0, sizeof st);
    int rc = bloc_load(db, cd, 2, &st);
    CHECK(rc == BLOC_EINVAL, "c + bad d: rc %d, want BLOC_EINVAL", rc);
    snprintf(want, sizeof want, "%s:4:28: unknown state \"ARN\"", d);
    first_line(bloc_errmsg(db), got, sizeof got);
    CHECK_STR(S(got), want);
    CHECK(count_lines(bloc_errmsg(db)) == 1, "c + bad d: %s", bloc_errmsg(db));
    CHECK(entries(db) == before, "c + bad d: the log grew from %lld to %lld", (long long)before,
          (long long)entries(db));
    char *out = NULL;
    rc = bloc_history(db, "DDD", BLOC_FMT_JSON, &out);
    CHECK(rc == BLOC_ENOTFOUND, "DDD of the refused load is known: rc %d", rc);
    bloc_free(out);
    /* The other order too. */
    const char *dc[] = {d, c};
    rc = bloc_load(db, dc, 2, NULL);
    CHECK(rc == BLOC_EINVAL && entries(db) == before, "bad d + c: rc %d, %lld entries", rc,
          (long long)entries(db));

    /* A missing file. */
    char gone[80];
    snprintf(gone, sizeof gone, "%s-missing.json", c);
    const char *cg[] = {c, gone};
    rc = bloc_load(db, cg, 2, NULL);
    CHECK(rc == BLOC_EIO, "missing file: rc %d, want BLOC_EIO", rc);
    CHECK(strncmp(bloc_errmsg(db), gone, strlen(gone)) == 0, "missing file: \"%s\"",
          bloc_errmsg(db));
    CHECK(entries(db) == before, "missing file: the log grew");

    /* Cross-file references, in either order of the files. */
    const char *ba[] = {b, a};
    memset(&st, 0, sizeof st);
    rc = bloc_load(db, ba, 2, &st);
    CHECK(rc == BLOC_OK, "b + a (cross references): rc %d: %s", rc, bloc_errmsg(db));
    CHECK(st.files == 2 && st.facts == 5 && st.appended == 5,
          "b + a: files %zu facts %zu appended %zu, want 2 5 5", st.files, st.facts, st.appended);
    CHECK(entries(db) == before + 5, "b + a: %lld entries, want %lld", (long long)entries(db),
          (long long)before + 5);
    members_of(db, "TO", "2016-01-01", list, sizeof list);
    CHECK_STR(S(list), "AAA BBB CCC");
    const char *ab[] = {a, b};
    memset(&st, 0, sizeof st);
    rc = bloc_load(db, ab, 2, &st);
    CHECK(rc == BLOC_OK && st.appended == 0 && st.skipped == 5, "a + b again: rc %d appended %zu",
          rc, st.appended);

    /* c alone is fine. */
    const char *conly[] = {c};
    rc = bloc_load(db, conly, 1, &st);
    CHECK(rc == BLOC_OK && st.appended == 2, "c alone: rc %d, appended %zu: %s", rc, st.appended,
          bloc_errmsg(db));

    unlink(a);
    unlink(b);
    unlink(c);
    unlink(d);
}

static void test_retract(bloc_db *db, const char *path)
{
    char list[256];
    members_of(db, "TO", "2005-01-01", list, sizeof list);
    CHECK_STR(S(list), "AAA BBB");
    int64_t seq = find_entry(db, "spell", "TO", "AAA");
    CHECK(seq > 0, "no spell of AAA in the log");
    int64_t before = entries(db), new_seq = -1;
    CHECK(log_entries(db) == before, "bloc_log and verify disagree");

    /* Refusals first: nothing is appended. */
    int rc = bloc_retract(db, seq, "t-nope", "wrong", &new_seq);
    CHECK(rc == BLOC_ENOTFOUND, "unknown source: rc %d, want BLOC_ENOTFOUND", rc);
    CHECK(strstr(bloc_errmsg(db), "t-nope") != NULL, "unknown source not named: %s",
          bloc_errmsg(db));
    rc = bloc_retract(db, seq, NULL, "wrong", NULL);
    CHECK(rc == BLOC_ENOTFOUND, "NULL source: rc %d", rc);
    rc = bloc_retract(db, seq, "t-doc", "", NULL);
    CHECK(rc == BLOC_EINVAL, "empty reason: rc %d, want BLOC_EINVAL", rc);
    rc = bloc_retract(db, 0, "t-doc", "wrong", NULL);
    CHECK(rc == BLOC_ENOTFOUND, "entry 0: rc %d, want BLOC_ENOTFOUND", rc);
    rc = bloc_retract(db, before + 1, "t-doc", "wrong", NULL);
    CHECK(rc == BLOC_ENOTFOUND, "entry past the end: rc %d, want BLOC_ENOTFOUND", rc);
    CHECK(entries(db) == before, "refused retractions grew the log");
    CHECK(new_seq == -1, "a refused retraction set new_seq to %lld", (long long)new_seq);

    /* The retraction. */
    rc = bloc_retract(db, seq, "t-art", "the source was misread", &new_seq);
    CHECK(rc == BLOC_OK, "retract %lld: rc %d: %s", (long long)seq, rc, bloc_errmsg(db));
    CHECK(new_seq == before + 1, "new_seq %lld, want %lld", (long long)new_seq,
          (long long)before + 1);
    CHECK(entries(db) == before + 1, "the log has %lld entries, want %lld", (long long)entries(db),
          (long long)before + 1);
    CHECK(log_entries(db) == before + 1, "bloc_log lists %lld entries", (long long)log_entries(db));
    members_of(db, "TO", "2005-01-01", list, sizeof list);
    CHECK_STR(S(list), "BBB");
    /* The retraction is in the log, naming what it retracts. */
    json_t *j = log_json(db);
    json_t *last = json_array_get(json_object_get(j, "entries"), (size_t)before);
    CHECK_STR(json_string_value(json_object_get(last, "kind")), "retract");
    CHECK(json_integer_value(json_object_get(last, "retracts")) == seq, "retracts %lld, want %lld",
          (long long)json_integer_value(json_object_get(last, "retracts")), (long long)seq);
    CHECK_STR(json_string_value(json_object_get(last, "note")), "the source was misread");
    CHECK_STR(json_string_value(json_object_get(last, "source")), "t-art");
    json_decref(j);

    /* Twice is refused, with either source or reason. */
    rc = bloc_retract(db, seq, "t-art", "the source was misread", NULL);
    CHECK(rc == BLOC_EINVAL, "double retraction: rc %d, want BLOC_EINVAL", rc);
    rc = bloc_retract(db, seq, "t-doc", "another reason", NULL);
    CHECK(rc == BLOC_EINVAL, "double retraction (other reason): rc %d, want BLOC_EINVAL", rc);
    CHECK(strstr(bloc_errmsg(db), "retracted") != NULL, "double retraction message: %s",
          bloc_errmsg(db));
    CHECK(entries(db) == before + 1, "double retraction grew the log");

    /* Loading the retracted fact again does not bring it back. */
    bloc_load_stats st = {0};
    rc = bloc_load_buffer(db, "base.json", base, strlen(base), &st);
    CHECK(rc == BLOC_OK && st.appended == 0, "reload after retraction: rc %d, appended %zu", rc,
          st.appended);
    members_of(db, "TO", "2005-01-01", list, sizeof list);
    CHECK_STR(S(list), "BBB");

    /* Reopened, the model is rebuilt from the log: still retracted. */
    bloc_close(db);
    db = NULL;
    rc = bloc_open(path, BLOC_OPEN_NO_BUNDLE, &db);
    CHECK(rc == BLOC_OK, "reopen: rc %d: %s", rc, bloc_errmsg(db));
    if (rc == BLOC_OK) {
        members_of(db, "TO", "2005-01-01", list, sizeof list);
        CHECK_STR(S(list), "BBB");
        CHECK(entries(db) == before + 1, "reopened: %lld entries", (long long)entries(db));
        rc = bloc_retract(db, seq, "t-doc", "again", NULL);
        CHECK(rc == BLOC_EINVAL, "double retraction after reopening: rc %d", rc);
    }
    bloc_close(db);
}

int main(void)
{
    char path[64];
    bloc_db *db = open_empty(path, sizeof path);
    if (!db)
        return CHECK_DONE("load");
    test_valid_and_idempotent(db);
    test_errors(db);
    test_event_sections(db);
    test_several_problems(db);
    test_files(db);
    test_retract(db, path); /* closes db */
    check_remove_db(path);

    /* Partial interval ends, on a database of their own. */
    db = open_empty(path, sizeof path);
    if (db) {
        if (bloc_load_buffer(db, "base.json", base, strlen(base), NULL) == BLOC_OK)
            test_partial_interval(db);
        else
            CHECK(0, "base record: %s", bloc_errmsg(db));
        bloc_close(db);
        check_remove_db(path);
    }
    return CHECK_DONE("load");
}
