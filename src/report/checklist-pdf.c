/*
 * checklist-pdf.c - a checklist as a printable PDF form: per framework a
 * table grouped by chapter, with a box, the requirement, its roles and
 * levels, its rules (automated or to attest) and room for the answer.
 * Drawn with the report's PDF layout engine (pdf-layout.h), so text is
 * sanitised, wrapped and kept inside the margins the same way.
 */
#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "checklist-model.h"
#include "pdf-layout.h"

/* Total column width: PL_WIDTH (495.276 pt). */
static const struct pl_col cols[6] = {
	{ "", 16, false }, { "Ref", 32, false }, { "Requirement", 178.276, false },
	{ "Roles / levels", 76, false }, { "Rules", 105, false }, { "Answer", 88, false },
};

static void header(struct pdoc *d, const struct cl_model *m)
{
	struct cca_buf b;

	cca_buf_init(&b);
	cl_put_title(&b, m);
	pl_section(d, 0, cca_buf_str(&b), false);
	cca_buf_reset(&b);
	cca_buf_printf(&b, "Profile %s; roles: ", cca_profile_name(m->p));
	cl_put_role_filter(&b, m->roles);
	cca_buf_printf(&b, "; catalog %s; %zu controls, %zu rules (%zu automated, %zu to attest).",
		       cca_catalog_version(m->cat), m->nitems, m->nrules, m->nautomated,
		       m->nmanual);
	pl_paragraph(d, &d->regular, 9, &pl_muted, 0, cca_buf_str(&b));
	pl_space(d, 4);
	pl_paragraph(d, &d->regular, 9, &pl_ink, 0,
		     "Tick each item when it holds. For items to attest, write the answer "
		     "(pass, fail or not applicable), who answers and the date; automated "
		     "items are decided by ccaudit from the evidence.");
	pl_space(d, 8);
	cca_buf_release(&b);
}

/* The "Rules" cell of an item: each rule id with its kind and severity. */
static void rules_cell(const struct cl_model *m, const struct cl_item *it, struct cca_buf *b)
{
	for (size_t k = 0; k < it->nrules; k++) {
		const struct cca_rule *r = cca_catalog_rule(m->cat, it->rules[k]);

		cca_buf_printf(b, "%s%s (%s, %s)", k ? "\n" : "", r->id,
			       cl_is_attestation(r) ? "attest" : "automated",
			       cca_severity_name(cca_profile_severity(m->p, it->rules[k])));
	}
}

static void framework(struct pdoc *d, const struct cl_model *m, size_t fi)
{
	const struct cca_framework *fw = cca_catalog_framework(m->cat, fi);
	struct pl_table t = { cols, 6, 7.5, 10, 0 };
	size_t group = (size_t)-1;
	struct cca_buf rl, rules, g;

	if (!m->fw_count[fi])
		return;
	pl_section(d, 1, fw->title, false);
	cca_buf_init(&rl);
	cca_buf_init(&rules);
	cca_buf_init(&g);
	pl_table_begin(d, &t);
	for (size_t i = m->fw_first[fi]; i < m->fw_first[fi] + m->fw_count[fi] && !pl_failed(d); i++) {
		const struct cl_item *it = &m->items[i];
		const struct cca_control *c = cl_item_control(m, it);
		struct pl_cell cell[6];

		if (c->group != group) {
			group = c->group;
			cca_buf_reset(&g);
			cca_buf_printf(&g, "%s  %s", fw->groups[group].id, fw->groups[group].title);
			pl_table_group(d, &t, cca_buf_str(&g));
		}
		cca_buf_reset(&rl);
		cl_put_role_titles(&rl, c->roles);
		if (c->levels) {
			cca_buf_putc(&rl, '\n');
			cl_put_level_flags(&rl, c->levels);
		}
		cca_buf_reset(&rules);
		rules_cell(m, it, &rules);
		memset(cell, 0, sizeof cell);
		cell[0].text = "\xE2\x98\x90";      /* U+2610 BALLOT BOX */
		cell[1].text = c->ref;
		cell[1].bold = true;
		cell[2].text = c->title;
		cell[3].text = cca_buf_str(&rl);
		cell[4].text = cca_buf_str(&rules);
		cell[5].text = "pass / fail / n.a.\nby:\ndate:";
		cell[5].color = &pl_muted;
		pl_table_row(d, &t, cell);
	}
	pl_table_end(d, &t);
	cca_buf_release(&rl);
	cca_buf_release(&rules);
	cca_buf_release(&g);
}

int cl_render_pdf(const struct cl_model *m, struct cca_buf *out, struct cca_error *err)
{
	const char *font_dir = getenv("CCAUDIT_FONT_DIR");
	struct cca_buf b;
	struct pdoc d;
	int rc;

	if (!font_dir || !*font_dir)
		font_dir = CCA_FONT_DIR;
	if (pl_open(&d, font_dir, err) < 0)
		return cca_error_prefix(err, "cannot render the pdf checklist: ");
	cca_buf_init(&b);
	cl_put_title(&b, m);
	HPDF_SetInfoAttr(d.pdf, HPDF_INFO_TITLE, cca_buf_str(&b));
	HPDF_SetInfoAttr(d.pdf, HPDF_INFO_CREATOR, PACKAGE_NAME " " PACKAGE_VERSION);
	d.head_left = cca_buf_detach(&b);
	d.head_right = cca_xasprintf("profile %s", cca_profile_name(m->p));
	d.foot_left = cca_xasprintf("%s %s \xC2\xB7 catalog %s", PACKAGE_NAME, PACKAGE_VERSION,
				    cca_catalog_version(m->cat));
	d.chrome = true;
	header(&d, m);
	for (size_t fi = 0; fi < cca_catalog_nframeworks(m->cat); fi++)
		framework(&d, m, fi);
	rc = pl_finish(&d, out, err);
	pl_close(&d);
	if (rc < 0)
		return cca_error_prefix(err, "cannot render the pdf checklist: ");
	return 0;
}
