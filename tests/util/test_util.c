/*
 * tests/util/test_util.c - unit test of the capped buffers and helpers
 * (src/util/buf.c) and of string interning (src/util/intern.c).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "bloc/bloc.h"
#include "check.h"
#include "util/buf.h"
#include "util/intern.h"

static void test_buf_basic(void)
{
    buf b;
    buf_init(&b, 1024);
    CHECK(b.len == 0 && b.p == NULL, "a new buffer is not empty");
    CHECK(buf_puts(&b, "hello") == BLOC_OK, "puts");
    CHECK(buf_putc(&b, ',') == BLOC_OK, "putc");
    CHECK(buf_add(&b, " world!!!", 6) == BLOC_OK, "add");
    CHECK(b.len == 12, "len %zu, want 12", b.len);
    CHECK_STR(b.p, "hello, world");
    CHECK(buf_add(&b, "", 0) == BLOC_OK && b.len == 12, "adding nothing changed the buffer");
    /* Bytes, including NUL, are kept as given. */
    CHECK(buf_add(&b, "a\0b", 3) == BLOC_OK && b.len == 15 && memcmp(b.p + 12, "a\0b", 3) == 0,
          "embedded NUL not kept");
    CHECK(b.p[b.len] == '\0', "not NUL-terminated");
    buf_reset(&b);
    CHECK(b.len == 0 && b.p && b.p[0] == '\0', "reset did not empty the buffer");
    CHECK(buf_printf(&b, "%d-%s-%c", 42, "x", 'y') == BLOC_OK, "printf");
    CHECK_STR(b.p, "42-x-y");
    char *s = buf_steal(&b);
    CHECK_STR(s, "42-x-y");
    CHECK(b.p == NULL && b.len == 0, "steal did not empty the buffer");
    free(s);
    /* Stealing an empty buffer gives "", not NULL. */
    s = buf_steal(&b);
    CHECK(s && s[0] == '\0', "steal of an empty buffer");
    free(s);
    buf_free(&b);
    buf_free(&b); /* twice is harmless */
}

static void test_buf_caps(void)
{
    buf b;
    buf_init(&b, 10);
    CHECK(buf_puts(&b, "0123456") == BLOC_OK, "7 of 10");
    CHECK(buf_puts(&b, "7890") == BLOC_ELIMIT, "11 of 10 accepted");
    CHECK(b.len == 7 && strcmp(b.p, "0123456") == 0, "a refused add changed the buffer: \"%s\" %zu",
          b.p, b.len);
    CHECK(buf_puts(&b, "789") == BLOC_OK, "exactly 10 of 10 refused");
    CHECK(b.len == 10 && strcmp(b.p, "0123456789") == 0, "full buffer \"%s\"", b.p);
    CHECK(buf_putc(&b, 'x') == BLOC_ELIMIT, "a byte past a full buffer accepted");
    CHECK(buf_add(&b, "", 0) == BLOC_OK, "adding nothing to a full buffer refused");
    CHECK(buf_printf(&b, "%s", "y") == BLOC_ELIMIT, "printf past the cap accepted");
    CHECK(b.len == 10 && strcmp(b.p, "0123456789") == 0, "refused adds changed the buffer: \"%s\"",
          b.p);
    /* A huge n does not wrap around the check. */
    CHECK(buf_add(&b, "z", SIZE_MAX) == BLOC_ELIMIT, "SIZE_MAX bytes accepted");
    CHECK(b.len == 10, "len changed to %zu", b.len);
    buf_free(&b);

    /* A zero cap takes nothing. */
    buf_init(&b, 0);
    CHECK(buf_putc(&b, 'a') == BLOC_ELIMIT, "zero cap took a byte");
    CHECK(b.len == 0, "zero cap: len %zu", b.len);
    buf_free(&b);

    /* Growth keeps earlier content (many reallocations). */
    buf_init(&b, 1 << 20);
    int ok = 1;
    for (int i = 0; i < 10000; i++)
        ok &= buf_printf(&b, "%04d,", i % 10000) == BLOC_OK;
    CHECK(ok && b.len == 50000, "10000 printfs: len %zu", b.len);
    CHECK(b.p && strncmp(b.p, "0000,0001,0002,", 15) == 0, "start lost after growth");
    CHECK(b.p && strcmp(b.p + b.len - 5, "9999,") == 0, "end wrong after growth");
    buf_free(&b);
}

