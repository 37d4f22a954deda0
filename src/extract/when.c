/*
 * extract/when.c - dates and figures in a sentence.
 *
 * Dates: day month [year] (14 সেপ্টেম্বর; 15 سبتمبر / أيلول 2022), month day
 * [year] (September 13, 2022), month year, year + year word + month
 * (2022 সালের অক্টোবরে), a year with its year word (in 1999; عام 1992;
 * 2006 সালে), a bare four-digit year, a weekday (the last such day on or
 * before the article's date) and relative expressions (last month) resolved
 * against the article's date. A day and month without a year take the
 * article's year (the year before when that would put them well after it).
 *
 * Figures: digits in any script (already ASCII after normalization) with
 * thousands separators and decimals, number words, multipliers (thousand,
 * lakh, ألف), qualifiers before or after (at least, ১ লাখেরও বেশি), and the
 * words that make the number a count of the killed or the wounded near it;
 * a name right after the number (49 জন আর্মেনীয়) says whose.
 */
#include <stdlib.h>
#include <string.h>

#include "extract/extract.h"
#include "util/buf.h"

bloc_date when_from_days(int64_t z)
{
    /* days since 1970-01-01 to a civil date, by eras of 400 years */
    z += 719468;
    int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    int64_t doe = z - era * 146097;
    int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    int64_t y = yoe + era * 400, doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    int64_t mp = (5 * doy + 2) / 153, d = doy - (153 * mp + 2) / 5 + 1;
    int64_t mo = mp < 10 ? mp + 3 : mp - 9;
    y += mo <= 2;
    if (y < 1 || y > 9999)
        return BLOC_DATE_NONE;
    return (bloc_date)(y * 10000 + mo * 100 + d);
}

static int days_in(int y, int m)
{
    static const int dm[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    return m == 2 ? 28 + leap : dm[m - 1];
}

/* The match of kind k starting at token i, or NULL (s->m is sorted by first). */
static const lex_match *match_at(const sentence *s, size_t i, int k)
{
    size_t lo = 0, hi = s->nm;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (s->m[mid].first < i)
            lo = mid + 1;
        else
            hi = mid;
    }
    for (; lo < s->nm && s->m[lo].first == i; lo++)
        if (s->m[lo].e->kind == k)
            return &s->m[lo];
    return NULL;
}

/* The match of kind k ending at token i (the last one found), or NULL. */
static const lex_match *match_ending(const sentence *s, size_t i, int k)
{
    for (size_t j = 0; j < s->nm; j++)
        if (s->m[j].last == i && s->m[j].e->kind == k)
            return &s->m[j];
    return NULL;
}

static int is_digits(const sentence *s, size_t i)
{
    return i < s->ntok && s->toks[i].cls == TEXT_DIGIT;
}

static long digit_value(const sentence *s, size_t i)
{
    const tok *t = &s->toks[i];
    if (t->len > 12)
        return -1;
    long v = 0;
    for (size_t k = 0; k < t->len; k++)
        v = v * 10 + (s->text[t->off + k] - '0');
    return v;
}

static int is_punct(const sentence *s, size_t i, char c)
{
    return i < s->ntok && s->toks[i].cls == TEXT_PUNCT && s->text[s->toks[i].off] == c;
}

/* A 4-digit token that can be a year. */
static int year_at(const sentence *s, size_t i)
{
    if (!is_digits(s, i) || s->toks[i].len != 4)
        return 0;
    long v = digit_value(s, i);
    return v >= 1800 && v <= 2100 ? (int)v : 0;
}

/* Skip what may stand after a month name: "/ أيلول", "(يناير)", "." */
static size_t after_month(const sentence *s, size_t j)
{
    for (int guard = 0; guard < 3 && j < s->ntok; guard++) {
        if (is_punct(s, j, '.') || is_punct(s, j, ',')) {
            j++;
        } else if ((is_punct(s, j, '/') || is_punct(s, j, '(')) && match_at(s, j + 1, LK_MONTH)) {
            j = match_at(s, j + 1, LK_MONTH)->last + 1;
            if (is_punct(s, j, ')'))
                j++;
        } else {
            break;
        }
    }
    return j;
}

