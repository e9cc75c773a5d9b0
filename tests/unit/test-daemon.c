/*
 * test-daemon.c - the readers of daemon settings (src/evidence/daemon.c):
 * daemon.json, dockerd flags and systemd units.
 *
 * The real daemon.json files of the shared corpora ($CCA_CORPORA, else
 * $top_srcdir/../shared/corpora; skipped when absent) are each accepted
 * or rejected as dockerd does: moby's testdata names the two it rejects
 * (an unknown option, malformed JSON); every example of the dockerd
 * reference, including the lists of all Linux and Windows options, is
 * accepted and evaluated.  Bad input of every kind is an item error that
 * names FILE:LINE, and secrets never reach a value or a message.
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
#include "ccaudit/daemon.h"
#include "ccaudit/engine.h"
#include "ccaudit/evidence.h"
#include "ccaudit/util.h"
#include "test-support.h"

#define TODAY 20454  /* 2026-01-01 */

/* ---- helpers ------------------------------------------------------------------ */

static struct cca_daemon *json_ok(const char *text)
{
	struct cca_daemon *d = NULL;
	struct cca_error err;

	cca_error_clear(&err);
	if (cca_daemon_parse_json("t.json", text, strlen(text), &d, &err) < 0)
		fail_msg("unexpected error: %s", err.msg);
	assert_non_null(d);
	return d;
}

/* len bytes of daemon.json are refused with a message holding want. */
static void json_bad_n(const char *data, size_t len, const char *want)
{
	struct cca_daemon *d = (struct cca_daemon *)&d;
	struct cca_error err;

	cca_error_clear(&err);
	if (cca_daemon_parse_json("t.json", data, len, &d, &err) == 0)
		fail_msg("accepted, expected \"%s\"", want);
	assert_null(d);
	if (!strstr(err.msg, want))
		fail_msg("message \"%s\" lacks \"%s\"", err.msg, want);
}

static void json_bad(const char *text, const char *want)
{
	json_bad_n(text, strlen(text), want);
}

static struct cca_daemon *unit_ok(const char *text)
{
	struct cca_daemon *d = NULL;
	struct cca_error err;

	cca_error_clear(&err);
	if (cca_daemon_parse_unit("t.service", text, strlen(text), &d, &err) < 0)
		fail_msg("unexpected error: %s", err.msg);
	return d;
}

static void unit_bad_n(const char *data, size_t len, const char *want)
{
	struct cca_daemon *d = (struct cca_daemon *)&d;
	struct cca_error err;

	cca_error_clear(&err);
	if (cca_daemon_parse_unit("t.service", data, len, &d, &err) == 0)
		fail_msg("accepted, expected \"%s\"", want);
	assert_null(d);
	if (!strstr(err.msg, want))
		fail_msg("message \"%s\" lacks \"%s\"", err.msg, want);
}

static void unit_bad(const char *text, const char *want)
{
	unit_bad_n(text, strlen(text), want);
}

static void args_bad(const char *args, const char *want)
{
	struct cca_daemon *d = (struct cca_daemon *)&d;
	struct cca_error err;

	cca_error_clear(&err);
	if (cca_daemon_parse_args("dockerd flags", args, &d, &err) == 0)
		fail_msg("'%s' accepted, expected \"%s\"", args, want);
	assert_null(d);
	if (!strstr(err.msg, want))
		fail_msg("message \"%s\" lacks \"%s\"", err.msg, want);
}

/* The value of a setting as text, or NULL. */
static const char *value_of(const struct cca_daemon *d, enum cca_daemon_key k)
{
	const struct cca_daemon_value *v = cca_daemon_get(d, k);

	return v ? v->value : NULL;
}

/* Write len bytes to a new temporary file; returns its path. */
static char *temp_file(const char *name, const void *data, size_t len)
{
	char dir[] = "/tmp/cca-daemon-XXXXXX";
	char *path;
	FILE *f;

	assert_non_null(mkdtemp(dir));
	path = cca_xasprintf("%s/%s", dir, name);
	f = fopen(path, "wb");
	assert_non_null(f);
	assert_int_equal(fwrite(data, 1, len, f), len);
	fclose(f);
	return path;
}

