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
#include "ccaudit/engine.h"
#include "ccaudit/evidence.h"
#include "ccaudit/util.h"

/* A value the checks share over one item (cca_check_shared). */
struct shared {
	const char *key;
	void *value;
	void (*release)(void *value);
};

struct cca_checkctx {
	struct cca_eval *ev;
	size_t rule;
	const char *target;
	const struct cca_evidence_item *item;
	struct shared *shared;    /* of the current item */
	size_t nshared;
};

const struct cca_evidence_item *cca_check_item(const struct cca_checkctx *ctx)
{
	return ctx->item;
}

const struct cca_dockerfile *cca_check_dockerfile(const struct cca_checkctx *ctx)
{
	return ctx->item->dockerfile;
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

void cca_check_report(struct cca_checkctx *ctx, enum cca_status status,
		      unsigned line, const char *fmt, ...)
{
	struct cca_buf msg;
	char *location;
	va_list ap;

	cca_buf_init(&msg);
	va_start(ap, fmt);
	cca_buf_vprintf(&msg, fmt, ap);
	va_end(ap);
	location = line ? cca_xasprintf("%s:%u", ctx->item->path, line)
			: cca_xstrdup(ctx->item->path);
	cca_eval_add_finding(ctx->ev, ctx->rule, ctx->target, status, location,
			     cca_buf_str(&msg), suppression_at(ctx, line));
	free(location);
	cca_buf_release(&msg);
}

void cca_eval_run_checks(struct cca_eval *ev, const struct cca_evidence *evidence,
			 const char *target)
{
	const struct cca_catalog *cat = cca_eval_catalog(ev);
	const struct cca_profile *p = cca_eval_profile(ev);
	struct cca_checkctx ctx = { ev, 0, target, NULL, NULL, 0 };
	size_t nrules = cca_catalog_nrules(cat);
	const struct cca_check **checks = cca_xcalloc(nrules ? nrules : 1, sizeof *checks);

	for (size_t i = 0; i < cca_evidence_count(evidence); i++)
		cca_eval_add_evidence_kind(ev, cca_evidence_item(evidence, i)->kind);
	/* The check of each selected automated rule, looked up once. */
	for (size_t r = 0; r < nrules; r++) {
		const struct cca_rule *rule = cca_catalog_rule(cat, r);

		if (!rule->manual && cca_profile_selected(p, r))
			checks[r] = cca_check_find(rule->check);
	}
	/* Item by item, so what the checks share over an item is built once. */
	for (size_t i = 0; i < cca_evidence_count(evidence); i++) {
		ctx.item = cca_evidence_item(evidence, i);
		for (size_t r = 0; r < nrules; r++) {
			const struct cca_check *check = checks[r];

			if (!check || strcmp(ctx.item->kind, check->evidence) != 0)
				continue;
			ctx.rule = r;
			cca_eval_note_checked(ev, r);
			if (ctx.item->error) {
				cca_check_report(&ctx, CCA_ERROR, 0, "%s", ctx.item->error);
				continue;
			}
			/* Reporting nothing is a pass: no finding records it. */
			check->run(&ctx);
		}
		release_shared(&ctx);
	}
	free(checks);
}
