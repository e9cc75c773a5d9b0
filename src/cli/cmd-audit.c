/*
 * cmd-audit.c - `ccaudit audit`: collect evidence, evaluate the catalog,
 * write the report, apply the gate.
 */
#include "config.h"

#include <errno.h>
#include <libgen.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"
#include "output.h"
#include "ccaudit/daemon.h"
#include "ccaudit/evidence.h"
#include "ccaudit/live.h"
#include "ccaudit/report.h"
#include "ccaudit/store.h"
#include "ccaudit/tasks.h"
#include "ccaudit/util.h"
#include "ccaudit/yaml.h"

/* The usage text: the head, the evidence options of the collectors, the rest. */
static const char usage_head[] =
	"usage: ccaudit audit [PATH...] [--attestations FILE] [options]\n"
	"\n"
	"Evaluate the catalog against the evidence found in PATH (files or\n"
	"directories) and people's attestations, print a summary and write the\n"
	"report.  A directory PATH is searched for the inputs below by their\n"
	"names (Dockerfiles: Dockerfile, Containerfile, *.Dockerfile,\n"
	"Dockerfile.*; not in .git or node_modules) and contributes its\n"
	"ccaudit-answers.yaml, if any.\n"
	"\n"
	"Evidence:\n"
	"  -a, --attestations FILE  an answers file (see 'ccaudit checklist -f yaml');\n"
	"                           repeatable\n";
static const char usage[] =
	"  --live                   ask the running Docker Engine too: its settings,\n"
	"                           every container and how it runs\n"
	"  --docker-host URL        the engine to ask (unix:///path; default:\n"
	"                           $DOCKER_HOST, else unix:///var/run/docker.sock)\n"
	"  --live-timeout SECONDS   give up on an engine request after SECONDS (20)\n"
	"  --cacert FILE            CA certificates that --registry probes trust\n"
	"  --registry-timeout SECS  the time a --registry probe may take (default 10,\n"
	"                           at most 120)\n"
	"  --dockerd-args ARGS      dockerd's command-line flags, as one string\n"
	"  --exclude GLOB           skip paths matching GLOB while searching; repeatable\n"
	"  --stage STAGE            the build stage that is the image (default: the\n"
	"                           last stage of each Dockerfile)\n"
	"  --env-file FILE          variables for compose files (default: the .env\n"
	"                           beside each compose file)\n"
	"  --registries-d DIR       the containers registries.d of a --policy file:\n"
	"                           which registries use sigstore attachments\n"
	"  --platform OS/ARCH[/VAR] the image of a multi-platform index to audit\n"
	"                           (default: every platform)\n"
	"  --trust-data FILE        'docker trust inspect' JSON: signers of images\n"
	"  -t, --target NAME        the name of what is audited (default: the answers\n"
	"                           file's target, else the first PATH's name)\n"
	"Selection:\n"
	"  -p, --profile NAME       all (default), csvs-l1, csvs-l2 or csvs-l3\n"
	"  -l, --level N            the same as --profile csvs-lN\n"
	"  -r, --role ROLE          only rules owned by ROLE; repeatable\n"
	"  --tailoring FILE         ccaudit YAML or XCCDF 1.2 Tailoring\n"
	"Output:\n"
	"  -f, --format FMT[,FMT]   text (default: the summary), json, xml, html, pdf,\n"
	"                           xccdf, sarif, junit, csv or md\n"
	"  -o, --output PATH        write the report to PATH (- for standard output);\n"
	"                           with several formats, or when PATH is a directory,\n"
	"                           one file per format in it (report.html, ...); the\n"
	"                           summary then goes to standard output\n"
	"  --template DIR           HTML templates to use instead of the shipped ones\n"
	"  --auditor NAME           who signs the report (HTML, PDF, XCCDF)\n"
	"  --sarif-github           SARIF with unsuppressed failures only\n"
	"  --color WHEN             auto (default: on a terminal), always or never;\n"
	"                           NO_COLOR set in the environment always disables\n"
	"Gate (exit status 1 when it fails):\n"
	"  --fail-on SEVERITY       a failing rule at or above SEVERITY (info, low,\n"
	"                           medium, high, critical)\n"
	"  --fail-below-level N     the CSVS level achieved is below N\n"
	"History:\n"
	CCA_CLI_DB_USAGE
	"  --no-store               do not save the run\n"
	"Run:\n"
	"  -j, --jobs N             read and check evidence on N threads at most\n"
	"                           (default: one more than the processors;\n"
	"                           1 to 64); the report is the same whatever N\n"
	"Common:\n"
	"  --catalog FILE           add a user catalog on top of the shipped one\n"
	"  --data-dir DIR           where catalogs/ and templates/ are\n";

