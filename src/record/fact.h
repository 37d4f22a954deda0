/*
 * record/fact.h - the unit of the record: one sourced fact, and the log entry
 * that carries it.
 *
 * Every fact has the same shape (a kind, five string slots, a validity interval,
 * a number, a note, a source) so that the log is one table, the model rebuilds
 * without parsing JSON, and the hash chain covers every field the same way. The
 * meaning of the slots per kind is below; record/load.c maps record files onto
 * them and model/ reads them back.
 */
#ifndef BLOC_RECORD_FACT_H
#define BLOC_RECORD_FACT_H

#include <stdint.h>

#include "bloc/date.h"
#include "util/buf.h"

enum fact_kind {
    FACT_SOURCE = 1, /* s0 id, s1 kind, s2 publisher, s3 title, s4 file|url; from date; note lang */
    FACT_ACTOR,      /* s0 id, s1 type, s2 cow code, s3 region (states) | state (persons);
                        from,to: a state's span in the state system */
    FACT_NAME,       /* s0 actor, s1 lang, s2 name; num = rank within lang (0 = display) */
    FACT_TREATY, /* s0 id, s1 org, s2 title, s3 term, s4 withdrawal notice; from signed; note place
                  */
    FACT_PHASE,  /* s0 treaty, s1 event, s2 decision rule; from date; note */
    FACT_PROVISION, /* s0 treaty, s1 article, s2 type, s3 conditions (canonical); from,to; note text
                     */
    FACT_SPELL,     /* s0 org, s1 state, s2 status; from,to; note */
    FACT_OFFICE,    /* s0 org, s1 office, s2 state, s3 holder (person); from,to; note */
    FACT_RETRACT,   /* ref = entry retracted; note = reason */
    FACT_EVENT,     /* s0 id, s1 type, s2 mode, s3 actors, s4 recipients (sorted, comma-joined);
                       from,to; note */
    FACT_DETAIL,    /* s0 event, s1 key, s2 subject, s3 value, s4 qualifier (set iff num is a
                       figure); num; from = as of; note */
    FACT_FORCE,     /* s0 org, s1 pool, s2 state (none: the pool's total), s3 unit, s4 qualifier
                       (set iff num is a size); num; from = as of; note */
    FACT_CLAIM,     /* an event read from news (bloc ingest), apart from the curated record:
                       s0 id, s1 type, s2 mode, s3 actors, s4 recipients (sorted, comma-joined);
                       from date; num confidence in hundredths; note the extracted JSON;
                       src the article */
    FACT_REFUSAL,   /* a step of the live procedure refused (procedure/): s0 user, s1 action,
                       s2 case or organization, s3 reason, s4 role; from date; num the log's
                       length + 1 when refused, so that each refusal is its own entry;
                       src the user */
    FACT_KIND_END
};

#define FACT_NSLOT 5

/* A fact. The strings are borrowed from whoever built it (the loader's arena, a
 * store row); NULL means absent. */
typedef struct fact {
    int kind;
    const char *s[FACT_NSLOT];
    bloc_date from, to; /* validity, or the date of a dated thing; 0 = none/open */
    int64_t num;
    int64_t ref; /* the entry this one retracts; 0 none */
    const char *note;
    const char *src; /* source id; NULL only for FACT_SOURCE */
} fact;

/* A log entry: a fact at its place in the chain. */
typedef struct entry {
    int64_t seq; /* 1, 2, ... dense */
    int64_t at;  /* when appended, ms since the epoch (UTC) */
    fact f;
    uint8_t prev[32]; /* hash of entry seq-1 (zeros for seq 1) */
    uint8_t hash[32]; /* chain_link(prev, seq, at, f) */
} entry;

/* "source", "actor", ...; NULL for an unknown kind. */
const char *fact_kind_name(int kind);
/* The kind for a name, 0 if none. */
int fact_kind_from_name(const char *name);

/* Append the canonical encoding of f to b: kind (32-bit little-endian), each string as a 32-bit
 * little-endian length (0xffffffff for NULL) and bytes, then from, to, num, ref
 * little-endian. Two facts are the same fact iff their encodings are equal. */
int fact_encode(const fact *f, buf *b);

#endif
