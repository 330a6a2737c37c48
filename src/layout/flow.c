/*
 * flow.c - blocks down the page: a chapter's opening, paragraphs,
 * headings (kept with the start of what follows them), lists, block
 * quotes and thematic breaks. Tables, code blocks and figures have files
 * of their own; footnote definitions are set by notes.c.
 */
#include "internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Lays out the inline content of block as lines across the current measure. */
static void layout_inlines(lay *c, const ov_node *block, bool justify, ov_align align)
{
	piece_vec pv = {0};
	lay_build_pieces(c, block, c->size, &pv);
	if (justify && c->hyph)
		lay_hyphenate_pieces(c, &pv);
	lay_set_pieces(c, &pv, c->leading, c->leading * 0.78, justify, align, block->pos);
}

static void layout_blocks(lay *c, const ov_node *first, int depth);

static const double heading_scale[7] = {1, 1.6, 1.3, 1.12, 1.0, 1.0, 1.0};

/* Lines of justified text block would take across the current measure
 * (a dry run of the line breaker, nothing placed), or 4 for any paragraph
 * that clearly takes more than three. */
static size_t paragraph_lines(lay *c, const ov_node *block)
{
	piece_vec pv = {0};
	lay_build_pieces(c, block, c->size, &pv);
	double width = lay_line_width(c);
	/* the callers only tell three lines or fewer from more: a paragraph
	 * whose words and fully shrunk spaces fill more than four and a half
	 * measures cannot fit in three lines, so it needs no dry run (lines only
	 * shrink to 2/3 of their spaces; hyphens only add width) */
	double least = 0;
	for (size_t i = 0; i < pv.count; i++)
		least += pv.v[i].width + pv.v[i].space * (2.0 / 3.0);
	if (least > width * 4.5) {
		free(pv.v);
		return 4;
	}
	if (c->hyph)
		lay_hyphenate_pieces(c, &pv);
	lay_split_wide_quiet(c, &pv, width);
	line_vec lv = {0};
	lay_break_lines_total(&pv, width, &lv);
	size_t n = lv.count;
	free(lv.v);
	free(pv.v);
	return n;
}

/* Height that must follow a heading on its page: the heading keeps at least
 * two lines of what comes next (all of a paragraph of three lines or fewer,
 * which cannot be split without a widow or an orphan), looking through
 * headings that follow it directly. */
static double keep_after(lay *c, const ov_node *next, int depth)
{
	if (!next || depth > 3)
		return 0;
	if (next->type == OV_NODE_PARAGRAPH) {
		size_t n = paragraph_lines(c, next);
		return c->leading * (double)(n <= 3 ? n : 2) + c->leading * 0.45;
	}
	if (next->type == OV_NODE_HEADING) {
		double s = c->size * heading_scale[next->as.heading.level];
		return c->leading * 1.2 + s * 1.25 + c->leading * 0.35 + keep_after(c, next->next, depth + 1);
	}
	if ((next->type == OV_NODE_LIST || next->type == OV_NODE_BLOCKQUOTE) && next->first) {
		/* the first block inside, at the indentation it will have */
		const ov_node *inner = next->type == OV_NODE_LIST ? next->first->first : next->first;
		double in = c->size * 1.8;
		c->indent_l += in;
		double h = keep_after(c, inner, depth + 1);
		c->indent_l -= in;
		return h + c->leading * 0.3;
	}
	if (next->type == OV_NODE_FIGURE) {
		double w, h;
		lay_figure_size(c, next, &w, &h);
		return c->leading * 0.5 + h + c->size * 0.9 * 1.3 * 2 + 6;
	}
	if (next->type == OV_NODE_TABLE)
		return c->leading * 0.5 + c->size * 0.9 * 1.3 * 4 + 12; /* header and a row */
	return c->leading * 2.2;
}

