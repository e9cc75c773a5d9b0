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
/* Who signs the report (--auditor), or NULL. */
void cca_report_set_auditor(struct cca_report *r, const char *name);
const char *cca_report_auditor(const struct cca_report *r);
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

/* ---- history: filled when the run is saved in the store ----------------- */

/* Where a failing finding stands against the earlier runs of its target. */
enum cca_lifecycle {
	CCA_LC_UNTRACKED,  /* the run was not saved, or the finding does not fail */
	CCA_LC_NEW,        /* never failed in an earlier run */
	CCA_LC_PERSISTING, /* failed in the previous run too */
	CCA_LC_REOPENED    /* failed before, was fixed, fails again */
};
const char *cca_lifecycle_name(enum cca_lifecycle lc);   /* "new" ... */

/* What the store knows of one finding of the run. */
struct cca_finding_track {
	enum cca_lifecycle lifecycle;
	const char *owner;    /* `ccaudit assign`; NULL when unassigned */
	const char *role;     /* the role it was assigned to; may be NULL */
	int64_t due;          /* days since 1970-01-01, or CCA_NO_DATE */
};

/* One saved run of the target, for the trend. */
struct cca_trend_point {
	char run[37];                   /* its UUID */
	time_t time;
	unsigned achieved;              /* CSVS level achieved */
	bool scored[CCA_LEVEL_MAX + 1]; /* per level 1..3 */
	double score[CCA_LEVEL_MAX + 1];
	unsigned open;                  /* failing findings not waived */
};

/* Whether the run was saved or has any history to show. */
bool cca_report_has_history(const struct cca_report *r);
/* The run's id in the store ("" until saved). */
void cca_report_set_run_id(struct cca_report *r, const char *uuid);
const char *cca_report_run_id(const struct cca_report *r);
/* Record what the store knows of finding i (strings copied). */
void cca_report_set_track(struct cca_report *r, size_t finding,
			  const struct cca_finding_track *t);
/* The track of finding i: CCA_LC_UNTRACKED and no owner when none was set. */
const struct cca_finding_track *cca_report_track(const struct cca_report *r, size_t finding);
/* A finding of the previous run that no longer fails (copied). */
void cca_report_add_fixed(struct cca_report *r, const char *fingerprint,
			  const char *rule_id, const char *location);
size_t cca_report_nfixed(const struct cca_report *r);
/* The fixed finding i: its fingerprint, rule id and location. */
void cca_report_fixed(const struct cca_report *r, size_t i, const char **fingerprint,
		      const char **rule_id, const char **location);
/* Append a point of the trend (the target's runs, oldest first, this one last). */
void cca_report_add_trend(struct cca_report *r, const struct cca_trend_point *p);
size_t cca_report_ntrend(const struct cca_report *r);
const struct cca_trend_point *cca_report_trend(const struct cca_report *r, size_t i);

/* Output formats of `ccaudit audit`. */
enum cca_format {
	CCA_FMT_TEXT,
	CCA_FMT_JSON,
	CCA_FMT_XML,
	CCA_FMT_HTML,
	CCA_FMT_PDF,
	CCA_FMT_XCCDF,
	CCA_FMT_SARIF,
	CCA_FMT_JUNIT,
	CCA_FMT_CSV,
	CCA_FMT_MD
};
#define CCA_FMT_COUNT 10

/* Parse a format name ("html", "md"...); -1 when unknown. */
int cca_format_parse(const char *name, enum cca_format *out);
const char *cca_format_name(enum cca_format f);
/* The file a format is written to in an output directory ("report.html"). */
const char *cca_format_filename(enum cca_format f);
/* Whether the format is binary (never written to a terminal). */
bool cca_format_binary(enum cca_format f);

/* How a report is rendered. */
struct cca_render_opts {
	const char *data_dir;      /* the data directory (catalogs/, templates/) */
	const char *template_dir;  /* --template DIR, or NULL: <data_dir>/templates */
	bool color;                /* text: ANSI colour */
	bool sarif_github;         /* sarif: unsuppressed failures only (GitHub) */
	/*
	 * Where a renderer may hand over what it has written so far, so that a
	 * large report never sits whole in memory (NULL: it all stays in out,
	 * as it does with a renderer that does not use it; json does): returns
	 * 0, or -1 with err set, which the render then returns.
	 */
	int (*sink)(void *arg, const char *data, size_t len, struct cca_error *err);
	void *sink_arg;
};

/*
 * Render r as format f, appended to out.  Every renderer reads only the
 * report model, writes reproducibly (SOURCE_DATE_EPOCH), shows secrets only
 * masked (as the model holds them), and escapes every untrusted string for
 * its format.  Fails with CCA_EIO when a template or font cannot be read,
 * CCA_EINTERNAL on a bug.
 */
int cca_report_render(const struct cca_report *r, enum cca_format f,
		      const struct cca_render_opts *o, struct cca_buf *out,
		      struct cca_error *err);

/* The renderers behind cca_report_render, one per format, same contract. */
int cca_report_text(const struct cca_report *r, const struct cca_render_opts *o,
		    struct cca_buf *out, struct cca_error *err);
/* JSON (schema: catalogs/report.schema.json), stable order, ends in a newline. */
int cca_report_json(const struct cca_report *r, const struct cca_render_opts *o,
		    struct cca_buf *out, struct cca_error *err);
/* ccaudit's own results document (namespace urn:ccaudit:results:1,
 * schema catalogs/results.xsd): what the HTML templates transform. */
int cca_report_xml(const struct cca_report *r, const struct cca_render_opts *o,
		   struct cca_buf *out, struct cca_error *err);
/* One self-contained HTML file, from the XML by templates/report.xsl. */
int cca_report_html(const struct cca_report *r, const struct cca_render_opts *o,
		    struct cca_buf *out, struct cca_error *err);
/* An archivable PDF (libharu, embedded DejaVu font). */
int cca_report_pdf(const struct cca_report *r, const struct cca_render_opts *o,
		   struct cca_buf *out, struct cca_error *err);
/* An XCCDF 1.2 Benchmark from the catalog with the run as its TestResult. */
int cca_report_xccdf(const struct cca_report *r, const struct cca_render_opts *o,
		     struct cca_buf *out, struct cca_error *err);
/*
 * The XCCDF 1.2 Benchmark of cat alone (`ccaudit catalog export -f
 * xccdf`): the same Profiles, Groups, Rules and Values as
 * cca_report_xccdf() writes, without a TestResult.  Appended to out;
 * fails with CCA_EINTERNAL on a bug.
 */
int cca_catalog_xccdf(const struct cca_catalog *cat, const struct cca_render_opts *o,
		      struct cca_buf *out, struct cca_error *err);
/* SARIF 2.1.0. */
int cca_report_sarif(const struct cca_report *r, const struct cca_render_opts *o,
		     struct cca_buf *out, struct cca_error *err);
/* JUnit XML: a test case per rule. */
int cca_report_junit(const struct cca_report *r, const struct cca_render_opts *o,
		     struct cca_buf *out, struct cca_error *err);
/* CSV, RFC 4180: a row per finding. */
int cca_report_csv(const struct cca_report *r, const struct cca_render_opts *o,
		   struct cca_buf *out, struct cca_error *err);
/* Markdown for a pull-request comment, under 65,000 characters. */
int cca_report_md(const struct cca_report *r, const struct cca_render_opts *o,
		  struct cca_buf *out, struct cca_error *err);

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
	CCA_CL_JSON,
	CCA_CL_HTML,   /* a printable form with boxes and an answer column */
	CCA_CL_PDF     /* the same form as a PDF */
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
