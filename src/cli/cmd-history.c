/*
 * cmd-history.c - `ccaudit history`: the stored runs, oldest first, with
 * what changed since the previous run of the same target.
 */
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "ccaudit/store.h"
#include "ccaudit/util.h"

static const char usage[] =
	"usage: ccaudit history [--target T] [-f text|json|csv] [--db PATH]\n"
	"\n"
	"List the audits saved in the history database, oldest first: date, run\n"
	"id (its first 8 characters; give them to 'report', 'diff' and 'export'),\n"
	"target, CSVS level achieved, level 1-3 scores in percent, open findings,\n"
	"findings fixed since the previous run, and the change since the previous\n"
	"run of the same target (level up or down, score deltas in points).\n"
	"\n"
	"Options:\n"
	"  -t, --target T           only the runs of target T\n"
	"  -f, --format FMT         text (default), json or csv\n"
	CCA_CLI_DB_USAGE
	"Common:\n"
	"  --catalog FILE           add a user catalog on top of the shipped one\n"
	"  --data-dir DIR           where catalogs/ and templates/ are\n";

enum { OPT_DB = CCA_OPT_COMMON_END };

/* The previous run of rows[i]'s target among rows[0..i). */
static const struct cca_history_row *prev_of(const struct cca_history_row *rows, size_t i)
{
	for (size_t k = i; k-- > 0;)
		if (strcmp(rows[k].target, rows[i].target) == 0)
			return &rows[k];
	return NULL;
}

/*
 * Level l's score of h in percent with one decimal, after sep; none when
 * nothing was scored.
 */
static void put_score(struct cca_buf *b, const struct cca_history_row *h, unsigned l,
		      const char *sep, int width, const char *none)
{
	if (h->scored[l])
		cca_buf_printf(b, "%s%*.1f", sep, width, 100.0 * h->score[l]);
	else
		cca_buf_printf(b, "%s%*s", sep, width, none);
}

/*
 * The change of h since p in words: "first run", "level 1->2", and
 * score deltas in points ("L2 +5.0"); "no change" when none.
 */
static void put_change(struct cca_buf *b, const struct cca_history_row *h,
		       const struct cca_history_row *p)
{
	size_t start = b->len;

	if (!p) {
		cca_buf_puts(b, "first run");
		return;
	}
	if (h->achieved != p->achieved)
		cca_buf_printf(b, "level %s %u->%u", h->achieved > p->achieved ? "up" : "down",
			       p->achieved, h->achieved);
	for (unsigned l = 1; l <= CCA_LEVEL_MAX; l++) {
		double d;

		if (!h->scored[l] || !p->scored[l])
			continue;
		d = 100.0 * (h->score[l] - p->score[l]);
		if (d > -0.05 && d < 0.05)
			continue;
		cca_buf_printf(b, "%sL%u %+.1f", b->len > start ? ", " : "", l, d);
	}
	if (b->len == start)
		cca_buf_puts(b, "no change");
}

static void text(const struct cca_history_row *rows, size_t n, struct cca_buf *b)
{
	cca_buf_printf(b, "%-16s  %-8s  %-20s  %5s  %5s  %5s  %5s  %5s  %5s  %s\n", "DATE", "RUN",
		       "TARGET", "LEVEL", "L1%", "L2%", "L3%", "OPEN", "FIXED", "CHANGE");
	for (size_t i = 0; i < n; i++) {
		const struct cca_history_row *h = &rows[i];
		char ts[21];

		cca_timestamp_format(h->time, ts);
		ts[10] = ' ';
		ts[16] = '\0';
		cca_buf_printf(b, "%-16s  %.8s  %-20s  %5u", ts, h->uuid, h->target, h->achieved);
		for (unsigned l = 1; l <= CCA_LEVEL_MAX; l++)
			put_score(b, h, l, "  ", 5, "-");
		cca_buf_printf(b, "  %5u  %5u  ", h->open, h->fixed);
		put_change(b, h, prev_of(rows, i));
		cca_buf_putc(b, '\n');
	}
}

