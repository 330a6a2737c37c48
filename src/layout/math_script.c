/*
 * math_script.c - atoms and their scripts (The TeXbook, Appendix G):
 * large operators (rule 13) and their limits (13a), the nucleus and its
 * italic correction (17), and sub/superscripts (18a-f), with the OpenType
 * MATH constants standing for TeX's fontdimens as in XeTeX and LuaTeX
 * (superscriptShiftUp[Cramped] for sigma13-15, subscriptShiftDown for
 * sigma16-17, superscriptBottomMin for 1/4 sigma5, subscriptTopMax for
 * 4/5 sigma5, subSuperscriptGapMin for 4 xi8, superscriptBottomMax-
 * WithSubscript for 4/5 sigma5, the baseline drops for sigma18-19,
 * 0.05 em for \scriptspace) and the MathKern cut-ins of the
 * OpenType MATH table's MathKernInfo for the scripts' horizontal places.
 */
#include <string.h>

#include "layout/math_internal.h"

static double maxd(double a, double b) { return a > b ? a : b; }

/* The cut-in kern at corner of glyph gid set at size pt, at height pt
 * above its baseline, pt. */
static double cutin(const mctx *c, uint32_t gid, ov_mkern_corner corner, double height, double size)
{
	if (!gid || !c->mm->kern || size <= 0)
		return 0;
	return c->mm->kern(c->mm->ctx, gid, corner, height * 1000 / size) * size / 1000;
}

/* OpenType MATH, MathKernInfo: a superscript's kern is the base's top
 * right kern plus the script's bottom left kern, taken at the script's
 * bottom and at the base's top, the larger of the two; a subscript's
 * from the bottom right and top left corners, at the script's top and
 * at the base's bottom. shift is the script's baseline above the base's
 * (negative for a subscript). */
static double script_kern(const mctx *c, const mbox *nuc, double nsize, const mbox *scr, double ssize,
                          double shift, bool sup)
{
	if (!nuc->gid)
		return 0;
	ov_mkern_corner bc = sup ? OV_MKERN_TOP_RIGHT : OV_MKERN_BOTTOM_RIGHT;
	ov_mkern_corner sc = sup ? OV_MKERN_BOTTOM_LEFT : OV_MKERN_TOP_LEFT;
	uint32_t sg = scr->glyph ? scr->gid : 0;
	double h1 = sup ? shift - scr->d : shift + scr->h; /* the script's near edge */
	double h2 = sup ? nuc->h : -nuc->d;              /* the base's near edge */
	double k1 = cutin(c, nuc->gid, bc, h1, nsize) + cutin(c, sg, sc, h1 - shift, ssize);
	double k2 = cutin(c, nuc->gid, bc, h2, nsize) + cutin(c, sg, sc, h2 - shift, ssize);
	return maxd(k1, k2);
}

/* The superscript with the primes written after the nucleus in front
 * (x'' is x^{\prime\prime}: U+2033 DOUBLE PRIME as one glyph). */
static mbox sup_box(mctx *c, const ov_mnode *n, ov_mstyle ts)
{
	mbox b = ov_mbox_empty(c);
	if (n->primes) {
		static const uint32_t primes[] = {0x2032, 0x2033, 0x2034, 0x2057};
		unsigned left = n->primes;
		while (left) {
			unsigned k = left > 4 ? 4 : left;
			mbox p = ov_mbox_char(c, primes[k - 1], ts, n->off + n->len);
			b = b.end == b.first && b.w == 0 ? p : ov_mbox_hcat(c, b, p, 0);
			left -= k;
		}
	}
	if (n->sup) {
		mbox l = mlist(c, n->sup, ts);
		if (b.end == b.first && b.w == 0)
			return l;
		b = ov_mbox_hcat(c, b, l, 0);
	}
	return b;
}