static void remove_temp(char *path)
{
	char *slash = strrchr(path, '/');

	unlink(path);
	*slash = '\0';
	rmdir(path);
	free(path);
}

/*
 * Audit the evidence with the shipped catalog: every daemon.* rule must
 * report `error` (want_error) or none may; no message or location may
 * hold secret.
 */
static void evaluate(struct cca_evidence *e, bool want_error, const char *secret)
{
	struct cca_catalog *cat = ts_shipped_catalog();
	struct cca_error err;
	struct cca_profile *all = cca_profile_new(cat, "all", &err);
	struct cca_eval *ev = cca_eval_new(cat, all);

	cca_eval_run_checks(ev, e, "t");
	cca_eval_finish(ev, TODAY);
	for (size_t i = 0; i < cca_catalog_nrules(cat); i++) {
		const struct cca_rule *r = cca_catalog_rule(cat, i);
		const struct cca_rule_result *res = cca_eval_rule(ev, i);

		if (!r->check || strncmp(r->id, "daemon.", 7) != 0)
			continue;
		if ((res->status == CCA_ERROR) != want_error)
			fail_msg("%s is %s: %s", r->id, cca_status_name(res->status), res->message);
		if (secret && strstr(res->message, secret))
			fail_msg("%s shows the secret: %s", r->id, res->message);
	}
	for (size_t k = 0; k < cca_eval_nfindings(ev); k++) {
		const struct cca_finding *f = cca_eval_finding(ev, k);

		if (secret && (strstr(f->message, secret) || strstr(f->location, secret)))
			fail_msg("a finding shows the secret: %s (%s)", f->message, f->location);
	}
	for (size_t i = 0; secret && i < cca_evidence_count(e); i++) {
		const struct cca_evidence_item *it = cca_evidence_item(e, i);

		if (it->error && strstr(it->error, secret))
			fail_msg("the item error shows the secret: %s", it->error);
	}
	cca_eval_free(ev);
	cca_profile_free(all);
	cca_catalog_free(cat);
}

/* ---- the corpus ------------------------------------------------------------------- */

/* The files of the corpus dockerd refuses, and what it says. */
static const struct {
	const char *file;
	const char *says;
} rejected[] = {
	{ "integration__daemon__testdata__invalid-config-1.json",
	  "don't match any configuration option: unknown-option" },
	{ "integration__daemon__testdata__malformed-config.json", ":2: invalid JSON" },
};

static const char *rejection_of(const char *file)
{
	for (size_t i = 0; i < CCA_ARRAY_SIZE(rejected); i++)
		if (strcmp(rejected[i].file, file) == 0)
			return rejected[i].says;
	return NULL;
}

static void test_corpus_verdicts(void **state)
{
	static const char *const dirs[] = { "daemon-json/docker-cli-docs",
					    "daemon-json/moby-testdata" };
	char *root = ts_corpora();
	size_t total = 0, nrejected = 0;

	(void)state;
	if (!root)
		skip();
	for (size_t di = 0; di < CCA_ARRAY_SIZE(dirs); di++) {
		char *dir = cca_xasprintf("%s/%s", root, dirs[di]);
		size_t n;
		char **names = ts_list_dir(dir, &n);

		for (size_t i = 0; i < n; i++) {
			char *path = cca_xasprintf("%s/%s", dir, names[i]);
			const char *says = rejection_of(names[i]);
			struct cca_evidence *e = cca_evidence_new();
			const struct cca_evidence_item *it;

			cca_evidence_add_daemon_json(e, path);
			assert_int_equal(cca_evidence_count(e), 1);
			it = cca_evidence_item(e, 0);
			if (says) {
				if (!it->error || !strstr(it->error, says) ||
				    !strstr(it->error, path))
					fail_msg("%s: dockerd refuses it, got %s", names[i],
						 it->error ? it->error : "accepted");
				nrejected++;
			} else if (it->error) {
				fail_msg("%s: dockerd accepts it, got %s", names[i], it->error);
			}
			evaluate(e, says != NULL, NULL);
			cca_evidence_free(e);
			free(path);
			total++;
		}
		ts_free_list(names, n);
		free(dir);
	}
	free(root);
	assert_int_equal(nrejected, CCA_ARRAY_SIZE(rejected));
	assert_true(total >= 24);
}

