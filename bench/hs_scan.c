/*
 * bench/hs_scan.c - the Hyperscan baseline of the extraction benchmark
 * (issue #4, bench/README.md): the gazetteer's patterns compiled as literals
 * (hs_compile_lit_multi, every match reported: no HS_FLAG_SINGLEMATCH) and
 * the corpus scanned in stream mode, 1 MiB at a time, counting matches.
 *
 *   hs_scan GAZETTEER CORPUS
 *
 * GAZETTEER has one literal a line (bench/extract_corpus.py gazetteer). Prints
 * one line of key=value pairs: patterns, compile seconds, bytes, matches, and
 * the scan's wall and CPU seconds (user + system, getrusage) and peak RSS.
 * Hyperscan reports every match of every pattern, overlapping ones included
 * ("Armenia" inside "Republic of Armenia"), so it counts more than grep -o,
 * which reports the leftmost-longest matches that do not overlap.
 */
#include <hs/hs.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

#include "common.h"

#define BLOCK (1024 * 1024)

static int on_match(unsigned int id, unsigned long long from, unsigned long long to,
                    unsigned int flags, void *ctx)
{
    (void)id;
    (void)from;
    (void)to;
    (void)flags;
    ++*(unsigned long long *)ctx;
    return 0;
}

int main(int argc, char **argv)
{
    if (argc != 3) {
        fprintf(stderr, "usage: hs_scan GAZETTEER CORPUS\n");
        return 2;
    }
    FILE *g = fopen(argv[1], "r");
    if (!g) {
        perror(argv[1]);
        return 1;
    }
    char **pats = NULL;
    size_t *lens = NULL;
    unsigned *flags = NULL, *ids = NULL;
    size_t n = 0, cap = 0;
    char *line = NULL;
    size_t lcap = 0;
    ssize_t got;
    while ((got = getline(&line, &lcap, g)) > 0) {
        while (got && (line[got - 1] == '\n' || line[got - 1] == '\r'))
            got--;
        if (!got)
            continue;
        if (n == cap) {
            cap = cap ? cap * 2 : 1024;
            pats = realloc(pats, cap * sizeof *pats);
            lens = realloc(lens, cap * sizeof *lens);
            flags = realloc(flags, cap * sizeof *flags);
            ids = realloc(ids, cap * sizeof *ids);
            if (!pats || !lens || !flags || !ids) {
                fprintf(stderr, "hs_scan: out of memory\n");
                return 1;
            }
        }
        pats[n] = malloc((size_t)got);
        if (!pats[n]) {
            fprintf(stderr, "hs_scan: out of memory\n");
            return 1;
        }
        memcpy(pats[n], line, (size_t)got);
        lens[n] = (size_t)got;
        flags[n] = 0;
        ids[n] = (unsigned)n;
        n++;
    }
    free(line);
    fclose(g);

    double t0 = now_s();
    hs_database_t *db = NULL;
    hs_compile_error_t *err = NULL;
    if (hs_compile_lit_multi((const char *const *)pats, flags, ids, lens, (unsigned)n,
                             HS_MODE_STREAM, NULL, &db, &err) != HS_SUCCESS) {
        fprintf(stderr, "hs_scan: compile: %s (pattern %d)\n", err ? err->message : "?",
                err ? err->expression : -1);
        hs_free_compile_error(err);
        return 1;
    }
    double t1 = now_s();
    hs_scratch_t *scratch = NULL;
    hs_stream_t *st = NULL;
    if (hs_alloc_scratch(db, &scratch) != HS_SUCCESS || hs_open_stream(db, 0, &st) != HS_SUCCESS) {
        fprintf(stderr, "hs_scan: scratch or stream\n");
        return 1;
    }
    FILE *f = fopen(argv[2], "rb");
    char *buf = malloc(BLOCK);
    if (!f || !buf) {
        perror(argv[2]);
        return 1;
    }
    unsigned long long matches = 0, bytes = 0;
    double w0 = now_s(), c0 = cpu_s();
    size_t k;
    while ((k = fread(buf, 1, BLOCK, f)) > 0) {
        if (hs_scan_stream(st, buf, (unsigned)k, 0, scratch, on_match, &matches) != HS_SUCCESS) {
            fprintf(stderr, "hs_scan: scan failed\n");
            return 1;
        }
        bytes += k;
    }
    hs_close_stream(st, scratch, on_match, &matches);
    double w1 = now_s(), c1 = cpu_s();
    struct rusage u;
    getrusage(RUSAGE_SELF, &u);
    printf(
        "patterns=%zu compile=%.4f bytes=%llu matches=%llu wall=%.4f cpu=%.4f rss_peak_kib=%ld\n",
        n, t1 - t0, bytes, matches, w1 - w0, c1 - c0, u.ru_maxrss);
    fclose(f);
    free(buf);
    hs_free_scratch(scratch);
    hs_free_database(db);
    for (size_t i = 0; i < n; i++)
        free(pats[i]);
    free(pats);
    free(lens);
    free(flags);
    free(ids);
    return 0;
}
