/* cli.h: command-line options. */
#ifndef LG_CLI_H
#define LG_CLI_H

#define LG_MAX_OVERRIDES 256

typedef struct {
    const char *deck;
    char *overrides[LG_MAX_OVERRIDES];
    int n_overrides;
    int check_deck, print_reference, help, version, force, quiet, no_write, resume;
    int backend; /* --backend: enum lg_backend_choice, or -1 when not given (the deck's) */
} lg_cli;

/* Parse argv. Returns 0, or 2 after printing a usage error to stderr (when `verbose`). */
int lg_cli_parse(int argc, char **argv, lg_cli *cli, int verbose);
void lg_cli_usage(const char *prog);

#endif
