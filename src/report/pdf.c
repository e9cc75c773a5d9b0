/*
 * pdf.c - the PDF report: an archivable audit report drawn with libharu
 * (layout engine: pdf-layout.c) from the report model only.
 *
 *   cover           target, date, auditor (--auditor), CSVS level achieved,
 *                   sign-off lines
 *   contents        linked, with page numbers
 *   1 summary       key figures, vector bars per CSVS level, frameworks,
 *                   roles, the most severe failing rules
 *   2 roles         a subsection per DevSecOps role with its open items
 *   3 findings      per failing, erroring, waived or informational rule:
 *                   result, remediation, waiver, attestation and a table of
 *                   every finding (at most PDF_MAX_FINDINGS in all)
 *   4 waivers       every waiver and suppression (who, why, until when,
 *                   in force or expired) and expired attestations
 *   5.. frameworks  a status table per framework (CSVS requirements, NIST
 *                   SP 800-190 countermeasures, use cases) by group
 *   appendices      every rule result, the attestations, the evidence
 *                   inventory with SHA-256 hashes
 *
 * Every page but the cover has a running header and an "n / N" footer,
 * every section a bookmark.  Document info (title, author = auditor,
 * subject, keywords, creation and modification dates) comes from the
 * model; the dates are cca_report_time(), so with SOURCE_DATE_EPOCH two
 * runs are byte-identical (libharu 2.3.0 writes no /ID and nothing else
 * that depends on the clock or randomness unless encryption or PDF/A is
 * switched on, which this renderer never does).
 *
 * Fonts: DejaVuSans.ttf and DejaVuSans-Bold.ttf from CCA_FONT_DIR, or from
 * the directory in the environment variable CCAUDIT_FONT_DIR when set.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "config.h"
#include "ccaudit/report.h"
#include "pdf-layout.h"

#ifndef CCA_FONT_DIR
#define CCA_FONT_DIR "/usr/share/fonts/truetype/dejavu"
#endif

/* Findings listed in the findings section; the rest are counted per rule. */
#define PDF_MAX_FINDINGS 5000
/* Suppression rows listed in the waivers section. */
#define PDF_MAX_WAIVER_ROWS 2000
/* Rules in the "most severe" table of the summary. */
#define PDF_WORST 10

/* ---- colours ------------------------------------------------------------ */

/* Text colours per roll-up category (enum cca_rollup order). */
static const struct rgb ru_text[CCA_RU_COUNT] = {
	{ 0.16f, 0.47f, 0.20f },   /* pass */
	{ 0.00f, 0.47f, 0.47f },   /* waived */
	{ 0.76f, 0.13f, 0.13f },   /* fail */
	{ 0.84f, 0.36f, 0.00f },   /* error */
	{ 0.66f, 0.46f, 0.00f },   /* unverified */
	{ 0.47f, 0.50f, 0.54f },   /* notapplicable */
	{ 0.62f, 0.65f, 0.69f },   /* notselected */
};
/* Bar colours per roll-up category. */
static const struct rgb ru_fill[CCA_RU_COUNT] = {
	{ 0.22f, 0.60f, 0.27f },
	{ 0.16f, 0.66f, 0.64f },
	{ 0.84f, 0.20f, 0.19f },
	{ 0.95f, 0.52f, 0.10f },
	{ 0.97f, 0.76f, 0.22f },
	{ 0.78f, 0.80f, 0.83f },
	{ 0.90f, 0.91f, 0.92f },
};
/* Severity colours (enum cca_severity order). */
static const struct rgb sev_rgb[CCA_SEV_COUNT] = {
	{ 0.47f, 0.50f, 0.54f },   /* info */
	{ 0.66f, 0.46f, 0.00f },   /* low */
	{ 0.84f, 0.36f, 0.00f },   /* medium */
	{ 0.76f, 0.13f, 0.13f },   /* high */
	{ 0.50f, 0.00f, 0.12f },   /* critical */
};
static const struct rgb cover_soft = { 0.68f, 0.79f, 0.92f };

/* Human names of the roll-up categories in tables and legends. */
static const char *const ru_label[CCA_RU_COUNT] = {
	"pass", "waived", "fail", "error", "unverified", "not applicable", "not selected"
};

/* ---- small helpers ------------------------------------------------------ */

/* "YYYY-MM-DD HH:MM UTC" of t into out (at least 24 bytes). */
static void format_time(time_t t, char *out, size_t n)
{
	struct tm tm;

	if (!gmtime_r(&t, &tm) || strftime(out, n, "%Y-%m-%d %H:%M UTC", &tm) == 0)
		snprintf(out, n, "%lld", (long long)t);
}

/* A date (days) as "YYYY-MM-DD", "never" for CCA_NEVER, "-" for no date. */
static void format_day(int64_t days, char out[11])
{
	if (days == CCA_NEVER)
		snprintf(out, 11, "never");
	else if (days == CCA_NO_DATE)
		snprintf(out, 11, "-");
	else
		cca_date_format(days, out);
}

/* The category a rule result counts as. */
static enum cca_rollup rule_ru(const struct cca_rule_result *rr)
{
	return cca_rollup_category(rr->status, rr->waived);
}

/* The status word shown for a rule: "waived" for a waived failure. */
static const char *rule_word(const struct cca_rule_result *rr)
{
	return rr->waived ? "waived" : cca_status_name(rr->status);
}

/* The non-zero counts of a tally as "3 pass, 1 fail" appended to b. */
static void put_tally(struct cca_buf *b, const struct cca_tally *t)
{
	bool first = true;

	for (int i = 0; i < CCA_RU_COUNT; i++) {
		if (!t->n[i] || i == CCA_RU_NOTSELECTED)
			continue;
		cca_buf_printf(b, "%s%u %s", first ? "" : ", ", t->n[i], ru_label[i]);
		first = false;
	}
	if (first)
		cca_buf_puts(b, "nothing evaluated");
}

/* The score of a tally as "57%" (or "n/a") into out. */
static void format_score(const struct cca_tally *t, char *out, size_t n)
{
	double s;

	if (cca_tally_score(t, &s))
		snprintf(out, n, "%.0f%%", s * 100.0);
	else
		snprintf(out, n, "n/a");
}

/* Whether finding f is open: it fails and no suppression in force covers it. */
static bool finding_open(const struct cca_finding *f)
{
	return f->status == CCA_FAIL && !f->waived;
}

/* Whether a track's due date lies before the report day. */
static bool overdue(const struct cca_finding_track *t, int64_t today)
{
	return t->due != CCA_NO_DATE && t->due != CCA_NEVER && t->due < today;
}

/* "owner NAME (ROLE) · due D (overdue)" of a track into b; nothing unassigned and undated. */
static void put_owner(struct cca_buf *b, const struct cca_finding_track *t, int64_t today)
{
	char due[11];

	if (t->owner)
		cca_buf_printf(b, "owner %s", t->owner);
	if (t->role)
		cca_buf_printf(b, "%s(%s)", t->owner ? " " : "role ", t->role);
	if (t->due != CCA_NO_DATE && t->due != CCA_NEVER) {
		format_day(t->due, due);
		cca_buf_printf(b, "%sdue %s%s", b->len ? " \xC2\xB7 " : "", due,
			       overdue(t, today) ? " (overdue)" : "");
	}
}

/* A rule and its sort key, for ordering rules by urgency. */
struct ranked {
	size_t rule;
	unsigned key;
};

/* qsort order of struct ranked: by key, then by rule index (catalog order). */
static int cmp_ranked(const void *pa, const void *pb)
{
	const struct ranked *a = pa, *b = pb;

	if (a->key != b->key)
		return a->key < b->key ? -1 : 1;
	return a->rule < b->rule ? -1 : a->rule > b->rule;
}

/* Sort key: category rank first (given), then higher severity first. */
static unsigned rank_key(unsigned rank, enum cca_severity sev)
{
	return rank * 16u + (unsigned)(CCA_SEV_COUNT - 1 - (int)sev);
}

/* The rank of a category in "what needs attention first" order. */
static unsigned ru_rank(enum cca_rollup ru)
{
	switch (ru) {
	case CCA_RU_FAIL: return 0;
	case CCA_RU_ERROR: return 1;
	case CCA_RU_UNVERIFIED: return 2;
	case CCA_RU_WAIVED: return 3;
	case CCA_RU_PASS: return 4;
	case CCA_RU_NOTAPPLICABLE: return 5;
	default: return 6;
	}
}

/* A stacked bar of a tally (pass, waived, fail, error, unverified, n/a). */
static void tally_bar(struct pdoc *d, double x, double y, double w, double h,
		      const struct cca_tally *t)
{
	double vals[CCA_RU_NOTSELECTED];
	const struct rgb *cols[CCA_RU_NOTSELECTED];

	for (int i = 0; i < CCA_RU_NOTSELECTED; i++) {
		vals[i] = t->n[i];
		cols[i] = &ru_fill[i];
	}
	pl_stacked_bar(d, x, y, w, h, vals, cols, CCA_RU_NOTSELECTED);
}

/* A colour legend of the bar categories at the cursor, from x. */
static void legend(struct pdoc *d, double x)
{
	double y;

	pl_ensure(d, 14);
	y = d->y - 9;
	for (int i = 0; i < CCA_RU_NOTSELECTED; i++) {
		pl_rect(d, x, y, 7, 7, &ru_fill[i]);
		x += 10 + pl_text(d, &d->regular, 7.5, &pl_muted, x + 10, y + 0.5, 0, false,
				  ru_label[i]) + 12;
	}
	d->y -= 16;
}

/* A small bold heading inside a section. */
static void subheading(struct pdoc *d, const char *title)
{
	pl_ensure(d, 60);
	pl_space(d, 4);
	pl_text(d, &d->bold, 10.5, &pl_navy, PL_LEFT, d->y - 10.5, PL_WIDTH, false, title);
	d->y -= 18;
}

/* Body text paragraph. */
static void para(struct pdoc *d, const char *s)
{
	pl_paragraph(d, &d->regular, 9, &pl_ink, 0, s);
	pl_space(d, 6);
}

