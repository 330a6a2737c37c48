/*
 * math_accent.c - accents (The TeXbook, Appendix G, rule 12), overlines
 * and underlines (rules 9 and 10) and the over/under stacks: braces,
 * extensible arrows with their labels, \overset and \underset.
 *
 * OpenType MATH: an accent sits on its base at the base's
 * MathTopAccentAttachment (its centre when the base is not one glyph),
 * lowered by accentBaseHeight for a base lower than that (TeX: the
 * x-height); \widehat-like accents take the widest horizontal size
 * variant that the base covers (rule 12's "successors"), an assembly for
 * a wider base; the bars use overbar* and underbar* (TeX's 3 theta, theta,
 * theta, at least those as in XeTeX), the braces and arrows stretchStack* constants.
 */
#include <string.h>

#include "layout/math_internal.h"

static double maxd(double a, double b) { return a > b ? a : b; }

/* A wide accent for a base w pt wide: the widest variant not wider than
 * the base, or an assembly when the base is wider than every variant. */
static mbox wide(mctx *c, uint32_t cp, double w, ov_mstyle s, uint32_t off)
{
	mbox g = ov_mbox_char(c, cp, s, off);
	if (!g.gid || !c->mm->variants)
		return g;
	double size = ov_msize(c, s), wfu = w * 1000 / size;
	uint32_t gids[OV_MATH_MAX_VARIANTS];
	double sizes[OV_MATH_MAX_VARIANTS];
	size_t k = c->mm->variants(c->mm->ctx, g.gid, true, gids, sizes, OV_MATH_MAX_VARIANTS);
	if (!k)
		return g;
	if (sizes[k - 1] < wfu && c->mm->assembly) {
		ov_mpart parts[OV_MATH_MAX_PARTS];
		double it;
		if (c->mm->assembly(c->mm->ctx, g.gid, true, parts, OV_MATH_MAX_PARTS, &it)) {
			ov_mbox_drop(c, &g);
			mbox a = ov_mstretch(c, cp, w, true, s, off);
			a.accent_x = a.w / 2;
			return a;
		}
	}
	size_t pick = 0;
	for (size_t i = 0; i < k; i++)
		if (sizes[i] <= wfu)
			pick = i;
	if (gids[pick] == g.gid)
		return g;
	/* ov_mbox_drop forgets the glyph; gids[pick] is what counts now */
	ov_mbox_drop(c, &g);
	return ov_mbox_gid(c, gids[pick], cp, size);
}

/* The one character a list stands for ({y} and {{y}} are y, as TeX
 * takes a group of one Ord without scripts for its character), or NULL. */
static const ov_mnode *single_char(const ov_mnode *l)
{
	while (l && !l->next && l->kind == OV_MN_ATOM && !l->sup && !l->sub && !l->primes && !l->u.atom.big &&
	       !l->u.atom.negated && l->cls == OV_MCLASS_ORD) {
		if (l->u.atom.cp)
			return l;
		l = l->u.atom.list;
	}
	return NULL;
}

