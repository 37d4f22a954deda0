/*
 * tests/appeals/test_appeals.c - `bloc appeals` (src/appeals/appeals.c) on a
 * small record: a treaty with a defence article that needs a request and a
 * consultation article; appeals that were honoured (forces deployed), not
 * honoured (a statement only), not triggered (an internal crisis, a clash
 * between members), a request for consultations answered by a session, and an
 * appeal to another organization. Asked through the public API in JSON.
 */
#define _POSIX_C_SOURCE 200809L

#include <math.h>
#include <string.h>

#include "fixture.h"

/* The treaty: article 4 (defence, at the request of the attacked member) and
 * article 2 (consultation); three members and an outside state, XXX. */
static const char base[] = FIXTURE_SOURCES
    " \"actors\": [\n"
    "  {\"id\": \"AAA\", \"type\": \"state\", \"names\": {\"en\": [\"Aland\"]}, \"source\": "
    "\"s1\"},\n"
    "  {\"id\": \"BBB\", \"type\": \"state\", \"source\": \"s1\"},\n"
    "  {\"id\": \"CCC\", \"type\": \"state\", \"source\": \"s1\"},\n"
    "  {\"id\": \"XXX\", \"type\": \"state\", \"source\": \"s1\"},\n"
    "  {\"id\": \"TO\", \"type\": \"org\", \"source\": \"s1\"},\n"
    "  {\"id\": \"OO\", \"type\": \"org\", \"source\": \"s1\"},\n"
    "  {\"id\": \"ann-smith\", \"type\": \"person\", \"state\": \"AAA\", \"source\": \"s1\"}\n"
    " ],\n"
    " \"treaties\": [\n"
    "  {\"id\": \"TT\", \"org\": \"TO\", \"title\": \"Test Treaty\", \"source\": \"s1\",\n"
    "   \"phases\": [{\"date\": \"2000-01-01\", \"event\": \"in_force\", \"decision_rule\": "
    "\"consensus\",\n"
    "               \"source\": \"s1\"}],\n"
    "   \"provisions\": [\n"
    "    {\"article\": \"4\", \"type\": \"defense\", \"from\": \"2000-01-01\", \"conditions\": "
    "{\"on_request\": true},\n"
    "     \"source\": \"s1\"},\n"
    "    {\"article\": \"2\", \"type\": \"consultation\", \"from\": \"2000-01-01\", \"source\": "
    "\"s1\"}]}\n"
    " ],\n"
    " \"spells\": [\n"
    "  {\"org\": \"TO\", \"state\": \"AAA\", \"status\": \"member\", \"from\": \"2000-01-01\", "
    "\"source\": \"s1\"},\n"
    "  {\"org\": \"TO\", \"state\": \"BBB\", \"status\": \"member\", \"from\": \"2000-01-01\", "
    "\"source\": \"s1\"},\n"
    "  {\"org\": \"TO\", \"state\": \"CCC\", \"status\": \"member\", \"from\": \"2000-01-01\", "
    "\"source\": \"s1\"}\n"
    " ]\n"
    "}\n";

