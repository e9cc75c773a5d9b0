/*
 * test-dockerfile.c - the Dockerfile parser, dump, stages and expansion
 * (src/evidence/dockerfile.c, src/evidence/dockerfile-expand.c).
 *
 * The BuildKit golden cases and the real Dockerfiles are read from the
 * shared corpora ($CCA_CORPORA, else $top_srcdir/../shared/corpora); those
 * tests skip when the folder is absent (e.g. inside make distcheck).
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
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

#include "ccaudit/dockerfile.h"
#include "ccaudit/util.h"
#include "test-support.h"

/* ---- helpers -------------------------------------------------------------- */

/* A string literal and its length, NUL bytes included. */
#define LIT(s) (s), (sizeof(s) - 1)

/* Parse len bytes as "t"; the test fails with the message on an error. */
static struct cca_dockerfile *parse_n(const char *text, size_t len)
{
	struct cca_dockerfile *df = NULL;
	struct cca_error err;

	cca_error_clear(&err);
	if (cca_dockerfile_parse("t", text, len, &df, &err) < 0)
		fail_msg("unexpected parse error: %s", err.msg);
	assert_non_null(df);
	return df;
}

static struct cca_dockerfile *parse(const char *text)
{
	return parse_n(text, strlen(text));
}

/* The dump of df as a new string. */
static char *dump(const struct cca_dockerfile *df)
{
	struct cca_buf b;

	cca_buf_init(&b);
	cca_dockerfile_dump(df, &b);
	return b.data ? cca_buf_detach(&b) : cca_xstrdup("");
}

/* Parse text and compare its dump with want. */
static void expect_dump(const char *text, const char *want)
{
	struct cca_dockerfile *df = parse(text);
	char *got = dump(df);

	assert_string_equal(got, want);
	free(got);
	cca_dockerfile_free(df);
}

/* Parse len bytes, expecting failure with code and exactly msg. */
static void expect_error_n(const char *data, size_t len, enum cca_errcode code,
			   const char *msg)
{
	struct cca_dockerfile *df = (struct cca_dockerfile *)&df;  /* poison */
	struct cca_error err;

	cca_error_clear(&err);
	assert_int_equal(cca_dockerfile_parse("t", data, len, &df, &err), -1);
	assert_null(df);
	assert_int_equal(err.code, code);
	assert_string_equal(err.msg, msg);
}

static void expect_error(const char *text, enum cca_errcode code, const char *msg)
{
	expect_error_n(text, strlen(text), code, msg);
}

/* The whole file at path (NUL-terminated) or NULL. */
static char *slurp(const char *path, size_t *len)
{
	struct cca_error err;
	char *data = NULL;

	if (cca_file_read(path, 64u * 1024 * 1024, &data, len, &err) < 0)
		return NULL;
	return data;
}

/* The fixture path for name (a new string). */
static char *fixture(const char *name)
{
	const char *dir = getenv("CCA_FIXTURES");

	return cca_xasprintf("%s/dockerfile/%s", dir && *dir ? dir : "tests/fixtures",
			     name);
}

static struct cca_dockerfile *load_fixture(const char *name)
{
	char *path = fixture(name);
	struct cca_dockerfile *df = NULL;
	struct cca_error err;

	if (cca_dockerfile_load(path, &df, &err) < 0)
		fail_msg("%s", err.msg);
	free(path);
	return df;
}

/* Print the first line where got and want differ. */
static void show_difference(const char *name, const char *got, const char *want)
{
	unsigned line = 1;
	const char *g = got, *w = want;

	while (*g && *g == *w) {
		line += *g == '\n';
		g++;
		w++;
	}
	while (g > got && g[-1] != '\n') {
		g--;
		w--;
	}
	printf("# %s: first difference at result line %u\n#   want: %.*s\n#   got:  %.*s\n",
	       name, line, (int)strcspn(w, "\n"), w, (int)strcspn(g, "\n"), g);
}

/* ---- 1. golden: BuildKit's own parse dumps ------------------------------------- */

static void test_golden(void **state)
{
	char *root = ts_corpora(), *dir, **cases;
	size_t n, equal = 0;
	const char *first = NULL;

	(void)state;
	if (!root) {
		printf("# shared corpora not found: skipping the BuildKit golden cases\n");
		skip();
	}
	dir = cca_xasprintf("%s/dockerfile-parser/buildkit/testfiles", root);
	cases = ts_list_dir(dir, &n);
	assert_int_equal(n, 33);
	for (size_t k = 0; k < n; k++) {
		char *df_path = cca_xasprintf("%s/%s/Dockerfile", dir, cases[k]);
		char *res_path = cca_xasprintf("%s/%s/result", dir, cases[k]);
		size_t len;
		char *want = slurp(res_path, &len);
		struct cca_dockerfile *df = NULL;
		struct cca_error err;

		assert_non_null(want);
		if (cca_dockerfile_load(df_path, &df, &err) < 0) {
			printf("# %s: %s\n", cases[k], err.msg);
			if (!first)
				first = cases[k];
		} else {
			char *got = dump(df);

			if (strcmp(got, want) == 0) {
				equal++;
			} else if (!first) {
				first = cases[k];
				show_difference(cases[k], got, want);
			}
			free(got);
			cca_dockerfile_free(df);
		}
		free(want);
		free(df_path);
		free(res_path);
	}
	printf("# %zu/%zu buildkit golden cases equal\n", equal, n);
	if (first)
		fail_msg("golden case '%s' differs", first);
	ts_free_list(cases, n);
	free(dir);
	free(root);
}

/* ---- 2. negative cases ----------------------------------------------------------- */

