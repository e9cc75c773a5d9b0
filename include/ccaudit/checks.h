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

struct cca_checkctx;  /* evidence, parameters and finding sink (engine.h) */

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

#endif
