/*
 * typeset.h - the typesetting stage: loads the book's fonts (checked, with
 * the fallback fonts after them, for shaping) and hyphenation patterns, runs the
 * layout on up to -j threads, and hands each chapter's pages to a sink
 * as soon as they are laid out. It knows nothing of PDF: a writer plugs
 * its drawing in through the sink (the CLI wires the PDF writer's).
 *
 *   ov_typeset *ts = ov_typeset_load(&doc.meta, book_yaml_file, true); // while chapters parse
 *   ...                                                // load the chapters, resolve
 *   ov_page_sink sink = {begin, on_chapter, ctx, on_idle, idle_ctx};
 *   ov_layout *L = ov_typeset_run(ts, &doc, jobs, &sink); // NULL: a font is unusable
 *   ...                                                // write; the fonts: ov_typeset_fonts(ts)
 *   ov_layout_free(L); ov_typeset_free(ts);
 *
 *   ov_layout *L = ov_typeset_layout(&doc);  // all in one, one thread: report, golden tests
 *
 * The fonts and patterns depend on book.yaml alone, so ov_typeset_load
 * can start loading them on threads of their own before the chapters are
 * read; ov_typeset_run waits for them. The layout and the messages are the
 * same whatever the number of threads.
 */
#ifndef OV_TYPESET_H
#define OV_TYPESET_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "doc/doc.h"
#include "font/font.h"
#include "font/shape.h"
#include "layout/layout.h"
#include "util/parallel.h"

typedef struct ov_typeset ov_typeset;

/* The fonts a book is set in: its own (one per distinct file book.yaml
 * names for the five faces) and the fallback fonts (fallback.h) found on
 * this system, numbered as the glyph runs' font field numbers them (the
 * font set's order). Face f shapes with chain f of set: its own font,
 * then the fallbacks for text (or, for the monospace face, for code).
 * Read-only for everyone but the stage, except that the checkers are
 * called from one thread at a time (fontcheck.h). */
typedef struct {
	size_t count;                        /* fonts */
	ov_font *font[OV_FONTSET_MAX];       /* a fallback: NULL until shaping first needs it, or
	                                        when it could not be loaded (ov_fontset_font) */
	const char *data[OV_FONTSET_MAX];    /* each file's bytes (what a writer embeds from) */
	size_t len[OV_FONTSET_MAX];
	const char *path[OV_FONTSET_MAX];    /* as book.yaml gives it, or the fallback's full path */
	int face[OV_FONTSET_MAX];            /* the first face whose own font it is; -1: a fallback */
	int face_font[OV_FACE__COUNT];       /* the number of each face's own font */
	int math_font;                       /* the math font's number (font/mathfont.h: it has an
	                                        OpenType MATH table), -1: none (the book has no
	                                        formula, or no usable math font); its face is -1 and
	                                        its path, data and len are those of the file, for
	                                        the writers to embed */
	ov_fontset *set;
} ov_book_fonts;

/* Where the pages go while the layout runs. Any member may be NULL. */
typedef struct {
	/* once, on the calling thread, when the fonts are loaded and before
	 * any chapter (not at all when a font is unusable): the number of
	 * layout threads (chapter's thread is 0 .. nthreads-1) */
	void (*begin)(void *ctx, int nthreads);
	/* each chapter as soon as it is laid out, on the thread that laid it
	 * out (layout.h, ov_chapter_fn, says what it may take); NULL: the
	 * layout keeps every page's boxes */
	ov_chapter_fn chapter;
	void *ctx;
	/* exactly once per run, as soon as a core is free: when a layout
	 * thread has no chapter left to take (on that thread), at once when
	 * there are fewer chapters than jobs, or after the layout when it
	 * failed or never got there. The book is only read from then on. */
	ov_idle_fn idle;
	void *idle_ctx;
} ov_page_sink;

/* Starts loading the fonts of meta->fonts and the hyphenation patterns of
 * meta->language (and its no-hyphenation words): on two threads of their
 * own with threaded, else when first needed. manifest_file is the
 * diagnostics file number of book.yaml (where font problems are reported
 * when meta gives no position). meta must stay as it is until the run.
 * Free with ov_typeset_free. */
ov_typeset *ov_typeset_load(const ov_meta *meta, uint32_t manifest_file, bool threaded);

/* Whether the fonts and patterns are loaded (a run would not wait for
 * them); true for NULL. */
bool ov_typeset_ready(const ov_typeset *ts);

/* Lays doc out with ts's fonts and patterns on up to jobs threads (0 or 1:
 * the calling thread only; never more than there are chapters), calling
 * sink's functions as it says (sink may be NULL). First waits for the
 * loading and reports its problems to doc->diag: every font that cannot
 * be read or is damaged, with the place in book.yaml that names it (then
 * returns NULL), and a warning when the language has no patterns.
 * When the book has a formula (or book.yaml names fonts.math), the math
 * font is loaded first (ov_book_fonts.math_font): the one fonts.math
 * names (an error at that key when it cannot be read or has no MATH
 * table), else TeX Gyre Pagella Math, else DejaVu Math TeX Gyre (with a
 * note); without one, a warning, and formulas are shown as their source.
 * Returns the layout (free with ov_layout_free, or give it to a writer
 * that takes it). Once per ts: the patterns are freed on return. */
ov_layout *ov_typeset_run(ov_typeset *ts, const ov_doc *doc, int jobs, const ov_page_sink *sink);

/* The loaded fonts, for a writer that embeds them: valid from the first
 * chapter handed to the sink (the layout starts when they are loaded) and
 * after ov_typeset_run returned a layout, until ov_typeset_drop_fonts or
 * ov_typeset_free. */
const ov_book_fonts *ov_typeset_fonts(const ov_typeset *ts);

/* Frees the fonts' files and metrics once nothing needs them (the PDF
 * writer, as soon as its subsets are made: the whole files need not stay
 * in memory while the rest is written). */
void ov_typeset_drop_fonts(ov_typeset *ts);

/* Waits for any loading still running and frees everything; NULL is
 * fine. */
void ov_typeset_free(ov_typeset *ts);

/* Loads the fonts and patterns of doc->meta and lays the book out on the
 * calling thread, keeping every page's boxes, as the PDF would be set:
 * for the layout report and golden tests. NULL when a font is unusable
 * (reported to doc->diag). Free with ov_layout_free. */
ov_layout *ov_typeset_layout(const ov_doc *doc);

#endif
