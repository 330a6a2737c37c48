/*
 * math_list.c - the walk over a math list (The TeXbook, Appendix G): style
 * changes, the atom classes after rules 5 and 6, the space between atoms
 * (the table of p. 170), each noad handed to its rule (math_*.c), the
 * places a top-level list may break (rule 20's penalties), \text, and
 * the entry point ov_math_layout with its chunks and rows.
 */
#include <stdlib.h>
#include <string.h>

#include "layout/math_internal.h"
#include "util/utf8.h"

/* The TeXbook p. 170: the space between atoms of the row class and the
 * column class: 0 none, 1 thin (3 mu), 2 thin, 3 medium (4 mu), 4 thick
 * (5 mu), 2-4 only in D and T ("(1)" in the book). Pairs the book marks
 * "*" cannot occur after rules 5 and 6 and are 0. */
static const unsigned char spacing[OV_MCLASS__COUNT][OV_MCLASS__COUNT] = {
	/*          Ord Op Bin Rel Open Close Punct Inner */
	/* Ord   */ {0, 1, 3, 4, 0, 0, 0, 2},
	/* Op    */ {1, 1, 0, 4, 0, 0, 0, 2},
	/* Bin   */ {3, 3, 0, 0, 3, 0, 0, 3},
	/* Rel   */ {4, 4, 0, 0, 4, 0, 0, 4},
	/* Open  */ {0, 0, 0, 0, 0, 0, 0, 0},
	/* Close */ {0, 1, 3, 4, 0, 0, 0, 2},
	/* Punct */ {2, 2, 0, 2, 2, 2, 2, 2},
	/* Inner */ {2, 1, 3, 4, 2, 0, 2, 2},
};

/* TeX's \relpenalty and \binoppenalty */
#define REL_PENALTY 500
#define BIN_PENALTY 700

/* Nesting of lists laid out at once; the parser bounds user nesting to
 * OV_MATH_MAX_DEPTH, each level of which takes a few lists here. */
#define MAX_LIST_DEPTH (4 * OV_MATH_MAX_DEPTH)

static double space_pt(const mctx *c, int code, ov_mstyle s)
{
	static const int mu[] = {0, 3, 3, 4, 5};
	if (code == 0 || (code >= 2 && s >= OV_MSTYLE_S))
		return 0;
	return mu[code] * ov_msize(c, s) / 18;
}

static bool is_noad(ov_mkind k)
{
	return k != OV_MN_SPACE && k != OV_MN_STYLE && k != OV_MN_BREAK;
}

/* the horizontal brackets over or under a formula (U+23B4, U+23B5,
 * U+23DC..U+23E1) */
static bool is_brace(uint32_t cp) { return cp == 0x23B4 || cp == 0x23B5 || (cp >= 0x23DC && cp <= 0x23E1); }

static const ov_mnode *next_noad(const ov_mnode *n)
{
	for (n = n->next; n && !is_noad(n->kind); n = n->next)
		;
	return n;
}

/* Text in a book face at the style's size. Its height and depth are those
 * of the same characters in the math font where it has them (the ink, as
 * TeX's boxes have), else the face's ascent and descent. */
