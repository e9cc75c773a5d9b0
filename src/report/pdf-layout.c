/*
 * pdf-layout.c - the page layout engine of the PDF report (pdf-layout.h):
 * fonts and text measurement, text cleaning for libharu, wrapping, pages
 * with a running header and "n / N" footer, bookmarks, the contents page,
 * tables that break across pages, and serialisation.  The functions
 * without a comment here are documented in pdf-layout.h.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ccaudit/report.h"
#include "pdf-layout.h"

const struct rgb pl_ink = { 0.13f, 0.15f, 0.18f };
const struct rgb pl_muted = { 0.40f, 0.43f, 0.47f };
const struct rgb pl_faint = { 0.62f, 0.65f, 0.69f };
const struct rgb pl_navy = { 0.07f, 0.16f, 0.30f };
const struct rgb pl_accent = { 0.10f, 0.42f, 0.70f };
const struct rgb pl_rule = { 0.82f, 0.84f, 0.87f };
const struct rgb pl_zebra = { 0.955f, 0.962f, 0.972f };
const struct rgb pl_white = { 1.0f, 1.0f, 1.0f };
const struct rgb pl_head = { 0.89f, 0.92f, 0.96f };

#define ELLIPSIS "\xE2\x80\xA6"
#define UNMEASURED 0xFFFFu
#define CELL_PAD_X 4.0
#define CELL_PAD_Y 3.0
#define LEADING 1.28

/* ---- errors --------------------------------------------------------------- */

/*
 * libharu's error handler: record the first error (code, detail) in the
 * document; an end of stream while the output is being read is not one.
 * Never longjmps: libharu functions return after calling it and later
 * calls on a failed document do nothing harmful.
 */
static void on_error(HPDF_STATUS code, HPDF_STATUS detail, void *ctx)
{
	struct pdoc *d = ctx;

	if (d->reading && code == HPDF_STREAM_EOF)
		return;
	if (d->failed)
		return;
	d->failed = true;
	d->code = code;
	d->detail = detail;
}

bool pl_failed(const struct pdoc *d)
{
	return d->failed;
}

/* A few words for the libharu error codes a font can cause ("" for others). */
static const char *hpdf_reason(HPDF_STATUS code)
{
	switch (code) {
	case HPDF_TTF_CANNOT_EMBEDDING_FONT: return " (the font forbids embedding)";
	case HPDF_TTF_INVALID_CMAP: return " (no usable character map)";
	case HPDF_TTF_INVALID_FOMAT: return " (not a TrueType font)";
	case HPDF_TTF_MISSING_TABLE: return " (a required table is missing)";
	case HPDF_FILE_OPEN_ERROR: return " (cannot open the file)";
	case HPDF_FILE_IO_ERROR: return " (read error)";
	default: return "";
	}
}

/* Turn the recorded libharu error into err; returns -1. */
static int hpdf_error(const struct pdoc *d, struct cca_error *err)
{
	if (d->code == HPDF_FILE_OPEN_ERROR || d->code == HPDF_FILE_IO_ERROR ||
	    (d->font_path && d->stage && strcmp(d->stage, "loading fonts") == 0))
		return cca_error_set(err, CCA_EIO,
				     "cannot load font '%s': libharu error 0x%04X%s",
				     d->font_path ? d->font_path : "?", (unsigned)d->code,
				     hpdf_reason(d->code));
	if (d->code == HPDF_FAILD_TO_ALLOC_MEM)
		return cca_error_set(err, CCA_ENOMEM, "out of memory while %s",
				     d->stage ? d->stage : "rendering");
	return cca_error_set(err, CCA_EINTERNAL, "libharu error 0x%04X (detail %u) while %s",
			     (unsigned)d->code, (unsigned)d->detail,
			     d->stage ? d->stage : "rendering");
}

/* ---- text cleaning and measuring ------------------------------------------ */

/*
 * Decode the character at p (n > 0 bytes left) into *cp; returns its
 * length.  Anything but valid UTF-8 (overlong, surrogate, truncated, above
 * U+10FFFF) is one byte long and decodes to U+FFFD.
 */
