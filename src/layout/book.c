/*
 * book.c - the whole book. Each chapter is laid out on its own, its pages
 * numbered from 1, on up to nthreads threads (the longest chapters
 * first); the chapters are then joined in book order, so the result does
 * not depend on the number of threads. Then come the body's folios, the
 * front matter (whose contents need the body's page numbers), and the
 * internal links, resolved once every anchor exists.
 */
#include "internal.h"

#include <stdlib.h>
#include <string.h>

#include "util/parallel.h"
#include "util/strmap.h"

/* A chapter laid out on its own, its pages numbered from 1: a chapter
 * opens on a right-hand page (two-sided) or on any page (one-sided), so
 * nothing on its pages depends on the chapters before it except the page
 * numbers, which the folios get after the chapters are joined. */
typedef struct {
	page_vec pages;
	ov_layout anchors;       /* only anchors and anchor_count are used */
	uint8_t *no_folio;       /* by page of the chapter */
	size_t no_folio_cap;
	ov_diag diag;            /* the chapter's problems, in order */
	uint32_t *missing;       /* characters reported missing, and where in diag */
	size_t *missing_rec;
	size_t missing_count;
	ov_layout_stats stats;
} chapter_part;

/* The chapters to lay out, and each thread's context (caches, arena). */
typedef struct {
	lay *c;                  /* one per thread */
	const ov_node **chapters;
	chapter_part *parts;
	ov_chapter_fn fn;        /* NULL: none */
	void *fn_ctx;
} book_work;

/* Chapters laid out together with ch: the sub-chapters after it (depth >
 * 0, not opening a part), which go on on its pages (summary part). */
static size_t run_length(const ov_node *ch)
{
	size_t n = 1;
	for (const ov_node *k = ch->next; k && k->as.chapter.depth > 0 && !k->as.chapter.part; k = k->next)
		n++;
	return n;
}

static void layout_part(lay *c, const ov_node *ch, chapter_part *part)
{
	ov_diag_init(&part->diag);
	c->diag = &part->diag;
	c->L = &part->anchors;
	c->pv = &part->pages;
	c->front = false;
	c->number = 0;
	c->page = NULL;
	c->size = c->ps->body_size;
	c->leading = c->ps->leading;
	c->indent_l = c->indent_r = 0;
	c->heading_pending = false;
	c->marker = NULL;
	c->gap_count = 0;
	c->float_count = 0;
	c->text_ended = false;
	c->end_kind = OV_PAGE_END_FULL;
	c->floated = NULL;
	c->stats = &part->stats;
	part->stats.chapter = ch;
	c->missing_count = 0;
	ov_strmap_dispose(&c->missing_set, NULL);
	if (ch->as.chapter.part && c->th->part_pages)
		lay_part_page(c, ch);
	lay_chapter(c, ch);
	const ov_node *sub = ch->next;
	for (size_t k = 1, n = run_length(ch); k < n; k++, sub = sub->next)
		lay_subchapter(c, sub);
	lay_finish_page(c); /* the last page: the chapter ends on it */
	part->no_folio = c->no_folio;
	part->no_folio_cap = c->no_folio_cap;
	c->no_folio = NULL;
	c->no_folio_cap = 0;
	part->missing_count = c->missing_count;
	if (c->missing_count) {
		part->missing = ov_xmalloc(c->missing_count * sizeof *part->missing);
		part->missing_rec = ov_xmalloc(c->missing_count * sizeof *part->missing_rec);
		memcpy(part->missing, c->missing, c->missing_count * sizeof *part->missing);
		memcpy(part->missing_rec, c->missing_rec, c->missing_count * sizeof *part->missing_rec);
	}
	free(c->anchor_front); /* body anchors only */
	c->anchor_front = NULL;
	c->stats = NULL;
	c->page = NULL;
}

static void layout_one(void *ctx, int thread, size_t i)
{
	book_work *w = ctx;
	chapter_part *part = &w->parts[i];
	layout_part(&w->c[thread], w->chapters[i], part);
	for (size_t k = 0; k < part->pages.count; k++) {
		part->pages.pages[k].part = (int)i;
		part->pages.pages[k].part_page = (int)k;
	}
	if (w->fn)
		w->fn(w->fn_ctx, thread, i, part->pages.pages, part->pages.count);
}

static void free_context(lay *c)
{
	free(c->no_folio);
	free(c->missing);
	free(c->missing_rec);
	ov_strmap_dispose(&c->missing_set, NULL);
	for (int i = 0; i < OV_FACE__COUNT; i++)
		ov_strmap_dispose(&c->measured[i], NULL);
	free(c->anchor_front);
	free(c->notes);
	free(c->queue);
	free(c->scratch.glyphs);
	free(c->gaps);
	free(c->floats);
}

/* Appends part, the chapter ch, to the body (main context c): a blank
 * left-hand page first when two-sided and the body ends on a right-hand
 * page; page numbers, folio flags and anchors moved by the pages before;
 * its problems reported, but a missing character only the first time. */
