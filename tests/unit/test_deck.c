/* test_deck.c: the deck reader (deck.h) and the value parser (deck_value.h):
 *   - every error class gives exactly one message, "file:line: ..." (or "command line (--set
 *     #n): ..."), naming the key, the value and what is allowed;
 *   - every value form (numbers, each distribution, choices, bools, enums, lists, strings)
 *     parses to the documented fields and, written back, parses to itself;
 *   - --set options win over the file, later ones over earlier ones, and can supply a
 *     required key;
 *   - lg_deck_load refuses what is not a regular text file of at most 1 MiB before parsing;
 *   - control characters in messages are escaped, and a deck of garbage stops after 20 errors. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <math.h>
#include <sys/stat.h>
#include <unistd.h>

#include "deck.h"
#include "deck_schema.h"
#include "deck_value.h"

/* Parse `text` as deck "t.deck" with the overrides; the messages (malloc'd) in *msgs. */
static int parse(const char *text, char *const *overrides, int n, lg_config *cfg, char **msgs)
{
    size_t len = 0;
    FILE *err = open_memstream(msgs, &len);
    assert_non_null(err);
    const int errors = lg_deck_parse_text("t.deck", text, overrides, n, cfg, err);
    fclose(err);
    return errors;
}

static int count_lines(const char *s)
{
    int n = 0;
    for (; *s; ++s)
        n += *s == '\n';
    return n;
}

typedef struct {
    const char *text;     /* the deck */
    const char *override; /* one --set option, or NULL */
    const char *expect;   /* a part of the one message */
} bad_case;

/* s with each '@' replaced by 1100 'a's (malloc'd; NULL for NULL): long values and lines. */
static char *expand(const char *s)
{
    const size_t n = 1100;
    if (!s)
        return NULL;
    size_t len = strlen(s) + 1;
    for (const char *p = s; *p; ++p)
        len += *p == '@' ? n : 0;
    char *out = malloc(len), *q = out;
    assert_non_null(out);
    for (const char *p = s; *p; ++p) {
        if (*p == '@') {
            memset(q, 'a', n);
            q += n;
        } else {
            *q++ = *p;
        }
    }
    *q = '\0';
    return out;
}

