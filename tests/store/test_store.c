/*
 * tests/store/test_store.c - unit test of the SQLite store backend
 * (src/store/store_sqlite.c) through its store_ops table only.
 *
 * It builds a small hash-chained log with record/chain.h, appends it to a
 * temporary database and checks that every field comes back as written, that
 * head, find_digest, the UNIQUE digest, rollback and reopening behave as
 * store.h promises, and that a file that is not a SQLite database is refused.
 *
 * Prints "FAIL file:line: what" for each failed check and a final summary line;
 * exits 0 only if every check passed.
 */
#define _POSIX_C_SOURCE 200809L

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "bloc/bloc.h"
#include "record/chain.h"
#include "record/fact.h"
#include "store/store.h"
#include "util/buf.h"

#include "check.h"

/* CHECK with the caller's place, for helpers that check on a test's behalf. */
static void check_at(const char *file, int line, int ok, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 4, 5)))
#endif
    ;

static void check_at(const char *file, int line, int ok, const char *fmt, ...)
{
    va_list ap;
    if (ok) {
        check_passed++;
        return;
    }
    check_failed++;
    va_start(ap, fmt);
    printf("FAIL %s:%d: ", file, line);
    vprintf(fmt, ap);
    printf("\n");
    va_end(ap);
}

static const store_ops *ops = &store_sqlite_ops;

#define NENT    3
#define MAXROWS 8

/* The log as the test built it. */
static fact facts[NENT];
static entry ents[NENT];
static uint8_t digests[NENT][CHAIN_HASH_BYTES];

/* A deep copy of one scanned row (the scan's strings are borrowed). */
typedef struct row {
    entry e;
    char *s[FACT_NSLOT];
    char *note, *src;
    uint8_t digest[CHAIN_HASH_BYTES];
    uint8_t redigest[CHAIN_HASH_BYTES]; /* chain_digest of the fact as read */
} row;

typedef struct collect {
    row rows[MAXROWS];
    int n;
    int stop_after; /* return 42 after this many rows; 0 = never */
    int oom;
    store *st;         /* for calls made from inside the callback */
    int nested_count;  /* rows seen by a scan nested in the first callback */
    int nested_rc;     /* its result */
    int64_t found_seq; /* find_digest of the row's digest from inside the callback */
    int found_rc;
} collect;

static void free_rows(collect *c)
{
    for (int i = 0; i < c->n; i++) {
        for (int k = 0; k < FACT_NSLOT; k++)
            free(c->rows[i].s[k]);
        free(c->rows[i].note);
        free(c->rows[i].src);
    }
    c->n = 0;
}

static int count_cb(void *ud, const entry *e, const uint8_t digest[32])
{
    (void)e;
    (void)digest;
    (*(int *)ud)++;
    return 0;
}

static int dup_or_oom(const char *s, char **out)
{
    *out = xstrdup(s);
    return (s && !*out) ? 1 : 0;
}

static int collect_cb(void *ud, const entry *e, const uint8_t digest[32])
{
    collect *c = ud;
    if (c->n >= MAXROWS)
        return 99;
    row *r = &c->rows[c->n];
    memset(r, 0, sizeof *r);
    r->e = *e;
    c->n++;
    for (int k = 0; k < FACT_NSLOT; k++)
        c->oom |= dup_or_oom(e->f.s[k], &r->s[k]);
    c->oom |= dup_or_oom(e->f.note, &r->note);
    c->oom |= dup_or_oom(e->f.src, &r->src);
    for (int k = 0; k < FACT_NSLOT; k++)
        r->e.f.s[k] = r->s[k];
    r->e.f.note = r->note;
    r->e.f.src = r->src;
    memcpy(r->digest, digest, CHAIN_HASH_BYTES);
    if (chain_digest(&e->f, r->redigest) != BLOC_OK)
        c->oom = 1;
    if (c->st && c->n == 1) {
        c->nested_count = 0;
        c->nested_rc = ops->scan(c->st, 1, count_cb, &c->nested_count);
        c->found_rc = ops->find_digest(c->st, digest, &c->found_seq);
    }
    if (c->stop_after && c->n >= c->stop_after)
        return 42;
    return 0;
}

static int str_eq(const char *a, const char *b)
{
    if (!a || !b)
        return a == b;
    return strcmp(a, b) == 0;
}

static const char *show(const char *s)
{
    return s ? s : "(NULL)";
}

