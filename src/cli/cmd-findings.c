/*
 * cmd-findings.c - `ccaudit findings`: the findings tracked across the
 * stored runs, as of each target's latest run, with their owners.
 */
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "ccaudit/store.h"
#include "ccaudit/util.h"

static const char usage[] =
	"usage: ccaudit findings [--target T] [--role R] [--owner O]\n"
	"                        [--status open|waived|fixed|all] [--level N]\n"
	"                        [-f text|json|csv] [--db PATH]\n"
	"\n"
	"List the findings the history follows, as of each target's latest run:\n"
	"id (the first 12 hex digits of its fingerprint; give them to 'assign' and\n"
	"'waive'), severity, rule, target, location, lifecycle (new, persisting,\n"
	"reopened, fixed), owner and due date (OVERDUE when past), message.\n"
	"\n"
	"Options:\n"
	"  -t, --target T           only findings of target T\n"
	"  -r, --role R             only findings owned by role R (the role it was\n"
	"                           assigned to, else its rule's roles); repeatable\n"
	"  --owner O                only findings assigned to O\n"
	"  -s, --status S           open (default: failing in the latest run, not\n"
	"                           waived), waived, fixed (failed before, not in the\n"
	"                           latest run) or all\n"
	"  -l, --level N            only findings of rules mapped to a CSVS\n"
	"                           requirement of level N or lower\n"
	"  -f, --format FMT         text (default), json or csv\n"
	CCA_CLI_DB_USAGE
	"Common:\n"
	"  --catalog FILE           add a user catalog on top of the shipped one\n"
	"  --data-dir DIR           where catalogs/ and templates/ are\n";

enum { OPT_DB = CCA_OPT_COMMON_END, OPT_OWNER };

static const char *const state_names[] = { "all", "open", "waived", "fixed", NULL };

static const char *state_name(enum cca_finding_state s)
{
	return s == CCA_FS_OPEN ? "open" : s == CCA_FS_WAIVED ? "waived"
	       : s == CCA_FS_FIXED ? "fixed" : "all";
}

/* --status: a state name, with a suggestion for a typo. */
static int parse_state(const char *arg, enum cca_finding_state *out)
{
	static const enum cca_finding_state states[] = {
		CCA_FS_ANY, CCA_FS_OPEN, CCA_FS_WAIVED, CCA_FS_FIXED
	};
	const char *hint;

	for (size_t i = 0; state_names[i]; i++)
		if (strcmp(arg, state_names[i]) == 0) {
			*out = states[i];
			return 0;
		}
	hint = cca_did_you_mean(arg, state_names);
	return cca_cli_usage_error(&cca_cmd_findings, "unknown status '%s'%s%s%s (open, "
				   "waived, fixed or all)", arg, hint ? "; did you mean '" : "",
				   hint ? hint : "", hint ? "'?" : "");
}

/* The due date of r as text into out[11] ("" when none); whether it is past. */
static bool due_text(const struct cca_finding_row *r, int64_t today, char out[11])
{
	out[0] = '\0';
	if (r->due == CCA_NO_DATE)
		return false;
	cca_date_format(r->due, out);
	return r->due < today && r->state != CCA_FS_FIXED;
}

static void text(const struct cca_finding_row *rows, size_t n, int64_t today,
		 struct cca_buf *b)
{
	for (size_t i = 0; i < n; i++) {
		const struct cca_finding_row *r = &rows[i];
		char due[11];
		bool overdue = due_text(r, today, due);

		cca_buf_printf(b, "%.12s  %-8s  %-10s  %s  %s  %s\n", r->fingerprint, r->severity,
			       r->state == CCA_FS_WAIVED ? "waived" : r->lifecycle, r->rule_id,
			       r->target, r->location);
		cca_buf_printf(b, "    %s\n", r->message);
		if (r->owner)
			cca_buf_printf(b, "    owner: %s%s%s%s%s%s\n", r->owner,
				       r->owner_role ? " (" : "", r->owner_role ? r->owner_role : "",
				       r->owner_role ? ")" : "", due[0] ? ", due " : "", due);
		if (overdue)
			cca_buf_puts(b, "    OVERDUE\n");
		if (r->waived_by) {
			char exp[11] = "never";

			if (r->waiver_expires != CCA_NEVER)
				cca_date_format(r->waiver_expires, exp);
			cca_buf_printf(b, "    waived by %s until %s%s: %s\n", r->waived_by, exp,
				       r->waiver_expires != CCA_NEVER && r->waiver_expires < today
				       ? " (expired)" : "", r->waiver_reason ? r->waiver_reason : "");
		}
	}
}

