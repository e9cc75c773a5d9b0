/*
 * sarif.c - SARIF 2.1.0 (schema: ../shared/schemas/sarif-2.1.0.json) for
 * CI dashboards, IDEs and GitHub code scanning.
 *
 * One run.  tool.driver is ccaudit with its version and a rules[] entry for
 * every rule that has a result, in catalog order.  Results, in engine
 * order (rule, target, location, message):
 *   - every finding whose status is fail (kind "fail", level by effective
 *     severity: critical and high "error", medium and low "warning", info
 *     "note"), error (kind "open", level "none", also an error
 *     notification of the invocation) or informational (kind
 *     "informational", level "none"; SARIF allows a level other than
 *     "none" only with kind "fail");
 *   - a rule whose failure no failing finding shows (a manual rule
 *     attested fail): one result located on the attestation's file:line.
 * Passes, not-applicable, not-checked and not-selected rules have none.
 * A failure accepted by a suppression comment in the evidence carries
 * suppressions [{kind "inSource"}], one accepted by an answers-file waiver
 * [{kind "external"}], each with its justification; when any result of the
 * run is suppressed every result has the key (unsuppressed ones []).
 *
 * GitHub's extra fields are always written: a region with startLine,
 * startColumn, endLine and endColumn (the engine knows lines, not columns:
 * a whole file is line 1, the region is the line's first character),
 * partialFingerprints.primaryLocationLineHash ("<fingerprint>:<n>", n
 * counting results sharing a fingerprint), rule short/full description and
 * help text, and properties.security-severity with a "security" tag:
 * info "0.1", low "3.0", medium "5.5", high "8.0", critical "9.5" (GitHub's
 * bands: low < 4.0 <= medium < 7.0 <= high < 9.0 < critical).
 *
 * With sarif_github the file carries only what GitHub can show: unsuppressed
 * failures that have a file location (GitHub ignores kind and
 * suppressions, and rejects results without a location), at most GitHub's
 * 25,000 per run: beyond that the most severe are kept, and
 * run.properties.resultsOmitted counts the others.
 *
 * For a saved run, a finding the history store tracks carries
 * baselineState against the target's previous run: "new" for a new or a
 * reopened finding, "unchanged" for a persisting one (fixed findings are
 * not written as "absent" results).
 *
 * Locations: "path:line" and "path" become a relative URI (uriBaseId
 * %SRCROOT%) or a file:// URI for an absolute path, percent-encoded;
 * "file: key" adds the key as a logical location; a location that names
 * no file ("layer 3: /etc/shadow") is a logical location only.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "ccaudit/report.h"
#include "jsonw.h"

#define SARIF_SCHEMA \
	"https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
#define SRCROOT "%SRCROOT%"
#define NO_INDEX ((size_t)-1)
/* GitHub rejects a run of more results than this. */
#define GITHUB_MAX_RESULTS 25000u

/* Where a result is, parsed from the engine's location string. */
struct where {
	char *uri;        /* percent-encoded; NULL when no file is named */
	bool relative;    /* uri is relative to the source root */
	unsigned line;    /* 1 when the location names a whole file */
	char *logical;    /* a key path or image path; NULL when none */
};

/* One result to write. */
struct item {
	size_t rule;
	enum cca_severity sev;              /* the rule's effective severity */
	size_t seq;                         /* position in engine order */
	const struct cca_finding *f;        /* NULL: a rule-level result */
	enum cca_status status;             /* observed: fail, error, informational */
	const char *message;
	const char *target;
	const char *location;               /* the engine's text; "" when none */
	char fp[33];                        /* the stable fingerprint */
	unsigned occurrence;                /* 1 + earlier results with that fingerprint */
	const struct cca_waiver *supp;      /* the accepted suppression, or NULL */
	bool in_source;                     /* supp is a comment in the evidence */
	enum cca_lifecycle lifecycle;       /* from the store; untracked when unknown */
	struct where where;
};

/* The SARIF baselineState of a lifecycle, or NULL when it is untracked. */
static const char *baseline_state(enum cca_lifecycle lc)
{
	switch (lc) {
	case CCA_LC_NEW:
	case CCA_LC_REOPENED:
		return "new";
	case CCA_LC_PERSISTING:
		return "unchanged";
	case CCA_LC_UNTRACKED:
		break;
	}
	return NULL;
}

