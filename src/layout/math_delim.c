/*
 * math_delim.c - stretchy glyphs: delimiters, radical signs, wide
 * accents, braces and arrows grown to a size through the OpenType MATH
 * table's MathVariants (MathGlyphConstruction: the size variants first,
 * then the GlyphAssembly, its extenders repeated and its connectors
 * overlapping by at least minConnectorOverlap), and \left \middle
 * \right (The TeXbook, Appendix G, rule 19: \delimiterfactor 901 and
 * \delimitershortfall 5pt).
 */
#include <math.h>
#include <string.h>

#include "layout/math_internal.h"

static double maxd(double a, double b) { return a > b ? a : b; }

/* Most times an assembly's extenders are repeated (a delimiter around a
 * formula of a thousand rows stays within it). */
#define MAX_REPEAT 1000

double ov_mnulldelim(const mctx *c) { return 0.12 * c->env->size; }

double ov_mdelim_need(const mctx *c, double h, double d, ov_mstyle s)
{
	double a = ov_mconst(c, OV_MC_AXIS_HEIGHT, s);
	double delta = 2 * maxd(h - a, d + a);
	return maxd(delta * 901 / 1000, delta - 0.5 * c->env->size);
}

/* The glyph assembly of parts[0..k) at least need long (1/1000 em at
 * size pt): appended as items, bottom to top or left to right. */
static mbox assemble(mctx *c, const ov_mpart *parts, size_t k, double italic, double need, bool horizontal,
                     uint32_t cp, double size)
{
	double minov = c->mm->min_connector_overlap;
	double fixed = 0, ext = 0;
	size_t nn = 0, ne = 0;
	for (size_t i = 0; i < k; i++) {
		if (parts[i].extender) {
			ext += parts[i].full_advance;
			ne++;
		} else {
			fixed += parts[i].full_advance;
			nn++;
		}
	}
	/* the longest an assembly with r repeats can be: every connector
	 * overlapping by the least allowed */
	size_t reps = 0;
	double per = ext - (double)ne * minov;
	double base = fixed - (nn ? (double)(nn - 1) : 0) * minov - (nn && ne ? 0 : 0);
	if (ne && per > 0 && need > base) {
		double r = ceil((need - base) / per);
		reps = r > MAX_REPEAT ? MAX_REPEAT : (size_t)r;
	}
	size_t count = nn + reps * ne;
	/* the connectors' overlap: as much as the need allows, between
	 * minConnectorOverlap and the shorter of the two connectors */
	double all = fixed + (double)reps * ext;
	double maxov = INFINITY;
	const ov_mpart *prev = NULL;
	for (size_t i = 0; i < k; i++) {
		size_t times = parts[i].extender ? reps : 1;
		for (size_t t = 0; t < times; t++) {
			if (prev) {
				double o = prev->end_connector < parts[i].start_connector ? prev->end_connector
				                                                          : parts[i].start_connector;
				maxov = o < maxov ? o : maxov;
			}
			prev = &parts[i];
		}
	}
	double ov = count > 1 ? (all - need) / (double)(count - 1) : 0;
	if (maxov < minov)
		maxov = minov;
	ov = ov < minov ? minov : ov > maxov ? maxov : ov;
	mbox b = ov_mbox_empty(c);
	double pos = 0, k1 = size / 1000;
	ov_mglyph m[OV_MATH_MAX_PARTS];
	for (size_t i = 0; i < k; i++) {
		memset(&m[i], 0, sizeof m[i]);
		c->mm->measure(c->mm->ctx, parts[i].gid, &m[i]);
	}
	double end = 0;
	/* a horizontal assembly's ink may lie wholly above the baseline (a
	 * brace's parts): its depth is then negative, as its glyphs' are */
	if (horizontal && k) {
		b.h = -INFINITY;
		b.d = -INFINITY;
	}
	for (size_t i = 0; i < k; i++) {
		size_t times = parts[i].extender ? reps : 1;
		for (size_t t = 0; t < times; t++) {
			if (horizontal) {
				ov_mitem_glyph(c, parts[i].gid, cp, size, pos * k1, 0);
				b.h = maxd(b.h, m[i].height * k1);
				b.d = maxd(b.d, m[i].depth * k1);
			} else {
				ov_mitem_glyph(c, parts[i].gid, cp, size, 0, (pos + m[i].depth) * k1);
				b.w = maxd(b.w, m[i].advance * k1);
			}
			end = pos + parts[i].full_advance;
			pos = end - ov;
		}
	}
	if (horizontal)
		b.w = end * k1;
	else
		b.h = end * k1;
	b.italic = italic * k1;
	b.end = c->count;
	return b;
}

static mbox stretch(mctx *c, uint32_t cp, double need, bool horizontal, ov_mstyle s, uint32_t off);

