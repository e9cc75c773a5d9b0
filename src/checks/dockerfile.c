/*
 * dockerfile.c - the checks of Dockerfile evidence (use cases A1-D2, the
 * CSVS requirements and NIST countermeasures a Dockerfile can decide).
 *
 * Every check is one cca_check_<symbol>() of checks.def.  It reads the
 * parsed Dockerfile of its item (dockerfile.h), reports what it observed at
 * the first line of the instruction concerned, and reports nothing for an
 * item that passes.  Lists the checks compare against (official images,
 * ports, package names) are rule parameters in the catalog, not code.
 *
 * Stages.  Build-time checks (base images, ADD, secrets, downloads, RUN
 * flags) judge every stage.  Checks of what the image is at run time (USER,
 * HEALTHCHECK, LABEL, EXPOSE, sudo, remote access, permissions, package
 * caches) judge only the stages that make up the image: the target stage
 * and the earlier stages it is built FROM, whose configuration and layers
 * it inherits ("the image chain"); never a builder stage it copies from.
 *
 * RUN instructions are read with a small POSIX shell reader (sh_parse):
 * commands split on && || ; | & newlines and parentheses, quotes and
 * escapes removed, $(...) and `...` bodies and `sh -c` scripts read as
 * scripts too, heredoc bodies skipped as data.  Words keep whether they
 * contain an expansion ($X, $(...)), so a value that is a variable is never
 * taken for a literal secret.  Exec-form RUN arguments are the argv.
 *
 * Secrets never leave this file unmasked: messages name the key and show
 * cca_mask_secret() of the value.
 */
#include <ctype.h>
#include <fnmatch.h>
#include <stdalign.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "ccaudit/checks.h"
#include "ccaudit/dockerfile.h"
#include "ccaudit/evidence.h"
#include "ccaudit/secrets.h"
#include "ccaudit/util.h"

#define CCA_CHECK(sym, id, kind, summary) void cca_check_##sym(struct cca_checkctx *ctx);
#include "checks.def"
#undef CCA_CHECK

/* Bounds of the shell reader: nesting of sh -c / $(...), commands per script. */
#define SH_MAX_DEPTH 4
#define SH_MAX_COMMANDS 100000

/* ==== small string helpers ================================================ */

static bool ends_with_ci(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);

	return n >= m && strcasecmp(s + n - m, suffix) == 0;
}

/* The last path component of path ("" for ""); trailing slashes ignored. */
static char *base_name_dup(const char *path)
{
	size_t n = strlen(path);
	const char *b;

	while (n > 1 && path[n - 1] == '/')
		n--;
	b = path + n;
	while (b > path && b[-1] != '/')
		b--;
	return cca_xstrndup(b, (size_t)(path + n - b));
}

/* The program name of an argv[0]: after the last '/'. */
static const char *prog_name(const char *w)
{
	const char *s = strrchr(w, '/');

	return s ? s + 1 : w;
}

/* Whether word matches one of the whitespace-separated fnmatch patterns of list. */
static bool matches_list(const char *word, const char *list)
{
	char pat[256];
	const char *w;
	size_t n;

	for (const char *p = list; (w = cca_list_next(&p, &n));) {
		if (n >= sizeof pat)
			continue;
		memcpy(pat, w, n);
		pat[n] = '\0';
		if (fnmatch(pat, word, 0) == 0)
			return true;
	}
	return false;
}

static bool is_name_start(int c)
{
	return isalpha(c) || c == '_';
}

static bool is_name_char(int c)
{
	return isalnum(c) || c == '_';
}

/* The value of flag "--name=value" of an instruction ("" for a bare
 * "--name"), or NULL when it is not given. */
static const char *instr_flag(const struct cca_df_instr *in, const char *name)
{
	size_t n = strlen(name);

	for (size_t k = 0; k < in->nflags; k++) {
		const char *f = in->flags[k];

		if (strncmp(f, "--", 2) != 0 || strncmp(f + 2, name, n) != 0)
			continue;
		if (f[2 + n] == '=')
			return f + 3 + n;
		if (!f[2 + n])
			return "";
	}
	return NULL;
}

/* Whether the RUN has a --mount of that type whose target starts with one
 * of the whitespace-separated prefixes (any target when prefixes is NULL). */
static bool run_mount(const struct cca_df_instr *in, const char *type, const char *prefixes)
{
	for (size_t k = 0; k < in->nflags; k++) {
		const char *f = in->flags[k], *p;
		char *opts, *save = NULL;
		bool is_type = false, hit = prefixes == NULL;

		if (!cca_starts_with(f, "--mount="))
			continue;
		opts = cca_xstrdup(f + 8);
		for (char *o = strtok_r(opts, ",", &save); o; o = strtok_r(NULL, ",", &save)) {
			if (!strncmp(o, "type=", 5))
				is_type |= cca_streq(o + 5, type);
			else if ((p = strchr(o, '=')) &&
				 (!strncmp(o, "target=", 7) || !strncmp(o, "dst=", 4) ||
				  !strncmp(o, "destination=", 12)) && prefixes) {
				for (const char *l = prefixes; *l;) {
					const char *q;

					while (*l == ' ')
						l++;
					q = l;
					while (*q && *q != ' ')
						q++;
					if (q > l && strncmp(p + 1, l, (size_t)(q - l)) == 0)
						hit = true;
					l = q;
				}
			}
		}
		free(opts);
		if (is_type && hit)
			return true;
	}
	return false;
}

/* ==== stages ============================================================== */

/*
 * The image chain: the target stage and the earlier stages it builds FROM,
 * root-most first.  Empty when there is no target stage.
 */
struct chain {
	long *st;
	size_t n;
	long few[8];   /* st for a chain this short (most are one or two) */
};

static void chain_init(struct chain *c, const struct cca_dockerfile *df, long target)
{
	size_t n = 0;
	long s;

	c->st = NULL;
	c->n = 0;
	if (!df || target < 0 || (size_t)target >= df->nstages)
		return;
	for (s = target; s >= 0 && n < df->nstages; n++) {
		long b = df->stages[s].base_stage;

		s = b < s ? b : -1;  /* only earlier stages: no cycles */
	}
	c->st = n <= CCA_ARRAY_SIZE(c->few) ? c->few : cca_xcalloc(n, sizeof *c->st);
	c->n = n;
	s = target;
	for (size_t k = n; k-- > 0;) {
		long b = df->stages[s].base_stage;

		c->st[k] = s;
		s = b < s ? b : -1;
	}
}

static void chain_release(struct chain *c)
{
	if (c->st != c->few)
		free(c->st);
	c->st = NULL;
	c->n = 0;
}

/* The chain of the check's item. */
static void item_chain(struct cca_checkctx *ctx, struct chain *c)
{
	chain_init(c, cca_check_dockerfile(ctx), cca_check_stage(ctx));
}

/* Instruction index range of stage s: [*first, *end). */
static void stage_range(const struct cca_dockerfile *df, long s, size_t *first, size_t *end)
{
	const struct cca_df_stage *st = &df->stages[s];

	*first = st->first < df->ninstrs ? st->first : df->ninstrs;
	*end = st->first + st->count < df->ninstrs ? st->first + st->count : df->ninstrs;
}

/* "the final stage" or "the final stage 'runtime'": the image, for messages. */
static char *image_label(const struct cca_dockerfile *df, long s)
{
	if (df->stages[s].name)
		return cca_xasprintf("the final stage '%s'", df->stages[s].name);
	return cca_xstrdup("the final stage");
}

/* "stage 'build'" or "stage 2" (1-based), for messages. */
static char *stage_label(const struct cca_dockerfile *df, long s)
{
	if (df->stages[s].name)
		return cca_xasprintf("stage '%s'", df->stages[s].name);
	return cca_xasprintf("stage %ld", s + 1);
}

/* ==== the shell reader ==================================================== */

enum pm { PM_NONE, PM_APT, PM_APK, PM_YUM, PM_ZYPPER };

/* A package manager command: which manager, its program and subcommand. */
struct pmcmd {
	enum pm pm;
	const char *prog;
	const char *sub;     /* the subcommand, "" when none */
	size_t sub_at;       /* its index in argv */
};

struct sh_word {
	char *s;
	unsigned len;   /* strlen(s): a word is within one instruction (CCA_DF_MAX_LOGICAL) */
	bool dyn;       /* contains an expansion: $X, ${X}, $(...), `...` */
};

struct sh_redir {
	char op[4];       /* ">", ">>", "<", "<<", "<<<", ">&", ... */
	struct sh_word target;
};

/*
 * A command of a script.  While the parser reads it, its arrays are the
 * parser's growable scratch arrays (capw, capas, capr); once complete it is
 * copied into the script with its arrays in the script's memory (the caps
 * are then 0).
 */
struct sh_cmd {
	struct sh_word *w;       /* argv (assignments and reserved words removed) */
	size_t nw, capw;
	struct sh_word *as;      /* NAME=value words before argv[0] */
	size_t nas, capas;
	struct sh_redir *r;
	size_t nr, capr;
	size_t pipeline;         /* commands joined by | share a pipeline */
	size_t pos;              /* position in its pipeline, 0 = first */
	/* Facts about the complete command, computed once (cmd_facts): */
	size_t start;            /* index of the program after wrappers, or nw */
	const char *prog;        /* that program's name after the last '/', or "" */
	struct pmcmd pm;         /* the package manager command (pm.pm: PM_NONE) */
	bool names_chmod;        /* some word's program name is chmod */
	unsigned cls;            /* prog_class() of prog */
};

/*
 * A script: its commands and, in *mem, their words and arrays.  While the
 * reader fills it, c is the scratch's growable array (cap > 0); once read,
 * c is a copy in *mem (cap 0).
 */
struct sh_script {
	struct sh_cmd *c;
	size_t n, cap;
	size_t npipelines;
	bool truncated;
	bool borrowed;           /* a copy of a shared parse: release does not free */
	struct cca_arena *mem;   /* where c and its words are: own, or the item's scripts' */
	struct cca_arena own;
};

/*
 * The shell reader's growable scratch arrays, kept from one script to the
 * next: the word being read, the commands of the script being read and the
 * arrays of the command being read.
 */
struct sh_scratch {
	struct cca_buf word;
	struct sh_cmd *c;
	size_t capc;
	struct sh_cmd cmd;       /* only its arrays and their capacities matter */
};

struct sh_parser {
	struct sh_script *sc;
	const char *p, *end;
	struct sh_cmd cur;
	size_t pos;
	const char *delim[16];   /* heredoc delimiters waiting for the next newline */
	bool strip[16];
	size_t ndelim;
	char **sub;              /* bodies of $(...), `...`, sh -c: read afterwards (in *sc->mem) */
	size_t nsub, capsub;
	struct cca_buf *word;    /* the word being read (read_word): the caller's scratch */
};

/* A copy of the n bytes at s, NUL-terminated, kept with sc's words. */
static char *script_strndup(struct sh_script *sc, const char *s, size_t n)
{
	return cca_arena_strndup(sc->mem, s, n);
}

/* A copy of the n elements of size bytes at v in sc's memory (NULL when n
 * is 0). */
static void *script_memdup(struct sh_script *sc, const void *v, size_t n, size_t size)
{
	void *r;

	if (!n)
		return NULL;
	r = cca_arena_alloc(sc->mem, n * size, alignof(max_align_t));
	memcpy(r, v, n * size);
	return r;
}

static void sh_scratch_release(struct sh_scratch *x)
{
	cca_buf_release(&x->word);
	free(x->c);
	free(x->cmd.w);
	free(x->cmd.as);
	free(x->cmd.r);
	memset(x, 0, sizeof *x);
}

/* Empty the command being read, keeping its scratch arrays for the next
 * (its facts are worked out again when it ends: end_command). */
static void cmd_reset(struct sh_cmd *c)
{
	c->nw = c->nas = c->nr = 0;
}

/* The command being read: empty, with the scratch's arrays. */
static void cmd_take_scratch(struct sh_cmd *c, const struct sh_scratch *x)
{
	*c = x->cmd;
	cmd_reset(c);
}

/* Hand the arrays of c (perhaps grown) back to the scratch. */
static void cmd_give_scratch(const struct sh_cmd *c, struct sh_scratch *x)
{
	x->cmd = *c;
}

/* Free what sc holds (nothing for a borrowed copy) and empty it. */
static void sh_script_release(struct sh_script *sc)
{
	if (sc->borrowed) {
		memset(sc, 0, sizeof *sc);
		return;
	}
	if (sc->mem == &sc->own)
		cca_arena_release(&sc->own);
	memset(sc, 0, sizeof *sc);
}

/* What the checks need to know of a program (flags of prog_class()). */
enum {
	P_SHELL = 1 << 0,        /* a POSIX-like shell */
	P_INTERPRETER = 1 << 1,  /* runs the script it reads: shells, python, ... */
	P_UNPACKER = 1 << 2,     /* writes what it reads on: archivers, tee, dd */
	P_VERIFIER = 1 << 3,     /* checks a checksum or a signature */
};

/* The programs prog_class() knows, in strcmp() order. */
static const struct program {
	const char *name;
	unsigned cls;
} programs[] = {
	{ "ash", P_SHELL | P_INTERPRETER },
	{ "b2sum", P_VERIFIER },
	{ "bash", P_SHELL | P_INTERPRETER },
	{ "bsdtar", P_UNPACKER },
	{ "bzip2", P_UNPACKER },
	{ "cosign", P_VERIFIER },
	{ "cpio", P_UNPACKER },
	{ "dash", P_SHELL | P_INTERPRETER },
	{ "dd", P_UNPACKER },
	{ "funzip", P_UNPACKER },
	{ "gpg", P_VERIFIER },
	{ "gpg2", P_VERIFIER },
	{ "gpgv", P_VERIFIER },
	{ "gunzip", P_UNPACKER },
	{ "gzip", P_UNPACKER },
	{ "ksh", P_SHELL | P_INTERPRETER },
	{ "minisign", P_VERIFIER },
	{ "mksh", P_SHELL | P_INTERPRETER },
	{ "node", P_INTERPRETER },
	{ "perl", P_INTERPRETER },
	{ "php", P_INTERPRETER },
	{ "python", P_INTERPRETER },
	{ "python2", P_INTERPRETER },
	{ "python3", P_INTERPRETER },
	{ "rpmkeys", P_VERIFIER },
	{ "ruby", P_INTERPRETER },
	{ "sh", P_SHELL | P_INTERPRETER },
	{ "sha1sum", P_VERIFIER },
	{ "sha224sum", P_VERIFIER },
	{ "sha256sum", P_VERIFIER },
	{ "sha384sum", P_VERIFIER },
	{ "sha3sum", P_VERIFIER },
	{ "sha512sum", P_VERIFIER },
	{ "shasum", P_VERIFIER },
	{ "signify", P_VERIFIER },
	{ "tar", P_UNPACKER },
	{ "tee", P_UNPACKER },
	{ "unzip", P_UNPACKER },
	{ "xz", P_UNPACKER },
	{ "zsh", P_SHELL | P_INTERPRETER },
	{ "zstd", P_UNPACKER },
};

/* The P_* flags of the program name p (after the last '/'); 0 for others.
 * A binary search that compares two bytes inline before calling strcmp. */
static unsigned prog_class(const char *p)
{
	size_t lo = 0, hi = CCA_ARRAY_SIZE(programs);

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		const unsigned char *n = (const unsigned char *)programs[mid].name;
		const unsigned char *q = (const unsigned char *)p;
		/* (every name has two bytes or more: n[1] is never the NUL) */
		int c = n[0] != q[0] ? n[0] - q[0] : n[1] != q[1] ? n[1] - q[1]
			: strcmp((const char *)n + 2, p + 2);

		if (!c)
			return programs[mid].cls;
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return 0;
}

static bool is_shell_prog(const char *p)
{
	return prog_class(p) & P_SHELL;
}

/*
 * The index of the program in c's argv after wrappers that run another
 * command (sudo, doas, env, xargs, nohup, time, command, exec), or c->nw.
 * Computed once per command by cmd_facts(); read it with cmd_start().
 */
static size_t compute_start(const struct sh_cmd *c)
{
	size_t k = 0;

	while (k < c->nw) {
		const char *b = prog_name(c->w[k].s);

		switch (*b) {  /* the wrappers' first letters */
		case 's': case 'd': case 'e': case 'x': case 'n': case 't': case 'c':
			break;
		default:
			return k;
		}
		if (cca_streq(b, "sudo") || cca_streq(b, "doas")) {
			for (k++; k < c->nw && c->w[k].s[0] == '-'; k++) {
				const char *o = c->w[k].s;

				if (cca_streq(o, "--")) {
					k++;
					break;
				}
				if (strlen(o) == 2 && strchr("ugpCUrtDh", o[1]))
					k++;  /* option with a value */
			}
		} else if (cca_streq(b, "env")) {
			for (k++; k < c->nw; k++) {
				const char *o = c->w[k].s;

				if (cca_streq(o, "-u") || cca_streq(o, "-C"))
					k++;
				else if (o[0] != '-' && !(is_name_start((unsigned char)o[0]) &&
							  strchr(o, '=')))
					break;
			}
		} else if (cca_streq(b, "xargs")) {
			for (k++; k < c->nw && c->w[k].s[0] == '-'; k++) {
				const char *o = c->w[k].s;

				if (strlen(o) == 2 && strchr("adEILnPs", o[1]))
					k++;  /* option with a value */
			}
		} else if (cca_streq(b, "nohup") || cca_streq(b, "time") || cca_streq(b, "command") ||
			   cca_streq(b, "exec")) {
			for (k++; k < c->nw && c->w[k].s[0] == '-'; k++)
				;
		} else {
			break;
		}
	}
	return k;
}

