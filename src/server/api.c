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

#include "auth/session.h"
#include "bloc/auth.h"
#include "bloc/bloc.h"
#include "db/db.h"
#include "json/json.h"
#include "report/report.h"
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
    session_table *sessions;
    char web[1024];    /* the dashboard's files ("" none) */
    char exercise[65]; /* the exercise's name ("" the real record) */
    char on[16];       /* the date procedure steps carry ("" today) */
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
    const char *method; /* GET (HEAD too) or POST */
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

/* ---- people: sessions, the live procedure ---- */

#define SESSION_COOKIE "bloc_session"

/* The caller's session (by its cookie), NULL if none or expired. */
static const session *caller(call *c)
{
    const char *tok = http_cookie(c->rq, SESSION_COOKIE);
    return tok && *tok ? session_find(c->s->sessions, tok, clock_ms()) : NULL;
}

/* The request body as a JSON object, or 400 (naming the field "body") and NULL.
 * Every field must be one of `fields` (space-separated). */
static jv *body_object(call *c, const char *fields)
{
    size_t len;
    const char *text = http_body(c->rq, &len);
    char err[160], msg[300];
    int line = 0, col = 0;
    const char *type = http_header(c->rq, "Content-Type");
    if (!type || strncmp(type, "application/json", 16) != 0) {
        fail(c->rs, 415, "a JSON body (Content-Type: application/json)", "Content-Type");
        return NULL;
    }
    /* an endpoint that takes no fields may have no body at all */
    jv *o = len || *fields ? jv_parse(text, len, err, sizeof err, &line, &col) : jv_object();
    if (!o || jv_typeof(o) != JV_OBJECT) {
        if (o)
            fmt_into(msg, sizeof msg, "body: a JSON object");
        else
            fmt_into(msg, sizeof msg, "body:%d:%d: %s", line, col, err);
        jv_free(o);
        fail(c->rs, 400, msg, "body");
        return NULL;
    }
    for (void *it = jv_iter(o); it; it = jv_next(o, it))
        if (!listed(fields, jv_iter_key(it))) {
            fmt_into(msg, sizeof msg, "%s takes no field \"%.60s\" (it takes: %s)", c->ep->path,
                     jv_iter_key(it), fields);
            fail(c->rs, 400, msg, jv_iter_key(it));
            jv_free(o);
            return NULL;
        }
    return o;
}

/* A string field of the body; 400 naming it when present and not a string. */
static int body_str(call *c, const jv *o, const char *key, const char **out)
{
    const jv *v = jv_get(o, key);
    *out = jv_str(v);
    if (v && jv_typeof(v) != JV_NULL && !*out) {
        char msg[96];
        fmt_into(msg, sizeof msg, "%s: a string", key);
        fail(c->rs, 400, msg, key);
        return 0;
    }
    return 1;
}

static jv *user_json(const session *se)
{
    jv *o = jv_object();
    if (o && (jv_set(o, "user", jv_string(se->user.name)) ||
              jv_set(o, "role", jv_string(se->user.role)) ||
              jv_set(o, "state", jv_string(*se->user.state ? se->user.state : NULL)) ||
              jv_set(o, "csrf", jv_string(se->csrf)))) {
        jv_free(o);
        return NULL;
    }
    return o;
}

static void answer_doc(call *c, int status, jv *doc)
{
    char *text = doc ? jv_dump(doc, 1) : NULL;
    jv_free(doc);
    if (!text)
        fail(c->rs, 503, "out of memory", NULL);
    else
        answer(c->rs, status, text);
}

