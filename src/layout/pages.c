/*
 * pages.c - the pages being written: boxes on the current page (text,
 * rules, images, links), the flags that leave a page without folio or
 * running head, page breaks (lay_new_page, lay_need, lay_vspace), and
 * the tints and bars behind a block that runs across pages.
 */
#include "internal.h"

#include <string.h>

ov_box *lay_add_box(lay *c, ov_box_kind kind)
{
	ov_lpage *p = c->page;
	if (p->count == p->cap) {
		/* 8: a folio and a head on a page drawn already; a page of text
		 * holds a few hundred boxes, and growing fourfold copies them
		 * a third as often as doubling (2% of a book's build was here) */
		p->cap = p->cap ? p->cap * 4 : 8;
		p->boxes = ov_xrealloc(p->boxes, p->cap * sizeof *p->boxes);
	}
	ov_box *b = &p->boxes[p->count++];
	memset(b, 0, sizeof *b);
	b->kind = kind;
	b->dest = -1;
	return b;
}

void lay_add_rule(lay *c, double x, double y, double w, double h, ov_color color)
{
	ov_box *b = lay_add_box(c, OV_BOX_RULE);
	b->x = x;
	b->y = y;
	b->w = w;
	b->h = h;
	b->color = color;
}

void lay_struct(lay *c, const ov_node *node, ov_struct_role role)
{
	if (!c->page)
		return;
	ov_box *b = lay_add_box(c, OV_BOX_STRUCT);
	b->node = node;
	b->role = role;
}

void lay_struct_end(lay *c)
{
	if (c->page)
		lay_add_box(c, OV_BOX_STRUCT_END);
}

/* A text box of s[0..len) shaped as glyphs[0..count); s is copied unless
 * stored already holds it for the life of the layout. */
ov_box *lay_add_glyphs(lay *c, double x, double y, ov_face face, double size, const char *s, size_t len,
                       const char *stored, const ov_glyph *glyphs, size_t count, double width, ov_color color)
{
	ov_box *b = lay_add_box(c, OV_BOX_TEXT);
	b->x = x;
	b->y = y;
	b->w = width;
	b->face = face;
	b->size = size;
	b->text = stored ? stored : ov_arena_strndup(c->arena, s, len);
	b->len = (uint32_t)len;
	b->glyphs = glyphs;
	b->glyph_count = (uint32_t)count;
	b->color = color;
	return b;
}

/* A text box of s[0..len), shaped here (once per distinct text). */
void lay_add_text_stored(lay *c, double x, double y, ov_face face, double size, const char *s,
                         size_t len, const char *stored, double width, ov_color color)
{
	const lay_measured *mw = lay_shaped(c, face, s, len);
	lay_add_glyphs(c, x, y, face, size, s, len, stored ? stored : mw->text, mw->glyphs, mw->count, width,
	               color);
}

void lay_add_text(lay *c, double x, double y, ov_face face, double size, const char *s,
                  size_t len, double width, ov_color color)
{
	lay_add_text_stored(c, x, y, face, size, s, len, NULL, width, color);
}

/* Leaves page i without folio and running head (flags: LAY_NO_FOLIO|LAY_NO_HEAD)
 * or without the head only (LAY_NO_HEAD). */
void lay_set_page_flags(lay *c, size_t i, uint8_t flags)
{
	if (i >= c->no_folio_cap) {
		size_t cap = c->no_folio_cap ? c->no_folio_cap : 64;
		while (cap <= i)
			cap *= 2;
		c->no_folio = ov_xrealloc(c->no_folio, cap * sizeof *c->no_folio);
		memset(c->no_folio + c->no_folio_cap, 0, (cap - c->no_folio_cap) * sizeof *c->no_folio);
		c->no_folio_cap = cap;
	}
	c->no_folio[i] |= flags;
}

void lay_set_no_folio(lay *c, size_t i) { lay_set_page_flags(c, i, LAY_NO_FOLIO | LAY_NO_HEAD); }

