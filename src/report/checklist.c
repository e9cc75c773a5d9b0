/*
 * checklist.c - what a team must satisfy under a profile, as a checklist in
 * text, Markdown, CSV, an answers template (YAML), JSON or printable HTML.
 *
 * The content is the same in every format.  For each framework in catalog
 * order, for each of its groups in order, every control (in catalog order)
 * that has at least one rule selected by the profile; a control with CSVS
 * level flags must also carry the profile's level (when it targets one).
 * Each control lists its default roles, its levels, and each selected rule
 * with its effective severity and whether it is automated (a check id) or
 * needs an attestation.  The header gives the level, the role filter and
 * the counts: controls per framework, distinct rules automated and manual.
 *
 * Every format is written by hand with the escaping it needs, so catalog
 * text (user catalogs are untrusted) can neither break the structure nor
 * inject markup, formulas or terminal control sequences.  Output depends
 * only on the catalog and the profile, and always ends with a newline.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "ccaudit/catalog.h"
#include "ccaudit/report.h"
#include "ccaudit/util.h"
#include "checklist-model.h"

/* Titles wider than this do not widen the text column layout. */
#define TEXT_TITLE_COLUMN_MAX 64

/* ---- the model ---------------------------------------------------------- */

/* Release what cl_model_build() allocated; m may be half-built. */
void cl_model_release(struct cl_model *m)
{
	for (size_t i = 0; i < m->nitems; i++)
		free(m->items[i].rules);
	free(m->items);
	free(m->fw_first);
	free(m->fw_count);
	free(m->rules);
	memset(m, 0, sizeof *m);
}

/* True when rule r needs an attestation rather than running a check. */
bool cl_is_attestation(const struct cca_rule *r)
{
	return r->manual || !r->check;
}

/*
 * Whether control c belongs on the checklist at level: its levels carry
 * the level, or it has no levels, or the profile targets no level.
 */
static bool level_ok(const struct cca_control *c, unsigned level)
{
	return level == 0 || c->levels == 0 || (c->levels & CCA_LEVEL_BIT(level));
}

/*
 * Fill m from cat and p.  Fails with CCA_EINTERNAL only when the catalog
 * contradicts its own invariants (an index out of range).
 */
int cl_model_build(struct cl_model *m, const struct cca_catalog *cat,
		   const struct cca_profile *p, struct cca_error *err)
{
	size_t nfw = cca_catalog_nframeworks(cat);
	size_t nctl = cca_catalog_ncontrols(cat);
	size_t nrule = cca_catalog_nrules(cat);
	bool *seen;

	memset(m, 0, sizeof *m);
	m->cat = cat;
	m->p = p;
	m->level = cca_profile_level(p);
	m->roles = cca_profile_roles(p);
	m->fw_first = cca_xcalloc(nfw ? nfw : 1, sizeof *m->fw_first);
	m->fw_count = cca_xcalloc(nfw ? nfw : 1, sizeof *m->fw_count);

	for (size_t ci = 0; ci < nctl; ci++) {
		const struct cca_control *c = cca_catalog_control(cat, ci);

		if (!c || c->framework >= nfw ||
		    c->group >= cca_catalog_framework(cat, c->framework)->ngroups)
			return cca_error_set(err, CCA_EINTERNAL,
					     "checklist: control %zu has no framework or group", ci);
		for (size_t k = 0; k < c->nrules; k++)
			if (c->rules[k] >= nrule)
				return cca_error_set(err, CCA_EINTERNAL,
						     "checklist: control '%s' maps rule %zu of %zu",
						     c->id, c->rules[k], nrule);
	}

	seen = cca_xcalloc(nrule ? nrule : 1, sizeof *seen);
	m->rules = cca_xcalloc(nrule ? nrule : 1, sizeof *m->rules);
	for (size_t fi = 0; fi < nfw; fi++) {
		const struct cca_framework *fw = cca_catalog_framework(cat, fi);

		m->fw_first[fi] = m->nitems;
		for (size_t gi = 0; gi < fw->ngroups; gi++) {
			for (size_t ci = 0; ci < nctl; ci++) {
				const struct cca_control *c = cca_catalog_control(cat, ci);
				struct cl_item it = { ci, NULL, 0 };

				if (c->framework != fi || c->group != gi ||
				    !level_ok(c, m->level))
					continue;
				for (size_t k = 0; k < c->nrules; k++) {
					if (!cca_profile_selected(p, c->rules[k]))
						continue;
					it.rules = cca_xreallocarray(it.rules, it.nrules + 1,
								     sizeof *it.rules);
					it.rules[it.nrules++] = c->rules[k];
				}
				if (!it.nrules)
					continue;
				for (size_t k = 0; k < it.nrules; k++) {
					size_t r = it.rules[k];

					if (seen[r])
						continue;
					seen[r] = true;
					m->rules[m->nrules++] = r;
					if (cl_is_attestation(cca_catalog_rule(cat, r)))
						m->nmanual++;
					else
						m->nautomated++;
				}
				m->items = cca_xreallocarray(m->items, m->nitems + 1,
							     sizeof *m->items);
				m->items[m->nitems++] = it;
			}
		}
		m->fw_count[fi] = m->nitems - m->fw_first[fi];
	}
	free(seen);
	return 0;
}

const struct cca_control *cl_item_control(const struct cl_model *m,
					 const struct cl_item *it)
{
	return cca_catalog_control(m->cat, it->control);
}

/* ---- plain text helpers ---------------------------------------------------- */

