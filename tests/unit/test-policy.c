/*
 * test-policy.c - the containers signature policy model (policy.h): which
 * scope applies to an image reference, in the containers library's order
 * (reference, repository, namespaces, registry, *.domain, the transport's
 * default, the default), and how references are normalised.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "ccaudit/error.h"
#include "ccaudit/policy.h"

static const char policy[] =
	"{\"default\": [{\"type\": \"insecureAcceptAnything\"}],\n"
	" \"transports\": {\"docker\": {\n"
	"   \"reg.example.com/team/app:1.0\": [{\"type\": \"reject\"}],\n"
	"   \"reg.example.com/team/app\": [{\"type\": \"signedBy\", \"keyType\": \"GPGKeys\", \"keyPath\": \"/k\"}],\n"
	"   \"reg.example.com/team\": [{\"type\": \"sigstoreSigned\", \"keyPath\": \"/c\"}],\n"
	"   \"reg.example.com\": [{\"type\": \"reject\"}],\n"
	"   \"*.example.com\": [{\"type\": \"sigstoreSigned\", \"keyData\": \"AA==\"}],\n"
	"   \"docker.io/library\": [{\"type\": \"reject\"}],\n"
	"   \"\": [{\"type\": \"insecureAcceptAnything\"}]\n"
	" }, \"atomic\": {\"\": [{\"type\": \"reject\"}]}}}\n";

static struct cca_policy *load(void)
{
	struct cca_policy *p = NULL;
	struct cca_error err;

	if (cca_policy_parse("policy.json", policy, strlen(policy), &p, NULL, &err) < 0)
		fail_msg("%s", err.msg);
	return p;
}

/* The scope that applies to ref ("(default)" when none). */
static const char *scope_of(const struct cca_policy *p, const char *ref)
{
	const struct cca_policy_scope *s;
	size_t n;

	cca_policy_for(p, ref, &n, &s);
	assert_true(n > 0);
	return s ? s->scope : "(default)";
}

static void test_most_specific_scope_applies(void **state)
{
	struct cca_policy *p = load();

	(void)state;
	assert_string_equal(scope_of(p, "reg.example.com/team/app:1.0"), "reg.example.com/team/app:1.0");
	assert_string_equal(scope_of(p, "reg.example.com/team/app:2.0"), "reg.example.com/team/app");
	assert_string_equal(scope_of(p, "reg.example.com/team/app@sha256:ab"), "reg.example.com/team/app");
	assert_string_equal(scope_of(p, "reg.example.com/team/other"), "reg.example.com/team");
	assert_string_equal(scope_of(p, "reg.example.com/solo"), "reg.example.com");
	assert_string_equal(scope_of(p, "mirror.example.com/x"), "*.example.com");
	assert_string_equal(scope_of(p, "a.b.example.com:5000/x"), "*.example.com");
	assert_string_equal(scope_of(p, "python:3.12"), "docker.io/library");
	assert_string_equal(scope_of(p, "bitnami/redis"), "");
	assert_string_equal(scope_of(p, "quay.io/org/app"), "");
	cca_policy_free(p);
}

static void test_default_when_no_docker_scope(void **state)
{
	static const char text[] = "{\"default\": [{\"type\": \"reject\"}]}";
	struct cca_policy *p = NULL;
	struct cca_error err;

	(void)state;
	assert_int_equal(cca_policy_parse("p.json", text, strlen(text), &p, NULL, &err), 0);
	assert_string_equal(scope_of(p, "quay.io/org/app"), "(default)");
	cca_policy_free(p);
}

static void test_normalised_references(void **state)
{
	static const char *const cases[][2] = {
		{ "python", "docker.io/library/python" },
		{ "python:3.12", "docker.io/library/python:3.12" },
		{ "bitnami/redis:7", "docker.io/bitnami/redis:7" },
		{ "localhost/app", "localhost/app" },
		{ "reg:5000/app", "reg:5000/app" },
		{ "quay.io/org/app@sha256:ab", "quay.io/org/app@sha256:ab" },
	};

	(void)state;
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		char *n = cca_policy_normalize_ref(cases[i][0]);

		assert_string_equal(n, cases[i][1]);
		free(n);
	}
	assert_null(cca_policy_normalize_ref("${BASE}"));
	assert_null(cca_policy_normalize_ref(""));
}

static void test_refused_like_the_containers_library(void **state)
{
	static const char *const cases[][2] = {
		{ "[]", "must be a JSON object" },
		{ "{\"default\": [], \"x\": 1}", "unknown key \"x\"" },
		{ "{\"default\": [{\"type\": \"reject\", \"keyPath\": \"/k\"}]}", "unknown key \"keyPath\"" },
		{ "{\"default\": [{\"type\": \"signedBy\", \"keyType\": \"X509Certificates\", \"keyPath\": \"/k\"}]}",
		  "keyType \"GPGKeys\"" },
		{ "{\"default\": [{\"type\": \"sigstoreSigned\"}]}", "exactly one of keyPath" },
		{ "{\"default\": [{\"type\": \"reject\"}], \"transports\": {\"docker\": []}}", "must map scopes" },
		{ "{\"default\": [{\"type\": \"reject\"}], \"transports\": {\"docker\": {\"q\": {}}}}",
		  "must be a list" },
		{ "{\"default\": \"reject\"}", "must be a list" },
	};

	(void)state;
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct cca_policy *p = NULL;
		struct cca_error err;

		assert_int_equal(cca_policy_parse("p.json", cases[i][0], strlen(cases[i][0]), &p, NULL,
						  &err), -1);
		assert_int_equal(err.code, CCA_EINPUT);
		if (!strstr(err.msg, cases[i][1]) || strncmp(err.msg, "p.json:", 7) != 0)
			fail_msg("case %zu: '%s' lacks '%s'", i, err.msg, cases[i][1]);
		assert_null(p);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_most_specific_scope_applies),
		cmocka_unit_test(test_default_when_no_docker_scope),
		cmocka_unit_test(test_normalised_references),
		cmocka_unit_test(test_refused_like_the_containers_library),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
