/*
 * extract/lexicon.c - compiling a language's lexicon file into a matcher, and
 * matching it against tokens.
 *
 * Every pattern is normalized and cut into words exactly as news text is, so
 * a pattern and the text it should match compare byte for byte. Patterns are
 * chained in a hash table by their first word: exact first words in one table,
 * stems in another (looked up with each prefix of a token whose length some
 * stem has). A token may carry one of the language's prefixes (on a pattern's
 * first word) and one of its suffixes (on the last), or the suffix may follow
 * as its own token after a hyphen or apostrophe (CSTO-র, Armenia's).
 */
#include "extract/lexicon.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bloc/bloc.h"
#include "util/buf.h"

#define LEX_MAXWORDS 12 /* words in one pattern */
#define LEX_MAXAFFIX 31 /* bytes of one prefix or suffix */

static const char *const qualifier_names[] = {"exact", "about", "at_least", "at_most",
                                              "over",  "under", "nearly"};

const char *lex_qualifier_name(int q)
{
    return q >= 0 && q < (int)(sizeof qualifier_names / sizeof *qualifier_names)
               ? qualifier_names[q]
               : "exact";
}

static const char *const plover[] = {
    "AGREE",  "CONSULT", "SUPPORT",  "CONCEDE", "COOPERATE", "AID",      "RETREAT", "REQUEST",
    "ACCUSE", "REJECT",  "THREATEN", "PROTEST", "SANCTION",  "MOBILIZE", "COERCE",  "ASSAULT"};

const char *lex_plover_name(int cat)
{
    return cat >= 0 && cat < (int)(sizeof plover / sizeof *plover) ? plover[cat] : "";
}

/* ---- tokens ---- */

int lex_tokenize(text_table *tt, const char *p, size_t len, tok **toks, size_t *n, size_t *cap)
{
    size_t i = 0;
    int space = 1;
    while (i < len) {
        size_t k;
        enum text_script sc;
        enum text_class c = text_char(tt, p + i, len - i, &k, &sc);
        if (c == TEXT_SPACE) {
            space = 1;
            i += k;
            continue;
        }
        if (grow((void **)toks, cap, *n + 1, sizeof **toks))
            return BLOC_ENOMEM;
        tok *t = &(*toks)[(*n)++];
        t->off = (uint32_t)i;
        t->cls = (uint8_t)c;
        t->script = (uint8_t)sc;
        t->glued = (uint8_t)!space;
        space = 0;
        i += k;
        if (c == TEXT_PUNCT) {
            t->len = (uint32_t)k;
            continue;
        }
        /* a run of the same class (letters with their marks, or digits) */
        while (i < len) {
            enum text_script s2;
            enum text_class c2 = text_char(tt, p + i, len - i, &k, &s2);
            if (c2 != c)
                break;
            i += k;
        }
        t->len = (uint32_t)(i - t->off);
    }
    return BLOC_OK;
}

/* ---- building ---- */

static uint32_t hash_bytes(const char *s, size_t n)
{
    uint32_t h = 2166136261u;
    for (size_t i = 0; i < n; i++)
        h = (h ^ (unsigned char)s[i]) * 16777619u;
    return h;
}

static int pool_add(lexicon *L, const char *s, size_t n, uint32_t *off)
{
    if (grow((void **)&L->pool, &L->pcap, L->plen + n + 1, 1))
        return BLOC_ENOMEM;
    memcpy(L->pool + L->plen, s, n);
    L->pool[L->plen + n] = '\0';
    *off = (uint32_t)L->plen;
    L->plen += n + 1;
    return BLOC_OK;
}

/* The words of a pattern (normalized and tokenized like text; "word*" is a
 * stem), appended to L->words; *first, *n. BLOC_EINVAL for an empty or too
 * long pattern. */
static int pattern_words(lexicon *L, text_table *tt, const char *pattern, uint32_t *first,
                         size_t *nw)
{
    text_norm nt = {0};
    tok *toks = NULL;
    size_t ntok = 0, cap = 0;
    int rc = text_normalize(tt, pattern, strlen(pattern), 1, &nt, NULL);
    if (!rc)
        rc = lex_tokenize(tt, nt.p, nt.len, &toks, &ntok, &cap);
    *first = (uint32_t)L->nwords;
    *nw = 0;
    for (size_t i = 0; !rc && i < ntok; i++) {
        const tok *t = &toks[i];
        if (t->cls == TEXT_PUNCT && nt.p[t->off] == '*' && t->glued && *nw) {
            L->words[L->nwords - 1].stem = 1;
            continue;
        }
        int any = t->cls == TEXT_PUNCT && nt.p[t->off] == '_' && t->len == 1;
        if (any && !*nw) { /* a pattern cannot start with "any word": it is looked up by it */
            rc = BLOC_EINVAL;
            break;
        }
        if (*nw == LEX_MAXWORDS || t->len > 0xFFFF) {
            rc = BLOC_EINVAL;
            break;
        }
        rc = grow((void **)&L->words, &L->capwords, L->nwords + 1, sizeof *L->words);
        if (!rc) {
            lex_word *w = &L->words[L->nwords];
            w->len = (uint16_t)t->len;
            w->stem = 0;
            w->any = (uint8_t)any;
            rc = pool_add(L, nt.p + t->off, t->len, &w->off);
        }
        if (!rc) {
            L->nwords++;
            (*nw)++;
        }
    }
    if (!rc && !*nw)
        rc = BLOC_EINVAL;
    if (rc)
        L->nwords = *first;
    free(toks);
    text_norm_free(&nt);
    return rc;
}

