/*
 * vuln.c - Trivy and Grype JSON vulnerability reports as evidence (vuln.h).
 *
 * The format is told by shape: Trivy writes an object with SchemaVersion
 * and Results[].Vulnerabilities[]; Grype an object with matches[] and a
 * descriptor.  Anything else is an error naming the file.  Every string is
 * copied into the report, so the jansson tree is freed after parsing.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <jansson.h>

#include "ccaudit/engine.h"
#include "ccaudit/evidence.h"
#include "ccaudit/util.h"
#include "ccaudit/vuln.h"

static const char *const sev_names[CCA_VSEV_COUNT] = {
	"unknown", "negligible", "low", "medium", "high", "critical",
};

const char *cca_vuln_sev_name(enum cca_vuln_sev s)
{
	return (unsigned)s < CCA_VSEV_COUNT ? sev_names[s] : "unknown";
}

int cca_vuln_sev_parse(const char *text, enum cca_vuln_sev *s)
{
	for (int i = 0; text && i < CCA_VSEV_COUNT; i++)
		if (strcasecmp(text, sev_names[i]) == 0) {
			*s = (enum cca_vuln_sev)i;
			return 0;
		}
	return -1;
}

/* The report and the strings it owns. */
struct report {
	struct cca_vuln_report pub;
	struct cca_strpool strs;
	size_t cap;
};

static const char *keep(struct report *r, const char *s)
{
	return cca_strpool_keep(&r->strs, cca_xstrdup(s));   /* NULL stays NULL */
}

void cca_vuln_report_free(struct cca_vuln_report *pub)
{
	struct report *r = (struct report *)pub;

	if (!r)
		return;
	cca_strpool_release(&r->strs);
	free(r->pub.vulns);
	free(r);
}

static void release(void *m)
{
	cca_vuln_report_free(m);
}

/* A member that must be a string when present; -1 with err set otherwise. */
static int opt_string(const json_t *obj, const char *name, const char **out, const char *path,
		      const char *where, struct cca_error *err)
{
	const json_t *v = json_object_get(obj, name);

	*out = NULL;
	if (!v || json_is_null(v))
		return 0;
	if (!json_is_string(v))
		return cca_error_set(err, CCA_EINPUT, "%s: %s/%s must be a string", path, where,
				     name);
	*out = json_string_value(v);
	return 0;
}

static int add_vuln(struct report *r, const char *path, const char *where, const char *id,
		    const char *pkg, const char *inst, const char *fixed, const char *sev,
		    double cvss, struct cca_error *err)
{
	struct cca_vuln *v;
	enum cca_vuln_sev s;

	if (!id || !pkg)
		return cca_error_set(err, CCA_EINPUT, "%s: %s names no vulnerability id or package",
				     path, where);
	if (cca_vuln_sev_parse(sev, &s) < 0)
		s = CCA_VSEV_UNKNOWN;
	if (r->pub.nvulns >= CCA_VULN_MAX_ENTRIES)
		return cca_error_set(err, CCA_ETOOBIG, "%s: more than %d vulnerabilities", path,
				     CCA_VULN_MAX_ENTRIES);
	if (r->pub.nvulns == r->cap) {
		r->cap = r->cap ? r->cap * 2 : 64;
		r->pub.vulns = cca_xreallocarray(r->pub.vulns, r->cap, sizeof *r->pub.vulns);
	}
	v = &r->pub.vulns[r->pub.nvulns++];
	v->id = keep(r, id);
	v->package = keep(r, pkg);
	v->installed = keep(r, inst ? inst : "");
	v->fixed = keep(r, fixed ? fixed : "");
	v->severity = s;
	v->cvss = cvss;
	r->pub.counts[s]++;
	return 0;
}

/* Trivy: the NVD v3 score, else the highest v3, else the highest v2. */
static double trivy_cvss(const json_t *cvss)
{
	double v3 = -1, v2 = -1;
	const char *k;
	json_t *src, *nvd = json_object_get(cvss, "nvd");

	if (json_is_number(json_object_get(nvd, "V3Score")))
		return json_number_value(json_object_get(nvd, "V3Score"));
	json_object_foreach((json_t *)cvss, k, src) {
		json_t *a = json_object_get(src, "V3Score"), *b = json_object_get(src, "V2Score");

		if (json_is_number(a) && json_number_value(a) > v3)
			v3 = json_number_value(a);
		if (json_is_number(b) && json_number_value(b) > v2)
			v2 = json_number_value(b);
	}
	return v3 >= 0 ? v3 : v2;
}

