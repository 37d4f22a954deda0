/*
 * tests/cohesion/test_cohesion.c - `bloc cohesion` (src/cohesion/cohesion.c)
 * on a small record: a member arming a state that fought another member, a
 * clash between two members, a member's freeze (an event and a frozen
 * spell), a member's military cooperation with a party to a rival pact; the
 * signals, their years and evidence, the yearly series, and the span asked.
 */
#define _POSIX_C_SOURCE 200809L

#include <stdio.h>
#include <string.h>

#include "fixture.h"

/* TO (AAA, BBB, CCC; CCC frozen from 2018-03-01 to 2020-01-01) and RIV, a
 * rival defence pact (DDD, EEE). */
static const char base[] = FIXTURE_SOURCES
    " \"actors\": [\n"
    "  {\"id\": \"AAA\", \"type\": \"state\", \"source\": \"s1\"},\n"
    "  {\"id\": \"BBB\", \"type\": \"state\", \"source\": \"s1\"},\n"
    "  {\"id\": \"CCC\", \"type\": \"state\", \"source\": \"s1\"},\n"
    "  {\"id\": \"DDD\", \"type\": \"state\", \"source\": \"s1\"},\n"
    "  {\"id\": \"EEE\", \"type\": \"state\", \"source\": \"s1\"},\n"
    "  {\"id\": \"TO\", \"type\": \"org\", \"source\": \"s1\"},\n"
    "  {\"id\": \"RIV\", \"type\": \"org\", \"source\": \"s1\"},\n"
    "  {\"id\": \"carl-doe\", \"type\": \"person\", \"state\": \"CCC\", \"source\": \"s1\"}\n"
    " ],\n"
    " \"treaties\": [\n"
    "  {\"id\": \"TT\", \"org\": \"TO\", \"title\": \"Test Treaty\", \"source\": \"s1\",\n"
    "   \"phases\": [{\"date\": \"2000-01-01\", \"event\": \"in_force\", \"source\": \"s1\"}],\n"
    "   \"provisions\": [{\"article\": \"4\", \"type\": \"defense\", \"from\": \"2000-01-01\", "
    "\"source\": \"s1\"}]},\n"
    "  {\"id\": \"RT\", \"org\": \"RIV\", \"title\": \"Rival Treaty\", \"source\": \"s1\",\n"
    "   \"phases\": [{\"date\": \"2005-01-01\", \"event\": \"in_force\", \"source\": \"s1\"}],\n"
    "   \"provisions\": [{\"article\": \"1\", \"type\": \"defense\", \"from\": \"2005-01-01\", "
    "\"source\": \"s1\"}]}\n"
    " ],\n"
    " \"spells\": [\n"
    "  {\"org\": \"TO\", \"state\": \"AAA\", \"status\": \"member\", \"from\": \"2000-01-01\", "
    "\"source\": \"s1\"},\n"
    "  {\"org\": \"TO\", \"state\": \"BBB\", \"status\": \"member\", \"from\": \"2000-01-01\", "
    "\"source\": \"s1\"},\n"
    "  {\"org\": \"TO\", \"state\": \"CCC\", \"status\": \"member\", \"from\": \"2000-01-01\", "
    "\"to\": \"2018-03-01\",\n"
    "   \"source\": \"s1\"},\n"
    "  {\"org\": \"TO\", \"state\": \"CCC\", \"status\": \"frozen\", \"from\": \"2018-03-01\", "
    "\"to\": \"2020-01-01\",\n"
    "   \"source\": \"s2\"},\n"
    "  {\"org\": \"TO\", \"state\": \"CCC\", \"status\": \"member\", \"from\": \"2020-01-01\", "
    "\"source\": \"s1\"},\n"
    "  {\"org\": \"RIV\", \"state\": \"DDD\", \"status\": \"member\", \"from\": \"2005-01-01\", "
    "\"source\": \"s1\"},\n"
    "  {\"org\": \"RIV\", \"state\": \"EEE\", \"status\": \"member\", \"from\": \"2005-01-01\", "
    "\"source\": \"s1\"}\n"
    " ]\n"
    "}\n";

