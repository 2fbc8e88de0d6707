/* io_wave.h: the /wave group of the output file (output.wave), for the I/O module's files:
 * io_hdf5.c creates, opens, writes and closes it, io_checksum.c reads it back. */
#ifndef LG_IO_WAVE_H
#define LG_IO_WAVE_H

#include "io_writer.h"
#include "lens.h"

/* Create /wave (collective; nothing without output.wave): the datasets, their attributes and
 * /wave/frequency (written by rank 0). Returns 0, or -1 on failure. */
int lg_wave_io_create(struct lg_writer *w, const lg_config *cfg);

/* --resume: open /wave's datasets and check their shapes against the deck. 1 when usable (or
 * no /wave is wanted), 0 when one is missing or of another shape. */
int lg_wave_io_open(struct lg_writer *w, const lg_config *cfg);

/* Rows [start, start + count) of F_abs and F_phase ([count][n_freq] each) and n_geometric
 * (lenses[i].wave_n_geo), written by this rank alone and hashed into `hash` (may be NULL) in
 * that order. Returns 0, or -1. */
int lg_wave_io_write(struct lg_writer *w, int64_t start, int64_t count, const double *f_abs,
                     const double *f_phase, const lg_lens *lenses, XXH3_state_t *hash);

/* The same rows read back and hashed as lg_wave_io_write hashed them. Returns 0, or -1. */
int lg_wave_io_hash(struct lg_writer *w, int64_t start, int64_t count, XXH3_state_t *hash);

/* Close the datasets; returns 0, or -1 when one did not close cleanly. */
int lg_wave_io_close(struct lg_writer *w);

#endif
