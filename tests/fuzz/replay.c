/* replay.c: the fuzz harness (fuzz_deck.c) run over given files and every file of given
 * directories, without libFuzzer: the CTest case fuzz_regressions replays the inputs that once
 * broke the deck reader (tests/fuzz/regressions/) and the shipped decks in the normal build,
 * and under the sanitizers in the debug preset. A broken promise aborts; an input that takes
 * more than 1 s (the campaign's limit: scripts/fuzz.sh) fails the run. */
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int replay_file(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        fprintf(stderr, "replay: cannot open %s\n", path);
        return -1;
    }
    size_t cap = 1 << 16, n = 0;
    uint8_t *buf = malloc(cap);
    for (size_t got; buf && (got = fread(buf + n, 1, cap - n, f)) > 0;) {
        n += got;
        if (n == cap) {
            uint8_t *grown = realloc(buf, cap * 2);
            if (!grown)
                free(buf);
            buf = grown;
            cap *= 2;
        }
    }
    const int failed = ferror(f) || !buf;
    fclose(f);
    if (failed) {
        fprintf(stderr, "replay: cannot read %s\n", path);
        free(buf);
        return -1;
    }
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    LLVMFuzzerTestOneInput(buf, n);
    clock_gettime(CLOCK_MONOTONIC, &t1);
    free(buf);
    const double seconds =
        (double)(t1.tv_sec - t0.tv_sec) + 1e-9 * (double)(t1.tv_nsec - t0.tv_nsec);
    if (seconds > 1.0) {
        fprintf(stderr, "replay: %s took %.2f s (limit 1 s)\n", path, seconds);
        return -1;
    }
    return 0;
}

int main(int argc, char **argv)
{
    int replayed = 0, failed = 0;
    for (int i = 1; i < argc; ++i) {
        struct stat sb;
        if (stat(argv[i], &sb) != 0) {
            fprintf(stderr, "replay: no such file or directory: %s\n", argv[i]);
            ++failed;
            continue;
        }
        if (!S_ISDIR(sb.st_mode)) {
            failed += replay_file(argv[i]) != 0;
            replayed++;
            continue;
        }
        DIR *dir = opendir(argv[i]);
        for (struct dirent *e; dir && (e = readdir(dir)) != NULL;) {
            if (e->d_name[0] == '.')
                continue;
            char path[4096];
            snprintf(path, sizeof path, "%s/%s", argv[i], e->d_name);
            if (stat(path, &sb) != 0 || !S_ISREG(sb.st_mode))
                continue;
            failed += replay_file(path) != 0;
            replayed++;
        }
        if (dir)
            closedir(dir);
    }
    printf("replay: %d inputs through the deck fuzz harness, %d unreadable or slow\n", replayed,
           failed);
    return failed || replayed == 0;
}
