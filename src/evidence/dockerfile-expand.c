/*
 * dockerfile-expand.c - BuildKit's shell lexer (frontend/dockerfile/shell/
 * lex.go) and the variable scoping of a Dockerfile: cca_dockerfile_expand(),
 * cca_dockerfile_pairs(), the base images of stages and the word splitting
 * that heredoc detection uses; see dockerfile.h for the contract.
 *
 * Scoping follows BuildKit:
 *  - FROM lines (and everything before the first FROM) see the global ARGs,
 *    those before the first FROM, each expanded with the ones before it; a
 *    global ARG without a default is set to "" there.
 *  - In a stage, a global ARG is visible only after `ARG NAME` re-declares
 *    it; ARG and ENV accumulate in order; ENV wins over an ARG of the same
 *    name; an ENV or ARG instruction expands all its values with the
 *    variables in force before it.  A stage built FROM an earlier stage
 *    starts with that stage's ENV (its image config), not its ARGs.
 *  - Unknown variables expand to "".
 *
 * Memory is bounded: one expansion result is capped at CCA_DF_MAX_LOGICAL
 * bytes and the values of one variable table at CCA_DF_MAX_BYTES in total;
 * past either, the value is kept as written (unexpanded).
 *
 * Speed: a parsed Dockerfile carries an expansion cache (struct
 * expand_cache, below): the global ARGs, a cursor that walks the variable
 * tables forward as checks walk the instructions, and each instruction's
 * pairs memoised within a byte budget, so a pass over all instructions
 * costs linear, not quadratic, time.  Results are those of a fresh
 * computation.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ccaudit/dockerfile.h"
#include "dockerfile-internal.h"

#define MAX_NESTING 64                 /* ${a:-${b:-...}} levels */
#define ENV_BUDGET CCA_DF_MAX_BYTES    /* bytes of values in one table */
#define PATTERN_WORK (1u << 24)        /* cells of one pattern match */
#define MEMO_BUDGET CCA_DF_MAX_BYTES   /* bytes of memoised pairs per Dockerfile */

/* ---- characters ------------------------------------------------------------ */

/* Length of the UTF-8 character at s (n > 0 bytes available). */
static size_t rune_len(const char *s, size_t n)
{
	unsigned char c = (unsigned char)s[0];
	size_t k = c < 0xC0 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;

	return k <= n ? k : 1;
}

static bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

/* A character of a variable name after the first ([A-Za-z0-9_]). */
static bool is_name_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || is_digit(c) ||
	       c == '_';
}

/* ---- variable tables ------------------------------------------------------- */

struct var {
	char *name;
	char *value;   /* NULL: a global ARG declared without a default */
	size_t vlen;
	bool is_env;
};

/* Variables by name: an array plus an open-addressing index. */
struct env {
	struct var *v;
	size_t n, cap;
	size_t *slot;  /* index + 1 into v; 0 is empty */
	size_t nslot;
	size_t bytes;  /* of values, against ENV_BUDGET */
};

/* An empty table (env_release frees it). */
static void env_init(struct env *e)
{
	memset(e, 0, sizeof *e);
}

static void env_release(struct env *e)
{
	for (size_t k = 0; k < e->n; k++) {
		free(e->v[k].name);
		free(e->v[k].value);
	}
	free(e->v);
	free(e->slot);
	env_init(e);
}

/* FNV-1a of n bytes. */
static size_t hash(const char *s, size_t n)
{
	size_t h = 1469598103934665603u & SIZE_MAX;

	for (size_t k = 0; k < n; k++)
		h = (h ^ (unsigned char)s[k]) * 1099511628211u;
	return h;
}

/* Rebuild the index for the current entries, with room to grow. */
static void env_reindex(struct env *e)
{
	size_t ns = 16;

	while (ns < 2 * e->n + 2)
		ns *= 2;
	free(e->slot);
	e->slot = cca_xcalloc(ns, sizeof *e->slot);
	e->nslot = ns;
	for (size_t k = 0; k < e->n; k++) {
		size_t h = hash(e->v[k].name, strlen(e->v[k].name)) & (ns - 1);

		while (e->slot[h])
			h = (h + 1) & (ns - 1);
		e->slot[h] = k + 1;
	}
}

/* The variable named by n bytes at name, or NULL. */
static struct var *env_find(const struct env *e, const char *name, size_t n)
{
	size_t h;

	if (!e->nslot)
		return NULL;
	h = hash(name, n) & (e->nslot - 1);
	while (e->slot[h]) {
		struct var *v = &e->v[e->slot[h] - 1];

		if (strncmp(v->name, name, n) == 0 && v->name[n] == '\0')
			return v;
		h = (h + 1) & (e->nslot - 1);
	}
	return NULL;
}

/* Set name to value (taken over; NULL allowed) as an ENV or an ARG. */
static void env_put(struct env *e, const char *name, char *value, bool is_env)
{
	struct var *v = env_find(e, name, strlen(name));
	size_t vlen = value ? strlen(value) : 0;

	if (v) {
		e->bytes -= v->vlen;
		free(v->value);
	} else {
		if (e->n == e->cap) {
			e->cap = e->cap ? 2 * e->cap : 16;
			e->v = cca_xreallocarray(e->v, e->cap, sizeof *e->v);
		}
		v = &e->v[e->n++];
		v->name = cca_xstrdup(name);
		if (2 * e->n + 2 > e->nslot)
			env_reindex(e);
		else {
			size_t h = hash(name, strlen(name)) & (e->nslot - 1);

			while (e->slot[h])
				h = (h + 1) & (e->nslot - 1);
			e->slot[h] = e->n;
		}
	}
	v->value = value;
	v->vlen = vlen;
	v->is_env = is_env;
	e->bytes += vlen;
}

/* An ARG does not replace an ENV of the same name. */
static void env_put_arg(struct env *e, const char *name, char *value)
{
	struct var *v = env_find(e, name, strlen(name));

	if (v && v->is_env) {
		free(value);
		return;
	}
	env_put(e, name, value, false);
}

