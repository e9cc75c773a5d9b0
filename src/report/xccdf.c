/*
 * xccdf.c - XCCDF 1.2: the catalog as a Benchmark (`catalog export -f
 * xccdf`), and the same Benchmark with the run embedded as its TestResult
 * (`audit -f xccdf`).  The consumers are OpenSCAP (oscap xccdf validate,
 * generate report, generate guide, eval --tailoring-file), SCAP Workbench
 * and STIG viewers; the rules they demand are in ../shared/FORMATS.md.
 *
 * The Benchmark
 *   id xccdf_org.ccaudit_benchmark_<catalog id>, <version> the catalog
 *   version, one <reference> per framework, Dublin Core metadata, the
 *   scoring models default, flat, flat-unweighted and absolute.  No
 *   <platform>: container evidence is not a CPE platform, and the
 *   schematron warning this leaves ("no platform specified") is the one
 *   harmless warning oscap 1.3.7 needs to call a document valid.
 * Profiles
 *   xccdf_org.ccaudit_profile_all (every rule: the Benchmark's default
 *   selection, so no select), csvs-l1, csvs-l2 extends csvs-l1, csvs-l3
 *   extends csvs-l2.  Each csvs-lN selects exactly what cca_profile_new()
 *   selects for it: csvs-l1 deselects what level 1 leaves out, and each
 *   extending profile lists only its differences from the one it extends
 *   (selected="true" or "false").  Extending profiles carry title
 *   override="true" so oscap does not concatenate titles; resolved is
 *   never set.
 * Groups and Rules
 *   One Group per framework holding one Group per chapter (CSVS V1-V12,
 *   NIST SP 800-190 area, use-case phase).  A rule decides controls of
 *   several frameworks but sits in exactly one Group: the chapter of the
 *   first CSVS requirement it maps, else the area of its first NIST
 *   countermeasure, else the phase of its first use case, else the group
 *   of its first control in another framework (catalog order); Groups
 *   that receive no rule are left out.  Every control the rule maps is
 *   listed twice: as <reference href=STANDARD>ID: TITLE</reference> and
 *   as <ident system="urn:ccaudit:control">ID</ident>.
 *   Ids: group xccdf_org.ccaudit_group_<framework>[.<chapter>], rule
 *   xccdf_org.ccaudit_rule_<rule id>, value
 *   xccdf_org.ccaudit_value_<rule id>.<param> (the ids tailoring.c reads).
 *   Severity: XCCDF has info, low, medium, high (and unknown): critical is
 *   written as high, with the highest weight, and the description says so.
 *   Weight: info 1, low 2, medium 4, high 8, critical 16.
 *   Each Rule has one <check>: system urn:ccaudit:check naming the check
 *   id (check-content-ref name) and exporting its Values, or system
 *   urn:ccaudit:attestation for a manual rule.  oscap knows neither
 *   system, so `oscap xccdf eval` reports such rules notchecked: it can
 *   apply profiles and tailoring to this Benchmark, not re-evaluate it.
 * Values
 *   One Value (type string) per rule parameter, holding its catalog
 *   default, in the Group of its rule before the Rules.
 * The TestResult (audit only)
 *   id xccdf_org.ccaudit_testresult_<target, [A-Za-z0-9._-] kept, others
 *   as '_'>; start-time = end-time = the report time (SOURCE_DATE_EPOCH
 *   when set); test-system the ccaudit CPE; the auditor (--auditor) as
 *   <identity authenticated="false" privileged="false">; the profile in
 *   use; role filter and tailoring as <remark>; <target-facts> with the
 *   target, ccaudit and catalog versions, profile, auditor, CSVS level
 *   achieved and level scores, and every input with its SHA-256;
 *   <set-value> for every parameter a tailoring changed.  Then exactly one
 *   <rule-result> per catalog rule, in catalog order (notselected for a
 *   rule the profile leaves out): result = the effective status (the
 *   XCCDF names), severity and weight as the profile rates the rule,
 *   messages: the rule's message, its attestation, each finding with its
 *   location and any suppression, an expired waiver.  A waived failure
 *   (answers-file waiver or a suppression in the evidence) is visible as
 *   <override time=DATE authority=WHO> with old-result fail, new-result
 *   pass and the reason, expiry and source as remark; never hidden.
 *   Scores: default (bottom-up over the Group tree, 0-100), flat (passing
 *   weight, maximum the scored weight), flat-unweighted, absolute, with
 *   the FORMATS.md rules: notselected, notapplicable, informational and
 *   notchecked are not scored; pass and fixed pass; fail, error and
 *   unknown fail.  Written with 4 decimals; absolute has maximum 1.  oscap
 *   computes the same numbers (in single precision) when it rescores the
 *   TestResult in `oscap xccdf remediate`, which the test checks, except
 *   that it gives absolute the flat maximum.
 *
 * oscap 1.3.7's schematron and waivers (a known limitation, pinned by
 * tests/cli/xccdf.sh): its rule "the value of 'result' must match the
 * value of 'new-result' in an 'override' element when present" (XCCDF
 * 1.2.1 section 6.6.4.3) is written so that it also fires for every
 * rule-result WITHOUT an override in a TestResult that holds at least one
 * override.  So `oscap xccdf validate` on a report with a waiver prints
 * one "Error:" line per rule-result that has no override and exits 2
 * ("Invalid XCCDF Checklist"), although the document follows the
 * specification: the XSD is satisfied (xmllint, or oscap xccdf validate
 * --skip-schematron, exit 0), the same file without its overrides passes
 * the schematron, and oscap xccdf generate report (which shows the rule
 * as "waived") and generate guide work.  Writing a made-up override on
 * every other rule-result would be false, and dropping the overrides
 * would hide the waivers, so the limitation stays.
 *
 * Text: every string from the catalog or the run is repaired to valid
 * UTF-8 (cca_utf8_repair) and stripped of the characters XML 1.0 forbids
 * (C0 controls but tab, LF, CR; U+FFFE, U+FFFF), then escaped by libxml2's
 * tree API.  Output is always indented (oscap drops the element after an
 * empty <select/> in compact XML), carries no comments, and is
 * byte-identical for the same input and SOURCE_DATE_EPOCH.
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ccaudit/xmllib.h"

#include "config.h"
#include "ccaudit/report.h"

#define XCCDF12_NS "http://checklists.nist.gov/xccdf/1.2"
#define DC_NS "http://purl.org/dc/elements/1.1/"
#define XHTML_NS "http://www.w3.org/1999/xhtml"
#define ID_PREFIX "xccdf_" CCA_XCCDF_NS "_"
#define CONTROL_SYSTEM "urn:ccaudit:control"
#define CHECK_SYSTEM "urn:ccaudit:check"
#define CHECK_HREF "urn:ccaudit:checks"
#define ATTESTATION_SYSTEM "urn:ccaudit:attestation"
#define FACT_PREFIX "urn:ccaudit:fact:"
#define TEST_SYSTEM "cpe:/a:ccaudit:ccaudit:" PACKAGE_VERSION
#define NO_FW SIZE_MAX

/* The XCCDF scoring models, in the order they are written. */
#define MODEL_DEFAULT "urn:xccdf:scoring:default"
#define MODEL_FLAT "urn:xccdf:scoring:flat"
#define MODEL_FLAT_UNWEIGHTED "urn:xccdf:scoring:flat-unweighted"
#define MODEL_ABSOLUTE "urn:xccdf:scoring:absolute"

