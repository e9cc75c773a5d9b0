/* mask.c - the one way a secret value is ever shown; see util.h. */
#include <string.h>

#include "ccaudit/util.h"

char *cca_mask_secret(const char *value)
{
	size_t len = value ? strlen(value) : 0;
	size_t keep = len / 4;

	if (keep > 4)
		keep = 4;
	/* Never cut a UTF-8 sequence: back up to a character boundary. */
	while (keep > 0 && ((unsigned char)value[keep] & 0xC0) == 0x80)
		keep--;
	return cca_xasprintf("%.*s***", (int)keep, value ? value : "");
}
