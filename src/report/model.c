/* model.c - the report model: an evaluation plus the facts of the run. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ccaudit/report.h"

struct cca_report {
	const struct cca_eval *ev;
	char *target;
	char *auditor;
	time_t generated;
	struct cca_inventory_item *evidence;
	size_t nevidence;

	/* History, from the store. */
	char run_id[37];
	struct cca_finding_track *tracks;   /* one per finding, or NULL */
	struct fixed { char *fingerprint, *rule_id, *location; } *fixed;
	size_t nfixed;
	struct cca_trend_point *trend;
	size_t ntrend;
};

static const struct cca_finding_track untracked = {
	CCA_LC_UNTRACKED, NULL, NULL, CCA_NO_DATE
};

struct cca_report *cca_report_new(const struct cca_eval *ev)
{
	struct cca_report *r = cca_xcalloc(1, sizeof *r);

	r->ev = ev;
	r->target = cca_xstrdup("unnamed");
	r->generated = cca_now();
	return r;
}

void cca_report_free(struct cca_report *r)
{
	if (!r)
		return;
	for (size_t i = 0; i < r->nevidence; i++) {
		free(r->evidence[i].kind);
		free(r->evidence[i].path);
	}
	free(r->evidence);
	for (size_t i = 0; r->tracks && i < cca_eval_nfindings(r->ev); i++) {
		free((char *)r->tracks[i].owner);
		free((char *)r->tracks[i].role);
	}
	free(r->tracks);
	for (size_t i = 0; i < r->nfixed; i++) {
		free(r->fixed[i].fingerprint);
		free(r->fixed[i].rule_id);
		free(r->fixed[i].location);
	}
	free(r->fixed);
	free(r->trend);
	free(r->target);
	free(r->auditor);
	free(r);
}

void cca_report_set_target(struct cca_report *r, const char *name)
{
	free(r->target);
	r->target = cca_xstrdup(name);
}

void cca_report_set_auditor(struct cca_report *r, const char *name)
{
	free(r->auditor);
	r->auditor = cca_xstrdup(name);
}

const char *cca_report_auditor(const struct cca_report *r)
{
	return r->auditor;
}

void cca_report_set_time(struct cca_report *r, time_t generated)
{
	r->generated = generated;
}

void cca_report_add_input_hash(struct cca_report *r, const char *kind,
				  const char *path, uint64_t size,
				  const char *sha256)
{
	struct cca_inventory_item *e;

	r->evidence = cca_xreallocarray(r->evidence, r->nevidence + 1,
					sizeof *r->evidence);
	e = &r->evidence[r->nevidence++];
	e->kind = cca_xstrdup(kind);
	e->path = cca_xstrdup(path);
	e->size = size;
	snprintf(e->sha256, sizeof e->sha256, "%s", sha256);
}

void cca_report_add_input(struct cca_report *r, const char *kind,
			     const char *path, const void *data, size_t len)
{
	char hex[65];

	cca_sha256_hex(data, len, hex);
	cca_report_add_input_hash(r, kind, path, len, hex);
}

const struct cca_eval *cca_report_eval(const struct cca_report *r) { return r->ev; }
const char *cca_report_target(const struct cca_report *r) { return r->target; }
time_t cca_report_time(const struct cca_report *r) { return r->generated; }
size_t cca_report_ninputs(const struct cca_report *r) { return r->nevidence; }

const struct cca_inventory_item *cca_report_input(const struct cca_report *r, size_t i)
{
	return i < r->nevidence ? &r->evidence[i] : NULL;
}


const char *cca_lifecycle_name(enum cca_lifecycle lc)
{
	switch (lc) {
	case CCA_LC_NEW:
		return "new";
	case CCA_LC_PERSISTING:
		return "persisting";
	case CCA_LC_REOPENED:
		return "reopened";
	case CCA_LC_UNTRACKED:
		break;
	}
	return "untracked";
}

void cca_report_set_run_id(struct cca_report *r, const char *uuid)
{
	snprintf(r->run_id, sizeof r->run_id, "%s", uuid ? uuid : "");
}

bool cca_report_has_history(const struct cca_report *r)
{
	return r->run_id[0] || r->nfixed || r->ntrend;
}

const char *cca_report_run_id(const struct cca_report *r)
{
	return r->run_id;
}

void cca_report_set_track(struct cca_report *r, size_t finding,
			  const struct cca_finding_track *t)
{
	size_t n = cca_eval_nfindings(r->ev);
	struct cca_finding_track *d;

	if (finding >= n)
		return;
	if (!r->tracks) {
		r->tracks = cca_xcalloc(n, sizeof *r->tracks);
		for (size_t i = 0; i < n; i++)
			r->tracks[i] = untracked;
	}
	d = &r->tracks[finding];
	free((char *)d->owner);
	free((char *)d->role);
	d->lifecycle = t->lifecycle;
	d->owner = t->owner ? cca_xstrdup(t->owner) : NULL;
	d->role = t->role ? cca_xstrdup(t->role) : NULL;
	d->due = t->due;
}

const struct cca_finding_track *cca_report_track(const struct cca_report *r, size_t finding)
{
	if (!r->tracks || finding >= cca_eval_nfindings(r->ev))
		return &untracked;
	return &r->tracks[finding];
}

void cca_report_add_fixed(struct cca_report *r, const char *fingerprint,
			  const char *rule_id, const char *location)
{
	r->fixed = cca_xreallocarray(r->fixed, r->nfixed + 1, sizeof *r->fixed);
	r->fixed[r->nfixed].fingerprint = cca_xstrdup(fingerprint);
	r->fixed[r->nfixed].rule_id = cca_xstrdup(rule_id);
	r->fixed[r->nfixed].location = cca_xstrdup(location ? location : "");
	r->nfixed++;
}

size_t cca_report_nfixed(const struct cca_report *r)
{
	return r->nfixed;
}

void cca_report_fixed(const struct cca_report *r, size_t i, const char **fingerprint,
		      const char **rule_id, const char **location)
{
	*fingerprint = i < r->nfixed ? r->fixed[i].fingerprint : NULL;
	*rule_id = i < r->nfixed ? r->fixed[i].rule_id : NULL;
	*location = i < r->nfixed ? r->fixed[i].location : NULL;
}

void cca_report_add_trend(struct cca_report *r, const struct cca_trend_point *p)
{
	r->trend = cca_xreallocarray(r->trend, r->ntrend + 1, sizeof *r->trend);
	r->trend[r->ntrend++] = *p;
}

size_t cca_report_ntrend(const struct cca_report *r)
{
	return r->ntrend;
}

const struct cca_trend_point *cca_report_trend(const struct cca_report *r, size_t i)
{
	return i < r->ntrend ? &r->trend[i] : NULL;
}
