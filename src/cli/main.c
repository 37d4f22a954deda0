/*
 * cli/main.c - the `bloc` command. It uses nothing but the public API
 * (include/bloc/), so every answer it prints is one the library (and later the
 * server) gives too.
 *
 *   bloc [--db PATH] [--json] [--no-bundle] COMMAND [ARGS]
 *
 * Exit status: 0 success, 1 a user error (message on stderr), 2 a usage error.
 */
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#include "bloc/auth.h"
#include "bloc/bloc.h"

#define EXIT_USER     1
#define EXIT_USAGE    2
#define MAX_ATTACKERS 64

typedef struct opts {
    const char *db;
    int json;
    unsigned open_flags;
    /* command arguments */
    const char *pos[64];
    int npos;
    const char *on, *target, *source, *reason, *from, *to, *limit, *expect;
    const char *date, *lang, *lexicon, *listen, *max_seconds, *as;
    const char *web, *role, *state, *exercise;
    char exercise_db[4096]; /* the exercise's database, when --exercise */
    const char *real_db;    /* the real database, when --exercise */
    int lossy;
    const char *attackers[MAX_ATTACKERS];
    int nattackers;
    int requested, internal;
} opts;

typedef struct command {
    const char *name;
    const char *usage;
    const char *help;
    int (*run)(opts *o);
    int min_pos, max_pos;
    const char *options; /* the options it takes, space-separated */
} command;

static const command *find_command(const char *name);
static void print_usage(FILE *f);

static int usage_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static int usage_error(const char *fmt, ...)
{
    va_list ap;
    fputs("bloc: ", stderr);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputs("\nTry 'bloc help'.\n", stderr);
    return EXIT_USAGE;
}

/* Report a library failure and give the exit status. */
static int fail(bloc_db *db, const char *what, int rc)
{
    fprintf(stderr, "bloc: %s: %s\n", what, db ? bloc_errmsg(db) : bloc_strerror(rc));
    return EXIT_USER;
}

static int open_db(opts *o, unsigned extra, bloc_db **db)
{
    int rc = bloc_open(o->db, o->open_flags | extra, db);
    if (rc) {
        /* the library's messages name the file */
        fprintf(stderr, "bloc: %s\n", *db ? bloc_errmsg(*db) : bloc_strerror(rc));
        bloc_close(*db);
        *db = NULL;
    }
    return rc;
}

static int emit(bloc_db *db, const char *what, int rc, char *out)
{
    if (rc) {
        int code = fail(db, what, rc);
        bloc_close(db);
        return code;
    }
    if (out) { /* NULL: the answer was streamed already */
        fputs(out, stdout);
        if (*out && out[strlen(out) - 1] != '\n')
            fputc('\n', stdout);
        bloc_free(out);
    }
    bloc_close(db);
    return fflush(stdout) == 0 ? 0 : EXIT_USER;
}

/* JSON string literal for small hand-written answers (load, verify, retract). */
static void json_str(FILE *f, const char *s)
{
    fputc('"', f);
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;
        if (c == '"' || c == '\\')
            fprintf(f, "\\%c", c);
        else if (c < 0x20)
            fprintf(f, "\\u%04x", c);
        else
            fputc(c, f);
    }
    fputc('"', f);
}

static int parse_int(const char *s, long long *v)
{
    char *end;
    if (!s || !*s)
        return 0;
    *v = strtoll(s, &end, 10);
    return *end == '\0';
}

/* ---- commands ---- */

static int cmd_load(opts *o)
{
    bloc_db *db;
    bloc_load_stats st = {0};
    if (open_db(o, 0, &db))
        return EXIT_USER;
    int rc = bloc_load(db, o->pos, (size_t)o->npos, &st);
    if (rc) {
        fprintf(stderr, "bloc: load: nothing was loaded:\n%s\n", bloc_errmsg(db));
        bloc_close(db);
        return EXIT_USER;
    }
    if (o->json)
        printf("{\"files\": %zu, \"facts\": %zu, \"appended\": %zu, \"skipped\": %zu}\n", st.files,
               st.facts, st.appended, st.skipped);
    else
        printf("loaded %zu file%s: %zu facts, %zu appended, %zu already in the log\n", st.files,
               st.files == 1 ? "" : "s", st.facts, st.appended, st.skipped);
    bloc_close(db);
    return 0;
}

