/*
 * dockerfile.c - the Dockerfile parser (BuildKit's frontend/dockerfile/parser
 * rules), its dump in BuildKit's `result` format and the stage model; see
 * dockerfile.h for the contract.  Variable expansion and the shell lexer
 * live in dockerfile-expand.c.
 *
 * One pass over the text: physical lines are read in place, a logical line
 * is joined into one reused buffer, and everything the parsed Dockerfile
 * hands out is copied into an arena freed at once by cca_dockerfile_free().
 * Memory stays within a small multiple of the input, which is itself capped.
 */
#include <errno.h>
#include <math.h>
#include <stdalign.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "ccaudit/dockerfile.h"
#include "dockerfile-internal.h"

/* ---- limits not in the header ------------------------------------------- */

#define MAX_COMMENTS CCA_DF_MAX_INSTRUCTIONS  /* comment lines kept */
#define MAX_ONBUILD_DEPTH 8                    /* ONBUILD ONBUILD ... */
#define JSON_MAX_DEPTH 10000                   /* Go encoding/json's limit */

/* ---- the object behind struct cca_dockerfile ------------------------------- */

/* An argument that holds NUL bytes (JSON "\u0000") and its real length. */
struct nul_arg {
	const char *s;
	size_t len;
};

struct df_impl {
	struct cca_dockerfile pub;  /* first: the public view */
	struct cca_arena arena;
	struct cca_df_instr *instrs;
	size_t ninstrs, cap_instrs;
	struct cca_df_comment *comments;
	size_t ncomments, cap_comments;
	struct cca_df_stage *stages;
	struct nul_arg *nuls;
	size_t nnuls, cap_nuls;
	void *expand_cache;         /* dockerfile-expand.c's, filled lazily */
};

/* The object behind a parsed Dockerfile (the public view is its first member). */
static struct df_impl *impl_of(const struct cca_dockerfile *df)
{
	return (struct df_impl *)(uintptr_t)df;
}

/* The expansion cache slot of df (see the declaration above). */
void **cca_df_expand_cache_slot(const struct cca_dockerfile *df)
{
	return &impl_of(df)->expand_cache;
}

/* ---- keywords ------------------------------------------------------------- */

static const struct {
	const char *lower, *upper;
} kinds[] = {
	[CCA_DF_ADD] = {"add", "ADD"},
	[CCA_DF_ARG] = {"arg", "ARG"},
	[CCA_DF_CMD] = {"cmd", "CMD"},
	[CCA_DF_COPY] = {"copy", "COPY"},
	[CCA_DF_ENTRYPOINT] = {"entrypoint", "ENTRYPOINT"},
	[CCA_DF_ENV] = {"env", "ENV"},
	[CCA_DF_EXPOSE] = {"expose", "EXPOSE"},
	[CCA_DF_FROM] = {"from", "FROM"},
	[CCA_DF_HEALTHCHECK] = {"healthcheck", "HEALTHCHECK"},
	[CCA_DF_LABEL] = {"label", "LABEL"},
	[CCA_DF_MAINTAINER] = {"maintainer", "MAINTAINER"},
	[CCA_DF_ONBUILD] = {"onbuild", "ONBUILD"},
	[CCA_DF_RUN] = {"run", "RUN"},
	[CCA_DF_SHELL] = {"shell", "SHELL"},
	[CCA_DF_STOPSIGNAL] = {"stopsignal", "STOPSIGNAL"},
	[CCA_DF_USER] = {"user", "USER"},
	[CCA_DF_VOLUME] = {"volume", "VOLUME"},
	[CCA_DF_WORKDIR] = {"workdir", "WORKDIR"},
	[CCA_DF_UNKNOWN] = {NULL, "UNKNOWN"},
};

const char *cca_df_kind_name(enum cca_df_kind k)
{
	if ((unsigned)k < CCA_ARRAY_SIZE(kinds))
		return kinds[k].upper;
	return "UNKNOWN";
}

/* The kind of a lower-case keyword of n bytes. */
static enum cca_df_kind kind_of(const char *kw, size_t n)
{
	for (size_t k = 0; k < CCA_DF_UNKNOWN; k++)
		if (kinds[k].lower[0] == kw[0] && strlen(kinds[k].lower) == n &&
		    memcmp(kinds[k].lower, kw, n) == 0)
			return (enum cca_df_kind)k;
	return CCA_DF_UNKNOWN;
}

/* ---- characters ------------------------------------------------------------ */

size_t cca_df_space_len_utf8(const char *s, size_t n)
{
	const unsigned char *u = (const unsigned char *)s;

	if (n >= 2 && u[0] == 0xC2 && (u[1] == 0x85 || u[1] == 0xA0))
		return 2;
	if (n < 3)
		return 0;
	if (u[0] == 0xE1 && u[1] == 0x9A && u[2] == 0x80)        /* U+1680 */
		return 3;
	if (u[0] == 0xE2 && u[1] == 0x80 &&
	    (u[2] <= 0x8A || u[2] == 0xA8 || u[2] == 0xA9 || u[2] == 0xAF))
		return 3;                                          /* U+2000.. */
	if (u[0] == 0xE2 && u[1] == 0x81 && u[2] == 0x9F)        /* U+205F */
		return 3;
	if (u[0] == 0xE3 && u[1] == 0x80 && u[2] == 0x80)        /* U+3000 */
		return 3;
	return 0;
}

/* Length of a white-space character ending at s + n, else 0. */
static size_t space_len_before(const char *s, size_t n)
{
	for (size_t k = 1; k <= 3 && k <= n; k++)
		if (cca_df_space_len(s + n - k, k) == k)
			return k;
	return 0;
}

/* Go's strings.TrimSpace on [*s, *s + *n). */
static void trim_space(const char **s, size_t *n)
{
	size_t k;

	while ((k = cca_df_space_len(*s, *n)) != 0) {
		*s += k;
		*n -= k;
	}
	while ((k = space_len_before(*s, *n)) != 0)
		*n -= k;
}

/* Go's strings.TrimLeftFunc(s, unicode.IsSpace) on [*s, *s + *n). */
static void trim_left_space(const char **s, size_t *n)
{
	size_t k;

	while ((k = cca_df_space_len(*s, *n)) != 0) {
		*s += k;
		*n -= k;
	}
}

/* The regexp class [\t\v\f\r ] BuildKit splits words on. */
static bool is_ws_class(char c)
{
	return c == ' ' || c == '\t' || c == '\v' || c == '\f' || c == '\r';
}

/* unicode.IsSpace(rune(b)) for one byte taken as a Latin-1 rune. */
static bool is_latin1_space(unsigned char b)
{
	return b == ' ' || (b >= '\t' && b <= '\r') || b == 0x85 || b == 0xA0;
}

/* Length of the UTF-8 sequence at s (valid input assumed), at least 1. */
static size_t rune_len(const char *s, size_t n)
{
	unsigned char c = (unsigned char)s[0];
	size_t k = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;

	return k <= n ? k : 1;
}

/* ---- word lists (scratch, reused) ------------------------------------------ */

/* Words as spans of one text buffer, so building them never allocates per word. */
struct words {
	struct cca_buf text;
	size_t *off, *len;
	size_t n, cap;
	size_t start;  /* of the word being built */
};

/* An empty word list (words_release frees it). */
static void words_init(struct words *w)
{
	memset(w, 0, sizeof *w);
	cca_buf_init(&w->text);
}

