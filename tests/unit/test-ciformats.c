/*
 * test-ciformats.c - the CI renderers (SARIF, JUnit, CSV, Markdown) on
 * evaluations built by hand over the shipped catalog: what no example
 * project produces yet (image and configuration locations, findings on
 * several targets, expired suppressions, hostile text, huge runs).
 * tests/cli/ciformats.sh covers them end to end on real audits.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <jansson.h>
#include <libxml/parser.h>
#include <libxml/tree.h>

#include "ccaudit/catalog.h"
#include "ccaudit/engine.h"
#include "ccaudit/report.h"
#include "ccaudit/util.h"
#include "test-support.h"

#define TODAY 20000  /* 2024-10-04 */

struct fx {
	struct cca_catalog *cat;
	struct cca_profile *p;
	struct cca_eval *ev;
	struct cca_report *r;
	struct cca_waiver w[4];
	struct cca_attestation a[2];
	struct cca_buf out;
};

/* A fixture over the shipped catalog, profile "all", target "run". */
static int setup(void **state)
{
	struct fx *f = cca_xcalloc(1, sizeof *f);
	struct cca_error err;

	cca_error_clear(&err);
	f->cat = ts_shipped_catalog();
	f->p = cca_profile_new(f->cat, "all", &err);
	assert_non_null(f->p);
	f->ev = cca_eval_new(f->cat, f->p);
	cca_eval_set_target(f->ev, "run");
	cca_buf_init(&f->out);
	*state = f;
	return 0;
}

/* Free what setup and the test made. */
static int teardown(void **state)
{
	struct fx *f = *state;

	cca_buf_release(&f->out);
	cca_report_free(f->r);
	cca_eval_free(f->ev);
	cca_profile_free(f->p);
	cca_catalog_free(f->cat);
	free(f);
	return 0;
}

/* The catalog index of rule id (which must exist). */
static size_t rule(struct fx *f, const char *id)
{
	long i = cca_catalog_find_rule(f->cat, id);

	assert_true(i >= 0);
	return (size_t)i;
}

/* A failure of rule id on target at loc, with an optional suppression. */
static void failure(struct fx *f, const char *id, const char *target, const char *loc,
		    const char *msg, const struct cca_waiver *supp)
{
	cca_eval_add_finding(f->ev, rule(f, id), target, CCA_FAIL, loc, msg, supp);
}

/* The waiver slot i set up for rule id, in force until expires. */
static struct cca_waiver *waiver(struct fx *f, size_t i, const char *id, int64_t expires)
{
	struct cca_waiver *w = &f->w[i];

	w->rule_id = (char *)id;
	w->by = (char *)"a comment at Dockerfile:4";
	w->reason = (char *)"accepted <for now>";
	w->date = CCA_NO_DATE;
	w->expires = expires;
	w->file = (char *)"Dockerfile";
	w->line = 4;
	return w;
}

/* Finish the evaluation and render format fmt into f->out (cleared). */
static void render(struct fx *f, enum cca_format fmt, bool github)
{
	struct cca_render_opts o = { .sarif_github = github };
	struct cca_error err;

	if (!f->r) {
		cca_eval_finish(f->ev, TODAY);
		f->r = cca_report_new(f->ev);
		cca_report_set_target(f->r, "run");
		cca_report_set_time(f->r, 0);
	}
	cca_buf_reset(&f->out);
	cca_error_clear(&err);
	if (cca_report_render(f->r, fmt, &o, &f->out, &err) < 0)
		fail_msg("rendering %s: %s", cca_format_name(fmt), err.msg);
}

/* The SARIF in f->out, parsed; the caller json_decref()s it. */
static json_t *sarif_doc(struct fx *f)
{
	json_error_t je;
	json_t *doc = json_loads(cca_buf_str(&f->out), 0, &je);

	if (!doc)
		fail_msg("SARIF is not JSON: %s at line %d", je.text, je.line);
	return doc;
}

/* The results array of the only run of doc. */
static json_t *results(json_t *doc)
{
	return json_object_get(json_array_get(json_object_get(doc, "runs"), 0), "results");
}

