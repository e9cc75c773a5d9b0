/* error.c - struct cca_error helpers; see error.h for the contract. */
#include <stdio.h>
#include <string.h>

#include "ccaudit/error.h"

void cca_error_clear(struct cca_error *err)
{
	if (!err)
		return;
	err->code = CCA_OK;
	err->msg[0] = '\0';
}

int cca_error_setv(struct cca_error *err, enum cca_errcode code,
		   const char *fmt, va_list ap)
{
	char msg[CCA_ERROR_MAX];

	if (!err)
		return -1;
	/* Format aside first: an argument may be err->msg itself. */
	vsnprintf(msg, sizeof msg, fmt, ap);
	err->code = code;
	memcpy(err->msg, msg, sizeof msg);
	return -1;
}

int cca_error_set(struct cca_error *err, enum cca_errcode code,
		  const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	cca_error_setv(err, code, fmt, ap);
	va_end(ap);
	return -1;
}

int cca_error_prefix(struct cca_error *err, const char *fmt, ...)
{
	char prefix[CCA_ERROR_MAX];
	char old[CCA_ERROR_MAX];
	size_t np, no;
	va_list ap;

	if (!err)
		return -1;
	va_start(ap, fmt);
	vsnprintf(prefix, sizeof prefix, fmt, ap);
	va_end(ap);
	memcpy(old, err->msg, sizeof old);
	/* When both do not fit, shorten the context: the root cause is kept
	 * whole at the end. */
	np = strnlen(prefix, sizeof prefix - 1);
	no = strnlen(old, sizeof old - 1);
	if (np > sizeof err->msg - 1 - no)
		np = sizeof err->msg - 1 - no;
	memcpy(err->msg, prefix, np);
	memcpy(err->msg + np, old, no);
	err->msg[np + no] = '\0';
	return -1;
}

enum cca_exit cca_error_exit(const struct cca_error *err)
{
	switch (err ? err->code : CCA_EINTERNAL) {
	case CCA_OK:
		return CCA_EXIT_OK;
	case CCA_EUSAGE:
		return CCA_EXIT_USAGE;
	case CCA_EINPUT:
	case CCA_ETOOBIG:
		return CCA_EXIT_INPUT;
	case CCA_EIO:
	case CCA_ESTORE:
	case CCA_ENOMEM:
		return CCA_EXIT_RUNTIME;
	case CCA_EINTERNAL:
		break;
	}
	return CCA_EXIT_INTERNAL;
}

const char *cca_errcode_name(enum cca_errcode code)
{
	static const char *const names[] = {
		[CCA_OK] = "ok",
		[CCA_EUSAGE] = "usage",
		[CCA_EINPUT] = "input",
		[CCA_ETOOBIG] = "too-big",
		[CCA_EIO] = "io",
		[CCA_ESTORE] = "store",
		[CCA_ENOMEM] = "nomem",
		[CCA_EINTERNAL] = "internal",
	};

	if ((unsigned)code < sizeof names / sizeof names[0] && names[code])
		return names[code];
	return "unknown";
}