/* DDD fought BBB in 2015; AAA armed DDD in 2016 (BBB's humanitarian aid to
 * DDD is no signal); AAA and CCC clashed in 2017; CCC's president froze its
 * participation in 2018; AAA exercised with EEE in 2019. */
static const char events[] =
    "{\n"
    " \"events\": [\n"
    "  {\"id\": \"ddd-bbb-war\", \"type\": \"ASSAULT\", \"mode\": \"war\", \"from\": "
    "\"2015-04-01\", \"to\": \"2015-06-01\",\n"
    "   \"actors\": [\"DDD\"], \"recipients\": [\"BBB\"], \"source\": \"s1\"},\n"
    "  {\"id\": \"aaa-arms-ddd\", \"type\": \"AID\", \"mode\": \"arms\", \"date\": \"2016-05\", "
    "\"actors\": [\"AAA\"],\n"
    "   \"recipients\": [\"DDD\"], \"source\": [\"s1\", \"s2\"],\n"
    "   \"details\": [{\"key\": \"item\", \"subject\": \"howitzers\", \"num\": 12}]},\n"
    "  {\"id\": \"bbb-aid-ddd\", \"type\": \"AID\", \"mode\": \"humanitarian\", \"date\": "
    "\"2016-06\",\n"
    "   \"actors\": [\"BBB\"], \"recipients\": [\"DDD\"], \"source\": \"s1\"},\n"
    "  {\"id\": \"aaa-ccc-clash\", \"type\": \"ASSAULT\", \"mode\": \"border_clash\", \"date\": "
    "\"2017-05-10\",\n"
    "   \"actors\": [\"AAA\"], \"recipients\": [\"CCC\"], \"source\": \"s1\"},\n"
    "  {\"id\": \"ccc-freeze\", \"type\": \"RETREAT\", \"mode\": \"freeze\", \"date\": "
    "\"2018-03-01\",\n"
    "   \"actors\": [\"carl-doe\"], \"recipients\": [\"TO\"], \"source\": \"s1\"},\n"
    "  {\"id\": \"aaa-eee-exercise\", \"type\": \"COOPERATE\", \"mode\": \"military\", \"date\": "
    "\"2019-09\",\n"
    "   \"actors\": [\"AAA\"], \"recipients\": [\"EEE\"], \"source\": \"s1\"}\n"
    " ]\n"
    "}\n";

static bloc_db *db;

static json_t *cohesion(const char *org, const char *from, const char *to)
{
    char *out = NULL;
    int rc = bloc_cohesion(db, org, from, to, BLOC_FMT_JSON, &out);
    return fixture_json(db, rc, out, "cohesion %s %s..%s", org, from ? from : "-", to ? to : "-");
}

/* The signal of this kind whose k = v, or NULL. */
static const json_t *signal(const json_t *doc, const char *kind, const char *k, const char *v)
{
    size_t i;
    json_t *s;
    json_array_foreach(json_object_get(doc, "signals"), i, s)
    {
        if (str(s, "kind") && strcmp(str(s, "kind"), kind) == 0 && str(s, k) &&
            strcmp(str(s, k), v) == 0)
            return s;
    }
    return NULL;
}

/* The series as "year:count" pairs, with the count of one kind after a slash
 * when kind is given. */
static void series(const json_t *doc, const char *kind, char *list, size_t n)
{
    size_t i;
    json_t *r;
    list[0] = '\0';
    json_array_foreach(json_object_get(doc, "series"), i, r)
    {
        char pair[48];
        long long y = json_integer_value(json_object_get(r, "year"));
        long long c = json_integer_value(json_object_get(r, "signals"));
        if (kind)
            c = json_integer_value(json_object_get(json_object_get(r, "by_kind"), kind));
        snprintf(pair, sizeof pair, "%lld:%lld", y, c);
        list_add(list, n, pair);
    }
}

