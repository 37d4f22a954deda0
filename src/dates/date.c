/*
 * dates/date.c - partial dates (year, month, day) and half-open intervals.
 *
 * A bloc_date packs YYYYMMDD with 00 for unknown parts, so plain integer order
 * on day-precision dates is calendar order, and a partial date is the range of
 * days from bloc_date_first() to bloc_date_last().
 */
#include "bloc/date.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

#include "bloc/bloc.h"
#include "util/buf.h"

static int leap(int y)
{
    return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int mdays(int y, int m)
{
    static const int d[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (m < 1 || m > 12)
        return 0; /* not a month: only from a damaged store (see bloc_date_valid) */
    return m == 2 && leap(y) ? 29 : d[m - 1];
}

int bloc_date_valid(bloc_date dt)
{
    int y = dt / 10000, m = dt / 100 % 100, d = dt % 100;
    if (dt == BLOC_DATE_NONE)
        return 1;
    if (dt < 0 || y < 1 || y > 9999 || m > 12 || (!m && d))
        return 0;
    return !d || d <= mdays(y, m);
}

static int digits(const char *s, int n, int *out)
{
    int v = 0;
    for (int i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9')
            return 0;
        v = v * 10 + (s[i] - '0');
    }
    *out = v;
    return 1;
}

int bloc_date_parse(const char *s, bloc_date *out, char *err, size_t errlen)
{
    int y = 0, m = 0, d = 0;
    size_t n = s ? strlen(s) : 0;
    if (!(n == 4 || (n == 7 && s[4] == '-') || (n == 10 && s[4] == '-' && s[7] == '-')) ||
        !digits(s, 4, &y) || (n >= 7 && !digits(s + 5, 2, &m)) ||
        (n == 10 && !digits(s + 8, 2, &d))) {
        if (err)
            fmt_into(err, errlen, "bad date \"%.40s\": expected YYYY, YYYY-MM or YYYY-MM-DD",
                     s ? s : "");
        return BLOC_EPARSE;
    }
    if (y < 1) {
        if (err)
            fmt_into(err, errlen, "bad date \"%s\": year 0000 does not exist", s);
        return BLOC_EPARSE;
    }
    if (n >= 7 && (m < 1 || m > 12)) {
        if (err)
            fmt_into(err, errlen, "bad date \"%s\": month %02d does not exist", s, m);
        return BLOC_EPARSE;
    }
    if (n == 10 && (d < 1 || d > mdays(y, m))) {
        if (err)
            fmt_into(err, errlen, "bad date \"%s\": %04d-%02d has %d days", s, y, m, mdays(y, m));
        return BLOC_EPARSE;
    }
    *out = (bloc_date)(y * 10000 + m * 100 + d);
    return BLOC_OK;
}

char *bloc_date_format(bloc_date dt, char *out, size_t outlen)
{
    int y = dt / 10000, m = dt / 100 % 100, d = dt % 100;
    if (dt <= 0)
        fmt_into(out, outlen, "%s", "");
    else if (!m)
        fmt_into(out, outlen, "%04d", y);
    else if (!d)
        fmt_into(out, outlen, "%04d-%02d", y, m);
    else
        fmt_into(out, outlen, "%04d-%02d-%02d", y, m, d);
    return out;
}

enum bloc_date_prec bloc_date_prec(bloc_date dt)
{
    if (dt <= 0)
        return BLOC_PREC_NONE;
    if (!(dt / 100 % 100))
        return BLOC_PREC_YEAR;
    return dt % 100 ? BLOC_PREC_DAY : BLOC_PREC_MONTH;
}

int bloc_date_year(bloc_date dt)
{
    return dt / 10000;
}

bloc_date bloc_date_first(bloc_date dt)
{
    int y = dt / 10000, m = dt / 100 % 100, d = dt % 100;
    if (dt <= 0)
        return dt;
    return (bloc_date)(y * 10000 + (m ? m : 1) * 100 + (d ? d : 1));
}

bloc_date bloc_date_last(bloc_date dt)
{
    int y = dt / 10000, m = dt / 100 % 100, d = dt % 100;
    if (dt <= 0)
        return dt;
    if (!m)
        m = 12;
    if (!d)
        d = mdays(y, m);
    return (bloc_date)(y * 10000 + m * 100 + d);
}

int64_t bloc_date_days(bloc_date dt)
{
    /* Howard Hinnant's days_from_civil. */
    dt = bloc_date_first(dt);
    int64_t y = dt / 10000, m = dt / 100 % 100, d = dt % 100;
    y -= m <= 2;
    int64_t era = (y >= 0 ? y : y - 399) / 400;
    int64_t yoe = y - era * 400;
    int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

int bloc_date_contains(bloc_date outer, bloc_date inner)
{
    if (outer <= 0 || inner <= 0)
        return 0;
    return bloc_date_first(outer) <= bloc_date_first(inner) &&
           bloc_date_last(inner) <= bloc_date_last(outer);
}

int bloc_date_cmp(bloc_date a, bloc_date b)
{
    bloc_date fa = bloc_date_first(a), fb = bloc_date_first(b);
    if (fa != fb)
        return fa < fb ? -1 : 1;
    int pa = bloc_date_prec(a), pb = bloc_date_prec(b);
    return pa < pb ? -1 : pa > pb;
}

enum bloc_truth bloc_interval_holds(bloc_date from, bloc_date to, bloc_date on)
{
    enum bloc_truth t = BLOC_YES;
    on = bloc_date_first(on);
    if (from > 0) {
        if (on < bloc_date_first(from))
            return BLOC_NO;
        if (on < bloc_date_last(from))
            t = BLOC_MAYBE; /* began some day in that month or year */
    }
    if (to > 0) {
        if (on >= bloc_date_last(to))
            return BLOC_NO; /* `to` is the first day it no longer holds, at the latest */
        if (on >= bloc_date_first(to))
            t = BLOC_MAYBE; /* ended some day in that month or year */
    }
    return t;
}

bloc_date bloc_date_today(void)
{
    time_t now = time(NULL);
    struct tm tm;
    gmtime_r(&now, &tm);
    return (bloc_date)((tm.tm_year + 1900) * 10000 + (tm.tm_mon + 1) * 100 + tm.tm_mday);
}
