/*
 * server/api.c - `bloc serve`: the command line's questions as HTTP endpoints
 * answering the same JSON (GET /api/members?org=CSTO&on=2012-06-01 is
 * `bloc members CSTO --on 2012-06-01 --json`), and one JSON shape for errors:
 * {"error": {"status": 400, "message": "...", "param": "on"}}.
 *
 * Every endpoint lists the query arguments it takes; any other is refused
 * (400, naming it), as are missing ones and malformed dates. Exports are
 * written to a temporary file and sent from it, so a two-century dyad-year
 * table does not sit in memory.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "bloc/bloc.h"
#include "db/db.h"
#include "json/json.h"
#include "server/http.h"
#include "util/buf.h"

#define API_MAXARGS   64
#define CACHE_SLOTS   512         /* answers kept */
#define CACHE_MAXBODY (256 << 10) /* bytes of one answer kept */

/* An answer kept for the same question asked again while the log has not
 * grown: the key is the path and the sorted arguments, the head the log's
 * length when it was made. */
typedef struct cached {
    char *key;
    size_t head;
    bloc_date today; /* "on" left out means today */
    char *body;
    size_t len;
} cached;

struct bloc_server {
    bloc_db *db;
    http_server *http;
    cached cache[CACHE_SLOTS];
};

static const char json_type[] = "application/json; charset=utf-8";

/* A JSON answer, ending with a newline as the command line's does. */
static void answer(http_resp *rs, int status, char *body)
{
    size_t n = body ? strlen(body) : 0;
    if (n && body[n - 1] != '\n') {
        char *p = realloc(body, n + 2);
        if (!p) {
            free(body);
            rs->status = 503;
            return;
        }
        body = p;
        body[n++] = '\n';
        body[n] = '\0';
    }
    rs->status = status;
    rs->type = json_type;
    rs->body = body;
    rs->len = n;
}

/* The error shape: {"error": {"status", "message", "param"}}. */
static void fail(http_resp *rs, int status, const char *message, const char *param)
{
    buf b;
    buf_init(&b, 64 * 1024);
    int rc = buf_printf(&b, "{\"error\": {\"status\": %d, \"message\": ", status);
    rc = rc || json_put_string(&b, message, strlen(message));
    rc = rc || buf_puts(&b, ", \"param\": ");
    rc = rc || (param ? json_put_string(&b, param, strlen(param)) : buf_puts(&b, "null"));
    rc = rc || buf_puts(&b, "}}\n");
    answer(rs, status, rc ? NULL : buf_steal(&b));
    buf_free(&b);
    if (rc)
        rs->status = 500;
}

/* A library failure: its message, with the status its code calls for. */
static void fail_rc(http_resp *rs, bloc_db *db, int rc, const char *param)
{
    int status = rc == BLOC_ENOTFOUND                     ? 404
                 : rc == BLOC_EPARSE || rc == BLOC_EINVAL ? 400
                 : rc == BLOC_ELIMIT                      ? 413
                 : rc == BLOC_ENOMEM                      ? 503
                                                          : 500;
    fail(rs, status, bloc_errmsg(db), status == 404 || status == 400 ? param : NULL);
}

typedef struct endpoint endpoint;

typedef struct call {
    bloc_server *s;
    const http_req *rq;
    http_resp *rs;
    const endpoint *ep;
} call;

struct endpoint {
    const char *path;
    const char *args;     /* the query arguments it takes, space-separated */
    const char *required; /* of those, the ones it needs */
    const char *dates;    /* of those, the ones that are dates */
    void (*run)(call *c);
};

static int listed(const char *list, const char *name)
{
    size_t n = strlen(name);
    for (const char *p = list; p && *p;) {
        const char *e = strchr(p, ' ');
        size_t k = e ? (size_t)(e - p) : strlen(p);
        if (k == n && strncmp(p, name, n) == 0)
            return 1;
        p = e ? e + 1 : p + k;
    }
    return 0;
}

