/*
 * test-catalog.c - the shipped catalog's content, and the loader's answer
 * to every kind of broken catalog: a FILE:LINE error, never a half-loaded
 * catalog, never a network or file fetch.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "ccaudit/catalog.h"
#include "ccaudit/util.h"

/* The shipped catalog compiled in (src/cli/shipped-catalog.c). */
extern const struct cca_catalog_image cca_shipped_catalog;

static char *srcpath(const char *rel)
{
	const char *top = getenv("top_srcdir");

	return cca_xasprintf("%s/%s", top && *top ? top : ".", rel);
}

static struct cca_catalog *new_catalog(void)
{
	char *xsd = srcpath("catalogs/catalog.xsd");
	struct cca_catalog *cat = cca_catalog_new(xsd);

	free(xsd);
	return cat;
}

static struct cca_catalog *shipped(void)
{
	struct cca_catalog *cat = new_catalog();
	char *xml = srcpath("catalogs/ccaudit.xml");
	struct cca_error err;

	cca_error_clear(&err);
	if (cca_catalog_load(cat, xml, &err) < 0 || cca_catalog_finish(cat, &err) < 0)
		fail_msg("shipped catalog: %s", err.msg);
	free(xml);
	return cat;
}

/* ---- the shipped catalog -------------------------------------------------- */

static void test_shipped_counts(void **state)
{
	struct cca_catalog *cat = shipped();
	long csvs = cca_catalog_find_framework(cat, CCA_FW_CSVS);
	long nist = cca_catalog_find_framework(cat, CCA_FW_NIST);
	long uc = cca_catalog_find_framework(cat, CCA_FW_USECASES);
	unsigned n[3] = { 0 }, at[4] = { 0 };

	(void)state;
	assert_true(csvs >= 0 && nist >= 0 && uc >= 0);
	for (size_t i = 0; i < cca_catalog_ncontrols(cat); i++) {
		const struct cca_control *c = cca_catalog_control(cat, i);

		if (c->framework == (size_t)csvs) {
			n[0]++;
			for (unsigned l = 1; l <= 3; l++)
				at[l] += (c->levels & CCA_LEVEL_BIT(l)) != 0;
			assert_non_null(strstr(c->id, "csvs-"));
			assert_true(c->roles != 0);
		} else if (c->framework == (size_t)nist) {
			n[1]++;
		} else if (c->framework == (size_t)uc) {
			n[2]++;
			assert_true(c->nrelated > 0);  /* every use case maps CSVS and NIST */
		}
		assert_true(c->nrules > 0);         /* every control is reached */
		assert_true(strlen(c->title) > 0 && strlen(c->description) > 0);
	}
	assert_int_equal(n[0], 106);
	assert_int_equal(n[1], 24);
	assert_int_equal(n[2], 14);
	assert_int_equal(at[1], 42);
	assert_int_equal(at[2], 89);
	assert_int_equal(at[3], 106);
	cca_catalog_free(cat);
}

static void test_shipped_nist_ids(void **state)
{
	static const char *const ids[] = {
		"nist-4.1.1", "nist-4.1.2", "nist-4.1.3", "nist-4.1.4", "nist-4.1.5",
		"nist-4.2.1", "nist-4.2.2", "nist-4.2.3",
		"nist-4.3.1", "nist-4.3.2", "nist-4.3.3", "nist-4.3.4", "nist-4.3.5",
		"nist-4.4.1", "nist-4.4.2", "nist-4.4.3", "nist-4.4.4", "nist-4.4.5",
		"nist-4.5.1", "nist-4.5.2", "nist-4.5.3", "nist-4.5.4", "nist-4.5.5",
		"nist-4.6", "uc-A1", "uc-A5", "uc-B5", "uc-C1", "uc-C2", "uc-D1", "uc-D2",
	};
	struct cca_catalog *cat = shipped();

	(void)state;
	for (size_t i = 0; i < CCA_ARRAY_SIZE(ids); i++)
		assert_true(cca_catalog_find_control(cat, ids[i]) >= 0);
	assert_int_equal(cca_catalog_find_control(cat, "nist-4.7"), -1);
	cca_catalog_free(cat);
}