/*
 * Length in bytes of a character at s that must not reach the output
 * verbatim: C0 controls (newlines included), DEL, C1 controls (U+0080 to
 * U+009F) and the Unicode line and paragraph separators U+2028/U+2029 that
 * some YAML readers and terminals treat as line breaks.  0 for anything
 * else.
 */
static size_t unsafe_len(const char *s)
{
	const unsigned char *u = (const unsigned char *)s;

	if (u[0] < 0x20 || u[0] == 0x7f)
		return 1;
	if (u[0] == 0xc2 && u[1] >= 0x80 && u[1] <= 0x9f)
		return 2;
	if (u[0] == 0xe2 && u[1] == 0x80 && (u[2] == 0xa8 || u[2] == 0xa9))
		return 3;
	return 0;
}

/* Append s with every unsafe character (see unsafe_len) made a space. */
static void put_plain(struct cca_buf *b, const char *s)
{
	while (s && *s) {
		size_t n = unsafe_len(s);

		if (n) {
			cca_buf_putc(b, ' ');
			s += n;
		} else {
			cca_buf_putc(b, *s++);
		}
	}
}

/* Display width of s: its code points (UTF-8 lead bytes). */
static size_t text_width(const char *s)
{
	size_t w = 0;

	for (; s && *s; s++)
		w += ((unsigned char)*s & 0xc0) != 0x80;
	return w;
}

/* Append n spaces. */
static void put_spaces(struct cca_buf *b, size_t n)
{
	while (n--)
		cca_buf_putc(b, ' ');
}

/* Append s (sanitised) padded with spaces to width columns. */
static void put_padded(struct cca_buf *b, const char *s, size_t width)
{
	size_t w = text_width(s);

	put_plain(b, s);
	if (w < width)
		put_spaces(b, width - w);
}

/* Append n copies of c and a newline (a heading underline). */
static void put_rule_line(struct cca_buf *b, char c, size_t n)
{
	while (n--)
		cca_buf_putc(b, c);
	cca_buf_putc(b, '\n');
}

/* The role titles of bits, ", "-separated, into b ("none" when empty). */
void cl_put_role_titles(struct cca_buf *b, unsigned bits)
{
	bool first = true;

	for (size_t i = 0; i < CCA_ROLE_COUNT; i++) {
		if (!(bits & cca_role_at(i)))
			continue;
		if (!first)
			cca_buf_puts(b, ", ");
		cca_buf_puts(b, cca_role_title(cca_role_at(i)));
		first = false;
	}
	if (first)
		cca_buf_puts(b, "none");
}

/* The level flags of levels, "L1 L2 L3" style, into b (nothing when 0). */
void cl_put_level_flags(struct cca_buf *b, unsigned levels)
{
	bool first = true;

	for (unsigned l = 1; l <= CCA_LEVEL_MAX; l++) {
		if (!(levels & CCA_LEVEL_BIT(l)))
			continue;
		cca_buf_printf(b, "%sL%u", first ? "" : " ", l);
		first = false;
	}
}

/* The role filter as the header states it. */
void cl_put_role_filter(struct cca_buf *b, unsigned roles)
{
	if ((roles & CCA_ROLE_ALL) == CCA_ROLE_ALL)
		cca_buf_puts(b, "all (");
	cl_put_role_titles(b, roles & CCA_ROLE_ALL);
	if ((roles & CCA_ROLE_ALL) == CCA_ROLE_ALL)
		cca_buf_putc(b, ')');
}

/* The checklist's title: "CSVS level N checklist" or the every-level one. */
void cl_put_title(struct cca_buf *b, const struct cl_model *m)
{
	if (m->level)
		cca_buf_printf(b, "CSVS level %u checklist", m->level);
	else
		cca_buf_puts(b, "Checklist for every CSVS level");
}

/* The role titles of roles as a new string (the caller frees it). */
static char *string_of_roles(unsigned roles)
{
	struct cca_buf b;

	cca_buf_init(&b);
	cl_put_role_titles(&b, roles);
	return cca_buf_detach(&b);
}

/* The level flags of levels as a new string, "" when none (caller frees). */
static char *string_of_levels(unsigned levels)
{
	struct cca_buf b;

	cca_buf_init(&b);
	cl_put_level_flags(&b, levels);
	return cca_buf_detach(&b);
}

/* ---- text ----------------------------------------------------------------- */

/* Column widths of one framework's section. */
struct text_cols {
	size_t ref;
	size_t title;
	size_t roles;
	size_t rule;
};

/* The column widths that align the items [first, first + n). */
static struct text_cols text_columns(const struct cl_model *m, size_t first, size_t n)
{
	struct text_cols w = { 0, 0, 0, 0 };

	for (size_t i = first; i < first + n; i++) {
		const struct cl_item *it = &m->items[i];
		const struct cca_control *c = cl_item_control(m, it);
		char *roles = string_of_roles(c->roles);
		size_t tw = text_width(c->title);

		if (text_width(c->ref) > w.ref)
			w.ref = text_width(c->ref);
		if (tw <= TEXT_TITLE_COLUMN_MAX && tw > w.title)
			w.title = tw;
		if (text_width(roles) > w.roles)
			w.roles = text_width(roles);
		free(roles);
		for (size_t k = 0; k < it->nrules; k++) {
			const char *id = cca_catalog_rule(m->cat, it->rules[k])->id;

			if (text_width(id) > w.rule)
				w.rule = text_width(id);
		}
	}
	return w;
}

