/*
 * xml.c - ccaudit's own results document (`-f xml`): namespace
 * urn:ccaudit:results:1, schema catalogs/results.xsd.  It holds the same
 * model as the JSON report (json.c) plus what a human-readable report needs
 * to stand alone (the auditor, the frameworks with their group titles, the
 * CSVS levels of each rule), and it is what templates/report.xsl turns into
 * the HTML report (html.c).  What the history store knows is there only
 * when known: run/@id, a finding's @lifecycle, @due and <owner>, and a
 * final <history> (fixed findings, trend points) for a run with history.
 *
 * Built with libxml2's tree API, so every text and attribute is escaped by
 * the serializer.  Every string from the model is first made valid XML 1.0
 * character data: invalid UTF-8 and the characters XML 1.0 forbids (C0
 * controls other than tab, LF and CR; U+FFFE, U+FFFF) become U+FFFD, so a
 * hostile input shows as a visible replacement character, never as a
 * broken document.  Stable: frameworks, controls and rules in catalog
 * order, findings in engine order, attributes in a fixed order, scores as
 * fixed-point decimals with 4 places, the time stamp from
 * SOURCE_DATE_EPOCH when set.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ccaudit/xmllib.h"

#include "config.h"
#include "ccaudit/report.h"

#define RESULTS_NS "urn:ccaudit:results:1"
#define RESULTS_FORMAT_VERSION "1"

/* The document under construction: its namespace, used for every element. */
struct xb {
	xmlDocPtr doc;
	xmlNsPtr ns;
};

/* Append a child element <name> of parent, empty; returns it. */
static xmlNodePtr el(struct xb *x, xmlNodePtr parent, const char *name)
{
	return xmlNewChild(parent, x->ns, BAD_CAST name, NULL);
}

/*
 * Append <name>text</name> to parent, text cleaned and escaped; nothing
 * when text is NULL.  Returns the element or NULL.
 */
static xmlNodePtr el_text(struct xb *x, xmlNodePtr parent, const char *name,
			  const char *text)
{
	xmlNodePtr n;
	char *c;

	if (!text)
		return NULL;
	c = cca_xml_text(text);
	n = xmlNewTextChild(parent, x->ns, BAD_CAST name, BAD_CAST c);
	free(c);
	return n;
}

/* Set attribute name of n to value (cleaned); nothing when value is NULL. */
static void at(xmlNodePtr n, const char *name, const char *value)
{
	char *c;

	if (!value)
		return;
	c = cca_xml_text(value);
	xmlNewProp(n, BAD_CAST name, BAD_CAST c);
	free(c);
}

/* Set attribute name of n to the decimal value v. */
static void at_uint(xmlNodePtr n, const char *name, unsigned long long v)
{
	char s[24];

	snprintf(s, sizeof s, "%llu", v);
	at(n, name, s);
}

/* Set attribute name of n to "true" or "false". */
static void at_bool(xmlNodePtr n, const char *name, bool v)
{
	at(n, name, v ? "true" : "false");
}

/* Set attribute name of n to "YYYY-MM-DD"; nothing for no date or never. */
static void at_date(xmlNodePtr n, const char *name, int64_t days)
{
	char d[11];

	if (days == CCA_NO_DATE || days == CCA_NEVER)
		return;
	cca_date_format(days, d);
	at(n, name, d);
}

/*
 * Set attribute name of n to the score s as a decimal with four places
 * ("0.7073", "1.0000"), independent of the locale.
 */
static void at_score_value(xmlNodePtr n, const char *name, double s)
{
	long v = lround(s * 10000.0);
	char buf[16];

	if (v < 0)
		v = 0;
	if (v > 10000)
		v = 10000;
	snprintf(buf, sizeof buf, "%ld.%04ld", v / 10000, v % 10000);
	at(n, name, buf);
}

/* Set attribute "score" of n to the score of t; nothing when nothing is scored. */
static void at_score(xmlNodePtr n, const struct cca_tally *t)
{
	double s;

	if (cca_tally_score(t, &s))
		at_score_value(n, "score", s);
}

