/*
 * font.h - one font file, checked (fontcheck.h) and read through
 * HarfBuzz: its metrics, names, glyphs and advances, and subsets of it.
 * TrueType (glyf) and OpenType/CFF fonts alike; no second table parser.
 *
 *   char why[OV_FONTCHECK_WHY];
 *   ov_font *f = ov_font_load(bytes, len, why, sizeof why); // bytes outlive f
 *   if (!f) error("font '%s' %s", path, why);
 *   uint32_t g = ov_font_glyph(f, 'A');     // 0: the font has no 'A'
 *   int w = ov_font_advance(f, g);          // 1/1000 em, as the PDF's /W
 *   ov_font_free(f);
 *
 * Thread safety: after ov_font_load, every function but the checks
 * (ov_font_check) may be called from any number of threads; shaping with
 * ov_font_hb's font is safe from any thread (it is made immutable).
 */
#ifndef OV_FONT_H
#define OV_FONT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "font/fontcheck.h"
#include "util/buf.h"

typedef struct ov_font ov_font;

/* What a PDF font descriptor needs (PDF 1.7 §9.8.1), lengths in 1/1000
 * em: the bounding box ('head'), ascent and descent (HarfBuzz's
 * horizontal ascender and descender: 'hhea', or 'OS/2' typographic
 * metrics when the font asks for them), cap and x height ('OS/2'; 70 %
 * and 47 % of the ascent without it), weight class, italic angle and
 * fixed pitch ('post'), and the PostScript name ('name' record 6,
 * reduced to characters a PDF name holds; empty when the font has none). */
typedef struct {
	int bbox[4]; /* xMin, yMin, xMax, yMax */
	int ascent, descent, cap_height, x_height;
	int weight;
	double italic_angle;
	bool fixed_pitch;
	bool cff;            /* outlines in 'CFF ' (embedded as FontFile3), else glyf */
	unsigned upem;       /* units per em */
	unsigned glyph_count;
	char ps_name[64];
} ov_font_info;

/* Opens and checks the font in data[0..len) (not copied: data must
 * outlive the font). Returns NULL with a message continuing "font 'PATH' "
 * in why (size bytes, OV_FONTCHECK_WHY holds any) when it is unusable. */
ov_font *ov_font_load(const uint8_t *data, size_t len, char *why, size_t size);
void ov_font_free(ov_font *f);

const ov_font_info *ov_font_info_of(const ov_font *f);
/* The bytes the font was loaded from. */
const uint8_t *ov_font_data(const ov_font *f, size_t *len);

/* The font's name record name_id (OpenType 'name' table: 1 family, 16
 * typographic family, ...) in UTF-8, in the language HarfBuzz prefers
 * (English when there is one), in buf (size bytes). Returns false when
 * the font has no such record or it does not fit in buf. */
bool ov_font_name(const ov_font *f, unsigned name_id, char *buf, size_t size);

/* The font's glyph for code point cp ('cmap'), 0 when it has none. */
uint32_t ov_font_glyph(const ov_font *f, uint32_t cp);
/* The advance width of glyph gid in 1/1000 em, truncated as the PDF's /W
 * array gives it (0 for a glyph id past the font's). */
int ov_font_advance(const ov_font *f, uint32_t gid);
/* The ink of glyph gid: how far it reaches above the baseline (*height)
 * and below it (*depth, positive downwards), in 1/1000 em, from its
 * outline's extents ('glyf' or 'CFF '); both 0 for a glyph without ink
 * or an id past the font's. */
void ov_font_glyph_ink(const ov_font *f, uint32_t gid, double *height, double *depth);
/* The advance in 1/1000 em of units font units (truncated toward zero,
 * like ov_font_advance). */
int ov_font_units_to_1000(const ov_font *f, int32_t units);

/* The checker of the font's glyphs (one thread at a time). */
ov_fontcheck *ov_font_check(ov_font *f);
/* HarfBuzz's font (scale: font units; immutable). */
struct hb_font_t;
struct hb_font_t *ov_font_hb(const ov_font *f);

/* Appends to b the SVG path data (M, L, Q, C, Z; pixels, y down) of
 * text[0..len) shaped with f's own features at size pixels, its baseline
 * starting at (x, y) (outline.c). */
void ov_font_svg_path(const ov_font *f, const char *text, size_t len, double size, double x, double y, ov_buf *b);

/* A subset for embedding in a PDF (HarfBuzz's subsetter): the glyphs
 * gids[0..n) and what they are made of, glyph ids kept (so that a PDF's
 * codes, which are glyph ids, need no map), without layout tables or
 * hinting. Returns it malloc'ed (*out_len bytes), or NULL when HarfBuzz
 * cannot subset the font. */
uint8_t *ov_font_subset_for_pdf(const ov_font *f, const uint32_t *gids, size_t n, size_t *out_len);

/* A subset for a reading system (the EPUB): the code points cps[0..n),
 * with the layout tables that shape them, glyphs renumbered. Also lists
 * in *gids (malloc'ed, *ngids entries) the glyph ids of this font the
 * subset holds, for ov_fontcheck_glyphs; gids may be NULL. Returns NULL
 * when HarfBuzz cannot subset the font. */
uint8_t *ov_font_subset_for_web(const ov_font *f, const uint32_t *cps, size_t n, size_t *out_len,
                                uint32_t **gids, size_t *ngids);

#endif
