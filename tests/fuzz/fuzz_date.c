/*
 * tests/fuzz/fuzz_date.c - libFuzzer harness for the partial-date parser
 * (src/dates/date.c, include/bloc/date.h).
 *
 * The whole input (NUL-terminated copy) is parsed as one date; on success it
 * must survive a format/parse round trip. The input is also split at spaces
 * into up to three dates (a, b, on) that drive the algebra: first/last,
 * contains, cmp, days and interval_holds, each checked against its contract.
 * Any broken invariant abort()s with a message, so libFuzzer records a crash.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bloc/bloc.h"
#include "fuzz.h"
#include "bloc/date.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define FAIL(...) FUZZ_FAIL("fuzz_date", __VA_ARGS__)

#define NTOK 3

/* Is d a well-formed packed date of its own precision (as parse makes them)? */
static int well_formed(bloc_date d)
{
    int y = d / 10000, m = d / 100 % 100, dd = d % 100;
    if (y < 1 || y > 9999 || m > 12 || dd > 31)
        return 0;
    return !(m == 0 && dd != 0);
}

static int expect_len(enum bloc_date_prec p)
{
    return p == BLOC_PREC_YEAR ? 4 : p == BLOC_PREC_MONTH ? 7 : p == BLOC_PREC_DAY ? 10 : 0;
}

/* Every check on one date the parser accepted from text s. */
static void check_one(const char *s, bloc_date d)
{
    char out[11], err[128];
    bloc_date again = -1;
    if (!well_formed(d))
        FAIL("\"%s\" parsed to malformed %ld", s, (long)d);
    enum bloc_date_prec p = bloc_date_prec(d);
    if (p == BLOC_PREC_NONE)
        FAIL("\"%s\" parsed to a date without precision (%ld)", s, (long)d);
    bloc_date_format(d, out, sizeof out);
    if ((int)strlen(out) != expect_len(p))
        FAIL("format(%ld) = \"%s\" does not have the length of its precision %d", (long)d, out,
             (int)p);
    if (strcmp(out, s) != 0)
        FAIL("format(parse(\"%s\")) = \"%s\"", s, out);
    if (bloc_date_parse(out, &again, err, sizeof err) != BLOC_OK)
        FAIL("\"%s\" (format of %ld) does not parse: %s", out, (long)d, err);
    if (again != d)
        FAIL("round trip of \"%s\": %ld -> \"%s\" -> %ld", s, (long)d, out, (long)again);
    if (bloc_date_year(d) != d / 10000)
        FAIL("year(%ld) = %d", (long)d, bloc_date_year(d));

    bloc_date f = bloc_date_first(d), l = bloc_date_last(d);
    if (bloc_date_prec(f) != BLOC_PREC_DAY || bloc_date_prec(l) != BLOC_PREC_DAY)
        FAIL("first/last of %ld are not days: %ld %ld", (long)d, (long)f, (long)l);
    if (f > l)
        FAIL("first(%ld) = %ld > last = %ld", (long)d, (long)f, (long)l);
    if (bloc_date_first(f) != f || bloc_date_last(f) != f || bloc_date_last(l) != l)
        FAIL("first/last of a day is not the day itself (%ld: %ld %ld)", (long)d, (long)f, (long)l);
    /* first and last must themselves be real days: they must parse back */
    bloc_date_format(l, out, sizeof out);
    if (bloc_date_parse(out, &again, err, sizeof err) != BLOC_OK || again != l)
        FAIL("last(%ld) = %ld (\"%s\") is not a real day: %s", (long)d, (long)l, out, err);
    bloc_date_format(f, out, sizeof out);
    if (bloc_date_parse(out, &again, err, sizeof err) != BLOC_OK || again != f)
        FAIL("first(%ld) = %ld (\"%s\") is not a real day: %s", (long)d, (long)f, out, err);
    if (!bloc_date_contains(d, d) || !bloc_date_contains(d, f) || !bloc_date_contains(d, l))
        FAIL("%ld does not contain itself, its first or its last day", (long)d);
    if (bloc_date_contains(f, d) != (p == BLOC_PREC_DAY))
        FAIL("contains(first(%ld), %ld) wrong for precision %d", (long)d, (long)d, (int)p);
    if (bloc_date_cmp(d, d) != 0)
        FAIL("cmp(%ld, itself) = %d", (long)d, bloc_date_cmp(d, d));
    int64_t span = bloc_date_days(l) - bloc_date_days(f);
    int64_t want_max = p == BLOC_PREC_YEAR ? 365 : p == BLOC_PREC_MONTH ? 30 : 0;
    int64_t want_min = p == BLOC_PREC_YEAR ? 364 : p == BLOC_PREC_MONTH ? 27 : 0;
    if (span < want_min || span > want_max)
        FAIL("%ld spans %lld days (first %ld, last %ld)", (long)d, (long long)span, (long)f,
             (long)l);
    if (bloc_date_days(d) != bloc_date_days(f))
        FAIL("days(%ld) != days(first)", (long)d);
    /* an interval from d (open end) holds after its last day, never before its first */
    if (bloc_interval_holds(d, BLOC_DATE_NONE, l) == BLOC_NO)
        FAIL("[%ld, ) does not hold on its last day %ld", (long)d, (long)l);
    if (bloc_interval_holds(d, BLOC_DATE_NONE, f) != (p == BLOC_PREC_DAY ? BLOC_YES : BLOC_MAYBE))
        FAIL("[%ld, ) on its first day %ld: %d", (long)d, (long)f,
             (int)bloc_interval_holds(d, BLOC_DATE_NONE, f));
    if (bloc_interval_holds(BLOC_DATE_NONE, d, l) != BLOC_NO)
        FAIL("[, %ld) holds on the last day %ld of its end", (long)d, (long)l);
    if (bloc_interval_holds(BLOC_DATE_NONE, d, f) == BLOC_YES && p != BLOC_PREC_DAY)
        FAIL("[, %ld) surely holds on %ld, inside the imprecision of its end", (long)d, (long)f);
    if (bloc_interval_holds(BLOC_DATE_NONE, BLOC_DATE_NONE, d) != BLOC_YES)
        FAIL("(open, open) does not hold on %ld", (long)d);
}

