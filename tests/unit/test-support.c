/* test-support.c - see test-support.h. */
#include <dirent.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <cmocka.h>

#include "ccaudit/checks.h"
#include "ccaudit/util.h"
#include "test-support.h"

char *ts_path(const char *env, const char *fallback, const char *rel)
{
	const char *base = getenv(env);

	return cca_xasprintf("%s/%s", base && *base ? base : fallback, rel);
}

struct cca_catalog *ts_catalog(const char *path)
{
	char *xsd = ts_path("top_srcdir", ".", "catalogs/catalog.xsd");
	struct cca_catalog *cat = cca_catalog_new(xsd);
	struct cca_error err;

	cca_error_clear(&err);
	if (cca_catalog_load(cat, path, &err) < 0 || cca_catalog_finish(cat, &err) < 0)
		fail_msg("cannot load %s: %s", path, err.msg);
	free(xsd);
	return cat;
}

struct cca_catalog *ts_shipped_catalog(void)
{
	char *xml = ts_path("top_srcdir", ".", "catalogs/ccaudit.xml");
	struct cca_catalog *cat = ts_catalog(xml);

	free(xml);
	return cat;
}

/* ---- directories ---------------------------------------------------------- */

char *ts_corpora(void)
{
	const char *env = getenv("CCA_CORPORA"), *top = getenv("top_srcdir");
	char *dir;
	struct stat st;

	if (env && *env)
		dir = cca_xstrdup(env);
	else
		dir = cca_xasprintf("%s/../shared/corpora", top && *top ? top : ".");
	if (stat(dir, &st) == 0 && S_ISDIR(st.st_mode))
		return dir;
	free(dir);
	return NULL;
}

static int cmp_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

char **ts_list_dir(const char *dir, size_t *n)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	char **v = NULL;

	*n = 0;
	if (!d)
		return NULL;
	while ((e = readdir(d)) != NULL) {
		if (e->d_name[0] == '.')
			continue;
		v = cca_xreallocarray(v, *n + 1, sizeof *v);
		v[(*n)++] = cca_xstrdup(e->d_name);
	}
	closedir(d);
	if (*n)
		qsort(v, *n, sizeof *v, cmp_names);
	return v;
}

void ts_free_list(char **v, size_t n)
{
	for (size_t k = 0; k < n; k++)
		free(v[k]);
	free(v);
}

/* ---- the check tests ------------------------------------------------------ */

struct cca_catalog *ts_cat;
struct cca_profile *ts_all;

int ts_load_shipped(void **state)
{
	struct cca_error err;

	(void)state;
	ts_cat = ts_shipped_catalog();
	ts_all = cca_profile_new(ts_cat, "all", &err);
	if (!ts_all)
		fail_msg("%s", err.msg);
	return 0;
}

int ts_free_shipped(void **state)
{
	(void)state;
	cca_profile_free(ts_all);
	cca_catalog_free(ts_cat);
	return 0;
}

size_t ts_rule_index(const char *id)
{
	long r = cca_catalog_find_rule(ts_cat, id);

	if (r < 0)
		fail_msg("no rule '%s' in the shipped catalog", id);
	return (size_t)r;
}

void ts_audit_run(struct ts_audit *a, const struct cca_profile *p)
{
	a->ev = cca_eval_new(ts_cat, p ? p : ts_all);
	cca_eval_run_checks(a->ev, a->evidence, "t");
	cca_eval_finish(a->ev, TS_TODAY);
}

void ts_audit_close(struct ts_audit *a)
{
	cca_eval_free(a->ev);
	cca_evidence_free(a->evidence);
	free(a->path);
}

void ts_audit_no_error(const struct ts_audit *a, const char *what, bool all)
{
	size_t n = all ? cca_evidence_count(a->evidence) : 1;

	for (size_t i = 0; i < n; i++)
		if (cca_evidence_item(a->evidence, i)->error)
			fail_msg("%s: %s", what, cca_evidence_item(a->evidence, i)->error);
}

const struct cca_rule_result *ts_result_of(const struct ts_audit *a, const char *id)
{
	return cca_eval_rule(a->ev, ts_rule_index(id));
}

/* The line of a finding location "PATH:LINE" (0 for "PATH"). */
static unsigned line_of(const struct ts_audit *a, const struct cca_finding *f)
{
	size_t n = strlen(a->path);

	if (strncmp(f->location, a->path, n) != 0)
		fail_msg("finding at '%s' is not in '%s'", f->location, a->path);
	return f->location[n] == ':' ? (unsigned)strtoul(f->location + n + 1, NULL, 10) : 0;
}

const char *ts_finding_lines(const struct ts_audit *a, const char *id, char *buf, size_t size)
{
	const struct cca_rule_result *r = ts_result_of(a, id);
	unsigned lines[256];
	size_t n = 0, len = 0;

	for (size_t k = r->first_finding; k < r->first_finding + r->nfindings; k++) {
		const struct cca_finding *f = cca_eval_finding(a->ev, k);

		if (f->status != CCA_PASS && n < 256)
			lines[n++] = line_of(a, f);
	}
	/* insertion sort: locations sort as text, lines as numbers */
	for (size_t i = 1; i < n; i++)
		for (size_t j = i; j > 0 && lines[j - 1] > lines[j]; j--) {
			unsigned t = lines[j];

			lines[j] = lines[j - 1];
			lines[j - 1] = t;
		}
	buf[0] = '\0';
	for (size_t i = 0; i < n && len + 12 < size; i++)
		len += (size_t)snprintf(buf + len, size - len, "%s%u", i ? " " : "", lines[i]);
	return buf;
}

