/*
 * tools/worldnames.c - build-time tool: the names of the record's states in
 * English, Russian, Bengali and Arabic from the CLDR data ICU carries, written
 * as a record file of "names" facts (docs/RECORD_FORMAT.md), so every state
 * the record declares can be found and shown in the languages of the corpus
 * without curating some two hundred names by hand.
 *
 *   worldnames OUT.json FILE...
 *
 * It reads the record files, takes every actor of type "state" (its id an
 * ISO 3166-1 alpha-3 code), finds ICU's two-letter region for the id and asks
 * ICU for the region's name in each language. A name the record already gives
 * for that state and language is left out; the CLDR name is marked as the
 * display name only where the record gives the state no name at all in that
 * language. States ICU has no region for (former states such as DDR and CSK)
 * are skipped. "names" facts that cite the source "cldr" are not counted as
 * the record's, so this tool's own output may lie among its inputs.
 *
 * The output is sorted (by state id, then en, ru, bn, ar) and indented, so the
 * same record and the same ICU give the same bytes. Exit status 0, or 1 with
 * "worldnames: FILE: message" on stderr.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>
#include <unicode/uloc.h>
#include <unicode/ures.h>
#include <unicode/ustring.h>
#include <unicode/uvernum.h>
#include <unicode/uversion.h>

#define SOURCE_ID "cldr"

static const char *const langs[] = {"en", "ru", "bn", "ar"};
#define NLANGS (sizeof langs / sizeof *langs)

static int fail(const char *file, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static int fail(const char *file, const char *fmt, ...)
{
    va_list ap;
    fprintf(stderr, "worldnames: %s: ", file);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
    return 1;
}

static int is_lang(const char *lang)
{
    for (size_t i = 0; i < NLANGS; i++)
        if (strcmp(langs[i], lang) == 0)
            return 1;
    return 0;
}

/* The record's names of one state: states[id][lang] is the list of names the
 * record files give (possibly empty: the state is declared, no name yet). */
static json_t *state_entry(json_t *states, const char *id)
{
    json_t *e = json_object_get(states, id);
    if (!e) {
        e = json_object();
        if (!e || json_object_set_new(states, id, e) != 0)
            return NULL;
    }
    return e;
}

/* Add the strings of list (a JSON array) to entry[lang]. */
static int add_names(const char *file, json_t *entry, const char *lang, json_t *list)
{
    if (!json_is_array(list))
        return fail(file, "the names in \"%s\" are not a list", lang);
    if (!is_lang(lang))
        return 0;
    json_t *have = json_object_get(entry, lang);
    if (!have) {
        have = json_array();
        if (!have || json_object_set_new(entry, lang, have) != 0)
            return fail(file, "out of memory");
    }
    size_t i;
    json_t *name;
    json_array_foreach(list, i, name)
    {
        if (!json_is_string(name))
            return fail(file, "a name in \"%s\" is not a string", lang);
        if (json_array_append(have, name) != 0)
            return fail(file, "out of memory");
    }
    return 0;
}

static int is_iso3(const char *id)
{
    if (strlen(id) != 3)
        return 0;
    for (const char *p = id; *p; p++)
        if (*p < 'A' || *p > 'Z')
            return 0;
    return 1;
}

/* The "actors" of one file: declare its states and note the names they have. */
static int read_actors(const char *file, json_t *actors, json_t *states)
{
    if (!json_is_array(actors))
        return fail(file, "\"actors\" is not a list");
    size_t i;
    json_t *a;
    json_array_foreach(actors, i, a)
    {
        if (!json_is_object(a))
            return fail(file, "actor %zu is not an object", i + 1);
        const char *id = json_string_value(json_object_get(a, "id"));
        const char *type = json_string_value(json_object_get(a, "type"));
        if (!id || !type)
            return fail(file, "actor %zu has no string \"id\" and \"type\"", i + 1);
        if (strcmp(type, "state") != 0)
            continue;
        if (!is_iso3(id))
            return fail(file, "state \"%s\": the id is not an ISO 3166-1 alpha-3 code", id);
        json_t *entry = state_entry(states, id);
        if (!entry)
            return fail(file, "out of memory");
        json_t *names = json_object_get(a, "names");
        if (!names)
            continue;
        if (!json_is_object(names))
            return fail(file, "state \"%s\": \"names\" is not an object", id);
        const char *lang;
        json_t *list;
        json_object_foreach(names, lang, list)
        {
            if (add_names(file, entry, lang, list))
                return 1;
        }
    }
    return 0;
}