/* The index of the program in c's argv after wrappers (see compute_start). */
static size_t cmd_start(const struct sh_cmd *c)
{
	return c->start;
}

/* The program of c ("" when it has none). */
static const char *cmd_prog(const struct sh_cmd *c)
{
	return c->prog;
}

static bool pm_compute(const struct sh_cmd *c, struct pmcmd *out);

/* Whether the word w is the program name prog, alone or after a '/'. */
static inline bool names_prog(const struct sh_word *w, const char *prog)
{
	size_t n = strlen(prog);

	return w->len >= n && memcmp(w->s + w->len - n, prog, n) == 0 &&
	       (w->len == n || w->s[w->len - n - 1] == '/');
}

/* Fill in the facts of the complete command c (its words are final). */
static void cmd_facts(struct sh_cmd *c)
{
	c->start = compute_start(c);
	c->prog = c->start < c->nw ? prog_name(c->w[c->start].s) : "";
	c->cls = prog_class(c->prog);
	pm_compute(c, &c->pm);
	c->names_chmod = false;
	for (size_t k = 0; k < c->nw && !c->names_chmod; k++)
		c->names_chmod = names_prog(&c->w[k], "chmod");
}

/* Make room for element n of *v (capacity *cap, doubling). */
static void *grow(void *v, size_t n, size_t *cap, size_t size)
{
	if (n < *cap)
		return v;
	*cap = *cap ? *cap * 2 : 8;
	return cca_xreallocarray(v, *cap, size);
}

/* Append the word s of len bytes to *v. */
static void push_word(struct sh_word **v, size_t *n, size_t *cap, char *s, size_t len,
		      bool dyn)
{
	*v = grow(*v, *n, cap, sizeof **v);
	(*v)[*n].s = s;
	(*v)[*n].len = (unsigned)len;
	(*v)[*n].dyn = dyn;
	(*n)++;
}

static void queue_sub(struct sh_parser *ps, const char *s, size_t n)
{
	ps->sub = grow(ps->sub, ps->nsub, &ps->capsub, sizeof *ps->sub);
	ps->sub[ps->nsub++] = script_strndup(ps->sc, s, n);
}

/* After p (at '(' of "$(" or at '`'), the end of the substitution: the
 * matching ')' or '`', or end. */
static const char *subst_end(const char *p, const char *end)
{
	int depth = 0;
	char close = *p == '`' ? '`' : ')';

	if (close == '`') {
		for (p++; p < end && *p != '`'; p++)
			if (*p == '\\' && p + 1 < end)
				p++;
		return p;
	}
	for (; p < end; p++) {
		if (*p == '\\' && p + 1 < end) {
			p++;
		} else if (*p == '\'') {
			for (p++; p < end && *p != '\''; p++)
				;
		} else if (*p == '"') {
			for (p++; p < end && *p != '"'; p++)
				if (*p == '\\' && p + 1 < end)
					p++;
		} else if (*p == '(') {
			depth++;
		} else if (*p == ')') {
			if (--depth == 0)
				return p;
		}
	}
	return end;
}

/* Read a "$..." expansion at ps->p into b; sets *dyn. */
static void read_dollar(struct sh_parser *ps, struct cca_buf *b, bool *dyn)
{
	const char *p = ps->p, *end = ps->end, *e;

	if (p + 1 < end && p[1] == '(') {
		e = subst_end(p + 1, end);
		if (!(p + 2 < end && p[2] == '('))  /* $(( )) is arithmetic */
			queue_sub(ps, p + 2, (size_t)(e - (p + 2)));
		cca_buf_add(b, p, (size_t)((e < end ? e + 1 : e) - p));
		ps->p = e < end ? e + 1 : e;
		*dyn = true;
	} else if (p + 1 < end && p[1] == '{') {
		for (e = p + 2; e < end && *e != '}'; e++)
			;
		cca_buf_add(b, p, (size_t)((e < end ? e + 1 : e) - p));
		ps->p = e < end ? e + 1 : e;
		*dyn = true;
	} else if (p + 1 < end && (is_name_start((unsigned char)p[1]))) {
		for (e = p + 1; e < end && is_name_char((unsigned char)*e); e++)
			;
		cca_buf_add(b, p, (size_t)(e - p));
		ps->p = e;
		*dyn = true;
	} else if (p + 1 < end && strchr("@*#?$!-0123456789", p[1])) {
		cca_buf_add(b, p, 2);
		ps->p = p + 2;
		*dyn = true;
	} else if (p + 1 < end && p[1] == '\'') {
		/* $'...': ANSI-C quoting, kept literally (escapes unprocessed) */
		for (e = p + 2; e < end && *e != '\''; e++) {
			if (*e == '\\' && e + 1 < end)
				e++;
			cca_buf_putc(b, *e);
		}
		ps->p = e < end ? e + 1 : e;
	} else {
		cca_buf_putc(b, '$');
		ps->p = p + 1;
	}
}

/* Whether c ends a word outside quotes (blank, operator, parenthesis). */
static inline bool word_end_char(char c)
{
	switch (c) {
	case ' ': case '\t': case '\n': case '\r': case ';': case '&': case '|':
	case '(': case ')': case '<': case '>':
		return true;
	default:
		return false;
	}
}

/* The characters that end a word or start quoting, escaping or an
 * expansion outside quotes: all the others are taken literally. */
static const bool word_special[256] = {
	[' '] = true, ['\t'] = true, ['\n'] = true, ['\r'] = true, [';'] = true, ['&'] = true,
	['|'] = true, ['('] = true, [')'] = true, ['<'] = true, ['>'] = true,
	['\\'] = true, ['\''] = true, ['"'] = true, ['$'] = true, ['`'] = true,
};

/* Whether c is taken literally in a word outside quotes. */
static bool word_plain_char(char c)
{
	return !word_special[(unsigned char)c];
}

/* Whether c is taken literally inside double quotes. */
static bool dquote_plain_char(char c)
{
	return c != '"' && c != '\\' && c != '$' && c != '`';
}

/*
 * Read one word at ps->p (quotes removed, escapes applied); returns its
 * text and sets *len to its length.  A word of plain characters only is
 * returned where it stands in the text, not NUL-terminated; any other is
 * built in *ps->word.  Either is valid until the next read.
 */
static const char *read_word(struct sh_parser *ps, size_t *len, bool *dyn)
{
	struct cca_buf *b = ps->word;
	const char *end = ps->end, *plain = ps->p;

	*dyn = false;
	while (plain < end && word_plain_char(*plain))
		plain++;
	if (plain == end || word_end_char(*plain)) {
		const char *w = ps->p;

		*len = (size_t)(plain - w);
		ps->p = plain;
		return w;
	}
	cca_buf_reset(b);
	if (!b->data)
		cca_buf_puts(b, "");
	while (ps->p < end) {
		const char *p = ps->p;
		char c = *p;

		if (word_end_char(c))
			break;
		if (word_plain_char(c)) {
			const char *e = p + 1;

			while (e < end && word_plain_char(*e))
				e++;
			cca_buf_add(b, p, (size_t)(e - p));
			ps->p = e;
		} else if (c == '\\') {
			if (p + 1 < end && p[1] != '\n')
				cca_buf_putc(b, p[1]);
			ps->p = p + 1 < end ? p + 2 : end;
		} else if (c == '\'') {
			const char *q = memchr(p + 1, '\'', (size_t)(end - p - 1));

			cca_buf_add(b, p + 1, (size_t)((q ? q : end) - (p + 1)));
			ps->p = q ? q + 1 : end;
		} else if (c == '"') {
			ps->p = p + 1;
			while (ps->p < end && *ps->p != '"') {
				p = ps->p;
				if (dquote_plain_char(*p)) {
					const char *e = p + 1;

					while (e < end && dquote_plain_char(*e))
						e++;
					cca_buf_add(b, p, (size_t)(e - p));
					ps->p = e;
				} else if (*p == '\\' && p + 1 < end && strchr("$`\"\\\n", p[1])) {
					if (p[1] != '\n')
						cca_buf_putc(b, p[1]);
					ps->p = p + 2;
				} else if (*p == '$') {
					read_dollar(ps, b, dyn);
				} else if (*p == '`') {
					const char *e = subst_end(p, end);

					queue_sub(ps, p + 1, (size_t)(e - p - 1));
					cca_buf_add(b, p, (size_t)((e < end ? e + 1 : e) - p));
					ps->p = e < end ? e + 1 : e;
					*dyn = true;
				} else {
					cca_buf_putc(b, *p);
					ps->p = p + 1;
				}
			}
			if (ps->p < end)
				ps->p++;
		} else if (c == '$') {
			read_dollar(ps, b, dyn);
		} else {  /* '`' */
			const char *e = subst_end(p, end);

			queue_sub(ps, p + 1, (size_t)(e - p - 1));
			cca_buf_add(b, p, (size_t)((e < end ? e + 1 : e) - p));
			ps->p = e < end ? e + 1 : e;
			*dyn = true;
		}
	}
	*len = b->len;
	return b->data;
}

/* Whether the n bytes at w are all digits. */
static bool all_digits(const char *w, size_t n)
{
	for (size_t k = 0; k < n; k++)
		if (w[k] < '0' || w[k] > '9')
			return false;
	return true;
}

/* Whether the word w of n bytes is a NAME=value assignment. */
static bool is_assignment(const char *w, size_t n)
{
	size_t k = 0;

	if (!n || !is_name_start((unsigned char)w[0]))
		return false;
	while (k < n && is_name_char((unsigned char)w[k]))
		k++;
	return (k < n && w[k] == '=') || (k + 1 < n && w[k] == '+' && w[k + 1] == '=');
}

/* Whether the word w of n bytes is a reserved word that may start a command. */
static bool is_reserved_prefix(const char *w, size_t n)
{
	static const char *const words[] = {
		"if", "then", "else", "elif", "do", "while", "until", "!", "{", "time",
		"fi", "done", "esac", "}",
	};

	if (!n || n > 5)
		return false;
	switch (w[0]) {  /* the reserved words' first letters */
	case '!': case '{': case '}': case 't': case 'e': case 'w': case 'u': case 'd':
	case 'f': case 'i':
		break;
	default:
		return false;
	}
	for (size_t k = 0; k < CCA_ARRAY_SIZE(words); k++)
		if (words[k][0] == w[0] && strlen(words[k]) == n && memcmp(w, words[k], n) == 0)
			return true;
	return false;
}

/* Queue the script of `sh -c SCRIPT`, `su -c SCRIPT` or `eval WORDS`. */
static void queue_nested(struct sh_parser *ps, const struct sh_cmd *c)
{
	size_t k = cmd_start(c);
	const char *prog;

	if (k >= c->nw)
		return;
	prog = cmd_prog(c);
	if ((c->cls & P_SHELL) || cca_streq(prog, "su")) {
		for (k++; k < c->nw; k++) {
			const char *o = c->w[k].s;

			if (o[0] != '-' || !o[1])
				continue;
			if (o[1] != '-' && strchr(o + 1, 'c')) {
				if (k + 1 < c->nw)
					queue_sub(ps, c->w[k + 1].s, strlen(c->w[k + 1].s));
				return;
			}
			if (cca_streq(o, "--command") && k + 1 < c->nw) {
				queue_sub(ps, c->w[k + 1].s, strlen(c->w[k + 1].s));
				return;
			}
		}
	} else if (cca_streq(prog, "eval")) {
		struct cca_buf b;

		cca_buf_init(&b);
		for (k++; k < c->nw; k++) {
			cca_buf_puts(&b, c->w[k].s);
			cca_buf_putc(&b, ' ');
		}
		queue_sub(ps, b.data ? b.data : "", b.len);
		cca_buf_release(&b);
	}
}

/* Append the complete command c to sc, its arrays copied into sc's memory. */
static void store_command(struct sh_script *sc, const struct sh_cmd *c)
{
	struct sh_cmd *d;

	sc->c = grow(sc->c, sc->n, &sc->cap, sizeof *sc->c);
	d = &sc->c[sc->n++];
	*d = *c;
	d->w = script_memdup(sc, c->w, c->nw, sizeof *c->w);
	d->as = script_memdup(sc, c->as, c->nas, sizeof *c->as);
	d->r = script_memdup(sc, c->r, c->nr, sizeof *c->r);
	d->capw = d->capas = d->capr = 0;
}

/* End the command being read (if it has anything) and, unless piped, its
 * pipeline; the parser's scratch arrays are kept for the next command. */
static void end_command(struct sh_parser *ps, bool piped)
{
	struct sh_script *sc = ps->sc;
	struct sh_cmd *c = &ps->cur;

	if (c->nw || c->nas || c->nr) {
		if (sc->n >= SH_MAX_COMMANDS) {
			sc->truncated = true;
		} else {
			cmd_facts(c);
			queue_nested(ps, c);
			c->pipeline = sc->npipelines;
			c->pos = ps->pos;
			store_command(sc, c);
			ps->pos++;
		}
		cmd_reset(c);
	}
	if (!piped) {
		if (ps->pos)
			sc->npipelines++;
		ps->pos = 0;
	}
}

/* At a newline: skip the bodies of the heredocs opened on that line. */
static void skip_heredoc_bodies(struct sh_parser *ps)
{
	for (size_t d = 0; d < ps->ndelim; d++) {
		const char *delim = ps->delim[d];
		size_t dn = strlen(delim);

		while (ps->p < ps->end) {
			const char *nl = memchr(ps->p, '\n', (size_t)(ps->end - ps->p));
			const char *line = ps->p, *le = nl ? nl : ps->end;

			if (ps->strip[d])
				while (line < le && *line == '\t')
					line++;
			ps->p = nl ? nl + 1 : ps->end;
			if ((size_t)(le - line) == dn && memcmp(line, delim, dn) == 0)
				break;
		}
	}
	ps->ndelim = 0;
}

/* Read a redirection (operator and target word) at ps->p into the command. */
static void read_redirect(struct sh_parser *ps)
{
	struct sh_redir *r;
	const char *w;
	size_t n = 0, wn;
	bool dyn;

	ps->cur.r = grow(ps->cur.r, ps->cur.nr, &ps->cur.capr, sizeof *ps->cur.r);
	r = &ps->cur.r[ps->cur.nr++];
	memset(r, 0, sizeof *r);
	while (ps->p < ps->end && n < 3 && strchr("<>&|-", *ps->p)) {
		if (*ps->p == '-' && !(n == 2 && r->op[0] == '<'))
			break;
		r->op[n++] = *ps->p++;
	}
	while (ps->p < ps->end && (*ps->p == ' ' || *ps->p == '\t'))
		ps->p++;
	w = read_word(ps, &wn, &dyn);
	r->target.s = script_strndup(ps->sc, w, wn);
	r->target.len = (unsigned)wn;
	r->target.dyn = dyn;
	if ((cca_streq(r->op, "<<") || cca_streq(r->op, "<<-")) && ps->ndelim < CCA_ARRAY_SIZE(ps->delim)) {
		ps->strip[ps->ndelim] = r->op[2] == '-';
		ps->delim[ps->ndelim++] = r->target.s;  /* kept with the script */
	}
}

static void sh_parse_text(struct sh_script *sc, const char *text, size_t len, unsigned depth,
			  struct sh_scratch *scratch);

/* Read the script text (len bytes) into sc (being read: its c is the
 * scratch's), words built in the scratch. */
static void sh_parse_text(struct sh_script *sc, const char *text, size_t len, unsigned depth,
			  struct sh_scratch *scratch)
{
	struct sh_parser ps;

	memset(&ps, 0, sizeof ps);
	ps.word = &scratch->word;
	cmd_take_scratch(&ps.cur, scratch);
	ps.sc = sc;
	ps.p = text;
	ps.end = text + len;
	while (ps.p < ps.end && !sc->truncated) {
		const char *p = ps.p, *w, *e;
		bool more = p + 1 < ps.end, dyn;
		size_t wn;

		switch (*p) {
		case ' ': case '\t': case '\r':
			ps.p++;
			continue;
		case '\\':
			if (more && p[1] == '\n') {
				ps.p += 2;
				continue;
			}
			break;   /* an escape starts a word */
		case '#':
			while (ps.p < ps.end && *ps.p != '\n')
				ps.p++;
			continue;
		case '\n':
			ps.p++;
			end_command(&ps, false);
			skip_heredoc_bodies(&ps);
			continue;
		case ';': case '(': case ')':
			ps.p++;
			end_command(&ps, false);
			continue;
		case '&':
			if (more && p[1] == '>') {
				read_redirect(&ps);
			} else {
				ps.p += more && p[1] == '&' ? 2 : 1;
				end_command(&ps, false);
			}
			continue;
		case '|':
			if (more && p[1] == '|') {
				ps.p += 2;
				end_command(&ps, false);
			} else {
				ps.p += more && p[1] == '&' ? 2 : 1;
				end_command(&ps, true);
			}
			continue;
		case '<': case '>':
			if (!more || p[1] != '(') {
				read_redirect(&ps);
				continue;
			}
			/* process substitution <(...) >(...) */
			e = subst_end(p + 1, ps.end);
			queue_sub(&ps, p + 2, (size_t)(e - (p + 2)));
			wn = (size_t)((e < ps.end ? e + 1 : e) - p);
			push_word(&ps.cur.w, &ps.cur.nw, &ps.cur.capw, script_strndup(sc, p, wn), wn,
				  true);
			ps.p = e < ps.end ? e + 1 : e;
			continue;
		default:
			break;
		}
		/* a word */
		w = read_word(&ps, &wn, &dyn);
		if (ps.p < ps.end && (*ps.p == '<' || *ps.p == '>') && wn && all_digits(w, wn))
			continue;  /* an fd number: 2>&1 */
		if (!wn && ps.p == p) {
			/* nothing consumed: an unexpected character */
			ps.p++;
			continue;
		}
		/* (no reserved word is an assignment: neither has the other's form) */
		if (!ps.cur.nw && is_assignment(w, wn))
			push_word(&ps.cur.as, &ps.cur.nas, &ps.cur.capas, script_strndup(sc, w, wn),
				  wn, dyn);
		else if (!ps.cur.nw && !ps.cur.nas && is_reserved_prefix(w, wn))
			;  /* dropped */
		else
			push_word(&ps.cur.w, &ps.cur.nw, &ps.cur.capw, script_strndup(sc, w, wn),
				  wn, dyn);
	}
	end_command(&ps, false);
	cmd_give_scratch(&ps.cur, scratch);
	for (size_t k = 0; k < ps.nsub && depth < SH_MAX_DEPTH; k++)
		sh_parse_text(sc, ps.sub[k], strlen(ps.sub[k]), depth + 1, scratch);
	free(ps.sub);
}

