/*
 * decisions.c - what people decided about findings: owners (`ccaudit
 * assign`) and waivers (`ccaudit waive`), kept per target and applied to
 * every later run.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store-internal.h"

void cca_decisions_free(struct cca_decisions *d)
{
	if (!d)
		return;
	for (size_t i = 0; i < d->nassignments; i++) {
		free(d->assignments[i].owner);
		free(d->assignments[i].role);
		free(d->assignments[i].by);
	}
	for (size_t i = 0; i < d->nwaivers; i++) {
		struct cca_waiver *w = &d->waivers[i].waiver;

		free(w->rule_id);
		free(w->target);
		free(w->by);
		free(w->reason);
		free(w->file);
	}
	free(d->assignments);
	free(d->waivers);
	free(d);
}

const struct cca_assignment *cca_decisions_owner(const struct cca_decisions *d,
						 const char *fingerprint)
{
	for (size_t i = 0; d && i < d->nassignments; i++)
		if (strcmp(d->assignments[i].fingerprint, fingerprint) == 0)
			return &d->assignments[i];
	return NULL;
}

void cca_decisions_apply(const struct cca_decisions *d, struct cca_eval *ev)
{
	for (size_t i = 0; d && i < d->nwaivers; i++) {
		const struct cca_store_waiver *w = &d->waivers[i];

		if (w->fingerprint[0])
			cca_eval_suppress(ev, w->fingerprint, &w->waiver);
		else
			cca_eval_add_waiver(ev, &w->waiver);
	}
}

static int read_assignments(struct cca_store *s, sqlite3_int64 tid,
			    struct cca_decisions *d, struct cca_error *err)
{
	sqlite3_stmt *st = cca_store_prepare(s,
		"SELECT fingerprint, owner, role, due, by, date FROM assignment "
		"WHERE target_id = ?1 ORDER BY fingerprint", err);
	int rc;

	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, tid);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct cca_assignment *a;

		d->assignments = cca_xreallocarray(d->assignments, d->nassignments + 1,
						   sizeof *d->assignments);
		a = &d->assignments[d->nassignments++];
		snprintf(a->fingerprint, sizeof a->fingerprint, "%s",
			 (const char *)sqlite3_column_text(st, 0));
		a->owner = cca_store_column_dup(st, 1);
		a->role = cca_store_column_dup(st, 2);
		a->due = cca_store_column_day(st, 3, CCA_NO_DATE);
		a->by = cca_store_column_dup(st, 4);
		a->date = sqlite3_column_int64(st, 5);
	}
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? 0 : cca_store_fail(s, err, "read the assignments");
}

static int read_waivers(struct cca_store *s, sqlite3_int64 tid, const char *target,
			struct cca_decisions *d, struct cca_error *err)
{
	sqlite3_stmt *st = cca_store_prepare(s,
		"SELECT fingerprint, rule_id, target_id IS NOT NULL, by, reason, date, expires, id "
		"FROM waiver WHERE target_id = ?1 OR target_id IS NULL ORDER BY id", err);
	int rc;

	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, tid);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct cca_store_waiver *sw;
		struct cca_waiver *w;

		d->waivers = cca_xreallocarray(d->waivers, d->nwaivers + 1, sizeof *d->waivers);
		sw = &d->waivers[d->nwaivers++];
		snprintf(sw->fingerprint, sizeof sw->fingerprint, "%s",
			 (const char *)sqlite3_column_text(st, 0));
		w = &sw->waiver;
		w->rule_id = cca_store_column_dup(st, 1);
		w->target = sqlite3_column_int(st, 2) ? cca_xstrdup(target) : NULL;
		w->by = cca_store_column_dup(st, 3);
		w->reason = cca_store_column_dup(st, 4);
		w->date = sqlite3_column_int64(st, 5);
		w->expires = cca_store_column_day(st, 6, CCA_NEVER);
		w->file = cca_xasprintf("ccaudit waive #%lld", (long long)sqlite3_column_int64(st, 7));
		w->line = 0;
	}
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? 0 : cca_store_fail(s, err, "read the waivers");
}

int cca_store_decisions(struct cca_store *s, const char *target,
			struct cca_decisions **out, struct cca_error *err)
{
	struct cca_decisions *d = cca_xcalloc(1, sizeof *d);
	sqlite3_int64 tid;

	*out = NULL;
	if (cca_store_target_id(s, target, false, &tid, err) < 0 ||
	    read_assignments(s, tid, d, err) < 0 || read_waivers(s, tid, target, d, err) < 0) {
		cca_decisions_free(d);
		return -1;
	}
	*out = d;
	return 0;
}

/*
 * The one stored finding whose fingerprint starts with prefix (at least 6
 * hex digits): its full fingerprint, rule id and target id.
 */