int lex_add(lexicon *L, text_table *tt, const char *pattern, enum lex_kind kind, int64_t val,
            const char *code)
{
    uint32_t first;
    size_t nw;
    int rc = pattern_words(L, tt, pattern, &first, &nw);
    if (rc)
        return rc;
    rc = grow((void **)&L->entries, &L->capentries, L->nentries + 1, sizeof *L->entries);
    if (rc)
        return rc;
    lex_entry *e = &L->entries[L->nentries];
    memset(e, 0, sizeof *e);
    e->kind = (uint8_t)kind;
    e->nword = (uint8_t)nw;
    /* a short all-capitals name is an acronym: "US" is not "us", "CAR" not "car" */
    size_t upper = 0, len = strlen(pattern), other = 0;
    for (size_t k = 0; k < len; k++)
        if (pattern[k] >= 'A' && pattern[k] <= 'Z')
            upper++;
        else if (pattern[k] != '.' && pattern[k] != '-' && pattern[k] != ' ')
            other++;
    e->caps = (uint8_t)(kind == LK_ACTOR && upper && !other && len <= 6);
    e->word = first;
    e->val = val;
    if (code) {
        uint32_t off;
        if (pool_add(L, code, strlen(code), &off))
            return BLOC_ENOMEM;
        e->code = off + 1;
    }
    L->nentries++;
    return BLOC_OK;
}

/* Bucket affixes by a byte (first or last) for fast lookup. */
static int bucket(const lexicon *L, const lex_word *w, size_t n, int last, uint16_t **ix,
                  uint16_t by[257])
{
    free(*ix);
    *ix = malloc((n ? n : 1) * sizeof **ix);
    if (!*ix)
        return BLOC_ENOMEM;
    size_t k = 0;
    for (int b = 0; b < 256; b++) {
        by[b] = (uint16_t)k;
        for (size_t i = 0; i < n; i++) { /* in the array's order: longest first */
            const unsigned char *p = (const unsigned char *)L->pool + w[i].off;
            if ((last ? p[w[i].len - 1] : p[0]) == b)
                (*ix)[k++] = (uint16_t)i;
        }
    }
    by[256] = (uint16_t)k;
    return BLOC_OK;
}

static int is_marker(int kind)
{
    return kind == LK_REC_BEFORE || kind == LK_REC_AFTER || kind == LK_ACT_BEFORE ||
           kind == LK_ACT_AFTER || kind == LK_AND || kind == LK_PLACE_BEFORE ||
           kind == LK_PLACE_AFTER;
}

/* (Re)build the hash chains over every entry. */
static int lex_index(lexicon *L)
{
    if (L->nprefixes > 0xFFFF || L->nsuffixes > 0xFFFF ||
        bucket(L, L->prefixes, L->nprefixes, 0, &L->pre_ix, L->pre_by) ||
        bucket(L, L->suffixes, L->nsuffixes, 1, &L->suf_ix, L->suf_by))
        return BLOC_ENOMEM;
    free(L->marks);
    L->nmarks = 0;
    L->marks = malloc((L->nentries ? L->nentries : 1) * sizeof *L->marks);
    if (!L->marks)
        return BLOC_ENOMEM;
    for (size_t i = 0; i < L->nentries; i++)
        if (is_marker(L->entries[i].kind) && L->entries[i].nword == 1)
            L->marks[L->nmarks++] = (uint32_t)i;
    size_t n = 64;
    while (n < L->nentries * 2)
        n *= 2;
    uint32_t *h = calloc(n, sizeof *h);
    if (!h)
        return BLOC_ENOMEM;
    free(L->heads);
    L->heads = h;
    L->nheads = n;
    L->ntrie = 0;
    if (grow((void **)&L->trie, &L->captrie, 1, sizeof *L->trie))
        return BLOC_ENOMEM;
    memset(&L->trie[0], 0, sizeof *L->trie);
    L->ntrie = 1;
    for (size_t i = L->nentries; i-- > 0;) { /* so that chains run in file order */
        lex_entry *e = &L->entries[i];
        const lex_word *w = &L->words[e->word];
        if (!w->stem) {
            size_t slot = hash_bytes(L->pool + w->off, w->len) & (n - 1);
            e->next = h[slot];
            h[slot] = (uint32_t)i + 1;
            continue;
        }
        uint32_t node = 0;
        for (size_t k = 0; k < w->len; k++) {
            unsigned char b = (unsigned char)L->pool[w->off + k];
            uint32_t c = L->trie[node].child;
            while (c && L->trie[c].b != b)
                c = L->trie[c].sibling;
            if (!c) {
                if (grow((void **)&L->trie, &L->captrie, L->ntrie + 1, sizeof *L->trie))
                    return BLOC_ENOMEM;
                c = (uint32_t)L->ntrie++;
                L->trie[c] = (struct lex_node){0, L->trie[node].child, 0, b};
                L->trie[node].child = c;
            }
            node = c;
        }
        e->next = L->trie[node].entries;
        L->trie[node].entries = (uint32_t)i + 1;
    }
    return BLOC_OK;
}

