/*
 * tests/text/test_unicode.c - unit test of UTF-8 validation and the folding
 * under which names are indexed and looked up (src/text/unicode.c): a user
 * typing "belarus", "БЕЛАРУСЬ" or a Bengali name in either normal form finds
 * the same actor.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "text/unicode.h"

/* text_fold(s) must be want. */
static void folds_to(int line, const char *s, const char *want)
{
    char *f = text_fold(s);
    CHECK(f && strcmp(f, want) == 0, "(line %d) fold(\"%s\") = \"%s\", want \"%s\"", line, s,
          f ? f : "(NULL)", want);
    free(f);
}

/* text_fold(a) and text_fold(b) must be equal (eq) or differ (!eq). */
static void same_key(int line, const char *a, const char *b, int eq)
{
    char *fa = text_fold(a), *fb = text_fold(b);
    CHECK(fa && fb, "(line %d) fold failed for \"%s\" or \"%s\"", line, a, b);
    if (fa && fb)
        CHECK((strcmp(fa, fb) == 0) == eq, "(line %d) \"%s\" -> \"%s\" and \"%s\" -> \"%s\" %s",
              line, a, fa, b, fb, eq ? "differ" : "are the same");
    free(fa);
    free(fb);
}

#define FOLDS(s, want) folds_to(__LINE__, (s), (want))
#define SAME(a, b)     same_key(__LINE__, (a), (b), 1)
#define DIFF(a, b)     same_key(__LINE__, (a), (b), 0)

static void test_case(void)
{
    FOLDS("BELARUS", "belarus");
    SAME("BELARUS", "belarus");
    SAME("Belarus", "bElArUs");
    FOLDS("БЕЛАРУСЬ", "беларусь");
    SAME("БЕЛАРУСЬ", "беларусь");
    SAME("ОДКБ", "одкб");
    SAME("Ελλάδα", "ΕΛΛΆΔΑ");  /* Greek, with its accent */
    SAME("Straße", "STRASSE"); /* full case folding */
    SAME("NATO", "nato");
    DIFF("Belarus", "Belorussia");
    DIFF("беларусь", "belarus"); /* no transliteration */
    /* Arabic has no case: unchanged. */
    FOLDS("أرمينيا", "أرمينيا");
}

static void test_invisible(void)
{
    /* ZERO WIDTH JOINER (U+200D), ZERO WIDTH NON-JOINER (U+200C), ZERO WIDTH SPACE
     * (U+200B), RIGHT-TO-LEFT MARK (U+200F), LEFT-TO-RIGHT MARK (U+200E), soft hyphen. */
    FOLDS("Bela\xe2\x80\x8drus", "belarus");
    FOLDS("Bela\xe2\x80\x8crus", "belarus");
    FOLDS("Bela\xe2\x80\x8brus", "belarus");
    FOLDS("\xe2\x80\x8f"
          "أرمينيا",
          "أرمينيا");
    FOLDS("\xe2\x80\x8e"
          "CSTO"
          "\xe2\x80\x8f",
          "csto");
    FOLDS("Bela\xc2\xadrus", "belarus");
    /* A Bengali word (ra, ZWJ, virama, ya, aa-sign, ba) with a zero-width joiner after its
     * first letter, as Bengali text often has it, and without. */
    SAME("\xe0\xa6\xb0\xe2\x80\x8d\xe0\xa7\x8d\xe0\xa6\xaf\xe0\xa6\xbe\xe0\xa6\xac",
         "\xe0\xa6\xb0\xe0\xa7\x8d\xe0\xa6\xaf\xe0\xa6\xbe\xe0\xa6\xac");
}

static void test_normal_forms(void)
{
    /* য় (YYA): precomposed U+09DF and U+09AF U+09BC (NFD; U+09DF is a composition
     * exclusion, so NFC is the decomposed form) fold equal. */
    SAME("\xe0\xa7\x9f", "\xe0\xa6\xaf\xe0\xa6\xbc");
    /* ড় (RRA) U+09DC and U+09A1 U+09BC. */
    SAME("\xe0\xa7\x9c", "\xe0\xa6\xa1\xe0\xa6\xbc");
    /* ো (O sign) U+09CB and U+09C7 U+09BE, in a word: কো */
    SAME("\xe0\xa6\x95\xe0\xa7\x8b", "\xe0\xa6\x95\xe0\xa7\x87\xe0\xa6\xbe");
    /* A whole name: "রাশিয়া" (Russia) written both ways. */
    SAME("\xe0\xa6\xb0\xe0\xa6\xbe\xe0\xa6\xb6\xe0\xa6\xbf\xe0\xa7\x9f\xe0\xa6\xbe",
         "\xe0\xa6\xb0\xe0\xa6\xbe\xe0\xa6\xb6\xe0\xa6\xbf\xe0\xa6\xaf\xe0\xa6\xbc\xe0\xa6\xbe");
    /* Latin: é precomposed (U+00E9) and e + U+0301. */
    SAME("Caf\xc3\xa9", "cafe\xcc\x81");
    /* Й: U+0419 and И + U+0306. */
    SAME("\xd0\x99", "\xd0\x98\xcc\x86");
    /* Compatibility forms: fullwidth letters, the fi ligature. */
    SAME("\xef\xbc\xa3\xef\xbc\xb3\xef\xbc\xb4\xef\xbc\xaf", "csto");
    SAME("\xef\xac\x81nland", "finland");
    /* Different letters stay different. */
    DIFF("\xe0\xa6\xaf", "\xe0\xa6\xaf\xe0\xa6\xbc");
}