/* The documented lists of every option: each key known, each value read. */
static void test_corpus_all_options(void **state)
{
	char *root = ts_corpora(), *path;
	char *data;
	size_t len;
	struct cca_daemon *d;
	struct cca_error err;

	(void)state;
	if (!root)
		skip();
	path = cca_xasprintf("%s/daemon-json/docker-cli-docs/"
			     "dockerd.md_L1067-1197_reference-linux-all-options.json", root);
	assert_int_equal(cca_file_read(path, CCA_DAEMON_MAX_BYTES, &data, &len, &err), 0);
	assert_int_equal(cca_daemon_parse_json(path, data, len, &d, &err), 0);
	/* the three proxies members count as settings of their own */
	assert_int_equal(d->given.n, 77);
	assert_string_equal(value_of(d, CCA_D_LIVE_RESTORE), "true");
	assert_string_equal(value_of(d, CCA_D_ICC), "false");
	assert_int_equal(cca_daemon_get(d, CCA_D_ICC)->line, 69);
	assert_int_equal(cca_daemon_get_list(d, CCA_DL_ADDRESS_POOLS)->n, 2);
	assert_string_equal(cca_daemon_get_list(d, CCA_DL_ULIMITS)->v[0].value,
			    "nofile=64000:64000");
	assert_int_equal(cca_daemon_get_list(d, CCA_DL_LOG_OPTS)->n, 8);
	cca_daemon_free(d);
	free(data);
	free(path);
	free(root);
}

/* ---- daemon.json: what dockerd accepts ---------------------------------------- */

static void test_json_empty_forms(void **state)
{
	struct cca_daemon *d;

	(void)state;
	d = json_ok("");
	assert_int_equal(d->given.n, 0);
	cca_daemon_free(d);
	cca_daemon_free(json_ok(" \n\t\n"));
	cca_daemon_free(json_ok("null"));
	d = json_ok("\xEF\xBB\xBF{\"icc\": false}");     /* a byte order mark */
	assert_string_equal(value_of(d, CCA_D_ICC), "false");
	cca_daemon_free(d);
	d = json_ok("{\"icc\": null}");                   /* null leaves the default */
	assert_null(cca_daemon_get(d, CCA_D_ICC));
	cca_daemon_free(d);
}

static void test_json_values_and_lines(void **state)
{
	struct cca_daemon *d;

	(void)state;
	d = json_ok("{\n  \"hosts\": [\n    \"unix:///run/docker.sock\",\n"
		    "    \"tcp://0.0.0.0:2376\"\n  ],\n  \"log-level\": \"warn\"\n}\n");
	assert_int_equal(cca_daemon_get_list(d, CCA_DL_HOSTS)->n, 2);
	assert_string_equal(cca_daemon_get_list(d, CCA_DL_HOSTS)->v[1].key, "/hosts/1");
	assert_int_equal(cca_daemon_get_list(d, CCA_DL_HOSTS)->v[1].line, 4);
	assert_int_equal(cca_daemon_get(d, CCA_D_LOG_LEVEL)->line, 6);
	cca_daemon_free(d);
	d = json_ok("{\"proxies\": {\"http-proxy\": \"http://p:3128\"}, \"features\": {\"cdi\": true}}");
	assert_int_equal(d->given.n, 2);
	cca_daemon_free(d);
}

/* ---- daemon.json: bad input --------------------------------------------------------- */

