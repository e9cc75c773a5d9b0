/*
 * test-checks-registry.c - registry evidence and its checks: the
 * Distribution and Harbor readers (the shared corpus, bad input on
 * purpose), what the collector observes around a file (htpasswd, a garbage
 * collection job, Harbor's generated compose file), discovery names, and
 * every check through the whole pipeline (shipped catalog, profile "all")
 * over one fixture of tests/fixtures/registry-checks/ per behaviour; the
 * live-probe checks are fed models, without a network.
 *
 * Every check has at least two fixtures where it reports and two where it
 * must not (test_every_check_has_fixtures counts them).
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
#include "ccaudit/engine.h"
#include "ccaudit/evidence.h"
#include "ccaudit/registry.h"
#include "ccaudit/util.h"
#include "test-support.h"

/* ---- one audit of one item ------------------------------------------------ */

/* Collect fixture (a harbor.yml when its name says so) and evaluate it. */
static void audit_open(struct ts_audit *a, const char *fixture, const struct cca_profile *p)
{
	char *rel = cca_xasprintf("registry-checks/%s", fixture);
	const struct cca_evidence_item *it;

	a->path = ts_path("CCA_FIXTURES", "tests/fixtures", rel);
	free(rel);
	a->evidence = cca_evidence_new();
	if (strstr(fixture, "harbor.yml"))
		cca_collect_harbor_config(a->evidence, a->path, NULL);
	else
		cca_collect_registry_config(a->evidence, a->path, NULL);
	it = cca_evidence_item(a->evidence, 0);
	if (it->error)
		fail_msg("%s: %s", fixture, it->error);
	ts_audit_run(a, p);
}

/* Evaluate a probe model as the collector would add it. */
static void audit_probe(struct ts_audit *a, struct cca_registry_probe *model)
{
	struct cca_evidence_new_item in = {
		CCA_KIND_REGISTRY_ENDPOINT, model->url, NULL, NULL, 0, NULL, model,
		(void (*)(void *))cca_registry_probe_free, NULL
	};

	a->path = cca_xstrdup(model->url);
	a->evidence = cca_evidence_new();
	cca_evidence_add(a->evidence, &in);
	ts_audit_run(a, NULL);
}

/* Whether some finding of rule id, of any status (pass too), has text in its message. */
static bool any_finding_says(const struct ts_audit *a, const char *id, const char *text)
{
	const struct cca_rule_result *r = ts_result_of(a, id);

	for (size_t k = r->first_finding; k < r->first_finding + r->nfindings; k++)
		if (strstr(cca_eval_finding(a->ev, k)->message, text))
			return true;
	return false;
}

/* ---- the table: fixture, rule, expected status, finding lines, message ---- */

#define P CCA_PASS
#define F CCA_FAIL
#define I CCA_INFORMATIONAL
#define U CCA_UNKNOWN
#define NA CCA_NOTAPPLICABLE