static int resolve_finding(struct cca_store *s, const char *prefix, char fp[33],
			   char **rule_id, sqlite3_int64 *tid, struct cca_error *err)
{
	size_t n = strlen(prefix);
	sqlite3_stmt *st;
	int rc, matches = 0;

	for (size_t i = 0; i < n; i++)
		if (!isxdigit((unsigned char)prefix[i]) || isupper((unsigned char)prefix[i]))
			n = 0;
	if (n < 6 || n > 32)
		return cca_error_set(err, CCA_EUSAGE, "'%s' is not a finding id (6 to 32 "
				     "lower-case hex digits, as 'ccaudit findings' shows)", prefix);
	st = cca_store_prepare(s,
		"SELECT DISTINCT f.fingerprint, f.rule_id, r.target_id FROM finding f "
		"JOIN run r ON r.id = f.run_id WHERE f.fingerprint >= ?1 AND f.fingerprint < ?2 "
		"LIMIT 2", err);
	if (!st)
		return -1;
	{
		char *hi = cca_xasprintf("%sg", prefix);  /* 'g' sorts after every hex digit */

		cca_store_bind_text(st, 1, prefix);
		cca_store_bind_text(st, 2, hi);
		free(hi);
	}
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (matches++ == 0) {
			snprintf(fp, 33, "%s", (const char *)sqlite3_column_text(st, 0));
			*rule_id = cca_store_column_dup(st, 1);
			*tid = sqlite3_column_int64(st, 2);
		}
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return cca_store_fail(s, err, "read the findings");
	if (matches == 1)
		return 0;
	if (matches) {
		free(*rule_id);
		*rule_id = NULL;
	}
	return cca_error_set(err, CCA_EUSAGE, matches ? "finding id '%s' is ambiguous: give more "
			     "digits" : "no stored finding has the id '%s'", prefix);
}

int cca_store_assign(struct cca_store *s, const char *finding,
		     const struct cca_assignment *a, struct cca_error *err)
{
	sqlite3_stmt *st = NULL;
	char *rule_id = NULL, fp[33];
	sqlite3_int64 tid;
	int rc = -1;

	if (cca_store_begin(s, err) < 0)
		return -1;
	if (resolve_finding(s, finding, fp, &rule_id, &tid, err) < 0 ||
	    !(st = cca_store_prepare(s,
		"INSERT OR REPLACE INTO assignment(target_id, fingerprint, owner, role, due, by, "
		"date) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)", err)))
		goto out;
	sqlite3_bind_int64(st, 1, tid);
	cca_store_bind_text(st, 2, fp);
	cca_store_bind_text(st, 3, a->owner);
	cca_store_bind_text(st, 4, a->role);
	cca_store_bind_day(st, 5, a->due);
	cca_store_bind_text(st, 6, a->by);
	sqlite3_bind_int64(st, 7, a->date);
	if (sqlite3_step(st) != SQLITE_DONE) {
		cca_store_fail(s, err, "save the assignment");
		goto out;
	}
	rc = cca_store_commit(s, err);
out:
	sqlite3_finalize(st);
	if (rc < 0)
		cca_store_rollback(s);
	free(rule_id);
	return rc;
}

int cca_store_waive(struct cca_store *s, const char *finding,
		    const struct cca_waiver *w, struct cca_error *err)
{
	sqlite3_stmt *st = NULL;
	char *rule_id = NULL, fp[33] = "";
	sqlite3_int64 tid = 0;
	int rc = -1;

	if (cca_store_begin(s, err) < 0)
		return -1;
	if (finding ? resolve_finding(s, finding, fp, &rule_id, &tid, err) < 0
		    : w->target && cca_store_target_id(s, w->target, true, &tid, err) < 0)
		goto out;
	if (!(st = cca_store_prepare(s,
		"INSERT OR REPLACE INTO waiver(id, target_id, fingerprint, rule_id, by, reason, "
		"date, expires) VALUES ((SELECT id FROM waiver WHERE ifnull(target_id, 0) = ?1 "
		"AND fingerprint = ?2 AND rule_id = ?3), nullif(?1, 0), ?2, ?3, ?4, ?5, ?6, ?7)",
		err)))
		goto out;
	sqlite3_bind_int64(st, 1, tid);
	cca_store_bind_text(st, 2, fp);
	cca_store_bind_text(st, 3, rule_id ? rule_id : w->rule_id);
	cca_store_bind_text(st, 4, w->by);
	cca_store_bind_text(st, 5, w->reason);
	sqlite3_bind_int64(st, 6, w->date);
	cca_store_bind_day(st, 7, w->expires);
	if (sqlite3_step(st) != SQLITE_DONE) {
		cca_store_fail(s, err, "save the waiver");
		goto out;
	}
	rc = cca_store_commit(s, err);
out:
	sqlite3_finalize(st);
	if (rc < 0)
		cca_store_rollback(s);
	free(rule_id);
	return rc;
}
