/*
 * summary.c - the terminal summary of an audit: level bars, level achieved,
 * counts, for a saved run the history line (lifecycle counts, fixed
 * findings, owners), open items by role and the worst findings.  Plain
 * text; ANSI
 * colour only when the caller asks for it (a TTY without NO_COLOR).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "ccaudit/report.h"

#define BAR_WIDTH 24
#define WORST_MAX 10

struct style {
	const char *bold, *red, *green, *yellow, *dim, *reset;
};

static const struct style plain = { "", "", "", "", "", "" };
static const struct style ansi = {
	"\033[1m", "\033[31m", "\033[32m", "\033[33m", "\033[2m", "\033[0m"
};

/* Append "n word" items of a tally that are non-zero, comma-separated. */
static void tally_words(struct cca_buf *out, const struct cca_tally *t)
{
	bool first = true;

	for (int i = 0; i < CCA_RU_COUNT; i++) {
		if (!t->n[i] || i == CCA_RU_NOTSELECTED)
			continue;
		cca_buf_printf(out, "%s%u %s", first ? "" : ", ", t->n[i],
			       cca_rollup_name((enum cca_rollup)i));
		first = false;
	}
	if (first)
		cca_buf_puts(out, "nothing evaluated");
}

static void level_lines(struct cca_buf *out, const struct cca_eval *ev,
			const struct style *st)
{
	for (unsigned l = 1; l <= CCA_LEVEL_MAX; l++) {
		const struct cca_level_score *ls = cca_eval_level(ev, l);
		unsigned total = cca_tally_counted(&ls->controls);
		unsigned ok = ls->controls.n[CCA_RU_PASS] + ls->controls.n[CCA_RU_WAIVED];
		unsigned fill = ls->scored ? (unsigned)(ls->score * BAR_WIDTH + 0.5) : BAR_WIDTH;
		const char *col = ls->met ? st->green
				  : ls->controls.n[CCA_RU_FAIL] ? st->red : st->yellow;

		cca_buf_printf(out, "  Level %u  %s[", l, col);
		for (unsigned k = 0; k < BAR_WIDTH; k++)
			cca_buf_puts(out, k < fill ? "#" : ".");
		cca_buf_printf(out, "]%s ", st->reset);
		if (ls->scored)
			cca_buf_printf(out, "%3.0f%%", ls->score * 100.0);
		else
			cca_buf_puts(out, " n/a");
		cca_buf_printf(out, "  %u/%u requirements  (", ok,
			       total - ls->controls.n[CCA_RU_NOTAPPLICABLE]);
		tally_words(out, &ls->controls);
		cca_buf_puts(out, ")\n");
	}
}

static const struct cca_eval *worst_ev;  /* qsort has no context argument */

/* Higher effective severity first, then catalog order. */
static int cmp_worst(const void *pa, const void *pb)
{
	size_t a = *(const size_t *)pa, b = *(const size_t *)pb;
	const struct cca_profile *p = cca_eval_profile(worst_ev);
	enum cca_severity sa = cca_profile_severity(p, a), sb = cca_profile_severity(p, b);

	if (sa != sb)
		return sa > sb ? -1 : 1;
	return a < b ? -1 : a > b;
}

