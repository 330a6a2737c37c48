/*
 * cidfont.h - the PDF objects of an embedded font, made by Octavo instead
 * of libharu's HPDF_GetFont: a Type0 font with the Identity-H encoding,
 * whose content-stream codes are glyph ids, two bytes each (CID = glyph
 * id; PDF 1.7 §9.7.4.2, §9.7.5.2). A TrueType font is a CIDFontType2 with
 * /CIDToGIDMap /Identity and its program in FontFile2; an OpenType/CFF
 * font (not CID-keyed: its CIDs are then its glyph indices; fontcheck.h
 * refuses CID-keyed ones) is a CIDFontType0 with the whole subset
 * OpenType file in FontFile3 /Subtype /OpenType (PDF 1.6). The programs
 * are HarfBuzz's subsets, glyph ids kept (ov_font_subset_for_pdf).
 *
 * Why not libharu's: libharu 2.3.0 makes a 128 KB CIDToGIDMap and walks
 * every BMP code point of a font while making it, cannot address glyphs
 * that no character maps to (ligatures, contextual forms), needs repairs
 * to its ToUnicode map (docs/libraries.md §6), and compresses everything
 * on the one thread that saves. Here the subset and the ToUnicode CMap
 * hold only what is drawn, and they are compressed on whichever thread
 * prepares the face.
 *
 *   ov_cidfont_data d;                                 // any thread, no libharu
 *   ov_cidfont_prepare_glyphs(font, glyphs, n, deflater, &d);
 *   char tag[7];
 *   ov_cidfont_tag(font, glyphs, n, tag);
 *   HPDF_Font f = ov_cidfont_add_glyphs(pdf, &d, font, glyphs, n, tag, italic, bold);
 *   ov_cidfont_data_free(&d);
 */
#ifndef OV_PDF_CIDFONT_H
#define OV_PDF_CIDFONT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <hpdf.h>

#include "font/font.h"
#include "pdf/flate.h"

typedef struct {
	unsigned char *program;  /* the font program (subset), deflated */
	size_t program_len, program_raw_len;
	unsigned char *to_unicode; /* the ToUnicode CMap, deflated */
	size_t to_unicode_len;
	bool ok; /* false: HarfBuzz could not subset the font, or its subset is not sound */
} ov_cidfont_data;

/* One glyph drawn, and the text it stands for in the ToUnicode map. */
typedef struct {
	uint32_t gid;
	const char *text; /* UTF-8, NUL-terminated; NULL or "": no entry */
} ov_cid_glyph;

/* Subsets font f to the glyphs g[0..n) (sorted by gid, no duplicates),
 * checks that the subset's glyphs are as sound as the font's were
 * (fontcheck.h), and compresses the program and the ToUnicode CMap with
 * z. out->ok is false when HarfBuzz could not subset the font or the
 * subset is not sound. Pure: safe on any thread. */
void ov_cidfont_prepare_glyphs(const ov_font *f, const ov_cid_glyph *g, size_t n, ov_deflater *z,
                               ov_cidfont_data *out);
/* Frees what d holds (not d) and empties it. */
void ov_cidfont_data_free(ov_cidfont_data *d);

/* Adds the font's objects to pdf (the Type0 font, its CIDFont,
 * descriptor, program and ToUnicode) and returns the Type0 font, a
 * dictionary HPDF_Page_GetLocalFontName accepts; NULL when libharu failed
 * (its error handler was called). tag is the subset prefix
 * (ov_cidfont_tag); the widths (/W) are the glyphs' own advances
 * (ov_font_advance), which the layout measured with. */
HPDF_Font ov_cidfont_add_glyphs(HPDF_Doc pdf, const ov_cidfont_data *d, const ov_font *f,
                                const ov_cid_glyph *g, size_t n, const char *tag, bool italic, bool bold);

/* The subset tag (PDF 1.7 §9.6.4: six capital letters) for font f
 * subset to g[0..n): derived from the font's name and glyphs, so that
 * two books' subsets of one font get different tags (merged PDFs keep
 * them apart) and a rebuild gets the same. tag: 7 bytes. */
void ov_cidfont_tag(const ov_font *f, const ov_cid_glyph *g, size_t n, char *tag);

#endif
