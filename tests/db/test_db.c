/*
 * tests/db/test_db.c - two handles on one database: a writer that appends after
 * another handle did continues the chain from the true head, and both see
 * everything after reopening.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "bloc/bloc.h"
#include "check.h"

static const char rec_a[] =
    "{\"sources\": [{\"id\": \"t-a\", \"kind\": \"report\", \"publisher\": \"t\", \"title\": "
    "\"a\"}],\n \"spells\": [{\"org\": \"CSTO\", \"state\": \"AZE\", \"status\": \"observer\", "
    "\"from\": \"2031-01-01\", \"source\": \"t-a\"}]}";
static const char rec_b[] =
    "{\"sources\": [{\"id\": \"t-b\", \"kind\": \"report\", \"publisher\": \"t\", \"title\": "
    "\"b\"}],\n \"spells\": [{\"org\": \"CSTO\", \"state\": \"GEO\", \"status\": \"observer\", "
    "\"from\": \"2031-01-01\", \"source\": \"t-b\"}]}";

static int count_entries(bloc_db *db)
{
    bloc_verify_report r;
    return bloc_verify(db, &r) == BLOC_OK ? (int)r.entries : -1;
}

int main(void)
{
    char path[] = "/tmp/bloc-test-db-XXXXXX";
    int fd = mkstemp(path);
    char wal[64], shm[64];
    bloc_db *a = NULL, *b = NULL, *c = NULL;
    bloc_load_stats st;
    char *out = NULL;
    close(fd);
    unlink(path);
    snprintf(wal, sizeof wal, "%s-wal", path);
    snprintf(shm, sizeof shm, "%s-shm", path);

    CHECK(bloc_open(path, 0, &a) == BLOC_OK, "open a: %s", bloc_errmsg(a));
    CHECK(bloc_open(path, 0, &b) == BLOC_OK, "open b: %s", bloc_errmsg(b));
    int n0 = count_entries(a);
    CHECK(n0 > 100, "the bundle is in (%d entries)", n0);
    CHECK(bloc_load_buffer(a, "a.json", rec_a, strlen(rec_a), &st) == BLOC_OK, "load a: %s",
          bloc_errmsg(a));
    /* b's model was built before a appended: b must catch up, not fork the chain */
    CHECK(bloc_load_buffer(b, "b.json", rec_b, strlen(rec_b), &st) == BLOC_OK, "load b: %s",
          bloc_errmsg(b));
    CHECK(st.appended == 2, "b appended its two facts (%zu)", st.appended);
    CHECK(count_entries(b) == n0 + 4, "both loads are in the log (%d)", count_entries(b));
    /* b now knows a's fact too */
    CHECK(bloc_members(b, "CSTO", "2031-06-01", BLOC_FMT_JSON, &out) == BLOC_OK, "members");
    CHECK(out && strstr(out, "\"AZE\"") && strstr(out, "\"GEO\""), "b sees both new claims");
    bloc_free(out);
    bloc_close(a);
    bloc_close(b);
    CHECK(bloc_open(path, 0, &c) == BLOC_OK, "reopen");
    CHECK(count_entries(c) == n0 + 4, "reopened: chain holds over every entry");
    bloc_close(c);
    bloc_close(NULL); /* a no-op */
    unlink(path);
    unlink(wal);
    unlink(shm);
    return CHECK_DONE("db");
}