static const struct ts_row rows[] = {
	/* authentication */
	{ "auth-missing-fires.yml", "registry.auth", F, "1", "no auth section" },
	{ "auth-silly-fires.yml", "registry.auth", F, "10", "'silly'" },
	{ "auth-htpasswd-directory-fires.yml", "registry.auth", F, "12", "is a directory" },
	{ "auth-htpasswd-md5-fires.yml", "registry.auth", F, "12", "1 of the 2 entries" },
	{ "auth-htpasswd-empty-fires.yml", "registry.auth", F, "12", "holds no user" },
	{ "auth-token-http-realm-fires.yml", "registry.auth", F, "11", "is not https" },
	{ "auth-htpasswd-absent-unknown.yml", "registry.auth", U, "12", "not verifiable" },
	{ "auth-htpasswd-bcrypt-passes.yml", "registry.auth", P, "", NULL },
	{ "auth-token-https-passes.yml", "registry.auth", P, "", NULL },
	{ "auth-missing-fires.yml", "registry.central-auth", F, "1", "no authentication at all" },
	{ "auth-htpasswd-bcrypt-passes.yml", "registry.central-auth", F, "10", "local htpasswd" },
	{ "auth-silly-fires.yml", "registry.central-auth", F, "10", NULL },
	{ "auth-token-https-passes.yml", "registry.central-auth", P, "", NULL },
	{ "auth-token-http-realm-fires.yml", "registry.central-auth", P, "", NULL },
	/* TLS */
	{ "auth-missing-fires.yml", "registry.tls", F, "7", "no http.tls" },
	{ "tls-minimum-tls10-fires.yml", "registry.tls", F, "12", "'tls1.0'" },
	{ "tls-http-host-fires.yml", "registry.tls", F, "9", "plain http" },
	{ "tls-section-without-cert-fires.yml", "registry.tls", F, "9", "neither a certificate" },
	{ "tls-cert-passes.yml", "registry.tls", P, "", NULL },
	{ "hardened/config.yml", "registry.tls", P, "", NULL },
	{ "hardened/config.yml", "registry.auth", P, "", NULL },
	{ "hardened/config.yml", "registry.central-auth", P, "", NULL },
	{ "hardened/config.yml", "registry.plain-listener", P, "", NULL },
	{ "hardened/config.yml", "registry.garbage-collection", P, "", NULL },
	{ "hardened/config.yml", "registry.secret-in-config", P, "", NULL },
	{ "tls-letsencrypt-passes.yml", "registry.tls", P, "", NULL },
	/* listeners */
	{ "auth-missing-fires.yml", "registry.plain-listener", F, "8", "(':5000')" },
	{ "listen-zero-addr-fires.yml", "registry.plain-listener", F, "8", "'0.0.0.0:5000'" },
	{ "listen-ipv6-any-fires.yml", "registry.plain-listener", F, "8", "'[::]:5000'" },
	{ "listen-debug-all-fires.yml", "registry.plain-listener", F, "10", "debug server" },
	{ "listen-loopback-passes.yml", "registry.plain-listener", P, "", NULL },
	{ "listen-unix-passes.yml", "registry.plain-listener", P, "", NULL },
	{ "tls-cert-passes.yml", "registry.plain-listener", P, "", NULL },
	/* deletion and garbage collection */
	{ "gc-delete-disabled-fires.yml", "registry.garbage-collection", F, "2 6",
	  "deleting is disabled" },
	{ "gc-purging-disabled-fires.yml", "registry.garbage-collection", F, "2 9",
	  "upload purging is disabled" },
	{ "auth-missing-fires.yml", "registry.garbage-collection", F, "2",
	  "no evidence that garbage collection runs" },
	{ "gc-job/config.yml", "registry.garbage-collection", P, "", NULL },
	{ "gc-systemd-timer/config.yml", "registry.garbage-collection", P, "", NULL },
	/* secrets */
	{ "secret-http-secret-fires.yml", "registry.secret-in-config", F, "9",
	  "http.secret is written in the file ('s3cr***')" },
	{ "secret-storage-and-proxy-fires.yml", "registry.secret-in-config", F, "6 7 15 21",
	  "storage.s3.secretkey" },
	{ "secret-placeholders-passes.yml", "registry.secret-in-config", P, "", NULL },
	{ "tls-cert-passes.yml", "registry.secret-in-config", P, "", NULL },
	/* pull-through cache */
	{ "proxy-http-fires.yml", "registry.proxy-http", F, "10", "without TLS" },
	{ "proxy-http-credentials-fires.yml", "registry.proxy-http", F, "10", "***" },
	{ "proxy-https-passes.yml", "registry.proxy-http", P, "", NULL },
	{ "secret-storage-and-proxy-fires.yml", "registry.proxy-http", P, "", NULL },
	{ "tls-cert-passes.yml", "registry.proxy-http", NA, "1", "not a pull-through cache" },
	/* notifications (informational) */
	{ "notifications-endpoints-informational.yml", "registry.notifications", I, "13 16",
	  "'legacy-hook' at 'http://hooks.example.invalid/registry', over plain http (disabled)" },
	{ "secret-storage-and-proxy-fires.yml", "registry.notifications", I, "18", "'audit'" },
	{ "tls-cert-passes.yml", "registry.notifications", I, "1", "no notification endpoint" },
	/* Harbor */
	{ "harbor-http-only/harbor.yml", "harbor.https", F, "2 9", "plain http" },
	{ "harbor-defaults/harbor.yml", "harbor.https", F, "7", "placeholder certificate" },
	{ "harbor-hardened/harbor.yml", "harbor.https", P, "", NULL },
	{ "harbor-installed-with-trivy/harbor.yml", "harbor.https", P, "", NULL },
	{ "harbor-defaults/harbor.yml", "harbor.default-password", F, "9 11", "('Ha***')" },
	{ "harbor-http-only/harbor.yml", "harbor.default-password", F, "10", "admin password" },
	{ "harbor-hardened/harbor.yml", "harbor.default-password", P, "", NULL },
	{ "harbor-installed-with-trivy/harbor.yml", "harbor.default-password", P, "", NULL },
	{ "harbor-http-only/harbor.yml", "harbor.scanner", F, "1", "no trivy section" },
	{ "harbor-installed-without-trivy/harbor.yml", "harbor.scanner", F, "15",
	  "runs no trivy-adapter" },
	{ "harbor-installed-with-trivy/harbor.yml", "harbor.scanner", P, "", NULL },
	{ "harbor-offline-trivy/harbor.yml", "harbor.scanner", P, "", NULL },
	{ "harbor-hardened/harbor.yml", "harbor.scanner", U, "12", "--with-trivy" },
};

