/*
 * test-history.c - what every renderer shows of the run history the store
 * puts into the report model (run id, finding lifecycle and owner, fixed
 * findings, trend), on reports built by hand over the shipped catalog: a
 * tracked report shows all of it, an untracked one none of it, and owner
 * names with markup stay text.
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
#include <libxml/HTMLparser.h>
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/xmlschemas.h>
#include <libxml/xpath.h>
#include <libxml/xpathInternals.h>

#include "ccaudit/catalog.h"
#include "ccaudit/engine.h"
#include "ccaudit/report.h"
#include "ccaudit/util.h"
#include "test-support.h"

#define TODAY 20000  /* 2024-10-04, also the report date */
#define RUN_ID "0f8e2c1a-5b7d-4c3e-9a21-6d4f8b0e1c2a"
#define HOSTILE "<script>alert('owner')</script>"

struct fx {
	struct cca_catalog *cat;
	struct cca_profile *p;
	struct cca_eval *ev;
	struct cca_report *r;
	char *data_dir;
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
	f->data_dir = ts_path("top_srcdir", ".", "");
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
	free(f->data_dir);
	free(f);
	return 0;
}

/* A failure of rule id at loc. */
static void failure(struct fx *f, const char *id, const char *loc)
{
	long i = cca_catalog_find_rule(f->cat, id);

	assert_true(i >= 0);
	cca_eval_add_finding(f->ev, (size_t)i, "run", CCA_FAIL, loc, "observed", NULL);
}

/* Finish the evaluation into a report dated TODAY (untracked). */
static void finish(struct fx *f)
{
	cca_eval_finish(f->ev, TODAY);
	f->r = cca_report_new(f->ev);
	cca_report_set_target(f->r, "run");
	cca_report_set_time(f->r, (time_t)TODAY * 86400);
}

/* The index of the finding at loc (which must exist). */
static size_t finding_at(struct fx *f, const char *loc)
{
	for (size_t i = 0; i < cca_eval_nfindings(f->ev); i++)
		if (strcmp(cca_eval_finding(f->ev, i)->location, loc) == 0)
			return i;
	fail_msg("no finding at %s", loc);
	return 0;
}

/* Set the track of the finding at loc. */
static void track(struct fx *f, const char *loc, enum cca_lifecycle lc,
		  const char *owner, const char *role, int64_t due)
{
	struct cca_finding_track t = { lc, owner, role, due };

	cca_report_set_track(f->r, finding_at(f, loc), &t);
}

/* Append a trend point: run n of the target, n days before TODAY. */
static void point(struct fx *f, unsigned n, unsigned achieved, double l1, double l2,
		  unsigned open)
{
	struct cca_trend_point p;

	memset(&p, 0, sizeof p);
	snprintf(p.run, sizeof p.run, "00000000-0000-4000-8000-%012u", n);
	p.time = (time_t)(TODAY - 10 + n) * 86400;
	p.achieved = achieved;
	p.scored[1] = p.scored[2] = true;
	p.score[1] = l1;
	p.score[2] = l2;
	p.open = open;
	cca_report_add_trend(f->r, &p);
}

/*
 * Three failures, one of each lifecycle: Dockerfile:3 new, owned by alice
 * (security), overdue; Dockerfile:1 persisting, owned by a name with
 * markup, due later; Dockerfile:7 reopened, unassigned.  One finding of
 * the previous run fixed; a trend of npoints runs.
 */
static void tracked(struct fx *f, unsigned npoints)
{
	failure(f, "dockerfile.user-root", "Dockerfile:3");
	failure(f, "dockerfile.from-latest", "Dockerfile:1");
	failure(f, "dockerfile.add-url", "Dockerfile:7");
	finish(f);
	cca_report_set_run_id(f->r, RUN_ID);
	track(f, "Dockerfile:3", CCA_LC_NEW, "alice", "security", TODAY - 5);
	track(f, "Dockerfile:1", CCA_LC_PERSISTING, HOSTILE, NULL, TODAY + 30);
	track(f, "Dockerfile:7", CCA_LC_REOPENED, NULL, NULL, CCA_NO_DATE);
	cca_report_add_fixed(f->r, "0123456789abcdef0123456789abcdef", "dockerfile.add-local",
			     "Dockerfile:9");
	for (unsigned i = 1; i <= npoints; i++)
		point(f, i, i == npoints ? 0 : 1, 0.5 + 0.1 * i, 0.25, 4 - (i > 3 ? 3 : i));
}

