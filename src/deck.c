/* deck.c: the deck reader. Syntax, errors and cross-key rules; values in deck_value.c. */
#include "deck.h"

#include <ctype.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "deck_schema.h"
#include "params_table.h"
#include "deck_value.h"
#include "deck_unused_keys.h"

#define MSG 512

typedef struct {
    const char *label;       /* file name for messages */
    int line[LG_SCHEMA_MAX]; /* where each key was set: 0 default, > 0 file line, < 0 override */
    int errors;
    FILE *err;
} parse_state;

static void report(parse_state *st, int line, const char *fmt, const char *a, const char *b)
{
    if (line > 0)
        fprintf(st->err, "%s:%d: ", st->label, line);
    else if (line < 0)
        fprintf(st->err, "command line (--set #%d): ", -line);
    else
        fprintf(st->err, "%s: ", st->label);
    fprintf(st->err, fmt, a, b);
    fputc('\n', st->err);
    st->errors++;
}

static char *trim(char *s)
{
    while (isspace((unsigned char)*s))
        ++s;
    size_t n = strlen(s);
    while (n > 0 && isspace((unsigned char)s[n - 1]))
        s[--n] = '\0';
    return s;
}

static int levenshtein(const char *a, const char *b)
{
    size_t la = strlen(a), lb = strlen(b);
    if (la > 63 || lb > 63)
        return 99;
    int d[64][64];
    for (size_t i = 0; i <= la; ++i)
        d[i][0] = (int)i;
    for (size_t j = 0; j <= lb; ++j)
        d[0][j] = (int)j;
    for (size_t i = 1; i <= la; ++i)
        for (size_t j = 1; j <= lb; ++j) {
            int sub = d[i - 1][j - 1] + (a[i - 1] != b[j - 1]);
            int del = d[i - 1][j] + 1, ins = d[i][j - 1] + 1;
            d[i][j] = sub < del ? (sub < ins ? sub : ins) : (del < ins ? del : ins);
        }
    return d[la][lb];
}

static const char *last_part(const char *name)
{
    const char *dot = strrchr(name, '.');
    return dot ? dot + 1 : name;
}

/* Length of the section part of a key name ("nfw" of "nfw.m200"; 0 at the top level). */
static size_t section_len(const char *name)
{
    const char *dot = strchr(name, '.');
    return dot ? (size_t)(dot - name) : 0;
}

static int same_section(const char *a, const char *b)
{
    size_t n = section_len(a);
    return n == section_len(b) && strncmp(a, b, n) == 0;
}

/* The closest schema key, or NULL when nothing is close: a close key of the same section
 * first (nfw.mass: nfw.m200, not point_mass.mass), then the closest of any section. */
static const char *did_you_mean(const char *name)
{
    const char *best = NULL, *best_here = NULL;
    int best_d = 99, best_here_d = 99;
    for (int i = 0; i < lg_schema_n; ++i) {
        const char *cand = lg_schema[i].name;
        int d = levenshtein(name, cand);
        if (strcmp(last_part(name), last_part(cand)) == 0)
            d = d < 1 ? d : 1; /* same key in another section */
        if (d < best_d) {
            best_d = d;
            best = cand;
        }
        if (same_section(name, cand) && d < best_here_d) {
            best_here_d = d;
            best_here = cand;
        }
    }
    int limit = (int)strlen(name) / 3 + 1;
    limit = limit > 3 ? 3 : limit;
    if (best_here_d <= limit)
        return best_here;
    return best_d <= limit ? best : NULL;
}

static int known_section(const char *sec)
{
    size_t n = strlen(sec);
    for (int i = 0; i < lg_schema_n; ++i)
        if (strncmp(lg_schema[i].name, sec, n) == 0 && lg_schema[i].name[n] == '.')
            return 1;
    return 0;
}

/* "[map] [cosmology] ...": every section of the schema, in its order. */
static void section_list(char *buf, size_t size)
{
    size_t used = 0;
    buf[0] = '\0';
    for (int i = 0; i < lg_schema_n && used < size; ++i) {
        const char *name = lg_schema[i].name;
        const size_t n = section_len(name);
        int listed = n == 0;
        for (int j = 0; j < i && !listed; ++j)
            listed = same_section(name, lg_schema[j].name);
        if (listed)
            continue;
        used +=
            (size_t)snprintf(buf + used, size - used, "%s[%.*s]", used ? " " : "", (int)n, name);
    }
}

