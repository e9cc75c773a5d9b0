/*
 * eval.c - one evaluation: findings, attestations and waivers in; rule
 * results, control roll-ups and scores out (DESIGN.md section 4).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ccaudit/engine.h"
#include "ccaudit/checks.h"
#include "ccaudit/util.h"

struct cca_eval {
	const struct cca_catalog *cat;
	const struct cca_profile *profile;
	char *target;
	bool finished;
	unsigned jobs;                  /* threads for the checks (cca_eval_set_jobs) */

	struct cca_finding *findings;
	size_t nfindings, capfindings;
	char **targets;                 /* one copy of each findings' target */
	size_t ntargets;
	struct cca_arena strings;       /* the findings' other strings */
	char **kinds;                   /* evidence kinds collected */
	size_t *kind_items;             /* items of each kind */
	size_t nkinds;
	const struct cca_attestation **att;
	size_t natt;
	const struct cca_waiver **waivers;
	size_t nwaivers;

	struct cca_rule_result *rules;  /* one per catalog rule */
	char **messages;                /* owned message text per rule */
	struct cca_control_result *controls;
	struct cca_level_score levels[CCA_LEVEL_MAX + 1];
	unsigned achieved;
};

struct cca_eval *cca_eval_new(const struct cca_catalog *cat,
			      const struct cca_profile *profile)
{
	struct cca_eval *ev = cca_xcalloc(1, sizeof *ev);
	size_t nr = cca_catalog_nrules(cat), nc = cca_catalog_ncontrols(cat);

	ev->cat = cat;
	ev->profile = profile;
	ev->rules = cca_xcalloc(nr ? nr : 1, sizeof *ev->rules);
	ev->messages = cca_xcalloc(nr ? nr : 1, sizeof *ev->messages);
	ev->controls = cca_xcalloc(nc ? nc : 1, sizeof *ev->controls);
	return ev;
}

void cca_eval_free(struct cca_eval *ev)
{
	if (!ev)
		return;
	cca_arena_release(&ev->strings);
	for (size_t i = 0; i < ev->ntargets; i++)
		free(ev->targets[i]);
	free(ev->targets);
	for (size_t i = 0; i < ev->nkinds; i++)
		free(ev->kinds[i]);
	for (size_t i = 0; i < cca_catalog_nrules(ev->cat); i++)
		free(ev->messages[i]);
	free(ev->target);
	free(ev->findings);
	free(ev->kinds);
	free(ev->kind_items);
	free(ev->att);
	free(ev->waivers);
	free(ev->rules);
	free(ev->messages);
	free(ev->controls);
	free(ev);
}

void cca_fingerprint(const char *rule_id, const char *target, const char *location,
		     char out[33])
{
	size_t nr = strlen(rule_id), nt = strlen(target ? target : ""),
	       nl = strlen(location ? location : ""), n = nr + nt + nl + 2;
	char small[512], hex[65];
	/* RULE NUL TARGET NUL LOCATION, on the stack when it fits */
	char *b = n <= sizeof small ? small : cca_xmalloc(n);

	memcpy(b, rule_id, nr + 1);
	memcpy(b + nr + 1, target ? target : "", nt + 1);
	memcpy(b + nr + nt + 2, location ? location : "", nl);
	cca_sha256_hex(b, n, hex);
	if (b != small)
		free(b);
	memcpy(out, hex, 32);
	out[32] = '\0';
}

/* A new slot at the end of the findings. */
static struct cca_finding *push_finding(struct cca_eval *ev)
{
	if (ev->nfindings == ev->capfindings) {
		ev->capfindings = ev->capfindings ? 2 * ev->capfindings : 64;
		ev->findings = cca_xreallocarray(ev->findings, ev->capfindings,
						 sizeof *ev->findings);
	}
	return &ev->findings[ev->nfindings++];
}