/* Unknown, missing and malformed arguments: 400 naming the first. */
static int check_args(call *c)
{
    const char *names[API_MAXARGS];
    size_t n = http_arg_names(c->rq, names, API_MAXARGS);
    char msg[160];
    for (size_t i = 0; i < n; i++)
        if (!listed(c->ep->args, names[i])) {
            fmt_into(msg, sizeof msg, "%s takes no argument \"%s\" (it takes: %s)", c->ep->path,
                     names[i], *c->ep->args ? c->ep->args : "none");
            fail(c->rs, 400, msg, names[i]);
            return 0;
        }
    for (const char *p = c->ep->required; p && *p;) {
        char name[32];
        const char *e = strchr(p, ' ');
        size_t k = e ? (size_t)(e - p) : strlen(p);
        fmt_into(name, sizeof name, "%.*s", (int)k, p);
        if (!http_arg(c->rq, name) || !*http_arg(c->rq, name)) {
            fmt_into(msg, sizeof msg, "%s needs the argument \"%s\"", c->ep->path, name);
            fail(c->rs, 400, msg, name);
            return 0;
        }
        p = e ? e + 1 : p + k;
    }
    for (const char *p = c->ep->dates; p && *p;) {
        char name[32], why[96];
        const char *e = strchr(p, ' ');
        size_t k = e ? (size_t)(e - p) : strlen(p);
        fmt_into(name, sizeof name, "%.*s", (int)k, p);
        const char *v = http_arg(c->rq, name);
        bloc_date d;
        if (v && bloc_date_parse(v, &d, why, sizeof why)) {
            fmt_into(msg, sizeof msg, "%s: %s", name, why);
            fail(c->rs, 400, msg, name);
            return 0;
        }
        p = e ? e + 1 : p + k;
    }
    return 1;
}

static const char *arg(call *c, const char *name)
{
    const char *v = http_arg(c->rq, name);
    return v && *v ? v : NULL;
}

static int flag(call *c, const char *name)
{
    const char *v = arg(c, name);
    return v && (strcmp(v, "1") == 0 || strcmp(v, "true") == 0 || strcmp(v, "yes") == 0);
}

/* An answer from a query function: its JSON, or its error naming param. */
static void reply(call *c, int rc, char *out, const char *param)
{
    if (rc) {
        bloc_free(out);
        fail_rc(c->rs, c->s->db, rc, param);
        return;
    }
    answer(c->rs, 200, out);
}

static void ep_members(call *c)
{
    char *out = NULL;
    int rc = bloc_members(c->s->db, arg(c, "org"), arg(c, "on"), BLOC_FMT_JSON, &out);
    reply(c, rc, out, "org");
}

static void ep_chair(call *c)
{
    char *out = NULL;
    int rc = bloc_chair(c->s->db, arg(c, "org"), arg(c, "on"), BLOC_FMT_JSON, &out);
    reply(c, rc, out, "org");
}

static void ep_obligations(call *c)
{
    const char *att[API_MAXARGS];
    bloc_attack a = {0};
    a.target = arg(c, "target");
    a.on = arg(c, "on");
    a.nattackers = http_args(c->rq, "attacker", att, API_MAXARGS);
    a.attackers = att;
    a.requested = flag(c, "requested");
    a.internal = flag(c, "internal");
    char *out = NULL;
    int rc = bloc_obligations(c->s->db, &a, BLOC_FMT_JSON, &out);
    reply(c, rc, out, "target");
}

static void ep_history(call *c)
{
    char *out = NULL;
    int rc = bloc_history(c->s->db, arg(c, "actor"), BLOC_FMT_JSON, &out);
    reply(c, rc, out, "actor");
}

static void ep_appeals(call *c)
{
    char *out = NULL;
    int rc = bloc_appeals(c->s->db, arg(c, "org"), BLOC_FMT_JSON, &out);
    reply(c, rc, out, "org");
}

