/*
 * front.c - the front matter: the title page, the copyright page and the
 * contents, whose entries (chapters and sections) get dot leaders and the
 * body's page numbers, known by then since the body is laid out first.
 */
#include "internal.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void centered(lay *c, const char *s, ov_face face, double size)
{
	piece_vec pv = {0};
	lay_string_pieces(c, &pv, s, face, size, (ov_pos){0, 0, 0});
	lay_set_pieces(c, &pv, size * 1.25, size, false, OV_ALIGN_CENTER, (ov_pos){0, 0, 0});
}

static void flow_left(lay *c, const char *s, ov_face face, double size)
{
	piece_vec pv = {0};
	lay_string_pieces(c, &pv, s, face, size, (ov_pos){0, 0, 0});
	lay_set_pieces(c, &pv, size * 1.35, size, false, OV_ALIGN_LEFT, (ov_pos){0, 0, 0});
}

void lay_title_page(lay *c)
{
	const ov_meta *m = &c->doc->meta;
	lay_new_page(c);
	lay_set_no_folio(c, lay_page_index(c));
	c->y = lay_text_top(c) + (lay_text_bottom(c) - lay_text_top(c)) * 0.22;
	centered(c, m->title, OV_FACE_BOLD, c->ps->body_size * 2.3);
	if (m->subtitle) {
		c->y += c->ps->body_size;
		centered(c, m->subtitle, OV_FACE_ITALIC, c->ps->body_size * 1.35);
	}
	c->y += c->ps->body_size * 3;
	for (size_t i = 0; i < m->author_count; i++)
		centered(c, m->authors[i], OV_FACE_REGULAR, c->ps->body_size * 1.3);
	if (m->publisher) {
		c->y = lay_text_bottom(c) - c->ps->body_size * 2;
		centered(c, m->publisher, OV_FACE_REGULAR, c->ps->body_size * 1.1);
	}
}

void lay_copyright_page(lay *c)
{
	const ov_meta *m = &c->doc->meta;
	lay_new_page(c);
	lay_set_no_folio(c, lay_page_index(c));
	double s = c->ps->body_size * 0.9;
	/* set low on the page, as is the custom */
	c->y = lay_text_top(c) + (lay_text_bottom(c) - lay_text_top(c)) * 0.45;
	flow_left(c, m->title, OV_FACE_ITALIC, s);
	if (m->subtitle)
		flow_left(c, m->subtitle, OV_FACE_ITALIC, s);
	c->y += s;
	if (m->rights) {
		flow_left(c, m->rights, OV_FACE_REGULAR, s);
		c->y += s * 0.6;
	}
	if (m->publisher)
		flow_left(c, ov_arena_printf(c->arena, "Published by %s.", m->publisher), OV_FACE_REGULAR, s);
	if (m->date)
		flow_left(c, ov_arena_printf(c->arena, "Date: %s.", m->date), OV_FACE_REGULAR, s);
	flow_left(c, ov_arena_printf(c->arena, "Identifier: %s", m->identifier), OV_FACE_REGULAR, s);
	c->y += s * 0.6;
	flow_left(c, "Typeset with Octavo.", OV_FACE_REGULAR, s);
}

/* The link of contents entry e over its lines on this page, from x and
 * y_top to the right edge and the current line. */
static void contents_link(lay *c, const ov_toc_entry *e, double x, double y_top)
{
	ov_box *l = lay_add_box(c, OV_BOX_LINK);
	l->x = x;
	l->y = y_top;
	l->w = lay_line_left(c) + lay_line_width(c) - x;
	l->h = c->y - y_top;
	l->target_chapter = e->chapter;
	l->target_id = e->anchor;
}

