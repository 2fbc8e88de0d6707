/* engine_memory.h: memory per rank from the deck, checked against what the node offers. */
#ifndef LG_ENGINE_MEMORY_H
#define LG_ENGINE_MEMORY_H

#include <stdint.h>

#include "backend.h"
#include "config.h"

/* Bytes a rank holds: n_slots batch buffers of the backend, the writer's, and a fixed base. */
double lg_memory_estimate(const lg_backend_ops *ops, const lg_config *cfg, int64_t capacity,
                          int n_slots, int n_threads);

/* Bytes this rank may use: MemAvailable, or the cgroup's limit less its use when lower, shared
 * by the ranks on the node; -1 when unknown. *source says which. */
double lg_memory_available(int ranks_on_node, const char **source);

/* Collective: 1 on every rank when any rank's estimate exceeds what it has (that rank says so,
 * with the batch_size that would fit). */
int lg_memory_check(const lg_backend_ops *ops, const lg_config *cfg, int64_t capacity, int n_slots,
                    int n_threads, int rank);

#endif