static void print_usage(FILE *f)
{
	fputs(usage_head, f);
	for (size_t i = 0; i < cca_collector_count(); i++) {
		const struct cca_collector *c = cca_collector_at(i);
		char opt[64];

		if (!c->option)
			continue;
		snprintf(opt, sizeof opt, "--%s %s", c->option, c->arg ? c->arg : "FILE");
		fprintf(f, "  %-24s %s; repeatable\n", opt, c->help);
	}
	fputs(usage, f);
}

enum {
	OPT_TAILORING = CCA_OPT_COMMON_END,
	OPT_COLOR,
	OPT_FAIL_ON,
	OPT_FAIL_BELOW,
	OPT_EXCLUDE,
	OPT_STAGE,
	OPT_TEMPLATE,
	OPT_AUDITOR,
	OPT_SARIF_GITHUB,
	OPT_DB,
	OPT_NO_STORE,
	OPT_LIVE,
	OPT_DOCKER_HOST,
	OPT_LIVE_TIMEOUT,
	OPT_CACERT,
	OPT_REGISTRY_TIMEOUT,
	OPT_ENV_FILE,
	OPT_REGISTRIES_D,
	OPT_PLATFORM,
	OPT_TRUST_DATA,
	OPT_DOCKERD_ARGS,
	OPT_COLLECTOR = 1500      /* + the collector's index: its --OPTION FILE */
};

/* An input named on the command line, for the collector that reads it. */
struct named_input {
	const struct cca_collector *collector;
	const char *path;
};

#define ANSWERS_NAME "ccaudit-answers.yaml"

struct audit_opts {
	const char **answers;
	size_t nanswers;
	struct named_input *inputs;
	size_t ninputs;
	const char **excludes;     /* NULL-terminated when non-empty */
	size_t nexcludes;
	struct cca_collect_opts collect;
	const char **paths;
	size_t npaths;
	const char *target;
	const char *profile;
	unsigned level;
	unsigned roles;
	const char *tailoring;
	struct cca_cli_output out;
	const char *auditor;
	bool fail_on_set;
	enum cca_severity fail_on;
	unsigned fail_below;
	const char *db;
	bool no_store;
	bool live;
	const char *docker_host;
	const char *dockerd_args;
	unsigned jobs;
};

/* The count s spells in decimal digits only, into *out: false unless it
 * is 1 to max ("-1", " 5", "+5" and "5s" are not counts). */
static bool parse_count(const char *s, unsigned long max, unsigned *out)
{
	unsigned long v = 0;

	if (!*s)
		return false;
	for (; *s; s++) {
		if (*s < '0' || *s > '9' || v > max / 10)
			return false;
		v = v * 10 + (unsigned long)(*s - '0');   /* at most max + 9 */
		if (v > max)
			return false;
	}
	if (!v)
		return false;
	*out = (unsigned)v;
	return true;
}

static void push(const char ***v, size_t *n, const char *s)
{
	*v = cca_xreallocarray(*v, *n + 1, sizeof **v);
	(*v)[(*n)++] = s;
}

