#include "decomposition.h"

void lg_block(int64_t n, int n_ranks, int rank, int64_t *start, int64_t *count)
{
    int64_t base = n / n_ranks, extra = n % n_ranks;
    *count = base + (rank < extra ? 1 : 0);
    *start = rank * base + (rank < extra ? rank : extra);
}

int64_t lg_n_batches(int64_t count, int64_t batch)
{
    return (count + batch - 1) / batch;
}
