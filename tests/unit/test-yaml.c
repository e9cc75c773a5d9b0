/* test-yaml.c - YAML -> jansson tree + line map (src/util/yaml.c). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

#include "ccaudit/util.h"
#include "ccaudit/yaml.h"

/* ---- helpers -------------------------------------------------------------- */

/* Parse text as "t.yaml"; the test fails with the message on an error. */
static json_t *parse(const char *text, struct cca_linemap **lines)
{
	struct cca_error err;
	json_t *root = NULL;

	cca_error_clear(&err);
	if (cca_yaml_parse("t.yaml", text, strlen(text), &root, lines, &err) < 0)
		fail_msg("unexpected parse error: %s", err.msg);
	assert_non_null(root);
	return root;
}

/* The compact JSON text of v (types, values and key order at once). */
static char *dump(const json_t *v)
{
	char *s = json_dumps(v, JSON_COMPACT | JSON_ENCODE_ANY);

	assert_non_null(s);
	return s;
}

/* Parse text and compare its compact JSON form with want. */
static void expect_json(const char *text, const char *want)
{
	json_t *root = parse(text, NULL);
	char *got = dump(root);

	assert_string_equal(got, want);
	free(got);
	json_decref(root);
}

/* Parse len bytes of data, expecting failure with code and message. */
static void expect_error_n(const char *data, size_t len, enum cca_errcode code,
			   const char *msg)
{
	struct cca_error err;
	struct cca_linemap *lines = (struct cca_linemap *)&err;  /* poison */
	json_t *root = (json_t *)&err;

	cca_error_clear(&err);
	assert_int_equal(cca_yaml_parse("t.yaml", data, len, &root, &lines, &err),
			 -1);
	assert_null(root);
	assert_null(lines);
	assert_int_equal(err.code, code);
	assert_string_equal(err.msg, msg);
}

static void expect_error(const char *text, enum cca_errcode code,
			 const char *msg)
{
	expect_error_n(text, strlen(text), code, msg);
}

/* A temporary file holding len bytes of data; the caller unlinks it. */
static char *temp_file(const char *data, size_t len)
{
	const char *dir = getenv("TMPDIR");
	char *path = cca_xasprintf("%s/test-yaml-XXXXXX",
				   dir && *dir ? dir : "/tmp");
	int fd = mkstemp(path);

	assert_true(fd >= 0);
	assert_int_equal(write(fd, data, len), (ssize_t)len);
	assert_int_equal(close(fd), 0);
	return path;
}

/* ---- scalars ---------------------------------------------------------------- */

static void test_null_and_bool(void **state)
{
	(void)state;
	expect_json("[null, Null, NULL, ~, true, True, TRUE, false, False, FALSE]",
		    "[null,null,null,null,true,true,true,false,false,false]");
	/* YAML 1.1 spellings are plain strings in the 1.2 core schema. */
	expect_json("[yes, no, on, off, y, n, nULL, tRUE]",
		    "[\"yes\",\"no\",\"on\",\"off\",\"y\",\"n\",\"nULL\",\"tRUE\"]");
	expect_json("a:\nb: ~\n", "{\"a\":null,\"b\":null}");
}

static void test_integers(void **state)
{
	(void)state;
	expect_json("[0, 12, -7, +12, 007, 0x1F, 0xff, 0o17, 9223372036854775807,"
		    " -9223372036854775808]",
		    "[0,12,-7,12,7,31,255,15,9223372036854775807,"
		    "-9223372036854775808]");
	/* Not core-schema integers: strings. */
	expect_json("[0x, 0o, 0o8, 0xg, -0x1, 1_000, 12abc, 0b101]",
		    "[\"0x\",\"0o\",\"0o8\",\"0xg\",\"-0x1\",\"1_000\","
		    "\"12abc\",\"0b101\"]");
	/* Integers JSON cannot hold keep their text. */
	expect_json("[99999999999999999999, 0x10000000000000000]",
		    "[\"99999999999999999999\",\"0x10000000000000000\"]");
}

static void test_floats(void **state)
{
	(void)state;
	expect_json("[1.5, -.5, +2.25, 1e3, 2E-1, 1., .5e1, -0.0]",
		    "[1.5,-0.5,2.25,1000.0,0.20000000000000001,1.0,5.0,-0.0]");
	/* Infinities and NaN cannot be JSON numbers: they stay strings. */
	expect_json("[.inf, -.Inf, +.INF, .nan, .NaN, 1e999]",
		    "[\".inf\",\"-.Inf\",\"+.INF\",\".nan\",\".NaN\",\"1e999\"]");
	expect_json("[., 1.2.3, e3, 1e, 1e+, .infx, -.nan]",
		    "[\".\",\"1.2.3\",\"e3\",\"1e\",\"1e+\",\".infx\",\"-.nan\"]");
}

static void test_strings(void **state)
{
	(void)state;
	/* Quoted and block scalars are strings whatever they spell. */
	expect_json("[\"12\", '12', \"true\", 'null', \"\", '']",
		    "[\"12\",\"12\",\"true\",\"null\",\"\",\"\"]");
	expect_json("a: |\n  12\n  two\nb: >\n  f1\n  f2\nc: |-\n  true\n",
		    "{\"a\":\"12\\ntwo\\n\",\"b\":\"f1 f2\\n\",\"c\":\"true\"}");
	expect_json("d: 2026-11-20\nu: \"caf\\u00e9 \\x41\"\nz: \"a\\0b\"\n",
		    "{\"d\":\"2026-11-20\",\"u\":\"café A\",\"z\":\"a\\u0000b\"}");
	expect_json("plain: multi\n  line text\n",
		    "{\"plain\":\"multi line text\"}");
	expect_json("<<", "\"<<\"");
}

