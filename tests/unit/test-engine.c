/*
 * test-engine.c - the roll-up and scoring contract of DESIGN.md section 4,
 * pinned with hand-computed cases over tests/fixtures/catalog/engine.xml.
 *
 * The automated rule of the fixture names the unit tests' own check
 * (fake-check.h).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "ccaudit/catalog.h"
#include "ccaudit/checks.h"
#include "ccaudit/engine.h"
#include "ccaudit/util.h"
#include "test-support.h"
#include "fake-check.h"

#define TODAY 20000  /* 2024-10-04 */

/* ---- fixture ------------------------------------------------------------ */

struct fx {
	struct cca_catalog *cat;
	struct cca_profile *p;
	struct cca_eval *ev;
	struct cca_attestation att[8];
	size_t natt;
	struct cca_waiver w[4];
	size_t nw;
};

static struct cca_catalog *load_catalog(void)
{
	char *xml = ts_path("CCA_FIXTURES", "tests/fixtures", "catalog/engine.xml");
	struct cca_catalog *cat = ts_catalog(xml);

	free(xml);
	return cat;
}

static int setup_profile(void **state, const char *profile)
{
	struct fx *f = calloc(1, sizeof *f);
	struct cca_error err;

	f->cat = load_catalog();
	f->p = cca_profile_new(f->cat, profile, &err);
	assert_non_null(f->p);
	f->ev = cca_eval_new(f->cat, f->p);
	*state = f;
	return 0;
}

static int setup(void **state) { return setup_profile(state, "all"); }
static int setup_l1(void **state) { return setup_profile(state, "csvs-l1"); }

static int teardown(void **state)
{
	struct fx *f = *state;

	cca_eval_free(f->ev);
	cca_profile_free(f->p);
	cca_catalog_free(f->cat);
	free(f);
	return 0;
}

static size_t rule(struct fx *f, const char *id)
{
	long i = cca_catalog_find_rule(f->cat, id);

	assert_true(i >= 0);
	return (size_t)i;
}

static const struct cca_rule_result *rr(struct fx *f, const char *id)
{
	return cca_eval_rule(f->ev, rule(f, id));
}

static enum cca_rollup control(struct fx *f, const char *id)
{
	long i = cca_catalog_find_control(f->cat, id);

	assert_true(i >= 0);
	return cca_eval_control(f->ev, (size_t)i)->status;
}

/* Attest rule id with status; expires is days or CCA_NEVER. */
static void attest(struct fx *f, const char *id, enum cca_status st, int64_t expires)
{
	struct cca_attestation *a = &f->att[f->natt++];

	memset(a, 0, sizeof *a);
	a->rule_id = (char *)id;
	a->status = st;
	a->by = (char *)"Tester";
	a->date = TODAY - 10;
	a->expires = expires;
	a->file = (char *)"answers.yaml";
	a->line = (unsigned)f->natt;
	cca_eval_add_attestation(f->ev, a);
}

static void waive(struct fx *f, const char *id, int64_t expires)
{
	struct cca_waiver *w = &f->w[f->nw++];

	memset(w, 0, sizeof *w);
	w->rule_id = (char *)id;
	w->by = (char *)"CISO";
	w->reason = (char *)"compensating control";
	w->date = TODAY - 5;
	w->expires = expires;
	w->file = (char *)"answers.yaml";
	w->line = 40;
	cca_eval_add_waiver(f->ev, w);
}

static void finding(struct fx *f, const char *id, enum cca_status st, const char *loc)
{
	cca_eval_add_finding(f->ev, rule(f, id), "app", st, loc, "observed", NULL);
}

static double level_score(struct fx *f, unsigned l)
{
	const struct cca_level_score *ls = cca_eval_level(f->ev, l);

	assert_true(ls->scored);
	return ls->score;
}

/* ---- the pure roll-up rules ---------------------------------------------- */