static void test_json_truncated(void **state)
{
	(void)state;
	json_bad("{\n  \"icc\": false,\n  \"hosts\": [\"unix:///x\"", "t.json:3: invalid JSON");
	json_bad("{\n", "t.json:2: invalid JSON");
	json_bad("{\"icc\": fal", "t.json:1: invalid JSON");
}

static void test_json_binary_and_utf8(void **state)
{
	(void)state;
	json_bad_n("{\"icc\": false}\0\x01\x02", 17, "t.json:1: invalid JSON: a NUL byte");
	json_bad_n("{\n\n\0}", 5, "t.json:3: invalid JSON: a NUL byte");
	json_bad("\x7f" "ELF\x02\x01\x01", "t.json:1: invalid JSON");
	json_bad("{\"labels\": [\"caf\xe9\"]}", "t.json:1: invalid JSON");
	json_bad("{\"labels\": [\"\xed\xa0\x80\"]}", "t.json:1: invalid JSON");
	json_bad("{\"labels\": [\"\\ud800\"]}", "t.json:1: invalid JSON");
}

static void test_json_wrong_types(void **state)
{
	(void)state;
	json_bad("{\n  \"icc\": \"no\"\n}", "t.json:2: json: cannot unmarshal string into Go "
		 "struct field Config.icc of type bool");
	json_bad("{\"live-restore\": 1}", "cannot unmarshal number into Go struct field "
		 "Config.live-restore of type bool");
	json_bad("{\"hosts\": \"tcp://0.0.0.0:2375\"}", "Config.hosts of type []string");
	json_bad("{\n\"hosts\": [\n1]}", "t.json:3: json: cannot unmarshal number");
	json_bad("{\"log-level\": [\"debug\"]}", "Config.log-level of type string");
	json_bad("{\"mtu\": \"1500\"}", "Config.mtu of type int");
	json_bad("{\"mtu\": 1.5}", "Config.mtu of type int");
	json_bad("{\"log-opts\": {\"max-size\": 10}}", "Config.log-opts of type string");
	json_bad("{\"log-opts\": []}", "map[string]string");
	json_bad("{\"default-ulimits\": {\"nofile\": {\"Soft\": \"x\"}}}",
		 "default-ulimits.Soft of type int64");
	json_bad("{\"default-ulimits\": {\"nofile\": 5}}", "units.Ulimit");
	json_bad("{\"default-address-pools\": [{\"base\": 10}]}",
		 "default-address-pools.base of type netip.Prefix");
	json_bad("{\"default-address-pools\": {\"base\": \"10.0.0.0/8\"}}",
		 "[]*address.NetworkToSplit");
	json_bad("{\"features\": {\"cdi\": \"yes\"}}", "Config.features of type bool");
	json_bad("{\"runtimes\": []}", "map[string]interface {}");
	json_bad("{\"proxies\": \"http://p\"}", "proxies");
	json_bad("[]", "t.json:1: json: cannot unmarshal array into Go value");
	json_bad("\"icc\"", "cannot unmarshal string into Go value");
	json_bad("true", "cannot unmarshal bool into Go value");
}

static void test_json_unknown_keys(void **state)
{
	(void)state;
	json_bad("{\"icc\": false, \"cluster-store\": \"consul://x\", \"graph\": \"/d\"}",
		 "the following directives don't match any configuration option: "
		 "cluster-store, graph");
	json_bad("{\"proxies\": {\"http-proxy\": \"http://p\", \"bogus\": 1}}", ": bogus");
	/* flags that are no settings are not keys either */
	json_bad("{\"config-file\": \"/etc/docker/other.json\"}", "config-file");
	json_bad("{\"validate\": true}", "validate");
}

