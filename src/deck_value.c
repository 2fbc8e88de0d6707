/* deck_value.c: value syntax of the deck. Distributions:
 *   3.5 | uniform(a, b) | loguniform(a, b) | normal(mu, sigma) | normal(mu, sigma, lo, hi)
 * and for choice keys: name | choice(name: weight, ...) | choice(name, ...). */
#include "deck_value.h"

#include <ctype.h>
#include <errno.h>
#include <float.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_ARGS 8

static int parse_real(const char *s, double *out)
{
    char *end;
    errno = 0;
    while (isspace((unsigned char)*s))
        ++s;
    if (!*s)
        return -1;
    double v = strtod(s, &end);
    while (isspace((unsigned char)*end))
        ++end;
    if (*end || errno == ERANGE || !isfinite(v))
        return -1;
    *out = v;
    return 0;
}

static void fmt_range(const lg_key *k, char *buf, size_t size)
{
    snprintf(buf, size, "[%.10g, %.10g]", k->min, k->max);
}

static int err(char *msg, size_t size, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static int err(char *msg, size_t size, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, size, fmt, ap);
    va_end(ap);
    return -1;
}

/* Split "name(a, b, ...)" into name and argument strings; returns argument count or -1. */
static int split_call(const char *text, char *name, size_t nsize, char args[MAX_ARGS][128])
{
    const char *open = strchr(text, '(');
    size_t tl = strlen(text);
    if (!open || tl < 2 || text[tl - 1] != ')')
        return -1;
    size_t nl = (size_t)(open - text);
    while (nl > 0 && isspace((unsigned char)text[nl - 1]))
        --nl;
    if (nl == 0 || nl >= nsize)
        return -1;
    memcpy(name, text, nl);
    name[nl] = '\0';
    const char *p = open + 1, *stop = text + tl - 1;
    int n = 0;
    while (p <= stop) {
        const char *comma = memchr(p, ',', (size_t)(stop - p));
        const char *e = comma ? comma : stop;
        while (p < e && isspace((unsigned char)*p))
            ++p;
        size_t len = (size_t)(e - p);
        while (len > 0 && isspace((unsigned char)p[len - 1]))
            --len;
        if (n == MAX_ARGS || len >= 128)
            return -1;
        memcpy(args[n], p, len);
        args[n][len] = '\0';
        ++n;
        if (!comma)
            break;
        p = comma + 1;
    }
    if (n == 1 && args[0][0] == '\0')
        n = 0;
    return n;
}