/* The result whose properties.location is loc, or NULL. */
static json_t *result_at(json_t *doc, const char *loc)
{
	size_t i;
	json_t *res;

	json_array_foreach(results(doc), i, res) {
		json_t *l = json_object_get(json_object_get(res, "properties"), "location");

		if (l && strcmp(json_string_value(l), loc) == 0)
			return res;
	}
	return NULL;
}

/* The string at a path of object keys and array indexes ("locations/0/..."). */
static const char *str_at(json_t *j, const char *path)
{
	char *copy = cca_xstrdup(path), *save = NULL;

	for (char *t = strtok_r(copy, "/", &save); t && j; t = strtok_r(NULL, "/", &save))
		j = json_is_array(j) ? json_array_get(j, strtoul(t, NULL, 10))
				     : json_object_get(j, t);
	free(copy);
	return j ? (json_is_string(j) ? json_string_value(j) : "") : NULL;
}

/* The integer at path, or -1. */
static long long int_at(json_t *j, const char *path)
{
	char *copy = cca_xstrdup(path), *save = NULL;

	for (char *t = strtok_r(copy, "/", &save); t && j; t = strtok_r(NULL, "/", &save))
		j = json_is_array(j) ? json_array_get(j, strtoul(t, NULL, 10))
				     : json_object_get(j, t);
	free(copy);
	return json_is_integer(j) ? json_integer_value(j) : -1;
}

/* ---- SARIF ------------------------------------------------------------------ */

/*
 * "path:N", "path", "./path", an absolute path, "file: key" and an image
 * location become the right URI, region and logical location; GitHub gets
 * only the results with a file.
 */
static void test_sarif_location_forms(void **state)
{
	struct fx *f = *state;
	json_t *doc, *res;

	failure(f, "dockerfile.user-root", "img", "layer 3: /etc/shadow", "m1", NULL);
	failure(f, "dockerfile.user-root", "img", "daemon.json: icc", "m2", NULL);
	failure(f, "dockerfile.user-root", "img", "/abs/Docker file:7", "m3", NULL);
	failure(f, "dockerfile.user-root", "img", "Dockerfile:12", "m4", NULL);
	failure(f, "dockerfile.user-root", "img", "./sub/Dockerfile", "m5", NULL);
	render(f, CCA_FMT_SARIF, false);
	doc = sarif_doc(f);

	res = result_at(doc, "layer 3: /etc/shadow");
	assert_non_null(res);
	assert_null(str_at(res, "locations/0/physicalLocation"));
	assert_string_equal(str_at(res, "locations/0/logicalLocations/0/fullyQualifiedName"),
			    "layer 3: /etc/shadow");

	res = result_at(doc, "daemon.json: icc");
	assert_string_equal(str_at(res, "locations/0/physicalLocation/artifactLocation/uri"),
			    "daemon.json");
	assert_int_equal(int_at(res, "locations/0/physicalLocation/region/startLine"), 1);
	assert_string_equal(str_at(res, "locations/0/logicalLocations/0/fullyQualifiedName"), "icc");

	res = result_at(doc, "/abs/Docker file:7");
	assert_string_equal(str_at(res, "locations/0/physicalLocation/artifactLocation/uri"),
			    "file:///abs/Docker%20file");
	assert_null(str_at(res, "locations/0/physicalLocation/artifactLocation/uriBaseId"));
	assert_int_equal(int_at(res, "locations/0/physicalLocation/region/startLine"), 7);
	assert_int_equal(int_at(res, "locations/0/physicalLocation/region/endLine"), 7);
	assert_int_equal(int_at(res, "locations/0/physicalLocation/region/startColumn"), 1);
	assert_int_equal(int_at(res, "locations/0/physicalLocation/region/endColumn"), 2);

	res = result_at(doc, "Dockerfile:12");
	assert_string_equal(str_at(res, "locations/0/physicalLocation/artifactLocation/uri"),
			    "Dockerfile");
	assert_string_equal(str_at(res, "locations/0/physicalLocation/artifactLocation/uriBaseId"),
			    "%SRCROOT%");
	assert_int_equal(int_at(res, "locations/0/physicalLocation/region/startLine"), 12);
	assert_string_equal(str_at(res, "level"), "error");   /* high */
	assert_string_equal(str_at(res, "kind"), "fail");

	res = result_at(doc, "./sub/Dockerfile");
	assert_string_equal(str_at(res, "locations/0/physicalLocation/artifactLocation/uri"),
			    "sub/Dockerfile");
	assert_int_equal(int_at(res, "locations/0/physicalLocation/region/startLine"), 1);
	assert_string_equal(str_at(doc, "runs/0/tool/driver/rules/0/properties/security-severity"),
			    "8.0");
	json_decref(doc);

	/* GitHub cannot show a result without a file. */
	render(f, CCA_FMT_SARIF, true);
	doc = sarif_doc(f);
	assert_int_equal(json_array_size(results(doc)), 4);
	assert_null(result_at(doc, "layer 3: /etc/shadow"));
	json_decref(doc);
}