/* Forget the ARGs (a new stage keeps only its base stage's ENV). */
static void env_drop_args(struct env *e)
{
	size_t w = 0;

	for (size_t k = 0; k < e->n; k++) {
		if (e->v[k].is_env) {
			e->v[w++] = e->v[k];
		} else {
			e->bytes -= e->v[k].vlen;
			free(e->v[k].name);
			free(e->v[k].value);
		}
	}
	if (w != e->n) {
		e->n = w;
		env_reindex(e);
	}
}

/* ---- the lexer ---------------------------------------------------------------- */

/* Words as BuildKit's wordsStruct splits them (ProcessWords). */
struct wordsplit {
	struct cca_buf word;
	bool in_word;
	char **v;
	size_t n, cap;
};

/* No words yet (ws_release frees them). */
static void ws_init(struct wordsplit *w)
{
	memset(w, 0, sizeof *w);
	cca_buf_init(&w->word);
}

static void ws_release(struct wordsplit *w)
{
	for (size_t k = 0; k < w->n; k++)
		free(w->v[k]);
	free(w->v);
	cca_buf_release(&w->word);
}

/* The word being built becomes the next word. */
static void ws_push(struct wordsplit *w)
{
	if (w->n == w->cap) {
		w->cap = w->cap ? 2 * w->cap : 8;
		w->v = cca_xreallocarray(w->v, w->cap, sizeof *w->v);
	}
	w->v[w->n++] = cca_buf_detach(&w->word);
	w->in_word = false;
}

/* addRawString: s joins the current word, blanks included. */
static void ws_add_raw(struct wordsplit *w, const char *s, size_t n)
{
	cca_buf_add(&w->word, s, n);
	w->in_word = true;
}

/* addChar for every character of s: white space ends a word. */
static void ws_add_string(struct wordsplit *w, const char *s, size_t n)
{
	for (size_t i = 0; i < n;) {
		size_t sp = cca_df_space_len(s + i, n - i);
		size_t k = sp ? sp : rune_len(s + i, n - i);

		if (sp) {
			if (w->in_word && w->word.len)
				ws_push(w);
		} else {
			ws_add_raw(w, s + i, k);
		}
		i += k;
	}
}

/* getWords: close a non-empty last word. */
static void ws_finish(struct wordsplit *w)
{
	if (w->word.len)
		ws_push(w);
}

struct lexer {
	const char *s;
	size_t n, pos;
	char esc;
	bool raw_quotes, raw_escapes, skip_unset;
	const struct env *env;
	size_t cap;         /* longest result */
	int depth;
	const char *err;    /* the first error */
};

/* Record the first error of a lexer run; returns -1. */
static int lex_error(struct lexer *lx, const char *what)
{
	if (!lx->err)
		lx->err = what;
	return -1;
}

/* Append to a result, within the cap. */
static int emit(struct lexer *lx, struct cca_buf *out, const char *s, size_t n)
{
	if (n > lx->cap || out->len > lx->cap - n)
		return lex_error(lx, "expansion too long");
	cca_buf_add(out, s, n);
	return 0;
}

/* Look name up: *value is "" for a variable declared without a value. */
static bool lookup(const struct lexer *lx, const char *name, size_t n,
		   const char **value, size_t *vlen)
{
	const struct var *v = lx->env ? env_find(lx->env, name, n) : NULL;

	*value = v && v->value ? v->value : "";
	*vlen = v ? v->vlen : 0;
	return v != NULL;
}

static int stop_on(struct lexer *lx, int stop, bool raw_escapes,
		   struct cca_buf *out, struct wordsplit *w);

/* processName: digits, one special parameter, or [A-Za-z0-9_]+. */
static void read_name(struct lexer *lx, size_t *start, size_t *len)
{
	const char *s = lx->s;

	*start = lx->pos;
	if (lx->pos < lx->n && is_digit(s[lx->pos])) {
		while (lx->pos < lx->n && is_digit(s[lx->pos]))
			lx->pos++;
	} else if (lx->pos < lx->n && strchr("@*#?-$!", s[lx->pos]) && s[lx->pos]) {
		lx->pos++;
	} else {
		while (lx->pos < lx->n && is_name_char(s[lx->pos]))
			lx->pos++;
	}
	*len = lx->pos - *start;
}

/* A shell pattern (* ? and \-escapes) as tokens. */
struct ptok {
	char kind;        /* 'l' literal, '?' one character, '*' any run */
	const char *p;
	size_t k;
};

/* convertShellPatternToRegex's reading of a pattern; -1 on a bad escape. */
static long pattern_compile(const char *pat, size_t n, struct ptok **out)
{
	struct ptok *t = cca_xreallocarray(NULL, n + 1, sizeof *t);
	size_t m = 0;

	for (size_t i = 0; i < n;) {
		size_t k = rune_len(pat + i, n - i);

		if (pat[i] == '*' || pat[i] == '?') {
			t[m].kind = pat[i];
			i++;
		} else if (pat[i] == '\\') {
			if (i + 1 < n && (pat[i + 1] == '}' || pat[i + 1] == '/')) {
				i++;
				continue;
			}
			if (i + 1 >= n || (pat[i + 1] != '*' && pat[i + 1] != '?' &&
					   pat[i + 1] != '\\')) {
				free(t);
				return -1;
			}
			t[m].kind = 'l';
			t[m].p = pat + i + 1;
			t[m].k = 1;
			i += 2;
		} else {
			t[m].kind = 'l';
			t[m].p = pat + i;
			t[m].k = k;
			i += k;
		}
		m++;
	}
	*out = t;
	return (long)m;
}

/* The closure of the active pattern states: a star also matches nothing. */
static void closure(const struct ptok *t, size_t m, unsigned char *act)
{
	for (size_t i = 0; i < m; i++)
		if (act[i] && t[i].kind == '*')
			act[i + 1] = 1;
}