static void ep_login(call *c)
{
    const char *user, *pass, *ip = http_client(c->rq);
    jv *o = body_object(c, "user password");
    if (!o)
        return;
    if (!body_str(c, o, "user", &user) || !body_str(c, o, "password", &pass)) {
        jv_free(o);
        return;
    }
    if (!user || !pass) {
        fail(c->rs, 400, "login needs \"user\" and \"password\"", user ? "password" : "user");
        jv_free(o);
        return;
    }
    int64_t now = clock_ms();
    int wait = throttle_check(c->s->sessions, user, ip, now);
    if (wait > 0) {
        char msg[160], secs[16];
        fmt_into(secs, sizeof secs, "%d", wait);
        fmt_into(msg, sizeof msg, "too many failed logins: try again in %d s", wait);
        http_add_header(c->rs, "Retry-After", secs);
        fail(c->rs, 429, msg, NULL);
        jv_free(o);
        return;
    }
    bloc_user u;
    int rc = bloc_user_login(c->s->db, user, pass, &u);
    if (rc == BLOC_ENOTFOUND)
        throttle_fail(c->s->sessions, user, ip, now);
    else if (!rc)
        throttle_ok(c->s->sessions, user, ip);
    jv_free(o); /* user and pass point into it */
    if (rc == BLOC_ENOTFOUND) {
        fail(c->rs, 401, "unknown user or wrong password", "password");
        return;
    }
    if (rc) {
        fail_rc(c->rs, c->s->db, rc, NULL);
        return;
    }
    const session *se = session_create(c->s->sessions, &u, now);
    char cookie[320];
    if (!se) {
        fail(c->rs, 503, "out of memory", NULL);
        return;
    }
    fmt_into(cookie, sizeof cookie,
             SESSION_COOKIE "=%s; HttpOnly; SameSite=Strict; Path=/; Max-Age=604800", se->token);
    http_add_header(c->rs, "Set-Cookie", cookie);
    answer_doc(c, 200, user_json(se));
}

/* The session of a state-changing request, with its CSRF token checked:
 * 401 without a session, 403 (logged) without the right token. */
static const session *changer(call *c, const char *action)
{
    const session *se = caller(c);
    if (!se) {
        fail(c->rs, 401, "log in first (POST /api/login)", NULL);
        return NULL;
    }
    if (!session_csrf_ok(se, http_header(c->rq, "X-CSRF-Token"))) {
        bloc_step st = {.action = action,
                        .user = se->user.name,
                        .role = se->user.role,
                        .state = *se->user.state ? se->user.state : NULL};
        const char *why = "the X-CSRF-Token header is missing or wrong";
        bloc_refusal(c->s->db, &st, why);
        fail(c->rs, 403, why, "X-CSRF-Token");
        return NULL;
    }
    return se;
}

static void ep_logout(call *c)
{
    const session *se = changer(c, "logout");
    jv *o = se ? body_object(c, "") : NULL;
    if (!o)
        return;
    jv_free(o);
    session_end(c->s->sessions, se->token);
    http_add_header(c->rs, "Set-Cookie",
                    SESSION_COOKIE "=; HttpOnly; SameSite=Strict; Path=/; Max-Age=0");
    answer_doc(c, 200, jv_object());
}

static void ep_me(call *c)
{
    const session *se = caller(c);
    if (!se)
        fail(c->rs, 401, "not logged in", NULL);
    else
        answer_doc(c, 200, user_json(se));
}

static void ep_info(call *c)
{
    jv *o = jv_object();
    char today[16];
    int bad = !o;
    bad |= jv_set(o, "version", jv_string(bloc_version()));
    bad |= jv_set(o, "exercise", jv_string(*c->s->exercise ? c->s->exercise : NULL));
    bad |= jv_set(
        o, "procedure_date",
        jv_string(*c->s->on ? c->s->on : report_datestr(bloc_date_today(), today, sizeof today)));
    if (bad) {
        jv_free(o);
        o = NULL;
    }
    answer_doc(c, 200, o);
}

static void ep_catalog(call *c)
{
    char *out = NULL;
    int rc = bloc_catalog(c->s->db, BLOC_FMT_JSON, &out);
    reply(c, rc, out, NULL);
}