static void test_shipped_rules(void **state)
{
	struct cca_catalog *cat = shipped();
	long r = cca_catalog_find_rule(cat, "manual.csvs-3.4");
	const struct cca_rule *rule;
	const struct cca_control *b1;

	(void)state;
	assert_true(r >= 0);
	rule = cca_catalog_rule(cat, (size_t)r);
	assert_true(rule->manual);
	assert_null(rule->check);
	assert_int_equal(rule->levels, CCA_LEVEL_BIT(3));  /* 3.4 is a level 3 requirement */
	assert_true(rule->ncontrols >= 1);
	assert_string_equal(cca_catalog_control(cat, rule->controls[0])->id, "csvs-3.4");
	/* csvs-3.6 is decided by a check: its rule is automated, level 3 */
	r = cca_catalog_find_rule(cat, "dockerfile.from-not-pinned");
	assert_true(r >= 0);
	rule = cca_catalog_rule(cat, (size_t)r);
	assert_false(rule->manual);
	assert_string_equal(rule->check, "dockerfile.from-not-pinned");
	assert_int_equal(rule->levels, CCA_LEVEL_BIT(3));
	/* use case B1 is related to CSVS 3.6 both ways */
	b1 = cca_catalog_control(cat, (size_t)cca_catalog_find_control(cat, "uc-B1"));
	{
		bool found = false;

		for (size_t k = 0; k < b1->nrelated; k++)
			found |= strcmp(cca_catalog_control(cat, b1->related[k])->id, "csvs-3.6") == 0;
		assert_true(found);
	}
	/* ids are found by binary search after finish, and in catalog order */
	for (size_t i = 0; i < cca_catalog_nrules(cat); i++)
		assert_int_equal(cca_catalog_find_rule(cat, cca_catalog_rule(cat, i)->id), (long)i);
	assert_int_equal(cca_catalog_find_rule(cat, "manual.csvs-99"), -1);
	assert_string_equal(cca_catalog_version(cat), "ccaudit 2026.1");
	cca_catalog_free(cat);
}

/* ---- broken catalogs ------------------------------------------------------- */

#define HEAD                                                                  \
	"<?xml version=\"1.0\"?>\n" \
	"<catalog xmlns=\"urn:ccaudit:catalog:1\" id=\"t\" version=\"1\">\n" \
	"  <framework id=\"fw\" title=\"F\">\n" \
	"    <group id=\"G\" title=\"g\"/>\n" \
	"    <control id=\"fw-1\" ref=\"1\" group=\"G\" roles=\"security\">\n" \
	"      <title>t</title><description>d</description>\n" \
	"    </control>\n"                                                    \
	"  </framework>\n"

#define RULE(attrs, maps)                                                     \
	"  <rule id=\"r.one\" " attrs " severity=\"low\" roles=\"security\">\n" \
	"    <title>t</title><description>d</description>\n"                     \
	"    <maps>" maps "</maps><remediation>r</remediation>\n"                 \
	"  </rule>\n"

/* Write text to a temporary file; returns its path (caller frees). */
static char *temp_file(const char *text, size_t len)
{
	char *path = cca_xstrdup("/tmp/cca-test-catalog-XXXXXX");
	int fd = mkstemp(path);

	assert_true(fd >= 0);
	assert_int_equal(write(fd, text, len), (ssize_t)len);
	close(fd);
	return path;
}

/* Load text as a catalog (optionally on top of the shipped one) and
 * return the error message, or NULL on success. */