/* The same failures, never saved. */
static void untracked(struct fx *f)
{
	failure(f, "dockerfile.user-root", "Dockerfile:3");
	failure(f, "dockerfile.from-latest", "Dockerfile:1");
	failure(f, "dockerfile.add-url", "Dockerfile:7");
	finish(f);
}

/* Render format fmt into f->out (cleared); the rendering must succeed. */
static const char *render(struct fx *f, enum cca_format fmt)
{
	struct cca_render_opts o = { .data_dir = f->data_dir };
	struct cca_error err;

	cca_buf_reset(&f->out);
	cca_error_clear(&err);
	if (cca_report_render(f->r, fmt, &o, &f->out, &err) < 0)
		fail_msg("rendering %s: %s", cca_format_name(fmt), err.msg);
	return cca_buf_str(&f->out);
}

/* Whether text contains needle. */
static bool has(const char *text, const char *needle)
{
	return strstr(text, needle) != NULL;
}

/* ---- JSON ------------------------------------------------------------------- */

/* The finding of doc at loc, or NULL. */
static json_t *json_finding(json_t *doc, const char *loc)
{
	size_t i, k;
	json_t *rule, *fd;

	json_array_foreach(json_object_get(doc, "rules"), i, rule)
		json_array_foreach(json_object_get(rule, "findings"), k, fd)
			if (strcmp(json_string_value(json_object_get(fd, "location")), loc) == 0)
				return fd;
	return NULL;
}

static const char *jstr(json_t *o, const char *key)
{
	return json_string_value(json_object_get(o, key));
}

static void test_json_tracked(void **state)
{
	struct fx *f = *state;
	json_error_t je;
	json_t *doc, *fd, *fx, *tr;

	tracked(f, 3);
	doc = json_loads(render(f, CCA_FMT_JSON), 0, &je);
	assert_non_null(doc);
	assert_string_equal(jstr(json_object_get(doc, "run"), "id"), RUN_ID);

	fd = json_finding(doc, "Dockerfile:3");
	assert_string_equal(jstr(fd, "lifecycle"), "new");
	assert_string_equal(jstr(fd, "owner"), "alice");
	assert_string_equal(jstr(fd, "owner_role"), "security");
	assert_string_equal(jstr(fd, "due"), "2024-09-29");
	fd = json_finding(doc, "Dockerfile:1");
	assert_string_equal(jstr(fd, "lifecycle"), "persisting");
	assert_string_equal(jstr(fd, "owner"), HOSTILE);
	assert_null(json_object_get(fd, "owner_role"));
	fd = json_finding(doc, "Dockerfile:7");
	assert_string_equal(jstr(fd, "lifecycle"), "reopened");
	assert_null(json_object_get(fd, "owner"));
	assert_null(json_object_get(fd, "due"));

	fx = json_object_get(doc, "fixed");
	assert_int_equal(json_array_size(fx), 1);
	assert_string_equal(jstr(json_array_get(fx, 0), "rule"), "dockerfile.add-local");
	assert_string_equal(jstr(json_array_get(fx, 0), "location"), "Dockerfile:9");

	tr = json_object_get(doc, "trend");
	assert_int_equal(json_array_size(tr), 3);
	assert_string_equal(jstr(json_array_get(tr, 0), "run"), "00000000-0000-4000-8000-000000000001");
	assert_string_equal(jstr(json_array_get(tr, 0), "generated"), "2024-09-25T00:00:00Z");
	assert_int_equal(json_integer_value(json_object_get(json_array_get(tr, 0), "level_achieved")), 1);
	assert_int_equal(json_integer_value(json_object_get(json_array_get(tr, 2), "open")), 1);
	assert_true(json_real_value(json_array_get(json_object_get(json_array_get(tr, 0), "scores"), 0)) > 0.59);
	assert_true(json_is_null(json_array_get(json_object_get(json_array_get(tr, 0), "scores"), 2)));
	json_decref(doc);
}

static void test_json_untracked(void **state)
{
	struct fx *f = *state;
	const char *s;

	untracked(f);
	s = render(f, CCA_FMT_JSON);
	assert_false(has(s, "\"lifecycle\""));
	assert_false(has(s, "\"owner\""));
	assert_false(has(s, "\"due\""));
	assert_false(has(s, "\"fixed\": ["));
	assert_false(has(s, "\"trend\""));
	assert_false(has(s, "\"id\": \"0"));
}

/* ---- XML and HTML ---------------------------------------------------------------- */

