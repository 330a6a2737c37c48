/*
 * fontcheck.h - is a font sound enough to use? A font is untrusted input
 * (docs/architecture.md, "Trust"): a damaged outline or a glyph-offset
 * table that points past the outlines used to print as spikes, blobs or
 * nothing, with exit status 0. The check runs in two steps, so that a font
 * damaged only in glyphs a book never draws still serves it:
 *
 *   char why[OV_FONTCHECK_WHY];
 *   ov_fontcheck *chk = ov_fontcheck_open(data, len, why, sizeof why);
 *   if (!chk)                                       // (ov_font_load does this)
 *       error("font '%s' %s", path, why);           // whole-font damage
 *   ...                                             // gids[]: the glyphs drawn
 *   if (ov_fontcheck_glyphs(chk, gids, n, why, sizeof why) != 0)
 *       error("font '%s' %s", path, why);           // a glyph the book uses
 *   else if (ov_fontcheck_damaged(chk, why, sizeof why))
 *       warning("font '%s' %s", path, why);         // glyphs it does not use
 *   ov_fontcheck_free(chk);
 *
 * Messages continue "font 'PATH' ": one line, lower case, for example
 * "is damaged: table 'loca': glyph 36 (for 'A') lies outside table 'glyf'
 * (bytes 4888 to 581602 of 581502)".
 *
 * What is checked when the font is opened (OpenType 1.9 chapters named):
 * - the file: an OpenType font, with TrueType outlines ('glyf') or CFF
 *   ones ('CFF '), whose table directory has every table inside the file;
 * - 'head' (version, magic number, unitsPerEm 16..16384, indexToLocFormat,
 *   a bounding box in order and within OV_FONTCHECK_MAX_EM em), 'maxp'
 *   (numGlyphs), 'hhea' and 'hmtx' (numberOfHMetrics), 'cmap', and the
 *   versions of GDEF, GSUB and GPOS;
 * - the tables HarfBuzz reads for shaping and kerning (head, maxp, hhea,
 *   hmtx, cmap, OS/2, post, name, GDEF, GSUB, GPOS, and kern when shaping
 *   reads it): each goes through HarfBuzz's sanitizer, and one that it
 *   rejects, or could only accept by blanking parts of it, is damaged;
 * - TrueType: 'loca' long enough for numGlyphs + 1 offsets, and every
 *   glyph's offsets ('loca': in order, inside 'glyf') and header ('glyf':
 *   inside the glyph's bytes, a valid number of contours, a bounding box
 *   in order and inside the font's, 'head');
 * - CFF (Adobe TN #5176): the header (version 1, a header size within the
 *   table), a Name INDEX and a Top DICT INDEX within the table holding one
 *   font, Top DICT offsets in order, no ROS operator in the Top DICT; and
 *   that HarfBuzz can read the table at all. HarfBuzz's sanitizer checks
 *   only the 'CFF ' header; the rest (String, Global Subrs and CharStrings
 *   INDEXes, charset, Private DICT, local subroutines, a CharStrings count
 *   equal to numGlyphs) HarfBuzz reads before its first glyph, and reads
 *   no glyph at all when any of it is wrong: that verdict is asked of
 *   glyph 0 (.notdef), whose charstring must also run (below). A table
 *   HarfBuzz cannot read would draw every glyph empty and subset into
 *   nothing.
 * What is checked of a glyph a book asks for (ov_fontcheck_code_points,
 * ov_fontcheck_glyphs), once each:
 * - TrueType, the glyph and every glyph it is made of: contour end points
 *   increasing; flags, coordinates and instructions within the glyph's
 *   bytes; every point inside the glyph's bounding box; composite glyphs:
 *   records within the bytes, component ids below numGlyphs, no glyph made
 *   of itself or of a cycle, nesting at most OV_FONTCHECK_MAX_DEPTH levels,
 *   offsets near the font's box, anchor points that exist. (All of every
 *   glyph at open would cost a tenth of a book's build.)
 * - CFF: its charstring (Type 2, Adobe TN #5177) runs to its end in
 *   HarfBuzz's interpreter, the one the subsetter uses, which bounds its
 *   stacks, subroutine nesting and work; drawn, every point lies within an
 *   em of the font's box ('head'), and there are at most
 *   OV_FONTCHECK_MAX_POINTS of them.
 * Bounded work on any input: a glyph's bytes are read a bounded number of
 * times, composites are walked with an explicit stack (no recursion), and
 * every glyph is judged once.
 *
 * Refused, each with a message of its own: font collections ('ttcf'),
 * web fonts (WOFF, WOFF2), fonts with CFF2 outlines (variable fonts: CFF2
 * came with OpenType 1.8, after the font formats PDF 1.7 embeds),
 * CID-keyed CFF fonts (their codes reach glyphs through the charset, and
 * the PDF's codes here are glyph ids; PDF 1.7 §9.7.4.2), and a 'CFF '
 * table that holds more than one font. Anything else is "not an OpenType
 * or TrueType font".
 *
 * Not checked: hinting (TrueType's fpgm, prep and cvt programs; CFF's stem
 * hints, hint masks and the Private DICT's alignment zones: what a
 * viewer's rasterizer runs or reads in its own sandbox), tables neither
 * writer reads (for example MATH, COLR; Graphite's Silf, Glat, Gloc:
 * kerning uses HarfBuzz's OpenType shaper and the EPUB's subsets drop
 * them), 'kern' when GPOS kerns the text's script (HarfBuzz then never
 * reads it; the subsets drop it), a CFF font's charset and encoding beyond
 * HarfBuzz's reading of them (the PDF addresses glyphs by index and
 * reading systems map characters through 'cmap') and its FontMatrix, and
 * whether outlines look right. ov_fontcheck_damaged has nothing to scan in
 * a CFF font, whose glyphs are judged only by running them, and reports 0.
 *
 * Thread safety: ov_fontcheck_open is safe on any thread; a checker remembers
 * the glyphs it judged, so its functions are called from one thread at a
 * time (its HarfBuzz face, ov_fontcheck_face, may be shaped with from
 * any number).
 */
