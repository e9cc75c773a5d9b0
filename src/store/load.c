/*
 * load.c - a stored run evaluated again: the catalog and tailoring it
 * read, the findings its checks reported, the answers and waivers it
 * applied, and the day it was evaluated for, so that its report renders
 * as it did when it was saved.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store-internal.h"

struct cca_stored_run {
	struct cca_catalog *cat;
	struct cca_profile *profile;
	struct cca_eval *ev;
	struct cca_report *rep;
	struct cca_attestation *att;
	size_t natt;
	struct cca_waiver **waivers;     /* the run's rule waivers, then suppressions */
	size_t nwaivers;
};

/* What the run row says. */
struct run_row {
	sqlite3_int64 id, target_id;
	char uuid[37];
	char *target, *profile, *tailoring_path, *tailoring_sha, *eval_target, *auditor;
	time_t time;
	int64_t today;
	unsigned roles;
};

static void run_row_release(struct run_row *r)
{
	free(r->target);
	free(r->profile);
	free(r->tailoring_path);
	free(r->tailoring_sha);
	free(r->eval_target);
	free(r->auditor);
}

static void free_waiver(struct cca_waiver *w)
{
	free(w->rule_id);
	free(w->target);
	free(w->by);
	free(w->reason);
	free(w->file);
}

void cca_stored_run_free(struct cca_stored_run *r)
{
	if (!r)
		return;
	cca_report_free(r->rep);
	cca_eval_free(r->ev);
	cca_profile_free(r->profile);
	cca_catalog_free(r->cat);
	for (size_t i = 0; i < r->natt; i++) {
		free(r->att[i].rule_id);
		free(r->att[i].by);
		free(r->att[i].note);
		free(r->att[i].evidence);
		free(r->att[i].file);
	}
	for (size_t i = 0; i < r->nwaivers; i++) {
		free_waiver(r->waivers[i]);
		free(r->waivers[i]);
	}
	free(r->att);
	free(r->waivers);
	free(r);
}

struct cca_report *cca_stored_run_report(const struct cca_stored_run *r)
{
	return r->rep;
}

/* Whether ref can be a UUID prefix: hex digits and dashes. */
static bool uuid_like(const char *ref)
{
	for (const char *p = ref; *p; p++)
		if (!(isxdigit((unsigned char)*p) && !isupper((unsigned char)*p)) && *p != '-')
			return false;
	return true;
}

/* The run ref names, into uuid and *id. */
static int resolve(struct cca_store *s, const char *ref, char uuid[37], sqlite3_int64 *id,
		   struct cca_error *err)
{
	bool latest = strcmp(ref, "latest") == 0;
	size_t n = strlen(ref);
	sqlite3_stmt *st;
	int rc, matches = 0;

	if (!latest && (n < 4 || n > 36 || !uuid_like(ref)))
		return cca_error_set(err, CCA_EUSAGE, "'%s' is not a run id (a run's UUID, at least "
				     "its first 4 characters, or 'latest'; see 'ccaudit history')", ref);
	st = cca_store_prepare(s, latest
		? "SELECT uuid, id FROM run ORDER BY time DESC, id DESC LIMIT 1"
		: "SELECT uuid, id FROM run WHERE uuid >= ?1 AND uuid < ?2 LIMIT 2", err);
	if (!st)
		return -1;
	if (!latest) {
		char *hi = cca_xasprintf("%sg", ref);   /* 'g' sorts after hex digits and '-' */

		cca_store_bind_text(st, 1, ref);
		cca_store_bind_text(st, 2, hi);
		free(hi);
	}
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		if (matches++ == 0) {
			snprintf(uuid, 37, "%s", (const char *)sqlite3_column_text(st, 0));
			*id = sqlite3_column_int64(st, 1);
		}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return cca_store_fail(s, err, "read the runs");
	if (matches == 1)
		return 0;
	if (latest)
		return cca_error_set(err, CCA_EUSAGE, "history database '%s' holds no runs",
				     s->path);
	return cca_error_set(err, CCA_EUSAGE, matches ? "run id '%s' is ambiguous: give more "
			     "characters" : "no stored run has the id '%s' (see 'ccaudit history')",
			     ref);
}

