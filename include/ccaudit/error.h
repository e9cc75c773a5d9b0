/*
 * error.h - the error contract shared by every module.
 *
 * A fallible function returns 0 on success and -1 on failure, and on failure
 * fills a caller-owned struct cca_error.  The code says which exit status the
 * failure leads to; the message says what failed, lower-case, quoting the
 * subject, without a full stop.  Context is prefixed on the way out with
 * cca_error_prefix(), so the root cause stays at the end of the message.
 */
#ifndef CCAUDIT_ERROR_H
#define CCAUDIT_ERROR_H

#include <stdarg.h>

/* Exit statuses of the ccaudit binary; documented in ccaudit(1), stable. */
enum cca_exit {
	CCA_EXIT_OK = 0,       /* audit completed and passed the gate */
	CCA_EXIT_GATE = 1,     /* the gate failed */
	CCA_EXIT_USAGE = 2,    /* usage error */
	CCA_EXIT_INPUT = 3,    /* invalid input the whole run depends on */
	CCA_EXIT_RUNTIME = 4,  /* I/O, store or render failure */
	CCA_EXIT_INTERNAL = 5  /* a bug in ccaudit */
};

/* Error codes; each maps to one exit status (cca_error_exit). */
enum cca_errcode {
	CCA_OK = 0,
	CCA_EUSAGE,    /* bad command line */
	CCA_EINPUT,    /* malformed or invalid input: catalog, answers, tailoring */
	CCA_ETOOBIG,   /* input over a documented size or count limit */
	CCA_EIO,       /* a file could not be read or written */
	CCA_ESTORE,    /* the history database cannot be used */
	CCA_ENOMEM,    /* allocation failed */
	CCA_EINTERNAL  /* an invariant was broken */
};

#define CCA_ERROR_MAX 1024

struct cca_error {
	enum cca_errcode code;
	char msg[CCA_ERROR_MAX];
};

/* Reset err to "no error".  err may be NULL. */
void cca_error_clear(struct cca_error *err);

/*
 * Set err to code and a printf-style message; returns -1 so a caller can
 * write "return cca_error_set(...)".  err may be NULL (the error is dropped).
 */
int cca_error_set(struct cca_error *err, enum cca_errcode code,
		  const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* Like cca_error_set with a va_list. */
int cca_error_setv(struct cca_error *err, enum cca_errcode code,
		   const char *fmt, va_list ap)
	__attribute__((format(printf, 3, 0)));

/*
 * Prefix the existing message with context ("loading catalog: " + old
 * message); keeps the code.  Returns -1.  err may be NULL.
 */
int cca_error_prefix(struct cca_error *err, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* The process exit status an error code leads to. */
enum cca_exit cca_error_exit(const struct cca_error *err);

/* A short stable name for a code ("input", "io", ...), for JSON output. */
const char *cca_errcode_name(enum cca_errcode code);

#endif
