/*
 * test-vuln.c - Trivy and Grype reports (src/evidence/vuln.c) and the
 * vuln.* checks (src/checks/vuln.c): parsing, severity counts, the listed
 * CVEs, the max-severity parameter, staleness, and bad reports.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "ccaudit/catalog.h"
#include "ccaudit/checks.h"
#include "ccaudit/engine.h"
#include "ccaudit/evidence.h"
#include "ccaudit/util.h"
#include "ccaudit/vuln.h"
#include "test-support.h"

#define TODAY 20454  /* 2026-01-01: the reports are dated 2025-12-30 and 31 */

static struct cca_catalog *cat;

static int setup(void **state)
{
	(void)state;
	setenv("SOURCE_DATE_EPOCH", "1767225600", 1);   /* 2026-01-01 */
	cat = ts_shipped_catalog();
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	cca_catalog_free(cat);
	return 0;
}

static char *fx(const char *name)
{
	char *r = cca_xasprintf("vuln/%s", name), *p = ts_path("CCA_FIXTURES", "tests/fixtures", r);

	free(r);
	return p;
}

static struct cca_vuln_report *load(const char *name, struct cca_error *err)
{
	char *p = fx(name), *data;
	struct cca_vuln_report *r = NULL;
	size_t len;

	if (cca_file_read(p, CCA_VULN_MAX_BYTES, &data, &len, err) == 0) {
		cca_vuln_parse(p, data, len, &r, err);
		free(data);
	}
	free(p);
	return r;
}

static void test_trivy(void **state)
{
	struct cca_error err;
	struct cca_vuln_report *r = load("trivy-critical-fires.json", &err);

	(void)state;
	assert_non_null(r);
	assert_string_equal(r->format, "trivy");
	assert_string_equal(r->artifact, "shop/frontend:latest");
	assert_int_equal(r->counts[CCA_VSEV_CRITICAL], 1);
	assert_int_equal(r->counts[CCA_VSEV_HIGH], 1);
	assert_int_equal(r->counts[CCA_VSEV_MEDIUM], 1);
	assert_int_equal(r->counts[CCA_VSEV_LOW], 1);
	assert_int_equal(r->nvulns, 4);
	assert_string_equal(r->vulns[0].id, "CVE-2024-3094");      /* most severe first */
	assert_string_equal(r->vulns[0].package, "liblzma5");
	assert_string_equal(r->vulns[0].fixed, "5.6.1+really5.4.5-1");
	assert_true(r->vulns[0].cvss > 9.9);
	assert_true(r->vulns[1].cvss > 7.7 && r->vulns[1].cvss < 7.9);   /* redhat v3 */
	assert_true(r->vulns[2].cvss > 4.5 && r->vulns[2].cvss < 4.7);   /* nvd v2 */
	assert_true(r->vulns[3].cvss < 0);
	assert_string_equal(r->vulns[3].fixed, "");
	assert_int_equal(r->created_days, TODAY - 2);
	cca_vuln_report_free(r);
}

static void test_grype(void **state)
{
	struct cca_error err;
	struct cca_vuln_report *r = load("grype-high-fires.json", &err);

	(void)state;
	assert_non_null(r);
	assert_string_equal(r->format, "grype");
	assert_string_equal(r->tool_version, "0.74.7");
	assert_string_equal(r->artifact, "registry.example.invalid/payments/api:2.4.1");
	assert_int_equal(r->counts[CCA_VSEV_HIGH], 1);
	assert_int_equal(r->counts[CCA_VSEV_NEGLIGIBLE], 1);
	assert_string_equal(r->vulns[0].installed, "0.15.0");
	assert_string_equal(r->vulns[0].fixed, "1.56.1");
	assert_int_equal(r->created_days, TODAY - 1);
	cca_vuln_report_free(r);
}

static void expect_bad(const char *name, const char *text)
{
	struct cca_error err;
	struct cca_vuln_report *r = load(name, &err);

	assert_null(r);
	if (!strstr(err.msg, text))
		fail_msg("%s: '%s' does not say '%s'", name, err.msg, text);
	assert_non_null(strstr(err.msg, name));
}

