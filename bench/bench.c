/*
 * bench/bench.c - the world-scale benchmark (bench/README.md, docs/BENCHMARKS.md).
 *
 *   bench [-t SECONDS] [-r REBUILDS] [-c CHECKS] [-s SEED] DB SQLDB
 *
 * DB is a database written by bench/gen; SQLDB a byte copy of it that this
 * program may add indexes to (the SQL baseline's indexes live there, so DB
 * stays exactly what bloc itself stores and its size is the "raw data").
 *
 * 1. Rebuild: the model is built from the log REBUILDS times with
 *    bloc_open(DB, BLOC_OPEN_NO_BUNDLE) (the page cache warmed first by reading
 *    the file); also the store scan alone (SQLite reading the rows, no model).
 *    Peak RSS (VmHWM) is read after the rebuilds, before anything else runs.
 *    Then SQLite's row reading alone, as the store does it and with
 *    SQLITE_OPEN_NOMUTEX, mmap and fewer columns: where the rebuild's time goes.
 * 2. As-of membership: random (organization, day) pairs asked of the model
 *    (membership_on, and the public bloc_members with JSON out) and of SQLite
 *    (one GROUP BY query over table log, with an index on (kind, s0, dfrom),
 *    and with a covering index (kind, s0, dfrom, dto, s1, s2)).
 * 3. Obligations: random (target, day, help requested or not) asked with the
 *    public bloc_obligations (JSON), with the same walk done in-process without
 *    JSON, and of SQLite (one query: the target's organizations that day, their
 *    treaties in force, the provisions valid, the members bound).
 * Each query measure runs for SECONDS (and at least 20 queries) over the same
 * list of questions for both sides. CHECKS membership questions and CHECKS/10
 * obligation questions are then answered every way and compared (bloc against
 * SQL, and the bench-side walk against bloc); the mismatch count must be 0,
 * else the exit status is 1.
 */
#include <errno.h>
#include <fcntl.h>
#include <jansson.h>
#include <sqlite3.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "bloc/bloc.h"
#include "db/db.h"
#include "membership/membership.h"
#include "model/model.h"
#include "store/store.h"
#include "util/buf.h"

#include "common.h"

#define MIN_QUERIES 20

static void die(const char *what, const char *why)
{
    fprintf(stderr, "bench: %s: %s\n", what, why);
    exit(1);
}

/* A /proc/self/status field in kB, -1 if absent. */
static long long proc_kb(const char *field)
{
    FILE *f = fopen("/proc/self/status", "r");
    char line[256];
    size_t n = strlen(field);
    long long v = -1;
    if (!f)
        return -1;
    while (fgets(line, sizeof line, f))
        if (strncmp(line, field, n) == 0 && line[n] == ':') {
            v = strtoll(line + n + 1, NULL, 10);
            break;
        }
    fclose(f);
    return v;
}

/* Read the whole file once so that the rebuild is not timed on disk reads. */
static double warm_file(const char *path)
{
    static char chunk[1 << 20];
    double t0 = now_s();
    int fd = open(path, O_RDONLY);
    if (fd < 0)
        die(path, strerror(errno));
    while (read(fd, chunk, sizeof chunk) > 0)
        ;
    close(fd);
    return now_s() - t0;
}

static int count_cb(void *ud, const entry *e, const uint8_t digest[32])
{
    (void)e;
    (void)digest;
    ++*(int64_t *)ud;
    return 0;
}

