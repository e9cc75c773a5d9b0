/*
 * xmllib.h - libxml2 and libxslt, loaded the first time they are called
 * (lazylib.h).  Linked into the program they would be loaded, with ICU and
 * libstdc++, into every start: about 1.5 ms that an audit of Dockerfiles
 * with a JSON report, whose catalog is compiled in, never needs.
 *
 * Include this header instead of the libraries' own: it includes them,
 * then turns each function (and libxslt variable) the project uses into
 * the same name called through the loaded table, so callers read as
 * plain libxml2 code.  A program that cannot load the libraries stops
 * with a message naming the Debian package and exit status 4, as it does
 * when memory runs out: they are dependencies of the package, so only a
 * broken installation lacks them.  Loading is thread-safe.
 *
 * A function used anywhere must be in the list below (the link fails
 * otherwise: nothing links libxml2).
 */
#ifndef CCAUDIT_XMLLIB_H
#define CCAUDIT_XMLLIB_H

#include <libxml/SAX2.h>
#include <libxml/globals.h>
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/xmlIO.h>
#include <libxml/xmlerror.h>
#include <libxml/xmlsave.h>
#include <libxml/xmlschemas.h>
#include <libxml/xmlwriter.h>
#include <libxslt/security.h>
#include <libxslt/transform.h>
#include <libxslt/variables.h>
#include <libxslt/xslt.h>
#include <libxslt/xsltInternals.h>
#include <libxslt/xsltutils.h>

/* The libxml2 functions the project calls: X(name) each. */
#define CCA_XML_FUNCTIONS(X) \
	X(__xmlStructuredError) X(__xmlStructuredErrorContext) \
	X(xmlBufferContent) X(xmlBufferCreate) X(xmlBufferFree) X(xmlBufferLength) \
	X(xmlCtxtGetLastError) X(xmlCtxtReadMemory) X(xmlDocGetRootElement) \
	X(xmlDocSetRootElement) X(xmlFreeDoc) X(xmlFreeParserCtxt) X(xmlFreeTextWriter) \
	X(xmlGetExternalEntityLoader) X(xmlGetLineNo) X(xmlGetNoNsProp) X(xmlGetProp) \
	X(xmlHasProp) X(xmlInitParser) X(xmlNewChild) X(xmlNewDoc) X(xmlNewDocNode) \
	X(xmlNewNode) X(xmlNewNs) X(xmlNewParserCtxt) X(xmlNewProp) X(xmlNewTextChild) \
	X(xmlNewTextWriterMemory) X(xmlNoNetExternalEntityLoader) X(xmlNodeGetContent) \
	X(xmlNodeSetLang) X(xmlSAX2StartElementNs) X(xmlSaveClose) X(xmlSaveDoc) \
	X(xmlSaveToBuffer) X(xmlSchemaFree) X(xmlSchemaFreeParserCtxt) \
	X(xmlSchemaFreeValidCtxt) X(xmlSchemaNewMemParserCtxt) X(xmlSchemaNewValidCtxt) \
	X(xmlSchemaParse) X(xmlSchemaSetParserStructuredErrors) \
	X(xmlSchemaSetValidStructuredErrors) X(xmlSchemaValidateDoc) \
	X(xmlSetExternalEntityLoader) X(xmlSetNs) X(xmlSetStructuredErrorFunc) \
	X(xmlStopParser) X(xmlTextWriterEndDocument) X(xmlTextWriterEndElement) \
	X(xmlTextWriterSetIndent) X(xmlTextWriterSetIndentString) \
	X(xmlTextWriterStartDocument) X(xmlTextWriterStartElement) \
	X(xmlTextWriterWriteAttribute) X(xmlTextWriterWriteString)