static int parse_dist(const lg_key *k, const char *text, lg_dist *d, char *msg, size_t size)
{
    char name[32], args[MAX_ARGS][128], range[96];
    double v[MAX_ARGS];
    fmt_range(k, range, sizeof range);
    memset(d, 0, sizeof *d);
    if (parse_real(text, &d->a) == 0) {
        d->kind = LG_DIST_FIXED;
        d->lo = d->hi = d->a;
    } else {
        int n = split_call(text, name, sizeof name, args);
        if (n < 0)
            return err(msg, size,
                       "value '%s' is neither a number nor a distribution; write a number, "
                       "uniform(a, b), loguniform(a, b), normal(mu, sigma) or normal(mu, sigma, "
                       "lo, hi)",
                       text);
        for (int i = 0; i < n; ++i)
            if (parse_real(args[i], &v[i]) != 0)
                return err(msg, size, "in '%s': argument '%s' is not a number", text, args[i]);
        if (strcmp(name, "uniform") == 0 || strcmp(name, "loguniform") == 0) {
            if (n != 2)
                return err(msg, size, "'%s': %s takes 2 arguments (a, b)", text, name);
            if (!(v[0] < v[1]))
                return err(msg, size, "'%s': %s(a, b) needs a < b", text, name);
            d->kind = name[0] == 'u' ? LG_DIST_UNIFORM : LG_DIST_LOGUNIFORM;
            if (d->kind == LG_DIST_LOGUNIFORM && !(v[0] > 0))
                return err(msg, size, "'%s': %s(a, b) needs 0 < a", text, name);
            d->a = d->lo = v[0];
            d->b = d->hi = v[1];
        } else if (strcmp(name, "normal") == 0) {
            if (n != 2 && n != 4)
                return err(msg, size, "'%s': normal takes (mu, sigma) or (mu, sigma, lo, hi)",
                           text);
            if (!(v[1] > 0))
                return err(msg, size, "'%s': normal needs sigma > 0", text);
            d->kind = LG_DIST_NORMAL;
            d->a = v[0];
            d->b = v[1];
            d->lo = n == 4 ? v[2] : -HUGE_VAL;
            d->hi = n == 4 ? v[3] : HUGE_VAL;
            if (n == 4 && !(v[2] < v[3]))
                return err(msg, size, "'%s': normal(mu, sigma, lo, hi) needs lo < hi", text);
            /* Truncation is done by rejection: demand a reasonable acceptance. */
            double mass = 0.5 * (erfc((d->lo - d->a) / (d->b * sqrt(2.0))) -
                                 erfc((d->hi - d->a) / (d->b * sqrt(2.0))));
            if (n == 4 && mass < 1e-3)
                return err(msg, size,
                           "'%s': the bounds keep less than 0.1%% of the normal "
                           "distribution; move them towards mu",
                           text);
        } else {
            return err(msg, size,
                       "unknown distribution '%s' in '%s'; use uniform, loguniform "
                       "or normal",
                       name, text);
        }
    }
    if (d->lo < k->min || d->hi > k->max) {
        if (d->kind == LG_DIST_NORMAL && !isfinite(d->lo - d->hi))
            return err(msg, size,
                       "'%s' can draw any value, but the allowed range is %s; give "
                       "bounds: normal(mu, sigma, lo, hi)",
                       text, range);
        return err(msg, size,
                   d->kind == LG_DIST_FIXED ? "value '%s' is out of range; allowed %s"
                                            : "'%s' can draw values outside the "
                                              "allowed range %s",
                   text, range);
    }
    return 0;
}

static int parse_choice(const lg_key *k, const char *text, lg_choice *c, char *msg, size_t size)
{
    char name[32], args[MAX_ARGS][128];
    memset(c, 0, sizeof *c);
    int idx = lg_choices_index(k->choices, text, strlen(text));
    if (idx >= 0) {
        c->n = 1;
        c->value[0] = idx;
        c->weight[0] = 1.0;
        return 0;
    }
    int n = split_call(text, name, sizeof name, args);
    if (n < 0 || strcmp(name, "choice") != 0)
        return err(msg, size, "value '%s' is not one of %s, nor choice(name: weight, ...)", text,
                   k->choices);
    if (n == 0)
        return err(msg, size, "'%s': choice needs at least one name", text);
    /* each weight finite and > 0, their sum finite, and none negligible next to the sum */
    static const char allowed_w[] =
        "allowed: weights in [2.2e-308, 1.8e308] whose sum is at most 1.8e308";
    double total = 0;
    for (int i = 0; i < n; ++i) {
        char *colon = strchr(args[i], ':');
        double w = 1.0;
        size_t len = colon ? (size_t)(colon - args[i]) : strlen(args[i]);
        while (len > 0 && isspace((unsigned char)args[i][len - 1]))
            --len;
        int v = lg_choices_index(k->choices, args[i], len);
        args[i][len] = '\0';
        if (v < 0)
            return err(msg, size, "in '%s': '%s' is not one of %s", text, args[i], k->choices);
        if (colon && (parse_real(colon + 1, &w) != 0 || !(w > 0))) {
            const char *wt = colon + 1;
            while (isspace((unsigned char)*wt))
                ++wt;
            return err(msg, size, "'%s': the weight '%s' of '%s' is not allowed; %s", text, wt,
                       args[i], allowed_w);
        }
        for (int j = 0; j < c->n; ++j)
            if (c->value[j] == v)
                return err(msg, size, "'%s': '%s' appears twice", text, args[i]);
        c->value[c->n] = v;
        c->weight[c->n] = w;
        c->n++;
        total += w;
    }
    if (!isfinite(total))
        return err(msg, size, "'%s': the weights sum to more than 1.8e308; %s", text, allowed_w);
    for (int i = 0; i < c->n; ++i) {
        c->weight[i] /= total;
        /* a subnormal fraction would print as a weight the parser refuses (< 2.2e-308) */
        if (!(c->weight[i] >= DBL_MIN)) {
            char name_i[32];
            lg_choices_name(k->choices, c->value[i], name_i, sizeof name_i);
            return err(msg, size,
                       "'%s': the weight of '%s' is a fraction of the sum too small for a double "
                       "(below 2.2e-308); raise it or leave '%s' out",
                       text, name_i, name_i);
        }
    }
    return 0;
}

