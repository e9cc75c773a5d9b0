/*
 * json.c - the JSON report (catalogs/report.schema.json).  Stable: rules and
 * controls in catalog order, findings in engine order, keys in a fixed
 * order, scores rounded to 4 decimals, timestamps from SOURCE_DATE_EPOCH.
 * Written as a stream (jsonw.h): a large audit never holds the document
 * twice.
 *
 * History (filled by the store when the run is saved) appears only when
 * known, so an unsaved run writes exactly what it did before there was a
 * store: run.id for a saved run; per finding "lifecycle", "owner",
 * "owner_role" and "due", each when the store knows it; and the top-level
 * "fixed" and "trend" arrays (both, possibly empty) when the run carries
 * any history.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "config.h"
#include "ccaudit/report.h"
#include "jsonw.h"

#define REPORT_FORMAT_VERSION 1

/*
 * Every member name of the report is spelled by this file (or is a status,
 * rollup or role name): nothing to escape, so names go through key(),
 * and the helpers are inline for the compiler to count their letters.
 */
static inline void key(struct jw *w, const char *name)
{
	jw_key_plain(w, name, strlen(name));
}

/* "key": "value" (null when value is NULL). */
static inline void kv_str(struct jw *w, const char *name, const char *value)
{
	key(w, name);
	jw_string(w, value);
}

static inline void kv_int(struct jw *w, const char *name, long long value)
{
	key(w, name);
	jw_int(w, value);
}

static inline void kv_bool(struct jw *w, const char *name, bool value)
{
	key(w, name);
	jw_bool(w, value);
}

/* "key": "YYYY-MM-DD", or null for no date and for never. */
static inline void kv_date(struct jw *w, const char *name, int64_t days)
{
	char d[11];

	key(w, name);
	if (days == CCA_NO_DATE || days == CCA_NEVER) {
		jw_null(w);
		return;
	}
	cca_date_format(days, d);
	jw_string(w, d);
}

/* "key": "FILE:LINE" */
static inline void kv_source(struct jw *w, const char *name, const char *file, unsigned line)
{
	char *s = cca_xasprintf("%s:%u", file, line);

	kv_str(w, name, s);
	free(s);
}

static inline void kv_roles(struct jw *w, const char *name, unsigned roles)
{
	key(w, name);
	jw_array(w);
	for (size_t i = 0; i < CCA_ROLE_COUNT; i++)
		if (roles & cca_role_at(i))
			jw_string(w, cca_role_name(cca_role_at(i)));
	jw_array_end(w);
}

static inline void kv_tally(struct jw *w, const char *name, const struct cca_tally *t)
{
	key(w, name);
	jw_object(w);
	for (int i = 0; i < CCA_RU_COUNT; i++)
		kv_int(w, cca_rollup_name((enum cca_rollup)i), t->n[i]);
	jw_object_end(w);
}

/* "key": score of t rounded to 4 decimals, or null when nothing is scored. */
static inline void kv_score(struct jw *w, const char *name, const struct cca_tally *t)
{
	double s;

	key(w, name);
	if (!cca_tally_score(t, &s))
		jw_null(w);
	else
		jw_real(w, round(s * 10000.0) / 10000.0);
}

static void attestation(struct jw *w, const struct cca_rule_result *rr)
{
	const struct cca_attestation *a = rr->attestation;

	key(w, "attestation");
	if (!a) {
		jw_null(w);
		return;
	}
	jw_object(w);
	kv_str(w, "status", cca_status_name(a->status));
	kv_str(w, "by", a->by);
	kv_date(w, "date", a->date);
	kv_date(w, "expires", a->expires);
	kv_bool(w, "expired", rr->attestation_expired);
	kv_str(w, "note", a->note);
	kv_str(w, "evidence", a->evidence);
	kv_source(w, "source", a->file, a->line);
	jw_object_end(w);
}

