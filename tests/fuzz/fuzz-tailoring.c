/*
 * fuzz-tailoring.c - libFuzzer harness for the tailoring readers
 * (src/catalog/tailoring.c: ccaudit's YAML format, and XCCDF 1.2
 * <Tailoring> read with libxml2).
 *
 * The shipped catalog is loaded once per process (from $top_srcdir, else
 * the tree the harness was built from); every input is applied to a fresh
 * "all" profile, passed with its exact length and no terminating NUL.  The
 * reader picks YAML or XML from the content, so one corpus holds both.
 * Build and run: tests/fuzz/README.md.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ccaudit/catalog.h"
#include "ccaudit/util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static struct cca_catalog *cat;

/* The source tree: $top_srcdir, CCA_SRCDIR, or two levels above this file. */
static char *source_tree(void)
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

static void load_catalog(void)
{
	char *top = source_tree();
	char *xsd = cca_xasprintf("%s/catalogs/catalog.xsd", top);
	char *xml = cca_xasprintf("%s/catalogs/ccaudit.xml", top);
	struct cca_error err;

	cca_error_clear(&err);
	cat = cca_catalog_new(xsd);
	if (cca_catalog_load(cat, xml, &err) < 0 || cca_catalog_finish(cat, &err) < 0) {
		fprintf(stderr, "fuzz-tailoring: cannot load the shipped catalog: %s\n", err.msg);
		exit(1);
	}
	free(top);
	free(xsd);
	free(xml);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct cca_profile *p;
	struct cca_error err;

	if (!cat)
		load_catalog();
	cca_error_clear(&err);
	p = cca_profile_new(cat, "all", &err);
	if (!p)
		abort();
	if (cca_profile_tailor_data(p, "fuzz/tailoring", (const char *)data, size, &err) < 0) {
		if (err.code == CCA_OK || !err.msg[0])
			abort();  /* a failure says why */
	} else {
		/* read back what was applied */
		for (size_t r = 0; r < cca_catalog_nrules(cat); r++) {
			const struct cca_rule *rule = cca_catalog_rule(cat, r);

			(void)cca_profile_selected(p, r);
			(void)cca_profile_severity(p, r);
			for (size_t k = 0; k < rule->nparams; k++)
				(void)cca_profile_param(p, r, rule->params[k].name);
		}
		if (!cca_profile_tailoring(p))
			abort();
		(void)cca_profile_nselected(p);
	}
	cca_profile_free(p);
	return 0;
}
