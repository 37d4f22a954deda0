/*
 * tests/text/test_unicode.c - unit test of UTF-8 validation and the folding
 * under which names are indexed and looked up (src/text/unicode.c): a user
 * typing "belarus", "БЕЛАРУСЬ" or a Bengali name in either normal form finds
 * the same actor. And the normalization news is matched under
 * (text_normalize): the same name however the text spells it (Bengali nukta
 * letters in either form, Arabic letter variants and marks, invisible
 * characters, digits of every script), with every byte of the result mapped
 * back to the input byte it came from; and the classes of characters
 * (text_char) tokens are cut by.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bloc/bloc.h"
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

/* ---- text_normalize ---- */

static text_table *tt;

/* The normalized form of s[0..n) must be want, and (unless at is NULL) its
 * offsets at[0..len] the ones given (at[len] is n). */
static void norm_is(int line, const char *s, size_t n, int lossy, const char *want,
                    const uint32_t *at)
{
    text_norm o = {0};
    size_t bad = 777;
    int rc = text_normalize(tt, s, n, lossy, &o, &bad);
    CHECK(rc == BLOC_OK, "(line %d) rc %d", line, rc);
    if (rc == BLOC_OK) {
        size_t wl = strlen(want);
        CHECK(o.len == wl && memcmp(o.p, want, wl) == 0 && o.p[o.len] == '\0',
              "(line %d) normalized to \"%.*s\" (%zu bytes), want \"%s\" (%zu)", line, (int)o.len,
              o.p, o.len, want, wl);
        CHECK(o.at[o.len] == n, "(line %d) at[len] = %u, want %zu", line, o.at[o.len], n);
        for (size_t i = 0; at && i <= o.len && i <= wl; i++)
            CHECK(o.at[i] == at[i], "(line %d) at[%zu] = %u, want %u", line, i, o.at[i], at[i]);
        CHECK(bad == 777, "(line %d) *bad set to %zu on success", line, bad);
    }
    text_norm_free(&o);
}

/* a and b normalize to the same text (eq) or not (!eq). */
static void norm_same(int line, const char *a, const char *b, int eq)
{
    text_norm x = {0}, y = {0};
    int ra = text_normalize(tt, a, strlen(a), 0, &x, NULL);
    int rb = text_normalize(tt, b, strlen(b), 0, &y, NULL);
    CHECK(ra == BLOC_OK && rb == BLOC_OK, "(line %d) rc %d, %d", line, ra, rb);
    if (ra == BLOC_OK && rb == BLOC_OK)
        CHECK((x.len == y.len && memcmp(x.p, y.p, x.len) == 0) == eq,
              "(line %d) \"%s\" -> \"%s\" and \"%s\" -> \"%s\" %s", line, a, x.p, b, y.p,
              eq ? "differ" : "are the same");
    text_norm_free(&x);
    text_norm_free(&y);
}

#define NORM(s, want, ...)                                                                         \
    norm_is(__LINE__, (s), sizeof(s) - 1, 0, (want), (const uint32_t[]){__VA_ARGS__})
#define NORM_TO(s, want) norm_is(__LINE__, (s), sizeof(s) - 1, 0, (want), NULL)
#define NSAME(a, b)      norm_same(__LINE__, (a), (b), 1)
#define NDIFF(a, b)      norm_same(__LINE__, (a), (b), 0)