/* The appeals, given out of date order, and what followed them. */
static const char events[] =
    "{\n"
    " \"events\": [\n"
    "  {\"id\": \"a4\", \"type\": \"appeal\", \"date\": \"2013-06-10\", \"actors\": "
    "[\"ann-smith\"],\n"
    "   \"recipients\": [\"TO\"], \"source\": \"s1\",\n"
    "   \"details\": [{\"key\": \"asked\", \"value\": \"consultations\"}]},\n"
    "  {\"id\": \"a4-session\", \"type\": \"session\", \"date\": \"2013-06-12\", \"actors\": "
    "[\"TO\"],\n"
    "   \"parent\": \"a4\", \"source\": \"s1\"},\n"
    "\n"
    "  {\"id\": \"x-attack\", \"type\": \"ASSAULT\", \"mode\": \"border_clash\", \"date\": "
    "\"2010-03-01\",\n"
    "   \"actors\": [\"XXX\"], \"recipients\": [\"AAA\"], \"source\": \"s1\"},\n"
    "  {\"id\": \"a1\", \"type\": \"appeal\", \"date\": \"2010-03-02\", \"actors\": [\"AAA\", "
    "\"ann-smith\"],\n"
    "   \"recipients\": [\"TO\"], \"parent\": \"x-attack\", \"source\": [\"s1\", \"s2\"],\n"
    "   \"details\": [{\"key\": \"article\", \"value\": \"4\"}, {\"key\": \"asked\", \"value\": "
    "\"military_assistance\"}]},\n"
    "  {\"id\": \"a1-deploy\", \"type\": \"deployment\", \"from\": \"2010-03-06\", \"to\": "
    "\"2010-04-01\",\n"
    "   \"actors\": [\"TO\"], \"recipients\": [\"AAA\"], \"parent\": \"a1-decision\", \"source\": "
    "\"s1\",\n"
    "   \"details\": [{\"key\": \"size\", \"num\": 150, \"qualifier\": \"about\"},\n"
    "               {\"key\": \"contributor\", \"subject\": \"BBB\", \"num\": 100},\n"
    "               {\"key\": \"contributor\", \"subject\": \"CCC\"}]},\n"
    "  {\"id\": \"a1-session\", \"type\": \"session\", \"date\": \"2010-03-03\", \"actors\": "
    "[\"TO\"],\n"
    "   \"parent\": \"a1\", \"source\": \"s1\"},\n"
    "  {\"id\": \"a1-decision\", \"type\": \"decision\", \"date\": \"2010-03-05\", \"actors\": "
    "[\"TO\"],\n"
    "   \"parent\": \"a1-session\", \"source\": \"s1\",\n"
    "   \"details\": [{\"key\": \"outcome\", \"value\": \"deployment\"},\n"
    "               {\"key\": \"position\", \"subject\": \"BBB\", \"value\": \"support\"}]},\n"
    "\n"
    "  {\"id\": \"x-attack2\", \"type\": \"ASSAULT\", \"date\": \"2011-05-01\", \"actors\": "
    "[\"XXX\"],\n"
    "   \"recipients\": [\"BBB\"], \"source\": \"s1\"},\n"
    "  {\"id\": \"a2\", \"type\": \"appeal\", \"date\": \"2011-05-02\", \"actors\": [\"BBB\"], "
    "\"recipients\": [\"TO\"],\n"
    "   \"parent\": \"x-attack2\", \"source\": \"s1\",\n"
    "   \"details\": [{\"key\": \"article\", \"value\": \"4\"}, {\"key\": \"asked\", \"value\": "
    "\"military_assistance\"}]},\n"
    "  {\"id\": \"a2-decision\", \"type\": \"decision\", \"date\": \"2011-05-20\", \"parent\": "
    "\"a2\", \"source\": \"s1\",\n"
    "   \"details\": [{\"key\": \"outcome\", \"value\": \"statement\"}]},\n"
    "\n"
    "  {\"id\": \"unrest\", \"type\": \"PROTEST\", \"mode\": \"riot\", \"from\": \"2012-01-02\", "
    "\"to\": \"2012-01-11\",\n"
    "   \"recipients\": [\"CCC\"], \"source\": \"s1\",\n"
    "   \"details\": [{\"key\": \"scope\", \"value\": \"internal\"}]},\n"
    "  {\"id\": \"a3\", \"type\": \"appeal\", \"date\": \"2012-01-05\", \"actors\": [\"CCC\"], "
    "\"recipients\": [\"TO\"],\n"
    "   \"parent\": \"unrest\", \"source\": \"s1\",\n"
    "   \"details\": [{\"key\": \"article\", \"value\": \"4\"}]},\n"
    "  {\"id\": \"a3-deploy\", \"type\": \"deployment\", \"date\": \"2012-01-07\", \"parent\": "
    "\"a3\", \"source\": \"s1\"},\n"
    "\n"
    "  {\"id\": \"clash\", \"type\": \"ASSAULT\", \"date\": \"2014-07-01\", \"actors\": "
    "[\"BBB\"],\n"
    "   \"recipients\": [\"AAA\"], \"source\": \"s1\"},\n"
    "  {\"id\": \"a5\", \"type\": \"appeal\", \"date\": \"2014-07-02\", \"actors\": [\"AAA\"], "
    "\"recipients\": [\"TO\"],\n"
    "   \"parent\": \"clash\", \"source\": \"s1\", \"details\": [{\"key\": \"article\", \"value\": "
    "\"4\"}]},\n"
    "  {\"id\": \"a5-decision\", \"type\": \"decision\", \"date\": \"2014-07\", \"parent\": "
    "\"a5\", \"source\": \"s1\",\n"
    "   \"details\": [{\"key\": \"outcome\", \"value\": \"fact_finding_mission\"}]},\n"
    "\n"
    "  {\"id\": \"a6\", \"type\": \"appeal\", \"date\": \"2015-01-01\", \"actors\": [\"AAA\"], "
    "\"recipients\": [\"OO\"],\n"
    "   \"source\": \"s1\"}\n"
    " ]\n"
    "}\n";