/* Whether a heredoc body is a shell script: no #! line, or one naming a shell. */
static bool heredoc_is_shell(const char *content)
{
	const char *nl, *interp;
	char *line, *tok, *save = NULL;
	bool shell = false;

	if (!cca_starts_with(content, "#!"))
		return true;
	nl = strchr(content, '\n');
	line = cca_xstrndup(content + 2, nl ? (size_t)(nl - content - 2) : strlen(content + 2));
	tok = strtok_r(line, " \t", &save);
	if (tok) {
		interp = prog_name(tok);
		if (cca_streq(interp, "env"))
			interp = (tok = strtok_r(NULL, " \t", &save)) ? prog_name(tok) : "";
		shell = is_shell_prog(interp);
	}
	free(line);
	return shell;
}

/* Read the commands of RUN instruction in into sc (being read), as run_script. */
static void read_run(const struct cca_df_instr *in, struct sh_script *sc,
		     struct sh_scratch *scratch)
{
	bool heredoc_script = false;

	if (in->json) {
		struct sh_parser ps;

		memset(&ps, 0, sizeof ps);
		ps.sc = sc;
		cmd_take_scratch(&ps.cur, scratch);
		for (size_t k = 0; k < in->nargs; k++) {
			size_t n = strlen(in->args[k]);

			push_word(&ps.cur.w, &ps.cur.nw, &ps.cur.capw,
				  script_strndup(sc, in->args[k], n), n, false);
		}
		end_command(&ps, false);
		cmd_give_scratch(&ps.cur, scratch);
		for (size_t k = 0; k < ps.nsub; k++)
			sh_parse_text(sc, ps.sub[k], strlen(ps.sub[k]), 1, scratch);
		free(ps.sub);
		return;
	}
	for (size_t k = 0; k < in->nargs; k++) {
		const char *a = in->args[k];

		sh_parse_text(sc, a, strlen(a), 0, scratch);
	}
	if (!in->nheredocs)
		return;
	/* RUN <<EOF, or RUN sh <<EOF / bash -s <<EOF: the bodies are scripts. */
	if (in->nargs) {
		const char *a = in->args[0];

		while (*a == ' ' || *a == '\t')
			a++;
		heredoc_script = cca_starts_with(a, "<<");
	}
	if (!heredoc_script && sc->n) {
		const struct sh_cmd *c0 = &sc->c[0];
		bool dash_c = false;

		for (size_t k = cmd_start(c0) + 1; k < c0->nw; k++)
			dash_c |= c0->w[k].s[0] == '-' && c0->w[k].s[1] != '-' &&
				  strchr(c0->w[k].s, 'c');
		heredoc_script = (c0->cls & P_SHELL) && !dash_c;
	}
	if (!heredoc_script)
		return;
	for (size_t h = 0; h < in->nheredocs; h++) {
		const char *body = in->heredocs[h].content ? in->heredocs[h].content : "";

		if (heredoc_is_shell(body))
			sh_parse_text(sc, body, strlen(body), 0, scratch);
	}
}

/*
 * Read the shell commands of RUN instruction in into sc: the shell-form
 * command (or the exec-form argv, or the script of an exec-form `sh -c`),
 * and each heredoc body that the RUN runs as a shell script.  The script's
 * memory is *mem, or its own when mem is NULL; scratch is reused.
 */
static void run_script(const struct cca_df_instr *in, struct sh_script *sc,
		       struct cca_arena *mem, struct sh_scratch *scratch)
{
	memset(sc, 0, sizeof *sc);
	sc->mem = mem ? mem : &sc->own;
	sc->c = scratch->c;
	sc->cap = scratch->capc;
	read_run(in, sc, scratch);
	scratch->c = sc->c;
	scratch->capc = sc->cap;
	sc->c = script_memdup(sc, sc->c, sc->n, sizeof *sc->c);
	sc->cap = 0;
}

/*
 * The parsed scripts of a Dockerfile's instructions, shared by every check
 * that runs over it (cca_check_shared), each parsed on first use.
 */
struct scripts {
	struct sh_script *sc;
	bool *built;
	size_t n;
	struct cca_arena mem;         /* the commands and words of all of them */
	struct sh_scratch scratch;    /* the shell reader's, for all of them */
};

static const char scripts_key[] = "dockerfile.scripts";

static void *scripts_build(const struct cca_evidence_item *item)
{
	struct scripts *s = cca_xcalloc(1, sizeof *s);
	size_t n = item->dockerfile ? item->dockerfile->ninstrs : 0;

	s->n = n;
	s->sc = cca_xcalloc(n ? n : 1, sizeof *s->sc);
	s->built = cca_xcalloc(n ? n : 1, sizeof *s->built);
	return s;
}

static void scripts_release(void *v)
{
	struct scripts *s = v;

	for (size_t i = 0; i < s->n; i++)
		sh_script_release(&s->sc[i]);
	free(s->sc);
	free(s->built);
	cca_arena_release(&s->mem);
	sh_scratch_release(&s->scratch);
	free(s);
}

/*
 * Read the script of in into *sc, like run_script: a borrowed copy of the
 * shared parse when in is one of the item's own instructions (release it
 * with sh_script_release all the same), a fresh parse otherwise.
 */
static void script_for(struct cca_checkctx *ctx, const struct cca_df_instr *in,
		       struct sh_script *sc)
{
	const struct cca_dockerfile *df = cca_check_dockerfile(ctx);
	uintptr_t p = (uintptr_t)in, lo = (uintptr_t)df->instrs;

	if (p >= lo && p < lo + df->ninstrs * sizeof *df->instrs) {
		struct scripts *s = cca_check_shared(ctx, scripts_key, scripts_build,
						     scripts_release);
		size_t i = (size_t)(in - df->instrs);

		if (!s->built[i]) {
			run_script(in, &s->sc[i], &s->mem, &s->scratch);
			s->built[i] = true;
		}
		*sc = s->sc[i];
		sc->borrowed = true;
		return;
	}
	{
		struct sh_scratch scratch = { 0 };

		run_script(in, sc, NULL, &scratch);
		sh_scratch_release(&scratch);
	}
}

/* The script of instruction i when it is a RUN (sc is empty otherwise). */
static void instr_script(struct cca_checkctx *ctx, size_t i, struct sh_script *sc)
{
	const struct cca_dockerfile *df = cca_check_dockerfile(ctx);

	if (df->instrs[i].kind == CCA_DF_RUN)
		script_for(ctx, &df->instrs[i], sc);
	else
		memset(sc, 0, sizeof *sc);
}

/* ==== package managers ==================================================== */

static enum pm pm_of(const char *prog)
{
	switch (*prog) {  /* the package managers' first letters */
	case 'a': case 'y': case 'd': case 'm': case 't': case 'z':
		break;
	default:
		return PM_NONE;
	}
	if (cca_streq(prog, "apt-get") || cca_streq(prog, "apt") || cca_streq(prog, "aptitude"))
		return PM_APT;
	if (cca_streq(prog, "apk"))
		return PM_APK;
	if (cca_streq(prog, "yum") || cca_streq(prog, "dnf") || cca_streq(prog, "microdnf") ||
	    cca_streq(prog, "tdnf") || cca_streq(prog, "dnf5"))
		return PM_YUM;
	if (cca_streq(prog, "zypper"))
		return PM_ZYPPER;
	return PM_NONE;
}

/* Whether option o of package manager pm takes the next word as its value. */
static bool pm_opt_value(enum pm pm, const char *o)
{
	static const char *const apt[] = { "-o", "-c", "-t", "--option", "--config-file",
					   "--target-release", "--default-release" };
	static const char *const apk[] = { "-X", "--repository", "-p", "--root", "--arch",
					   "--cache-dir", "--keys-dir", "-t", "--virtual",
					   "--repositories-file" };
	static const char *const yum[] = { "-c", "--config", "-x", "--exclude", "--installroot",
					   "--releasever", "--setopt", "--enablerepo",
					   "--disablerepo", "--repo", "--repoid" };
	static const char *const zyp[] = { "-R", "--root", "-c", "--config", "-r", "--repo",
					   "--from" };
	const char *const *v;
	size_t n;

	switch (pm) {
	case PM_APT: v = apt; n = CCA_ARRAY_SIZE(apt); break;
	case PM_APK: v = apk; n = CCA_ARRAY_SIZE(apk); break;
	case PM_YUM: v = yum; n = CCA_ARRAY_SIZE(yum); break;
	case PM_ZYPPER: v = zyp; n = CCA_ARRAY_SIZE(zyp); break;
	default: return false;
	}
	return cca_str_in(o, v, n);
}

/* Recognise a package manager command (for cmd_facts; read it with pm_parse). */
static bool pm_compute(const struct sh_cmd *c, struct pmcmd *out)
{
	size_t k = cmd_start(c);

	memset(out, 0, sizeof *out);
	out->sub = "";
	if (k >= c->nw)
		return false;
	out->prog = cmd_prog(c);
	out->pm = pm_of(out->prog);
	if (out->pm == PM_NONE)
		return false;
	for (k++; k < c->nw; k++) {
		const char *o = c->w[k].s;

		if (o[0] == '-') {
			if (pm_opt_value(out->pm, o))
				k++;
			continue;
		}
		out->sub = o;
		out->sub_at = k;
		break;
	}
	return true;
}

/* The package manager command c is, into *out: false when it is none. */
static bool pm_parse(const struct sh_cmd *c, struct pmcmd *out)
{
	*out = c->pm;
	return c->pm.pm != PM_NONE;
}

/* The packages named by a package manager command (words after the
 * subcommand that are not options or option values): up to max into out. */
static size_t pm_packages(const struct sh_cmd *c, const struct pmcmd *pc, const char **out,
			  size_t max)
{
	size_t n = 0;

	if (!*pc->sub)
		return 0;
	for (size_t k = pc->sub_at + 1; k < c->nw; k++) {
		const char *o = c->w[k].s;

		if (o[0] == '-') {
			if (pm_opt_value(pc->pm, o))
				k++;
			continue;
		}
		if (n < max)
			out[n++] = o;
	}
	return n;
}

static bool pm_is_install(const struct pmcmd *pc)
{
	switch (pc->pm) {
	case PM_APT: return cca_streq(pc->sub, "install");
	case PM_APK: return cca_streq(pc->sub, "add");
	case PM_YUM:
		return cca_streq(pc->sub, "install") || cca_streq(pc->sub, "groupinstall") ||
		       cca_streq(pc->sub, "localinstall") || cca_streq(pc->sub, "reinstall");
	case PM_ZYPPER: return cca_streq(pc->sub, "install") || cca_streq(pc->sub, "in");
	default: return false;
	}
}

/* A refresh of the package index. */
static bool pm_is_index_update(const struct pmcmd *pc)
{
	switch (pc->pm) {
	case PM_APT: return cca_streq(pc->sub, "update");
	case PM_APK: return cca_streq(pc->sub, "update");
	case PM_YUM: return cca_streq(pc->sub, "makecache") || cca_streq(pc->sub, "check-update");
	case PM_ZYPPER: return cca_streq(pc->sub, "refresh") || cca_streq(pc->sub, "ref");
	default: return false;
	}
}

/* A command that uses the package index (install or upgrade). */
static bool pm_uses_index(const struct pmcmd *pc)
{
	static const char *const apt[] = { "install", "upgrade", "dist-upgrade", "full-upgrade",
					   "build-dep", "source", "reinstall" };
	static const char *const apk[] = { "add", "upgrade", "fix" };
	static const char *const yum[] = { "install", "update", "upgrade", "groupinstall",
					   "localinstall", "reinstall", "distro-sync" };
	static const char *const zyp[] = { "install", "in", "update", "up", "dist-upgrade",
					   "dup", "patch", "source-install", "si" };
	const char *const *v;
	size_t n;

	switch (pc->pm) {
	case PM_APT: v = apt; n = CCA_ARRAY_SIZE(apt); break;
	case PM_APK: v = apk; n = CCA_ARRAY_SIZE(apk); break;
	case PM_YUM: v = yum; n = CCA_ARRAY_SIZE(yum); break;
	case PM_ZYPPER: v = zyp; n = CCA_ARRAY_SIZE(zyp); break;
	default: return false;
	}
	return cca_str_in(pc->sub, v, n);
}

/* A package name without its version pin ("gcc=4:12" -> "gcc"), into buf. */
static const char *pkg_name(const char *w, char *buf, size_t size)
{
	size_t n = strcspn(w, "=<>~");

	if (n >= size)
		n = size - 1;
	memcpy(buf, w, n);
	buf[n] = '\0';
	return buf;
}

/* Whether any command of sc runs rm on a path starting with one of the
 * whitespace-separated prefixes. */
static bool script_removes(const struct sh_script *sc, const char *prefixes)
{
	for (size_t i = 0; i < sc->n; i++) {
		const struct sh_cmd *c = &sc->c[i];
		size_t k = cmd_start(c);

		if (k >= c->nw || !cca_streq(cmd_prog(c), "rm"))
			continue;
		for (k++; k < c->nw; k++) {
			const char *l = prefixes;

			while (*l) {
				const char *q;

				while (*l == ' ')
					l++;
				q = l;
				while (*q && *q != ' ')
					q++;
				if (q > l && strncmp(c->w[k].s, l, (size_t)(q - l)) == 0)
					return true;
				l = q;
			}
		}
	}
	return false;
}

/* ==== image references ==================================================== */

struct imgref {
	char *domain;   /* "docker.io", "ghcr.io", "registry:5000" */
	char *path;     /* "library/debian", "acme/app" */
	char *tag;      /* NULL when none */
	char *digest;   /* "sha256:...", NULL when none */
	char *mem;      /* the block every string above is in */
};

static void imgref_release(struct imgref *r)
{
	free(r->mem);
	memset(r, 0, sizeof *r);
}

/*
 * Parse an image reference as Docker normalises it: a first component
 * with '.' or ':' or "localhost" is a registry host, else the image is on
 * Docker Hub; a Hub name without '/' is in library/.  Returns false when s
 * is no reference.  The parts are laid out in one block: a copy of s cut
 * at '@' and at the tag's ':', then the domain and the path.
 */
static bool imgref_parse(const char *s, struct imgref *r)
{
	static const char *const hub[] = { "index.docker.io", "registry-1.docker.io",
					   "registry.hub.docker.com" };
	size_t n = strlen(s), dn;
	char *copy, *at, *slash, *colon, *first_slash, *out;
	const char *domain, *path;
	bool on_hub;

	memset(r, 0, sizeof *r);
	/* the copy, then the domain (or "docker.io") and "library/" + the path */
	r->mem = cca_xmalloc(3 * n + 32);
	copy = memcpy(r->mem, s, n + 1);
	if ((at = strchr(copy, '@'))) {
		*at = '\0';
		r->digest = at + 1;
	}
	slash = strrchr(copy, '/');
	colon = strrchr(slash ? slash : copy, ':');
	if (colon) {
		*colon = '\0';
		r->tag = colon + 1;
	}
	first_slash = strchr(copy, '/');
	if (first_slash && (memchr(copy, '.', (size_t)(first_slash - copy)) ||
			    memchr(copy, ':', (size_t)(first_slash - copy)) ||
			    (first_slash - copy == 9 && !strncmp(copy, "localhost", 9)))) {
		domain = copy;
		dn = (size_t)(first_slash - copy);
		path = first_slash + 1;
	} else {
		domain = "docker.io";
		dn = 9;
		path = copy;
	}
	out = r->mem + n + 1;
	r->domain = out;
	for (size_t k = 0; k < dn; k++)
		*out++ = (char)tolower((unsigned char)domain[k]);
	*out++ = '\0';
	for (size_t k = 0; k < CCA_ARRAY_SIZE(hub); k++)
		if (cca_streq(r->domain, hub[k]))
			strcpy(r->domain, "docker.io");   /* (each is longer) */
	on_hub = cca_streq(r->domain, "docker.io");
	r->path = out;
	if (on_hub && !strchr(path, '/'))
		out = stpcpy(out, "library/");
	strcpy(out, path);
	if (!*r->path || r->path[0] == '/' || strstr(r->path, "//") || cca_ends_with(r->path, "/") ||
	    (r->tag && !*r->tag) || (r->digest && !*r->digest) || !*r->domain ||
	    strpbrk(r->path, "$ \t")) {
		imgref_release(r);
		return false;
	}
	return true;
}