#define N1 "n_samples = 10\n"
/* Every error class of the reader, the value parser and the cross-key checks. */
static const bad_case bad_cases[] = {
    /* syntax */
    {N1 "[nosie]\nsigma = 1\n", NULL, "t.deck:2: unknown section [nosie]; sections: [map] "},
    {N1 "[map\n", NULL, "t.deck:2: malformed section header '[map'; write [name]"},
    {N1 "[map] x\n", NULL, "t.deck:2: malformed section header '[map] x'"},
    {N1 "[map]\nnpix 32\n", NULL, "t.deck:3: expected 'key = value', got 'npix 32'"},
    {N1 "= 3\n", NULL, "t.deck:2: missing key before '='"},
    {"[map]\nnpix = 32\n", NULL,
     "t.deck:1: missing required key 'n_samples'; add e.g. 'n_samples = 1000' before the first "
     "[section], or --set on the command line"},
    {N1 "[noise]\nsigam = 0.1\n", NULL,
     "t.deck:3: unknown key 'noise.sigam'; did you mean 'noise.sigma'?"},
    {N1 "[nfw]\nmass = 1e12\n", NULL, "t.deck:3: unknown key 'nfw.mass'; did you mean 'nfw.m200'?"},
    {N1 "zzzzzzzzzzzz = 1\n", NULL,
     "t.deck:2: unknown key 'zzzzzzzzzzzz'; see lensgen --print-reference"},
    {N1 "[map]\nnpix = 32\n\nnpix = 64\n", NULL,
     "t.deck:5: duplicate key 'map.npix' (first set at line 3)"},
    /* numbers */
    {"n_samples = 10.5\n", NULL, "t.deck:1: key 'n_samples': value '10.5' is not an integer"},
    {N1 "[map]\nnpix = 3\n", NULL,
     "t.deck:3: key 'map.npix': value '3' is out of range; allowed [4, 8192]"},
    {N1 "[map]\nhalf_width = five\n", NULL,
     "t.deck:3: key 'map.half_width': value 'five' is not a number"},
    {N1 "[cosmology]\nH0 = 500\n", NULL,
     "t.deck:3: key 'cosmology.H0': value '500' is out of range; allowed [20, 200]"},
    {N1 "[noise]\nsigma = nan\n", NULL, "t.deck:3: key 'noise.sigma': value 'nan' is not a number"},
    {N1 "[noise]\nsigma = 1e999\n", NULL, "key 'noise.sigma': value '1e999' is not a number"},
    {N1 "seed =\n", NULL, "t.deck:2: key 'seed': empty value"},
    /* bool, enum, string, list */
    {N1 "[augment]\nflip = maybe\n", NULL,
     "t.deck:3: key 'augment.flip': value 'maybe' is not a bool; allowed true or false"},
    {N1 "[noise]\ntype = gauss\n", NULL,
     "t.deck:3: key 'noise.type': value 'gauss' is not allowed; allowed: none|gaussian|poisson"},
    {N1 "[output]\nfile = @\n", NULL,
     "t.deck:3: key 'output.file': value 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa...' is longer "
     "than 1023 characters"},
    {N1 "[output]\nmaps = kappa, alpha\n", NULL,
     "t.deck:3: key 'output.maps': 'alpha' is not one of kappa|kappa_noisy|alpha_x"},
    {N1 "[output]\nmaps = kappa, kappa\n", NULL,
     "t.deck:3: key 'output.maps': 'kappa' is listed twice"},
    {N1 "[output]\nmaps = kappa,,mu\n", NULL,
     "t.deck:3: key 'output.maps': '' is not one of kappa"},
    /* distributions */
    {N1 "[lens]\nz_l = fast\n", NULL,
     "t.deck:3: key 'lens.z_l': value 'fast' is neither a number nor a distribution; write a "
     "number, uniform(a, b)"},
    {N1 "[lens]\nz_l = gauss(1, 2)\n", NULL,
     "key 'lens.z_l': unknown distribution 'gauss' in 'gauss(1, 2)'; use uniform, loguniform or "
     "normal"},
    {N1 "[lens]\nz_l = uniform(0.1, x)\n", NULL,
     "key 'lens.z_l': in 'uniform(0.1, x)': argument 'x' is not a number"},
    {N1 "[lens]\nz_l = uniform(0.1)\n", NULL,
     "key 'lens.z_l': 'uniform(0.1)': uniform takes 2 arguments (a, b)"},
    {N1 "[lens]\nz_l = uniform(0.5, 0.1)\n", NULL,
     "key 'lens.z_l': 'uniform(0.5, 0.1)': uniform(a, b) needs a < b"},
    {N1 "[lens]\ncenter_x = loguniform(-1, 1)\n", NULL,
     "key 'lens.center_x': 'loguniform(-1, 1)': loguniform(a, b) needs 0 < a"},
    {N1 "[lens]\nz_l = normal(1, 2, 3)\n", NULL,
     "key 'lens.z_l': 'normal(1, 2, 3)': normal takes (mu, sigma) or (mu, sigma, lo, hi)"},
    {N1 "[lens]\nz_l = normal(0.5, 0, 0.1, 1)\n", NULL,
     "key 'lens.z_l': 'normal(0.5, 0, 0.1, 1)': normal needs sigma > 0"},
    {N1 "[lens]\nz_l = normal(0.5, 0.1, 1, 0.1)\n", NULL,
     "key 'lens.z_l': 'normal(0.5, 0.1, 1, 0.1)': normal(mu, sigma, lo, hi) needs lo < hi"},
    {N1 "[lens]\nz_l = normal(0.5, 0.01, 2, 3)\n", NULL,
     "key 'lens.z_l': 'normal(0.5, 0.01, 2, 3)': the bounds keep less than 0.1% of the normal "
     "distribution"},
    {N1 "[lens]\nz_l = uniform(0.1, 30)\n", NULL,
     "t.deck:3: key 'lens.z_l': 'uniform(0.1, 30)' can draw values outside the allowed range "
     "[0.001, 10]"},
    {N1 "[lens]\nz_l = normal(0.5, 0.1)\n", NULL,
     "key 'lens.z_l': 'normal(0.5, 0.1)' can draw any value, but the allowed range is [0.001, "
     "10]; give bounds: normal(mu, sigma, lo, hi)"},
    {N1 "[lens]\nz_l = 30\n", NULL,
     "key 'lens.z_l': value '30' is out of range; allowed [0.001, 10]"},
    {N1 "[source]\nn_clumps = 9\n", NULL,
     "t.deck:3: key 'source.n_clumps': value '9' is out of range; allowed [0, 8]"},
    {N1 "[source]\nn_clumps = uniform(0, 10)\n", NULL,
     "key 'source.n_clumps': 'uniform(0, 10)' can draw values outside the allowed range [0, 8]"},
    {N1 "[source]\nclump_sigma = 0\n", NULL,
     "t.deck:3: key 'source.clump_sigma': value '0' is out of range; allowed [0.0001, 3600]"},
    {N1, "source.clump_sigma=-0.01",
     "command line (--set #1): key 'source.clump_sigma': value '-0.01' is out of range; allowed "
     "[0.0001, 3600]"},
    /* choices */
    {N1 "[lens]\nprofile = nfww\n", NULL,
     "key 'lens.profile': value 'nfww' is not one of "
     "point_mass|sis|nfw|nfw_ell|sie|sersic|composite, nor choice(name: weight, ...)"},
    {N1 "[lens]\nprofile = choice()\n", NULL,
     "key 'lens.profile': 'choice()': choice needs at least one name"},
    {N1 "[lens]\nprofile = choice(nfw: 1, sies: 2)\n", NULL,
     "key 'lens.profile': in 'choice(nfw: 1, sies: 2)': 'sies' is not one of point_mass|"},
    {N1 "[lens]\nprofile = choice(nfw: 0, sis: 1)\n", NULL,
     "key 'lens.profile': 'choice(nfw: 0, sis: 1)': the weight '0' of 'nfw' is not allowed; "
     "allowed: weights in [2.2e-308, 1.8e308] whose sum is at most 1.8e308"},
    {N1 "[lens]\nprofile = choice(nfw: x)\n", NULL, "the weight 'x' of 'nfw' is not allowed"},
    {N1 "[lens]\nprofile = choice(nfw: 1e-320)\n", NULL,
     "the weight '1e-320' of 'nfw' is not allowed"},
    {N1 "[lens]\nprofile = choice(nfw, nfw)\n", NULL,
     "key 'lens.profile': 'choice(nfw, nfw)': 'nfw' appears twice"},
    {N1 "[lens]\nprofile = choice(nfw: 1e308, sis: 1e308)\n", NULL,
     "t.deck:3: key 'lens.profile': 'choice(nfw: 1e308, sis: 1e308)': the weights sum to more "
     "than 1.8e308; allowed: weights in [2.2e-308, 1.8e308]"},
    {N1 "[lens]\nprofile = choice(nfw: 1e-300, sis: 1e300)\n", NULL,
     "key 'lens.profile': 'choice(nfw: 1e-300, sis: 1e300)': the weight of 'nfw' is a fraction "
     "of the sum too small for a double"},
    /* lines */
    {N1 "x = @@\n", NULL, "t.deck:2: line longer than 2047 characters"},
    /* rules across keys */
    {N1 "[lens]\nz_l = uniform(0.5, 1.5)\nz_s = uniform(1.0, 2.0)\n", NULL,
     "t.deck:4: lens.z_s can be 1 but lens.z_l can be 1.5; every source must lie behind its "
     "lens (min z_s > max z_l)"},
    {N1 "[lens]\ne1 = 0.8\ne2 = 0.8\n", NULL,
     "t.deck:4: lens.e1 and lens.e2 allow |e| up to 1.13137; allowed |e| < 1 (q > 0)"},
    {N1 "[output]\ncompression = 4\n", NULL,
     "t.deck:3: key 'output.compression': value 4 needs chunked maps; set output.chunk_samples > "
     "0 (e.g. 16)"},
    {N1 "[output]\nparams = theta_E, mass200\n", NULL,
     "t.deck:3: key 'output.params': 'mass200' is not a /params column"},
    {N1 "[noise]\nsmooth_fwhm = 10\n", NULL,
     "t.deck:3: key 'noise.smooth_fwhm': value 10 is larger than map.half_width = 5; allowed [0, "
     "map.half_width]"},
    /* output.wave: only point masses and SIS lenses, a frequency range, a grid of 2-1024 */
    {N1 "[lens]\nprofile = choice(point_mass: 1, nfw: 2, sie: 1)\n[output]\nwave = true\n", NULL,
     "t.deck:3: key 'lens.profile': 'nfw', 'sie' can be drawn, but output.wave = true has an "
     "amplification factor for point masses and SIS lenses only; allowed: point_mass, sis"},
    {N1 "[output]\nwave = true\n", NULL, "t.deck:3: key 'lens.profile': 'nfw' can be drawn"},
    {N1 "[lens]\nprofile = sis\n[output]\nwave = true\n[wave]\nf_min = 100\nf_max = 100\n", NULL,
     "t.deck:8: key 'wave.f_max': value 100 is not above wave.f_min = 100; allowed (wave.f_min, "
     "1e+09]"},
    {N1 "[wave]\nn_freq = 1\n", NULL,
     "t.deck:3: key 'wave.n_freq': value '1' is out of range; allowed [2, 1024]"},
    {N1 "[wave]\nn_freq = 4096\n", NULL, "key 'wave.n_freq': value '4096' is out of range"},
    {N1 "[wave]\nf_min = 0\n", NULL,
     "t.deck:3: key 'wave.f_min': value '0' is out of range; allowed [1e-09, 1000000000]"},
    /* --set options */
    {N1, "noise.sigma", "command line (--set #1): expected --set key=value, got 'noise.sigma'"},
    {N1, "noise.sgma=1",
     "command line (--set #1): unknown key 'noise.sgma'; did you mean "
     "'noise.sigma'?"},
    {N1, "noise.sigma=-1",
     "command line (--set #1): key 'noise.sigma': value '-1' is out of range; allowed [0, 1000]"},
    {N1, "output.file=@@", "command line (--set #1): longer than 2047 characters"},
    /* control characters echoed from the deck are escaped */
    {N1 "[noise]\ntype = a\rb\x1b[2J\tc\n", NULL,
     "t.deck:3: key 'noise.type': value 'a\\rb\\x1b[2J\\tc' is not allowed"},
};

