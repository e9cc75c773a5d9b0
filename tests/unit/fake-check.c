/* fake-check.c - see fake-check.h. */
#include <string.h>

#include "fake-check.h"

static void no_run(struct cca_checkctx *ctx)
{
	(void)ctx;
}

const struct cca_check fake_check = {
	FAKE_CHECK_ID, "test", "a check that only the unit tests know", no_run
};

const struct cca_check *__real_cca_check_find(const char *id);

const struct cca_check *__wrap_cca_check_find(const char *id)
{
	if (strcmp(id, fake_check.id) == 0)
		return &fake_check;
	return __real_cca_check_find(id);
}
