/*
 * report/report.c - helpers shared by every answer (see report.h).
 */
#include "report/report.h"

#include <stdlib.h>
#include <string.h>

int report_on(bloc_db *db, const char *on, bloc_date *day)
{
    char err[256];
    bloc_date d;
    if (!on) {
        *day = bloc_date_today();
        return BLOC_OK;
    }
    if (bloc_date_parse(on, &d, err, sizeof err))
        return db_err(db, BLOC_EPARSE, "--on: %s", err);
    *day = bloc_date_first(d);
    return BLOC_OK;
}

/* "a state", "an organization", "a person": an actor type as a noun. */
static const char *type_noun(const char *type)
{
    return strcmp(type, "org") == 0      ? "an organization"
           : strcmp(type, "state") == 0  ? "a state"
           : strcmp(type, "person") == 0 ? "a person"
                                         : type;
}

int report_actor(bloc_db *db, const char *arg, const char *type, const char *what, actor **out)
{
    int amb = 0;
    if (!db->modelled)
        return db_err(db, BLOC_EINVAL,
                      "the model of this database is not complete (opened raw, "
                      "or an append could not be applied): reopen it");
    actor *a = arg ? model_resolve(&db->m, arg, &amb) : NULL;
    if (!a || !a->fact)
        return db_err(db, BLOC_ENOTFOUND, "unknown %s \"%s\"", what, arg ? arg : "");
    if (amb)
        return db_err(db, BLOC_EINVAL, "\"%s\" names more than one actor; use its code", arg);
    if (type && strcmp(model_str(&db->m, model_actor_type(&db->m, a)), type) != 0) {
        const char *is = model_str(&db->m, model_actor_type(&db->m, a));
        return db_err(db, BLOC_EINVAL, "\"%s\" is %s, not %s", arg, type_noun(is), type_noun(type));
    }
    *out = a;
    return BLOC_OK;
}

const char *report_datestr(bloc_date d, char *b, size_t n)
{
    return bloc_date_format(d, b, n);
}

int report_date(jv *obj, const char *key, bloc_date d)
{
    char b[16];
    return jv_set(obj, key, d ? jv_string(bloc_date_format(d, b, sizeof b)) : jv_null());
}

jv *report_source(const model *m, sym src)
{
    const mfact *f = model_source(m, src);
    jv *o = jv_object();
    if (!o)
        return NULL;
    int bad = jv_set(o, "id", jv_string(model_str(m, src)));
    if (f) {
        int article = strcmp(model_str(m, f->s[1]), "article") == 0;
        bad |= jv_set(o, "kind", jv_string(model_str(m, f->s[1])));
        if (f->s[2])
            bad |= jv_set(o, "publisher", jv_string(model_str(m, f->s[2])));
        if (f->s[3])
            bad |= jv_set(o, "title", jv_string(model_str(m, f->s[3])));
        if (f->from)
            bad |= report_date(o, "date", f->from);
        if (f->s[4])
            bad |= jv_set(o, article ? "file" : "url", jv_string(model_str(m, f->s[4])));
        if (model_note(m, f))
            bad |= jv_set(o, "lang", jv_string(model_note(m, f)));
    }
    if (bad) {
        jv_free(o);
        return NULL;
    }
    return o;
}

size_t report_cite(cites *c, const char *src)
{
    for (size_t i = 0; i < c->n; i++)
        if (strcmp(c->v[i], src) == 0)
            return i + 1;
    if (grow((void **)&c->v, &c->cap, c->n + 1, sizeof *c->v))
        return 0;
    c->v[c->n++] = src;
    return c->n;
}

