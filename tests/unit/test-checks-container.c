/*
 * test-checks-container.c - the container checks (src/checks/container.c)
 * through the whole pipeline: the shipped catalog, profile "all", one
 * compose fixture of tests/fixtures/compose-checks/ per behaviour collected
 * as evidence, evaluated, then the rule's status, the lines of its
 * findings and their messages.  A hand-made model with source "engine"
 * shows that the checks judge any struct cca_container, not only compose.
 *
 * Every check has at least two fixtures where it reports and two where it
 * must not (test_every_check_has_fixtures counts them in the table below).
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
#include "ccaudit/compose.h"
#include "ccaudit/engine.h"
#include "ccaudit/evidence.h"
#include "ccaudit/runtime.h"
#include "ccaudit/util.h"
#include "test-support.h"

static void audit_open(struct ts_audit *a, const char *fixture)
{
	char *rel = cca_xasprintf("compose-checks/%s", fixture);
	const char *files[1];

	a->path = ts_path("CCA_FIXTURES", "tests/fixtures", rel);
	free(rel);
	files[0] = a->path;
	a->evidence = cca_evidence_new();
	cca_compose_collect(a->evidence, files, 1, NULL);
	assert_true(cca_evidence_count(a->evidence) > 0);
	ts_audit_no_error(a, fixture, true);
	ts_audit_run(a, NULL);
}

#define P CCA_PASS
#define F CCA_FAIL
#define I CCA_INFORMATIONAL
#define U CCA_UNKNOWN
#define NA CCA_NOTAPPLICABLE

static const struct ts_row rows[] = {
	/* privileged */
	{ "privileged-fires.yaml", "container.privileged", F, "4", "service 'agent' runs privileged" },
	{ "privileged-anchor-fires.yaml", "container.privileged", F, "4", NULL },
	{ "hardened-passes.yaml", "container.privileged", P, "", NULL },
	{ "deploy-limits-passes.yaml", "container.privileged", P, "", NULL },
	/* user */
	{ "root-user-fires.yaml", "container.user", F, "4", "runs as user '0:0'" },
	{ "root-user-name-fires.yaml", "container.user", F, "4", "runs as user 'root'" },
	{ "hardened-passes.yaml", "container.user", P, "", NULL },
	{ "deploy-limits-passes.yaml", "container.user", P, "", NULL },
	{ "build-only-notapplicable.yaml", "container.user", NA, "3", "USER of its Dockerfile" },
	{ "weak-defaults-fires.yaml", "container.user", U, "4", "the user of image 'nginx'" },
	/* read_only */
	{ "weak-defaults-fires.yaml", "container.read-only", F, "3", "read_only is not set" },
	{ "read-only-false-fires.yaml", "container.read-only", F, "4", "sets read_only to 'false'" },
	{ "hardened-passes.yaml", "container.read-only", P, "", NULL },
	{ "deploy-limits-passes.yaml", "container.read-only", P, "", NULL },
	/* capabilities */
	{ "weak-defaults-fires.yaml", "container.cap-drop", F, "3", "no cap_drop: ALL" },
	{ "cap-add-fires.yaml", "container.cap-drop", F, "5", "drops some capabilities but not ALL" },
	{ "hardened-passes.yaml", "container.cap-drop", P, "", NULL },
	{ "deploy-limits-passes.yaml", "container.cap-drop", P, "", NULL },
	{ "cap-add-fires.yaml", "container.cap-add", F, "7 8", "adds the capability CAP_NET_ADMIN" },
	{ "cap-add-all-fires.yaml", "container.cap-add", F, "5", "adds the capability ALL" },
	{ "hardened-passes.yaml", "container.cap-add", P, "", NULL },
	{ "deploy-limits-passes.yaml", "container.cap-add", P, "", NULL },
	/* security options */
	{ "weak-defaults-fires.yaml", "container.no-new-privileges", F, "3",
	  "does not set no-new-privileges" },
	{ "security-opt-fires.yaml", "container.no-new-privileges", F, "5",
	  "turns no-new-privileges off" },
	{ "hardened-passes.yaml", "container.no-new-privileges", P, "", NULL },
	{ "deploy-limits-passes.yaml", "container.no-new-privileges", P, "", NULL },
	{ "apparmor-fires.yaml", "container.no-new-privileges", P, "", NULL },
	{ "weak-defaults-fires.yaml", "container.seccomp", F, "3", "default seccomp profile" },
	{ "security-opt-fires.yaml", "container.seccomp", F, "6", "runs without seccomp" },
	{ "hardened-passes.yaml", "container.seccomp", P, "", NULL },
	{ "deploy-limits-passes.yaml", "container.seccomp", P, "", NULL },
	{ "security-opt-fires.yaml", "container.apparmor", F, "7 8", "without SELinux labels" },
	{ "apparmor-fires.yaml", "container.apparmor", F, "4", "runs without AppArmor" },
	{ "hardened-passes.yaml", "container.apparmor", P, "", NULL },
	{ "deploy-limits-passes.yaml", "container.apparmor", P, "", NULL },
	/* resources */
	{ "weak-defaults-fires.yaml", "container.pids-limit", F, "3", "has no pids limit" },
	{ "pids-unlimited-fires.yaml", "container.pids-limit", F, "4", "'-1', which is unlimited" },
	{ "hardened-passes.yaml", "container.pids-limit", P, "", NULL },
	{ "deploy-limits-passes.yaml", "container.pids-limit", P, "", NULL },
	{ "weak-defaults-fires.yaml", "container.resources", F, "3", "no memory and no CPU limit" },
	{ "resources-memory-only-fires.yaml", "container.resources", F, "2", "has no CPU limit" },
	{ "hardened-passes.yaml", "container.resources", P, "", NULL },
	{ "deploy-limits-passes.yaml", "container.resources", P, "", NULL },
	{ "read-only-false-fires.yaml", "container.resources", P, "", NULL },
	/* mounts */
	{ "docker-socket-fires.yaml", "container.docker-socket", F, "5",
	  "mounts the engine socket '/var/run/docker.sock' (read-only" },
	{ "docker-socket-long-fires.yaml", "container.docker-socket", F, "5", "'/run/docker.sock'" },
	{ "hardened-passes.yaml", "container.docker-socket", P, "", NULL },
	{ "host-mounts-fires.yaml", "container.docker-socket", P, "", NULL },
	{ "host-mounts-fires.yaml", "container.host-mounts", F, "6 7",
	  "'/etc/ssl/private' at '/keys' read-write" },
	{ "host-root-fires.yaml", "container.host-mounts", F, "5", "'/' at '/rootfs' (read-only)" },
	{ "hardened-passes.yaml", "container.host-mounts", P, "", NULL },
	{ "docker-socket-long-fires.yaml", "container.host-mounts", P, "", NULL },
	/* namespaces and network */
	{ "host-namespaces-fires.yaml", "container.host-namespaces", F, "4 5 6",
	  "shares the host's process namespace" },
	{ "network-host-fires.yaml", "container.host-namespaces", F, "4", "network namespace" },
	{ "hardened-passes.yaml", "container.host-namespaces", P, "", NULL },
	{ "deploy-limits-passes.yaml", "container.host-namespaces", P, "", NULL },
	{ "ports-all-interfaces-fires.yaml", "container.port-interface", F, "5 6 7 8 11",
	  "'[::]:81:81/tcp' on every host interface" },
	{ "weak-defaults-fires.yaml", "container.port-interface", F, "6", "'80:80/tcp'" },
	{ "hardened-passes.yaml", "container.port-interface", P, "", NULL },
	{ "deploy-limits-passes.yaml", "container.port-interface", P, "", NULL },
	{ "ports-all-interfaces-fires.yaml", "container.published-ports", I, "5 6 7 8 11 12",
	  "'127.0.0.1:9090:9090/tcp'" },
	{ "hardened-passes.yaml", "container.published-ports", I, "16", NULL },
	{ "build-only-notapplicable.yaml", "container.published-ports", P, "", NULL },
	{ "security-opt-fires.yaml", "container.published-ports", P, "", NULL },
	/* lifecycle */
	{ "weak-defaults-fires.yaml", "container.restart", F, "3", "restart: not set" },
	{ "restart-always-fires.yaml", "container.restart", F, "4 7", "policy 'unless-stopped'" },
	{ "hardened-passes.yaml", "container.restart", P, "", NULL },
	{ "deploy-limits-passes.yaml", "container.restart", P, "", NULL },
	{ "healthcheck-disabled-fires.yaml", "container.healthcheck", F, "5 9",
	  "turns its health check off (NONE)" },
	{ "weak-defaults-fires.yaml", "container.healthcheck", F, "3", "declares no healthcheck" },
	{ "hardened-passes.yaml", "container.healthcheck", P, "", NULL },
	{ "deploy-limits-passes.yaml", "container.healthcheck", P, "", NULL },
	{ "build-only-notapplicable.yaml", "container.healthcheck", NA, "3", NULL },
	{ "logging-none-fires.yaml", "container.logging", F, "5", "logging driver 'none'" },
	{ "host-namespaces-fires.yaml", "container.logging", F, "8", NULL },
	{ "hardened-passes.yaml", "container.logging", P, "", NULL },
	{ "weak-defaults-fires.yaml", "container.logging", P, "", NULL },
	/* secrets */
	{ "secret-env-fires.yaml", "container.secret-env", F, "5 8",
	  "environment variable POSTGRES_PASSWORD: 'Sup3***'" },
	{ "secret-env-list-fires.yaml", "container.secret-env", F, "5 6", "DATABASE_URL: 'post***'" },
	{ "hardened-passes.yaml", "container.secret-env", P, "", NULL },
	{ "weak-defaults-fires.yaml", "container.secret-env", P, "", NULL },
	/* images */
	{ "image-latest-fires.yaml", "container.image-latest", F, "3 5",
	  "'registry.example.com:5000/team/app' without a tag" },
	{ "weak-defaults-fires.yaml", "container.image-latest", F, "4", "'nginx' without a tag" },
	{ "hardened-passes.yaml", "container.image-latest", P, "", NULL },
	{ "deploy-limits-passes.yaml", "container.image-latest", P, "", NULL },
	{ "build-only-notapplicable.yaml", "container.image-latest", NA, "3", "builds its image" },
	{ "weak-defaults-fires.yaml", "container.image-digest", F, "4", "not pinned by digest" },
	{ "image-latest-fires.yaml", "container.image-digest", F, "3 5", NULL },
	{ "hardened-passes.yaml", "container.image-digest", P, "", NULL },
	{ "deploy-limits-passes.yaml", "container.image-digest", P, "", NULL },
	{ "weak-defaults-fires.yaml", "container.pull-policy", F, "3", "not set, which means missing" },
	{ "pull-policy-never-fires.yaml", "container.pull-policy", F, "4", "pull_policy: never" },
	{ "hardened-passes.yaml", "container.pull-policy", P, "", NULL },
	{ "deploy-limits-passes.yaml", "container.pull-policy", P, "", NULL },
	{ "build-only-notapplicable.yaml", "container.pull-policy", NA, "3", NULL },
};

