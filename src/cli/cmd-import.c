/*
 * cmd-import.c - `ccaudit import`: merge documents written by `ccaudit
 * export` into the history database.
 */
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "ccaudit/store.h"
#include "ccaudit/util.h"

static const char usage[] =
	"usage: ccaudit import FILE... [--db PATH]\n"
	"\n"
	"Merge the runs of each FILE (written by 'ccaudit export') into the history\n"
	"database, each file in one transaction: a run already stored (same run\n"
	"id) is skipped, targets are created by name, and rows are stored as\n"
	"exported.  Owners and waivers the database already has for the same\n"
	"finding or rule are kept.  A file that is not a ccaudit export is refused\n"
	"whole (exit status 3).  Prints how many runs were added.\n"
	"\n"
	"Options:\n"
	CCA_CLI_DB_USAGE
	"Common:\n"
	"  --catalog FILE           add a user catalog on top of the shipped one\n"
	"  --data-dir DIR           where catalogs/ and templates/ are\n";

enum { OPT_DB = CCA_OPT_COMMON_END };

/* Import one file; print its counts (prefixed with its name when several). */
static int import_file(struct cca_store *s, const char *path, bool name,
		       struct cca_error *err)
{
	struct cca_cli_input in = { 0 };
	size_t added, skipped;
	int rc;

	if (cca_cli_read_input(path, CCA_STORE_IMPORT_MAX_BYTES, &in, err) < 0)
		return -1;
	rc = cca_store_import(s, path, in.data, in.len, &added, &skipped, err);
	cca_cli_input_release(&in);
	if (rc < 0)
		return -1;
	printf("%s%s%zu run%s added, %zu already present\n", name ? path : "", name ? ": " : "",
	       added, added == 1 ? "" : "s", skipped);
	return 0;
}

static int run(struct cca_cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
		CCA_COMMON_LONG_OPTIONS,
		{ "db", required_argument, NULL, OPT_DB },
		{ NULL, 0, NULL, 0 }
	};
	const struct cca_command *cmd = &cca_cmd_import;
	struct cca_store *store = NULL;
	const char *db = NULL;
	struct cca_error err;
	bool exit_now = false;
	int c, rc = CCA_EXIT_OK;

	cca_error_clear(&err);
	while ((c = getopt_long(argc, argv, ":h", opts, NULL)) != -1) {
		if (cca_cli_common_option(cli, cmd, c, optarg, &exit_now))
			continue;
		if (c == OPT_DB)
			db = optarg;
		else
			return cca_cli_bad_option(cmd, opts, c, argv);
	}
	if (exit_now)
		return CCA_EXIT_OK;
	if (optind >= argc)
		return cca_cli_usage_error(cmd, "missing FILE (written by 'ccaudit export')");
	if (cca_cli_open_store(db, true, &store, &err) < 0)
		return cca_cli_fail(&err);
	for (int i = optind; i < argc && rc == CCA_EXIT_OK; i++)
		if (import_file(store, argv[i], argc - optind > 1, &err) < 0)
			rc = cca_cli_fail(&err);
	cca_store_close(store);
	return rc;
}

const struct cca_command cca_cmd_import = {
	"import", "merge runs written by 'export' into the history", usage, run, NULL
};
