/*
 * harufix.h - workarounds for libharu 2.3.0 defects that damage output
 * (docs/libraries.md §6). They use libharu's installed internal headers
 * (hpdf.h includes them), never patched or copied libharu code.
 */
#ifndef OV_HARUFIX_H
#define OV_HARUFIX_H

#include <stddef.h>
#include <stdint.h>

#include <hpdf.h>

/* Replaces the ToUnicode stream of a UTF-8 (Identity-H) font, which 2.3.0
 * fills with an encoder CMap that poppler rejects ("Invalid
 * 'begincidrange' operator"), by an identity bfrange map of the BMP (the
 * codes are the code points). Call right after HPDF_GetFont. */
HPDF_STATUS ov_haru_fix_tounicode(HPDF_Font font);

/* Marks, for the subset, every glyph reached as a component of a composite
 * glyph already used (2.3.0 flags only direct components, and only the first
 * time; components are read as signed). ttf is the font file's bytes.
 * Call after the last text is drawn and before saving. */
void ov_haru_close_composites(HPDF_Font font, const uint8_t *ttf, size_t ttf_len);

/* Loads a TrueType font for embedding from memory (2.3.0 loads only from
 * files), registered with pdf under tag (six capital letters, the subset
 * prefix of PDF 1.7 §9.6.4). Returns its definition, whose base_font is the
 * name for HPDF_GetFont, or NULL (libharu's error handler was called).
 * data is copied. A font whose name is already registered returns the
 * registered definition. */
HPDF_FontDef ov_haru_load_ttf(HPDF_Doc pdf, const uint8_t *data, size_t len, const char *tag);

/* Replaces the character map of a loaded definition by one holding only
 * the code points set in used (8192 bytes, one bit per BMP code point),
 * before HPDF_GetFont: 2.3.0 then looks every BMP code point up in the
 * font's map, segment by segment (a quarter of the time of a short book),
 * and puts every mapped character into the font's /W widths. With this
 * map, the lookups take two steps and /W lists the characters drawn. */
void ov_haru_trim_cmap(HPDF_FontDef def, const uint8_t *used);

/* Marks a stream dictionary whose data is already FlateDecode-compressed:
 * libharu copies the bytes as they are (its filter is NONE, else it would
 * compress them again) and "/Filter /FlateDecode" is written with the
 * dictionary. */
void ov_haru_precompressed(HPDF_Dict dict);

/* An image XObject (PDF 1.7 §8.9.5) whose samples are zdata[0..zlen): a
 * zlib stream of PNG-filtered rows, one filter byte per row, 8 bits per
 * sample, RGB when color else gray: the concatenated IDAT data of such a
 * PNG, which FlateDecode with the PNG predictors (§7.4.4.4, /Predictor 15)
 * reads as it is, so it is neither decoded nor compressed again. zdata is
 * copied. Returns NULL after libharu's error handler was called. */
HPDF_Image ov_haru_flate_image(HPDF_Doc pdf, const uint8_t *zdata, size_t zlen, unsigned width,
                               unsigned height, int color);

#endif
