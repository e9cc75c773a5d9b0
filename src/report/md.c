/*
 * md.c - GitHub-flavoured Markdown for a pull-request comment.
 *
 *   <!-- ccaudit-report -->           a marker bots can find the comment by
 *   ## ccaudit: TARGET
 *   level achieved, profile, catalog, date
 *   a table of the CSVS levels (score, requirements met, fail, unverified)
 *   rule counts by status (waived ones named)
 *   for a saved run: "N new, M fixed since the previous run"
 *   ### Failures                      one row per unwaived failing or error
 *                                     finding (and per failure no finding
 *                                     shows, e.g. an attested one), worst
 *                                     severity first, then catalog order;
 *                                     for a saved run with a Lifecycle
 *                                     column (new, persisting, reopened)
 *   ### Waivers                       every accepted failure: who, until
 *                                     when, why, where; never hidden
 *
 * A comment must stay under 65,000 characters: the whole document is kept
 * under MD_LIMIT bytes (bytes >= characters, so this is safe).  Each cell
 * of untrusted text is cut at a fixed size; the waivers get at most
 * WAIVER_BUDGET bytes; the failures fill what is left, and what does not
 * fit is counted: "… and N more findings (see the full report)".
 *
 * Untrusted text (messages, locations, names, reasons) is escaped: the
 * Markdown and HTML specials \ ` * _ [ ] < > | # ~ $ & get a backslash,
 * line breaks and control characters become spaces, invalid UTF-8 becomes
 * U+FFFD, and an @ or # that starts a word is followed by a zero-width
 * space so no one is mentioned and no issue is linked by a finding.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "ccaudit/report.h"

#define MD_LIMIT 65000u         /* the document is shorter than this */
#define WAIVER_BUDGET 12000u    /* at most this much of it lists waivers */
#define MORE_RESERVE 128u       /* room for a "… and N more" line */
#define CELL_MESSAGE 400u       /* longest cell of untrusted text, bytes */
#define CELL_LOCATION 200u
#define CELL_NAME 120u

#define ELLIPSIS "\xE2\x80\xA6"
#define ZWSP "\xE2\x80\x8B"

/* A row of the failures table. */
struct frow {
	size_t rule;
	enum cca_severity sev;
	const struct cca_finding *f;   /* NULL: the rule's failure no finding shows */
	size_t seq;                    /* engine order, to keep the sort stable */
	size_t finding;                /* the index of f (when f is not NULL) */
};

/*
 * Append s (NULL: nothing) to b as escaped inline Markdown text, at most
 * max bytes of s (cut on a character boundary, then "…").
 */
static void md_text(struct cca_buf *b, const char *s, size_t max)
{
	char *v = cca_utf8_repair(s ? s : "");
	unsigned char prev = ' ';

	for (size_t i = 0; v[i]; i++) {
		unsigned char c = (unsigned char)v[i];

		if (i >= max && (c < 0x80 || c >= 0xC0)) {
			cca_buf_puts(b, ELLIPSIS);
			break;
		}
		if (c < 0x20 || c == 0x7F) {
			cca_buf_putc(b, ' ');
		} else if (strchr("\\`*_[]<>|#~$&", c)) {
			cca_buf_putc(b, '\\');
			cca_buf_putc(b, (char)c);
		} else {
			cca_buf_putc(b, (char)c);
		}
		if ((c == '@' || c == '#') &&
		    !((prev >= 'a' && prev <= 'z') || (prev >= 'A' && prev <= 'Z') ||
		      (prev >= '0' && prev <= '9') || prev >= 0x80))
			cca_buf_puts(b, ZWSP);
		prev = c;
	}
	free(v);
}

/* Whether failing finding f is accepted (its suppression or rr's waiver). */
static bool finding_waived(const struct cca_finding *f, const struct cca_rule_result *rr)
{
	return f->status == CCA_FAIL &&
	       (f->waived || (rr->waived && rr->waiver && !rr->waiver_expired));
}

/* Worse severity first, then catalog and engine order. */
static int cmp_frow(const void *pa, const void *pb)
{
	const struct frow *a = pa, *b = pb;

	if (a->sev != b->sev)
		return a->sev > b->sev ? -1 : 1;
	if (a->rule != b->rule)
		return a->rule < b->rule ? -1 : 1;
	return a->seq < b->seq ? -1 : a->seq > b->seq;
}