static void ep_cohesion(call *c)
{
    char *out = NULL;
    int rc =
        bloc_cohesion(c->s->db, arg(c, "org"), arg(c, "from"), arg(c, "to"), BLOC_FMT_JSON, &out);
    reply(c, rc, out, "org");
}

static void ep_timeline(call *c)
{
    char *out = NULL;
    int rc =
        bloc_timeline(c->s->db, arg(c, "actor"), arg(c, "from"), arg(c, "to"), BLOC_FMT_JSON, &out);
    reply(c, rc, out, "actor");
}

static void ep_claims(call *c)
{
    char *out = NULL;
    int rc = bloc_claims(c->s->db, arg(c, "source"), BLOC_FMT_JSON, &out);
    reply(c, rc, out, "source");
}

static void ep_log(call *c)
{
    char *out = NULL, *end;
    long long from = 1, limit = 100;
    const char *f = arg(c, "from"), *l = arg(c, "limit");
    if (f && (from = strtoll(f, &end, 10), *end || from < 1)) {
        fail(c->rs, 400, "from: a log sequence number (1 or more)", "from");
        return;
    }
    if (l && (limit = strtoll(l, &end, 10), *end || limit < 0 || limit > 10000)) {
        fail(c->rs, 400, "limit: a number of entries from 0 to 10000", "limit");
        return;
    }
    int rc = bloc_log(c->s->db, from, limit, BLOC_FMT_JSON, &out);
    reply(c, rc, out, NULL);
}

static int to_file(void *ud, const char *data, size_t len)
{
    return fwrite(data, 1, len, ud) == len ? BLOC_OK : BLOC_EIO;
}

static void ep_export(call *c, int dyads)
{
    FILE *f = tmpfile();
    if (!f) {
        fail(c->rs, 503, "no room for the export", NULL);
        return;
    }
    int rc = dyads ? bloc_export_dyad_years(c->s->db, arg(c, "from"), arg(c, "to"), to_file, f)
                   : bloc_export_plover(c->s->db, to_file, f);
    if (!rc && fflush(f) != 0)
        rc = BLOC_EIO;
    if (rc) {
        fclose(f);
        fail_rc(c->rs, c->s->db, rc, "from");
        return;
    }
    c->rs->status = 200;
    c->rs->type = dyads ? "text/csv; charset=utf-8" : "application/x-ndjson; charset=utf-8";
    c->rs->file = f;
}

static void ep_dyads(call *c)
{
    ep_export(c, 1);
}

static void ep_plover(call *c)
{
    ep_export(c, 0);
}

/* ---- /api/stream: the log as Server-Sent Events ---- */

typedef struct sse {
    bloc_server *s;
    int64_t next; /* the next entry to send */
    buf pending;  /* what is made and not yet sent */
    size_t sent;
    time_t last; /* when something was last sent */
} sse;

static int sse_entry(void *ud, const char *text)
{
    sse *e = ud;
    int rc =
        buf_printf(&e->pending, "id: %lld\nevent: entry\ndata: %s\n\n", (long long)e->next, text);
    e->next++;
    return rc;
}

static size_t sse_more(void *ctx, char *out, size_t max, int *done)
{
    sse *e = ctx;
    if (e->sent == e->pending.len) {
        buf_reset(&e->pending);
        e->sent = 0;
        /* entries appended since, by this server or any other writer */
        int rc = bloc_log_each(e->s->db, e->next, 256, BLOC_FMT_JSON, sse_entry, e);
        if (rc && !e->pending.len) {
            *done = 1;
            return 0;
        }
        time_t now = time(NULL);
        if (!e->pending.len && now - e->last >= 15 && buf_puts(&e->pending, ": keep-alive\n\n")) {
            *done = 1;
            return 0;
        }
        if (e->pending.len)
            e->last = now;
    }
    size_t n = e->pending.len - e->sent < max ? e->pending.len - e->sent : max;
    memcpy(out, e->pending.p + e->sent, n);
    e->sent += n;
    return n;
}

