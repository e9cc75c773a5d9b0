/*
 * cmd-report.c - `ccaudit report RUN`: render a stored run again, as its
 * report was when the audit saved it.
 */
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "output.h"
#include "ccaudit/store.h"
#include "ccaudit/util.h"

static const char usage[] =
	"usage: ccaudit report RUN [-f FMT[,FMT]] [-o PATH] [options]\n"
	"\n"
	"Render a run saved in the history database again.  The run is evaluated\n"
	"anew from what was stored (its catalog, profile, findings, answers and\n"
	"waivers, and the day it ran), so the report is the one written when it\n"
	"was audited.  RUN is a run id as 'ccaudit history' shows it (at least its\n"
	"first 4 characters) or 'latest'.\n"
	"\n"
	"Options:\n"
	"  -f, --format FMT[,FMT]   text (default: the summary), json, xml, html, pdf,\n"
	"                           xccdf, sarif, junit, csv or md\n"
	"  -o, --output PATH        write to PATH (- for standard output); with several\n"
	"                           formats, or when PATH is a directory, one file per\n"
	"                           format in it\n"
	"  --template DIR           HTML templates to use instead of the shipped ones\n"
	"  --sarif-github           SARIF with unsuppressed failures only\n"
	"  --color WHEN             auto (default), always or never\n"
	CCA_CLI_DB_USAGE
	"Common:\n"
	"  --data-dir DIR           where catalogs/ and templates/ are\n";

enum {
	OPT_TEMPLATE = CCA_OPT_COMMON_END,
	OPT_SARIF_GITHUB,
	OPT_COLOR,
	OPT_DB
};

struct report_opts {
	struct cca_cli_output out;
	const char *db;
	const char *run;
};

/* Parse options into o; returns -1 to go on, else an exit status. */
static int parse(struct cca_cli *cli, int argc, char **argv, struct report_opts *o)
{
	static const struct option opts[] = {
		CCA_COMMON_LONG_OPTIONS,
		{ "format", required_argument, NULL, 'f' },
		{ "output", required_argument, NULL, 'o' },
		{ "template", required_argument, NULL, OPT_TEMPLATE },
		{ "sarif-github", no_argument, NULL, OPT_SARIF_GITHUB },
		{ "color", required_argument, NULL, OPT_COLOR },
		{ "db", required_argument, NULL, OPT_DB },
		{ NULL, 0, NULL, 0 }
	};
	const struct cca_command *cmd = &cca_cmd_report;
	bool exit_now = false;
	int c;

	while ((c = getopt_long(argc, argv, ":hf:o:", opts, NULL)) != -1) {
		if (cca_cli_common_option(cli, cmd, c, optarg, &exit_now))
			continue;
		switch (c) {
		case 'f':
			if (cca_cli_output_formats(cmd, optarg, &o->out))
				return CCA_EXIT_USAGE;
			break;
		case 'o':
			o->out.output = optarg;
			break;
		case OPT_TEMPLATE:
			o->out.template_dir = optarg;
			break;
		case OPT_SARIF_GITHUB:
			o->out.sarif_github = true;
			break;
		case OPT_COLOR:
			if (cca_cli_parse_color(cmd, optarg, &o->out.color))
				return CCA_EXIT_USAGE;
			break;
		case OPT_DB:
			o->db = optarg;
			break;
		default:
			return cca_cli_bad_option(cmd, opts, c, argv);
		}
	}
	if (exit_now)
		return CCA_EXIT_OK;
	if (optind + 1 != argc)
		return cca_cli_usage_error(cmd, optind == argc ? "which run? (see 'ccaudit history')"
					   : "one run at a time");
	o->run = argv[optind];
	return cca_cli_output_check(cmd, &o->out);
}

static int run(struct cca_cli *cli, int argc, char **argv)
{
	struct report_opts o = { .out.color = -1 };
	struct cca_stored_run *stored = NULL;
	struct cca_store *store = NULL;
	struct cca_error err;
	char *xsd = NULL;
	int rc;

	cca_error_clear(&err);
	if ((rc = parse(cli, argc, argv, &o)) >= 0)
		return rc;
	xsd = cca_xasprintf("%s/catalogs/catalog.xsd", cca_cli_data_dir(cli));
	if (cca_cli_open_store(o.db, false, &store, &err) < 0 ||
	    cca_store_load_run(store, o.run, xsd, &stored, &err) < 0 ||
	    cca_cli_output_render(&o.out, cca_stored_run_report(stored), cca_cli_data_dir(cli),
				  &err) < 0)
		rc = cca_cli_fail(&err);
	else
		rc = CCA_EXIT_OK;
	cca_stored_run_free(stored);
	cca_store_close(store);
	free(xsd);
	return rc;
}

const struct cca_command cca_cmd_report = {
	"report", "render a stored run again", usage, run, NULL
};