/* A waiver (rule-level or a suppression in the evidence), or null. */
static void waiver(struct jw *w, const char *name, const struct cca_waiver *wv, bool expired)
{
	key(w, name);
	if (!wv) {
		jw_null(w);
		return;
	}
	jw_object(w);
	kv_str(w, "by", wv->by);
	kv_str(w, "reason", wv->reason);
	kv_str(w, "target", wv->target);
	kv_date(w, "date", wv->date);
	kv_date(w, "expires", wv->expires);
	kv_bool(w, "expired", expired);
	kv_source(w, "source", wv->file, wv->line);
	jw_object_end(w);
}

/*
 * What the store knows of finding i, each key only when known: "lifecycle"
 * when the finding is tracked, "owner" and "owner_role" when it is
 * assigned, "due" when it has a due date.  Nothing for an unsaved run.
 */
static void track(struct jw *w, const struct cca_report *r, size_t i)
{
	const struct cca_finding_track *t = cca_report_track(r, i);

	if (t->lifecycle != CCA_LC_UNTRACKED)
		kv_str(w, "lifecycle", cca_lifecycle_name(t->lifecycle));
	if (t->owner && *t->owner)
		kv_str(w, "owner", t->owner);
	if (t->role && *t->role)
		kv_str(w, "owner_role", t->role);
	if (t->due != CCA_NO_DATE && t->due != CCA_NEVER)
		kv_date(w, "due", t->due);
}

/* Finding i of the evaluation, with its track. */
static void finding(struct jw *w, const struct cca_report *r, size_t i)
{
	const struct cca_finding *f = cca_eval_finding(cca_report_eval(r), i);

	jw_object(w);
	kv_str(w, "status", cca_status_name(f->status));
	kv_str(w, "target", f->target);
	kv_str(w, "location", f->location);
	kv_str(w, "message", f->message);
	kv_str(w, "fingerprint", f->fingerprint);
	kv_bool(w, "waived", f->waived);
	waiver(w, "suppression", f->suppression, f->suppression_expired);
	track(w, r, i);
	jw_object_end(w);
}

/* Rule i with its findings, as an element of the rules array. */
static void rule(struct jw *w, const struct cca_report *r, size_t i)
{
	const struct cca_eval *ev = cca_report_eval(r);
	const struct cca_catalog *cat = cca_eval_catalog(ev);
	const struct cca_rule *rule = cca_catalog_rule(cat, i);
	const struct cca_rule_result *rr = cca_eval_rule(ev, i);

	jw_object(w);
	kv_str(w, "id", rule->id);
	kv_str(w, "title", rule->title);
	kv_str(w, "status", cca_status_name(rr->status));
	kv_str(w, "observed", cca_status_name(rr->observed));
	kv_bool(w, "waived", rr->waived);
	kv_str(w, "severity", cca_severity_name(cca_profile_severity(cca_eval_profile(ev), i)));
	kv_str(w, "kind", rule->manual ? "manual" : "automated");
	kv_str(w, "check", rule->check);
	kv_roles(w, "roles", rule->roles);
	key(w, "controls");
	jw_array(w);
	for (size_t k = 0; k < rule->ncontrols; k++)
		jw_string(w, cca_catalog_control(cat, rule->controls[k])->id);
	jw_array_end(w);
	kv_str(w, "message", rr->message);
	kv_str(w, "remediation", rule->remediation);
	attestation(w, rr);
	waiver(w, "waiver", rr->waiver, rr->waiver_expired);
	key(w, "findings");
	jw_array(w);
	for (size_t k = 0; k < rr->nfindings; k++)
		finding(w, r, rr->first_finding + k);
	jw_array_end(w);
	jw_object_end(w);
}

/* What the JSON written so far reaches before it goes to the sink. */
#define JSON_FLUSH_BYTES (64u * 1024)

/* The rules array, in catalog order, handed to the sink (if any) as it
 * grows.  Returns 0, or -1 with err set by the sink. */
static int rules(struct jw *w, const struct cca_report *r, const struct cca_render_opts *o,
		 struct cca_error *err)
{
	size_t n = cca_catalog_nrules(cca_eval_catalog(cca_report_eval(r)));
	struct cca_buf *out = w->out;