/* ---- document info -------------------------------------------------------- */

/* Title, author (the auditor), subject, keywords, creator and dates. */
static void set_info(struct pdoc *d, const struct cca_report *r)
{
	const struct cca_eval *ev = cca_report_eval(r);
	time_t t = cca_report_time(r);
	struct tm tm;
	char *s;

	s = pl_clean(cca_report_target(r), 200, false);
	{
		char *title = cca_xasprintf("Container security audit report: %s", s);

		HPDF_SetInfoAttr(d->pdf, HPDF_INFO_TITLE, title);
		free(title);
	}
	free(s);
	if (cca_report_auditor(r)) {
		s = pl_clean(cca_report_auditor(r), 200, false);
		HPDF_SetInfoAttr(d->pdf, HPDF_INFO_AUTHOR, s);
		free(s);
	}
	s = cca_xasprintf("Compliance of the container build and deployment evidence with the "
			  "%s catalog (profile %s): CSVS level %u achieved",
			  cca_catalog_version(cca_eval_catalog(ev)),
			  cca_profile_name(cca_eval_profile(ev)), cca_eval_level_achieved(ev));
	{
		char *c = pl_clean(s, 400, false);

		HPDF_SetInfoAttr(d->pdf, HPDF_INFO_SUBJECT, c);
		free(c);
	}
	free(s);
	HPDF_SetInfoAttr(d->pdf, HPDF_INFO_KEYWORDS,
			 "container security, audit, OWASP CSVS, NIST SP 800-190, DevSecOps");
	HPDF_SetInfoAttr(d->pdf, HPDF_INFO_CREATOR, PACKAGE_NAME " " PACKAGE_VERSION);
	if (gmtime_r(&t, &tm) && tm.tm_year + 1900 >= 1 && tm.tm_year + 1900 <= 9999) {
		HPDF_Date dt = { tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour,
				 tm.tm_min, tm.tm_sec > 59 ? 59 : tm.tm_sec, 'Z', 0, 0 };

		HPDF_SetInfoDateAttr(d->pdf, HPDF_INFO_CREATION_DATE, dt);
		HPDF_SetInfoDateAttr(d->pdf, HPDF_INFO_MOD_DATE, dt);
	}
}

/* ---- cover -------------------------------------------------------------------- */

/*
 * One fact of the cover: a small label over its value (bold, size points,
 * at most maxl lines) at (x, y) in a column w wide; returns the height used.
 * The limits keep the cover on one page whatever the values are.
 */
static double fact(struct pdoc *d, double x, double y, double w, const char *label,
		   const char *value, double size, unsigned maxl)
{
	struct pl_lines l = { 0 };
	double h, lead = size * 1.28;

	pl_text(d, &d->regular, 8, &pl_muted, x, y - 8, w, false, label);
	pl_wrap(d, &d->bold, size, value, w, maxl, &l);
	for (size_t i = 0; i < l.n; i++)
		pl_text(d, &d->bold, size, &pl_ink, x, y - 12 - size - lead * (double)i, 0, false,
			l.v[i]);
	h = 12 + lead * (double)(l.n ? l.n : 1) + 10;
	pl_lines_release(&l);
	return h;
}

/*
 * Wrapped text at a fixed place, never breaking the page (the cover):
 * at most maxl lines of width w with the first baseline below y; returns
 * the height used.
 */
static double text_block(struct pdoc *d, struct pfont *f, double size, const struct rgb *c,
			 double x, double y, double w, unsigned maxl, const char *s)
{
	struct pl_lines l = { 0 };
	double lead = size * 1.28;

	pl_wrap(d, f, size, s, w, maxl, &l);
	for (size_t i = 0; i < l.n; i++)
		pl_text(d, f, size, c, x, y - size - lead * (double)i, 0, false, l.v[i]);
	pl_lines_release(&l);
	return lead * (double)l.n;
}

/* The sentence under the level badge: which level is met and what blocks the next. */
static void verdict(struct cca_buf *b, const struct cca_eval *ev)
{
	unsigned achieved = cca_eval_level_achieved(ev);
	const struct cca_level_score *next;

	if (achieved >= CCA_LEVEL_MAX) {
		cca_buf_printf(b, "Every requirement of CSVS levels 1 to %u passes, is waived or "
			       "does not apply.", CCA_LEVEL_MAX);
		return;
	}
	if (achieved == 1)
		cca_buf_puts(b, "Every requirement of CSVS level 1 passes, is waived or does not "
			     "apply. ");
	else if (achieved > 1)
		cca_buf_printf(b, "Every requirement of CSVS levels 1 to %u passes, is waived or "
			       "does not apply. ", achieved);
	next = cca_eval_level(ev, achieved + 1);
	cca_buf_printf(b, "Level %u is not met: ", achieved + 1);
	{
		const struct cca_tally *t = &next->controls;
		bool first = true;

		if (t->n[CCA_RU_FAIL]) {
			cca_buf_printf(b, "%u requirement%s fail%s", t->n[CCA_RU_FAIL],
				       t->n[CCA_RU_FAIL] == 1 ? "" : "s",
				       t->n[CCA_RU_FAIL] == 1 ? "s" : "");
			first = false;
		}
		if (t->n[CCA_RU_ERROR]) {
			cca_buf_printf(b, "%s%u could not be evaluated", first ? "" : ", ",
				       t->n[CCA_RU_ERROR]);
			first = false;
		}
		if (t->n[CCA_RU_UNVERIFIED]) {
			cca_buf_printf(b, "%s%u %s unverified (awaiting evidence or attestation)",
				       first ? "" : (t->n[CCA_RU_ERROR] ? ", and " : " and "),
				       t->n[CCA_RU_UNVERIFIED],
				       t->n[CCA_RU_UNVERIFIED] == 1 ? "is" : "are");
			first = false;
		}
		if (first)
			cca_buf_puts(b, "no requirement was evaluated");
		cca_buf_puts(b, ".");
	}
}

/*
 * The cover page (no running header): title band, target, date, auditor,
 * profile, frameworks, evidence count, the CSVS level achieved as a badge,
 * the verdict and sign-off lines.
 */
static void cover(struct pdoc *d, const struct cca_report *r)
{
	const struct cca_eval *ev = cca_report_eval(r);
	const struct cca_catalog *cat = cca_eval_catalog(ev);
	const struct cca_profile *p = cca_eval_profile(ev);
	unsigned achieved = cca_eval_level_achieved(ev);
	const struct rgb *badge = achieved == 0 ? &ru_fill[CCA_RU_FAIL]
				  : achieved < CCA_LEVEL_MAX ? &pl_accent : &ru_fill[CCA_RU_PASS];
	double top = PL_PAGE_H - 262, y, btop, colw = 310, bx = PL_RIGHT - 160;
	long csvs = cca_catalog_find_framework(cat, CCA_FW_CSVS);
	struct cca_buf b;
	char when[40], big[8];

	cca_buf_init(&b);
	format_time(cca_report_time(r), when, sizeof when);
	pl_new_page(d);
	pl_section(d, 2, "Cover", false);
	/* the title band */
	pl_rect(d, 0, top, PL_PAGE_W, PL_PAGE_H - top, &pl_navy);
	pl_rect(d, 0, top - 5, PL_PAGE_W, 5, &pl_accent);
	pl_text(d, &d->bold, 9, &cover_soft, PL_LEFT, PL_PAGE_H - 92, PL_WIDTH, false,
		"CCAUDIT  \xC2\xB7  CONTAINER SECURITY COMPLIANCE");
	pl_text(d, &d->bold, 30, &pl_white, PL_LEFT, PL_PAGE_H - 140, PL_WIDTH, false,
		"Container Security");
	pl_text(d, &d->bold, 30, &pl_white, PL_LEFT, PL_PAGE_H - 176, PL_WIDTH, false,
		"Audit Report");
	cca_buf_printf(&b, "Evaluated against the %s catalog", cca_catalog_version(cat));
	pl_text(d, &d->regular, 11, &cover_soft, PL_LEFT, PL_PAGE_H - 214, PL_WIDTH, false,
		cca_buf_str(&b));

	/* the audited target */
	y = top - 40;
	pl_text(d, &d->regular, 9, &pl_muted, PL_LEFT, y - 9, PL_WIDTH, false, "Audited target");
	pl_text(d, &d->bold, 22, &pl_ink, PL_LEFT, y - 36, PL_WIDTH, false, cca_report_target(r));
	y -= 62;
	pl_line(d, PL_LEFT, y, PL_RIGHT, y, 0.6, &pl_rule);
	y -= 18;

	/* the level badge, right */
	btop = y;
	pl_rect(d, bx, y - 150, 160, 150, badge);
	pl_text(d, &d->bold, 10, &pl_white, bx + 14, y - 24, 140, false, "CSVS level achieved");
	snprintf(big, sizeof big, "%u", achieved);
	pl_text(d, &d->bold, 64, &pl_white, bx + 14, y - 100, 0, false, big);
	pl_text(d, &d->regular, 10, &pl_white, bx + 14 + pl_width(d, &d->bold, 64, big) + 8,
		y - 100, 0, false, "of 3");
	cca_buf_reset(&b);
	if (!achieved)
		cca_buf_puts(&b, "level 1 not met");
	else if (csvs >= 0)
		cca_buf_printf(&b, "OWASP CSVS %s",
			       cca_catalog_framework(cat, (size_t)csvs)->version
			       ? cca_catalog_framework(cat, (size_t)csvs)->version : "");
	pl_text(d, &d->regular, 8, &pl_white, bx + 14, y - 134, 140, false, cca_buf_str(&b));

	/* the facts, left */
	y -= fact(d, PL_LEFT, y, colw, "Date of report", when, 10.5, 1);
	y -= fact(d, PL_LEFT, y, colw, "Auditor",
		  cca_report_auditor(r) ? cca_report_auditor(r) : "not named (ccaudit --auditor)",
		  10.5, 2);
	cca_buf_reset(&b);
	cca_buf_puts(&b, cca_profile_name(p));
	if (cca_profile_tailoring(p))
		cca_buf_printf(&b, ", tailored (%s)", cca_profile_tailoring(p));
	if (cca_profile_roles(p) != CCA_ROLE_ALL) {
		cca_buf_puts(&b, ", roles ");
		cca_roles_join(&b, cca_profile_roles(p), "-");
	}
	y -= fact(d, PL_LEFT, y, colw, "Profile", cca_buf_str(&b), 10.5, 2);
	cca_buf_reset(&b);
	for (size_t i = 0; i < cca_catalog_nframeworks(cat); i++) {
		const struct cca_framework *fw = cca_catalog_framework(cat, i);

		cca_buf_printf(&b, "%s%s%s%s", i ? "\n" : "", fw->title,
			       fw->version ? " " : "", fw->version ? fw->version : "");
	}
	y -= fact(d, PL_LEFT, y, colw, "Frameworks", cca_buf_str(&b), 8.5, 5);
	cca_buf_reset(&b);
	cca_buf_printf(&b, "%zu input%s, hashed in Appendix C", cca_report_ninputs(r),
		       cca_report_ninputs(r) == 1 ? "" : "s");
	y -= fact(d, PL_LEFT, y, colw, "Evidence", cca_buf_str(&b), 10.5, 1);

	/* the verdict */
	cca_buf_reset(&b);
	verdict(&b, ev);
	y = (y < btop - 150 ? y : btop - 150) - 14;
	y -= text_block(d, &d->regular, 10, &pl_ink, PL_LEFT, y, PL_WIDTH, 4, cca_buf_str(&b));

	/* sign-off, below the verdict */
	y = y - 44 < 150 ? y - 44 : 150;
	pl_text(d, &d->bold, 9, &pl_navy, PL_LEFT, y + 26, PL_WIDTH, false, "Sign-off");
	pl_line(d, PL_LEFT, y, PL_LEFT + 200, y, 0.6, &pl_faint);
	pl_line(d, PL_LEFT + 240, y, PL_LEFT + 360, y, 0.6, &pl_faint);
	pl_text(d, &d->regular, 8, &pl_muted, PL_LEFT, y - 11, 200, false,
		cca_report_auditor(r) ? cca_report_auditor(r) : "Auditor");
	pl_text(d, &d->regular, 8, &pl_muted, PL_LEFT + 240, y - 11, 120, false, "Date");
	y = y - 40 < 92 ? y - 40 : 92;
	cca_buf_reset(&b);
	cca_buf_printf(&b, "Generated by %s %s from the evidence listed in Appendix C. Results use "
		       "the XCCDF 1.2 statuses; a waived failure counts as passing and is always "
		       "shown as waived, with who accepted it and until when.",
		       PACKAGE_NAME, PACKAGE_VERSION);
	text_block(d, &d->regular, 7, &pl_muted, PL_LEFT, y, PL_WIDTH, 3, cca_buf_str(&b));
	cca_buf_release(&b);
}