static void test_normalize_offsets(void)
{
    NORM("", "", 0);
    NORM("ABC", "abc", 0, 1, 2, 3);
    /* two-byte letters: each output byte maps to the start of its character */
    NORM("Бел", "бел", 0, 0, 2, 2, 4, 4, 6);
    NORM("aБ c", "aб c", 0, 1, 1, 3, 4, 5);
    /* three-byte digits become one ASCII byte each */
    NORM("\xe0\xa7\xaa\xe0\xa7\xaf", "49", 0, 3, 6);   /* Bengali ৪৯ */
    NORM("\xd9\xa4\xd9\xa9", "49", 0, 2, 4);           /* Arabic-Indic ٤٩ */
    NORM("\xdb\xb4\xdb\xb9", "49", 0, 2, 4);           /* Persian ۴۹ */
    NORM("x\xd9\xa4\xd9\xa9y", "x49y", 0, 1, 3, 5, 6); /* among other text */
    /* a dropped character leaves no byte: the next maps past it */
    NORM("a\xe2\x80\x8d"
         "b",
         "ab", 0, 4, 5);                                                 /* ZWJ */
    NORM("\xd9\x80", "", 2);                                             /* a tatweel alone */
    NORM("\xd9\x83\xd9\x80\xd9\x84", "\xd9\x83\xd9\x84", 0, 0, 4, 4, 6); /* كـل */
    /* typographic quotes and dashes: one ASCII byte for three */
    NORM("\xe2\x80\x9cq\xe2\x80\x9d\xe2\x80\x93", "\"q\"-", 0, 3, 4, 7, 10);
    /* Bengali: a letter, a vowel sign and a virama, 3 bytes each, unchanged */
    NORM("\xe0\xa6\x95\xe0\xa6\xbe\xe0\xa7\x8d", "\xe0\xa6\x95\xe0\xa6\xbe\xe0\xa7\x8d", 0, 0, 0, 3,
         3, 3, 6, 6, 6, 9);
    /* য় decomposed stays two characters, each byte mapped to its own */
    NORM("\xe0\xa6\xaf\xe0\xa6\xbc", "\xe0\xa6\xaf\xe0\xa6\xbc", 0, 0, 0, 3, 3, 3, 6);
    /* য় precomposed (U+09DF) becomes the same two characters, all from byte 0 */
    NORM("\xe0\xa7\x9f", "\xe0\xa6\xaf\xe0\xa6\xbc", 0, 0, 0, 0, 0, 0, 3);
    /* أ (U+0623): alef, its hamza dropped; from byte 0 */
    NORM("\xd8\xa3"
         "b",
         "\xd8\xa7"
         "b",
         0, 0, 2, 3);
    /* a compatibility form: fullwidth letters are ASCII */
    NORM("\xef\xbc\xa3\xef\xbc\xb3", "cs", 0, 3, 6);
    /* a four-byte character kept whole */
    NORM("\xf0\x9f\x98\x80!", "\xf0\x9f\x98\x80!", 0, 0, 0, 0, 4, 5);

    /* the output is appended to: offsets of each call are of its own input */
    text_norm o = {0};
    int rc = text_normalize(tt, "Ab", 2, 0, &o, NULL);
    if (!rc)
        rc = text_normalize(tt, "\xd0\x91", 2, 0, &o, NULL);
    CHECK(rc == BLOC_OK && o.len == 4 && memcmp(o.p, "ab\xd0\xb1", 4) == 0,
          "appended: rc %d, \"%s\"", rc, o.p ? o.p : "");
    CHECK(rc || (o.at[0] == 0 && o.at[1] == 1 && o.at[2] == 0 && o.at[3] == 0 && o.at[4] == 2),
          "appended: offsets %u %u %u %u %u", o.at[0], o.at[1], o.at[2], o.at[3], o.at[4]);
    text_norm_reset(&o);
    CHECK(o.len == 0 && o.p && o.p[0] == '\0', "reset: len %zu", o.len);
    rc = text_normalize(tt, "Z", 1, 0, &o, NULL);
    CHECK(rc == BLOC_OK && o.len == 1 && strcmp(o.p, "z") == 0 && o.at[0] == 0 && o.at[1] == 1,
          "after reset: \"%s\"", o.p);
    text_norm_free(&o);
    CHECK(o.p == NULL && o.at == NULL && o.len == 0, "free clears");
    text_norm_free(&o); /* twice: a no-op */
}