/* The questions asked of an organization on a day: members, chair. */
static int org_question(opts *o, const char *what,
                        int (*ask)(bloc_db *, const char *, const char *, bloc_format, char **))
{
    bloc_db *db;
    char *out = NULL;
    if (open_db(o, 0, &db))
        return EXIT_USER;
    int rc = ask(db, o->pos[0], o->on, o->json ? BLOC_FMT_JSON : BLOC_FMT_TEXT, &out);
    return emit(db, what, rc, out);
}

static int cmd_members(opts *o)
{
    return org_question(o, "members", bloc_members);
}

static int cmd_chair(opts *o)
{
    return org_question(o, "chair", bloc_chair);
}

static int cmd_obligations(opts *o)
{
    bloc_db *db;
    char *out = NULL;
    if (!o->target)
        return usage_error("obligations: --target STATE is required");
    if (!o->on)
        return usage_error("obligations: --on DATE is required");
    bloc_attack a = {o->target,    o->on,      o->attackers, (size_t)o->nattackers,
                     o->requested, o->internal};
    if (open_db(o, 0, &db))
        return EXIT_USER;
    int rc = bloc_obligations(db, &a, o->json ? BLOC_FMT_JSON : BLOC_FMT_TEXT, &out);
    return emit(db, "obligations", rc, out);
}

static int cmd_history(opts *o)
{
    bloc_db *db;
    char *out = NULL;
    if (open_db(o, 0, &db))
        return EXIT_USER;
    int rc = bloc_history(db, o->pos[0], o->json ? BLOC_FMT_JSON : BLOC_FMT_TEXT, &out);
    return emit(db, "history", rc, out);
}

static int cmd_appeals(opts *o)
{
    bloc_db *db;
    char *out = NULL;
    if (open_db(o, 0, &db))
        return EXIT_USER;
    int rc = bloc_appeals(db, o->pos[0], o->json ? BLOC_FMT_JSON : BLOC_FMT_TEXT, &out);
    return emit(db, "appeals", rc, out);
}

static int cmd_cohesion(opts *o)
{
    bloc_db *db;
    char *out = NULL;
    if (open_db(o, 0, &db))
        return EXIT_USER;
    int rc =
        bloc_cohesion(db, o->pos[0], o->from, o->to, o->json ? BLOC_FMT_JSON : BLOC_FMT_TEXT, &out);
    return emit(db, "cohesion", rc, out);
}

static int cmd_timeline(opts *o)
{
    bloc_db *db;
    char *out = NULL;
    if (open_db(o, 0, &db))
        return EXIT_USER;
    int rc =
        bloc_timeline(db, o->pos[0], o->from, o->to, o->json ? BLOC_FMT_JSON : BLOC_FMT_TEXT, &out);
    return emit(db, "timeline", rc, out);
}

static int write_stdout(void *ud, const char *data, size_t len)
{
    (void)ud;
    return fwrite(data, 1, len, stdout) == len ? BLOC_OK : BLOC_EIO;
}

static int cmd_export(opts *o)
{
    bloc_db *db;
    int rc;
    const char *what = o->pos[0];
    if (strcmp(what, "dyad-years") != 0 && strcmp(what, "plover") != 0)
        return usage_error("export what? \"dyad-years\" or \"plover\", not \"%s\"", what);
    if (strcmp(what, "plover") == 0 && (o->from || o->to))
        return usage_error("export plover takes no --from or --to");
    if (open_db(o, 0, &db))
        return EXIT_USER;
    if (strcmp(what, "plover") == 0)
        rc = bloc_export_plover(db, write_stdout, NULL);
    else
        rc = bloc_export_dyad_years(db, o->from, o->to, write_stdout, NULL);
    return emit(db, "export", rc, NULL);
}

static int cmd_extract(opts *o)
{
    bloc_db *db;
    bloc_extractor *x;
    bloc_extract_opts eo = {o->date, o->lang, o->lexicon, o->lossy};
    if (open_db(o, 0, &db))
        return EXIT_USER;
    int rc = bloc_extractor_new(db, &eo, &x), status = 0;
    if (rc)
        return emit(db, "extract", rc, NULL);
    for (int i = 0; i < o->npos; i++) {
        rc = bloc_extract_file(x, o->pos[i], write_stdout, NULL);
        if (rc == BLOC_EIO && ferror(stdout))
            break;
        if (rc) /* that file's error; the others are still read */
            status = fail(db, "extract", rc);
    }
    bloc_extractor_free(x);
    if (rc == BLOC_EIO && ferror(stdout))
        return emit(db, "extract", rc, NULL);
    fflush(stdout);
    bloc_close(db);
    return status;
}

