/*
 * tests/export/test_export.c - the exports (src/export/): the directed
 * dyad-year table as CSV (dyads.c) and the events as PLOVER-shaped JSON lines
 * (plover.c), collected through a bloc_write_fn, on a small record: four
 * states with COW codes and spans in the state system, a defence pact one
 * member leaves (withdrawing, then withdrawn) and whose standing another's
 * sources dispute for a year, a non-aggression pact, and three events.
 */
#define _POSIX_C_SOURCE 200809L

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fixture.h"

/* The states: AAA (COW 2) and BBB (20) from 1990, CCC (200) from 1995, DDD
 * (300) from 1990 until 2000-01-01; DP's defence pact DPT from 1990, NA's
 * non-aggression pact NAT from 1996. */
static const char base[] = FIXTURE_SOURCES
    " \"actors\": [\n"
    "  {\"id\": \"AAA\", \"type\": \"state\", \"cow\": 2, \"from\": \"1990\", \"source\": "
    "\"s1\"},\n"
    "  {\"id\": \"BBB\", \"type\": \"state\", \"cow\": 20, \"from\": \"1990\", \"source\": "
    "\"s1\"},\n"
    "  {\"id\": \"CCC\", \"type\": \"state\", \"cow\": 200, \"from\": \"1995\", \"source\": "
    "\"s1\"},\n"
    "  {\"id\": \"DDD\", \"type\": \"state\", \"cow\": 300, \"from\": \"1990\", \"to\": "
    "\"2000-01-01\", \"source\": \"s1\"},\n"
    "  {\"id\": \"DP\", \"type\": \"org\", \"source\": \"s1\"},\n"
    "  {\"id\": \"NA\", \"type\": \"org\", \"source\": \"s1\"}\n"
    " ],\n"
    " \"treaties\": [\n"
    "  {\"id\": \"DPT\", \"org\": \"DP\", \"title\": \"Defence Pact\", \"source\": \"s1\",\n"
    "   \"phases\": [{\"date\": \"1990-01-01\", \"event\": \"in_force\", \"source\": \"s1\"}],\n"
    "   \"provisions\": [{\"article\": \"1\", \"type\": \"defense\", \"from\": \"1990-01-01\", "
    "\"source\": \"s1\"}]},\n"
    "  {\"id\": \"NAT\", \"org\": \"NA\", \"title\": \"Non-aggression Pact\", \"source\": \"s1\",\n"
    "   \"phases\": [{\"date\": \"1996-01-01\", \"event\": \"in_force\", \"source\": \"s1\"}],\n"
    "   \"provisions\": [{\"article\": \"1\", \"type\": \"nonaggression\", \"from\": "
    "\"1996-01-01\",\n"
    "                   \"source\": \"s1\"}]}\n"
    " ]\n"
    "}\n";

/* Who is party to what: BBB leaves DP (withdrawing 1997-06-01, withdrawn
 * 1998-06-01); s2 has DDD frozen in DP during 1993 (s1: a member); AAA, CCC,
 * DDD join NA in 1996. And the events. */