/* "key": "value" (null when value is NULL). */
static void kv_str(struct jw *w, const char *key, const char *value)
{
	jw_key(w, key);
	jw_string(w, value);
}

/* "key": {"text": value}, the SARIF message and multiformat string shape. */
static void kv_text(struct jw *w, const char *key, const char *value)
{
	jw_key(w, key);
	jw_object(w);
	kv_str(w, "text", value);
	jw_object_end(w);
}

/* The SARIF level of a failure of a rule of effective severity s. */
static const char *fail_level(enum cca_severity s)
{
	switch (s) {
	case CCA_SEV_CRITICAL:
	case CCA_SEV_HIGH:
		return "error";
	case CCA_SEV_MEDIUM:
	case CCA_SEV_LOW:
		return "warning";
	default:
		return "note";
	}
}

/* GitHub's security-severity ("0.1".."10.0") of severity s. */
static const char *security_severity(enum cca_severity s)
{
	switch (s) {
	case CCA_SEV_CRITICAL:
		return "9.5";
	case CCA_SEV_HIGH:
		return "8.0";
	case CCA_SEV_MEDIUM:
		return "5.5";
	case CCA_SEV_LOW:
		return "3.0";
	default:
		return "0.1";
	}
}

/*
 * Append the URI of file path n bytes long to b: "./" prefixes dropped,
 * an absolute path as file:///..., every byte outside the unreserved set
 * and '/' percent-encoded (so a ':' never looks like a scheme).  Returns
 * whether the URI is relative.
 */
static bool put_uri(struct cca_buf *b, const char *path, size_t n)
{
	static const char hex[] = "0123456789ABCDEF";
	bool relative = true;

	while (n > 2 && path[0] == '.' && path[1] == '/') {
		path += 2;
		n -= 2;
		while (n > 1 && *path == '/') {
			path++;
			n--;
		}
	}
	if (n && path[0] == '/') {
		cca_buf_puts(b, "file://");
		relative = false;
	}
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)path[i];

		if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		    (c >= '0' && c <= '9') || c == '-' || c == '.' || c == '_' ||
		    c == '~' || c == '/') {
			cca_buf_putc(b, (char)c);
		} else {
			cca_buf_putc(b, '%');
			cca_buf_putc(b, hex[c >> 4]);
			cca_buf_putc(b, hex[c & 15]);
		}
	}
	return relative;
}

/* Whether s (n bytes, what precedes ": ") can name a file: not empty, no space. */
static bool looks_like_file(const char *s, size_t n)
{
	if (!n)
		return false;
	for (size_t i = 0; i < n; i++)
		if (s[i] == ' ')
			return false;
	return true;
}

/*
 * Set *wh (zeroed) to file path (n bytes) at line (0: line 1), with an
 * optional logical key; an empty path names no file.
 */
static void set_file(struct where *wh, const char *path, size_t n, unsigned line,
		     const char *logical)
{
	struct cca_buf b;

	wh->logical = logical && *logical ? cca_xstrdup(logical) : NULL;
	if (!n)
		return;
	cca_buf_init(&b);
	wh->relative = put_uri(&b, path, n);
	wh->uri = cca_buf_detach(&b);
	wh->line = line ? line : 1;
}

/*
 * Parse an engine location into *wh (zeroed first; release with
 * where_release):
 *   "path:N"          file path, line N (N > 0);
 *   "file: key"       file, line 1, logical location key (file has no space);
 *   "layer 3: /x"     logical location only (what precedes ": " is no file);
 *   "path"            file path, line 1;
 *   ""                nothing.
 */
static void parse_location(const char *loc, struct where *wh)
{
	const char *colsp = strstr(loc, ": ");
	size_t n = strlen(loc), k = n;

	memset(wh, 0, sizeof *wh);
	if (!n)
		return;
	while (k > 0 && loc[k - 1] >= '0' && loc[k - 1] <= '9')
		k--;
	if (!colsp && k < n && k > 1 && loc[k - 1] == ':' && loc[k] != '0' && n - k <= 9) {
		set_file(wh, loc, k - 1, (unsigned)strtoul(loc + k, NULL, 10), NULL);
		return;
	}
	if (colsp) {
		if (looks_like_file(loc, (size_t)(colsp - loc)))
			set_file(wh, loc, (size_t)(colsp - loc), 1, colsp + 2);
		else
			wh->logical = cca_xstrdup(loc);
		return;
	}
	set_file(wh, loc, n, 1, NULL);
}

