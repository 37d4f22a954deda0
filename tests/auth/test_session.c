/*
 * tests/auth/test_session.c - auth/session.h with the clock passed in: a
 * session is found by its token and not by a near miss, expires when idle or
 * too old, the least recently used one is evicted from a full table, csrf
 * values are checked; failed logins wait 0, 0, 0, 1, 2, 4 ... 300 seconds, per
 * user name and per address, until a success or 15 quiet minutes.
 */
#include <stdio.h>
#include <string.h>

#include "auth/session.h"
#include "check.h"

#define SEC  ((int64_t)1000)
#define HOUR (3600 * SEC)
#define T0   ((int64_t)1700000000000)

static bloc_user user(const char *name)
{
    bloc_user u;
    memset(&u, 0, sizeof u);
    snprintf(u.name, sizeof u.name, "%s", name);
    snprintf(u.role, sizeof u.role, "delegation");
    snprintf(u.state, sizeof u.state, "ARM");
    return u;
}

static void test_find(void)
{
    session_table *t = sessions_new(8);
    CHECK(t != NULL, "new");
    if (!t)
        return;
    bloc_user u = user("arm-del");
    const session *s = session_create(t, &u, T0);
    char token[SESSION_TOKEN_HEX + 1], csrf[SESSION_TOKEN_HEX + 1];
    snprintf(token, sizeof token, "%s", s->token);
    snprintf(csrf, sizeof csrf, "%s", s->csrf);
    CHECK(strlen(token) == 64 && strlen(csrf) == 64, "64 hex characters each");
    CHECK(strcmp(token, csrf) != 0, "token and csrf differ");
    CHECK_STR(s->user.name, "arm-del");
    CHECK_STR(s->user.state, "ARM");

    const session *f = session_find(t, token, T0 + SEC);
    CHECK(f == s, "found by its token");
    CHECK(f && f->last == T0 + SEC, "its last use refreshed");

    char near[SESSION_TOKEN_HEX + 1];
    snprintf(near, sizeof near, "%s", token);
    near[63] = near[63] == '0' ? '1' : '0';
    CHECK(session_find(t, near, T0 + SEC) == NULL, "a token one character off is not found");
    CHECK(session_find(t, "", T0) == NULL, "empty");
    CHECK(session_find(t, NULL, T0) == NULL, "NULL");
    near[32] = '\0';
    CHECK(session_find(t, near, T0) == NULL, "a prefix is not found");

    const session *s2 = session_create(t, &u, T0 + 2 * SEC);
    CHECK(s2 != s && strcmp(s2->token, token) != 0, "a second login: another session and token");

    /* csrf */
    CHECK(session_csrf_ok(s, csrf) == 1, "its csrf value is accepted");
    CHECK(session_csrf_ok(s, s2->csrf) == 0, "another session's is not");
    CHECK(session_csrf_ok(s, token) == 0, "the token is not the csrf value");
    CHECK(session_csrf_ok(s, NULL) == 0, "a missing header is refused");
    char bad[SESSION_TOKEN_HEX + 2];
    snprintf(bad, sizeof bad, "%sx", csrf);
    CHECK(session_csrf_ok(s, bad) == 0, "a longer value is refused");

    /* logout */
    session_end(t, token);
    CHECK(session_find(t, token, T0 + 3 * SEC) == NULL, "ended: not found");
    CHECK(session_find(t, s2->token, T0 + 3 * SEC) == s2, "the other session lives on");
    session_end(t, "no-such-token");
    sessions_free(t);
    sessions_free(NULL);
}

static void test_expiry(void)
{
    session_table *t = sessions_new(4);
    bloc_user u = user("obs");
    char token[SESSION_TOKEN_HEX + 1];
    snprintf(token, sizeof token, "%s", session_create(t, &u, T0)->token);

    /* Idle: 12 hours without use. */
    CHECK(session_find(t, token, T0 + 12 * HOUR - 1) != NULL, "used just before 12 idle hours");
    CHECK(session_find(t, token, T0 + 24 * HOUR - 2) != NULL, "idle expiry counts from last use");
    CHECK(session_find(t, token, T0 + 36 * HOUR - 2) == NULL, "12 idle hours: expired");
    CHECK(session_find(t, token, T0 + 36 * HOUR - 3) == NULL, "and dropped, even asked earlier");

    /* Absolute: 7 days, however busy. */
    snprintf(token, sizeof token, "%s", session_create(t, &u, T0)->token);
    int64_t now = T0;
    int alive = 1;
    while (alive && now + 11 * HOUR < T0 + 7 * 24 * HOUR) {
        now += 11 * HOUR;
        alive = session_find(t, token, now) != NULL;
    }
    CHECK(alive, "used every 11 hours: alive until the 7th day (%lld h)",
          (long long)((now - T0) / HOUR));
    CHECK(session_find(t, token, T0 + 7 * 24 * HOUR - 1) != NULL, "alive at 7 days less 1 ms");
    CHECK(session_find(t, token, T0 + 7 * 24 * HOUR) == NULL, "expired at 7 days");
    sessions_free(t);
}