/* XeTeX's var_delimiter leaves cur_f as it was (math_frac.c) */
mbox ov_mstretch(mctx *c, uint32_t cp, double need, bool horizontal, ov_mstyle s, uint32_t off)
{
	double last = c->last_size;
	mbox b = stretch(c, cp, need, horizontal, s, off);
	c->last_size = last;
	return b;
}

static mbox stretch(mctx *c, uint32_t cp, double need, bool horizontal, ov_mstyle s, uint32_t off)
{
	double size = ov_msize(c, s);
	mbox g = ov_mbox_char(c, cp, OV_MSTYLE_T, off);
	if (!g.gid)
		return g;
	/* the char box was made at the text size: remake it at the style's */
	uint32_t gid = g.gid;
	ov_mbox_drop(c, &g);
	g = ov_mbox_gid(c, gid, cp, size);
	double have = horizontal ? g.w : g.h + g.d;
	if (have >= need)
		return g;
	double needfu = need * 1000 / size;
	uint32_t gids[OV_MATH_MAX_VARIANTS];
	double sizes[OV_MATH_MAX_VARIANTS];
	size_t k = c->mm->variants ? c->mm->variants(c->mm->ctx, gid, horizontal, gids, sizes, OV_MATH_MAX_VARIANTS)
	                           : 0;
	for (size_t i = 0; i < k; i++)
		if (sizes[i] >= needfu) {
			ov_mbox_drop(c, &g);
			return ov_mbox_gid(c, gids[i], cp, size);
		}
	ov_mpart parts[OV_MATH_MAX_PARTS];
	double italic = 0;
	size_t np = c->mm->assembly ? c->mm->assembly(c->mm->ctx, gid, horizontal, parts, OV_MATH_MAX_PARTS, &italic)
	                            : 0;
	if (np) {
		ov_mbox_drop(c, &g);
		return assemble(c, parts, np, italic, needfu, horizontal, cp, size);
	}
	if (k && gids[k - 1] != gid) {
		ov_mbox_drop(c, &g);
		return ov_mbox_gid(c, gids[k - 1], cp, size);
	}
	return g;
}

mbox ov_mdelim(mctx *c, uint32_t cp, double need, ov_mstyle s, uint32_t off)
{
	if (!cp) {
		mbox b = ov_mbox_empty(c);
		b.w = ov_mnulldelim(c);
		return b;
	}
	mbox b = ov_mstretch(c, cp, need, false, s, off);
	/* centred on the axis (rule 19) */
	double shift = (b.h - b.d) / 2 - ov_mconst(c, OV_MC_AXIS_HEIGHT, s);
	ov_mbox_shift(c, &b, 0, -shift);
	b.h -= shift;
	b.d += shift;
	b.glyph = false;
	return b;
}

mbox ov_mfenced(mctx *c, const ov_mnode *n, ov_mstyle s)
{
	size_t k = n->u.fenced.count;
	mbox r = ov_mbox_empty(c);
	if (!k || !n->u.fenced.delims)
		return r;
	mbox *bodies = ov_arena_calloc(c->arena, k, sizeof *bodies);
	double h = 0, d = 0;
	for (size_t i = 0; i < k; i++) {
		bodies[i] = mlist(c, n->u.fenced.bodies ? n->u.fenced.bodies[i] : NULL, s);
		h = maxd(h, bodies[i].h);
		d = maxd(d, bodies[i].d);
	}
	double need = ov_mdelim_need(c, h, d, s);
	/* then the delimiters, one after each body's items, and the whole
	 * moved into place left to right */
	double x = 0;
	r.h = h;
	r.d = d;
	for (size_t i = 0; i <= k; i++) {
		mbox dl = ov_mdelim(c, n->u.fenced.delims[i], need, s, i == 0 ? n->off : n->off + n->len);
		ov_mbox_shift(c, &dl, x, 0);
		x += dl.w;
		r.h = maxd(r.h, dl.h);
		r.d = maxd(r.d, dl.d);
		if (i < k) {
			ov_mbox_shift(c, &bodies[i], x, 0);
			x += bodies[i].w;
		}
	}
	r.first = k ? bodies[0].first : r.first;
	r.end = c->count;
	r.w = x;
	return r;
}

mbox ov_mbox_fence(mctx *c, mbox r, uint32_t left, uint32_t right, double need, ov_mstyle s, uint32_t off,
                   uint32_t end)
{
	mbox l = ov_mdelim(c, left, need, s, off);
	ov_mbox_shift(c, &r, l.w, 0);
	mbox rr = ov_mdelim(c, right, need, s, end);
	ov_mbox_shift(c, &rr, l.w + r.w, 0);
	r.w += l.w + rr.w;
	r.h = maxd(r.h, maxd(l.h, rr.h));
	r.d = maxd(r.d, maxd(l.d, rr.d));
	r.end = c->count;
	return r;
}
