/*
 * export.c - moving runs between history databases: every stored row of
 * a run (and the catalog and tailoring bytes it references) as one JSON
 * document, and merging such a document into another database.
 *
 * The document:
 *   {"format": "ccaudit-export", "version": 1,
 *    "blobs": [{"sha256": HEX, "hex": DATA}...],
 *    "runs": [{"uuid": ..., "target": NAME, <run columns>,
 *              "catalogs": [...], "evidence": [...], ... one array per
 *              table below, each row an object of its columns}...],
 *    "decisions": {"assignments": [{"target": NAME, ...}...],
 *                  "waivers": [{"target": NAME or null, ...}...]}}
 * Rows are written and read as stored: nothing is recomputed on import.
 */
#include <ctype.h>
#include <inttypes.h>
#include <jansson.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store-internal.h"

#define FORMAT_NAME "ccaudit-export"
#define FORMAT_VERSION 1

/* A column: its name, type (i integer, r real, t text) and whether NULL is allowed. */
struct column {
	const char *name;
	char type;
	bool null;
};

/* A table of a run's rows: its name, its key in the document, its columns. */
struct table {
	const char *name;
	const char *key;
	const char *order;           /* ORDER BY of the export */
	const struct column *cols;
	size_t ncols;
};

#define COLS(a) a, CCA_ARRAY_SIZE(a)

static const struct column run_cols[] = {
	{ "uuid", 't', false }, { "time", 'i', false }, { "today", 'i', false },
	{ "tool_version", 't', false }, { "catalog_version", 't', false },
	{ "profile", 't', false }, { "roles", 'i', false }, { "tailoring_path", 't', true },
	{ "tailoring_sha256", 't', true }, { "eval_target", 't', false },
	{ "auditor", 't', true }, { "achieved", 'i', false }, { "failed", 'i', false },
	{ "open", 'i', false }, { "fixed", 'i', false }
};
static const struct column catalog_cols[] = {
	{ "seq", 'i', false }, { "path", 't', false }, { "sha256", 't', false }
};
static const struct column evidence_cols[] = {
	{ "seq", 'i', false }, { "kind", 't', false }, { "path", 't', false },
	{ "size", 'i', false }, { "sha256", 't', false }
};
static const struct column kind_cols[] = { { "kind", 't', false }, { "items", 'i', false } };
static const struct column rule_cols[] = {
	{ "rule_id", 't', false }, { "status", 't', false }, { "observed", 't', false },
	{ "waived", 'i', false }, { "checked", 'i', false }, { "severity", 't', false },
	{ "roles", 'i', false }, { "message", 't', true }
};
static const struct column control_cols[] = {
	{ "control_id", 't', false }, { "status", 't', false }
};
static const struct column score_cols[] = {
	{ "kind", 't', false }, { "key", 't', false }, { "pass", 'i', false },
	{ "waived", 'i', false }, { "fail", 'i', false }, { "error", 'i', false },
	{ "unverified", 'i', false }, { "notapplicable", 'i', false },
	{ "score", 'r', true }, { "met", 'i', true }
};
static const struct column finding_cols[] = {
	{ "seq", 'i', false }, { "rule_id", 't', false }, { "fingerprint", 't', false },
	{ "target", 't', false }, { "status", 't', false }, { "location", 't', false },
	{ "message", 't', false }, { "waived", 'i', false }, { "levels", 'i', false },
	{ "lifecycle", 't', true }, { "owner", 't', true }, { "owner_role", 't', true },
	{ "due", 'i', true }, { "sup_source", 't', true }, { "sup_rule_id", 't', true },
	{ "sup_target", 't', true }, { "sup_by", 't', true }, { "sup_reason", 't', true },
	{ "sup_date", 'i', true }, { "sup_expires", 'i', true }, { "sup_file", 't', true },
	{ "sup_line", 'i', true }
};
static const struct column fixed_cols[] = {
	{ "fingerprint", 't', false }, { "rule_id", 't', false }, { "location", 't', false }
};
static const struct column attestation_cols[] = {
	{ "seq", 'i', false }, { "rule_id", 't', false }, { "status", 't', false },
	{ "by", 't', false }, { "date", 'i', false }, { "expires", 'i', true },
	{ "note", 't', true }, { "evidence", 't', true }, { "file", 't', false },
	{ "line", 'i', false }
};
static const struct column run_waiver_cols[] = {
	{ "seq", 'i', false }, { "rule_id", 't', false }, { "target", 't', true },
	{ "by", 't', false }, { "reason", 't', false }, { "date", 'i', true },
	{ "expires", 'i', true }, { "file", 't', false }, { "line", 'i', false }
};

