/*
 * test-checklist.c - the checklist renderer (src/report/checklist.c):
 * what is listed (level and role filters), and that every format escapes
 * catalog text and loads back in its consumer (jansson for JSON, the
 * answers reader for the YAML template).
 *
 * Fixtures: tests/fixtures/catalog/mini.xml (levels and roles) and
 * tests/fixtures/catalog/checklist.xml (hostile text), found through
 * CCA_FIXTURES; the schema through top_srcdir.
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
#include <jansson.h>

#include "ccaudit/catalog.h"
#include "ccaudit/checks.h"
#include "ccaudit/engine.h"
#include "ccaudit/report.h"
#include "ccaudit/util.h"
#include "fake-check.h"

/* The path of fixture rel under CCA_FIXTURES (or tests/fixtures); free it. */
static char *fixture(const char *rel)
{
	const char *dir = getenv("CCA_FIXTURES");

	return cca_xasprintf("%s/%s", dir && *dir ? dir : "tests/fixtures", rel);
}

/* A finished catalog from the catalog file at path; fails the test otherwise. */
static struct cca_catalog *load_path(const char *path)
{
	const char *top = getenv("top_srcdir");
	char *xsd = cca_xasprintf("%s/catalogs/catalog.xsd", top && *top ? top : ".");
	struct cca_catalog *cat = cca_catalog_new(xsd);
	struct cca_error err;

	cca_error_clear(&err);
	if (cca_catalog_load(cat, path, &err) < 0 || cca_catalog_finish(cat, &err) < 0)
		fail_msg("loading '%s': %s", path, err.msg);
	free(xsd);
	return cat;
}

/* A finished catalog from fixture catalog/<name>. */
static struct cca_catalog *load(const char *name)
{
	char *rel = cca_xasprintf("catalog/%s", name);
	char *path = fixture(rel);
	struct cca_catalog *cat = load_path(path);

	free(path);
	free(rel);
	return cat;
}

/* The built-in profile name, optionally role-filtered (roles 0: none). */
static struct cca_profile *profile(const struct cca_catalog *cat,
				   const char *name, unsigned roles)
{
	struct cca_error err;
	struct cca_profile *p = cca_profile_new(cat, name, &err);

	if (!p)
		fail_msg("profile '%s': %s", name, err.msg);
	if (roles)
		cca_profile_filter_roles(p, roles);
	return p;
}

/*
 * The checklist of p in fmt (the caller frees it).  Asserts success, a
 * final newline, and that a second rendering is byte-identical.
 */
static char *render(const struct cca_catalog *cat, const struct cca_profile *p,
		    enum cca_checklist_format fmt)
{
	struct cca_buf b, again;
	struct cca_error err;

	cca_buf_init(&b);
	cca_buf_init(&again);
	cca_error_clear(&err);
	assert_int_equal(cca_checklist_render(cat, p, fmt, &b, &err), 0);
	assert_int_equal(cca_checklist_render(cat, p, fmt, &again, &err), 0);
	assert_true(b.len > 0);
	assert_int_equal(b.data[b.len - 1], '\n');
	assert_int_equal(strlen(b.data), b.len);
	assert_string_equal(b.data, again.data);
	cca_buf_release(&again);
	return cca_buf_detach(&b);
}

/* The JSON checklist of p, parsed; fails the test when it is not JSON. */
static json_t *render_json(const struct cca_catalog *cat, const struct cca_profile *p)
{
	char *text = render(cat, p, CCA_CL_JSON);
	json_error_t jerr;
	json_t *root = json_loads(text, JSON_REJECT_DUPLICATES, &jerr);

	if (!root)
		fail_msg("checklist JSON does not parse: line %d: %s\n%s",
			 jerr.line, jerr.text, text);
	free(text);
	return root;
}

/*
 * The control ids of a JSON checklist as " id1 id2 ... " (free it), so a
 * test can look for " csvs-1.2 ".
 */
static char *json_control_ids(json_t *root)
{
	struct cca_buf b;
	json_t *fw, *g, *c;
	size_t i, j, k;

	cca_buf_init(&b);
	cca_buf_putc(&b, ' ');
	json_array_foreach(json_object_get(root, "frameworks"), i, fw)
		json_array_foreach(json_object_get(fw, "groups"), j, g)
			json_array_foreach(json_object_get(g, "controls"), k, c)
				cca_buf_printf(&b, "%s ", json_string_value(json_object_get(c, "id")));
	return cca_buf_detach(&b);
}

