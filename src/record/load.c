/*
 * record/load.c - reading record files into facts and appending them.
 *
 * Two passes over everything gathered: the first collects the ids each file
 * declares (sources, actors, treaties), so files may refer to each other in any
 * order; the second checks every field and emits facts. Only when no file has a
 * problem does db_append write them, in one transaction.
 */
#include "record/load.h"

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "db/db.h"
#include "json/json.h"
#include "record/fact.h"
#include "util/buf.h"
#include "util/intern.h"

#define MAXDEPTH 16

typedef struct doc {
    char *name;
    const char *text;
    size_t len;
    char *owned; /* text, when read from a file */
    jv *root;
} doc;

/* What an id declared in this load is. */
enum { D_SOURCE = 1, D_STATE = 2, D_ORG = 4, D_PERSON = 8, D_TREATY = 16, D_EVENT = 32 };
#define D_ACTOR (D_STATE | D_ORG | D_PERSON)

struct loader {
    bloc_db *db;
    doc *docs;
    size_t ndocs, capdocs;
    fact *facts;
    size_t nfacts, capfacts;
    char **strs; /* strings the loader made (conditions, numbers) */
    size_t nstrs, capstrs;
    intern decl; /* ids declared in this load */
    unsigned char *declkind;
    size_t capdecl;
    buf errs;
    int nerr, errcode;
    size_t bytes; /* read so far, against LOADER_MAXLOAD */
    /* where we are, for messages */
    const doc *cur;
    const char *treaty;    /* set while a treaty's phases and provisions are read */
    const jv *src_checked; /* the object whose "source" was checked last, and */
    int src_ok;            /* whether it was fine */
    jv_step path[MAXDEPTH];
    size_t depth;
};

loader *loader_new(bloc_db *db)
{
    loader *L = calloc(1, sizeof *L);
    if (!L)
        return NULL;
    L->db = db;
    intern_init(&L->decl);
    buf_init(&L->errs, 64 * 1024);
    return L;
}

void loader_free(loader *L)
{
    if (!L)
        return;
    for (size_t i = 0; i < L->ndocs; i++) {
        free(L->docs[i].name);
        free(L->docs[i].owned);
        jv_free(L->docs[i].root);
    }
    for (size_t i = 0; i < L->nstrs; i++)
        free(L->strs[i]);
    free(L->docs);
    free(L->facts);
    free(L->strs);
    free(L->declkind);
    intern_free(&L->decl);
    buf_free(&L->errs);
    free(L);
}

/* ---- problems ---- */

static void problem_at(loader *L, const char *file, int line, int col, int code, const char *fmt,
                       va_list ap)
{
    char msg[1024];
    if (!L->errcode)
        L->errcode = code;
    if (++L->nerr > LOADER_MAXERR)
        return;
    vsnprintf(msg, sizeof msg, fmt, ap);
    if (L->errs.len)
        buf_putc(&L->errs, '\n');
    if (line > 0)
        buf_printf(&L->errs, "%s:%d:%d: %s", file, line, col, msg);
    else
        buf_printf(&L->errs, "%s: %s", file, msg);
}

static void problem_file(loader *L, const char *file, int line, int col, int code, const char *fmt,
                         ...)
{
    va_list ap;
    va_start(ap, fmt);
    problem_at(L, file, line, col, code, fmt, ap);
    va_end(ap);
}

/* A problem with the value at the current path of the current document. */
static void problem(loader *L, const char *fmt, ...)
{
    int line = 0, col = 0;
    va_list ap;
    if (L->nerr < LOADER_MAXERR) /* locating costs a scan: only for problems shown */
        jv_locate(L->cur->text, L->cur->len, L->path, L->depth, &line, &col);
    va_start(ap, fmt);
    problem_at(L, L->cur->name, line, col, BLOC_EINVAL, fmt, ap);
    va_end(ap);
}

static void push_key(loader *L, const char *key)
{
    if (L->depth < MAXDEPTH)
        L->path[L->depth] = (jv_step){key, 0};
    L->depth++;
}

static void push_index(loader *L, size_t i)
{
    if (L->depth < MAXDEPTH)
        L->path[L->depth] = (jv_step){NULL, i};
    L->depth++;
}

static void pop(loader *L)
{
    L->depth--;
}

/* ---- gathering ---- */

static int add_doc(loader *L, const char *name, const char *text, size_t len, char *owned)
{
    char err[512];
    int line, col;
    if (grow((void **)&L->docs, &L->capdocs, L->ndocs + 1, sizeof *L->docs)) {
        free(owned);
        return BLOC_ENOMEM;
    }
    doc *d = &L->docs[L->ndocs];
    memset(d, 0, sizeof *d);
    d->name = xstrdup(name);
    d->owned = owned;
    d->text = text;
    d->len = len;
    if (!d->name) {
        free(owned);
        return BLOC_ENOMEM;
    }
    L->ndocs++;
    if (L->ndocs > LOADER_MAXFILES) {
        problem_file(L, name, 0, 0, BLOC_ELIMIT, "more than %d record files", LOADER_MAXFILES);
        return BLOC_OK;
    }
    d->root = jv_parse(text, len, err, sizeof err, &line, &col);
    if (!d->root)
        problem_file(L, name, line, col, BLOC_EPARSE, "%s", err);
    else if (jv_typeof(d->root) != JV_OBJECT) {
        problem_file(L, name, 1, 1, BLOC_EINVAL, "a record file is one JSON object");
        jv_free(d->root);
        d->root = NULL;
    }
    return BLOC_OK;
}

