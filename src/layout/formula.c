/*
 * formula.c - formulas on the page: an inline formula as pieces of a
 * paragraph (one per stretch between the places it may break, math.h's
 * chunks), a display formula as a block of its own, centred, with its
 * equation numbers at the right margin, and the boxes a laid-out formula
 * becomes (glyph runs and rules inside an /ActualText span that copies as
 * the TeX source). The math layout itself is math_*.c; a formula that
 * cannot be set (errors in it, no math font) is shown as its source by
 * inline.c and flow.c.
 */
#include "internal.h"
#include "math.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/utf8.h"

/* An equation's printed number for \eqref (ov_math_ref_fn). */
static const char *ref_number(void *ctx, const char *label)
{
	const ov_equation *e = ov_doc_equation(ctx, label);
	return e ? e->number : NULL;
}

/* The laid-out formula of node n (MATH or MATH_BLOCK) at size pt, or NULL
 * when it cannot be set: it has errors, or the book has no math font
 * (then one warning says so). */
static const ov_mlayout *set_formula(lay *c, const ov_node *n, double size, bool display)
{
	const ov_math *m = n->as.math.math;
	if (!m || !m->ok)
		return NULL;
	/* a display is measured for the paragraph before it, then set */
	if (display && c->display_node == n && c->display_layout)
		return c->display_layout;
	if (!c->m->math) {
		ov_diag_warning_keyed(c->diag, n->pos, "no math font",
		                      "formulas are shown as TeX source: no math font could be loaded "
		                      "(install fonts-texgyre-math or set fonts: math: in book.yaml)");
		return NULL;
	}
	ov_math_env env = {c->m->math, c->m, size, ref_number, (void *)c->doc};
	const ov_mlayout *L = ov_math_layout(c->arena, m->list, display, &env);
	if (L->missing_count) {
		char key[48];
		snprintf(key, sizeof key, "math U+%04X", (unsigned)L->missing_cp);
		ov_diag_warning_keyed(c->diag, ov_node_math_pos(n, L->missing_off), key,
		                      "the math font has no glyph for U+%04X; left blank", (unsigned)L->missing_cp);
	}
	if (display) {
		c->display_node = n;
		c->display_layout = L;
	}
	return L;
}

/* ---- boxes ---- */

/* The glyphs items[i..j) (one font, size and baseline, left to right) as
 * one text box at baseline y (page coordinates, y down) from x. Each
 * glyph advances by its own width; the adjustment takes the pen to the
 * next glyph's position (the writer moves by advance + adjust). */
static void glyph_run(lay *c, const ov_mitem *items, size_t i, size_t j, double x, double y, double scale,
                      ov_color color)
{
	size_t n = j - i;
	ov_glyph *g = ov_arena_calloc(c->arena, n, sizeof *g);
	size_t tlen = 0;
	for (size_t k = i; k < j; k++)
		tlen += items[k].text ? items[k].text_len : (size_t)(items[k].cp ? 4 : 0);
	char *text = ov_arena_alloc(c->arena, tlen + 1);
	size_t at = 0;
	double em = items[i].size * scale / 1000.0;
	for (size_t k = i; k < j; k++) {
		const ov_mitem *it = &items[k];
		ov_glyph *q = &g[k - i];
		q->gid = it->gid;
		q->font = it->font;
		q->advance = it->advance;
		q->cluster = (uint32_t)at;
		if (it->text) {
			memcpy(text + at, it->text, it->text_len);
			at += it->text_len;
		} else if (it->cp) {
			at += ov_utf8_encode(it->cp, text + at);
		}
		if (k + 1 < j) {
			double step = (items[k + 1].x - it->x) * scale / em - it->advance;
			long adj = lround(step);
			q->adjust = (int16_t)(adj < -32000 ? -32000 : adj > 32000 ? 32000 : adj);
		}
	}
	text[at] = 0;
	double w = (items[j - 1].x - items[i].x) * scale + items[j - 1].advance * em;
	lay_add_glyphs(c, x + items[i].x * scale, y - items[i].y * scale, OV_FACE_REGULAR, items[i].size * scale, text,
	               at, text, g, n, w, color);
}