/* "docker.io/library/debian" */
static char *imgref_repo(const struct imgref *r)
{
	return cca_xasprintf("%s/%s", r->domain, r->path);
}

/*
 * Whether the image is covered by an entry of the trusted list: entries
 * are image names or registry/namespace prefixes, normalised like
 * references ("debian" = docker.io/library/debian; "bitnami" also covers
 * docker.io/bitnami/...; "ghcr.io/acme" covers ghcr.io/acme/...).
 */
static bool trusted(const struct imgref *r, const char *list)
{
	char *repo = imgref_repo(r);
	bool hit = false;
	const char *w;
	size_t wn;

	for (const char *p = list; !hit && (w = cca_list_next(&p, &wn));) {
		char *e = cca_xstrndup(w, wn), *prefix;
		struct imgref er;
		size_t n = strlen(e);

		while (n > 0 && e[n - 1] == '/')
			e[--n] = '\0';
		if (n && imgref_parse(e, &er)) {
			char *erepo = imgref_repo(&er);

			hit = cca_streq(erepo, repo);
			free(erepo);
			imgref_release(&er);
		}
		/* as a prefix: a registry host, or a Hub namespace */
		if (!hit && n) {
			const char *slash = strchr(e, '/');
			size_t hl = slash ? (size_t)(slash - e) : n;
			bool host = memchr(e, '.', hl) || memchr(e, ':', hl) ||
				    (hl == 9 && !strncmp(e, "localhost", 9));

			prefix = host ? cca_xasprintf("%s/", e) : cca_xasprintf("docker.io/%s/", e);
			hit = cca_starts_with(repo, prefix);
			free(prefix);
		}
		free(e);
	}
	free(repo);
	return hit;
}

/* Build arguments BuildKit defines on its own (usable in FROM). */
static bool builtin_arg(const char *name, size_t n)
{
	static const char *const v[] = {
		"BUILDPLATFORM", "BUILDOS", "BUILDARCH", "BUILDVARIANT", "TARGETPLATFORM",
		"TARGETOS", "TARGETARCH", "TARGETVARIANT", "TARGETSTAGE",
	};

	for (size_t k = 0; k < CCA_ARRAY_SIZE(v); k++)
		if (strlen(v[k]) == n && !strncmp(v[k], name, n))
			return true;
	return false;
}

/*
 * The first variable in raw (the FROM image as written) that has no value
 * in the Dockerfile: a global ARG without default, or no ARG at all, and
 * no ${X:-default}.  Returns a new string, or NULL when all resolve.
 */
static char *unresolved_var(const struct cca_dockerfile *df, const char *raw)
{
	unsigned seen = 0;

	for (const char *p = strchr(raw, '$'); p && seen < 16; p = strchr(p + 1, '$'), seen++) {
		const char *name = p + 1, *e;
		bool has_default = false;
		size_t n;
		bool found = false;

		if (*name == '{')
			name++;
		for (e = name; is_name_char((unsigned char)*e); e++)
			;
		n = (size_t)(e - name);
		if (!n)
			continue;
		if (name[-1] == '{' && (e[0] == '-' || (e[0] == ':' && (e[1] == '-' || e[1] == '+'))))
			has_default = true;
		if (name[-1] == '{' && e[0] == '+')
			has_default = true;
		if (has_default || builtin_arg(name, n))
			continue;
		for (size_t i = 0; i < df->ninstrs && df->instrs[i].stage < 0 && !found; i++) {
			const char *const *keys, *const *values;
			size_t np;

			if (df->instrs[i].kind != CCA_DF_ARG)
				continue;
			np = cca_dockerfile_pairs(df, i, &keys, &values);
			for (size_t k = 0; k < np; k++)
				if (strlen(keys[k]) == n && !strncmp(keys[k], name, n) && values[k])
					found = true;
		}
		if (!found)
			return cca_xstrndup(name, n);
	}
	return NULL;
}

enum from_kind { FROM_IMAGE, FROM_SCRATCH, FROM_STAGE, FROM_UNRESOLVED, FROM_INVALID };

/*
 * What stage s builds on.  For FROM_IMAGE, *ref is filled (release it);
 * for FROM_UNRESOLVED, *var names the build argument (free it).
 */
static enum from_kind stage_from(const struct cca_dockerfile *df, long s, struct imgref *ref,
				 char **var)
{
	const struct cca_df_stage *st = &df->stages[s];
	const char *img = st->base_expanded ? st->base_expanded : st->base;

	*var = NULL;
	memset(ref, 0, sizeof *ref);
	if (st->base_stage >= 0)
		return FROM_STAGE;
	if (st->base && strchr(st->base, '$') && (*var = unresolved_var(df, st->base)))
		return FROM_UNRESOLVED;
	if (!img || !*img)
		return FROM_INVALID;
	if (!strcasecmp(img, "scratch"))
		return FROM_SCRATCH;
	return imgref_parse(img, ref) ? FROM_IMAGE : FROM_INVALID;
}

/* The image of stage s as the message shows it (expanded). */
static const char *stage_image(const struct cca_dockerfile *df, long s)
{
	const struct cca_df_stage *st = &df->stages[s];

	return st->base_expanded ? st->base_expanded : st->base ? st->base : "";
}

/* ==== secrets (recognised by src/checks/secrets.c) ======================== */

/* A URL as messages may show it: user information replaced by "***". */
static char *url_for_message(const char *url)
{
	const char *p = strstr(url, "://"), *e;

	if (p) {
		for (e = p + 3; *e && !strchr("/?#@", *e); e++)
			;
		if (*e == '@')
			return cca_xasprintf("%.*s***%s", (int)(p + 3 - url), url, e);
	}
	return cca_xstrdup(url);
}

/* ==== shared readers ====================================================== */

/* Value of pair k as written (ENV/LABEL: the arguments are key, value,
 * separator triples as BuildKit dumps them; ARG: "name=value"), or NULL
 * when the arguments do not have that shape. */
static const char *raw_value(const struct cca_df_instr *in, size_t k, size_t npairs)
{
	if ((in->kind == CCA_DF_ENV || in->kind == CCA_DF_LABEL) && in->nargs == 3 * npairs)
		return in->args[3 * k + 1];
	if ((in->kind == CCA_DF_ENV || in->kind == CCA_DF_LABEL) && in->nargs == 2 * npairs)
		return in->args[2 * k + 1];
	if (in->kind == CCA_DF_ARG && in->nargs == npairs) {
		const char *eq = strchr(in->args[k], '=');

		return eq ? eq + 1 : NULL;
	}
	return NULL;
}

/* Whether a value as written is a variable reference ($X, "${X}", ...). */
static bool raw_is_reference(const char *raw)
{
	while (*raw == '"' || *raw == '\'' || *raw == ' ')
		raw++;
	return *raw == '$';
}

/* The last USER of the image chain (instruction index), or -1. */
static long last_user(const struct cca_dockerfile *df, const struct chain *c)
{
	long last = -1;

	for (size_t k = 0; k < c->n; k++) {
		size_t first, end;

		stage_range(df, c->st[k], &first, &end);
		for (size_t i = first; i < end; i++)
			if (df->instrs[i].kind == CCA_DF_USER)
				last = (long)i;
	}
	return last;
}

/* The USER value of instruction i, expanded (new string). */
static char *user_value(const struct cca_dockerfile *df, size_t i)
{
	const struct cca_df_instr *in = &df->instrs[i];

	return in->nargs ? cca_dockerfile_expand(df, i, in->args[0]) : cca_xstrdup("");
}

/* Whether a USER value ("root", "0", "0:0", "root:staff") is root. */
static bool user_is_root(const char *v)
{
	size_t n = strcspn(v, ":");

	if (n == 4 && !strncmp(v, "root", 4))
		return true;
	return n > 0 && strspn(v, "0") == n;
}

/* Whether the user part of a USER value is a number. */
static bool user_is_numeric(const char *v)
{
	size_t n = strcspn(v, ":");

	return n > 0 && strspn(v, "0123456789") == n;
}

/* A port or range of an EXPOSE argument. */
struct port_range {
	unsigned lo, hi;
	char *text;    /* the argument as expanded */
};

/* The ports of EXPOSE instruction i, expanded: a new array of *out ranges
 * (an argument that is no port or range has lo = hi = 0). */
static size_t expose_ports(const struct cca_dockerfile *df, size_t i, struct port_range **out)
{
	const struct cca_df_instr *in = &df->instrs[i];
	struct port_range *v = NULL;
	size_t n = 0;

	for (size_t k = 0; k < in->nargs; k++) {
		char *a = cca_dockerfile_expand(df, i, in->args[k]);
		char *end;
		unsigned long lo, hi;

		lo = strtoul(a, &end, 10);
		hi = lo;
		if (end != a && *end == '-') {
			char *e2;

			hi = strtoul(end + 1, &e2, 10);
			if (e2 == end + 1)
				hi = lo;
			end = e2;
		}
		if (end == a || (*end && *end != '/') || lo > 65535 || hi > 65535 || hi < lo) {
			v = cca_xreallocarray(v, n + 1, sizeof *v);
			v[n].lo = v[n].hi = 0;
			v[n++].text = a;
			continue;
		}
		v = cca_xreallocarray(v, n + 1, sizeof *v);
		v[n].lo = (unsigned)lo;
		v[n].hi = (unsigned)hi;
		v[n++].text = a;
	}
	*out = v;
	return n;
}

static void ports_free(struct port_range *v, size_t n)
{
	for (size_t k = 0; k < n; k++)
		free(v[k].text);
	free(v);
}

/* The first port of the whitespace-separated list that lies in [lo, hi], or 0. */
static unsigned port_in_list(unsigned lo, unsigned hi, const char *list)
{
	for (const char *p = list ? list : ""; *p;) {
		char *end;
		unsigned long v = strtoul(p, &end, 10);

		if (end == p) {
			p++;
			continue;
		}
		if (v && v >= lo && v <= hi)
			return (unsigned)v;
		p = end;
	}
	return 0;
}

/* The sources of a COPY/ADD (all arguments but the last), expanded. */
static size_t copy_sources(const struct cca_dockerfile *df, size_t i, char ***out, char **dest)
{
	const struct cca_df_instr *in = &df->instrs[i];
	size_t n = in->nargs ? in->nargs - 1 : 0;
	char **v = n ? cca_xcalloc(n, sizeof *v) : NULL;

	for (size_t k = 0; k < n; k++)
		v[k] = cca_starts_with(in->args[k], "<<") ? cca_xstrdup(in->args[k])
						      : cca_dockerfile_expand(df, i, in->args[k]);
	*dest = in->nargs ? cca_dockerfile_expand(df, i, in->args[in->nargs - 1]) : cca_xstrdup("");
	*out = v;
	return n;
}

static void strv_free(char **v, size_t n)
{
	for (size_t k = 0; k < n; k++)
		free(v[k]);
	free(v);
}

enum src_kind { SRC_LOCAL, SRC_HEREDOC, SRC_URL, SRC_GIT, SRC_ARCHIVE };

static enum src_kind source_kind(const char *s)
{
	static const char *const archives[] = {
		".tar", ".tar.gz", ".tgz", ".tar.bz2", ".tbz2", ".tbz", ".tar.xz", ".txz",
		".tar.zst", ".tzst", ".tar.lz", ".tar.lzma",
	};
	const char *p = s;

	if (cca_starts_with(s, "<<"))
		return SRC_HEREDOC;
	while (isalnum((unsigned char)*p) || *p == '+' || *p == '.' || *p == '-')
		p++;
	if (p > s && cca_starts_with(p, "://")) {
		if (cca_starts_with(s, "git://") || cca_ends_with(s, ".git") || strstr(s, ".git#"))
			return SRC_GIT;
		return SRC_URL;
	}
	if (cca_starts_with(s, "git@"))
		return SRC_GIT;
	for (size_t k = 0; k < CCA_ARRAY_SIZE(archives); k++)
		if (ends_with_ci(s, archives[k]))
			return SRC_ARCHIVE;
	return SRC_LOCAL;
}

/* ==== A1, B1: base images ================================================= */

void cca_check_from_untrusted(struct cca_checkctx *ctx)
{
	const struct cca_dockerfile *df = cca_check_dockerfile(ctx);
	const char *official = cca_check_param(ctx, "official");
	const char *allow = cca_check_param(ctx, "trusted");

	for (size_t s = 0; s < df->nstages; s++) {
		struct imgref r;
		char *var, *label = stage_label(df, (long)s);

		switch (stage_from(df, (long)s, &r, &var)) {
		case FROM_UNRESOLVED:
			cca_check_report(ctx, CCA_UNKNOWN, df->stages[s].line,
					 "the base image of %s depends on the build argument '%s', "
					 "which has no default: it is only known at build time",
					 label, var);
			break;
		case FROM_INVALID:
			cca_check_report(ctx, CCA_UNKNOWN, df->stages[s].line,
					 "the base image '%s' of %s is not an image reference",
					 stage_image(df, (long)s), label);
			break;
		case FROM_IMAGE:
			if (!(cca_streq(r.domain, "docker.io") && cca_starts_with(r.path, "library/") &&
			      cca_word_in_list(r.path + 8, official, false)) && !trusted(&r, allow))
				cca_check_report(ctx, CCA_FAIL, df->stages[s].line,
						 "%s builds on '%s', which is neither a Docker Official "
						 "Image nor on the trusted list", label,
						 stage_image(df, (long)s));
			imgref_release(&r);
			break;
		default:
			break;
		}
		free(var);
		free(label);
	}
}

/* B1: report unresolved FROMs (the tag and digest are unknown). */
static bool from_judgeable(struct cca_checkctx *ctx, const struct cca_dockerfile *df, long s,
			   struct imgref *r)
{
	char *var;
	enum from_kind k = stage_from(df, s, r, &var);

	if (k == FROM_UNRESOLVED) {
		char *label = stage_label(df, s);

		cca_check_report(ctx, CCA_UNKNOWN, df->stages[s].line,
				 "the base image of %s depends on the build argument '%s', which "
				 "has no default: its tag and digest are only known at build time",
				 label, var);
		free(label);
	}
	free(var);
	return k == FROM_IMAGE;
}

void cca_check_from_not_pinned(struct cca_checkctx *ctx)
{
	const struct cca_dockerfile *df = cca_check_dockerfile(ctx);

	for (size_t s = 0; s < df->nstages; s++) {
		struct imgref r;

		if (!from_judgeable(ctx, df, (long)s, &r))
			continue;
		if (!r.digest) {
			char *label = stage_label(df, (long)s);

			cca_check_report(ctx, CCA_FAIL, df->stages[s].line,
					 "%s builds on '%s', which is not pinned by an @sha256 digest",
					 label, stage_image(df, (long)s));
			free(label);
		}
		imgref_release(&r);
	}
}

void cca_check_from_latest(struct cca_checkctx *ctx)
{
	const struct cca_dockerfile *df = cca_check_dockerfile(ctx);

	for (size_t s = 0; s < df->nstages; s++) {
		struct imgref r;

		if (!from_judgeable(ctx, df, (long)s, &r))
			continue;
		if (!r.digest && (!r.tag || cca_streq(r.tag, "latest"))) {
			char *label = stage_label(df, (long)s);

			cca_check_report(ctx, CCA_FAIL, df->stages[s].line,
					 r.tag ? "%s builds on '%s': the latest tag moves with every release"
					       : "%s builds on '%s' without a tag, which means latest",
					 label, stage_image(df, (long)s));
			free(label);
		}
		imgref_release(&r);
	}
}

/* ==== A4: build context, packages, final-stage tools ====================== */

/*
 * Glob match with Docker's .dockerignore rules: '*' and '?' stop at '/',
 * '**' crosses directories ("**" + "/" may match no directory at all).
 * Memoised over (pattern offset, text offset), so a pattern full of stars
 * costs O(|pattern| x |text|) states, not exponential time.
 */
struct glob {
	const char *p, *s;
	size_t pn, sn;
	unsigned char *memo;   /* 0 unknown, 1 no, 2 yes */
};

static bool glob_at(struct glob *g, size_t i, size_t j);

static bool glob_step(struct glob *g, size_t i, size_t j)
{
	const char *p = g->p, *s = g->s;

	if (i == g->pn)
		return j == g->sn;
	if (p[i] == '*' && i + 1 < g->pn && p[i + 1] == '*') {
		size_t k = i + 2;

		if (k < g->pn && p[k] == '/') {
			if (glob_at(g, k + 1, j))
				return true;
			for (size_t t = j; t < g->sn; t++)
				if (s[t] == '/' && glob_at(g, k + 1, t + 1))
					return true;
			return false;
		}
		for (size_t t = j; t <= g->sn; t++)
			if (glob_at(g, k, t))
				return true;
		return false;
	}
	if (p[i] == '*') {
		for (size_t t = j;; t++) {
			if (glob_at(g, i + 1, t))
				return true;
			if (t == g->sn || s[t] == '/')
				return false;
		}
	}
	if (j == g->sn)
		return false;
	if (p[i] == '?')
		return s[j] != '/' && glob_at(g, i + 1, j + 1);
	if (p[i] == '[') {
		const char *e = memchr(p + i + 1, ']', g->pn - i - 1);
		char cls[128], ch[2] = { s[j], '\0' };
		size_t n = e ? (size_t)(e - (p + i)) + 1 : 0;

		if (!e || n >= sizeof cls || s[j] == '/')
			return false;
		memcpy(cls, p + i, n);
		cls[n] = '\0';
		return fnmatch(cls, ch, 0) == 0 && glob_at(g, i + n, j + 1);
	}
	if (p[i] == '\\' && i + 1 < g->pn)
		return p[i + 1] == s[j] && glob_at(g, i + 2, j + 1);
	return p[i] == s[j] && glob_at(g, i + 1, j + 1);
}

