/*
 * save.c - saving one run: its rows in one transaction, and the history
 * the report shows with it (lifecycle and owner of each failing finding,
 * findings fixed since the previous run, the trend of the target).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>

#include "store-internal.h"

/* What one save works with. */
struct save {
	struct cca_store *s;
	struct cca_report *rep;
	const struct cca_eval *ev;
	const struct cca_catalog *cat;
	const struct cca_run_source *src;
	struct cca_error *err;
	sqlite3_int64 target_id;
	sqlite3_int64 run_id;
	sqlite3_int64 prev_id;        /* the target's previous run, or 0 */
	unsigned open, failed, fixed;
};

/* A random (version 4) UUID. */
static int new_uuid(char out[37], struct cca_error *err)
{
	unsigned char b[16];
	size_t got = 0;

	while (got < sizeof b) {
		ssize_t n = getrandom(b + got, sizeof b - got, 0);

		if (n < 0)
			return cca_error_set(err, CCA_ESTORE, "cannot make a run id: no random bytes");
		got += (size_t)n;
	}
	b[6] = (unsigned char)((b[6] & 0x0f) | 0x40);
	b[8] = (unsigned char)((b[8] & 0x3f) | 0x80);
	snprintf(out, 37, "%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x",
		 b[0], b[1], b[2], b[3], b[4], b[5], b[6], b[7], b[8], b[9], b[10],
		 b[11], b[12], b[13], b[14], b[15]);
	return 0;
}

/* Step a prepared insert to completion and finalize it. */
static int done(struct save *sv, sqlite3_stmt *st, const char *what)
{
	int rc = sqlite3_step(st) == SQLITE_DONE ? 0 : cca_store_fail(sv->s, sv->err, what);

	sqlite3_finalize(st);   /* after: finalizing clears the error */
	return rc;
}

static int put_blob(struct save *sv, const char *data, size_t len, char sha[65])
{
	sqlite3_stmt *st;

	cca_sha256_hex(data, len, sha);
	st = cca_store_prepare(sv->s, "INSERT OR IGNORE INTO blob(sha256, data) VALUES (?1, ?2)",
			       sv->err);
	if (!st)
		return -1;
	cca_store_bind_text(st, 1, sha);
	sqlite3_bind_blob64(st, 2, data, len, SQLITE_STATIC);
	return done(sv, st, "save the catalog");
}

/* The target's latest run before this one, into sv->prev_id. */
static int previous_run(struct save *sv)
{
	sqlite3_stmt *st = cca_store_prepare(sv->s,
		"SELECT id FROM run WHERE target_id = ?1 ORDER BY time DESC, id DESC LIMIT 1",
		sv->err);
	int rc;

	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, sv->target_id);
	rc = sqlite3_step(st);
	sv->prev_id = rc == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
	sqlite3_finalize(st);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : cca_store_fail(sv->s, sv->err, "read the history");
}

static int insert_run(struct save *sv, const char *uuid, const char *tailoring_sha)
{
	sqlite3_stmt *st = cca_store_prepare(sv->s,
		"INSERT INTO run(uuid, target_id, time, today, tool_version, catalog_version, "
		"profile, roles, tailoring_path, tailoring_sha256, eval_target, auditor, achieved, "
		"failed, open, fixed) VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12,?13,0,0,0)",
		sv->err);

	if (!st)
		return -1;
	cca_store_bind_text(st, 1, uuid);
	sqlite3_bind_int64(st, 2, sv->target_id);
	sqlite3_bind_int64(st, 3, (sqlite3_int64)cca_report_time(sv->rep));
	sqlite3_bind_int64(st, 4, sv->src->today);
	cca_store_bind_text(st, 5, sv->src->tool_version);
	cca_store_bind_text(st, 6, cca_catalog_version(sv->cat));
	cca_store_bind_text(st, 7, sv->src->profile ? sv->src->profile : "all");
	sqlite3_bind_int(st, 8, (int)sv->src->roles);
	cca_store_bind_text(st, 9, sv->src->tailoring_path);
	cca_store_bind_text(st, 10, tailoring_sha);
	cca_store_bind_text(st, 11, cca_eval_target(sv->ev));
	cca_store_bind_text(st, 12, cca_report_auditor(sv->rep));
	sqlite3_bind_int(st, 13, (int)cca_eval_level_achieved(sv->ev));
	if (done(sv, st, "save the run") < 0)
		return -1;
	sv->run_id = sqlite3_last_insert_rowid(sv->s->db);
	return 0;
}