/* What the model holds, in bytes of allocated capacity. */
static size_t model_bytes(const model *m)
{
    size_t b = m->capfacts * sizeof *m->facts + m->ncap + m->capactors * sizeof *m->actors +
               m->captreaties * sizeof *m->treaties + 4 * m->capsym * sizeof(uint32_t) +
               m->capnames * sizeof *m->names + m->syms.acap + m->syms.ocap * sizeof(uint32_t) +
               m->syms.nslots * sizeof(uint32_t);
    for (size_t i = 0; i < m->nactors; i++) {
        const actor *a = &m->actors[i];
        b += (a->own.cap + a->spells.cap + a->offices.cap + a->treaties.cap) * sizeof(uint32_t) +
             a->capos * sizeof *a->os;
    }
    for (size_t i = 0; i < m->ntreaties; i++)
        b += (m->treaties[i].phases.cap + m->treaties[i].provisions.cap) * sizeof(uint32_t);
    return b;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* ---- where the rebuild's SQLite time goes ---- */

static volatile uint64_t scan_sink;

/* Read every row of DB the way store_sqlite.c read_row does (strings through
 * sqlite3_column_type + sqlite3_column_text, integers, the three hash blobs
 * copied), on a connection opened with `flags`, with PRAGMA mmap_size `mmap`
 * (0: off, SQLite's default), with all 17 columns or only the 13 the model
 * uses. Returns seconds; *rows gets the row count. */
static double scan_variant(const char *path, int flags, long long mmap, int all, int64_t *rows)
{
    static const char sql_all[] = "SELECT seq, at, kind, s0, s1, s2, s3, s4, dfrom, dto, num, ref, "
                                  "note, digest, prev, src, hash FROM log WHERE seq >= ?1 ORDER "
                                  "BY seq";
    static const char sql_model[] = "SELECT seq, kind, s0, s1, s2, s3, s4, dfrom, dto, num, ref, "
                                    "note, src FROM log WHERE seq >= ?1 ORDER BY seq";
    sqlite3 *d = NULL;
    sqlite3_stmt *st = NULL;
    char pragma[64];
    uint64_t sink = 0;
    uint8_t h[3][32];
    if (sqlite3_open_v2(path, &d, flags, NULL) != SQLITE_OK)
        die(path, d ? sqlite3_errmsg(d) : "out of memory");
    fmt_into(pragma, sizeof pragma, "PRAGMA mmap_size = %lld", mmap);
    if (sqlite3_exec(d, pragma, NULL, NULL, NULL) != SQLITE_OK ||
        sqlite3_prepare_v2(d, all ? sql_all : sql_model, -1, &st, NULL) != SQLITE_OK)
        die(path, sqlite3_errmsg(d));
    sqlite3_bind_int64(st, 1, 1);
    /* string columns, integer columns, blob columns (-1 ends) */
    static const int s_all[] = {3, 4, 5, 6, 7, 12, 15, -1}, i_all[] = {0, 1, 2, 8, 9, 10, 11, -1},
                     b_all[] = {13, 14, 16, -1};
    static const int s_mod[] = {2, 3, 4, 5, 6, 11, 12, -1}, i_mod[] = {0, 1, 7, 8, 9, 10, -1},
                     b_mod[] = {-1};
    const int *sc = all ? s_all : s_mod, *ic = all ? i_all : i_mod, *bc = all ? b_all : b_mod;
    double t0 = now_s();
    *rows = 0;
    while (sqlite3_step(st) == SQLITE_ROW) {
        for (const int *c = sc; *c >= 0; c++)
            if (sqlite3_column_type(st, *c) != SQLITE_NULL)
                sink += (uintptr_t)sqlite3_column_text(st, *c);
        for (const int *c = ic; *c >= 0; c++)
            sink += (uint64_t)sqlite3_column_int64(st, *c);
        for (int k = 0; bc[k] >= 0; k++) {
            const void *p = sqlite3_column_blob(st, bc[k]);
            if (p && sqlite3_column_bytes(st, bc[k]) == 32)
                memcpy(h[k], p, 32);
            sink += h[k][0];
        }
        ++*rows;
    }
    double t = now_s() - t0;
    sqlite3_finalize(st);
    sqlite3_close(d);
    scan_sink = sink;
    return t;
}

/* ---- SQLite side ---- */

static sqlite3 *sq;

static void sq_exec(const char *sql)
{
    char *err = NULL;
    if (sqlite3_exec(sq, sql, NULL, NULL, &err) != SQLITE_OK)
        die(sql, err ? err : sqlite3_errmsg(sq));
}

static sqlite3_stmt *sq_prepare(const char *sql)
{
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(sq, sql, -1, &st, NULL) != SQLITE_OK)
        die(sql, sqlite3_errmsg(sq));
    return st;
}

static int sq_has_index(const char *name)
{
    sqlite3_stmt *st =
        sq_prepare("SELECT count(*) FROM sqlite_master WHERE type = 'index' AND name = ?1");
    sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
    int have = sqlite3_step(st) == SQLITE_ROW && sqlite3_column_int(st, 0) > 0;
    sqlite3_finalize(st);
    return have;
}

/* Members of org on day: state and status ("disputed" when the claims differ),
 * states whose every claim that day is "withdrawn" left out, as membership_on. */
#define SQL_MEMBERS(index)                                                                         \
    "SELECT s1, CASE WHEN count(DISTINCT s2) = 1 THEN min(s2) ELSE 'disputed' END "                \
    "FROM log INDEXED BY " index " "                                                               \
    "WHERE kind = 7 AND s0 = ?1 AND dfrom <= ?2 AND (dto = 0 OR dto > ?2) "                        \
    "GROUP BY s1 HAVING sum(s2 <> 'withdrawn') > 0 ORDER BY s1"

/* Obligations of an attack on ?1 on day ?2, help requested ?3 (0/1), no attacker
 * named: one row per (provision, member bound or disputed), a provision binding
 * nobody as one row with NULL state. A treaty is in force when its latest
 * in_force phase by that day is later than its latest termination; the same
 * provision recorded by several sources is one. */