/* Affixes: normalized single words, longest first (so the longest is tried first). */
static int cmp_affix(const void *a, const void *b)
{
    const lex_word *x = a, *y = b;
    return (int)y->len - (int)x->len;
}

/* ---- the file ---- */

typedef struct shared_mark {
    int kind;
    const char *pattern; /* borrowed from the document */
    uint32_t entry;
} shared_mark;

typedef struct compiler {
    lexicon *L;
    shared_mark *sm; /* the triggers' own markers, each word once */
    size_t nsm, capsm;
    text_table *tt;
    char *err;
    size_t errlen;
    char where[96];
} compiler;

#if defined(__GNUC__)
__attribute__((format(printf, 2, 3)))
#endif
static int
bad(compiler *c, const char *fmt, ...)
{
    char msg[160];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    fmt_into(c->err, c->errlen, "%s: %s", c->where, msg);
    return BLOC_EPARSE;
}

static int add_pattern(compiler *c, const jv *v, enum lex_kind kind, int64_t val, const char *code)
{
    const char *s = jv_str(v);
    if (!s)
        return bad(c, "a pattern must be a string");
    int rc = lex_add(c->L, c->tt, s, kind, val, code);
    if (rc == BLOC_EINVAL)
        return bad(c, "\"%s\": not a pattern (no words, or more than 12)", s);
    return rc;
}

/* A list of patterns of one kind. */
static int add_list(compiler *c, const char *key, const jv *arr, enum lex_kind kind, int64_t val)
{
    fmt_into(c->where, sizeof c->where, "%s", key);
    if (!arr)
        return BLOC_OK;
    if (jv_typeof(arr) != JV_ARRAY)
        return bad(c, "must be a list of patterns");
    for (size_t i = 0; i < jv_len(arr); i++) {
        fmt_into(c->where, sizeof c->where, "%s[%zu]", key, i);
        int rc = add_pattern(c, jv_at(arr, i), kind, val, NULL);
        if (rc)
            return rc;
    }
    return BLOC_OK;
}

/* {"pattern": number, ...} */
static int add_valued(compiler *c, const char *key, const jv *obj, enum lex_kind kind, long long lo,
                      long long hi)
{
    fmt_into(c->where, sizeof c->where, "%s", key);
    if (!obj)
        return BLOC_OK;
    if (jv_typeof(obj) != JV_OBJECT)
        return bad(c, "must be an object of pattern: number");
    for (void *it = jv_iter(obj); it; it = jv_next(obj, it)) {
        const jv *v = jv_iter_value(it);
        fmt_into(c->where, sizeof c->where, "%s.%s", key, jv_iter_key(it));
        if (jv_typeof(v) != JV_INTEGER || jv_int(v) < lo || jv_int(v) > hi)
            return bad(c, "must be a whole number in range");
        int rc = lex_add(c->L, c->tt, jv_iter_key(it), kind, jv_int(v), NULL);
        if (rc == BLOC_EINVAL)
            return bad(c, "not a pattern");
        if (rc)
            return rc;
    }
    return BLOC_OK;
}

/* {"CODE": [patterns], ...}: more names of actors. */
static int add_names(compiler *c, const char *key, const jv *obj, int64_t val)
{
    fmt_into(c->where, sizeof c->where, "%s", key);
    if (!obj)
        return BLOC_OK;
    if (jv_typeof(obj) != JV_OBJECT)
        return bad(c, "must be an object of actor code: [patterns]");
    for (void *it = jv_iter(obj); it; it = jv_next(obj, it)) {
        const jv *arr = jv_iter_value(it);
        const char *code = jv_iter_key(it);
        fmt_into(c->where, sizeof c->where, "%s.%s", key, code);
        if (jv_typeof(arr) != JV_ARRAY)
            return bad(c, "must be a list of patterns");
        for (size_t i = 0; i < jv_len(arr); i++) {
            fmt_into(c->where, sizeof c->where, "%s.%s[%zu]", key, code, i);
            int rc = add_pattern(c, jv_at(arr, i), LK_ACTOR, val, code);
            if (rc)
                return rc;
        }
    }
    return BLOC_OK;
}

/* prefixes / suffixes: single normalized words. */
static int add_affixes(compiler *c, const char *key, const jv *arr, lex_word **out, size_t *n)
{
    fmt_into(c->where, sizeof c->where, "%s", key);
    if (!arr)
        return BLOC_OK;
    if (jv_typeof(arr) != JV_ARRAY)
        return bad(c, "must be a list of strings");
    *out = calloc(jv_len(arr) ? jv_len(arr) : 1, sizeof **out);
    if (!*out)
        return BLOC_ENOMEM;
    for (size_t i = 0; i < jv_len(arr); i++) {
        const char *s = jv_str(jv_at(arr, i));
        fmt_into(c->where, sizeof c->where, "%s[%zu]", key, i);
        if (!s)
            return bad(c, "must be a string");
        text_norm nt = {0};
        int rc = text_normalize(c->tt, s, strlen(s), 1, &nt, NULL);
        if (rc) {
            text_norm_free(&nt);
            return rc;
        }
        /* a leading hyphen or apostrophe is how the doc may write a suffix: drop it */
        size_t skip = nt.len && (nt.p[0] == '-' || nt.p[0] == '\'');
        if (nt.len - skip == 0 || nt.len - skip > LEX_MAXAFFIX) {
            text_norm_free(&nt);
            return bad(c, "\"%s\": empty or longer than 31 bytes", s);
        }
        lex_word *w = &(*out)[(*n)++];
        w->len = (uint16_t)(nt.len - skip);
        rc = pool_add(c->L, nt.p + skip, w->len, &w->off);
        text_norm_free(&nt);
        if (rc)
            return rc;
    }
    qsort(*out, *n, sizeof **out, cmp_affix);
    return BLOC_OK;
}