static int insert_catalogs(struct save *sv)
{
	for (size_t i = 0; i < cca_catalog_nfiles(sv->cat); i++) {
		const struct cca_catalog_file *f = cca_catalog_file(sv->cat, i);
		sqlite3_stmt *st;
		char sha[65];

		if (put_blob(sv, f->data, f->size, sha) < 0)
			return -1;
		st = cca_store_prepare(sv->s, "INSERT INTO run_catalog(run_id, seq, path, sha256) "
				       "VALUES (?1, ?2, ?3, ?4)", sv->err);
		if (!st)
			return -1;
		sqlite3_bind_int64(st, 1, sv->run_id);
		sqlite3_bind_int64(st, 2, (sqlite3_int64)i);
		cca_store_bind_text(st, 3, f->path);
		cca_store_bind_text(st, 4, sha);
		if (done(sv, st, "save the catalog") < 0)
			return -1;
	}
	return 0;
}

static int insert_evidence(struct save *sv)
{
	sqlite3_stmt *st = cca_store_prepare(sv->s,
		"INSERT INTO evidence(run_id, seq, kind, path, size, sha256) "
		"VALUES (?1, ?2, ?3, ?4, ?5, ?6)", sv->err);
	int rc = 0;

	if (!st)
		return -1;
	for (size_t i = 0; i < cca_report_ninputs(sv->rep) && rc == 0; i++) {
		const struct cca_inventory_item *it = cca_report_input(sv->rep, i);

		sqlite3_bind_int64(st, 1, sv->run_id);
		sqlite3_bind_int64(st, 2, (sqlite3_int64)i);
		cca_store_bind_text(st, 3, it->kind);
		cca_store_bind_text(st, 4, it->path);
		sqlite3_bind_int64(st, 5, (sqlite3_int64)it->size);
		cca_store_bind_text(st, 6, it->sha256);
		rc = sqlite3_step(st) == SQLITE_DONE ? 0 : cca_store_fail(sv->s, sv->err, "save the evidence");
		sqlite3_reset(st);
	}
	sqlite3_finalize(st);
	if (rc < 0 || !(st = cca_store_prepare(sv->s, "INSERT OR IGNORE INTO evidence_kind(run_id, "
					       "kind, items) VALUES (?1, ?2, ?3)", sv->err)))
		return -1;
	for (size_t i = 0; i < cca_eval_nkinds(sv->ev) && rc == 0; i++) {
		sqlite3_bind_int64(st, 1, sv->run_id);
		cca_store_bind_text(st, 2, cca_eval_kind(sv->ev, i));
		sqlite3_bind_int64(st, 3, (sqlite3_int64)cca_eval_kind_items(sv->ev, i));
		rc = sqlite3_step(st) == SQLITE_DONE ? 0 : cca_store_fail(sv->s, sv->err, "save the evidence");
		sqlite3_reset(st);
	}
	sqlite3_finalize(st);
	return rc;
}

static int insert_rules(struct save *sv)
{
	const struct cca_profile *p = cca_eval_profile(sv->ev);
	sqlite3_stmt *st = cca_store_prepare(sv->s,
		"INSERT INTO rule_result(run_id, rule_id, status, observed, waived, checked, "
		"severity, roles, message) VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9)", sv->err);
	int rc = 0;

	if (!st)
		return -1;
	for (size_t i = 0; i < cca_catalog_nrules(sv->cat) && rc == 0; i++) {
		const struct cca_rule_result *r = cca_eval_rule(sv->ev, i);

		sv->failed += r->status == CCA_FAIL;
		sqlite3_bind_int64(st, 1, sv->run_id);
		cca_store_bind_text(st, 2, cca_catalog_rule(sv->cat, i)->id);
		cca_store_bind_text(st, 3, cca_status_name(r->status));
		cca_store_bind_text(st, 4, cca_status_name(r->observed));
		sqlite3_bind_int(st, 5, r->waived);
		sqlite3_bind_int64(st, 6, (sqlite3_int64)r->checked);
		cca_store_bind_text(st, 7, cca_severity_name(cca_profile_severity(p, i)));
		sqlite3_bind_int(st, 8, (int)cca_catalog_rule(sv->cat, i)->roles);
		cca_store_bind_text(st, 9, r->message);
		rc = sqlite3_step(st) == SQLITE_DONE ? 0 : cca_store_fail(sv->s, sv->err, "save the results");
		sqlite3_reset(st);
	}
	sqlite3_finalize(st);
	if (rc < 0 || !(st = cca_store_prepare(sv->s, "INSERT INTO control_result(run_id, "
					       "control_id, status) VALUES (?1, ?2, ?3)", sv->err)))
		return -1;
	for (size_t i = 0; i < cca_catalog_ncontrols(sv->cat) && rc == 0; i++) {
		sqlite3_bind_int64(st, 1, sv->run_id);
		cca_store_bind_text(st, 2, cca_catalog_control(sv->cat, i)->id);
		cca_store_bind_text(st, 3, cca_rollup_name(cca_eval_control(sv->ev, i)->status));
		rc = sqlite3_step(st) == SQLITE_DONE ? 0 : cca_store_fail(sv->s, sv->err, "save the results");
		sqlite3_reset(st);
	}
	sqlite3_finalize(st);
	return rc;
}