static void test_error_classes(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof bad_cases / sizeof bad_cases[0]; ++i) {
        const bad_case *c = &bad_cases[i];
        char *text = expand(c->text), *over[1] = {expand(c->override)};
        lg_config cfg;
        char *msgs = NULL;
        const int errors = parse(text, over, c->override ? 1 : 0, &cfg, &msgs);
        free(text);
        free(over[0]);
        if (errors != 1 || count_lines(msgs) != 1 || !strstr(msgs, c->expect))
            fail_msg("case %zu: %d error(s), messages:\n%s\nexpected one containing:\n%s", i,
                     errors, msgs, c->expect);
        /* the message starts with where, and has no raw control character */
        assert_true(strncmp(msgs, "t.deck:", 7) == 0 || strncmp(msgs, "command line", 12) == 0);
        for (const char *p = msgs; *p; ++p)
            assert_true(*p == '\n' || ((unsigned char)*p >= 0x20 && *p != 0x7f));
        free(msgs);
    }
}

/* A deck of garbage: 20 errors, then one line saying the rest is not read (and no complaint
 * about required keys that the unread rest might hold). */
static void test_too_many_errors(void **state)
{
    (void)state;
    char text[4096] = "";
    for (int i = 0; i < 40; ++i)
        strcat(text, "bogus key\n");
    strcat(text, "n_samples = 5\n");
    lg_config cfg;
    char *msgs = NULL;
    assert_int_equal(parse(text, NULL, 0, &cfg, &msgs), LG_DECK_MAX_ERRORS + 1);
    assert_int_equal(count_lines(msgs), LG_DECK_MAX_ERRORS + 1);
    assert_non_null(strstr(msgs, "t.deck:21: more than 20 errors; the rest is not read\n"));
    assert_null(strstr(msgs, "missing required key"));
    free(msgs);
}