/* Hostile values: deep nesting, huge files, many keys. */
static void test_json_hostile(void **state)
{
	struct cca_buf b;
	struct cca_evidence *e;
	char *path;

	(void)state;
	/* nesting deeper than the JSON reader allows */
	cca_buf_init(&b);
	cca_buf_puts(&b, "{\"builder\": ");
	for (int i = 0; i < 5000; i++)
		cca_buf_puts(&b, "{\"a\": ");
	json_bad(cca_buf_str(&b), "t.json:1: invalid JSON");
	cca_buf_release(&b);
	/* deep but allowed: read, the rest bounded */
	cca_buf_init(&b);
	cca_buf_puts(&b, "{\"builder\": ");
	for (int i = 0; i < 1000; i++)
		cca_buf_puts(&b, "[");
	for (int i = 0; i < 1000; i++)
		cca_buf_puts(&b, "]");
	cca_buf_puts(&b, "}");
	json_bad(cca_buf_str(&b), "Config.builder of type map[string]interface {}");
	cca_buf_release(&b);
	/* past the size cap: an item error naming the file, the audit goes on */
	cca_buf_init(&b);
	cca_buf_puts(&b, "{\"labels\": [");
	while (b.len < CCA_DAEMON_MAX_BYTES + 10)
		cca_buf_puts(&b, "\"x=yyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyy\",");
	cca_buf_puts(&b, "\"z=1\"]}");
	path = temp_file("daemon.json", b.data, b.len);
	cca_buf_release(&b);
	e = cca_evidence_new();
	cca_evidence_add_daemon_json(e, path);
	cca_evidence_add_dockerd_args(e, "--live-restore");
	assert_non_null(cca_evidence_item(e, 0)->error);
	assert_non_null(strstr(cca_evidence_item(e, 0)->error, "larger than the limit"));
	assert_non_null(strstr(cca_evidence_item(e, 0)->error, path));
	assert_null(cca_evidence_item(e, 1)->error);
	cca_evidence_free(e);
	remove_temp(path);
	/* a file that is not there */
	e = cca_evidence_new();
	cca_evidence_add_daemon_json(e, "/nonexistent/daemon.json");
	assert_non_null(strstr(cca_evidence_item(e, 0)->error, "/nonexistent/daemon.json"));
	evaluate(e, true, NULL);
	cca_evidence_free(e);
}

/* A file that cannot be read is an item whose daemon rules report error. */
static void test_json_error_item(void **state)
{
	static const char bad[] = "{\n  \"icc\": false,\n  \"log-level\": 3\n}\n";
	char *path = temp_file("daemon.json", bad, sizeof bad - 1);
	struct cca_evidence *e = cca_evidence_new();
	const struct cca_evidence_item *it;
	char *want = cca_xasprintf("%s:3: json: cannot unmarshal number", path);

	(void)state;
	cca_evidence_add_daemon_json(e, path);
	it = cca_evidence_item(e, 0);
	assert_non_null(it->error);
	if (!strstr(it->error, want))
		fail_msg("%s lacks %s", it->error, want);
	assert_string_not_equal(it->sha256, "");
	evaluate(e, true, NULL);
	cca_evidence_free(e);
	free(want);
	remove_temp(path);
}

/* ---- systemd units ----------------------------------------------------------------- */

static void test_unit_quoting(void **state)
{
	struct cca_daemon *d;

	(void)state;
	/* quotes, escapes, %% and variables as systemd reads them */
	d = unit_ok("[Service]\n"
		    "Environment=\"LVL=warn\" 'OPTS=--icc=false --iptables=true'\n"
		    "ExecStart=-/usr/bin/dockerd \"--log-level\"=${LVL} $OPTS \\\n"
		    "  --label 'a b' --label \"x\\x41%%\" --bip=\"10.1.0.1/24\"\n");
	assert_true(d->has_exec);
	assert_string_equal(value_of(d, CCA_D_LOG_LEVEL), "warn");
	assert_string_equal(value_of(d, CCA_D_ICC), "false");
	assert_string_equal(value_of(d, CCA_D_IPTABLES), "true");
	assert_string_equal(value_of(d, CCA_D_BIP), "10.1.0.1/24");
	assert_int_equal(cca_daemon_get(d, CCA_D_BIP)->line, 3);
	assert_string_equal(d->given.v[d->given.n - 2].value, "labels=xA%");
	cca_daemon_free(d);
	/* the last ExecStart wins; an empty one resets */
	d = unit_ok("[Service]\nExecStart=/usr/bin/dockerd --icc=true\nExecStart=\n"
		    "ExecStart=/usr/bin/dockerd --icc=false\n[Install]\nExecStart=/bin/false\n");
	assert_string_equal(value_of(d, CCA_D_ICC), "false");
	cca_daemon_free(d);
	/* Environment only: no command line */
	d = unit_ok("[Service]\nEnvironment=A=1\n");
	assert_false(d->has_exec);
	cca_daemon_free(d);
}