	key(w, "rules");
	jw_array(w);
	for (size_t i = 0; i < n; i++) {
		rule(w, r, i);
		if (o && o->sink && out->len >= JSON_FLUSH_BYTES) {
			if (o->sink(o->sink_arg, out->data, out->len, err) < 0)
				return -1;
			cca_buf_reset(out);
		}
	}
	jw_array_end(w);
	return 0;
}

static void controls(struct jw *w, const struct cca_eval *ev)
{
	const struct cca_catalog *cat = cca_eval_catalog(ev);

	key(w, "controls");
	jw_array(w);
	for (size_t i = 0; i < cca_catalog_ncontrols(cat); i++) {
		const struct cca_control *c = cca_catalog_control(cat, i);
		const struct cca_control_result *cr = cca_eval_control(ev, i);

		jw_object(w);
		kv_str(w, "id", c->id);
		kv_str(w, "framework", cca_control_framework(cat, c)->id);
		kv_str(w, "ref", c->ref);
		kv_str(w, "title", c->title);
		key(w, "levels");
		jw_array(w);
		for (unsigned l = 1; l <= CCA_LEVEL_MAX; l++)
			if (c->levels & CCA_LEVEL_BIT(l))
				jw_int(w, l);
		jw_array_end(w);
		kv_roles(w, "roles", c->roles);
		kv_str(w, "status", cca_rollup_name(cr->status));
		kv_score(w, "score", &cr->rules);
		kv_tally(w, "rule_counts", &cr->rules);
		key(w, "rules");
		jw_array(w);
		for (size_t k = 0; k < c->nrules; k++)
			jw_string(w, cca_catalog_rule(cat, c->rules[k])->id);
		jw_array_end(w);
		jw_object_end(w);
	}
	jw_array_end(w);
}

static void summary(struct jw *w, const struct cca_eval *ev)
{
	const struct cca_catalog *cat = cca_eval_catalog(ev);
	unsigned counts[CCA_STATUS_COUNT] = { 0 };

	key(w, "summary");
	jw_object(w);
	kv_int(w, "level_achieved", cca_eval_level_achieved(ev));
	key(w, "levels");
	jw_array(w);
	for (unsigned l = 1; l <= CCA_LEVEL_MAX; l++) {
		const struct cca_level_score *ls = cca_eval_level(ev, l);

		jw_object(w);
		kv_int(w, "level", l);
		kv_score(w, "score", &ls->controls);
		kv_bool(w, "met", ls->met);
		kv_tally(w, "requirements", &ls->controls);
		jw_object_end(w);
	}
	jw_array_end(w);
	for (size_t i = 0; i < cca_catalog_nrules(cat); i++)
		counts[cca_eval_rule(ev, i)->status]++;
	key(w, "rules");
	jw_object(w);
	for (int s = 0; s < CCA_STATUS_COUNT; s++)
		kv_int(w, cca_status_name((enum cca_status)s), counts[s]);
	jw_object_end(w);
	key(w, "roles");
	jw_array(w);
	for (size_t i = 0; i < CCA_ROLE_COUNT; i++) {
		struct cca_tally t = cca_eval_role(ev, cca_role_at(i));

		jw_object(w);
		kv_str(w, "role", cca_role_name(cca_role_at(i)));
		kv_score(w, "score", &t);
		kv_tally(w, "rules", &t);
		jw_object_end(w);
	}
	jw_array_end(w);
	key(w, "frameworks");
	jw_array(w);
	for (size_t i = 0; i < cca_catalog_nframeworks(cat); i++) {
		struct cca_tally t = cca_eval_framework(ev, i);

		jw_object(w);
		kv_str(w, "id", cca_catalog_framework(cat, i)->id);
		kv_str(w, "title", cca_catalog_framework(cat, i)->title);
		kv_score(w, "score", &t);
		kv_tally(w, "controls", &t);
		jw_object_end(w);
	}
	jw_array_end(w);
	jw_object_end(w);
}

