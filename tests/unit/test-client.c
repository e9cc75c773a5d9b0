/*
 * test-client.c - the Docker client configuration: its reader
 * (src/evidence/client.c) and the client.* checks (src/checks/client.c)
 * through the shipped catalog.
 *
 * The fixtures of tests/fixtures/client-config/ give every check two
 * inputs where it reports and two where it must not.  The client
 * configurations of the shared corpora ($CCA_CORPORA; skipped when absent)
 * are read as the docker CLI reads them: the one that is invalid JSON
 * upstream is refused with FILE:LINE, the others are evaluated.  Planted
 * secrets never reach a value, a message or a location.
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
#include "ccaudit/client.h"
#include "ccaudit/engine.h"
#include "ccaudit/evidence.h"
#include "ccaudit/util.h"
#include "test-support.h"

static void audit_path(struct ts_audit *a, const char *path)
{
	a->path = NULL;
	a->evidence = cca_evidence_new();
	cca_evidence_add_client_config(a->evidence, path);
	ts_audit_run(a, NULL);
}

static void audit_fixture(struct ts_audit *a, const char *name)
{
	char *rel = cca_xasprintf("client-config/%s", name);
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

static const struct ts_row rows[] = {
	{ "plain-auth.json", "client.plain-credentials", F, "plain-auth.json:4",
	  "the auth of 'https://index.docker.io/v1/' (user 'ci-bot') is kept in the file" },
	{ "plain-auth.json", "client.plain-credentials", F, "plain-auth.json:7", "user 'deploy'" },
	{ "password-token.json", "client.plain-credentials", F, "password-token.json:5",
	  "the password of 'registry.example.invalid' (user 'robot$builder')" },
	{ "password-token.json", "client.plain-credentials", F, "password-token.json:8",
	  "the identitytoken of 'token.example.invalid'" },
	{ "store.json", "client.plain-credentials", P, NULL, NULL },
	{ "helpers.json", "client.plain-credentials", P, NULL, NULL },

	{ "plain-auth.json", "client.credential-store", F, "plain-auth.json",
	  "docker login writes credentials" },
	{ "empty.json", "client.credential-store", I, "empty.json", "would write" },
	{ "store.json", "client.credential-store", P, NULL, NULL },
	{ "helpers.json", "client.credential-store", P, NULL, NULL },

	{ "headers-token.json", "client.http-headers", F, "headers-token.json:5",
	  "HTTP header 'Authorization' holds a credential header ('Bear***')" },
	{ "headers-apikey.json", "client.http-headers", F, "headers-apikey.json:4",
	  "'X-Api-Key' holds a header named for a secret" },
	{ "headers-ua.json", "client.http-headers", P, NULL, NULL },
	{ "store.json", "client.http-headers", P, NULL, NULL },

	{ "proxy-password.json", "client.proxy-credentials", F, "proxy-password.json:5",
	  "proxy default httpProxy holds a password in a URL ('http://svc-***@proxy" },
	{ "headers-token.json", "client.proxy-credentials", F, "headers-token.json:9", NULL },
	{ "proxy-plain.json", "client.proxy-credentials", P, NULL, NULL },
	{ "empty.json", "client.proxy-credentials", P, NULL, NULL },
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

RULE_TEST(plain_credentials, "client.plain-credentials")
RULE_TEST(credential_store, "client.credential-store")
RULE_TEST(http_headers, "client.http-headers")
RULE_TEST(proxy_credentials, "client.proxy-credentials")

static void test_every_check_has_fixtures(void **state)
{
	static const char *const kinds[] = { CCA_KIND_CLIENT, NULL };

	(void)state;
	assert_int_equal(ts_check_fixture_counts(kinds, rows, CCA_ARRAY_SIZE(rows), NULL),
			 4);
}

/* Planted credentials are kept masked: no output can show them. */
static void test_fixture_secrets_masked(void **state)
{
	static const struct {
		const char *fixture, *secret;
	} planted[] = {
		{ "plain-auth.json", "Xk9pL2vQw7zR4tNb" },
		{ "plain-auth.json", "Y2ktYm90OlhrOXBMMnZRdzd6UjR0TmI=" },
		{ "password-token.json", "Zq4mV8nC1xR6tY3w" },
		{ "password-token.json", "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJyb2JvdCJ9" },
		{ "headers-token.json", "5f3c9a7e2b8d4f1a6c0e9b7d3a5f8c2e" },
		{ "headers-token.json", "Sq1dPassw0rdX" },
		{ "headers-apikey.json", "k7Hq2Wz9Lm4Nx8Rp3Tv6" },
		{ "proxy-password.json", "Pr0xyS3cret9" },
	};

	(void)state;
	for (size_t i = 0; i < CCA_ARRAY_SIZE(planted); i++) {
		struct ts_audit a;

		audit_fixture(&a, planted[i].fixture);
		ts_assert_never_shown(&a, planted[i].fixture, planted[i].secret);
		ts_audit_close(&a);
	}
}