static int parse_trivy(struct report *r, const char *path, json_t *root, struct cca_error *err)
{
	json_t *results = json_object_get(root, "Results"), *res;
	const char *s;
	size_t i;

	r->pub.format = "trivy";
	if (opt_string(root, "ArtifactName", &s, path, "", err) < 0)
		return -1;
	r->pub.artifact = keep(r, s ? s : "");
	if (opt_string(root, "CreatedAt", &s, path, "", err) < 0)
		return -1;
	r->pub.created = keep(r, s);
	r->pub.tool_version = keep(r, json_string_value(json_object_get(
		json_object_get(root, "Trivy"), "Version")) ?: "");
	if (results && !json_is_array(results))
		return cca_error_set(err, CCA_EINPUT, "%s: /Results must be a list", path);
	json_array_foreach(results, i, res) {
		json_t *vulns = json_object_get(res, "Vulnerabilities"), *v;
		size_t k;

		if (!json_is_object(res))
			return cca_error_set(err, CCA_EINPUT, "%s: /Results/%zu must be an object",
					     path, i);
		if (vulns && !json_is_array(vulns) && !json_is_null(vulns))
			return cca_error_set(err, CCA_EINPUT,
					     "%s: /Results/%zu/Vulnerabilities must be a list", path, i);
		json_array_foreach(vulns, k, v) {
			char where[96];
			const char *id, *pkg, *inst, *fixed, *sev;

			snprintf(where, sizeof where, "/Results/%zu/Vulnerabilities/%zu", i, k);
			if (!json_is_object(v))
				return cca_error_set(err, CCA_EINPUT, "%s: %s must be an object", path,
						     where);
			if (opt_string(v, "VulnerabilityID", &id, path, where, err) < 0 ||
			    opt_string(v, "PkgName", &pkg, path, where, err) < 0 ||
			    opt_string(v, "InstalledVersion", &inst, path, where, err) < 0 ||
			    opt_string(v, "FixedVersion", &fixed, path, where, err) < 0 ||
			    opt_string(v, "Severity", &sev, path, where, err) < 0 ||
			    add_vuln(r, path, where, id, pkg, inst, fixed, sev,
				     trivy_cvss(json_object_get(v, "CVSS")), err) < 0)
				return -1;
		}
	}
	return 0;
}

static int parse_grype(struct report *r, const char *path, json_t *root, struct cca_error *err)
{
	json_t *matches = json_object_get(root, "matches"), *m;
	json_t *target = json_object_get(json_object_get(root, "source"), "target");
	json_t *desc = json_object_get(root, "descriptor");
	size_t i;

	r->pub.format = "grype";
	r->pub.artifact = keep(r, json_is_string(target) ? json_string_value(target)
			       : json_string_value(json_object_get(target, "userInput")) ?: "");
	r->pub.created = keep(r, json_string_value(json_object_get(desc, "timestamp")));
	r->pub.tool_version = keep(r, json_string_value(json_object_get(desc, "version")) ?: "");
	json_array_foreach(matches, i, m) {
		json_t *v = json_object_get(m, "vulnerability"), *a = json_object_get(m, "artifact");
		json_t *fixes = json_object_get(json_object_get(v, "fix"), "versions"), *c;
		char where[64];
		const char *id, *sev, *pkg, *inst;
		struct cca_buf fixed;
		double cvss = -1;
		size_t k;
		int rc;

		snprintf(where, sizeof where, "/matches/%zu", i);
		if (!json_is_object(v) || !json_is_object(a))
			return cca_error_set(err, CCA_EINPUT,
					     "%s: %s must hold a vulnerability and an artifact object",
					     path, where);
		if (opt_string(v, "id", &id, path, where, err) < 0 ||
		    opt_string(v, "severity", &sev, path, where, err) < 0 ||
		    opt_string(a, "name", &pkg, path, where, err) < 0 ||
		    opt_string(a, "version", &inst, path, where, err) < 0)
			return -1;
		json_array_foreach(json_object_get(v, "cvss"), k, c) {
			json_t *b = json_object_get(json_object_get(c, "metrics"), "baseScore");
			const char *ver = json_string_value(json_object_get(c, "version"));

			if (json_is_number(b) && (!ver || ver[0] == '3' || cvss < 0) &&
			    json_number_value(b) > cvss)
				cvss = json_number_value(b);
		}
		cca_buf_init(&fixed);
		json_array_foreach(fixes, k, c)
			if (json_is_string(c))
				cca_buf_printf(&fixed, "%s%s", fixed.len ? ", " : "", json_string_value(c));
		rc = add_vuln(r, path, where, id, pkg, inst, cca_buf_str(&fixed), sev, cvss, err);
		cca_buf_release(&fixed);
		if (rc < 0)
			return -1;
	}
	return 0;
}