/* Where each rule goes in the Group tree. */
struct place {
	size_t fw;      /* framework index, or NO_FW: directly in the Benchmark */
	size_t group;   /* group index within that framework */
};

/* The document under construction. */
struct xw {
	xmlDocPtr doc;
	xmlNsPtr ns;                    /* XCCDF 1.2, the default namespace */
	xmlNsPtr dc;                    /* Dublin Core */
	xmlNsPtr xhtml;                 /* XHTML, for description paragraphs */
	const struct cca_catalog *cat;
	struct place *place;            /* per rule */
	const struct cca_eval *ev;      /* NULL: the Benchmark alone */
	const struct cca_report *rep;   /* NULL: the Benchmark alone */
};

/* ---- text and attributes ------------------------------------------------ */

/* Append an empty element <name> (XCCDF namespace) to parent; returns it. */
static xmlNodePtr el(struct xw *x, xmlNodePtr parent, const char *name)
{
	return xmlNewChild(parent, x->ns, BAD_CAST name, NULL);
}

/*
 * Append <name>text</name> in namespace ns to parent, text cleaned and
 * escaped (NULL text: an empty element).  Returns the element.
 */
static xmlNodePtr el_ns_text(xmlNodePtr parent, xmlNsPtr ns, const char *name,
			     const char *text)
{
	char *c = cca_xml_text(text ? text : "");
	xmlNodePtr n = xmlNewTextChild(parent, ns, BAD_CAST name, BAD_CAST c);

	free(c);
	return n;
}

/* Append <name>text</name> (XCCDF namespace) to parent; returns it. */
static xmlNodePtr el_text(struct xw *x, xmlNodePtr parent, const char *name,
			  const char *text)
{
	return el_ns_text(parent, x->ns, name, text);
}

/* Set attribute name of n to value, cleaned; nothing when value is NULL. */
static void at(xmlNodePtr n, const char *name, const char *value)
{
	char *c;

	if (!value)
		return;
	c = cca_xml_text(value);
	xmlNewProp(n, BAD_CAST name, BAD_CAST c);
	free(c);
}

/* Room for any fmt_fixed() result. */
#define FIXED_MAX 48

/*
 * v (>= 0) as a fixed-point decimal with places (0..6) decimals into
 * out[FIXED_MAX], independent of the locale: "72.4138", "16.0".
 */
static void fmt_fixed(double v, unsigned places, char out[FIXED_MAX])
{
	long long scale = 1, q;

	for (unsigned i = 0; i < places; i++)
		scale *= 10;
	q = llround(v * (double)scale);
	if (q < 0)
		q = 0;
	if (places == 0)
		snprintf(out, FIXED_MAX, "%lld", q);
	else
		snprintf(out, FIXED_MAX, "%lld.%0*lld", q / scale, (int)places, q % scale);
}

/* An xsd:dateTime "YYYY-MM-DDT00:00:00Z" for a day number into out[21]. */
static void fmt_day(int64_t days, char out[21])
{
	char d[11];

	cca_date_format(days, d);
	snprintf(out, 21, "%sT00:00:00Z", d);
}

/* ---- mapping ccaudit to XCCDF ------------------------------------------ */

/* The XCCDF severity of s: critical has no XCCDF name and becomes high. */
static const char *xccdf_severity(enum cca_severity s)
{
	return s == CCA_SEV_CRITICAL ? "high" : cca_severity_name(s);
}

/* The weight of a rule of severity s: info 1, low 2, medium 4, high 8, critical 16. */
static double severity_weight(enum cca_severity s)
{
	static const double w[CCA_SEV_COUNT] = { 1, 2, 4, 8, 16 };

	return (unsigned)s < CCA_SEV_COUNT ? w[s] : 1;
}

/* Set attribute "weight" of n to the weight of severity s ("4.0"). */
static void at_weight(xmlNodePtr n, enum cca_severity s)
{
	char buf[FIXED_MAX];

	fmt_fixed(severity_weight(s), 1, buf);
	at(n, "weight", buf);
}

/* The URL naming framework fw's standard, or a ccaudit URN for others (caller frees). */
static char *framework_href(const struct cca_framework *fw)
{
	if (strcmp(fw->id, CCA_FW_CSVS) == 0)
		return cca_xstrdup("https://owasp.org/www-project-container-security-verification-standard/");
	if (strcmp(fw->id, CCA_FW_NIST) == 0)
		return cca_xstrdup("https://doi.org/10.6028/NIST.SP.800-190");
	return cca_xasprintf("urn:ccaudit:framework:%s", fw->id);
}

