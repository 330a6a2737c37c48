/*
 * math.h - the math layout: a math list (math/math.h) set as a box of
 * positioned glyphs and rules by the rules of The TeXbook's Appendix G,
 * every parameter read from an OpenType MATH font (font/mathglyph.h) the
 * way XeTeX and LuaTeX read them. Pure: no PDF notions, no I/O.
 *
 *   const ov_math *m = ov_math_parse(&arena, src, len, display, macros);
 *   ov_math_env env = {metrics->math, metrics, 10.0, refs_fn, refs_ctx};
 *   const ov_mlayout *L = ov_math_layout(&arena, m->list, display, &env);
 *   inline.c:  for each L->chunks[i]: a piece of L->chunks[i].box.width,
 *              glue L->chunks[i].glue after it (dropped at a line break),
 *              a break allowed after it with penalty L->chunks[i].penalty,
 *              copied as src[chunks[i].off .. +len) (/ActualText)
 *   flow.c:    L->row_count ? one line per L->rows[i] : L->box, centred
 *
 * Coordinates of items are in pt relative to the left end of their box on
 * its baseline, y growing UP (the PDF's way; the page layout flips them).
 * A glyph's (x, y) is its origin; a rule's is its bottom-left corner.
 */
#ifndef OV_LAYOUT_MATH_H
#define OV_LAYOUT_MATH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "font/mathglyph.h"
#include "layout/layout.h"
#include "math/math.h"
#include "util/arena.h"
#include "util/buf.h"

/* LINK: no ink; the rectangle x, y (bottom-left), w, h over the glyphs of
 * an \eqref or \ref whose label text[0..text_len) names an equation of
 * the book: the page layout makes it a link to that equation's row. */
typedef enum { OV_MITEM_GLYPH, OV_MITEM_RULE, OV_MITEM_LINK } ov_mitem_kind;

/* One positioned glyph or rule. */
typedef struct {
	double x, y;        /* pt; see above */
	double w, h;        /* RULE, LINK: width and height, pt */
	double size;        /* GLYPH: font size, pt */
	/* GLYPH: what it stands for, for ToUnicode and copying: a glyph of
	 * the math font stands for the character cp (a size variant or a part
	 * of an assembly for the character it was made from); a glyph of
	 * \text (a book face) for text[0..text_len) (its cluster), cp 0;
	 * LINK: the label */
	const char *text;
	uint32_t text_len;
	uint32_t cp;
	uint32_t gid;       /* GLYPH: glyph id in font */
	uint16_t font;      /* GLYPH: font number (the math font's ov_math_metrics.font, or a
	                     * book face's from ov_metrics.shape) */
	uint16_t advance;   /* GLYPH: its own advance, 1/1000 em, as the PDF's widths give it
	                     * (truncated: ov_font_advance), so a writer knows where its pen is */
	uint8_t kind;       /* ov_mitem_kind */
} ov_mitem;

/* A laid-out box: extent (pt; depth positive below the baseline) and its
 * items (in the arena passed to ov_math_layout). */
typedef struct {
	double width, height, depth;
	const ov_mitem *items;
	size_t count;
} ov_mbox;

/* A piece of an inline formula between two places it may break: after a
 * top-level relation (TeX's \relpenalty 500; not between two relations)
 * or binary operator (\binoppenalty 700), never inside a group. */
typedef struct {
	ov_mbox box;
	double glue;        /* pt of space before the next chunk on the same line; a break
	                     * after this chunk drops it (TeX discards glue after a break) */
	int penalty;        /* of a break after this chunk: 500 or 700; 0 for the last chunk */
	uint32_t off, len;  /* the source bytes this chunk comes from */
} ov_mchunk;

/* Where the layout takes its fonts, size and equation numbers from. */
typedef struct {
	const ov_math_metrics *mm; /* the math font (must not be NULL) */
	const ov_metrics *tm;      /* the book's faces for \text (its shape callback; NULL
	                            * shape: one glyph per character, advance's width) */
	double size;               /* text size, pt (D and T; S and SS are scaled by the
	                            * font's scriptPercentScaleDown and ...ScriptScript...) */
	ov_math_ref_fn refs;       /* \eqref/\ref numbers ("3.2"); NULL or unknown: "??" */
	void *refs_ctx;
} ov_math_env;

typedef struct {
	ov_mbox box;           /* the whole formula */
	ov_mchunk *chunks;     /* the formula in break-free pieces, left to right; their widths
	                        * and glues add up to box.width; at least one (a display's
	                        * too, unless it has rows) */
	size_t chunk_count;
	/* a display whose list is one aligned/gathered-like array, or has top-level \\
	 * (OV_MN_BREAK): its rows, each as wide as the formula, from the top; else 0 */
	ov_mbox *rows;
	size_t row_count;
	double row_gap;        /* pt between one row's depth and the next one's height */
	/* characters the math font lacks: how many, and the first one's code point and
	 * source offset (laid out as an empty half-em box) */
	size_t missing_count;
	uint32_t missing_cp, missing_off;
} ov_mlayout;

/* Lays out list (may be NULL: an empty formula) in display style D when
 * display, else in text style T. Everything returned lives in arena;
 * the list (and its text) must outlive the result when \text glyphs are
 * copied. Never NULL; never fails (depth beyond OV_MATH_MAX_DEPTH is
 * laid out as empty boxes). */
const ov_mlayout *ov_math_layout(ov_arena *arena, const ov_mnode *list, bool display, const ov_math_env *env);

/* Appends a text dump of box to out, one line per item ("G font gid x y size
 * U+cp" / "R x y w h"), positions with 3 decimals, for golden tests. */
void ov_math_box_dump(ov_buf *out, const ov_mbox *box);

#endif
