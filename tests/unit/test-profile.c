/*
 * test-profile.c - built-in profiles, the role filter, and tailoring files
 * in both formats (ccaudit YAML and XCCDF 1.2 Tailoring), including
 * hostile and broken input.
 *
 * Fixtures come from $CCA_FIXTURES (tests/fixtures when unset): the catalog
 * catalog/mini.xml (see its header for which rule is in which level) and
 * the tailoring files in tailoring/, each named for the one behaviour it
 * shows.  The catalog schema is $top_srcdir/catalogs/catalog.xsd.  Hostile
 * and broken files are generated into a temporary directory.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include <cmocka.h>

#include "ccaudit/catalog.h"
#include "ccaudit/error.h"
#include "ccaudit/util.h"

#define MAX_TMP 32

/* Shared by every test of the group. */
struct fixture {
	struct cca_catalog *cat;
	char fixtures[PATH_MAX];
	char tmpdir[PATH_MAX];
	char *tmpfiles[MAX_TMP];
	size_t ntmp;
};

/* Rule ids of catalog/mini.xml. */
#define R11 "manual.csvs-1.1"      /* levels 1 2 3, security, low */
#define R12 "manual.csvs-1.2"      /* levels 2 3, security, medium */
#define R31 "manual.csvs-3.1"      /* level 3, development, high */
#define RSCAN "manual.image-scan"  /* no CSVS, development operations, critical */
#define ROPS "manual.operations-review"  /* no CSVS, operations, info */

/* ---- setup -------------------------------------------------------------- */

/* Load catalog/mini.xml once and make a temporary directory. */
static int group_setup(void **state)
{
	struct fixture *f = cca_xcalloc(1, sizeof *f);
	const char *fx = getenv("CCA_FIXTURES"), *top = getenv("top_srcdir");
	const char *tmp = getenv("TMPDIR");
	struct cca_error err;
	char *xsd, *cat;

	snprintf(f->fixtures, sizeof f->fixtures, "%s",
		 fx && *fx ? fx : "tests/fixtures");
	xsd = cca_xasprintf("%s/catalogs/catalog.xsd", top && *top ? top : ".");
	cat = cca_xasprintf("%s/catalog/mini.xml", f->fixtures);
	f->cat = cca_catalog_new(xsd);
	if (cca_catalog_load(f->cat, cat, &err) < 0 ||
	    cca_catalog_finish(f->cat, &err) < 0) {
		fprintf(stderr, "cannot load the test catalog: %s\n", err.msg);
		return -1;
	}
	free(xsd);
	free(cat);
	snprintf(f->tmpdir, sizeof f->tmpdir, "%s/cca-test-profile-XXXXXX",
		 tmp && *tmp ? tmp : "/tmp");
	if (!mkdtemp(f->tmpdir))
		return -1;
	*state = f;
	return 0;
}

/* Remove the temporary files and free the catalog. */
static int group_teardown(void **state)
{
	struct fixture *f = *state;

	for (size_t i = 0; i < f->ntmp; i++) {
		unlink(f->tmpfiles[i]);
		free(f->tmpfiles[i]);
	}
	rmdir(f->tmpdir);
	cca_catalog_free(f->cat);
	free(f);
	return 0;
}

/* The path of fixture tailoring/name (a new string). */
static char *tailoring(void **state, const char *name)
{
	struct fixture *f = *state;

	return cca_xasprintf("%s/tailoring/%s", f->fixtures, name);
}

/* Write len bytes to a temporary file called name; returns its path (owned by the fixture). */
static const char *write_tmp(void **state, const char *name, const void *data,
			     size_t len)
{
	struct fixture *f = *state;
	char *path = cca_xasprintf("%s/%s", f->tmpdir, name);
	FILE *fp = fopen(path, "wb");

	assert_non_null(fp);
	assert_int_equal(fwrite(data, 1, len, fp), len);
	assert_int_equal(fclose(fp), 0);
	assert_true(f->ntmp < MAX_TMP);
	f->tmpfiles[f->ntmp++] = path;
	return path;
}

/* The whole fixture file tailoring/name (a new NUL-terminated string). */
static char *slurp(void **state, const char *name, size_t *len)
{
	struct cca_error err;
	char *path = tailoring(state, name), *data;

	assert_int_equal(cca_file_read(path, 1u << 20, &data, len, &err), 0);
	free(path);
	return data;
}

