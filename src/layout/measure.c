/*
 * measure.c - widths through the font metrics (ov_metrics): of text, and
 * of pieces with their kerning, each distinct word measured once per face;
 * characters missing from the fonts are reported once each, at the first
 * place they occur.
 */
#include "internal.h"

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

static void report_missing(lay *c, ov_face face, uint32_t cp, ov_pos pos)
{
	if (!lay_missing_first(c, cp << 3 | (uint32_t)face))
		return;
	static const char *const names[] = {"regular", "italic", "bold", "bold italic", "monospace"};
	char ch[5] = {0};
	ov_utf8_encode(cp, ch);
	if (cp > 0xFFFF)
		ov_diag_warning(c->diag, pos,
		                "character U+%04X '%s' is outside the Basic Multilingual Plane, which the PDF "
		                "writer cannot encode; it prints as a space",
		                cp, ch);
	else
		ov_diag_warning(c->diag, pos, "character U+%04X '%s' is missing from the %s font", cp, ch,
		                names[face]);
}

/* Width in points of s[0..len) in face at size; reports missing glyphs
 * against pos when pos.file is set. */
double lay_text_width(lay *c, ov_face face, double size, const char *s, size_t len, ov_pos pos)
{
	long w = 0;
	size_t i = 0;
	while (i < len) {
		uint32_t cp;
		int k = ov_utf8_decode(s + i, len - i, &cp);
		i += k > 0 ? (size_t)k : 1;
		if (pos.file && cp >= 0x20 && (cp > 0xFFFF || !c->m->has_glyph(c->m->ctx, face, cp)))
			report_missing(c, face, cp, pos);
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

/* A measured word, in font units, for any size (lay.measured). */
typedef struct {
	const char *text;    /* the word, NUL-terminated, in the layout arena */
	long advance;        /* sum of the advances */
	int kern_total;      /* sum of the kerning */
	size_t chars;
	const int16_t *kern; /* kerning after each character (layout arena), or NULL */
	bool missing;        /* some character has no glyph (reported on use) */
} measured;

/* Longest word kept in the measuring cache, in bytes. A longer "word" (a
 * URL, a formula, a line of minified code) is seldom repeated, and keeping
 * each of them whole, together with the parts a last-resort split makes of
 * it, let one 4 MB word fill the cache with its every suffix. 1,024 bytes
 * are more than 256 characters, so no such word is kerned (the kerning
 * callback is asked about words of at most 256 characters) and measuring
 * one allocates nothing. */
#define MEASURE_CACHE_MAX 1024

/* Measures s[0..len) in face into mw: advances, characters, missing
 * glyphs and (for 2 to 256 characters) kerning, kept in the arena. */
static void measure_text(lay *c, ov_face face, const char *s, size_t len, measured *mw)
{
	long w = 0;
	size_t i = 0;
	while (i < len) {
		uint32_t cp;
		int k = ov_utf8_decode(s + i, len - i, &cp);
		i += k > 0 ? (size_t)k : 1;
		if (cp >= 0x20 && (cp > 0xFFFF || !c->m->has_glyph(c->m->ctx, face, cp)))
			mw->missing = true;
		w += c->m->advance(c->m->ctx, face, cp);
		mw->chars++;
	}
	mw->advance = w;
	if (c->m->kern && face != OV_FACE_MONO && mw->chars >= 2 && mw->chars <= 256) {
		int16_t adj[256];
		int total = 0;
		int n = c->m->kern(c->m->ctx, face, s, len, adj, 256, &total);
		bool any = false;
		for (int i2 = 0; n == (int)mw->chars && i2 < n; i2++)
			any = any || adj[i2] != 0;
		if (any) {
			int16_t *k = ov_arena_calloc(c->arena, (size_t)n, sizeof *k);
			memcpy(k, adj, (size_t)n * sizeof *k);
			mw->kern = k;
			mw->kern_total = total;
		}
	}
}

/* Measures a piece: its characters, its kerning and its width with the
 * kerning; missing glyphs are reported against pos. A book repeats its
 * words, so each distinct word up to MEASURE_CACHE_MAX bytes is measured
 * once per face: the font callbacks per character were a tenth of the
 * layout's time. */
void lay_measure_piece(lay *c, piece *p, ov_pos pos)
{
	measured once, *mw;
	if (p->len > MEASURE_CACHE_MAX) {
		memset(&once, 0, sizeof once);
		measure_text(c, p->face, p->text, p->len, &once);
		mw = &once; /* text stays NULL: a box of it copies its text */
	} else {
		bool found;
		void **slot = ov_strmap_slot(&c->measured[p->face], p->text, p->len, &found);
		mw = *slot;
		if (!found) {
			mw = ov_arena_calloc(c->arena, 1, sizeof *mw);
			*slot = mw;
			mw->text = ov_arena_strndup(c->arena, p->text, p->len);
			measure_text(c, p->face, p->text, p->len, mw);
		}
	}
	if (mw->missing && pos.file)
		lay_text_width(c, p->face, p->size, p->text, p->len, pos); /* reports each character once */
	p->width = (double)mw->advance * p->size / 1000.0;
	p->chars = mw->chars;
	p->stored = mw->text;
	p->kern = mw->kern;
	if (mw->kern)
		p->width += (double)mw->kern_total * p->size / 1000.0;
}