/*
 * A suppression in force is inSource, an expired one suppresses nothing,
 * an answers-file waiver of an attested failure is external and located on
 * the answers file; every result has the key; GitHub gets neither.
 */
static void test_sarif_suppressions(void **state)
{
	struct fx *f = *state;
	struct cca_waiver *live = waiver(f, 0, "dockerfile.add-local", TODAY + 30);
	struct cca_waiver *stale = waiver(f, 1, "dockerfile.add-local", TODAY - 1);
	struct cca_waiver *rulew = waiver(f, 2, "manual.csvs-3.1", TODAY + 30);
	struct cca_attestation *a = &f->a[0];
	json_t *doc, *res;
	size_t i;

	failure(f, "dockerfile.add-local", "run", "Dockerfile:5", "add", live);
	failure(f, "dockerfile.add-local", "run", "Dockerfile:9", "add", stale);
	failure(f, "dockerfile.healthcheck", "run", "Dockerfile:1", "no healthcheck", NULL);
	a->rule_id = (char *)"manual.csvs-3.1";
	a->status = CCA_FAIL;
	a->by = (char *)"Auditor";
	a->date = TODAY - 3;
	a->expires = CCA_NEVER;
	a->file = (char *)"answers.yaml";
	a->line = 17;
	cca_eval_add_attestation(f->ev, a);
	rulew->by = (char *)"CISO";
	rulew->file = (char *)"answers.yaml";
	rulew->line = 30;
	cca_eval_add_waiver(f->ev, rulew);
	render(f, CCA_FMT_SARIF, false);
	doc = sarif_doc(f);

	assert_int_equal(json_array_size(results(doc)), 4);
	json_array_foreach(results(doc), i, res)
		assert_non_null(json_object_get(res, "suppressions"));
	res = result_at(doc, "Dockerfile:5");
	assert_string_equal(str_at(res, "suppressions/0/kind"), "inSource");
	assert_non_null(strstr(str_at(res, "suppressions/0/justification"), "accepted <for now>"));
	assert_int_equal(int_at(res, "suppressions/0/location/physicalLocation/region/startLine"), 4);
	res = result_at(doc, "Dockerfile:9");   /* its suppression expired */
	assert_int_equal(json_array_size(json_object_get(res, "suppressions")), 0);
	res = result_at(doc, "");                /* the attested failure, waived */
	assert_non_null(res);
	assert_string_equal(str_at(res, "ruleId"), "manual.csvs-3.1");
	assert_string_equal(str_at(res, "suppressions/0/kind"), "external");
	assert_string_equal(str_at(res, "locations/0/physicalLocation/artifactLocation/uri"),
			    "answers.yaml");
	assert_int_equal(int_at(res, "locations/0/physicalLocation/region/startLine"), 17);
	json_decref(doc);

	render(f, CCA_FMT_SARIF, true);
	doc = sarif_doc(f);
	assert_int_equal(json_array_size(results(doc)), 2);
	assert_non_null(result_at(doc, "Dockerfile:9"));
	assert_non_null(result_at(doc, "Dockerfile:1"));
	json_array_foreach(results(doc), i, res)
		assert_null(json_object_get(res, "suppressions"));
	json_decref(doc);
}

