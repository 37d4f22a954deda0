/*
 * tests/membership/test_membership.c - who belonged to the CSTO on a day, and
 * who chaired it (src/membership/membership.c), asked of a fresh database
 * seeded with the bundled record, through the public API in JSON.
 *
 * The reference cases are the record's own history: the nine states of 1994,
 * the six that extended the treaty in 1999, Uzbekistan's return in 2006 and
 * suspension in 2012, Armenia's disputed "freeze" of 2024, and the rotating
 * chair.
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

/* bloc_members in JSON, parsed; NULL (and a failed check) on failure. */
static json_t *members(const char *org, const char *on)
{
    char *out = NULL;
    int rc = bloc_members(db, org, on, BLOC_FMT_JSON, &out);
    CHECK(rc == BLOC_OK && out, "members %s on %s: rc %d: %s", org, on ? on : "today", rc,
          bloc_errmsg(db));
    json_error_t e;
    json_t *j = out ? json_loads(out, 0, &e) : NULL;
    CHECK(!out || j, "members %s on %s: not JSON: %s", org, on ? on : "today", e.text);
    bloc_free(out);
    return j;
}

static json_t *chair(const char *org, const char *on)
{
    char *out = NULL;
    int rc = bloc_chair(db, org, on, BLOC_FMT_JSON, &out);
    CHECK(rc == BLOC_OK && out, "chair %s on %s: rc %d: %s", org, on, rc, bloc_errmsg(db));
    json_error_t e;
    json_t *j = out ? json_loads(out, 0, &e) : NULL;
    CHECK(!out || j, "chair %s on %s: not JSON", org, on);
    bloc_free(out);
    return j;
}

/* The states of a members answer, space-separated: all rows (good < 0), or those
 * whose good_standing is true (good 1) or not true (good 0). */
static void states(const json_t *doc, int good, char *list, size_t n)
{
    size_t i;
    json_t *r;
    list[0] = '\0';
    json_array_foreach(json_object_get(doc, "members"), i, r)
    {
        int g = json_is_true(json_object_get(r, "good_standing"));
        if (good >= 0 && g != good)
            continue;
        const char *s = json_string_value(json_object_get(r, "state"));
        size_t len = strlen(list);
        snprintf(list + len, n - len, "%s%s", len ? " " : "", s ? s : "?");
    }
}

static json_t *row(const json_t *doc, const char *state)
{
    size_t i;
    json_t *r;
    json_array_foreach(json_object_get(doc, "members"), i, r)
    {
        const char *s = json_string_value(json_object_get(r, "state"));
        if (s && strcmp(s, state) == 0)
            return r;
    }
    return NULL;
}

static const char *str(const json_t *o, const char *key)
{
    return json_string_value(json_object_get(o, key));
}

/* Good-standing members of the CSTO on `on` must be exactly `want`. */
static void good_on(int line, const char *on, const char *want)
{
    char list[512];
    json_t *j = members("CSTO", on);
    states(j, 1, list, sizeof list);
    CHECK(strcmp(list, want) == 0, "(line %d) CSTO in good standing on %s: \"%s\", want \"%s\"",
          line, on, list, want);
    CHECK_STR(str(j, "org"), "CSTO");
    CHECK_STR(str(j, "on"), on);
    json_decref(j);
}

#define GOOD_ON(on, want) good_on(__LINE__, (on), (want))