/* The libxslt functions the project calls. */
#define CCA_XSLT_FUNCTIONS(X) \
	X(xsltApplyStylesheetUser) X(xsltFreeSecurityPrefs) X(xsltFreeStylesheet) \
	X(xsltFreeTransformContext) X(xsltGetDefaultSecurityPrefs) X(xsltInit) \
	X(xsltNewSecurityPrefs) X(xsltNewTransformContext) X(xsltParseStylesheetDoc) \
	X(xsltQuoteOneUserParam) X(xsltSaveResultToString) X(xsltSecurityForbid) \
	X(xsltSetCtxtSecurityPrefs) X(xsltSetDefaultSecurityPrefs) \
	X(xsltSetGenericErrorFunc) X(xsltSetSecurityPrefs) X(xsltSetTransformErrorFunc)

#define CCA_XML_SLOT(f) __typeof__(f) *f;

struct cca_xml_fns {
	CCA_XML_FUNCTIONS(CCA_XML_SLOT)
	__typeof__(xmlFree) *xmlFree;    /* libxml2's variable */
};

struct cca_xslt_fns {
	CCA_XSLT_FUNCTIONS(CCA_XML_SLOT)
	__typeof__(xsltGenericError) *xsltGenericError;   /* libxslt's variables */
	__typeof__(xsltGenericErrorContext) *xsltGenericErrorContext;
};

/* The loaded tables (loading them on the first call). */
const struct cca_xml_fns *cca_xml(void);
const struct cca_xslt_fns *cca_xslt(void);

/* Every name above, called through its table (not in xmllib.c, which fills
 * the tables with the real functions). */
#ifndef CCA_XMLLIB_TABLES
#define xmlFree (*cca_xml()->xmlFree)
#define __xmlStructuredError (cca_xml()->__xmlStructuredError)
#define __xmlStructuredErrorContext (cca_xml()->__xmlStructuredErrorContext)
#define xmlBufferContent (cca_xml()->xmlBufferContent)
#define xmlBufferCreate (cca_xml()->xmlBufferCreate)
#define xmlBufferFree (cca_xml()->xmlBufferFree)
#define xmlBufferLength (cca_xml()->xmlBufferLength)
#define xmlCtxtGetLastError (cca_xml()->xmlCtxtGetLastError)
#define xmlCtxtReadMemory (cca_xml()->xmlCtxtReadMemory)
#define xmlDocGetRootElement (cca_xml()->xmlDocGetRootElement)
#define xmlDocSetRootElement (cca_xml()->xmlDocSetRootElement)
#define xmlFreeDoc (cca_xml()->xmlFreeDoc)
#define xmlFreeParserCtxt (cca_xml()->xmlFreeParserCtxt)
#define xmlFreeTextWriter (cca_xml()->xmlFreeTextWriter)
#define xmlGetExternalEntityLoader (cca_xml()->xmlGetExternalEntityLoader)
#define xmlGetLineNo (cca_xml()->xmlGetLineNo)
#define xmlGetNoNsProp (cca_xml()->xmlGetNoNsProp)
#define xmlGetProp (cca_xml()->xmlGetProp)
#define xmlHasProp (cca_xml()->xmlHasProp)
#define xmlInitParser (cca_xml()->xmlInitParser)
#define xmlNewChild (cca_xml()->xmlNewChild)
#define xmlNewDoc (cca_xml()->xmlNewDoc)
#define xmlNewDocNode (cca_xml()->xmlNewDocNode)
#define xmlNewNode (cca_xml()->xmlNewNode)
#define xmlNewNs (cca_xml()->xmlNewNs)
#define xmlNewParserCtxt (cca_xml()->xmlNewParserCtxt)
#define xmlNewProp (cca_xml()->xmlNewProp)
#define xmlNewTextChild (cca_xml()->xmlNewTextChild)
#define xmlNewTextWriterMemory (cca_xml()->xmlNewTextWriterMemory)
#define xmlNoNetExternalEntityLoader (cca_xml()->xmlNoNetExternalEntityLoader)
#define xmlNodeGetContent (cca_xml()->xmlNodeGetContent)
#define xmlNodeSetLang (cca_xml()->xmlNodeSetLang)
#define xmlSAX2StartElementNs (cca_xml()->xmlSAX2StartElementNs)
#define xmlSaveClose (cca_xml()->xmlSaveClose)
#define xmlSaveDoc (cca_xml()->xmlSaveDoc)
#define xmlSaveToBuffer (cca_xml()->xmlSaveToBuffer)
#define xmlSchemaFree (cca_xml()->xmlSchemaFree)
#define xmlSchemaFreeParserCtxt (cca_xml()->xmlSchemaFreeParserCtxt)
#define xmlSchemaFreeValidCtxt (cca_xml()->xmlSchemaFreeValidCtxt)
#define xmlSchemaNewMemParserCtxt (cca_xml()->xmlSchemaNewMemParserCtxt)
#define xmlSchemaNewValidCtxt (cca_xml()->xmlSchemaNewValidCtxt)
#define xmlSchemaParse (cca_xml()->xmlSchemaParse)
#define xmlSchemaSetParserStructuredErrors (cca_xml()->xmlSchemaSetParserStructuredErrors)
#define xmlSchemaSetValidStructuredErrors (cca_xml()->xmlSchemaSetValidStructuredErrors)
#define xmlSchemaValidateDoc (cca_xml()->xmlSchemaValidateDoc)
#define xmlSetExternalEntityLoader (cca_xml()->xmlSetExternalEntityLoader)
#define xmlSetNs (cca_xml()->xmlSetNs)
#define xmlSetStructuredErrorFunc (cca_xml()->xmlSetStructuredErrorFunc)
#define xmlStopParser (cca_xml()->xmlStopParser)
#define xmlTextWriterEndDocument (cca_xml()->xmlTextWriterEndDocument)
#define xmlTextWriterEndElement (cca_xml()->xmlTextWriterEndElement)
#define xmlTextWriterSetIndent (cca_xml()->xmlTextWriterSetIndent)
#define xmlTextWriterSetIndentString (cca_xml()->xmlTextWriterSetIndentString)
#define xmlTextWriterStartDocument (cca_xml()->xmlTextWriterStartDocument)
#define xmlTextWriterStartElement (cca_xml()->xmlTextWriterStartElement)
#define xmlTextWriterWriteAttribute (cca_xml()->xmlTextWriterWriteAttribute)
#define xmlTextWriterWriteString (cca_xml()->xmlTextWriterWriteString)