/* Most severe first, then by CVSS, id and package, so output is stable. */
static int cmp_vuln(const void *pa, const void *pb)
{
	const struct cca_vuln *a = pa, *b = pb;
	int c;

	if (a->severity != b->severity)
		return a->severity > b->severity ? -1 : 1;
	if (a->cvss != b->cvss)
		return a->cvss > b->cvss ? -1 : 1;
	if ((c = strcmp(a->id, b->id)))
		return c;
	return strcmp(a->package, b->package);
}

int cca_vuln_parse(const char *path, const char *data, size_t len,
		   struct cca_vuln_report **out, struct cca_error *err)
{
	struct report *r;
	json_error_t je;
	json_t *root;
	int rc;

	*out = NULL;
	root = json_loadb(data, len, JSON_REJECT_DUPLICATES, &je);
	if (!root)
		return cca_error_set(err, CCA_EINPUT, "%s:%d:%d: not a JSON vulnerability report: %s",
				     path, je.line, je.column, je.text);
	r = cca_xcalloc(1, sizeof *r);
	r->pub.created_days = CCA_NO_DATE;
	if (json_is_object(root) && json_object_get(root, "SchemaVersion") &&
	    (json_object_get(root, "Results") || json_object_get(root, "ArtifactName")))
		rc = parse_trivy(r, path, root, err);
	else if (json_is_object(root) && json_is_array(json_object_get(root, "matches")) &&
		 (json_object_get(root, "descriptor") || json_object_get(root, "source")))
		rc = parse_grype(r, path, root, err);
	else
		rc = cca_error_set(err, CCA_EINPUT, "%s: unknown report format (ccaudit reads Trivy "
				   "JSON, trivy image -f json, and Grype JSON, grype -o json)", path);
	json_decref(root);
	if (rc < 0) {
		cca_vuln_report_free(&r->pub);
		return -1;
	}
	if (r->pub.created && strlen(r->pub.created) >= 10) {
		char day[11];
		int64_t d;

		memcpy(day, r->pub.created, 10);
		day[10] = '\0';
		if (cca_date_parse(day, &d) == 0)
			r->pub.created_days = d;
	}
	if (r->pub.nvulns)
		qsort(r->pub.vulns, r->pub.nvulns, sizeof *r->pub.vulns, cmp_vuln);
	*out = &r->pub;
	return 0;
}

void cca_vuln_collect(struct cca_evidence *ev, const char *path)
{
	struct cca_evidence_new_item in = { CCA_KIND_VULN, path, NULL, NULL, 0, NULL, NULL,
					    release, NULL };
	struct cca_vuln_report *rep = NULL;
	struct cca_error err;
	char *data = NULL;
	size_t len = 0;

	if (cca_file_read(path, CCA_VULN_MAX_BYTES, &data, &len, &err) < 0) {
		in.error = err.msg;
	} else {
		in.data = data;
		in.len = len;
		if (cca_vuln_parse(path, data, len, &rep, &err) < 0)
			in.error = err.msg;
		else {
			in.model = rep;
			in.name = rep->artifact && *rep->artifact ? rep->artifact : NULL;
		}
	}
	cca_evidence_add(ev, &in);
	free(data);
}