static struct cca_tally tally(unsigned pass, unsigned waived, unsigned fail,
			      unsigned error, unsigned unverified, unsigned na)
{
	struct cca_tally t = { { 0 } };

	t.n[CCA_RU_PASS] = pass;
	t.n[CCA_RU_WAIVED] = waived;
	t.n[CCA_RU_FAIL] = fail;
	t.n[CCA_RU_ERROR] = error;
	t.n[CCA_RU_UNVERIFIED] = unverified;
	t.n[CCA_RU_NOTAPPLICABLE] = na;
	return t;
}

static void test_rollup_precedence(void **state)
{
	struct cca_tally t;

	(void)state;
	t = tally(5, 1, 1, 1, 1, 1);
	assert_int_equal(cca_rollup_of(&t), CCA_RU_FAIL);
	t = tally(5, 1, 0, 1, 1, 1);
	assert_int_equal(cca_rollup_of(&t), CCA_RU_ERROR);
	t = tally(5, 1, 0, 0, 1, 1);
	assert_int_equal(cca_rollup_of(&t), CCA_RU_UNVERIFIED);
	t = tally(0, 0, 0, 0, 0, 3);
	assert_int_equal(cca_rollup_of(&t), CCA_RU_NOTAPPLICABLE);
	t = tally(2, 1, 0, 0, 0, 3);
	assert_int_equal(cca_rollup_of(&t), CCA_RU_WAIVED);
	t = tally(2, 0, 0, 0, 0, 3);
	assert_int_equal(cca_rollup_of(&t), CCA_RU_PASS);
	t = tally(0, 0, 0, 0, 0, 0);
	assert_int_equal(cca_rollup_of(&t), CCA_RU_NOTSELECTED);
}

static void test_rollup_categories(void **state)
{
	(void)state;
	assert_int_equal(cca_rollup_category(CCA_PASS, false), CCA_RU_PASS);
	assert_int_equal(cca_rollup_category(CCA_FIXED, false), CCA_RU_PASS);
	assert_int_equal(cca_rollup_category(CCA_FAIL, false), CCA_RU_FAIL);
	assert_int_equal(cca_rollup_category(CCA_FAIL, true), CCA_RU_WAIVED);
	assert_int_equal(cca_rollup_category(CCA_ERROR, false), CCA_RU_ERROR);
	assert_int_equal(cca_rollup_category(CCA_UNKNOWN, false), CCA_RU_UNVERIFIED);
	assert_int_equal(cca_rollup_category(CCA_NOTCHECKED, false), CCA_RU_UNVERIFIED);
	assert_int_equal(cca_rollup_category(CCA_NOTAPPLICABLE, false), CCA_RU_NOTAPPLICABLE);
	assert_int_equal(cca_rollup_category(CCA_NOTSELECTED, false), CCA_RU_NOTSELECTED);
	assert_int_equal(cca_rollup_category(CCA_INFORMATIONAL, false), CCA_RU_NOTSELECTED);
}

static void test_score_formula(void **state)
{
	struct cca_tally t;
	double s;

	(void)state;
	/* (3 pass + 1 waived) / (10 - 2 notapplicable) = 0.5 */
	t = tally(3, 1, 2, 1, 1, 2);
	assert_true(cca_tally_score(&t, &s));
	assert_float_equal(s, 0.5, 1e-9);
	/* everything notapplicable: nothing to score */
	t = tally(0, 0, 0, 0, 0, 4);
	assert_false(cca_tally_score(&t, &s));
	/* notselected does not count at all: 1 / 1 */
	t = tally(1, 0, 0, 0, 0, 0);
	t.n[CCA_RU_NOTSELECTED] = 7;
	assert_true(cca_tally_score(&t, &s));
	assert_float_equal(s, 1.0, 1e-9);
	assert_int_equal(cca_tally_counted(&t), 1);
}