#define xsltApplyStylesheetUser (cca_xslt()->xsltApplyStylesheetUser)
#define xsltFreeSecurityPrefs (cca_xslt()->xsltFreeSecurityPrefs)
#define xsltFreeStylesheet (cca_xslt()->xsltFreeStylesheet)
#define xsltFreeTransformContext (cca_xslt()->xsltFreeTransformContext)
#define xsltGetDefaultSecurityPrefs (cca_xslt()->xsltGetDefaultSecurityPrefs)
#define xsltInit (cca_xslt()->xsltInit)
#define xsltNewSecurityPrefs (cca_xslt()->xsltNewSecurityPrefs)
#define xsltNewTransformContext (cca_xslt()->xsltNewTransformContext)
#define xsltParseStylesheetDoc (cca_xslt()->xsltParseStylesheetDoc)
#define xsltQuoteOneUserParam (cca_xslt()->xsltQuoteOneUserParam)
#define xsltSaveResultToString (cca_xslt()->xsltSaveResultToString)
#define xsltSecurityForbid (cca_xslt()->xsltSecurityForbid)
#define xsltSetCtxtSecurityPrefs (cca_xslt()->xsltSetCtxtSecurityPrefs)
#define xsltSetDefaultSecurityPrefs (cca_xslt()->xsltSetDefaultSecurityPrefs)
#define xsltSetGenericErrorFunc (cca_xslt()->xsltSetGenericErrorFunc)
#define xsltSetSecurityPrefs (cca_xslt()->xsltSetSecurityPrefs)
#define xsltSetTransformErrorFunc (cca_xslt()->xsltSetTransformErrorFunc)
#define xsltGenericError (*cca_xslt()->xsltGenericError)
#define xsltGenericErrorContext (*cca_xslt()->xsltGenericErrorContext)
#endif

#endif
