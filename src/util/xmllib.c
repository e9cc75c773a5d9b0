/* xmllib.c - libxml2 and libxslt loaded on first use (xmllib.h). */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>

#define CCA_XMLLIB_TABLES   /* the real names, not the calls through the tables */
#include "ccaudit/error.h"
#include "ccaudit/lazylib.h"
#include "ccaudit/xmllib.h"

#define CCA_XML_SYM(f) { #f, &xml.f },
#define CCA_XSLT_SYM(f) { #f, &xslt.f },

static struct cca_xml_fns xml;
static struct cca_xslt_fns xslt;
static pthread_once_t xml_once = PTHREAD_ONCE_INIT, xslt_once = PTHREAD_ONCE_INIT;

/* Open soname into its table, or stop: the package depends on it. */
static void require(const char *soname, const char *package,
		    const struct cca_lazysym *syms, size_t n)
{
	char why[256];

	if (cca_lazylib_open(soname, syms, n, why, sizeof why) == 0)
		return;
	fprintf(stderr, "ccaudit: cannot load %s (%s): install the Debian package '%s'\n",
		soname, why, package);
	exit(CCA_EXIT_RUNTIME);
}

static void load_xml(void)
{
	const struct cca_lazysym syms[] = {
		CCA_XML_FUNCTIONS(CCA_XML_SYM)
		{ "xmlFree", &xml.xmlFree },
	};

	require("libxml2.so.2", "libxml2", syms, sizeof syms / sizeof syms[0]);
}

static void load_xslt(void)
{
	const struct cca_lazysym syms[] = {
		CCA_XSLT_FUNCTIONS(CCA_XSLT_SYM)
		{ "xsltGenericError", &xslt.xsltGenericError },
		{ "xsltGenericErrorContext", &xslt.xsltGenericErrorContext },
	};

	pthread_once(&xml_once, load_xml);   /* libxslt works on libxml2's trees */
	require("libxslt.so.1", "libxslt1.1", syms, sizeof syms / sizeof syms[0]);
}

const struct cca_xml_fns *cca_xml(void)
{
	pthread_once(&xml_once, load_xml);
	return &xml;
}

const struct cca_xslt_fns *cca_xslt(void)
{
	pthread_once(&xslt_once, load_xslt);
	return &xslt;
}
