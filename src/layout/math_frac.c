/*
 * math_frac.c - generalized fractions (The TeXbook, Appendix G, rule 15):
 * \frac with the font's fraction rule, \binom and \atop without, \genfrac
 * with a given one. The OpenType MATH constants stand for TeX's: fraction-
 * Numerator[DisplayStyle]ShiftUp and fractionDenominator[DisplayStyle]-
 * ShiftDown for sigma8-12 (15b), fractionNum[DisplayStyle]GapMin and
 * fractionDenom[DisplayStyle]GapMin for the clearances of 15d (TeX's
 * 3 theta and theta), stackTop/BottomShift and stackGapMin for a fraction
 * without a rule (15c, TeX's 7 xi8 and 3 xi8).
 *
 * The gaps are taken as XeTeX takes them: from its cur_f, the font of
 * the last character it fetched, which after the denominator is laid out
 * is that of the denominator's last character (make_fraction reads the
 * gaps after clean_box of both parts; the shifts come from the style's
 * size). So \frac{a}{b} inline has both gaps at script size (4.193 pt
 * deep in Pagella; 4.505 pt at text size), and a display fraction whose
 * denominator is a fraction has them at script size too (measured:
 * \frac{\frac{a}{b}}{\frac{c}{d}} is 16.435 + 11.434 pt, where text-size
 * gaps give 16.850 + 11.850 pt), while \frac{\frac{a}{b}}{d} keeps the
 * text size's (16.851 + 6.840 pt).
 */
#include "layout/math_internal.h"

static double maxd(double a, double b) { return a > b ? a : b; }

/* MATH constant k at the size of the last character set (XeTeX's cur_f),
 * else at style s's */
static double gapc(const mctx *c, ov_math_constant k, ov_mstyle s)
{
	return c->last_size > 0 ? c->mm->constant[k] * c->last_size / 1000 : ov_mconst(c, k, s);
}

mbox ov_mfrac(mctx *c, const ov_mnode *n, ov_mstyle s)
{
	ov_mstyle fs = n->u.frac.style <= OV_MSTYLE_SSC ? n->u.frac.style : s;
	bool disp = mdisplay(fs);
	/* rule 15a: the numerator one style smaller, the denominator cramped */
	mbox num = mlist(c, n->u.frac.num, mnum(fs));
	mbox den = mlist(c, n->u.frac.den, mden(fs));
	if (n->u.frac.cfrac) {
		/* amsmath's \cfrac is {\displaystyle\frac{\strut #2}{#3}}
		 * \kern-\nulldelimiterspace: the numerator at least as tall and
		 * deep as a strut (0.7 and 0.3 of the 1.2 em \baselineskip) */
		double em = c->env->size;
		num.h = maxd(num.h, 0.84 * em);
		num.d = maxd(num.d, 0.36 * em);
	}
	double theta = n->u.frac.thickness < 0 ? ov_mconst(c, OV_MC_FRACTION_RULE_THICKNESS, fs)
	             : mpt(c, fs, n->u.frac.thickness);
	double axis = ov_mconst(c, OV_MC_AXIS_HEIGHT, fs);
	double u, v;
	if (theta <= 0) {
		/* rule 15c: no rule; the clearance made up half above, half below */
		u = ov_mconst(c, disp ? OV_MC_STACK_TOP_DISPLAY_STYLE_SHIFT_UP : OV_MC_STACK_TOP_SHIFT_UP, fs);
		v = ov_mconst(c, disp ? OV_MC_STACK_BOTTOM_DISPLAY_STYLE_SHIFT_DOWN : OV_MC_STACK_BOTTOM_SHIFT_DOWN, fs);
		double min = gapc(c, disp ? OV_MC_STACK_DISPLAY_STYLE_GAP_MIN : OV_MC_STACK_GAP_MIN, mden(fs));
		double clr = (u - num.d) - (den.h - v);
		if (clr < min) {
			u += (min - clr) / 2;
			v += (min - clr) / 2;
		}
	} else {
		/* rules 15b and 15d: each part clear of the rule on the axis */
		u = ov_mconst(c, disp ? OV_MC_FRACTION_NUMERATOR_DISPLAY_STYLE_SHIFT_UP : OV_MC_FRACTION_NUMERATOR_SHIFT_UP,
		              fs);
		v = ov_mconst(c, disp ? OV_MC_FRACTION_DENOMINATOR_DISPLAY_STYLE_SHIFT_DOWN
		                      : OV_MC_FRACTION_DENOMINATOR_SHIFT_DOWN, fs);
		double gn = (u - num.d) - (axis + theta / 2);
		double mn = gapc(c, disp ? OV_MC_FRACTION_NUM_DISPLAY_STYLE_GAP_MIN : OV_MC_FRACTION_NUMERATOR_GAP_MIN,
		                 mnum(fs));
		if (gn < mn)
			u += mn - gn;
		double gd = (axis - theta / 2) - (den.h - v);
		double md = gapc(c, disp ? OV_MC_FRACTION_DENOM_DISPLAY_STYLE_GAP_MIN : OV_MC_FRACTION_DENOMINATOR_GAP_MIN,
		                 mden(fs));
		if (gd < md)
			v += md - gd;
	}
	double w = maxd(num.w, den.w);
	/* \cfrac[l] and [r]: amsmath fills the numerator's row on one side */
	double nx = n->u.frac.num_align == 'l' ? 0 : n->u.frac.num_align == 'r' ? w - num.w : (w - num.w) / 2;
	ov_mbox_shift(c, &num, nx, u);
	ov_mbox_shift(c, &den, (w - den.w) / 2, -v);
	if (theta > 0)
		ov_mitem_rule(c, 0, axis - theta / 2, w, theta);
	mbox r = ov_mbox_empty(c);
	r.first = num.first;
	r.end = c->count;
	r.w = w;
	r.h = maxd(u + num.h, theta > 0 ? axis + theta / 2 : 0);
	r.d = maxd(v + den.d, 0);
	/* rule 15e: delimiters of TeX's sizes delim1 (D: 2.39 em) and delim2
	 * (1.01 em), centred on the axis; the null delimiter (\nulldelimiterspace)
	 * where there is none, as \frac has on both sides */
	double need = (disp ? 2.39 : 1.01) * ov_msize(c, fs);
	r = ov_mbox_fence(c, r, n->u.frac.left, n->u.frac.right, need, fs, n->off, n->off + n->len);
	if (n->u.frac.cfrac) /* the kern after it takes back the right null delimiter */
		r.w -= ov_mnulldelim(c);
	return r;
}
