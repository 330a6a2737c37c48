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

#endif