static void test_signals(void)
{
    char list[512];
    json_t *j = cohesion("TO", "2014", "2021");
    if (!j)
        return;
    CHECK_STR(str(j, "org"), "TO");
    CHECK(json_integer_value(json_object_get(j, "from")) == 2014 &&
              json_integer_value(json_object_get(j, "to")) == 2021,
          "from/to not echoed");

    /* The signals there are (the one of kind whose k = v), with their string
     * fields and their lists. */
    const struct {
        const char *kind, *k, *v;
        const field *strs, *lists;
    } want[] = {
        /* arms to the adversary of another member, with the clash as evidence */
        {"arms_to_adversary", "supplier", "AAA", FIELDS({"recipient", "DDD"}),
         FIELDS({"adversary_of", "BBB"}, {"fought_in", "ddd-bbb-war"}, {"years", "2016"},
                {"events", "aaa-arms-ddd"}, {"sources", "s1 s2"})},
        /* fighting between members */
        {"intra_bloc_conflict", "state", "AAA", FIELDS({"other", "CCC"}),
         FIELDS({"states", "AAA CCC"}, {"years", "2017"}, {"events", "aaa-ccc-clash"})},
        /* the freeze: the event (by CCC's president) and the frozen spell are
         * one signal; the spell ends on 2020-01-01, so it held in 2018 and 2019 */
        {"freeze", "state", "CCC", FIELDS({"first", "2018-03-01"}, {"event_type", "RETREAT"}),
         FIELDS({"years", "2018 2019"}, {"events", "ccc-freeze"}, {"sources", "s1 s2"})},
        /* military cooperation with a party to a rival pact */
        {"rival_partnership", "partner", "EEE", FIELDS({"member", "AAA"}),
         FIELDS({"rival_pacts", "RIV"}, {"years", "2019"})},
        /* arms are military cooperation too: DDD is a party to RIV */
        {"rival_partnership", "partner", "DDD", NULL, FIELDS({"years", "2016"})},
    };
    for (size_t i = 0; i < sizeof want / sizeof *want; i++) {
        const json_t *s = signal(j, want[i].kind, want[i].k, want[i].v);
        CHECK(s != NULL, "no %s signal with %s %s", want[i].kind, want[i].k, want[i].v);
        if (s) {
            check_strs(__LINE__, s, want[i].strs);
            check_lists(__LINE__, s, want[i].lists);
        }
    }
    /* and those there are not */
    static const struct {
        const char *kind, *k, *v, *why;
    } absent[] = {
        {"arms_to_adversary", "supplier", "BBB", "humanitarian aid counted as arms"},
        {"intra_bloc_conflict", "state", "BBB", "a clash with an outsider counted as intra-bloc"},
        {"frozen", "state", "CCC", "a frozen spell and a freeze apart"},
    };
    for (size_t i = 0; i < sizeof absent / sizeof *absent; i++)
        CHECK(signal(j, absent[i].kind, absent[i].k, absent[i].v) == NULL, "%s", absent[i].why);
    CHECK(json_array_size(json_object_get(j, "signals")) == 5, "%zu signals, want 5",
          json_array_size(json_object_get(j, "signals")));

    /* the series: one row a year of the span */
    CHECK(json_array_size(json_object_get(j, "series")) == 8, "series of %zu years, want 8",
          json_array_size(json_object_get(j, "series")));
    series(j, NULL, list, sizeof list);
    CHECK_STR(S(list), "2014:0 2015:0 2016:2 2017:1 2018:1 2019:2 2020:0 2021:0");
    series(j, "freeze", list, sizeof list);
    CHECK_STR(S(list), "2014:0 2015:0 2016:0 2017:0 2018:1 2019:1 2020:0 2021:0");
    series(j, "intra_bloc_conflict", list, sizeof list);
    CHECK_STR(S(list), "2014:0 2015:0 2016:0 2017:1 2018:0 2019:0 2020:0 2021:0");
    json_decref(j);
}

