/*
 * cmd-audit.c - `ccaudit audit`: collect evidence, evaluate the catalog,
 * write the report, apply the gate.
 */
#include <errno.h>
#include <libgen.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"
#include "ccaudit/report.h"
#include "ccaudit/util.h"

static const char usage[] =
	"usage: ccaudit audit [PATH...] [--attestations FILE] [options]\n"
	"\n"
	"Evaluate the catalog against the evidence found in PATH (files or\n"
	"directories) and people's attestations, print a summary and write the\n"
	"report.  A directory PATH contributes its ccaudit-answers.yaml, if any.\n"
	"\n"
	"Evidence:\n"
	"  -a, --attestations FILE  an answers file (see 'ccaudit checklist -f yaml');\n"
	"                           repeatable\n"
	"  -t, --target NAME        the name of what is audited (default: the answers\n"
	"                           file's target, else the first PATH's name)\n"
	"Selection:\n"
	"  -p, --profile NAME       all (default), csvs-l1, csvs-l2 or csvs-l3\n"
	"  -l, --level N            the same as --profile csvs-lN\n"
	"  -r, --role ROLE          only rules owned by ROLE; repeatable\n"
	"  --tailoring FILE         ccaudit YAML or XCCDF 1.2 Tailoring\n"
	"Output:\n"
	"  -f, --format FMT         text (default: the summary) or json\n"
	"  -o, --output FILE        write the report to FILE; the summary then goes to\n"
	"                           standard output\n"
	"  --color WHEN             auto (default), always or never; NO_COLOR disables\n"
	"Gate (exit status 1 when it fails):\n"
	"  --fail-on SEVERITY       a failing rule at or above SEVERITY (info, low,\n"
	"                           medium, high, critical)\n"
	"  --fail-below-level N     the CSVS level achieved is below N\n"
	"Common:\n"
	"  --catalog FILE           add a user catalog on top of the shipped one\n"
	"  --data-dir DIR           where catalogs/ and templates/ are\n";

enum {
	OPT_TAILORING = CCA_OPT_COMMON_END,
	OPT_COLOR,
	OPT_FAIL_ON,
	OPT_FAIL_BELOW
};

#define ANSWERS_NAME "ccaudit-answers.yaml"
#define INPUT_MAX (64u * 1024 * 1024)

struct audit_opts {
	const char **answers;
	size_t nanswers;
	const char **paths;
	size_t npaths;
	const char *target;
	const char *profile;
	unsigned level;
	unsigned roles;
	const char *tailoring;
	enum cca_format format;
	const char *output;
	int color;                 /* -1 auto, 0 never, 1 always */
	bool fail_on_set;
	enum cca_severity fail_on;
	unsigned fail_below;
};

static void push(const char ***v, size_t *n, const char *s)
{
	*v = cca_xreallocarray(*v, *n + 1, sizeof **v);
	(*v)[(*n)++] = s;
}