/* One score row: a tally, its score (NULL when unscored) and met (may be -1: none). */
static int insert_score(struct save *sv, sqlite3_stmt *st, const char *kind,
			const char *key, const struct cca_tally *t, int met)
{
	double score;
	int rc;

	sqlite3_bind_int64(st, 1, sv->run_id);
	cca_store_bind_text(st, 2, kind);
	cca_store_bind_text(st, 3, key);
	sqlite3_bind_int(st, 4, (int)t->n[CCA_RU_PASS]);
	sqlite3_bind_int(st, 5, (int)t->n[CCA_RU_WAIVED]);
	sqlite3_bind_int(st, 6, (int)t->n[CCA_RU_FAIL]);
	sqlite3_bind_int(st, 7, (int)t->n[CCA_RU_ERROR]);
	sqlite3_bind_int(st, 8, (int)t->n[CCA_RU_UNVERIFIED]);
	sqlite3_bind_int(st, 9, (int)t->n[CCA_RU_NOTAPPLICABLE]);
	if (cca_tally_score(t, &score))
		sqlite3_bind_double(st, 10, score);
	else
		sqlite3_bind_null(st, 10);
	if (met < 0)
		sqlite3_bind_null(st, 11);
	else
		sqlite3_bind_int(st, 11, met);
	rc = sqlite3_step(st) == SQLITE_DONE ? 0 : cca_store_fail(sv->s, sv->err, "save the scores");
	sqlite3_reset(st);
	return rc;
}

static int insert_scores(struct save *sv)
{
	sqlite3_stmt *st = cca_store_prepare(sv->s,
		"INSERT INTO score(run_id, kind, key, pass, waived, fail, error, unverified, "
		"notapplicable, score, met) VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11)", sv->err);
	int rc = 0;

	if (!st)
		return -1;
	for (unsigned l = 1; l <= CCA_LEVEL_MAX && rc == 0; l++) {
		const struct cca_level_score *ls = cca_eval_level(sv->ev, l);
		char key[4];

		snprintf(key, sizeof key, "%u", l);
		rc = insert_score(sv, st, "level", key, &ls->controls, ls->met);
	}
	for (size_t i = 0; i < CCA_ROLE_COUNT && rc == 0; i++) {
		struct cca_tally t = cca_eval_role(sv->ev, cca_role_at(i));

		rc = insert_score(sv, st, "role", cca_role_name(cca_role_at(i)), &t, -1);
	}
	for (size_t i = 0; i < cca_catalog_nframeworks(sv->cat) && rc == 0; i++) {
		struct cca_tally t = cca_eval_framework(sv->ev, i);

		rc = insert_score(sv, st, "framework", cca_catalog_framework(sv->cat, i)->id, &t, -1);
	}
	sqlite3_finalize(st);
	return rc;
}

/*
 * Whether fingerprint failed in run (in_run: that run; before: any run of
 * the target but that one, whose target id the statement takes as ?3).
 */
static int failed_in(struct save *sv, sqlite3_stmt *st, sqlite3_int64 run,
		     const char *fingerprint, bool *yes)
{
	int rc;

	sqlite3_bind_int64(st, 1, run);
	cca_store_bind_text(st, 2, fingerprint);
	if (sqlite3_bind_parameter_count(st) >= 3)   /* the query over every run */
		sqlite3_bind_int64(st, 3, sv->target_id);
	rc = sqlite3_step(st);
	*yes = rc == SQLITE_ROW;
	sqlite3_reset(st);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : cca_store_fail(sv->s, sv->err, "read the history");
}