int cca_store_resolve_run(struct cca_store *s, const char *run, char uuid[37],
			  struct cca_error *err)
{
	sqlite3_int64 id;

	return resolve(s, run, uuid, &id, err);
}

static int read_run(struct cca_store *s, sqlite3_int64 id, struct run_row *r,
		    struct cca_error *err)
{
	sqlite3_stmt *st = cca_store_prepare(s,
		"SELECT r.uuid, r.target_id, t.name, r.time, r.today, r.profile, r.roles, "
		"r.tailoring_path, r.tailoring_sha256, r.eval_target, r.auditor "
		"FROM run r JOIN target t ON t.id = r.target_id WHERE r.id = ?1", err);
	int rc;

	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, id);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		r->id = id;
		snprintf(r->uuid, sizeof r->uuid, "%s", (const char *)sqlite3_column_text(st, 0));
		r->target_id = sqlite3_column_int64(st, 1);
		r->target = cca_store_column_dup(st, 2);
		r->time = (time_t)sqlite3_column_int64(st, 3);
		r->today = sqlite3_column_int64(st, 4);
		r->profile = cca_store_column_dup(st, 5);
		r->roles = (unsigned)sqlite3_column_int(st, 6);
		r->tailoring_path = cca_store_column_dup(st, 7);
		r->tailoring_sha = cca_store_column_dup(st, 8);
		r->eval_target = cca_store_column_dup(st, 9);
		r->auditor = cca_store_column_dup(st, 10);
	}
	sqlite3_finalize(st);
	return rc == SQLITE_ROW ? 0 : cca_store_fail(s, err, "read the run");
}

/* The bytes of blob sha, handed to use(). */
static int with_blob(struct cca_store *s, const char *sha, const char *name,
		     int (*use)(void *ctx, const char *name, const char *data, size_t len,
				struct cca_error *err),
		     void *ctx, struct cca_error *err)
{
	sqlite3_stmt *st = cca_store_prepare(s, "SELECT data FROM blob WHERE sha256 = ?1", err);
	int rc;

	if (!st)
		return -1;
	cca_store_bind_text(st, 1, sha);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		const void *d = sqlite3_column_blob(st, 0);
		size_t len = (size_t)sqlite3_column_bytes(st, 0);

		rc = use(ctx, name, d ? d : "", len, err);
	} else {
		rc = rc == SQLITE_DONE
		     ? cca_error_set(err, CCA_ESTORE, "history database '%s': the stored copy of "
				     "'%s' is missing", s->path, name)
		     : cca_store_fail(s, err, "read a stored catalog");
	}
	sqlite3_finalize(st);
	return rc;
}

static int use_catalog(void *ctx, const char *name, const char *data, size_t len,
		       struct cca_error *err)
{
	return cca_catalog_load_data(ctx, name, data, len, err);
}

static int use_tailoring(void *ctx, const char *name, const char *data, size_t len,
			 struct cca_error *err)
{
	return cca_profile_tailor_data(ctx, name, data, len, err);
}

/* The catalog the run read, from the stored copies of its files. */
static int load_catalog(struct cca_store *s, const struct run_row *run, const char *xsd,
			struct cca_stored_run *r, struct cca_error *err)
{
	sqlite3_stmt *st = cca_store_prepare(s, "SELECT path, sha256 FROM run_catalog "
					     "WHERE run_id = ?1 ORDER BY seq", err);
	int rc;

	if (!st)
		return -1;
	r->cat = cca_catalog_new(xsd);
	sqlite3_bind_int64(st, 1, run->id);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		if (with_blob(s, (const char *)sqlite3_column_text(st, 1),
			      (const char *)sqlite3_column_text(st, 0), use_catalog, r->cat,
			      err) < 0) {
			sqlite3_finalize(st);
			return -1;
		}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return cca_store_fail(s, err, "read the run's catalog");
	return cca_catalog_finish(r->cat, err);
}

static int load_profile(struct cca_store *s, const struct run_row *run,
			struct cca_stored_run *r, struct cca_error *err)
{
	r->profile = cca_profile_new(r->cat, run->profile, err);
	if (!r->profile)
		return -1;
	if (run->roles != CCA_ROLE_ALL)
		cca_profile_filter_roles(r->profile, run->roles);
	if (run->tailoring_sha)
		return with_blob(s, run->tailoring_sha, run->tailoring_path, use_tailoring,
				 r->profile, err);
	return 0;
}

