/* sqlitelib.c - SQLite loaded on first use (sqlitelib.h). */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>

#define CCA_SQLITELIB_TABLE   /* the real names, not the calls through the table */
#include "ccaudit/error.h"
#include "ccaudit/lazylib.h"
#include "ccaudit/sqlitelib.h"

#define CCA_SQLITE_SYM(f) { #f, &sqlite.f },

static struct cca_sqlite_fns sqlite;
static pthread_once_t sqlite_once = PTHREAD_ONCE_INIT;

static void load_sqlite(void)
{
	const struct cca_lazysym syms[] = { CCA_SQLITE_FUNCTIONS(CCA_SQLITE_SYM) };
	char why[256];

	if (cca_lazylib_open("libsqlite3.so.0", syms, sizeof syms / sizeof syms[0], why,
			     sizeof why) == 0)
		return;
	fprintf(stderr, "ccaudit: cannot load libsqlite3.so.0 (%s): install the Debian "
		"package 'libsqlite3-0'\n", why);
	exit(CCA_EXIT_RUNTIME);
}

const struct cca_sqlite_fns *cca_sqlite(void)
{
	pthread_once(&sqlite_once, load_sqlite);
	return &sqlite;
}