/* The results document in f->out validates against catalogs/results.xsd. */
static void assert_valid_results(struct fx *f)
{
	char *xsd = ts_path("top_srcdir", ".", "catalogs/results.xsd");
	xmlSchemaParserCtxtPtr pc = xmlSchemaNewParserCtxt(xsd);
	xmlSchemaPtr schema = xmlSchemaParse(pc);
	xmlSchemaValidCtxtPtr vc = xmlSchemaNewValidCtxt(schema);
	xmlDocPtr doc = xmlReadMemory(cca_buf_str(&f->out), (int)f->out.len, "results.xml",
				      NULL, XML_PARSE_NONET);

	assert_non_null(schema);
	assert_non_null(doc);
	assert_int_equal(xmlSchemaValidateDoc(vc, doc), 0);
	xmlFreeDoc(doc);
	xmlSchemaFreeValidCtxt(vc);
	xmlSchemaFree(schema);
	xmlSchemaFreeParserCtxt(pc);
	free(xsd);
}

/* The string value of the XPath expression expr over doc (caller frees). */
static char *xpath(xmlDocPtr doc, const char *expr)
{
	xmlXPathContextPtr ctx = xmlXPathNewContext(doc);
	xmlXPathObjectPtr obj;
	xmlChar *s;
	char *copy;

	xmlXPathRegisterNs(ctx, BAD_CAST "r", BAD_CAST "urn:ccaudit:results:1");
	obj = xmlXPathEvalExpression(BAD_CAST expr, ctx);
	if (!obj)
		fail_msg("bad xpath %s", expr);
	s = xmlXPathCastToString(obj);
	copy = cca_xstrdup((const char *)s);
	xmlFree(s);
	xmlXPathFreeObject(obj);
	xmlXPathFreeContext(ctx);
	return copy;
}

/* Assert that expr over doc has the string value want. */
static void assert_xpath(xmlDocPtr doc, const char *expr, const char *want)
{
	char *got = xpath(doc, expr);

	if (strcmp(got, want) != 0) {
		print_error("%s: expected '%s', got '%s'\n", expr, want, got);
		free(got);
		fail();
	}
	free(got);
}

static void test_xml_tracked(void **state)
{
	struct fx *f = *state;
	xmlDocPtr doc;

	tracked(f, 3);
	render(f, CCA_FMT_XML);
	assert_valid_results(f);
	doc = xmlReadMemory(cca_buf_str(&f->out), (int)f->out.len, "r.xml", NULL, XML_PARSE_NONET);
	assert_xpath(doc, "string(/r:results/r:run/@id)", RUN_ID);
	assert_xpath(doc, "string(//r:finding[r:location = 'Dockerfile:3']/@lifecycle)", "new");
	assert_xpath(doc, "string(//r:finding[r:location = 'Dockerfile:3']/@due)", "2024-09-29");
	assert_xpath(doc, "string(//r:finding[r:location = 'Dockerfile:3']/r:owner)", "alice");
	assert_xpath(doc, "string(//r:finding[r:location = 'Dockerfile:3']/r:owner/@role)", "security");
	assert_xpath(doc, "string(//r:finding[r:location = 'Dockerfile:1']/r:owner)", HOSTILE);
	assert_xpath(doc, "count(//r:finding[r:location = 'Dockerfile:7']/r:owner)", "0");
	assert_xpath(doc, "string(//r:history/r:fixed/@rule)", "dockerfile.add-local");
	assert_xpath(doc, "count(//r:history/r:point)", "3");
	assert_xpath(doc, "string(//r:history/r:point[1]/r:level[@n = 1]/@score)", "0.6000");
	assert_xpath(doc, "count(//r:history/r:point[1]/r:level[@n = 3]/@score)", "0");
	xmlFreeDoc(doc);
}

static void test_xml_untracked(void **state)
{
	struct fx *f = *state;
	const char *s;

	untracked(f);
	s = render(f, CCA_FMT_XML);
	assert_valid_results(f);
	assert_false(has(s, "<history"));
	assert_false(has(s, "lifecycle="));
	assert_false(has(s, "<owner"));
	assert_false(has(s, "<run id="));
}

/* The HTML in f->out, parsed. */
static htmlDocPtr html_doc(struct fx *f)
{
	htmlDocPtr doc = htmlReadMemory(cca_buf_str(&f->out), (int)f->out.len, "r.html", "UTF-8",
					HTML_PARSE_NONET | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING);

	assert_non_null(doc);
	return doc;
}