/* The "names" facts of one file. They may name actors of any type, declared
 * in any file; only those of states are kept (the states are known once every
 * file has been read). Names from CLDR (this tool's output) are skipped. */
static int read_names(const char *file, json_t *facts, json_t *given)
{
    if (!json_is_array(facts))
        return fail(file, "\"names\" is not a list");
    size_t i;
    json_t *f;
    json_array_foreach(facts, i, f)
    {
        if (!json_is_object(f))
            return fail(file, "names fact %zu is not an object", i + 1);
        const char *actor = json_string_value(json_object_get(f, "actor"));
        const char *lang = json_string_value(json_object_get(f, "lang"));
        if (!actor || !lang)
            return fail(file, "names fact %zu has no string \"actor\" and \"lang\"", i + 1);
        const char *source = json_string_value(json_object_get(f, "source"));
        if (source && strcmp(source, SOURCE_ID) == 0)
            continue;
        json_t *entry = state_entry(given, actor);
        if (!entry)
            return fail(file, "out of memory");
        if (add_names(file, entry, lang, json_object_get(f, "names")))
            return 1;
    }
    return 0;
}

static int read_file(const char *file, json_t *states, json_t *given)
{
    json_error_t err;
    json_t *root = json_load_file(file, 0, &err);
    if (!root && err.line < 1)
        return fail(file, "%s", err.text);
    if (!root)
        return fail(file, "%s (line %d, column %d)", err.text, err.line, err.column);
    int rc = 0;
    json_t *v;
    if (!json_is_object(root))
        rc = fail(file, "not a JSON object");
    if (!rc && (v = json_object_get(root, "actors")))
        rc = read_actors(file, v, states);
    if (!rc && (v = json_object_get(root, "names")))
        rc = read_names(file, v, given);
    json_decref(root);
    return rc;
}

/* ICU's two-letter region for an ISO 3166-1 alpha-3 code, or 0. */
static int region_of(const char *iso3, char region[3])
{
    for (const char *const *c = uloc_getISOCountries(); *c; c++) {
        char loc[8];
        snprintf(loc, sizeof loc, "_%s", *c);
        if (strlen(*c) == 2 && strcmp(uloc_getISO3Country(loc), iso3) == 0) {
            memcpy(region, *c, 3);
            return 1;
        }
    }
    return 0;
}

/* The region's name in lang as UTF-8 into out, or 0 when ICU has none. */
static int region_name(const char *region, const char *lang, char *out, int32_t cap)
{
    char loc[8];
    UChar name[256];
    UErrorCode st = U_ZERO_ERROR;
    snprintf(loc, sizeof loc, "_%s", region);
    int32_t n = uloc_getDisplayCountry(loc, lang, name, (int32_t)(sizeof name / sizeof *name), &st);
    /* With no data ICU answers the code itself and a warning. */
    if (U_FAILURE(st) || st == U_USING_DEFAULT_WARNING || n <= 0)
        return 0;
    int32_t len = 0;
    st = U_ZERO_ERROR;
    u_strToUTF8(out, cap, &len, name, n, &st);
    if (U_FAILURE(st) || st == U_STRING_NOT_TERMINATED_WARNING)
        return 0;
    return strcmp(out, region) != 0;
}

static int contains(const json_t *list, const char *name)
{
    size_t i;
    json_t *v;
    json_array_foreach(list, i, v)
    {
        if (strcmp(json_string_value(v), name) == 0)
            return 1;
    }
    return 0;
}

