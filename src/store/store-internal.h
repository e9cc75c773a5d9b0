/*
 * store-internal.h - what the files of src/store/ share: the open
 * database and small wrappers that turn SQLite failures into
 * struct cca_error.  Nothing outside src/store/ includes it.
 */
#ifndef CCAUDIT_STORE_INTERNAL_H
#define CCAUDIT_STORE_INTERNAL_H

#include "ccaudit/sqlitelib.h"

#include "ccaudit/store.h"

struct cca_store {
	sqlite3 *db;
	char *path;
};

/*
 * Fill err (CCA_ESTORE) with what failed, naming the database and SQLite's
 * message; a full disk and a read-only file get their own words.  Returns -1.
 */
int cca_store_fail(struct cca_store *s, struct cca_error *err, const char *what);

/* Prepare sql; on failure fill err and return NULL. */
sqlite3_stmt *cca_store_prepare(struct cca_store *s, const char *sql,
				struct cca_error *err);

/* Run sql (no rows, no parameters); 0 or -1 with err. */
int cca_store_exec(struct cca_store *s, const char *sql, struct cca_error *err);

/*
 * Begin a write transaction (BEGIN IMMEDIATE, waiting for other writers up
 * to the busy timeout), and end one: commit, or roll back after a failure.
 */
int cca_store_begin(struct cca_store *s, struct cca_error *err);
int cca_store_commit(struct cca_store *s, struct cca_error *err);
void cca_store_rollback(struct cca_store *s);

/* Bind text, or NULL when s is NULL. */
int cca_store_bind_text(sqlite3_stmt *st, int i, const char *s);
/* Bind a day, NULL for CCA_NO_DATE and CCA_NEVER. */
int cca_store_bind_day(sqlite3_stmt *st, int i, int64_t day);
/* A column as a new string, or NULL when it is NULL. */
char *cca_store_column_dup(sqlite3_stmt *st, int i);
/* A day column: none (NULL) as absent (CCA_NO_DATE or CCA_NEVER). */
int64_t cca_store_column_day(sqlite3_stmt *st, int i, int64_t absent);

/* The id of target name, created when create is true; 0 when absent. */
int cca_store_target_id(struct cca_store *s, const char *name, bool create,
			sqlite3_int64 *id, struct cca_error *err);

/*
 * Add to rep the trend of the runs of target_id up to run upto (by time,
 * then id), oldest first.
 */
int cca_store_trend(struct cca_store *s, sqlite3_int64 target_id, sqlite3_int64 upto,
		    struct cca_report *rep, struct cca_error *err);

#endif