static bloc_db *db;

static long long num(const json_t *o, const char *key)
{
    const json_t *v = json_object_get(o, key);
    return json_is_integer(v) ? (long long)json_integer_value(v) : -999;
}

static json_t *appeals(const char *org)
{
    char *out = NULL;
    int rc = bloc_appeals(db, org, BLOC_FMT_JSON, &out);
    return fixture_json(db, rc, out, "appeals %s", org);
}

/* The appeal with this id in the answer, or NULL. */
static const json_t *appeal(const json_t *doc, const char *id)
{
    const json_t *a = fixture_find(json_object_get(doc, "appeals"), "id", id);
    CHECK(a != NULL, "no appeal %s in the answer", id);
    return a;
}

static int near(double a, double b)
{
    return fabs(a - b) < 1e-9;
}

static void test_list(const json_t *doc)
{
    char list[256];
    CHECK_STR(str(doc, "org"), "TO");
    /* in date order, not in the order of the file; the appeal to OO left out */
    joined(json_object_get(doc, "appeals"), "id", list, sizeof list);
    CHECK_STR(S(list), "a1 a2 a3 a4 a5");
}

static void test_honoured(const json_t *doc)
{
    char list[256];
    const json_t *a = appeal(doc, "a1");
    if (!a)
        return;
    /* the requester is the state of the appeal's actors (a state and its person) */
    CHECK_STRS(a, {"requester", "AAA"}, {"requester_name", "Aland"}, {"date", "2010-03-02"},
               {"article", "4"}, {"asked", "military_assistance"});
    const json_t *c = json_object_get(a, "cause");
    CHECK_STRS(c, {"id", "x-attack"}, {"type", "ASSAULT"}, {"mode", "border_clash"},
               {"date", "2010-03-01"});
    CHECK_LISTS(c, {"actors", "XXX"});
    CHECK_TYPES(c, {"scope", JSON_NULL});

    CHECK_TYPES(a, {"triggered", JSON_TRUE});
    const json_t *ob = json_object_get(a, "obligation");
    CHECK_STRS(ob, {"treaty", "TT"}, {"article", "4"}, {"type", "defense"},
               {"decision_rule", "consensus"});
    CHECK_LISTS(ob, {"bound", "BBB CCC"}, {"met", "on_request"});

    CHECK_STRS(a, {"decision", "deployment"}, {"decision_date", "2010-03-05"});
    CHECK(num(a, "latency_days") == 3, "a1 latency %lld, want 3", num(a, "latency_days"));
    CHECK_STR(str(a, "withdrawn"), "2010-04-01");
    CHECK_TYPES(a, {"honoured", JSON_TRUE});
    CHECK_STR(str(a, "why"), "assistance was owed; forces or military aid were sent");

    /* the procedure under it, in date order, through the decision to the deployment */
    const json_t *steps = json_object_get(a, "steps");
    joined(steps, "id", list, sizeof list);
    CHECK_STR(S(list), "a1-session a1-decision a1-deploy");
    joined(steps, "type", list, sizeof list);
    CHECK_STR(S(list), "session decision deployment");
    const json_t *dec = json_array_get(steps, 1), *dep = json_array_get(steps, 2);
    CHECK_STR(str(dec, "outcome"), "deployment");
    joined(json_object_get(dec, "positions"), "position", list, sizeof list);
    CHECK_STR(S(list), "support");
    CHECK_STRS(dep, {"date", "2010-03-06"}, {"to", "2010-04-01"});
    CHECK(num(dep, "size") == 150, "deployment size %lld", num(dep, "size"));
    CHECK_STR(str(dep, "size_qualifier"), "about");
    const json_t *contrib = json_object_get(dep, "contributors");
    joined(contrib, "state", list, sizeof list);
    CHECK_STR(S(list), "BBB CCC");
    CHECK(num(json_array_get(contrib, 0), "size") == 100, "BBB contributed %lld",
          num(json_array_get(contrib, 0), "size"));
    CHECK(json_object_get(json_array_get(contrib, 1), "size") == NULL,
          "CCC's contribution has a size");
    /* every source, each once */
    CHECK_LISTS(a, {"sources", "s1 s2"});
}