static const char rest[] =
    "{\n"
    " \"spells\": [\n"
    "  {\"org\": \"DP\", \"state\": \"AAA\", \"status\": \"member\", \"from\": \"1990-01-01\", "
    "\"source\": \"s1\"},\n"
    "  {\"org\": \"DP\", \"state\": \"BBB\", \"status\": \"member\", \"from\": \"1990-01-01\", "
    "\"to\": \"1997-06-01\",\n"
    "   \"source\": \"s1\"},\n"
    "  {\"org\": \"DP\", \"state\": \"BBB\", \"status\": \"withdrawing\", \"from\": "
    "\"1997-06-01\", \"to\": \"1998-06-01\",\n"
    "   \"source\": \"s1\"},\n"
    "  {\"org\": \"DP\", \"state\": \"BBB\", \"status\": \"withdrawn\", \"from\": \"1998-06-01\", "
    "\"source\": \"s1\"},\n"
    "  {\"org\": \"DP\", \"state\": \"DDD\", \"status\": \"member\", \"from\": \"1990-01-01\", "
    "\"source\": \"s1\"},\n"
    "  {\"org\": \"DP\", \"state\": \"DDD\", \"status\": \"frozen\", \"from\": \"1993-01-01\", "
    "\"to\": \"1994-01-01\",\n"
    "   \"source\": \"s2\"},\n"
    "  {\"org\": \"NA\", \"state\": \"AAA\", \"status\": \"member\", \"from\": \"1996-01-01\", "
    "\"source\": \"s1\"},\n"
    "  {\"org\": \"NA\", \"state\": \"CCC\", \"status\": \"member\", \"from\": \"1996-01-01\", "
    "\"source\": \"s1\"},\n"
    "  {\"org\": \"NA\", \"state\": \"DDD\", \"status\": \"member\", \"from\": \"1996-01-01\", "
    "\"source\": \"s1\"}\n"
    " ],\n"
    " \"events\": [\n"
    "  {\"id\": \"e-war\", \"type\": \"ASSAULT\", \"mode\": \"war\", \"from\": \"1995-03-01\", "
    "\"to\": \"1995-04-01\",\n"
    "   \"actors\": [\"DDD\"], \"recipients\": [\"CCC\"], \"note\": \"a short war\", \"source\": "
    "\"s1\",\n"
    "   \"details\": [{\"key\": \"killed\", \"subject\": \"CCC\", \"num\": 10, \"qualifier\": "
    "\"about\"},\n"
    "               {\"key\": \"killed\", \"subject\": \"CCC\", \"num\": 12, \"date\": "
    "\"1995-03-20\",\n"
    "                \"source\": \"s2\"}]},\n"
    "  {\"id\": \"e-appeal\", \"type\": \"appeal\", \"date\": \"1995-03-02\", \"actors\": "
    "[\"CCC\"],\n"
    "   \"recipients\": [\"NA\"], \"parent\": \"e-war\", \"source\": \"s2\",\n"
    "   \"details\": [{\"key\": \"article\", \"value\": \"3\"}]},\n"
    "  {\"id\": \"e-deploy\", \"type\": \"deployment\", \"date\": \"1995-03-10\", \"actors\": "
    "[\"NA\"],\n"
    "   \"recipients\": [\"CCC\"], \"parent\": \"e-appeal\", \"source\": \"s1\",\n"
    "   \"details\": [{\"key\": \"size\", \"num\": 500, \"qualifier\": \"at_least\"}]}\n"
    " ]\n"
    "}\n";

static bloc_db *db;

/* What a writer was given. */
typedef struct sink {
    char *p;
    size_t n, cap;
    int calls;
    int stop_at; /* return `code` on this call (1 = first); 0 never */
    int code;
} sink;

static int collect(void *ud, const char *data, size_t len)
{
    sink *k = ud;
    k->calls++;
    if (k->stop_at && k->calls == k->stop_at)
        return k->code;
    if (k->n + len + 1 > k->cap) {
        size_t cap = (k->n + len + 1) * 2;
        char *p = realloc(k->p, cap);
        if (!p)
            return -1;
        k->p = p;
        k->cap = cap;
    }
    memcpy(k->p + k->n, data, len);
    k->n += len;
    k->p[k->n] = '\0';
    return 0;
}

/* A writer that returns code on call `at` (0: never). */
static sink stopping(int at, int code)
{
    return (sink){.stop_at = at, .code = code};
}

/* The dyad-year CSV for years from..to into k; the rc. */
static int dyads(const char *from, const char *to, sink *k)
{
    *k = stopping(0, 0);
    return bloc_export_dyad_years(db, from, to, collect, k);
}

/* The rows of year y (without the newlines), joined with " | ". */
static void rows_of(const char *csv, int y, char *list, size_t n)
{
    char prefix[16];
    int k = snprintf(prefix, sizeof prefix, "%d,", y);
    list[0] = '\0';
    for (const char *p = csv; p && *p;) {
        const char *e = strchr(p, '\n');
        size_t len = e ? (size_t)(e - p) : strlen(p);
        if (len > (size_t)k && strncmp(p, prefix, (size_t)k) == 0) {
            size_t have = strlen(list);
            snprintf(list + have, n - have, "%s%.*s", have ? " | " : "", (int)len, p);
        }
        p = e ? e + 1 : NULL;
    }
}