static void test_rows(void **state)
{
	unsigned bad = 0;

	(void)state;
	for (size_t k = 0; k < CCA_ARRAY_SIZE(rows); k++) {
		const struct ts_row *w = &rows[k];
		const struct cca_rule_result *r;
		struct ts_audit a;
		char lines[128];

		audit_open(&a, w->fixture, NULL);
		r = ts_result_of(&a, w->rule);
		ts_finding_lines(&a, w->rule, lines, sizeof lines);
		if (r->status != w->status || strcmp(lines, w->where) != 0 ||
		    (w->says && !any_finding_says(&a, w->rule, w->says))) {
			printf("# %s / %s: status %s at lines '%s', expected %s at '%s' saying "
			       "\"%s\" (%s)\n", w->fixture, w->rule, cca_status_name(r->status),
			       lines, cca_status_name(w->status), w->where,
			       w->says ? w->says : "", r->message ? r->message : "");
			bad++;
		}
		ts_audit_close(&a);
	}
	assert_int_equal(bad, 0);
}

/* ---- the live probe's checks, fed models ------------------------------------ */

static struct cca_registry_probe *model(const char *url, bool https, bool verified,
					const char *verify_error, long status,
					const char *challenge)
{
	struct cca_registry_probe *p = cca_xcalloc(1, sizeof *p);

	p->url = cca_xstrdup(url);
	p->final_url = cca_xstrdup(url);
	p->https = https;
	p->verified = verified;
	p->verify_error = verify_error ? cca_xstrdup(verify_error) : NULL;
	p->status = status;
	p->challenge = challenge ? cca_xstrdup(challenge) : NULL;
	p->api_version = cca_xstrdup("registry/2.0");
	return p;
}

static const struct {
	const char *name;
	const char *url;
	bool https, verified;
	const char *verify_error;
	long status;
	const char *challenge;
	enum cca_status tls, auth;
	const char *says;
} probes[] = {
	{ "401-verified-tls-passes", "https://registry.example.invalid/v2/", true, true, NULL,
	  401, "Bearer realm=\"https://auth.example.invalid/token\"", P, P, "401" },
	{ "401-basic-verified-passes", "https://127.0.0.1:5443/v2/", true, true, NULL, 401,
	  "Basic realm=\"registry\"", P, P, "Basic realm" },
	{ "anonymous-200-fires", "https://open.example.invalid/v2/", true, true, NULL, 200,
	  NULL, P, F, "answered 200" },
	{ "plain-http-fires", "http://127.0.0.1:5000/v2/", false, false, NULL, 200, NULL, F, F,
	  "plain http" },
	{ "plain-http-401-fires-tls-only", "http://127.0.0.1:5000/v2/", false, false, NULL, 401,
	  "Basic realm=\"x\"", F, P, "plain http" },
	{ "unverified-certificate-fires", "https://127.0.0.1:5443/v2/", true, false,
	  "SSL certificate problem: self-signed certificate", 401, "Basic realm=\"r\"", F, P,
	  "--cacert FILE" },
	{ "401-without-challenge-fires", "https://registry.example.invalid/v2/", true, true, NULL,
	  401, NULL, P, F, "no WWW-Authenticate" },
};

static void test_probe_models(void **state)
{
	(void)state;
	for (size_t k = 0; k < CCA_ARRAY_SIZE(probes); k++) {
		struct ts_audit a;
		enum cca_status tls, auth;

		audit_probe(&a, model(probes[k].url, probes[k].https, probes[k].verified,
				      probes[k].verify_error, probes[k].status,
				      probes[k].challenge));
		tls = ts_result_of(&a, "registry.endpoint-tls")->status;
		auth = ts_result_of(&a, "registry.endpoint-auth")->status;
		if (tls != probes[k].tls || auth != probes[k].auth)
			fail_msg("%s: tls %s auth %s, expected %s %s", probes[k].name,
				 cca_status_name(tls), cca_status_name(auth),
				 cca_status_name(probes[k].tls), cca_status_name(probes[k].auth));
		if (!any_finding_says(&a, "registry.endpoint-tls", probes[k].says) &&
		    !any_finding_says(&a, "registry.endpoint-auth", probes[k].says))
			fail_msg("%s: no finding says \"%s\"", probes[k].name, probes[k].says);
		/* the location is the URL */
		assert_string_equal(cca_eval_finding(a.ev, ts_result_of(&a, "registry.endpoint-tls")
						     ->first_finding)->location, probes[k].url);
		ts_audit_close(&a);
	}
}

