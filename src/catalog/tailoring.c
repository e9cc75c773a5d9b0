/*
 * tailoring.c - apply a tailoring file to a profile (cca_profile_tailor).
 *
 * Two formats are read, told apart by content: a file whose first
 * non-blank character is '<' is XML and must be an XCCDF 1.2 <Tailoring>;
 * anything else is ccaudit's own YAML format.
 *
 * ---- ccaudit YAML tailoring ---------------------------------------------
 *
 *   ccaudit-tailoring: 1          # required, the number 1
 *   profile: csvs-l2              # optional; must be the profile in use
 *   select: [rule-id, ...]        # optional: rules to evaluate
 *   deselect: [rule-id, ...]      # optional: rules to skip
 *   rules:                        # optional: per-rule changes
 *     manual.image-scan:
 *       severity: high            # info|low|medium|high|critical, any case
 *       params: {max-age: 14}     # only parameters the rule declares
 *       selected: true            # optional, true | false
 *
 * Only these keys are accepted, at the top and under a rule.  An empty
 * value ("select:" with nothing after it) is an empty list or mapping.
 * Parameter values are scalars (strings, numbers, true/false) and are kept
 * as text.  A rule may be chosen more than once only in the same direction:
 * naming it in both select and deselect, or with a contradicting
 * "selected:", is an error that names both lines.  The file must be UTF-8.
 *
 * ---- XCCDF 1.2 Tailoring ------------------------------------------------
 *
 *   <Tailoring xmlns="http://checklists.nist.gov/xccdf/1.2" id="...">
 *     <version time="2026-01-01T00:00:00Z">1</version>          required
 *     <Profile id="..." extends="xccdf_org.ccaudit_profile_csvs-l2">
 *       <select idref="xccdf_org.ccaudit_rule_RULE" selected="true"/>
 *       <refine-rule idref="xccdf_org.ccaudit_rule_RULE" severity="high"/>
 *       <set-value idref="xccdf_org.ccaudit_value_RULE.PARAM">v</set-value>
 *     </Profile>
 *   </Tailoring>
 *
 * Exactly one Profile; its @extends is optional and, when present, must
 * name the profile in use.  refine-rule severity info|low|medium|high is
 * applied (XCCDF has no "critical"), "unknown" leaves the severity alone.
 * What ccaudit cannot honour is rejected, never silently ignored:
 * refine-rule weight, role and selector, refine-value (ccaudit parameters
 * have no selectors; use set-value) and set-complex-value.  A Profile
 * may hold one select, one refine-rule and one set-value per item (the
 * XCCDF schema's unique keys); a repeat is an error naming the first.
 * Descriptive elements (title, description, status, metadata, ...) are
 * ignored.  set-value text is trimmed of surrounding white space.
 *
 * Both readers check the whole file first and only then change the
 * profile, so a file that fails leaves the profile as it was.
 *
 * Hostile input: files are capped at TAILORING_MAX_BYTES; XML is parsed
 * from memory without network access, without entity substitution or DTD
 * loading, and a DOCTYPE stops the parser before its internal subset is
 * read, so no entity (external or "billion laughs") is ever declared.
 */
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>
#include "ccaudit/xmllib.h"

#include "ccaudit/catalog.h"
#include "ccaudit/util.h"
#include "ccaudit/yaml.h"

#define TAILORING_MAX_BYTES CCA_TAILORING_MAX_BYTES
#define XCCDF12_NS "http://checklists.nist.gov/xccdf/1.2"
#define DSIG_NS "http://www.w3.org/2000/09/xmldsig#"
#define ID_PREFIX "xccdf_" CCA_XCCDF_NS "_"
#define RULE_PREFIX ID_PREFIX "rule_"
#define VALUE_PREFIX ID_PREFIX "value_"
#define PROFILE_PREFIX ID_PREFIX "profile_"
#define MAX_LISTED 8    /* profile ids named in a "several profiles" error */

/* One tailoring run: the profile, the file, and the pass in progress. */
struct tailor {
	struct cca_profile *p;
	const struct cca_catalog *cat;
	const char *path;
	bool apply;                        /* false: check only; true: change p */
	const char **rule_ids;             /* NULL-terminated, built on first need */
	char *label_id;                    /* what the file tailors, for the label */
	/* YAML only */
	const struct cca_linemap *lines;
	signed char *choice;               /* per rule: -1 none, 0 deselect, 1 select */
	unsigned *choice_line;
	/* XCCDF only: line of the first statement per item, 0 when none */
	unsigned *select_line;             /* per rule */
	unsigned *refine_line;             /* per rule */
	unsigned *value_line;              /* per parameter of every rule */
	size_t *value_base;                /* per rule: its first value_line */
};

/* ---- shared helpers ----------------------------------------------------- */