mbox ov_mscripts(mctx *c, const ov_mnode *n, mbox nuc, ov_mstyle s)
{
	ov_mstyle ts = msup(s), bs = msub(s);
	bool has_sup = n->sup || n->primes, has_sub = n->sub != NULL;
	/* the italic correction: the superscript goes that much further right
	 * than the subscript; for a large operator (op) the subscript comes
	 * that much left instead (XeTeX: \int_0^1's superscript at the
	 * advance plus its cut-in kern) */
	double delta = nuc.italic;
	bool op = n->kind == OV_MN_ATOM && n->cls == OV_MCLASS_OP && n->u.atom.cp && n->u.atom.large_op;
	double sub_x = op ? nuc.w - delta : nuc.w, sup_x = op ? nuc.w : nuc.w + delta;
	double nsize = ov_msize(c, s), ssize = ov_msize(c, ts);
	/* rule 18a: a box (not a character; a large operator is a box after
	 * rule 13) lets its scripts hang from its height and depth, by the
	 * script size's baseline drops */
	double u = 0, v = 0;
	if (!nuc.glyph || op) {
		u = nuc.h - ov_mconst(c, OV_MC_SUPERSCRIPT_BASELINE_DROP_MAX, ts);
		v = nuc.d + ov_mconst(c, OV_MC_SUBSCRIPT_BASELINE_DROP_MIN, bs);
	}
	/* TeX's \scriptspace after the scripts: XeTeX takes the \scriptspace
	 * parameter (LaTeX's 0.5 pt, in every style), not the font's
	 * spaceAfterScript (Pagella 0.41 pt at 10 pt, scaled down in S and SS;
	 * measured: x_{i_{j_k}} is 14.049 pt wide, three 0.5 pt spaces); at
	 * another text size it scales with it (0.05 em) */
	double space = 0.05 * c->env->size;
	mbox sup = {0}, sub = {0};
	/* XeTeX's make_scripts gives cur_f back after the scripts (math_frac.c) */
	double last = c->last_size;
	if (has_sup)
		sup = sup_box(c, n, ts);
	if (has_sub)
		sub = mlist(c, n->sub, bs);
	c->last_size = last;
	mbox r = nuc;
	r.end = c->count;
	r.glyph = false;
	r.gid = 0;
	r.italic = 0;
	double right = nuc.w;
	if (!has_sup) {
		/* rule 18b */
		v = maxd(v, maxd(ov_mconst(c, OV_MC_SUBSCRIPT_SHIFT_DOWN, s),
		                 sub.h - ov_mconst(c, OV_MC_SUBSCRIPT_TOP_MAX, s)));
		double k = script_kern(c, &nuc, nsize, &sub, ssize, -v, false);
		ov_mbox_shift(c, &sub, sub_x + k, -v);
		right = maxd(right, sub_x + k + sub.w);
		r.d = maxd(r.d, v + sub.d);
		r.h = maxd(r.h, sub.h - v);
	} else {
		/* rule 18c: superscriptShiftUp (D and T, sigma13 and sigma14),
		 * ...Cramped (sigma15); its bottom at least superscriptBottomMin */
		double p = ov_mconst(c, mcramped(s) ? OV_MC_SUPERSCRIPT_SHIFT_UP_CRAMPED : OV_MC_SUPERSCRIPT_SHIFT_UP, s);
		u = maxd(u, maxd(p, sup.d + ov_mconst(c, OV_MC_SUPERSCRIPT_BOTTOM_MIN, s)));
		if (has_sub) {
			/* rules 18d and 18e: both scripts, at least subSuperscriptGapMin
			 * apart, the superscript's bottom not raised beyond
			 * superscriptBottomMaxWithSubscript for it */
			v = maxd(v, ov_mconst(c, OV_MC_SUBSCRIPT_SHIFT_DOWN, s));
			double gap = (u - sup.d) - (sub.h - v), min = ov_mconst(c, OV_MC_SUB_SUPERSCRIPT_GAP_MIN, s);
			if (gap < min) {
				v += min - gap;
				double psi = ov_mconst(c, OV_MC_SUPERSCRIPT_BOTTOM_MAX_WITH_SUBSCRIPT, s) - (u - sup.d);
				if (psi > 0) {
					u += psi;
					v -= psi;
				}
			}
		}
		/* rule 18f: the superscript after the italic correction */
		double k = script_kern(c, &nuc, nsize, &sup, ssize, u, true);
		ov_mbox_shift(c, &sup, sup_x + k, u);
		right = maxd(right, sup_x + k + sup.w);
		r.h = maxd(r.h, u + sup.h);
		r.d = maxd(r.d, sup.d - u);
		if (has_sub) {
			double kb = script_kern(c, &nuc, nsize, &sub, ssize, -v, false);
			ov_mbox_shift(c, &sub, sub_x + kb, -v);
			right = maxd(right, sub_x + kb + sub.w);
			r.d = maxd(r.d, v + sub.d);
			r.h = maxd(r.h, sub.h - v);
		}
	}
	r.w = right + space;
	return r;
}