static void worst_lines(struct cca_buf *out, const struct cca_eval *ev,
			const struct style *st)
{
	const struct cca_catalog *cat = cca_eval_catalog(ev);
	size_t n = cca_catalog_nrules(cat), nbad = 0;
	size_t *bad = cca_xcalloc(n ? n : 1, sizeof *bad);

	for (size_t i = 0; i < n; i++) {
		enum cca_status s = cca_eval_rule(ev, i)->status;

		if (s == CCA_FAIL || s == CCA_ERROR)
			bad[nbad++] = i;
	}
	if (!nbad) {
		cca_buf_printf(out, "\n%sNo failing rules.%s\n", st->green, st->reset);
		free(bad);
		return;
	}
	worst_ev = ev;
	qsort(bad, nbad, sizeof *bad, cmp_worst);
	cca_buf_printf(out, "\n%sWorst findings%s (%zu failing rule%s)\n", st->bold,
		       st->reset, nbad, nbad == 1 ? "" : "s");
	for (size_t k = 0; k < nbad && k < WORST_MAX; k++) {
		const struct cca_rule *r = cca_catalog_rule(cat, bad[k]);
		const struct cca_rule_result *rr = cca_eval_rule(ev, bad[k]);
		enum cca_severity sev = cca_profile_severity(cca_eval_profile(ev), bad[k]);

		cca_buf_printf(out, "  %s%-8s%s %-5s %s\n", sev >= CCA_SEV_HIGH ? st->red : st->yellow,
			       cca_severity_name(sev), st->reset,
			       cca_status_name(rr->status), r->id);
		cca_buf_printf(out, "           %s%s%s\n", st->dim, rr->message, st->reset);
	}
	if (nbad > WORST_MAX)
		cca_buf_printf(out, "  ... and %zu more (see the JSON report)\n", nbad - WORST_MAX);
	free(bad);
}

/* qsort order of owner names (const char *). */
static int cmp_name(const void *pa, const void *pb)
{
	return strcmp(*(const char *const *)pa, *(const char *const *)pb);
}

/*
 * For a saved run (or one the store gave fixed findings or a trend):
 * "History: N new, M persisting, K reopened, F fixed since the previous
 * run" and the open findings with their number of distinct owners, the
 * unassigned and the overdue ones.  Nothing otherwise.
 */
static void history_lines(struct cca_buf *out, const struct cca_report *r,
			  const struct style *st)
{
	const struct cca_eval *ev = cca_report_eval(r);
	size_t n = cca_eval_nfindings(ev), nopen = 0, nnamed = 0, nowners = 0, late = 0;
	const char **names = cca_xcalloc(n ? n : 1, sizeof *names);
	unsigned lc[CCA_LC_REOPENED + 1] = { 0 };
	int64_t today = cca_days_of(cca_report_time(r));

	if (!cca_report_has_history(r)) {
		free(names);
		return;
	}
	for (size_t i = 0; i < n; i++) {
		const struct cca_finding *f = cca_eval_finding(ev, i);
		const struct cca_finding_track *t = cca_report_track(r, i);

		lc[t->lifecycle]++;
		if (f->status != CCA_FAIL || f->waived)
			continue;
		nopen++;
		if (t->owner)
			names[nnamed++] = t->owner;
		late += t->due != CCA_NO_DATE && t->due != CCA_NEVER && t->due < today;
	}
	qsort(names, nnamed, sizeof *names, cmp_name);
	for (size_t k = 0; k < nnamed; k++)
		nowners += k == 0 || strcmp(names[k - 1], names[k]) != 0;
	cca_buf_printf(out, "\n%sHistory:%s %u new, %u persisting, %u reopened, %zu fixed since "
		       "the previous run\n", st->bold, st->reset, lc[CCA_LC_NEW],
		       lc[CCA_LC_PERSISTING], lc[CCA_LC_REOPENED], cca_report_nfixed(r));
	cca_buf_printf(out, "  %zu open finding%s, %zu owner%s (%zu unassigned", nopen,
		       nopen == 1 ? "" : "s", nowners, nowners == 1 ? "" : "s", nopen - nnamed);
	if (late)
		cca_buf_printf(out, ", %s%zu overdue%s", st->red, late, st->reset);
	cca_buf_puts(out, ")\n");
	free(names);
}

/*
 * Never hide an exception: list every waiver in force or expired, and every
 * attestation that no longer counts.
 */
