/*
 * auth/session.c - session.h: sessions in a fixed array of `max` slots (a
 * session never moves, so the pointers handed out stay good until it ends),
 * and throttle entries in another of THROTTLE_ENTRIES. Lookups walk the array:
 * a server has a few hundred sessions, and a session lookup must compare every
 * live token anyway so that its time does not depend on which one matched.
 */
#include "auth/session.h"

#include <stdlib.h>
#include <string.h>

#include "crypto/crypto.h"
#include "util/buf.h"

enum { KEY_USER = 1, KEY_ADDR = 2 };

typedef struct throttle_entry {
    int kind; /* KEY_USER or KEY_ADDR; 0 for a free slot */
    char key[THROTTLE_KEY_MAX + 1];
    int fails;
    int64_t last; /* ms of the last failure */
} throttle_entry;

struct session_table {
    session *s; /* max slots; a free one has token[0] == '\0' */
    size_t max;
    throttle_entry *th; /* THROTTLE_ENTRIES slots */
};

session_table *sessions_new(size_t max)
{
    if (max == 0 || crypt_init())
        return NULL;
    session_table *t = calloc(1, sizeof *t);
    if (!t)
        return NULL;
    t->max = max;
    t->s = calloc(max, sizeof *t->s);
    t->th = calloc(THROTTLE_ENTRIES, sizeof *t->th);
    if (!t->s || !t->th) {
        sessions_free(t);
        return NULL;
    }
    return t;
}

void sessions_free(session_table *t)
{
    if (!t)
        return;
    if (t->s)
        memset(t->s, 0, t->max * sizeof *t->s); /* no tokens left behind in freed memory */
    free(t->s);
    free(t->th);
    free(t);
}

/* ---- sessions ---- */

static int expired(const session *s, int64_t now)
{
    return now - s->last >= SESSION_IDLE_MS || now - s->created >= SESSION_LIFE_MS;
}

static void drop(session *s)
{
    memset(s, 0, sizeof *s);
}

/* 1 if v is exactly SESSION_TOKEN_HEX characters long (length is not secret). */
static int token_shaped(const char *v)
{
    return v && strnlen(v, SESSION_TOKEN_HEX + 1) == SESSION_TOKEN_HEX;
}

const session *session_create(session_table *t, const bloc_user *u, int64_t now_ms)
{
    session *slot = NULL, *lru = NULL;
    for (size_t i = 0; i < t->max; i++) {
        session *s = &t->s[i];
        if (s->token[0] && expired(s, now_ms))
            drop(s);
        if (!s->token[0]) {
            if (!slot)
                slot = s;
        } else if (!lru || s->last < lru->last) {
            lru = s;
        }
    }
    if (!slot) {
        slot = lru;
        drop(slot);
    }
    crypt_token_hex(slot->token, SESSION_TOKEN_BYTES);
    crypt_token_hex(slot->csrf, SESSION_TOKEN_BYTES);
    slot->user = *u;
    /* The user's strings must stay terminated whatever the caller gave. */
    slot->user.name[sizeof slot->user.name - 1] = '\0';
    slot->user.role[sizeof slot->user.role - 1] = '\0';
    slot->user.state[sizeof slot->user.state - 1] = '\0';
    slot->created = slot->last = now_ms;
    return slot;
}

const session *session_find(session_table *t, const char *token, int64_t now_ms)
{
    session *found = NULL;
    if (!token_shaped(token))
        return NULL;
    for (size_t i = 0; i < t->max; i++) {
        session *s = &t->s[i];
        if (!s->token[0])
            continue;
        /* No early exit: every live token is compared. */
        if (crypt_equal(s->token, token, SESSION_TOKEN_HEX))
            found = s;
    }
    if (!found)
        return NULL;
    if (expired(found, now_ms)) {
        drop(found);
        return NULL;
    }
    if (now_ms > found->last)
        found->last = now_ms;
    return found;
}

int session_csrf_ok(const session *s, const char *header_value)
{
    return s && token_shaped(header_value) && crypt_equal(s->csrf, header_value, SESSION_TOKEN_HEX);
}

void session_end(session_table *t, const char *token)
{
    if (!token_shaped(token))
        return;
    for (size_t i = 0; i < t->max; i++)
        if (t->s[i].token[0] && crypt_equal(t->s[i].token, token, SESSION_TOKEN_HEX))
            drop(&t->s[i]);
}

/* ---- throttling ---- */

static int stale(const throttle_entry *e, int64_t now)
{
    return now - e->last >= THROTTLE_WINDOW_MS;
}

static throttle_entry *th_find(session_table *t, int kind, const char *key)
{
    for (size_t i = 0; i < THROTTLE_ENTRIES; i++) {
        throttle_entry *e = &t->th[i];
        if (e->kind == kind && strncmp(e->key, key, THROTTLE_KEY_MAX) == 0)
            return e;
    }
    return NULL;
}

/* The entry for (kind, key), made if missing: in a free or stale slot, else in
 * place of the one whose last failure is oldest. */
static throttle_entry *th_get(session_table *t, int kind, const char *key, int64_t now)
{
    throttle_entry *e = th_find(t, kind, key), *oldest = NULL;
    if (e)
        return e;
    for (size_t i = 0; i < THROTTLE_ENTRIES; i++) {
        throttle_entry *c = &t->th[i];
        if (!c->kind || stale(c, now)) {
            e = c;
            break;
        }
        if (!oldest || c->last < oldest->last)
            oldest = c;
    }
    if (!e)
        e = oldest;
    memset(e, 0, sizeof *e);
    e->kind = kind;
    fmt_into(e->key, sizeof e->key, "%s", key);
    return e;
}

/* Seconds e still makes an attempt wait at now, 0 for none. */
static int th_wait(const throttle_entry *e, int64_t now)
{
    if (!e || e->fails < THROTTLE_FREE || stale(e, now))
        return 0;
    int over = e->fails - THROTTLE_FREE;
    int64_t wait_s = over >= 9 ? THROTTLE_MAX_WAIT_S : (int64_t)1 << over; /* 2^9 > 300 */
    if (wait_s > THROTTLE_MAX_WAIT_S)
        wait_s = THROTTLE_MAX_WAIT_S;
    int64_t left = e->last + wait_s * 1000 - now;
    if (left <= 0)
        return 0;
    return (int)((left + 999) / 1000); /* rounded up: never "0, but not yet" */
}

int throttle_check(session_table *t, const char *user, const char *ip, int64_t now_ms)
{
    int wu = user ? th_wait(th_find(t, KEY_USER, user), now_ms) : 0;
    int wa = ip ? th_wait(th_find(t, KEY_ADDR, ip), now_ms) : 0;
    return wu > wa ? wu : wa;
}

static void fail_one(session_table *t, int kind, const char *key, int64_t now)
{
    throttle_entry *e = th_get(t, kind, key, now);
    if (stale(e, now))
        e->fails = 0; /* the window passed: start again */
    if (e->fails < 1000000)
        e->fails++;
    e->last = now;
}

void throttle_fail(session_table *t, const char *user, const char *ip, int64_t now_ms)
{
    if (user)
        fail_one(t, KEY_USER, user, now_ms);
    if (ip)
        fail_one(t, KEY_ADDR, ip, now_ms);
}

void throttle_ok(session_table *t, const char *user, const char *ip)
{
    throttle_entry *e;
    if (user && (e = th_find(t, KEY_USER, user)))
        memset(e, 0, sizeof *e);
    if (ip && (e = th_find(t, KEY_ADDR, ip)))
        memset(e, 0, sizeof *e);
}
