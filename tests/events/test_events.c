/*
 * tests/events/test_events.c - reading the record of events (src/events/):
 * an event's main claim and details as sources are retracted, the procedure
 * under an event in date order, who an actor stands for, day counts.
 *
 * A small record is loaded into a temporary database without the bundled
 * record; the module's functions are then asked of the handle's model (this
 * test reaches inside the handle: events/ is internal).
 */
#define _POSIX_C_SOURCE 200809L

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db/db.h"
#include "events/events.h"
#include "fixture.h"

/* Events given out of date order, with parent chains: root <- late <- grand,
 * root <- early, same (a tie with early), month (a partial date); dis given by
 * two sources that disagree on its date; a parent cycle (cy1, cy2); a chain
 * ch00 <- ch01 <- ... <- ch19 deeper than EVENTS_MAXDEPTH. */
static const char rec[] = FIXTURE_SOURCES
    " \"actors\": [\n"
    "  {\"id\": \"AAA\", \"type\": \"state\", \"source\": \"s1\"},\n"
    "  {\"id\": \"BBB\", \"type\": \"state\", \"source\": \"s1\"},\n"
    "  {\"id\": \"TO\", \"type\": \"org\", \"source\": \"s1\"},\n"
    "  {\"id\": \"ann-smith\", \"type\": \"person\", \"state\": \"AAA\", \"source\": \"s1\"},\n"
    "  {\"id\": \"bob-jones\", \"type\": \"person\", \"source\": \"s1\"}\n"
    " ],\n"
    " \"events\": [\n"
    "  {\"id\": \"late\", \"type\": \"session\", \"date\": \"2020-02-01\", \"actors\": [\"TO\"], "
    "\"parent\": \"root\",\n"
    "   \"source\": \"s1\"},\n"
    "  {\"id\": \"root\", \"type\": \"ASSAULT\", \"mode\": \"border_clash\", \"date\": "
    "\"2020-01-10\",\n"
    "   \"actors\": [\"BBB\"], \"recipients\": [\"TO\", \"AAA\"], \"source\": \"s1\",\n"
    "   \"details\": [{\"key\": \"killed\", \"subject\": \"AAA\", \"num\": 5, \"qualifier\": "
    "\"at_least\"},\n"
    "               {\"key\": \"killed\", \"subject\": \"AAA\", \"num\": 7, \"source\": \"s2\"},\n"
    "               {\"key\": \"place\", \"value\": \"the border\"}]},\n"
    "  {\"id\": \"grand\", \"type\": \"decision\", \"date\": \"2020-01-20\", \"parent\": \"late\", "
    "\"source\": \"s1\",\n"
    "   \"details\": [{\"key\": \"outcome\", \"value\": \"statement\"}]},\n"
    "  {\"id\": \"early\", \"type\": \"appeal\", \"date\": \"2020-01-15\",\n"
    "   \"actors\": [\"ann-smith\", \"TO\", \"BBB\", \"bob-jones\", \"AAA\"], \"parent\": "
    "\"root\", \"source\": \"s1\"},\n"
    "  {\"id\": \"same\", \"type\": \"REQUEST\", \"date\": \"2020-01-15\", \"parent\": \"root\", "
    "\"source\": \"s1\"},\n"
    "  {\"id\": \"month\", \"type\": \"PROTEST\", \"date\": \"2020-01\", \"parent\": \"root\", "
    "\"source\": \"s1\"},\n"
    "  {\"id\": \"dis\", \"type\": \"ASSAULT\", \"date\": \"2021-03-01\", \"source\": \"s1\"},\n"
    "  {\"id\": \"dis\", \"type\": \"ASSAULT\", \"date\": \"2021-03-02\", \"source\": \"s2\"},\n"
    "  {\"id\": \"span\", \"type\": \"PROTEST\", \"from\": \"2021-05-01\", \"to\": \"2021-05-10\", "
    "\"source\": \"s1\"},\n"
    "  {\"id\": \"cy1\", \"type\": \"CONSULT\", \"date\": \"2021-06-01\", \"parent\": \"cy2\", "
    "\"source\": \"s1\"},\n"
    "  {\"id\": \"cy2\", \"type\": \"CONSULT\", \"date\": \"2021-06-02\", \"parent\": \"cy1\", "
    "\"source\": \"s1\"},\n"
    "  {\"id\": \"ch00\", \"type\": \"CONSULT\", \"date\": \"2019-01-01\", \"source\": \"s1\"},\n"
    "  {\"id\": \"ch01\", \"type\": \"CONSULT\", \"date\": \"2019-01-02\", \"source\": \"s1\", "
    "\"parent\": \"ch00\"},\n"
    "  {\"id\": \"ch02\", \"type\": \"CONSULT\", \"date\": \"2019-01-03\", \"source\": \"s1\", "
    "\"parent\": \"ch01\"},\n"
    "  {\"id\": \"ch03\", \"type\": \"CONSULT\", \"date\": \"2019-01-04\", \"source\": \"s1\", "
    "\"parent\": \"ch02\"},\n"
    "  {\"id\": \"ch04\", \"type\": \"CONSULT\", \"date\": \"2019-01-05\", \"source\": \"s1\", "
    "\"parent\": \"ch03\"},\n"
    "  {\"id\": \"ch05\", \"type\": \"CONSULT\", \"date\": \"2019-01-06\", \"source\": \"s1\", "
    "\"parent\": \"ch04\"},\n"
    "  {\"id\": \"ch06\", \"type\": \"CONSULT\", \"date\": \"2019-01-07\", \"source\": \"s1\", "
    "\"parent\": \"ch05\"},\n"
    "  {\"id\": \"ch07\", \"type\": \"CONSULT\", \"date\": \"2019-01-08\", \"source\": \"s1\", "
    "\"parent\": \"ch06\"},\n"
    "  {\"id\": \"ch08\", \"type\": \"CONSULT\", \"date\": \"2019-01-09\", \"source\": \"s1\", "
    "\"parent\": \"ch07\"},\n"
    "  {\"id\": \"ch09\", \"type\": \"CONSULT\", \"date\": \"2019-01-10\", \"source\": \"s1\", "
    "\"parent\": \"ch08\"},\n"
    "  {\"id\": \"ch10\", \"type\": \"CONSULT\", \"date\": \"2019-01-11\", \"source\": \"s1\", "
    "\"parent\": \"ch09\"},\n"
    "  {\"id\": \"ch11\", \"type\": \"CONSULT\", \"date\": \"2019-01-12\", \"source\": \"s1\", "
    "\"parent\": \"ch10\"},\n"
    "  {\"id\": \"ch12\", \"type\": \"CONSULT\", \"date\": \"2019-01-13\", \"source\": \"s1\", "
    "\"parent\": \"ch11\"},\n"
    "  {\"id\": \"ch13\", \"type\": \"CONSULT\", \"date\": \"2019-01-14\", \"source\": \"s1\", "
    "\"parent\": \"ch12\"},\n"
    "  {\"id\": \"ch14\", \"type\": \"CONSULT\", \"date\": \"2019-01-15\", \"source\": \"s1\", "
    "\"parent\": \"ch13\"},\n"
    "  {\"id\": \"ch15\", \"type\": \"CONSULT\", \"date\": \"2019-01-16\", \"source\": \"s1\", "
    "\"parent\": \"ch14\"},\n"
    "  {\"id\": \"ch16\", \"type\": \"CONSULT\", \"date\": \"2019-01-17\", \"source\": \"s1\", "
    "\"parent\": \"ch15\"},\n"
    "  {\"id\": \"ch17\", \"type\": \"CONSULT\", \"date\": \"2019-01-18\", \"source\": \"s1\", "
    "\"parent\": \"ch16\"},\n"
    "  {\"id\": \"ch18\", \"type\": \"CONSULT\", \"date\": \"2019-01-19\", \"source\": \"s1\", "
    "\"parent\": \"ch17\"},\n"
    "  {\"id\": \"ch19\", \"type\": \"CONSULT\", \"date\": \"2019-01-20\", \"source\": \"s1\", "
    "\"parent\": \"ch18\"}\n"
    " ]\n"
    "}\n";
