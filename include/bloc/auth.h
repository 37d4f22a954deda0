/*
 * bloc/auth.h - the users of `bloc serve`: adding them (or resetting a
 * password), checking a login, listing them.
 *
 * A user has a name, a role and, for a delegation, the state it speaks for:
 *   secretariat  runs the bloc's record
 *   delegation   speaks for one member state (its ISO3 code)
 *   observer     reads
 * Users live in the database beside the log, not in it: they are not facts,
 * are not hashed into the chain, and a reset replaces the password. Passwords
 * are kept only as argon2id hashes (libsodium, "interactive" limits: each add
 * and each login costs about a tenth of a second and 64 MiB, on purpose).
 *
 * The conventions of bloc/bloc.h hold: results are bloc_rc, messages through
 * bloc_errmsg, a handle is used by one thread at a time.
 */
#ifndef BLOC_AUTH_H
#define BLOC_AUTH_H

#include "bloc/bloc.h"

#ifdef __cplusplus
extern "C" {
#endif

#define BLOC_USER_NAME_MAX    64   /* bytes of a user name: [A-Za-z0-9._-], at least 1 */
#define BLOC_PASSWORD_MIN     8    /* bytes */
#define BLOC_PASSWORD_MAX     1024 /* bytes */
#define BLOC_ROLE_SECRETARIAT "secretariat"
#define BLOC_ROLE_DELEGATION  "delegation"
#define BLOC_ROLE_OBSERVER    "observer"

/* Who logged in. state is "" unless role is "delegation". */
typedef struct bloc_user {
    char name[BLOC_USER_NAME_MAX + 1];
    char role[16];
    char state[8];
} bloc_user;

/*
 * Add the user `name` with role and password, or, when a user of that name
 * exists, replace its role, state and password (a password reset). state (an
 * ISO3 code of a state known to the record, e.g. "ARM") is required for the
 * role "delegation" and refused for the others (NULL or "" means none).
 * Strings are borrowed. Durable before BLOC_OK.
 * BLOC_EINVAL with the field named in bloc_errmsg ("name: ...", "role: ...",
 * "state: ...", "password: ..."); BLOC_ENOMEM; BLOC_EBUSY, BLOC_ESTORE.
 */
int bloc_user_add(bloc_db *db, const char *name, const char *role, const char *state,
                  const char *password);

/*
 * Check a login. BLOC_OK with *out filled; BLOC_ENOTFOUND, with the message
 * "unknown user or wrong password", when there is no such user or the
 * password is wrong: the two are not told apart, by the answer or by the time
 * it takes (an unknown name is checked against a dummy hash).
 * BLOC_ESTORE if the users cannot be read. Strings are borrowed.
 */
int bloc_user_login(bloc_db *db, const char *name, const char *password, bloc_user *out);

/*
 * The users, in name order, as a new string in *out (free with bloc_free):
 * JSON {"users": [{"name", "role", "state"}]} (state null unless a delegation)
 * or a text table. No password hashes.
 */
int bloc_user_list(bloc_db *db, bloc_format fmt, char **out);

#ifdef __cplusplus
}
#endif

#endif
