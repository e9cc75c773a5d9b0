/*
 * evidence.c - the collected evidence: items, the Dockerfile collector,
 * directory discovery, and suppressions written in the evidence.
 */
#include <dirent.h>
#include <errno.h>
#include <fnmatch.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "ccaudit/evidence.h"
#include "ccaudit/tasks.h"
#include "ccaudit/util.h"

#define DOCKERIGNORE_MAX_BYTES (1u * 1024 * 1024)
/* A build context of this many Dockerfiles or more has its directory
 * listed once, instead of each one's <name>.dockerignore looked for; a
 * directory of more entries than the second is not listed. */
#define CONTEXT_LIST_MIN 4
#define CONTEXT_LIST_MAX 65536
#define DISCOVER_MAX_DEPTH 32
#define DISCOVER_MAX_FILES 10000

/*
 * A build context: the directory of one or more Dockerfiles added one after
 * another, whose .dockerignore is read once, by the first of them to need
 * it (under lock: items are read on several threads), and lent to all.
 */
struct context {
	pthread_mutex_t lock;
	char *dir;                /* the directory with its '/', "" for the current one */
	size_t ndockerfiles;      /* added with this context */
	bool read;                /* .dockerignore looked for */
	char *ignore;             /* its text, or NULL when there is none */
	char *ignore_path;
	char *toobig;             /* why it was not read, when it is too big */
	bool listed;              /* own is the directory's list of... */
	char **own;               /* <name>.dockerignore files, sorted */
	size_t nown;
};

struct item {
	struct cca_evidence_item pub;
	struct cca_dockerfile *df;
	struct cca_waiver *supp;
	unsigned *supp_lines;
	char **warnings;
	void *model;
	void (*release)(void *model);
	struct cca_linemap *lines;
	char *stage;              /* a Dockerfile's --stage, or NULL */
	bool unread;              /* a Dockerfile not read yet */
	char **bases;             /* a Dockerfile's base images */
	struct context *context;  /* a Dockerfile's build context */
	char *own_ignore;         /* its own <Dockerfile>.dockerignore, or NULL */
	char *own_ignore_path;
};

struct cca_evidence {
	struct item **items;
	size_t n, cap;
	atomic_size_t nunread;    /* Dockerfiles not read yet (threads read items) */
	struct context **contexts;
	size_t ncontexts;
};

struct cca_evidence *cca_evidence_new(void)
{
	return cca_xcalloc(1, sizeof(struct cca_evidence));
}

static void item_free(struct item *it)
{
	for (size_t k = 0; k < it->pub.nsuppressions; k++) {
		free(it->supp[k].rule_id);
		free(it->supp[k].by);
		free(it->supp[k].reason);
		free(it->supp[k].file);
	}
	for (size_t k = 0; k < it->pub.nwarnings; k++)
		free(it->warnings[k]);
	free(it->supp);
	free(it->supp_lines);
	free(it->warnings);
	cca_dockerfile_free(it->df);
	if (it->release)
		it->release(it->model);
	cca_linemap_free(it->lines);
	free((char *)it->pub.name);
	free((char *)it->pub.path);
	free((char *)it->pub.error);
	free(it->own_ignore);
	free(it->own_ignore_path);
	free(it->stage);
	for (size_t k = 0; k < it->pub.nbase_images; k++)
		free(it->bases[k]);
	free(it->bases);
	free(it);
}

void cca_evidence_free(struct cca_evidence *ev)
{
	if (!ev)
		return;
	for (size_t i = 0; i < ev->n; i++)
		item_free(ev->items[i]);
	free(ev->items);
	for (size_t k = 0; k < ev->ncontexts; k++) {
		struct context *c = ev->contexts[k];

		pthread_mutex_destroy(&c->lock);
		free(c->dir);
		free(c->ignore);
		free(c->ignore_path);
		free(c->toobig);
		for (size_t j = 0; j < c->nown; j++)
			free(c->own[j]);
		free(c->own);
		free(c);
	}
	free(ev->contexts);
	free(ev);
}

