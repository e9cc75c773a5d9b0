/*
 * vuln.c - the checks of vulnerability reports (rules vuln.*): what a
 * Trivy or Grype scan found in an image, and whether the scan is recent.
 * Findings name the scanned image (the item's name) and, per CVE, the
 * package, installed and fixed versions and the CVSS score.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ccaudit/checks.h"
#include "ccaudit/engine.h"
#include "ccaudit/evidence.h"
#include "ccaudit/util.h"
#include "ccaudit/vuln.h"

#define CCA_CHECK(sym, id, kind, summary) void cca_check_##sym(struct cca_checkctx *ctx);
#include "checks.def"
#undef CCA_CHECK

/* Findings per report for single vulnerabilities; the counts cover the rest. */
#define MAX_LISTED 100

void cca_check_vuln_max_severity(struct cca_checkctx *ctx)
{
	const struct cca_vuln_report *r = cca_check_model(ctx);
	const char *param = cca_check_param(ctx, "max-severity");
	enum cca_vuln_sev max;
	size_t above = 0, listed = 0;

	if (cca_vuln_sev_parse(param ? param : "medium", &max) < 0) {
		cca_check_report_key(ctx, CCA_ERROR, "max-severity",
				     "the parameter max-severity '%s' is not a severity (negligible, "
				     "low, medium, high, critical)", param);
		return;
	}
	for (int s = (int)max + 1; s < CCA_VSEV_COUNT; s++)
		above += r->counts[s];
	cca_check_report_key(ctx, above ? CCA_FAIL : CCA_PASS, "summary",
			     "%s scan of '%s'%s%s: %zu critical, %zu high, %zu medium, %zu low, "
			     "%zu negligible, %zu unknown; %zu above %s",
			     r->format, r->artifact, *r->tool_version ? " by version " : "",
			     r->tool_version, r->counts[CCA_VSEV_CRITICAL], r->counts[CCA_VSEV_HIGH],
			     r->counts[CCA_VSEV_MEDIUM], r->counts[CCA_VSEV_LOW],
			     r->counts[CCA_VSEV_NEGLIGIBLE], r->counts[CCA_VSEV_UNKNOWN], above,
			     cca_vuln_sev_name(max));
	/* the critical and high ones (and any other above the limit), most severe first */
	for (size_t i = 0; i < r->nvulns && listed < MAX_LISTED; i++) {
		const struct cca_vuln *v = &r->vulns[i];
		char *key, cvss[24] = "no CVSS";

		if (v->severity < CCA_VSEV_HIGH && v->severity <= max)
			break;
		if (v->cvss >= 0)
			snprintf(cvss, sizeof cvss, "CVSS %.1f", v->cvss);
		key = cca_xasprintf("%s %s", v->id, v->package);
		cca_check_report_key(ctx, v->severity > max ? CCA_FAIL : CCA_INFORMATIONAL, key,
				     "%s (%s, %s) in %s %s, %s%s", v->id, cca_vuln_sev_name(v->severity),
				     cvss, v->package, v->installed,
				     *v->fixed ? "fixed in " : "no fix yet", v->fixed);
		free(key);
		listed++;
	}
}

void cca_check_vuln_stale(struct cca_checkctx *ctx)
{
	const struct cca_vuln_report *r = cca_check_model(ctx);
	const char *param = cca_check_param(ctx, "max-age-days");
	long max = param ? strtol(param, NULL, 10) : 7;
	int64_t today = cca_days_of(cca_now()), age;
	char day[11];

	if (r->created_days == CCA_NO_DATE) {
		cca_check_report_key(ctx, CCA_UNKNOWN, "date",
				     "the %s report of '%s' gives no scan time", r->format, r->artifact);
		return;
	}
	age = today - r->created_days;
	cca_date_format(r->created_days, day);
	cca_check_report_key(ctx, age > max ? CCA_FAIL : CCA_PASS, "date",
			     "'%s' was scanned on %s, %lld days before the audit (at most %ld)",
			     r->artifact, day, (long long)age, max);
}