static void join_part(lay *c, page_vec *body, const ov_node *ch, chapter_part *part)
{
	if (c->ps->two_sided && body->count % 2 == 1) {
		ov_lpage blank;
		memset(&blank, 0, sizeof blank);
		blank.part = blank.part_page = -1;
		blank.number = (int)body->count + 1;
		blank.chapter = ch;
		lay_push_page(body, &blank);
		lay_set_no_folio(c, body->count - 1);
	}
	size_t off = body->count;
	for (size_t i = 0; i < part->pages.count; i++) {
		ov_lpage pg = part->pages.pages[i];
		pg.number += (int)off;
		pg.recto = c->ps->two_sided ? (pg.number % 2 == 1) : true;
		lay_push_page(body, &pg);
	}
	for (size_t i = 0; i < part->no_folio_cap; i++)
		if (part->no_folio[i])
			lay_set_page_flags(c, off + i, part->no_folio[i]);
	for (size_t i = 0; i < part->anchors.anchor_count; i++) {
		ov_anchor a = part->anchors.anchors[i];
		a.page += off;
		lay_push_anchor(c, a, false);
	}
	size_t m = 0;
	for (size_t r = 0; r < part->diag.count; r++) {
		const ov_diag_record *rec = &part->diag.records[r];
		if (m < part->missing_count && part->missing_rec[m] == r) {
			if (!lay_missing_first(c, part->missing[m++]))
				continue;
		}
		ov_diag_repeat(c->diag, rec);
	}
	ov_diag_dispose(&part->diag);
	free(part->pages.pages);
	free(part->anchors.anchors);
	ov_strmap_dispose(&part->anchors.anchor_ids, NULL);
	free(part->no_folio);
	free(part->missing);
	free(part->missing_rec);
}

ov_layout *ov_layout_book(const ov_doc *doc, const ov_metrics *m, const ov_hyphenator *hyph)
{
	return ov_layout_book_threads(doc, &m, &hyph, 1);
}

ov_layout *ov_layout_book_threads(const ov_doc *doc, const ov_metrics *const *m,
                                  const ov_hyphenator *const *hyph, int nthreads)
{
	return ov_layout_book_stream(doc, m, hyph, nthreads, NULL, NULL, NULL, NULL);
}

/* Bytes of text in a chapter: its layout time, roughly. */
static size_t chapter_weight(const ov_node *first)
{
	size_t w = 0;
	const ov_node *ch = first;
	for (size_t k = 0, runs = run_length(first); k < runs; k++, ch = ch->next) {
		const ov_node *n = ch;
		while (n) {
			w += n->len + 1;
			if (n->first) {
				n = n->first;
				continue;
			}
			while (n != ch && !n->next)
				n = n->parent;
			n = n == ch ? NULL : n->next;
		}
	}
	return w;
}

typedef struct {
	size_t index, weight;
} weighted;

static int heavier_first(const void *a, const void *b)
{
	const weighted *x = a, *y = b;
	if (x->weight != y->weight)
		return x->weight < y->weight ? 1 : -1;
	return x->index < y->index ? -1 : 1;
}