static void test_tags(void **state)
{
	(void)state;
	expect_json("[!!str 12, !!str true, !!int \"12\", !!int '0x10',"
		    " !!float 1, !!float \"2.5\", !!bool \"false\", !!null \"\","
		    " ! 12, !local 12, !!binary aGk=]",
		    "[\"12\",\"true\",12,16,1.0,2.5,false,null,\"12\",12,"
		    "\"aGk=\"]");
	expect_error("a: 1\nb: !!int twelve\n", CCA_EINPUT,
		     "t.yaml:2:4: 'twelve' is not a valid !!int");
	expect_error("!!bool yes", CCA_EINPUT,
		     "t.yaml:1:1: 'yes' is not a valid !!bool");
	expect_error("[!!null 0]", CCA_EINPUT,
		     "t.yaml:1:2: '0' is not a valid !!null");
	expect_error("x: !!float abc", CCA_EINPUT,
		     "t.yaml:1:4: 'abc' is not a valid !!float");
	/* An explicit !!int that does not fit is an error, not a string. */
	expect_error("x: !!int 99999999999999999999", CCA_EINPUT,
		     "t.yaml:1:4: '99999999999999999999' is not a valid !!int");
}

static void test_empty_input(void **state)
{
	struct cca_linemap *lines = NULL;
	json_t *root;

	(void)state;
	expect_json("", "null");
	expect_json("# only a comment\n", "null");
	expect_json("---\n...\n", "null");
	root = parse("", &lines);
	assert_true(json_is_null(root));
	assert_int_equal(cca_linemap_line(lines, ""), 1);
	json_decref(root);
	cca_linemap_free(lines);
	/* NULL data with length 0 is an empty document too. */
	root = (json_t *)&lines;
	assert_int_equal(cca_yaml_parse("t.yaml", NULL, 0, &root, NULL, NULL), 0);
	assert_true(json_is_null(root));
	json_decref(root);
}

static void test_scalar_root(void **state)
{
	(void)state;
	expect_json("42\n", "42");
	expect_json("--- hello\n", "\"hello\"");
	expect_json("\xef\xbb\xbf" "a: 1\n", "{\"a\":1}");  /* UTF-8 BOM */
}

/* ---- structure ---------------------------------------------------------------- */

static void test_nested(void **state)
{
	(void)state;
	expect_json("ccaudit-answers: 1\n"
		    "answers:\n"
		    "  - id: manual.csvs-1.1\n"
		    "    status: pass\n"
		    "    tags: [a, [b, {c: d}], {}]\n"
		    "  - {id: x, note: []}\n"
		    "  -\n"
		    "  - - nested\n"
		    "    - seq\n",
		    "{\"ccaudit-answers\":1,\"answers\":["
		    "{\"id\":\"manual.csvs-1.1\",\"status\":\"pass\","
		    "\"tags\":[\"a\",[\"b\",{\"c\":\"d\"}],{}]},"
		    "{\"id\":\"x\",\"note\":[]},null,[\"nested\",\"seq\"]]}");
}

static void test_key_order(void **state)
{
	json_t *root;
	const char *key, *want[] = { "zeta", "alpha", "mid", "1", "beta" };
	json_t *v;
	size_t i = 0;

	(void)state;
	root = parse("zeta: 1\nalpha: 2\nmid: 3\n1: 4\nbeta: 5\n", NULL);
	json_object_foreach(root, key, v) {
		assert_true(i < 5);
		assert_string_equal(key, want[i]);
		assert_int_equal(json_integer_value(v), (json_int_t)i + 1);
		i++;
	}
	assert_int_equal(i, 5);
	json_decref(root);
}

static void test_scalar_keys(void **state)
{
	(void)state;
	/* Keys are the scalar's text, whatever type it would resolve to. */
	expect_json("1: a\ntrue: b\nnull: c\n~: d\n1.50: e\n\"q\": f\n",
		    "{\"1\":\"a\",\"true\":\"b\",\"null\":\"c\",\"~\":\"d\","
		    "\"1.50\":\"e\",\"q\":\"f\"}");
	expect_json("? explicit\n: 1\n", "{\"explicit\":1}");
	expect_json("{? : empty}", "{\"\":\"empty\"}");
	expect_json("? \n: empty\n", "{\"\":\"empty\"}");
}

/* ---- anchors and aliases ------------------------------------------------------ */

static void test_aliases(void **state)
{
	json_t *root;

	(void)state;
	expect_json("a: &x hello\nb: *x\nc: &n 12\nd: *n\n",
		    "{\"a\":\"hello\",\"b\":\"hello\",\"c\":12,\"d\":12}");
	root = parse("base: &b {k: [1, 2]}\nuse: *b\nlist: [*b, *b]\n", NULL);
	{
		char *s = dump(root);

		assert_string_equal(s, "{\"base\":{\"k\":[1,2]},\"use\":{\"k\":[1,2]},"
				       "\"list\":[{\"k\":[1,2]},{\"k\":[1,2]}]}");
		free(s);
	}
	assert_true(json_equal(json_object_get(root, "base"),
			       json_object_get(root, "use")));
	json_decref(root);
	/* The latest definition of an anchor wins. */
	expect_json("- &a one\n- *a\n- &a two\n- *a\n",
		    "[\"one\",\"one\",\"two\",\"two\"]");
	/* An anchored scalar can be reused as a key (its text). */
	expect_json("- &k 007\n- {*k : v}\n", "[7,{\"007\":\"v\"}]");
	/* An anchor on a key. */
	expect_json("&k name: 1\nother: *k\n", "{\"name\":1,\"other\":\"name\"}");
}