/* Whether glyph b continues the run of glyph a: same font, size and
 * baseline, and to its right. */
static bool same_run(const ov_mitem *a, const ov_mitem *b)
{
	return b->kind == OV_MITEM_GLYPH && a->font == b->font && a->size == b->size && fabs(a->y - b->y) < 1e-6 &&
	       b->x >= a->x;
}

/* The link of an \eqref or \ref (item it, drawn from x, y at scale) to
 * its equation's row: an internal link like a cross-reference's, to the
 * anchor the display set at the top of that row (lay_math_display),
 * resolved with the others once every page exists (book.c). */
static void eq_link(lay *c, const ov_mitem *it, double x, double y, double scale)
{
	/* the label is the REF node's, NUL-terminated */
	const ov_equation *e = ov_doc_equation(c->doc, it->text);
	if (!e || !e->id || it->w <= 0)
		return;
	ov_box *l = lay_add_box(c, OV_BOX_LINK);
	l->x = x + it->x * scale;
	l->y = y - (it->y + it->h) * scale;
	l->w = it->w * scale;
	l->h = it->h * scale;
	l->target_chapter = e->chapter;
	l->target_id = e->id;
}

void lay_emit_mbox_scaled(lay *c, const ov_mbox *box, double x, double y, double scale, ov_color color,
                          const char *src, size_t len)
{
	if (src) {
		ov_box *s = lay_add_box(c, OV_BOX_SPAN);
		s->x = x;
		s->y = y - box->height * scale;
		s->w = box->width * scale;
		s->h = (box->height + box->depth) * scale;
		s->text = ov_arena_strndup(c->arena, src, len);
		s->len = (uint32_t)len;
	}
	const ov_mitem *it = box->items;
	for (size_t i = 0; i < box->count;) {
		if (it[i].kind == OV_MITEM_LINK) {
			eq_link(c, &it[i], x, y, scale);
			i++;
			continue;
		}
		if (it[i].kind == OV_MITEM_RULE) {
			/* items have y up and rules their bottom-left corner */
			lay_add_rule(c, x + it[i].x * scale, y - (it[i].y + it[i].h) * scale, it[i].w * scale, it[i].h * scale,
			             color);
			i++;
			continue;
		}
		size_t j = i + 1;
		while (j < box->count && same_run(&it[j - 1], &it[j]))
			j++;
		glyph_run(c, it, i, j, x, y, scale, color);
		i = j;
	}
	if (src)
		lay_add_box(c, OV_BOX_SPAN_END);
}

void lay_emit_mbox(lay *c, const ov_mbox *box, double x, double y, ov_color color, const char *src, size_t len)
{
	lay_emit_mbox_scaled(c, box, x, y, 1, color, src, len);
}

/* ---- inline formulas ---- */

bool lay_math_pieces(builder *b, const ov_node *n, double size, ov_pos pos)
{
	const ov_mlayout *L = set_formula(b->c, n, size, false);
	if (!L)
		return false;
	for (size_t i = 0; i < L->chunk_count; i++) {
		const ov_mchunk *ch = &L->chunks[i];
		piece *p = lay_push_piece(b->pv);
		p->face = OV_FACE_REGULAR;
		p->size = size;
		p->text = "";
		p->width = ch->box.width;
		p->math = ch;
		p->math_node = n;
		p->node = n;
		p->math_first = i == 0;
		p->math_last = i + 1 == L->chunk_count;
		p->no_hyphenate = true;
		p->pos = pos;
		p->color = b->c->th->text_color;
		if (i == 0) {
			lay_take_pending(b, p);
		} else {
			/* after a relation or a binary operator: TeX's \relpenalty or
			 * \binoppenalty, and the space after it dropped at a break */
			p->space = L->chunks[i - 1].glue;
			p->can_break = true;
			p->penalty = L->chunks[i - 1].penalty;
		}
	}
	b->pv->images = true; /* lines look for their height (lines.c) */
	return true;
}

void lay_math_piece_extent(const piece *p, double *height, double *depth)
{
	*height = p->math->box.height;
	*depth = p->math->box.depth;
}