static int cmd_ingest(opts *o)
{
    bloc_db *db;
    bloc_extractor *x;
    bloc_extract_opts eo = {o->date, o->lang, o->lexicon, o->lossy};
    bloc_load_stats st;
    if (open_db(o, 0, &db))
        return EXIT_USER;
    int rc = bloc_extractor_new(db, &eo, &x);
    if (!rc)
        rc = bloc_ingest(x, o->pos, (size_t)o->npos, &st);
    bloc_extractor_free(x);
    if (rc)
        return emit(db, "ingest", rc, NULL);
    if (o->json)
        printf("{\"files\": %zu, \"facts\": %zu, \"appended\": %zu, \"skipped\": %zu}\n", st.files,
               st.facts, st.appended, st.skipped);
    else
        printf("ingested %zu file%s: %zu facts (sources and claims), %zu appended, %zu already in "
               "the log\n",
               st.files, st.files == 1 ? "" : "s", st.facts, st.appended, st.skipped);
    return emit(db, "ingest", BLOC_OK, NULL);
}

static volatile sig_atomic_t stop_serving;

/* The host part of --listen (HOST:PORT), for the address printed. */
static void fmt_host(const char *listen, char *host, size_t n)
{
    const char *colon = listen ? strrchr(listen, ':') : NULL;
    if (!listen)
        snprintf(host, n, "127.0.0.1");
    else
        snprintf(host, n, "%.*s", colon ? (int)(colon - listen) : (int)strlen(listen), listen);
}

static void on_signal(int sig)
{
    (void)sig;
    stop_serving = 1;
}

/* The dashboard next to the binary (build/web beside build/bloc), if there. */
static const char *default_web(char *dir, size_t n)
{
    char self[4096];
    ssize_t k = readlink("/proc/self/exe", self, sizeof self - 1);
    if (k <= 0)
        return NULL;
    self[k] = '\0';
    char *slash = strrchr(self, '/');
    if (!slash)
        return NULL;
    *slash = '\0';
    snprintf(dir, n, "%s/web", self);
    char index[8400];
    snprintf(index, sizeof index, "%s/index.html", dir);
    return access(index, R_OK) == 0 ? dir : NULL;
}

static int cmd_serve(opts *o)
{
    bloc_db *db;
    bloc_server *s;
    long long max = 0;
    char webdir[4200];
    if (o->max_seconds && (!parse_int(o->max_seconds, &max) || max < 1))
        return usage_error("serve: --max-seconds takes a whole number of seconds");
    if (o->on && !o->exercise)
        return usage_error("serve: --on dates an exercise's steps (with --exercise NAME); the "
                           "real record's steps carry today's date");
    if (o->exercise && access(o->db, F_OK) != 0) {
        /* a new exercise: a copy of the real database, from then on its own */
        bloc_db *real;
        const char *path = o->db;
        o->db = o->real_db;
        if (open_db(o, 0, &real))
            return EXIT_USER;
        int rc = bloc_snapshot(real, path);
        o->db = path;
        if (rc)
            return emit(real, "serve --exercise", rc, NULL);
        bloc_close(real);
        fprintf(stderr, "bloc: exercise \"%s\" starts from a copy of %s\n", o->exercise,
                o->real_db);
    }
    if (open_db(o, 0, &db))
        return EXIT_USER;
    bloc_server_opts so = {o->listen, o->web ? o->web : default_web(webdir, sizeof webdir),
                           o->exercise, o->on};
    int rc = bloc_server_start(db, &so, &s);
    if (rc)
        return emit(db, "serve", rc, NULL);
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_signal;
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
    char host[64];
    fmt_host(o->listen, host, sizeof host);
    printf("bloc: serving %s on http://%s:%u/ (Ctrl-C stops)\n", o->db, host, bloc_server_port(s));
    if (!so.web)
        printf("bloc: no dashboard (build it with make, or give --web DIR); the API is at /api/\n");
    fflush(stdout);
    for (long long waited = 0; !stop_serving && (!max || waited < max * 10); waited++) {
        struct timespec ts = {0, 100 * 1000 * 1000};
        nanosleep(&ts, NULL);
    }
    bloc_server_stop(s);
    return emit(db, "serve", BLOC_OK, NULL);
}