/* Free what parse_location or set_file allocated in *wh. */
static void where_release(struct where *wh)
{
	free(wh->uri);
	free(wh->logical);
}

/* The accepted suppression of a failing finding f of a rule with result rr. */
static const struct cca_waiver *suppression_of(const struct cca_finding *f,
					       const struct cca_rule_result *rr,
					       bool *in_source)
{
	*in_source = false;
	if (f->status != CCA_FAIL)
		return NULL;
	if (f->waived) {
		*in_source = true;
		return f->suppression;
	}
	if (rr->waived && rr->waiver && !rr->waiver_expired)
		return rr->waiver;
	return NULL;
}

/* Append an item to the growing array *v of *n items (capacity *cap). */
static struct item *push_item(struct item **v, size_t *n, size_t *cap)
{
	if (*n == *cap) {
		*cap = *cap ? *cap * 2 : 64;
		*v = cca_xreallocarray(*v, *cap, sizeof **v);
	}
	memset(&(*v)[*n], 0, sizeof **v);
	return &(*v)[(*n)++];
}

/* Worse severity first, then engine order. */
static int cmp_severity(const void *pa, const void *pb)
{
	const struct item *a = pa, *b = pb;

	if (a->sev != b->sev)
		return a->sev > b->sev ? -1 : 1;
	return a->seq < b->seq ? -1 : a->seq > b->seq;
}

/* Engine order. */
static int cmp_seq(const void *pa, const void *pb)
{
	const struct item *a = pa, *b = pb;

	return a->seq < b->seq ? -1 : a->seq > b->seq;
}

/*
 * Keep only what GitHub shows of the *n items of v (unsuppressed failures
 * with a file location), at most GITHUB_MAX_RESULTS of them, the most
 * severe; *omitted gets how many failures the cap left out.
 */
static void github_filter(struct item *v, size_t *n, size_t *omitted)
{
	size_t kept = 0;

	for (size_t k = 0; k < *n; k++) {
		if (v[k].status == CCA_FAIL && !v[k].supp && v[k].where.uri)
			v[kept++] = v[k];
		else
			where_release(&v[k].where);
	}
	*n = kept;
	*omitted = 0;
	if (kept <= GITHUB_MAX_RESULTS)
		return;
	qsort(v, kept, sizeof *v, cmp_severity);
	for (size_t k = GITHUB_MAX_RESULTS; k < kept; k++)
		where_release(&v[k].where);
	*omitted = kept - GITHUB_MAX_RESULTS;
	*n = GITHUB_MAX_RESULTS;
	qsort(v, *n, sizeof *v, cmp_seq);
}

/*
 * Collect the results of ev as described at the top of this file, in
 * engine order, filtered for GitHub when github (*omitted: failures left
 * out over GitHub's limit); *n gets their number.  The caller frees each
 * item's where and the array.
 */
