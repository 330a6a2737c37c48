/*
 * math_radical.c - radicals (The TeXbook, Appendix G, rule 11) with the
 * OpenType MATH constants: radical[DisplayStyle]VerticalGap for the
 * clearance (TeX's theta + 1/4 |phi|), radicalRuleThickness for the
 * overbar, radicalExtraAscender above it, and for a degree (\sqrt[n])
 * (TeX's kern of theta above the bar, as XeTeX, instead of
 * radicalExtraAscender), radicalKernBeforeDegree, radicalKernAfterDegree and radicalDegree-
 * BottomRaisePercent. The sign is U+221A grown through its variants
 * and assembly (math_delim.c); the bar starts where the sign ends and
 * its top is the sign's top, as the MATH table's radicals are drawn.
 */
#include "layout/math_internal.h"

static double maxd(double a, double b) { return a > b ? a : b; }

mbox ov_mradical(mctx *c, const ov_mnode *n, ov_mstyle s)
{
	/* the body cramped */
	mbox body = mlist(c, n->u.radical.body, mcramp(s));
	double theta = ov_mconst(c, OV_MC_RADICAL_RULE_THICKNESS, s);
	double gap = ov_mconst(c, mdisplay(s) ? OV_MC_RADICAL_DISPLAY_STYLE_VERTICAL_GAP : OV_MC_RADICAL_VERTICAL_GAP, s);
	/* above the bar: TeX's kern of theta (rule 11), which XeTeX keeps for
	 * OpenType fonts rather than radicalExtraAscender (measured: \sqrt{x}
	 * in Pagella is 7.805 pt tall, its bar's top at 7.205 pt) */
	double extra = theta;
	mbox sign = ov_mstretch(c, 0x221A, body.h + body.d + gap + theta, false, s, n->off);
	/* a sign taller than needed shares its surplus between the gap and
	 * the body's depth */
	double total = sign.h + sign.d;
	double surplus = total - (body.h + body.d + gap + theta);
	if (surplus > 0)
		gap += surplus / 2;
	/* the sign's top is the bar's top */
	double top = body.h + gap + theta;
	ov_mbox_shift(c, &sign, 0, top - sign.h);
	double sign_d = total - top;
	ov_mitem_rule(c, sign.w, body.h + gap, body.w, theta);
	double x0 = 0;
	mbox deg = ov_mbox_empty(c);
	if (n->u.radical.degree) {
		deg = mlist(c, n->u.radical.degree, OV_MSTYLE_SS);
		double before = ov_mconst(c, OV_MC_RADICAL_KERN_BEFORE_DEGREE, s);
		double after = ov_mconst(c, OV_MC_RADICAL_KERN_AFTER_DEGREE, s);
		double raise = ov_mconst(c, OV_MC_RADICAL_DEGREE_BOTTOM_RAISE_PERCENT, s) / 100 * total;
		ov_mbox_shift(c, &deg, before, -sign_d + raise);
		x0 = before + deg.w + after;
		if (x0 < 0) {
			/* a degree never sticks out left of the formula */
			ov_mbox_shift(c, &deg, -x0, 0);
			x0 = 0;
		}
		deg.h += -sign_d + raise;
	}
	/* sign and bar, then the body under the bar, right of the sign */
	mbox signbar = sign;
	signbar.end = sign.end + 1;
	ov_mbox_shift(c, &signbar, x0, 0);
	ov_mbox_shift(c, &body, x0 + sign.w, 0);
	mbox r = ov_mbox_empty(c);
	r.first = body.first;
	r.end = c->count;
	r.w = x0 + sign.w + body.w;
	r.h = maxd(top + extra, deg.h);
	r.d = maxd(body.d, sign_d);
	return r;
}