/* A password: $BLOC_PASSWORD, else a line of stdin (not echoed on a terminal). */
static int read_password(char *pw, size_t n)
{
    const char *env = getenv("BLOC_PASSWORD");
    if (env) {
        if (strlen(env) >= n)
            return 0;
        snprintf(pw, n, "%s", env);
        return 1;
    }
    struct termios old, quiet;
    int tty = isatty(STDIN_FILENO) && tcgetattr(STDIN_FILENO, &old) == 0;
    if (tty) {
        fputs("password: ", stderr);
        quiet = old;
        quiet.c_lflag &= ~(tcflag_t)ECHO;
        tcsetattr(STDIN_FILENO, TCSAFLUSH, &quiet);
    }
    int ok = fgets(pw, (int)n, stdin) != NULL;
    if (tty) {
        tcsetattr(STDIN_FILENO, TCSAFLUSH, &old);
        fputc('\n', stderr);
    }
    pw[strcspn(pw, "\r\n")] = '\0';
    return ok;
}

static int cmd_user(opts *o)
{
    bloc_db *db;
    char *out = NULL;
    if (strcmp(o->pos[0], "list") == 0) {
        if (o->npos != 1)
            return usage_error("user list takes no argument");
        if (open_db(o, 0, &db))
            return EXIT_USER;
        int rc = bloc_user_list(db, o->json ? BLOC_FMT_JSON : BLOC_FMT_TEXT, &out);
        return emit(db, "user", rc, out);
    }
    if (strcmp(o->pos[0], "add") != 0 || o->npos != 2)
        return usage_error("user add NAME --role ROLE [--state STATE] | user list");
    if (!o->role)
        return usage_error("user add: --role secretariat|delegation|observer is required");
    char pw[BLOC_PASSWORD_MAX + 2];
    if (!read_password(pw, sizeof pw)) {
        fprintf(stderr, "bloc: user add: no password (set BLOC_PASSWORD or give one line on "
                        "stdin)\n");
        return EXIT_USER;
    }
    if (open_db(o, 0, &db))
        return EXIT_USER;
    int rc = bloc_user_add(db, o->pos[1], o->role, o->state, pw);
    memset(pw, 0, sizeof pw);
    if (!rc)
        printf("bloc: user %s (%s%s%s) set\n", o->pos[1], o->role, o->state ? " of " : "",
               o->state ? o->state : "");
    return emit(db, "user add", rc, NULL);
}

static int cmd_catalog(opts *o)
{
    bloc_db *db;
    char *out = NULL;
    if (open_db(o, 0, &db))
        return EXIT_USER;
    int rc = bloc_catalog(db, o->json ? BLOC_FMT_JSON : BLOC_FMT_TEXT, &out);
    return emit(db, "catalog", rc, out);
}

static int cmd_cases(opts *o)
{
    bloc_db *db;
    char *out = NULL;
    if (open_db(o, 0, &db))
        return EXIT_USER;
    bloc_format f = o->json ? BLOC_FMT_JSON : BLOC_FMT_TEXT;
    int rc = o->npos && strncmp(o->pos[0], "live:", 5) == 0
                 ? bloc_case(db, o->pos[0], f, &out)
                 : bloc_cases(db, o->npos ? o->pos[0] : NULL, f, &out);
    return emit(db, "cases", rc, out);
}

static int cmd_accept(opts *o)
{
    bloc_db *db;
    size_t appended = 0;
    if (open_db(o, 0, &db))
        return EXIT_USER;
    int rc = bloc_accept(db, o->pos[0], o->as, &appended);
    if (!rc)
        printf("accepted %s into the record: %zu entr%s appended\n", o->pos[0], appended,
               appended == 1 ? "y" : "ies");
    return emit(db, "accept", rc, NULL);
}

static int cmd_claims(opts *o)
{
    bloc_db *db;
    char *out = NULL;
    if (open_db(o, 0, &db))
        return EXIT_USER;
    int rc =
        bloc_claims(db, o->npos ? o->pos[0] : NULL, o->json ? BLOC_FMT_JSON : BLOC_FMT_TEXT, &out);
    return emit(db, "claims", rc, out);
}

struct printer {
    int json;
    size_t n;
};

static int print_entry(void *ud, const char *text)
{
    struct printer *p = ud;
    if (p->json)
        printf("%s\n  %s", p->n ? "," : "", text);
    else
        printf("%s\n", text);
    p->n++;
    return ferror(stdout) ? BLOC_EIO : BLOC_OK;
}

