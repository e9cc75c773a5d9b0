/* sqlitelib.c - SQLite loaded on first use (sqlitelib.h). */
#include <pthread.h>

#define CCA_SQLITELIB_TABLE   /* the real names, not the calls through the table */
#include "ccaudit/lazylib.h"
#include "ccaudit/sqlitelib.h"

#define CCA_SQLITE_SYM(f) { #f, &sqlite.f },

static struct cca_sqlite_fns sqlite;
static pthread_once_t sqlite_once = PTHREAD_ONCE_INIT;

static void load_sqlite(void)
{
	const struct cca_lazysym syms[] = { CCA_SQLITE_FUNCTIONS(CCA_SQLITE_SYM) };

	cca_lazylib_require("libsqlite3.so.0", "libsqlite3-0", syms,
			    sizeof syms / sizeof syms[0]);
}

const struct cca_sqlite_fns *cca_sqlite(void)
{
	pthread_once(&sqlite_once, load_sqlite);
	return &sqlite;
}
