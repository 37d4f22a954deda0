/*
 * server/http.h - the HTTP server bloc needs, behind which libmicrohttpd sits
 * (server/http_mhd.c is the only file that includes microhttpd.h): requests
 * handed to one handler on the server's own thread, answers as a status, a
 * content type and either bytes or an open file.
 */
#ifndef BLOC_SERVER_HTTP_H
#define BLOC_SERVER_HTTP_H

#include <stddef.h>
#include <stdio.h>

typedef struct http_server http_server;
typedef struct http_req http_req;

typedef struct http_limits {
    unsigned connections; /* open at once */
    unsigned per_ip;      /* open at once from one address */
    unsigned timeout;     /* seconds a connection may stay idle */
    size_t memory;        /* bytes a connection may use for its headers */
    size_t body;          /* bytes of a request body (more: 413 before the handler runs) */
} http_limits;

#define HTTP_MAXHEADERS 4 /* headers an answer may add */

/* A stream's next bytes into buf (at most max): how many; 0 when there is
 * nothing yet (the connection then waits, and is asked again within half a
 * second); *done set when the stream has ended. Runs on the server's thread. */
typedef size_t (*http_more_fn)(void *ctx, char *buf, size_t max, int *done);

/* An answer. body (malloc'd, taken), or file (an open temporary file, taken:
 * its contents from the start are sent, then it is closed), or a stream (more
 * called until done; free_ctx(ctx) when the connection ends). */
typedef struct http_resp {
    int status;
    const char *type; /* content type; static */
    char *body;
    size_t len;
    FILE *file;
    http_more_fn more;
    void *ctx;
    void (*free_ctx)(void *ctx);
    struct {
        char name[32], value[320];
    } hdr[HTTP_MAXHEADERS]; /* added headers (Set-Cookie, Retry-After, ...) */
    int nhdr;
} http_resp;

/* Add a header to the answer (dropped past HTTP_MAXHEADERS or when too long:
 * 0 then, 1 when added). */
int http_add_header(http_resp *rs, const char *name, const char *value);

/* The handler fills *rs; it runs on the server's thread, one request at a time. */
typedef void (*http_handler)(void *ud, const http_req *rq, http_resp *rs);

/* Listen on host:port (an IPv4 address; port 0 picks a free one). NULL on
 * failure, with the reason in err. */
http_server *http_start(const char *host, unsigned port, const http_limits *lim, http_handler fn,
                        void *ud, char *err, size_t errlen);
unsigned http_port(const http_server *s);
void http_stop(http_server *s);

const char *http_method(const http_req *rq);
/* A request header's value, NULL if absent. */
const char *http_header(const http_req *rq, const char *name);
const char *http_path(const http_req *rq);
/* A cookie's value, NULL if absent. */
const char *http_cookie(const http_req *rq, const char *name);
/* The request body (NUL-terminated; "" when none) and its length. */
const char *http_body(const http_req *rq, size_t *len);
/* The client's address as text ("127.0.0.1"). */
const char *http_client(const http_req *rq);
/* The value of query argument name (the first, if repeated), NULL if absent. */
const char *http_arg(const http_req *rq, const char *name);
/* Every value of a repeated query argument, up to max, into out; how many. */
size_t http_args(const http_req *rq, const char *name, const char **out, size_t max);
/* The names of the query arguments, up to max, into out; how many. */
size_t http_arg_names(const http_req *rq, const char **out, size_t max);

#endif