/* "TITLE VERSION" of framework fw, or its title alone when it has no version (caller frees). */
static char *framework_title(const struct cca_framework *fw)
{
	if (fw->version && *fw->version)
		return cca_xasprintf("%s %s", fw->title, fw->version);
	return cca_xstrdup(fw->title);
}

/*
 * The catalog id and version from cca_catalog_version() ("ccaudit
 * 2026.1"), newly allocated; "ccaudit" and the whole string when it has no
 * space.
 */
static void catalog_id_version(const struct cca_catalog *cat, char **id, char **version)
{
	const char *v = cca_catalog_version(cat), *sp = strchr(v, ' ');

	if (sp && sp > v && sp[1]) {
		*id = cca_xstrndup(v, (size_t)(sp - v));
		*version = cca_xstrdup(sp + 1);
	} else {
		*id = cca_xstrdup("ccaudit");
		*version = cca_xstrdup(*v ? v : "unversioned");
	}
}

/* The XCCDF id "xccdf_org.ccaudit_<kind>_<name>" (caller frees). */
static char *xid(const char *kind, const char *name)
{
	return cca_xasprintf(ID_PREFIX "%s_%s", kind, name);
}

/*
 * The Group id of framework fw ("..._group_csvs"), or of its chapter g when
 * g is not NO_FW ("..._group_csvs.V3").  Unique as long as no framework id
 * is another framework's id, a dot and one of its chapter ids.
 */
static char *group_id(const struct cca_framework *fw, size_t g)
{
	if (g == NO_FW)
		return xid("group", fw->id);
	return cca_xasprintf(ID_PREFIX "group_%s.%s", fw->id, fw->groups[g].id);
}

/*
 * Decide the Group of every rule (see the top of the file): frameworks in
 * the order csvs, nist-800-190, usecases, then the others in catalog order;
 * in the first of them the rule maps, the chapter of its first control
 * there.  Returns a newly allocated array, one entry per rule.
 */
static struct place *place_rules(const struct cca_catalog *cat)
{
	size_t nr = cca_catalog_nrules(cat), nfw = cca_catalog_nframeworks(cat);
	struct place *pl = cca_xcalloc(nr ? nr : 1, sizeof *pl);
	size_t *order = cca_xcalloc(nfw ? nfw : 1, sizeof *order), n = 0;
	static const char *const preferred[] = { CCA_FW_CSVS, CCA_FW_NIST, CCA_FW_USECASES };

	for (size_t i = 0; i < CCA_ARRAY_SIZE(preferred); i++) {
		long f = cca_catalog_find_framework(cat, preferred[i]);

		if (f >= 0)
			order[n++] = (size_t)f;
	}
	for (size_t f = 0; f < nfw; f++) {
		bool seen = false;

		for (size_t k = 0; k < n; k++)
			seen |= order[k] == f;
		if (!seen)
			order[n++] = f;
	}
	for (size_t i = 0; i < nr; i++) {
		const struct cca_rule *r = cca_catalog_rule(cat, i);

		pl[i].fw = NO_FW;
		for (size_t k = 0; k < n && pl[i].fw == NO_FW; k++)
			for (size_t c = 0; c < r->ncontrols; c++) {
				const struct cca_control *ctl = cca_catalog_control(cat, r->controls[c]);

				if (ctl->framework == order[k]) {
					pl[i].fw = ctl->framework;
					pl[i].group = ctl->group;
					break;
				}
			}
	}
	free(order);
	return pl;
}

/* Whether rule i goes into framework fw's chapter g. */
static bool placed_in(const struct xw *x, size_t i, size_t fw, size_t g)
{
	return x->place[i].fw == fw && x->place[i].group == g;
}

/* ---- the Benchmark ----------------------------------------------------- */

/*
 * Append <description> holding one <xhtml:p> per paragraph of paras[0..n)
 * that is neither NULL nor empty; nothing when there is none.
 */
static void description(struct xw *x, xmlNodePtr parent, const char *const *paras, size_t n)
{
	xmlNodePtr d = NULL;

	for (size_t i = 0; i < n; i++) {
		if (!paras[i] || !*paras[i])
			continue;
		if (!d)
			d = el(x, parent, "description");
		el_ns_text(d, x->xhtml, "p", paras[i]);
	}
}

/* description() with a single paragraph. */
static void description1(struct xw *x, xmlNodePtr parent, const char *para)
{
	description(x, parent, &para, 1);
}

/* Append the Benchmark's <metadata> with Dublin Core creator and source. */
static void metadata(struct xw *x, xmlNodePtr root)
{
	xmlNodePtr m = el(x, root, "metadata");

	el_ns_text(m, x->dc, "creator", PACKAGE_NAME " " PACKAGE_VERSION);
	el_ns_text(m, x->dc, "publisher", PACKAGE_NAME);
	el_ns_text(m, x->dc, "source", cca_catalog_version(x->cat));
}

/* Append <reference href=STANDARD>TEXT</reference>. */
static void reference(struct xw *x, xmlNodePtr parent, const struct cca_framework *fw,
		      const char *text)
{
	char *href = framework_href(fw);
	xmlNodePtr n = el_text(x, parent, "reference", text);

	at(n, "href", href);
	free(href);
}

/* The level-N profile name "csvs-lN" into out[16]. */
static void level_name(unsigned level, char out[16])
{
	snprintf(out, 16, "csvs-l%u", level);
}

/*
 * Append the Profiles: all, then csvs-l1..3, each level extending the one
 * below and listing only its differences.  Fails (CCA_EINTERNAL) when a
 * built-in profile cannot be made.
 */
