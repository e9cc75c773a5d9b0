/*
 * cmd-catalog.c - `ccaudit catalog list|show|validate|export`: read the
 * catalog the audit evaluates, or export it as SCAP content.
 */
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "ccaudit/report.h"
#include "ccaudit/util.h"

static const char usage[] =
	"usage: ccaudit catalog list [--framework csvs|nist|usecases] [--level N]\n"
	"                            [--role ROLE] [--rules]\n"
	"       ccaudit catalog show ID\n"
	"       ccaudit catalog validate FILE\n"
	"       ccaudit catalog export -f xccdf [-o FILE]\n"
	"\n"
	"list      the controls of the catalog (or its rules with --rules), filtered\n"
	"          by framework, CSVS level (1-3) and DevSecOps role\n"
	"show      one control (its rules, related use cases and NIST countermeasures)\n"
	"          or one rule (the controls it decides); ID is a control id such as\n"
	"          csvs-3.11, nist-4.1.5 or uc-B1, a bare number (3.11, 4.1.5, B1),\n"
	"          or a rule id\n"
	"validate  check a user catalog FILE against the schema and on top of the\n"
	"          shipped catalog; exit 0 when valid, 3 when not\n"
	"export    write the catalog as an XCCDF 1.2 Benchmark (profiles csvs-l1..l3,\n"
	"          a group per chapter, a rule per rule, a value per parameter),\n"
	"          the checklist as SCAP content for OpenSCAP and SCAP Workbench\n"
	"\n"
	"Options:\n"
	"  --framework F   csvs, nist (nist-800-190) or usecases\n"
	"  --level N       only CSVS requirements of level N\n"
	"  --role ROLE     development, security or operations\n"
	"  --rules         list rules instead of controls\n"
	"  -f, --format F  export: the format, xccdf\n"
	"  -o, --output FILE  export: write to FILE (- or none: standard output)\n"
	"  --catalog FILE  add a user catalog on top of the shipped one\n"
	"  --data-dir DIR  where catalogs/ and templates/ are\n";

enum { OPT_FRAMEWORK = CCA_OPT_COMMON_END, OPT_LEVEL, OPT_ROLE, OPT_RULES };

/* The formats `catalog export` writes. */
static const char *const export_formats[] = { "xccdf", NULL };

struct list_filter {
	long framework;   /* -1: all */
	unsigned level;   /* 0: all */
	unsigned roles;
	bool rules;
};

/* The framework id for a --framework name: "nist" stands for nist-800-190. */
static const char *framework_alias(const char *s)
{
	if (strcmp(s, "nist") == 0)
		return CCA_FW_NIST;
	return s;
}

/* Print the role names of roles, comma-separated, to standard output. */
static void print_roles(unsigned roles)
{
	bool first = true;

	for (size_t i = 0; i < CCA_ROLE_COUNT; i++)
		if (roles & cca_role_at(i)) {
			printf("%s%s", first ? "" : ",", cca_role_name(cca_role_at(i)));
			first = false;
		}
}

/* Levels as "L1 L2 L3", or "-" when none; padded to width when pad. */
static void print_levels(unsigned levels, bool pad)
{
	char buf[16] = "";
	size_t n = 0;

	for (unsigned l = 1; l <= CCA_LEVEL_MAX; l++)
		if (levels & CCA_LEVEL_BIT(l))
			n += (size_t)snprintf(buf + n, sizeof buf - n, "%sL%u", n ? " " : "", l);
	if (pad)
		printf("%-8s", n ? buf : "-");
	else
		fputs(n ? buf : "-", stdout);
}

/* Whether control c passes the list filter f (framework, CSVS level, roles). */
static bool control_matches(const struct cca_catalog *cat, const struct cca_control *c,
			    const struct list_filter *f)
{
	long csvs = cca_catalog_find_framework(cat, CCA_FW_CSVS);

	if (f->framework >= 0 && c->framework != (size_t)f->framework)
		return false;
	if (f->level && (c->framework != (size_t)csvs || !(c->levels & CCA_LEVEL_BIT(f->level))))
		return false;
	return (c->roles & f->roles) != 0;
}

/*
 * `catalog list`: the controls (or with --rules the rules) that pass f, one
 * a line on standard output, the count on standard error.  Returns 0.
 */