/* The rows that belong to a run (run_id), in the order they are imported. */
static const struct table run_tables[] = {
	{ "run_catalog", "catalogs", "seq", COLS(catalog_cols) },
	{ "evidence", "evidence", "seq", COLS(evidence_cols) },
	{ "evidence_kind", "evidence_kinds", "kind", COLS(kind_cols) },
	{ "rule_result", "rule_results", "rule_id", COLS(rule_cols) },
	{ "control_result", "control_results", "control_id", COLS(control_cols) },
	{ "score", "scores", "kind, key", COLS(score_cols) },
	{ "finding", "findings", "seq", COLS(finding_cols) },
	{ "fixed", "fixed_findings", "fingerprint", COLS(fixed_cols) },
	{ "attestation", "attestations", "seq", COLS(attestation_cols) },
	{ "run_waiver", "waivers", "seq", COLS(run_waiver_cols) }
};

static const struct column assignment_cols[] = {
	{ "fingerprint", 't', false }, { "owner", 't', false }, { "role", 't', true },
	{ "due", 'i', true }, { "by", 't', true }, { "date", 'i', false }
};
static const struct column waiver_cols[] = {
	{ "fingerprint", 't', false }, { "rule_id", 't', false }, { "by", 't', false },
	{ "reason", 't', false }, { "date", 'i', false }, { "expires", 'i', true }
};

/* ---- export ------------------------------------------------------------ */

/* The value of column i of st as JSON (invalid UTF-8 repaired). */
static json_t *column_json(sqlite3_stmt *st, int i)
{
	switch (sqlite3_column_type(st, i)) {
	case SQLITE_NULL:
		return json_null();
	case SQLITE_INTEGER:
		return json_integer((json_int_t)sqlite3_column_int64(st, i));
	case SQLITE_FLOAT:
		return json_real(sqlite3_column_double(st, i));
	default: {
		const char *t = (const char *)sqlite3_column_text(st, i);
		size_t n = (size_t)sqlite3_column_bytes(st, i);
		json_t *v;
		char *fixed;

		if (cca_utf8_valid(t, n) && memchr(t, '\0', n) == NULL)
			return json_stringn(t, n);
		fixed = cca_utf8_repair(t);
		v = json_string(fixed);
		free(fixed);
		return v;
	}
	}
}

/* Set the columns of the current row of st (from column first on) in obj. */
static void row_json(sqlite3_stmt *st, int first, const struct column *cols, size_t ncols,
		     json_t *obj)
{
	for (size_t i = 0; i < ncols; i++)
		json_object_set_new(obj, cols[i].name, column_json(st, first + (int)i));
}

/* "SELECT c1, c2 ... FROM table WHERE run_id = ?1 ORDER BY ..." (static names). */
static char *select_sql(const struct table *t)
{
	struct cca_buf b;

	cca_buf_init(&b);
	cca_buf_puts(&b, "SELECT ");
	for (size_t i = 0; i < t->ncols; i++)
		cca_buf_printf(&b, "%s\"%s\"", i ? ", " : "", t->cols[i].name);
	cca_buf_printf(&b, " FROM %s WHERE run_id = ?1 ORDER BY %s", t->name, t->order);
	return cca_buf_detach(&b);
}

/* Add the rows of table t of run id to the run object. */
static int export_table(struct cca_store *s, sqlite3_int64 id, const struct table *t,
			json_t *run, struct cca_error *err)
{
	char *sql = select_sql(t);
	sqlite3_stmt *st = cca_store_prepare(s, sql, err);
	json_t *arr = json_array();
	int rc;

	free(sql);
	json_object_set_new(run, t->key, arr);
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, id);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		json_t *row = json_object();

		row_json(st, 0, t->cols, t->ncols, row);
		json_array_append_new(arr, row);
	}
	if (rc != SQLITE_DONE)
		cca_store_fail(s, err, "read the run");
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? 0 : -1;
}

