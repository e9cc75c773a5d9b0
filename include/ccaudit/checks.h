/*
 * checks.h - the check table: every automated check ccaudit can run, by id.
 *
 * The table is one X-macro list (src/checks/checks.def).  A catalog rule
 * that is not manual names a check id; the catalog loader rejects a rule
 * naming an id that is not in this table.  A check reads evidence and adds
 * findings through its context; it never prints and never touches the
 * store.
 */
#ifndef CCAUDIT_CHECKS_H
#define CCAUDIT_CHECKS_H

#include <stddef.h>

#include "ccaudit/engine.h"

struct cca_checkctx;  /* one rule run over one evidence item (src/engine/run.c) */
struct cca_evidence_item;
struct cca_dockerfile;

struct cca_check {
	const char *id;        /* "dockerfile.add", as rules name it */
	const char *evidence;  /* the evidence kind it reads: "dockerfile", "image", ... */
	const char *summary;   /* one line: what it decides */
	void (*run)(struct cca_checkctx *ctx);
};

size_t cca_check_count(void);
const struct cca_check *cca_check_at(size_t i);
/* The check with that id, or NULL. */
const struct cca_check *cca_check_find(const char *id);

/* ---- what a check reads and says (implemented by the engine) ---------- */

/* The evidence item the check runs over. */
const struct cca_evidence_item *cca_check_item(const struct cca_checkctx *ctx);
/* Its Dockerfile (kind "dockerfile"). */
const struct cca_dockerfile *cca_check_dockerfile(const struct cca_checkctx *ctx);
/* The stage that is the image (index into the Dockerfile's stages), or -1. */
long cca_check_stage(const struct cca_checkctx *ctx);
/*
 * Everything the audit collected, for a check that judges its item against
 * the others (a signature policy against the registries the images come
 * from).  Read-only.
 */
struct cca_evidence;
const struct cca_evidence *cca_check_evidence(const struct cca_checkctx *ctx);
/* Its model, for every kind but "dockerfile" (the kind's header says which). */
const void *cca_check_model(const struct cca_checkctx *ctx);
/* The id of the rule being evaluated. */
const char *cca_check_rule_id(const struct cca_checkctx *ctx);
/* The rule parameter name (tailored value, else default), or NULL. */
const char *cca_check_param(const struct cca_checkctx *ctx, const char *name);

/*
 * A value derived from the item once and shared by every check that runs
 * over it (the parsed shell scripts of a Dockerfile, say).  The first call
 * for key builds it with build(item); later calls over the same item
 * return the same value; the engine calls release(value) when it is done
 * with the item.  key is compared by address: pass a static string.
 */
void *cca_check_shared(struct cca_checkctx *ctx, const char *key,
		       void *(*build)(const struct cca_evidence_item *item),
		       void (*release)(void *value));

/*
 * Report what the check observed at line of the item (0: the item as a
 * whole).  The message must already mask any secret (cca_mask_secret).  A
 * check that reports nothing for an item passes there.
 */
void cca_check_report(struct cca_checkctx *ctx, enum cca_status status,
		      unsigned line, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

/*
 * Report what the check observed at key of a structured item: a JSON
 * pointer into its input ("/services/web/privileged", "/icc"), or a path
 * into a live object ("HostConfig.Privileged").  The location is
 * "PATH:LINE" when the item's line map knows where key stood, else
 * "PATH: key" (a compose service or container is named: "PATH: web:
 * key"); the fingerprint uses the key, never the line.
 */
void cca_check_report_key(struct cca_checkctx *ctx, enum cca_status status,
			  const char *key, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

#endif
