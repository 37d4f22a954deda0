/*
 * record/chain.c - BLAKE2b hashing of facts and entries. The only file that
 * includes libsodium.
 */
#include "record/chain.h"

#include <sodium.h>
#include <stdlib.h>

#include "bloc/bloc.h"

int chain_init(void)
{
    return sodium_init() < 0 ? BLOC_EINVAL : BLOC_OK;
}

int chain_digest(const fact *f, uint8_t digest[CHAIN_HASH_BYTES])
{
    static const char tag[] = "bloc-fact-v1";
    buf b;
    buf_init(&b, (size_t)1 << 26);
    int rc = buf_add(&b, tag, sizeof tag - 1);
    if (!rc)
        rc = fact_encode(f, &b);
    if (!rc)
        crypto_generichash(digest, CHAIN_HASH_BYTES, (const unsigned char *)b.p, b.len, NULL, 0);
    buf_free(&b);
    return rc;
}

static void le64(unsigned char *t, int64_t v)
{
    for (int i = 0; i < 8; i++)
        t[i] = (unsigned char)((uint64_t)v >> (8 * i));
}

void chain_link(const uint8_t prev[CHAIN_HASH_BYTES], int64_t seq, int64_t at,
                const uint8_t digest[CHAIN_HASH_BYTES], uint8_t hash[CHAIN_HASH_BYTES])
{
    static const char tag[] = "bloc-entry-v1";
    unsigned char n[16];
    crypto_generichash_state st;
    le64(n, seq);
    le64(n + 8, at);
    crypto_generichash_init(&st, NULL, 0, CHAIN_HASH_BYTES);
    crypto_generichash_update(&st, (const unsigned char *)tag, sizeof tag - 1);
    crypto_generichash_update(&st, prev, CHAIN_HASH_BYTES);
    crypto_generichash_update(&st, n, sizeof n);
    crypto_generichash_update(&st, digest, CHAIN_HASH_BYTES);
    crypto_generichash_final(&st, hash, CHAIN_HASH_BYTES);
}

void chain_hex(const uint8_t *h, size_t n, char *out)
{
    sodium_bin2hex(out, 2 * n + 1, h, n);
}

struct chain_stream {
    crypto_generichash_state st;
};

chain_stream *chain_stream_new(void)
{
    chain_stream *s = malloc(sizeof *s);
    if (s)
        crypto_generichash_init(&s->st, NULL, 0, CHAIN_HASH_BYTES);
    return s;
}

void chain_stream_add(chain_stream *s, const void *p, size_t n)
{
    crypto_generichash_update(&s->st, p, n);
}

void chain_stream_end(chain_stream *s, uint8_t out[CHAIN_HASH_BYTES])
{
    crypto_generichash_final(&s->st, out, CHAIN_HASH_BYTES);
    free(s);
}
