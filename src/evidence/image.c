/*
 * image.c - read container images from files: docker-archive tarballs
 * (`docker save`, and skopeo's layout where <id>/layer.tar is a symlink to
 * <diffid>.tar), OCI image layouts as a directory or a tar (an index of
 * several manifests or platforms), and `docker image inspect` JSON.
 *
 * Nothing is ever extracted.  Layers are streamed through three libarchive
 * readers: the outer tar (or a blob file) -> a raw reader that undoes gzip
 * or zstd -> a tar reader of the layer.  The bytes as stored and the bytes
 * uncompressed are hashed on the way, and checked against the manifest's
 * digest and the configuration's diff_id once the layer is read; a
 * mismatch makes the image an error.  Entries are applied in layer order
 * with whiteouts (.wh.NAME, .wh..wh..opq) to a tree that becomes the final
 * inventory; the few files the checks read (passwd, shadow, package
 * databases, ...) are kept in memory up to a cap.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <jansson.h>
#include <nettle/sha2.h>

#include "ccaudit/archivelib.h"
#include "ccaudit/image.h"
#include "ccaudit/util.h"

/* libarchive, loaded by the entry points before anything here uses it. */
static const struct cca_archive_fns *A;

#define BLOCK (128 * 1024)
#define MAX_MEMBERS 100000
#define MAX_INDEX_DEPTH 4
#define MAX_WARNINGS 20
#define PEEK 64
#define PROGRESS_STEP (16u << 20)

/* ==== the outer archive or directory ======================================= */

struct member {
	char *name;          /* normalised: no leading ./ */
	int type;            /* AE_IFREG, AE_IFLNK, ... */
	uint64_t size;
	char *link;          /* symlink target */
};

struct reader {
	const char *path;
	const struct cca_image_opts *o;
	bool is_dir;
	struct member *m;
	size_t nm;
	char **warnings;
	size_t nwarnings;
};

static void reader_release(struct reader *r)
{
	for (size_t i = 0; i < r->nm; i++) {
		free(r->m[i].name);
		free(r->m[i].link);
	}
	free(r->m);
	for (size_t i = 0; i < r->nwarnings; i++)
		free(r->warnings[i]);
	free(r->warnings);
}

static struct archive *outer_new(void)
{
	struct archive *a = A->read_new();

	A->read_support_format_tar(a);
	A->read_support_filter_gzip(a);
	A->read_support_filter_zstd(a);
	return a;
}

/*
 * Normalise a relative path inside the archive: "." and empty components
 * dropped; ".." taken back when resolve (NULL when it climbs out), refused
 * otherwise.  NULL for an absolute path.
 */
static char *normal_path(const char *raw, bool resolve)
{
	struct cca_buf b;
	const char *p = raw;

	if (!raw || *raw == '/')
		return NULL;
	cca_buf_init(&b);
	cca_buf_putc(&b, '\0');
	b.len = 0;
	while (*p) {
		const char *e = strchr(p, '/');
		size_t n = e ? (size_t)(e - p) : strlen(p);

		if (n == 2 && p[0] == '.' && p[1] == '.') {
			char *s;

			if (!resolve || !b.len) {
				cca_buf_release(&b);
				return NULL;
			}
			s = strrchr(b.data, '/');
			b.len = s ? (size_t)(s - b.data) : 0;
			b.data[b.len] = '\0';
		} else if (n && !(n == 1 && p[0] == '.')) {
			if (b.len)
				cca_buf_putc(&b, '/');
			cca_buf_add(&b, p, n);
		}
		p += n;
		if (*p == '/')
			p++;
	}
	return cca_buf_detach(&b);
}

/* An archive member name normalised; NULL when it has ".." or is absolute. */
static char *member_name(const char *raw)
{
	return normal_path(raw, false);
}

static int cmp_member(const void *a, const void *b)
{
	return strcmp((*(struct member *const *)a)->name, (*(struct member *const *)b)->name);
}

/* List the members of the outer tar. */
static int index_tar(struct reader *r, struct cca_error *err)
{
	struct archive *a = outer_new();
	struct archive_entry *e;
	int rc = 0, st;

	if (A->read_open_filename(a, r->path, BLOCK) != ARCHIVE_OK) {
		rc = cca_error_set(err, CCA_EIO, "cannot read '%s': %s", r->path,
				   A->error_string(a));
		goto out;
	}
	while ((st = A->read_next_header(a, &e)) != ARCHIVE_EOF) {
		const char *raw = A->entry_pathname(e);
		char *name;

		if (st < ARCHIVE_WARN) {
			rc = cca_error_set(err, CCA_EINPUT, "'%s': not a readable tar archive: %s",
					   r->path, A->error_string(a));
			goto out;
		}
		if (!(name = member_name(raw))) {
			rc = cca_error_set(err, CCA_EINPUT,
					   "'%s': member '%s' is an absolute path or climbs out with '..'",
					   r->path, raw ? raw : "?");
			goto out;
		}
		if (!*name) {
			free(name);
			continue;
		}
		if (r->nm >= MAX_MEMBERS) {
			free(name);
			rc = cca_error_set(err, CCA_ETOOBIG, "'%s': more than %d members", r->path,
					   MAX_MEMBERS);
			goto out;
		}
		if (!(r->nm & (r->nm - 1)) || !r->nm)
			r->m = cca_xreallocarray(r->m, r->nm ? r->nm * 2 : 1, sizeof *r->m);
		r->m[r->nm].name = name;
		r->m[r->nm].type = (int)A->entry_filetype(e);
		r->m[r->nm].size = (uint64_t)A->entry_size(e);
		r->m[r->nm].link = A->entry_symlink(e) ? cca_xstrdup(A->entry_symlink(e))
				   : A->entry_hardlink(e) ? cca_xstrdup(A->entry_hardlink(e))
				   : NULL;
		if (A->entry_hardlink(e))
			r->m[r->nm].type = -1;     /* a hard link: resolve by name */
		r->nm++;
	}
	/* a name twice (but a directory) is ambiguous: which one would a loader use? */
	if (r->nm > 1) {
		struct member **v = cca_xcalloc(r->nm, sizeof *v);

		for (size_t i = 0; i < r->nm; i++)
			v[i] = &r->m[i];
		qsort(v, r->nm, sizeof *v, cmp_member);
		for (size_t i = 1; i < r->nm && rc == 0; i++)
			if (strcmp(v[i]->name, v[i - 1]->name) == 0 && v[i]->type != AE_IFDIR)
				rc = cca_error_set(err, CCA_EINPUT, "'%s': member '%s' appears twice",
						   r->path, v[i]->name);
		free(v);
	}
out:
	A->read_free(a);
	return rc;
}

static long find_member(const struct reader *r, const char *name)
{
	for (size_t i = 0; i < r->nm; i++)
		if (strcmp(r->m[i].name, name) == 0)
			return (long)i;
	return -1;
}

/* A path inside the archive normalised, ".." resolved; NULL when it climbs out. */
static char *archive_path(const char *raw)
{
	return normal_path(raw, true);
}

/* The member a name leads to, following symlinks and hard links inside the archive. */
static long resolve_member(const struct reader *r, const char *name, struct cca_error *err)
{
	char *cur = member_name(name);

	if (!cur)
		return cca_error_set(err, CCA_EINPUT, "'%s': '%s' points outside the archive",
				     r->path, name);
	for (int hop = 0; hop < 8; hop++) {
		long i = find_member(r, cur);
		char *next, *joined;
		const char *slash;

		if (i < 0) {
			cca_error_set(err, CCA_EINPUT, "'%s': '%s' is not in the archive", r->path, cur);
			free(cur);
			return -1;
		}
		if (r->m[i].type == AE_IFREG) {
			free(cur);
			return i;
		}
		if (!r->m[i].link) {
			cca_error_set(err, CCA_EINPUT, "'%s': '%s' is not a regular file", r->path, cur);
			free(cur);
			return -1;
		}
		slash = strrchr(cur, '/');
		joined = r->m[i].type == -1 || !slash
			 ? cca_xstrdup(r->m[i].link)
			 : cca_xasprintf("%.*s/%s", (int)(slash - cur), cur, r->m[i].link);
		next = archive_path(joined);
		free(joined);
		if (!next) {
			cca_error_set(err, CCA_EINPUT, "'%s': link '%s' -> '%s' points outside the archive",
				      r->path, cur, r->m[i].link);
			free(cur);
			return -1;
		}
		free(cur);
		cur = next;
	}
	cca_error_set(err, CCA_EINPUT, "'%s': '%s': too many levels of links (a loop?)", r->path,
		      name);
	free(cur);
	return -1;
}

/* Open the outer archive positioned at member idx. */
static struct archive *open_member(const struct reader *r, long idx, struct cca_error *err)
{
	struct archive *a = outer_new();
	struct archive_entry *e;
	long k = 0;

	if (A->read_open_filename(a, r->path, BLOCK) != ARCHIVE_OK)
		goto fail;
	while (A->read_next_header(a, &e) >= ARCHIVE_WARN) {
		char *name = member_name(A->entry_pathname(e));
		bool skip = !name || !*name;

		free(name);
		if (skip)
			continue;
		if (k++ == idx)
			return a;
	}
fail:
	cca_error_set(err, CCA_EIO, "cannot read '%s': %s", r->path,
		      A->error_string(a) ? A->error_string(a) : "member vanished");
	A->read_free(a);
	return NULL;
}

/* ==== digests and blobs ==================================================== */

/* Whether d is "sha256:" and 64 lower-case hex digits. */
static bool digest_ok(const char *d)
{
	if (!d || strncmp(d, "sha256:", 7) != 0 || strlen(d) != 71)
		return false;
	for (const char *p = d + 7; *p; p++)
		if (!((*p >= '0' && *p <= '9') || (*p >= 'a' && *p <= 'f')))
			return false;
	return true;
}

/* The digest of what h has read, as "sha256:HEX", into out. */
static void hex_of(struct sha256_ctx *h, char out[72])
{
	uint8_t md[SHA256_DIGEST_SIZE];

	sha256_digest(h, sizeof md, md);
	memcpy(out, "sha256:", 7);
	cca_hex(md, sizeof md, out + 7);
}