/* A built-in profile of the test catalog, which must exist. */
static struct cca_profile *profile(void **state, const char *name)
{
	struct fixture *f = *state;
	struct cca_error err;
	struct cca_profile *p = cca_profile_new(f->cat, name, &err);

	assert_non_null(p);
	return p;
}

/* The index of rule id in the test catalog. */
static size_t rule(void **state, const char *id)
{
	struct fixture *f = *state;
	long i = cca_catalog_find_rule(f->cat, id);

	assert_true(i >= 0);
	return (size_t)i;
}

/* Whether p selects the rule called id. */
static bool selected(void **state, struct cca_profile *p, const char *id)
{
	return cca_profile_selected(p, rule(state, id));
}

/* Assert that exactly the rules in ids (NULL-terminated) are selected. */
static void assert_selection(void **state, struct cca_profile *p,
			     const char *const *ids)
{
	size_t n = 0;

	for (size_t i = 0; ids[i]; i++, n++)
		if (!selected(state, p, ids[i]))
			fail_msg("rule '%s' is not selected", ids[i]);
	assert_int_equal(cca_profile_nselected(p), n);
}

/* ---- profile state snapshots (a failed tailoring changes nothing) ------- */

struct snapshot {
	bool sel[16];
	enum cca_severity sev[16];
	char *maxage, *registry;
	size_t nselected;
};

/* Record what p selects, its severities and the image-scan parameters. */
static void snap(void **state, struct cca_profile *p, struct snapshot *s)
{
	struct fixture *f = *state;
	size_t n = cca_catalog_nrules(f->cat);

	assert_true(n <= 16);
	for (size_t i = 0; i < n; i++) {
		s->sel[i] = cca_profile_selected(p, i);
		s->sev[i] = cca_profile_severity(p, i);
	}
	s->maxage = cca_xstrdup(cca_profile_param(p, rule(state, RSCAN), "max-age"));
	s->registry = cca_xstrdup(cca_profile_param(p, rule(state, RSCAN), "registry"));
	s->nselected = cca_profile_nselected(p);
}

/* Assert that p still matches the snapshot s, then release s. */
static void assert_unchanged(void **state, struct cca_profile *p,
			     struct snapshot *s)
{
	struct snapshot now;
	struct fixture *f = *state;

	snap(state, p, &now);
	for (size_t i = 0; i < cca_catalog_nrules(f->cat); i++) {
		assert_int_equal(now.sel[i], s->sel[i]);
		assert_int_equal(now.sev[i], s->sev[i]);
	}
	assert_string_equal(now.maxage, s->maxage);
	assert_string_equal(now.registry, s->registry);
	assert_int_equal(now.nselected, s->nselected);
	assert_null(cca_profile_tailoring(p));
	free(now.maxage);
	free(now.registry);
	free(s->maxage);
	free(s->registry);
}

/*
 * Apply the tailoring at path to a fresh profile base and assert that it
 * fails with code, a message that starts "PATH:LINE:" (followed by the
 * column for YAML syntax errors) and contains what, and leaves the profile
 * untouched.
 */
static void expect_failure_at(void **state, const char *base, const char *path,
			      enum cca_errcode code, unsigned line,
			      const char *what)
{
	struct cca_profile *p = profile(state, base);
	struct cca_error err = { .code = CCA_OK };
	struct snapshot s;
	char *prefix = cca_xasprintf("%s:%u:", path, line);

	snap(state, p, &s);
	assert_int_equal(cca_profile_tailor(p, path, &err), -1);
	if (err.code != code || strncmp(err.msg, prefix, strlen(prefix)) != 0 ||
	    !strstr(err.msg, what))
		fail_msg("code %d, message:\n  %s\nwanted code %d, prefix '%s' and '%s'",
			 err.code, err.msg, code, prefix, what);
	assert_unchanged(state, p, &s);
	free(prefix);
	cca_profile_free(p);
}

/* expect_failure_at for the fixture tailoring/name, code CCA_EINPUT. */
static void expect_failure(void **state, const char *base, const char *name,
			   unsigned line, const char *what)
{
	char *path = tailoring(state, name);

	expect_failure_at(state, base, path, CCA_EINPUT, line, what);
	free(path);
}

/* ---- built-in profiles -------------------------------------------------- */

