/*
 * cli.c - global options, the command table and shared helpers of the
 * command-line layer.
 */
#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "config.h"
#include "cli.h"
#include "ccaudit/store.h"
#include "ccaudit/util.h"

const struct cca_command *const cca_commands[] = {
	&cca_cmd_audit,
	&cca_cmd_report,
	&cca_cmd_history,
	&cca_cmd_findings,
	&cca_cmd_assign,
	&cca_cmd_waive,
	&cca_cmd_diff,
	&cca_cmd_export,
	&cca_cmd_import,
	&cca_cmd_checklist,
	&cca_cmd_sbom,
	&cca_cmd_catalog,
	&cca_cmd_version,
	&cca_cmd_help,
	NULL
};

static const char main_usage[] =
	"usage: ccaudit [--data-dir DIR] [--catalog FILE] <command> [options]\n"
	"\n"
	"Audit container platforms against OWASP CSVS 1.0, NIST SP 800-190 and\n"
	"the use cases A1-D2.  Commands:\n";

const struct cca_command *cca_cli_find(const char *name)
{
	for (size_t i = 0; cca_commands[i]; i++)
		if (strcmp(cca_commands[i]->name, name) == 0)
			return cca_commands[i];
	return NULL;
}

static void print_main_usage(FILE *f)
{
	fputs(main_usage, f);
	for (size_t i = 0; cca_commands[i]; i++)
		fprintf(f, "  %-10s %s\n", cca_commands[i]->name, cca_commands[i]->summary);
	fputs("\nRun 'ccaudit <command> --help' for a command's options; see ccaudit(1).\n", f);
}