/* The digest a member name states (blobs/sha256/HEX, HEX.tar, HEX.json, HEX/...), or "". */
static void digest_of_name(const char *name, char out[72])
{
	const char *b = strrchr(name, '/');
	char d[80];

	out[0] = '\0';
	if (strncmp(name, "blobs/sha256/", 13) == 0 && strlen(name) == 77)
		snprintf(d, sizeof d, "sha256:%s", name + 13);
	else if (!strchr(name, '/') && (strlen(name) == 68 || strlen(name) == 69) &&
		 (strcmp(name + 64, ".tar") == 0 || strcmp(name + 64, ".json") == 0))
		snprintf(d, sizeof d, "sha256:%.64s", name);
	else
		return;
	(void)b;
	if (digest_ok(d))
		memcpy(out, d, 72);
}

/*
 * Read a whole blob (at most max bytes): a member of the outer archive by
 * name, or a file of the layout directory by digest.  The bytes are checked
 * against digest (when given) and size (when >= 0).
 */
static int read_blob(struct reader *r, const char *name, const char *digest, int64_t size,
		     size_t max, char **out, size_t *len, struct cca_error *err)
{
	struct cca_buf b;
	char got[72], *label;
	int rc = -1;

	cca_buf_init(&b);
	if (digest && !digest_ok(digest))
		return cca_error_set(err, CCA_EINPUT, "'%s': unsupported or malformed digest '%s'",
				     r->path, digest);
	label = cca_xstrdup(name);
	if (r->is_dir) {
		char *p = cca_xasprintf("%s/%s", r->path, name);
		int fd = open(p, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
		struct stat st;

		free(p);
		if (fd < 0 || fstat(fd, &st) < 0 || !S_ISREG(st.st_mode)) {
			cca_error_set(err, CCA_EINPUT, "'%s': blob '%s' is missing or not a regular file",
				      r->path, name);
			if (fd >= 0)
				close(fd);
			goto out;
		}
		if ((uint64_t)st.st_size > max) {
			close(fd);
			cca_error_set(err, CCA_ETOOBIG, "'%s': '%s' is larger than %zu bytes", r->path,
				      name, max);
			goto out;
		}
		for (;;) {
			char buf[8192];
			ssize_t n = read(fd, buf, sizeof buf);

			if (n < 0) {
				close(fd);
				cca_error_set(err, CCA_EIO, "cannot read '%s/%s': %s", r->path, name,
					      strerror(errno));
				goto out;
			}
			if (n == 0)
				break;
			cca_buf_add(&b, buf, (size_t)n);
			if (b.len > max) {
				close(fd);
				cca_error_set(err, CCA_ETOOBIG, "'%s': '%s' is larger than %zu bytes",
					      r->path, name, max);
				goto out;
			}
		}
		close(fd);
	} else {
		long idx = resolve_member(r, name, err);
		struct archive *a;

		if (idx < 0)
			goto out;
		if (r->m[idx].size > max) {
			cca_error_set(err, CCA_ETOOBIG, "'%s': '%s' is larger than %zu bytes", r->path,
				      name, max);
			goto out;
		}
		if (!(a = open_member(r, idx, err)))
			goto out;
		for (;;) {
			char buf[8192];
			la_ssize_t n = A->read_data(a, buf, sizeof buf);

			if (n < 0) {
				cca_error_set(err, CCA_EINPUT, "'%s': cannot read '%s': %s", r->path,
					      name, A->error_string(a));
				A->read_free(a);
				goto out;
			}
			if (n == 0)
				break;
			cca_buf_add(&b, buf, (size_t)n);
			if (b.len > max)
				break;
		}
		A->read_free(a);
	}
	if (size >= 0 && (uint64_t)size != b.len) {
		cca_error_set(err, CCA_EINPUT, "'%s': '%s' has %zu bytes, the manifest says %lld",
			      r->path, name, b.len, (long long)size);
		goto out;
	}
	if (digest) {
		cca_sha256_hex(b.data ? b.data : "", b.len, got + 7);
		memcpy(got, "sha256:", 7);
		if (strcmp(got, digest) != 0) {
			cca_error_set(err, CCA_EINPUT, "'%s': digest mismatch for '%s': content is %s",
				      r->path, name, got);
			goto out;
		}
	}
	cca_buf_putc(&b, '\0');
	*len = b.len - 1;
	*out = cca_buf_detach(&b);
	rc = 0;
out:
	if (rc < 0)
		cca_buf_release(&b);
	free(label);
	return rc;
}

/* The name a blob has in the layout (directory or tar). */
static char *blob_name(const char *digest)
{
	return cca_xasprintf("blobs/sha256/%s", digest + 7);
}

static json_t *parse_json(const struct reader *r, const char *name, const char *text, size_t len,
			  struct cca_error *err)
{
	json_error_t je;
	json_t *j = json_loadb(text, len, JSON_REJECT_DUPLICATES, &je);

	if (!j)
		cca_error_set(err, CCA_EINPUT, "%s: %s:%d: invalid JSON: %s", r->path, name, je.line,
			      je.text);
	return j;
}

/* ==== the layer model ====================================================== */

struct node {
	char *path;
	struct node *parent, *child, *next, *prev;
	enum cca_image_ftype type;
	unsigned mode;
	unsigned long uid, gid;
	uint64_t size;
	char *link;
	unsigned layer;          /* 1-based; the layer that wrote it */
	unsigned wrote;          /* the layer whose entry set it explicitly */
	bool present;
	char *data;
	size_t len;
	bool truncated, pkey;
	uint64_t cum, min;       /* dive's per-path sums */
	unsigned count;
};

enum pkind { P_ENTRY, P_WHITEOUT, P_OPAQUE };

struct pending {
	enum pkind kind;
	char *path;
	char *link;
	bool hardlink;
	enum cca_image_ftype type;
	unsigned mode;
	unsigned long uid, gid;
	uint64_t size;
	char *data;
	size_t len;
	bool truncated, pkey;
};

struct model {
	struct node **tab;
	size_t cap, n;
	struct node *root;
	uint64_t entries;
	size_t content;          /* bytes of file contents kept */
	struct cca_image_layer *layers;
	unsigned nlayers;
	char **warnings;
	size_t nwarnings;
};

static uint64_t hash_str(const char *s)
{
	uint64_t h = 1469598103934665603ull;

	while (*s)
		h = (h ^ (unsigned char)*s++) * 1099511628211ull;
	return h;
}

static struct node *lookup(struct model *m, const char *path)
{
	size_t i = hash_str(path) & (m->cap - 1);

	for (; m->tab[i]; i = (i + 1) & (m->cap - 1))
		if (strcmp(m->tab[i]->path, path) == 0)
			return m->tab[i];
	return NULL;
}

static void insert(struct model *m, struct node *nd)
{
	size_t i;

	if ((m->n + 1) * 10 > m->cap * 7) {
		size_t ocap = m->cap;
		struct node **old = m->tab;

		m->cap *= 2;
		m->tab = cca_xcalloc(m->cap, sizeof *m->tab);
		for (size_t k = 0; k < ocap; k++)
			if (old[k]) {
				for (i = hash_str(old[k]->path) & (m->cap - 1); m->tab[i];
				     i = (i + 1) & (m->cap - 1))
					;
				m->tab[i] = old[k];
			}
		free(old);
	}
	for (i = hash_str(nd->path) & (m->cap - 1); m->tab[i]; i = (i + 1) & (m->cap - 1))
		;
	m->tab[i] = nd;
	m->n++;
}

static void model_init(struct model *m)
{
	memset(m, 0, sizeof *m);
	m->cap = 1024;
	m->tab = cca_xcalloc(m->cap, sizeof *m->tab);
	m->root = cca_xcalloc(1, sizeof *m->root);
	m->root->path = cca_xstrdup("/");
	m->root->type = CCA_IMG_DIR;
	m->root->present = true;
	m->root->mode = 0755;
	insert(m, m->root);
}

static void model_release(struct model *m)
{
	for (size_t i = 0; i < m->cap; i++)
		if (m->tab[i]) {
			free(m->tab[i]->path);
			free(m->tab[i]->link);
			free(m->tab[i]->data);
			free(m->tab[i]);
		}
	free(m->tab);
	for (size_t i = 0; i < m->nwarnings; i++)
		free(m->warnings[i]);
	free(m->warnings);
}

static void mwarn(struct model *m, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void mwarn(struct model *m, const char *fmt, ...)
{
	va_list ap;

	if (m->nwarnings >= MAX_WARNINGS)
		return;
	m->warnings = cca_xreallocarray(m->warnings, m->nwarnings + 1, sizeof *m->warnings);
	va_start(ap, fmt);
	m->warnings[m->nwarnings++] = cca_xvasprintf(fmt, ap);
	va_end(ap);
}

/* The node of path, created absent (with its parents) when missing. */
static struct node *node_for(struct model *m, const char *path)
{
	struct node *nd = lookup(m, path), *parent;
	const char *slash;
	char *dir;

	if (nd)
		return nd;
	slash = strrchr(path, '/');
	dir = slash == path ? cca_xstrdup("/") : cca_xstrndup(path, (size_t)(slash - path));
	parent = node_for(m, dir);
	free(dir);
	nd = cca_xcalloc(1, sizeof *nd);
	nd->path = cca_xstrdup(path);
	nd->parent = parent;
	nd->next = parent->child;
	if (parent->child)
		parent->child->prev = nd;
	parent->child = nd;
	insert(m, nd);
	return nd;
}

/* Mark the present nodes under nd (and nd itself when self) absent. */
static void remove_tree(struct model *m, struct node *nd, bool self, uint64_t *removed)
{
	for (struct node *c = nd->child; c; c = c->next)
		if (c->present)
			remove_tree(m, c, true, removed);
	if (!self || !nd->present)
		return;
	if (nd->type != CCA_IMG_DIR) {
		*removed += nd->size;
		if (nd->layer && nd->layer <= m->nlayers)
			m->layers[nd->layer - 1].wasted += nd->size;
	}
	if (nd->data) {
		m->content -= nd->len;
		free(nd->data);
		nd->data = NULL;
		nd->len = 0;
	}
	nd->present = false;
}

static uint64_t tree_size(const struct node *nd)
{
	uint64_t s = nd->type == CCA_IMG_DIR ? 0 : nd->size;

	for (const struct node *c = nd->child; c; c = c->next)
		if (c->present)
			s += tree_size(c);
	return s;
}

static void stat_path(struct node *nd, uint64_t size)
{
	nd->cum += size;
	if (!nd->count || size < nd->min)
		nd->min = size;
	nd->count++;
}

/* Make every parent of nd a present directory (tar may omit them). */
static void make_parents(struct model *m, struct node *nd, unsigned layer)
{
	for (struct node *p = nd->parent; p && p != m->root; p = p->parent) {
		if (p->present && p->type == CCA_IMG_DIR)
			break;
		if (p->present) {       /* a file where a directory is needed */
			uint64_t rm = 0;

			remove_tree(m, p, true, &rm);
			m->layers[layer - 1].removed += rm;
		}
		p->present = true;
		p->type = CCA_IMG_DIR;
		p->mode = 0755;
		p->size = 0;
		p->layer = layer;
		free(p->link);
		p->link = NULL;
	}
}

static int apply_entry(struct model *m, struct pending *e, unsigned layer, char *errbuf,
		       size_t errlen)
{
	struct cca_image_layer *L = &m->layers[layer - 1];
	struct node *nd, *target = NULL;

	if (e->hardlink) {
		target = lookup(m, e->link);
		if (!target || !target->present || target->type == CCA_IMG_DIR) {
			snprintf(errbuf, errlen, "layer %u: hard link '%s' names '%s', which is not "
				 "a file of the image", layer, e->path, e->link);
			return -1;
		}
	}
	nd = node_for(m, e->path);
	if (nd == m->root)
		return 0;
	if (nd->wrote == layer && nd->present && !(nd->type == CCA_IMG_DIR && e->type == CCA_IMG_DIR)) {
		snprintf(errbuf, errlen, "layer %u: '%s' appears twice", layer, e->path);
		return -1;
	}
	make_parents(m, nd, layer);
	if (nd->present) {
		if (nd->type == CCA_IMG_DIR && e->type != CCA_IMG_DIR) {
			uint64_t rm = 0;

			remove_tree(m, nd, true, &rm);
			L->removed += rm;
			L->added += e->size;
		} else if (nd->type != CCA_IMG_DIR) {
			if (nd->layer && nd->layer != layer)
				m->layers[nd->layer - 1].wasted += nd->size;
			L->changed += e->size;
			if (nd->data) {
				m->content -= nd->len;
				free(nd->data);
				nd->data = NULL;
			}
		}
	} else {
		L->added += e->size;
	}
	if (e->type != CCA_IMG_DIR) {
		L->bytes += e->size;
		stat_path(nd, e->size);
	}
	nd->present = true;
	nd->type = e->type;
	nd->mode = e->mode;
	nd->uid = e->uid;
	nd->gid = e->gid;
	nd->size = e->size;
	free(nd->link);
	nd->link = e->link;
	e->link = NULL;
	nd->layer = layer;
	nd->wrote = layer;
	free(nd->data);
	nd->data = e->data;
	nd->len = e->len;
	nd->truncated = e->truncated;
	nd->pkey = e->pkey;
	e->data = NULL;
	if (target && !nd->data && target->data) {   /* a hard link shares the content */
		nd->data = cca_xstrndup(target->data, target->len);
		nd->len = target->len;
		nd->truncated = target->truncated;
		m->content += nd->len;
	}
	if (target)
		nd->pkey = nd->pkey || target->pkey;
	return 0;
}

static void apply_whiteout(struct model *m, struct pending *e, unsigned layer)
{
	struct node *nd = lookup(m, e->path);
	uint64_t rm = 0;

	if (e->kind == P_OPAQUE) {
		if (nd && nd->present)
			remove_tree(m, nd, false, &rm);
		m->layers[layer - 1].removed += rm;
		return;
	}
	if (!nd || !nd->present) {
		mwarn(m, "layer %u: whiteout of '%s', which no lower layer has", layer, e->path);
		nd = node_for(m, e->path);
		stat_path(nd, 0);
		return;
	}
	stat_path(nd, tree_size(nd));
	remove_tree(m, nd, true, &rm);
	m->layers[layer - 1].removed += rm;
}

static void pending_release(struct pending *v, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(v[i].path);
		free(v[i].link);
		free(v[i].data);
	}
	free(v);
}

/* ==== reading one layer ==================================================== */

struct stream {
	struct reader *r;
	int fd;                   /* a blob file, or -1 */
	struct archive *outer;    /* positioned at the layer member, or NULL */
	struct archive *raw;      /* decompressor */
	struct sha256_ctx zh, uh;
	uint64_t zbytes, ubytes, next_progress;
	char err[512];
	char bomb[160];           /* why the decompressed stream was cut */
	bool padded;              /* the end-of-archive blocks were supplied */
	unsigned layer, nlayers;
	char zbuf[BLOCK];
	char ubuf[BLOCK];
};

static la_ssize_t src_read(struct archive *a, void *arg, const void **buf)
{
	struct stream *s = arg;
	ssize_t n;

	if (s->outer) {
		n = A->read_data(s->outer, s->zbuf, sizeof s->zbuf);
		if (n < 0) {
			A->set_error(a, EIO, "%s", A->error_string(s->outer));
			return -1;
		}
	} else {
		n = read(s->fd, s->zbuf, sizeof s->zbuf);
		if (n < 0) {
			A->set_error(a, errno, "%s", strerror(errno));
			return -1;
		}
	}
	sha256_update(&s->zh, (size_t)n, (const uint8_t *)s->zbuf);
	s->zbytes += (uint64_t)n;
	*buf = s->zbuf;
	return n;
}

static void progress(struct stream *s, bool force)
{
	const struct cca_image_opts *o = s->r->o;
	char line[200];

	if (!o || !o->progress || (!force && s->ubytes < s->next_progress))
		return;
	s->next_progress = s->ubytes + PROGRESS_STEP;
	snprintf(line, sizeof line, "%s: layer %u of %u, %.1f MB read", s->r->path, s->layer,
		 s->nlayers, (double)s->ubytes / 1e6);
	o->progress(o->progress_arg, line);
}

static la_ssize_t raw_read(struct archive *a, void *arg, const void **buf)
{
	struct stream *s = arg;
	la_ssize_t n = s->padded ? 0 : A->read_data(s->raw, s->ubuf, sizeof s->ubuf);

	if (n < 0) {
		A->set_error(a, EIO, "%s", A->error_string(s->raw));
		return -1;
	}
	if (n == 0 && !s->padded) {
		/*
		 * Some writers (umoci) end a layer without the padding of its last
		 * entry and the end-of-archive blocks; readers such as Docker's
		 * accept that.  Supply them (not hashed: the digest is of the blob).
		 */
		s->padded = true;
		n = (la_ssize_t)((512 - s->ubytes % 512) % 512 + 1024);
		memset(s->ubuf, 0, (size_t)n);
		*buf = s->ubuf;
		return n;
	}
	if (n == 0) {
		*buf = s->ubuf;
		return 0;
	}
	sha256_update(&s->uh, (size_t)n, (const uint8_t *)s->ubuf);
	s->ubytes += (uint64_t)n;
	if (s->ubytes > CCA_IMAGE_MAX_LAYER_BYTES) {
		snprintf(s->bomb, sizeof s->bomb, "more than %llu bytes uncompressed",
			 (unsigned long long)CCA_IMAGE_MAX_LAYER_BYTES);
		A->set_error(a, EFBIG, "%s", s->bomb);
		return -1;
	}
	if (s->ubytes > (64u << 20) && s->ubytes / (s->zbytes ? s->zbytes : 1) > CCA_IMAGE_MAX_RATIO) {
		snprintf(s->bomb, sizeof s->bomb, "decompresses to more than %d times its "
			 "stored size (a decompression bomb?)", CCA_IMAGE_MAX_RATIO);
		A->set_error(a, EFBIG, "%s", s->bomb);
		return -1;
	}
	progress(s, false);
	*buf = s->ubuf;
	return n;
}

/* Normalise a layer entry name to "/a/b"; NULL (with why) when it is hostile. */
static char *entry_path(const char *raw, const char **why)
{
	char *n;

	if (!raw) {
		*why = "has no readable name";
		return NULL;
	}
	if (strspn(raw, "/") == strlen(raw) && *raw)   /* the root itself (umoci writes "/") */
		return cca_xstrdup("/");
	if (*raw == '/') {
		*why = "is an absolute path";
		return NULL;
	}
	if (strlen(raw) > CCA_IMAGE_MAX_PATH) {
		*why = "has a name longer than 4096 bytes";
		return NULL;
	}
	if (!(n = member_name(raw))) {
		*why = "climbs out of the image root with '..'";
		return NULL;
	}
	if (!*n) {
		free(n);
		return cca_xstrdup("/");
	}
	{
		char *p = cca_xasprintf("/%s", n);

		free(n);
		return p;
	}
}

/* Whether the checks read the content of the file at path. */
static bool wanted(const char *path)
{
	static const char *const exact[] = {
		"/etc/passwd", "/etc/group", "/etc/shadow", "/etc/os-release",
		"/usr/lib/os-release", "/var/lib/dpkg/status", "/lib/apk/db/installed",
		"/etc/sudoers", NULL
	};
	const char *b = strrchr(path, '/');

	for (size_t i = 0; exact[i]; i++)
		if (strcmp(path, exact[i]) == 0)
			return true;
	if (strncmp(path, "/var/lib/dpkg/status.d/", 23) == 0 && !strchr(path + 23, '/'))
		return true;
	if (strncmp(path, "/etc/sudoers.d/", 15) == 0)
		return true;
	return b && strcmp(b, "/config.json") == 0 && b - path >= 8 &&
	       strncmp(b - 8, "/.docker", 8) == 0;
}

static bool is_pem_key(const char *p, size_t n)
{
	static const char *const heads[] = {
		"-----BEGIN RSA PRIVATE KEY-----", "-----BEGIN PRIVATE KEY-----",
		"-----BEGIN EC PRIVATE KEY-----", "-----BEGIN DSA PRIVATE KEY-----",
		"-----BEGIN OPENSSH PRIVATE KEY-----", "-----BEGIN ENCRYPTED PRIVATE KEY-----", NULL
	};

	for (size_t i = 0; heads[i]; i++)
		if (n >= strlen(heads[i]) && memcmp(p, heads[i], strlen(heads[i])) == 0)
			return true;
	return false;
}

static enum cca_image_ftype ftype_of(unsigned t)
{
	switch (t) {
	case AE_IFREG: return CCA_IMG_FILE;
	case AE_IFDIR: return CCA_IMG_DIR;
	case AE_IFLNK: return CCA_IMG_SYMLINK;
	case AE_IFCHR: return CCA_IMG_CHAR;
	case AE_IFBLK: return CCA_IMG_BLOCK;
	case AE_IFIFO: return CCA_IMG_FIFO;
	default: return CCA_IMG_OTHER;
	}
}

/* Whether a relative symlink target at path climbs above the root. */
static bool link_escapes(const char *path, const char *target)
{
	long depth = 0;
	const char *p;

	if (*target == '/')
		return false;
	for (p = path + 1; *p; p++)
		depth += *p == '/';
	for (p = target; *p;) {
		const char *e = strchr(p, '/');
		size_t n = e ? (size_t)(e - p) : strlen(p);

		if (n == 2 && p[0] == '.' && p[1] == '.') {
			if (--depth < 0)
				return true;
		} else if (n && !(n == 1 && *p == '.')) {
			depth++;
		}
		p += n;
		if (*p == '/')
			p++;
	}
	return false;
}

/* Read the layer's tar entries into v (pending); -1 with s->err on hostile input. */
static int read_entries(struct stream *s, struct model *m, struct archive *tar,
			struct pending **pv, size_t *pn)
{
	struct archive_entry *e;
	int st;

	while ((st = A->read_next_header(tar, &e)) != ARCHIVE_EOF) {
		const char *why = NULL, *base;
		struct pending p;
		char *path;

		if (st < ARCHIVE_WARN) {
			snprintf(s->err, sizeof s->err, "layer %u: %s", s->layer, s->bomb[0] ? s->bomb
				 : A->error_string(tar) ? A->error_string(tar) : "unreadable");
			return -1;
		}
		if (++m->entries > CCA_IMAGE_MAX_ENTRIES) {
			snprintf(s->err, sizeof s->err, "more than %d files over all layers",
				 CCA_IMAGE_MAX_ENTRIES);
			return -1;
		}
		if (!(path = entry_path(A->entry_pathname(e), &why))) {
			char *shown = cca_utf8_repair(A->entry_pathname(e) ? A->entry_pathname(e) : "?");

			snprintf(s->err, sizeof s->err, "layer %u: entry '%.200s' %s", s->layer, shown, why);
			free(shown);
			return -1;
		}
		memset(&p, 0, sizeof p);
		base = strrchr(path, '/') + 1;
		if (strncmp(base, ".wh.", 4) == 0) {
			const char *victim = base + 4;
			size_t dirlen = (size_t)(base - path);

			if (strcmp(victim, ".wh..opq") == 0) {
				p.kind = P_OPAQUE;
				p.path = dirlen > 1 ? cca_xstrndup(path, dirlen - 1) : cca_xstrdup("/");
			} else if (strncmp(victim, ".wh.", 4) == 0) {
				free(path);           /* aufs metadata (.wh..wh.plnk, ...) */
				A->read_data_skip(tar);
				continue;
			} else if (!*victim || strcmp(victim, ".") == 0 || strcmp(victim, "..") == 0) {
				snprintf(s->err, sizeof s->err, "layer %u: whiteout '%.200s' names '%s'",
					 s->layer, path, victim);
				free(path);
				return -1;
			} else {
				p.kind = P_WHITEOUT;
				p.path = cca_xasprintf("%.*s%s", (int)dirlen, path, victim);
			}
			free(path);
			A->read_data_skip(tar);
		} else {
			p.kind = P_ENTRY;
			p.path = path;
			p.type = ftype_of(A->entry_filetype(e));
			p.mode = (unsigned)A->entry_perm(e) & 07777;
			p.uid = (unsigned long)A->entry_uid(e);
			p.gid = (unsigned long)A->entry_gid(e);
			p.size = A->entry_size(e) > 0 ? (uint64_t)A->entry_size(e) : 0;
			if (A->entry_hardlink(e)) {
				p.link = entry_path(A->entry_hardlink(e), &why);
				if (!p.link) {
					snprintf(s->err, sizeof s->err, "layer %u: hard link '%.200s' %s",
						 s->layer, path, why);
					free(path);
					return -1;
				}
				p.hardlink = true;
				p.type = CCA_IMG_HARDLINK;
				p.size = 0;
			} else if (p.type == CCA_IMG_SYMLINK) {
				p.link = cca_xstrdup(A->entry_symlink(e) ? A->entry_symlink(e) : "");
				p.size = 0;
				if (link_escapes(path, p.link))
					mwarn(m, "layer %u: symbolic link '%s' -> '%s' points above the "
					      "image root (it is never followed)", s->layer, path, p.link);
			}
			if (p.type == CCA_IMG_DIR)
				p.size = 0;
			if (p.type == CCA_IMG_FILE && p.size) {
				bool want = wanted(path);
				size_t cap = want ? CCA_IMAGE_MAX_CONTENT : PEEK;
				struct cca_buf b;

				cca_buf_init(&b);
				while (b.len < cap) {
					char buf[8192];
					size_t ask = cap - b.len < sizeof buf ? cap - b.len : sizeof buf;
					la_ssize_t n = A->read_data(tar, buf, ask);

					if (n < 0) {
						snprintf(s->err, sizeof s->err, "layer %u: '%.200s': %s",
							 s->layer, path, A->error_string(tar));
						cca_buf_release(&b);
						free(p.path);
						free(p.link);
						return -1;
					}
					if (n == 0)
						break;
					cca_buf_add(&b, buf, (size_t)n);
				}
				p.pkey = is_pem_key(b.data ? b.data : "", b.len);
				if (want && m->content + b.len <= CCA_IMAGE_MAX_CONTENT_TOTAL) {
					p.truncated = b.len < p.size;
					p.len = b.len;
					cca_buf_putc(&b, '\0');
					p.data = cca_buf_detach(&b);
					m->content += p.len;
				} else {
					if (want)
						mwarn(m, "layer %u: '%s' not read: the files read exceed %u "
						      "bytes", s->layer, path, CCA_IMAGE_MAX_CONTENT_TOTAL);
					cca_buf_release(&b);
				}
			}
			A->read_data_skip(tar);
		}
		if (!(*pn & (*pn - 1)) || !*pn)   /* grow by doubling: at 0, 1, 2, 4, ... */
			*pv = cca_xreallocarray(*pv, *pn ? *pn * 2 : 1, sizeof **pv);
		(*pv)[(*pn)++] = p;
	}
	return 0;
}

/*
 * Stream one layer (the blob at name: a member of the outer archive or a
 * file of the layout), check its digests, apply it to the model.
 */
static int read_layer(struct reader *r, struct model *m, unsigned layer, const char *name,
		      const char *digest, const char *diff_id, int64_t size,
		      struct cca_error *err)
{
	struct stream *s = cca_xcalloc(1, sizeof *s);
	struct archive *tar = NULL;
	struct archive_entry *e;
	struct pending *pv = NULL;
	size_t pn = 0;
	char zd[72], ud[72], named[72];
	int rc = -1;

	s->r = r;
	s->fd = -1;
	s->layer = layer;
	s->nlayers = m->nlayers;
	sha256_init(&s->zh);
	sha256_init(&s->uh);
	if (r->is_dir) {
		char *p = cca_xasprintf("%s/%s", r->path, name);
		struct stat st;

		s->fd = open(p, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
		free(p);
		if (s->fd < 0 || fstat(s->fd, &st) < 0 || !S_ISREG(st.st_mode)) {
			cca_error_set(err, CCA_EINPUT, "'%s': layer %u: blob '%s' is missing or not a "
				      "regular file", r->path, layer, name);
			goto out;
		}
	} else {
		long idx = resolve_member(r, name, err);

		if (idx < 0) {
			size_t skip = strlen(r->path) + 4;   /* "'PATH': " */

			snprintf(s->err, sizeof s->err, "layer %u: %.400s", layer,
				 strlen(err->msg) > skip ? err->msg + skip : err->msg);
			goto fail;
		}
		if (!(s->outer = open_member(r, idx, err)))
			goto out;
	}
	s->raw = A->read_new();
	A->read_support_filter_gzip(s->raw);
	A->read_support_filter_zstd(s->raw);
	A->read_support_format_raw(s->raw);
	if (A->read_open(s->raw, s, NULL, src_read, NULL) != ARCHIVE_OK ||
	    A->read_next_header(s->raw, &e) != ARCHIVE_OK) {
		snprintf(s->err, sizeof s->err, "layer %u: %s", layer,
			 A->error_string(s->raw) ? A->error_string(s->raw) : "empty blob");
		goto fail;
	}
	tar = A->read_new();
	A->read_support_format_tar(tar);
	if (A->read_open(tar, s, NULL, raw_read, NULL) != ARCHIVE_OK) {
		snprintf(s->err, sizeof s->err, "layer %u: not a tar archive: %s", layer,
			 A->error_string(tar) ? A->error_string(tar) : "?");
		goto fail;
	}
	if (read_entries(s, m, tar, &pv, &pn) < 0)
		goto fail;
	/* the rest of the stream, so that the digests cover every byte */
	for (;;) {
		const void *b;
		la_ssize_t n = raw_read(tar, s, &b);

		if (n < 0) {
			snprintf(s->err, sizeof s->err, "layer %u: %s", layer, A->error_string(tar));
			goto fail;
		}
		if (n == 0)
			break;
	}
	for (;;) {
		const void *b;
		la_ssize_t n = src_read(s->raw, s, &b);

		if (n < 0) {
			snprintf(s->err, sizeof s->err, "layer %u: %s", layer,
				 A->error_string(s->raw));
			goto fail;
		}
		if (n == 0)
			break;
	}
	hex_of(&s->zh, zd);
	hex_of(&s->uh, ud);
	digest_of_name(name, named);
	if (digest && strcmp(digest, zd) != 0) {
		snprintf(s->err, sizeof s->err, "layer %u: digest mismatch: the manifest says %s, "
			 "the blob is %s", layer, digest, zd);
		goto fail;
	}
	if (named[0] && strcmp(named, zd) != 0 && strcmp(named, ud) != 0) {
		snprintf(s->err, sizeof s->err, "layer %u: digest mismatch: '%s' is named for %s, "
			 "its content is %s", layer, name, named, zd);
		goto fail;
	}
	if (size >= 0 && (uint64_t)size != s->zbytes) {
		snprintf(s->err, sizeof s->err, "layer %u: size mismatch: the manifest says %lld "
			 "bytes, the blob has %llu", layer, (long long)size,
			 (unsigned long long)s->zbytes);
		goto fail;
	}
	if (diff_id && strcmp(diff_id, ud) != 0) {
		snprintf(s->err, sizeof s->err, "layer %u: diff_id mismatch: the configuration says "
			 "%s, the layer is %s", layer, diff_id, ud);
		goto fail;
	}
	/* whiteouts first (they hide lower layers only), then the entries in order */
	m->layers[layer - 1].entries = pn;
	m->layers[layer - 1].size = s->zbytes;
	m->layers[layer - 1].unpacked = s->ubytes;
	m->layers[layer - 1].digest = cca_xstrdup(digest ? digest : zd);
	m->layers[layer - 1].diff_id = cca_xstrdup(ud);
	for (size_t i = 0; i < pn; i++)
		if (pv[i].kind != P_ENTRY)
			apply_whiteout(m, &pv[i], layer);
	for (size_t i = 0; i < pn; i++)
		if (pv[i].kind == P_ENTRY && apply_entry(m, &pv[i], layer, s->err, sizeof s->err) < 0)
			goto fail;
	progress(s, true);
	rc = 0;
	goto out;
fail:
	cca_error_set(err, CCA_EINPUT, "'%s': %s", r->path, s->err);
out:
	pending_release(pv, pn);
	if (tar)
		A->read_free(tar);
	if (s->raw)
		A->read_free(s->raw);
	if (s->outer)
		A->read_free(s->outer);
	if (s->fd >= 0)
		close(s->fd);
	free(s);
	return rc;
}

/* ==== from the model to the image ========================================== */

static int cmp_file(const void *a, const void *b)
{
	return strcmp(((const struct cca_image_file *)a)->path,
		      ((const struct cca_image_file *)b)->path);
}

static void finish_model(struct model *m, struct cca_image *img)
{
	uint64_t sum_min = 0, sum_cum = 0;
	size_t n = 0;

	for (size_t i = 0; i < m->cap; i++) {
		struct node *nd = m->tab[i];

		if (!nd)
			continue;
		if (nd->count) {
			sum_min += nd->min;
			sum_cum += nd->cum;
			if (nd->count > 1)
				img->wasted += nd->cum;
		}
		n += nd->present && nd != m->root;
	}
	img->efficiency = sum_cum ? (double)sum_min / (double)sum_cum : 1.0;
	img->files = cca_xcalloc(n + 1, sizeof *img->files);
	for (size_t i = 0; i < m->cap; i++) {
		struct node *nd = m->tab[i];
		struct cca_image_file *f;

		if (!nd || !nd->present || nd == m->root)
			continue;
		f = &img->files[img->nfiles++];
		f->path = nd->path;
		nd->path = NULL;
		f->type = nd->type;
		f->mode = nd->mode;
		f->uid = nd->uid;
		f->gid = nd->gid;
		f->size = nd->size;
		f->link = nd->link;
		nd->link = NULL;
		f->layer = nd->layer;
		f->data = nd->data;
		f->len = nd->len;
		nd->data = NULL;
		f->truncated = nd->truncated;
		f->private_key = nd->pkey;
		if (f->type != CCA_IMG_DIR)
			img->content += f->size;
	}
	for (size_t i = 0; i < m->cap; i++)
		if (m->tab[i] && !m->tab[i]->path)
			m->tab[i]->path = cca_xstrdup("");
	if (img->nfiles)
		qsort(img->files, img->nfiles, sizeof *img->files, cmp_file);
}

const struct cca_image_file *cca_image_find(const struct cca_image *img, const char *path)
{
	struct cca_image_file key = { .path = (char *)path };

	if (!img->nfiles)
		return NULL;
	return bsearch(&key, img->files, img->nfiles, sizeof key, cmp_file);
}

/* The file path leads to, following symbolic links inside the image. */
static const struct cca_image_file *follow(const struct cca_image *img, const char *path)
{
	char *cur = cca_xstrdup(path);
	const struct cca_image_file *f = NULL;

	for (int hop = 0; hop < 8; hop++) {
		char *next, *joined, *n;
		const char *why, *slash;

		f = cca_image_find(img, cur);
		if (!f || f->type != CCA_IMG_SYMLINK || !f->link)
			break;
		slash = strrchr(cur, '/');
		joined = f->link[0] == '/' ? cca_xstrdup(f->link + 1)
			 : cca_xasprintf("%.*s/%s", (int)(slash - cur) - 1, cur + 1, f->link);
		/* clamp ".." at the root, as the kernel does inside a container */
		{
			struct cca_buf b;
			const char *p = joined;

			cca_buf_init(&b);
			while (*p) {
				const char *e = strchr(p, '/');
				size_t len = e ? (size_t)(e - p) : strlen(p);

				if (len == 2 && p[0] == '.' && p[1] == '.') {
					char *s = b.len ? strrchr(b.data, '/') : NULL;

					b.len = s ? (size_t)(s - b.data) : 0;
					if (b.data)
						b.data[b.len] = '\0';
				} else if (len && !(len == 1 && *p == '.')) {
					cca_buf_putc(&b, '/');
					cca_buf_add(&b, p, len);
				}
				p += len;
				if (*p == '/')
					p++;
			}
			n = b.len ? cca_buf_detach(&b) : (cca_buf_release(&b), cca_xstrdup("/"));
		}
		(void)why;
		free(joined);
		next = n;
		free(cur);
		cur = next;
		f = NULL;
	}
	free(cur);
	return f && f->type == CCA_IMG_FILE ? f : NULL;
}

/* ---- packages and OS release ---- */

static void add_pkg(struct cca_image *img, const char *type, const char *name,
		    const char *version, const char *arch, const char *source, const char *loc)
{
	struct cca_image_package *p;

	if (!name || !*name)
		return;
	img->packages = cca_xreallocarray(img->packages, img->npackages + 1, sizeof *img->packages);
	p = &img->packages[img->npackages++];
	p->type = cca_xstrdup(type);
	p->name = cca_xstrdup(name);
	p->version = cca_xstrdup(version ? version : "");
	p->arch = arch && *arch ? cca_xstrdup(arch) : NULL;
	p->source = source && *source ? cca_xstrdup(source) : NULL;
	p->location = cca_xstrdup(loc);
}

/* The value of field "Key: value" on the line at p (a new string, trimmed). */
static char *field_value(const char *p, const char *end)
{
	const char *colon = memchr(p, ':', (size_t)(end - p));
	char *v, *t;

	if (!colon)
		return NULL;
	v = cca_xstrndup(colon + 1, (size_t)(end - colon - 1));
	t = cca_xstrdup_trim(v);
	free(v);
	return t;
}

/* Parse dpkg status paragraphs (or one status.d file) from data. */
static void parse_dpkg(struct cca_image *img, const char *data, size_t len, const char *loc,
		       bool need_status)
{
	const char *p = data, *end = data + len;
	char *name = NULL, *ver = NULL, *arch = NULL, *src = NULL;
	bool installed = !need_status;

	while (p <= end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *le = nl ? nl : end;

		if (le == p || p == end) {   /* paragraph end */
			if (installed && name)
				add_pkg(img, "deb", name, ver, arch, src, loc);
			free(name);
			free(ver);
			free(arch);
			free(src);
			name = ver = arch = src = NULL;
			installed = !need_status;
		} else if (!strncmp(p, "Package:", 8)) {
			free(name);
			name = field_value(p, le);
		} else if (!strncmp(p, "Version:", 8)) {
			free(ver);
			ver = field_value(p, le);
		} else if (!strncmp(p, "Architecture:", 13)) {
			free(arch);
			arch = field_value(p, le);
		} else if (!strncmp(p, "Source:", 7)) {
			char *sp;

			free(src);
			src = field_value(p, le);
			if (src && (sp = strchr(src, ' ')))
				*sp = '\0';
		} else if (!strncmp(p, "Status:", 7)) {
			char *st = field_value(p, le);

			installed = st && strlen(st) >= 10 && strcmp(st + strlen(st) - 10, " installed") == 0;
			free(st);
		}
		if (!nl)
			break;
		p = nl + 1;
	}
	if (installed && name)
		add_pkg(img, "deb", name, ver, arch, src, loc);
	free(name);
	free(ver);
	free(arch);
	free(src);
}

static void parse_apk(struct cca_image *img, const char *data, size_t len, const char *loc)
{
	const char *p = data, *end = data + len;
	char *name = NULL, *ver = NULL, *arch = NULL, *origin = NULL;

	while (p <= end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *le = nl ? nl : end;

		if (le == p || p == end) {
			if (name)
				add_pkg(img, "apk", name, ver, arch, origin, loc);
			free(name);
			free(ver);
			free(arch);
			free(origin);
			name = ver = arch = origin = NULL;
		} else if (le - p >= 2 && p[1] == ':') {
			char **dst = p[0] == 'P' ? &name : p[0] == 'V' ? &ver : p[0] == 'A' ? &arch
				     : p[0] == 'o' ? &origin : NULL;

			if (dst) {
				free(*dst);
				*dst = cca_xstrndup(p + 2, (size_t)(le - p - 2));
			}
		}
		if (!nl)
			break;
		p = nl + 1;
	}
	if (name)
		add_pkg(img, "apk", name, ver, arch, origin, loc);
	free(name);
	free(ver);
	free(arch);
	free(origin);
}

static int cmp_pkg(const void *a, const void *b)
{
	const struct cca_image_package *x = a, *y = b;
	int c = strcmp(x->type, y->type);

	return c ? c : (c = strcmp(x->name, y->name)) ? c : strcmp(x->version, y->version);
}

static char *os_field(const char *data, size_t len, const char *key)
{
	size_t k = strlen(key);

	for (const char *p = data; p && p < data + len;) {
		const char *nl = memchr(p, '\n', (size_t)(data + len - p));
		const char *le = nl ? nl : data + len;

		if ((size_t)(le - p) > k && strncmp(p, key, k) == 0 && p[k] == '=') {
			const char *v = p + k + 1;
			size_t n = (size_t)(le - v);

			if (n >= 2 && (*v == '"' || *v == '\'') && v[n - 1] == *v) {
				v++;
				n -= 2;
			}
			return cca_xstrndup(v, n);
		}
		p = nl ? nl + 1 : NULL;
	}
	return NULL;
}

static void read_packages(struct cca_image *img)
{
	const struct cca_image_file *f;

	if ((f = follow(img, "/var/lib/dpkg/status")) && f->data)
		parse_dpkg(img, f->data, f->len, "/var/lib/dpkg/status", true);
	for (size_t i = 0; i < img->nfiles; i++)
		if (strncmp(img->files[i].path, "/var/lib/dpkg/status.d/", 23) == 0 &&
		    img->files[i].data && !strstr(img->files[i].path, ".md5sums"))
			parse_dpkg(img, img->files[i].data, img->files[i].len, img->files[i].path, false);
	if ((f = follow(img, "/lib/apk/db/installed")) && f->data)
		parse_apk(img, f->data, f->len, "/lib/apk/db/installed");
	if (img->npackages)
		qsort(img->packages, img->npackages, sizeof *img->packages, cmp_pkg);
	if (!(f = follow(img, "/etc/os-release")) || !f->data)
		f = follow(img, "/usr/lib/os-release");
	if (f && f->data) {
		img->os_id = os_field(f->data, f->len, "ID");
		img->os_version = os_field(f->data, f->len, "VERSION_ID");
		img->os_name = os_field(f->data, f->len, "PRETTY_NAME");
	}
}

void cca_image_free(struct cca_image *img)
{
	if (!img)
		return;
	free(img->ref);
	free(img->format);
	free(img->manifest_digest);
	for (size_t i = 0; i < img->ntags; i++)
		free(img->tags[i]);
	free(img->tags);
	free(img->platform);
	cca_image_config_release(&img->config);
	for (size_t i = 0; i < img->nlayers; i++) {
		free(img->layers[i].digest);
		free(img->layers[i].diff_id);
		free(img->layers[i].media_type);
		free(img->layers[i].created_by);
	}
	free(img->layers);
	for (size_t i = 0; i < img->nfiles; i++) {
		free(img->files[i].path);
		free(img->files[i].link);
		free(img->files[i].data);
	}
	free(img->files);
	for (size_t i = 0; i < img->npackages; i++) {
		free(img->packages[i].type);
		free(img->packages[i].name);
		free(img->packages[i].version);
		free(img->packages[i].arch);
		free(img->packages[i].source);
		free(img->packages[i].location);
	}
	free(img->packages);
	free(img->os_id);
	free(img->os_version);
	free(img->os_name);
	for (size_t i = 0; i < img->nsignatures; i++)
		free(img->signatures[i]);
	free(img->signatures);
	free(img->trust_error);
	free(img);
}

/* ==== one image: config + layers ============================================ */

struct layer_ref {
	char *name;          /* blob name in the archive or layout */
	char *digest;        /* stated digest of the blob, or NULL */
	char *media_type;
	int64_t size;        /* or -1 */
};

static void add_sig(struct cca_image *img, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
static void add_sig(struct cca_image *img, const char *fmt, ...)
{
	va_list ap;

	img->signatures = cca_xreallocarray(img->signatures, img->nsignatures + 1,
					    sizeof *img->signatures);
	va_start(ap, fmt);
	img->signatures[img->nsignatures++] = cca_xvasprintf(fmt, ap);
	va_end(ap);
}

/* Match `docker trust inspect` JSON against the image's digests. */
static void read_trust(struct cca_image *img, const char *path)
{
	struct cca_error err;
	json_error_t je;
	json_t *root, *repo, *tag;
	size_t i, k;
	char *data;
	size_t len;

	img->trust_given = true;
	if (cca_file_read(path, CCA_IMAGE_MAX_JSON_BYTES, &data, &len, &err) < 0) {
		img->trust_error = cca_xstrdup(err.msg);
		return;
	}
	root = json_loadb(data, len, 0, &je);
	free(data);
	if (!root || !json_is_array(root)) {
		img->trust_error = root ? cca_xasprintf("%s: trust data must be an array "
							"(docker trust inspect output)", path)
				   : cca_xasprintf("%s:%d: invalid JSON: %s", path, je.line, je.text);
		json_decref(root);
		return;
	}
	json_array_foreach(root, i, repo) {
		json_array_foreach(json_object_get(repo, "SignedTags"), k, tag) {
			const char *d = json_string_value(json_object_get(tag, "Digest"));
			const char *t = json_string_value(json_object_get(tag, "SignedTag"));
			json_t *signers = json_object_get(tag, "Signers"), *s;
			struct cca_buf who;
			size_t j;

			if (!d || !json_is_array(signers))
				continue;
			if (strncmp(d, "sha256:", 7) == 0)
				d += 7;
			if (!((img->manifest_digest && strcmp(img->manifest_digest + 7, d) == 0) ||
			      (img->config.id && strlen(img->config.id) == 71 &&
			       strcmp(img->config.id + 7, d) == 0)))
				continue;
			cca_buf_init(&who);
			json_array_foreach(signers, j, s)
				if (json_is_string(s))
					cca_buf_printf(&who, "%s%s", who.len ? ", " : "",
						       json_string_value(s));
			add_sig(img, "docker content trust: tag '%s' signed by %s", t ? t : "?",
				who.len ? cca_buf_str(&who) : "the repository key");
			cca_buf_release(&who);
		}
	}
	json_decref(root);
}

/* Read the configuration, then every layer, into img. */
static int read_image(struct reader *r, struct cca_image *img, const char *config_name,
		      const char *config_digest, int64_t config_size, struct layer_ref *lr,
		      size_t nl, struct cca_error *err)
{
	char *text = NULL, named[72], got[72];
	json_t *cfg = NULL, *ids;
	struct model m;
	size_t len;
	int rc = -1;

	model_init(&m);
	if (read_blob(r, config_name, config_digest, config_size, CCA_IMAGE_MAX_JSON_BYTES,
		      &text, &len, err) < 0)
		goto out;
	memcpy(got, "sha256:", 7);
	cca_sha256_hex(text, len, got + 7);
	digest_of_name(config_name, named);
	if (named[0] && strcmp(named, got) != 0) {
		cca_error_set(err, CCA_EINPUT, "'%s': digest mismatch: '%s' is named for %s, its "
			      "content is %s", r->path, config_name, named, got);
		goto out;
	}
	{
		char *where = cca_xasprintf("%s: %s", r->path, config_name);
		int prc = cca_image_config_parse(text, len, where, &img->config, err);

		free(where);
		if (prc < 0)
			goto out;
	}
	img->config.id = cca_xstrdup(got);
	img->ref = cca_xasprintf("image@%s", got);
	if (img->config.os)
		img->platform = img->config.variant
				? cca_xasprintf("%s/%s/%s", img->config.os,
						img->config.architecture ? img->config.architecture : "?",
						img->config.variant)
				: cca_xasprintf("%s/%s", img->config.os,
						img->config.architecture ? img->config.architecture : "?");
	if (r->o && r->o->trust_data)
		read_trust(img, r->o->trust_data);
	if (!(cfg = parse_json(r, config_name, text, len, err)))
		goto out;
	ids = json_object_get(json_object_get(cfg, "rootfs"), "diff_ids");
	if (!json_is_array(ids)) {
		cca_error_set(err, CCA_EINPUT, "%s: %s: no rootfs.diff_ids array", r->path, config_name);
		goto out;
	}
	if (json_array_size(ids) != nl) {
		cca_error_set(err, CCA_EINPUT, "%s: the manifest names %zu layers, the configuration "
			      "%zu diff_ids", r->path, nl, json_array_size(ids));
		goto out;
	}
	if (nl > CCA_IMAGE_MAX_LAYERS) {
		cca_error_set(err, CCA_ETOOBIG, "%s: more than %d layers", r->path, CCA_IMAGE_MAX_LAYERS);
		goto out;
	}
	img->has_layers = true;
	img->layers = cca_xcalloc(nl + 1, sizeof *img->layers);
	img->nlayers = nl;
	m.layers = img->layers;
	m.nlayers = (unsigned)nl;
	{
		size_t h = 0;

		for (size_t i = 0; i < nl; i++) {
			while (h < img->config.nhistory && img->config.history[h].empty_layer)
				h++;
			if (h < img->config.nhistory && img->config.history[h].created_by)
				img->layers[i].created_by = cca_xstrdup(img->config.history[h].created_by);
			h++;
			if (lr[i].media_type)
				img->layers[i].media_type = cca_xstrdup(lr[i].media_type);
		}
	}
	for (size_t i = 0; i < nl; i++) {
		const char *d = json_string_value(json_array_get(ids, i));

		if (!digest_ok(d)) {
			cca_error_set(err, CCA_EINPUT, "%s: %s: diff_id %zu is not a sha256 digest",
				      r->path, config_name, i + 1);
			goto out;
		}
		if (read_layer(r, &m, (unsigned)i + 1, lr[i].name, lr[i].digest, d, lr[i].size,
			       err) < 0)
			goto out;
		img->size += img->layers[i].size;
	}
	if (r->o && r->o->progress)
		r->o->progress(r->o->progress_arg, NULL);
	finish_model(&m, img);
	read_packages(img);
	rc = 0;
out:
	for (size_t i = 0; i < m.nwarnings; i++) {
		r->warnings = cca_xreallocarray(r->warnings, r->nwarnings + 1, sizeof *r->warnings);
		r->warnings[r->nwarnings++] = m.warnings[i];
	}
	m.nwarnings = 0;
	if (rc < 0 && r->o && r->o->progress)
		r->o->progress(r->o->progress_arg, NULL);
	model_release(&m);
	json_decref(cfg);
	free(text);
	return rc;
}

/* ==== results ================================================================ */

struct results {
	struct cca_image_result *v;
	size_t n;
};

static struct cca_image_result *push_result(struct results *res, const char *name)
{
	struct cca_image_result *x;

	res->v = cca_xreallocarray(res->v, res->n + 1, sizeof *res->v);
	x = &res->v[res->n++];
	memset(x, 0, sizeof *x);
	x->image = cca_xcalloc(1, sizeof *x->image);
	x->image->config.created_days = INT64_MIN;
	x->name = name ? cca_xstrdup(name) : NULL;
	return x;
}

static void fail_result(struct cca_image_result *x, const struct cca_error *err)
{
	x->error = cca_xstrdup(err->msg);
}

/* ---- docker-archive ---- */

static int read_docker_archive(struct reader *r, struct results *res, struct cca_error *err)
{
	char *text;
	size_t len, i;
	json_t *root, *e;

	if (read_blob(r, "manifest.json", NULL, -1, CCA_IMAGE_MAX_JSON_BYTES, &text, &len, err) < 0)
		return -1;
	root = parse_json(r, "manifest.json", text, len, err);
	free(text);
	if (!root)
		return -1;
	if (!json_is_array(root) || !json_array_size(root)) {
		json_decref(root);
		return cca_error_set(err, CCA_EINPUT, "%s: manifest.json must be a non-empty array",
				     r->path);
	}
	json_array_foreach(root, i, e) {
		json_t *tags = json_object_get(e, "RepoTags"), *layers = json_object_get(e, "Layers");
		const char *config = json_string_value(json_object_get(e, "Config"));
		const char *tag0 = json_string_value(json_array_get(tags, 0));
		struct cca_image_result *x = push_result(res, tag0);
		struct layer_ref *lr;
		struct cca_error ierr;
		size_t k, nl;
		json_t *l;

		x->image->format = cca_xstrdup("docker-archive");
		json_array_foreach(tags, k, l)
			if (json_is_string(l)) {
				x->image->tags = cca_xreallocarray(x->image->tags, x->image->ntags + 1,
								   sizeof *x->image->tags);
				x->image->tags[x->image->ntags++] = cca_xstrdup(json_string_value(l));
			}
		if (!config || !json_is_array(layers)) {
			cca_error_set(&ierr, CCA_EINPUT, "%s: manifest.json entry %zu needs 'Config' "
				      "(a string) and 'Layers' (an array)", r->path, i + 1);
			fail_result(x, &ierr);
			continue;
		}
		nl = json_array_size(layers);
		lr = cca_xcalloc(nl + 1, sizeof *lr);
		json_array_foreach(layers, k, l) {
			lr[k].name = cca_xstrdup(json_is_string(l) ? json_string_value(l) : "");
			lr[k].size = -1;
		}
		if (read_image(r, x->image, config, NULL, -1, lr, nl, &ierr) < 0)
			fail_result(x, &ierr);
		for (k = 0; k < nl; k++)
			free(lr[k].name);
		free(lr);
	}
	json_decref(root);
	return 0;
}

/* ---- OCI layout ---- */

struct desc {
	char *digest;
	char *media_type;
	int64_t size;
	char *ref;            /* org.opencontainers.image.ref.name */
	char *platform;
	char *parent;         /* the index digest it was listed in, or NULL */
};

struct oci {
	struct desc *v;
	size_t n;
	char **sigtags;       /* ref names "sha256-HEX.sig" */
	size_t nsigtags;
	char **subjects;      /* "SUBJECT-DIGEST ARTIFACT-TYPE" of referrers */
	size_t nsubjects;
};

static bool is_index_type(const char *t)
{
	return t && (strcmp(t, "application/vnd.oci.image.index.v1+json") == 0 ||
		     strcmp(t, "application/vnd.docker.distribution.manifest.list.v2+json") == 0);
}

static char *platform_of(json_t *p)
{
	const char *os = json_string_value(json_object_get(p, "os"));
	const char *arch = json_string_value(json_object_get(p, "architecture"));
	const char *var = json_string_value(json_object_get(p, "variant"));

	if (!os || !arch)
		return NULL;
	return var ? cca_xasprintf("%s/%s/%s", os, arch, var) : cca_xasprintf("%s/%s", os, arch);
}

static int walk_index(struct reader *r, struct oci *o, json_t *index, const char *where,
		      const char *parent, unsigned depth, struct cca_error *err)
{
	json_t *ms = json_object_get(index, "manifests"), *d;
	size_t i;

	if (!json_is_array(ms))
		return cca_error_set(err, CCA_EINPUT, "%s: %s: 'manifests' must be an array", r->path,
				     where);
	json_array_foreach(ms, i, d) {
		const char *dg = json_string_value(json_object_get(d, "digest"));
		const char *mt = json_string_value(json_object_get(d, "mediaType"));
		const char *ref = json_string_value(json_object_get(
			json_object_get(d, "annotations"), "org.opencontainers.image.ref.name"));
		json_t *sz = json_object_get(d, "size");
		struct desc *x;

		if (!digest_ok(dg))
			return cca_error_set(err, CCA_EINPUT, "%s: %s: manifest %zu has no valid "
					     "sha256 digest", r->path, where, i + 1);
		if (ref && strncmp(ref, "sha256-", 7) == 0 &&
		    (strstr(ref, ".sig") || strstr(ref, ".att"))) {
			o->sigtags = cca_xreallocarray(o->sigtags, o->nsigtags + 1, sizeof *o->sigtags);
			o->sigtags[o->nsigtags++] = cca_xasprintf("%s %s", ref, dg);
			continue;
		}
		if (is_index_type(mt)) {
			char *name = blob_name(dg), *text;
			size_t len;
			json_t *sub;
			int rc;

			if (depth >= MAX_INDEX_DEPTH) {
				free(name);
				return cca_error_set(err, CCA_EINPUT, "%s: indexes nested deeper than %d",
						     r->path, MAX_INDEX_DEPTH);
			}
			rc = read_blob(r, name, dg, json_is_integer(sz) ? json_integer_value(sz) : -1,
				       CCA_IMAGE_MAX_JSON_BYTES, &text, &len, err);
			if (rc < 0) {
				free(name);
				return -1;
			}
			sub = parse_json(r, name, text, len, err);
			free(text);
			rc = sub ? walk_index(r, o, sub, name, dg, depth + 1, err) : -1;
			json_decref(sub);
			free(name);
			if (rc < 0)
				return -1;
			continue;
		}
		o->v = cca_xreallocarray(o->v, o->n + 1, sizeof *o->v);
		x = &o->v[o->n++];
		memset(x, 0, sizeof *x);
		x->digest = cca_xstrdup(dg);
		x->media_type = mt ? cca_xstrdup(mt) : NULL;
		x->size = json_is_integer(sz) ? json_integer_value(sz) : -1;
		x->ref = ref ? cca_xstrdup(ref) : NULL;
		x->platform = platform_of(json_object_get(d, "platform"));
		x->parent = parent ? cca_xstrdup(parent) : NULL;
	}
	return 0;
}

static void oci_release(struct oci *o)
{
	for (size_t i = 0; i < o->n; i++) {
		free(o->v[i].digest);
		free(o->v[i].media_type);
		free(o->v[i].ref);
		free(o->v[i].platform);
		free(o->v[i].parent);
	}
	free(o->v);
	for (size_t i = 0; i < o->nsigtags; i++)
		free(o->sigtags[i]);
	free(o->sigtags);
	for (size_t i = 0; i < o->nsubjects; i++)
		free(o->subjects[i]);
	free(o->subjects);
}

static bool platform_matches(const char *want, const char *have)
{
	size_t n;

	if (!want)
		return true;
	if (!have)
		return false;
	n = strlen(want);
	return strcmp(want, have) == 0 || (strncmp(want, have, n) == 0 && have[n] == '/');
}

/* Signatures in the layout for manifest digest d (or the index it came from). */
static void oci_signatures(struct reader *r, const struct oci *o, const struct desc *d,
			   struct cca_image *img)
{
	const char *targets[2] = { d->digest, d->parent };

	for (size_t t = 0; t < 2; t++) {
		char want[80];

		if (!targets[t])
			continue;
		snprintf(want, sizeof want, "sha256-%s.sig ", targets[t] + 7);
		for (size_t i = 0; i < o->nsigtags; i++) {
			char *text = NULL, *name;
			size_t len;
			struct cca_error e;
			json_t *man, *l;
			size_t k;
			bool signed_ = false;

			if (strncmp(o->sigtags[i], want, strlen(want)) != 0)
				continue;
			/* a real cosign signature carries the signature annotation on a layer */
			name = blob_name(strchr(o->sigtags[i], ' ') + 1);
			if (read_blob(r, name, strchr(o->sigtags[i], ' ') + 1, -1,
				      CCA_IMAGE_MAX_JSON_BYTES, &text, &len, &e) == 0 &&
			    (man = json_loadb(text, len, 0, NULL))) {
				json_array_foreach(json_object_get(man, "layers"), k, l) {
					const char *sig = json_string_value(json_object_get(
						json_object_get(l, "annotations"),
						"dev.cosignproject.cosign/signature"));

					signed_ = signed_ || (sig && *sig);
				}
				json_decref(man);
			}
			free(text);
			free(name);
			if (signed_)
				add_sig(img, "cosign signature tag '%.*s' in the layout",
					(int)(strchr(o->sigtags[i], ' ') - o->sigtags[i]), o->sigtags[i]);
		}
		for (size_t i = 0; i < o->nsubjects; i++)
			if (strncmp(o->subjects[i], targets[t], 71) == 0)
				add_sig(img, "OCI referrer of type %s in the layout", o->subjects[i] + 72);
	}
	(void)r;
}

static int read_oci(struct reader *r, struct results *res, struct cca_error *err)
{
	char *text;
	size_t len;
	json_t *lay, *index;
	struct oci o;
	int rc = -1;

	memset(&o, 0, sizeof o);
	if (read_blob(r, "oci-layout", NULL, -1, 4096, &text, &len, err) < 0)
		return -1;
	lay = parse_json(r, "oci-layout", text, len, err);
	free(text);
	if (!lay)
		return -1;
	if (!json_is_string(json_object_get(lay, "imageLayoutVersion"))) {
		json_decref(lay);
		return cca_error_set(err, CCA_EINPUT, "%s: oci-layout has no imageLayoutVersion",
				     r->path);
	}
	json_decref(lay);
	if (read_blob(r, "index.json", NULL, -1, CCA_IMAGE_MAX_JSON_BYTES, &text, &len, err) < 0)
		return -1;
	index = parse_json(r, "index.json", text, len, err);
	free(text);
	if (!index)
		return -1;
	if (walk_index(r, &o, index, "index.json", NULL, 0, err) < 0)
		goto out;
	/* referrers: manifests with a subject */
	for (size_t i = 0; i < o.n; i++) {
		char *name = blob_name(o.v[i].digest);
		struct cca_error e;
		json_t *man;

		if (read_blob(r, name, o.v[i].digest, o.v[i].size, CCA_IMAGE_MAX_JSON_BYTES, &text,
			      &len, &e) == 0 && (man = json_loadb(text, len, 0, NULL))) {
			const char *subj = json_string_value(json_object_get(
				json_object_get(man, "subject"), "digest"));
			const char *at = json_string_value(json_object_get(man, "artifactType"));

			if (!at)
				at = json_string_value(json_object_get(json_object_get(man, "config"),
								       "mediaType"));
			if (subj && digest_ok(subj)) {
				o.subjects = cca_xreallocarray(o.subjects, o.nsubjects + 1,
							       sizeof *o.subjects);
				o.subjects[o.nsubjects++] = cca_xasprintf("%s %s", subj, at ? at : "?");
				free(o.v[i].media_type);
				o.v[i].media_type = cca_xstrdup("referrer");
			}
			json_decref(man);
			free(text);
		}
		free(name);
	}
	for (size_t i = 0; i < o.n; i++) {
		struct desc *d = &o.v[i];
		struct cca_image_result *x;
		struct cca_error ierr;
		struct layer_ref *lr = NULL;
		size_t nl = 0, k;
		char *name;
		json_t *man = NULL, *cfgd, *l;
		const char *cd;
		char *show;

		if (d->media_type && strcmp(d->media_type, "referrer") == 0)
			continue;
		if (r->o && r->o->platform && d->platform && !platform_matches(r->o->platform, d->platform))
			continue;
		show = d->ref ? cca_xstrdup(d->ref) : d->platform ? cca_xstrdup(d->platform) : NULL;
		x = push_result(res, show);
		free(show);
		x->image->format = cca_xstrdup("oci");
		x->image->manifest_digest = cca_xstrdup(d->digest);
		if (d->ref) {
			x->image->tags = cca_xcalloc(1, sizeof *x->image->tags);
			x->image->tags[x->image->ntags++] = cca_xstrdup(d->ref);
		}
		name = blob_name(d->digest);
		if (read_blob(r, name, d->digest, d->size, CCA_IMAGE_MAX_JSON_BYTES, &text, &len,
			      &ierr) < 0) {
			fail_result(x, &ierr);
			free(name);
			continue;
		}
		man = parse_json(r, name, text, len, &ierr);
		free(text);
		if (!man) {
			fail_result(x, &ierr);
			free(name);
			continue;
		}
		cfgd = json_object_get(man, "config");
		cd = json_string_value(json_object_get(cfgd, "digest"));
		if (!digest_ok(cd) || !json_is_array(json_object_get(man, "layers"))) {
			cca_error_set(&ierr, CCA_EINPUT, "%s: %s: a manifest needs a config with a sha256 "
				      "digest and a layers array", r->path, name);
			fail_result(x, &ierr);
		} else {
			char *cname = blob_name(cd);
			json_t *csz = json_object_get(cfgd, "size");

			nl = json_array_size(json_object_get(man, "layers"));
			lr = cca_xcalloc(nl + 1, sizeof *lr);
			json_array_foreach(json_object_get(man, "layers"), k, l) {
				const char *ld = json_string_value(json_object_get(l, "digest"));
				json_t *lsz = json_object_get(l, "size");

				lr[k].digest = digest_ok(ld) ? cca_xstrdup(ld) : NULL;
				lr[k].name = lr[k].digest ? blob_name(ld) : cca_xstrdup("");
				lr[k].size = json_is_integer(lsz) ? json_integer_value(lsz) : -1;
				lr[k].media_type = json_string_value(json_object_get(l, "mediaType"))
					? cca_xstrdup(json_string_value(json_object_get(l, "mediaType")))
					: NULL;
			}
			for (k = 0; k < nl; k++)
				if (!lr[k].digest) {
					cca_error_set(&ierr, CCA_EINPUT, "%s: %s: layer %zu has no valid "
						      "sha256 digest", r->path, name, k + 1);
					break;
				}
			if (k < nl)
				fail_result(x, &ierr);
			else if (read_image(r, x->image, cname, cd,
					    json_is_integer(csz) ? json_integer_value(csz) : -1, lr, nl,
					    &ierr) < 0)
				fail_result(x, &ierr);
			else if (r->o && r->o->platform && !d->platform &&
				 !platform_matches(r->o->platform, x->image->platform)) {
				cca_image_free(x->image);
				free(x->name);
				res->n--;
			}
			free(cname);
		}
		if (res->n && res->v[res->n - 1].image && res->v[res->n - 1].image->manifest_digest &&
		    strcmp(res->v[res->n - 1].image->manifest_digest, d->digest) == 0)
			oci_signatures(r, &o, d, res->v[res->n - 1].image);
		for (k = 0; k < nl; k++) {
			free(lr[k].name);
			free(lr[k].digest);
			free(lr[k].media_type);
		}
		free(lr);
		json_decref(man);
		free(name);
	}
	rc = 0;
out:
	json_decref(index);
	oci_release(&o);
	return rc;
}

/* ---- inspect JSON ---- */

static int read_inspect(const char *path, const struct cca_image_opts *opts,
			struct results *res, struct cca_error *err)
{
	struct cca_image_result *x;
	struct cca_error ierr;
	char *data;
	size_t len;

	if (cca_file_read(path, CCA_IMAGE_MAX_JSON_BYTES, &data, &len, err) < 0)
		return -1;
	x = push_result(res, NULL);
	x->image->format = cca_xstrdup("inspect");
	if (cca_image_config_parse(data, len, path, &x->image->config, &ierr) < 0) {
		fail_result(x, &ierr);
	} else {
		if (x->image->config.id)
			x->image->ref = cca_xasprintf("image@%s", x->image->config.id);
		if (opts && opts->trust_data)
			read_trust(x->image, opts->trust_data);
	}
	free(data);
	return 0;
}

/* ==== entry points ============================================================ */

bool cca_image_sniff(const char *path)
{
	struct stat st;
	struct reader r;
	struct cca_error err;
	bool yes;

	if (stat(path, &st) < 0)
		return false;
	if (S_ISDIR(st.st_mode)) {
		char *p = cca_xasprintf("%s/oci-layout", path);

		yes = access(p, F_OK) == 0;
		free(p);
		return yes;
	}
	if (!A && !(A = cca_archive(&err)))
		return false;
	memset(&r, 0, sizeof r);
	r.path = path;
	yes = index_tar(&r, &err) == 0 &&
	      (find_member(&r, "manifest.json") >= 0 || find_member(&r, "oci-layout") >= 0);
	reader_release(&r);
	return yes;
}

int cca_image_read(const char *path, const struct cca_image_opts *o,
		   struct cca_image_result **out, size_t *n, struct cca_error *err)
{
	struct results res = { NULL, 0 };
	struct reader r;
	struct stat st;
	int rc = -1;

	*out = NULL;
	*n = 0;
	memset(&r, 0, sizeof r);
	r.path = path;
	r.o = o;
	if (stat(path, &st) < 0)
		return cca_error_set(err, CCA_EIO, "cannot read '%s': %s", path, strerror(errno));
	if (!A && !(A = cca_archive(err)))
		return -1;
	if (S_ISDIR(st.st_mode)) {
		r.is_dir = true;
		rc = read_oci(&r, &res, err);
	} else {
		char head[16] = "";
		FILE *f = fopen(path, "rb");
		size_t got = f ? fread(head, 1, sizeof head - 1, f) : 0;

		if (f)
			fclose(f);
		head[got] = '\0';
		if (got && (head[strspn(head, " \t\r\n")] == '{' || head[strspn(head, " \t\r\n")] == '[')) {
			rc = read_inspect(path, o, &res, err);
		} else if (index_tar(&r, err) == 0) {
			if (find_member(&r, "manifest.json") >= 0)
				rc = read_docker_archive(&r, &res, err);
			else if (find_member(&r, "oci-layout") >= 0)
				rc = read_oci(&r, &res, err);
			else
				rc = cca_error_set(err, CCA_EINPUT, "'%s': not an image archive (no "
						   "manifest.json or oci-layout)", path);
		}
	}
	if (rc == 0 && !res.n && o && o->platform)
		rc = cca_error_set(err, CCA_EINPUT, "'%s': no image for platform '%s'", path,
				   o->platform);
	if (rc < 0) {
		for (size_t i = 0; i < res.n; i++) {
			cca_image_free(res.v[i].image);
			free(res.v[i].error);
			free(res.v[i].name);
		}
		free(res.v);
		reader_release(&r);
		return -1;
	}
	*out = res.v;
	*n = res.n;
	/* the reader's warnings go with the first image */
	if (res.n) {
		res.v[0].warnings = r.warnings;
		res.v[0].nwarnings = r.nwarnings;
		r.warnings = NULL;
		r.nwarnings = 0;
	}
	reader_release(&r);
	return 0;
}

void cca_image_results_free(struct cca_image_result *v, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		cca_image_free(v[i].image);
		free(v[i].error);
		free(v[i].name);
		for (size_t k = 0; k < v[i].nwarnings; k++)
			free(v[i].warnings[k]);
		free(v[i].warnings);
	}
	free(v);
}
