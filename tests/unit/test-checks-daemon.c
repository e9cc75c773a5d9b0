/*
 * test-checks-daemon.c - the daemon checks (src/checks/daemon.c) through the
 * whole pipeline: the shipped catalog, profile "all", the fixtures of
 * tests/fixtures/daemon-checks/ collected as daemon evidence (several
 * inputs joined with '+' are one audit), evaluated, then the rule's status
 * and where and what its findings say.
 *
 * Every check has at least two fixtures where it reports and two where it
 * must not (test_every_check_has_fixtures counts them).
 */
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
#include "ccaudit/daemon.h"
#include "ccaudit/engine.h"
#include "ccaudit/evidence.h"
#include "ccaudit/util.h"
#include "test-support.h"

static void collect(struct cca_evidence *e, const char *path)
{
	size_t n = strlen(path);

	if (n > 5 && strcmp(path + n - 5, ".json") == 0)
		cca_evidence_add_daemon_json(e, path);
	else
		cca_evidence_add_dockerd_unit(e, path);
}

/* Audit the fixtures in spec ("a.json+b.service"); args: --dockerd-args or NULL. */
static void audit_open(struct ts_audit *a, const char *spec, const char *args,
		       const struct cca_profile *p)
{
	char *copy = cca_xstrdup(spec), *save = NULL;

	a->path = NULL;
	a->evidence = cca_evidence_new();
	for (char *f = strtok_r(copy, "+", &save); f; f = strtok_r(NULL, "+", &save)) {
		char *rel = cca_xasprintf("daemon-checks/%s", f);
		char *path = ts_path("CCA_FIXTURES", "tests/fixtures", rel);

		collect(a->evidence, path);
		free(path);
		free(rel);
	}
	free(copy);
	if (args)
		cca_evidence_add_dockerd_args(a->evidence, args);
	ts_audit_no_error(a, spec, true);
	ts_audit_run(a, p);
}

#define P CCA_PASS
#define F CCA_FAIL
#define I CCA_INFORMATIONAL
#define NA CCA_NOTAPPLICABLE
#define OVERRIDE "override/docker.service+override/docker.service.d/10-flags.conf"

