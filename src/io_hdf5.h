/* io_hdf5.h: the dataset file. All calls are collective over the communicator: every rank
 * calls each function the same number of times (a rank with nothing to write passes 0). */
#ifndef LG_IO_HDF5_H
#define LG_IO_HDF5_H

#include <mpi.h>
#include <stdint.h>

#include "config.h"
#include "lens.h"
#include "provenance.h"
#include "subhalo_batch.h"
#include "timing.h"

typedef struct lg_writer lg_writer;

/* Create `path` (truncating), the datasets for n_samples samples and /provenance.
 * Returns NULL on failure, on every rank (they agree before returning), with a message in err. */
lg_writer *lg_writer_create(MPI_Comm comm, const char *path, const lg_config *cfg,
                            const char *deck_text, const char *deck_file, const lg_provenance *prov,
                            char *err, size_t err_size);

/* Write samples [start, start + count): of every map the deck asks for, maps[m] holds
 * [count][npix][npix] (enum lg_map), and their lenses; with output.wave, wave_abs and
 * wave_phase hold [count][n_freq] (else NULL); *checksum = XXH3-64 of the bytes as stored
 * (maps, then params columns, then /wave, then /subhalos), for the completion record. With
 * subhalos.enabled, subhalos[f] holds field f's [count][subhalos.n_max] (else NULL). */
int lg_writer_write_batch(lg_writer *w, int64_t start, int64_t count,
                          const float *const maps[LG_N_MAPS], const lg_lens *lenses,
                          const double *wave_abs, const double *wave_phase,
                          const float *const subhalos[LG_SUB_N_OUTPUT], uint64_t *checksum);

/* The same checksum of samples [start, start + count) read back from the file (this rank
 * alone: independent reads). Returns 0, or -1 when they cannot be read. */
int lg_writer_batch_checksum(lg_writer *w, int64_t start, int64_t count, uint64_t *checksum);

/* Reopen the file of an interrupted run (--resume); NULL on every rank when it cannot be
 * trusted (HDF5 cannot open it, or a dataset is missing or has another shape), message in err. */
lg_writer *lg_writer_open(MPI_Comm comm, const char *path, const lg_config *cfg, char *err,
                          size_t err_size);

/* The config_hash attribute of a finished file's /provenance (rank 0 alone, serial access).
 * Returns 0, or -1 when the file or the attribute cannot be read. */
int lg_output_config_hash(const char *path, uint64_t *hash);

/* 1 when every rank writes its map rows with O_DIRECT (output.direct_io, io_direct.h), 0 when
 * they go through the page cache. */
int lg_writer_direct(const lg_writer *w);

/* Flush everything written so far to disk (collective; a checkpoint). */
int lg_writer_sync(lg_writer *w);

/* /timing [n_ranks][n_phases]: rank 0 passes every rank's row, the others NULL. */
int lg_writer_write_timing(lg_writer *w, const lg_rank_timing *rows, int n_ranks);

/* Close and free. Returns 0 when the file is complete. */
int lg_writer_close(lg_writer *w);

#endif