int report_footnotes(const model *m, cites *c, buf *text)
{
    int rc = BLOC_OK;
    char d[16];
    if (c->n)
        rc = buf_puts(text, "\nSources:\n");
    for (size_t i = 0; !rc && i < c->n; i++) {
        const mfact *f = model_source(m, intern_find(&m->syms, c->v[i]));
        rc = buf_printf(text, "  [%zu] %s", i + 1, c->v[i]);
        if (!rc && f) {
            if (f->s[2])
                rc = buf_printf(text, " - %s", model_str(m, f->s[2]));
            if (!rc && f->s[3])
                rc = buf_printf(text, ", \"%s\"", model_str(m, f->s[3]));
            if (!rc && f->from)
                rc = buf_printf(text, ", %s", bloc_date_format(f->from, d, sizeof d));
            if (!rc && f->s[4])
                rc = buf_printf(text, " (%s)", model_str(m, f->s[4]));
        }
        if (!rc)
            rc = buf_putc(text, '\n');
    }
    free(c->v);
    c->v = NULL;
    c->n = c->cap = 0;
    return rc;
}

static int same_claim(const jv *a, const jv *b, const char *const *keys)
{
    for (size_t i = 0; keys[i]; i++)
        if (strcmp(report_s(a, keys[i], ""), report_s(b, keys[i], "")) != 0)
            return 0;
    return 1;
}

int report_claim_lines(const jv *claims, const char *const *keys, const char *lead, cites *c,
                       buf *t)
{
    int rc = BLOC_OK;
    size_t n = jv_len(claims);
    for (size_t k = 0; !rc && k < n;) {
        const jv *a = jv_at(claims, k);
        size_t j = k;
        rc = buf_puts(t, lead);
        for (size_t i = 0; !rc && keys[i]; i++) {
            int from = strcmp(keys[i], "from") == 0, to = strcmp(keys[i], "to") == 0;
            const char *v = report_s(a, keys[i], from ? "?" : to ? "-" : "");
            if (to && !jv_get(a, "to")) /* a dated point, not an interval */
                rc = buf_printf(t, "%-14s", "");
            else if (from || to)
                rc = buf_printf(t, "%s %-10s ", from ? "from" : "to", v);
            else
                rc = buf_printf(t, "%-10s ", v);
        }
        if (!rc)
            rc = buf_putc(t, '[');
        for (; !rc && j < n && same_claim(a, jv_at(claims, j), keys); j++)
            rc = buf_printf(t, "%s%zu", j > k ? "," : "",
                            report_cite(c, report_s(jv_at(claims, j), "source", "")));
        if (!rc)
            rc = buf_puts(t, "]\n");
        k = j;
    }
    return rc;
}

const char *report_s(const jv *obj, const char *key, const char *fallback)
{
    const char *s = jv_str(jv_get(obj, key));
    return s ? s : fallback;
}

int report_finish(bloc_db *db, bloc_format fmt, jv *doc, report_text_fn fn, char **out)
{
    int rc = BLOC_OK;
    buf text;
    buf_init(&text, REPORT_MAXTEXT);
    *out = NULL;
    if (!doc)
        rc = BLOC_ENOMEM;
    else if (fmt == BLOC_FMT_JSON)
        rc = (*out = jv_dump(doc, 1)) ? BLOC_OK : BLOC_ENOMEM;
    else if (!(rc = fn(&db->m, doc, &text)))
        rc = (*out = buf_steal(&text)) ? BLOC_OK : BLOC_ENOMEM;
    jv_free(doc);
    buf_free(&text);
    if (rc == BLOC_ELIMIT)
        return db_err(db, rc, "the answer is larger than %zu bytes", REPORT_MAXTEXT);
    return rc ? db_err(db, rc, "out of memory writing the answer") : BLOC_OK;
}

jv *report_ids(const model *m, const sym *v, size_t n)
{
    jv *a = jv_array();
    for (size_t i = 0; a && i < n; i++)
        if (jv_push(a, jv_string(model_str(m, v[i])))) {
            jv_free(a);
            return NULL;
        }
    return a;
}

jv *report_list(const model *m, sym list)
{
    sym v[MODEL_MAXLIST];
    return report_ids(m, v, model_list(m, list, v));
}