static int by_string(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* The CLDR version ICU's data was built from. This is what
 * ulocdata_getCLDRVersion does; that function lives in libicui18n, which the
 * tool otherwise has no need of. */
static int cldr_version(char out[U_MAX_VERSION_STRING_LENGTH])
{
    UErrorCode st = U_ZERO_ERROR;
    UVersionInfo v;
    UResourceBundle *rb = ures_openDirect(NULL, "supplementalData", &st);
    ures_getVersionByKey(rb, "cldrVersion", v, &st);
    ures_close(rb);
    if (U_FAILURE(st))
        return 0;
    u_versionToString(v, out);
    return 1;
}

static json_t *source_list(const char *out)
{
    char cldr[U_MAX_VERSION_STRING_LENGTH];
    char title[128];
    if (!cldr_version(cldr)) {
        fail(out, "ICU has no CLDR version");
        return NULL;
    }
    snprintf(title, sizeof title, "Common Locale Data Repository %s via ICU %s", cldr,
             U_ICU_VERSION);
    json_t *list = json_pack("[{s:s, s:s, s:s, s:s}]", "id", SOURCE_ID, "kind", "document",
                             "publisher", "Unicode Consortium", "title", title);
    if (!list)
        fail(out, "out of memory");
    return list;
}

/* The names facts for every state, in id order. */
static json_t *name_facts(const char *out, json_t *states, json_t *given)
{
    size_t n = json_object_size(states), k = 0;
    const char **ids = malloc((n ? n : 1) * sizeof *ids);
    json_t *facts = json_array();
    if (!ids || !facts) {
        free(ids);
        json_decref(facts);
        fail(out, "out of memory");
        return NULL;
    }
    const char *id;
    json_t *entry;
    json_object_foreach(states, id, entry)
    {
        ids[k++] = id;
    }
    qsort(ids, n, sizeof *ids, by_string);
    for (k = 0; k < n; k++) {
        char region[3];
        if (!region_of(ids[k], region))
            continue;
        entry = json_object_get(states, ids[k]);
        json_t *more = json_object_get(given, ids[k]);
        for (size_t l = 0; l < NLANGS; l++) {
            json_t *have = json_object_get(entry, langs[l]);
            json_t *have_more = more ? json_object_get(more, langs[l]) : NULL;
            char name[1024];
            if (!region_name(region, langs[l], name, (int32_t)sizeof name))
                continue;
            if ((have && contains(have, name)) || (have_more && contains(have_more, name)))
                continue;
            int display = json_array_size(have) == 0 && json_array_size(have_more) == 0;
            json_t *fact =
                json_pack("{s:s, s:s, s:[s], s:b, s:s}", "actor", ids[k], "lang", langs[l], "names",
                          name, "display", display, "source", SOURCE_ID);
            if (!fact || json_array_append_new(facts, fact) != 0) {
                free(ids);
                json_decref(facts);
                fail(out, "out of memory");
                return NULL;
            }
        }
    }
    free(ids);
    return facts;
}

/* Write root to OUT.tmp, then rename it to OUT: an interrupted or failed run
 * leaves OUT as it was, never half written. */
static int write_out(const char *out, json_t *root)
{
    size_t n = strlen(out) + sizeof ".tmp";
    char *tmp = malloc(n);
    char *text = json_dumps(root, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
    int rc = 0;
    if (!tmp || !text) {
        rc = fail(out, "out of memory");
        goto done;
    }
    snprintf(tmp, n, "%s.tmp", out);
    FILE *f = fopen(tmp, "w");
    if (!f) {
        rc = fail(tmp, "%s", strerror(errno));
        goto done;
    }
    int bad = fputs(text, f) == EOF || fputc('\n', f) == EOF;
    int e = errno;
    if (fclose(f) != 0 && !bad) {
        bad = 1;
        e = errno;
    }
    if (bad) {
        rc = fail(tmp, "%s", strerror(e));
        remove(tmp);
    } else if (rename(tmp, out) != 0) {
        rc = fail(out, "%s", strerror(errno));
        remove(tmp);
    }
done:
    free(tmp);
    free(text);
    return rc;
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fputs("usage: worldnames OUT.json FILE...\n", stderr);
        return 2;
    }
    const char *out = argv[1];
    json_t *states = json_object(), *given = json_object();
    int rc = !states || !given ? fail(out, "out of memory") : 0;
    for (int i = 2; !rc && i < argc; i++)
        rc = read_file(argv[i], states, given);
    json_t *root = NULL, *sources = NULL, *facts = NULL;
    if (!rc && !((sources = source_list(out)) && (facts = name_facts(out, states, given))))
        rc = 1;
    if (!rc && !(root = json_pack("{s:O, s:O}", "sources", sources, "names", facts)))
        rc = fail(out, "out of memory");
    if (!rc)
        rc = write_out(out, root);
    json_decref(root);
    json_decref(sources);
    json_decref(facts);
    json_decref(states);
    json_decref(given);
    return rc;
}