/* ---- 1 executive summary ------------------------------------------------------------- */

/* One key figure box: big number and label. */
static void figure(struct pdoc *d, double x, double y, double w, const char *num,
		   const struct rgb *c, const char *label)
{
	pl_rect(d, x, y - 60, w, 60, &pl_zebra);
	pl_rect(d, x, y - 60, 3, 60, c);
	pl_text(d, &d->bold, 22, c, x + 12, y - 30, w - 16, false, num);
	pl_text(d, &d->regular, 8, &pl_muted, x + 12, y - 48, w - 16, false, label);
}

/* A table row of tally counts with a score: name, 6 counts, score. */
static void tally_row(struct pdoc *d, struct pl_table *t, const char *name,
		      const struct cca_tally *ta)
{
	struct pl_cell c[8];
	char num[6][12], score[16];
	static const int order[6] = { CCA_RU_PASS, CCA_RU_WAIVED, CCA_RU_FAIL, CCA_RU_ERROR,
				      CCA_RU_UNVERIFIED, CCA_RU_NOTAPPLICABLE };

	memset(c, 0, sizeof c);
	c[0].text = name;
	c[0].bold = true;
	for (int i = 0; i < 6; i++) {
		snprintf(num[i], sizeof num[i], "%u", ta->n[order[i]]);
		c[1 + i].text = num[i];
		if (ta->n[order[i]] && order[i] != CCA_RU_NOTAPPLICABLE)
			c[1 + i].color = &ru_text[order[i]];
	}
	format_score(ta, score, sizeof score);
	c[7].text = score;
	c[7].bold = true;
	pl_table_row(d, t, c);
}

static const struct pl_col tally_cols[8] = {
	{ "", 175, false }, { "Pass", 40, true }, { "Waived", 42, true },
	{ "Fail", 38, true }, { "Error", 38, true }, { "Unverified", 56, true },
	{ "N/A", 36, true }, { "Score", 70.28, true },
};

/* The most severe failing or erroring rules. */
static void worst(struct pdoc *d, const struct cca_eval *ev)
{
	static const struct pl_col cols[3] = {
		{ "Severity", 60, false }, { "Rule", 160, false }, { "Result", 275.28, false },
	};
	const struct cca_catalog *cat = cca_eval_catalog(ev);
	const struct cca_profile *p = cca_eval_profile(ev);
	size_t n = cca_catalog_nrules(cat), nbad = 0;
	struct ranked *bad = cca_xcalloc(n ? n : 1, sizeof *bad);
	struct pl_table t = { cols, 3, 8, 4, 0 };

	for (size_t i = 0; i < n; i++) {
		enum cca_rollup ru = rule_ru(cca_eval_rule(ev, i));

		if (ru == CCA_RU_FAIL || ru == CCA_RU_ERROR) {
			bad[nbad].rule = i;
			bad[nbad++].key = rank_key(0, cca_profile_severity(p, i)) * 4 + ru_rank(ru);
		}
	}
	qsort(bad, nbad, sizeof *bad, cmp_ranked);
	subheading(d, nbad ? "Most severe failing rules" : "Failing rules");
	if (!nbad) {
		para(d, "No rule fails and no rule ended in an error.");
		free(bad);
		return;
	}
	pl_table_begin(d, &t);
	for (size_t k = 0; k < nbad && k < PDF_WORST; k++) {
		const struct cca_rule *r = cca_catalog_rule(cat, bad[k].rule);
		const struct cca_rule_result *rr = cca_eval_rule(ev, bad[k].rule);
		enum cca_severity sev = cca_profile_severity(p, bad[k].rule);
		struct pl_cell c[3] = {
			{ cca_severity_name(sev), NULL, &sev_rgb[sev], true },
			{ r->id, r->title, NULL, true },
			{ rr->message, NULL, NULL, false },
		};

		pl_table_row(d, &t, c);
	}
	pl_table_end(d, &t);
	if (nbad > PDF_WORST) {
		char *s = cca_xasprintf("%zu more failing rules are listed in section 3.",
					nbad - PDF_WORST);

		para(d, s);
		free(s);
	}
	free(bad);
}

/*
 * Section 1: a paragraph with the verdict, four key figures, a stacked bar
 * per CSVS level with its score and whether it is met, control tallies per
 * framework and rule tallies per role, the rule counts by status, and the
 * most severe failing rules.
 */
