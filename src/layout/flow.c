/*
 * flow.c - blocks down the page: a chapter's opening, paragraphs,
 * headings (kept with the start of what follows them), lists, block
 * quotes, callouts, definition lists and thematic breaks. Tables, code blocks and figures have files
 * of their own; footnote definitions are set by notes.c.
 */
#include "internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Lays out the inline content of block as lines across the current
 * measure, the first line indented by indent pt. */
static void layout_inlines(lay *c, const ov_node *block, bool justify, ov_align align, double indent)
{
	piece_vec pv = {0};
	if (indent > 0) {
		/* an empty piece as wide as the indent, which the first word
		 * follows without a space or a break */
		piece *p = lay_push_piece(&pv);
		p->size = c->size;
		p->text = "";
		p->width = indent;
		p->no_hyphenate = true;
		p->pos = block->pos;
	}
	lay_build_pieces(c, block, c->size, &pv);
	if (justify && c->hyph)
		lay_hyphenate_pieces(c, &pv);
	lay_set_pieces(c, &pv, c->leading, c->leading * LAY_BASELINE, justify, align, block->pos);
}

static void layout_blocks(lay *c, const ov_node *first, int depth);

/* Room a heading keeps for what follows it when that is none of the
 * blocks keep_after knows: lines of body text. */
#define KEEP_OTHER 2.2
/* The stretch page depth may put between the items of a tight list, as
 * a gap this many lines high would stretch (depth.c). */
#define TIGHT_ITEM_STRETCH 0.45
/* A thematic break's rule is this far down its line, in lines. */
#define BREAK_RULE_AT 0.4

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

/* Whether the second line of paragraph block, set across the current
 * measure, ends with a hyphen (a dry run of the line breaker). */
static bool second_line_hyphen(lay *c, const ov_node *block)
{
	piece_vec pv = {0};
	lay_build_pieces(c, block, c->size, &pv);
	if (c->hyph)
		lay_hyphenate_pieces(c, &pv);
	double width = lay_line_width(c);
	lay_split_wide_quiet(c, &pv, width);
	line_vec lv = {0};
	lay_break_lines_total(&pv, width, &lv);
	bool hy = lv.count > 2 && lv.v[1].hyphen;
	free(lv.v);
	free(pv.v);
	return hy;
}

/* Whether paragraph block, in the body's size and leading (size, lead;
 * a heading's are in force), takes more than three lines and its second
 * ends with a hyphen. */
static bool body_hyphen_check(lay *c, const ov_node *block, double size, double lead)
{
	double keep_size = c->size, keep_lead = c->leading;
	c->size = size;
	c->leading = lead;
	bool hy = paragraph_lines(c, block) > 3 && second_line_hyphen(c, block);
	c->size = keep_size;
	c->leading = keep_lead;
	return hy;
}

/* Height that must follow a heading on its page: the heading keeps at least
 * two lines of what comes next (all of a paragraph of three lines or fewer,
 * which cannot be split without a widow or an orphan), looking through
 * headings that follow it directly. */