void cca_eval_record(struct cca_eval *ev, const struct cca_finding_in *in)
{
	struct cca_finding_in own = *in;
	char fp[33];

	if (ev->finished || !cca_profile_selected(ev->profile, in->rule))
		return;
	own.location = cca_arena_strdup(&ev->strings, in->location ? in->location : "");
	own.message = cca_arena_strdup(&ev->strings, in->message ? in->message : "");
	own.key = NULL;
	if (!in->fingerprint) {
		cca_fingerprint(cca_catalog_rule(ev->cat, in->rule)->id,
				in->target ? in->target : "", in->key ? in->key : own.location, fp);
		own.fingerprint = fp;
	}
	own.fingerprint = cca_arena_strdup(&ev->strings, own.fingerprint);
	cca_eval_record_kept(ev, &own);
}

void cca_eval_keep(struct cca_eval *ev, struct cca_arena *strings)
{
	cca_arena_adopt(&ev->strings, strings);
}

/*
 * The copy of target that ev keeps for its findings, shared by findings of
 * the same target (which then compare equal by address).  Findings come
 * item by item: only the few targets kept last are looked at, so many
 * distinct targets cost no quadratic search (a target seen long ago is
 * simply kept again).
 */
static const char *keep_target(struct cca_eval *ev, const char *target)
{
	for (size_t k = ev->ntargets, seen = 0; k-- > 0 && seen < 8; seen++)
		if (strcmp(ev->targets[k], target) == 0)
			return ev->targets[k];
	ev->targets = cca_xreallocarray(ev->targets, ev->ntargets + 1, sizeof *ev->targets);
	return ev->targets[ev->ntargets++] = cca_xstrdup(target);
}

void cca_eval_record_kept(struct cca_eval *ev, const struct cca_finding_in *in)
{
	struct cca_finding *f;

	if (ev->finished || !cca_profile_selected(ev->profile, in->rule))
		return;
	f = push_finding(ev);
	f->rule = in->rule;
	f->target = keep_target(ev, in->target ? in->target : "");
	f->status = in->status;
	f->location = in->location;
	f->message = in->message;
	f->fingerprint = in->fingerprint;
	f->suppression = in->suppression;
	f->waived = false;
	f->suppression_expired = false;
}

void cca_eval_add_finding(struct cca_eval *ev, size_t rule, const char *target,
			  enum cca_status status, const char *location,
			  const char *message, const struct cca_waiver *suppression)
{
	struct cca_finding_in in = {
		rule, target, status, location, NULL, NULL, message, suppression
	};

	cca_eval_record(ev, &in);
}

void cca_eval_suppress(struct cca_eval *ev, const char *fingerprint,
		       const struct cca_waiver *w)
{
	if (ev->finished)
		return;
	for (size_t i = 0; i < ev->nfindings; i++)
		if (!ev->findings[i].suppression &&
		    strcmp(ev->findings[i].fingerprint, fingerprint) == 0)
			ev->findings[i].suppression = w;
}

void cca_eval_note_checked(struct cca_eval *ev, size_t rule)
{
	if (rule < cca_catalog_nrules(ev->cat))
		ev->rules[rule].checked++;
}

void cca_eval_set_jobs(struct cca_eval *ev, unsigned jobs)
{
	ev->jobs = jobs;
}

unsigned cca_eval_jobs(const struct cca_eval *ev)
{
	return ev->jobs ? ev->jobs : 1;
}

void cca_eval_set_target(struct cca_eval *ev, const char *target)
{
	free(ev->target);
	ev->target = cca_xstrdup(target ? target : "");
}

void cca_eval_add_evidence_kind(struct cca_eval *ev, const char *kind)
{
	for (size_t i = 0; i < ev->nkinds; i++)
		if (strcmp(ev->kinds[i], kind) == 0) {
			ev->kind_items[i]++;
			return;
		}
	ev->kinds = cca_xreallocarray(ev->kinds, ev->nkinds + 1, sizeof *ev->kinds);
	ev->kind_items = cca_xreallocarray(ev->kind_items, ev->nkinds + 1, sizeof *ev->kind_items);
	ev->kind_items[ev->nkinds] = 1;
	ev->kinds[ev->nkinds++] = cca_xstrdup(kind);
}