static void summary(struct pdoc *d, const struct cca_report *r)
{
	const struct cca_eval *ev = cca_report_eval(r);
	const struct cca_catalog *cat = cca_eval_catalog(ev);
	unsigned counts[CCA_STATUS_COUNT] = { 0 }, waived = 0, achieved = cca_eval_level_achieved(ev);
	unsigned selected = 0;
	struct cca_buf b;
	char num[4][16];
	double fw = (PL_WIDTH - 3 * 10) / 4, y;
	struct pl_table t = { tally_cols, 8, 8, 3, 0 };

	cca_buf_init(&b);
	for (size_t i = 0; i < cca_catalog_nrules(cat); i++) {
		const struct cca_rule_result *rr = cca_eval_rule(ev, i);

		counts[rr->status]++;
		waived += rr->waived;
		selected += rr->status != CCA_NOTSELECTED;
	}
	pl_section(d, 0, "1 Executive summary", true);
	cca_buf_printf(&b, "This report records the audit of %s against the %s catalog with profile "
		       "%s: %u rules were evaluated over %zu inputs. CSVS level %u of %u is "
		       "achieved. ", cca_report_target(r), cca_catalog_version(cat),
		       cca_profile_name(cca_eval_profile(ev)), selected, cca_report_ninputs(r),
		       achieved, CCA_LEVEL_MAX);
	verdict(&b, ev);
	para(d, cca_buf_str(&b));

	/* key figures */
	pl_ensure(d, 74);
	y = d->y - 4;
	snprintf(num[0], sizeof num[0], "%u / %u", achieved, CCA_LEVEL_MAX);
	snprintf(num[1], sizeof num[1], "%u", counts[CCA_FAIL] + counts[CCA_ERROR]);
	snprintf(num[2], sizeof num[2], "%u", counts[CCA_NOTCHECKED] + counts[CCA_UNKNOWN]);
	snprintf(num[3], sizeof num[3], "%u", waived);
	figure(d, PL_LEFT, y, fw, num[0], achieved ? &ru_text[CCA_RU_PASS] : &ru_text[CCA_RU_FAIL],
	       "CSVS level achieved");
	figure(d, PL_LEFT + (fw + 10), y, fw, num[1],
	       counts[CCA_FAIL] + counts[CCA_ERROR] ? &ru_text[CCA_RU_FAIL] : &ru_text[CCA_RU_PASS],
	       "failing rules (incl. errors)");
	figure(d, PL_LEFT + 2 * (fw + 10), y, fw, num[2], &ru_text[CCA_RU_UNVERIFIED],
	       "unverified rules");
	figure(d, PL_LEFT + 3 * (fw + 10), y, fw, num[3], &ru_text[CCA_RU_WAIVED],
	       "waived failures");
	d->y = y - 60 - 14;

	/* the level bars */
	subheading(d, "Score per CSVS level");
	for (unsigned l = 1; l <= CCA_LEVEL_MAX; l++) {
		const struct cca_level_score *ls = cca_eval_level(ev, l);
		const struct cca_tally *ta = &ls->controls;
		unsigned total = cca_tally_counted(ta), na = ta->n[CCA_RU_NOTAPPLICABLE];
		char label[16], score[16];
		double bw = 270, bx = PL_LEFT + 62;

		pl_ensure(d, 34);
		y = d->y;
		snprintf(label, sizeof label, "Level %u", l);
		pl_text(d, &d->bold, 10, &pl_ink, PL_LEFT, y - 12, 60, false, label);
		tally_bar(d, bx, y - 14, bw, 13, ta);
		format_score(ta, score, sizeof score);
		pl_text(d, &d->bold, 10, &pl_ink, bx + bw + 10, y - 12, 50, false, score);
		pl_text(d, &d->bold, 9, ls->met ? &ru_text[CCA_RU_PASS] : &ru_text[CCA_RU_FAIL],
			bx + bw + 52, y - 12, 0, false, ls->met ? "met" : "not met");
		cca_buf_reset(&b);
		cca_buf_printf(&b, "%u of %u applicable requirements pass or are waived",
			       ta->n[CCA_RU_PASS] + ta->n[CCA_RU_WAIVED], total - na);
		for (int k = CCA_RU_FAIL; k <= CCA_RU_UNVERIFIED; k++)
			if (ta->n[k])
				cca_buf_printf(&b, " \xC2\xB7 %u %s", ta->n[k], ru_label[k]);
		pl_text(d, &d->regular, 7.5, &pl_muted, bx, y - 24, PL_RIGHT - bx, false,
			cca_buf_str(&b));
		d->y -= 32;
	}
	legend(d, PL_LEFT + 62);
	para(d, "A level is met when every requirement at that level passes, is waived or does "
	     "not apply; the level achieved is the highest level met together with every level "
	     "below it. The score is (pass + waived) / (requirements - not applicable).");

	/* frameworks and roles */
	subheading(d, "Controls per framework");
	pl_table_begin(d, &t);
	for (size_t i = 0; i < cca_catalog_nframeworks(cat); i++) {
		struct cca_tally ta = cca_eval_framework(ev, i);

		tally_row(d, &t, cca_catalog_framework(cat, i)->title, &ta);
	}
	pl_table_end(d, &t);
	subheading(d, "Rules per DevSecOps role");
	pl_table_begin(d, &t);
	for (size_t i = 0; i < CCA_ROLE_COUNT; i++) {
		struct cca_tally ta = cca_eval_role(ev, cca_role_at(i));

		tally_row(d, &t, cca_role_title(cca_role_at(i)), &ta);
	}
	pl_table_end(d, &t);
	cca_buf_reset(&b);
	cca_buf_puts(&b, "Rule results:");
	for (int s = 0, first = 1; s < CCA_STATUS_COUNT; s++) {
		if (!counts[s] || s == CCA_NOTSELECTED)
			continue;
		cca_buf_printf(&b, "%s %u %s", first ? "" : ",", counts[s],
			       cca_status_name((enum cca_status)s));
		first = 0;
	}
	if (waived)
		cca_buf_printf(&b, " (%u of the passes are waived failures)", waived);
	if (counts[CCA_NOTSELECTED])
		cca_buf_printf(&b, "; %u rules are not selected by the profile",
			       counts[CCA_NOTSELECTED]);
	cca_buf_puts(&b, ".");
	para(d, cca_buf_str(&b));
	worst(d, ev);
	cca_buf_release(&b);
}

/* ---- 2 roles ------------------------------------------------------------------------------ */

/*
 * Subsection 2.num for role index ri: the role's tally as a bar and score,
 * then its open items (fail, error, unverified, waived; most urgent and
 * most severe first) as a table.
 */
static void role_section(struct pdoc *d, const struct cca_eval *ev, size_t ri, size_t num)
{
	static const struct pl_col cols[4] = {
		{ "Rule", 165, false }, { "Severity", 52, false }, { "Status", 62, false },
		{ "Result", 216.28, false },
	};
	const struct cca_catalog *cat = cca_eval_catalog(ev);
	const struct cca_profile *p = cca_eval_profile(ev);
	unsigned role = cca_role_at(ri);
	struct cca_tally ta = cca_eval_role(ev, role);
	size_t n = cca_catalog_nrules(cat), nopen = 0;
	struct ranked *open = cca_xcalloc(n ? n : 1, sizeof *open);
	struct pl_table t = { cols, 4, 8, 6, 0 };
	struct cca_buf b;
	char score[16], *title;
	double y;

	cca_buf_init(&b);
	title = cca_xasprintf("2.%zu %s", num, cca_role_title(role));
	pl_section(d, 1, title, true);
	free(title);
	pl_ensure(d, 40);
	y = d->y;
	tally_bar(d, PL_LEFT, y - 13, 300, 12, &ta);
	format_score(&ta, score, sizeof score);
	pl_text(d, &d->bold, 10, &pl_ink, PL_LEFT + 310, y - 11.5, 60, false, score);
	put_tally(&b, &ta);
	pl_text(d, &d->regular, 7.5, &pl_muted, PL_LEFT, y - 24, PL_WIDTH, false, cca_buf_str(&b));
	d->y -= 34;
	for (size_t i = 0; i < n; i++) {
		const struct cca_rule_result *rr = cca_eval_rule(ev, i);
		enum cca_rollup ru = rule_ru(rr);

		if (!(cca_catalog_rule(cat, i)->roles & role) || rr->status == CCA_NOTSELECTED)
			continue;
		if (ru == CCA_RU_FAIL || ru == CCA_RU_ERROR || ru == CCA_RU_UNVERIFIED ||
		    ru == CCA_RU_WAIVED) {
			open[nopen].rule = i;
			open[nopen++].key = rank_key(ru_rank(ru), cca_profile_severity(p, i));
		}
	}
	qsort(open, nopen, sizeof *open, cmp_ranked);
	if (!nopen) {
		para(d, "No open items: every rule this role owns passes or does not apply.");
	} else {
		cca_buf_reset(&b);
		cca_buf_printf(&b, "Open items of the %s role: failing rules first, then rules that "
			       "could not be evaluated, rules awaiting evidence or attestation, and "
			       "waived failures.", cca_role_name(role));
		para(d, cca_buf_str(&b));
		pl_table_begin(d, &t);
		for (size_t k = 0; k < nopen && !pl_failed(d); k++) {
			const struct cca_rule *r = cca_catalog_rule(cat, open[k].rule);
			const struct cca_rule_result *rr = cca_eval_rule(ev, open[k].rule);
			enum cca_severity sev = cca_profile_severity(p, open[k].rule);
			struct pl_cell c[4] = {
				{ r->id, r->title, NULL, true },
				{ cca_severity_name(sev), NULL, &sev_rgb[sev], false },
				{ rule_word(rr), r->manual ? "manual" : NULL, &ru_text[rule_ru(rr)], true },
				{ rr->message, NULL, NULL, false },
			};

			pl_table_row(d, &t, c);
		}
		pl_table_end(d, &t);
	}
	cca_buf_reset(&b);
	cca_buf_printf(&b, "%u rule%s of this role pass and %u do%s not apply; Appendix A lists "
		       "every rule result.", ta.n[CCA_RU_PASS], ta.n[CCA_RU_PASS] == 1 ? "" : "s",
		       ta.n[CCA_RU_NOTAPPLICABLE], ta.n[CCA_RU_NOTAPPLICABLE] == 1 ? "es" : "");
	para(d, cca_buf_str(&b));
	free(open);
	cca_buf_release(&b);
}

/* Section 2: a subsection per DevSecOps role. */
static void roles(struct pdoc *d, const struct cca_report *r)
{
	const struct cca_eval *ev = cca_report_eval(r);

	pl_section(d, 0, "2 Open items by role", true);
	para(d, "Every rule is owned by one or more DevSecOps roles: development (Dockerfiles, "
	     "builds), security (policies, scanning, secrets) and operations (hosts, registries, "
	     "runtime). Each role below sees its share of the result.");
	for (size_t i = 0; i < CCA_ROLE_COUNT; i++)
		role_section(d, ev, i, i + 1);
}

/* ---- 3 findings ------------------------------------------------------------------------------ */

/* "Waived by X on D until E: reason (source)" or the expired form, into b. */
static void put_waiver(struct cca_buf *b, const struct cca_waiver *w, bool expired)
{
	char date[11], exp[11];

	format_day(w->date, date);
	format_day(w->expires, exp);
	if (expired)
		cca_buf_printf(b, "EXPIRED on %s (no longer counts): granted by %s", exp, w->by);
	else if (w->expires == CCA_NEVER)
		cca_buf_printf(b, "in force with no expiry: granted by %s", w->by);
	else
		cca_buf_printf(b, "in force until %s: granted by %s", exp, w->by);
	if (w->date != CCA_NO_DATE)
		cca_buf_printf(b, " on %s", date);
	if (w->target)
		cca_buf_printf(b, " for target %s", w->target);
	cca_buf_printf(b, ". Reason: %s (%s:%u)", w->reason ? w->reason : "none given",
		       w->file ? w->file : "?", w->line);
}

/* "fail by X on D, expires E: note; evidence: ... (source)" into b. */
static void put_attestation(struct cca_buf *b, const struct cca_attestation *a, bool expired)
{
	char date[11], exp[11];

	format_day(a->date, date);
	format_day(a->expires, exp);
	cca_buf_printf(b, "%s by %s on %s, ", cca_status_name(a->status), a->by, date);
	if (a->expires == CCA_NEVER)
		cca_buf_puts(b, "with no expiry");
	else
		cca_buf_printf(b, "%s %s", expired ? "EXPIRED on" : "valid until", exp);
	if (a->note)
		cca_buf_printf(b, ". Note: %s", a->note);
	if (a->evidence)
		cca_buf_printf(b, ". Evidence: %s", a->evidence);
	cca_buf_printf(b, " (%s:%u)", a->file ? a->file : "?", a->line);
}