/* A key of the schema by name. */
static const lg_key *key(const char *name)
{
    const int k = lg_schema_find(name);
    assert_true(k >= 0);
    return &lg_schema[k];
}

/* Parse text into key `name` of cfg (defaults elsewhere); returns the field. */
static const void *value_of(lg_config *cfg, const lg_key *k, const char *text)
{
    char msg[512];
    if (lg_value_parse(k, text, cfg, msg, sizeof msg) != 0)
        fail_msg("%s = %s: %s", k->name, text, msg);
    return (const char *)cfg + k->offset;
}

/* Written back (lg_value_format) and parsed again, the value is the same text. */
static void assert_round_trip(const lg_key *k, const lg_config *cfg)
{
    char a[LG_PATH_MAX + 64], b[LG_PATH_MAX + 64];
    lg_config copy = *cfg;
    lg_value_format(k, cfg, a, sizeof a);
    value_of(&copy, k, a);
    lg_value_format(k, &copy, b, sizeof b);
    assert_string_equal(a, b);
}

static void test_distributions(void **state)
{
    (void)state;
    lg_config cfg;
    memset(&cfg, 0, sizeof cfg);
    const lg_key *zl = key("lens.z_l"), *m200 = key("nfw.m200");
    const lg_dist *d = value_of(&cfg, zl, "0.7");
    assert_int_equal(d->kind, LG_DIST_FIXED);
    assert_true(d->a == 0.7 && d->lo == 0.7 && d->hi == 0.7);
    assert_round_trip(zl, &cfg);

    d = value_of(&cfg, zl, "uniform( 0.1 ,0.9 )");
    assert_int_equal(d->kind, LG_DIST_UNIFORM);
    assert_true(d->a == 0.1 && d->b == 0.9 && d->lo == 0.1 && d->hi == 0.9);
    assert_round_trip(zl, &cfg);

    d = value_of(&cfg, m200, "loguniform(1e12, 1e15)");
    assert_int_equal(d->kind, LG_DIST_LOGUNIFORM);
    assert_true(d->a == 1e12 && d->b == 1e15 && d->lo == 1e12 && d->hi == 1e15);
    assert_round_trip(m200, &cfg);

    d = value_of(&cfg, zl, "normal(0.5, 0.1, 0.2, 0.8)");
    assert_int_equal(d->kind, LG_DIST_NORMAL);
    assert_true(d->a == 0.5 && d->b == 0.1 && d->lo == 0.2 && d->hi == 0.8);
    assert_round_trip(zl, &cfg);

    /* untruncated normal: only on a key without range limits (none in the schema has none) */
    const lg_key unbounded = {
        "test.open", LG_T_DIST, offsetof(lg_config, z_l), "0", NULL, -HUGE_VAL, HUGE_VAL,
        "",          NULL,      "a key without limits"};
    d = value_of(&cfg, &unbounded, "normal(-3, 2)");
    assert_int_equal(d->kind, LG_DIST_NORMAL);
    assert_true(d->a == -3 && d->b == 2 && isinf(d->lo) && d->lo < 0 && isinf(d->hi));
    assert_round_trip(&unbounded, &cfg);
    char text[64];
    lg_value_format(&unbounded, &cfg, text, sizeof text);
    assert_string_equal(text, "normal(-3, 2)");
}