static void test_unit_odd_quoting(void **state)
{
	(void)state;
	unit_bad("[Service]\nExecStart=/usr/bin/dockerd \"--icc=false\n",
		 "t.service:2: unterminated double quote");
	unit_bad("[Service]\nExecStart=/usr/bin/dockerd \\\n  --label 'a b\n",
		 "t.service:2: unterminated single quote");
	unit_bad("[Service]\nExecStart=/usr/bin/dockerd --label \\q\n",
		 "t.service:2: bad escape '\\q'");
	unit_bad("[Service]\nExecStart=/usr/bin/dockerd --label \\x0\n", "t.service:2: bad escape");
	unit_bad("[Service]\nExecStart=/usr/bin/dockerd --label=${X\n",
		 "t.service:2: unterminated '${'");
	unit_bad("[Service]\nExecStart=/usr/bin/dockerd \\\n", "t.service:2: the file ends in "
		 "a line continuation");
	unit_bad("[Service\nExecStart=/usr/bin/dockerd\n", "t.service:1: unterminated section");
	unit_bad("[Service]\nthis is no assignment\n", "t.service:2: not an assignment");
	unit_bad("[Service]\nExecStart=/bin/sh -c 'dockerd --icc=false'\n",
		 "t.service:2: ExecStart runs '/bin/sh', not dockerd");
	unit_bad("[Service]\n\nExecStart=/usr/bin/dockerd --icc=maybe\n",
		 "t.service:3: invalid argument \"maybe\" for \"--icc\" flag");
	unit_bad("[Service]\nExecStart=/usr/bin/dockerd --bogus\n",
		 "t.service:2: unknown flag: --bogus");
	unit_bad("[Service]\nExecStart=/usr/bin/dockerd --log-level\n",
		 "t.service:2: flag needs an argument: --log-level");
	unit_bad("[Service]\nExecStart=/usr/bin/dockerd run\n", "t.service:2: dockerd takes no "
		 "argument 'run'");
}

static void test_unit_binary_and_huge(void **state)
{
	struct cca_buf b;
	struct cca_evidence *e;
	char *path;

	(void)state;
	unit_bad_n("[Service]\nExecStart=/usr/bin/dockerd\0\n",
		   sizeof "[Service]\nExecStart=/usr/bin/dockerd\0\n" - 1, "t.service: not a text file");
	unit_bad("[Service]\nExecStart=/usr/bin/dockerd --label=caf\xe9\n",
		 "t.service: not a text file");
	/* more words than a command line may have */
	cca_buf_init(&b);
	cca_buf_puts(&b, "[Service]\nExecStart=/usr/bin/dockerd");
	for (int i = 0; i < CCA_DAEMON_MAX_ARGS + 10; i++)
		cca_buf_puts(&b, " -D");
	unit_bad(cca_buf_str(&b), "t.service:2: more than 4096 words");
	cca_buf_release(&b);
	/* past the size cap */
	cca_buf_init(&b);
	cca_buf_puts(&b, "[Service]\n");
	while (b.len <= CCA_DAEMON_MAX_BYTES)
		cca_buf_puts(&b, "# padding padding padding padding padding padding padding\n");
	path = temp_file("docker.service", b.data, b.len);
	cca_buf_release(&b);
	e = cca_evidence_new();
	cca_evidence_add_dockerd_unit(e, path);
	assert_non_null(strstr(cca_evidence_item(e, 0)->error, "larger than the limit"));
	evaluate(e, true, NULL);
	cca_evidence_free(e);
	remove_temp(path);
}