static mbox text_box(mctx *c, const char *s, size_t len, ov_mtext_face tf, ov_mstyle st)
{
	static const ov_face faces[] = {OV_FACE_REGULAR, OV_FACE_ITALIC, OV_FACE_BOLD, OV_FACE_BOLD_ITALIC,
	                                OV_FACE_MONO};
	ov_face face = faces[tf <= OV_MTEXT_TT ? tf : 0];
	double size = ov_msize(c, st);
	mbox b = ov_mbox_empty(c);
	const ov_metrics *tm = c->env->tm;
	if (!tm || !len)
		return b;
	ov_glyph_run *r = &c->run;
	r->count = 0;
	r->width = 0;
	if (tm->shape)
		tm->shape(tm->ctx, face, s, len, r);
	else
		for (size_t i = 0; i < len;) {
			uint32_t cp;
			int k = ov_utf8_decode(s + i, len - i, &cp);
			if (r->count == r->cap) {
				r->cap = r->cap ? r->cap * 2 : 64;
				r->glyphs = ov_xrealloc(r->glyphs, r->cap * sizeof *r->glyphs);
			}
			int a = tm->advance ? tm->advance(tm->ctx, face, cp) : 500;
			r->glyphs[r->count++] = (ov_glyph){cp, (uint32_t)i, (uint16_t)face, (uint16_t)a, 0, 0, 0};
			i += k > 0 ? (size_t)k : 1;
		}
	double x = 0;
	for (size_t i = 0; i < r->count; i++) {
		const ov_glyph *g = &r->glyphs[i];
		size_t e = ov_glyph_cluster_end(r->glyphs, r->count, i, len);
		size_t k = ov_mitem_glyph(c, g->gid, 0, size, x + g->dx * size / 1000, g->dy * size / 1000);
		ov_mitem *it = &c->items[k];
		it->font = g->font;
		it->advance = g->advance;
		it->text = s + g->cluster;
		it->text_len = e > g->cluster ? (uint32_t)(e - g->cluster) : 0;
		x += (g->advance + g->adjust) * size / 1000;
	}
	b.end = c->count;
	b.w = x;
	if (tm->ink && tm->shape) {
		/* the ink of the text's own glyphs, as TeX's \hbox of text has */
		bool known = true;
		for (size_t i = 0; i < r->count && known; i++) {
			double h, d;
			known = tm->ink(tm->ctx, r->glyphs[i].font, r->glyphs[i].gid, &h, &d);
			h = h * size / 1000 + r->glyphs[i].dy * size / 1000;
			d = d * size / 1000 - r->glyphs[i].dy * size / 1000;
			b.h = h > b.h ? h : b.h;
			b.d = d > b.d ? d : b.d;
		}
		if (known)
			return b;
		b.h = b.d = 0;
	}
	bool any = false;
	for (size_t i = 0; i < len;) {
		uint32_t cp;
		int k = ov_utf8_decode(s + i, len - i, &cp);
		i += k > 0 ? (size_t)k : 1;
		ov_mglyph g;
		memset(&g, 0, sizeof g);
		if (cp == ' ' || !c->mm->glyph(c->mm->ctx, cp, 0, &g) || !g.gid)
			continue;
		any = true;
		double h = g.height * size / 1000, d = g.depth * size / 1000;
		b.h = h > b.h ? h : b.h;
		b.d = d > b.d ? d : b.d;
	}
	if (!any) {
		b.h = tm->ascent[face] * size / 1000 * 0.7;
		b.d = 0;
	}
	return b;
}

static mbox ref_box(mctx *c, const ov_mnode *n, ov_mstyle s)
{
	const char *num = c->env->refs && n->u.ref.label ? c->env->refs(c->env->refs_ctx, n->u.ref.label) : NULL;
	const char *t = ov_arena_printf(c->arena, n->u.ref.paren ? "(%s)" : "%s", num ? num : "??");
	mbox b = text_box(c, t, strlen(t), OV_MTEXT_RM, s);
	if (num) {
		/* the number is a link to its equation: a rectangle over its
		 * glyphs, moved with them wherever the box goes */
		ov_mitem_rule(c, 0, -b.d, b.w, b.h + b.d);
		ov_mitem *it = &c->items[c->count - 1];
		it->kind = OV_MITEM_LINK;
		it->text = n->u.ref.label;
		it->text_len = (uint32_t)strlen(n->u.ref.label);
		b.end = c->count;
		b.glyph = false;
	}
	return b;
}

/* One noad's box (scripts included) in style s. */
static mbox noad(mctx *c, const ov_mnode *n, ov_mstyle s)
{
	mbox b;
	switch (n->kind) {
	case OV_MN_ATOM:
		return ov_matom(c, n, s);
	case OV_MN_FRAC:
		b = ov_mfrac(c, n, s);
		break;
	case OV_MN_RADICAL:
		b = ov_mradical(c, n, s);
		break;
	case OV_MN_ACCENT: /* scripts included (rule 12) */
		return ov_maccent(c, n, s);
	case OV_MN_OVERUNDER:
		b = ov_moverunder(c, n, s);
		break;
	case OV_MN_FENCED:
		b = ov_mfenced(c, n, s);
		break;
	case OV_MN_ARRAY:
		b = ov_marray(c, n, s, c->want_rows && c->depth == 1);
		c->want_rows = false;
		break;
	case OV_MN_TEXT:
		b = text_box(c, n->u.text.text, n->u.text.text ? n->u.text.len : 0, n->u.text.face, s);
		break;
	case OV_MN_REF:
		b = ref_box(c, n, s);
		break;
	case OV_MN_PHANTOM: {
		b = mlist(c, n->u.phantom.body, s);
		ov_mbox_drop(c, &b);
		if (!n->u.phantom.width)
			b.w = 0;
		if (!n->u.phantom.height)
			b.h = b.d = 0;
		break;
	}
	case OV_MN_SMASH: /* amsmath's \smash: drawn, but taking no height and/or depth */
		b = mlist(c, n->u.smash.body, s);
		if (n->u.smash.top)
			b.h = 0;
		if (n->u.smash.bottom)
			b.d = 0;
		break;
	case OV_MN_BOXED:
		b = ov_mboxed(c, n);
		break;
	default:
		return ov_mbox_empty(c);
	}
	if (n->sup || n->sub || n->primes)
		b = ov_mscripts(c, n, b, s);
	return b;
}

