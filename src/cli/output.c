/*
 * output.c - writing a report where -f and -o say: standard output (one
 * format), one file, or a directory holding a file per format.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "output.h"
#include "ccaudit/util.h"

int cca_cli_output_formats(const struct cca_command *cmd, const char *arg,
			   struct cca_cli_output *o)
{
	char *copy = cca_xstrdup(arg), *save = NULL;
	int rc = 0;

	for (char *t = strtok_r(copy, ",", &save); t; t = strtok_r(NULL, ",", &save)) {
		enum cca_format f;
		bool seen = false;

		if (cca_format_parse(t, &f) < 0) {
			rc = cca_cli_usage_error(cmd, "unknown format '%s' (text, json, xml, html, pdf, "
						 "xccdf, sarif, junit, csv or md)", t);
			break;
		}
		for (size_t i = 0; i < o->nformats; i++)
			seen |= o->formats[i] == f;
		if (!seen)
			o->formats[o->nformats++] = f;
	}
	free(copy);
	return rc;
}

int cca_cli_output_check(const struct cca_command *cmd, struct cca_cli_output *o)
{
	bool to_stdout = !o->output || strcmp(o->output, "-") == 0;

	if (!o->nformats)
		o->formats[o->nformats++] = CCA_FMT_TEXT;
	if (o->nformats > 1 && to_stdout)
		return cca_cli_usage_error(cmd, "several formats need -o DIR (one file per format)");
	for (size_t i = 0; i < o->nformats; i++)
		if (cca_format_binary(o->formats[i]) && to_stdout && isatty(STDOUT_FILENO))
			return cca_cli_usage_error(cmd, "not writing %s to a terminal; use -o FILE",
						   cca_format_name(o->formats[i]));
	return -1;
}

/*
 * The directory the reports go to (several formats, an existing
 * directory, or a path ending in '/'), created when missing; NULL when
 * they go to standard output or one file.
 */
static int output_dir(const struct cca_cli_output *o, char **dir, struct cca_error *err)
{
	const char *p = o->output;
	struct stat st;
	size_t n;

	*dir = NULL;
	if (!p || strcmp(p, "-") == 0)
		return 0;
	n = strlen(p);
	if (o->nformats < 2 && !(stat(p, &st) == 0 && S_ISDIR(st.st_mode)) &&
	    (n == 0 || p[n - 1] != '/'))
		return 0;
	if (mkdir(p, 0777) < 0 && errno != EEXIST)
		return cca_error_set(err, CCA_EIO, "cannot create directory '%s': %s", p,
				     strerror(errno));
	*dir = cca_xstrndup(p, n > 1 && p[n - 1] == '/' ? n - 1 : n);
	return 0;
}

/* The render sink of a report going to a file (a struct cca_file_out). */
static int to_file(void *arg, const char *data, size_t len, struct cca_error *err)
{
	return cca_file_out_write(arg, data, len, err);
}

/*
 * Render rep as f into path ("-": standard output), handing the file what
 * the renderer has written as it goes (out is the renderer's buffer).
 */
static int render_to(const struct cca_report *rep, enum cca_format f,
		     struct cca_render_opts ro, const char *path, struct cca_buf *out,
		     struct cca_error *err)
{
	struct cca_file_out fo;

	if (strcmp(path, "-") == 0)
		return cca_report_render(rep, f, &ro, out, err) < 0 ||
		       cca_cli_write_output(path, cca_buf_str(out), out->len, err) < 0 ? -1 : 0;
	if (cca_file_out_open(&fo, path, err) < 0)
		return -1;
	ro.sink = to_file;
	ro.sink_arg = &fo;
	if (cca_report_render(rep, f, &ro, out, err) < 0) {
		cca_file_out_abort(&fo);
		return -1;
	}
	if (cca_file_out_write(&fo, cca_buf_str(out), out->len, err) < 0)
		return -1;
	return cca_file_out_commit(&fo, err);
}

int cca_cli_output_render(const struct cca_cli_output *o, const struct cca_report *rep,
			  const char *data_dir, struct cca_error *err)
{
	struct cca_render_opts ro = {
		.data_dir = data_dir, .template_dir = o->template_dir,
		.sarif_github = o->sarif_github,
	};
	bool to_stdout = !o->output || strcmp(o->output, "-") == 0;
	struct cca_buf out, written;
	char *dir = NULL;
	int rc = -1;

	cca_buf_init(&out);
	cca_buf_init(&written);
	if (output_dir(o, &dir, err) < 0)
		goto out;
	for (size_t i = 0; i < o->nformats; i++) {
		enum cca_format f = o->formats[i];
		char *path = dir ? cca_xasprintf("%s/%s", dir, cca_format_filename(f))
				 : cca_xstrdup(to_stdout ? "-" : o->output);

		ro.color = f == CCA_FMT_TEXT && to_stdout && cca_cli_use_color(stdout, o->color);
		cca_buf_reset(&out);
		if (render_to(rep, f, ro, path, &out, err) < 0) {
			free(path);
			goto out;
		}
		if (!to_stdout)
			cca_buf_printf(&written, "Report written to %s\n", path);
		free(path);
	}
	if (!to_stdout) {
		cca_buf_reset(&out);
		cca_report_summary(rep, cca_cli_use_color(stdout, o->color), &out);
		cca_buf_printf(&out, "\n%s", cca_buf_str(&written));
		fputs(cca_buf_str(&out), stdout);
	}
	rc = 0;
out:
	free(dir);
	cca_buf_release(&out);
	cca_buf_release(&written);
	return rc;
}