static size_t count_lines(const char *s)
{
    size_t n = 0;
    for (; s && *s; s++)
        n += *s == '\n';
    return n;
}

static void test_rows(void)
{
    sink k;
    char list[2048];
    int rc = dyads("1993", "2000", &k);
    CHECK(rc == BLOC_OK, "dyads 1993-2000: rc %d: %s", rc, bloc_errmsg(db));
    static const char head[] = "year,ccode1,ccode2,state1,state2,defense,offense,neutral,nonagg,"
                               "consul,disputed,treaties\n";
    CHECK(k.p && strncmp(k.p, head, sizeof head - 1) == 0, "header: %.120s",
          k.p ? k.p : "(nothing)");
    /* The rows of a year, all of them. */
    static const struct {
        int year;
        const char *rows;
    } exact[] = {
        /* 1993: AAA, BBB, DDD in DPT; DDD's standing disputed at the end of the year */
        {1993, "1993,2,20,AAA,BBB,1,0,0,0,0,0,DPT | "
               "1993,2,300,AAA,DDD,1,0,0,0,0,1,DPT | "
               "1993,20,2,BBB,AAA,1,0,0,0,0,0,DPT | "
               "1993,20,300,BBB,DDD,1,0,0,0,0,1,DPT | "
               "1993,300,2,DDD,AAA,1,0,0,0,0,1,DPT | "
               "1993,300,20,DDD,BBB,1,0,0,0,0,1,DPT"},
        /* 1994: no longer disputed; CCC not yet in the system */
        {1994, "1994,2,20,AAA,BBB,1,0,0,0,0,0,DPT | "
               "1994,2,300,AAA,DDD,1,0,0,0,0,0,DPT | "
               "1994,20,2,BBB,AAA,1,0,0,0,0,0,DPT | "
               "1994,20,300,BBB,DDD,1,0,0,0,0,0,DPT | "
               "1994,300,2,DDD,AAA,1,0,0,0,0,0,DPT | "
               "1994,300,20,DDD,BBB,1,0,0,0,0,0,DPT"},
        /* 1996: four states; the non-aggression pact; two treaties for AAA-DDD */
        {1996, "1996,2,20,AAA,BBB,1,0,0,0,0,0,DPT | "
               "1996,2,200,AAA,CCC,0,0,0,1,0,0,NAT | "
               "1996,2,300,AAA,DDD,1,0,0,1,0,0,DPT;NAT | "
               "1996,20,2,BBB,AAA,1,0,0,0,0,0,DPT | "
               "1996,20,200,BBB,CCC,0,0,0,0,0,0, | "
               "1996,20,300,BBB,DDD,1,0,0,0,0,0,DPT | "
               "1996,200,2,CCC,AAA,0,0,0,1,0,0,NAT | "
               "1996,200,20,CCC,BBB,0,0,0,0,0,0, | "
               "1996,200,300,CCC,DDD,0,0,0,1,0,0,NAT | "
               "1996,300,2,DDD,AAA,1,0,0,1,0,0,DPT;NAT | "
               "1996,300,20,DDD,BBB,1,0,0,0,0,0,DPT | "
               "1996,300,200,DDD,CCC,0,0,0,1,0,0,NAT"},
        /* 2000: DDD left the system on 1 January: no row of it */
        {2000, "2000,2,20,AAA,BBB,0,0,0,0,0,0, | "
               "2000,2,200,AAA,CCC,0,0,0,1,0,0,NAT | "
               "2000,20,2,BBB,AAA,0,0,0,0,0,0, | "
               "2000,20,200,BBB,CCC,0,0,0,0,0,0, | "
               "2000,200,2,CCC,AAA,0,0,0,1,0,0,NAT | "
               "2000,200,20,CCC,BBB,0,0,0,0,0,0,"},
    };
    for (size_t i = 0; i < sizeof exact / sizeof *exact; i++) {
        rows_of(k.p, exact[i].year, list, sizeof list);
        CHECK(strcmp(list, exact[i].rows) == 0, "%d: got \"%s\", want \"%s\"", exact[i].year, list,
              exact[i].rows);
    }
    /* Rows among those of a year. 1998: BBB withdrawing until June, still
     * bound; 1999: withdrawn. */
    static const struct {
        int year;
        const char *row, *why;
    } among[] = {
        {1998, "1998,2,20,AAA,BBB,1,0,0,0,0,0,DPT", "AAA-BBB not allied while BBB was withdrawing"},
        {1999, "1999,2,20,AAA,BBB,0,0,0,0,0,0, | ", "AAA-BBB allied after BBB withdrew"},
        {1999, "1999,20,300,BBB,DDD,0,0,0,0,0,0, | ", "BBB-DDD allied after BBB withdrew"},
    };
    for (size_t i = 0; i < sizeof among / sizeof *among; i++) {
        rows_of(k.p, among[i].year, list, sizeof list);
        CHECK(strstr(list, among[i].row) != NULL, "%d: %s: %s", among[i].year, among[i].why, list);
    }
    /* the header and 6 + 6 + 12 * 5 + 6 rows */
    CHECK(count_lines(k.p) == 1 + 6 + 6 + 12 * 5 + 6, "%zu lines, want %d", count_lines(k.p),
          1 + 6 + 6 + 12 * 5 + 6);
    CHECK(k.p && k.p[k.n - 1] == '\n', "the CSV does not end with a newline");
    free(k.p);

    /* one year; a full date counts as its year */
    rc = dyads("1994-12-31", "1994-01-01", &k);
    CHECK(rc == BLOC_OK && count_lines(k.p) == 7, "dyads 1994 (as dates): rc %d, %zu lines", rc,
          count_lines(k.p));
    free(k.p);

    /* before any state: the header alone */
    rc = dyads("1980", "1989", &k);
    CHECK(rc == BLOC_OK && k.p && strcmp(strchr(k.p, '\n'), "\n") == 0,
          "dyads 1980-1989: rc %d: %s", rc, k.p ? k.p : "(nothing)");
    free(k.p);
}

