/*
 * tests/dates/test_date.c - unit test of partial dates and intervals
 * (src/dates/date.c, include/bloc/date.h): what a user sees when a record or a
 * question carries "1993", "2024-02" or "2022-09-13".
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "bloc/bloc.h"
#include "bloc/date.h"
#include "check.h"

/* Parse s; BLOC_DATE_NONE (and a failed check) if it does not parse. */
static bloc_date D(const char *s)
{
    bloc_date d = BLOC_DATE_NONE;
    char err[128] = "";
    int rc = bloc_date_parse(s, &d, err, sizeof err);
    CHECK(rc == BLOC_OK, "parse \"%s\": rc %d (%s)", s, rc, err);
    return rc == BLOC_OK ? d : BLOC_DATE_NONE;
}

static const char *fmt(bloc_date d, char *b)
{
    return bloc_date_format(d, b, 16);
}

static void test_parse_ok(void)
{
    bloc_date d = -1;
    CHECK(bloc_date_parse("1993", &d, NULL, 0) == BLOC_OK && d == 19930000, "1993 -> %ld", (long)d);
    CHECK(bloc_date_prec(d) == BLOC_PREC_YEAR, "1993 precision %d", (int)bloc_date_prec(d));
    CHECK(bloc_date_year(d) == 1993, "year of 1993: %d", bloc_date_year(d));

    CHECK(bloc_date_parse("2024-02", &d, NULL, 0) == BLOC_OK && d == 20240200, "2024-02 -> %ld",
          (long)d);
    CHECK(bloc_date_prec(d) == BLOC_PREC_MONTH, "2024-02 precision %d", (int)bloc_date_prec(d));

    CHECK(bloc_date_parse("2022-09-13", &d, NULL, 0) == BLOC_OK && d == 20220913,
          "2022-09-13 -> %ld", (long)d);
    CHECK(bloc_date_prec(d) == BLOC_PREC_DAY, "2022-09-13 precision %d", (int)bloc_date_prec(d));
    CHECK(bloc_date_year(d) == 2022, "year of 2022-09-13: %d", bloc_date_year(d));

    /* Leap days: 2024 and 2000 are leap years. */
    CHECK(bloc_date_parse("2024-02-29", &d, NULL, 0) == BLOC_OK && d == 20240229,
          "2024-02-29 -> %ld", (long)d);
    CHECK(bloc_date_parse("2000-02-29", &d, NULL, 0) == BLOC_OK && d == 20000229,
          "2000-02-29 -> %ld", (long)d);
    /* Month ends and the extremes of the range. */
    CHECK(bloc_date_parse("2023-12-31", &d, NULL, 0) == BLOC_OK && d == 20231231,
          "2023-12-31 -> %ld", (long)d);
    CHECK(bloc_date_parse("2023-04-30", &d, NULL, 0) == BLOC_OK, "2023-04-30 refused");
    CHECK(bloc_date_parse("0001-01-01", &d, NULL, 0) == BLOC_OK && d == 10101, "0001-01-01 -> %ld",
          (long)d);
    CHECK(bloc_date_parse("9999-12-31", &d, NULL, 0) == BLOC_OK && d == 99991231,
          "9999-12-31 -> %ld", (long)d);

    CHECK(bloc_date_prec(BLOC_DATE_NONE) == BLOC_PREC_NONE, "precision of no date");
}

/* s must be refused with BLOC_EPARSE, *out untouched, and a reason containing want. */
static void reject(const char *s, const char *want)
{
    bloc_date d = 4242;
    char err[256] = "";
    int rc = bloc_date_parse(s, &d, err, sizeof err);
    CHECK(rc == BLOC_EPARSE, "\"%s\": rc %d, want BLOC_EPARSE", s ? s : "(NULL)", rc);
    CHECK(d == 4242, "\"%s\": refused but *out changed to %ld", s ? s : "(NULL)", (long)d);
    CHECK(err[0] != '\0', "\"%s\": refused without a reason", s ? s : "(NULL)");
    CHECK(strstr(err, want) != NULL, "\"%s\": reason \"%s\" does not say \"%s\"", s ? s : "(NULL)",
          err, want);
    /* A NULL err is allowed. */
    rc = bloc_date_parse(s, &d, NULL, 0);
    CHECK(rc == BLOC_EPARSE, "\"%s\" (no err buffer): rc %d", s ? s : "(NULL)", rc);
}