static void test_status_names(void **state)
{
	enum cca_status s;

	(void)state;
	for (int i = 0; i < CCA_STATUS_COUNT; i++) {
		assert_int_equal(cca_status_parse(cca_status_name((enum cca_status)i), &s), 0);
		assert_int_equal(s, i);
	}
	assert_string_equal(cca_status_name(CCA_NOTAPPLICABLE), "notapplicable");
	assert_int_equal(cca_status_parse("passed", &s), -1);
	assert_string_equal(cca_rollup_name(CCA_RU_UNVERIFIED), "unverified");
}

/* ---- evaluations ------------------------------------------------------------ */

static void test_nothing_answered(void **state)
{
	struct fx *f = *state;

	cca_eval_finish(f->ev, TODAY);
	assert_int_equal(rr(f, "manual.a")->status, CCA_NOTCHECKED);
	assert_string_equal(rr(f, "manual.a")->message, "awaiting attestation");
	assert_int_equal(rr(f, "auto.x")->status, CCA_NOTCHECKED);
	assert_string_equal(rr(f, "auto.x")->message, "no test evidence was collected");
	assert_int_equal(control(f, "csvs-1.1"), CCA_RU_UNVERIFIED);
	/* L1 = {1.1, 2.1}: 0 of 2 */
	assert_float_equal(level_score(f, 1), 0.0, 1e-9);
	assert_int_equal(cca_eval_level(f->ev, 1)->controls.n[CCA_RU_UNVERIFIED], 2);
	assert_false(cca_eval_level(f->ev, 1)->met);
	assert_int_equal(cca_eval_level_achieved(f->ev), 0);
}

static void test_level_one_met(void **state)
{
	struct fx *f = *state;

	attest(f, "manual.a", CCA_PASS, CCA_NEVER);
	attest(f, "manual.d", CCA_PASS, TODAY);       /* expires today: still valid */
	finding(f, "auto.x", CCA_PASS, "Dockerfile:1");
	cca_eval_finish(f->ev, TODAY);
	assert_int_equal(rr(f, "manual.a")->status, CCA_PASS);
	assert_int_equal(rr(f, "manual.d")->status, CCA_PASS);
	assert_int_equal(rr(f, "auto.x")->status, CCA_PASS);
	assert_int_equal(control(f, "csvs-2.1"), CCA_RU_PASS);
	/* L1 = {1.1, 2.1}: 2/2; L2 adds 1.2 (unverified): 2/3; L3 adds 1.3: 2/4 */
	assert_float_equal(level_score(f, 1), 1.0, 1e-9);
	assert_float_equal(level_score(f, 2), 2.0 / 3.0, 1e-9);
	assert_float_equal(level_score(f, 3), 0.5, 1e-9);
	assert_true(cca_eval_level(f->ev, 1)->met);
	assert_false(cca_eval_level(f->ev, 2)->met);
	assert_int_equal(cca_eval_level_achieved(f->ev), 1);
	/* nist-4.1.1 = manual.a pass + manual.n unanswered */
	assert_int_equal(control(f, "nist-4.1.1"), CCA_RU_UNVERIFIED);
}

static void test_everything_notapplicable(void **state)
{
	struct fx *f = *state;
	const char *manual[] = { "manual.a", "manual.b", "manual.c", "manual.d",
				 "manual.n", "manual.uc" };

	for (size_t i = 0; i < CCA_ARRAY_SIZE(manual); i++)
		attest(f, manual[i], CCA_NOTAPPLICABLE, CCA_NEVER);
	finding(f, "auto.x", CCA_NOTAPPLICABLE, "");
	cca_eval_finish(f->ev, TODAY);
	for (size_t c = 0; c < cca_catalog_ncontrols(f->cat); c++)
		assert_int_equal(cca_eval_control(f->ev, c)->status, CCA_RU_NOTAPPLICABLE);
	for (unsigned l = 1; l <= 3; l++) {
		assert_false(cca_eval_level(f->ev, l)->scored);
		assert_true(cca_eval_level(f->ev, l)->met);
	}
	/* every requirement notapplicable: each level counts as met */
	assert_int_equal(cca_eval_level_achieved(f->ev), 3);
}