static void json(const struct cca_history_row *rows, size_t n, struct cca_buf *b)
{
	cca_buf_puts(b, "[");
	for (size_t i = 0; i < n; i++) {
		const struct cca_history_row *h = &rows[i], *p = prev_of(rows, i);
		char ts[21];

		cca_timestamp_format(h->time, ts);
		cca_buf_printf(b, "%s\n  {\"run\": \"%s\", \"time\": \"%s\", \"target\": ", i ? "," : "",
			       h->uuid, ts);
		cca_cli_json_string(b, h->target);
		cca_buf_printf(b, ", \"achieved\": %u, \"scores\": {", h->achieved);
		for (unsigned l = 1; l <= CCA_LEVEL_MAX; l++) {
			cca_buf_printf(b, "%s\"%u\": ", l > 1 ? ", " : "", l);
			put_score(b, h, l, "", 0, "null");
		}
		cca_buf_printf(b, "}, \"failed\": %u, \"open\": %u, \"fixed\": %u, \"previous\": ",
			       h->failed, h->open, h->fixed);
		if (p) {
			cca_buf_printf(b, "\"%s\", \"level_change\": %d, \"score_change\": {", p->uuid,
				       (int)h->achieved - (int)p->achieved);
			for (unsigned l = 1; l <= CCA_LEVEL_MAX; l++) {
				cca_buf_printf(b, "%s\"%u\": ", l > 1 ? ", " : "", l);
				if (h->scored[l] && p->scored[l])
					cca_buf_printf(b, "%.1f", 100.0 * (h->score[l] - p->score[l]));
				else
					cca_buf_puts(b, "null");
			}
			cca_buf_puts(b, "}}");
		} else {
			cca_buf_puts(b, "null, \"level_change\": null, \"score_change\": null}");
		}
	}
	cca_buf_puts(b, n ? "\n]\n" : "]\n");
}

static void csv(const struct cca_history_row *rows, size_t n, struct cca_buf *b)
{
	cca_buf_puts(b, "time,run,target,achieved,l1,l2,l3,failed,open,fixed,change\r\n");
	for (size_t i = 0; i < n; i++) {
		const struct cca_history_row *h = &rows[i];
		struct cca_buf ch;
		char ts[21];

		cca_timestamp_format(h->time, ts);
		cca_buf_printf(b, "%s,%s,", ts, h->uuid);
		cca_cli_csv_field(b, h->target);
		cca_buf_printf(b, ",%u", h->achieved);
		for (unsigned l = 1; l <= CCA_LEVEL_MAX; l++)
			put_score(b, h, l, ",", 0, "");
		cca_buf_printf(b, ",%u,%u,%u,", h->failed, h->open, h->fixed);
		cca_buf_init(&ch);
		put_change(&ch, h, prev_of(rows, i));
		cca_cli_csv_field(b, cca_buf_str(&ch));
		cca_buf_release(&ch);
		cca_buf_puts(b, "\r\n");
	}
}

static int run(struct cca_cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
		CCA_COMMON_LONG_OPTIONS,
		{ "target", required_argument, NULL, 't' },
		{ "format", required_argument, NULL, 'f' },
		{ "db", required_argument, NULL, OPT_DB },
		{ NULL, 0, NULL, 0 }
	};
	const struct cca_command *cmd = &cca_cmd_history;
	enum cca_cli_listfmt fmt = CCA_LIST_TEXT;
	const char *target = NULL, *db = NULL;
	struct cca_history_row *rows = NULL;
	struct cca_store *store = NULL;
	struct cca_error err;
	struct cca_buf b;
	bool exit_now = false;
	size_t n = 0;
	int c, rc;

	cca_error_clear(&err);
	while ((c = getopt_long(argc, argv, ":ht:f:", opts, NULL)) != -1) {
		if (cca_cli_common_option(cli, cmd, c, optarg, &exit_now))
			continue;
		switch (c) {
		case 't':
			target = optarg;
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
	    cca_store_history(store, target, &rows, &n, &err) < 0) {
		cca_store_close(store);
		return cca_cli_fail(&err);
	}
	cca_store_close(store);
	if (!n && target) {
		cca_history_rows_free(rows, n);
		return cca_cli_usage_error(cmd, "no stored run of target '%s'", target);
	}
	cca_buf_init(&b);
	if (fmt == CCA_LIST_JSON)
		json(rows, n, &b);
	else if (fmt == CCA_LIST_CSV)
		csv(rows, n, &b);
	else
		text(rows, n, &b);
	rc = cca_cli_print_buf(&b);
	cca_history_rows_free(rows, n);
	return rc;
}

const struct cca_command cca_cmd_history = {
	"history", "list the stored runs and how each changed", usage, run, NULL
};