int loader_add_buffer(loader *L, const char *name, const char *text, size_t len)
{
    return add_doc(L, name, text, len, NULL);
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static int add_dir(loader *L, const char *path, int depth)
{
    int rc = BLOC_OK;
    char **names = NULL;
    size_t n = 0, cap = 0;
    DIR *d;
    struct dirent *de;
    if (depth > 8) {
        problem_file(L, path, 0, 0, BLOC_ELIMIT, "directories nested too deep");
        return BLOC_OK;
    }
    if (!(d = opendir(path))) {
        problem_file(L, path, 0, 0, BLOC_EIO, "%s", strerror(errno));
        return BLOC_OK;
    }
    while ((de = readdir(d))) {
        if (de->d_name[0] == '.')
            continue;
        if (grow((void **)&names, &cap, n + 1, sizeof *names) ||
            !(names[n] = xstrdup(de->d_name))) {
            rc = BLOC_ENOMEM;
            goto out;
        }
        n++;
    }
    qsort(names, n, sizeof *names, cmp_str);
    for (size_t i = 0; !rc && i < n; i++) {
        buf p;
        struct stat sb;
        buf_init(&p, 4096);
        if (buf_printf(&p, "%s/%s", path, names[i])) {
            problem_file(L, path, 0, 0, BLOC_ELIMIT, "path too long");
            buf_free(&p);
            continue;
        }
        /* Inside a directory, links are not followed (no cycles) and only
         * regular files are read (a FIFO would block). */
        size_t k = strlen(names[i]);
        int json = k > 5 && strcmp(names[i] + k - 5, ".json") == 0;
        int here = lstat(p.p, &sb) == 0; /* lstat: a link is neither a dir nor a file */
        if (here && S_ISDIR(sb.st_mode))
            rc = add_dir(L, p.p, depth + 1);
        else if (here && S_ISREG(sb.st_mode) && json)
            rc = loader_add_path(L, p.p);
        buf_free(&p);
    }
out:
    for (size_t i = 0; i < n; i++)
        free(names[i]);
    free(names);
    closedir(d);
    return rc;
}

int loader_add_path(loader *L, const char *path)
{
    struct stat sb;
    char err[512], *text = NULL;
    size_t len = 0;
    if (stat(path, &sb) != 0) {
        problem_file(L, path, 0, 0, BLOC_EIO, "%s", strerror(errno));
        return BLOC_OK;
    }
    if (S_ISDIR(sb.st_mode))
        return add_dir(L, path, 0);
    if (!S_ISREG(sb.st_mode)) {
        problem_file(L, path, 0, 0, BLOC_EIO, "not a regular file");
        return BLOC_OK;
    }
    if ((size_t)sb.st_size > LOADER_MAXFILE || L->bytes + (size_t)sb.st_size > LOADER_MAXLOAD) {
        problem_file(L, path, 0, 0, BLOC_ELIMIT, "larger than %zu bytes%s",
                     (size_t)sb.st_size > LOADER_MAXFILE ? LOADER_MAXFILE : LOADER_MAXLOAD,
                     (size_t)sb.st_size > LOADER_MAXFILE ? "" : " with the files before it");
        return BLOC_OK;
    }
    int rc = read_file(path, LOADER_MAXFILE, &text, &len, err, sizeof err);
    if (rc == BLOC_ENOMEM)
        return rc;
    if (rc) {
        problem_file(L, path, 0, 0, rc, "%s", strchr(err, ':') ? strchr(err, ':') + 2 : err);
        return BLOC_OK;
    }
    L->bytes += len;
    return add_doc(L, path, text, len, text);
}

/* ---- declarations (first pass) ---- */

static int declare(loader *L, const char *id, unsigned kind)
{
    int rc = BLOC_OK;
    sym s = intern_add(&L->decl, id, &rc);
    if (rc)
        return rc;
    size_t old = L->capdecl;
    if (grow((void **)&L->declkind, &L->capdecl, (size_t)s + 1, 1))
        return BLOC_ENOMEM;
    memset(L->declkind + old, 0, L->capdecl - old);
    L->declkind[s] |= (unsigned char)kind;
    return BLOC_OK;
}

static unsigned declared(const loader *L, const char *id)
{
    sym s = intern_find(&L->decl, id);
    return s && s < L->capdecl ? L->declkind[s] : 0;
}

static unsigned type_flag(const char *type)
{
    if (!type)
        return 0;
    if (strcmp(type, "state") == 0)
        return D_STATE;
    if (strcmp(type, "org") == 0)
        return D_ORG;
    if (strcmp(type, "person") == 0)
        return D_PERSON;
    return 0;
}

static int declare_doc(loader *L, const doc *d)
{
    static const struct {
        const char *section;
        unsigned kind;
    } secs[] = {{"sources", D_SOURCE}, {"actors", 0}, {"treaties", D_TREATY}, {"events", D_EVENT}};
    for (size_t k = 0; k < sizeof secs / sizeof *secs; k++) {
        jv *arr = jv_get(d->root, secs[k].section);
        for (size_t i = 0; i < jv_len(arr) && jv_typeof(arr) == JV_ARRAY; i++) {
            const char *id = jv_str(jv_get(jv_at(arr, i), "id"));
            unsigned kind =
                secs[k].kind ? secs[k].kind : type_flag(jv_str(jv_get(jv_at(arr, i), "type")));
            if (id && kind && declare(L, id, kind))
                return BLOC_ENOMEM;
        }
    }
    return BLOC_OK;
}

/* Is id known as this kind, in this load or in the log? */
static int known(loader *L, const char *id, unsigned kind)
{
    const model *m = &L->db->m;
    if (declared(L, id) & kind)
        return 1;
    sym s = intern_find(&m->syms, id);
    if (!s)
        return 0;
    if (kind & D_SOURCE)
        return model_source(m, s) != NULL;
    if (kind & D_TREATY) {
        const treaty *t = model_treaty(m, s);
        return t && t->fact;
    }
    if (kind & D_EVENT) {
        const event *e = model_event(m, s);
        for (size_t i = 0; e && i < e->facts.n; i++)
            if (m->facts[e->facts.v[i]].kind == FACT_EVENT && !m->facts[e->facts.v[i]].dead)
                return 1;
        return 0;
    }
    const actor *a = model_actor(m, s);
    sym type = a ? model_actor_type(m, a) : 0;
    return type &&
           (((kind & D_STATE) && type == m->k_state) || ((kind & D_ORG) && type == m->k_org) ||
            ((kind & D_PERSON) && type == m->k_person));
}

/* ---- field readers (second pass) ---- */

/* Keys allowed in an object; any other is a problem (typos are caught). */
static int only_keys(loader *L, const jv *obj, const char *const *keys)
{
    int ok = 1;
    for (void *it = jv_iter(obj); it; it = jv_next(obj, it)) {
        const char *k = jv_iter_key(it);
        size_t i = 0;
        while (keys[i] && strcmp(keys[i], k) != 0)
            i++;
        if (!keys[i]) {
            push_key(L, k);
            problem(L, "unknown field \"%s\"", k);
            pop(L);
            ok = 0;
        }
    }
    return ok;
}

/* A string field: NULL if absent (problem if required) or not a string. */
static const char *str_field(loader *L, const jv *obj, const char *key, int required)
{
    jv *v = jv_get(obj, key);
    const char *s;
    if (!v) {
        if (required)
            problem(L, "missing field \"%s\"", key);
        return NULL;
    }
    push_key(L, key);
    s = jv_str(v);
    if (!s)
        problem(L, "\"%s\" must be a string, not %s", key, jv_type_name(jv_typeof(v)));
    else if (!*s && required) {
        problem(L, "\"%s\" must not be empty", key);
        s = NULL;
    } else if (strlen(s) > LOADER_MAXSTR) {
        problem(L, "\"%s\" is longer than %d bytes", key, LOADER_MAXSTR);
        s = NULL;
    }
    pop(L);
    return s;
}

static int bool_field(loader *L, const jv *obj, const char *key, int *out)
{
    jv *v = jv_get(obj, key);
    *out = 0;
    if (!v)
        return 1;
    if (jv_typeof(v) != JV_TRUE && jv_typeof(v) != JV_FALSE) {
        push_key(L, key);
        problem(L, "\"%s\" must be true or false", key);
        pop(L);
        return 0;
    }
    *out = jv_typeof(v) == JV_TRUE;
    return 1;
}

/* A date field; *ok cleared on a problem. BLOC_DATE_NONE if absent. */
static bloc_date date_field(loader *L, const jv *obj, const char *key, int required, int *ok)
{
    char err[256];
    bloc_date d = BLOC_DATE_NONE;
    const char *s = str_field(L, obj, key, required);
    if (!s) {
        if (required || jv_get(obj, key))
            *ok = 0;
        return d;
    }
    if (bloc_date_parse(s, &d, err, sizeof err)) {
        push_key(L, key);
        problem(L, "%s", err);
        pop(L);
        *ok = 0;
    }
    return d;
}

static const char *in_vocab(loader *L, const jv *obj, const char *key, int required,
                            const char *const *vocab, int *ok)
{
    const char *s = str_field(L, obj, key, required);
    if (!s) {
        if (required || jv_get(obj, key))
            *ok = 0;
        return NULL;
    }
    for (size_t i = 0; vocab[i]; i++)
        if (strcmp(vocab[i], s) == 0)
            return vocab[i];
    buf b;
    buf_init(&b, 1024);
    for (size_t i = 0; vocab[i]; i++)
        buf_printf(&b, "%s%s", i ? ", " : "", vocab[i]);
    push_key(L, key);
    problem(L, "unknown %s \"%s\" (expected one of: %s)", key, s, b.p ? b.p : "");
    pop(L);
    buf_free(&b);
    *ok = 0;
    return NULL;
}

static int id_shape(const char *id, unsigned kind)
{
    size_t n = strlen(id);
    if (kind == D_STATE) {
        if (n != 3)
            return 0;
        for (size_t i = 0; i < n; i++)
            if (id[i] < 'A' || id[i] > 'Z')
                return 0;
        return 1;
    }
    if (n == 0 || n > 64)
        return 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)id[i];
        int ok = kind == D_ORG      ? (isupper(c) || isdigit(c) || c == '-')
                 : kind == D_PERSON ? (islower(c) || isdigit(c) || c == '-')
                                    : (isalnum(c) || c == '-' || c == '_' || c == '.' || c == ':');
        if (!ok)
            return 0;
    }
    return kind == D_ORG ? isupper((unsigned char)id[0]) : 1;
}

