/*
 * yaml.c - one YAML document as a jansson tree plus a line map; see yaml.h.
 *
 * The document is read with libyaml's event parser (never its document
 * loader), so every limit is checked while parsing: nesting depth when a
 * collection starts, the value count (with aliases counted at their
 * expanded size) whenever a value is made.  An alias becomes a second
 * reference to the anchored jansson value, not a copy, so a "billion
 * laughs" document costs no memory before the count stops it.  Consumers
 * must therefore treat the tree as read-only (or json_deep_copy() it):
 * aliased values are shared between the places that name them.
 *
 * The line map is a tree of entries, one per value, each naming its parent
 * entry and its key (a member name or a decimal array index), with an
 * open-addressing hash on (parent, key).  Storing key segments instead of
 * whole pointers keeps it proportional to the document, whatever the
 * nesting.  An alias's entry links to the anchored node's entry, so a
 * pointer through an alias reaches the lines where the anchored content
 * stands; keys brought in by a merge link to the entry of the merged key.
 *
 * libyaml is loaded the first time a document is read (lazylib.h), not
 * with every start of the program: most runs read no YAML.
 */
#include <errno.h>
#include <limits.h>
#include <locale.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <yaml.h>

#include "ccaudit/lazylib.h"
#include "ccaudit/util.h"
#include "ccaudit/yaml.h"

/* The libyaml functions this file calls, through a table filled on first
 * use; the names below call through it. */
#define YAML_FUNCTIONS(X) \
	X(yaml_event_delete) X(yaml_parser_delete) X(yaml_parser_initialize) \
	X(yaml_parser_parse) X(yaml_parser_set_input_string)
#define YAML_SLOT(f) __typeof__(f) *f;
#define YAML_SYM(f) { #f, &yaml_fns.f },

static struct {
	YAML_FUNCTIONS(YAML_SLOT)
} yaml_fns;
static pthread_once_t yaml_once = PTHREAD_ONCE_INIT;

static void load_yaml(void)
{
	const struct cca_lazysym syms[] = { YAML_FUNCTIONS(YAML_SYM) };

	cca_lazylib_require("libyaml-0.so.2", "libyaml-0-2", syms, sizeof syms / sizeof syms[0]);
}

#define yaml_event_delete (yaml_fns.yaml_event_delete)
#define yaml_parser_delete (yaml_fns.yaml_parser_delete)
#define yaml_parser_initialize (yaml_fns.yaml_parser_initialize)
#define yaml_parser_parse (yaml_fns.yaml_parser_parse)
#define yaml_parser_set_input_string (yaml_fns.yaml_parser_set_input_string)

/* Entry index meaning "no entry" (also the parent of the root entry). */
#define NONE UINT32_MAX
/* Parent of entries that are not reachable from the root (merge values). */
#define DETACHED (UINT32_MAX - 1)
/* Key bytes that merge keys may copy in total (keys are copied per map). */
#define MERGE_KEY_BYTES_MAX ((size_t)4 * CCA_YAML_MAX_BYTES)

#define TAG_PREFIX "tag:yaml.org,2002:"

/* ---- the line map ------------------------------------------------------ */

struct entry {
	uint32_t parent;   /* entry index, NONE (root) or DETACHED */
	uint32_t key_off;  /* key segment in the map's key pool */
	uint32_t key_len;
	uint32_t link;     /* where this entry's children are, or NONE */
	uint32_t file;     /* index into the map's files, or NONE (the input's own) */
	unsigned line, col;
};

struct cca_linemap {
	struct entry *e;
	size_t n, cap;
	uint32_t *slots;   /* entry index + 1 per slot, 0 when empty */
	size_t nslots;     /* 0 or a power of two */
	size_t used;       /* occupied slots */
	struct cca_buf keys;
	uint32_t root;     /* entry of the root value, or NONE */
	char **files;      /* file names of a built map (cca_linemap_set) */
	size_t nfiles;
};

/* FNV-1a over the parent index and the key bytes. */
static uint32_t hash_key(uint32_t parent, const char *key, size_t len)
{
	uint32_t h = 2166136261u;

	for (int i = 0; i < 4; i++) {
		h ^= (parent >> (8 * i)) & 0xFF;
		h *= 16777619u;
	}
	for (size_t i = 0; i < len; i++) {
		h ^= (unsigned char)key[i];
		h *= 16777619u;
	}
	return h;
}

/* Put entry idx into the hash (which has room for it). */
static void slot_insert(struct cca_linemap *m, uint32_t idx)
{
	const struct entry *e = &m->e[idx];
	size_t mask = m->nslots - 1;
	size_t i = hash_key(e->parent, m->keys.data + e->key_off, e->key_len) & mask;

	while (m->slots[i])
		i = (i + 1) & mask;
	m->slots[i] = idx + 1;
	m->used++;
}

/* Keep the hash at most half full, so that one more entry fits. */
static void slots_reserve(struct cca_linemap *m)
{
	size_t n;

	if ((m->used + 1) * 2 <= m->nslots)
		return;
	n = m->nslots ? m->nslots * 2 : 64;
	free(m->slots);
	m->slots = cca_xcalloc(n, sizeof *m->slots);
	m->nslots = n;
	m->used = 0;
	for (size_t i = 0; i < m->n; i++)
		if (m->e[i].parent < DETACHED)
			slot_insert(m, (uint32_t)i);
}

/*
 * Add an entry whose key is already in the pool at key_off.  Only entries
 * with a real parent go into the hash (root and detached entries are found
 * by index).  Returns the new index, or NONE when the map is full.
 */