static void test_negative_corpus(void **state)
{
	static const struct {
		const char *name;
		unsigned line;  /* 0: only the "PATH:N: " form is checked */
	} cases[] = {
		{"empty_dockerfile", 0},
		{"env_no_value", 3},
		{"only_comments", 0},
		{"shykes-nested-json", 1},
	};
	char *root = ts_corpora(), *dir, **names;
	size_t n;

	(void)state;
	if (!root) {
		printf("# shared corpora not found: skipping the negative cases\n");
		skip();
	}
	dir = cca_xasprintf("%s/dockerfile-parser/buildkit/testfiles-negative", root);
	names = ts_list_dir(dir, &n);
	assert_int_equal(n, CCA_ARRAY_SIZE(cases));
	for (size_t k = 0; k < n; k++) {
		char *path = cca_xasprintf("%s/%s/Dockerfile", dir, names[k]);
		struct cca_dockerfile *df = (struct cca_dockerfile *)&df;
		struct cca_error err;
		char *prefix;
		unsigned line = 0;

		assert_string_equal(names[k], cases[k].name);
		assert_int_equal(cca_dockerfile_load(path, &df, &err), -1);
		assert_null(df);
		assert_int_equal(err.code, CCA_EINPUT);
		prefix = cca_xasprintf("%s:", path);
		assert_memory_equal(err.msg, prefix, strlen(prefix));
		assert_int_equal(sscanf(err.msg + strlen(prefix), "%u", &line), 1);
		assert_true(line >= 1);
		assert_non_null(strstr(err.msg + strlen(prefix), ": "));
		if (cases[k].line) {
			char *want = cca_xasprintf("%s%u: ", prefix, cases[k].line);

			assert_memory_equal(err.msg, want, strlen(want));
			free(want);
		}
		free(prefix);
		free(path);
	}
	ts_free_list(names, n);
	free(dir);
	free(root);
}

static void test_negative_inline(void **state)
{
	(void)state;
	expect_error("", CCA_EINPUT, "t:1: file with no instructions");
	expect_error("# Hello\n# These are just comments\n\n", CCA_EINPUT,
		     "t:3: file with no instructions");
	expect_error("FROM busybox\n\nENV PATH\n", CCA_EINPUT,
		     "t:3: ENV must have two arguments");
	expect_error("FROM a\nLABEL x\n", CCA_EINPUT, "t:2: LABEL must have two arguments");
	expect_error("CMD [ \"echo\", [ \"nested json\" ] ]", CCA_EINPUT,
		     "t:1: when using JSON array syntax, arrays must be comprised of strings only");
	/* Any non-string element of a valid array is the same error. */
	expect_error("FROM a\nRUN [\"a\", 42]\n", CCA_EINPUT,
		     "t:2: when using JSON array syntax, arrays must be comprised of strings only");
	expect_error("FROM a\nCOPY [\"a\", null]\n", CCA_EINPUT,
		     "t:2: when using JSON array syntax, arrays must be comprised of strings only");
	expect_error("FROM a\nENV a=1 b\n", CCA_EINPUT,
		     "t:2: syntax error - can't find = in 'b'; must be of the form: name=value");
	/* The error names the first line of a continued instruction. */
	expect_error("FROM a\nENV \\\n  PATH\n", CCA_EINPUT, "t:2: ENV must have two arguments");
}

/* ---- 3. line numbers --------------------------------------------------------------- */

static void test_line_numbers(void **state)
{
	struct cca_dockerfile *df = load_fixture("testfile-line.Dockerfile");
	static const unsigned want[][2] = {{5, 5}, {11, 12}, {17, 31}};

	(void)state;
	assert_int_equal(df->ninstrs, 3);
	for (size_t k = 0; k < 3; k++) {
		assert_int_equal(df->instrs[k].line, want[k][0]);
		assert_int_equal(df->instrs[k].end_line, want[k][1]);
	}
	/* "# ESCAPE=\" is a directive; the other comment lines are kept. */
	assert_int_equal(df->escape, '\\');
	assert_int_equal(df->ncomments, 2);
	assert_int_equal(df->comments[0].line, 8);
	assert_string_equal(df->comments[0].text,
			    "TORUN -v /var/run/docker.sock:/var/run/docker.sock");
	assert_int_equal(df->comments[1].line, 16);
	cca_dockerfile_free(df);

	df = parse("FROM a\n\nRUN a \\\n\n  # c\n  b\nRUN c\n");
	assert_int_equal(df->instrs[1].line, 3);
	assert_int_equal(df->instrs[1].end_line, 6);
	assert_string_equal(df->instrs[1].args[0], "a   b");
	assert_int_equal(df->instrs[2].line, 7);
	assert_int_equal(df->ncomments, 1);
	assert_int_equal(df->comments[0].line, 5);
	assert_string_equal(df->comments[0].text, "c");
	cca_dockerfile_free(df);
}

/* ---- 4. heredocs ---------------------------------------------------------------------- */

struct want_doc {
	const char *name, *content;
	bool expand, chomp;
};

static void expect_docs(const struct cca_df_instr *in, const struct want_doc *w,
			size_t n)
{
	assert_int_equal(in->nheredocs, n);
	for (size_t k = 0; k < n; k++) {
		assert_string_equal(in->heredocs[k].name, w[k].name);
		assert_string_equal(in->heredocs[k].content, w[k].content);
		assert_int_equal(in->heredocs[k].expand, w[k].expand);
		assert_int_equal(in->heredocs[k].chomp, w[k].chomp);
	}
}

