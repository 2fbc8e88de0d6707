/* checkpoint.c: the completion record (text, one line per field; the done bitmap as runs of
 * batch indices "a-b,c-d" so it stays short for long runs). */
#include "checkpoint.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "decomposition.h"
#include "deck_schema.h"
#include "deck_value.h"

uint64_t lg_config_hash(const lg_config *cfg)
{
    uint64_t h = 1469598103934665603ull;
    for (int i = 0; i < lg_schema_n; ++i) {
        const char *name = lg_schema[i].name;
        /* not hashed: where the file goes, how often it is checkpointed, and the backend (a
         * run may be resumed on another one) */
        if (strcmp(name, "output.file") == 0 || strcmp(name, "output.checkpoint_s") == 0 ||
            strcmp(name, "backend") == 0)
            continue;
        char buf[LG_PATH_MAX + 64];
        lg_value_format(&lg_schema[i], cfg, buf, sizeof buf);
        for (const char *p = name; *p; ++p)
            h = (h ^ (unsigned char)*p) * 1099511628211ull;
        for (const char *p = buf; *p; ++p)
            h = (h ^ (unsigned char)*p) * 1099511628211ull;
    }
    return h;
}

int lg_record_init(lg_record *r, const lg_config *cfg)
{
    r->config_hash = lg_config_hash(cfg);
    r->n_samples = cfg->n_samples;
    r->batch_size = cfg->batch_size;
    r->n_batches = lg_n_batches(cfg->n_samples, cfg->batch_size);
    r->done = calloc((size_t)r->n_batches, 1);
    r->sum = calloc((size_t)r->n_batches, sizeof(uint64_t));
    return r->done && r->sum ? 0 : -1;
}

void lg_record_free(lg_record *r)
{
    free(r->done);
    free(r->sum);
    r->done = NULL;
    r->sum = NULL;
}

int lg_record_save(const char *path, const lg_record *r)
{
    char tmp[4096];
    snprintf(tmp, sizeof tmp, "%s.new", path);
    FILE *f = fopen(tmp, "w");
    if (!f)
        return -1;
    int64_t n_done = 0;
    for (int64_t b = 0; b < r->n_batches; ++b)
        n_done += r->done[b];
    fprintf(f,
            "lensgen-progress 2\nconfig_hash %016" PRIx64 "\nn_samples %" PRId64
            "\nbatch_size %" PRId64 "\nn_batches %" PRId64 "\nbatches_done %" PRId64 "\ndone ",
            r->config_hash, r->n_samples, r->batch_size, r->n_batches, n_done);
    int first = 1;
    for (int64_t b = 0; b < r->n_batches;) {
        if (!r->done[b]) {
            ++b;
            continue;
        }
        int64_t e = b;
        while (e + 1 < r->n_batches && r->done[e + 1])
            ++e;
        fprintf(f, "%s%" PRId64 "-%" PRId64, first ? "" : ",", b, e);
        first = 0;
        b = e + 1;
    }
    fputs("\nsums", f); /* one per done batch, in the order of the batches */
    for (int64_t b = 0; b < r->n_batches; ++b)
        if (r->done[b])
            fprintf(f, " %016" PRIx64, r->sum[b]);
    fputc('\n', f);
    int rc = fflush(f) != 0 || fsync(fileno(f)) != 0;
    rc |= fclose(f) != 0;
    if (rc || rename(tmp, path) != 0)
        return -1;
    return 0;
}

int lg_record_load(const char *path, lg_record *r, char *err, size_t err_size)
{
    memset(r, 0, sizeof *r);
    FILE *f = fopen(path, "r");
    if (!f) {
        snprintf(err, err_size, "%s: %s", path, strerror(errno));
        return -1;
    }
    int version = 0;
    int64_t n_done = 0;
    int ok =
        fscanf(f,
               "lensgen-progress %d\nconfig_hash %" SCNx64 "\nn_samples %" SCNd64
               "\nbatch_size %" SCNd64 "\nn_batches %" SCNd64 "\nbatches_done %" SCNd64 "\ndone ",
               &version, &r->config_hash, &r->n_samples, &r->batch_size, &r->n_batches,
               &n_done) == 6;
    ok = ok && version == 2 && r->n_batches > 0 && r->n_batches < (int64_t)1 << 40;
    if (ok)
        ok = (r->done = calloc((size_t)r->n_batches, 1)) != NULL &&
             (r->sum = calloc((size_t)r->n_batches, sizeof(uint64_t))) != NULL;
    int64_t a, b, count = 0;
    while (ok && fscanf(f, "%" SCNd64 "-%" SCNd64, &a, &b) == 2) {
        ok = a >= 0 && a <= b && b < r->n_batches;
        for (int64_t i = a; ok && i <= b; ++i, ++count)
            r->done[i] = 1;
        if (fgetc(f) != ',')
            break;
    }
    char word[8] = "";
    ok = ok && fscanf(f, " %7s", word) == 1 && strcmp(word, "sums") == 0;
    for (int64_t i = 0; ok && i < r->n_batches; ++i)
        if (r->done[i])
            ok = fscanf(f, " %" SCNx64, &r->sum[i]) == 1;
    fclose(f);
    if (!ok || count != n_done) {
        snprintf(err, err_size, "%s: not a valid lensgen completion record", path);
        lg_record_free(r);
        return -1;
    }
    return 0;
}

int64_t lg_record_pending(const lg_record *r, int64_t *pending)
{
    int64_t n = 0;
    for (int64_t b = 0; b < r->n_batches; ++b)
        if (!r->done[b])
            pending[n++] = b;
    return n;
}
