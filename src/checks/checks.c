/* checks.c - the check table built from checks.def; see checks.h. */
#include <pthread.h>
#include <stdlib.h>
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

/* The checks sorted by id, for cca_check_find (built once, on first use). */
static const struct cca_check *by_id[sizeof table / sizeof table[0] - 1];
static pthread_once_t by_id_once = PTHREAD_ONCE_INIT;

static int cmp_id(const void *a, const void *b)
{
	return strcmp((*(const struct cca_check *const *)a)->id,
		      (*(const struct cca_check *const *)b)->id);
}

static void sort_by_id(void)
{
	for (size_t i = 0; i < cca_check_count(); i++)
		by_id[i] = &table[i];
	qsort(by_id, cca_check_count(), sizeof *by_id, cmp_id);
}

static int cmp_key(const void *key, const void *elem)
{
	return strcmp(key, (*(const struct cca_check *const *)elem)->id);
}

const struct cca_check *cca_check_find(const char *id)
{
	const struct cca_check *const *c;

	pthread_once(&by_id_once, sort_by_id);
	c = bsearch(id, by_id, cca_check_count(), sizeof *by_id, cmp_key);
	return c ? *c : NULL;
}
