/*
 * tests/rules/test_obligations.c - what an attack triggers
 * (src/rules/obligations.c), asked of a fresh database seeded with the bundled
 * record, through the public API in JSON.
 *
 * Reference cases: Azerbaijan's attack on Armenia of 13 September 2022 (CSTO
 * article 4, as amended in 2010, binds the others only at Armenia's request),
 * the Tajik-Kyrgyz border clash of 16 September 2022 (both members: the
 * defence clause is not engaged), 11 September 2001 (NATO article 5), and a day
 * before the Collective Security Treaty entered into force.
 */
#define _POSIX_C_SOURCE 200809L

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "bloc/bloc.h"
#include "check.h"

static bloc_db *db;

static const char *S(const char *s)
{
    return s;
}

/* bloc_obligations in JSON, parsed; NULL (and a failed check) on failure. */
static json_t *ask(int line, const char *target, const char *on, const char *attacker,
                   int requested)
{
    const char *att[1] = {attacker};
    bloc_attack a = {target, on, att, attacker ? 1 : 0, requested, 0};
    char *out = NULL;
    int rc = bloc_obligations(db, &a, BLOC_FMT_JSON, &out);
    CHECK(rc == BLOC_OK && out, "(line %d) attack on %s on %s: rc %d: %s", line, target, on, rc,
          bloc_errmsg(db));
    json_error_t e;
    json_t *j = out ? json_loads(out, 0, &e) : NULL;
    CHECK(!out || j, "(line %d) answer is not JSON", line);
    bloc_free(out);
    return j;
}

#define ASK(target, on, attacker, requested) ask(__LINE__, target, on, attacker, requested)

static const char *str(const json_t *o, const char *key)
{
    return json_string_value(json_object_get(o, key));
}

/* The obligations of org's article of type in the answer. */
static size_t find(const json_t *doc, const char *org, const char *article, const char *type,
                   json_t **out, size_t max)
{
    size_t i, n = 0;
    json_t *o;
    json_array_foreach(json_object_get(doc, "obligations"), i, o)
    {
        const char *g = str(o, "org"), *a = str(o, "article"), *t = str(o, "type");
        if (g && a && t && !strcmp(g, org) && !strcmp(a, article) && !strcmp(t, type) && n < max)
            out[n++] = o;
    }
    return n;
}

/* A JSON array of strings as one space-separated string. */
static void joined(const json_t *arr, char *list, size_t n)
{
    size_t i;
    json_t *s;
    list[0] = '\0';
    json_array_foreach(arr, i, s)
    {
        size_t len = strlen(list);
        snprintf(list + len, n - len, "%s%s", len ? " " : "",
                 json_string_value(s) ? json_string_value(s) : "?");
    }
}

static int has(const json_t *arr, const char *s)
{
    size_t i;
    json_t *x;
    json_array_foreach(arr, i,
                       x) if (json_string_value(x) && !strcmp(json_string_value(x), s)) return 1;
    return 0;
}