/* Rule 13a: limits above and below nuc (centred, the superscript half
 * the italic correction right, the subscript half of it left), at
 * upperLimitGapMin / upperLimitBaselineRiseMin and lowerLimitGapMin /
 * lowerLimitBaselineDropMin (TeX's xi9-xi12), and TeX's kern xi13 above
 * and below them as XeTeX makes it: upperLimitGapMin and lowerLimitGapMin
 * (measured: \sum_i^n in display style in Pagella, 1.2 pt each). */
mbox ov_mlimits_box(mctx *c, mbox nuc, const ov_mnode *over, const ov_mnode *under, ov_mstyle s, double delta)
{
	mbox sup = ov_mbox_empty(c), sub;
	if (over)
		sup = mlist(c, over, msup(s));
	sub = ov_mbox_empty(c);
	if (under)
		sub = mlist(c, under, msub(s));
	double w = maxd(nuc.w, maxd(sup.w, sub.w));
	mbox r = nuc;
	r.glyph = false;
	r.gid = 0;
	r.italic = 0;
	r.w = w;
	ov_mbox_shift(c, &nuc, (w - nuc.w) / 2, 0);
	if (over) {
		double rise = maxd(ov_mconst(c, OV_MC_UPPER_LIMIT_BASELINE_RISE_MIN, s),
		                   ov_mconst(c, OV_MC_UPPER_LIMIT_GAP_MIN, s) + sup.d);
		ov_mbox_shift(c, &sup, (w - sup.w) / 2 + delta / 2, nuc.h + rise);
		r.h = maxd(r.h, nuc.h + rise + sup.h + ov_mconst(c, OV_MC_UPPER_LIMIT_GAP_MIN, s));
	}
	if (under) {
		double drop = maxd(ov_mconst(c, OV_MC_LOWER_LIMIT_BASELINE_DROP_MIN, s),
		                   ov_mconst(c, OV_MC_LOWER_LIMIT_GAP_MIN, s) + sub.h);
		ov_mbox_shift(c, &sub, (w - sub.w) / 2 - delta / 2, -(nuc.d + drop));
		r.d = maxd(r.d, nuc.d + drop + sub.d + ov_mconst(c, OV_MC_LOWER_LIMIT_GAP_MIN, s));
	}
	r.end = c->count;
	return r;
}

static bool integral(uint32_t cp)
{
	return (cp >= 0x222B && cp <= 0x2233) || (cp >= 0x2A0B && cp <= 0x2A1C);
}

/* \big=1 ... \Bigg=4: amsmath's \left...\vcenter to X\right. with X 1,
 * 1.5, 2 and 2.5 times \big@size, which is 9.936 pt at 10 pt in XeLaTeX
 * (measured: \big( is 7.468 + 2.468 pt, the vcenter's extent) */
static double big_size(const mctx *c, int big)
{
	static const double f[] = {0, 1, 1.5, 2, 2.5};
	return 0.9936 * c->env->size * f[big > 4 ? 4 : big];
}

/* U+0338 COMBINING LONG SOLIDUS OVERLAY over b (\not), centred. */
static void negate(mctx *c, mbox *b, ov_mstyle s, uint32_t off)
{
	mbox slash = ov_mbox_char(c, 0x0338, s, off);
	ov_mbox_shift(c, &slash, (b->w - slash.w) / 2 + (slash.w == 0 ? b->w / 2 : 0), 0);
	b->h = maxd(b->h, slash.h);
	b->d = maxd(b->d, slash.d);
	b->end = c->count;
}