static const struct ts_row rows[] = {
	{ "weak.json", "daemon.address-overlap", F, "weak.json:14", "overlaps bip '172.30.0.1/16'" },
	{ "weak.service", "daemon.address-overlap", F, "weak.service:8", "fixed-cidr '10.20.0.0/24' is not inside bip" },
	{ "hardened.json", "daemon.address-overlap", P, NULL, NULL },
	{ "empty.json", "daemon.address-overlap", P, NULL, NULL },

	{ "empty.json", "daemon.authorization-plugins", I, "empty.json", "no authorization plugin" },
	{ "hardened.json", "daemon.authorization-plugins", I, "hardened.json:27", "'authz-broker'" },
	{ "env-only.conf", "daemon.authorization-plugins", NA, NULL, NULL },
	{ "reset-only.conf", "daemon.authorization-plugins", NA, NULL, NULL },
	{ "override/docker.service", "daemon.authorization-plugins", I, "--authorization-plugins", NULL },

	{ "weak.json", "daemon.debug-experimental", I, "weak.json:9", "experimental" },
	{ "weak.service", "daemon.debug-experimental", I, "weak.service:8", "debug is on" },
	{ "hardened.json", "daemon.debug-experimental", P, NULL, NULL },
	{ "empty.json", "daemon.debug-experimental", P, NULL, NULL },

	{ "empty.json", "daemon.default-bridge", I, NULL, "docker0" },
	{ "weak.json", "daemon.default-bridge", I, NULL, "docker0" },
	{ "hardened.json", "daemon.default-bridge", P, NULL, NULL },
	{ "hardened.service", "daemon.default-bridge", P, NULL, NULL },

	{ "empty.json", "daemon.default-ulimits", F, NULL, "default-ulimits is not set" },
	{ "weak.json", "daemon.default-ulimits", F, "weak.json:12", "'nofile=-1:-1' is unlimited" },
	{ "hardened.json", "daemon.default-ulimits", P, NULL, NULL },
	{ "hardened.service", "daemon.default-ulimits", P, NULL, NULL },

	{ "empty.json", "daemon.icc", F, NULL, "icc is true (dockerd's default)" },
	{ "weak.json", "daemon.icc", F, "weak.json:2", "icc is true" },
	{ "hardened.json", "daemon.icc", P, NULL, NULL },
	{ "hardened.service", "daemon.icc", P, NULL, NULL },

	{ "weak.json", "daemon.insecure-registries", F, "weak.json:16", "'registry.shop.internal:5000'" },
	{ "weak.service", "daemon.insecure-registries", F, "weak.service:8", "'registry.shop.internal:5000'" },
	{ "hardened.json", "daemon.insecure-registries", P, NULL, NULL },
	{ "empty.json", "daemon.insecure-registries", P, NULL, NULL },

	{ "empty.json", "daemon.ip-binding", F, NULL, "'ip' is not set" },
	{ "weak.json", "daemon.ip-binding", F, "weak.json:4", "wildcard" },
	{ "hardened.json", "daemon.ip-binding", P, NULL, NULL },
	{ "hardened.service", "daemon.ip-binding", P, NULL, NULL },

	{ "weak.json", "daemon.iptables", F, "weak.json:3", "iptables is false" },
	{ "weak.service", "daemon.iptables", F, "weak.service:8", "iptables is false" },
	{ "hardened.json", "daemon.iptables", P, NULL, NULL },
	{ "empty.json", "daemon.iptables", P, NULL, NULL },

	{ "empty.json", "daemon.live-restore", F, NULL, "live-restore is false (dockerd's default)" },
	{ "weak.service", "daemon.live-restore", F, "--live-restore", NULL },
	{ "hardened.json", "daemon.live-restore", P, NULL, NULL },
	{ "hardened.service", "daemon.live-restore", P, NULL, NULL },
	{ OVERRIDE, "daemon.live-restore", P, NULL, NULL },

	{ "empty.json", "daemon.log-driver", F, NULL, "'json-file' (dockerd's default)" },
	{ "weak.json", "daemon.log-driver", F, "weak.json:6", "'none'" },
	{ "hardened.json", "daemon.log-driver", P, NULL, NULL },
	{ "hardened.service", "daemon.log-driver", P, NULL, NULL },

	{ "weak.json", "daemon.log-level", F, "weak.json:7", "'debug'" },
	{ "weak.service", "daemon.log-level", F, "weak.service:8", "'warn'" },
	{ "hardened.json", "daemon.log-level", P, NULL, NULL },
	{ "empty.json", "daemon.log-level", P, NULL, NULL },

	{ "empty.json", "daemon.no-new-privileges", F, NULL, "no-new-privileges is false" },
	{ "weak.json", "daemon.no-new-privileges", F, NULL, "no-new-privileges is false" },
	{ "hardened.json", "daemon.no-new-privileges", P, NULL, NULL },
	{ "hardened.service", "daemon.no-new-privileges", P, NULL, NULL },

	{ "weak.json", "daemon.non-default", I, "weak.json:11", "storage-driver=devicemapper" },
	{ "hardened.service", "daemon.non-default", I, "hardened.service:3", "live-restore=true" },
	{ "empty.json", "daemon.non-default", P, NULL, NULL },
	{ "defaults-only.json", "daemon.non-default", P, NULL, NULL },

	{ "weak.json", "daemon.registry-mirrors", F, "weak.json:17", "'http://mirror.shop.internal'" },
	{ "weak.service", "daemon.registry-mirrors", F, "weak.service:8", "plain HTTP" },
	{ "hardened.json", "daemon.registry-mirrors", P, NULL, NULL },
	{ "empty.json", "daemon.registry-mirrors", P, NULL, NULL },

	{ "weak.json", "daemon.seccomp-profile", F, "weak.json:10", "'unconfined'" },
	{ "weak.service", "daemon.seccomp-profile", F, "weak.service:8", "'unconfined'" },
	{ "hardened.json", "daemon.seccomp-profile", P, NULL, NULL },
	{ "empty.json", "daemon.seccomp-profile", P, NULL, NULL },

	{ "empty.json", "daemon.selinux-enabled", F, NULL, "selinux-enabled is false" },
	{ "weak.json", "daemon.selinux-enabled", F, NULL, "selinux-enabled is false" },
	{ "hardened.json", "daemon.selinux-enabled", P, NULL, NULL },
	{ "hardened.service", "daemon.selinux-enabled", P, NULL, NULL },

	{ "weak.json", "daemon.storage-driver", F, "weak.json:11", "'devicemapper'" },
	{ "weak.service", "daemon.storage-driver", F, "weak.service:8", "'vfs'" },
	{ "hardened.json", "daemon.storage-driver", P, NULL, NULL },
	{ "empty.json", "daemon.storage-driver", P, NULL, NULL },

	{ "weak.json", "daemon.tcp-tls", F, "weak.json:15", "'tcp://0.0.0.0:2375' without mutual TLS" },
	{ "weak.service", "daemon.tcp-tls", F, "weak.service:8", "tlsverify tlscacert tlscert tlskey" },
	{ "hardened.json", "daemon.tcp-tls", P, NULL, NULL },
	{ "empty.json", "daemon.tcp-tls", P, NULL, NULL },

	{ "empty.json", "daemon.userland-proxy", F, NULL, "userland-proxy is true (dockerd's default)" },
	{ "weak.json", "daemon.userland-proxy", F, "weak.json:5", "userland-proxy is true" },
	{ "hardened.json", "daemon.userland-proxy", P, NULL, NULL },
	{ "hardened.service", "daemon.userland-proxy", P, NULL, NULL },

	{ "empty.json", "daemon.userns-remap", F, NULL, "userns-remap is not set" },
	{ "weak.service", "daemon.userns-remap", F, "--userns-remap", NULL },
	{ "hardened.json", "daemon.userns-remap", P, NULL, NULL },
	{ "hardened.service", "daemon.userns-remap", P, NULL, NULL },

	/* not applicable: no dockerd here, or replaced by a drop-in */
	{ "env-only.conf", "daemon.live-restore", NA, NULL, NULL },
	{ "env-only.conf", "daemon.icc", NA, NULL, NULL },
};