static void test_corpus(void **state)
{
	static const char *const dirs[] = { "client-config/docker-cli-docs",
					    "client-config/docker-cli-testdata" };
	char *root = ts_corpora();
	size_t total = 0, nrejected = 0;

	(void)state;
	if (!root)
		skip();
	for (size_t di = 0; di < CCA_ARRAY_SIZE(dirs); di++) {
		char *dir = cca_xasprintf("%s/%s", root, dirs[di]);
		DIR *d = opendir(dir);
		struct dirent *e;

		assert_non_null(d);
		while ((e = readdir(d)) != NULL) {
			char *path;
			struct ts_audit a;
			const struct cca_evidence_item *it;
			bool invalid = strcmp(e->d_name, "login.md_L163-168.json") == 0;

			if (e->d_name[0] == '.')
				continue;
			path = cca_xasprintf("%s/%s", dir, e->d_name);
			audit_path(&a, path);
			it = cca_evidence_item(a.evidence, 0);
			if (invalid) {
				char *want = cca_xasprintf("%s:5: invalid JSON", path);

				if (!it->error || !strstr(it->error, want))
					fail_msg("%s: invalid upstream, got %s", e->d_name,
						 it->error ? it->error : "accepted");
				assert_int_equal(ts_result_of(&a, "client.plain-credentials")->status,
						 CCA_ERROR);
				free(want);
				nrejected++;
			} else if (it->error) {
				fail_msg("%s: %s", e->d_name, it->error);
			} else {
				for (size_t i = 0; i < cca_catalog_nrules(ts_cat); i++) {
					const struct cca_rule *r = cca_catalog_rule(ts_cat, i);

					if (r->check && strncmp(r->id, "client.", 7) == 0 &&
					    cca_eval_rule(a.ev, i)->status == CCA_ERROR)
						fail_msg("%s: %s is error", e->d_name, r->id);
				}
			}
			total++;
			ts_audit_close(&a);
			free(path);
		}
		closedir(d);
		free(dir);
	}
	free(root);
	assert_int_equal(nrejected, 1);
	assert_true(total >= 6);
}

/* The documented example: helpers and store pass, proxy passwords fail. */
static void test_corpus_documented_example(void **state)
{
	char *root = ts_corpora(), *path;
	struct ts_audit a;

	(void)state;
	if (!root)
		skip();
	path = cca_xasprintf("%s/client-config/docker-cli-docs/docker.md_L363-404.json", root);
	audit_path(&a, path);
	assert_null(cca_evidence_item(a.evidence, 0)->error);
	assert_int_equal(ts_result_of(&a, "client.credential-store")->status, CCA_PASS);
	assert_int_equal(ts_result_of(&a, "client.http-headers")->status, CCA_PASS);
	assert_int_equal(ts_result_of(&a, "client.proxy-credentials")->status, CCA_FAIL);
	assert_int_equal(ts_result_of(&a, "client.proxy-credentials")->nfindings, 3);
	assert_true(ts_finding_has(&a, "client.proxy-credentials", "'http://us***@example.com:3128'",
				"docker.md_L363-404.json:31"));
	ts_audit_close(&a);
	free(path);
	free(root);
}

/* ---- bad input ------------------------------------------------------------------------ */

static void parse_bad_n(const char *data, size_t len, const char *want)
{
	struct cca_client *c = (struct cca_client *)&c;
	struct cca_error err;

	cca_error_clear(&err);
	if (cca_client_parse("config.json", data, len, &c, NULL, &err) == 0)
		fail_msg("accepted, expected \"%s\"", want);
	assert_null(c);
	if (!strstr(err.msg, want))
		fail_msg("message \"%s\" lacks \"%s\"", err.msg, want);
}

static void parse_bad(const char *text, const char *want)
{
	parse_bad_n(text, strlen(text), want);
}

