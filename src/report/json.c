/*
 * json.c - the JSON report (catalogs/report.schema.json).  Stable: rules and
 * controls in catalog order, findings in engine order, keys in a fixed
 * order, scores rounded to 4 decimals, timestamps from SOURCE_DATE_EPOCH.
 */
#include <math.h>
#include <stdlib.h>

#include <jansson.h>

#include "config.h"
#include "ccaudit/report.h"

#define REPORT_FORMAT_VERSION 1

/* A JSON string of s; bytes that are not valid UTF-8 become U+FFFD. */
static json_t *jstr(const char *s)
{
	json_t *v = json_string(s);
	char *fixed;

	if (v)
		return v;
	fixed = cca_utf8_repair(s);
	v = json_string(fixed);
	free(fixed);
	return v;
}

static json_t *str_or_null(const char *s)
{
	return s ? jstr(s) : json_null();
}

static json_t *date_or_null(int64_t days)
{
	char d[11];

	if (days == CCA_NO_DATE || days == CCA_NEVER)
		return json_null();
	cca_date_format(days, d);
	return jstr(d);
}

static json_t *roles_array(unsigned roles)
{
	json_t *a = json_array();

	for (size_t i = 0; i < CCA_ROLE_COUNT; i++)
		if (roles & cca_role_at(i))
			json_array_append_new(a, jstr(cca_role_name(cca_role_at(i))));
	return a;
}

static json_t *tally_object(const struct cca_tally *t)
{
	json_t *o = json_object();

	for (int i = 0; i < CCA_RU_COUNT; i++)
		json_object_set_new(o, cca_rollup_name((enum cca_rollup)i),
				    json_integer(t->n[i]));
	return o;
}

static json_t *score_value(const struct cca_tally *t)
{
	double s;

	if (!cca_tally_score(t, &s))
		return json_null();
	return json_real(round(s * 10000.0) / 10000.0);
}

static json_t *attestation_object(const struct cca_rule_result *rr)
{
	const struct cca_attestation *a = rr->attestation;
	json_t *o;

	if (!a)
		return json_null();
	o = json_object();
	json_object_set_new(o, "status", jstr(cca_status_name(a->status)));
	json_object_set_new(o, "by", jstr(a->by));
	json_object_set_new(o, "date", date_or_null(a->date));
	json_object_set_new(o, "expires", date_or_null(a->expires));
	json_object_set_new(o, "expired", json_boolean(rr->attestation_expired));
	json_object_set_new(o, "note", str_or_null(a->note));
	json_object_set_new(o, "evidence", str_or_null(a->evidence));
	json_object_set_new(o, "source", json_sprintf("%s:%u", a->file, a->line));
	return o;
}

/* A waiver (rule-level or a suppression in the evidence), or null. */
static json_t *waiver_json(const struct cca_waiver *w, bool expired)
{
	json_t *o;

	if (!w)
		return json_null();
	o = json_object();
	json_object_set_new(o, "by", jstr(w->by));
	json_object_set_new(o, "reason", jstr(w->reason));
	json_object_set_new(o, "target", str_or_null(w->target));
	json_object_set_new(o, "date", date_or_null(w->date));
	json_object_set_new(o, "expires", date_or_null(w->expires));
	json_object_set_new(o, "expired", json_boolean(expired));
	json_object_set_new(o, "source", json_sprintf("%s:%u", w->file, w->line));
	return o;
}