static int cmd_log(opts *o)
{
    bloc_db *db;
    long long from = 1, limit = 0;
    if ((o->from && (!parse_int(o->from, &from) || from < 1)) ||
        (o->limit && (!parse_int(o->limit, &limit) || limit < 0)))
        return usage_error("log: --from and --limit take whole numbers");
    if (open_db(o, BLOC_OPEN_RAW, &db))
        return EXIT_USER;
    /* streamed: a log of millions of entries prints in bounded memory */
    struct printer pr = {o->json, 0};
    if (o->json)
        fputs("{\"entries\": [", stdout);
    int rc =
        bloc_log_each(db, from, limit, o->json ? BLOC_FMT_JSON : BLOC_FMT_TEXT, print_entry, &pr);
    if (o->json)
        fputs(pr.n ? "\n]}\n" : "]}\n", stdout);
    return emit(db, "log", rc, NULL);
}

static void fmt_into_reason(char *dst, size_t n, const char *head, const char *expect)
{
    if (strlen(expect) < 8)
        snprintf(dst, n, "--expect wants at least 8 hex digits of a head hash");
    else
        snprintf(dst, n,
                 "the log ends at %.16s..., not at the expected %.16s... (entries "
                 "were removed from or added to its end)",
                 *head ? head : "(empty)", expect);
}

static int cmd_verify(opts *o)
{
    bloc_db *db;
    bloc_verify_report r;
    if (open_db(o, BLOC_OPEN_RAW, &db))
        return EXIT_USER;
    int rc = bloc_verify(db, &r);
    if (rc && rc != BLOC_ECHAIN) {
        int code = fail(db, "verify", rc);
        bloc_close(db);
        return code;
    }
    /* --expect HEAD: the head hash seen before (a prefix will do); a log cut
     * short or grown since then no longer ends there. */
    int moved = !rc && o->expect &&
                (strlen(o->expect) < 8 || strncmp(r.head, o->expect, strlen(o->expect)) != 0);
    if (moved) {
        rc = BLOC_ECHAIN;
        fmt_into_reason(r.reason, sizeof r.reason, r.head, o->expect);
    }
    if (o->json) {
        printf("{\"ok\": %s, \"entries\": %lld, \"head\": \"%s\", \"first_bad\": ",
               rc ? "false" : "true", (long long)r.entries, r.head);
        if (rc) {
            if (r.first_bad)
                printf("%lld", (long long)r.first_bad);
            else
                fputs("null", stdout);
            fputs(", \"reason\": ", stdout);
            json_str(stdout, r.reason);
        } else {
            fputs("null", stdout);
        }
        fputs("}\n", stdout);
    } else if (!rc) {
        printf("ok: the chain holds over %lld entries; head %s\n", (long long)r.entries,
               r.head[0] ? r.head : "(empty log)");
    }
    if (rc)
        fprintf(stderr, "bloc: verify: %s%s\n", moved ? "" : "chain broken at ", r.reason);
    bloc_close(db);
    return rc ? EXIT_USER : 0;
}

static int cmd_retract(opts *o)
{
    bloc_db *db;
    long long seq;
    int64_t nseq = 0;
    if (!parse_int(o->pos[0], &seq) || seq < 1)
        return usage_error("retract: SEQ is an entry number, not \"%s\"", o->pos[0]);
    if (!o->source || !o->reason)
        return usage_error("retract: --source ID and --reason TEXT are required");
    if (open_db(o, 0, &db))
        return EXIT_USER;
    int rc = bloc_retract(db, seq, o->source, o->reason, &nseq);
    if (rc) {
        int code = fail(db, "retract", rc);
        bloc_close(db);
        return code;
    }
    if (o->json)
        printf("{\"retracted\": %lld, \"entry\": %lld}\n", seq, (long long)nseq);
    else
        printf("entry %lld retracted by entry %lld\n", seq, (long long)nseq);
    bloc_close(db);
    return 0;
}

static int cmd_help(opts *o)
{
    if (o->npos == 0) {
        print_usage(stdout);
        return 0;
    }
    const command *c = find_command(o->pos[0]);
    if (!c)
        return usage_error("help: no command \"%s\"", o->pos[0]);
    printf("usage: bloc [--db PATH] [--json] %s\n\n%s\n", c->usage, c->help);
    return 0;
}

static int cmd_version(opts *o)
{
    (void)o;
    printf("bloc %s\n", bloc_version());
    return 0;
}

