/*
 * bloc/bloc.h - the public API of the bloc engine.
 *
 * bloc holds a collective-security bloc (its treaty, members over time, organs,
 * offices) as an append-only, hash-chained log of sourced facts, builds an
 * in-memory model from the log when a database is opened, and answers the
 * questions analysts ask of it: who was a member on a date, who chaired, which
 * obligations an attack triggers and whom they bind.
 *
 * The command line (src/cli) and the server use nothing but this header and
 * bloc/date.h.
 *
 * Conventions
 * - Every function returning int returns a bloc_rc; on failure the handle keeps a
 *   message naming the place (bloc_errmsg), like sqlite3_errmsg.
 * - Strings passed in are borrowed (copied if kept). Strings handed out through a
 *   `char **out` are new: the caller frees them with bloc_free().
 * - A bloc_db handle must not be used from two threads at once; distinct handles
 *   (even on one file) may be.
 * - Answers come from the model: the log as it was at bloc_open, plus what this
 *   handle appended and what other writers had appended when it last wrote.
 */
#ifndef BLOC_BLOC_H
#define BLOC_BLOC_H

#include <stddef.h>
#include <stdint.h>

#include "bloc/date.h"

#ifdef __cplusplus
extern "C" {
#endif

#define BLOC_VERSION "0.1.0"

/* The one result enum of the library. */
typedef enum bloc_rc {
    BLOC_OK = 0,
    BLOC_ENOMEM,    /* out of memory */
    BLOC_EINVAL,    /* invalid argument or invalid record content */
    BLOC_EPARSE,    /* malformed input (JSON, dates) */
    BLOC_EIO,       /* a file could not be read or written */
    BLOC_ESTORE,    /* the store (SQLite) failed */
    BLOC_ENOTFOUND, /* unknown actor, organization, entry */
    BLOC_ECHAIN,    /* the log's hash chain does not hold */
    BLOC_ELIMIT,    /* a hard cap was reached (file size, nesting, line length) */
    BLOC_EBUSY,     /* the database is locked by another writer */
    BLOC_EDENIED,   /* the acting user's role or state may not take this step */
    BLOC_ECONFLICT  /* the step does not fit where the case stands (out of order) */
} bloc_rc;

/* Static English text for a result code; never NULL. Thread-safe. */
const char *bloc_strerror(int rc);

/* Library version string (static). */
const char *bloc_version(void);

typedef struct bloc_db bloc_db;

/* bloc_open flags */
#define BLOC_OPEN_NO_BUNDLE 0x1u /* a fresh database stays empty (no bundled record) */
#define BLOC_OPEN_RAW       0x2u /* no model, never create: for verify/log on a damaged file */

/*
 * Open (creating if needed) the database at path and build the model from its
 * log. A fresh database gets the bundled record appended first, unless
 * BLOC_OPEN_NO_BUNDLE. *out is set to a new handle even on most failures so the
 * message can be read with bloc_errmsg(); close it with bloc_close() either way.
 * Returns BLOC_OK, BLOC_ENOMEM (*out NULL), BLOC_ESTORE, BLOC_EBUSY, BLOC_EINVAL.
 */
int bloc_open(const char *path, unsigned flags, bloc_db **out);

/* Close and free the handle; NULL is a no-op. */
void bloc_close(bloc_db *db);

/* The last error's message (borrowed; valid until the next call on db). */
const char *bloc_errmsg(const bloc_db *db);

typedef struct bloc_load_stats {
    size_t files;    /* record files read */
    size_t facts;    /* facts found in them */
    size_t appended; /* new entries appended to the log */
    size_t skipped;  /* facts already in the log (idempotence) */
} bloc_load_stats;

/*
 * Append the facts of the record files (or directories of *.json, recursively,
 * in name order) at paths[0..n-1] to the log in ONE transaction: any error in
 * any file and nothing is appended (BLOC_EPARSE / BLOC_EINVAL / BLOC_EIO /
 * BLOC_ELIMIT with "file:line:col: what is wrong" in bloc_errmsg; up to ten
 * problems, one per line). Facts already in the log are skipped. Durable (fsync'd)
 * before BLOC_OK is returned. stats may be NULL.
 */
int bloc_load(bloc_db *db, const char *const *paths, size_t n, bloc_load_stats *stats);

/* As bloc_load, for one record file held in memory; name is used in messages. */
int bloc_load_buffer(bloc_db *db, const char *name, const char *buf, size_t len,
                     bloc_load_stats *stats);

/*
 * Retract log entry `seq` (it stays in the log, and is no longer part of the
 * model). The retraction is itself an entry, with its source (a source id
 * already in the record) and reason. *new_seq (if non-NULL) receives its number.
 */
int bloc_retract(bloc_db *db, int64_t seq, const char *source, const char *reason,
                 int64_t *new_seq);

typedef struct bloc_verify_report {
    int64_t entries;   /* entries checked */
    int64_t first_bad; /* first entry that does not match, 0 if none */
    char reason[256];  /* what did not match, for first_bad */
    char head[65];     /* hex hash of the last entry ("" for an empty log): keep it
                          to notice later that entries were removed from the end */
} bloc_verify_report;

/*
 * Recompute the hash chain of the whole log. BLOC_OK when it holds; BLOC_ECHAIN
 * with report->first_bad and reason naming the first entry that does not match;
 * BLOC_ESTORE if the file cannot be read at all.
 */
int bloc_verify(bloc_db *db, bloc_verify_report *report);

/* Copy the database (its whole log, and its users) to a new database at path:
 * how an exercise starts from the real record. BLOC_EINVAL when a database is
 * there already; BLOC_ESTORE, BLOC_EBUSY. */
int bloc_snapshot(bloc_db *db, const char *path);

/* Output format of the query functions below. */
typedef enum bloc_format { BLOC_FMT_TEXT = 0, BLOC_FMT_JSON = 1 } bloc_format;

/*
 * Queries. Each writes its answer as a new string in *out (free with bloc_free):
 * a JSON document (BLOC_FMT_JSON, the format the HTTP API serves too) or text
 * for people. `on` is an ISO 8601 date; NULL means today; a partial date is
 * asked on its first day. Unknown actors give BLOC_ENOTFOUND, bad dates
 * BLOC_EPARSE, with the argument named in bloc_errmsg.
 */

/* States with a status in org on that date, each with its claims and sources. */
int bloc_members(bloc_db *db, const char *org, const char *on, bloc_format fmt, char **out);

/* Who chaired org on that date (state and person). */
int bloc_chair(bloc_db *db, const char *org, const char *on, bloc_format fmt, char **out);

/* An attack to evaluate: target state attacked on a date by attackers (may be
 * none: unknown or non-state), with or without a request for help. `internal`
 * frames the crisis as internal to the target (unrest, no aggression from
 * outside; Kyrgyzstan 2010): defense and neutrality are then not triggered
 * (unmet "external_aggression"); it excludes attackers. */
typedef struct bloc_attack {
    const char *target;
    const char *on;
    const char *const *attackers;
    size_t nattackers;
    int requested;
    int internal;
} bloc_attack;

/* Every treaty in force for the target on that date, each obligation, whom it
 * binds and which conditions are met or unmet. */
int bloc_obligations(bloc_db *db, const bloc_attack *attack, bloc_format fmt, char **out);

/* The dated facts about an actor (state, organization or person), with sources. */
int bloc_history(bloc_db *db, const char *actor, bloc_format fmt, char **out);

/* What a client needs to name things, from the model (retracted facts left
 * out): {"sources": [...], "actors": [{"id", "type", "name"}], "pacts":
 * [{"org", "name", "treaties": [{"id", "title", "signed"}], "parties":
 * {STATE: first day of any status}}]}. */
int bloc_catalog(bloc_db *db, bloc_format fmt, char **out);

/* The log itself: entries from seq `from` (1 = first), at most `limit` (0 = all),
 * as one answer ({"entries": [...]}, or lines of text). BLOC_ELIMIT past 256 MiB:
 * use bloc_log_each for a whole large log. Works on a raw handle. */
int bloc_log(bloc_db *db, int64_t from, int64_t limit, bloc_format fmt, char **out);

/* The same entries one at a time, in bounded memory: fn gets each entry alone (a
 * compact JSON object, or a line of text without its newline; borrowed for the
 * call). A non-zero return from fn stops the walk and is returned. */
int bloc_log_each(bloc_db *db, int64_t from, int64_t limit, bloc_format fmt,
                  int (*fn)(void *ud, const char *text), void *ud);

/*
 * Every appeal members made to org (events of type "appeal" with org among the
 * recipients), in date order: requester, date, article, what was asked, its
 * cause, whether a treaty obligation was triggered (bloc_obligations on the
 * appeal's day), the decision and its latency in days, the steps that
 * followed, and "honoured" (true / false / null when nothing was owed); and
 * the reliability: honoured / triggered, overall and per obligation type.
 */
int bloc_appeals(bloc_db *db, const char *org, bloc_format fmt, char **out);

/*
 * The signals against org's cohesion from year `from` to year `to` (NULL: the
 * first year of its record, this year; a full date counts as its year): arms
 * to a member's adversary, fighting between members, rival partnerships, acts
 * against the bloc (freeze, payment stop, boycott, threat to leave) and
 * statuses (suspended, frozen, withdrawing, withdrawn), each with its evidence
 * (events) and sources; and the yearly series of signal counts.
 */
int bloc_cohesion(bloc_db *db, const char *org, const char *from, const char *to, bloc_format fmt,
                  char **out);

/*
 * The dated record about an actor from `from` to `to` (dates; NULL: open): its
 * spells, offices, treaties, forces, and every event it took part in with the
 * procedure that followed, in date order, each with its sources. Where sources
 * disagree (an event's date, a casualty figure, a force's size, a status) all
 * claims are shown and the entry or detail is marked "disputed".
 */
int bloc_timeline(bloc_db *db, const char *actor, const char *from, const char *to, bloc_format fmt,
                  char **out);

/* Where an export writes: fn gets each chunk (len bytes, not NUL-terminated,
 * borrowed for the call); a non-zero return stops the export and is returned. */
typedef int (*bloc_write_fn)(void *ud, const char *data, size_t len);

/*
 * The directed dyad-year table (ATOP's coding) for the years of `from` to `to`
 * (years, or dates: their years) as CSV, streamed in bounded memory: header
 * year,ccode1,ccode2,state1,state2,defense,offense,neutral,nonagg,consul,
 * disputed,treaties; one row per ordered pair of states in the state system
 * that year, by COW code.
 */
int bloc_export_dyad_years(bloc_db *db, const char *from, const char *to, bloc_write_fn fn,
                           void *ud);

/* The record of events as PLOVER-shaped JSON lines, one event per line. */
int bloc_export_plover(bloc_db *db, bloc_write_fn fn, void *ud);

/*
 * Reading the news (`bloc extract`): text in Bengali, Arabic, Russian or
 * English into events, one JSON object per line (docs/LEXICON_FORMAT.md for
 * the lexicons, README for the fields).
 */
typedef struct bloc_extractor bloc_extractor;

typedef struct bloc_extract_opts {
    const char *date;        /* the article's publication date (ISO), or NULL */
    const char *lang;        /* "ben", "ara", "rus", "eng"; NULL or "auto": per paragraph */
    const char *lexicon_dir; /* a directory of LANG.json lexicons; NULL: the bundled ones */
    int lossy;               /* replace invalid UTF-8 instead of refusing the file */
} bloc_extract_opts;

/* An extractor over db's names (borrowed: db must outlive it), with its
 * lexicons compiled. BLOC_OK and *out (free with bloc_extractor_free);
 * BLOC_EPARSE (a bad lexicon or date; the message names the file, line, key),
 * BLOC_EINVAL, BLOC_EIO, BLOC_ENOMEM. Not thread-safe: one per thread. */
int bloc_extractor_new(bloc_db *db, const bloc_extract_opts *opts, bloc_extractor **out);
void bloc_extractor_free(bloc_extractor *x);

/* Extract the events of a file (any size, in bounded memory), written to fn
 * as JSON lines once the file is read (the events of one document are merged
 * first). A file that is not text (a NUL byte) or not UTF-8 (unless lossy) is
 * refused before anything is written: BLOC_EPARSE naming the byte offset.
 * BLOC_EIO, BLOC_ENOMEM, or what fn returned. */
int bloc_extract_file(bloc_extractor *x, const char *path, bloc_write_fn fn, void *ud);
/* The same over a buffer; name is the document's name in the output. */
int bloc_extract_buffer(bloc_extractor *x, const char *name, const char *text, size_t len,
                        bloc_write_fn fn, void *ud);
/* The language most of the last document was in ("ben", ...), NULL if none. */
const char *bloc_extractor_lang(const bloc_extractor *x);

/*
 * Ingest articles: each becomes a source ("news:" and 16 hex digits of the
 * digest of its bytes) and each event extracted from it a claim citing it,
 * kept apart from the curated record (`bloc claims` lists them; no other
 * answer reads them). Every file is checked and read before anything is
 * appended, in one transaction: any error and nothing is. The same article
 * twice adds nothing. stats (may be NULL): files, facts, appended, skipped.
 */
int bloc_ingest(bloc_extractor *x, const char *const *paths, size_t n, bloc_load_stats *stats);

/* The claims read from news (of one source, or all when source is NULL), in
 * log order, each with the event as extracted. */
int bloc_claims(bloc_db *db, const char *source, bloc_format fmt, char **out);

/* A reviewer's explicit word: claim (an id `bloc claims` lists) becomes an
 * event of the record, id `as` (NULL: "ev:" and the claim's id), citing the
 * article, with the dead the claim reported. Idempotent. *appended: new
 * entries. BLOC_ENOTFOUND (no such claim), BLOC_EINVAL (a bad id), or the
 * store's error. */
int bloc_accept(bloc_db *db, const char *claim, const char *as, size_t *appended);

/*
 * The crisis procedure, run live (docs/PROCEDURE.md): a member's delegation
 * appeals to the organization, the secretariat convenes the Council, each
 * member delegation records its position, the decision rule of the treaty in
 * force decides (consensus: all support; consensus_abstention: no objection
 * and one support; majority), an adopted deployment or mission is pledged to
 * by member delegations, completed and withdrawn by the secretariat. Each step
 * is appended to the log (events "live:N", "live:N:session", ... citing the
 * source "user:NAME"), so bloc_appeals and reliability count live cases.
 */
typedef struct bloc_step {
    const char *action;    /* appeal, convene, position, decide, pledge, complete, withdraw */
    const char *user;      /* who takes the step */
    const char *role;      /* secretariat, delegation or observer */
    const char *state;     /* a delegation's own state */
    const char *for_state; /* the state it says it acts for (NULL: its own) */
    const char *on;        /* the step's date (NULL: today) */
    const char *case_id;   /* every step but appeal: the case, "live:N" */
    const char *org;       /* appeal: the organization appealed to */
    const char *article;   /* appeal: the article cited */
    const char *asked;     /* appeal: what is asked, snake_case (military_assistance, ...) */
    const char *const *attackers; /* appeal: the attacking states (may be none) */
    size_t nattackers;
    int internal;         /* appeal: the crisis is internal (no attackers) */
    const char *proposal; /* convene: statement, fact_finding_mission, monitoring_mission,
                             material_aid or deployment */
    const char *position; /* position: support, object or abstain */
    long long size;       /* pledge: people */
    const char *note;     /* appeal, convene: free text */
} bloc_step;

/*
 * Take a step; *out gets the case as JSON afterwards (bloc_case). BLOC_EDENIED
 * (an observer; a delegation for another state; a secretariat step by a
 * delegation or the reverse; a state not a member in good standing on the
 * day) and BLOC_ECONFLICT (out of order: no decision without a session, no
 * vote after the decision, a second vote, ...) append a refusal entry saying
 * who tried what and why, then return with that reason in bloc_errmsg.
 * BLOC_EINVAL (a bad field, named), BLOC_ENOTFOUND (no such case, org, state).
 */
int bloc_step_apply(bloc_db *db, const bloc_step *st, char **out);

/* Log a refusal of what st tried (the server's own refusals, e.g. a missing
 * CSRF token), with the reason. BLOC_OK or the store's error. */
int bloc_refusal(bloc_db *db, const bloc_step *st, const char *reason);

/* A live case: requester, article, cause, stage (filed, convened, decided,
 * deployed, completed, withdrawn), proposal, decision rule, each voter's
 * position and who is pending, outcome, contributors, steps. */
int bloc_case(bloc_db *db, const char *id, bloc_format fmt, char **out);
/* Every live case (of org, or all when org is NULL), in the order filed. */
int bloc_cases(bloc_db *db, const char *org, bloc_format fmt, char **out);

/*
 * The HTTP server (`bloc serve`): every question above as an endpoint answering
 * the same JSON (GET /api/members?org=CSTO&on=2012-06-01), errors as
 * {"error": {"status", "message", "param"}}. listen is "HOST:PORT" (an IPv4
 * address; port 0 picks a free one; NULL: 127.0.0.1:8080). The server answers
 * on a thread of its own, which alone uses db from then on, until
 * bloc_server_stop; db must outlive it. BLOC_OK and *out; BLOC_EINVAL (a bad
 * listen), BLOC_EIO (cannot listen), BLOC_ENOMEM.
 */
typedef struct bloc_server bloc_server;
typedef struct bloc_server_opts {
    const char *listen;   /* HOST:PORT; NULL: 127.0.0.1:8080 */
    const char *web;      /* the dashboard's directory, served at /; NULL: none */
    const char *exercise; /* the exercise's name, reported by /api/info; NULL: the record */
    const char *on;       /* the date live procedure steps carry; NULL: today */
} bloc_server_opts;
int bloc_server_start(bloc_db *db, const bloc_server_opts *opts, bloc_server **out);
/* The port it listens on. */
unsigned bloc_server_port(const bloc_server *s);
/* Stop answering, close every connection, and free s. NULL is a no-op. */
void bloc_server_stop(bloc_server *s);

/* Free a string the library handed out. NULL is a no-op. */
void bloc_free(void *p);

#ifdef __cplusplus
}
#endif
#endif