/* "a, b, c": a set of names from k->choices, as a bit set. */
static int parse_flags(const lg_key *k, const char *text, int *out, char *msg, size_t size)
{
    int bits = 0;
    const char *p = text;
    while (*p) {
        while (isspace((unsigned char)*p))
            ++p;
        const char *comma = strchr(p, ',');
        size_t len = comma ? (size_t)(comma - p) : strlen(p);
        while (len > 0 && isspace((unsigned char)p[len - 1]))
            --len;
        char word[64];
        snprintf(word, sizeof word, "%.*s", (int)(len < 63 ? len : 63), p);
        int idx = len ? lg_choices_index(k->choices, p, len) : -1;
        if (idx < 0)
            return err(msg, size, "'%s' is not one of %s (give a comma-separated list)", word,
                       k->choices);
        if (bits & (1 << idx))
            return err(msg, size, "'%s' is listed twice", word);
        bits |= 1 << idx;
        if (!comma)
            break;
        p = comma + 1;
    }
    if (!bits)
        return err(msg, size, "empty list; allowed: %s", k->choices);
    *out = bits;
    return 0;
}

int lg_value_parse(const lg_key *k, const char *text, lg_config *cfg, char *msg, size_t size)
{
    char *field = (char *)cfg + k->offset;
    char range[96];
    fmt_range(k, range, sizeof range);
    if (!*text)
        return err(msg, size, "empty value");
    switch (k->type) {
    case LG_T_INT: {
        double v;
        if (parse_real(text, &v) != 0 || v != floor(v))
            return err(msg, size, "value '%s' is not an integer", text);
        if (v < k->min || v > k->max)
            return err(msg, size, "value '%s' is out of range; allowed %s", text, range);
        *(int64_t *)field = (int64_t)v;
        return 0;
    }
    case LG_T_REAL: {
        double v;
        if (parse_real(text, &v) != 0)
            return err(msg, size, "value '%s' is not a number", text);
        if (v < k->min || v > k->max)
            return err(msg, size, "value '%s' is out of range; allowed %s", text, range);
        *(double *)field = v;
        return 0;
    }
    case LG_T_BOOL: {
        static const char *yes[] = {"true", "yes", "on", "1"}, *no[] = {"false", "no", "off", "0"};
        for (int i = 0; i < 4; ++i) {
            if (strcmp(text, yes[i]) == 0)
                return *(int *)field = 1, 0;
            if (strcmp(text, no[i]) == 0)
                return *(int *)field = 0, 0;
        }
        return err(msg, size, "value '%s' is not a bool; allowed true or false", text);
    }
    case LG_T_ENUM: {
        int idx = lg_choices_index(k->choices, text, strlen(text));
        if (idx < 0)
            return err(msg, size, "value '%s' is not allowed; allowed: %s", text, k->choices);
        *(int *)field = idx;
        return 0;
    }
    case LG_T_STRING:
        if (strlen(text) >= LG_PATH_MAX)
            return err(msg, size, "value '%.40s...' is longer than %d characters", text,
                       LG_PATH_MAX - 1);
        strcpy(field, text);
        return 0;
    case LG_T_DIST: return parse_dist(k, text, (lg_dist *)field, msg, size);
    case LG_T_CHOICE: return parse_choice(k, text, (lg_choice *)field, msg, size);
    case LG_T_FLAGS: return parse_flags(k, text, (int *)field, msg, size);
    }
    return -1;
}