static void test_not_honoured(const json_t *doc)
{
    const json_t *a = appeal(doc, "a2");
    if (!a)
        return;
    CHECK_STR(str(a, "requester"), "BBB");
    CHECK_TYPES(a, {"triggered", JSON_TRUE}, {"honoured", JSON_FALSE}, {"withdrawn", JSON_NULL});
    CHECK_STRS(a, {"decision", "statement"}, {"decision_date", "2011-05-20"});
    CHECK(num(a, "latency_days") == 18, "a2 latency %lld, want 18", num(a, "latency_days"));
    CHECK_STR(str(a, "why"), "assistance was owed; no forces or military aid followed");
}

static void test_not_triggered(const json_t *doc)
{
    char list[256];
    /* an internal crisis: defence is not owed, though forces went */
    const json_t *a = appeal(doc, "a3");
    if (a) {
        CHECK_STR(str(a, "requester"), "CCC");
        CHECK_STR(str(json_object_get(a, "cause"), "scope"), "internal");
        CHECK_TYPES(a, {"triggered", JSON_FALSE}, {"honoured", JSON_NULL}, {"decision", JSON_NULL},
                    {"decision_date", JSON_NULL}, {"latency_days", JSON_NULL});
        CHECK_LISTS(json_object_get(a, "obligation"), {"unmet", "external_aggression"});
        joined(json_object_get(a, "steps"), "type", list, sizeof list);
        CHECK_STR(S(list), "deployment");
        CHECK_STR(str(a, "why"), "no treaty obligation was triggered: nothing was owed");
    }
    /* a clash between members: intra-bloc; decided on a date known to the month */
    a = appeal(doc, "a5");
    if (a) {
        /* no latency from a date known to the month */
        CHECK_TYPES(a, {"triggered", JSON_FALSE}, {"honoured", JSON_NULL},
                    {"latency_days", JSON_NULL});
        CHECK_LISTS(json_object_get(a, "obligation"), {"unmet", "intra_bloc"});
        CHECK_STRS(a, {"decision", "fact_finding_mission"}, {"decision_date", "2014-07"});
    }
}

static void test_consultation(const json_t *doc)
{
    const json_t *a = appeal(doc, "a4");
    if (!a)
        return;
    /* asked by a person: their state; no article: the type asked for; honoured:
     * a session was held */
    CHECK_STRS(a, {"requester", "AAA"}, {"asked", "consultations"},
               {"why", "consultation was owed; the organ met"});
    CHECK_TYPES(a, {"article", JSON_NULL}, {"cause", JSON_NULL}, {"triggered", JSON_TRUE},
                {"honoured", JSON_TRUE}, {"decision", JSON_NULL}, {"latency_days", JSON_NULL});
    CHECK_STRS(json_object_get(a, "obligation"), {"type", "consultation"}, {"article", "2"});
}