/* The table of a rule's findings; lists at most *budget rows and lowers it. */
static void finding_table(struct pdoc *d, const struct cca_report *rep,
			  const struct cca_rule_result *rr, size_t *budget)
{
	const struct cca_eval *ev = cca_report_eval(rep);
	const char *target = cca_report_target(rep);
	int64_t today = cca_days_of(cca_report_time(rep));
	static const struct pl_col cols[4] = {
		{ "#", 28, true }, { "Location", 165, false }, { "Finding", 228.28, false },
		{ "Status", 74, false },
	};
	struct pl_table t = { cols, 4, 7.5, 8, 0 };
	struct cca_buf loc, sub, own;
	size_t shown = 0;

	if (!rr->nfindings)
		return;
	cca_buf_init(&loc);
	cca_buf_init(&sub);
	cca_buf_init(&own);
	pl_table_begin(d, &t);
	for (size_t k = 0; k < rr->nfindings && *budget > 0 && !pl_failed(d); k++) {
		const struct cca_finding *f = cca_eval_finding(ev, rr->first_finding + k);
		const struct cca_finding_track *tr = cca_report_track(rep, rr->first_finding + k);
		char num[24], exp[11];
		struct pl_cell c[4];

		memset(c, 0, sizeof c);
		snprintf(num, sizeof num, "%zu", k + 1);
		cca_buf_reset(&loc);
		cca_buf_reset(&sub);
		cca_buf_reset(&own);
		if (f->target && !cca_streq(f->target, target))
			cca_buf_printf(&loc, "%s: ", f->target);
		cca_buf_puts(&loc, f->location ? f->location : "-");
		c[0].text = num;
		c[0].color = &pl_muted;
		c[1].text = cca_buf_str(&loc);
		c[2].text = f->message;
		if (f->waived) {
			format_day(f->suppression ? f->suppression->expires : CCA_NEVER, exp);
			c[3].text = "waived";
			c[3].color = &ru_text[CCA_RU_WAIVED];
			if (f->suppression)
				cca_buf_printf(&sub, "until %s (section 4)", exp);
		} else {
			c[3].text = cca_status_name(f->status);
			c[3].color = &ru_text[cca_rollup_category(f->status, false)];
			if (f->suppression && f->suppression_expired) {
				format_day(f->suppression->expires, exp);
				cca_buf_printf(&sub, "suppression expired %s", exp);
			}
		}
		if (tr->lifecycle != CCA_LC_UNTRACKED)
			cca_buf_printf(&sub, "%s%s", sub.len ? " \xC2\xB7 " : "",
				       cca_lifecycle_name(tr->lifecycle));
		put_owner(&own, tr, today);
		c[1].sub = own.len ? cca_buf_str(&own) : NULL;
		c[3].bold = true;
		c[3].sub = sub.len ? cca_buf_str(&sub) : NULL;
		pl_table_row(d, &t, c);
		shown++;
		(*budget)--;
	}
	pl_table_end(d, &t);
	if (shown < rr->nfindings) {
		char *s = cca_xasprintf("%zu more finding%s of this rule are not listed: the PDF lists "
					"at most %d findings in all; the JSON, CSV and SARIF reports "
					"have every one.", rr->nfindings - shown,
					rr->nfindings - shown == 1 ? "" : "s", PDF_MAX_FINDINGS);

		para(d, s);
		free(s);
	}
	cca_buf_release(&loc);
	cca_buf_release(&sub);
	cca_buf_release(&own);
}

/*
 * One rule of section 3 (rule index ri): a bookmarked heading with status
 * and severity, the rule's title, severity, kind, roles and controls, the
 * override when a waiver changed the result, the result message, the
 * remediation, the waiver and attestation, and its findings table
 * (drawing from *budget).
 */
static void rule_block(struct pdoc *d, const struct cca_report *rep, size_t ri, size_t *budget)
{
	const struct cca_eval *ev = cca_report_eval(rep);
	const struct cca_catalog *cat = cca_eval_catalog(ev);
	const struct cca_rule *r = cca_catalog_rule(cat, ri);
	const struct cca_rule_result *rr = cca_eval_rule(ev, ri);
	enum cca_severity sev = cca_profile_severity(cca_eval_profile(ev), ri);
	enum cca_rollup ru = rule_ru(rr);
	struct cca_buf b;
	double y, sw;
	char tag[64];

	cca_buf_init(&b);
	pl_ensure(d, 110);
	pl_space(d, 4);
	pl_section(d, 2, r->id, false);
	y = d->y;
	pl_rect(d, PL_LEFT, y - 20, PL_WIDTH, 20, &pl_head);
	pl_rect(d, PL_LEFT, y - 20, 4, 20, &sev_rgb[sev]);
	snprintf(tag, sizeof tag, "%s \xC2\xB7 %s", rule_word(rr), cca_severity_name(sev));
	sw = pl_text(d, &d->bold, 9, &ru_text[ru], PL_RIGHT - 6, y - 13.5, 0, true, tag);
	pl_text(d, &d->bold, 10.5, &pl_navy, PL_LEFT + 10, y - 14, PL_WIDTH - sw - 24, false, r->id);
	d->y -= 24;
	if (r->title)
		pl_paragraph(d, &d->bold, 9, &pl_ink, 0, r->title);
	cca_buf_printf(&b, "Severity %s \xC2\xB7 %s rule", cca_severity_name(sev),
		       r->manual ? "manual" : "automated");
	if (r->check)
		cca_buf_printf(&b, " (check %s)", r->check);
	cca_buf_puts(&b, " \xC2\xB7 roles ");
	cca_roles_join(&b, r->roles, "-");
	cca_buf_puts(&b, " \xC2\xB7 controls ");
	for (size_t k = 0; k < r->ncontrols; k++)
		cca_buf_printf(&b, "%s%s", k ? ", " : "", cca_catalog_control(cat, r->controls[k])->id);
	if (!r->ncontrols)
		cca_buf_puts(&b, "-");
	pl_paragraph(d, &d->regular, 7.5, &pl_muted, 0, cca_buf_str(&b));
	pl_space(d, 4);
	if (rr->waived || rr->observed != rr->status) {
		cca_buf_reset(&b);
		cca_buf_printf(&b, "observed %s, counted as %s%s", cca_status_name(rr->observed),
			       cca_status_name(rr->status), rr->waived ? " because of the waiver below" : "");
		pl_labelled(d, 8.5, "Override", cca_buf_str(&b));
	}
	pl_labelled(d, 8.5, "Result", rr->message ? rr->message : "-");
	if (r->remediation)
		pl_labelled(d, 8.5, "Remediation", r->remediation);
	if (rr->waiver) {
		cca_buf_reset(&b);
		put_waiver(&b, rr->waiver, rr->waiver_expired);
		pl_labelled(d, 8.5, "Waiver", cca_buf_str(&b));
	}
	if (rr->attestation) {
		cca_buf_reset(&b);
		put_attestation(&b, rr->attestation, rr->attestation_expired);
		pl_labelled(d, 8.5, "Attestation", cca_buf_str(&b));
	}
	pl_space(d, 4);
	finding_table(d, rep, rr, budget);
	if (!rr->nfindings)
		pl_space(d, 10);
	cca_buf_release(&b);
}

/*
 * Section 3: every failing, erroring, unknown or waived rule, then the
 * informational rules with findings, each ordered by severity; at most
 * PDF_MAX_FINDINGS finding rows in all.
 */
static void findings(struct pdoc *d, const struct cca_report *rep)
{
	const struct cca_eval *ev = cca_report_eval(rep);
	const struct cca_catalog *cat = cca_eval_catalog(ev);
	const struct cca_profile *p = cca_eval_profile(ev);
	size_t n = cca_catalog_nrules(cat), nsel = 0, budget = PDF_MAX_FINDINGS;
	struct ranked *sel = cca_xcalloc(n ? n : 1, sizeof *sel);

	for (size_t i = 0; i < n; i++) {
		const struct cca_rule_result *rr = cca_eval_rule(ev, i);
		enum cca_rollup ru = rule_ru(rr);
		unsigned rank;

		if (ru == CCA_RU_FAIL)
			rank = 0;
		else if (ru == CCA_RU_ERROR)
			rank = 1;
		else if (rr->status == CCA_UNKNOWN)
			rank = 2;
		else if (ru == CCA_RU_WAIVED)
			rank = 3;
		else if (rr->status == CCA_INFORMATIONAL && rr->nfindings)
			rank = 4;
		else
			continue;
		sel[nsel].rule = i;
		sel[nsel++].key = rank_key(rank, cca_profile_severity(p, i));
	}
	qsort(sel, nsel, sizeof *sel, cmp_ranked);
	pl_section(d, 0, "3 Findings", true);
	if (!nsel) {
		para(d, "No rule failed, ended in an error or was waived.");
	} else {
		para(d, "Every rule that fails, could not be evaluated or was waived, most urgent "
		     "first, and then informational rules with findings: what the rule requires, "
		     "what was observed where, how to fix it, and any waiver or attestation that "
		     "applies. Secrets are shown masked.");
	}
	for (size_t k = 0; k < nsel && !pl_failed(d); k++)
		rule_block(d, rep, sel[k].rule, &budget);
	free(sel);
}

/* ---- 4 waivers ------------------------------------------------------------------------------- */

/* Order waiver pointers by address (only to find duplicates). */
static int cmp_waiver_ptr(const void *pa, const void *pb)
{
	uintptr_t a = (uintptr_t)*(const struct cca_waiver *const *)pa;
	uintptr_t b = (uintptr_t)*(const struct cca_waiver *const *)pb;

	return a < b ? -1 : a > b;
}

/*
 * The distinct waivers of rule result rr: its own, then the suppressions of
 * its findings, sorted by address into *out (the caller frees it); returns
 * how many.
 */
