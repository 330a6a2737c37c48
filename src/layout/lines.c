/*
 * lines.c - lines onto pages: the boxes of one line (spaces and letters
 * stretched to justify it, links, strike-through, the hyphen at a break),
 * a list item's marker on its first line, and where a run of lines breaks
 * across pages: no widows, no orphans, and room for the notes a line
 * cites.
 */
#include "internal.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "linebreak.h"

/* A strike-through's rule: its height above the baseline and its
 * thickness, as fractions of the text's size (near the x-height's middle). */
#define STRIKE_RISE 0.28
#define STRIKE_WEIGHT 0.05
/* Where a line that cites a note ends, in leadings below its baseline. */
#define LINE_DEPTH 0.3
/* A task item's box: its side as a fraction of the text's size, the gap
 * before the text and the thickness of its sides (pt), and the tick's
 * nudge into the box (pt). */
#define TASK_BOX 0.62
#define TASK_GAP 6
#define TASK_LINE 0.6
#define TASK_TICK_DX 0.5
#define TASK_TICK_DY 0.3

/* The whole of the word whose part ends at piece i and continues in the
 * pieces after it (split at hyphenation points), in the layout's arena. */
static const char *hyphenated_word(lay *c, const piece_vec *pv, size_t i)
{
	size_t start = i, end = i + 1;
	while (start > 0 && pv->v[start].hyphen_before)
		start--;
	while (end < pv->count && pv->v[end].hyphen_before)
		end++;
	const char *a = pv->v[start].text;
	const char *z = pv->v[end - 1].text + pv->v[end - 1].len;
	return ov_arena_strndup(c->arena, a, (size_t)(z - a));
}

/* The link over piece p, drawn at x, y (top) w x h: the link box at index
 * link_at (SIZE_MAX: none) grows over it when p continues that link
 * (joined: p is not the line's first), else a new box is added. Returns
 * the index of p's link box, SIZE_MAX when p is no link. The box is kept
 * by index, as adding boxes may move the page's array. */
static inline size_t add_link(lay *c, const piece *p, size_t link_at, bool joined, double x, double y, double w,
                       double h)
{
	if (!p->uri && !p->target_chapter)
		return SIZE_MAX;
	ov_box *link = link_at != SIZE_MAX ? &c->page->boxes[link_at] : NULL;
	bool same = link && joined &&
	            ((p->uri && link->uri == p->uri) ||
	             (p->target_chapter && link->target_chapter == p->target_chapter && link->target_id == p->target_id));
	if (same) {
		/* an image grows the box to the union of both (text keeps the
		 * box of the link's first word) */
		double bottom = link->y + link->h > y + h ? link->y + link->h : y + h;
		if (p->image) {
			if (y < link->y)
				link->y = y;
			link->h = bottom - link->y;
		}
		link->w = x + w - link->x;
		return link_at;
	}
	link = lay_add_box(c, OV_BOX_LINK);
	link->x = x;
	link->y = y;
	link->w = w;
	link->h = h;
	link->uri = p->uri;
	link->target_chapter = p->target_chapter;
	link->target_id = p->target_id;
	return c->page->count - 1;
}

