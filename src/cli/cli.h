/*
 * cli.h - the command-line layer: global state, the command table, and the
 * helpers every cmd-<name>.c shares.  Only src/cli/ talks to the user.
 */
#ifndef CCAUDIT_CLI_H
#define CCAUDIT_CLI_H

#include <getopt.h>
#include <stdbool.h>
#include <stdio.h>

#include "ccaudit/catalog.h"
#include "ccaudit/error.h"

/* Options every command accepts (long only). */
enum {
	CCA_OPT_HELP = 'h',
	CCA_OPT_DATA_DIR = 1000,
	CCA_OPT_CATALOG,
	CCA_OPT_COMMON_END = 1100  /* commands number their own options above this */
};

#define CCA_COMMON_LONG_OPTIONS                                           \
	{ "help", no_argument, NULL, CCA_OPT_HELP },                      \
	{ "data-dir", required_argument, NULL, CCA_OPT_DATA_DIR },        \
	{ "catalog", required_argument, NULL, CCA_OPT_CATALOG }

struct cca_cli {
	const char *data_dir_opt;   /* --data-dir, or NULL */
	char *data_dir;             /* resolved on first use */
	const char **catalogs;      /* --catalog files, in order */
	size_t ncatalogs;
};

struct cca_command {
	const char *name;
	const char *summary;        /* one line for `ccaudit help` */
	const char *usage;          /* the --help text */
	int (*run)(struct cca_cli *cli, int argc, char **argv);
	/* Prints the --help text instead of usage when set (text built at run time). */
	void (*print_usage)(FILE *f);
};

/* Print cmd's --help text to f. */
void cca_cli_print_usage(const struct cca_command *cmd, FILE *f);

extern const struct cca_command cca_cmd_audit;
extern const struct cca_command cca_cmd_report;
extern const struct cca_command cca_cmd_history;
extern const struct cca_command cca_cmd_findings;
extern const struct cca_command cca_cmd_assign;
extern const struct cca_command cca_cmd_waive;
extern const struct cca_command cca_cmd_diff;
extern const struct cca_command cca_cmd_export;
extern const struct cca_command cca_cmd_import;
extern const struct cca_command cca_cmd_catalog;
extern const struct cca_command cca_cmd_checklist;
extern const struct cca_command cca_cmd_help;
extern const struct cca_command cca_cmd_version;

/* The command table, NULL-terminated, in the order `help` lists it. */
extern const struct cca_command *const cca_commands[];

/* Run ccaudit; returns the process exit status. */
int cca_cli_main(int argc, char **argv);
/* The command called name, or NULL. */
const struct cca_command *cca_cli_find(const char *name);

/*
 * Handle an option common to every command (c from getopt_long).  Returns
 * 1 when handled (for --help, *exit_now is set and the usage printed),
 * 0 when c is not a common option.
 */
int cca_cli_common_option(struct cca_cli *cli, const struct cca_command *cmd,
			  int c, const char *arg, bool *exit_now);

/*
 * Report the option getopt_long just rejected (opterr = 0, optstring
 * starting with ':'), suggesting the closest long option.  Returns
 * CCA_EXIT_USAGE.
 */
int cca_cli_bad_option(const struct cca_command *cmd, const struct option *opts,
		       int c, char **argv);

/* Print "ccaudit: <message>" and a hint; returns CCA_EXIT_USAGE. */
int cca_cli_usage_error(const struct cca_command *cmd, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* Report an unknown command name with a suggestion; returns CCA_EXIT_USAGE. */
int cca_cli_unknown_command(const struct cca_command *from, const char *name);

/* Print "ccaudit: <err->msg>"; returns the exit status of err. */
int cca_cli_fail(const struct cca_error *err);

/* Print a warning "ccaudit: warning: ..." on stderr. */
void cca_cli_warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/*
 * The data directory: --data-dir, then $CCAUDIT_DATADIR, then the source
 * tree when this binary runs from its build tree, then the installed path.
 */
const char *cca_cli_data_dir(struct cca_cli *cli);

/* Load the shipped catalog plus --catalog files, finished. */
int cca_cli_load_catalog(struct cca_cli *cli, struct cca_catalog **out,
			 struct cca_error *err);

/*
 * An input the whole run depends on (answers, tailoring), read once so
 * that what is evaluated is exactly what the report hashes.
 */
struct cca_cli_input {
	const char *path;
	char *data;
	size_t len;
};

/*
 * Read path (at most max bytes; "-" is standard input) into in.  A file
 * that cannot be read is invalid input for the run (CCA_EINPUT).
 */
int cca_cli_read_input(const char *path, size_t max, struct cca_cli_input *in,
		       struct cca_error *err);
void cca_cli_input_release(struct cca_cli_input *in);

/*
 * The profile name (NULL: "all"), narrowed to roles (CCA_ROLE_ALL: no
 * filter), tailored by the input tailoring (may be NULL).
 */
int cca_cli_build_profile(const struct cca_catalog *cat, const char *name,
			  unsigned roles, const struct cca_cli_input *tailoring,
			  struct cca_profile **out, struct cca_error *err);

/* Parse a --role value into *roles (first use replaces CCA_ROLE_ALL). */
int cca_cli_add_role(const struct cca_command *cmd, const char *arg, unsigned *roles);

/*
 * Whether to colour output written to stream, given --color (when: -1
 * auto, 0 never, 1 always).  NO_COLOR in the environment always wins;
 * auto means stream is a terminal.
 */
bool cca_cli_use_color(FILE *stream, int when);

/* Parse a CSVS level "1".."3"; -1 when it is not one. */
int cca_cli_parse_level(const char *s, unsigned *level);

/*
 * Open the history database: db (--db) when given, else
 * cca_store_default_path().  Read-only commands pass write false.
 */
struct cca_store;
int cca_cli_open_store(const char *db, bool write, struct cca_store **out,
		       struct cca_error *err);

/* The usage text of --db, the same for every command that reads the history. */
#define CCA_CLI_DB_USAGE \
	"  --db PATH                the history database (default: $CCAUDIT_DB, else\n" \
	"                           $XDG_DATA_HOME/ccaudit/ccaudit.db)\n"

/* Parse a listing format: "text", "json" or "csv" (csv only when allowed). */
enum cca_cli_listfmt { CCA_LIST_TEXT, CCA_LIST_JSON, CCA_LIST_CSV };
int cca_cli_parse_listfmt(const struct cca_command *cmd, const char *arg, bool csv,
			  enum cca_cli_listfmt *out);

/* Append s (NULL: null) as a JSON string, invalid UTF-8 shown as U+FFFD. */
struct cca_buf;
void cca_cli_json_string(struct cca_buf *b, const char *s);
/* Append s (NULL: empty) as an RFC 4180 CSV field. */
void cca_cli_csv_field(struct cca_buf *b, const char *s);

/* Write data to path ("-" = stdout), or stdout when path is NULL. */
int cca_cli_write_output(const char *path, const char *data, size_t len,
			 struct cca_error *err);

#endif