static void test_writer_stops(void)
{
    /* a span long enough for several chunks: the second write says stop */
    sink k = stopping(2, 42);
    int rc = bloc_export_dyad_years(db, "1990", "9999", collect, &k);
    CHECK(rc == 42, "a writer returning 42: rc %d, want 42", rc);
    CHECK(k.calls == 2, "the writer was called %d times after it said stop, want 2", k.calls);
    free(k.p);
    /* the first write */
    k = stopping(1, -3);
    rc = bloc_export_dyad_years(db, "1993", "1993", collect, &k);
    CHECK(rc == -3 && k.calls == 1, "stop at the first write: rc %d, %d calls", rc, k.calls);
    free(k.p);
    /* plover: a line at a time */
    k = stopping(2, 7);
    rc = bloc_export_plover(db, collect, &k);
    CHECK(rc == 7 && k.calls == 2, "plover, stop at the second line: rc %d, %d calls", rc, k.calls);
    CHECK(count_lines(k.p) == 1, "plover, stopped: %zu lines kept, want 1", count_lines(k.p));
    free(k.p);
}

static void test_dyad_errors(void)
{
    static const struct {
        const char *from, *to, *what;
        int rc;
        const char *names[3]; /* that the message names, to a NULL */
    } cases[] = {
        {NULL, "2000", "no --from", BLOC_EINVAL, {NULL}},
        {"1990", NULL, "no --to", BLOC_EINVAL, {NULL}},
        {"2000", "1999", "from > to", BLOC_EINVAL, {"2000", "1999"}},
        {"1999-13", "2000", "bad --from", BLOC_EPARSE, {"--from"}},
        {"1999", "soon", "bad --to", BLOC_EPARSE, {NULL}},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        sink k;
        int rc = dyads(cases[i].from, cases[i].to, &k);
        CHECK(rc == cases[i].rc, "%s: rc %d, want %d", cases[i].what, rc, cases[i].rc);
        check_names(__LINE__, db, cases[i].what, cases[i].names);
        CHECK(k.calls == 0, "%s: the writer was called on an error", cases[i].what);
        free(k.p);
    }
}

static const json_t *line_with(const json_t *lines, const char *id)
{
    const json_t *l = fixture_find(lines, "id", id);
    CHECK(l != NULL, "no plover line for %s", id);
    return l;
}