bool lay_line_adjust(const piece_vec *pv, const line *l, double width, bool justify, double *extra, int *steps)
{
	*extra = 0;
	*steps = 0;
	double slack = width - l->natural, want;
	if (l->gaps <= 0)
		return false;
	if (justify && !l->last && !l->ragged && slack > 0)
		want = slack; /* spread over the spaces and the glyphs */
	else if (justify && l->last && l->end == pv->count && slack < pv->v[l->end - 1].size)
		/* the paragraph's last line keeps an em free at its end; when the
		 * breaker shrank it to make room, it shrinks */
		want = slack - pv->v[l->end - 1].size;
	else if (slack < 0)
		want = slack; /* shrunk lines shrink their spaces */
	else
		return false;
	double spaces = 0, glyphs = 0;
	for (size_t i = l->first; i < l->end; i++) {
		if (i > l->first && pv->v[i].space > 0)
			spaces += pv->v[i].space;
		glyphs += lay_expand_width(&pv->v[i]);
	}
	if (l->hyphen && lay_expand_width(&pv->v[l->end - 1]) > 0)
		glyphs += pv->v[l->end].hyphen_w;
	int k = 0;
	if (justify && glyphs > 0) {
		/* the ratio of the breaker's glue (breaking.c): spaces stretch by
		 * half and shrink by a third, glyphs by LAY_EXPAND_MAX at ratio
		 * LAY_EXPAND_AT and at -1; the scale goes down to a whole step,
		 * stops at the limit, and the spaces take the rest */
		if (want > 0) {
			double e = want / (spaces / 2 + glyphs * LAY_EXPAND_MAX / LAY_EXPAND_AT) * LAY_EXPAND_MAX / LAY_EXPAND_AT;
			k = (int)floor(e / LAY_EXPAND_STEP + 1e-9);
		} else {
			double e = want / (spaces / 3 + glyphs * LAY_EXPAND_MAX) * LAY_EXPAND_MAX;
			k = (int)ceil(e / LAY_EXPAND_STEP - 1e-9);
		}
		if (k > LAY_EXPAND_STEPS)
			k = LAY_EXPAND_STEPS;
		if (k < -LAY_EXPAND_STEPS)
			k = -LAY_EXPAND_STEPS;
	}
	*steps = k;
	*extra = (want - k * LAY_EXPAND_STEP * glyphs) / l->gaps;
	return true;
}

