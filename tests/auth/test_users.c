/*
 * tests/auth/test_users.c - bloc/auth.h on a database seeded with the bundled
 * record: bloc_user_add refuses bad input naming the field, a login with the
 * right password gives the user, an unknown user and a wrong password are the
 * same ENOTFOUND, adding a name again resets its password; users survive a
 * reopen, and a database made before the users table gets one.
 */
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bloc/auth.h"
#include "check.h"
#include "db/db.h"

#define CHECK_EINVAL(call, field)                                                                  \
    do {                                                                                           \
        int rc_ = (call);                                                                          \
        CHECK(rc_ == BLOC_EINVAL && strncmp(bloc_errmsg(db), field ": ", strlen(field) + 2) == 0,  \
              "%s: rc %d, message \"%s\" should start with \"%s: \"", #call, rc_, bloc_errmsg(db), \
              field);                                                                              \
    } while (0)

static void test_validation(bloc_db *db)
{
    char longname[80], longpw[1100];
    memset(longname, 'a', 65);
    longname[65] = '\0';
    memset(longpw, 'p', 1025);
    longpw[1025] = '\0';

    CHECK_EINVAL(bloc_user_add(db, "", "observer", NULL, "password1"), "name");
    CHECK_EINVAL(bloc_user_add(db, NULL, "observer", NULL, "password1"), "name");
    CHECK_EINVAL(bloc_user_add(db, longname, "observer", NULL, "password1"), "name");
    CHECK_EINVAL(bloc_user_add(db, "bad name", "observer", NULL, "password1"), "name");
    CHECK_EINVAL(bloc_user_add(db, "bad/name", "observer", NULL, "password1"), "name");
    CHECK_EINVAL(bloc_user_add(db, "n\xc3\xa9", "observer", NULL, "password1"), "name");
    CHECK_EINVAL(bloc_user_add(db, "ok", "admin", NULL, "password1"), "role");
    CHECK_EINVAL(bloc_user_add(db, "ok", NULL, NULL, "password1"), "role");
    CHECK_EINVAL(bloc_user_add(db, "ok", "Observer", NULL, "password1"), "role");
    CHECK_EINVAL(bloc_user_add(db, "ok", "delegation", NULL, "password1"), "state");
    CHECK_EINVAL(bloc_user_add(db, "ok", "delegation", "", "password1"), "state");
    CHECK_EINVAL(bloc_user_add(db, "ok", "delegation", "XYZ", "password1"), "state");
    CHECK_EINVAL(bloc_user_add(db, "ok", "delegation", "CSTO", "password1"), "state");
    CHECK(strstr(bloc_errmsg(db), "not a state") != NULL, "an organization is not a state: %s",
          bloc_errmsg(db));
    CHECK_EINVAL(bloc_user_add(db, "ok", "observer", "ARM", "password1"), "state");
    CHECK_EINVAL(bloc_user_add(db, "ok", "secretariat", "ARM", "password1"), "state");
    CHECK_EINVAL(bloc_user_add(db, "ok", "observer", NULL, "short12"), "password");
    CHECK_EINVAL(bloc_user_add(db, "ok", "observer", NULL, NULL), "password");
    CHECK_EINVAL(bloc_user_add(db, "ok", "observer", NULL, longpw), "password");
    char *out = NULL;
    CHECK(bloc_user_list(db, BLOC_FMT_JSON, &out) == BLOC_OK, "list");
    CHECK(out && strstr(out, "\"ok\"") == NULL, "nothing refused was stored: %s", out);
    bloc_free(out);

    /* The limits themselves are accepted. */
    longname[64] = '\0';
    longpw[1024] = '\0';
    CHECK(bloc_user_add(db, longname, "observer", NULL, longpw) == BLOC_OK, "64-byte name: %s",
          bloc_errmsg(db));
    CHECK(bloc_user_add(db, "A.z_0-9", "observer", "", "12345678") == BLOC_OK,
          "every allowed character, an 8-byte password, empty state as none: %s", bloc_errmsg(db));
}