/* Parse options into o; returns -1 to go on, else an exit status. */
static int parse(struct cca_cli *cli, int argc, char **argv, struct audit_opts *o)
{
	static const struct option opts[] = {
		CCA_COMMON_LONG_OPTIONS,
		{ "attestations", required_argument, NULL, 'a' },
		{ "target", required_argument, NULL, 't' },
		{ "profile", required_argument, NULL, 'p' },
		{ "level", required_argument, NULL, 'l' },
		{ "role", required_argument, NULL, 'r' },
		{ "tailoring", required_argument, NULL, OPT_TAILORING },
		{ "format", required_argument, NULL, 'f' },
		{ "output", required_argument, NULL, 'o' },
		{ "color", required_argument, NULL, OPT_COLOR },
		{ "fail-on", required_argument, NULL, OPT_FAIL_ON },
		{ "fail-below-level", required_argument, NULL, OPT_FAIL_BELOW },
		{ NULL, 0, NULL, 0 }
	};
	const struct cca_command *cmd = &cca_cmd_audit;
	bool exit_now = false;
	int c;

	while ((c = getopt_long(argc, argv, ":ha:t:p:l:r:f:o:", opts, NULL)) != -1) {
		if (cca_cli_common_option(cli, cmd, c, optarg, &exit_now))
			continue;
		switch (c) {
		case 'a':
			push(&o->answers, &o->nanswers, optarg);
			break;
		case 't':
			o->target = optarg;
			break;
		case 'p':
			o->profile = optarg;
			break;
		case 'l':
			if (cca_cli_parse_level(optarg, &o->level) < 0)
				return cca_cli_usage_error(cmd, "--level must be 1, 2 or 3, not '%s'", optarg);
			break;
		case 'r':
			if (cca_cli_add_role(cmd, optarg, &o->roles))
				return CCA_EXIT_USAGE;
			break;
		case OPT_TAILORING:
			o->tailoring = optarg;
			break;
		case 'f':
			if (cca_format_parse(optarg, &o->format) < 0)
				return cca_cli_usage_error(cmd, "unknown format '%s' (text or json)", optarg);
			break;
		case 'o':
			o->output = optarg;
			break;
		case OPT_COLOR:
			if (strcmp(optarg, "auto") == 0)
				o->color = -1;
			else if (strcmp(optarg, "always") == 0)
				o->color = 1;
			else if (strcmp(optarg, "never") == 0)
				o->color = 0;
			else
				return cca_cli_usage_error(cmd, "--color must be auto, always or never");
			break;
		case OPT_FAIL_ON:
			if (cca_severity_parse(optarg, &o->fail_on) < 0)
				return cca_cli_usage_error(cmd,
							   "unknown severity '%s' (info, low, medium, high, critical)",
							   optarg);
			o->fail_on_set = true;
			break;
		case OPT_FAIL_BELOW:
			if (cca_cli_parse_level(optarg, &o->fail_below) < 0)
				return cca_cli_usage_error(cmd, "--fail-below-level must be 1, 2 or 3");
			break;
		default:
			return cca_cli_bad_option(cmd, opts, c, argv);
		}
	}
	if (exit_now)
		return CCA_EXIT_OK;
	if (o->profile && o->level)
		return cca_cli_usage_error(cmd, "--profile and --level cannot be used together");
	for (int i = optind; i < argc; i++)
		push(&o->paths, &o->npaths, argv[i]);
	return -1;
}

/*
 * Look at every PATH: a directory contributes its answers file; anything
 * else has no collector yet and is said so.  A PATH that does not exist is
 * a usage error.
 */
static int discover(struct audit_opts *o, char ***found, size_t *nfound)
{
	struct stat st;

	for (size_t i = 0; i < o->npaths; i++) {
		const char *p = o->paths[i];

		if (stat(p, &st) < 0)
			return cca_cli_usage_error(&cca_cmd_audit, "cannot audit '%s': %s", p,
						   strerror(errno));
		if (S_ISDIR(st.st_mode)) {
			char *a = cca_xasprintf("%s/%s", p, ANSWERS_NAME);

			if (access(a, F_OK) == 0) {
				*found = cca_xreallocarray(*found, *nfound + 1, sizeof **found);
				(*found)[(*nfound)++] = a;
				push(&o->answers, &o->nanswers, a);
			} else {
				free(a);
			}
		} else {
			cca_cli_warn("no evidence collector reads '%s' yet; its rules stay notchecked", p);
		}
	}
	return -1;
}

/* The default target name: the last component of the first PATH. */
static char *default_target(const struct audit_opts *o)
{
	char buf[PATH_MAX];

	if (o->npaths && realpath(o->paths[0], buf))
		return cca_xstrdup(basename(buf));
	return cca_xstrdup("unnamed");
}

static void add_evidence_file(struct cca_report *r, const char *kind, const char *path)
{
	struct cca_error err;
	char *data;
	size_t len;

	if (cca_file_read(path, INPUT_MAX, &data, &len, &err) < 0) {
		cca_cli_warn("%s", err.msg);
		return;
	}
	cca_report_add_evidence(r, kind, path, data, len);
	free(data);
}

/* The gate: 1 when it fails, 0 when it passes. */
static int gate(const struct audit_opts *o, const struct cca_eval *ev)
{
	const struct cca_catalog *cat = cca_eval_catalog(ev);
	const struct cca_profile *p = cca_eval_profile(ev);
	int failed = 0;

	if (o->fail_on_set)
		for (size_t i = 0; i < cca_catalog_nrules(cat); i++) {
			enum cca_status s = cca_eval_rule(ev, i)->status;

			if ((s == CCA_FAIL || s == CCA_ERROR) &&
			    cca_profile_severity(p, i) >= o->fail_on) {
				failed = 1;
				break;
			}
		}
	if (o->fail_below && cca_eval_level_achieved(ev) < o->fail_below)
		failed = 1;
	if (failed)
		fprintf(stderr, "ccaudit: the gate failed (%s%s%s)\n",
			o->fail_on_set ? "--fail-on " : "",
			o->fail_on_set ? cca_severity_name(o->fail_on) : "",
			o->fail_below ? (o->fail_on_set ? ", --fail-below-level" : "--fail-below-level") : "");
	return failed;
}