static void test_html_tracked(void **state)
{
	struct fx *f = *state;
	const char *s;
	htmlDocPtr doc;

	tracked(f, 3);
	s = render(f, CCA_FMT_HTML);
	doc = html_doc(f);
	/* The trend: a line and three points per scored level, level columns. */
	assert_xpath(doc, "count(//section[@id = 'history'])", "1");
	assert_xpath(doc, "count(//svg[contains(@class, 'trend-chart')])", "1");
	assert_xpath(doc, "count(//polyline[contains(@class, 'trend-l1')])", "1");
	assert_xpath(doc, "count(//polyline[contains(@class, 'trend-l2')])", "1");
	assert_xpath(doc, "count(//polyline[contains(@class, 'trend-l3')])", "0");
	assert_xpath(doc, "count(//circle[contains(@class, 'trend-pt')])", "6");
	assert_xpath(doc, "count(//rect[@class = 'trend-level'])", "2");
	assert_xpath(doc, "count(//table[contains(@class, 'trend-table')]/tbody/tr)", "3");
	assert_xpath(doc, "normalize-space(//p[contains(@class, 'history-counts')])",
		     "1 new, 1 persisting, 1 reopened, 1 fixed since the previous run.");
	/* Ownership: alice, the hostile name, unassigned last; alice is overdue. */
	assert_xpath(doc, "count(//table[contains(@class, 'owners')]/tbody)", "3");
	assert_xpath(doc, "string(//table[contains(@class, 'owners')]/tbody[3]//span[contains(@class, 'owner-name')])",
		     "Unassigned");
	assert_xpath(doc, "count(//table[contains(@class, 'owners')]/tbody[.//span[@class = 'owner-name'] = 'alice']"
			  "//strong[contains(@class, 'overdue')])", "2");
	assert_xpath(doc, "count(//table[contains(@class, 'owners')]//tr[td/a/code = 'dockerfile.user-root']"
			  "/td[3][. = 'Security'])", "1");
	assert_xpath(doc, "count(//table[contains(@class, 'owners')]//strong[contains(@class, 'overdue')])", "2");
	assert_xpath(doc, "count(//span[@class = 'owner-name'][. = \"" HOSTILE "\"])", "2");
	/* Lifecycle badges beside the findings in the findings list. */
	assert_xpath(doc, "count(//article[@id = 'rule-dockerfile.user-root']//span[@class = 'lc lc-new'])", "1");
	assert_xpath(doc, "count(//article[@id = 'rule-dockerfile.from-latest']//span[@class = 'lc lc-persisting'])", "1");
	assert_xpath(doc, "count(//article[@id = 'rule-dockerfile.add-url']//span[@class = 'lc lc-reopened'])", "1");
	/* Fixed since the previous run. */
	assert_xpath(doc, "count(//ul[@class = 'fixed-list']/li)", "1");
	assert_xpath(doc, "string(//ul[@class = 'fixed-list']/li/a/@href)", "#rule-dockerfile.add-local");
	/* The markup in the owner name is text. */
	assert_xpath(doc, "count(//script)", "1");
	assert_false(has(s, HOSTILE));
	assert_true(has(s, "&lt;script&gt;alert('owner')&lt;/script&gt;"));
	assert_true(has(s, "<a href=\"#history\">History</a>"));
	xmlFreeDoc(doc);
}

/* One saved run: the point shows, without lines; none: no chart. */
static void test_html_trend_sizes(void **state)
{
	struct fx *f = *state;
	htmlDocPtr doc;

	tracked(f, 1);
	render(f, CCA_FMT_HTML);
	doc = html_doc(f);
	assert_xpath(doc, "count(//svg[contains(@class, 'trend-chart')])", "1");
	assert_xpath(doc, "count(//circle[contains(@class, 'trend-pt')])", "2");
	assert_xpath(doc, "count(//polyline)", "0");
	assert_xpath(doc, "string(//svg[contains(@class, 'trend-chart')]/circle[1]/@cx)", "318");
	xmlFreeDoc(doc);

	cca_report_free(f->r);
	f->r = cca_report_new(f->ev);
	cca_report_set_time(f->r, (time_t)TODAY * 86400);
	cca_report_set_run_id(f->r, RUN_ID);
	render(f, CCA_FMT_HTML);
	doc = html_doc(f);
	assert_xpath(doc, "count(//section[@id = 'history'])", "1");
	assert_xpath(doc, "count(//svg[contains(@class, 'trend-chart')])", "0");
	assert_xpath(doc, "count(//table[contains(@class, 'trend-table')])", "0");
	xmlFreeDoc(doc);
}