void lay_emit_math_piece(lay *c, const piece *p, double x, double y)
{
	lay_emit_mbox(c, &p->math->box, x, y - p->rise, p->color, NULL, 0);
}

size_t lay_math_span_open(lay *c, const piece_vec *pv, size_t i, size_t end, double x, double y)
{
	const ov_node *n = pv->v[i].math_node;
	size_t j = i;
	double w = pv->v[i].width, h = 0, d = 0;
	while (j + 1 < end && pv->v[j + 1].math && pv->v[j + 1].math_node == n) {
		j++;
		w += pv->v[j].space + pv->v[j].width;
	}
	for (size_t k = i; k <= j; k++) {
		double hk, dk;
		lay_math_piece_extent(&pv->v[k], &hk, &dk);
		h = hk > h ? hk : h;
		d = dk > d ? dk : d;
	}
	/* the stretches of the formula on this line copy as their source, the
	 * dollars with the first and the last stretch: a formula on one line
	 * as written, one broken across lines in parts that join up again */
	const piece *a = &pv->v[i], *z = &pv->v[j];
	size_t off = a->math_first ? 0 : a->math->off, stop = z->math_last ? n->len : z->math->off + z->math->len;
	if (off > n->len)
		off = n->len;
	if (stop > n->len || stop < off)
		stop = off;
	ov_box *s = lay_add_box(c, OV_BOX_SPAN);
	s->x = x;
	s->y = y - h;
	s->w = w;
	s->h = h + d;
	if (c->plain_spans) {
		/* the contents page, a running head: the formula reads as Unicode
		 * text there, as in the outline (its first stretch on a line
		 * carries all of it) */
		ov_buf t = OV_BUF_INIT;
		if (a->math_first)
			ov_math_plain(&t, n->as.math.math, ref_number, (void *)c->doc);
		s->text = ov_arena_strndup(c->arena, ov_buf_cstr(&t), t.len);
		s->len = (uint32_t)t.len;
		ov_buf_dispose(&t);
		return j + 1;
	}
	const char *dollar = n->as.math.in_text ? "" : "$"; /* \eqref{l} in text copies as written */
	s->text = ov_arena_printf(c->arena, "%s%.*s%s", a->math_first ? dollar : "", (int)(stop - off), n->text + off,
	                          z->math_last ? dollar : "");
	s->len = (uint32_t)strlen(s->text);
	return j + 1;
}

/* ---- displays ---- */

double lay_math_display_height(lay *c, const ov_node *n)
{
	if (!n || n->type != OV_NODE_MATH_BLOCK)
		return 0;
	const ov_mlayout *L = set_formula(c, n, c->size, true);
	if (!L)
		return 0;
	double h = L->row_count ? L->rows[0].height + L->rows[0].depth : L->box.height + L->box.depth;
	return h + c->leading * c->th->display_spacing;
}

/* The number of row i as printed, "(3.2)", or NULL. */
static const char *row_number(lay *c, const ov_node *n, size_t i)
{
	const ov_math *m = n->as.math.math;
	if (!n->as.math.numbers || i >= m->row_count || !n->as.math.numbers[i])
		return NULL;
	const ov_mrow_tag *r = &m->rows[i];
	if (r->tag && r->tag_star)
		return n->as.math.numbers[i];
	return ov_arena_printf(c->arena, "(%s)", n->as.math.numbers[i]);
}

void lay_math_block_source(lay *c, const ov_node *n)
{
	/* a numbered display shown as its TeX source keeps its numbers at
	 * the right margin and its anchors, so that references to it stay
	 * right and lead to it */
	const ov_math *m = n->as.math.math;
	size_t rows = m && n->as.math.numbers ? m->row_count : 0, k = 0;
	const char **nums = rows ? ov_arena_calloc(c->arena, rows, sizeof *nums) : NULL;
	const char **ids = rows ? ov_arena_calloc(c->arena, rows, sizeof *ids) : NULL;
	for (size_t i = 0; i < rows; i++) {
		const char *num = row_number(c, n, i);
		if (!num)
			continue;
		nums[k] = num;
		ids[k++] = n->as.math.ids ? n->as.math.ids[i] : NULL;
	}
	ov_node code = *n;
	code.type = OV_NODE_CODE_BLOCK;
	code.as.code.info = "tex";
	/* plain: the union's other fields are the formula's */
	code.as.code.language = NULL;
	code.as.code.spans = NULL;
	code.as.code.span_count = 0;
	c->code_of = n;
	lay_code_numbered(c, &code, nums, ids, k);
	c->code_of = NULL;
}