static void json(const struct cca_finding_row *rows, size_t n, int64_t today,
		 struct cca_buf *b)
{
	cca_buf_puts(b, "[");
	for (size_t i = 0; i < n; i++) {
		const struct cca_finding_row *r = &rows[i];
		char due[11], first[21], exp[11];
		bool overdue = due_text(r, today, due);
		struct cca_buf roles;

		cca_timestamp_format(r->first_seen, first);
		cca_buf_init(&roles);
		cca_roles_join(&roles, r->roles, "");
		cca_buf_printf(b, "%s\n  {\"id\": \"%.12s\", \"fingerprint\": \"%s\", \"target\": ",
			       i ? "," : "", r->fingerprint, r->fingerprint);
		cca_cli_json_string(b, r->target);
		cca_buf_puts(b, ", \"rule\": ");
		cca_cli_json_string(b, r->rule_id);
		cca_buf_puts(b, ", \"severity\": ");
		cca_cli_json_string(b, r->severity);
		cca_buf_puts(b, ", \"roles\": ");
		cca_cli_json_string(b, cca_buf_str(&roles));
		cca_buf_printf(b, ", \"status\": \"%s\", \"lifecycle\": ", state_name(r->state));
		cca_cli_json_string(b, r->lifecycle);
		cca_buf_puts(b, ", \"location\": ");
		cca_cli_json_string(b, r->location);
		cca_buf_puts(b, ", \"message\": ");
		cca_cli_json_string(b, r->message);
		cca_buf_printf(b, ", \"first_run\": \"%s\", \"first_seen\": \"%s\", \"last_run\": "
			       "\"%s\", \"owner\": ", r->first_run, first, r->last_run);
		cca_cli_json_string(b, r->owner);
		cca_buf_puts(b, ", \"owner_role\": ");
		cca_cli_json_string(b, r->owner_role);
		cca_buf_puts(b, ", \"due\": ");
		cca_cli_json_string(b, due[0] ? due : NULL);
		cca_buf_printf(b, ", \"overdue\": %s, \"waiver\": ", overdue ? "true" : "false");
		if (r->waived_by) {
			cca_buf_puts(b, "{\"by\": ");
			cca_cli_json_string(b, r->waived_by);
			cca_buf_puts(b, ", \"reason\": ");
			cca_cli_json_string(b, r->waiver_reason);
			if (r->waiver_expires != CCA_NEVER)
				cca_date_format(r->waiver_expires, exp);
			cca_buf_puts(b, ", \"expires\": ");
			cca_cli_json_string(b, r->waiver_expires != CCA_NEVER ? exp : NULL);
			cca_buf_puts(b, "}}");
		} else {
			cca_buf_puts(b, "null}");
		}
		cca_buf_release(&roles);
	}
	cca_buf_puts(b, n ? "\n]\n" : "]\n");
}

static void csv(const struct cca_finding_row *rows, size_t n, int64_t today,
		struct cca_buf *b)
{
	cca_buf_puts(b, "id,severity,rule,target,location,status,lifecycle,owner,due,overdue,"
		     "waived_by,waiver_expires,message\r\n");
	for (size_t i = 0; i < n; i++) {
		const struct cca_finding_row *r = &rows[i];
		char due[11], exp[11] = "";
		bool overdue = due_text(r, today, due);
		const char *f[] = { r->severity, r->rule_id, r->target, r->location,
				    state_name(r->state), r->lifecycle, r->owner, due };

		cca_buf_printf(b, "%.12s", r->fingerprint);
		for (size_t k = 0; k < CCA_ARRAY_SIZE(f); k++) {
			cca_buf_putc(b, ',');
			cca_cli_csv_field(b, f[k]);
		}
		if (r->waived_by && r->waiver_expires != CCA_NEVER)
			cca_date_format(r->waiver_expires, exp);
		cca_buf_printf(b, ",%s,", overdue ? "yes" : "no");
		cca_cli_csv_field(b, r->waived_by);
		cca_buf_printf(b, ",%s,", exp);
		cca_cli_csv_field(b, r->message);
		cca_buf_puts(b, "\r\n");
	}
}