static int list(const struct cca_catalog *cat, const struct list_filter *f)
{
	size_t shown = 0;

	if (f->rules) {
		int width = 0;

		for (size_t i = 0; i < cca_catalog_nrules(cat); i++) {
			int n = (int)strlen(cca_catalog_rule(cat, i)->id);

			width = n > width ? n : width;
		}
		for (size_t i = 0; i < cca_catalog_nrules(cat); i++) {
			const struct cca_rule *r = cca_catalog_rule(cat, i);
			bool hit = false;

			if (!(r->roles & f->roles))
				continue;
			for (size_t k = 0; k < r->ncontrols && !hit; k++)
				hit = control_matches(cat, cca_catalog_control(cat, r->controls[k]), f);
			if (!hit)
				continue;
			printf("%-*s %-8s %-10s ", width, r->id, cca_severity_name(r->severity),
			       r->manual ? "manual" : "automated");
			print_levels(r->levels, true);
			printf(" %s\n", r->title);
			shown++;
		}
		fprintf(stderr, "%zu rule%s\n", shown, shown == 1 ? "" : "s");
		return CCA_EXIT_OK;
	}
	for (size_t i = 0; i < cca_catalog_ncontrols(cat); i++) {
		const struct cca_control *c = cca_catalog_control(cat, i);

		if (!control_matches(cat, c, f))
			continue;
		printf("%-12s ", c->id);
		print_levels(c->levels, true);
		printf(" %s  [", c->title);
		print_roles(c->roles);
		printf("] %zu rule%s\n", c->nrules, c->nrules == 1 ? "" : "s");
		shown++;
	}
	fprintf(stderr, "%zu control%s\n", shown, shown == 1 ? "" : "s");
	return CCA_EXIT_OK;
}

/* A control or rule id, accepting bare numbers for controls. */
static void resolve_id(const struct cca_catalog *cat, const char *id,
		       long *control, long *rule)
{
	static const char *const prefixes[] = { "", "csvs-", "nist-", "uc-" };

	*rule = cca_catalog_find_rule(cat, id);
	*control = -1;
	for (size_t i = 0; i < CCA_ARRAY_SIZE(prefixes) && *control < 0; i++) {
		char *full = cca_xasprintf("%s%s", prefixes[i], id);

		*control = cca_catalog_find_control(cat, full);
		free(full);
	}
}

/*
 * Print heading and the controls idx[0..n) one a line, keeping only those
 * of framework only_fw and leaving out those of skip_fw (-1: no filter);
 * nothing when none is left.
 */
static void show_control_list(const struct cca_catalog *cat, const char *heading,
			      const size_t *idx, size_t n, long only_fw, long skip_fw)
{
	bool any = false;

	for (size_t k = 0; k < n; k++) {
		const struct cca_control *o = cca_catalog_control(cat, idx[k]);

		if ((only_fw >= 0 && o->framework != (size_t)only_fw) ||
		    (skip_fw >= 0 && o->framework == (size_t)skip_fw))
			continue;
		if (!any)
			printf("\n%s:\n", heading);
		any = true;
		printf("  %-12s %s\n", o->id, o->title);
	}
}

/* qsort() order of size_t indexes, ascending. */
static int cmp_index(const void *a, const void *b)
{
	size_t x = *(const size_t *)a, y = *(const size_t *)b;

	return x < y ? -1 : x > y;
}

/* `catalog show` of control ci: its facts, rules and related controls. */
static void show_control(const struct cca_catalog *cat, size_t ci)
{
	const struct cca_control *c = cca_catalog_control(cat, ci);
	const struct cca_framework *fw = cca_control_framework(cat, c);
	size_t *via = NULL, nvia = 0;
	long nist = cca_catalog_find_framework(cat, CCA_FW_NIST);
	long uc = cca_catalog_find_framework(cat, CCA_FW_USECASES);
	long csvs = cca_catalog_find_framework(cat, CCA_FW_CSVS);

	printf("%s  %s\n", c->id, c->title);
	printf("framework: %s (%s)\n", fw->title, fw->id);
	printf("group:     %s %s\n", fw->groups[c->group].id, fw->groups[c->group].title);
	if (c->levels) {
		printf("levels:    ");
		print_levels(c->levels, false);
		putchar('\n');
	}
	printf("roles:     ");
	print_roles(c->roles);
	printf("\n\n%s\n\nrules:\n", c->description);
	for (size_t k = 0; k < c->nrules; k++) {
		const struct cca_rule *r = cca_catalog_rule(cat, c->rules[k]);

		printf("  %-28s %-8s %s\n", r->id, cca_severity_name(r->severity),
		       r->manual ? "attestation" : r->check);
		/* Controls decided by the same rules count as related too. */
		for (size_t m = 0; m < r->ncontrols; m++)
			if (r->controls[m] != ci) {
				via = cca_xreallocarray(via, nvia + 1, sizeof *via);
				via[nvia++] = r->controls[m];
			}
	}
	for (size_t k = 0; k < c->nrelated; k++) {
		via = cca_xreallocarray(via, nvia + 1, sizeof *via);
		via[nvia++] = c->related[k];
	}
	/* Sort and drop repeats so each related control is listed once. */
	if (nvia)
		qsort(via, nvia, sizeof *via, cmp_index);
	{
		size_t u = 0;

		for (size_t a = 0; a < nvia; a++)
			if (!u || via[a] != via[u - 1])
				via[u++] = via[a];
		nvia = u;
	}
	show_control_list(cat, "CSVS requirements", via, nvia, csvs, -1);
	show_control_list(cat, "NIST SP 800-190 countermeasures", via, nvia, nist, -1);
	show_control_list(cat, "use cases", via, nvia, uc, -1);
	free(via);
}

