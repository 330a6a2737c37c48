/*
 * cidfont.h - the PDF objects of an embedded TrueType font, made by
 * Octavo instead of libharu's HPDF_GetFont (PDF 1.7 §9.7: a Type0 font
 * with the Identity-H encoding over a CIDFontType2 whose CIDs are the BMP
 * code points, mapped to the glyphs of a subset by a CIDToGIDMap).
 *
 * Why: libharu 2.3.0 makes a 128 KB CIDToGIDMap and walks every BMP code
 * point of a font while making it, needs repairs to its ToUnicode map and
 * its subset of composite glyphs (docs/libraries.md §6), and compresses
 * everything on the one thread that saves. Here the subset, the map and
 * the ToUnicode CMap hold only what is drawn, and they are compressed on
 * whichever thread prepares the face.
 *
 *   ov_cidfont_data d;                      // any thread, no libharu
 *   ov_cidfont_prepare(ttf, len, metrics, used, deflater, &d);
 *   HPDF_Font font = ov_cidfont_add(pdf, &d, metrics, used, "OCTVAA", italic, bold);
 *   ov_cidfont_data_free(&d);
 *
 * The codes in content streams stay what they were with libharu's UTF-8
 * encoder: two bytes per character, the BMP code point.
 */
#ifndef OV_PDF_CIDFONT_H
#define OV_PDF_CIDFONT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <hpdf.h>

#include "font/font.h"
#include "font/ttf.h"
#include "pdf/flate.h"

typedef struct {
	unsigned char *program;  /* the glyf subset, deflated */
	size_t program_len, program_raw_len;
	unsigned char *map;      /* the CIDToGIDMap, deflated */
	size_t map_len;
	unsigned char *to_unicode; /* the ToUnicode CMap, deflated */
	size_t to_unicode_len;
	bool ok; /* false: the font's glyph tables could not be subset */
} ov_cidfont_data;

/* Subsets the font in ttf[0..len) (metrics f, loaded from the same bytes)
 * to the BMP code points set in used (8192 bytes, one bit each; bit 0
 * ignored) and compresses the program and its maps with z. Pure: safe on
 * any thread, one deflater per thread. */
void ov_cidfont_prepare(const uint8_t *ttf, size_t len, const ov_ttf *f, const uint8_t *used,
                        ov_deflater *z, ov_cidfont_data *out);
void ov_cidfont_data_free(ov_cidfont_data *d);

/* Adds the font's objects to pdf (the Type0 font, its CIDFontType2,
 * descriptor, program, CIDToGIDMap and ToUnicode) and returns the Type0
 * font, a dictionary HPDF_Page_GetLocalFontName accepts; NULL when libharu
 * failed (its error handler was called). tag is the six capital letters
 * of the subset prefix (PDF 1.7 §9.6.4); the widths (/W) are f's advances
 * of the code points in used, the ones the layout measured with. */
HPDF_Font ov_cidfont_add(HPDF_Doc pdf, const ov_cidfont_data *d, const ov_ttf *f, const uint8_t *used,
                         const char *tag, bool italic, bool bold);

/* ---- glyph-addressed fonts (text shaped by HarfBuzz) ----
 * The content streams hold glyph ids, two bytes each, through Identity-H:
 * CID = glyph id (PDF 1.7 §9.7.4.2). A TrueType font is a CIDFontType2
 * with /CIDToGIDMap /Identity and its program in FontFile2; an
 * OpenType/CFF font (not CID-keyed: the CIDs are then the glyph indices)
 * is a CIDFontType0 with the whole subset OpenType file in FontFile3
 * /Subtype /OpenType (PDF 1.6). The subsets keep glyph ids (font.h). */

/* One glyph drawn, and the text it stands for in the ToUnicode map. */
typedef struct {
	uint32_t gid;
	const char *text; /* UTF-8, NUL-terminated; NULL or "": no entry */
} ov_cid_glyph;

/* Subsets font f to the glyphs g[0..n) (sorted by gid, no duplicates)
 * and compresses the program and the ToUnicode CMap with z. Pure: safe on
 * any thread. */
void ov_cidfont_prepare_glyphs(const ov_font *f, const ov_cid_glyph *g, size_t n, ov_deflater *z,
                               ov_cidfont_data *out);

/* Adds the font's objects to pdf and returns the Type0 font (NULL when
 * libharu failed). The widths are the glyphs' own advances
 * (ov_font_advance), which the layout measured with. */
HPDF_Font ov_cidfont_add_glyphs(HPDF_Doc pdf, const ov_cidfont_data *d, const ov_font *f,
                                const ov_cid_glyph *g, size_t n, const char *tag, bool italic, bool bold);

/* The subset tag (PDF 1.7 §9.6.4: six capital letters) for font f
 * subset to g[0..n): derived from the font's name and glyphs, so that
 * two books' subsets of one font get different tags (merged PDFs keep
 * them apart) and a rebuild gets the same. tag: 7 bytes. */
void ov_cidfont_tag(const ov_font *f, const ov_cid_glyph *g, size_t n, char *tag);

#endif