/* The number of times needle occurs in hay. */
static size_t count_of(const char *hay, const char *needle)
{
	size_t n = 0;

	for (const char *p = strstr(hay, needle); p; p = strstr(p + 1, needle))
		n++;
	return n;
}

/*
 * Write text to a new temporary file (in TMPDIR, else /tmp) whose name ends
 * in suffix; returns its path (the caller unlinks and frees it).
 */
static char *write_temp(const char *text, const char *suffix)
{
	const char *dir = getenv("TMPDIR");
	char *path = cca_xasprintf("%s/test-checklist-XXXXXX%s",
				   dir && *dir ? dir : "/tmp", suffix);
	int fd = mkstemps(path, (int)strlen(suffix));
	size_t n = strlen(text);

	assert_true(fd >= 0);
	assert_int_equal(write(fd, text, n), (ssize_t)n);
	close(fd);
	return path;
}

/* ---- tests --------------------------------------------------------------- */

static void test_format_parse(void **state)
{
	enum cca_checklist_format f = CCA_CL_TEXT;

	(void)state;
	assert_int_equal(cca_checklist_format_parse("text", &f), 0);
	assert_int_equal(f, CCA_CL_TEXT);
	assert_int_equal(cca_checklist_format_parse("md", &f), 0);
	assert_int_equal(f, CCA_CL_MD);
	assert_int_equal(cca_checklist_format_parse("markdown", &f), 0);
	assert_int_equal(f, CCA_CL_MD);
	assert_int_equal(cca_checklist_format_parse("csv", &f), 0);
	assert_int_equal(f, CCA_CL_CSV);
	assert_int_equal(cca_checklist_format_parse("yaml", &f), 0);
	assert_int_equal(f, CCA_CL_YAML);
	assert_int_equal(cca_checklist_format_parse("json", &f), 0);
	assert_int_equal(f, CCA_CL_JSON);
	assert_int_equal(cca_checklist_format_parse("xml", &f), -1);
	assert_int_equal(cca_checklist_format_parse("", &f), -1);
	assert_int_equal(cca_checklist_format_parse(NULL, &f), -1);
	assert_int_equal(f, CCA_CL_JSON);  /* untouched on failure */
}

/* An unknown format value is a bug of the caller: -1, CCA_EINTERNAL, no output. */
static void test_bad_format(void **state)
{
	struct cca_catalog *cat = load("mini.xml");
	struct cca_profile *p = profile(cat, "csvs-l1", 0);
	struct cca_buf b;
	struct cca_error err;

	(void)state;
	cca_buf_init(&b);
	cca_error_clear(&err);
	assert_int_equal(cca_checklist_render(cat, p, (enum cca_checklist_format)99,
					      &b, &err), -1);
	assert_int_equal(err.code, CCA_EINTERNAL);
	assert_int_equal(b.len, 0);
	cca_buf_release(&b);
	cca_profile_free(p);
	cca_catalog_free(cat);
}

