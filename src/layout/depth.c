/*
 * depth.c - page depth: every page of a chapter but its last ends at the
 * same baseline, so that facing pages align at the foot. The page builder
 * fills a page line by line; when the next line, a heading with what it
 * keeps, or a row cannot follow, the page ends a little short, and the
 * room left is spread over the page's stretchable gaps (the space between
 * paragraphs, around headings, lists, quotes, code, tables, displays and
 * figures: whatever lay_vspace set), never between the lines of a
 * paragraph. This is TeX's \flushbottom (The TeXbook, ch. 15: the page is
 * a vbox of the full \vsize whose glue stretches), with the glue of the
 * gaps only; a page whose gaps could not absorb the room without growing
 * more than fourfold stays short (\raggedbottom for that page). The
 * alternative, spaces in whole lines so that every baseline sits on one
 * grid (Bringhurst, The Elements of Typographic Style, 2.2.2: "add and
 * delete vertical space in measured intervals"), would round the theme's
 * heading and block spaces, which are fractions of a line, to lines. A
 * chapter's last pages are never stretched.
 */
#include "internal.h"

#include <string.h>

/* A gap grows by at most this share of itself (3: it may quadruple): enough
 * for the four or five lines a heading that must keep two lines of its
 * text with it leaves on a page with a few gaps. */
#define STRETCH_MAX 3.0
/* A script's baseline may drop this far below its line's, in lines; a
 * lower text box is a line of its own (a table's, a display's). */
#define SCRIPT_DROP 0.3
/* A rule or image below the last baseline (a table's closing rule) may
 * reach this far below the text block, in lines, when the baseline is
 * brought to a full page's. */
#define RULE_DIP 0.3
/* The soft hyphen a line break made visible (lay_emit_line's box). */
#define SHY "\xC2\xAD"

void lay_add_stretch(lay *c, double h)
{
	if (!c->stats || c->front || !(h > 0))
		return;
	if (c->gap_count == c->gap_cap) {
		c->gap_cap = c->gap_cap ? c->gap_cap * 2 : 64;
		c->gaps = ov_xrealloc(c->gaps, c->gap_cap * sizeof *c->gaps);
	}
	c->gaps[c->gap_count++] = (lay_gap){lay_page_index(c), c->y, h, 0};
}

void lay_add_gap(lay *c, double h) { lay_add_stretch(c, h); }

/* What gaps of page i starting above y added (the gaps are in page order,
 * so the page's own are found from the end). */
static double shift_at(const lay *c, size_t i, double y)
{
	double s = 0;
	for (size_t k = c->gap_count; k-- > 0;) {
		const lay_gap *g = &c->gaps[k];
		if (g->page < i)
			break;
		if (g->page == i && g->y < y - 0.01)
			s += g->extra;
	}
	return s;
}

double lay_depth_shift(const lay *c, size_t i, double y) { return y + shift_at(c, i, y); }

/* Moves the boxes and anchors of page i down by what the gaps above them
 * added; a rule (a tint, a bar) across a gap grows with it. */
static void shift_page(lay *c, size_t i)
{
	ov_lpage *pg = lay_page_at(c, i);
	for (size_t k = 0; k < pg->count; k++) {
		ov_box *b = &pg->boxes[k];
		double top = b->y;
		b->y += shift_at(c, i, top);
		if (b->kind == OV_BOX_RULE) {
			double bottom = top + b->h;
			b->h = bottom + shift_at(c, i, bottom) - b->y;
		}
	}
	ov_layout *L = c->L;
	for (size_t k = L->anchor_count; k-- > 0;) {
		ov_anchor *a = &L->anchors[k];
		if (a->page < i)
			break;
		if (a->page == i)
			a->y += shift_at(c, i, a->y);
	}
}

void lay_finish_page(lay *c)
{
	ov_lpage *pg = c->page;
	if (!pg || pg->end || c->front || !c->stats)
		return;
	size_t idx = lay_page_index(c);
	double lead = c->ps->leading;
	/* the last baseline: the last line's, or the lowest text below it (a
	 * table's last row, a display), not counting a script's drop below
	 * the line; and the bottom of the lowest rule or image */
	double base = c->line_base, ink = 0;
	bool text = false;
	for (size_t k = 0; k < pg->count; k++) {
		const ov_box *b = &pg->boxes[k];
		if (b->kind == OV_BOX_TEXT) {
			text = true;
			if (b->y > base + lead * SCRIPT_DROP || c->line_base == 0)
				base = b->y > base ? b->y : base;
		} else if ((b->kind == OV_BOX_RULE || b->kind == OV_BOX_IMAGE) && b->y + b->h > ink) {
			ink = b->y + b->h;
		}
	}
	/* room: what brings the last baseline to a full page's, as far as
	 * the rules and images below it stay within the text block (a
	 * table's closing rule may dip into the margin by a little) */
	double bottom = base + lead * LAY_BASELINE_DEPTH;
	double room = lay_text_bottom(c) - bottom;
	if (ink > 0 && lay_text_bottom(c) + lead * RULE_DIP - ink < room)
		room = lay_text_bottom(c) + lead * RULE_DIP - ink;
	if (!text) {
		pg->end = 0; /* a blank page, a part's title page */
		return;
	}
	pg->end = (uint8_t)(c->text_ended ? OV_PAGE_END_CHAPTER : c->end_kind);
	/* the text block's last line ends with a hyphen */
	if (c->line_base > 0)
		for (size_t k = pg->count; k-- > 0;) {
			const ov_box *b = &pg->boxes[k];
			if (b->kind == OV_BOX_TEXT && b->y > c->line_base - 0.5 && b->len == 2 && !memcmp(b->text, SHY, 2)) {
				pg->foot_hyphen = true;
				break;
			}
		}
	if (room > 0.01 && !c->text_ended) {
		/* the page's gaps with text below them */
		double total = 0;
		size_t from = c->gap_count;
		while (from > 0 && c->gaps[from - 1].page == idx)
			from--;
		for (size_t k = from; k < c->gap_count; k++)
			if (c->gaps[k].y < bottom - lead * 0.5)
				total += c->gaps[k].h;
		if (total > 0 && room <= total * STRETCH_MAX) {
			for (size_t k = from; k < c->gap_count; k++)
				if (c->gaps[k].y < bottom - lead * 0.5)
					c->gaps[k].extra = room * c->gaps[k].h / total;
			shift_page(c, idx);
			bottom += room;
			room = 0;
		}
	}
	pg->short_lines = room > 0 ? (float)(room / lead) : 0;
	/* the notes' last baseline sits where a full page's last line does
	 * (lay_flush_notes) */
	pg->last_base = (float)(c->note_h > 0 ? c->ps->height - c->ps->bottom - lead * LAY_BASELINE_DEPTH
	                                      : bottom - lead * LAY_BASELINE_DEPTH);
}