static const command commands[] = {
    {"load", "load PATH...",
     "Append record files (JSON; a directory is read recursively) to the log, in one\n"
     "transaction: a file with any problem is rejected whole, with file:line:col.\n"
     "Facts already in the log are skipped, so loading twice adds nothing.",
     cmd_load, 1, 64, ""},
    {"members", "members ORG [--on DATE]",
     "States with a status in ORG on DATE (default: today), each with its claims and\n"
     "their sources; a state whose sources disagree is shown as disputed.",
     cmd_members, 1, 1, "--on"},
    {"chair", "chair ORG [--on DATE]", "The state chairing ORG on DATE, and who chaired for it.",
     cmd_chair, 1, 1, "--on"},
    {"obligations",
     "obligations --target STATE --on DATE [--attacker STATE]... [--requested] [--internal]",
     "Every treaty in force for STATE on DATE, each obligation an attack on it\n"
     "triggers, whom it binds, and which conditions are met or unmet (on_request,\n"
     "intra_bloc, location, specific_adversary, number_of_attackers,\n"
     "external_aggression). --internal frames the crisis as internal to STATE\n"
     "(unrest, no aggression from outside), as the CSTO framed Kyrgyzstan 2010.",
     cmd_obligations, 0, 0, "--target --on --attacker --requested --internal"},
    {"history", "history ACTOR",
     "The dated facts about a state, organization or person, each with its source.", cmd_history, 1,
     1, ""},
    {"appeals", "appeals ORG",
     "Every appeal a member made to ORG: what it asked, whether a treaty obligation\n"
     "was triggered, the decision and its latency, what followed, and whether the\n"
     "obligation was honoured; and ORG's reliability (honoured / triggered).",
     cmd_appeals, 1, 1, ""},
    {"cohesion", "cohesion ORG [--from YEAR] [--to YEAR]",
     "The signals against ORG's cohesion, each with its evidence and sources: arms to\n"
     "a member's adversary, fighting between members, partnerships with rival pacts,\n"
     "freezes, payment stops, boycotts, threats to leave, suspensions and exits; and\n"
     "a yearly series of the signal counts.",
     cmd_cohesion, 1, 1, "--from --to"},
    {"timeline", "timeline ACTOR [--from DATE] [--to DATE]",
     "The dated record about a state, organization or person: spells, offices,\n"
     "treaties, forces and every event it took part in, with the procedure that\n"
     "followed, each with its sources; where sources disagree, all claims side by side.",
     cmd_timeline, 1, 1, "--from --to"},
    {"export", "export dyad-years --from YEAR --to YEAR | export plover",
     "dyad-years: the directed dyad-year table as ATOP codes it (CSV, streamed): one\n"
     "row per ordered pair of states in the system each year, with defense, offense,\n"
     "neutral, nonagg, consul (0/1), disputed, and the treaty ids.\n"
     "plover: the record of events as PLOVER-shaped JSON lines.",
     cmd_export, 1, 1, "--from --to"},
    {"extract",
     "extract [--date DATE] [--lang auto|ben|ara|rus|eng] [--lossy] [--lexicon DIR] FILE...",
     "Read news articles (Bengali, Arabic, Russian, English) into events, one JSON\n"
     "object per line: doc, event_type (PLOVER), mode, date, actor, recipient\n"
     "(ISO3 or organization codes), killed, wounded, quantity, casualties by side,\n"
     "lang, span and trigger (byte offsets), sentence, confidence. --date is the\n"
     "article's publication date (resolves \"Tuesday\", \"last month\"); --lang\n"
     "forces a language; --lossy replaces invalid UTF-8 instead of refusing the\n"
     "file; --lexicon reads DIR/LANG.json instead of the bundled lexicons.",
     cmd_extract, 1, 64, "--date --lang --lossy --lexicon"},
    {"ingest", "ingest [--date DATE] [--lang L] [--lossy] [--lexicon DIR] FILE...",
     "Extract the events of news articles (as extract does) and append them to the\n"
     "log as claims of those articles, kept apart from the curated record: each\n"
     "article a source (news:DIGEST), each event a claim citing it. All files are\n"
     "checked first and go in one transaction; the same article twice adds nothing.",
     cmd_ingest, 1, 64, "--date --lang --lossy --lexicon"},
    {"claims", "claims [SOURCE]",
     "The events read from news by ingest (of one article's source id, or all), each\n"
     "with the sentence it came from; they are claims of those articles, kept apart\n"
     "from the curated record.",
     cmd_claims, 0, 1, ""},
    {"serve", "serve [--listen HOST:PORT] [--web DIR] [--on DATE] [--max-seconds N]",
     "Answer every question above over HTTP on HOST:PORT (default 127.0.0.1:8080;\n"
     "port 0 picks a free one, printed): GET /api/members?org=CSTO&on=2012-06-01\n"
     "answers what `members CSTO --on 2012-06-01 --json` prints; also /api/chair,\n"
     "/api/obligations, /api/history, /api/appeals, /api/cohesion, /api/timeline,\n"
     "/api/claims, /api/log, /api/export/dyad-years, /api/export/plover, and\n"
     "/api/stream (the log as Server-Sent Events, resumable by Last-Event-ID). Errors are\n"
     "{\"error\": {\"status\", \"message\", \"param\"}}. Stops on Ctrl-C or SIGTERM, or\n"
     "after --max-seconds.\n"
     "People: POST /api/login (users from `bloc user add`), then the live crisis\n"
     "procedure: POST /api/procedure/{appeal,convene,position,decide,pledge,complete,\n"
     "withdraw} with the session's X-CSRF-Token; GET /api/cases, /api/case?id=live:N.\n"
     "The dashboard (--web DIR, default the web/ directory beside the binary) is at /.\n"
     "With the global --exercise NAME the server runs on the exercise's own database\n"
     "(a copy of the real one, made the first time); --on DATE dates its steps.",
     cmd_serve, 0, 0, "--listen --max-seconds --web --on"},
    {"user", "user add NAME --role secretariat|delegation|observer [--state STATE] | user list",
     "Set a user of the server (a new one, or a new password): the secretariat runs the\n"
     "procedure for the chair, a delegation acts for its state, an observer only reads.\n"
     "The password is $BLOC_PASSWORD, else a line on stdin; it is kept as an argon2id\n"
     "hash. list: the users and their roles.",
     cmd_user, 1, 2, "--role --state"},
    {"catalog", "catalog",
     "What a client needs to name things: every source, every actor with its type and\n"
     "display name, each pact (an organization with a treaty) with its treaties and the\n"
     "states that ever had a status in it, from the first day of it.",
     cmd_catalog, 0, 0, ""},
    {"cases", "cases [ORG | live:N]",
     "The live crisis procedure's cases (of ORG, or all), or one case: who appealed,\n"
     "the proposal, each member's position and who is pending, the decision by the\n"
     "treaty's rule, pledges and the deployment's end.",
     cmd_cases, 0, 1, ""},
    {"accept", "accept CLAIM [--as EVENT-ID]",
     "A reviewer's explicit word: the claim (as `claims` lists it) becomes an event of\n"
     "the curated record (id EVENT-ID, default ev: and the claim's id), citing its\n"
     "article, with the dead it reported. Accepting again adds nothing.",
     cmd_accept, 1, 1, "--as"},
    {"log", "log [--from SEQ] [--limit N]",
     "The log's entries as stored, with their hashes (works on a damaged database).", cmd_log, 0, 0,
     "--from --limit"},
    {"verify", "verify [--expect HEAD]",
     "Recompute the hash chain; exit 0 when it holds, 1 naming the first entry that\n"
     "does not match. It prints the head hash; given a head seen before (--expect,\n"
     "8 or more hex digits), it also fails when entries were cut from the end.",
     cmd_verify, 0, 0, "--expect"},
    {"retract", "retract SEQ --source ID --reason TEXT",
     "Retract log entry SEQ: it stays in the log, a new entry (with its source and\n"
     "reason) takes it out of the model.",
     cmd_retract, 1, 1, "--source --reason"},
    {"help", "help [COMMAND]", "Show the commands, or one command's help.", cmd_help, 0, 1, ""},
    {"version", "version", "Show the version.", cmd_version, 0, 0, ""},
};