char *lg_format_real(char *buf, size_t size, double v)
{
    if (isnan(v)) {
        snprintf(buf, size, "nan");
        return buf;
    }
    if (isinf(v)) {
        snprintf(buf, size, v > 0 ? "inf" : "-inf");
        return buf;
    }
    /* the fewest significant digits that read back exactly... */
    int digits = 1;
    char tmp[48], plain[48];
    for (; digits < 17; ++digits) {
        snprintf(tmp, sizeof tmp, "%.*g", digits, v);
        if (strtod(tmp, NULL) == v)
            break;
    }
    snprintf(tmp, sizeof tmp, "%.*g", digits, v);
    /* ...written without an exponent when that is not longer (250, not 2.5e+02) */
    const int exponent = v != 0.0 ? (int)floor(log10(fabs(v))) : 0;
    if (exponent >= 0 && exponent < 17) {
        snprintf(plain, sizeof plain, "%.*g", exponent + 1 > digits ? exponent + 1 : digits, v);
        if (strchr(plain, 'e') == NULL && strtod(plain, NULL) == v && strlen(plain) <= strlen(tmp))
            snprintf(tmp, sizeof tmp, "%s", plain);
    }
    snprintf(buf, size, "%s", tmp);
    return buf;
}

void lg_value_format(const lg_key *k, const lg_config *cfg, char *buf, size_t size)
{
    const char *field = (const char *)cfg + k->offset;
    switch (k->type) {
    case LG_T_INT: snprintf(buf, size, "%lld", (long long)*(const int64_t *)field); return;
    case LG_T_REAL: lg_format_real(buf, size, *(const double *)field); return;
    case LG_T_BOOL: snprintf(buf, size, "%s", *(const int *)field ? "true" : "false"); return;
    case LG_T_ENUM: lg_choices_name(k->choices, *(const int *)field, buf, size); return;
    case LG_T_STRING: snprintf(buf, size, "%s", field); return;
    case LG_T_DIST: {
        const lg_dist *d = (const lg_dist *)field;
        char a[40], b[40], lo[40], hi[40];
        lg_format_real(a, sizeof a, d->a);
        lg_format_real(b, sizeof b, d->b);
        lg_format_real(lo, sizeof lo, d->lo);
        lg_format_real(hi, sizeof hi, d->hi);
        if (d->kind == LG_DIST_FIXED)
            snprintf(buf, size, "%s", a);
        else if (d->kind == LG_DIST_NORMAL && isfinite(d->lo - d->hi))
            snprintf(buf, size, "normal(%s, %s, %s, %s)", a, b, lo, hi);
        else
            snprintf(buf, size, "%s(%s, %s)",
                     d->kind == LG_DIST_UNIFORM      ? "uniform"
                     : d->kind == LG_DIST_LOGUNIFORM ? "loguniform"
                                                     : "normal",
                     a, b);
        return;
    }
    case LG_T_FLAGS: {
        size_t used = 0;
        buf[0] = '\0';
        for (int i = 0; i < 31 && used < size; ++i) {
            char name[32];
            if (!(*(const int *)field & (1 << i)))
                continue;
            lg_choices_name(k->choices, i, name, sizeof name);
            used += (size_t)snprintf(buf + used, size - used, "%s%s", used ? ", " : "", name);
        }
        return;
    }
    case LG_T_CHOICE: {
        const lg_choice *c = (const lg_choice *)field;
        size_t used = (size_t)snprintf(buf, size, "choice(");
        for (int i = 0; i < c->n && used < size; ++i) {
            char name[32], w[40];
            lg_choices_name(k->choices, c->value[i], name, sizeof name);
            used += (size_t)snprintf(buf + used, size - used, "%s%s: %s", i ? ", " : "", name,
                                     lg_format_real(w, sizeof w, c->weight[i]));
        }
        if (used < size)
            snprintf(buf + used, size - used, ")");
        return;
    }
    }
}