/* ---- dockerd flags as a string -------------------------------------------------------- */

static void test_args(void **state)
{
	struct cca_daemon *d = NULL;
	struct cca_error err;
	struct cca_evidence *e;
	char *big;

	(void)state;
	assert_int_equal(cca_daemon_parse_args("dockerd flags", "/usr/bin/dockerd -H 'tcp://0.0.0.0:2376'"
					       " --tlsverify -l\"debug\" --icc=0 -D", &d, &err), 0);
	assert_string_equal(cca_daemon_get_list(d, CCA_DL_HOSTS)->v[0].value, "tcp://0.0.0.0:2376");
	assert_string_equal(value_of(d, CCA_D_TLSVERIFY), "true");
	assert_string_equal(value_of(d, CCA_D_LOG_LEVEL), "debug");
	assert_string_equal(value_of(d, CCA_D_ICC), "false");
	assert_string_equal(value_of(d, CCA_D_DEBUG), "true");
	cca_daemon_free(d);
	args_bad("--label 'a b", "unterminated single quote");
	args_bad("--label \"a b", "unterminated double quote");
	args_bad("--label a\\", "a backslash ends the command line");
	args_bad("--nope", "unknown flag: --nope");
	args_bad("-Z", "unknown flag: -Z");
	args_bad("--mtu=big", "invalid argument \"big\" for \"--mtu\" flag");
	args_bad("--default-ulimit nofile", "expected NAME=VALUE");
	args_bad("--default-address-pool 10.0.0.0/8", "expected base=CIDR,size=N");
	args_bad("--proxies x", "unknown flag: --proxies");
	/* too long: an item error, the audit goes on */
	big = malloc(CCA_DAEMON_MAX_BYTES + 2);
	assert_non_null(big);
	memset(big, 'D', CCA_DAEMON_MAX_BYTES + 1);
	big[0] = '-';
	big[CCA_DAEMON_MAX_BYTES + 1] = '\0';
	e = cca_evidence_new();
	cca_evidence_add_dockerd_args(e, big);
	assert_non_null(strstr(cca_evidence_item(e, 0)->error, "longer than 1 MiB"));
	evaluate(e, true, NULL);
	cca_evidence_free(e);
	free(big);
}

/* ---- merging ------------------------------------------------------------------------ */

/* An Environment-only drop-in beside the unit that runs dockerd says nothing. */
static void test_env_dropin_beside_unit(void **state)
{
	static const char unit[] = "[Service]\nExecStart=/usr/bin/dockerd --live-restore\n";
	static const char env[] = "[Service]\nEnvironment=HTTP_PROXY=http://p:3128\n";
	char *u = temp_file("docker.service", unit, sizeof unit - 1);
	char *dir = cca_xasprintf("%.*s/docker.service.d", (int)(strrchr(u, '/') - u), u);
	char *dropin = cca_xasprintf("%s/proxy.conf", dir);
	struct cca_evidence *e = cca_evidence_new();
	FILE *f;

	(void)state;
	assert_int_equal(mkdir(dir, 0755), 0);
	f = fopen(dropin, "w");
	assert_non_null(f);
	fputs(env, f);
	fclose(f);
	assert_true(cca_dockerd_unit_path(dropin));
	cca_evidence_add_dockerd_unit(e, u);
	cca_evidence_add_dockerd_unit(e, dropin);
	assert_string_equal(((const struct cca_daemon *)cca_evidence_item(e, 1)->model)->judged_at,
			    u);
	{
		struct cca_catalog *cat = ts_shipped_catalog();
		struct cca_error err;
		struct cca_profile *all = cca_profile_new(cat, "all", &err);
		struct cca_eval *ev = cca_eval_new(cat, all);

		cca_eval_run_checks(ev, e, "t");
		cca_eval_finish(ev, TODAY);
		assert_int_equal(cca_eval_rule(ev, (size_t)cca_catalog_find_rule(cat,
				 "daemon.live-restore"))->status, CCA_PASS);
		cca_eval_free(ev);
		cca_profile_free(all);
		cca_catalog_free(cat);
	}
	cca_evidence_free(e);
	unlink(dropin);
	rmdir(dir);
	free(dropin);
	free(dir);
	remove_temp(u);
}

