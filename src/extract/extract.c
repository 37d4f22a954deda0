/*
 * extract/extract.c - `bloc extract`: news text in Bengali, Arabic, Russian or
 * English into events (PLOVER categories) with actors, dates, figures and the
 * place in the text they came from, by dictionaries and patterns.
 *
 * A file is checked (text, UTF-8), then read paragraph by paragraph in bounded
 * memory (reader.c). Each paragraph is normalized (text/), cut into tokens,
 * its language told by its script and its language's common words, and
 * matched against that language's lexicon plus every name in the record
 * (lexicon.c). A paragraph of boilerplate is skipped; a page's tail (comment
 * forms, related articles) ends the reading. Each sentence's names get their
 * role marks and groups here, its dates and figures are read (when.c), and its
 * triggers make events (roles.c). The same event found twice in a document
 * (same type, parties and date) is written once, with the figures of both.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "db/db.h"
#include "extract/extract.h"
#include "json/json.h"
#include "report/report.h"
#include "text/unicode.h"
#include "util/buf.h"

#define X_MAXLANG  8
#define X_MAXMATCH 64
#define X_MAXDOCEV 4096 /* events of one document held for merging; then written */
#define X_SENTMAX  600  /* bytes of the sentence quoted with an event */

extern const struct bundle_file lexicon_files[];
extern const size_t lexicon_nfiles;

/* An event found in the document, kept until the document ends. */
typedef struct found {
    xevent e;
    const lexicon *L;
    uint64_t span[2], trig[2];
    char *sentence;
} found;

struct bloc_extractor {
    bloc_db *db;
    text_table *tt;
    lexicon lex[X_MAXLANG];
    size_t nlex;
    int forced; /* index into lex, or -1 for auto */
    bloc_date doc_date;
    int lossy;
    int trace;                            /* BLOC_EXTRACT_TRACE set */
    unsigned char script_langs[SCRIPT_N]; /* lexicons reading each script */
    buf out;                              /* the event being written */
    /* the paragraph being read */
    text_norm nt;
    tok *toks;
    size_t ntok, captok;
    lex_match *pm; /* its matches, by (first token, kind) */
    size_t npm, cappm;
    sentence s;
    const char *para;
    uint64_t para_off;
    const lexicon *L;
    /* the document */
    const char *doc;
    sym orgs[16]; /* the organizations it named, and how often */
    unsigned org_n[16];
    size_t norgs;
    int tail;
    found *ev;
    size_t nev, capev;
    size_t langs[X_MAXLANG + 1]; /* letters read per language; last: none */
    bloc_write_fn fn;
    void *ud;
    int rc;
};

/* ---- lexicons ---- */

static int load_lexicon(bloc_extractor *x, const char *name, const char *text, size_t len)
{
    char err[256];
    int line = 0, col = 0;
    if (x->nlex == X_MAXLANG)
        return db_err(x->db, BLOC_ELIMIT, "%s: more than %d lexicons", name, X_MAXLANG);
    jv *doc = jv_parse(text, len, err, sizeof err, &line, &col);
    if (!doc)
        return db_err(x->db, BLOC_EPARSE, "%s:%d:%d: %s", name, line, col, err);
    lexicon *L = &x->lex[x->nlex];
    memset(L, 0, sizeof *L);
    int rc = lex_compile(L, x->tt, doc, err, sizeof err);
    jv_free(doc);
    if (rc == BLOC_EPARSE) {
        lex_free(L);
        return db_err(x->db, rc, "%s: %s", name, err);
    }
    if (rc) {
        lex_free(L);
        return db_err(x->db, rc, "%s: out of memory", name);
    }
    for (size_t i = 0; i < x->nlex; i++)
        if (strcmp(x->lex[i].lang, L->lang) == 0) {
            lex_free(L);
            return db_err(x->db, BLOC_EINVAL, "%s: a second lexicon for \"%s\"", name,
                          x->lex[i].lang);
        }
    x->nlex++;
    return BLOC_OK;
}

/* DIR/LANG.json for each language bloc knows how to read; at least one. */
static int load_dir(bloc_extractor *x, const char *dir)
{
    static const char *const langs[] = {"ben", "ara", "rus", "eng"};
    int rc = BLOC_OK;
    for (size_t i = 0; !rc && i < sizeof langs / sizeof *langs; i++) {
        char path[4096], err[256];
        char *text = NULL;
        size_t len;
        fmt_into(path, sizeof path, "%s/%s.json", dir, langs[i]);
        if (access(path, F_OK) != 0)
            continue;
        rc = read_file(path, 16 * 1024 * 1024, &text, &len, err, sizeof err);
        if (rc)
            rc = db_err(x->db, rc, "--lexicon: %s", err);
        else
            rc = load_lexicon(x, path, text, len);
        free(text);
    }
    if (!rc && !x->nlex)
        rc = db_err(x->db, BLOC_EINVAL,
                    "--lexicon: %s has none of ben.json, ara.json, "
                    "rus.json, eng.json",
                    dir);
    return rc;
}

/* Every name of every actor in the record, in every lexicon: news in one
 * language quotes names in others. A person's last name alone is a name too
 * when it is long enough to be telling. */