static void check_row(const struct ts_row *w)
{
	struct ts_audit a;

	audit_open(&a, w->fixture);
	ts_expect_lines(&a, w);
	ts_audit_close(&a);
}

static void run_rule_rows(const char *rule)
{
	assert_true(ts_run_rule_rows(rows, CCA_ARRAY_SIZE(rows), rule, check_row) > 0);
}

#define RULE_TEST(name, id) \
	static void test_##name(void **state) { (void)state; run_rule_rows(id); }

RULE_TEST(privileged, "container.privileged")
RULE_TEST(user, "container.user")
RULE_TEST(read_only, "container.read-only")
RULE_TEST(cap_drop, "container.cap-drop")
RULE_TEST(cap_add, "container.cap-add")
RULE_TEST(no_new_privileges, "container.no-new-privileges")
RULE_TEST(seccomp, "container.seccomp")
RULE_TEST(apparmor, "container.apparmor")
RULE_TEST(pids_limit, "container.pids-limit")
RULE_TEST(resources, "container.resources")
RULE_TEST(docker_socket, "container.docker-socket")
RULE_TEST(host_mounts, "container.host-mounts")
RULE_TEST(host_namespaces, "container.host-namespaces")
RULE_TEST(port_interface, "container.port-interface")
RULE_TEST(published_ports, "container.published-ports")
RULE_TEST(restart, "container.restart")
RULE_TEST(healthcheck, "container.healthcheck")
RULE_TEST(logging, "container.logging")
RULE_TEST(secret_env, "container.secret-env")
RULE_TEST(image_latest, "container.image-latest")
RULE_TEST(image_digest, "container.image-digest")
RULE_TEST(pull_policy, "container.pull-policy")