#ifndef OV_FONTCHECK_H
#define OV_FONTCHECK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Composite glyphs nest at most this many levels (a composite of simple
 * glyphs is one level): far beyond real fonts (DejaVu Serif's maxp gives
 * 4, Gentium's 1). OpenType's maxp.maxComponentDepth is the font's own
 * claim, and is not relied on. */
#define OV_FONTCHECK_MAX_DEPTH 16
/* The font's bounding box ('head') lies within this many em of the origin. */
#define OV_FONTCHECK_MAX_EM 8
/* A CFF glyph draws at most this many points: real outlines have a few
 * hundred, and a charstring that calls subroutines over and over can draw
 * hundreds of thousands within the work HarfBuzz's interpreter allows, for
 * every viewer to fill. */
#define OV_FONTCHECK_MAX_POINTS 100000
/* A size for the why buffers that holds any message. */
#define OV_FONTCHECK_WHY 320

typedef struct ov_fontcheck ov_fontcheck;

/* Checks the font in data[0..len), TrueType (glyf) or OpenType/CFF, as
 * listed above (font.h's ov_font_load calls this, then reads the metrics
 * through HarfBuzz). data must outlive the checker. Returns NULL with why
 * set ("is damaged: ...", or one of the refusals above) when the font
 * cannot be used. */
ov_fontcheck *ov_fontcheck_open(const uint8_t *data, size_t len, char *why, size_t size);
/* The same for a font program to embed in a PDF (ov_font_subset_for_pdf
 * makes them): a missing 'cmap' is no damage, since the PDF addresses
 * its glyphs by id, and hb-subset leaves 'cmap' out when no glyph kept
 * stands for a character. */
ov_fontcheck *ov_fontcheck_open_program(const uint8_t *data, size_t len, char *why, size_t size);
void ov_fontcheck_free(ov_fontcheck *c);

/* The glyphs the font draws for the code points cps[0..count), of any
 * plane (0 is skipped), and every glyph they are made of; glyph 0
 * (.notdef) for one the font lacks, since that is what is drawn then.
 * Also checks that HarfBuzz's reading of 'cmap' maps them to glyphs that
 * exist. Returns 0; or -1 with why "is damaged: table 'glyf': glyph 36
 * (for 'A') ..." for the first damaged one in the order given. */
int ov_fontcheck_code_points(ov_fontcheck *c, const uint32_t *cps, size_t count, char *why, size_t size);

/* The same for the glyph ids gids[0..count) (for example all that a
 * subset holds, or what shaping drew), and -1 for an id the font does not
 * have. Glyph 0, which every subset keeps, is skipped: a caller that draws
 * it asks ov_fontcheck_glyph_ok(c, 0). */
int ov_fontcheck_glyphs(ov_fontcheck *c, const uint32_t *gids, size_t count, char *why, size_t size);

/* Whether glyph gid and the glyphs it is made of are sound. */
bool ov_fontcheck_glyph_ok(ov_fontcheck *c, uint32_t gid);

/* HarfBuzz's face of the checked font, its tables read and sanitized
 * (font.h's font is made on it; it lives as long as c). Safe to shape
 * with from several threads at once, as HarfBuzz faces are. */
struct hb_face_t;
struct hb_face_t *ov_fontcheck_face(const ov_fontcheck *c);
/* A HarfBuzz font on that face, scaled to font units. */
struct hb_font_t;
struct hb_font_t *ov_fontcheck_font(const ov_fontcheck *c);
/* Whether the outlines are CFF (else glyf); the glyph count (maxp). */
bool ov_fontcheck_is_cff(const ov_fontcheck *c);
uint32_t ov_fontcheck_glyph_count(const ov_fontcheck *c);
/* The lowest code point the font maps to glyph g, 0 for none (slow: for
 * messages). */
uint32_t ov_fontcheck_char_of(const ov_fontcheck *c, uint32_t g);

/* The number of glyphs in the whole font whose offsets or header are
 * damaged; when there are any, why says "is damaged in N glyphs this book
 * does not use; the first: ..." (the caller has checked the ones it uses,
 * so the figure does not depend on them). */
size_t ov_fontcheck_damaged(const ov_fontcheck *c, char *why, size_t size);

#endif
