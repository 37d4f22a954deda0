/*
 * record/history.c - reading the record back: `bloc history ACTOR` (the dated
 * facts about an actor, each with its source) and `bloc log` (the entries of
 * the log themselves, with their hashes).
 */
#include <stdlib.h>
#include <string.h>

#include "record/history.h"

#include "record/chain.h"
#include "report/report.h"

int record_describe(const model *m, const mfact *f, buf *b)
{
    const char *s0 = model_str(m, f->s[0]), *s1 = model_str(m, f->s[1]),
               *s2 = model_str(m, f->s[2]), *s3 = model_str(m, f->s[3]);
    const actor *h;
    switch (f->kind) {
    case FACT_SPELL: return buf_printf(b, "%s in %s: %s", s1, s0, s2);
    case FACT_OFFICE:
        h = model_actor(m, f->s[3]);
        return buf_printf(b, "%s %s: %s%s%s%s", s0, s1, s2, f->s[3] ? " (" : "",
                          h ? model_display_name(m, h, "en") : s3, f->s[3] ? ")" : "");
    case FACT_TREATY:
        return buf_printf(b, "%s (%s) signed: %s%s%s%s%s", s0, s1, s2, f->s[3] ? "; term " : "", s3,
                          f->s[4] ? "; withdrawal notice " : "", model_str(m, f->s[4]));
    case FACT_PHASE:
        return buf_printf(b, "%s %s%s%s%s", s0, s1, f->s[2] ? " (decisions: " : "", s2,
                          f->s[2] ? ")" : "");
    case FACT_PROVISION:
        return buf_printf(b, "%s art. %s: %s%s%s%s", s0, s1, s2, *s3 ? " [" : "", s3,
                          *s3 ? "]" : "");
    case FACT_FORCE:
        return buf_printf(b, "%s %s%s%s%s%s", s0, s1, f->s[2] ? " from " : " total", s2,
                          f->s[3] ? ": " : "", s3);
    case FACT_EVENT:
    case FACT_CLAIM:
        return buf_printf(b, "%s%s%s %s%s%s", s1, f->s[2] ? " " : "", s2, f->s[3] ? s3 : "",
                          f->s[4] ? " -> " : "", model_str(m, f->s[4]));
    case FACT_REFUSAL:
        return buf_printf(b, "refused: %s (%s) %s %s: %s", s0, model_str(m, f->s[4]), s1, s2, s3);
    default: return buf_printf(b, "%s %s", s0, s1);
    }
}

static jv *fact_json(const model *m, uint32_t i)
{
    const mfact *f = &m->facts[i];
    buf what;
    buf_init(&what, 4096);
    jv *o = jv_object();
    int bad = !o || record_describe(m, f, &what);
    if (!bad) {
        bad |= jv_set(o, "seq", jv_integer((long long)i + 1));
        bad |= jv_set(o, "kind", jv_string(fact_kind_name(f->kind)));
        bad |= report_date(o, "from", f->from);
        if (f->kind != FACT_TREATY && f->kind != FACT_PHASE) /* those are dated points */
            bad |= report_date(o, "to", f->to);
        bad |= jv_set(o, "what", jv_string(what.p ? what.p : ""));
        if (model_note(m, f))
            bad |= jv_set(o, "note", jv_string(model_note(m, f)));
        bad |= jv_set(o, "source", jv_string(model_str(m, f->src)));
    }
    buf_free(&what);
    if (bad) {
        jv_free(o);
        return NULL;
    }
    return o;
}

typedef struct hitem {
    const mfact *f;
    uint32_t i;
} hitem;

/* Dated facts in date order (undated last); the same fact from several sources
 * side by side; then log order. */
static int cmp_fact(const void *a, const void *b)
{
    const hitem *x = a, *y = b;
    const mfact *fx = x->f, *fy = y->f;
    if (fx->from != fy->from) {
        if (!fx->from || !fy->from)
            return fx->from ? -1 : 1;
        return bloc_date_cmp(fx->from, fy->from);
    }
    if (fx->to != fy->to)
        return fx->to < fy->to ? -1 : 1;
    if (fx->kind != fy->kind)
        return fx->kind < fy->kind ? -1 : 1;
    for (int k = 0; k < FACT_NSLOT; k++)
        if (fx->s[k] != fy->s[k])
            return fx->s[k] < fy->s[k] ? -1 : 1;
    return x->i < y->i ? -1 : x->i > y->i;
}