static void test_expired_attestation(void **state)
{
	struct fx *f = *state;
	const struct cca_rule_result *r;

	attest(f, "manual.a", CCA_PASS, TODAY - 1);
	cca_eval_finish(f->ev, TODAY);
	r = rr(f, "manual.a");
	assert_int_equal(r->status, CCA_NOTCHECKED);
	assert_true(r->attestation_expired);
	assert_non_null(r->attestation);
	assert_non_null(strstr(r->message, "expired on"));
	assert_int_equal(control(f, "csvs-1.1"), CCA_RU_UNVERIFIED);
}

static void test_future_attestation(void **state)
{
	struct fx *f = *state;

	attest(f, "manual.a", CCA_PASS, CCA_NEVER);
	f->att[0].date = TODAY + 1;
	cca_eval_finish(f->ev, TODAY);
	assert_int_equal(rr(f, "manual.a")->status, CCA_NOTCHECKED);
	assert_non_null(strstr(rr(f, "manual.a")->message, "after the audit date"));
}

static void test_waived_failure(void **state)
{
	struct fx *f = *state;
	const struct cca_rule_result *r;
	const struct cca_level_score *l2;

	attest(f, "manual.a", CCA_PASS, CCA_NEVER);
	attest(f, "manual.b", CCA_FAIL, CCA_NEVER);
	attest(f, "manual.d", CCA_PASS, CCA_NEVER);
	finding(f, "auto.x", CCA_PASS, "Dockerfile:3");
	waive(f, "manual.b", TODAY + 30);
	cca_eval_finish(f->ev, TODAY);
	r = rr(f, "manual.b");
	assert_int_equal(r->observed, CCA_FAIL);
	assert_int_equal(r->status, CCA_PASS);   /* the XCCDF override's new result */
	assert_true(r->waived);
	assert_non_null(strstr(r->message, "waived by CISO"));
	assert_int_equal(control(f, "csvs-1.2"), CCA_RU_WAIVED);
	/* L2 = {1.1 pass, 1.2 waived, 2.1 pass}: (2 + 1) / 3 */
	l2 = cca_eval_level(f->ev, 2);
	assert_int_equal(l2->controls.n[CCA_RU_WAIVED], 1);
	assert_float_equal(level_score(f, 2), 1.0, 1e-9);
	assert_true(l2->met);
	assert_int_equal(cca_eval_level_achieved(f->ev), 2);
}

static void test_expired_waiver(void **state)
{
	struct fx *f = *state;
	const struct cca_rule_result *r;

	attest(f, "manual.b", CCA_FAIL, CCA_NEVER);
	waive(f, "manual.b", TODAY - 1);
	cca_eval_finish(f->ev, TODAY);
	r = rr(f, "manual.b");
	assert_int_equal(r->status, CCA_FAIL);
	assert_false(r->waived);
	assert_true(r->waiver_expired);
	assert_non_null(strstr(r->message, "expired"));
	assert_int_equal(control(f, "csvs-1.2"), CCA_RU_FAIL);
}

/* A waiver naming a target covers failures on that target only. */
static void test_waiver_targets(void **state)
{
	struct fx *f = *state;

	cca_eval_set_target(f->ev, "payments-api");
	attest(f, "manual.b", CCA_FAIL, CCA_NEVER);
	waive(f, "manual.b", TODAY + 30);
	f->w[0].target = (char *)"other-app";
	finding(f, "auto.x", CCA_FAIL, "Dockerfile:4");        /* target "app" */
	waive(f, "auto.x", TODAY + 30);
	f->w[1].target = (char *)"app";
	cca_eval_finish(f->ev, TODAY);
	assert_int_equal(rr(f, "manual.b")->status, CCA_FAIL);
	assert_false(rr(f, "manual.b")->waived);
	assert_null(rr(f, "manual.b")->waiver);
	assert_int_equal(rr(f, "auto.x")->status, CCA_PASS);
	assert_true(rr(f, "auto.x")->waived);
}