/* Whether target has a stored run (so an empty list is not a typo). */
static int target_known(struct cca_store *s, const char *target, bool *yes,
			struct cca_error *err)
{
	struct cca_history_row *rows;
	size_t n;

	if (cca_store_history(s, target, &rows, &n, err) < 0)
		return -1;
	*yes = n > 0;
	cca_history_rows_free(rows, n);
	return 0;
}

static int run(struct cca_cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
		CCA_COMMON_LONG_OPTIONS,
		{ "target", required_argument, NULL, 't' },
		{ "role", required_argument, NULL, 'r' },
		{ "owner", required_argument, NULL, OPT_OWNER },
		{ "status", required_argument, NULL, 's' },
		{ "level", required_argument, NULL, 'l' },
		{ "format", required_argument, NULL, 'f' },
		{ "db", required_argument, NULL, OPT_DB },
		{ NULL, 0, NULL, 0 }
	};
	const struct cca_command *cmd = &cca_cmd_findings;
	struct cca_finding_filter f = { NULL, CCA_ROLE_ALL, NULL, CCA_FS_OPEN, 0 };
	enum cca_cli_listfmt fmt = CCA_LIST_TEXT;
	struct cca_finding_row *rows = NULL;
	struct cca_store *store = NULL;
	const char *db = NULL;
	struct cca_error err;
	struct cca_buf b;
	bool exit_now = false, known = true;
	int64_t today = cca_days_of(cca_now());
	size_t n = 0;
	int c, rc;

	cca_error_clear(&err);
	while ((c = getopt_long(argc, argv, ":ht:r:s:l:f:", opts, NULL)) != -1) {
		if (cca_cli_common_option(cli, cmd, c, optarg, &exit_now))
			continue;
		switch (c) {
		case 't':
			f.target = optarg;
			break;
		case 'r':
			if (cca_cli_add_role(cmd, optarg, &f.roles))
				return CCA_EXIT_USAGE;
			break;
		case OPT_OWNER:
			f.owner = optarg;
			break;
		case 's':
			if (parse_state(optarg, &f.state))
				return CCA_EXIT_USAGE;
			break;
		case 'l':
			if (cca_cli_parse_level(optarg, &f.level) < 0)
				return cca_cli_usage_error(cmd, "--level must be 1, 2 or 3, not '%s'",
							   optarg);
			break;
		case 'f':
			if (cca_cli_parse_listfmt(cmd, optarg, true, &fmt))
				return CCA_EXIT_USAGE;
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
		return cca_cli_usage_error(cmd, "unexpected argument '%s'", argv[optind]);
	if (cca_cli_open_store(db, false, &store, &err) < 0 ||
	    (f.target && target_known(store, f.target, &known, &err) < 0) ||
	    (known && cca_store_findings(store, &f, &rows, &n, &err) < 0)) {
		cca_store_close(store);
		return cca_cli_fail(&err);
	}
	cca_store_close(store);
	if (!known)
		return cca_cli_usage_error(cmd, "no stored run of target '%s'", f.target);
	cca_buf_init(&b);
	if (fmt == CCA_LIST_JSON)
		json(rows, n, today, &b);
	else if (fmt == CCA_LIST_CSV)
		csv(rows, n, today, &b);
	else
		text(rows, n, today, &b);
	rc = cca_cli_print_buf(&b);
	if (fmt == CCA_LIST_TEXT && rc == CCA_EXIT_OK)
		fprintf(stderr, "%zu finding%s (%s)\n", n, n == 1 ? "" : "s", state_name(f.state));
	cca_finding_rows_free(rows, n);
	return rc;
}

const struct cca_command cca_cmd_findings = {
	"findings", "list the findings followed across runs, with owners", usage, run, NULL
};