static void test_login(bloc_db *db)
{
    bloc_user u;
    CHECK(bloc_user_add(db, "arm-del", "delegation", "ARM", "yerevan-2022") == BLOC_OK,
          "add a delegation: %s", bloc_errmsg(db));
    CHECK(bloc_user_add(db, "sec", "secretariat", NULL, "moscow-secret") == BLOC_OK,
          "add the secretariat: %s", bloc_errmsg(db));

    memset(&u, 'x', sizeof u);
    CHECK(bloc_user_login(db, "arm-del", "yerevan-2022", &u) == BLOC_OK, "login: %s",
          bloc_errmsg(db));
    CHECK_STR(u.name, "arm-del");
    CHECK_STR(u.role, "delegation");
    CHECK_STR(u.state, "ARM");
    CHECK(bloc_user_login(db, "sec", "moscow-secret", &u) == BLOC_OK, "login sec");
    CHECK_STR(u.role, "secretariat");
    CHECK_STR(u.state, "");

    int rc = bloc_user_login(db, "arm-del", "yerevan-2023", &u);
    char wrong[256];
    snprintf(wrong, sizeof wrong, "%s", bloc_errmsg(db));
    CHECK(rc == BLOC_ENOTFOUND, "wrong password: ENOTFOUND (%d)", rc);
    CHECK(strcmp(wrong, "unknown user or wrong password") == 0, "wrong password: \"%s\"", wrong);
    CHECK(u.name[0] == '\0', "nothing handed out on failure");
    rc = bloc_user_login(db, "nobody", "yerevan-2022", &u);
    CHECK(rc == BLOC_ENOTFOUND, "unknown user: ENOTFOUND (%d)", rc);
    CHECK(strcmp(bloc_errmsg(db), wrong) == 0, "unknown user: \"%s\", the same message",
          bloc_errmsg(db));
    CHECK(bloc_user_login(db, "bad name!", "yerevan-2022", &u) == BLOC_ENOTFOUND,
          "an impossible name: the same");
    CHECK(bloc_user_login(db, "arm-del", NULL, &u) == BLOC_ENOTFOUND, "no password");
    CHECK(bloc_user_login(db, "ARM-DEL", "yerevan-2022", &u) == BLOC_ENOTFOUND,
          "names are case-sensitive");

    /* Adding the name again is a reset: the old password stops working. */
    CHECK(bloc_user_add(db, "arm-del", "observer", NULL, "new-password") == BLOC_OK, "reset: %s",
          bloc_errmsg(db));
    CHECK(bloc_user_login(db, "arm-del", "yerevan-2022", &u) == BLOC_ENOTFOUND,
          "the old password no longer logs in");
    CHECK(bloc_user_login(db, "arm-del", "new-password", &u) == BLOC_OK, "the new one does");
    CHECK_STR(u.role, "observer");
    CHECK_STR(u.state, "");

    /* The store keeps the first created time across the reset, and the hash
     * is an argon2id string, not the password. */
    store_user su;
    char strings[STORE_USER_STRINGS];
    CHECK(db->st->ops->user_get(db->st, "arm-del", &su, strings, sizeof strings) == BLOC_OK,
          "user_get");
    CHECK(su.pwhash && strncmp(su.pwhash, "$argon2id$", 10) == 0 &&
              strstr(su.pwhash, "new-password") == NULL,
          "stored as an argon2id hash");
    CHECK(su.created > 1600000000000LL, "created in ms (%lld)", (long long)su.created);
    char small[16];
    CHECK(db->st->ops->user_get(db->st, "arm-del", &su, small, sizeof small) == BLOC_ELIMIT,
          "user_get into too small a buffer: ELIMIT");
    CHECK(db->st->ops->user_get(db->st, "nobody", &su, strings, sizeof strings) == BLOC_ENOTFOUND,
          "user_get of an unknown name");
}

