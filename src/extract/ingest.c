/*
 * extract/ingest.c - `bloc ingest`: the events read from news articles,
 * appended to the log as claims of those articles.
 *
 * Each article becomes a source (id "news:" and the first 16 hex digits of
 * the BLAKE2b digest of its bytes; its first line as the title; its file name,
 * date and language) and each event it yields a CLAIM fact citing it. Claims
 * are kept apart from the curated record: no answer about members, appeals or
 * cohesion reads them, and none replaces a curated fact. The same article
 * ingested again gives the same facts, which the log already holds: nothing
 * is added. All the files go in one transaction, after every one of them has
 * been checked and read: a bad file and nothing is appended.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db/db.h"
#include "extract/extract.h"
#include "json/json.h"
#include "record/chain.h"
#include "text/unicode.h"
#include "report/report.h"
#include "util/buf.h"

#define TITLE_MAX 200

typedef struct strs {
    char **v;
    size_t n, cap;
} strs;

static char *keep(strs *s, char *p)
{
    if (!p || grow((void **)&s->v, &s->cap, s->n + 1, sizeof *s->v)) {
        free(p);
        return NULL;
    }
    s->v[s->n++] = p;
    return p;
}

static void strs_free(strs *s)
{
    for (size_t i = 0; i < s->n; i++)
        free(s->v[i]);
    free(s->v);
    memset(s, 0, sizeof *s);
}

static int collect(void *ud, const char *data, size_t len)
{
    strs *s = ud;
    char *line = malloc(len + 1);
    if (!line)
        return BLOC_ENOMEM;
    memcpy(line, data, len);
    line[len && data[len - 1] == '\n' ? len - 1 : len] = '\0';
    return keep(s, line) ? BLOC_OK : BLOC_ENOMEM;
}

/* The digest of the file's bytes, and its first non-empty line (trimmed,
 * capped at a character boundary) as its title. */
