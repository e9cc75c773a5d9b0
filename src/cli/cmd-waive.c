/*
 * cmd-waive.c - `ccaudit waive`: accept a finding, or a rule on a target,
 * as an exception until a date; later audits apply it, visibly.
 */
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "ccaudit/store.h"
#include "ccaudit/util.h"

static const char usage[] =
	"usage: ccaudit waive FINDING --reason TEXT --by NAME --expires YYYY-MM-DD\n"
	"       ccaudit waive --rule RULE [--target T] --reason TEXT --by NAME\n"
	"                     --expires YYYY-MM-DD\n"
	"\n"
	"Record a waiver in the history database: of one finding (its id as\n"
	"'ccaudit findings' shows it), or of a rule on target T (without --target:\n"
	"on every target).  Later audits report the waived failure as a pass, with\n"
	"the waiver shown, until it expires.  A waiver of the same finding, or rule\n"
	"and target, replaces the earlier one.\n"
	"\n"
	"Options:\n"
	"  --rule RULE              waive a rule of the catalog instead of a finding\n"
	"  -t, --target T           with --rule: only on target T\n"
	"  --reason TEXT            why the exception is accepted (required)\n"
	"  --by NAME                who accepts it (required)\n"
	"  --expires YYYY-MM-DD     the last day it applies (required; not in the past)\n"
	CCA_CLI_DB_USAGE
	"Common:\n"
	"  --catalog FILE           add a user catalog on top of the shipped one\n"
	"  --data-dir DIR           where catalogs/ and templates/ are\n";

enum { OPT_DB = CCA_OPT_COMMON_END, OPT_RULE, OPT_REASON, OPT_BY, OPT_EXPIRES };

/* Check that rule is in the catalog; suggest the closest id when not. */
static int check_rule(struct cca_cli *cli, const char *rule)
{
	struct cca_catalog *cat;
	struct cca_error err;
	const char **ids;
	const char *hint;
	size_t n;
	int rc = 0;

	cca_error_clear(&err);
	if (cca_cli_load_catalog(cli, &cat, &err) < 0)
		return cca_cli_fail(&err);
	if (cca_catalog_find_rule(cat, rule) >= 0) {
		cca_catalog_free(cat);
		return 0;
	}
	n = cca_catalog_nrules(cat);
	ids = cca_xcalloc(n + 1, sizeof *ids);
	for (size_t i = 0; i < n; i++)
		ids[i] = cca_catalog_rule(cat, i)->id;
	hint = cca_did_you_mean(rule, ids);
	rc = cca_cli_usage_error(&cca_cmd_waive, "no rule '%s' in the catalog%s%s%s", rule,
				 hint ? "; did you mean '" : "", hint ? hint : "",
				 hint ? "'?" : "");
	free(ids);
	cca_catalog_free(cat);
	return rc;
}

static int run(struct cca_cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
		CCA_COMMON_LONG_OPTIONS,
		{ "rule", required_argument, NULL, OPT_RULE },
		{ "target", required_argument, NULL, 't' },
		{ "reason", required_argument, NULL, OPT_REASON },
		{ "by", required_argument, NULL, OPT_BY },
		{ "expires", required_argument, NULL, OPT_EXPIRES },
		{ "db", required_argument, NULL, OPT_DB },
		{ NULL, 0, NULL, 0 }
	};
	const struct cca_command *cmd = &cca_cmd_waive;
	struct cca_waiver w = { NULL, NULL, NULL, NULL, CCA_NO_DATE, CCA_NEVER, NULL, 0 };
	struct cca_store *store = NULL;
	const char *db = NULL, *finding = NULL, *expires = NULL;
	struct cca_error err;
	bool exit_now = false;
	int64_t today = cca_days_of(cca_now());
	int c, rc;

	cca_error_clear(&err);
	while ((c = getopt_long(argc, argv, ":ht:", opts, NULL)) != -1) {
		if (cca_cli_common_option(cli, cmd, c, optarg, &exit_now))
			continue;
		switch (c) {
		case OPT_RULE:
			w.rule_id = optarg;
			break;
		case 't':
			w.target = optarg;
			break;
		case OPT_REASON:
			w.reason = optarg;
			break;
		case OPT_BY:
			w.by = optarg;
			break;
		case OPT_EXPIRES:
			expires = optarg;
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
	if (optind < argc)
		finding = argv[optind++];
	if (optind < argc)
		return cca_cli_usage_error(cmd, "unexpected argument '%s'", argv[optind]);
	if (!finding == !w.rule_id)
		return cca_cli_usage_error(cmd, "give either FINDING or --rule RULE");
	if (finding && w.target)
		return cca_cli_usage_error(cmd, "--target applies to --rule only (a finding "
					   "belongs to one target)");
	if (!w.reason || !*w.reason)
		return cca_cli_usage_error(cmd, "--reason TEXT is required");
	if (!w.by || !*w.by)
		return cca_cli_usage_error(cmd, "--by NAME is required");
	if (!expires)
		return cca_cli_usage_error(cmd, "--expires YYYY-MM-DD is required: no waiver "
					   "lasts forever");
	if (cca_date_parse(expires, &w.expires) < 0)
		return cca_cli_usage_error(cmd, "--expires must be a date YYYY-MM-DD, not '%s'",
					   expires);
	if (w.expires < today)
		return cca_cli_usage_error(cmd, "--expires %s is in the past", expires);
	if (w.rule_id && (rc = check_rule(cli, w.rule_id)) != 0)
		return rc;
	w.date = today;
	if (cca_cli_open_store(db, true, &store, &err) < 0 ||
	    cca_store_waive(store, finding, &w, &err) < 0) {
		cca_store_close(store);
		return cca_cli_fail(&err);
	}
	cca_store_close(store);
	if (finding)
		printf("finding %s: waived until %s by %s: %s\n", finding, expires, w.by, w.reason);
	else
		printf("rule %s on %s%s%s: waived until %s by %s: %s\n", w.rule_id,
		       w.target ? "target '" : "every target", w.target ? w.target : "",
		       w.target ? "'" : "", expires, w.by, w.reason);
	return CCA_EXIT_OK;
}

const struct cca_command cca_cmd_waive = {
	"waive", "accept a finding or a rule as an exception until a date", usage, run, NULL
};
