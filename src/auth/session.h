/*
 * auth/session.h - the server's logged-in sessions and its throttling of
 * failed logins, in memory (a restart logs everyone out and forgets failures).
 *
 * A session is found by its token (the cookie): 32 random bytes as 64 hex
 * characters, compared in constant time. Its csrf value (another 32 bytes)
 * must come back in a header with every write. A session ends when idle for
 * SESSION_IDLE_MS, SESSION_LIFE_MS after it began whatever its use, by
 * session_end, or when the table is full and it is the least recently used.
 *
 * Throttling: after THROTTLE_FREE failures within THROTTLE_WINDOW_MS for one
 * user name (from any address) or one address (under any name), each further
 * attempt waits 2^(failures-THROTTLE_FREE) seconds after the last failure,
 * at most THROTTLE_MAX_WAIT_S. An entry is forgotten THROTTLE_WINDOW_MS after
 * its last failure, or on a successful login.
 *
 * Times are passed in (ms since the epoch), so tests need no clock. Not
 * thread-safe: the server uses it from its one thread. Memory is bounded: at
 * most `max` sessions and THROTTLE_ENTRIES throttle entries (the oldest goes).
 */
#ifndef BLOC_AUTH_SESSION_H
#define BLOC_AUTH_SESSION_H

#include <stddef.h>
#include <stdint.h>

#include "bloc/auth.h"

#define SESSION_TOKEN_BYTES 32                          /* random bytes of a token or csrf */
#define SESSION_TOKEN_HEX   (2 * SESSION_TOKEN_BYTES)   /* its length as hex */
#define SESSION_IDLE_MS     ((int64_t)12 * 3600 * 1000) /* 12 hours without use */
#define SESSION_LIFE_MS     ((int64_t)7 * 86400 * 1000) /* 7 days in all */
#define THROTTLE_FREE       3                           /* failures before any wait */
#define THROTTLE_WINDOW_MS  ((int64_t)15 * 60 * 1000)   /* 15 minutes */
#define THROTTLE_MAX_WAIT_S 300                         /* seconds */
#define THROTTLE_ENTRIES    4096                        /* user names and addresses kept */
#define THROTTLE_KEY_MAX    80                          /* bytes of a name or address kept */

typedef struct session {
    char token[SESSION_TOKEN_HEX + 1]; /* the cookie's value */
    char csrf[SESSION_TOKEN_HEX + 1];  /* what the X-CSRF header must carry */
    bloc_user user;
    int64_t created; /* ms */
    int64_t last;    /* ms of the last use (session_find) */
} session;

typedef struct session_table session_table;

/* A new table of at most max sessions (max > 0); NULL when out of memory, or
 * if max is 0 or the random generator cannot be initialised. */
session_table *sessions_new(size_t max);

/* Free the table and every session in it; NULL is a no-op. */
void sessions_free(session_table *t);

/*
 * A new session for user u (copied) at now_ms, with a fresh token and csrf.
 * When the table is full an expired session makes room, else the least
 * recently used. Returns the session, borrowed: valid until it ends (expiry,
 * eviction, session_end) or the table is freed. Never NULL.
 */
const session *session_create(session_table *t, const bloc_user *u, int64_t now_ms);

/*
 * The live session whose token is token (NUL-terminated, as received), its
 * last use set to now_ms; NULL if there is none or it has expired (it is then
 * dropped). Every live token is compared, in constant time, so the time taken
 * says nothing of how close a guess came. Borrowed, as for session_create.
 */
const session *session_find(session_table *t, const char *token, int64_t now_ms);

/* 1 if header_value (may be NULL) is s's csrf value, compared in constant time. */
int session_csrf_ok(const session *s, const char *header_value);

/* End the session with that token (logout); unknown tokens are ignored. */
void session_end(session_table *t, const char *token);

/* 0 if a login by user from ip may be tried now, else the seconds to wait (for
 * Retry-After). user and ip may be NULL (not counted). */
int throttle_check(session_table *t, const char *user, const char *ip, int64_t now_ms);

/* A login by user from ip failed at now_ms: count it against both. */
void throttle_fail(session_table *t, const char *user, const char *ip, int64_t now_ms);

/* A login by user from ip succeeded: forget the failures of both. */
void throttle_ok(session_table *t, const char *user, const char *ip);

#endif