static void test_other_values(void **state)
{
    (void)state;
    lg_config cfg;
    memset(&cfg, 0, sizeof cfg);
    /* choice: one name, equal weights, normalised weights */
    const lg_key *profile = key("lens.profile");
    const lg_choice *c = value_of(&cfg, profile, "sis");
    assert_int_equal(c->n, 1);
    assert_true(c->weight[0] == 1.0);
    assert_round_trip(profile, &cfg);
    c = value_of(&cfg, profile, "choice(nfw, sis)");
    assert_int_equal(c->n, 2);
    assert_true(c->weight[0] == 0.5 && c->weight[1] == 0.5);
    c = value_of(&cfg, profile, "choice(nfw: 3, point_mass : 1)");
    assert_int_equal(c->n, 2);
    assert_int_equal(c->value[1], 0); /* point_mass is the first name */
    assert_true(c->weight[0] == 0.75 && c->weight[1] == 0.25);
    assert_round_trip(profile, &cfg);
    c = value_of(&cfg, profile, "choice(nfw: 1e300, sis: 1e-7)"); /* extreme but finite */
    assert_true(c->weight[0] == 1.0 && c->weight[1] > 0.0);
    /* bool: every spelling */
    const char *yes[] = {"true", "yes", "on", "1"}, *no[] = {"false", "no", "off", "0"};
    for (int i = 0; i < 4; ++i) {
        assert_int_equal(*(const int *)value_of(&cfg, key("augment.flip"), yes[i]), 1);
        assert_int_equal(*(const int *)value_of(&cfg, key("augment.flip"), no[i]), 0);
    }
    /* enum, list, string, integers written as reals, reals */
    assert_int_equal(*(const int *)value_of(&cfg, key("noise.type"), "poisson"), LG_NOISE_POISSON);
    assert_int_equal(*(const int *)value_of(&cfg, key("output.maps"), "mu ,kappa"),
                     (1 << LG_MAP_MU) | (1 << LG_MAP_KAPPA));
    assert_round_trip(key("output.maps"), &cfg);
    assert_string_equal((const char *)value_of(&cfg, key("output.file"), "a b=c.h5"), "a b=c.h5");
    assert_int_equal(*(const int64_t *)value_of(&cfg, key("n_samples"), "1e3"), 1000);
    assert_true(*(const double *)value_of(&cfg, key("noise.sigma"), " 0x1p-3 ") == 0.125);
    assert_round_trip(key("noise.sigma"), &cfg);
    /* numbers are written in the fewest digits that read back exactly */
    char buf[48];
    assert_string_equal(lg_format_real(buf, sizeof buf, 0.3), "0.3");
    assert_string_equal(lg_format_real(buf, sizeof buf, 250.0), "250");
    assert_string_equal(lg_format_real(buf, sizeof buf, 1e-7), "1e-07");
    assert_string_equal(lg_format_real(buf, sizeof buf, NAN), "nan");
    assert_string_equal(lg_format_real(buf, sizeof buf, -HUGE_VAL), "-inf");
}