static const char sql_obligations[] =
    "WITH tm(org) AS ("
    "  SELECT DISTINCT s0 FROM log WHERE kind = 7 AND s1 = ?1 AND dfrom <= ?2"
    "  AND (dto = 0 OR dto > ?2) AND s2 IN ('member', 'withdrawing')),"
    " tr(tseq, treaty, org) AS ("
    "  SELECT t.seq, t.s0, t.s1 FROM tm JOIN log t ON t.kind = 4 AND t.s1 = tm.org"
    "  WHERE (SELECT max(dfrom) FROM log p WHERE p.kind = 5 AND p.s0 = t.s0"
    "         AND p.s1 = 'in_force' AND p.dfrom <= ?2)"
    "      > coalesce((SELECT max(dfrom) FROM log p WHERE p.kind = 5 AND p.s0 = t.s0"
    "                  AND p.s1 = 'termination' AND p.dfrom <= ?2), 0)),"
    " pv(pseq, tseq, treaty, org, article, type, triggered) AS ("
    "  SELECT min(p.seq), tr.tseq, tr.treaty, tr.org, p.s1, p.s2,"
    "         NOT (instr(p.s3, 'on_request;') > 0 AND NOT ?3)"
    "  FROM tr JOIN log p ON p.kind = 6 AND p.s0 = tr.treaty"
    "  WHERE p.dfrom <= ?2 AND (p.dto = 0 OR p.dto > ?2)"
    "  AND p.s2 NOT IN ('offense', 'nonaggression')"
    "  GROUP BY tr.tseq, p.s1, p.s2, p.s3, p.dfrom, p.dto),"
    " mem(org, state, g, b) AS ("
    "  SELECT s0, s1, sum(s2 IN ('member', 'withdrawing')), sum(s2 NOT IN ('member', "
    "'withdrawing'))"
    "  FROM log WHERE kind = 7 AND s0 IN (SELECT org FROM tr) AND dfrom <= ?2"
    "  AND (dto = 0 OR dto > ?2) GROUP BY s0, s1)"
    " SELECT pv.pseq, pv.treaty, pv.article, pv.type, pv.triggered, mem.state, mem.b = 0"
    " FROM pv LEFT JOIN mem ON mem.org = pv.org AND mem.g > 0 AND mem.state <> ?1"
    " ORDER BY pv.tseq, pv.pseq, mem.state";

/* ---- questions ---- */

typedef struct question {
    const actor *who; /* organization (membership) or target state (obligations) */
    bloc_date on;
    int requested;
} question;

typedef struct measure {
    double secs;
    size_t queries;
    uint64_t answer; /* sum of answer sizes, so that nothing is optimised away */
} measure;

static double qps(const measure *r)
{
    return r->secs > 0 ? (double)r->queries / r->secs : 0;
}

static double budget = 5.0;

typedef uint64_t (*ask_fn)(void *ctx, const question *q);

/* Ask questions in order for `budget` seconds (at least MIN_QUERIES). */
static measure run(ask_fn fn, void *ctx, const question *qs, size_t n)
{
    measure r = {0};
    double t0 = now_s(), t = t0;
    while (r.queries < n && (r.queries < MIN_QUERIES || t - t0 < budget)) {
        r.answer += fn(ctx, &qs[r.queries++]);
        t = now_s();
    }
    r.secs = t - t0;
    return r;
}

/* ---- membership ---- */

static uint64_t ask_membership_on(void *ctx, const question *q)
{
    const model *m = ctx;
    mset s;
    if (membership_on(m, q->who, q->on, &s))
        die("membership_on", "out of memory");
    uint64_t n = s.n;
    membership_release(&s);
    return n;
}

static uint64_t ask_bloc_members(void *ctx, const question *q)
{
    bloc_db *db = ctx;
    char day[16], *out = NULL;
    bloc_date_format(q->on, day, sizeof day);
    if (bloc_members(db, model_str(&db->m, q->who->id), day, BLOC_FMT_JSON, &out))
        die("bloc_members", bloc_errmsg(db));
    uint64_t n = strlen(out);
    bloc_free(out);
    return n;
}

typedef struct sqlq {
    sqlite3_stmt *st;
    const model *m;
} sqlq;

static uint64_t ask_sql(void *ctx, const question *q)
{
    sqlq *s = ctx;
    uint64_t n = 0;
    int rc;
    sqlite3_bind_text(s->st, 1, model_str(s->m, q->who->id), -1, SQLITE_STATIC);
    sqlite3_bind_int64(s->st, 2, q->on);
    sqlite3_bind_int(s->st, 3, q->requested);
    while ((rc = sqlite3_step(s->st)) == SQLITE_ROW)
        n++;
    if (rc != SQLITE_DONE)
        die("query", sqlite3_errmsg(sq));
    sqlite3_reset(s->st);
    return n;
}

/* The answer as text, one "STATE:status" per line, for the cross-check. */
static void members_bloc_text(const model *m, const question *q, buf *out)
{
    mset s;
    buf_reset(out);
    if (membership_on(m, q->who, q->on, &s))
        die("membership_on", "out of memory");
    for (size_t i = 0; i < s.n; i++)
        buf_printf(out, "%s:%s\n", model_str(m, s.rows[i].state),
                   s.rows[i].disputed ? "disputed" : model_str(m, s.rows[i].status));
    membership_release(&s);
}