static void layout_heading(lay *c, const ov_node *n)
{
	int level = n->as.heading.level;
	double keep_size = c->size, keep_lead = c->leading;
	double body_lead = c->leading;
	double after = keep_after(c, n->next, 0);
	c->size = keep_size * heading_scale[level];
	c->leading = c->size * 1.25;
	lay_vspace(c, body_lead * (level <= 2 ? 1.2 : 0.9));
	piece_vec pv = {0};
	lay_build_pieces(c, n, c->size, &pv);
	lay_force_face(c, &pv, level >= 4 ? OV_FACE_BOLD_ITALIC : OV_FACE_BOLD, n->pos);
	/* the heading's own lines, then what must follow it */
	line_vec hl = {0};
	piece_vec probe = {0};
	lay_build_pieces(c, n, c->size, &probe);
	lay_force_face(c, &probe, level >= 4 ? OV_FACE_BOLD_ITALIC : OV_FACE_BOLD, n->pos);
	lay_split_wide_quiet(c, &probe, lay_line_width(c));
	lay_break_lines(&probe, lay_line_width(c), &hl);
	double own = c->leading * (double)(hl.count ? hl.count : 1);
	free(hl.v);
	free(probe.v);
	lay_need(c, own + body_lead * 0.35 + after);
	lay_add_anchor(c, c->chapter, n->as.heading.id, c->y);
	lay_set_pieces(c, &pv, c->leading, c->leading * 0.8, false, OV_ALIGN_LEFT, n->pos);
	c->size = keep_size;
	c->leading = keep_lead;
	c->y += body_lead * 0.35;
	c->heading_pending = n->next != NULL;
}

static const char *bullet_for(int depth)
{
	static const char *const b[] = {"\xE2\x80\xA2", "\xE2\x80\x93", "\xE2\x80\xA3"};
	return b[depth % 3];
}

static void layout_list(lay *c, const ov_node *list, int depth, int list_depth)
{
	int k = list->as.list.start;
	double indent = c->size * 1.8;
	if (list->as.list.ordered) {
		/* room for the widest number */
		int count = 0;
		for (const ov_node *i = list->first; i; i = i->next)
			count++;
		char buf[24];
		snprintf(buf, sizeof buf, "%d.", k + count - 1);
		double w = lay_plain_width(c, OV_FACE_REGULAR, c->size, buf) + 6;
		if (w > indent)
			indent = w;
	}
	bool deeper = depth < OV_LAYOUT_MAX_INDENT;
	lay_vspace(c, c->leading * 0.3);
	for (const ov_node *item = list->first; item; item = item->next, k++) {
		if (deeper)
			c->indent_l += indent;
		if (item->as.item.task) {
			c->marker_task = item->as.item.task;
		} else if (list->as.list.ordered) {
			c->marker = ov_arena_printf(c->arena, "%d%c", k, list->as.list.delim);
			c->marker_face = OV_FACE_REGULAR;
		} else {
			c->marker = bullet_for(list_depth);
			c->marker_face = OV_FACE_REGULAR;
		}
		layout_blocks(c, item->first, depth + 1);
		c->marker = NULL;
		c->marker_task = 0;
		if (deeper)
			c->indent_l -= indent;
		if (!list->as.list.tight && item->next)
			lay_vspace(c, c->leading * 0.3);
	}
	lay_vspace(c, c->leading * 0.3);
}