static int set_scripts(compiler *c, const jv *arr)
{
    static const struct {
        const char *code;
        enum text_script s;
    } map[] = {{"Latn", SCRIPT_LATIN},
               {"Cyrl", SCRIPT_CYRILLIC},
               {"Arab", SCRIPT_ARABIC},
               {"Beng", SCRIPT_BENGALI}};
    fmt_into(c->where, sizeof c->where, "scripts");
    if (jv_typeof(arr) != JV_ARRAY || !jv_len(arr))
        return bad(c, "must be a non-empty list of ISO 15924 codes (Latn, Cyrl, Arab, Beng)");
    for (size_t i = 0; i < jv_len(arr); i++) {
        const char *s = jv_str(jv_at(arr, i));
        size_t k = 0;
        while (k < sizeof map / sizeof *map && (!s || strcmp(map[k].code, s) != 0))
            k++;
        fmt_into(c->where, sizeof c->where, "scripts[%zu]", i);
        if (k == sizeof map / sizeof *map)
            return bad(c, "\"%s\": not a script bloc reads (Latn, Cyrl, Arab, Beng)", s);
        c->L->scripts |= (uint8_t)(1u << map[k].s);
    }
    return BLOC_OK;
}

static int set_ends(compiler *c, const jv *arr)
{
    buf b;
    buf_init(&b, 4096);
    fmt_into(c->where, sizeof c->where, "sentence_ends");
    if (jv_typeof(arr) != JV_ARRAY || !jv_len(arr))
        return bad(c, "must be a non-empty list of strings");
    int rc = BLOC_OK;
    for (size_t i = 0; !rc && i < jv_len(arr); i++) {
        const char *s = jv_str(jv_at(arr, i));
        text_norm nt = {0};
        if (!s) {
            fmt_into(c->where, sizeof c->where, "sentence_ends[%zu]", i);
            rc = bad(c, "must be a string");
            break;
        }
        rc = text_normalize(c->tt, s, strlen(s), 1, &nt, NULL);
        if (!rc)
            rc = buf_add(&b, nt.p, nt.len + 1);
        text_norm_free(&nt);
    }
    if (!rc)
        rc = buf_putc(&b, '\0');
    if (rc) {
        buf_free(&b);
        return rc;
    }
    c->L->sentence_ends = buf_steal(&b);
    return c->L->sentence_ends ? BLOC_OK : BLOC_ENOMEM;
}

static int only_keys(compiler *c, const jv *obj, const char *const *keys, const char *what)
{
    for (void *it = jv_iter(obj); it; it = jv_next(obj, it)) {
        size_t k = 0;
        while (keys[k] && strcmp(keys[k], jv_iter_key(it)) != 0)
            k++;
        if (!keys[k]) {
            fmt_into(c->where, sizeof c->where, "%s", what);
            return bad(c, "unknown key \"%s\"", jv_iter_key(it));
        }
    }
    return BLOC_OK;
}

/* A trigger's own recipient markers: one entry per distinct word (val -1),
 * listed by each trigger that takes it. */
static int add_trigger_marks(compiler *c, const char *key, const jv *arr, int kind, size_t trig)
{
    lexicon *L = c->L;
    fmt_into(c->where, sizeof c->where, "%s", key);
    if (!arr)
        return BLOC_OK;
    if (jv_typeof(arr) != JV_ARRAY)
        return bad(c, "must be a list of patterns");
    for (size_t i = 0; i < jv_len(arr); i++) {
        const char *p = jv_str(jv_at(arr, i));
        fmt_into(c->where, sizeof c->where, "%s[%zu]", key, i);
        if (!p)
            return bad(c, "a pattern must be a string");
        size_t k = 0;
        while (k < c->nsm && (c->sm[k].kind != kind || strcmp(c->sm[k].pattern, p) != 0))
            k++;
        if (k == c->nsm) {
            int rc = lex_add(L, c->tt, p, (enum lex_kind)kind, -1, NULL);
            if (rc == BLOC_EINVAL)
                return bad(c, "\"%s\": not a pattern (no words, or more than 12)", p);
            if (rc || grow((void **)&c->sm, &c->capsm, c->nsm + 1, sizeof *c->sm))
                return BLOC_ENOMEM;
            c->sm[c->nsm++] = (shared_mark){kind, p, (uint32_t)L->nentries - 1};
        }
        lex_trigger *tr = &L->triggers[trig];
        if (grow((void **)&tr->marks, &tr->capmarks, tr->nmarks + 1, sizeof *tr->marks))
            return BLOC_ENOMEM;
        tr->marks[tr->nmarks++] = c->sm[k].entry;
    }
    return BLOC_OK;
}

int lex_trigger_marks(const lexicon *L, size_t trig, uint32_t entry)
{
    const lex_trigger *tr = &L->triggers[trig];
    for (size_t i = 0; i < tr->nmarks; i++)
        if (tr->marks[i] == entry)
            return 1;
    return 0;
}

