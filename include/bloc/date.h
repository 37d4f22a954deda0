/*
 * bloc/date.h - partial dates and intervals.
 *
 * Sources date things at the precision they know: a year ("1993"), a month
 * ("2024-02") or a day ("2022-09-13"). A bloc_date keeps that precision; it
 * stands for every day it could be, so "2022-09" contains "2022-09-13".
 * Intervals are half-open [from, to) with either end open.
 *
 * All functions here are pure and thread-safe.
 */
#ifndef BLOC_DATE_H
#define BLOC_DATE_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* A partial date packed as YYYYMMDD, with MM or DD 00 when unknown.
 * 0 means "no date" (an open interval end). Years 1..9999. */
typedef int32_t bloc_date;

#define BLOC_DATE_NONE 0

enum bloc_date_prec { BLOC_PREC_NONE = 0, BLOC_PREC_YEAR, BLOC_PREC_MONTH, BLOC_PREC_DAY };

/* Parse ISO 8601 "YYYY", "YYYY-MM" or "YYYY-MM-DD" (exactly, no surrounding text)
 * into *out. Returns BLOC_OK, or BLOC_EPARSE with a reason in err (if non-NULL,
 * NUL-terminated, truncated to errlen) for malformed or impossible dates
 * ("2023-02-29": February 2023 has 28 days). */
int bloc_date_parse(const char *s, bloc_date *out, char *err, size_t errlen);

/* Non-zero when d is BLOC_DATE_NONE or a date bloc_date_parse could produce. */
int bloc_date_valid(bloc_date d);

/* Write d in ISO 8601 at its own precision into buf (at least 11 bytes).
 * Returns buf; "" for BLOC_DATE_NONE. */
char *bloc_date_format(bloc_date d, char *buf, size_t buflen);

enum bloc_date_prec bloc_date_prec(bloc_date d);
int bloc_date_year(bloc_date d);

/* The first and last day a partial date can denote, as day-precision dates. */
bloc_date bloc_date_first(bloc_date d);
bloc_date bloc_date_last(bloc_date d);

/* Days since 1970-01-01 of a day-precision date (partial dates: of their first day). */
int64_t bloc_date_days(bloc_date d);

/* Non-zero when every day of inner lies within outer ("2022-09" contains "2022-09-13"). */
int bloc_date_contains(bloc_date outer, bloc_date inner);

/* Three-way comparison of first days; ties broken by coarser precision first. */
int bloc_date_cmp(bloc_date a, bloc_date b);

/* Truth values for "does the interval hold on that day": the answer is MAYBE when
 * the day falls inside the imprecision of an end ("from 2024-02", asked on 2024-02-10). */
enum bloc_truth { BLOC_NO = 0, BLOC_YES = 1, BLOC_MAYBE = 2 };

/* Does [from, to) hold on day `on` (a day-precision date)? from/to may be NONE
 * (open) or partial. */
enum bloc_truth bloc_interval_holds(bloc_date from, bloc_date to, bloc_date on);

/* Today's date (UTC) at day precision. */
bloc_date bloc_date_today(void);

#ifdef __cplusplus
}
#endif
#endif