/*
 * The shortest (or longest) length of a prefix of v[start..vn) the whole
 * pattern matches, on character boundaries; -1 when none does.  scratch
 * holds 2 * (m + 1) bytes.
 */
static long match_prefix(const struct ptok *t, size_t m, const char *v, size_t vn,
			 size_t start, bool longest, unsigned char *scratch)
{
	unsigned char *act = scratch, *nxt = scratch + m + 1;
	long best = -1;
	size_t i = start;

	memset(act, 0, m + 1);
	act[0] = 1;
	closure(t, m, act);
	for (;;) {
		size_t k;
		bool any = false;

		if (act[m]) {
			best = (long)(i - start);
			if (!longest)
				break;
		}
		if (i >= vn)
			break;
		k = rune_len(v + i, vn - i);
		memset(nxt, 0, m + 1);
		for (size_t s = 0; s < m; s++) {
			if (!act[s])
				continue;
			if (t[s].kind == '*')
				nxt[s] = 1;
			else if (t[s].kind == '?' ||
				 (t[s].k == k && memcmp(t[s].p, v + i, k) == 0))
				nxt[s + 1] = 1;
		}
		closure(t, m, nxt);
		for (size_t s = 0; s <= m; s++)
			any |= nxt[s];
		memcpy(act, nxt, m + 1);
		i += k;
		if (!any)
			break;
	}
	return best;
}

/* A copy of s with its characters in reverse order. */
static char *reverse_runes(const char *s, size_t n)
{
	char *r = cca_xmalloc(n + 1);

	for (size_t i = 0; i < n;) {
		size_t k = rune_len(s + i, n - i);

		memcpy(r + n - i - k, s + i, k);
		i += k;
	}
	r[n] = '\0';
	return r;
}

/* ${v#p} ${v##p} ${v%p} ${v%%p}: the value without the matched part. */
static int trim_pattern(struct lexer *lx, struct cca_buf *out, const char *val,
			size_t vn, const char *pat, size_t pn, bool suffix, bool greedy)
{
	struct ptok *t;
	long m = pattern_compile(pat, pn, &t), len;
	unsigned char *scratch;

	if (m < 0)
		return lex_error(lx, "invalid pattern in substitution");
	if ((unsigned long long)(vn + 1) * ((unsigned long long)m + 1) > PATTERN_WORK) {
		free(t);
		return lex_error(lx, "pattern substitution too large");
	}
	scratch = cca_xmalloc(2 * ((size_t)m + 1));
	if (!suffix) {
		len = match_prefix(t, (size_t)m, val, vn, 0, greedy, scratch);
		free(t);
		free(scratch);
		if (len < 0)
			return emit(lx, out, val, vn);
		return emit(lx, out, val + len, vn - (size_t)len);
	}
	{
		char *rv = reverse_runes(val, vn);

		/* Reverse the tokens: a suffix of v is a prefix of reversed v. */
		for (long a = 0, b = m - 1; a < b; a++, b--) {
			struct ptok x = t[a];

			t[a] = t[b];
			t[b] = x;
		}
		len = match_prefix(t, (size_t)m, rv, vn, 0, greedy, scratch);
		free(rv);
		free(t);
		free(scratch);
		if (len < 0)
			return emit(lx, out, val, vn);
		return emit(lx, out, val, vn - (size_t)len);
	}
}

/*
 * ${v/p/r} and ${v//p/r}: the first (or every) leftmost longest match
 * replaced by r (Go's regexp.ReplaceAllString without templates).
 */
static int replace_pattern(struct lexer *lx, struct cca_buf *out, const char *val,
			   size_t vn, const char *pat, size_t pn, const char *rep,
			   size_t rn, bool all)
{
	struct ptok *t;
	long m = pattern_compile(pat, pn, &t), prev_end = -1;
	size_t i = 0, copied = 0;
	unsigned char *scratch;
	int rc = 0;

	if (m < 0)
		return lex_error(lx, "invalid pattern in substitution");
	if ((unsigned long long)(vn + 1) * (vn + 1) * ((unsigned long long)m + 1) >
	    64ull * PATTERN_WORK) {
		free(t);
		return lex_error(lx, "pattern substitution too large");
	}
	scratch = cca_xmalloc(2 * ((size_t)m + 1));
	while (i <= vn) {
		long len = match_prefix(t, (size_t)m, val, vn, i, true, scratch);

		if (len >= 0 && !(len == 0 && (long)i == prev_end)) {
			if (emit(lx, out, val + copied, i - copied) < 0 ||
			    emit(lx, out, rep, rn) < 0) {
				rc = -1;
				break;
			}
			copied = i + (size_t)len;
			prev_end = (long)copied;
			if (!all)
				break;
			if (len > 0) {
				i += (size_t)len;
				continue;
			}
		}
		if (i >= vn)
			break;
		i += rune_len(val + i, vn - i);
	}
	if (!rc && copied < vn)
		rc = emit(lx, out, val + copied, vn - copied);
	free(scratch);
	free(t);
	return rc;
}