static double keep_after(lay *c, const ov_node *next, int depth)
{
	if (!next || depth > 3)
		return 0;
	const ov_theme *t = c->th;
	if (next->type == OV_NODE_PARAGRAPH) {
		size_t n = paragraph_lines(c, next);
		/* a short paragraph goes whole, with the display it leads to */
		double display = n <= 3 ? lay_math_display_height(c, next->next) : 0;
		return c->leading * (double)(n <= 3 ? n : 2) + c->leading * t->paragraph_spacing + display;
	}
	if (next->type == OV_NODE_MATH_BLOCK) {
		double h = lay_math_display_height(c, next);
		if (h > 0)
			return h;
	}
	if (next->type == OV_NODE_HEADING) {
		int i = next->as.heading.level - 1;
		double s = c->size * t->heading_size[i];
		return c->leading * t->heading_above[i] + s * t->heading_leading + c->leading * t->heading_below +
		       keep_after(c, next->next, depth + 1);
	}
	if ((next->type == OV_NODE_LIST || next->type == OV_NODE_BLOCKQUOTE) && next->first) {
		/* the first block inside, at the indentation it will have */
		bool list = next->type == OV_NODE_LIST;
		const ov_node *inner = list ? next->first->first : next->first;
		double in = c->size * (list ? t->list_indent : t->quote_indent);
		c->indent_l += in;
		double h = keep_after(c, inner, depth + 1);
		c->indent_l -= in;
		return h + c->leading * (list ? t->list_spacing : t->quote_spacing);
	}
	if (next->type == OV_NODE_FIGURE) {
		double w, h;
		lay_figure_size(c, next, &w, &h);
		double fig = c->leading * t->figure_space[0] + h + c->size * t->caption_size * t->caption_leading * 2 +
		             t->caption_gap;
		/* a figure that does not fit floats to the next page (figure.c)
		 * and the text after it follows the heading: the heading keeps
		 * whichever of the two needs less */
		double text = next->next ? keep_after(c, next->next, depth + 1) : fig;
		return text < fig ? text : fig;
	}
	if (next->type == OV_NODE_TABLE) /* header and a row, with their rules and padding */
		return c->leading * t->table_space[0] + c->size * t->table_size * t->table_leading * 4 +
		       t->table_padding * 3;
	return c->leading * KEEP_OTHER;
}

/* The pieces of a heading: node n's inlines, or text (n NULL) at pos. */
static void heading_pieces(lay *c, const ov_node *n, const char *text, int i, ov_pos pos, piece_vec *pv)
{
	if (n) {
		lay_build_pieces(c, n, c->size, pv);
		lay_force_face(c, pv, c->th->heading_face[i], n->pos);
	} else {
		lay_string_pieces(c, pv, text, c->th->heading_face[i], c->size, pos);
	}
}

/* A heading in the style of level i + 1: node n, or text when n is NULL
 * (a sub-chapter titled by its contents entry); next is the block that
 * must follow it on its page. A sub-chapter's own anchor (top, not NULL)
 * goes where the heading lands. */
static void layout_heading_as(lay *c, const ov_node *n, const char *text, int i, ov_pos pos, const ov_node *next,
                              const ov_node *top)
{
	const ov_theme *t = c->th;
	double keep_size = c->size, keep_lead = c->leading;
	double body_lead = c->leading;
	double after = keep_after(c, next, 0);
	c->size = keep_size * t->heading_size[i];
	c->leading = c->size * t->heading_leading;
	lay_vspace(c, body_lead * t->heading_above[i]);
	piece_vec pv = {0};
	heading_pieces(c, n, text, i, pos, &pv);
	lay_color_pieces(&pv, t->heading_color);
	/* the heading's own lines, then what must follow it */
	line_vec hl = {0};
	piece_vec probe = {0};
	heading_pieces(c, n, text, i, pos, &probe);
	lay_split_wide_quiet(c, &probe, lay_line_width(c));
	lay_break_lines(&probe, lay_line_width(c), &hl);
	double own = c->leading * (double)(hl.count ? hl.count : 1);
	free(hl.v);
	free(probe.v);
	double need = own + body_lead * t->heading_below + after;
	/* a heading at the foot of a right-hand page (every page when
	 * one-sided: each is a leaf) with the two lines it keeps, the second ending in a hyphen: the word would break across
	 * the leaf turn (lines.c), and a third line does not fit; the heading
	 * goes to the next page (checked only there, as it takes a dry run) */
	/* three lines under it, with half a line to spare for what the
	 * estimate leaves out (a heading's and the lines' rounding) */
	double third = own + body_lead * (t->heading_below + t->block_spacing + 3.5);
	if (c->page && c->page->recto && next && next->type == OV_NODE_PARAGRAPH &&
	    c->y + need <= lay_text_bottom(c) + 0.01 && c->y + third > lay_text_bottom(c) + 0.01 &&
	    body_hyphen_check(c, next, keep_size, keep_lead))
		need += body_lead;
	lay_need(c, need);
	if (top)
		lay_add_anchor(c, top, "chapter", c->y);
	if (n)
		lay_add_anchor(c, c->chapter, n->as.heading.id, c->y);
	c->balance = true; /* display.c */
	lay_struct(c, n ? n : top, n ? OV_SROLE_NODE : OV_SROLE_TITLE);
	lay_set_pieces(c, &pv, c->leading, c->leading * LAY_HEADING_BASELINE, false, OV_ALIGN_LEFT, pos);
	lay_struct_end(c);
	c->balance = false;
	c->size = keep_size;
	c->leading = keep_lead;
	lay_vspace(c, body_lead * t->heading_below); /* a gap that page depth may stretch */
	c->heading_pending = next != NULL;
}

