/*
 * util.h - memory, growable buffers, bounded file reading, strings, dates
 * and secret masking.  Used by every module; depends on nothing but libc.
 *
 * Allocation failure is not recoverable in ccaudit: the cca_x* allocators
 * print "ccaudit: out of memory" and exit with CCA_EXIT_RUNTIME, so callers
 * never check their result.
 */
#ifndef CCAUDIT_UTIL_H
#define CCAUDIT_UTIL_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <time.h>

#include "ccaudit/error.h"

#define CCA_ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

/* ---- memory ------------------------------------------------------------ */

void *cca_xmalloc(size_t n);
void *cca_xcalloc(size_t count, size_t size);
/* Grow or shrink p to count * size bytes; the product is overflow-checked. */
void *cca_xreallocarray(void *p, size_t count, size_t size);
/* Copy of s, or NULL when s is NULL. */
char *cca_xstrdup(const char *s);
char *cca_xstrndup(const char *s, size_t n);
/* A newly allocated formatted string. */
char *cca_xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* The same for a va_list (used, not ended). */
char *cca_xvasprintf(const char *fmt, va_list ap) __attribute__((format(printf, 1, 0)));
/* A copy of s without leading and trailing spaces, tabs, CRs and LFs. */
char *cca_xstrdup_trim(const char *s);

/* ---- growable byte buffer (embedded: _init/_release) ------------------- */

struct cca_buf {
	char *data;  /* always NUL-terminated once anything was added */
	size_t len;
	size_t cap;
};

void cca_buf_init(struct cca_buf *b);
void cca_buf_release(struct cca_buf *b);
void cca_buf_reset(struct cca_buf *b);         /* len = 0, memory kept */
/* cca_buf_add() when b has no room for n more bytes and the NUL: grows b. */
void cca_buf_add_grow(struct cca_buf *b, const void *p, size_t n);

/*
 * Append n bytes at p (p may be NULL when n is 0).  Inline: the renderers
 * and parsers append a few bytes at a time, so the common case (room left)
 * costs no call.
 */
static inline void cca_buf_add(struct cca_buf *b, const void *p, size_t n)
{
	if (b->cap - b->len <= n) {
		cca_buf_add_grow(b, p, n);
		return;
	}
	if (n)
		memcpy(b->data + b->len, p, n);
	b->len += n;
	b->data[b->len] = '\0';
}

static inline void cca_buf_puts(struct cca_buf *b, const char *s)
{
	cca_buf_add(b, s, strlen(s));
}

static inline void cca_buf_putc(struct cca_buf *b, char c)
{
	if (b->cap - b->len <= 1) {
		cca_buf_add_grow(b, &c, 1);
		return;
	}
	b->data[b->len++] = c;
	b->data[b->len] = '\0';
}

/* Make room for n more bytes at once (a size known in advance saves the
 * copies, or remappings, of growing step by step). */