static void test_parse_rejects(void)
{
    reject("2023-02-29", "2023-02 has 28 days");
    reject("2024-02-30", "2024-02 has 29 days");
    reject("1900-02-29", "1900-02 has 28 days"); /* not a leap year (century) */
    reject("2023-04-31", "2023-04 has 30 days");
    reject("2022-09-00", "has 30 days");
    reject("2022-13", "month 13 does not exist");
    reject("2022-00", "month 00 does not exist");
    reject("2022-13-01", "month 13 does not exist");
    reject("0000", "year 0000 does not exist");
    reject("0000-01-01", "year 0000 does not exist");
    reject("22-09-13", "expected YYYY, YYYY-MM or YYYY-MM-DD");
    reject("2022-09-13x", "expected YYYY, YYYY-MM or YYYY-MM-DD");
    reject("2022-09-13 ", "expected YYYY");
    reject(" 2022", "expected YYYY");
    reject("2022-9-13", "expected YYYY");
    reject("2022/09/13", "expected YYYY");
    reject("2022-0a", "expected YYYY");
    reject("20220913", "expected YYYY");
    reject("+202", "expected YYYY");
    reject("", "expected YYYY, YYYY-MM or YYYY-MM-DD");
    reject(NULL, "expected YYYY");

    /* The reason names the date as given. */
    char err[256] = "";
    bloc_date d;
    bloc_date_parse("2023-02-29", &d, err, sizeof err);
    CHECK(strstr(err, "\"2023-02-29\"") != NULL, "reason \"%s\" does not quote the date", err);
    /* A short err buffer is truncated, still terminated. */
    char small[8];
    memset(small, 'x', sizeof small);
    CHECK(bloc_date_parse("2023-02-29", &d, small, sizeof small) == BLOC_EPARSE, "short err rc");
    CHECK(memchr(small, '\0', sizeof small) != NULL, "short err buffer not NUL-terminated");
}

static void test_format(void)
{
    char b[16];
    static const char *const round[] = {"1993", "2024-02", "2022-09-13", "2024-02-29",
                                        "0001", "0042-07", "9999-12-31"};
    for (size_t i = 0; i < sizeof round / sizeof *round; i++) {
        bloc_date d = D(round[i]);
        CHECK_STR(fmt(d, b), round[i]);
    }
    memset(b, 'x', sizeof b);
    CHECK_STR(bloc_date_format(BLOC_DATE_NONE, b, sizeof b), "");
    /* The documented minimum of 11 bytes is enough for a day. */
    char eleven[11];
    CHECK_STR(bloc_date_format(20220913, eleven, sizeof eleven), "2022-09-13");
}

static void test_first_last(void)
{
    char b[16];
    CHECK_STR(fmt(bloc_date_first(D("2024-02")), b), "2024-02-01");
    CHECK_STR(fmt(bloc_date_last(D("2024-02")), b), "2024-02-29");
    CHECK_STR(fmt(bloc_date_last(D("2023-02")), b), "2023-02-28");
    CHECK_STR(fmt(bloc_date_first(D("1993")), b), "1993-01-01");
    CHECK_STR(fmt(bloc_date_last(D("1993")), b), "1993-12-31");
    CHECK_STR(fmt(bloc_date_last(D("2022-04")), b), "2022-04-30");
    CHECK_STR(fmt(bloc_date_first(D("2022-09-13")), b), "2022-09-13");
    CHECK_STR(fmt(bloc_date_last(D("2022-09-13")), b), "2022-09-13");
    CHECK(bloc_date_prec(bloc_date_first(D("1993"))) == BLOC_PREC_DAY, "first of 1993 not a day");
    CHECK(bloc_date_prec(bloc_date_last(D("2024-02"))) == BLOC_PREC_DAY,
          "last of 2024-02 not a day");
    CHECK(bloc_date_first(BLOC_DATE_NONE) == BLOC_DATE_NONE, "first of no date");
    CHECK(bloc_date_last(BLOC_DATE_NONE) == BLOC_DATE_NONE, "last of no date");
}

static void test_contains(void)
{
    CHECK(bloc_date_contains(D("2022-09"), D("2022-09-13")), "2022-09 does not contain 2022-09-13");
    CHECK(!bloc_date_contains(D("2022-09"), D("2022-10-01")), "2022-09 contains 2022-10-01");
    CHECK(!bloc_date_contains(D("2022-09"), D("2022-08-31")), "2022-09 contains 2022-08-31");
    CHECK(bloc_date_contains(D("2022"), D("2022-09")), "2022 does not contain 2022-09");
    CHECK(bloc_date_contains(D("2022"), D("2022-12-31")), "2022 does not contain 2022-12-31");
    CHECK(!bloc_date_contains(D("2022"), D("2023-01-01")), "2022 contains 2023-01-01");
    CHECK(!bloc_date_contains(D("2022-09"), D("2022")), "2022-09 contains all of 2022");
    CHECK(!bloc_date_contains(D("2022-09-13"), D("2022-09")), "a day contains its month");
    CHECK(bloc_date_contains(D("2022-09-13"), D("2022-09-13")), "a day does not contain itself");
    CHECK(bloc_date_contains(D("2022-09"), D("2022-09")), "a month does not contain itself");
    CHECK(bloc_date_contains(D("2024-02"), D("2024-02-29")), "2024-02 misses its leap day");
    CHECK(!bloc_date_contains(BLOC_DATE_NONE, D("2022-09-13")), "no date contains a day");
    CHECK(!bloc_date_contains(D("2022"), BLOC_DATE_NONE), "a year contains no date");
}

