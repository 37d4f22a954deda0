/*
 * tests/procedure/test_procedure.c - the live crisis procedure
 * (src/procedure/procedure.c) through the public API on a small record: a
 * treaty whose decision rule is consensus until 2010 and consensus with
 * constructive abstention after, three members, a suspended one and an
 * outsider. Who may take which step, the order of steps, both decision rules,
 * pledges and the deployment's end, refusals in the log, and live cases in
 * `bloc appeals`.
 */
#define _POSIX_C_SOURCE 200809L

#include <string.h>

#include "fixture.h"

static const char base[] = FIXTURE_SOURCES
    " \"actors\": [\n"
    "  {\"id\": \"AAA\", \"type\": \"state\", \"source\": \"s1\"},\n"
    "  {\"id\": \"BBB\", \"type\": \"state\", \"source\": \"s1\"},\n"
    "  {\"id\": \"CCC\", \"type\": \"state\", \"source\": \"s1\"},\n"
    "  {\"id\": \"DDD\", \"type\": \"state\", \"source\": \"s1\"},\n"
    "  {\"id\": \"XXX\", \"type\": \"state\", \"source\": \"s1\"},\n"
    "  {\"id\": \"TO\", \"type\": \"org\", \"source\": \"s1\"}\n"
    " ],\n"
    " \"treaties\": [\n"
    "  {\"id\": \"TT\", \"org\": \"TO\", \"title\": \"Test Treaty\", \"source\": \"s1\",\n"
    "   \"phases\": [{\"date\": \"2000-01-01\", \"event\": \"in_force\", \"decision_rule\": "
    "\"consensus\", \"source\": \"s1\"},\n"
    "              {\"date\": \"2010-01-01\", \"event\": \"amendment\", \"decision_rule\": "
    "\"consensus_abstention\", \"source\": \"s1\"}],\n"
    "   \"provisions\": [{\"article\": \"4\", \"type\": \"defense\", \"from\": \"2000-01-01\", "
    "\"conditions\": {\"on_request\": true}, \"source\": \"s1\"}]}\n"
    " ],\n"
    " \"spells\": [\n"
    "  {\"org\": \"TO\", \"state\": \"AAA\", \"status\": \"member\", \"from\": \"2000-01-01\", "
    "\"source\": \"s1\"},\n"
    "  {\"org\": \"TO\", \"state\": \"BBB\", \"status\": \"member\", \"from\": \"2000-01-01\", "
    "\"source\": \"s1\"},\n"
    "  {\"org\": \"TO\", \"state\": \"CCC\", \"status\": \"member\", \"from\": \"2000-01-01\", "
    "\"source\": \"s1\"},\n"
    "  {\"org\": \"TO\", \"state\": \"DDD\", \"status\": \"suspended\", \"from\": \"2000-01-01\", "
    "\"source\": \"s1\"}\n"
    " ]\n"
    "}\n";

static bloc_db *db;

/* A step by user (role, state) on day; the case id for later steps. */
static int step(const char *action, const char *role, const char *state, const char *on,
                const char *case_id, const char *value, json_t **doc)
{
    static const char *const attackers[] = {"XXX"};
    char user[32];
    snprintf(user, sizeof user, "%s-%s", role, state ? state : "x");
    bloc_step st = {
        .action = action, .user = user, .role = role, .state = state, .on = on, .case_id = case_id};
    if (strcmp(action, "appeal") == 0) {
        st.org = "TO";
        st.article = value ? value : "4";
        st.asked = "military_assistance";
        st.attackers = attackers;
        st.nattackers = 1;
    }
    st.proposal = strcmp(action, "convene") == 0 ? value : NULL;
    st.position = strcmp(action, "position") == 0 ? value : NULL;
    st.size = strcmp(action, "pledge") == 0 ? 100 : 0;
    if (strcmp(action, "position") == 0 && value && strchr(value, '/')) { /* "support/CCC" */
        static char pos[32];
        snprintf(pos, sizeof pos, "%s", value);
        *strchr(pos, '/') = '\0';
        st.position = pos;
        st.for_state = strchr(value, '/') + 1;
    }
    char *out = NULL;
    int rc = bloc_step_apply(db, &st, &out);
    if (doc)
        *doc = out ? json_loads(out, 0, NULL) : NULL;
    bloc_free(out);
    return rc;
}