static int add_date(sentence *s, size_t first, size_t last, bloc_date d, int stated)
{
    if (!d || !bloc_date_valid(d))
        return BLOC_OK;
    if (grow((void **)&s->dates, &s->capdates, s->ndates + 1, sizeof *s->dates))
        return BLOC_ENOMEM;
    s->dates[s->ndates++] = (xdate){(uint32_t)first, (uint32_t)last, d, (uint8_t)stated};
    return BLOC_OK;
}

/* A day and month without a year: the article's year, or the year before
 * when that falls more than a week after the article. */
static bloc_date infer_year(bloc_date doc, int mo, int day)
{
    if (!doc)
        return BLOC_DATE_NONE;
    int y = bloc_date_year(doc);
    bloc_date d = (bloc_date)(y * 10000 + mo * 100 + day);
    if (bloc_date_days(d) > bloc_date_days(doc) + 7)
        d -= 10000;
    return d;
}

static bloc_date shift(bloc_date doc, char unit, int n)
{
    if (!doc)
        return BLOC_DATE_NONE;
    int y = bloc_date_year(doc), mo = doc / 100 % 100;
    switch (unit) {
    case 'd': return when_from_days(bloc_date_days(doc) + n);
    case 'w': {
        bloc_date d = when_from_days(bloc_date_days(doc) + 7 * n);
        return d ? d / 100 * 100 : d; /* a week is said at the month it falls in */
    }
    case 'm': {
        int k = y * 12 + (mo - 1) + n;
        return (bloc_date)((k / 12) * 10000 + (k % 12 + 1) * 100);
    }
    default: return (bloc_date)((y + n) * 10000);
    }
}

/* Try a date at token i; on success add it and return the last token + 1. */
static size_t date_at(sentence *s, size_t i, int *rc)
{
    const lex_match *m;
    size_t j;
    bloc_date doc = s->doc_date;
    *rc = BLOC_OK;
    if (is_digits(s, i) && s->toks[i].len <= 2) {
        long day = digit_value(s, i);
        j = i + 1;
        if (j < s->ntok && s->toks[j].glued && s->toks[j].cls == TEXT_WORD && s->toks[j].len <= 6 &&
            !match_at(s, j, LK_MONTH))
            j++; /* an ordinal ending: 19শে, 1st */
        if (is_punct(s, j, '.'))
            j++;
        if (day >= 1 && day <= 31 && (m = match_at(s, j, LK_MONTH))) {
            int mo = (int)m->e->val;
            size_t k = after_month(s, m->last + 1);
            int y = year_at(s, k);
            if (y && day <= days_in(y, mo)) {
                size_t last = k;
                if (match_at(s, k + 1, LK_YEARWORD))
                    last = match_at(s, k + 1, LK_YEARWORD)->last;
                *rc = add_date(s, i, last, (bloc_date)(y * 10000 + mo * 100 + day), 1);
                return last + 1;
            }
            bloc_date d = day <= days_in(2000, mo) ? infer_year(doc, mo, (int)day) : 0;
            if (d && (int)day > days_in(bloc_date_year(d), mo))
                d = 0;
            *rc = add_date(s, i, m->last, d, 1);
            return m->last + 1;
        }
    }
    if ((m = match_at(s, i, LK_MONTH))) {
        int mo = (int)m->e->val;
        j = after_month(s, m->last + 1);
        if (is_digits(s, j) && s->toks[j].len <= 2) { /* September 13[, 2022] */
            long day = digit_value(s, j);
            size_t k = j + 1 + is_punct(s, j + 1, ',');
            int y = year_at(s, k);
            if (day >= 1 && day <= 31 && y && day <= days_in(y, mo)) {
                *rc = add_date(s, i, k, (bloc_date)(y * 10000 + mo * 100 + day), 1);
                return k + 1;
            }
            if (day >= 1 && day <= days_in(2000, mo)) {
                bloc_date d = infer_year(doc, mo, (int)day);
                if (d && (int)day > days_in(bloc_date_year(d), mo))
                    d = 0;
                *rc = add_date(s, i, j, d, 1);
                return j + 1;
            }
        }
        int y = year_at(s, j);
        if (!y && match_at(s, j, LK_YEARWORD)) /* "في شهر سبتمبر عام 2022" */
            y = year_at(s, match_at(s, j, LK_YEARWORD)->last + 1);
        if (y) {
            *rc = add_date(s, i, j, (bloc_date)(y * 10000 + mo * 100), 1);
            return j + 1;
        }
        /* a month alone ("in August", আগস্টে): the last such month up to the
         * article's; not a bare "may" or "march" */
        if (doc && (m->suf || (i && match_ending(s, i - 1, LK_STOPWORD)))) {
            int yy = bloc_date_year(doc) - (mo > doc / 100 % 100);
            *rc = add_date(s, i, m->last, (bloc_date)(yy * 10000 + mo * 100), 1);
        }
        return m->last + 1;
    }
    int y = year_at(s, i);
    if (y) {
        const lex_match *yw = match_at(s, i + 1, LK_YEARWORD);
        j = yw ? yw->last + 1 : i + 1;
        if ((m = match_at(s, j, LK_MONTH))) { /* 2022 সালের অক্টোবরে */
            *rc = add_date(s, i, m->last, (bloc_date)(y * 10000 + (int)m->e->val * 100), 1);
            return m->last + 1;
        }
        /* a bare number followed by a counter, a multiplier or a figure word is a count */
        if (!yw && (match_at(s, i + 1, LK_UNIT) || match_at(s, i + 1, LK_MULTIPLIER) ||
                    match_at(s, i + 1, LK_KILLED) || match_at(s, i + 1, LK_WOUNDED)))
            return i;
        *rc = add_date(s, i, j - 1, (bloc_date)(y * 10000), 1);
        return j;
    }
    if ((m = match_at(s, i, LK_WEEKDAY)) && doc) {
        int64_t days = bloc_date_days(doc);
        int today =
            (int)(((days % 7) + 7 + 3) % 7) + 1; /* ISO weekday; 1970-01-01 was a Thursday */
        int back = (today - (int)m->e->val + 7) % 7;
        *rc = add_date(s, i, m->last, when_from_days(days - back), 0);
        return m->last + 1;
    }
    if ((m = match_at(s, i, LK_RELATIVE)) && doc) {
        const lex_relative *r = &s->L->relative[m->e->val];
        *rc = add_date(s, i, m->last, shift(doc, r->unit, r->n), 0);
        return m->last + 1;
    }
    return i;
}