/*
 * The rows of the failures table, sorted: unwaived fail and error
 * findings, and one row per rule whose observed failure no failing
 * finding shows.  *n gets their number; the caller frees the array.
 */
static struct frow *failure_rows(const struct cca_eval *ev, size_t *n)
{
	const struct cca_catalog *cat = cca_eval_catalog(ev);
	const struct cca_profile *p = cca_eval_profile(ev);
	struct frow *v = NULL;
	size_t cap = 0, seq = 0;

	*n = 0;
	for (size_t i = 0; i < cca_catalog_nrules(cat); i++) {
		const struct cca_rule_result *rr = cca_eval_rule(ev, i);
		bool fail_shown = false;

		for (size_t k = 0; k <= rr->nfindings; k++) {
			const struct cca_finding *f = k < rr->nfindings
				? cca_eval_finding(ev, rr->first_finding + k) : NULL;

			if (f) {
				fail_shown |= f->status == CCA_FAIL;
				if ((f->status != CCA_FAIL && f->status != CCA_ERROR) ||
				    finding_waived(f, rr))
					continue;
			} else if (rr->observed != CCA_FAIL || fail_shown || rr->waived) {
				continue;
			}
			if (*n == cap) {
				cap = cap ? cap * 2 : 64;
				v = cca_xreallocarray(v, cap, sizeof *v);
			}
			v[(*n)++] = (struct frow){ i, cca_profile_severity(p, i), f, seq++,
						   rr->first_finding + k };
		}
	}
	if (*n > 1)
		qsort(v, *n, sizeof *v, cmp_frow);
	return v;
}

/*
 * One row of the failures table for fr into b, with the finding's
 * lifecycle as a last column when lifecycle is true.
 */
static void failure_row(struct cca_buf *b, const struct cca_report *r, const struct frow *fr,
			bool lifecycle)
{
	const struct cca_eval *ev = cca_report_eval(r);
	const struct cca_rule *rule = cca_catalog_rule(cca_eval_catalog(ev), fr->rule);
	const struct cca_rule_result *rr = cca_eval_rule(ev, fr->rule);

	cca_buf_printf(b, "| %s | `%s` | ", cca_severity_name(fr->sev), rule->id);
	if (fr->f) {
		md_text(b, fr->f->location, CELL_LOCATION);
		cca_buf_puts(b, " | ");
		if (fr->f->status == CCA_ERROR)
			cca_buf_puts(b, "**error:** ");
		md_text(b, fr->f->message, CELL_MESSAGE);
	} else {
		if (rr->attestation && rr->attestation->file) {
			char *loc = cca_xasprintf("%s:%u", rr->attestation->file,
						  rr->attestation->line);

			md_text(b, loc, CELL_LOCATION);
			free(loc);
		}
		cca_buf_puts(b, " | ");
		md_text(b, rr->message, CELL_MESSAGE);
	}
	if (lifecycle) {
		enum cca_lifecycle lc = fr->f ? cca_report_track(r, fr->finding)->lifecycle
					      : CCA_LC_UNTRACKED;

		cca_buf_printf(b, " | %s", lc != CCA_LC_UNTRACKED ? cca_lifecycle_name(lc) : "");
	}
	cca_buf_puts(b, " |\n");
}

/*
 * For a saved run, "**History:** N new, M fixed since the previous run"
 * (with the persisting and reopened counts) into b; nothing otherwise.
 */
static void history_line(struct cca_buf *b, const struct cca_report *r)
{
	const struct cca_eval *ev = cca_report_eval(r);
	unsigned lc[CCA_LC_REOPENED + 1] = { 0 };

	if (!cca_report_has_history(r))
		return;
	for (size_t i = 0; i < cca_eval_nfindings(ev); i++)
		lc[cca_report_track(r, i)->lifecycle]++;
	cca_buf_printf(b, "**History:** %u new, %zu fixed since the previous run "
		       "(%u persisting, %u reopened)\n\n", lc[CCA_LC_NEW], cca_report_nfixed(r),
		       lc[CCA_LC_PERSISTING], lc[CCA_LC_REOPENED]);
}

/* "| Rule | Accepted by | Until | Reason | Where |" row for a waiver into b. */
static void waiver_row(struct cca_buf *b, const char *rule_id, const struct cca_waiver *w,
		       const char *where)
{
	char d[11] = "no expiry";

	if (w->expires != CCA_NEVER)
		cca_date_format(w->expires, d);
	cca_buf_printf(b, "| `%s` | ", rule_id);
	md_text(b, w->by, CELL_NAME);
	cca_buf_printf(b, " | %s | ", d);
	md_text(b, w->reason, CELL_MESSAGE);
	cca_buf_puts(b, " | ");
	md_text(b, where, CELL_LOCATION);
	cca_buf_puts(b, " |\n");
}

