/* mem.c - allocators that never return NULL; see util.h. */
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ccaudit/util.h"

static void out_of_memory(void)
{
	fputs("ccaudit: out of memory\n", stderr);
	exit(CCA_EXIT_RUNTIME);
}

void *cca_xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);

	if (!p)
		out_of_memory();
	return p;
}

void *cca_xcalloc(size_t count, size_t size)
{
	void *p = calloc(count ? count : 1, size ? size : 1);

	if (!p)
		out_of_memory();
	return p;
}

void *cca_xreallocarray(void *p, size_t count, size_t size)
{
	if (size && count > SIZE_MAX / size)
		out_of_memory();
	p = realloc(p, count && size ? count * size : 1);
	if (!p)
		out_of_memory();
	return p;
}

/* A NUL-terminated copy of the len bytes at s. */
static char *copy(const char *s, size_t len)
{
	char *p = cca_xmalloc(len + 1);

	memcpy(p, s, len);
	p[len] = '\0';
	return p;
}

char *cca_xstrdup(const char *s)
{
	return s ? copy(s, strlen(s)) : NULL;
}

char *cca_xstrndup(const char *s, size_t n)
{
	return s ? copy(s, strnlen(s, n)) : NULL;
}

char *cca_xstrdup_trim(const char *s)
{
	size_t n;

	while (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r')
		s++;
	n = strlen(s);
	while (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\n' ||
		     s[n - 1] == '\r'))
		n--;
	return cca_xstrndup(s, n);
}

char *cca_xvasprintf(const char *fmt, va_list ap)
{
	struct cca_buf b;

	cca_buf_init(&b);
	cca_buf_vprintf(&b, fmt, ap);
	return cca_buf_detach(&b);
}

char *cca_xasprintf(const char *fmt, ...)
{
	va_list ap;
	char *s;

	va_start(ap, fmt);
	s = cca_xvasprintf(fmt, ap);
	va_end(ap);
	return s;
}

const char *cca_strpool_keep(struct cca_strpool *p, char *s)
{
	if (!s)
		return NULL;
	if (p->n == p->cap) {
		p->cap = p->cap ? 2 * p->cap : 16;
		p->v = cca_xreallocarray(p->v, p->cap, sizeof *p->v);
	}
	p->v[p->n++] = s;
	return s;
}

void cca_strpool_release(struct cca_strpool *p)
{
	for (size_t i = 0; i < p->n; i++)
		free(p->v[i]);
	free(p->v);
	p->v = NULL;
	p->n = p->cap = 0;
}