/* Rule 12 with the scripts of the accent noad (the caller adds none). */
mbox ov_maccent(mctx *c, const ov_mnode *n, ov_mstyle s)
{
	uint32_t cp = n->u.accent.cp;
	if (n->u.accent.bottom) {
		mbox body = mlist(c, n->u.accent.body, s);
		mbox acc = n->u.accent.wide ? wide(c, cp, body.w, s, n->off) : ov_mbox_char(c, cp, s, n->off);
		ov_mbox_shift(c, &acc, (body.w - acc.w) / 2, -body.d);
		mbox r = body;
		r.glyph = false;
		r.gid = 0;
		r.end = c->count;
		r.d = maxd(body.d, body.d + acc.d);
		return n->sup || n->sub || n->primes ? ov_mscripts(c, n, r, s) : r;
	}
	/* the base cramped (rule 12) */
	const ov_mnode *one = single_char(n->u.accent.body);
	bool swap = one && (n->sup || n->sub || n->primes);
	mbox body, r;
	if (swap) {
		/* rule 12: an accented character with scripts takes them itself
		 * (TeX makes the character and its scripts the accent's new
		 * nucleus, set in the current style) and the accent stays where
		 * it was over the character: the scripts are placed as a
		 * character's, not hung from the accent's box by rule 18a
		 * (XeTeX: \hat{y}_i^2 is 8.64 pt high in text style, as y_i^2) */
		body = ov_mbox_char(c, one->u.atom.cp, s, one->off);
		r = ov_mscripts(c, n, body, s);
	} else {
		body = mlist(c, n->u.accent.body, mcramp(s));
		r = body;
	}
	mbox acc = n->u.accent.wide ? wide(c, cp, body.w, s, n->off) : ov_mbox_char(c, cp, s, n->off);
	double base = ov_mconst(c, OV_MC_ACCENT_BASE_HEIGHT, s);
	double raise = body.h > base ? body.h - base : 0;
	double att = body.glyph ? body.accent_x : body.w / 2;
	double aatt = acc.gid ? acc.accent_x : acc.w / 2;
	ov_mbox_shift(c, &acc, att - aatt, raise);
	r.glyph = false;
	r.gid = 0;
	r.italic = 0;
	r.end = c->count;
	r.h = maxd(r.h, raise + acc.h);
	if (!swap && (n->sup || n->sub || n->primes))
		r = ov_mscripts(c, n, r, s);
	return r;
}

/* the overline and underline characters the parser gives (drawn as rules) */
static bool is_bar(uint32_t cp) { return cp == 0x203E || cp == 0x0305 || cp == 0x00AF || cp == 0x5F || cp == 0x0332; }