/* One control line and its indented rule lines. */
static void text_item(struct cca_buf *b, const struct cl_model *m,
		      const struct cl_item *it, const struct text_cols *w)
{
	const struct cca_control *c = cl_item_control(m, it);
	char *roles = string_of_roles(c->roles);
	size_t indent = 4 + w->ref + 2;

	cca_buf_puts(b, "[ ] ");
	put_padded(b, c->ref, w->ref + 2);
	put_plain(b, c->title);
	cca_buf_puts(b, "   ");
	if (text_width(c->title) < w->title)
		put_spaces(b, w->title - text_width(c->title));
	if (c->levels) {
		put_padded(b, roles, w->roles + 3);
		cl_put_level_flags(b, c->levels);
	} else {
		cca_buf_puts(b, roles);
	}
	cca_buf_putc(b, '\n');
	free(roles);

	for (size_t k = 0; k < it->nrules; k++) {
		const struct cca_rule *r = cca_catalog_rule(m->cat, it->rules[k]);

		put_spaces(b, indent);
		put_padded(b, r->id, w->rule + 2);
		put_padded(b, cca_severity_name(cca_profile_severity(m->p, it->rules[k])), 10);
		if (cl_is_attestation(r)) {
			cca_buf_puts(b, "attestation");
		} else {
			cca_buf_puts(b, "automated: ");
			put_plain(b, r->check);
		}
		cca_buf_putc(b, '\n');
	}
}

/* The human-readable checklist. */
static void render_text(struct cca_buf *b, const struct cl_model *m)
{
	size_t start = b->len;
	size_t nfw = cca_catalog_nframeworks(m->cat);

	cl_put_title(b, m);
	cca_buf_putc(b, '\n');
	put_rule_line(b, '=', text_width(b->data + start) - 1);
	cca_buf_puts(b, "Profile:   ");
	put_plain(b, cca_profile_name(m->p));
	cca_buf_puts(b, "\nRoles:     ");
	cl_put_role_filter(b, m->roles);
	cca_buf_puts(b, "\nCatalog:   ");
	put_plain(b, cca_catalog_version(m->cat));
	cca_buf_printf(b, "\nRules:     %zu (%zu automated, %zu attestation)\n",
		       m->nrules, m->nautomated, m->nmanual);
	cca_buf_puts(b, "Controls:\n");
	for (size_t fi = 0; fi < nfw; fi++) {
		cca_buf_printf(b, "  %5zu  ", m->fw_count[fi]);
		put_plain(b, cca_catalog_framework(m->cat, fi)->title);
		cca_buf_putc(b, '\n');
	}

	for (size_t fi = 0; fi < nfw; fi++) {
		const struct cca_framework *fw = cca_catalog_framework(m->cat, fi);
		struct text_cols w = text_columns(m, m->fw_first[fi], m->fw_count[fi]);
		size_t head, last_group = (size_t)-1;

		cca_buf_putc(b, '\n');
		head = b->len;
		put_plain(b, fw->title);
		if (fw->version) {
			cca_buf_putc(b, ' ');
			put_plain(b, fw->version);
		}
		cca_buf_putc(b, '\n');
		put_rule_line(b, '=', text_width(b->data + head) - 1);
		if (!m->fw_count[fi])
			cca_buf_puts(b, "\n(no controls selected)\n");
		for (size_t i = m->fw_first[fi]; i < m->fw_first[fi] + m->fw_count[fi]; i++) {
			const struct cca_control *c = cl_item_control(m, &m->items[i]);

			if (c->group != last_group) {
				const struct cca_group *g = &fw->groups[c->group];

				cca_buf_putc(b, '\n');
				put_plain(b, g->id);
				cca_buf_putc(b, ' ');
				put_plain(b, g->title);
				cca_buf_puts(b, "\n\n");
				last_group = c->group;
			}
			text_item(b, m, &m->items[i], &w);
		}
	}
}

/* ---- Markdown --------------------------------------------------------------- */

/*
 * Append s as Markdown text: characters that could start markup or HTML
 * are backslash-escaped, unsafe characters become spaces.
 */
static void put_md(struct cca_buf *b, const char *s)
{
	while (s && *s) {
		size_t n = unsafe_len(s);

		if (n) {
			cca_buf_putc(b, ' ');
			s += n;
			continue;
		}
		if (strchr("\\`*_[]<>|#&~!", *s))
			cca_buf_putc(b, '\\');
		cca_buf_putc(b, *s++);
	}
}

/*
 * Append s as a Markdown code span; text a code span cannot hold (a
 * backtick, an unsafe character, nothing at all) is written as escaped
 * text instead.
 */
static void put_md_code(struct cca_buf *b, const char *s)
{
	bool ok = s && *s && !strchr(s, '`');

	for (const char *q = s; ok && *q; q++)
		ok = !unsafe_len(q);
	if (!ok) {
		put_md(b, s);
		return;
	}
	cca_buf_putc(b, '`');
	cca_buf_puts(b, s);
	cca_buf_putc(b, '`');
}

