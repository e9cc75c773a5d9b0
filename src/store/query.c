/*
 * query.c - reading the history back: the runs of a target (`ccaudit
 * history`) and the findings tracked across them (`ccaudit findings`).
 *
 * A finding is followed by its fingerprint on its target.  As of the
 * target's latest run (by time, then id) it is open (failing there, not
 * waived), waived (failing there, waived by a suppression or a waiver of
 * its rule) or fixed (failed in an earlier run, not failing in the
 * latest).  The track table (schema.sql) holds, per fingerprint, the first
 * and last run it failed in, so a query reads one row per finding.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store-internal.h"

void cca_history_rows_free(struct cca_history_row *rows, size_t n)
{
	for (size_t i = 0; rows && i < n; i++)
		free(rows[i].target);
	free(rows);
}

int cca_store_history(struct cca_store *s, const char *target,
		      struct cca_history_row **rows, size_t *n,
		      struct cca_error *err)
{
	sqlite3_stmt *st = cca_store_prepare(s,
		"SELECT r.uuid, t.name, r.time, r.achieved, r.failed, r.open, r.fixed, "
		"l1.score, l2.score, l3.score FROM run r JOIN target t ON t.id = r.target_id "
		"LEFT JOIN score l1 ON l1.run_id = r.id AND l1.kind = 'level' AND l1.key = '1' "
		"LEFT JOIN score l2 ON l2.run_id = r.id AND l2.kind = 'level' AND l2.key = '2' "
		"LEFT JOIN score l3 ON l3.run_id = r.id AND l3.kind = 'level' AND l3.key = '3' "
		"WHERE ?1 IS NULL OR t.name = ?1 ORDER BY r.time, r.id", err);
	struct cca_history_row *v = NULL;
	size_t cnt = 0;
	int rc;

	*rows = NULL;
	*n = 0;
	if (!st)
		return -1;
	cca_store_bind_text(st, 1, target);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct cca_history_row *h;

		v = cca_xreallocarray(v, cnt + 1, sizeof *v);
		h = &v[cnt++];
		memset(h, 0, sizeof *h);
		snprintf(h->uuid, sizeof h->uuid, "%s", (const char *)sqlite3_column_text(st, 0));
		h->target = cca_store_column_dup(st, 1);
		h->time = (time_t)sqlite3_column_int64(st, 2);
		h->achieved = (unsigned)sqlite3_column_int(st, 3);
		h->failed = (unsigned)sqlite3_column_int(st, 4);
		h->open = (unsigned)sqlite3_column_int(st, 5);
		h->fixed = (unsigned)sqlite3_column_int(st, 6);
		for (unsigned l = 1; l <= CCA_LEVEL_MAX; l++) {
			h->scored[l] = sqlite3_column_type(st, 6 + (int)l) != SQLITE_NULL;
			h->score[l] = sqlite3_column_double(st, 6 + (int)l);
		}
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE) {
		cca_history_rows_free(v, cnt);
		return cca_store_fail(s, err, "read the history");
	}
	*rows = v;
	*n = cnt;
	return 0;
}

void cca_finding_rows_free(struct cca_finding_row *rows, size_t n)
{
	for (size_t i = 0; rows && i < n; i++) {
		struct cca_finding_row *r = &rows[i];

		free(r->target);
		free(r->rule_id);
		free(r->severity);
		free(r->location);
		free(r->message);
		free(r->lifecycle);
		free(r->owner);
		free(r->owner_role);
		free(r->waived_by);
		free(r->waiver_reason);
	}
	free(rows);
}

/*
 * One row per tracked finding of the targets asked for, as of each
 * target's latest run: the occurrence it last failed in (the first by seq
 * when a run has it twice), its rule result in that run, its current
 * assignment, and the waivers that may explain it: the run's waiver of
 * its rule (when the rule was waived) and the current waiver of the
 * finding, else of its rule on the target, else on every target.
 * ?1 target name or NULL; ?2 1 = current only, 2 = fixed only, 0 = both;
 * ?3 owner or NULL; ?4 level bits (0: any).
 */