/* processDollar: $name, ${name} and ${name<op>word}. */
static int dollar(struct lexer *lx, struct cca_buf *out)
{
	const char *s = lx->s, *value;
	size_t ns, nl, vlen;
	struct cca_buf word;
	bool set, null_unset = false;
	char ch;
	int rc;

	lx->pos++;
	if (lx->pos >= lx->n || s[lx->pos] != '{') {
		read_name(lx, &ns, &nl);
		if (!nl)
			return emit(lx, out, "$", 1);
		set = lookup(lx, s + ns, nl, &value, &vlen);
		if (!set && lx->skip_unset)
			return emit(lx, out, s + ns - 1, nl + 1);
		return emit(lx, out, value, vlen);
	}
	lx->pos++;
	if (lx->pos >= lx->n)
		return lex_error(lx, "syntax error: missing '}'");
	if (s[lx->pos] == '{' || s[lx->pos] == '}' || s[lx->pos] == ':')
		return lex_error(lx, "syntax error: bad substitution");
	read_name(lx, &ns, &nl);
	if (lx->pos >= lx->n)
		return lex_error(lx, "unsupported modifier in substitution");
	ch = s[lx->pos++];
	if (ch == '}') {
		set = lookup(lx, s + ns, nl, &value, &vlen);
		if (!set && lx->skip_unset)
			return emit(lx, out, s + ns - 2, nl + 3);
		return emit(lx, out, value, vlen);
	}
	if (ch == ':') {
		null_unset = true;
		if (lx->pos >= lx->n)
			return lex_error(lx, "syntax error: missing '}'");
		ch = s[lx->pos];
		lx->pos += rune_len(s + lx->pos, lx->n - lx->pos);
	}
	if (ch != '+' && ch != '-' && ch != '?' && ch != '#' && ch != '%' &&
	    !(ch == '/' && !null_unset)) {
		/* BuildKit reads the word first, then rejects the modifier. */
		cca_buf_init(&word);
		stop_on(lx, '}', false, &word, NULL);
		cca_buf_release(&word);
		return lex_error(lx, "unsupported modifier in substitution");
	}
	cca_buf_init(&word);
	if (ch == '/') {
		struct cca_buf rep;
		bool all = lx->pos < lx->n && s[lx->pos] == '/';

		if (all)
			lx->pos++;
		cca_buf_init(&rep);
		rc = stop_on(lx, '/', true, &word, NULL);
		if (rc == 0)
			rc = stop_on(lx, '}', true, &rep, NULL);
		if (rc == 0) {
			set = lookup(lx, s + ns, nl, &value, &vlen);
			if (!set && lx->skip_unset) {
				rc = emit(lx, out, s + ns - 2, lx->pos - ns + 2);
			} else {
				rc = replace_pattern(lx, out, value, vlen,
						     word.data ? word.data : "", word.len,
						     rep.data ? rep.data : "", rep.len, all);
			}
		}
		cca_buf_release(&rep);
		cca_buf_release(&word);
		return rc;
	}
	rc = stop_on(lx, '}', ch == '#' || ch == '%', &word, NULL);
	if (rc < 0) {
		cca_buf_release(&word);
		return -1;
	}
	set = lookup(lx, s + ns, nl, &value, &vlen);
	if (lx->skip_unset && !set) {
		rc = emit(lx, out, s + ns - 2, lx->pos - ns + 2);
		cca_buf_release(&word);
		return rc;
	}
	switch (ch) {
	case '-':
		if (!set || (null_unset && !vlen))
			rc = emit(lx, out, word.data ? word.data : "", word.len);
		else
			rc = emit(lx, out, value, vlen);
		break;
	case '+':
		if (set && !(null_unset && !vlen))
			rc = emit(lx, out, word.data ? word.data : "", word.len);
		break;
	case '?':
		if (!set || (null_unset && !vlen))
			rc = lex_error(lx, "required variable is not set");
		else
			rc = emit(lx, out, value, vlen);
		break;
	default: {  /* '#' or '%' */
		const char *pat = word.data ? word.data : "";
		size_t pn = word.len;
		bool greedy = pn && pat[0] == ch;

		if (greedy) {
			pat++;
			pn--;
		}
		rc = trim_pattern(lx, out, value, vlen, pat, pn, ch == '%', greedy);
		break;
	}
	}
	cca_buf_release(&word);
	return rc;
}

/* processSingleQuote: everything up to the next ' as written. */
static int single_quote(struct lexer *lx, struct cca_buf *out)
{
	size_t start;

	lx->pos++;
	if (lx->raw_quotes && emit(lx, out, "'", 1) < 0)
		return -1;
	start = lx->pos;
	while (lx->pos < lx->n && lx->s[lx->pos] != '\'')
		lx->pos++;
	if (lx->pos >= lx->n)
		return lex_error(lx, "unexpected end of statement while looking for matching single-quote");
	if (emit(lx, out, lx->s + start, lx->pos - start) < 0)
		return -1;
	lx->pos++;
	return lx->raw_quotes ? emit(lx, out, "'", 1) : 0;
}

/*
 * processDoubleQuote: variables expand; the escape character escapes only
 * ", $ and itself and otherwise stays.
 */
static int double_quote(struct lexer *lx, struct cca_buf *out)
{
	const char *s = lx->s;

	lx->pos++;
	if (lx->raw_quotes && emit(lx, out, "\"", 1) < 0)
		return -1;
	for (;;) {
		const char *p;
		size_t k;

		if (lx->pos >= lx->n)
			return lex_error(lx, "unexpected end of statement while looking for matching double-quote");
		if (s[lx->pos] == '"') {
			lx->pos++;
			return lx->raw_quotes ? emit(lx, out, "\"", 1) : 0;
		}
		if (s[lx->pos] == '$') {
			if (dollar(lx, out) < 0)
				return -1;
			continue;
		}
		p = s + lx->pos;
		k = rune_len(p, lx->n - lx->pos);
		lx->pos += k;
		if (*p == lx->esc) {
			if (lx->raw_escapes && emit(lx, out, p, 1) < 0)
				return -1;
			if (lx->pos >= lx->n)
				continue;
			if (s[lx->pos] == '"' || s[lx->pos] == '$' || s[lx->pos] == lx->esc) {
				p = s + lx->pos;
				k = 1;
				lx->pos++;
			}
		}
		if (emit(lx, out, p, k) < 0)
			return -1;
	}
}

/*
 * processPossibleHeredoc: "<<" (or "<<-") keeps the blanks after it in the
 * same word, so "<<- EOF" stays one word as BuildKit's tests expect.
 */