static void test_alias_errors(void **state)
{
	(void)state;
	expect_error("a: 1\nb: *nope\n", CCA_EINPUT,
		     "t.yaml:2:4: undefined alias '*nope'");
	expect_error("a: &x [1, *x]\n", CCA_EINPUT,
		     "t.yaml:1:11: alias '*x' refers to a node that contains it");
	expect_error("a: &m {k: v}\n*m : 1\n", CCA_EINPUT,
		     "t.yaml:2:1: alias '*m' cannot be a mapping key: it is not a scalar");
	/* An alias defined after its use is undefined at the use. */
	expect_error("- *later\n- &later 1\n", CCA_EINPUT,
		     "t.yaml:1:3: undefined alias '*later'");
}

/* ---- merge keys ---------------------------------------------------------------- */

static void test_merge_single(void **state)
{
	(void)state;
	expect_json("base: &base\n  image: alpine\n  user: app\n"
		    "svc:\n  <<: *base\n  port: 80\n",
		    "{\"base\":{\"image\":\"alpine\",\"user\":\"app\"},"
		    "\"svc\":{\"image\":\"alpine\",\"user\":\"app\",\"port\":80}}");
	/* Merged keys stand where "<<" stood. */
	expect_json("b: &b {x: 1, y: 2}\nm: {first: 0, <<: *b, last: 3}\n",
		    "{\"b\":{\"x\":1,\"y\":2},"
		    "\"m\":{\"first\":0,\"x\":1,\"y\":2,\"last\":3}}");
	/* An inline mapping as the merge value. */
	expect_json("m:\n  <<: {a: 1, b: 2}\n  b: 3\n",
		    "{\"m\":{\"a\":1,\"b\":3}}");
	/* A quoted "<<" is an ordinary key. */
	expect_json("b: &b {x: 1}\nm: {\"<<\": *b}\n",
		    "{\"b\":{\"x\":1},\"m\":{\"<<\":{\"x\":1}}}");
	/* !!merge tag. */
	expect_json("b: &b {x: 1}\nm: {!!merge '<<': *b}\n",
		    "{\"b\":{\"x\":1},\"m\":{\"x\":1}}");
	expect_json("m: {<<: []}\n", "{\"m\":{}}");
}

static void test_merge_list(void **state)
{
	(void)state;
	/* Earlier mappings in the list win over later ones. */
	expect_json("a: &a {x: a, y: a}\nb: &b {y: b, z: b}\n"
		    "m:\n  <<: [*a, *b]\n",
		    "{\"a\":{\"x\":\"a\",\"y\":\"a\"},\"b\":{\"y\":\"b\",\"z\":\"b\"},"
		    "\"m\":{\"x\":\"a\",\"y\":\"a\",\"z\":\"b\"}}");
	expect_json("a: &a {x: a, y: a}\nb: &b {y: b, z: b}\n"
		    "m:\n  <<: [*b, *a]\n",
		    "{\"a\":{\"x\":\"a\",\"y\":\"a\"},\"b\":{\"y\":\"b\",\"z\":\"b\"},"
		    "\"m\":{\"y\":\"b\",\"z\":\"b\",\"x\":\"a\"}}");
	/* A list mixing aliases and inline mappings; an alias to a list. */
	expect_json("a: &a {x: 1}\nm: {<<: [*a, {w: 2}]}\n",
		    "{\"a\":{\"x\":1},\"m\":{\"x\":1,\"w\":2}}");
	expect_json("l: &l [{p: 1}, {q: 2}]\nm: {<<: *l}\n",
		    "{\"l\":[{\"p\":1},{\"q\":2}],\"m\":{\"p\":1,\"q\":2}}");
	/* A merged mapping that merges itself (chains). */
	expect_json("a: &a {x: 1}\nb: &b {<<: *a, y: 2}\nc: {<<: *b, z: 3}\n",
		    "{\"a\":{\"x\":1},\"b\":{\"x\":1,\"y\":2},"
		    "\"c\":{\"x\":1,\"y\":2,\"z\":3}}");
}

static void test_merge_explicit_wins(void **state)
{
	(void)state;
	/* Explicit keys win whether they come before or after "<<". */
	expect_json("b: &b {user: root, image: alpine}\n"
		    "m:\n  user: app\n  <<: *b\n",
		    "{\"b\":{\"user\":\"root\",\"image\":\"alpine\"},"
		    "\"m\":{\"user\":\"app\",\"image\":\"alpine\"}}");
	expect_json("b: &b {user: root, image: alpine}\n"
		    "m:\n  <<: *b\n  user: app\n",
		    "{\"b\":{\"user\":\"root\",\"image\":\"alpine\"},"
		    "\"m\":{\"image\":\"alpine\",\"user\":\"app\"}}");
	/* The anchored mapping itself is left as it was. */
	expect_json("b: &b {k: 1}\nm: {<<: *b, k: 2}\nagain: *b\n",
		    "{\"b\":{\"k\":1},\"m\":{\"k\":2},\"again\":{\"k\":1}}");
}