/* A line of a display: a row of an alignment, the whole formula, or a
 * run of the chunks of one too wide for the measure. */
typedef struct {
	const ov_mbox *box;     /* a row or the formula, or NULL: chunks */
	const ov_mchunk *chunk; /* chunks [chunk, chunk + count) */
	size_t count;
	double w, h, d;         /* pt, at scale 1 */
	double x;               /* where it starts */
	double scale;           /* < 1: set smaller to fit the measure */
	const char *num;        /* its number as printed, or NULL */
	size_t row;             /* the row of n->as.math it is (ids) */
} dline;

/* The lines a display of width over the room takes when it is broken
 * after its relations and operators (math.h's chunks), filled greedily
 * into room pt each; returns their count (at most L->chunk_count). */
static size_t break_display(const ov_mlayout *L, double room, dline *out)
{
	size_t n = 0;
	for (size_t i = 0; i < L->chunk_count;) {
		dline *d = &out[n++];
		memset(d, 0, sizeof *d);
		d->chunk = &L->chunks[i];
		d->scale = 1;
		double w = L->chunks[i].box.width;
		size_t j = i + 1;
		while (j < L->chunk_count && w + L->chunks[j - 1].glue + L->chunks[j].box.width <= room) {
			w += L->chunks[j - 1].glue + L->chunks[j].box.width;
			j++;
		}
		d->count = j - i;
		d->w = w;
		for (size_t k = i; k < j; k++) {
			if (L->chunks[k].box.height > d->h)
				d->h = L->chunks[k].box.height;
			if (L->chunks[k].box.depth > d->d)
				d->d = L->chunks[k].box.depth;
		}
		i = j;
	}
	return n;
}

/* Draws display line dl with its baseline at y, inside a span that
 * copies as src. */
static void draw_line(lay *c, const dline *dl, double y, const char *src)
{
	ov_color color = c->th->text_color;
	if (dl->box) {
		lay_emit_mbox_scaled(c, dl->box, dl->x, y, dl->scale, color, src, strlen(src));
		return;
	}
	ov_box *s = lay_add_box(c, OV_BOX_SPAN);
	s->x = dl->x;
	s->y = y - dl->h * dl->scale;
	s->w = dl->w * dl->scale;
	s->h = (dl->h + dl->d) * dl->scale;
	s->text = src;
	s->len = (uint32_t)strlen(src);
	double x = dl->x;
	for (size_t k = 0; k < dl->count; k++) {
		const ov_mchunk *ch = &dl->chunk[k];
		lay_emit_mbox_scaled(c, &ch->box, x, y, dl->scale, color, NULL, 0);
		x += (ch->box.width + ch->glue) * dl->scale;
	}
	lay_add_box(c, OV_BOX_SPAN_END);
}

