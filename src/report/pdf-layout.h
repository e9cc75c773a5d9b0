/*
 * pdf-layout.h - the page layout engine behind the PDF report (pdf.c):
 * an A4 document on libharu with an embedded DejaVu Sans (regular and
 * bold, UTF-8), a flowing cursor, wrapped paragraphs, tables that repeat
 * their header and break across pages, bookmarks, a contents page, and
 * "n / N" page numbers drawn once the page count is known.
 *
 * Every string handed to a pl_* function may be any bytes: it is cleaned
 * (pl_clean) before libharu sees it, because libharu silently drops
 * characters above U+FFFF and invalid UTF-8, and a truncated sequence eats
 * the character after it.
 *
 * Errors: libharu reports through the error handler installed by pl_open;
 * the first error is recorded and every later call becomes harmless, so
 * drawing code never checks; pl_finish turns the recorded error into
 * CCA_EIO or CCA_EINTERNAL.  Only pdf.c and pdf-layout.c include hpdf.h.
 */
#ifndef CCAUDIT_PDF_LAYOUT_H
#define CCAUDIT_PDF_LAYOUT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ccaudit/pdflib.h"

#include "ccaudit/util.h"

/* A4 portrait, in points. */
#define PL_PAGE_W 595.276
#define PL_PAGE_H 841.89
/* Nothing is drawn outside these margins (tests check every word). */
#define PL_MARGIN_X 50.0
#define PL_MARGIN_Y 40.0
/* The flowing content sits between the running header and footer. */
#define PL_TOP (PL_PAGE_H - 76.0)
#define PL_BOTTOM 70.0
#define PL_LEFT PL_MARGIN_X
#define PL_RIGHT (PL_PAGE_W - PL_MARGIN_X)
#define PL_WIDTH (PL_RIGHT - PL_LEFT)

/* Longest cleaned string drawn (bytes); longer text ends in an ellipsis. */
#define PL_TEXT_MAX 4000
/* Font files larger than this are refused (DejaVu Sans is about 0.7 MB). */
#define PL_FONT_MAX (32u * 1024 * 1024)
/* Entries of the contents page (it is one page). */
#define PL_TOC_MAX 24
/* Outline depth: sections, subsections, items. */
#define PL_LEVELS 3

struct rgb {
	float r, g, b;
};

extern const struct rgb pl_ink, pl_muted, pl_faint, pl_navy, pl_accent,
	pl_rule, pl_zebra, pl_white, pl_head;

/* A loaded font and a cache of its advance widths (1/1000 em) per BMP
 * character; 0xFFFF means "not measured yet". */
struct pfont {
	HPDF_Font f;
	uint16_t *w;
};

struct pl_toc {
	char *title;
	int level;
	size_t page;   /* index into pages */
	double y;
};

struct pdoc {
	HPDF_Doc pdf;
	HPDF_Encoder enc;
	struct pfont regular, bold;
	HPDF_Page page;          /* the page being drawn; NULL before the first */
	HPDF_Page *pages;
	size_t npages, cap;
	double y;                /* top of the next block on page */
	bool chrome;             /* draw the running header on new pages */
	char *head_left, *head_right, *foot_left;
	/* the first libharu error, recorded by the handler */
	bool failed, reading;
	HPDF_STATUS code, detail;
	const char *stage;
	char *font_path;         /* the font being loaded, for messages */
	/* bookmarks and the contents page */
	HPDF_Outline outline[PL_LEVELS];
	struct pl_toc toc[PL_TOC_MAX];
	size_t ntoc;
	long toc_page;           /* index of the contents page, or -1 */
};

/* A table column: heading, width in points, right-aligned or not. */
struct pl_col {
	const char *title;
	double width;
	bool right;
};

/* A table cell: main text (may be NULL), an optional second text drawn
 * smaller and muted below it, the colour of the main text (NULL: ink) and
 * whether it is bold. */
struct pl_cell {
	const char *text;
	const char *sub;
	const struct rgb *color;
	bool bold;
};

struct pl_table {
	const struct pl_col *cols;
	size_t ncols;
	double size;             /* font size of the body */
	unsigned maxlines;       /* per cell and text; 0: 12 */
	size_t rows;             /* rows drawn so far (zebra striping) */
};

/* Lines of wrapped text, each a NUL-terminated heap string. */
struct pl_lines {
	char **v;
	size_t n, cap;
};

/*
 * Start a document: libharu with an error handler recording into d, UTF-8,
 * compression, and DejaVuSans.ttf / DejaVuSans-Bold.ttf from font_dir
 * embedded.  A font that cannot be read fails with CCA_EIO naming its
 * path; any other libharu failure with CCA_EINTERNAL.  On failure d is
 * already released.
 */
