/*
 * test-store.c - the history database (src/store/) through the pipeline:
 * real Dockerfiles audited with the shipped catalog and saved run after
 * run into a fresh database, then the lifecycle of each failing finding,
 * the fixed list, the trend, owners and waivers applied to later runs,
 * and a stored run evaluated again.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "ccaudit/catalog.h"
#include "ccaudit/engine.h"
#include "ccaudit/evidence.h"
#include "ccaudit/report.h"
#include "ccaudit/store.h"
#include "ccaudit/util.h"
#include "test-support.h"

#define TODAY 20454  /* 2026-01-01 */

static struct cca_catalog *cat;
static struct cca_profile *all;
static char *xsd;
static char dir[] = "/tmp/ccaudit-test-store.XXXXXX";

/* A Dockerfile with findings of several rules, none of them suppressed. */
static const char weak[] =
	"FROM python:3.12\n"
	"RUN apt-get update && apt-get install -y curl\n"
	"COPY . /app\n"
	"CMD [\"python\", \"/app/main.py\"]\n";

static int setup(void **state)
{
	struct cca_error err;

	(void)state;
	cat = ts_shipped_catalog();
	all = cca_profile_new(cat, "all", &err);
	xsd = ts_path("top_srcdir", CCA_SRCDIR, "catalogs/catalog.xsd");
	if (!all || !mkdtemp(dir))
		fail_msg("setup: %s", all ? "mkdtemp failed" : err.msg);
	return 0;
}

static int teardown(void **state)
{
	char *cmd = cca_xasprintf("rm -rf '%s'", dir);

	(void)state;
	if (system(cmd) != 0)
		fprintf(stderr, "cannot remove %s\n", dir);
	free(cmd);
	free(xsd);
	cca_profile_free(all);
	cca_catalog_free(cat);
	return 0;
}

/* One audit of one Dockerfile, saved. */
struct audit {
	struct cca_evidence *evidence;
	struct cca_eval *ev;
	struct cca_report *rep;
	struct cca_decisions *decisions;
};

static void audit_free(struct audit *a)
{
	cca_report_free(a->rep);
	cca_eval_free(a->ev);
	cca_evidence_free(a->evidence);
	cca_decisions_free(a->decisions);
}

/* A database path of the test's own. */
static char *db_path(const char *name)
{
	return cca_xasprintf("%s/%s.db", dir, name);
}

/* Audit text as DIR/Dockerfile on target and save the run in s at time t. */
static void audit(struct cca_store *s, const char *target, const char *text, time_t t,
		  struct audit *a)
{
	char *path = cca_xasprintf("%s/Dockerfile", dir);
	struct cca_run_source src = {
		"all", CCA_ROLE_ALL, NULL, NULL, 0, NULL, TODAY, "test"
	};
	struct cca_error err;

	memset(a, 0, sizeof *a);
	if (cca_file_write(path, text, strlen(text), &err) < 0)
		fail_msg("%s", err.msg);
	if (cca_store_decisions(s, target, &a->decisions, &err) < 0)
		fail_msg("%s", err.msg);
	src.decisions = a->decisions;
	a->evidence = cca_evidence_new();
	cca_evidence_add_dockerfile(a->evidence, path, NULL);
	a->ev = cca_eval_new(cat, all);
	cca_eval_set_target(a->ev, target);
	cca_eval_run_checks(a->ev, a->evidence, target);
	cca_decisions_apply(a->decisions, a->ev);
	cca_eval_finish(a->ev, TODAY);
	a->rep = cca_report_new(a->ev);
	cca_report_set_target(a->rep, target);
	cca_report_set_time(a->rep, t);
	if (cca_store_save(s, a->rep, &src, &err) < 0)
		fail_msg("save: %s", err.msg);
	free(path);
}

/* The index of the failing finding of rule id in a's run, or -1. */
static long failing(const struct audit *a, const char *id)
{
	long r = cca_catalog_find_rule(cat, id);

	for (size_t i = 0; i < cca_eval_nfindings(a->ev); i++) {
		const struct cca_finding *f = cca_eval_finding(a->ev, i);

		if ((long)f->rule == r && f->status == CCA_FAIL)
			return (long)i;
	}
	return -1;
}

static enum cca_lifecycle lifecycle(const struct audit *a, const char *id)
{
	long i = failing(a, id);

	assert_true(i >= 0);
	return cca_report_track(a->rep, (size_t)i)->lifecycle;
}

static struct cca_store *open_db(const char *name)
{
	char *path = db_path(name);
	struct cca_store *s = NULL;
	struct cca_error err;

	if (cca_store_open(path, true, &s, &err) < 0)
		fail_msg("open: %s", err.msg);
	free(path);
	return s;
}