#define REC_FACTS 68

static bloc_db *db;

static sym id(const char *s)
{
    return intern_find(&db->m.syms, s);
}

static const event *ev(const char *s)
{
    return model_event(&db->m, id(s));
}

/* The text of a symbol. */
static const char *name(sym s)
{
    return model_str(&db->m, s);
}

static const char *day(bloc_date d, char *b, size_t n)
{
    return bloc_date_format(d, b, n);
}

/* The ids of the descendants of event `of`, space-separated, are want. */
static void check_descendants(int line, const char *of, const char *want)
{
    const event *e = ev(of);
    char list[1024] = "";
    uint32_t *v = NULL;
    size_t nv = 0;
    CHECK(e != NULL, "(line %d) no event %s", line, of);
    if (e) {
        int rc = event_descendants(&db->m, e, &v, &nv);
        CHECK(rc == BLOC_OK, "(line %d) event_descendants(%s): rc %d", line, of, rc);
        for (size_t i = 0; i < nv; i++)
            list_add(list, sizeof list, name(db->m.events[v[i]].id));
        free(v);
    }
    CHECK(strcmp(list, want) == 0, "(line %d) descendants of %s: \"%s\", want \"%s\"", line, of,
          list, want);
}

#define CHECK_DESCENDANTS(of, want) check_descendants(__LINE__, of, want)