static void test_reliability(const json_t *doc)
{
    /* honoured of triggered, and the rate, overall and by type of obligation */
    static const struct {
        const char *type; /* NULL: all */
        long long triggered, honoured;
        double rate;
    } want[] = {{NULL, 3, 2, 2.0 / 3.0}, {"defense", 2, 1, 0.5}, {"consultation", 1, 1, 1.0}};
    const json_t *r = json_object_get(doc, "reliability");
    for (size_t i = 0; i < sizeof want / sizeof *want; i++) {
        const char *name = want[i].type ? want[i].type : "all";
        const json_t *x = want[i].type ? json_object_get(json_object_get(r, "by_type"), name)
                                       : json_object_get(r, "all");
        CHECK(num(x, "triggered") == want[i].triggered && num(x, "honoured") == want[i].honoured,
              "%s: %lld honoured of %lld triggered, want %lld of %lld", name, num(x, "honoured"),
              num(x, "triggered"), want[i].honoured, want[i].triggered);
        CHECK(near(json_real_value(json_object_get(x, "rate")), want[i].rate), "%s: rate %g", name,
              json_real_value(json_object_get(x, "rate")));
    }
    CHECK(num(r, "not_triggered") == 2, "not_triggered %lld, want 2", num(r, "not_triggered"));
    CHECK(str(r, "measure") != NULL, "no measure");
}

static void test_other_org(void)
{
    /* OO: one appeal; the requester has no spell in it, nothing is owed */
    json_t *j = appeals("OO");
    const json_t *a = j ? appeal(j, "a6") : NULL;
    CHECK(json_array_size(json_object_get(j, "appeals")) == 1, "OO: %zu appeals, want 1",
          json_array_size(json_object_get(j, "appeals")));
    if (a)
        CHECK_TYPES(a, {"triggered", JSON_FALSE}, {"obligation", JSON_NULL},
                    {"honoured", JSON_NULL});
    const json_t *all = json_object_get(json_object_get(j, "reliability"), "all");
    CHECK(num(all, "triggered") == 0 && json_is_null(json_object_get(all, "rate")),
          "OO: %lld triggered, rate not null", num(all, "triggered"));
    json_decref(j);
}

static void test_text(void)
{
    char *out = NULL;
    int rc = bloc_appeals(db, "TO", BLOC_FMT_TEXT, &out);
    CHECK_TEXT(db, rc, out, "Appeals to TO: 5", "Reliability: 2 honoured of 3 triggered (67%)",
               "(3 days)");
}

static void test_errors(void)
{
    static const struct {
        const char *org, *what;
        int rc;
        const char *names[2]; /* that the message names, to a NULL */
    } cases[] = {{"NOPE", "unknown org", BLOC_ENOTFOUND, {"NOPE"}},
                 {"AAA", "a state as org", BLOC_EINVAL, {NULL}},
                 {NULL, "NULL org", BLOC_ENOTFOUND, {NULL}}};
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        char *out = NULL;
        int rc = bloc_appeals(db, cases[i].org, BLOC_FMT_JSON, &out);
        check_refused(__LINE__, db, cases[i].what, rc, out, cases[i].rc, cases[i].names);
    }
}

int main(void)
{
    char path[64];
    if (fixture_open(&db, path, sizeof path, "appeals") &&
        fixture_load(db, "base.json", base, "the treaty", NULL) &&
        fixture_load(db, "events.json", events, "the events", NULL)) {
        json_t *doc = appeals("TO");
        if (doc) {
            test_list(doc);
            test_honoured(doc);
            test_not_honoured(doc);
            test_not_triggered(doc);
            test_consultation(doc);
            test_reliability(doc);
        }
        json_decref(doc);
        test_other_org();
        test_text();
        test_errors();
    }
    fixture_close(db, path);
    return CHECK_DONE("appeals");
}