static size_t distinct_waivers(const struct cca_eval *ev, const struct cca_rule_result *rr,
			       const struct cca_waiver ***out)
{
	const struct cca_waiver **v = cca_xcalloc(rr->nfindings + 1, sizeof *v);
	size_t n = 0, u = 0;

	if (rr->waiver)
		v[n++] = rr->waiver;
	for (size_t k = 0; k < rr->nfindings; k++) {
		const struct cca_finding *f = cca_eval_finding(ev, rr->first_finding + k);

		if (f->suppression)
			v[n++] = f->suppression;
	}
	qsort(v, n, sizeof *v, cmp_waiver_ptr);
	for (size_t k = 0; k < n; k++)
		if (!u || v[u - 1] != v[k])
			v[u++] = v[k];
	*out = v;
	return u;
}

/*
 * Section 4: a row per distinct waiver or suppression (rule, scope, who,
 * why, source, expiry, in force or expired), at most PDF_MAX_WAIVER_ROWS,
 * then the expired attestations.
 */
static void waivers(struct pdoc *d, const struct cca_report *rep)
{
	static const struct pl_col cols[5] = {
		{ "Rule / scope", 150, false }, { "Granted by", 90, false },
		{ "Reason", 145.28, false }, { "Expires", 55, false }, { "State", 55, false },
	};
	static const struct pl_col acols[4] = {
		{ "Rule", 150, false }, { "Answer by", 120, false }, { "Expired on", 70, false },
		{ "Counts as", 155.28, false },
	};
	const struct cca_eval *ev = cca_report_eval(rep);
	const struct cca_catalog *cat = cca_eval_catalog(ev);
	struct pl_table t = { cols, 5, 7.5, 8, 0 };
	size_t rows = 0, omitted = 0, nexp = 0;
	bool begun = false;
	struct cca_buf scope, reason;

	cca_buf_init(&scope);
	cca_buf_init(&reason);
	pl_section(d, 0, "4 Waivers and exceptions", true);
	para(d, "A waiver accepts a failing rule for a limited time. While in force the failure "
	     "counts as passing and is reported as waived; once expired it no longer counts. "
	     "Suppressions written in the evidence (for example a comment in a Dockerfile) are "
	     "waivers for one location. None of them is hidden.");
	for (size_t i = 0; i < cca_catalog_nrules(cat) && !pl_failed(d); i++) {
		const struct cca_rule_result *rr = cca_eval_rule(ev, i);
		const char *id = cca_catalog_rule(cat, i)->id;
		const struct cca_waiver **uniq;
		size_t nuniq;
		bool *listed;

		nexp += rr->attestation_expired;
		if (!rr->waiver && !rr->nfindings)
			continue;
		nuniq = distinct_waivers(ev, rr, &uniq);
		listed = cca_xcalloc(nuniq ? nuniq : 1, sizeof *listed);
		for (size_t k = 0; k <= rr->nfindings && nuniq; k++) {
			const struct cca_waiver *w, **at;
			const struct cca_finding *f = NULL;
			bool expired;
			char exp[11];

			if (k == 0) {
				w = rr->waiver;
				expired = rr->waiver_expired;
			} else {
				f = cca_eval_finding(ev, rr->first_finding + k - 1);
				w = f->suppression;
				expired = f->suppression_expired;
			}
			if (!w)
				continue;
			at = bsearch(&w, uniq, nuniq, sizeof *uniq, cmp_waiver_ptr);
			if (!at || listed[at - uniq])
				continue;
			listed[at - uniq] = true;
			if (rows >= PDF_MAX_WAIVER_ROWS) {
				omitted++;
				continue;
			}
			if (!begun) {
				pl_table_begin(d, &t);
				begun = true;
			}
			cca_buf_reset(&scope);
			cca_buf_reset(&reason);
			if (f && f->location)
				cca_buf_printf(&scope, "at %s", f->location);
			else
				cca_buf_printf(&scope, "%s", w->target ? w->target : "every target");
			cca_buf_printf(&reason, "%s:%u", w->file ? w->file : "?", w->line);
			format_day(w->expires, exp);
			{
				struct pl_cell c[5] = {
					{ id, cca_buf_str(&scope), NULL, true },
					{ w->by, NULL, NULL, false },
					{ w->reason ? w->reason : "none given", cca_buf_str(&reason), NULL,
					  false },
					{ exp, NULL, NULL, false },
					{ expired ? "expired" : "in force", NULL,
					  expired ? &ru_text[CCA_RU_FAIL] : &ru_text[CCA_RU_WAIVED], true },
				};

				pl_table_row(d, &t, c);
			}
			rows++;
		}
		free(uniq);
		free(listed);
	}
	if (begun)
		pl_table_end(d, &t);
	else
		para(d, "No waiver or suppression applies to this run.");
	if (omitted) {
		char *s = cca_xasprintf("%zu more suppressions are not listed (the PDF lists at most "
					"%d); the JSON report has every one.", omitted,
					PDF_MAX_WAIVER_ROWS);

		para(d, s);
		free(s);
	}
	if (nexp) {
		struct pl_table at = { acols, 4, 7.5, 6, 0 };

		subheading(d, "Expired attestations");
		para(d, "These answers have expired and count as missing: the rules await a new "
		     "attestation.");
		pl_table_begin(d, &at);
		for (size_t i = 0; i < cca_catalog_nrules(cat); i++) {
			const struct cca_rule_result *rr = cca_eval_rule(ev, i);
			char exp[11];

			if (!rr->attestation_expired || !rr->attestation)
				continue;
			format_day(rr->attestation->expires, exp);
			{
				struct pl_cell c[4] = {
					{ cca_catalog_rule(cat, i)->id, NULL, NULL, true },
					{ rr->attestation->by, NULL, NULL, false },
					{ exp, NULL, &ru_text[CCA_RU_FAIL], false },
					{ rule_word(rr), rr->message, &ru_text[rule_ru(rr)], true },
				};

				pl_table_row(d, &at, c);
			}
		}
		pl_table_end(d, &at);
	}
	cca_buf_release(&scope);
	cca_buf_release(&reason);
}

/* ---- history ---------------------------------------------------------------------------------- */

/* Line colours of the CSVS levels 1..3 in the trend chart. */
static const struct rgb level_rgb[CCA_LEVEL_MAX + 1] = {
	{ 0.0f, 0.0f, 0.0f },
	{ 0.18f, 0.44f, 0.87f },   /* level 1 */
	{ 0.71f, 0.31f, 0.04f },   /* level 2 */
	{ 0.42f, 0.25f, 0.71f },   /* level 3 */
};
static const struct rgb achieved_fill = { 0.86f, 0.94f, 0.88f };

/* The trend point p's score at level l as "57%", or "n/a". */
static void format_point_score(const struct cca_trend_point *p, unsigned l, char *out, size_t n)
{
	if (p->scored[l])
		snprintf(out, n, "%.0f%%", p->score[l] * 100.0);
	else
		snprintf(out, n, "n/a");
}

/*
 * A chart of the trend at the cursor: the CSVS score of each level as a
 * line with a mark per run, over pale columns of the level achieved, with
 * the first and last run dates and a legend.
 */
static void trend_chart(struct pdoc *d, const struct cca_report *r)
{
	size_t n = cca_report_ntrend(r);
	double x0 = PL_LEFT + 30, x1 = PL_RIGHT - 10, h = 100, base, step, xs, x;
	char label[16], day[11];

	pl_ensure(d, h + 44);
	base = d->y - 8 - h;
	step = n > 1 ? (x1 - x0) / (double)(n - 1) : 0;
	xs = n > 1 ? x0 : (x0 + x1) / 2;
	for (int k = 0; k <= 4; k++) {
		double y = base + h * k / 4;

		pl_line(d, x0, y, x1, y, k ? 0.3 : 0.8, k ? &pl_rule : &pl_muted);
		snprintf(label, sizeof label, "%d%%", k * 25);
		pl_text(d, &d->regular, 6.5, &pl_muted, x0 - 4, y - 2.3, 0, true, label);
	}
	for (size_t i = 0; i < n; i++) {
		const struct cca_trend_point *p = cca_report_trend(r, i);

		if (p->achieved)
			pl_rect(d, xs + step * (double)i - 4, base, 8,
				h * (p->achieved > CCA_LEVEL_MAX ? CCA_LEVEL_MAX : p->achieved) / CCA_LEVEL_MAX,
				&achieved_fill);
	}
	for (unsigned l = 1; l <= CCA_LEVEL_MAX; l++) {
		bool prev = false;
		double px = 0, py = 0;

		for (size_t i = 0; i < n; i++) {
			const struct cca_trend_point *p = cca_report_trend(r, i);
			double s = p->score[l] < 0 ? 0 : p->score[l] > 1 ? 1 : p->score[l], y;

			if (!p->scored[l])
				continue;
			x = xs + step * (double)i;
			y = base + h * s;
			if (prev)
				pl_line(d, px, py, x, y, 1.2, &level_rgb[l]);
			pl_rect(d, x - 1.8, y - 1.8, 3.6, 3.6, &level_rgb[l]);
			prev = true;
			px = x;
			py = y;
		}
	}
	cca_date_format(cca_days_of(cca_report_trend(r, 0)->time), day);
	pl_text(d, &d->regular, 6.5, &pl_muted, n > 1 ? x0 : xs - 16, base - 9, 0, false, day);
	if (n > 1) {
		cca_date_format(cca_days_of(cca_report_trend(r, n - 1)->time), day);
		pl_text(d, &d->regular, 6.5, &pl_muted, x1, base - 9, 0, true, day);
	}
	x = x0;
	for (unsigned l = 1; l <= CCA_LEVEL_MAX + 1; l++) {
		double y = base - 22;

		snprintf(label, sizeof label, l <= CCA_LEVEL_MAX ? "level %u score" : "level achieved", l);
		pl_rect(d, x, y, 7, 7, l <= CCA_LEVEL_MAX ? &level_rgb[l] : &achieved_fill);
		x += 10 + pl_text(d, &d->regular, 7, &pl_muted, x + 10, y + 0.5, 0, false, label) + 12;
	}
	d->y = base - 32;
}