static void exception_lines(struct cca_buf *out, const struct cca_eval *ev,
			    const struct style *st)
{
	const struct cca_catalog *cat = cca_eval_catalog(ev);
	bool heading = false;
	char date[11];

	for (size_t i = 0; i < cca_catalog_nrules(cat); i++) {
		const struct cca_rule_result *rr = cca_eval_rule(ev, i);
		const char *id = cca_catalog_rule(cat, i)->id;

		if (!rr->waiver && !rr->attestation_expired)
			continue;
		if (!heading)
			cca_buf_printf(out, "\n%sWaivers and expired answers%s\n", st->bold, st->reset);
		heading = true;
		if (rr->waiver) {
			const struct cca_waiver *w = rr->waiver;

			if (w->expires == CCA_NEVER)
				snprintf(date, sizeof date, "never");
			else
				cca_date_format(w->expires, date);
			cca_buf_printf(out, "  %s%-8s%s %s  by %s, %s %s: %s\n",
				       rr->waived ? st->yellow : st->red,
				       rr->waived ? "waived" : "expired", st->reset, id, w->by,
				       rr->waived ? "until" : "on", date, w->reason);
		}
		if (rr->attestation_expired) {
			cca_date_format(rr->attestation->expires, date);
			cca_buf_printf(out, "  %s%-8s%s %s  answer by %s expired on %s\n",
				       st->yellow, "expired", st->reset, id,
				       rr->attestation->by, date);
		}
	}
}

void cca_report_summary(const struct cca_report *r, bool color, struct cca_buf *out)
{
	const struct style *st = color ? &ansi : &plain;
	const struct cca_eval *ev = cca_report_eval(r);
	const struct cca_catalog *cat = cca_eval_catalog(ev);
	const struct cca_profile *p = cca_eval_profile(ev);
	unsigned achieved = cca_eval_level_achieved(ev);
	unsigned counts[CCA_STATUS_COUNT] = { 0 }, waived = 0;
	bool first = true;

	for (size_t i = 0; i < cca_catalog_nrules(cat); i++) {
		counts[cca_eval_rule(ev, i)->status]++;
		waived += cca_eval_rule(ev, i)->waived;
	}
	cca_buf_printf(out, "%s%s %s%s  target %s  profile %s  catalog %s\n",
		       st->bold, PACKAGE_NAME, PACKAGE_VERSION, st->reset,
		       cca_report_target(r), cca_profile_name(p),
		       cca_catalog_version(cat));
	cca_buf_printf(out, "\n%sCSVS level achieved: %u%s\n", st->bold, achieved, st->reset);
	level_lines(out, ev, st);

	cca_buf_puts(out, "\nRules:");
	for (int s = 0; s < CCA_STATUS_COUNT; s++) {
		if (!counts[s] || s == CCA_NOTSELECTED)
			continue;
		cca_buf_printf(out, "%s %u %s", first ? "" : ",", counts[s],
			       cca_status_name((enum cca_status)s));
		first = false;
	}
	if (waived)
		cca_buf_printf(out, " (%u waived)", waived);
	if (counts[CCA_NOTSELECTED])
		cca_buf_printf(out, "; %u not selected", counts[CCA_NOTSELECTED]);
	cca_buf_putc(out, '\n');
	history_lines(out, r, st);

	cca_buf_printf(out, "\n%sOpen items by role%s\n", st->bold, st->reset);
	for (size_t i = 0; i < CCA_ROLE_COUNT; i++) {
		struct cca_tally t = cca_eval_role(ev, cca_role_at(i));

		cca_buf_printf(out, "  %-12s %s%u fail%s, %u error, %u unverified\n",
			       cca_role_title(cca_role_at(i)),
			       t.n[CCA_RU_FAIL] ? st->red : "", t.n[CCA_RU_FAIL],
			       t.n[CCA_RU_FAIL] ? st->reset : "", t.n[CCA_RU_ERROR],
			       t.n[CCA_RU_UNVERIFIED]);
	}
	cca_buf_printf(out, "\n%sFrameworks%s\n", st->bold, st->reset);
	for (size_t i = 0; i < cca_catalog_nframeworks(cat); i++) {
		struct cca_tally t = cca_eval_framework(ev, i);

		cca_buf_printf(out, "  %-14s ", cca_catalog_framework(cat, i)->id);
		tally_words(out, &t);
		cca_buf_putc(out, '\n');
	}
	worst_lines(out, ev, st);
	exception_lines(out, ev, st);
}

int cca_report_text(const struct cca_report *r, const struct cca_render_opts *o,
		    struct cca_buf *out, struct cca_error *err)
{
	(void)err;
	cca_report_summary(r, o && o->color, out);
	return 0;
}