static void test_normalize_folds(void)
{
    /* case, in every script with case */
    NSAME("ARMENIA", "armenia");
    NSAME("АРМЕНИЯ", "армения");
    NSAME("Straße", "STRASSE");
    /* Latin and Cyrillic accents, written precomposed or not */
    NSAME("Caf\xc3\xa9", "cafe");
    NSAME("cafe\xcc\x81", "cafe");
    NSAME("Sébastien Lecornu", "sebastien lecornu");
    NSAME("Тбилиси", "Тбилиси");
    NSAME("ёлка", "елка");
    NSAME("Казахстаний", "Казахстании"); /* the breve of й */
    /* Bengali nukta letters: precomposed and decomposed are one */
    NSAME("\xe0\xa7\x9f", "\xe0\xa6\xaf\xe0\xa6\xbc");               /* য় */
    NSAME("\xe0\xa7\x9c", "\xe0\xa6\xa1\xe0\xa6\xbc");               /* ড় */
    NSAME("\xe0\xa7\x9d", "\xe0\xa6\xa2\xe0\xa6\xbc");               /* ঢ় */
    NSAME("আর্মেনি\xe0\xa7\x9fা", "আর্মেনি\xe0\xa6\xaf\xe0\xa6\xbcা"); /* আর্মেনিয়া */
    NDIFF("\xe0\xa6\xaf", "\xe0\xa6\xaf\xe0\xa6\xbc");               /* য and য় differ */
    /* zero-width and bidi marks, soft hyphen, BOM: gone */
    NSAME("আর্মে\xe2\x80\x8dনিয়া", "আর্মেনিয়া");
    NSAME("Arme\xe2\x80\x8cnia", "Armenia");
    NSAME("Arme\xe2\x80\x8bnia", "Armenia");
    NSAME("\xe2\x80\x8f"
          "أرمينيا"
          "\xe2\x80\x8e",
          "أرمينيا");
    NSAME("\xe2\x80\xaa"
          "CSTO"
          "\xe2\x80\xac",
          "CSTO");
    NSAME("\xe2\x81\xa6"
          "CSTO"
          "\xe2\x81\xa9",
          "CSTO");
    NSAME("Arme\xc2\xadnia", "Armenia");
    NSAME("\xef\xbb\xbf"
          "Armenia",
          "Armenia");
    /* Arabic: alef forms, hamza carriers, alef maqsura, teh marbuta */
    NSAME("أرمينيا", "ارمينيا");
    NSAME("إرمينيا", "ارمينيا");
    NSAME("آرمينيا", "ارمينيا");
    NSAME("\xd9\xb1"
          "رمينيا",
          "ارمينيا"); /* alef wasla */
    NSAME("مؤتمر", "موتمر");
    NSAME("رئيس", "رييس");
    NSAME("الأوروبى", "الاوروبي");
    NSAME("منظمة معاهدة", "منظمه معاهده");
    /* Arabic diacritics (harakat, shadda, sukun, superscript alef) and tatweel */
    NSAME("أَرْمِينِيَا", "ارمينيا");
    NSAME("الشَّرْق", "الشرق");
    NSAME("هٰذا", "هذا");
    NSAME("أرمـــينيا", "ارمينيا");
    /* Persian yeh and keheh as the Arabic letters */
    NSAME("\xdb\x8c", "\xd9\x8a");
    NSAME("\xda\xa9", "\xd9\x83");
    /* digits of every script are ASCII */
    NSAME("\xe0\xa7\xa8\xe0\xa7\xa6\xe0\xa7\xa8\xe0\xa7\xa8", "2022");
    NSAME("\xd9\xa2\xd9\xa0\xd9\xa2\xd9\xa2", "2022");
    NSAME("\xe0\xa5\xa8\xe0\xa5\xa6", "20"); /* Devanagari */
    /* the Arabic comma, typographic quotes and dashes */
    NSAME("\xd8\x8c", ",");
    NSAME("Armenia\xe2\x80\x99s", "armenia's");
    NSAME("\xc2\xab"
          "x"
          "\xc2\xbb",
          "\"x\"");
    NSAME("Armenia\xe2\x80\x94"
          "Azerbaijan",
          "armenia-azerbaijan");
    NSAME("\xe2\x88\x92"
          "5",
          "-5");
    /* what must stay apart */
    NDIFF("Armenia", "Armenian");
    NDIFF("ارمينيا", "ارمينيه");
    NDIFF("بيروت", "بيرو");
    NDIFF("рус", "pyc"); /* Cyrillic and Latin look-alikes */
}