size_t cca_evidence_count(const struct cca_evidence *ev)
{
	return ev->n;
}

const struct cca_evidence_item *cca_evidence_item(const struct cca_evidence *ev, size_t i)
{
	if (i >= ev->n)
		return NULL;
	/* Read now what the caller did not have read (cca_evidence_read_all). */
	if (atomic_load(&ev->nunread))
		cca_evidence_read_all((struct cca_evidence *)ev, 1);
	return &ev->items[i]->pub;
}

const struct cca_evidence_item *cca_evidence_peek(const struct cca_evidence *ev, size_t i)
{
	return i < ev->n ? &ev->items[i]->pub : NULL;
}

static void vwarn(struct item *it, const char *fmt, va_list ap)
	__attribute__((format(printf, 2, 0)));
static void warn(struct item *it, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void warn(struct item *it, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vwarn(it, fmt, ap);
	va_end(ap);
}

static void vwarn(struct item *it, const char *fmt, va_list ap)
{
	it->warnings = cca_xreallocarray(it->warnings, it->pub.nwarnings + 1,
					 sizeof *it->warnings);
	it->warnings[it->pub.nwarnings++] = cca_xvasprintf(fmt, ap);
	it->pub.warnings = (const char *const *)it->warnings;
}

/* ---- suppressions ----------------------------------------------------------- */

/*
 * Read one "key=value" or key="quoted value" token at *p into key/value
 * (new strings); advances *p.  Returns false at the end or on a malformed
 * token (then *bad is set).
 */
static bool next_token(const char **p, char **key, char **value, bool *bad)
{
	const char *s = *p, *k, *v;
	struct cca_buf b;

	while (*s == ' ' || *s == '\t')
		s++;
	if (!*s)
		return false;
	k = s;
	while (*s && *s != '=' && *s != ' ' && *s != '\t')
		s++;
	if (*s != '=') {
		*key = cca_xstrndup(k, (size_t)(s - k));
		*value = NULL;
		*p = s;
		return true;
	}
	*key = cca_xstrndup(k, (size_t)(s - k));
	s++;
	cca_buf_init(&b);
	if (*s == '"') {
		for (s++; *s && *s != '"'; s++) {
			if (*s == '\\' && (s[1] == '"' || s[1] == '\\'))
				s++;
			cca_buf_putc(&b, *s);
		}
		if (*s != '"') {
			*bad = true;
			cca_buf_release(&b);
			free(*key);
			return false;
		}
		s++;
	} else {
		for (v = s; *s && *s != ' ' && *s != '\t'; s++)
			;
		cca_buf_add(&b, v, (size_t)(s - v));
	}
	*value = cca_buf_detach(&b);
	*p = s;
	return true;
}

static void add_suppression(struct item *it, const char *rule, unsigned applies,
			    const char *reason, int64_t expires, unsigned line)
{
	size_t n = it->pub.nsuppressions;
	struct cca_waiver *w;

	it->supp = cca_xreallocarray(it->supp, n + 1, sizeof *it->supp);
	it->supp_lines = cca_xreallocarray(it->supp_lines, n + 1, sizeof *it->supp_lines);
	w = &it->supp[n];
	memset(w, 0, sizeof *w);
	w->rule_id = cca_xstrdup(rule);
	w->by = cca_xasprintf("a comment at %s:%u", it->pub.path, line);
	w->reason = cca_xstrdup(reason);
	w->date = CCA_NO_DATE;
	w->expires = expires;
	w->file = cca_xstrdup(it->pub.path);
	w->line = line;
	it->supp_lines[n] = applies;
	it->pub.nsuppressions = n + 1;
	it->pub.suppressions = it->supp;
	it->pub.suppressed_lines = it->supp_lines;
}

/*
 * Parse "ccaudit [global] ignore=RULE[,RULE] reason="..." [expires=DATE]"
 * (the text after '#') written at line; applies is the instruction line it
 * covers, 0 for global.  A malformed one is a warning and is not applied.
 */
static void parse_suppression(struct item *it, const char *text, unsigned line,
			      unsigned next_instr)
{
	const char *p = text + strlen("ccaudit");
	char *key, *value, *ignore = NULL, *reason = NULL;
	int64_t expires = CCA_NEVER;
	bool global = false, bad = false;

	while (!bad && next_token(&p, &key, &value, &bad)) {
		if (strcmp(key, "global") == 0 && !value) {
			global = true;
		} else if (strcmp(key, "ignore") == 0 && value && !ignore) {
			ignore = value;
			value = NULL;
		} else if (strcmp(key, "reason") == 0 && value && !reason) {
			reason = value;
			value = NULL;
		} else if (strcmp(key, "expires") == 0 && value &&
			   cca_date_parse(value, &expires) == 0) {
			;
		} else {
			warn(it, "%s:%u: suppression ignored: cannot read '%s%s%s'",
			     it->pub.path, line, key, value ? "=" : "", value ? value : "");
			bad = true;
		}
		free(key);
		free(value);
	}
	if (!bad) {
		const char *why = !ignore || !*ignore ? "it names no rule (ignore=RULE)"
				  : !reason || !*reason ? "it gives no reason=\"...\""
				  : !global && !next_instr ? "no instruction follows it" : NULL;

		if (why) {
			warn(it, "%s:%u: suppression ignored: %s", it->pub.path, line, why);
			bad = true;
		}
	}
	if (!bad) {
		char *save = NULL;

		for (char *r = strtok_r(ignore, ",", &save); r; r = strtok_r(NULL, ",", &save))
			add_suppression(it, r, global ? 0 : next_instr, reason, expires, line);
	}
	free(ignore);
	free(reason);
}

static void read_suppressions(struct item *it)
{
	const struct cca_dockerfile *df = it->df;
	size_t next = 0;

	for (size_t c = 0; c < df->ncomments; c++) {
		const struct cca_df_comment *cm = &df->comments[c];

		if (strncmp(cm->text, "ccaudit", 7) != 0 ||
		    (cm->text[7] != ' ' && cm->text[7] != '\t'))
			continue;
		while (next < df->ninstrs && df->instrs[next].line <= cm->line)
			next++;
		parse_suppression(it, cm->text, cm->line,
				  next < df->ninstrs ? df->instrs[next].line : 0);
	}
}

/* ---- Dockerfiles -------------------------------------------------------------- */

static struct item *push_item(struct cca_evidence *ev, const char *kind, const char *path)
{
	struct item *it = cca_xcalloc(1, sizeof *it);

	it->pub.kind = kind;
	it->pub.path = cca_xstrdup(path);
	it->pub.stage = -1;
	if (ev->n == ev->cap) {   /* doubling: a run may add thousands */
		ev->cap = ev->cap ? 2 * ev->cap : 16;
		ev->items = cca_xreallocarray(ev->items, ev->cap, sizeof *ev->items);
	}
	ev->items[ev->n++] = it;
	return it;
}

const struct cca_evidence_item *cca_evidence_add(struct cca_evidence *ev,
						 const struct cca_evidence_new_item *in)
{
	struct item *it = push_item(ev, in->kind, in->path);

	it->pub.name = in->name ? cca_xstrdup(in->name) : NULL;
	if (in->data) {
		it->pub.size = in->len;
		cca_sha256_hex(in->data, in->len, it->pub.sha256);
	}
	it->pub.error = in->error ? cca_xstrdup(in->error) : NULL;
	it->model = in->model;
	it->release = in->release;
	it->lines = in->lines;
	it->pub.model = in->model;
	it->pub.lines = in->lines;
	return &it->pub;
}

void cca_evidence_warn(struct cca_evidence *ev, const char *fmt, ...)
{
	va_list ap;

	if (!ev->n)
		return;
	va_start(ap, fmt);
	vwarn(ev->items[ev->n - 1], fmt, ap);
	va_end(ap);
}

static int cmp_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/*
 * List the <name>.dockerignore files of c's directory into c->own (sorted)
 * and say whether .dockerignore is there.  False when the directory cannot
 * be listed or has too many entries: each file is then looked for.
 */
static bool list_context(struct context *c, bool *has_shared)
{
	DIR *d = opendir(*c->dir ? c->dir : ".");
	struct dirent *e;
	size_t seen = 0, cap = 0;

	*has_shared = false;
	if (!d)
		return false;
	while ((e = readdir(d)) && ++seen <= CONTEXT_LIST_MAX) {
		size_t n = strlen(e->d_name);

		if (n < 13 || strcmp(e->d_name + n - 13, ".dockerignore") != 0)
			continue;
		if (n == 13) {
			*has_shared = true;
			continue;
		}
		if (c->nown == cap) {
			cap = cap ? 2 * cap : 8;
			c->own = cca_xreallocarray(c->own, cap, sizeof *c->own);
		}
		c->own[c->nown++] = cca_xstrdup(e->d_name);
	}
	closedir(d);
	if (seen > CONTEXT_LIST_MAX) {
		for (size_t k = 0; k < c->nown; k++)
			free(c->own[k]);
		free(c->own);
		c->own = NULL;
		c->nown = 0;
		return false;
	}
	if (c->nown)
		qsort(c->own, c->nown, sizeof *c->own, cmp_names);
	return true;
}

/* Read the .dockerignore of c unless done (listing its directory first
 * when it holds several Dockerfiles): called with c locked. */
static void read_context(struct context *c)
{
	struct cca_error err;
	bool has_shared = true;
	size_t len;

	c->read = true;
	if (c->ndockerfiles >= CONTEXT_LIST_MIN)
		c->listed = list_context(c, &has_shared);
	if (!has_shared)
		return;
	c->ignore_path = cca_xasprintf("%s.dockerignore", c->dir);
	if (cca_file_read(c->ignore_path, DOCKERIGNORE_MAX_BYTES, &c->ignore, &len, &err) == 0)
		return;
	if (err.code == CCA_ETOOBIG)
		c->toobig = cca_xstrdup(err.msg);
	free(c->ignore_path);
	c->ignore_path = NULL;
}

/* The .dockerignore that applies: <Dockerfile>.dockerignore, else the one
 * of the build context (the Dockerfile's directory). */
static void read_dockerignore(struct item *it)
{
	struct context *c = it->context;
	char *own = cca_xasprintf("%s.dockerignore", it->pub.path);
	const char *name = own + strlen(c->dir);
	struct cca_error err;
	size_t len;

	pthread_mutex_lock(&c->lock);
	if (!c->read)
		read_context(c);
	pthread_mutex_unlock(&c->lock);
	/* Its own, when the listing has it or without a listing. */
	if (!c->listed ||
	    (c->nown && bsearch(&name, c->own, c->nown, sizeof *c->own, cmp_names))) {
		if (cca_file_read(own, DOCKERIGNORE_MAX_BYTES, &it->own_ignore, &len, &err) == 0) {
			it->own_ignore_path = own;
			it->pub.dockerignore = it->own_ignore;
			it->pub.dockerignore_path = own;
			return;
		}
		if (err.code == CCA_ETOOBIG)
			warn(it, "%s", err.msg);
	}
	free(own);
	it->pub.dockerignore = c->ignore;
	it->pub.dockerignore_path = c->ignore_path;
	if (c->toobig)
		warn(it, "%s", c->toobig);
}

/* Note what the stages of it's Dockerfile build on (for the signature policy). */
static void note_bases(struct item *it)
{
	const struct cca_dockerfile *df = it->df;

	for (size_t s = 0; s < df->nstages; s++) {
		const struct cca_df_stage *st = &df->stages[s];
		const char *b = st->base_expanded ? st->base_expanded : st->base;
		bool seen = false;

		if (st->base_stage >= 0 || !b || strcmp(b, "scratch") == 0)
			continue;
		for (size_t k = 0; k < it->pub.nbase_images && !seen; k++)
			seen = strcmp(it->bases[k], b) == 0;
		if (seen)
			continue;
		it->bases = cca_xreallocarray(it->bases, it->pub.nbase_images + 1,
					      sizeof *it->bases);
		it->bases[it->pub.nbase_images++] = cca_xstrdup(b);
	}
	it->pub.base_images = (const char *const *)it->bases;
}

/*
 * Read, hash and parse the Dockerfile of it, then its .dockerignore and
 * suppressions.  Touches nothing but it and, under its lock, its build
 * context: threads read items side by side.
 */
static void read_dockerfile(struct item *it)
{
	const char *path = it->pub.path;
	struct cca_error err;
	char *data;
	size_t len;

	it->unread = false;
	if (cca_file_read(path, CCA_DF_MAX_BYTES, &data, &len, &err) < 0) {
		it->pub.error = cca_xstrdup(err.msg);
		return;
	}
	it->pub.size = len;
	cca_sha256_hex(data, len, it->pub.sha256);
	if (cca_dockerfile_parse(path, data, len, &it->df, &err) < 0) {
		it->pub.error = cca_xstrdup(err.msg);
		free(data);
		return;
	}
	free(data);
	it->pub.dockerfile = it->df;
	note_bases(it);
	it->pub.stage = cca_dockerfile_target_stage(it->df, it->stage);
	if (it->pub.stage < 0) {
		it->pub.error = it->stage
			? cca_xasprintf("%s: no build stage named '%s'", path, it->stage)
			: cca_xasprintf("%s: no FROM instruction", path);
		return;
	}
	read_dockerignore(it);
	read_suppressions(it);
}

/*
 * The build context of a Dockerfile at path: the directory's, shared with
 * the Dockerfile added just before when it is in the same directory (as
 * discovery adds them), else a new one.
 */
static struct context *context_of(struct cca_evidence *ev, const char *path)
{
	const char *slash = strrchr(path, '/');
	size_t n = slash ? (size_t)(slash - path) + 1 : 0;
	struct context *c = ev->ncontexts ? ev->contexts[ev->ncontexts - 1] : NULL;

	if (c && strlen(c->dir) == n && strncmp(c->dir, path, n) == 0) {
		c->ndockerfiles++;
		return c;
	}
	c = cca_xcalloc(1, sizeof *c);
	c->ndockerfiles = 1;
	pthread_mutex_init(&c->lock, NULL);
	c->dir = cca_xstrndup(path, n);
	ev->contexts = cca_xreallocarray(ev->contexts, ev->ncontexts + 1, sizeof *ev->contexts);
	ev->contexts[ev->ncontexts++] = c;
	return c;
}

void cca_evidence_add_dockerfile(struct cca_evidence *ev, const char *path,
				 const char *stage)
{
	struct item *it = push_item(ev, CCA_KIND_DOCKERFILE, path);

	it->stage = cca_xstrdup(stage);
	it->context = context_of(ev, path);
	it->unread = true;
	ev->nunread++;
}

void cca_evidence_read_item(struct cca_evidence *ev, size_t i)
{
	if (i < ev->n && ev->items[i]->unread) {
		read_dockerfile(ev->items[i]);
		atomic_fetch_sub(&ev->nunread, 1);
	}
}

static void read_task(void *arg, size_t i)
{
	cca_evidence_read_item(arg, i);
}

void cca_evidence_read_all(struct cca_evidence *ev, unsigned jobs)
{
	if (atomic_load(&ev->nunread))
		cca_tasks_run(ev->n, jobs, read_task, ev);
}

void cca_evidence_release_dockerfile(struct cca_evidence *ev, size_t i)
{
	struct item *it;

	if (i >= ev->n)
		return;
	it = ev->items[i];
	cca_dockerfile_free(it->df);
	it->df = NULL;
	it->pub.dockerfile = NULL;
}

/* ---- discovery --------------------------------------------------------------- */

bool cca_evidence_is_dockerfile_name(const char *name)
{
	size_t n = strlen(name);

	if (n > 13 && strcmp(name + n - 13, ".dockerignore") == 0)
		return false;
	return strcasecmp(name, "Dockerfile") == 0 || strcasecmp(name, "Containerfile") == 0 ||
	       strncasecmp(name, "Dockerfile.", 11) == 0 ||
	       strncasecmp(name, "Containerfile.", 14) == 0 ||
	       (n > 11 && strcasecmp(name + n - 11, ".Dockerfile") == 0);
}

static bool excluded(const char *rel, const char *name, const char *const *excludes)
{
	for (size_t i = 0; excludes && excludes[i]; i++)
		if (fnmatch(excludes[i], rel, 0) == 0 || fnmatch(excludes[i], name, 0) == 0)
			return true;
	return false;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

struct walk {
	struct cca_evidence *ev;
	const char *const *excludes;
	const struct cca_collect_opts *opts;
	long added;
	struct cca_error *err;
};

/* Visit dir (path as the user gave it, rel relative to the root). */
static int walk_dir(struct walk *w, const char *dir, const char *rel, unsigned depth)
{
	DIR *d = opendir(dir);
	char **names = NULL;
	size_t n = 0;
	struct dirent *e;
	int rc = 0;

	if (!d)
		return cca_error_set(w->err, CCA_EIO, "cannot read directory '%s': %s", dir,
				     strerror(errno));
	while ((e = readdir(d))) {
		if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
			continue;
		names = cca_xreallocarray(names, n + 1, sizeof *names);
		names[n++] = cca_xstrdup(e->d_name);
	}
	closedir(d);
	if (n)
		qsort(names, n, sizeof *names, cmp_str);
	for (size_t i = 0; i < n && rc == 0; i++) {
		char *path = cca_xasprintf("%s/%s", dir, names[i]);
		char *r = *rel ? cca_xasprintf("%s/%s", rel, names[i]) : cca_xstrdup(names[i]);
		const struct cca_collector *c;
		struct stat st;

		if (lstat(path, &st) == 0 && !excluded(r, names[i], w->excludes)) {
			if (S_ISDIR(st.st_mode)) {
				if (strcmp(names[i], ".git") != 0 &&
				    strcmp(names[i], "node_modules") != 0 &&
				    depth < DISCOVER_MAX_DEPTH)
					rc = walk_dir(w, path, r, depth + 1);
			} else if (S_ISREG(st.st_mode) && (c = cca_collector_by_path(path))) {
				if (w->added >= DISCOVER_MAX_FILES)
					rc = cca_error_set(w->err, CCA_ETOOBIG,
							   "more than %d evidence files under '%s'",
							   DISCOVER_MAX_FILES, dir);
				else {
					c->collect(w->ev, path, w->opts);
					w->added++;
				}
			}
		}
		free(path);
		free(r);
	}
	for (size_t i = 0; i < n; i++)
		free(names[i]);
	free(names);
	return rc;
}

long cca_evidence_discover(struct cca_evidence *ev, const char *dir,
			   const char *const *excludes, const struct cca_collect_opts *o,
			   struct cca_error *err)
{
	struct walk w = { ev, excludes, o, 0, err };
	size_t len = strlen(dir);
	char *root = cca_xstrndup(dir, len > 1 && dir[len - 1] == '/' ? len - 1 : len);
	int rc = walk_dir(&w, root, "", 0);

	free(root);
	return rc < 0 ? -1 : w.added;
}
