/*
 * measure.c - text shaped into glyphs through the font metrics
 * (ov_metrics: HarfBuzz's ligatures, kerning and marks, fallback fonts)
 * and measured, each distinct word once per face; characters no font has
 * are reported once each, at the first place they occur.
 */
#include "internal.h"

#include <stdio.h>
#include <string.h>

#include "util/buf.h"
#include "util/strmap.h"
#include "util/utf8.h"

/* Records key (cp << 3 | face) as reported by the next message of c->diag;
 * false when it was reported already. */
bool lay_missing_first(lay *c, uint32_t key)
{
	/* a set, not a scan of the list: a chapter of CJK text set in a Latin
	 * font reports thousands of characters */
	bool found;
	ov_strmap_slot(&c->missing_set, (const char *)&key, sizeof key, &found);
	if (found)
		return false;
	if (c->missing_count == c->missing_cap) {
		c->missing_cap = c->missing_cap ? c->missing_cap * 2 : 16;
		c->missing = ov_xrealloc(c->missing, c->missing_cap * sizeof *c->missing);
		c->missing_rec = ov_xrealloc(c->missing_rec, c->missing_cap * sizeof *c->missing_rec);
	}
	c->missing_rec[c->missing_count] = c->diag->count;
	c->missing[c->missing_count++] = key;
	return true;
}

/* The writing system of cp, coarsely, by the Unicode blocks books miss
 * most (The Unicode Standard, chapter 18 and Blocks.txt): the missing
 * characters of a chapter fold into one warning per script, since a
 * fallback font for the script is the remedy. */
static const char *script_of(uint32_t cp)
{
	static const struct {
		uint32_t lo, hi;
		const char *name;
	} blocks[] = {
		{0x0370, 0x03FF, "greek"},      {0x0400, 0x052F, "cyrillic"},   {0x0590, 0x05FF, "hebrew"},
		{0x0600, 0x06FF, "arabic"},     {0x0900, 0x0DFF, "indic"},      {0x0E00, 0x0E7F, "thai"},
		{0x1100, 0x11FF, "hangul"},     {0x2000, 0x2BFF, "symbols"},    {0x2E80, 0x2FDF, "han"},
		{0x3000, 0x303F, "cjk"},        {0x3040, 0x30FF, "kana"},       {0x3130, 0x318F, "hangul"},
		{0x31F0, 0x31FF, "kana"},       {0x3400, 0x4DBF, "han"},        {0x4E00, 0x9FFF, "han"},
		{0xAC00, 0xD7AF, "hangul"},     {0xF900, 0xFAFF, "han"},        {0xFF00, 0xFFEF, "cjk"},
		{0x1F000, 0x1FAFF, "emoji"},    {0x20000, 0x3FFFF, "han"},
	};
	for (size_t i = 0; i < sizeof blocks / sizeof *blocks; i++)
		if (cp >= blocks[i].lo && cp <= blocks[i].hi)
			return blocks[i].name;
	return "other";
}

/* Reports code point cp, which no font of the chain has, at pos once;
 * those of one script in one file fold into one warning that lists them. */
static void report_missing(lay *c, uint32_t cp, ov_pos pos)
{
	if (!lay_missing_first(c, cp << 3))
		return;
	char ch[5] = {0};
	ov_utf8_encode(cp, ch);
	char key[32], item[24];
	snprintf(key, sizeof key, "missing-char\x1f%s", script_of(cp));
	snprintf(item, sizeof item, "U+%04X '%s'", cp, ch);
	ov_diag_warning_listed(c->diag, pos, key, item,
	                       "character U+%04X '%s' is in none of the fonts (the book's or the fallback fonts); "
	                       "it prints as an empty box",
	                       cp, ch);
}

/* Whether glyph g of text s stands for a character no font has: glyph 0
 * where a visible character is; its code point in *cp. */
static bool glyph_missing(const ov_glyph *g, const char *s, size_t len, uint32_t *cp)
{
	if (g->gid != 0 || g->cluster >= len)
		return false;
	int k = ov_utf8_decode(s + g->cluster, len - g->cluster, cp);
	(void)k;
	return *cp >= 0x20 && *cp != 0x7F && !(*cp >= 0x80 && *cp < 0xA0);
}

/* Reports the characters of the cluster of glyph i (of g[0..n), shaped
 * from s[0..len)), a glyph 0, that no font has: those the chain lacks,
 * else (a font that has them all could not be found for the cluster) its
 * first. */
static void report_cluster(lay *c, ov_face face, const ov_glyph *g, size_t n, size_t i, const char *s, size_t len,
                           ov_pos pos)
{
	size_t at = g[i].cluster, end = ov_glyph_cluster_end(g, n, i, len);
	bool any = false;
	uint32_t first = 0;
	for (size_t k = at; k < end;) {
		uint32_t cp;
		int m = ov_utf8_decode(s + k, end - k, &cp);
		k += m > 0 ? (size_t)m : 1;
		if (k == at + (size_t)(m > 0 ? m : 1))
			first = cp;
		if (cp >= 0x20 && !c->m->has_glyph(c->m->ctx, face, cp)) {
			report_missing(c, cp, pos);
			any = true;
		}
	}
	if (!any && first)
		report_missing(c, first, pos);
}

/* Shapes s[0..len) in face into c->scratch (emptied first): through the
 * metrics' shaper, or one glyph per character for a test font. */
