/* checkpoint.h: the completion record of a run, so a run killed by a time limit or a crash can
 * be resumed (--resume). A small text file beside the output, OUTPUT.progress, lists which
 * global batches (batch b = samples [b B, min((b+1) B, N))) are safely on disk; it is replaced
 * atomically (write, fsync, rename) and only after the data it lists has been synced, with each
 * listed batch's checksum, which --resume verifies against the file. */
#ifndef LG_CHECKPOINT_H
#define LG_CHECKPOINT_H

#include <stddef.h>
#include <stdint.h>

#include "config.h"

typedef struct {
    uint64_t config_hash; /* of every key that shapes the data (lg_config_hash) */
    int64_t n_samples, batch_size, n_batches;
    unsigned char *done; /* [n_batches]: 1 when the batch is on disk */
    uint64_t *sum;       /* [n_batches]: checksum of a done batch's bytes (io_hdf5.h) */
} lg_record;

/* Hash (FNV-1a) of the resolved deck, output.file, output.checkpoint_s and backend left out
 * (they do not change the data: a run may resume elsewhere, checkpoint more often, or on
 * another backend). */
uint64_t lg_config_hash(const lg_config *cfg);

/* A record with nothing done yet. Returns 0, or -1 when out of memory. */
int lg_record_init(lg_record *r, const lg_config *cfg);
void lg_record_free(lg_record *r);

/* Write the record to `path` atomically. Returns 0 or -1 (errno set). */
int lg_record_save(const char *path, const lg_record *r);

/* Read `path`; returns 0, or -1 with a reason in err (missing, malformed). */
int lg_record_load(const char *path, lg_record *r, char *err, size_t err_size);

/* Batches still to do: writes their indices to pending (n_batches entries) and returns how many. */
int64_t lg_record_pending(const lg_record *r, int64_t *pending);

#endif