/* An item that could not be probed makes both rules error, naming the URL. */
static void test_probe_error_item(void **state)
{
	struct cca_evidence_new_item in = {
		CCA_KIND_REGISTRY_ENDPOINT, "http://127.0.0.1:9/v2/", NULL, NULL, 0,
		"'http://127.0.0.1:9/v2/': no answer within 2 s", NULL, NULL, NULL
	};
	struct ts_audit a = { cca_xstrdup("http://127.0.0.1:9/v2/"), cca_evidence_new(), NULL };

	(void)state;
	cca_evidence_add(a.evidence, &in);
	ts_audit_run(&a, NULL);
	assert_int_equal(ts_result_of(&a, "registry.endpoint-tls")->status, CCA_ERROR);
	assert_int_equal(ts_result_of(&a, "registry.endpoint-auth")->status, CCA_ERROR);
	assert_true(any_finding_says(&a, "registry.endpoint-auth", "'http://127.0.0.1:9/v2/'"));
	ts_audit_close(&a);
}

/* A URL that cannot be probed never reaches the network, and credentials never show. */
static void test_probe_bad_urls(void **state)
{
	static const struct {
		const char *url, *says;
	} cases[] = {
		{ "ftp://registry.example.invalid", "only http and https" },
		{ "not a url at all", "is not a URL" },
		{ "https://user:planted-url-secret@registry.example.invalid/", "carries credentials" },
		{ "", "is not a URL" },
		{ "http://\xff\xfe/", "is not a URL" },
	};
	struct cca_collect_opts o = { .timeout = 1 };

	(void)state;
	for (size_t k = 0; k < CCA_ARRAY_SIZE(cases); k++) {
		struct cca_evidence *ev = cca_evidence_new();
		const struct cca_evidence_item *it;

		cca_collect_registry_endpoint(ev, cases[k].url, &o);
		it = cca_evidence_item(ev, 0);
		assert_non_null(it->error);
		if (!strstr(it->error, cases[k].says))
			fail_msg("'%s': error '%s' does not say '%s'", cases[k].url, it->error,
				 cases[k].says);
		assert_null(strstr(it->error, "planted-url-secret"));
		assert_null(strstr(it->path, "planted-url-secret"));
		assert_true(cca_utf8_valid(it->error, strlen(it->error)));
		cca_evidence_free(ev);
	}
}

/* ---- every check has its fixtures ----------------------------------------- */

static unsigned probe_rows(const char *rule, bool fires)
{
	unsigned n = 0;

	for (size_t k = 0; k < CCA_ARRAY_SIZE(probes); k++) {
		enum cca_status s = strcmp(rule, "registry.endpoint-tls") == 0 ? probes[k].tls
									      : probes[k].auth;

		n += fires ? s != CCA_PASS : s == CCA_PASS;
	}
	return n;
}

/* An informational row of the table that reports nothing counts as quiet;
 * the probe models count for the endpoint checks. */
static bool more_fixtures(const struct cca_check *c, unsigned *fires, unsigned *quiet)
{
	for (size_t k = 0; k < CCA_ARRAY_SIZE(rows); k++)
		if (strcmp(rows[k].rule, c->id) == 0 && rows[k].status == CCA_INFORMATIONAL &&
		    !*rows[k].where) {
			(*fires)--;
			(*quiet)++;
		}
	if (strcmp(c->evidence, CCA_KIND_REGISTRY_ENDPOINT) == 0) {
		*fires += probe_rows(c->id, true);
		*quiet += probe_rows(c->id, false);
	}
	if (strcmp(c->id, "registry.notifications") == 0)
		*quiet += 2;  /* informational: it lists, it never passes or fails */
	return true;
}

static void test_every_check_has_fixtures(void **state)
{
	static const char *const kinds[] = { CCA_KIND_REGISTRY_CONFIG, CCA_KIND_HARBOR_CONFIG, CCA_KIND_REGISTRY_ENDPOINT, NULL };

	(void)state;
	assert_int_equal(ts_check_fixture_counts(kinds, rows, CCA_ARRAY_SIZE(rows), more_fixtures),
			 13);
}

