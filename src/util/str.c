/* str.c - string helpers: comparison, typo suggestions, UTF-8; see util.h. */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "ccaudit/util.h"

bool cca_strcaseeq(const char *a, const char *b)
{
	if (!a || !b)
		return a == b;
	return strcasecmp(a, b) == 0;
}

unsigned cca_edit_distance(const char *a, const char *b)
{
	/* Two-row Levenshtein; words longer than 63 bytes are cut there. */
	unsigned row0[64], row1[64];
	size_t la = strnlen(a, 63), lb = strnlen(b, 63);

	for (size_t j = 0; j <= lb; j++)
		row0[j] = (unsigned)j;
	for (size_t i = 1; i <= la; i++) {
		row1[0] = (unsigned)i;
		for (size_t j = 1; j <= lb; j++) {
			unsigned sub = row0[j - 1] + (a[i - 1] != b[j - 1]);
			unsigned del = row0[j] + 1, ins = row1[j - 1] + 1;
			unsigned m = sub < del ? sub : del;

			row1[j] = m < ins ? m : ins;
		}
		memcpy(row0, row1, sizeof row0);
	}
	return row0[lb] > 255 ? 255 : row0[lb];
}

const char *cca_did_you_mean(const char *word, const char *const *candidates)
{
	const char *best = NULL, *prefixed = NULL;
	unsigned best_d = 3;
	size_t nprefixed = 0, wl = strlen(word);

	if (!wl)
		return NULL;
	for (size_t i = 0; candidates[i]; i++) {
		unsigned d = cca_edit_distance(word, candidates[i]);

		if (d < best_d) {
			best_d = d;
			best = candidates[i];
		}
		if (strncmp(candidates[i], word, wl) == 0) {
			prefixed = candidates[i];
			nprefixed++;
		}
	}
	if (best && best_d < wl)
		return best;
	return nprefixed == 1 ? prefixed : NULL;
}

/* Whether the 8 bytes at p are all ASCII (read unaligned). */
static bool ascii8(const unsigned char *p)
{
	uint64_t w;

	memcpy(&w, p, sizeof w);
	return !(w & UINT64_C(0x8080808080808080));
}

bool cca_utf8_valid(const char *s, size_t n)
{
	const unsigned char *p = (const unsigned char *)s, *end = p + n;

	while (p < end) {
		unsigned c = *p, need;
		unsigned long cp;

		if (c < 0x80) {
			/* Text is mostly ASCII: skip it a word at a time. */
			p++;
			while (end - p >= 8 && ascii8(p))
				p += 8;
			continue;
		}
		if (c >= 0xC2 && c <= 0xDF) {
			need = 1;
			cp = c & 0x1F;
		} else if (c >= 0xE0 && c <= 0xEF) {
			need = 2;
			cp = c & 0x0F;
		} else if (c >= 0xF0 && c <= 0xF4) {
			need = 3;
			cp = c & 0x07;
		} else {
			return false;
		}
		if ((size_t)(end - p) <= need)
			return false;
		for (unsigned k = 1; k <= need; k++) {
			if ((p[k] & 0xC0) != 0x80)
				return false;
			cp = (cp << 6) | (p[k] & 0x3F);
		}
		if ((need == 2 && cp < 0x800) || (need == 3 && cp < 0x10000) ||
		    cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
			return false;
		p += need + 1;
	}
	return true;
}

/* Length of the valid UTF-8 sequence at p (at most n bytes), or 0. */
static size_t utf8_seq(const char *p, size_t n)
{
	for (size_t k = 1; k <= 4 && k <= n; k++)
		if (cca_utf8_valid(p, k))
			return k;
	return 0;
}

char *cca_utf8_repair(const char *s)
{
	struct cca_buf b;
	size_t n = strlen(s);

	cca_buf_init(&b);
	for (size_t i = 0; i < n;) {
		size_t k = utf8_seq(s + i, n - i);

		if (k) {
			cca_buf_add(&b, s + i, k);
			i += k;
		} else {
			cca_buf_puts(&b, "\xEF\xBF\xBD");
			i++;
		}
	}
	return cca_buf_detach(&b);
}

char *cca_xml_text(const char *s)
{
	char *u = cca_utf8_repair(s ? s : "");
	struct cca_buf b;

	cca_buf_init(&b);
	cca_buf_puts(&b, "");  /* never NULL, even for "" */
	for (const unsigned char *p = (const unsigned char *)u; *p; p++) {
		if (*p < 0x20 && *p != '\t' && *p != '\n' && *p != '\r') {
			cca_buf_puts(&b, "\xEF\xBF\xBD");
		} else if (p[0] == 0xEF && p[1] == 0xBF && (p[2] == 0xBE || p[2] == 0xBF)) {
			cca_buf_puts(&b, "\xEF\xBF\xBD");
			p += 2;
		} else {
			cca_buf_putc(&b, (char)*p);
		}
	}
	free(u);
	return cca_buf_detach(&b);
}

unsigned cca_line_of(const char *text, size_t off)
{
	unsigned line = 1;

	for (size_t i = 0; i < off && text[i]; i++)
		if (text[i] == '\n')
			line++;
	return line;
}

bool cca_str_in(const char *s, const char *const *v, size_t n)
{
	for (size_t k = 0; k < n; k++) {
		const char *w = v[k];

		if (w[0] == s[0] && (!s[0] || (w[1] == s[1] && strcmp(w + 1, s + 1) == 0)))
			return true;
	}
	return false;
}

/* Whether c separates the words of a list: isspace() of the C locale. */
static bool list_space(char c)
{
	return c == ' ' || (c >= '\t' && c <= '\r');
}

const char *cca_list_next(const char **p, size_t *n)
{
	const char *s = *p, *e;

	if (!s)
		return NULL;
	while (*s && list_space(*s))
		s++;
	for (e = s; *e && !list_space(*e); e++)
		;
	*p = e;
	*n = (size_t)(e - s);
	return e > s ? s : NULL;
}

bool cca_word_in_list(const char *word, const char *list, bool nocase)
{
	size_t n = strlen(word), len;
	const char *w;

	if (!n || !list || strpbrk(word, " \t\n\v\f\r"))
		return false;   /* no word of a list holds a space */
	if (!nocase) {
		/* Where word occurs in list, whether it is a whole word there. */
		for (const char *h = list; (h = strstr(h, word)); h++)
			if ((h == list || list_space(h[-1])) && (!h[n] || list_space(h[n])))
				return true;
		return false;
	}
	for (const char *p = list; (w = cca_list_next(&p, &len));)
		if (len == n && strncasecmp(w, word, n) == 0)
			return true;
	return false;
}