static uint32_t lm_add_at(struct cca_linemap *m, uint32_t parent,
			  uint32_t key_off, uint32_t key_len, unsigned line,
			  unsigned col, uint32_t link)
{
	struct entry *e;

	if (m->n >= DETACHED - 1)
		return NONE;
	if (m->n == m->cap) {
		m->cap = m->cap ? m->cap * 2 : 64;
		m->e = cca_xreallocarray(m->e, m->cap, sizeof *m->e);
	}
	e = &m->e[m->n];
	e->parent = parent;
	e->key_off = key_off;
	e->key_len = key_len;
	e->link = link;
	e->file = NONE;
	e->line = line;
	e->col = col;
	m->n++;
	if (parent < DETACHED) {
		slots_reserve(m);
		slot_insert(m, (uint32_t)(m->n - 1));
	}
	return (uint32_t)(m->n - 1);
}

/* Add an entry, copying its key of len bytes into the pool. */
static uint32_t lm_add(struct cca_linemap *m, uint32_t parent, const char *key,
		       size_t len, unsigned line, unsigned col, uint32_t link)
{
	size_t off = m->keys.len;

	if (len > UINT32_MAX || off > UINT32_MAX - len)
		return NONE;
	cca_buf_add(&m->keys, key, len);
	return lm_add_at(m, parent, (uint32_t)off, (uint32_t)len, line, col,
			 link);
}

/* The entry for key (len bytes) directly under entry parent, or NONE. */
static uint32_t lm_find(const struct cca_linemap *m, uint32_t parent,
			const char *key, size_t len)
{
	size_t mask, i;

	if (parent >= DETACHED || !m->nslots)
		return NONE;
	mask = m->nslots - 1;
	i = hash_key(parent, key, len) & mask;
	for (uint32_t s; (s = m->slots[i]) != 0; i = (i + 1) & mask) {
		const struct entry *e = &m->e[s - 1];

		if (e->parent == parent && e->key_len == len &&
		    (len == 0 || memcmp(m->keys.data + e->key_off, key, len) == 0))
			return s - 1;
	}
	return NONE;
}

/*
 * The child key of entry parent, following parent's link (an alias or a
 * merged key has no children of its own; its link names the entry that
 * has them).  NONE when there is no such child.
 */
static uint32_t lm_child(const struct cca_linemap *m, uint32_t parent,
			 const char *key, size_t len)
{
	if (parent >= DETACHED)
		return NONE;
	if (m->e[parent].link != NONE)
		parent = m->e[parent].link;
	return lm_find(m, parent, key, len);
}

/* A new empty line map (no root yet). */
static struct cca_linemap *lm_new(void)
{
	struct cca_linemap *m = cca_xcalloc(1, sizeof *m);

	cca_buf_init(&m->keys);
	m->root = NONE;
	return m;
}

/* Free a line map; NULL is a no-op. */
void cca_linemap_free(struct cca_linemap *m)
{
	if (!m)
		return;
	free(m->e);
	free(m->slots);
	cca_buf_release(&m->keys);
	for (size_t i = 0; i < m->nfiles; i++)
		free(m->files[i]);
	free(m->files);
	free(m);
}

/* Read the next RFC 6901 segment at *p (after its '/') into seg ("~1" is
 * "/", "~0" is "~"); advances *p to the next '/' or the end. */
static void next_segment(const char **p, struct cca_buf *seg)
{
	const char *s = *p + 1;

	cca_buf_reset(seg);
	while (*s && *s != '/') {
		if (s[0] == '~' && s[1] == '1') {
			cca_buf_putc(seg, '/');
			s += 2;
		} else if (s[0] == '~' && s[1] == '0') {
			cca_buf_putc(seg, '~');
			s += 2;
		} else {
			cca_buf_putc(seg, *s++);
		}
	}
	*p = s;
}

/*
 * The entry of the value at pointer, walking one segment at a time and
 * stopping at the deepest entry found; NONE when m is NULL or holds no
 * root.  A pointer that does not start with "/" (other than "") names
 * nothing below the root, so it gets the root.
 */
static uint32_t lm_lookup(const struct cca_linemap *m, const char *pointer)
{
	struct cca_buf seg;
	uint32_t cur;
	const char *p;

	if (!m || m->root == NONE)
		return NONE;
	cur = m->root;
	if (!pointer || *pointer != '/')
		return cur;
	cca_buf_init(&seg);
	p = pointer;
	while (*p == '/') {
		uint32_t next;

		next_segment(&p, &seg);
		next = lm_child(m, cur, cca_buf_str(&seg), seg.len);
		if (next == NONE)
			break;
		cur = next;
	}
	cca_buf_release(&seg);
	return cur;
}

unsigned cca_linemap_line(const struct cca_linemap *m, const char *pointer)
{
	uint32_t e = lm_lookup(m, pointer);

	return e == NONE ? 0 : m->e[e].line;
}

const char *cca_linemap_file(const struct cca_linemap *m, const char *pointer)
{
	uint32_t e = lm_lookup(m, pointer);

	return e == NONE || m->e[e].file == NONE ? NULL : m->files[m->e[e].file];
}

struct cca_linemap *cca_linemap_new(void)
{
	return lm_new();
}

/* The index of file among the map's file names, added when new. */
static uint32_t file_index(struct cca_linemap *m, const char *file)
{
	for (size_t i = m->nfiles; i-- > 0;)
		if (strcmp(m->files[i], file) == 0)
			return (uint32_t)i;
	m->files = cca_xreallocarray(m->files, m->nfiles + 1, sizeof *m->files);
	m->files[m->nfiles] = cca_xstrdup(file);
	return (uint32_t)m->nfiles++;
}