static void test_list(bloc_db *db)
{
    char *out = NULL;
    CHECK(bloc_user_add(db, "kaz-del", "delegation", "KAZ", "astana-2022") == BLOC_OK, "add kaz");
    CHECK(bloc_user_list(db, BLOC_FMT_JSON, &out) == BLOC_OK, "list json");
    CHECK(out && strstr(out, "\"name\": \"kaz-del\"") && strstr(out, "\"state\": \"KAZ\""),
          "kaz-del with its state: %s", out);
    CHECK(out && strstr(out, "\"state\": null"), "others have a null state");
    CHECK(out && !strstr(out, "argon2") && !strstr(out, "pwhash"), "no hashes in the list");
    CHECK(out && strstr(out, "\"arm-del\"") < strstr(out, "\"kaz-del\"") &&
              strstr(out, "\"kaz-del\"") < strstr(out, "\"sec\""),
          "in name order");
    bloc_free(out);
    CHECK(bloc_user_list(db, BLOC_FMT_TEXT, &out) == BLOC_OK, "list text");
    CHECK(out && strstr(out, "kaz-del") && strstr(out, "KAZ") && strstr(out, "users\n"), "text: %s",
          out);
    bloc_free(out);
}

/* Drop the users table, as in a database made before it existed. */
static int drop_users(const char *path)
{
    sqlite3 *s = NULL;
    int rc = sqlite3_open(path, &s);
    if (rc == SQLITE_OK)
        rc = sqlite3_exec(s, "DROP TABLE users", NULL, NULL, NULL);
    sqlite3_close(s);
    return rc;
}

int main(void)
{
    char path[256];
    bloc_db *db = NULL;
    bloc_user u;
    if (!check_temp_path(path, sizeof path, "users"))
        return CHECK_DONE("users");
    unlink(path);
    CHECK(bloc_open(path, 0, &db) == BLOC_OK, "open: %s", bloc_errmsg(db));
    test_validation(db);
    test_login(db);
    test_list(db);
    bloc_close(db);

    /* Durable: another handle sees them. */
    db = NULL;
    CHECK(bloc_open(path, 0, &db) == BLOC_OK, "reopen: %s", bloc_errmsg(db));
    CHECK(bloc_user_login(db, "kaz-del", "astana-2022", &u) == BLOC_OK, "after reopen: %s",
          bloc_errmsg(db));
    bloc_close(db);

    /* A database without the users table: a raw open leaves it so, a normal
     * open makes it, and the log is untouched either way. */
    CHECK(drop_users(path) == SQLITE_OK, "drop the users table");
    db = NULL;
    CHECK(bloc_open(path, BLOC_OPEN_RAW, &db) == BLOC_OK, "raw open: %s", bloc_errmsg(db));
    CHECK(bloc_user_login(db, "kaz-del", "astana-2022", &u) == BLOC_ESTORE,
          "raw, no users table: a store error (%s)", bloc_errmsg(db));
    bloc_close(db);
    db = NULL;
    CHECK(bloc_open(path, 0, &db) == BLOC_OK, "open an old database: %s", bloc_errmsg(db));
    bloc_verify_report r;
    CHECK(bloc_verify(db, &r) == BLOC_OK && r.entries > 100, "its log verifies (%lld)",
          (long long)r.entries);
    CHECK(bloc_user_login(db, "kaz-del", "astana-2022", &u) == BLOC_ENOTFOUND, "no users yet: %s",
          bloc_errmsg(db));
    CHECK(bloc_user_add(db, "kaz-del", "delegation", "KAZ", "astana-2022") == BLOC_OK,
          "add to the new table: %s", bloc_errmsg(db));
    CHECK(bloc_user_login(db, "kaz-del", "astana-2022", &u) == BLOC_OK, "and log in");
    bloc_close(db);
    check_remove_db(path);
    return CHECK_DONE("users");
}