static void members_sql_text(sqlq *s, const question *q, buf *out)
{
    int rc;
    buf_reset(out);
    sqlite3_bind_text(s->st, 1, model_str(s->m, q->who->id), -1, SQLITE_STATIC);
    sqlite3_bind_int64(s->st, 2, q->on);
    while ((rc = sqlite3_step(s->st)) == SQLITE_ROW)
        buf_printf(out, "%s:%s\n", (const char *)sqlite3_column_text(s->st, 0),
                   (const char *)sqlite3_column_text(s->st, 1));
    if (rc != SQLITE_DONE)
        die("query", sqlite3_errmsg(sq));
    sqlite3_reset(s->st);
}

/* ---- obligations ---- */

static uint64_t ask_bloc_obligations(void *ctx, const question *q)
{
    bloc_db *db = ctx;
    char day[16], *out = NULL;
    bloc_attack a = {.target = model_str(&db->m, q->who->id),
                     .on = bloc_date_format(q->on, day, sizeof day),
                     .requested = q->requested};
    if (bloc_obligations(db, &a, BLOC_FMT_JSON, &out))
        die("bloc_obligations", bloc_errmsg(db));
    uint64_t n = strlen(out);
    bloc_free(out);
    return n;
}

/* Is t in force on day on? rules/obligations.c treaty_state (static there),
 * line for line, without the decision rule: by the dates of its phases. */
static int in_force(const model *m, const treaty *t, bloc_date on)
{
    bloc_date entered = 0, ended = 0;
    for (size_t i = 0; i < t->phases.n; i++) {
        const mfact *p = &m->facts[t->phases.v[i]];
        if (p->dead || bloc_date_first(p->from) > on)
            continue;
        if (p->s[1] == m->k_in_force && (!entered || bloc_date_cmp(p->from, entered) > 0))
            entered = p->from;
        if (p->s[1] == m->k_termination && (!ended || bloc_date_cmp(p->from, ended) > 0))
            ended = p->from;
    }
    return entered && (!ended || bloc_date_cmp(entered, ended) > 0);
}

/* rules/obligations.c same_provision (static there): one obligation however
 * many sources record it. */
static int same_provision(const mfact *a, const mfact *b)
{
    return !a->dead && a->s[1] == b->s[1] && a->s[2] == b->s[2] && a->s[3] == b->s[3] &&
           a->from == b->from && a->to == b->to;
}

/* The walk bloc_obligations makes (every treaty, its organization's membership
 * that day, the target's standing, each provision and whom it binds), without
 * building the JSON answer: returns how many (provision, state) it binds. */
static uint64_t obligations_walk(const model *m, const question *q)
{
    const actor *target = q->who;
    uint64_t bound = 0;
    for (size_t ti = 0; ti < m->ntreaties; ti++) {
        const treaty *t = &m->treaties[ti];
        const actor *org = model_actor(m, t->org);
        mset ms;
        if (!t->fact || !org || m->facts[t->fact - 1].dead)
            continue;
        if (!in_force(m, t, q->on))
            continue;
        if (membership_on(m, org, q->on, &ms))
            die("membership_on", "out of memory");
        const mrow *tr = membership_find(&ms, target->id);
        if (tr && tr->good != 0) {
            for (size_t pi = 0; pi < t->provisions.n; pi++) {
                const mfact *p = &m->facts[t->provisions.v[pi]];
                const char *type = model_str(m, p->s[2]);
                if (p->dead || bloc_interval_holds(p->from, p->to, q->on) == BLOC_NO ||
                    strcmp(type, "offense") == 0 || strcmp(type, "nonaggression") == 0)
                    continue;
                int seen = 0;
                for (size_t pj = 0; !seen && pj < pi; pj++)
                    seen = same_provision(&m->facts[t->provisions.v[pj]], p);
                if (seen)
                    continue;
                for (size_t i = 0; i < ms.n; i++)
                    bound += ms.rows[i].state != target->id && ms.rows[i].good != 0;
            }
        }
        membership_release(&ms);
    }
    return bound;
}

static uint64_t ask_walk(void *ctx, const question *q)
{
    return obligations_walk(ctx, q);
}

/* A list of strings, sorted for comparing as a multiset. */
typedef struct strs {
    char **v;
    size_t n, cap;
} strs;

static void strs_add(strs *l, buf *b)
{
    if (grow((void **)&l->v, &l->cap, l->n + 1, sizeof *l->v))
        die("memory", "out of memory");
    l->v[l->n++] = buf_steal(b);
    if (!l->v[l->n - 1])
        die("memory", "out of memory");
}

