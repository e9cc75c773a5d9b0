/*
 * csv.c - CSV (RFC 4180) for spreadsheets and finding trackers: a header
 * row, then a row per finding in engine order (rule, target, location,
 * message), every status included.
 *
 * A rule result that no finding shows gets one row of its own, with an
 * empty location, after its rule's findings: a rule a person answered
 * without any finding (attested pass, fail or notapplicable), and a
 * failure or error no finding of that status explains.  Rules that merely
 * passed, were not checked or not selected have no row.
 *
 * Columns: rule, title, severity (effective), status (effective: a waived
 * failure is pass), observed (before any waiver), waived (yes/no), waiver
 * (who accepted it, until when, why; also an expired one), target,
 * location, message, fingerprint, controls and roles (space-separated),
 * then what the history store knows of the finding: lifecycle (new,
 * persisting, reopened), owner and due date (YYYY-MM-DD), each empty when
 * the run was not saved, the finding is not tracked or has none.
 *
 * Fields are quoted when they hold a comma, a double quote, CR or LF, with
 * quotes doubled; lines end in CRLF.  A field starting with = + - @ TAB or
 * CR is prefixed with a single quote so no spreadsheet runs it as a
 * formula.  Invalid UTF-8 is replaced by U+FFFD.
 */
#include <stdlib.h>
#include <string.h>

#include "ccaudit/report.h"

static const char *const columns[] = {
	"rule", "title", "severity", "status", "observed", "waived", "waiver",
	"target", "location", "message", "fingerprint", "controls", "roles",
	"lifecycle", "owner", "due"
};
#define NCOLUMNS (sizeof columns / sizeof columns[0])

/* One row's fields (borrowed or owned by the caller). */
struct row {
	const char *f[NCOLUMNS];
};

/*
 * Append s (NULL: empty) to out as one CSV field, escaped as the top of
 * this file says.
 */
static void field(struct cca_buf *out, const char *s)
{
	char *v = cca_utf8_repair(s ? s : "");
	bool quote = strpbrk(v, ",\"\r\n") != NULL;

	if (quote)
		cca_buf_putc(out, '"');
	if (v[0] && strchr("=+-@\t\r", v[0]))
		cca_buf_putc(out, '\'');
	for (const char *p = v; *p; p++) {
		if (*p == '"')
			cca_buf_putc(out, '"');
		cca_buf_putc(out, *p);
	}
	if (quote)
		cca_buf_putc(out, '"');
	free(v);
}

/* Append row r, comma-separated, ending in CRLF. */
static void put_row(struct cca_buf *out, const struct row *r)
{
	for (size_t i = 0; i < NCOLUMNS; i++) {
		if (i)
			cca_buf_putc(out, ',');
		field(out, r->f[i]);
	}
	cca_buf_puts(out, "\r\n");
}

/*
 * The waiver column for waiver w: "by WHO until DATE: REASON (FILE:LINE)",
 * "expired on DATE, by ..." when it is no longer in force; NULL for no
 * waiver.  The caller frees it.
 */
static char *waiver_text(const struct cca_waiver *w, bool expired)
{
	char d[11] = "";

	if (!w)
		return NULL;
	if (w->expires != CCA_NEVER)
		cca_date_format(w->expires, d);
	return cca_xasprintf("%s%s%sby %s%s%s: %s (%s:%u)", expired ? "expired on " : "",
			     expired ? d : "", expired ? ", " : "", w->by ? w->by : "",
			     !expired && d[0] ? " until " : "", !expired ? d : "",
			     w->reason ? w->reason : "", w->file ? w->file : "", w->line);
}

/*
 * The fingerprint the engine would give a finding of rule on target with
 * no location (the first 32 hex digits of SHA-256 over the three joined
 * by NULs), for a rule-level row.
 */
static void fingerprint(const char *rule, const char *target, char out[33])
{
	struct cca_buf b;
	char hex[65];

	cca_buf_init(&b);
	cca_buf_printf(&b, "%s%c%s%c", rule, 0, target ? target : "", 0);
	cca_sha256_hex(b.data, b.len, hex);
	cca_buf_release(&b);
	memcpy(out, hex, 32);
	out[32] = '\0';
}

/*
 * Fill the lifecycle, owner and due columns of row from the track of
 * finding i; due receives the date (at least 11 bytes).
 */