static void test_open_needs_the_file_to_read(void **state)
{
	char *path = db_path("missing");
	struct cca_store *s = NULL;
	struct cca_error err;

	(void)state;
	assert_int_equal(cca_store_open(path, false, &s, &err), -1);
	assert_int_equal(err.code, CCA_ESTORE);
	assert_non_null(strstr(err.msg, "missing.db"));
	assert_int_equal(access(path, F_OK), -1);   /* reading creates nothing */
	free(path);
}

static void test_lifecycle_across_runs(void **state)
{
	struct cca_store *s = open_db("lifecycle");
	struct audit a1, a2, a3, a4;
	char *moved = cca_xasprintf("# the service image\nLABEL team=payments\n\n%s", weak);
	char *fixed = cca_xasprintf("%sUSER 10001\n", weak);
	const char *fp, *rule, *loc;

	(void)state;
	audit(s, "svc", weak, 1000, &a1);
	assert_int_equal(lifecycle(&a1, "dockerfile.user-root"), CCA_LC_NEW);
	assert_int_equal(lifecycle(&a1, "dockerfile.from-not-pinned"), CCA_LC_NEW);
	assert_int_equal(cca_report_nfixed(a1.rep), 0);

	/* Lines added above: the same findings, persisting. */
	audit(s, "svc", moved, 2000, &a2);
	assert_int_equal(lifecycle(&a2, "dockerfile.from-not-pinned"), CCA_LC_PERSISTING);
	assert_int_equal(lifecycle(&a2, "dockerfile.user-root"), CCA_LC_PERSISTING);
	assert_string_not_equal(cca_eval_finding(a1.ev, (size_t)failing(&a1, "dockerfile.from-not-pinned"))->location,
				cca_eval_finding(a2.ev, (size_t)failing(&a2, "dockerfile.from-not-pinned"))->location);
	assert_string_equal(cca_eval_finding(a1.ev, (size_t)failing(&a1, "dockerfile.from-not-pinned"))->fingerprint,
			    cca_eval_finding(a2.ev, (size_t)failing(&a2, "dockerfile.from-not-pinned"))->fingerprint);

	/* USER set: root and dedicated-user findings are fixed. */
	audit(s, "svc", fixed, 3000, &a3);
	assert_int_equal(failing(&a3, "dockerfile.user-root"), -1);
	assert_true(cca_report_nfixed(a3.rep) >= 1);
	{
		bool seen = false;

		for (size_t i = 0; i < cca_report_nfixed(a3.rep); i++) {
			cca_report_fixed(a3.rep, i, &fp, &rule, &loc);
			seen |= strcmp(rule, "dockerfile.user-root") == 0;
		}
		assert_true(seen);
	}
	assert_int_equal(lifecycle(&a3, "dockerfile.from-not-pinned"), CCA_LC_PERSISTING);

	/* Back to root: reopened. */
	audit(s, "svc", weak, 4000, &a4);
	assert_int_equal(lifecycle(&a4, "dockerfile.user-root"), CCA_LC_REOPENED);
	assert_int_equal(lifecycle(&a4, "dockerfile.from-not-pinned"), CCA_LC_PERSISTING);

	/* The trend: four runs, oldest first, this one last. */
	assert_int_equal(cca_report_ntrend(a4.rep), 4);
	assert_int_equal(cca_report_trend(a4.rep, 0)->time, 1000);
	assert_string_equal(cca_report_trend(a4.rep, 3)->run, cca_report_run_id(a4.rep));
	assert_string_equal(cca_report_trend(a1.rep, 0)->run, cca_report_run_id(a1.rep));
	assert_int_equal(strlen(cca_report_run_id(a4.rep)), 36);

	audit_free(&a1);
	audit_free(&a2);
	audit_free(&a3);
	audit_free(&a4);
	free(moved);
	free(fixed);
	cca_store_close(s);
}

static void test_targets_are_separate(void **state)
{
	struct cca_store *s = open_db("targets");
	struct audit a, b;

	(void)state;
	audit(s, "one", weak, 1000, &a);
	audit(s, "two", weak, 2000, &b);
	assert_int_equal(lifecycle(&b, "dockerfile.user-root"), CCA_LC_NEW);
	assert_int_equal(cca_report_ntrend(b.rep), 1);
	audit_free(&a);
	audit_free(&b);
	cca_store_close(s);
}

