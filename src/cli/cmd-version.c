/* cmd-version.c - `ccaudit version`: the tool version and data directory. */
#include <stdio.h>

#include "config.h"
#include "cli.h"

static const char usage[] =
	"usage: ccaudit version\n"
	"\n"
	"Print the ccaudit version and the data directory in use.\n";

static int run(struct cca_cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
		CCA_COMMON_LONG_OPTIONS,
		{ NULL, 0, NULL, 0 }
	};
	bool exit_now = false;
	int c;

	while ((c = getopt_long(argc, argv, ":h", opts, NULL)) != -1) {
		if (cca_cli_common_option(cli, &cca_cmd_version, c, optarg, &exit_now))
			continue;
		return cca_cli_bad_option(&cca_cmd_version, opts, c, argv);
	}
	if (exit_now)
		return CCA_EXIT_OK;
	if (optind < argc)
		return cca_cli_usage_error(&cca_cmd_version, "unexpected argument '%s'", argv[optind]);
	printf("%s %s\n", PACKAGE_NAME, PACKAGE_VERSION);
	printf("data directory: %s\n", cca_cli_data_dir(cli));
	return CCA_EXIT_OK;
}

const struct cca_command cca_cmd_version = {
	"version", "print the version and data directory", usage, run, NULL
};