/*
 * Append the row in row to sec when it fits in budget (counting the
 * reserve for a closing "… and N more" line); otherwise count it in *more.
 */
static void add_limited(struct cca_buf *sec, const struct cca_buf *row, size_t budget,
			size_t *more)
{
	if (!*more && sec->len + row->len + MORE_RESERVE <= budget)
		cca_buf_add(sec, row->data, row->len);
	else
		(*more)++;
}

/* The Waivers section into sec, within WAIVER_BUDGET bytes; nothing when none. */
static void waivers(struct cca_buf *sec, const struct cca_eval *ev)
{
	const struct cca_catalog *cat = cca_eval_catalog(ev);
	struct cca_buf row;
	size_t count = 0, more = 0;

	cca_buf_init(&row);
	for (size_t i = 0; i < cca_catalog_nrules(cat); i++) {
		const struct cca_rule *rule = cca_catalog_rule(cat, i);
		const struct cca_rule_result *rr = cca_eval_rule(ev, i);
		bool in_source = false;

		for (size_t k = 0; k < rr->nfindings; k++) {
			const struct cca_finding *f = cca_eval_finding(ev, rr->first_finding + k);

			if (!f->waived || !f->suppression)
				continue;
			if (!count++)
				cca_buf_puts(sec, "### Waivers\n\nAccepted failures: they count "
					     "as passing, and stay listed here.\n\n"
					     "| Rule | Accepted by | Until | Reason | Where |\n"
					     "|---|---|---|---|---|\n");
			in_source = true;
			cca_buf_reset(&row);
			waiver_row(&row, rule->id, f->suppression, f->location);
			add_limited(sec, &row, WAIVER_BUDGET, &more);
		}
		if (rr->waived && rr->waiver && !in_source) {
			char *where = rr->waiver->file
				? cca_xasprintf("%s:%u", rr->waiver->file, rr->waiver->line)
				: cca_xstrdup("");

			if (!count++)
				cca_buf_puts(sec, "### Waivers\n\nAccepted failures: they count "
					     "as passing, and stay listed here.\n\n"
					     "| Rule | Accepted by | Until | Reason | Where |\n"
					     "|---|---|---|---|---|\n");
			cca_buf_reset(&row);
			waiver_row(&row, rule->id, rr->waiver, where);
			add_limited(sec, &row, WAIVER_BUDGET, &more);
			free(where);
		}
	}
	if (more)
		cca_buf_printf(sec, "\n" ELLIPSIS " and %zu more waivers (see the full report)\n",
			       more);
	if (count)
		cca_buf_putc(sec, '\n');
	cca_buf_release(&row);
}