static void test_eviction(void)
{
    session_table *t = sessions_new(2);
    bloc_user a = user("a"), b = user("b"), c = user("c");
    char ta[65], tb[65], tc[65];
    snprintf(ta, sizeof ta, "%s", session_create(t, &a, T0)->token);
    snprintf(tb, sizeof tb, "%s", session_create(t, &b, T0 + SEC)->token);
    /* a is used after b: b is now the least recently used */
    CHECK(session_find(t, ta, T0 + 2 * SEC) != NULL, "a used");
    snprintf(tc, sizeof tc, "%s", session_create(t, &c, T0 + 3 * SEC)->token);
    CHECK(session_find(t, tb, T0 + 4 * SEC) == NULL, "full: the least recently used (b) went");
    const session *fa = session_find(t, ta, T0 + 4 * SEC);
    const session *fc = session_find(t, tc, T0 + 4 * SEC);
    CHECK(fa && strcmp(fa->user.name, "a") == 0, "a stays");
    CHECK(fc && strcmp(fc->user.name, "c") == 0, "c is in");

    /* An expired session makes room before a live one is evicted. */
    session_table *t2 = sessions_new(2);
    snprintf(ta, sizeof ta, "%s", session_create(t2, &a, T0)->token);
    snprintf(tb, sizeof tb, "%s", session_create(t2, &b, T0 + 10 * HOUR)->token);
    /* at T0+13h a is idle-expired, b is not */
    snprintf(tc, sizeof tc, "%s", session_create(t2, &c, T0 + 13 * HOUR)->token);
    CHECK(session_find(t2, tb, T0 + 13 * HOUR) != NULL, "b, live, kept");
    CHECK(session_find(t2, tc, T0 + 13 * HOUR) != NULL, "c took the expired slot");
    sessions_free(t);
    sessions_free(t2);
    CHECK(sessions_new(0) == NULL, "a table of no sessions is refused");
}

static void test_throttle(void)
{
    session_table *t = sessions_new(4);
    const int want[] = {0, 0, 0, 1, 2, 4, 8, 16, 32, 64, 128, 256, 300, 300};
    int64_t now = T0;
    /* Each attempt as soon as allowed, and it fails. */
    for (size_t i = 0; i < sizeof want / sizeof *want; i++) {
        int w = throttle_check(t, "alice", "10.0.0.1", now);
        CHECK(w == want[i], "attempt %zu: wait %d, want %d", i + 1, w, want[i]);
        now += (int64_t)w * SEC;
        CHECK(throttle_check(t, "alice", "10.0.0.1", now) == 0, "attempt %zu: allowed after it",
              i + 1);
        throttle_fail(t, "alice", "10.0.0.1", now);
    }
    /* Part way through a wait, the rest of it, rounded up. */
    CHECK(throttle_check(t, "alice", "10.0.0.1", now + 100 * SEC + 1) == 200, "200 s left (%d)",
          throttle_check(t, "alice", "10.0.0.1", now + 100 * SEC + 1));
    /* The name is throttled from any address, the address under any name. */
    CHECK(throttle_check(t, "alice", "10.9.9.9", now) == 300, "alice from elsewhere waits");
    CHECK(throttle_check(t, "bob", "10.0.0.1", now) == 300, "bob from that address waits");
    CHECK(throttle_check(t, "bob", "10.9.9.9", now) == 0, "bob from elsewhere does not");
    CHECK(throttle_check(t, NULL, NULL, now) == 0, "nothing to count");

    /* A success clears that user and that address. */
    throttle_ok(t, "alice", "10.0.0.1");
    CHECK(throttle_check(t, "alice", "10.0.0.1", now) == 0, "cleared by a success");
    for (int i = 0; i < 3; i++)
        throttle_fail(t, "alice", "10.0.0.1", now);
    CHECK(throttle_check(t, "alice", "10.0.0.1", now) == 1, "counting starts again: 3 fails, 1 s");

    /* 15 minutes without a failure forget them. */
    for (int i = 0; i < 5; i++)
        throttle_fail(t, "carol", "10.0.0.2", now);
    CHECK(throttle_check(t, "carol", "10.0.0.2", now) == 4, "carol: 5 fails, 4 s (%d)",
          throttle_check(t, "carol", "10.0.0.2", now));
    int64_t later = now + 15 * 60 * SEC;
    throttle_fail(t, "carol", "10.0.0.2", later);
    CHECK(throttle_check(t, "carol", "10.0.0.2", later) == 0,
          "after 15 quiet minutes: 1 fail, 0 s");
    throttle_fail(t, "carol", "10.0.0.2", later);
    throttle_fail(t, "carol", "10.0.0.2", later);
    CHECK(throttle_check(t, "carol", "10.0.0.2", later) == 1, "3 fails again: 1 s");

    /* Bounded: a flood of names does not grow memory, the oldest entries go. */
    throttle_fail(t, "dave", NULL, later);
    throttle_fail(t, "dave", NULL, later);
    throttle_fail(t, "dave", NULL, later);
    CHECK(throttle_check(t, "dave", NULL, later) == 1, "dave: 1 s");
    for (int i = 0; i < THROTTLE_ENTRIES; i++) {
        char name[32];
        snprintf(name, sizeof name, "flood%d", i);
        throttle_fail(t, name, NULL, later + SEC);
    }
    CHECK(throttle_check(t, "dave", NULL, later) == 0, "dave's entry was the oldest: evicted");
    CHECK(throttle_check(t, "flood4095", NULL, later + SEC) == 0, "one failure: no wait");
    sessions_free(t);
}

int main(void)
{
    test_find();
    test_expiry();
    test_eviction();
    test_throttle();
    return CHECK_DONE("session");
}
