/* buf.c - growable byte buffers; see util.h. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ccaudit/util.h"

void cca_buf_init(struct cca_buf *b)
{
	b->data = NULL;
	b->len = 0;
	b->cap = 0;
}

void cca_buf_release(struct cca_buf *b)
{
	free(b->data);
	cca_buf_init(b);
}

void cca_buf_reset(struct cca_buf *b)
{
	b->len = 0;
	if (b->data)
		b->data[0] = '\0';
}

/* Make room for n more bytes plus the terminating NUL. */
static void grow(struct cca_buf *b, size_t n)
{
	size_t need = b->len + n + 1;
	size_t cap = b->cap ? b->cap : 64;

	if (need < b->len) {  /* overflow */
		fputs("ccaudit: out of memory\n", stderr);
		exit(CCA_EXIT_RUNTIME);
	}
	if (need <= b->cap)
		return;
	while (cap < need)
		cap = cap > SIZE_MAX / 2 ? need : cap * 2;
	b->data = cca_xreallocarray(b->data, cap, 1);
	b->cap = cap;
}

void cca_buf_add_grow(struct cca_buf *b, const void *p, size_t n)
{
	grow(b, n);
	if (n)
		memcpy(b->data + b->len, p, n);
	b->len += n;
	b->data[b->len] = '\0';
}

void cca_buf_reserve(struct cca_buf *b, size_t n)
{
	grow(b, n);
	b->data[b->len] = '\0';   /* a buffer with memory is a string */
}

void cca_buf_put_int(struct cca_buf *b, long long v)
{
	char digits[24], *d = digits + sizeof digits;
	/* The magnitude as unsigned: -LLONG_MIN does not fit a long long. */
	unsigned long long m = v < 0 ? 0ull - (unsigned long long)v : (unsigned long long)v;

	do
		*--d = (char)('0' + m % 10);
	while ((m /= 10) != 0);
	if (v < 0)
		*--d = '-';
	cca_buf_add(b, d, (size_t)(digits + sizeof digits - d));
}

void cca_buf_vprintf(struct cca_buf *b, const char *fmt, va_list ap)
{
	va_list ap2;
	size_t avail;
	int n;

	/* An empty buffer: format on the stack first, so that a short text
	 * costs one allocation of its size. */
	if (!b->data) {
		char tmp[256];

		va_copy(ap2, ap);
		n = vsnprintf(tmp, sizeof tmp, fmt, ap2);
		va_end(ap2);
		if (n >= 0 && (size_t)n < sizeof tmp) {
			cca_buf_add(b, tmp, (size_t)n);
			return;
		}
	}
	/* Format into the spare room; grow and format again only when the
	 * text did not fit. */
	grow(b, 0);
	avail = b->cap - b->len;
	va_copy(ap2, ap);
	n = vsnprintf(b->data + b->len, avail, fmt, ap2);
	va_end(ap2);
	if (n < 0) {
		b->data[b->len] = '\0';
		return;
	}
	if ((size_t)n >= avail) {
		grow(b, (size_t)n);
		vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
	}
	b->len += (size_t)n;
}

void cca_buf_printf(struct cca_buf *b, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	cca_buf_vprintf(b, fmt, ap);
	va_end(ap);
}

const char *cca_buf_str(const struct cca_buf *b)
{
	return b->data ? b->data : "";
}

char *cca_buf_detach(struct cca_buf *b)
{
	char *p = b->data ? b->data : cca_xstrdup("");

	cca_buf_init(b);
	return p;
}
