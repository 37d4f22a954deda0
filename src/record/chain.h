/*
 * record/chain.h - the hashes of the log (BLAKE2b-256 via libsodium): a fact's
 * content digest (its identity, for idempotent loading) and the chain link that
 * ties each entry to the one before, so that any change to a logged fact shows.
 */
#ifndef BLOC_RECORD_CHAIN_H
#define BLOC_RECORD_CHAIN_H

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

/* Lower-case hex of the first n bytes of h into out (2n+1 bytes). */
void chain_hex(const uint8_t *h, size_t n, char *out);

#endif