/* Set attribute name of n to the space-separated role names of roles. */
static void at_roles(xmlNodePtr n, const char *name, unsigned roles)
{
	struct cca_buf b;

	cca_buf_init(&b);
	for (size_t i = 0; i < CCA_ROLE_COUNT; i++)
		if (roles & cca_role_at(i)) {
			if (b.len)
				cca_buf_putc(&b, ' ');
			cca_buf_puts(&b, cca_role_name(cca_role_at(i)));
		}
	if (b.len)
		at(n, name, cca_buf_str(&b));
	cca_buf_release(&b);
}

/* Set attribute name of n to the CSVS levels in the bit set levels ("1 2 3"). */
static void at_levels(xmlNodePtr n, const char *name, unsigned levels)
{
	char s[8] = "";
	size_t len = 0;

	for (unsigned l = 1; l <= CCA_LEVEL_MAX; l++)
		if (levels & CCA_LEVEL_BIT(l))
			len += (size_t)snprintf(s + len, sizeof s - len, "%s%u", len ? " " : "", l);
	if (len)
		at(n, name, s);
}

/* Append <name> with one attribute per roll-up category of t. */
static void tally(struct xb *x, xmlNodePtr parent, const char *name,
		  const struct cca_tally *t)
{
	xmlNodePtr n = el(x, parent, name);

	for (int i = 0; i < CCA_RU_COUNT; i++)
		at_uint(n, cca_rollup_name((enum cca_rollup)i), t->n[i]);
}

/* Append <source>FILE:LINE</source>. */
static void source(struct xb *x, xmlNodePtr parent, const char *file, unsigned line)
{
	char *s = cca_xasprintf("%s:%u", file ? file : "", line);

	el_text(x, parent, "source", s);
	free(s);
}

/* Append the attestation of rr, if any. */
static void attestation(struct xb *x, xmlNodePtr parent, const struct cca_rule_result *rr)
{
	const struct cca_attestation *a = rr->attestation;
	xmlNodePtr n;

	if (!a)
		return;
	n = el(x, parent, "attestation");
	at(n, "status", cca_status_name(a->status));
	at_date(n, "date", a->date);
	at_date(n, "expires", a->expires);
	at_bool(n, "expired", rr->attestation_expired);
	el_text(x, n, "by", a->by ? a->by : "");
	el_text(x, n, "note", a->note);
	el_text(x, n, "evidence", a->evidence);
	source(x, n, a->file, a->line);
}

/* Append a waiver (rule-level <waiver> or a finding's <suppression>), if any. */
static void waiver(struct xb *x, xmlNodePtr parent, const char *name,
		   const struct cca_waiver *w, bool expired)
{
	xmlNodePtr n;

	if (!w)
		return;
	n = el(x, parent, name);
	at_date(n, "date", w->date);
	at_date(n, "expires", w->expires);
	at_bool(n, "expired", expired);
	el_text(x, n, "by", w->by ? w->by : "");
	el_text(x, n, "reason", w->reason ? w->reason : "");
	el_text(x, n, "target", w->target);
	source(x, n, w->file, w->line);
}

/*
 * Append <owner role="...">NAME</owner> for a track that names an owner or
 * a role (an empty NAME: assigned to a role only); nothing otherwise.
 */
static void owner(struct xb *x, xmlNodePtr parent, const struct cca_finding_track *t)
{
	xmlNodePtr n;

	if (!t->owner && !t->role)
		return;
	n = el_text(x, parent, "owner", t->owner ? t->owner : "");
	at(n, "role", t->role);
}

/* Append finding i of the evaluation, with what the store knows of it. */
static void finding(struct xb *x, xmlNodePtr parent, const struct cca_report *r, size_t i)
{
	const struct cca_finding *f = cca_eval_finding(cca_report_eval(r), i);
	const struct cca_finding_track *t = cca_report_track(r, i);
	xmlNodePtr n = el(x, parent, "finding");

	at(n, "status", cca_status_name(f->status));
	at_bool(n, "waived", f->waived);
	at(n, "fingerprint", f->fingerprint);
	if (t->lifecycle != CCA_LC_UNTRACKED)
		at(n, "lifecycle", cca_lifecycle_name(t->lifecycle));
	at_date(n, "due", t->due);
	el_text(x, n, "target", f->target);
	el_text(x, n, "location", f->location);
	el_text(x, n, "message", f->message ? f->message : "");
	waiver(x, n, "suppression", f->suppression, f->suppression_expired);
	owner(x, n, t);
}