/* ---- JUnit ------------------------------------------------------------------ */

/* The number of element children of n named name. */
static unsigned long children(xmlNodePtr n, const char *name)
{
	unsigned long c = 0;

	for (xmlNodePtr k = n->children; k; k = k->next)
		c += k->type == XML_ELEMENT_NODE && strcmp((const char *)k->name, name) == 0;
	return c;
}

/* Attribute name of n as a number. */
static unsigned long num_attr(xmlNodePtr n, const char *name)
{
	xmlChar *v = xmlGetProp(n, BAD_CAST name);
	unsigned long x = v ? strtoul((const char *)v, NULL, 10) : (unsigned long)-1;

	xmlFree(v);
	return x;
}

/*
 * A suite per target (the run's first), a case per rule per target, every
 * count the sum of what it holds; control bytes and invalid UTF-8 in a
 * message still give well-formed XML.
 */
static void test_junit_targets_and_counts(void **state)
{
	struct fx *f = *state;
	unsigned long tot[4] = { 0 };
	const char *names[] = { "run", "img-a", "img-b" };
	size_t nsuite = 0;
	xmlDocPtr doc;
	xmlNodePtr root;

	failure(f, "dockerfile.user-root", "img-a", "Dockerfile:3",
		"bad \x01 byte \xff and ]]> <x>", NULL);
	cca_eval_add_finding(f->ev, rule(f, "dockerfile.user-root"), "img-b", CCA_PASS,
			     "Dockerfile:3", "fine", NULL);
	cca_eval_add_finding(f->ev, rule(f, "dockerfile.sudo"), "run", CCA_ERROR,
			     "Dockerfile", "cannot read", NULL);
	render(f, CCA_FMT_JUNIT, false);
	doc = xmlReadMemory(f->out.data, (int)f->out.len, "junit.xml", NULL, XML_PARSE_NONET);
	assert_non_null(doc);
	root = xmlDocGetRootElement(doc);
	assert_string_equal((const char *)root->name, "testsuites");
	for (xmlNodePtr s = root->children; s; s = s->next) {
		unsigned long n[4] = { 0 };
		xmlChar *name;

		if (s->type != XML_ELEMENT_NODE)
			continue;
		name = xmlGetProp(s, BAD_CAST "name");
		assert_true(nsuite < 3);
		assert_string_equal((const char *)name, names[nsuite++]);
		xmlFree(name);
		for (xmlNodePtr c = s->children; c; c = c->next) {
			if (c->type != XML_ELEMENT_NODE || strcmp((const char *)c->name, "testcase"))
				continue;
			n[0]++;
			n[1] += children(c, "failure");
			n[2] += children(c, "error");
			n[3] += children(c, "skipped");
		}
		assert_int_equal(num_attr(s, "tests"), n[0]);
		assert_int_equal(num_attr(s, "failures"), n[1]);
		assert_int_equal(num_attr(s, "errors"), n[2]);
		assert_int_equal(num_attr(s, "skipped"), n[3]);
		for (int k = 0; k < 4; k++)
			tot[k] += n[k];
		if (nsuite == 2)
			assert_int_equal(n[1], 1);   /* img-a: user-root fails */
		if (nsuite == 3)
			assert_int_equal(n[0] - n[1] - n[2] - n[3], 1);   /* img-b passes */
	}
	assert_int_equal(nsuite, 3);
	assert_int_equal(num_attr(root, "tests"), tot[0]);
	assert_int_equal(num_attr(root, "failures"), tot[1]);
	assert_int_equal(num_attr(root, "errors"), tot[2]);
	assert_int_equal(tot[2], 1);
	assert_int_equal(num_attr(root, "skipped"), tot[3]);
	/* Every rule once on the run, and user-root once more. */
	assert_int_equal(tot[0], cca_catalog_nrules(f->cat) + 1);
	xmlFreeDoc(doc);
}