static int add_triggers(compiler *c, const jv *arr)
{
    static const char *const keys[] = {
        "w", "type", "mode", "mutual", "passive", "bloc", "recipient_before", "recipient_after",
        NULL};
    lexicon *L = c->L;
    fmt_into(c->where, sizeof c->where, "triggers");
    if (jv_typeof(arr) != JV_ARRAY)
        return bad(c, "must be a list");
    for (size_t i = 0; i < jv_len(arr); i++) {
        const jv *t = jv_at(arr, i);
        char what[32];
        fmt_into(what, sizeof what, "triggers[%zu]", i);
        fmt_into(c->where, sizeof c->where, "%s", what);
        if (jv_typeof(t) != JV_OBJECT)
            return bad(c, "must be an object");
        int rc = only_keys(c, t, keys, what);
        if (rc)
            return rc;
        const char *type = jv_str(jv_get(t, "type")), *mode = jv_str(jv_get(t, "mode"));
        size_t k = 0;
        while (k < sizeof plover / sizeof *plover && (!type || strcmp(plover[k], type) != 0))
            k++;
        fmt_into(c->where, sizeof c->where, "%s.type", what);
        if (k == sizeof plover / sizeof *plover)
            return bad(c, "\"%s\": not a PLOVER category", type ? type : "(missing)");
        if (grow((void **)&L->triggers, &L->captriggers, L->ntriggers + 1, sizeof *L->triggers))
            return BLOC_ENOMEM;
        lex_trigger *tr = &L->triggers[L->ntriggers];
        memset(tr, 0, sizeof *tr);
        fmt_into(tr->type, sizeof tr->type, "%s", type);
        tr->cat = (uint8_t)k;
        tr->mutual = jv_typeof(jv_get(t, "mutual")) == JV_TRUE;
        tr->passive = jv_typeof(jv_get(t, "passive")) == JV_TRUE;
        tr->bloc = jv_typeof(jv_get(t, "bloc")) == JV_TRUE;
        if (mode && !(tr->mode = xstrdup(mode)))
            return BLOC_ENOMEM;
        L->ntriggers++;
        fmt_into(c->where, sizeof c->where, "%s.w", what);
        if ((rc = add_pattern(c, jv_get(t, "w"), LK_TRIGGER, (int64_t)L->ntriggers - 1, NULL)))
            return rc;
        char key[48];
        fmt_into(key, sizeof key, "%s.recipient_before", what);
        if ((rc = add_trigger_marks(c, key, jv_get(t, "recipient_before"), LK_REC_BEFORE,
                                    L->ntriggers - 1)))
            return rc;
        fmt_into(key, sizeof key, "%s.recipient_after", what);
        if ((rc = add_trigger_marks(c, key, jv_get(t, "recipient_after"), LK_REC_AFTER,
                                    L->ntriggers - 1)))
            return rc;
    }
    return BLOC_OK;
}

static int add_relative(compiler *c, const jv *arr)
{
    lexicon *L = c->L;
    fmt_into(c->where, sizeof c->where, "relative");
    if (!arr)
        return BLOC_OK;
    if (jv_typeof(arr) != JV_ARRAY)
        return bad(c, "must be a list");
    for (size_t i = 0; i < jv_len(arr); i++) {
        const jv *r = jv_at(arr, i);
        const char *unit = jv_str(jv_get(r, "unit"));
        fmt_into(c->where, sizeof c->where, "relative[%zu]", i);
        if (!unit || (strcmp(unit, "day") && strcmp(unit, "week") && strcmp(unit, "month") &&
                      strcmp(unit, "year")))
            return bad(c, "unit must be day, week, month or year");
        if (jv_typeof(jv_get(r, "n")) != JV_INTEGER || jv_int(jv_get(r, "n")) < -100 ||
            jv_int(jv_get(r, "n")) > 100)
            return bad(c, "n must be a whole number from -100 to 100");
        if (grow((void **)&L->relative, &L->caprelative, L->nrelative + 1, sizeof *L->relative))
            return BLOC_ENOMEM;
        L->relative[L->nrelative] = (lex_relative){unit[0], (int)jv_int(jv_get(r, "n"))};
        L->nrelative++;
        int rc = add_pattern(c, jv_get(r, "w"), LK_RELATIVE, (int64_t)L->nrelative - 1, NULL);
        if (rc)
            return rc;
    }
    return BLOC_OK;
}

static int add_qualifiers(compiler *c, const jv *obj)
{
    fmt_into(c->where, sizeof c->where, "qualifiers");
    if (!obj)
        return BLOC_OK;
    if (jv_typeof(obj) != JV_OBJECT)
        return bad(c, "must be an object of pattern: qualifier");
    for (void *it = jv_iter(obj); it; it = jv_next(obj, it)) {
        const char *q = jv_str(jv_iter_value(it));
        size_t k = 1; /* "exact" is not a qualifier one writes */
        while (k < sizeof qualifier_names / sizeof *qualifier_names &&
               (!q || strcmp(qualifier_names[k], q) != 0))
            k++;
        fmt_into(c->where, sizeof c->where, "qualifiers.%s", jv_iter_key(it));
        if (k == sizeof qualifier_names / sizeof *qualifier_names)
            return bad(c, "\"%s\": not one of about, at_least, at_most, over, under, nearly", q);
        int rc = lex_add(c->L, c->tt, jv_iter_key(it), LK_QUALIFIER, (int64_t)k, NULL);
        if (rc == BLOC_EINVAL)
            return bad(c, "not a pattern");
        if (rc)
            return rc;
    }
    return BLOC_OK;
}

