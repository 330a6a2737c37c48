/*
 * pdfx.h - what makes Octavo's PDF a PDF/X-4 file (ISO 15930-7:2010, on
 * PDF 1.6): the ICC profiles (an sRGB profile for the book's colours and
 * RGB images, a CMYK printing condition for the output intent), the XMP
 * metadata stream that repeats the information dictionary, the
 * /Trapped and /GTS_PDFXVersion keys, and the trailer's /ID. The page
 * boxes are set with the pages (pages.c). README, "Print-ready PDF
 * (PDF/X-4)", says what is checked and how.
 */
#ifndef OV_PDF_PDFX_H
#define OV_PDF_PDFX_H

#include <stdbool.h>
#include <stddef.h>

#include <hpdf.h>

#include "doc/doc.h"

/* The profiles, from Debian packages (CMakeLists.txt sets the paths):
 * OV_CMYK_PROFILE, the output intent's printing condition (libgs-common's
 * "Artifex CMYK SWOP Profile", an output ('prtr') profile of the CGATS TR
 * 001 (SWOP) condition), and OV_SRGB_PROFILE, the colour space of every
 * colour the book draws (icc-profiles-free's sRGB.icc, a display ('mntr')
 * profile, zlib licence). */
#ifndef OV_CMYK_PROFILE
#define OV_CMYK_PROFILE "/usr/share/color/icc/ghostscript/default_cmyk.icc"
#endif
#ifndef OV_SRGB_PROFILE
#define OV_SRGB_PROFILE "/usr/share/color/icc/sRGB.icc"
#endif

/* The printing condition of OV_CMYK_PROFILE as the ICC's registry of
 * characterized printing conditions names it (http://www.color.org). */
#define OV_PDFX_CONDITION_ID "CGATS TR 001"
#define OV_PDFX_CONDITION "SWOP: web offset publication printing on coated paper"

typedef struct {
	char *cmyk;          /* the output intent's profile (malloc'ed) */
	size_t cmyk_len;
	char *srgb;          /* the sRGB profile (malloc'ed) */
	size_t srgb_len;
	HPDF_Array srgb_cs;  /* [/ICCBased n 0 R], an indirect object: made by ov_pdfx_begin */
} ov_pdfx;

/* Checks that d[0..len) is an ICC profile (ICC.1:2001-04 / ICC.1:2004-10
 * §7.2: the header's size, the 'acsp' signature, a version 2 or 4) of
 * device class cls ("prtr", "mntr") and colour space space ("CMYK",
 * "RGB "). Returns 0, or -1 with the reason in msg (msg_size bytes). */
int ov_icc_check(const unsigned char *d, size_t len, const char *cls, const char *space, char *msg,
                 size_t msg_size);

/* Reads and checks both profiles into x, at the start of a build so that
 * a missing or wrong profile stops the build before any work (one error
 * each, to diag). Returns 0, or -1 after reporting. */
int ov_pdfx_load(ov_pdfx *x, ov_diag *diag);

/* Frees the profiles; x may be loaded again. */
void ov_pdfx_dispose(ov_pdfx *x);

/* Makes the sRGB colour space (x->srgb_cs) in pdf: call it before the
 * images and pages that use it. Returns false after libharu's error
 * handler was called. */
bool ov_pdfx_begin(ov_pdfx *x, HPDF_Doc pdf);

/* Gives an image XObject whose colour space is DeviceRGB the sRGB space
 * instead (ISO 15930-7 6.2.4: with a CMYK output intent, device RGB is
 * not allowed). Gray images stay DeviceGray, which is. */
void ov_pdfx_image_space(const ov_pdfx *x, HPDF_Image image);

/* Adds to the page's resources the colour space /sRGB (ov_pdf_put_color)
 * when it is missing. */
bool ov_pdfx_page_space(const ov_pdfx *x, HPDF_Page page);

/* Adds what the catalog, the information dictionary and the trailer need
 * for PDF/X-4, after ov_pdf_add_info: the output intent, the XMP
 * metadata, /Trapped /False, /GTS_PDFXVersion, and an /ID whose second
 * string is a placeholder that ov_pdfx_seal fills in. */
bool ov_pdfx_finish(const ov_pdfx *x, HPDF_Doc pdf, const ov_doc *doc);

/* What the document's identifiers are made from: book.yaml's identifier,
 * else its title. Static or doc's. */
const char *ov_pdfx_ident(const ov_doc *doc);

/* Fills in the saved file buf[0..len) the instance's identifier (the
 * trailer's second /ID string and the XMP's xmpMM:InstanceID), a digest
 * of the identifier and of the file's bytes as they were saved, so that
 * the same build makes the same file (SOURCE_DATE_EPOCH) and another
 * content another identifier. Returns false when the placeholders are
 * not where they were written (never expected). */
bool ov_pdfx_seal(unsigned char *buf, size_t len, const char *identifier);

#endif