/* A level-2-only control is absent from the level 1 checklist, present at 2. */
static void test_level_filter(void **state)
{
	struct cca_catalog *cat = load("mini.xml");
	struct cca_profile *l1 = profile(cat, "csvs-l1", 0);
	struct cca_profile *l2 = profile(cat, "csvs-l2", 0);
	json_t *j1 = render_json(cat, l1), *j2 = render_json(cat, l2);
	char *ids1 = json_control_ids(j1), *ids2 = json_control_ids(j2);
	char *text1 = render(cat, l1, CCA_CL_TEXT);
	char *md2 = render(cat, l2, CCA_CL_MD);

	(void)state;
	/* csvs-1.2 is levels "2 3", csvs-3.1 is level 3 only. */
	assert_string_equal(ids1, " csvs-1.1 nist-4.1.1 ");
	assert_string_equal(ids2, " csvs-1.1 csvs-1.2 nist-4.1.1 ");
	assert_int_equal(json_integer_value(json_object_get(json_object_get(j1, "checklist"),
							    "level")), 1);
	assert_string_equal(json_string_value(json_object_get(json_object_get(j1, "checklist"),
							      "profile")), "csvs-l1");
	/* Level 1: manual.csvs-1.1, manual.image-scan, manual.operations-review;
	 * manual.csvs-3.1 (level 3) is not selected, so nist-4.1.1 lists two. */
	{
		json_t *counts = json_object_get(json_object_get(j1, "checklist"), "counts");

		assert_int_equal(json_integer_value(json_object_get(counts, "controls")), 2);
		assert_int_equal(json_integer_value(json_object_get(counts, "rules")), 3);
		assert_int_equal(json_integer_value(json_object_get(counts, "automated")), 0);
		assert_int_equal(json_integer_value(json_object_get(counts, "attestation")), 3);
	}
	assert_null(strstr(text1, "manual.csvs-3.1"));
	assert_null(strstr(text1, "Pipeline changes are reviewed"));
	assert_non_null(strstr(text1, "CSVS level 1 checklist\n"));
	assert_non_null(strstr(text1, "[ ] 1.1  Staff are trained in container security"));
	assert_non_null(strstr(text1, "L1 L2 L3\n"));
	assert_non_null(strstr(text1, "Roles:     all (Development, Security, Operations)\n"));
	assert_non_null(strstr(text1, "Rules:     3 (0 automated, 3 attestation)\n"));
	assert_non_null(strstr(text1, "\nV1 Secure configuration of the pipeline\n"));
	assert_non_null(strstr(md2, "# CSVS level 2 checklist\n"));
	assert_non_null(strstr(md2, "\n## OWASP Container Security Verification Standard\n"));
	assert_non_null(strstr(md2, "\n### V1 Secure configuration of the pipeline\n"));
	assert_non_null(strstr(md2, "- [ ] **1.2** Pipeline changes are reviewed — Security"
				    " — L2 L3 — `manual.csvs-1.2` (attestation, medium)\n"));
	free(md2);
	free(text1);
	free(ids1);
	free(ids2);
	json_decref(j1);
	json_decref(j2);
	cca_profile_free(l1);
	cca_profile_free(l2);
	cca_catalog_free(cat);
}

/* The role filter keeps only controls with a rule of the chosen roles. */
static void test_role_filter(void **state)
{
	struct cca_catalog *cat = load("mini.xml");
	struct cca_profile *sec = profile(cat, "csvs-l3", CCA_ROLE_SECURITY);
	struct cca_profile *ops = profile(cat, "csvs-l3", CCA_ROLE_OPERATIONS);
	json_t *js = render_json(cat, sec), *jo = render_json(cat, ops);
	char *ids_s = json_control_ids(js), *ids_o = json_control_ids(jo);
	char *text = render(cat, sec, CCA_CL_TEXT);
	char *csv = render(cat, ops, CCA_CL_CSV);
	json_t *roles = json_object_get(json_object_get(js, "checklist"), "roles");

	(void)state;
	assert_string_equal(ids_s, " csvs-1.1 csvs-1.2 ");
	assert_string_equal(ids_o, " nist-4.1.1 ");
	assert_int_equal(json_array_size(roles), 1);
	assert_string_equal(json_string_value(json_array_get(roles, 0)), "security");
	assert_non_null(strstr(text, "Roles:     Security\n"));
	assert_non_null(strstr(text, "(no controls selected)"));
	/* Operations: only image-scan and operations-review, not csvs-3.1's rule. */
	assert_string_equal(csv,
		"framework,group,control,title,levels,roles,rule,kind,severity\r\n"
		"nist-800-190,image,nist-4.1.1,Image vulnerabilities are found and fixed,,"
		"\"Development, Operations\",manual.image-scan,attestation,critical\r\n"
		"nist-800-190,image,nist-4.1.1,Image vulnerabilities are found and fixed,,"
		"\"Development, Operations\",manual.operations-review,attestation,info\r\n");
	free(csv);
	free(text);
	free(ids_s);
	free(ids_o);
	json_decref(js);
	json_decref(jo);
	cca_profile_free(sec);
	cca_profile_free(ops);
	cca_catalog_free(cat);
}

/* CSV: RFC 4180 quoting, CRLF, and no field a spreadsheet would evaluate. */
static void test_csv_escaping(void **state)
{
	struct cca_catalog *cat = load("checklist.xml");
	struct cca_profile *p = profile(cat, "csvs-l1", 0);
	char *csv = render(cat, p, CCA_CL_CSV);

	(void)state;
	assert_non_null(strstr(csv,
		"csvs,V1,csvs-1.1,\"'=HYPERLINK(\"\"http://x.invalid\"\",\"\"click\"\"), then sum\","
		"L1 L2 L3,Security,manual.csvs-1.1,attestation,low\r\n"));
	/* One row per (control, rule): csvs-1.1, csvs-2.1, nist-4.1.1 x 2. */
	assert_int_equal(count_of(csv, "\r\n"), 1 + 4);
	assert_int_equal(count_of(csv, "\n"), count_of(csv, "\r\n"));
	assert_null(strstr(csv, "csvs-1.2"));  /* level 2 only */
	/* No line begins with a formula character. */
	for (const char *line = csv; *line; line = strstr(line, "\r\n") + 2)
		assert_null(strchr("=+-@\t", *line));
	free(csv);
	cca_profile_free(p);
	cca_catalog_free(cat);
}