/* "all" selects every rule; csvs-lN selects the rules of level N. */
static void test_builtin_levels(void **state)
{
	static const char *const all[] = { R11, R12, R31, RSCAN, ROPS, NULL };
	static const char *const l1[] = { R11, RSCAN, ROPS, NULL };
	static const char *const l2[] = { R11, R12, RSCAN, ROPS, NULL };
	struct cca_profile *p;

	p = profile(state, "all");
	assert_int_equal(cca_profile_level(p), 0);
	assert_string_equal(cca_profile_name(p), "all");
	assert_selection(state, p, all);
	cca_profile_free(p);

	p = profile(state, "csvs-l1");
	assert_int_equal(cca_profile_level(p), 1);
	assert_selection(state, p, l1);
	cca_profile_free(p);

	p = profile(state, "csvs-l2");
	assert_int_equal(cca_profile_level(p), 2);
	assert_selection(state, p, l2);
	cca_profile_free(p);

	p = profile(state, "csvs-l3");
	assert_int_equal(cca_profile_level(p), 3);
	assert_selection(state, p, all);
	assert_null(cca_profile_tailoring(p));
	assert_int_equal(cca_profile_roles(p), CCA_ROLE_ALL);
	cca_profile_free(p);
}

/* A rule that maps no CSVS requirement belongs to every level. */
static void test_rules_without_csvs_in_every_level(void **state)
{
	static const char *const names[] = { "all", "csvs-l1", "csvs-l2", "csvs-l3" };

	for (size_t i = 0; i < CCA_ARRAY_SIZE(names); i++) {
		struct cca_profile *p = profile(state, names[i]);

		assert_true(selected(state, p, RSCAN));
		assert_true(selected(state, p, ROPS));
		cca_profile_free(p);
	}
	/* ... while a level-3-only rule stays out of levels 1 and 2. */
	{
		struct cca_profile *p = profile(state, "csvs-l2");

		assert_false(selected(state, p, R31));
		cca_profile_free(p);
	}
}

/* Severities and parameters start as the catalog declares them. */
static void test_builtin_defaults(void **state)
{
	struct cca_profile *p = profile(state, "all");

	assert_int_equal(cca_profile_severity(p, rule(state, RSCAN)), CCA_SEV_CRITICAL);
	assert_int_equal(cca_profile_severity(p, rule(state, ROPS)), CCA_SEV_INFO);
	assert_string_equal(cca_profile_param(p, rule(state, RSCAN), "max-age"), "30");
	assert_null(cca_profile_param(p, rule(state, RSCAN), "nope"));
	cca_profile_free(p);
}

/* The role filter keeps rules owned by one of the roles. */
static void test_role_filter(void **state)
{
	static const char *const dev[] = { R31, RSCAN, NULL };
	static const char *const sec_l1[] = { R11, NULL };
	static const char *const ops[] = { RSCAN, ROPS, NULL };
	struct cca_profile *p;

	p = profile(state, "csvs-l3");
	cca_profile_filter_roles(p, CCA_ROLE_DEVELOPMENT);
	assert_int_equal(cca_profile_roles(p), CCA_ROLE_DEVELOPMENT);
	assert_selection(state, p, dev);
	cca_profile_free(p);

	p = profile(state, "csvs-l1");
	cca_profile_filter_roles(p, CCA_ROLE_SECURITY);
	assert_selection(state, p, sec_l1);
	cca_profile_free(p);

	p = profile(state, "all");
	cca_profile_filter_roles(p, CCA_ROLE_OPERATIONS | CCA_ROLE_DEVELOPMENT);
	cca_profile_filter_roles(p, CCA_ROLE_OPERATIONS);
	assert_int_equal(cca_profile_roles(p), CCA_ROLE_OPERATIONS);
	assert_selection(state, p, ops);
	cca_profile_free(p);
}

/* An unknown profile name is a usage error with a suggestion. */
static void test_unknown_profile(void **state)
{
	struct fixture *f = *state;
	struct cca_error err;

	assert_null(cca_profile_new(f->cat, "csvs-l4", &err));
	assert_int_equal(err.code, CCA_EUSAGE);
	assert_non_null(strstr(err.msg, "unknown profile 'csvs-l4'"));
	assert_non_null(strstr(err.msg, "did you mean 'csvs-l1'"));
	assert_non_null(strstr(err.msg, "csvs-l3"));

	assert_null(cca_profile_new(f->cat, "paranoid", &err));
	assert_int_equal(err.code, CCA_EUSAGE);
	assert_null(strstr(err.msg, "did you mean"));
	assert_non_null(strstr(err.msg, "choose all, csvs-l1, csvs-l2 or csvs-l3"));
}

/* ---- YAML tailoring ----------------------------------------------------- */

