/*
 * store.c - opening the history database: where it lives, the pragmas
 * every connection sets, schema migrations, and the SQLite helpers the
 * other files of src/store/ share.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "store-internal.h"

/* Migration N (from user_version N-1 to N), in order. */
static const char *const migrations[] = {
	NULL,
#include "src/store/schema-sql.h"
};

char *cca_store_default_path(struct cca_error *err)
{
	const char *db = getenv("CCAUDIT_DB"), *xdg = getenv("XDG_DATA_HOME");
	const char *home = getenv("HOME");

	if (db && *db)
		return cca_xstrdup(db);
	if (xdg && *xdg == '/')   /* the XDG spec ignores relative paths */
		return cca_xasprintf("%s/ccaudit/ccaudit.db", xdg);
	if (home && *home)
		return cca_xasprintf("%s/.local/share/ccaudit/ccaudit.db", home);
	cca_error_set(err, CCA_ESTORE, "no place for the history database: HOME is not set "
		      "(use --db PATH or CCAUDIT_DB, or --no-store)");
	return NULL;
}

int cca_store_fail(struct cca_store *s, struct cca_error *err, const char *what)
{
	int code = sqlite3_extended_errcode(s->db) & 0xff;
	int sys = sqlite3_system_errno(s->db);
	const char *why = sqlite3_errmsg(s->db);

	switch (code) {
	case SQLITE_IOERR:
	case SQLITE_CANTOPEN:
		if (sys)
			why = strerror(sys);
		break;
	case SQLITE_FULL:
		why = "the disk is full (nothing of this run was saved)";
		break;
	case SQLITE_READONLY:
		why = "the database is read-only";
		break;
	case SQLITE_NOTADB:
	case SQLITE_CORRUPT:
		why = "the file is not a ccaudit database or is damaged";
		break;
	case SQLITE_BUSY:
	case SQLITE_LOCKED:
		why = "another process held the database too long";
		break;
	default:
		break;
	}
	return cca_error_set(err, CCA_ESTORE, "history database '%s': cannot %s: %s",
			     s->path, what, why);
}

sqlite3_stmt *cca_store_prepare(struct cca_store *s, const char *sql,
				struct cca_error *err)
{
	sqlite3_stmt *st = NULL;

	if (sqlite3_prepare_v2(s->db, sql, -1, &st, NULL) != SQLITE_OK) {
		cca_store_fail(s, err, "read it");
		sqlite3_finalize(st);
		return NULL;
	}
	return st;
}

int cca_store_exec(struct cca_store *s, const char *sql, struct cca_error *err)
{
	if (sqlite3_exec(s->db, sql, NULL, NULL, NULL) != SQLITE_OK)
		return cca_store_fail(s, err, "update it");
	return 0;
}

int cca_store_begin(struct cca_store *s, struct cca_error *err)
{
	if (sqlite3_exec(s->db, "BEGIN IMMEDIATE", NULL, NULL, NULL) != SQLITE_OK)
		return cca_store_fail(s, err, "start a transaction");
	return 0;
}

int cca_store_commit(struct cca_store *s, struct cca_error *err)
{
	if (sqlite3_exec(s->db, "COMMIT", NULL, NULL, NULL) != SQLITE_OK) {
		cca_store_fail(s, err, "save");
		cca_store_rollback(s);
		return -1;
	}
	return 0;
}

void cca_store_rollback(struct cca_store *s)
{
	if (!sqlite3_get_autocommit(s->db))
		sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
}

int cca_store_bind_text(sqlite3_stmt *st, int i, const char *s)
{
	return s ? sqlite3_bind_text(st, i, s, -1, SQLITE_TRANSIENT)
		 : sqlite3_bind_null(st, i);
}

int cca_store_bind_day(sqlite3_stmt *st, int i, int64_t day)
{
	if (day == CCA_NO_DATE || day == CCA_NEVER)
		return sqlite3_bind_null(st, i);
	return sqlite3_bind_int64(st, i, day);
}

char *cca_store_column_dup(sqlite3_stmt *st, int i)
{
	const unsigned char *t = sqlite3_column_text(st, i);

	return t ? cca_xstrdup((const char *)t) : NULL;
}

int64_t cca_store_column_day(sqlite3_stmt *st, int i, int64_t absent)
{
	if (sqlite3_column_type(st, i) == SQLITE_NULL)
		return absent;
	return sqlite3_column_int64(st, i);
}