static void sse_free(void *ctx)
{
    sse *e = ctx;
    buf_free(&e->pending);
    free(e);
}

/* GET /api/stream: each log entry as it is appended, as an event whose id is
 * its sequence number. It starts after Last-Event-ID (a reconnecting client's
 * last), else after ?from=SEQ's predecessor, else at the next entry: no entry
 * is lost or repeated across a reconnect. */
static void ep_stream(call *c)
{
    const char *last = http_header(c->rq, "Last-Event-ID"), *from = arg(c, "from");
    char *end;
    long long next = (long long)c->s->db->m.nfacts + 1;
    if (last && *last) {
        long long v = strtoll(last, &end, 10);
        if (*end || v < 0) {
            fail(c->rs, 400, "Last-Event-ID: a log sequence number", "Last-Event-ID");
            return;
        }
        next = v + 1;
    } else if (from) {
        next = strtoll(from, &end, 10);
        if (*end || next < 1) {
            fail(c->rs, 400, "from: a log sequence number (1 or more)", "from");
            return;
        }
    }
    sse *e = calloc(1, sizeof *e);
    if (!e) {
        fail(c->rs, 503, "out of memory", NULL);
        return;
    }
    e->s = c->s;
    e->next = next;
    e->last = time(NULL);
    buf_init(&e->pending, 64 * 1024 * 1024);
    if (buf_puts(&e->pending, "retry: 2000\n\n")) {
        sse_free(e);
        fail(c->rs, 503, "out of memory", NULL);
        return;
    }
    c->rs->status = 200;
    c->rs->type = "text/event-stream";
    c->rs->more = sse_more;
    c->rs->ctx = e;
    c->rs->free_ctx = sse_free;
}

static const endpoint endpoints[] = {
    {"/api/stream", "from", "", "", ep_stream},
    {"/api/members", "org on", "org", "on", ep_members},
    {"/api/chair", "org on", "org", "on", ep_chair},
    {"/api/obligations", "target on attacker requested internal", "target on", "on",
     ep_obligations},
    {"/api/history", "actor", "actor", "", ep_history},
    {"/api/appeals", "org", "org", "", ep_appeals},
    {"/api/cohesion", "org from to", "org", "from to", ep_cohesion},
    {"/api/timeline", "actor from to", "actor", "from to", ep_timeline},
    {"/api/claims", "source", "", "", ep_claims},
    {"/api/log", "from limit", "", "", ep_log},
    {"/api/export/dyad-years", "from to", "from to", "from to", ep_dyads},
    {"/api/export/plover", "", "", "", ep_plover},
};

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* The cache key of a request: path?a=1&b=2 with the arguments sorted (repeated
 * ones in the order given). NULL when out of memory or too long. */
static char *cache_key(const http_req *rq)
{
    const char *names[API_MAXARGS], *vals[API_MAXARGS];
    size_t n = http_arg_names(rq, names, API_MAXARGS);
    buf b;
    buf_init(&b, 4096);
    qsort(names, n, sizeof *names, cmp_str);
    int rc = buf_puts(&b, http_path(rq));
    for (size_t i = 0; !rc && i < n; i++) {
        if (i && strcmp(names[i], names[i - 1]) == 0)
            continue;
        size_t k = http_args(rq, names[i], vals, API_MAXARGS);
        for (size_t j = 0; !rc && j < k; j++)
            rc = buf_printf(&b, "%c%s=%s", i || j ? '&' : '?', names[i], vals[j]);
    }
    char *key = rc ? NULL : buf_steal(&b);
    buf_free(&b);
    return key;
}

static uint32_t hash_str(const char *s)
{
    uint32_t h = 2166136261u;
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 16777619u;
    return h;
}

