/* lazylib.c - opening a shared library on first use (lazylib.h). */
#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>

#include "ccaudit/error.h"
#include "ccaudit/lazylib.h"

int cca_lazylib_open(const char *soname, const struct cca_lazysym *syms, size_t n,
		     char *why, size_t whylen)
{
	void *lib = dlopen(soname, RTLD_NOW | RTLD_LOCAL);
	const char *e;

	if (!lib) {
		e = dlerror();
		snprintf(why, whylen, "%s", e ? e : "not found");
		return -1;
	}
	for (size_t i = 0; i < n; i++) {
		void *sym = dlsym(lib, syms[i].name);

		if (!sym) {
			snprintf(why, whylen, "%s lacks %s (too old?)", soname, syms[i].name);
			dlclose(lib);
			return -1;
		}
		/* POSIX: function and object pointers have the same representation. */
		*(void **)syms[i].slot = sym;
	}
	return 0;   /* stays loaded until the process ends */
}

void cca_lazylib_require(const char *soname, const char *package,
			 const struct cca_lazysym *syms, size_t n)
{
	char why[256];

	if (cca_lazylib_open(soname, syms, n, why, sizeof why) == 0)
		return;
	fprintf(stderr, "ccaudit: cannot load %s (%s): install the Debian package '%s'\n",
		soname, why, package);
	exit(CCA_EXIT_RUNTIME);
}