static void test_waiver_for_one_target_of_several(void **state)
{
	struct fx *f = *state;

	cca_eval_add_finding(f->ev, rule(f, "auto.x"), "web", CCA_FAIL, "Dockerfile:1", "m", NULL);
	cca_eval_add_finding(f->ev, rule(f, "auto.x"), "worker", CCA_FAIL, "Dockerfile:1", "m", NULL);
	waive(f, "auto.x", TODAY + 30);
	f->w[0].target = (char *)"web";
	cca_eval_finish(f->ev, TODAY);
	/* worker still fails: the waiver for web does not cover the rule */
	assert_int_equal(rr(f, "auto.x")->status, CCA_FAIL);
	assert_false(rr(f, "auto.x")->waived);
}

static void test_waiver_needs_a_failure(void **state)
{
	struct fx *f = *state;

	attest(f, "manual.b", CCA_PASS, CCA_NEVER);
	waive(f, "manual.b", TODAY + 30);
	cca_eval_finish(f->ev, TODAY);
	assert_int_equal(rr(f, "manual.b")->status, CCA_PASS);
	assert_false(rr(f, "manual.b")->waived);
	assert_int_equal(control(f, "csvs-1.2"), CCA_RU_PASS);
}

static void test_automated_fail_beats_attested_pass(void **state)
{
	struct fx *f = *state;
	const struct cca_rule_result *r;

	finding(f, "auto.x", CCA_PASS, "Dockerfile:1");
	finding(f, "auto.x", CCA_FAIL, "Dockerfile:7");
	attest(f, "auto.x", CCA_PASS, CCA_NEVER);
	attest(f, "manual.d", CCA_PASS, CCA_NEVER);
	attest(f, "manual.a", CCA_PASS, CCA_NEVER);
	cca_eval_finish(f->ev, TODAY);
	r = rr(f, "auto.x");
	assert_int_equal(r->status, CCA_FAIL);
	assert_int_equal(r->nfindings, 2);
	assert_non_null(strstr(r->message, "cannot overturn"));
	assert_int_equal(control(f, "csvs-2.1"), CCA_RU_FAIL);
	/* L1 = {1.1 pass, 2.1 fail}: 1/2, not met */
	assert_float_equal(level_score(f, 1), 0.5, 1e-9);
	assert_int_equal(cca_eval_level_achieved(f->ev), 0);
}

static void test_attestation_fills_unchecked_automation(void **state)
{
	struct fx *f = *state;

	attest(f, "auto.x", CCA_PASS, CCA_NEVER);
	cca_eval_finish(f->ev, TODAY);
	assert_int_equal(rr(f, "auto.x")->status, CCA_PASS);
	assert_non_null(strstr(rr(f, "auto.x")->message, "attested pass by Tester"));
}

static void test_attested_fail_overrides_automated_pass(void **state)
{
	struct fx *f = *state;

	finding(f, "auto.x", CCA_PASS, "Dockerfile:1");
	attest(f, "auto.x", CCA_FAIL, CCA_NEVER);
	cca_eval_finish(f->ev, TODAY);
	assert_int_equal(rr(f, "auto.x")->status, CCA_FAIL);
}

static void test_error_and_unknown(void **state)
{
	struct fx *f = *state;

	finding(f, "auto.x", CCA_ERROR, "Dockerfile");
	attest(f, "manual.d", CCA_PASS, CCA_NEVER);
	attest(f, "manual.a", CCA_PASS, CCA_NEVER);
	cca_eval_finish(f->ev, TODAY);
	assert_int_equal(rr(f, "auto.x")->status, CCA_ERROR);
	assert_int_equal(control(f, "csvs-2.1"), CCA_RU_ERROR);
	assert_false(cca_eval_level(f->ev, 1)->met);
}