static int in_date(const sentence *s, size_t i)
{
    for (size_t k = 0; k < s->ndates; k++)
        if (i >= s->dates[k].first && i <= s->dates[k].last)
            return 1;
    return 0;
}

/* A number at token i (digits with separators, or number words) and its
 * multiplier; *last its last token. 0 if none. */
static int64_t number_at(const sentence *s, size_t i, size_t *last)
{
    double v;
    size_t j;
    const lex_match *m;
    if (is_digits(s, i)) {
        v = (double)digit_value(s, i);
        j = i + 1;
        /* 1,500 and 1.500 (groups of three), 1.5 (a decimal) */
        while (j + 1 < s->ntok && (is_punct(s, j, ',') || is_punct(s, j, '.')) &&
               s->toks[j].glued && is_digits(s, j + 1) && s->toks[j + 1].glued) {
            const tok *g = &s->toks[j + 1];
            if (g->len == 3 && (is_punct(s, j, ',') || !match_at(s, j + 2, LK_MULTIPLIER)))
                v = v * 1000 + (double)digit_value(s, j + 1);
            else if (is_punct(s, j, '.') && g->len <= 3) {
                double f = (double)digit_value(s, j + 1);
                for (size_t k = 0; k < g->len; k++)
                    f /= 10;
                v += f;
            } else
                break;
            j += 2;
        }
    } else if ((m = match_at(s, i, LK_NUMBER))) {
        v = (double)m->e->val;
        j = m->last + 1;
        /* forty-nine, сорок девять, tens and units */
        const lex_match *u;
        size_t k = j + is_punct(s, j, '-');
        if ((u = match_at(s, k, LK_NUMBER)) && (long long)v % 10 == 0 && v >= 20 && v < 100 &&
            u->e->val < 10) {
            v += (double)u->e->val;
            j = u->last + 1;
        }
    } else {
        return 0;
    }
    while ((m = match_at(s, j, LK_MULTIPLIER))) {
        v *= (double)m->e->val;
        j = m->last + 1;
    }
    *last = j - 1;
    return v >= 1 && v < 1e15 ? (int64_t)(v + 0.5) : 0;
}

