/*
 * front.c - the front matter: the half-title, the title page, the
 * copyright page (its text from doc/imprint.h) and the contents, whose entries (chapters and sections) get dot leaders and the
 * body's page numbers, known by then since the body is laid out first.
 */
#include "internal.h"

#include "doc/imprint.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The title page's lines are set solid at the heading leading
 * (theme.heading_leading); its gaps, in body sizes: below the title,
 * above the authors and above the publisher's line at the foot. */
#define TITLE_GAP 1
#define AUTHORS_GAP 3
#define PUBLISHER_UP 2
/* The half-title's size, as a fraction of the title page's title. */
#define HALF_TITLE_SCALE 0.6
/* The copyright page's lines, as a factor of their size, and the gap
 * between its groups of paragraphs, in its lines. */
#define COPYRIGHT_LEADING 1.35
#define COPYRIGHT_GAP 0.8
/* The contents: its title's top, as a fraction of the text block, and the
 * space the title takes, in title sizes; the column kept for the page
 * numbers and the gap either side of the leaders, in body sizes; the
 * leaders' pitch, in body sizes, on one grid down the page. */
#define CONTENTS_DROP 0.06
#define CONTENTS_TITLE_ADVANCE 2.4
#define NUMBER_COLUMN 3
#define LEADER_GAP 0.6
#define LEADER_PITCH 0.55

/* A dot leader: dots from x, pitch step apart, while a dot ends before
 * limit, on the baseline. One text box of n dots spaced by letter
 * spacing (step less the dot's width), not a box per dot: a contents of
 * 20,000 entries had 1.2 million boxes. The dots keep their grid: the
 * i-th is at x + i * step, as the grid the first one was put on. */
static void leader(lay *c, double x, double base, double size, double dot_w, double step, double limit,
                   ov_color color)
{
	size_t n = 0;
	for (double gx = x; gx + dot_w < limit; gx += step)
		n++;
	if (!n)
		return;
	const lay_measured *dot = lay_shaped(c, OV_FACE_REGULAR, ".", 1);
	if (dot->count != 1) { /* a font without a one-glyph full stop: a box per dot */
		for (size_t i = 0; i < n; i++)
			lay_add_text_stored(c, x + (double)i * step, base, OV_FACE_REGULAR, size, ".", 1, ".", dot_w, color);
		return;
	}
	char *text = ov_arena_alloc(c->arena, n + 1);
	ov_glyph *g = ov_arena_alloc(c->arena, n * sizeof *g);
	for (size_t i = 0; i < n; i++) {
		text[i] = '.';
		g[i] = dot->glyphs[0];
		g[i].cluster = (uint32_t)i;
	}
	text[n] = 0;
	ov_box *b = lay_add_glyphs(c, x, base, OV_FACE_REGULAR, size, text, n, text, g, n,
	                           (double)(n - 1) * step + dot_w, color);
	b->tracking = step - dot_w;
}

static void centered(lay *c, const char *s, ov_face face, double size, ov_color color)
{
	piece_vec pv = {0};
	lay_string_pieces(c, &pv, s, face, size, (ov_pos){0, 0, 0});
	lay_color_pieces(&pv, color);
	lay_struct(c, NULL, OV_SROLE_FRONT_P);
	lay_set_pieces(c, &pv, size * c->th->heading_leading, size, false, OV_ALIGN_CENTER, (ov_pos){0, 0, 0});
	lay_struct_end(c);
}

/* The half-title (CMS 1.4, 1.17): page i carries the title alone, no
 * subtitle, author or publisher, set smaller than on the title page and
 * as high; its verso is blank in a two-sided book, so that the title page
 * is a recto (iii). */
void lay_half_title(lay *c)
{
	const ov_theme *t = c->th;
	double body = c->ps->body_size;
	lay_new_page(c);
	lay_set_no_folio(c, lay_page_index(c));
	c->y = lay_text_top(c) + (lay_text_bottom(c) - lay_text_top(c)) * t->title_page_drop;
	centered(c, c->doc->meta.title, t->heading_face[0], body * t->title_page_size[0] * HALF_TITLE_SCALE,
	         t->heading_color);
	if (c->ps->two_sided) {
		lay_new_page(c);
		lay_set_no_folio(c, lay_page_index(c));
	}
}