static void handle(void *ud, const http_req *rq, http_resp *rs)
{
    call c = {ud, rq, rs, NULL};
    const char *path = http_path(rq);
    for (size_t i = 0; i < sizeof endpoints / sizeof *endpoints && !c.ep; i++)
        if (strcmp(endpoints[i].path, path) == 0)
            c.ep = &endpoints[i];
    if (!c.ep) {
        char msg[300];
        fmt_into(msg, sizeof msg, "no such endpoint: %.200s", path);
        fail(rs, 404, msg, NULL);
        return;
    }
    if (strcmp(http_method(rq), "GET") != 0 && strcmp(http_method(rq), "HEAD") != 0) {
        fail(rs, 405, "this endpoint answers GET only", NULL);
        return;
    }
    /* what other writers appended since: every answer reads the log as it is */
    if (db_catch_up(c.s->db)) {
        fail(rs, 503, bloc_errmsg(c.s->db), NULL);
        return;
    }
    /* the same question while the log has not grown: the same answer */
    size_t head = c.s->db->m.nfacts;
    bloc_date today = bloc_date_today();
    char *key = c.ep->run == ep_stream || c.ep->run == ep_dyads || c.ep->run == ep_plover
                    ? NULL
                    : cache_key(rq);
    cached *slot = key ? &c.s->cache[hash_str(key) % CACHE_SLOTS] : NULL;
    if (slot && slot->key && slot->head == head && slot->today == today &&
        strcmp(slot->key, key) == 0) {
        char *copy = malloc(slot->len + 1);
        if (copy) {
            memcpy(copy, slot->body, slot->len + 1);
            rs->status = 200;
            rs->type = json_type;
            rs->body = copy;
            rs->len = slot->len;
            free(key);
            return;
        }
    }
    if (check_args(&c))
        c.ep->run(&c);
    if (slot && rs->status == 200 && rs->body && rs->len <= CACHE_MAXBODY) {
        char *copy = malloc(rs->len + 1);
        if (copy) {
            memcpy(copy, rs->body, rs->len);
            copy[rs->len] = '\0';
            free(slot->key);
            free(slot->body);
            *slot = (cached){key, head, today, copy, rs->len};
            key = NULL;
        }
    }
    free(key);
}

int bloc_server_start(bloc_db *db, const char *listen, bloc_server **out)
{
    char host[64], err[256];
    unsigned port = 8080;
    *out = NULL;
    const char *colon = strrchr(listen ? listen : "127.0.0.1", ':');
    if (!listen)
        listen = "127.0.0.1";
    if (colon) {
        char *end;
        unsigned long p = strtoul(colon + 1, &end, 10);
        if (*end || p > 65535 || colon == listen)
            return db_err(db, BLOC_EINVAL, "--listen: \"%s\" is not HOST:PORT", listen);
        port = (unsigned)p;
        fmt_into(host, sizeof host, "%.*s", (int)(colon - listen), listen);
    } else {
        fmt_into(host, sizeof host, "%s", listen);
    }
    bloc_server *s = calloc(1, sizeof *s);
    if (!s)
        return db_err(db, BLOC_ENOMEM, "out of memory");
    s->db = db;
    http_limits lim = {.connections = 1024, .per_ip = 256, .timeout = 30, .memory = 64 * 1024};
    s->http = http_start(host, port, &lim, handle, s, err, sizeof err);
    if (!s->http) {
        free(s);
        return db_err(db, BLOC_EIO, "--listen: %s", err);
    }
    *out = s;
    return BLOC_OK;
}

unsigned bloc_server_port(const bloc_server *s)
{
    return http_port(s->http);
}

void bloc_server_stop(bloc_server *s)
{
    if (!s)
        return;
    http_stop(s->http);
    for (size_t i = 0; i < CACHE_SLOTS; i++) {
        free(s->cache[i].key);
        free(s->cache[i].body);
    }
    free(s);
}
