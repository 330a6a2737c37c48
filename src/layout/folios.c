/*
 * folios.c - folios and running heads: the page number in the outer
 * corner at the foot (roman in the front matter), and at the top the
 * book's title on left-hand pages and the chapter's on right-hand pages,
 * shortened with an ellipsis to fit.
 */
#include "internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/utf8.h"

/* A running head is shortened to this fraction of the measure. */
#define HEAD_MEASURE 0.8

void lay_roman(int n, char *out, size_t size)
{
	static const int val[] = {1000, 900, 500, 400, 100, 90, 50, 40, 10, 9, 5, 4, 1};
	static const char *const sym[] = {"m", "cm", "d", "cd", "c", "xc", "l", "xl", "x", "ix", "v", "iv", "i"};
	size_t o = 0;
	out[0] = '\0';
	for (int i = 0; i < 13 && n > 0; i++)
		while (n >= val[i] && o + 3 < size) {
			size_t l = strlen(sym[i]);
			memcpy(out + o, sym[i], l);
			o += l;
			n -= val[i];
		}
	out[o] = '\0';
}

/* The text of a running head, shortened with an ellipsis to fit width:
 * the longest prefix, ending before a character and without trailing
 * spaces, that fits with the ellipsis after it; NULL when none does.
 * One walk over the text: the prefixes' widths are running sums of
 * advances (dropping a character at a time from the end and measuring
 * again cost a 20,000-character chapter title 15 s). */
static const char *fit_head(lay *c, const char *text, ov_face face, double size, double width)
{
	if (lay_plain_width(c, face, size, text) <= width)
		return text;
	static const char ell[] = "\xE2\x80\xA6";
	long ell_adv = c->m->advance(c->m->ctx, face, 0x2026);
	long adv = 0, kept = 0; /* font units: text[0..i), text[0..kept_len) */
	size_t len = strlen(text), kept_len = 0, best = SIZE_MAX;
	for (size_t i = 0; i < len;) {
		/* the prefix before this character, spaces trimmed, and "…" */
		if ((double)(kept + ell_adv) * size / 1000.0 > width)
			break; /* longer prefixes are no narrower */
		best = kept_len;
		uint32_t cp;
		int k = ov_utf8_decode(text + i, len - i, &cp);
		i += k > 0 ? (size_t)k : 1;
		adv += c->m->advance(c->m->ctx, face, cp);
		if (cp != ' ') {
			kept = adv;
			kept_len = i;
		}
	}
	if (best == SIZE_MAX)
		return NULL;
	char *t = ov_arena_alloc(c->arena, best + sizeof ell);
	memcpy(t, text, best);
	memcpy(t + best, ell, sizeof ell);
	return t;
}

/* The text a running head of content shows on a page of chapter ch
 * (NULL: none), before it is fitted. */
static const char *head_text(lay *c, ov_head_content content, const ov_node *ch)
{
	switch (content) {
	case OV_HEAD_BOOK: return c->doc->meta.title;
	case OV_HEAD_CHAPTER: return ch ? ch->as.chapter.title : c->doc->meta.title;
	default: return NULL;
	}
}

/* The chapter title heading a running head of content shows on a page of
 * chapter ch when it has a formula (lay_has_formula), else NULL: the head
 * is then its plain text. */
static const ov_node *head_heading(lay *c, ov_head_content content, const ov_node *ch)
{
	if (content != OV_HEAD_CHAPTER || !ch || ch->as.chapter.title_from != OV_TITLE_HEADING)
		return NULL;
	const ov_node *h = ch->as.chapter.title_heading;
	return h && lay_has_formula(c, h) && strcmp(lay_plain(c, h), ch->as.chapter.title) == 0 ? h : NULL;
}

/* Sets heading h as a running head at baseline y, at size s in italic,
 * centred over the measure, its formula typeset and copied as its Unicode
 * reading; one wider than width is cut after the last word or stretch of
 * the formula that fits with an ellipsis after it. False, with nothing
 * set, when not even the first piece fits (the caller then sets its plain
 * text, shortened). */