static const command *find_command(const char *name)
{
    for (size_t i = 0; i < sizeof commands / sizeof *commands; i++)
        if (strcmp(commands[i].name, name) == 0)
            return &commands[i];
    return NULL;
}

static void print_usage(FILE *f)
{
    fputs("usage: bloc [--db PATH] [--exercise NAME] [--json] [--no-bundle] COMMAND [ARGS]\n\n"
          "bloc holds a collective-security bloc (its treaty, members, offices, appeals,\n"
          "clashes, arms transfers, forces) as a sourced, hash-chained record, answers\n"
          "questions of it, and exports it for other tools.\n\ncommands:\n",
          f);
    for (size_t i = 0; i < sizeof commands / sizeof *commands; i++)
        fprintf(f, "  %s\n", commands[i].usage);
    fputs("\nThe database is --db PATH, else $BLOC_DB, else ./bloc.db; a fresh one gets the\n"
          "bundled record (the CSTO, other pacts, the world's states) unless --no-bundle.\n"
          "'bloc help COMMAND' for more.\n",
          f);
}

/* Does command c take option name? */
static int takes(const command *c, const char *name)
{
    const char *p = c->options;
    size_t n = strlen(name);
    while ((p = strstr(p, name))) {
        if ((p == c->options || p[-1] == ' ') && (p[n] == ' ' || p[n] == '\0'))
            return 1;
        p += n;
    }
    return 0;
}