/* ---- CSV -------------------------------------------------------------------- */

/* RFC 4180 quoting of CR LF, commas and quotes; formula prefixes quoted. */
static void test_csv_quoting_and_formulas(void **state)
{
	struct fx *f = *state;
	const char *head = "rule,title,severity,status,observed,waived,waiver,target,"
			   "location,message,fingerprint,controls,roles,lifecycle,owner,due\r\n";
	const char *s;

	failure(f, "dockerfile.user-root", "@t", "-x:3", "line1\r\nline2, \"q\"", NULL);
	failure(f, "dockerfile.sudo", "run", "Dockerfile:2", "=1+1", NULL);
	render(f, CCA_FMT_CSV, false);
	s = cca_buf_str(&f->out);
	assert_non_null(strstr(s, ",'@t,'-x:3,\"line1\r\nline2, \"\"q\"\"\","));
	assert_non_null(strstr(s, ",run,Dockerfile:2,'=1+1,"));
	assert_int_equal(strncmp(s, head, strlen(head)), 0);
}

/* ---- Markdown --------------------------------------------------------------- */

/*
 * Every line of s ends in LF and is shorter than 4000 bytes, and every
 * table row has the unescaped pipes of a 4-, 5- or 7-column table.
 */
static void assert_rows(const char *s)
{
	for (const char *l = s; *l; l = strchr(l, '\n') + 1) {
		const char *e = strchr(l, '\n');
		unsigned pipes = 0;

		assert_non_null(e);   /* every line ends */
		if (strncmp(l, "| ", 2) == 0) {
			for (const char *p = l; p < e; p++)
				pipes += *p == '|' && (p == l || p[-1] != '\\');
			assert_true(pipes == 5 || pipes == 6 || pipes == 8);
		}
		assert_true(e - l < 4000);
	}
}

/*
 * 3000 failures with 3000-byte messages and 3000 waived ones: under
 * 65,000 bytes, both lists cut with a count, cells cut and escaped, rows
 * intact, no mention and no issue link.
 */
static void test_md_limit_and_escaping(void **state)
{
	struct fx *f = *state;
	struct cca_waiver *live = waiver(f, 0, "dockerfile.add-local", TODAY + 30);
	char *big = cca_xmalloc(3001);
	const char *s;

	live->reason = (char *)"ok @someone #12";
	for (int i = 0; i < 3000; i++)
		big[i] = "a|b\n<c>*"[i % 8];
	big[3000] = '\0';
	for (int i = 0; i < 3000; i++) {
		char loc[32];

		snprintf(loc, sizeof loc, "Dockerfile:%d", i + 1);
		failure(f, "dockerfile.user-root", "run", loc, big, NULL);
		failure(f, "dockerfile.add-local", "run", loc, "add", live);
	}
	render(f, CCA_FMT_MD, false);
	s = cca_buf_str(&f->out);
	assert_true(f->out.len < 65000);
	assert_non_null(strstr(s, " more findings (see the full report)\n"));
	assert_non_null(strstr(s, " more waivers (see the full report)\n"));
	assert_non_null(strstr(s, "### Failures (3000)"));
	assert_non_null(strstr(s, "a\\|b \\<c\\>\\*"));
	assert_null(strstr(s, "<c>"));
	assert_non_null(strstr(s, "@\xE2\x80\x8Bsomeone \\#\xE2\x80\x8B" "12"));
	assert_rows(s);
	free(big);
}

/* Run every test with a fresh fixture. */
int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_sarif_location_forms, setup, teardown),
		cmocka_unit_test_setup_teardown(test_sarif_suppressions, setup, teardown),
		cmocka_unit_test_setup_teardown(test_junit_targets_and_counts, setup, teardown),
		cmocka_unit_test_setup_teardown(test_csv_quoting_and_formulas, setup, teardown),
		cmocka_unit_test_setup_teardown(test_md_limit_and_escaping, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