static void test_reference(void)
{
    GOOD_ON("1995-01-01", "ARM AZE BLR GEO KAZ KGZ RUS TJK UZB");
    GOOD_ON("1994-04-20", "ARM AZE BLR GEO KAZ KGZ RUS TJK UZB"); /* in force that day */
    GOOD_ON("1994-04-19", "");                                    /* signatories only */
    GOOD_ON("1999-04-19", "ARM AZE BLR GEO KAZ KGZ RUS TJK UZB");
    GOOD_ON("1999-04-20", "ARM BLR KAZ KGZ RUS TJK"); /* the first term ended */
    GOOD_ON("2000-01-01", "ARM BLR KAZ KGZ RUS TJK");
    GOOD_ON("2006-06-23", "ARM BLR KAZ KGZ RUS TJK UZB");
    GOOD_ON("2012-06-01", "ARM BLR KAZ KGZ RUS TJK UZB");
    GOOD_ON("2012-07-01", "ARM BLR KAZ KGZ RUS TJK UZB"); /* withdrawing: still bound */
    GOOD_ON("2013-01-01", "ARM BLR KAZ KGZ RUS TJK");
    GOOD_ON("2025-06-01", "BLR KAZ KGZ RUS TJK"); /* ARM disputed */

    char list[512];
    json_t *j, *r;

    /* 2000: withdrawn states are left out of the answer altogether. */
    j = members("CSTO", "2000-01-01");
    states(j, -1, list, sizeof list);
    CHECK_STR(S(list), "ARM BLR KAZ KGZ RUS TJK");
    r = row(j, "RUS");
    CHECK_STR(str(r, "status"), "member");
    CHECK_STR(str(r, "since"), "1994-04-20");
    CHECK_STR(str(r, "name"), "Russia");
    CHECK(json_is_false(json_object_get(r, "disputed")), "RUS disputed in 2000");
    json_decref(j);

    /* 1993-10-01: signatories, none in good standing; Georgia and Belarus had not acceded. */
    j = members("CSTO", "1993-10-01");
    states(j, -1, list, sizeof list);
    CHECK_STR(S(list), "ARM AZE KAZ KGZ RUS TJK UZB");
    states(j, 1, list, sizeof list);
    CHECK_STR(S(list), "");
    CHECK_STR(str(row(j, "AZE"), "status"), "signatory");
    json_decref(j);

    /* 2012-07-01: Uzbekistan withdrawing, in good standing. */
    j = members("CSTO", "2012-07-01");
    r = row(j, "UZB");
    CHECK_STR(str(r, "status"), "withdrawing");
    CHECK(json_is_true(json_object_get(r, "good_standing")),
          "UZB withdrawing not in good standing");
    CHECK_STR(str(r, "since"), "2012-06-28");
    json_decref(j);

    /* 2013-01-01: Uzbekistan listed, suspended, not in good standing. */
    j = members("CSTO", "2013-01-01");
    states(j, -1, list, sizeof list);
    CHECK_STR(S(list), "ARM BLR KAZ KGZ RUS TJK UZB");
    r = row(j, "UZB");
    CHECK(r != NULL, "UZB not listed on 2013-01-01");
    CHECK_STR(str(r, "status"), "suspended");
    CHECK(json_is_false(json_object_get(r, "good_standing")),
          "UZB good_standing on 2013-01-01 is not false");
    CHECK_STR(str(r, "since"), "2012-12-19");
    json_decref(j);

    /* 2025-06-01: Armenia disputed, both claims kept, each with its source. */
    j = members("CSTO", "2025-06-01");
    r = row(j, "ARM");
    CHECK(r != NULL, "ARM not listed on 2025-06-01");
    CHECK_STR(str(r, "status"), "disputed");
    CHECK(json_is_true(json_object_get(r, "disputed")), "ARM not disputed on 2025-06-01");
    CHECK(json_is_null(json_object_get(r, "good_standing")),
          "ARM good_standing on 2025-06-01 is not null (undecided)");
    CHECK(json_is_null(json_object_get(r, "since")), "a disputed status has a since");
    size_t i, nmember = 0, nfrozen = 0, nosrc = 0;
    json_t *c;
    json_array_foreach(json_object_get(r, "claims"), i, c)
    {
        const char *st = str(c, "status"), *src = str(c, "source");
        nmember += st && strcmp(st, "member") == 0;
        nfrozen += st && strcmp(st, "frozen") == 0;
        nosrc += !src || !*src;
    }
    CHECK(nmember >= 1, "ARM 2025: no \"member\" claim");
    CHECK(nfrozen >= 1, "ARM 2025: no \"frozen\" claim");
    CHECK(nosrc == 0, "ARM 2025: %zu claims without a source", nosrc);
    json_array_foreach(json_object_get(r, "claims"), i, c)
    {
        const char *st = str(c, "status"), *src = str(c, "source");
        if (st && strcmp(st, "frozen") == 0)
            CHECK_STR(src, "france24-2024-02-22");
        if (src && strcmp(src, "ru-mfa-2024-04-03") == 0)
            CHECK_STR(st, "member");
    }
    /* The others are not disputed. */
    r = row(j, "KAZ");
    CHECK(r && json_is_false(json_object_get(r, "disputed")) &&
              json_is_true(json_object_get(r, "good_standing")),
          "KAZ 2025 disputed or not in good standing");
    json_decref(j);

    /* Before the freeze claim, Armenia is simply a member. */
    j = members("CSTO", "2024-02-21");
    r = row(j, "ARM");
    CHECK(r && json_is_false(json_object_get(r, "disputed")), "ARM disputed before 2024-02-22");
    CHECK_STR(str(r, "status"), "member");
    json_decref(j);

    /* The text view says the same. */
    char *out = NULL;
    int rc = bloc_members(db, "CSTO", "2025-06-01", BLOC_FMT_TEXT, &out);
    CHECK(rc == BLOC_OK && out && strstr(out, "ARM") && strstr(out, "DISPUTED") &&
              strstr(out, "frozen") && strstr(out, "france24-2024-02-22"),
          "text members 2025: rc %d:\n%s", rc, out ? out : bloc_errmsg(db));
    bloc_free(out);
}

static void test_chair(void)
{
    json_t *j = chair("CSTO", "2022-09-13");
    CHECK_STR(str(j, "chair"), "ARM");
    CHECK_STR(str(j, "holder"), "Nikol Pashinyan");
    CHECK_STR(str(j, "holder_id"), "nikol-pashinyan");
    CHECK(json_is_false(json_object_get(j, "disputed")), "chair 2022 disputed");
    CHECK(json_array_size(json_object_get(j, "claims")) >= 1, "chair 2022: no claims");
    json_decref(j);

    j = chair("CSTO", "2026-03-01");
    CHECK_STR(str(j, "chair"), "RUS");
    CHECK_STR(str(j, "holder"), "Vladimir Putin");
    json_decref(j);

    /* Year boundaries: the chair passes on 1 January. */
    j = chair("CSTO", "2022-12-31");
    CHECK_STR(str(j, "chair"), "ARM");
    json_decref(j);
    j = chair("CSTO", "2023-01-01");
    CHECK_STR(str(j, "chair"), "BLR");
    json_decref(j);

    /* No chair on record. */
    j = chair("CSTO", "2012-06-01");
    CHECK(j && json_is_null(json_object_get(j, "chair")), "a chair on 2012-06-01");
    CHECK(j && json_array_size(json_object_get(j, "claims")) == 0, "claims on 2012-06-01");
    json_decref(j);
}

