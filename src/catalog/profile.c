/*
 * profile.c - which rules are evaluated, with what severity and parameters:
 * the built-in CSVS level profiles, a role filter, and the programmatic
 * tailoring that tailoring.c drives from files.
 */
#include <stdlib.h>
#include <string.h>

#include "ccaudit/catalog.h"
#include "ccaudit/util.h"

struct tailored_param {
	char *name;
	char *value;
};

struct rule_sel {
	bool selected;
	enum cca_severity severity;
	struct tailored_param *params;
	size_t nparams;
};

struct cca_profile {
	const struct cca_catalog *cat;
	char *name;
	unsigned level;
	unsigned roles;
	char *tailoring;
	struct rule_sel *sel;   /* one per catalog rule */
};

static const char *const builtin_names[] = {
	"all", "csvs-l1", "csvs-l2", "csvs-l3", NULL
};

struct cca_profile *cca_profile_new(const struct cca_catalog *cat,
				    const char *name, struct cca_error *err)
{
	struct cca_profile *p;
	unsigned level = 0;
	size_t n = cca_catalog_nrules(cat);
	int which = -1;

	for (int i = 0; builtin_names[i]; i++)
		if (strcmp(name, builtin_names[i]) == 0)
			which = i;
	if (which < 0) {
		const char *hint = cca_did_you_mean(name, builtin_names);

		cca_error_set(err, CCA_EUSAGE,
			      "unknown profile '%s'%s%s%s (choose all, csvs-l1, csvs-l2 or csvs-l3)",
			      name, hint ? "; did you mean '" : "",
			      hint ? hint : "", hint ? "'" : "");
		return NULL;
	}
	level = (unsigned)which;  /* "all" is 0, csvs-lN is N */
	p = cca_xcalloc(1, sizeof *p);
	p->cat = cat;
	p->name = cca_xstrdup(name);
	p->level = level;
	p->roles = CCA_ROLE_ALL;
	p->sel = cca_xcalloc(n ? n : 1, sizeof *p->sel);
	for (size_t i = 0; i < n; i++) {
		const struct cca_rule *r = cca_catalog_rule(cat, i);

		p->sel[i].severity = r->severity;
		/* A rule with no CSVS requirement serves the other frameworks
		 * and belongs to every level. */
		p->sel[i].selected = level == 0 || r->levels == 0 ||
				     (r->levels & CCA_LEVEL_BIT(level));
	}
	return p;
}

void cca_profile_free(struct cca_profile *p)
{
	if (!p)
		return;
	for (size_t i = 0; i < cca_catalog_nrules(p->cat); i++) {
		for (size_t k = 0; k < p->sel[i].nparams; k++) {
			free(p->sel[i].params[k].name);
			free(p->sel[i].params[k].value);
		}
		free(p->sel[i].params);
	}
	free(p->sel);
	free(p->name);
	free(p->tailoring);
	free(p);
}

const char *cca_profile_name(const struct cca_profile *p) { return p->name; }
unsigned cca_profile_level(const struct cca_profile *p) { return p->level; }
unsigned cca_profile_roles(const struct cca_profile *p) { return p->roles; }

const struct cca_catalog *cca_profile_catalog(const struct cca_profile *p)
{
	return p->cat;
}

const char *cca_profile_tailoring(const struct cca_profile *p)
{
	return p->tailoring;
}

void cca_profile_set_tailoring(struct cca_profile *p, const char *label)
{
	free(p->tailoring);
	p->tailoring = cca_xstrdup(label);
}

void cca_profile_filter_roles(struct cca_profile *p, unsigned roles)
{
	p->roles &= roles;
	for (size_t i = 0; i < cca_catalog_nrules(p->cat); i++)
		if (!(cca_catalog_rule(p->cat, i)->roles & roles))
			p->sel[i].selected = false;
}

bool cca_profile_selected(const struct cca_profile *p, size_t rule)
{
	return rule < cca_catalog_nrules(p->cat) && p->sel[rule].selected;
}

enum cca_severity cca_profile_severity(const struct cca_profile *p, size_t rule)
{
	return p->sel[rule].severity;
}

const char *cca_profile_param(const struct cca_profile *p, size_t rule,
			      const char *name)
{
	const struct rule_sel *s = &p->sel[rule];

	for (size_t k = 0; k < s->nparams; k++)
		if (strcmp(s->params[k].name, name) == 0)
			return s->params[k].value;
	return cca_rule_param(cca_catalog_rule(p->cat, rule), name);
}

size_t cca_profile_nselected(const struct cca_profile *p)
{
	size_t n = 0;

	for (size_t i = 0; i < cca_catalog_nrules(p->cat); i++)
		n += p->sel[i].selected;
	return n;
}

/* The index of rule_id, or -1 with an error naming it. */
static long rule_index(const struct cca_profile *p, const char *rule_id,
		       struct cca_error *err)
{
	long i = cca_catalog_find_rule(p->cat, rule_id);

	if (i < 0)
		cca_error_set(err, CCA_EINPUT, "unknown rule '%s'", rule_id);
	return i;
}

int cca_profile_select(struct cca_profile *p, const char *rule_id, bool on,
		       struct cca_error *err)
{
	long i = rule_index(p, rule_id, err);

	if (i < 0)
		return -1;
	p->sel[i].selected = on;
	return 0;
}

int cca_profile_set_severity(struct cca_profile *p, const char *rule_id,
			     enum cca_severity sev, struct cca_error *err)
{
	long i = rule_index(p, rule_id, err);

	if (i < 0)
		return -1;
	p->sel[i].severity = sev;
	return 0;
}

int cca_profile_set_param(struct cca_profile *p, const char *rule_id,
			  const char *name, const char *value,
			  struct cca_error *err)
{
	long i = rule_index(p, rule_id, err);
	struct rule_sel *s;

	if (i < 0)
		return -1;
	if (!cca_rule_param(cca_catalog_rule(p->cat, (size_t)i), name))
		return cca_error_set(err, CCA_EINPUT,
				     "rule '%s' has no parameter '%s'", rule_id, name);
	s = &p->sel[i];
	for (size_t k = 0; k < s->nparams; k++)
		if (strcmp(s->params[k].name, name) == 0) {
			free(s->params[k].value);
			s->params[k].value = cca_xstrdup(value);
			return 0;
		}
	s->params = cca_xreallocarray(s->params, s->nparams + 1, sizeof *s->params);
	s->params[s->nparams].name = cca_xstrdup(name);
	s->params[s->nparams].value = cca_xstrdup(value);
	s->nparams++;
	return 0;
}
