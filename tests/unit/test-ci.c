/*
 * test-ci.c - CI files and build scripts: the reader (src/evidence/ci.c)
 * and the ci.* checks (src/checks/ci.c) through the shipped catalog.
 *
 * The fixtures of tests/fixtures/ci-checks/ (a workflow of each kind, a
 * GitLab CI file, a Jenkinsfile, a Makefile and shell scripts) give every
 * check two inputs where it reports and two where it must not, each
 * finding at FILE:LINE.  Bad input is an item error naming FILE:LINE, and
 * planted passwords never reach a message.
 */
#include <dirent.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "ccaudit/catalog.h"
#include "ccaudit/checks.h"
#include "ccaudit/ci.h"
#include "ccaudit/engine.h"
#include "ccaudit/evidence.h"
#include "ccaudit/util.h"
#include "test-support.h"

static void audit_path(struct ts_audit *a, const char *path)
{
	a->path = NULL;
	a->evidence = cca_evidence_new();
	cca_evidence_add_ci_file(a->evidence, path);
	ts_audit_run(a, NULL);
}

static void audit_fixture(struct ts_audit *a, const char *name)
{
	char *rel = cca_xasprintf("ci-checks/%s", name);
	char *path = ts_path("CCA_FIXTURES", "tests/fixtures", rel);

	audit_path(a, path);
	ts_audit_no_error(a, name, false);
	free(path);
	free(rel);
}

/* ---- the checks ------------------------------------------------------------------ */

#define P CCA_PASS
#define F CCA_FAIL
#define I CCA_INFORMATIONAL
#define NA CCA_NOTAPPLICABLE

static const struct ts_row rows[] = {
	{ ".github/workflows/ci.yaml", "ci.build-pull", F, "ci.yaml:11",
	  "docker/build-push-action without pull: true or no-cache: true" },
	{ ".github/workflows/ci.yaml", "ci.build-pull", F, "ci.yaml:15",
	  "docker buildx build without --pull or --no-cache" },
	{ "Jenkinsfile", "ci.build-pull", F, "Jenkinsfile:6", "docker build without --pull" },
	{ "build.sh", "ci.build-pull", F, "build.sh:5", NULL },
	{ ".github/workflows/release.yml", "ci.build-pull", P, NULL, NULL },
	{ ".gitlab-ci.yml", "ci.build-pull", P, NULL, NULL },
	{ "Makefile", "ci.build-pull", P, NULL, NULL },
	{ "tests.sh", "ci.build-pull", NA, NULL, NULL },

	{ "Jenkinsfile", "ci.content-trust", F, "Jenkinsfile:10", "DOCKER_CONTENT_TRUST is set to 0" },
	{ "Jenkinsfile", "ci.content-trust", F, "Jenkinsfile:10", "docker push runs without" },
	{ "build.sh", "ci.content-trust", F, "build.sh:5", "images are pushed without signatures" },
	{ "Makefile", "ci.content-trust", F, "Makefile:5", "docker build runs without" },
	{ ".github/workflows/ci.yaml", "ci.content-trust", F, "ci.yaml:15", "docker pull runs" },
	{ ".github/workflows/release.yml", "ci.content-trust", P, NULL, NULL },
	{ ".gitlab-ci.yml", "ci.content-trust", P, NULL, NULL },
	{ "tests.sh", "ci.content-trust", NA, NULL, NULL },

	{ ".github/workflows/ci.yaml", "ci.login-password", F, "ci.yaml:10",
	  "the literal password 'Hun***'" },
	{ "Jenkinsfile", "ci.login-password", F, "Jenkinsfile:8", "'S3c***'" },
	{ "build.sh", "ci.login-password", F, "build.sh:6", "'Pa55***'" },
	{ ".gitlab-ci.yml", "ci.login-password", P, NULL, NULL },
	{ ".github/workflows/release.yml", "ci.login-password", P, NULL, NULL },

	{ "build.sh", "ci.image-scan", I, "build.sh", "no scanner runs" },
	{ "Jenkinsfile", "ci.image-scan", I, "Jenkinsfile", NULL },
	{ ".github/workflows/release.yml", "ci.image-scan", P, NULL, NULL },
	{ ".gitlab-ci.yml", "ci.image-scan", P, NULL, NULL },
	{ "Makefile", "ci.image-scan", P, NULL, NULL },
	{ "tests.sh", "ci.image-scan", NA, NULL, NULL },
};