bool ts_finding_has(const struct ts_audit *a, const char *id, const char *text, const char *at)
{
	const struct cca_rule_result *r = ts_result_of(a, id);

	for (size_t k = r->first_finding; k < r->first_finding + r->nfindings; k++) {
		const struct cca_finding *f = cca_eval_finding(a->ev, k);

		if (f->status != CCA_PASS && (!text || strstr(f->message, text)) &&
		    (!at || strstr(f->location, at)))
			return true;
	}
	return false;
}

bool ts_finding_says(const struct ts_audit *a, const char *id, const char *text)
{
	return ts_finding_has(a, id, text, NULL);
}

void ts_assert_never_shown(const struct ts_audit *a, const char *what, const char *secret)
{
	for (size_t k = 0; k < cca_eval_nfindings(a->ev); k++) {
		const struct cca_finding *f = cca_eval_finding(a->ev, k);

		if (strstr(f->message, secret) || strstr(f->location, secret))
			fail_msg("%s: a finding shows '%s': %s (%s)", what, secret, f->message,
				 f->location);
	}
	for (size_t i = 0; i < cca_catalog_nrules(ts_cat); i++) {
		const char *m = cca_eval_rule(a->ev, i)->message;

		if (m && strstr(m, secret))
			fail_msg("%s: a rule message shows '%s': %s", what, secret, m);
	}
	for (size_t i = 0; i < cca_evidence_count(a->evidence); i++) {
		const struct cca_evidence_item *it = cca_evidence_item(a->evidence, i);

		if (it->error && strstr(it->error, secret))
			fail_msg("%s: an item error shows '%s': %s", what, secret, it->error);
	}
}

void ts_expect_lines(const struct ts_audit *a, const struct ts_row *w)
{
	const struct cca_rule_result *r = ts_result_of(a, w->rule);
	char lines[512];

	if (r->status != w->status)
		fail_msg("%s: %s is %s, expected %s (%s)", w->fixture, w->rule,
			 cca_status_name(r->status), cca_status_name(w->status), r->message);
	ts_finding_lines(a, w->rule, lines, sizeof lines);
	if (strcmp(lines, w->where) != 0)
		fail_msg("%s: %s reports at lines '%s', expected '%s' (%s)", w->fixture, w->rule,
			 lines, w->where, r->message);
	if (w->says && !ts_finding_says(a, w->rule, w->says))
		fail_msg("%s: no message of %s says \"%s\" (%s)", w->fixture, w->rule, w->says,
			 r->message);
}

void ts_expect_at(const struct ts_audit *a, const struct ts_row *w)
{
	const struct cca_rule_result *r = ts_result_of(a, w->rule);

	if (r->status != w->status)
		fail_msg("%s: %s is %s, expected %s (%s)", w->fixture, w->rule,
			 cca_status_name(r->status), cca_status_name(w->status), r->message);
	if ((w->where || w->says) && !ts_finding_has(a, w->rule, w->says, w->where))
		fail_msg("%s: no finding of %s at '%s' says \"%s\" (%s)", w->fixture, w->rule,
			 w->where ? w->where : "", w->says ? w->says : "", r->message);
}

size_t ts_run_rule_rows(const struct ts_row *rows, size_t n, const char *rule,
			void (*check)(const struct ts_row *))
{
	size_t count = 0;

	for (size_t i = 0; i < n; i++)
		if (strcmp(rows[i].rule, rule) == 0) {
			check(&rows[i]);
			count++;
		}
	return count;
}

static bool of_kind(const char *evidence, const char *const *kinds)
{
	for (; *kinds; kinds++)
		if (strcmp(evidence, *kinds) == 0)
			return true;
	return false;
}

size_t ts_check_fixture_counts(const char *const *kinds, const struct ts_row *rows,
			       size_t nrows,
			       bool (*adjust)(const struct cca_check *c, unsigned *fires,
					      unsigned *quiet))
{
	size_t nchecks = 0;

	for (size_t i = 0; i < cca_check_count(); i++) {
		const struct cca_check *c = cca_check_at(i);
		const struct cca_rule *r;
		unsigned fires = 0, quiet = 0;

		if (!of_kind(c->evidence, kinds))
			continue;
		nchecks++;
		r = cca_catalog_rule(ts_cat, ts_rule_index(c->id));
		assert_false(r->manual);
		assert_string_equal(r->check, c->id);
		for (size_t k = 0; k < nrows; k++) {
			if (strcmp(rows[k].rule, c->id) != 0)
				continue;
			if (rows[k].status == CCA_PASS || rows[k].status == CCA_NOTAPPLICABLE)
				quiet++;
			else
				fires++;
		}
		if (adjust && !adjust(c, &fires, &quiet))
			continue;
		if (fires < 2 || quiet < 2)
			fail_msg("%s has %u firing and %u quiet fixtures; at least 2 each", c->id,
				 fires, quiet);
	}
	return nchecks;
}

void ts_check_severities(const struct ts_row *rows, size_t n)
{
	for (size_t k = 0; k < n; k++) {
		const struct cca_rule *r = cca_catalog_rule(ts_cat, ts_rule_index(rows[k].rule));

		if (rows[k].status == CCA_INFORMATIONAL)
			assert_int_equal(r->severity, CCA_SEV_INFO);
		if (rows[k].status == CCA_FAIL)
			assert_int_not_equal(r->severity, CCA_SEV_INFO);
	}
}
