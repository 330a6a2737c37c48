/*
 * ttf.h - the metrics of a TrueType font, read from its tables without
 * libharu, so that the layout stage can measure text (docs/architecture.md:
 * layout is pure). Widths follow libharu 2.3.0 exactly: each glyph's
 * advance is converted to 1/1000 em with integer truncation
 * (advance * 1000 / unitsPerEm), which is what the PDF's /W array holds.
 *
 *   ov_ttf *f = ov_ttf_load(bytes, len, &err);   // NULL + message on failure
 *   int w = ov_ttf_advance(f, 0x41);             // 1/1000 em
 *   ov_ttf_free(f);
 *
 * Trust: font files are untrusted; every offset is bounds-checked.
 * Tables read (OpenType spec, "Font tables"): head, hhea, maxp, hmtx, cmap
 * (formats 4 and 12), OS/2, post and name (optional).
 */
#ifndef OV_TTF_H
#define OV_TTF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct ov_ttf ov_ttf;

/* Parses a TrueType (glyf-outline) font from data[0..len), which is copied.
 * Returns NULL and a static message in *err when the data is not a usable
 * TrueType font. */
ov_ttf *ov_ttf_load(const uint8_t *data, size_t len, const char **err);
void ov_ttf_free(ov_ttf *f);

/* Glyph id of code point cp, 0 when the font has no glyph for it. */
uint16_t ov_ttf_glyph(const ov_ttf *f, uint32_t cp);
/* Advance width of cp in 1/1000 em as libharu computes it (characters above
 * U+FFFF, which libharu cannot encode, measure as a space). */
int ov_ttf_advance(const ov_ttf *f, uint32_t cp);
/* The table tagged tag (four characters, "glyf") in the font file
 * d[0..len): its bytes and, in *tlen, its length; NULL when the font has
 * none or its directory entry points outside the file. */
const uint8_t *ov_ttf_table(const uint8_t *d, size_t len, const char *tag, uint32_t *tlen);

/* What a PDF font descriptor needs (PDF 1.7 §9.8.1): lengths in 1/1000
 * em, from head (bounding box), hhea (ascent, descent), OS/2 (cap and x
 * height, weight class; estimated from the ascent without it), post
 * (italic angle in degrees, fixed pitch) and name (record 6, the
 * PostScript name, reduced to characters a PDF name holds; empty when the
 * font has none). */
typedef struct {
	int bbox[4]; /* xMin, yMin, xMax, yMax */
	int ascent, descent, cap_height, x_height;
	int weight;
	double italic_angle;
	bool fixed_pitch;
	char ps_name[64];
} ov_ttf_info;
const ov_ttf_info *ov_ttf_get_info(const ov_ttf *f);

/* Ascender, descender (negative) and cap height in 1/1000 em. */
int ov_ttf_ascent(const ov_ttf *f);
int ov_ttf_descent(const ov_ttf *f);
int ov_ttf_cap_height(const ov_ttf *f);

#endif
