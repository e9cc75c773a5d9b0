/*
 * test-answers.c - the answers file reader: what it accepts, and the exact
 * FILE:LINE message for every kind of bad answer.
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
#include "ccaudit/engine.h"
#include "ccaudit/util.h"
#include "test-support.h"

static struct cca_catalog *cat;

static int load_shipped(void **state)
{
	(void)state;
	cat = ts_shipped_catalog();
	return 0;
}

static int free_shipped(void **state)
{
	(void)state;
	cca_catalog_free(cat);
	return 0;
}

/* Load text as an answers file: the answers, or NULL with *msg set
 * (the temp path replaced by FILE). */
static struct cca_answers *load(const char *text, char **msg, int *code)
{
	char path[] = "/tmp/cca-test-answers-XXXXXX";
	int fd = mkstemp(path);
	struct cca_answers *a = NULL;
	struct cca_error err;

	assert_true(fd >= 0);
	assert_int_equal(write(fd, text, strlen(text)), (ssize_t)strlen(text));
	close(fd);
	cca_error_clear(&err);
	*msg = NULL;
	if (cca_answers_load(path, cat, &a, &err) < 0) {
		char *p = strstr(err.msg, path);

		assert_null(a);
		*msg = p ? cca_xasprintf("FILE%s", p + strlen(path)) : cca_xstrdup(err.msg);
		*code = (int)err.code;
	}
	unlink(path);
	return a;
}

static void expect_error(const char *text, const char *want)
{
	char *msg;
	int code = 0;
	struct cca_answers *a = load(text, &msg, &code);

	if (a)
		fail_msg("accepted, expected: %s", want);
	if (strcmp(msg, want) != 0)
		fail_msg("got      '%s'\nexpected '%s'", msg, want);
	assert_int_equal(code, CCA_EINPUT);
	free(msg);
}

#define V "ccaudit-answers: 1\n"

static void test_full_answer(void **state)
{
	char *msg;
	int code;
	struct cca_answers *a = load(V "target: payments-api\n"
				     "answers:\n"
				     "  - id: manual.csvs-1.1\n"
				     "    status: pass\n"
				     "    by: J. Doe (Security)\n"
				     "    date: 2026-11-20\n"
				     "    expires: 2027-11-20\n"
				     "    note: training records in HR\n"
				     "    evidence: https://wiki.example.invalid/t\n"
				     "  - id: manual.csvs-1.3\n"
				     "    status: notapplicable\n"
				     "    by: K\n"
				     "    date: 2026-01-01\n"
				     "waivers:\n"
				     "  - id: manual.csvs-3.15\n"
				     "    by: CISO\n"
				     "    reason: agent replaced in Q1\n"
				     "    expires: 2027-03-01\n", &msg, &code);
	int64_t d;

	(void)state;
	assert_non_null(a);
	assert_string_equal(a->target, "payments-api");
	assert_int_equal(a->natt, 2);
	assert_string_equal(a->att[0].rule_id, "manual.csvs-1.1");
	assert_int_equal(a->att[0].status, CCA_PASS);
	assert_string_equal(a->att[0].by, "J. Doe (Security)");
	assert_int_equal(cca_date_parse("2026-11-20", &d), 0);
	assert_int_equal(a->att[0].date, d);
	assert_int_equal(cca_date_parse("2027-11-20", &d), 0);
	assert_int_equal(a->att[0].expires, d);
	assert_string_equal(a->att[0].note, "training records in HR");
	assert_string_equal(a->att[0].evidence, "https://wiki.example.invalid/t");
	assert_int_equal(a->att[0].line, 4);
	assert_int_equal(a->att[1].status, CCA_NOTAPPLICABLE);
	assert_int_equal(a->att[1].expires, CCA_NEVER);
	assert_null(a->att[1].note);
	assert_int_equal(a->nwaivers, 1);
	assert_string_equal(a->waivers[0].reason, "agent replaced in Q1");
	assert_null(a->waivers[0].target);
	assert_true(a->waivers[0].date == CCA_NO_DATE);
	cca_answers_free(a);
	cca_answers_free(NULL);
}

static void test_blank_template_entry_is_unanswered(void **state)
{
	char *msg;
	int code;
	struct cca_answers *a = load(V "target:\nanswers:\n"
				     "  - id: manual.csvs-1.1\n    status:\n    by:\n    date:\n"
				     "    expires:\n    note:\n    evidence:\n"
				     "waivers: []\n", &msg, &code);

	(void)state;
	assert_non_null(a);
	assert_int_equal(a->natt, 0);
	assert_null(a->target);
	cca_answers_free(a);
}