static struct item *collect(const struct cca_report *r, bool github, size_t *n,
			    size_t *omitted)
{
	const struct cca_eval *ev = cca_report_eval(r);
	const struct cca_catalog *cat = cca_eval_catalog(ev);
	const struct cca_profile *p = cca_eval_profile(ev);
	struct item *v = NULL;
	size_t cap = 0;

	*n = 0;
	*omitted = 0;
	for (size_t i = 0; i < cca_catalog_nrules(cat); i++) {
		const struct cca_rule *rule = cca_catalog_rule(cat, i);
		const struct cca_rule_result *rr = cca_eval_rule(ev, i);
		size_t first = *n;
		bool failing_finding = false;

		for (size_t k = 0; k < rr->nfindings; k++) {
			const struct cca_finding *f = cca_eval_finding(ev, rr->first_finding + k);
			struct item *it;

			if (f->status == CCA_FAIL)
				failing_finding = true;
			if (f->status != CCA_FAIL && f->status != CCA_ERROR &&
			    f->status != CCA_INFORMATIONAL)
				continue;
			it = push_item(&v, n, &cap);
			it->rule = i;
			it->f = f;
			it->status = f->status;
			it->message = f->message;
			it->target = f->target;
			it->location = f->location;
			snprintf(it->fp, sizeof it->fp, "%s", f->fingerprint);
			it->supp = suppression_of(f, rr, &it->in_source);
			it->lifecycle = cca_report_track(r, rr->first_finding + k)->lifecycle;
			parse_location(f->location, &it->where);
		}
		if (rr->observed == CCA_FAIL && !failing_finding) {
			const struct cca_attestation *a = rr->attestation;
			struct item *it = push_item(&v, n, &cap);

			it->rule = i;
			it->status = CCA_FAIL;
			it->message = rr->message;
			it->target = cca_report_target(r);
			it->location = "";
			cca_fingerprint(rule->id, it->target, "", it->fp);
			if (rr->waived && rr->waiver && !rr->waiver_expired)
				it->supp = rr->waiver;
			if (a && a->file)
				set_file(&it->where, a->file, strlen(a->file), a->line, NULL);
		}
		/*
		 * Results sharing a fingerprint are told apart by a count.
		 * Findings sharing one are neighbours (the engine sorts them by
		 * target and location); the rule-level result is compared with
		 * all of its rule's.
		 */
		for (size_t k = first; k < *n; k++) {
			v[k].occurrence = 1;
			if (v[k].f && k > first && strcmp(v[k - 1].fp, v[k].fp) == 0)
				v[k].occurrence = v[k - 1].occurrence + 1;
			for (size_t j = first; !v[k].f && j < k; j++)
				v[k].occurrence += strcmp(v[j].fp, v[k].fp) == 0;
		}
	}
	for (size_t k = 0; k < *n; k++) {
		v[k].seq = k;
		v[k].sev = cca_profile_severity(p, v[k].rule);
	}
	if (github)
		github_filter(v, n, omitted);
	return v;
}

/* "name": a rule id in PascalCase ("dockerfile.add-url" -> "DockerfileAddUrl"). */
static void rule_name(struct jw *w, const char *id)
{
	struct cca_buf b;
	bool up = true;

	cca_buf_init(&b);
	for (const char *p = id; *p; p++) {
		unsigned char c = (unsigned char)*p;

		if (c == '.' || c == '-' || c == '_') {
			up = true;
			continue;
		}
		cca_buf_putc(&b, (char)(up && c >= 'a' && c <= 'z' ? c - 'a' + 'A' : c));
		up = false;
	}
	kv_str(w, "name", cca_buf_str(&b));
	cca_buf_release(&b);
}

/* One reportingDescriptor for rule i of the catalog. */
static void rule_descriptor(struct jw *w, const struct cca_eval *ev, size_t i)
{
	const struct cca_catalog *cat = cca_eval_catalog(ev);
	const struct cca_rule *rule = cca_catalog_rule(cat, i);
	enum cca_severity sev = cca_profile_severity(cca_eval_profile(ev), i);
	const char *title = rule->title ? rule->title : rule->id;

	jw_object(w);
	kv_str(w, "id", rule->id);
	rule_name(w, rule->id);
	kv_text(w, "shortDescription", title);
	kv_text(w, "fullDescription", rule->description ? rule->description : title);
	kv_text(w, "help", rule->remediation ? rule->remediation : title);
	jw_key(w, "defaultConfiguration");
	jw_object(w);
	kv_str(w, "level", fail_level(sev));
	jw_object_end(w);
	jw_key(w, "properties");
	jw_object(w);
	jw_key(w, "tags");
	jw_array(w);
	jw_string(w, "security");
	for (size_t k = 0; k < rule->ncontrols; k++)
		jw_string(w, cca_catalog_control(cat, rule->controls[k])->id);
	jw_array_end(w);
	kv_str(w, "security-severity", security_severity(sev));
	kv_str(w, "severity", cca_severity_name(sev));
	kv_str(w, "kind", rule->manual ? "manual" : "automated");
	jw_key(w, "roles");
	jw_array(w);
	for (size_t k = 0; k < CCA_ROLE_COUNT; k++)
		if (rule->roles & cca_role_at(k))
			jw_string(w, cca_role_name(cca_role_at(k)));
	jw_array_end(w);
	jw_object_end(w);
	jw_object_end(w);
}

/*
 * A location object for wh: a physicalLocation with a full region when a
 * file is named, logicalLocations when a key or image path is.  Writes
 * nothing when wh names neither (callers check first).
 */