static void test_names(void)
{
    /* The Russian name of the CSTO in the bundled record (data/world/actors.json). */
    static const char *const names[] = {"ОДКБ",
                                        "одкб",
                                        "Организация Договора о коллективной безопасности",
                                        "csto",
                                        "Collective Security Treaty Organisation",
                                        "  COLLECTIVE   security treaty organization ",
                                        "منظمة معاهدة الأمن الجماعي",
                                        "CSTO"};
    for (size_t i = 0; i < sizeof names / sizeof *names; i++) {
        json_t *j = members(names[i], "2000-01-01");
        CHECK(j && str(j, "org") && strcmp(str(j, "org"), "CSTO") == 0,
              "\"%s\" does not resolve to CSTO", names[i]);
        char list[256];
        states(j, 1, list, sizeof list);
        CHECK(strcmp(list, "ARM BLR KAZ KGZ RUS TJK") == 0, "members of \"%s\": %s", names[i],
              list);
        json_decref(j);
    }
    json_t *j = chair("ОДКБ", "2022-09-13");
    CHECK_STR(str(j, "chair"), "ARM");
    json_decref(j);
    j = members("НАТО", "2001-09-12");
    CHECK_STR(str(j, "org"), "NATO");
    json_decref(j);
}

static void test_errors(void)
{
    char *out = (char *)"untouched";
    int rc = bloc_members(db, "WARSAW-PACT", "1960-01-01", BLOC_FMT_JSON, &out);
    CHECK(rc == BLOC_ENOTFOUND, "unknown org: rc %d, want BLOC_ENOTFOUND", rc);
    CHECK(strstr(bloc_errmsg(db), "WARSAW-PACT") != NULL, "unknown org not named: %s",
          bloc_errmsg(db));
    out = NULL;
    rc = bloc_members(db, "CSTO", "2023-02-29", BLOC_FMT_JSON, &out);
    CHECK(rc == BLOC_EPARSE, "bad date: rc %d, want BLOC_EPARSE", rc);
    CHECK(strstr(bloc_errmsg(db), "2023-02-29") != NULL, "bad date not named: %s", bloc_errmsg(db));
    CHECK(out == NULL, "bad date: an answer was handed out");
    bloc_free(out);
    out = NULL;
    rc = bloc_members(db, "CSTO", "13/09/2022", BLOC_FMT_JSON, &out);
    CHECK(rc == BLOC_EPARSE, "bad date format: rc %d", rc);
    bloc_free(out);
    out = NULL;
    /* A state is not an organization. */
    rc = bloc_members(db, "ARM", "2022-09-13", BLOC_FMT_JSON, &out);
    CHECK(rc == BLOC_EINVAL || rc == BLOC_ENOTFOUND, "members of a state: rc %d", rc);
    CHECK(strstr(bloc_errmsg(db), "ARM") != NULL, "members of a state: %s", bloc_errmsg(db));
    bloc_free(out);
    out = NULL;
    rc = bloc_chair(db, "NOPE", "2022-09-13", BLOC_FMT_JSON, &out);
    CHECK(rc == BLOC_ENOTFOUND && strstr(bloc_errmsg(db), "NOPE"), "chair of unknown: rc %d: %s",
          rc, bloc_errmsg(db));
    bloc_free(out);
    out = NULL;
    rc = bloc_chair(db, "CSTO", "2022-13", BLOC_FMT_JSON, &out);
    CHECK(rc == BLOC_EPARSE, "chair bad date: rc %d", rc);
    bloc_free(out);

    /* A partial date is asked on its first day. */
    json_t *j = members("CSTO", "2012-06");
    CHECK_STR(str(j, "on"), "2012-06-01");
    json_decref(j);
    /* NULL is today: the answer names today's date. */
    j = members("CSTO", NULL);
    char today[16];
    CHECK_STR(str(j, "on"), bloc_date_format(bloc_date_today(), today, sizeof today));
    json_decref(j);
}

int main(void)
{
    char path[64];
    if (!check_temp_path(path, sizeof path, "membership"))
        return CHECK_DONE("membership");
    int rc = bloc_open(path, 0, &db);
    CHECK(rc == BLOC_OK, "bloc_open with the bundled record: rc %d: %s", rc, bloc_errmsg(db));
    if (rc == BLOC_OK) {
        test_reference();
        test_chair();
        test_names();
        test_errors();
    }
    bloc_close(db);
    check_remove_db(path);
    return CHECK_DONE("membership");
}