static void check_row(const struct ts_row *w)
{
	struct ts_audit a;

	audit_open(&a, w->fixture, NULL, NULL);
	ts_expect_at(&a, w);
	ts_audit_close(&a);
}

static void run_rule_rows(const char *rule)
{
	assert_true(ts_run_rule_rows(rows, CCA_ARRAY_SIZE(rows), rule, check_row) > 0);
}

#define RULE_TEST(name, id) \
	static void test_##name(void **state) { (void)state; run_rule_rows(id); }

RULE_TEST(address_overlap, "daemon.address-overlap")
RULE_TEST(authorization_plugins, "daemon.authorization-plugins")
RULE_TEST(debug_experimental, "daemon.debug-experimental")
RULE_TEST(default_bridge, "daemon.default-bridge")
RULE_TEST(default_ulimits, "daemon.default-ulimits")
RULE_TEST(icc, "daemon.icc")
RULE_TEST(insecure_registries, "daemon.insecure-registries")
RULE_TEST(ip_binding, "daemon.ip-binding")
RULE_TEST(iptables, "daemon.iptables")
RULE_TEST(live_restore, "daemon.live-restore")
RULE_TEST(log_driver, "daemon.log-driver")
RULE_TEST(log_level, "daemon.log-level")
RULE_TEST(no_new_privileges, "daemon.no-new-privileges")
RULE_TEST(non_default, "daemon.non-default")
RULE_TEST(registry_mirrors, "daemon.registry-mirrors")
RULE_TEST(seccomp_profile, "daemon.seccomp-profile")
RULE_TEST(selinux_enabled, "daemon.selinux-enabled")
RULE_TEST(storage_driver, "daemon.storage-driver")
RULE_TEST(tcp_tls, "daemon.tcp-tls")
RULE_TEST(userland_proxy, "daemon.userland-proxy")
RULE_TEST(userns_remap, "daemon.userns-remap")

