/*
 * kern.h - pair kerning of a word from the font's own data (OpenType GPOS
 * 'kern' feature, or a legacy 'kern' table), through HarfBuzz. libharu
 * applies no kerning (docs/libraries.md §1.2), so the layout positions
 * kerned runs itself.
 *
 *   ov_kerner *k = ov_kerner_new(check);     // fontcheck.h; check must outlive k
 *   int16_t adj[64]; int total;
 *   if (ov_kern(k, "AVATAR", 6, adj, 64, &total) == 6) ... // adj[i]: after char i
 *   ov_kerner_free(k);
 */
#ifndef OV_KERN_H
#define OV_KERN_H

#include <stddef.h>
#include <stdint.h>

#include "font/fontcheck.h"

typedef struct ov_kerner ov_kerner;

/* A kerner on the HarfBuzz face of a checked font (fontcheck.h), which
 * has read and sanitized its tables already: the kerners of one font, one
 * per layout thread, share it and its shaping plans. c must outlive the
 * kerner. NULL when the font gives no units per em. */
ov_kerner *ov_kerner_new(const ov_fontcheck *c);
void ov_kerner_free(ov_kerner *k);

/* Kerning of the UTF-8 text[0..len): adj[i] is the space to add after its
 * i-th character, in 1/1000 em (negative: closer), *total their sum.
 * Returns the number of characters, or -1 when the text has more than max
 * characters or the font does not map it one glyph per character (then no
 * kerning applies). Ligatures and other substitutions are turned off so
 * that glyphs stay the characters libharu encodes. */
int ov_kern(ov_kerner *k, const char *text, size_t len, int16_t *adj, size_t max, int *total);

#endif