static size_t decode(const unsigned char *p, size_t n, unsigned long *cp)
{
	unsigned c = p[0], need;
	unsigned long v;

	if (c < 0x80) {
		*cp = c;
		return 1;
	}
	if (c >= 0xC2 && c <= 0xDF) {
		need = 1;
		v = c & 0x1F;
	} else if (c >= 0xE0 && c <= 0xEF) {
		need = 2;
		v = c & 0x0F;
	} else if (c >= 0xF0 && c <= 0xF4) {
		need = 3;
		v = c & 0x07;
	} else {
		*cp = 0xFFFD;
		return 1;
	}
	if (n <= need) {
		*cp = 0xFFFD;
		return 1;
	}
	for (unsigned k = 1; k <= need; k++) {
		if ((p[k] & 0xC0) != 0x80) {
			*cp = 0xFFFD;
			return 1;
		}
		v = (v << 6) | (p[k] & 0x3F);
	}
	if ((need == 2 && v < 0x800) || (need == 3 && v < 0x10000) || v > 0x10FFFF ||
	    (v >= 0xD800 && v <= 0xDFFF)) {
		*cp = 0xFFFD;
		return 1;
	}
	*cp = v;
	return need + 1;
}

/* Encode BMP character cp as UTF-8 into out (3 bytes room); returns its length. */
static size_t encode(unsigned long cp, char *out)
{
	if (cp < 0x80) {
		out[0] = (char)cp;
		return 1;
	}
	if (cp < 0x800) {
		out[0] = (char)(0xC0 | (cp >> 6));
		out[1] = (char)(0x80 | (cp & 0x3F));
		return 2;
	}
	out[0] = (char)(0xE0 | (cp >> 12));
	out[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
	out[2] = (char)(0x80 | (cp & 0x3F));
	return 3;
}

char *pl_clean(const char *s, size_t max, bool newlines)
{
	const unsigned char *p = (const unsigned char *)(s ? s : "");
	size_t n = strlen((const char *)p);
	struct cca_buf b;

	cca_buf_init(&b);
	cca_buf_puts(&b, "");
	for (size_t i = 0; i < n;) {
		unsigned long cp;
		char enc[4];
		size_t k = decode(p + i, n - i, &cp);

		i += k;
		if (cp > 0xFFFF || cp == 0xFFFE)
			cp = 0xFFFD;
		if (cp == '\n' && newlines)
			;
		else if (cp < 0x20 || (cp >= 0x7F && cp < 0xA0) || cp == 0x2028 ||
			 cp == 0x2029)
			cp = ' ';
		k = encode(cp, enc);
		if (b.len + k + sizeof ELLIPSIS > max + 1 && i < n) {
			cca_buf_puts(&b, ELLIPSIS);
			break;
		}
		cca_buf_add(&b, enc, k);
	}
	return cca_buf_detach(&b);
}

/* Advance width of BMP character cp in f, in 1/1000 em (measured once). */
static unsigned char_width(struct pfont *f, unsigned long cp)
{
	if (cp > 0xFFFF)
		cp = 0xFFFD;
	if (f->w[cp] == UNMEASURED) {
		char enc[4];
		size_t k = encode(cp, enc);
		HPDF_TextWidth tw = HPDF_Font_TextWidth(f->f, (const HPDF_BYTE *)enc, (HPDF_UINT)k);

		f->w[cp] = (uint16_t)(tw.width < UNMEASURED ? tw.width : UNMEASURED - 1);
	}
	return f->w[cp];
}

/* Width in 1/1000 em of n bytes of clean text at s. */
static double units(struct pfont *f, const char *s, size_t n)
{
	const unsigned char *p = (const unsigned char *)s;
	double w = 0;

	for (size_t i = 0; i < n;) {
		unsigned long cp;

		i += decode(p + i, n - i, &cp);
		w += char_width(f, cp);
	}
	return w;
}

double pl_width(struct pdoc *d, struct pfont *f, double size, const char *s)
{
	char *c = pl_clean(s, PL_TEXT_MAX, false);
	double w = units(f, c, strlen(c)) * size / 1000.0;

	(void)d;
	free(c);
	return w;
}

/* ---- wrapping --------------------------------------------------------------- */

/* Append a copy of n bytes at s to l as one line. */
static void lines_push(struct pl_lines *l, const char *s, size_t n)
{
	if (l->n == l->cap) {
		l->cap = l->cap ? 2 * l->cap : 8;
		l->v = cca_xreallocarray(l->v, l->cap, sizeof *l->v);
	}
	l->v[l->n++] = cca_xstrndup(s, n);
}

void pl_lines_release(struct pl_lines *l)
{
	for (size_t i = 0; i < l->n; i++)
		free(l->v[i]);
	free(l->v);
	l->v = NULL;
	l->n = l->cap = 0;
}

/* Characters after which an over-long word may break. */
static bool break_after(unsigned long cp)
{
	return cp == '/' || cp == '-' || cp == '_' || cp == '.' || cp == ':' || cp == ',' ||
	       cp == ';' || cp == '=' || cp == '&' || cp == '?' || cp == '|' || cp == '\\' ||
	       cp == '+' || cp == '@';
}

/* Replace the last line of l by a copy that ends in an ellipsis and fits limit units. */
static void ellipsize_last(struct pfont *f, struct pl_lines *l, double limit)
{
	char *line = l->v[l->n - 1];
	size_t n = strlen(line);
	double ell = units(f, ELLIPSIS, strlen(ELLIPSIS));

	while (n > 0 && (units(f, line, n) + ell > limit || line[n - 1] == ' ')) {
		n--;
		while (n > 0 && ((unsigned char)line[n] & 0xC0) == 0x80)
			n--;
	}
	l->v[l->n - 1] = cca_xasprintf("%.*s%s", (int)n, line, ELLIPSIS);
	free(line);
}

void pl_wrap(struct pdoc *d, struct pfont *f, double size, const char *s,
	     double width, unsigned maxlines, struct pl_lines *out)
{
	char *c = pl_clean(s, PL_TEXT_MAX, true);
	const unsigned char *p = (const unsigned char *)c;
	size_t len = strlen(c), pos = 0, first = out->n;
	double limit = width * 1000.0 / size;

	(void)d;
	while (pos < len && c[pos] == ' ')
		pos++;
	while (pos < len) {
		size_t i = pos, sp = 0, pb = 0, end, next;
		double w = 0;
		bool hard = false;

		if (maxlines && out->n - first == maxlines) {
			ellipsize_last(f, out, limit);
			break;
		}
		while (i < len) {
			unsigned long cp;
			size_t k;

			if (c[i] == '\n') {
				hard = true;
				break;
			}
			k = decode(p + i, len - i, &cp);
			if (w + char_width(f, cp) > limit && i > pos)
				break;
			w += char_width(f, cp);
			if (cp == ' ')
				sp = i;
			i += k;
			if (break_after(cp))
				pb = i;
		}
		if (i >= len || hard) {
			end = i;
			next = hard ? i + 1 : i;
		} else if (c[i] == ' ') {
			end = i;
			next = i + 1;
		} else if (sp > pos) {
			end = sp;
			next = sp + 1;
		} else if (pb > pos && pb < i) {
			end = next = pb;
		} else {
			end = next = i;
		}
		while (end > pos && c[end - 1] == ' ')
			end--;
		lines_push(out, c + pos, end - pos);
		pos = next;
		while (pos < len && c[pos] == ' ')
			pos++;
	}
	free(c);
}

/* ---- drawing primitives ----------------------------------------------------- */

/* Draw clean text s at (x, y) in f/size/colour c. */
static void draw(struct pdoc *d, struct pfont *f, double size, const struct rgb *c,
		 double x, double y, const char *s)
{
	if (!d->page || !*s)
		return;
	HPDF_Page_BeginText(d->page);
	HPDF_Page_SetFontAndSize(d->page, f->f, (HPDF_REAL)size);
	HPDF_Page_SetRGBFill(d->page, c->r, c->g, c->b);
	HPDF_Page_TextOut(d->page, (HPDF_REAL)x, (HPDF_REAL)y, s);
	HPDF_Page_EndText(d->page);
}

double pl_text(struct pdoc *d, struct pfont *f, double size, const struct rgb *c,
	       double x, double y, double width, bool right, const char *s)
{
	struct pl_lines l = { 0 };
	double w;

	if (width > 0) {
		pl_wrap(d, f, size, s, width, 1, &l);
		/* one line of the wrapped text; the rest (if any) ellipsized */
		if (l.n == 0) {
			pl_lines_release(&l);
			return 0;
		}
	} else {
		lines_push(&l, "", 0);
		free(l.v[0]);
		l.v[0] = pl_clean(s, PL_TEXT_MAX, false);
	}
	w = units(f, l.v[0], strlen(l.v[0])) * size / 1000.0;
	draw(d, f, size, c, right ? x - w : x, y, l.v[0]);
	pl_lines_release(&l);
	return w;
}

void pl_rect(struct pdoc *d, double x, double y, double w, double h, const struct rgb *c)
{
	if (!d->page || w <= 0 || h <= 0)
		return;
	HPDF_Page_SetRGBFill(d->page, c->r, c->g, c->b);
	HPDF_Page_Rectangle(d->page, (HPDF_REAL)x, (HPDF_REAL)y, (HPDF_REAL)w, (HPDF_REAL)h);
	HPDF_Page_Fill(d->page);
}

void pl_line(struct pdoc *d, double x1, double y1, double x2, double y2, double lw,
	     const struct rgb *c)
{
	if (!d->page)
		return;
	HPDF_Page_SetLineWidth(d->page, (HPDF_REAL)lw);
	HPDF_Page_SetRGBStroke(d->page, c->r, c->g, c->b);
	HPDF_Page_MoveTo(d->page, (HPDF_REAL)x1, (HPDF_REAL)y1);
	HPDF_Page_LineTo(d->page, (HPDF_REAL)x2, (HPDF_REAL)y2);
	HPDF_Page_Stroke(d->page);
}

void pl_stacked_bar(struct pdoc *d, double x, double y, double w, double h,
		    const double *vals, const struct rgb *const *cols, size_t n)
{
	double total = 0, at = x;

	for (size_t i = 0; i < n; i++)
		total += vals[i];
	pl_rect(d, x, y, w, h, &pl_zebra);
	if (total <= 0)
		return;
	for (size_t i = 0; i < n; i++) {
		double sw = w * vals[i] / total;

		pl_rect(d, at, y, sw, h, cols[i]);
		at += sw;
	}
}

/* ---- pages -------------------------------------------------------------------- */

/* The running header of a content page: left and right texts over a rule. */
static void header(struct pdoc *d)
{
	double y = PL_PAGE_H - PL_MARGIN_Y - 12;

	pl_text(d, &d->regular, 7.5, &pl_muted, PL_LEFT, y, PL_WIDTH * 0.62, false,
		d->head_left);
	pl_text(d, &d->regular, 7.5, &pl_muted, PL_RIGHT, y, PL_WIDTH * 0.35, true,
		d->head_right);
	pl_line(d, PL_LEFT, y - 6, PL_RIGHT, y - 6, 0.5, &pl_rule);
}

void pl_new_page(struct pdoc *d)
{
	HPDF_Page p;

	if (d->failed && d->page)
		return;  /* keep drawing (harmlessly) on the last page */
	p = HPDF_AddPage(d->pdf);
	if (d->npages == d->cap) {
		d->cap = d->cap ? 2 * d->cap : 16;
		d->pages = cca_xreallocarray(d->pages, d->cap, sizeof *d->pages);
	}
	d->pages[d->npages++] = p;
	if (p)
		HPDF_Page_SetSize(p, HPDF_PAGE_SIZE_A4, HPDF_PAGE_PORTRAIT);
	d->page = p;
	d->y = PL_TOP;
	if (d->chrome)
		header(d);
}

void pl_ensure(struct pdoc *d, double h)
{
	if (!d->page || d->y - h < PL_BOTTOM)
		pl_new_page(d);
}

void pl_space(struct pdoc *d, double h)
{
	d->y -= h;
	if (d->y < PL_BOTTOM)
		d->y = PL_BOTTOM;
}

void pl_paragraph(struct pdoc *d, struct pfont *f, double size, const struct rgb *c,
		  double indent, const char *s)
{
	struct pl_lines l = { 0 };
	double lead = size * LEADING;

	pl_wrap(d, f, size, s, PL_WIDTH - indent, 0, &l);
	for (size_t i = 0; i < l.n; i++) {
		pl_ensure(d, lead);
		draw(d, f, size, c, PL_LEFT + indent, d->y - size * 0.95, l.v[i]);
		d->y -= lead;
	}
	pl_lines_release(&l);
}

void pl_labelled(struct pdoc *d, double size, const char *label, const char *s)
{
	struct pl_lines l = { 0 };
	double lead = size * LEADING, lw = pl_width(d, &d->bold, size, label) + 6;

	if (lw < 70)
		lw = 70;  /* labels line up */
	if (lw > PL_WIDTH / 3)
		lw = PL_WIDTH / 3;
	pl_wrap(d, &d->regular, size, s, PL_WIDTH - lw, 0, &l);
	pl_ensure(d, lead);
	pl_text(d, &d->bold, size, &pl_ink, PL_LEFT, d->y - size * 0.95, lw, false, label);
	for (size_t i = 0; i < l.n; i++) {
		pl_ensure(d, lead);
		draw(d, &d->regular, size, &pl_ink, PL_LEFT + lw, d->y - size * 0.95, l.v[i]);
		d->y -= lead;
	}
	if (!l.n)
		d->y -= lead;
	pl_lines_release(&l);
}

/* ---- bookmarks, headings and contents ------------------------------------------- */

/* A bookmark at the cursor at level, a child of the nearest bookmark above it. */
static void bookmark(struct pdoc *d, int level, const char *title)
{
	char *c = pl_clean(title, 200, false);
	HPDF_Outline parent = NULL, o;

	for (int l = level - 1; l >= 0 && !parent; l--)
		parent = d->outline[l];
	/* a NULL parent is the outline root */
	o = HPDF_CreateOutline(d->pdf, parent, c, d->enc);
	free(c);
	if (o && d->page) {
		HPDF_Destination dst = HPDF_Page_CreateDestination(d->page);

		if (dst)
			HPDF_Destination_SetFitH(dst, (HPDF_REAL)(d->y + 30 < PL_PAGE_H ? d->y + 30 : PL_PAGE_H));
		HPDF_Outline_SetDestination(o, dst);
		HPDF_Outline_SetOpened(o, level == 0 ? HPDF_TRUE : HPDF_FALSE);
	}
	for (int l = level; l < PL_LEVELS; l++)
		d->outline[l] = NULL;
	d->outline[level] = o;
}

void pl_section(struct pdoc *d, int level, const char *title, bool toc)
{
	if (level < 0 || level >= PL_LEVELS)
		level = PL_LEVELS - 1;
	if (level == 0)
		pl_new_page(d);
	else if (level == 1)
		pl_ensure(d, 90);
	if (level == 1 && d->y < PL_TOP - 1)
		pl_space(d, 8);
	bookmark(d, level, title);
	if (toc && d->ntoc < PL_TOC_MAX && d->npages) {
		struct pl_toc *e = &d->toc[d->ntoc++];

		e->title = pl_clean(title, 200, false);
		e->level = level;
		e->page = d->npages - 1;
		e->y = d->y;
	}
	if (level == 0) {
		struct pl_lines l = { 0 };

		pl_wrap(d, &d->bold, 18, title, PL_WIDTH, 3, &l);
		for (size_t i = 0; i < l.n; i++) {
			pl_text(d, &d->bold, 18, &pl_navy, PL_LEFT, d->y - 18, 0, false, l.v[i]);
			if (i + 1 < l.n)
				d->y -= 23;
		}
		pl_lines_release(&l);
		pl_line(d, PL_LEFT, d->y - 26, PL_LEFT + 60, d->y - 26, 2.0, &pl_accent);
		d->y -= 40;
	} else if (level == 1) {
		pl_text(d, &d->bold, 13, &pl_navy, PL_LEFT, d->y - 13, PL_WIDTH, false, title);
		d->y -= 24;
	}
}

void pl_contents_page(struct pdoc *d)
{
	pl_new_page(d);
	d->toc_page = (long)d->npages - 1;
	bookmark(d, 0, "Contents");
}

/* Draw the contents page: an entry per recorded heading, linked to it. */
static void draw_contents(struct pdoc *d)
{
	HPDF_Page saved = d->page;
	double y = PL_TOP;

	if (d->toc_page < 0 || (size_t)d->toc_page >= d->npages)
		return;
	d->page = d->pages[d->toc_page];
	pl_text(d, &d->bold, 18, &pl_navy, PL_LEFT, y - 18, PL_WIDTH, false, "Contents");
	pl_line(d, PL_LEFT, y - 26, PL_LEFT + 60, y - 26, 2.0, &pl_accent);
	y -= 52;
	for (size_t i = 0; i < d->ntoc && y > PL_BOTTOM + 20; i++) {
		const struct pl_toc *e = &d->toc[i];
		struct pfont *f = e->level == 0 ? &d->bold : &d->regular;
		double size = e->level == 0 ? 11 : 10, indent = e->level * 18.0;
		char num[32];
		double tw, nw;

		if (e->level == 0 && i > 0)
			y -= 6;
		snprintf(num, sizeof num, "%zu", e->page + 1);
		nw = pl_text(d, f, size, &pl_ink, PL_RIGHT, y - size, 0, true, num);
		tw = pl_text(d, f, size, &pl_ink, PL_LEFT + indent, y - size,
			     PL_WIDTH - indent - nw - 30, false, e->title);
		if (d->page && PL_LEFT + indent + tw + 6 < PL_RIGHT - nw - 6) {
			HPDF_UINT16 dash[] = { 1, 3 };

			HPDF_Page_SetDash(d->page, dash, 2, 0);
			pl_line(d, PL_LEFT + indent + tw + 6, y - size, PL_RIGHT - nw - 6, y - size,
				0.7, &pl_faint);
			HPDF_Page_SetDash(d->page, NULL, 0, 0);
		}
		if (d->page && e->page < d->npages && d->pages[e->page]) {
			HPDF_Destination dst = HPDF_Page_CreateDestination(d->pages[e->page]);
			HPDF_Rect rect = { (HPDF_REAL)(PL_LEFT + indent), (HPDF_REAL)(y - size - 4),
					   (HPDF_REAL)PL_RIGHT, (HPDF_REAL)(y + 2) };
			HPDF_Annotation a;

			if (dst) {
				HPDF_Destination_SetFitH(dst, (HPDF_REAL)(e->y + 30 < PL_PAGE_H
									  ? e->y + 30 : PL_PAGE_H));
				a = HPDF_Page_CreateLinkAnnot(d->page, rect, dst);
				if (a)
					HPDF_LinkAnnot_SetBorderStyle(a, 0, 0, 0);
			}
		}
		y -= size * 1.9;
	}
	d->page = saved;
}

/* The footer of every page but the first: left text and "n / N". */
static void footers(struct pdoc *d)
{
	HPDF_Page saved = d->page;
	double y = PL_MARGIN_Y + 6;

	for (size_t i = 1; i < d->npages; i++) {
		char num[48];

		d->page = d->pages[i];
		snprintf(num, sizeof num, "%zu / %zu", i + 1, d->npages);
		pl_line(d, PL_LEFT, y + 12, PL_RIGHT, y + 12, 0.5, &pl_rule);
		pl_text(d, &d->regular, 7.5, &pl_muted, PL_LEFT, y, PL_WIDTH * 0.75, false,
			d->foot_left);
		pl_text(d, &d->bold, 7.5, &pl_muted, PL_RIGHT, y, 0, true, num);
	}
	d->page = saved;
}

/* ---- tables ----------------------------------------------------------------------- */

/* Draw t's header row at the cursor and restart the zebra striping. */
static void table_header(struct pdoc *d, struct pl_table *t)
{
	double h = t->size * LEADING + 2 * CELL_PAD_Y, x = PL_LEFT;

	pl_rect(d, PL_LEFT, d->y - h, PL_WIDTH, h, &pl_navy);
	for (size_t i = 0; i < t->ncols; i++) {
		const struct pl_col *c = &t->cols[i];
		double w = c->width - 2 * CELL_PAD_X;

		pl_text(d, &d->bold, t->size, &pl_white,
			c->right ? x + c->width - CELL_PAD_X : x + CELL_PAD_X,
			d->y - CELL_PAD_Y - t->size * 0.95, w, c->right, c->title);
		x += c->width;
	}
	d->y -= h;
	t->rows = 0;
}

void pl_table_begin(struct pdoc *d, struct pl_table *t)
{
	pl_ensure(d, 3 * t->size * LEADING + 4 * CELL_PAD_Y);
	table_header(d, t);
}

void pl_table_group(struct pdoc *d, struct pl_table *t, const char *title)
{
	double h = t->size * LEADING + 2 * CELL_PAD_Y;

	if (d->y - 3 * h < PL_BOTTOM) {
		pl_new_page(d);
		table_header(d, t);
	}
	pl_rect(d, PL_LEFT, d->y - h, PL_WIDTH, h, &pl_head);
	pl_text(d, &d->bold, t->size, &pl_navy, PL_LEFT + CELL_PAD_X,
		d->y - CELL_PAD_Y - t->size * 0.95, PL_WIDTH - 2 * CELL_PAD_X, false, title);
	d->y -= h;
	t->rows = 0;
}

void pl_table_row(struct pdoc *d, struct pl_table *t, const struct pl_cell *cells)
{
	struct pl_lines *main = cca_xcalloc(t->ncols, sizeof *main);
	struct pl_lines *sub = cca_xcalloc(t->ncols, sizeof *sub);
	double lead = t->size * LEADING, ssize = t->size - 1, slead = ssize * LEADING;
	double h = 0, x = PL_LEFT;
	unsigned maxl = t->maxlines ? t->maxlines : 12;

	for (size_t i = 0; i < t->ncols; i++) {
		double w = t->cols[i].width - 2 * CELL_PAD_X, ch;

		if (cells[i].text && *cells[i].text)
			pl_wrap(d, cells[i].bold ? &d->bold : &d->regular, t->size,
				cells[i].text, w, maxl, &main[i]);
		if (cells[i].sub && *cells[i].sub)
			pl_wrap(d, &d->regular, ssize, cells[i].sub, w, maxl, &sub[i]);
		ch = (double)main[i].n * lead + (double)sub[i].n * slead;
		if (ch > h)
			h = ch;
	}
	if (h < lead)
		h = lead;
	h += 2 * CELL_PAD_Y;
	if (d->y - h < PL_BOTTOM) {
		pl_new_page(d);
		table_header(d, t);
	}
	if (t->rows % 2 == 1)
		pl_rect(d, PL_LEFT, d->y - h, PL_WIDTH, h, &pl_zebra);
	for (size_t i = 0; i < t->ncols; i++) {
		const struct pl_col *c = &t->cols[i];
		struct pfont *f = cells[i].bold ? &d->bold : &d->regular;
		double y = d->y - CELL_PAD_Y;
		double tx = c->right ? x + c->width - CELL_PAD_X : x + CELL_PAD_X;

		for (size_t k = 0; k < main[i].n; k++) {
			pl_text(d, f, t->size, cells[i].color ? cells[i].color : &pl_ink, tx,
				y - t->size * 0.95, 0, c->right, main[i].v[k]);
			y -= lead;
		}
		for (size_t k = 0; k < sub[i].n; k++) {
			pl_text(d, &d->regular, ssize, &pl_muted, tx, y - ssize * 0.95, 0,
				c->right, sub[i].v[k]);
			y -= slead;
		}
		pl_lines_release(&main[i]);
		pl_lines_release(&sub[i]);
		x += c->width;
	}
	pl_line(d, PL_LEFT, d->y - h, PL_RIGHT, d->y - h, 0.4, &pl_rule);
	d->y -= h;
	t->rows++;
	free(main);
	free(sub);
}

void pl_table_end(struct pdoc *d, struct pl_table *t)
{
	(void)t;
	pl_space(d, 14);
}

/* ---- the document ------------------------------------------------------------------ */

/* Big-endian integers of a font file. */
static uint32_t be32(const unsigned char *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static unsigned be16(const unsigned char *p)
{
	return (unsigned)p[0] << 8 | p[1];
}

/*
 * Check that the file at path is a TrueType font whose table directory
 * lies inside the file and holds the tables libharu reads, before libharu
 * sees it: libharu 2.3.0 reads a truncated or garbage font past its
 * buffers and crashes.  CCA_EIO naming path when it is not.
 */
static int check_ttf(const char *path, struct cca_error *err)
{
	static const char *const need[] = {
		"cmap", "glyf", "head", "hhea", "hmtx", "loca", "maxp", "name", "post"
	};
	unsigned char *p;
	char *data;
	size_t len;
	unsigned ntables, found = 0;
	const char *why = NULL;

	FILE *fp = fopen(path, "rb");

	if (!fp)
		return cca_error_set(err, CCA_EIO, "cannot read font '%s': %s", path,
				     strerror(errno));
	fclose(fp);
	if (cca_file_read(path, PL_FONT_MAX, &data, &len, err) < 0) {
		if (err)
			err->code = CCA_EIO;  /* an over-sized font is an unusable data file */
		return cca_error_prefix(err, "font: ");
	}
	p = (unsigned char *)data;
	if (len < 12 || (be32(p) != 0x00010000u && be32(p) != 0x74727565u /* "true" */))
		why = "not a TrueType font";
	else if ((ntables = be16(p + 4)) == 0 || 12 + 16 * (size_t)ntables > len)
		why = "truncated table directory";
	for (unsigned i = 0; !why && i < ntables; i++) {
		const unsigned char *t = p + 12 + 16 * (size_t)i;
		uint32_t off = be32(t + 8), tlen = be32(t + 12);

		if (off > len || tlen > len - off) {
			why = "a table lies outside the file";
			break;
		}
		for (size_t k = 0; k < CCA_ARRAY_SIZE(need); k++)
			if (memcmp(t, need[k], 4) == 0)
				found |= 1u << k;
	}
	if (!why && found != (1u << CCA_ARRAY_SIZE(need)) - 1)
		why = "a required table is missing";
	free(data);
	if (why)
		return cca_error_set(err, CCA_EIO, "cannot load font '%s': %s", path, why);
	return 0;
}

/* Load font file name from dir into f; CCA_EIO naming the path when unreadable. */
static int load_font(struct pdoc *d, const char *dir, const char *name, struct pfont *f,
		     struct cca_error *err)
{
	const char *fname;

	free(d->font_path);
	d->font_path = cca_xasprintf("%s/%s", dir, name);
	if (check_ttf(d->font_path, err) < 0)
		return -1;
	fname = HPDF_LoadTTFontFromFile(d->pdf, d->font_path, HPDF_TRUE);
	if (d->failed || !fname)
		return d->failed ? hpdf_error(d, err)
				 : cca_error_set(err, CCA_EIO, "cannot load font '%s'", d->font_path);
	f->f = HPDF_GetFont(d->pdf, fname, "UTF-8");
	if (d->failed || !f->f)
		return d->failed ? hpdf_error(d, err)
				 : cca_error_set(err, CCA_EIO, "cannot load font '%s'", d->font_path);
	f->w = cca_xmalloc(0x10000 * sizeof *f->w);
	memset(f->w, 0xFF, 0x10000 * sizeof *f->w);
	return 0;
}

int pl_open(struct pdoc *d, const char *font_dir, struct cca_error *err)
{
	memset(d, 0, sizeof *d);
	d->toc_page = -1;
	d->stage = "starting the document";
	d->pdf = HPDF_New(on_error, d);
	if (!d->pdf)
		return cca_error_set(err, CCA_ENOMEM, "cannot start a document");
	HPDF_SetCompressionMode(d->pdf, HPDF_COMP_ALL);
	HPDF_UseUTFEncodings(d->pdf);
	HPDF_SetCurrentEncoder(d->pdf, "UTF-8");
	d->enc = HPDF_GetEncoder(d->pdf, "UTF-8");
	if (d->failed || !d->enc) {
		int rc = d->failed ? hpdf_error(d, err)
				   : cca_error_set(err, CCA_EINTERNAL, "libharu has no UTF-8 encoder");

		pl_close(d);
		return rc;
	}
	d->stage = "loading fonts";
	if (load_font(d, font_dir, "DejaVuSans.ttf", &d->regular, err) < 0 ||
	    load_font(d, font_dir, "DejaVuSans-Bold.ttf", &d->bold, err) < 0) {
		pl_close(d);
		return -1;
	}
	d->stage = "laying out pages";
	HPDF_SetPageMode(d->pdf, HPDF_PAGE_MODE_USE_OUTLINE);
	return 0;
}

void pl_close(struct pdoc *d)
{
	if (d->pdf)
		HPDF_Free(d->pdf);
	d->pdf = NULL;
	free(d->regular.w);
	free(d->bold.w);
	free(d->pages);
	free(d->head_left);
	free(d->head_right);
	free(d->foot_left);
	free(d->font_path);
	for (size_t i = 0; i < d->ntoc; i++)
		free(d->toc[i].title);
	memset(d, 0, sizeof *d);
	d->toc_page = -1;
}

int pl_finish(struct pdoc *d, struct cca_buf *out, struct cca_error *err)
{
	HPDF_BYTE buf[16384];
	HPDF_UINT32 size, total = 0;

	if (d->failed)
		return hpdf_error(d, err);
	d->stage = "numbering pages";
	draw_contents(d);
	footers(d);
	if (d->failed)
		return hpdf_error(d, err);
	d->stage = "writing the document";
	if (HPDF_SaveToStream(d->pdf) != HPDF_OK || d->failed)
		return d->failed ? hpdf_error(d, err)
				 : cca_error_set(err, CCA_EINTERNAL, "cannot write the document");
	size = HPDF_GetStreamSize(d->pdf);
	HPDF_ResetStream(d->pdf);
	d->reading = true;
	while (total < size) {
		HPDF_UINT32 n = sizeof buf;
		HPDF_STATUS st = HPDF_ReadFromStream(d->pdf, buf, &n);

		if (n == 0 || n > sizeof buf)
			break;
		cca_buf_add(out, buf, n);
		total += n;
		if (st != HPDF_OK)
			break;
	}
	d->reading = false;
	if (d->failed)
		return hpdf_error(d, err);
	if (total != size)
		return cca_error_set(err, CCA_EINTERNAL,
				     "read %u of %u bytes of the document", (unsigned)total,
				     (unsigned)size);
	return 0;
}