static void check_row(const struct ts_row *w)
{
	struct ts_audit a;

	audit_fixture(&a, w->fixture);
	ts_expect_at(&a, w);
	ts_audit_close(&a);
}

static void run_rule_rows(const char *rule)
{
	assert_true(ts_run_rule_rows(rows, CCA_ARRAY_SIZE(rows), rule, check_row) >= 4);
}

#define RULE_TEST(name, id) \
	static void test_##name(void **state) { (void)state; run_rule_rows(id); }

RULE_TEST(build_pull, "ci.build-pull")
RULE_TEST(content_trust, "ci.content-trust")
RULE_TEST(login_password, "ci.login-password")
RULE_TEST(image_scan, "ci.image-scan")

static void test_every_check_has_fixtures(void **state)
{
	static const char *const kinds[] = { CCA_KIND_CI, NULL };

	(void)state;
	assert_int_equal(ts_check_fixture_counts(kinds, rows, CCA_ARRAY_SIZE(rows), NULL),
			 4);
}

static void test_passwords_masked(void **state)
{
	static const struct {
		const char *fixture, *secret;
	} planted[] = {
		{ ".github/workflows/ci.yaml", "Hunter2Hunter2x" },
		{ "Jenkinsfile", "S3cretJenkinsPw" },
		{ "build.sh", "Pa55word4Registry" },
	};

	(void)state;
	for (size_t i = 0; i < CCA_ARRAY_SIZE(planted); i++) {
		struct ts_audit a;

		audit_fixture(&a, planted[i].fixture);
		ts_assert_never_shown(&a, planted[i].fixture, planted[i].secret);
		ts_audit_close(&a);
	}
}

/* ---- the reader ------------------------------------------------------------------------ */

static struct cca_ci *parse_ok(const char *flavour, const char *text)
{
	struct cca_ci *c = NULL;
	struct cca_error err;

	if (cca_ci_parse("t", flavour, text, strlen(text), &c, &err) < 0)
		fail_msg("unexpected error: %s", err.msg);
	return c;
}

static void parse_bad_n(const char *flavour, const char *data, size_t len, const char *want)
{
	struct cca_ci *c = (struct cca_ci *)&c;
	struct cca_error err;

	cca_error_clear(&err);
	if (cca_ci_parse("t", flavour, data, len, &c, &err) == 0)
		fail_msg("accepted, expected \"%s\"", want);
	assert_null(c);
	if (!strstr(err.msg, want))
		fail_msg("message \"%s\" lacks \"%s\"", err.msg, want);
}

static void test_commands(void **state)
{
	struct cca_ci *c;

	(void)state;
	/* continuations, several commands on a line, global options, echo is no command */
	c = parse_ok("shell", "docker --config /tmp/c \\\n  build \\\n  --pull .; docker image push x\n"
		     "echo docker build && sudo docker -H tcp://h:2376 image build --no-cache .\n"
		     "X=1 DOCKER_CONTENT_TRUST=1 docker pull y | tee log\n"
		     "docker login --password=\"$TOKEN\" r && docker login -pLiteralPw99 r\n");
	assert_int_equal(c->ncmds, 6);
	assert_int_equal(c->cmds[0].kind, CCA_CI_BUILD);
	assert_true(c->cmds[0].pull);
	assert_int_equal(c->cmds[0].line, 1);
	assert_int_equal(c->cmds[1].kind, CCA_CI_PUSH);
	assert_int_equal(c->cmds[2].kind, CCA_CI_BUILD);
	assert_true(c->cmds[2].no_cache);
	assert_int_equal(c->cmds[2].line, 4);
	assert_true(c->cmds[3].content_trust);
	assert_null(c->cmds[4].password);
	assert_string_equal(c->cmds[5].password, "Li***");
	assert_int_equal(c->ntrust, 0);
	cca_ci_free(c);
	/* file-wide settings, scanners */
	c = parse_ok("gitlab-ci", "variables:\n  DOCKER_CONTENT_TRUST: \"1\"\nscan:\n  script:\n"
		     "    - docker scout cves img\n");
	assert_int_equal(c->ntrust, 1);
	assert_int_equal(c->trust[0].line, 2);
	assert_int_equal(c->nscanners, 1);
	assert_string_equal(c->scanners[0].value, "docker scout");
	cca_ci_free(c);
}