static const char findings_sql[] =
	"WITH latest(target_id, run_id) AS ("
	" SELECT t.id, (SELECT r.id FROM run r WHERE r.target_id = t.id"
	"  ORDER BY r.time DESC, r.id DESC LIMIT 1)"
	" FROM target t WHERE ?1 IS NULL OR t.name = ?1) "
	"SELECT tg.name, k.fingerprint, fr.uuid, k.first_time, lr.uuid, k.last_run = l.run_id, "
	" f.rule_id, f.location, f.message, f.waived, f.lifecycle, "
	" f.sup_by, f.sup_reason, f.sup_expires, f.sup_source IS NOT NULL, "
	" rr.severity, rr.roles, rr.waived, a.owner, a.role, a.due, "
	" rw.by, rw.reason, rw.expires, rw.rule_id IS NOT NULL, "
	" w.by, w.reason, w.expires, w.id IS NOT NULL "
	"FROM latest l JOIN target tg ON tg.id = l.target_id "
	"JOIN track k ON k.target_id = l.target_id "
	"JOIN run fr ON fr.id = k.first_run JOIN run lr ON lr.id = k.last_run "
	"JOIN finding f ON f.run_id = k.last_run AND f.seq = (SELECT min(x.seq) FROM finding x "
	" INDEXED BY finding_by_fingerprint"
	" WHERE x.fingerprint = k.fingerprint AND x.run_id = k.last_run AND x.status = 'fail') "
	"JOIN rule_result rr ON rr.run_id = k.last_run AND rr.rule_id = f.rule_id "
	"LEFT JOIN assignment a ON a.target_id = l.target_id AND a.fingerprint = k.fingerprint "
	"LEFT JOIN run_waiver rw ON rr.waived AND rw.run_id = k.last_run AND rw.seq = ("
	" SELECT y.seq FROM run_waiver y WHERE y.run_id = k.last_run AND y.rule_id = f.rule_id"
	" ORDER BY ifnull(y.expires, 9223372036854775807) DESC, y.seq LIMIT 1) "
	"LEFT JOIN waiver w ON w.id = ("
	" SELECT z.id FROM waiver z WHERE (z.fingerprint = k.fingerprint AND z.target_id = l.target_id)"
	" OR (z.fingerprint = '' AND z.rule_id = f.rule_id"
	"  AND (z.target_id = l.target_id OR z.target_id IS NULL))"
	" ORDER BY z.fingerprint = '', z.target_id IS NULL LIMIT 1) "
	"WHERE l.run_id IS NOT NULL "
	" AND (?2 = 0 OR (k.last_run = l.run_id) = (?2 = 1)) "
	" AND (?3 IS NULL OR a.owner = ?3) "
	" AND (?4 = 0 OR (f.levels & ?4) <> 0)";

/* The level bits of CSVS levels 1..level (0: no filter). */
static unsigned level_mask(unsigned level)
{
	unsigned m = 0;

	for (unsigned l = 1; l <= level && l <= CCA_LEVEL_MAX; l++)
		m |= CCA_LEVEL_BIT(l);
	return m;
}

/*
 * The waiver shown with row r: the suppression the finding carried in its
 * run, else the run's waiver of its rule, else the current waiver of the
 * finding or its rule (columns 11-14, 21-24, 25-28 of findings_sql).
 */
static void set_waiver(struct cca_finding_row *r, sqlite3_stmt *st)
{
	static const int first[] = { 11, 21, 25 };

	r->waiver_expires = CCA_NEVER;
	for (size_t i = 0; i < CCA_ARRAY_SIZE(first); i++) {
		int c = first[i];

		if (!sqlite3_column_int(st, c + 3))
			continue;
		r->waived_by = cca_store_column_dup(st, c);
		r->waiver_reason = cca_store_column_dup(st, c + 1);
		r->waiver_expires = cca_store_column_day(st, c + 2, CCA_NEVER);
		return;
	}
}

/*
 * Fill r from the current row of findings_sql.  Returns false when the
 * row does not pass the filter's state or roles (r is then left empty).
 */
static bool read_row(sqlite3_stmt *st, const struct cca_finding_filter *f,
		     struct cca_finding_row *r)
{
	bool current = sqlite3_column_int(st, 5) != 0;
	bool waived = sqlite3_column_int(st, 9) || sqlite3_column_int(st, 17);
	enum cca_finding_state state = !current ? CCA_FS_FIXED
				       : waived ? CCA_FS_WAIVED : CCA_FS_OPEN;
	unsigned roles = (unsigned)sqlite3_column_int(st, 16), role_bit, effective;
	const char *owner_role = (const char *)sqlite3_column_text(st, 19);

