/*
 * tools/isonum.c - build-time tool for the dashboard (web/build.sh): the map
 * from ISO 3166-1 alpha-3 codes (the ids the record and its API use for
 * states) to ISO 3166-1 numeric codes (the ids of the world-atlas map's
 * features), taken from the CLDR data ICU carries rather than typed by hand.
 *
 *   isonum OUT.json
 *
 * For every region ICU lists as a territory it takes the alpha-3 code
 * (uloc_getISO3Country), asks ICU for the region again by that code
 * (uregion_getRegionFromCode) and for its numeric code
 * (uregion_getNumericCode). Codes without a numeric code, or whose alpha-3
 * code does not lead back to the same region, are left out. The output is one
 * JSON object, {"AFG": "004", ...}, sorted by alpha-3 code, numbers as the
 * three-digit strings world-atlas uses; the same ICU gives the same bytes.
 * Exit status 0, or 1 with "isonum: message" on stderr.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <unicode/uenum.h>
#include <unicode/uloc.h>
#include <unicode/uregion.h>

struct pair {
    char iso3[8];
    int num;
};

static int by_iso3(const void *a, const void *b)
{
    return strcmp(((const struct pair *)a)->iso3, ((const struct pair *)b)->iso3);
}

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: isonum OUT.json\n");
        return 2;
    }
    UErrorCode err = U_ZERO_ERROR;
    UEnumeration *regions = uregion_getAvailable(URGN_TERRITORY, &err);
    if (U_FAILURE(err)) {
        fprintf(stderr, "isonum: ICU lists no territories: %s\n", u_errorName(err));
        return 1;
    }
    int32_t n = uenum_count(regions, &err);
    struct pair *pairs = calloc(n > 0 ? (size_t)n : 1, sizeof *pairs);
    if (U_FAILURE(err) || !pairs) {
        fprintf(stderr, "isonum: out of memory\n");
        return 1;
    }
    size_t count = 0;
    const char *code;
    while ((code = uenum_next(regions, NULL, &err)) != NULL && U_SUCCESS(err)) {
        char locale[16];
        snprintf(locale, sizeof locale, "und_%s", code);
        const char *iso3 = uloc_getISO3Country(locale);
        if (!iso3 || strlen(iso3) != 3)
            continue;
        UErrorCode e2 = U_ZERO_ERROR;
        const URegion *r = uregion_getRegionFromCode(iso3, &e2);
        if (U_FAILURE(e2) || !r || strcmp(uregion_getRegionCode(r), code) != 0)
            continue;
        int32_t num = uregion_getNumericCode(r);
        if (num <= 0 || num > 999)
            continue;
        snprintf(pairs[count].iso3, sizeof pairs[count].iso3, "%s", iso3);
        pairs[count].num = num;
        count++;
    }
    uenum_close(regions);
    if (U_FAILURE(err)) {
        fprintf(stderr, "isonum: listing territories: %s\n", u_errorName(err));
        return 1;
    }
    if (count == 0) {
        fprintf(stderr, "isonum: ICU gave no numeric codes\n");
        return 1;
    }
    qsort(pairs, count, sizeof *pairs, by_iso3);

    char tmp[4096];
    snprintf(tmp, sizeof tmp, "%s.tmp", argv[1]);
    FILE *f = fopen(tmp, "w");
    if (!f) {
        perror("isonum: cannot write");
        return 1;
    }
    fputs("{\n", f);
    for (size_t i = 0; i < count; i++)
        fprintf(f, "  \"%s\": \"%03d\"%s\n", pairs[i].iso3, pairs[i].num, i + 1 < count ? "," : "");
    fputs("}\n", f);
    free(pairs);
    if (fclose(f) != 0 || rename(tmp, argv[1]) != 0) {
        perror("isonum: cannot write");
        remove(tmp);
        return 1;
    }
    return 0;
}
