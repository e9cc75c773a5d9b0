/*
 * pdflib.h - libharu, loaded the first time a PDF is written (lazylib.h),
 * so that other runs do not load it with libpng and zlib.  Include it
 * instead of <hpdf.h>: as xmllib.h does for libxml2, it turns each libharu
 * function the project uses into the same name called through the loaded
 * table, and stops with exit status 4 and the Debian package's name when
 * the library is missing.
 */
#ifndef CCAUDIT_PDFLIB_H
#define CCAUDIT_PDFLIB_H

#include <hpdf.h>

/* The libharu functions the project calls: X(name) each. */
#define CCA_PDF_FUNCTIONS(X) \
	X(HPDF_AddPage) X(HPDF_CreateOutline) X(HPDF_Destination_SetFitH) \
	X(HPDF_Font_TextWidth) X(HPDF_Free) X(HPDF_GetEncoder) X(HPDF_GetFont) \
	X(HPDF_GetStreamSize) X(HPDF_LinkAnnot_SetBorderStyle) X(HPDF_LoadTTFontFromFile) \
	X(HPDF_New) X(HPDF_Outline_SetDestination) X(HPDF_Outline_SetOpened) \
	X(HPDF_Page_BeginText) X(HPDF_Page_CreateDestination) X(HPDF_Page_CreateLinkAnnot) \
	X(HPDF_Page_EndText) X(HPDF_Page_Fill) X(HPDF_Page_LineTo) X(HPDF_Page_MoveTo) \
	X(HPDF_Page_Rectangle) X(HPDF_Page_SetDash) X(HPDF_Page_SetFontAndSize) \
	X(HPDF_Page_SetLineWidth) X(HPDF_Page_SetRGBFill) X(HPDF_Page_SetRGBStroke) \
	X(HPDF_Page_SetSize) X(HPDF_Page_Stroke) X(HPDF_Page_TextOut) X(HPDF_ReadFromStream) \
	X(HPDF_ResetStream) X(HPDF_SaveToStream) X(HPDF_SetCompressionMode) \
	X(HPDF_SetCurrentEncoder) X(HPDF_SetInfoAttr) X(HPDF_SetInfoDateAttr) \
	X(HPDF_SetPageMode) X(HPDF_UseUTFEncodings)

#define CCA_PDF_SLOT(f) __typeof__(f) *f;

struct cca_pdf_fns {
	CCA_PDF_FUNCTIONS(CCA_PDF_SLOT)
};

/* The loaded table (loading it on the first call). */
const struct cca_pdf_fns *cca_pdf(void);

/* Every name above, called through the table (not in pdflib.c). */
#ifndef CCA_PDFLIB_TABLE
#define HPDF_AddPage (cca_pdf()->HPDF_AddPage)
#define HPDF_CreateOutline (cca_pdf()->HPDF_CreateOutline)
#define HPDF_Destination_SetFitH (cca_pdf()->HPDF_Destination_SetFitH)
#define HPDF_Font_TextWidth (cca_pdf()->HPDF_Font_TextWidth)
#define HPDF_Free (cca_pdf()->HPDF_Free)
#define HPDF_GetEncoder (cca_pdf()->HPDF_GetEncoder)
#define HPDF_GetFont (cca_pdf()->HPDF_GetFont)
#define HPDF_GetStreamSize (cca_pdf()->HPDF_GetStreamSize)
#define HPDF_LinkAnnot_SetBorderStyle (cca_pdf()->HPDF_LinkAnnot_SetBorderStyle)
#define HPDF_LoadTTFontFromFile (cca_pdf()->HPDF_LoadTTFontFromFile)
#define HPDF_New (cca_pdf()->HPDF_New)
#define HPDF_Outline_SetDestination (cca_pdf()->HPDF_Outline_SetDestination)
#define HPDF_Outline_SetOpened (cca_pdf()->HPDF_Outline_SetOpened)
#define HPDF_Page_BeginText (cca_pdf()->HPDF_Page_BeginText)
#define HPDF_Page_CreateDestination (cca_pdf()->HPDF_Page_CreateDestination)
#define HPDF_Page_CreateLinkAnnot (cca_pdf()->HPDF_Page_CreateLinkAnnot)
#define HPDF_Page_EndText (cca_pdf()->HPDF_Page_EndText)
#define HPDF_Page_Fill (cca_pdf()->HPDF_Page_Fill)
#define HPDF_Page_LineTo (cca_pdf()->HPDF_Page_LineTo)
#define HPDF_Page_MoveTo (cca_pdf()->HPDF_Page_MoveTo)
#define HPDF_Page_Rectangle (cca_pdf()->HPDF_Page_Rectangle)
#define HPDF_Page_SetDash (cca_pdf()->HPDF_Page_SetDash)
#define HPDF_Page_SetFontAndSize (cca_pdf()->HPDF_Page_SetFontAndSize)
#define HPDF_Page_SetLineWidth (cca_pdf()->HPDF_Page_SetLineWidth)
#define HPDF_Page_SetRGBFill (cca_pdf()->HPDF_Page_SetRGBFill)
#define HPDF_Page_SetRGBStroke (cca_pdf()->HPDF_Page_SetRGBStroke)
#define HPDF_Page_SetSize (cca_pdf()->HPDF_Page_SetSize)
#define HPDF_Page_Stroke (cca_pdf()->HPDF_Page_Stroke)
#define HPDF_Page_TextOut (cca_pdf()->HPDF_Page_TextOut)
#define HPDF_ReadFromStream (cca_pdf()->HPDF_ReadFromStream)
#define HPDF_ResetStream (cca_pdf()->HPDF_ResetStream)
#define HPDF_SaveToStream (cca_pdf()->HPDF_SaveToStream)
#define HPDF_SetCompressionMode (cca_pdf()->HPDF_SetCompressionMode)
#define HPDF_SetCurrentEncoder (cca_pdf()->HPDF_SetCurrentEncoder)
#define HPDF_SetInfoAttr (cca_pdf()->HPDF_SetInfoAttr)
#define HPDF_SetInfoDateAttr (cca_pdf()->HPDF_SetInfoDateAttr)
#define HPDF_SetPageMode (cca_pdf()->HPDF_SetPageMode)
#define HPDF_UseUTFEncodings (cca_pdf()->HPDF_UseUTFEncodings)
#endif

#endif