static void layout_heading(lay *c, const ov_node *n)
{
	layout_heading_as(c, n, NULL, n->as.heading.level - 1, n->pos, n->next, NULL);
}

static const char *bullet_for(int depth)
{
	static const char *const b[] = {"\xE2\x80\xA2", "\xE2\x80\x93", "\xE2\x80\xA3"};
	return b[depth % 3];
}

/* A bullet list of a chapter with "lists: hanging" (a glossary, a list of
 * references): no bullets; each item's paragraphs flush left, ragged by
 * design, their later lines indented by LAY_HANG ems (display.c), as
 * Chicago (14.60: a bibliography's hanging indention) and glossaries set
 * them; a list's space around the whole. */
static void layout_hanging_list(lay *c, const ov_node *list, int depth)
{
	double keep = c->hang;
	lay_vspace(c, c->leading * c->th->list_spacing);
	for (const ov_node *item = list->first; item; item = item->next) {
		c->hang = c->size * LAY_HANG;
		layout_blocks(c, item->first, depth + 1);
		c->hang = keep;
		if (!list->as.list.tight && item->next)
			lay_vspace(c, c->leading * c->th->list_spacing);
	}
	lay_vspace(c, c->leading * c->th->list_spacing);
}

static void layout_list(lay *c, const ov_node *list, int depth, int list_depth)
{
	if (ov_list_hangs(list)) {
		layout_hanging_list(c, list, depth);
		return;
	}
	int k = list->as.list.start;
	double indent = c->size * c->th->list_indent;
	if (list->as.list.ordered) {
		/* room for the widest number */
		int count = 0;
		for (const ov_node *i = list->first; i; i = i->next)
			count++;
		char buf[24];
		snprintf(buf, sizeof buf, "%d.", k + count - 1);
		double w = lay_plain_width(c, OV_FACE_REGULAR, c->size, buf) + LAY_MARKER_GAP + 1;
		if (w > indent)
			indent = w;
	}
	bool deeper = depth < OV_LAYOUT_MAX_INDENT;
	lay_vspace(c, c->leading * c->th->list_spacing);
	for (const ov_node *item = list->first; item; item = item->next, k++) {
		if (deeper)
			c->indent_l += indent;
		if (item->as.item.task) {
			c->marker_task = item->as.item.task;
			c->marker_item = item;
		} else if (list->as.list.ordered) {
			c->marker = ov_arena_printf(c->arena, "%d%c", k, list->as.list.delim);
			c->marker_face = OV_FACE_REGULAR;
		} else {
			c->marker = bullet_for(list_depth);
			c->marker_face = OV_FACE_REGULAR;
		}
		c->marker_item = item;
		layout_blocks(c, item->first, depth + 1);
		c->marker = NULL;
		c->marker_task = 0;
		if (deeper)
			c->indent_l -= indent;
		if (!list->as.list.tight && item->next)
			lay_vspace(c, c->leading * c->th->list_spacing);
		else if (item->next && c->page && c->y > lay_text_top(c) + 0.01)
			/* items are paragraphs of their own: page depth may open
			 * a tight list between them (LaTeX's \itemsep stretch) */
			lay_add_stretch(c, c->leading * TIGHT_ITEM_STRETCH);
	}
	lay_vspace(c, c->leading * c->th->list_spacing);
}

/* A callout (a GitHub alert): its label in the kind's colour and bold,
 * then its blocks, inside a tint with a bar of the kind's colour along
 * its left edge; the tint and the bar follow it across pages. */
