/*
 * cmd-diff.c - `ccaudit diff RUN_A RUN_B`: what changed between two stored
 * runs: findings new and fixed in B, findings whose status, message or
 * waiver changed, and the CSVS scores and level achieved.
 */
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "ccaudit/report.h"
#include "ccaudit/store.h"
#include "ccaudit/util.h"

static const char usage[] =
	"usage: ccaudit diff RUN_A RUN_B [-f text|json] [--db PATH]\n"
	"\n"
	"Compare two stored runs (each a run id from 'ccaudit history', at least\n"
	"its first 4 characters, or 'latest'): findings failing in RUN_B but not\n"
	"in RUN_A (new), failing in RUN_A but not in RUN_B (fixed), findings of\n"
	"both whose status, message or waiver changed, the score of each CSVS\n"
	"level and the level achieved.  Findings are matched by fingerprint.\n"
	"\n"
	"Options:\n"
	"  -f, --format FMT         text (default) or json\n"
	CCA_CLI_DB_USAGE
	"Common:\n"
	"  --catalog FILE           add a user catalog on top of the shipped one\n"
	"  --data-dir DIR           where catalogs/ and templates/ are\n";

enum { OPT_DB = CCA_OPT_COMMON_END };

enum change { CH_NEW, CH_FIXED, CH_CHANGED };
static const char *const change_names[] = { "new", "fixed", "changed" };

/* One difference: the finding in A and in B (either may be NULL). */
struct diff_item {
	enum change kind;
	const struct cca_finding *a, *b;
};

/* The first finding of ev with fingerprint fp, or NULL. */
static const struct cca_finding *find(const struct cca_eval *ev, const char *fp)
{
	for (size_t i = 0; i < cca_eval_nfindings(ev); i++)
		if (strcmp(cca_eval_finding(ev, i)->fingerprint, fp) == 0)
			return cca_eval_finding(ev, i);
	return NULL;
}

/* Whether f is the first finding of ev with its fingerprint. */
static bool first_of(const struct cca_eval *ev, const struct cca_finding *f)
{
	return find(ev, f->fingerprint) == f;
}

static bool failing(const struct cca_finding *f)
{
	return f && f->status == CCA_FAIL;
}

static void add(struct diff_item **v, size_t *n, enum change k, const struct cca_finding *a,
		const struct cca_finding *b)
{
	*v = cca_xreallocarray(*v, *n + 1, sizeof **v);
	(*v)[(*n)++] = (struct diff_item){ k, a, b };
}

/* The differences between the findings of a and b, new first, then fixed, then changed. */
static size_t compare(const struct cca_eval *a, const struct cca_eval *b, struct diff_item **v)
{
	size_t n = 0;

	*v = NULL;
	for (size_t i = 0; i < cca_eval_nfindings(b); i++) {
		const struct cca_finding *fb = cca_eval_finding(b, i), *fa;

		if (!first_of(b, fb))
			continue;
		fa = find(a, fb->fingerprint);
		if (failing(fb) && !failing(fa))
			add(v, &n, CH_NEW, fa, fb);
	}
	for (size_t i = 0; i < cca_eval_nfindings(a); i++) {
		const struct cca_finding *fa = cca_eval_finding(a, i), *fb;

		if (!first_of(a, fa))
			continue;
		fb = find(b, fa->fingerprint);
		if (failing(fa) && !failing(fb))
			add(v, &n, CH_FIXED, fa, fb);
		else if (fb && failing(fa) == failing(fb) &&
			 (fa->status != fb->status || fa->waived != fb->waived ||
			  strcmp(fa->message, fb->message) != 0))
			add(v, &n, CH_CHANGED, fa, fb);
	}
	return n;
}

/* The rule id of finding f of ev. */
static const char *rule_of(const struct cca_eval *ev, const struct cca_finding *f)
{
	return cca_catalog_rule(cca_eval_catalog(ev), f->rule)->id;
}

/* "12.5%" or "-" for level l of ev into out. */
static void score_text(const struct cca_eval *ev, unsigned l, char out[16])
{
	const struct cca_level_score *s = cca_eval_level(ev, l);

	if (s->scored)
		snprintf(out, 16, "%.1f%%", 100.0 * s->score);
	else
		snprintf(out, 16, "-");
}