static int add_record_names(bloc_extractor *x)
{
    const model *m = &x->db->m;
    for (size_t i = 0; i < m->nfacts; i++) {
        const mfact *f = &m->facts[i];
        if (f->dead || (f->kind != FACT_NAME && f->kind != FACT_ACTOR))
            continue;
        const char *code = model_str(m, f->s[0]);
        const char *name = f->kind == FACT_NAME ? model_str(m, f->s[2]) : NULL;
        const actor *a = model_actor(m, f->s[0]);
        int person = a && model_actor_type(m, a) == m->k_person;
        if (f->kind == FACT_ACTOR) { /* an organization's code is a name: CSTO, NATO */
            if (!a || model_actor_type(m, a) != m->k_org)
                continue;
            name = code;
        }
        for (size_t l = 0; l < x->nlex; l++) {
            int rc = lex_add(&x->lex[l], x->tt, name, LK_ACTOR, 0, code);
            if (rc == BLOC_ENOMEM)
                return db_err(x->db, rc, "out of memory");
            const char *sp = person ? strrchr(name, ' ') : NULL;
            if (sp && strlen(sp + 1) >= 5 &&
                lex_add(&x->lex[l], x->tt, sp + 1, LK_ACTOR, 0, code) == BLOC_ENOMEM)
                return db_err(x->db, BLOC_ENOMEM, "out of memory");
        }
    }
    for (size_t l = 0; l < x->nlex; l++)
        if (lex_finish(&x->lex[l]))
            return db_err(x->db, BLOC_ENOMEM, "out of memory");
    return BLOC_OK;
}

int bloc_extractor_new(bloc_db *db, const bloc_extract_opts *o, bloc_extractor **out)
{
    bloc_extract_opts none = {0};
    if (!o)
        o = &none;
    *out = NULL;
    if (!db->modelled)
        return db_err(db, BLOC_EINVAL, "the model of this database is not complete: reopen it");
    bloc_extractor *x = calloc(1, sizeof *x);
    if (!x || !(x->tt = text_table_new())) {
        free(x);
        return db_err(db, BLOC_ENOMEM, "out of memory");
    }
    x->db = db;
    x->forced = -1;
    x->lossy = o->lossy;
    buf_init(&x->out, 1 << 20);
    x->trace = getenv("BLOC_EXTRACT_TRACE") && *getenv("BLOC_EXTRACT_TRACE");
    int rc = BLOC_OK;
    char err[128];
    if (o->date && bloc_date_parse(o->date, &x->doc_date, err, sizeof err))
        rc = db_err(db, BLOC_EPARSE, "--date: %s", err);
    if (!rc && o->lexicon_dir)
        rc = load_dir(x, o->lexicon_dir);
    for (size_t i = 0; !rc && !o->lexicon_dir && i < lexicon_nfiles; i++)
        rc = load_lexicon(x, lexicon_files[i].name, lexicon_files[i].text, lexicon_files[i].len);
    if (!rc && o->lang && strcmp(o->lang, "auto") != 0) {
        for (size_t i = 0; i < x->nlex && x->forced < 0; i++)
            if (strcmp(x->lex[i].lang, o->lang) == 0)
                x->forced = (int)i;
        if (x->forced < 0)
            rc = db_err(db, BLOC_EINVAL, "--lang: \"%s\" is not a language bloc reads", o->lang);
    }
    for (size_t l = 0; l < x->nlex; l++)
        for (int sc = 0; sc < SCRIPT_N; sc++)
            x->script_langs[sc] += (unsigned char)(x->lex[l].scripts >> sc & 1);
    if (!rc)
        rc = add_record_names(x);
    if (rc) {
        bloc_extractor_free(x);
        return rc;
    }
    *out = x;
    return BLOC_OK;
}

void bloc_extractor_free(bloc_extractor *x)
{
    if (!x)
        return;
    for (size_t i = 0; i < x->nlex; i++)
        lex_free(&x->lex[i]);
    text_table_free(x->tt);
    buf_free(&x->out);
    text_norm_free(&x->nt);
    free(x->toks);
    free(x->pm);
    free(x->s.ents);
    free(x->s.trigs);
    free(x->s.dates);
    free(x->s.nums);
    free(x->s.neg);
    free(x->s.clause);
    free(x->s.cond);
    free(x->s.m);
    for (size_t i = 0; i < x->nev; i++)
        free(x->ev[i].sentence);
    free(x->ev);
    free(x);
}

/* ---- a paragraph ---- */

/* Its language: the script most of its letters are in, then (when lexicons
 * share the script) the one whose common words it uses most. */