static int maybe_heredoc(struct lexer *lx, struct cca_buf *out)
{
	size_t start = lx->pos++, k;

	if (lx->pos < lx->n && lx->s[lx->pos] == '<') {
		lx->pos++;
		if (lx->pos < lx->n && lx->s[lx->pos] == '-')
			lx->pos++;
		while ((k = cca_df_space_len(lx->s + lx->pos, lx->n - lx->pos)) != 0)
			lx->pos += k;
	}
	return emit(lx, out, lx->s + start, lx->pos - start);
}

/*
 * processStopOn: lex until stop (or the end when stop < 0), appending the
 * result to out and, when w is not NULL, splitting it into words.
 */
static int stop_on(struct lexer *lx, int stop, bool raw_escapes,
		   struct cca_buf *out, struct wordsplit *w)
{
	bool saved = lx->raw_escapes;
	int rc = 0;

	if (lx->depth >= MAX_NESTING)
		return lex_error(lx, "substitutions nested too deeply");
	lx->depth++;
	lx->raw_escapes = raw_escapes;
	while (lx->pos < lx->n) {
		const char *p = lx->s + lx->pos;
		char ch = *p;
		size_t k;

		if (stop >= 0 && ch == stop) {
			lx->pos++;
			goto done;
		}
		if (ch == '$' || ch == '\'' || ch == '"' || ch == '<') {
			size_t mark = out->len;

			rc = ch == '$' ? dollar(lx, out) :
			     ch == '\'' ? single_quote(lx, out) :
			     ch == '"' ? double_quote(lx, out) : maybe_heredoc(lx, out);
			if (rc < 0)
				goto done;
			/* out->data is NULL while nothing was emitted (<<"") */
			if (w && ch == '$')
				ws_add_string(w, cca_buf_str(out) + mark, out->len - mark);
			else if (w)
				ws_add_raw(w, cca_buf_str(out) + mark, out->len - mark);
			continue;
		}
		if (!w && ch != lx->esc) {
			/* Not splitting words: the run of plain characters at once. */
			size_t e = lx->pos;

			while (e < lx->n) {
				char c = lx->s[e];

				if ((stop >= 0 && c == stop) || c == '$' || c == '\'' || c == '"' ||
				    c == '<' || c == lx->esc)
					break;
				e += rune_len(lx->s + e, lx->n - e);
			}
			k = e - lx->pos;
			lx->pos = e;
			if ((rc = emit(lx, out, p, k)) < 0)
				goto done;
			continue;
		}
		k = rune_len(p, lx->n - lx->pos);
		lx->pos += k;
		if (ch == lx->esc) {
			if (lx->raw_escapes) {
				if (w)
					ws_add_raw(w, p, 1);
				if ((rc = emit(lx, out, p, 1)) < 0)
					goto done;
			}
			if (lx->pos >= lx->n)
				break;
			p = lx->s + lx->pos;
			k = rune_len(p, lx->n - lx->pos);
			lx->pos += k;
			if (w)
				ws_add_raw(w, p, k);
		} else if (w) {
			ws_add_string(w, p, k);
		}
		if ((rc = emit(lx, out, p, k)) < 0)
			goto done;
	}
	if (stop >= 0)
		rc = lex_error(lx, "unexpected end of statement while looking for a closing character");
done:
	lx->raw_escapes = saved;
	lx->depth--;
	return rc;
}

/*
 * Whether the n bytes at s have nothing the lexer changes: no '$', quote,
 * escape character or '<'.  Such a word is its own expansion.
 */
static bool plain_word(const char *s, size_t n, char esc)
{
	for (size_t k = 0; k < n; k++) {
		char c = s[k];

		if (c == '$' || c == '\'' || c == '"' || c == '<' || c == esc)
			return false;
	}
	return true;
}

/*
 * ProcessWord: word (n bytes) with quotes removed, escapes applied and
 * variables of env expanded, at most cap bytes.  NULL on a syntax error
 * (unterminated quote, bad ${...}) or past cap.
 */
static char *expand_word(char esc, const struct env *env, const char *word,
			 size_t n, size_t cap)
{
	struct lexer lx = {
		.s = word, .n = n, .esc = esc, .env = env, .cap = cap,
	};
	struct cca_buf out;

	if (plain_word(word, n, esc))
		return n <= cap ? cca_xstrndup(word, n) : NULL;
	cca_buf_init(&out);
	if (stop_on(&lx, -1, false, &out, NULL) < 0) {
		cca_buf_release(&out);
		return NULL;
	}
	if (!out.data)
		return cca_xstrdup("");
	return cca_buf_detach(&out);
}

/* The cap for a value about to be stored in e. */
static size_t value_cap(const struct env *e)
{
	size_t room = e->bytes < ENV_BUDGET ? ENV_BUDGET - e->bytes : 0;

	return room < CCA_DF_MAX_LOGICAL ? room : CCA_DF_MAX_LOGICAL;
}

/* A value expanded with e, or as written when that fails. */
static char *expand_or_raw(char esc, const struct env *e, const char *raw,
			   size_t cap)
{
	char *v = expand_word(esc, e, raw, strlen(raw), cap);

	return v ? v : cca_xstrdup(raw);
}

/* ---- scoping ------------------------------------------------------------------------ */

/* Index of the first FROM, or ninstrs. */
static size_t first_from(const struct cca_dockerfile *df)
{
	return df->nstages ? df->stages[0].first : df->ninstrs;
}

/*
 * Add the global ARG declarations of in (an instruction before the first
 * FROM; nothing when it is no ARG) to g, each value expanded with the
 * variables already in g; no default is NULL.  When keys is not NULL, it
 * and values (arrays of in->nargs) receive the names as written and copies
 * of the values stored.
 */