static int snake(const char *s)
{
    if (!islower((unsigned char)*s) || strlen(s) > 64)
        return 0;
    for (; *s; s++)
        if (!islower((unsigned char)*s) && !isdigit((unsigned char)*s) && *s != '_')
            return 0;
    return 1;
}

static const char *kind_word(unsigned kind)
{
    switch (kind) {
    case D_SOURCE: return "source";
    case D_STATE: return "state";
    case D_ORG: return "organization";
    case D_PERSON: return "person";
    case D_TREATY: return "treaty";
    case D_EVENT: return "event";
    default: return "actor";
    }
}

/* A reference to something of `kind` that must exist in this load or the log. */
static const char *ref_field(loader *L, const jv *obj, const char *key, unsigned kind, int required,
                             int *ok)
{
    const char *s = str_field(L, obj, key, required);
    if (!s) {
        if (required || jv_get(obj, key))
            *ok = 0;
        return NULL;
    }
    if (!known(L, s, kind)) {
        push_key(L, key);
        problem(L, "unknown %s \"%s\"", kind_word(kind), s);
        pop(L);
        *ok = 0;
        return NULL;
    }
    return s;
}

static const char *keep(loader *L, char *s)
{
    if (!s)
        return NULL;
    if (grow((void **)&L->strs, &L->capstrs, L->nstrs + 1, sizeof *L->strs)) {
        free(s);
        return NULL;
    }
    L->strs[L->nstrs++] = s;
    return s;
}

/* Emit f once per source named by obj's "source" (a string or a list). */
static int emit(loader *L, const jv *obj, fact f, int *ok)
{
    jv *src = jv_get(obj, "source");
    size_t n = 1;
    /* An actor emits a fact per name from one "source": say what is wrong with
     * it once, not once per name. */
    int again = obj == L->src_checked;
    L->src_checked = obj;
    if (again && !L->src_ok) {
        *ok = 0;
        return BLOC_OK;
    }
    if (!src) {
        problem(L, "missing field \"source\": every fact needs its source");
        *ok = 0;
        L->src_ok = 0;
        return BLOC_OK;
    }
    int before = L->nerr;
    push_key(L, "source");
    if (jv_typeof(src) == JV_ARRAY) {
        n = jv_len(src);
        if (!n) {
            problem(L, "\"source\" must name at least one source");
            *ok = 0;
        }
    } else if (jv_typeof(src) != JV_STRING) {
        problem(L, "\"source\" must be a source id or a list of them");
        *ok = 0;
        n = 0;
    }
    for (size_t i = 0; i < n; i++) {
        const jv *one = jv_typeof(src) == JV_ARRAY ? jv_at(src, i) : src;
        const char *id = jv_str(one);
        if (jv_typeof(src) == JV_ARRAY)
            push_index(L, i);
        if (!id) {
            problem(L, "a source id is a string");
            *ok = 0;
        } else if (!known(L, id, D_SOURCE)) {
            problem(L, "unknown source \"%s\"", id);
            *ok = 0;
        } else if (*ok) {
            if (grow((void **)&L->facts, &L->capfacts, L->nfacts + 1, sizeof *L->facts)) {
                pop(L);
                return BLOC_ENOMEM;
            }
            f.src = id;
            L->facts[L->nfacts++] = f;
        }
        if (jv_typeof(src) == JV_ARRAY)
            pop(L);
    }
    pop(L);
    L->src_ok = L->nerr == before;
    return BLOC_OK;
}

static int interval(loader *L, const jv *obj, bloc_date *from, bloc_date *to, int from_required,
                    int *ok)
{
    *from = date_field(L, obj, "from", from_required, ok);
    *to = date_field(L, obj, "to", 0, ok);
    /* Refuse only what no reading of the partial dates allows: a spell
     * "from 2012-06-28 to 2012" may well have ended later that year. */
    if (*from && *to && bloc_date_last(*to) <= bloc_date_first(*from)) {
        push_key(L, "to");
        problem(L, "\"to\" must come after \"from\"");
        pop(L);
        *ok = 0;
    }
    return *ok;
}

/* ---- sections ---- */