/* select, deselect, selected, severity and params all apply. */
static void test_yaml_applies(void **state)
{
	static const char *const want[] = { R11, R12, R31, RSCAN, NULL };
	struct cca_profile *p = profile(state, "csvs-l1");
	char *path = tailoring(state, "yaml-applies-all-changes.yaml");
	struct cca_error err;

	if (cca_profile_tailor(p, path, &err) < 0)
		fail_msg("%s", err.msg);
	assert_selection(state, p, want);
	assert_false(selected(state, p, ROPS));
	assert_int_equal(cca_profile_severity(p, rule(state, RSCAN)), CCA_SEV_HIGH);
	assert_int_equal(cca_profile_severity(p, rule(state, R11)), CCA_SEV_CRITICAL);
	assert_int_equal(cca_profile_severity(p, rule(state, R12)), CCA_SEV_MEDIUM);
	assert_string_equal(cca_profile_param(p, rule(state, RSCAN), "max-age"), "14");
	assert_string_equal(cca_profile_param(p, rule(state, RSCAN), "registry"),
			    "registry.internal.example");
	assert_string_equal(cca_profile_tailoring(p),
			    "csvs-l1 from yaml-applies-all-changes.yaml");
	free(path);
	cca_profile_free(p);
}

/* Each YAML error names the offending line; nothing is applied. */
static void test_yaml_errors(void **state)
{
	static const struct {
		const char *file, *profile;
		unsigned line;
		const char *what;
	} cases[] = {
		{ "yaml-unknown-rule-suggests.yaml", "csvs-l1", 7,
		  "unknown rule 'manual.image-scam'; did you mean 'manual.image-scan'" },
		{ "yaml-unknown-top-key.yaml", "csvs-l1", 2,
		  "unknown key 'selct' in the tailoring; did you mean 'select'" },
		{ "yaml-select-not-a-list.yaml", "csvs-l1", 3,
		  "'select' must be a list of rule ids, not a string" },
		{ "yaml-unknown-param.yaml", "csvs-l1", 6,
		  "rule 'manual.image-scan' has no parameter 'max-ag'; did you mean 'max-age'" },
		{ "yaml-param-lists-choices.yaml", "csvs-l1", 4,
		  "rule 'manual.image-scan' has no parameter 'timeout' (it has max-age or registry)" },
		{ "yaml-param-on-rule-without-params.yaml", "csvs-l1", 5,
		  "rule 'manual.csvs-1.1' has no parameter 'max-age' (it has no parameters)" },
		{ "yaml-param-not-scalar.yaml", "csvs-l1", 5,
		  "parameter 'max-age' of rule 'manual.image-scan' must be a single value, not a list" },
		{ "yaml-bad-severity.yaml", "csvs-l1", 4,
		  "invalid severity 'severe' for rule 'manual.csvs-1.1' (expected info, low, "
		  "medium, high or critical)" },
		{ "yaml-profile-mismatch.yaml", "csvs-l1", 2,
		  "the tailoring is for profile 'csvs-l2' but the profile in use is 'csvs-l1' "
		  "(run with --profile csvs-l2)" },
		{ "yaml-unknown-profile.yaml", "csvs-l1", 2, "unknown profile 'csvs-l9'" },
		{ "yaml-missing-format-version.yaml", "csvs-l1", 2,
		  "missing 'ccaudit-tailoring: 1'" },
		{ "yaml-wrong-format-version.yaml", "csvs-l1", 1,
		  "unsupported tailoring format version 2 (this ccaudit reads version 1)" },
		{ "yaml-select-deselect-conflict.yaml", "csvs-l1", 6,
		  "rule 'manual.csvs-1.1' is deselected here but selected at line 4" },
		{ "yaml-unknown-rule-key.yaml", "csvs-l1", 4,
		  "unknown key 'severty' in rule 'manual.csvs-1.1'; did you mean 'severity'" },
		{ "yaml-selected-not-boolean.yaml", "csvs-l1", 5,
		  "'selected' of rule 'manual.csvs-1.2' must be true or false, not a string" },
		{ "yaml-answers-file.yaml", "csvs-l1", 1,
		  "this is an answers file, not a tailoring file" },
	};

	for (size_t i = 0; i < CCA_ARRAY_SIZE(cases); i++)
		expect_failure(state, cases[i].profile, cases[i].file, cases[i].line,
			       cases[i].what);
}