/* The rule index of id in the run's catalog; -1 (with err) when absent. */
static long rule_index(const struct cca_stored_run *r, const char *id, struct cca_error *err)
{
	long i = cca_catalog_find_rule(r->cat, id ? id : "");

	if (i < 0)
		cca_error_set(err, CCA_ESTORE, "stored run refers to rule '%s', which its catalog "
			      "does not have", id ? id : "");
	return i;
}

/* Evidence kinds and how many items each rule's check ran over. */
static int load_checked(struct cca_store *s, const struct run_row *run,
			struct cca_stored_run *r, struct cca_error *err)
{
	sqlite3_stmt *st = cca_store_prepare(s, "SELECT kind, items FROM evidence_kind WHERE run_id = ?1 "
					     "ORDER BY kind", err);
	int rc;

	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, run->id);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		for (sqlite3_int64 k = sqlite3_column_int64(st, 1); k > 0 && k <= 1000000; k--)
			cca_eval_add_evidence_kind(r->ev, (const char *)sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE ||
	    !(st = cca_store_prepare(s, "SELECT rule_id, checked FROM rule_result "
				     "WHERE run_id = ?1 AND checked > 0", err)))
		return rc != SQLITE_DONE ? cca_store_fail(s, err, "read the run") : -1;
	sqlite3_bind_int64(st, 1, run->id);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		long i = rule_index(r, (const char *)sqlite3_column_text(st, 0), err);

		if (i < 0) {
			sqlite3_finalize(st);
			return -1;
		}
		for (sqlite3_int64 k = sqlite3_column_int64(st, 1); k > 0; k--)
			cca_eval_note_checked(r->ev, (size_t)i);
	}
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? 0 : cca_store_fail(s, err, "read the run");
}

static int load_attestations(struct cca_store *s, const struct run_row *run,
			     struct cca_stored_run *r, struct cca_error *err)
{
	sqlite3_stmt *st = cca_store_prepare(s,
		"SELECT rule_id, status, by, date, expires, note, evidence, file, line "
		"FROM attestation WHERE run_id = ?1 ORDER BY seq", err);
	int rc;

	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, run->id);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct cca_attestation *a;

		r->att = cca_xreallocarray(r->att, r->natt + 1, sizeof *r->att);
		a = &r->att[r->natt++];
		memset(a, 0, sizeof *a);
		a->rule_id = cca_store_column_dup(st, 0);
		if (cca_status_parse((const char *)sqlite3_column_text(st, 1), &a->status) < 0)
			a->status = CCA_UNKNOWN;
		a->by = cca_store_column_dup(st, 2);
		a->date = sqlite3_column_int64(st, 3);
		a->expires = cca_store_column_day(st, 4, CCA_NEVER);
		a->note = cca_store_column_dup(st, 5);
		a->evidence = cca_store_column_dup(st, 6);
		a->file = cca_store_column_dup(st, 7);
		a->line = (unsigned)sqlite3_column_int(st, 8);
	}
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? 0 : cca_store_fail(s, err, "read the answers");
}

/* A waiver owned by r, from columns at first..first+7 (rule, target, by,
 * reason, date, expires, file, line). */
static struct cca_waiver *new_waiver(struct cca_stored_run *r, sqlite3_stmt *st, int first)
{
	struct cca_waiver *w = cca_xcalloc(1, sizeof *w);

	/* Each on its own: the evaluation keeps pointers to them. */
	r->waivers = cca_xreallocarray(r->waivers, r->nwaivers + 1, sizeof *r->waivers);
	r->waivers[r->nwaivers++] = w;
	w->rule_id = cca_store_column_dup(st, first);
	w->target = cca_store_column_dup(st, first + 1);
	w->by = cca_store_column_dup(st, first + 2);
	w->reason = cca_store_column_dup(st, first + 3);
	w->date = cca_store_column_day(st, first + 4, CCA_NO_DATE);
	w->expires = cca_store_column_day(st, first + 5, CCA_NEVER);
	w->file = cca_store_column_dup(st, first + 6);
	w->line = (unsigned)sqlite3_column_int(st, first + 7);
	return w;
}