static void words_release(struct words *w)
{
	cca_buf_release(&w->text);
	free(w->off);
	free(w->len);
}

/* Forget the words, keeping the memory for the next instruction. */
static void words_reset(struct words *w)
{
	cca_buf_reset(&w->text);
	w->n = 0;
	w->start = 0;
}

/* Start a new word at the end of the text. */
static void words_begin(struct words *w)
{
	w->start = w->text.len;
}

/* Close the word begun by words_begin(). */
static void words_end(struct words *w)
{
	if (w->n == w->cap) {
		w->cap = w->cap ? 2 * w->cap : 16;
		w->off = cca_xreallocarray(w->off, w->cap, sizeof *w->off);
		w->len = cca_xreallocarray(w->len, w->cap, sizeof *w->len);
	}
	w->off[w->n] = w->start;
	w->len[w->n] = w->text.len - w->start;
	w->n++;
	w->start = w->text.len;
}

/* Add a whole word of n bytes. */
static void words_push(struct words *w, const char *s, size_t n)
{
	words_begin(w);
	cca_buf_add(&w->text, s, n);
	words_end(w);
}

/* Bytes in the word being built. */
static size_t words_cur_len(const struct words *w)
{
	return w->text.len - w->start;
}

/* ---- the parser -------------------------------------------------------------- */

struct pline {
	const char *s;  /* the line without its '\n' */
	size_t n;
	size_t rawn;    /* with its '\n', when it had one */
};

struct parser {
	const char *path;
	const char *data;
	size_t len, pos;
	unsigned line;          /* physical lines read */
	struct df_impl *df;
	struct cca_error *err;
	char esc;
	bool dir_done, seen_escape, seen_syntax, seen_check;
	struct cca_buf logical; /* the logical line being joined */
	struct cca_buf scratch; /* heredoc bodies, JSON strings */
	struct words flags, args;
	struct words pairs;     /* ENV and LABEL words, before they are paired */
};

static int fail(struct parser *p, enum cca_errcode code, unsigned line,
		const char *fmt, ...) __attribute__((format(printf, 4, 5)));

/* Set "PATH:LINE: what" with code; returns -1. */
static int fail(struct parser *p, enum cca_errcode code, unsigned line,
		const char *fmt, ...)
{
	char what[CCA_ERROR_MAX];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(what, sizeof what, fmt, ap);
	va_end(ap);
	return cca_error_set(p->err, code, "%s:%u: %s", p->path, line ? line : 1,
			     what);
}

/* The next physical line, or false at the end of the input. */
static bool next_line(struct parser *p, struct pline *l)
{
	const char *s, *nl;

	if (p->pos >= p->len)
		return false;
	s = p->data + p->pos;
	nl = memchr(s, '\n', p->len - p->pos);
	l->s = s;
	l->n = nl ? (size_t)(nl - s) : p->len - p->pos;
	l->rawn = nl ? l->n + 1 : l->n;
	p->pos += l->rawn;
	p->line++;
	return true;
}

/* Go's bytes.TrimRight(line, "\r\n") on a line without its '\n'. */
static size_t trim_cr(const char *s, size_t n)
{
	while (n && (s[n - 1] == '\r' || s[n - 1] == '\n'))
		n--;
	return n;
}

/* Keep a comment line: the text after '#', white space trimmed. */
static int add_comment(struct parser *p, const char *s, size_t n)
{
	struct df_impl *df = p->df;
	struct cca_df_comment *c;

	if (df->ncomments >= MAX_COMMENTS)
		return fail(p, CCA_ETOOBIG, p->line, "more than %u comment lines",
			    (unsigned)MAX_COMMENTS);
	s++;
	n--;
	trim_space(&s, &n);
	if (df->ncomments == df->cap_comments) {
		df->cap_comments = df->cap_comments ? 2 * df->cap_comments : 32;
		df->comments = cca_xreallocarray(df->comments, df->cap_comments,
						 sizeof *df->comments);
	}
	c = &df->comments[df->ncomments++];
	c->line = p->line;
	c->text = cca_arena_strndup(&df->arena, s, n);
	return 0;
}

/* Go's regexp \s: [\t\n\f\r ]. */
static bool is_re_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\f' || c == '\r';
}

/*
 * A possible parser directive: s (n bytes, leading white space removed) is
 * matched like BuildKit's `#\s*([a-zA-Z][a-zA-Z0-9]*)\s*=\s*(.+?)\s*$`.
 * Directives end at the first line that is not one, or is an unknown one.
 * Sets *is_directive; fails on a repeated directive or a bad escape.
 */
static int directive(struct parser *p, const char *s, size_t n, bool *is_directive)
{
	const char *key, *val;
	size_t i = 1, klen, vlen, rest;
	char lkey[8];

	*is_directive = false;
	if (p->dir_done)
		return 0;
	p->dir_done = true;
	if (!n || s[0] != '#')
		return 0;
	s++;
	n--;
	trim_left_space(&s, &n);
	if (!n || !((s[0] >= 'a' && s[0] <= 'z') || (s[0] >= 'A' && s[0] <= 'Z')))
		return 0;
	key = s;
	while (i < n && ((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= 'A' && s[i] <= 'Z') ||
			 (s[i] >= '0' && s[i] <= '9')))
		i++;
	klen = i;
	while (i < n && is_re_space(s[i]))
		i++;
	if (i == n || s[i] != '=')
		return 0;
	i++;
	rest = n - i;
	if (!rest)
		return 0;
	val = s + i;
	vlen = rest;
	while (vlen && is_re_space(val[0])) {
		val++;
		vlen--;
	}
	if (!vlen) {
		/* (.+?) needs one character: it takes the last blank. */
		val = s + n - 1;
		vlen = 1;
	} else {
		while (vlen && is_re_space(val[vlen - 1]))
			vlen--;
	}
	if (klen > 6)
		return 0;
	for (size_t k = 0; k < klen; k++)
		lkey[k] = (char)(key[k] | 0x20);
	lkey[klen] = '\0';
	if (strcmp(lkey, "escape") == 0) {
		if (p->seen_escape)
			return fail(p, CCA_EINPUT, p->line,
				    "only one escape parser directive can be used");
		p->seen_escape = true;
		if (vlen != 1 || (val[0] != '`' && val[0] != '\\'))
			return fail(p, CCA_EINPUT, p->line,
				    "invalid escape token '%.*s' does not match ` or \\",
				    (int)vlen, val);
		p->esc = val[0];
	} else if (strcmp(lkey, "syntax") == 0 || strcmp(lkey, "check") == 0) {
		bool syntax = lkey[0] == 's';
		bool *seen = syntax ? &p->seen_syntax : &p->seen_check;

		if (*seen)
			return fail(p, CCA_EINPUT, p->line,
				    "only one %s parser directive can be used", lkey);
		*seen = true;
		if (syntax)
			p->df->pub.syntax = cca_arena_strndup(&p->df->arena, val, vlen);
		else
			p->df->pub.check = cca_arena_strndup(&p->df->arena, val, vlen);
	} else {
		return 0;
	}
	p->dir_done = false;
	*is_directive = true;
	return 0;
}

/*
 * Remove a line continuation from the end of s: the escape character as the
 * last character before trailing blanks, unless it is itself escaped
 * (BuildKit's `([^\\])\\[ \t]*$|^\\[ \t]*$`).  Returns true when the line
 * continues; *n is the length of what stays.
 */