/* Append <rules>: every catalog rule with its result, in catalog order. */
static void rules(struct xb *x, xmlNodePtr root, const struct cca_report *r)
{
	const struct cca_eval *ev = cca_report_eval(r);
	const struct cca_catalog *cat = cca_eval_catalog(ev);
	const struct cca_profile *p = cca_eval_profile(ev);
	xmlNodePtr list = el(x, root, "rules");

	for (size_t i = 0; i < cca_catalog_nrules(cat); i++) {
		const struct cca_rule *rule = cca_catalog_rule(cat, i);
		const struct cca_rule_result *rr = cca_eval_rule(ev, i);
		xmlNodePtr n = el(x, list, "rule");
		struct cca_buf ids;

		cca_buf_init(&ids);
		for (size_t k = 0; k < rule->ncontrols; k++)
			cca_buf_printf(&ids, "%s%s", k ? " " : "",
				       cca_catalog_control(cat, rule->controls[k])->id);
		at(n, "id", rule->id);
		at(n, "status", cca_status_name(rr->status));
		at(n, "observed", cca_status_name(rr->observed));
		at_bool(n, "waived", rr->waived);
		at(n, "severity", cca_severity_name(cca_profile_severity(p, i)));
		at(n, "kind", rule->manual ? "manual" : "automated");
		at(n, "check", rule->check);
		at_roles(n, "roles", rule->roles);
		at_levels(n, "levels", rule->levels);
		if (ids.len)
			at(n, "controls", cca_buf_str(&ids));
		cca_buf_release(&ids);
		el_text(x, n, "title", rule->title ? rule->title : rule->id);
		el_text(x, n, "message", rr->message);
		el_text(x, n, "remediation", rule->remediation);
		attestation(x, n, rr);
		waiver(x, n, "waiver", rr->waiver, rr->waiver_expired);
		for (size_t k = 0; k < rr->nfindings; k++)
			finding(x, n, r, rr->first_finding + k);
	}
}

/* Append <controls>: every catalog control with its roll-up, in catalog order. */
static void controls(struct xb *x, xmlNodePtr root, const struct cca_eval *ev)
{
	const struct cca_catalog *cat = cca_eval_catalog(ev);
	xmlNodePtr list = el(x, root, "controls");

	for (size_t i = 0; i < cca_catalog_ncontrols(cat); i++) {
		const struct cca_control *c = cca_catalog_control(cat, i);
		const struct cca_framework *fw = cca_control_framework(cat, c);
		const struct cca_control_result *cr = cca_eval_control(ev, i);
		xmlNodePtr n = el(x, list, "control");
		struct cca_buf ids;

		cca_buf_init(&ids);
		for (size_t k = 0; k < c->nrules; k++)
			cca_buf_printf(&ids, "%s%s", k ? " " : "",
				       cca_catalog_rule(cat, c->rules[k])->id);
		at(n, "id", c->id);
		at(n, "framework", fw->id);
		if (c->group < fw->ngroups)
			at(n, "group", fw->groups[c->group].id);
		at(n, "ref", c->ref ? c->ref : c->id);
		at_levels(n, "levels", c->levels);
		at_roles(n, "roles", c->roles);
		at(n, "status", cca_rollup_name(cr->status));
		at_score(n, &cr->rules);
		if (ids.len)
			at(n, "rules", cca_buf_str(&ids));
		cca_buf_release(&ids);
		el_text(x, n, "title", c->title ? c->title : c->id);
		tally(x, n, "rule-counts", &cr->rules);
	}
}