/* The "profile:" key is accepted when it names the profile in use. */
static void test_yaml_profile_matches(void **state)
{
	struct cca_profile *p = profile(state, "csvs-l2");
	char *path = tailoring(state, "yaml-profile-mismatch.yaml");
	struct cca_error err;

	if (cca_profile_tailor(p, path, &err) < 0)
		fail_msg("%s", err.msg);
	assert_true(selected(state, p, R31));
	free(path);
	cca_profile_free(p);
}

/* ---- XCCDF tailoring ---------------------------------------------------- */

/* select, refine-rule severity (and "unknown") and set-value all apply. */
static void test_xccdf_applies(void **state)
{
	static const char *const want[] = { R11, R12, R31, RSCAN, NULL };
	struct cca_profile *p = profile(state, "csvs-l2");
	char *path = tailoring(state, "xccdf-applies-all-changes.xml");
	struct cca_error err;

	if (cca_profile_tailor(p, path, &err) < 0)
		fail_msg("%s", err.msg);
	assert_selection(state, p, want);
	assert_int_equal(cca_profile_severity(p, rule(state, RSCAN)), CCA_SEV_MEDIUM);
	assert_int_equal(cca_profile_severity(p, rule(state, R11)), CCA_SEV_LOW);
	assert_string_equal(cca_profile_param(p, rule(state, RSCAN), "max-age"), "7");
	assert_string_equal(cca_profile_param(p, rule(state, RSCAN), "registry"),
			    "registry.internal.example");
	assert_string_equal(cca_profile_tailoring(p),
			    "xccdf_org.example_profile_strict from xccdf-applies-all-changes.xml");
	free(path);
	cca_profile_free(p);
}

/* Each XCCDF error names the offending element's line; nothing is applied. */
static void test_xccdf_errors(void **state)
{
	static const struct {
		const char *file, *profile;
		unsigned line;
		const char *what;
	} cases[] = {
		{ "xccdf-several-profiles.xml", "csvs-l1", 7,
		  "the tailoring defines 2 profiles ('xccdf_org.example_profile_a', "
		  "'xccdf_org.example_profile_b')" },
		{ "xccdf-extends-other-profile.xml", "csvs-l1", 4,
		  "profile 'xccdf_org.example_profile_l3plus' extends "
		  "'xccdf_org.ccaudit_profile_csvs-l3' but the profile in use is 'csvs-l1' "
		  "(run with --profile csvs-l3)" },
		{ "xccdf-extends-foreign-profile.xml", "csvs-l1", 4,
		  "extends 'xccdf_org.ssgproject.content_profile_stig', which is not a "
		  "ccaudit profile" },
		{ "xccdf-foreign-idref.xml", "csvs-l1", 7,
		  "'select' idref 'xccdf_org.ssgproject.content_rule_no_empty_passwords' is "
		  "outside the xccdf_org.ccaudit_ namespace" },
		{ "xccdf-select-group-rejected.xml", "csvs-l1", 6,
		  "'select' idref 'xccdf_org.ccaudit_group_V1' does not name a rule" },
		{ "xccdf-unknown-rule.xml", "csvs-l1", 7,
		  "unknown rule 'xccdf_org.ccaudit_rule_manual.image-scam'; did you mean "
		  "'xccdf_org.ccaudit_rule_manual.image-scan'" },
		{ "xccdf-missing-version-time.xml", "csvs-l1", 3,
		  "'version' has no 'time' attribute" },
		{ "xccdf-refine-value-rejected.xml", "csvs-l1", 6,
		  "'refine-value' is not supported" },
		{ "xccdf-unknown-param.xml", "csvs-l1", 6,
		  "rule 'manual.image-scan' has no parameter 'maxage'; did you mean 'max-age'" },
		{ "xccdf-refine-rule-weight-rejected.xml", "csvs-l1", 6,
		  "'refine-rule' attribute 'weight' is not supported (ccaudit does not weight rules)" },
		{ "xccdf-critical-severity-rejected.xml", "csvs-l1", 6,
		  "invalid severity 'critical' in 'refine-rule'" },
		{ "xccdf-duplicate-select-rejected.xml", "csvs-l1", 8,
		  "'select' of 'xccdf_org.ccaudit_rule_manual.csvs-3.1' repeats the one at line 6" },
		{ "xccdf-benchmark-not-tailoring.xml", "csvs-l1", 2,
		  "root element 'Benchmark' is not an XCCDF 1.2 'Tailoring'" },
		{ "xccdf-1.1-tailoring-rejected.xml", "csvs-l1", 2,
		  "'Tailoring' in namespace 'http://checklists.nist.gov/xccdf/1.1' is not XCCDF 1.2" },
	};

	for (size_t i = 0; i < CCA_ARRAY_SIZE(cases); i++)
		expect_failure(state, cases[i].profile, cases[i].file, cases[i].line,
			       cases[i].what);
}

