/*
 * netlib.c - libcurl loaded on first use (netlib.h).  The library stays
 * loaded until the process ends.
 */
#include <dlfcn.h>
#include <stddef.h>

#include "ccaudit/netlib.h"

static struct cca_curl fns;
static int state;             /* 0 not tried, 1 loaded, -1 failed */
static char why[256];

/* Resolve name into *slot; false when the library lacks it. */
static int resolve(void *lib, const char *name, void *slot)
{
	void *sym = dlsym(lib, name);

	if (!sym)
		return 0;
	/* POSIX: a function pointer and an object pointer have the same size here. */
	*(void **)slot = sym;
	return 1;
}

static void load(void)
{
	void *lib = dlopen("libcurl.so.4", RTLD_NOW | RTLD_LOCAL);
	const char *e;

	state = -1;
	if (!lib) {
		e = dlerror();
		snprintf(why, sizeof why, "%s", e ? e : "not found");
		return;
	}
	if (!resolve(lib, "curl_global_init", &fns.global_init) ||
	    !resolve(lib, "curl_global_cleanup", &fns.global_cleanup) ||
	    !resolve(lib, "curl_easy_init", &fns.easy_init) ||
	    !resolve(lib, "curl_easy_setopt", &fns.easy_setopt) ||
	    !resolve(lib, "curl_easy_perform", &fns.easy_perform) ||
	    !resolve(lib, "curl_easy_getinfo", &fns.easy_getinfo) ||
	    !resolve(lib, "curl_easy_reset", &fns.easy_reset) ||
	    !resolve(lib, "curl_easy_cleanup", &fns.easy_cleanup) ||
	    !resolve(lib, "curl_easy_strerror", &fns.easy_strerror) ||
	    !resolve(lib, "curl_free", &fns.free) ||
	    !resolve(lib, "curl_url", &fns.url) ||
	    !resolve(lib, "curl_url_cleanup", &fns.url_cleanup) ||
	    !resolve(lib, "curl_url_get", &fns.url_get) ||
	    !resolve(lib, "curl_url_set", &fns.url_set)) {
		snprintf(why, sizeof why, "a function is missing (libcurl older than 7.62?)");
		dlclose(lib);
		return;
	}
	state = 1;
}

const struct cca_curl *cca_curl(struct cca_error *err)
{
	if (!state)
		load();
	if (state > 0)
		return &fns;
	cca_error_set(err, CCA_EIO, "cannot load libcurl (%s): install the Debian package "
		      "'libcurl4'", why);
	return NULL;
}
