/*
 * pdf.h - the PDF writer: draws the pages the typesetting stage lays out
 * (typeset.h) with libharu, the only place hpdf.h is included. It lays
 * nothing out itself: it is given the pages, chapter by chapter while the
 * layout runs (its sink), then the whole layout to finish the file.
 *
 *   ov_pdf_writer *w = ov_pdf_writer_new(&doc, ts);
 *   ov_page_sink sink = {0};
 *   ov_pdf_writer_sink(w, &sink);                  // the idle callback is the caller's
 *   ov_layout *L = ov_typeset_run(ts, &doc, jobs, &sink);
 *   unsigned char *pdf; size_t len;
 *   if (ov_pdf_writer_finish(w, L, &pdf, &len) == 0) ... free(pdf); // else see doc.diag
 *   ov_pdf_writer_free(w);
 *
 * Each chapter's pages are drawn and compressed on the layout thread that
 * laid them out, as soon as it has; the file is the same byte for byte
 * whatever the number of threads. Fonts are ts's (doc->meta.fonts),
 * embedded as TrueType subsets, never the base-14 fonts. The tree is read,
 * never changed.
 */
#ifndef OV_PDF_H
#define OV_PDF_H

#include <stddef.h>

#include "doc/doc.h"
#include "layout/layout.h"
#include "typeset/typeset.h"

typedef struct ov_pdf_writer ov_pdf_writer;

/* A writer for doc, which must be resolved and stay unchanged until the
 * writer is freed, embedding the fonts of ts, which must outlive it. Free
 * with ov_pdf_writer_free (or _free_later). */
ov_pdf_writer *ov_pdf_writer_new(const ov_doc *doc, ov_typeset *ts);

/* Sets sink's begin, chapter and ctx to the writer's, which draw each
 * chapter's pages as the layout gives them (they take the pages' boxes);
 * its idle and idle_ctx are left as they are. */
void ov_pdf_writer_sink(ov_pdf_writer *w, ov_page_sink *sink);

/* Makes the PDF from L, the layout that ov_typeset_run made with the
 * writer's sink, into a malloc'ed buffer (*out, *len; the caller writes
 * it, see cli/main.c). Takes L (NULL: the layout failed, which was
 * reported; returns -1). Drops ts's fonts (ov_typeset_drop_fonts) once
 * their subsets are embedded. Returns 0, or -1 after reporting the
 * problem to doc->diag. Once per writer. */
int ov_pdf_writer_finish(ov_pdf_writer *w, ov_layout *L, unsigned char **out, size_t *len);

/* Frees the writer and what it holds: libharu's document (its thousands
 * of objects take as long to free as to save), the layout and the drawn
 * pages. NULL is fine. */
void ov_pdf_writer_free(ov_pdf_writer *w);

/* The same on a thread of its own, so that the caller can go on (writing
 * the file) meanwhile; returns a handle for ov_pdf_cleanup_wait, or NULL
 * when it was freed here (no thread could be started). */
typedef struct ov_pdf_cleanup ov_pdf_cleanup;
ov_pdf_cleanup *ov_pdf_writer_free_later(ov_pdf_writer *w);

/* Waits for that thread (NULL: returns at once). The document may be
 * disposed of only after this. */
void ov_pdf_cleanup_wait(ov_pdf_cleanup *c);

#endif