void lay_title_page(lay *c)
{
	const ov_meta *m = &c->doc->meta;
	const ov_theme *t = c->th;
	double body = c->ps->body_size;
	lay_new_page(c);
	lay_set_no_folio(c, lay_page_index(c));
	c->y = lay_text_top(c) + (lay_text_bottom(c) - lay_text_top(c)) * t->title_page_drop;
	centered(c, m->title, t->heading_face[0], body * t->title_page_size[0], t->heading_color);
	if (m->subtitle) {
		c->y += body * TITLE_GAP;
		centered(c, m->subtitle, OV_FACE_ITALIC, body * t->title_page_size[1], t->text_color);
	}
	c->y += body * AUTHORS_GAP;
	for (size_t i = 0; i < m->author_count; i++)
		centered(c, m->authors[i], OV_FACE_REGULAR, body * t->title_page_size[2], t->text_color);
	if (m->publisher) {
		c->y = lay_text_bottom(c) - body * PUBLISHER_UP;
		centered(c, m->publisher, OV_FACE_REGULAR, body * t->title_page_size[3], t->text_color);
	}
}

/* The copyright page, the title page's verso: the paragraphs of
 * ov_imprint_lines (publisher, © notice, rights, licence, edition, ISBN,
 * "Typeset with Octavo"), small, flush left and ragged, at the foot of
 * the text block as books set it (CMS 1.19-1.33); never higher than the
 * theme's copyright_drop, a gap between groups. */