/* Every field of a scanned row against the entry the test appended. */
static void check_row(const char *file, int line, const row *r, int i)
{
    const entry *want = &ents[i];
    const entry *got = &r->e;
    long long seq = (long long)want->seq;
    check_at(file, line, got->seq == want->seq, "row %d: seq %lld, want %lld", i,
             (long long)got->seq, seq);
    check_at(file, line, got->at == want->at, "seq %lld: at %lld, want %lld", seq,
             (long long)got->at, (long long)want->at);
    check_at(file, line, got->f.kind == want->f.kind, "seq %lld: kind %d, want %d", seq,
             got->f.kind, want->f.kind);
    for (int k = 0; k < FACT_NSLOT; k++)
        check_at(file, line, str_eq(got->f.s[k], want->f.s[k]), "seq %lld: s%d '%s', want '%s'",
                 seq, k, show(got->f.s[k]), show(want->f.s[k]));
    check_at(file, line, got->f.from == want->f.from, "seq %lld: from %ld, want %ld", seq,
             (long)got->f.from, (long)want->f.from);
    check_at(file, line, got->f.to == want->f.to, "seq %lld: to %ld, want %ld", seq,
             (long)got->f.to, (long)want->f.to);
    check_at(file, line, got->f.num == want->f.num, "seq %lld: num %lld, want %lld", seq,
             (long long)got->f.num, (long long)want->f.num);
    check_at(file, line, got->f.ref == want->f.ref, "seq %lld: ref %lld, want %lld", seq,
             (long long)got->f.ref, (long long)want->f.ref);
    check_at(file, line, str_eq(got->f.note, want->f.note), "seq %lld: note '%s', want '%s'", seq,
             show(got->f.note), show(want->f.note));
    check_at(file, line, str_eq(got->f.src, want->f.src), "seq %lld: src '%s', want '%s'", seq,
             show(got->f.src), show(want->f.src));
    check_at(file, line, memcmp(got->prev, want->prev, CHAIN_HASH_BYTES) == 0,
             "seq %lld: prev differs", seq);
    check_at(file, line, memcmp(got->hash, want->hash, CHAIN_HASH_BYTES) == 0,
             "seq %lld: hash differs", seq);
    check_at(file, line, memcmp(r->digest, digests[i], CHAIN_HASH_BYTES) == 0,
             "seq %lld: stored digest differs", seq);
    check_at(file, line, memcmp(r->redigest, digests[i], CHAIN_HASH_BYTES) == 0,
             "seq %lld: digest of the fact as read differs from the one appended", seq);
    uint8_t link[CHAIN_HASH_BYTES];
    chain_link(got->prev, got->seq, got->at, r->redigest, link);
    check_at(file, line, memcmp(link, got->hash, CHAIN_HASH_BYTES) == 0,
             "seq %lld: chain link of the row as read does not match its hash", seq);
}

#define CHECK_ROW(r, i) check_row(__FILE__, __LINE__, (r), (i))

/* Scan the whole log and check it is exactly the test's three entries. */
static void check_log(const char *file, int line, store *st)
{
    collect c;
    memset(&c, 0, sizeof c);
    int rc = ops->scan(st, 1, collect_cb, &c);
    check_at(file, line, rc == BLOC_OK, "scan: rc %d (%s)", rc, ops->errmsg(st));
    check_at(file, line, !c.oom, "scan: out of memory copying rows");
    check_at(file, line, c.n == NENT, "scan: %d rows, want %d", c.n, NENT);
    for (int i = 0; i < c.n && i < NENT; i++)
        check_row(file, line, &c.rows[i], i);
    free_rows(&c);
}

#define CHECK_LOG(st) check_log(__FILE__, __LINE__, (st))

/* Build the three facts and their chain. */
static int build_log(void)
{
    static const fact f[NENT] = {
        {.kind = FACT_SOURCE,
         .s = {"nat-1949", "treaty", "NATO", "The North Atlantic Treaty", NULL},
         .from = 19490404,
         .note = "en",
         .src = NULL},
        {.kind = FACT_ACTOR,
         .s = {"fra", "state", "220", "", NULL}, /* "" must stay distinct from NULL */
         .src = "nat-1949"},
        {.kind = FACT_SPELL,
         .s = {"nato", "fra", "member", "quote \"it's\"; DROP TABLE log; --", "ünïcødé 北约"},
         .from = 19490824,
         .to = 20090400,
         .num = -(INT64_C(1) << 35) - 7, /* needs 64 bits, negative */
         .ref = (int64_t)1 << 40,
         .note = "withdrew from the integrated command 1966, returned 2009",
         .src = "nat-1949"},
    };
    uint8_t prev[CHAIN_HASH_BYTES] = {0};
    for (int i = 0; i < NENT; i++) {
        facts[i] = f[i];
        if (chain_digest(&facts[i], digests[i]) != BLOC_OK)
            return 1;
        entry *e = &ents[i];
        memset(e, 0, sizeof *e);
        e->seq = i + 1;
        e->at = INT64_C(1700000000000) + 1000 * i;
        e->f = facts[i];
        memcpy(e->prev, prev, CHAIN_HASH_BYTES);
        chain_link(e->prev, e->seq, e->at, digests[i], e->hash);
        memcpy(prev, e->hash, CHAIN_HASH_BYTES);
    }
    return 0;
}