const char *cca_eval_target(const struct cca_eval *ev)
{
	return ev->target ? ev->target : "";
}

size_t cca_eval_nkinds(const struct cca_eval *ev) { return ev->nkinds; }
const char *cca_eval_kind(const struct cca_eval *ev, size_t i) { return ev->kinds[i]; }
size_t cca_eval_kind_items(const struct cca_eval *ev, size_t i) { return ev->kind_items[i]; }

/* The number of items of kind collected. */
static size_t items_of(const struct cca_eval *ev, const char *kind)
{
	for (size_t i = 0; i < ev->nkinds; i++)
		if (strcmp(ev->kinds[i], kind) == 0)
			return ev->kind_items[i];
	return 0;
}
size_t cca_eval_nattestations(const struct cca_eval *ev) { return ev->natt; }
size_t cca_eval_nwaivers(const struct cca_eval *ev) { return ev->nwaivers; }

const struct cca_attestation *cca_eval_attestation(const struct cca_eval *ev, size_t i)
{
	return ev->att[i];
}

const struct cca_waiver *cca_eval_waiver(const struct cca_eval *ev, size_t i)
{
	return ev->waivers[i];
}

void cca_eval_add_attestation(struct cca_eval *ev, const struct cca_attestation *a)
{
	ev->att = cca_xreallocarray(ev->att, ev->natt + 1, sizeof *ev->att);
	ev->att[ev->natt++] = a;
}

void cca_eval_add_waiver(struct cca_eval *ev, const struct cca_waiver *w)
{
	ev->waivers = cca_xreallocarray(ev->waivers, ev->nwaivers + 1,
					sizeof *ev->waivers);
	ev->waivers[ev->nwaivers++] = w;
}

/* ---- rule results -------------------------------------------------------- */

static int cmp_finding(const void *pa, const void *pb)
{
	const struct cca_finding *a = pa, *b = pb;
	int c;

	if (a->rule != b->rule)
		return a->rule < b->rule ? -1 : 1;
	if (a->target != b->target && (c = strcmp(a->target, b->target)))
		return c;
	if ((c = strcmp(a->location, b->location)))
		return c;
	if ((c = strcmp(a->message, b->message)))
		return c;
	return (int)a->status - (int)b->status;
}

/* Worse first: the status a set of findings for one rule adds up to. */
static enum cca_status combine(enum cca_status acc, enum cca_status s)
{
	static const int rank[CCA_STATUS_COUNT] = {
		[CCA_FAIL] = 8, [CCA_ERROR] = 7, [CCA_UNKNOWN] = 6,
		[CCA_NOTCHECKED] = 5, [CCA_PASS] = 4, [CCA_FIXED] = 3,
		[CCA_INFORMATIONAL] = 2, [CCA_NOTAPPLICABLE] = 1,
		[CCA_NOTSELECTED] = 0,
	};

	return rank[s] > rank[acc] ? s : acc;
}

static bool kind_collected(const struct cca_eval *ev, const char *kind)
{
	for (size_t i = 0; i < ev->nkinds; i++)
		if (strcmp(ev->kinds[i], kind) == 0)
			return true;
	return false;
}

/* The latest-dated attestation for rule id (later files win ties). */
static const struct cca_attestation *attestation_for(const struct cca_eval *ev,
						     const char *id)
{
	const struct cca_attestation *best = NULL;

	for (size_t i = 0; i < ev->natt; i++)
		if (strcmp(ev->att[i]->rule_id, id) == 0 &&
		    (!best || ev->att[i]->date >= best->date))
			best = ev->att[i];
	return best;
}

/* Whether w is in force on day today: from its date through its expiry. */
static bool in_force(const struct cca_waiver *w, int64_t today)
{
	return (w->date == CCA_NO_DATE || w->date <= today) && w->expires >= today;
}

/*
 * Whether waiver w covers every failing target of rule i: a waiver without
 * a target covers all; one with a target covers failures located on that
 * target only (a failure no finding locates belongs to the run's target).
 */
