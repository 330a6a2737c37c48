/*
 * code.c - code blocks: tabs expanded, lines wider than the measure
 * wrapped with an arrow, a tint behind the block, and page breaks only
 * between printed lines, with at least two lines on each side; a
 * highlighted block's tokens (doc/highlight.c) in the theme's colours.
 */
#include "internal.h"

#include <stdlib.h>
#include <string.h>

#include "util/buf.h"
#include "util/utf8.h"

/* Tab stops every this many columns; the gap after a wrapped line's
 * arrow, pt. */
#define TAB_WIDTH 4
#define MARK_GAP 2
#define NO_CLASS 0x7F

/* A printed line of a code block: bytes [start, start+len) of the
 * tab-expanded text, a continuation of the line above when cont. */
typedef struct {
	size_t start, len;
	double width;
	bool cont;
} code_line;

/* Draws s[0..len) from x on baseline base, a text box per run of bytes
 * of one class (k[i], NO_CLASS: plain) in its colour; the runs follow
 * each other without a gap, so text extraction reads the line whole. */
static void put_runs(lay *c, double x, double base, double size, const char *s, const uint8_t *k, size_t len)
{
	const ov_theme *th = c->th;
	size_t i = 0;
	while (i < len) {
		size_t j = i + 1;
		while (j < len && k[j] == k[i])
			j++;
		double w = lay_text_width(c, OV_FACE_MONO, size, s + i, j - i, (ov_pos){0, 0, 0});
		ov_color col = k[i] < OV_CODE_CLASSES ? th->code_color[k[i]] : th->text_color;
		lay_add_text(c, x, base, OV_FACE_MONO, size, s + i, j - i, w, col);
		x += w;
		i = j;
	}
}

/* Code keeps its line breaks; a line longer than the measure wraps (at a
 * space or separator in its second half when there is one) and the
 * continuation starts with an arrow. The block breaks across pages only
 * between printed lines, with at least two lines on each side. */
/* A page that begins inside a code block begins at the start of the
 * source line its first printed line comes from (a wrapped line's
 * continuation too: the EPUB marks lines, src/epub/pagebreak.c); tx, the
 * text with its tabs expanded, has the same line breaks as n->text. */
static void mark_code_line(lay *c, const ov_node *n, const char *tx, size_t at)
{
	if (!c->page || c->page->started)
		return;
	if (c->code_of || n->type != OV_NODE_CODE_BLOCK) {
		lay_mark_start(c, c->code_of ? c->code_of : n, 0);
		return;
	}
	size_t nth = 0;
	for (size_t i = 0; i < at; i++)
		nth += tx[i] == '\n';
	size_t off = 0;
	while (nth && off < n->len) {
		const char *nl = memchr(n->text + off, '\n', n->len - off);
		if (!nl)
			break;
		off = (size_t)(nl - n->text) + 1;
		nth--;
	}
	lay_mark_start(c, n, off);
}

void lay_code(lay *c, const ov_node *n)
{
	lay_code_numbered(c, n, NULL, NULL, 0);
}