static int input_error(const struct tailor *t, unsigned line,
		       struct cca_error *err, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

/* Set err to CCA_EINPUT "PATH:LINE: <formatted message>"; returns -1. */
static int input_error(const struct tailor *t, unsigned line,
		       struct cca_error *err, const char *fmt, ...)
{
	char msg[CCA_ERROR_MAX];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	return cca_error_set(err, CCA_EINPUT, "%s:%u: %s", t->path, line, msg);
}

/* Prefix an error set by the profile API with "PATH:LINE: "; returns -1. */
static int at_line(const struct tailor *t, unsigned line, struct cca_error *err)
{
	return cca_error_prefix(err, "%s:%u: ", t->path, line);
}

/* True when s is one of the NULL-terminated words. */
static bool in_list(const char *s, const char *const *words)
{
	for (size_t i = 0; words[i]; i++)
		if (strcmp(s, words[i]) == 0)
			return true;
	return false;
}

/* Append "a, b or c" built from the NULL-terminated words to b. */
static void put_choices(struct cca_buf *b, const char *const *words)
{
	for (size_t i = 0; words[i]; i++) {
		if (i)
			cca_buf_puts(b, words[i + 1] ? ", " : " or ");
		cca_buf_puts(b, words[i]);
	}
}

/*
 * The index of rule id, or -1 with "unknown rule 'PREFIXid'" (plus "in
 * idref 'IDREF'" when idref is not NULL) and the closest rule id, spelt
 * with the same prefix, as a suggestion.
 */
static long find_rule(struct tailor *t, const char *id, const char *prefix,
		      const char *idref, unsigned line, struct cca_error *err)
{
	long i = cca_catalog_find_rule(t->cat, id);
	const char *hint;

	if (i >= 0)
		return i;
	if (!t->rule_ids) {
		size_t n = cca_catalog_nrules(t->cat);

		t->rule_ids = cca_xcalloc(n + 1, sizeof *t->rule_ids);
		for (size_t k = 0; k < n; k++)
			t->rule_ids[k] = cca_catalog_rule(t->cat, k)->id;
	}
	hint = cca_did_you_mean(id, t->rule_ids);
	input_error(t, line, err, "unknown rule '%s%s'%s%s%s%s%s%s%s", prefix, id,
		    idref ? " in idref '" : "", idref ? idref : "",
		    idref ? "'" : "", hint ? "; did you mean '" : "",
		    hint ? prefix : "", hint ? hint : "", hint ? "'" : "");
	return -1;
}

/*
 * Check that rule i declares parameter name; otherwise fail naming the
 * closest parameter or listing the ones it has.
 */
static int check_param(const struct tailor *t, size_t i, const char *name,
		       unsigned line, struct cca_error *err)
{
	const struct cca_rule *r = cca_catalog_rule(t->cat, i);
	const char **names;
	const char *hint;
	struct cca_buf b;
	int rc;

	if (cca_rule_param(r, name))
		return 0;
	if (!r->nparams)
		return input_error(t, line, err,
				   "rule '%s' has no parameter '%s' (it has no parameters)",
				   r->id, name);
	names = cca_xcalloc(r->nparams + 1, sizeof *names);
	for (size_t k = 0; k < r->nparams; k++)
		names[k] = r->params[k].name;
	hint = cca_did_you_mean(name, names);
	cca_buf_init(&b);
	if (hint) {
		cca_buf_printf(&b, "did you mean '%s'", hint);
	} else {
		cca_buf_puts(&b, "it has ");
		put_choices(&b, names);
	}
	rc = input_error(t, line, err, "rule '%s' has no parameter '%s'%s%s%s",
			 r->id, name, hint ? "; " : " (", cca_buf_str(&b),
			 hint ? "" : ")");
	cca_buf_release(&b);
	free(names);
	return rc;
}

/*
 * Check that a tailoring written for profile name fits p.  what describes
 * where the file names it ("the tailoring is for profile 'x'").  Fails
 * suggesting --profile when name is another built-in profile, and with
 * the list of profiles (after what when prefix_unknown) when it
 * is none.
 */
static int check_profile(const struct tailor *t, const char *name,
			 const char *what, bool prefix_unknown, unsigned line,
			 struct cca_error *err)
{
	struct cca_error other_err;
	struct cca_profile *other;

	if (strcmp(name, cca_profile_name(t->p)) == 0)
		return 0;
	other = cca_profile_new(t->cat, name, &other_err);
	if (!other)
		return prefix_unknown ?
		       input_error(t, line, err, "%s: %s", what, other_err.msg) :
		       input_error(t, line, err, "%s", other_err.msg);
	cca_profile_free(other);
	return input_error(t, line, err,
			   "%s but the profile in use is '%s' (run with --profile %s)",
			   what, cca_profile_name(t->p), name);
}

/* ---- ccaudit YAML ------------------------------------------------------- */

static const char *const top_keys[] = {
	"ccaudit-tailoring", "profile", "select", "deselect", "rules", NULL
};
static const char *const rule_keys[] = {
	"severity", "params", "selected", NULL
};

/* A JSON pointer token for key (RFC 6901: '~' -> "~0", '/' -> "~1"). */
static char *ptr_escape(const char *key)
{
	struct cca_buf b;

	cca_buf_init(&b);
	cca_pointer_escape(&b, key);
	return cca_buf_detach(&b);
}

static unsigned yline(const struct tailor *t, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* The line of the YAML value at the JSON pointer fmt builds. */
static unsigned yline(const struct tailor *t, const char *fmt, ...)
{
	struct cca_buf b;
	unsigned line;
	va_list ap;

	cca_buf_init(&b);
	va_start(ap, fmt);
	cca_buf_vprintf(&b, fmt, ap);
	va_end(ap);
	line = cca_linemap_line(t->lines, cca_buf_str(&b));
	cca_buf_release(&b);
	return line;
}

/* How a YAML value is called in messages: "a list", "a string", ... */
static const char *kind_of(const json_t *v)
{
	switch (json_typeof(v)) {
	case JSON_OBJECT:
		return "a mapping";
	case JSON_ARRAY:
		return "a list";
	case JSON_STRING:
		return strlen(json_string_value(v)) == json_string_length(v) ?
		       "a string" : "a string with a NUL byte";
	case JSON_INTEGER:
	case JSON_REAL:
		return "a number";
	case JSON_TRUE:
	case JSON_FALSE:
		return "true/false";
	case JSON_NULL:
		break;
	}
	return "an empty value";
}

/* The string in v, or NULL when v is no string or holds a NUL byte. */
static const char *str_of(const json_t *v)
{
	const char *s = json_string_value(v);

	return s && strlen(s) == json_string_length(v) ? s : NULL;
}

/* The text of a scalar parameter value (new string), or NULL for others. */
static char *scalar_text(const json_t *v)
{
	switch (json_typeof(v)) {
	case JSON_STRING:
		return str_of(v) ? cca_xstrdup(str_of(v)) : NULL;
	case JSON_INTEGER:
		return cca_xasprintf("%" JSON_INTEGER_FORMAT, json_integer_value(v));
	case JSON_REAL:
		return cca_xasprintf("%.15g", json_real_value(v));
	case JSON_TRUE:
		return cca_xstrdup("true");
	case JSON_FALSE:
		return cca_xstrdup("false");
	default:
		return NULL;
	}
}

/*
 * Fail on key, unknown in where ("the tailoring", "rule 'x'"), naming the
 * closest known key or listing them all.
 */
static int unknown_key(const struct tailor *t, unsigned line, const char *key,
		       const char *where, const char *const *known,
		       struct cca_error *err)
{
	const char *hint = cca_did_you_mean(key, known);
	struct cca_buf b;
	int rc;

	cca_buf_init(&b);
	if (hint) {
		cca_buf_printf(&b, "; did you mean '%s'", hint);
	} else {
		cca_buf_puts(&b, " (expected ");
		put_choices(&b, known);
		cca_buf_putc(&b, ')');
	}
	rc = input_error(t, line, err, "unknown key '%s' in %s%s", key, where,
			 cca_buf_str(&b));
	cca_buf_release(&b);
	return rc;
}

/*
 * Record that rule i is selected (on) or deselected at line, and apply it
 * in the apply pass.  A contradicting earlier choice is an error.
 */
static int choose(struct tailor *t, size_t i, bool on, unsigned line,
		  struct cca_error *err)
{
	const char *id = cca_catalog_rule(t->cat, i)->id;

	if (t->choice[i] >= 0 && t->choice[i] != (signed char)on)
		return input_error(t, line, err,
				   "rule '%s' is %s here but %s at line %u", id,
				   on ? "selected" : "deselected",
				   on ? "deselected" : "selected", t->choice_line[i]);
	t->choice[i] = (signed char)on;
	t->choice_line[i] = line;
	if (t->apply && cca_profile_select(t->p, id, on, err) < 0)
		return at_line(t, line, err);
	return 0;
}

/*
 * Check the top level: a mapping with "ccaudit-tailoring: 1", only known
 * keys, and a "profile" (when present) that is the profile in use.
 */
static int yaml_header(struct tailor *t, json_t *root, struct cca_error *err)
{
	const char *key, *name;
	json_t *v;

	if (json_is_null(root))
		return input_error(t, 1, err,
				   "empty tailoring file (expected 'ccaudit-tailoring: 1' "
				   "or an XCCDF 1.2 Tailoring)");
	if (!json_is_object(root))
		return input_error(t, yline(t, "%s", ""), err,
				   "a tailoring file must be a mapping that starts with "
				   "'ccaudit-tailoring: 1', not %s", kind_of(root));
	v = json_object_get(root, "ccaudit-tailoring");
	if (!v) {
		if (json_object_get(root, "ccaudit-answers"))
			return input_error(t, yline(t, "/ccaudit-answers"), err,
					   "this is an answers file, not a tailoring file");
		return input_error(t, yline(t, "%s", ""), err,
				   "missing 'ccaudit-tailoring: 1' (not a ccaudit tailoring file?)");
	}
	if (!json_is_integer(v))
		return input_error(t, yline(t, "/ccaudit-tailoring"), err,
				   "'ccaudit-tailoring' must be the number 1, not %s",
				   kind_of(v));
	if (json_integer_value(v) != 1)
		return input_error(t, yline(t, "/ccaudit-tailoring"), err,
				   "unsupported tailoring format version %" JSON_INTEGER_FORMAT
				   " (this ccaudit reads version 1)", json_integer_value(v));
	json_object_foreach(root, key, v) {
		if (!in_list(key, top_keys)) {
			char *ek = ptr_escape(key);
			unsigned line = yline(t, "/%s", ek);

			free(ek);
			return unknown_key(t, line, key, "the tailoring", top_keys, err);
		}
	}
	v = json_object_get(root, "profile");
	if (!v)
		return 0;
	name = str_of(v);
	if (!name)
		return input_error(t, yline(t, "/profile"), err,
				   "'profile' must be a profile name, not %s", kind_of(v));
	{
		char *what = cca_xasprintf("the tailoring is for profile '%s'", name);
		int rc = check_profile(t, name, what, false, yline(t, "/profile"),
				       err);

		free(what);
		return rc;
	}
}

/* Walk the list under key ("select"/"deselect"), choosing each rule on. */
static int yaml_rule_list(struct tailor *t, json_t *root, const char *key,
			  bool on, struct cca_error *err)
{
	json_t *list = json_object_get(root, key), *item;
	size_t k;

	if (!list || json_is_null(list))
		return 0;
	if (!json_is_array(list))
		return input_error(t, yline(t, "/%s", key), err,
				   "'%s' must be a list of rule ids, not %s", key,
				   kind_of(list));
	json_array_foreach(list, k, item) {
		unsigned line = yline(t, "/%s/%zu", key, k);
		const char *id = str_of(item);
		long i;

		if (!id)
			return input_error(t, line, err,
					   "'%s' entries must be rule ids, not %s", key,
					   kind_of(item));
		i = find_rule(t, id, "", NULL, line, err);
		if (i < 0 || choose(t, (size_t)i, on, line, err) < 0)
			return -1;
	}
	return 0;
}

/* Check, then in the apply pass set, the params mapping of rule i. */
static int yaml_params(struct tailor *t, size_t i, const char *eid,
		       json_t *params, struct cca_error *err)
{
	const char *id = cca_catalog_rule(t->cat, i)->id;
	const char *name;
	json_t *v;

	if (json_is_null(params))
		return 0;
	if (!json_is_object(params))
		return input_error(t, yline(t, "/rules/%s/params", eid), err,
				   "'params' of rule '%s' must be a mapping of parameter "
				   "names to values, not %s", id, kind_of(params));
	json_object_foreach(params, name, v) {
		char *en = ptr_escape(name), *value;
		unsigned line = yline(t, "/rules/%s/params/%s", eid, en);
		int rc = 0;

		free(en);
		if (check_param(t, i, name, line, err) < 0)
			return -1;
		value = scalar_text(v);
		if (!value)
			return input_error(t, line, err,
					   "parameter '%s' of rule '%s' must be a single value, not %s",
					   name, id, kind_of(v));
		if (t->apply && cca_profile_set_param(t->p, id, name, value, err) < 0)
			rc = at_line(t, line, err);
		free(value);
		if (rc < 0)
			return -1;
	}
	return 0;
}

/* Check, then in the apply pass apply, the changes body of rule i. */
static int yaml_rule(struct tailor *t, size_t i, const char *eid, json_t *body,
		     struct cca_error *err)
{
	const char *id = cca_catalog_rule(t->cat, i)->id;
	const char *key;
	json_t *v;

	if (!json_is_object(body))
		return input_error(t, yline(t, "/rules/%s", eid), err,
				   "rule '%s' must be a mapping with severity, params or "
				   "selected, not %s", id, kind_of(body));
	json_object_foreach(body, key, v) {
		if (!in_list(key, rule_keys)) {
			char *ek = ptr_escape(key), *where;
			unsigned line = yline(t, "/rules/%s/%s", eid, ek);
			int rc;

			free(ek);
			where = cca_xasprintf("rule '%s'", id);
			rc = unknown_key(t, line, key, where, rule_keys, err);
			free(where);
			return rc;
		}
	}
	v = json_object_get(body, "severity");
	if (v) {
		unsigned line = yline(t, "/rules/%s/severity", eid);
		enum cca_severity sev;

		if (!str_of(v) || cca_severity_parse(str_of(v), &sev) < 0) {
			char *shown = scalar_text(v);
			int rc = shown ?
				 input_error(t, line, err,
					     "invalid severity '%s' for rule '%s' (expected "
					     "info, low, medium, high or critical)", shown, id) :
				 input_error(t, line, err,
					     "severity of rule '%s' must be info, low, medium, "
					     "high or critical, not %s", id, kind_of(v));

			free(shown);
			return rc;
		}
		if (t->apply && cca_profile_set_severity(t->p, id, sev, err) < 0)
			return at_line(t, line, err);
	}
	v = json_object_get(body, "params");
	if (v && yaml_params(t, i, eid, v, err) < 0)
		return -1;
	v = json_object_get(body, "selected");
	if (v) {
		unsigned line = yline(t, "/rules/%s/selected", eid);

		if (!json_is_boolean(v))
			return input_error(t, line, err,
					   "'selected' of rule '%s' must be true or false, not %s",
					   id, kind_of(v));
		if (choose(t, i, json_is_true(v), line, err) < 0)
			return -1;
	}
	return 0;
}

/* One pass over select, deselect and rules (check or apply, per t->apply). */
static int yaml_body(struct tailor *t, json_t *root, struct cca_error *err)
{
	json_t *rules, *body;
	const char *id;

	if (yaml_rule_list(t, root, "select", true, err) < 0 ||
	    yaml_rule_list(t, root, "deselect", false, err) < 0)
		return -1;
	rules = json_object_get(root, "rules");
	if (!rules || json_is_null(rules))
		return 0;
	if (!json_is_object(rules))
		return input_error(t, yline(t, "/rules"), err,
				   "'rules' must be a mapping of rule ids to changes, not %s",
				   kind_of(rules));
	json_object_foreach(rules, id, body) {
		char *eid = ptr_escape(id);
		long i = find_rule(t, id, "", NULL, yline(t, "/rules/%s", eid), err);
		int rc = i < 0 ? -1 : yaml_rule(t, (size_t)i, eid, body, err);

		free(eid);
		if (rc < 0)
			return -1;
	}
	return 0;
}

/*
 * Refuse data that is not UTF-8 text (binary garbage, UTF-16) before the
 * YAML parser sees it, naming the first bad line.
 */
static int check_text(const struct tailor *t, const char *data, size_t len,
		      struct cca_error *err)
{
	const char *p = data, *end = data + len;
	unsigned line = 1;

	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t n = nl ? (size_t)(nl - p) : (size_t)(end - p);

		if (memchr(p, '\0', n))
			return input_error(t, line, err,
					   "binary data, not a tailoring file (expected "
					   "ccaudit YAML or an XCCDF 1.2 Tailoring)");
		if (!cca_utf8_valid(p, n))
			return input_error(t, line, err,
					   "invalid UTF-8 (tailoring files must be UTF-8 text)");
		if (!nl)
			break;
		p = nl + 1;
		line++;
	}
	return 0;
}

/* Read a ccaudit YAML tailoring: check it all, then apply it. */
static int read_yaml(struct tailor *t, const char *data, size_t len,
		     struct cca_error *err)
{
	size_t n = cca_catalog_nrules(t->cat);
	struct cca_linemap *lines = NULL;
	json_t *root = NULL;
	int rc;

	if (check_text(t, data, len, err) < 0)
		return -1;
	if (cca_yaml_parse(t->path, data, len, &root, &lines, err) < 0)
		return -1;
	t->lines = lines;
	t->choice = cca_xmalloc(n ? n : 1);
	t->choice_line = cca_xcalloc(n ? n : 1, sizeof *t->choice_line);
	rc = yaml_header(t, root, err);
	for (int pass = 0; rc == 0 && pass < 2; pass++) {
		t->apply = pass == 1;
		memset(t->choice, -1, n ? n : 1);
		rc = yaml_body(t, root, err);
	}
	if (rc == 0)
		t->label_id = cca_xstrdup(cca_profile_name(t->p));
	free(t->choice);
	free(t->choice_line);
	t->choice = NULL;
	t->choice_line = NULL;
	t->lines = NULL;
	cca_linemap_free(lines);
	json_decref(root);
	return rc;
}

/* ---- XCCDF 1.2 Tailoring ------------------------------------------------ */

/* True when n is the element {ns}name. */
static bool is_elem_ns(xmlNodePtr n, const char *ns, const char *name)
{
	return n->type == XML_ELEMENT_NODE && n->ns && n->ns->href &&
	       strcmp((const char *)n->ns->href, ns) == 0 &&
	       strcmp((const char *)n->name, name) == 0;
}

/* True when n is the XCCDF 1.2 element name. */
static bool is_xccdf(xmlNodePtr n, const char *name)
{
	return is_elem_ns(n, XCCDF12_NS, name);
}

/*
 * The line of node n (0 when unknown).  libxml2 stores at most 65535 in
 * an element; start_element() keeps larger lines in its psvi.
 */
static unsigned node_line(xmlNodePtr n)
{
	long l;

	if (n->type == XML_ELEMENT_NODE && n->line == 65535 && n->psvi)
		return (unsigned)(uintptr_t)n->psvi;
	l = xmlGetLineNo(n);
	return l > 0 ? (unsigned)l : 0;
}

/* The trimmed value of the unqualified attribute name of n, or NULL. */
static char *xattr(xmlNodePtr n, const char *name)
{
	xmlChar *v = xmlGetNoNsProp(n, (const xmlChar *)name);
	char *s;

	if (!v)
		return NULL;
	s = cca_xstrdup_trim((const char *)v);
	xmlFree(v);
	return s;
}

/*
 * The idref of statement n, checked to start with prefix ("..._rule_"),
 * or NULL with an error naming what was expected (described by what, e.g.
 * "<rule id>").  The caller frees the result.
 */
static char *xccdf_idref(const struct tailor *t, xmlNodePtr n,
			 const char *prefix, const char *what,
			 struct cca_error *err)
{
	char *idref = xattr(n, "idref");
	unsigned line = node_line(n);

	if (!idref || !*idref)
		input_error(t, line, err, "'%s' has no 'idref' attribute",
			    (const char *)n->name);
	else if (strncmp(idref, ID_PREFIX, strlen(ID_PREFIX)) != 0)
		input_error(t, line, err,
			    "'%s' idref '%s' is outside the %s namespace (expected '%s%s')",
			    (const char *)n->name, idref, ID_PREFIX, prefix, what);
	else if (strncmp(idref, prefix, strlen(prefix)) != 0 ||
		 !idref[strlen(prefix)])
		input_error(t, line, err,
			    "'%s' idref '%s' does not name a %s (expected '%s%s')",
			    (const char *)n->name, idref,
			    strcmp(prefix, RULE_PREFIX) == 0 ? "rule" : "rule parameter",
			    prefix, what);
	else
		return idref;
	free(idref);
	return NULL;
}

/* The rule a select/refine-rule statement names, or -1 with an error. */
static long xccdf_rule(struct tailor *t, xmlNodePtr n, struct cca_error *err)
{
	char *idref = xccdf_idref(t, n, RULE_PREFIX, "<rule id>", err);
	long i;

	if (!idref)
		return -1;
	i = find_rule(t, idref + strlen(RULE_PREFIX), RULE_PREFIX, NULL,
		      node_line(n), err);
	free(idref);
	return i;
}

/*
 * In the check pass, fail when *slot holds the line of an earlier
 * statement like n for the same item (named prefix + idref), else record
 * n's line there.  The apply pass never fails.
 */
static int only_once(struct tailor *t, unsigned *slot, xmlNodePtr n,
		     const char *prefix, const char *idref,
		     struct cca_error *err)
{
	unsigned line = node_line(n);

	if (t->apply)
		return 0;
	if (*slot)
		return input_error(t, line, err,
				   "'%s' of '%s%s' repeats the one at line %u (XCCDF "
				   "allows one per item)", (const char *)n->name, prefix,
				   idref, *slot);
	*slot = line ? line : 1;
	return 0;
}

/* <select idref=RULE selected="true|false"/> */
static int xccdf_select(struct tailor *t, xmlNodePtr n, struct cca_error *err)
{
	unsigned line = node_line(n);
	long i = xccdf_rule(t, n, err);
	char *sel;
	bool on;

	if (i < 0 || only_once(t, &t->select_line[i], n, RULE_PREFIX,
			       cca_catalog_rule(t->cat, (size_t)i)->id, err) < 0)
		return -1;
	sel = xattr(n, "selected");
	if (sel && (strcmp(sel, "true") == 0 || strcmp(sel, "1") == 0)) {
		on = true;
	} else if (sel && (strcmp(sel, "false") == 0 || strcmp(sel, "0") == 0)) {
		on = false;
	} else {
		int rc = sel ? input_error(t, line, err,
					   "'select' has selected='%s' (expected true or false)",
					   sel)
			     : input_error(t, line, err,
					   "'select' has no 'selected' attribute (expected "
					   "selected=\"true\" or \"false\")");

		free(sel);
		return rc;
	}
	free(sel);
	if (t->apply &&
	    cca_profile_select(t->p, cca_catalog_rule(t->cat, (size_t)i)->id, on,
			       err) < 0)
		return at_line(t, line, err);
	return 0;
}

/* <refine-rule idref=RULE severity=.../>; weight, role, selector refused. */
static int xccdf_refine_rule(struct tailor *t, xmlNodePtr n,
			     struct cca_error *err)
{
	static const struct {
		const char *attr;
		const char *why;
	} refused[] = {
		{ "weight", "ccaudit does not weight rules" },
		{ "role", "to skip a rule, use <select selected=\"false\">" },
		{ "selector", "ccaudit rules have no selectors" },
	};
	unsigned line = node_line(n);
	long i = xccdf_rule(t, n, err);
	enum cca_severity sev;
	char *s;
	int rc = 0;

	if (i < 0 || only_once(t, &t->refine_line[i], n, RULE_PREFIX,
			       cca_catalog_rule(t->cat, (size_t)i)->id, err) < 0)
		return -1;
	for (size_t k = 0; k < CCA_ARRAY_SIZE(refused); k++)
		if (xmlHasProp(n, (const xmlChar *)refused[k].attr))
			return input_error(t, line, err,
					   "'refine-rule' attribute '%s' is not supported (%s)",
					   refused[k].attr, refused[k].why);
	s = xattr(n, "severity");
	if (!s || strcmp(s, "unknown") == 0) {
		free(s);
		return 0;  /* nothing to change */
	}
	if (strcmp(s, "critical") == 0 || cca_severity_parse(s, &sev) < 0 ||
	    strcmp(s, cca_severity_name(sev)) != 0)
		rc = input_error(t, line, err,
				 "invalid severity '%s' in 'refine-rule' (expected info, "
				 "low, medium, high or unknown%s)", s,
				 strcmp(s, "critical") == 0 ?
				 "; XCCDF has no 'critical', the YAML tailoring has" : "");
	else if (t->apply &&
		 cca_profile_set_severity(t->p, cca_catalog_rule(t->cat, (size_t)i)->id,
					  sev, err) < 0)
		rc = at_line(t, line, err);
	free(s);
	return rc;
}

/* <set-value idref="..._value_RULE.PARAM">text</set-value> */
static int xccdf_set_value(struct tailor *t, xmlNodePtr n,
			   struct cca_error *err)
{
	unsigned line = node_line(n);
	char *idref, *rule_id = NULL, *value = NULL;
	const char *rest, *dot;
	xmlChar *content;
	long i;
	int rc = -1;

	idref = xccdf_idref(t, n, VALUE_PREFIX, "<rule id>.<parameter>", err);
	if (!idref)
		return -1;
	rest = idref + strlen(VALUE_PREFIX);
	dot = strrchr(rest, '.');
	if (!dot || dot == rest || !dot[1]) {
		input_error(t, line, err,
			    "'set-value' idref '%s' does not name a rule parameter "
			    "(expected '%s<rule id>.<parameter>')", idref, VALUE_PREFIX);
		goto out;
	}
	for (xmlNodePtr k = n->children; k; k = k->next)
		if (k->type != XML_TEXT_NODE && k->type != XML_CDATA_SECTION_NODE &&
		    k->type != XML_COMMENT_NODE && k->type != XML_PI_NODE) {
			input_error(t, node_line(k), err,
				    "'set-value' must contain only text");
			goto out;
		}
	rule_id = cca_xstrndup(rest, (size_t)(dot - rest));
	if (cca_catalog_find_rule(t->cat, rule_id) < 0 &&
	    cca_catalog_find_rule(t->cat, rest) >= 0) {
		input_error(t, line, err,
			    "'set-value' idref '%s' names rule '%s' but no parameter "
			    "(expected '%s<rule id>.<parameter>')", idref, rest,
			    VALUE_PREFIX);
		goto out;
	}
	i = find_rule(t, rule_id, "", idref, line, err);
	if (i < 0 || check_param(t, (size_t)i, dot + 1, line, err) < 0)
		goto out;
	{
		const struct cca_rule *r = cca_catalog_rule(t->cat, (size_t)i);
		size_t k = 0;

		while (strcmp(r->params[k].name, dot + 1) != 0)
			k++;  /* terminates: check_param found it */
		if (only_once(t, &t->value_line[t->value_base[i] + k], n, "",
			      idref, err) < 0)
			goto out;
	}
	content = xmlNodeGetContent(n);
	value = cca_xstrdup_trim(content ? (const char *)content : "");
	xmlFree(content);
	rc = 0;
	if (t->apply &&
	    cca_profile_set_param(t->p, rule_id, dot + 1, value, err) < 0)
		rc = at_line(t, line, err);
out:
	free(value);
	free(rule_id);
	free(idref);
	return rc;
}

/* One pass over the statements of the Profile (check or apply). */
static int xccdf_statements(struct tailor *t, xmlNodePtr prof,
			    struct cca_error *err)
{
	static const char *const ignored[] = {
		"status", "dc-status", "version", "title", "description",
		"reference", "platform", "metadata", "signature", NULL
	};

	for (xmlNodePtr k = prof->children; k; k = k->next) {
		int rc = 0;

		if (k->type != XML_ELEMENT_NODE)
			continue;
		if (is_xccdf(k, "select"))
			rc = xccdf_select(t, k, err);
		else if (is_xccdf(k, "refine-rule"))
			rc = xccdf_refine_rule(t, k, err);
		else if (is_xccdf(k, "set-value"))
			rc = xccdf_set_value(t, k, err);
		else if (is_xccdf(k, "refine-value"))
			rc = input_error(t, node_line(k), err,
					 "'refine-value' is not supported: ccaudit parameters "
					 "have no selectors (use <set-value idref=\"%s<rule id>."
					 "<parameter>\">value</set-value>)", VALUE_PREFIX);
		else if (is_xccdf(k, "set-complex-value"))
			rc = input_error(t, node_line(k), err,
					 "'set-complex-value' is not supported (use <set-value>)");
		else if (!k->ns || !k->ns->href ||
			 strcmp((const char *)k->ns->href, XCCDF12_NS) != 0 ||
			 !in_list((const char *)k->name, ignored))
			rc = input_error(t, node_line(k), err,
					 "unexpected element '%s' in 'Profile'",
					 (const char *)k->name);
		if (rc < 0)
			return -1;
	}
	return 0;
}

/* Fail listing the ids of the (several) profiles under root. */
static int several_profiles(const struct tailor *t, xmlNodePtr root,
			    size_t count, unsigned line, struct cca_error *err)
{
	struct cca_buf b;
	size_t listed = 0;
	int rc;

	cca_buf_init(&b);
	for (xmlNodePtr k = root->children; k && listed < MAX_LISTED; k = k->next) {
		char *id;

		if (!is_xccdf(k, "Profile"))
			continue;
		id = xattr(k, "id");
		cca_buf_printf(&b, "%s'%s'", listed ? ", " : "", id ? id : "");
		free(id);
		listed++;
	}
	if (count > listed)
		cca_buf_printf(&b, " and %zu more", count - listed);
	rc = input_error(t, line, err,
			 "the tailoring defines %zu profiles (%s); ccaudit applies "
			 "exactly one, keep one Profile per file", count,
			 cca_buf_str(&b));
	cca_buf_release(&b);
	return rc;
}

/* Check that @extends, when present, names the profile in use. */
static int xccdf_extends(struct tailor *t, xmlNodePtr prof, const char *id,
			 struct cca_error *err)
{
	char *ext = xattr(prof, "extends"), *what;
	unsigned line = node_line(prof);
	int rc;

	if (!ext)
		return 0;
	if (strncmp(ext, PROFILE_PREFIX, strlen(PROFILE_PREFIX)) != 0 ||
	    !ext[strlen(PROFILE_PREFIX)]) {
		rc = input_error(t, line, err,
				 "profile '%s' extends '%s', which is not a ccaudit profile "
				 "(expected '%s<name>' such as '%s%s', or no 'extends')",
				 id, ext, PROFILE_PREFIX, PROFILE_PREFIX,
				 cca_profile_name(t->p));
		free(ext);
		return rc;
	}
	what = cca_xasprintf("profile '%s' extends '%s'", id, ext);
	rc = check_profile(t, ext + strlen(PROFILE_PREFIX), what, true, line, err);
	free(what);
	free(ext);
	return rc;
}

/* Read an XCCDF 1.2 Tailoring rooted at root: check it all, then apply it. */
static int xccdf_tailor(struct tailor *t, xmlNodePtr root, struct cca_error *err)
{
	static const char *const ignored[] = {
		"status", "dc-status", "benchmark", "metadata", NULL
	};
	xmlNodePtr version = NULL, prof = NULL;
	size_t nprofiles = 0;
	unsigned extra_line = 0;
	char *time, *id;
	int rc = 0;

	for (xmlNodePtr k = root->children; k; k = k->next) {
		if (k->type != XML_ELEMENT_NODE)
			continue;
		if (is_xccdf(k, "version")) {
			if (version)
				return input_error(t, node_line(k), err,
						   "'Tailoring' has more than one 'version'");
			version = k;
		} else if (is_xccdf(k, "Profile")) {
			if (!prof)
				prof = k;
			else if (!extra_line)
				extra_line = node_line(k);
			nprofiles++;
		} else if (!is_elem_ns(k, DSIG_NS, "Signature") &&
			   !(is_elem_ns(k, XCCDF12_NS, (const char *)k->name) &&
			     in_list((const char *)k->name, ignored))) {
			return input_error(t, node_line(k), err,
					   "unexpected element '%s' in 'Tailoring'",
					   (const char *)k->name);
		}
	}
	if (!version)
		return input_error(t, node_line(root), err,
				   "'Tailoring' has no 'version' (XCCDF 1.2 requires "
				   "<version time=\"...\">)");
	time = xattr(version, "time");
	if (!time || !*time) {
		free(time);
		return input_error(t, node_line(version), err,
				   "'version' has no 'time' attribute (XCCDF 1.2 requires one)");
	}
	free(time);
	if (!prof)
		return input_error(t, node_line(root), err,
				   "the tailoring defines no 'Profile'");
	if (nprofiles > 1)
		return several_profiles(t, root, nprofiles, extra_line, err);
	id = xattr(prof, "id");
	if (!id || !*id) {
		free(id);
		return input_error(t, node_line(prof), err,
				   "'Profile' has no 'id' attribute");
	}
	rc = xccdf_extends(t, prof, id, err);
	if (rc == 0) {
		size_t n = cca_catalog_nrules(t->cat), nvalues = 0;

		t->select_line = cca_xcalloc(n + 1, sizeof *t->select_line);
		t->refine_line = cca_xcalloc(n + 1, sizeof *t->refine_line);
		t->value_base = cca_xcalloc(n + 1, sizeof *t->value_base);
		for (size_t i = 0; i < n; i++) {
			t->value_base[i] = nvalues;
			nvalues += cca_catalog_rule(t->cat, i)->nparams;
		}
		t->value_line = cca_xcalloc(nvalues + 1, sizeof *t->value_line);
	}
	for (int pass = 0; rc == 0 && pass < 2; pass++) {
		t->apply = pass == 1;
		rc = xccdf_statements(t, prof, err);
	}
	free(t->select_line);
	free(t->refine_line);
	free(t->value_line);
	free(t->value_base);
	if (rc == 0)
		t->label_id = id;
	else
		free(id);
	return rc;
}

/* Where the parse stands: set when a DOCTYPE was met (and refused). */
struct xml_guard {
	bool doctype;
	unsigned line;
};

/*
 * SAX internalSubset hook: refuse any DOCTYPE and stop the parser before
 * its internal subset, and so any entity declaration, is read.
 */
static void refuse_doctype(void *ctx, const xmlChar *name,
			   const xmlChar *external_id, const xmlChar *system_id)
{
	xmlParserCtxtPtr pctx = ctx;
	struct xml_guard *g = pctx->_private;

	(void)name;
	(void)external_id;
	(void)system_id;
	g->doctype = true;
	g->line = pctx->input && pctx->input->line > 0 ? (unsigned)pctx->input->line : 0;
	xmlStopParser(pctx);
}

/*
 * SAX startElementNs hook: build the element as libxml2 does, then keep a
 * line past 65535 in its psvi (unused without schema validation) so that
 * node_line() is exact in big files.
 */
static void start_element(void *ctx, const xmlChar *localname,
			  const xmlChar *prefix, const xmlChar *uri,
			  int nb_namespaces, const xmlChar **namespaces,
			  int nb_attributes, int nb_defaulted,
			  const xmlChar **attributes)
{
	xmlParserCtxtPtr pctx = ctx;

	xmlSAX2StartElementNs(ctx, localname, prefix, uri, nb_namespaces,
			      namespaces, nb_attributes, nb_defaulted, attributes);
	if (pctx->node && pctx->input && pctx->input->line >= 65535)
		pctx->node->psvi = (void *)(uintptr_t)(unsigned)pctx->input->line;
}

/* Parse XML data and read it as an XCCDF 1.2 Tailoring. */
static int read_xml(struct tailor *t, const char *data, size_t len,
		    struct cca_error *err)
{
	struct xml_guard g = { .doctype = false, .line = 0 };
	xmlParserCtxtPtr pctx = xmlNewParserCtxt();
	xmlDocPtr doc;
	xmlNodePtr root;
	int rc = -1;

	if (!pctx)
		return cca_error_set(err, CCA_ENOMEM, "cannot parse '%s'", t->path);
	pctx->_private = &g;
	pctx->sax->internalSubset = refuse_doctype;
	if (pctx->sax->startElementNs == xmlSAX2StartElementNs)
		pctx->sax->startElementNs = start_element;
	doc = xmlCtxtReadMemory(pctx, data, (int)len, t->path, NULL,
				XML_PARSE_NONET | XML_PARSE_NOERROR |
				XML_PARSE_NOWARNING);
	if (g.doctype || (doc && (doc->intSubset || doc->extSubset))) {
		input_error(t, g.doctype ? g.line : 1, err,
			    "a DOCTYPE is not allowed in a tailoring file "
			    "(entities are never expanded)");
	} else if (!doc) {
		xmlErrorPtr e = xmlCtxtGetLastError(pctx);
		char *msg = cca_xstrdup_trim(e && e->message ? e->message : "not well-formed");

		input_error(t, e && e->line > 0 ? (unsigned)e->line : 1, err,
			    "malformed XML: %s", msg);
		free(msg);
	} else if (!(root = xmlDocGetRootElement(doc))) {
		input_error(t, 1, err, "malformed XML: no root element");
	} else if (is_xccdf(root, "Tailoring")) {
		rc = xccdf_tailor(t, root, err);
	} else if (strcmp((const char *)root->name, "Tailoring") == 0) {
		input_error(t, node_line(root), err,
			    "'Tailoring' in namespace '%s' is not XCCDF 1.2 (expected '%s')",
			    root->ns && root->ns->href ? (const char *)root->ns->href : "",
			    XCCDF12_NS);
	} else {
		input_error(t, node_line(root), err,
			    "root element '%s' is not an XCCDF 1.2 'Tailoring' (a "
			    "tailoring file is XCCDF 1.2 Tailoring or ccaudit YAML)",
			    (const char *)root->name);
	}
	xmlFreeDoc(doc);
	xmlFreeParserCtxt(pctx);
	return rc;
}

/* ---- entry point -------------------------------------------------------- */

/*
 * True when data is XML: its first character after a byte-order mark and
 * white space is '<' (YAML tailoring can never start so).
 */
static bool looks_like_xml(const char *data, size_t len)
{
	const unsigned char *p = (const unsigned char *)data, *end = p + len;

	if (len >= 4 && ((p[0] == 0xFF && p[1] == 0xFE && p[2] == '<' && !p[3]) ||
			 (p[0] == 0xFE && p[1] == 0xFF && !p[2] && p[3] == '<')))
		return true;  /* UTF-16 with a byte-order mark */
	if (len >= 3 && p[0] == 0xEF && p[1] == 0xBB && p[2] == 0xBF)
		p += 3;
	while (p < end && (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r'))
		p++;
	return p < end && *p == '<';
}

int cca_profile_tailor(struct cca_profile *p, const char *path,
		       struct cca_error *err)
{
	char *data;
	size_t len;
	int rc;

	if (cca_file_read(path, TAILORING_MAX_BYTES, &data, &len, err) < 0)
		return -1;
	rc = cca_profile_tailor_data(p, path, data, len, err);
	free(data);
	return rc;
}

int cca_profile_tailor_data(struct cca_profile *p, const char *path,
			    const char *data, size_t len, struct cca_error *err)
{
	struct tailor t = {
		.p = p, .cat = cca_profile_catalog(p), .path = path,
	};
	const char *base;
	char *label;
	int rc;

	if (len > TAILORING_MAX_BYTES)
		return cca_error_set(err, CCA_ETOOBIG,
				     "'%s' is larger than the limit of %u bytes",
				     path, (unsigned)TAILORING_MAX_BYTES);
	if (looks_like_xml(data, len))
		rc = read_xml(&t, data, len, err);
	else
		rc = read_yaml(&t, data, len, err);
	free(t.rule_ids);
	if (rc < 0)
		return -1;
	base = strrchr(path, '/');
	base = strcmp(path, "-") == 0 ? "standard input" : base ? base + 1 : path;
	label = cca_xasprintf("%s from %s", t.label_id, base);
	cca_profile_set_tailoring(p, label);
	free(label);
	free(t.label_id);
	return 0;
}
