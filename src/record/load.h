/*
 * record/load.h - record files (data/ *.json, docs/RECORD_FORMAT.md) into facts.
 *
 * A loader gathers any number of files, checks them all (syntax, vocabularies,
 * dates, that every reference resolves within the files or the log), and only
 * then appends every fact in one transaction. Problems are reported as
 * "file:line:col: what is wrong", up to LOADER_MAXERR of them.
 */
#ifndef BLOC_RECORD_LOAD_H
#define BLOC_RECORD_LOAD_H

#include <stddef.h>

#include "bloc/bloc.h"

#define LOADER_MAXERR   10
#define LOADER_MAXFILE  ((size_t)16 << 20) /* bytes per record file */
#define LOADER_MAXFILES 10000
#define LOADER_MAXLOAD  ((size_t)256 << 20) /* bytes in one load, all files together */
#define LOADER_MAXSTR   4096                /* bytes per string value */

typedef struct loader loader;

/* A new loader appending to db (borrowed; must outlive the loader). NULL on OOM. */
loader *loader_new(bloc_db *db);
void loader_free(loader *L); /* NULL is a no-op */

/* Read a record file, or every *.json below a directory (name order). Syntax
 * errors are collected, not returned; returns BLOC_ENOMEM or BLOC_OK. */
int loader_add_path(loader *L, const char *path);
/* Add a record file held in memory (text borrowed: it must outlive the loader). */
int loader_add_buffer(loader *L, const char *name, const char *text, size_t len);

/* Check everything gathered and append it in one transaction. On any problem
 * nothing is appended and the db's message lists the problems. */
int loader_commit(loader *L, bloc_load_stats *stats);
/* Put the problems gathered so far into the db's message; returns their code. */
int loader_fail(loader *L);

#endif
