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
#include "fuzz-catalog.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static struct cca_catalog *cat;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct cca_profile *p;
	struct cca_error err;

	if (!cat)
		cat = fuzz_shipped_catalog("fuzz-tailoring");
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
