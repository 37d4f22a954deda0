/*
 * crypto/crypto.h - the cryptography bloc uses, behind one small interface:
 * BLAKE2b hashes (the log's chain, record/chain.c), random bytes and tokens
 * (sessions, auth/session.c), argon2id password hashes and constant-time
 * comparison (users, auth/users.c). crypto/sodium.c is the only file that
 * includes libsodium; swapping the library touches nothing else.
 *
 * The prefix is crypt_, not crypto_: libsodium owns crypto_* (crypto_pwhash,
 * crypto_hash, ...), and our names must not collide with its symbols.
 *
 * Call crypt_init once before anything else (bloc_open does, through
 * chain_init; sessions_new does). After that every function here is
 * thread-safe: none keeps state between calls except in a state the caller owns.
 */
#ifndef BLOC_CRYPTO_CRYPTO_H
#define BLOC_CRYPTO_CRYPTO_H

#include <stddef.h>

/* Initialise the library; BLOC_OK, or BLOC_EINVAL if it cannot be (no source of
 * randomness). Thread-safe and idempotent. */
int crypt_init(void);

/* ---- BLAKE2b (unkeyed), digests of outlen bytes, 16 to 64 ---- */

#define CRYPT_HASH_BYTES 32 /* the length bloc uses (chain digests, source ids) */

/* out = BLAKE2b-outlen(p[0..n)). */
void crypt_hash(void *out, size_t outlen, const void *p, size_t n);

/* The same over a stream: init, update any number of times, final. The state
 * is the caller's (on the stack, or from aligned_alloc: it wants 64-byte
 * alignment); it holds no other resource, so abandoning one is fine. */
typedef struct crypt_hash_state {
    _Alignas(64) unsigned char opaque[384];
} crypt_hash_state;

void crypt_hash_init(crypt_hash_state *st, size_t outlen);
void crypt_hash_update(crypt_hash_state *st, const void *p, size_t n);
/* outlen must be the one given to init. */
void crypt_hash_final(crypt_hash_state *st, void *out, size_t outlen);

/* ---- random bytes, tokens, hex, comparison ---- */

/* n bytes from the operating system's secure generator into p. Never fails. */
void crypt_random(void *p, size_t n);

/* nbytes random bytes as lower-case hex into out, which must hold 2*nbytes+1
 * bytes (NUL-terminated). */
void crypt_token_hex(char *out, size_t nbytes);

/* Lower-case hex of p[0..n) into out (2n+1 bytes, NUL-terminated). */
void crypt_hex(char *out, const void *p, size_t n);

/* 1 if a[0..n) equals b[0..n), else 0; the time taken depends on n only. */
int crypt_equal(const void *a, const void *b, size_t n);

/* ---- passwords: argon2id, libsodium's "interactive" limits ---- */

/* Room for a hash string, its NUL included (libsodium's crypto_pwhash_STRBYTES). */
#define CRYPT_PWHASH_MAX 128

/* Hash password (NUL-terminated) with a fresh random salt into out, as an
 * encoded "$argon2id$v=19$m=...,t=...,p=...$salt$hash" string (the limits and
 * salt travel with it). BLOC_OK, or BLOC_ENOMEM (argon2id needs 64 MiB). Takes
 * about a tenth of a second on purpose. */
int crypt_pwhash(const char *password, char out[CRYPT_PWHASH_MAX]);

/* 1 if password matches hash (a string from crypt_pwhash, NUL-terminated), 0
 * if not or if hash is malformed. Takes as long as crypt_pwhash. */
int crypt_pwhash_verify(const char *hash, const char *password);

/* 1 if hash was made with the current algorithm and limits, 0 if it should
 * be remade (or is malformed). */
int crypt_pwhash_current(const char *hash);

/* A fixed hash made with the current limits, of a password nobody knows: verify
 * against it when there is no real hash, so that the answer takes as long. */
const char *crypt_pwhash_dummy(void);

#endif
