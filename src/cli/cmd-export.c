/*
 * cmd-export.c - `ccaudit export`: stored runs, with every row and the
 * catalog bytes they need, as one JSON document for `ccaudit import`.
 */
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "ccaudit/store.h"
#include "ccaudit/util.h"

static const char usage[] =
	"usage: ccaudit export RUN... [-o FILE] [-f json] [--db PATH]\n"
	"       ccaudit export --target T [-o FILE]\n"
	"       ccaudit export --all [-o FILE]\n"
	"\n"
	"Write stored runs as one JSON document that 'ccaudit import' merges into\n"
	"another history database: every row of each run, the catalog and\n"
	"tailoring files it read, and the owners and waivers recorded for its\n"
	"target.  RUN is a run id from 'ccaudit history' (at least its first 4\n"
	"characters) or 'latest'.\n"
	"\n"
	"Options:\n"
	"  -t, --target T           every run of target T\n"
	"  --all                    every stored run\n"
	"  -o, --output FILE        write to FILE (- or none: standard output)\n"
	"  -f, --format FMT         json (the only one)\n"
	CCA_CLI_DB_USAGE
	"Common:\n"
	"  --catalog FILE           add a user catalog on top of the shipped one\n"
	"  --data-dir DIR           where catalogs/ and templates/ are\n";

enum { OPT_DB = CCA_OPT_COMMON_END, OPT_ALL };

/* The uuids of the runs of target (NULL: all), oldest first, into *runs. */
static int list_runs(struct cca_store *s, const char *target, char ***runs, size_t *n,
		     struct cca_error *err)
{
	struct cca_history_row *rows;

	if (cca_store_history(s, target, &rows, n, err) < 0)
		return -1;
	*runs = cca_xcalloc(*n ? *n : 1, sizeof **runs);
	for (size_t i = 0; i < *n; i++)
		(*runs)[i] = cca_xstrdup(rows[i].uuid);
	cca_history_rows_free(rows, *n);
	return 0;
}

static int run(struct cca_cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
		CCA_COMMON_LONG_OPTIONS,
		{ "target", required_argument, NULL, 't' },
		{ "all", no_argument, NULL, OPT_ALL },
		{ "output", required_argument, NULL, 'o' },
		{ "format", required_argument, NULL, 'f' },
		{ "db", required_argument, NULL, OPT_DB },
		{ NULL, 0, NULL, 0 }
	};
	const struct cca_command *cmd = &cca_cmd_export;
	const char *db = NULL, *target = NULL, *output = NULL;
	struct cca_store *store = NULL;
	char **listed = NULL;
	size_t nlisted = 0;
	struct cca_error err;
	struct cca_buf out;
	bool exit_now = false, all = false;
	int c, rc = CCA_EXIT_OK;

	cca_error_clear(&err);
	while ((c = getopt_long(argc, argv, ":ht:o:f:", opts, NULL)) != -1) {
		if (cca_cli_common_option(cli, cmd, c, optarg, &exit_now))
			continue;
		switch (c) {
		case 't':
			target = optarg;
			break;
		case OPT_ALL:
			all = true;
			break;
		case 'o':
			output = optarg;
			break;
		case 'f':
			if (strcmp(optarg, "json") != 0)
				return cca_cli_usage_error(cmd, "unknown export format '%s' (only json)",
							   optarg);
			break;
		case OPT_DB:
			db = optarg;
			break;
		default:
			return cca_cli_bad_option(cmd, opts, c, argv);
		}
	}
	if (exit_now)
		return CCA_EXIT_OK;
	if ((optind < argc) + (target != NULL) + all != 1)
		return cca_cli_usage_error(cmd, "give the runs to export: RUN..., --target T or --all");
	cca_buf_init(&out);
	if (cca_cli_open_store(db, false, &store, &err) < 0 ||
	    ((target || all) && list_runs(store, target, &listed, &nlisted, &err) < 0))
		goto fail;
	if (target && !nlisted) {
		rc = cca_cli_usage_error(cmd, "no stored run of target '%s'", target);
		goto out;
	}
	if ((listed ? cca_store_export(store, (const char *const *)listed, nlisted, &out, &err)
		    : cca_store_export(store, (const char *const *)argv + optind,
				       (size_t)(argc - optind), &out, &err)) < 0)
		goto fail;
	if (cca_cli_write_output(output, cca_buf_str(&out), out.len, &err) < 0)
		goto fail;
	goto out;
fail:
	rc = cca_cli_fail(&err);
out:
	cca_store_close(store);
	for (size_t i = 0; i < nlisted; i++)
		free(listed[i]);
	free(listed);
	cca_buf_release(&out);
	return rc;
}

const struct cca_command cca_cmd_export = {
	"export", "write stored runs as a JSON document for 'import'", usage, run, NULL
};