/* The Markdown checklist: headings per framework and group, task items. */
static void render_md(struct cca_buf *b, const struct cl_model *m)
{
	size_t nfw = cca_catalog_nframeworks(m->cat);

	cca_buf_puts(b, "# ");
	cl_put_title(b, m);
	cca_buf_puts(b, "\n\n- Profile: ");
	put_md_code(b, cca_profile_name(m->p));
	cca_buf_puts(b, "\n- Roles: ");
	cl_put_role_filter(b, m->roles);
	cca_buf_puts(b, "\n- Catalog: ");
	put_md(b, cca_catalog_version(m->cat));
	cca_buf_printf(b, "\n- Rules: %zu (%zu automated, %zu attestation)\n",
		       m->nrules, m->nautomated, m->nmanual);
	cca_buf_printf(b, "- Controls: %zu\n", m->nitems);
	for (size_t fi = 0; fi < nfw; fi++) {
		cca_buf_puts(b, "  - ");
		put_md(b, cca_catalog_framework(m->cat, fi)->title);
		cca_buf_printf(b, ": %zu\n", m->fw_count[fi]);
	}

	for (size_t fi = 0; fi < nfw; fi++) {
		const struct cca_framework *fw = cca_catalog_framework(m->cat, fi);
		size_t last_group = (size_t)-1;

		cca_buf_puts(b, "\n## ");
		put_md(b, fw->title);
		cca_buf_putc(b, '\n');
		if (!m->fw_count[fi])
			cca_buf_puts(b, "\nNo controls selected.\n");
		for (size_t i = m->fw_first[fi]; i < m->fw_first[fi] + m->fw_count[fi]; i++) {
			const struct cl_item *it = &m->items[i];
			const struct cca_control *c = cl_item_control(m, it);

			if (c->group != last_group) {
				const struct cca_group *g = &fw->groups[c->group];

				cca_buf_puts(b, "\n### ");
				put_md(b, g->id);
				cca_buf_putc(b, ' ');
				put_md(b, g->title);
				cca_buf_puts(b, "\n\n");
				last_group = c->group;
			}
			cca_buf_puts(b, "- [ ] **");
			put_md(b, c->ref);
			cca_buf_puts(b, "** ");
			put_md(b, c->title);
			cca_buf_puts(b, " — ");
			cl_put_role_titles(b, c->roles);
			if (c->levels) {
				cca_buf_puts(b, " — ");
				cl_put_level_flags(b, c->levels);
			}
			cca_buf_puts(b, " —");
			for (size_t k = 0; k < it->nrules; k++) {
				const struct cca_rule *r = cca_catalog_rule(m->cat, it->rules[k]);

				cca_buf_puts(b, k ? ", " : " ");
				put_md_code(b, r->id);
				if (cl_is_attestation(r)) {
					cca_buf_puts(b, " (attestation, ");
				} else {
					cca_buf_puts(b, " (automated: ");
					put_md_code(b, r->check);
					cca_buf_puts(b, ", ");
				}
				cca_buf_puts(b, cca_severity_name(cca_profile_severity(m->p, it->rules[k])));
				cca_buf_putc(b, ')');
			}
			cca_buf_putc(b, '\n');
		}
	}
}

/* ---- CSV -------------------------------------------------------------------- */

/*
 * Append s as one RFC 4180 field.  A value a spreadsheet would run as a
 * formula (first character = + - @ tab or CR) gets a leading single quote;
 * a field with a comma, double quote, CR or LF is quoted with its quotes
 * doubled.
 */
static void put_csv(struct cca_buf *b, const char *s)
{
	bool formula, quote;

	s = s ? s : "";
	formula = s[0] && strchr("=+-@\t\r", s[0]);
	quote = strpbrk(s, ",\"\r\n") != NULL;
	if (quote)
		cca_buf_putc(b, '"');
	if (formula)
		cca_buf_putc(b, '\'');
	for (; *s; s++) {
		if (*s == '"')
			cca_buf_putc(b, '"');
		cca_buf_putc(b, *s);
	}
	if (quote)
		cca_buf_putc(b, '"');
}

/* One row per (control, selected rule), CRLF line endings. */
static void render_csv(struct cca_buf *b, const struct cl_model *m)
{
	cca_buf_puts(b, "framework,group,control,title,levels,roles,rule,kind,severity\r\n");
	for (size_t i = 0; i < m->nitems; i++) {
		const struct cl_item *it = &m->items[i];
		const struct cca_control *c = cl_item_control(m, it);
		const struct cca_framework *fw = cca_catalog_framework(m->cat, c->framework);
		char *roles = string_of_roles(c->roles);
		char *levels = string_of_levels(c->levels);

		for (size_t k = 0; k < it->nrules; k++) {
			const struct cca_rule *r = cca_catalog_rule(m->cat, it->rules[k]);

			put_csv(b, fw->id);
			cca_buf_putc(b, ',');
			put_csv(b, fw->groups[c->group].id);
			cca_buf_putc(b, ',');
			put_csv(b, c->id);
			cca_buf_putc(b, ',');
			put_csv(b, c->title);
			cca_buf_putc(b, ',');
			put_csv(b, levels);
			cca_buf_putc(b, ',');
			put_csv(b, roles);
			cca_buf_putc(b, ',');
			put_csv(b, r->id);
			cca_buf_putc(b, ',');
			put_csv(b, cl_is_attestation(r) ? "attestation" : "automated");
			cca_buf_putc(b, ',');
			put_csv(b, cca_severity_name(cca_profile_severity(m->p, it->rules[k])));
			cca_buf_puts(b, "\r\n");
		}
		free(roles);
		free(levels);
	}
}

/* ---- YAML answers template ---------------------------------------------- */

/*
 * Whether s can be written as a plain YAML scalar that every reader loads
 * back as that same string: a letter, then letters, digits, '.', '_' or
 * '-', and not a word that YAML 1.1 or 1.2 reads as null or a boolean.
 */