static bool trim_continuation(const char *s, size_t *n, char esc)
{
	size_t e = *n;

	while (e && (s[e - 1] == ' ' || s[e - 1] == '\t'))
		e--;
	if (!e || s[e - 1] != esc)
		return false;
	if (e >= 2 && s[e - 2] == esc)
		return false;
	*n = e - 1;
	return true;
}

/* ---- Go-compatible JSON arrays ------------------------------------------------ */

/* JSON's white space (Go's scanner: space, tab, LF, CR). */
static bool json_ws(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/* The value of a hex digit, or -1. */
static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* Four hex digits at s (n bytes available), or -1. */
static long hex4(const char *s, size_t n)
{
	long v = 0;

	if (n < 4)
		return -1;
	for (int k = 0; k < 4; k++) {
		int h = hexval(s[k]);

		if (h < 0)
			return -1;
		v = v * 16 + h;
	}
	return v;
}

/* Append code point cp (at most U+10FFFF) as UTF-8. */
static void put_utf8(struct cca_buf *b, unsigned long cp)
{
	char u[4];

	if (cp < 0x80) {
		u[0] = (char)cp;
		cca_buf_add(b, u, 1);
	} else if (cp < 0x800) {
		u[0] = (char)(0xC0 | (cp >> 6));
		u[1] = (char)(0x80 | (cp & 0x3F));
		cca_buf_add(b, u, 2);
	} else if (cp < 0x10000) {
		u[0] = (char)(0xE0 | (cp >> 12));
		u[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
		u[2] = (char)(0x80 | (cp & 0x3F));
		cca_buf_add(b, u, 3);
	} else {
		u[0] = (char)(0xF0 | (cp >> 18));
		u[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
		u[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
		u[3] = (char)(0x80 | (cp & 0x3F));
		cca_buf_add(b, u, 4);
	}
}

/*
 * Scan a JSON string at s[*i] (the opening quote) as Go's scanner does;
 * when out is not NULL, append its decoded value (Go's unquote: "\/" is
 * "/", bad surrogates become U+FFFD).  Returns false on a syntax error.
 */
static bool json_string(const char *s, size_t n, size_t *i, struct cca_buf *out)
{
	size_t k = *i + 1, run = k;

	for (;;) {
		unsigned char c;

		if (k >= n)
			return false;
		c = (unsigned char)s[k];
		if (c == '"') {
			if (out)
				cca_buf_add(out, s + run, k - run);
			*i = k + 1;
			return true;
		}
		if (c < 0x20)
			return false;
		if (c != '\\') {
			k++;
			continue;
		}
		if (out)
			cca_buf_add(out, s + run, k - run);
		if (k + 1 >= n)
			return false;
		switch (s[k + 1]) {
		case '"': case '\\': case '/':
			if (out)
				cca_buf_putc(out, s[k + 1]);
			k += 2;
			break;
		case 'b': if (out) cca_buf_putc(out, '\b'); k += 2; break;
		case 'f': if (out) cca_buf_putc(out, '\f'); k += 2; break;
		case 'n': if (out) cca_buf_putc(out, '\n'); k += 2; break;
		case 'r': if (out) cca_buf_putc(out, '\r'); k += 2; break;
		case 't': if (out) cca_buf_putc(out, '\t'); k += 2; break;
		case 'u': {
			long cp = hex4(s + k + 2, n - k - 2);

			if (cp < 0)
				return false;
			k += 6;
			if (cp >= 0xD800 && cp < 0xE000) {
				long lo = -1;

				if (cp < 0xDC00 && k + 1 < n && s[k] == '\\' &&
				    s[k + 1] == 'u')
					lo = hex4(s + k + 2, n - k - 2);
				if (lo >= 0xDC00 && lo < 0xE000) {
					cp = 0x10000 + ((cp - 0xD800) << 10) +
					     (lo - 0xDC00);
					k += 6;
				} else {
					cp = 0xFFFD;
				}
			}
			if (out)
				put_utf8(out, (unsigned long)cp);
			break;
		}
		default:
			return false;
		}
		run = k;
	}
}

/*
 * Whether the JSON number text s (n bytes, already validated) is too large
 * for a float64.  strtod sees only digits and an exponent, so the locale's
 * decimal point does not matter.
 */
static bool number_overflows(const char *s, size_t n)
{
	char buf[900];
	size_t i = 0, nd = 0;
	long long exp10 = 0, e = 0;
	bool eneg = false, big_exp = false;
	double v;

	if (s[i] == '-')
		i++;
	for (; i < n && s[i] >= '0' && s[i] <= '9'; i++) {
		if (nd < 800 && (nd || s[i] != '0'))
			buf[nd++] = s[i];
		else if (nd >= 800)
			exp10++;  /* a dropped integer digit */
	}
	if (i < n && s[i] == '.') {
		for (i++; i < n && s[i] >= '0' && s[i] <= '9'; i++) {
			if (nd < 800 && (nd || s[i] != '0')) {
				buf[nd++] = s[i];
				exp10--;
			} else if (nd < 800) {
				exp10--;  /* a leading zero after the point */
			}
		}
	}
	if (i < n && (s[i] == 'e' || s[i] == 'E')) {
		i++;
		if (s[i] == '+' || s[i] == '-')
			eneg = s[i++] == '-';
		for (; i < n; i++) {
			if (e > 100000000)
				big_exp = true;
			else
				e = e * 10 + (s[i] - '0');
		}
	}
	if (!nd)
		return false;  /* zero */
	if (big_exp)
		return !eneg;
	exp10 += eneg ? -e : e;
	snprintf(buf + nd, sizeof buf - nd, "e%lld", exp10);
	v = strtod(buf, NULL);
	return isinf(v);
}

/*
 * Scan a JSON number at s[*i]; *overflow is set when it does not fit a
 * float64 (Go's decoder then fails with a type error, not a syntax error).
 */
static bool json_number(const char *s, size_t n, size_t *i, bool *overflow)
{
	size_t k = *i, start = k;

	if (k < n && s[k] == '-')
		k++;
	if (k >= n)
		return false;
	if (s[k] == '0') {
		k++;
	} else if (s[k] >= '1' && s[k] <= '9') {
		while (k < n && s[k] >= '0' && s[k] <= '9')
			k++;
	} else {
		return false;
	}
	if (k < n && s[k] == '.') {
		k++;
		if (k >= n || s[k] < '0' || s[k] > '9')
			return false;
		while (k < n && s[k] >= '0' && s[k] <= '9')
			k++;
	}
	if (k < n && (s[k] == 'e' || s[k] == 'E')) {
		k++;
		if (k < n && (s[k] == '+' || s[k] == '-'))
			k++;
		if (k >= n || s[k] < '0' || s[k] > '9')
			return false;
		while (k < n && s[k] >= '0' && s[k] <= '9')
			k++;
	}
	if (number_overflows(s + start, k - start))
		*overflow = true;
	*i = k;
	return true;
}

enum json_result { JSON_NOT = 0, JSON_OK = 1, JSON_NOT_STRINGS = -1 };

/*
 * BuildKit's parseJSON: s (leading white space allowed) must be one JSON
 * array, as Go's json.Unmarshal into []interface{} accepts it, whose
 * elements are all strings; they are appended to out.  JSON_NOT means "not
 * JSON, use the shell form"; JSON_NOT_STRINGS is BuildKit's hard error.
 */
static enum json_result parse_json(struct parser *p, const char *s, size_t n,
				   struct words *out)
{
	unsigned char stack[JSON_MAX_DEPTH];
	size_t depth = 0, i = 0, first = out->n;
	bool overflow = false, nonstring = false;
	enum { VALUE, OPEN, AFTER } state = OPEN;

	trim_left_space(&s, &n);
	if (!n || s[0] != '[')
		return JSON_NOT;
	stack[depth++] = '[';
	i = 1;
	for (;;) {
		while (i < n && json_ws(s[i]))
			i++;
		if (state == OPEN || state == AFTER) {
			char close = stack[depth - 1] == '[' ? ']' : '}';

			if (i >= n)
				goto bad;
			if (s[i] == close) {
				i++;
				if (--depth == 0)
					break;
				state = AFTER;
				continue;
			}
			if (state == AFTER) {
				if (s[i] != ',')
					goto bad;
				i++;
				while (i < n && json_ws(s[i]))
					i++;
			}
			if (stack[depth - 1] == '{') {
				if (i >= n || s[i] != '"' || !json_string(s, n, &i, NULL))
					goto bad;
				while (i < n && json_ws(s[i]))
					i++;
				if (i >= n || s[i] != ':')
					goto bad;
				i++;
				while (i < n && json_ws(s[i]))
					i++;
			}
			state = VALUE;
		}
		/* A value. */
		if (i >= n)
			goto bad;
		{
			bool top = depth == 1;
			char c = s[i];

			if (c == '"') {
				if (top) {
					cca_buf_reset(&p->scratch);
					if (!json_string(s, n, &i, &p->scratch))
						goto bad;
					words_push(out, p->scratch.data ? p->scratch.data : "",
						   p->scratch.len);
				} else if (!json_string(s, n, &i, NULL)) {
					goto bad;
				}
				state = AFTER;
				continue;
			}
			if (top)
				nonstring = true;
			if (c == '[' || c == '{') {
				if (depth >= JSON_MAX_DEPTH)
					goto bad;
				stack[depth++] = (unsigned char)c;
				i++;
				state = OPEN;
				continue;
			}
			if (c == '-' || (c >= '0' && c <= '9')) {
				if (!json_number(s, n, &i, &overflow))
					goto bad;
			} else if (n - i >= 4 && memcmp(s + i, "true", 4) == 0) {
				i += 4;
			} else if (n - i >= 5 && memcmp(s + i, "false", 5) == 0) {
				i += 5;
			} else if (n - i >= 4 && memcmp(s + i, "null", 4) == 0) {
				i += 4;
			} else {
				goto bad;
			}
			state = AFTER;
		}
	}
	while (i < n && json_ws(s[i]))
		i++;
	if (i != n || overflow)
		goto bad;
	if (nonstring) {
		out->n = first;
		return JSON_NOT_STRINGS;
	}
	return JSON_OK;
bad:
	out->n = first;
	return JSON_NOT;
}

/* ---- the line parsers (BuildKit's line_parsers.go) ------------------------- */

/* regexp.Split(`[\t\v\f\r ]+`, -1) of a non-empty s into out. */
static void split_ws(struct words *out, const char *s, size_t n)
{
	size_t i = 0, start = 0;

	while (i < n) {
		if (is_ws_class(s[i])) {
			size_t j = i;

			while (j < n && is_ws_class(s[j]))
				j++;
			words_push(out, s + start, i - start);
			start = i = j;
		} else {
			i++;
		}
	}
	words_push(out, s + start, n - start);
}

/*
 * BuildKit's parseWords: split on white space, keeping quotes and escapes
 * as written; a quoted empty word counts.
 */
static void parse_words(struct words *out, const char *s, size_t n, char esc)
{
	enum { SPACES, WORD, QUOTE } phase = SPACES;
	char quote = 0;
	bool blank_ok = false;
	size_t pos = 0, w = 0;

	for (;; pos += w) {
		const char *ch = s + pos;

		if (pos < n)
			w = rune_len(ch, n - pos);
		if (phase == SPACES) {
			if (pos >= n)
				break;
			if (cca_df_space_len(ch, n - pos))
				continue;
			phase = WORD;
			words_begin(out);
		}
		if (pos >= n) {
			if (blank_ok || words_cur_len(out))
				words_end(out);
			break;
		}
		if (phase == WORD) {
			if (cca_df_space_len(ch, n - pos)) {
				phase = SPACES;
				if (blank_ok || words_cur_len(out))
					words_end(out);
				blank_ok = false;
				continue;
			}
			if (*ch == '\'' || *ch == '"') {
				quote = *ch;
				blank_ok = true;
				phase = QUOTE;
			}
			if (*ch == esc) {
				if (pos + w == n)
					continue;  /* an escape at the end is dropped */
				cca_buf_add(&out->text, ch, w);
				pos += w;
				ch = s + pos;
				w = rune_len(ch, n - pos);
			} else if (phase == WORD) {
				/* a plain character: take the run of them at once */
				size_t e = pos + w;

				while (e < n && !cca_df_space_len(s + e, n - e) && s[e] != '\'' &&
				       s[e] != '"' && s[e] != esc)
					e += rune_len(s + e, n - e);
				w = e - pos;
			}
			cca_buf_add(&out->text, ch, w);
			continue;
		}
		/* QUOTE */
		if (*ch == quote) {
			phase = WORD;
		} else if (*ch == esc && quote != '\'') {
			if (pos + w == n) {
				phase = WORD;
				continue;
			}
			pos += w;
			cca_buf_add(&out->text, ch, w);
			ch = s + pos;
			w = rune_len(ch, n - pos);
		} else {
			/* a quoted character: take the run of them at once */
			size_t e = pos + w;

			while (e < n && s[e] != quote && !(s[e] == esc && quote != '\''))
				e += rune_len(s + e, n - e);
			w = e - pos;
		}
		cca_buf_add(&out->text, ch, w);
	}
}

/*
 * BuildKit's parseNameVal for ENV and LABEL: triples key, value, separator
 * ("=" for k=v words, "" for the legacy `KEY value...` form).
 */
static int parse_name_val(struct parser *p, const char *s, size_t n,
			  const char *kw, unsigned line)
{
	struct words *out = &p->args, *tmp = &p->pairs;
	int rc = 0;

	words_reset(tmp);
	parse_words(tmp, s, n, p->esc);
	if (!tmp->n)
		goto done;
	if (!memchr(tmp->text.data + tmp->off[0], '=', tmp->len[0])) {
		size_t i = 0, j;

		while (i < n && !is_ws_class(s[i]))
			i++;
		if (i == n) {
			rc = fail(p, CCA_EINPUT, line, "%s must have two arguments", kw);
			goto done;
		}
		j = i;
		while (j < n && is_ws_class(s[j]))
			j++;
		words_push(out, s, i);
		words_push(out, s + j, n - j);
		words_push(out, "", 0);
		goto done;
	}
	for (size_t k = 0; k < tmp->n; k++) {
		const char *w = tmp->text.data + tmp->off[k];
		const char *eq = memchr(w, '=', tmp->len[k]);

		if (!eq) {
			rc = fail(p, CCA_EINPUT, line,
				  "syntax error - can't find = in '%.*s'; must be of the form: name=value",
				  (int)tmp->len[k], w);
			goto done;
		}
		words_push(out, w, (size_t)(eq - w));
		words_push(out, eq + 1, tmp->len[k] - (size_t)(eq - w) - 1);
		words_push(out, "=", 1);
	}
done:
	return rc;
}

/*
 * BuildKit's extractBuilderFlags: leading "--flag" words, quotes removed and
 * backslash escapes applied byte by byte (as BuildKit does, each byte taken
 * as a Latin-1 character).  A bare "--" ends the flags and is dropped.
 * Returns the offset of the rest of s.
 */
static size_t extract_flags(struct words *out, const char *s, size_t n)
{
	enum { SPACES, WORD, QUOTE } phase = SPACES;
	unsigned char quote = 0;
	bool blank_ok = false;

	for (size_t pos = 0; pos <= n; pos++) {
		unsigned char ch = pos < n ? (unsigned char)s[pos] : 0;

		if (phase == SPACES) {
			if (pos == n)
				break;
			if (is_latin1_space(ch))
				continue;
			if (ch != '-' || pos + 1 == n || s[pos + 1] != '-')
				return pos;
			phase = WORD;
			words_begin(out);
		}
		if (pos == n) {
			size_t l = words_cur_len(out);

			if (!(l == 2 && memcmp(out->text.data + out->start, "--", 2) == 0) &&
			    (blank_ok || l))
				words_end(out);
			else
				out->text.len = out->start;
			break;
		}
		if (phase == WORD) {
			if (is_latin1_space(ch)) {
				size_t l = words_cur_len(out);

				phase = SPACES;
				if (l == 2 && memcmp(out->text.data + out->start, "--", 2) == 0) {
					out->text.len = out->start;
					return pos;
				}
				if (blank_ok || l)
					words_end(out);
				blank_ok = false;
				continue;
			}
			if (ch == '\'' || ch == '"') {
				quote = ch;
				blank_ok = true;
				phase = QUOTE;
				continue;
			}
			if (ch == '\\') {
				if (pos + 1 == n)
					continue;
				ch = (unsigned char)s[++pos];
			}
			put_utf8(&out->text, ch);
			continue;
		}
		if (ch == quote) {
			phase = WORD;
			continue;
		}
		if (ch == '\\') {
			if (pos + 1 == n) {
				phase = WORD;
				continue;
			}
			ch = (unsigned char)s[++pos];
		}
		put_utf8(&out->text, ch);
	}
	return n;
}

/* parseMaybeJSON: exec form, or the whole string. */
static int maybe_json(struct parser *p, const char *s, size_t n, bool *json,
		      unsigned line)
{
	enum json_result r;

	if (!n)
		return 0;
	r = parse_json(p, s, n, &p->args);
	if (r == JSON_NOT_STRINGS)
		return fail(p, CCA_EINPUT, line,
			    "when using JSON array syntax, arrays must be comprised of strings only");
	if (r == JSON_OK) {
		*json = true;
		return 0;
	}
	words_push(&p->args, s, n);
	return 0;
}

/* parseMaybeJSONToList: exec form, or the string split on white space. */
static int maybe_json_list(struct parser *p, const char *s, size_t n, bool *json,
			   unsigned line)
{
	enum json_result r = parse_json(p, s, n, &p->args);

	if (r == JSON_NOT_STRINGS)
		return fail(p, CCA_EINPUT, line,
			    "when using JSON array syntax, arrays must be comprised of strings only");
	if (r == JSON_OK) {
		*json = true;
		return 0;
	}
	if (n)
		split_ws(&p->args, s, n);
	return 0;
}

/* parseHealthConfig: the sub-keyword as written, then like CMD. */
static int health(struct parser *p, const char *s, size_t n, bool *json,
		  unsigned line)
{
	size_t sep = 0, next;

	while (sep < n && !is_latin1_space((unsigned char)s[sep]))
		sep++;
	next = sep;
	while (next < n && is_latin1_space((unsigned char)s[next]))
		next++;
	if (!sep)
		return 0;
	words_push(&p->args, s, sep);
	return maybe_json(p, s + next, n - next, json, line);
}

/* Copy the scratch words into the arena as an array of strings. */
static const char *const *finish_words(struct parser *p, struct words *w,
				       size_t *count)
{
	struct df_impl *df = p->df;
	const char **v;

	*count = w->n;
	if (!w->n)
		return NULL;
	v = cca_arena_alloc(&df->arena, w->n * sizeof *v, alignof(const char *));
	for (size_t k = 0; k < w->n; k++) {
		const char *src = w->text.data + w->off[k];

		v[k] = cca_arena_strndup(&df->arena, src, w->len[k]);
		if (w->len[k] && memchr(src, '\0', w->len[k])) {
			if (df->nnuls == df->cap_nuls) {
				df->cap_nuls = df->cap_nuls ? 2 * df->cap_nuls : 4;
				df->nuls = cca_xreallocarray(df->nuls, df->cap_nuls,
							     sizeof *df->nuls);
			}
			df->nuls[df->nnuls].s = v[k];
			df->nuls[df->nnuls++].len = w->len[k];
		}
	}
	return v;
}

/*
 * BuildKit's newNodeFromLine: one logical line (s, n) into *in.  The
 * keyword is split off at the first blank, flags are extracted, and the
 * rest is parsed by the keyword's line parser.
 */
static int build_instr(struct parser *p, const char *s, size_t n,
		       struct cca_df_instr *in, unsigned line, int depth)
{
	struct df_impl *df = p->df;
	const char *kw, *rest;
	size_t kwn, restn, off;
	char *lkw;
	bool json = false;
	int rc = 0;

	memset(in, 0, sizeof *in);
	in->line = line;
	in->stage = -1;
	trim_space(&s, &n);
	kw = s;
	kwn = 0;
	while (kwn < n && !is_ws_class(s[kwn]))
		kwn++;
	rest = s + kwn;
	restn = n - kwn;
	while (restn && is_ws_class(*rest)) {
		rest++;
		restn--;
	}
	lkw = cca_arena_strndup(&df->arena, kw, kwn);
	for (size_t k = 0; k < kwn; k++)
		if (lkw[k] >= 'A' && lkw[k] <= 'Z')
			lkw[k] = (char)(lkw[k] | 0x20);
	in->kind = kind_of(lkw, kwn);
	in->keyword = in->kind == CCA_DF_UNKNOWN ? lkw : kinds[in->kind].lower;
	in->text = cca_arena_strndup(&df->arena, rest, restn);

	words_reset(&p->flags);
	off = extract_flags(&p->flags, rest, restn);
	in->flags = finish_words(p, &p->flags, &in->nflags);
	rest += off;
	restn -= off;
	trim_space(&rest, &restn);

	words_reset(&p->args);
	switch (in->kind) {
	case CCA_DF_ADD:
	case CCA_DF_COPY:
	case CCA_DF_VOLUME:
		rc = maybe_json_list(p, rest, restn, &json, line);
		break;
	case CCA_DF_ARG:
		parse_words(&p->args, rest, restn, p->esc);
		break;
	case CCA_DF_CMD:
	case CCA_DF_ENTRYPOINT:
	case CCA_DF_RUN:
	case CCA_DF_SHELL:
		rc = maybe_json(p, rest, restn, &json, line);
		break;
	case CCA_DF_ENV:
	case CCA_DF_LABEL:
		rc = parse_name_val(p, rest, restn, kinds[in->kind].upper, line);
		break;
	case CCA_DF_EXPOSE:
	case CCA_DF_FROM:
		if (restn)
			split_ws(&p->args, rest, restn);
		break;
	case CCA_DF_HEALTHCHECK:
		rc = health(p, rest, restn, &json, line);
		break;
	case CCA_DF_MAINTAINER:
	case CCA_DF_STOPSIGNAL:
	case CCA_DF_USER:
	case CCA_DF_WORKDIR:
		if (restn)
			words_push(&p->args, rest, restn);
		break;
	case CCA_DF_ONBUILD:
		if (restn) {
			struct cca_df_instr *t;

			if (depth >= MAX_ONBUILD_DEPTH)
				return fail(p, CCA_EINPUT, line,
					    "ONBUILD nested more than %d deep",
					    MAX_ONBUILD_DEPTH);
			t = cca_arena_alloc(&df->arena, sizeof *t, alignof(struct cca_df_instr));
			if (build_instr(p, rest, restn, t, line, depth + 1) < 0)
				return -1;
			in->trigger = t;
		}
		return 0;
	case CCA_DF_UNKNOWN:
		/* BuildKit keeps the keyword with one empty argument. */
		words_push(&p->args, "", 0);
		break;
	}
	if (rc < 0)
		return -1;
	in->json = json;
	in->args = finish_words(p, &p->args, &in->nargs);
	return 0;
}

/* Strip the leading tabs of every line of b (BuildKit's ChompHeredocContent). */
static void chomp(struct cca_buf *b)
{
	size_t r = 0, w = 0;
	bool bol = true;

	for (; r < b->len; r++) {
		char c = b->data[r];

		if (bol && c == '\t')
			continue;
		bol = c == '\n';
		b->data[w++] = c;
	}
	b->len = w;
	if (b->data)
		b->data[w] = '\0';
}

/*
 * Read the bodies of the heredocs line opens (in order, each up to its
 * terminator) and attach them to in (and to its ONBUILD trigger).
 */
static int read_heredocs(struct parser *p, const char *line, size_t len,
			 struct cca_df_instr *in)
{
	struct df_impl *df = p->df;
	struct cca_df_heredoc *found = NULL, *docs;
	char msg[256];
	long count = cca_df_line_heredocs(line, len, &found, msg, sizeof msg);
	int rc = 0;

	if (count < 0)
		return fail(p, CCA_EINPUT, in->line, "%s", msg);
	if (count == 0) {
		free(found);
		return 0;
	}
	docs = cca_arena_alloc(&df->arena, (size_t)count * sizeof *docs,
			       alignof(struct cca_df_heredoc));
	for (long k = 0; k < count; k++) {
		const char *name = found[k].name;
		size_t nl = strlen(name);
		struct pline l;
		bool done = false;

		docs[k] = found[k];
		docs[k].name = cca_arena_strndup(&df->arena, name, nl);
		docs[k].line = p->line + 1;
		cca_buf_reset(&p->scratch);
		while (next_line(p, &l)) {
			const char *t = l.s;
			size_t tn = trim_cr(l.s, l.n);

			if (found[k].chomp)
				while (tn && *t == '\t') {
					t++;
					tn--;
				}
			if (tn == nl && memcmp(t, name, nl) == 0) {
				done = true;
				break;
			}
			cca_buf_add(&p->scratch, l.s, l.rawn);
		}
		if (!done) {
			rc = fail(p, CCA_EINPUT, in->line, "unterminated heredoc '%s'",
				  name);
			break;
		}
		if (found[k].chomp)
			chomp(&p->scratch);
		docs[k].content = cca_arena_strndup(&df->arena,
						    p->scratch.data ? p->scratch.data : "",
						    p->scratch.len);
	}
	for (long k = 0; k < count; k++)
		free((char *)found[k].name);
	free(found);
	if (rc < 0)
		return -1;
	in->heredocs = docs;
	in->nheredocs = (size_t)count;
	if (in->trigger) {
		struct cca_df_instr *t = (struct cca_df_instr *)(uintptr_t)in->trigger;

		t->heredocs = docs;
		t->nheredocs = (size_t)count;
	}
	return 0;
}

/* Whether BuildKit looks for heredocs in in (canContainHeredoc). */
static bool may_have_heredoc(const struct cca_df_instr *in)
{
	if (in->kind == CCA_DF_ONBUILD && in->trigger)
		in = in->trigger;
	return (in->kind == CCA_DF_RUN || in->kind == CCA_DF_COPY ||
		in->kind == CCA_DF_ADD) && !in->json;
}

/* ONBUILD triggers share the lines of the instruction holding them. */
static void set_trigger_lines(struct cca_df_instr *in)
{
	struct cca_df_instr *t = (struct cca_df_instr *)(uintptr_t)in->trigger;

	for (; t; t = (struct cca_df_instr *)(uintptr_t)t->trigger) {
		t->line = in->line;
		t->end_line = in->end_line;
	}
}

/* Whether s holds "<<" (BuildKit's cheap test before looking for heredocs). */
static bool has_heredoc_mark(const char *s, size_t n)
{
	const char *p = s, *end = s + n;

	while ((p = memchr(p, '<', (size_t)(end - p))) != NULL) {
		if (p + 1 < end && p[1] == '<')
			return true;
		p++;
	}
	return false;
}

/* Parse the logical line joined in p->logical that began on line start. */
static int add_instruction(struct parser *p, unsigned start)
{
	struct df_impl *df = p->df;
	struct cca_df_instr *in;
	const char *line = p->logical.data;
	size_t len = p->logical.len;

	if (df->ninstrs >= CCA_DF_MAX_INSTRUCTIONS)
		return fail(p, CCA_ETOOBIG, start, "more than %u instructions",
			    (unsigned)CCA_DF_MAX_INSTRUCTIONS);
	if (df->ninstrs == df->cap_instrs) {
		df->cap_instrs = df->cap_instrs ? 2 * df->cap_instrs : 32;
		df->instrs = cca_xreallocarray(df->instrs, df->cap_instrs,
					       sizeof *df->instrs);
	}
	in = &df->instrs[df->ninstrs];
	if (build_instr(p, line, len, in, start, 0) < 0)
		return -1;
	in->end_line = p->line;
	if (may_have_heredoc(in) && has_heredoc_mark(line, len) &&
	    read_heredocs(p, line, len, in) < 0)
		return -1;
	in->end_line = p->line;
	set_trigger_lines(in);
	df->ninstrs++;
	return 0;
}

/* Append to the logical line; past CCA_DF_MAX_LOGICAL, CCA_ETOOBIG. */
static int logical_add(struct parser *p, const char *s, size_t n, unsigned start)
{
	if (n > CCA_DF_MAX_LOGICAL - p->logical.len)
		return fail(p, CCA_ETOOBIG, start,
			    "instruction longer than %u bytes",
			    (unsigned)CCA_DF_MAX_LOGICAL);
	cca_buf_add(&p->logical, s, n);
	return 0;
}

/* BuildKit's Parse loop: directives, comments, continuations, heredocs. */
static int parse_lines(struct parser *p)
{
	struct pline l;

	while (next_line(p, &l)) {
		const char *s = l.s;
		size_t n = trim_cr(l.s, l.n);
		bool is_dir = false, cont;
		unsigned start;

		trim_left_space(&s, &n);
		if (directive(p, s, n, &is_dir) < 0)
			return -1;
		if (n && s[0] == '#') {
			if (!is_dir && add_comment(p, s, n) < 0)
				return -1;
			continue;
		}
		if (!n)
			continue;
		start = p->line;
		cont = trim_continuation(s, &n, p->esc);
		cca_buf_reset(&p->logical);
		if (logical_add(p, s, n, start) < 0)
			return -1;
		while (cont && next_line(p, &l)) {
			const char *t = l.s;
			size_t tn = trim_cr(l.s, l.n), un = tn;

			trim_left_space(&t, &tn);
			if (tn && t[0] == '#') {
				if (add_comment(p, t, tn) < 0)
					return -1;
				continue;
			}
			if (!tn)
				continue;  /* an empty continuation line */
			cont = trim_continuation(l.s, &un, p->esc);
			if (logical_add(p, l.s, un, start) < 0)
				return -1;
		}
		if (add_instruction(p, start) < 0)
			return -1;
	}
	return 0;
}

/* ---- stages -------------------------------------------------------------------- */

/* Lower-case the ASCII letters of s in place. */
static void lower_ascii(char *s)
{
	for (; *s; s++)
		if (*s >= 'A' && *s <= 'Z')
			*s = (char)(*s | 0x20);
}

/* Number the stages: one per FROM, with name, base, platform and links. */
static void build_stages(struct df_impl *df)
{
	struct cca_dockerfile *pub = &df->pub;
	size_t ns = 0;
	long cur = -1;
	char **bases;

	for (size_t i = 0; i < df->ninstrs; i++)
		if (df->instrs[i].kind == CCA_DF_FROM)
			ns++;
	df->stages = ns ? cca_xcalloc(ns, sizeof *df->stages) : NULL;
	for (size_t i = 0; i < df->ninstrs; i++) {
		struct cca_df_instr *in = &df->instrs[i];

		if (in->kind == CCA_DF_FROM) {
			struct cca_df_stage *st = &df->stages[++cur];

			st->first = i;
			st->line = in->line;
			st->base_stage = -1;
			st->base = in->nargs ? in->args[0] : "";
			if (in->nargs == 3 && cca_strcaseeq(in->args[1], "as")) {
				char *name = cca_arena_strdup(&df->arena, in->args[2]);

				lower_ascii(name);
				st->name = name;
			}
			for (size_t f = 0; f < in->nflags; f++)
				if (strncasecmp(in->flags[f], "--platform=", 11) == 0)
					st->platform = in->flags[f] + 11;
		}
		in->stage = cur;
		if (cur >= 0)
			df->stages[cur].count++;
		for (struct cca_df_instr *t = (struct cca_df_instr *)(uintptr_t)in->trigger;
		     t; t = (struct cca_df_instr *)(uintptr_t)t->trigger)
			t->stage = cur;
	}
	pub->instrs = df->instrs;
	pub->ninstrs = df->ninstrs;
	pub->stages = df->stages;
	pub->nstages = ns;
	if (!ns)
		return;
	bases = cca_df_stage_bases(pub);
	for (size_t s = 0; s < ns; s++) {
		struct cca_df_stage *st = &df->stages[s];

		st->base_expanded = cca_arena_strdup(&df->arena, bases[s]);
		free(bases[s]);
		for (size_t e = s; e-- > 0;)
			if (df->stages[e].name &&
			    cca_strcaseeq(df->stages[e].name, st->base_expanded)) {
				st->base_stage = (long)e;
				break;
			}
	}
	free(bases);
}

long cca_dockerfile_target_stage(const struct cca_dockerfile *df, const char *target)
{
	if (!df || !df->nstages)
		return -1;
	if (!target)
		return (long)df->nstages - 1;
	for (size_t s = 0; s < df->nstages; s++)
		if (df->stages[s].name && cca_strcaseeq(df->stages[s].name, target))
			return (long)s;
	return -1;
}

/* ---- input checks ------------------------------------------------------------- */

/* The 1-based line of offset off. */
static unsigned line_at(const char *data, size_t off)
{
	unsigned line = 1;
	const char *p = data, *end = data + off;

	while ((p = memchr(p, '\n', (size_t)(end - p))) != NULL) {
		line++;
		p++;
	}
	return line;
}

/* Reject NUL bytes and invalid UTF-8, naming the first bad line. */
static int check_text(struct parser *p)
{
	const char *nul = memchr(p->data, '\0', p->len);
	size_t nul_off = nul ? (size_t)(nul - p->data) : p->len;
	size_t pos = 0;

	if (!cca_utf8_valid(p->data, p->len)) {
		while (pos < p->len) {
			const char *nl = memchr(p->data + pos, '\n', p->len - pos);
			size_t end = nl ? (size_t)(nl - p->data) : p->len;

			if (!cca_utf8_valid(p->data + pos, end - pos)) {
				if (pos <= nul_off)
					return fail(p, CCA_EINPUT, line_at(p->data, pos),
						    "invalid UTF-8");
				break;
			}
			pos = end + 1;
		}
	}
	if (nul)
		return fail(p, CCA_EINPUT, line_at(p->data, nul_off),
			    "NUL byte in a Dockerfile");
	return 0;
}

/* ---- public entry points ---------------------------------------------------------- */

void cca_dockerfile_free(struct cca_dockerfile *df)
{
	struct df_impl *d;

	if (!df)
		return;
	d = impl_of(df);
	free(d->instrs);
	free(d->comments);
	free(d->stages);
	free(d->nuls);
	cca_df_expand_cache_free(d->expand_cache);
	cca_arena_release(&d->arena);
	free(d);
}

int cca_dockerfile_parse(const char *path, const char *data, size_t len,
			 struct cca_dockerfile **out, struct cca_error *err)
{
	struct parser p;
	struct df_impl *df;
	int rc = -1;

	*out = NULL;
	memset(&p, 0, sizeof p);
	p.path = path ? path : "Dockerfile";
	p.data = data ? data : "";
	p.len = data ? len : 0;
	p.err = err;
	p.esc = '\\';
	if (p.len > CCA_DF_MAX_BYTES) {
		size_t lines = 1;

		for (size_t i = 0; i < CCA_DF_MAX_BYTES; i++)
			lines += p.data[i] == '\n';
		return cca_error_set(err, CCA_ETOOBIG,
				     "%s:%zu: larger than the limit of %u bytes",
				     p.path, lines, (unsigned)CCA_DF_MAX_BYTES);
	}
	if (check_text(&p) < 0)
		return -1;
	if (p.len >= 3 && memcmp(p.data, "\xEF\xBB\xBF", 3) == 0)
		p.pos = 3;

	df = cca_xcalloc(1, sizeof *df);
	p.df = df;
	cca_buf_init(&p.logical);
	cca_buf_init(&p.scratch);
	words_init(&p.flags);
	words_init(&p.args);
	words_init(&p.pairs);
	/* A logical line, and the words of one, are at most the file: room
	 * for that at once (up to the cap of one instruction) rather than
	 * growing by doubling, file after file. */
	cca_buf_reserve(&p.logical, p.len < CCA_DF_MAX_LOGICAL ? p.len : CCA_DF_MAX_LOGICAL);
	cca_buf_reserve(&p.args.text, p.len < CCA_DF_MAX_LOGICAL ? p.len : CCA_DF_MAX_LOGICAL);
	df->pub.path = cca_arena_strdup(&df->arena, p.path);

	if (parse_lines(&p) < 0)
		goto out;
	if (!df->ninstrs) {
		fail(&p, CCA_EINPUT, p.line, "file with no instructions");
		goto out;
	}
	df->pub.escape = p.esc;
	df->pub.comments = df->comments;
	df->pub.ncomments = df->ncomments;
	build_stages(df);
	*out = &df->pub;
	rc = 0;
out:
	cca_buf_release(&p.logical);
	cca_buf_release(&p.scratch);
	words_release(&p.flags);
	words_release(&p.args);
	words_release(&p.pairs);
	if (rc < 0)
		cca_dockerfile_free(&df->pub);
	return rc;
}

int cca_dockerfile_load(const char *path, struct cca_dockerfile **out,
			struct cca_error *err)
{
	char *data;
	size_t len;
	int rc;

	*out = NULL;
	if (cca_file_read(path, CCA_DF_MAX_BYTES, &data, &len, err) < 0)
		return -1;
	rc = cca_dockerfile_parse(path, data, len, out, err);
	free(data);
	return rc;
}

/* ---- the dump ------------------------------------------------------------------------- */

/* Decode the UTF-8 sequence at s; returns its length, or 0 when invalid. */
static size_t decode_utf8(const unsigned char *s, size_t n, uint32_t *cp)
{
	size_t k;
	uint32_t c;

	if (s[0] < 0x80) {
		*cp = s[0];
		return 1;
	}
	if (s[0] >= 0xC2 && s[0] <= 0xDF) {
		k = 2;
		c = s[0] & 0x1F;
	} else if (s[0] >= 0xE0 && s[0] <= 0xEF) {
		k = 3;
		c = s[0] & 0x0F;
	} else if (s[0] >= 0xF0 && s[0] <= 0xF4) {
		k = 4;
		c = s[0] & 0x07;
	} else {
		return 0;
	}
	if (n < k)
		return 0;
	for (size_t i = 1; i < k; i++) {
		if ((s[i] & 0xC0) != 0x80)
			return 0;
		c = (c << 6) | (s[i] & 0x3F);
	}
	if ((k == 3 && c < 0x800) || (k == 4 && c < 0x10000) || c > 0x10FFFF ||
	    (c >= 0xD800 && c <= 0xDFFF))
		return 0;
	*cp = c;
	return k;
}

/*
 * Go's strconv.IsPrint for a non-ASCII code point: false for controls,
 * spaces other than U+0020, format characters, private use, surrogates and
 * non-characters.  Unassigned code points count as printable (Go's tables
 * say otherwise; such text does not occur in Dockerfiles worth auditing).
 */
static bool go_isprint(uint32_t r)
{
	if (r <= 0x9F || r == 0xA0 || r == 0xAD)
		return false;
	if ((r >= 0x600 && r <= 0x605) || r == 0x61C || r == 0x6DD || r == 0x70F ||
	    r == 0x890 || r == 0x891 || r == 0x8E2 || r == 0x180E || r == 0x1680)
		return false;
	if ((r >= 0x2000 && r <= 0x200F) || (r >= 0x2028 && r <= 0x202F) ||
	    (r >= 0x205F && r <= 0x206F) || r == 0x3000)
		return false;
	if ((r >= 0xD800 && r <= 0xF8FF) || r == 0xFEFF ||
	    (r >= 0xFFF9 && r <= 0xFFFB) || r == 0xFFFE || r == 0xFFFF)
		return false;
	if (r == 0x110BD || r == 0x110CD || (r >= 0x13430 && r <= 0x1343F) ||
	    (r >= 0x1BCA0 && r <= 0x1BCA3) || (r >= 0x1D173 && r <= 0x1D17A))
		return false;
	if ((r >= 0xE0000 && r <= 0xE00FF) || (r >= 0xE01F0 && r <= 0xE0FFF) ||
	    r >= 0xF0000 || (r & 0xFFFE) == 0xFFFE)
		return false;
	return true;
}

/* Append s (n bytes) quoted as Go's strconv.Quote does. */
static void go_quote(struct cca_buf *out, const char *s, size_t n)
{
	static const char hex[] = "0123456789abcdef";
	const unsigned char *u = (const unsigned char *)s;
	size_t i = 0, run = 0;

	cca_buf_putc(out, '"');
	while (i < n) {
		unsigned char c = u[i];
		char esc[12];
		size_t el = 0, k;
		uint32_t cp;

		if (c >= 0x20 && c < 0x7F && c != '"' && c != '\\') {
			i++;
			continue;
		}
		if (c >= 0x80) {
			k = decode_utf8(u + i, n - i, &cp);
			if (k && go_isprint(cp)) {
				i += k;
				continue;
			}
			if (k) {
				if (cp < 0x10000) {
					snprintf(esc, sizeof esc, "\\u%04x", (unsigned)cp);
				} else {
					snprintf(esc, sizeof esc, "\\U%08x", (unsigned)cp);
				}
				el = strlen(esc);
			} else {
				k = 1;
				esc[0] = '\\';
				esc[1] = 'x';
				esc[2] = hex[c >> 4];
				esc[3] = hex[c & 15];
				el = 4;
			}
		} else {
			k = 1;
			esc[0] = '\\';
			el = 2;
			switch (c) {
			case '"': esc[1] = '"'; break;
			case '\\': esc[1] = '\\'; break;
			case '\a': esc[1] = 'a'; break;
			case '\b': esc[1] = 'b'; break;
			case '\f': esc[1] = 'f'; break;
			case '\n': esc[1] = 'n'; break;
			case '\r': esc[1] = 'r'; break;
			case '\t': esc[1] = 't'; break;
			case '\v': esc[1] = 'v'; break;
			default:
				esc[1] = 'x';
				esc[2] = hex[c >> 4];
				esc[3] = hex[c & 15];
				el = 4;
			}
		}
		cca_buf_add(out, s + run, i - run);
		cca_buf_add(out, esc, el);
		i += k;
		run = i;
	}
	cca_buf_add(out, s + run, n - run);
	cca_buf_putc(out, '"');
}

/* The length of argument a: NUL bytes from JSON are kept in a side table. */
static size_t arg_len(const struct df_impl *df, const char *a)
{
	for (size_t k = 0; k < df->nnuls; k++)
		if (df->nuls[k].s == a)
			return df->nuls[k].len;
	return strlen(a);
}

/* One instruction as Node.Dump prints it, without the parentheses. */
static void dump_instr(const struct df_impl *df, const struct cca_df_instr *in,
		       struct cca_buf *out)
{
	cca_buf_puts(out, in->keyword);
	if (in->nflags) {
		cca_buf_puts(out, " [");
		for (size_t f = 0; f < in->nflags; f++) {
			if (f)
				cca_buf_putc(out, ' ');
			go_quote(out, in->flags[f], strlen(in->flags[f]));
		}
		cca_buf_putc(out, ']');
	}
	if (in->trigger) {
		cca_buf_puts(out, " (");
		dump_instr(df, in->trigger, out);
		cca_buf_putc(out, ')');
	}
	for (size_t a = 0; a < in->nargs; a++) {
		cca_buf_putc(out, ' ');
		go_quote(out, in->args[a], arg_len(df, in->args[a]));
	}
}

void cca_dockerfile_dump(const struct cca_dockerfile *df, struct cca_buf *out)
{
	const struct df_impl *d;

	if (!df)
		return;
	d = impl_of(df);
	for (size_t i = 0; i < df->ninstrs; i++) {
		size_t mark;

		cca_buf_putc(out, '(');
		mark = out->len;
		dump_instr(d, &df->instrs[i], out);
		/* Go trims the node's dump: an empty keyword leaves no blank. */
		if (out->len > mark && out->data[mark] == ' ') {
			memmove(out->data + mark, out->data + mark + 1, out->len - mark);
			out->len--;
		}
		cca_buf_puts(out, ")\n");
	}
}