/* BuildKit's TestParseExtractsHeredoc; <<- bodies are given with tabs stripped. */
static void test_heredoc_extraction(void **state)
{
	static const struct {
		size_t n;
		struct want_doc d[2];
	} want[] = {
		{0, {{0}}},                                          /* ENV NAME=me */
		{0, {{0}}},                                          /* RUN ls */
		{0, {{0}}},                                          /* USER <<INVALID */
		{0, {{0}}},                                          /* INVALID */
		{1, {{"EMPTY", "", true, false}}},
		{1, {{"EMPTY2", "", true, false}}},                  /* RUN 3<<EMPTY2 */
		{0, {{0}}},                                          /* RUN "<<NOHEREDOC" */
		{1, {{"INDENT", "\tfoo\n\tbar\n", true, false}}},
		{1, {{"UNINDENT", "baz\nquux\n", true, true}}},
		{1, {{"UNINDENT2", "baz\nquux\n", true, true}}},
		{1, {{"EXPAND", "expand $NAME\n", true, true}}},
		{1, {{"NOEXPAND", "don't expand $NAME\n", false, true}}},
		{1, {{"COPY", "echo hello world\necho foo bar\n", true, false}}},
		{1, {{"COMMENT", "# internal comment\necho hello world\n"
				 "echo foo bar # trailing comment\n", true, false}}},
		{1, {{"MOUNT", "echo hello\n", true, false}}},
		{2, {{"FILE1", "content 1\n", true, false},
		     {"FILE2", "content 2\n", true, false}}},
		{1, {{"EOF", "\"foo\"\n'bar'\n", true, false}}},
		{2, {{"X", "Y\n", true, false}, {"Y", "X\n", true, false}}},
		{1, {{"COMPLEX", "print('hello world')\n", true, false}}},
		{1, {{"file.txt", "hello world\n", true, false}}},
		{1, {{"eof", "echo foo\n", false, false}}},         /* <<eo'f' */
		{1, {{"eo'f", "echo foo\n", true, false}}},         /* <<eo\'f */
		{1, {{"eo'f", "echo foo\n", false, false}}},        /* <<'e'o\'f */
		{1, {{"one two", "echo bar\n", false, false}}},
		{1, {{"$EOF", "", true, false}}},
		{1, {{"EOF", "", true, false}}},                    /* <<  EOF */
		{1, {{"EOF", "", true, false}}},                    /* <<  EOF  > foo */
	};
	struct cca_dockerfile *df = load_fixture("heredocs.Dockerfile");

	(void)state;
	/* The bodies' lines are not instructions (nor comments). */
	assert_int_equal(df->ninstrs, CCA_ARRAY_SIZE(want) + 1);
	assert_int_equal(df->ncomments, 0);
	for (size_t k = 0; k < CCA_ARRAY_SIZE(want); k++)
		expect_docs(&df->instrs[k + 1], want[k].d, want[k].n);
	assert_int_equal(df->instrs[4].kind, CCA_DF_UNKNOWN);
	assert_string_equal(df->instrs[4].keyword, "invalid");
	/* RUN <<-'NOEXPAND' spans the instruction line, the body and the end. */
	assert_int_equal(df->instrs[12].line, 38);
	assert_int_equal(df->instrs[12].end_line, 40);
	assert_int_equal(df->instrs[12].heredocs[0].line, 39);
	/* The dump shows the instruction line only. */
	{
		char *got = dump(df);

		assert_non_null(strstr(got, "(copy \"<<FILE1\" \"<<FILE2\" \"/dest\")\n"));
		assert_non_null(strstr(got, "(run \"<<COMPLEX python3\")\n"));
		free(got);
	}
	cca_dockerfile_free(df);
}

static void test_heredoc_more(void **state)
{
	struct cca_dockerfile *df;
	static const struct want_doc eof = {"EOF", "x\n", true, false};
	static const struct want_doc chomped = {"EOF", "x\n", true, true};
	static const struct want_doc dash = {"-EOF", "x\n", true, false};

	(void)state;
	/* BuildKit's TestHeredocsFromLine and TestParseJSONHeredoc. */
	df = parse("FROM a\n"
		   "RUN <<- EOF\nx\nEOF\n"
		   "RUN << -EOF\nx\n-EOF\n"
		   "RUN 4<<EOF\nx\nEOF\n"
		   "RUN '<<EOF'\n"
		   "RUN \"<<EOF\"\n"
		   "RUN [\"<<EOF\"]\n"
		   "RUN [\"<<'EOF'\"]\n"
		   "RUN <<EOF sh\nx\nEOF\n");
	assert_int_equal(df->ninstrs, 9);
	expect_docs(&df->instrs[1], &chomped, 1);
	expect_docs(&df->instrs[2], &dash, 1);
	expect_docs(&df->instrs[3], &eof, 1);
	for (size_t k = 4; k <= 7; k++)
		assert_int_equal(df->instrs[k].nheredocs, 0);
	assert_true(df->instrs[6].json);
	expect_docs(&df->instrs[8], &eof, 1);
	cca_dockerfile_free(df);

	/* Quoted delimiters, with double quotes too; ONBUILD carries them. */
	df = parse("FROM a\n"
		   "COPY <<\"EOF\" /a\n$x\nEOF\n"
		   "ONBUILD RUN <<EOF\nx\nEOF\n"
		   "ADD <<A <<-'B' /dst/\na\nA\n\tb\n\tB\n"
		   "RUN <<EOF\r\nx\r\nEOF\r\n"
		   "LABEL a=<<EOF\n");
	{
		static const struct want_doc quoted = {"EOF", "$x\n", false, false};
		static const struct want_doc two[] = {{"A", "a\n", true, false},
						      {"B", "b\n", false, true}};
		static const struct want_doc crlf = {"EOF", "x\r\n", true, false};

		assert_int_equal(df->ninstrs, 6);
		expect_docs(&df->instrs[1], &quoted, 1);
		expect_docs(&df->instrs[2], &eof, 1);
		expect_docs(df->instrs[2].trigger, &eof, 1);
		expect_docs(&df->instrs[3], two, 2);
		/* Bodies are kept byte for byte (BuildKit keeps the CR). */
		expect_docs(&df->instrs[4], &crlf, 1);
		assert_int_equal(df->instrs[5].nheredocs, 0);
		assert_int_equal(df->instrs[5].line, 16);
	}
	cca_dockerfile_free(df);

	/* An unterminated heredoc names the line where it starts. */
	expect_error("FROM a\nRUN <<EOF\necho hi\n", CCA_EINPUT,
		     "t:2: unterminated heredoc 'EOF'");
	expect_error("FROM a\nCOPY <<A <<B /x\na\nA\nb\n", CCA_EINPUT,
		     "t:2: unterminated heredoc 'B'");
	/* <<- strips tabs only when looking for the terminator of a <<- doc. */
	expect_error("FROM a\nRUN <<EOF\n\tEOF\n", CCA_EINPUT,
		     "t:2: unterminated heredoc 'EOF'");
}

