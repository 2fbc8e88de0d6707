/* deck_unused_keys.c: the warning for keys set in a deck that no sample can use, and why. */
#include "deck_unused_keys.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "deck.h"
#include "deck_schema.h"
#include "map_info.h"
#include "usage.h"

/* Keys whose value decides whether other keys are read: names, enums, bools. */
static int is_switch(const lg_key *k)
{
    return k->type == LG_T_CHOICE || k->type == LG_T_ENUM || k->type == LG_T_BOOL;
}

static int n_names(const lg_key *k)
{
    if (k->type == LG_T_BOOL)
        return 2;
    int n = 1;
    for (const char *p = k->choices; *p; ++p)
        n += *p == '|';
    return n;
}

/* Settings to try for switch s: a choice once (all of its names), an enum or bool each value. */
static int n_settings(int s)
{
    return s < 0 || lg_schema[s].type == LG_T_CHOICE ? 1 : n_names(&lg_schema[s]);
}

static void set_switch(lg_config *cfg, int s, int value)
{
    const lg_key *k = &lg_schema[s];
    char *field = (char *)cfg + k->offset;
    if (k->type != LG_T_CHOICE) {
        *(int *)field = value;
        return;
    }
    lg_choice *c = (lg_choice *)field;
    c->n = n_names(k) < LG_MAX_CHOICES ? n_names(k) : LG_MAX_CHOICES;
    for (int v = 0; v < c->n; ++v) {
        c->value[v] = v;
        c->weight[v] = 1.0 / c->n;
    }
}

/* Would some sample read key `name` if switch s (and t, when t >= 0) had another setting? */
static int used_if_changed(const lg_config *cfg, const char *name, int s, int t)
{
    for (int a = 0; a < n_settings(s); ++a)
        for (int b = 0; b < n_settings(t); ++b) {
            lg_config trial = *cfg;
            set_switch(&trial, s, a);
            if (t >= 0)
                set_switch(&trial, t, b);
            if (lg_key_used(&trial, name))
                return 1;
        }
    return 0;
}

/* "lens.profile draws only sis, nfw" or "nfw.c_model is duffy08": the setting of switch s. */
static size_t describe_switch(const lg_config *cfg, int s, char *buf, size_t size)
{
    const lg_key *k = &lg_schema[s];
    const char *field = (const char *)cfg + k->offset;
    char name[32];
    if (k->type == LG_T_BOOL)
        return (size_t)snprintf(buf, size, "%s is %s", k->name,
                                *(const int *)field ? "true" : "false");
    if (k->type == LG_T_ENUM) {
        lg_choices_name(k->choices, *(const int *)field, name, sizeof name);
        return (size_t)snprintf(buf, size, "%s is %s", k->name, name);
    }
    const lg_choice *c = (const lg_choice *)field;
    size_t used = (size_t)snprintf(buf, size, "%s draws only", k->name);
    for (int i = 0, first = 1; i < c->n && used < size; ++i) {
        if (!(c->weight[i] > 0.0))
            continue;
        lg_choices_name(k->choices, c->value[i], name, sizeof name);
        used += (size_t)snprintf(buf + used, size - used, "%s %s", first ? "" : ",", name);
        first = 0;
    }
    return used;
}

/* Why no sample reads key `name`: the settings of the switches (one, else two together) whose
 * change would make some sample read it. */
static void unused_reason(const lg_config *cfg, const char *name, char *buf, size_t size)
{
    const int self = lg_schema_find(name);
    size_t used = 0;
    buf[0] = '\0';
    for (int s = 0; s < lg_schema_n; ++s)
        if (s != self && is_switch(&lg_schema[s]) && used < size &&
            used_if_changed(cfg, name, s, -1)) {
            if (used)
                used += (size_t)snprintf(buf + used, size - used, " and ");
            if (used < size)
                used += describe_switch(cfg, s, buf + used, size - used);
        }
    for (int s = 0; s < lg_schema_n && !used; ++s)
        for (int t = s + 1; t < lg_schema_n && !used; ++t)
            if (s != self && t != self && is_switch(&lg_schema[s]) && is_switch(&lg_schema[t]) &&
                used_if_changed(cfg, name, s, t)) {
                used = describe_switch(cfg, s, buf, size);
                if (used < size)
                    used += (size_t)snprintf(buf + used, size - used, " and ");
                if (used < size)
                    describe_switch(cfg, t, buf + used, size - used);
            }
    const int images = (cfg->maps & lg_image_map_mask()) != 0;
    if (!used && !images && (strncmp(name, "source.", 7) == 0 || strncmp(name, "imaging.", 8) == 0))
        snprintf(buf, size, "output.maps has no image map (image, image_noisy, source, fermat)");
    else if (!used && strncmp(name, "source.clump_", 13) == 0)
        snprintf(buf, size, "source.n_clumps draws no clump (it is below 0.5)");
    else if (!used && strncmp(name, "imaging.", 8) == 0)
        snprintf(buf, size, "output.maps has no image_noisy (the detector's keys)");
    else if (!used)
        snprintf(buf, size,
                 "none of the deck's profiles, dark-matter models or noise settings "
                 "reads it");
}