static bool waiver_covers(const struct cca_eval *ev, const struct cca_waiver *w,
			  size_t first, size_t count)
{
	bool located = false;

	if (!w->target)
		return true;
	for (size_t k = first; k < first + count; k++) {
		const struct cca_finding *f = &ev->findings[k];

		if (f->status != CCA_FAIL || f->waived)
			continue;
		located = true;
		if (strcmp(f->target, w->target) != 0)
			return false;
	}
	return located || strcmp(ev->target ? ev->target : "", w->target) == 0;
}

/* A waiver covering the failure of rule i: unexpired ones first. */
static const struct cca_waiver *waiver_for(const struct cca_eval *ev, size_t i,
					   size_t first, size_t count,
					   int64_t today, bool *expired)
{
	const char *id = cca_catalog_rule(ev->cat, i)->id;
	const struct cca_waiver *stale = NULL;

	for (size_t k = 0; k < ev->nwaivers; k++) {
		const struct cca_waiver *w = ev->waivers[k];

		if (strcmp(w->rule_id, id) != 0 || !waiver_covers(ev, w, first, count))
			continue;
		if (w->date != CCA_NO_DATE && w->date > today)
			continue;  /* not in force yet */
		if (in_force(w, today)) {
			*expired = false;
			return w;
		}
		stale = w;
	}
	*expired = stale != NULL;
	return stale;
}

static void set_message(struct cca_eval *ev, size_t i, char *msg)
{
	free(ev->messages[i]);
	ev->messages[i] = msg;
	ev->rules[i].message = msg;
}

/*
 * Derive the result of rule i.  Order matters: observation, then the
 * attestation (which cannot overturn an observed failure), then the waiver
 * (which can, visibly).
 */