/* Emits line l at baseline y starting at x; justified unless it is last. */
void lay_emit_line(lay *c, const piece_vec *pv, const line *l, double x, double y, double width,
                   bool justify, ov_align align)
{
	double extra;
	int steps;
	double slack = width - l->natural;
	if (!lay_line_adjust(pv, l, width, justify, &extra, &steps) && slack > 0) {
		if (align == OV_ALIGN_CENTER)
			x += slack / 2;
		else if (align == OV_ALIGN_RIGHT)
			x += slack;
	}
	double scale = 1 + steps * LAY_EXPAND_STEP;
	double px = x;
	/* links and strike-through are drawn over runs of pieces; the link box
	 * is kept by index, as adding boxes may move the page's array */
	size_t link_at = SIZE_MAX;
	size_t word_box = SIZE_MAX; /* the text box of the last word's first piece */
	size_t span_end = 0;         /* the piece after a formula's stretches on the line */
	bool cont = false;           /* the pieces so far continue the word hyphenated above */
	double strike_x = -1;
	for (size_t i = l->first; i < l->end; i++) {
		const piece *p = &pv->v[i];
		if (i > l->first && p->space > 0)
			px += p->space + extra;
		if (p->math) {
			/* a stretch of a formula: its glyphs and rules, a link over it
			 * when it is in one; a formula's stretches on one line in one
			 * span that copies as their source */
			double h, d;
			lay_math_piece_extent(p, &h, &d);
			if (i >= span_end) /* not inside the span of an earlier stretch */
				span_end = lay_math_span_open(c, pv, i, l->end, px, y);
			lay_emit_math_piece(c, p, px, y);
			if (i + 1 == span_end)
				lay_add_box(c, OV_BOX_SPAN_END);
			if (p->anchor)
				lay_add_anchor(c, c->chapter, p->anchor, y - c->leading);
			link_at = add_link(c, p, link_at, i > l->first, px, y - h, p->width, h + d);
			strike_x = -1;
			px += p->width;
			continue;
		}
		if (!p->len) {
			if (!p->image) {
				/* a first line's indent (flow.c), an anchor at a block's end */
				if (p->anchor)
					lay_add_anchor(c, c->chapter, p->anchor, y - c->leading);
				px += p->width;
				continue;
			}
			/* an image inside the text (no text, len 0): its bottom at
			 * its depth below the baseline (inline.c), a link over it
			 * when it is in one */
			double h = lay_inline_image_h(p);
			double top = y - p->rise + lay_inline_image_depth(c, p, h) - h;
			ov_box *ib = lay_add_box(c, OV_BOX_IMAGE);
			ib->x = px;
			ib->y = top;
			ib->w = p->width;
			ib->h = h;
			ib->image = p->image;
			if (p->image->svg && !p->image->svg->raster_reason)
				lay_svg_text(c, p->image->svg, px, top, p->width, h, p->pos);
			if (p->anchor)
				lay_add_anchor(c, c->chapter, p->anchor, y - c->leading);
			link_at = add_link(c, p, link_at, i > l->first, px, top, p->width, h);
			strike_x = -1;
			px += p->width;
			continue;
		}
		double by = y - p->rise;
		bool expands = steps && lay_expand_width(p) > 0;
		double pw = expands ? p->width * scale : p->width;
		/* words repeat: the box shares the copy measuring kept (a copy per
		 * box was a tenth of a long book's memory) */
		const char *stored = p->stored && strncmp(p->stored, p->text, p->len) == 0 && !p->stored[p->len]
		                         ? p->stored
		                         : NULL;
		if (p->glyphs)
			lay_add_glyphs(c, px, by, p->face, p->size, p->text, p->len, stored, p->glyphs, p->glyph_count, pw,
			               p->color);
		else /* a piece too long for the measuring cache, shaped now */
			lay_add_text_stored(c, px, by, p->face, p->size, p->text, p->len, stored, pw, p->color);
		/* a word is a piece per hyphenation point ("math" "e" "mat"
		 * "ics"): its text span opens at its first piece on the line */
		if (!(p->hyphen_before && i > l->first && word_box != SIZE_MAX))
			word_box = c->page->count - 1;
		ov_box *tb = &c->page->boxes[c->page->count - 1];
		tb->expand = expands ? (int8_t)steps : 0;
		/* the rest of a word hyphenated at the end of the line before
		 * ends with the last of the line's first pieces that continue
		 * it: "tech-" / "ni" "cal" (a piece per hyphenation point), so
		 * that the word's /ActualText covers all of "nical" */
		cont = i == l->first ? p->hyphen_before : cont && p->hyphen_before;
		tb->word_end = cont && !(i + 1 < l->end && pv->v[i + 1].hyphen_before && pv->v[i + 1].len);
		if (p->anchor)
			lay_add_anchor(c, c->chapter, p->anchor, y - c->leading);
		double asc = c->m->ascent[p->face] * p->size / 1000.0;
		double desc = -c->m->descent[p->face] * p->size / 1000.0;
		link_at = add_link(c, p, link_at, i > l->first, px, by - asc, pw, asc + desc);
		if (p->strike) {
			if (strike_x < 0)
				strike_x = px;
			bool next_strike = i + 1 < l->end && pv->v[i + 1].strike;
			if (!next_strike) {
				lay_add_rule(c, strike_x, by - p->size * STRIKE_RISE, px + pw - strike_x, p->size * STRIKE_WEIGHT,
				             p->color);
				strike_x = -1;
			}
		}
		px += pw;
	}
	for (size_t i = l->first; i < l->end; i++)
		if (pv->v[i].note)
			lay_cite_note(c, pv->v[i].note, y + c->leading * LINE_DEPTH);
	if (l->hyphen) {
		const piece *p = &pv->v[l->end - 1];
		/* the word's two parts, so that its text can be given whole */
		if (word_box != SIZE_MAX)
			c->page->boxes[word_box].full_word = hyphenated_word(c, pv, l->end - 1);
		/* the hyphen's glyph, standing for the soft hyphen the line break
		 * made visible */
		const lay_measured *h = lay_shaped(c, p->face, "-", 1);
		bool expands = steps && lay_expand_width(p) > 0;
		lay_add_glyphs(c, px, y - p->rise, p->face, p->size, "\xC2\xAD", 2, NULL, h->glyphs, h->count,
		               pv->v[l->end].hyphen_w * (expands ? scale : 1), p->color);
		c->page->boxes[c->page->count - 1].expand = expands ? (int8_t)steps : 0;
	}
}