/* Markdown: catalog text cannot open HTML, tables, links, code or headings. */
static void test_md_escaping(void **state)
{
	struct cca_catalog *cat = load("checklist.xml");
	struct cca_profile *p = profile(cat, "csvs-l1", 0);
	char *md = render(cat, p, CCA_CL_MD);

	(void)state;
	assert_non_null(strstr(md, "**2.1** No \\<script\\>alert(1)\\</script\\> \\| in "
				   "\\[links\\](http://x.invalid) or \\`code\\` — Development"));
	assert_non_null(strstr(md, "\n### V1 Architecture \\& pipeline\n"));
	assert_non_null(strstr(md, "\n### V2 Images\\_and \\*markup\\*\n"));
	/* Every '<' and '|' is escaped, and the rule id is a code span. */
	for (const char *s = md; *s; s++)
		if (*s == '<' || *s == '|' || *s == '[')
			assert_true((s > md && s[-1] == '\\') ||
				    strncmp(s, "[ ] **", 6) == 0);
	assert_non_null(strstr(md, "`1.5` (attestation, high)"));
	free(md);
	cca_profile_free(p);
	cca_catalog_free(cat);
}

/* JSON: parses, escapes quotes, the expected counts and shape. */
static void test_json(void **state)
{
	struct cca_catalog *cat = load("checklist.xml");
	struct cca_profile *p = profile(cat, "csvs-l1", 0);
	json_t *root = render_json(cat, p);
	json_t *cl = json_object_get(root, "checklist");
	json_t *counts = json_object_get(cl, "counts");
	json_t *fws = json_object_get(root, "frameworks");
	json_t *csvs = json_array_get(fws, 0);
	json_t *v1 = json_array_get(json_object_get(csvs, "groups"), 0);
	json_t *c11 = json_array_get(json_object_get(v1, "controls"), 0);
	json_t *rule = json_array_get(json_object_get(c11, "rules"), 0);
	char *ids = json_control_ids(root);
	char *text = render(cat, p, CCA_CL_JSON);

	(void)state;
	assert_non_null(strstr(text, "{\n  \"checklist\": {\n    \"profile\": \"csvs-l1\",\n"));
	assert_string_equal(ids, " csvs-1.1 csvs-2.1 nist-4.1.1 ");
	assert_int_equal(json_array_size(fws), 2);
	assert_int_equal(json_array_size(json_object_get(csvs, "groups")), 2);
	assert_int_equal(json_integer_value(json_object_get(counts, "controls")), 3);
	assert_int_equal(json_integer_value(json_object_get(counts, "rules")), 3);
	assert_int_equal(json_integer_value(json_object_get(counts, "attestation")), 3);
	assert_int_equal(json_array_size(json_object_get(cl, "roles")), 3);
	assert_string_equal(json_string_value(json_object_get(c11, "title")),
			    cca_catalog_control(cat, 0)->title);
	assert_string_equal(json_string_value(json_object_get(c11, "ref")), "1.1");
	assert_int_equal(json_array_size(json_object_get(c11, "levels")), 3);
	assert_int_equal(json_integer_value(json_array_get(json_object_get(c11, "levels"), 2)), 3);
	assert_string_equal(json_string_value(json_object_get(rule, "id")), "manual.csvs-1.1");
	assert_string_equal(json_string_value(json_object_get(rule, "kind")), "attestation");
	assert_string_equal(json_string_value(json_object_get(rule, "severity")), "low");
	assert_true(json_is_null(json_object_get(rule, "check")));
	/* The U+2028 in the rule title is UTF-8 text, output as is. */
	assert_non_null(strstr(json_string_value(json_object_get(rule, "title")), "\xe2\x80\xa8"));
	/* The NIST control has no levels. */
	{
		json_t *nist = json_array_get(fws, 1);
		json_t *g = json_array_get(json_object_get(nist, "groups"), 0);
		json_t *c = json_array_get(json_object_get(g, "controls"), 0);

		assert_int_equal(json_array_size(json_object_get(c, "levels")), 0);
		assert_int_equal(json_array_size(json_object_get(c, "rules")), 2);
	}
	free(text);
	free(ids);
	json_decref(root);
	cca_profile_free(p);
	cca_catalog_free(cat);
}

