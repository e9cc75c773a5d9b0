/*
 * vuln.h - vulnerability reports as evidence: Trivy JSON (SchemaVersion 2)
 * and Grype JSON, told apart by their shape.  One item per report, named
 * for the image it scanned, whose model is a struct cca_vuln_report.
 */
#ifndef CCAUDIT_VULN_H
#define CCAUDIT_VULN_H

#include <stddef.h>
#include <stdint.h>

#include "ccaudit/error.h"

#define CCA_KIND_VULN "vuln-report"

#define CCA_VULN_MAX_BYTES (64u * 1024 * 1024)
#define CCA_VULN_MAX_ENTRIES 500000

/* Severities, lowest first (Trivy's and Grype's names map onto them). */
enum cca_vuln_sev {
	CCA_VSEV_UNKNOWN,
	CCA_VSEV_NEGLIGIBLE,
	CCA_VSEV_LOW,
	CCA_VSEV_MEDIUM,
	CCA_VSEV_HIGH,
	CCA_VSEV_CRITICAL
};
#define CCA_VSEV_COUNT 6

struct cca_vuln {
	const char *id;          /* CVE-2024-1234, GHSA-..., ... */
	const char *package;
	const char *installed;
	const char *fixed;       /* "" when no fix is known */
	enum cca_vuln_sev severity;
	double cvss;             /* highest CVSS v3 base score, else v2; < 0 when none */
};

struct cca_vuln_report {
	const char *format;      /* "trivy" or "grype" */
	const char *tool_version;/* "" when not given */
	const char *artifact;    /* the image (or path) scanned */
	const char *created;     /* the scan time as written, or NULL */
	int64_t created_days;    /* its date, CCA_NO_DATE when unknown */
	size_t counts[CCA_VSEV_COUNT];
	struct cca_vuln *vulns;  /* most severe first (severity, CVSS, id, package) */
	size_t nvulns;
};

/* Parse the report data (len bytes) read from path; errors name PATH[:LINE]. */
int cca_vuln_parse(const char *path, const char *data, size_t len,
		   struct cca_vuln_report **out, struct cca_error *err);
void cca_vuln_report_free(struct cca_vuln_report *r);

const char *cca_vuln_sev_name(enum cca_vuln_sev s);
/* "critical", "HIGH", "Negligible", ... -> s; -1 when unknown. */
int cca_vuln_sev_parse(const char *text, enum cca_vuln_sev *s);

struct cca_evidence;

/* Add the report at path as one item (an error item when it cannot be read). */
void cca_vuln_collect(struct cca_evidence *ev, const char *path);

#endif
