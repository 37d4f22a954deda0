/*
 * auth/users.c - bloc/auth.h: the users of `bloc serve`, kept by the store
 * (store_ops user_put / user_get / user_list) beside the log, with argon2id
 * password hashes from crypto/. Checking a delegation's state reads the model;
 * nothing else here does.
 */
#include "bloc/auth.h"

#include <string.h>
#include <time.h>

#include "crypto/crypto.h"
#include "db/db.h"
#include "json/json.h"
#include "report/report.h"
#include "util/buf.h"

static const char login_failed[] = "unknown user or wrong password";

static int store_fail(bloc_db *db, int rc)
{
    return db_err(db, rc, "users: %s", db->st->ops->errmsg(db->st));
}

/* 1 if name is 1 to BLOC_USER_NAME_MAX bytes of [A-Za-z0-9._-]. */
static int name_ok(const char *name)
{
    size_t n = 0;
    if (!name)
        return 0;
    for (; name[n]; n++) {
        char c = name[n];
        int ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
                 c == '.' || c == '_' || c == '-';
        if (!ok || n >= BLOC_USER_NAME_MAX)
            return 0;
    }
    return n > 0;
}

static int role_ok(const char *role)
{
    return role &&
           (strcmp(role, BLOC_ROLE_SECRETARIAT) == 0 || strcmp(role, BLOC_ROLE_DELEGATION) == 0 ||
            strcmp(role, BLOC_ROLE_OBSERVER) == 0);
}

/* The delegation's state: a state actor of the model, by its code. */
static int check_state(bloc_db *db, const char *state)
{
    if (!db->modelled)
        return db_err(db, BLOC_EINVAL, "state: this database was opened without its model");
    int rc = db_catch_up(db); /* a state another writer just added */
    if (rc)
        return rc;
    const actor *a = model_actor_named(&db->m, state);
    if (!a || !a->fact)
        return db_err(db, BLOC_EINVAL, "state: unknown state \"%s\" (an ISO3 code, e.g. ARM)",
                      state);
    if (model_actor_type(&db->m, a) != db->m.k_state)
        return db_err(db, BLOC_EINVAL, "state: \"%s\" is not a state", state);
    if (strlen(state) >= sizeof((bloc_user *)0)->state)
        return db_err(db, BLOC_EINVAL, "state: \"%s\" is too long a code", state);
    return BLOC_OK;
}

int bloc_user_add(bloc_db *db, const char *name, const char *role, const char *state,
                  const char *password)
{
    char hash[CRYPT_PWHASH_MAX];
    int rc;
    if (state && !*state)
        state = NULL;
    if (!name_ok(name))
        return db_err(db, BLOC_EINVAL,
                      "name: \"%.80s\" must be 1 to %d characters of A-Z a-z 0-9 . _ -",
                      name ? name : "", BLOC_USER_NAME_MAX);
    if (!role_ok(role))
        return db_err(db, BLOC_EINVAL,
                      "role: \"%.40s\" is not one of " BLOC_ROLE_SECRETARIAT
                      ", " BLOC_ROLE_DELEGATION ", " BLOC_ROLE_OBSERVER,
                      role ? role : "");
    if (strcmp(role, BLOC_ROLE_DELEGATION) == 0) {
        if (!state)
            return db_err(db, BLOC_EINVAL, "state: a delegation needs the state it speaks for");
        if ((rc = check_state(db, state)))
            return rc;
    } else if (state) {
        return db_err(db, BLOC_EINVAL, "state: only a delegation has a state (role is %s)", role);
    }
    if (!password)
        return db_err(db, BLOC_EINVAL, "password: missing");
    size_t plen = strnlen(password, BLOC_PASSWORD_MAX + 1);
    if (plen < BLOC_PASSWORD_MIN)
        return db_err(db, BLOC_EINVAL, "password: at least %d bytes", BLOC_PASSWORD_MIN);
    if (plen > BLOC_PASSWORD_MAX)
        return db_err(db, BLOC_EINVAL, "password: at most %d bytes", BLOC_PASSWORD_MAX);
    if (crypt_pwhash(password, hash))
        return db_err(db, BLOC_ENOMEM, "password: out of memory hashing it");
    store_user u = {
        .name = name, .role = role, .state = state, .pwhash = hash, .created = clock_ms()};
    rc = db->st->ops->user_put(db->st, &u);
    return rc ? store_fail(db, rc) : BLOC_OK;
}

int bloc_user_login(bloc_db *db, const char *name, const char *password, bloc_user *out)
{
    char strings[STORE_USER_STRINGS];
    store_user u;
    memset(out, 0, sizeof *out);
    /* Longer than any password bloc_user_add takes: wrong, and not worth an
     * argon2 pass (the length says nothing about the user). */
    if (!password || strnlen(password, BLOC_PASSWORD_MAX + 1) > BLOC_PASSWORD_MAX)
        return db_err(db, BLOC_ENOTFOUND, "%s", login_failed);
    int rc = name_ok(name) ? db->st->ops->user_get(db->st, name, &u, strings, sizeof strings)
                           : BLOC_ENOTFOUND;
    if (rc == BLOC_ENOTFOUND) {
        /* As long as a real check: the time does not tell a name exists. */
        (void)crypt_pwhash_verify(crypt_pwhash_dummy(), password);
        return db_err(db, BLOC_ENOTFOUND, "%s", login_failed);
    }
    if (rc)
        return store_fail(db, rc);
    if (!u.pwhash || !crypt_pwhash_verify(u.pwhash, password))
        return db_err(db, BLOC_ENOTFOUND, "%s", login_failed);
    fmt_into(out->name, sizeof out->name, "%s", u.name);
    fmt_into(out->role, sizeof out->role, "%s", u.role ? u.role : "");
    fmt_into(out->state, sizeof out->state, "%s", u.state ? u.state : "");
    return BLOC_OK;
}

/* ---- listing ---- */

static int list_cb(void *ud, const store_user *u)
{
    jv *o = jv_object();
    if (!o || jv_set(o, "name", jv_string(u->name)) || jv_set(o, "role", jv_string(u->role)) ||
        jv_set(o, "state", jv_string(u->state))) {
        jv_free(o);
        return BLOC_ENOMEM;
    }
    return jv_push(ud, o) ? BLOC_ENOMEM : BLOC_OK;
}

static int list_text(const model *m, const jv *doc, buf *t)
{
    (void)m;
    const jv *users = jv_get(doc, "users");
    size_t n = jv_len(users);
    int rc = buf_printf(t, "%zu user%s\n", n, n == 1 ? "" : "s");
    for (size_t i = 0; !rc && i < n; i++) {
        const jv *u = jv_at(users, i);
        rc = buf_printf(t, "  %-24s %-12s %s\n", report_s(u, "name", ""), report_s(u, "role", ""),
                        report_s(u, "state", ""));
    }
    return rc;
}

int bloc_user_list(bloc_db *db, bloc_format fmt, char **out)
{
    *out = NULL;
    jv *doc = jv_object();
    jv *users = jv_array();
    if (!doc || !users) {
        jv_free(doc);
        jv_free(users);
        return db_err(db, BLOC_ENOMEM, "out of memory");
    }
    int rc = db->st->ops->user_list(db->st, list_cb, users);
    if (rc) {
        jv_free(doc);
        jv_free(users);
        return rc == BLOC_ENOMEM ? db_err(db, rc, "out of memory") : store_fail(db, rc);
    }
    if (jv_set(doc, "users", users)) {
        jv_free(doc);
        return db_err(db, BLOC_ENOMEM, "out of memory");
    }
    return report_finish(db, fmt, doc, list_text, out);
}