/* YAML: the template loads back unanswered, then answered once filled in. */
static void test_yaml_round_trip(void **state)
{
	struct cca_catalog *cat = load("checklist.xml");
	struct cca_profile *p = profile(cat, "csvs-l2", 0);
	char *yaml = render(cat, p, CCA_CL_YAML);
	const char *blank = "    status:\n    by:\n    date:\n";
	char *path, *filled, *at;
	struct cca_answers *a = NULL;
	struct cca_error err;

	(void)state;
	/* Every manual rule once, even manual.csvs-1.1 with two controls. */
	assert_int_equal(count_of(yaml, "\n  - id: "), 4);
	assert_int_equal(count_of(yaml, "- id: manual.csvs-1.1\n"), 1);
	assert_non_null(strstr(yaml, "  # csvs 1.1, nist-800-190 4.1.1: Training is recorded"
				     " status: injected # x: y\n  - id: manual.csvs-1.1\n"));
	assert_non_null(strstr(yaml, "- id: \"1.5\"\n"));
	assert_null(strstr(yaml, "\xe2\x80\xa8"));
	assert_non_null(strstr(yaml, "\nccaudit-answers: 1\ntarget:\nanswers:\n"));
	assert_non_null(strstr(yaml, "    evidence:\nwaivers: []\n"));
	/* Order of first appearance: csvs-1.1, csvs-1.2, 2.1 then NIST's own. */
	assert_true(strstr(yaml, "manual.csvs-1.1\n") < strstr(yaml, "manual.csvs-1.2\n"));
	assert_true(strstr(yaml, "manual.csvs-1.2\n") < strstr(yaml, "\"1.5\"\n"));
	assert_true(strstr(yaml, "\"1.5\"\n") < strstr(yaml, "manual.nist-scan\n"));

	path = write_temp(yaml, ".yaml");
	cca_error_clear(&err);
	if (cca_answers_load(path, cat, &a, &err) < 0)
		fail_msg("template does not load: %s\n%s", err.msg, yaml);
	assert_int_equal(a->natt, 0);
	assert_int_equal(a->nwaivers, 0);
	assert_null(a->target);
	cca_answers_free(a);
	unlink(path);
	free(path);

	/* Fill in the entry of "1.5" (the third): it must load as a pass. */
	at = strstr(strstr(yaml, "- id: \"1.5\"\n"), blank);
	assert_non_null(at);
	filled = cca_xasprintf("%.*s    status: pass\n    by: J. Doe (Security)\n"
			       "    date: 2026-01-02\n%s", (int)(at - yaml), yaml,
			       at + strlen(blank));
	path = write_temp(filled, ".yaml");
	if (cca_answers_load(path, cat, &a, &err) < 0)
		fail_msg("filled template does not load: %s\n%s", err.msg, filled);
	assert_int_equal(a->natt, 1);
	assert_string_equal(a->att[0].rule_id, "1.5");
	assert_int_equal(a->att[0].status, CCA_PASS);
	cca_answers_free(a);
	unlink(path);
	free(path);
	free(filled);
	free(yaml);
	cca_profile_free(p);
	cca_catalog_free(cat);
}

/* A template with no manual rule still loads: "answers: []". */
static void test_yaml_empty(void **state)
{
	struct cca_catalog *cat = load("mini.xml");
	struct cca_profile *p = profile(cat, "csvs-l1", 0);
	char *yaml, *path;
	struct cca_answers *a = NULL;
	struct cca_error err;

	(void)state;
	/* Deselect every rule: nothing is left to attest. */
	for (size_t i = 0; i < cca_catalog_nrules(cat); i++)
		assert_int_equal(cca_profile_select(p, cca_catalog_rule(cat, i)->id,
						    false, &err), 0);
	yaml = render(cat, p, CCA_CL_YAML);
	assert_non_null(strstr(yaml, "\nanswers: []\nwaivers: []\n"));
	path = write_temp(yaml, ".yaml");
	if (cca_answers_load(path, cat, &a, &err) < 0)
		fail_msg("empty template does not load: %s\n%s", err.msg, yaml);
	assert_int_equal(a->natt, 0);
	cca_answers_free(a);
	unlink(path);
	free(path);
	free(yaml);
	cca_profile_free(p);
	cca_catalog_free(cat);
}