static int add_grammar(compiler *c, const jv *g)
{
    static const char *const keys[] = {
        "order", "recipient_before", "recipient_after", "actor_before", "actor_after",
        "and",   "place_before",     "place_after",     "clause",       NULL};
    fmt_into(c->where, sizeof c->where, "grammar");
    if (jv_typeof(g) != JV_OBJECT)
        return bad(c, "must be an object");
    int rc = only_keys(c, g, keys, "grammar");
    if (rc)
        return rc;
    const char *order = jv_str(jv_get(g, "order"));
    fmt_into(c->where, sizeof c->where, "grammar.order");
    if (!order)
        return bad(c, "missing (SVO, SOV or VSO)");
    if (strcmp(order, "SVO") == 0)
        c->L->order = ORDER_SVO;
    else if (strcmp(order, "SOV") == 0)
        c->L->order = ORDER_SOV;
    else if (strcmp(order, "VSO") == 0)
        c->L->order = ORDER_VSO;
    else
        return bad(c, "\"%s\": not SVO, SOV or VSO", order);
    if ((rc = add_list(c, "grammar.recipient_before", jv_get(g, "recipient_before"), LK_REC_BEFORE,
                       0)) ||
        (rc = add_list(c, "grammar.recipient_after", jv_get(g, "recipient_after"), LK_REC_AFTER,
                       0)) ||
        (rc = add_list(c, "grammar.actor_before", jv_get(g, "actor_before"), LK_ACT_BEFORE, 0)) ||
        (rc = add_list(c, "grammar.actor_after", jv_get(g, "actor_after"), LK_ACT_AFTER, 0)) ||
        (rc = add_list(c, "grammar.and", jv_get(g, "and"), LK_AND, 0)) ||
        (rc = add_list(c, "grammar.place_before", jv_get(g, "place_before"), LK_PLACE_BEFORE, 0)) ||
        (rc = add_list(c, "grammar.place_after", jv_get(g, "place_after"), LK_PLACE_AFTER, 0)) ||
        (rc = add_list(c, "grammar.clause", jv_get(g, "clause"), LK_CLAUSE, 0)))
        return rc;
    return BLOC_OK;
}

static int compile_doc(compiler *c, const jv *doc);

int lex_compile(lexicon *L, text_table *tt, const jv *doc, char *err, size_t errlen)
{
    compiler c = {.L = L, .tt = tt, .err = err, .errlen = errlen};
    int rc = compile_doc(&c, doc);
    free(c.sm);
    return rc ? rc : lex_index(L);
}

static int compile_doc(compiler *c, const jv *doc)
{
    lexicon *L = c->L;
    static const char *const keys[] = {"lang",
                                       "name",
                                       "scripts",
                                       "stopwords",
                                       "sentence_ends",
                                       "prefixes",
                                       "suffixes",
                                       "metonyms",
                                       "demonyms",
                                       "orgs",
                                       "months",
                                       "weekdays",
                                       "relative",
                                       "year_words",
                                       "numbers",
                                       "multipliers",
                                       "qualifiers",
                                       "figures",
                                       "negations",
                                       "boilerplate",
                                       "boilerplate_tail",
                                       "grammar",
                                       "triggers",
                                       "bloc_words",
                                       "conditionals",
                                       NULL};
    static const char *const fig_keys[] = {"killed", "wounded", "units", NULL};
    fmt_into(c->where, sizeof c->where, "(top)");
    if (jv_typeof(doc) != JV_OBJECT)
        return bad(c, "a lexicon is a JSON object");
    int rc = only_keys(c, doc, keys, "(top)");
    if (rc)
        return rc;
    const char *lang = jv_str(jv_get(doc, "lang")), *name = jv_str(jv_get(doc, "name"));
    fmt_into(c->where, sizeof c->where, "lang");
    if (!lang || strlen(lang) != 3)
        return bad(c, "must be an ISO 639-3 code (ben, ara, rus, eng)");
    memcpy(L->lang, lang, 4);
    fmt_into(L->name, sizeof L->name, "%s", name ? name : lang);
    const jv *fig = jv_get(doc, "figures");
    if (fig && jv_typeof(fig) != JV_OBJECT) {
        fmt_into(c->where, sizeof c->where, "figures");
        return bad(c, "must be an object");
    }
    if ((rc = set_scripts(c, jv_get(doc, "scripts"))) ||
        (rc = set_ends(c, jv_get(doc, "sentence_ends"))) ||
        (rc = add_affixes(c, "prefixes", jv_get(doc, "prefixes"), &L->prefixes, &L->nprefixes)) ||
        (rc = add_affixes(c, "suffixes", jv_get(doc, "suffixes"), &L->suffixes, &L->nsuffixes)) ||
        (rc = add_list(c, "stopwords", jv_get(doc, "stopwords"), LK_STOPWORD, 0)) ||
        (rc = add_list(c, "bloc_words", jv_get(doc, "bloc_words"), LK_BLOC, 0)) ||
        (rc = add_list(c, "conditionals", jv_get(doc, "conditionals"), LK_COND, 0)) ||
        (rc = add_names(c, "metonyms", jv_get(doc, "metonyms"), 1)) ||
        (rc = add_names(c, "demonyms", jv_get(doc, "demonyms"), 0)) ||
        (rc = add_names(c, "orgs", jv_get(doc, "orgs"), 0)) ||
        (rc = add_valued(c, "months", jv_get(doc, "months"), LK_MONTH, 1, 12)) ||
        (rc = add_valued(c, "weekdays", jv_get(doc, "weekdays"), LK_WEEKDAY, 1, 7)) ||
        (rc = add_relative(c, jv_get(doc, "relative"))) ||
        (rc = add_list(c, "year_words", jv_get(doc, "year_words"), LK_YEARWORD, 0)) ||
        (rc = add_valued(c, "numbers", jv_get(doc, "numbers"), LK_NUMBER, 0, 1000000000000LL)) ||
        (rc = add_valued(c, "multipliers", jv_get(doc, "multipliers"), LK_MULTIPLIER, 2,
                         1000000000000LL)) ||
        (rc = add_qualifiers(c, jv_get(doc, "qualifiers"))) ||
        (rc = only_keys(c, fig, fig_keys, "figures")) ||
        (rc = add_list(c, "figures.killed", jv_get(fig, "killed"), LK_KILLED, 0)) ||
        (rc = add_list(c, "figures.wounded", jv_get(fig, "wounded"), LK_WOUNDED, 0)) ||
        (rc = add_list(c, "figures.units", jv_get(fig, "units"), LK_UNIT, 0)) ||
        (rc = add_list(c, "negations", jv_get(doc, "negations"), LK_NEGATION, 0)) ||
        (rc = add_list(c, "boilerplate", jv_get(doc, "boilerplate"), LK_BOILER, 0)) ||
        (rc = add_list(c, "boilerplate_tail", jv_get(doc, "boilerplate_tail"), LK_TAIL, 0)) ||
        (rc = add_grammar(c, jv_get(doc, "grammar"))) ||
        (rc = add_triggers(c, jv_get(doc, "triggers"))))
        return rc;
    return BLOC_OK;
}

