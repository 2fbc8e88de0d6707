/* output_path.c: output path checks, the run's lock, and the earlier run's state (output_path.h).
 */
#define _GNU_SOURCE /* realpath (XSI), flock (BSD), O_NOFOLLOW */
#include "output_path.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "config.h"
#include "deck.h"

int lg_make_parent_dirs(const char *path, char *why, size_t why_size)
{
    char buf[LG_PATH_MAX];
    snprintf(buf, sizeof buf, "%s", path);
    for (char *p = buf + 1; *p; ++p) {
        if (*p != '/')
            continue;
        *p = '\0';
        struct stat st;
        if (mkdir(buf, 0777) != 0 && errno != EEXIST) {
            snprintf(why, why_size, "cannot create the directory '%s' (%s)", buf, strerror(errno));
            return -1;
        }
        if (stat(buf, &st) != 0 || !S_ISDIR(st.st_mode)) {
            snprintf(why, why_size, "'%s' is not a directory", buf);
            return -1;
        }
        *p = '/';
    }
    return 0;
}

/* A path that exists must be a regular file, or a link to one (rename replaces the link). */
static int regular_or_absent(const char *path, char *why, size_t why_size)
{
    struct stat st;
    if (lstat(path, &st) != 0) {
        if (errno == ENOENT || errno == ENOTDIR) /* ENOTDIR: lg_make_parent_dirs says which */
            return 0;
        snprintf(why, why_size, "'%s': %s", path, strerror(errno));
        return -1;
    }
    if (S_ISLNK(st.st_mode) && stat(path, &st) != 0)
        return 0; /* a dangling link: rename replaces it */
    if (!S_ISREG(st.st_mode)) {
        snprintf(why, why_size, "'%s' is %s, not a regular file", path, lg_file_kind(st.st_mode));
        return -1;
    }
    return 0;
}

/* The directory that will hold path, resolved (links, "..") for the /dev, /proc, /sys test. */
static int system_tree(const char *path)
{
    char dir[LG_PATH_MAX], real[PATH_MAX];
    snprintf(dir, sizeof dir, "%s", path);
    char *slash = strrchr(dir, '/');
    if (!slash)
        snprintf(dir, sizeof dir, ".");
    else if (slash == dir)
        dir[1] = '\0';
    else
        *slash = '\0';
    if (!realpath(dir, real))
        return 0; /* made later by lg_make_parent_dirs: checked again after */
    static const char *const trees[] = {"/dev", "/proc", "/sys"};
    for (size_t i = 0; i < sizeof trees / sizeof trees[0]; ++i) {
        const size_t n = strlen(trees[i]);
        if (strncmp(real, trees[i], n) == 0 && (real[n] == '\0' || real[n] == '/'))
            return 1;
    }
    return 0;
}

int lg_output_path_check(const char *path, char *why, size_t why_size)
{
    if (system_tree(path)) {
        snprintf(why, why_size, "'%s' lies under /dev, /proc or /sys", path);
        return -1;
    }
    char side[LG_PATH_MAX + 16];
    if (regular_or_absent(path, why, why_size) != 0)
        return -1;
    snprintf(side, sizeof side, "%s.tmp", path);
    if (regular_or_absent(side, why, why_size) != 0)
        return -1;
    snprintf(side, sizeof side, "%s.progress", path);
    return regular_or_absent(side, why, why_size);
}

int lg_output_lock(const char *tmp_path, int *created, int *unlocked, char *why, size_t why_size)
{
    *created = *unlocked = 0;
    int fd = open(tmp_path, O_RDWR | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0666);
    if (fd >= 0)
        *created = 1;
    else if (errno == EEXIST)
        fd = open(tmp_path, O_RDWR | O_NOFOLLOW | O_CLOEXEC);
    if (fd < 0) {
        snprintf(why, why_size, "cannot open '%s' (%s)", tmp_path, strerror(errno));
        return -1;
    }
    if (flock(fd, LOCK_EX | LOCK_NB) != 0) {
        if (errno == EWOULDBLOCK) {
            snprintf(why, why_size,
                     "'%s' is locked: another lensgen run is writing this output; wait for it, "
                     "or choose another output.file",
                     tmp_path);
            close(fd);
            return -1;
        }
        *unlocked = 1; /* ENOLCK, EOPNOTSUPP: no locks on this file system */
    }
    return fd;
}

enum lg_output_state lg_output_state_of(const char *path)
{
    char progress[LG_PATH_MAX + 16];
    snprintf(progress, sizeof progress, "%s.progress", path);
    if (access(progress, F_OK) == 0)
        return LG_OUT_INTERRUPTED;
    return access(path, F_OK) == 0 ? LG_OUT_COMPLETE : LG_OUT_NONE;
}