static void test_bad_reports(void **state)
{
	(void)state;
	expect_bad("unknown-format.json", "unknown report format");
	expect_bad("wrong-types.json", "/Results/0/Vulnerabilities/0/VulnerabilityID must be a string");
	expect_bad("truncated.json", "truncated.json:1:");
	assert_int_equal(cca_vuln_parse("bin", "\x7f" "ELF\0\0", 6, &(struct cca_vuln_report *){ NULL },
					&(struct cca_error){ 0 }), -1);
}

/* Run the shipped rules over one report; returns the rule's status. */
static enum cca_status run_rule(const char *fixture, const char *rule, const char *profile_param,
				const char *says)
{
	struct cca_evidence *ev = cca_evidence_new();
	struct cca_profile *p;
	struct cca_eval *e;
	struct cca_error err;
	char *path = fx(fixture);
	long ri = cca_catalog_find_rule(cat, rule);
	const struct cca_rule_result *res;
	enum cca_status s;
	bool said = says == NULL;

	assert_true(ri >= 0);
	p = cca_profile_new(cat, "all", &err);
	assert_non_null(p);
	if (profile_param)
		assert_int_equal(cca_profile_set_param(p, rule, "max-severity", profile_param,
						       &err), 0);
	cca_vuln_collect(ev, path);
	e = cca_eval_new(cat, p);
	cca_eval_run_checks(e, ev, "t");
	cca_eval_finish(e, TODAY);
	res = cca_eval_rule(e, (size_t)ri);
	s = res->status;
	for (size_t k = res->first_finding; k < res->first_finding + res->nfindings; k++)
		said |= says && strstr(cca_eval_finding(e, k)->message, says) != NULL;
	if (!said)
		fail_msg("%s: no finding of %s says '%s'", fixture, rule, says);
	cca_eval_free(e);
	cca_profile_free(p);
	cca_evidence_free(ev);
	free(path);
	return s;
}

static void test_max_severity(void **state)
{
	(void)state;
	assert_int_equal(run_rule("trivy-critical-fires.json", "vuln.max-severity", NULL,
				  "CVE-2024-3094 (critical, CVSS 10.0) in liblzma5 5.6.0-0.2, fixed in "
				  "5.6.1+really5.4.5-1"), CCA_FAIL);
	assert_int_equal(run_rule("grype-high-fires.json", "vuln.max-severity", NULL,
				  "0 critical, 1 high, 0 medium, 0 low, 1 negligible"), CCA_FAIL);
	assert_int_equal(run_rule("grype-clean-passes.json", "vuln.max-severity", NULL, NULL),
			 CCA_PASS);
	assert_int_equal(run_rule("trivy-clean-old-stale.json", "vuln.max-severity", NULL, NULL),
			 CCA_PASS);
	/* the parameter moves the limit: high allowed, critical still fails */
	assert_int_equal(run_rule("grype-high-fires.json", "vuln.max-severity", "high",
				  "CVE-2023-44487 (high, CVSS 7.5)"), CCA_PASS);
	assert_int_equal(run_rule("trivy-critical-fires.json", "vuln.max-severity", "high", NULL),
			 CCA_FAIL);
	assert_int_equal(run_rule("unknown-format.json", "vuln.max-severity", NULL,
				  "unknown report format"), CCA_ERROR);
}

static void test_stale(void **state)
{
	(void)state;
	assert_int_equal(run_rule("trivy-clean-old-stale.json", "vuln.stale", NULL,
				  "scanned on 2025-10-01, 92 days before the audit"), CCA_FAIL);
	assert_int_equal(run_rule("trivy-undated.json", "vuln.stale", NULL, "gives no scan time"),
			 CCA_UNKNOWN);
	assert_int_equal(run_rule("grype-high-fires.json", "vuln.stale", NULL, NULL), CCA_PASS);
	assert_int_equal(run_rule("trivy-critical-fires.json", "vuln.stale", NULL, NULL), CCA_PASS);
	assert_int_equal(run_rule("truncated.json", "vuln.stale", NULL, NULL), CCA_ERROR);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_trivy),
		cmocka_unit_test(test_grype),
		cmocka_unit_test(test_bad_reports),
		cmocka_unit_test(test_max_severity),
		cmocka_unit_test(test_stale),
	};

	return cmocka_run_group_tests_name("vuln", tests, setup, teardown);
}
