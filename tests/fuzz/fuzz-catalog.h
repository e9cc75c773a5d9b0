/*
 * fuzz-catalog.h - the shipped catalog for the harnesses that need one
 * (answers, tailoring, checks), loaded once per process.  Header-only:
 * each harness is one translation unit linked against the library.
 */
#ifndef CCAUDIT_FUZZ_CATALOG_H
#define CCAUDIT_FUZZ_CATALOG_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ccaudit/catalog.h"
#include "ccaudit/util.h"

/* The source tree: $top_srcdir, CCA_SRCDIR, or two levels above this file
 * (a new string). */
static char *fuzz_source_tree(void)
{
	const char *env = getenv("top_srcdir");
	const char *file = __FILE__, *slash;

	if (env && *env)
		return cca_xstrdup(env);
#ifdef CCA_SRCDIR
	if (CCA_SRCDIR[0])
		return cca_xstrdup(CCA_SRCDIR);
#endif
	slash = strstr(file, "/tests/fuzz/");
	return slash ? cca_xstrndup(file, (size_t)(slash - file)) : cca_xstrdup(".");
}

/* The shipped catalog, finished; exits naming who when it cannot load. */
static struct cca_catalog *fuzz_shipped_catalog(const char *who)
{
	char *top = fuzz_source_tree();
	char *xsd = cca_xasprintf("%s/catalogs/catalog.xsd", top);
	char *xml = cca_xasprintf("%s/catalogs/ccaudit.xml", top);
	struct cca_catalog *cat = cca_catalog_new(xsd);
	struct cca_error err;

	cca_error_clear(&err);
	if (cca_catalog_load(cat, xml, &err) < 0 || cca_catalog_finish(cat, &err) < 0) {
		fprintf(stderr, "%s: cannot load the shipped catalog: %s\n", who, err.msg);
		exit(1);
	}
	free(top);
	free(xsd);
	free(xml);
	return cat;
}

#endif