static char *load_error(const char *text, size_t len, bool on_shipped, int *code)
{
	struct cca_catalog *cat = new_catalog();
	char *path = temp_file(text, len);
	char *shipped_path = srcpath("catalogs/ccaudit.xml");
	struct cca_error err;
	char *msg = NULL;

	cca_error_clear(&err);
	if ((on_shipped && cca_catalog_load(cat, shipped_path, &err) < 0) ||
	    cca_catalog_load(cat, path, &err) < 0 || cca_catalog_finish(cat, &err) < 0) {
		/* Replace the random temp name so messages can be compared. */
		char *p = strstr(err.msg, path);

		msg = p ? cca_xasprintf("%.*sFILE%s", (int)(p - err.msg), err.msg,
					p + strlen(path))
			: cca_xstrdup(err.msg);
		*code = (int)err.code;
	}
	unlink(path);
	free(path);
	free(shipped_path);
	cca_catalog_free(cat);
	return msg;
}

static void expect_error(const char *text, bool on_shipped, const char *want)
{
	int code = 0;
	char *msg = load_error(text, strlen(text), on_shipped, &code);

	if (!msg)
		fail_msg("loaded, expected: %s", want);
	if (!strstr(msg, want))
		fail_msg("got '%s', expected it to contain '%s'", msg, want);
	assert_int_equal(code, CCA_EINPUT);
	free(msg);
}

static void test_valid_minimal(void **state)
{
	const char *doc = HEAD RULE("manual=\"true\"", "fw-1") "</catalog>\n";
	int code = 0;

	(void)state;
	assert_null(load_error(doc, strlen(doc), false, &code));
}

static void test_malformed(void **state)
{
	(void)state;
	expect_error(HEAD "  <rule id=\"x\"\n", false, "FILE:10: ");
}

static void test_schema_violation(void **state)
{
	(void)state;
	expect_error(HEAD "  <rule id=\"r.one\" manual=\"true\" severity=\"urgent\" roles=\"security\">\n"
		     "    <title>t</title><description>d</description>\n"
		     "    <maps>fw-1</maps><remediation>r</remediation>\n  </rule>\n</catalog>\n",
		     false, "FILE:9: ");
	expect_error(HEAD "  <bogus/>\n</catalog>\n", false, "FILE:9: ");
}

static void test_unknown_check(void **state)
{
	(void)state;
	expect_error(HEAD RULE("check=\"no.such.check\"", "fw-1") "</catalog>\n", false,
		     "FILE:9: rule 'r.one' names unknown check 'no.such.check'");
}

static void test_dangling_mapping(void **state)
{
	(void)state;
	expect_error(HEAD RULE("manual=\"true\"", "fw-1 fw-404") "</catalog>\n", false,
		     "FILE:9: rule 'r.one' maps unknown control 'fw-404'");
}

static void test_unreached_control(void **state)
{
	(void)state;
	expect_error(HEAD "</catalog>\n", false,
		     "FILE:5: control 'fw-1' is not reached by any rule");
}

static void test_manual_and_check(void **state)
{
	(void)state;
	expect_error(HEAD RULE("manual=\"true\" check=\"x\"", "fw-1") "</catalog>\n", false,
		     "FILE:9: rule 'r.one' must have either a check or manual=\"true\", not both");
	expect_error(HEAD RULE("", "fw-1") "</catalog>\n", false,
		     "not neither");
}

static void test_duplicate_of_shipped(void **state)
{
	(void)state;
	expect_error("<?xml version=\"1.0\"?>\n"
		     "<catalog xmlns=\"urn:ccaudit:catalog:1\" id=\"u\" version=\"1\">\n"
		     "  <rule id=\"manual.csvs-1.1\" manual=\"true\" severity=\"low\" roles=\"security\">\n"
		     "    <title>t</title><description>d</description>\n"
		     "    <maps>csvs-1.1</maps><remediation>r</remediation>\n  </rule>\n</catalog>\n",
		     true, "FILE:3: duplicate rule id 'manual.csvs-1.1' (first defined at ");
}

static void test_related_unknown(void **state)
{
	(void)state;
	expect_error("<?xml version=\"1.0\"?>\n"
		     "<catalog xmlns=\"urn:ccaudit:catalog:1\" id=\"t\" version=\"1\">\n"
		     "  <framework id=\"fw\" title=\"F\">\n"
		     "    <group id=\"G\" title=\"g\"/>\n"
		     "    <control id=\"fw-1\" ref=\"1\" group=\"G\" roles=\"security\">\n"
		     "      <title>t</title><description>d</description><related>fw-9</related>\n"
		     "    </control>\n  </framework>\n"
		     RULE("manual=\"true\"", "fw-1") "</catalog>\n", false,
		     "FILE:5: control 'fw-1' is related to unknown control 'fw-9'");
}