static const char *const source_kinds[] = {"article", "document", "report", NULL};
static const char *const actor_types[] = {"state", "org", "person", NULL};
static const char *const regions[] = {"europe",        "asia",    "africa", "north_america",
                                      "south_america", "oceania", NULL};
static const char *const phase_events[] = {"signature", "in_force",    "protocol", "charter",
                                           "amendment", "termination", NULL};
static const char *const rules[] = {"consensus", "consensus_abstention", "majority", NULL};
static const char *const provision_types[] = {"defense",       "offense",      "neutrality",
                                              "nonaggression", "consultation", NULL};
static const char *const statuses[] = {"signatory", "member",      "suspended",
                                       "frozen",    "withdrawing", "withdrawn",
                                       "observer",  "partner",     NULL};

typedef int (*section_fn)(loader *L, const jv *item);

static int do_source(loader *L, const jv *o)
{
    static const char *const keys[] = {"id",   "kind",  "file", "url", "publisher",
                                       "date", "title", "lang", NULL};
    int ok = only_keys(L, o, keys);
    fact f = {.kind = FACT_SOURCE};
    f.s[0] = str_field(L, o, "id", 1);
    f.s[1] = in_vocab(L, o, "kind", 1, source_kinds, &ok);
    f.s[2] = str_field(L, o, "publisher", 0);
    f.s[3] = str_field(L, o, "title", 0);
    const char *file = str_field(L, o, "file", 0), *url = str_field(L, o, "url", 0);
    f.s[4] = file ? file : url;
    int article = f.s[1] && strcmp(f.s[1], "article") == 0;
    if (f.s[1] && (article ? url != NULL : file != NULL)) {
        problem(L, "%s",
                article ? "an article names its corpus \"file\", not a \"url\""
                        : "only an article names a corpus \"file\"; give a \"url\"");
        ok = 0;
    }
    f.from = date_field(L, o, "date", 0, &ok);
    f.note = str_field(L, o, "lang", 0);
    if (!f.s[0] || !id_shape(f.s[0], D_SOURCE)) {
        if (f.s[0])
            problem(L, "source id \"%s\": letters, digits and - _ . : only", f.s[0]);
        ok = 0;
    }
    if (f.s[1] && strcmp(f.s[1], "article") == 0 && !file) {
        problem(L, "an article source names its \"file\" in the corpus");
        ok = 0;
    }
    if (f.s[1] && strcmp(f.s[1], "article") != 0 && (!f.s[2] || !f.s[3])) {
        problem(L, "a %s source needs its \"publisher\" and \"title\"", f.s[1]);
        ok = 0;
    }
    if (ok) {
        if (grow((void **)&L->facts, &L->capfacts, L->nfacts + 1, sizeof *L->facts))
            return BLOC_ENOMEM;
        L->facts[L->nfacts++] = f;
    }
    return BLOC_OK;
}

/* A BCP 47 primary language tag: two or three lower-case letters. */
static int lang_shape(const char *lang)
{
    size_t n = strlen(lang);
    if (n < 2 || n > 3)
        return 0;
    for (size_t i = 0; i < n; i++)
        if (!islower((unsigned char)lang[i]))
            return 0;
    return 1;
}

static int do_names(loader *L, const jv *o, const char *actor_id, int *ok)
{
    jv *names = jv_get(o, "names");
    if (!names)
        return BLOC_OK;
    push_key(L, "names");
    if (jv_typeof(names) != JV_OBJECT) {
        problem(L, "\"names\" maps a language to a list of names");
        *ok = 0;
    }
    for (void *it = jv_iter(names); it; it = jv_next(names, it)) {
        const char *lang = jv_iter_key(it);
        jv *list = jv_iter_value(it);
        push_key(L, lang);
        if (!lang_shape(lang)) {
            problem(L, "\"%s\" is not a language code (en, ru, bn, ar, ...)", lang);
            *ok = 0;
        } else if (jv_typeof(list) != JV_ARRAY || !jv_len(list)) {
            problem(L, "the names in %s are a non-empty list of strings", lang);
            *ok = 0;
        }
        for (size_t i = 0; jv_typeof(list) == JV_ARRAY && i < jv_len(list); i++) {
            const char *name = jv_str(jv_at(list, i));
            push_index(L, i);
            if (!name || !*name || strlen(name) > LOADER_MAXSTR) {
                problem(L, "a name is a non-empty string");
                *ok = 0;
            } else {
                fact f = {.kind = FACT_NAME, .num = (int64_t)i};
                f.s[0] = actor_id;
                f.s[1] = lang;
                f.s[2] = name;
                pop(L);
                pop(L);
                pop(L);
                int rc = emit(L, o, f, ok);
                push_key(L, "names");
                push_key(L, lang);
                push_index(L, i);
                if (rc)
                    return rc;
            }
            pop(L);
        }
        pop(L);
    }
    pop(L);
    return BLOC_OK;
}

static int do_actor(loader *L, const jv *o)
{
    static const char *const keys[] = {"id", "type",  "cow",  "region", "state", "from",
                                       "to", "names", "note", "source", NULL};
    int ok = only_keys(L, o, keys);
    fact f = {.kind = FACT_ACTOR};
    f.s[0] = str_field(L, o, "id", 1);
    f.s[1] = in_vocab(L, o, "type", 1, actor_types, &ok);
    unsigned kind = type_flag(f.s[1]);
    if (f.s[0] && kind && !id_shape(f.s[0], kind)) {
        push_key(L, "id");
        problem(L, "%s id \"%s\": %s", kind_word(kind), f.s[0],
                kind == D_STATE ? "an ISO 3166-1 alpha-3 code (three capital letters)"
                : kind == D_ORG ? "capital letters, digits and -"
                                : "lower-case letters, digits and - (given-family)");
        pop(L);
        ok = 0;
    }
    if (!f.s[0])
        ok = 0;
    /* One actor, one type: a record file cannot turn a state into an org. */
    unsigned have = f.s[0] ? declared(L, f.s[0]) & (D_STATE | D_ORG | D_PERSON) : 0;
    const actor *old = f.s[0] ? model_actor_named(&L->db->m, f.s[0]) : NULL;
    const char *old_type = old ? model_str(&L->db->m, model_actor_type(&L->db->m, old)) : "";
    if (kind && ((have & ~kind) || (*old_type && strcmp(old_type, f.s[1]) != 0))) {
        push_key(L, "type");
        if (*old_type && strcmp(old_type, f.s[1]) != 0)
            problem(L, "\"%s\" is a %s in the record; an actor keeps its type", f.s[0], old_type);
        else
            problem(L, "\"%s\" is given two types in this load", f.s[0]);
        pop(L);
        ok = 0;
    }
    static const struct {
        const char *key;
        unsigned only; /* the types it belongs to */
    } typed[] = {{"cow", D_STATE},
                 {"region", D_STATE | D_ORG},
                 {"state", D_PERSON},
                 {"from", D_STATE},
                 {"to", D_STATE}};
    for (size_t k = 0; kind && k < sizeof typed / sizeof *typed; k++)
        if (jv_get(o, typed[k].key) && !(typed[k].only & kind)) {
            push_key(L, typed[k].key);
            problem(L, "\"%s\" does not apply to a %s", typed[k].key, f.s[1]);
            pop(L);
            ok = 0;
        }
    jv *cow = jv_get(o, "cow");
    if (cow) {
        push_key(L, "cow");
        if (jv_typeof(cow) != JV_INTEGER || jv_int(cow) < 1 || jv_int(cow) > 9999) {
            problem(L, "\"cow\" is a Correlates of War state number (1-9999)");
            ok = 0;
        } else {
            char *s = malloc(8);
            if (!s)
                return BLOC_ENOMEM;
            fmt_into(s, 8, "%lld", jv_int(cow));
            if (!(f.s[2] = keep(L, s)))
                return BLOC_ENOMEM;
        }
        pop(L);
    }
    if (kind == D_PERSON)
        f.s[3] = ref_field(L, o, "state", D_STATE, 0, &ok);
    else
        f.s[3] = in_vocab(L, o, "region", 0, regions, &ok);
    interval(L, o, &f.from, &f.to, 0, &ok);
    f.note = str_field(L, o, "note", 0);
    int rc = emit(L, o, f, &ok);
    if (!rc && f.s[0])
        rc = do_names(L, o, f.s[0], &ok);
    return rc;
}