static void test_arm_2022(void)
{
    char list[512];
    json_t *ob[4];

    /* Requested: article 4 is triggered and binds the other members in good standing. */
    json_t *j = ASK("ARM", "2022-09-13", "AZE", 1);
    CHECK_STR(str(j, "target"), "ARM");
    CHECK_STR(str(j, "on"), "2022-09-13");
    CHECK(json_is_true(json_object_get(j, "requested")), "requested not echoed");
    joined(json_object_get(j, "attackers"), list, sizeof list);
    CHECK_STR(S(list), "AZE");
    CHECK(json_array_size(json_object_get(j, "intra_bloc")) == 0, "AZE-ARM counted as intra-bloc");
    size_t n = find(j, "CSTO", "4", "defense", ob, 4);
    CHECK(n == 1, "ARM 2022 requested: %zu CSTO art. 4 defense obligations, want 1", n);
    if (n >= 1) {
        CHECK(json_is_true(json_object_get(ob[0], "triggered")), "art. 4 not triggered");
        joined(json_object_get(ob[0], "bound"), list, sizeof list);
        CHECK_STR(S(list), "BLR KAZ KGZ RUS TJK");
        CHECK(json_array_size(json_object_get(ob[0], "unmet")) == 0, "art. 4 has unmet conditions");
        CHECK(has(json_object_get(ob[0], "met"), "on_request"), "on_request not met");
        CHECK_STR(str(ob[0], "treaty"), "CST");
        CHECK_STR(str(ob[0], "provision_from"), "2010-12-10");
        CHECK_STR(str(ob[0], "source"), "cst-amendments-2010");
        CHECK_STR(str(ob[0], "decision_rule"), "consensus_abstention");
    }
    /* Non-aggression binds only member attackers: AZE is not one. */
    CHECK(find(j, "CSTO", "1", "nonaggression", ob, 4) == 0, "non-aggression engaged by AZE");
    json_decref(j);

    /* Not requested: not triggered, says why, and whom it would bind. */
    j = ASK("ARM", "2022-09-13", "AZE", 0);
    CHECK(json_is_false(json_object_get(j, "requested")), "requested echoed as true");
    n = find(j, "CSTO", "4", "defense", ob, 4);
    CHECK(n == 1, "ARM 2022 unrequested: %zu CSTO art. 4 obligations, want 1", n);
    if (n >= 1) {
        CHECK(json_is_false(json_object_get(ob[0], "triggered")),
              "art. 4 triggered without request");
        CHECK(has(json_object_get(ob[0], "unmet"), "on_request"), "on_request not unmet");
        CHECK(json_array_size(json_object_get(ob[0], "bound")) == 0, "bound without request");
        joined(json_object_get(ob[0], "would_bind"), list, sizeof list);
        CHECK_STR(S(list), "BLR KAZ KGZ RUS TJK");
    }
    json_decref(j);
}

static void test_intra_bloc(void)
{
    char list[512];
    json_t *ob[4];
    json_t *j = ASK("KGZ", "2022-09-16", "TJK", 1);
    joined(json_object_get(j, "intra_bloc"), list, sizeof list);
    CHECK_STR(S(list), "CSTO");
    size_t n = find(j, "CSTO", "4", "defense", ob, 4);
    CHECK(n == 1, "KGZ 2022: %zu CSTO art. 4 obligations, want 1", n);
    if (n >= 1) {
        CHECK(json_is_false(json_object_get(ob[0], "triggered")), "art. 4 triggered intra-bloc");
        CHECK(has(json_object_get(ob[0], "unmet"), "intra_bloc"), "intra_bloc not unmet");
        CHECK(json_array_size(json_object_get(ob[0], "bound")) == 0, "bound intra-bloc");
        joined(json_object_get(ob[0], "would_bind"), list, sizeof list);
        CHECK_STR(S(list), "ARM BLR KAZ RUS");
    }
    /* Non-aggression (art. 1) is engaged and binds the member attacker. */
    n = find(j, "CSTO", "1", "nonaggression", ob, 4);
    CHECK(n == 1, "KGZ 2022: %zu CSTO art. 1 obligations, want 1", n);
    if (n >= 1) {
        CHECK(json_is_true(json_object_get(ob[0], "triggered")), "art. 1 not triggered");
        joined(json_object_get(ob[0], "bound"), list, sizeof list);
        CHECK_STR(S(list), "TJK");
    }
    json_decref(j);
}