static void global_arg_step(const struct cca_dockerfile *df,
			    const struct cca_df_instr *in, struct env *g,
			    char **keys, char **values)
{
	if (in->kind != CCA_DF_ARG)
		return;
	for (size_t a = 0; a < in->nargs; a++) {
		const char *w = in->args[a], *eq = strchr(w, '=');
		char *name, *value = NULL;

		if (!eq) {
			name = cca_xstrdup(w);
		} else {
			name = cca_xstrndup(w, (size_t)(eq - w));
			value = expand_or_raw(df->escape, g, eq + 1, value_cap(g));
		}
		if (keys) {
			keys[a] = cca_xstrdup(name);
			values[a] = value ? cca_xstrdup(value) : NULL;
		}
		env_put(g, name, value, false);
		free(name);
	}
}

/*
 * The global ARGs among the instructions before limit (and before the first
 * FROM), each value expanded with the ones before it; no default is NULL.
 */
static void build_globals(const struct cca_dockerfile *df, size_t limit, struct env *g)
{
	size_t end = first_from(df);

	if (limit < end)
		end = limit;
	for (size_t k = 0; k < end; k++)
		global_arg_step(df, &df->instrs[k], g, NULL, NULL);
}

/*
 * The key/value pairs of in, expanded with e as it was before in (ENV and
 * LABEL triples, ARG words split at the first '=').  Returns the count.
 */
static size_t instr_pairs(const struct cca_dockerfile *df,
			  const struct cca_df_instr *in, const struct env *e,
			  char ***keys, char ***values)
{
	size_t n = 0, cap = value_cap(e);
	char **k = NULL, **v = NULL;

	if (in->kind == CCA_DF_ENV || in->kind == CCA_DF_LABEL) {
		n = in->nargs / 3;
		k = cca_xcalloc(n ? n : 1, sizeof *k);
		v = cca_xcalloc(n ? n : 1, sizeof *v);
		for (size_t p = 0; p < n; p++) {
			k[p] = expand_or_raw(df->escape, e, in->args[3 * p], CCA_DF_MAX_LOGICAL);
			v[p] = expand_or_raw(df->escape, e, in->args[3 * p + 1], cap);
		}
	} else if (in->kind == CCA_DF_ARG) {
		n = in->nargs;
		k = cca_xcalloc(n ? n : 1, sizeof *k);
		v = cca_xcalloc(n ? n : 1, sizeof *v);
		for (size_t p = 0; p < n; p++) {
			const char *w = in->args[p], *eq = strchr(w, '=');
			char *raw = eq ? cca_xstrndup(w, (size_t)(eq - w)) : cca_xstrdup(w);

			k[p] = expand_or_raw(df->escape, e, raw, CCA_DF_MAX_LOGICAL);
			free(raw);
			v[p] = eq ? expand_or_raw(df->escape, e, eq + 1, cap) : NULL;
		}
	}
	*keys = k;
	*values = v;
	return n;
}

/* ---- the expansion cache ------------------------------------------------------------ */

/* The key/value pairs of one instruction as cca_dockerfile_pairs() returns
 * them (a value may be NULL: an ARG without default). */
struct pairs {
	char **keys, **values;
	size_t n;
};

/* One instruction's pairs, once computed. */
struct memo {
	bool done;
	struct pairs p;
};

/*
 * What expansion keeps between calls over one parsed Dockerfile, hung on it
 * through cca_df_expand_cache_slot().  The Dockerfile stays logically
 * immutable: the cache only saves recomputing what is determined by it.
 *  - globals: the global ARGs as FROM lines see them, built once;
 *  - cur: a cursor, the variables in force before instruction `next`,
 *    either among the global ARGs (stage -1) or in stage `stage`; a request
 *    at or after `next` in the same scope extends it, any other request
 *    rebuilds it (checks walk the instructions in order);
 *  - memo: the pairs of each instruction, kept while their strings fit in
 *    MEMO_BUDGET bytes (past it they are recomputed on every request, and
 *    the last ones computed are kept in lent for cca_dockerfile_pairs).
 * The variables in force before an instruction do not depend on what asks
 * for them, so a memoised result is the one a fresh computation gives.
 */
struct expand_cache {
	bool have_globals;
	struct env globals;
	bool have_cursor;
	long stage;
	size_t next;
	struct env cur;
	struct memo *memo;
	size_t nmemo;         /* df->ninstrs */
	size_t memo_bytes;    /* of memoised strings, at most MEMO_BUDGET */
	struct pairs lent;    /* pairs past the budget, lent until the next request */
};

/* Free the strings and arrays of p and empty it. */
static void pairs_release(struct pairs *p)
{
	for (size_t k = 0; k < p->n; k++) {
		free(p->keys[k]);
		free(p->values[k]);
	}
	free(p->keys);
	free(p->values);
	memset(p, 0, sizeof *p);
}

/* The bytes p's strings and arrays take. */
static size_t pairs_bytes(const struct pairs *p)
{
	size_t n = 2 * (p->n ? p->n : 1) * sizeof(char *);

	for (size_t k = 0; k < p->n; k++) {
		n += strlen(p->keys[k]) + 1;
		if (p->values[k])
			n += strlen(p->values[k]) + 1;
	}
	return n;
}

/* The cache of df, created empty on first use. */
static struct expand_cache *cache_of(const struct cca_dockerfile *df)
{
	void **slot = cca_df_expand_cache_slot(df);
	struct expand_cache *c = *slot;

	if (!c) {
		c = cca_xcalloc(1, sizeof *c);
		env_init(&c->globals);
		env_init(&c->cur);
		c->nmemo = df->ninstrs;
		c->memo = cca_xcalloc(c->nmemo ? c->nmemo : 1, sizeof *c->memo);
		*slot = c;
	}
	return c;
}

/* Free a cache made by cache_of() (NULL: nothing); for cca_dockerfile_free(). */
void cca_df_expand_cache_free(void *cache)
{
	struct expand_cache *c = cache;

	if (!c)
		return;
	env_release(&c->globals);
	env_release(&c->cur);
	for (size_t k = 0; k < c->nmemo; k++)
		if (c->memo[k].done)
			pairs_release(&c->memo[k].p);
	pairs_release(&c->lent);
	free(c->memo);
	free(c);
}