static void ep_cases(call *c)
{
    char *out = NULL;
    int rc = bloc_cases(c->s->db, arg(c, "org"), BLOC_FMT_JSON, &out);
    reply(c, rc, out, "org");
}

static void ep_case(call *c)
{
    char *out = NULL;
    int rc = bloc_case(c->s->db, arg(c, "id"), BLOC_FMT_JSON, &out);
    reply(c, rc, out, "id");
}

/* POST /api/procedure/ACTION: a step of the live procedure, taken by the
 * logged-in user; who may take it is the procedure's to say (403, 409). */
static void ep_step(call *c)
{
    const char *action = c->ep->path + strlen("/api/procedure/");
    const session *se = changer(c, action);
    if (!se)
        return;
    static const struct {
        const char *action, *fields;
    } takes[] = {
        {"appeal", "org article asked attackers internal note state"},
        {"convene", "case proposal note"},
        {"position", "case position state"},
        {"decide", "case"},
        {"pledge", "case size state"},
        {"complete", "case"},
        {"withdraw", "case"},
    };
    const char *fields = "";
    for (size_t i = 0; i < sizeof takes / sizeof *takes; i++)
        if (strcmp(takes[i].action, action) == 0)
            fields = takes[i].fields;
    jv *o = body_object(c, fields);
    if (!o)
        return;
    bloc_step st = {.action = action,
                    .user = se->user.name,
                    .role = se->user.role,
                    .state = *se->user.state ? se->user.state : NULL,
                    .on = *c->s->on ? c->s->on : NULL};
    const char *att[16];
    const jv *a = jv_get(o, "attackers"), *size = jv_get(o, "size"), *in = jv_get(o, "internal");
    int ok = body_str(c, o, "case", &st.case_id) && body_str(c, o, "org", &st.org) &&
             body_str(c, o, "article", &st.article) && body_str(c, o, "asked", &st.asked) &&
             body_str(c, o, "proposal", &st.proposal) && body_str(c, o, "position", &st.position) &&
             body_str(c, o, "note", &st.note) && body_str(c, o, "state", &st.for_state);
    if (ok && a && (jv_typeof(a) != JV_ARRAY || jv_len(a) > 16)) {
        fail(c->rs, 400, "attackers: a list of at most 16 state codes", "attackers");
        ok = 0;
    }
    for (size_t i = 0; ok && i < jv_len(a); i++)
        if (!(att[st.nattackers++] = jv_str(jv_at(a, i)))) {
            fail(c->rs, 400, "attackers: a list of state codes", "attackers");
            ok = 0;
        }
    st.attackers = att;
    if (ok && in && jv_typeof(in) != JV_TRUE && jv_typeof(in) != JV_FALSE) {
        fail(c->rs, 400, "internal: true or false", "internal");
        ok = 0;
    }
    st.internal = jv_typeof(in) == JV_TRUE;
    if (ok && size && jv_typeof(size) != JV_INTEGER) {
        fail(c->rs, 400, "size: a whole number of people", "size");
        ok = 0;
    }
    st.size = jv_int(size);
    if (ok && strcmp(action, "appeal") != 0 && !st.case_id) {
        fail(c->rs, 400, "which case: \"case\": \"live:N\"", "case");
        ok = 0;
    }
    char *out = NULL;
    int rc = ok ? bloc_step_apply(c->s->db, &st, &out) : BLOC_OK;
    if (ok && rc) {
        /* the field a refusal or a bad value is about: the message names it first */
        const char *msg = bloc_errmsg(c->s->db);
        char param[32] = "";
        size_t k = strcspn(msg, ": ");
        if (msg[k] == ':' && k < sizeof param)
            fmt_into(param, sizeof param, "%.*s", (int)k, msg);
        int status = rc == BLOC_EDENIED                       ? 403
                     : rc == BLOC_ECONFLICT                   ? 409
                     : rc == BLOC_ENOTFOUND                   ? 404
                     : rc == BLOC_EINVAL || rc == BLOC_EPARSE ? 400
                                                              : 500;
        if (status >= 500)
            fail_rc(c->rs, c->s->db, rc, NULL);
        else
            fail(c->rs, status, msg,
                 status == 400 || status == 404 ? (*param ? param : "case") : NULL);
    } else if (ok) {
        answer(c->rs, strcmp(action, "appeal") == 0 ? 201 : 200, out);
    }
    jv_free(o);
}