static void set_key(parse_state *st, lg_config *cfg, int line, const char *name, const char *value,
                    int is_override)
{
    char msg[MSG];
    int k = lg_schema_find(name);
    if (k < 0) {
        const char *hint = did_you_mean(name);
        char tail[160] = "";
        if (hint)
            snprintf(tail, sizeof tail, "; did you mean '%s'?", hint);
        else
            snprintf(tail, sizeof tail, "; see lensgen --print-reference");
        report(st, line, "unknown key '%s'%s", name, tail);
        return;
    }
    if (!is_override && st->line[k] > 0) {
        char first[64];
        snprintf(first, sizeof first, "first set at line %d", st->line[k]);
        report(st, line, "duplicate key '%s' (%s)", name, first);
        return;
    }
    if (lg_value_parse(&lg_schema[k], value, cfg, msg, sizeof msg) != 0) {
        char where[96];
        snprintf(where, sizeof where, "key '%s': ", name);
        report(st, line, "%s%s", where, msg);
        return;
    }
    st->line[k] = line;
}

static void parse_lines(parse_state *st, const char *text, lg_config *cfg)
{
    char section[64] = "";
    const char *p = text;
    for (int line = 1; *p; ++line) {
        const char *nl = strchr(p, '\n');
        size_t len = nl ? (size_t)(nl - p) : strlen(p);
        char buf[2048];
        if (len >= sizeof buf) {
            report(st, line, "line longer than %s characters%s", "2047", "");
            p = nl ? nl + 1 : p + len;
            continue;
        }
        memcpy(buf, p, len);
        buf[len] = '\0';
        p = nl ? nl + 1 : p + len;
        char *hash = strchr(buf, '#');
        if (hash)
            *hash = '\0';
        char *s = trim(buf);
        if (!*s)
            continue;
        if (*s == '[') {
            char *close = strchr(s, ']');
            if (!close || *trim(close + 1)) {
                report(st, line, "malformed section header '%s'; write [name]%s", s, "");
                continue;
            }
            *close = '\0';
            char *name = trim(s + 1);
            if (!known_section(name) || strlen(name) >= sizeof section) {
                char list[512];
                section_list(list, sizeof list);
                report(st, line, "unknown section [%s]; sections: %s", name, list);
                section[0] = '\0';
                strcpy(section, "?");
                continue;
            }
            strcpy(section, name);
            continue;
        }
        char *eq = strchr(s, '=');
        if (!eq) {
            report(st, line, "expected 'key = value', got '%s'%s", s, "");
            continue;
        }
        *eq = '\0';
        char *key = trim(s), *value = trim(eq + 1);
        if (!*key) {
            report(st, line, "missing key before '='%s%s", "", "");
            continue;
        }
        if (strcmp(section, "?") == 0)
            continue; /* already reported the section */
        char full[256];
        snprintf(full, sizeof full, "%s%s%s", section, *section ? "." : "", key);
        set_key(st, cfg, line, full, value, 0);
    }
}

static const lg_dist *dist_of(const lg_config *cfg, const char *name)
{
    return (const lg_dist *)((const char *)cfg + lg_schema[lg_schema_find(name)].offset);
}

static int line_of(const parse_state *st, const char *name)
{
    return st->line[lg_schema_find(name)];
}

/* Rules that involve more than one key. */
static void cross_check(parse_state *st, const lg_config *cfg)
{
    char a[MSG], b[MSG];
    const lg_dist *zl = dist_of(cfg, "lens.z_l"), *zs = dist_of(cfg, "lens.z_s");
    if (!(zs->lo > zl->hi)) {
        snprintf(a, sizeof a, "lens.z_s can be %.6g but lens.z_l can be %.6g", zs->lo, zl->hi);
        report(st, line_of(st, "lens.z_s") ? line_of(st, "lens.z_s") : line_of(st, "lens.z_l"),
               "%s; every source must lie behind its lens (min z_s > max z_l)%s", a, "");
    }
    static const char *const ellipticities[][2] = {
        {"lens.e1", "lens.e2"}, {"sersic.e1", "sersic.e2"}, {"disk.e1", "disk.e2"}};
    for (size_t i = 0; i < sizeof ellipticities / sizeof ellipticities[0]; ++i) {
        const char *k1 = ellipticities[i][0], *k2 = ellipticities[i][1];
        const lg_dist *e1 = dist_of(cfg, k1), *e2 = dist_of(cfg, k2);
        double m1 = fmax(fabs(e1->lo), fabs(e1->hi)), m2 = fmax(fabs(e2->lo), fabs(e2->hi));
        if (!(hypot(m1, m2) < 1.0)) {
            snprintf(a, sizeof a, "%s and %s allow |e| up to %.6g", k1, k2, hypot(m1, m2));
            report(st, line_of(st, k2) ? line_of(st, k2) : line_of(st, k1),
                   "%s; allowed |e| < 1 (q > 0)%s", a, "");
        }
    }
    if (cfg->compression > 0 && cfg->chunk_samples == 0) {
        snprintf(a, sizeof a, "%lld", (long long)cfg->compression);
        report(st, line_of(st, "output.compression"),
               "key 'output.compression': value %s needs chunked maps; set output.chunk_samples > "
               "0 (e.g. 16)%s",
               a, "");
    }
    if (cfg->chunk_samples > 0 && cfg->n_samples > cfg->batch_size &&
        cfg->batch_size % cfg->chunk_samples != 0) {
        /* a chunk across two batches is rewritten by the second: a kill then can leave a chunk
         * the completion record calls done, which --resume cannot trust */
        snprintf(a, sizeof a, "%lld", (long long)cfg->chunk_samples);
        snprintf(b, sizeof b, "%lld", (long long)cfg->batch_size);
        report(st, line_of(st, "output.chunk_samples"),
               "key 'output.chunk_samples': value %s does not divide batch_size = %s, so chunks "
               "would span batches and could not be resumed safely; allowed: a divisor of "
               "batch_size",
               a, b);
    }
    uint64_t cols;
    if (lg_params_select(cfg, &cols, a, sizeof a) != 0)
        report(st, line_of(st, "output.params"), "key 'output.params': %s%s", a, "");
    if (cfg->smooth_fwhm > cfg->half_width) {
        snprintf(a, sizeof a, "%.6g", cfg->smooth_fwhm);
        snprintf(b, sizeof b, "%.6g", cfg->half_width);
        report(st, line_of(st, "noise.smooth_fwhm"),
               "key 'noise.smooth_fwhm': value %s is larger than map.half_width = %s; allowed "
               "[0, map.half_width]",
               a, b);
    }
}