static void test_merge_errors(void **state)
{
	(void)state;
	expect_error("a: &a 1\nm:\n  <<: *a\n", CCA_EINPUT,
		     "t.yaml:3:3: merge key '<<' needs a mapping or a list of mappings");
	expect_error("m:\n  x: 1\n  <<: scalar\n", CCA_EINPUT,
		     "t.yaml:3:3: merge key '<<' needs a mapping or a list of mappings");
	expect_error("a: &a {x: 1}\nm: {<<: [*a, 2]}\n", CCA_EINPUT,
		     "t.yaml:2:5: merge key '<<' needs a mapping or a list of mappings");
	expect_error("m: {<<: [[{x: 1}]]}\n", CCA_EINPUT,
		     "t.yaml:1:5: merge key '<<' needs a mapping or a list of mappings");
	expect_error("a: &a {x: 1}\nm:\n  <<: *a\n  <<: *a\n", CCA_EINPUT,
		     "t.yaml:4:3: duplicate key '<<'");
	/* Merged keys do not hide a genuine duplicate among explicit ones. */
	expect_error("a: &a {x: 1}\nm:\n  <<: *a\n  y: 1\n  y: 2\n", CCA_EINPUT,
		     "t.yaml:5:3: duplicate key 'y'");
}

/* ---- the line map ---------------------------------------------------------------- */

static const char answers[] =
	"ccaudit-answers: 1\n"            /* 1 */
	"target: payments-api\n"          /* 2 */
	"answers:\n"                      /* 3 */
	"  - id: manual.csvs-1.1\n"       /* 4 */
	"    status: pass\n"              /* 5 */
	"    note: >\n"                   /* 6 */
	"      folded\n"                  /* 7 */
	"  - id: manual.csvs-1.2\n"       /* 8 */
	"\n"                              /* 9 */
	"    status:\n"                   /* 10 */
	"      fail\n"                    /* 11 */
	"\"a/b\": {\"c~d\": 1, \"\": 2}\n"/* 12 */
	"list: [x,\n"                     /* 13 */
	"  y]\n";                         /* 14 */

static void test_lines(void **state)
{
	struct cca_linemap *lines = NULL;
	json_t *root;

	(void)state;
	root = parse(answers, &lines);
	assert_non_null(lines);
	assert_int_equal(cca_linemap_line(lines, ""), 1);
	assert_int_equal(cca_linemap_line(lines, "/ccaudit-answers"), 1);
	assert_int_equal(cca_linemap_line(lines, "/target"), 2);
	assert_int_equal(cca_linemap_line(lines, "/answers"), 3);
	assert_int_equal(cca_linemap_line(lines, "/answers/0"), 4);
	assert_int_equal(cca_linemap_line(lines, "/answers/0/id"), 4);
	assert_int_equal(cca_linemap_line(lines, "/answers/0/status"), 5);
	assert_int_equal(cca_linemap_line(lines, "/answers/0/note"), 6);
	assert_int_equal(cca_linemap_line(lines, "/answers/1"), 8);
	/* An object member is at its key's line, not its value's. */
	assert_int_equal(cca_linemap_line(lines, "/answers/1/status"), 10);
	assert_int_equal(cca_linemap_line(lines, "/list/0"), 13);
	assert_int_equal(cca_linemap_line(lines, "/list/1"), 14);
	/* RFC 6901 escapes: ~1 is '/', ~0 is '~'; "" is a valid key. */
	assert_int_equal(cca_linemap_line(lines, "/a~1b"), 12);
	assert_int_equal(cca_linemap_line(lines, "/a~1b/c~0d"), 12);
	assert_int_equal(cca_linemap_line(lines, "/a~1b/"), 12);
	assert_int_equal(cca_linemap_line(lines, "/a/b"), 1);
	/* Absent pointers fall back to the nearest ancestor present. */
	assert_int_equal(cca_linemap_line(lines, "/answers/1/missing"), 8);
	assert_int_equal(cca_linemap_line(lines, "/answers/7/status"), 3);
	assert_int_equal(cca_linemap_line(lines, "/answers/01"), 3);
	assert_int_equal(cca_linemap_line(lines, "/answers/0/id/deeper/still"), 4);
	assert_int_equal(cca_linemap_line(lines, "/nothing"), 1);
	assert_int_equal(cca_linemap_line(lines, "not-a-pointer"), 1);
	assert_int_equal(cca_linemap_linef(lines, "/answers/%d/status", 1), 10);
	assert_int_equal(cca_linemap_linef(lines, "/%s/%zu", "list", (size_t)1), 14);
	json_decref(root);
	cca_linemap_free(lines);
	/* No map, no line. */
	assert_int_equal(cca_linemap_line(NULL, "/answers"), 0);
	assert_int_equal(cca_linemap_linef(NULL, "/answers/%d", 0), 0);
	cca_linemap_free(NULL);
}

