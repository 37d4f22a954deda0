/*
 * extract/extract.h - the pieces of `bloc extract` shared between its files:
 * a sentence as tokens with what the lexicon found in it (reader.c cuts the
 * text, when.c reads dates and figures, roles.c makes events of triggers and
 * names, extract.c runs the whole and writes JSON lines).
 */
#ifndef BLOC_EXTRACT_EXTRACT_H
#define BLOC_EXTRACT_EXTRACT_H

#include <stddef.h>
#include <stdint.h>

#include "bloc/bloc.h"
#include "bloc/date.h"
#include "extract/lexicon.h"
#include "model/model.h"

#define X_MAXPARA  (64 * 1024) /* bytes of a paragraph; a longer one is cut */
#define X_MAXCODES 8           /* actors on one side of an event */
#define X_MAXFIGS  8           /* figures of one kind on one event */

/* ---- reader.c: a file as paragraphs ---- */

/* Called with each paragraph (a line of the file, or a piece of a longer one),
 * its offset in the file; non-zero stops the reading and is returned. */
typedef int (*para_fn)(void *ud, const char *p, size_t n, uint64_t off);

/* Check that the file is text: UTF-8 (unless lossy) and no NUL byte. BLOC_OK,
 * BLOC_EPARSE (err: what and the byte offset), BLOC_EIO. Reads in blocks. */
int reader_check(const char *path, int lossy, char *err, size_t errlen);
/* Hand the file to fn paragraph by paragraph, in bounded memory. */
int reader_paragraphs(const char *path, para_fn fn, void *ud, char *err, size_t errlen);
/* The same over a buffer. */
int reader_buffer(const char *p, size_t n, para_fn fn, void *ud);

/* ---- the extractor's settings, for ingest.c ---- */
bloc_db *bloc_extractor_db(const bloc_extractor *x);
int bloc_extractor_lossy(const bloc_extractor *x);
bloc_date bloc_extractor_date(const bloc_extractor *x);

/* ---- a sentence, annotated ---- */

/* A name found in the sentence, with its role marks. */
typedef struct xent {
    uint32_t first, last; /* tokens */
    sym actor;            /* the actor in the model (state, org or person) */
    uint8_t rec, act;     /* marked as recipient / actor (by the language) */
    uint32_t rec_mark;    /* marked as recipient by some triggers' own words: the entry (+1) */
    uint8_t rec_t;        /* roles.c: a recipient of the trigger being read (rec, or its word) */
    uint16_t group;       /* entities listed together ("A, B and C") share a group */
    uint8_t pre;          /* bytes of a prefix its first token carried (Arabic و) */
    uint8_t place;        /* a city named as where ("in Paris"), not as who */
    uint8_t org;          /* an organization */
} xent;

typedef struct xtrig {
    uint32_t first, last;
    uint32_t trigger; /* index into the lexicon's triggers */
} xtrig;

typedef struct xdate {
    uint32_t first, last;
    bloc_date date;
    uint8_t stated; /* written out (13 September 2022, 1999), not read from a weekday
                       or "last month" against the article's date */
} xdate;

typedef struct xnum {
    uint32_t first, last;
    int64_t value;
    uint8_t qualifier; /* enum lex_qualifier */
    uint8_t kind;      /* 0, LK_KILLED, LK_WOUNDED */
    sym side;          /* whose dead, when the text says */
} xnum;

typedef struct sentence {
    const lexicon *L;
    const char *text; /* normalized */
    const tok *toks;
    size_t ntok;
    bloc_date doc_date;
    sym bloc;        /* the organization the document is about (the bloc, الكتلة) */
    int hide_places; /* roles.c: looking for parties among the others first */
    xent *ents;
    size_t nents, capents;
    xtrig *trigs;
    size_t ntrigs, captrigs;
    xdate *dates;
    size_t ndates, capdates;
    xnum *nums;
    size_t nnums, capnums;
    uint32_t *neg; /* tokens of negations */
    size_t nneg, capneg;
    uint32_t *clause; /* tokens opening a clause (that, যে, что) */
    size_t nclause, capclause;
    uint32_t *cond; /* tokens where a condition starts (unless, ما لم) */
    size_t ncond, capcond;
    lex_match *m; /* all matches, kept (kind, first) */
    size_t nm, capm;
} sentence;

/* ---- when.c ---- */

/* Dates and figures of a sentence whose matches are in s->m. BLOC_ENOMEM. */
int when_read(sentence *s);
/* Days since 1970-01-01 to a day-precision date. */
bloc_date when_from_days(int64_t days);

/* ---- roles.c ---- */

/* An event as it will be written. */
typedef struct xevent {
    const char *type, *mode;
    int cat; /* enum plover of type */
    sym actor[X_MAXCODES], recipient[X_MAXCODES];
    size_t nactor, nrecipient;
    bloc_date date;
    int64_t killed[X_MAXFIGS], wounded[X_MAXFIGS], quantity[X_MAXFIGS];
    size_t nkilled, nwounded, nquantity;
    sym killed_side[X_MAXFIGS];
    uint8_t killed_q[X_MAXFIGS];
    uint32_t trig_first, trig_last; /* tokens */
    double confidence;
    unsigned mutual : 1;
} xevent;

/* The events of a sentence (entities, triggers, dates, figures read), each
 * handed to fn; non-zero from fn stops and is returned. */
typedef int (*event_fn)(void *ud, const sentence *s, const xevent *e);
int roles_events(const model *m, sentence *s, event_fn fn, void *ud);

/* The state (or organization) a person acts for on a date: a national office
 * gives its state, the head of an organization's secretariat or staff gives
 * the organization, the chair of its council the chairing state; else the
 * state the record gives the person; 0 if none. Others are themselves. */
sym roles_who(const model *m, sym actor, bloc_date on);

#endif