/* New, persisting or reopened: against the previous run and every earlier one. */
static int lifecycle_of(struct save *sv, sqlite3_stmt *in_prev, sqlite3_stmt *ever,
			const char *fingerprint, enum cca_lifecycle *lc)
{
	bool yes;

	if (failed_in(sv, in_prev, sv->prev_id, fingerprint, &yes) < 0)
		return -1;
	if (yes) {
		*lc = CCA_LC_PERSISTING;
		return 0;
	}
	if (failed_in(sv, ever, sv->run_id, fingerprint, &yes) < 0)
		return -1;
	*lc = yes ? CCA_LC_REOPENED : CCA_LC_NEW;
	return 0;
}

/* Whether w is one of the store's decisions (else it came with the evidence). */
static bool from_store(const struct cca_decisions *d, const struct cca_waiver *w)
{
	for (size_t i = 0; d && i < d->nwaivers; i++)
		if (&d->waivers[i].waiver == w)
			return true;
	return false;
}

static void bind_finding(struct save *sv, sqlite3_stmt *st, size_t i,
			 const struct cca_finding *f, const struct cca_finding_track *t)
{
	const struct cca_waiver *w = f->suppression;

	sqlite3_bind_int64(st, 1, sv->run_id);
	sqlite3_bind_int64(st, 2, (sqlite3_int64)i);
	cca_store_bind_text(st, 3, cca_catalog_rule(sv->cat, f->rule)->id);
	cca_store_bind_text(st, 4, f->fingerprint);
	cca_store_bind_text(st, 5, f->target);
	cca_store_bind_text(st, 6, cca_status_name(f->status));
	cca_store_bind_text(st, 7, f->location);
	cca_store_bind_text(st, 8, f->message);
	sqlite3_bind_int(st, 9, f->waived);
	sqlite3_bind_int(st, 10, (int)cca_catalog_rule(sv->cat, f->rule)->levels);
	cca_store_bind_text(st, 11, t->lifecycle == CCA_LC_UNTRACKED ? NULL
				    : cca_lifecycle_name(t->lifecycle));
	cca_store_bind_text(st, 12, t->owner);
	cca_store_bind_text(st, 13, t->role);
	cca_store_bind_day(st, 14, t->due);
	cca_store_bind_text(st, 15, !w ? NULL : from_store(sv->src->decisions, w) ? "store" : "evidence");
	cca_store_bind_text(st, 16, w ? w->rule_id : NULL);
	cca_store_bind_text(st, 17, w ? w->target : NULL);
	cca_store_bind_text(st, 18, w ? w->by : NULL);
	cca_store_bind_text(st, 19, w ? w->reason : NULL);
	cca_store_bind_day(st, 20, w ? w->date : CCA_NO_DATE);
	cca_store_bind_day(st, 21, w ? w->expires : CCA_NEVER);
	cca_store_bind_text(st, 22, w ? w->file : NULL);
	sqlite3_bind_int(st, 23, w ? (int)w->line : 0);
}

/* Save every finding, giving failing ones their lifecycle and owner. */
static int insert_findings(struct save *sv)
{
	static const char in_run[] =
		"SELECT 1 FROM finding f WHERE f.run_id = ?1 AND f.fingerprint = ?2 "
		"AND f.status = 'fail'";
	static const char before[] =
		"SELECT 1 FROM finding f JOIN run r ON r.id = f.run_id WHERE f.fingerprint = ?2 "
		"AND f.status = 'fail' AND r.target_id = ?3 AND r.id <> ?1 LIMIT 1";
	sqlite3_stmt *ins = NULL, *prev = NULL, *ever = NULL;
	int rc = -1;

	ins = cca_store_prepare(sv->s,
		"INSERT INTO finding(run_id, seq, rule_id, fingerprint, target, status, location, "
		"message, waived, levels, lifecycle, owner, owner_role, due, sup_source, sup_rule_id, "
		"sup_target, sup_by, sup_reason, sup_date, sup_expires, sup_file, sup_line) VALUES "
		"(?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12,?13,?14,?15,?16,?17,?18,?19,?20,?21,?22,?23)",
		sv->err);
	if (!ins || !(prev = cca_store_prepare(sv->s, in_run, sv->err)) ||
	    !(ever = cca_store_prepare(sv->s, before, sv->err)))
		goto out;
	for (size_t i = 0; i < cca_eval_nfindings(sv->ev); i++) {
		const struct cca_finding *f = cca_eval_finding(sv->ev, i);
		struct cca_finding_track t = { CCA_LC_UNTRACKED, NULL, NULL, CCA_NO_DATE };

		if (f->status == CCA_FAIL) {
			const struct cca_assignment *a =
				cca_decisions_owner(sv->src->decisions, f->fingerprint);

			if (lifecycle_of(sv, prev, ever, f->fingerprint, &t.lifecycle) < 0)
				goto out;
			if (a) {
				t.owner = a->owner;
				t.role = a->role;
				t.due = a->due;
			}
			/* A failure waived with its rule is not open either. */
			sv->open += !f->waived && !cca_eval_rule(sv->ev, f->rule)->waived;
			cca_report_set_track(sv->rep, i, &t);
		}
		bind_finding(sv, ins, i, f, &t);
		if (sqlite3_step(ins) != SQLITE_DONE) {
			cca_store_fail(sv->s, sv->err, "save the findings");
			goto out;
		}
		sqlite3_reset(ins);
	}
	rc = 0;
out:
	sqlite3_finalize(ins);
	sqlite3_finalize(prev);
	sqlite3_finalize(ever);
	return rc;
}