int cca_linemap_set(struct cca_linemap *m, const char *pointer, const char *file,
		    unsigned line)
{
	uint32_t f = file ? file_index(m, file) : NONE, cur;
	struct cca_buf seg;
	const char *p = pointer ? pointer : "";

	if (*p && *p != '/')
		return -1;
	if (m->root == NONE) {
		m->root = lm_add(m, NONE, "", 0, line, 0, NONE);
		if (m->root == NONE)
			return -1;
		m->e[m->root].file = f;
	}
	cur = m->root;
	cca_buf_init(&seg);
	while (*p == '/') {
		uint32_t next;

		next_segment(&p, &seg);
		next = lm_find(m, cur, cca_buf_str(&seg), seg.len);
		if (next == NONE) {
			/* A missing ancestor stands where its parent does. */
			next = lm_add(m, cur, cca_buf_str(&seg), seg.len, m->e[cur].line, 0, NONE);
			if (next == NONE) {
				cca_buf_release(&seg);
				return -1;
			}
			m->e[next].file = m->e[cur].file;
		}
		cur = next;
	}
	cca_buf_release(&seg);
	m->e[cur].line = line;
	m->e[cur].file = f;
	return 0;
}

/* cca_linemap_line() with the pointer built by printf from fmt. */
unsigned cca_linemap_linef(const struct cca_linemap *m, const char *fmt, ...)
{
	struct cca_buf b;
	va_list ap;
	unsigned line;

	if (!m)
		return 0;
	cca_buf_init(&b);
	va_start(ap, fmt);
	cca_buf_vprintf(&b, fmt, ap);
	va_end(ap);
	line = cca_linemap_line(m, cca_buf_str(&b));
	cca_buf_release(&b);
	return line;
}

/* ---- the parse state ---------------------------------------------------- */

/* A named node; value is NULL while the node is still being built. */
struct anchor {
	json_t *value;
	char *text;      /* a scalar's source text (for use as a key) */
	size_t count;    /* values the node stands for, aliases expanded */
	uint32_t entry;  /* its line map entry */
};

/* A mapping whose keys a merge key brings in. */
struct source {
	json_t *obj;
	uint32_t entry;
};

/* An open collection. */
struct frame {
	json_t *node;
	bool is_map;
	uint32_t entry;
	size_t count_start;   /* the value count before this node */
	size_t anchor;        /* anchor index to complete, SIZE_MAX for none */
	size_t index;         /* sequences: index of the next item */
	/* mappings: */
	char *key;            /* key waiting for its value, or NULL */
	unsigned key_line, key_col;
	bool key_merge;       /* that key is the merge key "<<" */
	bool merge_seen;
	size_t merge_pos;     /* explicit keys before "<<" */
	unsigned merge_line, merge_col;
	struct source *src;
	size_t nsrc, srccap;
};

struct ctx {
	const char *name;
	const char *data;
	size_t len;
	struct cca_error *err;
	struct cca_linemap *map;
	struct frame frames[CCA_YAML_MAX_DEPTH];
	size_t depth;
	json_t *root;
	struct anchor *anchors;
	size_t nanchors, anchorcap;
	json_t *anchor_index;  /* anchor name -> index into anchors */
	size_t count;          /* values made so far, aliases expanded */
	size_t merge_bytes;
};

/* Where a node goes, given the innermost open collection. */
enum slot { SLOT_ROOT, SLOT_KEY, SLOT_VALUE, SLOT_MERGE, SLOT_ITEM };

/* libyaml marks are 0-based; messages and the line map are 1-based. */
static unsigned line_of(yaml_mark_t m)
{
	return m.line >= UINT_MAX ? UINT_MAX : (unsigned)m.line + 1;
}

static unsigned col_of(yaml_mark_t m)
{
	return m.column >= UINT_MAX ? UINT_MAX : (unsigned)m.column + 1;
}

/* Set the error "NAME:LINE:COL: what" from a va_list; returns -1. */
__attribute__((format(printf, 5, 0)))
static int failv(struct ctx *c, enum cca_errcode code, unsigned line,
		 unsigned col, const char *fmt, va_list ap)
{
	char what[CCA_ERROR_MAX];

	vsnprintf(what, sizeof what, fmt, ap);
	return cca_error_set(c->err, code, "%s:%u:%u: %s", c->name, line, col,
			     what);
}

/* Set the error "NAME:LINE:COL: what" at a position; returns -1. */
__attribute__((format(printf, 5, 6)))
static int fail_at(struct ctx *c, enum cca_errcode code, unsigned line,
		   unsigned col, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	failv(c, code, line, col, fmt, ap);
	va_end(ap);
	return -1;
}

/* Same, at a libyaml mark. */
__attribute__((format(printf, 4, 5)))
static int fail(struct ctx *c, enum cca_errcode code, yaml_mark_t m,
		const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	failv(c, code, line_of(m), col_of(m), fmt, ap);
	va_end(ap);
	return -1;
}

/* Where the next node goes: as root, key, value, merge value or item. */
static enum slot slot_of(const struct ctx *c)
{
	const struct frame *f;

	if (!c->depth)
		return SLOT_ROOT;
	f = &c->frames[c->depth - 1];
	if (!f->is_map)
		return SLOT_ITEM;
	if (!f->key)
		return SLOT_KEY;
	return f->key_merge ? SLOT_MERGE : SLOT_VALUE;
}

/* Count n more values; fails once the document stands for too many. */
static int count_values(struct ctx *c, size_t n, yaml_mark_t m)
{
	if (n > CCA_YAML_MAX_NODES || c->count + n > CCA_YAML_MAX_NODES)
		return fail(c, CCA_ETOOBIG, m,
			    "document has more than %d values after alias expansion",
			    CCA_YAML_MAX_NODES);
	c->count += n;
	return 0;
}

/*
 * Make the line map entry of a value starting at mark in slot; link is
 * the entry of an aliased node.  Stores the entry in *entry.
 */