static bool has_glyph(const mctx *c, uint32_t cp, ov_mstyle s)
{
	ov_mglyph g;
	memset(&g, 0, sizeof g);
	return c->mm->glyph(c->mm->ctx, cp, mlevel(s), &g) && g.gid;
}

mbox ov_matom(mctx *c, const ov_mnode *n, ov_mstyle s)
{
	uint32_t cp = n->u.atom.cp;
	mbox nuc;
	bool op = n->cls == OV_MCLASS_OP;
	if (cp && n->u.atom.big) {
		double half = big_size(c, n->u.atom.big) / 2, axis = ov_mconst(c, OV_MC_AXIS_HEIGHT, s);
		nuc = ov_mdelim(c, cp, ov_mdelim_need(c, half + axis, half - axis, s), s, n->off);
		nuc.h = maxd(nuc.h, half + axis);
		nuc.d = maxd(nuc.d, half - axis);
	} else if (cp && op && n->u.atom.large_op) {
		/* rule 13: a large operator; in display style its first size
		 * variant at least displayOperatorMinHeight tall; centred on the
		 * axis */
		nuc = ov_mbox_char(c, cp, s, n->off);
		if (mdisplay(s) && nuc.gid && c->mm->variants) {
			uint32_t gids[OV_MATH_MAX_VARIANTS];
			double sizes[OV_MATH_MAX_VARIANTS];
			size_t k = c->mm->variants(c->mm->ctx, nuc.gid, false, gids, sizes, OV_MATH_MAX_VARIANTS);
			double min = c->mm->constant[OV_MC_DISPLAY_OPERATOR_MIN_HEIGHT];
			size_t pick = k;
			for (size_t i = 0; i < k; i++)
				if (sizes[i] >= min) {
					pick = i;
					break;
				}
			if (pick == k && k)
				pick = k - 1;
			if (k && gids[pick] != nuc.gid) {
				ov_mbox_drop(c, &nuc);
				nuc = ov_mbox_gid(c, gids[pick], cp, ov_msize(c, s));
			}
		}
		double shift = (nuc.h - nuc.d) / 2 - ov_mconst(c, OV_MC_AXIS_HEIGHT, s);
		ov_mbox_shift(c, &nuc, 0, -shift);
		nuc.h -= shift;
		nuc.d += shift;
	} else if (cp == ':' && has_glyph(c, 0x2236, s)) {
		/* unicode-math sets the ASCII colon (a Rel, and the colon of
		 * \colon) with U+2236 RATIO, \mathratio (measured: ':' is 2.8 pt
		 * wide and 4.68 pt high in Pagella at 10 pt, RATIO's box); it
		 * still stands for ':' when copied */
		nuc = ov_mbox_char(c, 0x2236, s, n->off);
		c->items[nuc.first].cp = ':';
	} else if (cp) {
		nuc = ov_mbox_char(c, cp, s, n->off);
	} else {
		nuc = mlist(c, n->u.atom.list, s);
		nuc.glyph = false;
		nuc.italic = 0;
		nuc.gid = 0;
	}
	if (n->u.atom.negated)
		negate(c, &nuc, s, n->off);
	if (op) {
		bool limits = n->limits == OV_MLIMITS_YES ||
		              (n->limits == OV_MLIMITS_DEFAULT && mdisplay(s) && !integral(cp));
		if (limits && (n->sup || n->sub)) {
			double delta = nuc.glyph ? nuc.italic : 0;
			return ov_mlimits_box(c, nuc, n->sup, n->sub, s, delta);
		}
	}
	if (n->sup || n->sub || n->primes)
		return ov_mscripts(c, n, nuc, s);
	/* rule 17: a character's italic correction is part of its width when
	 * no subscript follows; not a large operator's in XeTeX (measured:
	 * \int alone is 6.34 pt wide in text style, its advance, the italic
	 * correction 1.89 pt going only to a superscript) */
	if (nuc.glyph && !(op && n->u.atom.large_op))
		nuc.w += nuc.italic;
	return nuc;
}