static bool glob_at(struct glob *g, size_t i, size_t j)
{
	unsigned char *m = &g->memo[i * (g->sn + 1) + j];

	if (!*m)
		*m = glob_step(g, i, j) ? 2 : 1;
	return *m == 2;
}

static bool glob_match(const char *p, const char *s)
{
	struct glob g = { p, s, strlen(p), strlen(s), NULL };
	bool r;

	g.memo = cca_xcalloc((g.pn + 1) * (g.sn + 1), 1);
	r = glob_at(&g, 0, 0);
	free(g.memo);
	return r;
}

/* Whether pattern (cleaned) matches path or one of its parent directories. */
static bool ignore_match(const char *pat, const char *path)
{
	char buf[256];
	size_t n = strlen(path);

	if (n >= sizeof buf)
		return false;
	memcpy(buf, path, n + 1);
	for (;;) {
		char *slash;

		if (glob_match(pat, buf))
			return true;
		slash = strrchr(buf, '/');
		if (!slash)
			return false;
		*slash = '\0';
	}
}

/* Whether the .dockerignore text excludes path (last matching line wins). */
static bool ignore_excludes(const char *text, const char *path)
{
	bool excluded = false;

	for (const char *line = text; line && *line;) {
		const char *nl = strchr(line, '\n');
		size_t len = nl ? (size_t)(nl - line) : strlen(line);
		char *pat = cca_xstrndup(line, len), *p = pat;
		bool negate = false;
		size_t n;

		line = nl ? nl + 1 : NULL;
		while (*p == ' ' || *p == '\t')
			p++;
		n = strlen(p);
		while (n && (p[n - 1] == ' ' || p[n - 1] == '\t' || p[n - 1] == '\r'))
			p[--n] = '\0';
		if (*p == '#' || !*p || n > 200) {
			free(pat);
			continue;
		}
		if (*p == '!') {
			negate = true;
			p++;
		}
		while (*p == '/' || cca_starts_with(p, "./"))
			p += *p == '/' ? 1 : 2;
		n = strlen(p);
		while (n && p[n - 1] == '/')
			p[--n] = '\0';
		if (*p && ignore_match(p, path))
			excluded = !negate;
		free(pat);
	}
	return excluded;
}

/* Whether the Dockerfile sends files of the build context into the build. */
static bool uses_context(const struct cca_dockerfile *df)
{
	for (size_t i = 0; i < df->ninstrs; i++) {
		const struct cca_df_instr *in = &df->instrs[i];

		if (in->kind == CCA_DF_RUN) {
			for (size_t k = 0; k < in->nflags; k++) {
				const char *f = in->flags[k];

				if (cca_starts_with(f, "--mount=") && !strstr(f, "from=") &&
				    (strstr(f, "type=bind") || !strstr(f, "type=")))
					return true;
			}
		}
		if ((in->kind != CCA_DF_COPY && in->kind != CCA_DF_ADD) || instr_flag(in, "from"))
			continue;
		for (size_t k = 0; k + 1 < in->nargs; k++) {
			enum src_kind sk = source_kind(in->args[k]);

			if (sk == SRC_LOCAL || sk == SRC_ARCHIVE)
				return true;
		}
	}
	return false;
}

void cca_check_dockerignore(struct cca_checkctx *ctx)
{
	static const char *const keys[] = {
		"id_rsa", "id_ed25519", "id_ecdsa", "server.key", "private.key", "key.pem",
		"privkey.pem", ".ssh/id_rsa", "secrets/server.key",
	};
	const struct cca_evidence_item *it = cca_check_item(ctx);
	const struct cca_dockerfile *df = cca_check_dockerfile(ctx);
	struct cca_buf missing;
	bool key_excluded = false;

	if (!uses_context(df)) {
		cca_check_report(ctx, CCA_NOTAPPLICABLE, 0,
				 "the Dockerfile copies nothing from the build context");
		return;
	}
	if (!it->dockerignore) {
		cca_check_report(ctx, CCA_FAIL, 0,
				 "no .dockerignore beside the Dockerfile: the whole build context, "
				 "with .git and any .env or key files, goes into the build");
		return;
	}
	cca_buf_init(&missing);
	if (!ignore_excludes(it->dockerignore, ".git"))
		cca_buf_puts(&missing, ".git");
	if (!ignore_excludes(it->dockerignore, ".env"))
		cca_buf_printf(&missing, "%s.env", missing.len ? ", " : "");
	for (size_t k = 0; k < CCA_ARRAY_SIZE(keys) && !key_excluded; k++)
		key_excluded = ignore_excludes(it->dockerignore, keys[k]);
	if (!key_excluded)
		cca_buf_printf(&missing, "%sprivate keys (*.key, *.pem, id_rsa)",
			       missing.len ? ", " : "");
	if (missing.len)
		cca_check_report(ctx, CCA_FAIL, 0, "'%s' does not exclude %s",
				 it->dockerignore_path ? it->dockerignore_path : ".dockerignore",
				 cca_buf_str(&missing));
	cca_buf_release(&missing);
}

/* Whether a RUN text says APT::Install-Recommends "0" / "false". */
static bool text_disables_recommends(const char *text)
{
	for (const char *p = text ? strstr(text, "Install-Recommends") : NULL; p;
	     p = strstr(p + 1, "Install-Recommends")) {
		char win[24];
		size_t n = strcspn(p + 18, "\n;");

		if (n > sizeof win - 1)
			n = sizeof win - 1;
		memcpy(win, p + 18, n);
		win[n] = '\0';
		if (strchr(win, '0') || strstr(win, "false") || strstr(win, "False"))
			return true;
	}
	return false;
}

static bool instr_disables_recommends(const struct cca_dockerfile *df, size_t i)
{
	const struct cca_df_instr *in = &df->instrs[i];

	if (in->kind == CCA_DF_RUN) {
		if (text_disables_recommends(in->text))
			return true;
		for (size_t h = 0; h < in->nheredocs; h++)
			if (text_disables_recommends(in->heredocs[h].content))
				return true;
	} else if ((in->kind == CCA_DF_COPY || in->kind == CCA_DF_ADD) && in->nargs >= 2) {
		return cca_starts_with(in->args[in->nargs - 1], "/etc/apt/apt.conf.d");
	}
	return false;
}

static bool apt_no_recommends(const struct sh_cmd *c)
{
	for (size_t k = 0; k < c->nw; k++) {
		const char *w = c->w[k].s, *v = NULL;

		if (cca_streq(w, "--no-install-recommends") || cca_streq(w, "-s") ||
		    cca_streq(w, "--simulate") || cca_streq(w, "--dry-run") || cca_streq(w, "--just-print") ||
		    cca_streq(w, "--no-act") || cca_streq(w, "--recon"))
			return true;  /* (a simulation installs nothing) */
		if ((cca_streq(w, "-o") || cca_streq(w, "--option")) && k + 1 < c->nw)
			v = c->w[k + 1].s;
		else if (cca_starts_with(w, "-o"))
			v = w + 2;
		else if (cca_starts_with(w, "--option="))
			v = w + 9;
		if (v && cca_starts_with(v, "APT::Install-Recommends=") &&
		    (cca_streq(v + 24, "0") || !strcasecmp(v + 24, "false")))
			return true;
	}
	return false;
}

void cca_check_apt_recommends(struct cca_checkctx *ctx)
{
	const struct cca_dockerfile *df = cca_check_dockerfile(ctx);
	struct chain c;
	bool configured = false;

	item_chain(ctx, &c);
	for (size_t k = 0; k < c.n; k++) {
		size_t first, end;

		stage_range(df, c.st[k], &first, &end);
		for (size_t i = first; i < end; i++) {
			struct sh_script sc;

			if (df->instrs[i].kind != CCA_DF_RUN) {
				configured |= instr_disables_recommends(df, i);
				continue;
			}
			script_for(ctx, &df->instrs[i], &sc);
			for (size_t j = 0; j < sc.n && !configured; j++) {
				struct pmcmd pc;

				if (pm_parse(&sc.c[j], &pc) && pc.pm == PM_APT && pm_is_install(&pc) &&
				    !apt_no_recommends(&sc.c[j])) {
					cca_check_report(ctx, CCA_FAIL, df->instrs[i].line,
							 "%s install without --no-install-recommends "
							 "also installs recommended packages", pc.prog);
					break;
				}
			}
			configured |= instr_disables_recommends(df, i);
			sh_script_release(&sc);
		}
	}
	chain_release(&c);
}

static bool has_word(const struct sh_cmd *c, const char *w)
{
	for (size_t k = 0; k < c->nw; k++)
		if (cca_streq(c->w[k].s, w))
			return true;
	return false;
}

void cca_check_package_cache(struct cca_checkctx *ctx)
{
	const struct cca_dockerfile *df = cca_check_dockerfile(ctx);
	struct chain c;

	item_chain(ctx, &c);
	for (size_t k = 0; k < c.n; k++) {
		size_t first, end;

		stage_range(df, c.st[k], &first, &end);
		for (size_t i = first; i < end; i++) {
			const struct cca_df_instr *in = &df->instrs[i];
			struct sh_script sc;
			const char *apt = NULL, *yum = NULL;
			bool apk_cache = false, yum_clean = false, zyp = false, zyp_clean = false;
			bool apt_clean = false;

			if (in->kind != CCA_DF_RUN)
				continue;
			script_for(ctx, in, &sc);
			for (size_t j = 0; j < sc.n; j++) {
				struct pmcmd pc;

				if (!pm_parse(&sc.c[j], &pc))
					continue;
				if (pc.pm == PM_APT && cca_streq(pc.sub, "update"))
					apt = apt ? apt : pc.prog;
				else if (pc.pm == PM_APT && (cca_streq(pc.sub, "dist-clean") ||
							     cca_streq(pc.sub, "distclean")))
					apt_clean = true;  /* apt >= 2.7 removes the lists too */
				else if (pc.pm == PM_APK && cca_streq(pc.sub, "add") &&
					 !has_word(&sc.c[j], "--no-cache") &&
					 !has_word(&sc.c[j], "--no-network"))
					apk_cache = true;
				else if (pc.pm == PM_YUM && pm_is_install(&pc))
					yum = yum ? yum : pc.prog;
				else if (pc.pm == PM_YUM && cca_streq(pc.sub, "clean"))
					yum_clean = true;
				else if (pc.pm == PM_ZYPPER && pm_is_install(&pc))
					zyp = true;
				else if (pc.pm == PM_ZYPPER && (cca_streq(pc.sub, "clean") ||
								cca_streq(pc.sub, "cc")))
					zyp_clean = true;
			}
			if (apt && !apt_clean && !script_removes(&sc, "/var/lib/apt/lists") &&
			    !run_mount(in, "cache", "/var/lib/apt"))
				cca_check_report(ctx, CCA_FAIL, in->line,
						 "%s update leaves the package lists in the layer: remove "
						 "/var/lib/apt/lists/* in the same RUN", apt);
			if (apk_cache && !script_removes(&sc, "/var/cache/apk") &&
			    !run_mount(in, "cache", "/var/cache/apk /etc/apk/cache"))
				cca_check_report(ctx, CCA_FAIL, in->line,
						 "apk add without --no-cache leaves the package index "
						 "in /var/cache/apk in the layer");
			if (yum && !yum_clean &&
			    !script_removes(&sc, "/var/cache/yum /var/cache/dnf /var/cache/libdnf5") &&
			    !run_mount(in, "cache", "/var/cache/yum /var/cache/dnf /var/cache/libdnf5"))
				cca_check_report(ctx, CCA_FAIL, in->line,
						 "%s install without '%s clean all' in the same RUN leaves "
						 "the package cache in the layer", yum, yum);
			if (zyp && !zyp_clean && !script_removes(&sc, "/var/cache/zypp") &&
			    !run_mount(in, "cache", "/var/cache/zypp"))
				cca_check_report(ctx, CCA_FAIL, in->line,
						 "zypper install without 'zypper clean' in the same RUN "
						 "leaves the package cache in the layer");
			sh_script_release(&sc);
		}
	}
	chain_release(&c);
}

/* Build commands that show a compiler is present. */
static const char *build_command(const struct sh_cmd *c)
{
	static const char *const compilers[] = {
		"gcc", "g++", "cc", "c++", "clang", "clang++", "rustc", "javac", "make", "cmake",
		"mvn", "gradle",
	};
	size_t k = cmd_start(c);
	const char *p;

	if (k >= c->nw)
		return NULL;
	p = cmd_prog(c);
	for (size_t j = 0; j < CCA_ARRAY_SIZE(compilers); j++)
		if (cca_streq(p, compilers[j]))
			return compilers[j];
	if ((cca_streq(p, "go") || cca_streq(p, "cargo")) && k + 1 < c->nw &&
	    (cca_streq(c->w[k + 1].s, "build") || cca_streq(c->w[k + 1].s, "install")))
		return cca_streq(p, "go") ? "go build" : "cargo build";
	return NULL;
}

void cca_check_final_stage_tools(struct cca_checkctx *ctx)
{
	const struct cca_dockerfile *df = cca_check_dockerfile(ctx);
	const char *compilers = cca_check_param(ctx, "compilers");
	const char *sdk = cca_check_param(ctx, "sdk-images");
	bool pm_reported = false, split = false;
	struct chain c;
	struct imgref r;
	char *var;

	item_chain(ctx, &c);
	/* A build/runtime split: the image takes files from outside its chain. */
	for (size_t k = 0; k < c.n && !split; k++) {
		size_t first, end;

		stage_range(df, c.st[k], &first, &end);
		for (size_t i = first; i < end && !split; i++) {
			const struct cca_df_instr *in = &df->instrs[i];

			if (in->kind == CCA_DF_COPY || in->kind == CCA_DF_ADD)
				split = instr_flag(in, "from") != NULL;
			else if (in->kind == CCA_DF_RUN)
				for (size_t f = 0; f < in->nflags && !split; f++)
					split = cca_starts_with(in->flags[f], "--mount=") &&
						strstr(in->flags[f], "from=");
		}
	}
	if (df->nstages < 2 || c.n == df->nstages || !c.n || !split) {
		cca_check_report(ctx, CCA_NOTAPPLICABLE, 0,
				 "not a multi-stage build: there is no build stage to keep the "
				 "tools in");
		chain_release(&c);
		return;
	}
	if (stage_from(df, c.st[0], &r, &var) == FROM_IMAGE) {
		char *last = base_name_dup(r.path);

		if (cca_word_in_list(last, sdk, false) || cca_word_in_list(r.path, sdk, false) ||
		    (cca_starts_with(r.path, "library/") && cca_word_in_list(r.path + 8, sdk, false)))
			cca_check_report(ctx, CCA_INFORMATIONAL, df->stages[c.st[0]].line,
					 "the final image builds on the toolchain image '%s'",
					 stage_image(df, c.st[0]));
		free(last);
		imgref_release(&r);
	}
	free(var);
	for (size_t k = 0; k < c.n; k++) {
		size_t first, end;

		stage_range(df, c.st[k], &first, &end);
		for (size_t i = first; i < end; i++) {
			struct sh_script sc;
			bool reported = false;
			char pm_used[16] = "";

			instr_script(ctx, i, &sc);
			for (size_t j = 0; j < sc.n && !reported; j++) {
				struct pmcmd pc;
				const char *b = build_command(&sc.c[j]);

				if (b) {
					cca_check_report(ctx, CCA_INFORMATIONAL, df->instrs[i].line,
							 "the final stage runs '%s': a compiler or "
							 "build tool is in the image", b);
					reported = true;
				} else if (pm_parse(&sc.c[j], &pc) && *pc.sub) {
					const char *pk[64];
					size_t np = pm_is_install(&pc) ? pm_packages(&sc.c[j], &pc, pk, 64) : 0;
					char name[128];

					if (!*pm_used)
						snprintf(pm_used, sizeof pm_used, "%s", pc.prog);
					for (size_t q = 0; q < np && !reported; q++)
						if (matches_list(pkg_name(pk[q], name, sizeof name), compilers)) {
							cca_check_report(ctx, CCA_INFORMATIONAL,
									 df->instrs[i].line,
									 "the final stage installs the build "
									 "tool '%s'", name);
							reported = true;
						}
				}
			}
			sh_script_release(&sc);
			if (!reported && *pm_used && !pm_reported) {
				cca_check_report(ctx, CCA_INFORMATIONAL, df->instrs[i].line,
						 "the final stage runs %s: the package manager stays "
						 "in the image", pm_used);
				pm_reported = true;
			}
		}
	}
	chain_release(&c);
}

/* ==== B2: package index refresh with its install ========================== */

