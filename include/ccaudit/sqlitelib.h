/*
 * sqlitelib.h - SQLite, loaded the first time the history store is opened
 * (lazylib.h), so that a run without the store (--no-store, and commands
 * that never open it) does not load it: about 0.2 ms of every start.
 * Include it instead of <sqlite3.h>: as xmllib.h does for libxml2, it turns
 * each SQLite function the project uses into the same name called through
 * the loaded table, and stops with exit status 4 and the Debian package's
 * name when the library is missing.  Loading is thread-safe.
 *
 * A function used anywhere must be in the list below (the link fails
 * otherwise: nothing links SQLite).
 */
#ifndef CCAUDIT_SQLITELIB_H
#define CCAUDIT_SQLITELIB_H

#include <sqlite3.h>

/* The SQLite functions the project calls: X(name) each. */
#define CCA_SQLITE_FUNCTIONS(X) \
	X(sqlite3_bind_blob64) X(sqlite3_bind_double) X(sqlite3_bind_int) \
	X(sqlite3_bind_int64) X(sqlite3_bind_null) X(sqlite3_bind_parameter_count) \
	X(sqlite3_bind_text) X(sqlite3_busy_timeout) X(sqlite3_close) X(sqlite3_column_blob) \
	X(sqlite3_column_bytes) X(sqlite3_column_double) X(sqlite3_column_int) \
	X(sqlite3_column_int64) X(sqlite3_column_text) X(sqlite3_column_type) \
	X(sqlite3_db_readonly) X(sqlite3_errmsg) X(sqlite3_exec) X(sqlite3_extended_errcode) \
	X(sqlite3_extended_result_codes) X(sqlite3_finalize) X(sqlite3_get_autocommit) \
	X(sqlite3_last_insert_rowid) X(sqlite3_open_v2) X(sqlite3_prepare_v2) X(sqlite3_reset) \
	X(sqlite3_sleep) X(sqlite3_step) X(sqlite3_system_errno)

#define CCA_SQLITE_SLOT(f) __typeof__(f) *f;

struct cca_sqlite_fns {
	CCA_SQLITE_FUNCTIONS(CCA_SQLITE_SLOT)
};

/* The loaded table (loading it on the first call). */
const struct cca_sqlite_fns *cca_sqlite(void);

/* Every name above, called through the table (not in sqlitelib.c, which
 * fills the table with the real functions). */
#ifndef CCA_SQLITELIB_TABLE
#define sqlite3_bind_blob64 (cca_sqlite()->sqlite3_bind_blob64)
#define sqlite3_bind_double (cca_sqlite()->sqlite3_bind_double)
#define sqlite3_bind_int (cca_sqlite()->sqlite3_bind_int)
#define sqlite3_bind_int64 (cca_sqlite()->sqlite3_bind_int64)
#define sqlite3_bind_null (cca_sqlite()->sqlite3_bind_null)
#define sqlite3_bind_parameter_count (cca_sqlite()->sqlite3_bind_parameter_count)
#define sqlite3_bind_text (cca_sqlite()->sqlite3_bind_text)
#define sqlite3_busy_timeout (cca_sqlite()->sqlite3_busy_timeout)
#define sqlite3_close (cca_sqlite()->sqlite3_close)
#define sqlite3_column_blob (cca_sqlite()->sqlite3_column_blob)
#define sqlite3_column_bytes (cca_sqlite()->sqlite3_column_bytes)
#define sqlite3_column_double (cca_sqlite()->sqlite3_column_double)
#define sqlite3_column_int (cca_sqlite()->sqlite3_column_int)
#define sqlite3_column_int64 (cca_sqlite()->sqlite3_column_int64)
#define sqlite3_column_text (cca_sqlite()->sqlite3_column_text)
#define sqlite3_column_type (cca_sqlite()->sqlite3_column_type)
#define sqlite3_db_readonly (cca_sqlite()->sqlite3_db_readonly)
#define sqlite3_errmsg (cca_sqlite()->sqlite3_errmsg)
#define sqlite3_exec (cca_sqlite()->sqlite3_exec)
#define sqlite3_extended_errcode (cca_sqlite()->sqlite3_extended_errcode)
#define sqlite3_extended_result_codes (cca_sqlite()->sqlite3_extended_result_codes)
#define sqlite3_finalize (cca_sqlite()->sqlite3_finalize)
#define sqlite3_get_autocommit (cca_sqlite()->sqlite3_get_autocommit)
#define sqlite3_last_insert_rowid (cca_sqlite()->sqlite3_last_insert_rowid)
#define sqlite3_open_v2 (cca_sqlite()->sqlite3_open_v2)
#define sqlite3_prepare_v2 (cca_sqlite()->sqlite3_prepare_v2)
#define sqlite3_reset (cca_sqlite()->sqlite3_reset)
#define sqlite3_sleep (cca_sqlite()->sqlite3_sleep)
#define sqlite3_step (cca_sqlite()->sqlite3_step)
#define sqlite3_system_errno (cca_sqlite()->sqlite3_system_errno)
#endif

#endif