static int do_conditions(loader *L, const jv *o, const char **out, int *ok)
{
    static const char *const keys[] = {"on_request",      "adversaries",   "area",
                                       "non_provocation", "min_attackers", NULL};
    jv *c = jv_get(o, "conditions");
    buf b;
    int flag;
    *out = NULL;
    if (!c)
        return BLOC_OK;
    push_key(L, "conditions");
    if (jv_typeof(c) != JV_OBJECT) {
        problem(L, "\"conditions\" is an object");
        *ok = 0;
        pop(L);
        return BLOC_OK;
    }
    *ok &= only_keys(L, c, keys);
    int full = 0; /* the canonical string hit its cap */
    buf_init(&b, LOADER_MAXSTR);
    if (!bool_field(L, c, "on_request", &flag))
        *ok = 0;
    else if (flag)
        full |= buf_puts(&b, "on_request;");
    /* lists of states, in the canonical order given */
    struct {
        const jv *list;
        const char *key, *canon;
        unsigned kind;
    } lists[3] = {{jv_get(c, "adversaries"), "adversaries", "adversaries", D_STATE},
                  {NULL, "regions", "regions", 0},
                  {NULL, "states", "states", D_STATE}};
    jv *area = jv_get(c, "area");
    if (area) {
        static const char *const akeys[] = {"regions", "states", NULL};
        push_key(L, "area");
        if (jv_typeof(area) != JV_OBJECT) {
            problem(L, "\"area\" is {\"regions\": [...], \"states\": [...]}");
            *ok = 0;
        } else {
            *ok &= only_keys(L, area, akeys);
            lists[1].list = jv_get(area, "regions");
            lists[2].list = jv_get(area, "states");
        }
        pop(L);
    }
    for (int k = 0; k < 3; k++) {
        if (!lists[k].list)
            continue;
        if (k > 0)
            push_key(L, "area");
        push_key(L, lists[k].key);
        if (jv_typeof(lists[k].list) != JV_ARRAY || !jv_len(lists[k].list)) {
            problem(L, "\"%s\" is a non-empty list", lists[k].key);
            *ok = 0;
        } else {
            /* canonical: sorted, each once, so the same condition written in
             * another order is the same provision */
            size_t nl = jv_len(lists[k].list), nv = 0;
            const char **vals = calloc(nl, sizeof *vals);
            if (!vals) {
                buf_free(&b);
                return BLOC_ENOMEM;
            }
            for (size_t i = 0; i < nl; i++) {
                const char *s = jv_str(jv_at(lists[k].list, i));
                int good = 0;
                push_index(L, i);
                if (s && lists[k].kind == D_STATE)
                    good = known(L, s, D_STATE);
                for (size_t r = 0; s && !lists[k].kind && regions[r]; r++)
                    good |= strcmp(regions[r], s) == 0;
                if (!good) {
                    problem(L, "unknown %s \"%s\"", lists[k].kind ? "state" : "region",
                            s ? s : "(not a string)");
                    *ok = 0;
                }
                if (s)
                    vals[nv++] = s;
                pop(L);
            }
            qsort(vals, nv, sizeof *vals, cmp_str);
            full |= buf_printf(&b, "%s=", lists[k].canon);
            for (size_t i = 0; i < nv; i++)
                if (i == 0 || strcmp(vals[i], vals[i - 1]) != 0)
                    full |= buf_printf(&b, "%s%s", i ? "," : "", vals[i]);
            full |= buf_putc(&b, ';');
            free(vals);
        }
        pop(L);
        if (k > 0)
            pop(L);
    }
    if (!bool_field(L, c, "non_provocation", &flag))
        *ok = 0;
    else if (flag)
        full |= buf_puts(&b, "non_provocation;");
    jv *min = jv_get(c, "min_attackers");
    if (min) {
        push_key(L, "min_attackers");
        if (jv_typeof(min) != JV_INTEGER || jv_int(min) < 1 || jv_int(min) > 1000) {
            problem(L, "\"min_attackers\" is a whole number from 1");
            *ok = 0;
        } else {
            full |= buf_printf(&b, "min_attackers=%lld;", jv_int(min));
        }
        pop(L);
    }
    if (full) {
        problem(L, "the conditions are longer than %d bytes", LOADER_MAXSTR);
        *ok = 0;
    }
    pop(L);
    *out = b.len ? keep(L, buf_steal(&b)) : "";
    buf_free(&b);
    return *out ? BLOC_OK : BLOC_ENOMEM;
}

/* Run fn over each element of obj[key] (an array of objects). */
static int each(loader *L, const jv *obj, const char *key, section_fn fn)
{
    jv *arr = jv_get(obj, key);
    int rc = BLOC_OK;
    if (!arr)
        return BLOC_OK;
    push_key(L, key);
    if (jv_typeof(arr) != JV_ARRAY) {
        problem(L, "\"%s\" is a list", key);
        pop(L);
        return BLOC_OK;
    }
    for (size_t i = 0; !rc && i < jv_len(arr); i++) {
        push_index(L, i);
        if (jv_typeof(jv_at(arr, i)) != JV_OBJECT)
            problem(L, "each of \"%s\" is an object", key);
        else
            rc = fn(L, jv_at(arr, i));
        pop(L);
    }
    pop(L);
    return rc;
}