static int profiles(struct xw *x, xmlNodePtr root, struct cca_error *err)
{
	struct cca_profile *prev = NULL;
	size_t nr = cca_catalog_nrules(x->cat);
	xmlNodePtr p;
	char *id;

	id = xid("profile", "all");
	p = el(x, root, "Profile");
	at(p, "id", id);
	free(id);
	el_text(x, p, "title", "All rules");
	description1(x, p, "Every rule of the catalog: the Benchmark's default selection.");
	for (unsigned l = 1; l <= CCA_LEVEL_MAX; l++) {
		char name[16], title[64], *text;
		struct cca_profile *cur;
		xmlNodePtr t;

		level_name(l, name);
		cur = cca_profile_new(x->cat, name, err);
		if (!cur) {
			cca_profile_free(prev);
			return cca_error_prefix(err, "xccdf: ");
		}
		id = xid("profile", name);
		p = el(x, root, "Profile");
		at(p, "id", id);
		free(id);
		if (prev) {
			char pname[16];

			level_name(l - 1, pname);
			id = xid("profile", pname);
			at(p, "extends", id);
			free(id);
		}
		snprintf(title, sizeof title, "OWASP CSVS level %u", l);
		t = el_text(x, p, "title", title);
		if (prev)
			at(t, "override", "true");
		text = cca_xasprintf("The rules that decide an OWASP CSVS requirement of "
				     "level %u, and the rules that map no CSVS requirement "
				     "(they serve the other frameworks at every level).%s", l,
				     prev ? " Extends the level below: only the differences "
					    "are listed." : "");
		description1(x, p, text);
		free(text);
		for (size_t i = 0; i < nr; i++) {
			bool on = cca_profile_selected(cur, i);
			bool before = prev ? cca_profile_selected(prev, i) : true;
			xmlNodePtr s;

			if (on == before)
				continue;
			id = xid("rule", cca_catalog_rule(x->cat, i)->id);
			s = el(x, p, "select");
			at(s, "idref", id);
			at(s, "selected", on ? "true" : "false");
			free(id);
		}
		cca_profile_free(prev);
		prev = cur;
	}
	cca_profile_free(prev);
	return 0;
}

/* Append one Value per parameter of rule r. */
static void values(struct xw *x, xmlNodePtr parent, const struct cca_rule *r)
{
	for (size_t k = 0; k < r->nparams; k++) {
		char *name = cca_xasprintf("%s.%s", r->id, r->params[k].name);
		char *id = xid("value", name), *title, *desc;
		xmlNodePtr v = el(x, parent, "Value");

		at(v, "id", id);
		at(v, "type", "string");
		title = cca_xasprintf("Parameter %s of %s", r->params[k].name, r->id);
		el_text(x, v, "title", title);
		desc = cca_xasprintf("The parameter \"%s\" of the rule \"%s\" (%s); the "
				     "value is its catalog default, which a tailoring "
				     "may change with set-value.", r->params[k].name, r->id,
				     r->title);
		description1(x, v, desc);
		el_text(x, v, "value", r->params[k].value);
		free(desc);
		free(title);
		free(id);
		free(name);
	}
}

/*
 * Append the <check> of rule r to parent: urn:ccaudit:check with the check
 * id and its exported Values (export when true), or urn:ccaudit:attestation
 * for a manual rule.
 */
static void check(struct xw *x, xmlNodePtr parent, const struct cca_rule *r, bool export)
{
	xmlNodePtr c = el(x, parent, "check"), n;

	if (r->manual || !r->check) {
		at(c, "system", ATTESTATION_SYSTEM);
		return;
	}
	at(c, "system", CHECK_SYSTEM);
	for (size_t k = 0; export && k < r->nparams; k++) {
		char *name = cca_xasprintf("%s.%s", r->id, r->params[k].name);
		char *id = xid("value", name);

		n = el(x, c, "check-export");
		at(n, "value-id", id);
		at(n, "export-name", r->params[k].name);
		free(id);
		free(name);
	}
	n = el(x, c, "check-content-ref");
	at(n, "href", CHECK_HREF);
	at(n, "name", r->check);
}

/* Append the Rule for catalog rule i. */
static void rule(struct xw *x, xmlNodePtr parent, size_t i)
{
	const struct cca_rule *r = cca_catalog_rule(x->cat, i);
	char *id = xid("rule", r->id), *note = NULL;
	xmlNodePtr n = el(x, parent, "Rule");
	struct cca_buf facts;

	at(n, "id", id);
	at(n, "severity", xccdf_severity(r->severity));
	at_weight(n, r->severity);
	el_text(x, n, "title", r->title);
	cca_buf_init(&facts);
	if (r->manual || !r->check)
		cca_buf_puts(&facts, "Manual: decided by a person's attestation (an answers file). ");
	else
		cca_buf_printf(&facts, "Automated: decided by the check '%s'. ", r->check);
	cca_buf_puts(&facts, "Owned by ");
	cca_roles_join(&facts, r->roles, "none");
	if (r->levels) {
		cca_buf_puts(&facts, ". OWASP CSVS levels:");
		for (unsigned l = 1; l <= CCA_LEVEL_MAX; l++)
			if (r->levels & CCA_LEVEL_BIT(l))
				cca_buf_printf(&facts, " %u", l);
	}
	cca_buf_puts(&facts, ".");
	if (r->severity == CCA_SEV_CRITICAL)
		note = cca_xstrdup("ccaudit rates this rule critical. XCCDF has no critical "
				   "severity, so it is given as high here, with the weight of "
				   "a critical rule (16; high rules weigh 8).");
	{
		const char *paras[] = { r->description, cca_buf_str(&facts), note };

		description(x, n, paras, CCA_ARRAY_SIZE(paras));
	}
	cca_buf_release(&facts);
	free(note);
	for (size_t k = 0; k < r->ncontrols; k++) {
		const struct cca_control *c = cca_catalog_control(x->cat, r->controls[k]);
		char *text = cca_xasprintf("%s: %s", c->id, c->title);

		reference(x, n, cca_control_framework(x->cat, c), text);
		free(text);
	}
	for (size_t k = 0; k < r->ncontrols; k++) {
		xmlNodePtr idn = el_text(x, n, "ident",
					 cca_catalog_control(x->cat, r->controls[k])->id);

		at(idn, "system", CONTROL_SYSTEM);
	}
	if (r->remediation)
		el_text(x, n, "fixtext", r->remediation);
	check(x, n, r, true);
	free(id);
}