static int run(struct cca_cli *cli, int argc, char **argv)
{
	struct audit_opts o = { .roles = CCA_ROLE_ALL, .color = -1 };
	struct cca_answers **answers = NULL;
	struct cca_catalog *cat = NULL;
	struct cca_profile *p = NULL;
	struct cca_eval *ev = NULL;
	struct cca_report *rep = NULL;
	struct cca_error err;
	struct cca_buf out;
	char **found = NULL, profile_name[24], *target = NULL;
	size_t nfound = 0;
	bool color;
	int rc;

	cca_error_clear(&err);
	cca_buf_init(&out);
	if ((rc = parse(cli, argc, argv, &o)) >= 0 || (rc = discover(&o, &found, &nfound)) >= 0)
		goto out;
	if (o.level) {
		snprintf(profile_name, sizeof profile_name, "csvs-l%u", o.level);
		o.profile = profile_name;
	}
	if (cca_cli_load_catalog(cli, &cat, &err) < 0 ||
	    cca_cli_build_profile(cat, o.profile, o.roles, o.tailoring, &p, &err) < 0) {
		rc = cca_cli_fail(&err);
		goto out;
	}
	answers = cca_xcalloc(o.nanswers ? o.nanswers : 1, sizeof *answers);
	for (size_t i = 0; i < o.nanswers; i++)
		if (cca_answers_load(o.answers[i], cat, &answers[i], &err) < 0) {
			/* The run depends on its answers: unreadable is invalid input. */
			if (err.code == CCA_EIO)
				err.code = CCA_EINPUT;
			rc = cca_cli_fail(&err);
			goto out;
		}

	ev = cca_eval_new(cat, p);
	for (size_t i = 0; i < o.nanswers; i++) {
		for (size_t k = 0; k < answers[i]->natt; k++)
			cca_eval_add_attestation(ev, &answers[i]->att[k]);
		for (size_t k = 0; k < answers[i]->nwaivers; k++)
			cca_eval_add_waiver(ev, &answers[i]->waivers[k]);
		if (!target && !o.target && answers[i]->target)
			target = cca_xstrdup(answers[i]->target);
	}
	cca_eval_finish(ev, cca_days_of(cca_now()));

	rep = cca_report_new(ev);
	if (!target)
		target = o.target ? cca_xstrdup(o.target) : default_target(&o);
	cca_report_set_target(rep, target);
	{
		char *shipped = cca_xasprintf("%s/catalogs/ccaudit.xml", cca_cli_data_dir(cli));

		add_evidence_file(rep, "catalog", shipped);
		free(shipped);
	}
	for (size_t i = 0; i < cli->ncatalogs; i++)
		add_evidence_file(rep, "catalog", cli->catalogs[i]);
	if (o.tailoring)
		add_evidence_file(rep, "tailoring", o.tailoring);
	for (size_t i = 0; i < o.nanswers; i++)
		add_evidence_file(rep, "answers", o.answers[i]);

	color = o.color == 1 || (o.color == -1 && cca_cli_use_color(stdout));
	if (o.format == CCA_FMT_JSON) {
		if (cca_report_json(rep, &out, &err) < 0 ||
		    cca_cli_write_output(o.output, cca_buf_str(&out), out.len, &err) < 0) {
			rc = cca_cli_fail(&err);
			goto out;
		}
		if (o.output && strcmp(o.output, "-") != 0) {
			cca_buf_reset(&out);
			cca_report_summary(rep, color, &out);
			fputs(cca_buf_str(&out), stdout);
			fprintf(stdout, "\nReport written to %s\n", o.output);
		}
	} else {
		cca_report_summary(rep, color && !o.output, &out);
		if (cca_cli_write_output(o.output, cca_buf_str(&out), out.len, &err) < 0) {
			rc = cca_cli_fail(&err);
			goto out;
		}
	}
	rc = gate(&o, ev) ? CCA_EXIT_GATE : CCA_EXIT_OK;
out:
	for (size_t i = 0; answers && i < o.nanswers; i++)
		cca_answers_free(answers[i]);
	free(answers);
	cca_report_free(rep);
	cca_eval_free(ev);
	cca_profile_free(p);
	cca_catalog_free(cat);
	cca_buf_release(&out);
	for (size_t i = 0; i < nfound; i++)
		free(found[i]);
	free(found);
	free(target);
	free(o.answers);
	free(o.paths);
	return rc;
}

const struct cca_command cca_cmd_audit = {
	"audit", "evaluate the catalog against evidence and write the report", usage, run
};