/* Every container check has its rule and two firing and two quiet fixtures. */
static void test_every_check_has_fixtures(void **state)
{
	static const char *const kinds[] = { CCA_KIND_CONTAINER, NULL };

	(void)state;
	assert_int_equal(ts_check_fixture_counts(kinds, rows, CCA_ARRAY_SIZE(rows), NULL),
			 22);
}

static void test_informational_rules_are_info(void **state)
{
	(void)state;
	ts_check_severities(rows, CCA_ARRAY_SIZE(rows));
}

/* Planted secrets never reach a finding's message or location. */
static void test_secrets_masked(void **state)
{
	static const char *const fixtures[] = { "secret-env-fires.yaml", "secret-env-list-fires.yaml" };
	static const char *const planted[] = { "Sup3rS3cretPassw0rd!", "IOSFODNN7EXAMPLE",
					       "tok_live_4f9a8b7c6d5e4f3a", "hunter2pass" };

	(void)state;
	for (size_t i = 0; i < CCA_ARRAY_SIZE(fixtures); i++) {
		struct ts_audit a;

		audit_open(&a, fixtures[i]);
		for (size_t k = 0; k < cca_eval_nfindings(a.ev); k++) {
			const struct cca_finding *f = cca_eval_finding(a.ev, k);

			for (size_t s = 0; s < CCA_ARRAY_SIZE(planted); s++) {
				assert_null(strstr(f->message, planted[s]));
				assert_null(strstr(f->location, planted[s]));
			}
		}
		/* the model itself holds them masked */
		for (size_t it = 0; it < cca_evidence_count(a.evidence); it++) {
			const struct cca_container *c = cca_evidence_item(a.evidence, it)->model;

			for (size_t e = 0; e < c->nenv; e++)
				for (size_t s = 0; s < CCA_ARRAY_SIZE(planted); s++)
					assert_true(!c->env[e].value ||
						    !strstr(c->env[e].value, planted[s]));
		}
		ts_audit_close(&a);
	}
}