/* ---- 5. directives --------------------------------------------------------------------- */

static void test_directives(void **state)
{
	struct cca_dockerfile *df;
	char *got;

	(void)state;
	df = load_fixture("escape-backtick.Dockerfile");
	assert_int_equal(df->escape, '`');
	assert_string_equal(df->syntax, "docker/dockerfile:1");
	assert_null(df->check);
	assert_int_equal(df->ncomments, 0);
	got = dump(df);
	assert_string_equal(got,
		"(from \"mcr.microsoft.com/windows/servercore:ltsc2022\" \"AS\" \"build\")\n"
		"(shell \"powershell\" \"-Command\" \"$ErrorActionPreference = 'Stop';\")\n"
		"(env \"GOPATH\" \"C:\\\\gopath\" \"\")\n"
		"(run \"$url = 'https://example.invalid/go.zip';     "
		"Invoke-WebRequest -Uri $url -OutFile 'go.zip';     "
		"Expand-Archive go.zip -DestinationPath C:\\\\;     "
		"Remove-Item go.zip -Force\")\n"
		"(workdir \"C:\\\\src\")\n"
		"(copy \".\" \"C:\\\\src\\\\\")\n");
	free(got);
	assert_int_equal(df->instrs[3].line, 7);
	assert_int_equal(df->instrs[3].end_line, 10);
	assert_true(df->instrs[1].json);
	cca_dockerfile_free(df);

	/* syntax= and check= are recorded, in any case and spacing. */
	df = parse("# SYNTAX = docker/dockerfile:1.7\n#check=skip=all;error=true\nFROM a\n");
	assert_string_equal(df->syntax, "docker/dockerfile:1.7");
	assert_string_equal(df->check, "skip=all;error=true");
	assert_int_equal(df->escape, '\\');
	assert_int_equal(df->ncomments, 0);
	cca_dockerfile_free(df);

	/* Only at the top: after a comment, a blank line or an instruction
	 * they are plain comments. */
	df = parse("# hello\n# escape=`\n# syntax=x\nFROM a\nRUN a \\\n b\n");
	assert_int_equal(df->escape, '\\');
	assert_null(df->syntax);
	assert_int_equal(df->ncomments, 3);
	assert_string_equal(df->comments[1].text, "escape=`");
	assert_string_equal(df->instrs[1].args[0], "a  b");
	cca_dockerfile_free(df);
	df = parse("\n# escape=`\nFROM a\n");
	assert_int_equal(df->escape, '\\');
	cca_dockerfile_free(df);
	df = parse("FROM a\n# syntax=x\n");
	assert_null(df->syntax);
	assert_int_equal(df->ncomments, 1);
	cca_dockerfile_free(df);

	/* An unknown directive is a comment and ends the directives. */
	df = parse("# foo=bar\n# escape=`\nFROM a\n");
	assert_int_equal(df->escape, '\\');
	assert_int_equal(df->ncomments, 2);
	assert_string_equal(df->comments[0].text, "foo=bar");
	cca_dockerfile_free(df);
	/* ... but known ones may follow each other. */
	df = parse("# escape=`\n# check=skip=all\n\n# syntax=late\nFROM a\n");
	assert_int_equal(df->escape, '`');
	assert_string_equal(df->check, "skip=all");
	assert_null(df->syntax);
	cca_dockerfile_free(df);

	/* With a backtick escape, a backslash is an ordinary character. */
	expect_dump("# escape=`\nFROM a\nENV P C:\\ \nRUN a `\n  b\\\nRUN c\n",
		    "(from \"a\")\n(env \"P\" \"C:\\\\\" \"\")\n(run \"a   b\\\\\")\n(run \"c\")\n");

	expect_error("# escape=`\n# escape=\\\nFROM a\n", CCA_EINPUT,
		     "t:2: only one escape parser directive can be used");
	expect_error("# syntax=a\n# syntax=b\nFROM a\n", CCA_EINPUT,
		     "t:2: only one syntax parser directive can be used");
	expect_error("# escape=x\nFROM a\n", CCA_EINPUT,
		     "t:1: invalid escape token 'x' does not match ` or \\");
}

/* ---- 6. real Dockerfiles ---------------------------------------------------------------- */

static void test_corpus_dockerfiles(void **state)
{
	char *root = ts_corpora(), *dir, **names;
	size_t n, parsed = 0, stages = 0, windows = 0;

	(void)state;
	if (!root) {
		printf("# shared corpora not found: skipping the real Dockerfiles\n");
		skip();
	}
	dir = cca_xasprintf("%s/dockerfiles", root);
	names = ts_list_dir(dir, &n);
	for (size_t k = 0; k < n; k++) {
		char *path;
		struct cca_dockerfile *df = NULL;
		struct cca_error err;

		if (strcmp(names[k], "MANIFEST.tsv") == 0)
			continue;
		path = cca_xasprintf("%s/%s", dir, names[k]);
		if (cca_dockerfile_load(path, &df, &err) < 0)
			fail_msg("%s", err.msg);
		if (df->nstages < 1)
			fail_msg("%s: no stage", names[k]);
		windows += strstr(names[k], "windows") != NULL;
		parsed++;
		stages += df->nstages;
		/* Expansion and pairs work on every instruction. */
		for (size_t i = 0; i < df->ninstrs; i++) {
			const char *const *keys, *const *values;
			size_t np = cca_dockerfile_pairs(df, i, &keys, &values);

			for (size_t q = 0; q < np; q++)
				assert_non_null(keys[q]);
		}
		free(cca_dockerfile_expand(df, df->ninstrs - 1, "${PATH}"));
		cca_dockerfile_free(df);
		free(path);
	}
	printf("# %zu real Dockerfiles parsed (%zu Windows), %zu stages\n", parsed,
	       windows, stages);
	assert_int_equal(parsed, 262);
	assert_true(windows > 0);
	ts_free_list(names, n);
	free(dir);
	free(root);
}

/* ---- 7. stages -------------------------------------------------------------------------- */