int cca_store_target_id(struct cca_store *s, const char *name, bool create,
			sqlite3_int64 *id, struct cca_error *err)
{
	sqlite3_stmt *st;
	int rc;

	*id = 0;
	if (create) {
		st = cca_store_prepare(s, "INSERT OR IGNORE INTO target(name) VALUES (?1)", err);
		if (!st)
			return -1;
		cca_store_bind_text(st, 1, name);
		rc = sqlite3_step(st);
		sqlite3_finalize(st);
		if (rc != SQLITE_DONE)
			return cca_store_fail(s, err, "record the target");
	}
	st = cca_store_prepare(s, "SELECT id FROM target WHERE name = ?1", err);
	if (!st)
		return -1;
	cca_store_bind_text(st, 1, name);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		*id = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return cca_store_fail(s, err, "read the targets");
	return 0;
}

/* Create path's directory and its parents (mode 0700) when missing. */
static int make_parent(const char *path, struct cca_error *err)
{
	char *dir = cca_xstrdup(path);
	int rc = 0;

	for (char *p = dir + 1; *p && rc == 0; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		if (mkdir(dir, 0700) < 0 && errno != EEXIST)
			rc = cca_error_set(err, CCA_ESTORE,
					   "cannot create the directory '%s' of the history "
					   "database: %s", dir, strerror(errno));
		*p = '/';
	}
	free(dir);
	return rc;
}

/* Create the file with mode 0600 (SQLite would make it world-readable). */
static int create_file(const char *path, struct cca_error *err)
{
	int fd;

	if (make_parent(path, err) < 0)
		return -1;
	fd = open(path, O_WRONLY | O_CREAT | O_CLOEXEC, 0600);
	if (fd < 0)
		return cca_error_set(err, CCA_ESTORE, "cannot create the history database '%s': %s",
				     path, strerror(errno));
	close(fd);
	return 0;
}

/* The one integer sql (one row, one column) answers, into *v. */
static int query_int(struct cca_store *s, const char *sql, int *v, struct cca_error *err)
{
	sqlite3_stmt *st = cca_store_prepare(s, sql, err);
	int rc;

	if (!st)
		return -1;
	rc = sqlite3_step(st);
	*v = rc == SQLITE_ROW ? sqlite3_column_int(st, 0) : 0;
	sqlite3_finalize(st);
	return rc == SQLITE_ROW ? 0 : cca_store_fail(s, err, "read it");
}

/* PRAGMA user_version into *v. */
static int user_version(struct cca_store *s, int *v, struct cca_error *err)
{
	return query_int(s, "PRAGMA user_version", v, err);
}

/* Whether the database has tables while its version is 0 (then it is not ours). */
static int has_tables(struct cca_store *s, bool *yes, struct cca_error *err)
{
	int n;

	/* One statement, one snapshot: another process may migrate meanwhile. */
	if (query_int(s, "SELECT count(*) FROM sqlite_master "
		      "WHERE (SELECT user_version FROM pragma_user_version) = 0", &n, err) < 0)
		return -1;
	*yes = n > 0;
	return 0;
}

/* Fail when a version-0 database has tables: another application's file. */
static int not_ours(struct cca_store *s, struct cca_error *err)
{
	bool tables;

	if (has_tables(s, &tables, err) < 0)
		return -1;
	if (tables)
		return cca_error_set(err, CCA_ESTORE, "'%s' is a database, but not a ccaudit "
				     "history database (it has tables and no schema version)",
				     s->path);
	return 0;
}

/*
 * The schema version into *v, failing for a newer one and for another
 * application's database (version 0 with tables).
 */
static int known_version(struct cca_store *s, int *v, struct cca_error *err)
{
	if (user_version(s, v, err) < 0)
		return -1;
	if (*v > CCA_STORE_SCHEMA)
		return cca_error_set(err, CCA_ESTORE,
				     "history database '%s' was written by a newer ccaudit "
				     "(schema %d; this one knows %d): upgrade ccaudit, or use "
				     "another --db", s->path, *v, CCA_STORE_SCHEMA);
	return *v == 0 ? not_ours(s, err) : 0;
}

/*
 * Bring the schema to CCA_STORE_SCHEMA in one transaction, re-reading the
 * version inside it, so concurrent first openers migrate once.
 */
static int migrate(struct cca_store *s, struct cca_error *err)
{
	int v;

	if (cca_store_begin(s, err) < 0)
		return -1;
	if (known_version(s, &v, err) < 0)
		goto fail;
	for (; v < CCA_STORE_SCHEMA; v++) {
		char *pragma = cca_xasprintf("PRAGMA user_version = %d", v + 1);
		int rc = cca_store_exec(s, migrations[v + 1], err) < 0 ||
			 cca_store_exec(s, pragma, err) < 0;

		free(pragma);
		if (rc)
			goto fail;
	}
	return cca_store_commit(s, err);
fail:
	cca_store_rollback(s);
	return -1;
}

/*
 * Switch to WAL (a no-op once the file is in WAL mode).  On a new file
 * several first openers race for the switch, and SQLite answers the losers
 * SQLITE_BUSY without waiting: retry, bounded by the busy timeout.
 */