void lay_copyright_page(lay *c)
{
	lay_new_page(c);
	lay_set_no_folio(c, lay_page_index(c));
	double s = c->ps->body_size * c->th->copyright_size, lead = s * COPYRIGHT_LEADING;
	double width = lay_line_width(c);
	ov_imprint_line l[OV_IMPRINT_MAX];
	size_t n = ov_imprint_lines(c->doc, c->arena, l);
	piece_vec pv[OV_IMPRINT_MAX] = {{0}};
	line_vec lv[OV_IMPRINT_MAX] = {{0}};
	double h = 0;
	for (size_t i = 0; i < n; i++) {
		lay_string_pieces(c, &pv[i], l[i].text, OV_FACE_REGULAR, s, (ov_pos){0, 0, 0});
		lay_color_pieces(&pv[i], c->th->text_color);
		lay_split_wide_quiet(c, &pv[i], width);
		lay_break_lines(&pv[i], width, &lv[i]);
		h += lead * (double)lv[i].count;
		if (i && l[i].group != l[i - 1].group)
			h += lead * COPYRIGHT_GAP;
	}
	double top = lay_text_top(c) + (lay_text_bottom(c) - lay_text_top(c)) * c->th->copyright_drop;
	c->y = lay_text_bottom(c) - h;
	if (c->y < top)
		c->y = top;
	for (size_t i = 0; i < n; i++) {
		if (i && l[i].group != l[i - 1].group)
			c->y += lead * COPYRIGHT_GAP;
		lay_struct(c, NULL, OV_SROLE_FRONT_P);
		for (size_t k = 0; k < lv[i].count; k++) {
			lay_need(c, lead);
			lay_emit_line(c, &pv[i], &lv[i].v[k], lay_line_left(c), c->y + lead * LAY_BASELINE, width, false,
			              OV_ALIGN_LEFT);
			c->y += lead;
		}
		lay_struct_end(c);
		free(pv[i].v);
		free(lv[i].v);
	}
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

/* The contents: entries for chapters (level 1) and their sections (level
 * 2) and subsections (level 3), as deep as the theme's contents_depth,
 * without the boilerplate sections; the title is a level-1 heading. */
void lay_contents_pages(lay *c, const page_vec *body, size_t body_anchor_count)
{
	const ov_doc *doc = c->doc;
	const ov_theme *t = c->th;
	lay_new_page(c);
	lay_set_page_flags(c, lay_page_index(c), LAY_NO_HEAD); /* its title says it all */
	c->L->toc_anchor = lay_add_anchor(c, NULL, "contents", lay_text_top(c));
	c->y = lay_text_top(c) + (lay_text_bottom(c) - lay_text_top(c)) * CONTENTS_DROP;
	double hs = c->ps->body_size * t->heading_size[0];
	const char *title = "Contents";
	double tw = lay_plain_width(c, t->heading_face[0], hs, title);
	lay_struct(c, NULL, OV_SROLE_TOC_TITLE);
	lay_add_text(c, lay_line_left(c), c->y + hs, t->heading_face[0], hs, title, strlen(title), tw, t->heading_color);
	lay_struct_end(c);
	c->y += hs * CONTENTS_TITLE_ADVANCE;
	double s = c->ps->body_size, lead = s * t->contents_leading;
	double dot_w = lay_plain_width(c, OV_FACE_REGULAR, s, ".");
	double step = s * LEADER_PITCH; /* dots align down the page */
	c->plain_spans = true;
	for (size_t i = 0; i < doc->toc_count; i++) {
		const ov_toc_entry *e = &doc->toc[i];
		/* deeper than the theme asks, or a boilerplate section
		 * (ov_contents_mark_unlisted): not in the printed contents;
		 * the outline keeps them */
		if (e->level > t->contents_depth || e->unlisted)
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
		double indent = s * t->contents_indent * (double)(e->level - 1);
		if (e->level == 1)
			lay_vspace(c, lead * t->contents_space);
		const char *text = e->label ? ov_arena_printf(c->arena, "%s\xE2\x80\x82%s", e->label, e->title) : e->title;
		double nw = lay_plain_width(c, face, s, num);
		/* the title wraps short of the page-number column */
		piece_vec pv = {0};
		builder b = {c, &pv, s, false, false, NULL, false, NULL};
		istyle st = {0};
		st.bold = e->level == 1;
		/* (a heading whose text is the entry's title: not a chapter's h1
		 * when front matter or SUMMARY.md titles the chapter) */
		if (e->heading && lay_has_formula(c, e->heading) && strcmp(lay_plain(c, e->heading), e->title) == 0) {
			/* a heading with a formula: the formula typeset at the
			 * entry's size, copied as its Unicode reading */
			if (e->label) {
				const char *l = ov_arena_printf(c->arena, "%s\xE2\x80\x82", e->label);
				lay_add_text_pieces(&b, &st, l, strlen(l), (ov_pos){0, 0, 0});
			}
			size_t k = pv.count;
			lay_heading_line_pieces(c, e->heading, face, s, t->text_color, &pv);
			if (k < pv.count && k > 0)
				pv.v[k].can_break = false; /* the label stays with the title */
		} else {
			lay_add_text_pieces(&b, &st, text, strlen(text), (ov_pos){0, 0, 0});
		}
		double avail = lay_line_width(c) - indent - s * NUMBER_COLUMN;
		lay_split_wide(c, &pv, avail, (ov_pos){0, 0, 0});
		line_vec lv = {0};
		lay_break_lines(&pv, avail, &lv);
		/* an entry stays on one page; one longer than a page (a heading of
		 * thousands of words) goes on from page to page, a link on each
		 * part, instead of running off the foot of the page */
		bool whole = lead * (double)lv.count <= lay_text_bottom(c) - lay_text_top(c);
		/* a chapter's entry keeps its first section's line with it, as a
		 * heading keeps its first lines */
		double keep = 0;
		for (size_t j = i + 1; j < doc->toc_count; j++) {
			const ov_toc_entry *n = &doc->toc[j];
			if (n->level > t->contents_depth || n->unlisted)
				continue;
			if (n->level > e->level)
				keep = lead;
			break;
		}
		if (whole)
			lay_need(c, lead * (double)lv.count + keep);
		else
			lay_need(c, lead);
		double y_top = c->y;
		double x = lay_line_left(c) + indent, base = 0;
		lay_struct(c, NULL, OV_SROLE_TOCI);
		for (size_t li = 0; li < lv.count; li++) {
			if (!whole && li > 0 && c->y + lead > lay_text_bottom(c) + 0.01) {
				contents_link(c, e, x, y_top);
				lay_new_page(c);
				y_top = c->y;
				x = lay_line_left(c) + indent;
			}
			base = c->y + lead * LAY_BASELINE;
			lay_emit_line(c, &pv, &lv.v[li], x, base, avail, false, OV_ALIGN_LEFT);
			c->y += lead;
		}
		double end_x = x + (lv.count ? lv.v[lv.count - 1].natural : 0);
		double right = lay_line_left(c) + lay_line_width(c);
		/* dot leaders on a fixed grid, stopping short of the number */
		double gx = ceil((end_x + s * LEADER_GAP - lay_line_left(c)) / step) * step + lay_line_left(c);
		lay_struct(c, NULL, OV_SROLE_ARTIFACT); /* the dots lead the eye, they say nothing */
		leader(c, gx, base, s, dot_w, step, right - nw - s * LEADER_GAP, t->leader_color);
		lay_struct_end(c);
		lay_add_text(c, right - nw, base, face, s, num, strlen(num), nw, t->text_color);
		contents_link(c, e, x, y_top);
		lay_struct_end(c);
		free(pv.v);
		free(lv.v);
	}
	c->plain_spans = false;
}