ov_layout *ov_layout_book_stream(const ov_doc *doc, const ov_metrics *const *m,
                                 const ov_hyphenator *const *hyph, int nthreads, ov_chapter_fn fn,
                                 void *ctx, ov_idle_fn idle, void *idle_ctx)
{
	ov_layout *L = ov_xcalloc(1, sizeof *L);
	ov_arena_init(&L->arena);
	L->page_width = doc->meta.page.width;
	L->page_height = doc->meta.page.height;
	L->toc_anchor = -1;
	page_vec body = {0}, front = {0};
	lay c = {0};
	c.doc = doc;
	c.arena = &L->arena;
	c.diag = doc->diag;
	c.m = m[0];
	c.hyph = hyph[0];
	c.L = L;
	c.ps = &doc->meta.page;
	c.th = &doc->meta.theme;
	c.size = c.ps->body_size;
	c.leading = c.ps->leading;

	/* body first: its page numbers feed the contents; the chapters are
	 * laid out apart, on up to nthreads threads, and joined in order, so
	 * the result does not depend on the number of threads */
	/* a part is a chapter and the sub-chapters that go on on its pages */
	size_t nch = 0;
	for (const ov_node *ch = doc->root->first; ch; ch = ch->next)
		nch++;
	const ov_node **chapters = ov_xcalloc(nch ? nch : 1, sizeof *chapters);
	nch = 0;
	for (const ov_node *ch = doc->root->first; ch;) {
		chapters[nch++] = ch;
		for (size_t k = run_length(ch); k-- && ch;)
			ch = ch->next;
	}
	chapter_part *parts = ov_xcalloc(nch ? nch : 1, sizeof *parts);
	if (nthreads < 1)
		nthreads = 1;
	if ((size_t)nthreads > nch)
		nthreads = nch ? (int)nch : 1;
	lay *tc = ov_xcalloc((size_t)nthreads, sizeof *tc);
	ov_arena *arenas = ov_xcalloc((size_t)nthreads, sizeof *arenas);
	for (int t = 0; t < nthreads; t++) {
		ov_arena_init(&arenas[t]);
		tc[t] = c;
		tc[t].arena = t == 0 ? &L->arena : &arenas[t];
		tc[t].m = m[t];
		tc[t].hyph = hyph[t];
	}
	/* the longest chapters first, so that the threads finish together
	 * (the order of work does not change the result: each chapter is laid
	 * out on its own and they are joined in book order) */
	weighted *by = ov_xcalloc(nch ? nch : 1, sizeof *by);
	size_t *order = ov_xcalloc(nch ? nch : 1, sizeof *order);
	for (size_t i = 0; i < nch; i++)
		by[i] = (weighted){i, nthreads > 1 ? chapter_weight(chapters[i]) : 0};
	qsort(by, nch, sizeof *by, heavier_first);
	for (size_t i = 0; i < nch; i++)
		order[i] = by[i].index;
	free(by);
	book_work w = {tc, chapters, parts, fn, ctx};
	ov_parallel_for_ex(nch, nthreads, layout_one, &w, order, idle, idle_ctx);
	free(order);
	L->stats = ov_xcalloc(nch ? nch : 1, sizeof *L->stats);
	for (size_t i = 0; i < nch; i++) {
		join_part(&c, &body, chapters[i], &parts[i]);
		L->stats[L->stats_count++] = parts[i].stats;
	}
	for (int t = 0; t < nthreads; t++) {
		ov_arena_adopt(&L->arena, &arenas[t]);
		free_context(&tc[t]);
	}
	free(tc);
	free(arenas);
	free(parts);
	free(chapters);

	c.pv = &body;
	c.front = false;
	c.stats = NULL;
	c.heading_pending = false;
	lay_add_folios(&c, body.count, 0);
	size_t body_anchors = L->anchor_count;

	free(c.no_folio);
	c.no_folio = NULL;
	c.no_folio_cap = 0;
	c.pv = &front;
	c.front = true;
	c.number = 0;
	c.page = NULL;
	c.chapter = NULL;
	lay_half_title(&c);
	lay_title_page(&c);
	size_t title_end = front.count;
	lay_copyright_page(&c);
	size_t copyright_end = front.count;
	lay_contents_pages(&c, &body, body_anchors);
	lay_add_folios(&c, front.count, 0);
	/* an even number of front pages keeps body page 1 on a right-hand page */
	if (c.ps->two_sided && front.count % 2)
		lay_new_page(&c);
	/* the EPUB document each front page has its counterpart in (doc/printpages.h) */
	for (size_t i = 0; i < front.count; i++)
		front.pages[i].front_doc = i < title_end       ? OV_FRONT_TITLE
		                           : i < copyright_end ? OV_FRONT_COPYRIGHT
		                                               : OV_FRONT_CONTENTS;

	/* assemble: front pages, then the body; anchors follow their pages */
	L->front_count = front.count;
	L->page_count = front.count + body.count;
	L->pages = ov_xcalloc(L->page_count ? L->page_count : 1, sizeof *L->pages);
	memcpy(L->pages, front.pages, front.count * sizeof *L->pages);
	if (body.count)
		memcpy(L->pages + front.count, body.pages, body.count * sizeof *L->pages);
	for (size_t i = 0; i < L->anchor_count; i++)
		if (!c.anchor_front[i])
			L->anchors[i].page += front.count;
	free(front.pages);
	free(body.pages);
	/* resolve internal links now that every anchor exists; the boxes of
	 * one link (a line each) share their target, looked up once (an id is
	 * hashed whole, and a heading's can be as long as the heading) */
	const ov_node *last_chapter = NULL;
	const char *last_id = NULL;
	int last_dest = -1;
	for (size_t p = 0; p < L->page_count; p++)
		for (size_t b = 0; b < L->pages[p].count; b++) {
			ov_box *bx = &L->pages[p].boxes[b];
			if (bx->kind != OV_BOX_LINK || bx->uri)
				continue;
			if (!last_id || bx->target_chapter != last_chapter || bx->target_id != last_id) {
				last_chapter = bx->target_chapter;
				last_id = bx->target_id;
				last_dest = ov_layout_find_anchor(L, last_chapter, last_id);
			}
			bx->dest = last_dest;
		}
	free_context(&c);
	return L;
}

void ov_layout_free(ov_layout *L)
{
	if (!L)
		return;
	for (size_t i = 0; i < L->page_count; i++)
		free(L->pages[i].boxes);
	free(L->pages);
	free(L->anchors);
	ov_strmap_dispose(&L->anchor_ids, NULL);
	free(L->stats);
	ov_arena_dispose(&L->arena);
	free(L);
}
