/*
 * junit.c - JUnit XML for CI test dashboards (GitLab, Jenkins, Azure...):
 * a test case per rule per target.
 *
 *   <testsuites name="ccaudit" tests= failures= errors= skipped= time="0">
 *     <testsuite name=TARGET ...>        one per target, the run's first
 *       <properties>                     profile, catalog, level achieved
 *       <testcase name=RULE-ID classname="TARGET.FAMILY" time="0">
 *
 * FAMILY is the rule id up to its first '.' ("dockerfile", "manual").
 * A case's status is the rule's result (or, when a rule has findings on
 * several targets, the worst of its findings on that target):
 *   fail                 <failure message= type=SEVERITY> every failing
 *                        location, then the remediation
 *   error                <error message= type="error"> every error
 *   notchecked, notselected, notapplicable, unknown
 *                        <skipped message="STATUS: reason"/>
 *   pass, fixed, informational
 *                        a passing case; a waived failure (answers-file
 *                        waiver or suppression comment), an
 *                        informational result and an attested one say so
 *                        in <system-out>: waivers are never hidden.
 * Every count attribute is the sum of what it encloses.  Strings are
 * repaired (invalid UTF-8 -> U+FFFD) and stripped of characters XML 1.0
 * forbids before libxml2's writer escapes them.  time is always 0 and the
 * timestamp comes from the report, so the file is reproducible.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ccaudit/xmllib.h"

#include "ccaudit/report.h"

/* The writer and whether any call into it failed. */
struct xw {
	xmlTextWriterPtr w;
	bool failed;
};

/* One test case: a rule on a target, with the status it shows. */
struct tcase {
	size_t rule;
	const char *target;
	enum cca_status status;     /* effective: a waived failure is pass */
	bool waived;
	const char *message;        /* why it has this status */
	bool per_target;            /* status derived from this target's findings */
};

/* Note the result of a writer call (negative: failure). */
static void check(struct xw *x, int rc)
{
	if (rc < 0)
		x->failed = true;
}

/* <name */
static void start(struct xw *x, const char *name)
{
	check(x, xmlTextWriterStartElement(x->w, BAD_CAST name));
}

/* </name> or /> */
static void end(struct xw *x)
{
	check(x, xmlTextWriterEndElement(x->w));
}

/* name="value", value cleaned for XML. */
static void attr(struct xw *x, const char *name, const char *value)
{
	char *v = cca_xml_text(value);

	check(x, xmlTextWriterWriteAttribute(x->w, BAD_CAST name, BAD_CAST v));
	free(v);
}

/* name="n" */
static void attr_uint(struct xw *x, const char *name, unsigned long n)
{
	char v[24];

	snprintf(v, sizeof v, "%lu", n);
	attr(x, name, v);
}

/* Text content, cleaned for XML. */
static void text(struct xw *x, const char *s)
{
	char *v = cca_xml_text(s);

	check(x, xmlTextWriterWriteString(x->w, BAD_CAST v));
	free(v);
}

/* How bad a status is, for the worst of a target's findings. */
static int rank(enum cca_status s)
{
	static const int r[CCA_STATUS_COUNT] = {
		[CCA_FAIL] = 8, [CCA_ERROR] = 7, [CCA_UNKNOWN] = 6,
		[CCA_NOTCHECKED] = 5, [CCA_PASS] = 4, [CCA_FIXED] = 3,
		[CCA_INFORMATIONAL] = 2, [CCA_NOTAPPLICABLE] = 1,
		[CCA_NOTSELECTED] = 0,
	};

	return r[s];
}

/* Whether failing finding f is accepted (by its suppression or rr's waiver). */
static bool finding_waived(const struct cca_finding *f, const struct cca_rule_result *rr)
{
	return f->status == CCA_FAIL &&
	       (f->waived || (rr->waived && rr->waiver && !rr->waiver_expired));
}

/* Whether the findings of rr lie on more than one target. */
static bool several_targets(const struct cca_eval *ev, const struct cca_rule_result *rr)
{
	for (size_t k = 1; k < rr->nfindings; k++)
		if (strcmp(cca_eval_finding(ev, rr->first_finding)->target,
			   cca_eval_finding(ev, rr->first_finding + k)->target) != 0)
			return true;
	return false;
}