/* The options: base, then one --OPTION per collector that has one. */
static struct option *all_options(const struct option *base, size_t nbase)
{
	struct option *v = cca_xcalloc(nbase + cca_collector_count() + 1, sizeof *v);
	size_t n = 0;

	/* The collectors' first: getopt_long tries options in order, and a
	 * run may name hundreds of files (--dockerfile F ...). */
	for (size_t i = 0; i < cca_collector_count(); i++)
		if (cca_collector_at(i)->option)
			v[n++] = (struct option){ cca_collector_at(i)->option, required_argument,
						  NULL, OPT_COLLECTOR + (int)i };
	memcpy(v + n, base, nbase * sizeof *v);
	return v;
}

/* Parse argv with opts into o; returns -1 to go on, else an exit status. */
static int parse_options(struct cca_cli *cli, int argc, char **argv, struct audit_opts *o,
			 const struct option *opts)
{
	const struct cca_command *cmd = &cca_cmd_audit;
	bool exit_now = false;
	int c;

	while ((c = getopt_long(argc, argv, ":ha:t:p:l:r:f:o:j:", opts, NULL)) != -1) {
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
			if (cca_cli_output_formats(cmd, optarg, &o->out))
				return CCA_EXIT_USAGE;
			break;
		case OPT_TEMPLATE:
			o->out.template_dir = optarg;
			break;
		case OPT_AUDITOR:
			o->auditor = optarg;
			break;
		case OPT_SARIF_GITHUB:
			o->out.sarif_github = true;
			break;
		case 'o':
			o->out.output = optarg;
			break;
		case OPT_COLOR:
			if (cca_cli_parse_color(cmd, optarg, &o->out.color))
				return CCA_EXIT_USAGE;
			break;
		case OPT_FAIL_ON:
			if (cca_severity_parse(optarg, &o->fail_on) < 0)
				return cca_cli_usage_error(cmd,
							   "unknown severity '%s' (info, low, medium, high, critical)",
							   optarg);
			o->fail_on_set = true;
			break;
		case OPT_EXCLUDE:
			push(&o->excludes, &o->nexcludes, optarg);
			break;
		case OPT_STAGE:
			o->collect.stage = optarg;
			break;
		case OPT_CACERT:
			o->collect.cacert = optarg;
			break;
		case OPT_REGISTRY_TIMEOUT:
			if (!parse_count(optarg, 120, &o->collect.timeout))
				return cca_cli_usage_error(cmd, "--registry-timeout must be 1 to 120 "
							   "seconds, not '%s'", optarg);
			break;
		case OPT_ENV_FILE:
			o->collect.env_file = optarg;
			break;
		case OPT_REGISTRIES_D:
			o->collect.registries_d = optarg;
			break;
		case OPT_PLATFORM:
			o->collect.platform = optarg;
			break;
		case OPT_TRUST_DATA:
			o->collect.trust_data = optarg;
			break;
		case OPT_DB:
			o->db = optarg;
			break;
		case OPT_NO_STORE:
			o->no_store = true;
			break;
		case OPT_LIVE:
			o->live = true;
			break;
		case OPT_DOCKER_HOST:
			o->docker_host = optarg;
			break;
		case OPT_LIVE_TIMEOUT: {
			unsigned t;

			if (!parse_count(optarg, 3600, &t))
				return cca_cli_usage_error(cmd, "--live-timeout must be 1 to 3600 "
							   "seconds, not '%s'", optarg);
			cca_live_set_timeout(t);
			break;
		}
		case OPT_DOCKERD_ARGS:
			o->dockerd_args = optarg;
			break;
		case 'j':
			if (!parse_count(optarg, CCA_TASKS_MAX_JOBS, &o->jobs))
				return cca_cli_usage_error(cmd, "--jobs must be 1 to %d, not '%s'",
							   CCA_TASKS_MAX_JOBS, optarg);
			break;
		case OPT_FAIL_BELOW:
			if (cca_cli_parse_level(optarg, &o->fail_below) < 0)
				return cca_cli_usage_error(cmd, "--fail-below-level must be 1, 2 or 3");
			break;
		default:
			if (c >= OPT_COLLECTOR && (size_t)(c - OPT_COLLECTOR) < cca_collector_count()) {
				o->inputs = cca_xreallocarray(o->inputs, o->ninputs + 1,
							      sizeof *o->inputs);
				o->inputs[o->ninputs].collector = cca_collector_at((size_t)(c - OPT_COLLECTOR));
				o->inputs[o->ninputs++].path = optarg;
				break;
			}
			return cca_cli_bad_option(cmd, opts, c, argv);
		}
	}
	if (exit_now)
		return CCA_EXIT_OK;
	if (o->profile && o->level)
		return cca_cli_usage_error(cmd, "--profile and --level cannot be used together");
	if (o->docker_host && !o->live)
		return cca_cli_usage_error(cmd, "--docker-host needs --live");
	if (o->db && o->no_store)
		return cca_cli_usage_error(cmd, "--db and --no-store cannot be used together");
	if ((c = cca_cli_output_check(cmd, &o->out)) >= 0)
		return c;
	for (int i = optind; i < argc; i++)
		push(&o->paths, &o->npaths, argv[i]);
	if (o->nexcludes) {
		push(&o->excludes, &o->nexcludes, NULL);
		o->nexcludes--;
	}
	return -1;
}

