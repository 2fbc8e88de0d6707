/* deck.c: the deck reader. Syntax, errors and cross-key rules; values in deck_value.c. */
#include "deck.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "deck_instrument.h"
#include "map_info.h"
#include "psf.h"
#include "deck_schema.h"
#include "params_table.h"
#include "deck_value.h"
#include "deck_unused_keys.h"
#include "deck_subhalos.h"
#include "deck_wave.h"

#define MSG 512

typedef struct {
    const char *label;       /* file name for messages */
    int line[LG_SCHEMA_MAX]; /* where each key was set: 0 default, > 0 file line, < 0 override */
    int section_line[LG_SCHEMA_MAX]; /* first [section] header line of each key's section */
    int errors;
    int stopped; /* LG_DECK_MAX_ERRORS reached: the rest is not read */
    FILE *err;
} parse_state;

/* One message, in one write: "file:line: ", "command line (--set #n): " or "file: ", then the
 * formatted text, with control characters escaped (messages echo deck text). */
static void report(parse_state *st, int line, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static void report(parse_state *st, int line, const char *fmt, ...)
{
    char raw[LG_PATH_MAX + 2 * LG_DECK_LINE_MAX + MSG], out[4 * sizeof raw + 2];
    int used;
    if (line < 0)
        used = snprintf(raw, sizeof raw, "command line (--set #%d): ", -line);
    else if (line > 0)
        used = snprintf(raw, sizeof raw, "%s:%d: ", st->label, line);
    else
        used = snprintf(raw, sizeof raw, "%s: ", st->label);
    if (used >= 0 && (size_t)used < sizeof raw) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(raw + used, sizeof raw - (size_t)used, fmt, ap);
        va_end(ap);
    }
    const size_t n = lg_escape_controls(out, sizeof out - 1, raw);
    out[n] = '\n';
    out[n + 1] = '\0';
    fputs(out, st->err);
    st->errors++;
}

/* After LG_DECK_MAX_ERRORS errors, one more message says the rest is not read; returns 1 then
 * (and at every later call): a deck of garbage costs 20 messages, not one per line. */
static int too_many_errors(parse_state *st, int line)
{
    if (st->errors < LG_DECK_MAX_ERRORS)
        return 0;
    if (!st->stopped)
        report(st, line, "more than %d errors; the rest is not read", LG_DECK_MAX_ERRORS);
    st->stopped = 1;
    return 1;
}

size_t lg_escape_controls(char *dst, size_t size, const char *src)
{
    static const char named[][3] = {['\a'] = "\\a", ['\b'] = "\\b", ['\t'] = "\\t", ['\n'] = "\\n",
                                    ['\v'] = "\\v", ['\f'] = "\\f", ['\r'] = "\\r"};
    size_t n = 0;
    for (const unsigned char *p = (const unsigned char *)src; *p; ++p) {
        char esc[5] = {(char)*p, '\0'};
        if (*p < sizeof named / sizeof named[0] && named[*p][0])
            memcpy(esc, named[*p], 3);
        else if (*p < 0x20 || *p == 0x7f)
            snprintf(esc, sizeof esc, "\\x%02x", *p);
        const size_t len = strlen(esc);
        if (n + len >= size)
            break;
        memcpy(dst + n, esc, len);
        n += len;
    }
    if (size > 0)
        dst[n] = '\0';
    return n;
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
    int limit = (int)strlen(name) / 3 + 1;
    limit = limit > 3 ? 3 : limit;
    for (int i = 0; i < lg_schema_n; ++i) {
        const char *cand = lg_schema[i].name;
        int d;
        if (strcmp(last_part(name), last_part(cand)) == 0)
            d = 1; /* same key in another section (name is unknown: not cand itself) */
        else if (abs((int)strlen(name) - (int)strlen(cand)) > limit)
            continue; /* farther than the limit: skip the quadratic distance */
        else
            d = levenshtein(name, cand);
        if (d < best_d) {
            best_d = d;
            best = cand;
        }
        if (same_section(name, cand) && d < best_here_d) {
            best_here_d = d;
            best_here = cand;
        }
    }
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
        if (hint)
            report(st, line, "unknown key '%s'; did you mean '%s'?", name, hint);
        else
            report(st, line, "unknown key '%s'; see lensgen --print-reference", name);
        return;
    }
    if (!is_override && st->line[k] > 0) {
        report(st, line, "duplicate key '%s' (first set at line %d)", name, st->line[k]);
        return;
    }
    /* set even when the value is refused: not also "missing", and a second line a duplicate */
    st->line[k] = line;
    if (lg_value_parse(&lg_schema[k], value, cfg, msg, sizeof msg) != 0)
        report(st, line, "key '%s': %s", name, msg);
}

