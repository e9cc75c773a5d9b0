/*
 * output.h - where `audit` and `report` write a report: the formats asked
 * for with -f, the -o path, and rendering each where it goes.
 */
#ifndef CCAUDIT_CLI_OUTPUT_H
#define CCAUDIT_CLI_OUTPUT_H

#include <stdbool.h>

#include "cli.h"
#include "ccaudit/report.h"

struct cca_cli_output {
	enum cca_format formats[CCA_FMT_COUNT];   /* in the order given */
	size_t nformats;
	const char *output;        /* -o PATH, or NULL: standard output */
	const char *template_dir;  /* --template DIR, or NULL */
	bool sarif_github;
	int color;                 /* -1 auto, 0 never, 1 always */
};

/* Add the comma-separated formats of arg (each once, in order); 2 on a bad one, else 0. */
int cca_cli_output_formats(const struct cca_command *cmd, const char *arg,
			   struct cca_cli_output *o);

/*
 * After option parsing: text when no format was given; several formats
 * need a directory; binary formats are not written to a terminal.
 * Returns -1 to go on, else an exit status.
 */
int cca_cli_output_check(const struct cca_command *cmd, struct cca_cli_output *o);

/*
 * Render every requested format where it goes; when nothing went to
 * standard output, print the summary there with where the reports are.
 */
int cca_cli_output_render(const struct cca_cli_output *o, const struct cca_report *rep,
			  const char *data_dir, struct cca_error *err);

#endif
