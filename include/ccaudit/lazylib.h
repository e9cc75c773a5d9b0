/*
 * lazylib.h - a shared library opened the first time it is needed.
 * Libraries only some runs use (libcurl for the network, libarchive for
 * images) would otherwise be loaded, with their own dependencies, into
 * every ccaudit start.  Each user keeps a table of function pointers and
 * fills it once with cca_lazylib_open().
 */
#ifndef CCAUDIT_LAZYLIB_H
#define CCAUDIT_LAZYLIB_H

#include <stddef.h>

/* One function to resolve: its name and the address of the pointer to fill. */
struct cca_lazysym {
	const char *name;
	void *slot;          /* e.g. &table.easy_init */
};

/*
 * Open soname and resolve every symbol into its slot.  0 on success; -1
 * with why (a message for the user) when the library or one of the
 * symbols is missing (the library is closed again).
 */
int cca_lazylib_open(const char *soname, const struct cca_lazysym *syms, size_t n,
		     char *why, size_t whylen);

/*
 * cca_lazylib_open() for a library the program cannot run without once it
 * needs it (a dependency of the package: only a broken installation lacks
 * it): on failure, print why and the Debian package to install, and exit
 * with CCA_EXIT_RUNTIME, as running out of memory does.
 */
void cca_lazylib_require(const char *soname, const char *package,
			 const struct cca_lazysym *syms, size_t n);

#endif