/* Parse options into o; returns -1 to go on, else an exit status. */
static int parse(struct cca_cli *cli, int argc, char **argv, struct audit_opts *o)
{
	static const struct option base[] = {
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
		{ "exclude", required_argument, NULL, OPT_EXCLUDE },
		{ "stage", required_argument, NULL, OPT_STAGE },
		{ "env-file", required_argument, NULL, OPT_ENV_FILE },
		{ "registries-d", required_argument, NULL, OPT_REGISTRIES_D },
		{ "platform", required_argument, NULL, OPT_PLATFORM },
		{ "trust-data", required_argument, NULL, OPT_TRUST_DATA },
		{ "template", required_argument, NULL, OPT_TEMPLATE },
		{ "auditor", required_argument, NULL, OPT_AUDITOR },
		{ "sarif-github", no_argument, NULL, OPT_SARIF_GITHUB },
		{ "db", required_argument, NULL, OPT_DB },
		{ "no-store", no_argument, NULL, OPT_NO_STORE },
		{ "live", no_argument, NULL, OPT_LIVE },
		{ "docker-host", required_argument, NULL, OPT_DOCKER_HOST },
		{ "live-timeout", required_argument, NULL, OPT_LIVE_TIMEOUT },
		{ "cacert", required_argument, NULL, OPT_CACERT },
		{ "registry-timeout", required_argument, NULL, OPT_REGISTRY_TIMEOUT },
		{ "dockerd-args", required_argument, NULL, OPT_DOCKERD_ARGS },
		{ "jobs", required_argument, NULL, 'j' },
	};
	struct option *opts = all_options(base, sizeof base / sizeof base[0]);
	int rc;

	rc = parse_options(cli, argc, argv, o, opts);
	free(opts);
	return rc;
}

/* Progress of long reads on a terminal: one line, rewritten; NULL clears it. */
static void progress_line(void *arg, const char *line)
{
	(void)arg;
	if (line)
		fprintf(stderr, "\r\033[K%s", line);
	else
		fputs("\r\033[K", stderr);
	fflush(stderr);
}

/*
 * Collect the evidence of every PATH and every input named by a
 * collector's option (--dockerfile FILE, ...): a directory is searched for
 * the inputs the collectors recognise by name and contributes its answers
 * file; a file is read by the collector its name calls for (Dockerfiles
 * later, with their checks).  A PATH that does not exist is a usage
 * error; anything else that cannot be read becomes an item
 * whose rules report `error`.
 */
