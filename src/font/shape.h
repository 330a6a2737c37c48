/*
 * shape.h - text into positioned glyphs: HarfBuzz shaping (GSUB
 * ligatures and contextual forms, GPOS kerning and mark positioning)
 * over a chain of fonts searched per character (the book's face, then
 * fallback faces for symbols, emoji and mathematical letters).
 *
 *   ov_fontset *fs = ov_fontset_new("en");            // on one thread
 *   int body = ov_fontset_add(fs, gentium);           // fonts: not owned
 *   int sym = ov_fontset_add(fs, dejavu);
 *   ov_fontset_chain(fs, 0, (int[]){body, sym}, 2);   // chain 0
 *   ov_shaper *s = ov_shaper_new(fs);                 // one per thread
 *   ov_glyph_run run = {0};
 *   ov_shape(s, 0, 0, "office", 6, &run);             // run.glyphs[0..run.count)
 *   free(run.glyphs); ov_shaper_free(s); ov_fontset_free(fs);
 *
 * Itemization: each character takes the first font of the chain that has
 * it; combining marks, joiners and variation selectors stay in the font
 * of the character before them (so that HarfBuzz can compose or position
 * them), and a character no font has stays in the chain's first font,
 * which draws its .notdef glyph (glyph 0; the caller reports it). Each run
 * of one font is shaped with the whole text as context.
 *
 * Units: advances and offsets in 1/1000 em of the size the text is set
 * at, whatever the font's units per em.
 */
#ifndef OV_SHAPE_H
#define OV_SHAPE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "font/font.h"
#include "font/glyph.h"

/* Fonts a set holds at most, and fonts a chain lists at most. */
#define OV_FONTSET_MAX 32
#define OV_CHAIN_MAX 8
#define OV_CHAINS_MAX 8

typedef struct ov_fontset ov_fontset;

/* A set for text in language lang (BCP 47, e.g. "en"; NULL or "" for
 * none): HarfBuzz selects language-specific forms with it. */
ov_fontset *ov_fontset_new(const char *lang);
void ov_fontset_free(ov_fontset *fs);
/* Adds font f (not owned; it must outlive the set) and returns its index,
 * or -1 when the set is full. Adding the same font twice returns the
 * first index. */
int ov_fontset_add(ov_fontset *fs, ov_font *f);
/* A font loaded only when shaping first needs it (a fallback most books
 * never use: it is not read then): load(ctx, index) is called once, on
 * whichever thread needs it first, under the set's lock, and returns the
 * font (owned by the caller) or NULL when it cannot be had (the chains
 * then skip it). Returns the index, or -1 when the set is full. */
typedef ov_font *(*ov_font_loader)(void *ctx, int index);
int ov_fontset_add_lazy(ov_fontset *fs, ov_font_loader load, void *ctx);
/* Whether lazy entry index was tried (loaded or failed); true for others
 * once added. Call when no thread shapes any more, for reports. */
bool ov_fontset_tried(const ov_fontset *fs, int index);
/* Font index, or NULL: not loaded (yet, for a lazy entry), or failed. */
ov_font *ov_fontset_font(const ov_fontset *fs, int index);
size_t ov_fontset_count(const ov_fontset *fs);
/* Sets chain number chain (0 .. OV_CHAINS_MAX-1) to the fonts
 * fonts[0..n) (indices from ov_fontset_add), searched in that order;
 * more than OV_CHAIN_MAX are ignored. */
void ov_fontset_chain(ov_fontset *fs, int chain, const int *fonts, size_t n);
/* The index of the font of chain that draws code point cp (the first
 * that has it), or -1 when none does. */
int ov_fontset_font_for(const ov_fontset *fs, int chain, uint32_t cp);

/* Flags of ov_shape. */
enum {
	OV_SHAPE_CODE = 1, /* code: no ligatures, contextual alternates or kerning (text as typed) */
};

typedef struct ov_shaper ov_shaper;
/* A shaper for one thread at a time (it owns HarfBuzz buffers). */
ov_shaper *ov_shaper_new(const ov_fontset *fs);
void ov_shaper_free(ov_shaper *s);

/* Shapes the UTF-8 text[0..len) with chain and flags, appending its glyphs
 * to run (run->width grows by their advances). Returns the number of
 * glyphs appended. Invalid UTF-8 is shaped as U+FFFD. */
size_t ov_shape(ov_shaper *s, int chain, unsigned flags, const char *text, size_t len, ov_glyph_run *run);

/* Whether cp is a character that draws nothing and needs no glyph
 * (default ignorable: joiners, variation selectors, soft hyphen...). */
bool ov_char_is_ignorable(uint32_t cp);

#endif
