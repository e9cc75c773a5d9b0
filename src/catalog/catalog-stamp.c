/*
 * catalog-stamp.c - a build-time helper (never installed): load the shipped
 * catalog as every load at run time would, validating it against the
 * shipped schema, and write the C source that compiles it into the ccaudit
 * binary (src/cli/shipped-catalog.c): a struct cca_catalog_image with the
 * catalog's bytes, their SHA-256 and its finished records.  At run time a
 * file with those bytes is read and compared but not hashed or parsed
 * again (cca_catalog_use_image); any other catalog file still is.
 *
 * Usage: catalog-stamp CATALOG.XSD CATALOG.XML > shipped-catalog.c
 * Exits 3 (with the loader's FILE:LINE message) when the catalog is invalid,
 * so the build fails instead of recording it.
 */
#include <stdio.h>

#include "ccaudit/catalog.h"
#include "ccaudit/util.h"

/* The byte c inside a C string literal (outside printable ASCII in octal). */
static void put_escaped(unsigned char c)
{
	if (c == '"' || c == '\\' || c == '?')
		printf("\\%c", c);
	else if (c >= 0x20 && c < 0x7f)
		putchar(c);
	else
		printf("\\%03o", c);
}

/* s as a C string literal, or NULL. */
static void put_str(const char *s)
{
	if (!s) {
		fputs("NULL", stdout);
		return;
	}
	putchar('"');
	for (const unsigned char *p = (const unsigned char *)s; *p; p++)
		put_escaped(*p);
	putchar('"');
}

/* The len bytes at s as C string literals, one per line of the text. */
static void put_bytes(const char *s, size_t len)
{
	putchar('"');
	for (size_t k = 0; k < len; k++) {
		if (s[k] == '\n')
			fputs(k + 1 < len ? "\\n\"\n\t\"" : "\\n", stdout);
		else
			put_escaped((unsigned char)s[k]);
	}
	putchar('"');
}

/* "static const size_t NAME[] = { the n indexes at v };" */
static void put_array(const char *name, const size_t *v, size_t n)
{
	printf("static const size_t %s[] = {", name);
	for (size_t k = 0; k < n; k++)
		printf("%s%zu", k ? ", " : " ", v[k]);
	puts(" };");
}

/* The array NAME<i> of the n > 0 indexes at v (nothing when n is 0). */
static void put_indexes(const char *name, size_t i, const size_t *v, size_t n)
{
	char full[64];

	if (!n)
		return;
	snprintf(full, sizeof full, "%s%zu", name, i);
	put_array(full, v, n);
}

/* The array NAME<i> if n > 0, else NULL. */
static void put_ref(const char *name, size_t i, size_t n)
{
	if (n)
		printf("%s%zu", name, i);
	else
		fputs("NULL", stdout);
}

static void put_frameworks(const struct cca_catalog *cat)
{
	for (size_t i = 0; i < cca_catalog_nframeworks(cat); i++) {
		const struct cca_framework *f = cca_catalog_framework(cat, i);

		if (!f->ngroups)
			continue;
		printf("static const struct cca_group groups%zu[] = {\n", i);
		for (size_t g = 0; g < f->ngroups; g++) {
			fputs("\t{ ", stdout);
			put_str(f->groups[g].id);
			fputs(", ", stdout);
			put_str(f->groups[g].title);
			puts(" },");
		}
		puts("};");
	}
	puts("static const struct cca_framework frameworks[] = {");
	for (size_t i = 0; i < cca_catalog_nframeworks(cat); i++) {
		const struct cca_framework *f = cca_catalog_framework(cat, i);

		fputs("\t{ .id = ", stdout);
		put_str(f->id);
		fputs(", .title = ", stdout);
		put_str(f->title);
		fputs(", .version = ", stdout);
		put_str(f->version);
		fputs(", .groups = ", stdout);
		put_ref("groups", i, f->ngroups);
		printf(", .ngroups = %zu, .line = %u },\n", f->ngroups, f->line);
	}
	puts("};");
}

static void put_controls(const struct cca_catalog *cat)
{
	for (size_t i = 0; i < cca_catalog_ncontrols(cat); i++) {
		const struct cca_control *c = cca_catalog_control(cat, i);

		put_indexes("control_rules", i, c->rules, c->nrules);
		put_indexes("control_related", i, c->related, c->nrelated);
	}
	puts("static const struct cca_control controls[] = {");
	for (size_t i = 0; i < cca_catalog_ncontrols(cat); i++) {
		const struct cca_control *c = cca_catalog_control(cat, i);

		fputs("\t{ .id = ", stdout);
		put_str(c->id);
		fputs(", .ref = ", stdout);
		put_str(c->ref);
		printf(", .framework = %zu, .group = %zu,\n\t  .title = ", c->framework, c->group);
		put_str(c->title);
		fputs(",\n\t  .description = ", stdout);
		put_str(c->description);
		printf(",\n\t  .levels = %uu, .roles = %uu, .rules = ", c->levels, c->roles);
		put_ref("control_rules", i, c->nrules);
		printf(", .nrules = %zu, .related = ", c->nrules);
		put_ref("control_related", i, c->nrelated);
		printf(", .nrelated = %zu, .line = %u },\n", c->nrelated, c->line);
	}
	puts("};");
}