/* The previous run's failing findings that this run does not have failing. */
static int insert_fixed(struct save *sv)
{
	sqlite3_stmt *st;
	int rc;

	if (!sv->prev_id)
		return 0;
	st = cca_store_prepare(sv->s,
		"INSERT OR IGNORE INTO fixed(run_id, fingerprint, rule_id, location) "
		"SELECT ?1, p.fingerprint, p.rule_id, p.location FROM finding p "
		"WHERE p.run_id = ?2 AND p.status = 'fail' AND NOT EXISTS (SELECT 1 FROM finding c "
		"WHERE c.run_id = ?1 AND c.fingerprint = p.fingerprint AND c.status = 'fail') "
		"ORDER BY p.seq", sv->err);
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, sv->run_id);
	sqlite3_bind_int64(st, 2, sv->prev_id);
	if (done(sv, st, "save the fixed findings") < 0)
		return -1;
	st = cca_store_prepare(sv->s, "SELECT fingerprint, rule_id, location FROM fixed "
			       "WHERE run_id = ?1 ORDER BY rule_id, location, fingerprint", sv->err);
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, sv->run_id);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		cca_report_add_fixed(sv->rep, (const char *)sqlite3_column_text(st, 0),
				     (const char *)sqlite3_column_text(st, 1),
				     (const char *)sqlite3_column_text(st, 2));
		sv->fixed++;
	}
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? 0 : cca_store_fail(sv->s, sv->err, "read the fixed findings");
}

/* The answers and waivers that went into the evaluation. */
static int insert_answers(struct save *sv)
{
	sqlite3_stmt *st = cca_store_prepare(sv->s,
		"INSERT INTO attestation(run_id, seq, rule_id, status, by, date, expires, note, "
		"evidence, file, line) VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11)", sv->err);
	int rc = 0;

	if (!st)
		return -1;
	for (size_t i = 0; i < cca_eval_nattestations(sv->ev) && rc == 0; i++) {
		const struct cca_attestation *a = cca_eval_attestation(sv->ev, i);

		sqlite3_bind_int64(st, 1, sv->run_id);
		sqlite3_bind_int64(st, 2, (sqlite3_int64)i);
		cca_store_bind_text(st, 3, a->rule_id);
		cca_store_bind_text(st, 4, cca_status_name(a->status));
		cca_store_bind_text(st, 5, a->by);
		sqlite3_bind_int64(st, 6, a->date);
		cca_store_bind_day(st, 7, a->expires);
		cca_store_bind_text(st, 8, a->note);
		cca_store_bind_text(st, 9, a->evidence);
		cca_store_bind_text(st, 10, a->file ? a->file : "");
		sqlite3_bind_int(st, 11, (int)a->line);
		rc = sqlite3_step(st) == SQLITE_DONE ? 0 : cca_store_fail(sv->s, sv->err, "save the answers");
		sqlite3_reset(st);
	}
	sqlite3_finalize(st);
	if (rc < 0 || !(st = cca_store_prepare(sv->s,
		"INSERT INTO run_waiver(run_id, seq, rule_id, target, by, reason, date, expires, "
		"file, line) VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9,?10)", sv->err)))
		return -1;
	for (size_t i = 0; i < cca_eval_nwaivers(sv->ev) && rc == 0; i++) {
		const struct cca_waiver *w = cca_eval_waiver(sv->ev, i);

		sqlite3_bind_int64(st, 1, sv->run_id);
		sqlite3_bind_int64(st, 2, (sqlite3_int64)i);
		cca_store_bind_text(st, 3, w->rule_id);
		cca_store_bind_text(st, 4, w->target);
		cca_store_bind_text(st, 5, w->by ? w->by : "");
		cca_store_bind_text(st, 6, w->reason ? w->reason : "");
		cca_store_bind_day(st, 7, w->date);
		cca_store_bind_day(st, 8, w->expires);
		cca_store_bind_text(st, 9, w->file ? w->file : "");
		sqlite3_bind_int(st, 10, (int)w->line);
		rc = sqlite3_step(st) == SQLITE_DONE ? 0 : cca_store_fail(sv->s, sv->err, "save the waivers");
		sqlite3_reset(st);
	}
	sqlite3_finalize(st);
	return rc;
}