mbox ov_mlist(mctx *c, const ov_mnode *list, ov_mstyle s, bool brk)
{
	mbox r = ov_mbox_empty(c);
	if (c->depth >= MAX_LIST_DEPTH)
		return r;
	c->depth++;
	int prev = c->lead;
	c->lead = -1;
	double x = 0, ch = 0, cd = 0;
	bool pending = false; /* a break recorded after the last atom waits for its glue */
	for (const ov_mnode *n = list; n; n = n->next) {
		if (n->kind == OV_MN_STYLE) {
			if (n->u.style.style <= OV_MSTYLE_SSC)
				s = n->u.style.style;
			continue;
		}
		if (n->kind == OV_MN_SPACE) {
			double em = ov_msize(c, s);
			const ov_metrics *tm = c->env->tm;
			if (n->u.space.nonscript && s >= OV_MSTYLE_S)
				continue; /* TeX's \nonscript */
			if (n->u.space.word && tm && tm->advance)
				/* \  and ~ in math are the text font's interword space, at
				 * the text size in every style (XeLaTeX: a\ b is Gentium's
				 * 2.202 pt wider than ab at 10 pt) */
				x += tm->advance(tm->ctx, OV_FACE_REGULAR, ' ') * c->env->size / 1000;
			else
				x += n->u.space.em_based ? n->u.space.mu * em / 1000 : n->u.space.mu * em / 18;
			continue;
		}
		if (!is_noad(n->kind))
			continue;
		int cls = n->cls < OV_MCLASS__COUNT ? (int)n->cls : OV_MCLASS_ORD;
		/* LaTeX's \frac, \binom and \genfrac put the fraction in braces:
		 * an Ord, not plain TeX's Inner (measured: no thin space in
		 * z\frac{a}{b} in XeLaTeX) */
		if (n->kind == OV_MN_FRAC)
			cls = OV_MCLASS_ORD;
		/* amsmath's pmatrix, cases ... are \left( ... \right): an Inner,
		 * as \left...\right is (TeXbook p. 170: a thin space between two
		 * matrices, measured in XeLaTeX) */
		if (n->kind == OV_MN_ARRAY && (n->u.array.left || n->u.array.right))
			cls = OV_MCLASS_INNER;
		/* \overbrace, \underbrace and the bracket and paren kin are
		 * \mathop{...}\limits in amsmath and unicode-math (measured:
		 * x\overbrace{a+b} has a thin space, \underbrace{a+b}+c a thin
		 * space and an Ord '+') */
		if (n->kind == OV_MN_OVERUNDER && cls == OV_MCLASS_ORD && n->u.overunder.body &&
		    (is_brace(n->u.overunder.over_cp) || is_brace(n->u.overunder.under_cp)))
			cls = OV_MCLASS_OP;
		const ov_mnode *nx = next_noad(n);
		/* rules 5 and 6: a Bin first, after Bin Op Rel Open Punct, or
		 * before Rel Close Punct or the end is an Ord */
		if (cls == OV_MCLASS_BIN) {
			if (prev < 0 || prev == OV_MCLASS_BIN || prev == OV_MCLASS_OP || prev == OV_MCLASS_REL ||
			    prev == OV_MCLASS_OPEN || prev == OV_MCLASS_PUNCT)
				cls = OV_MCLASS_ORD;
			else if (!nx || (nx->kind != OV_MN_FRAC && (nx->cls == OV_MCLASS_REL || nx->cls == OV_MCLASS_CLOSE ||
			                                            nx->cls == OV_MCLASS_PUNCT)))
				cls = OV_MCLASS_ORD;
		}
		double gap = prev >= 0 ? space_pt(c, spacing[prev][cls], s) : 0;
		if (pending) {
			mbreak *bk = &c->breaks[c->break_count - 1];
			bk->x = x + gap;
			bk->glue = bk->x - bk->end_x;
			bk->h = ch;
			bk->d = cd;
			bk->next_off = n->off;
			ch = cd = 0;
			pending = false;
		}
		mbox b = noad(c, n, s);
		ov_mbox_shift(c, &b, x + gap, 0);
		x += gap + b.w;
		r.h = b.h > r.h ? b.h : r.h;
		r.d = b.d > r.d ? b.d : r.d;
		ch = b.h > ch ? b.h : ch;
		cd = b.d > cd ? b.d : cd;
		if (brk && nx && (cls == OV_MCLASS_BIN || (cls == OV_MCLASS_REL && nx->cls != OV_MCLASS_REL))) {
			if (c->break_count == c->break_cap) {
				c->break_cap = c->break_cap ? 2 * c->break_cap : 16;
				c->breaks = ov_xrealloc(c->breaks, c->break_cap * sizeof *c->breaks);
			}
			mbreak *bk = &c->breaks[c->break_count++];
			memset(bk, 0, sizeof *bk);
			bk->item = c->count;
			bk->end_x = x;
			bk->penalty = cls == OV_MCLASS_BIN ? BIN_PENALTY : REL_PENALTY;
			bk->end_off = n->off + n->len;
			pending = true;
		}
		/* one box per noad: a single glyph keeps its italic correction for
		 * the caller only when it is the whole list */
		if (!list->next && n == list) {
			r.italic = b.italic;
			r.accent_x = b.accent_x;
			r.gid = b.gid;
			r.glyph = b.glyph;
			r.extended = b.extended;
		}
		prev = cls;
	}
	if (pending) /* a break after the last noad (cannot happen: nx was set) */
		c->break_count--;
	if (brk) {
		c->last_h = ch;
		c->last_d = cd;
	}
	r.w = x;
	r.end = c->count;
	c->depth--;
	return r;
}