static void track_fields(const struct cca_report *r, size_t i, struct row *row, char due[11])
{
	const struct cca_finding_track *t = cca_report_track(r, i);

	due[0] = '\0';
	if (t->due != CCA_NO_DATE && t->due != CCA_NEVER)
		cca_date_format(t->due, due);
	row->f[13] = t->lifecycle != CCA_LC_UNTRACKED ? cca_lifecycle_name(t->lifecycle) : "";
	row->f[14] = t->owner;
	row->f[15] = due;
}

/* Whether rule result rr needs a row of its own (see the top of this file). */
static bool rule_row_needed(const struct cca_eval *ev, const struct cca_rule_result *rr)
{
	bool fail = false, error = false;

	for (size_t k = 0; k < rr->nfindings; k++) {
		enum cca_status s = cca_eval_finding(ev, rr->first_finding + k)->status;

		fail |= s == CCA_FAIL;
		error |= s == CCA_ERROR;
	}
	return (!rr->nfindings && rr->attestation) ||
	       (rr->observed == CCA_FAIL && !fail) || (rr->observed == CCA_ERROR && !error);
}

/* CSV of r appended to out (columns and rows at the top of this file).  Never fails. */
int cca_report_csv(const struct cca_report *r, const struct cca_render_opts *o,
		   struct cca_buf *out, struct cca_error *err)
{
	const struct cca_eval *ev = cca_report_eval(r);
	const struct cca_catalog *cat = cca_eval_catalog(ev);
	const struct cca_profile *p = cca_eval_profile(ev);
	struct cca_buf controls, roles;
	struct row row;

	(void)o;
	(void)err;  /* nothing here can fail */
	for (size_t i = 0; i < NCOLUMNS; i++)
		row.f[i] = columns[i];
	put_row(out, &row);
	cca_buf_init(&controls);
	cca_buf_init(&roles);
	for (size_t i = 0; i < cca_catalog_nrules(cat); i++) {
		const struct cca_rule *rule = cca_catalog_rule(cat, i);
		const struct cca_rule_result *rr = cca_eval_rule(ev, i);
		bool rule_waiver = rr->waived && rr->waiver && !rr->waiver_expired;

		if (!rr->nfindings && !rule_row_needed(ev, rr))
			continue;
		cca_buf_reset(&controls);
		cca_buf_reset(&roles);
		for (size_t k = 0; k < rule->ncontrols; k++)
			cca_buf_printf(&controls, "%s%s", k ? " " : "",
				       cca_catalog_control(cat, rule->controls[k])->id);
		for (size_t k = 0; k < CCA_ROLE_COUNT; k++)
			if (rule->roles & cca_role_at(k))
				cca_buf_printf(&roles, "%s%s", roles.len ? " " : "",
					       cca_role_name(cca_role_at(k)));
		row.f[0] = rule->id;
		row.f[1] = rule->title;
		row.f[2] = cca_severity_name(cca_profile_severity(p, i));
		row.f[11] = cca_buf_str(&controls);
		row.f[12] = cca_buf_str(&roles);

		for (size_t k = 0; k < rr->nfindings; k++) {
			const struct cca_finding *f = cca_eval_finding(ev, rr->first_finding + k);
			bool waived = f->status == CCA_FAIL && (f->waived || rule_waiver);
			char *wt = NULL, due[11];

			if (f->status == CCA_FAIL && f->suppression)
				wt = waiver_text(f->suppression, f->suppression_expired);
			else if (f->status == CCA_FAIL && rr->waiver)
				wt = waiver_text(rr->waiver, rr->waiver_expired);
			row.f[3] = cca_status_name(waived ? CCA_PASS : f->status);
			row.f[4] = cca_status_name(f->status);
			row.f[5] = waived ? "yes" : "no";
			row.f[6] = wt;
			row.f[7] = f->target;
			row.f[8] = f->location;
			row.f[9] = f->message;
			row.f[10] = f->fingerprint;
			track_fields(r, rr->first_finding + k, &row, due);
			put_row(out, &row);
			free(wt);
		}
		if (rule_row_needed(ev, rr)) {
			char *wt = waiver_text(rr->waiver, rr->waiver_expired);
			char fp[33];

			fingerprint(rule->id, cca_report_target(r), fp);
			row.f[3] = cca_status_name(rr->status);
			row.f[4] = cca_status_name(rr->observed);
			row.f[5] = rr->waived ? "yes" : "no";
			row.f[6] = wt;
			row.f[7] = cca_report_target(r);
			row.f[8] = "";
			row.f[9] = rr->message;
			row.f[10] = fp;
			row.f[13] = row.f[14] = row.f[15] = "";
			put_row(out, &row);
			free(wt);
		}
	}
	cca_buf_release(&controls);
	cca_buf_release(&roles);
	return 0;
}
