/*
 * crypto/sodium.c - crypto.h on libsodium, the only file of the project that
 * includes sodium.h. BLAKE2b is crypto_generichash, passwords are
 * crypto_pwhash_str with argon2id at the "interactive" limits (64 MiB, two
 * passes: about a tenth of a second, which is the point), random bytes come
 * from randombytes_buf and comparisons from sodium_memcmp.
 */
#include "crypto/crypto.h"

#include <sodium.h>
#include <string.h>

#include "bloc/bloc.h"

_Static_assert(sizeof(crypt_hash_state) >= sizeof(crypto_generichash_state),
               "crypt_hash_state is too small for libsodium's BLAKE2b state");
_Static_assert(_Alignof(crypt_hash_state) >= _Alignof(crypto_generichash_state),
               "crypt_hash_state is less aligned than libsodium's BLAKE2b state");
_Static_assert(CRYPT_PWHASH_MAX == crypto_pwhash_STRBYTES, "CRYPT_PWHASH_MAX");

#define OPSLIMIT crypto_pwhash_OPSLIMIT_INTERACTIVE
#define MEMLIMIT crypto_pwhash_MEMLIMIT_INTERACTIVE

int crypt_init(void)
{
    /* sodium_init locks internally, and returns 1 when already done. */
    return sodium_init() < 0 ? BLOC_EINVAL : BLOC_OK;
}

static crypto_generichash_state *state_of(crypt_hash_state *st)
{
    return (crypto_generichash_state *)(void *)st->opaque;
}

void crypt_hash(void *out, size_t outlen, const void *p, size_t n)
{
    crypto_generichash(out, outlen, p, n, NULL, 0);
}

void crypt_hash_init(crypt_hash_state *st, size_t outlen)
{
    crypto_generichash_init(state_of(st), NULL, 0, outlen);
}

void crypt_hash_update(crypt_hash_state *st, const void *p, size_t n)
{
    crypto_generichash_update(state_of(st), p, n);
}

void crypt_hash_final(crypt_hash_state *st, void *out, size_t outlen)
{
    crypto_generichash_final(state_of(st), out, outlen);
}

void crypt_random(void *p, size_t n)
{
    randombytes_buf(p, n);
}

void crypt_hex(char *out, const void *p, size_t n)
{
    sodium_bin2hex(out, 2 * n + 1, p, n);
}

void crypt_token_hex(char *out, size_t nbytes)
{
    unsigned char r[64];
    out[0] = '\0';
    while (nbytes > 0) {
        size_t k = nbytes < sizeof r ? nbytes : sizeof r;
        randombytes_buf(r, k);
        crypt_hex(out, r, k);
        out += 2 * k;
        nbytes -= k;
    }
    sodium_memzero(r, sizeof r);
}

int crypt_equal(const void *a, const void *b, size_t n)
{
    return sodium_memcmp(a, b, n) == 0;
}

int crypt_pwhash(const char *password, char out[CRYPT_PWHASH_MAX])
{
    if (crypto_pwhash_str_alg(out, password, strlen(password), OPSLIMIT, MEMLIMIT,
                              crypto_pwhash_ALG_ARGON2ID13) != 0) {
        out[0] = '\0';
        return BLOC_ENOMEM;
    }
    return BLOC_OK;
}

int crypt_pwhash_verify(const char *hash, const char *password)
{
    return crypto_pwhash_str_verify(hash, password, strlen(password)) == 0;
}

int crypt_pwhash_current(const char *hash)
{
    /* needs_rehash: 0 current, 1 other limits, -1 not an argon2id string. */
    return crypto_pwhash_str_needs_rehash(hash, OPSLIMIT, MEMLIMIT) == 0;
}

const char *crypt_pwhash_dummy(void)
{
    /* The hash of 32 random bytes (as hex) that were then thrown away, made
     * with the limits above; tests/crypto checks that it still is current. */
    return "$argon2id$v=19$m=65536,t=2,p=1$ayQ+AqGYEvJa44wOxZ4hfQ$"
           "76dGvrz0tThmTxSwq1AuCB4xNA/6QU1ON7uQnpYjSPY";
}
