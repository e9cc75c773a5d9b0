/*
 * cmd-assign.c - `ccaudit assign`: give a tracked finding an owner, kept
 * in the history and shown with the finding in every later run.
 */
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "ccaudit/store.h"
#include "ccaudit/util.h"

static const char usage[] =
	"usage: ccaudit assign FINDING --owner NAME [--role R] [--due YYYY-MM-DD]\n"
	"                      [--by NAME] [--db PATH]\n"
	"\n"
	"Give the finding FINDING (its id as 'ccaudit findings' shows it: at least\n"
	"6 hex digits of its fingerprint) an owner.  A later assignment of the same\n"
	"finding replaces this one.  Later audits of its target show the owner.\n"
	"\n"
	"Options:\n"
	"  --owner NAME             who fixes it (required)\n"
	"  -r, --role R             the role that owns it: development, security or\n"
	"                           operations ('findings --role' then follows it)\n"
	"  --due YYYY-MM-DD         when it is due ('findings' flags it once past)\n"
	"  --by NAME                who assigned it\n"
	CCA_CLI_DB_USAGE
	"Common:\n"
	"  --catalog FILE           add a user catalog on top of the shipped one\n"
	"  --data-dir DIR           where catalogs/ and templates/ are\n";

enum { OPT_DB = CCA_OPT_COMMON_END, OPT_OWNER, OPT_DUE, OPT_BY };

static int run(struct cca_cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
		CCA_COMMON_LONG_OPTIONS,
		{ "owner", required_argument, NULL, OPT_OWNER },
		{ "role", required_argument, NULL, 'r' },
		{ "due", required_argument, NULL, OPT_DUE },
		{ "by", required_argument, NULL, OPT_BY },
		{ "db", required_argument, NULL, OPT_DB },
		{ NULL, 0, NULL, 0 }
	};
	const struct cca_command *cmd = &cca_cmd_assign;
	struct cca_assignment a = { "", NULL, NULL, CCA_NO_DATE, NULL, 0 };
	struct cca_store *store = NULL;
	const char *db = NULL, *finding;
	struct cca_error err;
	bool exit_now = false;
	unsigned role;
	char due[11] = "";
	int c;

	cca_error_clear(&err);
	while ((c = getopt_long(argc, argv, ":hr:", opts, NULL)) != -1) {
		if (cca_cli_common_option(cli, cmd, c, optarg, &exit_now))
			continue;
		switch (c) {
		case OPT_OWNER:
			a.owner = optarg;
			break;
		case 'r':
			if (cca_role_parse(optarg, &role) < 0)
				return cca_cli_usage_error(cmd, "unknown role '%s' (development, "
							   "security or operations)", optarg);
			a.role = (char *)cca_role_name(role);
			break;
		case OPT_DUE:
			if (cca_date_parse(optarg, &a.due) < 0)
				return cca_cli_usage_error(cmd, "--due must be a date YYYY-MM-DD, "
							   "not '%s'", optarg);
			cca_date_format(a.due, due);
			break;
		case OPT_BY:
			a.by = optarg;
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
	if (optind >= argc)
		return cca_cli_usage_error(cmd, "missing FINDING (an id from 'ccaudit findings')");
	if (optind + 1 < argc)
		return cca_cli_usage_error(cmd, "unexpected argument '%s'", argv[optind + 1]);
	finding = argv[optind];
	if (!a.owner || !*a.owner)
		return cca_cli_usage_error(cmd, "--owner NAME is required");
	a.date = cca_days_of(cca_now());
	if (cca_cli_open_store(db, true, &store, &err) < 0 ||
	    cca_store_assign(store, finding, &a, &err) < 0) {
		cca_store_close(store);
		return cca_cli_fail(&err);
	}
	cca_store_close(store);
	printf("finding %s: assigned to %s%s%s%s%s%s%s%s\n", finding, a.owner,
	       a.role ? " (" : "", a.role ? a.role : "", a.role ? ")" : "",
	       due[0] ? ", due " : "", due, a.by ? ", by " : "", a.by ? a.by : "");
	return CCA_EXIT_OK;
}

const struct cca_command cca_cmd_assign = {
	"assign", "give a tracked finding an owner and a due date", usage, run, NULL
};