static void test_secrets_masked(void **state)
{
	static const struct {
		const char *fixture, *secret;
	} cases[] = {
		{ "secret-http-secret-fires.yml", "s3cr3t-planted-http-value" },
		{ "secret-storage-and-proxy-fires.yml", "planted-s3-secret-key-9f8e7d" },
		{ "secret-storage-and-proxy-fires.yml", "planted-proxy-password-42" },
		{ "secret-storage-and-proxy-fires.yml", "planted-bearer-token-abc" },
		{ "proxy-http-credentials-fires.yml", "planted-url-pass" },
		{ "harbor-defaults/harbor.yml", "Harbor12345" },
		{ "harbor-defaults/harbor.yml", "root123" },
	};

	(void)state;
	for (size_t k = 0; k < CCA_ARRAY_SIZE(cases); k++) {
		struct ts_audit a;

		audit_open(&a, cases[k].fixture, NULL);
		ts_assert_never_shown(&a, cases[k].fixture, cases[k].secret);
		ts_audit_close(&a);
	}
}

/* ---- parameters -------------------------------------------------------------- */

static struct cca_profile *tailored(const char *rule, const char *param, const char *value)
{
	char *yaml = cca_xasprintf("ccaudit-tailoring: 1\nrules:\n  %s:\n    params:\n"
				   "      %s: \"%s\"\n", rule, param, value);
	struct cca_profile *p;
	struct cca_error err;

	p = cca_profile_new(ts_cat, "all", &err);
	assert_non_null(p);
	if (cca_profile_tailor_data(p, "t.yaml", yaml, strlen(yaml), &err) < 0)
		fail_msg("%s", err.msg);
	free(yaml);
	return p;
}

static void test_tls_proxy_parameter(void **state)
{
	struct cca_profile *p = tailored("registry.tls", "tls-proxy",
					 "nginx on registry.example.invalid:443");
	struct ts_audit a;

	(void)state;
	audit_open(&a, "listen-loopback-passes.yml", p);
	assert_int_equal(ts_result_of(&a, "registry.tls")->status, CCA_PASS);
	assert_true(any_finding_says(&a, "registry.tls", "nginx on registry.example.invalid:443"));
	ts_audit_close(&a);
	/* the declaration does not excuse a plain listener on every interface */
	audit_open(&a, "listen-zero-addr-fires.yml", p);
	assert_int_equal(ts_result_of(&a, "registry.tls")->status, CCA_PASS);
	assert_int_equal(ts_result_of(&a, "registry.plain-listener")->status, CCA_FAIL);
	ts_audit_close(&a);
	cca_profile_free(p);
}

static void test_gc_schedule_parameter(void **state)
{
	struct cca_profile *p = tailored("registry.garbage-collection", "gc-schedule",
					 "CronJob registry-gc in namespace infra, nightly");
	struct ts_audit a;

	(void)state;
	audit_open(&a, "listen-loopback-passes.yml", p);
	assert_int_equal(ts_result_of(&a, "registry.garbage-collection")->status, CCA_PASS);
	ts_audit_close(&a);
	audit_open(&a, "gc-delete-disabled-fires.yml", p);
	assert_int_equal(ts_result_of(&a, "registry.garbage-collection")->status, CCA_FAIL);
	ts_audit_close(&a);
	cca_profile_free(p);
}

/* ---- the readers: bad input on purpose ------------------------------------- */

static void expect_parse_error(const char *name, const char *data, size_t len, bool harbor,
			       const char *says)
{
	struct cca_registry_config *c = (void *)1;
	struct cca_linemap *lines = (void *)1;
	struct cca_error err;
	int rc;

	cca_error_clear(&err);
	rc = harbor ? cca_harbor_config_parse(name, data, len, &c, &lines, &err)
		    : cca_registry_config_parse(name, data, len, &c, &lines, &err);
	if (rc == 0)
		fail_msg("%s: parsed, expected an error saying '%s'", name, says);
	assert_null(c);
	assert_null(lines);
	if (!strstr(err.msg, says))
		fail_msg("%s: error '%s' does not say '%s'", name, err.msg, says);
	if (strncmp(err.msg, name, strlen(name)) != 0)
		fail_msg("%s: error '%s' does not name the file", name, err.msg);
	assert_true(cca_utf8_valid(err.msg, strlen(err.msg)));
}

#define S(s) s, sizeof s - 1