void cca_check_update_without_install(struct cca_checkctx *ctx)
{
	const struct cca_dockerfile *df = cca_check_dockerfile(ctx);

	for (size_t i = 0; i < df->ninstrs; i++) {
		struct sh_script sc;
		bool used[PM_ZYPPER + 1] = { false };
		struct pmcmd alone;
		bool found = false;

		memset(&alone, 0, sizeof alone);
		if (df->instrs[i].kind != CCA_DF_RUN)
			continue;
		script_for(ctx, &df->instrs[i], &sc);
		/* Backwards: an update is fine when its manager installs later. */
		for (size_t j = sc.n; j-- > 0;) {
			struct pmcmd pc;

			if (!pm_parse(&sc.c[j], &pc))
				continue;
			if (pm_uses_index(&pc))
				used[pc.pm] = true;
			else if (pm_is_index_update(&pc) && !used[pc.pm]) {
				alone = pc;
				found = true;
			}
		}
		if (found)
			cca_check_report(ctx, CCA_FAIL, df->instrs[i].line,
					 "%s %s without an install in the same RUN: a later "
					 "install can run on a stale cached index", alone.prog, alone.sub);
		sh_script_release(&sc);
	}
}

/* ==== B3: ADD ============================================================= */

/* Classify the sources of ADD instruction i: the first URL and archive,
 * and whether a plain local file is among them. */
struct add_sources {
	char *url;       /* first remote source, for messages */
	char *archive;   /* first local archive */
	bool local;      /* a plain local file or heredoc */
};

static void add_sources(const struct cca_dockerfile *df, size_t i, struct add_sources *a)
{
	char **src, *dest;
	size_t n = copy_sources(df, i, &src, &dest);

	memset(a, 0, sizeof *a);
	for (size_t k = 0; k < n; k++) {
		switch (source_kind(src[k])) {
		case SRC_URL:
		case SRC_GIT:
			if (!a->url)
				a->url = url_for_message(src[k]);
			break;
		case SRC_ARCHIVE:
			if (!a->archive)
				a->archive = cca_xstrdup(src[k]);
			break;
		default:
			a->local = true;
		}
	}
	strv_free(src, n);
	free(dest);
}

void cca_check_add_url(struct cca_checkctx *ctx)
{
	const struct cca_dockerfile *df = cca_check_dockerfile(ctx);

	for (size_t i = 0; i < df->ninstrs; i++) {
		struct add_sources a;
		const char *sum;

		if (df->instrs[i].kind != CCA_DF_ADD)
			continue;
		add_sources(df, i, &a);
		sum = instr_flag(&df->instrs[i], "checksum");
		if (a.url && (!sum || !*sum))
			cca_check_report(ctx, CCA_FAIL, df->instrs[i].line,
					 "ADD fetches '%s' from the network without --checksum: "
					 "its content is not verified", a.url);
		free(a.url);
		free(a.archive);
	}
}

void cca_check_add_archive(struct cca_checkctx *ctx)
{
	const struct cca_dockerfile *df = cca_check_dockerfile(ctx);

	for (size_t i = 0; i < df->ninstrs; i++) {
		struct add_sources a;

		if (df->instrs[i].kind != CCA_DF_ADD)
			continue;
		add_sources(df, i, &a);
		if (a.archive)
			cca_check_report(ctx, CCA_INFORMATIONAL, df->instrs[i].line,
					 "ADD unpacks the local archive '%s' into the image",
					 a.archive);
		free(a.url);
		free(a.archive);
	}
}

void cca_check_add_local(struct cca_checkctx *ctx)
{
	const struct cca_dockerfile *df = cca_check_dockerfile(ctx);

	for (size_t i = 0; i < df->ninstrs; i++) {
		struct add_sources a;

		if (df->instrs[i].kind != CCA_DF_ADD)
			continue;
		add_sources(df, i, &a);
		if (a.local && !a.url && !a.archive)
			cca_check_report(ctx, CCA_FAIL, df->instrs[i].line,
					 "ADD copies local files: COPY does the same without ADD's "
					 "implicit download and unpacking");
		free(a.url);
		free(a.archive);
	}
}

/* ==== B4: HEALTHCHECK ===================================================== */

static bool healthcheck_none(const struct cca_df_instr *in)
{
	const char *t = in->text ? in->text : "";

	if (in->nargs >= 1)
		return !strcasecmp(in->args[0], "NONE");
	while (*t == ' ' || *t == '\t')
		t++;
	return !strncasecmp(t, "NONE", 4) && (!t[4] || isspace((unsigned char)t[4]));
}

void cca_check_healthcheck(struct cca_checkctx *ctx)
{
	const struct cca_dockerfile *df = cca_check_dockerfile(ctx);
	long target = cca_check_stage(ctx), last = -1;
	struct chain c;

	item_chain(ctx, &c);
	for (size_t k = 0; k < c.n; k++) {
		size_t first, end;

		stage_range(df, c.st[k], &first, &end);
		for (size_t i = first; i < end; i++)
			if (df->instrs[i].kind == CCA_DF_HEALTHCHECK)
				last = (long)i;
	}
	if (c.n && last < 0) {
		char *label = image_label(df, target);

		cca_check_report(ctx, CCA_FAIL, df->stages[target].line,
				 "%s declares no HEALTHCHECK%s", label,
				 c.n > 1 ? ", nor does a stage it builds on" : "");
		free(label);
	} else if (last >= 0 && healthcheck_none(&df->instrs[last])) {
		cca_check_report(ctx, CCA_FAIL, df->instrs[last].line,
				 "HEALTHCHECK NONE switches off the health check of the image");
	}
	chain_release(&c);
}

/* ==== B5: secrets ========================================================= */

void cca_check_secret_value(struct cca_checkctx *ctx)
{
	const struct cca_dockerfile *df = cca_check_dockerfile(ctx);

	for (size_t i = 0; i < df->ninstrs; i++) {
		const struct cca_df_instr *in = &df->instrs[i];
		const char *kw = cca_df_kind_name(in->kind);
		const char *const *keys, *const *values;
		size_t n;

		if (in->kind != CCA_DF_ENV && in->kind != CCA_DF_ARG && in->kind != CCA_DF_LABEL)
			continue;
		n = cca_dockerfile_pairs(df, i, &keys, &values);
		for (size_t k = 0; k < n; k++) {
			const char *raw = raw_value(in, k, n);
			struct cca_secret_hit h;
			char *m;

			if (!values[k]) {
				if (in->kind == CCA_DF_ARG && cca_secret_name(keys[k]))
					cca_check_report(ctx, CCA_FAIL, in->line,
							 "ARG %s takes a secret as a build argument, which "
							 "the image history keeps", keys[k]);
				continue;
			}
			if (raw && raw_is_reference(raw))
				continue;
			if (cca_secret_find(values[k], &h)) {
				m = cca_secret_mask_span(values[k] + h.off, h.len);
				cca_check_report(ctx, CCA_FAIL, in->line, "%s %s holds %s: '%s'",
						 kw, keys[k], h.kind, m);
				free(m);
			} else if (cca_secret_name(keys[k]) && !cca_secret_placeholder(values[k])) {
				m = cca_mask_secret(values[k]);
				cca_check_report(ctx, CCA_FAIL, in->line,
						 "%s %s holds a secret-like value '%s'", kw, keys[k], m);
				free(m);
			}
		}
	}
}

/* A literal value of option opt in c: "-u VALUE", "-uVALUE" (short) or
 * "--user VALUE", "--user=VALUE" (long).  NULL when absent or not literal. */
static const char *option_value(const struct sh_cmd *c, size_t from, const char *shortopt,
				const char *longopt)
{
	for (size_t k = from; k < c->nw; k++) {
		const char *w = c->w[k].s;
		size_t ln = longopt ? strlen(longopt) : 0;

		if ((shortopt && cca_streq(w, shortopt)) || (longopt && cca_streq(w, longopt)))
			return k + 1 < c->nw && !c->w[k + 1].dyn ? c->w[k + 1].s : NULL;
		if (longopt && !strncmp(w, longopt, ln) && w[ln] == '=')
			return c->w[k].dyn ? NULL : w + ln + 1;
		if (shortopt && !strncmp(w, shortopt, 2) && w[2] && w[1] != '-')
			return c->w[k].dyn ? NULL : w + 2;
	}
	return NULL;
}

/* "user:password" with a literal, non-empty password. */
static bool user_password(const char *v)
{
	const char *colon = v ? strchr(v, ':') : NULL;

	return colon && colon[1] && !cca_secret_placeholder(colon + 1);
}

/* The literal credential of a header that carries one ("Authorization:
 * Bearer x", "X-Api-Key: x"), or NULL. */
static const char *credential_header(const char *h)
{
	const char *colon = strchr(h, ':');
	char *name;
	bool secret;
	const char *v;

	if (!colon)
		return NULL;
	name = cca_xstrndup(h, (size_t)(colon - h));
	secret = !strcasecmp(name, "authorization") || !strcasecmp(name, "proxy-authorization") ||
		 cca_secret_name(name);
	free(name);
	for (v = colon + 1; *v == ' '; v++)
		;
	if (!strncasecmp(v, "Bearer ", 7) || !strncasecmp(v, "Basic ", 6) ||
	    !strncasecmp(v, "token ", 6))
		v = strchr(v, ' ') + 1;
	while (*v == ' ')
		v++;
	return secret && !cca_secret_placeholder(v) ? v : NULL;
}

/* Commands that read a password on stdin. */
static bool reads_password(const struct sh_cmd *c)
{
	size_t k = cmd_start(c);
	const char *p;

	if (k >= c->nw)
		return false;
	p = cmd_prog(c);
	if (cca_streq(p, "chpasswd") || cca_streq(p, "chpass"))
		return true;
	if (cca_streq(p, "passwd"))
		return has_word(c, "--stdin");
	if (has_word(c, "--password-stdin") || has_word(c, "--passphrase-fd") ||
	    has_word(c, "--passphrase-fd=0"))
		return true;
	if (k > 0 && cca_streq(prog_name(c->w[0].s), "sudo") && has_word(c, "-S"))
		return true;
	if (cca_streq(p, "sudo") && has_word(c, "-S"))
		return true;
	if (cca_streq(p, "htpasswd") && has_word(c, "-i"))
		return true;
	return false;
}

/* The literal text an echo/printf writes (new string), or NULL when any of
 * it is an expansion. */
static char *echo_text(const struct sh_cmd *c)
{
	size_t k = cmd_start(c);
	struct cca_buf b;
	const char *p;

	if (k >= c->nw)
		return NULL;
	p = cmd_prog(c);
	if (!cca_streq(p, "echo") && !cca_streq(p, "printf"))
		return NULL;
	cca_buf_init(&b);
	{
		size_t n = 0;   /* at most every word and a blank each */

		for (size_t a = k + 1; a < c->nw; a++)
			n += c->w[a].len + 1;
		cca_buf_reserve(&b, n);
	}
	for (k++; k < c->nw; k++) {
		if (c->w[k].dyn) {
			cca_buf_release(&b);
			return NULL;
		}
		if (c->w[k].s[0] == '-' && b.len == 0)
			continue;  /* -n, -e */
		if (b.len)
			cca_buf_putc(&b, ' ');
		cca_buf_puts(&b, c->w[k].s);
	}
	return cca_buf_detach(&b);
}

/* A KEY=VALUE (or KEY: VALUE) in text whose key is secret-like and whose
 * value is a literal: sets val and vlen to the value. */
static bool secret_assignment(const char *text, const char **val, size_t *vlen)
{
	for (const char *eq = strchr(text, '='); eq; eq = strchr(eq + 1, '=')) {
		const char *k = eq, *v = eq + 1;
		char *key, *value;
		bool hit;
		size_t n;

		while (k > text && eq - k < 128 &&
		       (isalnum((unsigned char)k[-1]) || k[-1] == '_' || k[-1] == '-' || k[-1] == '.'))
			k--;
		if (k == eq)
			continue;
		for (n = 0; n < 512 && v[n] && !strchr(" \t\n\"'=", v[n]); n++)
			;
		key = cca_xstrndup(k, (size_t)(eq - k));
		value = cca_xstrndup(v, n);
		hit = cca_secret_name(key) && !cca_secret_placeholder(value) && !strpbrk(value, "$`");
		free(key);
		free(value);
		if (hit) {
			*val = v;
			*vlen = n;
			return true;
		}
	}
	return false;
}

/*
 * The first secret command ci of script sc exposes: writes what it does
 * into what[size] and returns the secret as a new string, or NULL.
 */
static char *command_secret(const struct sh_script *sc, size_t ci, char *what, size_t size)
{
	const struct sh_cmd *c = &sc->c[ci];
	size_t k = cmd_start(c);
	const char *p = cmd_prog(c), *v;
	struct cca_secret_hit h;
	char *text;

	for (size_t a = 0; a < c->nas; a++) {
		const char *eq = strchr(c->as[a].s, '=');
		char *key;
		bool hit;

		if (c->as[a].dyn)
			continue;
		key = cca_xstrndup(c->as[a].s, (size_t)(eq - c->as[a].s));
		hit = cca_secret_name(key) && !cca_secret_placeholder(eq + 1);
		if (hit) {
			snprintf(what, size, "sets %s to a literal secret", key);
			free(key);
			return cca_xstrdup(eq + 1);
		}
		free(key);
	}
	if (cca_streq(p, "export") || cca_streq(p, "declare") || cca_streq(p, "readonly") ||
	    cca_streq(p, "local") || cca_streq(p, "typeset")) {
		for (size_t a = k + 1; a < c->nw; a++) {
			const char *eq = strchr(c->w[a].s, '=');
			char *key;
			bool hit;

			if (!eq || c->w[a].dyn)
				continue;
			key = cca_xstrndup(c->w[a].s, (size_t)(eq - c->w[a].s));
			hit = cca_secret_name(key) && !cca_secret_placeholder(eq + 1);
			if (hit) {
				snprintf(what, size, "exports %s with a literal secret", key);
				free(key);
				return cca_xstrdup(eq + 1);
			}
			free(key);
		}
	}
	if (cca_streq(p, "curl")) {
		if (((v = option_value(c, k + 1, "-u", "--user")) && user_password(v)) ||
		    ((v = option_value(c, k + 1, "-U", "--proxy-user")) && user_password(v))) {
			snprintf(what, size, "%s", "passes a password to curl");
			return cca_xstrdup(v);
		}
		if ((v = option_value(c, k + 1, "-H", "--header")) && (v = credential_header(v))) {
			snprintf(what, size, "%s", "passes a credential header to curl");
			return cca_xstrdup(v);
		}
	}
	if (cca_streq(p, "wget")) {
		static const char *const opts[] = { "--password", "--http-password", "--ftp-password",
						    "--proxy-password" };

		for (size_t o = 0; o < CCA_ARRAY_SIZE(opts); o++)
			if ((v = option_value(c, k + 1, NULL, opts[o])) && !cca_secret_placeholder(v)) {
				snprintf(what, size, "%s", "passes a password to wget");
				return cca_xstrdup(v);
			}
		if ((v = option_value(c, k + 1, NULL, "--header")) && (v = credential_header(v))) {
			snprintf(what, size, "%s", "passes a credential header to wget");
			return cca_xstrdup(v);
		}
	}
	if (k + 1 < c->nw && cca_streq(c->w[k + 1].s, "login") &&
	    (v = option_value(c, k + 2, "-p", "--password")) && !cca_secret_placeholder(v)) {
		snprintf(what, size, "%s", "passes a password to a registry login");
		return cca_xstrdup(v);
	}
	if (cca_streq(p, "sshpass") && (v = option_value(c, k + 1, "-p", NULL)) &&
	    !cca_secret_placeholder(v)) {
		snprintf(what, size, "%s", "passes a password to sshpass");
		return cca_xstrdup(v);
	}
	if (cca_streq(p, "mysql") || cca_streq(p, "mysqladmin") || cca_streq(p, "mysqldump") ||
	    cca_streq(p, "mariadb")) {
		for (size_t a = k + 1; a < c->nw; a++) {
			const char *w = c->w[a].s;

			if (c->w[a].dyn)
				continue;
			if ((cca_starts_with(w, "-p") && w[2] && w[1] != '-') ||
			    cca_starts_with(w, "--password=")) {
				v = w[1] == 'p' ? w + 2 : w + 11;
				if (!cca_secret_placeholder(v)) {
					snprintf(what, size, "%s", "passes a password to the database client");
					return cca_xstrdup(v);
				}
			}
		}
	}
	if (cca_streq(p, "htpasswd") && has_word(c, "-b") && c->nw > k + 3 &&
	    !c->w[c->nw - 1].dyn && !cca_secret_placeholder(c->w[c->nw - 1].s)) {
		snprintf(what, size, "%s", "passes a password to htpasswd");
		return cca_xstrdup(c->w[c->nw - 1].s);
	}
	if ((cca_streq(p, "npm") || cca_streq(p, "yarn") || cca_streq(p, "pnpm")) && c->nw > k + 3 &&
	    cca_streq(c->w[k + 1].s, "config") && cca_streq(c->w[k + 2].s, "set")) {
		const char *key = c->w[k + 3].s, *val = k + 4 < c->nw ? c->w[k + 4].s : NULL;
		const char *eq = strchr(key, '=');
		const char *colon = strrchr(key, ':');
		char *name = cca_xstrndup(colon ? colon + 1 : key,
					  eq ? (size_t)(eq - (colon && colon < eq ? colon + 1 : key))
					     : strlen(colon ? colon + 1 : key));
		bool hit;

		if (eq)
			val = eq + 1;
		hit = val && cca_secret_name(name) && !cca_secret_placeholder(val) && !strpbrk(val, "$`");
		if (hit) {
			snprintf(what, size, "writes %s into the %s configuration", name, p);
			free(name);
			return cca_xstrdup(val);
		}
		free(name);
	}
	if ((text = echo_text(c))) {
		const char *val;
		size_t vlen;

		if (secret_assignment(text, &val, &vlen)) {
			char *secret = cca_xstrndup(val, vlen);
			const char *key = val - 1;

			while (key > text && (isalnum((unsigned char)key[-1]) || strchr("_-.", key[-1])))
				key--;
			snprintf(what, size, "writes %.*s with %s", (int)(val - 1 - key), key, p);
			free(text);
			return secret;
		}
		if (ci + 1 < sc->n && sc->c[ci + 1].pipeline == c->pipeline &&
		    sc->c[ci + 1].pos == c->pos + 1 && reads_password(&sc->c[ci + 1]) &&
		    !cca_secret_placeholder(text)) {
			snprintf(what, size, "%s", "pipes a literal password into a command");
			return text;
		}
		free(text);
	}
	for (size_t a = 0; a < c->nw; a++) {
		if (!c->w[a].dyn && c->w[a].len >= CCA_SECRET_MIN_LEN &&
		    cca_secret_find(c->w[a].s, &h)) {
			snprintf(what, size, "contains %s", h.kind);
			return cca_xstrndup(c->w[a].s + h.off, h.len);
		}
	}
	for (size_t a = 0; a < c->nr; a++) {
		if (!c->r[a].target.dyn && c->r[a].target.len >= CCA_SECRET_MIN_LEN &&
		    cca_secret_find(c->r[a].target.s, &h)) {
			snprintf(what, size, "contains %s", h.kind);
			return cca_xstrndup(c->r[a].target.s + h.off, h.len);
		}
	}
	return NULL;
}