void lay_push_page(page_vec *pv, const ov_lpage *p)
{
	if (pv->count == pv->cap) {
		pv->cap = pv->cap ? pv->cap * 2 : 64;
		pv->pages = ov_xrealloc(pv->pages, pv->cap * sizeof *pv->pages);
	}
	pv->pages[pv->count++] = *p;
}

void lay_new_page(lay *c)
{
	if (c->page) {
		lay_finish_page(c); /* before its notes: they stay at the foot */
		lay_flush_notes(c);
	}
	ov_lpage blank;
	memset(&blank, 0, sizeof blank);
	lay_push_page(c->pv, &blank);
	c->page = &c->pv->pages[c->pv->count - 1];
	c->number++;
	c->page->number = c->number;
	c->page->front = c->front;
	c->page->chapter = c->chapter;
	c->page->part = c->page->part_page = -1;
	/* page 1 of each sequence is a right-hand page (front matter is padded
	 * to an even count, so body page 1 is recto too) */
	c->page->recto = c->ps->two_sided ? (c->number % 2 == 1) : true;
	c->y = lay_text_top(c);
	if (c->heading_pending && c->stats)
		c->stats->stranded++; /* the heading stayed on the previous page */
	c->heading_pending = false;
	c->line_base = 0;
	c->end_kind = OV_PAGE_END_FULL;
	lay_place_carry(c);
	/* figures that did not fit where they were cited open the page */
	if (c->float_count && !c->placing_floats)
		lay_place_floats(c);
}

void lay_mark_start(lay *c, const ov_node *node, size_t off)
{
	if (!c->page || c->page->started || c->front || c->in_notes)
		return;
	if (c->placing_floats) {
		/* a floated figure is before text of the page before in the
		 * tree: the page begins with the text that goes on after it,
		 * or, when none does, with the figure */
		if (!c->page->first_float)
			c->page->first_float = node;
		return;
	}
	c->page->started = true;
	c->page->start = node;
	c->page->start_off = (uint32_t)off;
}

/* Makes sure h points fit below y, starting a new page if not. */
void lay_need_as(lay *c, double h, int why)
{
	if (!c->page || (c->y + h > lay_text_bottom(c) + 0.01 && c->y > lay_text_top(c) + 0.01)) {
		c->end_kind = why;
		lay_new_page(c);
	}
}

void lay_need(lay *c, double h) { lay_need_as(c, h, OV_PAGE_END_FULL); }

void lay_vspace(lay *c, double h)
{
	if (c->page && c->y > lay_text_top(c) + 0.01) {
		lay_add_gap(c, h);
		c->y += h;
	}
}

/* Draws a vertical bar or tint behind [start_page,start_y] .. current,
 * dx points right of the current line start (pages differ in their left
 * edge when two-sided). */
void lay_span_decoration(lay *c, size_t start_page, double start_y, double dx, double w,
                         ov_color color, double pad)
{
	double indent = c->indent_l;
	size_t cur = lay_page_index(c);
	for (size_t p = start_page; p <= cur; p++) {
		ov_lpage *keep = c->page;
		c->page = lay_page_at(c, p);
		/* where the block starts, as justification moved its page */
		double y0 = p == start_page ? lay_depth_shift(c, p, start_y) : lay_text_top(c);
		double y1 = p == cur ? c->y : lay_text_bottom(c);
		if (y1 > y0) {
			/* decorations go first so that text is drawn over them */
			ov_box saved;
			lay_add_rule(c, lay_block_left(c) + indent + dx, y0 - pad, w, y1 - y0 + 2 * pad, color);
			ov_lpage *pg = c->page;
			saved = pg->boxes[pg->count - 1];
			memmove(&pg->boxes[1], &pg->boxes[0], (pg->count - 1) * sizeof *pg->boxes);
			pg->boxes[0] = saved;
		}
		c->page = keep;
	}
}