/* Whether any rule is placed in framework fw (chapter g, or any when g is NO_FW). */
static bool has_rules(const struct xw *x, size_t fw, size_t g)
{
	for (size_t i = 0; i < cca_catalog_nrules(x->cat); i++)
		if (x->place[i].fw == fw && (g == NO_FW || x->place[i].group == g))
			return true;
	return false;
}

/* Append the Group tree: frameworks, their chapters, Values, Rules. */
static void groups(struct xw *x, xmlNodePtr root)
{
	size_t nr = cca_catalog_nrules(x->cat);

	for (size_t f = 0; f < cca_catalog_nframeworks(x->cat); f++) {
		const struct cca_framework *fw = cca_catalog_framework(x->cat, f);
		char *id, *title, *text;
		xmlNodePtr fg;

		if (!has_rules(x, f, NO_FW))
			continue;
		id = group_id(fw, NO_FW);
		fg = el(x, root, "Group");
		at(fg, "id", id);
		free(id);
		title = framework_title(fw);
		el_text(x, fg, "title", title);
		text = cca_xasprintf("The rules whose first control in the preferred "
				     "framework (CSVS, then NIST SP 800-190, then the use "
				     "cases) belongs to %s, by chapter. Every control a rule "
				     "decides is listed in its references.", fw->title);
		description1(x, fg, text);
		reference(x, fg, fw, title);
		free(text);
		free(title);
		for (size_t g = 0; g < fw->ngroups; g++) {
			xmlNodePtr cg;

			if (!has_rules(x, f, g))
				continue;
			id = group_id(fw, g);
			cg = el(x, fg, "Group");
			at(cg, "id", id);
			free(id);
			title = cca_xasprintf("%s %s", fw->groups[g].id, fw->groups[g].title);
			el_text(x, cg, "title", title);
			free(title);
			for (size_t i = 0; i < nr; i++)
				if (placed_in(x, i, f, g))
					values(x, cg, cca_catalog_rule(x->cat, i));
			for (size_t i = 0; i < nr; i++)
				if (placed_in(x, i, f, g))
					rule(x, cg, i);
		}
	}
	for (size_t i = 0; i < nr; i++)
		if (x->place[i].fw == NO_FW)
			rule(x, root, i);
}

/* ---- scores ------------------------------------------------------------- */

/* One node of the default model: the weighted sum of scored children. */
struct acc {
	double sum;     /* sum of child score x child weight */
	double wsum;    /* sum of the weights of children with something scored */
	unsigned count; /* children with something scored */
};

/* Whether status s counts in a score, and whether it counts as passing. */
static bool scored(enum cca_status s, bool *passing)
{
	*passing = s == CCA_PASS || s == CCA_FIXED;
	return *passing || s == CCA_FAIL || s == CCA_ERROR || s == CCA_UNKNOWN;
}

/* Add a child with score s and weight w to a. */
static void acc_add(struct acc *a, double s, double w)
{
	a->sum += s * w;
	a->wsum += w;
	a->count++;
}

/* The score of node a: the weighted mean of its scored children, 0 when none. */
static double acc_score(const struct acc *a)
{
	return a->wsum > 0 ? a->sum / a->wsum : 0;
}

/* The four scores of a run. */
struct scores {
	double deflt;                /* default model, 0-100 */
	double flat, flat_max;
	double unweighted, unweighted_max;
	bool absolute;
};

/* Add rule i's result to the default-model node a and the flat sums of sc. */
static void score_rule(const struct xw *x, size_t i, struct acc *a, struct scores *sc)
{
	const struct cca_rule_result *rr = cca_eval_rule(x->ev, i);
	double w = severity_weight(cca_profile_severity(cca_eval_profile(x->ev), i));
	bool pass;

	if (!scored(rr->status, &pass))
		return;
	acc_add(a, pass ? 100 : 0, w);
	sc->flat_max += w;
	sc->unweighted_max += 1;
	if (pass) {
		sc->flat += w;
		sc->unweighted += 1;
	} else {
		sc->absolute = false;
	}
}

/*
 * The scores of the run over the Group tree the Benchmark writes: rules
 * weigh their effective severity's weight, Groups weigh 1 (the XCCDF
 * default), and a Group with nothing scored is left out of its parent.
 */
static struct scores compute_scores(const struct xw *x)
{
	struct scores sc = { 0, 0, 0, 0, 0, true };
	struct acc bench = { 0, 0, 0 };
	size_t nr = cca_catalog_nrules(x->cat);

	for (size_t f = 0; f < cca_catalog_nframeworks(x->cat); f++) {
		const struct cca_framework *fw = cca_catalog_framework(x->cat, f);
		struct acc fa = { 0, 0, 0 };

		for (size_t g = 0; g < fw->ngroups; g++) {
			struct acc ga = { 0, 0, 0 };

			for (size_t i = 0; i < nr; i++)
				if (placed_in(x, i, f, g))
					score_rule(x, i, &ga, &sc);
			if (ga.count)
				acc_add(&fa, acc_score(&ga), 1);
		}
		if (fa.count)
			acc_add(&bench, acc_score(&fa), 1);
	}
	for (size_t i = 0; i < nr; i++)
		if (x->place[i].fw == NO_FW)
			score_rule(x, i, &bench, &sc);
	sc.deflt = acc_score(&bench);
	return sc;
}

/* Append <score system=MODEL maximum=MAX>V</score> with places decimals. */
static void score(struct xw *x, xmlNodePtr tr, const char *model, double v,
		  double max, unsigned places)
{
	char sv[FIXED_MAX], sm[FIXED_MAX];
	xmlNodePtr n;

	fmt_fixed(v, places, sv);
	fmt_fixed(max, places, sm);
	n = el_text(x, tr, "score", sv);
	at(n, "system", model);
	at(n, "maximum", sm);
}

