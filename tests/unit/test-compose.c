/*
 * test-compose.c - compose projects as evidence (src/evidence/compose.c):
 * overrides merged as docker compose merges them, extends, interpolation,
 * where each setting was written, bad input, and the real-world corpus.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <dirent.h>
#include <unistd.h>

#include <cmocka.h>

#include "ccaudit/compose.h"
#include "ccaudit/evidence.h"
#include "ccaudit/runtime.h"
#include "ccaudit/util.h"
#include "ccaudit/yaml.h"
#include "test-support.h"

static char *fx(const char *rel)
{
	char *r = cca_xasprintf("compose/%s", rel), *p = ts_path("CCA_FIXTURES", "tests/fixtures", r);

	free(r);
	return p;
}

/* The item of service name, or NULL. */
static const struct cca_evidence_item *service(const struct cca_evidence *ev, const char *name)
{
	for (size_t i = 0; i < cca_evidence_count(ev); i++) {
		const struct cca_evidence_item *it = cca_evidence_item(ev, i);

		if (cca_streq(it->name, name))
			return it;
	}
	return NULL;
}

static const struct cca_container *model_of(const struct cca_evidence *ev, const char *name)
{
	const struct cca_evidence_item *it = service(ev, name);

	if (!it)
		fail_msg("no service '%s'", name);
	if (it->error)
		fail_msg("service '%s': %s", name, it->error);
	assert_string_equal(it->kind, CCA_KIND_CONTAINER);
	return it->model;
}

static const char *env(const struct cca_container *c, const char *name)
{
	for (size_t i = 0; i < c->nenv; i++)
		if (strcmp(c->env[i].name, name) == 0)
			return c->env[i].value ? c->env[i].value : "(null)";
	return NULL;
}

/* "FILE:LINE" of key in item it, the file relative to the fixtures. */
static char *where(const struct cca_evidence_item *it, const char *key)
{
	const char *f = cca_linemap_file(it->lines, key);
	const char *s;

	f = f ? f : it->path;
	s = strstr(f, "fixtures/compose/");
	return cca_xasprintf("%s:%u", s ? s + 17 : f, cca_linemap_line(it->lines, key));
}

static void expect_where(const struct cca_evidence_item *it, const char *key, const char *want)
{
	char *w = where(it, key);

	assert_string_equal(w, want);
	free(w);
}

/* A directory: compose.yaml with compose.override.yaml over it; docker-compose.yml alone. */
static void test_discovery_applies_override(void **state)
{
	char *dir = fx("merge"), *p = cca_xasprintf("%s/compose.yaml", dir);
	char *legacy = cca_xasprintf("%s/docker-compose.yml", dir);
	struct cca_evidence *ev = cca_evidence_new();
	const struct cca_container *web;

	(void)state;
	assert_true(cca_compose_is_name("compose.yaml"));
	assert_true(cca_compose_is_name("docker-compose.yml"));
	assert_false(cca_compose_is_name("compose.override.yaml"));
	cca_compose_collect_found(ev, p, NULL);
	assert_int_equal(cca_evidence_count(ev), 2);   /* web, worker */
	web = model_of(ev, "web");
	/* scalars: the override wins, and is located there */
	assert_string_equal(web->image.value, "nginx:1.27.1");
	expect_where(service(ev, "web"), web->image.key, "merge/compose.override.yaml:4");
	assert_string_equal(web->privileged.value, "true");
	expect_where(service(ev, "web"), web->privileged.key, "merge/compose.override.yaml:14");
	/* environment lists and mappings merge by name */
	assert_string_equal(env(web, "A"), "1");
	assert_string_equal(env(web, "B"), "3");
	assert_string_equal(env(web, "C"), "4");
	expect_where(service(ev, "web"), "/services/web/environment/A", "merge/compose.yaml:7");
	expect_where(service(ev, "web"), "/services/web/environment/B", "merge/compose.override.yaml:9");
	/* ports are unique: 80 once, 443 added */
	assert_int_equal(web->nports, 2);
	/* volumes are unique by target: /etc/nginx replaced in place */
	assert_int_equal(web->nmounts, 2);
	assert_string_equal(web->mounts[1].source, "./conf2");
	assert_true(web->mounts[1].read_only);
	expect_where(service(ev, "web"), web->mounts[1].key, "merge/compose.override.yaml:13");
	/* healthcheck.test is replaced, not appended */
	assert_string_equal(web->healthcheck.value, "CMD wget -q http://localhost/");
	/* a service only the override defines */
	assert_string_equal(model_of(ev, "worker")->image.value, "example/worker:2.0");
	cca_evidence_free(ev);

	/* docker-compose.yml is not the file docker compose prefers here */
	ev = cca_evidence_new();
	cca_compose_collect_found(ev, legacy, NULL);
	assert_int_equal(cca_evidence_count(ev), 1);
	assert_non_null(service(ev, "legacy"));
	cca_evidence_free(ev);
	free(p);
	free(legacy);
	free(dir);
}