/* Title, level, per-level table and rule counts into b. */
static void head(struct cca_buf *b, const struct cca_report *r)
{
	const struct cca_eval *ev = cca_report_eval(r);
	const struct cca_catalog *cat = cca_eval_catalog(ev);
	unsigned counts[CCA_STATUS_COUNT] = { 0 }, nwaived = 0;
	bool first = true;
	char ts[21];

	cca_timestamp_format(cca_report_time(r), ts);
	ts[10] = '\0';
	cca_buf_puts(b, "<!-- ccaudit-report -->\n## ccaudit: ");
	md_text(b, cca_report_target(r), CELL_NAME);
	cca_buf_printf(b, "\n\n**CSVS level achieved: %u of %u** · profile ",
		       cca_eval_level_achieved(ev), CCA_LEVEL_MAX);
	md_text(b, cca_profile_name(cca_eval_profile(ev)), CELL_NAME);
	if (cca_profile_tailoring(cca_eval_profile(ev))) {
		cca_buf_puts(b, " (tailored: ");
		md_text(b, cca_profile_tailoring(cca_eval_profile(ev)), CELL_NAME);
		cca_buf_puts(b, ")");
	}
	cca_buf_puts(b, " · catalog ");
	md_text(b, cca_catalog_version(cat), CELL_NAME);
	cca_buf_printf(b, " · %s\n\n", ts);

	cca_buf_puts(b, "| CSVS level | Score | Requirements met | Fail | Error | Unverified | Result |\n"
			"|---|---:|---:|---:|---:|---:|---|\n");
	for (unsigned l = 1; l <= CCA_LEVEL_MAX; l++) {
		const struct cca_level_score *ls = cca_eval_level(ev, l);
		const struct cca_tally *t = &ls->controls;
		unsigned ok = t->n[CCA_RU_PASS] + t->n[CCA_RU_WAIVED];
		unsigned total = cca_tally_counted(t) - t->n[CCA_RU_NOTAPPLICABLE];

		cca_buf_printf(b, "| %u | ", l);
		if (ls->scored)
			cca_buf_printf(b, "%.0f%%", ls->score * 100.0);
		else
			cca_buf_puts(b, "n/a");
		cca_buf_printf(b, " | %u/%u | %u | %u | %u | %s |\n", ok, total,
			       t->n[CCA_RU_FAIL], t->n[CCA_RU_ERROR], t->n[CCA_RU_UNVERIFIED],
			       ls->met ? "met" : "not met");
	}

	for (size_t i = 0; i < cca_catalog_nrules(cat); i++) {
		const struct cca_rule_result *rr = cca_eval_rule(ev, i);

		counts[rr->status]++;
		nwaived += rr->waived;
	}
	cca_buf_puts(b, "\n**Rules:** ");
	for (int s = 0; s < CCA_STATUS_COUNT; s++) {
		if (!counts[s])
			continue;
		cca_buf_printf(b, "%s%u %s", first ? "" : ", ", counts[s],
			       cca_status_name((enum cca_status)s));
		if (s == CCA_PASS && nwaived)
			cca_buf_printf(b, " (%u waived)", nwaived);
		first = false;
	}
	if (first)
		cca_buf_puts(b, "none");
	cca_buf_puts(b, "\n\n");
	history_line(b, r);
}

/*
 * The Markdown comment of r appended to out, shorter than MD_LIMIT bytes
 * (layout at the top of this file).  Fails with CCA_EINTERNAL only if the
 * budget arithmetic is broken.
 */
int cca_report_md(const struct cca_report *r, const struct cca_render_opts *o,
		  struct cca_buf *out, struct cca_error *err)
{
	const struct cca_eval *ev = cca_report_eval(r);
	struct cca_buf top, fail, wsec, foot, row;
	size_t n, more = 0, budget;
	struct frow *rows = failure_rows(ev, &n);
	bool tracked = cca_report_has_history(r);
	int rc = 0;

	(void)o;
	cca_buf_init(&top);
	cca_buf_init(&fail);
	cca_buf_init(&wsec);
	cca_buf_init(&foot);
	cca_buf_init(&row);
	head(&top, r);
	waivers(&wsec, ev);
	cca_buf_printf(&foot, "<sub>%s %s · the full report has every rule, control "
		       "and finding</sub>\n", PACKAGE_NAME, PACKAGE_VERSION);

	budget = MD_LIMIT - 1;
	budget = budget > top.len + wsec.len + foot.len ? budget - top.len - wsec.len - foot.len : 0;
	if (!n) {
		cca_buf_puts(&fail, "### Failures\n\nNo failing findings.\n\n");
	} else {
		cca_buf_printf(&fail, "### Failures (%zu)\n\n| Severity | Rule | Location | Message |%s\n"
			       "|---|---|---|---|%s\n", n, tracked ? " Lifecycle |" : "",
			       tracked ? "---|" : "");
		for (size_t k = 0; k < n; k++) {
			cca_buf_reset(&row);
			failure_row(&row, r, &rows[k], tracked);
			add_limited(&fail, &row, budget, &more);
		}
		if (more)
			cca_buf_printf(&fail, "\n" ELLIPSIS " and %zu more findings (see the full report)\n",
				       more);
		cca_buf_putc(&fail, '\n');
	}

	if (top.len + fail.len + wsec.len + foot.len >= MD_LIMIT) {
		rc = cca_error_set(err, CCA_EINTERNAL, "the Markdown report is %zu bytes, over %u",
				   top.len + fail.len + wsec.len + foot.len, MD_LIMIT);
	} else {
		cca_buf_add(out, top.data, top.len);
		cca_buf_add(out, fail.data, fail.len);
		cca_buf_add(out, wsec.data, wsec.len);
		cca_buf_add(out, foot.data, foot.len);
	}
	cca_buf_release(&top);
	cca_buf_release(&fail);
	cca_buf_release(&wsec);
	cca_buf_release(&foot);
	cca_buf_release(&row);
	free(rows);
	return rc;
}