static void test_html_untracked(void **state)
{
	struct fx *f = *state;
	const char *s;

	untracked(f);
	s = render(f, CCA_FMT_HTML);
	assert_false(has(s, "id=\"history\""));
	/* (the CSS names the classes; no element carries them) */
	assert_false(has(s, "class=\"trend-chart\""));
	assert_false(has(s, "class=\"lc "));
	assert_false(has(s, "class=\"f-owner\""));
}

/* ---- PDF ---------------------------------------------------------------------------- */

/*
 * The text of the PDF in f->out as pdftotext sees it (caller frees), or
 * NULL when pdftotext is not installed.
 */
static char *pdf_text(struct fx *f)
{
	const char *tmp = getenv("TMPDIR");
	char *pdf = cca_xasprintf("%s/test-history-XXXXXX", tmp && *tmp ? tmp : "/tmp");
	int fd = mkstemp(pdf);
	char *cmd, *text = NULL;
	struct cca_error err;
	size_t len;

	assert_true(fd >= 0);
	assert_int_equal(write(fd, f->out.data, f->out.len), (ssize_t)f->out.len);
	close(fd);
	cmd = cca_xasprintf("pdftotext -enc UTF-8 %s %s.txt 2>/dev/null", pdf, pdf);
	if (system(cmd) == 0) {
		char *txt = cca_xasprintf("%s.txt", pdf);

		cca_error_clear(&err);
		if (cca_file_read(txt, 64u << 20, &text, &len, &err) < 0)
			fail_msg("cannot read %s: %s", txt, err.msg);
		unlink(txt);
		free(txt);
	}
	unlink(pdf);
	free(pdf);
	free(cmd);
	return text;
}

static void test_pdf_tracked(void **state)
{
	struct fx *f = *state;
	char *text;

	tracked(f, 3);
	assert_memory_equal(render(f, CCA_FMT_PDF), "%PDF-", 5);
	text = pdf_text(f);
	if (!text)
		skip();
	assert_true(has(text, "5 History and ownership"));
	assert_true(has(text, "Trend of the CSVS scores"));
	assert_true(has(text, "Open findings by owner"));
	assert_true(has(text, "alice \xC2\xB7 1 open, 1 overdue"));
	assert_true(has(text, "Unassigned \xC2\xB7 1 open"));
	assert_true(has(text, HOSTILE " \xC2\xB7 1 open"));
	assert_true(has(text, "persisting"));
	assert_true(has(text, "reopened"));
	assert_true(has(text, "Fixed since the previous run"));
	assert_true(has(text, "dockerfile.add-local"));
	assert_true(has(text, "00000000-0000-4000-8000-000000000003"));
	assert_true(has(text, "owner alice (security)"));
	free(text);
}

static void test_pdf_untracked(void **state)
{
	struct fx *f = *state;
	char *text;

	untracked(f);
	render(f, CCA_FMT_PDF);
	text = pdf_text(f);
	if (!text)
		skip();
	assert_false(has(text, "History and ownership"));
	assert_false(has(text, "persisting"));
	assert_true(has(text, "5 OWASP Container Security"));
	free(text);
}

/* ---- CI formats and the summary ------------------------------------------------------- */

static void test_md_tracked(void **state)
{
	struct fx *f = *state;
	const char *s;

	tracked(f, 3);
	s = render(f, CCA_FMT_MD);
	assert_true(has(s, "1 new, 1 fixed since the previous run"));
	assert_true(has(s, "| Lifecycle |"));
	assert_true(has(s, "| reopened |"));
	assert_false(has(s, HOSTILE));
}

static void test_md_untracked(void **state)
{
	struct fx *f = *state;
	const char *s;

	untracked(f);
	s = render(f, CCA_FMT_MD);
	assert_false(has(s, "since the previous run"));
	assert_false(has(s, "Lifecycle"));
}

/* The number of fields of the first CSV record of s (no quoted newlines). */
static size_t csv_fields(const char *s)
{
	size_t n = 1;
	bool quoted = false;

	for (; *s && (quoted || *s != '\n'); s++) {
		if (*s == '"')
			quoted = !quoted;
		else if (*s == ',' && !quoted)
			n++;
	}
	return n;
}