/* --compose a --compose b: b merges over a, in that order. */
static void test_named_files_in_order(void **state)
{
	char *a = fx("merge/compose.yaml"), *b = fx("merge/prod.yaml");
	const char *files[] = { a, b };
	struct cca_evidence *ev = cca_evidence_new();
	const struct cca_container *web;

	(void)state;
	cca_compose_collect(ev, files, 2, NULL);
	web = model_of(ev, "web");
	assert_string_equal(web->image.value, "nginx:1.27");   /* no override file here */
	assert_string_equal(web->read_only.value, "true");
	expect_where(service(ev, "web"), web->read_only.key, "merge/prod.yaml:3");
	assert_int_equal(web->nports, 1);                        /* [] appends nothing */
	assert_null(web->privileged.value);
	cca_evidence_free(ev);
	free(a);
	free(b);
}

/* extends: the same file (with a merge key) and another file. */
static void test_extends(void **state)
{
	char *p = fx("extends/compose.yaml");
	const char *files[] = { p };
	struct cca_evidence *ev = cca_evidence_new();
	const struct cca_container *web, *api;

	(void)state;
	cca_compose_collect(ev, files, 1, NULL);
	web = model_of(ev, "web");
	assert_string_equal(web->image.value, "example/web:1.0");
	assert_string_equal(web->user.value, "1000");
	expect_where(service(ev, "web"), web->user.key, "extends/compose.yaml:7");
	assert_int_equal(web->ncap_drop, 1);
	assert_string_equal(env(web, "LOG_LEVEL"), "info");
	assert_string_equal(env(web, "PORT"), "8080");
	assert_string_equal(web->memory.value, "256m");   /* from the anchor */
	expect_where(service(ev, "web"), web->memory.key, "extends/compose.yaml:2");
	api = model_of(ev, "api");
	assert_string_equal(api->image.value, "example/api:3.2");
	assert_string_equal(api->read_only.value, "true");
	expect_where(service(ev, "api"), api->read_only.key, "extends/common.yaml:3");
	assert_string_equal(api->pids_limit.value, "100");
	assert_int_equal(api->nsecurity_opt, 1);
	cca_evidence_free(ev);
	free(p);
}

static void expect_project_error(const char *rel, const char *text)
{
	char *p = fx(rel);
	const char *files[] = { p };
	struct cca_evidence *ev = cca_evidence_new();
	const struct cca_evidence_item *it;

	cca_compose_collect(ev, files, 1, NULL);
	assert_int_equal(cca_evidence_count(ev), 1);
	it = cca_evidence_item(ev, 0);
	assert_string_equal(it->kind, CCA_KIND_CONTAINER);
	assert_null(it->name);
	if (!it->error || !strstr(it->error, text))
		fail_msg("%s: error '%s' does not say '%s'", rel, it->error ? it->error : "(none)",
			 text);
	assert_non_null(strstr(it->error, p));   /* names the file */
	cca_evidence_free(ev);
	free(p);
}

static void test_extends_errors(void **state)
{
	(void)state;
	expect_project_error("extends/cycle.yaml", "cycle.yaml:3: service 'a' extends itself");
	expect_project_error("extends/missing.yaml",
			     "missing.yaml:4: service 'a' extends 'nowhere', which");
}