void cca_check_secret_in_run(struct cca_checkctx *ctx)
{
	const struct cca_dockerfile *df = cca_check_dockerfile(ctx);

	for (size_t i = 0; i < df->ninstrs; i++) {
		const struct cca_df_instr *in = &df->instrs[i];
		struct sh_script sc;
		char *secret = NULL, *m, what[160] = "";
		struct cca_secret_hit h;

		if (in->kind != CCA_DF_RUN)
			continue;
		script_for(ctx, in, &sc);
		for (size_t j = 0; j < sc.n && !secret; j++)
			secret = command_secret(&sc, j, what, sizeof what);
		sh_script_release(&sc);
		for (size_t d = 0; d < in->nheredocs && !secret; d++) {
			const char *body = in->heredocs[d].content ? in->heredocs[d].content : "";
			const char *val;
			size_t vlen;

			if (cca_secret_find(body, &h)) {
				snprintf(what, sizeof what, "contains %s", h.kind);
				secret = cca_xstrndup(body + h.off, h.len);
			} else if (secret_assignment(body, &val, &vlen)) {
				snprintf(what, sizeof what, "writes a secret-like value from a heredoc");
				secret = cca_xstrndup(val, vlen);
			}
		}
		if (!secret)
			continue;
		m = cca_mask_secret(secret);
		cca_check_report(ctx, CCA_FAIL, in->line,
				 "RUN %s: '%s'; pass it with RUN --mount=type=secret instead",
				 what, m);
		free(m);
		free(secret);
	}
}

/*
 * fnmatch(pat, s, 0) == 0, without fnmatch for the two shapes rule
 * parameters mostly have: a plain name, and '*' followed by a plain suffix.
 */
static bool name_matches(const char *pat, const char *s)
{
	const char *rest = pat[0] == '*' ? pat + 1 : pat;

	if (strpbrk(rest, "*?[\\"))
		return fnmatch(pat, s, 0) == 0;
	return rest == pat ? cca_streq(s, pat) : cca_ends_with(s, rest);
}

/* Whether a file name is a key or credential file (param "files"). */
static bool credential_file(const char *path, const char *patterns, bool is_dest)
{
	static const char *const harmless[] = { ".example", ".sample", ".template", ".dist",
						".tmpl", ".tpl", ".pub", ".md" };
	char *base = base_name_dup(path);
	bool hit = false;
	size_t n;

	for (size_t k = 0; k < CCA_ARRAY_SIZE(harmless); k++)
		if (cca_ends_with(base, harmless[k])) {
			free(base);
			return false;
		}
	for (const char *p = patterns, *w; !hit && (w = cca_list_next(&p, &n));) {
		char buf[256];
		char *pat = n < sizeof buf ? buf : cca_xmalloc(n + 1);

		memcpy(pat, w, n);
		pat[n] = '\0';
		if (pat[n - 1] == '/') {
			/* a directory: only as a source */
			pat[n - 1] = '\0';
			hit = !is_dest && name_matches(pat, base);
		} else if (memchr(pat, '/', n)) {
			/* the path itself, or its end after a '/' */
			size_t pn = strlen(path);

			hit = cca_streq(path, pat) ||
			      (pn > n && path[pn - n - 1] == '/' && cca_streq(path + pn - n, pat));
		} else {
			hit = name_matches(pat, base);
		}
		if (pat != buf)
			free(pat);
	}
	free(base);
	return hit;
}

void cca_check_secret_file(struct cca_checkctx *ctx)
{
	const struct cca_dockerfile *df = cca_check_dockerfile(ctx);
	const char *files = cca_check_param(ctx, "files");

	for (size_t i = 0; i < df->ninstrs; i++) {
		const struct cca_df_instr *in = &df->instrs[i];
		char **src, *dest;
		const char *hit = NULL;
		size_t n;

		if (in->kind != CCA_DF_COPY && in->kind != CCA_DF_ADD)
			continue;
		n = copy_sources(df, i, &src, &dest);
		for (size_t k = 0; k < n && !hit; k++)
			if (!cca_starts_with(src[k], "<<") && source_kind(src[k]) != SRC_URL &&
			    credential_file(src[k], files, false))
				hit = src[k];
		if (!hit && *dest && !cca_ends_with(dest, "/") && credential_file(dest, files, true))
			hit = dest;
		if (hit)
			cca_check_report(ctx, CCA_FAIL, in->line,
					 "%s puts the key or credential file '%s' into the image; "
					 "mount it with RUN --mount=type=secret instead",
					 cca_df_kind_name(in->kind), hit);
		strv_free(src, n);
		free(dest);
	}
}

/* ==== D1: the user the container runs as ================================= */

void cca_check_user_root(struct cca_checkctx *ctx)
{
	const struct cca_dockerfile *df = cca_check_dockerfile(ctx);
	long target = cca_check_stage(ctx), u;
	struct chain c;

	item_chain(ctx, &c);
	if (!c.n) {
		chain_release(&c);
		return;
	}
	u = last_user(df, &c);
	if (u < 0) {
		char *label = image_label(df, target);

		cca_check_report(ctx, CCA_FAIL, df->stages[target].line,
				 "%s sets no USER: the container runs as root unless the base "
				 "image sets another user", label);
		free(label);
	} else {
		char *v = user_value(df, (size_t)u);

		if (!*v)
			cca_check_report(ctx, CCA_UNKNOWN, df->instrs[u].line,
					 "USER is empty after expansion: the user is only known at "
					 "build time");
		else if (user_is_root(v))
			cca_check_report(ctx, CCA_FAIL, df->instrs[u].line,
					 "USER %s: the container runs as root", v);
		free(v);
	}
	chain_release(&c);
}

void cca_check_user_dedicated(struct cca_checkctx *ctx)
{
	const struct cca_dockerfile *df = cca_check_dockerfile(ctx);
	const char *shared = cca_check_param(ctx, "shared");
	long target = cca_check_stage(ctx), u;
	struct chain c;

	item_chain(ctx, &c);
	if (!c.n) {
		chain_release(&c);
		return;
	}
	u = last_user(df, &c);
	if (u < 0) {
		char *label = image_label(df, target);

		cca_check_report(ctx, CCA_FAIL, df->stages[target].line,
				 "%s has no USER: it runs as root, not as a user of its own", label);
		free(label);
	} else {
		char *v = user_value(df, (size_t)u);
		char *name = cca_xstrndup(v, strcspn(v, ":"));

		if (!*v)
			cca_check_report(ctx, CCA_UNKNOWN, df->instrs[u].line,
					 "USER is empty after expansion: the user is only known at "
					 "build time");
		else if (user_is_root(v))
			cca_check_report(ctx, CCA_FAIL, df->instrs[u].line,
					 "USER %s is root, not a user of the application's own", v);
		else if (!user_is_numeric(v) && cca_word_in_list(name, shared, false))
			cca_check_report(ctx, CCA_FAIL, df->instrs[u].line,
					 "USER %s is a shared system account, not a user created "
					 "for the application", name);
		free(name);
		free(v);
	}
	chain_release(&c);
}

/* ==== D2: privileges ====================================================== */

/* Privileged groups a runtime user must not join. */
static bool privileged_group(const char *g)
{
	static const char *const groups[] = { "sudo", "wheel", "root", "admin", "docker" };
	char *copy = cca_xstrdup(g), *save = NULL;
	bool hit = false;

	for (char *t = strtok_r(copy, ",", &save); t && !hit; t = strtok_r(NULL, ",", &save))
		for (size_t k = 0; k < CCA_ARRAY_SIZE(groups); k++)
			hit |= cca_streq(t, groups[k]);
	free(copy);
	return hit;
}

/* Why command c gives sudo-like rights (a static text), or NULL. */
static const char *sudo_use(const struct sh_cmd *c)
{
	size_t k = cmd_start(c);
	const char *p = cmd_prog(c);
	struct pmcmd pc;

	if (c->nw && (names_prog(&c->w[0], "sudo") || names_prog(&c->w[0], "doas")))
		return "runs sudo";
	if (pm_parse(c, &pc) && pm_is_install(&pc)) {
		const char *pk[64];
		size_t np = pm_packages(c, &pc, pk, 64);
		char name[128];

		for (size_t q = 0; q < np; q++) {
			pkg_name(pk[q], name, sizeof name);
			if (cca_streq(name, "sudo") || cca_streq(name, "doas"))
				return "installs sudo";
		}
	}
	for (size_t r = 0; r < c->nr; r++)
		if (c->r[r].op[0] == '>' && cca_starts_with(c->r[r].target.s, "/etc/sudoers"))
			return "writes to /etc/sudoers";
	for (size_t a = k; a < c->nw; a++)
		if (cca_starts_with(c->w[a].s, "/etc/sudoers") &&
		    (cca_streq(p, "tee") || cca_streq(p, "cp") || cca_streq(p, "install") ||
		     cca_streq(p, "sed") || cca_streq(p, "mv") || cca_streq(p, "ln")))
			return "writes to /etc/sudoers";
	if (cca_streq(p, "usermod") || cca_streq(p, "useradd")) {
		for (size_t a = k + 1; a + 1 < c->nw; a++) {
			const char *w = c->w[a].s;

			if ((cca_streq(w, "-G") || cca_streq(w, "--groups") || cca_streq(w, "-aG") ||
			     cca_streq(w, "-g") || cca_streq(w, "--gid")) &&
			    privileged_group(c->w[a + 1].s))
				return "adds a user to a privileged group";
		}
	}
	if ((cca_streq(p, "adduser") || cca_streq(p, "addgroup")) && c->nw == k + 3 &&
	    c->w[k + 1].s[0] != '-' && privileged_group(c->w[k + 2].s))
		return "adds a user to a privileged group";
	if (cca_streq(p, "gpasswd") && c->nw > k + 3 && cca_streq(c->w[k + 1].s, "-a") &&
	    privileged_group(c->w[k + 3].s))
		return "adds a user to a privileged group";
	return NULL;
}

void cca_check_sudo(struct cca_checkctx *ctx)
{
	const struct cca_dockerfile *df = cca_check_dockerfile(ctx);
	struct chain c;

	item_chain(ctx, &c);
	for (size_t k = 0; k < c.n; k++) {
		size_t first, end;

		stage_range(df, c.st[k], &first, &end);
		for (size_t i = first; i < end; i++) {
			const struct cca_df_instr *in = &df->instrs[i];
			const char *why = NULL;
			struct sh_script sc;

			if ((in->kind == CCA_DF_COPY || in->kind == CCA_DF_ADD) && in->nargs >= 2 &&
			    cca_starts_with(in->args[in->nargs - 1], "/etc/sudoers"))
				why = "copies a file into /etc/sudoers";
			instr_script(ctx, i, &sc);
			for (size_t j = 0; j < sc.n && !why; j++)
				why = sudo_use(&sc.c[j]);
			sh_script_release(&sc);
			if (why)
				cca_check_report(ctx, CCA_FAIL, in->line,
						 "%s %s: the image lets a process become root",
						 cca_df_kind_name(in->kind), why);
		}
	}
	chain_release(&c);
}

/* What a chmod-style mode does: makes files writable by others (without
 * the sticky bit), or sets the setuid/setgid bit. */
static void mode_effect(const char *mode, bool *world_writable, bool *setid)
{
	size_t n = strlen(mode);

	*world_writable = *setid = false;
	if (n && n <= 5 && strspn(mode, "01234567") == n) {
		unsigned long v = strtoul(mode, NULL, 8);

		*world_writable = (v & 02) && !(v & 01000);
		*setid = (v & 06000) != 0;
		return;
	}
	for (const char *clause = mode; clause && *clause;) {
		const char *e = strchr(clause, ',');
		size_t len = e ? (size_t)(e - clause) : strlen(clause);
		const char *p = clause, *end = clause + len;
		bool who_o = false, who_none = true, who_ug = false, sticky;

		while (p < end && strchr("ugoa", *p)) {
			who_none = false;
			who_o |= *p == 'o' || *p == 'a';
			who_ug |= *p == 'u' || *p == 'g' || *p == 'a';
			p++;
		}
		sticky = memchr(clause, 't', len) != NULL;
		while (p < end) {
			char op = *p++;
			const char *perms = p;

			while (p < end && !strchr("+-=", *p))
				p++;
			if (op == '+' || op == '=') {
				bool w = memchr(perms, 'w', (size_t)(p - perms)) != NULL;
				bool s = memchr(perms, 's', (size_t)(p - perms)) != NULL;

				*world_writable |= w && who_o && !sticky;
				*setid |= s && (who_ug || who_none);
			}
		}
		clause = e ? e + 1 : NULL;
	}
}

/* The modes a command sets: chmod MODE (also inside find -exec / xargs),
 * install -m MODE, mkdir -m MODE: up to max of them into out; the count. */
static size_t command_modes(const struct sh_cmd *c, const char **out, size_t max)
{
	size_t n = 0;

	if (!c->names_chmod && !cca_streq(cmd_prog(c), "install") &&
	    !cca_streq(cmd_prog(c), "mkdir"))
		return 0;  /* (only chmod counts anywhere; install and mkdir as the program) */
	for (size_t k = 0; k < c->nw && n < max; k++) {
		const char *p = prog_name(c->w[k].s);

		if (cca_streq(p, "chmod")) {
			for (size_t a = k + 1; a < c->nw; a++) {
				const char *w = c->w[a].s;

				if (cca_starts_with(w, "--") || cca_streq(w, "-R") || cca_streq(w, "-v") ||
				    cca_streq(w, "-c") || cca_streq(w, "-f") || cca_streq(w, "-h"))
					continue;
				if (!c->w[a].dyn)
					out[n++] = w;
				break;
			}
		} else if ((cca_streq(p, "install") || cca_streq(p, "mkdir")) && k == cmd_start(c)) {
			for (size_t a = k + 1; a < c->nw && n < max; a++) {
				const char *w = c->w[a].s;

				if (cca_streq(w, "-m") && a + 1 < c->nw)
					out[n++] = c->w[a + 1].s;
				else if (cca_starts_with(w, "--mode="))
					out[n++] = w + 7;
			}
		}
	}
	return n;
}

/* Report, for each instruction of the image chain, the first mode it sets
 * that sets the setuid/setgid bit (setid_wanted) or write for others. */
static void check_modes(struct cca_checkctx *ctx, bool setid_wanted)
{
	const struct cca_dockerfile *df = cca_check_dockerfile(ctx);
	struct chain c;

	item_chain(ctx, &c);
	for (size_t k = 0; k < c.n; k++) {
		size_t first, end;

		stage_range(df, c.st[k], &first, &end);
		for (size_t i = first; i < end; i++) {
			const struct cca_df_instr *in = &df->instrs[i];
			const char *hit = NULL, *modes[16];
			struct sh_script sc;
			bool ww, sid;
			char *copy = NULL;

			if (in->kind == CCA_DF_COPY || in->kind == CCA_DF_ADD) {
				const char *m = instr_flag(in, "chmod");

				if (m && *m) {
					mode_effect(m, &ww, &sid);
					if (setid_wanted ? sid : ww)
						hit = m;
				}
			}
			if (in->kind != CCA_DF_RUN) {
				if (hit)
					cca_check_report(ctx, CCA_FAIL, in->line,
							 setid_wanted ? "%s --chmod=%s sets the setuid or setgid bit"
								      : "%s --chmod=%s makes the files writable by every user",
							 cca_df_kind_name(in->kind), hit);
				continue;
			}
			script_for(ctx, in, &sc);
			for (size_t j = 0; j < sc.n && !hit; j++) {
				size_t nm = command_modes(&sc.c[j], modes, CCA_ARRAY_SIZE(modes));

				for (size_t q = 0; q < nm && !hit; q++) {
					mode_effect(modes[q], &ww, &sid);
					if (setid_wanted ? sid : ww)
						hit = copy = cca_xstrdup(modes[q]);
				}
			}
			sh_script_release(&sc);
			if (hit)
				cca_check_report(ctx, CCA_FAIL, in->line,
						 setid_wanted ? "RUN sets mode %s: the setuid or setgid bit "
								"lets a program run with its owner's rights"
							      : "RUN sets mode %s: the files become writable by "
								"every user",
						 hit);
			free(copy);
		}
	}
	chain_release(&c);
}