static void test_nato_2001(void)
{
    json_t *ob[4];
    /* No state attacker (a non-state group). */
    json_t *j = ASK("USA", "2001-09-12", NULL, 0);
    CHECK(json_array_size(json_object_get(j, "attackers")) == 0, "attackers not empty");
    size_t n = find(j, "NATO", "5", "defense", ob, 4);
    CHECK(n >= 1, "USA 2001: no NATO art. 5 defense obligation");
    for (size_t k = 0; k < n; k++) {
        json_t *bound = json_object_get(ob[k], "bound");
        CHECK(json_is_true(json_object_get(ob[k], "triggered")), "NATO art. 5 not triggered");
        CHECK(json_array_size(bound) == 18, "NATO art. 5 binds %zu states, want 18",
              json_array_size(bound));
        CHECK(!has(bound, "USA"), "NATO art. 5 binds the target USA");
        CHECK(has(bound, "TUR") && has(bound, "GBR") && has(bound, "POL"),
              "NATO art. 5 does not bind TUR, GBR, POL");
        CHECK(!has(bound, "EST") && !has(bound, "FIN"), "NATO art. 5 binds later members");
        CHECK(has(json_object_get(ob[k], "met"), "location"), "location not met");
    }
    /* The provision is recorded from two sources (the treaty and the 1952 protocol);
     * their claims agree. */
    for (size_t k = 1; k < n; k++)
        CHECK(json_equal(json_object_get(ob[k], "bound"), json_object_get(ob[0], "bound")) &&
                  json_equal(json_object_get(ob[k], "triggered"),
                             json_object_get(ob[0], "triggered")),
              "NATO art. 5 claims disagree");
    /* Shown to people, claims that agree are merged (docs/RECORD_FORMAT.md): the
     * article appears once. */
    char *out = NULL;
    const char *none[1] = {NULL};
    bloc_attack a = {"USA", "2001-09-12", none, 0, 0, 0};
    int rc = bloc_obligations(db, &a, BLOC_FMT_TEXT, &out);
    CHECK(rc == BLOC_OK && out, "text obligations USA 2001: rc %d", rc);
    if (out) {
        size_t times = 0;
        for (const char *p = strstr(out, "art. 5 (defense)"); p;
             p = strstr(p + 1, "art. 5 (defense)"))
            times++;
        CHECK(times == 1,
              "text answer shows \"NATO NAT art. 5 (defense)\" %zu times, want once:\n%s", times,
              out);
    }
    bloc_free(out);
    /* No CSTO obligation for the USA. */
    CHECK(find(j, "CSTO", "4", "defense", ob, 4) == 0, "CSTO obligation for the USA");
    json_decref(j);
}

static void test_not_in_force(void)
{
    json_t *ob[4];
    /* 1993: the treaty was signed (1992) but not in force (1994-04-20). */
    json_t *j = ASK("ARM", "1993-01-01", "AZE", 1);
    size_t i, csto = 0;
    json_t *o;
    json_array_foreach(json_object_get(j, "obligations"), i, o)
    {
        const char *g = str(o, "org");
        csto += g && strcmp(g, "CSTO") == 0;
    }
    CHECK(csto == 0, "ARM 1993: %zu CSTO obligations before the treaty was in force", csto);
    CHECK(json_array_size(json_object_get(j, "intra_bloc")) == 0, "ARM 1993: intra-bloc");
    json_decref(j);

    /* The day before and the day of entry into force. */
    j = ASK("ARM", "1994-04-19", "AZE", 1);
    CHECK(find(j, "CSTO", "4", "defense", ob, 4) == 0, "CSTO art. 4 on 1994-04-19");
    json_decref(j);
    j = ASK("RUS", "1994-04-20", NULL, 0);
    CHECK(find(j, "CSTO", "4", "defense", ob, 4) == 1, "no CSTO art. 4 on 1994-04-20");
    json_decref(j);

    /* 2000: the original article 4 has no request condition. */
    char list[512];
    j = ASK("ARM", "2000-01-01", "AZE", 0);
    size_t n = find(j, "CSTO", "4", "defense", ob, 4);
    CHECK(n == 1, "ARM 2000: %zu CSTO art. 4 obligations", n);
    if (n >= 1) {
        CHECK(json_is_true(json_object_get(ob[0], "triggered")), "original art. 4 needs a request");
        CHECK_STR(str(ob[0], "provision_from"), "1994-04-20");
        CHECK_STR(str(ob[0], "decision_rule"), "consensus");
        joined(json_object_get(ob[0], "bound"), list, sizeof list);
        CHECK_STR(S(list), "BLR KAZ KGZ RUS TJK");
    }
    json_decref(j);

    /* A state no longer bound is not protected: Azerbaijan attacked in 2000. */
    j = ASK("AZE", "2000-01-01", "ARM", 1);
    CHECK(find(j, "CSTO", "4", "defense", ob, 4) == 0, "CSTO protects AZE in 2000");
    json_decref(j);
}

