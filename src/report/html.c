/*
 * html.c - the HTML report (`-f html`): the results document of xml.c
 * transformed by an XSLT stylesheet into one self-contained file.
 *
 * The templates directory (--template DIR, else <data_dir>/templates)
 * holds three files, all read here and nowhere else:
 *   report.xsl  the stylesheet (it may xsl:include/xsl:import files beside
 *               it; nothing else is read)
 *   report.css  passed to the stylesheet as the string parameter "css"
 *   report.js   passed as the string parameter "script"
 * plus "css-hash" and "script-hash" ('sha256-BASE64' of each), so the
 * stylesheet can write a Content-Security-Policy that lets exactly that
 * CSS and that script run: even if some text escaped its escaping, no
 * other script could run and nothing could be fetched.
 *
 * Safety: the results document and the stylesheet are parsed without
 * network access and without entity expansion; while the stylesheet is
 * compiled only local files can be read (its includes); the transformation
 * itself may read and write nothing: no files, no directories, no network
 * (libxslt security preferences), so document() and xsl:document fail.
 * Every text from the model reaches the output as a text node or an
 * attribute value, escaped by libxml2's HTML serializer; the stylesheet
 * never disables output escaping.
 *
 * Errors: a template that cannot be read, parsed, compiled or applied is
 * CCA_EIO naming the file and libxml2/libxslt's first complaint.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ccaudit/xmllib.h"

#include "ccaudit/report.h"

#define STYLESHEET_NAME "report.xsl"
#define CSS_NAME "report.css"
#define SCRIPT_NAME "report.js"
/* Templates are small; anything larger is a mistake, not a template. */
#define TEMPLATE_MAX_BYTES (4u * 1024 * 1024)
/* How much of libxml2/libxslt's complaints goes into an error message. */
#define DIAG_MAX 600

/* Collected diagnostics of libxml2 and libxslt while a template is handled. */
struct diag {
	struct cca_buf text;
	bool line_ended;  /* the last generic message ended a line */
};

/*
 * Append a libxml2 structured error to the diagnostics: "FILE:LINE: message"
 * (the first few only, the total length bounded).
 */
static void diag_structured(void *ctx, xmlErrorPtr e)
{
	struct diag *d = ctx;
	size_t n;

	if (!d || !e || !e->message || d->text.len >= DIAG_MAX)
		return;
	if (d->text.len)
		cca_buf_puts(&d->text, "; ");
	if (e->file && e->line > 0)
		cca_buf_printf(&d->text, "%s:%d: ", e->file, e->line);
	else if (e->line > 0)
		cca_buf_printf(&d->text, "line %d: ", e->line);
	cca_buf_puts(&d->text, e->message);
	n = d->text.len;
	while (n && (d->text.data[n - 1] == '\n' || d->text.data[n - 1] == ' '))
		n--;
	d->text.len = n;
	d->text.data[n] = '\0';
	d->line_ended = true;
}

/*
 * Append a printf-style libxslt message to the diagnostics, newlines turned
 * into "; " and the total length bounded.
 */