static void test_errors(void **state)
{
	(void)state;
	expect_error(V "answers:\n  - id: manual.csvs-99.9\n    status: pass\n",
		     "FILE:3: unknown rule id 'manual.csvs-99.9'");
	expect_error(V "answers:\n  - id: manual.csvs-1.1\n    status: passed\n    by: a\n    date: 2026-01-01\n",
		     "FILE:4: status 'passed' is not pass, fail or notapplicable");
	expect_error(V "answers:\n  - id: manual.csvs-1.1\n    status: pass\n    by: a\n    date: 2026-02-30\n",
		     "FILE:6: 'date' is not a date YYYY-MM-DD: '2026-02-30'");
	expect_error(V "answers:\n  - id: manual.csvs-1.1\n    status: pass\n    by: a\n    date: 20260101\n",
		     "FILE:6: 'date' must be a date YYYY-MM-DD");
	expect_error(V "answers:\n  - id: manual.csvs-1.1\n    status: pass\n    by: a\n"
		     "    date: 2026-05-01\n    expires: 2026-04-30\n",
		     "FILE:7: 'expires' is before 'date'");
	expect_error(V "answers:\n  - id: manual.csvs-1.1\n    status: pass\n    date: 2026-05-01\n",
		     "FILE:3: 'by' is required");
	expect_error(V "answers:\n  - id: manual.csvs-1.1\n    status: pass\n    by: ''\n    date: 2026-05-01\n",
		     "FILE:5: 'by' must not be empty");
	expect_error(V "answers:\n  - id: manual.csvs-1.1\n    status: pass\n    by: a\n    date: 2026-05-01\n"
		     "  - id: manual.csvs-1.1\n    status: fail\n    by: b\n    date: 2026-05-02\n",
		     "FILE:7: duplicate answer for 'manual.csvs-1.1' (first at line 3)");
	expect_error(V "answers:\n  - id: manual.csvs-1.1\n    status: pass\n    by: a\n    date: 2026-05-01\n"
		     "    expiry: 2027-01-01\n",
		     "FILE:7: unknown key 'expiry'; did you mean 'expires'?");
	expect_error(V "answer:\n  - id: manual.csvs-1.1\n",
		     "FILE:2: unknown key 'answer'; did you mean 'answers'?");
	expect_error("ccaudit-answers: 2\nanswers: []\n",
		     "FILE:1: unsupported answers format version (this ccaudit reads 1)");
	expect_error("answers: []\n",
		     "FILE:1: not an answers file: 'ccaudit-answers: 1' is missing");
	expect_error("- just\n- a list\n",
		     "FILE:1: not an answers file: expected a mapping with 'ccaudit-answers: 1'");
	expect_error(V "answers: manual.csvs-1.1\n", "FILE:2: 'answers' must be a list");
	expect_error(V "answers:\n  - manual.csvs-1.1\n",
		     "FILE:3: an answer must be a mapping with 'id' and 'status'");
	expect_error(V "answers:\n  - id: manual.csvs-1.1\n    status: pass\n    by: [a, b]\n    date: 2026-05-01\n",
		     "FILE:5: 'by' must be text");
	expect_error(V "waivers:\n  - id: manual.csvs-1.1\n    by: a\n    reason: r\n",
		     "FILE:3: 'expires' is required");
	expect_error(V "waivers:\n  - id: manual.csvs-1.1\n    by: a\n    reason: r\n    expires: 2027-01-01\n"
		     "  - id: manual.csvs-1.1\n    by: b\n    reason: s\n    expires: 2027-01-01\n",
		     "FILE:7: duplicate waiver for 'manual.csvs-1.1' (first at line 3)");
}

static void test_hostile_inputs(void **state)
{
	char *msg;
	int code = 0;
	struct cca_answers *a;

	(void)state;
	/* not YAML at all */
	a = load("\x7f" "ELF\x02\x01\x01\x01\x01\x01\x01\xff\xfe\n", &msg, &code);
	assert_null(a);
	assert_non_null(strstr(msg, "FILE:1:"));
	free(msg);
	/* truncated flow sequence */
	a = load(V "answers: [ {id: manual.csvs-1.1, status: pass\n", &msg, &code);
	assert_null(a);
	assert_non_null(strstr(msg, "FILE:"));
	free(msg);
	/* invalid UTF-8 in a note */
	a = load(V "answers:\n  - id: manual.csvs-1.1\n    status: pass\n    by: a\n"
		 "    date: 2026-01-01\n    note: bad \xc3\x28 byte\n", &msg, &code);
	assert_null(a);
	assert_int_equal(code, CCA_EINPUT);
	free(msg);
	/* alias bomb: bounded, an error about size */
	a = load(V "a: &a [x, x, x, x, x, x, x, x, x, x]\n"
		 "b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\n"
		 "c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]\n"
		 "d: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]\n"
		 "e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d, *d]\n"
		 "f: &f [*e, *e, *e, *e, *e, *e, *e, *e, *e, *e]\n"
		 "g: &g [*f, *f, *f, *f, *f, *f, *f, *f, *f, *f]\n"
		 "h: &h [*g, *g, *g, *g, *g, *g, *g, *g, *g, *g]\n", &msg, &code);
	assert_null(a);
	assert_int_equal(code, CCA_ETOOBIG);
	free(msg);
}

static void test_missing_file(void **state)
{
	struct cca_answers *a = NULL;
	struct cca_error err;

	(void)state;
	assert_int_equal(cca_answers_load("/nonexistent/answers.yaml", cat, &a, &err), -1);
	assert_null(a);
	assert_int_equal(err.code, CCA_EIO);
	assert_non_null(strstr(err.msg, "'/nonexistent/answers.yaml'"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_full_answer),
		cmocka_unit_test(test_blank_template_entry_is_unanswered),
		cmocka_unit_test(test_errors),
		cmocka_unit_test(test_hostile_inputs),
		cmocka_unit_test(test_missing_file),
	};

	return cmocka_run_group_tests_name("answers", tests, load_shipped, free_shipped);
}
