/*
 * rollup.c - the roll-up and scoring rules of DESIGN.md section 4, as pure
 * functions over tallies, and the spelling of statuses.
 */
#include <string.h>

#include "ccaudit/engine.h"

static const char *const status_names[CCA_STATUS_COUNT] = {
	[CCA_PASS] = "pass",
	[CCA_FAIL] = "fail",
	[CCA_ERROR] = "error",
	[CCA_UNKNOWN] = "unknown",
	[CCA_NOTAPPLICABLE] = "notapplicable",
	[CCA_NOTCHECKED] = "notchecked",
	[CCA_NOTSELECTED] = "notselected",
	[CCA_INFORMATIONAL] = "informational",
	[CCA_FIXED] = "fixed",
};

static const char *const rollup_names[CCA_RU_COUNT] = {
	[CCA_RU_PASS] = "pass",
	[CCA_RU_WAIVED] = "waived",
	[CCA_RU_FAIL] = "fail",
	[CCA_RU_ERROR] = "error",
	[CCA_RU_UNVERIFIED] = "unverified",
	[CCA_RU_NOTAPPLICABLE] = "notapplicable",
	[CCA_RU_NOTSELECTED] = "notselected",
};

const char *cca_status_name(enum cca_status s)
{
	return (unsigned)s < CCA_STATUS_COUNT ? status_names[s] : "unknown";
}

int cca_status_parse(const char *s, enum cca_status *out)
{
	for (unsigned i = 0; s && i < CCA_STATUS_COUNT; i++)
		if (strcmp(s, status_names[i]) == 0) {
			*out = (enum cca_status)i;
			return 0;
		}
	return -1;
}

const char *cca_rollup_name(enum cca_rollup r)
{
	return (unsigned)r < CCA_RU_COUNT ? rollup_names[r] : "unknown";
}

enum cca_rollup cca_rollup_category(enum cca_status status, bool waived)
{
	if (waived)
		return CCA_RU_WAIVED;
	switch (status) {
	case CCA_PASS:
	case CCA_FIXED:
		return CCA_RU_PASS;
	case CCA_FAIL:
		return CCA_RU_FAIL;
	case CCA_ERROR:
		return CCA_RU_ERROR;
	case CCA_UNKNOWN:
	case CCA_NOTCHECKED:
		return CCA_RU_UNVERIFIED;
	case CCA_NOTAPPLICABLE:
		return CCA_RU_NOTAPPLICABLE;
	case CCA_NOTSELECTED:
	case CCA_INFORMATIONAL:
		break;
	}
	return CCA_RU_NOTSELECTED;
}

unsigned cca_tally_counted(const struct cca_tally *t)
{
	unsigned n = 0;

	for (int i = 0; i < CCA_RU_COUNT; i++)
		if (i != CCA_RU_NOTSELECTED)
			n += t->n[i];
	return n;
}

enum cca_rollup cca_rollup_of(const struct cca_tally *t)
{
	if (t->n[CCA_RU_FAIL])
		return CCA_RU_FAIL;
	if (t->n[CCA_RU_ERROR])
		return CCA_RU_ERROR;
	if (t->n[CCA_RU_UNVERIFIED])
		return CCA_RU_UNVERIFIED;
	if (!cca_tally_counted(t))
		return CCA_RU_NOTSELECTED;
	if (t->n[CCA_RU_NOTAPPLICABLE] == cca_tally_counted(t))
		return CCA_RU_NOTAPPLICABLE;
	if (t->n[CCA_RU_WAIVED])
		return CCA_RU_WAIVED;
	return CCA_RU_PASS;
}

bool cca_tally_score(const struct cca_tally *t, double *score)
{
	unsigned den = cca_tally_counted(t) - t->n[CCA_RU_NOTAPPLICABLE];

	if (!den) {
		*score = 0.0;
		return false;
	}
	*score = (double)(t->n[CCA_RU_PASS] + t->n[CCA_RU_WAIVED]) / den;
	return true;
}