/* Append <frameworks>: id, version, title and groups of each framework. */
static void frameworks(struct xb *x, xmlNodePtr root, const struct cca_catalog *cat)
{
	xmlNodePtr list = el(x, root, "frameworks");

	for (size_t i = 0; i < cca_catalog_nframeworks(cat); i++) {
		const struct cca_framework *fw = cca_catalog_framework(cat, i);
		xmlNodePtr n = el(x, list, "framework");

		at(n, "id", fw->id);
		at(n, "version", fw->version);
		el_text(x, n, "title", fw->title ? fw->title : fw->id);
		for (size_t g = 0; g < fw->ngroups; g++) {
			xmlNodePtr gn = el(x, n, "group");

			at(gn, "id", fw->groups[g].id);
			el_text(x, gn, "title",
				fw->groups[g].title ? fw->groups[g].title : fw->groups[g].id);
		}
	}
}

/* Append <summary>: level achieved, level scores, status counts, roles, frameworks. */
static void summary(struct xb *x, xmlNodePtr root, const struct cca_eval *ev)
{
	const struct cca_catalog *cat = cca_eval_catalog(ev);
	unsigned counts[CCA_STATUS_COUNT] = { 0 };
	xmlNodePtr s = el(x, root, "summary"), n;

	at_uint(s, "level-achieved", cca_eval_level_achieved(ev));
	for (unsigned l = 1; l <= CCA_LEVEL_MAX; l++) {
		const struct cca_level_score *ls = cca_eval_level(ev, l);

		n = el(x, s, "level");
		at_uint(n, "n", l);
		at_bool(n, "met", ls->met);
		at_score(n, &ls->controls);
		tally(x, n, "requirements", &ls->controls);
	}
	for (size_t i = 0; i < cca_catalog_nrules(cat); i++)
		counts[cca_eval_rule(ev, i)->status]++;
	n = el(x, s, "rule-statuses");
	for (int st = 0; st < CCA_STATUS_COUNT; st++)
		at_uint(n, cca_status_name((enum cca_status)st), counts[st]);
	for (size_t i = 0; i < CCA_ROLE_COUNT; i++) {
		unsigned bit = cca_role_at(i);
		struct cca_tally t = cca_eval_role(ev, bit);

		n = el(x, s, "role");
		at(n, "id", cca_role_name(bit));
		at(n, "title", cca_role_title(bit));
		at_score(n, &t);
		tally(x, n, "rules", &t);
	}
	for (size_t i = 0; i < cca_catalog_nframeworks(cat); i++) {
		struct cca_tally t = cca_eval_framework(ev, i);

		n = el(x, s, "framework");
		at(n, "id", cca_catalog_framework(cat, i)->id);
		at_score(n, &t);
		tally(x, n, "controls", &t);
	}
}

/* Append <evidence>: every input the run read, in the order recorded. */
static void evidence(struct xb *x, xmlNodePtr root, const struct cca_report *r)
{
	xmlNodePtr list = el(x, root, "evidence");

	for (size_t i = 0; i < cca_report_ninputs(r); i++) {
		const struct cca_inventory_item *e = cca_report_input(r, i);
		xmlNodePtr n = el(x, list, "input");

		at(n, "kind", e->kind ? e->kind : "");
		at_uint(n, "size", e->size);
		at(n, "sha256", e->sha256);
		el_text(x, n, "path", e->path ? e->path : "");
	}
}

/* Append one <point> of the trend: a saved run with its level scores. */
static void trend_point(struct xb *x, xmlNodePtr parent, const struct cca_trend_point *p)
{
	xmlNodePtr n = el(x, parent, "point"), l;
	char ts[21];

	cca_timestamp_format(p->time, ts);
	at(n, "run", p->run);
	at(n, "generated", ts);
	at_uint(n, "level-achieved", p->achieved);
	at_uint(n, "open", p->open);
	for (unsigned lv = 1; lv <= CCA_LEVEL_MAX; lv++) {
		l = el(x, n, "level");
		at_uint(l, "n", lv);
		if (p->scored[lv])
			at_score_value(l, "score", p->score[lv]);
	}
}