static void derive_rule(struct cca_eval *ev, size_t i, size_t first,
			size_t count, int64_t today)
{
	const struct cca_rule *r = cca_catalog_rule(ev->cat, i);
	struct cca_rule_result *res = &ev->rules[i];
	const struct cca_attestation *a;
	const struct cca_finding *first_fail = NULL, *first_waived = NULL, *first_other = NULL;
	enum cca_status s = CCA_NOTSELECTED;
	size_t nfail = 0;
	char date[11];

	res->rule = i;		/* res->checked was counted while checks ran */
	res->first_finding = first;
	res->nfindings = count;
	if (!cca_profile_selected(ev->profile, i)) {
		res->status = res->observed = CCA_NOTSELECTED;
		set_message(ev, i, cca_xstrdup("not selected by the profile"));
		return;
	}
	for (size_t k = first; k < first + count; k++) {
		struct cca_finding *f = &ev->findings[k];
		enum cca_status st;

		f->suppression_expired = f->suppression && !in_force(f->suppression, today);
		f->waived = f->status == CCA_FAIL && f->suppression && !f->suppression_expired;
		st = f->waived ? CCA_PASS : f->status;
		s = combine(s, st);
		if (f->waived && !first_waived)
			first_waived = f;
		if (st == CCA_FAIL && !nfail++)
			first_fail = f;
		if (st != CCA_FAIL && st != CCA_PASS && !first_other)
			first_other = f;
	}
	if (r->manual) {
		s = CCA_NOTCHECKED;
		set_message(ev, i, cca_xstrdup("awaiting attestation"));
	} else if (!count && res->checked) {
		s = CCA_PASS;
		set_message(ev, i, cca_xasprintf("no finding in %zu item%s checked", res->checked,
						  res->checked == 1 ? "" : "s"));
	} else if (!count) {
		const struct cca_check *c = cca_check_find(r->check);
		const char *kind = c ? c->evidence : "matching";

		s = CCA_NOTCHECKED;
		set_message(ev, i, kind_collected(ev, kind)
			    ? cca_xasprintf("the check '%s' reported nothing", r->check)
			    : cca_xasprintf("no %s evidence was collected", kind));
	} else if (first_fail) {
		char more[48] = "";

		if (first_fail->suppression)
			cca_date_format(first_fail->suppression->expires, date);
		if (nfail > 1)
			snprintf(more, sizeof more, ", and %zu more", nfail - 1);
		set_message(ev, i, cca_xasprintf("%s (%s)%s%s%s", first_fail->message,
						  first_fail->location,
						  first_fail->suppression
						  ? "; its suppression expired on " : "",
						  first_fail->suppression ? date : "", more));
	} else if (s != CCA_PASS && first_other) {
		set_message(ev, i, cca_xasprintf("%s (%s)", first_other->message,
						  first_other->location));
	} else {
		set_message(ev, i, cca_xasprintf("%s (%s)", ev->findings[first].message,
						  ev->findings[first].location));
	}

	a = attestation_for(ev, r->id);
	if (a) {
		res->attestation = a;
		if (a->date > today) {
			/* An answer from the future proves nothing today. */
			cca_date_format(a->date, date);
			if (s == CCA_NOTCHECKED)
				set_message(ev, i, cca_xasprintf(
					"the attestation by %s is dated %s, after the audit date",
					a->by, date));
		} else if (a->expires < today) {
			res->attestation_expired = true;
			cca_date_format(a->expires, date);
			if (s == CCA_NOTCHECKED)
				set_message(ev, i, cca_xasprintf(
					"the attestation by %s expired on %s", a->by, date));
		} else if (s == CCA_FAIL || s == CCA_ERROR) {
			set_message(ev, i, cca_xasprintf(
				"%s observed; the attestation by %s cannot overturn it",
				cca_status_name(s), a->by));
		} else if (s == CCA_NOTCHECKED || s == CCA_UNKNOWN ||
			   a->status == CCA_FAIL) {
			s = a->status;
			set_message(ev, i, cca_xasprintf("attested %s by %s%s%s",
							  cca_status_name(s), a->by,
							  a->note ? ": " : "",
							  a->note ? a->note : ""));
		}
	}
	res->observed = s;
	res->status = s;
	if (first_waived && (s == CCA_PASS || s == CCA_FIXED || s == CCA_INFORMATIONAL ||
			     s == CCA_NOTAPPLICABLE)) {
		/* Every failure is accepted by a suppression in the evidence. */
		const struct cca_waiver *w = first_waived->suppression;

		res->observed = CCA_FAIL;
		res->waived = true;
		res->waiver = w;
		set_message(ev, i, cca_xasprintf("failure at %s suppressed by %s: %s",
						  first_waived->location, w->by, w->reason));
	} else if (s == CCA_FAIL) {
		bool expired;
		const struct cca_waiver *w = waiver_for(ev, i, first, count, today, &expired);

		if (w) {
			res->waiver = w;
			res->waiver_expired = expired;
			cca_date_format(w->expires, date);
			if (!expired) {
				res->waived = true;
				res->status = CCA_PASS;
				set_message(ev, i, w->expires == CCA_NEVER
					    ? cca_xasprintf("failure waived by %s: %s",
							    w->by, w->reason)
					    : cca_xasprintf("failure waived by %s until %s: %s",
							    w->by, date, w->reason));
			} else {
				set_message(ev, i, cca_xasprintf(
					"fail; the waiver by %s expired on %s", w->by, date));
			}
		}
	}
}

/* ---- roll-up and scores --------------------------------------------------- */

/* The evidence kind an automated rule reads, or NULL. */
static const char *rule_kind(const struct cca_eval *ev, size_t rule)
{
	const struct cca_rule *r = cca_catalog_rule(ev->cat, rule);
	const struct cca_check *c = r->manual ? NULL : cca_check_find(r->check);

	return c ? c->evidence : NULL;
}

/* Whether a rule has a verdict: an automated rule that ran, a manual rule answered. */
static bool decided(const struct cca_rule_result *rr, const char *kind)
{
	if (!kind)
		return rr->observed != CCA_NOTCHECKED && rr->observed != CCA_NOTSELECTED;
	return rr->checked > 0;
}