static void test_stages(void **state)
{
	struct cca_dockerfile *df;

	(void)state;
	df = parse("ARG BASE=debian:12\n"
		   "FROM ${BASE} As Build\n"
		   "RUN make\n"
		   "FROM --platform=linux/amd64 build AS test\n"
		   "RUN test\n"
		   "FROM alpine\n"
		   "COPY --from=build /a /b\n");
	assert_int_equal(df->nstages, 3);
	assert_int_equal(df->instrs[0].stage, -1);
	assert_string_equal(df->stages[0].name, "build");
	assert_string_equal(df->stages[0].base, "${BASE}");
	assert_string_equal(df->stages[0].base_expanded, "debian:12");
	assert_int_equal(df->stages[0].base_stage, -1);
	assert_null(df->stages[0].platform);
	assert_int_equal(df->stages[0].first, 1);
	assert_int_equal(df->stages[0].count, 2);
	assert_int_equal(df->stages[0].line, 2);
	assert_string_equal(df->stages[1].name, "test");
	assert_int_equal(df->stages[1].base_stage, 0);
	assert_string_equal(df->stages[1].platform, "linux/amd64");
	assert_null(df->stages[2].name);
	assert_string_equal(df->stages[2].base_expanded, "alpine");
	assert_int_equal(df->stages[2].base_stage, -1);
	assert_int_equal(df->instrs[6].stage, 2);
	assert_string_equal(df->instrs[6].flags[0], "--from=build");
	assert_int_equal(cca_dockerfile_target_stage(df, NULL), 2);
	assert_int_equal(cca_dockerfile_target_stage(df, "BUILD"), 0);
	assert_int_equal(cca_dockerfile_target_stage(df, "test"), 1);
	assert_int_equal(cca_dockerfile_target_stage(df, "nope"), -1);
	cca_dockerfile_free(df);

	df = parse("FROM ${BASE:-alpine}\n");
	assert_string_equal(df->stages[0].base_expanded, "alpine");
	assert_null(df->stages[0].name);
	cca_dockerfile_free(df);

	/* A global ARG without a default is set to "" for FROM lines. */
	df = parse("ARG BASE\nARG TAG=3.20\nFROM ${BASE-scratch}\nFROM ${BASE:-alpine}:${TAG}\n");
	assert_string_equal(df->stages[0].base_expanded, "");
	assert_string_equal(df->stages[1].base_expanded, "alpine:3.20");
	cca_dockerfile_free(df);

	/* Only an earlier stage can be a base; names compare case-insensitively. */
	df = parse("FROM later AS first\nFROM alpine AS Later\nFROM LATER\n");
	assert_int_equal(df->stages[0].base_stage, -1);
	assert_int_equal(df->stages[2].base_stage, 1);
	cca_dockerfile_free(df);

	/* "AS" needs exactly three words. */
	df = parse("FROM a AS b c\n");
	assert_null(df->stages[0].name);
	cca_dockerfile_free(df);

	/* No FROM: no stage. */
	df = parse("RUN x\n");
	assert_int_equal(df->nstages, 0);
	assert_int_equal(cca_dockerfile_target_stage(df, NULL), -1);
	cca_dockerfile_free(df);
}

/* ---- 8. expansion and pairs --------------------------------------------------------------- */

/* Pairs of instruction i must be the n key/value pairs in kv. */
static void expect_pairs(const struct cca_dockerfile *df, size_t i,
			 const char *const *kv, size_t n)
{
	const char *const *keys, *const *values;
	size_t got = cca_dockerfile_pairs(df, i, &keys, &values);

	assert_int_equal(got, n);
	for (size_t k = 0; k < n; k++) {
		assert_string_equal(keys[k], kv[2 * k]);
		if (kv[2 * k + 1])
			assert_string_equal(values[k], kv[2 * k + 1]);
		else
			assert_null(values[k]);
	}
}

static void expect_expand(const struct cca_dockerfile *df, size_t i,
			  const char *word, const char *want)
{
	char *got = cca_dockerfile_expand(df, i, word);

	assert_string_equal(got, want);
	free(got);
}

static void test_pairs(void **state)
{
	struct cca_dockerfile *df;

	(void)state;
	df = parse("FROM a\n"
		   "ARG a=1\n"
		   "ENV a=1 b=\"two words\" c=$a\n"
		   "ARG NOVAL other=x\n"
		   "ENV KEY value with  spaces\n"
		   "LABEL \"com.example.vendor\"=\"ACME Inc\" version=1.0 "
		   "desc='single $a' both=\"it's \\\"$b\\\"\"\n"
		   "LABEL maintainer James Turnbull \"james@example.com\"\n"
		   "ENV path=C:\\\\dir\\ name dollar=\\$a\n"
		   "ENV x=1 y=$x a=2 z=${a}\n"
		   "RUN echo $a\n");
	{
		static const char *const env1[] = {"a", "1", "b", "two words", "c", "1"};
		static const char *const arg[] = {"NOVAL", NULL, "other", "x"};
		static const char *const legacy[] = {"KEY", "value with  spaces"};
		static const char *const label[] = {
			"com.example.vendor", "ACME Inc", "version", "1.0",
			"desc", "single $a", "both", "it's \"two words\""};
		static const char *const label2[] = {"maintainer",
						     "James Turnbull james@example.com"};
		static const char *const esc[] = {"path", "C:\\dir name", "dollar", "$a"};
		/* The same instruction sees the values from before it. */
		static const char *const same[] = {"x", "1", "y", "", "a", "2", "z", "1"};

		expect_pairs(df, 2, env1, 3);
		expect_pairs(df, 3, arg, 2);
		expect_pairs(df, 4, legacy, 1);
		expect_pairs(df, 5, label, 4);
		expect_pairs(df, 6, label2, 1);
		expect_pairs(df, 7, esc, 2);
		expect_pairs(df, 8, same, 4);
	}
	/* Not a pair instruction. */
	{
		const char *const *keys = (const char *const *)&df, *const *values = keys;

		assert_int_equal(cca_dockerfile_pairs(df, 9, &keys, &values), 0);
		assert_null(keys);
		assert_null(values);
		assert_int_equal(cca_dockerfile_pairs(df, 99, &keys, &values), 0);
	}
	expect_expand(df, 9, "$a", "2");
	expect_expand(df, 9, "$x-$y-$z", "1--1");
	cca_dockerfile_free(df);

	/* Global ARGs see the ones before them, within one instruction too. */
	df = parse("ARG a=1 b=$a\nARG c\nFROM x\n");
	{
		static const char *const g[] = {"a", "1", "b", "1"};
		static const char *const nodef[] = {"c", NULL};

		expect_pairs(df, 0, g, 2);
		expect_pairs(df, 1, nodef, 1);
	}
	cca_dockerfile_free(df);
}