static void test_external_entity_not_loaded(void **state)
{
	int code = 0;
	const char *doc =
		"<?xml version=\"1.0\"?>\n"
		"<!DOCTYPE catalog [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>\n"
		"<catalog xmlns=\"urn:ccaudit:catalog:1\" id=\"t\" version=\"1\">\n"
		"  <framework id=\"fw\" title=\"F\">\n"
		"    <group id=\"G\" title=\"g\"/>\n"
		"    <control id=\"fw-1\" ref=\"1\" group=\"G\" roles=\"security\">\n"
		"      <title>&x;</title><description>d</description>\n"
		"    </control>\n  </framework>\n"
		RULE("manual=\"true\"", "fw-1") "</catalog>\n";
	char *msg = load_error(doc, strlen(doc), false, &code);

	(void)state;
	assert_non_null(msg);
	assert_string_equal(msg, "FILE:2: a catalog must not have a document type declaration");
	assert_null(strstr(msg, "root:"));
	free(msg);
}

static void test_binary_and_huge(void **state)
{
	static const char garbage[] = "\x7f" "ELF\x02\x01\x01\0\0\0\xff\xfe<catalog";
	int code = 0;
	char *msg = load_error(garbage, sizeof garbage - 1, false, &code);
	size_t big = 33u * 1024 * 1024;
	char *huge;

	(void)state;
	assert_non_null(msg);
	assert_non_null(strstr(msg, "FILE:1: "));
	assert_int_equal(code, CCA_EINPUT);
	free(msg);

	huge = cca_xmalloc(big);
	memset(huge, ' ', big);
	msg = load_error(huge, big, false, &code);
	free(huge);
	assert_non_null(msg);
	assert_non_null(strstr(msg, "larger than the limit"));
	assert_int_equal(code, CCA_ETOOBIG);
	free(msg);
}

static void test_missing_file(void **state)
{
	struct cca_catalog *cat = new_catalog();
	struct cca_error err;

	(void)state;
	assert_int_equal(cca_catalog_load(cat, "/nonexistent/catalog.xml", &err), -1);
	assert_int_equal(err.code, CCA_EIO);
	assert_non_null(strstr(err.msg, "'/nonexistent/catalog.xml'"));
	cca_catalog_free(cat);
	cca_catalog_free(NULL);
}

/* ---- the compiled image of the shipped catalog ---------------------------- */

static void same_str(const char *a, const char *b, const char *what, const char *id)
{
	if (!a || !b) {
		if (a != b)
			fail_msg("%s of '%s': '%s' against '%s'", what, id, a ? a : "(null)",
				 b ? b : "(null)");
		return;
	}
	if (strcmp(a, b) != 0)
		fail_msg("%s of '%s': '%s' against '%s'", what, id, a, b);
}

static void same_indexes(const size_t *a, size_t na, const size_t *b, size_t nb,
			 const char *what, const char *id)
{
	if (na != nb)
		fail_msg("%s of '%s': %zu against %zu", what, id, na, nb);
	for (size_t k = 0; k < na; k++)
		if (a[k] != b[k])
			fail_msg("%s of '%s': [%zu] %zu against %zu", what, id, k, a[k], b[k]);
}