int lg_deck_parse_text(const char *label, const char *text, char *const *overrides, int n_overrides,
                       lg_config *cfg, FILE *err)
{
    parse_state st;
    char msg[MSG];
    memset(&st, 0, sizeof st);
    memset(cfg, 0, sizeof *cfg);
    st.label = label;
    st.err = err;
    for (int k = 0; k < lg_schema_n; ++k)
        if (lg_schema[k].def &&
            lg_value_parse(&lg_schema[k], lg_schema[k].def, cfg, msg, sizeof msg) != 0) {
            fprintf(err, "internal error: default of '%s': %s\n", lg_schema[k].name, msg);
            return 1;
        }
    parse_lines(&st, text, cfg);
    for (int i = 0; i < n_overrides; ++i) {
        char buf[2048];
        snprintf(buf, sizeof buf, "%s", overrides[i]);
        char *eq = strchr(buf, '=');
        if (!eq) {
            report(&st, -(i + 1), "expected --set key=value, got '%s'%s", buf, "");
            continue;
        }
        *eq = '\0';
        set_key(&st, cfg, -(i + 1), trim(buf), trim(eq + 1), 1);
    }
    for (int k = 0; k < lg_schema_n; ++k)
        if (!lg_schema[k].def && st.line[k] == 0) {
            snprintf(msg, sizeof msg, "add e.g. '%s = %s'%s", lg_schema[k].name,
                     lg_schema[k].example,
                     strchr(lg_schema[k].name, '.')
                         ? ""
                         : " before the first [section], or --set on the command line");
            report(&st, 0, "missing required key '%s'; %s", lg_schema[k].name, msg);
        }
    if (st.errors == 0)
        cross_check(&st, cfg);
    if (st.errors == 0)
        lg_deck_warn_unused(cfg, st.line, st.label, st.err);
    return st.errors;
}

int lg_deck_load(const char *path, char *const *overrides, int n_overrides, lg_config *cfg,
                 char **text, FILE *err)
{
    *text = NULL;
    FILE *f = fopen(path, "rb");
    if (!f) {
        fprintf(err, "%s: cannot open the deck file\n", path);
        return 1;
    }
    size_t cap = 4096, n = 0;
    char *buf = malloc(cap);
    for (size_t got; buf && (got = fread(buf + n, 1, cap - n - 1, f)) > 0;) {
        n += got;
        if (n + 1 == cap) {
            char *grown = realloc(buf, cap * 2);
            if (!grown)
                free(buf);
            buf = grown;
            cap *= 2;
        }
    }
    fclose(f);
    if (!buf) {
        fprintf(err, "%s: out of memory reading the deck\n", path);
        return 1;
    }
    buf[n] = '\0';
    if (strlen(buf) != n) {
        fprintf(err, "%s: not a text file (contains a NUL byte)\n", path);
        free(buf);
        return 1;
    }
    int errors = lg_deck_parse_text(path, buf, overrides, n_overrides, cfg, err);
    if (errors)
        free(buf);
    else
        *text = buf;
    return errors;
}
