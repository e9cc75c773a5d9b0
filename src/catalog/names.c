/* names.c - spelling of severities and roles; see catalog.h. */
#include <string.h>
#include <strings.h>

#include "ccaudit/catalog.h"
#include "ccaudit/util.h"

static const char *const severity_names[CCA_SEV_COUNT] = {
	"info", "low", "medium", "high", "critical"
};

const char *cca_severity_name(enum cca_severity s)
{
	return (unsigned)s < CCA_SEV_COUNT ? severity_names[s] : "unknown";
}

int cca_severity_parse(const char *s, enum cca_severity *out)
{
	for (unsigned i = 0; s && i < CCA_SEV_COUNT; i++)
		if (strcasecmp(s, severity_names[i]) == 0) {
			*out = (enum cca_severity)i;
			return 0;
		}
	return -1;
}

static const char *const role_names[CCA_ROLE_COUNT] = {
	"development", "security", "operations"
};
static const char *const role_titles[CCA_ROLE_COUNT] = {
	"Development", "Security", "Operations"
};

void cca_roles_join(struct cca_buf *b, unsigned bits, const char *none)
{
	bool first = true;

	for (size_t i = 0; i < CCA_ROLE_COUNT; i++)
		if (bits & cca_role_at(i)) {
			cca_buf_printf(b, "%s%s", first ? "" : ", ", role_names[i]);
			first = false;
		}
	if (first)
		cca_buf_puts(b, none);
}

unsigned cca_role_at(size_t i)
{
	return i < CCA_ROLE_COUNT ? 1u << i : 0;
}

static int role_index(unsigned bit)
{
	for (int i = 0; i < CCA_ROLE_COUNT; i++)
		if (bit == 1u << i)
			return i;
	return -1;
}

const char *cca_role_name(unsigned role_bit)
{
	int i = role_index(role_bit);

	return i < 0 ? "unknown" : role_names[i];
}

const char *cca_role_title(unsigned role_bit)
{
	int i = role_index(role_bit);

	return i < 0 ? "Unknown" : role_titles[i];
}

int cca_role_parse(const char *s, unsigned *role_bit)
{
	size_t n = s ? strlen(s) : 0;
	int found = -1;

	if (!n)
		return -1;
	for (int i = 0; i < CCA_ROLE_COUNT; i++) {
		if (strcasecmp(s, role_names[i]) == 0) {
			found = i;
			break;
		}
		if (strncasecmp(s, role_names[i], n) == 0) {
			if (found >= 0)
				return -1;  /* ambiguous prefix */
			found = i;
		}
	}
	if (found < 0)
		return -1;
	*role_bit = 1u << found;
	return 0;
}