int lex_finish(lexicon *L)
{
    return lex_index(L);
}

void lex_free(lexicon *L)
{
    if (!L)
        return;
    for (size_t i = 0; i < L->ntriggers; i++) {
        free(L->triggers[i].mode);
        free(L->triggers[i].marks);
    }
    free(L->triggers);
    free(L->relative);
    free(L->pool);
    free(L->words);
    free(L->entries);
    free(L->heads);
    free(L->trie);
    free(L->prefixes);
    free(L->suffixes);
    free(L->pre_ix);
    free(L->suf_ix);
    free(L->marks);
    free(L->sentence_ends);
    memset(L, 0, sizeof *L);
}

const char *lex_code(const lexicon *L, const lex_entry *e)
{
    return e->code ? L->pool + e->code - 1 : NULL;
}

/* ---- matching ---- */

int lex_is_stopword(const lexicon *L, const char *s, size_t len)
{
    if (!L->nheads)
        return 0;
    for (uint32_t at = L->heads[hash_bytes(s, len) & (L->nheads - 1)]; at;) {
        const lex_entry *e = &L->entries[at - 1];
        const lex_word *w = &L->words[e->word];
        if (e->kind == LK_STOPWORD && e->nword == 1 && w->len == len &&
            memcmp(L->pool + w->off, s, len) == 0)
            return 1;
        at = e->next;
    }
    return 0;
}

int lex_is_suffix(const lexicon *L, const char *s, size_t len)
{
    if (!len)
        return 0;
    unsigned char b = (unsigned char)s[len - 1];
    for (size_t j = L->suf_by[b]; j < L->suf_by[b + 1]; j++) {
        const lex_word *w = &L->suffixes[L->suf_ix[j]];
        if (w->len == len && memcmp(L->pool + w->off, s, len) == 0)
            return 1;
    }
    return 0;
}

/* Does a token (its text s, len) match word w? The token may carry one of
 * the language's prefixes (allow_pre: a pattern's first word) and, unless w is
 * a stem, one of its suffixes (allow_suf: the last word); *pre and *suf get
 * their lengths. The bare token is tried first. */
static int word_matches(const lexicon *L, const lex_word *w, const char *s, size_t len,
                        int allow_pre, int allow_suf, uint8_t *pre, uint8_t *suf)
{
    const char *ws = L->pool + w->off;
    size_t np = allow_pre ? L->nprefixes : 0;
    *pre = *suf = 0;
    for (size_t p = 0; p <= np; p++) {
        size_t pl = p ? L->prefixes[p - 1].len : 0;
        if (pl && (pl >= len || memcmp(s, L->pool + L->prefixes[p - 1].off, pl) != 0))
            continue;
        const char *r = s + pl;
        size_t rl = len - pl;
        if (rl < w->len || memcmp(r, ws, w->len) != 0)
            continue;
        if (w->stem || rl == w->len) {
            *pre = (uint8_t)pl;
            return 1;
        }
        if (allow_suf && lex_is_suffix(L, r + w->len, rl - w->len)) {
            *pre = (uint8_t)pl;
            *suf = (uint8_t)(rl - w->len);
            return 1;
        }
    }
    return 0;
}