static int begin_entry(struct ctx *c, enum slot slot, yaml_mark_t mark,
		       uint32_t link, uint32_t *entry)
{
	struct frame *f = c->depth ? &c->frames[c->depth - 1] : NULL;
	uint32_t e = NONE;
	char index[32];

	switch (slot) {
	case SLOT_ROOT:
		e = lm_add(c->map, NONE, "", 0, line_of(mark), col_of(mark),
			   link);
		c->map->root = e;
		break;
	case SLOT_VALUE:
		e = lm_add(c->map, f->entry, f->key, strlen(f->key),
			   f->key_line, f->key_col, link);
		break;
	case SLOT_MERGE:
		e = lm_add(c->map, DETACHED, "", 0, line_of(mark), col_of(mark),
			   link);
		break;
	case SLOT_ITEM:
		snprintf(index, sizeof index, "%zu", f->index);
		e = lm_add(c->map, f->entry, index, strlen(index), line_of(mark),
			   col_of(mark), link);
		break;
	case SLOT_KEY:
		break;
	}
	if (e == NONE)
		return fail(c, CCA_ETOOBIG, mark, "document has too many values");
	*entry = e;
	return 0;
}

/* Register the anchor name as pending (its node is being built). */
static size_t anchor_begin(struct ctx *c, const char *name)
{
	struct anchor *a;

	if (c->nanchors == c->anchorcap) {
		c->anchorcap = c->anchorcap ? c->anchorcap * 2 : 16;
		c->anchors = cca_xreallocarray(c->anchors, c->anchorcap,
					       sizeof *c->anchors);
	}
	a = &c->anchors[c->nanchors];
	a->value = NULL;
	a->text = NULL;
	a->count = 0;
	a->entry = NONE;
	json_object_set_new(c->anchor_index, name,
			    json_integer((json_int_t)c->nanchors));
	return c->nanchors++;
}

/* Complete anchor idx with its node (a new reference is taken). */
static void anchor_end(struct ctx *c, size_t idx, json_t *value, uint32_t entry,
		       size_t count, const char *text, size_t len)
{
	struct anchor *a = &c->anchors[idx];

	a->value = json_incref(value);
	a->entry = entry;
	a->count = count;
	a->text = text ? cca_xstrndup(text, len) : NULL;
}

/* The anchor an alias names, or NULL with the error set. */
static struct anchor *anchor_find(struct ctx *c, const char *name,
				  yaml_mark_t mark)
{
	json_t *idx = json_object_get(c->anchor_index, name);
	struct anchor *a;

	if (!idx) {
		fail(c, CCA_EINPUT, mark, "undefined alias '*%s'", name);
		return NULL;
	}
	a = &c->anchors[json_integer_value(idx)];
	if (!a->value) {
		fail(c, CCA_EINPUT, mark,
		     "alias '*%s' refers to a node that contains it", name);
		return NULL;
	}
	return a;
}

/* Remember obj (a new reference is taken) as a merge source of f. */
static void add_source(struct frame *f, json_t *obj, uint32_t entry)
{
	if (f->nsrc == f->srccap) {
		f->srccap = f->srccap ? f->srccap * 2 : 4;
		f->src = cca_xreallocarray(f->src, f->srccap, sizeof *f->src);
	}
	f->src[f->nsrc].obj = json_incref(obj);
	f->src[f->nsrc].entry = entry;
	f->nsrc++;
}

/* Record the value of a merge key: a mapping or a list of mappings. */
static int add_sources(struct ctx *c, struct frame *f, json_t *v,
		       uint32_t entry)
{
	size_t i;
	json_t *item;

	if (json_is_object(v)) {
		add_source(f, v, entry);
		return 0;
	}
	if (json_is_array(v)) {
		json_array_foreach(v, i, item) {
			char index[32];
			uint32_t e;

			if (!json_is_object(item))
				break;
			snprintf(index, sizeof index, "%zu", i);
			e = lm_child(c->map, entry, index, strlen(index));
			add_source(f, item, e);
		}
		if (i == json_array_size(v))
			return 0;
	}
	return fail_at(c, CCA_EINPUT, f->merge_line, f->merge_col,
		       "merge key '<<' needs a mapping or a list of mappings");
}

/* Put a finished value (reference stolen) where slot says it goes. */
static int attach(struct ctx *c, enum slot slot, json_t *v, uint32_t entry)
{
	struct frame *f = c->depth ? &c->frames[c->depth - 1] : NULL;
	int rc = 0;

	switch (slot) {
	case SLOT_ROOT:
		c->root = v;
		return 0;
	case SLOT_VALUE:
		if (json_object_set_new(f->node, f->key, v) < 0)
			rc = fail_at(c, CCA_EINPUT, f->key_line, f->key_col,
				     "invalid key '%s'", f->key);
		break;
	case SLOT_MERGE:
		rc = add_sources(c, f, v, entry);
		json_decref(v);
		break;
	case SLOT_ITEM:
		json_array_append_new(f->node, v);
		f->index++;
		return 0;
	case SLOT_KEY:
		json_decref(v);
		return cca_error_set(c->err, CCA_EINTERNAL,
				     "%s: value in key position", c->name);
	}
	free(f->key);
	f->key = NULL;
	return rc;
}

/* ---- scalars ------------------------------------------------------------ */

/* True when the n bytes at s are all in set (and n > 0). */
static bool is_digits(const char *s, size_t n, const char *set)
{
	if (!n)
		return false;
	for (size_t i = 0; i < n; i++)
		if (!strchr(set, s[i]) || !s[i])
			return false;
	return true;
}

/* True when the n bytes at s are exactly one of the NULL-ended words. */
static bool spelled(const char *s, size_t n, const char *const *words)
{
	for (size_t i = 0; words[i]; i++)
		if (strlen(words[i]) == n && memcmp(s, words[i], n) == 0)
			return true;
	return false;
}

/* The core schema null: "", "~", "null", "Null", "NULL". */
static bool is_null_text(const char *s, size_t n)
{
	static const char *const w[] = { "~", "null", "Null", "NULL", NULL };

	return n == 0 || spelled(s, n, w);
}

