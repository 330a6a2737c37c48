/*
 * math_array.c - the array environments: matrix and its delimited kinds,
 * smallmatrix, cases, aligned, gathered and array, set as LaTeX and
 * amsmath set them (an \halign of cells, each its own formula):
 *
 *   matrix, array: cells in text style, rows of at least the strut
 *     (0.7 and 0.3 of 1.2 em, times \arraystretch: 1.2 for cases) stacked
 *     without glue, columns 2 \arraycolsep (1 em at 10 pt) apart (array:
 *     \arraycolsep outside too; '|' and \hline rules \arrayrulewidth 0.4pt);
 *   subarray, \substack: script style, no space between columns, rows
 *     without strut, baselines stackTopShiftUp + fractionDenominatorShift-
 *     Down apart (TeX's num3 + denom2 of the script font) or 3 rule
 *     x 0.04 em between ink that comes closer than that (amsmath's
 *     \baselineskip, \lineskip and \lineskiplimit for subarray;
 *     measured: \substack{x\\x} 9.421 pt in all in Pagella at 10 pt);
 *   smallmatrix: script style, a \thickspace between columns and a thin
 *     space on either side, baselines
 *     6 pt apart or 1.5 pt between the rows' ink;
 *   aligned, gathered: display style, rows of at least the strut,
 *     baselines 1.2 em + \jot (0.3 em) apart or \lineskip + \jot
 *     between ink closer than \jot; aligned's
 *     right-aligned and left-aligned columns in pairs, each left one
 *     behind an empty atom ({}) so that "&=" is spaced as a relation,
 *     pairs 2 em apart;
 *
 * the whole centred on the axis (\vcenter) and delimited as by \left and
 * \right (rule 19). A display made of one aligned or gathered keeps its
 * rows for the page layout.
 */
#include <string.h>

#include "layout/math_internal.h"

static double maxd(double a, double b) { return a > b ? a : b; }

#define RULE_WIDTH(em) (0.04 * (em))