static int do_phase(loader *L, const jv *o)
{
    static const char *const keys[] = {"date", "event", "decision_rule", "note", "source", NULL};
    int ok = only_keys(L, o, keys);
    fact f = {.kind = FACT_PHASE};
    f.s[0] = L->treaty;
    f.from = date_field(L, o, "date", 1, &ok);
    f.s[1] = in_vocab(L, o, "event", 1, phase_events, &ok);
    f.s[2] = in_vocab(L, o, "decision_rule", 0, rules, &ok);
    f.note = str_field(L, o, "note", 0);
    return emit(L, o, f, &ok);
}

static int do_provision(loader *L, const jv *o)
{
    static const char *const keys[] = {"article",    "type", "from",   "to",
                                       "conditions", "text", "source", NULL};
    int ok = only_keys(L, o, keys);
    fact f = {.kind = FACT_PROVISION};
    f.s[0] = L->treaty;
    f.s[1] = str_field(L, o, "article", 1);
    if (!f.s[1])
        ok = 0;
    f.s[2] = in_vocab(L, o, "type", 1, provision_types, &ok);
    interval(L, o, &f.from, &f.to, 1, &ok);
    int rc = do_conditions(L, o, &f.s[3], &ok);
    if (rc)
        return rc;
    f.note = str_field(L, o, "text", 0);
    return emit(L, o, f, &ok);
}

static int do_treaty(loader *L, const jv *o)
{
    static const char *const keys[] = {
        "id",     "org",    "title",      "signed", "place", "term", "withdrawal_notice",
        "source", "phases", "provisions", NULL};
    int ok = only_keys(L, o, keys);
    fact f = {.kind = FACT_TREATY};
    f.s[0] = str_field(L, o, "id", 1);
    if (!f.s[0] || !id_shape(f.s[0], D_TREATY)) {
        if (f.s[0])
            problem(L, "treaty id \"%s\": letters, digits and - _ . : only", f.s[0]);
        ok = 0;
    }
    f.s[1] = ref_field(L, o, "org", D_ORG, 1, &ok);
    f.s[2] = str_field(L, o, "title", 1);
    f.s[3] = str_field(L, o, "term", 0);
    f.s[4] = str_field(L, o, "withdrawal_notice", 0);
    f.from = date_field(L, o, "signed", 0, &ok);
    f.note = str_field(L, o, "place", 0);
    if (!f.s[2])
        ok = 0;
    int rc = emit(L, o, f, &ok);
    if (rc || !f.s[0])
        return rc;
    L->treaty = f.s[0];
    rc = each(L, o, "phases", do_phase);
    if (!rc)
        rc = each(L, o, "provisions", do_provision);
    L->treaty = NULL;
    return rc;
}

static int do_spell(loader *L, const jv *o)
{
    static const char *const keys[] = {"org", "state",  "status", "from",
                                       "to",  "source", "note",   NULL};
    int ok = only_keys(L, o, keys);
    fact f = {.kind = FACT_SPELL};
    f.s[0] = ref_field(L, o, "org", D_ORG, 1, &ok);
    f.s[1] = ref_field(L, o, "state", D_STATE, 1, &ok);
    f.s[2] = in_vocab(L, o, "status", 1, statuses, &ok);
    interval(L, o, &f.from, &f.to, 1, &ok);
    f.note = str_field(L, o, "note", 0);
    return emit(L, o, f, &ok);
}

static int do_office(loader *L, const jv *o)
{
    static const char *const keys[] = {"org", "office", "state", "holder", "from",
                                       "to",  "source", "note",  NULL};
    int ok = only_keys(L, o, keys);
    fact f = {.kind = FACT_OFFICE};
    f.s[0] = ref_field(L, o, "org", D_ORG | D_STATE, 1, &ok); /* a state's offices too */
    f.s[1] = str_field(L, o, "office", 1);
    if (!f.s[1] || !snake(f.s[1])) {
        if (f.s[1]) {
            push_key(L, "office");
            problem(L, "office \"%s\": snake_case (chair, secretary_general, ...)", f.s[1]);
            pop(L);
        }
        ok = 0;
    }
    f.s[2] = ref_field(L, o, "state", D_STATE, 1, &ok);
    f.s[3] = ref_field(L, o, "holder", D_PERSON, 0, &ok);
    interval(L, o, &f.from, &f.to, 1, &ok);
    f.note = str_field(L, o, "note", 0);
    return emit(L, o, f, &ok);
}

/* ---- names, events, details, forces ---- */

static int do_nameset(loader *L, const jv *o)
{
    static const char *const keys[] = {"actor", "lang", "names", "display", "source", NULL};
    int ok = only_keys(L, o, keys), display;
    const char *actor_id = ref_field(L, o, "actor", D_ACTOR, 1, &ok);
    const char *lang = str_field(L, o, "lang", 1);
    jv *list = jv_get(o, "names");
    if (!bool_field(L, o, "display", &display) || !lang)
        ok = 0;
    if (lang && !lang_shape(lang)) {
        push_key(L, "lang");
        problem(L, "\"%s\" is not a language code (en, ru, bn, ar, ...)", lang);
        pop(L);
        ok = 0;
    }
    if (!list) {
        problem(L, "missing field \"names\"");
        ok = 0;
    } else {
        push_key(L, "names");
        if (jv_typeof(list) != JV_ARRAY || !jv_len(list)) {
            problem(L, "\"names\" is a non-empty list of strings");
            ok = 0;
        }
        pop(L);
    }
    for (size_t i = 0; ok && i < jv_len(list); i++) {
        const char *name = jv_str(jv_at(list, i));
        if (!name || !*name || strlen(name) > LOADER_MAXSTR) {
            push_key(L, "names");
            push_index(L, i);
            problem(L, "a name is a non-empty string");
            pop(L);
            pop(L);
            ok = 0;
            break;
        }
        /* rank 0 is the display name; variants rank from 1 */
        fact f = {.kind = FACT_NAME, .num = (int64_t)i + !display};
        f.s[0] = actor_id;
        f.s[1] = lang;
        f.s[2] = name;
        int rc = emit(L, o, f, &ok);
        if (rc)
            return rc;
    }
    return BLOC_OK;
}

static const char *const event_types[] = {
    "AGREE",  "CONSULT", "SUPPORT",  "CONCEDE", "COOPERATE",  "AID",        "RETREAT", "REQUEST",
    "ACCUSE", "REJECT",  "THREATEN", "PROTEST", "SANCTION",   "MOBILIZE",   "COERCE",  "ASSAULT",
    "appeal", "session", "decision", "mission", "deployment", "withdrawal", NULL};