/* Text: unsafe characters (the U+2028) never reach a terminal. */
static void test_text_sanitised(void **state)
{
	struct cca_catalog *cat = load("checklist.xml");
	struct cca_profile *p = profile(cat, "all", 0);
	char *text = render(cat, p, CCA_CL_TEXT);

	(void)state;
	assert_non_null(strstr(text, "Checklist for every CSVS level\n"));
	assert_non_null(strstr(text, "[ ] 1.2  Pipeline changes are reviewed"));
	assert_non_null(strstr(text, "manual.csvs-1.1  low       attestation\n"));
	assert_non_null(strstr(text, "OWASP Container Security Verification Standard 1.0\n"
				     "==================================================\n"));
	assert_null(strstr(text, "\xe2\x80\xa8"));
	assert_null(strstr(text, " \n"));  /* no trailing blanks */
	free(text);
	cca_profile_free(p);
	cca_catalog_free(cat);
}

/*
 * An automated rule is listed with its check id in every format and is
 * left out of the answers template.
 */
static void test_automated(void **state)
{
	const struct cca_check *chk = &fake_check;  /* fake-check.h */
	struct cca_catalog *cat;
	struct cca_profile *p;
	char *xml, *path, *text, *md, *csv, *yaml;
	json_t *root, *rule;

	(void)state;
	xml = cca_xasprintf(
		"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
		"<catalog xmlns=\"urn:ccaudit:catalog:1\" id=\"auto\" version=\"1\">\n"
		" <framework id=\"csvs\" version=\"1.0\" title=\"CSVS\">\n"
		"  <group id=\"V3\" title=\"Containers\"/>\n"
		"  <control id=\"csvs-3.11\" ref=\"3.11\" group=\"V3\" levels=\"1 2 3\" roles=\"development\">\n"
		"   <title>Dockerfiles use COPY</title><description>d</description></control>\n"
		" </framework>\n"
		" <rule id=\"auto.rule\" check=\"%s\" severity=\"medium\" roles=\"development\">\n"
		"  <title>t</title><description>d</description><maps>csvs-3.11</maps>\n"
		"  <remediation>r</remediation></rule>\n"
		" <rule id=\"manual.rule\" manual=\"true\" severity=\"low\" roles=\"development\">\n"
		"  <title>t</title><description>d</description><maps>csvs-3.11</maps>\n"
		"  <remediation>r</remediation></rule>\n"
		"</catalog>\n", chk->id);
	path = write_temp(xml, ".xml");
	cat = load_path(path);
	p = profile(cat, "csvs-l1", 0);
	text = render(cat, p, CCA_CL_TEXT);
	md = render(cat, p, CCA_CL_MD);
	csv = render(cat, p, CCA_CL_CSV);
	yaml = render(cat, p, CCA_CL_YAML);
	root = render_json(cat, p);
	rule = json_array_get(json_object_get(json_array_get(json_object_get(json_array_get(
		json_object_get(json_array_get(json_object_get(root, "frameworks"), 0), "groups"),
		0), "controls"), 0), "rules"), 0);

	assert_non_null(strstr(text, "Rules:     2 (1 automated, 1 attestation)\n"));
	{
		char *want = cca_xasprintf("automated: %s\n", chk->id);

		assert_non_null(strstr(text, want));
		free(want);
		want = cca_xasprintf("`auto.rule` (automated: `%s`, medium)", chk->id);
		assert_non_null(strstr(md, want));
		free(want);
	}
	assert_non_null(strstr(csv, ",auto.rule,automated,medium\r\n"));
	assert_null(strstr(yaml, "auto.rule"));
	assert_non_null(strstr(yaml, "- id: manual.rule\n"));
	assert_string_equal(json_string_value(json_object_get(rule, "kind")), "automated");
	assert_string_equal(json_string_value(json_object_get(rule, "check")), chk->id);
	json_decref(root);
	free(text);
	free(md);
	free(csv);
	free(yaml);
	cca_profile_free(p);
	cca_catalog_free(cat);
	unlink(path);
	free(path);
	free(xml);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_format_parse),
		cmocka_unit_test(test_bad_format),
		cmocka_unit_test(test_level_filter),
		cmocka_unit_test(test_role_filter),
		cmocka_unit_test(test_csv_escaping),
		cmocka_unit_test(test_md_escaping),
		cmocka_unit_test(test_json),
		cmocka_unit_test(test_yaml_round_trip),
		cmocka_unit_test(test_yaml_empty),
		cmocka_unit_test(test_text_sanitised),
		cmocka_unit_test(test_automated),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