bool lay_math_display(lay *c, const ov_node *n)
{
	const ov_mlayout *L = set_formula(c, n, c->size, true);
	if (!L)
		return false;
	const ov_theme *t = c->th;
	const ov_math *m = n->as.math.math;
	double measure = lay_line_width(c), left = lay_line_left(c);
	double gap = c->size; /* at least an em between a formula and its number */
	size_t rows = L->row_count ? L->row_count : 1;
	dline *lines = ov_arena_calloc(c->arena, rows > L->chunk_count ? rows : L->chunk_count, sizeof *lines);
	size_t count = 0;
	/* the widest number decides where the formula may go */
	double numw = 0;
	for (size_t i = 0; i < rows; i++) {
		const char *num = row_number(c, n, i);
		double w = num ? lay_plain_width(c, OV_FACE_REGULAR, c->size, num) : 0;
		numw = w > numw ? w : numw;
	}
	double width = L->box.width, room = measure - (numw > 0 ? numw + gap : 0);
	bool broken = false;
	if (!L->row_count && width > room && L->chunk_count > 1) {
		/* too wide: broken after its relations and operators, the first
		 * line flush left, the others flush right (amsmath's multline),
		 * the number with the last */
		broken = true;
		count = break_display(L, room, lines);
		for (size_t i = 0; i < count; i++)
			lines[i].x = i == 0 ? left : left + room - lines[i].w;
		lines[count - 1].num = row_number(c, n, 0);
	} else {
		for (size_t i = 0; i < rows; i++) {
			dline *d = &lines[count++];
			d->box = L->row_count ? &L->rows[i] : &L->box;
			d->w = width;
			d->h = d->box->height;
			d->d = d->box->depth;
			d->scale = 1;
			d->row = i;
			d->num = row_number(c, n, i);
			/* centred on the measure when the numbers leave room on both
			 * sides, else in what the number leaves */
			d->x = width <= measure - 2 * (numw > 0 ? numw + gap : 0) ? left + (measure - width) / 2
			                                                          : left + (room - width) / 2;
		}
	}
	/* what still does not fit is set smaller: nothing is drawn outside
	 * the text block */
	bool scaled = false;
	for (size_t i = 0; i < count; i++) {
		dline *d = &lines[i];
		double avail = d->num ? room : measure;
		if (d->w > avail) {
			d->scale = avail / d->w;
			d->x = left;
			scaled = true;
		} else if (d->x < left) {
			d->x = left;
		}
	}
	if (broken || scaled)
		ov_diag_warning(c->diag, n->pos,
		                "display formula is %.1f pt wider than the text block (%.1f pt); %s; break it into "
		                "rows (aligned, split) or shorten it",
		                width + (numw > 0 ? numw + gap : 0) - measure, measure,
		                scaled ? "it is set smaller to fit" : "it is broken after its operators");
	lay_vspace(c, c->leading * t->display_spacing);
	double row_gap = L->row_count ? L->row_gap : c->size * 0.3;
	for (size_t i = 0; i < count; i++) {
		const dline *dl = &lines[i];
		double h = dl->h * dl->scale, d = dl->d * dl->scale;
		if (i > 0)
			h += row_gap;
		/* rows are never split; an alignment may break between rows */
		/* a row cannot be split; its baseline leaves a line's depth
		 * below it, so that page depth can bring it to the last line's
		 * place (depth.c) */
		double below = c->leading * LAY_BASELINE_DEPTH;
		lay_need_as(c, h + (d > below ? d : below), OV_PAGE_END_BLOCK);
		double top = c->y;
		if (i > 0 && c->y <= lay_text_top(c) + 0.01)
			h -= row_gap; /* no gap at the top of a page */
		double base = c->y + h;
		const char *id = n->as.math.ids && dl->row < m->row_count && (i == 0 || L->row_count)
		                     ? n->as.math.ids[dl->row]
		                     : NULL;
		if (id) {
			/* the top of the row, or of its number when that is taller
			 * (a link to the row shows both) */
			double num_top = base - c->m->ascent[OV_FACE_REGULAR] * c->size / 1000.0;
			lay_add_anchor(c, c->chapter, id, dl->num && num_top < top ? num_top : top);
		}
		/* the whole display copies as its source once, with its first
		 * line; the other lines copy as nothing */
		const char *src = i == 0 ? ov_arena_printf(c->arena, "$$%.*s$$", (int)n->len, n->text) : "";
		lay_mark_start(c, n, 0);
		draw_line(c, dl, base, src);
		c->y = base + d;
		if (dl->num) {
			double w = lay_plain_width(c, OV_FACE_REGULAR, c->size, dl->num);
			lay_add_text(c, left + measure - w, base, OV_FACE_REGULAR, c->size, dl->num, strlen(dl->num), w,
			             t->text_color);
		}
	}
	lay_vspace(c, c->leading * t->display_spacing);
	return true;
}
