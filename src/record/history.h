/*
 * record/history.h - reading the record back (history, log, timeline).
 */
#ifndef BLOC_RECORD_HISTORY_H
#define BLOC_RECORD_HISTORY_H

#include "model/model.h"
#include "util/buf.h"

/* A one-line description of a fact, for people, appended to b. */
int record_describe(const model *m, const mfact *f, buf *b);

#endif