void lay_code_numbered(lay *c, const ov_node *n, const char *const *nums, const char *const *ids, size_t nnums)
{
	const ov_theme *th = c->th;
	double size = c->size * th->code_size, lead = size * th->code_leading, pad = th->code_padding;
	/* the numbers at the right margin, an em from the block (as a
	 * display's, formula.c), the block narrower by what they take */
	double numw = 0, reserve = 0;
	for (size_t i = 0; i < nnums; i++) {
		double w = lay_plain_width(c, OV_FACE_REGULAR, c->size, nums[i]);
		numw = w > numw ? w : numw;
	}
	if (nnums)
		reserve = numw + c->size;
	double width = lay_line_width(c) - 2 * pad - reserve;
	double mark_w = lay_plain_width(c, OV_FACE_MONO, size, "M");

	/* expand tabs, the class of each byte (NO_CLASS: plain) following
	 * its byte when the block is highlighted */
	ov_buf t = OV_BUF_INIT;
	const ov_code_span *sp = n->type == OV_NODE_CODE_BLOCK ? n->as.code.spans : NULL;
	size_t nsp = sp ? n->as.code.span_count : 0, k_sp = 0;
	ov_buf cls = OV_BUF_INIT;
	size_t col = 0;
	for (size_t i = 0; i < n->len; i++) {
		char ch = n->text[i];
		size_t was = t.len;
		if (ch == '\t') {
			do
				ov_buf_putc(&t, ' ');
			while (++col % TAB_WIDTH);
		} else {
			ov_buf_putc(&t, ch);
			if (ch == '\n')
				col = 0;
			else if (((unsigned char)ch & 0xC0) != 0x80)
				col++;
		}
		if (nsp) {
			while (k_sp < nsp && sp[k_sp].start + sp[k_sp].len <= i)
				k_sp++;
			char k = k_sp < nsp && sp[k_sp].start <= i ? (char)sp[k_sp].cls : (char)NO_CLASS;
			while (was++ < t.len)
				ov_buf_putc(&cls, k);
		}
	}
	const char *tx = ov_buf_cstr(&t);
	lay_text_width(c, OV_FACE_MONO, size, tx, t.len, n->pos); /* report missing glyphs once */

	/* the printed lines */
	code_line *lines = NULL;
	size_t count = 0, cap = 0;
	size_t s = 0;
	for (;;) {
		const char *nl = memchr(tx + s, '\n', t.len - s);
		size_t le = nl ? (size_t)(nl - tx) : t.len;
		size_t k = s;
		bool cont = false;
		do {
			double avail = width - (cont ? mark_w + MARK_GAP : 0), w = 0;
			size_t e = k;
			while (e < le) {
				uint32_t cp;
				int m = ov_utf8_decode(tx + e, le - e, &cp);
				size_t step = m > 0 ? (size_t)m : 1;
				double cw = (double)c->m->advance(c->m->ctx, OV_FACE_MONO, cp) * size / 1000.0;
				if (w + cw > avail && e > k)
					break;
				w += cw;
				e += step;
			}
			if (e < le) {
				for (size_t q = e; q > k + (e - k) / 2; q--) {
					char pc = tx[q - 1];
					if (pc == ' ' || pc == ',' || pc == '(' || pc == '[' || pc == '{' || pc == '=') {
						w = lay_text_width(c, OV_FACE_MONO, size, tx + k, q - k, (ov_pos){0, 0, 0});
						e = q;
						break;
					}
				}
			}
			if (count == cap) {
				cap = cap ? cap * 2 : 32;
				lines = ov_xrealloc(lines, cap * sizeof *lines);
			}
			lines[count++] = (code_line){k, e - k, w, cont};
			k = e;
			cont = true;
		} while (k < le);
		if (!nl)
			break;
		s = le + 1;
	}
	/* a number per printed line: more numbers than lines get empty ones */
	while (count < nnums) {
		if (count == cap) {
			cap = cap ? cap * 2 : 32;
			lines = ov_xrealloc(lines, cap * sizeof *lines);
		}
		lines[count++] = (code_line){t.len, 0, 0, false};
	}

	lay_vspace(c, c->leading * th->code_space[0]);
	size_t start_page = 0;
	double start_y = 0;
	bool open = false;
	for (size_t i = 0; i < count;) {
		/* the padding counts as part of the first and last line */
		if (c->page)
			c->y += open ? 0 : pad;
		size_t take = lay_lines_here(c, i, count, lead);
		if (take == 0) {
			if (c->page && !open)
				c->y -= pad;
			lay_new_page(c);
			continue;
		}
		if (!open) {
			start_page = lay_page_index(c);
			start_y = c->y - pad;
			open = true;
		}
		for (size_t j = 0; j < take; j++, i++) {
			double top = c->y;
			double base = lay_place_line(c, lead, lead * LAY_BASELINE);
			if (i < nnums) {
				/* the i-th numbered row's number, and its anchor for \eqref */
				double w = lay_plain_width(c, OV_FACE_REGULAR, c->size, nums[i]);
				lay_add_text(c, lay_line_left(c) + lay_line_width(c) - w, base, OV_FACE_REGULAR, c->size, nums[i],
				             strlen(nums[i]), w, th->text_color);
				if (ids && ids[i])
					lay_add_anchor(c, c->chapter, ids[i], top);
			}
			double x = lay_line_left(c) + pad;
			const code_line *cl = &lines[i];
			mark_code_line(c, n, tx, cl->start);
			if (cl->cont) {
				/* the arrow is no part of the code: drawn, not set as a
				 * glyph, it is left out of copy and text extraction (an
				 * /Artifact or an empty /ActualText around a glyph is not
				 * honoured by every extractor; docs/libraries.md); a
				 * mono cell wide, on the x-height's middle */
				ov_box *a = lay_add_box(c, OV_BOX_MARK);
				a->x = x + mark_w * 0.1;
				a->w = mark_w * 0.8;
				a->h = size * 0.44;
				a->y = base - size * 0.28 - a->h / 2;
				a->color = th->code_mark_color;
				x += mark_w + MARK_GAP;
			}
			if (cl->len && cls.len)
				put_runs(c, x, base, size, tx + cl->start, (const uint8_t *)cls.ptr + cl->start, cl->len);
			else if (cl->len)
				lay_add_text(c, x, base, OV_FACE_MONO, size, tx + cl->start, cl->len, cl->width, th->text_color);
		}
		if (i < count) {
			lay_span_decoration(c, start_page, start_y, 0, lay_line_width(c) - reserve, th->code_background, 0);
			lay_new_page(c);
			start_page = lay_page_index(c);
			start_y = c->y;
			c->y += pad;
		}
	}
	c->y += pad;
	if (open)
		lay_span_decoration(c, start_page, start_y, 0, lay_line_width(c) - reserve, th->code_background, 0);
	c->y += c->leading * th->code_space[1];
	free(lines);
	ov_buf_dispose(&t);
	ov_buf_dispose(&cls);
}