/* Every record, field and lookup of a and b is the same. */
static void same_catalog(const struct cca_catalog *a, const struct cca_catalog *b)
{
	assert_string_equal(cca_catalog_version(a), cca_catalog_version(b));
	assert_int_equal(cca_catalog_nfiles(a), cca_catalog_nfiles(b));
	for (size_t i = 0; i < cca_catalog_nfiles(a); i++) {
		const struct cca_catalog_file *x = cca_catalog_file(a, i), *y = cca_catalog_file(b, i);

		assert_string_equal(x->path, y->path);
		assert_string_equal(x->sha256, y->sha256);
		assert_int_equal(x->size, y->size);
		assert_memory_equal(x->data, y->data, x->size);
	}
	assert_int_equal(cca_catalog_nframeworks(a), cca_catalog_nframeworks(b));
	for (size_t i = 0; i < cca_catalog_nframeworks(a); i++) {
		const struct cca_framework *x = cca_catalog_framework(a, i);
		const struct cca_framework *y = cca_catalog_framework(b, i);

		same_str(x->id, y->id, "framework", x->id);
		same_str(x->title, y->title, "title", x->id);
		same_str(x->version, y->version, "version", x->id);
		same_str(x->file, y->file, "file", x->id);
		assert_int_equal(x->line, y->line);
		assert_int_equal(x->ngroups, y->ngroups);
		for (size_t g = 0; g < x->ngroups; g++) {
			same_str(x->groups[g].id, y->groups[g].id, "group", x->id);
			same_str(x->groups[g].title, y->groups[g].title, "group title", x->id);
		}
	}
	assert_int_equal(cca_catalog_ncontrols(a), cca_catalog_ncontrols(b));
	for (size_t i = 0; i < cca_catalog_ncontrols(a); i++) {
		const struct cca_control *x = cca_catalog_control(a, i);
		const struct cca_control *y = cca_catalog_control(b, i);

		same_str(x->id, y->id, "control", x->id);
		same_str(x->ref, y->ref, "ref", x->id);
		same_str(x->title, y->title, "title", x->id);
		same_str(x->description, y->description, "description", x->id);
		same_str(x->file, y->file, "file", x->id);
		assert_int_equal(x->framework, y->framework);
		assert_int_equal(x->group, y->group);
		assert_int_equal(x->levels, y->levels);
		assert_int_equal(x->roles, y->roles);
		assert_int_equal(x->line, y->line);
		same_indexes(x->rules, x->nrules, y->rules, y->nrules, "rules", x->id);
		same_indexes(x->related, x->nrelated, y->related, y->nrelated, "related", x->id);
		assert_int_equal(cca_catalog_find_control(a, x->id), (long)i);
		assert_int_equal(cca_catalog_find_control(b, x->id), (long)i);
	}
	assert_int_equal(cca_catalog_nrules(a), cca_catalog_nrules(b));
	for (size_t i = 0; i < cca_catalog_nrules(a); i++) {
		const struct cca_rule *x = cca_catalog_rule(a, i), *y = cca_catalog_rule(b, i);

		same_str(x->id, y->id, "rule", x->id);
		same_str(x->check, y->check, "check", x->id);
		same_str(x->title, y->title, "title", x->id);
		same_str(x->description, y->description, "description", x->id);
		same_str(x->remediation, y->remediation, "remediation", x->id);
		same_str(x->file, y->file, "file", x->id);
		assert_int_equal(x->manual, y->manual);
		assert_int_equal(x->severity, y->severity);
		assert_int_equal(x->roles, y->roles);
		assert_int_equal(x->levels, y->levels);
		assert_int_equal(x->line, y->line);
		same_indexes(x->controls, x->ncontrols, y->controls, y->ncontrols, "controls", x->id);
		assert_int_equal(x->nparams, y->nparams);
		for (size_t k = 0; k < x->nparams; k++) {
			same_str(x->params[k].name, y->params[k].name, "param", x->id);
			same_str(x->params[k].value, y->params[k].value, "param value", x->id);
		}
		assert_int_equal(cca_catalog_find_rule(a, x->id), (long)i);
		assert_int_equal(cca_catalog_find_rule(b, x->id), (long)i);
	}
	assert_int_equal(cca_catalog_find_rule(a, "no.such-rule"), -1);
	assert_int_equal(cca_catalog_find_rule(b, "no.such-rule"), -1);
	assert_int_equal(cca_catalog_find_control(b, "csvs-99.99"), -1);
}