/* The log seq of the fact e->facts.v[k]. */
static int64_t seq_of(const event *e, size_t k)
{
    return (int64_t)e->facts.v[k] + 1;
}

static void test_main_and_details(void)
{
    const model *m = &db->m;
    char b[16];
    const event *root = ev("root");
    const mfact *f = event_main(m, root);
    CHECK(f != NULL, "root has no main claim");
    if (!f)
        return;
    CHECK(f->kind == FACT_EVENT, "root's main claim is a fact of kind %d", f->kind);
    CHECK_STR(name(f->s[1]), "ASSAULT");
    CHECK_STR(name(f->s[2]), "border_clash");
    CHECK_STR(day(f->from, b, sizeof b), "2020-01-10");
    CHECK(f->to == 0, "root has an end");
    /* lists are kept sorted */
    CHECK_STR(name(f->s[3]), "BBB");
    CHECK_STR(name(f->s[4]), "AAA,TO");
    CHECK(event_lists(m, f->s[4], id("TO")) && event_lists(m, f->s[4], id("AAA")),
          "TO and AAA not among root's recipients");
    CHECK(!event_lists(m, f->s[4], id("BBB")), "BBB among root's recipients");
    CHECK(!event_lists(m, f->s[3], id("AAA")), "AAA among root's actors");
    CHECK(!event_lists(m, 0, id("AAA")), "an empty list lists AAA");

    /* a span */
    f = event_main(m, ev("span"));
    CHECK(f && f->from && f->to, "span has no from/to");
    if (f) {
        CHECK_STR(day(f->from, b, sizeof b), "2021-05-01");
        CHECK_STR(day(f->to, b, sizeof b), "2021-05-10");
        CHECK(f->s[3] == 0 && f->s[4] == 0, "span has actors or recipients");
    }

    /* details: the first live one of a key, in log order */
    f = event_detail(m, root, id("killed"));
    CHECK(f && f->kind == FACT_DETAIL && f->num == 5, "root killed: %lld, want 5 (s1's)",
          f ? (long long)f->num : -1LL);
    if (f) {
        CHECK_STR(name(f->s[2]), "AAA");
        CHECK_STR(name(f->s[4]), "at_least");
        CHECK_STR(name(f->src), "s1");
    }
    f = event_detail(m, root, id("place"));
    CHECK(f && f->s[3] && strcmp(name(f->s[3]), "the border") == 0, "root place: %s",
          f ? name(f->s[3]) : "(none)");
    CHECK(event_detail(m, root, id("outcome")) == NULL, "root has an outcome");
    CHECK(event_detail(m, root, 0) == NULL, "a detail for key 0");
    CHECK(event_detail(m, NULL, id("killed")) == NULL, "a detail of no event");
    CHECK(event_main(m, NULL) == NULL, "a main claim of no event");
    f = event_detail(m, ev("grand"), id("outcome"));
    CHECK(f && strcmp(name(f->s[3]), "statement") == 0, "grand outcome: %s",
          f ? name(f->s[3]) : "(none)");
    /* the parent is a detail too */
    f = event_detail(m, ev("late"), m->k_parent);
    CHECK(f && strcmp(name(f->s[3]), "root") == 0, "late's parent: %s",
          f ? name(f->s[3]) : "(none)");
    CHECK(event_detail(m, root, m->k_parent) == NULL, "root has a parent");

    /* an unknown event */
    CHECK(ev("nope") == NULL, "an event \"nope\"");
}