static void layout_callout(lay *c, const ov_node *n, int depth)
{
	const ov_theme *t = c->th;
	ov_callout_kind kind = n->as.callout.kind;
	ov_color color = t->callout_color[(unsigned)kind < OV_CALLOUT_KINDS ? kind : 0];
	double pad = t->callout_padding, bar = t->callout_bar_width;
	lay_vspace(c, c->leading * t->callout_spacing);
	/* the label keeps a line of the text with it */
	lay_need(c, pad + 2 * c->leading);
	size_t sp = lay_page_index(c);
	double sy = c->y;
	c->y += pad;
	double in = depth < OV_LAYOUT_MAX_INDENT ? bar + pad : 0;
	c->indent_l += in;
	c->indent_r += in > 0 ? pad : 0;
	const char *label = ov_callout_label(kind);
	double w = lay_plain_width(c, OV_FACE_BOLD, c->size, label);
	double base = lay_place_line(c, c->leading, c->leading * LAY_BASELINE);
	lay_struct(c, n, OV_SROLE_LABEL);
	lay_add_text(c, lay_line_left(c), base, OV_FACE_BOLD, c->size, label, strlen(label), w, color);
	lay_struct_end(c);
	layout_blocks(c, n->first, depth + 1);
	c->indent_l -= in;
	c->indent_r -= in > 0 ? pad : 0;
	c->y += pad;
	/* the bar first: each decoration goes under what is there, so the
	 * tint, put down last, lies under the bar */
	if (bar > 0)
		lay_span_decoration(c, sp, sy, 0, bar, color, 0);
	lay_span_decoration(c, sp, sy, 0, lay_line_width(c), t->callout_background, 0);
	lay_vspace(c, c->leading * t->callout_spacing);
}

/* A definition list: each term in bold at the left, kept with the first
 * line of what follows; each definition's blocks indented by a list's
 * indent below it (a hanging indent); a list's space around the whole
 * and between a definition and the next term. */
static void layout_deflist(lay *c, const ov_node *n, int depth)
{
	const ov_theme *t = c->th;
	double indent = depth < OV_LAYOUT_MAX_INDENT ? c->size * t->list_indent : 0;
	lay_vspace(c, c->leading * t->list_spacing);
	for (const ov_node *d = n->first; d; d = d->next) {
		if (d->type == OV_NODE_DEFTERM) {
			if (d->prev && d->prev->type == OV_NODE_DEFDESC)
				lay_vspace(c, c->leading * t->list_spacing);
			lay_need(c, 2 * c->leading);
			piece_vec pv = {0};
			lay_build_pieces(c, d, c->size, &pv);
			lay_force_face(c, &pv, OV_FACE_BOLD, d->pos);
			lay_struct(c, d, OV_SROLE_NODE);
			lay_set_pieces(c, &pv, c->leading, c->leading * LAY_BASELINE, false, OV_ALIGN_LEFT, d->pos);
			lay_struct_end(c);
		} else if (d->type == OV_NODE_DEFDESC) {
			c->indent_l += indent;
			layout_blocks(c, d->first, depth + 1);
			c->indent_l -= indent;
		}
	}
	lay_vspace(c, c->leading * t->list_spacing);
}

/* A display formula shown as its TeX source, as a code block (a formula
 * with errors; every formula until the math layout sets them). */