static int sign(int x)
{
    return (x > 0) - (x < 0);
}

static void test_cmp(void)
{
    CHECK(sign(bloc_date_cmp(D("2022-09-13"), D("2022-09-14"))) == -1, "09-13 < 09-14");
    CHECK(sign(bloc_date_cmp(D("2022-09-14"), D("2022-09-13"))) == 1, "09-14 > 09-13");
    CHECK(bloc_date_cmp(D("2022-09-13"), D("2022-09-13")) == 0, "a day equals itself");
    CHECK(sign(bloc_date_cmp(D("2021-12-31"), D("2022"))) == -1, "2021-12-31 < 2022");
    CHECK(sign(bloc_date_cmp(D("2022"), D("2022-01-02"))) == -1, "2022 < 2022-01-02");
    /* Same first day: coarser precision first. */
    CHECK(sign(bloc_date_cmp(D("2022"), D("2022-01"))) == -1, "2022 < 2022-01");
    CHECK(sign(bloc_date_cmp(D("2022-01"), D("2022-01-01"))) == -1, "2022-01 < 2022-01-01");
    CHECK(sign(bloc_date_cmp(D("2022-01-01"), D("2022"))) == 1, "2022-01-01 > 2022");
    CHECK(bloc_date_cmp(D("2022-01"), D("2022-01")) == 0, "a month equals itself");
    /* Across years, the year decides, not the month. */
    CHECK(sign(bloc_date_cmp(D("1999-12"), D("2000"))) == -1, "1999-12 < 2000");
    CHECK(sign(bloc_date_cmp(D("2000-02"), D("1999-12-31"))) == 1, "2000-02 > 1999-12-31");
}

static void test_days(void)
{
    CHECK(bloc_date_days(D("1970-01-01")) == 0, "1970-01-01: %lld",
          (long long)bloc_date_days(D("1970-01-01")));
    CHECK(bloc_date_days(D("1970-01-02")) == 1, "1970-01-02: %lld",
          (long long)bloc_date_days(D("1970-01-02")));
    CHECK(bloc_date_days(D("1969-12-31")) == -1, "1969-12-31: %lld",
          (long long)bloc_date_days(D("1969-12-31")));
    CHECK(bloc_date_days(D("2000-01-01")) == 10957, "2000-01-01: %lld",
          (long long)bloc_date_days(D("2000-01-01")));
    CHECK(bloc_date_days(D("2000-03-01")) == 11017, "2000-03-01: %lld",
          (long long)bloc_date_days(D("2000-03-01")));
    CHECK(bloc_date_days(D("2022-09-13")) == 19248, "2022-09-13: %lld",
          (long long)bloc_date_days(D("2022-09-13")));
    /* Partial dates count from their first day. */
    CHECK(bloc_date_days(D("2000")) == 10957, "2000: %lld", (long long)bloc_date_days(D("2000")));
    CHECK(bloc_date_days(D("2000-03")) == 11017, "2000-03: %lld",
          (long long)bloc_date_days(D("2000-03")));
    /* Leap years in differences. */
    CHECK(bloc_date_days(D("2024-03-01")) - bloc_date_days(D("2024-02-28")) == 2,
          "2024-02-28..2024-03-01 is not 2 days");
    CHECK(bloc_date_days(D("2023-03-01")) - bloc_date_days(D("2023-02-28")) == 1,
          "2023-02-28..2023-03-01 is not 1 day");
    CHECK(bloc_date_days(D("2001-01-01")) - bloc_date_days(D("2000-01-01")) == 366,
          "2000 does not have 366 days");
    CHECK(bloc_date_days(D("1901-01-01")) - bloc_date_days(D("1900-01-01")) == 365,
          "1900 does not have 365 days");
}

static const char *truth(enum bloc_truth t)
{
    return t == BLOC_YES ? "YES" : t == BLOC_NO ? "NO" : t == BLOC_MAYBE ? "MAYBE" : "?";
}