mbox ov_marray(mctx *c, const ov_mnode *n, ov_mstyle s, bool keep_rows)
{
	ov_marray_kind kind = n->u.array.akind;
	size_t rows = n->u.array.rows, cols = n->u.array.cols;
	if (rows > OV_MATH_MAX_ROWS)
		rows = OV_MATH_MAX_ROWS;
	if (cols > OV_MATH_MAX_COLS)
		cols = OV_MATH_MAX_COLS;
	mbox r = ov_mbox_empty(c);
	if (!rows || !cols || !n->u.array.cells)
		return r;
	double em = c->env->size;
	bool sub = n->u.array.script;
	ov_mstyle cs = kind == OV_MARRAY_SMALL || sub                             ? OV_MSTYLE_S
	             : kind == OV_MARRAY_ALIGNED || kind == OV_MARRAY_GATHERED ? OV_MSTYLE_D
	                                                                          : OV_MSTYLE_T;
	double sep = kind == OV_MARRAY_SMALL ? 5.0 / 18 * em : kind == OV_MARRAY_CASES ? em : 1.0 * em;
	if (n->u.array.col_sep > 0)
		sep = n->u.array.col_sep * em / 1000;
	/* array: \arraycolsep outside; smallmatrix: amsmath's \, before and after */
	double outer = kind == OV_MARRAY_ARRAY ? sep / 2 : kind == OV_MARRAY_SMALL ? 3.0 / 18 * em : 0;
	if (sub)
		sep = outer = 0;
	double stretch = kind == OV_MARRAY_CASES ? 1.2 : 1.0;
	double strut_h = 0.7 * 1.2 * em * stretch, strut_d = 0.3 * 1.2 * em * stretch;
	bool aligned = kind == OV_MARRAY_ALIGNED;

	/* the cells, row by row (so that a row's items are contiguous) */
	mbox *cell = ov_arena_calloc(c->arena, rows * cols, sizeof *cell);
	double *cw = ov_arena_calloc(c->arena, cols, sizeof *cw);
	double *rh = ov_arena_calloc(c->arena, rows, sizeof *rh);
	double *rd = ov_arena_calloc(c->arena, rows, sizeof *rd);
	size_t *rfirst = ov_arena_calloc(c->arena, rows + 1, sizeof *rfirst);
	for (size_t i = 0; i < rows; i++) {
		rfirst[i] = c->count;
		for (size_t j = 0; j < cols; j++) {
			const ov_mnode *l = n->u.array.cells[i * n->u.array.cols + j];
			if (aligned && j % 2 == 1)
				c->lead = OV_MCLASS_ORD;
			mbox b = mlist(c, l, cs);
			c->lead = -1;
			cell[i * cols + j] = b;
			cw[j] = maxd(cw[j], b.w);
			rh[i] = maxd(rh[i], b.h);
			rd[i] = maxd(rd[i], b.d);
		}
	}
	rfirst[rows] = c->count;
	/* columns: x of each */
	double *cx = ov_arena_calloc(c->arena, cols + 1, sizeof *cx);
	double x = outer;
	for (size_t j = 0; j < cols; j++) {
		cx[j] = x;
		x += cw[j];
		if (j + 1 < cols)
			x += aligned ? (j % 2 == 0 ? 0 : 2 * em) : sep;
	}
	double width = x + outer;
	cx[cols] = width;
	/* rows: baseline of each, the first at 0, y up */
	double *ry = ov_arena_calloc(c->arena, rows, sizeof *ry);
	bool *hl = n->u.array.hlines;
	double rule = RULE_WIDTH(em);
	double y = 0, top = 0;
	for (size_t i = 0; i < rows; i++) {
		double h = rh[i], d = rd[i];
		if (kind != OV_MARRAY_SMALL && !sub) { /* amsmath's \strut@ in aligned and gathered too */
			h = maxd(h, strut_h);
			d = maxd(d, strut_d);
			rh[i] = h;
			rd[i] = d;
		}
		if (i == 0) {
			top = h + (hl && hl[0] ? rule : 0);
		} else {
			double pd = rd[i - 1];
			double step;
			if (sub) {
				double skip = ov_mconst(c, OV_MC_STACK_TOP_SHIFT_UP, OV_MSTYLE_S) +
				              ov_mconst(c, OV_MC_FRACTION_DENOMINATOR_SHIFT_DOWN, OV_MSTYLE_S);
				/* amsmath's \lineskip: 3 \fontdimen8 of \scriptfont3, which
				 * under unicode-math in XeLaTeX is still a TeX extension font
				 * with a 0.04 em rule (measured: 0.888 pt between the ink of
				 * \substack{\int\\\int} in Pagella, 0.84 pt in Latin Modern:
				 * 3 x 0.04 x the script size, not the MATH rule thickness) */
				double line = 0.12 * ov_msize(c, OV_MSTYLE_S);
				step = skip - pd - h >= line ? skip : pd + h + line;
			} else if (kind == OV_MARRAY_SMALL)
				step = 0.6 * em - pd - h >= 0.15 * em ? 0.6 * em : pd + h + 0.15 * em;
			else if (kind == OV_MARRAY_ALIGNED || kind == OV_MARRAY_GATHERED)
				step = 1.5 * em - pd - h >= 0.3 * em ? 1.5 * em : pd + h + 0.4 * em;
			else
				step = pd + h;
			if (hl && hl[i])
				step += rule;
			y -= step;
		}
		ry[i] = y;
	}
	double bottom = rd[rows - 1] - y + (hl && hl[rows] ? rule : 0);
	/* place the cells */
	const char *al = n->u.array.align;
	size_t alen = al ? strlen(al) : 0;
	for (size_t i = 0; i < rows; i++)
		for (size_t j = 0; j < cols; j++) {
			mbox *b = &cell[i * cols + j];
			char a = j < alen ? al[j] : 'c';
			if (!al && aligned)
				a = j % 2 == 0 ? 'r' : 'l';
			if (!al && kind == OV_MARRAY_CASES)
				a = 'l';
			double dx = a == 'l' ? 0 : a == 'r' ? cw[j] - b->w : (cw[j] - b->w) / 2;
			ov_mbox_shift(c, b, cx[j] + dx, ry[i]);
		}
	/* rules: \hline across, '|' down */
	if (hl)
		for (size_t i = 0; i <= rows; i++)
			if (hl[i]) {
				double yy = i == 0 ? top - rule : i == rows ? -bottom : ry[i] + rh[i];
				ov_mitem_rule(c, 0, yy, width, rule);
			}
	if (n->u.array.vlines)
		for (size_t j = 0; j <= cols; j++)
			if (n->u.array.vlines[j]) {
				double xx = j == 0 ? 0 : j == cols ? width - rule : (cx[j - 1] + cw[j - 1] + cx[j]) / 2 - rule / 2;
				ov_mitem_rule(c, xx, -bottom, rule, top + bottom);
			}
	/* centred on the axis */
	double axis = ov_mconst(c, OV_MC_AXIS_HEIGHT, s);
	double total = top + bottom;
	double shift = axis + total / 2 - top;
	r.first = rfirst[0];
	r.end = c->count;
	ov_mbox_shift(c, &r, 0, shift);
	r.w = width;
	r.h = top + shift;
	r.d = bottom - shift;
	if (keep_rows && (kind == OV_MARRAY_ALIGNED || kind == OV_MARRAY_GATHERED)) {
		c->rows = ov_arena_calloc(c->arena, rows, sizeof *c->rows);
		c->row_count = rows;
		for (size_t i = 0; i < rows; i++) {
			mbox *rb = &c->rows[i];
			*rb = ov_mbox_empty(c);
			rb->first = rfirst[i];
			rb->end = rfirst[i + 1];
			rb->w = width;
			rb->h = rh[i];
			rb->d = rd[i];
			rb->y = ry[i] + shift;
		}
		c->row_gap = 0.4 * em;
	}
	/* delimiters */
	if (n->u.array.left || n->u.array.right) {
		double need = ov_mdelim_need(c, r.h, r.d, s);
		r = ov_mbox_fence(c, r, n->u.array.left, n->u.array.right, need, s, n->off, n->off + n->len);
	}
	return r;
}