/* A catalog of the files at paths (relative to the source tree), finished. */
static struct cca_catalog *load_files(const struct cca_catalog_image *img,
				      const char *const *paths, size_t n)
{
	struct cca_catalog *cat = new_catalog();
	struct cca_error err;

	cca_error_clear(&err);
	cca_catalog_use_image(cat, img);
	for (size_t i = 0; i < n; i++) {
		char *p = srcpath(paths[i]);

		if (cca_catalog_load(cat, p, &err) < 0)
			fail_msg("%s: %s", paths[i], err.msg);
		free(p);
	}
	if (cca_catalog_finish(cat, &err) < 0)
		fail_msg("finish: %s", err.msg);
	return cat;
}

/* The compiled image of the shipped catalog is what parsing the file makes. */
static void test_image_is_the_parse(void **state)
{
	static const char *const files[] = { "catalogs/ccaudit.xml" };
	struct cca_catalog *parsed = load_files(NULL, files, 1);
	struct cca_catalog *compiled = load_files(&cca_shipped_catalog, files, 1);

	const struct cca_catalog_file *pf = cca_catalog_file(parsed, 0);
	const struct cca_catalog_file *cf = cca_catalog_file(compiled, 0);

	(void)state;
	assert_string_equal(cca_shipped_catalog.sha256, pf->sha256);
	assert_true(cca_catalog_nrules(compiled) > 200);
	same_catalog(parsed, compiled);
	/* The file recorded is the one read: its bytes and their digest. */
	assert_int_equal(cf->size, pf->size);
	assert_memory_equal(cf->data, pf->data, pf->size);
	assert_string_equal(cf->sha256, pf->sha256);
	/* It took the image's records (its very strings), not a parse. */
	assert_ptr_equal(cca_catalog_rule(compiled, 0)->title, cca_shipped_catalog.rules[0].title);
	assert_ptr_not_equal(cca_catalog_rule(parsed, 0)->title, cca_shipped_catalog.rules[0].title);
	cca_catalog_free(parsed);
	cca_catalog_free(compiled);
}

/* A user catalog on top of the image: the image's records are copied back
 * into loaded form, and the result is the one without the image. */
static void test_image_under_user_catalog(void **state)
{
	static const char *const files[] = { "catalogs/ccaudit.xml",
					     "tests/fixtures/catalog/user-extra.xml" };
	struct cca_catalog *parsed = load_files(NULL, files, 2);
	struct cca_catalog *compiled = load_files(&cca_shipped_catalog, files, 2);
	struct cca_catalog *cat = new_catalog();
	char *p = srcpath("tests/fixtures/catalog/duplicate-shipped-rule-id.xml");
	char *shipped_path = srcpath("catalogs/ccaudit.xml");
	struct cca_error err;

	(void)state;
	same_catalog(parsed, compiled);
	assert_true(cca_catalog_find_rule(compiled, "manual.user-training-register") >= 0);
	cca_catalog_free(parsed);
	cca_catalog_free(compiled);
	/* A rule id of the image defined again is refused as in a parsed catalog. */
	cca_error_clear(&err);
	cca_catalog_use_image(cat, &cca_shipped_catalog);
	assert_int_equal(cca_catalog_load(cat, shipped_path, &err), 0);
	assert_int_equal(cca_catalog_load(cat, p, &err), -1);
	assert_int_equal(err.code, CCA_EINPUT);
	assert_non_null(strstr(err.msg, "duplicate rule id"));
	cca_catalog_free(cat);
	free(p);
	free(shipped_path);
}