/* ---- the TestResult ----------------------------------------------------- */

/* Append <fact name=FACT_PREFIX name type=type>value</fact>; nothing for NULL. */
static void fact(struct xw *x, xmlNodePtr facts, const char *name, const char *type,
		 const char *value)
{
	char *uri;
	xmlNodePtr n;

	if (!value)
		return;
	uri = cca_xasprintf(FACT_PREFIX "%s", name);
	n = el_text(x, facts, "fact", value);
	at(n, "name", uri);
	at(n, "type", type);
	free(uri);
}

/* The role names of roles, space-separated (caller frees). */
static char *roles_text(unsigned roles)
{
	struct cca_buf b;

	cca_buf_init(&b);
	cca_roles_join(&b, roles, "none");
	return cca_buf_detach(&b);
}

/* Append the target facts of the run. */
static void target_facts(struct xw *x, xmlNodePtr tr)
{
	const struct cca_profile *p = cca_eval_profile(x->ev);
	xmlNodePtr facts = el(x, tr, "target-facts");
	char ts[21], buf[FIXED_MAX];
	char *roles = cca_profile_roles(p) == CCA_ROLE_ALL ? NULL
		      : roles_text(cca_profile_roles(p));

	cca_timestamp_format(cca_report_time(x->rep), ts);
	fact(x, facts, "target", "string", cca_report_target(x->rep));
	fact(x, facts, "ccaudit-version", "string", PACKAGE_VERSION);
	fact(x, facts, "catalog-version", "string", cca_catalog_version(x->cat));
	fact(x, facts, "profile", "string", cca_profile_name(p));
	fact(x, facts, "roles", "string", roles);
	fact(x, facts, "tailoring", "string", cca_profile_tailoring(p));
	fact(x, facts, "auditor", "string", cca_report_auditor(x->rep));
	fact(x, facts, "generated", "string", ts);
	snprintf(buf, sizeof buf, "%u", cca_eval_level_achieved(x->ev));
	fact(x, facts, "csvs-level-achieved", "number", buf);
	for (unsigned l = 1; l <= CCA_LEVEL_MAX; l++) {
		const struct cca_level_score *ls = cca_eval_level(x->ev, l);
		char name[32];
		double s;

		if (!ls || !cca_tally_score(&ls->controls, &s))
			continue;
		snprintf(name, sizeof name, "csvs-level-%u-score", l);
		fmt_fixed(s, 4, buf);
		fact(x, facts, name, "number", buf);
	}
	for (size_t i = 0; i < cca_report_ninputs(x->rep); i++) {
		const struct cca_inventory_item *e = cca_report_input(x->rep, i);
		char *name = cca_xasprintf("input:%s", e->kind);
		char *v = cca_xasprintf("%s (%llu bytes, sha256 %s)", e->path,
					(unsigned long long)e->size, e->sha256);

		fact(x, facts, name, "string", v);
		free(v);
		free(name);
	}
	free(roles);
}

/* Append a <set-value> for each parameter of a selected rule the profile changed. */
static void set_values(struct xw *x, xmlNodePtr tr)
{
	const struct cca_profile *p = cca_eval_profile(x->ev);

	for (size_t i = 0; i < cca_catalog_nrules(x->cat); i++) {
		const struct cca_rule *r = cca_catalog_rule(x->cat, i);

		if (!cca_profile_selected(p, i))
			continue;
		for (size_t k = 0; k < r->nparams; k++) {
			const char *v = cca_profile_param(p, i, r->params[k].name);
			char *name, *id;
			xmlNodePtr n;

			if (!v || cca_streq(v, r->params[k].value))
				continue;
			name = cca_xasprintf("%s.%s", r->id, r->params[k].name);
			id = xid("value", name);
			n = el_text(x, tr, "set-value", v);
			at(n, "idref", id);
			free(id);
			free(name);
		}
	}
}

/* Append <message severity=sev>text</message>. */
static void message(struct xw *x, xmlNodePtr rr, const char *sev, const char *text)
{
	at(el_text(x, rr, "message", text), "severity", sev);
}

/* The message severity that goes with a status. */
static const char *message_severity(enum cca_status s)
{
	switch (s) {
	case CCA_FAIL:
	case CCA_ERROR:
		return "error";
	case CCA_UNKNOWN:
	case CCA_NOTCHECKED:
		return "warning";
	default:
		return "info";
	}
}

/* Append b's text "YYYY-MM-DD" for days, "never" for CCA_NEVER. */
static void put_day(struct cca_buf *b, int64_t days)
{
	char d[11];

	if (days == CCA_NEVER) {
		cca_buf_puts(b, "never");
		return;
	}
	cca_date_format(days, d);
	cca_buf_puts(b, d);
}

/* Append the attestation of rule result rr as a message, if it has one. */
static void attestation_message(struct xw *x, xmlNodePtr n, const struct cca_rule_result *rr)
{
	const struct cca_attestation *a = rr->attestation;
	struct cca_buf b;

	if (!a)
		return;
	cca_buf_init(&b);
	cca_buf_printf(&b, "attestation: %s by %s on ", cca_status_name(a->status), a->by);
	put_day(&b, a->date);
	cca_buf_puts(&b, rr->attestation_expired ? ", expired on " : ", expires ");
	put_day(&b, a->expires);
	if (a->note)
		cca_buf_printf(&b, "; note: %s", a->note);
	if (a->evidence)
		cca_buf_printf(&b, "; evidence: %s", a->evidence);
	cca_buf_printf(&b, " (%s:%u)", a->file ? a->file : "", a->line);
	message(x, n, rr->attestation_expired ? "warning" : "info", cca_buf_str(&b));
	cca_buf_release(&b);
}