static void test_bounds(void)
{
    char list[256];
    /* one year: only what happened in it */
    json_t *j = cohesion("TO", "2017", "2017");
    CHECK(json_array_size(json_object_get(j, "signals")) == 1, "2017: %zu signals, want 1",
          json_array_size(json_object_get(j, "signals")));
    CHECK(signal(j, "intra_bloc_conflict", "state", "AAA") != NULL, "2017: no clash");
    series(j, NULL, list, sizeof list);
    CHECK_STR(S(list), "2017:1");
    json_decref(j);

    /* full dates count as their years */
    j = cohesion("TO", "2019-12-31", "2020-01-01");
    CHECK(json_integer_value(json_object_get(j, "from")) == 2019 &&
              json_integer_value(json_object_get(j, "to")) == 2020,
          "dates not read as their years");
    CHECK_LISTS(signal(j, "freeze", "state", "CCC"), {"years", "2019"});
    series(j, NULL, list, sizeof list);
    CHECK_STR(S(list), "2019:2 2020:0");
    json_decref(j);

    /* before anything happened */
    j = cohesion("TO", "2000", "2014");
    CHECK(json_array_size(json_object_get(j, "signals")) == 0, "2000-2014: %zu signals",
          json_array_size(json_object_get(j, "signals")));
    json_decref(j);

    /* no bounds: from the first year of the org's record to this year */
    j = cohesion("TO", NULL, NULL);
    CHECK(json_integer_value(json_object_get(j, "from")) == 2000, "default from %lld",
          (long long)json_integer_value(json_object_get(j, "from")));
    CHECK(json_integer_value(json_object_get(j, "to")) == bloc_date_year(bloc_date_today()),
          "default to %lld", (long long)json_integer_value(json_object_get(j, "to")));
    CHECK(json_array_size(json_object_get(j, "signals")) == 5, "all years: %zu signals, want 5",
          json_array_size(json_object_get(j, "signals")));
    json_decref(j);
}

static void test_text(void)
{
    char *out = NULL;
    int rc = bloc_cohesion(db, "TO", "2014", "2021", BLOC_FMT_TEXT, &out);
    CHECK_TEXT(db, rc, out, "Cohesion of TO, 2014-2021: 5 signals", "AAA arms DDD (who fought BBB)",
               "CCC; 2018-2019");
}

static void test_errors(void)
{
    static const struct {
        const char *org, *from, *to, *what;
        int rc;
        const char *names[3]; /* that the message names, to a NULL */
    } cases[] = {
        {"TO", "2019", "2017", "from > to", BLOC_EINVAL, {"2019", "2017"}},
        {"TO", "2019-02-30", NULL, "bad date", BLOC_EPARSE, {"--from"}},
        {"TO", NULL, "later", "bad --to", BLOC_EPARSE, {NULL}},
        {"NOPE", NULL, NULL, "unknown org", BLOC_ENOTFOUND, {NULL}},
        {"AAA", NULL, NULL, "a state as org", BLOC_EINVAL, {NULL}},
        {"TO", "0001", "2021", "2021 years", BLOC_ELIMIT, {NULL}},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        char *out = NULL;
        int rc = bloc_cohesion(db, cases[i].org, cases[i].from, cases[i].to, BLOC_FMT_JSON, &out);
        check_refused(__LINE__, db, cases[i].what, rc, out, cases[i].rc, cases[i].names);
    }
}

int main(void)
{
    char path[64];
    if (fixture_open(&db, path, sizeof path, "cohesion") &&
        fixture_load(db, "base.json", base, "the pacts", NULL) &&
        fixture_load(db, "events.json", events, "the events", NULL)) {
        test_signals();
        test_bounds();
        test_text();
        test_errors();
    }
    fixture_close(db, path);
    return CHECK_DONE("cohesion");
}