/* A file with other bytes than the image's is parsed (and validated). */
static void test_image_of_other_bytes(void **state)
{
	char *xml = srcpath("catalogs/ccaudit.xml"), *data, *edited, *at;
	struct cca_catalog *cat = new_catalog();
	struct cca_error err;
	size_t len;
	long r;

	(void)state;
	cca_error_clear(&err);
	assert_int_equal(cca_file_read(xml, 1u << 24, &data, &len, &err), 0);
	/* The first rule's title, changed by one byte. */
	at = strstr(strstr(data, "<rule "), "<title>") + strlen("<title>");
	edited = cca_xstrndup(data, len);
	edited[at - data] = edited[at - data] == 'X' ? 'Y' : 'X';
	cca_catalog_use_image(cat, &cca_shipped_catalog);
	assert_int_equal(cca_catalog_load_data(cat, "edited.xml", edited, len, &err), 0);
	assert_int_equal(cca_catalog_finish(cat, &err), 0);
	r = cca_catalog_find_rule(cat, cca_shipped_catalog.rules[0].id);
	assert_true(r >= 0);
	assert_int_equal(cca_catalog_rule(cat, (size_t)r)->title[0], edited[at - data]);
	assert_string_not_equal(cca_catalog_rule(cat, (size_t)r)->title,
				cca_shipped_catalog.rules[0].title);
	cca_catalog_free(cat);
	/* Broken bytes are refused with FILE:LINE, never taken from the image. */
	cat = new_catalog();
	cca_catalog_use_image(cat, &cca_shipped_catalog);
	assert_int_equal(cca_catalog_load_data(cat, "truncated.xml", data, len / 2, &err), -1);
	assert_int_equal(err.code, CCA_EINPUT);
	assert_non_null(strstr(err.msg, "truncated.xml:"));
	cca_catalog_free(cat);
	free(edited);
	free(data);
	free(xml);
}

/* A schema that cannot be loaded is reported before an unreadable file. */
static void test_missing_schema_first(void **state)
{
	struct cca_catalog *cat = cca_catalog_new("/nonexistent/catalog.xsd");
	struct cca_error err;

	(void)state;
	assert_int_equal(cca_catalog_load(cat, "/nonexistent/catalog.xml", &err), -1);
	assert_non_null(strstr(err.msg, "cannot load the catalog schema"));
	assert_non_null(strstr(err.msg, "'/nonexistent/catalog.xsd'"));
	cca_catalog_free(cat);
}

static void test_names(void **state)
{
	enum cca_severity s;
	unsigned role;

	(void)state;
	assert_int_equal(cca_severity_parse("HIGH", &s), 0);
	assert_int_equal(s, CCA_SEV_HIGH);
	assert_int_equal(cca_severity_parse("urgent", &s), -1);
	assert_string_equal(cca_severity_name(CCA_SEV_CRITICAL), "critical");
	assert_int_equal(cca_role_parse("Ops", &role), -1);       /* not a prefix */
	assert_int_equal(cca_role_parse("oper", &role), 0);
	assert_int_equal(role, CCA_ROLE_OPERATIONS);
	assert_int_equal(cca_role_parse("SECURITY", &role), 0);
	assert_int_equal(role, CCA_ROLE_SECURITY);
	assert_int_equal(cca_role_parse("", &role), -1);
	assert_string_equal(cca_role_title(CCA_ROLE_DEVELOPMENT), "Development");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_shipped_counts),
		cmocka_unit_test(test_shipped_nist_ids),
		cmocka_unit_test(test_shipped_rules),
		cmocka_unit_test(test_valid_minimal),
		cmocka_unit_test(test_malformed),
		cmocka_unit_test(test_schema_violation),
		cmocka_unit_test(test_unknown_check),
		cmocka_unit_test(test_dangling_mapping),
		cmocka_unit_test(test_unreached_control),
		cmocka_unit_test(test_manual_and_check),
		cmocka_unit_test(test_duplicate_of_shipped),
		cmocka_unit_test(test_related_unknown),
		cmocka_unit_test(test_external_entity_not_loaded),
		cmocka_unit_test(test_binary_and_huge),
		cmocka_unit_test(test_missing_file),
		cmocka_unit_test(test_image_is_the_parse),
		cmocka_unit_test(test_image_under_user_catalog),
		cmocka_unit_test(test_image_of_other_bytes),
		cmocka_unit_test(test_missing_schema_first),
		cmocka_unit_test(test_names),
	};

	return cmocka_run_group_tests_name("catalog", tests, NULL, NULL);
}
