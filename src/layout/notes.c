/*
 * notes.c - footnotes (PDF only), set at the foot of the page that cites
 * them. A note is broken into lines once; a line that cites a note needs
 * room on its page for the note's first lines, and what does not fit
 * waits in a queue for the next page, ahead of that page's own notes.
 */
#include "internal.h"

#include <stdlib.h>
#include <string.h>

#include "util/strmap.h"

struct note {
	const ov_node *def;
	piece_vec pv;   /* the note's text, paragraphs separated by hard breaks */
	line_vec lv;
	bool cited;     /* placed (it is set where it is first cited) */
};

/* The space between the text and the notes, in note leadings, and where
 * the rule lies in it; the gap between a note's number and its text, as
 * a fraction of the note size. */
#define NOTE_SEP 1.2
#define NOTE_RULE_AT 0.45
#define NOTE_NUMBER_GAP 0.5

static double note_size(const lay *c) { return c->ps->body_size * c->th->note_size; }
static double note_lead(const lay *c) { return note_size(c) * c->th->note_leading; }
static double note_indent(const lay *c) { return note_size(c) * c->th->note_indent; }
/* the space and short rule between the text and the notes */
double lay_note_sep(const lay *c) { return note_lead(c) * NOTE_SEP; }

/* The note of def, broken into lines of the note measure (made once). */
static note *prepare_note(lay *c, const ov_node *def)
{
	/* looked up by address: every line that cites a note asks again, and
	 * a chapter may have tens of thousands of notes */
	bool found;
	void **slot = ov_strmap_slot(&c->prepared_of, (const char *)&def, sizeof def, &found);
	if (found)
		return *slot;
	note *n = ov_xcalloc(1, sizeof *n);
	*slot = n;
	n->def = def;
	for (const ov_node *b = def->first; b; b = b->next) {
		size_t before = n->pv.count;
		lay_build_pieces(c, b, note_size(c), &n->pv);
		if (before > 0 && n->pv.count > before) {
			n->pv.v[before].hard_break = true;
			n->pv.v[before].can_break = true;
			n->pv.v[before].space = 0;
		}
	}
	double width = lay_measure(c) - note_indent(c);
	if (c->hyph)
		lay_hyphenate_pieces(c, &n->pv);
	lay_split_wide(c, &n->pv, width, def->pos);
	if (n->pv.count)
		lay_break_lines_total(&n->pv, width, &n->lv);
	/* kept until the chapter ends: only the room used (a short note's
	 * vectors had room for 64 pieces and 32 lines, 14 KB, and 40,000
	 * notes kept 560 MB) */
	if (n->pv.count && n->pv.count < n->pv.cap) {
		n->pv.v = ov_xrealloc(n->pv.v, n->pv.count * sizeof *n->pv.v);
		n->pv.cap = n->pv.count;
	}
	if (n->lv.count && n->lv.count < n->lv.cap) {
		n->lv.v = ov_xrealloc(n->lv.v, n->lv.count * sizeof *n->lv.v);
		n->lv.cap = n->lv.count;
	}
	if (c->prepared_count == c->prepared_cap) {
		c->prepared_cap = c->prepared_cap ? c->prepared_cap * 2 : 16;
		c->prepared = ov_xrealloc(c->prepared, c->prepared_cap * sizeof *c->prepared);
	}
	c->prepared[c->prepared_count++] = n;
	return n;
}

/* Height the notes first cited in line l need on this page: at least two
 * lines of each (the rest may continue on the next page). */
double lay_notes_needed(lay *c, const piece_vec *pv, const line *l)
{
	double h = 0;
	for (size_t i = l->first; i < l->end; i++) {
		if (!pv->v[i].note)
			continue;
		note *n = prepare_note(c, pv->v[i].note);
		if (n->cited)
			continue;
		size_t k = n->lv.count < 2 ? n->lv.count : 2;
		h += note_lead(c) * (double)k;
	}
	if (h > 0 && c->note_h == 0)
		h += lay_note_sep(c);
	return h;
}

static void queue_note(lay *c, note *n, size_t first, size_t count)
{
	if (c->queue_count == c->queue_cap) {
		c->queue_cap = c->queue_cap ? c->queue_cap * 2 : 8;
		c->queue = ov_xrealloc(c->queue, c->queue_cap * sizeof *c->queue);
	}
	c->queue[c->queue_count++] = (note_run){n, first, count};
}

static void add_note_run(lay *c, note *n, size_t first, size_t count)
{
	if (c->note_count == c->note_cap) {
		c->note_cap = c->note_cap ? c->note_cap * 2 : 8;
		c->notes = ov_xrealloc(c->notes, c->note_cap * sizeof *c->notes);
	}
	if (c->note_h == 0)
		c->note_h = lay_note_sep(c);
	c->notes[c->note_count++] = (note_run){n, first, count};
	c->note_h += note_lead(c) * (double)count;
}

/* Sets lines [first, ...) of n in the note area of this page, as many as
 * fit below the line whose bottom is at below; the rest continue on the
 * next page. */
static void place_note_lines(lay *c, note *n, size_t first, double below)
{
	size_t left = n->lv.count - first;
	double room = c->ps->height - c->ps->bottom - c->note_h - (c->note_h == 0 ? lay_note_sep(c) : 0) - below;
	size_t fit = room > 0 ? (size_t)(room / note_lead(c) + 0.01) : 0;
	size_t take = fit < left ? fit : left;
	if (take)
		add_note_run(c, n, first, take);
	if (take < left)
		queue_note(c, n, first + take, left - take);
}