/* Starts a line of height h: a page break if needed, the pending list
 * marker; returns the baseline. */
double lay_place_line(lay *c, double h, double ascent)
{
	lay_need(c, h);
	c->heading_pending = false;
	double base = c->y + ascent;
	if (c->marker || c->marker_task) {
		double x = lay_line_left(c);
		ov_color ink = c->th->text_color;
		lay_struct(c, c->marker_item, OV_SROLE_LBL);
		if (c->marker_task) {
			double s = c->size * TASK_BOX, bx = x - s - TASK_GAP, by = base - s;
			double t = TASK_LINE;
			lay_add_rule(c, bx, by, s, t, ink);
			lay_add_rule(c, bx, by + s - t, s, t, ink);
			lay_add_rule(c, bx, by, t, s, ink);
			lay_add_rule(c, bx + s - t, by, t, s, ink);
			if (c->marker_task == 2) {
				const char *check = c->m->has_glyph(c->m->ctx, OV_FACE_REGULAR, 0x2713) ? "\xE2\x9C\x93" : "x";
				double w = lay_plain_width(c, OV_FACE_REGULAR, c->size, check);
				lay_add_text(c, bx + (s - w) / 2 + TASK_TICK_DX, base - TASK_TICK_DY, OV_FACE_REGULAR, c->size,
				             check, strlen(check), w, ink);
			}
		} else {
			double w = lay_plain_width(c, c->marker_face, c->size, c->marker);
			lay_add_text(c, x - w - LAY_MARKER_GAP, base, c->marker_face, c->size, c->marker, strlen(c->marker), w,
			             ink);
		}
		lay_struct_end(c);
		c->marker = NULL;
		c->marker_task = 0;
	}
	c->y += h;
	c->line_base = base; /* page depth measures the page from its last line (depth.c) */
	return base;
}

/* Room line l needs beyond its lead for the images and formulas in it (a line box
 * lead high, its baseline asc below its top): *above is what its top
 * must move up, the result what the line grows in all, 0 for lines of
 * text alone. */
static double image_room(const lay *c, const piece_vec *pv, const line *l, double lead, double asc,
                         double *above)
{
	double up = 0, down = 0;
	*above = 0;
	if (!pv->images)
		return 0;
	for (size_t i = l->first; i < l->end; i++) {
		const piece *p = &pv->v[i];
		double top, bottom;
		if (p->math) {
			/* a formula's ink, as TeX's line boxes grow for it */
			lay_math_piece_extent(p, &top, &bottom);
			top += p->rise;
			bottom -= p->rise;
		} else if (p->image) {
			double h = lay_inline_image_h(p), depth = lay_inline_image_depth(c, p, h);
			top = h - depth + p->rise;
			bottom = depth - p->rise;
		} else {
			continue;
		}
		if (top - asc > up)
			up = top - asc;
		if (bottom - (lead - asc) > down)
			down = bottom - (lead - asc);
	}
	*above = up;
	return up + down;
}

/* Adds the lines of a justified paragraph, set across width, to the
 * chapter's statistics: problems, hyphens, expansion, word spaces (as
 * lay_emit_line sets them) and their contrast, runts. */