/* Append finding f as a message: status, location, target if not the run's, text, suppression. */
static void finding_message(struct xw *x, xmlNodePtr n, const struct cca_finding *f)
{
	struct cca_buf b;

	cca_buf_init(&b);
	cca_buf_printf(&b, "%s at %s", cca_status_name(f->status),
		       f->location && *f->location ? f->location : "(no location)");
	if (f->target && !cca_streq(f->target, cca_report_target(x->rep)))
		cca_buf_printf(&b, " on %s", f->target);
	cca_buf_printf(&b, ": %s", f->message ? f->message : "");
	if (f->suppression) {
		cca_buf_printf(&b, "; %s by %s, ", f->waived ? "waived" : "suppression",
			       f->suppression->by);
		cca_buf_puts(&b, f->suppression_expired ? "expired on " : "until ");
		put_day(&b, f->suppression->expires);
		cca_buf_printf(&b, ": %s", f->suppression->reason);
	}
	message(x, n, f->waived ? "info" : message_severity(f->status), cca_buf_str(&b));
	cca_buf_release(&b);
}

/*
 * The remark of waiver w: its reason, its expiry ("expired on" when
 * expired) and where it was written (caller frees).
 */
static char *waiver_remark(const struct cca_waiver *w, bool expired)
{
	struct cca_buf b;

	cca_buf_init(&b);
	cca_buf_printf(&b, "%s; %s ", w->reason ? w->reason : "",
		       expired ? "expired on" : "expires");
	put_day(&b, w->expires);
	cca_buf_printf(&b, "; %s:%u", w->file ? w->file : "", w->line);
	return cca_buf_detach(&b);
}

/*
 * Append the override of a waived failure: time the waiver's date (the
 * report time when it has none), authority who waived it, old-result the
 * observed status, new-result the effective one.
 */
static void override(struct xw *x, xmlNodePtr n, const struct cca_rule_result *rr)
{
	const struct cca_waiver *w = rr->waiver;
	xmlNodePtr o = el(x, n, "override");
	char t[21], *remark = waiver_remark(w, false);

	if (w->date == CCA_NO_DATE || w->date == CCA_NEVER)
		cca_timestamp_format(cca_report_time(x->rep), t);
	else
		fmt_day(w->date, t);
	at(o, "time", t);
	at(o, "authority", w->by ? w->by : "");
	el_text(x, o, "old-result", cca_status_name(rr->observed));
	el_text(x, o, "new-result", cca_status_name(rr->status));
	el_text(x, o, "remark", remark);
	free(remark);
}

/* Append the rule-result of catalog rule i. */
static void rule_result(struct xw *x, xmlNodePtr tr, size_t i)
{
	const struct cca_rule *r = cca_catalog_rule(x->cat, i);
	const struct cca_rule_result *rr = cca_eval_rule(x->ev, i);
	enum cca_severity sev = cca_profile_severity(cca_eval_profile(x->ev), i);
	char *id = xid("rule", r->id);
	xmlNodePtr n = el(x, tr, "rule-result");

	at(n, "idref", id);
	at(n, "severity", xccdf_severity(sev));
	at_weight(n, sev);
	free(id);
	el_text(x, n, "result", cca_status_name(rr->status));
	if (rr->waived && rr->waiver && rr->observed != rr->status)
		override(x, n, rr);
	message(x, n, message_severity(rr->status), rr->message ? rr->message : "");
	attestation_message(x, n, rr);
	for (size_t k = 0; k < rr->nfindings; k++)
		finding_message(x, n, cca_eval_finding(x->ev, rr->first_finding + k));
	if (rr->waiver && rr->waiver_expired) {
		char *remark = waiver_remark(rr->waiver, true), *text;

		text = cca_xasprintf("expired waiver by %s: %s", rr->waiver->by, remark);
		message(x, n, "warning", text);
		free(text);
		free(remark);
	}
	check(x, n, r, false);
}

/* The TestResult id for target: unsafe characters become '_' (caller frees). */
static char *testresult_id(const char *target)
{
	char *id = xid("testresult", target && *target ? target : "unnamed");

	for (char *p = id + strlen(ID_PREFIX "testresult_"); *p; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		      (*p >= '0' && *p <= '9') || *p == '.' || *p == '-' || *p == '_'))
			*p = '_';
	return id;
}

/* Append the TestResult of the run. */
static void test_result(struct xw *x, xmlNodePtr root, const char *version)
{
	const struct cca_profile *p = cca_eval_profile(x->ev);
	const char *auditor = cca_report_auditor(x->rep);
	char ts[21], *id = testresult_id(cca_report_target(x->rep)), *text;
	xmlNodePtr tr = el(x, root, "TestResult"), n;
	struct scores sc;

	cca_timestamp_format(cca_report_time(x->rep), ts);
	at(tr, "id", id);
	at(tr, "start-time", ts);
	at(tr, "end-time", ts);
	at(tr, "test-system", TEST_SYSTEM);
	at(tr, "version", version);
	free(id);
	text = cca_xasprintf("ccaudit audit of %s", cca_report_target(x->rep));
	el_text(x, tr, "title", text);
	free(text);
	if (cca_profile_roles(p) != CCA_ROLE_ALL) {
		char *roles = roles_text(cca_profile_roles(p));

		text = cca_xasprintf("The profile is narrowed to the rules owned by: %s.", roles);
		el_text(x, tr, "remark", text);
		free(text);
		free(roles);
	}
	if (cca_profile_tailoring(p)) {
		text = cca_xasprintf("The profile is tailored: %s.", cca_profile_tailoring(p));
		el_text(x, tr, "remark", text);
		free(text);
	}
	if (auditor) {
		n = el_text(x, tr, "identity", auditor);
		at(n, "authenticated", "false");
		at(n, "privileged", "false");
	}
	id = xid("profile", cca_profile_name(p));
	at(el(x, tr, "profile"), "idref", id);
	free(id);
	el_text(x, tr, "target", cca_report_target(x->rep));
	target_facts(x, tr);
	set_values(x, tr);
	for (size_t i = 0; i < cca_catalog_nrules(x->cat); i++)
		rule_result(x, tr, i);
	sc = compute_scores(x);
	score(x, tr, MODEL_DEFAULT, sc.deflt, 100, 4);
	score(x, tr, MODEL_FLAT, sc.flat, sc.flat_max, 4);
	score(x, tr, MODEL_FLAT_UNWEIGHTED, sc.unweighted, sc.unweighted_max, 4);
	score(x, tr, MODEL_ABSOLUTE, sc.absolute ? 1 : 0, 1, 0);
}