void cca_buf_reserve(struct cca_buf *b, size_t n);
/* Append v in decimal, with a '-' when negative (printf's "%lld", faster). */
void cca_buf_put_int(struct cca_buf *b, long long v);
void cca_buf_printf(struct cca_buf *b, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void cca_buf_vprintf(struct cca_buf *b, const char *fmt, va_list ap)
	__attribute__((format(printf, 2, 0)));
/* The contents as a C string ("" when empty); owned by b. */
const char *cca_buf_str(const struct cca_buf *b);
/* Hand the contents to the caller (free() it) and reinitialise b. */
char *cca_buf_detach(struct cca_buf *b);

/* ---- arenas ------------------------------------------------------------ */

/*
 * Memory handed out in pieces from chunks and freed all at once: for the
 * many small strings and arrays that live and die together (a parsed
 * Dockerfile, the findings of an audit).  An arena is empty when zeroed;
 * it is not shared between threads.
 */
struct cca_arena_chunk;
struct cca_arena {
	unsigned char *next, *end;      /* the free room of the current chunk */
	struct cca_arena_chunk *head;   /* the current chunk, then the others */
};

/* cca_arena_alloc() when the current chunk has no room (or for a big
 * piece): a piece of n bytes from a new chunk, aligned to max_align_t. */
void *cca_arena_alloc_slow(struct cca_arena *a, size_t n);

/* n bytes aligned to align (a power of two, at most max_align_t's).
 * Inline: the parsers take many small pieces, mostly from room at hand. */
static inline void *cca_arena_alloc(struct cca_arena *a, size_t n, size_t align)
{
	if (a->next) {
		unsigned char *p = a->next + (-(uintptr_t)a->next & (align - 1));

		if (p <= a->end && (size_t)(a->end - p) >= n) {
			a->next = p + n;
			return p;
		}
	}
	return cca_arena_alloc_slow(a, n);
}

/* A NUL-terminated copy of the n bytes at s / of s, in a. */
static inline char *cca_arena_strndup(struct cca_arena *a, const char *s, size_t n)
{
	char *p = cca_arena_alloc(a, n + 1, 1);

	if (n)
		memcpy(p, s, n);
	p[n] = '\0';
	return p;
}
char *cca_arena_strdup(struct cca_arena *a, const char *s);
/* Move every piece of from into a (from is empty after). */
void cca_arena_adopt(struct cca_arena *a, struct cca_arena *from);
/* Free every piece of a; a is empty again. */
void cca_arena_release(struct cca_arena *a);

/* ---- files ------------------------------------------------------------- */

/*
 * Read the whole file at path into a NUL-terminated heap buffer (*out, the
 * caller frees it) of *len bytes.  A file larger than max bytes fails with
 * CCA_ETOOBIG without reading past the limit; any other failure is CCA_EIO.
 * path "-" reads standard input.
 */
int cca_file_read(const char *path, size_t max, char **out, size_t *len,
		  struct cca_error *err);

/*
 * Write len bytes to path atomically (a temporary file in the same
 * directory, then rename).  path "-" writes standard output.
 */
int cca_file_write(const char *path, const char *data, size_t len,
		   struct cca_error *err);

/*
 * The same in pieces: open, write any number of times, then commit (the
 * file appears whole under path) or abort (nothing appears).  A device or
 * pipe (/dev/null) is written in place, "-" is standard output.  Each
 * returns 0, or -1 with err set (CCA_EIO); a failed write or commit has
 * already aborted.
 */
struct cca_file_out {
	const char *path;   /* borrowed */
	char *tmp;          /* the temporary file, renamed to path on commit */
	int fd;
};
int cca_file_out_open(struct cca_file_out *out, const char *path, struct cca_error *err);
int cca_file_out_write(struct cca_file_out *out, const char *data, size_t len,
		       struct cca_error *err);
int cca_file_out_commit(struct cca_file_out *out, struct cca_error *err);
void cca_file_out_abort(struct cca_file_out *out);

/* ---- strings ----------------------------------------------------------- */

/*
 * Strings a model owns, all freed together: readers keep the text their
 * model points at here.  Zero-initialised is an empty pool.
 */
struct cca_strpool {
	char **v;
	size_t n, cap;
};
/* Take s (a new string, or NULL) into the pool; returns it. */
const char *cca_strpool_keep(struct cca_strpool *p, char *s);
/* Free every string of the pool and the pool's array. */
void cca_strpool_release(struct cca_strpool *p);

/* Whether a and b are the same string; NULL equals only NULL.  The first
 * two bytes are compared inline: most strings compared differ in them. */
static inline bool cca_streq(const char *a, const char *b)
{
	return a == b || (a && b && a[0] == b[0] &&
			  (!a[0] || (a[1] == b[1] && (!a[1] || strcmp(a + 2, b + 2) == 0))));
}

/* Whether s starts with prefix (two bytes compared inline first, as in
 * cca_streq). */
static inline bool cca_starts_with(const char *s, const char *prefix)
{
	return !prefix[0] || (s[0] == prefix[0] &&
			      (!prefix[1] || (s[1] == prefix[1] &&
					      strncmp(s, prefix, strlen(prefix)) == 0)));
}

/* Whether s ends with suffix. */
static inline bool cca_ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);

	return n >= m && strcmp(s + n - m, suffix) == 0;
}

