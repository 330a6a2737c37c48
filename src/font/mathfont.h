/*
 * mathfont.h - a math font's OpenType MATH table (OpenType 1.9, "MATH -
 * The Mathematical Typesetting Table") read through HarfBuzz's
 * hb_ot_math_* API, served to the math layout as the ov_math_metrics of
 * font/mathglyph.h: constants, glyphs at script levels ('ssty'), their
 * measures, cut-in kerns, size variants and glyph assemblies, every length
 * in 1/1000 em of the font (whatever its units per em).
 *
 *   ov_math_metrics mm;
 *   ov_font_math_cache *c = ov_font_math_metrics(font, 5, &mm); // per thread
 *   if (!c) ... // the font has no MATH table
 *   ov_mglyph g;
 *   if (mm.glyph(mm.ctx, 0x1D453, 1, &g)) ... // 𝑓 in script size
 *   ov_font_math_cache_free(c);
 *
 * Thread safety: the font is only read (its HarfBuzz font is immutable);
 * a cache and the metrics filled with it belong to one thread.
 */
#ifndef OV_MATHFONT_H
#define OV_MATHFONT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "font/font.h"
#include "font/mathglyph.h"

/* A math font of the system (Debian packages, nothing copied here). */
typedef struct {
	const char *path;    /* NULL ends the list */
	const char *package; /* the Debian package that installs it */
	const char *name;    /* its full name */
} ov_math_font_file;

/* The math fonts a book without fonts.math is set in, first choice first
 * (the first installed one serves): TeX Gyre Pagella Math
 * (fonts-texgyre-math), whose Palatino shapes sit well with Gentium Book
 * Plus, then DejaVu Math TeX Gyre (fonts-dejavu-core). The environment
 * variable OCTAVO_MATH_FONT replaces the first path (tests). Static. */
const ov_math_font_file *ov_math_fonts(void);

/* The file a book's formulas are set in: named (book.yaml's fonts.math)
 * when not NULL, else the first of ov_math_fonts() installed (a regular
 * file), else NULL. For a writer that wants the math font without the
 * typesetting stage (the EPUB); the typesetting stage also checks that it
 * opens and has a MATH table (ov_book_fonts.math_font). Static or named. */
const char *ov_math_font_path(const char *named);

/* Whether the font has an OpenType MATH table (HarfBuzz's
 * hb_ot_math_has_data). */
bool ov_font_has_math(const ov_font *f);

/* MathConstants value c: a length in 1/1000 em, or a percent as the
 * table gives it (the two script scale-downs and
 * RADICAL_DEGREE_BOTTOM_RAISE_PERCENT). 0 for a font without MATH. */
double ov_font_math_constant(const ov_font *f, ov_math_constant c);

/* A thread's caches of one math font's glyphs (by code point and script
 * level, and by glyph id) and its HarfBuzz buffer for 'ssty'. */
typedef struct ov_font_math_cache ov_font_math_cache;

/* Fills *out for math font f, whose number in the font set is
 * font_number: every constant, the min connector overlap, and callbacks
 * whose ctx is the returned cache. Returns NULL (and leaves *out zeroed)
 * when f has no MATH table. The cache must outlive the use of *out and f
 * must outlive the cache; free it with ov_font_math_cache_free. One per
 * thread: the callbacks fill its tables. */
ov_font_math_cache *ov_font_math_metrics(const ov_font *f, int font_number, ov_math_metrics *out);
void ov_font_math_cache_free(ov_font_math_cache *c);

#endif
