/* fuzz_deck.c: libFuzzer harness over the deck reader (lg_deck_parse_text: syntax, the value
 * parsers, the cross-key checks, the unused-key warning). The input up to its first NUL byte is
 * the deck text; each later NUL-separated part is one --set option (at most 4). Beyond "no
 * crash, no leak, no undefined behaviour" it checks what the reader promises:
 *   - every message is one line that starts with the deck's name ("fuzz.deck:") or with
 *     "command line (--set #n)", and holds no control character (they are escaped);
 *   - a refused deck prints exactly one line per error; an accepted one only warnings;
 *   - an accepted deck's values lie in their keys' ranges (every value a distribution can
 *     draw), choice weights are finite, > 0 and sum to 1, sources lie behind lenses;
 *   - every resolved value, written back as deck text (lg_value_format), parses again to the
 *     same value (provenance and --check-deck print decks that must reload);
 *   - the last --set of a key wins over the file and earlier options, taken whole.
 * A broken promise aborts, which libFuzzer reports as a crash.
 * Built by scripts/fuzz.sh with clang -fsanitize=fuzzer,address,undefined (tests/fuzz/
 * CMakeLists.txt); tests/fuzz/replay.c runs the same function over tests/fuzz/regressions/ in
 * the normal build (CTest label fuzz). */
#include <ctype.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "deck.h"
#include "deck_schema.h"
#include "deck_value.h"

#define LABEL "fuzz.deck"
#define MAX_OVERRIDES 4

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void require(int ok, const char *what, const char *detail)
{
    if (!ok) {
        fprintf(stderr, "fuzz_deck: broken promise: %s%s%s\n", what, detail ? ": " : "",
                detail ? detail : "");
        abort();
    }
}

/* Past the place a message names, "fuzz.deck:LINE" (LINE >= 1) or "command line (--set #N)",
 * or NULL when it names neither. */
static const char *past_place(const char *line)
{
    const char *p = NULL;
    if (strncmp(line, LABEL ":", strlen(LABEL ":")) == 0)
        p = line + strlen(LABEL ":");
    else if (strncmp(line, "command line (--set #", 21) == 0)
        p = line + 21;
    if (!p || *p < '1' || *p > '9')
        return NULL;
    while (*p >= '0' && *p <= '9')
        ++p;
    if (line[0] == 'c' && *p++ != ')')
        return NULL;
    return p;
}

/* Each line of the messages names where (file:line or the --set option) and holds no control
 * character; returns the number of lines, *warnings those that are warnings. */
static int check_messages(const char *msgs, size_t len, int *warnings)
{
    int lines = 0;
    *warnings = 0;
    require(len == 0 || msgs[len - 1] == '\n', "messages end with a newline", NULL);
    for (const char *line = msgs; line < msgs + len; ++lines) {
        const char *end = memchr(line, '\n', (size_t)(msgs + len - line));
        for (const char *p = line; p < end; ++p)
            require((unsigned char)*p >= 0x20 && *p != 0x7f, "no control character in a message",
                    line);
        const char *rest = past_place(line);
        require(rest && rest[0] == ':' && rest[1] == ' ',
                "a message starts with file:line: or "
                "command line (--set #n): ",
                line);
        *warnings += strncmp(rest, ": warning: ", 11) == 0;
        line = end + 1;
    }
    return lines;
}

/* What an accepted deck guarantees about one key's value. */
static void check_value(const lg_key *k, const lg_config *cfg)
{
    const char *field = (const char *)cfg + k->offset;
    switch (k->type) {
    case LG_T_INT: {
        const double v = (double)*(const int64_t *)field;
        require(v >= k->min && v <= k->max, "integer in range", k->name);
        break;
    }
    case LG_T_REAL: {
        const double v = *(const double *)field;
        require(isfinite(v) && v >= k->min && v <= k->max, "real in range", k->name);
        break;
    }
    case LG_T_DIST: {
        const lg_dist *d = (const lg_dist *)field;
        require(isfinite(d->a) && isfinite(d->b), "distribution parameters finite", k->name);
        require(d->lo <= d->hi && d->lo >= k->min && d->hi <= k->max,
                "every value a distribution draws in range", k->name);
        break;
    }
    case LG_T_CHOICE: {
        const lg_choice *c = (const lg_choice *)field;
        require(c->n >= 1 && c->n <= LG_MAX_CHOICES, "choice of 1 to LG_MAX_CHOICES names",
                k->name);
        double sum = 0.0;
        for (int i = 0; i < c->n; ++i) {
            char name[32];
            lg_choices_name(k->choices, c->value[i], name, sizeof name);
            require(c->value[i] >= 0 && name[0] != '\0', "choice of known names", k->name);
            require(isfinite(c->weight[i]) && c->weight[i] > 0.0, "weights finite and > 0",
                    k->name);
            for (int j = 0; j < i; ++j)
                require(c->value[j] != c->value[i], "no name twice", k->name);
            sum += c->weight[i];
        }
        require(fabs(sum - 1.0) < 1e-12, "weights sum to 1", k->name);
        break;
    }
    case LG_T_ENUM:
    case LG_T_FLAGS:
    case LG_T_BOOL:
    case LG_T_STRING: break;
    }
}

