/*
 * bench/extract_bench.c - the driver of the extraction benchmark (issue #4,
 * bench/README.md, docs/BENCHMARKS.md "Extraction"): bloc's extractor over a
 * list of news files, end to end (each file checked, read, normalized,
 * matched, its events written as JSON lines), on one thread.
 *
 *   extract_bench names DB              every name bloc's extractor adds to its
 *                                       matchers from the record, as TSV:
 *                                       code, type, lang, name, rank (0: the
 *                                       name the record displays)
 *   extract_bench run DB LIST [OUT]     extract every file named in LIST (one
 *                                       path a line); OUT (optional) gets the
 *                                       JSON lines, else they are counted only
 *
 * `run` opens DB once (created with the bundled record if it is not there),
 * makes one extractor (publication date 2024-01-01, languages told per
 * paragraph), and calls bloc_extract_file on each file in turn, counting the
 * events (lines) and bytes it writes. It prints one line of key=value pairs:
 * files, input bytes, events, output bytes; the setup (open + extractor) and
 * the extraction apart, each as wall and CPU seconds (getrusage, user +
 * system); peak RSS (ru_maxrss) after the setup and at the end; and per
 * language (the file name's "-xxx.txt" ending, as bench/extract_corpus.py
 * names them) bytes and wall seconds.
 *
 * `names` walks the model exactly as src/extract/extract.c's
 * add_record_names does: every live FACT_NAME (and an organization's code as
 * a name), and a person's last word when it is 5 bytes or more, so the
 * benchmark's gazetteer and corpus use the names bloc matches.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

#include "common.h"

#include "bloc/bloc.h"
#include "db/db.h"
#include "model/model.h"

static long peak_kib(void)
{
    struct rusage u;
    getrusage(RUSAGE_SELF, &u);
    return u.ru_maxrss;
}

static int open_db(const char *path, bloc_db **db)
{
    int rc = bloc_open(path, 0, db);
    if (rc) {
        fprintf(stderr, "extract_bench: %s: %s\n", path,
                *db ? bloc_errmsg(*db) : bloc_strerror(rc));
        bloc_close(*db);
        return 1;
    }
    return 0;
}

static void put_field(const char *s)
{
    for (; *s; s++)
        putchar(*s == '\t' || *s == '\n' ? ' ' : *s);
}

static int cmd_names(const char *path)
{
    bloc_db *db;
    if (open_db(path, &db))
        return 1;
    const model *m = &db->m;
    for (size_t i = 0; i < m->nfacts; i++) {
        const mfact *f = &m->facts[i];
        if (f->dead || (f->kind != FACT_NAME && f->kind != FACT_ACTOR))
            continue;
        const char *code = model_str(m, f->s[0]);
        const actor *a = model_actor(m, f->s[0]);
        sym type = a ? model_actor_type(m, a) : 0;
        const char *name = f->kind == FACT_NAME ? model_str(m, f->s[2]) : code;
        const char *lang = f->kind == FACT_NAME ? model_str(m, f->s[1]) : "code";
        long long rank = f->kind == FACT_NAME ? (long long)f->num : 0;
        if (f->kind == FACT_ACTOR && (!a || type != m->k_org))
            continue;
        const char *tname = type ? model_str(m, type) : "other";
        printf("%s\t%s\t%s\t", code, tname, lang);
        put_field(name);
        printf("\t%lld\n", rank);
        const char *sp = type == m->k_person ? strrchr(name, ' ') : NULL;
        if (sp && strlen(sp + 1) >= 5) {
            printf("%s\t%s\t%s\t", code, "person-last", lang);
            put_field(sp + 1);
            printf("\t%lld\n", rank);
        }
    }
    bloc_close(db);
    return ferror(stdout) ? 1 : 0;
}

typedef struct sink {
    FILE *out;
    uint64_t events, bytes;
} sink;

static int on_write(void *ud, const char *data, size_t len)
{
    sink *s = ud;
    for (size_t i = 0; i < len; i++)
        s->events += data[i] == '\n';
    s->bytes += len;
    if (s->out && fwrite(data, 1, len, s->out) != len)
        return BLOC_EIO;
    return 0;
}

#define NLANG 8

static int cmd_run(const char *dbpath, const char *listpath, const char *outpath)
{
    FILE *list = fopen(listpath, "r");
    if (!list) {
        perror(listpath);
        return 1;
    }
    sink s = {0};
    if (outpath && !(s.out = fopen(outpath, "w"))) {
        perror(outpath);
        fclose(list);
        return 1;
    }
    double w0 = now_s(), c0 = cpu_s();
    bloc_db *db;
    if (open_db(dbpath, &db)) {
        fclose(list);
        return 1;
    }
    bloc_extract_opts o = {.date = "2024-01-01"};
    bloc_extractor *x;
    int rc = bloc_extractor_new(db, &o, &x);
    if (rc) {
        fprintf(stderr, "extract_bench: extractor: %s\n", bloc_errmsg(db));
        bloc_close(db);
        fclose(list);
        return 1;
    }
    double w1 = now_s(), c1 = cpu_s();
    long rss_setup = peak_kib();

    char lang[NLANG][4] = {{0}};
    double lang_s[NLANG] = {0};
    uint64_t lang_b[NLANG] = {0}, bytes = 0, files = 0, failed = 0;
    char line[4096];
    while (fgets(line, sizeof line, list)) {
        size_t n = strcspn(line, "\r\n");
        line[n] = '\0';
        if (!n)
            continue;
        FILE *f = fopen(line, "rb");
        long size = 0;
        if (f && fseek(f, 0, SEEK_END) == 0)
            size = ftell(f);
        if (f)
            fclose(f);
        double t0 = now_s();
        rc = bloc_extract_file(x, line, on_write, &s);
        double t1 = now_s();
        if (rc) {
            fprintf(stderr, "extract_bench: %s: %s\n", line, bloc_errmsg(db));
            failed++;
            continue;
        }
        files++;
        bytes += (uint64_t)size;
        /* the language: "...-eng.txt" */
        const char *dot = strrchr(line, '.');
        if (dot && dot - line >= 4 && dot[-4] == '-') {
            size_t l = 0;
            while (l < NLANG && lang[l][0] && memcmp(lang[l], dot - 3, 3) != 0)
                l++;
            if (l < NLANG) {
                memcpy(lang[l], dot - 3, 3);
                lang_b[l] += (uint64_t)size;
                lang_s[l] += t1 - t0;
            }
        }
    }
    double w2 = now_s(), c2 = cpu_s();
    long rss_end = peak_kib();
    bloc_extractor_free(x);
    bloc_close(db);
    fclose(list);
    if (s.out && fclose(s.out) != 0) {
        perror(outpath);
        return 1;
    }
    printf("files=%llu failed=%llu bytes=%llu events=%llu out_bytes=%llu setup_wall=%.4f "
           "setup_cpu=%.4f wall=%.4f cpu=%.4f rss_setup_kib=%ld rss_peak_kib=%ld",
           (unsigned long long)files, (unsigned long long)failed, (unsigned long long)bytes,
           (unsigned long long)s.events, (unsigned long long)s.bytes, w1 - w0, c1 - c0, w2 - w1,
           c2 - c1, rss_setup, rss_end);
    for (size_t l = 0; l < NLANG && lang[l][0]; l++)
        printf(" bytes_%s=%llu wall_%s=%.4f", lang[l], (unsigned long long)lang_b[l], lang[l],
               lang_s[l]);
    putchar('\n');
    return failed ? 1 : 0;
}

int main(int argc, char **argv)
{
    if (argc == 3 && strcmp(argv[1], "names") == 0)
        return cmd_names(argv[2]);
    if ((argc == 4 || argc == 5) && strcmp(argv[1], "run") == 0)
        return cmd_run(argv[2], argv[3], argc == 5 ? argv[4] : NULL);
    fprintf(stderr, "usage: extract_bench names DB\n"
                    "       extract_bench run DB LIST [OUT]\n");
    return 2;
}
