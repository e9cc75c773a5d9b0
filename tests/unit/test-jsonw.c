/*
 * test-jsonw.c - the streaming JSON writer of the reports: layout, escaping,
 * repair of invalid UTF-8, numbers; and that jansson reads back what it
 * writes.
 */
#include <limits.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <jansson.h>

#include "../../src/report/jsonw.h"

static void test_layout(void **state)
{
	struct cca_buf b;
	struct jw w;

	(void)state;
	cca_buf_init(&b);
	jw_init(&w, &b);
	jw_object(&w);
	jw_key(&w, "a");
	jw_int(&w, 1);
	jw_key(&w, "empty");
	jw_array(&w);
	jw_array_end(&w);
	jw_key_plain(&w, "obj", 3);
	jw_object(&w);
	jw_object_end(&w);
	jw_key_plain(&w, "list", 4);
	jw_array(&w);
	jw_string(&w, "x");
	jw_null(&w);
	jw_bool(&w, true);
	jw_array_end(&w);
	jw_object_end(&w);
	assert_string_equal(cca_buf_str(&b),
			    "{\n  \"a\": 1,\n  \"empty\": [],\n  \"obj\": {},\n"
			    "  \"list\": [\n    \"x\",\n    null,\n    true\n  ]\n}");
	cca_buf_release(&b);
}

static const char *one_string(struct cca_buf *b, const char *s)
{
	struct jw w;

	cca_buf_reset(b);
	jw_init(&w, b);
	jw_string(&w, s);
	return cca_buf_str(b);
}

static void test_escaping(void **state)
{
	struct cca_buf b;

	(void)state;
	cca_buf_init(&b);
	assert_string_equal(one_string(&b, "a\"b\\c"), "\"a\\\"b\\\\c\"");
	assert_string_equal(one_string(&b, "\t\n\r\b\f"), "\"\\t\\n\\r\\b\\f\"");
	assert_string_equal(one_string(&b, "\x01\x1f"), "\"\\u0001\\u001F\"");
	assert_string_equal(one_string(&b, "</script>"), "\"</script>\"");
	/* UTF-8 passes through; invalid bytes become U+FFFD */
	assert_string_equal(one_string(&b, "caf\xc3\xa9 \xe2\x9c\x93"), "\"caf\xc3\xa9 \xe2\x9c\x93\"");
	assert_string_equal(one_string(&b, "a\xff" "b\xc3"), "\"a\xef\xbf\xbd" "b\xef\xbf\xbd\"");
	assert_string_equal(one_string(&b, "\xed\xa0\x80"), "\"\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd\"");
	assert_string_equal(one_string(&b, NULL), "null");
	cca_buf_release(&b);
}

/*
 * Every byte that needs escaping, at every offset around the writer's
 * eight-byte steps, with plain text before and after: the same escape as
 * when it stands alone.
 */
static void test_escaping_at_every_offset(void **state)
{
	static const struct {
		const char *in, *out;
	} special[] = {
		{ "\"", "\\\"" }, { "\\", "\\\\" }, { "\n", "\\n" }, { "\x01", "\\u0001" },
		{ "\x1f", "\\u001F" }, { "\xc3\xa9", "\xc3\xa9" }, { "\xe2\x9c\x93", "\xe2\x9c\x93" },
		{ "\xff", "\xef\xbf\xbd" }, { "\x7f", "\x7f" }, { " ", " " },
	};
	struct cca_buf b, in, want;

	(void)state;
	cca_buf_init(&b);
	for (size_t k = 0; k < sizeof special / sizeof special[0]; k++)
		for (size_t before = 0; before < 20; before++)
			for (size_t after = 0; after < 12; after += 5) {
				cca_buf_init(&in);
				cca_buf_init(&want);
				cca_buf_putc(&want, '"');
				for (size_t i = 0; i < before; i++) {
					cca_buf_putc(&in, (char)('a' + i % 26));
					cca_buf_putc(&want, (char)('a' + i % 26));
				}
				cca_buf_puts(&in, special[k].in);
				cca_buf_puts(&want, special[k].out);
				for (size_t i = 0; i < after; i++) {
					cca_buf_putc(&in, 'z');
					cca_buf_putc(&want, 'z');
				}
				cca_buf_putc(&want, '"');
				assert_string_equal(one_string(&b, cca_buf_str(&in)), cca_buf_str(&want));
				cca_buf_release(&in);
				cca_buf_release(&want);
			}
	cca_buf_release(&b);
}

static void test_numbers(void **state)
{
	static const struct { double v; const char *want; } cases[] = {
		{ 0.0, "0.0" }, { 1.0, "1.0" }, { 0.0476, "0.0476" }, { 0.6667, "0.6667" },
		{ 1e-05, "1e-5" }, { 1e20, "1e20" }, { -2.5, "-2.5" },
	};
	struct cca_buf b;
	struct jw w;

	(void)state;
	cca_buf_init(&b);
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		cca_buf_reset(&b);
		jw_init(&w, &b);
		jw_real(&w, cases[i].v);
		assert_string_equal(cca_buf_str(&b), cases[i].want);
	}
	{
		static const long long ints[] = { 0, 7, -1, 10, 1234567890, -9007199254740993LL,
						  LLONG_MAX, LLONG_MIN };
		char want[32];

		for (size_t i = 0; i < sizeof ints / sizeof ints[0]; i++) {
			cca_buf_reset(&b);
			jw_init(&w, &b);
			jw_int(&w, ints[i]);
			snprintf(want, sizeof want, "%lld", ints[i]);
			assert_string_equal(cca_buf_str(&b), want);
		}
	}
	cca_buf_release(&b);
}

static void test_jansson_reads_it_back(void **state)
{
	struct cca_buf b;
	struct jw w;
	json_error_t e;
	json_t *root;

	(void)state;
	cca_buf_init(&b);
	jw_init(&w, &b);
	jw_object(&w);
	jw_key(&w, "k\"ey");
	jw_string(&w, "v\x01\xff");
	jw_key(&w, "n");
	jw_array(&w);
	for (int i = 0; i < 20; i++)
		jw_array(&w);
	for (int i = 0; i < 20; i++)
		jw_array_end(&w);
	jw_array_end(&w);
	jw_object_end(&w);
	root = json_loads(cca_buf_str(&b), 0, &e);
	assert_non_null(root);
	assert_string_equal(json_string_value(json_object_get(root, "k\"ey")), "v\x01\xef\xbf\xbd");
	json_decref(root);
	cca_buf_release(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_layout),
		cmocka_unit_test(test_escaping),
		cmocka_unit_test(test_escaping_at_every_offset),
		cmocka_unit_test(test_numbers),
		cmocka_unit_test(test_jansson_reads_it_back),
	};

	return cmocka_run_group_tests_name("jsonw", tests, NULL, NULL);
}