static void diag_generic(void *ctx, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
static void diag_generic(void *ctx, const char *fmt, ...)
{
	struct diag *d = ctx;
	struct cca_buf msg;
	va_list ap;

	if (!d || d->text.len >= DIAG_MAX)
		return;
	cca_buf_init(&msg);
	va_start(ap, fmt);
	cca_buf_vprintf(&msg, fmt, ap);
	va_end(ap);
	for (const char *p = cca_buf_str(&msg); *p; p++) {
		if (*p == '\n') {
			d->line_ended = true;
			continue;
		}
		if (d->line_ended && d->text.len)
			cca_buf_puts(&d->text, "; ");
		d->line_ended = false;
		cca_buf_putc(&d->text, *p);
	}
	cca_buf_release(&msg);
}

/* ": " when d holds diagnostics, else "": the separator before them. */
static const char *diag_sep(const struct diag *d)
{
	return d->text.len ? ": " : "";
}

/*
 * Read the template file dir/name into *data (NUL-terminated, caller
 * frees) and *len.  On failure (missing, unreadable, over
 * TEMPLATE_MAX_BYTES) err is CCA_EIO "cannot render the html report:
 * cannot read 'PATH': ...".
 */
static int read_template(const char *dir, const char *name, char **data,
			 size_t *len, struct cca_error *err)
{
	char *path = cca_xasprintf("%s/%s", dir, name);
	int rc = cca_file_read(path, TEMPLATE_MAX_BYTES, data, len, err);

	if (rc < 0 && err) {
		err->code = CCA_EIO;  /* too big is a broken template too */
		cca_error_prefix(err, "cannot render the html report: ");
	}
	free(path);
	return rc;
}

/*
 * Fill out with "sha256-" and the base64 SHA-256 of len bytes at data: a
 * Content-Security-Policy source expression for that exact text.
 */
static void csp_hash(const char *data, size_t len, char out[52])
{
	static const char b64[] =
		"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
	unsigned char raw[32];
	char hex[65];
	size_t o = 0;

	cca_sha256_hex(data, len, hex);
	for (size_t i = 0; i < 32; i++) {
		unsigned hi = (unsigned)(hex[2 * i] <= '9' ? hex[2 * i] - '0' : hex[2 * i] - 'a' + 10);
		unsigned lo = (unsigned)(hex[2 * i + 1] <= '9' ? hex[2 * i + 1] - '0' : hex[2 * i + 1] - 'a' + 10);

		raw[i] = (unsigned char)(hi << 4 | lo);
	}
	memcpy(out, "sha256-", 7);
	o = 7;
	for (size_t i = 0; i < 32; i += 3) {
		unsigned v = (unsigned)raw[i] << 16;

		if (i + 1 < 32)
			v |= (unsigned)raw[i + 1] << 8;
		if (i + 2 < 32)
			v |= raw[i + 2];
		out[o++] = b64[v >> 18 & 63];
		out[o++] = b64[v >> 12 & 63];
		out[o++] = i + 1 < 32 ? b64[v >> 6 & 63] : '=';
		out[o++] = i + 2 < 32 ? b64[v & 63] : '=';
	}
	out[o] = '\0';
}

/*
 * New security preferences (the caller frees them) that forbid writing
 * files, creating directories and any network access, and reading files
 * too when forbid_read_file; NULL when out of memory.
 */
static xsltSecurityPrefsPtr new_prefs(bool forbid_read_file)
{
	xsltSecurityPrefsPtr sec = xsltNewSecurityPrefs();

	if (!sec)
		return NULL;
	if ((forbid_read_file &&
	     xsltSetSecurityPrefs(sec, XSLT_SECPREF_READ_FILE, xsltSecurityForbid) < 0) ||
	    xsltSetSecurityPrefs(sec, XSLT_SECPREF_WRITE_FILE, xsltSecurityForbid) < 0 ||
	    xsltSetSecurityPrefs(sec, XSLT_SECPREF_CREATE_DIRECTORY, xsltSecurityForbid) < 0 ||
	    xsltSetSecurityPrefs(sec, XSLT_SECPREF_READ_NETWORK, xsltSecurityForbid) < 0 ||
	    xsltSetSecurityPrefs(sec, XSLT_SECPREF_WRITE_NETWORK, xsltSecurityForbid) < 0) {
		xsltFreeSecurityPrefs(sec);
		return NULL;
	}
	return sec;
}

/*
 * Parse and compile the stylesheet at path (text already read into
 * data/len): no network, no entity expansion; xsl:include and xsl:import
 * may read local files only.  Returns NULL with err set (CCA_EIO, naming
 * path) on failure.  Diagnostics are collected into d.
 */
static xsltStylesheetPtr compile(const char *path, const char *data, size_t len,
				 struct diag *d, struct cca_error *err)
{
	xsltSecurityPrefsPtr sec = new_prefs(false);
	xsltSecurityPrefsPtr old = xsltGetDefaultSecurityPrefs();
	xmlParserCtxtPtr pctx = xmlNewParserCtxt();
	xsltStylesheetPtr style = NULL;
	xmlDocPtr doc = NULL;

	if (!sec || !pctx || len > (size_t)INT32_MAX) {
		cca_error_set(err, CCA_EIO, "cannot load template '%s': out of memory", path);
		goto out;
	}
	doc = xmlCtxtReadMemory(pctx, data, (int)len, path, NULL,
				XML_PARSE_NONET | XML_PARSE_NOCDATA);
	if (!doc) {
		cca_error_set(err, CCA_EIO, "cannot parse template '%s'%s%.600s", path, diag_sep(d),
				      cca_buf_str(&d->text));
		goto out;
	}
	xsltSetDefaultSecurityPrefs(sec);
	style = xsltParseStylesheetDoc(doc);
	xsltSetDefaultSecurityPrefs(old);
	if (!style || style->errors) {
		if (style)
			xsltFreeStylesheet(style);  /* frees doc as well */
		else
			xmlFreeDoc(doc);
		style = NULL;
		cca_error_set(err, CCA_EIO, "invalid template '%s'%s%.600s", path, diag_sep(d),
				      cca_buf_str(&d->text));
	}
out:
	xmlFreeParserCtxt(pctx);
	xsltFreeSecurityPrefs(sec);
	return style;
}

/*
 * Apply style to doc with the parameters css and script (and their CSP
 * hashes), reading and writing nothing; append the serialized result to
 * out.  Fails with CCA_EIO naming path.
 */
static int transform(xsltStylesheetPtr style, xmlDocPtr doc, const char *path,
		     const char *css, size_t css_len, const char *script,
		     size_t script_len, struct diag *d, struct cca_buf *out,
		     struct cca_error *err)
{
	xsltSecurityPrefsPtr sec = new_prefs(true);
	xsltTransformContextPtr ctxt = NULL;
	xmlDocPtr res = NULL;
	xmlChar *mem = NULL;
	int len = 0, rc = -1;
	char css_hash[52], script_hash[52];

	csp_hash(css, css_len, css_hash);
	csp_hash(script, script_len, script_hash);
	if (!sec || !(ctxt = xsltNewTransformContext(style, doc)) ||
	    xsltSetCtxtSecurityPrefs(sec, ctxt) < 0) {
		cca_error_set(err, CCA_EIO, "cannot apply template '%s': out of memory", path);
		goto out;
	}
	xsltSetTransformErrorFunc(ctxt, d, diag_generic);
	if (xsltQuoteOneUserParam(ctxt, BAD_CAST "css", BAD_CAST css) < 0 ||
	    xsltQuoteOneUserParam(ctxt, BAD_CAST "css-hash", BAD_CAST css_hash) < 0 ||
	    xsltQuoteOneUserParam(ctxt, BAD_CAST "script", BAD_CAST script) < 0 ||
	    xsltQuoteOneUserParam(ctxt, BAD_CAST "script-hash", BAD_CAST script_hash) < 0) {
		cca_error_set(err, CCA_EIO, "cannot apply template '%s'%s%.600s", path, diag_sep(d),
				      cca_buf_str(&d->text));
		goto out;
	}
	res = xsltApplyStylesheetUser(style, doc, NULL, NULL, NULL, ctxt);
	if (!res || ctxt->state != XSLT_STATE_OK) {
		cca_error_set(err, CCA_EIO, "cannot apply template '%s'%s%.600s", path, diag_sep(d),
				      cca_buf_str(&d->text));
		goto out;
	}
	if (xsltSaveResultToString(&mem, &len, res, style) < 0 || len < 0) {
		cca_error_set(err, CCA_EIO, "cannot serialize the output of template '%s'", path);
		goto out;
	}
	if (mem)
		cca_buf_add(out, mem, (size_t)len);
	rc = 0;
out:
	xmlFree(mem);
	xmlFreeDoc(res);
	xsltFreeTransformContext(ctxt);
	xsltFreeSecurityPrefs(sec);
	return rc;
}

/*
 * Whether len bytes at text can be passed as an XSLT string parameter:
 * valid UTF-8 without NUL bytes.
 */
static bool usable_text(const char *text, size_t len)
{
	return !memchr(text, '\0', len) && cca_utf8_valid(text, len);
}

int cca_report_html(const struct cca_report *r, const struct cca_render_opts *o,
		    struct cca_buf *out, struct cca_error *err)
{
	char *dir = o && o->template_dir ? cca_xstrdup(o->template_dir)
			: cca_xasprintf("%s/templates", o && o->data_dir ? o->data_dir : ".");
	char *xsl_path = cca_xasprintf("%s/%s", dir, STYLESHEET_NAME);
	char *xsl = NULL, *css = NULL, *script = NULL, *bad = NULL;
	size_t xsl_len = 0, css_len = 0, script_len = 0;
	xmlExternalEntityLoader old_loader = xmlGetExternalEntityLoader();
	xmlStructuredErrorFunc old_serror = xmlStructuredError;
	void *old_serror_ctx = xmlStructuredErrorContext;
	xmlGenericErrorFunc old_xerror = xsltGenericError;
	void *old_xerror_ctx = xsltGenericErrorContext;
	xsltStylesheetPtr style = NULL;
	xmlParserCtxtPtr pctx = NULL;
	xmlDocPtr doc = NULL;
	struct cca_buf xml;
	struct diag d;
	int rc = -1;

	cca_buf_init(&xml);
	cca_buf_init(&d.text);
	d.line_ended = false;
	if (read_template(dir, STYLESHEET_NAME, &xsl, &xsl_len, err) < 0 ||
	    read_template(dir, CSS_NAME, &css, &css_len, err) < 0 ||
	    read_template(dir, SCRIPT_NAME, &script, &script_len, err) < 0)
		goto out;
	if (!usable_text(css, css_len) || !usable_text(script, script_len)) {
		bad = cca_xasprintf("%s/%s", dir,
				    usable_text(css, css_len) ? SCRIPT_NAME : CSS_NAME);
		cca_error_set(err, CCA_EIO, "invalid template '%s': not UTF-8 text", bad);
		goto out;
	}
	if (cca_report_xml(r, o, &xml, err) < 0)
		goto out;

	xmlInitParser();
	xsltInit();
	/* Everything below reports to d, and nothing may reach the network. */
	xmlSetStructuredErrorFunc(&d, diag_structured);
	xsltSetGenericErrorFunc(&d, diag_generic);
	xmlSetExternalEntityLoader(xmlNoNetExternalEntityLoader);

	style = compile(xsl_path, xsl, xsl_len, &d, err);
	if (!style)
		goto restore;
	cca_buf_reset(&d.text);
	d.line_ended = false;
	pctx = xmlNewParserCtxt();
	if (pctx && xml.len <= (size_t)INT32_MAX)
		doc = xmlCtxtReadMemory(pctx, cca_buf_str(&xml), (int)xml.len, "results.xml",
					"UTF-8", XML_PARSE_NONET);
	if (!doc) {
		cca_error_set(err, CCA_EINTERNAL, "cannot read back the results document%s%.600s",
			      diag_sep(&d), cca_buf_str(&d.text));
		goto restore;
	}
	rc = transform(style, doc, xsl_path, css, css_len, script, script_len, &d, out, err);
restore:
	xmlSetExternalEntityLoader(old_loader);
	xsltSetGenericErrorFunc(old_xerror_ctx, old_xerror);
	xmlSetStructuredErrorFunc(old_serror_ctx, old_serror);
out:
	xmlFreeDoc(doc);
	xmlFreeParserCtxt(pctx);
	if (style)
		xsltFreeStylesheet(style);
	cca_buf_release(&d.text);
	cca_buf_release(&xml);
	free(bad);
	free(script);
	free(css);
	free(xsl);
	free(xsl_path);
	free(dir);
	return rc;
}