/*
 * Roll control c up.  A rule stays out of the tally when it is automated,
 * its kind of evidence was not collected, and another rule of the control
 * decided (the evidence present decides); and, when the audit holds one
 * Dockerfile and one image (the image built from it), a Dockerfile rule
 * stays out when an image rule of the control ran, because the image is
 * what really runs (its findings stay listed under the rule).  With
 * several Dockerfiles or images nothing says which built which, and every
 * rule counts.  kinds[r] is rule r's evidence kind (NULL: manual).
 */
static void rollup_control(struct cca_eval *ev, size_t c, const char *const *kinds,
			   bool image_decides)
{
	const struct cca_control *ctl = cca_catalog_control(ev->cat, c);
	struct cca_control_result *cr = &ev->controls[c];
	size_t ndecided = 0;
	bool image_ran = false;

	memset(cr, 0, sizeof *cr);
	cr->control = c;
	for (size_t k = 0; k < ctl->nrules; k++) {
		const char *kind = kinds[ctl->rules[k]];
		bool d = decided(&ev->rules[ctl->rules[k]], kind);

		ndecided += d;
		image_ran |= d && kind && strcmp(kind, "image") == 0;
	}
	for (size_t k = 0; k < ctl->nrules; k++) {
		const struct cca_rule_result *rr = &ev->rules[ctl->rules[k]];
		const char *kind = kinds[ctl->rules[k]];
		bool others = ndecided > (size_t)decided(rr, kind);

		if (kind && !rr->checked && rr->observed == CCA_NOTCHECKED &&
		    !kind_collected(ev, kind) && others)
			continue;
		if (kind && image_decides && image_ran && strcmp(kind, "dockerfile") == 0)
			continue;
		cr->rules.n[cca_rollup_category(rr->observed, rr->waived)]++;
	}
	cr->status = cca_rollup_of(&cr->rules);
}

static void rollup_controls(struct cca_eval *ev)
{
	size_t nr = cca_catalog_nrules(ev->cat);
	const char **kinds = cca_xcalloc(nr ? nr : 1, sizeof *kinds);
	bool image_decides = items_of(ev, "dockerfile") == 1 && items_of(ev, "image") == 1;

	for (size_t r = 0; r < nr; r++)
		kinds[r] = rule_kind(ev, r);
	for (size_t c = 0; c < cca_catalog_ncontrols(ev->cat); c++)
		rollup_control(ev, c, kinds, image_decides);
	free(kinds);
}

static void score_levels(struct cca_eval *ev)
{
	long csvs = cca_catalog_find_framework(ev->cat, CCA_FW_CSVS);
	unsigned roles = cca_profile_roles(ev->profile);

	ev->achieved = 0;
	for (unsigned l = 1; l <= CCA_LEVEL_MAX; l++) {
		struct cca_level_score *ls = &ev->levels[l];

		memset(ls, 0, sizeof *ls);
		ls->level = l;
		for (size_t c = 0; csvs >= 0 && c < cca_catalog_ncontrols(ev->cat); c++) {
			const struct cca_control *ctl = cca_catalog_control(ev->cat, c);
			enum cca_rollup st = ev->controls[c].status;

			if (ctl->framework != (size_t)csvs ||
			    !(ctl->levels & CCA_LEVEL_BIT(l)) || !(ctl->roles & roles))
				continue;
			/* A requirement of the level that was not evaluated
			 * is not verified: it counts against the level. */
			ls->controls.n[st == CCA_RU_NOTSELECTED ? CCA_RU_UNVERIFIED : st]++;
		}
		ls->scored = cca_tally_score(&ls->controls, &ls->score);
		ls->met = !ls->controls.n[CCA_RU_FAIL] &&
			  !ls->controls.n[CCA_RU_ERROR] &&
			  !ls->controls.n[CCA_RU_UNVERIFIED];
		if (ls->met && ev->achieved == l - 1)
			ev->achieved = l;
	}
}

/*
 * Sort the findings as qsort with cmp_finding does, in less time for the
 * order they come in: grouped by rule at once (a counting sort, which keeps
 * their order within a rule), then each group, which is mostly sorted
 * already (items come in order), given to qsort only when it is not.
 */