/* An XCCDF file behind a UTF-8 byte-order mark and blank lines is still XML. */
static void test_xccdf_with_bom(void **state)
{
	struct cca_profile *p = profile(state, "csvs-l2");
	struct cca_error err;
	size_t len;
	char *xml = slurp(state, "xccdf-applies-all-changes.xml", &len);
	const char *path, *decl = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
	char *data;

	assert_memory_equal(xml, decl, strlen(decl));
	data = cca_xasprintf("\xEF\xBB\xBF\n\n%s", xml + strlen(decl));
	path = write_tmp(state, "bom.xml", data, strlen(data));

	if (cca_profile_tailor(p, path, &err) < 0)
		fail_msg("%s", err.msg);
	assert_true(selected(state, p, R31));
	free(data);
	free(xml);
	cca_profile_free(p);
}

/* ---- hostile and broken input ------------------------------------------- */

/* A loopback listener that no parse may connect to; -1 when unavailable. */
static int listener(unsigned *port)
{
	struct sockaddr_in a = { .sin_family = AF_INET };
	socklen_t alen = sizeof a;
	int fd = socket(AF_INET, SOCK_STREAM, 0);

	if (fd < 0)
		return -1;
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (bind(fd, (struct sockaddr *)&a, sizeof a) < 0 || listen(fd, 4) < 0 ||
	    getsockname(fd, (struct sockaddr *)&a, &alen) < 0 ||
	    fcntl(fd, F_SETFL, O_NONBLOCK) < 0) {
		close(fd);
		return -1;
	}
	*port = ntohs(a.sin_port);
	return fd;
}

/* Assert that nobody connected to the listener fd, then close it. */
static void assert_no_connection(int fd)
{
	int c;

	if (fd < 0)
		return;
	c = accept(fd, NULL, NULL);
	if (c >= 0)
		close(c);
	assert_true(c < 0 && (errno == EAGAIN || errno == EWOULDBLOCK));
	close(fd);
}

#define XCCDF_HEAD \
	"<Tailoring xmlns=\"http://checklists.nist.gov/xccdf/1.2\" " \
	"id=\"xccdf_org.example_tailoring_x\">\n" \
	"  <version time=\"2026-01-15T10:00:00Z\">1</version>\n" \
	"  <Profile id=\"xccdf_org.example_profile_x\">\n"

/*
 * External entities (network and file) in an internal DTD subset, and an
 * external DTD: refused at the DOCTYPE line, nothing fetched or read.
 */
static void test_xccdf_external_entities_refused(void **state)
{
	unsigned port = 9;
	int fd = listener(&port);
	char *xxe = cca_xasprintf(
		"<?xml version=\"1.0\"?>\n"
		"<!DOCTYPE Tailoring [\n"
		"  <!ENTITY net SYSTEM \"http://127.0.0.1:%u/xxe\">\n"
		"  <!ENTITY file SYSTEM \"file:///etc/passwd\">\n"
		"  <!ENTITY %% param SYSTEM \"http://127.0.0.1:%u/param.dtd\">\n"
		"  %%param;\n"
		"]>\n"
		XCCDF_HEAD
		"    <title>&net;&file;</title>\n"
		"    <set-value idref=\"xccdf_org.ccaudit_value_manual.image-scan.registry\">"
		"&file;</set-value>\n"
		"  </Profile>\n</Tailoring>\n", port, port);
	char *dtd = cca_xasprintf(
		"<?xml version=\"1.0\"?>\n"
		"<!DOCTYPE Tailoring SYSTEM \"http://127.0.0.1:%u/tailoring.dtd\">\n"
		XCCDF_HEAD "  </Profile>\n</Tailoring>\n", port);
	const char *p1 = write_tmp(state, "xxe.xml", xxe, strlen(xxe));
	const char *p2 = write_tmp(state, "external-dtd.xml", dtd, strlen(dtd));

	expect_failure_at(state, "csvs-l1", p1, CCA_EINPUT, 2,
			  "a DOCTYPE is not allowed in a tailoring file");
	expect_failure_at(state, "csvs-l1", p2, CCA_EINPUT, 2,
			  "a DOCTYPE is not allowed in a tailoring file");
	assert_no_connection(fd);
	free(xxe);
	free(dtd);
}