static void test_owner_and_waiver_apply_to_later_runs(void **state)
{
	struct cca_store *s = open_db("decisions");
	struct audit a1, a2;
	struct cca_assignment as = { "", "dana", "security", TODAY + 30, "lead", TODAY };
	struct cca_waiver w = { NULL, NULL, "lead", "accepted until the rewrite", TODAY,
				TODAY + 90, NULL, 0 };
	struct cca_error err;
	const struct cca_finding_track *t;
	const struct cca_rule_result *rr;
	long i, pin = cca_catalog_find_rule(cat, "dockerfile.from-not-pinned");
	char prefix[9];

	(void)state;
	audit(s, "svc", weak, 1000, &a1);
	i = failing(&a1, "dockerfile.user-root");
	snprintf(prefix, sizeof prefix, "%s", cca_eval_finding(a1.ev, (size_t)i)->fingerprint);
	assert_int_equal(cca_store_assign(s, prefix, &as, &err), 0);
	i = failing(&a1, "dockerfile.from-not-pinned");
	assert_int_equal(cca_store_waive(s, cca_eval_finding(a1.ev, (size_t)i)->fingerprint, &w,
					 &err), 0);

	audit(s, "svc", weak, 2000, &a2);
	t = cca_report_track(a2.rep, (size_t)failing(&a2, "dockerfile.user-root"));
	assert_string_equal(t->owner, "dana");
	assert_string_equal(t->role, "security");
	assert_int_equal(t->due, TODAY + 30);
	rr = cca_eval_rule(a2.ev, (size_t)pin);
	assert_int_equal(rr->status, CCA_PASS);
	assert_true(rr->waived);
	assert_true(cca_eval_finding(a2.ev, (size_t)failing(&a2, "dockerfile.from-not-pinned"))->waived);

	/* Unknown and malformed finding ids are usage errors. */
	assert_int_equal(cca_store_assign(s, "ffffffffff", &as, &err), -1);
	assert_int_equal(err.code, CCA_EUSAGE);
	assert_int_equal(cca_store_assign(s, "abc", &as, &err), -1);
	assert_int_equal(err.code, CCA_EUSAGE);

	audit_free(&a1);
	audit_free(&a2);
	cca_store_close(s);
}

static void test_rule_waiver_for_a_target(void **state)
{
	struct cca_store *s = open_db("rule-waiver");
	struct cca_waiver w = { "dockerfile.healthcheck", "svc", "lead", "probes run in the mesh",
				TODAY, CCA_NEVER, NULL, 0 };
	struct cca_error err;
	struct audit a, b;
	long r = cca_catalog_find_rule(cat, "dockerfile.healthcheck");

	(void)state;
	assert_int_equal(cca_store_waive(s, NULL, &w, &err), 0);
	audit(s, "svc", weak, 1000, &a);
	audit(s, "other", weak, 2000, &b);
	assert_true(cca_eval_rule(a.ev, (size_t)r)->waived);
	assert_int_equal(cca_eval_rule(a.ev, (size_t)r)->status, CCA_PASS);
	assert_false(cca_eval_rule(b.ev, (size_t)r)->waived);
	assert_int_equal(cca_eval_rule(b.ev, (size_t)r)->status, CCA_FAIL);
	audit_free(&a);
	audit_free(&b);
	cca_store_close(s);
}

/* JSON of a report. */
static char *json(const struct cca_report *rep)
{
	struct cca_render_opts o = { .data_dir = NULL };
	struct cca_buf b;
	struct cca_error err;

	cca_buf_init(&b);
	if (cca_report_json(rep, &o, &b, &err) < 0)
		fail_msg("%s", err.msg);
	return cca_buf_detach(&b);
}

static void test_stored_run_renders_the_same(void **state)
{
	struct cca_store *s = open_db("replay");
	struct cca_stored_run *r = NULL;
	struct audit a1, a2;
	struct cca_error err;
	char *want, *got, id[37];

	(void)state;
	audit(s, "svc", weak, 1000, &a1);
	audit(s, "svc", "FROM scratch\nUSER 1\n", 2000, &a2);
	want = json(a1.rep);
	snprintf(id, sizeof id, "%.8s", cca_report_run_id(a1.rep));
	assert_int_equal(cca_store_load_run(s, id, xsd, &r, &err), 0);
	got = json(cca_stored_run_report(r));
	assert_string_equal(want, got);
	free(want);
	free(got);
	cca_stored_run_free(r);

	want = json(a2.rep);
	assert_int_equal(cca_store_load_run(s, "latest", xsd, &r, &err), 0);
	got = json(cca_stored_run_report(r));
	assert_string_equal(want, got);
	free(want);
	free(got);
	cca_stored_run_free(r);

	assert_int_equal(cca_store_load_run(s, "0000", xsd, &r, &err), -1);
	assert_int_equal(err.code, CCA_EUSAGE);
	assert_null(r);
	audit_free(&a1);
	audit_free(&a2);
	cca_store_close(s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_open_needs_the_file_to_read),
		cmocka_unit_test(test_lifecycle_across_runs),
		cmocka_unit_test(test_targets_are_separate),
		cmocka_unit_test(test_owner_and_waiver_apply_to_later_runs),
		cmocka_unit_test(test_rule_waiver_for_a_target),
		cmocka_unit_test(test_stored_run_renders_the_same),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