static int discover(struct audit_opts *o, struct cca_evidence *evidence,
		    char ***found, size_t *nfound)
{
	const struct cca_collector *c;
	struct cca_error err;
	struct stat st;

	cca_error_clear(&err);
	if (isatty(STDERR_FILENO))
		o->collect.progress = progress_line;
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
			if (cca_evidence_discover(evidence, p, o->excludes, &o->collect, &err) < 0)
				return cca_cli_fail(&err);
		} else if ((c = cca_collector_by_path(p))) {
			c->collect(evidence, p, &o->collect);
		} else {
			cca_cli_warn("no evidence collector reads '%s' by its name; it is not "
				     "evaluated (name its kind: --dockerfile FILE, ...)", p);
		}
	}
	for (size_t i = 0; i < o->ninputs; i++) {
		const struct cca_collector *ic = o->inputs[i].collector;
		const char **all = NULL;
		size_t n = 0;
		bool first = true;

		if (!ic->collect_all) {
			ic->collect(evidence, o->inputs[i].path, &o->collect);
			continue;
		}
		/* its files are read together, at the first of them */
		for (size_t k = 0; k < i; k++)
			first = first && o->inputs[k].collector != ic;
		for (size_t k = i; first && k < o->ninputs; k++)
			if (o->inputs[k].collector == ic)
				push(&all, &n, o->inputs[k].path);
		if (n)
			ic->collect_all(evidence, all, n, &o->collect);
		free(all);
	}
	if (o->live)
		cca_evidence_add_engine(evidence, o->docker_host);
	if (o->dockerd_args)
		cca_evidence_add_dockerd_args(evidence, o->dockerd_args);
	if (!o->nanswers && !cca_evidence_count(evidence))
		cca_cli_warn("no evidence found and no answers file given: every rule stays "
			     "notchecked (write answers with 'ccaudit checklist -f yaml')");
	return -1;
}

/*
 * Say which evidence cannot be evaluated and what the evidence itself warns
 * about, and name suppressions of rules the catalog does not have (they
 * would never apply).
 */
static void warn_evidence(const struct cca_evidence *evidence,
			  const struct cca_catalog *cat)
{
	for (size_t i = 0; i < cca_evidence_count(evidence); i++) {
		const struct cca_evidence_item *it = cca_evidence_item(evidence, i);

		if (it->error)
			cca_cli_warn("%s (its rules report error)", it->error);
		for (size_t k = 0; k < it->nwarnings; k++)
			cca_cli_warn("%s", it->warnings[k]);
		for (size_t k = 0; k < it->nsuppressions; k++)
			if (cca_catalog_find_rule(cat, it->suppressions[k].rule_id) < 0)
				cca_cli_warn("%s:%u: suppression of unknown rule '%s' ignored",
					     it->path, it->suppressions[k].line,
					     it->suppressions[k].rule_id);
	}
}