void cca_check_world_writable(struct cca_checkctx *ctx)
{
	check_modes(ctx, false);
}

void cca_check_setuid(struct cca_checkctx *ctx)
{
	check_modes(ctx, true);
}

void cca_check_user_back_to_root(struct cca_checkctx *ctx)
{
	const struct cca_dockerfile *df = cca_check_dockerfile(ctx);
	char *nonroot = NULL;
	struct chain c;

	item_chain(ctx, &c);
	for (size_t k = 0; k < c.n; k++) {
		size_t first, end;

		stage_range(df, c.st[k], &first, &end);
		for (size_t i = first; i < end; i++) {
			char *v;

			if (df->instrs[i].kind != CCA_DF_USER)
				continue;
			v = user_value(df, i);
			if (*v && !user_is_root(v)) {
				free(nonroot);
				nonroot = v;
				continue;
			}
			if (*v && nonroot)
				cca_check_report(ctx, CCA_FAIL, df->instrs[i].line,
						 "USER %s switches back to root after USER %s", v, nonroot);
			free(v);
		}
	}
	free(nonroot);
	chain_release(&c);
}

/* ==== CSVS 3.12, 3.13, 4.7, 7.12: remote access, ports, labels ============ */

/* What RUN command c does to offer remote login (a static text), or NULL. */
static const char *remote_access_use(const struct sh_cmd *c, const char *packages, char *name,
				     size_t size)
{
	size_t k = cmd_start(c);
	const char *p = cmd_prog(c);
	struct pmcmd pc;

	if (pm_parse(c, &pc) && pm_is_install(&pc)) {
		const char *pk[64];
		size_t np = pm_packages(c, &pc, pk, 64);

		for (size_t q = 0; q < np; q++) {
			pkg_name(pk[q], name, size);
			if (cca_word_in_list(name, packages, false) ||
			    (pc.pm == PM_APK && cca_streq(name, "openssh")))
				return "installs";
		}
	}
	if (cca_streq(p, "sshd") || cca_streq(p, "dropbear") || cca_streq(p, "xrdp")) {
		snprintf(name, size, "%s", p);
		return "starts";
	}
	if ((cca_streq(p, "service") || cca_streq(p, "rc-service")) && k + 2 < c->nw &&
	    (cca_streq(c->w[k + 1].s, "ssh") || cca_streq(c->w[k + 1].s, "sshd"))) {
		snprintf(name, size, "%s", c->w[k + 1].s);
		return "starts";
	}
	if ((cca_streq(p, "systemctl") || cca_streq(p, "rc-update")) && k + 2 < c->nw) {
		for (size_t a = k + 1; a < c->nw; a++)
			if (cca_streq(c->w[a].s, "ssh") || cca_streq(c->w[a].s, "sshd") ||
			    cca_streq(c->w[a].s, "ssh.service") || cca_streq(c->w[a].s, "sshd.service")) {
				snprintf(name, size, "%s", c->w[a].s);
				return "enables";
			}
	}
	return NULL;
}

void cca_check_remote_access(struct cca_checkctx *ctx)
{
	const struct cca_dockerfile *df = cca_check_dockerfile(ctx);
	const char *packages = cca_check_param(ctx, "packages");
	const char *ports = cca_check_param(ctx, "ports");
	struct chain c;

	item_chain(ctx, &c);
	for (size_t k = 0; k < c.n; k++) {
		size_t first, end;

		stage_range(df, c.st[k], &first, &end);
		for (size_t i = first; i < end; i++) {
			const struct cca_df_instr *in = &df->instrs[i];
			char name[128];
			const char *why = NULL;

			if (in->kind == CCA_DF_EXPOSE) {
				struct port_range *pr;
				size_t np = expose_ports(df, i, &pr);

				for (size_t q = 0; q < np; q++) {
					unsigned port = port_in_list(pr[q].lo, pr[q].hi, ports);

					if (port) {
						cca_check_report(ctx, CCA_FAIL, in->line,
								 "EXPOSE %s publishes the remote login "
								 "port %u", pr[q].text, port);
						break;
					}
				}
				ports_free(pr, np);
			} else if (in->kind == CCA_DF_RUN || in->kind == CCA_DF_CMD ||
				   in->kind == CCA_DF_ENTRYPOINT) {
				struct sh_script sc;

				if (in->kind == CCA_DF_RUN)
					script_for(ctx, in, &sc);
				else {
					/* CMD/ENTRYPOINT: same reader as RUN, without heredocs */
					struct cca_df_instr tmp = *in;

					tmp.nheredocs = 0;
					script_for(ctx, &tmp, &sc);
				}
				for (size_t j = 0; j < sc.n && !why; j++)
					why = remote_access_use(&sc.c[j], packages, name, sizeof name);
				sh_script_release(&sc);
				if (why)
					cca_check_report(ctx, CCA_FAIL, in->line,
							 "%s %s the remote access server '%s'",
							 cca_df_kind_name(in->kind), why, name);
			}
		}
	}
	chain_release(&c);
}

static const char *management_service(unsigned port)
{
	switch (port) {
	case 2375: return "the Docker Engine API without TLS";
	case 2376: return "the Docker Engine API";
	case 2379:
	case 2380: return "etcd";
	case 6443: return "the Kubernetes API server";
	case 10250: return "the kubelet API";
	default: return "a management service";
	}
}

void cca_check_expose_management(struct cca_checkctx *ctx)
{
	const struct cca_dockerfile *df = cca_check_dockerfile(ctx);
	const char *ports = cca_check_param(ctx, "ports");
	struct chain c;

	item_chain(ctx, &c);
	for (size_t k = 0; k < c.n; k++) {
		size_t first, end;

		stage_range(df, c.st[k], &first, &end);
		for (size_t i = first; i < end; i++) {
			struct port_range *pr;
			size_t np;

			if (df->instrs[i].kind != CCA_DF_EXPOSE)
				continue;
			np = expose_ports(df, i, &pr);
			for (size_t q = 0; q < np; q++) {
				unsigned port = port_in_list(pr[q].lo, pr[q].hi, ports);

				if (port) {
					cca_check_report(ctx, CCA_FAIL, df->instrs[i].line,
							 "EXPOSE %s publishes port %u, the port of %s",
							 pr[q].text, port, management_service(port));
					break;
				}
			}
			ports_free(pr, np);
		}
	}
	chain_release(&c);
}

void cca_check_oci_labels(struct cca_checkctx *ctx)
{
	const struct cca_dockerfile *df = cca_check_dockerfile(ctx);
	long target = cca_check_stage(ctx);
	bool found = false;
	struct chain c;

	item_chain(ctx, &c);
	for (size_t k = 0; k < c.n && !found; k++) {
		size_t first, end;

		stage_range(df, c.st[k], &first, &end);
		for (size_t i = first; i < end && !found; i++) {
			const char *const *keys, *const *values;
			size_t n;

			if (df->instrs[i].kind != CCA_DF_LABEL)
				continue;
			n = cca_dockerfile_pairs(df, i, &keys, &values);
			for (size_t q = 0; q < n; q++)
				found |= cca_starts_with(keys[q], "org.opencontainers.image.");
		}
	}
	if (c.n && !found) {
		char *label = image_label(df, target);

		cca_check_report(ctx, CCA_FAIL, df->stages[target].line,
				 "%s sets no org.opencontainers.image.* label", label);
		free(label);
	}
	chain_release(&c);
}

void cca_check_exposed_ports(struct cca_checkctx *ctx)
{
	const struct cca_dockerfile *df = cca_check_dockerfile(ctx);
	struct chain c;

	item_chain(ctx, &c);
	for (size_t k = 0; k < c.n; k++) {
		size_t first, end;

		stage_range(df, c.st[k], &first, &end);
		for (size_t i = first; i < end; i++) {
			struct port_range *pr;
			struct cca_buf b;
			size_t np;

			if (df->instrs[i].kind != CCA_DF_EXPOSE)
				continue;
			np = expose_ports(df, i, &pr);
			cca_buf_init(&b);
			for (size_t q = 0; q < np; q++)
				cca_buf_printf(&b, "%s%s", q ? " " : "", pr[q].text);
			cca_check_report(ctx, CCA_INFORMATIONAL, df->instrs[i].line,
					 "the image exposes %s", cca_buf_str(&b));
			cca_buf_release(&b);
			ports_free(pr, np);
		}
	}
	chain_release(&c);
}

/* ==== NIST 4.1.5: downloads =============================================== */

/* The first URL-looking word of c (for messages, credentials masked). */
static char *command_url(const struct sh_cmd *c)
{
	for (size_t k = 0; k < c->nw; k++)
		if (strstr(c->w[k].s, "://"))
			return url_for_message(c->w[k].s);
	return cca_xstrdup("a URL");
}

enum dl_out { DL_NONE, DL_STDOUT, DL_FILE };

/* Whether c is a curl/wget download and where it writes. */
static enum dl_out download_output(const struct sh_cmd *c)
{
	size_t k = cmd_start(c);
	const char *p = cmd_prog(c);
	enum dl_out out;

	if (cca_streq(p, "curl")) {
		out = DL_STDOUT;
		for (size_t a = k + 1; a < c->nw; a++) {
			const char *w = c->w[a].s;

			if (cca_streq(w, "-I") || cca_streq(w, "--head"))
				return DL_NONE;
			if (cca_streq(w, "--output") || cca_streq(w, "--remote-name") ||
			    cca_streq(w, "--remote-name-all") || cca_starts_with(w, "--output=")) {
				const char *v = cca_streq(w, "--output") ? (a + 1 < c->nw ? c->w[a + 1].s : "")
					      : cca_starts_with(w, "--output=") ? w + 9 : "x";

				out = cca_streq(v, "-") ? DL_STDOUT : cca_streq(v, "/dev/null") ? DL_NONE : DL_FILE;
			} else if (w[0] == '-' && w[1] != '-') {
				for (const char *o = w + 1; *o; o++) {
					if (*o == 'O') {
						out = DL_FILE;
					} else if (*o == 'o') {
						const char *v = o[1] ? o + 1 : a + 1 < c->nw ? c->w[a + 1].s : "";

						out = cca_streq(v, "-") ? DL_STDOUT
						      : cca_streq(v, "/dev/null") ? DL_NONE : DL_FILE;
						break;
					} else if (strchr("HduXAebcmwxTFEKCrYyzUQ", *o)) {
						break;  /* an option with a value */
					}
				}
			}
		}
	} else if (cca_streq(p, "wget")) {
		out = DL_FILE;
		for (size_t a = k + 1; a < c->nw; a++) {
			const char *w = c->w[a].s, *v = NULL;

			if (cca_streq(w, "--spider"))
				return DL_NONE;
			if (cca_starts_with(w, "--output-document="))
				v = w + 18;
			else if (cca_streq(w, "--output-document") || cca_streq(w, "-O"))
				v = a + 1 < c->nw ? c->w[a + 1].s : "";
			else if (w[0] == '-' && w[1] != '-' && strchr(w, 'O'))
				v = strchr(w, 'O')[1] ? strchr(w, 'O') + 1 : a + 1 < c->nw ? c->w[a + 1].s : "";
			if (v)
				out = cca_streq(v, "-") ? DL_STDOUT : cca_streq(v, "/dev/null") ? DL_NONE : DL_FILE;
		}
	} else {
		return DL_NONE;
	}
	for (size_t r = 0; r < c->nr; r++)
		if (c->r[r].op[0] == '>' && !cca_streq(c->r[r].op, ">&") && out == DL_STDOUT)
			out = !cca_streq(c->r[r].target.s, "/dev/null") ? DL_FILE : DL_NONE;
	return out;
}

/* The command after c in its pipeline, or NULL. */
static const struct sh_cmd *piped_into(const struct sh_script *sc, size_t i)
{
	const struct sh_cmd *c = &sc->c[i];

	for (size_t j = i + 1; j < sc->n; j++)
		if (sc->c[j].pipeline == c->pipeline && sc->c[j].pos == c->pos + 1)
			return &sc->c[j];
		else if (sc->c[j].pipeline != c->pipeline)
			break;
	return NULL;
}

/* Whether a word runs a download through a substitution: $(curl ...), <(wget ...). */
static bool substitutes_download(const char *w)
{
	static const char *const v[] = { "$(curl", "$(wget", "<(curl", "<(wget", "`curl", "`wget" };

	for (size_t k = 0; k < CCA_ARRAY_SIZE(v); k++)
		if (strstr(w, v[k]))
			return true;
	return false;
}

void cca_check_pipe_to_shell(struct cca_checkctx *ctx)
{
	const struct cca_dockerfile *df = cca_check_dockerfile(ctx);

	for (size_t i = 0; i < df->ninstrs; i++) {
		struct sh_script sc;
		char *url = NULL, *shell = NULL;

		if (df->instrs[i].kind != CCA_DF_RUN)
			continue;
		script_for(ctx, &df->instrs[i], &sc);
		for (size_t j = 0; j < sc.n && !shell; j++) {
			const struct sh_cmd *c = &sc.c[j];
			const struct sh_cmd *next;

			if (download_output(c) == DL_STDOUT && (next = piped_into(&sc, j)) &&
			    (next->cls & P_INTERPRETER)) {
				char *u = command_url(c);

				shell = cca_xstrdup(cmd_prog(next));
				url = cca_xasprintf("the download from %s", u);
				free(u);
			} else if (c->cls & P_INTERPRETER) {
				for (size_t a = 0; a < c->nw && !shell; a++)
					if (substitutes_download(c->w[a].s)) {
						shell = cca_xstrdup(cmd_prog(c));
						url = cca_xstrdup("a downloaded script");
					}
			}
		}
		sh_script_release(&sc);
		if (shell)
			cca_check_report(ctx, CCA_FAIL, df->instrs[i].line,
					 "RUN runs %s with %s without checking what was downloaded",
					 url, shell);
		free(url);
		free(shell);
	}
}

/* Whether c checks a checksum or a signature. */
static bool verifies(const struct sh_cmd *c)
{
	return (c->cls & P_VERIFIER) ||
	       (cca_streq(cmd_prog(c), "openssl") && c->nw > 1 && has_word(c, "dgst"));
}

void cca_check_download_unverified(struct cca_checkctx *ctx)
{
	const struct cca_dockerfile *df = cca_check_dockerfile(ctx);

	for (size_t i = 0; i < df->ninstrs; i++) {
		struct sh_script sc;
		char *url = NULL;
		bool verified = false;

		if (df->instrs[i].kind != CCA_DF_RUN)
			continue;
		script_for(ctx, &df->instrs[i], &sc);
		for (size_t j = 0; j < sc.n; j++) {
			const struct sh_cmd *c = &sc.c[j], *next;
			enum dl_out o = download_output(c);

			verified |= verifies(c);
			if (url || o == DL_NONE)
				continue;
			next = piped_into(&sc, j);
			if (o == DL_FILE || (next && (next->cls & P_UNPACKER)))
				url = command_url(c);
		}
		sh_script_release(&sc);
		if (url && !verified)
			cca_check_report(ctx, CCA_FAIL, df->instrs[i].line,
					 "RUN downloads %s without a checksum or signature check in "
					 "the same RUN", url);
		free(url);
	}
}

/* ==== RUN flags, MAINTAINER =============================================== */

/* Report every RUN whose --flag has the value value, with message msg. */
static void report_run_flag(struct cca_checkctx *ctx, const char *flag, const char *value,
			    const char *msg)
{
	const struct cca_dockerfile *df = cca_check_dockerfile(ctx);

	for (size_t i = 0; i < df->ninstrs; i++) {
		const char *v;

		if (df->instrs[i].kind == CCA_DF_RUN &&
		    (v = instr_flag(&df->instrs[i], flag)) && cca_streq(v, value))
			cca_check_report(ctx, CCA_FAIL, df->instrs[i].line, "%s", msg);
	}
}

void cca_check_run_insecure(struct cca_checkctx *ctx)
{
	report_run_flag(ctx, "security", "insecure",
			"RUN --security=insecure runs the step without the build "
			"sandbox, with the privileges of the builder");
}

void cca_check_run_network_host(struct cca_checkctx *ctx)
{
	report_run_flag(ctx, "network", "host",
			"RUN --network=host gives the step the network of the build host");
}

void cca_check_maintainer(struct cca_checkctx *ctx)
{
	const struct cca_dockerfile *df = cca_check_dockerfile(ctx);

	for (size_t i = 0; i < df->ninstrs; i++)
		if (df->instrs[i].kind == CCA_DF_MAINTAINER)
			cca_check_report(ctx, CCA_INFORMATIONAL, df->instrs[i].line,
					 "MAINTAINER is deprecated: name the maintainer in LABEL "
					 "org.opencontainers.image.authors");
}
