/* render.c - the table of output formats and the dispatch to renderers. */
#include <string.h>

#include "ccaudit/report.h"

typedef int render_fn(const struct cca_report *r, const struct cca_render_opts *o,
		      struct cca_buf *out, struct cca_error *err);

static const struct {
	const char *name;
	const char *filename;
	bool binary;
	render_fn *render;
} formats[CCA_FMT_COUNT] = {
	[CCA_FMT_TEXT] = { "text", "report.txt", false, cca_report_text },
	[CCA_FMT_JSON] = { "json", "report.json", false, cca_report_json },
	[CCA_FMT_XML] = { "xml", "report.xml", false, cca_report_xml },
	[CCA_FMT_HTML] = { "html", "report.html", false, cca_report_html },
	[CCA_FMT_PDF] = { "pdf", "report.pdf", true, cca_report_pdf },
	[CCA_FMT_XCCDF] = { "xccdf", "report.xccdf.xml", false, cca_report_xccdf },
	[CCA_FMT_SARIF] = { "sarif", "report.sarif", false, cca_report_sarif },
	[CCA_FMT_JUNIT] = { "junit", "report.junit.xml", false, cca_report_junit },
	[CCA_FMT_CSV] = { "csv", "report.csv", false, cca_report_csv },
	[CCA_FMT_MD] = { "md", "report.md", false, cca_report_md },
};

int cca_format_parse(const char *name, enum cca_format *out)
{
	for (int f = 0; f < CCA_FMT_COUNT; f++)
		if (strcmp(name, formats[f].name) == 0) {
			*out = (enum cca_format)f;
			return 0;
		}
	if (strcmp(name, "markdown") == 0) {
		*out = CCA_FMT_MD;
		return 0;
	}
	return -1;
}

const char *cca_format_name(enum cca_format f)
{
	return (unsigned)f < CCA_FMT_COUNT ? formats[f].name : "unknown";
}

const char *cca_format_filename(enum cca_format f)
{
	return (unsigned)f < CCA_FMT_COUNT ? formats[f].filename : "report";
}

bool cca_format_binary(enum cca_format f)
{
	return (unsigned)f < CCA_FMT_COUNT && formats[f].binary;
}

int cca_report_render(const struct cca_report *r, enum cca_format f,
		      const struct cca_render_opts *o, struct cca_buf *out,
		      struct cca_error *err)
{
	if ((unsigned)f >= CCA_FMT_COUNT)
		return cca_error_set(err, CCA_EINTERNAL, "unknown output format %d", (int)f);
	return formats[f].render(r, o, out, err);
}