/* 1 for true, 0 for false, -1 for neither. */
static int bool_text(const char *s, size_t n)
{
	static const char *const t[] = { "true", "True", "TRUE", NULL };
	static const char *const f[] = { "false", "False", "FALSE", NULL };

	return spelled(s, n, t) ? 1 : spelled(s, n, f) ? 0 : -1;
}

/* The core schema int forms: [-+]?[0-9]+, 0o[0-7]+, 0x[0-9a-fA-F]+. */
static bool int_form(const char *s, size_t n, int *base, size_t *skip)
{
	if (n > 2 && s[0] == '0' && s[1] == 'o' && is_digits(s + 2, n - 2, "01234567")) {
		*base = 8;
		*skip = 2;
		return true;
	}
	if (n > 2 && s[0] == '0' && s[1] == 'x' &&
	    is_digits(s + 2, n - 2, "0123456789abcdefABCDEF")) {
		*base = 16;
		*skip = 2;
		return true;
	}
	*base = 10;
	*skip = 0;
	if (n && (s[0] == '-' || s[0] == '+'))
		return is_digits(s + 1, n - 1, "0123456789");
	return is_digits(s, n, "0123456789");
}

/*
 * The core schema float form:
 * [-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?
 */
static bool float_form(const char *s, size_t n)
{
	size_t i = 0, d;

	if (i < n && (s[i] == '-' || s[i] == '+'))
		i++;
	for (d = 0; i < n && s[i] >= '0' && s[i] <= '9'; i++)
		d++;
	if (i < n && s[i] == '.') {
		size_t f = 0;

		for (i++; i < n && s[i] >= '0' && s[i] <= '9'; i++)
			f++;
		if (!d && !f)
			return false;
	} else if (!d) {
		return false;
	}
	if (i < n && (s[i] == 'e' || s[i] == 'E')) {
		size_t e = 0;

		i++;
		if (i < n && (s[i] == '-' || s[i] == '+'))
			i++;
		for (; i < n && s[i] >= '0' && s[i] <= '9'; i++)
			e++;
		if (!e)
			return false;
	}
	return i == n;
}

/* [-+]?\.(inf|Inf|INF) or \.(nan|NaN|NAN): floats JSON cannot hold. */
static bool special_float_form(const char *s, size_t n)
{
	static const char *const w[] = { ".inf", ".Inf", ".INF", ".nan",
					 ".NaN", ".NAN", NULL };
	static const char *const signed_w[] = { ".inf", ".Inf", ".INF", NULL };

	if (n && (s[0] == '-' || s[0] == '+'))
		return spelled(s + 1, n - 1, signed_w);
	return spelled(s, n, w);
}

/* An integer in int form, or NULL when json_int_t cannot hold it. */
static json_t *make_int(const char *s, size_t n)
{
	char *text = cca_xstrndup(s, n), *end;
	int base;
	size_t skip;
	long long v;
	json_t *out = NULL;

	int_form(s, n, &base, &skip);
	errno = 0;
	v = strtoll(text + skip, &end, base);
	if (!errno && *end == '\0')
		out = json_integer((json_int_t)v);
	free(text);
	return out;
}

/*
 * A real in float form, or NULL when it is not finite.  strtod follows
 * LC_NUMERIC, so the '.' is swapped for the locale's decimal point.
 */
static json_t *make_real(const char *s, size_t n)
{
	const char *dp = localeconv()->decimal_point;
	struct cca_buf b;
	char *end;
	double v;
	json_t *out = NULL;

	cca_buf_init(&b);
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '.' && dp && *dp)
			cca_buf_puts(&b, dp);
		else
			cca_buf_putc(&b, s[i]);
	}
	v = strtod(cca_buf_str(&b), &end);
	if (*end == '\0')
		out = json_real(v);  /* NULL for inf and nan */
	cca_buf_release(&b);
	return out;
}

/* A string of n bytes (NUL allowed), or NULL with the error set. */
static json_t *make_string(struct ctx *c, const char *s, size_t n,
			   yaml_mark_t mark)
{
	json_t *v = json_stringn(s, n);

	if (!v)
		fail(c, CCA_EINPUT, mark, "scalar is not valid UTF-8");
	return v;
}

/* A plain untagged scalar, resolved per the YAML 1.2 core schema. */
static json_t *resolve_plain(struct ctx *c, const char *s, size_t n,
			     yaml_mark_t mark)
{
	int base, b;
	size_t skip;
	json_t *v = NULL;

	if (is_null_text(s, n))
		return json_null();
	if ((b = bool_text(s, n)) >= 0)
		return json_boolean(b);
	if (int_form(s, n, &base, &skip))
		v = make_int(s, n);
	else if (float_form(s, n))
		v = make_real(s, n);
	/* Numbers JSON cannot hold (.inf, 1e999, 2^64) keep their text. */
	return v ? v : make_string(c, s, n, mark);
}

/*
 * The jansson value of a scalar event: explicit core tags first (!!str,
 * !!null, !!bool, !!int, !!float; "!" forces a string), then the plain
 * resolution; quoted and block scalars are strings.  Other tags are
 * ignored.  NULL with the error set when a tagged value is misspelled.
 */