static int paragraph_lang(bloc_extractor *x)
{
    size_t by[SCRIPT_N] = {0}, total = 0;
    for (size_t i = 0; i < x->ntok; i++)
        if (x->toks[i].cls == TEXT_WORD) {
            by[x->toks[i].script] += x->toks[i].len;
            total += x->toks[i].len;
        }
    if (x->forced >= 0)
        return total ? x->forced : -1;
    size_t best = 0;
    for (size_t sc = 1; sc < SCRIPT_N; sc++)
        if (by[sc] > by[best])
            best = sc;
    if (!best || best == SCRIPT_OTHER)
        return -1;
    int pick = -1;
    size_t pick_hits = 0;
    for (size_t l = 0; l < x->nlex; l++) {
        if (!(x->lex[l].scripts >> best & 1))
            continue;
        size_t hits = 0;
        /* enough words to tell; one is enough when the script has one language */
        for (size_t i = 0; i < x->ntok && i < 60 && !(hits && x->script_langs[best] == 1); i++)
            hits += x->toks[i].cls == TEXT_WORD &&
                    lex_is_stopword(&x->lex[l], x->nt.p + x->toks[i].off, x->toks[i].len);
        if (pick < 0 || hits > pick_hits) {
            pick = (int)l;
            pick_hits = hits;
        }
    }
    /* a long paragraph in this script with none of the language's words is
     * another language of the script (French for English, Persian for Arabic) */
    if (pick >= 0 && !pick_hits && x->ntok > 12)
        return -1;
    return pick;
}

/* All matches of the paragraph: for each kind, the longest at each token not
 * already covered by a match of that kind (left to right). */
static int match_paragraph(bloc_extractor *x)
{
    const lexicon *L = x->L;
    uint32_t covered[LK_N];
    lex_match mm[X_MAXMATCH];
    memset(covered, 0, sizeof covered);
    x->npm = 0;
    for (size_t i = 0; i < x->ntok; i++) {
        if (x->toks[i].cls == TEXT_SPACE)
            continue;
        size_t k = lex_match_at(L, x->nt.p, x->toks, x->ntok, i, mm, X_MAXMATCH);
        for (size_t j = 0; j < k; j++) { /* sorted by kind, longest first */
            int kind = mm[j].e->kind;
            if (covered[kind] > i || (j && mm[j - 1].e->kind == kind))
                continue;
            if (grow((void **)&x->pm, &x->cappm, x->npm + 1, sizeof *x->pm))
                return BLOC_ENOMEM;
            x->pm[x->npm++] = mm[j];
            covered[kind] = mm[j].last + 1;
        }
    }
    return BLOC_OK;
}

static int is_end(const lexicon *L, const char *p, size_t n)
{
    for (const char *e = L->sentence_ends; *e; e += strlen(e) + 1)
        if (strlen(e) == n && memcmp(e, p, n) == 0)
            return 1;
    return 0;
}

/* Does the sentence end at token i (a sentence end that is not a decimal
 * point, an initial or an abbreviation)? */
static int ends_at(const bloc_extractor *x, size_t i)
{
    const tok *t = &x->toks[i];
    if (t->cls != TEXT_PUNCT || !is_end(x->L, x->nt.p + t->off, t->len))
        return 0;
    if (x->nt.p[t->off] != '.')
        return 1;
    if (i == 0 || i + 1 >= x->ntok)
        return 1;
    const tok *p = &x->toks[i - 1], *n = &x->toks[i + 1];
    if (p->cls == TEXT_DIGIT && n->cls == TEXT_DIGIT && n->glued)
        return 0; /* 1.5 */
    if (p->cls == TEXT_WORD && p->len <= (p->script == SCRIPT_LATIN ? 3u : 2u) && t->glued)
        return 0; /* U.S., Gen., St. */
    if (p->cls == TEXT_WORD && p->script == SCRIPT_LATIN && p->len <= 4 && n->cls == TEXT_DIGIT)
        return 0; /* Sept. 14, No. 5 */
    return 1;
}

static int ent_push(sentence *s, const xent *e)
{
    if (grow((void **)&s->ents, &s->capents, s->nents + 1, sizeof *s->ents))
        return BLOC_ENOMEM;
    s->ents[s->nents++] = *e;
    return BLOC_OK;
}

/* The single-word pattern of kind k that the text p[0..n) is, or NULL. */
static const lex_entry *single_word(const lexicon *L, int k, const char *p, size_t n)
{
    for (size_t j = 0; j < L->nmarks; j++) {
        const lex_entry *e = &L->entries[L->marks[j]];
        if (e->kind == k && e->nword == 1 && L->words[e->word].len == n &&
            !L->words[e->word].stem && memcmp(L->pool + L->words[e->word].off, p, n) == 0)
            return e;
    }
    return NULL;
}

static const lex_match *sent_match(const sentence *s, size_t first, int kind, int ending)
{
    for (size_t j = 0; j < s->nm; j++)
        if ((ending ? s->m[j].last : s->m[j].first) == first && s->m[j].e->kind == kind)
            return &s->m[j];
    return NULL;
}

/* Mark a name by a marker word: the language's (val 0) marks it for every
 * trigger, a trigger's own (val -1) for the triggers that list it. */
static void mark(const lexicon *L, xent *e, const lex_entry *w)
{
    if (!w)
        return;
    if (w->kind == LK_ACT_AFTER || w->kind == LK_ACT_BEFORE)
        e->act = 1;
    else if (w->val < 0)
        e->rec_mark = (uint32_t)(w - L->entries) + 1;
    else
        e->rec = 1;
}

/* Is the match written in capitals in the text (no lower-case ASCII letter)? */
static int in_capitals(const bloc_extractor *x, const sentence *s, const lex_match *mt)
{
    const tok *a = &s->toks[mt->first], *b = &s->toks[mt->last];
    uint32_t from = x->nt.at[a->off], to = x->nt.at[b->off + b->len - mt->suf];
    for (uint32_t i = from; i < to; i++)
        if (x->para[i] >= 'a' && x->para[i] <= 'z')
            return 0;
    return 1;
}