static void test_expand(void **state)
{
	struct cca_dockerfile *df;

	(void)state;
	df = parse("ARG VERSION=1.2\n"       /* 0 */
		   "ARG UNUSED=u\n"           /* 1 */
		   "FROM alpine:${VERSION}\n" /* 2 */
		   "RUN a\n"                  /* 3: global not visible yet */
		   "ARG VERSION\n"            /* 4 */
		   "ENV v=1 e=\n"             /* 5 */
		   "RUN b\n"                  /* 6 */
		   "ENV VERSION=env\n"        /* 7 */
		   "ARG VERSION=3\n"          /* 8 */
		   "ARG own=o\n"              /* 9 */
		   "RUN c\n");                /* 10 */
	assert_string_equal(df->stages[0].base_expanded, "alpine:1.2");
	expect_expand(df, 2, "$VERSION $UNUSED", "1.2 u");
	expect_expand(df, 3, "[$VERSION]", "[]");
	expect_expand(df, 6, "$VERSION", "1.2");
	/* ENV wins over an ARG of the same name, whatever the order. */
	expect_expand(df, 10, "$VERSION/$own", "env/o");
	/* Modifiers. */
	expect_expand(df, 6, "${v:+x}|${nope:+x}|${e:+x}|${e+x}", "x|||x");
	expect_expand(df, 6, "${v:-d}|${nope:-d}|${e:-d}|${e-d}|${nope-d}", "1|d|d||d");
	expect_expand(df, 6, "${v}${v}x$v.y", "11x1.y");
	/* Quotes and escapes. */
	expect_expand(df, 6, "'$v'", "$v");
	expect_expand(df, 6, "\"$v\" \"a\\\"b\" \"\\$v\" \"\\n\"", "1 a\"b $v \\n");
	expect_expand(df, 6, "\\$v \\\\ a\\ b", "$v \\ a b");
	expect_expand(df, 6, "$ $1 ${nope} $-", "$   ");
	/* Pattern operators (BuildKit has them too). */
	cca_dockerfile_free(df);

	df = parse("FROM a\nENV p=/usr/local/bin/tool.tar.gz\nRUN x\n");
	expect_expand(df, 2, "${p#*/}", "usr/local/bin/tool.tar.gz");
	expect_expand(df, 2, "${p##*/}", "tool.tar.gz");
	expect_expand(df, 2, "${p%.*}", "/usr/local/bin/tool.tar");
	expect_expand(df, 2, "${p%%.*}", "/usr/local/bin/tool");
	expect_expand(df, 2, "${p/local/opt}", "/usr/opt/bin/tool.tar.gz");
	expect_expand(df, 2, "${p//o/0}", "/usr/l0cal/bin/t00l.tar.gz");
	cca_dockerfile_free(df);

	/* Syntax errors leave the word as written. */
	df = parse("FROM a\nENV v=1\nRUN x\n");
	expect_expand(df, 2, "'open", "'open");
	expect_expand(df, 2, "${v", "${v");
	expect_expand(df, 2, "${}", "${}");
	expect_expand(df, 2, "${v:?}", "1");
	expect_expand(df, 2, "${nope:?must be set}", "${nope:?must be set}");
	/* Past the end: the last stage's variables. */
	expect_expand(df, 99, "$v", "1");
	cca_dockerfile_free(df);

	/* A stage FROM an earlier stage starts with its ENV, not its ARGs. */
	df = parse("FROM alpine AS base\nENV FOO=bar\nARG A=1\n"
		   "FROM base\nRUN x\nFROM alpine\nRUN y\n");
	expect_expand(df, 4, "$FOO|$A", "bar|");
	expect_expand(df, 6, "$FOO|$A", "|");
	cca_dockerfile_free(df);

	/* The escape directive is the escape of expansion too. */
	df = parse("# escape=`\nFROM a\nENV v=1\nRUN x\n");
	expect_expand(df, 2, "`$v \\$v", "$v \\1");
	cca_dockerfile_free(df);

	/* Expansion is bounded: doubling a value cannot grow without end. */
	{
		struct cca_buf b;
		char *got;

		cca_buf_init(&b);
		cca_buf_puts(&b, "FROM a\nENV a=0123456789abcdef\n");
		for (int k = 0; k < 40; k++)
			cca_buf_puts(&b, "ENV a=$a$a\n");
		cca_buf_puts(&b, "RUN x\n");
		df = parse(b.data);
		got = cca_dockerfile_expand(df, df->ninstrs - 1, "$a");
		assert_true(strlen(got) <= CCA_DF_MAX_LOGICAL);
		free(got);
		cca_dockerfile_free(df);
		cca_buf_release(&b);
	}
}

/* ---- dump details ---------------------------------------------------------------------------- */