/* Order of the places a key was set: file lines, then --set options. */
static long where_rank(int line)
{
    return line > 0 ? line : 1000000000L - line;
}

int lg_deck_undersampled_source(const lg_config *cfg, const char **key, char *msg, size_t size)
{
    if (!(cfg->maps & lg_image_map_mask()))
        return 0;
    const double spacing = 2.0 * cfg->half_width / (double)cfg->npix / (double)cfg->img_supersample;
    const int clumps = cfg->n_clumps.hi >= 0.5;
    const double r_e = cfg->src_r_e.lo, sigma = clumps ? cfg->clump_sigma.lo : INFINITY;
    if (fmin(r_e, sigma) >= 2.0 * spacing)
        return 0;
    *key = sigma < r_e ? "source.clump_sigma" : "source.r_e";
    snprintf(msg, size,
             "%s can be %.3g\", below two ray spacings (pixel / imaging.supersample = %.3g\"): "
             "such a source is point-sampled and its flux can be off by tens of per cent; raise "
             "imaging.supersample or the smallest %s",
             *key, fmin(r_e, sigma), spacing, *key + 7);
    return 1;
}

void lg_deck_warn_unused(const lg_config *cfg, const int *key_line, const char *label, FILE *err)
{
    int order[LG_SCHEMA_MAX], n = 0;
    for (int k = 0; k < lg_schema_n; ++k) {
        if (key_line[k] == 0 || lg_key_used(cfg, lg_schema[k].name))
            continue;
        int i = n++;
        for (; i > 0 && where_rank(key_line[order[i - 1]]) > where_rank(key_line[k]); --i)
            order[i] = order[i - 1];
        order[i] = k;
    }
    for (int i = 0; i < n; ++i) {
        const char *name = lg_schema[order[i]].name;
        char why[512], where[LG_PATH_MAX + 64], escaped[4 * sizeof where];
        unused_reason(cfg, name, why, sizeof why);
        const int line = key_line[order[i]];
        if (line > 0)
            snprintf(where, sizeof where, "%s:%d", label, line);
        else
            snprintf(where, sizeof where, "command line (--set #%d)", -line);
        lg_escape_controls(escaped, sizeof escaped, where);
        /* one write per line: under mpirun it stays whole beside the forwarded stdout */
        fprintf(err, "%s: warning: %s is set but no sample can use it: %s\n", escaped, name, why);
    }
    const char *key;
    char msg[512], where[LG_PATH_MAX + 64], escaped[4 * sizeof where];
    if (lg_deck_undersampled_source(cfg, &key, msg, sizeof msg)) {
        /* where: the size's own line, else a line that asked for it (images are asked for, so
         * one of these is set) */
        const char *asked[] = {
            key,        "source.n_clumps",    "imaging.supersample", "map.half_width",
            "map.npix", "imaging.instrument", "output.maps"};
        int line = 0;
        for (size_t i = 0; i < sizeof asked / sizeof asked[0] && line == 0; ++i)
            line = key_line[lg_schema_find(asked[i])];
        if (line >= 0)
            snprintf(where, sizeof where, "%s:%d", label, line > 0 ? line : 1);
        else
            snprintf(where, sizeof where, "command line (--set #%d)", -line);
        lg_escape_controls(escaped, sizeof escaped, where);
        fprintf(err, "%s: warning: %s\n", escaped, msg);
    }
}