static void test_csv_tracked(void **state)
{
	struct fx *f = *state;
	const char *s, *row;

	tracked(f, 3);
	s = render(f, CCA_FMT_CSV);
	assert_true(has(s, ",lifecycle,owner,due\r\n") || has(s, ",lifecycle,owner,due\n"));
	row = strstr(s, "Dockerfile:3");
	assert_non_null(row);
	assert_true(has(row, ",new,alice,2024-09-29"));
	assert_true(has(s, ",persisting,\"" HOSTILE "\",2024-11-03") ||
		    has(s, ",persisting," HOSTILE ",2024-11-03"));
	assert_true(has(s, ",reopened,,"));
	assert_int_equal(csv_fields(s), csv_fields(strchr(s, '\n') + 1));
}

static void test_csv_untracked(void **state)
{
	struct fx *f = *state;
	const char *s, *row;

	untracked(f);
	s = render(f, CCA_FMT_CSV);
	row = strstr(s, "Dockerfile:3");
	assert_non_null(row);
	/* The columns are there, empty. */
	assert_true(has(s, ",lifecycle,owner,due"));
	assert_false(has(s, ",new,"));
}

/* The baselineState of the SARIF result at loc, or NULL. */
static const char *baseline(json_t *doc, const char *loc)
{
	size_t i;
	json_t *res, *results = json_object_get(json_array_get(json_object_get(doc, "runs"), 0),
						"results");

	json_array_foreach(results, i, res) {
		json_t *l = json_object_get(json_object_get(res, "properties"), "location");

		if (l && strcmp(json_string_value(l), loc) == 0)
			return json_string_value(json_object_get(res, "baselineState"));
	}
	fail_msg("no SARIF result at %s", loc);
	return NULL;
}

static void test_sarif_baseline(void **state)
{
	struct fx *f = *state;
	json_error_t je;
	json_t *doc;

	tracked(f, 3);
	doc = json_loads(render(f, CCA_FMT_SARIF), 0, &je);
	assert_non_null(doc);
	assert_string_equal(baseline(doc, "Dockerfile:3"), "new");
	assert_string_equal(baseline(doc, "Dockerfile:1"), "unchanged");
	assert_string_equal(baseline(doc, "Dockerfile:7"), "new");
	json_decref(doc);
}

static void test_sarif_untracked(void **state)
{
	struct fx *f = *state;

	untracked(f);
	assert_false(has(render(f, CCA_FMT_SARIF), "baselineState"));
}

static void test_summary(void **state)
{
	struct fx *f = *state;
	struct cca_buf b;

	tracked(f, 3);
	cca_buf_init(&b);
	cca_report_summary(f->r, false, &b);
	assert_true(has(cca_buf_str(&b),
			"History: 1 new, 1 persisting, 1 reopened, 1 fixed since the previous run"));
	assert_true(has(cca_buf_str(&b), "2 owners"));
	cca_buf_release(&b);
}

static void test_summary_untracked(void **state)
{
	struct fx *f = *state;
	struct cca_buf b;

	untracked(f);
	cca_buf_init(&b);
	cca_report_summary(f->r, false, &b);
	assert_false(has(cca_buf_str(&b), "History:"));
	cca_buf_release(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_json_tracked, setup, teardown),
		cmocka_unit_test_setup_teardown(test_json_untracked, setup, teardown),
		cmocka_unit_test_setup_teardown(test_xml_tracked, setup, teardown),
		cmocka_unit_test_setup_teardown(test_xml_untracked, setup, teardown),
		cmocka_unit_test_setup_teardown(test_html_tracked, setup, teardown),
		cmocka_unit_test_setup_teardown(test_html_trend_sizes, setup, teardown),
		cmocka_unit_test_setup_teardown(test_html_untracked, setup, teardown),
		cmocka_unit_test_setup_teardown(test_pdf_tracked, setup, teardown),
		cmocka_unit_test_setup_teardown(test_pdf_untracked, setup, teardown),
		cmocka_unit_test_setup_teardown(test_md_tracked, setup, teardown),
		cmocka_unit_test_setup_teardown(test_md_untracked, setup, teardown),
		cmocka_unit_test_setup_teardown(test_csv_tracked, setup, teardown),
		cmocka_unit_test_setup_teardown(test_csv_untracked, setup, teardown),
		cmocka_unit_test_setup_teardown(test_sarif_baseline, setup, teardown),
		cmocka_unit_test_setup_teardown(test_sarif_untracked, setup, teardown),
		cmocka_unit_test_setup_teardown(test_summary, setup, teardown),
		cmocka_unit_test_setup_teardown(test_summary_untracked, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