static const endpoint endpoints[] = {
    {"GET", "/api/stream", "from", "", "", ep_stream},
    {"GET", "/api/members", "org on", "org", "on", ep_members},
    {"GET", "/api/chair", "org on", "org", "on", ep_chair},
    {"GET", "/api/obligations", "target on attacker requested internal", "target on", "on",
     ep_obligations},
    {"GET", "/api/history", "actor", "actor", "", ep_history},
    {"GET", "/api/appeals", "org", "org", "", ep_appeals},
    {"GET", "/api/cohesion", "org from to", "org", "from to", ep_cohesion},
    {"GET", "/api/timeline", "actor from to", "actor", "from to", ep_timeline},
    {"GET", "/api/claims", "source", "", "", ep_claims},
    {"GET", "/api/log", "from limit", "", "", ep_log},
    {"GET", "/api/export/dyad-years", "from to", "from to", "from to", ep_dyads},
    {"GET", "/api/export/plover", "", "", "", ep_plover},
    {"GET", "/api/info", "", "", "", ep_info},
    {"GET", "/api/catalog", "", "", "", ep_catalog},
    {"GET", "/api/me", "", "", "", ep_me},
    {"GET", "/api/cases", "org", "", "", ep_cases},
    {"GET", "/api/case", "id", "id", "", ep_case},
    {"POST", "/api/login", "", "", "", ep_login},
    {"POST", "/api/logout", "", "", "", ep_logout},
    {"POST", "/api/procedure/appeal", "", "", "", ep_step},
    {"POST", "/api/procedure/convene", "", "", "", ep_step},
    {"POST", "/api/procedure/position", "", "", "", ep_step},
    {"POST", "/api/procedure/decide", "", "", "", ep_step},
    {"POST", "/api/procedure/pledge", "", "", "", ep_step},
    {"POST", "/api/procedure/complete", "", "", "", ep_step},
    {"POST", "/api/procedure/withdraw", "", "", "", ep_step},
};

/* ---- the dashboard's files ---- */

static const char *file_type(const char *path)
{
    static const struct {
        const char *ext, *type;
    } types[] = {
        {".html", "text/html; charset=utf-8"},
        {".js", "text/javascript; charset=utf-8"},
        {".mjs", "text/javascript; charset=utf-8"},
        {".css", "text/css; charset=utf-8"},
        {".json", "application/json; charset=utf-8"},
        {".svg", "image/svg+xml"},
        {".png", "image/png"},
        {".ico", "image/x-icon"},
        {".txt", "text/plain; charset=utf-8"},
    };
    const char *dot = strrchr(path, '.');
    for (size_t i = 0; dot && i < sizeof types / sizeof *types; i++)
        if (strcmp(dot, types[i].ext) == 0)
            return types[i].type;
    return NULL;
}

/* GET a file of the web directory: only plain names (letters, digits, - _ .
 * and /, no "..", no dot files), of the types above. */