static int wal(struct cca_store *s, struct cca_error *err)
{
	for (int waited = 0;; waited += 10) {
		int rc = sqlite3_exec(s->db, "PRAGMA journal_mode = WAL", NULL, NULL, NULL);

		if (rc == SQLITE_OK)
			return 0;
		if ((rc & 0xff) != SQLITE_BUSY && (rc & 0xff) != SQLITE_LOCKED)
			break;
		if (waited >= CCA_STORE_BUSY_MS)
			break;
		sqlite3_sleep(10);
	}
	return cca_store_fail(s, err, "update it");
}

/* The pragmas every connection sets; WAL only on a writable database. */
static int configure(struct cca_store *s, bool write, struct cca_error *err)
{
	sqlite3_busy_timeout(s->db, CCA_STORE_BUSY_MS);
	if (cca_store_exec(s, "PRAGMA foreign_keys = ON", err) < 0)
		return -1;
	if (write && wal(s, err) < 0)
		return -1;
	/*
	 * Commits do not sync; closing checkpoints the WAL into the database
	 * and syncs it, so a finished audit is on disk in the one file users
	 * copy, and a killed one leaves either its whole run or none.
	 */
	return cca_store_exec(s, "PRAGMA synchronous = NORMAL", err);
}

/*
 * Open s->path.  A file this process cannot write is opened immutable
 * (read-only, no locks): SQLite could not read a WAL database otherwise,
 * and nobody can change it under us through this process anyway.
 */
static int open_db(struct cca_store *s, bool write)
{
	struct cca_buf uri;
	int rc;

	if (write || access(s->path, W_OK) == 0)
		return sqlite3_open_v2(s->path, &s->db,
				       write ? SQLITE_OPEN_READWRITE : SQLITE_OPEN_READONLY, NULL);
	cca_buf_init(&uri);
	cca_buf_printf(&uri, "file:");
	for (const char *p = s->path; *p; p++)   /* escape what a URI path cannot hold */
		if (*p == '%' || *p == '?' || *p == '#')
			cca_buf_printf(&uri, "%%%02X", (unsigned char)*p);
		else
			cca_buf_printf(&uri, "%c", *p);
	cca_buf_printf(&uri, "?immutable=1");
	rc = sqlite3_open_v2(cca_buf_str(&uri), &s->db, SQLITE_OPEN_READONLY | SQLITE_OPEN_URI,
			     NULL);
	cca_buf_release(&uri);
	return rc;
}

int cca_store_open(const char *path, bool write, struct cca_store **out,
		   struct cca_error *err)
{
	struct cca_store *s = cca_xcalloc(1, sizeof *s);
	struct stat st;
	int v;

	*out = NULL;
	s->path = cca_xstrdup(path);
	if (stat(path, &st) < 0) {
		if (errno != ENOENT || !write) {
			cca_error_set(err, CCA_ESTORE, "cannot open the history database '%s': %s%s",
				      path, strerror(errno),
				      errno == ENOENT ? " (no audit was saved there yet)" : "");
			goto fail;
		}
		if (create_file(path, err) < 0)
			goto fail;
	} else if (!S_ISREG(st.st_mode)) {
		cca_error_set(err, CCA_ESTORE, "the history database '%s' is not a regular file",
			      path);
		goto fail;
	}
	if (open_db(s, write) != SQLITE_OK) {
		if (s->db)
			cca_store_fail(s, err, "open it");
		else
			cca_error_set(err, CCA_ENOMEM, "out of memory opening '%s'", path);
		goto fail;
	}
	sqlite3_extended_result_codes(s->db, 1);
	if (write && sqlite3_db_readonly(s->db, "main") == 1) {
		cca_error_set(err, CCA_ESTORE, "cannot write to the history database '%s': "
			      "it is read-only (use another --db, or --no-store)", path);
		goto fail;
	}
	/* Read the version before anything writes: a newer file is left alone. */
	sqlite3_busy_timeout(s->db, CCA_STORE_BUSY_MS);
	if (known_version(s, &v, err) < 0)
		goto fail;
	if (configure(s, write, err) < 0)
		goto fail;
	if (v < CCA_STORE_SCHEMA) {
		if (!write) {
			cca_error_set(err, CCA_ESTORE, "history database '%s' holds no runs yet",
				      path);
			goto fail;
		}
		if (migrate(s, err) < 0)
			goto fail;
	}
	*out = s;
	return 0;
fail:
	cca_store_close(s);
	return -1;
}

void cca_store_close(struct cca_store *s)
{
	if (!s)
		return;
	sqlite3_close(s->db);
	free(s->path);
	free(s);
}

const char *cca_store_path(const struct cca_store *s)
{
	return s->path;
}