static void test_bad_input(void **state)
{
	static const char bomb[] =
		"version: 0.1\nstorage: inmemory\n"
		"a: &a [x, x, x, x, x, x, x, x, x, x]\n"
		"b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\n"
		"c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]\n"
		"d: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]\n"
		"e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d, *d]\n"
		"f: &f [*e, *e, *e, *e, *e, *e, *e, *e, *e, *e]\n"
		"g: &g [*f, *f, *f, *f, *f, *f, *f, *f, *f, *f]\n";
	struct cca_buf deep;

	(void)state;
	expect_parse_error("truncated.yml", S("version: 0.1\nstorage:\n  filesystem: {root"),
			   false, "truncated.yml:");
	expect_parse_error("binary.yml", S("\x7f" "ELF\x02\x01\x01\0\0\0"), false, "binary.yml");
	expect_parse_error("latin1.yml", S("version: 0.1\nstorage: inmemory\nhttp:\n  secret: caf\xe9\n"),
			   false, "latin1.yml:");
	expect_parse_error("list.yml", S("- version: 0.1\n"), false, "expected a mapping");
	expect_parse_error("empty.yml", S(""), false, "expected a mapping");
	expect_parse_error("version.yml", S("version: 0.2\nstorage: inmemory\n"), false,
			   "version.yml:1: unsupported configuration version");
	expect_parse_error("noversion.yml", S("storage: inmemory\n"), false, "'version' is missing");
	expect_parse_error("nostorage.yml", S("version: 0.1\nhttp:\n  addr: :5000\n"), false,
			   "'storage' is missing");
	expect_parse_error("storage-int.yml", S("version: 0.1\nstorage: 5\n"), false,
			   "storage-int.yml:2: 'storage' must be a driver name or a mapping");
	expect_parse_error("storage-nodriver.yml",
			   S("version: 0.1\nstorage:\n  delete:\n    enabled: true\n"), false,
			   "no storage driver");
	expect_parse_error("http-string.yml", S("version: 0.1\nstorage: inmemory\nhttp: yes\n"),
			   false, "http-string.yml:3: 'http' must be a mapping, not a string");
	expect_parse_error("auth-list.yml", S("version: 0.1\nstorage: inmemory\nauth: [htpasswd]\n"),
			   false, "auth-list.yml:3: 'auth' must be a mapping, not a list");
	expect_parse_error("addr-map.yml",
			   S("version: 0.1\nstorage: inmemory\nhttp:\n  addr: {host: x}\n"), false,
			   "addr-map.yml:4: 'addr' must be a single value");
	expect_parse_error("endpoints.yml",
			   S("version: 0.1\nstorage: inmemory\nnotifications:\n  endpoints: x\n"),
			   false, "endpoints.yml:4: 'endpoints' must be a list");
	expect_parse_error("loglevel.yml", S("version: 0.1\nstorage: inmemory\nlog:\n  level: 7\n"),
			   false, "loglevel.yml:4: the log level must be");
	expect_parse_error("bomb.yml", bomb, sizeof bomb - 1, false, "bomb.yml");
	expect_parse_error("dup.yml", S("version: 0.1\nstorage: inmemory\nstorage: s3\n"), false,
			   "dup.yml:3:1: duplicate key 'storage'");
	cca_buf_init(&deep);
	cca_buf_puts(&deep, "version: 0.1\nstorage: inmemory\nx: ");
	for (int i = 0; i < 200; i++)
		cca_buf_putc(&deep, '[');
	expect_parse_error("deep.yml", deep.data, deep.len, false, "deep.yml");
	cca_buf_release(&deep);
	expect_parse_error("harbor.yml", S("http:\n  port: 80\n"), true, "'hostname' is missing");
	expect_parse_error("harbor.yml", S("hostname: [a]\n"), true, "harbor.yml:1:");
	expect_parse_error("harbor.yml", S("hostname: h\nhttps: on\n"), true,
			   "harbor.yml:2: 'https' must be a mapping");
	expect_parse_error("harbor.yml", S("hostname: h\ndatabase:\n  password: [a, b]\n"), true,
			   "harbor.yml:3: 'password' must be a single value");
}