static void test_informational_does_not_count(void **state)
{
	struct fx *f = *state;

	finding(f, "auto.x", CCA_INFORMATIONAL, "Dockerfile");
	attest(f, "manual.d", CCA_PASS, CCA_NEVER);
	cca_eval_finish(f->ev, TODAY);
	assert_int_equal(rr(f, "auto.x")->status, CCA_INFORMATIONAL);
	assert_int_equal(control(f, "csvs-2.1"), CCA_RU_PASS);
}

static void test_roles(void **state)
{
	struct fx *f = *state;
	struct cca_tally sec, dev;

	attest(f, "manual.a", CCA_PASS, CCA_NEVER);
	attest(f, "manual.b", CCA_FAIL, CCA_NEVER);
	finding(f, "auto.x", CCA_FAIL, "Dockerfile:2");
	cca_eval_finish(f->ev, TODAY);
	/* security owns a (pass), b (fail), n (unanswered) */
	sec = cca_eval_role(f->ev, CCA_ROLE_SECURITY);
	assert_int_equal(sec.n[CCA_RU_PASS], 1);
	assert_int_equal(sec.n[CCA_RU_FAIL], 1);
	assert_int_equal(sec.n[CCA_RU_UNVERIFIED], 1);
	/* development owns d (unanswered), x (fail), uc (unanswered) */
	dev = cca_eval_role(f->ev, CCA_ROLE_DEVELOPMENT);
	assert_int_equal(dev.n[CCA_RU_FAIL], 1);
	assert_int_equal(dev.n[CCA_RU_UNVERIFIED], 2);
}

static void test_frameworks_and_use_cases(void **state)
{
	struct fx *f = *state;
	struct cca_tally t;

	attest(f, "manual.uc", CCA_PASS, CCA_NEVER);
	attest(f, "manual.a", CCA_PASS, CCA_NEVER);
	attest(f, "manual.n", CCA_FAIL, CCA_NEVER);
	cca_eval_finish(f->ev, TODAY);
	assert_int_equal(control(f, "uc-A1"), CCA_RU_PASS);
	assert_int_equal(control(f, "nist-4.1.1"), CCA_RU_FAIL);
	t = cca_eval_framework(f->ev, (size_t)cca_catalog_find_framework(f->cat, "usecases"));
	assert_int_equal(t.n[CCA_RU_PASS], 1);
	t = cca_eval_framework(f->ev, (size_t)cca_catalog_find_framework(f->cat, "csvs"));
	assert_int_equal(t.n[CCA_RU_PASS], 1);
	assert_int_equal(t.n[CCA_RU_UNVERIFIED], 3);
}

/* Under csvs-l1 the L2 and L3 rules are not selected, and their
 * requirements count against levels 2 and 3 as unverified. */
static void test_profile_level_one(void **state)
{
	struct fx *f = *state;
	const struct cca_level_score *l2;

	attest(f, "manual.a", CCA_PASS, CCA_NEVER);
	attest(f, "manual.b", CCA_PASS, CCA_NEVER);   /* answered but not selected */
	attest(f, "manual.d", CCA_PASS, CCA_NEVER);
	finding(f, "auto.x", CCA_PASS, "Dockerfile:1");
	cca_eval_finish(f->ev, TODAY);
	assert_int_equal(rr(f, "manual.b")->status, CCA_NOTSELECTED);
	assert_int_equal(rr(f, "manual.c")->status, CCA_NOTSELECTED);
	assert_int_equal(rr(f, "manual.uc")->status, CCA_NOTCHECKED);  /* no CSVS map: every level */
	assert_int_equal(control(f, "csvs-1.2"), CCA_RU_NOTSELECTED);
	l2 = cca_eval_level(f->ev, 2);
	assert_int_equal(l2->controls.n[CCA_RU_UNVERIFIED], 1);
	assert_float_equal(level_score(f, 2), 2.0 / 3.0, 1e-9);
	assert_int_equal(cca_eval_level_achieved(f->ev), 1);
	assert_int_equal(cca_eval_nfindings(f->ev), 1);
}