static int history_text(const model *m, const jv *doc, buf *t)
{
    cites c = {0};
    const jv *facts = jv_get(doc, "facts");
    int rc = buf_printf(t, "%s (%s): %zu facts\n", report_s(doc, "actor", ""),
                        report_s(doc, "name", ""), jv_len(facts));
    static const char *const keys[] = {"from", "to", "what", NULL};
    if (!rc)
        rc = report_claim_lines(facts, keys, "  ", &c, t);
    if (!rc)
        rc = report_footnotes(m, &c, t);
    free(c.v);
    return rc;
}

int bloc_history(bloc_db *db, const char *arg, bloc_format fmt, char **out)
{
    actor *a;
    int rc = report_actor(db, arg, NULL, "actor", &a);
    if (rc)
        return rc;
    const model *m = &db->m;
    const idlist *lists[] = {&a->own, &a->spells, &a->offices, &a->treaties};
    size_t n = 0, total = 0;
    for (size_t l = 0; l < 4; l++)
        total += lists[l]->n;
    hitem *ix = malloc((total ? total : 1) * sizeof *ix);
    if (!ix)
        return db_err(db, BLOC_ENOMEM, "out of memory");
    for (size_t l = 0; l < 4; l++)
        for (size_t i = 0; i < lists[l]->n; i++) {
            const mfact *f = &m->facts[lists[l]->v[i]];
            if (!f->dead && f->kind != FACT_NAME && f->kind != FACT_ACTOR)
                ix[n++] = (hitem){f, lists[l]->v[i]};
        }
    qsort(ix, n, sizeof *ix, cmp_fact);
    jv *doc = jv_object(), *facts = jv_array();
    int bad = !doc || !facts;
    if (!bad) {
        bad |= jv_set(doc, "actor", jv_string(model_str(m, a->id)));
        bad |= jv_set(doc, "name", jv_string(model_display_name(m, a, "en")));
        bad |= jv_set(doc, "type", jv_string(model_str(m, model_actor_type(m, a))));
        bad |= jv_set(doc, "facts", facts);
    } else {
        jv_free(facts);
    }
    for (size_t i = 0; !bad && i < n; i++)
        if (i == 0 || ix[i].i != ix[i - 1].i)
            bad |= jv_push(facts, fact_json(m, ix[i].i));
    free(ix);
    if (bad) {
        jv_free(doc);
        doc = NULL;
    }
    return report_finish(db, fmt, doc, history_text, out);
}

/* ---- bloc log ---- */

#define LOG_STOP (-1) /* not a bloc_rc: ends the scan early */

/* One entry as stored, as a JSON object (new reference; NULL on OOM). */
static jv *entry_json(const entry *e)
{
    char hex[65], d[16];
    jv *o = jv_object(), *slots = jv_array();
    int bad = !o || !slots;
    if (bad) {
        jv_free(o);
        jv_free(slots);
        return NULL;
    }
    bad |= jv_set(o, "seq", jv_integer(e->seq));
    bad |= jv_set(o, "at", jv_integer(e->at));
    bad |= jv_set(o, "kind", jv_string(fact_kind_name(e->f.kind)));
    for (int k = 0; k < FACT_NSLOT; k++)
        bad |= jv_push(slots, jv_string(e->f.s[k]));
    bad |= jv_set(o, "slots", slots);
    bad |= jv_set(o, "from",
                  e->f.from ? jv_string(bloc_date_format(e->f.from, d, sizeof d)) : jv_null());
    bad |= jv_set(o, "to", e->f.to ? jv_string(bloc_date_format(e->f.to, d, sizeof d)) : jv_null());
    bad |= jv_set(o, "num", jv_integer(e->f.num));
    if (e->f.ref)
        bad |= jv_set(o, "retracts", jv_integer(e->f.ref));
    bad |= jv_set(o, "note", jv_string(e->f.note));
    bad |= jv_set(o, "source", jv_string(e->f.src));
    chain_hex(e->hash, 32, hex);
    bad |= jv_set(o, "hash", jv_string(hex));
    if (bad) {
        jv_free(o);
        return NULL;
    }
    return o;
}