/* from/to as strings ("" for open), on a day. */
static void holds(int line, const char *from, const char *to, const char *on, enum bloc_truth want)
{
    bloc_date f = *from ? D(from) : BLOC_DATE_NONE, t = *to ? D(to) : BLOC_DATE_NONE;
    enum bloc_truth got = bloc_interval_holds(f, t, D(on));
    CHECK(got == want, "(line %d) [%s, %s) on %s: %s, want %s", line, from, to, on, truth(got),
          truth(want));
}

#define HOLDS(from, to, on, want) holds(__LINE__, from, to, on, want)

static void test_interval(void)
{
    /* Open at both ends: always. */
    HOLDS("", "", "1900-01-01", BLOC_YES);
    HOLDS("", "", "2022-09-13", BLOC_YES);
    /* Open to. */
    HOLDS("1994-04-20", "", "1994-04-19", BLOC_NO);
    HOLDS("1994-04-20", "", "1994-04-20", BLOC_YES);
    HOLDS("1994-04-20", "", "2025-06-01", BLOC_YES);
    /* Open from. */
    HOLDS("", "1999-04-20", "1950-01-01", BLOC_YES);
    HOLDS("", "1999-04-20", "1999-04-19", BLOC_YES);
    HOLDS("", "1999-04-20", "1999-04-20", BLOC_NO);
    /* Day ends: half-open, the to-day is excluded. */
    HOLDS("2006-06-23", "2012-06-28", "2006-06-22", BLOC_NO);
    HOLDS("2006-06-23", "2012-06-28", "2006-06-23", BLOC_YES);
    HOLDS("2006-06-23", "2012-06-28", "2012-06-27", BLOC_YES);
    HOLDS("2006-06-23", "2012-06-28", "2012-06-28", BLOC_NO);
    HOLDS("2006-06-23", "2012-06-28", "2013-01-01", BLOC_NO);
    /* Partial from: the start is some day in February 2024. */
    HOLDS("2024-02", "", "2024-01-31", BLOC_NO);
    HOLDS("2024-02", "", "2024-02-01", BLOC_MAYBE);
    HOLDS("2024-02", "", "2024-02-10", BLOC_MAYBE);
    HOLDS("2024-02", "", "2024-02-29", BLOC_YES); /* began on or before its last day */
    HOLDS("2024-02", "", "2024-03-01", BLOC_YES);
    HOLDS("2017", "", "2016-12-31", BLOC_NO);
    HOLDS("2017", "", "2017-06-01", BLOC_MAYBE);
    HOLDS("2017", "", "2018-01-01", BLOC_YES);
    /* Partial to: it stopped holding some day in 2012. */
    HOLDS("2003-04-28", "2012", "2011-12-31", BLOC_YES);
    HOLDS("2003-04-28", "2012", "2012-01-01", BLOC_MAYBE);
    HOLDS("2003-04-28", "2012", "2012-06-01", BLOC_MAYBE);
    HOLDS("2003-04-28", "2012", "2012-12-31", BLOC_NO); /* `to` is at latest 2012-12-31 */
    HOLDS("2003-04-28", "2012", "2013-01-01", BLOC_NO);
    HOLDS("2015", "2023-11", "2023-10-31", BLOC_YES);
    HOLDS("2015", "2023-11", "2023-11-15", BLOC_MAYBE);
    HOLDS("2015", "2023-11", "2023-12-01", BLOC_NO);
    /* Both ends partial. */
    HOLDS("2015", "2023-11", "2015-03-01", BLOC_MAYBE);
    HOLDS("2015", "2023-11", "2016-01-01", BLOC_YES);
    /* A partial `on` is asked on its first day. */
    HOLDS("2024-02", "", "2024-03", BLOC_YES);
    HOLDS("2006-06-23", "2012-06-28", "2012-06", BLOC_YES);
    HOLDS("2006-06-23", "2012-06-28", "2012-07", BLOC_NO);
}

static void test_today(void)
{
    bloc_date t = bloc_date_today();
    char b[16];
    bloc_date back = 0;
    CHECK(bloc_date_prec(t) == BLOC_PREC_DAY, "today is not a day: %ld", (long)t);
    CHECK(bloc_date_year(t) >= 2024 && bloc_date_year(t) <= 9999, "today's year %d",
          bloc_date_year(t));
    CHECK(bloc_date_parse(fmt(t, b), &back, NULL, 0) == BLOC_OK && back == t,
          "today \"%s\" does not round-trip", b);
}

int main(void)
{
    test_parse_ok();
    test_parse_rejects();
    test_format();
    test_first_last();
    test_contains();
    test_cmp();
    test_days();
    test_interval();
    test_today();
    return CHECK_DONE("date");
}