/* A file over the cap, or unreadable, becomes an item with an error; the audit goes on. */
static void test_collector_errors(void **state)
{
	char dir[] = "/tmp/ccaudit-registry-XXXXXX", *big, *missing;
	struct cca_evidence *ev = cca_evidence_new();
	const struct cca_evidence_item *it;
	struct cca_error err;
	struct cca_buf b;
	struct ts_audit a;

	(void)state;
	assert_non_null(mkdtemp(dir));
	big = cca_xasprintf("%s/registry.yml", dir);
	missing = cca_xasprintf("%s/absent/registry.yml", dir);
	cca_buf_init(&b);
	cca_buf_puts(&b, "version: 0.1\nstorage: inmemory\n");
	while (b.len <= CCA_REGISTRY_CONFIG_MAX_BYTES)
		cca_buf_puts(&b, "# padding padding padding padding padding padding padding\n");
	assert_int_equal(cca_file_write(big, b.data, b.len, &err), 0);
	cca_buf_release(&b);
	cca_collect_registry_config(ev, big, NULL);
	cca_collect_registry_config(ev, missing, NULL);
	it = cca_evidence_item(ev, 0);
	assert_non_null(it->error);
	assert_non_null(strstr(it->error, "limit"));
	it = cca_evidence_item(ev, 1);
	assert_non_null(it->error);
	assert_non_null(strstr(it->error, "absent/registry.yml"));
	a.path = NULL;
	a.evidence = ev;
	ts_audit_run(&a, NULL);
	assert_int_equal(ts_result_of(&a, "registry.auth")->status, CCA_ERROR);
	assert_int_equal(ts_result_of(&a, "registry.tls")->status, CCA_ERROR);
	/* other evidence kinds are untouched */
	assert_int_equal(ts_result_of(&a, "harbor.https")->status, CCA_NOTCHECKED);
	ts_audit_close(&a);
	unlink(big);
	rmdir(dir);
	free(big);
	free(missing);
}

/* ---- discovery ---------------------------------------------------------------- */

static void test_discovery_names(void **state)
{
	(void)state;
	assert_true(cca_registry_config_name("registry.yml"));
	assert_true(cca_registry_config_name("registry-config.yaml"));
	assert_false(cca_registry_config_name("config.yml"));
	assert_true(cca_registry_config_path("/etc/docker/registry/config.yml"));
	assert_true(cca_registry_config_path("deploy/docker-registry/config.yml"));
	assert_true(cca_registry_config_path("registry/config.yaml"));
	assert_false(cca_registry_config_path("config.yml"));
	assert_false(cca_registry_config_path("app/config.yml"));
	assert_false(cca_registry_config_path("myregistry/config.yml"));
	assert_false(cca_registry_config_path("registry/settings.yml"));
	assert_true(cca_harbor_config_name("harbor.yml"));
	assert_false(cca_harbor_config_name("harbor.yml.tmpl"));
	assert_non_null(cca_collector_by_path("x/registry/config.yml"));
	assert_string_equal(cca_collector_by_path("x/registry/config.yml")->kind,
			    CCA_KIND_REGISTRY_CONFIG);
	assert_string_equal(cca_collector_by_path("harbor.yml")->kind, CCA_KIND_HARBOR_CONFIG);
	assert_null(cca_collector_by_path("x/app/config.yml"));
}

/* config.yml found in a registry directory that is some other program's is skipped. */
static void test_found_config_of_another_program(void **state)
{
	char dir[] = "/tmp/ccaudit-registry-XXXXXX", *sub, *path;
	struct cca_evidence *ev = cca_evidence_new();
	struct cca_error err;

	(void)state;
	assert_non_null(mkdtemp(dir));
	sub = cca_xasprintf("%s/registry", dir);
	path = cca_xasprintf("%s/config.yml", sub);
	assert_int_equal(mkdir(sub, 0700), 0);
	assert_int_equal(cca_file_write(path, S("listen: 4873\nuplinks:\n  npmjs: {}\n"), &err), 0);
	cca_collect_registry_config_found(ev, path, NULL);
	assert_int_equal(cca_evidence_count(ev), 0);
	/* named explicitly, it is read, and is not a registry configuration */
	cca_collect_registry_config(ev, path, NULL);
	assert_int_equal(cca_evidence_count(ev), 1);
	assert_non_null(strstr(cca_evidence_item(ev, 0)->error, "'version' is missing"));
	cca_evidence_free(ev);
	unlink(path);
	rmdir(sub);
	rmdir(dir);
	free(path);
	free(sub);
}

struct walk {
	unsigned parsed, failed, must_fail, fragments, harbor;
};

/*
 * Files of Distribution's repository that its yaml.v2 parser accepts but
 * ccaudit refuses: they repeat a key in one mapping (yaml.v2 keeps the last;
 * the one YAML reader refuses duplicates rather than guess).
 */
static bool duplicate_key_file(const char *name)
{
	return strcmp(name, "tests__conf-e2e-cloud-storage.yml") == 0 ||
	       strcmp(name, "configuration.md_L91-335.yml") == 0;
}