/* The checks judge a model of any source: a live container's, by hand. */
static void test_engine_model(void **state)
{
	static const struct cca_setting caps[] = { { "SYS_ADMIN", "HostConfig.CapAdd[0]" } };
	static const struct cca_mount mounts[] = {
		{ "bind", "/var/run/docker.sock", "/var/run/docker.sock", false,
		  "HostConfig.Binds[0]" },
	};
	struct cca_container c = { 0 };
	struct cca_evidence_new_item in = { 0 };
	struct cca_evidence *evidence = cca_evidence_new();
	struct cca_eval *ev;
	const struct cca_rule_result *r;
	const struct cca_finding *f;

	(void)state;
	c.name = "payments-db";
	c.source = "engine";
	c.key = "";
	c.image = (struct cca_setting){ "postgres:16.4", "Config.Image" };
	c.privileged = (struct cca_setting){ "true", "HostConfig.Privileged" };
	c.read_only = (struct cca_setting){ "true", "HostConfig.ReadonlyRootfs" };
	c.cap_add = caps;
	c.ncap_add = 1;
	c.mounts = mounts;
	c.nmounts = 1;
	c.has_healthcheck = true;
	in.kind = CCA_KIND_CONTAINER;
	in.path = "unix:///run/docker.sock";
	in.name = "payments-db";
	in.model = &c;
	cca_evidence_add(evidence, &in);
	ev = cca_eval_new(ts_cat, ts_all);
	cca_eval_run_checks(ev, evidence, "t");
	cca_eval_finish(ev, TS_TODAY);
	r = cca_eval_rule(ev, ts_rule_index("container.privileged"));
	assert_int_equal(r->status, CCA_FAIL);
	f = cca_eval_finding(ev, r->first_finding);
	assert_string_equal(f->location,
			    "unix:///run/docker.sock: payments-db: HostConfig.Privileged");
	assert_non_null(strstr(f->message, "container 'payments-db' runs privileged"));
	assert_int_equal(cca_eval_rule(ev, ts_rule_index("container.docker-socket"))->status,
			 CCA_FAIL);
	assert_int_equal(cca_eval_rule(ev, ts_rule_index("container.cap-add"))->status, CCA_FAIL);
	assert_int_equal(cca_eval_rule(ev, ts_rule_index("container.read-only"))->status, CCA_PASS);
	assert_int_equal(cca_eval_rule(ev, ts_rule_index("container.healthcheck"))->status, CCA_PASS);
	cca_eval_free(ev);
	cca_evidence_free(evidence);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_privileged),
		cmocka_unit_test(test_user),
		cmocka_unit_test(test_read_only),
		cmocka_unit_test(test_cap_drop),
		cmocka_unit_test(test_cap_add),
		cmocka_unit_test(test_no_new_privileges),
		cmocka_unit_test(test_seccomp),
		cmocka_unit_test(test_apparmor),
		cmocka_unit_test(test_pids_limit),
		cmocka_unit_test(test_resources),
		cmocka_unit_test(test_docker_socket),
		cmocka_unit_test(test_host_mounts),
		cmocka_unit_test(test_host_namespaces),
		cmocka_unit_test(test_port_interface),
		cmocka_unit_test(test_published_ports),
		cmocka_unit_test(test_restart),
		cmocka_unit_test(test_healthcheck),
		cmocka_unit_test(test_logging),
		cmocka_unit_test(test_secret_env),
		cmocka_unit_test(test_image_latest),
		cmocka_unit_test(test_image_digest),
		cmocka_unit_test(test_pull_policy),
		cmocka_unit_test(test_every_check_has_fixtures),
		cmocka_unit_test(test_informational_rules_are_info),
		cmocka_unit_test(test_secrets_masked),
		cmocka_unit_test(test_engine_model),
	};

	return cmocka_run_group_tests_name("checks-container", tests, ts_load_shipped,
					   ts_free_shipped);
}
