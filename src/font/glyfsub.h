/*
 * glyfsub.h - a TrueType font cut down to the glyphs a PDF draws, for
 * embedding as the program of a CIDFontType2 (PDF 1.7 §9.7.4, §9.9). Pure
 * byte work on the font file: no HarfBuzz, no libharu.
 *
 * The glyphs are renumbered: 0 stays .notdef, then the glyphs of the code
 * points used, in code point order, then the parts of composite glyphs.
 * The PDF maps its codes (the code points) to the new glyph ids with a
 * CIDToGIDMap built from gid[]. The program holds the tables PDF 1.7
 * Table 126 asks for (head, hhea, loca, maxp, cvt, prep, glyf, hmtx, fpgm;
 * those the font has) and, for viewers that look, OS/2, a small cmap, a
 * name table of the naming records 0 to 6 and a version 3 post.
 *
 *   ov_glyf_subset s;
 *   if (ov_glyf_subset_make(ttf, len, metrics, used, &s) == 0) {
 *       ... s.data[0..s.len), s.gid[cp] for cp < s.ncp ...
 *       ov_glyf_subset_free(&s);
 *   }
 *
 * Trust: the font is untrusted; every offset is bounds-checked, and a
 * glyph whose data lies outside 'glyf' is embedded empty. The PDF writer
 * checks the glyphs first (fontcheck.h) and refuses a font whose drawn
 * glyphs are damaged, so that case is never printed.
 */
#ifndef OV_GLYFSUB_H
#define OV_GLYFSUB_H

#include <stddef.h>
#include <stdint.h>

#include "font/ttf.h"

typedef struct {
	uint8_t *data;    /* the font program (malloc'ed) */
	size_t len;
	uint16_t *gid;    /* gid[cp]: new glyph id of code point cp, 0 for none (malloc'ed) */
	uint32_t ncp;     /* entries in gid: one past the highest code point used */
	uint16_t nglyphs; /* glyphs in the program, .notdef included */
} ov_glyf_subset;

/* Cuts the TrueType font ttf[0..len), whose metrics f were loaded from the
 * same bytes, down to the glyphs of the BMP code points set in used (8192
 * bytes, one bit per code point) and the parts they are composed of.
 * Returns 0 and fills *out, or -1 (out zeroed) when the font lacks a glyph
 * table this needs or has more glyphs than a font can hold. */
int ov_glyf_subset_make(const uint8_t *ttf, size_t len, const ov_ttf *f, const uint8_t *used,
                        ov_glyf_subset *out);
void ov_glyf_subset_free(ov_glyf_subset *s);

#endif