static json_t *resolve(struct ctx *c, const yaml_event_t *ev)
{
	const char *s = (const char *)ev->data.scalar.value;
	size_t n = ev->data.scalar.length;
	const char *tag = (const char *)ev->data.scalar.tag;
	yaml_mark_t mark = ev->start_mark;
	size_t plen = strlen(TAG_PREFIX);
	json_t *v = NULL;
	int base, b;
	size_t skip;

	if (tag && strcmp(tag, "!") == 0)
		return make_string(c, s, n, mark);
	if (tag && strncmp(tag, TAG_PREFIX, plen) == 0) {
		const char *t = tag + plen;

		if (strcmp(t, "str") == 0)
			return make_string(c, s, n, mark);
		if (strcmp(t, "null") == 0) {
			if (is_null_text(s, n))
				return json_null();
		} else if (strcmp(t, "bool") == 0) {
			if ((b = bool_text(s, n)) >= 0)
				return json_boolean(b);
		} else if (strcmp(t, "int") == 0) {
			if (int_form(s, n, &base, &skip) && (v = make_int(s, n)))
				return v;
		} else if (strcmp(t, "float") == 0) {
			if (special_float_form(s, n))
				return make_string(c, s, n, mark);
			if ((int_form(s, n, &base, &skip) && base == 10) ||
			    float_form(s, n)) {
				if ((v = make_real(s, n)))
					return v;
				return make_string(c, s, n, mark);
			}
		} else {
			goto untagged;
		}
		fail(c, CCA_EINPUT, mark, "'%.*s' is not a valid !!%s",
		     n > 64 ? 64 : (int)n, s, t);
		return NULL;
	}
untagged:
	if (ev->data.scalar.style == YAML_PLAIN_SCALAR_STYLE)
		return resolve_plain(c, s, n, mark);
	return make_string(c, s, n, mark);
}

/* ---- events ------------------------------------------------------------- */

/* Make text the key waiting in the innermost mapping. */
static int set_key(struct ctx *c, const char *text, size_t len, bool merge,
		   yaml_mark_t mark)
{
	struct frame *f = &c->frames[c->depth - 1];

	if (memchr(text, '\0', len))
		return fail(c, CCA_EINPUT, mark, "key contains a NUL character");
	if (merge) {
		if (f->merge_seen)
			return fail(c, CCA_EINPUT, mark, "duplicate key '<<'");
		f->merge_seen = true;
		f->merge_pos = json_object_size(f->node);
		f->merge_line = line_of(mark);
		f->merge_col = col_of(mark);
	} else if (json_object_get(f->node, text)) {
		return fail(c, CCA_EINPUT, mark, "duplicate key '%s'", text);
	}
	f->key = cca_xstrndup(text, len);
	f->key_line = line_of(mark);
	f->key_col = col_of(mark);
	f->key_merge = merge;
	return 0;
}

/* A scalar in key position: the key is its text; "<<" is the merge key. */
static int on_key_scalar(struct ctx *c, const yaml_event_t *ev)
{
	const char *s = (const char *)ev->data.scalar.value;
	size_t n = ev->data.scalar.length;
	const char *tag = (const char *)ev->data.scalar.tag;
	bool merge;

	merge = (!tag && ev->data.scalar.style == YAML_PLAIN_SCALAR_STYLE &&
		 n == 2 && memcmp(s, "<<", 2) == 0) ||
		(tag && strcmp(tag, TAG_PREFIX "merge") == 0);
	if (set_key(c, s, n, merge, ev->start_mark) < 0)
		return -1;
	if (ev->data.scalar.anchor) {
		json_t *v = resolve(c, ev);
		size_t idx;

		if (!v)
			return -1;
		idx = anchor_begin(c, (const char *)ev->data.scalar.anchor);
		anchor_end(c, idx, v, NONE, 1, s, n);
		json_decref(v);
	}
	return 0;
}

/* A scalar event: a key, or a counted value put in its place. */
static int on_scalar(struct ctx *c, const yaml_event_t *ev)
{
	enum slot slot = slot_of(c);
	json_t *v;
	uint32_t entry;

	if (slot == SLOT_KEY)
		return on_key_scalar(c, ev);
	if (count_values(c, 1, ev->start_mark) < 0)
		return -1;
	if (!(v = resolve(c, ev)))
		return -1;
	if (begin_entry(c, slot, ev->start_mark, NONE, &entry) < 0) {
		json_decref(v);
		return -1;
	}
	if (ev->data.scalar.anchor) {
		size_t idx = anchor_begin(c, (const char *)ev->data.scalar.anchor);

		anchor_end(c, idx, v, entry, 1,
			   (const char *)ev->data.scalar.value,
			   ev->data.scalar.length);
	}
	return attach(c, slot, v, entry);
}

/*
 * An alias: the anchored value again (shared, counted at its expanded
 * size), or the anchored scalar's text in key position.
 */
static int on_alias(struct ctx *c, const yaml_event_t *ev)
{
	const char *name = (const char *)ev->data.alias.anchor;
	enum slot slot = slot_of(c);
	struct anchor *a;
	uint32_t entry;

	if (!(a = anchor_find(c, name, ev->start_mark)))
		return -1;
	if (slot == SLOT_KEY) {
		if (!a->text)
			return fail(c, CCA_EINPUT, ev->start_mark,
				    "alias '*%s' cannot be a mapping key: it is not a scalar",
				    name);
		return set_key(c, a->text, strlen(a->text), false,
			       ev->start_mark);
	}
	if (count_values(c, a->count, ev->start_mark) < 0)
		return -1;
	if (begin_entry(c, slot, ev->start_mark, a->entry, &entry) < 0)
		return -1;
	return attach(c, slot, json_incref(a->value), entry);
}

/* A mapping or sequence starts: check key position and depth, open it. */
static int on_start(struct ctx *c, const yaml_event_t *ev, bool is_map)
{
	enum slot slot = slot_of(c);
	const char *what = is_map ? "mapping" : "sequence";
	const yaml_char_t *anchor = is_map ? ev->data.mapping_start.anchor
					   : ev->data.sequence_start.anchor;
	struct frame *f;
	size_t count_start = c->count;
	uint32_t entry;

	if (slot == SLOT_KEY)
		return fail(c, CCA_EINPUT, ev->start_mark,
			    "a %s cannot be a mapping key", what);
	if (c->depth >= CCA_YAML_MAX_DEPTH)
		return fail(c, CCA_ETOOBIG, ev->start_mark,
			    "nesting deeper than %d levels", CCA_YAML_MAX_DEPTH);
	if (count_values(c, 1, ev->start_mark) < 0)
		return -1;
	if (begin_entry(c, slot, ev->start_mark, NONE, &entry) < 0)
		return -1;
	f = &c->frames[c->depth++];
	memset(f, 0, sizeof *f);
	f->node = is_map ? json_object() : json_array();
	f->is_map = is_map;
	f->entry = entry;
	f->count_start = count_start;
	f->anchor = anchor ? anchor_begin(c, (const char *)anchor) : SIZE_MAX;
	return 0;
}