static json_t *rules_array(const struct cca_eval *ev)
{
	const struct cca_catalog *cat = cca_eval_catalog(ev);
	const struct cca_profile *p = cca_eval_profile(ev);
	json_t *a = json_array();

	for (size_t i = 0; i < cca_catalog_nrules(cat); i++) {
		const struct cca_rule *r = cca_catalog_rule(cat, i);
		const struct cca_rule_result *rr = cca_eval_rule(ev, i);
		json_t *o = json_object(), *maps = json_array(), *fs = json_array();

		for (size_t k = 0; k < r->ncontrols; k++)
			json_array_append_new(maps, jstr(
				cca_catalog_control(cat, r->controls[k])->id));
		for (size_t k = 0; k < rr->nfindings; k++) {
			const struct cca_finding *f = cca_eval_finding(ev, rr->first_finding + k);
			json_t *fo = json_object();

			json_object_set_new(fo, "status", jstr(cca_status_name(f->status)));
			json_object_set_new(fo, "target", jstr(f->target));
			json_object_set_new(fo, "location", jstr(f->location));
			json_object_set_new(fo, "message", jstr(f->message));
			json_object_set_new(fo, "fingerprint", jstr(f->fingerprint));
			json_object_set_new(fo, "waived", json_boolean(f->waived));
			json_object_set_new(fo, "suppression", waiver_json(f->suppression,
					    f->suppression && !f->waived &&
					    f->status == CCA_FAIL));
			json_array_append_new(fs, fo);
		}
		json_object_set_new(o, "id", jstr(r->id));
		json_object_set_new(o, "title", jstr(r->title));
		json_object_set_new(o, "status", jstr(cca_status_name(rr->status)));
		json_object_set_new(o, "observed", jstr(cca_status_name(rr->observed)));
		json_object_set_new(o, "waived", json_boolean(rr->waived));
		json_object_set_new(o, "severity", jstr(cca_severity_name(cca_profile_severity(p, i))));
		json_object_set_new(o, "kind", jstr(r->manual ? "manual" : "automated"));
		json_object_set_new(o, "check", str_or_null(r->check));
		json_object_set_new(o, "roles", roles_array(r->roles));
		json_object_set_new(o, "controls", maps);
		json_object_set_new(o, "message", jstr(rr->message));
		json_object_set_new(o, "remediation", jstr(r->remediation));
		json_object_set_new(o, "attestation", attestation_object(rr));
		json_object_set_new(o, "waiver", waiver_json(rr->waiver, rr->waiver_expired));
		json_object_set_new(o, "findings", fs);
		json_array_append_new(a, o);
	}
	return a;
}

static json_t *controls_array(const struct cca_eval *ev)
{
	const struct cca_catalog *cat = cca_eval_catalog(ev);
	json_t *a = json_array();

	for (size_t i = 0; i < cca_catalog_ncontrols(cat); i++) {
		const struct cca_control *c = cca_catalog_control(cat, i);
		const struct cca_control_result *cr = cca_eval_control(ev, i);
		json_t *o = json_object(), *levels = json_array(), *rules = json_array();

		for (unsigned l = 1; l <= CCA_LEVEL_MAX; l++)
			if (c->levels & CCA_LEVEL_BIT(l))
				json_array_append_new(levels, json_integer(l));
		for (size_t k = 0; k < c->nrules; k++)
			json_array_append_new(rules, jstr(
				cca_catalog_rule(cat, c->rules[k])->id));
		json_object_set_new(o, "id", jstr(c->id));
		json_object_set_new(o, "framework", jstr(cca_control_framework(cat, c)->id));
		json_object_set_new(o, "ref", jstr(c->ref));
		json_object_set_new(o, "title", jstr(c->title));
		json_object_set_new(o, "levels", levels);
		json_object_set_new(o, "roles", roles_array(c->roles));
		json_object_set_new(o, "status", jstr(cca_rollup_name(cr->status)));
		json_object_set_new(o, "score", score_value(&cr->rules));
		json_object_set_new(o, "rule_counts", tally_object(&cr->rules));
		json_object_set_new(o, "rules", rules);
		json_array_append_new(a, o);
	}
	return a;
}

