/*
 * record/chain.h - the hashes of the log (BLAKE2b-256 via libsodium): a fact's
 * content digest (its identity, for idempotent loading) and the chain link that
 * ties each entry to the one before, so that any change to a logged fact shows.
 */
#ifndef BLOC_RECORD_CHAIN_H
#define BLOC_RECORD_CHAIN_H

#include <stddef.h>
#include <stdint.h>

#include "record/fact.h"

#define CHAIN_HASH_BYTES 32

/* Initialise the hashing library; BLOC_OK or BLOC_EINVAL. Thread-safe, idempotent. */
int chain_init(void);

/* digest = H("bloc-fact-v1" || encode(f)). BLOC_OK or BLOC_ENOMEM. */
int chain_digest(const fact *f, uint8_t digest[CHAIN_HASH_BYTES]);

/* hash = H("bloc-entry-v1" || prev || seq || at || digest). */
void chain_link(const uint8_t prev[CHAIN_HASH_BYTES], int64_t seq, int64_t at,
                const uint8_t digest[CHAIN_HASH_BYTES], uint8_t hash[CHAIN_HASH_BYTES]);

/* The digest of a stream of bytes (a news article, for its source id):
 * new (NULL when out of memory), add, end (writes the digest, frees s). */
typedef struct chain_stream chain_stream;
chain_stream *chain_stream_new(void);
void chain_stream_add(chain_stream *s, const void *p, size_t n);
void chain_stream_end(chain_stream *s, uint8_t out[CHAIN_HASH_BYTES]);

/* Lower-case hex of the first n bytes of h into out (2n+1 bytes). */
void chain_hex(const uint8_t *h, size_t n, char *out);

#endif