static bool formula_head(lay *c, const ov_node *h, double s, double y, double width)
{
	piece_vec pv = {0};
	lay_heading_line_pieces(c, h, OV_FACE_ITALIC, s, c->th->head_color, &pv);
	double w = 0;
	int gaps = 0;
	for (size_t i = 0; i < pv.count; i++) {
		w += (i ? pv.v[i].space : 0) + pv.v[i].width;
		gaps += i && pv.v[i].space > 0;
	}
	if (w > width) {
		static const char ell[] = "\xE2\x80\xA6";
		double ew = lay_plain_width(c, OV_FACE_ITALIC, s, ell), acc = 0;
		size_t k = 0;
		gaps = 0;
		for (size_t i = 0; i < pv.count; i++) {
			double next = acc + (i ? pv.v[i].space : 0) + pv.v[i].width;
			if (next + ew > width)
				break;
			gaps += i && pv.v[i].space > 0;
			acc = next;
			k = i + 1;
		}
		pv.count = k;
		if (k) {
			builder b = {c, &pv, s, false, false, NULL, false, NULL};
			istyle st = {0};
			st.italic = true;
			lay_add_text_pieces(&b, &st, ell, sizeof ell - 1, h->pos);
			pv.v[pv.count - 1].color = c->th->head_color;
			w = acc + ew;
		}
	}
	bool fits = pv.count > 0 && w <= width;
	if (fits) {
		line l = {0, pv.count, w, gaps, true, false, 0, false, false};
		c->plain_spans = true;
		lay_emit_line(c, &pv, &l, lay_block_left(c) + (lay_measure(c) - w) / 2, y, w, false, OV_ALIGN_LEFT);
		c->plain_spans = false;
	}
	free(pv.v);
	return fits;
}

/* Folios in the outer corner at the foot, and running heads (by default
 * the book's title on left-hand pages, the chapter's on right-hand pages:
 * theme.head_verso, head_recto), on every page except title, copyright,
 * blank and chapter-opening pages. */
void lay_add_folios(lay *c, size_t count, size_t no_folio_base)
{
	const ov_theme *t = c->th;
	/* the last two heads fitted (the book's and a chapter's title take
	 * turns): each page's head is not measured again */
	const char *fitted_in[2] = {NULL, NULL}, *fitted_out[2] = {NULL, NULL};
	for (size_t i = 0; i < count; i++) {
		size_t key = no_folio_base + i;
		uint8_t flags = key < c->no_folio_cap ? c->no_folio[key] : 0;
		if (flags & LAY_NO_FOLIO)
			continue;
		c->page = lay_page_at(c, i);
		if (!c->page->count && !c->page->taken)
			continue; /* blank page */
		char num[32];
		if (c->page->front)
			lay_roman(c->page->number, num, sizeof num);
		else
			snprintf(num, sizeof num, "%d", c->page->number);
		double s = c->ps->body_size * t->head_size;
		double w = lay_plain_width(c, OV_FACE_REGULAR, s, num);
		double y = c->ps->height - c->ps->bottom + c->ps->body_size * t->folio_offset;
		double x = c->page->recto ? lay_block_left(c) + lay_measure(c) - w : lay_block_left(c);
		/* folio and running head: pagination artifacts (PDF 1.7 §14.8.2.2) */
		lay_struct(c, NULL, OV_SROLE_PAGINATION);
		lay_add_text(c, x, y, OV_FACE_REGULAR, s, num, strlen(num), w, t->text_color);
		lay_struct_end(c);
		const ov_node *ch = c->page->chapter;
		/* one-sided: every page shows the right-hand pages' head */
		ov_head_content content = c->page->recto || !c->ps->two_sided ? t->head_recto : t->head_verso;
		const char *head = c->page->front ? "Contents" : head_text(c, content, ch);
		if (!head || (flags & LAY_NO_HEAD))
			continue;
		double hy = c->ps->top - c->ps->body_size * t->head_offset;
		const ov_node *hh = c->page->front ? NULL : head_heading(c, content, ch);
		lay_struct(c, NULL, OV_SROLE_PAGINATION);
		bool set = hh && formula_head(c, hh, s, hy, lay_measure(c) * HEAD_MEASURE);
		lay_struct_end(c);
		if (set) {
			c->page->head = head;
			continue;
		}
		if (head == fitted_in[0] || head == fitted_in[1]) {
			head = fitted_out[head == fitted_in[0] ? 0 : 1];
		} else {
			fitted_in[1] = fitted_in[0];
			fitted_out[1] = fitted_out[0];
			fitted_in[0] = head;
			head = fitted_out[0] = fit_head(c, head, OV_FACE_ITALIC, s, lay_measure(c) * HEAD_MEASURE);
		}
		if (!head)
			continue;
		double hw = lay_plain_width(c, OV_FACE_ITALIC, s, head);
		lay_struct(c, NULL, OV_SROLE_PAGINATION);
		lay_add_text(c, lay_block_left(c) + (lay_measure(c) - hw) / 2, hy, OV_FACE_ITALIC, s, head, strlen(head), hw,
		             t->head_color);
		lay_struct_end(c);
		c->page->head = head;
	}
}