static void count_lines(ov_layout_stats *st, const piece_vec *pv, const line_vec *lv, double width)
{
	ov_break_params prm = OV_BREAK_PARAMS_INIT;
	size_t run = 0;
	double prev_space = -1; /* the word space of the line before, ems; -1: none */
	for (size_t i = 0; i < lv->count; i++) {
		const line *l = &lv->v[i];
		st->lines++;
		double extra;
		int steps;
		double space = -1;
		if (lay_line_adjust(pv, l, width, true, &extra, &steps) && !l->last) {
			if (steps)
				st->expanded++;
			double sum = 0;
			for (size_t k = l->first + 1; k < l->end; k++)
				if (pv->v[k].space > 0)
					sum += (pv->v[k].space + extra) / pv->v[k].size;
			space = sum / l->gaps;
			/* the spread of the lines within the tolerance: a loose line
			 * is counted as such, its spaces wider than space_max */
			if (l->ratio <= LAY_TOLERANCE) {
				if (st->space_max == 0 || space < st->space_min)
					st->space_min = space;
				if (space > st->space_max)
					st->space_max = space;
			}
			if (prev_space >= 0 && fabs(space - prev_space) > OV_REPORT_CONTRAST)
				st->contrast++;
		}
		prev_space = space;
		if (l->last && l->end == pv->count && lv->count > 1 &&
		    l->natural < LAY_RUNT_EM * pv->v[l->end - 1].size)
			st->runts++;
		if (l->overfull)
			st->overfull++;
		else if (l->ragged)
			st->ragged++;
		else if (!l->last && l->ratio > LAY_TOLERANCE)
			st->loose++;
		else if (l->ratio < -1)
			st->tight++;
		if (l->hyphen) {
			st->hyphenated++;
			if (++run == (size_t)prm.max_hyphen_run + 1)
				st->hyphen_runs++;
		} else {
			run = 0;
		}
	}
}

/* How many of the lines i..n-1 of a run go on the current page, each lead
 * high, so that neither page keeps a single line of it: no orphan (the
 * first line alone at the foot) and no widow (the last line alone at the
 * head of the next page). 0 means: start a new page first. With the
 * paragraph's pieces and lines, lines citing footnotes count their notes. */
static size_t lines_here_in(lay *c, size_t i, size_t n, double lead, const piece_vec *pv,
                            const line_vec *lv)
{
	double room = c->page ? lay_text_bottom(c) - c->y : 0;
	size_t k = 0;
	if (pv && lv) {
		/* lines that cite notes also need room for the notes' first lines
		 * (and, for the page's first note, the rule above them) */
		double used = 0;
		bool sep = c->note_h > 0;
		while (i + k < n) {
			double up, extra = lay_notes_needed(c, pv, &lv->v[i + k]);
			double grow = image_room(c, pv, &lv->v[i + k], lead, lead * LAY_BASELINE, &up);
			if (extra > 0 && c->note_h == 0) {
				if (sep)
					extra -= lay_note_sep(c); /* counted with an earlier line */
				sep = true;
			}
			if (i + k + 1 == n)
				extra += c->keep_last; /* the display after the paragraph */
			if (used + lead + grow + extra > room + 0.01)
				break;
			used += lead + grow + extra;
			k++;
		}
	} else {
		k = room + 0.01 < lead ? 0 : (size_t)((room + 0.01) / lead);
	}
	if (k >= n - i)
		return n - i;
	size_t take = k;
	if (n - i - take < 2) /* widow */
		take = n - i >= 2 ? n - i - 2 : 0;
	if (i == 0 && take < 2) /* orphan */
		take = 0;
	/* a word is not hyphenated across pages when a line less will do */
	if (lv && take > 0 && take < n - i && lv->v[i + take - 1].hyphen && take - 1 >= (i == 0 ? 2u : 1u))
		take--;
	/* never at the foot of a right-hand page (every page is one when
	 * one-sided), where the reader turns the leaf in the middle of the word (TeX's \brokenpenalty, made
	 * absolute): the paragraph goes on on the next page from an earlier
	 * line, and page depth fills the room (depth.c) */
	if (lv && take > 0 && take < n - i && lv->v[i + take - 1].hyphen && c->page && c->page->recto) {
		size_t t = take;
		while (t > 0 && lv->v[i + t - 1].hyphen)
			t--;
		/* a heading keeps its first two lines, the first lines of a
		 * paragraph are never an orphan */
		size_t least = c->heading_pending ? 2 : i == 0 ? 2 : 1;
		if (t >= least)
			take = t;
		else if (!c->heading_pending)
			take = 0;
		else if (take + 2 <= n - i && take + 1 <= k && !lv->v[i + take].hyphen)
			take++; /* under a heading: one more, if it fits and leaves no widow */
	}
	if (take == 0 && c->page && c->y <= lay_text_top(c) + 0.01)
		take = k ? k : 1; /* a fresh page that cannot do better */
	return take;
}