/* Is the place name (a capital, the Kremlin) used as a place: after "in",
 * with a locative ending, or before a locative postposition? */
static int is_place(const sentence *s, const lex_match *mt)
{
    const lexicon *L = s->L;
    const tok *lt = &s->toks[mt->last];
    if (mt->suf && single_word(L, LK_PLACE_AFTER, s->text + lt->off + lt->len - mt->suf, mt->suf))
        return 1;
    if (mt->pre && single_word(L, LK_PLACE_BEFORE, s->text + s->toks[mt->first].off, mt->pre))
        return 1;
    return (mt->first && sent_match(s, mt->first - 1, LK_PLACE_BEFORE, 1)) ||
           sent_match(s, mt->last + 1, LK_PLACE_AFTER, 0);
}

/* Only words (a title: the Secretary General) between tokens a and b? */
static int no_entity_between(const sentence *s, uint32_t a, uint32_t b)
{
    for (size_t i = 0; i < s->nents; i++)
        if (s->ents[i].first > a && s->ents[i].last < b)
            return 0;
    for (uint32_t k = a + 1; k < b; k++)
        if (s->toks[k].cls == TEXT_PUNCT)
            return 0;
    return 1;
}

/* The names of the sentence, with their role marks and groups. */
static int read_entities(bloc_extractor *x, sentence *s)
{
    const model *m = &x->db->m;
    const lexicon *L = s->L;
    s->nents = 0;
    for (size_t j = 0; j < s->nm; j++) {
        const lex_match *mt = &s->m[j];
        if (mt->e->kind != LK_ACTOR && mt->e->kind != LK_BLOC)
            continue;
        sym id = mt->e->kind == LK_BLOC ? s->bloc : intern_find(&m->syms, lex_code(L, mt->e));
        if (!id || !model_actor(m, id) || (mt->e->caps && !in_capitals(x, s, mt)))
            continue;
        xent e = {.first = mt->first, .last = mt->last, .actor = id, .pre = mt->pre};
        /* "in Paris", প্রাগে: where it happened, rather than who */
        e.place = (uint8_t)(mt->e->kind == LK_ACTOR && mt->e->val == 1 && is_place(s, mt));
        e.org = (uint8_t)(model_actor_type(m, model_actor(m, id)) == m->k_org);
        const tok *lt = &s->toks[mt->last], *ft = &s->toks[mt->first];
        /* a case ending or clitic on the name itself */
        if (mt->suf) {
            const char *sp = s->text + lt->off + lt->len - mt->suf;
            const lex_entry *w = single_word(L, LK_REC_AFTER, sp, mt->suf);
            mark(L, &e, w ? w : single_word(L, LK_ACT_AFTER, sp, mt->suf));
        }
        if (mt->pre)
            mark(L, &e, single_word(L, LK_REC_BEFORE, s->text + ft->off, mt->pre));
        /* words after it, words before it (one common word may stand between) */
        for (int k = LK_REC_BEFORE; k <= LK_ACT_AFTER; k++) {
            int after = k == LK_REC_AFTER || k == LK_ACT_AFTER;
            for (size_t hit = 0; hit < s->nm; hit++) {
                const lex_match *w = &s->m[hit];
                if (w->e->kind != k)
                    continue;
                int near = after ? w->first == mt->last + 1
                                 : w->last + 1 == mt->first ||
                                       (w->last + 2 == mt->first &&
                                        sent_match(s, mt->first - 1, LK_STOPWORD, 0));
                if (near)
                    mark(L, &e, w->e);
            }
        }
        if (ent_push(s, &e))
            return BLOC_ENOMEM;
    }
    /* groups: names listed together, with only commas, hyphens (the
     * Armenia-Azerbaijan border) or a word for "and" between them, or an "and"
     * attached to the second (Arabic وبيلاروسيا) */
    uint16_t g = 0;
    for (size_t i = 0; i < s->nents; i++) {
        xent *e = &s->ents[i];
        if (i) {
            const xent *p = &s->ents[i - 1];
            size_t gap = e->first > p->last ? e->first - p->last - 1 : 0;
            int joined = gap == 0 && e->first > p->last && e->pre &&
                         single_word(L, LK_AND, s->text + s->toks[e->first].off, e->pre);
            for (size_t k = p->last + 1; gap && gap <= 2 && k < e->first; k++) {
                const tok *t = &s->toks[k];
                joined =
                    (t->cls == TEXT_PUNCT && (s->text[t->off] == ',' || s->text[t->off] == '-')) ||
                    sent_match(s, k, LK_AND, 0);
                if (!joined)
                    break;
            }
            if (!joined)
                g++;
        }
        e->group = g;
    }
    /* a state named as a person's nationality or country ("the Belarusian
     * Secretary General Zas", আর্মেনিয়ার প্রধানমন্ত্রী নিকোল পাশিনিয়ান) is part of
     * that person's name, not another party: dropped */
    size_t kept = 0;
    for (size_t i = 0; i < s->nents; i++) {
        xent *e = &s->ents[i];
        int attribute = 0;
        const actor *ea = model_actor(m, e->actor);
        int state = ea && model_actor_type(m, ea) == m->k_state;
        for (size_t k = 0; k < s->nents && !attribute && state; k++) {
            const xent *p = &s->ents[k];
            const actor *pa = model_actor(m, p->actor);
            if (k == i || !pa || model_actor_type(m, pa) != m->k_person)
                continue;
            attribute = !e->rec && !e->act && !e->rec_mark && e->last < p->first &&
                        p->first - e->last <= 4 && no_entity_between(s, e->last, p->first);
        }
        if (!attribute)
            s->ents[kept++] = *e;
    }
    s->nents = kept;
    /* a mark on one name of a list marks the list */
    for (size_t i = 0; i < s->nents; i++)
        for (size_t k = 0; k < s->nents; k++)
            if (s->ents[k].group == s->ents[i].group) {
                s->ents[i].rec |= s->ents[k].rec;
                s->ents[i].act |= s->ents[k].act;
                if (!s->ents[i].rec_mark)
                    s->ents[i].rec_mark = s->ents[k].rec_mark;
            }
    return BLOC_OK;
}

