/* checks.c - the check table built from checks.def; see checks.h. */
#include <string.h>

#include "ccaudit/checks.h"

#define CCA_CHECK(sym, id, kind, summary) void cca_check_##sym(struct cca_checkctx *ctx);
#include "checks.def"
#undef CCA_CHECK

static const struct cca_check table[] = {
#define CCA_CHECK(sym, id, kind, summary) { id, kind, summary, cca_check_##sym },
#include "checks.def"
#undef CCA_CHECK
	{ NULL, NULL, NULL, NULL }  /* keeps the array non-empty */
};

size_t cca_check_count(void)
{
	return sizeof table / sizeof table[0] - 1;
}

const struct cca_check *cca_check_at(size_t i)
{
	return i < cca_check_count() ? &table[i] : NULL;
}

const struct cca_check *cca_check_find(const char *id)
{
	for (size_t i = 0; i < cca_check_count(); i++)
		if (strcmp(table[i].id, id) == 0)
			return &table[i];
	return NULL;
}