static void test_retracted_claims(void)
{
    char b[16];
    const event *dis = ev("dis");
    const mfact *f = event_main(&db->m, dis);
    CHECK(dis && dis->facts.n == 2, "dis: %zu facts, want 2", dis ? dis->facts.n : 0);
    CHECK(f && strcmp(day(f->from, b, sizeof b), "2021-03-01") == 0 && f->src == id("s1"),
          "dis's main claim is not s1's 2021-03-01");
    if (!dis || dis->facts.n != 2)
        return;
    /* s1's claim retracted: s2's is the main one */
    int64_t s1 = seq_of(dis, 0), s2 = seq_of(dis, 1);
    int rc = bloc_retract(db, s1, "s2", "misdated", NULL);
    CHECK(rc == BLOC_OK, "retract %lld: rc %d: %s", (long long)s1, rc, bloc_errmsg(db));
    dis = ev("dis");
    f = event_main(&db->m, dis);
    CHECK(f && strcmp(day(f->from, b, sizeof b), "2021-03-02") == 0 && f->src == id("s2"),
          "after retracting s1's claim: %s from %s", f ? day(f->from, b, sizeof b) : "(none)",
          f ? name(f->src) : "-");
    /* both retracted: no main claim */
    rc = bloc_retract(db, s2, "s1", "no such clash", NULL);
    CHECK(rc == BLOC_OK, "retract %lld: rc %d: %s", (long long)s2, rc, bloc_errmsg(db));
    CHECK(event_main(&db->m, ev("dis")) == NULL, "an event whose claims are retracted has one");

    /* root's first "killed" detail retracted: s2's figure */
    const event *root = ev("root");
    int64_t kseq = 0;
    for (size_t k = 0; root && k < root->facts.n && !kseq; k++) {
        const mfact *x = &db->m.facts[root->facts.v[k]];
        if (x->kind == FACT_DETAIL && x->s[1] == id("killed"))
            kseq = seq_of(root, k);
    }
    CHECK(kseq > 0, "no killed detail of root");
    rc = bloc_retract(db, kseq, "s2", "the figure was revised", NULL);
    CHECK(rc == BLOC_OK, "retract %lld: rc %d: %s", (long long)kseq, rc, bloc_errmsg(db));
    f = event_detail(&db->m, ev("root"), id("killed"));
    CHECK(f && f->num == 7 && f->src == id("s2"), "root killed after the retraction: %lld",
          f ? (long long)f->num : -1LL);
    if (f)
        CHECK_STR(name(f->s[4]), "exact");

    /* late's parent link retracted: late (and grand under it) no longer follow root */
    const event *late = ev("late");
    int64_t pseq = 0;
    for (size_t k = 0; late && k < late->facts.n && !pseq; k++)
        if (db->m.facts[late->facts.v[k]].s[1] == db->m.k_parent)
            pseq = seq_of(late, k);
    CHECK(pseq > 0, "no parent detail of late");
    rc = bloc_retract(db, pseq, "s1", "it followed another clash", NULL);
    CHECK(rc == BLOC_OK, "retract %lld: rc %d: %s", (long long)pseq, rc, bloc_errmsg(db));
    CHECK_DESCENDANTS("root", "month early same");
    CHECK_DESCENDANTS("late", "grand");
    CHECK(event_detail(&db->m, ev("late"), db->m.k_parent) == NULL, "late still has a parent");
}

