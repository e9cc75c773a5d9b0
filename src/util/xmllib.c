/* xmllib.c - libxml2 and libxslt loaded on first use (xmllib.h). */
#include <pthread.h>

#define CCA_XMLLIB_TABLES   /* the real names, not the calls through the tables */
#include "ccaudit/lazylib.h"
#include "ccaudit/xmllib.h"

#define CCA_XML_SYM(f) { #f, &xml.f },
#define CCA_XSLT_SYM(f) { #f, &xslt.f },

static struct cca_xml_fns xml;
static struct cca_xslt_fns xslt;
static pthread_once_t xml_once = PTHREAD_ONCE_INIT, xslt_once = PTHREAD_ONCE_INIT;

static void load_xml(void)
{
	const struct cca_lazysym syms[] = {
		CCA_XML_FUNCTIONS(CCA_XML_SYM)
		{ "xmlFree", &xml.xmlFree },
	};

	cca_lazylib_require("libxml2.so.2", "libxml2", syms, sizeof syms / sizeof syms[0]);
}

static void load_xslt(void)
{
	const struct cca_lazysym syms[] = {
		CCA_XSLT_FUNCTIONS(CCA_XSLT_SYM)
		{ "xsltGenericError", &xslt.xsltGenericError },
		{ "xsltGenericErrorContext", &xslt.xsltGenericErrorContext },
	};

	pthread_once(&xml_once, load_xml);   /* libxslt works on libxml2's trees */
	cca_lazylib_require("libxslt.so.1", "libxslt1.1", syms, sizeof syms / sizeof syms[0]);
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