/* A footnote reference was set on the current page with its line ending
 * at y = below: its note goes to the foot of this page (first citation
 * only). */
void lay_cite_note(lay *c, const ov_node *def, double below)
{
	if (!c->stats || c->in_notes)
		return; /* front matter; a reference inside a note */
	note *n = prepare_note(c, def);
	if (n->cited || !n->lv.count)
		return;
	n->cited = true;
	if (c->queue_count) {
		/* notes keep their order: this one follows the one that waits */
		queue_note(c, n, 0, n->lv.count);
		return;
	}
	place_note_lines(c, n, 0, below);
}

/* At the top of a new page: the notes (or their ends) that waited, up to
 * half of the page; what does not fit waits for the following page. */
void lay_place_carry(lay *c)
{
	c->note_count = 0;
	c->note_h = 0;
	if (!c->queue_count)
		return;
	note_run *q = c->queue;
	size_t count = c->queue_count;
	c->queue = NULL;
	c->queue_count = c->queue_cap = 0;
	double half = (lay_text_bottom(c) - lay_text_top(c)) / 2;
	size_t fit = (size_t)((half - lay_note_sep(c)) / note_lead(c));
	if (fit < 2)
		fit = 2;
	for (size_t i = 0; i < count; i++) {
		size_t take = q[i].count < fit ? q[i].count : fit;
		if (take)
			add_note_run(c, q[i].n, q[i].first, take);
		fit -= take;
		if (take < q[i].count)
			queue_note(c, q[i].n, q[i].first + take, q[i].count - take);
	}
	free(q);
}

/* Draws the notes of the current page at its foot: a short rule, then
 * each note's lines, its number linking back to the reference. */
void lay_flush_notes(lay *c)
{
	if (!c->note_count) {
		c->note_h = 0;
		return;
	}
	double keep_size = c->size, keep_lead = c->leading, keep_indent = c->indent_l, keep_r = c->indent_r;
	c->in_notes = true;
	c->size = note_size(c);
	c->leading = note_lead(c);
	c->indent_l = 0;
	c->indent_r = 0;
	/* the notes' last baseline where a full page's last line of text
	 * would be, so that facing pages end at one baseline (depth.c) */
	double y = c->ps->height - c->ps->bottom - c->note_h;
	if (c->ps->leading > note_lead(c))
		y -= (c->ps->leading - note_lead(c)) * LAY_BASELINE_DEPTH;
	lay_add_rule(c, lay_line_left(c), y + note_lead(c) * NOTE_RULE_AT, lay_measure(c) * c->th->note_rule_length,
	             c->th->note_rule_weight, c->th->rule_color);
	y += lay_note_sep(c);
	double width = lay_measure(c) - note_indent(c);
	for (size_t i = 0; i < c->note_count; i++) {
		note_run *r = &c->notes[i];
		const ov_node *def = r->n->def;
		lay_struct(c, def, OV_SROLE_NODE);
		if (r->first == 0) {
			const char *num = ov_arena_printf(c->arena, "%d", def->as.footnote_def.number);
			double nw = lay_plain_width(c, OV_FACE_REGULAR, c->size, num);
			double nb = y + note_lead(c) * LAY_BASELINE;
			double nx = lay_line_left(c) + note_indent(c) - nw - note_size(c) * NOTE_NUMBER_GAP;
			lay_add_text(c, nx, nb, OV_FACE_REGULAR, c->size, num, strlen(num), nw, c->th->text_color);
			lay_add_anchor(c, c->chapter, def->as.footnote_def.id, y);
			if (def->as.footnote_def.ref_id) {
				ov_box *l = lay_add_box(c, OV_BOX_LINK);
				l->x = nx;
				l->y = nb - c->size;
				l->w = nw;
				l->h = note_lead(c);
				l->target_chapter = c->chapter;
				l->target_id = def->as.footnote_def.ref_id;
			}
		}
		for (size_t k = 0; k < r->count; k++) {
			const line *l = &r->n->lv.v[r->first + k];
			double base = y + note_lead(c) * LAY_BASELINE;
			lay_emit_line(c, &r->n->pv, l, lay_line_left(c) + note_indent(c), base, width, true, OV_ALIGN_LEFT);
			y += note_lead(c);
		}
		lay_struct_end(c);
	}
	c->size = keep_size;
	c->leading = keep_lead;
	c->indent_l = keep_indent;
	c->indent_r = keep_r;
	c->in_notes = false;
	c->note_count = 0;
	/* note_h stays until the next page starts: it still bounds this page */
}

/* At the chapter's end: the last page's notes, and any note that still
 * continues (on the pages that follow); then the chapter's notes are
 * freed. */
void lay_finish_notes(lay *c)
{
	/* the chapter's text has ended: its last pages are not stretched
	 * (depth.c); figures still waiting are set before it ends */
	c->text_ended = true;
	while (c->float_count || c->queue_count)
		lay_new_page(c); /* flushes this page, sets waiting figures and notes on the next */
	c->notes_set = c->note_count > 0;
	/* a page with notes ends here (a sub-chapter after it starts a new
	 * one); one without may go on with the next sub-chapter */
	if (c->notes_set)
		lay_finish_page(c);
	lay_flush_notes(c);
	c->note_h = 0;
	for (size_t i = 0; i < c->prepared_count; i++) {
		free(c->prepared[i]->pv.v);
		free(c->prepared[i]->lv.v);
		free(c->prepared[i]);
	}
	free(c->prepared);
	c->prepared = NULL;
	c->prepared_count = c->prepared_cap = 0;
	ov_strmap_dispose(&c->prepared_of, NULL);
}