/* Lower-case hex of len bytes. */
static json_t *hex_json(const unsigned char *p, size_t len)
{
	static const char digits[] = "0123456789abcdef";
	char *h = cca_xmalloc(2 * len + 1);
	json_t *v;

	for (size_t i = 0; i < len; i++) {
		h[2 * i] = digits[p[i] >> 4];
		h[2 * i + 1] = digits[p[i] & 15];
	}
	h[2 * len] = '\0';
	v = json_stringn(h, 2 * len);
	free(h);
	return v;
}

/* Add blob sha to blobs (an object keyed by sha256) unless it is there. */
static int export_blob(struct cca_store *s, const char *sha, json_t *blobs,
		       struct cca_error *err)
{
	sqlite3_stmt *st;
	int rc;

	if (!sha || json_object_get(blobs, sha))
		return 0;
	st = cca_store_prepare(s, "SELECT data FROM blob WHERE sha256 = ?1", err);
	if (!st)
		return -1;
	cca_store_bind_text(st, 1, sha);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		json_object_set_new(blobs, sha, hex_json(sqlite3_column_blob(st, 0),
							 (size_t)sqlite3_column_bytes(st, 0)));
	else if (rc != SQLITE_DONE)
		cca_store_fail(s, err, "read a stored catalog");
	else
		cca_error_set(err, CCA_ESTORE, "history database '%s': the stored copy '%s' is "
			      "missing", s->path, sha);
	sqlite3_finalize(st);
	return rc == SQLITE_ROW ? 0 : -1;
}

/* The run uuid as a JSON object with its rows; its blobs added to blobs. */
static int export_run(struct cca_store *s, const char *uuid, json_t *runs, json_t *blobs,
		      json_t *targets, struct cca_error *err)
{
	sqlite3_stmt *st = cca_store_prepare(s,
		"SELECT r.id, t.name, r.uuid, r.time, r.today, r.tool_version, r.catalog_version, "
		"r.profile, r.roles, r.tailoring_path, r.tailoring_sha256, r.eval_target, r.auditor, "
		"r.achieved, r.failed, r.open, r.fixed FROM run r JOIN target t ON t.id = r.target_id "
		"WHERE r.uuid = ?1", err);
	json_t *run = json_object();
	sqlite3_int64 id = 0;
	int rc;

	json_array_append_new(runs, run);
	if (!st)
		return -1;
	cca_store_bind_text(st, 1, uuid);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		id = sqlite3_column_int64(st, 0);
		json_object_set_new(run, "target", column_json(st, 1));
		row_json(st, 2, run_cols, CCA_ARRAY_SIZE(run_cols), run);
		json_object_set_new(targets, (const char *)sqlite3_column_text(st, 1), json_true());
	} else {
		cca_store_fail(s, err, "read the run");
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_ROW)
		return -1;
	if (export_blob(s, json_string_value(json_object_get(run, "tailoring_sha256")), blobs,
			err) < 0)
		return -1;
	for (size_t i = 0; i < CCA_ARRAY_SIZE(run_tables); i++)
		if (export_table(s, id, &run_tables[i], run, err) < 0)
			return -1;
	{
		json_t *cats = json_object_get(run, "catalogs"), *c;
		size_t i;

		json_array_foreach(cats, i, c)
			if (export_blob(s, json_string_value(json_object_get(c, "sha256")), blobs,
					err) < 0)
				return -1;
	}
	return 0;
}

/*
 * The assignments and waivers of the targets named in targets (an object
 * whose keys are names), and the rule waivers of every target.
 */
static int export_decisions(struct cca_store *s, json_t *targets, json_t *doc,
			    struct cca_error *err)
{
	json_t *dec = json_object(), *as = json_array(), *ws = json_array();
	sqlite3_stmt *st;
	int rc;

	json_object_set_new(dec, "assignments", as);
	json_object_set_new(dec, "waivers", ws);
	json_object_set_new(doc, "decisions", dec);
	st = cca_store_prepare(s, "SELECT t.name, a.fingerprint, a.owner, a.role, a.due, a.by, "
			       "a.date FROM assignment a JOIN target t ON t.id = a.target_id "
			       "ORDER BY t.name, a.fingerprint", err);
	if (!st)
		return -1;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		json_t *row;

