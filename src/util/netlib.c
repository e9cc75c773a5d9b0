/*
 * netlib.c - libcurl loaded on first use (netlib.h).  The library stays
 * loaded until the process ends.
 */
#include "ccaudit/lazylib.h"
#include "ccaudit/netlib.h"

static struct cca_curl fns;
static int state;             /* 0 not tried, 1 loaded, -1 failed */
static char why[256];

const struct cca_curl *cca_curl(struct cca_error *err)
{
	const struct cca_lazysym syms[] = {
		{ "curl_global_init", &fns.global_init },
		{ "curl_global_cleanup", &fns.global_cleanup },
		{ "curl_easy_init", &fns.easy_init },
		{ "curl_easy_setopt", &fns.easy_setopt },
		{ "curl_easy_perform", &fns.easy_perform },
		{ "curl_easy_getinfo", &fns.easy_getinfo },
		{ "curl_easy_reset", &fns.easy_reset },
		{ "curl_easy_cleanup", &fns.easy_cleanup },
		{ "curl_easy_strerror", &fns.easy_strerror },
		{ "curl_free", &fns.free },
		{ "curl_url", &fns.url },
		{ "curl_url_cleanup", &fns.url_cleanup },
		{ "curl_url_get", &fns.url_get },
		{ "curl_url_set", &fns.url_set },
	};

	if (!state)
		state = cca_lazylib_open("libcurl.so.4", syms, sizeof syms / sizeof syms[0], why,
					 sizeof why) == 0 ? 1 : -1;
	if (state > 0)
		return &fns;
	cca_error_set(err, CCA_EIO, "cannot load libcurl (%s): install the Debian package "
		      "'libcurl4'", why);
	return NULL;
}