static const char *const qualifiers[] = {"exact", "about", "at_least", "at_most",
                                         "over",  "under", "nearly",   NULL};
/* Detail keys, and what their subject is: an actor, free text, or nothing. */
enum { SUBJ_NONE, SUBJ_ACTOR, SUBJ_TEXT };
static const struct {
    const char *key;
    int subject;
    const char *const *values; /* the value's vocabulary, NULL: free text */
} detail_keys[] = {
    {"article", SUBJ_NONE, NULL},
    {"asked", SUBJ_NONE, NULL},
    {"outcome", SUBJ_NONE,
     (const char *const[]){"statement", "fact_finding_mission", "monitoring_mission",
                           "material_aid", "deployment", "declined", NULL}},
    {"proposal", SUBJ_NONE,
     (const char *const[]){"statement", "fact_finding_mission", "monitoring_mission",
                           "material_aid", "deployment", NULL}},
    {"position", SUBJ_ACTOR, (const char *const[]){"support", "object", "abstain", NULL}},
    {"status", SUBJ_NONE, (const char *const[]){"completed", NULL}},
    {"scope", SUBJ_NONE, (const char *const[]){"internal", "external", NULL}},
    {"claim", SUBJ_ACTOR, NULL},
    {"killed", SUBJ_ACTOR, NULL},
    {"wounded", SUBJ_ACTOR, NULL},
    {"displaced", SUBJ_ACTOR, NULL},
    {"size", SUBJ_NONE, NULL},
    {"contributor", SUBJ_ACTOR, NULL},
    {"item", SUBJ_TEXT, NULL},
    {"amount", SUBJ_NONE, NULL},
    {"place", SUBJ_NONE, NULL},
    {"quote", SUBJ_ACTOR, NULL},
};

/* A number with its qualifier: f->num and f->s[4] ("exact" unless said). */
static void figure(loader *L, const jv *o, const char *numkey, fact *f, int *ok)
{
    jv *num = jv_get(o, numkey);
    f->s[4] = in_vocab(L, o, "qualifier", 0, qualifiers, ok);
    if (!num) {
        if (f->s[4]) {
            push_key(L, "qualifier");
            problem(L, "a \"qualifier\" qualifies a \"%s\"; there is none", numkey);
            pop(L);
            *ok = 0;
        }
        return;
    }
    push_key(L, numkey);
    if (jv_typeof(num) != JV_INTEGER || jv_int(num) < 0 || jv_int(num) > INT64_MAX / 2) {
        problem(L, "\"%s\" is a whole number from 0", numkey);
        *ok = 0;
    } else {
        f->num = jv_int(num);
        if (!f->s[4])
            f->s[4] = "exact";
    }
    pop(L);
}

/* One detail of event ev; its source defaults to the event's (evobj). */
static int do_detail(loader *L, const jv *o, const char *ev, const jv *evobj)
{
    static const char *const keys[] = {"key",  "subject", "value",  "num", "qualifier",
                                       "date", "note",    "source", NULL};
    int ok = only_keys(L, o, keys);
    fact f = {.kind = FACT_DETAIL};
    f.s[0] = ev;
    f.s[1] = str_field(L, o, "key", 1);
    size_t k = 0, nk = sizeof detail_keys / sizeof *detail_keys;
    while (f.s[1] && k < nk && strcmp(detail_keys[k].key, f.s[1]) != 0)
        k++;
    if (!f.s[1] || k == nk) {
        if (f.s[1]) {
            buf b;
            buf_init(&b, 1024);
            for (size_t i = 0; i < nk; i++)
                buf_printf(&b, "%s%s", i ? ", " : "", detail_keys[i].key);
            push_key(L, "key");
            problem(L, "unknown key \"%s\" (expected one of: %s)", f.s[1], b.p ? b.p : "");
            pop(L);
            buf_free(&b);
        }
        ok = 0;
    } else if (detail_keys[k].subject == SUBJ_ACTOR) {
        f.s[2] = ref_field(L, o, "subject", D_ACTOR, 0, &ok);
    } else if (detail_keys[k].subject == SUBJ_TEXT) {
        f.s[2] = str_field(L, o, "subject", 1);
        ok &= f.s[2] != NULL;
    } else if (jv_get(o, "subject")) {
        push_key(L, "subject");
        problem(L, "a \"%s\" detail has no subject", f.s[1]);
        pop(L);
        ok = 0;
    }
    if (ok && detail_keys[k].values)
        f.s[3] = in_vocab(L, o, "value", 1, detail_keys[k].values, &ok);
    else
        f.s[3] = str_field(L, o, "value", 0);
    figure(L, o, "num", &f, &ok);
    f.from = date_field(L, o, "date", 0, &ok);
    f.note = str_field(L, o, "note", 0);
    return emit(L, jv_get(o, "source") ? o : evobj, f, &ok);
}

/* A list of actor ids, sorted and joined with commas (canonical), in *out. */
static int id_list(loader *L, const jv *o, const char *key, const char **out, int *ok)
{
    jv *list = jv_get(o, key);
    *out = NULL;
    if (!list)
        return BLOC_OK;
    push_key(L, key);
    size_t n = jv_typeof(list) == JV_ARRAY ? jv_len(list) : 0;
    if (jv_typeof(list) != JV_ARRAY || n > MODEL_MAXLIST) {
        problem(L, "\"%s\" is a list of at most %d actor ids", key, MODEL_MAXLIST);
        *ok = 0;
        pop(L);
        return BLOC_OK;
    }
    const char **ids = calloc(n ? n : 1, sizeof *ids);
    if (!ids)
        return BLOC_ENOMEM;
    size_t nv = 0;
    for (size_t i = 0; i < n; i++) {
        const char *s = jv_str(jv_at(list, i));
        push_index(L, i);
        if (!s || !known(L, s, D_ACTOR)) {
            problem(L, "unknown actor \"%s\"", s ? s : "(not a string)");
            *ok = 0;
        } else {
            ids[nv++] = s;
        }
        pop(L);
    }
    pop(L);
    qsort(ids, nv, sizeof *ids, cmp_str);
    buf b;
    buf_init(&b, LOADER_MAXSTR);
    int full = 0;
    for (size_t i = 0; i < nv; i++)
        if (i == 0 || strcmp(ids[i], ids[i - 1]) != 0)
            full |= buf_printf(&b, "%s%s", b.len ? "," : "", ids[i]);
    free(ids);
    if (full) {
        buf_free(&b);
        return BLOC_ENOMEM;
    }
    if (!b.len) /* none: the same fact as no list at all */
        return BLOC_OK;
    *out = keep(L, buf_steal(&b));
    buf_free(&b);
    return *out ? BLOC_OK : BLOC_ENOMEM;
}

