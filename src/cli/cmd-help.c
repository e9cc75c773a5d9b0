/* cmd-help.c - `ccaudit help [COMMAND]`. */
#include <stdio.h>

#include "cli.h"

static const char usage[] =
	"usage: ccaudit help [COMMAND]\n"
	"\n"
	"List the commands, or show the options of COMMAND (the same as\n"
	"'ccaudit COMMAND --help').\n";

static int run(struct cca_cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
		CCA_COMMON_LONG_OPTIONS,
		{ NULL, 0, NULL, 0 }
	};
	const struct cca_command *cmd;
	bool exit_now = false;
	int c;

	while ((c = getopt_long(argc, argv, ":h", opts, NULL)) != -1) {
		if (cca_cli_common_option(cli, &cca_cmd_help, c, optarg, &exit_now))
			continue;
		return cca_cli_bad_option(&cca_cmd_help, opts, c, argv);
	}
	if (exit_now)
		return CCA_EXIT_OK;
	if (optind >= argc) {
		puts("usage: ccaudit [--data-dir DIR] [--catalog FILE] <command> [options]\n");
		puts("Commands:");
		for (size_t i = 0; cca_commands[i]; i++)
			printf("  %-10s %s\n", cca_commands[i]->name, cca_commands[i]->summary);
		puts("\nExit status: 0 passed, 1 gate failed, 2 usage error, 3 invalid input,\n"
		     "4 runtime error, 5 internal error.  See ccaudit(1).");
		return CCA_EXIT_OK;
	}
	if (optind + 1 < argc)
		return cca_cli_usage_error(&cca_cmd_help, "unexpected argument '%s'", argv[optind + 1]);
	cmd = cca_cli_find(argv[optind]);
	if (!cmd)
		return cca_cli_unknown_command(&cca_cmd_help, argv[optind]);
	cca_cli_print_usage(cmd, stdout);
	return CCA_EXIT_OK;
}

const struct cca_command cca_cmd_help = {
	"help", "list the commands or show one command's options", usage, run, NULL
};