static int load_waivers(struct cca_store *s, const struct run_row *run,
			struct cca_stored_run *r, size_t *nrule, struct cca_error *err)
{
	sqlite3_stmt *st = cca_store_prepare(s,
		"SELECT rule_id, target, by, reason, date, expires, file, line "
		"FROM run_waiver WHERE run_id = ?1 ORDER BY seq", err);
	int rc;

	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, run->id);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		new_waiver(r, st, 0);
	sqlite3_finalize(st);
	*nrule = r->nwaivers;
	return rc == SQLITE_DONE ? 0 : cca_store_fail(s, err, "read the waivers");
}

/* A stored finding's track, set on the replayed finding with its fingerprint. */
struct track_row {
	char *fingerprint, *location, *lifecycle, *owner, *role;
	int64_t due;
};

static int load_findings(struct cca_store *s, const struct run_row *run,
			 struct cca_stored_run *r, struct track_row **tracks, size_t *ntracks,
			 struct cca_error *err)
{
	sqlite3_stmt *st = cca_store_prepare(s,
		"SELECT rule_id, target, status, location, fingerprint, message, lifecycle, owner, "
		"owner_role, due, sup_source, sup_rule_id, sup_target, sup_by, sup_reason, sup_date, "
		"sup_expires, sup_file, sup_line FROM finding WHERE run_id = ?1 ORDER BY seq", err);
	int rc;

	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, run->id);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct cca_finding_in in = { 0 };
		long i = rule_index(r, (const char *)sqlite3_column_text(st, 0), err);

		if (i < 0) {
			sqlite3_finalize(st);
			return -1;
		}
		in.rule = (size_t)i;
		in.target = (const char *)sqlite3_column_text(st, 1);
		if (cca_status_parse((const char *)sqlite3_column_text(st, 2), &in.status) < 0)
			in.status = CCA_UNKNOWN;
		in.location = (const char *)sqlite3_column_text(st, 3);
		in.fingerprint = (const char *)sqlite3_column_text(st, 4);
		in.message = (const char *)sqlite3_column_text(st, 5);
		if (sqlite3_column_type(st, 10) != SQLITE_NULL)
			in.suppression = new_waiver(r, st, 11);
		if (sqlite3_column_type(st, 6) != SQLITE_NULL) {
			struct track_row *t;

			*tracks = cca_xreallocarray(*tracks, *ntracks + 1, sizeof **tracks);
			t = &(*tracks)[(*ntracks)++];
			t->fingerprint = cca_store_column_dup(st, 4);
			t->location = cca_store_column_dup(st, 3);
			t->lifecycle = cca_store_column_dup(st, 6);
			t->owner = cca_store_column_dup(st, 7);
			t->role = cca_store_column_dup(st, 8);
			t->due = cca_store_column_day(st, 9, CCA_NO_DATE);
		}
		cca_eval_record(r->ev, &in);
	}
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? 0 : cca_store_fail(s, err, "read the findings");
}

static enum cca_lifecycle lifecycle_parse(const char *s)
{
	if (strcmp(s, "new") == 0)
		return CCA_LC_NEW;
	if (strcmp(s, "persisting") == 0)
		return CCA_LC_PERSISTING;
	if (strcmp(s, "reopened") == 0)
		return CCA_LC_REOPENED;
	return CCA_LC_UNTRACKED;
}

/* Give each replayed finding the track stored with it. */
static void set_tracks(struct cca_stored_run *r, struct track_row *t, size_t n)
{
	size_t next = 0;

	for (size_t i = 0; i < cca_eval_nfindings(r->ev) && n; i++) {
		const struct cca_finding *f = cca_eval_finding(r->ev, i);

		for (size_t k = 0; k < n; k++) {
			struct track_row *c = &t[(next + k) % n];
			struct cca_finding_track tr;

			if (!c->fingerprint || strcmp(c->fingerprint, f->fingerprint) != 0 ||
			    strcmp(c->location, f->location) != 0)
				continue;
			tr.lifecycle = lifecycle_parse(c->lifecycle);
			tr.owner = c->owner;
			tr.role = c->role;
			tr.due = c->due;
			cca_report_set_track(r->rep, i, &tr);
			free(c->fingerprint);
			c->fingerprint = NULL;   /* used */
			next = (next + k + 1) % n;
			break;
		}
	}
}