/* The contents: entries for chapters (level 1) and sections (level 2). */
void lay_contents_pages(lay *c, const page_vec *body, size_t body_anchor_count)
{
	const ov_doc *doc = c->doc;
	lay_new_page(c);
	lay_set_page_flags(c, lay_page_index(c), LAY_NO_HEAD); /* its title says it all */
	c->L->toc_anchor = lay_add_anchor(c, NULL, "contents", lay_text_top(c));
	c->y = lay_text_top(c) + (lay_text_bottom(c) - lay_text_top(c)) * 0.06;
	double hs = c->ps->body_size * 1.6;
	const char *title = "Contents";
	double tw = lay_plain_width(c, OV_FACE_BOLD, hs, title);
	lay_add_text(c, lay_line_left(c), c->y + hs, OV_FACE_BOLD, hs, title, strlen(title), tw, 0);
	c->y += hs * 2.4;
	double s = c->ps->body_size, lead = s * 1.35;
	double dot_w = lay_plain_width(c, OV_FACE_REGULAR, s, ".");
	double step = s * 0.55; /* dot leader pitch: dots align down the page */
	for (size_t i = 0; i < doc->toc_count; i++) {
		const ov_toc_entry *e = &doc->toc[i];
		if (e->level > 2)
			continue;
		/* the page number of the entry, from the body layout (the first
		 * anchor of an id is a body anchor if any is) */
		int pnum = 0;
		int a = ov_layout_find_anchor(c->L, e->chapter, e->anchor);
		if (a >= 0 && (size_t)a < body_anchor_count)
			pnum = body->pages[c->L->anchors[a].page].number;
		char num[16];
		snprintf(num, sizeof num, "%d", pnum);
		ov_face face = e->level == 1 ? OV_FACE_BOLD : OV_FACE_REGULAR;
		double indent = e->level == 1 ? 0 : s * 1.8;
		if (e->level == 1)
			lay_vspace(c, lead * 0.5);
		const char *text = e->label ? ov_arena_printf(c->arena, "%s\xE2\x80\x82%s", e->label, e->title) : e->title;
		double nw = lay_plain_width(c, face, s, num);
		/* the title wraps short of the page-number column */
		piece_vec pv = {0};
		builder b = {c, &pv, s, false, false};
		istyle st = {0};
		st.bold = e->level == 1;
		lay_add_text_pieces(&b, &st, text, strlen(text), (ov_pos){0, 0, 0});
		double avail = lay_line_width(c) - indent - s * 3;
		lay_split_wide(c, &pv, avail, (ov_pos){0, 0, 0});
		line_vec lv = {0};
		lay_break_lines(&pv, avail, &lv);
		/* an entry stays on one page; one longer than a page (a heading of
		 * thousands of words) goes on from page to page, a link on each
		 * part, instead of running off the foot of the page */
		bool whole = lead * (double)lv.count <= lay_text_bottom(c) - lay_text_top(c);
		if (whole)
			lay_need(c, lead * (double)lv.count);
		else
			lay_need(c, lead);
		double y_top = c->y;
		double x = lay_line_left(c) + indent, base = 0;
		for (size_t li = 0; li < lv.count; li++) {
			if (!whole && li > 0 && c->y + lead > lay_text_bottom(c) + 0.01) {
				contents_link(c, e, x, y_top);
				lay_new_page(c);
				y_top = c->y;
				x = lay_line_left(c) + indent;
			}
			base = c->y + lead * 0.78;
			lay_emit_line(c, &pv, &lv.v[li], x, base, avail, false, OV_ALIGN_LEFT);
			c->y += lead;
		}
		double end_x = x + (lv.count ? lv.v[lv.count - 1].natural : 0);
		double right = lay_line_left(c) + lay_line_width(c);
		/* dot leaders on a fixed grid, stopping short of the number */
		double gx = ceil((end_x + s * 0.6 - lay_line_left(c)) / step) * step + lay_line_left(c);
		while (gx + dot_w < right - nw - s * 0.6) {
			/* the dots share one string (a long contents has a million) */
			lay_add_text_stored(c, gx, base, OV_FACE_REGULAR, s, ".", 1, ".", dot_w, 0.4);
			gx += step;
		}
		lay_add_text(c, right - nw, base, face, s, num, strlen(num), nw, 0);
		contents_link(c, e, x, y_top);
		free(pv.v);
		free(lv.v);
	}
}