int main(int argc, char **argv)
{
    opts o;
    const command *c = NULL;
    memset(&o, 0, sizeof o);
    o.db = getenv("BLOC_DB");
    if (!o.db || !*o.db)
        o.db = "bloc.db";
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        const char **val = NULL;
        if (strcmp(a, "--json") == 0) {
            o.json = 1;
        } else if (strcmp(a, "--no-bundle") == 0) {
            o.open_flags |= BLOC_OPEN_NO_BUNDLE;
        } else if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
            print_usage(stdout);
            return 0;
        } else if (strcmp(a, "--db") == 0) {
            val = &o.db;
        } else if (strcmp(a, "--exercise") == 0) {
            val = &o.exercise;
        } else if (strncmp(a, "--", 2) == 0 && a[2]) {
            if (!c)
                return usage_error("unknown option \"%s\" (options go after the command)", a);
            if (!takes(c, a))
                return usage_error("this command takes no option \"%s\"", a);
            if (strcmp(a, "--requested") == 0)
                o.requested = 1;
            else if (strcmp(a, "--internal") == 0)
                o.internal = 1;
            else if (strcmp(a, "--lossy") == 0)
                o.lossy = 1;
            else if (strcmp(a, "--attacker") == 0) {
                if (i + 1 >= argc)
                    return usage_error("%s needs a value", a);
                if (o.nattackers == MAX_ATTACKERS)
                    return usage_error("more than %d attackers", MAX_ATTACKERS);
                o.attackers[o.nattackers++] = argv[++i];
            } else {
                val = strcmp(a, "--on") == 0            ? &o.on
                      : strcmp(a, "--target") == 0      ? &o.target
                      : strcmp(a, "--source") == 0      ? &o.source
                      : strcmp(a, "--reason") == 0      ? &o.reason
                      : strcmp(a, "--from") == 0        ? &o.from
                      : strcmp(a, "--to") == 0          ? &o.to
                      : strcmp(a, "--expect") == 0      ? &o.expect
                      : strcmp(a, "--date") == 0        ? &o.date
                      : strcmp(a, "--lang") == 0        ? &o.lang
                      : strcmp(a, "--lexicon") == 0     ? &o.lexicon
                      : strcmp(a, "--listen") == 0      ? &o.listen
                      : strcmp(a, "--max-seconds") == 0 ? &o.max_seconds
                      : strcmp(a, "--as") == 0          ? &o.as
                      : strcmp(a, "--web") == 0         ? &o.web
                      : strcmp(a, "--role") == 0        ? &o.role
                      : strcmp(a, "--state") == 0       ? &o.state
                                                        : &o.limit;
            }
        } else if (!c) {
            if (!(c = find_command(a)))
                return usage_error("no command \"%s\"", a);
        } else {
            if (o.npos == (int)(sizeof o.pos / sizeof *o.pos))
                return usage_error("too many arguments");
            o.pos[o.npos++] = a;
        }
        if (val) {
            if (i + 1 >= argc)
                return usage_error("%s needs a value", a);
            *val = argv[++i];
        }
    }
    if (!c) {
        print_usage(stderr);
        return EXIT_USAGE;
    }
    if (o.exercise) {
        /* an exercise has a database of its own beside the real one */
        size_t k = strspn(o.exercise, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
                                      "0123456789-_");
        if (!*o.exercise || o.exercise[k] || k > 64)
            return usage_error("--exercise: a name of letters, digits, - and _ (at most 64)");
        snprintf(o.exercise_db, sizeof o.exercise_db, "%s.exercise-%s", o.db, o.exercise);
        o.real_db = o.db;
        o.db = o.exercise_db;
        if (c->run != cmd_serve && access(o.db, F_OK) != 0) {
            fprintf(stderr, "bloc: no exercise \"%s\" (bloc --exercise %s serve starts it)\n",
                    o.exercise, o.exercise);
            return EXIT_USER;
        }
    }
    if (o.npos < c->min_pos || o.npos > c->max_pos) {
        fprintf(stderr, "bloc: usage: bloc %s\n", c->usage);
        return EXIT_USAGE;
    }
    return c->run(&o);
}