/* --set options win over the file, a later one over an earlier one, and may give a required
 * key; a key set in the file and by --set is not a duplicate. */
static void test_overrides(void **state)
{
    (void)state;
    lg_config cfg;
    char *msgs = NULL;
    char *over[] = {"noise.sigma = 0.2", "map.npix=48", "map.npix=40", "lens.profile=sis"};
    assert_int_equal(parse(N1 "[map]\nnpix = 32\n[noise]\nsigma = 0.1\n", over, 4, &cfg, &msgs), 0);
    assert_true(cfg.sigma == 0.2);
    assert_int_equal(cfg.npix, 40);
    assert_int_equal(cfg.profile.n, 1);
    assert_int_equal(cfg.n_samples, 10);
    free(msgs);

    char *only[] = {"n_samples=5"};
    assert_int_equal(parse("", only, 1, &cfg, &msgs), 0);
    assert_int_equal(cfg.n_samples, 5);
    free(msgs);

    /* an override does not hide an error of the file */
    char *fix[] = {"map.npix=32"};
    assert_int_equal(parse(N1 "[map]\nnpix = 3\n", fix, 1, &cfg, &msgs), 1);
    assert_non_null(strstr(msgs, "t.deck:3: key 'map.npix'"));
    free(msgs);

    /* defaults fill what is not set; CRLF line ends and comments are fine */
    assert_int_equal(
        parse("n_samples = 7 # seven\r\n[map] \r\nnpix = 16\r\n", NULL, 0, &cfg, &msgs), 0);
    assert_int_equal(cfg.n_samples, 7);
    assert_int_equal(cfg.npix, 16);
    assert_true(cfg.half_width == 5.0);
    assert_int_equal(cfg.seed, 1);
    free(msgs);
}