static int do_event(loader *L, const jv *o)
{
    static const char *const keys[] = {"id",      "type",   "mode",       "date",   "from",
                                       "to",      "actors", "recipients", "parent", "note",
                                       "details", "source", NULL};
    int ok = only_keys(L, o, keys);
    fact f = {.kind = FACT_EVENT};
    f.s[0] = str_field(L, o, "id", 1);
    if (!f.s[0] || !id_shape(f.s[0], D_EVENT)) {
        if (f.s[0]) {
            push_key(L, "id");
            problem(L, "event id \"%s\": letters, digits and - _ . : only", f.s[0]);
            pop(L);
        }
        ok = 0;
    } else if (strncmp(f.s[0], "live:", 5) == 0) {
        push_key(L, "id");
        problem(L, "event id \"%s\": ids starting \"live:\" are the live procedure's", f.s[0]);
        pop(L);
        ok = 0;
    }
    f.s[1] = in_vocab(L, o, "type", 1, event_types, &ok);
    f.s[2] = str_field(L, o, "mode", 0);
    if (f.s[2] && !snake(f.s[2])) {
        push_key(L, "mode");
        problem(L, "mode \"%s\": snake_case (arms, border_clash, freeze, ...)", f.s[2]);
        pop(L);
        ok = 0;
    }
    if (jv_get(o, "date") && (jv_get(o, "from") || jv_get(o, "to"))) {
        push_key(L, "date");
        problem(L, "an event has a \"date\", or \"from\" and \"to\", not both");
        pop(L);
        ok = 0;
    } else if (jv_get(o, "date")) {
        f.from = date_field(L, o, "date", 1, &ok);
    } else if (!jv_get(o, "from")) {
        problem(L, "an event needs its \"date\" (or \"from\" and \"to\")");
        ok = 0;
    } else {
        interval(L, o, &f.from, &f.to, 1, &ok);
    }
    int rc = id_list(L, o, "actors", &f.s[3], &ok);
    if (!rc)
        rc = id_list(L, o, "recipients", &f.s[4], &ok);
    if (rc)
        return rc;
    f.note = str_field(L, o, "note", 0);
    const char *parent = ref_field(L, o, "parent", D_EVENT, 0, &ok);
    if (parent && f.s[0] && strcmp(parent, f.s[0]) == 0) {
        push_key(L, "parent");
        problem(L, "an event is not its own parent");
        pop(L);
        ok = 0;
    }
    if ((rc = emit(L, o, f, &ok)) || !f.s[0])
        return rc;
    if (parent) {
        fact p = {.kind = FACT_DETAIL};
        p.s[0] = f.s[0];
        p.s[1] = "parent";
        p.s[3] = parent;
        if ((rc = emit(L, o, p, &ok)))
            return rc;
    }
    jv *details = jv_get(o, "details");
    if (!details)
        return BLOC_OK;
    push_key(L, "details");
    if (jv_typeof(details) != JV_ARRAY) {
        problem(L, "\"details\" is a list");
        pop(L);
        return BLOC_OK;
    }
    for (size_t i = 0; !rc && i < jv_len(details); i++) {
        push_index(L, i);
        if (jv_typeof(jv_at(details, i)) != JV_OBJECT)
            problem(L, "each detail is an object");
        else
            rc = do_detail(L, jv_at(details, i), f.s[0], o);
        pop(L);
    }
    pop(L);
    return rc;
}

static int do_force(loader *L, const jv *o)
{
    static const char *const keys[] = {"org",       "pool", "state", "unit",   "size",
                                       "qualifier", "date", "note",  "source", NULL};
    int ok = only_keys(L, o, keys);
    fact f = {.kind = FACT_FORCE};
    f.s[0] = ref_field(L, o, "org", D_ORG, 1, &ok);
    f.s[1] = str_field(L, o, "pool", 1);
    if (!f.s[1] || !snake(f.s[1])) {
        if (f.s[1]) {
            push_key(L, "pool");
            problem(L, "pool \"%s\": snake_case (crrf, peacekeeping, ...)", f.s[1]);
            pop(L);
        }
        ok = 0;
    }
    f.s[2] = ref_field(L, o, "state", D_STATE, 0, &ok);
    f.s[3] = str_field(L, o, "unit", 0);
    figure(L, o, "size", &f, &ok);
    f.from = date_field(L, o, "date", 0, &ok);
    f.note = str_field(L, o, "note", 0);
    if (!f.s[3] && !f.s[4]) {
        problem(L, "a force gives its \"size\", its \"unit\", or both");
        ok = 0;
    }
    return emit(L, o, f, &ok);
}

/* The sections of a record file, in the order their facts go into the log:
 * every file's sources before any fact that cites them, actors before the
 * treaties and spells that name them. */
static const struct {
    const char *key;
    section_fn fn;
} sections[] = {{"sources", do_source},  {"actors", do_actor}, {"names", do_nameset},
                {"treaties", do_treaty}, {"spells", do_spell}, {"offices", do_office},
                {"events", do_event},    {"forces", do_force}};

static int check_section(loader *L, const doc *d, size_t k)
{
    static const char *const keys[] = {"sources", "actors", "names",  "treaties", "spells",
                                       "offices", "events", "forces", "about",    NULL};
    L->cur = d;
    L->depth = 0;
    if (k == 0)
        only_keys(L, d->root, keys);
    return each(L, d->root, sections[k].key, sections[k].fn);
}

int loader_fail(loader *L)
{
    if (L->nerr > LOADER_MAXERR)
        buf_printf(&L->errs, "\n(%d more problems not shown)", L->nerr - LOADER_MAXERR);
    return db_err(L->db, L->errcode ? L->errcode : BLOC_ENOMEM, "%s",
                  L->errs.p ? L->errs.p : "out of memory");
}

int loader_commit(loader *L, bloc_load_stats *stats)
{
    int rc = db_catch_up(L->db); /* check references against the log as it is now */
    if (rc)
        return rc;
    for (size_t i = 0; !rc && i < L->ndocs; i++)
        if (L->docs[i].root)
            rc = declare_doc(L, &L->docs[i]);
    for (size_t k = 0; k < sizeof sections / sizeof *sections; k++)
        for (size_t i = 0; !rc && i < L->ndocs; i++)
            if (L->docs[i].root)
                rc = check_section(L, &L->docs[i], k);
    if (rc == BLOC_ENOMEM)
        return db_err(L->db, rc, "out of memory reading the record");
    if (L->nerr)
        return loader_fail(L);
    size_t appended = 0, skipped = 0;
    rc = db_append(L->db, L->facts, L->nfacts, &appended, &skipped);
    if (rc)
        return rc;
    if (stats) {
        stats->files = L->ndocs;
        stats->facts = L->nfacts;
        stats->appended = appended;
        stats->skipped = skipped;
    }
    return BLOC_OK;
}