mbox ov_moverunder(mctx *c, const ov_mnode *n, ov_mstyle s)
{
	uint32_t ocp = n->u.overunder.over_cp, ucp = n->u.overunder.under_cp;
	bool overline = is_bar(ocp), underline = is_bar(ucp);
	const ov_mnode *body = n->u.overunder.body;
	if (!ocp && !ucp && body && !body->next && body->kind == OV_MN_ATOM && body->u.atom.stretchy &&
	    body->u.atom.cp && (n->u.overunder.over || n->u.overunder.under)) {
		/* an extensible arrow (\xrightarrow[under]{over}): amsmath's
		 * \ext@arrow makes it as wide as its labels with 5 mu before and
		 * 9 mu after them in script style, and sets the labels as limits */
		ov_mstyle ls = msup(s);
		mbox over = mlist(c, n->u.overunder.over, ls);
		mbox under = mlist(c, n->u.overunder.under, msub(s));
		double pad = 14 * ov_msize(c, ls) / 18;
		double need = maxd(over.w, under.w) + pad;
		ov_mbox_drop(c, &over);
		mbox a = ov_mstretch(c, body->u.atom.cp, need, true, s, body->off);
		a.glyph = false;
		a.gid = 0;
		a.italic = 0;
		if (a.w < need) {
			ov_mbox_shift(c, &a, (need - a.w) / 2, 0);
			a.w = need;
		}
		return ov_mlimits_box(c, a, n->u.overunder.over, n->u.overunder.under, s, 0);
	}
	/* an overline's body is cramped (rule 9), an underline's not (10) */
	/* a brace's body: unicode-math's \overbrace{x} is \mathop{<accent>
	 * {{}x}}\limits, an empty Ord before the body (measured:
	 * \overbrace{\mathop{a}b} has a thin space before the a) */
	if ((ocp && !overline) || (ucp && !underline))
		c->lead = OV_MCLASS_ORD;
	mbox r = mlist(c, n->u.overunder.body, overline ? mcramp(s) : s);
	c->lead = -1;
	r.glyph = false;
	r.gid = 0;
	r.italic = 0;
	if (overline) {
		/* at least TeX's 3 theta below the bar and theta above it, which
		 * XeTeX keeps for OpenType fonts (Pagella: \overline{x} 7.82 pt) */
		double theta = ov_mconst(c, OV_MC_OVERBAR_RULE_THICKNESS, s);
		double gap = maxd(ov_mconst(c, OV_MC_OVERBAR_VERTICAL_GAP, s), 3 * theta);
		ov_mitem_rule(c, 0, r.h + gap, r.w, theta);
		r.h += gap + theta + maxd(ov_mconst(c, OV_MC_OVERBAR_EXTRA_ASCENDER, s), theta);
		r.end = c->count;
	}
	if (underline) {
		double theta = ov_mconst(c, OV_MC_UNDERBAR_RULE_THICKNESS, s);
		double gap = maxd(ov_mconst(c, OV_MC_UNDERBAR_VERTICAL_GAP, s), 3 * theta);
		ov_mitem_rule(c, 0, -(r.d + gap + theta), r.w, theta);
		r.d += gap + theta + maxd(ov_mconst(c, OV_MC_UNDERBAR_EXTRA_DESCENDER, s), theta);
		r.end = c->count;
	}
	bool arrow = !n->u.overunder.body && ((ocp && !overline) || (ucp && !underline));
	if (arrow) {
		/* an extensible arrow (\xrightarrow): as wide as its labels and a
		 * little more (amsmath: 0.5 em plus the arrow's ends), its labels
		 * at stretchStackTopShiftUp / ...BottomShiftDown, clear of it by
		 * stretchStackGapAboveMin / ...BelowMin */
		mbox over = mlist(c, n->u.overunder.over, msup(s));
		mbox under = mlist(c, n->u.overunder.under, msub(s));
		double em = ov_msize(c, s);
		double w = maxd(over.w, under.w) + 0.8 * em;
		mbox a = ov_mstretch(c, ocp ? ocp : ucp, w, true, s, n->off);
		a.glyph = false;
		w = maxd(a.w, maxd(over.w, under.w));
		ov_mbox_shift(c, &a, (w - a.w) / 2, 0);
		mbox res = ov_mbox_empty(c);
		res.first = over.first;
		res.w = w;
		res.h = a.h;
		res.d = a.d;
		if (n->u.overunder.over) {
			double up = maxd(ov_mconst(c, OV_MC_STRETCH_STACK_TOP_SHIFT_UP, s),
			                 a.h + ov_mconst(c, OV_MC_STRETCH_STACK_GAP_ABOVE_MIN, s) + over.d);
			ov_mbox_shift(c, &over, (w - over.w) / 2, up);
			res.h = maxd(res.h, up + over.h);
		}
		if (n->u.overunder.under) {
			double down = maxd(ov_mconst(c, OV_MC_STRETCH_STACK_BOTTOM_SHIFT_DOWN, s),
			                   a.d + ov_mconst(c, OV_MC_STRETCH_STACK_GAP_BELOW_MIN, s) + under.h);
			ov_mbox_shift(c, &under, (w - under.w) / 2, -down);
			res.d = maxd(res.d, down + under.d);
		}
		res.end = c->count;
		return res;
	}
	/* braces and the like over or under the body, stretched to its width
	 * as wide accents are (XeTeX: \overbrace{a+b} is as wide as a+b) */
	if (ocp && !overline) {
		/* unicode-math makes them wide accents (\Umathaccent): over the
		 * body as rule 12 puts an accent, lowered by accentBaseHeight
		 * (measured: \overbrace{a+b} is 10.35 pt high in Pagella);
		 * under it as a bottom accent, hanging from its depth */
		mbox b = wide(c, ocp, r.w, s, n->off);
		double base = ov_mconst(c, OV_MC_ACCENT_BASE_HEIGHT, s);
		double y = r.h > base ? r.h - base : 0;
		ov_mbox_shift(c, &b, (r.w - b.w) / 2, y);
		r.h = maxd(r.h, y + b.h); /* as wide as the body, as TeX's accent box */
		r.end = c->count;
	}
	if (ucp && !underline) {
		mbox b = wide(c, ucp, r.w, s, n->off);
		double y = r.d;
		ov_mbox_shift(c, &b, (r.w - b.w) / 2, -y);
		r.d = maxd(r.d, y + b.d);
		r.end = c->count;
	}
	/* labels (\overbrace^{...}, \overset) as limits (rule 13a) */
	if (n->u.overunder.over || n->u.overunder.under)
		return ov_mlimits_box(c, r, n->u.overunder.over, n->u.overunder.under, s, 0);
	return r;
}
