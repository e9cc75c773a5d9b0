/*
 * report.h - the report model and its renderers.
 *
 * A finished evaluation plus the facts of the run (target, time, evidence
 * inventory, versions) becomes one struct cca_report; every renderer reads
 * only that model, so a stored run renders the same as a live one.
 * Renderers append to a struct cca_buf and never print.
 */
#ifndef CCAUDIT_REPORT_H
#define CCAUDIT_REPORT_H

#include <stdbool.h>
#include <stdint.h>
#include <time.h>

#include "ccaudit/catalog.h"
#include "ccaudit/engine.h"
#include "ccaudit/util.h"

/* One input the run read: its kind, path, size and SHA-256. */
struct cca_inventory_item {
	char *kind;       /* "answers", "tailoring", "catalog", "dockerfile", ... */
	char *path;
	uint64_t size;
	char sha256[65];
};

struct cca_report;

/* A report over ev (borrowed: it must outlive the report). */
struct cca_report *cca_report_new(const struct cca_eval *ev);
void cca_report_free(struct cca_report *r);

void cca_report_set_target(struct cca_report *r, const char *name);
void cca_report_set_time(struct cca_report *r, time_t generated);
/* Record an input by its contents (hashed here; data is not kept). */
void cca_report_add_input(struct cca_report *r, const char *kind,
			     const char *path, const void *data, size_t len);
/* Record an input already hashed (sha256: 64 lower-case hex digits). */
void cca_report_add_input_hash(struct cca_report *r, const char *kind,
				  const char *path, uint64_t size,
				  const char *sha256);

const struct cca_eval *cca_report_eval(const struct cca_report *r);
const char *cca_report_target(const struct cca_report *r);
time_t cca_report_time(const struct cca_report *r);
size_t cca_report_ninputs(const struct cca_report *r);
const struct cca_inventory_item *cca_report_input(const struct cca_report *r, size_t i);

/* Output formats of `ccaudit audit`. */
enum cca_format {
	CCA_FMT_TEXT,
	CCA_FMT_JSON
};
/* Parse a format name; -1 when unknown. */
int cca_format_parse(const char *name, enum cca_format *out);

/*
 * The JSON document of the run (schema: catalogs/report.schema.json),
 * keys and arrays in a stable order, UTF-8, ending in a newline.
 */
int cca_report_json(const struct cca_report *r, struct cca_buf *out,
		    struct cca_error *err);

/*
 * The terminal summary: score bar per CSVS level, level achieved, counts by
 * status, open items by role, worst findings.  ANSI colour when color.
 */
void cca_report_summary(const struct cca_report *r, bool color,
			struct cca_buf *out);

/* ---- checklists ---------------------------------------------------------- */

enum cca_checklist_format {
	CCA_CL_TEXT,
	CCA_CL_MD,
	CCA_CL_CSV,
	CCA_CL_YAML,   /* an answers template for `audit --attestations` */
	CCA_CL_JSON
};
int cca_checklist_format_parse(const char *name, enum cca_checklist_format *out);

/*
 * What a team must satisfy under profile p (a csvs-lN profile, maybe
 * role-filtered): for each framework, by group (CSVS chapter, NIST area,
 * use-case phase), every control that has a selected rule, with its roles
 * and whether each rule is automated (check id) or needs an attestation.
 * Deterministic: catalog order.
 */
int cca_checklist_render(const struct cca_catalog *cat,
			 const struct cca_profile *p,
			 enum cca_checklist_format fmt, struct cca_buf *out,
			 struct cca_error *err);

#endif