void cca_cli_warn(const char *fmt, ...)
{
	va_list ap;

	fputs("ccaudit: warning: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

int cca_cli_usage_error(const struct cca_command *cmd, const char *fmt, ...)
{
	va_list ap;

	fputs("ccaudit: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	if (cmd)
		fprintf(stderr, "Try 'ccaudit %s --help'.\n", cmd->name);
	else
		fputs("Try 'ccaudit help'.\n", stderr);
	return CCA_EXIT_USAGE;
}

int cca_cli_unknown_command(const struct cca_command *from, const char *name)
{
	const char *names[CCA_ARRAY_SIZE(cca_commands)];
	const char *hint;
	size_t n = 0;

	for (size_t k = 0; cca_commands[k]; k++)
		names[n++] = cca_commands[k]->name;
	names[n] = NULL;
	hint = cca_did_you_mean(name, names);
	if (hint)
		return cca_cli_usage_error(from, "unknown command '%s'; did you mean '%s'?",
					   name, hint);
	return cca_cli_usage_error(from, "unknown command '%s'", name);
}

int cca_cli_fail(const struct cca_error *err)
{
	fprintf(stderr, "ccaudit: %s\n", err->msg[0] ? err->msg : "unknown error");
	return cca_error_exit(err);
}

int cca_cli_bad_option(const struct cca_command *cmd, const struct option *opts,
		       int c, char **argv)
{
	const char *arg = argv[optind - 1];
	const char *names[64];
	size_t n = 0;
	char word[128];
	const char *hint;

	if (c == ':')
		return cca_cli_usage_error(cmd, "option '%s' needs a value", arg);
	if (strncmp(arg, "--", 2) != 0 || !arg[2]) {
		if (optopt)
			return cca_cli_usage_error(cmd, "unknown option '-%c'", optopt);
		return cca_cli_usage_error(cmd, "unknown option '%s'", arg);
	}
	snprintf(word, sizeof word, "%s", arg + 2);
	word[strcspn(word, "=")] = '\0';
	for (size_t i = 0; opts[i].name && n + 1 < CCA_ARRAY_SIZE(names); i++)
		names[n++] = opts[i].name;
	names[n] = NULL;
	hint = cca_did_you_mean(word, names);
	if (hint)
		return cca_cli_usage_error(cmd, "unknown option '--%s'; did you mean '--%s'?",
					   word, hint);
	return cca_cli_usage_error(cmd, "unknown option '--%s'", word);
}

void cca_cli_print_usage(const struct cca_command *cmd, FILE *f)
{
	if (cmd->print_usage)
		cmd->print_usage(f);
	else
		fputs(cmd->usage, f);
}

int cca_cli_common_option(struct cca_cli *cli, const struct cca_command *cmd,
			  int c, const char *arg, bool *exit_now)
{
	switch (c) {
	case CCA_OPT_HELP:
		cca_cli_print_usage(cmd, stdout);
		*exit_now = true;
		return 1;
	case CCA_OPT_DATA_DIR:
		cli->data_dir_opt = arg;
		free(cli->data_dir);
		cli->data_dir = NULL;
		return 1;
	case CCA_OPT_CATALOG:
		cli->catalogs = cca_xreallocarray(cli->catalogs, cli->ncatalogs + 1,
						  sizeof *cli->catalogs);
		cli->catalogs[cli->ncatalogs++] = arg;
		return 1;
	default:
		return 0;
	}
}

static bool has_catalog(const char *dir)
{
	char *p = cca_xasprintf("%s/catalogs/ccaudit.xml", dir);
	bool ok = access(p, R_OK) == 0;

	free(p);
	return ok;
}

/* Whether the running binary sits in the build tree it was built in. */
static bool running_from_build_tree(void)
{
	char exe[PATH_MAX], dir[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
	char *slash;

	if (n <= 0)
		return false;
	exe[n] = '\0';
	slash = strrchr(exe, '/');
	if (!slash)
		return false;
	*slash = '\0';
	if (!realpath(CCA_BUILDDIR, dir))
		return false;
	return strcmp(exe, dir) == 0;
}

const char *cca_cli_data_dir(struct cca_cli *cli)
{
	const char *env = getenv("CCAUDIT_DATADIR");

	if (cli->data_dir)
		return cli->data_dir;
	if (cli->data_dir_opt)
		cli->data_dir = cca_xstrdup(cli->data_dir_opt);
	else if (env && *env)
		cli->data_dir = cca_xstrdup(env);
	else if (running_from_build_tree() && has_catalog(CCA_SRCDIR))
		cli->data_dir = cca_xstrdup(CCA_SRCDIR);
	else
		cli->data_dir = cca_xstrdup(CCA_PKGDATADIR);
	return cli->data_dir;
}

/* The shipped catalog compiled in (cca_cli_use_catalog_image), or NULL. */
static const struct cca_catalog_image *catalog_image;

void cca_cli_use_catalog_image(const struct cca_catalog_image *img)
{
	catalog_image = img;
}

int cca_cli_load_catalog(struct cca_cli *cli, struct cca_catalog **out,
			 struct cca_error *err)
{
	const char *dir = cca_cli_data_dir(cli);
	char *xsd = cca_xasprintf("%s/catalogs/catalog.xsd", dir);
	char *shipped = cca_xasprintf("%s/catalogs/ccaudit.xml", dir);
	struct cca_catalog *cat = cca_catalog_new(xsd);
	int rc = -1;

	*out = NULL;
	cca_catalog_use_image(cat, catalog_image);
	if (cca_catalog_load(cat, shipped, err) < 0) {
		if (err->code == CCA_EIO)
			cca_error_prefix(err, "cannot load the shipped catalog (data directory '%s'; "
					 "see --data-dir): ", dir);
		goto out;
	}
	for (size_t i = 0; i < cli->ncatalogs; i++)
		if (cca_catalog_load(cat, cli->catalogs[i], err) < 0)
			goto out;
	if (cca_catalog_finish(cat, err) < 0)
		goto out;
	*out = cat;
	cat = NULL;
	rc = 0;
out:
	/* A catalog the run depends on that cannot be read is invalid input. */
	if (rc < 0 && err->code == CCA_EIO)
		err->code = CCA_EINPUT;
	cca_catalog_free(cat);
	free(xsd);
	free(shipped);
	return rc;
}

int cca_cli_read_input(const char *path, size_t max, struct cca_cli_input *in,
		       struct cca_error *err)
{
	in->path = path;
	if (cca_file_read(path, max, &in->data, &in->len, err) < 0) {
		if (err->code == CCA_EIO)
			err->code = CCA_EINPUT;
		return -1;
	}
	return 0;
}

void cca_cli_input_release(struct cca_cli_input *in)
{
	free(in->data);
	in->data = NULL;
	in->len = 0;
}

int cca_cli_build_profile(const struct cca_catalog *cat, const char *name,
			  unsigned roles, const struct cca_cli_input *tailoring,
			  struct cca_profile **out, struct cca_error *err)
{
	struct cca_profile *p = cca_profile_new(cat, name ? name : "all", err);

	*out = NULL;
	if (!p)
		return -1;
	if (roles != CCA_ROLE_ALL)
		cca_profile_filter_roles(p, roles);
	if (tailoring && cca_profile_tailor_data(p, tailoring->path, tailoring->data,
						 tailoring->len, err) < 0) {
		cca_profile_free(p);
		return -1;
	}
	*out = p;
	return 0;
}

int cca_cli_add_role(const struct cca_command *cmd, const char *arg, unsigned *roles)
{
	unsigned bit;

	if (cca_role_parse(arg, &bit) < 0)
		return cca_cli_usage_error(cmd, "unknown role '%s' (development, security or operations)",
					   arg);
	*roles = *roles == CCA_ROLE_ALL ? bit : *roles | bit;
	return 0;
}

int cca_cli_parse_color(const struct cca_command *cmd, const char *arg, int *when)
{
	if (strcmp(arg, "auto") == 0)
		*when = -1;
	else if (strcmp(arg, "always") == 0)
		*when = 1;
	else if (strcmp(arg, "never") == 0)
		*when = 0;
	else
		return cca_cli_usage_error(cmd, "--color must be auto, always or never");
	return 0;
}

bool cca_cli_use_color(FILE *stream, int when)
{
	const char *nc = getenv("NO_COLOR");

	if ((nc && *nc) || when == 0)
		return false;
	return when == 1 || isatty(fileno(stream)) == 1;
}

int cca_cli_parse_level(const char *s, unsigned *level)
{
	if (!s || !s[0] || s[1] || s[0] < '1' || s[0] > '0' + CCA_LEVEL_MAX)
		return -1;
	*level = (unsigned)(s[0] - '0');
	return 0;
}

int cca_cli_open_store(const char *db, bool write, struct cca_store **out,
		       struct cca_error *err)
{
	char *path = db ? cca_xstrdup(db) : cca_store_default_path(err);
	int rc;

	*out = NULL;
	if (!path)
		return -1;
	rc = cca_store_open(path, write, out, err);
	free(path);
	return rc;
}

int cca_cli_parse_listfmt(const struct cca_command *cmd, const char *arg, bool csv,
			  enum cca_cli_listfmt *out)
{
	if (strcmp(arg, "text") == 0)
		*out = CCA_LIST_TEXT;
	else if (strcmp(arg, "json") == 0)
		*out = CCA_LIST_JSON;
	else if (csv && strcmp(arg, "csv") == 0)
		*out = CCA_LIST_CSV;
	else
		return cca_cli_usage_error(cmd, "unknown format '%s' (text, json%s)", arg,
					   csv ? " or csv" : "");
	return 0;
}

void cca_cli_json_string(struct cca_buf *b, const char *s)
{
	char *t;

	if (!s) {
		cca_buf_puts(b, "null");
		return;
	}
	t = cca_utf8_repair(s);
	cca_buf_putc(b, '"');
	for (const unsigned char *p = (const unsigned char *)t; *p; p++) {
		if (*p == '"' || *p == '\\')
			cca_buf_printf(b, "\\%c", *p);
		else if (*p == '\n')
			cca_buf_puts(b, "\\n");
		else if (*p == '\t')
			cca_buf_puts(b, "\\t");
		else if (*p == '\r')
			cca_buf_puts(b, "\\r");
		else if (*p < 0x20 || *p == 0x7f)
			cca_buf_printf(b, "\\u%04x", *p);
		else
			cca_buf_putc(b, (char)*p);
	}
	cca_buf_putc(b, '"');
	free(t);
}

void cca_cli_csv_field(struct cca_buf *b, const char *s)
{
	if (!s)
		return;
	if (!strpbrk(s, ",\"\r\n")) {
		cca_buf_puts(b, s);
		return;
	}
	cca_buf_putc(b, '"');
	for (; *s; s++) {
		if (*s == '"')
			cca_buf_putc(b, '"');
		cca_buf_putc(b, *s);
	}
	cca_buf_putc(b, '"');
}

int cca_cli_write_output(const char *path, const char *data, size_t len,
			 struct cca_error *err)
{
	if (!path || strcmp(path, "-") == 0) {
		if (fwrite(data, 1, len, stdout) != len || fflush(stdout) != 0)
			return cca_error_set(err, CCA_EIO, "cannot write standard output: %s",
					     strerror(errno));
		return 0;
	}
	return cca_file_write(path, data, len, err);
}

int cca_cli_print_buf(struct cca_buf *b)
{
	struct cca_error err;
	int rc = CCA_EXIT_OK;

	cca_error_clear(&err);
	if (cca_cli_write_output(NULL, cca_buf_str(b), b->len, &err) < 0)
		rc = cca_cli_fail(&err);
	cca_buf_release(b);
	return rc;
}

int cca_cli_main(int argc, char **argv)
{
	struct cca_cli cli = { 0 };
	const struct cca_command *cmd;
	int i = 1, rc;

	if (!cca_source_date_valid())
		return cca_cli_usage_error(NULL, "SOURCE_DATE_EPOCH must be a whole number of "
					   "seconds since 1970, not '%s'", getenv("SOURCE_DATE_EPOCH"));
	/* Global options before the command. */
	while (i < argc && argv[i][0] == '-') {
		const char *a = argv[i];

		if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
			print_main_usage(stdout);
			return CCA_EXIT_OK;
		}
		if (strcmp(a, "--version") == 0) {
			argv[i] = (char *)"version";
			break;
		}
		if (strcmp(a, "--data-dir") == 0 || strcmp(a, "--catalog") == 0) {
			bool dummy = false;

			if (i + 1 >= argc) {
				free(cli.catalogs);
				return cca_cli_usage_error(NULL, "option '%s' needs a value", a);
			}
			cca_cli_common_option(&cli, &cca_cmd_help,
					      a[2] == 'd' ? CCA_OPT_DATA_DIR : CCA_OPT_CATALOG,
					      argv[i + 1], &dummy);
			i += 2;
			continue;
		}
		if (strncmp(a, "--data-dir=", 11) == 0 || strncmp(a, "--catalog=", 10) == 0) {
			bool dummy = false;

			cca_cli_common_option(&cli, &cca_cmd_help,
					      a[2] == 'd' ? CCA_OPT_DATA_DIR : CCA_OPT_CATALOG,
					      strchr(a, '=') + 1, &dummy);
			i++;
			continue;
		}
		rc = cca_cli_usage_error(NULL, "unknown global option '%s'", a);
		free(cli.catalogs);
		return rc;
	}
	if (i >= argc) {
		print_main_usage(stderr);
		free(cli.catalogs);
		return CCA_EXIT_USAGE;
	}
	cmd = cca_cli_find(argv[i]);
	if (!cmd) {
		free(cli.catalogs);
		return cca_cli_unknown_command(NULL, argv[i]);
	}
	optind = 1;
	opterr = 0;
	rc = cmd->run(&cli, argc - i, argv + i);
	free(cli.catalogs);
	free(cli.data_dir);
	return rc;
}