static void sort_findings(struct cca_eval *ev)
{
	size_t nrules = cca_catalog_nrules(ev->cat), n = ev->nfindings;
	size_t *start = cca_xcalloc(nrules + 1, sizeof *start);
	struct cca_finding *by_rule;

	for (size_t i = 0; i < n; i++) {
		if (ev->findings[i].rule >= nrules) {   /* not a rule of the catalog */
			free(start);
			qsort(ev->findings, n, sizeof *ev->findings, cmp_finding);
			return;
		}
		start[ev->findings[i].rule + 1]++;
	}
	for (size_t r = 0; r < nrules; r++)
		start[r + 1] += start[r];
	by_rule = cca_xreallocarray(NULL, n, sizeof *by_rule);
	for (size_t i = 0; i < n; i++)
		by_rule[start[ev->findings[i].rule]++] = ev->findings[i];
	free(ev->findings);
	ev->findings = by_rule;
	ev->capfindings = n;
	for (size_t first = 0; first < n;) {
		size_t end = first + 1;
		bool sorted = true;

		while (end < n && by_rule[end].rule == by_rule[first].rule) {
			sorted = sorted && cmp_finding(&by_rule[end - 1], &by_rule[end]) <= 0;
			end++;
		}
		if (!sorted)
			qsort(by_rule + first, end - first, sizeof *by_rule, cmp_finding);
		first = end;
	}
	free(start);
}

void cca_eval_finish(struct cca_eval *ev, int64_t today)
{
	size_t k = 0;

	if (ev->finished)
		return;
	if (ev->nfindings)
		sort_findings(ev);
	for (size_t i = 0; i < cca_catalog_nrules(ev->cat); i++) {
		size_t first = k;

		while (k < ev->nfindings && ev->findings[k].rule == i)
			k++;
		derive_rule(ev, i, first, k - first, today);
	}
	rollup_controls(ev);
	score_levels(ev);
	ev->finished = true;
}

/* ---- access ---------------------------------------------------------------- */

const struct cca_catalog *cca_eval_catalog(const struct cca_eval *ev) { return ev->cat; }
const struct cca_profile *cca_eval_profile(const struct cca_eval *ev) { return ev->profile; }
size_t cca_eval_nfindings(const struct cca_eval *ev) { return ev->nfindings; }
unsigned cca_eval_level_achieved(const struct cca_eval *ev) { return ev->achieved; }

const struct cca_rule_result *cca_eval_rule(const struct cca_eval *ev, size_t rule)
{
	return rule < cca_catalog_nrules(ev->cat) ? &ev->rules[rule] : NULL;
}

const struct cca_control_result *cca_eval_control(const struct cca_eval *ev, size_t control)
{
	return control < cca_catalog_ncontrols(ev->cat) ? &ev->controls[control] : NULL;
}

const struct cca_finding *cca_eval_finding(const struct cca_eval *ev, size_t i)
{
	return i < ev->nfindings ? &ev->findings[i] : NULL;
}

const struct cca_level_score *cca_eval_level(const struct cca_eval *ev, unsigned level)
{
	return level >= 1 && level <= CCA_LEVEL_MAX ? &ev->levels[level] : NULL;
}

struct cca_tally cca_eval_role(const struct cca_eval *ev, unsigned role)
{
	struct cca_tally t = { { 0 } };

	for (size_t i = 0; i < cca_catalog_nrules(ev->cat); i++) {
		const struct cca_rule_result *rr = &ev->rules[i];

		if (cca_catalog_rule(ev->cat, i)->roles & role)
			t.n[cca_rollup_category(rr->observed, rr->waived)]++;
	}
	return t;
}

struct cca_tally cca_eval_framework(const struct cca_eval *ev, size_t fw)
{
	struct cca_tally t = { { 0 } };

	for (size_t c = 0; c < cca_catalog_ncontrols(ev->cat); c++)
		if (cca_catalog_control(ev->cat, c)->framework == fw)
			t.n[ev->controls[c].status]++;
	return t;
}
