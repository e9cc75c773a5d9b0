/* jsonw.c - the streaming JSON writer; see jsonw.h. */
#include <stdio.h>
#include <string.h>

#include "jsonw.h"

void jw_init(struct jw *w, struct cca_buf *out)
{
	memset(w, 0, sizeof *w);
	w->out = out;
}

/* A newline and two spaces per level, written at once. */
static void indent(struct jw *w)
{
	static const char spaces[1 + 2 * JW_MAX_DEPTH] =
		"\n"
		"                                "
		"                                ";

	cca_buf_add(w->out, spaces, 1 + 2 * (size_t)w->depth);
}

/* Separate a new value from what came before at this depth. */
static void before_value(struct jw *w)
{
	if (w->after_key) {
		w->after_key = false;
		return;
	}
	if (w->depth == 0)
		return;
	if (!w->empty[w->depth])
		cca_buf_putc(w->out, ',');
	w->empty[w->depth] = false;
	indent(w);
}

static void open_scope(struct jw *w, char c)
{
	before_value(w);
	cca_buf_putc(w->out, c);
	if (w->depth + 1 < JW_MAX_DEPTH)
		w->depth++;
	w->empty[w->depth] = true;
}

static void close_scope(struct jw *w, char c)
{
	bool was_empty = w->empty[w->depth];

	if (w->depth)
		w->depth--;
	if (!was_empty)
		indent(w);
	cca_buf_putc(w->out, c);
}

void jw_object(struct jw *w) { open_scope(w, '{'); }
void jw_object_end(struct jw *w) { close_scope(w, '}'); }
void jw_array(struct jw *w) { open_scope(w, '['); }
void jw_array_end(struct jw *w) { close_scope(w, ']'); }

/* Bytes a JSON string holds as they are: printable ASCII but '"' and '\\'. */
static bool plain(unsigned char c)
{
	return c >= 0x20 && c < 0x80 && c != '"' && c != '\\';
}

/*
 * Whether the 8 bytes of v are all plain: no byte below 0x20, at or above
 * 0x80, '"' or '\\' (each test is the "has a byte less than n" word trick;
 * it never misses one).
 */
static bool plain8(uint64_t v)
{
	const uint64_t ones = 0x0101010101010101u, high = 0x8080808080808080u;
	uint64_t quote = v ^ (ones * '"'), slash = v ^ (ones * '\\');

	return !(((v - ones * 0x20) & ~v & high) | ((quote - ones) & ~quote & high) |
		 ((slash - ones) & ~slash & high) | (v & high));
}

/* Append s as a quoted JSON string; invalid UTF-8 becomes U+FFFD. */
static void put_string(struct cca_buf *out, const char *s)
{
	static const char hex[] = "0123456789ABCDEF";
	const char *p = s, *end = s + strlen(s);

	cca_buf_putc(out, '"');
	for (;;) {
		const char *run = p;
		unsigned char c;
		const char *esc = NULL;
		char u[7];

		/* Eight plain bytes at a time, then one at a time. */
		for (uint64_t v; end - p >= 8 && (memcpy(&v, p, 8), plain8(v)); p += 8)
			;
		while (plain((unsigned char)*p))
			p++;
		cca_buf_add(out, run, (size_t)(p - run));
		c = (unsigned char)*p;
		if (!c)
			break;
		if (c >= 0x80) {
			size_t k = 0;

			/* The shortest valid sequence of 2 to 4 bytes, not past the NUL. */
			for (size_t len = 2; len <= 4 && !k; len++) {
				if (!p[len - 1])
					break;
				if (cca_utf8_valid(p, len))
					k = len;
			}
			if (k) {
				cca_buf_add(out, p, k);
				p += k;
			} else {
				cca_buf_add(out, "\xEF\xBF\xBD", 3);
				p++;
			}
			continue;
		}
		switch (c) {
		case '"': esc = "\\\""; break;
		case '\\': esc = "\\\\"; break;
		case '\b': esc = "\\b"; break;
		case '\f': esc = "\\f"; break;
		case '\n': esc = "\\n"; break;
		case '\r': esc = "\\r"; break;
		case '\t': esc = "\\t"; break;
		default:
			memcpy(u, "\\u00", 4);
			u[4] = hex[c >> 4];
			u[5] = hex[c & 15];
			u[6] = '\0';
			esc = u;
		}
		cca_buf_puts(out, esc);
		p++;
	}
	cca_buf_putc(out, '"');
}

void jw_key(struct jw *w, const char *key)
{
	before_value(w);
	put_string(w->out, key);
	cca_buf_add(w->out, ": ", 2);
	w->after_key = true;
}

void jw_key_plain(struct jw *w, const char *key, size_t n)
{
	before_value(w);
	cca_buf_putc(w->out, '"');
	cca_buf_add(w->out, key, n);
	cca_buf_add(w->out, "\": ", 3);
	w->after_key = true;
}

void jw_string(struct jw *w, const char *s)
{
	if (!s) {
		jw_null(w);
		return;
	}
	before_value(w);
	put_string(w->out, s);
}

void jw_int(struct jw *w, long long v)
{
	before_value(w);
	cca_buf_put_int(w->out, v);
}

void jw_real(struct jw *w, double v)
{
	char num[40], *e;
	size_t n;

	before_value(w);
	snprintf(num, sizeof num, "%.6g", v);
	if (!strpbrk(num, ".e"))
		strcat(num, ".0");
	/* 1e+20 -> 1e20, 1e-05 -> 1e-5, as jansson writes exponents */
	e = strchr(num, 'e');
	if (e) {
		char *d = e + 1, *src;

		if (*d == '+')
			memmove(d, d + 1, strlen(d));
		else if (*d == '-')
			d++;
		for (src = d; *src == '0' && src[1]; src++)
			;
		memmove(d, src, strlen(src) + 1);
	}
	n = strlen(num);
	cca_buf_add(w->out, num, n);
}

void jw_bool(struct jw *w, bool v)
{
	before_value(w);
	cca_buf_puts(w->out, v ? "true" : "false");
}

void jw_null(struct jw *w)
{
	before_value(w);
	cca_buf_puts(w->out, "null");
}