/* One entry as a line of text (from its JSON object). */
static int entry_text(const jv *e, buf *t)
{
    const jv *slots = jv_get(e, "slots");
    int rc = buf_printf(t, "%6lld  %.16s  %-9s", jv_int(jv_get(e, "seq")), report_s(e, "hash", ""),
                        report_s(e, "kind", ""));
    for (size_t k = 0; !rc && k < jv_len(slots); k++)
        if (jv_str(jv_at(slots, k)))
            rc = buf_printf(t, " %s", jv_str(jv_at(slots, k)));
    if (!rc && jv_str(jv_get(e, "from")))
        rc = buf_printf(t, " %s..%s", report_s(e, "from", ""), report_s(e, "to", ""));
    if (!rc && jv_get(e, "retracts"))
        rc = buf_printf(t, " retracts %lld", jv_int(jv_get(e, "retracts")));
    if (!rc && jv_str(jv_get(e, "source")))
        rc = buf_printf(t, "  <%s>", report_s(e, "source", ""));
    return rc;
}

typedef struct logscan {
    bloc_format fmt;
    int (*fn)(void *ud, const char *text);
    void *ud;
    int64_t limit, seen;
    int fn_rc; /* what fn returned when it stopped the scan */
} logscan;

static int each_cb(void *ud, const entry *e, const uint8_t digest[32])
{
    logscan *ls = ud;
    buf line;
    char *text = NULL;
    (void)digest;
    if (ls->limit && ls->seen >= ls->limit)
        return LOG_STOP;
    ls->seen++;
    jv *o = entry_json(e);
    if (!o)
        return BLOC_ENOMEM;
    buf_init(&line, 1 << 20);
    if (ls->fmt == BLOC_FMT_JSON)
        text = jv_dump(o, 0);
    else if (!entry_text(o, &line))
        text = buf_steal(&line);
    jv_free(o);
    buf_free(&line);
    if (!text)
        return BLOC_ENOMEM;
    int rc = ls->fn(ls->ud, text);
    free(text);
    if (rc) {
        ls->fn_rc = rc;
        return LOG_STOP;
    }
    return BLOC_OK;
}

int bloc_log_each(bloc_db *db, int64_t from, int64_t limit, bloc_format fmt,
                  int (*fn)(void *ud, const char *text), void *ud)
{
    logscan ls = {fmt, fn, ud, limit < 0 ? 0 : limit, 0, 0};
    int rc = db->st->ops->scan(db->st, from < 1 ? 1 : from, each_cb, &ls);
    if (rc == LOG_STOP)
        return ls.fn_rc;
    if (rc)
        return rc == BLOC_ENOMEM ? db_err(db, rc, "out of memory")
                                 : db_err(db, rc, "store: %s", db->st->ops->errmsg(db->st));
    return BLOC_OK;
}

/* bloc_log gathers what bloc_log_each hands out. */
typedef struct gather {
    buf b;
    bloc_format fmt;
    size_t n;
} gather;

static int gather_one(void *ud, const char *text)
{
    gather *g = ud;
    int rc = g->fmt == BLOC_FMT_JSON ? buf_printf(&g->b, "%s\n    %s", g->n ? "," : "", text)
                                     : buf_printf(&g->b, "%s\n", text);
    g->n++;
    return rc;
}

int bloc_log(bloc_db *db, int64_t from, int64_t limit, bloc_format fmt, char **out)
{
    gather g = {.fmt = fmt};
    buf_init(&g.b, REPORT_MAXTEXT);
    int rc = fmt == BLOC_FMT_JSON ? buf_puts(&g.b, "{\n  \"entries\": [") : BLOC_OK;
    if (!rc)
        rc = bloc_log_each(db, from, limit, fmt, gather_one, &g);
    if (!rc && fmt == BLOC_FMT_JSON)
        rc = buf_puts(&g.b, g.n ? "\n  ]\n}\n" : "]\n}\n");
    if (!rc && !(*out = buf_steal(&g.b)))
        rc = BLOC_ENOMEM;
    buf_free(&g.b);
    if (rc == BLOC_ELIMIT)
        return db_err(db, rc, "the log is larger than %zu bytes as one answer: use --from/--limit",
                      REPORT_MAXTEXT);
    if (rc == BLOC_ENOMEM)
        return db_err(db, rc, "out of memory");
    return rc;
}