static void test_buf_printf_long(void)
{
    buf b;
    char *big = malloc(100001);
    if (!big) {
        CHECK(0, "out of memory");
        return;
    }
    for (int i = 0; i < 100000; i++)
        big[i] = (char)('a' + i % 26);
    big[100000] = '\0';
    buf_init(&b, 1 << 20);
    CHECK(buf_puts(&b, "<") == BLOC_OK, "puts");
    /* Longer than any internal small buffer: 255, 256, 257 and 100000 bytes. */
    static const int lens[] = {255, 256, 257, 1000, 100000};
    size_t expect = 1;
    for (size_t k = 0; k < sizeof lens / sizeof *lens; k++) {
        int rc = buf_printf(&b, "[%.*s]", lens[k], big);
        expect += (size_t)lens[k] + 2;
        CHECK(rc == BLOC_OK, "printf of %d bytes: rc %d", lens[k], rc);
        CHECK(b.len == expect, "printf of %d bytes: len %zu, want %zu", lens[k], b.len, expect);
        CHECK(b.p[b.len - 1] == ']' && b.p[b.len - 2] == big[lens[k] - 1],
              "printf of %d bytes: wrong tail", lens[k]);
    }
    CHECK(b.p[0] == '<' && b.p[1] == '[' && memcmp(b.p + 2, big, 255) == 0,
          "printf: wrong content");
    buf_free(&b);

    /* A long printf past the cap is refused whole. */
    buf_init(&b, 1000);
    CHECK(buf_puts(&b, "keep") == BLOC_OK, "puts");
    CHECK(buf_printf(&b, "%s", big) == BLOC_ELIMIT, "100000-byte printf into a 1000 cap accepted");
    CHECK(b.len == 4 && strcmp(b.p, "keep") == 0, "refused long printf changed the buffer");
    CHECK(buf_printf(&b, "%.996s", big) == BLOC_OK && b.len == 1000, "printf up to the cap");
    buf_free(&b);
    free(big);
}

static void test_helpers(void)
{
    char small[8];
    const char *sp = small;
    fmt_into(small, sizeof small, "%s", "0123456789");
    CHECK_STR(sp, "0123456");
    fmt_into(small, sizeof small, "%d", 7);
    CHECK_STR(sp, "7");

    char *d = xstrdup("copy me");
    CHECK_STR(d, "copy me");
    free(d);
    CHECK(xstrdup(NULL) == NULL, "xstrdup(NULL) is not NULL");

    int *arr = NULL;
    size_t cap = 0;
    CHECK(grow((void **)&arr, &cap, 3, sizeof *arr) == BLOC_OK && arr && cap >= 3, "grow to 3");
    size_t had = cap;
    CHECK(grow((void **)&arr, &cap, 2, sizeof *arr) == BLOC_OK && cap == had, "grow smaller");
    CHECK(grow((void **)&arr, &cap, 1000, sizeof *arr) == BLOC_OK && cap >= 1000, "grow to 1000");
    for (int i = 0; i < 1000; i++)
        arr[i] = i;
    CHECK(arr[999] == 999, "grown array");
    CHECK(grow((void **)&arr, &cap, SIZE_MAX / 2, sizeof *arr) == BLOC_ENOMEM,
          "grow past the address space did not fail");
    CHECK(cap >= 1000 && arr[999] == 999, "failed grow damaged the array");
    free(arr);

    /* read_file: contents, the cap, a missing file. */
    char path[] = "/tmp/bloc-test-util-XXXXXX";
    int fd = mkstemp(path);
    CHECK(fd >= 0, "mkstemp");
    if (fd < 0)
        return;
    const char text[] = "{\"a\": 1}\n";
    CHECK(write(fd, text, sizeof text - 1) == (ssize_t)(sizeof text - 1), "write");
    close(fd);
    char *out = NULL, err[256] = "";
    size_t len = 0;
    CHECK(read_file(path, 1024, &out, &len, err, sizeof err) == BLOC_OK, "read_file: %s", err);
    CHECK(out && len == sizeof text - 1 && strcmp(out, text) == 0, "read_file contents");
    free(out);
    out = NULL;
    CHECK(read_file(path, 4, &out, &len, err, sizeof err) == BLOC_ELIMIT,
          "read_file past its cap not refused");
    CHECK(strstr(err, path) != NULL, "read_file cap message \"%s\" does not name the file", err);
    unlink(path);
    CHECK(read_file(path, 1024, &out, &len, err, sizeof err) == BLOC_EIO,
          "read_file of a missing file");
    CHECK(strstr(err, path) != NULL, "read_file message \"%s\" does not name the file", err);
}