static void shape_text(lay *c, ov_face face, const char *s, size_t len)
{
	ov_glyph_run *r = &c->scratch;
	r->count = 0;
	r->width = 0;
	if (c->m->shape) {
		c->m->shape(c->m->ctx, face, s, len, r);
		return;
	}
	for (size_t i = 0; i < len;) {
		uint32_t cp;
		int k = ov_utf8_decode(s + i, len - i, &cp);
		if (r->count == r->cap) {
			r->cap = r->cap ? r->cap * 2 : 64;
			r->glyphs = ov_xrealloc(r->glyphs, r->cap * sizeof *r->glyphs);
		}
		int a = c->m->advance(c->m->ctx, face, cp);
		bool has = cp < 0x20 || c->m->has_glyph(c->m->ctx, face, cp);
		r->glyphs[r->count++] = (ov_glyph){has ? cp : 0, (uint32_t)i, (uint16_t)face, (uint16_t)a, 0, 0, 0};
		r->width += a;
		i += k > 0 ? (size_t)k : 1;
	}
}

/* Width in points of s[0..len) in face at size, with its kerning and
 * ligatures; reports characters no font has against pos when pos.file is
 * set. A text longer than the measuring cache keeps is summed from the
 * characters' advances instead of shaped (as lay_measure_piece). */
double lay_text_width(lay *c, ov_face face, double size, const char *s, size_t len, ov_pos pos)
{
	if (len <= LAY_MEASURE_CACHE_MAX) {
		const lay_measured *mw = lay_shaped(c, face, s, len);
		if (mw->missing && pos.file)
			for (size_t i = 0; i < mw->count; i++) {
				uint32_t cp;
				if (glyph_missing(&mw->glyphs[i], mw->text, len, &cp))
					report_cluster(c, face, mw->glyphs, mw->count, i, mw->text, len, pos);
			}
		return (double)mw->advance * size / 1000.0;
	}
	long w = 0;
	size_t i = 0;
	while (i < len) {
		uint32_t cp;
		int k = ov_utf8_decode(s + i, len - i, &cp);
		i += k > 0 ? (size_t)k : 1;
		if (pos.file && cp >= 0x20 && !c->m->has_glyph(c->m->ctx, face, cp))
			report_missing(c, cp, pos);
		w += c->m->advance(c->m->ctx, face, cp);
	}
	return (double)w * size / 1000.0;
}

/* Plain text of n in the layout's arena (the tree and its arena stay
 * untouched). */
const char *lay_plain(lay *c, const ov_node *n)
{
	ov_buf b = OV_BUF_INIT;
	ov_node_plain_text_buf(&b, n);
	const char *s = ov_arena_strndup(c->arena, ov_buf_cstr(&b), b.len);
	ov_buf_dispose(&b);
	return s;
}

double lay_plain_width(lay *c, ov_face face, double size, const char *s)
{
	return lay_text_width(c, face, size, s, strlen(s), (ov_pos){0, 0, 0});
}

/* Measures s[0..len) in face into mw: shapes it and keeps its glyphs
 * in the arena, with their width, the glyphs letter spacing goes after,
 * and whether a character is in no font. */
static void measure_text(lay *c, ov_face face, const char *s, size_t len, lay_measured *mw)
{
	shape_text(c, face, s, len);
	const ov_glyph_run *r = &c->scratch;
	mw->advance = r->width;
	mw->count = r->count;
	ov_glyph *g = ov_arena_alloc(c->arena, (r->count ? r->count : 1) * sizeof *g);
	memcpy(g, r->glyphs, r->count * sizeof *g);
	mw->glyphs = g;
	size_t slots = 0;
	for (size_t i = 0; i < r->count; i++) {
		uint32_t cp;
		if (glyph_missing(&g[i], s, len, &cp))
			mw->missing = true;
		if (ov_glyph_tracks(g, i, r->count))
			slots++;
	}
	mw->chars = r->count ? slots + 1 : 0;
}

const lay_measured *lay_shaped(lay *c, ov_face face, const char *s, size_t len)
{
	if (len > LAY_MEASURE_CACHE_MAX) {
		/* not kept in the cache: measured for this one use */
		lay_measured *mw = ov_arena_calloc(c->arena, 1, sizeof *mw);
		mw->text = ov_arena_strndup(c->arena, s, len);
		measure_text(c, face, s, len, mw);
		return mw;
	}
	bool found;
	void **slot = ov_strmap_slot(&c->measured[face], s, len, &found);
	lay_measured *mw = *slot;
	if (!found) {
		mw = ov_arena_calloc(c->arena, 1, sizeof *mw);
		*slot = mw;
		mw->text = ov_arena_strndup(c->arena, s, len);
		measure_text(c, face, s, len, mw);
	}
	return mw;
}

/* Measures a piece: its glyphs and its width with kerning and ligatures;
 * characters no font has are reported against pos. A book repeats its
 * words, so each distinct word up to LAY_MEASURE_CACHE_MAX bytes is
 * shaped once per face. A longer piece (a URL, a formula, a line of
 * minified code: seldom repeated, and a 4 MB "word" would fill the cache
 * with its every suffix as the last-resort split cuts it) is measured by
 * its characters' advances and shaped only if it is drawn whole. */
void lay_measure_piece(lay *c, piece *p, ov_pos pos)
{
	if (p->len > LAY_MEASURE_CACHE_MAX) {
		p->width = lay_text_width(c, p->face, p->size, p->text, p->len, pos);
		p->chars = ov_utf8_count(p->text, p->len);
		p->stored = NULL; /* a box of it copies its text */
		p->glyphs = NULL;
		p->glyph_count = 0;
		return;
	}
	const lay_measured *mw = lay_shaped(c, p->face, p->text, p->len);
	if (mw->missing && pos.file)
		lay_text_width(c, p->face, p->size, p->text, p->len, pos); /* reports each character once */
	p->width = (double)mw->advance * p->size / 1000.0;
	p->chars = mw->chars;
	p->stored = mw->text;
	p->glyphs = mw->glyphs;
	p->glyph_count = mw->count;
}