static void text(const struct cca_report *ra, const struct cca_report *rb,
		 const struct diff_item *v, size_t n, struct cca_buf *o)
{
	const struct cca_eval *a = cca_report_eval(ra), *b = cca_report_eval(rb);
	unsigned la = cca_eval_level_achieved(a), lb = cca_eval_level_achieved(b);
	char ta[21], tb[21];

	cca_timestamp_format(cca_report_time(ra), ta);
	cca_timestamp_format(cca_report_time(rb), tb);
	cca_buf_printf(o, "A %.8s  %s  %s\nB %.8s  %s  %s\n\n", cca_report_run_id(ra), ta,
		       cca_report_target(ra), cca_report_run_id(rb), tb, cca_report_target(rb));
	cca_buf_printf(o, "CSVS level achieved: %u -> %u%s\n", la, lb,
		       la < lb ? " (up)" : la > lb ? " (down)" : "");
	for (unsigned l = 1; l <= CCA_LEVEL_MAX; l++) {
		const struct cca_level_score *sa = cca_eval_level(a, l), *sb = cca_eval_level(b, l);
		char x[16], y[16];

		score_text(a, l, x);
		score_text(b, l, y);
		cca_buf_printf(o, "  Level %u  %7s -> %7s", l, x, y);
		if (sa->scored && sb->scored)
			cca_buf_printf(o, "  (%+.1f points)", 100.0 * (sb->score - sa->score));
		cca_buf_putc(o, '\n');
	}
	for (int k = CH_NEW; k <= CH_CHANGED; k++) {
		size_t cnt = 0;

		for (size_t i = 0; i < n; i++)
			cnt += v[i].kind == (enum change)k;
		cca_buf_printf(o, "\n%s in B: %zu\n", change_names[k], cnt);
		for (size_t i = 0; i < n; i++) {
			const struct cca_finding *f = v[i].b ? v[i].b : v[i].a;
			const struct cca_eval *ev = v[i].b ? b : a;

			if (v[i].kind != (enum change)k)
				continue;
			if (k == CH_FIXED)
				f = v[i].a, ev = a;
			cca_buf_printf(o, "  %.12s  %s  %s\n    %s\n", f->fingerprint, rule_of(ev, f),
				       f->location, f->message);
			if (k != CH_CHANGED)
				continue;
			if (v[i].a->status != v[i].b->status)
				cca_buf_printf(o, "    status: %s -> %s\n",
					       cca_status_name(v[i].a->status),
					       cca_status_name(v[i].b->status));
			if (v[i].a->waived != v[i].b->waived)
				cca_buf_printf(o, "    waived: %s -> %s\n", v[i].a->waived ? "yes" : "no",
					       v[i].b->waived ? "yes" : "no");
			if (strcmp(v[i].a->message, v[i].b->message) != 0)
				cca_buf_printf(o, "    was: %s\n", v[i].a->message);
		}
	}
}

/* A finding as a JSON object (NULL: null). */
static void json_finding(const struct cca_finding *f, struct cca_buf *o)
{
	if (!f) {
		cca_buf_puts(o, "null");
		return;
	}
	cca_buf_printf(o, "{\"status\": \"%s\", \"waived\": %s, \"location\": ",
		       cca_status_name(f->status), f->waived ? "true" : "false");
	cca_cli_json_string(o, f->location);
	cca_buf_puts(o, ", \"message\": ");
	cca_cli_json_string(o, f->message);
	cca_buf_putc(o, '}');
}

static void json_run(const struct cca_report *r, struct cca_buf *o)
{
	const struct cca_eval *ev = cca_report_eval(r);
	char ts[21];

	cca_timestamp_format(cca_report_time(r), ts);
	cca_buf_printf(o, "{\"run\": \"%s\", \"time\": \"%s\", \"target\": ", cca_report_run_id(r),
		       ts);
	cca_cli_json_string(o, cca_report_target(r));
	cca_buf_printf(o, ", \"achieved\": %u, \"scores\": {", cca_eval_level_achieved(ev));
	for (unsigned l = 1; l <= CCA_LEVEL_MAX; l++) {
		const struct cca_level_score *s = cca_eval_level(ev, l);

		cca_buf_printf(o, "%s\"%u\": ", l > 1 ? ", " : "", l);
		if (s->scored)
			cca_buf_printf(o, "%.1f", 100.0 * s->score);
		else
			cca_buf_puts(o, "null");
	}
	cca_buf_puts(o, "}}");
}

