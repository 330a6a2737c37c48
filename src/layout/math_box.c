/*
 * math_box.c - the math layout's items and boxes: one growable array of
 * positioned glyphs and rules per formula, boxes as ranges of it, glyphs
 * measured through the math font (font/mathglyph.h), and the text dump.
 */
#include <inttypes.h>
#include <string.h>

#include "layout/math_internal.h"

double ov_msize(const mctx *c, ov_mstyle s)
{
	/* scriptPercentScaleDown and scriptScriptPercentScaleDown give the
	 * sizes of S and SS (OpenType MATH, MathConstants); a font without
	 * them gets TeX's usual 70 % and 50 %. */
	int l = mlevel(s);
	if (l == 0)
		return c->env->size;
	double p = c->mm->constant[l == 1 ? OV_MC_SCRIPT_PERCENT_SCALE_DOWN : OV_MC_SCRIPT_SCRIPT_PERCENT_SCALE_DOWN];
	if (p <= 0 || p > 100)
		p = l == 1 ? 70 : 50;
	return c->env->size * p / 100;
}

double ov_mconst(const mctx *c, ov_math_constant k, ov_mstyle s)
{
	if (k == OV_MC_SCRIPT_PERCENT_SCALE_DOWN || k == OV_MC_SCRIPT_SCRIPT_PERCENT_SCALE_DOWN ||
	    k == OV_MC_RADICAL_DEGREE_BOTTOM_RAISE_PERCENT)
		return c->mm->constant[k];
	return mpt(c, s, c->mm->constant[k]);
}

static ov_mitem *push(mctx *c)
{
	if (c->count == c->cap) {
		c->cap = c->cap ? c->cap * 2 : 64;
		c->items = ov_xrealloc(c->items, c->cap * sizeof *c->items);
	}
	ov_mitem *it = &c->items[c->count++];
	memset(it, 0, sizeof *it);
	return it;
}

mbox ov_mbox_empty(mctx *c)
{
	mbox b = {0};
	b.first = b.end = c->count;
	return b;
}

size_t ov_mitem_glyph(mctx *c, uint32_t gid, uint32_t cp, double size, double x, double y)
{
	ov_mitem *it = push(c);
	it->kind = OV_MITEM_GLYPH;
	it->font = (uint16_t)c->mm->font;
	it->gid = gid;
	it->cp = cp;
	it->size = size;
	it->x = x;
	it->y = y;
	return c->count - 1;
}

void ov_mitem_rule(mctx *c, double x, double y, double w, double h)
{
	ov_mitem *it = push(c);
	it->kind = OV_MITEM_RULE;
	it->x = x;
	it->y = y;
	it->w = w;
	it->h = h;
}

void ov_mbox_shift(mctx *c, const mbox *b, double dx, double dy)
{
	for (size_t i = b->first; i < b->end; i++) {
		c->items[i].x += dx;
		c->items[i].y += dy;
	}
}

static mbox from_glyph(mctx *c, const ov_mglyph *g, uint32_t cp, double size)
{
	mbox b = ov_mbox_empty(c);
	double k = size / 1000;
	b.w = g->advance * k;
	b.h = g->height * k;
	b.d = g->depth * k;
	b.italic = g->italic * k;
	b.accent_x = g->top_accent * k;
	b.gid = g->gid;
	b.glyph = true;
	b.extended = g->extended;
	size_t at = ov_mitem_glyph(c, g->gid, cp, size, 0, 0);
	c->items[at].advance = g->advance > 0 && g->advance < 65535 ? (uint16_t)g->advance : 0;
	b.end = c->count;
	return b;
}

mbox ov_mbox_char(mctx *c, uint32_t cp, ov_mstyle s, uint32_t off)
{
	ov_mglyph g;
	memset(&g, 0, sizeof g);
	if (cp && c->mm->glyph(c->mm->ctx, cp, mlevel(s), &g) && g.gid) {
		c->last_size = ov_msize(c, s);
		return from_glyph(c, &g, cp, c->last_size);
	}
	if (cp) {
		if (!c->missing++) {
			c->missing_cp = cp;
			c->missing_off = off;
		}
	}
	mbox b = ov_mbox_empty(c);
	b.w = cp ? ov_msize(c, s) / 2 : 0;
	return b;
}

mbox ov_mbox_gid(mctx *c, uint32_t gid, uint32_t cp, double size)
{
	ov_mglyph g;
	memset(&g, 0, sizeof g);
	c->mm->measure(c->mm->ctx, gid, &g);
	g.gid = gid;
	return from_glyph(c, &g, cp, size);
}

mbox ov_mbox_hcat(mctx *c, mbox b, mbox a, double gap)
{
	ov_mbox_shift(c, &a, b.w + gap, 0);
	mbox r = ov_mbox_empty(c);
	r.first = b.first;
	r.end = a.end;
	r.w = b.w + gap + a.w;
	r.h = b.h > a.h ? b.h : a.h;
	r.d = b.d > a.d ? b.d : a.d;
	return r;
}

void ov_mbox_drop(mctx *c, mbox *b)
{
	c->count = b->first;
	b->end = b->first;
	b->glyph = false;
	b->gid = 0;
}

void ov_math_box_dump(ov_buf *out, const ov_mbox *box)
{
	ov_buf_printf(out, "box w=%.3f h=%.3f d=%.3f\n", box->width, box->height, box->depth);
	for (size_t i = 0; i < box->count; i++) {
		const ov_mitem *it = &box->items[i];
		if (it->kind == OV_MITEM_RULE)
			ov_buf_printf(out, "R %.3f %.3f %.3f %.3f\n", it->x, it->y, it->w, it->h);
		else if (it->kind == OV_MITEM_LINK)
			ov_buf_printf(out, "L %.3f %.3f %.3f %.3f \"%.*s\"\n", it->x, it->y, it->w, it->h,
			              (int)it->text_len, it->text);
		else if (it->text)
			ov_buf_printf(out, "G %u %" PRIu32 " %.3f %.3f %.3f \"%.*s\"\n", it->font, it->gid, it->x, it->y,
			              it->size, (int)it->text_len, it->text);
		else
			ov_buf_printf(out, "G %u %" PRIu32 " %.3f %.3f %.3f U+%04" PRIX32 "\n", it->font, it->gid, it->x,
			              it->y, it->size, it->cp);
	}
}

/* amsmath's \boxed{x} is \fbox{$\displaystyle x$}: the body in display
 * style at the text size whatever the style around it, \fboxsep (3pt at
 * 10pt) of room on each side and a frame of \fboxrule (0.4pt) rules, the
 * whole box as much above and below the body's extent (LaTeX's ltboxes:
 * the frame's sides as tall as the box). */
mbox ov_mboxed(mctx *c, const ov_mnode *n)
{
	mbox b = ov_mlist(c, n->u.boxed.body, OV_MSTYLE_D, false);
	double sep = 0.3 * c->env->size, rule = 0.04 * c->env->size, m = sep + rule;
	ov_mbox_shift(c, &b, m, 0);
	double w = b.w + 2 * m, h = b.h + m, d = b.d + m;
	ov_mitem_rule(c, 0, -d, w, rule);            /* bottom */
	ov_mitem_rule(c, 0, h - rule, w, rule);      /* top */
	ov_mitem_rule(c, 0, -d, rule, h + d);        /* left */
	ov_mitem_rule(c, w - rule, -d, rule, h + d); /* right */
	mbox r = ov_mbox_empty(c);
	r.first = b.first;
	r.end = c->count;
	r.w = w;
	r.h = h;
	r.d = d;
	return r;
}