static void test_lines_aliases_and_merges(void **state)
{
	struct cca_linemap *lines = NULL;
	json_t *root;

	(void)state;
	root = parse("base: &b\n"           /* 1 */
		     "  image: alpine\n"    /* 2 */
		     "  opts:\n"            /* 3 */
		     "    ro: true\n"       /* 4 */
		     "svc:\n"               /* 5 */
		     "  copy: *b\n"         /* 6 */
		     "  <<: *b\n"           /* 7 */
		     "  user: app\n"        /* 8 */
		     "more:\n"              /* 9 */
		     "  <<: [{a: 1},\n"     /* 10 */
		     "       {b: 2}]\n",    /* 11 */
		     &lines);
	/* The alias itself stands where it is written ... */
	assert_int_equal(cca_linemap_line(lines, "/svc/copy"), 6);
	/* ... and what it names stands where the anchor is. */
	assert_int_equal(cca_linemap_line(lines, "/svc/copy/image"), 2);
	assert_int_equal(cca_linemap_line(lines, "/svc/copy/opts/ro"), 4);
	/* Merged keys are where they were written in the merged mapping. */
	assert_int_equal(cca_linemap_line(lines, "/svc/image"), 2);
	assert_int_equal(cca_linemap_line(lines, "/svc/opts/ro"), 4);
	assert_int_equal(cca_linemap_line(lines, "/svc/user"), 8);
	assert_int_equal(cca_linemap_line(lines, "/more/a"), 10);
	assert_int_equal(cca_linemap_line(lines, "/more/b"), 11);
	/* "<<" is not a member. */
	assert_int_equal(cca_linemap_line(lines, "/svc/<<"), 5);
	json_decref(root);
	cca_linemap_free(lines);
}

static void test_lines_optional(void **state)
{
	struct cca_error err;
	struct cca_linemap *lines = NULL;

	(void)state;
	/* Either out pointer may be NULL. */
	assert_int_equal(cca_yaml_parse("t.yaml", "a: 1", 4, NULL, &lines, &err), 0);
	assert_int_equal(cca_linemap_line(lines, "/a"), 1);
	cca_linemap_free(lines);
	assert_int_equal(cca_yaml_parse("t.yaml", "a: 1", 4, NULL, NULL, &err), 0);
	/* data need not be NUL-terminated: only len bytes are read. */
	{
		json_t *root = NULL;
		char *s;

		assert_int_equal(cca_yaml_parse("t.yaml", "a: 1garbage: [", 4,
						&root, NULL, &err), 0);
		s = dump(root);
		assert_string_equal(s, "{\"a\":1}");
		free(s);
		json_decref(root);
	}
}

/* ---- errors -------------------------------------------------------------------- */

/* A map built by hand (merged inputs): each value names its file and line. */
static void test_built_linemap(void **state)
{
	struct cca_linemap *m = cca_linemap_new();

	(void)state;
	assert_int_equal(cca_linemap_line(m, "/a"), 0);
	assert_int_equal(cca_linemap_set(m, "", "base.yaml", 1), 0);
	assert_int_equal(cca_linemap_set(m, "/services/web", "base.yaml", 2), 0);
	assert_int_equal(cca_linemap_set(m, "/services/web/image", "override.yaml", 4), 0);
	assert_int_equal(cca_linemap_set(m, "/services/web/ports/0", "base.yaml", 6), 0);
	/* an ancestor never set stands where its parent does */
	assert_int_equal(cca_linemap_set(m, "/x/y~1z/0", "other.yaml", 9), 0);
	assert_int_equal(cca_linemap_set(m, "no-slash", "f", 1), -1);
	assert_int_equal(cca_linemap_line(m, "/services/web/image"), 4);
	assert_string_equal(cca_linemap_file(m, "/services/web/image"), "override.yaml");
	assert_string_equal(cca_linemap_file(m, "/services/web/ports/0"), "base.yaml");
	assert_int_equal(cca_linemap_line(m, "/services/web/ports/0/extra"), 6);
	assert_int_equal(cca_linemap_line(m, "/services"), 1);
	assert_int_equal(cca_linemap_line(m, "/x/y~1z/0"), 9);
	assert_string_equal(cca_linemap_file(m, "/x/y~1z"), "base.yaml");
	/* setting again moves the value */
	assert_int_equal(cca_linemap_set(m, "/services/web/image", "prod.yaml", 3), 0);
	assert_string_equal(cca_linemap_file(m, "/services/web/image"), "prod.yaml");
	assert_int_equal(cca_linemap_line(m, "/services/web/image"), 3);
	cca_linemap_free(m);
}

/* A parsed document's map names no file: its values are all in the input. */
static void test_parsed_linemap_has_no_file(void **state)
{
	struct cca_linemap *lines = NULL;
	json_t *root = parse("a:\n  b: 1\n", &lines);

	(void)state;
	assert_null(cca_linemap_file(lines, "/a/b"));
	assert_int_equal(cca_linemap_line(lines, "/a/b"), 2);
	assert_null(cca_linemap_file(NULL, "/a"));
	json_decref(root);
	cca_linemap_free(lines);
}

static void test_duplicate_key(void **state)
{
	(void)state;
	expect_error("a: 1\nb:\n  c: 2\na: 3\n", CCA_EINPUT,
		     "t.yaml:4:1: duplicate key 'a'");
	expect_error("x:\n  k: 1\n  \"k\": 2\n", CCA_EINPUT,
		     "t.yaml:3:3: duplicate key 'k'");
	expect_error("[{a: 1, b: 2, a: 3}]", CCA_EINPUT,
		     "t.yaml:1:15: duplicate key 'a'");
	/* Same key in different mappings is fine. */
	expect_json("a: {k: 1}\nb: {k: 2}\n", "{\"a\":{\"k\":1},\"b\":{\"k\":2}}");
}