/* ---- secrets ---------------------------------------------------------------------------- */

#define PASSWORD "Pr0xyPassw0rd-9f8e7d"
#define TOKEN "ghp_" "aB3dE5fG7hJ9kL1mN3pQ5rS7tU9vW1xY3zA5"

static void test_secrets_masked(void **state)
{
	static const char json[] =
		"{\n  \"proxies\": {\n    \"http-proxy\": \"http://svc:" PASSWORD "@proxy:3128\"\n  },\n"
		"  \"registry-mirrors\": [\"http://ci:" PASSWORD "@mirror.lan\"],\n"
		"  \"insecure-registries\": [\"http://ci:" PASSWORD "@registry.lan:5000\"],\n"
		"  \"log-opts\": {\"splunk-token\": \"" PASSWORD "\", \"tag\": \"" TOKEN "\"},\n"
		"  \"labels\": [\"deploy=" TOKEN "\"]\n}\n";
	char *path = temp_file("daemon.json", json, sizeof json - 1);
	struct cca_evidence *e = cca_evidence_new();
	const struct cca_daemon *d;

	(void)state;
	cca_evidence_add_daemon_json(e, path);
	assert_null(cca_evidence_item(e, 0)->error);
	d = cca_evidence_item(e, 0)->model;
	for (size_t i = 0; i < d->given.n; i++) {
		assert_null(strstr(d->given.v[i].value, PASSWORD));
		assert_null(strstr(d->given.v[i].value, TOKEN));
	}
	/* the URL stays recognisable: the mirror is still plain HTTP */
	assert_non_null(strstr(cca_daemon_get_list(d, CCA_DL_REGISTRY_MIRRORS)->v[0].value,
			       "http://"));
	evaluate(e, false, PASSWORD);
	evaluate(e, false, TOKEN);
	cca_evidence_free(e);
	remove_temp(path);
	/* in flags, and in the messages about bad ones */
	e = cca_evidence_new();
	cca_evidence_add_dockerd_args(e, "--log-opt splunk-token=" PASSWORD
				      " --registry-mirror http://u:" PASSWORD "@m.lan");
	assert_null(cca_evidence_item(e, 0)->error);
	evaluate(e, false, PASSWORD);
	cca_evidence_free(e);
	e = cca_evidence_new();
	cca_evidence_add_dockerd_args(e, "--icc=" TOKEN);
	assert_non_null(cca_evidence_item(e, 0)->error);
	evaluate(e, true, TOKEN);
	cca_evidence_free(e);
	e = cca_evidence_new();
	path = temp_file("daemon.json", "{\"icc\": " TOKEN "}", strlen("{\"icc\": " TOKEN "}"));
	cca_evidence_add_daemon_json(e, path);
	assert_non_null(cca_evidence_item(e, 0)->error);
	evaluate(e, true, TOKEN);
	cca_evidence_free(e);
	remove_temp(path);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_corpus_verdicts),
		cmocka_unit_test(test_corpus_all_options),
		cmocka_unit_test(test_json_empty_forms),
		cmocka_unit_test(test_json_values_and_lines),
		cmocka_unit_test(test_json_truncated),
		cmocka_unit_test(test_json_binary_and_utf8),
		cmocka_unit_test(test_json_wrong_types),
		cmocka_unit_test(test_json_unknown_keys),
		cmocka_unit_test(test_json_hostile),
		cmocka_unit_test(test_json_error_item),
		cmocka_unit_test(test_unit_quoting),
		cmocka_unit_test(test_unit_odd_quoting),
		cmocka_unit_test(test_unit_binary_and_huge),
		cmocka_unit_test(test_args),
		cmocka_unit_test(test_env_dropin_beside_unit),
		cmocka_unit_test(test_secrets_masked),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