bool cca_strcaseeq(const char *a, const char *b);
/* Whether s equals one of the n strings of v (two bytes compared before
 * a call: the lists checks test words against are short and varied). */
bool cca_str_in(const char *s, const char *const *v, size_t n);
/*
 * Whether word is one of the whitespace-separated words of list (a rule
 * parameter such as "2375 2376 6443"), compared case-insensitively when
 * nocase.  A NULL list or an empty word is never found.
 */
bool cca_word_in_list(const char *word, const char *list, bool nocase);

/*
 * The next word of the whitespace-separated list at *p (NULL counts as
 * empty): its start, with its length in *n, *p moved past it; NULL when no
 * word is left.
 */
const char *cca_list_next(const char **p, size_t *n);
/* Edit distance between a and b, capped at 255. */
unsigned cca_edit_distance(const char *a, const char *b);
/*
 * The candidate closest to word, if it is close enough to be a likely typo
 * (distance <= 2, or a unique prefix); NULL otherwise.  candidates is
 * NULL-terminated.
 */
const char *cca_did_you_mean(const char *word, const char *const *candidates);
/* True when s is valid UTF-8 of length n (no overlongs, no surrogates). */
bool cca_utf8_valid(const char *s, size_t n);
/*
 * A copy of s in which every byte that is not part of valid UTF-8 is
 * replaced by U+FFFD, so it can go into any text format.
 */
char *cca_utf8_repair(const char *s);
/*
 * A copy of s (NULL: "") fit for XML 1.0 text and attributes: invalid
 * UTF-8 and every character XML forbids (C0 controls other than tab, LF
 * and CR; U+FFFE, U+FFFF) become U+FFFD, so tampering stays visible.
 */
char *cca_xml_text(const char *s);
/* The 1-based line number of offset off in text. */
unsigned cca_line_of(const char *text, size_t off);

/* ---- dates ------------------------------------------------------------- */

/*
 * Parse a calendar date "YYYY-MM-DD" (exactly that form, a real date) into
 * days since 1970-01-01.  Returns 0, or -1 when s is not such a date.
 */
int cca_date_parse(const char *s, int64_t *days);
/* Format days since 1970-01-01 as "YYYY-MM-DD" into out[11]; days past
 * year 9999 (CCA_NEVER) as "never", before year 0 (CCA_NO_DATE) as "none". */
void cca_date_format(int64_t days, char out[11]);
/*
 * "Now" for everything ccaudit records: SOURCE_DATE_EPOCH when it is set to
 * a valid number (reproducible output), the clock otherwise.
 */
time_t cca_now(void);
/* False when SOURCE_DATE_EPOCH is set but not a plain number of seconds. */
bool cca_source_date_valid(void);
/* Days since 1970-01-01 of a time_t (UTC). */
int64_t cca_days_of(time_t t);
/* ISO 8601 UTC timestamp "YYYY-MM-DDTHH:MM:SSZ" into out[21]. */
void cca_timestamp_format(time_t t, char out[21]);

/* ---- hashing ---------------------------------------------------------- */

/* Lower-case hex SHA-256 of len bytes at data into out[65].  Safe to call
 * from several threads at once. */
void cca_sha256_hex(const void *data, size_t len, char out[65]);

/* The n bytes at bytes as lower-case hex into out[2 * n + 1]. */
void cca_hex(const unsigned char *bytes, size_t n, char *out);

/* ---- secrets ----------------------------------------------------------- */

/*
 * The masked form of a secret value, as every output shows it: at most 4
 * leading characters and at most a quarter of the value, then "***".
 * Returns a newly allocated string.
 */
char *cca_mask_secret(const char *value);

#endif