/* Written back as deck text, the value parses to the same value (choice weights, normalised
 * again, to rounding). */
static void check_round_trip(const lg_key *k, const lg_config *cfg)
{
    char text[LG_PATH_MAX + 64], again[LG_PATH_MAX + 64], msg[512];
    lg_value_format(k, cfg, text, sizeof text);
    lg_config copy = *cfg;
    require(lg_value_parse(k, text, &copy, msg, sizeof msg) == 0, "a resolved value parses", text);
    lg_value_format(k, &copy, again, sizeof again);
    if (k->type != LG_T_CHOICE) {
        require(strcmp(text, again) == 0, "a resolved value parses to itself", text);
        return;
    }
    const lg_choice *a = (const lg_choice *)((const char *)cfg + k->offset);
    const lg_choice *b = (const lg_choice *)((const char *)&copy + k->offset);
    require(a->n == b->n, "a resolved choice parses to itself", text);
    for (int i = 0; i < a->n; ++i)
        require(a->value[i] == b->value[i] && fabs(a->weight[i] - b->weight[i]) <= 1e-15,
                "a resolved choice parses to itself", text);
}

/* The last --set of each key wins, whole: the resolved value is that option's value parsed on
 * its own (an option cut short, or lost to the file, would differ). */
static void check_overrides(char *const *overrides, int n, const lg_config *cfg)
{
    int done[LG_SCHEMA_MAX] = {0};
    for (int i = n - 1; i >= 0; --i) {
        const char *eq = strchr(overrides[i], '=');
        const char *name = overrides[i], *value = eq + 1;
        size_t len = (size_t)(eq - name);
        while (isspace((unsigned char)*name))
            ++name, --len;
        while (len > 0 && isspace((unsigned char)name[len - 1]))
            --len;
        char key_name[64];
        snprintf(key_name, sizeof key_name, "%.*s", (int)(len < 63 ? len : 63), name);
        while (isspace((unsigned char)*value))
            ++value;
        len = strlen(value);
        while (len > 0 && isspace((unsigned char)value[len - 1]))
            --len;
        const int k = lg_schema_find(key_name);
        require(k >= 0, "an accepted --set names a key", overrides[i]);
        if (done[k]++)
            continue;
        char msg[512], want[LG_PATH_MAX + 64], got[LG_PATH_MAX + 64];
        char *text = malloc(len + 1); /* the whole value, however long */
        require(text != NULL, "malloc", NULL);
        memcpy(text, value, len);
        text[len] = '\0';
        lg_config alone = *cfg;
        const int parsed = lg_value_parse(&lg_schema[k], text, &alone, msg, sizeof msg);
        free(text);
        require(parsed == 0, "an accepted --set value parses on its own", overrides[i]);
        lg_value_format(&lg_schema[k], &alone, want, sizeof want);
        lg_value_format(&lg_schema[k], cfg, got, sizeof got);
        require(strcmp(want, got) == 0, "the last --set of a key wins, whole", overrides[i]);
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > LG_DECK_MAX_BYTES)
        return 0;
    char *buf = malloc(size + 1);
    if (!buf)
        return 0;
    memcpy(buf, data, size);
    buf[size] = '\0';
    char *overrides[MAX_OVERRIDES];
    int n_overrides = 0;
    for (char *p = buf + strlen(buf); p < buf + size && n_overrides < MAX_OVERRIDES;
         p += strlen(p)) {
        ++p; /* past the NUL */
        overrides[n_overrides++] = p;
    }

    char *msgs = NULL;
    size_t len = 0;
    FILE *err = open_memstream(&msgs, &len);
    require(err != NULL, "open_memstream", NULL);
    lg_config cfg;
    const int errors = lg_deck_parse_text(LABEL, buf, overrides, n_overrides, &cfg, err);
    fclose(err);
    int warnings;
    const int lines = check_messages(msgs, len, &warnings);
    require(errors >= 0, "a count of errors", NULL);
    require(errors == 0 ? warnings == lines : lines == errors,
            "one line per error, only warnings when accepted", msgs);
    free(msgs);

    if (errors == 0) {
        for (int k = 0; k < lg_schema_n; ++k) {
            check_value(&lg_schema[k], &cfg);
            check_round_trip(&lg_schema[k], &cfg);
        }
        require(cfg.z_s.lo > cfg.z_l.hi, "sources behind lenses", NULL);
        check_overrides(overrides, n_overrides, &cfg);
        FILE *out = fopen("/dev/null", "w");
        if (out) {
            lg_deck_print_resolved(&cfg, out);
            fclose(out);
        }
    }
    free(buf);
    return 0;
}
