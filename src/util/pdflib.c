/* pdflib.c - libharu loaded on first use (pdflib.h). */
#include <pthread.h>

#define CCA_PDFLIB_TABLE   /* the real names, not the calls through the table */
#include "ccaudit/lazylib.h"
#include "ccaudit/pdflib.h"

#define CCA_PDF_SYM(f) { #f, &pdf.f },

static struct cca_pdf_fns pdf;
static pthread_once_t pdf_once = PTHREAD_ONCE_INIT;

static void load_pdf(void)
{
	const struct cca_lazysym syms[] = { CCA_PDF_FUNCTIONS(CCA_PDF_SYM) };

	cca_lazylib_require("libhpdf-2.3.0.so", "libhpdf-2.3.0", syms,
			    sizeof syms / sizeof syms[0]);
}

const struct cca_pdf_fns *cca_pdf(void)
{
	pthread_once(&pdf_once, load_pdf);
	return &pdf;
}
