/*
 * cmd-checklist.c - `ccaudit checklist`: what a team must satisfy at a CSVS
 * level, and the answers template people fill in.
 */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "ccaudit/report.h"

static const char usage[] =
	"usage: ccaudit checklist --level N [--role ROLE] [--format FMT] [-o FILE]\n"
	"                         [--tailoring FILE]\n"
	"\n"
	"Print what a team must satisfy for CSVS level N (1-3), grouped by CSVS\n"
	"chapter, NIST SP 800-190 area and use-case phase, with the roles that own\n"
	"each item and whether a check decides it or a person must attest it.\n"
	"\n"
	"Options:\n"
	"  -l, --level N        the CSVS level (required)\n"
	"  -r, --role ROLE      only items owned by ROLE (development, security,\n"
	"                       operations); repeatable\n"
	"  -f, --format FMT     text (default), md, csv, json, html or pdf (a printable\n"
	"                       form),\n"
	"                       or yaml: an answers template for\n"
	"                       'ccaudit audit --attestations FILE'\n"
	"  -o, --output FILE    write to FILE instead of standard output\n"
	"  --tailoring FILE     select rules with a tailoring file (ccaudit YAML or\n"
	"                       an XCCDF 1.2 Tailoring document)\n"
	"  --catalog FILE       add a user catalog on top of the shipped one\n"
	"  --data-dir DIR       where catalogs/ and templates/ are\n";

enum { OPT_TAILORING = CCA_OPT_COMMON_END };

static int run(struct cca_cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
		CCA_COMMON_LONG_OPTIONS,
		{ "level", required_argument, NULL, 'l' },
		{ "role", required_argument, NULL, 'r' },
		{ "format", required_argument, NULL, 'f' },
		{ "output", required_argument, NULL, 'o' },
		{ "tailoring", required_argument, NULL, OPT_TAILORING },
		{ NULL, 0, NULL, 0 }
	};
	enum cca_checklist_format fmt = CCA_CL_TEXT;
	const char *output = NULL, *tailoring = NULL;
	unsigned level = 0, roles = CCA_ROLE_ALL;
	struct cca_catalog *cat = NULL;
	struct cca_profile *p = NULL;
	struct cca_cli_input tin = { 0 };
	struct cca_error err;
	struct cca_buf out;
	bool exit_now = false;
	char name[24];
	int c, rc;

	cca_error_clear(&err);
	while ((c = getopt_long(argc, argv, ":hl:r:f:o:", opts, NULL)) != -1) {
		if (cca_cli_common_option(cli, &cca_cmd_checklist, c, optarg, &exit_now))
			continue;
		switch (c) {
		case 'l':
			if (cca_cli_parse_level(optarg, &level) < 0)
				return cca_cli_usage_error(&cca_cmd_checklist,
							   "--level must be 1, 2 or 3, not '%s'", optarg);
			break;
		case 'r':
			if (cca_cli_add_role(&cca_cmd_checklist, optarg, &roles))
				return CCA_EXIT_USAGE;
			break;
		case 'f':
			if (cca_checklist_format_parse(optarg, &fmt) < 0)
				return cca_cli_usage_error(&cca_cmd_checklist,
							   "unknown format '%s' (text, md, csv, yaml, json, html or pdf)",
							   optarg);
			break;
		case 'o':
			output = optarg;
			break;
		case OPT_TAILORING:
			tailoring = optarg;
			break;
		default:
			return cca_cli_bad_option(&cca_cmd_checklist, opts, c, argv);
		}
	}
	if (exit_now)
		return CCA_EXIT_OK;
	if (optind < argc)
		return cca_cli_usage_error(&cca_cmd_checklist, "unexpected argument '%s'", argv[optind]);
	if (!level)
		return cca_cli_usage_error(&cca_cmd_checklist, "--level N is required (1, 2 or 3)");
	if (fmt == CCA_CL_PDF && (!output || strcmp(output, "-") == 0) && isatty(STDOUT_FILENO))
		return cca_cli_usage_error(&cca_cmd_checklist, "not writing pdf to a terminal; use -o FILE");
	snprintf(name, sizeof name, "csvs-l%u", level);
	cca_buf_init(&out);
	if ((tailoring && cca_cli_read_input(tailoring, CCA_TAILORING_MAX_BYTES, &tin, &err) < 0) ||
	    cca_cli_load_catalog(cli, &cat, &err) < 0 ||
	    cca_cli_build_profile(cat, name, roles, tailoring ? &tin : NULL, &p, &err) < 0) {
		rc = cca_cli_fail(&err);
		goto out;
	}
	if (cca_checklist_render(cat, p, fmt, &out, &err) < 0 ||
	    cca_cli_write_output(output, cca_buf_str(&out), out.len, &err) < 0)
		rc = cca_cli_fail(&err);
	else
		rc = CCA_EXIT_OK;
out:
	cca_cli_input_release(&tin);
	cca_buf_release(&out);
	cca_profile_free(p);
	cca_catalog_free(cat);
	return rc;
}

const struct cca_command cca_cmd_checklist = {
	"checklist", "print what must be satisfied at a CSVS level, or an answers template",
	usage, run, NULL
};