static void walk_file(struct walk *w, const char *path, const char *name)
{
	struct cca_registry_config *c = NULL;
	struct cca_linemap *lines = NULL;
	struct cca_error err;
	char *data;
	size_t len;
	bool harbor = strstr(name, "harbor.yml") != NULL, full;
	int rc;

	if (cca_file_read(path, CCA_REGISTRY_CONFIG_MAX_BYTES, &data, &len, &err) < 0)
		fail_msg("%s", err.msg);
	full = (strncmp(data, "version:", 8) == 0 || strstr(data, "\nversion:")) &&
	       (strncmp(data, "storage:", 8) == 0 || strstr(data, "\nstorage:"));
	rc = harbor ? cca_harbor_config_parse(path, data, len, &c, &lines, &err)
		    : cca_registry_config_parse(path, data, len, &c, &lines, &err);
	if (rc == 0) {
		assert_true(json_is_object(c->root));
		w->parsed++;
		w->harbor += harbor;
		if (strstr(name, "MUST-FAIL"))
			fail_msg("%s: parsed, but Distribution refuses it", path);
		if (!harbor && !full)
			fail_msg("%s: a fragment without version parsed", path);
	} else {
		w->failed++;
		if (strncmp(err.msg, path, strlen(path)) != 0 || err.msg[strlen(path)] != ':')
			fail_msg("%s: error '%s' does not name FILE:LINE", path, err.msg);
		if (strstr(name, "MUST-FAIL"))
			w->must_fail++;
		else if (duplicate_key_file(name))
			assert_non_null(strstr(err.msg, "duplicate key"));
		else if (!full && !harbor && !strstr(name, ".jinja") && !strstr(path, "/harbor/"))
			w->fragments++;
		else if (full && !strstr(name, ".jinja"))
			fail_msg("%s: a full configuration failed: %s", path, err.msg);
	}
	cca_registry_config_free(c);
	cca_linemap_free(lines);
	free(data);
}

static void walk_dir(struct walk *w, const char *dir)
{
	struct dirent **names;
	int n = scandir(dir, &names, NULL, alphasort);

	assert_true(n >= 0);
	for (int i = 0; i < n; i++) {
		char *p = cca_xasprintf("%s/%s", dir, names[i]->d_name);
		struct stat st;

		if (names[i]->d_name[0] != '.' && stat(p, &st) == 0) {
			if (S_ISDIR(st.st_mode))
				walk_dir(w, p);
			else if (S_ISREG(st.st_mode))
				walk_file(w, p, names[i]->d_name);
		}
		free(p);
		free(names[i]);
	}
	free(names);
}

static void test_corpus(void **state)
{
	char *root = ts_corpora(), *dir, *tmpl;
	struct walk w = { 0 };
	struct cca_registry_config *c;
	struct cca_linemap *lines;
	struct cca_error err;
	char *data;
	size_t len;

	(void)state;
	if (!root) {
		printf("# shared corpora not found: skipping the registry-config corpus\n");
		return;
	}
	dir = cca_xasprintf("%s/registry-config", root);
	walk_dir(&w, dir);
	printf("# registry-config corpus: %u parsed, %u refused (%u must fail, %u fragments)\n",
	       w.parsed, w.failed, w.must_fail, w.fragments);
	assert_int_equal(w.must_fail, 2);
	assert_true(w.parsed >= 8);
	/* Harbor's installer template is a harbor.yml */
	tmpl = cca_xasprintf("%s/harbor/make__harbor.yml.tmpl", dir);
	assert_int_equal(cca_file_read(tmpl, CCA_REGISTRY_CONFIG_MAX_BYTES, &data, &len, &err), 0);
	assert_int_equal(cca_harbor_config_parse(tmpl, data, len, &c, &lines, &err), 0);
	assert_string_equal(json_string_value(json_object_get(c->root, "harbor_admin_password")),
			    "Harbor12345");
	assert_int_equal(cca_linemap_line(lines, "/harbor_admin_password"), 47);
	cca_registry_config_free(c);
	cca_linemap_free(lines);
	free(data);
	free(tmpl);
	free(dir);
	free(root);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_rows),
		cmocka_unit_test(test_probe_models),
		cmocka_unit_test(test_probe_error_item),
		cmocka_unit_test(test_probe_bad_urls),
		cmocka_unit_test(test_every_check_has_fixtures),
		cmocka_unit_test(test_secrets_masked),
		cmocka_unit_test(test_tls_proxy_parameter),
		cmocka_unit_test(test_gc_schedule_parameter),
		cmocka_unit_test(test_bad_input),
		cmocka_unit_test(test_collector_errors),
		cmocka_unit_test(test_discovery_names),
		cmocka_unit_test(test_found_config_of_another_program),
		cmocka_unit_test(test_corpus),
	};

	return cmocka_run_group_tests(tests, ts_load_shipped, ts_free_shipped);
}