static void json(const struct cca_report *ra, const struct cca_report *rb,
		 const struct diff_item *v, size_t n, struct cca_buf *o)
{
	const struct cca_eval *a = cca_report_eval(ra), *b = cca_report_eval(rb);

	cca_buf_puts(o, "{\n  \"a\": ");
	json_run(ra, o);
	cca_buf_puts(o, ",\n  \"b\": ");
	json_run(rb, o);
	cca_buf_printf(o, ",\n  \"level_change\": %d,\n  \"score_change\": {",
		       (int)cca_eval_level_achieved(b) - (int)cca_eval_level_achieved(a));
	for (unsigned l = 1; l <= CCA_LEVEL_MAX; l++) {
		const struct cca_level_score *sa = cca_eval_level(a, l), *sb = cca_eval_level(b, l);

		cca_buf_printf(o, "%s\"%u\": ", l > 1 ? ", " : "", l);
		if (sa->scored && sb->scored)
			cca_buf_printf(o, "%.1f", 100.0 * (sb->score - sa->score));
		else
			cca_buf_puts(o, "null");
	}
	cca_buf_puts(o, "},\n  \"findings\": [");
	for (size_t i = 0; i < n; i++) {
		const struct cca_finding *f = v[i].kind == CH_FIXED ? v[i].a : v[i].b;
		const struct cca_eval *ev = v[i].kind == CH_FIXED ? a : b;

		cca_buf_printf(o, "%s\n    {\"change\": \"%s\", \"id\": \"%.12s\", \"fingerprint\": "
			       "\"%s\", \"rule\": ", i ? "," : "", change_names[v[i].kind],
			       f->fingerprint, f->fingerprint);
		cca_cli_json_string(o, rule_of(ev, f));
		cca_buf_puts(o, ", \"a\": ");
		json_finding(v[i].a, o);
		cca_buf_puts(o, ", \"b\": ");
		json_finding(v[i].b, o);
		cca_buf_putc(o, '}');
	}
	cca_buf_puts(o, n ? "\n  ]\n}\n" : "]\n}\n");
}

static int run(struct cca_cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
		CCA_COMMON_LONG_OPTIONS,
		{ "format", required_argument, NULL, 'f' },
		{ "db", required_argument, NULL, OPT_DB },
		{ NULL, 0, NULL, 0 }
	};
	const struct cca_command *cmd = &cca_cmd_diff;
	enum cca_cli_listfmt fmt = CCA_LIST_TEXT;
	struct cca_stored_run *ra = NULL, *rb = NULL;
	struct cca_store *store = NULL;
	struct diff_item *v = NULL;
	const char *db = NULL;
	struct cca_error err;
	struct cca_buf o;
	bool exit_now = false;
	char *xsd;
	size_t n;
	int c, rc;

	cca_error_clear(&err);
	while ((c = getopt_long(argc, argv, ":hf:", opts, NULL)) != -1) {
		if (cca_cli_common_option(cli, cmd, c, optarg, &exit_now))
			continue;
		switch (c) {
		case 'f':
			if (cca_cli_parse_listfmt(cmd, optarg, false, &fmt))
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
	if (argc - optind < 2)
		return cca_cli_usage_error(cmd, "diff needs two runs: RUN_A RUN_B");
	if (argc - optind > 2)
		return cca_cli_usage_error(cmd, "unexpected argument '%s'", argv[optind + 2]);
	xsd = cca_xasprintf("%s/catalogs/catalog.xsd", cca_cli_data_dir(cli));
	rc = cca_cli_open_store(db, false, &store, &err) < 0 ||
	     cca_store_load_run(store, argv[optind], xsd, &ra, &err) < 0 ||
	     cca_store_load_run(store, argv[optind + 1], xsd, &rb, &err) < 0;
	free(xsd);
	cca_store_close(store);
	if (rc) {
		cca_stored_run_free(ra);
		cca_stored_run_free(rb);
		return cca_cli_fail(&err);
	}
	n = compare(cca_report_eval(cca_stored_run_report(ra)),
		    cca_report_eval(cca_stored_run_report(rb)), &v);
	cca_buf_init(&o);
	if (fmt == CCA_LIST_JSON)
		json(cca_stored_run_report(ra), cca_stored_run_report(rb), v, n, &o);
	else
		text(cca_stored_run_report(ra), cca_stored_run_report(rb), v, n, &o);
	rc = cca_cli_print_buf(&o);
	free(v);
	cca_stored_run_free(ra);
	cca_stored_run_free(rb);
	return rc;
}

const struct cca_command cca_cmd_diff = {
	"diff", "compare two stored runs: findings new, fixed, changed; scores", usage, run, NULL
};