/* The trend as a table: a row per saved run, oldest first. */
static void trend_table(struct pdoc *d, const struct cca_report *r)
{
	static const struct pl_col cols[6] = {
		{ "Run", 170, false }, { "Level", 55, true }, { "L1", 60, true }, { "L2", 60, true },
		{ "L3", 60, true }, { "Open findings", 90.28, true },
	};
	struct pl_table t = { cols, 6, 7.5, 3, 0 };

	pl_table_begin(d, &t);
	for (size_t i = 0; i < cca_report_ntrend(r) && !pl_failed(d); i++) {
		const struct cca_trend_point *p = cca_report_trend(r, i);
		char when[40], level[8], s[CCA_LEVEL_MAX + 1][16], open[16];
		struct pl_cell c[6];

		memset(c, 0, sizeof c);
		format_time(p->time, when, sizeof when);
		snprintf(level, sizeof level, "%u", p->achieved);
		snprintf(open, sizeof open, "%u", p->open);
		for (unsigned l = 1; l <= CCA_LEVEL_MAX; l++) {
			format_point_score(p, l, s[l], sizeof s[l]);
			c[1 + l].text = s[l];
		}
		c[0].text = when;
		c[0].sub = p->run;
		c[0].bold = i + 1 == cca_report_ntrend(r);
		c[1].text = level;
		c[1].bold = true;
		c[5].text = open;
		pl_table_row(d, &t, c);
	}
	pl_table_end(d, &t);
}

/* An open finding and its owner, for grouping by owner. */
struct owned {
	const char *owner;   /* NULL: unassigned */
	size_t finding;
};

/* qsort order of struct owned: by owner name, the unassigned last, then finding order. */
static int cmp_owned(const void *pa, const void *pb)
{
	const struct owned *a = pa, *b = pb;
	int c;

	if (!a->owner != !b->owner)
		return a->owner ? -1 : 1;
	if (a->owner && (c = strcmp(a->owner, b->owner)) != 0)
		return c;
	return a->finding < b->finding ? -1 : a->finding > b->finding;
}

/* "NAME · 3 open, 1 overdue" for the group of open findings starting at g (n in all). */
static void put_owner_group(struct cca_buf *b, const struct cca_report *r,
			    const struct owned *g, size_t n, int64_t today)
{
	size_t k = 0, late = 0;

	for (; k < n && cca_streq(g[k].owner, g[0].owner); k++)
		late += overdue(cca_report_track(r, g[k].finding), today);
	cca_buf_printf(b, "%s \xC2\xB7 %zu open", g[0].owner ? g[0].owner : "Unassigned", k);
	if (late)
		cca_buf_printf(b, ", %zu overdue", late);
}

/*
 * The open findings grouped by owner (owners by name, the unassigned
 * last): rule, location, lifecycle, role, due date (flagged when overdue);
 * at most PDF_MAX_FINDINGS rows.
 */
static void ownership(struct pdoc *d, const struct cca_report *r)
{
	static const struct pl_col cols[5] = {
		{ "Rule", 150, false }, { "Location", 140, false }, { "Lifecycle", 65, false },
		{ "Role", 65, false }, { "Due", 75.28, false },
	};
	const struct cca_eval *ev = cca_report_eval(r);
	const struct cca_catalog *cat = cca_eval_catalog(ev);
	size_t nf = cca_eval_nfindings(ev), n = 0;
	struct owned *o = cca_xcalloc(nf ? nf : 1, sizeof *o);
	struct pl_table t = { cols, 5, 7.5, 4, 0 };
	int64_t today = cca_days_of(cca_report_time(r));
	struct cca_buf b;

	for (size_t i = 0; i < nf; i++)
		if (finding_open(cca_eval_finding(ev, i))) {
			o[n].owner = cca_report_track(r, i)->owner;
			o[n++].finding = i;
		}
	qsort(o, n, sizeof *o, cmp_owned);
	subheading(d, "Open findings by owner");
	if (!n)
		para(d, "No finding is open.");
	cca_buf_init(&b);
	if (n)
		pl_table_begin(d, &t);
	for (size_t k = 0; k < n && k < PDF_MAX_FINDINGS && !pl_failed(d); k++) {
		const struct cca_finding *f = cca_eval_finding(ev, o[k].finding);
		const struct cca_finding_track *tr = cca_report_track(r, o[k].finding);
		char due[11];
		struct pl_cell c[5];

		if (k == 0 || !cca_streq(o[k].owner, o[k - 1].owner)) {
			cca_buf_reset(&b);
			put_owner_group(&b, r, &o[k], n - k, today);
			pl_table_group(d, &t, cca_buf_str(&b));
		}
		memset(c, 0, sizeof c);
		format_day(tr->due, due);
		c[0].text = cca_catalog_rule(cat, f->rule)->id;
		c[1].text = f->location && *f->location ? f->location : "-";
		c[2].text = tr->lifecycle != CCA_LC_UNTRACKED ? cca_lifecycle_name(tr->lifecycle) : "-";
		c[2].bold = tr->lifecycle == CCA_LC_NEW || tr->lifecycle == CCA_LC_REOPENED;
		c[3].text = tr->role ? tr->role : "-";
		c[4].text = tr->due == CCA_NEVER ? "-" : due;
		c[4].sub = overdue(tr, today) ? "overdue" : NULL;
		c[4].color = overdue(tr, today) ? &ru_text[CCA_RU_FAIL] : NULL;
		pl_table_row(d, &t, c);
	}
	if (n)
		pl_table_end(d, &t);
	if (n > PDF_MAX_FINDINGS) {
		cca_buf_reset(&b);
		cca_buf_printf(&b, "%zu more open findings are not listed.", n - PDF_MAX_FINDINGS);
		para(d, cca_buf_str(&b));
	}
	cca_buf_release(&b);
	free(o);
}

/* The findings of the previous run that no longer fail. */
static void fixed_table(struct pdoc *d, const struct cca_report *r)
{
	static const struct pl_col cols[3] = {
		{ "Rule", 170, false }, { "Location", 155, false }, { "Fingerprint", 170.28, false },
	};
	struct pl_table t = { cols, 3, 7.5, 4, 0 };

	subheading(d, "Fixed since the previous run");
	if (!cca_report_nfixed(r)) {
		para(d, "No finding of the previous run was fixed.");
		return;
	}
	pl_table_begin(d, &t);
	for (size_t i = 0; i < cca_report_nfixed(r) && !pl_failed(d); i++) {
		const char *fp, *rule_id, *loc;

		cca_report_fixed(r, i, &fp, &rule_id, &loc);
		{
			struct pl_cell c[3] = {
				{ rule_id, NULL, NULL, true },
				{ loc && *loc ? loc : "-", NULL, NULL, false },
				{ fp, NULL, &pl_muted, false },
			};

			pl_table_row(d, &t, c);
		}
	}
	pl_table_end(d, &t);
}

/*
 * Section num "History and ownership" (only for a run with history): the
 * run id and lifecycle counts, the trend as a chart and a table, the open
 * findings by owner, the findings fixed since the previous run.
 */
static void history(struct pdoc *d, const struct cca_report *r, unsigned num)
{
	const struct cca_eval *ev = cca_report_eval(r);
	unsigned lc[CCA_LC_REOPENED + 1] = { 0 };
	struct cca_buf b;
	char *title;

	for (size_t i = 0; i < cca_eval_nfindings(ev); i++)
		lc[cca_report_track(r, i)->lifecycle]++;
	title = cca_xasprintf("%u History and ownership", num);
	pl_section(d, 0, title, true);
	free(title);
	cca_buf_init(&b);
	if (cca_report_run_id(r)[0])
		cca_buf_printf(&b, "This run is saved as %s. ", cca_report_run_id(r));
	cca_buf_printf(&b, "Against the previous run of %s: %u new, %u persisting and %u reopened "
		       "findings; %zu fixed.", cca_report_target(r), lc[CCA_LC_NEW],
		       lc[CCA_LC_PERSISTING], lc[CCA_LC_REOPENED], cca_report_nfixed(r));
	para(d, cca_buf_str(&b));
	if (cca_report_ntrend(r)) {
		subheading(d, "Trend of the CSVS scores");
		trend_chart(d, r);
		trend_table(d, r);
	}
	ownership(d, r);
	fixed_table(d, r);
	cca_buf_release(&b);
}

/* ---- framework sections ---------------------------------------------------------------- */

/*
 * Section num for framework index fi: its tally as text and bar, then a
 * table of its controls by group (ref, title, levels or roles, rule
 * tally, rolled-up status).
 */