static void layout_block(lay *c, const ov_node *n, int depth)
{
	switch (n->type) {
	case OV_NODE_PARAGRAPH:
		if (n->prev && n->prev->type == OV_NODE_PARAGRAPH)
			lay_vspace(c, c->leading * 0.45);
		else if (n->prev)
			lay_vspace(c, c->leading * 0.2);
		layout_inlines(c, n, true, OV_ALIGN_LEFT);
		break;
	case OV_NODE_HEADING:
		layout_heading(c, n);
		break;
	case OV_NODE_BLOCKQUOTE: {
		lay_vspace(c, c->leading * 0.4);
		lay_need(c, c->leading);
		size_t sp = lay_page_index(c);
		double sy = c->y;
		double in = depth < OV_LAYOUT_MAX_INDENT ? c->size * 1.6 : 0;
		c->indent_l += in;
		c->indent_r += in / 2;
		layout_blocks(c, n->first, depth + 1);
		c->indent_l -= in;
		c->indent_r -= in / 2;
		if (in > 0)
			lay_span_decoration(c, sp, sy, in * 0.35, 1.5, 0.6, 0);
		lay_vspace(c, c->leading * 0.4);
		break;
	}
	case OV_NODE_LIST: {
		int list_depth = 0;
		for (const ov_node *p = n->parent; p; p = p->parent)
			if (p->type == OV_NODE_LIST)
				list_depth++;
		layout_list(c, n, depth, list_depth);
		break;
	}
	case OV_NODE_CODE_BLOCK:
		lay_code(c, n);
		break;
	case OV_NODE_THEMATIC_BREAK: {
		lay_vspace(c, c->leading * 0.6);
		lay_need(c, c->leading);
		double w = lay_line_width(c) / 3;
		lay_add_rule(c, lay_line_left(c) + w, c->y + c->leading * 0.4, w, 0.5, 0);
		c->y += c->leading;
		break;
	}
	case OV_NODE_TABLE:
		lay_table(c, n);
		break;
	case OV_NODE_FIGURE:
		lay_figure(c, n);
		break;
	case OV_NODE_ITEM:
		layout_blocks(c, n->first, depth + 1);
		break;
	default:
		break; /* footnote definitions are laid out at the chapter's end */
	}
}

static void layout_blocks(lay *c, const ov_node *first, int depth)
{
	for (const ov_node *n = first; n; n = n->next)
		layout_block(c, n, depth);
	/* an item or quote with no lines still owes its marker nothing */
	c->marker = NULL;
	c->marker_task = 0;
}

void lay_chapter(lay *c, const ov_node *ch)
{
	c->chapter = ch;
	/* a chapter opens on a new page, a right-hand one when two-sided */
	lay_new_page(c);
	if (c->ps->two_sided && !c->page->recto) {
		lay_set_no_folio(c, lay_page_index(c));
		lay_new_page(c);
	}
	lay_set_no_folio(c, lay_page_index(c));
	double sink = (lay_text_bottom(c) - lay_text_top(c)) * 0.12;
	c->y = lay_text_top(c) + sink;
	lay_add_anchor(c, ch, "chapter", lay_text_top(c));
	if (ch->as.chapter.number) {
		const char *label = ov_arena_printf(c->arena, "Chapter %d", ch->as.chapter.number);
		double s = c->size * 1.1;
		double w = lay_plain_width(c, OV_FACE_ITALIC, s, label);
		lay_add_text(c, lay_line_left(c), c->y + s, OV_FACE_ITALIC, s, label, strlen(label), w, 0.25);
		c->y += s * 2.2;
	}
	/* the title: the h1 when there is one (it keeps its inline styling) */
	double keep_size = c->size, keep_lead = c->leading;
	c->size = keep_size * 2.0;
	c->leading = c->size * 1.2;
	const ov_node *h1 = ch->as.chapter.title_heading;
	piece_vec pv = {0};
	if (h1) {
		lay_add_anchor(c, ch, h1->as.heading.id, c->y);
		lay_build_pieces(c, h1, c->size, &pv);
		lay_force_face(c, &pv, OV_FACE_BOLD, h1->pos);
	} else {
		lay_string_pieces(c, &pv, ch->as.chapter.title, OV_FACE_BOLD, c->size, ch->pos);
	}
	lay_set_pieces(c, &pv, c->leading, c->leading * 0.8, false, OV_ALIGN_LEFT, ch->pos);
	c->size = keep_size;
	c->leading = keep_lead;
	c->y += c->leading * 2;
	for (const ov_node *b = ch->first; b; b = b->next)
		if (b != h1)
			layout_block(c, b, 0);
	lay_finish_notes(c);
}