		if (!json_object_get(targets, (const char *)sqlite3_column_text(st, 0)))
			continue;
		row = json_object();
		json_object_set_new(row, "target", column_json(st, 0));
		row_json(st, 1, assignment_cols, CCA_ARRAY_SIZE(assignment_cols), row);
		json_array_append_new(as, row);
	}
	if (rc != SQLITE_DONE)
		cca_store_fail(s, err, "read the assignments");
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return -1;
	st = cca_store_prepare(s, "SELECT t.name, w.fingerprint, w.rule_id, w.by, w.reason, "
			       "w.date, w.expires FROM waiver w LEFT JOIN target t ON t.id = w.target_id "
			       "ORDER BY w.id", err);
	if (!st)
		return -1;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		json_t *row;

		if (sqlite3_column_type(st, 0) != SQLITE_NULL &&
		    !json_object_get(targets, (const char *)sqlite3_column_text(st, 0)))
			continue;
		row = json_object();
		json_object_set_new(row, "target", column_json(st, 0));
		row_json(st, 1, waiver_cols, CCA_ARRAY_SIZE(waiver_cols), row);
		json_array_append_new(ws, row);
	}
	if (rc != SQLITE_DONE)
		cca_store_fail(s, err, "read the waivers");
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? 0 : -1;
}

/* jansson's dump callback: append to a struct cca_buf. */
static int dump_to_buf(const char *buffer, size_t size, void *data)
{
	cca_buf_add(data, buffer, size);
	return 0;
}

/* blobs (sha256 -> hex) as the document's array of {"sha256", "hex"}. */
static json_t *blob_array(json_t *blobs)
{
	json_t *arr = json_array(), *v;
	const char *sha;

	json_object_foreach(blobs, sha, v) {
		json_t *b = json_object();

		json_object_set_new(b, "sha256", json_string(sha));
		json_object_set(b, "hex", v);
		json_array_append_new(arr, b);
	}
	return arr;
}

int cca_store_export(struct cca_store *s, const char *const *runs, size_t nruns,
		     struct cca_buf *out, struct cca_error *err)
{
	json_t *doc = json_object(), *arr = json_array(), *blobs = json_object();
	json_t *targets = json_object(), *seen = json_object();
	int rc = -1;

	json_object_set_new(doc, "format", json_string(FORMAT_NAME));
	json_object_set_new(doc, "version", json_integer(FORMAT_VERSION));
	/* One read transaction: every run is seen whole. */
	if (cca_store_exec(s, "BEGIN", err) < 0)
		goto out;
	for (size_t i = 0; i < nruns; i++) {
		char uuid[37];

		if (cca_store_resolve_run(s, runs[i], uuid, err) < 0)
			goto out;
		if (json_object_get(seen, uuid))
			continue;   /* named twice */
		json_object_set_new(seen, uuid, json_true());
		if (export_run(s, uuid, arr, blobs, targets, err) < 0)
			goto out;
	}
	if (export_decisions(s, targets, doc, err) < 0)
		goto out;
	json_object_set_new(doc, "blobs", blob_array(blobs));
	json_object_set_new(doc, "runs", arr);
	arr = NULL;
	if (json_dump_callback(doc, dump_to_buf, out, JSON_INDENT(1) | JSON_PRESERVE_ORDER) < 0) {
		cca_error_set(err, CCA_EINTERNAL, "cannot write the export document");
		goto out;
	}
	cca_buf_putc(out, '\n');
	rc = 0;
out:
	cca_store_rollback(s);
	json_decref(arr);
	json_decref(doc);
	json_decref(blobs);
	json_decref(targets);
	json_decref(seen);
	return rc;
}

/* ---- import ------------------------------------------------------------ */

/* What one import works with. */
struct import {
	struct cca_store *s;
	const char *path;
	struct cca_error *err;
	char where[160];        /* the element being read: "runs[2].findings[5]" */
};