/* ${VAR...} forms and $$ from the .env beside the file, or from --env-file. */
static void test_interpolation(void **state)
{
	char *p = fx("interp/compose.yaml"), *other = fx("interp/other.env");
	const char *files[] = { p };
	struct cca_evidence *ev = cca_evidence_new();
	const struct cca_container *c;
	const struct cca_evidence_item *it;
	bool warned_who = false, warned_line = false;

	(void)state;
	cca_compose_collect(ev, files, 1, NULL);
	c = model_of(ev, "app");
	assert_string_equal(c->image.value, "docker.io/acme/app:2.5.1");
	assert_string_equal(c->user.value, "10001");
	assert_string_equal(env(c, "PORT"), "8080");
	assert_string_equal(env(c, "GREETING"), "hello ");
	assert_string_equal(env(c, "EMPTY_DEFAULT"), "fallback");
	assert_string_equal(env(c, "EMPTY_DASH"), "");
	assert_string_equal(env(c, "ALT"), "tagged");
	it = service(ev, "app");
	for (size_t k = 0; k < it->nwarnings; k++) {
		warned_who |= strstr(it->warnings[k], "compose.yaml:8: variable 'WHO' is not set") != NULL;
		warned_line |= strstr(it->warnings[k], ".env:7: line ignored") != NULL;
	}
	assert_true(warned_who);
	assert_true(warned_line);
	cca_evidence_free(ev);

	/* --env-file replaces .env */
	ev = cca_evidence_new();
	cca_compose_collect(ev, files, 1, other);
	c = model_of(ev, "app");
	assert_string_equal(c->image.value, "ghcr.io/acme/app:9.9");
	assert_string_equal(c->user.value, "20002");
	assert_string_equal(env(c, "GREETING"), "hello world");
	assert_string_equal(env(c, "EMPTY_DEFAULT"), "fallback");
	assert_string_equal(env(c, "EMPTY_DASH"), "kept");
	cca_evidence_free(ev);
	free(p);
	free(other);
}

/* A required variable that is missing is a warning that names it. */
static void test_required_variable(void **state)
{
	char *p = fx("interp/compose.yaml"), *empty = cca_xstrdup("/dev/null");
	const char *files[] = { p };
	struct cca_evidence *ev = cca_evidence_new();
	const struct cca_evidence_item *it;
	bool said = false;

	(void)state;
	cca_compose_collect(ev, files, 1, empty);
	it = service(ev, "app");
	assert_null(it->error);
	for (size_t k = 0; k < it->nwarnings; k++)
		said |= strstr(it->warnings[k], "required variable 'USER_ID' is missing a value: "
				"set USER_ID to the service uid") != NULL;
	assert_true(said);
	assert_string_equal(model_of(ev, "app")->user.value, "");
	cca_evidence_free(ev);
	free(p);
	free(empty);
}

static void test_bad_input(void **state)
{
	(void)state;
	expect_project_error("bad/not-yaml.yaml", "not-yaml.yaml:4:");
	expect_project_error("bad/services-list.yaml",
			     "services-list.yaml:1: 'services' is a mapping of service names");
	expect_project_error("bad/scalar.yaml", "scalar.yaml:1: a compose file is a mapping");
	expect_project_error("bad/billion-laughs.yaml", "after alias expansion");
	expect_project_error("bad/mid-size-bomb.yaml", "more than 200000 values");
	expect_project_error("bad/deep.yaml", "nesting deeper than 64 levels");
	expect_project_error("bad/invalid-utf8.yaml", "invalid-utf8.yaml:3:");
	expect_project_error("does-not-exist.yaml", "does-not-exist.yaml");
}

/* A setting of the wrong type makes that service an error; the others go on. */
static void test_wrong_types(void **state)
{
	char *p = fx("bad/wrong-types.yaml");
	const char *files[] = { p };
	struct cca_evidence *ev = cca_evidence_new();

	(void)state;
	cca_compose_collect(ev, files, 1, NULL);
	assert_int_equal(cca_evidence_count(ev), 3);
	assert_null(service(ev, "good")->error);
	assert_non_null(strstr(service(ev, "bad-ports")->error,
			       "wrong-types.yaml:6: 'ports' of service 'bad-ports' must be a list, "
			       "not a string"));
	assert_non_null(strstr(service(ev, "bad-privileged")->error,
			       "wrong-types.yaml:9: 'privileged' of service 'bad-privileged' must "
			       "be a scalar, not a mapping"));
	cca_evidence_free(ev);
	free(p);
}