static void test_tab_indentation(void **state)
{
	(void)state;
	expect_error("a:\n\tb: 1\n", CCA_EINPUT,
		     "t.yaml:2:1: found character that cannot start any token"
		     " (a tab cannot indent YAML; use spaces)");
	expect_error("a:\n  b: 1\n\tc: 2\n", CCA_EINPUT,
		     "t.yaml:3:1: found a tab character that violates indentation"
		     " (a tab cannot indent YAML; use spaces)");
	/* A tab between tokens is only white space. */
	expect_json("a:\t1\n", "{\"a\":1}");
}

static void test_truncated(void **state)
{
	(void)state;
	expect_error("a: [1, 2\n", CCA_EINPUT,
		     "t.yaml:2:1: did not find expected ',' or ']'"
		     " (while parsing a flow sequence started at line 1)");
	expect_error("a: {x: 1\n", CCA_EINPUT,
		     "t.yaml:2:1: did not find expected ',' or '}'"
		     " (while parsing a flow mapping started at line 1)");
	expect_error("a: \"open\n", CCA_EINPUT,
		     "t.yaml:2:1: found unexpected end of stream"
		     " (while scanning a quoted scalar started at line 1)");
	expect_error("a: b: c\n", CCA_EINPUT,
		     "t.yaml:1:5: mapping values are not allowed in this context");
}

static void test_invalid_utf8(void **state)
{
	(void)state;
	/* A multibyte character cut by the end of the input ... */
	expect_error("a: 1\nb: caf\xc3", CCA_EINPUT,
		     "t.yaml:2:7: incomplete UTF-8 octet sequence");
	/* ... or by a line break. */
	expect_error("a: 1\nb: caf\xc3\n", CCA_EINPUT,
		     "t.yaml:2:8: invalid trailing UTF-8 octet (0x0a)");
	expect_error("a: 1\nb: \xff\n", CCA_EINPUT,
		     "t.yaml:2:4: invalid leading UTF-8 octet (0xff)");
	expect_error("k: \xc3\xa9\xc3\x28\n", CCA_EINPUT,
		     "t.yaml:1:6: invalid trailing UTF-8 octet (0x28)");
	/* An overlong encoding of '/'. */
	expect_error("k: \xc0\xaf\n", CCA_EINPUT,
		     "t.yaml:1:4: invalid length of a UTF-8 sequence");
}

static void test_binary(void **state)
{
	static const char bin[] = "a: 1\nb: \x00\x01\x02\xfe\x00garbage";
	static const char elf[] = "\x7f" "ELF\x02\x01\x01\x00\x00\x00";

	(void)state;
	expect_error_n(bin, sizeof bin - 1, CCA_EINPUT,
		       "t.yaml:2:4: control characters are not allowed (0x00)");
	expect_error_n(elf, sizeof elf - 1, CCA_EINPUT,
		       "t.yaml:1:1: control characters are not allowed (0x7f)");
	expect_error_n("\0", 1, CCA_EINPUT,
		       "t.yaml:1:1: control characters are not allowed (0x00)");
}

static void test_two_documents(void **state)
{
	(void)state;
	expect_error("a: 1\n---\nb: 2\n", CCA_EINPUT,
		     "t.yaml:2:1: more than one document (only one is allowed)");
	expect_error("--- 1\n--- 2\n", CCA_EINPUT,
		     "t.yaml:2:1: more than one document (only one is allowed)");
	/* An explicit end marker without a second document is fine. */
	expect_json("--- 1\n...\n", "1");
}

static void test_non_scalar_key(void **state)
{
	(void)state;
	expect_error("ok: 1\n? {a: 1}\n: v\n", CCA_EINPUT,
		     "t.yaml:2:3: a mapping cannot be a mapping key");
	expect_error("? [a, b]\n: v\n", CCA_EINPUT,
		     "t.yaml:1:3: a sequence cannot be a mapping key");
	expect_error("{[a]: b}", CCA_EINPUT,
		     "t.yaml:1:2: a sequence cannot be a mapping key");
	expect_error("\"k\\0\": v", CCA_EINPUT,
		     "t.yaml:1:1: key contains a NUL character");
}

/* n nested flow sequences around a scalar. */
static char *nested(size_t n)
{
	struct cca_buf b;

	cca_buf_init(&b);
	for (size_t i = 0; i < n; i++)
		cca_buf_putc(&b, '[');
	cca_buf_putc(&b, '1');
	for (size_t i = 0; i < n; i++)
		cca_buf_putc(&b, ']');
	return cca_buf_detach(&b);
}

static void test_depth(void **state)
{
	struct cca_error err;
	json_t *root = NULL;
	char *doc;

	(void)state;
	/* Exactly the cap is fine ... */
	doc = nested(CCA_YAML_MAX_DEPTH);
	assert_int_equal(cca_yaml_parse("t.yaml", doc, strlen(doc), &root, NULL,
					&err), 0);
	json_decref(root);
	free(doc);
	/* ... one more is not. */
	doc = nested(CCA_YAML_MAX_DEPTH + 1);
	assert_int_equal(cca_yaml_parse("t.yaml", doc, strlen(doc), &root, NULL,
					&err), -1);
	assert_int_equal(err.code, CCA_ETOOBIG);
	assert_string_equal(err.msg, "t.yaml:1:65: nesting deeper than 64 levels");
	free(doc);
	/* A depth bomb: a million open brackets. */
	doc = nested(1000000);
	expect_error(doc, CCA_ETOOBIG, "t.yaml:1:65: nesting deeper than 64 levels");
	free(doc);
	/* Block mappings count the same way. */
	{
		struct cca_buf b;

		cca_buf_init(&b);
		for (int i = 0; i < 70; i++)
			cca_buf_printf(&b, "%*sk%d:\n", i, "", i);
		expect_error(cca_buf_str(&b), CCA_ETOOBIG,
			     "t.yaml:65:65: nesting deeper than 64 levels");
		cca_buf_release(&b);
	}
}

