/*
 * netlib.h - libcurl, loaded the first time a collector needs the network
 * (a live Docker Engine, a registry probe).  Linking it would load it and
 * its two dozen dependencies (TLS, Kerberos, LDAP ...) into every ccaudit
 * run, several milliseconds of start-up that commands which never reach
 * the network would pay.  Callers use the function table exactly as they
 * would the libcurl functions of the same names.
 */
#ifndef CCAUDIT_NETLIB_H
#define CCAUDIT_NETLIB_H

#include <curl/curl.h>

#include "ccaudit/error.h"

struct cca_curl {
	CURLcode (*global_init)(long flags);
	void (*global_cleanup)(void);
	CURL *(*easy_init)(void);
	CURLcode (*easy_setopt)(CURL *h, CURLoption opt, ...);
	CURLcode (*easy_perform)(CURL *h);
	CURLcode (*easy_getinfo)(CURL *h, CURLINFO info, ...);
	void (*easy_reset)(CURL *h);
	void (*easy_cleanup)(CURL *h);
	const char *(*easy_strerror)(CURLcode code);
	void (*free)(void *p);
	CURLU *(*url)(void);
	void (*url_cleanup)(CURLU *u);
	CURLUcode (*url_get)(const CURLU *u, CURLUPart part, char **out, unsigned flags);
	CURLUcode (*url_set)(CURLU *u, CURLUPart part, const char *value, unsigned flags);
};

/*
 * The libcurl functions, loading libcurl.so.4 on the first call (not
 * thread-safe: collectors run on one thread).  NULL, with err (CCA_EIO)
 * naming the Debian package, when it cannot be loaded.
 */
const struct cca_curl *cca_curl(struct cca_error *err);

#endif
