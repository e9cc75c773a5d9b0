/*
 * run.c - run the checks of the selected automated rules over the
 * collected evidence, and the context through which a check reads its item
 * and reports what it observed (checks.h).
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ccaudit/checks.h"
#include "ccaudit/dockerfile.h"
#include "ccaudit/engine.h"
#include "ccaudit/evidence.h"
#include "ccaudit/tasks.h"
#include "ccaudit/util.h"

/* A value the checks share over one item (cca_check_shared). */
struct shared {
	const char *key;
	void *value;
	void (*release)(void *value);
};

/*
 * What the checks reported on one item run on a worker thread: kept, with
 * the strings it owns, until the calling thread records it in item order.
 */
struct held {
	struct cca_finding_in *v;  /* fingerprinted, their strings in strings */
	size_t n, cap;
	struct cca_arena strings;
};

/* What a Dockerfile instruction contributes to the key of its findings. */
struct instr_key {
	bool done;
	unsigned same;            /* identical instructions before it in its stage */
	char hash[17];            /* the first 16 hex digits of its text's SHA-256 */
};

struct cca_checkctx {
	struct cca_eval *ev;
	size_t rule;
	const char *target;
	const struct cca_evidence_item *item;
	struct shared *shared;    /* of the current item */
	size_t nshared;
	const struct cca_evidence *evidence;  /* everything collected */
	struct held *held;        /* where the item's reports go */
	struct instr_key *keys;   /* per instruction of the item's Dockerfile, or NULL */
	struct cca_buf key;       /* the fingerprint key being built (dockerfile_key) */
	struct cca_buf text;      /* a finding's message or location being built */
};

const struct cca_evidence_item *cca_check_item(const struct cca_checkctx *ctx)
{
	return ctx->item;
}

const struct cca_dockerfile *cca_check_dockerfile(const struct cca_checkctx *ctx)
{
	return ctx->item->dockerfile;
}

const struct cca_evidence *cca_check_evidence(const struct cca_checkctx *ctx)
{
	return ctx->evidence;
}

const void *cca_check_model(const struct cca_checkctx *ctx)
{
	return ctx->item->model;
}

long cca_check_stage(const struct cca_checkctx *ctx)
{
	return ctx->item->stage;
}

const char *cca_check_rule_id(const struct cca_checkctx *ctx)
{
	return cca_catalog_rule(cca_eval_catalog(ctx->ev), ctx->rule)->id;
}

const char *cca_check_param(const struct cca_checkctx *ctx, const char *name)
{
	return cca_profile_param(cca_eval_profile(ctx->ev), ctx->rule, name);
}

void *cca_check_shared(struct cca_checkctx *ctx, const char *key,
		       void *(*build)(const struct cca_evidence_item *item),
		       void (*release)(void *value))
{
	struct shared *s;

	for (size_t k = 0; k < ctx->nshared; k++)
		if (ctx->shared[k].key == key)
			return ctx->shared[k].value;
	ctx->shared = cca_xreallocarray(ctx->shared, ctx->nshared + 1, sizeof *ctx->shared);
	s = &ctx->shared[ctx->nshared++];
	s->key = key;
	s->value = build(ctx->item);
	s->release = release;
	return s->value;
}

/* Release what the checks shared over the current item. */
static void release_shared(struct cca_checkctx *ctx)
{
	free(ctx->keys);
	ctx->keys = NULL;
	cca_buf_release(&ctx->key);
	cca_buf_release(&ctx->text);
	for (size_t k = 0; k < ctx->nshared; k++)
		ctx->shared[k].release(ctx->shared[k].value);
	free(ctx->shared);
	ctx->shared = NULL;
	ctx->nshared = 0;
}

/* The suppression of the item for this rule at line (or file-wide), or NULL. */
static const struct cca_waiver *suppression_at(const struct cca_checkctx *ctx,
					       unsigned line)
{
	const struct cca_evidence_item *it = ctx->item;
	const char *id = cca_check_rule_id(ctx);
	const struct cca_waiver *global = NULL;

	for (size_t k = 0; k < it->nsuppressions; k++) {
		if (strcmp(it->suppressions[k].rule_id, id) != 0)
			continue;
		if (it->suppressed_lines[k] == 0)
			global = &it->suppressions[k];
		else if (line && it->suppressed_lines[k] == line)
			return &it->suppressions[k];
	}
	return global;
}