/* ---- the document -------------------------------------------------------- */

/* The Benchmark's description, a paragraph each. */
static const char *const bench_description[] = {
	"Container security requirements evaluated by ccaudit: the OWASP "
	"Container Security Verification Standard, the countermeasures of "
	"NIST SP 800-190 and the container image audit use cases A1-D2, "
	"decided by rules that check Dockerfiles, images and configuration "
	"automatically or that a person attests.",
	"Each rule sits in one Group: the chapter of the first CSVS requirement "
	"it decides, else the NIST SP 800-190 area of its first countermeasure, "
	"else the phase of its first use case. Every control a rule decides is "
	"one of its references and idents (system urn:ccaudit:control).",
	"Severity: XCCDF has no critical, so critical rules are given as high; "
	"weights are info 1, low 2, medium 4, high 8, critical 16. A waived "
	"failure is shown as an override of the rule result (old result fail, "
	"new result pass) by the person or comment that waived it."
};

/*
 * Build the Benchmark of x->cat into x->doc (and the TestResult when x->ev
 * is set).  Fails with CCA_EINTERNAL when a built-in profile cannot be
 * made; x->doc and x->place are then still set for the caller to free.
 */
static int benchmark(struct xw *x, struct cca_error *err)
{
	static const char *const models[] = {
		MODEL_DEFAULT, MODEL_FLAT, MODEL_FLAT_UNWEIGHTED, MODEL_ABSOLUTE
	};
	char *cid, *version, *id, *text;
	xmlNodePtr root;
	int rc = -1;

	catalog_id_version(x->cat, &cid, &version);
	x->doc = xmlNewDoc(BAD_CAST "1.0");
	root = xmlNewNode(NULL, BAD_CAST "Benchmark");
	xmlDocSetRootElement(x->doc, root);
	x->ns = xmlNewNs(root, BAD_CAST XCCDF12_NS, NULL);
	x->dc = xmlNewNs(root, BAD_CAST DC_NS, BAD_CAST "dc");
	x->xhtml = xmlNewNs(root, BAD_CAST XHTML_NS, BAD_CAST "xhtml");
	xmlSetNs(root, x->ns);
	id = xid("benchmark", cid);
	at(root, "id", id);
	free(id);
	xmlNodeSetLang(root, BAD_CAST "en");
	x->place = place_rules(x->cat);

	el_text(x, root, "status", "accepted");
	text = cca_xasprintf("ccaudit container security catalog %s", version);
	el_text(x, root, "title", text);
	free(text);
	description(x, root, bench_description, CCA_ARRAY_SIZE(bench_description));
	for (size_t f = 0; f < cca_catalog_nframeworks(x->cat); f++) {
		const struct cca_framework *fw = cca_catalog_framework(x->cat, f);

		text = framework_title(fw);
		reference(x, root, fw, text);
		free(text);
	}
	el_text(x, root, "version", version);
	metadata(x, root);
	for (size_t i = 0; i < CCA_ARRAY_SIZE(models); i++)
		at(el(x, root, "model"), "system", models[i]);
	if (profiles(x, root, err) < 0)
		goto out;
	for (size_t i = 0; i < cca_catalog_nrules(x->cat); i++)
		if (x->place[i].fw == NO_FW)
			values(x, root, cca_catalog_rule(x->cat, i));
	groups(x, root);
	if (x->ev)
		test_result(x, root, version);
	rc = 0;
out:
	free(cid);
	free(version);
	return rc;
}

/*
 * Build and serialise the document for cat (with the run of rep when not
 * NULL), indented, as UTF-8, appended to out.
 */
static int render(const struct cca_catalog *cat, const struct cca_report *rep,
		  struct cca_buf *out, struct cca_error *err)
{
	struct xw x = { 0 };
	xmlBufferPtr buf = NULL;
	xmlSaveCtxtPtr save;
	int rc = -1;

	xmlInitParser();
	x.cat = cat;
	x.rep = rep;
	x.ev = rep ? cca_report_eval(rep) : NULL;
	if (benchmark(&x, err) < 0)
		goto out;
	buf = xmlBufferCreate();
	if (!x.doc || !buf) {
		cca_error_set(err, CCA_EINTERNAL, "cannot build the xccdf document: out of memory");
		goto out;
	}
	save = xmlSaveToBuffer(buf, "UTF-8", XML_SAVE_FORMAT);
	if (!save || xmlSaveDoc(save, x.doc) < 0) {
		if (save)
			xmlSaveClose(save);
		cca_error_set(err, CCA_EINTERNAL, "cannot serialize the xccdf document");
		goto out;
	}
	xmlSaveClose(save);
	cca_buf_add(out, xmlBufferContent(buf), (size_t)xmlBufferLength(buf));
	rc = 0;
out:
	if (buf)
		xmlBufferFree(buf);
	xmlFreeDoc(x.doc);
	free(x.place);
	return rc;
}

/* The Benchmark with the run of r as its TestResult (contract in report.h). */
int cca_report_xccdf(const struct cca_report *r, const struct cca_render_opts *o,
		     struct cca_buf *out, struct cca_error *err)
{
	(void)o;
	return render(cca_eval_catalog(cca_report_eval(r)), r, out, err);
}

/* The Benchmark of cat alone (contract in report.h). */
int cca_catalog_xccdf(const struct cca_catalog *cat, const struct cca_render_opts *o,
		      struct cca_buf *out, struct cca_error *err)
{
	(void)o;
	return render(cat, NULL, out, err);
}