static int bad(struct import *im, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* Fail with CCA_EINPUT: "FILE: WHERE: message". */
static int bad(struct import *im, const char *fmt, ...)
{
	char msg[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	return cca_error_set(im->err, CCA_EINPUT, "%s: %s%s%s", im->path, im->where,
			     im->where[0] ? ": " : "", msg);
}

static const char *type_name(char type)
{
	return type == 'i' ? "an integer" : type == 'r' ? "a number" : "a string";
}

/* Check obj against cols: every column present and typed, nothing else. */
static int check_row(struct import *im, json_t *obj, const struct column *cols, size_t ncols,
		     const char *extra)
{
	const char *key;
	json_t *v;

	if (!json_is_object(obj))
		return bad(im, "must be an object");
	for (size_t i = 0; i < ncols; i++) {
		v = json_object_get(obj, cols[i].name);
		if (!v)
			return bad(im, "missing field '%s'", cols[i].name);
		if (json_is_null(v) && cols[i].null)
			continue;
		if ((cols[i].type == 'i' && !json_is_integer(v)) ||
		    (cols[i].type == 'r' && !json_is_number(v)) ||
		    (cols[i].type == 't' && !json_is_string(v)))
			return bad(im, "'%s' must be %s%s", cols[i].name, type_name(cols[i].type),
				   cols[i].null ? " or null" : "");
	}
	json_object_foreach(obj, key, v) {
		bool known = extra && strcmp(key, extra) == 0;

		for (size_t i = 0; i < ncols && !known; i++)
			known = strcmp(key, cols[i].name) == 0;
		if (!known)
			return bad(im, "unknown field '%s'", key);
	}
	return 0;
}

/* Bind the columns of a checked row to st from parameter first on. */
static void bind_row(sqlite3_stmt *st, int first, json_t *obj, const struct column *cols,
		     size_t ncols)
{
	for (size_t i = 0; i < ncols; i++) {
		json_t *v = json_object_get(obj, cols[i].name);
		int p = first + (int)i;

		if (json_is_null(v))
			sqlite3_bind_null(st, p);
		else if (json_is_integer(v))
			sqlite3_bind_int64(st, p, (sqlite3_int64)json_integer_value(v));
		else if (json_is_real(v))
			sqlite3_bind_double(st, p, json_real_value(v));
		else
			sqlite3_bind_text(st, p, json_string_value(v), (int)json_string_length(v),
					  SQLITE_TRANSIENT);
	}
}

/* "INSERT INTO table(prefix c1, ...) VALUES (?1, ...)" (static names). */
static char *insert_sql(const char *verb, const char *table, const char *prefix,
			const struct column *cols, size_t ncols)
{
	struct cca_buf b;
	size_t np = prefix ? 1 : 0;

	cca_buf_init(&b);
	cca_buf_printf(&b, "%s INTO %s(%s", verb, table, prefix ? prefix : "");
	for (size_t i = 0; i < ncols; i++)
		cca_buf_printf(&b, "%s\"%s\"", i || prefix ? ", " : "", cols[i].name);
	cca_buf_puts(&b, ") VALUES (");
	for (size_t i = 0; i < ncols + np; i++)
		cca_buf_printf(&b, "%s?%zu", i ? ", " : "", i + 1);
	cca_buf_puts(&b, ")");
	return cca_buf_detach(&b);
}

/* Step an insert: a constraint failure is bad input, anything else the store's. */
static int step_insert(struct import *im, sqlite3_stmt *st)
{
	int rc = sqlite3_step(st);

	sqlite3_reset(st);
	if (rc == SQLITE_DONE)
		return 0;
	if ((rc & 0xff) == SQLITE_CONSTRAINT)
		return bad(im, "a row repeats or contradicts another (%s)",
			   sqlite3_errmsg(im->s->db));
	return cca_store_fail(im->s, im->err, "import");
}

/* The array at key of obj, checked; NULL with the error set otherwise. */
static json_t *get_array(struct import *im, json_t *obj, const char *key)
{
	json_t *a = json_object_get(obj, key);

	if (!a)
		bad(im, "missing field '%s'", key);
	else if (!json_is_array(a))
		bad(im, "'%s' must be an array", key);
	return json_is_array(a) ? a : NULL;
}

/*
 * Check (and unless dry, insert for run id) the rows of table t in run
 * object run; im->where is "runs[N]" on entry and is restored.
 */
static int put_table(struct import *im, json_t *run, const struct table *t, sqlite3_int64 id,
		     bool dry)
{
	size_t base = strlen(im->where), i;
	json_t *arr = get_array(im, run, t->key), *row;
	sqlite3_stmt *st = NULL;
	int rc = 0;

	if (!arr)
		return -1;
	if (!dry) {
		char *sql = insert_sql("INSERT", t->name, "run_id", t->cols, t->ncols);

		st = cca_store_prepare(im->s, sql, im->err);
		free(sql);
		if (!st)
			return -1;
	}
	json_array_foreach(arr, i, row) {
		snprintf(im->where + base, sizeof im->where - base, ".%s[%zu]", t->key, i);
		if ((rc = check_row(im, row, t->cols, t->ncols, NULL)) < 0)
			break;
		if (dry)
			continue;
		sqlite3_bind_int64(st, 1, id);
		bind_row(st, 2, row, t->cols, t->ncols);
		if ((rc = step_insert(im, st)) < 0)
			break;
	}
	sqlite3_finalize(st);
	if (rc == 0)
		im->where[base] = '\0';
	return rc;
}

/* Whether the store holds blob sha (NULL: nothing to hold). */
static int need_blob(struct import *im, json_t *sha)
{
	sqlite3_stmt *st;
	int rc;

	if (!json_is_string(sha))
		return 0;
	st = cca_store_prepare(im->s, "SELECT 1 FROM blob WHERE sha256 = ?1", im->err);
	if (!st)
		return -1;
	cca_store_bind_text(st, 1, json_string_value(sha));
	rc = sqlite3_step(st);
	sqlite3_finalize(st);
	if (rc == SQLITE_ROW)
		return 0;
	if (rc != SQLITE_DONE)
		return cca_store_fail(im->s, im->err, "import");
	return bad(im, "the stored file %s it refers to is not in 'blobs'", json_string_value(sha));
}

/* Whether uuid is a run id as ccaudit makes them (36 lower-case hex and dashes). */
static bool uuid_ok(const char *u)
{
	if (strlen(u) != 36)
		return false;
	for (size_t i = 0; i < 36; i++)
		if (i == 8 || i == 13 || i == 18 || i == 23 ? u[i] != '-'
		    : !isxdigit((unsigned char)u[i]) || isupper((unsigned char)u[i]))
			return false;
	return true;
}

/* Whether a run with uuid is stored already. */
static int run_present(struct import *im, const char *uuid, bool *yes)
{
	sqlite3_stmt *st = cca_store_prepare(im->s, "SELECT 1 FROM run WHERE uuid = ?1", im->err);
	int rc;

	if (!st)
		return -1;
	cca_store_bind_text(st, 1, uuid);
	rc = sqlite3_step(st);
	sqlite3_finalize(st);
	*yes = rc == SQLITE_ROW;
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : cca_store_fail(im->s, im->err, "import");
}

/* Import runs[i] (checked whole even when present); count it. */
static int put_run(struct import *im, json_t *run, size_t i, size_t *added, size_t *skipped)
{
	const char *uuid, *target;
	sqlite3_int64 tid = 0, id = 0;
	sqlite3_stmt *st;
	bool present;
	char *sql;
	json_t *cats, *c;
	size_t k;

	snprintf(im->where, sizeof im->where, "runs[%zu]", i);
	if (!json_is_object(run))
		return bad(im, "must be an object");
	{
		json_t *tv = json_object_get(run, "target");

		if (!json_is_string(tv))
			return bad(im, tv ? "'target' must be a string" : "missing field 'target'");
		target = json_string_value(tv);
	}
	/* The run's own columns, then one array per table. */
	{
		json_t *cols = json_object();
		const char *key;
		json_t *v;
		int rc;

		json_object_foreach(run, key, v) {
			bool table = strcmp(key, "target") == 0;

			for (size_t t = 0; t < CCA_ARRAY_SIZE(run_tables) && !table; t++)
				table = strcmp(key, run_tables[t].key) == 0;
			if (!table)
				json_object_set(cols, key, v);
		}
		rc = check_row(im, cols, run_cols, CCA_ARRAY_SIZE(run_cols), NULL);
		json_decref(cols);
		if (rc < 0)
			return -1;
	}
	uuid = json_string_value(json_object_get(run, "uuid"));
	if (!uuid_ok(uuid))
		return bad(im, "'%s' is not a run id", uuid);
	if (run_present(im, uuid, &present) < 0)
		return -1;
	if (present) {
		for (size_t t = 0; t < CCA_ARRAY_SIZE(run_tables); t++)
			if (put_table(im, run, &run_tables[t], 0, true) < 0)
				return -1;
		++*skipped;
		return 0;
	}
	if (need_blob(im, json_object_get(run, "tailoring_sha256")) < 0 ||
	    cca_store_target_id(im->s, target, true, &tid, im->err) < 0)
		return -1;
	sql = insert_sql("INSERT", "run", "target_id", run_cols, CCA_ARRAY_SIZE(run_cols));
	st = cca_store_prepare(im->s, sql, im->err);
	free(sql);
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, tid);
	bind_row(st, 2, run, run_cols, CCA_ARRAY_SIZE(run_cols));
	present = step_insert(im, st) < 0;
	sqlite3_finalize(st);
	if (present)
		return -1;
	id = sqlite3_last_insert_rowid(im->s->db);
	cats = get_array(im, run, "catalogs");
	json_array_foreach(cats, k, c)
		if (need_blob(im, json_object_get(c, "sha256")) < 0)
			return -1;
	for (size_t t = 0; t < CCA_ARRAY_SIZE(run_tables); t++)
		if (put_table(im, run, &run_tables[t], id, false) < 0)
			return -1;
	++*added;
	return 0;
}

/* Decode lower-case or upper-case hex of n digits into out; -1 when not hex. */
static int unhex(const char *h, size_t n, unsigned char *out)
{
	if (n % 2)
		return -1;
	for (size_t i = 0; i < n; i += 2) {
		int hi = isxdigit((unsigned char)h[i]), lo = isxdigit((unsigned char)h[i + 1]);
		char pair[3] = { h[i], h[i + 1], '\0' };

		if (!hi || !lo)
			return -1;
		out[i / 2] = (unsigned char)strtoul(pair, NULL, 16);
	}
	return 0;
}

/* Store every blob of the document, each checked against its SHA-256. */
static int put_blobs(struct import *im, json_t *doc)
{
	static const struct column cols[] = { { "sha256", 't', false }, { "hex", 't', false } };
	json_t *arr, *b;
	size_t i;

	snprintf(im->where, sizeof im->where, "%s", "");
	if (!(arr = get_array(im, doc, "blobs")))
		return -1;
	json_array_foreach(arr, i, b) {
		const char *hex;
		size_t n;
		unsigned char *data;
		char sha[65];
		sqlite3_stmt *st;
		int rc;

		snprintf(im->where, sizeof im->where, "blobs[%zu]", i);
		if (check_row(im, b, cols, 2, NULL) < 0)
			return -1;
		hex = json_string_value(json_object_get(b, "hex"));
		n = json_string_length(json_object_get(b, "hex"));
		data = cca_xmalloc(n / 2 + 1);
		if (unhex(hex, n, data) < 0) {
			free(data);
			return bad(im, "'hex' is not hexadecimal");
		}
		cca_sha256_hex(data, n / 2, sha);
		if (strcmp(sha, json_string_value(json_object_get(b, "sha256"))) != 0) {
			free(data);
			return bad(im, "the data does not have the SHA-256 it is filed under");
		}
		st = cca_store_prepare(im->s, "INSERT OR IGNORE INTO blob(sha256, data) "
				       "VALUES (?1, ?2)", im->err);
		if (!st) {
			free(data);
			return -1;
		}
		cca_store_bind_text(st, 1, sha);
		sqlite3_bind_blob64(st, 2, data, n / 2, SQLITE_TRANSIENT);
		rc = step_insert(im, st);
		sqlite3_finalize(st);
		free(data);
		if (rc < 0)
			return -1;
	}
	return 0;
}

/*
 * Merge the decisions: an assignment or waiver the store already has for
 * the same subject is kept (local decisions win).
 */
static int put_decisions(struct import *im, json_t *doc)
{
	static const char *const keys[] = { "assignments", "waivers" };
	json_t *dec = json_object_get(doc, "decisions");

	snprintf(im->where, sizeof im->where, "%s", "");
	if (!dec)
		return bad(im, "missing field 'decisions'");
	if (!json_is_object(dec))
		return bad(im, "'decisions' must be an object");
	for (size_t d = 0; d < 2; d++) {
		const struct column *cols = d ? waiver_cols : assignment_cols;
		size_t ncols = d ? CCA_ARRAY_SIZE(waiver_cols) : CCA_ARRAY_SIZE(assignment_cols);
		char *sql = insert_sql("INSERT OR IGNORE", d ? "waiver" : "assignment",
				       "target_id", cols, ncols);
		sqlite3_stmt *st;
		json_t *arr, *row;
		size_t i;
		int rc = 0;

		snprintf(im->where, sizeof im->where, "decisions");
		arr = get_array(im, dec, keys[d]);
		st = arr ? cca_store_prepare(im->s, sql, im->err) : NULL;
		free(sql);
		if (!st)
			return -1;
		json_array_foreach(arr, i, row) {
			json_t *t = json_object_get(row, "target");
			sqlite3_int64 tid = 0;

			snprintf(im->where, sizeof im->where, "decisions.%s[%zu]", keys[d], i);
			if ((rc = check_row(im, row, cols, ncols, "target")) < 0)
				break;
			if (!json_is_string(t) && !(d && json_is_null(t))) {
				rc = bad(im, t ? "'target' must be a string%s" : "missing field 'target'",
					 d ? " or null" : "");
				break;
			}
			if (json_is_string(t) &&
			    (rc = cca_store_target_id(im->s, json_string_value(t), true, &tid,
						      im->err)) < 0)
				break;
			if (tid)
				sqlite3_bind_int64(st, 1, tid);
			else
				sqlite3_bind_null(st, 1);
			bind_row(st, 2, row, cols, ncols);
			if ((rc = step_insert(im, st)) < 0)
				break;
		}
		sqlite3_finalize(st);
		if (rc < 0)
			return -1;
	}
	return 0;
}

/* Parse data and check the document's header; *doc is the tree. */
static int read_doc(struct import *im, const char *data, size_t len, json_t **doc)
{
	json_error_t jerr;
	json_t *v;

	*doc = NULL;
	if (len > CCA_STORE_IMPORT_MAX_BYTES)
		return bad(im, "larger than %d MiB; not imported", CCA_STORE_IMPORT_MAX_BYTES >> 20);
	*doc = json_loadb(data, len, JSON_REJECT_DUPLICATES, &jerr);
	if (!*doc)
		return cca_error_set(im->err, CCA_EINPUT, "%s:%d: not a ccaudit export: %s",
				     im->path, jerr.line, jerr.text);
	if (!json_is_object(*doc))
		return bad(im, "not a ccaudit export: the document is not a JSON object");
	v = json_object_get(*doc, "format");
	if (!json_is_string(v) || strcmp(json_string_value(v), FORMAT_NAME) != 0)
		return bad(im, "not a ccaudit export: 'format' is not \"%s\"", FORMAT_NAME);
	v = json_object_get(*doc, "version");
	if (!json_is_integer(v))
		return bad(im, "'version' must be an integer");
	if (json_integer_value(v) != FORMAT_VERSION)
		return bad(im, "export version %" JSON_INTEGER_FORMAT " is not supported (this "
			   "ccaudit reads version %d)", json_integer_value(v), FORMAT_VERSION);
	{
		const char *key;

		json_object_foreach(*doc, key, v)
			if (strcmp(key, "format") && strcmp(key, "version") && strcmp(key, "blobs") &&
			    strcmp(key, "runs") && strcmp(key, "decisions"))
				return bad(im, "unknown field '%s'", key);
	}
	return 0;
}

int cca_store_import(struct cca_store *s, const char *path, const char *data,
		     size_t len, size_t *added, size_t *skipped,
		     struct cca_error *err)
{
	struct import im = { .s = s, .path = path, .err = err };
	json_t *doc = NULL, *runs, *run;
	size_t i;
	int rc = -1;

	*added = *skipped = 0;
	if (read_doc(&im, data, len, &doc) < 0)
		goto out;
	if (cca_store_begin(s, err) < 0)
		goto out;
	if (put_blobs(&im, doc) < 0 || !(runs = get_array(&im, doc, "runs")))
		goto fail;
	json_array_foreach(runs, i, run)
		if (put_run(&im, run, i, added, skipped) < 0)
			goto fail;
	if (put_decisions(&im, doc) < 0 || cca_store_commit(s, err) < 0)
		goto fail;
	rc = 0;
	goto out;
fail:
	cca_store_rollback(s);
	*added = *skipped = 0;
out:
	json_decref(doc);
	return rc;
}