/* `catalog show` of rule ri: its facts, parameters and the controls it decides. */
static void show_rule(const struct cca_catalog *cat, size_t ri)
{
	const struct cca_rule *r = cca_catalog_rule(cat, ri);

	printf("%s  %s\n", r->id, r->title);
	printf("kind:      %s\n", r->manual ? "manual (needs an attestation)" : "automated");
	if (r->check)
		printf("check:     %s\n", r->check);
	printf("severity:  %s\nroles:     ", cca_severity_name(r->severity));
	print_roles(r->roles);
	printf("\nlevels:    ");
	print_levels(r->levels, false);
	printf("\nsource:    %s:%u\n\n%s\n\nremediation: %s\n", r->file, r->line,
	       r->description, r->remediation);
	for (size_t k = 0; k < r->nparams; k++)
		printf("param %s = %s\n", r->params[k].name, r->params[k].value);
	show_control_list(cat, "decides", r->controls, r->ncontrols, -1, -1);
}

/*
 * `catalog validate FILE`: load FILE on top of the shipped catalog (or the
 * shipped catalog alone when FILE is it) and print the totals.  Returns 0,
 * or the exit status of the load failure (3 for an invalid catalog).
 */
static int validate(struct cca_cli *cli, const char *file)
{
	struct cca_error err;
	struct cca_catalog *cat;
	char a[PATH_MAX], b[PATH_MAX];
	char *shipped = cca_xasprintf("%s/catalogs/ccaudit.xml", cca_cli_data_dir(cli));
	bool is_shipped = realpath(file, a) && realpath(shipped, b) && strcmp(a, b) == 0;
	int rc;

	free(shipped);
	cca_error_clear(&err);
	if (!is_shipped)
		cca_cli_common_option(cli, &cca_cmd_catalog, CCA_OPT_CATALOG, file, &(bool){ false });
	if (cca_cli_load_catalog(cli, &cat, &err) < 0)
		return cca_cli_fail(&err);
	printf("%s: valid (%zu frameworks, %zu controls, %zu rules in all)\n", file,
	       cca_catalog_nframeworks(cat), cca_catalog_ncontrols(cat),
	       cca_catalog_nrules(cat));
	rc = CCA_EXIT_OK;
	cca_catalog_free(cat);
	return rc;
}

/*
 * `catalog export`: render the loaded catalog as format (only "xccdf") to
 * output (NULL or "-": standard output).  Returns the exit status: 0, or
 * that of the render or write failure.
 */
static int export(struct cca_cli *cli, const struct cca_catalog *cat, const char *output)
{
	struct cca_render_opts ro = { .data_dir = cca_cli_data_dir(cli) };
	struct cca_error err;
	struct cca_buf out;
	int rc = CCA_EXIT_OK;

	cca_error_clear(&err);
	cca_buf_init(&out);
	if (cca_catalog_xccdf(cat, &ro, &out, &err) < 0 ||
	    cca_cli_write_output(output, cca_buf_str(&out), out.len, &err) < 0)
		rc = cca_cli_fail(&err);
	cca_buf_release(&out);
	return rc;
}

