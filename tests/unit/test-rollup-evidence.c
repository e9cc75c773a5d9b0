/*
 * test-rollup-evidence.c - which rules of a requirement enter its roll-up
 * when the audit holds only some kinds of evidence, over the shipped
 * catalog's csvs-3.1 (Dockerfile, image and container rules):
 *
 *   - a rule whose kind of evidence was not collected stays out when
 *     another automated rule of the requirement ran;
 *   - with one Dockerfile and one image (the image built from it), an
 *     image rule that ran overrides the Dockerfile rules;
 *   - with several Dockerfiles or images, every rule that ran counts;
 *   - an answered manual rule decides as well as an automated rule that ran.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include <cmocka.h>

#include "ccaudit/catalog.h"
#include "ccaudit/engine.h"
#include "test-support.h"

#define TODAY 20454

static struct cca_catalog *cat;
static struct cca_profile *all;

static int setup(void **state)
{
	struct cca_error err;

	(void)state;
	cat = ts_shipped_catalog();
	all = cca_profile_new(cat, "all", &err);
	assert_non_null(all);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	cca_profile_free(all);
	cca_catalog_free(cat);
	return 0;
}

static size_t rule(const char *id)
{
	long i = cca_catalog_find_rule(cat, id);

	assert_true(i >= 0);
	return (size_t)i;
}

/* The tally of csvs-3.1 after an audit of ndf Dockerfiles (user-root
 * failing) and nimg images (user-root passing). */
static struct cca_tally audit(unsigned ndf, unsigned nimg)
{
	struct cca_eval *ev = cca_eval_new(cat, all);
	long c = cca_catalog_find_control(cat, "csvs-3.1");
	struct cca_tally t;

	for (unsigned i = 0; i < ndf; i++) {
		cca_eval_add_evidence_kind(ev, "dockerfile");
		cca_eval_note_checked(ev, rule("dockerfile.user-root"));
		cca_eval_add_finding(ev, rule("dockerfile.user-root"), "t", CCA_FAIL, "Dockerfile:1",
				     "no USER", NULL);
	}
	for (unsigned i = 0; i < nimg; i++) {
		cca_eval_add_evidence_kind(ev, "image");
		cca_eval_note_checked(ev, rule("image.user-root"));
	}
	cca_eval_finish(ev, TODAY);
	assert_true(c >= 0);
	t = cca_eval_control(ev, (size_t)c)->rules;
	cca_eval_free(ev);
	return t;
}

static void test_uncollected_kinds_stay_out(void **state)
{
	struct cca_tally t = audit(1, 0), none = audit(0, 0);

	(void)state;
	/* The Dockerfile rule counts; the image and container rules, whose
	 * evidence is absent, leave the tally instead of counting unverified. */
	assert_int_equal(t.n[CCA_RU_FAIL], 1);
	assert_true(cca_tally_counted(&t) + 2 <= cca_tally_counted(&none));
	assert_true(t.n[CCA_RU_UNVERIFIED] + 3 <= none.n[CCA_RU_UNVERIFIED]);
}

static void test_nothing_ran_stays_unverified(void **state)
{
	struct cca_tally t = audit(0, 0);

	(void)state;
	assert_true(t.n[CCA_RU_UNVERIFIED] > 0);
	assert_int_equal(t.n[CCA_RU_FAIL], 0);
}

static void test_the_image_decides_for_its_dockerfile(void **state)
{
	struct cca_tally t = audit(1, 1);

	(void)state;
	assert_int_equal(t.n[CCA_RU_FAIL], 0);   /* the Dockerfile's failure is left out */
	assert_true(t.n[CCA_RU_PASS] >= 1);
}

static void test_several_dockerfiles_all_count(void **state)
{
	struct cca_tally two = audit(2, 1), imgs = audit(1, 2);

	(void)state;
	assert_int_equal(two.n[CCA_RU_FAIL], 1);
	assert_int_equal(imgs.n[CCA_RU_FAIL], 1);
}

static void test_an_answer_decides_without_the_evidence(void **state)
{
	struct cca_eval *ev = cca_eval_new(cat, all);
	struct cca_attestation a = { "manual.csvs-12.6", CCA_PASS, "ops", TODAY - 1, CCA_NEVER,
				     NULL, NULL, "answers.yaml", 1 };
	long c = cca_catalog_find_control(cat, "csvs-12.6");

	(void)state;
	/* No engine was asked: engine.version stays out, the answer decides. */
	cca_eval_add_attestation(ev, &a);
	cca_eval_finish(ev, TODAY);
	assert_true(c >= 0);
	assert_int_equal(cca_eval_control(ev, (size_t)c)->status, CCA_RU_PASS);
	assert_int_equal(cca_eval_rule(ev, rule("engine.version"))->status, CCA_NOTCHECKED);
	cca_eval_free(ev);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_uncollected_kinds_stay_out),
		cmocka_unit_test(test_nothing_ran_stays_unverified),
		cmocka_unit_test(test_the_image_decides_for_its_dockerfile),
		cmocka_unit_test(test_several_dockerfiles_all_count),
		cmocka_unit_test(test_an_answer_decides_without_the_evidence),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
