/*
 * fuzz-answers.c - libFuzzer harness for the answers reader
 * (src/engine/answers.c, and through it src/util/yaml.c).
 *
 * The shipped catalog (catalogs/ccaudit.xml, validated against
 * catalogs/catalog.xsd) is loaded once per process, from $top_srcdir, else
 * the source tree the harness was built from (CCA_SRCDIR), else the tree
 * this file sits in.  Each input is an answers file, passed with its exact
 * length and no terminating NUL.  Build and run: tests/fuzz/README.md.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ccaudit/catalog.h"
#include "ccaudit/engine.h"
#include "ccaudit/util.h"
#include "fuzz-catalog.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static struct cca_catalog *cat;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct cca_answers *a = (struct cca_answers *)&cat;  /* poison: must be reset */
	struct cca_error err;

	if (!cat)
		cat = fuzz_shipped_catalog("fuzz-answers");
	cca_error_clear(&err);
	if (cca_answers_parse("fuzz/answers.yaml", (const char *)data, size, cat, &a, &err) < 0) {
		if (a || err.code == CCA_OK || !err.msg[0])
			abort();  /* nothing is half-loaded, and the error says why */
		return 0;
	}
	if (!a)
		abort();
	for (size_t i = 0; i < a->natt; i++)
		if (!a->att[i].rule_id || cca_catalog_find_rule(cat, a->att[i].rule_id) < 0 ||
		    !a->att[i].by || a->att[i].expires < a->att[i].date)
			abort();  /* what was accepted is what the contract promises */
	for (size_t i = 0; i < a->nwaivers; i++) {
		const struct cca_waiver *w = &a->waivers[i];

		if (!w->rule_id || cca_catalog_find_rule(cat, w->rule_id) < 0 || !w->by ||
		    !w->reason || (w->date != CCA_NO_DATE && w->expires < w->date))
			abort();
		for (size_t j = 0; j < i; j++)  /* one waiver per rule and target */
			if (strcmp(a->waivers[j].rule_id, w->rule_id) == 0 &&
			    cca_streq(a->waivers[j].target, w->target))
				abort();
	}
	cca_answers_free(a);
	return 0;
}