static void test_errors(void)
{
    char *out = NULL;
    const char *att[2] = {"AZE", "XYZ"};
    bloc_attack a = {"ATLANTIS", "2022-09-13", att, 1, 1, 0};
    int rc = bloc_obligations(db, &a, BLOC_FMT_JSON, &out);
    CHECK(rc == BLOC_ENOTFOUND, "unknown target: rc %d, want BLOC_ENOTFOUND", rc);
    CHECK(strstr(bloc_errmsg(db), "ATLANTIS") != NULL, "unknown target not named: %s",
          bloc_errmsg(db));
    bloc_free(out);
    out = NULL;

    a.target = "ARM";
    a.nattackers = 2;
    rc = bloc_obligations(db, &a, BLOC_FMT_JSON, &out);
    CHECK(rc == BLOC_ENOTFOUND, "unknown attacker: rc %d, want BLOC_ENOTFOUND", rc);
    CHECK(strstr(bloc_errmsg(db), "XYZ") != NULL, "unknown attacker not named: %s",
          bloc_errmsg(db));
    bloc_free(out);
    out = NULL;

    a.nattackers = 1;
    a.on = "2022-02-30";
    rc = bloc_obligations(db, &a, BLOC_FMT_JSON, &out);
    CHECK(rc == BLOC_EPARSE, "bad date: rc %d, want BLOC_EPARSE", rc);
    CHECK(strstr(bloc_errmsg(db), "2022-02-30") != NULL, "bad date not named: %s", bloc_errmsg(db));
    bloc_free(out);
    out = NULL;
    a.on = "yesterday";
    rc = bloc_obligations(db, &a, BLOC_FMT_JSON, &out);
    CHECK(rc == BLOC_EPARSE, "date \"yesterday\": rc %d, want BLOC_EPARSE", rc);
    bloc_free(out);
    out = NULL;

    /* The target attacking itself. */
    const char *self[1] = {"ARM"};
    bloc_attack s = {"ARM", "2022-09-13", self, 1, 1, 0};
    rc = bloc_obligations(db, &s, BLOC_FMT_JSON, &out);
    CHECK(rc == BLOC_EINVAL, "target = attacker: rc %d, want BLOC_EINVAL", rc);
    bloc_free(out);
    out = NULL;

    /* An organization is not a target state. */
    bloc_attack o = {"CSTO", "2022-09-13", att, 0, 1, 0};
    rc = bloc_obligations(db, &o, BLOC_FMT_JSON, &out);
    CHECK(rc != BLOC_OK, "an organization as target accepted");
    bloc_free(out);
    out = NULL;

    /* States may be named, in any language. */
    const char *by[1] = {"Азербайджан"};
    bloc_attack named = {"Armenia", "2022-09-13", by, 1, 1, 0};
    rc = bloc_obligations(db, &named, BLOC_FMT_JSON, &out);
    CHECK(rc == BLOC_OK, "states by name: rc %d: %s", rc, bloc_errmsg(db));
    json_error_t e;
    json_t *j = out ? json_loads(out, 0, &e) : NULL;
    CHECK_STR(str(j, "target"), "ARM");
    char list[64];
    joined(json_object_get(j, "attackers"), list, sizeof list);
    CHECK_STR(S(list), "AZE");
    json_decref(j);
    bloc_free(out);
}

/* Treaties that ended: loaded on top of the bundled record. The phases of the
 * record are a list of dated events; their order in the file is not their order
 * in time. */