/* Copy the keys of f's merge sources that out (and f) lack into out. */
static int merge_into(struct ctx *c, struct frame *f, json_t *out)
{
	for (size_t i = 0; i < f->nsrc; i++) {
		const char *k;
		json_t *v;

		json_object_foreach(f->src[i].obj, k, v) {
			size_t klen = strlen(k);
			uint32_t ce;

			if (json_object_get(f->node, k) || json_object_get(out, k))
				continue;
			c->merge_bytes += klen + 1;
			if (c->merge_bytes > MERGE_KEY_BYTES_MAX)
				return fail_at(c, CCA_ETOOBIG, f->merge_line,
					       f->merge_col,
					       "merge keys copy more than %zu bytes of keys",
					       MERGE_KEY_BYTES_MAX);
			json_object_set(out, k, v);
			ce = lm_child(c->map, f->src[i].entry, k, klen);
			if (ce == NONE)
				continue;
			if (lm_add_at(c->map, f->entry, c->map->e[ce].key_off,
				      c->map->e[ce].key_len, c->map->e[ce].line,
				      c->map->e[ce].col,
				      c->map->e[ce].link != NONE ?
				      c->map->e[ce].link : ce) == NONE)
				return fail_at(c, CCA_ETOOBIG, f->merge_line,
					       f->merge_col,
					       "document has too many values");
		}
	}
	return 0;
}

/*
 * Apply the merge key: the merged keys go where "<<" stood, explicit keys
 * win over merged ones, earlier sources over later ones.
 */
static int apply_merges(struct ctx *c, struct frame *f)
{
	json_t *out = json_object(), *v;
	const char *k;
	size_t i = 0;
	bool merged = false;

	json_object_foreach(f->node, k, v) {
		if (i++ == f->merge_pos) {
			if (merge_into(c, f, out) < 0)
				goto fail;
			merged = true;
		}
		json_object_set(out, k, v);
	}
	if (!merged && merge_into(c, f, out) < 0)
		goto fail;
	json_decref(f->node);
	f->node = out;
	return 0;
fail:
	json_decref(out);
	return -1;
}

/* Free what an open collection holds (on success and on errors). */
static void frame_release(struct frame *f)
{
	json_decref(f->node);
	f->node = NULL;
	free(f->key);
	f->key = NULL;
	for (size_t i = 0; i < f->nsrc; i++)
		json_decref(f->src[i].obj);
	free(f->src);
	f->src = NULL;
	f->nsrc = f->srccap = 0;
}

/* A collection ends: apply merges, complete its anchor, put it in place. */
static int on_end(struct ctx *c)
{
	struct frame *f;
	json_t *v;
	uint32_t entry;
	size_t anchor, count;

	if (!c->depth)
		return cca_error_set(c->err, CCA_EINTERNAL,
				     "%s: unbalanced collection end", c->name);
	f = &c->frames[c->depth - 1];
	if (f->is_map && f->nsrc && apply_merges(c, f) < 0)
		return -1;
	v = json_incref(f->node);
	entry = f->entry;
	anchor = f->anchor;
	count = c->count - f->count_start;
	frame_release(f);
	c->depth--;
	if (anchor != SIZE_MAX)
		anchor_end(c, anchor, v, entry, count, NULL, 0);
	return attach(c, slot_of(c), v, entry);
}

/* ---- libyaml errors ------------------------------------------------------ */

/* 1-based line and column of byte offset off in the input. */
static void position_of(const struct ctx *c, size_t off, unsigned *line,
			unsigned *col)
{
	unsigned l = 1, k = 1;

	if (off > c->len)
		off = c->len;
	for (size_t i = 0; i < off; i++) {
		unsigned char ch = (unsigned char)c->data[i];

		if (ch == '\n') {
			l++;
			k = 1;
		} else if ((ch & 0xC0) != 0x80) {
			k++;
		}
	}
	*line = l;
	*col = k;
}

/* The input byte at a 1-based line and column, or -1 (ASCII lines only). */
static int byte_at(const struct ctx *c, unsigned line, unsigned col)
{
	size_t i = 0;

	for (unsigned l = 1; l < line; l++) {
		const char *nl = memchr(c->data + i, '\n', c->len - i);

		if (!nl)
			return -1;
		i = (size_t)(nl - c->data) + 1;
	}
	for (unsigned k = 1; k < col; k++, i++)
		if (i >= c->len || c->data[i] == '\n')
			return -1;
	return i < c->len ? (unsigned char)c->data[i] : -1;
}

/* Turn libyaml's problem into "NAME:LINE:COL: problem". */
static int parser_error(struct ctx *c, const yaml_parser_t *p)
{
	const char *problem = p->problem ? p->problem : "syntax error";
	unsigned line, col;

	switch (p->error) {
	case YAML_MEMORY_ERROR:
		return cca_error_set(c->err, CCA_ENOMEM,
				     "%s: out of memory while parsing", c->name);
	case YAML_READER_ERROR:
		position_of(c, p->problem_offset, &line, &col);
		if (p->problem_value >= 0)
			return fail_at(c, CCA_EINPUT, line, col, "%s (0x%02x)",
				       problem, (unsigned)p->problem_value);
		return fail_at(c, CCA_EINPUT, line, col, "%s", problem);
	case YAML_SCANNER_ERROR:
	case YAML_PARSER_ERROR:
		line = line_of(p->problem_mark);
		col = col_of(p->problem_mark);
		if (byte_at(c, line, col) == '\t')
			return fail_at(c, CCA_EINPUT, line, col,
				       "%s (a tab cannot indent YAML; use spaces)",
				       problem);
		if (p->context && p->context_mark.line != p->problem_mark.line)
			return fail_at(c, CCA_EINPUT, line, col,
				       "%s (%s started at line %u)", problem,
				       p->context, line_of(p->context_mark));
		return fail_at(c, CCA_EINPUT, line, col, "%s", problem);
	default:
		return cca_error_set(c->err, CCA_EINTERNAL,
				     "%s: the YAML parser failed", c->name);
	}
}