static void strs_clear(strs *l)
{
    for (size_t i = 0; i < l->n; i++)
        free(l->v[i]);
    l->n = 0;
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Is the sorted multiset a equal to b? */
static int strs_equal(strs *a, strs *b)
{
    qsort(a->v, a->n, sizeof *a->v, cmp_str);
    qsort(b->v, b->n, sizeof *b->v, cmp_str);
    if (a->n != b->n)
        return 0;
    for (size_t i = 0; i < a->n; i++)
        if (strcmp(a->v[i], b->v[i]) != 0)
            return 0;
    return 1;
}

static void json_list(buf *b, const json_t *arr)
{
    for (size_t i = 0; i < json_array_size(arr); i++)
        buf_printf(b, "%s%s", i ? "," : "", json_string_value(json_array_get(arr, i)));
}

/* The provisions of bloc_obligations' JSON answer, one string each:
 * "treaty|article|type|triggered|bound states|disputed states". Returns how
 * many (provision, state) pairs it lists. */
static uint64_t obligations_bloc_keys(bloc_db *db, const question *q, strs *out)
{
    uint64_t listed = 0;
    char day[16], *text = NULL;
    bloc_attack a = {.target = model_str(&db->m, q->who->id),
                     .on = bloc_date_format(q->on, day, sizeof day),
                     .requested = q->requested};
    json_error_t jerr;
    buf b;
    buf_init(&b, 1 << 24);
    if (bloc_obligations(db, &a, BLOC_FMT_JSON, &text))
        die("bloc_obligations", bloc_errmsg(db));
    json_t *doc = json_loads(text, 0, &jerr);
    if (!doc)
        die("bloc_obligations JSON", jerr.text);
    const json_t *obs = json_object_get(doc, "obligations");
    for (size_t i = 0; i < json_array_size(obs); i++) {
        const json_t *o = json_array_get(obs, i);
        int trig = json_is_true(json_object_get(o, "triggered"));
        buf_printf(&b, "%s|%s|%s|%d|", json_string_value(json_object_get(o, "treaty")),
                   json_string_value(json_object_get(o, "article")),
                   json_string_value(json_object_get(o, "type")), trig);
        json_list(&b, json_object_get(o, trig ? "bound" : "would_bind"));
        buf_putc(&b, '|');
        json_list(&b, json_object_get(o, "bound_disputed"));
        listed += json_array_size(json_object_get(o, trig ? "bound" : "would_bind")) +
                  json_array_size(json_object_get(o, "bound_disputed"));
        strs_add(out, &b);
    }
    json_decref(doc);
    bloc_free(text);
    buf_free(&b);
    return listed;
}

static void obligations_sql_keys(sqlq *s, const question *q, strs *out)
{
    buf b, bound, disputed;
    int rc;
    int64_t cur = -1;
    buf_init(&b, 1 << 24);
    buf_init(&bound, 1 << 24);
    buf_init(&disputed, 1 << 24);
    sqlite3_bind_text(s->st, 1, model_str(s->m, q->who->id), -1, SQLITE_STATIC);
    sqlite3_bind_int64(s->st, 2, q->on);
    sqlite3_bind_int(s->st, 3, q->requested);
    for (;;) {
        rc = sqlite3_step(s->st);
        int64_t pseq = rc == SQLITE_ROW ? sqlite3_column_int64(s->st, 0) : -2;
        if (pseq != cur && cur != -1) {
            buf_printf(&b, "%s|%s", bound.len ? bound.p : "", disputed.len ? disputed.p : "");
            strs_add(out, &b);
            buf_reset(&bound);
            buf_reset(&disputed);
        }
        if (rc != SQLITE_ROW)
            break;
        if (pseq != cur)
            buf_printf(&b, "%s|%s|%s|%d|", (const char *)sqlite3_column_text(s->st, 1),
                       (const char *)sqlite3_column_text(s->st, 2),
                       (const char *)sqlite3_column_text(s->st, 3), sqlite3_column_int(s->st, 4));
        cur = pseq;
        if (sqlite3_column_type(s->st, 5) != SQLITE_NULL) {
            buf *l = sqlite3_column_int(s->st, 6) ? &bound : &disputed;
            buf_printf(l, "%s%s", l->len ? "," : "", (const char *)sqlite3_column_text(s->st, 5));
        }
    }
    if (rc != SQLITE_DONE)
        die("query", sqlite3_errmsg(sq));
    sqlite3_reset(s->st);
    buf_free(&b);
    buf_free(&bound);
    buf_free(&disputed);
}

/* ---- the table ---- */

static void human(double v, char *out, size_t n)
{
    if (v >= 1e6)
        fmt_into(out, n, "%.2f M", v / 1e6);
    else if (v >= 1e4)
        fmt_into(out, n, "%.1f k", v / 1e3);
    else
        fmt_into(out, n, "%.1f", v);
}

static void row(const char *what, double bloc, double sql)
{
    char a[32] = "-", b[32] = "-", r[32] = "-";
    if (bloc > 0)
        human(bloc, a, sizeof a);
    if (sql > 0)
        human(sql, b, sizeof b);
    if (bloc > 0 && sql > 0)
        fmt_into(r, sizeof r, "%.1fx", bloc / sql);
    printf("| %-58s | %12s | %12s | %8s |\n", what, a, b, r);
}

static void usage(void)
{
    fprintf(stderr, "usage: bench [-t SECONDS] [-r REBUILDS] [-c CHECKS] [-s SEED] DB SQLDB\n");
    exit(2);
}

int main(int argc, char **argv)
{
    int rebuilds = 3, opt;
    size_t checks = 1000, nq = 500000;
    long long seed = 7;
    while ((opt = getopt(argc, argv, "t:r:c:s:")) != -1) {
        switch (opt) {
        case 't': budget = (double)num_arg(optarg, usage); break;
        case 'r': rebuilds = (int)num_arg(optarg, usage); break;
        case 'c': checks = (size_t)num_arg(optarg, usage); break;
        case 's': seed = num_arg(optarg, usage); break;
        default: usage();
        }
    }
    if (optind != argc - 2 || rebuilds < 1)
        usage();
    const char *path = argv[optind], *sqlpath = argv[optind + 1];
    struct stat sb;
    if (stat(path, &sb) != 0)
        die(path, strerror(errno));
    long long dbsize = (long long)sb.st_size;
    printf("bench: %s (%lld bytes), SQLite %s, bloc %s\n", path, dbsize, sqlite3_libversion(),
           bloc_version());

    /* 1. Rebuild. */
    double warm = warm_file(path);
    printf("bench: page cache warmed: %s read in %.2f s\n", path, warm);
    store *st = NULL;
    char err[512];
    int64_t nent = 0;
    if (store_sqlite_ops.open(path, STORE_OPEN_NOCREATE, &st, err, sizeof err))
        die(path, err);
    double t0 = now_s();
    if (st->ops->scan(st, 1, count_cb, &nent))
        die("scan", st->ops->errmsg(st));
    double scan_s = now_s() - t0;
    st->ops->close(st);
    printf("bench: store scan alone (SQLite rows to entries, no model): %lld entries in %.2f s\n",
           (long long)nent, scan_s);
    double wall[16], cpu[16];
    bloc_db *db = NULL;
    if (rebuilds > 16)
        rebuilds = 16;
    for (int i = 0; i < rebuilds; i++) {
        bloc_close(db);
        db = NULL;
        double w0 = now_s(), c0 = cpu_s();
        int rc = bloc_open(path, BLOC_OPEN_NO_BUNDLE, &db);
        wall[i] = now_s() - w0;
        cpu[i] = cpu_s() - c0;
        if (rc)
            die(path, bloc_errmsg(db));
        printf("bench: rebuild %d: %zu facts in %.2f s wall, %.2f s CPU\n", i + 1, db->m.nfacts,
               wall[i], cpu[i]);
    }
    const model *m = &db->m;
    long long hwm = proc_kb("VmHWM"), rss = proc_kb("VmRSS");
    size_t mbytes = model_bytes(m);
    double wsort[16];
    memcpy(wsort, wall, sizeof wall);
    qsort(wsort, (size_t)rebuilds, sizeof *wsort, cmp_double);
    double wmed = wsort[rebuilds / 2], wbest = wsort[0];
    double csum = 0;
    for (int i = 0; i < rebuilds; i++)
        csum += cpu[i];
    printf("bench: peak RSS (VmHWM) %lld kB, RSS now %lld kB, model capacity %zu bytes "
           "(%.1f bytes/fact), db file %lld bytes\n",
           hwm, rss, mbytes, (double)mbytes / (double)m->nfacts, dbsize);

    /* After the peak RSS is read: the mmap variants map the file, which counts. */
    static const struct {
        const char *what;
        int flags;
        long long mmap;
        int all;
    } sv[] = {
        {"as the store reads (default threading mode, no mmap, 17 columns)", SQLITE_OPEN_READONLY,
         0, 1},
        {"SQLITE_OPEN_NOMUTEX", SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX, 0, 1},
        {"NOMUTEX + mmap_size 8 GiB", SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX, 1LL << 33, 1},
        {"NOMUTEX + mmap + only the 13 columns the model uses",
         SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX, 1LL << 33, 0},
    };
    double sv_s[sizeof sv / sizeof *sv];
    for (size_t i = 0; i < sizeof sv / sizeof *sv; i++) {
        int64_t rows;
        sv_s[i] = scan_variant(path, sv[i].flags, sv[i].mmap, sv[i].all, &rows);
        printf("bench: SQLite row reading, %s: %lld rows in %.2f s, %.2f M rows/s\n", sv[i].what,
               (long long)rows, sv_s[i], (double)rows / sv_s[i] / 1e6);
    }

    /* Organizations and states of the record. */
    const actor **orgs = calloc(m->nactors, sizeof *orgs),
                **states = calloc(m->nactors, sizeof *states);
    size_t norg = 0, nstate = 0;
    if (!orgs || !states)
        die("memory", "out of memory");
    for (size_t i = 0; i < m->nactors; i++) {
        sym type = model_actor_type(m, &m->actors[i]);
        if (type == m->k_org)
            orgs[norg++] = &m->actors[i];
        else if (type == m->k_state)
            states[nstate++] = &m->actors[i];
    }
    if (!norg || !nstate)
        die(path, "no organizations or states in the record");

    rng r = {(uint64_t)seed};
    const int32_t d0 = days_of(1900, 1, 1), d1 = days_of(2026, 1, 1);
    question *mq = calloc(nq, sizeof *mq), *oq = calloc(nq, sizeof *oq);
    if (!mq || !oq)
        die("memory", "out of memory");
    for (size_t i = 0; i < nq; i++) {
        mq[i].who = orgs[rng_below(&r, (uint32_t)norg)];
        mq[i].on = date_of(d0 + (int32_t)rng_below(&r, (uint32_t)(d1 - d0)));
        oq[i].who = states[rng_below(&r, (uint32_t)nstate)];
        oq[i].on = date_of(d0 + (int32_t)rng_below(&r, (uint32_t)(d1 - d0)));
        oq[i].requested = (int)rng_below(&r, 2);
    }

    /* 2. Membership, bloc side. */
    measure mb_on = run(ask_membership_on, (void *)m, mq, nq);
    measure mb_api = run(ask_bloc_members, db, mq, nq);

    /* SQL side: its own connection to the copy, a large page cache, indexes. */
    if (sqlite3_open_v2(sqlpath, &sq, SQLITE_OPEN_READWRITE, NULL) != SQLITE_OK)
        die(sqlpath, sq ? sqlite3_errmsg(sq) : "out of memory");
    sq_exec("PRAGMA cache_size = -8388608; PRAGMA temp_store = MEMORY");
    static const struct {
        const char *name, *sql;
    } idx[] = {
        {"bench_org", "CREATE INDEX bench_org ON log(kind, s0, dfrom)"},
        {"bench_org_cover", "CREATE INDEX bench_org_cover ON log(kind, s0, dfrom, dto, s1, s2)"},
        {"bench_state_cover",
         "CREATE INDEX bench_state_cover ON log(kind, s1, dfrom, dto, s0, s2)"},
    };
    int made = 0;
    for (size_t i = 0; i < sizeof idx / sizeof *idx; i++) {
        if (sq_has_index(idx[i].name))
            continue;
        t0 = now_s();
        sq_exec(idx[i].sql);
        printf("bench: SQL copy: %s built in %.1f s\n", idx[i].name, now_s() - t0);
        made = 1;
    }
    if (made) {
        t0 = now_s();
        sq_exec("ANALYZE");
        printf("bench: SQL copy: ANALYZE in %.1f s\n", now_s() - t0);
    }
    /* Warm SQLite's page cache: the table and every index the queries use. */
    t0 = now_s();
    sq_exec("SELECT sum(length(s2)), sum(dto) FROM log");
    sq_exec("SELECT count(*) FROM log INDEXED BY bench_org WHERE kind = 7");
    sq_exec("SELECT sum(dto) FROM log INDEXED BY bench_org_cover WHERE kind = 7");
    sq_exec("SELECT sum(dto) FROM log INDEXED BY bench_state_cover WHERE kind = 7");
    printf("bench: SQL page cache warmed in %.1f s\n", now_s() - t0);

    sqlq s_plain = {sq_prepare(SQL_MEMBERS("bench_org")), m};
    sqlq s_cover = {sq_prepare(SQL_MEMBERS("bench_org_cover")), m};
    measure ms_plain = run(ask_sql, &s_plain, mq, nq);
    measure ms_cover = run(ask_sql, &s_cover, mq, nq);

    size_t mcheck = checks < nq ? checks : nq, mbad = 0;
    buf x, y;
    buf_init(&x, 1 << 24);
    buf_init(&y, 1 << 24);
    for (size_t i = 0; i < mcheck; i++) {
        members_bloc_text(m, &mq[i], &x);
        for (int k = 0; k < 2; k++) {
            members_sql_text(k ? &s_cover : &s_plain, &mq[i], &y);
            if (x.len != y.len || (x.len && memcmp(x.p, y.p, x.len) != 0)) {
                if (mbad++ < 3)
                    fprintf(stderr, "bench: membership mismatch for %s on %d:\nbloc:\n%ssql:\n%s",
                            model_str(m, mq[i].who->id), mq[i].on, x.len ? x.p : "",
                            y.len ? y.p : "");
            }
        }
    }

    /* 3. Obligations. */
    measure ob_api = run(ask_bloc_obligations, db, oq, nq);
    measure ob_walk = run(ask_walk, (void *)m, oq, nq);
    sqlq s_obl = {sq_prepare(sql_obligations), m};
    measure ob_sql = run(ask_sql, &s_obl, oq, nq);

    size_t ocheck = checks / 10 < nq ? checks / 10 : nq, obad = 0, oprov = 0;
    strs ka = {0}, kb = {0};
    for (size_t i = 0; i < ocheck; i++) {
        uint64_t listed = obligations_bloc_keys(db, &oq[i], &ka);
        obligations_sql_keys(&s_obl, &oq[i], &kb);
        oprov += ka.n;
        if (!strs_equal(&ka, &kb)) {
            if (obad++ < 3)
                fprintf(stderr, "bench: obligations mismatch for %s on %d: %zu vs %zu provisions\n",
                        model_str(m, oq[i].who->id), oq[i].on, ka.n, kb.n);
        }
        /* The bench-side walk must bind as many as the JSON answer lists. */
        if (obligations_walk(m, &oq[i]) != listed) {
            if (obad++ < 3)
                fprintf(stderr, "bench: obligations walk for %s on %d binds other than the JSON\n",
                        model_str(m, oq[i].who->id), oq[i].on);
        }
        strs_clear(&ka);
        strs_clear(&kb);
    }

    /* The table. */
    char line[128];
    printf("\n%zu facts, db file %.2f GiB; each query measure ran %.0f s (at least %d queries)\n\n",
           m->nfacts, (double)dbsize / (1 << 30), budget, MIN_QUERIES);
    printf("| %-58s | %12s | %12s | %8s |\n", "measure (query rows: queries/s)", "bloc", "SQLite",
           "ratio");
    printf("|%s|%s|%s|%s|\n", "------------------------------------------------------------",
           "--------------", "--------------", "----------");
    fmt_into(line, sizeof line, "rebuild: facts/s (median of %d runs; best run %.2f s)", rebuilds,
             wbest);
    row(line, (double)m->nfacts / wmed, 0);
    row("rebuild: facts per CPU-second (mean)", (double)m->nfacts * rebuilds / csum, 0);
    row("  store scan alone (src/store, no model), entries/s", 0, (double)nent / scan_s);
    row("  SQLite rows/s, opened as the store opens it, 17 columns", 0, (double)nent / sv_s[0]);
    row("  SQLite rows/s, + SQLITE_OPEN_NOMUTEX", 0, (double)nent / sv_s[1]);
    row("  SQLite rows/s, + NOMUTEX + mmap_size 8 GiB", 0, (double)nent / sv_s[2]);
    row("  SQLite rows/s, + NOMUTEX + mmap + only 13 columns", 0, (double)nent / sv_s[3]);
    fmt_into(line, sizeof line, "peak RSS after rebuild, MiB (VmHWM; db file %.0f MiB)",
             (double)dbsize / 1048576);
    row(line, (double)hwm / 1024, 0);
    fmt_into(line, sizeof line, "  peak RSS / db file size (aim: at most 2x)");
    printf("| %-58s | %11.2fx | %12s | %8s |\n", line, (double)hwm * 1024 / (double)dbsize, "-",
           "-");
    row("membership: membership_on / SQL, index (kind,s0,dfrom)", qps(&mb_on), qps(&ms_plain));
    row("membership: membership_on / SQL, covering index", qps(&mb_on), qps(&ms_cover));
    row("membership: bloc_members JSON / SQL, covering index", qps(&mb_api), qps(&ms_cover));
    row("obligations: bloc_obligations JSON / SQL", qps(&ob_api), qps(&ob_sql));
    row("obligations: all-treaty walk, no JSON (bench) / SQL", qps(&ob_walk), qps(&ob_sql));
    printf("\nqueries run: membership_on %zu, bloc_members %zu, SQL %zu / %zu; "
           "bloc_obligations %zu, walk %zu, SQL %zu\n",
           mb_on.queries, mb_api.queries, ms_plain.queries, ms_cover.queries, ob_api.queries,
           ob_walk.queries, ob_sql.queries);
    printf("cross-check: membership %zu questions x 2 SQL indexes, %zu mismatches; "
           "obligations %zu questions (%zu provisions), %zu mismatches\n",
           mcheck, mbad, ocheck, oprov, obad);
    printf("answer checksums: %llu %llu %llu %llu %llu %llu %llu\n",
           (unsigned long long)mb_on.answer, (unsigned long long)mb_api.answer,
           (unsigned long long)ms_plain.answer, (unsigned long long)ms_cover.answer,
           (unsigned long long)ob_api.answer, (unsigned long long)ob_walk.answer,
           (unsigned long long)ob_sql.answer);

    sqlite3_finalize(s_plain.st);
    sqlite3_finalize(s_cover.st);
    sqlite3_finalize(s_obl.st);
    sqlite3_close(sq);
    buf_free(&x);
    buf_free(&y);
    free(ka.v);
    free(kb.v);
    free(mq);
    free(oq);
    free(orgs);
    free(states);
    bloc_close(db);
    return mbad || obad ? 1 : 0;
}