/* All the global ARGs (those FROM lines see), built on first use. */
static const struct env *full_globals(const struct cca_dockerfile *df, struct expand_cache *c)
{
	if (!c->have_globals) {
		build_globals(df, first_from(df), &c->globals);
		c->have_globals = true;
	}
	return &c->globals;
}

/*
 * Keep *p (taken over) as the pairs of instruction i when the budget
 * allows and return the kept copy; else move it to *tmp and return tmp
 * (the caller releases it).
 */
static const struct pairs *memo_store(struct expand_cache *c, size_t i, struct pairs *p,
				      struct pairs *tmp)
{
	size_t bytes = pairs_bytes(p);

	if (bytes <= MEMO_BUDGET - c->memo_bytes) {
		c->memo[i].p = *p;
		c->memo[i].done = true;
		c->memo_bytes += bytes;
		return &c->memo[i].p;
	}
	*tmp = *p;
	return tmp;
}

/*
 * The pairs of instruction i (not a global ARG) given e, the variables in
 * force before it: memoised, or computed with instr_pairs() and memoised
 * (or left in *tmp, see memo_store).
 */
static const struct pairs *pairs_with(const struct cca_dockerfile *df, struct expand_cache *c,
				      size_t i, const struct env *e, struct pairs *tmp)
{
	struct pairs p;

	if (c->memo[i].done)
		return &c->memo[i].p;
	p.n = instr_pairs(df, &df->instrs[i], e, &p.keys, &p.values);
	return memo_store(c, i, &p, tmp);
}

/*
 * Apply stage instruction k (ARG or ENV; others change nothing) to the
 * cursor table, which holds the variables in force before it.
 */
static void apply(const struct cca_dockerfile *df, struct expand_cache *c, size_t k)
{
	const struct cca_df_instr *in = &df->instrs[k];
	const struct env *g;
	const struct pairs *p;
	struct pairs tmp;

	if (in->kind != CCA_DF_ARG && in->kind != CCA_DF_ENV)
		return;
	g = full_globals(df, c);
	p = pairs_with(df, c, k, &c->cur, &tmp);
	for (size_t q = 0; q < p->n; q++) {
		if (in->kind == CCA_DF_ENV) {
			env_put(&c->cur, p->keys[q], cca_xstrdup(p->values[q]), true);
		} else if (p->values[q]) {
			env_put_arg(&c->cur, p->keys[q], cca_xstrdup(p->values[q]));
		} else {
			const struct var *gv = env_find(g, p->keys[q], strlen(p->keys[q]));

			if (gv && gv->value)
				env_put_arg(&c->cur, p->keys[q], cca_xstrdup(gv->value));
		}
	}
	if (p == &tmp)
		pairs_release(&tmp);
}

/* Empty the cursor and place it before instruction next of scope stage. */
static void cursor_reset(struct expand_cache *c, long stage, size_t next)
{
	env_release(&c->cur);
	c->have_cursor = true;
	c->stage = stage;
	c->next = next;
}

/*
 * Rebuild the cursor as the variables in force before the second
 * instruction of stage s: the ENVs of the stages it builds on (each
 * processed in full, root first), none of its own yet.
 */
static void cursor_to_stage(const struct cca_dockerfile *df, struct expand_cache *c, long s)
{
	long *chain = cca_xcalloc(df->nstages, sizeof *chain);
	size_t nchain = 0;

	full_globals(df, c);
	for (long t = s; t >= 0 && nchain < df->nstages; t = df->stages[t].base_stage) {
		chain[nchain++] = t;
		if (df->stages[t].base_stage >= t)
			break;
	}
	cursor_reset(c, s, 0);
	while (nchain--) {
		const struct cca_df_stage *st = &df->stages[chain[nchain]];
		size_t end = chain[nchain] == s ? st->first + 1 : st->first + st->count;

		env_drop_args(&c->cur);
		for (size_t k = st->first + 1; k < end && k < df->ninstrs; k++)
			apply(df, c, k);
	}
	c->next = df->stages[s].first + 1;
	free(chain);
}

/*
 * The variables in force before instruction i (i == ninstrs: at the end):
 * the global ARGs before i for FROM lines and what precedes the first FROM,
 * else the stage's ARGs and ENVs before i.  The table belongs to the cache
 * and stays valid until the next call.
 */
static const struct env *env_before(const struct cca_dockerfile *df, struct expand_cache *c,
				    size_t i)
{
	size_t ff = first_from(df);
	long s;

	if (i > df->ninstrs)
		i = df->ninstrs;
	s = i < df->ninstrs ? df->instrs[i].stage : (long)df->nstages - 1;
	if (s < 0 || (i < df->ninstrs && df->instrs[i].kind == CCA_DF_FROM) ||
	    (size_t)s >= df->nstages) {
		if (i >= ff)
			return full_globals(df, c);
		if (!c->have_cursor || c->stage != -1 || c->next > i)
			cursor_reset(c, -1, 0);
		for (; c->next < i; c->next++)
			global_arg_step(df, &df->instrs[c->next], &c->cur, NULL, NULL);
		return &c->cur;
	}
	if (!c->have_cursor || c->stage != s || c->next > i)
		cursor_to_stage(df, c, s);
	for (; c->next < i && c->next < df->ninstrs; c->next++)
		apply(df, c, c->next);
	return &c->cur;
}

/*
 * The pairs of ENV, LABEL or ARG instruction i as cca_dockerfile_pairs()
 * returns them: memoised, or computed (and memoised, or left in *tmp).
 */