static void test_billion_laughs(void **state)
{
	static const char doc[] =
		"a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n"
		"b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\n"
		"c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\n"
		"d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]\n"
		"e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]\n"
		"f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]\n"
		"g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]\n"
		"h: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]\n"
		"i: &i [*h,*h,*h,*h,*h,*h,*h,*h,*h]\n";
	struct cca_error err;
	json_t *root = NULL;
	clock_t t0 = clock();
	double secs;

	(void)state;
	assert_int_equal(cca_yaml_parse("t.yaml", doc, sizeof doc - 1, &root,
					NULL, &err), -1);
	secs = (double)(clock() - t0) / CLOCKS_PER_SEC;
	assert_null(root);
	assert_int_equal(err.code, CCA_ETOOBIG);
	/* *f stands for 597871 values: the first one on line 7 crosses 10^6. */
	assert_string_equal(err.msg,
			    "t.yaml:7:8: document has more than 1000000 values"
			    " after alias expansion");
	/* Stopped by counting, not by expanding: far below a second. */
	assert_true(secs < 1.0);

	/* Merge keys are counted too. */
	{
		struct cca_buf b;

		cca_buf_init(&b);
		cca_buf_puts(&b, "a: &a {");
		for (int i = 0; i < 1000; i++)
			cca_buf_printf(&b, "%sk%d: %d", i ? ", " : "", i, i);
		cca_buf_puts(&b, "}\nm: [");
		for (int i = 0; i < 1000; i++)
			cca_buf_printf(&b, "%s{<<: *a}", i ? ", " : "");
		cca_buf_puts(&b, "]\n");
		assert_int_equal(cca_yaml_parse("t.yaml", cca_buf_str(&b), b.len,
						&root, NULL, &err), -1);
		assert_int_equal(err.code, CCA_ETOOBIG);
		cca_buf_release(&b);
	}
}

static void test_node_cap_boundary(void **state)
{
	struct cca_buf b;
	struct cca_error err;
	json_t *root = NULL;

	(void)state;
	/*
	 * 1 (root) + 1000 (&a: a list and 999 items) + 998 * 1000 (aliases)
	 * + 999 scalars = exactly CCA_YAML_MAX_NODES.
	 */
	cca_buf_init(&b);
	cca_buf_puts(&b, "- &a [0");
	for (int i = 1; i < 999; i++)
		cca_buf_puts(&b, ",0");
	cca_buf_puts(&b, "]\n");
	for (int i = 0; i < 998; i++)
		cca_buf_puts(&b, "- *a\n");
	for (int i = 0; i < 999; i++)
		cca_buf_puts(&b, "- 1\n");
	assert_int_equal(cca_yaml_parse("t.yaml", cca_buf_str(&b), b.len, &root,
					NULL, &err), 0);
	assert_int_equal(json_array_size(root), 1 + 998 + 999);
	json_decref(root);
	cca_buf_puts(&b, "- 1\n");
	assert_int_equal(cca_yaml_parse("t.yaml", cca_buf_str(&b), b.len, &root,
					NULL, &err), -1);
	assert_int_equal(err.code, CCA_ETOOBIG);
	assert_string_equal(err.msg, "t.yaml:1999:3: document has more than 1000000"
				     " values after alias expansion");
	cca_buf_release(&b);
}

/* ---- files ---------------------------------------------------------------------- */

static void test_load_file(void **state)
{
	static const char text[] = "a: 1\nb:\n  - x\n";
	struct cca_error err;
	struct cca_linemap *lines = NULL;
	json_t *root = NULL;
	char *path = temp_file(text, sizeof text - 1), *s, *want;

	(void)state;
	assert_int_equal(cca_yaml_load(path, &root, &lines, &err), 0);
	s = dump(root);
	assert_string_equal(s, "{\"a\":1,\"b\":[\"x\"]}");
	free(s);
	assert_int_equal(cca_linemap_line(lines, "/b/0"), 3);
	json_decref(root);
	cca_linemap_free(lines);
	unlink(path);
	free(path);

	/* Errors name the file. */
	path = temp_file("a: 1\na: 2\n", 10);
	assert_int_equal(cca_yaml_load(path, &root, &lines, &err), -1);
	assert_null(root);
	assert_null(lines);
	want = cca_xasprintf("%s:2:1: duplicate key 'a'", path);
	assert_string_equal(err.msg, want);
	free(want);
	unlink(path);
	free(path);
}

static void test_load_fixture(void **state)
{
	const char *dir = getenv("CCA_FIXTURES");
	char *path = cca_xasprintf("%s/yaml/answers.yaml",
				   dir && *dir ? dir : "tests/fixtures");
	struct cca_error err;
	struct cca_linemap *lines = NULL;
	json_t *root = NULL, *a;

	(void)state;
	if (cca_yaml_load(path, &root, &lines, &err) < 0)
		fail_msg("%s", err.msg);
	assert_int_equal(json_integer_value(json_object_get(root, "ccaudit-answers")), 1);
	a = json_array_get(json_object_get(root, "answers"), 0);
	assert_string_equal(json_string_value(json_object_get(a, "status")), "pass");
	/* Dates are strings in the core schema. */
	assert_string_equal(json_string_value(json_object_get(a, "expires")),
			    "2027-11-20");
	assert_int_equal(cca_linemap_line(lines, "/answers/0/status"), 6);
	assert_int_equal(cca_linemap_line(lines, "/answers/0/evidence"), 11);
	json_decref(root);
	cca_linemap_free(lines);
	free(path);
}