static void test_normalize_invalid(void)
{
    text_norm o = {0};
    size_t bad = 12345;
    /* without lossy: refused, the offset of the first bad byte */
    int rc = text_normalize(tt,
                            "ab\xff"
                            "cd",
                            5, 0, &o, &bad);
    CHECK(rc == BLOC_EPARSE && bad == 2, "bad byte: rc %d, at %zu", rc, bad);
    text_norm_reset(&o);
    bad = 12345;
    rc = text_normalize(tt, "Бел\xd0", 7, 0, &o, &bad); /* a sequence cut short */
    CHECK(rc == BLOC_EPARSE && bad == 6, "cut short: rc %d, at %zu", rc, bad);
    text_norm_reset(&o);
    bad = 12345;
    rc = text_normalize(tt, "x\xed\xa0\x80y", 5, 0, &o, &bad); /* a surrogate */
    CHECK(rc == BLOC_EPARSE && bad == 1, "surrogate: rc %d, at %zu", rc, bad);
    text_norm_reset(&o);
    rc = text_normalize(tt, "\xc0\xaf", 2, 0, &o, NULL); /* NULL bad is allowed */
    CHECK(rc == BLOC_EPARSE, "overlong: rc %d", rc);
    text_norm_free(&o);
    /* lossy: each bad byte one U+FFFD, mapped to it; the rest as usual */
    norm_is(__LINE__,
            "ab\xff"
            "Cd",
            5, 1,
            "ab\xef\xbf\xbd"
            "cd",
            (const uint32_t[]){0, 1, 2, 2, 2, 3, 4, 5});
    norm_is(__LINE__,
            "\xd0\xd0"
            "A",
            3, 1,
            "\xef\xbf\xbd\xef\xbf\xbd"
            "a",
            (const uint32_t[]){0, 0, 0, 1, 1, 1, 2, 3});
    norm_is(__LINE__, "Бел\xd0", 7, 1, "бел\xef\xbf\xbd",
            (const uint32_t[]){0, 0, 2, 2, 4, 4, 6, 6, 6, 7});
    /* only n bytes are read */
    norm_is(__LINE__, "abc\xff", 3, 0, "abc", (const uint32_t[]){0, 1, 2, 3});
    /* a NUL byte is a character like another (files with one are refused before) */
    text_norm z = {0};
    rc = text_normalize(tt, "a\0B", 3, 0, &z, NULL);
    CHECK(rc == BLOC_OK && z.len == 3 && memcmp(z.p, "a\0b", 3) == 0 && z.at[2] == 2 &&
              z.at[3] == 3,
          "NUL: rc %d, %zu bytes", rc, z.len);
    text_norm_free(&z);
}

/* ---- text_char ---- */

static void char_is(int line, const char *p, size_t len, enum text_class want, size_t want_n,
                    enum text_script want_script)
{
    size_t n = 99;
    enum text_script sc = SCRIPT_N;
    enum text_class c = text_char(tt, p, len, &n, &sc);
    CHECK(c == want && n == want_n && sc == want_script,
          "(line %d) \"%.*s\": class %d, %zu bytes, script %d; want %d, %zu, %d", line, (int)len, p,
          c, n, sc, want, want_n, want_script);
    /* the second time (from the cache) the same */
    enum text_class c2 = text_char(tt, p, len, &n, &sc);
    CHECK(c2 == c && n == want_n && sc == want_script, "(line %d) cached: class %d", line, c2);
}

#define CHAR(s, cls, n, script) char_is(__LINE__, (s), sizeof(s) - 1, (cls), (n), (script))