static json_t *summary_object(const struct cca_eval *ev)
{
	const struct cca_catalog *cat = cca_eval_catalog(ev);
	json_t *o = json_object(), *levels = json_array(), *roles = json_array();
	json_t *fws = json_array(), *statuses = json_object();
	unsigned counts[CCA_STATUS_COUNT] = { 0 };

	for (unsigned l = 1; l <= CCA_LEVEL_MAX; l++) {
		const struct cca_level_score *ls = cca_eval_level(ev, l);
		json_t *lo = json_object();

		json_object_set_new(lo, "level", json_integer(l));
		json_object_set_new(lo, "score", score_value(&ls->controls));
		json_object_set_new(lo, "met", json_boolean(ls->met));
		json_object_set_new(lo, "requirements", tally_object(&ls->controls));
		json_array_append_new(levels, lo);
	}
	for (size_t i = 0; i < CCA_ROLE_COUNT; i++) {
		struct cca_tally t = cca_eval_role(ev, cca_role_at(i));
		json_t *ro = json_object();

		json_object_set_new(ro, "role", jstr(cca_role_name(cca_role_at(i))));
		json_object_set_new(ro, "score", score_value(&t));
		json_object_set_new(ro, "rules", tally_object(&t));
		json_array_append_new(roles, ro);
	}
	for (size_t i = 0; i < cca_catalog_nframeworks(cat); i++) {
		struct cca_tally t = cca_eval_framework(ev, i);
		json_t *fo = json_object();

		json_object_set_new(fo, "id", jstr(cca_catalog_framework(cat, i)->id));
		json_object_set_new(fo, "title", jstr(cca_catalog_framework(cat, i)->title));
		json_object_set_new(fo, "score", score_value(&t));
		json_object_set_new(fo, "controls", tally_object(&t));
		json_array_append_new(fws, fo);
	}
	for (size_t i = 0; i < cca_catalog_nrules(cat); i++)
		counts[cca_eval_rule(ev, i)->status]++;
	for (int s = 0; s < CCA_STATUS_COUNT; s++)
		json_object_set_new(statuses, cca_status_name((enum cca_status)s),
				    json_integer(counts[s]));
	json_object_set_new(o, "level_achieved", json_integer(cca_eval_level_achieved(ev)));
	json_object_set_new(o, "levels", levels);
	json_object_set_new(o, "rules", statuses);
	json_object_set_new(o, "roles", roles);
	json_object_set_new(o, "frameworks", fws);
	return o;
}

int cca_report_json(const struct cca_report *r, struct cca_buf *out,
		    struct cca_error *err)
{
	const struct cca_eval *ev = cca_report_eval(r);
	const struct cca_profile *p = cca_eval_profile(ev);
	json_t *doc = json_object(), *tool = json_object(), *prof = json_object();
	json_t *run = json_object(), *evid = json_array();
	char ts[21], *text;

	cca_timestamp_format(cca_report_time(r), ts);
	json_object_set_new(tool, "name", jstr(PACKAGE_NAME));
	json_object_set_new(tool, "version", jstr(PACKAGE_VERSION));
	json_object_set_new(tool, "format", json_integer(REPORT_FORMAT_VERSION));
	json_object_set_new(run, "target", jstr(cca_report_target(r)));
	json_object_set_new(run, "generated", jstr(ts));
	json_object_set_new(run, "catalog", jstr(cca_catalog_version(cca_eval_catalog(ev))));
	json_object_set_new(prof, "id", jstr(cca_profile_name(p)));
	json_object_set_new(prof, "level", json_integer(cca_profile_level(p)));
	json_object_set_new(prof, "roles", roles_array(cca_profile_roles(p)));
	json_object_set_new(prof, "tailoring", str_or_null(cca_profile_tailoring(p)));
	for (size_t i = 0; i < cca_report_ninputs(r); i++) {
		const struct cca_inventory_item *e = cca_report_input(r, i);
		json_t *o = json_object();

		json_object_set_new(o, "kind", jstr(e->kind));
		json_object_set_new(o, "path", jstr(e->path));
		json_object_set_new(o, "size", json_integer((json_int_t)e->size));
		json_object_set_new(o, "sha256", jstr(e->sha256));
		json_array_append_new(evid, o);
	}
	json_object_set_new(doc, "tool", tool);
	json_object_set_new(doc, "run", run);
	json_object_set_new(doc, "profile", prof);
	json_object_set_new(doc, "evidence", evid);
	json_object_set_new(doc, "summary", summary_object(ev));
	json_object_set_new(doc, "controls", controls_array(ev));
	json_object_set_new(doc, "rules", rules_array(ev));
	text = json_dumps(doc, JSON_INDENT(2) | JSON_PRESERVE_ORDER |
			  JSON_REAL_PRECISION(6) | JSON_ENSURE_ASCII);
	json_decref(doc);
	if (!text)
		return cca_error_set(err, CCA_EINTERNAL,
				     "cannot encode the report as JSON (invalid UTF-8 in a string?)");
	cca_buf_puts(out, text);
	cca_buf_putc(out, '\n');
	free(text);
	return 0;
}