/*
 * Append <history> when the report carries any (a saved run, fixed
 * findings or a trend): the findings of the previous run now fixed, then
 * the trend of the target's saved runs, oldest first.
 */
static void history(struct xb *x, xmlNodePtr root, const struct cca_report *r)
{
	xmlNodePtr h, n;

	if (!cca_report_has_history(r))
		return;
	h = el(x, root, "history");
	for (size_t i = 0; i < cca_report_nfixed(r); i++) {
		const char *fp, *rule_id, *loc;

		cca_report_fixed(r, i, &fp, &rule_id, &loc);
		n = el(x, h, "fixed");
		at(n, "rule", rule_id);
		at(n, "fingerprint", fp);
		el_text(x, n, "location", loc);
	}
	for (size_t i = 0; i < cca_report_ntrend(r); i++)
		trend_point(x, h, cca_report_trend(r, i));
}

/*
 * Build the results document of r; the caller frees it with xmlFreeDoc().
 * Never fails (allocation failure aside, which libxml2 reports as NULL).
 */
static xmlDocPtr build(const struct cca_report *r)
{
	const struct cca_eval *ev = cca_report_eval(r);
	const struct cca_catalog *cat = cca_eval_catalog(ev);
	const struct cca_profile *p = cca_eval_profile(ev);
	struct xb x;
	xmlNodePtr root, n;
	char ts[21];

	x.doc = xmlNewDoc(BAD_CAST "1.0");
	if (!x.doc)
		return NULL;
	root = xmlNewDocNode(x.doc, NULL, BAD_CAST "results", NULL);
	xmlDocSetRootElement(x.doc, root);
	x.ns = xmlNewNs(root, BAD_CAST RESULTS_NS, NULL);
	xmlSetNs(root, x.ns);
	at(root, "format", RESULTS_FORMAT_VERSION);

	n = el(&x, root, "tool");
	at(n, "name", PACKAGE_NAME);
	at(n, "version", PACKAGE_VERSION);

	cca_timestamp_format(cca_report_time(r), ts);
	n = el(&x, root, "run");
	if (cca_report_run_id(r)[0])
		at(n, "id", cca_report_run_id(r));
	el_text(&x, n, "target", cca_report_target(r) ? cca_report_target(r) : "");
	el_text(&x, n, "generated", ts);
	el_text(&x, n, "catalog", cca_catalog_version(cat));
	el_text(&x, n, "auditor", cca_report_auditor(r));

	n = el(&x, root, "profile");
	at(n, "id", cca_profile_name(p));
	at_uint(n, "level", cca_profile_level(p));
	at_roles(n, "roles", cca_profile_roles(p));
	el_text(&x, n, "tailoring", cca_profile_tailoring(p));

	evidence(&x, root, r);
	summary(&x, root, ev);
	frameworks(&x, root, cat);
	controls(&x, root, ev);
	rules(&x, root, r);
	history(&x, root, r);
	return x.doc;
}

int cca_report_xml(const struct cca_report *r, const struct cca_render_opts *o,
		   struct cca_buf *out, struct cca_error *err)
{
	xmlDocPtr doc;
	xmlBufferPtr buf;
	xmlSaveCtxtPtr save;
	int rc = -1;

	(void)o;
	xmlInitParser();
	doc = build(r);
	buf = xmlBufferCreate();
	if (!doc || !buf) {
		cca_error_set(err, CCA_EINTERNAL, "cannot build the xml report: out of memory");
		goto out;
	}
	save = xmlSaveToBuffer(buf, "UTF-8", XML_SAVE_FORMAT);
	if (!save || xmlSaveDoc(save, doc) < 0) {
		if (save)
			xmlSaveClose(save);
		cca_error_set(err, CCA_EINTERNAL, "cannot serialize the xml report");
		goto out;
	}
	xmlSaveClose(save);
	cca_buf_add(out, xmlBufferContent(buf), (size_t)xmlBufferLength(buf));
	rc = 0;
out:
	xmlBufferFree(buf);
	xmlFreeDoc(doc);
	return rc;
}