/* An entry 4 that follows the log, with a fact not in it. */
static void make_fourth(fact *f, entry *e, uint8_t digest[CHAIN_HASH_BYTES])
{
    memset(f, 0, sizeof *f);
    f->kind = FACT_NAME;
    f->s[0] = "fra";
    f->s[1] = "fr";
    f->s[2] = "France";
    f->src = "nat-1949";
    chain_digest(f, digest);
    memset(e, 0, sizeof *e);
    e->seq = NENT + 1;
    e->at = INT64_C(1700000009000);
    e->f = *f;
    memcpy(e->prev, ents[NENT - 1].hash, CHAIN_HASH_BYTES);
    chain_link(e->prev, e->seq, e->at, digest, e->hash);
}

static int make_temp(char *path, size_t n, const char *contents, size_t len)
{
    fmt_into(path, n, "/tmp/bloc-test-store-XXXXXX");
    int fd = mkstemp(path);
    if (fd < 0)
        return -1;
    int rc = 0;
    if (len && write(fd, contents, len) != (ssize_t)len)
        rc = -1;
    close(fd);
    return rc;
}

static void test_not_sqlite(void)
{
    char path[64];
    char garbage[4096];
    for (size_t i = 0; i < sizeof garbage; i++)
        garbage[i] = "this is not a database, just some text\n"[i % 39];
    if (make_temp(path, sizeof path, garbage, sizeof garbage) != 0) {
        CHECK(0, "cannot create a temporary file");
        return;
    }
    store *st = NULL;
    char err[512] = "";
    int rc = ops->open(path, 0, &st, err, sizeof err);
    CHECK(rc == BLOC_ESTORE, "open of a non-SQLite file: rc %d, want BLOC_ESTORE (%d)", rc,
          BLOC_ESTORE);
    CHECK(strstr(err, path) != NULL, "open of a non-SQLite file: message '%s' does not name %s",
          err, path);
    if (st)
        CHECK(strcmp(ops->errmsg(st), err) == 0, "errmsg '%s' differs from open's err '%s'",
              ops->errmsg(st), err);
    ops->close(st);
    check_remove_db(path);
}

