/*
 * export/plover.c - `bloc export plover`: the record of events as JSON lines in
 * the shape of PLOVER event data (and of `bloc extract`): one object per event,
 * in date order (undated last), with its PLOVER category, mode, date, actors
 * and recipients as codes, the figures reported, and every source.
 *
 * The bloc's procedure entries map onto PLOVER categories: an appeal is a
 * REQUEST, a session a CONSULT, a decision an AGREE, a mission AID (it was sent
 * to help), a deployment MOBILIZE, a withdrawal RETREAT; "bloc_type" keeps the
 * procedure's own name.
 */
#include <stdlib.h>
#include <string.h>

#include "events/events.h"
#include "report/report.h"

static const char *plover_type(const char *t)
{
    static const char *const map[][2] = {{"appeal", "REQUEST"},      {"session", "CONSULT"},
                                         {"decision", "AGREE"},      {"mission", "AID"},
                                         {"deployment", "MOBILIZE"}, {"withdrawal", "RETREAT"}};
    for (size_t i = 0; i < sizeof map / sizeof *map; i++)
        if (strcmp(map[i][0], t) == 0)
            return map[i][1];
    return t;
}

/* The figures of key (killed, wounded, ...) from every source, as numbers. */
static int figures(const model *m, const event *e, sym key, jv *arr)
{
    int bad = 0;
    for (size_t i = 0; key && i < e->facts.n; i++) {
        const mfact *f = &m->facts[e->facts.v[i]];
        if (f->dead || f->kind != FACT_DETAIL || f->s[1] != key || !f->s[4])
            continue;
        jv *o = jv_object();
        bad |= !o;
        if (!o)
            break;
        bad |= jv_set(o, "num", jv_integer(f->num));
        bad |= jv_set(o, "qualifier", jv_string(model_str(m, f->s[4])));
        bad |= jv_set(o, "side", jv_string(f->s[2] ? model_str(m, f->s[2]) : NULL));
        if (f->from)
            bad |= report_date(o, "as_of", f->from);
        bad |= jv_set(o, "source", jv_string(model_str(m, f->src)));
        bad |= jv_push(arr, o);
    }
    return bad;
}

typedef struct dated {
    bloc_date from; /* the event's date (its main claim's), 0 = undated */
    size_t i;       /* index in m->events */
} dated;

/* Date order, undated last, ties in record order. */
static int cmp_dated(const void *a, const void *b)
{
    const dated *x = a, *y = b;
    if (x->from != y->from && (!x->from || !y->from))
        return x->from ? -1 : 1;
    int c = x->from != y->from ? bloc_date_cmp(x->from, y->from) : 0;
    return c ? c : x->i < y->i ? -1 : x->i > y->i;
}

int bloc_export_plover(bloc_db *db, bloc_write_fn fn, void *ud)
{
    const model *m = &db->m;
    static const char *const fig[] = {"killed", "wounded", "displaced", "size", "amount"};
    sym keys[5];
    if (!db->modelled)
        return db_err(db, BLOC_EINVAL, "the model of this database is not complete: reopen it");
    for (size_t k = 0; k < 5; k++)
        keys[k] = intern_find(&m->syms, fig[k]);
    sym article = intern_find(&m->syms, "article");
    dated *order = malloc((m->nevents ? m->nevents : 1) * sizeof *order);
    size_t n_order = 0;
    if (!order)
        return db_err(db, BLOC_ENOMEM, "out of memory");
    for (size_t i = 0; i < m->nevents; i++) {
        const mfact *f = event_main(m, &m->events[i]);
        if (f)
            order[n_order++] = (dated){f->from, i};
    }
    qsort(order, n_order, sizeof *order, cmp_dated);
    for (size_t oi = 0; oi < n_order; oi++) {
        const event *e = &m->events[order[oi].i];
        const mfact *f = event_main(m, e), *d;
        jv *o = jv_object(), *srcs = jv_array();
        int bad = !o || !srcs;
        const char *type = model_str(m, f->s[1]);
        if (!bad) {
            bad |= jv_set(o, "id", jv_string(model_str(m, e->id)));
            bad |= report_date(o, "date", f->from);
            bad |= report_date(o, "date_end", f->to);
            bad |= jv_set(o, "event_type", jv_string(plover_type(type)));
            bad |= jv_set(o, "mode", jv_string(f->s[2] ? model_str(m, f->s[2]) : NULL));
            if (strcmp(plover_type(type), type) != 0)
                bad |= jv_set(o, "bloc_type", jv_string(type));
            bad |= jv_set(o, "actor", report_list(m, f->s[3]));
            bad |= jv_set(o, "recipient", report_list(m, f->s[4]));
            if ((d = event_detail(m, e, m->k_parent)))
                bad |= jv_set(o, "parent", jv_string(model_str(m, d->s[3])));
            if ((d = event_detail(m, e, article)))
                bad |= jv_set(o, "article", jv_string(model_str(m, d->s[3])));
            for (size_t k = 0; k < 5 && !bad; k++) {
                jv *a = jv_array();
                bad |= !a || figures(m, e, keys[k], a);
                if (!bad && jv_len(a))
                    bad |= jv_set(o, fig[k], a);
                else
                    jv_free(a);
            }
            if (model_note(m, f))
                bad |= jv_set(o, "note", jv_string(model_note(m, f)));
            for (size_t k = 0; k < e->facts.n; k++) {
                const mfact *x = &m->facts[e->facts.v[k]];
                const char *s = model_str(m, x->src);
                int seen = x->dead;
                for (size_t j = 0; !seen && j < jv_len(srcs); j++)
                    seen = strcmp(jv_str(jv_at(srcs, j)), s) == 0;
                if (!seen)
                    bad |= jv_push(srcs, jv_string(s));
            }
            bad |= jv_set(o, "sources", srcs);
        } else {
            jv_free(srcs);
        }
        char *line = bad ? NULL : jv_dump(o, 0);
        jv_free(o);
        if (!line) {
            free(order);
            return db_err(db, BLOC_ENOMEM, "out of memory");
        }
        size_t n = strlen(line);
        line[n] = '\n'; /* replaces the NUL: written with its length */
        int rc = fn(ud, line, n + 1);
        free(line);
        if (rc) {
            free(order);
            return rc;
        }
    }
    free(order);
    return BLOC_OK;
}