static void test_bad_input(void **state)
{
	struct cca_client *c;
	struct cca_error err;

	(void)state;
	/* truncated, binary, invalid UTF-8 */
	parse_bad("{\n\t\"auths\": {\n\t\t\"x\": {", "config.json:3: invalid JSON");
	parse_bad_n("{\"auths\": {}}\0\xff", 15, "config.json:1: invalid JSON: a NUL byte");
	parse_bad("\x89PNG\r\n\x1a\n", "config.json:1: invalid JSON");
	parse_bad("{\"credsStore\": \"caf\xe9\"}", "config.json:1: invalid JSON");
	/* wrong types, as the CLI's decoder says them */
	parse_bad("{\n\"auths\": []\n}", "config.json:2: json: cannot unmarshal array into Go "
		  "struct field ConfigFile.auths");
	parse_bad("{\"auths\": {\"r\": \"x\"}}", "types.AuthConfig");
	parse_bad("{\"auths\": {\"r\": {\"auth\": 5}}}", "of type string");
	parse_bad("{\"credsStore\": true}", "ConfigFile.credsStore of type string");
	parse_bad("{\"credHelpers\": {\"r\": 1}}", "ConfigFile.credHelpers of type string");
	parse_bad("{\"HttpHeaders\": \"Authorization: x\"}", "ConfigFile.HttpHeaders");
	parse_bad("{\"proxies\": {\"default\": {\"httpProxy\": 3128}}}",
		  "ProxyConfig.httpProxy of type string");
	parse_bad("{\"proxies\": []}", "ConfigFile.proxies");
	parse_bad("[]", "config.json:1: json: cannot unmarshal array into Go value");
	/* an auth that is not base64 of user:password: the CLI refuses the file */
	parse_bad("{\"auths\": {\"r\": {\n\"auth\": \"not base64!\"}}}",
		  "config.json:2: the auth of 'r' is illegal base64 data");
	parse_bad("{\"auths\": {\"r\": {\"auth\": \"bm9jb2xvbg==\"}}}",
		  "is not base64 of user:password");
	parse_bad("{\"auths\": {\"r\": {\"auth\": \"OnB3\"}}}", "not base64 of user:password");
	/* hostile: nesting past the reader's depth */
	{
		struct cca_buf b;

		cca_buf_init(&b);
		cca_buf_puts(&b, "{\"plugins\": ");
		for (int i = 0; i < 5000; i++)
			cca_buf_puts(&b, "[");
		parse_bad(cca_buf_str(&b), "config.json:1: invalid JSON");
		cca_buf_release(&b);
	}
	/* what the CLI accepts: empty, unknown members, null */
	assert_int_equal(cca_client_parse("config.json", "", 0, &c, NULL, &err), 0);
	cca_client_free(c);
	assert_int_equal(cca_client_parse("config.json", "{\"whatever\": [1], \"auths\": null}",
					  strlen("{\"whatever\": [1], \"auths\": null}"), &c, NULL,
					  &err), 0);
	assert_int_equal(c->nauths, 0);
	cca_client_free(c);
}

static void test_huge_and_missing(void **state)
{
	char dir[] = "/tmp/cca-client-XXXXXX";
	char *path;
	FILE *f;
	struct ts_audit a;

	(void)state;
	assert_non_null(mkdtemp(dir));
	path = cca_xasprintf("%s/config.json", dir);
	f = fopen(path, "w");
	assert_non_null(f);
	fputs("{\"auths\": {", f);
	for (int i = 0; i < 40000; i++)
		fprintf(f, "\"r%d.example.invalid\": {},", i);
	fputs("\"z\": {}}}", f);
	fclose(f);
	audit_path(&a, path);
	assert_non_null(strstr(cca_evidence_item(a.evidence, 0)->error, "larger than the limit"));
	assert_int_equal(ts_result_of(&a, "client.plain-credentials")->status, CCA_ERROR);
	ts_audit_close(&a);
	unlink(path);
	rmdir(dir);
	free(path);
	audit_path(&a, "/nonexistent/.docker/config.json");
	assert_non_null(strstr(cca_evidence_item(a.evidence, 0)->error,
			       "/nonexistent/.docker/config.json"));
	assert_int_equal(ts_result_of(&a, "client.http-headers")->status, CCA_ERROR);
	ts_audit_close(&a);
}

static void test_discovery_rule(void **state)
{
	(void)state;
	assert_true(cca_client_config_path(".docker/config.json"));
	assert_true(cca_client_config_path("home/ci/.docker/config.json"));
	assert_false(cca_client_config_path("config.json"));
	assert_false(cca_client_config_path("app/config.json"));
	assert_false(cca_client_config_path("app/my.docker/config.json"));
	assert_false(cca_client_config_path(".docker/config.json.bak"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_plain_credentials),
		cmocka_unit_test(test_credential_store),
		cmocka_unit_test(test_http_headers),
		cmocka_unit_test(test_proxy_credentials),
		cmocka_unit_test(test_every_check_has_fixtures),
		cmocka_unit_test(test_fixture_secrets_masked),
		cmocka_unit_test(test_corpus),
		cmocka_unit_test(test_corpus_documented_example),
		cmocka_unit_test(test_bad_input),
		cmocka_unit_test(test_huge_and_missing),
		cmocka_unit_test(test_discovery_rule),
	};

	return cmocka_run_group_tests(tests, ts_load_shipped, ts_free_shipped);
}