static int read_triggers(sentence *s)
{
    s->ntrigs = s->nneg = s->nclause = s->ncond = 0;
    for (size_t j = 0; j < s->nm; j++) {
        const lex_match *mt = &s->m[j];
        if (mt->e->kind == LK_TRIGGER) {
            int in_name = 0; /* منظمة شنغهاي للتعاون: the name, not cooperation */
            for (size_t e = 0; e < s->nents && !in_name; e++)
                in_name = mt->first >= s->ents[e].first && mt->last <= s->ents[e].last;
            if (in_name)
                continue;
            if (grow((void **)&s->trigs, &s->captrigs, s->ntrigs + 1, sizeof *s->trigs))
                return BLOC_ENOMEM;
            s->trigs[s->ntrigs++] = (xtrig){mt->first, mt->last, (uint32_t)mt->e->val};
        } else if (mt->e->kind == LK_COND) {
            if (grow((void **)&s->cond, &s->capcond, s->ncond + 1, sizeof *s->cond))
                return BLOC_ENOMEM;
            s->cond[s->ncond++] = mt->first;
        } else if (mt->e->kind == LK_CLAUSE) {
            if (grow((void **)&s->clause, &s->capclause, s->nclause + 1, sizeof *s->clause))
                return BLOC_ENOMEM;
            s->clause[s->nclause++] = mt->last + 1;
        } else if (mt->e->kind == LK_NEGATION) {
            int conditional = 0; /* "unless": না হলে, ما لم, если не */
            for (size_t k = 0; k < s->nm && !conditional; k++)
                conditional = s->m[k].e->kind == LK_COND && s->m[k].first <= mt->first &&
                              s->m[k].last >= mt->first;
            if (conditional)
                continue;
            if (grow((void **)&s->neg, &s->capneg, s->nneg + 1, sizeof *s->neg))
                return BLOC_ENOMEM;
            s->neg[s->nneg++] = mt->first;
        }
    }
    return BLOC_OK;
}

/* ---- events ---- */

static int same_codes(const sym *a, size_t na, const sym *b, size_t nb)
{
    if (na != nb)
        return 0;
    for (size_t i = 0; i < na; i++) {
        int in = 0;
        for (size_t k = 0; k < nb && !in; k++)
            in = a[i] == b[k];
        if (!in)
            return 0;
    }
    return 1;
}

/* The same event: type, parties (either way round when mutual) and date (or
 * no date on one of them). */
static int same_event(const xevent *a, const xevent *b)
{
    if (a->cat != b->cat || (a->date && b->date && a->date != b->date))
        return 0;
    if (same_codes(a->actor, a->nactor, b->actor, b->nactor) &&
        same_codes(a->recipient, a->nrecipient, b->recipient, b->nrecipient))
        return 1;
    return (a->mutual || b->mutual) &&
           same_codes(a->actor, a->nactor, b->recipient, b->nrecipient) &&
           same_codes(a->recipient, a->nrecipient, b->actor, b->nactor);
}

static void merge_figs(int64_t *v, size_t *n, const int64_t *w, size_t nw)
{
    for (size_t i = 0; i < nw; i++) {
        int seen = 0;
        for (size_t k = 0; k < *n && !seen; k++)
            seen = v[k] == w[i];
        if (!seen && *n < X_MAXFIGS)
            v[(*n)++] = w[i];
    }
}

/* The dead of b added to a's, with the side and qualifier each was given. */
static void merge_killed(xevent *a, const xevent *b)
{
    for (size_t i = 0; i < b->nkilled; i++) {
        size_t k = 0;
        while (k < a->nkilled && a->killed[k] != b->killed[i])
            k++;
        if (k == a->nkilled) {
            if (k == X_MAXFIGS)
                continue;
            a->killed[k] = b->killed[i];
            a->killed_side[k] = 0;
            a->killed_q[k] = b->killed_q[i];
            a->nkilled++;
        }
        if (!a->killed_side[k])
            a->killed_side[k] = b->killed_side[i];
    }
}

static int write_found(bloc_extractor *x, const found *f);

static int flush_events(bloc_extractor *x)
{
    int rc = BLOC_OK;
    for (size_t i = 0; i < x->nev; i++) {
        if (!rc)
            rc = write_found(x, &x->ev[i]);
        free(x->ev[i].sentence);
    }
    x->nev = 0;
    return rc;
}