/* Message text is escaped, and the escape of a character is never cut in two. */
static void test_escape(void **state)
{
    (void)state;
    char out[64];
    assert_int_equal(lg_escape_controls(out, sizeof out, "a\rb\x1b[0m\x7f\t\x01 ok"), 24);
    assert_string_equal(out, "a\\rb\\x1b[0m\\x7f\\t\\x01 ok");
    assert_int_equal(lg_escape_controls(out, 4, "\r\r"), 2);
    assert_string_equal(out, "\\r");
    assert_int_equal(lg_escape_controls(out, 5, "ab\x1b"), 2);
    assert_string_equal(out, "ab");
}

/* lg_deck_load: a regular text file up to LG_DECK_MAX_BYTES loads; a FIFO (without blocking),
 * a directory, a device, a larger file, a NUL byte and a missing file are refused, each with
 * one message that names the file. */
static void expect_load_error(const char *path, const char *expect)
{
    lg_config cfg;
    char *text = NULL, *msgs = NULL;
    size_t len = 0;
    FILE *err = open_memstream(&msgs, &len);
    assert_non_null(err);
    const int errors = lg_deck_load(path, NULL, 0, &cfg, &text, err);
    fclose(err);
    if (errors != 1 || count_lines(msgs) != 1 || strncmp(msgs, path, strlen(path)) != 0 ||
        !strstr(msgs, expect))
        fail_msg("%s: %d error(s):\n%s\nexpected one containing:\n%s", path, errors, msgs, expect);
    assert_null(text);
    free(msgs);
}

static void test_load(void **state)
{
    (void)state;
    char dir[] = "/tmp/lensgen-test-deck.XXXXXX", path[128];
    assert_non_null(mkdtemp(dir));

    /* exactly the limit: accepted, and the text comes back */
    snprintf(path, sizeof path, "%s/max.deck", dir);
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    size_t n = (size_t)fprintf(f, "n_samples = 3\n");
    for (; n + 10 <= LG_DECK_MAX_BYTES; n += 10)
        fputs("# comment\n", f);
    for (; n < LG_DECK_MAX_BYTES; ++n)
        fputc(' ', f);
    fclose(f);
    lg_config cfg;
    char *text = NULL;
    assert_int_equal(lg_deck_load(path, NULL, 0, &cfg, &text, stderr), 0);
    assert_non_null(text);
    assert_int_equal(strlen(text), LG_DECK_MAX_BYTES);
    assert_int_equal(cfg.n_samples, 3);
    free(text);

    f = fopen(path, "a"); /* one byte more */
    fputc('\n', f);
    fclose(f);
    expect_load_error(path, ": the deck is 1048577 bytes, larger than the limit of 1048576 bytes");
    unlink(path);

    snprintf(path, sizeof path, "%s/fifo.deck", dir);
    assert_int_equal(mkfifo(path, 0600), 0);
    expect_load_error(path, ": a FIFO, not a regular file; give a deck file");
    unlink(path);

    expect_load_error(dir, ": a directory, not a regular file");
    expect_load_error("/dev/zero", "/dev/zero: a character device, not a regular file");

    snprintf(path, sizeof path, "%s/nul.deck", dir);
    f = fopen(path, "w");
    fwrite("n_samples = 1\n# \0\n", 1, 18, f);
    fclose(f);
    expect_load_error(path, ":2: not a text file (a NUL byte at offset 16)");
    unlink(path);

    snprintf(path, sizeof path, "%s/missing.deck", dir);
    expect_load_error(path, ": cannot open the deck file (No such file or directory)");
    assert_int_equal(rmdir(dir), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_error_classes), cmocka_unit_test(test_too_many_errors),
        cmocka_unit_test(test_distributions), cmocka_unit_test(test_other_values),
        cmocka_unit_test(test_overrides),     cmocka_unit_test(test_escape),
        cmocka_unit_test(test_load),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