/* ---- the entry point ---- */

static ov_mbox copy_box(mctx *c, size_t first, size_t end, double dx, double dy, double w, double h, double d)
{
	ov_mbox o = {w, h, d, NULL, end - first};
	if (end > first) {
		ov_mitem *it = ov_arena_calloc(c->arena, end - first, sizeof *it);
		memcpy(it, c->items + first, (end - first) * sizeof *it);
		for (size_t i = 0; i < end - first; i++) {
			it[i].x += dx;
			it[i].y += dy;
		}
		o.items = it;
	}
	return o;
}

/* Rows of a display with top-level \\ (OV_MN_BREAK): each part laid out
 * in D like gather's rows, centred on the widest. */
static mbox break_rows(mctx *c, const ov_mnode *list)
{
	size_t n = 1;
	for (const ov_mnode *p = list; p; p = p->next)
		n += p->kind == OV_MN_BREAK;
	mbox *rows = ov_arena_calloc(c->arena, n, sizeof *rows);
	size_t k = 0;
	const ov_mnode *p = list;
	while (k < n) {
		/* lay out the part up to the next break: the list walk stops at a
		 * BREAK node only through is_noad, so walk it piece by piece */
		const ov_mnode *start = p;
		while (p && p->kind != OV_MN_BREAK)
			p = p->next;
		/* the list is const: lay out a copy of the part's nodes */
		size_t cnt = 0;
		for (const ov_mnode *q = start; q != p; q = q->next)
			cnt++;
		ov_mnode *copy = cnt ? ov_arena_calloc(c->arena, cnt, sizeof *copy) : NULL;
		size_t i = 0;
		for (const ov_mnode *q = start; q != p; q = q->next, i++) {
			copy[i] = *q;
			copy[i].next = i + 1 < cnt ? &copy[i + 1] : NULL;
		}
		rows[k++] = mlist(c, copy, OV_MSTYLE_D);
		if (p)
			p = p->next;
	}
	c->rows = rows;
	c->row_count = n;
	/* stack them as gather does: baselines 1.2 em + \jot (0.3 em) apart,
	 * or \lineskip (0.1 em + \jot) between ink that comes closer than \jot */
	double em = c->env->size, w = 0;
	for (size_t i = 0; i < n; i++)
		w = rows[i].w > w ? rows[i].w : w;
	double y = 0, top = 0, bottom = 0;
	for (size_t i = 0; i < n; i++) {
		if (i) {
			double skip = 1.5 * em - rows[i - 1].d - rows[i].h;
			y -= skip >= 0.3 * em ? 1.5 * em : rows[i - 1].d + rows[i].h + 0.4 * em;
		}
		ov_mbox_shift(c, &rows[i], (w - rows[i].w) / 2, y);
		rows[i].y = y; /* the row's baseline in the stack */
		if (i == 0)
			top = rows[i].h;
		bottom = rows[i].d - y;
	}
	/* centre the stack on the axis, like \vcenter */
	double axis = ov_mconst(c, OV_MC_AXIS_HEIGHT, OV_MSTYLE_D);
	double total = top + bottom;
	double shift = axis + total / 2 - top;
	mbox all = ov_mbox_empty(c);
	all.first = rows[0].first;
	all.end = c->count;
	ov_mbox_shift(c, &all, 0, shift);
	for (size_t i = 0; i < n; i++)
		rows[i].y += shift;
	all.w = w;
	all.h = top + shift;
	all.d = bottom - shift;
	c->row_gap = 0.3 * em;
	return all;
}