size_t lay_lines_here(lay *c, size_t i, size_t n, double lead)
{
	return lines_here_in(c, i, n, lead, NULL, NULL);
}

/* Breaks pieces into lines across the current measure and places them,
 * each lead high with its baseline asc below its top; frees the pieces.
 * Justified text (paragraphs) is kept free of widows and orphans. */
/* A page whose body begins with line l begins at its first word's source
 * (piece.node: the start of a word hyphenated across the break, as a
 * reader looks for the word); a line of generated text (a sub-chapter's
 * title from its file name) at the chapter's start. */
static void mark_line(lay *c, const piece_vec *pv, const line *l)
{
	if (c->page && c->page->started)
		return;
	for (size_t i = l->first; i < l->end; i++)
		if (pv->v[i].node) {
			lay_mark_start(c, pv->v[i].node, pv->v[i].off);
			return;
		}
	if (c->mark_chapter)
		lay_mark_start(c, NULL, 0);
}

void lay_set_pieces(lay *c, piece_vec *pv, double lead, double asc, bool justify,
                    ov_align align, ov_pos pos)
{
	double width = lay_line_width(c);
	/* a hanging paragraph is ragged by design (display.c) */
	double hang = c->hang > 0 && c->hang < width / 2 ? c->hang : 0;
	if (hang > 0)
		justify = false;
	lay_split_wide(c, pv, width - hang, pos);
	line_vec lv = {0};
	if (justify)
		lay_break_lines_total(pv, width, &lv);
	else if (hang > 0 || c->balance)
		lay_break_display(pv, width, hang, &lv);
	else
		lay_break_lines(pv, width, &lv);
	if (justify && c->stats)
		count_lines(c->stats, pv, &lv, width);
	for (size_t i = 0; i < lv.count;) {
		size_t take = justify ? lines_here_in(c, i, lv.count, lead, pv, &lv) : 1;
		if (take == 0) {
			lay_new_page(c);
			continue;
		}
		size_t page_before = c->page ? lay_page_index(c) : SIZE_MAX;
		bool moved = false;
		for (size_t k = 0; k < take; k++, i++) {
			/* a line that cites a note needs room for the note's first
			 * lines below it; otherwise both go to the next page */
			double room = lay_notes_needed(c, pv, &lv.v[i]);
			/* a line with an image taller than its line box grows */
			double up, grow = image_room(c, pv, &lv.v[i], lead, asc, &up);
			if (room > 0 && c->page && c->y > lay_text_top(c) + 0.01 &&
			    c->y + lead + grow + room > lay_text_bottom(c) + 0.01) {
				lay_new_page(c);
				moved = true;
				break;
			}
			double base = lay_place_line(c, lead + grow, asc + up);
			double in = i > 0 ? hang : 0;
			mark_line(c, pv, &lv.v[i]);
			lay_emit_line(c, pv, &lv.v[i], lay_line_left(c) + in, base, width - in, justify, align);
		}
		if (moved)
			continue;
		if (justify && c->stats && take == 1 && lv.count > 1) {
			/* measured, not assumed: one line of a paragraph alone on a page */
			bool first = i == 1, broke = page_before != lay_page_index(c);
			if (first && i < lv.count && !broke)
				c->stats->orphans++;
			else if (i == lv.count && i > 1)
				c->stats->widows++;
		}
		if (justify && i < lv.count)
			lay_new_page(c);
	}
	free(lv.v);
	free(pv->v);
	pv->v = NULL;
	pv->count = pv->cap = 0;
	pv->images = false;
}