static void test_intern(void)
{
    intern t;
    int rc = BLOC_OK;
    intern_init(&t);
    CHECK(intern_find(&t, "CSTO") == 0, "find in an empty table");
    CHECK(intern_str(&t, 1) == NULL, "str in an empty table");
    sym a = intern_add(&t, "CSTO", &rc);
    sym b = intern_add(&t, "NATO", &rc);
    sym a2 = intern_add(&t, "CSTO", &rc);
    CHECK(rc == BLOC_OK, "rc %d", rc);
    CHECK(a != 0 && b != 0, "syms %u %u", a, b);
    CHECK(a == a2, "the same string got syms %u and %u", a, a2);
    CHECK(a != b, "distinct strings share sym %u", a);
    CHECK(intern_find(&t, "CSTO") == a && intern_find(&t, "NATO") == b, "find");
    CHECK(intern_find(&t, "csto") == 0, "find is not case-sensitive");
    CHECK(intern_find(&t, "CST") == 0 && intern_find(&t, "CSTOX") == 0, "find of a near string");
    CHECK(intern_find(&t, NULL) == 0, "find(NULL)");
    CHECK(intern_add(&t, NULL, &rc) == 0 && rc == BLOC_OK, "add(NULL)");
    CHECK_STR(intern_str(&t, a), "CSTO");
    CHECK_STR(intern_str(&t, b), "NATO");
    CHECK(intern_str(&t, 0) == NULL, "str(0)");
    CHECK(intern_str(&t, 9999) == NULL, "str of an unused sym");
    /* The empty string is a string; a string with non-ASCII bytes too. */
    sym e = intern_add(&t, "", &rc);
    sym u = intern_add(&t, "ОДКБ", &rc);
    CHECK(e != 0 && e != a && e != b, "empty string sym %u", e);
    CHECK(u != 0 && u != e && intern_find(&t, "ОДКБ") == u, "UTF-8 string");
    CHECK_STR(intern_str(&t, e), "");
    intern_free(&t);

    /* 100k strings survive rehashing; syms are dense; absent strings are not found. */
    enum { N = 100000 };
    sym *syms = malloc(N * sizeof *syms);
    if (!syms) {
        CHECK(0, "out of memory");
        return;
    }
    intern_init(&t);
    char s[32];
    int ok = 1, dense = 1;
    for (int i = 0; i < N; i++) {
        snprintf(s, sizeof s, "actor-%d", i);
        syms[i] = intern_add(&t, s, &rc);
        ok &= syms[i] != 0;
        if (i > 0)
            dense &= syms[i] == syms[i - 1] + 1;
    }
    CHECK(ok && rc == BLOC_OK, "adding 100000 strings failed (rc %d)", rc);
    CHECK(dense, "syms are not dense");
    int found = 1, same = 1, strs = 1;
    for (int i = 0; i < N; i++) {
        snprintf(s, sizeof s, "actor-%d", i);
        found &= intern_find(&t, s) == syms[i];
        same &= intern_add(&t, s, &rc) == syms[i];
        const char *back = intern_str(&t, syms[i]);
        strs &= back && strcmp(back, s) == 0;
    }
    CHECK(found, "a string was lost or moved after rehashing");
    CHECK(same, "re-adding a string gave a new sym");
    CHECK(strs, "intern_str gives a wrong string after growth");
    CHECK(t.nsym == (size_t)N + 1, "nsym %zu, want %d (adding again added)", t.nsym, N + 1);
    int absent = 1;
    for (int i = N; i < N + 1000; i++) {
        snprintf(s, sizeof s, "actor-%d", i);
        absent &= intern_find(&t, s) == 0;
    }
    CHECK(absent, "intern_find found a string never added");
    CHECK(intern_find(&t, "nope") == 0 && intern_find(&t, "") == 0, "find of absent strings");
    intern_free(&t);
    free(syms);
}

int main(void)
{
    test_buf_basic();
    test_buf_caps();
    test_buf_printf_long();
    test_helpers();
    test_intern();
    return CHECK_DONE("util");
}