static void test_char(void)
{
    CHAR("a", TEXT_WORD, 1, SCRIPT_LATIN);
    CHAR("Zq", TEXT_WORD, 1, SCRIPT_LATIN); /* one character at a time */
    CHAR("7", TEXT_DIGIT, 1, SCRIPT_NONE);
    CHAR(" ", TEXT_SPACE, 1, SCRIPT_NONE);
    CHAR("\t", TEXT_SPACE, 1, SCRIPT_NONE);
    CHAR("\n", TEXT_SPACE, 1, SCRIPT_NONE);
    CHAR("\r", TEXT_SPACE, 1, SCRIPT_NONE);
    CHAR("\x01", TEXT_SPACE, 1, SCRIPT_NONE); /* a control character separates */
    CHAR(".", TEXT_PUNCT, 1, SCRIPT_NONE);
    CHAR("-", TEXT_PUNCT, 1, SCRIPT_NONE);
    CHAR("'", TEXT_PUNCT, 1, SCRIPT_NONE);
    CHAR("*", TEXT_PUNCT, 1, SCRIPT_NONE);
    CHAR("_", TEXT_PUNCT, 1, SCRIPT_NONE);
    CHAR("\xc3\xa9", TEXT_WORD, 2, SCRIPT_LATIN);         /* é */
    CHAR("\xc8\x9b", TEXT_WORD, 2, SCRIPT_LATIN);         /* ț */
    CHAR("\xe1\xba\xbf", TEXT_WORD, 3, SCRIPT_LATIN);     /* ế */
    CHAR("\xd0\xb1", TEXT_WORD, 2, SCRIPT_CYRILLIC);      /* б */
    CHAR("\xd0\x81", TEXT_WORD, 2, SCRIPT_CYRILLIC);      /* Ё */
    CHAR("\xd8\xa7", TEXT_WORD, 2, SCRIPT_ARABIC);        /* ا */
    CHAR("\xd9\x8e", TEXT_WORD, 2, SCRIPT_ARABIC);        /* fatha, a mark */
    CHAR("\xd8\x8c", TEXT_PUNCT, 2, SCRIPT_NONE);         /* Arabic comma */
    CHAR("\xd9\xa4", TEXT_DIGIT, 2, SCRIPT_NONE);         /* ٤ */
    CHAR("\xef\xbb\xbb", TEXT_WORD, 3, SCRIPT_ARABIC);    /* a presentation form */
    CHAR("\xe0\xa6\x95", TEXT_WORD, 3, SCRIPT_BENGALI);   /* ক */
    CHAR("\xe0\xa6\xbe", TEXT_WORD, 3, SCRIPT_BENGALI);   /* া, a spacing mark */
    CHAR("\xe0\xa7\x8d", TEXT_WORD, 3, SCRIPT_BENGALI);   /* virama */
    CHAR("\xe0\xa6\xbc", TEXT_WORD, 3, SCRIPT_BENGALI);   /* nukta */
    CHAR("\xe0\xa7\xaa", TEXT_DIGIT, 3, SCRIPT_NONE);     /* ৪ */
    CHAR("\xe0\xa5\xa4", TEXT_PUNCT, 3, SCRIPT_NONE);     /* ।, the danda */
    CHAR("\xce\xb1", TEXT_WORD, 2, SCRIPT_OTHER);         /* α */
    CHAR("\xe5\x8c\x97", TEXT_WORD, 3, SCRIPT_OTHER);     /* 北 */
    CHAR("\xc2\xa0", TEXT_SPACE, 2, SCRIPT_NONE);         /* no-break space */
    CHAR("\xe2\x80\x83", TEXT_SPACE, 3, SCRIPT_NONE);     /* em space */
    CHAR("\xe2\x80\x9c", TEXT_PUNCT, 3, SCRIPT_NONE);     /* “ */
    CHAR("\xf0\x9f\x98\x80", TEXT_PUNCT, 4, SCRIPT_NONE); /* an emoji, past the BMP */
    CHAR("\xf0\x90\x90\x80", TEXT_WORD, 4, SCRIPT_OTHER); /* a letter past the BMP */
    CHAR("\xef\xbf\xbd", TEXT_PUNCT, 3, SCRIPT_NONE);     /* U+FFFD */
    /* a bad byte is one byte of punctuation; only len bytes are read */
    CHAR("\xff", TEXT_PUNCT, 1, SCRIPT_NONE);
    CHAR("\x80", TEXT_PUNCT, 1, SCRIPT_NONE);
    char_is(__LINE__, "\xd0\xb1", 1, TEXT_PUNCT, 1, SCRIPT_NONE);
    char_is(__LINE__, "\xe0\xa6\x95", 2, TEXT_PUNCT, 1, SCRIPT_NONE);
}

int main(void)
{
    test_case();
    test_invisible();
    test_normal_forms();
    test_space();
    test_invalid();
    test_valid_utf8();
    tt = text_table_new();
    CHECK(tt != NULL, "text_table_new");
    if (tt) {
        test_normalize_offsets();
        test_normalize_folds();
        test_normalize_invalid();
        test_char();
    }
    text_table_free(tt);
    text_table_free(NULL);
    return CHECK_DONE("unicode");
}
