/*
 * display.c - lines set ragged by design: display type (chapter titles,
 * headings, captions) broken into balanced lines, and hanging
 * paragraphs (glossary entries, lists of references) whose later lines
 * are indented. Both are filled greedily, never hyphenated, and are not
 * justified text: the layout report does not count them.
 */
#include "internal.h"

#include <stdlib.h>

static void push_line(line_vec *lv, line l)
{
	if (lv->count == lv->cap) {
		lv->cap = lv->cap ? lv->cap * 2 : 8;
		lv->v = ov_xrealloc(lv->v, lv->cap * sizeof *lv->v);
	}
	lv->v[lv->count++] = l;
}

/* Greedy filling as lay_break_lines does it, the first line first wide and
 * the others rest wide; *widest gets the widest line's natural width. */
static void fill(const piece_vec *pv, double first, double rest, line_vec *lv, double *widest)
{
	size_t i = 0;
	*widest = 0;
	while (i < pv->count) {
		double width = lv->count ? rest : first;
		line l = {i, i, 0, 0, false, false, 0, false, false};
		double w = 0;
		int gaps = 0;
		size_t j = i;
		while (j < pv->count) {
			/* the word starting at j runs to the next break opportunity
			 * (a tie's space inside it) */
			size_t e = j + 1;
			double ww = pv->v[j].width;
			while (e < pv->count && !pv->v[e].can_break) {
				ww += pv->v[e].space + pv->v[e].width;
				gaps += pv->v[e].space > 0;
				e++;
			}
			double sp = j > i ? pv->v[j].space : 0;
			if (j > i && (pv->v[j].hard_break || w + sp + ww > width + 0.001))
				break;
			w += sp + ww;
			if (j > i && pv->v[j].space > 0)
				gaps++;
			j = e;
		}
		l.end = j;
		l.natural = w;
		l.gaps = gaps;
		l.last = j >= pv->count || pv->v[j].hard_break;
		if (w > *widest)
			*widest = w;
		push_line(lv, l);
		i = j;
	}
}

/* Balanced breaks (as CSS's text-wrap: balance): as many lines as greedy
 * filling at width gives, on the narrowest measure that still gives that
 * many, found by bisection; the lines are then as even as greedy filling
 * can make them, and the last one holds more than a word whenever the
 * others can give one up ("What Machine Learning / Engineers Do", not
 * "What Machine Learning Engineers / Do"). A title with a hard break
 * keeps its lines. */
static void balance(const piece_vec *pv, double width, line_vec *lv)
{
	double widest;
	fill(pv, width, width, lv, &widest);
	if (lv->count < 2)
		return;
	for (size_t k = 0; k + 1 < lv->count; k++)
		if (lv->v[k].last)
			return;
	size_t n = lv->count;
	double lo = widest / (double)n, hi = widest;
	line_vec t = {0};
	for (int step = 0; step < 24 && hi - lo > 0.25; step++) {
		double mid = (lo + hi) / 2, w;
		t.count = 0;
		fill(pv, mid, mid, &t, &w);
		if (t.count <= n && w <= mid + 0.001)
			hi = mid;
		else
			lo = mid;
	}
	t.count = 0;
	fill(pv, hi, hi, &t, &widest);
	if (t.count == n) {
		free(lv->v);
		*lv = t;
	} else {
		free(t.v);
	}
}

void lay_break_display(const piece_vec *pv, double width, double hang, line_vec *lv)
{
	double widest;
	if (hang > 0)
		fill(pv, width, width - hang, lv, &widest);
	else
		balance(pv, width, lv);
}