static void test_descendants(void)
{
    static const struct {
        const char *of, *want;
    } cases[] = {
        /* in date order, whatever the order of the file; ties in log order; a
         * partial date on its first day */
        {"root", "month early same grand late"},
        {"late", "grand"},
        {"grand", ""},
        {"span", ""},
        /* a cycle ends: each once, never the event itself */
        {"cy1", "cy2"},
        {"cy2", "cy1"},
        /* followed EVENTS_MAXDEPTH deep */
        {"ch00", "ch01 ch02 ch03 ch04 ch05 ch06 ch07 ch08 ch09 ch10 ch11 ch12 ch13 ch14 ch15 ch16"},
        {"ch10", "ch11 ch12 ch13 ch14 ch15 ch16 ch17 ch18 ch19"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++)
        CHECK_DESCENDANTS(cases[i].of, cases[i].want);
}

static void test_states(void)
{
    const model *m = &db->m;
    CHECK_STR(name(event_state(m, id("AAA"))), "AAA");
    CHECK_STR(name(event_state(m, id("ann-smith"))), "AAA");
    CHECK(event_state(m, id("bob-jones")) == 0, "a person without a state stands for %s",
          name(event_state(m, id("bob-jones"))));
    CHECK(event_state(m, id("TO")) == 0, "an organization stands for a state");
    CHECK(event_state(m, id("s1")) == 0, "a source stands for a state");
    CHECK(event_state(m, 0) == 0, "sym 0 stands for a state");

    /* each state once, persons as their state, organizations left out; the list
     * is sorted (AAA,BBB,TO,ann-smith,bob-jones) */
    const mfact *f = event_main(m, ev("early"));
    sym out[MODEL_MAXLIST];
    CHECK(f != NULL, "no early");
    if (!f)
        return;
    size_t n = event_states(m, f, 3, out);
    CHECK(n == 2, "early's actors: %zu states, want 2", n);
    if (n == 2) {
        CHECK_STR(name(out[0]), "AAA");
        CHECK_STR(name(out[1]), "BBB");
    }
    CHECK(event_states(m, f, 4, out) == 0, "early has recipient states");
    f = event_main(m, ev("root"));
    n = f ? event_states(m, f, 4, out) : 0;
    CHECK(n == 1 && out[0] == id("AAA"), "root's recipient states: %zu", n);
}

static void test_days(void)
{
    bloc_date a, b, c;
    int ok = -1;
    bloc_date_parse("2020-01-01", &a, NULL, 0);
    bloc_date_parse("2020-03-01", &b, NULL, 0);
    bloc_date_parse("2020-01", &c, NULL, 0);
    CHECK(event_days(a, b, &ok) == 60 && ok == 1, "2020-01-01 to 2020-03-01: %ld days (ok %d)",
          event_days(a, b, &ok), ok);
    CHECK(event_days(b, a, &ok) == -60 && ok == 1, "backwards: %ld", event_days(b, a, &ok));
    CHECK(event_days(a, a, &ok) == 0 && ok == 1, "same day");
    ok = -1;
    CHECK(event_days(c, b, &ok) == 0 && ok == 0, "a month is not a day: ok %d", ok);
    ok = -1;
    event_days(a, 0, &ok);
    CHECK(ok == 0, "no date is not a day");
}

int main(void)
{
    char path[64];
    bloc_load_stats st = {0};
    int ok = fixture_open(&db, path, sizeof path, "events");
    if (ok) {
        ok = fixture_load(db, "events.json", rec, "the record", &st);
        CHECK(st.appended == REC_FACTS, "appended %zu facts, want %d", st.appended, REC_FACTS);
    }
    if (ok) {
        test_main_and_details();
        test_descendants();
        test_states();
        test_days();
        test_retracted_claims(); /* retracts */
        /* reopened, the model is rebuilt from the log: the same answers */
        bloc_close(db);
        db = NULL;
        int rc = bloc_open(path, BLOC_OPEN_NO_BUNDLE, &db);
        CHECK(rc == BLOC_OK, "reopen: rc %d: %s", rc, bloc_errmsg(db));
        if (rc == BLOC_OK) {
            CHECK_DESCENDANTS("root", "month early same");
            CHECK(event_main(&db->m, ev("dis")) == NULL, "reopened: dis has a main claim");
            const mfact *f = event_detail(&db->m, ev("root"), id("killed"));
            CHECK(f && f->num == 7, "reopened: root killed %lld", f ? (long long)f->num : -1LL);
        }
    }
    fixture_close(db, path);
    return CHECK_DONE("events");
}