static void test_termination(void)
{
    static const char rec[] =
        "{\"sources\": [{\"id\": \"t-src\", \"kind\": \"report\", \"publisher\": \"P\", "
        "\"title\": \"T\"}],\n"
        " \"actors\": [{\"id\": \"TSA\", \"type\": \"org\", \"source\": \"t-src\"},\n"
        "            {\"id\": \"TSB\", \"type\": \"org\", \"source\": \"t-src\"}],\n"
        " \"treaties\": [\n"
        "  {\"id\": \"TSA-T\", \"org\": \"TSA\", \"title\": \"Pact A\", \"source\": \"t-src\",\n"
        "   \"phases\": [{\"date\": \"1990-01-01\", \"event\": \"in_force\", \"source\": "
        "\"t-src\"},\n"
        "              {\"date\": \"2000-01-01\", \"event\": \"termination\", \"source\": "
        "\"t-src\"}],\n"
        "   \"provisions\": [{\"article\": \"1\", \"type\": \"defense\", \"from\": "
        "\"1990-01-01\", \"source\": \"t-src\"}]},\n"
        "  {\"id\": \"TSB-T\", \"org\": \"TSB\", \"title\": \"Pact B\", \"source\": \"t-src\",\n"
        "   \"phases\": [{\"date\": \"2000-01-01\", \"event\": \"termination\", \"source\": "
        "\"t-src\"},\n"
        "              {\"date\": \"1990-01-01\", \"event\": \"in_force\", \"source\": "
        "\"t-src\"}],\n"
        "   \"provisions\": [{\"article\": \"1\", \"type\": \"defense\", \"from\": "
        "\"1990-01-01\", \"source\": \"t-src\"}]}],\n"
        " \"spells\": [\n"
        "  {\"org\": \"TSA\", \"state\": \"ISL\", \"status\": \"member\", \"from\": "
        "\"1990-01-01\", \"source\": \"t-src\"},\n"
        "  {\"org\": \"TSA\", \"state\": \"NOR\", \"status\": \"member\", \"from\": "
        "\"1990-01-01\", \"source\": \"t-src\"},\n"
        "  {\"org\": \"TSB\", \"state\": \"ISL\", \"status\": \"member\", \"from\": "
        "\"1990-01-01\", \"source\": \"t-src\"},\n"
        "  {\"org\": \"TSB\", \"state\": \"NOR\", \"status\": \"member\", \"from\": "
        "\"1990-01-01\", \"source\": \"t-src\"}]}\n";
    int rc = bloc_load_buffer(db, "ended.json", rec, strlen(rec), NULL);
    CHECK(rc == BLOC_OK, "loading the ended treaties: rc %d: %s", rc, bloc_errmsg(db));
    if (rc)
        return;
    json_t *ob[4];
    char list[64];
    /* In force in 1995, both. */
    json_t *j = ASK("ISL", "1995-01-01", NULL, 0);
    CHECK(find(j, "TSA", "1", "defense", ob, 4) == 1, "pact A not in force in 1995");
    if (find(j, "TSB", "1", "defense", ob, 4) == 1) {
        joined(json_object_get(ob[0], "bound"), list, sizeof list);
        CHECK_STR(S(list), "NOR");
    } else {
        CHECK(0, "pact B not in force in 1995");
    }
    json_decref(j);
    /* Terminated in 2000, both, whatever the order of their phases in the file. */
    j = ASK("ISL", "2005-01-01", NULL, 0);
    CHECK(find(j, "TSA", "1", "defense", ob, 4) == 0,
          "pact A (phases in date order) in force after its termination");
    CHECK(find(j, "TSB", "1", "defense", ob, 4) == 0,
          "pact B (termination listed before entry into force) in force after its termination");
    json_decref(j);
}

int main(void)
{
    char path[64];
    if (!check_temp_path(path, sizeof path, "obligations"))
        return CHECK_DONE("obligations");
    int rc = bloc_open(path, 0, &db);
    CHECK(rc == BLOC_OK, "bloc_open with the bundled record: rc %d: %s", rc, bloc_errmsg(db));
    if (rc == BLOC_OK) {
        test_arm_2022();
        test_intra_bloc();
        test_nato_2001();
        test_not_in_force();
        test_errors();
        test_termination(); /* last: it adds to the record */
    }
    bloc_close(db);
    check_remove_db(path);
    return CHECK_DONE("obligations");
}