/* Add target t to the set *v of *n targets unless it is there. */
static void add_target(const char ***v, size_t *n, const char *t)
{
	for (size_t i = 0; i < *n; i++)
		if (strcmp((*v)[i], t) == 0)
			return;
	*v = cca_xreallocarray(*v, *n + 1, sizeof **v);
	(*v)[(*n)++] = t;
}

/* strcmp order of target names, for qsort. */
static int cmp_target(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/*
 * The test cases of rule i: one per target its findings lie on (the
 * report's target when there are none), in *v (grown, *n cases).
 */
static void rule_cases(const struct cca_report *r, size_t i, struct tcase **v, size_t *n)
{
	const struct cca_eval *ev = cca_report_eval(r);
	const struct cca_rule_result *rr = cca_eval_rule(ev, i);
	struct tcase c = { i, cca_report_target(r), rr->status, rr->waived, rr->message, false };

	if (!rr->nfindings || !several_targets(ev, rr)) {
		if (rr->nfindings)
			c.target = cca_eval_finding(ev, rr->first_finding)->target;
		*v = cca_xreallocarray(*v, *n + 1, sizeof **v);
		(*v)[(*n)++] = c;
		return;
	}
	for (size_t k = 0; k < rr->nfindings;) {
		const struct cca_finding *f = cca_eval_finding(ev, rr->first_finding + k);
		const struct cca_finding *worst = NULL;
		enum cca_status ws = CCA_NOTSELECTED;
		bool waived = false;

		c.target = f->target;
		for (; k < rr->nfindings; k++) {
			const struct cca_finding *g = cca_eval_finding(ev, rr->first_finding + k);
			enum cca_status s;

			if (strcmp(g->target, c.target) != 0)
				break;
			s = finding_waived(g, rr) ? CCA_PASS : g->status;
			waived |= finding_waived(g, rr);
			if (!worst || rank(s) > rank(ws)) {
				worst = g;
				ws = s;
			}
		}
		c.status = ws;
		c.waived = waived && ws == CCA_PASS;
		c.message = worst->message;
		c.per_target = true;
		*v = cca_xreallocarray(*v, *n + 1, sizeof **v);
		(*v)[(*n)++] = c;
	}
}

/* Whether a case of status s is reported as skipped. */
static bool skipped(enum cca_status s)
{
	return s == CCA_NOTCHECKED || s == CCA_NOTSELECTED || s == CCA_NOTAPPLICABLE ||
	       s == CCA_UNKNOWN;
}

/* The counts of cases c[0..n) on target t (all targets when t is NULL). */
static void count(const struct tcase *c, size_t n, const char *t, unsigned long out[4])
{
	memset(out, 0, 4 * sizeof *out);
	for (size_t k = 0; k < n; k++) {
		if (t && strcmp(c[k].target, t) != 0)
			continue;
		out[0]++;
		out[1] += c[k].status == CCA_FAIL;
		out[2] += c[k].status == CCA_ERROR;
		out[3] += skipped(c[k].status);
	}
}

/* tests= failures= errors= skipped= time="0" from counts n. */
static void count_attrs(struct xw *x, const unsigned long n[4])
{
	attr_uint(x, "tests", n[0]);
	attr_uint(x, "failures", n[1]);
	attr_uint(x, "errors", n[2]);
	attr_uint(x, "skipped", n[3]);
	attr(x, "time", "0");
}

/*
 * Append to b one line per finding of case c whose status is want (FAIL
 * means unwaived failures; PASS means waived failures): "LOCATION: MESSAGE".
 */
static void finding_lines(struct cca_buf *b, const struct cca_eval *ev,
			  const struct tcase *c, enum cca_status want)
{
	const struct cca_rule_result *rr = cca_eval_rule(ev, c->rule);

	for (size_t k = 0; k < rr->nfindings; k++) {
		const struct cca_finding *f = cca_eval_finding(ev, rr->first_finding + k);
		bool w = finding_waived(f, rr);
		bool match = want == CCA_PASS ? w : (f->status == want && !w);

		if (!match || (c->per_target && strcmp(f->target, c->target) != 0))
			continue;
		cca_buf_printf(b, "%s: %s", f->location, f->message);
		if (w && f->waived && f->suppression)
			cca_buf_printf(b, " (suppressed by %s: %s)", f->suppression->by,
				       f->suppression->reason);
		cca_buf_putc(b, '\n');
	}
}

/* Whether any finding of case c is waived by a suppression comment. */
static bool suppressed_in_source(const struct cca_eval *ev, const struct tcase *c)
{
	const struct cca_rule_result *rr = cca_eval_rule(ev, c->rule);

	for (size_t k = 0; k < rr->nfindings; k++) {
		const struct cca_finding *f = cca_eval_finding(ev, rr->first_finding + k);

		if (f->waived && (!c->per_target || strcmp(f->target, c->target) == 0))
			return true;
	}
	return false;
}

/* "attested STATUS by WHO on DATE: NOTE (FILE:LINE)\n" when rr has an answer. */
static void attestation_line(struct cca_buf *b, const struct cca_rule_result *rr)
{
	const struct cca_attestation *a = rr->attestation;
	char d[11];

	if (!a)
		return;
	cca_date_format(a->date, d);
	cca_buf_printf(b, "attested %s by %s on %s%s%s (%s:%u)%s\n", cca_status_name(a->status),
		       a->by, d, a->note ? ": " : "", a->note ? a->note : "",
		       a->file ? a->file : "", a->line,
		       rr->attestation_expired ? ", expired" : "");
}

/*
 * The body of the <system-out> of a passing case into b: a waived
 * failure (the waiver, what it accepts, the answer it overrides), an
 * informational result with its findings, or an attested result; nothing
 * for a plain pass.
 */
static void pass_output(struct cca_buf *b, const struct cca_eval *ev, const struct tcase *c)
{
	const struct cca_rule_result *rr = cca_eval_rule(ev, c->rule);

	if (c->waived) {
		const struct cca_waiver *w = rr->waiver;
		char d[11] = "never";

		if (w && w->expires != CCA_NEVER)
			cca_date_format(w->expires, d);
		cca_buf_printf(b, "waived: %s\n", c->message);
		if (w && !suppressed_in_source(ev, c))
			cca_buf_printf(b, "waiver: by %s, expires %s (%s:%u)\n", w->by, d,
				       w->file ? w->file : "", w->line);
		finding_lines(b, ev, c, CCA_PASS);
		if (!c->per_target)
			attestation_line(b, rr);
	} else if (c->status == CCA_INFORMATIONAL) {
		cca_buf_printf(b, "informational: %s\n", c->message);
		finding_lines(b, ev, c, CCA_INFORMATIONAL);
	} else if (!c->per_target) {
		attestation_line(b, rr);
	}
}

/*
 * One <testcase> for c: a <failure> or <error> listing its locations and
 * the remediation, a <skipped> with the reason, or a passing case with
 * its waiver, informational findings or attestation in <system-out>.
 */
static void testcase(struct xw *x, const struct cca_eval *ev, const struct tcase *c)
{
	const struct cca_catalog *cat = cca_eval_catalog(ev);
	const struct cca_rule *rule = cca_catalog_rule(cat, c->rule);
	const struct cca_rule_result *rr = cca_eval_rule(ev, c->rule);
	const char *dot = strchr(rule->id, '.');
	char *classname = cca_xasprintf("%s.%.*s", c->target,
					(int)(dot ? (size_t)(dot - rule->id) : strlen(rule->id)),
					rule->id);
	struct cca_buf b;

	cca_buf_init(&b);
	start(x, "testcase");
	attr(x, "name", rule->id);
	attr(x, "classname", classname);
	attr(x, "time", "0");
	if (c->status == CCA_FAIL || c->status == CCA_ERROR) {
		bool fail = c->status == CCA_FAIL;

		start(x, fail ? "failure" : "error");
		attr(x, "message", c->message);
		attr(x, "type", fail ? cca_severity_name(cca_profile_severity(
							  cca_eval_profile(ev), c->rule))
				     : "error");
		finding_lines(&b, ev, c, c->status);
		/* No finding shows it: an answer does, or the rule's message. */
		if (!b.len && !c->per_target && rr->attestation)
			attestation_line(&b, rr);
		else if (!b.len)
			cca_buf_printf(&b, "%s\n", c->message);
		else if (!c->per_target)
			attestation_line(&b, rr);
		finding_lines(&b, ev, c, CCA_PASS);  /* accepted ones, visibly */
		cca_buf_printf(&b, "%s: %s\n", rule->title, rule->remediation);
		cca_buf_puts(&b, "controls:");
		for (size_t k = 0; k < rule->ncontrols; k++)
			cca_buf_printf(&b, " %s", cca_catalog_control(cat, rule->controls[k])->id);
		cca_buf_putc(&b, '\n');
		text(x, cca_buf_str(&b));
		end(x);
	} else if (skipped(c->status)) {
		char *m = cca_xasprintf("%s: %s", cca_status_name(c->status), c->message);

		start(x, "skipped");
		attr(x, "message", m);
		end(x);
		free(m);
	} else {
		pass_output(&b, ev, c);
		if (b.len) {
			start(x, "system-out");
			text(x, cca_buf_str(&b));
			end(x);
		}
	}
	end(x);
	cca_buf_release(&b);
	free(classname);
}

/* <property name= value=/> */
static void property(struct xw *x, const char *name, const char *value)
{
	start(x, "property");
	attr(x, "name", name);
	attr(x, "value", value);
	end(x);
}

/* The whole document into x. */
static void document(struct xw *x, const struct cca_report *r, const struct tcase *c,
		     size_t n, const char **targets, size_t ntargets)
{
	const struct cca_eval *ev = cca_report_eval(r);
	unsigned long counts[4];
	char ts[21], level[12];

	cca_timestamp_format(cca_report_time(r), ts);
	ts[19] = '\0';  /* JUnit timestamps carry no zone: UTC */
	snprintf(level, sizeof level, "%u", cca_eval_level_achieved(ev));
	check(x, xmlTextWriterSetIndent(x->w, 1));
	check(x, xmlTextWriterSetIndentString(x->w, BAD_CAST "  "));
	check(x, xmlTextWriterStartDocument(x->w, NULL, "UTF-8", NULL));
	start(x, "testsuites");
	attr(x, "name", "ccaudit");
	count(c, n, NULL, counts);
	count_attrs(x, counts);
	for (size_t t = 0; t < ntargets; t++) {
		start(x, "testsuite");
		attr(x, "name", targets[t]);
		count(c, n, targets[t], counts);
		count_attrs(x, counts);
		attr(x, "timestamp", ts);
		start(x, "properties");
		property(x, "profile", cca_profile_name(cca_eval_profile(ev)));
		property(x, "catalog", cca_catalog_version(cca_eval_catalog(ev)));
		property(x, "csvs-level-achieved", level);
		end(x);
		for (size_t k = 0; k < n; k++)
			if (strcmp(c[k].target, targets[t]) == 0)
				testcase(x, ev, &c[k]);
		end(x);
	}
	end(x);
	check(x, xmlTextWriterEndDocument(x->w));
}

/*
 * JUnit XML of r appended to out (layout at the top of this file).  Fails
 * with CCA_EINTERNAL only when libxml2's writer does (out of memory).
 */
int cca_report_junit(const struct cca_report *r, const struct cca_render_opts *o,
		     struct cca_buf *out, struct cca_error *err)
{
	const struct cca_eval *ev = cca_report_eval(r);
	size_t nrules = cca_catalog_nrules(cca_eval_catalog(ev)), n = 0, ntargets = 0;
	struct tcase *c = NULL;
	const char **targets = NULL;
	xmlBufferPtr xb;
	struct xw x = { NULL, false };
	int rc = 0;

	(void)o;
	for (size_t i = 0; i < nrules; i++)
		rule_cases(r, i, &c, &n);
	/* Suites: the report's target first, the others in name order. */
	add_target(&targets, &ntargets, cca_report_target(r));
	for (size_t k = 0; k < n; k++)
		add_target(&targets, &ntargets, c[k].target);
	if (ntargets > 2)
		qsort(targets + 1, ntargets - 1, sizeof *targets, cmp_target);

	xb = xmlBufferCreate();
	x.w = xb ? xmlNewTextWriterMemory(xb, 0) : NULL;
	if (!x.w) {
		rc = cca_error_set(err, CCA_EINTERNAL, "cannot create an XML writer");
	} else {
		document(&x, r, c, n, targets, ntargets);
		xmlFreeTextWriter(x.w);  /* flushes into xb */
		if (x.failed)
			rc = cca_error_set(err, CCA_EINTERNAL, "cannot write the JUnit XML");
		else
			cca_buf_add(out, xmlBufferContent(xb), (size_t)xmlBufferLength(xb));
	}
	if (xb)
		xmlBufferFree(xb);
	free(targets);
	free(c);
	return rc;
}