static void serve_file(bloc_server *s, const http_req *rq, http_resp *rs)
{
    const char *path = http_path(rq);
    char full[1400];
    if (strcmp(path, "/") == 0)
        path = "/index.html";
    int ok = *s->web && strlen(path) < 256 && !strstr(path, "..") && !strstr(path, "/.");
    for (const char *p = path; ok && *p; p++)
        ok = (*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
             strchr("-_./", *p);
    const char *type = ok ? file_type(path) : NULL;
    FILE *f = NULL;
    if (type) {
        fmt_into(full, sizeof full, "%s%s", s->web, path);
        f = fopen(full, "rb");
    }
    if (!f) {
        char msg[300];
        fmt_into(msg, sizeof msg, "no such file: %.200s", http_path(rq));
        fail(rs, 404, msg, NULL);
        return;
    }
    if (strcmp(http_method(rq), "GET") != 0 && strcmp(http_method(rq), "HEAD") != 0) {
        fclose(f);
        fail(rs, 405, "files answer GET only", NULL);
        return;
    }
    if (fseek(f, 0, SEEK_END) != 0) {
        fclose(f);
        fail(rs, 404, "not a file", NULL);
        return;
    }
    rs->status = 200;
    rs->type = type;
    rs->file = f;
}

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
    const char *path = http_path(rq), *method = http_method(rq);
    if (strncmp(path, "/api/", 5) != 0) {
        serve_file(c.s, rq, rs);
        return;
    }
    for (size_t i = 0; i < sizeof endpoints / sizeof *endpoints && !c.ep; i++)
        if (strcmp(endpoints[i].path, path) == 0)
            c.ep = &endpoints[i];
    if (!c.ep) {
        char msg[300];
        fmt_into(msg, sizeof msg, "no such endpoint: %.200s", path);
        fail(rs, 404, msg, NULL);
        return;
    }
    int post = strcmp(c.ep->method, "POST") == 0;
    if (post ? strcmp(method, "POST") != 0
             : strcmp(method, "GET") != 0 && strcmp(method, "HEAD") != 0) {
        http_add_header(rs, "Allow", post ? "POST" : "GET, HEAD");
        fail(rs, 405, post ? "this endpoint answers POST only" : "this endpoint answers GET only",
             NULL);
        return;
    }
    /* what other writers appended since: every answer reads the log as it is */
    if (db_catch_up(c.s->db)) {
        fail(rs, 503, bloc_errmsg(c.s->db), NULL);
        return;
    }
    if (post) {
        if (check_args(&c))
            c.ep->run(&c);
        return;
    }
    /* the same question while the log has not grown: the same answer */
    size_t head = c.s->db->m.nfacts;
    bloc_date today = bloc_date_today();
    char *key = c.ep->run == ep_stream || c.ep->run == ep_dyads || c.ep->run == ep_plover ||
                        c.ep->run == ep_me
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

int bloc_server_start(bloc_db *db, const bloc_server_opts *o, bloc_server **out)
{
    char host[64], err[256];
    unsigned port = 8080;
    const char *listen = o ? o->listen : NULL;
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
    if (o && o->on) {
        bloc_date d;
        if (bloc_date_parse(o->on, &d, err, sizeof err) || !bloc_date_valid(d)) {
            free(s);
            return db_err(db, BLOC_EPARSE, "--on: %s", err);
        }
        report_datestr(d, s->on, sizeof s->on);
    }
    if (o && o->web && (strlen(o->web) >= sizeof s->web - 1 || !*o->web)) {
        free(s);
        return db_err(db, BLOC_EINVAL, "--web: a directory path of at most %zu bytes",
                      sizeof s->web - 2);
    }
    fmt_into(s->web, sizeof s->web, "%s", o && o->web ? o->web : "");
    fmt_into(s->exercise, sizeof s->exercise, "%s", o && o->exercise ? o->exercise : "");
    s->sessions = sessions_new(4096);
    if (!s->sessions) {
        free(s);
        return db_err(db, BLOC_ENOMEM, "out of memory");
    }
    http_limits lim = {
        .connections = 1024, .per_ip = 256, .timeout = 30, .memory = 64 * 1024, .body = 64 * 1024};
    s->http = http_start(host, port, &lim, handle, s, err, sizeof err);
    if (!s->http) {
        sessions_free(s->sessions);
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
    sessions_free(s->sessions);
    free(s);
}
