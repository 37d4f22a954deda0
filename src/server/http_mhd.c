/*
 * server/http_mhd.c - server/http.h over libmicrohttpd, the only file that
 * includes it. One internal thread polls with epoll (or poll) and runs the
 * handler, so the database handle is only ever used from that thread.
 */
#include "server/http.h"

#include <arpa/inet.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "util/buf.h"

typedef struct stream stream;

/* A request's state across libmicrohttpd's calls: its body as it arrives. */
typedef struct request_state {
    buf body;
    int too_big;
} request_state;

struct http_server {
    struct MHD_Daemon *d;
    http_handler fn;
    void *ud;
    unsigned port;
    size_t body_max;
    request_state no_body; /* the state of every GET and HEAD */
    /* streams waiting for more (suspended), resumed by the waker thread */
    pthread_mutex_t lock;
    stream *waiting;
    pthread_t waker;
    int stopping, has_waker;
};

struct stream {
    http_server *s;
    struct MHD_Connection *c;
    http_more_fn more;
    void *ctx;
    void (*free_ctx)(void *ctx);
    stream *next; /* in s->waiting while suspended */
};

struct http_req {
    struct MHD_Connection *c;
    const char *method, *url;
    const char *body;
    size_t len;
    char client[64];
};

int http_add_header(http_resp *rs, const char *name, const char *value)
{
    if (rs->nhdr >= HTTP_MAXHEADERS || strlen(name) >= sizeof rs->hdr[0].name ||
        strlen(value) >= sizeof rs->hdr[0].value)
        return 0;
    fmt_into(rs->hdr[rs->nhdr].name, sizeof rs->hdr[0].name, "%s", name);
    fmt_into(rs->hdr[rs->nhdr].value, sizeof rs->hdr[0].value, "%s", value);
    rs->nhdr++;
    return 1;
}

const char *http_cookie(const http_req *rq, const char *name)
{
    return MHD_lookup_connection_value(rq->c, MHD_COOKIE_KIND, name);
}

const char *http_body(const http_req *rq, size_t *len)
{
    *len = rq->len;
    return rq->body;
}

