/*
 * subset.h - a TrueType font cut down to the characters a book uses
 * (HarfBuzz's subsetter), layout tables and all, for the EPUB (the PDF
 * embeds only the glyphs it draws: glyfsub.h).
 *
 *   uint8_t used[8192] = {0};            // one bit per BMP code point
 *   used[cp >> 3] |= 1 << (cp & 7);
 *   size_t n; uint8_t *sub = ov_font_subset(ttf, ttf_len, used, &n);
 *   ... free(sub);
 */
#ifndef OV_SUBSET_H
#define OV_SUBSET_H

#include <stddef.h>
#include <stdint.h>

/* Returns a malloc'ed subset of the font in data[0..len) holding the
 * glyphs of the code points set in used (8192 bytes, BMP only) and what
 * they need (composite parts, kerning and other layout data), or NULL when
 * the font cannot be subset. */
uint8_t *ov_font_subset(const uint8_t *data, size_t len, const uint8_t *used, size_t *out_len);

/* The same, also listing the glyph ids (of the font in data) that the
 * subset holds, in *gids (malloc'ed, *ngids entries; NULL and 0 when no
 * subset is made): what a reading system may draw, ligatures and other
 * alternates the layout tables reach included, to be checked
 * (fontcheck.h). gids may be NULL. */
uint8_t *ov_font_subset_glyphs(const uint8_t *data, size_t len, const uint8_t *used, size_t *out_len,
                               uint32_t **gids, size_t *ngids);

#endif