static void put_rules(const struct cca_catalog *cat)
{
	for (size_t i = 0; i < cca_catalog_nrules(cat); i++) {
		const struct cca_rule *r = cca_catalog_rule(cat, i);

		put_indexes("rule_controls", i, r->controls, r->ncontrols);
		if (!r->nparams)
			continue;
		printf("static const struct cca_param rule_params%zu[] = {\n", i);
		for (size_t k = 0; k < r->nparams; k++) {
			fputs("\t{ ", stdout);
			put_str(r->params[k].name);
			fputs(", ", stdout);
			put_str(r->params[k].value);
			puts(" },");
		}
		puts("};");
	}
	puts("static const struct cca_rule rules[] = {");
	for (size_t i = 0; i < cca_catalog_nrules(cat); i++) {
		const struct cca_rule *r = cca_catalog_rule(cat, i);

		fputs("\t{ .id = ", stdout);
		put_str(r->id);
		fputs(", .check = ", stdout);
		put_str(r->check);
		printf(", .manual = %s, .severity = %d, .roles = %uu,\n\t  .title = ",
		       r->manual ? "true" : "false", (int)r->severity, r->roles);
		put_str(r->title);
		fputs(",\n\t  .description = ", stdout);
		put_str(r->description);
		fputs(",\n\t  .remediation = ", stdout);
		put_str(r->remediation);
		fputs(",\n\t  .controls = ", stdout);
		put_ref("rule_controls", i, r->ncontrols);
		printf(", .ncontrols = %zu, .params = ", r->ncontrols);
		put_ref("rule_params", i, r->nparams);
		printf(", .nparams = %zu, .levels = %uu, .line = %u },\n", r->nparams, r->levels,
		       r->line);
	}
	puts("};");
}

int main(int argc, char **argv)
{
	struct cca_catalog *cat;
	struct cca_error err;
	int rc = 0;

	if (argc != 3) {
		fputs("usage: catalog-stamp CATALOG.XSD CATALOG.XML\n", stderr);
		return CCA_EXIT_USAGE;
	}
	cca_error_clear(&err);
	cat = cca_catalog_new(argv[1]);
	if (cca_catalog_load(cat, argv[2], &err) < 0 || cca_catalog_finish(cat, &err) < 0) {
		fprintf(stderr, "catalog-stamp: %s\n", err.msg);
		cca_catalog_free(cat);
		return cca_error_exit(&err);
	}
	puts("/* Generated by catalog-stamp when ccaudit was built from\n"
	     " * catalogs/ccaudit.xml, validated against catalogs/catalog.xsd and\n"
	     " * resolved by the catalog loader.  Do not edit. */\n"
	     "#include <stdbool.h>\n"
	     "#include <stddef.h>\n\n"
	     "#include \"ccaudit/catalog.h\"\n\n"
	     "extern const struct cca_catalog_image cca_shipped_catalog;  /* src/cli/cli.h */\n");
	put_frameworks(cat);
	put_controls(cat);
	put_rules(cat);
	/* The loader's own indexes by id: the lookups search exactly these. */
	put_array("control_order", cca_catalog_control_order(cat), cca_catalog_ncontrols(cat));
	put_array("rule_order", cca_catalog_rule_order(cat), cca_catalog_nrules(cat));
	fputs("\n/* The file's bytes: a file with the same is this catalog. */\n"
	      "static const char catalog_bytes[] =\n\t", stdout);
	put_bytes(cca_catalog_file(cat, 0)->data, cca_catalog_file(cat, 0)->size);
	fputs(";\n", stdout);
	fputs("\nconst struct cca_catalog_image cca_shipped_catalog = {\n\t.sha256 = ", stdout);
	put_str(cca_catalog_file(cat, 0)->sha256);
	printf(",\n\t.data = catalog_bytes, .size = %zu", cca_catalog_file(cat, 0)->size);
	fputs(",\n\t.version = ", stdout);
	put_str(cca_catalog_version(cat));
	printf(",\n\t.fws = frameworks, .nfws = %zu,\n"
	       "\t.controls = controls, .ncontrols = %zu,\n"
	       "\t.rules = rules, .nrules = %zu,\n"
	       "\t.control_order = control_order, .rule_order = rule_order,\n};\n",
	       cca_catalog_nframeworks(cat), cca_catalog_ncontrols(cat), cca_catalog_nrules(cat));
	if (fflush(stdout) != 0 || ferror(stdout))
		rc = CCA_EXIT_RUNTIME;
	cca_catalog_free(cat);
	return rc;
}