static char *sentence_text(const bloc_extractor *x, uint64_t a, uint64_t b)
{
    const char *p = x->para + (a - x->para_off);
    size_t n = (size_t)(b - a);
    if (n > X_SENTMAX) { /* cut at a character boundary */
        n = X_SENTMAX;
        while (n > 0 && ((unsigned char)p[n] & 0xC0) == 0x80)
            n--;
    }
    char *s = malloc(n + 1);
    if (s) {
        memcpy(s, p, n);
        s[n] = '\0';
    }
    return s;
}

typedef struct sent_ctx {
    bloc_extractor *x;
    uint64_t span[2];
} sent_ctx;

static int on_event(void *ud, const sentence *s, const xevent *e)
{
    sent_ctx *c = ud;
    bloc_extractor *x = c->x;
    for (size_t i = 0; i < x->nev; i++) {
        found *f = &x->ev[i];
        if (f->L == s->L && same_event(&f->e, e)) {
            merge_killed(&f->e, e);
            merge_figs(f->e.wounded, &f->e.nwounded, e->wounded, e->nwounded);
            merge_figs(f->e.quantity, &f->e.nquantity, e->quantity, e->nquantity);
            if (e->confidence > f->e.confidence)
                f->e.confidence = e->confidence;
            if (!f->e.date)
                f->e.date = e->date;
            return BLOC_OK;
        }
    }
    if (x->nev == X_MAXDOCEV) {
        int rc = flush_events(x);
        if (rc)
            return rc;
    }
    if (grow((void **)&x->ev, &x->capev, x->nev + 1, sizeof *x->ev))
        return BLOC_ENOMEM;
    found *f = &x->ev[x->nev];
    f->e = *e;
    f->L = s->L;
    f->span[0] = c->span[0];
    f->span[1] = c->span[1];
    const tok *ft = &s->toks[e->trig_first], *lt = &s->toks[e->trig_last];
    f->trig[0] = x->para_off + x->nt.at[ft->off];
    f->trig[1] = x->para_off + x->nt.at[lt->off + lt->len];
    f->sentence = sentence_text(x, c->span[0], c->span[1]);
    if (!f->sentence)
        return BLOC_ENOMEM;
    x->nev++;
    return BLOC_OK;
}

/* BLOC_EXTRACT_TRACE=1: what each sentence was found to hold, on stderr
 * (for whoever extends a lexicon: why an event was or was not made). */
static void trace_tok(const sentence *s, size_t first, size_t last)
{
    const tok *a = &s->toks[first], *b = &s->toks[last];
    fprintf(stderr, "%.*s", (int)(b->off + b->len - a->off), s->text + a->off);
}

static void trace_sentence(const bloc_extractor *x, const sentence *s)
{
    const model *m = &x->db->m;
    fprintf(stderr, "-- [%s] ", s->L->lang);
    trace_tok(s, 0, s->ntok - 1);
    fputc('\n', stderr);
    for (size_t i = 0; i < s->nents; i++) {
        const xent *e = &s->ents[i];
        fprintf(stderr, "   name  %-8s g%u%s%s%s \"", model_str(m, e->actor), e->group,
                e->rec ? " rec" : "", e->act ? " act" : "", e->rec_mark ? " rec(trig)" : "");
        trace_tok(s, e->first, e->last);
        fputs("\"\n", stderr);
    }
    for (size_t i = 0; i < s->ntrigs; i++) {
        const xtrig *t = &s->trigs[i];
        fprintf(stderr, "   trig  %-8s \"", s->L->triggers[t->trigger].type);
        trace_tok(s, t->first, t->last);
        fputs("\"\n", stderr);
    }
    for (size_t i = 0; i < s->nneg; i++)
        fprintf(stderr, "   neg   at token %u\n", s->neg[i]);
}

static void trace_when(const sentence *s)
{
    char d[16];
    for (size_t i = 0; i < s->ndates; i++)
        fprintf(stderr, "   date  %s\n", bloc_date_format(s->dates[i].date, d, sizeof d));
    for (size_t i = 0; i < s->nnums; i++)
        fprintf(stderr, "   num   %lld %s q%d\n", (long long)s->nums[i].value,
                s->nums[i].kind == LK_KILLED    ? "killed"
                : s->nums[i].kind == LK_WOUNDED ? "wounded"
                                                : "",
                s->nums[i].qualifier);
}

/* "The bloc" is the organization the document has named most so far (the
 * latest of equals): an article about the CSTO that mentions NATO once still
 * means the CSTO by "the bloc". */