/* Is tok[i] a hyphen or apostrophe with a suffix glued after it? */
static int suffix_token(const lexicon *L, const char *text, const tok *toks, size_t n, size_t i)
{
    if (i + 1 >= n || toks[i].cls != TEXT_PUNCT || !toks[i + 1].glued)
        return 0;
    char c = text[toks[i].off];
    if (c != '-' && c != '\'')
        return 0;
    return lex_is_suffix(L, text + toks[i + 1].off, toks[i + 1].len);
}

/* Try entry e with its first word at token i; on a match fill *m. */
static int try_entry(const lexicon *L, const lex_entry *e, const char *text, const tok *toks,
                     size_t n, size_t i, lex_match *m)
{
    if (i + e->nword > n)
        return 0;
    uint8_t pre = 0, suf = 0, p2, s2;
    for (size_t k = 0; k < e->nword; k++) {
        const tok *t = &toks[i + k];
        int last = k + 1 == e->nword;
        if (L->words[e->word + k].any) {
            if (t->cls == TEXT_PUNCT)
                return 0;
            continue;
        }
        if (!word_matches(L, &L->words[e->word + k], text + t->off, t->len, k == 0, last, &p2, &s2))
            return 0;
        if (k == 0)
            pre = p2;
        if (last)
            suf = s2;
        else if (s2)
            return 0;
    }
    m->e = e;
    m->first = (uint32_t)i;
    m->last = (uint32_t)(i + e->nword - 1);
    m->pre = pre;
    m->suf = suf;
    m->suffix_tok = 0;
    if (!suf && !L->words[e->word + e->nword - 1].stem &&
        suffix_token(L, text, toks, n, m->last + 1)) {
        m->suffix_tok = 1;
        m->suf = (uint8_t)toks[m->last + 2].len;
        m->last += 2;
    }
    return 1;
}

static size_t add_match(lex_match *out, size_t k, size_t max, const lex_match *m)
{
    for (size_t j = 0; j < k; j++)
        if (out[j].e == m->e)
            return k;
    if (k < max)
        out[k++] = *m;
    return k;
}

static size_t chain_h(const lexicon *L, const uint32_t *heads, uint32_t h, const char *key,
                      size_t klen, const char *text, const tok *toks, size_t n, size_t i,
                      lex_match *out, size_t k, size_t max)
{
    for (uint32_t at = heads[h & (L->nheads - 1)]; at;) {
        const lex_entry *e = &L->entries[at - 1];
        const lex_word *w = &L->words[e->word];
        lex_match m;
        if (w->len == klen && memcmp(L->pool + w->off, key, klen) == 0 &&
            try_entry(L, e, text, toks, n, i, &m))
            k = add_match(out, k, max, &m);
        at = e->next;
    }
    return k;
}

static int cmp_match(const void *a, const void *b)
{
    const lex_match *x = a, *y = b;
    if (x->e->kind != y->e->kind)
        return x->e->kind - y->e->kind;
    if (x->last != y->last)
        return x->last > y->last ? -1 : 1;
    return x->e < y->e ? -1 : x->e > y->e;
}

size_t lex_match_at(const lexicon *L, const char *text, const tok *toks, size_t n, size_t i,
                    lex_match *out, size_t max)
{
    const tok *t = &toks[i];
    const char *s = text + t->off;
    size_t len = t->len, k = 0;
    if (!L->nheads)
        return 0;
    /* the first word as the token is, less a prefix, less a suffix, less both
     * (only the affixes whose first / last byte the token has are tried) */
    unsigned char b0 = (unsigned char)s[0], b1 = (unsigned char)s[len - 1];
    size_t np = L->pre_by[b0 + 1] - L->pre_by[b0], ns = L->suf_by[b1 + 1] - L->suf_by[b1];
    for (size_t p = 0; p <= np; p++) {
        const lex_word *pw = p ? &L->prefixes[L->pre_ix[L->pre_by[b0] + p - 1]] : NULL;
        size_t pl = pw ? pw->len : 0;
        if (pl && (pl >= len || memcmp(s, L->pool + pw->off, pl)))
            continue;
        for (size_t q = 0; q <= ns; q++) {
            const lex_word *sw = q ? &L->suffixes[L->suf_ix[L->suf_by[b1] + q - 1]] : NULL;
            size_t sl = sw ? sw->len : 0;
            if (sl && (pl + sl >= len || memcmp(s + len - sl, L->pool + sw->off, sl)))
                continue;
            k = chain_h(L, L->heads, hash_bytes(s + pl, len - pl - sl), s + pl, len - pl - sl, text,
                        toks, n, i, out, k, max);
        }
        /* stems: down the trie along the rest's bytes */
        uint32_t node = 0;
        for (size_t j = pl; j < len && L->ntrie; j++) {
            uint32_t c = L->trie[node].child;
            while (c && L->trie[c].b != (unsigned char)s[j])
                c = L->trie[c].sibling;
            if (!c)
                break;
            node = c;
            for (uint32_t at = L->trie[node].entries; at; at = L->entries[at - 1].next) {
                lex_match m;
                if (try_entry(L, &L->entries[at - 1], text, toks, n, i, &m))
                    k = add_match(out, k, max, &m);
            }
        }
    }
    for (size_t a = 1; a < k; a++) /* a few: insertion sort */
        for (size_t b = a; b > 0 && cmp_match(&out[b - 1], &out[b]) > 0; b--) {
            lex_match sw = out[b];
            out[b] = out[b - 1];
            out[b - 1] = sw;
        }
    return k;
}