/* ---- merging file and flags ------------------------------------------------------- */

/* A setting given only as a flag counts for the file too, reported at the flag. */
static void test_flags_complete_the_file(void **state)
{
	struct ts_audit a;

	(void)state;
	audit_open(&a, "empty.json", "dockerd --live-restore --icc=false", NULL);
	assert_int_equal(ts_result_of(&a, "daemon.live-restore")->status, CCA_PASS);
	assert_int_equal(ts_result_of(&a, "daemon.icc")->status, CCA_PASS);
	assert_int_equal(ts_result_of(&a, "daemon.userns-remap")->status, CCA_FAIL);
	/* the default is reported once, on the file */
	assert_int_equal(ts_result_of(&a, "daemon.userns-remap")->nfindings, 1);
	assert_true(ts_finding_has(&a, "daemon.userns-remap", NULL, "empty.json"));
	ts_audit_close(&a);
	audit_open(&a, "empty.json", "--log-level debug", NULL);
	assert_true(ts_finding_has(&a, "daemon.log-level", "'debug'", "dockerd flags: --log-level"));
	ts_audit_close(&a);
}

/* A key set both as a flag and in the file: dockerd refuses to start. */
static void test_conflict_is_an_error(void **state)
{
	struct ts_audit a;
	const struct cca_rule_result *r;

	(void)state;
	audit_open(&a, "hardened.json", "-H fd:// --icc=false", NULL);
	r = ts_result_of(&a, "daemon.live-restore");
	assert_int_equal(r->status, CCA_ERROR);
	assert_non_null(strstr(r->message, "specified both as a flag"));
	assert_non_null(strstr(r->message, "icc: (from flag: false, from file: false)"));
	assert_non_null(strstr(r->message, "hosts:"));
	ts_audit_close(&a);
}

/* A drop-in's ExecStart replaces the unit's; the unit is not applicable. */
static void test_dropin_overrides_unit(void **state)
{
	struct ts_audit a;

	(void)state;
	audit_open(&a, OVERRIDE, NULL, NULL);
	assert_int_equal(ts_result_of(&a, "daemon.live-restore")->status, CCA_PASS);
	assert_true(ts_finding_has(&a, "daemon.icc", NULL, "10-flags.conf"));
	assert_false(ts_finding_has(&a, "daemon.icc", NULL, "override/docker.service:"));
	ts_audit_close(&a);
}

/* ---- 2.10: owner and mode of files where the host reads them ------------------------- */