/* The index of the Dockerfile instruction that spans line, or -1. */
static long instruction_at(const struct cca_dockerfile *df, unsigned line)
{
	size_t lo = 0, hi = df->ninstrs;

	while (lo < hi) {   /* the first instruction ending at or after line */
		size_t mid = lo + (hi - lo) / 2;

		if (df->instrs[mid].end_line < line)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < df->ninstrs && df->instrs[lo].line <= line ? (long)lo : -1;
}

/*
 * The fingerprint key of a finding at line of a Dockerfile: the file, the
 * stage (by name, else number), the instruction's keyword and text, and
 * which of the stage's identical instructions it is, so that adding or
 * moving other lines leaves it unchanged.  NULL when line is in no
 * instruction (the location then serves).  Built in ctx->key: valid until
 * the next call.
 */
static const char *dockerfile_key(struct cca_checkctx *ctx, unsigned line)
{
	const struct cca_evidence_item *it = ctx->item;
	const struct cca_dockerfile *df = it->dockerfile;
	const struct cca_df_instr *in;
	const char *stage;
	struct instr_key *k;
	struct cca_buf *b = &ctx->key;
	long i;

	if (!df || !line || (i = instruction_at(df, line)) < 0)
		return NULL;
	in = &df->instrs[i];
	/* Worked out once per instruction: an item's findings often share one. */
	if (!ctx->keys)
		ctx->keys = cca_xcalloc(df->ninstrs, sizeof *ctx->keys);
	k = &ctx->keys[i];
	if (!k->done) {
		char hash[65];

		for (long j = i - 1; j >= 0 && df->instrs[j].stage == in->stage; j--)
			k->same += df->instrs[j].kind == in->kind &&
				   strcmp(df->instrs[j].text, in->text) == 0;
		cca_sha256_hex(in->text, strlen(in->text), hash);
		memcpy(k->hash, hash, 16);
		k->hash[16] = '\0';
		k->done = true;
	}
	/* PATH|STAGE|KEYWORD|HASH|SAME, STAGE its name or #index */
	cca_buf_reset(b);
	cca_buf_puts(b, it->path);
	cca_buf_putc(b, '|');
	stage = in->stage >= 0 ? df->stages[in->stage].name : NULL;
	if (stage) {
		cca_buf_puts(b, stage);
	} else {
		cca_buf_putc(b, '#');
		cca_buf_put_int(b, in->stage);
	}
	cca_buf_putc(b, '|');
	cca_buf_puts(b, in->keyword);
	cca_buf_putc(b, '|');
	cca_buf_puts(b, k->hash);
	cca_buf_putc(b, '|');
	cca_buf_put_int(b, k->same);
	return cca_buf_str(b);
}

/*
 * Hold in (its location borrowed, possibly ctx->text), its message
 * formatted from fmt and its fingerprint made of key (borrowed), else of
 * its location: its strings copied into the item's held arena, for the
 * calling thread to record in item order.
 */
static void deliver(struct cca_checkctx *ctx, struct cca_finding_in *in, const char *key,
		    const char *fmt, va_list ap)
{
	struct held *h = ctx->held;
	char fp[33];

	cca_fingerprint(cca_check_rule_id(ctx), in->target ? in->target : "",
			key ? key : in->location, fp);
	in->key = NULL;
	in->location = cca_arena_strdup(&h->strings, in->location);
	in->fingerprint = cca_arena_strndup(&h->strings, fp, 32);
	cca_buf_reset(&ctx->text);
	cca_buf_vprintf(&ctx->text, fmt, ap);
	in->message = cca_arena_strndup(&h->strings, cca_buf_str(&ctx->text), ctx->text.len);
	if (h->n == h->cap) {
		h->cap = h->cap ? 2 * h->cap : 16;
		h->v = cca_xreallocarray(h->v, h->cap, sizeof *h->v);
	}
	h->v[h->n++] = *in;
}

void cca_check_report(struct cca_checkctx *ctx, enum cca_status status,
		      unsigned line, const char *fmt, ...)
{
	struct cca_finding_in in = {
		ctx->rule, ctx->target, status, NULL, NULL, NULL, NULL,
		suppression_at(ctx, line)
	};
	struct cca_buf *loc = &ctx->text;
	va_list ap;

	/* PATH:LINE, or PATH */
	cca_buf_reset(loc);
	cca_buf_puts(loc, ctx->item->path);
	if (line) {
		cca_buf_putc(loc, ':');
		cca_buf_put_int(loc, line);
	}
	in.location = cca_buf_str(loc);   /* copied by deliver before it reuses loc */
	va_start(ap, fmt);
	deliver(ctx, &in, dockerfile_key(ctx, line), fmt, ap);
	va_end(ap);
}

void cca_check_report_key(struct cca_checkctx *ctx, enum cca_status status,
			  const char *key, const char *fmt, ...)
{
	const struct cca_evidence_item *it = ctx->item;
	unsigned line = key && *key == '/' ? cca_linemap_line(it->lines, key) : 0;
	/* A merged input (compose overrides) says which of its files the key is in. */
	const char *file = line ? cca_linemap_file(it->lines, key) : NULL;
	struct cca_finding_in in = {
		ctx->rule, ctx->target, status, NULL, NULL, NULL, NULL, suppression_at(ctx, line)
	};
	char *location, *fkey;
	va_list ap;

	if (line)
		location = cca_xasprintf("%s:%u", file ? file : it->path, line);
	else if (it->name)
		location = cca_xasprintf("%s: %s: %s", it->path, it->name, key ? key : "");
	else
		location = cca_xasprintf("%s: %s", it->path, key ? key : "");
	fkey = cca_xasprintf("%s|%s|%s", it->path, it->name ? it->name : "", key ? key : "");
	in.location = location;
	va_start(ap, fmt);
	deliver(ctx, &in, fkey, fmt, ap);
	va_end(ap);
	free(location);
	free(fkey);
}

/* The rules whose check reads one kind of evidence, in catalog order. */
struct kind_rules {
	const char *kind;
	size_t *rules;
	size_t n;
};

/* The checks of the selected automated rules over the evidence. */
struct run {
	struct cca_eval *ev;
	struct cca_evidence *evidence;
	const char *target;
	const struct cca_check **checks;   /* per rule: its check, or NULL */
	size_t nrules;
	struct kind_rules *kinds;          /* per kind of evidence collected */
	size_t nkinds;
	size_t *threaded;                  /* the items checked on worker threads */
	struct held *held;                 /* per threaded item */
};

/* The rules of kind (made by the calling thread before any task runs). */
static const struct kind_rules *rules_of(const struct run *r, const char *kind)
{
	for (size_t i = 0; i < r->nkinds; i++)
		if (strcmp(r->kinds[i].kind, kind) == 0)
			return &r->kinds[i];
	return NULL;
}

/* Make the rules of kind, unless made. */
static void add_kind(struct run *r, const char *kind)
{
	struct kind_rules *k;

	if (rules_of(r, kind))
		return;
	r->kinds = cca_xreallocarray(r->kinds, r->nkinds + 1, sizeof *r->kinds);
	k = &r->kinds[r->nkinds++];
	k->kind = kind;
	k->rules = cca_xcalloc(r->nrules ? r->nrules : 1, sizeof *k->rules);
	k->n = 0;
	for (size_t i = 0; i < r->nrules; i++)
		if (r->checks[i] && strcmp(kind, r->checks[i]->evidence) == 0)
			k->rules[k->n++] = i;
}

/* Run every check of ctx->item's kind over it, then release what they shared. */
static void check_item(const struct run *r, struct cca_checkctx *ctx)
{
	const struct kind_rules *kr = rules_of(r, ctx->item->kind);

	for (size_t i = 0; kr && i < kr->n; i++) {
		size_t k = kr->rules[i];
		const struct cca_check *check = r->checks[k];

		ctx->rule = k;
		if (ctx->item->error) {
			cca_check_report(ctx, CCA_ERROR, 0, "%s", ctx->item->error);
			continue;
		}
		/* Reporting nothing is a pass: no finding records it. */
		check->run(ctx);
	}
	release_shared(ctx);
}

/*
 * Read Dockerfile item i, run its checks and free its parse: one file in
 * memory at a time (per thread), whatever the number of files.
 */
static void check_dockerfile(const struct run *r, struct cca_checkctx *ctx, size_t i)
{
	cca_evidence_read_item(r->evidence, i);
	ctx->item = cca_evidence_peek(r->evidence, i);
	check_item(r, ctx);
	cca_evidence_release_dockerfile(r->evidence, i);
}

static void check_task(void *arg, size_t i)
{
	const struct run *r = arg;
	struct cca_checkctx ctx = { .ev = r->ev, .target = r->target, .evidence = r->evidence,
				    .held = &r->held[i] };

	check_dockerfile(r, &ctx, r->threaded[i]);
}

/*
 * Whether the checks of it may run on a worker thread: a Dockerfile's
 * checks read nothing but the item, the catalog and the profile.
 */
static bool is_dockerfile(const struct cca_evidence_item *it)
{
	return strcmp(it->kind, CCA_KIND_DOCKERFILE) == 0;
}

void cca_eval_run_checks(struct cca_eval *ev, struct cca_evidence *evidence,
			 const char *target)
{
	const struct cca_catalog *cat = cca_eval_catalog(ev);
	const struct cca_profile *p = cca_eval_profile(ev);
	size_t nitems = cca_evidence_count(evidence), nthreaded = 0, next = 0;
	struct run r = { .ev = ev, .evidence = evidence, .target = target,
			 .nrules = cca_catalog_nrules(cat) };

	r.checks = cca_xcalloc(r.nrules ? r.nrules : 1, sizeof *r.checks);
	r.threaded = cca_xcalloc(nitems ? nitems : 1, sizeof *r.threaded);
	/* The check of each selected automated rule, looked up once. */
	for (size_t k = 0; k < r.nrules; k++) {
		const struct cca_rule *rule = cca_catalog_rule(cat, k);

		if (!rule->manual && cca_profile_selected(p, k))
			r.checks[k] = cca_check_find(rule->check);
	}
	for (size_t i = 0; i < nitems; i++) {
		const struct cca_evidence_item *it = cca_evidence_peek(evidence, i);

		cca_eval_add_evidence_kind(ev, it->kind);
		add_kind(&r, it->kind);
		if (is_dockerfile(it))
			r.threaded[nthreaded++] = i;
	}
	if (cca_eval_jobs(ev) > 1 && nthreaded > 1) {
		r.held = cca_xcalloc(nthreaded, sizeof *r.held);
		cca_tasks_run(nthreaded, cca_eval_jobs(ev), check_task, &r);
	}
	/* Item by item, in order: what a thread held, else the checks run here. */
	for (size_t i = 0; i < nitems; i++) {
		const struct cca_evidence_item *it = cca_evidence_peek(evidence, i);
		const struct kind_rules *kr = rules_of(&r, it->kind);
		struct held here = { 0 }, *h = &here;
		struct cca_checkctx ctx = { .ev = ev, .target = target, .item = it,
					    .evidence = evidence, .held = &here };

		for (size_t k = 0; k < kr->n; k++)
			cca_eval_note_checked(ev, kr->rules[k]);
		if (r.held && next < nthreaded && r.threaded[next] == i)
			h = &r.held[next++];
		else if (is_dockerfile(it))
			check_dockerfile(&r, &ctx, i);
		else
			/* Read when it was added.  A check that reads other items (the
			 * policy reads base images) has unread Dockerfiles read then. */
			check_item(&r, &ctx);
		cca_eval_keep(ev, &h->strings);
		for (size_t f = 0; f < h->n; f++)
			cca_eval_record_kept(ev, &h->v[f]);
		free(h->v);
	}
	for (size_t k = 0; k < r.nkinds; k++)
		free(r.kinds[k].rules);
	free(r.kinds);
	free(r.held);
	free(r.threaded);
	free(r.checks);
}