static void test_load_too_big(void **state)
{
	const char *dir = getenv("TMPDIR");
	char *path = cca_xasprintf("%s/test-yaml-XXXXXX", dir && *dir ? dir : "/tmp");
	char *want;
	struct cca_error err;
	json_t *root = NULL;
	int fd = mkstemp(path);

	(void)state;
	assert_true(fd >= 0);
	/* A sparse file one byte over the cap. */
	assert_int_equal(ftruncate(fd, (off_t)CCA_YAML_MAX_BYTES + 1), 0);
	close(fd);
	assert_int_equal(cca_yaml_load(path, &root, NULL, &err), -1);
	assert_null(root);
	assert_int_equal(err.code, CCA_ETOOBIG);
	want = cca_xasprintf("'%s' is larger than the limit of %u bytes", path,
			     CCA_YAML_MAX_BYTES);
	assert_string_equal(err.msg, want);
	free(want);
	unlink(path);
	free(path);
}

static void test_load_missing(void **state)
{
	struct cca_error err;
	struct cca_linemap *lines = (struct cca_linemap *)&err;
	json_t *root = (json_t *)&err;

	(void)state;
	assert_int_equal(cca_yaml_load("/nonexistent/answers.yaml", &root, &lines,
				       &err), -1);
	assert_null(root);
	assert_null(lines);
	assert_int_equal(err.code, CCA_EIO);
	assert_string_equal(err.msg, "cannot read '/nonexistent/answers.yaml':"
				     " No such file or directory");
	assert_int_equal(cca_error_exit(&err), CCA_EXIT_RUNTIME);
}

/* ---- robustness ------------------------------------------------------------------ */

/* Parse must succeed or fail cleanly; a failure names the input. */
static void survive(const char *data, size_t len)
{
	struct cca_error err;
	struct cca_linemap *lines = NULL;
	json_t *root = NULL;

	cca_error_clear(&err);
	if (cca_yaml_parse("f.yaml", data, len, &root, &lines, &err) == 0) {
		assert_non_null(root);
		assert_non_null(lines);
		(void)cca_linemap_line(lines, "/a/0/b");
	} else {
		assert_null(root);
		assert_true(err.code == CCA_EINPUT || err.code == CCA_ETOOBIG);
		assert_true(strncmp(err.msg, "f.yaml", 6) == 0);
	}
	json_decref(root);
	cca_linemap_free(lines);
}

static void test_no_crash(void **state)
{
	static const char doc[] =
		"base: &b {x: [1, 2.5, ~], 'q': \"s\\u00e9\"}\n"
		"a:\n  - <<: *b\n    b: |\n      text\n  - !!int 7\n"
		"  - {? k : v, *b : 1}\n"
		"tail: [*b, &c {y: *b}, *c]\n";
	char buf[sizeof doc];
	uint32_t seed = 12345;

	(void)state;
	/* Every prefix (truncated documents). */
	for (size_t n = 0; n <= sizeof doc - 1; n++)
		survive(doc, n);
	/* Random byte changes. */
	for (int round = 0; round < 2000; round++) {
		memcpy(buf, doc, sizeof doc);
		for (int k = 0; k < 3; k++) {
			seed = seed * 1103515245u + 12345u;
			buf[(seed >> 8) % (sizeof doc - 1)] = (char)(seed >> 20);
		}
		survive(buf, sizeof doc - 1);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_null_and_bool),
		cmocka_unit_test(test_integers),
		cmocka_unit_test(test_floats),
		cmocka_unit_test(test_strings),
		cmocka_unit_test(test_tags),
		cmocka_unit_test(test_empty_input),
		cmocka_unit_test(test_scalar_root),
		cmocka_unit_test(test_nested),
		cmocka_unit_test(test_key_order),
		cmocka_unit_test(test_scalar_keys),
		cmocka_unit_test(test_aliases),
		cmocka_unit_test(test_alias_errors),
		cmocka_unit_test(test_merge_single),
		cmocka_unit_test(test_merge_list),
		cmocka_unit_test(test_merge_explicit_wins),
		cmocka_unit_test(test_merge_errors),
		cmocka_unit_test(test_lines),
		cmocka_unit_test(test_lines_aliases_and_merges),
		cmocka_unit_test(test_lines_optional),
		cmocka_unit_test(test_built_linemap),
		cmocka_unit_test(test_parsed_linemap_has_no_file),
		cmocka_unit_test(test_duplicate_key),
		cmocka_unit_test(test_tab_indentation),
		cmocka_unit_test(test_truncated),
		cmocka_unit_test(test_invalid_utf8),
		cmocka_unit_test(test_binary),
		cmocka_unit_test(test_two_documents),
		cmocka_unit_test(test_non_scalar_key),
		cmocka_unit_test(test_depth),
		cmocka_unit_test(test_billion_laughs),
		cmocka_unit_test(test_node_cap_boundary),
		cmocka_unit_test(test_load_file),
		cmocka_unit_test(test_load_fixture),
		cmocka_unit_test(test_load_too_big),
		cmocka_unit_test(test_load_missing),
		cmocka_unit_test(test_no_crash),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
