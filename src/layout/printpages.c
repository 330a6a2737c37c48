/*
 * printpages.c - where each page of the layout begins, as plain data for
 * the EPUB's page list (doc/printpages.h; README "Print page numbers in
 * the EPUB"). The page builder records each body page's first word,
 * figure, table row, code line or formula as it places them
 * (lay_mark_start); this reads them off the finished pages.
 */
#include <stdio.h>
#include <string.h>

#include "internal.h"
#include "util/arena.h"

void ov_layout_print_pages(const ov_layout *L, const ov_doc *doc, ov_print_pages *out)
{
	memset(out, 0, sizeof *out);
	snprintf(out->source, sizeof out->source, "PDF, %s",
	         doc->meta.page.name ? doc->meta.page.name : "print");
	if (!L || !L->page_count)
		return;
	out->v = ov_xcalloc(L->page_count, sizeof *out->v);
	out->count = L->page_count;
	for (size_t i = 0; i < L->page_count; i++) {
		const ov_lpage *pg = &L->pages[i];
		ov_print_page *p = &out->v[i];
		if (pg->front) {
			lay_roman(pg->number, p->label, sizeof p->label);
			p->front = pg->front_doc ? (ov_front_doc)pg->front_doc : OV_FRONT_CONTENTS;
			continue;
		}
		snprintf(p->label, sizeof p->label, "%d", pg->number);
		p->chapter = pg->chapter;
		p->node = pg->start;
		p->off = pg->start_off;
		if (!pg->started && pg->first_float) {
			p->node = pg->first_float; /* a page of figures only */
			p->off = 0;
		} else if (!pg->started && i > 0 && out->v[i - 1].chapter == pg->chapter) {
			/* nothing began it (a page of floats only, a blank page at a
			 * chapter's end): where the page before began, which keeps
			 * the markers in order */
			p->node = out->v[i - 1].node;
			p->off = out->v[i - 1].off;
		}
	}
}
