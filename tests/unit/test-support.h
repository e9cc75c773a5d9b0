/*
 * test-support.h - what several unit tests share: paths into the source
 * tree and fixtures, the shared corpora, loading a catalog (failing the
 * test when it cannot load), and the harness of the check tests: one
 * fixture collected as evidence, evaluated against the shipped catalog
 * with profile "all", then the rule's status and its findings compared
 * with a row of the test's table.
 */
#ifndef CCAUDIT_TESTS_SUPPORT_H
#define CCAUDIT_TESTS_SUPPORT_H

#include <stdbool.h>
#include <stddef.h>

#include "ccaudit/catalog.h"
#include "ccaudit/checks.h"
#include "ccaudit/engine.h"
#include "ccaudit/evidence.h"

/* "$env/rel", or "fallback/rel" when env is not set; the caller frees it. */
char *ts_path(const char *env, const char *fallback, const char *rel);

/* The catalog file at path, validated with the shipped XSD and finished;
 * fails the running test when it cannot load. */
struct cca_catalog *ts_catalog(const char *path);

/* The shipped catalog ($top_srcdir/catalogs/ccaudit.xml), finished. */
struct cca_catalog *ts_shipped_catalog(void);

/* ---- directories ---------------------------------------------------------- */

/* The shared corpora folder ($CCA_CORPORA, else
 * $top_srcdir/../shared/corpora) as a new string, or NULL when it is not
 * a directory (the corpus tests then skip). */
char *ts_corpora(void);

/* The entry names of dir without dot files, sorted by strcmp, *n their
 * count; NULL (and *n 0) when dir cannot be opened or is empty.  Free
 * with ts_free_list. */
char **ts_list_dir(const char *dir, size_t *n);
void ts_free_list(char **v, size_t n);

/* ---- the check tests ------------------------------------------------------ */

/* The day every check test evaluates on: 2026-01-01. */
#define TS_TODAY 20454

/* The shipped catalog and its profile "all": set by ts_load_shipped, a
 * cmocka group setup (it fails the run when either cannot load), and
 * freed by ts_free_shipped, the matching group teardown. */
extern struct cca_catalog *ts_cat;
extern struct cca_profile *ts_all;
int ts_load_shipped(void **state);
int ts_free_shipped(void **state);

/* The index of rule id in ts_cat; fails the test when there is none. */
size_t ts_rule_index(const char *id);

/* One audit.  The test collects into evidence (a new cca_evidence) and
 * calls ts_audit_run.  path, when not NULL, is the file the findings are
 * located in ("PATH" or "PATH:LINE", see ts_finding_lines).
 * ts_audit_close frees all three. */
struct ts_audit {
	char *path;
	struct cca_evidence *evidence;
	struct cca_eval *ev;
};

/* Evaluates a->evidence against ts_cat with profile p (ts_all when NULL):
 * runs the checks as run "t" and finishes on TS_TODAY; sets a->ev. */
void ts_audit_run(struct ts_audit *a, const struct cca_profile *p);
void ts_audit_close(struct ts_audit *a);

/* Fails the test ("what: error") when an item of a->evidence has an
 * error: the first item only, or every item when all is true. */
void ts_audit_no_error(const struct ts_audit *a, const char *what, bool all);

/* The result of rule id in the audit. */
const struct cca_rule_result *ts_result_of(const struct ts_audit *a, const char *id);

/* The lines of the findings of rule id that are not pass, sorted as
 * numbers and joined with spaces ("4 7"; 0 for a finding at "PATH"
 * without a line; "" for none), into buf of size bytes (what does not
 * fit is left out).  Fails the test when a finding is not at a->path. */
const char *ts_finding_lines(const struct ts_audit *a, const char *id, char *buf, size_t size);

/* Whether a finding of rule id that is not pass has text in its message
 * and at in its location (NULL: any). */
bool ts_finding_has(const struct ts_audit *a, const char *id, const char *text, const char *at);

/* ts_finding_has without a location. */
bool ts_finding_says(const struct ts_audit *a, const char *id, const char *text);

/* Fails the test when a finding, a rule message or an item error of the
 * audit holds secret; what names the audit in the failure. */
void ts_assert_never_shown(const struct ts_audit *a, const char *what, const char *secret);

/* One row of a check test's table: the audit of fixture must give rule
 * status, and its non-pass findings what where and says tell.  A table is
 * of one of two kinds, and its test passes each row to the matching
 * ts_expect_*:
 *   lines: where is the lines of the non-pass findings ("4 7", "" for
 *          none), says a part of the message of one of them, or NULL;
 *   at:    where is a part of one non-pass finding's location, says a
 *          part of that finding's message; either may be NULL (any).
 */
struct ts_row {
	const char *fixture;
	const char *rule;
	enum cca_status status;
	const char *where;
	const char *says;
};

/* Fails the test, naming the row, when the audit does not give what row
 * w of a lines table (ts_expect_lines) or an at table (ts_expect_at)
 * expects. */
void ts_expect_lines(const struct ts_audit *a, const struct ts_row *w);
void ts_expect_at(const struct ts_audit *a, const struct ts_row *w);

/* Calls check (which audits the row's fixture and calls ts_expect_*) on
 * every row of rows[0..n) whose rule is rule; returns how many. */
size_t ts_run_rule_rows(const struct ts_row *rows, size_t n, const char *rule,
			void (*check)(const struct ts_row *));

/* Every check on evidence of one of kinds (a NULL-terminated list) is the
 * check of an automated rule of ts_cat, and rows[0..nrows) hold at least
 * two fixtures where it fires (a status other than pass and
 * notapplicable) and two where it is quiet (pass or notapplicable);
 * otherwise the test fails.  adjust, when not NULL, is called with a
 * check's counts before they are judged and may change them (fixtures
 * kept in other tables); when it returns false the check's counts are
 * not judged.  Returns how many checks there are. */
size_t ts_check_fixture_counts(const char *const *kinds, const struct ts_row *rows,
			       size_t nrows,
			       bool (*adjust)(const struct cca_check *c, unsigned *fires,
					      unsigned *quiet));

/* Fails the test unless the rule of every informational row of
 * rows[0..n) is of severity info, and that of every failing row is not. */
void ts_check_severities(const struct ts_row *rows, size_t n);

#endif