static const struct pairs *pairs_of(const struct cca_dockerfile *df, struct expand_cache *c,
				    size_t i, struct pairs *tmp)
{
	const struct cca_df_instr *in = &df->instrs[i];
	struct pairs p;

	if (c->memo[i].done)
		return &c->memo[i].p;
	if (in->kind != CCA_DF_ARG || in->stage >= 0)
		return pairs_with(df, c, i, env_before(df, c, i), tmp);
	/* Global ARGs: keys as written, each value sees the ones before it;
	 * stepping the cursor over i records them. */
	env_before(df, c, i);
	p.n = in->nargs;
	p.keys = cca_xcalloc(p.n ? p.n : 1, sizeof *p.keys);
	p.values = cca_xcalloc(p.n ? p.n : 1, sizeof *p.values);
	global_arg_step(df, in, &c->cur, p.keys, p.values);
	c->next = i + 1;
	return memo_store(c, i, &p, tmp);
}

/* ---- public ---------------------------------------------------------------------------- */

char *cca_dockerfile_expand(const struct cca_dockerfile *df, size_t i,
			    const char *word)
{
	char *r;

	if (!word)
		return cca_xstrdup("");
	if (!df || plain_word(word, strlen(word), df->escape))
		return cca_xstrdup(word);
	r = expand_word(df->escape, env_before(df, cache_of(df), i), word, strlen(word),
			CCA_DF_MAX_LOGICAL);
	return r ? r : cca_xstrdup(word);
}

size_t cca_dockerfile_pairs(const struct cca_dockerfile *df, size_t i,
			    const char *const **keys, const char *const **values)
{
	const struct cca_df_instr *in;
	const struct pairs *p;
	struct expand_cache *c;
	struct pairs tmp;

	*keys = NULL;
	*values = NULL;
	if (!df || i >= df->ninstrs)
		return 0;
	in = &df->instrs[i];
	if (in->kind != CCA_DF_ENV && in->kind != CCA_DF_LABEL && in->kind != CCA_DF_ARG)
		return 0;
	c = cache_of(df);
	pairs_release(&c->lent);
	p = pairs_of(df, c, i, &tmp);
	if (p == &tmp) {
		c->lent = tmp;
		p = &c->lent;
	}
	if (!p->n)
		return 0;
	*keys = (const char *const *)p->keys;
	*values = (const char *const *)p->values;
	return p->n;
}

char **cca_df_stage_bases(const struct cca_dockerfile *df)
{
	char **out = cca_xcalloc(df->nstages ? df->nstages : 1, sizeof *out);
	struct env g;

	env_init(&g);
	build_globals(df, first_from(df), &g);
	for (size_t s = 0; s < df->nstages; s++)
		out[s] = expand_or_raw(df->escape, &g, df->stages[s].base,
				       CCA_DF_MAX_LOGICAL);
	env_release(&g);
	return out;
}

/* ---- heredoc words ------------------------------------------------------------------------ */

/* ProcessWords as heredoc detection runs it; false on a lexer error. */
static bool lex_words(const char *s, size_t n, bool raw_quotes, bool raw_escapes,
		      struct wordsplit *w)
{
	struct lexer lx = {
		.s = s, .n = n, .esc = '\\', .raw_quotes = raw_quotes,
		.raw_escapes = raw_escapes, .skip_unset = true,
		.cap = CCA_DF_MAX_LOGICAL * 2,
	};
	struct cca_buf out;
	int rc;

	cca_buf_init(&out);
	rc = stop_on(&lx, -1, raw_escapes, &out, w);
	cca_buf_release(&out);
	if (rc < 0)
		return false;
	ws_finish(w);
	return true;
}

/* The number of ' and " in s. */
static size_t count_quotes(const char *s)
{
	size_t c = 0;

	for (; *s; s++)
		c += *s == '\'' || *s == '"';
	return c;
}

/*
 * heredocFromMatch on one word: `^(\d*)<<(-?)\s*([^<]*)$`, the rest one
 * shell word.  Returns 1 with *h filled (name allocated), 0 when the word
 * is no heredoc, -1 on a lexer error (message in msg).
 */
static int heredoc_word(const char *word, struct cca_df_heredoc *h, char *msg,
			size_t msgsz)
{
	const char *p = word, *rest;
	struct wordsplit a, b;
	int rc = 0;

	while (is_digit(*p))
		p++;
	if (p[0] != '<' || p[1] != '<')
		return 0;
	p += 2;
	h->chomp = *p == '-';
	if (h->chomp)
		p++;
	while (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\f' || *p == '\r')
		p++;
	rest = p;
	if (!*rest || strchr(rest, '<'))
		return 0;
	ws_init(&a);
	ws_init(&b);
	if (!lex_words(rest, strlen(rest), false, false, &a)) {
		snprintf(msg, msgsz, "bad heredoc delimiter '%s'", rest);
		rc = -1;
	} else if (a.n == 1) {
		if (!lex_words(rest, strlen(rest), true, false, &b) || b.n != 1) {
			snprintf(msg, msgsz, "bad heredoc delimiter '%s'", rest);
			rc = -1;
		} else {
			h->name = a.v[0];
			a.v[0] = NULL;
			h->expand = count_quotes(h->name) == count_quotes(b.v[0]);
			rc = 1;
		}
	}
	ws_release(&a);
	ws_release(&b);
	return rc;
}

long cca_df_line_heredocs(const char *line, size_t len,
			  struct cca_df_heredoc **out, char *msg, size_t msgsz)
{
	struct wordsplit w;
	struct cca_df_heredoc *docs = NULL;
	size_t n = 0;

	*out = NULL;
	ws_init(&w);
	if (!lex_words(line, len, true, true, &w)) {
		ws_release(&w);
		return 0;
	}
	for (size_t k = 0; k < w.n; k++) {
		struct cca_df_heredoc h;
		int rc;

		memset(&h, 0, sizeof h);
		rc = heredoc_word(w.v[k], &h, msg, msgsz);
		if (rc < 0) {
			for (size_t j = 0; j < n; j++)
				free((char *)docs[j].name);
			free(docs);
			ws_release(&w);
			return -1;
		}
		if (rc == 1) {
			docs = cca_xreallocarray(docs, n + 1, sizeof *docs);
			docs[n++] = h;
		}
	}
	ws_release(&w);
	*out = docs;
	return (long)n;
}