static void location(struct jw *w, const struct where *wh)
{
	jw_object(w);
	if (wh->uri) {
		jw_key(w, "physicalLocation");
		jw_object(w);
		jw_key(w, "artifactLocation");
		jw_object(w);
		kv_str(w, "uri", wh->uri);
		if (wh->relative)
			kv_str(w, "uriBaseId", SRCROOT);
		jw_object_end(w);
		jw_key(w, "region");
		jw_object(w);
		jw_key(w, "startLine");
		jw_int(w, wh->line);
		jw_key(w, "startColumn");
		jw_int(w, 1);
		jw_key(w, "endLine");
		jw_int(w, wh->line);
		jw_key(w, "endColumn");
		jw_int(w, 2);
		jw_object_end(w);
		jw_object_end(w);
	}
	if (wh->logical) {
		jw_key(w, "logicalLocations");
		jw_array(w);
		jw_object(w);
		kv_str(w, "fullyQualifiedName", wh->logical);
		jw_object_end(w);
		jw_array_end(w);
	}
	jw_object_end(w);
}

/* "locations": [...] for wh, or nothing when it names no place. */
static void locations(struct jw *w, const struct where *wh)
{
	if (!wh->uri && !wh->logical)
		return;
	jw_key(w, "locations");
	jw_array(w);
	location(w, wh);
	jw_array_end(w);
}

/* The justification of waiver wv: "reason (by X, until D)". */
static char *justification(const struct cca_waiver *wv)
{
	char d[11];

	if (wv->expires == CCA_NEVER)
		return cca_xasprintf("%s (accepted by %s)", wv->reason ? wv->reason : "",
				     wv->by ? wv->by : "");
	cca_date_format(wv->expires, d);
	return cca_xasprintf("%s (accepted by %s until %s)", wv->reason ? wv->reason : "",
			     wv->by ? wv->by : "", d);
}

/* "suppressions": [...] of it: [] when it is not suppressed. */
static void suppressions(struct jw *w, const struct item *it)
{
	jw_key(w, "suppressions");
	jw_array(w);
	if (it->supp) {
		char *j = justification(it->supp);

		jw_object(w);
		kv_str(w, "kind", it->in_source ? "inSource" : "external");
		kv_str(w, "status", "accepted");
		kv_str(w, "justification", j);
		if (it->supp->file && *it->supp->file) {
			struct where wh;

			memset(&wh, 0, sizeof wh);
			set_file(&wh, it->supp->file, strlen(it->supp->file), it->supp->line, NULL);
			jw_key(w, "location");
			location(w, &wh);
			where_release(&wh);
		}
		jw_object_end(w);
		free(j);
	}
	jw_array_end(w);
}

/* One result object for it; index is its rule's position in rules[]. */
static void result(struct jw *w, const struct cca_eval *ev, const struct item *it,
		   size_t index, bool with_suppressions)
{
	const struct cca_rule *rule = cca_catalog_rule(cca_eval_catalog(ev), it->rule);
	char *hash = cca_xasprintf("%s:%u", it->fp, it->occurrence);

	jw_object(w);
	kv_str(w, "ruleId", rule->id);
	jw_key(w, "ruleIndex");
	jw_int(w, (long long)index);
	kv_str(w, "kind", it->status == CCA_FAIL ? "fail"
			  : it->status == CCA_ERROR ? "open" : "informational");
	kv_str(w, "level", it->status == CCA_FAIL ? fail_level(it->sev) : "none");
	kv_text(w, "message", it->message);
	locations(w, &it->where);
	jw_key(w, "partialFingerprints");
	jw_object(w);
	kv_str(w, "primaryLocationLineHash", hash);
	jw_object_end(w);
	if (with_suppressions)
		suppressions(w, it);
	if (baseline_state(it->lifecycle))
		kv_str(w, "baselineState", baseline_state(it->lifecycle));
	jw_key(w, "properties");
	jw_object(w);
	kv_str(w, "status", cca_status_name(it->status));
	kv_str(w, "target", it->target);
	kv_str(w, "fingerprint", it->fp);
	kv_str(w, "location", it->location);
	jw_object_end(w);
	jw_object_end(w);
	free(hash);
}

