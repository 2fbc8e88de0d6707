/* decomposition.h: contiguous blocks of sample indices per rank, and batches within a block.
 * Pure arithmetic (no MPI) so the split can be tested for any rank count. */
#ifndef LG_DECOMPOSITION_H
#define LG_DECOMPOSITION_H

#include <stdint.h>

/* Block of rank `rank` among n_ranks over [0, n): the first n % n_ranks ranks get one more.
 * Ranks beyond n get count 0 (start = n). */
void lg_block(int64_t n, int n_ranks, int rank, int64_t *start, int64_t *count);

/* Number of batches of size `batch` covering `count` samples. */
int64_t lg_n_batches(int64_t count, int64_t batch);

#endif
