/* output_path.h: what may be written where, checked on rank 0 before anything is computed: the
 * output file must be (or become) a regular file outside /dev, /proc and /sys; its directory is
 * made; OUTPUT.tmp is locked for the run so a second run on the same output fails at once; and
 * the state an earlier run left (none, interrupted, complete) decides what --resume does.
 * POSIX only: no MPI, no HDF5. */
#ifndef LG_OUTPUT_PATH_H
#define LG_OUTPUT_PATH_H

#include <stddef.h>

/* mkdir -p of the directory part of path; every existing component must be a directory.
 * Returns 0, or -1 with a reason in why. */
int lg_make_parent_dirs(const char *path, char *why, size_t why_size);

/* Refuse targets that are not, or would not stay, regular files: path, path.tmp and
 * path.progress must not be a device, FIFO, socket or directory (or a link to one), and the
 * file must not lie under /dev, /proc or /sys. Returns 0, or -1 with a reason in why. */
int lg_output_path_check(const char *path, char *why, size_t why_size);

/* Open path.tmp (created empty when missing: *created = 1) and take an exclusive lock on it,
 * without waiting. Returns the descriptor to keep open for the run; -1 with a reason in why
 * when another process holds the lock or the file cannot be opened. File systems without locks
 * (some network mounts) run unlocked: *unlocked = 1. */
int lg_output_lock(const char *tmp_path, int *created, int *unlocked, char *why, size_t why_size);

enum lg_output_state {
    LG_OUT_NONE = 0,    /* no earlier run of this output */
    LG_OUT_INTERRUPTED, /* OUTPUT.progress exists: a run stopped or failed part-way */
    LG_OUT_COMPLETE     /* OUTPUT exists and no OUTPUT.progress: a finished dataset */
};

enum lg_output_state lg_output_state_of(const char *path);

#endif