static void test_dump(void **state)
{
	(void)state;
	expect_dump("FROM a\nFOO bar baz\n", "(from \"a\")\n(foo \"\")\n");
	expect_dump("onbuild copy --from=x a b\nONBUILD\n",
		    "(onbuild (copy [\"--from=x\"] \"a\" \"b\"))\n(onbuild)\n");
	expect_dump("COPY --chown=\"a b\" --x='q' --e=a\\ b x y\n",
		    "(copy [\"--chown=a b\" \"--x=q\" \"--e=a b\"] \"x\" \"y\")\n");
	/* Go's strconv.Quote: printable Unicode raw, the rest escaped. */
	expect_dump("CMD [\"\\u00a0\", \"\xc3\xa9\", \"\\u0001\", \"\\ud83d\\ude00\", "
		    "\"\\ud800\", \"\\u200b\", \"\\u007f\"]\n",
		    "(cmd \"\\u00a0\" \"\xc3\xa9\" \"\\x01\" \"\xf0\x9f\x98\x80\" "
		    "\"\xef\xbf\xbd\" \"\\u200b\" \"\\x7f\")\n");
	/* Invalid JSON falls back to the shell form. */
	expect_dump("CMD [\"a\"] trailing\nCMD [\"a\",]\nCMD [\"a\", 1e999]\nCMD [\"\\x\"]\n",
		    "(cmd \"[\\\"a\\\"] trailing\")\n(cmd \"[\\\"a\\\",]\")\n"
		    "(cmd \"[\\\"a\\\", 1e999]\")\n(cmd \"[\\\"\\\\x\\\"]\")\n");
	expect_dump("VOLUME [ ]\nEXPOSE 80\t443/tcp\nSTOPSIGNAL  SIGTERM \n",
		    "(volume)\n(expose \"80\" \"443/tcp\")\n(stopsignal \"SIGTERM\")\n");
	expect_dump("HEALTHCHECK NONE\nMAINTAINER Jane <j@example.invalid>\n",
		    "(healthcheck \"NONE\")\n(maintainer \"Jane <j@example.invalid>\")\n");
	/* A trailing escape on the last line is tolerated. */
	expect_dump("RUN a \\", "(run \"a\")\n");
	/* A lone escape starts an instruction even when nothing follows. */
	expect_dump("\\\n   \n", "(\"\")\n");
	/* A number beyond float64 makes Go's decoder fail: shell form. */
	expect_dump("CMD [\"a\", 1.7976931348623159e308]\n",
		    "(cmd \"[\\\"a\\\", 1.7976931348623159e308]\")\n");
	expect_error("CMD [\"a\", 1.7976931348623157e308]\n", CCA_EINPUT,
		     "t:1: when using JSON array syntax, arrays must be comprised of strings only");

	{
		struct cca_dockerfile *df = parse("FROM a\nrun --mount=type=cache,target=/x \\\n"
						  "  [\"sh\", \"-c\", \"x\"]\n");
		const struct cca_df_instr *in = &df->instrs[1];

		assert_int_equal(in->kind, CCA_DF_RUN);
		assert_string_equal(in->keyword, "run");
		assert_string_equal(cca_df_kind_name(in->kind), "RUN");
		assert_true(in->json);
		assert_int_equal(in->nflags, 1);
		assert_int_equal(in->nargs, 3);
		assert_string_equal(in->text,
				    "--mount=type=cache,target=/x   [\"sh\", \"-c\", \"x\"]");
		assert_int_equal(in->line, 2);
		assert_int_equal(in->end_line, 3);
		assert_int_equal(in->stage, 0);
		cca_dockerfile_free(df);
	}
	assert_string_equal(cca_df_kind_name(CCA_DF_UNKNOWN), "UNKNOWN");
	assert_string_equal(cca_df_kind_name(CCA_DF_HEALTHCHECK), "HEALTHCHECK");
	cca_dockerfile_free(NULL);
}

/* ---- 9. bad input ------------------------------------------------------------------------------ */

static void test_bad_bytes(void **state)
{
	(void)state;
	expect_error_n(LIT("FROM a\nRUN a\0b\n"), CCA_EINPUT, "t:2: NUL byte in a Dockerfile");
	expect_error("FROM a\n\nRUN \xc3\x28\n", CCA_EINPUT, "t:3: invalid UTF-8");
	expect_error("FROM a\nRUN \xed\xa0\x80\n", CCA_EINPUT, "t:2: invalid UTF-8");
	/* The first bad line is named, whichever problem it has. */
	expect_error_n(LIT("FROM \xff\nRUN \0\n"), CCA_EINPUT, "t:1: invalid UTF-8");
	expect_error_n(LIT("FROM \0\nRUN \xff\n"), CCA_EINPUT, "t:1: NUL byte in a Dockerfile");
	expect_error_n(LIT("FROM a\nRUN \xff\0\n"), CCA_EINPUT, "t:2: invalid UTF-8");
}

static void test_binary_garbage(void **state)
{
	uint32_t x = 12345;

	(void)state;
	for (int round = 0; round < 200; round++) {
		char buf[2048];
		struct cca_dockerfile *df = NULL;
		struct cca_error err;

		for (size_t k = 0; k < sizeof buf; k++) {
			x = x * 1103515245u + 12345u;
			buf[k] = (char)(x >> 16);
		}
		assert_int_equal(cca_dockerfile_parse("t", buf, sizeof buf, &df, &err), -1);
		assert_null(df);
		assert_int_equal(err.code, CCA_EINPUT);
		assert_memory_equal(err.msg, "t:", 2);
	}
	/* Garbage made of the parser's own special characters: no crash, and
	 * expansion and pairs survive whatever parses. */
	for (int round = 0; round < 2000; round++) {
		static const char alphabet[] = "RUN COPY ENV ARG FROM LABEL ONBUILD "
					       "<<-EOF\n\\`'\"$ {}[]:=-+#%/?,\t\r\nab";
		char buf[300];
		struct cca_dockerfile *df = NULL;
		struct cca_error err;
		size_t len = 1 + round % (sizeof buf - 1);

		for (size_t k = 0; k < len; k++) {
			x = x * 1103515245u + 12345u;
			buf[k] = alphabet[(x >> 16) % (sizeof alphabet - 1)];
		}
		if (cca_dockerfile_parse("t", buf, len, &df, &err) < 0) {
			assert_null(df);
			assert_memory_equal(err.msg, "t:", 2);
			continue;
		}
		for (size_t i = 0; i <= df->ninstrs; i++) {
			const char *const *keys, *const *values;
			size_t n = cca_dockerfile_pairs(df, i, &keys, &values);

			for (size_t k = 0; k < n; k++)
				assert_non_null(keys[k]);
			free(cca_dockerfile_expand(df, i, df->instrs[i < df->ninstrs ? i : 0].text));
		}
		free(dump(df));
		cca_dockerfile_free(df);
	}
}