#define STEP_RC(want, ...)                                                                         \
    do {                                                                                           \
        int rc_ = step(__VA_ARGS__, NULL);                                                         \
        CHECK(rc_ == (want), "%s: rc %d, want %d: %s", #__VA_ARGS__, rc_, want, bloc_errmsg(db));  \
    } while (0)

static long refusals(void)
{
    char *out = NULL;
    long n = 0;
    if (bloc_log(db, 1, 0, BLOC_FMT_JSON, &out) == BLOC_OK)
        for (const char *p = out; (p = strstr(p, "\"kind\":\"refusal\"")); p++)
            n++;
    bloc_free(out);
    return n;
}

static void test_consensus_blocks(void)
{
    const char *d = "2005-03-01";
    json_t *c = NULL;
    long before = refusals();
    STEP_RC(BLOC_EDENIED, "appeal", "observer", NULL, d, NULL, NULL);
    STEP_RC(BLOC_EDENIED, "appeal", "delegation", "XXX", d, NULL, NULL); /* not a member */
    STEP_RC(BLOC_EDENIED, "appeal", "delegation", "DDD", d, NULL, NULL); /* suspended */
    STEP_RC(BLOC_EINVAL, "appeal", "delegation", "AAA", d, NULL, "9");   /* no article 9 */
    CHECK(refusals() == before + 3, "three refusals logged, got %ld", refusals() - before);
    /* the same refusal twice at once: two entries, neither skipped as a repeat */
    STEP_RC(BLOC_EDENIED, "appeal", "observer", NULL, d, NULL, NULL);
    STEP_RC(BLOC_EDENIED, "appeal", "observer", NULL, d, NULL, NULL);
    CHECK(refusals() == before + 5, "five refusals logged, got %ld", refusals() - before);
    CHECK(step("appeal", "delegation", "AAA", d, NULL, NULL, &c) == BLOC_OK, "appeal: %s",
          bloc_errmsg(db));
    CHECK_STR(str(c, "id"), "live:1");
    CHECK_STR(str(c, "stage"), "filed");
    CHECK_STR(str(c, "decision_rule"), "consensus");
    json_decref(c);
    STEP_RC(BLOC_ECONFLICT, "decide", "secretariat", NULL, d, "live:1", NULL);
    STEP_RC(BLOC_ECONFLICT, "position", "delegation", "BBB", d, "live:1", "support");
    STEP_RC(BLOC_EDENIED, "convene", "delegation", "AAA", d, "live:1", "deployment");
    STEP_RC(BLOC_EINVAL, "convene", "secretariat", NULL, d, "live:1", "parade");
    STEP_RC(BLOC_OK, "convene", "secretariat", NULL, d, "live:1", "deployment");
    STEP_RC(BLOC_ECONFLICT, "convene", "secretariat", NULL, d, "live:1", "deployment");
    STEP_RC(BLOC_EDENIED, "position", "delegation", "BBB", d, "live:1", "support/CCC");
    STEP_RC(BLOC_EDENIED, "position", "delegation", "DDD", d, "live:1", "support");
    STEP_RC(BLOC_EDENIED, "position", "observer", NULL, d, "live:1", "support");
    STEP_RC(BLOC_OK, "position", "delegation", "AAA", d, "live:1", "support");
    STEP_RC(BLOC_OK, "position", "delegation", "BBB", d, "live:1", "support");
    STEP_RC(BLOC_ECONFLICT, "position", "delegation", "BBB", d, "live:1", "object");
    STEP_RC(BLOC_ECONFLICT, "decide", "secretariat", NULL, d, "live:1", NULL); /* CCC pending */
    STEP_RC(BLOC_OK, "position", "delegation", "CCC", d, "live:1", "abstain");
    CHECK(step("decide", "secretariat", NULL, d, "live:1", NULL, &c) == BLOC_OK, "decide: %s",
          bloc_errmsg(db));
    /* under plain consensus an abstention blocks */
    CHECK_STR(str(c, "outcome"), "declined");
    CHECK(json_is_false(json_object_get(c, "adopted")), "not adopted");
    CHECK_STR(str(c, "stage"), "decided");
    json_decref(c);
    STEP_RC(BLOC_ECONFLICT, "position", "delegation", "CCC", d, "live:1", "support");
    STEP_RC(BLOC_ECONFLICT, "pledge", "delegation", "BBB", d, "live:1", NULL);
    STEP_RC(BLOC_ECONFLICT, "decide", "secretariat", NULL, d, "live:1", NULL);
    STEP_RC(BLOC_ENOTFOUND, "decide", "secretariat", NULL, d, "live:99", NULL);
}

static void test_abstention_deploys(void)
{
    const char *d = "2011-05-02";
    json_t *c = NULL;
    STEP_RC(BLOC_OK, "appeal", "delegation", "BBB", d, NULL, NULL);
    STEP_RC(BLOC_ECONFLICT, "convene", "secretariat", NULL, "2011-05-01", "live:2", "deployment");
    STEP_RC(BLOC_OK, "convene", "secretariat", NULL, d, "live:2", "deployment");
    STEP_RC(BLOC_OK, "position", "delegation", "AAA", d, "live:2", "support");
    STEP_RC(BLOC_OK, "position", "delegation", "BBB", d, "live:2", "support");
    STEP_RC(BLOC_OK, "position", "delegation", "CCC", d, "live:2", "abstain");
    CHECK(step("decide", "secretariat", NULL, d, "live:2", NULL, &c) == BLOC_OK, "decide: %s",
          bloc_errmsg(db));
    CHECK_STR(str(c, "decision_rule"), "consensus_abstention");
    CHECK_STR(str(c, "outcome"), "deployment");
    CHECK_STR(str(c, "stage"), "deployed");
    json_decref(c);
    STEP_RC(BLOC_ECONFLICT, "withdraw", "secretariat", NULL, d, "live:2", NULL);
    STEP_RC(BLOC_EDENIED, "pledge", "secretariat", NULL, d, "live:2", NULL);
    STEP_RC(BLOC_OK, "pledge", "delegation", "AAA", d, "live:2", NULL);
    STEP_RC(BLOC_ECONFLICT, "pledge", "delegation", "AAA", d, "live:2", NULL);
    STEP_RC(BLOC_EDENIED, "pledge", "delegation", "XXX", d, "live:2", NULL);
    STEP_RC(BLOC_OK, "complete", "secretariat", NULL, d, "live:2", NULL);
    STEP_RC(BLOC_ECONFLICT, "pledge", "delegation", "CCC", d, "live:2", NULL);
    CHECK(step("withdraw", "secretariat", NULL, d, "live:2", NULL, &c) == BLOC_OK, "withdraw: %s",
          bloc_errmsg(db));
    CHECK_STR(str(c, "stage"), "withdrawn");
    CHECK(json_integer_value(json_object_get(c, "pledged")) == 100, "100 pledged");
    json_decref(c);
    STEP_RC(BLOC_ECONFLICT, "withdraw", "secretariat", NULL, d, "live:2", NULL);
    /* an objection blocks even with constructive abstention */
    STEP_RC(BLOC_OK, "appeal", "delegation", "CCC", d, NULL, NULL);
    STEP_RC(BLOC_OK, "convene", "secretariat", NULL, d, "live:3", "statement");
    STEP_RC(BLOC_OK, "position", "delegation", "AAA", d, "live:3", "object");
    STEP_RC(BLOC_OK, "position", "delegation", "BBB", d, "live:3", "support");
    STEP_RC(BLOC_OK, "position", "delegation", "CCC", d, "live:3", "support");
    CHECK(step("decide", "secretariat", NULL, d, "live:3", NULL, &c) == BLOC_OK, "decide: %s",
          bloc_errmsg(db));
    CHECK_STR(str(c, "outcome"), "declined");
    json_decref(c);
}

/* Live cases are appeals of the record: honoured when forces were sent. */
static void test_appeals_count_them(void)
{
    char *out = NULL;
    int rc = bloc_appeals(db, "TO", BLOC_FMT_JSON, &out);
    json_t *doc = rc == BLOC_OK ? json_loads(out, 0, NULL) : NULL;
    bloc_free(out);
    const json_t *list = json_object_get(doc, "appeals");
    CHECK(json_array_size(list) == 3, "three appeals, got %zu", json_array_size(list));
    const json_t *a1 = fixture_find(list, "id", "live:1"), *a2 = fixture_find(list, "id", "live:2");
    CHECK(a1 && json_is_false(json_object_get(a1, "honoured")), "live:1 not honoured");
    CHECK(a2 && json_is_true(json_object_get(a2, "honoured")), "live:2 honoured");
    json_decref(doc);
    rc = bloc_cases(db, "TO", BLOC_FMT_TEXT, &out);
    CHECK(rc == BLOC_OK && out && strstr(out, "live:2") && strstr(out, "withdrawn"),
          "cases text: %s", out ? out : bloc_errmsg(db));
    bloc_free(out);
    bloc_verify_report r;
    CHECK(bloc_verify(db, &r) == BLOC_OK, "the chain holds");
}

/* Record files may not take the live procedure's ids. */
static void test_reserved_ids(void)
{
    static const char rec[] = "{\"events\": [{\"id\": \"live:9\", \"type\": \"appeal\", "
                              "\"date\": \"2011-01-01\", \"actors\": [\"AAA\"], "
                              "\"recipients\": [\"TO\"], \"source\": \"s1\"}]}";
    int rc = bloc_load_buffer(db, "live.json", rec, strlen(rec), NULL);
    CHECK(rc != BLOC_OK && strstr(bloc_errmsg(db), "live:"), "refused: rc %d: %s", rc,
          bloc_errmsg(db));
}

int main(void)
{
    char path[64];
    if (fixture_open(&db, path, sizeof path, "procedure") &&
        fixture_load(db, "base.json", base, "the treaty", NULL)) {
        test_consensus_blocks();
        test_abstention_deploys();
        test_appeals_count_them();
        test_reserved_ids();
    }
    fixture_close(db, path);
    return CHECK_DONE("procedure");
}