/* The counts only known once the findings are in. */
static int update_counts(struct save *sv)
{
	sqlite3_stmt *st = cca_store_prepare(sv->s, "UPDATE run SET failed = ?2, open = ?3, "
					     "fixed = ?4 WHERE id = ?1", sv->err);

	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, sv->run_id);
	sqlite3_bind_int(st, 2, (int)sv->failed);
	sqlite3_bind_int(st, 3, (int)sv->open);
	sqlite3_bind_int(st, 4, (int)sv->fixed);
	return done(sv, st, "save the run");
}

int cca_store_trend(struct cca_store *s, sqlite3_int64 target_id, sqlite3_int64 upto,
		    struct cca_report *rep, struct cca_error *err)
{
	sqlite3_stmt *st = cca_store_prepare(s,
		"SELECT r.uuid, r.time, r.achieved, r.open, "
		"(SELECT score FROM score WHERE run_id = r.id AND kind = 'level' AND key = '1'), "
		"(SELECT score FROM score WHERE run_id = r.id AND kind = 'level' AND key = '2'), "
		"(SELECT score FROM score WHERE run_id = r.id AND kind = 'level' AND key = '3') "
		"FROM run r, run u WHERE u.id = ?2 AND r.target_id = ?1 "
		"AND (r.time < u.time OR (r.time = u.time AND r.id <= u.id)) "
		"ORDER BY r.time, r.id", err);
	int rc;

	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, target_id);
	sqlite3_bind_int64(st, 2, upto);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct cca_trend_point p = { .achieved = 0 };

		snprintf(p.run, sizeof p.run, "%s", (const char *)sqlite3_column_text(st, 0));
		p.time = (time_t)sqlite3_column_int64(st, 1);
		p.achieved = (unsigned)sqlite3_column_int(st, 2);
		p.open = (unsigned)sqlite3_column_int(st, 3);
		for (unsigned l = 1; l <= CCA_LEVEL_MAX; l++) {
			p.scored[l] = sqlite3_column_type(st, 3 + (int)l) != SQLITE_NULL;
			p.score[l] = sqlite3_column_double(st, 3 + (int)l);
		}
		cca_report_add_trend(rep, &p);
	}
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? 0 : cca_store_fail(s, err, "read the history");
}

int cca_store_save(struct cca_store *s, struct cca_report *rep,
		   const struct cca_run_source *src, struct cca_error *err)
{
	struct save sv = { .s = s, .rep = rep, .src = src, .err = err };
	char uuid[37], tsha[65];

	sv.ev = cca_report_eval(rep);
	sv.cat = cca_eval_catalog(sv.ev);
	if (new_uuid(uuid, err) < 0 || cca_store_begin(s, err) < 0)
		return -1;
	if (cca_store_target_id(s, cca_report_target(rep), true, &sv.target_id, err) < 0 ||
	    previous_run(&sv) < 0 ||
	    (src->tailoring_path && put_blob(&sv, src->tailoring, src->tailoring_len, tsha) < 0) ||
	    insert_run(&sv, uuid, src->tailoring_path ? tsha : NULL) < 0 ||
	    insert_catalogs(&sv) < 0 || insert_evidence(&sv) < 0 || insert_rules(&sv) < 0 ||
	    insert_scores(&sv) < 0 || insert_findings(&sv) < 0 || insert_fixed(&sv) < 0 ||
	    insert_answers(&sv) < 0 || update_counts(&sv) < 0 ||
	    cca_store_trend(s, sv.target_id, sv.run_id, rep, err) < 0 ||
	    cca_store_commit(s, err) < 0) {
		cca_store_rollback(s);
		return -1;
	}
	cca_report_set_run_id(rep, uuid);
	return 0;
}