int pl_open(struct pdoc *d, const char *font_dir, struct cca_error *err);
/* Release everything pl_open and drawing allocated; safe after failure. */
void pl_close(struct pdoc *d);
/*
 * Draw the contents page and every page footer ("left text ... n / N"),
 * serialise the document and append it to out.  Returns 0, or -1 with the
 * first libharu error recorded anywhere (CCA_EIO / CCA_EINTERNAL).
 */
int pl_finish(struct pdoc *d, struct cca_buf *out, struct cca_error *err);
/* Whether libharu reported an error so far (drawing may stop early). */
bool pl_failed(const struct pdoc *d);

/*
 * A copy of s (NULL: "") that libharu draws faithfully: valid UTF-8 of BMP
 * characters only.  Each invalid byte and each character above U+FFFF
 * becomes U+FFFD, control characters become spaces (newlines are kept when
 * newlines is true), and text beyond max bytes is cut at a character
 * boundary and ends in an ellipsis.  The caller frees the result.
 */
char *pl_clean(const char *s, size_t max, bool newlines);

/* Width in points of s (any bytes; measured as cleaned) in f at size. */
double pl_width(struct pdoc *d, struct pfont *f, double size, const char *s);

/*
 * Wrap s (any bytes) to lines no wider than width points: breaks at
 * spaces and newlines; a word wider than the whole line breaks after
 * punctuation (/ - . : ...) or, failing that, between characters.  At most
 * maxlines lines (0: unlimited); cut text ends in an ellipsis.  Appends to
 * out; release with pl_lines_release.
 */
void pl_wrap(struct pdoc *d, struct pfont *f, double size, const char *s,
	     double width, unsigned maxlines, struct pl_lines *out);
void pl_lines_release(struct pl_lines *l);

/* Draw s (any bytes) as one line with its baseline at (x, y); text wider
 * than width (when width > 0) is cut with an ellipsis.  right: x is the
 * right edge.  Returns the width drawn. */
double pl_text(struct pdoc *d, struct pfont *f, double size, const struct rgb *c,
	       double x, double y, double width, bool right, const char *s);

/* Filled rectangle with its lower-left corner at (x, y). */
void pl_rect(struct pdoc *d, double x, double y, double w, double h,
	     const struct rgb *c);
/* Stroked line of width lw. */
void pl_line(struct pdoc *d, double x1, double y1, double x2, double y2,
	     double lw, const struct rgb *c);

/* Start a new page (A4) and put the cursor at the top of its content. */
void pl_new_page(struct pdoc *d);
/* Make sure h points fit below the cursor, else start a new page. */
void pl_ensure(struct pdoc *d, double h);
/* Move the cursor down by h points (never below the content bottom). */
void pl_space(struct pdoc *d, double h);

/*
 * Wrapped text flowing across pages from the cursor, indented by indent
 * points; the cursor ends below it.
 */
void pl_paragraph(struct pdoc *d, struct pfont *f, double size, const struct rgb *c,
		  double indent, const char *s);
/* "Label: text" as a paragraph with a bold label. */
void pl_labelled(struct pdoc *d, double size, const char *label, const char *s);

/*
 * A heading that is also a bookmark (level 0..PL_LEVELS-1, under the last
 * bookmark of the level above) and, when toc, an entry of the contents
 * page.  Level 0 starts a new page and draws a section title; level 1
 * draws a subsection title after keeping room for what follows; level 2
 * only adds the bookmark at the cursor (the caller draws).
 */
void pl_section(struct pdoc *d, int level, const char *title, bool toc);
/* Add a page now and remember it as the contents page, drawn by pl_finish. */
void pl_contents_page(struct pdoc *d);

/* Tables: pl_table_begin draws the header (again after each page break). */
void pl_table_begin(struct pdoc *d, struct pl_table *t);
/* A full-width group row (e.g. a chapter) inside a table. */
void pl_table_group(struct pdoc *d, struct pl_table *t, const char *title);
/* One row of t->ncols cells; wraps every cell and breaks pages between rows. */
void pl_table_row(struct pdoc *d, struct pl_table *t, const struct pl_cell *cells);
/* Space after a table. */
void pl_table_end(struct pdoc *d, struct pl_table *t);

/*
 * A horizontal bar at (x, y) of w x h made of n segments proportional to
 * vals (all zero: an empty grey bar).
 */
void pl_stacked_bar(struct pdoc *d, double x, double y, double w, double h,
		    const double *vals, const struct rgb *const *cols, size_t n);

#endif