static void test_bad_input(void **state)
{
	struct ts_audit a;
	char dir[] = "/tmp/cca-ci-XXXXXX";
	char *path;
	FILE *f;

	(void)state;
	parse_bad_n("shell", "docker build .\n\0\n", 17, "t:2: a NUL byte");
	parse_bad_n("shell", "echo ok\ndocker build caf\xe9 .\n", 25, "t:2: invalid UTF-8");
	parse_bad_n("github-actions", "on: [push\njobs:\n", 16, "t:");
	parse_bad_n("gitlab-ci", "build:\n  script:\n    - a\n   - b\n\t- c\n", 36, "t:");
	parse_bad_n("github-actions", "\x7f" "ELF\x02\x01\x01\x00", 8, "a NUL byte");
	/* a file past the size cap, and one that is not there: the rules error */
	assert_non_null(mkdtemp(dir));
	path = cca_xasprintf("%s/build.sh", dir);
	f = fopen(path, "w");
	assert_non_null(f);
	for (int i = 0; i < 60000; i++)
		fputs("docker build --pull -t x .\n", f);
	fclose(f);
	audit_path(&a, path);
	assert_non_null(strstr(cca_evidence_item(a.evidence, 0)->error, "larger than the limit"));
	assert_int_equal(ts_result_of(&a, "ci.build-pull")->status, CCA_ERROR);
	ts_audit_close(&a);
	unlink(path);
	rmdir(dir);
	free(path);
	audit_path(&a, "/nonexistent/.gitlab-ci.yml");
	assert_int_equal(ts_result_of(&a, "ci.login-password")->status, CCA_ERROR);
	ts_audit_close(&a);
	/* a workflow that is not valid YAML: FILE:LINE */
	{
		char d2[] = "/tmp/cca-ci-XXXXXX";
		char *wf;

		assert_non_null(mkdtemp(d2));
		wf = cca_xasprintf("%s/.gitlab-ci.yml", d2);
		f = fopen(wf, "w");
		assert_non_null(f);
		fputs("build:\n  script:\n    - \"docker build .\n", f);
		fclose(f);
		audit_path(&a, wf);
		assert_non_null(cca_evidence_item(a.evidence, 0)->error);
		assert_non_null(strstr(cca_evidence_item(a.evidence, 0)->error, wf));
		assert_int_equal(ts_result_of(&a, "ci.build-pull")->status, CCA_ERROR);
		ts_audit_close(&a);
		unlink(wf);
		rmdir(d2);
		free(wf);
	}
}

static void test_discovery(void **state)
{
	(void)state;
	assert_true(cca_ci_path(".github/workflows/ci.yml"));
	assert_true(cca_ci_path("svc/.github/workflows/release.yaml"));
	assert_false(cca_ci_path(".github/workflows/sub/ci.yml"));
	assert_false(cca_ci_path(".github/dependabot.yml"));
	assert_false(cca_ci_path("workflows/ci.yml"));
	assert_true(cca_ci_name(".gitlab-ci.yml"));
	assert_true(cca_ci_name("Jenkinsfile"));
	assert_true(cca_ci_name("Makefile"));
	assert_true(cca_ci_name("release.sh"));
	assert_true(cca_ci_name("docker.mk"));
	assert_false(cca_ci_name("Makefile.am"));
	assert_false(cca_ci_name("config.yml"));
	assert_string_equal(cca_ci_flavour("x/.github/workflows/a.yml"), "github-actions");
	assert_string_equal(cca_ci_flavour("Jenkinsfile"), "jenkinsfile");
	assert_string_equal(cca_ci_flavour("run"), "shell");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_build_pull),
		cmocka_unit_test(test_content_trust),
		cmocka_unit_test(test_login_password),
		cmocka_unit_test(test_image_scan),
		cmocka_unit_test(test_every_check_has_fixtures),
		cmocka_unit_test(test_passwords_masked),
		cmocka_unit_test(test_commands),
		cmocka_unit_test(test_bad_input),
		cmocka_unit_test(test_discovery),
	};

	return cmocka_run_group_tests(tests, ts_load_shipped, ts_free_shipped);
}
