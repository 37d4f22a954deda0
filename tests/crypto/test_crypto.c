/*
 * tests/crypto/test_crypto.c - crypto/crypto.h: BLAKE2b against known digests
 * (one-shot and streamed alike), random tokens (length, alphabet, no repeats),
 * constant-time equality, and argon2id password hashes (a round trip, a wrong
 * password refused, fresh salts, the dummy hash current). That the log's
 * digests did not change is tests/record's and tests/db's.
 */
#include <stdio.h>
#include <string.h>

#include "bloc/bloc.h"
#include "check.h"
#include "crypto/crypto.h"

/* The hex of p[0..n) (n <= 64), in a static buffer. */
static const char *hex_of(const void *p, size_t n)
{
    static char hex[129];
    crypt_hex(hex, p, n);
    return hex;
}

static void test_hash(void)
{
    unsigned char d[64];
    crypt_hash(d, 32, "abc", 3);
    CHECK_STR(hex_of(d, 32), "bddd813c634239723171ef3fee98579b94964e3bb1cb3e427262c8c068d52319");
    crypt_hash(d, 32, "", 0);
    CHECK_STR(hex_of(d, 32), "0e5751c026e543b2e8ab2eb06099daa1d1e5df47778f7787faab45cdf12fe3a8");

    /* Streamed in uneven pieces, 64-byte output: the same as hashing it whole. */
    crypt_hash_state st;
    crypt_hash_init(&st, 64);
    for (int i = 0; i < 1000; i++) {
        crypt_hash_update(&st, "a", 1);
        crypt_hash_update(&st, "bc", 2);
    }
    crypt_hash_final(&st, d, 64);
    CHECK_STR(hex_of(d, 64), "c8927a5469131bcab3b310f9b4443b3fbe16b920768d599981a5276b197c9ee1"
                             "4080682b8c42bf7eb1dcaed0a4802f1e7b26b5392736ff7acec2c8bb37dd37af");

    const unsigned char bytes[] = {0x00, 0x0f, 0xa0, 0xff};
    CHECK_STR(hex_of(bytes, sizeof bytes), "000fa0ff");
}

static int all_lower_hex(const char *s)
{
    for (; *s; s++)
        if (!((*s >= '0' && *s <= '9') || (*s >= 'a' && *s <= 'f')))
            return 0;
    return 1;
}

static void test_random(void)
{
    char a[65], b[65], big[201];
    memset(a, 'x', sizeof a);
    crypt_token_hex(a, 32);
    crypt_token_hex(b, 32);
    CHECK(strlen(a) == 64, "a token of 32 bytes is 64 hex characters (%zu)", strlen(a));
    CHECK(all_lower_hex(a) && all_lower_hex(b), "lower-case hex: %s %s", a, b);
    CHECK(strcmp(a, b) != 0, "two tokens differ");
    /* More than the generator's chunk: still all random, all hex. */
    crypt_token_hex(big, 100);
    CHECK(strlen(big) == 200 && all_lower_hex(big), "100 bytes: 200 hex characters (%zu)",
          strlen(big));
    CHECK(strncmp(big, big + 128, 64) != 0, "the chunks of a long token differ");

    unsigned char r1[32] = {0}, r2[32] = {0}, zero[32] = {0};
    crypt_random(r1, sizeof r1);
    crypt_random(r2, sizeof r2);
    CHECK(memcmp(r1, zero, 32) != 0 && memcmp(r1, r2, 32) != 0, "random bytes are random");

    CHECK(crypt_equal("abcdef", "abcdef", 6) == 1, "equal bytes");
    CHECK(crypt_equal("abcdef", "abcdeg", 6) == 0, "last byte differs");
    CHECK(crypt_equal("xbcdef", "abcdef", 6) == 0, "first byte differs");
    CHECK(crypt_equal("abcdef", "abcdeg", 5) == 1, "only n bytes compared");
}

static void test_pwhash(void)
{
    char h1[CRYPT_PWHASH_MAX], h2[CRYPT_PWHASH_MAX];
    CHECK(crypt_pwhash("correct horse", h1) == BLOC_OK, "hash");
    CHECK(strncmp(h1, "$argon2id$v=19$", 15) == 0, "argon2id: %s", h1);
    CHECK(crypt_pwhash_verify(h1, "correct horse") == 1, "the right password verifies");
    CHECK(crypt_pwhash_verify(h1, "correct horsE") == 0, "a wrong password does not");
    CHECK(crypt_pwhash_verify(h1, "correct horse ") == 0, "nor a longer one");
    CHECK(crypt_pwhash_verify(h1, "") == 0, "nor an empty one");
    CHECK(crypt_pwhash("correct horse", h2) == BLOC_OK, "hash again");
    CHECK(strcmp(h1, h2) != 0, "a fresh salt each time");
    CHECK(crypt_pwhash_verify(h2, "correct horse") == 1, "the second verifies too");
    CHECK(crypt_pwhash_current(h1) == 1, "made with the current limits");
    CHECK(crypt_pwhash_current(crypt_pwhash_dummy()) == 1,
          "the dummy hash has the current limits (else unknown users answer faster)");
    CHECK(crypt_pwhash_verify(crypt_pwhash_dummy(), "correct horse") == 0, "the dummy is no one's");
    CHECK(crypt_pwhash_verify("not a hash", "correct horse") == 0, "a malformed hash refuses");
    CHECK(crypt_pwhash_current("not a hash") == 0, "and is not current");
    /* A hash made with other limits is recognised as such. */
    CHECK(crypt_pwhash_current("$argon2id$v=19$m=8,t=1,p=1$ayQ+AqGYEvJa44wOxZ4hfQ$"
                               "76dGvrz0tThmTxSwq1AuCB4xNA/6QU1ON7uQnpYjSPY") == 0,
          "other limits are not current");
}

int main(void)
{
    CHECK(crypt_init() == BLOC_OK, "init");
    CHECK(crypt_init() == BLOC_OK, "init again (idempotent)");
    test_hash();
    test_random();
    test_pwhash();
    return CHECK_DONE("crypto");
}
