/* io_subhalos.h: the /subhalos group of the output file (subhalos.enabled), for the I/O module's
 * files: io_hdf5.c creates, opens, writes and closes it, io_checksum.c reads it back. */
#ifndef LG_IO_SUBHALOS_H
#define LG_IO_SUBHALOS_H

#include "io_writer.h"

/* Create /subhalos (collective; nothing without subhalos.enabled). Returns 0, or -1. */
int lg_subhalo_io_create(struct lg_writer *w, const lg_config *cfg);

/* --resume: open the datasets and check their shapes against the deck. 1 when usable (or no
 * /subhalos is wanted), 0 when one is missing or of another shape. */
int lg_subhalo_io_open(struct lg_writer *w, const lg_config *cfg);

/* Rows [start, start + count) of each field (fields[f]: [count][n_max] floats), written by this
 * rank alone and hashed into `hash` (may be NULL) in field order. Returns 0, or -1. */
int lg_subhalo_io_write(struct lg_writer *w, int64_t start, int64_t count,
                        const float *const fields[LG_SUB_N_OUTPUT], XXH3_state_t *hash);

/* The same rows read back and hashed as lg_subhalo_io_write hashed them. Returns 0, or -1. */
int lg_subhalo_io_hash(struct lg_writer *w, int64_t start, int64_t count, XXH3_state_t *hash);

/* Close the datasets; returns 0, or -1 when one did not close cleanly. */
int lg_subhalo_io_close(struct lg_writer *w);

#endif