/* "Billion laughs": refused at the DOCTYPE, before any expansion. */
static void test_xccdf_billion_laughs_refused(void **state)
{
	struct cca_buf b;
	const char *path;

	cca_buf_init(&b);
	cca_buf_puts(&b, "<?xml version=\"1.0\"?>\n<!DOCTYPE Tailoring [\n"
		     "  <!ENTITY lol0 \"lol\">\n");
	for (int i = 1; i <= 9; i++)
		cca_buf_printf(&b, "  <!ENTITY lol%d \"&lol%d;&lol%d;&lol%d;&lol%d;&lol%d;"
			       "&lol%d;&lol%d;&lol%d;&lol%d;&lol%d;\">\n", i,
			       i - 1, i - 1, i - 1, i - 1, i - 1, i - 1, i - 1, i - 1,
			       i - 1, i - 1);
	cca_buf_puts(&b, "]>\n" XCCDF_HEAD
		     "    <set-value idref=\"xccdf_org.ccaudit_value_manual.image-scan.registry\">"
		     "&lol9;</set-value>\n  </Profile>\n</Tailoring>\n");
	path = write_tmp(state, "billion-laughs.xml", b.data, b.len);
	expect_failure_at(state, "csvs-l1", path, CCA_EINPUT, 2,
			  "a DOCTYPE is not allowed in a tailoring file");
	cca_buf_release(&b);
}

/* An entity reference without any DTD is malformed XML, at its line. */
static void test_xccdf_undeclared_entity(void **state)
{
	static const char doc[] =
		"<?xml version=\"1.0\"?>\n" XCCDF_HEAD
		"    <title>&xxe;</title>\n  </Profile>\n</Tailoring>\n";
	const char *path = write_tmp(state, "undeclared-entity.xml", doc, sizeof doc - 1);

	expect_failure_at(state, "csvs-l1", path, CCA_EINPUT, 5,
			  "malformed XML: Entity 'xxe' not defined");
}

/* Lines past 65535 are reported exactly (libxml2 caps them otherwise). */
static void test_xccdf_big_line_numbers(void **state)
{
	struct cca_buf b;
	const char *path;

	cca_buf_init(&b);
	cca_buf_puts(&b, "<?xml version=\"1.0\"?>\n" XCCDF_HEAD);
	for (int i = 0; i < 70000; i++)
		cca_buf_putc(&b, '\n');
	cca_buf_puts(&b, "    <select idref=\"xccdf_org.ccaudit_rule_nope\" selected=\"true\"/>\n"
		     "  </Profile>\n</Tailoring>\n");
	path = write_tmp(state, "big-lines.xml", b.data, b.len);
	expect_failure_at(state, "csvs-l1", path, CCA_EINPUT, 70005,
			  "unknown rule 'xccdf_org.ccaudit_rule_nope'");
	cca_buf_release(&b);
}