/* Binary, truncated and oversized files are errors, never crashes. */
static void test_hostile_files(void **state)
{
	const char *dir = getenv("TMPDIR");
	char *path = cca_xasprintf("%s/test-compose-XXXXXX", dir && *dir ? dir : "/tmp");
	static const char binary[] = "\x7f" "ELF\x02\x01\x01\0\0\0services:";
	static const char truncated[] = "services:\n  web:\n    image: \"nginx";
	const char *files[1];
	struct cca_evidence *ev;
	int fd;
	FILE *f;

	(void)state;
	fd = mkstemp(path);
	assert_true(fd >= 0);
	f = fdopen(fd, "w");
	files[0] = path;

	fwrite(binary, 1, sizeof binary - 1, f);
	fflush(f);
	ev = cca_evidence_new();
	cca_compose_collect(ev, files, 1, NULL);
	assert_non_null(cca_evidence_item(ev, 0)->error);
	cca_evidence_free(ev);

	assert_int_equal(ftruncate(fd, 0), 0);
	rewind(f);
	fputs(truncated, f);
	fflush(f);
	ev = cca_evidence_new();
	cca_compose_collect(ev, files, 1, NULL);
	assert_non_null(strstr(cca_evidence_item(ev, 0)->error, ":3:"));
	cca_evidence_free(ev);

	assert_int_equal(ftruncate(fd, 0), 0);
	rewind(f);
	fputs("services:\n  web:\n    image: nginx\n", f);
	for (size_t i = 0; i < CCA_COMPOSE_MAX_BYTES / 15 + 10; i++)
		fputs("# padding.....\n", f);
	fflush(f);
	ev = cca_evidence_new();
	cca_compose_collect(ev, files, 1, NULL);
	assert_non_null(strstr(cca_evidence_item(ev, 0)->error, "larger than"));
	cca_evidence_free(ev);
	fclose(f);
	unlink(path);
	free(path);
}

/* Every file of the real-world corpus is read, and every service has an image or a build. */
static void test_corpus(void **state)
{
	char *dir = ts_path("CCA_CORPORA", "../shared/corpora", "compose");
	DIR *d = opendir(dir);
	struct dirent *e;
	unsigned files = 0, services = 0;

	(void)state;
	if (!d) {
		free(dir);
		skip();
	}
	while ((e = readdir(d))) {
		char *p;
		const char *list[1];
		struct cca_evidence *ev;

		if (e->d_name[0] == '.' || !strstr(e->d_name, ".y"))
			continue;
		p = cca_xasprintf("%s/%s", dir, e->d_name);
		list[0] = p;
		ev = cca_evidence_new();
		cca_compose_collect(ev, list, 1, NULL);
		assert_true(cca_evidence_count(ev) > 0);
		for (size_t i = 0; i < cca_evidence_count(ev); i++) {
			const struct cca_evidence_item *it = cca_evidence_item(ev, i);
			const struct cca_container *c = it->model;

			if (it->error)
				fail_msg("%s: %s", e->d_name, it->error);
			assert_non_null(it->name);
			assert_true(c->image.value || c->build.value);
			assert_true(cca_linemap_line(it->lines, c->key) > 0);
			services++;
		}
		files++;
		cca_evidence_free(ev);
		free(p);
	}
	closedir(d);
	free(dir);
	assert_true(files >= 19);
	assert_true(services >= files);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_discovery_applies_override),
		cmocka_unit_test(test_named_files_in_order),
		cmocka_unit_test(test_extends),
		cmocka_unit_test(test_extends_errors),
		cmocka_unit_test(test_interpolation),
		cmocka_unit_test(test_required_variable),
		cmocka_unit_test(test_bad_input),
		cmocka_unit_test(test_wrong_types),
		cmocka_unit_test(test_hostile_files),
		cmocka_unit_test(test_corpus),
	};

	return cmocka_run_group_tests_name("compose", tests, NULL, NULL);
}
