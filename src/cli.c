#include "cli.h"

#include <stdio.h>
#include <string.h>

#include "config.h"
#include "deck.h"
#include "deck_schema.h"

void lg_cli_usage(const char *prog)
{
    printf("Usage: mpirun -np N %s [options] DECK\n"
           "       %s probe DECK [--sample I] x1,y1 [x2,y2 ...] [--set KEY=VALUE]\n"
           "       %s probe DECK [--sample I] --params [--set KEY=VALUE]\n"
           "Generate a gravitational-lensing dataset (kappa and other maps, noise, parameters)\n"
           "into one HDF5 file, as described by the parameter deck DECK.\n\n"
           "Options:\n"
           "  --set KEY=VALUE     override a deck key (repeatable), e.g. --set noise.sigma=0.02\n"
           "                      --set n_samples=500\n"
           "  --backend B         where the ranks compute, overriding the deck's backend key:\n"
           "                      auto (a rank's CUDA device when it has one, else the CPU, with\n"
           "                      a notice), cpu, or cuda (a rank without a usable device is an\n"
           "                      error, exit 2); the data agree across backends within a\n"
           "                      float32 bound (README, Backends)\n"
           "  --check-deck        validate the deck (with overrides), print the resolved keys\n"
           "  --print-reference   print every deck key with type, unit, default, range and help\n"
           "  --force             overwrite an existing output file\n"
           "  --quiet             no progress, backend notice or device lines on stderr, and no\n"
           "                      timing table on stdout\n"
           "  --no-write          benchmark mode: compute every sample, write no dataset (the\n"
           "                      timing CSV is still written beside output.file)\n"
           "  --resume            continue an interrupted run (same deck and --set options): only\n"
           "                      the batches its completion record OUTPUT.progress lacks are\n"
           "                      computed\n"
           "  --version           print version and git revision\n"
           "  --help              this text\n\n"
           "probe evaluates sample I of the deck (default 0; augmented as in the dataset) at\n"
           "the points (arcsec) and prints CSV x,y,kappa,alpha_x,alpha_y,gamma1,gamma2,psi,mu at\n"
           "full double precision; with --params it prints the sample's parameters instead,\n"
           "name=value per line as in /params (nan where one does not apply), drawn directly\n"
           "from the index, without the samples before it.\n\n"
           "Threads per rank: OMP_NUM_THREADS. Exit status: 0 success, 1 run-time error,\n"
           "2 bad command line or deck, 3 stopped by SIGTERM/SIGINT/SIGUSR1 (resumable).\n",
           prog, prog, prog);
}

int lg_cli_parse(int argc, char **argv, lg_cli *cli, int verbose)
{
    memset(cli, 0, sizeof *cli);
    cli->backend = -1;
    for (int i = 1; i < argc; ++i) {
        const char *a = argv[i];
        if (strcmp(a, "--set") == 0 || strncmp(a, "--set=", 6) == 0) {
            char *v = a[5] == '=' ? argv[i] + 6 : (i + 1 < argc ? argv[++i] : NULL);
            if (!v) {
                if (verbose)
                    fprintf(stderr, "lensgen: --set needs KEY=VALUE\n");
                return 2;
            }
            if (cli->n_overrides == LG_MAX_OVERRIDES) {
                if (verbose)
                    fprintf(stderr, "lensgen: more than %d --set options\n", LG_MAX_OVERRIDES);
                return 2;
            }
            cli->overrides[cli->n_overrides++] = v;
        } else if (strcmp(a, "--backend") == 0 || strncmp(a, "--backend=", 10) == 0) {
            const char *v = a[9] == '=' ? a + 10 : (i + 1 < argc ? argv[++i] : NULL);
            const int b = v ? lg_choices_index(LG_BACKEND_NAMES, v, strlen(v)) : -1;
            if (b < 0) {
                char shown[256];
                lg_escape_controls(shown, sizeof shown, v ? v : "");
                if (verbose && v)
                    fprintf(stderr,
                            "lensgen: --backend (the deck key 'backend'): value '%s' is not "
                            "allowed; allowed: %s\n",
                            shown, LG_BACKEND_NAMES);
                else if (verbose)
                    fprintf(stderr, "lensgen: --backend needs a value; allowed: %s\n",
                            LG_BACKEND_NAMES);
                return 2;
            }
            cli->backend = b;
        } else if (strcmp(a, "--check-deck") == 0) {
            cli->check_deck = 1;
        } else if (strcmp(a, "--print-reference") == 0) {
            cli->print_reference = 1;
        } else if (strcmp(a, "--force") == 0) {
            cli->force = 1;
        } else if (strcmp(a, "--quiet") == 0) {
            cli->quiet = 1;
        } else if (strcmp(a, "--no-write") == 0) {
            cli->no_write = 1;
        } else if (strcmp(a, "--resume") == 0) {
            cli->resume = 1;
        } else if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
            cli->help = 1;
        } else if (strcmp(a, "--version") == 0) {
            cli->version = 1;
        } else if (a[0] == '-' && a[1] != '\0') {
            if (verbose)
                fprintf(stderr, "lensgen: unknown option '%s' (see --help)\n", a);
            return 2;
        } else if (cli->deck) {
            if (verbose)
                fprintf(stderr, "lensgen: more than one deck given ('%s' and '%s')\n", cli->deck,
                        a);
            return 2;
        } else {
            cli->deck = a;
        }
    }
    if (!cli->deck && !cli->help && !cli->version && !cli->print_reference) {
        if (verbose)
            fprintf(stderr, "lensgen: no deck given. Usage: lensgen [options] DECK (see --help)\n");
        return 2;
    }
    return 0;
}