static void layout_block(lay *c, const ov_node *n, int depth)
{
	const ov_theme *t = c->th;
	switch (n->type) {
	case OV_NODE_PARAGRAPH: {
		/* a paragraph that follows one is set apart by a space, an
		 * indent or both (the EPUB's "p + p"); one that follows a
		 * display formula goes on with the paragraph the display is
		 * part of, as in TeX: no space (the display has its own) and no
		 * indent */
		bool follows = n->prev && n->prev->type == OV_NODE_PARAGRAPH;
		/* a figure that floated away leaves the paragraphs around its
		 * place to follow each other */
		if (n->prev && n->prev == c->floated && n->prev->prev && n->prev->prev->type == OV_NODE_PARAGRAPH)
			follows = true;
		bool after_display = n->prev && n->prev->type == OV_NODE_MATH_BLOCK;
		if (follows)
			lay_vspace(c, c->leading * t->paragraph_spacing);
		else if (n->prev && !after_display)
			lay_vspace(c, c->leading * t->block_spacing);
		/* a display is never the first thing on a page after the text
		 * that leads to it (TeX's \predisplaypenalty 10000): the last
		 * line keeps room for the display's first row */
		c->keep_last = lay_math_display_height(c, n->next);
		lay_struct(c, n, OV_SROLE_NODE);
		layout_inlines(c, n, true, OV_ALIGN_LEFT, follows ? c->size * t->paragraph_indent : 0);
		lay_struct_end(c);
		c->keep_last = 0;
		break;
	}
	case OV_NODE_HEADING:
		layout_heading(c, n);
		break;
	case OV_NODE_BLOCKQUOTE: {
		lay_vspace(c, c->leading * t->quote_spacing);
		lay_need(c, c->leading);
		size_t sp = lay_page_index(c);
		double sy = c->y;
		double in = depth < OV_LAYOUT_MAX_INDENT ? c->size * t->quote_indent : 0;
		c->indent_l += in;
		c->indent_r += in / 2;
		layout_blocks(c, n->first, depth + 1);
		c->indent_l -= in;
		c->indent_r -= in / 2;
		if (in > 0)
			lay_span_decoration(c, sp, sy, in * t->quote_bar_at, t->quote_bar_width, t->quote_bar_color, 0);
		lay_vspace(c, c->leading * t->quote_spacing);
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
		lay_struct(c, n, OV_SROLE_NODE);
		lay_code(c, n);
		lay_struct_end(c);
		break;
	case OV_NODE_MATH_BLOCK:
		lay_struct(c, n, OV_SROLE_NODE);
		if (!lay_math_display(c, n))
			lay_math_block_source(c, n);
		lay_struct_end(c);
		break;
	case OV_NODE_THEMATIC_BREAK: {
		lay_vspace(c, c->leading * t->break_spacing);
		lay_need(c, c->leading);
		/* centred */
		double w = lay_line_width(c) * t->break_width;
		lay_add_rule(c, lay_line_left(c) + (lay_line_width(c) - w) / 2, c->y + c->leading * BREAK_RULE_AT, w,
		             t->rule_weight, t->rule_color);
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
	case OV_NODE_CALLOUT:
		layout_callout(c, n, depth);
		break;
	case OV_NODE_DEFLIST:
		layout_deflist(c, n, depth);
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

/* The share of the text block above a part's title: lower than a
 * chapter's opening (chapter_drop), as a part page holds nothing else and
 * its title sits in the upper third, as LaTeX's \part and most books set it. */
#define PART_DROP 0.3

/* Starts a new page, a right-hand one when two-sided (the verso before
 * it left blank), without a folio: where a part or a chapter opens. */
static void open_recto(lay *c)
{
	lay_new_page(c);
	if (c->ps->two_sided && !c->page->recto) {
		lay_set_no_folio(c, lay_page_index(c));
		lay_new_page(c);
	}
	lay_set_no_folio(c, lay_page_index(c));
}

/* A part's title page (summary part: a "# Part" line of SUMMARY.md): a
 * right-hand page of its own when two-sided, the title set large and
 * centred, no running head or folio; the chapter that follows opens on
 * the next right-hand page (lay_chapter), so the verso between stays
 * blank, as book typography sets parts. The contents and the outline
 * point here (OV_PART_ANCHOR). */
void lay_part_page(lay *c, const ov_node *ch)
{
	c->chapter = ch;
	open_recto(c);
	lay_mark_start(c, NULL, 0);
	const ov_theme *t = c->th;
	c->y = lay_text_top(c) + (lay_text_bottom(c) - lay_text_top(c)) * PART_DROP;
	lay_add_anchor(c, ch, OV_PART_ANCHOR, lay_text_top(c));
	double keep_size = c->size, keep_lead = c->leading;
	c->size = keep_size * t->part_size;
	c->leading = c->size * t->title_leading;
	piece_vec pv = {0};
	lay_string_pieces(c, &pv, ch->as.chapter.part, t->heading_face[0], c->size, ch->pos);
	lay_color_pieces(&pv, t->heading_color);
	c->balance = true;
	lay_set_pieces(c, &pv, c->leading, c->leading * LAY_HEADING_BASELINE, false, OV_ALIGN_CENTER, ch->pos);
	c->balance = false;
	c->size = keep_size;
	c->leading = keep_lead;
	c->text_ended = true; /* the page holds nothing else: never stretched (depth.c) */
}

void lay_chapter(lay *c, const ov_node *ch)
{
	c->chapter = ch;
	/* a chapter opens on a new page, a right-hand one when two-sided */
	open_recto(c);
	lay_mark_start(c, NULL, 0); /* an opening page begins at the chapter's start */
	c->text_ended = false;
	const ov_theme *t = c->th;
	double sink = (lay_text_bottom(c) - lay_text_top(c)) * t->chapter_drop;
	c->y = lay_text_top(c) + sink;
	lay_add_anchor(c, ch, "chapter", lay_text_top(c));
	lay_struct(c, ch, OV_SROLE_TITLE); /* the label and the title: one heading */
	if (ch->as.chapter.number) {
		const char *label = ov_arena_printf(c->arena, "Chapter %d", ch->as.chapter.number);
		double s = c->size * t->label_size;
		double w = lay_plain_width(c, t->label_face, s, label);
		lay_add_text(c, lay_line_left(c), c->y + s, t->label_face, s, label, strlen(label), w, t->label_color);
		c->y += s * t->label_gap;
	}
	/* the title: the h1 when there is one (it keeps its inline styling) */
	double keep_size = c->size, keep_lead = c->leading;
	c->size = keep_size * t->title_size;
	c->leading = c->size * t->title_leading;
	const ov_node *h1 = ch->as.chapter.title_heading;
	piece_vec pv = {0};
	if (h1) {
		lay_add_anchor(c, ch, h1->as.heading.id, c->y);
		lay_build_pieces(c, h1, c->size, &pv);
		lay_force_face(c, &pv, t->heading_face[0], h1->pos);
	} else {
		lay_string_pieces(c, &pv, ch->as.chapter.title, t->heading_face[0], c->size, ch->pos);
	}
	lay_color_pieces(&pv, t->heading_color);
	c->balance = true;
	lay_set_pieces(c, &pv, c->leading, c->leading * LAY_HEADING_BASELINE, false, OV_ALIGN_LEFT, ch->pos);
	lay_struct_end(c);
	c->balance = false;
	c->size = keep_size;
	c->leading = keep_lead;
	c->y += c->leading * t->title_space_after;
	for (const ov_node *b = ch->first; b; b = b->next)
		if (b != h1)
			layout_block(c, b, 0);
	lay_finish_notes(c);
}

/* A sub-chapter (summary part: an entry nested in SUMMARY.md) goes on on
 * the page of the chapter before it, its title set as a heading one level
 * below its parent's title for each level of nesting (depth 1 as an h2),
 * so that a book of short nested sections does not open a page for each
 * (an mdBook book had 55 blank pages). Its notes are set before the next
 * chapter starts, as a chapter's are. */
void lay_subchapter(lay *c, const ov_node *ch)
{
	/* the notes of the chapter before are set at this page's foot, which
	 * no longer bounds the text: go on on the next page */
	c->chapter = ch;
	if (c->notes_set)
		lay_new_page(c);
	c->notes_set = false;
	c->text_ended = false;
	int depth = ch->as.chapter.depth;
	int i = depth < 1 ? 1 : depth > 5 ? 5 : depth;
	const ov_node *h = ch->as.chapter.title_heading;
	/* an empty file has no blocks and no title heading */
	const ov_node *next = ch->first;
	if (next && next == h)
		next = next->next;
	c->mark_chapter = ch;
	layout_heading_as(c, h, ch->as.chapter.title, i, h ? h->pos : ch->pos, next, ch);
	c->mark_chapter = NULL;
	for (const ov_node *b = ch->first; b; b = b->next)
		if (b != h)
			layout_block(c, b, 0);
	lay_finish_notes(c);
}