static bool yaml_plain_ok(const char *s)
{
	static const char *const words[] = {
		"null", "true", "false", "yes", "no", "on", "off", "y", "n", NULL
	};

	if (!s || !((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z')))
		return false;
	for (const char *q = s; *q; q++)
		if (!((*q >= 'a' && *q <= 'z') || (*q >= 'A' && *q <= 'Z') ||
		      (*q >= '0' && *q <= '9') || *q == '.' || *q == '_' || *q == '-'))
			return false;
	for (size_t i = 0; words[i]; i++)
		if (strcasecmp(s, words[i]) == 0)
			return false;
	return true;
}

/* Append s as a YAML scalar: plain when safe, else double-quoted. */
static void put_yaml_scalar(struct cca_buf *b, const char *s)
{
	if (yaml_plain_ok(s)) {
		cca_buf_puts(b, s);
		return;
	}
	cca_buf_putc(b, '"');
	for (; s && *s; s++) {
		unsigned char ch = (unsigned char)*s;

		if (ch == '"' || ch == '\\')
			cca_buf_printf(b, "\\%c", ch);
		else if (ch < 0x20 || ch == 0x7f)
			cca_buf_printf(b, "\\x%02x", ch);
		else
			cca_buf_putc(b, *s);
	}
	cca_buf_putc(b, '"');
}

/* Append "# text" (sanitised: no line breaks) and a newline. */
static void put_yaml_comment(struct cca_buf *b, const char *indent, const char *text)
{
	cca_buf_puts(b, indent);
	cca_buf_puts(b, "# ");
	put_plain(b, text);
	cca_buf_putc(b, '\n');
}

/*
 * The answers template: one unanswered entry per manual rule on the
 * checklist, in order of first appearance, readable by cca_answers_load().
 */
static void render_yaml(struct cca_buf *b, const struct cl_model *m)
{
	static const char *const help[] = {
		"",
		"Answer each manual rule below, then run:",
		"  ccaudit audit --attestations THIS-FILE ...",
		"",
		"  status:   pass | fail | notapplicable (leave empty while unanswered)",
		"  by:       who answers, e.g. J. Doe (Security); required with a status",
		"  date:     when it was checked, YYYY-MM-DD; required with a status",
		"  expires:  optional YYYY-MM-DD, not before date; an expired answer",
		"            counts as missing",
		"  note:     optional free text",
		"  evidence: optional reference to the proof (URL, ticket, document)",
		"",
		"An unanswered rule stays notchecked (\"awaiting attestation\").",
		"target: optionally names what these answers are about.",
		"waivers: accepted exceptions for failing rules, each with id, by,",
		"reason and expires (YYYY-MM-DD), optionally target and date.",
		NULL
	};
	struct cca_buf line;
	bool any = false;

	cca_buf_init(&line);
	cca_buf_puts(&line, "ccaudit answers template: ");
	cl_put_title(&line, m);
	cca_buf_puts(&line, " (profile ");
	cca_buf_puts(&line, cca_profile_name(m->p));
	cca_buf_puts(&line, ", roles: ");
	cl_put_role_filter(&line, m->roles);
	cca_buf_printf(&line, "), %zu manual rule%s", m->nmanual, m->nmanual == 1 ? "" : "s");
	put_yaml_comment(b, "", cca_buf_str(&line));
	for (size_t i = 0; help[i]; i++) {
		if (*help[i])
			put_yaml_comment(b, "", help[i]);
		else
			cca_buf_puts(b, "#\n");
	}

	cca_buf_puts(b, "ccaudit-answers: 1\ntarget:\nanswers:");
	for (size_t k = 0; k < m->nrules; k++) {
		size_t ri = m->rules[k];
		const struct cca_rule *r = cca_catalog_rule(m->cat, ri);
		bool first = true;

		if (!cl_is_attestation(r))
			continue;
		if (!any)
			cca_buf_putc(b, '\n');
		any = true;
		cca_buf_reset(&line);
		for (size_t i = 0; i < m->nitems; i++) {
			const struct cl_item *it = &m->items[i];
			const struct cca_control *c = cl_item_control(m, it);
			bool maps = false;

			for (size_t j = 0; j < it->nrules && !maps; j++)
				maps = it->rules[j] == ri;
			if (!maps)
				continue;
			cca_buf_puts(&line, first ? "" : ", ");
			cca_buf_puts(&line, cca_catalog_framework(m->cat, c->framework)->id);
			cca_buf_putc(&line, ' ');
			cca_buf_puts(&line, c->ref);
			first = false;
		}
		cca_buf_puts(&line, ": ");
		cca_buf_puts(&line, r->title ? r->title : r->id);
		put_yaml_comment(b, "  ", cca_buf_str(&line));
		cca_buf_puts(b, "  - id: ");
		put_yaml_scalar(b, r->id);
		cca_buf_puts(b, "\n    status:\n    by:\n    date:\n    expires:\n"
			     "    note:\n    evidence:\n");
	}
	if (!any)
		cca_buf_puts(b, " []\n");
	cca_buf_puts(b, "waivers: []\n");
	cca_buf_release(&line);
}

/* ---- JSON ----------------------------------------------------------------- */

/* Append s as a JSON string ("null" when s is NULL). */
static void put_json_str(struct cca_buf *b, const char *s)
{
	if (!s) {
		cca_buf_puts(b, "null");
		return;
	}
	cca_buf_putc(b, '"');
	for (; *s; s++) {
		unsigned char ch = (unsigned char)*s;

		if (ch == '"' || ch == '\\')
			cca_buf_printf(b, "\\%c", ch);
		else if (ch < 0x20)
			cca_buf_printf(b, "\\u%04x", ch);
		else
			cca_buf_putc(b, *s);
	}
	cca_buf_putc(b, '"');
}

/* Append depth levels of two-space indentation. */
static void put_indent(struct cca_buf *b, int depth)
{
	put_spaces(b, (size_t)depth * 2);
}

/* Append "key": at depth (the value follows). */
static void put_json_key(struct cca_buf *b, int depth, const char *key)
{
	put_indent(b, depth);
	put_json_str(b, key);
	cca_buf_puts(b, ": ");
}

/* Append the role names of bits as a one-line JSON array. */
static void put_json_roles(struct cca_buf *b, unsigned bits)
{
	bool first = true;

	cca_buf_putc(b, '[');
	for (size_t i = 0; i < CCA_ROLE_COUNT; i++) {
		if (!(bits & cca_role_at(i)))
			continue;
		cca_buf_puts(b, first ? "" : ", ");
		put_json_str(b, cca_role_name(cca_role_at(i)));
		first = false;
	}
	cca_buf_putc(b, ']');
}

/* One control object (at depth) with its selected rules. */
static void json_control(struct cca_buf *b, const struct cl_model *m,
			 const struct cl_item *it, int d)
{
	const struct cca_control *c = cl_item_control(m, it);
	bool first = true;

	put_indent(b, d);
	cca_buf_puts(b, "{\n");
	put_json_key(b, d + 1, "id");
	put_json_str(b, c->id);
	cca_buf_puts(b, ",\n");
	put_json_key(b, d + 1, "ref");
	put_json_str(b, c->ref);
	cca_buf_puts(b, ",\n");
	put_json_key(b, d + 1, "title");
	put_json_str(b, c->title);
	cca_buf_puts(b, ",\n");
	put_json_key(b, d + 1, "levels");
	cca_buf_putc(b, '[');
	for (unsigned l = 1; l <= CCA_LEVEL_MAX; l++)
		if (c->levels & CCA_LEVEL_BIT(l)) {
			cca_buf_printf(b, "%s%u", first ? "" : ", ", l);
			first = false;
		}
	cca_buf_puts(b, "],\n");
	put_json_key(b, d + 1, "roles");
	put_json_roles(b, c->roles);
	cca_buf_puts(b, ",\n");
	put_json_key(b, d + 1, "rules");
	cca_buf_puts(b, "[\n");
	for (size_t k = 0; k < it->nrules; k++) {
		const struct cca_rule *r = cca_catalog_rule(m->cat, it->rules[k]);
		bool att = cl_is_attestation(r);

		put_indent(b, d + 2);
		cca_buf_puts(b, "{\n");
		put_json_key(b, d + 3, "id");
		put_json_str(b, r->id);
		cca_buf_puts(b, ",\n");
		put_json_key(b, d + 3, "title");
		put_json_str(b, r->title);
		cca_buf_puts(b, ",\n");
		put_json_key(b, d + 3, "severity");
		put_json_str(b, cca_severity_name(cca_profile_severity(m->p, it->rules[k])));
		cca_buf_puts(b, ",\n");
		put_json_key(b, d + 3, "kind");
		put_json_str(b, att ? "attestation" : "automated");
		cca_buf_puts(b, ",\n");
		put_json_key(b, d + 3, "check");
		put_json_str(b, att ? NULL : r->check);
		cca_buf_putc(b, '\n');
		put_indent(b, d + 2);
		cca_buf_puts(b, k + 1 < it->nrules ? "},\n" : "}\n");
	}
	put_indent(b, d + 1);
	cca_buf_puts(b, "]\n");
	put_indent(b, d);
	cca_buf_putc(b, '}');
}

/*
 * The checklist as one JSON document, pretty-printed with two-space
 * indentation; short arrays of scalars stay on one line.
 */
static void render_json(struct cca_buf *b, const struct cl_model *m)
{
	size_t nfw = cca_catalog_nframeworks(m->cat);

	cca_buf_puts(b, "{\n");
	put_json_key(b, 1, "checklist");
	cca_buf_puts(b, "{\n");
	put_json_key(b, 2, "profile");
	put_json_str(b, cca_profile_name(m->p));
	cca_buf_puts(b, ",\n");
	put_json_key(b, 2, "level");
	cca_buf_printf(b, "%u,\n", m->level);
	put_json_key(b, 2, "roles");
	put_json_roles(b, m->roles);
	cca_buf_puts(b, ",\n");
	put_json_key(b, 2, "catalog");
	put_json_str(b, cca_catalog_version(m->cat));
	cca_buf_puts(b, ",\n");
	put_json_key(b, 2, "counts");
	cca_buf_printf(b, "{\"controls\": %zu, \"rules\": %zu, \"automated\": %zu, "
		       "\"attestation\": %zu}\n", m->nitems, m->nrules,
		       m->nautomated, m->nmanual);
	put_indent(b, 1);
	cca_buf_puts(b, "},\n");
	put_json_key(b, 1, "frameworks");
	cca_buf_puts(b, nfw ? "[\n" : "[]\n");
	for (size_t fi = 0; fi < nfw; fi++) {
		const struct cca_framework *fw = cca_catalog_framework(m->cat, fi);
		size_t end = m->fw_first[fi] + m->fw_count[fi];

		put_indent(b, 2);
		cca_buf_puts(b, "{\n");
		put_json_key(b, 3, "id");
		put_json_str(b, fw->id);
		cca_buf_puts(b, ",\n");
		put_json_key(b, 3, "title");
		put_json_str(b, fw->title);
		cca_buf_puts(b, ",\n");
		put_json_key(b, 3, "groups");
		cca_buf_puts(b, m->fw_count[fi] ? "[\n" : "[]\n");
		for (size_t i = m->fw_first[fi]; i < end;) {
			size_t g = cl_item_control(m, &m->items[i])->group;

			put_indent(b, 4);
			cca_buf_puts(b, "{\n");
			put_json_key(b, 5, "id");
			put_json_str(b, fw->groups[g].id);
			cca_buf_puts(b, ",\n");
			put_json_key(b, 5, "title");
			put_json_str(b, fw->groups[g].title);
			cca_buf_puts(b, ",\n");
			put_json_key(b, 5, "controls");
			cca_buf_puts(b, "[\n");
			for (; i < end && cl_item_control(m, &m->items[i])->group == g; i++) {
				json_control(b, m, &m->items[i], 6);
				cca_buf_puts(b, i + 1 < end &&
					     cl_item_control(m, &m->items[i + 1])->group == g
					     ? ",\n" : "\n");
			}
			put_indent(b, 5);
			cca_buf_puts(b, "]\n");
			put_indent(b, 4);
			cca_buf_puts(b, i < end ? "},\n" : "}\n");
		}
		if (m->fw_count[fi]) {
			put_indent(b, 3);
			cca_buf_puts(b, "]\n");
		}
		put_indent(b, 2);
		cca_buf_puts(b, fi + 1 < nfw ? "},\n" : "}\n");
	}
	if (nfw) {
		put_indent(b, 1);
		cca_buf_puts(b, "]\n");
	}
	cca_buf_puts(b, "}\n");
}

/* ---- HTML: a printable form ---------------------------------------------------- */

/* Append s with every character HTML gives meaning to escaped. */
static void put_html(struct cca_buf *b, const char *s)
{
	for (; *s; s++) {
		switch (*s) {
		case '<': cca_buf_puts(b, "&lt;"); break;
		case '>': cca_buf_puts(b, "&gt;"); break;
		case '&': cca_buf_puts(b, "&amp;"); break;
		case '"': cca_buf_puts(b, "&quot;"); break;
		case '\'': cca_buf_puts(b, "&#39;"); break;
		default:
			if ((unsigned char)*s < 0x20 && *s != '\n' && *s != '\t')
				cca_buf_putc(b, ' ');
			else
				cca_buf_putc(b, *s);
		}
	}
}

static const char html_style[] =
	"body{font:10.5pt/1.4 \"DejaVu Sans\",Arial,sans-serif;color:#1d2430;margin:2em}"
	"h1{font-size:18pt;margin:0 0 .2em}h2{font-size:14pt;margin:1.6em 0 .4em;"
	"border-bottom:2px solid #1d2430}h3{font-size:11.5pt;margin:1.2em 0 .3em}"
	".facts{color:#4a5568;margin:0 0 1em}"
	"table{border-collapse:collapse;width:100%;table-layout:fixed}"
	"th.box{width:2.2em}th.ref{width:3.6em}th.roles{width:9em}th.levels{width:6.2em}"
	"th.rules{width:15em}th.answer{width:10em}td{overflow-wrap:anywhere}"
	"th,td{border:1px solid #b8c0cc;padding:.3em .45em;vertical-align:top;text-align:left}"
	"th{background:#eef1f5;font-size:9pt}td.box{width:1.4em;text-align:center;font-size:13pt}"
	"td.ref{font-weight:bold}td.answer{font-size:8.5pt;"
	"color:#4a5568}.rule{font-family:\"DejaVu Sans Mono\",monospace;font-size:8.5pt}"
	".kind{font-size:8.5pt;color:#4a5568}"
	"@media print{body{margin:0}h2{page-break-after:avoid}tr{page-break-inside:avoid}}";

static void render_html(struct cca_buf *b, const struct cl_model *m)
{
	size_t nfw = cca_catalog_nframeworks(m->cat);

	cca_buf_puts(b, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
		     "<title>");
	cl_put_title(b, m);  /* plain text: level and profile, no markup */
	cca_buf_printf(b, "</title>\n<style>%s</style>\n</head>\n<body>\n<h1>", html_style);
	cl_put_title(b, m);
	cca_buf_puts(b, "</h1>\n<p class=\"facts\">Profile ");
	put_html(b, cca_profile_name(m->p));
	cca_buf_puts(b, " &middot; roles: ");
	{
		struct cca_buf roles;

		cca_buf_init(&roles);
		cl_put_role_filter(&roles, m->roles);
		put_html(b, cca_buf_str(&roles));
		cca_buf_release(&roles);
	}
	cca_buf_puts(b, " &middot; catalog ");
	put_html(b, cca_catalog_version(m->cat));
	cca_buf_printf(b, " &middot; %zu controls, %zu rules (%zu automated, %zu to attest)</p>\n",
		       m->nitems, m->nrules, m->nautomated, m->nmanual);
	cca_buf_puts(b, "<p class=\"facts\">Tick each item when it holds. For items to attest, "
		     "write the answer (pass, fail or not applicable), who answers and the date; "
		     "automated items are decided by ccaudit from the evidence.</p>\n");
	for (size_t fi = 0; fi < nfw; fi++) {
		const struct cca_framework *fw = cca_catalog_framework(m->cat, fi);
		size_t last_group = (size_t)-1;

		if (!m->fw_count[fi])
			continue;
		cca_buf_puts(b, "<h2>");
		put_html(b, fw->title);
		cca_buf_puts(b, "</h2>\n");
		for (size_t i = m->fw_first[fi]; i < m->fw_first[fi] + m->fw_count[fi]; i++) {
			const struct cl_item *it = &m->items[i];
			const struct cca_control *c = cl_item_control(m, it);
			struct cca_buf roles;

			if (c->group != last_group) {
				const struct cca_group *g = &fw->groups[c->group];

				if (last_group != (size_t)-1)
					cca_buf_puts(b, "</table>\n");
				cca_buf_puts(b, "<h3>");
				put_html(b, g->id);
				cca_buf_putc(b, ' ');
				put_html(b, g->title);
				cca_buf_puts(b, "</h3>\n<table>\n<tr><th class=\"box\"></th>"
					     "<th class=\"ref\">Ref</th><th>Requirement</th>"
					     "<th class=\"roles\">Roles</th><th class=\"levels\">Levels</th>"
					     "<th class=\"rules\">Rules</th><th class=\"answer\">Answer</th></tr>\n");
				last_group = c->group;
			}
			cca_buf_puts(b, "<tr><td class=\"box\">&#9744;</td><td class=\"ref\">");
			put_html(b, c->ref);
			cca_buf_puts(b, "</td><td>");
			put_html(b, c->title);
			cca_buf_puts(b, "</td><td>");
			cca_buf_init(&roles);
			cl_put_role_titles(&roles, c->roles);
			put_html(b, cca_buf_str(&roles));
			cca_buf_reset(&roles);
			cca_buf_puts(b, "</td><td>");
			cl_put_level_flags(&roles, c->levels);
			put_html(b, cca_buf_str(&roles));
			cca_buf_release(&roles);
			cca_buf_puts(b, "</td><td>");
			for (size_t k = 0; k < it->nrules; k++) {
				const struct cca_rule *r = cca_catalog_rule(m->cat, it->rules[k]);

				cca_buf_puts(b, k ? "<br><span class=\"rule\">" : "<span class=\"rule\">");
				put_html(b, r->id);
				cca_buf_puts(b, "</span> <span class=\"kind\">");
				cca_buf_puts(b, cl_is_attestation(r) ? "attest" : "automated");
				cca_buf_puts(b, ", ");
				cca_buf_puts(b, cca_severity_name(cca_profile_severity(m->p, it->rules[k])));
				cca_buf_puts(b, "</span>");
			}
			cca_buf_puts(b, "</td><td class=\"answer\">pass / fail / n.a.<br>by:<br>date:</td></tr>\n");
		}
		if (last_group != (size_t)-1)
			cca_buf_puts(b, "</table>\n");
	}
	cca_buf_puts(b, "</body>\n</html>\n");
}

/* ---- entry points ----------------------------------------------------------- */

static const struct {
	const char *name;
	enum cca_checklist_format fmt;
} format_names[] = {
	{ "text", CCA_CL_TEXT },
	{ "md", CCA_CL_MD },
	{ "markdown", CCA_CL_MD },
	{ "csv", CCA_CL_CSV },
	{ "yaml", CCA_CL_YAML },
	{ "yml", CCA_CL_YAML },
	{ "json", CCA_CL_JSON },
	{ "html", CCA_CL_HTML },
	{ "pdf", CCA_CL_PDF },
};

/*
 * Parse a checklist format name (text, md or markdown, csv, yaml or yml,
 * json; exact spelling) into *out.  Returns 0, or -1 leaving *out alone
 * when name is NULL or unknown.
 */
int cca_checklist_format_parse(const char *name, enum cca_checklist_format *out)
{
	for (size_t i = 0; name && i < CCA_ARRAY_SIZE(format_names); i++)
		if (strcmp(name, format_names[i].name) == 0) {
			*out = format_names[i].fmt;
			return 0;
		}
	return -1;
}

/*
 * Append the checklist of profile p over the finished catalog cat to out
 * in format fmt (see the top of this file).  On success returns 0 and the
 * appended text ends with a newline.  Returns -1 with CCA_EINTERNAL, out
 * unchanged, only for an unknown fmt or a catalog that breaks its own
 * invariants.
 */
int cca_checklist_render(const struct cca_catalog *cat,
			 const struct cca_profile *p,
			 enum cca_checklist_format fmt, struct cca_buf *out,
			 struct cca_error *err)
{
	struct cl_model m;

	if (!cat || !p || !out)
		return cca_error_set(err, CCA_EINTERNAL, "checklist: no catalog, profile or buffer");
	switch (fmt) {
	case CCA_CL_TEXT:
	case CCA_CL_MD:
	case CCA_CL_CSV:
	case CCA_CL_YAML:
	case CCA_CL_JSON:
	case CCA_CL_HTML:
	case CCA_CL_PDF:
		break;
	default:
		return cca_error_set(err, CCA_EINTERNAL, "checklist: unknown format %d", (int)fmt);
	}
	if (cl_model_build(&m, cat, p, err) < 0) {
		cl_model_release(&m);
		return -1;
	}
	switch (fmt) {
	case CCA_CL_TEXT:
		render_text(out, &m);
		break;
	case CCA_CL_MD:
		render_md(out, &m);
		break;
	case CCA_CL_CSV:
		render_csv(out, &m);
		break;
	case CCA_CL_YAML:
		render_yaml(out, &m);
		break;
	case CCA_CL_JSON:
		render_json(out, &m);
		break;
	case CCA_CL_HTML:
		render_html(out, &m);
		break;
	case CCA_CL_PDF:
		if (cl_render_pdf(&m, out, err) < 0) {
			cl_model_release(&m);
			return -1;
		}
		break;
	}
	cl_model_release(&m);
	return 0;
}