static void parse_lines(parse_state *st, const char *text, lg_config *cfg)
{
    char section[64] = "";
    const char *p = text;
    for (int line = 1; *p && !too_many_errors(st, line); ++line) {
        const char *nl = strchr(p, '\n');
        size_t len = nl ? (size_t)(nl - p) : strlen(p);
        char buf[LG_DECK_LINE_MAX];
        if (len >= sizeof buf) {
            report(st, line, "line longer than %d characters", LG_DECK_LINE_MAX - 1);
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
                report(st, line, "malformed section header '%s'; write [name]", s);
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
            for (int k = 0; k < lg_schema_n; ++k)
                if (st->section_line[k] == 0 && section_len(lg_schema[k].name) == strlen(name) &&
                    strncmp(lg_schema[k].name, name, strlen(name)) == 0)
                    st->section_line[k] = line;
            continue;
        }
        char *eq = strchr(s, '=');
        if (!eq) {
            report(st, line, "expected 'key = value', got '%s'", s);
            continue;
        }
        *eq = '\0';
        char *key = trim(s), *value = trim(eq + 1);
        if (!*key) {
            report(st, line, "missing key before '='");
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
    char a[MSG];
    const lg_dist *zl = dist_of(cfg, "lens.z_l"), *zs = dist_of(cfg, "lens.z_s");
    if (!(zs->lo > zl->hi))
        report(st, line_of(st, "lens.z_s") ? line_of(st, "lens.z_s") : line_of(st, "lens.z_l"),
               "lens.z_s can be %.6g but lens.z_l can be %.6g; every source must lie behind its "
               "lens (min z_s > max z_l)",
               zs->lo, zl->hi);
    static const char *const ellipticities[][2] = {
        {"lens.e1", "lens.e2"}, {"sersic.e1", "sersic.e2"}, {"disk.e1", "disk.e2"}};
    for (size_t i = 0; i < sizeof ellipticities / sizeof ellipticities[0]; ++i) {
        const char *k1 = ellipticities[i][0], *k2 = ellipticities[i][1];
        const lg_dist *e1 = dist_of(cfg, k1), *e2 = dist_of(cfg, k2);
        double m1 = fmax(fabs(e1->lo), fabs(e1->hi)), m2 = fmax(fabs(e2->lo), fabs(e2->hi));
        if (!(hypot(m1, m2) < 1.0))
            report(st, line_of(st, k2) ? line_of(st, k2) : line_of(st, k1),
                   "%s and %s allow |e| up to %.6g; allowed |e| < 1 (q > 0)", k1, k2,
                   hypot(m1, m2));
    }
    if (cfg->compression > 0 && cfg->chunk_samples == 0)
        report(st, line_of(st, "output.compression"),
               "key 'output.compression': value %lld needs chunked maps; set output.chunk_samples "
               "> 0 (e.g. 16)",
               (long long)cfg->compression);
    if (cfg->chunk_samples > 0 && cfg->n_samples > cfg->batch_size &&
        cfg->batch_size % cfg->chunk_samples != 0)
        /* a chunk across two batches is rewritten by the second: a kill then can leave a chunk
         * the completion record calls done, which --resume cannot trust */
        report(st, line_of(st, "output.chunk_samples"),
               "key 'output.chunk_samples': value %lld does not divide batch_size = %lld, so "
               "chunks would span batches and could not be resumed safely; allowed: a divisor of "
               "batch_size",
               (long long)cfg->chunk_samples, (long long)cfg->batch_size);
    lg_col_set cols;
    if (lg_params_select(cfg, &cols, a, sizeof a) != 0)
        report(st, line_of(st, "output.params"), "key 'output.params': %s", a);
    if (cfg->smooth_fwhm > cfg->half_width)
        report(st, line_of(st, "noise.smooth_fwhm"),
               "key 'noise.smooth_fwhm': value %.6g is larger than map.half_width = %.6g; allowed "
               "[0, map.half_width]",
               cfg->smooth_fwhm, cfg->half_width);
    /* the lensed images' PSF: a kernel file that cannot be used is a deck error */
    const int images_psf = (cfg->maps & lg_image_map_mask()) && cfg->psf_type != LG_PSF_NONE;
    if (images_psf && cfg->psf_type == LG_PSF_PIXEL && strcmp(cfg->psf_file, "none") == 0)
        report(st, line_of(st, "imaging.psf"),
               "key 'imaging.psf': value 'pixel' needs imaging.psf_file; allowed: the path of a "
               ".npy or text kernel file");
    else if (images_psf) {
        const double pixel = 2.0 * cfg->half_width / (double)cfg->npix;
        lg_psf *p = lg_psf_create(cfg->psf_type, (int)cfg->npix, pixel, cfg->psf_fwhm,
                                  cfg->psf_beta, cfg->psf_file, pixel, 1, a, sizeof a);
        if (!p) {
            const char *key = cfg->psf_type == LG_PSF_PIXEL ? "imaging.psf_file" : "imaging.psf";
            report(st, line_of(st, key) ? line_of(st, key) : line_of(st, "imaging.psf"),
                   "key '%s': %s", key, a);
        }
        lg_psf_free(p);
    }
    const char *wave_key[LG_DECK_WAVE_RULES];
    char wave_msg[LG_DECK_WAVE_RULES][512];
    for (int i = 0, n = lg_deck_wave_check(cfg, wave_key, wave_msg); i < n; ++i)
        report(st, line_of(st, wave_key[i]) ? line_of(st, wave_key[i]) : line_of(st, "output.wave"),
               "%s", wave_msg[i]);
    const char *sub_key[LG_DECK_SUBHALO_RULES];
    char sub_msg[LG_DECK_SUBHALO_RULES][512];
    for (int i = 0, n = lg_deck_subhalo_check(cfg, sub_key, sub_msg); i < n; ++i)
        report(st,
               line_of(st, sub_key[i])
                   ? line_of(st, sub_key[i])
                   : line_of(st, cfg->subhalos ? "subhalos.enabled" : "los.enabled"),
               "%s", sub_msg[i]);
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
    for (int i = 0; i < n_overrides && !too_many_errors(&st, -(i + 1)); ++i) {
        char buf[LG_DECK_LINE_MAX];
        if (strlen(overrides[i]) >= sizeof buf) {
            report(&st, -(i + 1), "longer than %d characters", LG_DECK_LINE_MAX - 1);
            continue;
        }
        strcpy(buf, overrides[i]);
        char *eq = strchr(buf, '=');
        if (!eq) {
            report(&st, -(i + 1), "expected --set key=value, got '%s'", buf);
            continue;
        }
        *eq = '\0';
        set_key(&st, cfg, -(i + 1), trim(buf), trim(eq + 1), 1);
    }
    /* a missing key is reported at its section's header, a top-level one at line 1 (not when
     * the rest of the deck was not read) */
    for (int k = 0; k < lg_schema_n && !st.stopped; ++k)
        if (!lg_schema[k].def && st.line[k] == 0)
            report(&st, st.section_line[k] > 0 ? st.section_line[k] : 1,
                   "missing required key '%s'; add e.g. '%s = %s'%s", lg_schema[k].name,
                   lg_schema[k].name, lg_schema[k].example,
                   section_len(lg_schema[k].name)
                       ? ""
                       : " before the first [section], or --set on the command line");
    if (st.errors == 0)
        lg_deck_apply_instrument(cfg, st.line);
    if (st.errors == 0)
        cross_check(&st, cfg);
    if (st.errors == 0)
        lg_deck_warn_unused(cfg, st.line, st.label, st.err);
    return st.errors;
}

const char *lg_file_kind(mode_t mode)
{
    return S_ISDIR(mode)    ? "a directory"
           : S_ISFIFO(mode) ? "a FIFO"
           : S_ISCHR(mode)  ? "a character device"
           : S_ISBLK(mode)  ? "a block device"
           : S_ISSOCK(mode) ? "a socket"
                            : "not a regular file";
}

/* Read the regular file open on fd, at most LG_DECK_MAX_BYTES + 1 bytes (a file may grow, or
 * state no size, as under /proc); NULL with a message in st on failure. */
static char *read_deck(parse_state *st, int fd, size_t size_hint, size_t *len)
{
    FILE *f = fdopen(fd, "rb");
    if (!f) {
        report(st, 0, "cannot read the deck file (%s)", strerror(errno));
        close(fd);
        return NULL;
    }
    size_t cap = size_hint + 2 > 4096 ? size_hint + 2 : 4096, n = 0;
    cap = cap < LG_DECK_MAX_BYTES + 2 ? cap : LG_DECK_MAX_BYTES + 2;
    char *buf = malloc(cap);
    for (;;) {
        if (!buf)
            break;
        n += fread(buf + n, 1, cap - 1 - n, f);
        if (n < cap - 1 || n > LG_DECK_MAX_BYTES) /* end of file, read error, too long */
            break;
        const size_t bigger = 2 * cap < LG_DECK_MAX_BYTES + 2 ? 2 * cap : LG_DECK_MAX_BYTES + 2;
        char *grown = realloc(buf, bigger);
        if (!grown)
            free(buf);
        buf = grown;
        cap = bigger;
    }
    const int read_errno = ferror(f) ? errno : 0;
    fclose(f);
    if (!buf) {
        report(st, 0, "out of memory reading the deck");
    } else if (read_errno) {
        report(st, 0, "read error (%s)", strerror(read_errno));
    } else if (n > LG_DECK_MAX_BYTES) {
        report(st, 0, "the deck is larger than the limit of %d bytes (1 MiB)",
               (int)LG_DECK_MAX_BYTES);
    } else {
        buf[n] = '\0';
        *len = n;
        return buf;
    }
    free(buf);
    return NULL;
}

int lg_deck_load(const char *path, char *const *overrides, int n_overrides, lg_config *cfg,
                 char **text, FILE *err)
{
    parse_state st;
    memset(&st, 0, sizeof st);
    st.label = path;
    st.err = err;
    *text = NULL;
    /* O_NONBLOCK: opening a FIFO does not wait for a writer (it is refused below) */
    const int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
    struct stat sb;
    if (fd < 0 || fstat(fd, &sb) != 0) {
        report(&st, 0, "cannot open the deck file (%s)", strerror(errno));
        if (fd >= 0)
            close(fd);
        return 1;
    }
    if (!S_ISREG(sb.st_mode) || sb.st_size > LG_DECK_MAX_BYTES) {
        if (!S_ISREG(sb.st_mode))
            report(&st, 0, "%s, not a regular file; give a deck file", lg_file_kind(sb.st_mode));
        else
            report(&st, 0, "the deck is %lld bytes, larger than the limit of %d bytes (1 MiB)",
                   (long long)sb.st_size, (int)LG_DECK_MAX_BYTES);
        close(fd);
        return 1;
    }
    size_t n = 0;
    char *buf = read_deck(&st, fd, (size_t)sb.st_size, &n);
    if (!buf)
        return 1;
    const size_t nul = strlen(buf);
    if (nul != n) {
        int line = 1;
        for (size_t i = 0; i < nul; ++i)
            line += buf[i] == '\n';
        report(&st, line, "not a text file (a NUL byte at offset %zu)", nul);
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