/* The same nested-alias bomb in YAML stops at the node limit. */
static void test_yaml_alias_bomb(void **state)
{
	struct cca_profile *p = profile(state, "csvs-l1");
	struct cca_error err;
	struct cca_buf b;
	const char *path;

	cca_buf_init(&b);
	cca_buf_puts(&b, "ccaudit-tailoring: 1\n"
		     "l0: &l0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
	for (int i = 1; i <= 9; i++) {
		cca_buf_printf(&b, "l%d: &l%d [*l%d", i, i, i - 1);
		for (int k = 1; k < 10; k++)
			cca_buf_printf(&b, ", *l%d", i - 1);
		cca_buf_puts(&b, "]\n");
	}
	path = write_tmp(state, "alias-bomb.yaml", b.data, b.len);
	assert_int_equal(cca_profile_tailor(p, path, &err), -1);
	assert_int_equal(err.code, CCA_ETOOBIG);
	assert_null(cca_profile_tailoring(p));
	cca_buf_release(&b);
	cca_profile_free(p);
}

/* Binary garbage (an ELF header, or '<' then junk) fails cleanly at line 1. */
static void test_binary_garbage(void **state)
{
	static const char bad_utf8[] = "ccaudit-tailoring: 1\nselect: [\xC0\xAF]\n";
	unsigned char junk[4096];
	uint32_t x = 2463534242u;
	const char *path;

	for (size_t i = 0; i < sizeof junk; i++) {
		x ^= x << 13;
		x ^= x >> 17;
		x ^= x << 5;
		junk[i] = (unsigned char)x;
	}
	memcpy(junk, "\x7f" "ELF\x02\x01\x01\x00", 8);
	path = write_tmp(state, "garbage.bin", junk, sizeof junk);
	expect_failure_at(state, "csvs-l1", path, CCA_EINPUT, 1,
			  "binary data, not a tailoring file");

	memcpy(junk, "<\xff\xfe\x00\x01", 5);
	path = write_tmp(state, "garbage.xml", junk, sizeof junk);
	expect_failure_at(state, "csvs-l1", path, CCA_EINPUT, 1, "malformed XML: ");

	path = write_tmp(state, "bad-utf8.yaml", bad_utf8, sizeof bad_utf8 - 1);
	expect_failure_at(state, "csvs-l1", path, CCA_EINPUT, 2, "invalid UTF-8");
}

/* A file cut short fails with the line where it stops making sense. */
static void test_truncated_files(void **state)
{
	size_t len;
	char *yaml = slurp(state, "yaml-applies-all-changes.yaml", &len);
	char *xml = slurp(state, "xccdf-applies-all-changes.xml", &len);
	char *cut;
	const char *path;

	/* Inside the flow sequence of line 7: the parser gives up at the end. */
	cut = strstr(yaml, "[manual.oper");
	assert_non_null(cut);
	path = write_tmp(state, "truncated.yaml", yaml, (size_t)(cut - yaml) + 12);
	expect_failure_at(state, "csvs-l1", path, CCA_EINPUT, 8,
			  "did not find expected ',' or ']'");

	/* Inside the set-value of line 14. */
	cut = strstr(xml, "image-scan.max-age\">");
	assert_non_null(cut);
	path = write_tmp(state, "truncated.xml", xml, (size_t)(cut - xml) + 20);
	expect_failure_at(state, "csvs-l2", path, CCA_EINPUT, 14, "malformed XML: ");
	free(yaml);
	free(xml);
}

/* Empty, missing and oversized files. */
static void test_empty_missing_oversized(void **state)
{
	struct fixture *f = *state;
	char *missing = cca_xasprintf("%s/no-such-tailoring.yaml", f->tmpdir);
	size_t big = 8u * 1024 * 1024 + 1;
	char *blank = cca_xmalloc(big);
	const char *path;

	path = write_tmp(state, "empty.yaml", "", 0);
	expect_failure_at(state, "csvs-l1", path, CCA_EINPUT, 1, "empty tailoring file");
	path = write_tmp(state, "comments-only.yaml", "# nothing yet\n\n", 15);
	expect_failure_at(state, "csvs-l1", path, CCA_EINPUT, 1, "empty tailoring file");

	{
		struct cca_profile *p = profile(state, "csvs-l1");
		struct cca_error err;

		assert_int_equal(cca_profile_tailor(p, missing, &err), -1);
		assert_int_equal(err.code, CCA_EIO);
		assert_non_null(strstr(err.msg, "no-such-tailoring.yaml"));

		memset(blank, '\n', big);
		path = write_tmp(state, "oversized.yaml", blank, big);
		assert_int_equal(cca_profile_tailor(p, path, &err), -1);
		assert_int_equal(err.code, CCA_ETOOBIG);
		assert_null(cca_profile_tailoring(p));
		cca_profile_free(p);
	}
	free(blank);
	free(missing);
}

/* Run every test against the one test catalog; exit status is the failure count. */
int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_builtin_levels),
		cmocka_unit_test(test_rules_without_csvs_in_every_level),
		cmocka_unit_test(test_builtin_defaults),
		cmocka_unit_test(test_role_filter),
		cmocka_unit_test(test_unknown_profile),
		cmocka_unit_test(test_yaml_applies),
		cmocka_unit_test(test_yaml_errors),
		cmocka_unit_test(test_yaml_profile_matches),
		cmocka_unit_test(test_xccdf_applies),
		cmocka_unit_test(test_xccdf_errors),
		cmocka_unit_test(test_xccdf_with_bom),
		cmocka_unit_test(test_xccdf_external_entities_refused),
		cmocka_unit_test(test_xccdf_billion_laughs_refused),
		cmocka_unit_test(test_xccdf_undeclared_entity),
		cmocka_unit_test(test_xccdf_big_line_numbers),
		cmocka_unit_test(test_yaml_alias_bomb),
		cmocka_unit_test(test_binary_garbage),
		cmocka_unit_test(test_truncated_files),
		cmocka_unit_test(test_empty_missing_oversized),
	};

	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