static void count_org(bloc_extractor *x, sym id)
{
    const model *m = &x->db->m;
    const actor *a = model_actor(m, id);
    if (!a || model_actor_type(m, a) != m->k_org)
        return;
    size_t i = 0;
    while (i < x->norgs && x->orgs[i] != id)
        i++;
    if (i == x->norgs) { /* a new one starts at the low end */
        if (x->norgs == sizeof x->orgs / sizeof *x->orgs)
            return;
        memmove(x->orgs + 1, x->orgs, x->norgs * sizeof *x->orgs);
        memmove(x->org_n + 1, x->org_n, x->norgs * sizeof *x->org_n);
        x->orgs[0] = id;
        x->org_n[0] = 0;
        x->norgs++;
        i = 0;
    }
    x->org_n[i]++;
    /* keep the latest named last among equals: move it past those with as many */
    while (i + 1 < x->norgs && x->org_n[i + 1] <= x->org_n[i]) {
        sym t = x->orgs[i];
        unsigned n = x->org_n[i];
        x->orgs[i] = x->orgs[i + 1];
        x->org_n[i] = x->org_n[i + 1];
        x->orgs[i + 1] = t;
        x->org_n[i + 1] = n;
        i++;
    }
}

static sym focus_org(const bloc_extractor *x)
{
    return x->norgs ? x->orgs[x->norgs - 1] : 0;
}

/* The sentence of tokens a..b-1 of the paragraph. Its matches are the
 * paragraph's from *next on (they are in token order, and sentences come in
 * order): *next moves past them, so each match is looked at once. */
static int do_sentence(bloc_extractor *x, size_t a, size_t b, size_t *next)
{
    sentence *s = &x->s;
    s->L = x->L;
    s->text = x->nt.p;
    s->toks = x->toks + a;
    s->ntok = b - a;
    s->doc_date = x->doc_date;
    s->bloc = focus_org(x);
    s->nm = 0;
    for (; *next < x->npm && x->pm[*next].first < b; ++*next) {
        const lex_match *mt = &x->pm[*next];
        if (mt->first < a || mt->last >= b) /* across the sentence's end */
            continue;
        if (grow((void **)&s->m, &s->capm, s->nm + 1, sizeof *s->m))
            return BLOC_ENOMEM;
        lex_match r = *mt;
        r.first -= (uint32_t)a;
        r.last -= (uint32_t)a;
        s->m[s->nm++] = r;
    }
    int rc = read_entities(x, s);
    if (!rc)
        rc = read_triggers(s);
    for (size_t i = 0; i < s->nents; i++) /* what "the bloc" will mean from here on */
        count_org(x, s->ents[i].actor);
    if (!rc && x->trace)
        trace_sentence(x, s);
    if (rc || !s->ntrigs || !s->nents || (s->nents < 2 && !s->bloc))
        return rc;
    if ((rc = when_read(s)))
        return rc;
    if (x->trace)
        trace_when(s);
    const tok *ft = &s->toks[0], *lt = &s->toks[s->ntok - 1];
    sent_ctx c = {x, {x->para_off + x->nt.at[ft->off], x->para_off + x->nt.at[lt->off + lt->len]}};
    return roles_events(&x->db->m, s, on_event, &c);
}

static int on_paragraph(void *ud, const char *p, size_t n, uint64_t off)
{
    bloc_extractor *x = ud;
    if (x->tail)
        return BLOC_OK;
    text_norm_reset(&x->nt);
    x->ntok = 0;
    size_t bad;
    int rc = text_normalize(x->tt, p, n, 1, &x->nt, &bad);
    if (!rc)
        rc = lex_tokenize(x->tt, x->nt.p, x->nt.len, &x->toks, &x->ntok, &x->captok);
    if (rc)
        return rc;
    int l = paragraph_lang(x);
    size_t letters = 0;
    for (size_t i = 0; i < x->ntok; i++)
        letters += x->toks[i].cls == TEXT_WORD ? x->toks[i].len : 0;
    x->langs[l < 0 ? X_MAXLANG : (size_t)l] += letters;
    if (l < 0)
        return BLOC_OK;
    x->L = &x->lex[l];
    x->para = p;
    x->para_off = off;
    if ((rc = match_paragraph(x)))
        return rc;
    int boiler = 0;
    for (size_t j = 0; j < x->npm; j++) {
        if (x->pm[j].e->kind == LK_TAIL) { /* the page's tail: nothing after is news */
            x->tail = 1;
            return BLOC_OK;
        }
        boiler |= x->pm[j].e->kind == LK_BOILER;
    }
    if (boiler)
        return BLOC_OK;
    size_t a = 0, next = 0;
    for (size_t i = 0; !rc && i < x->ntok; i++)
        if (ends_at(x, i) || i + 1 == x->ntok) {
            rc = do_sentence(x, a, i + 1, &next);
            a = i + 1;
        }
    return rc;
}

/* ---- output ---- */

/* Events are written as they are made into one reused buffer (no tree of
 * JSON values: at millions of events the writing is a quarter of the time). */
static int put_str(buf *b, const char *s)
{
    return s ? json_put_string(b, s, strlen(s)) : buf_puts(b, "null");
}

static int put_codes(buf *b, const model *m, const sym *v, size_t n)
{
    int rc = buf_putc(b, '[');
    for (size_t i = 0; !rc && i < n; i++)
        rc = (i ? buf_putc(b, ',') : 0) || put_str(b, model_str(m, v[i]));
    return rc || buf_putc(b, ']');
}

static int put_nums(buf *b, const int64_t *v, size_t n)
{
    int rc = buf_putc(b, '[');
    for (size_t i = 0; !rc && i < n; i++)
        rc = buf_printf(b, "%s%lld", i ? "," : "", (long long)v[i]);
    return rc || buf_putc(b, ']');
}