/* The invocation: it completed; each rule error is an error notification. */
static void invocation(struct jw *w, const struct cca_report *r, const struct item *v,
		       size_t n)
{
	char ts[21];
	bool any = false;

	cca_timestamp_format(cca_report_time(r), ts);
	jw_key(w, "invocations");
	jw_array(w);
	jw_object(w);
	jw_key(w, "executionSuccessful");
	jw_bool(w, true);
	kv_str(w, "endTimeUtc", ts);
	for (size_t k = 0; k < n; k++)
		any |= v[k].status == CCA_ERROR;
	if (any) {
		const struct cca_catalog *cat = cca_eval_catalog(cca_report_eval(r));

		jw_key(w, "toolExecutionNotifications");
		jw_array(w);
		for (size_t k = 0; k < n; k++) {
			if (v[k].status != CCA_ERROR)
				continue;
			jw_object(w);
			kv_str(w, "level", "error");
			kv_text(w, "message", v[k].message);
			locations(w, &v[k].where);
			jw_key(w, "associatedRule");
			jw_object(w);
			kv_str(w, "id", cca_catalog_rule(cat, v[k].rule)->id);
			jw_object_end(w);
			jw_object_end(w);
		}
		jw_array_end(w);
	}
	jw_object_end(w);
	jw_array_end(w);
}

/*
 * SARIF 2.1.0 of r appended to out (report.h; mapping at the top of this
 * file); o->sarif_github selects the GitHub subset.  Never fails.
 */
int cca_report_sarif(const struct cca_report *r, const struct cca_render_opts *o,
		     struct cca_buf *out, struct cca_error *err)
{
	const struct cca_eval *ev = cca_report_eval(r);
	const struct cca_catalog *cat = cca_eval_catalog(ev);
	const struct cca_profile *p = cca_eval_profile(ev);
	size_t nrules = cca_catalog_nrules(cat), n, nused = 0, omitted;
	size_t *index = cca_xcalloc(nrules ? nrules : 1, sizeof *index);
	bool github = o && o->sarif_github, any_suppressed = false;
	struct item *v = collect(r, github, &n, &omitted);
	struct jw w;

	(void)err;  /* nothing here can fail: every string is written, repaired if need be */
	for (size_t i = 0; i < nrules; i++)
		index[i] = NO_INDEX;
	for (size_t k = 0; k < n; k++) {
		index[v[k].rule] = 0;
		any_suppressed |= v[k].supp != NULL;
	}
	for (size_t i = 0; i < nrules; i++)
		if (index[i] != NO_INDEX)
			index[i] = nused++;

	jw_init(&w, out);
	jw_object(&w);
	kv_str(&w, "$schema", SARIF_SCHEMA);
	kv_str(&w, "version", "2.1.0");
	jw_key(&w, "runs");
	jw_array(&w);
	jw_object(&w);
	jw_key(&w, "tool");
	jw_object(&w);
	jw_key(&w, "driver");
	jw_object(&w);
	kv_str(&w, "name", PACKAGE_NAME);
	kv_str(&w, "version", PACKAGE_VERSION);
	kv_str(&w, "semanticVersion", PACKAGE_VERSION);
	jw_key(&w, "rules");
	jw_array(&w);
	for (size_t i = 0; i < nrules; i++)
		if (index[i] != NO_INDEX)
			rule_descriptor(&w, ev, i);
	jw_array_end(&w);
	jw_object_end(&w);
	jw_object_end(&w);
	invocation(&w, r, v, n);
	jw_key(&w, "results");
	jw_array(&w);
	for (size_t k = 0; k < n; k++)
		result(&w, ev, &v[k], index[v[k].rule], any_suppressed);
	jw_array_end(&w);
	jw_key(&w, "properties");
	jw_object(&w);
	kv_str(&w, "target", cca_report_target(r));
	kv_str(&w, "profile", cca_profile_name(p));
	kv_str(&w, "catalog", cca_catalog_version(cat));
	jw_key(&w, "levelAchieved");
	jw_int(&w, cca_eval_level_achieved(ev));
	jw_key(&w, "github");
	jw_bool(&w, github);
	if (github) {
		jw_key(&w, "resultsOmitted");
		jw_int(&w, (long long)omitted);
	}
	jw_object_end(&w);
	jw_object_end(&w);
	jw_array_end(&w);
	jw_object_end(&w);
	cca_buf_putc(out, '\n');

	for (size_t k = 0; k < n; k++)
		where_release(&v[k].where);
	free(v);
	free(index);
	return 0;
}
