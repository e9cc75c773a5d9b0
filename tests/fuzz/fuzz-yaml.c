/*
 * fuzz-yaml.c - libFuzzer harness for the YAML reader (src/util/yaml.c).
 *
 * The input is the YAML text, passed with its exact length and no
 * terminating NUL (cca_yaml_parse takes len bytes that need not be
 * NUL-terminated).  When it parses, the line map is asked about the root,
 * the pointers of the first few members and elements down a few levels
 * (with the RFC 6901 escapes their keys need), a pointer that does not
 * exist, and a pointer made of the input's first bytes.
 * Build and run: tests/fuzz/README.md.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "ccaudit/util.h"
#include "ccaudit/yaml.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Append "/" and token (escaped as RFC 6901 says) to b. */
static void push_token(struct cca_buf *b, const char *token)
{
	cca_buf_putc(b, '/');
	for (const char *s = token; *s; s++) {
		if (*s == '~')
			cca_buf_puts(b, "~0");
		else if (*s == '/')
			cca_buf_puts(b, "~1");
		else
			cca_buf_putc(b, *s);
	}
}

/* Look up the pointers of v's first few children, depth levels down. */
static void walk(const struct cca_linemap *m, json_t *v, struct cca_buf *ptr,
		 unsigned depth)
{
	size_t len = ptr->len, n = 0;

	(void)cca_linemap_line(m, cca_buf_str(ptr));
	if (depth == 0)
		return;
	if (json_is_object(v)) {
		const char *key;
		json_t *child;

		json_object_foreach(v, key, child) {
			if (n++ == 4)
				break;
			push_token(ptr, key);
			walk(m, child, ptr, depth - 1);
			ptr->len = len;
			ptr->data[len] = '\0';
		}
	} else if (json_is_array(v)) {
		for (size_t i = 0; i < json_array_size(v) && i < 4; i++) {
			cca_buf_printf(ptr, "/%zu", i);
			walk(m, json_array_get(v, i), ptr, depth - 1);
			ptr->len = len;
			ptr->data[len] = '\0';
		}
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct cca_linemap *lines = NULL;
	struct cca_error err;
	struct cca_buf ptr;
	json_t *root = NULL;
	char *raw;

	cca_error_clear(&err);
	if (cca_yaml_parse("fuzz.yaml", (const char *)data, size, &root, &lines, &err) < 0) {
		if (root || lines || err.code == CCA_OK || !err.msg[0])
			abort();  /* a failure leaves nothing and says why */
		return 0;
	}
	if (!root || !lines)
		abort();

	cca_buf_init(&ptr);
	cca_buf_puts(&ptr, "");
	walk(lines, root, &ptr, 4);
	cca_buf_release(&ptr);

	(void)cca_linemap_line(lines, "/no~such/member/0/~2/");
	(void)cca_linemap_line(lines, "no-leading-slash");
	(void)cca_linemap_linef(lines, "/%s/%d", "answers", 0);
	raw = cca_xstrndup((const char *)data, size < 64 ? size : 64);
	(void)cca_linemap_line(lines, raw);
	free(raw);

	json_decref(root);
	cca_linemap_free(lines);
	return 0;
}
