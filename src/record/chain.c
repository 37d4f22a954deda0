/*
 * record/chain.c - BLAKE2b hashing of facts and entries, through crypto/crypto.h
 * (libsodium).
 */
#include "record/chain.h"

#include <stdlib.h>

#include "bloc/bloc.h"
#include "crypto/crypto.h"

_Static_assert(CHAIN_HASH_BYTES == CRYPT_HASH_BYTES, "chain digests are crypt hashes");

int chain_init(void)
{
    return crypt_init();
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
        crypt_hash(digest, CHAIN_HASH_BYTES, b.p, b.len);
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
    crypt_hash_state st;
    le64(n, seq);
    le64(n + 8, at);
    crypt_hash_init(&st, CHAIN_HASH_BYTES);
    crypt_hash_update(&st, tag, sizeof tag - 1);
    crypt_hash_update(&st, prev, CHAIN_HASH_BYTES);
    crypt_hash_update(&st, n, sizeof n);
    crypt_hash_update(&st, digest, CHAIN_HASH_BYTES);
    crypt_hash_final(&st, hash, CHAIN_HASH_BYTES);
}

void chain_hex(const uint8_t *h, size_t n, char *out)
{
    crypt_hex(out, h, n);
}

struct chain_stream {
    crypt_hash_state st;
};

chain_stream *chain_stream_new(void)
{
    /* The state wants 64-byte alignment, more than malloc promises; its size
     * is a multiple of that, as aligned_alloc requires. */
    chain_stream *s = aligned_alloc(_Alignof(chain_stream), sizeof *s);
    if (s)
        crypt_hash_init(&s->st, CHAIN_HASH_BYTES);
    return s;
}

void chain_stream_add(chain_stream *s, const void *p, size_t n)
{
    crypt_hash_update(&s->st, p, n);
}

void chain_stream_end(chain_stream *s, uint8_t out[CHAIN_HASH_BYTES])
{
    crypt_hash_final(&s->st, out, CHAIN_HASH_BYTES);
    free(s);
}
