/*
 * db/db.h - the bloc_db handle: a store (where the log lives) plus the model
 * built from it. Appending goes through db_append, the one place that extends
 * the hash chain; everything else reads the model.
 */
#ifndef BLOC_DB_DB_H
#define BLOC_DB_DB_H

#include <stddef.h>

#include "bloc/bloc.h"
#include "model/model.h"
#include "store/store.h"

#define DB_ERRMAX 4096

struct bloc_db {
    store *st;
    model m;
    unsigned flags;
    int modelled; /* the model reflects the whole log */
    char err[DB_ERRMAX];
};

/* Set the handle's message (printf-style) and return rc. */
int db_err(bloc_db *db, int rc, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;

/*
 * Append facts[0..n-1] to the log in one transaction, skipping those whose
 * content is already logged (or repeated earlier in the batch), then add the new
 * entries to the model. Durable before BLOC_OK. Counts go to *appended and
 * *skipped (may be NULL). On failure nothing is appended.
 */
int db_append(bloc_db *db, const fact *facts, size_t n, size_t *appended, size_t *skipped);

/* Read into the model the entries other writers appended since it was built
 * (queries and checks then see them). BLOC_OK, or the store's error, after
 * which the model is marked incomplete. */
int db_catch_up(bloc_db *db);

/* The bundled record (build/bundle.c, generated from data/ by tools/embed.c). */
struct bundle_file {
    const char *name;
    const char *text;
    size_t len;
};
extern const struct bundle_file bundle_files[];
extern const size_t bundle_nfiles;

#endif