static int add_num(sentence *s, size_t first, size_t last, int64_t v)
{
    if (grow((void **)&s->nums, &s->capnums, s->nnums + 1, sizeof *s->nums))
        return BLOC_ENOMEM;
    xnum *x = &s->nums[s->nnums++];
    memset(x, 0, sizeof *x);
    x->first = (uint32_t)first;
    x->last = (uint32_t)last;
    x->value = v;
    /* a qualifier just before (at least 49) or just after (১ লাখেরও বেশি) */
    for (size_t back = 1; back <= 2 && back <= first; back++) {
        const lex_match *q = match_ending(s, first - back, LK_QUALIFIER);
        if (q) {
            x->qualifier = (uint8_t)q->e->val;
            break;
        }
    }
    for (size_t k = last + 1; !x->qualifier && k <= last + 3 && k < s->ntok; k++) {
        const lex_match *q = match_at(s, k, LK_QUALIFIER);
        if (q)
            x->qualifier = (uint8_t)q->e->val;
        else if (!match_at(s, k, LK_UNIT) && s->toks[k].cls != TEXT_WORD)
            break;
    }
    return BLOC_OK;
}

static int in_entity(const sentence *s, size_t k)
{
    for (size_t e = 0; e < s->nents; e++)
        if (k >= s->ents[e].first && k <= s->ents[e].last)
            return 1;
    return 0;
}

/* What the numbers count: the nearest figure word after (within 10 tokens) or
 * before (within 4); a name right after says whose. */
static void figure_kinds(sentence *s)
{
    for (size_t n = 0; n < s->nnums; n++) {
        xnum *x = &s->nums[n];
        /* the nearer of a figure word after (within 10 tokens, past another
         * number: "49 Armenians and 50 Azerbaijanis were killed") and one
         * before (within 4, not past another number: مقتل 49 ... وإصابة 20) */
        int after = 0, before = 0;
        size_t da = 0, db = 0;
        for (size_t k = x->last + 1; !after && k < s->ntok && k <= x->last + 10; k++)
            for (int f = LK_KILLED; f <= LK_WOUNDED && !after; f++)
                if (match_at(s, k, f)) {
                    after = f;
                    da = k - x->last;
                }
        size_t start = n ? s->nums[n - 1].last + 1 : 0;
        for (size_t k = x->first; !before && k-- > start && k + 4 >= x->first;)
            for (int f = LK_KILLED; f <= LK_WOUNDED && !before; f++)
                if (match_ending(s, k, f)) {
                    before = f;
                    db = x->first - k;
                }
        int kind = after && (!before || da <= db) ? after : before;
        /* "killed at least 49 Armenian and 50 Azerbaijani soldiers": listed with a
         * count (only names, counters and "and" between) */
        if (!kind && n && s->nums[n - 1].kind && x->first <= s->nums[n - 1].last + 5) {
            int listed = 1;
            for (size_t k = s->nums[n - 1].last + 1; listed && k < x->first; k++)
                listed = match_at(s, k, LK_AND) || match_at(s, k, LK_UNIT) ||
                         s->toks[k].cls == TEXT_PUNCT || in_entity(s, k);
            if (listed)
                kind = s->nums[n - 1].kind;
        }
        x->kind = (uint8_t)kind;
        size_t k = x->last + 1;
        const lex_match *u = match_at(s, k, LK_UNIT);
        if (u)
            k = u->last + 1;
        for (size_t e = 0; e < s->nents; e++)
            if (s->ents[e].first == k || s->ents[e].first == k + 1)
                x->side = s->ents[e].actor;
    }
}

int when_read(sentence *s)
{
    int rc = BLOC_OK;
    s->ndates = s->nnums = 0;
    for (size_t i = 0; !rc && i < s->ntok;) {
        size_t next = date_at(s, i, &rc);
        i = next > i ? next : i + 1;
    }
    for (size_t i = 0; !rc && i < s->ntok; i++) {
        if (in_date(s, i))
            continue;
        size_t last;
        int64_t v = number_at(s, i, &last);
        if (v) {
            rc = add_num(s, i, last, v);
            i = last;
        }
    }
    if (!rc)
        figure_kinds(s);
    return rc;
}
