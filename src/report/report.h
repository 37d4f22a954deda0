/*
 * report/report.h - what every answer shares: reading the `on` date and the
 * actor arguments, citing sources (as JSON objects, and as numbered footnotes in
 * text), and handing the finished answer to the caller in the chosen format.
 */
#ifndef BLOC_REPORT_REPORT_H
#define BLOC_REPORT_REPORT_H

#include "bloc/bloc.h"
#include "db/db.h"
#include "json/json.h"
#include "util/buf.h"

#define REPORT_MAXTEXT ((size_t)256 << 20)

/* Footnotes of a text answer: each source cited once, numbered in order. */
typedef struct cites {
    const char **v; /* source ids, borrowed from the answer's document */
    size_t n, cap;
} cites;

/* Parse the `on` argument (NULL: today) to a day; partial dates are asked on
 * their first day. BLOC_EPARSE with "--on: ..." in the db message. */
int report_on(bloc_db *db, const char *on, bloc_date *day);

/* Resolve an actor argument (code or name in any language) that must be of
 * `type` ("state", "org" or NULL for any). BLOC_ENOTFOUND naming arg otherwise. */
int report_actor(bloc_db *db, const char *arg, const char *type, const char *what, actor **out);

/* Set obj[key] to the ISO form of d, or null for BLOC_DATE_NONE. */
int report_date(jv *obj, const char *key, bloc_date d);
/* A date as text, "" for none (buf of 11+ bytes). */
const char *report_datestr(bloc_date d, char *b, size_t n);

/* The source as a JSON object {"id", "kind", "publisher", "title", "date", "file"|"url"}. */
jv *report_source(const model *m, sym src);
/* The footnote number of source id src in c (added if new); 0 on out of memory. */
size_t report_cite(cites *c, const char *src);
/* Append the footnotes ("[1] publisher, title, date (file)") to text; frees c. */
int report_footnotes(const model *m, cites *c, buf *text);

/* Renders an answer's JSON document as text for people. */
typedef int (*report_text_fn)(const model *m, const jv *doc, buf *text);

/*
 * Hand the answer over in *out: the JSON document itself, or its text rendering
 * by fn. The JSON is the answer; text is a view of it, so the two never
 * disagree. doc is stolen (NULL means out of memory).
 */
int report_finish(bloc_db *db, bloc_format fmt, jv *doc, report_text_fn fn, char **out);

/*
 * Text lines for a list of claims: one line per run of claims equal in every
 * field of keys (NULL-terminated), printed in that order ("from"/"to" with
 * their labels), followed by the footnotes of all their sources: "member
 * from 1994-04-20 to -          [1,2]". lead starts each line.
 */
int report_claim_lines(const jv *claims, const char *const *keys, const char *lead, cites *c,
                       buf *t);

/* Text helpers for renderers: the string at key (or "" / fallback). */
const char *report_s(const jv *obj, const char *key, const char *fallback);

/* The ids of syms v[0..n-1] as a new JSON array of strings (NULL when out of
 * memory); report_list: of a comma-joined list slot (an event's parties). */
jv *report_ids(const model *m, const sym *v, size_t n);
jv *report_list(const model *m, sym list);

#endif
