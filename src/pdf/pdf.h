/*
 * pdf.h - the PDF writer: lays the resolved document tree out (layout
 * stage) and draws the pages with libharu, the only place hpdf.h is
 * included.
 *
 *   unsigned char *pdf; size_t len;
 *   if (ov_pdf_build(&doc, &pdf, &len, NULL) == 0) ... free(pdf); // else see doc.diag
 *
 * Fonts come from doc->meta.fonts (embedded TrueType subsets, UTF-8,
 * never the base-14 fonts). The tree is read, never changed. With
 * extras->jobs > 1 the chapters are laid out, drawn and compressed on
 * several threads; the file is the same byte for byte.
 */
#ifndef OV_PDF_H
#define OV_PDF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "doc/doc.h"
#include "layout/layout.h"

/* Lays the book out with its real fonts, kerning and hyphenation, as the
 * PDF would be, without libharu: for the layout report and golden tests.
 * Returns NULL when a font is unusable (reported). Free with
 * ov_layout_free. */
ov_layout *ov_pdf_layout(const ov_doc *doc);

/* The fonts and hyphenation patterns of a book: they depend on book.yaml
 * alone, so with threaded they are loaded on threads of their own while
 * the chapters are parsed. manifest_file is the diagnostics file number
 * of book.yaml. Hand the result to ov_pdf_build (extras->prep), which
 * takes it; free it with ov_pdf_prep_free when no PDF is built after all.
 * meta must stay as it is until then. */
typedef struct ov_pdf_prep ov_pdf_prep;
ov_pdf_prep *ov_pdf_prepare(const ov_meta *meta, uint32_t manifest_file, bool threaded);
void ov_pdf_prep_free(ov_pdf_prep *p);
/* Whether the fonts and patterns are loaded (a build taking p would not
 * wait for them); true for NULL. */
bool ov_pdf_prep_ready(ov_pdf_prep *p);

/* Optional settings and results of a PDF build. */
typedef struct {
	int jobs;         /* in: threads to use, 0 or 1 for one (the bytes are the same either way) */
	ov_pdf_prep *prep; /* in, may be NULL: fonts and patterns loaded already; set to NULL (taken) */
	/* in, may be NULL: called exactly once per build, as soon as a layout
	 * thread has no chapter left to take, so that a core is free (on that
	 * thread; the CLI starts the EPUB then), or after the layout when it
	 * failed before that; the book is only read from then on */
	void (*after_layout)(void *ctx);
	void *after_layout_ctx;
	/* in: free what the build leaves (libharu's document, the layout) on a
	 * thread of its own, so that the caller can go on (writing the file)
	 * meanwhile; then ov_pdf_extras_wait must be called before exit */
	bool free_later;
	void *cleanup;    /* out: that thread, NULL when none is running */
	char *report;     /* the layout report (ov_layout_report), malloc'ed; caller frees */
	double layout_s;  /* seconds spent loading fonts, laying out, and drawing and
	                     compressing the chapters' pages (done as each chapter is laid out) */
	double render_s;  /* seconds spent on the rest: fonts, front matter, folios,
	                     links, outline and saving with libharu */
} ov_pdf_extras;

/* Lays out and renders the book into a malloc'ed buffer (*out, *len; the
 * caller writes it, see cli/main.c). Returns 0, or -1 after reporting the
 * problem to doc->diag. extras may be NULL. */
int ov_pdf_build(const ov_doc *doc, unsigned char **out, size_t *len, ov_pdf_extras *extras);

/* Waits for the thread that frees what a build with free_later left, if
 * any. The document may be disposed of only after this. */
void ov_pdf_extras_wait(ov_pdf_extras *extras);

#endif