/* The `catalog` command: parse options, dispatch the subcommand; returns the exit status. */
static int run(struct cca_cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
		CCA_COMMON_LONG_OPTIONS,
		{ "framework", required_argument, NULL, OPT_FRAMEWORK },
		{ "level", required_argument, NULL, OPT_LEVEL },
		{ "role", required_argument, NULL, OPT_ROLE },
		{ "rules", no_argument, NULL, OPT_RULES },
		{ "format", required_argument, NULL, 'f' },
		{ "output", required_argument, NULL, 'o' },
		{ NULL, 0, NULL, 0 }
	};
	struct list_filter f = { -1, 0, CCA_ROLE_ALL, false };
	const char *fw_name = NULL, *sub, *format = NULL, *output = NULL;
	struct cca_catalog *cat;
	struct cca_error err;
	bool exit_now = false;
	long ci, ri;
	int c, rc = CCA_EXIT_OK;

	cca_error_clear(&err);
	while ((c = getopt_long(argc, argv, ":hf:o:", opts, NULL)) != -1) {
		if (cca_cli_common_option(cli, &cca_cmd_catalog, c, optarg, &exit_now))
			continue;
		switch (c) {
		case OPT_FRAMEWORK:
			fw_name = framework_alias(optarg);
			break;
		case OPT_LEVEL:
			if (cca_cli_parse_level(optarg, &f.level) < 0)
				return cca_cli_usage_error(&cca_cmd_catalog,
							   "--level must be 1, 2 or 3, not '%s'", optarg);
			break;
		case OPT_ROLE:
			if (cca_cli_add_role(&cca_cmd_catalog, optarg, &f.roles))
				return CCA_EXIT_USAGE;
			break;
		case OPT_RULES:
			f.rules = true;
			break;
		case 'f':
			format = optarg;
			break;
		case 'o':
			output = optarg;
			break;
		default:
			return cca_cli_bad_option(&cca_cmd_catalog, opts, c, argv);
		}
	}
	if (exit_now)
		return CCA_EXIT_OK;
	if (optind >= argc)
		return cca_cli_usage_error(&cca_cmd_catalog,
					   "missing subcommand: list, show, validate or export");
	sub = argv[optind++];
	if ((format || output) && strcmp(sub, "export") != 0)
		return cca_cli_usage_error(&cca_cmd_catalog, "%s applies to 'catalog export' only",
					   format ? "--format" : "--output");
	if (strcmp(sub, "export") == 0) {
		const char *hint;

		if (optind != argc)
			return cca_cli_usage_error(&cca_cmd_catalog, "unexpected argument '%s'",
						   argv[optind]);
		if (!format)
			return cca_cli_usage_error(&cca_cmd_catalog,
						   "export needs a format: -f xccdf");
		hint = cca_did_you_mean(format, export_formats);
		if (strcmp(format, "xccdf") != 0)
			return cca_cli_usage_error(&cca_cmd_catalog,
						   "unknown export format '%s'%s%s%s (only xccdf)",
						   format, hint ? "; did you mean '" : "",
						   hint ? hint : "", hint ? "'?" : "");
		if (cca_cli_load_catalog(cli, &cat, &err) < 0)
			return cca_cli_fail(&err);
		rc = export(cli, cat, output);
		cca_catalog_free(cat);
		return rc;
	}
	if (strcmp(sub, "validate") == 0) {
		if (optind + 1 != argc)
			return cca_cli_usage_error(&cca_cmd_catalog, "validate takes one FILE");
		return validate(cli, argv[optind]);
	}
	if (strcmp(sub, "list") != 0 && strcmp(sub, "show") != 0) {
		static const char *const subs[] = { "list", "show", "validate", "export", NULL };
		const char *hint = cca_did_you_mean(sub, subs);

		return cca_cli_usage_error(&cca_cmd_catalog, "unknown subcommand '%s'%s%s%s", sub,
					   hint ? "; did you mean '" : "", hint ? hint : "",
					   hint ? "'?" : "");
	}
	if (strcmp(sub, "list") == 0 && optind != argc)
		return cca_cli_usage_error(&cca_cmd_catalog, "unexpected argument '%s'", argv[optind]);
	if (strcmp(sub, "show") == 0 && optind + 1 != argc)
		return cca_cli_usage_error(&cca_cmd_catalog, "show takes one ID");
	if (cca_cli_load_catalog(cli, &cat, &err) < 0)
		return cca_cli_fail(&err);
	if (fw_name) {
		f.framework = cca_catalog_find_framework(cat, fw_name);
		if (f.framework < 0) {
			cca_catalog_free(cat);
			return cca_cli_usage_error(&cca_cmd_catalog,
						   "unknown framework '%s' (csvs, nist or usecases)", fw_name);
		}
	}
	if (strcmp(sub, "list") == 0) {
		rc = list(cat, &f);
	} else {
		resolve_id(cat, argv[optind], &ci, &ri);
		if (ri >= 0)
			show_rule(cat, (size_t)ri);
		else if (ci >= 0)
			show_control(cat, (size_t)ci);
		else
			rc = cca_cli_usage_error(&cca_cmd_catalog,
						 "no control or rule '%s' in the catalog", argv[optind]);
	}
	cca_catalog_free(cat);
	return rc;
}

const struct cca_command cca_cmd_catalog = {
	"catalog", "list, show, validate and export catalog controls and rules", usage, run, NULL
};