static void test_role_filtered_levels(void **state)
{
	struct fx *f = *state;

	cca_eval_free(f->ev);
	cca_profile_filter_roles(f->p, CCA_ROLE_DEVELOPMENT);
	f->ev = cca_eval_new(f->cat, f->p);
	attest(f, "manual.d", CCA_PASS, CCA_NEVER);
	finding(f, "auto.x", CCA_PASS, "Dockerfile:1");
	cca_eval_finish(f->ev, TODAY);
	/* Only development's requirement 2.1 is scored at every level. */
	assert_int_equal(cca_tally_counted(&cca_eval_level(f->ev, 3)->controls), 1);
	assert_int_equal(cca_eval_level_achieved(f->ev), 3);
	assert_int_equal(rr(f, "manual.a")->status, CCA_NOTSELECTED);
}

static void test_findings_order_and_fingerprints(void **state)
{
	struct fx *f = *state;
	const struct cca_finding *a, *b, *c;
	struct cca_eval *again;
	const char *fp;

	finding(f, "auto.x", CCA_FAIL, "Dockerfile:9");
	finding(f, "auto.x", CCA_PASS, "Dockerfile:10");
	finding(f, "auto.x", CCA_FAIL, "Dockerfile:1");
	cca_eval_finish(f->ev, TODAY);
	assert_int_equal(cca_eval_nfindings(f->ev), 3);
	a = cca_eval_finding(f->ev, 0);
	b = cca_eval_finding(f->ev, 1);
	c = cca_eval_finding(f->ev, 2);
	assert_string_equal(a->location, "Dockerfile:1");
	assert_string_equal(b->location, "Dockerfile:10");
	assert_string_equal(c->location, "Dockerfile:9");
	assert_int_equal(strlen(a->fingerprint), 32);
	assert_string_not_equal(a->fingerprint, b->fingerprint);

	again = cca_eval_new(f->cat, f->p);
	cca_eval_add_finding(again, rule(f, "auto.x"), "app", CCA_PASS, "Dockerfile:1", "other text", NULL);
	cca_eval_finish(again, TODAY);
	fp = cca_eval_finding(again, 0)->fingerprint;
	assert_string_equal(fp, a->fingerprint);   /* status and message do not matter */
	cca_eval_free(again);
}

/* Findings come out grouped by rule, in catalog order, and sorted by
 * location within a rule, whatever order they were recorded in. */
static void test_findings_sorted_by_rule_then_location(void **state)
{
	static const struct { const char *rule, *loc; } in[] = {
		{ "manual.c", "b:2" }, { "auto.x", "z:1" }, { "manual.a", "y:9" },
		{ "auto.x", "a:1" }, { "manual.c", "a:10" }, { "manual.a", "y:10" },
		{ "auto.x", "m:5" },
	};
	static const struct { const char *rule, *loc; } want[] = {
		{ "manual.a", "y:10" }, { "manual.a", "y:9" }, { "manual.c", "a:10" },
		{ "manual.c", "b:2" }, { "auto.x", "a:1" }, { "auto.x", "m:5" },
		{ "auto.x", "z:1" },
	};
	struct fx *f = *state;

	for (size_t i = 0; i < CCA_ARRAY_SIZE(in); i++)
		cca_eval_add_finding(f->ev, rule(f, in[i].rule), "app", CCA_FAIL, in[i].loc, "m",
				     NULL);
	cca_eval_finish(f->ev, TODAY);
	assert_int_equal(cca_eval_nfindings(f->ev), CCA_ARRAY_SIZE(want));
	for (size_t i = 0; i < CCA_ARRAY_SIZE(want); i++) {
		const struct cca_finding *g = cca_eval_finding(f->ev, i);

		assert_int_equal(g->rule, rule(f, want[i].rule));
		assert_string_equal(g->location, want[i].loc);
	}
}