static void test_file_permissions(void **state)
{
	char dir[] = "/tmp/cca-perm-XXXXXX";
	struct cca_profile *p;
	struct cca_error err;
	const struct {
		const char *name;
		mode_t mode;
		enum cca_status want;
		const char *says;
	} cases[] = {
		{ "group-writable.json", 0664, CCA_FAIL, "writable by its group" },
		{ "world-writable.json", 0666, CCA_FAIL, "writable by every user" },
		{ "root-644.json", 0644, CCA_PASS, NULL },
		{ "root-600.json", 0600, CCA_PASS, NULL },
	};

	(void)state;
	assert_non_null(mkdtemp(dir));
	p = cca_profile_new(ts_cat, "all", &err);
	assert_non_null(p);
	assert_int_equal(cca_profile_set_param(p, "daemon.file-permissions", "installed-paths",
					       dir, &err), 0);
	for (size_t i = 0; i < CCA_ARRAY_SIZE(cases); i++) {
		char *path = cca_xasprintf("%s/%s", dir, cases[i].name);
		FILE *f = fopen(path, "w");
		struct cca_evidence *e = cca_evidence_new();
		struct cca_eval *ev;
		const struct cca_rule_result *r;
		enum cca_status want = cases[i].want;

		assert_non_null(f);
		fputs("{}\n", f);
		fclose(f);
		chmod(path, cases[i].mode);
		cca_evidence_add_daemon_json(e, path);
		ev = cca_eval_new(ts_cat, p);
		cca_eval_run_checks(ev, e, "t");
		cca_eval_finish(ev, TS_TODAY);
		r = cca_eval_rule(ev, ts_rule_index("daemon.file-permissions"));
		if (getuid() != 0 && want == CCA_PASS)
			want = CCA_FAIL;    /* not root: the files are not root's */
		if (r->status != want)
			fail_msg("%s: %s, expected %s (%s)", cases[i].name,
				 cca_status_name(r->status), cca_status_name(want), r->message);
		if (cases[i].says)
			assert_non_null(strstr(r->message, cases[i].says));
		cca_eval_free(ev);
		cca_evidence_free(e);
		unlink(path);
		free(path);
	}
	rmdir(dir);
	cca_profile_free(p);
	/* a copy outside installed-paths is not applicable */
	{
		struct ts_audit a;

		audit_open(&a, "hardened.json", NULL, NULL);
		assert_int_equal(ts_result_of(&a, "daemon.file-permissions")->status,
				 CCA_NOTAPPLICABLE);
		ts_audit_close(&a);
	}
}

/* ---- the catalog and the table agree ----------------------------------------------- */

/* daemon.file-permissions is judged by test_file_permissions, not the table. */
static bool table_fixtures(const struct cca_check *c, unsigned *fires, unsigned *quiet)
{
	(void)fires;
	(void)quiet;
	return strcmp(c->id, "daemon.file-permissions") != 0;
}

static void test_every_check_has_fixtures(void **state)
{
	static const char *const kinds[] = { CCA_KIND_DAEMON, NULL };

	(void)state;
	assert_int_equal(ts_check_fixture_counts(kinds, rows, CCA_ARRAY_SIZE(rows), table_fixtures),
			 22);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_address_overlap),
		cmocka_unit_test(test_authorization_plugins),
		cmocka_unit_test(test_debug_experimental),
		cmocka_unit_test(test_default_bridge),
		cmocka_unit_test(test_default_ulimits),
		cmocka_unit_test(test_icc),
		cmocka_unit_test(test_insecure_registries),
		cmocka_unit_test(test_ip_binding),
		cmocka_unit_test(test_iptables),
		cmocka_unit_test(test_live_restore),
		cmocka_unit_test(test_log_driver),
		cmocka_unit_test(test_log_level),
		cmocka_unit_test(test_no_new_privileges),
		cmocka_unit_test(test_non_default),
		cmocka_unit_test(test_registry_mirrors),
		cmocka_unit_test(test_seccomp_profile),
		cmocka_unit_test(test_selinux_enabled),
		cmocka_unit_test(test_storage_driver),
		cmocka_unit_test(test_tcp_tls),
		cmocka_unit_test(test_userland_proxy),
		cmocka_unit_test(test_userns_remap),
		cmocka_unit_test(test_flags_complete_the_file),
		cmocka_unit_test(test_conflict_is_an_error),
		cmocka_unit_test(test_dropin_overrides_unit),
		cmocka_unit_test(test_file_permissions),
		cmocka_unit_test(test_every_check_has_fixtures),
	};

	return cmocka_run_group_tests(tests, ts_load_shipped, ts_free_shipped);
}