/* Checks on pairs and triples of accepted dates. */
static void check_many(const bloc_date *d, int n)
{
    for (int i = 0; i < n; i++)
        for (int j = 0; j < n; j++) {
            bloc_date a = d[i], b = d[j];
            int c = bloc_date_cmp(a, b), r = bloc_date_cmp(b, a);
            if (c < -1 || c > 1 || c != -r)
                FAIL("cmp(%ld, %ld) = %d, cmp reversed = %d", (long)a, (long)b, c, r);
            if ((c == 0) != (a == b))
                FAIL("cmp(%ld, %ld) = 0 for different dates (or not for equal ones)", (long)a,
                     (long)b);
            int64_t da = bloc_date_days(a), db = bloc_date_days(b);
            if ((da < db && c >= 0) || (da > db && c <= 0))
                FAIL("cmp(%ld, %ld) = %d disagrees with days %lld, %lld", (long)a, (long)b, c,
                     (long long)da, (long long)db);
            int ab = bloc_date_contains(a, b), ba = bloc_date_contains(b, a);
            if (ab && ba && a != b)
                FAIL("%ld and %ld contain each other", (long)a, (long)b);
            if (ab &&
                (bloc_date_first(b) < bloc_date_first(a) || bloc_date_last(b) > bloc_date_last(a)))
                FAIL("contains(%ld, %ld) but %ld reaches outside", (long)a, (long)b, (long)b);
            if (ab && c > 0)
                FAIL("contains(%ld, %ld) yet %ld sorts after", (long)a, (long)b, (long)a);
            for (int k = 0; k < n; k++) {
                bloc_date e = d[k];
                int ce = bloc_date_cmp(b, e);
                if (c <= 0 && ce <= 0 && bloc_date_cmp(a, e) > 0)
                    FAIL("cmp not transitive: %ld <= %ld <= %ld", (long)a, (long)b, (long)e);
                /* interval [a, b) on every day of e's range ends */
                bloc_date days[2] = {bloc_date_first(e), bloc_date_last(e)};
                for (int q = 0; q < 2; q++) {
                    bloc_date on = days[q];
                    enum bloc_truth t = bloc_interval_holds(a, b, on);
                    if (t != BLOC_NO && t != BLOC_YES && t != BLOC_MAYBE)
                        FAIL("holds(%ld, %ld, %ld) = %d", (long)a, (long)b, (long)on, (int)t);
                    /* a partial `on` is asked on its first day: the same answer */
                    if (q == 0 && t != bloc_interval_holds(a, b, e))
                        FAIL("holds(%ld, %ld, partial %ld) != holds on its first day", (long)a,
                             (long)b, (long)e);
                    if (on < bloc_date_first(a) && t != BLOC_NO)
                        FAIL("[%ld, %ld) holds on %ld, before it began", (long)a, (long)b,
                             (long)on);
                    if (on >= bloc_date_last(b) && t != BLOC_NO)
                        FAIL("[%ld, %ld) holds on %ld, after it ended", (long)a, (long)b, (long)on);
                    if (t == BLOC_MAYBE && bloc_date_prec(a) == BLOC_PREC_DAY &&
                        bloc_date_prec(b) == BLOC_PREC_DAY)
                        FAIL("[%ld, %ld) between exact days is MAYBE on %ld", (long)a, (long)b,
                             (long)on);
                    if (t == BLOC_YES && (on < bloc_date_last(a) || on >= bloc_date_first(b)))
                        FAIL("[%ld, %ld) surely holds on %ld, inside an imprecise end", (long)a,
                             (long)b, (long)on);
                    /* an open end can only make it hold more */
                    enum bloc_truth open_to = bloc_interval_holds(a, BLOC_DATE_NONE, on);
                    enum bloc_truth open_from = bloc_interval_holds(BLOC_DATE_NONE, b, on);
                    if (t != BLOC_NO && (open_to == BLOC_NO || open_from == BLOC_NO))
                        FAIL("[%ld, %ld) holds on %ld but a half of it does not", (long)a, (long)b,
                             (long)on);
                }
            }
        }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char err[128];
    bloc_date whole = -1;
    char *s = malloc(size + 1);
    if (!s)
        return 0;
    memcpy(s, data, size);
    s[size] = '\0';

    /* the whole input as one date; a short err buffer exercises truncation */
    size_t errlen = 1 + (size ? data[0] % sizeof err : 0);
    memset(err, 'x', sizeof err);
    int rc = bloc_date_parse(s, &whole, err, errlen);
    if (rc == BLOC_OK)
        check_one(s, whole);
    else if (rc != BLOC_EPARSE)
        FAIL("parse returned %d", rc);
    else if (memchr(err, '\0', errlen) == NULL)
        FAIL("error message not NUL-terminated within %zu bytes", errlen);
    if (bloc_date_parse(s, &whole, NULL, 0) != rc)
        FAIL("parse with and without an error buffer disagree");

    /* up to three dates separated by spaces: a, b, on */
    bloc_date d[NTOK];
    int n = 0;
    char *p = s;
    while (n < NTOK && p <= s + size) {
        char *sp = strchr(p, ' ');
        if (sp)
            *sp = '\0';
        bloc_date v = 0;
        if (bloc_date_parse(p, &v, err, sizeof err) == BLOC_OK) {
            check_one(p, v);
            d[n++] = v;
        }
        if (!sp)
            break;
        p = sp + 1;
    }
    if (n > 0)
        check_many(d, n);
    if (n >= 1) {
        /* an open date neither contains nor is contained, and formats as "" */
        if (bloc_date_contains(BLOC_DATE_NONE, d[0]) || bloc_date_contains(d[0], BLOC_DATE_NONE))
            FAIL("NONE contains or is contained");
        char none[11] = "z";
        bloc_date_format(BLOC_DATE_NONE, none, sizeof none);
        if (none[0] != '\0')
            FAIL("format(NONE) = \"%s\"", none);
    }
    free(s);
    return 0;
}