static int read_identity(const char *path, char hex[33], char **title, char *err, size_t errlen)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        fmt_into(err, errlen, "%s: cannot open", path);
        return BLOC_EIO;
    }
    chain_stream *cs = chain_stream_new();
    char *b = malloc(64 * 1024);
    buf t;
    buf_init(&t, TITLE_MAX);
    int rc = cs && b ? BLOC_OK : BLOC_ENOMEM, titled = 0;
    size_t got;
    while (!rc && (got = fread(b, 1, 64 * 1024, f)) > 0) {
        chain_stream_add(cs, b, got);
        for (size_t i = 0; !titled && i < got; i++) {
            unsigned char c = (unsigned char)b[i];
            if (c == '\n' && t.len)
                titled = 1;
            else if (c == '\r' || c == '\n' || c == '\t' || (c == ' ' && !t.len))
                continue;
            else if (t.len + 4 > TITLE_MAX && c >= 0xC0) /* no room for a whole character */
                titled = 1;
            else if (buf_putc(&t, (char)c))
                titled = 1;
        }
    }
    if (!rc && ferror(f)) {
        fmt_into(err, errlen, "%s: read error", path);
        rc = BLOC_EIO;
    }
    uint8_t d[CHAIN_HASH_BYTES];
    if (cs)
        chain_stream_end(cs, d);
    if (!rc)
        chain_hex(d, 8, hex); /* 16 hex digits */
    while (t.len && t.p[t.len - 1] == ' ')
        t.p[--t.len] = '\0';
    *title = rc ? NULL : text_sanitize(t.p ? t.p : "", t.len); /* --lossy: bad bytes too */
    buf_free(&t);
    free(b);
    fclose(f);
    return rc;
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* The codes of a JSON array, sorted and comma-joined (as the record keeps an
 * event's parties), or NULL when none. */
static char *joined(const jv *arr)
{
    const char *v[X_MAXCODES];
    size_t n = 0;
    for (size_t i = 0; i < jv_len(arr) && n < X_MAXCODES; i++)
        if (jv_str(jv_at(arr, i)))
            v[n++] = jv_str(jv_at(arr, i));
    if (!n)
        return NULL;
    qsort(v, n, sizeof *v, cmp_str);
    buf b;
    buf_init(&b, 4096);
    int rc = BLOC_OK;
    for (size_t i = 0; !rc && i < n; i++)
        rc = buf_printf(&b, "%s%s", i ? "," : "", v[i]);
    char *s = rc ? NULL : buf_steal(&b);
    buf_free(&b);
    return s;
}

/* The facts of one article: its source, then a claim per event line. */
static int article_facts(bloc_extractor *x, const char *path, const strs *lines, strs *keepers,
                         fact **facts, size_t *nf, size_t *capf)
{
    char hex[33], err[256], *title;
    int rc = read_identity(path, hex, &title, err, sizeof err);
    if (rc)
        return db_err(bloc_extractor_db(x), rc, "%s", err);
    keep(keepers, title);
    char *src = malloc(64);
    if (!title || !keep(keepers, src))
        return db_err(bloc_extractor_db(x), BLOC_ENOMEM, "out of memory");
    fmt_into(src, 64, "news:%s", hex);
    const char *base = strrchr(path, '/') ? strrchr(path, '/') + 1 : path;
    const char *lang = bloc_extractor_lang(x);
    if (grow((void **)facts, capf, *nf + 1, sizeof **facts))
        return db_err(bloc_extractor_db(x), BLOC_ENOMEM, "out of memory");
    (*facts)[(*nf)++] = (fact){.kind = FACT_SOURCE,
                               .s = {src, "article", NULL, *title ? title : base, base},
                               .from = bloc_extractor_date(x),
                               .note = lang};
    for (size_t i = 0; i < lines->n; i++) {
        jv *o = jv_parse(lines->v[i], strlen(lines->v[i]), err, sizeof err, NULL, NULL);
        if (!o)
            return db_err(bloc_extractor_db(x), BLOC_ENOMEM, "out of memory");
        char *id = malloc(80), *act = joined(jv_get(o, "actor")),
             *rec = joined(jv_get(o, "recipient")),
             *type = xstrdup(jv_str(jv_get(o, "event_type"))),
             *mode = xstrdup(jv_str(jv_get(o, "mode")));
        bloc_date d = 0;
        const char *ds = jv_str(jv_get(o, "date"));
        if (ds)
            bloc_date_parse(ds, &d, NULL, 0);
        double conf = jv_number(jv_get(o, "confidence"));
        jv_free(o);
        keep(keepers, act);
        keep(keepers, rec);
        keep(keepers, mode);
        if (!keep(keepers, id) || !keep(keepers, type) ||
            grow((void **)facts, capf, *nf + 1, sizeof **facts))
            return db_err(bloc_extractor_db(x), BLOC_ENOMEM, "out of memory");
        fmt_into(id, 80, "claim:%s:%zu", hex, i + 1);
        (*facts)[(*nf)++] = (fact){.kind = FACT_CLAIM,
                                   .s = {id, type, mode, act, rec},
                                   .from = d,
                                   .num = (int64_t)(conf * 100 + 0.5),
                                   .note = lines->v[i],
                                   .src = src};
    }
    return BLOC_OK;
}

int bloc_ingest(bloc_extractor *x, const char *const *paths, size_t n, bloc_load_stats *st)
{
    bloc_db *db = bloc_extractor_db(x);
    char err[512];
    strs keepers = {0};
    strs *lines = calloc(n ? n : 1, sizeof *lines);
    fact *facts = NULL;
    size_t nf = 0, capf = 0, appended = 0, skipped = 0;
    int rc = lines ? BLOC_OK : db_err(db, BLOC_ENOMEM, "out of memory");
    for (size_t i = 0; !rc && i < n; i++) /* every file is text before any is read */
        if ((rc = reader_check(paths[i], bloc_extractor_lossy(x), err, sizeof err)))
            rc = db_err(db, rc, "%s", err);
    for (size_t i = 0; !rc && i < n; i++) {
        rc = bloc_extract_file(x, paths[i], collect, &lines[i]);
        if (!rc)
            rc = article_facts(x, paths[i], &lines[i], &keepers, &facts, &nf, &capf);
    }
    if (!rc)
        rc = db_append(db, facts, nf, &appended, &skipped);
    if (st) {
        st->files = rc ? 0 : n;
        st->facts = rc ? 0 : nf;
        st->appended = appended;
        st->skipped = skipped;
    }
    for (size_t i = 0; lines && i < n; i++)
        strs_free(&lines[i]);
    free(lines);
    strs_free(&keepers);
    free(facts);
    return rc;
}

/* ---- bloc claims ---- */

static int claims_text(const model *m, const jv *doc, buf *t)
{
    cites c = {0};
    const jv *cl = jv_get(doc, "claims");
    int rc =
        buf_printf(t, "Claims read from news: %zu (apart from the curated record)\n", jv_len(cl));
    for (size_t i = 0; !rc && i < jv_len(cl); i++) {
        const jv *x = jv_at(cl, i), *ev = jv_get(x, "event");
        rc = buf_printf(t, "\n%-10s %-9s %s -> %s  (confidence %.2f) [%zu]\n  %s\n",
                        report_s(x, "date", "undated"), report_s(x, "event_type", ""),
                        report_s(x, "actors", ""), report_s(x, "recipients", ""),
                        jv_number(jv_get(ev, "confidence")),
                        report_cite(&c, report_s(x, "source", "")), report_s(x, "id", ""));
        if (!rc && jv_str(jv_get(ev, "sentence")))
            rc = buf_printf(t, "  \"%s\"\n", jv_str(jv_get(ev, "sentence")));
    }
    if (!rc)
        rc = report_footnotes(m, &c, t);
    free(c.v);
    return rc;
}

int bloc_claims(bloc_db *db, const char *source, bloc_format fmt, char **out)
{
    const model *m = &db->m;
    if (!db->modelled)
        return db_err(db, BLOC_EINVAL, "the model of this database is not complete: reopen it");
    sym want = source ? intern_find(&m->syms, source) : 0;
    if (source && (!want || !model_source(m, want)))
        return db_err(db, BLOC_ENOTFOUND, "unknown source \"%s\"", source);
    jv *doc = jv_object(), *arr = jv_array();
    int bad = !doc || !arr;
    for (size_t i = 0; !bad && i < m->claims.n; i++) {
        const mfact *f = &m->facts[m->claims.v[i]];
        if (f->dead || (want && f->src != want))
            continue;
        const char *note = model_note(m, f);
        jv *o = jv_object(), *ev = note ? jv_parse(note, strlen(note), NULL, 0, NULL, NULL) : NULL;
        bad |= !o;
        if (bad) {
            jv_free(ev);
            break;
        }
        bad |= jv_set(o, "id", jv_string(model_str(m, f->s[0])));
        bad |= jv_set(o, "seq", jv_integer((long long)m->claims.v[i] + 1));
        bad |= jv_set(o, "event_type", jv_string(model_str(m, f->s[1])));
        bad |= jv_set(o, "mode", jv_string(f->s[2] ? model_str(m, f->s[2]) : NULL));
        bad |= jv_set(o, "actors", jv_string(model_str(m, f->s[3])));
        bad |= jv_set(o, "recipients", jv_string(model_str(m, f->s[4])));
        bad |= report_date(o, "date", f->from);
        bad |= jv_set(o, "source", jv_string(model_str(m, f->src)));
        bad |= jv_set(o, "event", ev ? ev : jv_null());
        bad |= jv_push(arr, o);
    }
    if (!bad) {
        bad |= jv_set(doc, "source", jv_string(source));
        bad |= jv_set(doc, "claims", arr);
        arr = NULL;
    }
    jv_free(arr);
    if (bad) {
        jv_free(doc);
        doc = NULL;
    }
    return report_finish(db, fmt, doc, claims_text, out);
}

/* ---- bloc accept: a reviewer makes a claim part of the record ---- */

int bloc_accept(bloc_db *db, const char *claim, const char *as, size_t *appended)
{
    const model *m = &db->m;
    const mfact *c = NULL;
    sym id = claim ? intern_find(&m->syms, claim) : 0;
    *appended = 0;
    for (size_t i = 0; id && !c && i < m->claims.n; i++)
        if (!m->facts[m->claims.v[i]].dead && m->facts[m->claims.v[i]].s[0] == id)
            c = &m->facts[m->claims.v[i]];
    if (!c)
        return db_err(db, BLOC_ENOTFOUND, "unknown claim \"%s\"", claim ? claim : "");
    char evid[128];
    if (as) {
        size_t k = 0;
        while (as[k] && (strchr("-_.:", as[k]) || (as[k] >= '0' && as[k] <= '9') ||
                         (as[k] >= 'a' && as[k] <= 'z') || (as[k] >= 'A' && as[k] <= 'Z')))
            k++;
        if (!*as || as[k] || k >= sizeof evid)
            return db_err(db, BLOC_EINVAL,
                          "--as: \"%s\" is not an event id (letters, digits and - _ . :)", as);
        if (strncmp(as, "live:", 5) == 0)
            return db_err(db, BLOC_EINVAL, "--as: ids starting \"live:\" are the live procedure's");
        fmt_into(evid, sizeof evid, "%s", as);
    } else {
        fmt_into(evid, sizeof evid, "ev:%s", claim + (strncmp(claim, "claim:", 6) ? 0 : 6));
    }
    /* the event as claimed, and its dead (with their sides and qualifiers) */
    const char *note = model_note(m, c);
    jv *ev = note ? jv_parse(note, strlen(note), NULL, 0, NULL, NULL) : NULL;
    const jv *killed = jv_get(ev, "killed"), *cas = jv_get(ev, "casualties");
    char why[700];
    fmt_into(why, sizeof why, "Accepted from %s: \"%s\"", claim,
             jv_str(jv_get(ev, "sentence")) ? jv_str(jv_get(ev, "sentence")) : "");
    size_t n = 1 + jv_len(killed);
    fact *f = calloc(n, sizeof *f);
    if (!f) {
        jv_free(ev);
        return db_err(db, BLOC_ENOMEM, "out of memory");
    }
    const char *src = model_str(m, c->src);
    f[0] = (fact){.kind = FACT_EVENT,
                  .s = {evid, model_str(m, c->s[1]), c->s[2] ? model_str(m, c->s[2]) : NULL,
                        c->s[3] ? model_str(m, c->s[3]) : NULL,
                        c->s[4] ? model_str(m, c->s[4]) : NULL},
                  .from = c->from,
                  .note = why,
                  .src = src};
    for (size_t i = 0; i < jv_len(killed); i++) {
        long long v = jv_int(jv_at(killed, i));
        const char *side = NULL, *q = "exact";
        for (size_t k = 0; k < jv_len(cas); k++)
            if (jv_int(jv_get(jv_at(cas, k), "killed")) == v) {
                side = jv_str(jv_get(jv_at(cas, k), "side"));
                q = jv_str(jv_get(jv_at(cas, k), "qualifier"))
                        ? jv_str(jv_get(jv_at(cas, k), "qualifier"))
                        : q;
            }
        f[1 + i] = (fact){.kind = FACT_DETAIL,
                          .s = {evid, "killed", side, NULL, q},
                          .num = v,
                          .from = c->from,
                          .src = src};
    }
    size_t skipped;
    int rc = db_append(db, f, n, appended, &skipped);
    free(f);
    jv_free(ev);
    return rc;
}