const ov_mlayout *ov_math_layout(ov_arena *arena, const ov_mnode *list, bool display, const ov_math_env *env)
{
	mctx c;
	memset(&c, 0, sizeof c);
	c.env = env;
	c.mm = env->mm;
	c.arena = arena;
	c.lead = -1;
	ov_mlayout *L = ov_arena_alloc(arena, sizeof *L);
	ov_mstyle s = display ? OV_MSTYLE_D : OV_MSTYLE_T;
	mbox b;
	/* a display that is one aligned/gathered array, or has \\ at the top */
	const ov_mnode *only = NULL;
	size_t noads = 0;
	bool has_break = false;
	for (const ov_mnode *n = list; n; n = n->next) {
		if (n->kind == OV_MN_BREAK)
			has_break = true;
		else if (is_noad(n->kind)) {
			noads++;
			only = n;
		}
	}
	if (display && noads == 1 && only->kind == OV_MN_ARRAY && !only->sup && !only->sub &&
	    (only->u.array.akind == OV_MARRAY_ALIGNED || only->u.array.akind == OV_MARRAY_GATHERED)) {
		c.want_rows = true;
		b = ov_mlist(&c, list, s, false);
	} else if (display && has_break) {
		b = break_rows(&c, list);
	} else {
		/* a display's break places too: one too wide for the measure is
		 * set on several lines (layout/formula.c) */
		b = ov_mlist(&c, list, s, true);
	}
	L->box = copy_box(&c, b.first, b.end, 0, 0, b.w, b.h, b.d);
	/* chunks: the pieces between break places, each from its own left end */
	L->chunk_count = c.break_count + 1;
	L->chunks = ov_arena_calloc(arena, L->chunk_count, sizeof *L->chunks);
	size_t first = b.first;
	double x0 = 0;
	uint32_t off = list ? list->off : 0;
	for (size_t i = 0; i <= c.break_count; i++) {
		ov_mchunk *ch = &L->chunks[i];
		if (i < c.break_count) {
			const mbreak *bk = &c.breaks[i];
			double end = bk->x - bk->glue;
			ch->box = copy_box(&c, first, bk->item, -x0, 0, end - x0, bk->h, bk->d);
			ch->glue = bk->glue;
			ch->penalty = bk->penalty;
			ch->off = off;
			ch->len = bk->end_off > off ? bk->end_off - off : 0;
			first = bk->item;
			x0 = bk->x;
			off = bk->next_off;
		} else {
			ch->box = copy_box(&c, first, b.end, -x0, 0, b.w - x0, c.break_count ? c.last_h : b.h,
			                   c.break_count ? c.last_d : b.d);
			uint32_t end = off;
			for (const ov_mnode *n = list; n; n = n->next)
				end = n->off + n->len > end ? n->off + n->len : end;
			ch->off = off;
			ch->len = end - off;
		}
	}
	if (c.row_count) {
		L->row_count = c.row_count;
		L->rows = ov_arena_calloc(arena, c.row_count, sizeof *L->rows);
		for (size_t i = 0; i < c.row_count; i++) {
			const mbox *r = &c.rows[i];
			double y = r->y; /* the row's baseline in the formula's box */
			L->rows[i] = copy_box(&c, r->first, r->end, 0, -y, b.w, r->h, r->d);
		}
		L->row_gap = c.row_gap;
	}
	L->missing_count = c.missing;
	L->missing_cp = c.missing_cp;
	L->missing_off = c.missing_off;
	free(c.items);
	free(c.breaks);
	free(c.run.glyphs);
	return L;
}
