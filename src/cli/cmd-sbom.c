/*
 * cmd-sbom.c - `ccaudit sbom IMAGE [-o FILE]`: the package inventory of an
 * image as CycloneDX 1.5 JSON.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "ccaudit/image.h"
#include "ccaudit/util.h"

static const char usage[] =
	"usage: ccaudit sbom IMAGE [-o FILE] [--platform OS/ARCH[/VARIANT]]\n"
	"\n"
	"Write the packages installed in IMAGE (a docker save or OCI tar, or an\n"
	"OCI layout directory) as a CycloneDX 1.5 JSON bill of materials, read\n"
	"from its dpkg and apk databases.  An index with several images needs\n"
	"--platform to pick one.\n"
	"\n"
	"  -o, --output FILE        write to FILE instead of standard output\n"
	"  --platform OS/ARCH       the image of a multi-platform index\n";

enum { OPT_PLATFORM = CCA_OPT_COMMON_END };

static int run(struct cca_cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
		CCA_COMMON_LONG_OPTIONS,
		{ "output", required_argument, NULL, 'o' },
		{ "platform", required_argument, NULL, OPT_PLATFORM },
		{ NULL, 0, NULL, 0 }
	};
	const struct cca_command *cmd = &cca_cmd_sbom;
	struct cca_image_opts io = { NULL, NULL, NULL, NULL };
	const char *output = NULL;
	struct cca_image_result *v;
	struct cca_error err;
	bool exit_now = false;
	size_t n;
	char *text;
	int c, rc;

	while ((c = getopt_long(argc, argv, ":ho:", opts, NULL)) != -1) {
		if (cca_cli_common_option(cli, cmd, c, optarg, &exit_now))
			continue;
		if (c == 'o')
			output = optarg;
		else if (c == OPT_PLATFORM)
			io.platform = optarg;
		else
			return cca_cli_bad_option(cmd, opts, c, argv);
	}
	if (exit_now)
		return CCA_EXIT_OK;
	if (optind + 1 != argc)
		return cca_cli_usage_error(cmd, optind >= argc ? "no IMAGE given"
					   : "one IMAGE only, not '%s'", argv[optind + 1 < argc ? optind + 1 : 0]);
	if (cca_image_read(argv[optind], &io, &v, &n, &err) < 0) {
		cca_cli_warn("%s", err.msg);
		return CCA_EXIT_INPUT;
	}
	if (n != 1) {
		cca_image_results_free(v, n);
		cca_cli_warn("'%s' holds %zu images: choose one with --platform", argv[optind], n);
		return CCA_EXIT_USAGE;
	}
	if (v[0].error) {
		cca_cli_warn("%s", v[0].error);
		cca_image_results_free(v, n);
		return CCA_EXIT_INPUT;
	}
	if (!v[0].image->has_layers) {
		cca_image_results_free(v, n);
		cca_cli_warn("'%s' holds only an image configuration: no packages to list",
			     argv[optind]);
		return CCA_EXIT_INPUT;
	}
	text = cca_image_sbom(v[0].image, v[0].image->ntags ? v[0].image->tags[0] : NULL);
	rc = CCA_EXIT_OK;
	if (!output || strcmp(output, "-") == 0) {
		fputs(text, stdout);
	} else if (cca_file_write(output, text, strlen(text), &err) < 0) {
		cca_cli_warn("%s", err.msg);
		rc = CCA_EXIT_RUNTIME;
	}
	free(text);
	cca_image_results_free(v, n);
	return rc;
}

const struct cca_command cca_cmd_sbom = {
	"sbom", "write an image's packages as CycloneDX JSON", usage, run, NULL
};