static int write_found(bloc_extractor *x, const found *f)
{
    const model *m = &x->db->m;
    const xevent *e = &f->e;
    buf *b = &x->out;
    char date[16];
    buf_reset(b);
    int rc = buf_puts(b, "{\"doc\":");
    rc = rc || put_str(b, x->doc) || buf_puts(b, ",\"event_type\":") || put_str(b, e->type);
    rc = rc || buf_puts(b, ",\"mode\":") || put_str(b, e->mode) || buf_puts(b, ",\"date\":") ||
         put_str(b, e->date ? bloc_date_format(e->date, date, sizeof date) : NULL);
    rc = rc || buf_puts(b, ",\"actor\":") || put_codes(b, m, e->actor, e->nactor);
    rc = rc || buf_puts(b, ",\"recipient\":") || put_codes(b, m, e->recipient, e->nrecipient);
    rc = rc || buf_puts(b, ",\"killed\":") || put_nums(b, e->killed, e->nkilled);
    rc = rc || buf_puts(b, ",\"wounded\":") || put_nums(b, e->wounded, e->nwounded);
    rc = rc || buf_puts(b, ",\"quantity\":") || put_nums(b, e->quantity, e->nquantity);
    rc = rc || buf_puts(b, ",\"casualties\":[");
    for (size_t i = 0, n = 0; !rc && i < e->nkilled; i++) {
        if (!e->killed_side[i])
            continue;
        rc = buf_puts(b, n++ ? ",{\"side\":" : "{\"side\":") ||
             put_str(b, model_str(m, e->killed_side[i])) ||
             buf_printf(b, ",\"killed\":%lld,\"qualifier\":\"%s\"}", (long long)e->killed[i],
                        lex_qualifier_name(e->killed_q[i]));
    }
    rc = rc || buf_puts(b, "],\"lang\":") || put_str(b, f->L->lang);
    rc = rc || buf_printf(b, ",\"span\":[%llu,%llu],\"trigger\":[%llu,%llu],\"sentence\":",
                          (unsigned long long)f->span[0], (unsigned long long)f->span[1],
                          (unsigned long long)f->trig[0], (unsigned long long)f->trig[1]);
    rc = rc || put_str(b, f->sentence);
    int pc = (int)(e->confidence * 100 + 0.5);
    rc = rc || buf_printf(b, ",\"confidence\":%d.%02d}\n", pc / 100, pc % 100);
    if (rc)
        return db_err(x->db, rc, "%s: an event too large to write", x->doc);
    return x->fn(x->ud, b->p, b->len);
}

/* ---- documents ---- */

static void start_doc(bloc_extractor *x, const char *name, bloc_write_fn fn, void *ud)
{
    const char *slash = strrchr(name, '/');
    x->doc = slash ? slash + 1 : name;
    x->tail = 0;
    x->norgs = 0;
    x->nev = 0;
    memset(x->langs, 0, sizeof x->langs);
    x->fn = fn;
    x->ud = ud;
}

static int end_doc(bloc_extractor *x, int rc)
{
    if (!rc)
        rc = flush_events(x);
    for (size_t i = 0; i < x->nev; i++)
        free(x->ev[i].sentence);
    x->nev = 0;
    if (rc == BLOC_ENOMEM)
        return db_err(x->db, rc, "%s: out of memory", x->doc);
    return rc;
}

int bloc_extract_file(bloc_extractor *x, const char *path, bloc_write_fn fn, void *ud)
{
    char err[512];
    int rc = reader_check(path, x->lossy, err, sizeof err);
    if (rc)
        return db_err(x->db, rc, "%s", err);
    start_doc(x, path, fn, ud);
    rc = reader_paragraphs(path, on_paragraph, x, err, sizeof err);
    if (rc == BLOC_EIO)
        return db_err(x->db, rc, "%s", err);
    return end_doc(x, rc);
}

int bloc_extract_buffer(bloc_extractor *x, const char *name, const char *text, size_t len,
                        bloc_write_fn fn, void *ud)
{
    size_t bad = 0;
    const char *nul = memchr(text, 0, len);
    if (nul)
        return db_err(x->db, BLOC_EPARSE, "%s: not text: a NUL byte at byte offset %zu", name,
                      (size_t)(nul - text));
    if (!x->lossy && !text_valid_utf8(text, len, &bad))
        return db_err(x->db, BLOC_EPARSE,
                      "%s: invalid UTF-8 at byte offset %zu (--lossy replaces bad bytes)", name,
                      bad);
    start_doc(x, name, fn, ud);
    return end_doc(x, reader_buffer(text, len, on_paragraph, x));
}

const char *bloc_extractor_lang(const bloc_extractor *x)
{
    size_t best = X_MAXLANG;
    for (size_t l = 0; l < x->nlex; l++)
        if (x->langs[l] && (best == X_MAXLANG || x->langs[l] > x->langs[best]))
            best = l;
    return best < x->nlex ? x->lex[best].lang : NULL;
}

bloc_db *bloc_extractor_db(const bloc_extractor *x)
{
    return x->db;
}

int bloc_extractor_lossy(const bloc_extractor *x)
{
    return x->lossy;
}

bloc_date bloc_extractor_date(const bloc_extractor *x)
{
    return x->doc_date;
}