	if (f->state != CCA_FS_ANY && f->state != state)
		return false;
	/* A finding assigned to a role belongs to that role; else to its rule's. */
	effective = owner_role && cca_role_parse(owner_role, &role_bit) == 0 ? role_bit : roles;
	if (f->roles != CCA_ROLE_ALL && !(effective & f->roles))
		return false;
	memset(r, 0, sizeof *r);
	snprintf(r->fingerprint, sizeof r->fingerprint, "%s",
		 (const char *)sqlite3_column_text(st, 1));
	r->target = cca_store_column_dup(st, 0);
	snprintf(r->first_run, sizeof r->first_run, "%s", (const char *)sqlite3_column_text(st, 2));
	r->first_seen = (time_t)sqlite3_column_int64(st, 3);
	snprintf(r->last_run, sizeof r->last_run, "%s", (const char *)sqlite3_column_text(st, 4));
	r->rule_id = cca_store_column_dup(st, 6);
	r->location = cca_store_column_dup(st, 7);
	r->message = cca_store_column_dup(st, 8);
	r->state = state;
	r->lifecycle = current ? cca_store_column_dup(st, 10) : cca_xstrdup("fixed");
	if (!r->lifecycle)
		r->lifecycle = cca_xstrdup("new");
	r->severity = cca_store_column_dup(st, 15);
	r->roles = roles;
	r->owner = cca_store_column_dup(st, 18);
	r->owner_role = cca_store_column_dup(st, 19);
	r->due = cca_store_column_day(st, 20, CCA_NO_DATE);
	set_waiver(r, st);
	return true;
}

/* Severity rank of a stored name, highest first when sorted ascending. */
static int severity_rank(const char *name)
{
	enum cca_severity s;

	return name && cca_severity_parse(name, &s) == 0 ? -(int)s : 1;
}

/* qsort() order: target, severity (highest first), rule, location, fingerprint. */
static int cmp_rows(const void *pa, const void *pb)
{
	const struct cca_finding_row *a = pa, *b = pb;
	int c;

	if ((c = strcmp(a->target, b->target)) != 0)
		return c;
	if ((c = severity_rank(a->severity) - severity_rank(b->severity)) != 0)
		return c;
	if ((c = strcmp(a->rule_id, b->rule_id)) != 0)
		return c;
	if ((c = strcmp(a->location, b->location)) != 0)
		return c;
	return strcmp(a->fingerprint, b->fingerprint);
}

int cca_store_findings(struct cca_store *s, const struct cca_finding_filter *f,
		       struct cca_finding_row **rows, size_t *n,
		       struct cca_error *err)
{
	sqlite3_stmt *st;
	struct cca_finding_row *v = NULL;
	size_t cnt = 0, cap = 0;
	int rc, which;

	*rows = NULL;
	*n = 0;
	/* One read transaction: the latest runs and their rows agree. */
	if (cca_store_exec(s, "BEGIN", err) < 0)
		return -1;
	st = cca_store_prepare(s, findings_sql, err);
	if (!st) {
		cca_store_rollback(s);
		return -1;
	}
	which = f->state == CCA_FS_FIXED ? 2 : f->state == CCA_FS_ANY ? 0 : 1;
	cca_store_bind_text(st, 1, f->target);
	sqlite3_bind_int(st, 2, which);
	cca_store_bind_text(st, 3, f->owner);
	sqlite3_bind_int(st, 4, (int)level_mask(f->level));
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (cnt == cap) {
			cap = cap ? 2 * cap : 64;
			v = cca_xreallocarray(v, cap, sizeof *v);
		}
		cnt += read_row(st, f, &v[cnt]);
	}
	if (rc != SQLITE_DONE)
		cca_store_fail(s, err, "read the findings");
	sqlite3_finalize(st);
	cca_store_rollback(s);
	if (rc != SQLITE_DONE) {
		cca_finding_rows_free(v, cnt);
		return -1;
	}
	if (cnt)
		qsort(v, cnt, sizeof *v, cmp_rows);
	*rows = v;
	*n = cnt;
	return 0;
}