/* Findings of many targets, in any order, keep their own target and sort
 * by it (the engine shares one copy per target among recent findings). */
static void test_findings_of_many_targets(void **state)
{
	struct fx *f = *state;
	char name[16];

	for (int i = 0; i < 40; i++) {
		/* t0 t1 ... t19, then again in reverse, then t0 */
		snprintf(name, sizeof name, "t%02d", i < 20 ? i : 39 - i);
		cca_eval_add_finding(f->ev, rule(f, "auto.x"), name, CCA_FAIL, "Dockerfile:1", "m",
				     NULL);
	}
	cca_eval_add_finding(f->ev, rule(f, "auto.x"), "t00", CCA_PASS, "Dockerfile:2", "m", NULL);
	cca_eval_finish(f->ev, TODAY);
	assert_int_equal(cca_eval_nfindings(f->ev), 41);
	for (size_t i = 0; i < 41; i++) {
		const struct cca_finding *g = cca_eval_finding(f->ev, i);

		/* t00 (three), t01 (two), ... t19 (two) */
		snprintf(name, sizeof name, "t%02zu", i < 3 ? 0 : (i - 1) / 2);
		assert_string_equal(g->target, name);
	}
	assert_string_equal(cca_eval_finding(f->ev, 2)->location, "Dockerfile:2");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_rollup_precedence),
		cmocka_unit_test(test_rollup_categories),
		cmocka_unit_test(test_score_formula),
		cmocka_unit_test(test_status_names),
		cmocka_unit_test_setup_teardown(test_nothing_answered, setup, teardown),
		cmocka_unit_test_setup_teardown(test_level_one_met, setup, teardown),
		cmocka_unit_test_setup_teardown(test_everything_notapplicable, setup, teardown),
		cmocka_unit_test_setup_teardown(test_expired_attestation, setup, teardown),
		cmocka_unit_test_setup_teardown(test_future_attestation, setup, teardown),
		cmocka_unit_test_setup_teardown(test_waived_failure, setup, teardown),
		cmocka_unit_test_setup_teardown(test_expired_waiver, setup, teardown),
		cmocka_unit_test_setup_teardown(test_waiver_needs_a_failure, setup, teardown),
		cmocka_unit_test_setup_teardown(test_waiver_targets, setup, teardown),
		cmocka_unit_test_setup_teardown(test_waiver_for_one_target_of_several, setup, teardown),
		cmocka_unit_test_setup_teardown(test_automated_fail_beats_attested_pass, setup, teardown),
		cmocka_unit_test_setup_teardown(test_attestation_fills_unchecked_automation, setup, teardown),
		cmocka_unit_test_setup_teardown(test_attested_fail_overrides_automated_pass, setup, teardown),
		cmocka_unit_test_setup_teardown(test_error_and_unknown, setup, teardown),
		cmocka_unit_test_setup_teardown(test_informational_does_not_count, setup, teardown),
		cmocka_unit_test_setup_teardown(test_roles, setup, teardown),
		cmocka_unit_test_setup_teardown(test_frameworks_and_use_cases, setup, teardown),
		cmocka_unit_test_setup_teardown(test_profile_level_one, setup_l1, teardown),
		cmocka_unit_test_setup_teardown(test_role_filtered_levels, setup, teardown),
		cmocka_unit_test_setup_teardown(test_findings_order_and_fingerprints, setup, teardown),
		cmocka_unit_test_setup_teardown(test_findings_of_many_targets, setup, teardown),
		cmocka_unit_test_setup_teardown(test_findings_sorted_by_rule_then_location, setup,
						teardown),
	};

	return cmocka_run_group_tests_name("engine", tests, NULL, NULL);
}