/* The default target name: the last component of the first PATH. */
static char *default_target(const struct audit_opts *o)
{
	char buf[PATH_MAX];

	if (o->npaths && realpath(o->paths[0], buf))
		return cca_xstrdup(basename(buf));
	return cca_xstrdup("unnamed");
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

/* Warn when two answers files answer one rule: the later date is used. */
static void warn_conflicts(struct cca_answers *const *a, size_t n)
{
	for (size_t i = 1; i < n; i++)
		for (size_t k = 0; k < a[i]->natt; k++)
			for (size_t j = 0; j < i; j++)
				for (size_t m = 0; m < a[j]->natt; m++) {
					const struct cca_attestation *x = &a[j]->att[m];
					const struct cca_attestation *y = &a[i]->att[k];

					if (strcmp(x->rule_id, y->rule_id) == 0)
						cca_cli_warn("'%s' is answered in %s:%u and %s:%u; "
							     "the later-dated answer is used",
							     x->rule_id, x->file, x->line,
							     y->file, y->line);
				}
}

/* Record every input the run read, hashed from the bytes evaluated. */
static void add_inventory(struct cca_report *rep, const struct cca_catalog *cat,
			  const struct cca_cli_input *tailoring,
			  const struct cca_cli_input *answers, size_t nanswers,
			  const struct cca_evidence *evidence)
{
	for (size_t i = 0; i < cca_catalog_nfiles(cat); i++) {
		const struct cca_catalog_file *f = cca_catalog_file(cat, i);

		cca_report_add_input_hash(rep, "catalog", f->path, f->size, f->sha256);
	}
	if (tailoring->data)
		cca_report_add_input(rep, "tailoring", tailoring->path,
					tailoring->data, tailoring->len);
	for (size_t i = 0; i < nanswers; i++)
		cca_report_add_input(rep, "answers", answers[i].path,
					answers[i].data, answers[i].len);
	for (size_t i = 0; i < cca_evidence_count(evidence); i++) {
		const struct cca_evidence_item *it = cca_evidence_item(evidence, i);
		const struct cca_evidence_item *prev = i ? cca_evidence_item(evidence, i - 1) : NULL;
		char *path;

		/* Unreadable items have nothing to hash; the items of one input
		 * (a compose file's services) come in a row and count once. */
		if (!it->sha256[0] || (prev && strcmp(prev->path, it->path) == 0 &&
				       strcmp(prev->kind, it->kind) == 0 &&
				       strcmp(prev->sha256, it->sha256) == 0))
			continue;
		/* Items read apart from one source (live containers) say which. */
		path = it->name && !(prev && strcmp(prev->sha256, it->sha256) == 0)
		       ? cca_xasprintf("%s (%s)", it->path, it->name) : cca_xstrdup(it->path);
		cca_report_add_input_hash(rep, it->kind, path, it->size, it->sha256);
		free(path);
	}
}

/*
 * Save the run with what `ccaudit report RUN` needs to evaluate it again:
 * the profile as given and the tailoring's bytes (the catalog keeps the
 * bytes of its own files).
 */
static int save(struct cca_store *store, struct cca_report *rep,
		const struct audit_opts *o, const struct cca_cli_input *tailoring,
		const struct cca_decisions *decisions, int64_t today,
		struct cca_error *err)
{
	struct cca_run_source src = {
		o->profile, o->roles, tailoring->data ? tailoring->path : NULL,
		tailoring->data, tailoring->len, decisions, today, PACKAGE_VERSION
	};

	return cca_store_save(store, rep, &src, err);
}

/* Open the history database unless --no-store; *store stays NULL then. */
static int open_store(const struct audit_opts *o, struct cca_store **store,
		      struct cca_error *err)
{
	*store = NULL;
	return o->no_store ? 0 : cca_cli_open_store(o->db, true, store, err);
}

static int run(struct cca_cli *cli, int argc, char **argv)
{
	struct audit_opts o = { .roles = CCA_ROLE_ALL, .out.color = -1 };
	struct cca_cli_input tailoring = { 0 }, *inputs = NULL;
	struct cca_answers **answers = NULL;
	struct cca_catalog *cat = NULL;
	struct cca_profile *p = NULL;
	struct cca_eval *ev = NULL;
	struct cca_report *rep = NULL;
	struct cca_evidence *evidence = NULL;
	struct cca_store *store = NULL;
	struct cca_decisions *decisions = NULL;
	struct cca_error err;
	char **found = NULL, profile_name[24];
	const char *target = NULL;
	char *derived = NULL;
	size_t nfound = 0;
	int64_t today;
	int rc;

	cca_error_clear(&err);
	evidence = cca_evidence_new();
	if ((rc = parse(cli, argc, argv, &o)) >= 0 ||
	    (rc = discover(&o, evidence, &found, &nfound)) >= 0)
		goto out;
	if (!o.jobs)
		o.jobs = cca_tasks_default_jobs();
	if (o.level) {
		snprintf(profile_name, sizeof profile_name, "csvs-l%u", o.level);
		o.profile = profile_name;
	}
	rc = CCA_EXIT_OK;
	inputs = cca_xcalloc(o.nanswers ? o.nanswers : 1, sizeof *inputs);
	answers = cca_xcalloc(o.nanswers ? o.nanswers : 1, sizeof *answers);
	if (o.tailoring &&
	    cca_cli_read_input(o.tailoring, CCA_TAILORING_MAX_BYTES, &tailoring, &err) < 0)
		goto fail;
	for (size_t i = 0; i < o.nanswers; i++)
		if (cca_cli_read_input(o.answers[i], CCA_YAML_MAX_BYTES, &inputs[i], &err) < 0)
			goto fail;
	if (open_store(&o, &store, &err) < 0 || cca_cli_load_catalog(cli, &cat, &err) < 0 ||
	    cca_cli_build_profile(cat, o.profile, o.roles, o.tailoring ? &tailoring : NULL,
				  &p, &err) < 0)
		goto fail;
	for (size_t i = 0; i < o.nanswers; i++)
		if (cca_answers_parse(inputs[i].path, inputs[i].data, inputs[i].len, cat,
				      &answers[i], &err) < 0)
			goto fail;

	warn_conflicts(answers, o.nanswers);

	/* The target: --target, else the first answers file's, else PATH's. */
	target = o.target;
	for (size_t i = 0; i < o.nanswers && !target; i++)
		target = answers[i]->target;
	if (!target)
		target = derived = default_target(&o);
	if (store && cca_store_decisions(store, target, &decisions, &err) < 0)
		goto fail;

	/* Dockerfiles are read, checked and let go one by one, on o.jobs threads. */
	ev = cca_eval_new(cat, p);
	cca_eval_set_jobs(ev, o.jobs);
	cca_eval_set_target(ev, target);
	cca_eval_run_checks(ev, evidence, target);
	warn_evidence(evidence, cat);
	for (size_t i = 0; i < o.nanswers; i++) {
		for (size_t k = 0; k < answers[i]->natt; k++)
			cca_eval_add_attestation(ev, &answers[i]->att[k]);
		for (size_t k = 0; k < answers[i]->nwaivers; k++)
			cca_eval_add_waiver(ev, &answers[i]->waivers[k]);
	}
	cca_decisions_apply(decisions, ev);
	today = cca_days_of(cca_now());
	cca_eval_finish(ev, today);

	rep = cca_report_new(ev);
	cca_report_set_target(rep, target);
	add_inventory(rep, cat, &tailoring, inputs, o.nanswers, evidence);
	cca_report_set_auditor(rep, o.auditor);
	if (store && save(store, rep, &o, &tailoring, decisions, today, &err) < 0) {
		cca_error_prefix(&err, "the audit ran but was not saved, and no report was "
				 "written (--no-store skips the history): ");
		goto fail;
	}
	if (cca_cli_output_render(&o.out, rep, cca_cli_data_dir(cli), &err) < 0)
		goto fail;
	rc = gate(&o, ev) ? CCA_EXIT_GATE : CCA_EXIT_OK;
	goto out;
fail:
	rc = cca_cli_fail(&err);
out:
	for (size_t i = 0; answers && i < o.nanswers; i++) {
		cca_answers_free(answers[i]);
		cca_cli_input_release(&inputs[i]);
	}
	free(answers);
	free(inputs);
	cca_cli_input_release(&tailoring);
	cca_report_free(rep);
	cca_eval_free(ev);
	cca_decisions_free(decisions);
	cca_store_close(store);
	cca_evidence_free(evidence);
	cca_profile_free(p);
	cca_catalog_free(cat);
	for (size_t i = 0; i < nfound; i++)
		free(found[i]);
	free(found);
	free(derived);
	free(o.answers);
	free(o.paths);
	free(o.inputs);
	free(o.excludes);
	return rc;
}

const struct cca_command cca_cmd_audit = {
	"audit", "evaluate the catalog against evidence and write the report", NULL, run,
	print_usage
};