/* "fixed": the findings of the previous run that no longer fail. */
static void fixed(struct jw *w, const struct cca_report *r)
{
	key(w, "fixed");
	jw_array(w);
	for (size_t i = 0; i < cca_report_nfixed(r); i++) {
		const char *fp, *rule_id, *loc;

		cca_report_fixed(r, i, &fp, &rule_id, &loc);
		jw_object(w);
		kv_str(w, "rule", rule_id);
		kv_str(w, "location", loc);
		kv_str(w, "fingerprint", fp);
		jw_object_end(w);
	}
	jw_array_end(w);
}

/* "trend": the target's saved runs, oldest first, with their scores. */
static void trend(struct jw *w, const struct cca_report *r)
{
	key(w, "trend");
	jw_array(w);
	for (size_t i = 0; i < cca_report_ntrend(r); i++) {
		const struct cca_trend_point *p = cca_report_trend(r, i);
		char ts[21];

		cca_timestamp_format(p->time, ts);
		jw_object(w);
		kv_str(w, "run", p->run);
		kv_str(w, "generated", ts);
		kv_int(w, "level_achieved", p->achieved);
		key(w, "scores");
		jw_array(w);
		for (unsigned l = 1; l <= CCA_LEVEL_MAX; l++) {
			if (p->scored[l])
				jw_real(w, round(p->score[l] * 10000.0) / 10000.0);
			else
				jw_null(w);
		}
		jw_array_end(w);
		kv_int(w, "open", p->open);
		jw_object_end(w);
	}
	jw_array_end(w);
}

int cca_report_json(const struct cca_report *r, const struct cca_render_opts *o,
		    struct cca_buf *out, struct cca_error *err)
{
	const struct cca_eval *ev = cca_report_eval(r);
	const struct cca_profile *p = cca_eval_profile(ev);
	struct jw w;
	char ts[21];

	/* Nothing here fails but the sink: every string is written, repaired
	 * if need be.  About what the report takes (or what is kept before it
	 * goes to the sink) is reserved: a large report grows without moving,
	 * and pages reserved but not written cost nothing. */
	cca_buf_reserve(out, o && o->sink ? 2 * JSON_FLUSH_BYTES
				  : 64 * 1024 + 2048 * cca_catalog_nrules(cca_eval_catalog(ev)) +
				    768 * cca_eval_nfindings(ev));
	cca_timestamp_format(cca_report_time(r), ts);
	jw_init(&w, out);
	jw_object(&w);
	key(&w, "tool");
	jw_object(&w);
	kv_str(&w, "name", PACKAGE_NAME);
	kv_str(&w, "version", PACKAGE_VERSION);
	kv_int(&w, "format", REPORT_FORMAT_VERSION);
	jw_object_end(&w);
	key(&w, "run");
	jw_object(&w);
	kv_str(&w, "target", cca_report_target(r));
	kv_str(&w, "generated", ts);
	kv_str(&w, "catalog", cca_catalog_version(cca_eval_catalog(ev)));
	if (cca_report_run_id(r)[0])
		kv_str(&w, "id", cca_report_run_id(r));
	jw_object_end(&w);
	key(&w, "profile");
	jw_object(&w);
	kv_str(&w, "id", cca_profile_name(p));
	kv_int(&w, "level", cca_profile_level(p));
	kv_roles(&w, "roles", cca_profile_roles(p));
	kv_str(&w, "tailoring", cca_profile_tailoring(p));
	jw_object_end(&w);
	key(&w, "evidence");
	jw_array(&w);
	for (size_t i = 0; i < cca_report_ninputs(r); i++) {
		const struct cca_inventory_item *e = cca_report_input(r, i);

		jw_object(&w);
		kv_str(&w, "kind", e->kind);
		kv_str(&w, "path", e->path);
		kv_int(&w, "size", (long long)e->size);
		kv_str(&w, "sha256", e->sha256);
		jw_object_end(&w);
	}
	jw_array_end(&w);
	summary(&w, ev);
	controls(&w, ev);
	if (rules(&w, r, o, err) < 0)
		return -1;
	if (cca_report_has_history(r)) {
		fixed(&w, r);
		trend(&w, r);
	}
	jw_object_end(&w);
	cca_buf_putc(out, '\n');
	return 0;
}