static void test_crlf_and_bom(void **state)
{
	const char *lf = "# escape=\\\nFROM a AS b\nRUN x \\\n  y\n# c\nENV k v\n";
	const char *crlf = "# escape=\\\r\nFROM a AS b\r\nRUN x \\\r\n  y\r\n# c\r\nENV k v\r\n";
	struct cca_dockerfile *a = parse(lf), *b = parse(crlf);
	char *da = dump(a), *db = dump(b);

	(void)state;
	assert_string_equal(da, db);
	assert_string_equal(da, "(from \"a\" \"AS\" \"b\")\n(run \"x   y\")\n(env \"k\" \"v\" \"\")\n");
	assert_int_equal(b->instrs[2].line, 6);
	assert_string_equal(b->comments[0].text, "c");
	free(da);
	free(db);
	cca_dockerfile_free(a);
	cca_dockerfile_free(b);

	a = parse("\xef\xbb\xbf# escape=`\nFROM a\n");
	assert_int_equal(a->escape, '`');
	assert_int_equal(a->instrs[0].line, 2);
	cca_dockerfile_free(a);
	expect_dump("\xef\xbb\xbf" "FROM a\n", "(from \"a\")\n");
}

static void test_limits(void **state)
{
	const size_t lines = 1000000;
	const char *unit = "RUN a \\\n";
	size_t ul = strlen(unit), len = lines * ul;
	char *big = cca_xmalloc(len + 1);
	struct cca_dockerfile *df = (struct cca_dockerfile *)&df;
	struct cca_error err;
	struct timespec t0, t1;
	char *want;

	(void)state;
	for (size_t k = 0; k < lines; k++)
		memcpy(big + k * ul, unit, ul);
	big[len] = '\0';
	clock_gettime(CLOCK_MONOTONIC, &t0);
	assert_int_equal(cca_dockerfile_parse("t", big, len, &df, &err), -1);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	assert_null(df);
	assert_int_equal(err.code, CCA_ETOOBIG);
	want = cca_xasprintf("t:1: instruction longer than %u bytes",
			     (unsigned)CCA_DF_MAX_LOGICAL);
	assert_string_equal(err.msg, want);
	free(want);
	printf("# a million continuation lines: rejected in %.3f s\n",
	       (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9);

	/* Under the cap, a long continuation is one instruction. */
	memcpy(big + 100000 * ul - 2, "b\n", 2);
	df = parse_n(big, 100000 * ul);
	assert_int_equal(df->ninstrs, 1);
	assert_int_equal(df->instrs[0].end_line, 100000);
	assert_int_equal(strlen(df->instrs[0].args[0]), 100000 * 6 - 3);
	cca_dockerfile_free(df);

	/* Too many instructions. */
	for (size_t k = 0; k < 100001; k++)
		memcpy(big + k * 7, "RUN ab\n", 7);
	df = (struct cca_dockerfile *)&df;
	assert_int_equal(cca_dockerfile_parse("t", big, 100001 * 7, &df, &err), -1);
	assert_int_equal(err.code, CCA_ETOOBIG);
	assert_string_equal(err.msg, "t:100001: more than 100000 instructions");
	free(big);

	/* A buffer over the size cap. */
	big = cca_xcalloc(CCA_DF_MAX_BYTES + 1, 1);
	memset(big, '\n', CCA_DF_MAX_BYTES + 1);
	df = (struct cca_dockerfile *)&df;
	assert_int_equal(cca_dockerfile_parse("t", big, CCA_DF_MAX_BYTES + 1, &df, &err), -1);
	assert_null(df);
	assert_int_equal(err.code, CCA_ETOOBIG);
	free(big);
}

static void test_load(void **state)
{
	const char *dir = getenv("TMPDIR");
	char *path = cca_xasprintf("%s/test-dockerfile-XXXXXX", dir && *dir ? dir : "/tmp");
	struct cca_dockerfile *df = (struct cca_dockerfile *)&df;
	struct cca_error err;
	char *want;
	int fd = mkstemp(path);

	(void)state;
	assert_true(fd >= 0);
	/* A sparse file one byte over the cap. */
	assert_int_equal(ftruncate(fd, (off_t)CCA_DF_MAX_BYTES + 1), 0);
	close(fd);
	assert_int_equal(cca_dockerfile_load(path, &df, &err), -1);
	assert_null(df);
	assert_int_equal(err.code, CCA_ETOOBIG);
	want = cca_xasprintf("'%s' is larger than the limit of %u bytes", path,
			     (unsigned)CCA_DF_MAX_BYTES);
	assert_string_equal(err.msg, want);
	free(want);
	unlink(path);
	free(path);

	df = (struct cca_dockerfile *)&df;
	assert_int_equal(cca_dockerfile_load("/nonexistent/Dockerfile", &df, &err), -1);
	assert_null(df);
	assert_int_equal(err.code, CCA_EIO);

	df = load_fixture("escape-backtick.Dockerfile");
	want = fixture("escape-backtick.Dockerfile");
	assert_string_equal(df->path, want);
	free(want);
	cca_dockerfile_free(df);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_golden),
		cmocka_unit_test(test_negative_corpus),
		cmocka_unit_test(test_negative_inline),
		cmocka_unit_test(test_line_numbers),
		cmocka_unit_test(test_heredoc_extraction),
		cmocka_unit_test(test_heredoc_more),
		cmocka_unit_test(test_directives),
		cmocka_unit_test(test_corpus_dockerfiles),
		cmocka_unit_test(test_stages),
		cmocka_unit_test(test_pairs),
		cmocka_unit_test(test_expand),
		cmocka_unit_test(test_dump),
		cmocka_unit_test(test_bad_bytes),
		cmocka_unit_test(test_binary_garbage),
		cmocka_unit_test(test_crlf_and_bom),
		cmocka_unit_test(test_limits),
		cmocka_unit_test(test_load),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