static void test_store(void)
{
    char path[64];
    if (make_temp(path, sizeof path, NULL, 0) != 0) {
        CHECK(0, "cannot create a temporary file");
        return;
    }
    store *st = NULL;
    char err[512] = "";
    int rc = ops->open(path, 0, &st, err, sizeof err);
    CHECK(rc == BLOC_OK && st, "open %s: rc %d: %s", path, rc, err);
    if (rc || !st) {
        ops->close(st);
        check_remove_db(path);
        return;
    }
    CHECK(st->ops == &store_sqlite_ops, "handle's ops are not store_sqlite_ops");
    CHECK(ops->name && strcmp(ops->name, "sqlite") == 0, "backend name '%s'", show(ops->name));

    /* An empty log. */
    int64_t seq = -1;
    uint8_t hash[CHAIN_HASH_BYTES], zero[CHAIN_HASH_BYTES] = {0};
    memset(hash, 0xaa, sizeof hash);
    rc = ops->head(st, &seq, hash);
    CHECK(rc == BLOC_OK, "head on empty log: rc %d", rc);
    CHECK(seq == 0, "head on empty log: seq %lld, want 0", (long long)seq);
    CHECK(memcmp(hash, zero, sizeof hash) == 0, "head on empty log: hash not zero");
    int count = 0;
    rc = ops->scan(st, 1, count_cb, &count);
    CHECK(rc == BLOC_OK && count == 0, "scan of empty log: rc %d, %d rows", rc, count);
    rc = ops->find_digest(st, digests[0], &seq);
    CHECK(rc == BLOC_ENOTFOUND, "find_digest on empty log: rc %d", rc);

    /* Append the three entries and commit. */
    rc = ops->begin(st);
    CHECK(rc == BLOC_OK, "begin: rc %d: %s", rc, ops->errmsg(st));
    for (int i = 0; i < NENT; i++) {
        rc = ops->append(st, &ents[i], digests[i]);
        CHECK(rc == BLOC_OK, "append seq %d: rc %d: %s", i + 1, rc, ops->errmsg(st));
    }
    rc = ops->commit(st);
    CHECK(rc == BLOC_OK, "commit: rc %d: %s", rc, ops->errmsg(st));

    /* head */
    rc = ops->head(st, &seq, hash);
    CHECK(rc == BLOC_OK, "head: rc %d", rc);
    CHECK(seq == NENT, "head: seq %lld, want %d", (long long)seq, NENT);
    CHECK(memcmp(hash, ents[NENT - 1].hash, sizeof hash) == 0, "head: hash is not entry 3's");

    /* Every field round-trips. */
    CHECK_LOG(st);

    /* Scanning from the middle, past the end, and stopping early. */
    collect c;
    memset(&c, 0, sizeof c);
    rc = ops->scan(st, 2, collect_cb, &c);
    CHECK(rc == BLOC_OK && c.n == 2, "scan from 2: rc %d, %d rows, want 2", rc, c.n);
    if (c.n == 2) {
        CHECK_ROW(&c.rows[0], 1);
        CHECK_ROW(&c.rows[1], 2);
    }
    free_rows(&c);
    count = 0;
    rc = ops->scan(st, NENT + 1, count_cb, &count);
    CHECK(rc == BLOC_OK && count == 0, "scan past the end: rc %d, %d rows", rc, count);
    memset(&c, 0, sizeof c);
    c.stop_after = 2;
    rc = ops->scan(st, 1, collect_cb, &c);
    CHECK(rc == 42, "scan stopped by callback: rc %d, want the callback's 42", rc);
    CHECK(c.n == 2, "scan stopped by callback: %d rows seen, want 2", c.n);
    free_rows(&c);
    /* After the stopped scan the statement is usable again from the start. */
    CHECK_LOG(st);

    /* Calls from inside a scan callback: a nested scan and find_digest. */
    memset(&c, 0, sizeof c);
    c.st = st;
    c.found_seq = -1;
    rc = ops->scan(st, 1, collect_cb, &c);
    CHECK(rc == BLOC_OK && c.n == NENT, "scan with nested calls: rc %d, %d rows", rc, c.n);
    CHECK(c.nested_rc == BLOC_OK && c.nested_count == NENT, "nested scan: rc %d, %d rows, want %d",
          c.nested_rc, c.nested_count, NENT);
    CHECK(c.found_rc == BLOC_OK && c.found_seq == 1,
          "find_digest inside scan: rc %d, seq %lld, want 1", c.found_rc, (long long)c.found_seq);
    free_rows(&c);

    /* scan_facts: the same facts, without the hashes (for building the model) */
    memset(&c, 0, sizeof c);
    rc = ops->scan_facts(st, 2, collect_cb, &c);
    CHECK(rc == BLOC_OK && c.n == NENT - 1, "scan_facts from 2: rc %d, %d rows", rc, c.n);
    for (int i = 0; i < c.n; i++) {
        static const uint8_t nohash[CHAIN_HASH_BYTES];
        const entry *want = &ents[i + 1], *got = &c.rows[i].e;
        CHECK(got->seq == want->seq && got->at == want->at, "scan_facts row %d: seq/at", i);
        CHECK(memcmp(c.rows[i].redigest, digests[i + 1], CHAIN_HASH_BYTES) == 0,
              "scan_facts row %d: the fact as read is not the fact appended", i);
        CHECK(memcmp(got->hash, nohash, sizeof nohash) == 0 &&
                  memcmp(got->prev, nohash, sizeof nohash) == 0,
              "scan_facts row %d: the hashes should not be read", i);
    }
    free_rows(&c);

    /* find_digest */
    for (int i = 0; i < NENT; i++) {
        seq = -1;
        rc = ops->find_digest(st, digests[i], &seq);
        CHECK(rc == BLOC_OK && seq == i + 1, "find_digest of entry %d: rc %d, seq %lld", i + 1, rc,
              (long long)seq);
    }
    fact f4;
    entry e4;
    uint8_t d4[CHAIN_HASH_BYTES];
    make_fourth(&f4, &e4, d4);
    seq = -1;
    rc = ops->find_digest(st, d4, &seq);
    CHECK(rc == BLOC_ENOTFOUND, "find_digest of an absent fact: rc %d, want BLOC_ENOTFOUND", rc);
    CHECK(seq == -1, "find_digest of an absent fact changed seq to %lld", (long long)seq);

    /* A second entry with an existing digest is refused. */
    entry dup = e4;
    chain_link(dup.prev, dup.seq, dup.at, digests[0], dup.hash);
    rc = ops->begin(st);
    CHECK(rc == BLOC_OK, "begin (dup): rc %d: %s", rc, ops->errmsg(st));
    rc = ops->append(st, &dup, digests[0]);
    CHECK(rc == BLOC_EINVAL, "append of a duplicate digest: rc %d, want BLOC_EINVAL", rc);
    CHECK(ops->errmsg(st)[0] != '\0', "append of a duplicate digest left no message");
    /* So is a seq already taken. */
    entry reuse = ents[NENT - 1];
    rc = ops->append(st, &reuse, d4);
    CHECK(rc == BLOC_EINVAL, "append of a taken seq: rc %d, want BLOC_EINVAL", rc);
    rc = ops->rollback(st);
    CHECK(rc == BLOC_OK, "rollback (dup): rc %d: %s", rc, ops->errmsg(st));

    /* Rollback discards appends. */
    rc = ops->begin(st);
    CHECK(rc == BLOC_OK, "begin (rollback): rc %d: %s", rc, ops->errmsg(st));
    rc = ops->append(st, &e4, d4);
    CHECK(rc == BLOC_OK, "append entry 4: rc %d: %s", rc, ops->errmsg(st));
    rc = ops->find_digest(st, d4, &seq);
    CHECK(rc == BLOC_OK && seq == NENT + 1, "entry 4 not visible inside its transaction");
    rc = ops->head(st, &seq, hash);
    CHECK(rc == BLOC_OK && seq == NENT + 1, "head inside the transaction: seq %lld",
          (long long)seq);
    rc = ops->rollback(st);
    CHECK(rc == BLOC_OK, "rollback: rc %d: %s", rc, ops->errmsg(st));
    rc = ops->head(st, &seq, hash);
    CHECK(rc == BLOC_OK && seq == NENT, "head after rollback: seq %lld, want %d", (long long)seq,
          NENT);
    CHECK(memcmp(hash, ents[NENT - 1].hash, sizeof hash) == 0,
          "head after rollback: hash is not entry 3's");
    rc = ops->find_digest(st, d4, &seq);
    CHECK(rc == BLOC_ENOTFOUND, "find_digest after rollback: rc %d, want BLOC_ENOTFOUND", rc);
    count = 0;
    rc = ops->scan(st, 1, count_cb, &count);
    CHECK(rc == BLOC_OK && count == NENT, "scan after rollback: %d rows, want %d", count, NENT);

    ops->close(st);
    ops->close(NULL); /* a no-op */

    /* Reopening sees the committed data, and only that. */
    st = NULL;
    rc = ops->open(path, 0, &st, err, sizeof err);
    CHECK(rc == BLOC_OK && st, "reopen: rc %d: %s", rc, err);
    if (rc == BLOC_OK && st) {
        rc = ops->head(st, &seq, hash);
        CHECK(rc == BLOC_OK && seq == NENT, "head after reopen: seq %lld, want %d", (long long)seq,
              NENT);
        CHECK(memcmp(hash, ents[NENT - 1].hash, sizeof hash) == 0,
              "head after reopen: hash is not entry 3's");
        CHECK_LOG(st);
        rc = ops->find_digest(st, digests[1], &seq);
        CHECK(rc == BLOC_OK && seq == 2, "find_digest after reopen: rc %d, seq %lld", rc,
              (long long)seq);
        rc = ops->find_digest(st, d4, &seq);
        CHECK(rc == BLOC_ENOTFOUND, "rolled-back entry present after reopen: rc %d", rc);
        /* The reopened store still takes appends. */
        rc = ops->begin(st);
        CHECK(rc == BLOC_OK, "begin after reopen: rc %d: %s", rc, ops->errmsg(st));
        rc = ops->append(st, &e4, d4);
        CHECK(rc == BLOC_OK, "append after reopen: rc %d: %s", rc, ops->errmsg(st));
        rc = ops->commit(st);
        CHECK(rc == BLOC_OK, "commit after reopen: rc %d: %s", rc, ops->errmsg(st));
        rc = ops->head(st, &seq, hash);
        CHECK(rc == BLOC_OK && seq == NENT + 1 && memcmp(hash, e4.hash, sizeof hash) == 0,
              "head after appending entry 4: seq %lld", (long long)seq);
    }
    ops->close(st);
    check_remove_db(path);
}

int main(void)
{
    if (chain_init() != BLOC_OK) {
        printf("FAIL %s:%d: chain_init\n", __FILE__, __LINE__);
        return 1;
    }
    if (build_log() != 0) {
        printf("FAIL %s:%d: cannot build the test log\n", __FILE__, __LINE__);
        return 1;
    }
    test_store();
    test_not_sqlite();
    return CHECK_DONE("store");
}