static void tracks_free(struct track_row *t, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(t[i].fingerprint);
		free(t[i].location);
		free(t[i].lifecycle);
		free(t[i].owner);
		free(t[i].role);
	}
	free(t);
}

/* The report's facts: inventory, fixed findings, trend. */
static int load_report(struct cca_store *s, const struct run_row *run,
		       struct cca_stored_run *r, struct cca_error *err)
{
	sqlite3_stmt *st;
	int rc;

	r->rep = cca_report_new(r->ev);
	cca_report_set_target(r->rep, run->target);
	cca_report_set_time(r->rep, run->time);
	cca_report_set_auditor(r->rep, run->auditor);
	cca_report_set_run_id(r->rep, run->uuid);
	st = cca_store_prepare(s, "SELECT kind, path, size, sha256 FROM evidence "
			       "WHERE run_id = ?1 ORDER BY seq", err);
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, run->id);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		cca_report_add_input_hash(r->rep, (const char *)sqlite3_column_text(st, 0),
					  (const char *)sqlite3_column_text(st, 1),
					  (uint64_t)sqlite3_column_int64(st, 2),
					  (const char *)sqlite3_column_text(st, 3));
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE ||
	    !(st = cca_store_prepare(s, "SELECT fingerprint, rule_id, location FROM fixed "
				     "WHERE run_id = ?1 ORDER BY rule_id, location, fingerprint", err)))
		return rc != SQLITE_DONE ? cca_store_fail(s, err, "read the run") : -1;
	sqlite3_bind_int64(st, 1, run->id);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		cca_report_add_fixed(r->rep, (const char *)sqlite3_column_text(st, 0),
				     (const char *)sqlite3_column_text(st, 1),
				     (const char *)sqlite3_column_text(st, 2));
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return cca_store_fail(s, err, "read the run");
	return cca_store_trend(s, run->target_id, run->id, r->rep, err);
}

int cca_store_load_run(struct cca_store *s, const char *ref, const char *xsd_path,
		       struct cca_stored_run **out, struct cca_error *err)
{
	struct cca_stored_run *r = cca_xcalloc(1, sizeof *r);
	struct run_row run = { 0 };
	struct track_row *tracks = NULL;
	size_t ntracks = 0, nrule = 0;
	sqlite3_int64 id;
	int rc = -1;

	*out = NULL;
	/* One read transaction: the run is seen whole even while others write. */
	if (cca_store_exec(s, "BEGIN", err) < 0)
		goto out;
	if (resolve(s, ref, run.uuid, &id, err) < 0 || read_run(s, id, &run, err) < 0 ||
	    load_catalog(s, &run, xsd_path, r, err) < 0 || load_profile(s, &run, r, err) < 0)
		goto out;
	r->ev = cca_eval_new(r->cat, r->profile);
	cca_eval_set_target(r->ev, run.eval_target);
	if (load_checked(s, &run, r, err) < 0 || load_attestations(s, &run, r, err) < 0 ||
	    load_waivers(s, &run, r, &nrule, err) < 0 ||
	    load_findings(s, &run, r, &tracks, &ntracks, err) < 0)
		goto out;
	for (size_t i = 0; i < r->natt; i++)
		cca_eval_add_attestation(r->ev, &r->att[i]);
	for (size_t i = 0; i < nrule; i++)
		cca_eval_add_waiver(r->ev, r->waivers[i]);
	cca_eval_finish(r->ev, run.today);
	if (load_report(s, &run, r, err) < 0)
		goto out;
	set_tracks(r, tracks, ntracks);
	*out = r;
	r = NULL;
	rc = 0;
out:
	if (rc < 0 && err->code == CCA_EINPUT)
		cca_error_prefix(err, "history database '%s': the stored run cannot be read again: ",
				 s->path);
	cca_store_rollback(s);
	tracks_free(tracks, ntracks);
	run_row_release(&run);
	cca_stored_run_free(r);
	return rc;
}
