/* test-support.c - see test-support.h. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include <cmocka.h>

#include "ccaudit/util.h"
#include "test-support.h"

char *ts_path(const char *env, const char *fallback, const char *rel)
{
	const char *base = getenv(env);

	return cca_xasprintf("%s/%s", base && *base ? base : fallback, rel);
}

struct cca_catalog *ts_catalog(const char *path)
{
	char *xsd = ts_path("top_srcdir", ".", "catalogs/catalog.xsd");
	struct cca_catalog *cat = cca_catalog_new(xsd);
	struct cca_error err;

	cca_error_clear(&err);
	if (cca_catalog_load(cat, path, &err) < 0 || cca_catalog_finish(cat, &err) < 0)
		fail_msg("cannot load %s: %s", path, err.msg);
	free(xsd);
	return cat;
}

struct cca_catalog *ts_shipped_catalog(void)
{
	char *xml = ts_path("top_srcdir", ".", "catalogs/ccaudit.xml");
	struct cca_catalog *cat = ts_catalog(xml);

	free(xml);
	return cat;
}