static void test_plover(void)
{
    sink k = stopping(0, 0);
    json_t *lines = json_array();
    size_t n = 0;
    int rc = bloc_export_plover(db, collect, &k);
    CHECK(rc == BLOC_OK, "plover: rc %d: %s", rc, bloc_errmsg(db));
    CHECK(k.calls == 3 && count_lines(k.p) == 3, "plover: %d writes, %zu lines, want 3", k.calls,
          count_lines(k.p));
    /* every line is one JSON object */
    for (char *p = k.p; p && *p && n < 8;) {
        char *e = strchr(p, '\n');
        CHECK(e != NULL, "plover: a line without its newline");
        if (!e)
            break;
        json_error_t err;
        json_t *line = json_loadb(p, (size_t)(e - p), 0, &err);
        CHECK(json_is_object(line), "plover line %zu is not a JSON object: %s", n + 1, err.text);
        json_array_append_new(lines, line);
        n++;
        p = e + 1;
    }
    const json_t *war = line_with(lines, "e-war"), *ap = line_with(lines, "e-appeal"),
                 *dep = line_with(lines, "e-deploy");
    if (war) {
        CHECK(json_object_get(war, "bloc_type") == NULL, "a PLOVER event has a bloc_type");
        CHECK_STRS(war, {"event_type", "ASSAULT"}, {"mode", "war"}, {"date", "1995-03-01"},
                   {"date_end", "1995-04-01"}, {"note", "a short war"});
        CHECK_STR(json_string_value(json_array_get(json_object_get(war, "actor"), 0)), "DDD");
        CHECK_STR(json_string_value(json_array_get(json_object_get(war, "recipient"), 0)), "CCC");
        const json_t *killed = json_object_get(war, "killed");
        CHECK(json_array_size(killed) == 2, "killed: %zu figures, want 2", json_array_size(killed));
        const json_t *k0 = json_array_get(killed, 0), *k1 = json_array_get(killed, 1);
        CHECK(json_integer_value(json_object_get(k0, "num")) == 10, "first figure");
        CHECK_STRS(k0, {"qualifier", "about"}, {"side", "CCC"}, {"source", "s1"});
        CHECK(json_integer_value(json_object_get(k1, "num")) == 12, "second figure");
        CHECK_STRS(k1, {"qualifier", "exact"}, {"as_of", "1995-03-20"}, {"source", "s2"});
        CHECK(json_array_size(json_object_get(war, "sources")) == 2, "e-war: sources");
    }
    if (ap) {
        /* the bloc's procedure in PLOVER's terms, keeping its own name */
        CHECK_STRS(ap, {"event_type", "REQUEST"}, {"bloc_type", "appeal"}, {"parent", "e-war"},
                   {"article", "3"});
        CHECK_TYPES(ap, {"date_end", JSON_NULL}, {"mode", JSON_NULL});
        CHECK_STR(json_string_value(json_array_get(json_object_get(ap, "sources"), 0)), "s2");
    }
    if (dep) {
        CHECK_STRS(dep, {"event_type", "MOBILIZE"}, {"bloc_type", "deployment"});
        const json_t *size = json_array_get(json_object_get(dep, "size"), 0);
        CHECK(json_integer_value(json_object_get(size, "num")) == 500, "deployment size");
        CHECK_STR(str(size, "qualifier"), "at_least");
        CHECK_TYPES(size, {"side", JSON_NULL});
    }
    json_decref(lines);
    free(k.p);
}

int main(void)
{
    char path[64];
    int ok = fixture_open(&db, path, sizeof path, "export");
    if (ok) {
        /* no events yet: an empty PLOVER export */
        sink k = stopping(0, 0);
        int rc = bloc_export_plover(db, collect, &k);
        CHECK(rc == BLOC_OK && k.calls == 0, "plover of an empty record: rc %d, %d writes", rc,
              k.calls);
        free(k.p);
        ok = fixture_load(db, "base.json", base, "the states", NULL);
    }
    if (ok && fixture_load(db, "rest.json", rest, "the spells and events", NULL)) {
        test_rows();
        test_writer_stops();
        test_dyad_errors();
        test_plover();
    }
    fixture_close(db, path);
    return CHECK_DONE("export");
}
