/*
 * checklist-model.h - the content of a checklist, computed once from the
 * catalog and a profile and shared by every checklist format (checklist.c
 * writes the text formats, checklist-pdf.c the PDF); private to
 * src/report/.
 */
#ifndef CCAUDIT_REPORT_CHECKLIST_MODEL_H
#define CCAUDIT_REPORT_CHECKLIST_MODEL_H

#include <stdbool.h>
#include <stddef.h>

#include "ccaudit/catalog.h"
#include "ccaudit/util.h"

/* One control of the checklist with its selected rules. */
struct cl_item {
	size_t control;
	size_t *rules;      /* selected rules of the control, ascending */
	size_t nrules;
};

struct cl_model {
	const struct cca_catalog *cat;
	const struct cca_profile *p;
	unsigned level;           /* 0: every level */
	unsigned roles;           /* the role filter in force */
	struct cl_item *items;    /* by framework, group, catalog order */
	size_t nitems;
	size_t *fw_first;         /* per framework: its first item */
	size_t *fw_count;         /* per framework: its number of items */
	size_t *rules;            /* distinct listed rules, first appearance */
	size_t nrules;
	size_t nautomated;
	size_t nmanual;
};

/*
 * Fill m from cat and p (see checklist.c for what is listed).  Fails with
 * CCA_EINTERNAL only when the catalog contradicts its own invariants; m
 * must be released either way.
 */
int cl_model_build(struct cl_model *m, const struct cca_catalog *cat,
		   const struct cca_profile *p, struct cca_error *err);
/* Release what cl_model_build() allocated; m may be half-built. */
void cl_model_release(struct cl_model *m);

const struct cca_control *cl_item_control(const struct cl_model *m,
					 const struct cl_item *it);
/* True when rule r needs an attestation rather than running a check. */
bool cl_is_attestation(const struct cca_rule *r);

/* Plain-text pieces every format shows, appended to b. */
void cl_put_title(struct cca_buf *b, const struct cl_model *m);
void cl_put_role_titles(struct cca_buf *b, unsigned bits);
void cl_put_level_flags(struct cca_buf *b, unsigned levels);
void cl_put_role_filter(struct cca_buf *b, unsigned roles);

/* The checklist of m as a printable PDF form, appended to out. */
int cl_render_pdf(const struct cl_model *m, struct cca_buf *out, struct cca_error *err);

#endif
