/*
 * display.c - lines set ragged by design: display type (chapter titles,
 * headings, captions) broken into balanced lines, and hanging
 * paragraphs (glossary entries, lists of references) whose later lines
 * are indented. Both are filled greedily, never hyphenated, and are not
 * justified text: the layout report does not count them.
 */
#include "internal.h"

#include <stdlib.h>

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
	lay_fill_lines(pv, width, width, lv, &widest);
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
		lay_fill_lines(pv, mid, mid, &t, &w);
		if (t.count <= n && w <= mid + 0.001)
			hi = mid;
		else
			lo = mid;
	}
	t.count = 0;
	lay_fill_lines(pv, hi, hi, &t, &widest);
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
		lay_fill_lines(pv, width, width - hang, lv, &widest);
	else
		balance(pv, width, lv);
}