static void test_space(void)
{
    FOLDS("  Collective   Security\tTreaty\n Organization  ",
          "collective security treaty organization");
    FOLDS("\t\r\n", "");
    FOLDS("", "");
    FOLDS("a \t b", "a b");
    /* NO-BREAK SPACE and EM SPACE are spaces too (compatibility forms). */
    FOLDS("North\xc2\xa0"
          "Atlantic\xe2\x80\x83Treaty",
          "north atlantic treaty");
    SAME("  BELARUS", "belarus");
    /* White space made of invisible marks only disappears. */
    FOLDS(" \xe2\x80\x8d ", "");
}

static void test_invalid(void)
{
    static const char *const bad[] = {
        "\xff",             /* never valid */
        "abc\x80",          /* lone continuation byte */
        "Bela\xc3",         /* truncated two-byte sequence */
        "\xe0\xa6",         /* truncated three-byte sequence */
        "\xc0\xaf",         /* overlong "/" */
        "\xed\xa0\x80",     /* surrogate U+D800 */
        "\xf4\x90\x80\x80", /* past U+10FFFF */
        "ok \xfe\xfe ok",
    };
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        char *f = text_fold(bad[i]);
        CHECK(f == NULL, "fold of invalid UTF-8 #%zu gave \"%s\"", i, f ? f : "");
        free(f);
    }
}

static void valid(int line, const char *s, size_t n, int want_ok, size_t want_bad)
{
    size_t bad = 12345;
    int ok = text_valid_utf8(s, n, &bad);
    CHECK(!!ok == want_ok, "(line %d) valid = %d, want %d", line, ok, want_ok);
    if (!want_ok)
        CHECK(bad == want_bad, "(line %d) first bad byte at %zu, want %zu", line, bad, want_bad);
    else
        CHECK(bad == 12345, "(line %d) valid text changed *bad to %zu", line, bad);
}

#define VALID(s, ok, at) valid(__LINE__, (s), sizeof(s) - 1, (ok), (at))

static void test_valid_utf8(void)
{
    VALID("", 1, 0);
    VALID("plain ASCII", 1, 0);
    VALID("Беларусь রাশিয়া أرمينيا 北约 \xf0\x9f\x98\x80", 1, 0);
    VALID("\xff", 0, 0);
    VALID("ab\xff"
          "cd",
          0, 2);
    VALID("abc\x80", 0, 3);
    VALID("Бел\xd0", 0, 6); /* truncated at the end */
    VALID("Бе\xd0"
          "x",
          0, 4);                       /* bad continuation */
    VALID("ok\xc0\xaf", 0, 2);         /* overlong */
    VALID("x\xed\xa0\x80", 0, 1);      /* surrogate */
    VALID("xy\xf4\x90\x80\x80", 0, 2); /* too large */
    VALID("Беларусь\xe2\x82", 0, 16);  /* truncated three-byte at the end */
    /* Only n bytes are looked at. */
    size_t bad = 99;
    CHECK(text_valid_utf8("abc\xff", 3, &bad), "byte past n was read");
    CHECK(text_valid_utf8("\xd0\x91", 2, NULL), "Б with NULL bad");
    CHECK(!text_valid_utf8("\xd0\x91", 1, &bad) && bad == 0, "half of Б is valid (bad %zu)", bad);
    CHECK(!text_valid_utf8("\xff", 1, NULL), "invalid with NULL bad");
    /* A NUL byte is a valid character. */
    CHECK(text_valid_utf8("a\0b", 3, &bad), "NUL rejected");
}

int main(void)
{
    test_case();
    test_invisible();
    test_normal_forms();
    test_space();
    test_invalid();
    test_valid_utf8();
    return CHECK_DONE("unicode");
}