/* ---- entry points -------------------------------------------------------- */

/* Free the parse state, including whatever root and map it still owns. */
static void ctx_release(struct ctx *c)
{
	while (c->depth)
		frame_release(&c->frames[--c->depth]);
	for (size_t i = 0; i < c->nanchors; i++) {
		json_decref(c->anchors[i].value);
		free(c->anchors[i].text);
	}
	free(c->anchors);
	json_decref(c->anchor_index);
	json_decref(c->root);
	cca_linemap_free(c->map);
}

/* Pull events until the stream ends; 0 or -1 with the error set. */
static int run(struct ctx *c, yaml_parser_t *p)
{
	unsigned docs = 0;

	for (;;) {
		yaml_event_t ev;
		int rc = 0;
		bool done = false;

		if (!yaml_parser_parse(p, &ev))
			return parser_error(c, p);
		switch (ev.type) {
		case YAML_DOCUMENT_START_EVENT:
			if (docs++)
				rc = fail(c, CCA_EINPUT, ev.start_mark,
					  "more than one document (only one is allowed)");
			break;
		case YAML_SCALAR_EVENT:
			rc = on_scalar(c, &ev);
			break;
		case YAML_ALIAS_EVENT:
			rc = on_alias(c, &ev);
			break;
		case YAML_SEQUENCE_START_EVENT:
			rc = on_start(c, &ev, false);
			break;
		case YAML_MAPPING_START_EVENT:
			rc = on_start(c, &ev, true);
			break;
		case YAML_SEQUENCE_END_EVENT:
		case YAML_MAPPING_END_EVENT:
			rc = on_end(c);
			break;
		case YAML_STREAM_END_EVENT:
		case YAML_NO_EVENT:
			done = true;
			break;
		default:
			break;
		}
		yaml_event_delete(&ev);
		if (rc < 0)
			return -1;
		if (done)
			return 0;
	}
}

/*
 * Parse one YAML document into a jansson tree and a line map; see yaml.h
 * for the contract.  On failure nothing is returned through root or lines
 * (they are set to NULL) and err says "NAME:LINE:COL: what".
 */
int cca_yaml_parse(const char *name, const char *data, size_t len,
		   json_t **root, struct cca_linemap **lines,
		   struct cca_error *err)
{
	struct ctx c;
	yaml_parser_t p;
	int rc;

	if (root)
		*root = NULL;
	if (lines)
		*lines = NULL;
	if (!name)
		name = "<input>";
	if (len > CCA_YAML_MAX_BYTES)
		return cca_error_set(err, CCA_ETOOBIG,
				     "'%s' is larger than the limit of %u bytes",
				     name, CCA_YAML_MAX_BYTES);
	memset(&c, 0, sizeof c);
	c.name = name;
	c.data = data && len ? data : "";
	c.len = data ? len : 0;
	c.err = err;
	c.map = lm_new();
	c.anchor_index = json_object();
	pthread_once(&yaml_once, load_yaml);
	if (!yaml_parser_initialize(&p)) {
		ctx_release(&c);
		return cca_error_set(err, CCA_ENOMEM,
				     "%s: cannot start the YAML parser", name);
	}
	yaml_parser_set_input_string(&p, (const unsigned char *)c.data, c.len);
	rc = run(&c, &p);
	yaml_parser_delete(&p);
	if (rc < 0) {
		ctx_release(&c);
		return -1;
	}
	if (!c.root) {  /* no document at all */
		c.root = json_null();
		c.map->root = lm_add(c.map, NONE, "", 0, 1, 1, NONE);
	}
	if (root) {
		*root = c.root;
		c.root = NULL;
	}
	if (lines) {
		*lines = c.map;
		c.map = NULL;
	}
	ctx_release(&c);
	return 0;
}

/* Read path (at most CCA_YAML_MAX_BYTES) and parse it as cca_yaml_parse(). */
int cca_yaml_load(const char *path, json_t **root, struct cca_linemap **lines,
		  struct cca_error *err)
{
	char *data;
	size_t len;
	int rc;

	if (root)
		*root = NULL;
	if (lines)
		*lines = NULL;
	if (cca_file_read(path, CCA_YAML_MAX_BYTES, &data, &len, err) < 0)
		return -1;
	rc = cca_yaml_parse(path, data, len, root, lines, err);
	free(data);
	return rc;
}

void cca_pointer_escape(struct cca_buf *b, const char *name)
{
	for (const char *p = name; *p; p++) {
		if (*p == '~')
			cca_buf_puts(b, "~0");
		else if (*p == '/')
			cca_buf_puts(b, "~1");
		else
			cca_buf_putc(b, *p);
	}
}

char *cca_pointer_join(const char *ptr, const char *name)
{
	struct cca_buf b;

	cca_buf_init(&b);
	cca_buf_puts(&b, ptr);
	cca_buf_putc(&b, '/');
	cca_pointer_escape(&b, name);
	return cca_buf_detach(&b);
}

const char *cca_json_go_kind(const json_t *v)
{
	switch (json_typeof(v)) {
	case JSON_OBJECT: return "object";
	case JSON_ARRAY: return "array";
	case JSON_STRING: return "string";
	case JSON_INTEGER:
	case JSON_REAL: return "number";
	case JSON_TRUE:
	case JSON_FALSE: return "bool";
	case JSON_NULL: return "null";
	}
	return "value";
}