static void framework(struct pdoc *d, const struct cca_eval *ev, size_t fi, unsigned num)
{
	static const struct pl_col lcols[5] = {
		{ "Ref", 36, false }, { "Requirement", 251.28, false }, { "Levels", 42, false },
		{ "Rules", 104, false }, { "Status", 62, false },
	};
	static const struct pl_col cols[5] = {
		{ "Ref", 36, false }, { "Control", 213.28, false }, { "Roles", 80, false },
		{ "Rules", 104, false }, { "Status", 62, false },
	};
	const struct cca_catalog *cat = cca_eval_catalog(ev);
	const struct cca_framework *fw = cca_catalog_framework(cat, fi);
	struct cca_tally ta = cca_eval_framework(ev, fi);
	bool levels = false;
	size_t group = (size_t)-1;
	struct pl_table t = { cols, 5, 7.5, 6, 0 };
	struct cca_buf b, rules;
	char *title;

	for (size_t i = 0; i < cca_catalog_ncontrols(cat); i++) {
		const struct cca_control *c = cca_catalog_control(cat, i);

		if (c->framework == fi && c->levels)
			levels = true;
	}
	if (levels)
		t.cols = lcols;
	cca_buf_init(&b);
	cca_buf_init(&rules);
	title = cca_xasprintf("%u %s", num, fw->title);
	pl_section(d, 0, title, true);
	free(title);
	cca_buf_printf(&b, "%s%s%s: the status of each control is the roll-up of its rules (any "
		       "fail, then any error, then anything unverified decides it). ", fw->title,
		       fw->version ? " " : "", fw->version ? fw->version : "");
	put_tally(&b, &ta);
	cca_buf_puts(&b, ".");
	para(d, cca_buf_str(&b));
	pl_ensure(d, 20);
	tally_bar(d, PL_LEFT, d->y - 12, PL_WIDTH, 10, &ta);
	d->y -= 20;
	legend(d, PL_LEFT);
	pl_space(d, 4);
	pl_table_begin(d, &t);
	for (size_t i = 0; i < cca_catalog_ncontrols(cat) && !pl_failed(d); i++) {
		const struct cca_control *c = cca_catalog_control(cat, i);
		const struct cca_control_result *cr = cca_eval_control(ev, i);
		char lv[16] = "";
		struct pl_cell cell[5];

		if (c->framework != fi)
			continue;
		if (c->group != group && c->group < fw->ngroups) {
			group = c->group;
			cca_buf_reset(&b);
			/* short ids ("V3", "A") are the standard's own numbering */
			if (strlen(fw->groups[group].id) <= 3 || !fw->groups[group].title)
				cca_buf_printf(&b, "%s  ", fw->groups[group].id);
			cca_buf_puts(&b, fw->groups[group].title ? fw->groups[group].title : "");
			pl_table_group(d, &t, cca_buf_str(&b));
		}
		cca_buf_reset(&rules);
		put_tally(&rules, &cr->rules);
		for (unsigned l = 1; l <= CCA_LEVEL_MAX; l++)
			if (c->levels & CCA_LEVEL_BIT(l))
				snprintf(lv + strlen(lv), sizeof lv - strlen(lv), "%s%u",
					 lv[0] ? " " : "", l);
		cca_buf_reset(&b);
		cca_roles_join(&b, c->roles, "-");
		memset(cell, 0, sizeof cell);
		cell[0].text = c->ref;
		cell[0].bold = true;
		cell[1].text = c->title;
		cell[2].text = levels ? lv : cca_buf_str(&b);
		cell[3].text = cca_buf_str(&rules);
		cell[3].color = &pl_muted;
		cell[4].text = ru_label[cr->status];
		cell[4].color = &ru_text[cr->status];
		cell[4].bold = true;
		pl_table_row(d, &t, cell);
	}
	pl_table_end(d, &t);
	cca_buf_release(&b);
	cca_buf_release(&rules);
}

/* ---- appendices ----------------------------------------------------------------------------- */

/* Appendix A: every selected rule with severity, kind, status and message. */
static void appendix_rules(struct pdoc *d, const struct cca_eval *ev)
{
	static const struct pl_col cols[5] = {
		{ "Rule", 170, false }, { "Severity", 50, false }, { "Kind", 52, false },
		{ "Status", 60, false }, { "Result", 163.28, false },
	};
	const struct cca_catalog *cat = cca_eval_catalog(ev);
	const struct cca_profile *p = cca_eval_profile(ev);
	struct pl_table t = { cols, 5, 7.5, 4, 0 };
	size_t notsel = 0;

	pl_section(d, 0, "Appendix A Rule results", true);
	para(d, "Every rule of the profile in catalog order with its XCCDF 1.2 result; a waived "
	     "failure is shown as waived.");
	pl_table_begin(d, &t);
	for (size_t i = 0; i < cca_catalog_nrules(cat) && !pl_failed(d); i++) {
		const struct cca_rule *r = cca_catalog_rule(cat, i);
		const struct cca_rule_result *rr = cca_eval_rule(ev, i);
		enum cca_severity sev = cca_profile_severity(p, i);

		if (rr->status == CCA_NOTSELECTED) {
			notsel++;
			continue;
		}
		{
			struct pl_cell c[5] = {
				{ r->id, r->title, NULL, true },
				{ cca_severity_name(sev), NULL, &sev_rgb[sev], false },
				{ r->manual ? "manual" : "automated", NULL, &pl_muted, false },
				{ rule_word(rr), NULL, &ru_text[rule_ru(rr)], true },
				{ rr->message, NULL, NULL, false },
			};

			pl_table_row(d, &t, c);
		}
	}
	pl_table_end(d, &t);
	if (notsel) {
		char *s = cca_xasprintf("%zu rule%s of the catalog %s not selected by the profile.",
					notsel, notsel == 1 ? "" : "s", notsel == 1 ? "is" : "are");

		para(d, s);
		free(s);
	}
}

/* Appendix B: every attestation used or expired: answer, who, dates, note, source. */
static void appendix_attestations(struct pdoc *d, const struct cca_eval *ev)
{
	static const struct pl_col cols[5] = {
		{ "Rule", 125, false }, { "Answer", 48, false }, { "By", 100, false },
		{ "Dated", 62, false }, { "Note, evidence, source", 160.28, false },
	};
	const struct cca_catalog *cat = cca_eval_catalog(ev);
	struct pl_table t = { cols, 5, 7.5, 8, 0 };
	struct cca_buf note, src;
	size_t n = 0;

	cca_buf_init(&note);
	cca_buf_init(&src);
	pl_section(d, 0, "Appendix B Attestations", true);
	para(d, "People's answers for rules that need one (manual rules): who answered, when, "
	     "until when the answer holds, and the evidence they point to. An expired answer "
	     "counts as missing; an attestation never turns an observed automated failure into "
	     "a pass.");
	for (size_t i = 0; i < cca_catalog_nrules(cat) && !pl_failed(d); i++) {
		const struct cca_rule_result *rr = cca_eval_rule(ev, i);
		const struct cca_attestation *a = rr->attestation;
		char date[11], exp[11], dates[32];

		if (!a)
			continue;
		if (!n++)
			pl_table_begin(d, &t);
		format_day(a->date, date);
		format_day(a->expires, exp);
		snprintf(dates, sizeof dates, "%s", date);
		cca_buf_reset(&note);
		cca_buf_reset(&src);
		if (a->note)
			cca_buf_puts(&note, a->note);
		if (a->evidence)
			cca_buf_printf(&note, "%sEvidence: %s", a->note ? "\n" : "", a->evidence);
		if (!note.len)
			cca_buf_puts(&note, "-");
		cca_buf_printf(&src, "%s:%u", a->file ? a->file : "?", a->line);
		{
			char until[24];
			struct pl_cell c[5] = {
				{ cca_catalog_rule(cat, i)->id, NULL, NULL, true },
				{ cca_status_name(a->status), rr->attestation_expired ? "expired" : NULL,
				  &ru_text[cca_rollup_category(a->status, false)], true },
				{ a->by, NULL, NULL, false },
				{ dates, until, NULL, false },
				{ cca_buf_str(&note), cca_buf_str(&src), NULL, false },
			};

			snprintf(until, sizeof until, "until %s", exp);
			pl_table_row(d, &t, c);
		}
	}
	if (n)
		pl_table_end(d, &t);
	else
		para(d, "No attestation was given for this run.");
	cca_buf_release(&note);
	cca_buf_release(&src);
}

/* Appendix C: every input of the run with its kind, path, size and SHA-256. */
static void appendix_evidence(struct pdoc *d, const struct cca_report *r)
{
	static const struct pl_col cols[3] = {
		{ "Kind", 62, false }, { "File and SHA-256", 363.28, false }, { "Bytes", 70, true },
	};
	struct pl_table t = { cols, 3, 7.5, 6, 0 };

	pl_section(d, 0, "Appendix C Evidence inventory", true);
	para(d, "Every input this run read, with the SHA-256 of the bytes evaluated, so that the "
	     "result can be reproduced and the evidence shown to be unchanged.");
	if (!cca_report_ninputs(r)) {
		para(d, "No input was recorded.");
		return;
	}
	pl_table_begin(d, &t);
	for (size_t i = 0; i < cca_report_ninputs(r) && !pl_failed(d); i++) {
		const struct cca_inventory_item *e = cca_report_input(r, i);
		char size[32];
		struct pl_cell c[3] = {
			{ e->kind, NULL, NULL, true },
			{ e->path, e->sha256, NULL, false },
			{ size, NULL, NULL, false },
		};

		snprintf(size, sizeof size, "%llu", (unsigned long long)e->size);
		pl_table_row(d, &t, c);
	}
	pl_table_end(d, &t);
}

/* ---- entry point ---------------------------------------------------------------------------- */

int cca_report_pdf(const struct cca_report *r, const struct cca_render_opts *o,
		   struct cca_buf *out, struct cca_error *err)
{
	const struct cca_eval *ev = cca_report_eval(r);
	const struct cca_catalog *cat = cca_eval_catalog(ev);
	const char *font_dir = getenv("CCAUDIT_FONT_DIR");
	struct pdoc d;
	char when[40];
	unsigned num = 5;
	int rc;

	(void)o;
	if (!font_dir || !*font_dir)
		font_dir = CCA_FONT_DIR;
	if (pl_open(&d, font_dir, err) < 0)
		return cca_error_prefix(err, "cannot render the pdf report: ");
	format_time(cca_report_time(r), when, sizeof when);
	d.head_left = cca_xasprintf("Container security audit report \xC2\xB7 %s",
				    cca_report_target(r));
	d.head_right = cca_xasprintf("%s \xC2\xB7 CSVS level %u", when,
				     cca_eval_level_achieved(ev));
	d.foot_left = cca_xasprintf("%s %s \xC2\xB7 profile %s \xC2\xB7 catalog %s", PACKAGE_NAME,
				    PACKAGE_VERSION, cca_profile_name(cca_eval_profile(ev)),
				    cca_catalog_version(cat));
	set_info(&d, r);
	cover(&d, r);
	d.chrome = true;
	pl_contents_page(&d);
	summary(&d, r);
	roles(&d, r);
	findings(&d, r);
	waivers(&d, r);
	if (cca_report_has_history(r))
		history(&d, r, num++);
	for (size_t i = 0; i < cca_catalog_nframeworks(cat); i++)
		framework(&d, ev, i, num++);
	appendix_rules(&d, ev);
	appendix_attestations(&d, ev);
	appendix_evidence(&d, r);
	rc = pl_finish(&d, out, err);
	pl_close(&d);
	if (rc < 0)
		return cca_error_prefix(err, "cannot render the pdf report: ");
	return 0;
}