const char *http_client(const http_req *rq)
{
    http_req *r = (http_req *)rq; /* the address is looked up when first asked */
    const union MHD_ConnectionInfo *ci =
        *r->client ? NULL : MHD_get_connection_info(r->c, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
    if (ci && ci->client_addr && ci->client_addr->sa_family == AF_INET)
        inet_ntop(AF_INET, &((const struct sockaddr_in *)ci->client_addr)->sin_addr, r->client,
                  sizeof r->client);
    return r->client;
}

const char *http_method(const http_req *rq)
{
    return rq->method;
}

const char *http_path(const http_req *rq)
{
    return rq->url;
}

const char *http_header(const http_req *rq, const char *name)
{
    return MHD_lookup_connection_value(rq->c, MHD_HEADER_KIND, name);
}

/* A stream's reader: its bytes, or (nothing yet) suspend the connection
 * until the waker resumes it. */
static ssize_t stream_read(void *cls, uint64_t pos, char *out, size_t max)
{
    stream *st = cls;
    int done = 0;
    (void)pos;
    pthread_mutex_lock(&st->s->lock);
    int stopping = st->s->stopping;
    pthread_mutex_unlock(&st->s->lock);
    if (stopping)
        return MHD_CONTENT_READER_END_OF_STREAM;
    size_t n = st->more(st->ctx, out, max, &done);
    if (n)
        return (ssize_t)n;
    if (done)
        return MHD_CONTENT_READER_END_OF_STREAM;
    pthread_mutex_lock(&st->s->lock);
    if (st->s->stopping) { /* the waker may have made its last round */
        pthread_mutex_unlock(&st->s->lock);
        return MHD_CONTENT_READER_END_OF_STREAM;
    }
    MHD_suspend_connection(st->c);
    st->next = st->s->waiting;
    st->s->waiting = st;
    pthread_mutex_unlock(&st->s->lock);
    return 0;
}

static void stream_free(void *cls)
{
    stream *st = cls;
    if (st->free_ctx)
        st->free_ctx(st->ctx);
    free(st);
}

/* Every half second, resume the waiting streams (they look for more). */
static void *waker(void *arg)
{
    http_server *s = arg;
    for (;;) {
        struct timespec ts = {0, 500 * 1000 * 1000};
        nanosleep(&ts, NULL);
        pthread_mutex_lock(&s->lock);
        for (stream *st = s->waiting; st; st = st->next)
            MHD_resume_connection(st->c);
        s->waiting = NULL;
        int stop = s->stopping;
        pthread_mutex_unlock(&s->lock);
        if (stop)
            return NULL;
    }
}

const char *http_arg(const http_req *rq, const char *name)
{
    return MHD_lookup_connection_value(rq->c, MHD_GET_ARGUMENT_KIND, name);
}

typedef struct collect {
    const char *name; /* NULL: collect the names */
    const char **out;
    size_t n, max;
} collect;

static enum MHD_Result each_arg(void *cls, enum MHD_ValueKind kind, const char *key,
                                const char *value)
{
    collect *c = cls;
    (void)kind;
    if (c->n < c->max && (!c->name || strcmp(key, c->name) == 0))
        c->out[c->n++] = c->name ? (value ? value : "") : key;
    return MHD_YES;
}

size_t http_args(const http_req *rq, const char *name, const char **out, size_t max)
{
    collect c = {name, out, 0, max};
    MHD_get_connection_values(rq->c, MHD_GET_ARGUMENT_KIND, each_arg, &c);
    return c.n;
}

size_t http_arg_names(const http_req *rq, const char **out, size_t max)
{
    collect c = {NULL, out, 0, max};
    MHD_get_connection_values(rq->c, MHD_GET_ARGUMENT_KIND, each_arg, &c);
    return c.n;
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *c, const char *url,
                                  const char *method, const char *version, const char *upload,
                                  size_t *upload_size, void **state)
{
    http_server *s = cls;
    request_state *up = *state;
    (void)version;
    if (!up) { /* the first call only sees the headers */
        if (strcmp(method, "GET") == 0 || strcmp(method, "HEAD") == 0) {
            *state = &s->no_body; /* nothing to keep: no allocation per question */
            return MHD_YES;
        }
        if (!(up = calloc(1, sizeof *up)))
            return MHD_NO;
        buf_init(&up->body, s->body_max);
        *state = up;
        return MHD_YES;
    }
    if (*upload_size) { /* the body, in pieces: kept up to the cap, the rest dropped */
        if (up != &s->no_body && !up->too_big && buf_add(&up->body, upload, *upload_size))
            up->too_big = 1;
        *upload_size = 0;
        return MHD_YES;
    }
    http_req rq = {c, method, url, up->body.p ? up->body.p : "", up->body.len, ""};
    http_resp rs = {.status = 500, .type = "application/json; charset=utf-8"};
    if (up->too_big) {
        static const char big[] =
            "{\"error\": {\"status\": 413, \"message\": \"the request body is too large\", "
            "\"param\": null}}\n";
        rs.status = 413;
        rs.body = malloc(sizeof big);
        rs.len = rs.body ? sizeof big - 1 : 0;
        if (rs.body)
            memcpy(rs.body, big, sizeof big);
    } else {
        s->fn(s->ud, &rq, &rs);
    }
    struct MHD_Response *r;
    if (rs.more) {
        stream *st = calloc(1, sizeof *st);
        r = st ? MHD_create_response_from_callback(MHD_SIZE_UNKNOWN, 16 * 1024, stream_read, st,
                                                   stream_free)
               : NULL;
        if (st && r) {
            *st = (stream){s, c, rs.more, rs.ctx, rs.free_ctx, NULL};
        } else {
            free(st);
            if (rs.free_ctx)
                rs.free_ctx(rs.ctx);
        }
    } else if (rs.file) {
        long size = ftell(rs.file);
        int fd = size >= 0 ? dup(fileno(rs.file)) : -1;
        fclose(rs.file);
        r = fd >= 0 ? MHD_create_response_from_fd_at_offset64(size, fd, 0) : NULL;
        if (!r && fd >= 0)
            close(fd);
    } else {
        r = MHD_create_response_from_buffer(rs.len, rs.body ? rs.body : (char *)"",
                                            rs.body ? MHD_RESPMEM_MUST_FREE
                                                    : MHD_RESPMEM_PERSISTENT);
    }
    if (!r) {
        free(rs.body);
        return MHD_NO;
    }
    MHD_add_response_header(r, MHD_HTTP_HEADER_CONTENT_TYPE, rs.type);
    MHD_add_response_header(r, "X-Content-Type-Options", "nosniff");
    MHD_add_response_header(r, MHD_HTTP_HEADER_CACHE_CONTROL, "no-store");
    if (strncmp(rs.type, "text/html", 9) == 0) { /* what a page needs, not every answer */
        MHD_add_response_header(r, "X-Frame-Options", "DENY");
        MHD_add_response_header(r, "Referrer-Policy", "no-referrer");
        MHD_add_response_header(r, "Content-Security-Policy",
                                "default-src 'self'; img-src 'self' data:; style-src 'self' "
                                "'unsafe-inline'; frame-ancestors 'none'; form-action 'self'");
    }
    for (int i = 0; i < rs.nhdr; i++)
        MHD_add_response_header(r, rs.hdr[i].name, rs.hdr[i].value);
    enum MHD_Result ok = MHD_queue_response(c, (unsigned)rs.status, r);
    MHD_destroy_response(r);
    return ok;
}

/* A request is over: its body goes. */
static void completed(void *cls, struct MHD_Connection *c, void **state,
                      enum MHD_RequestTerminationCode why)
{
    http_server *s = cls;
    request_state *up = *state;
    (void)c;
    (void)why;
    if (up && up != &s->no_body) {
        buf_free(&up->body);
        free(up);
        *state = NULL;
    }
}

http_server *http_start(const char *host, unsigned port, const http_limits *lim, http_handler fn,
                        void *ud, char *err, size_t errlen)
{
    struct sockaddr_in sa;
    memset(&sa, 0, sizeof sa);
    sa.sin_family = AF_INET;
    sa.sin_port = htons((uint16_t)port);
    if (inet_pton(AF_INET, host, &sa.sin_addr) != 1) {
        fmt_into(err, errlen, "\"%s\" is not an IPv4 address", host);
        return NULL;
    }
    http_server *s = calloc(1, sizeof *s);
    if (!s) {
        fmt_into(err, errlen, "out of memory");
        return NULL;
    }
    s->fn = fn;
    s->ud = ud;
    s->body_max = lim->body ? lim->body : 64 * 1024;
    pthread_mutex_init(&s->lock, NULL);
    s->d = MHD_start_daemon(
        MHD_USE_AUTO_INTERNAL_THREAD | MHD_USE_ERROR_LOG | MHD_ALLOW_SUSPEND_RESUME, 0, NULL, NULL,
        on_request, s, MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&sa, MHD_OPTION_CONNECTION_LIMIT,
        (unsigned int)lim->connections, MHD_OPTION_PER_IP_CONNECTION_LIMIT,
        (unsigned int)lim->per_ip, MHD_OPTION_CONNECTION_TIMEOUT, (unsigned int)lim->timeout,
        MHD_OPTION_CONNECTION_MEMORY_LIMIT, lim->memory, MHD_OPTION_NOTIFY_COMPLETED, completed, s,
        MHD_OPTION_END);
    if (!s->d) {
        fmt_into(err, errlen, "cannot listen on %s:%u (in use, or not allowed)", host, port);
        pthread_mutex_destroy(&s->lock);
        free(s);
        return NULL;
    }
    if (pthread_create(&s->waker, NULL, waker, s) != 0) {
        fmt_into(err, errlen, "cannot start a thread");
        MHD_stop_daemon(s->d);
        pthread_mutex_destroy(&s->lock);
        free(s);
        return NULL;
    }
    s->has_waker = 1;
    const union MHD_DaemonInfo *i = MHD_get_daemon_info(s->d, MHD_DAEMON_INFO_BIND_PORT);
    s->port = i ? i->port : port;
    return s;
}

unsigned http_port(const http_server *s)
{
    return s->port;
}

void http_stop(http_server *s)
{
    if (!s)
        return;
    /* streams end (their readers see stopping), and every suspended one is
     * resumed by the waker's last round: only then may the daemon stop */
    pthread_mutex_lock(&s->lock);
    s->stopping = 1;
    pthread_mutex_unlock(&s->lock);
    if (s->has_waker)
        pthread_join(s->waker, NULL);
    MHD_stop_daemon(s->d);
    pthread_mutex_destroy(&s->lock);
    free(s);
}
