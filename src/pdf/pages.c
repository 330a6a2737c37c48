/*
 * pages.c - the pages, in two steps. While the layout runs, each chapter's
 * pages are drawn (content.c) and compressed (flate.h) on the thread that
 * laid the chapter out, and their boxes freed, so that a long book is
 * never held in memory as boxes whole and the drawing runs on every core.
 * libharu is not thread-safe and is not called then. When the layout is
 * done, the pages are made with libharu in order, each with its chapter's
 * stream as it is, plus a small stream for the folio and running head,
 * which need the final page numbers (PDF 1.7 §7.8.2: a page's contents may
 * be an array of streams).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harufix.h"
#include "internal.h"

void ov_pdf_begin_drawing(void *ctx, int nthreads)
{
	ov_pdf_writer *w = ctx;
	const ov_book_fonts *f = ov_typeset_fonts(w->ts);
	ov_pdf_spaces_of(f, &w->spaces);
	w->nthreads = nthreads;
	w->threads = ov_xcalloc((size_t)nthreads, sizeof *w->threads);
	for (int t = 0; t < nthreads; t++) {
		w->threads[t].z = ov_deflater_new();
		w->threads[t].seen = ov_pdf_seen_new();
		ov_pdf_glyph_use_init(&w->threads[t].use, f);
	}
	ov_pdf_glyph_use_init(&w->use, f);
}

void ov_pdf_end_drawing(ov_pdf_writer *w)
{
	for (int t = 0; w->threads && t < w->nthreads; t++) {
		ov_deflater_free(w->threads[t].z);
		ov_pdf_seen_free(w->threads[t].seen);
		/* what the thread drew joins the whole (the merge keeps the least
		 * text of each glyph, so the order of the threads does not matter) */
		ov_pdf_glyph_use_merge(&w->use, &w->threads[t].use);
		ov_pdf_glyph_use_dispose(&w->threads[t].use);
		ov_buf_dispose(&w->threads[t].buf);
	}
	free(w->threads);
	w->threads = NULL;
}

void ov_pdf_draw_chapter(void *ctx, int thread, size_t chapter, ov_lpage *pages, size_t count)
{
	ov_pdf_writer *w = ctx;
	ov_pdf_drawer *t = &w->threads[thread];
	ov_pdf_drawn_chapter *dc = &w->chapters[chapter];
	dc->pages = ov_xcalloc(count ? count : 1, sizeof *dc->pages);
	dc->count = count;
	ov_pdf_tag_state st = {0}; /* a chapter's elements go on from page to page */
	for (size_t i = 0; i < count; i++) {
		ov_lpage *lp = &pages[i];
		ov_pdf_drawn_page *dp = &dc->pages[i];
		ov_buf_clear(&t->buf);
		ov_pdf_draw_page_tagged(w->doc, lp, w->doc->meta.page.height, &w->spaces, &dp->res, &t->use, t->seen,
		                        &t->buf, &st, &dp->tags);
		dp->tags.nfirst = dp->tags.nlinks;
		ov_deflater_run(t->z, (const unsigned char *)t->buf.ptr, t->buf.len, &dp->z, &dp->zlen);
		for (size_t b = 0; b < lp->count; b++)
			if (lp->boxes[b].kind == OV_BOX_LINK) {
				dp->links = ov_xrealloc(dp->links, (dp->nlinks + 1) * sizeof *dp->links);
				dp->links[dp->nlinks++] = lp->boxes[b];
			}
		free(lp->boxes);
		lp->boxes = NULL;
		lp->count = lp->cap = 0;
		lp->taken = true;
	}
}

void ov_pdf_free_drawn(ov_pdf_drawn_chapter *chapters, size_t n)
{
	for (size_t c = 0; c < n; c++) {
		for (size_t i = 0; i < chapters[c].count; i++) {
			free(chapters[c].pages[i].z);
			free(chapters[c].pages[i].res.images);
			free(chapters[c].pages[i].res.gstates);
			free(chapters[c].pages[i].links);
			ov_pdf_page_tags_dispose(&chapters[c].pages[i].tags);
		}
		free(chapters[c].pages);
	}
	free(chapters);
}

/* ---- glyphs drawn ---- */

void ov_pdf_glyph_use_init(ov_pdf_glyph_use *use, const ov_book_fonts *f)
{
	memset(use, 0, sizeof *use);
	use->set = f->set;
}

void ov_pdf_glyph_set_make(ov_pdf_glyph_set *gs, uint32_t n)
{
	gs->n = n;
	gs->cp = ov_xmalloc((n ? n : 1) * sizeof *gs->cp);
	for (uint32_t g = 0; g < n; g++)
		gs->cp[g] = OV_PDF_UNUSED;
}

void ov_pdf_glyph_use_dispose(ov_pdf_glyph_use *use)
{
	for (size_t k = 0; k < OV_FONTSET_MAX; k++) {
		free(use->font[k].cp);
		ov_strmap_dispose(&use->font[k].texts, free);
	}
	memset(use, 0, sizeof *use);
}

void ov_pdf_keep_least_text(ov_strmap *texts, const char *key, size_t klen, const char *s, size_t n)
{
	bool found;
	void **slot = ov_strmap_slot(texts, key, klen, &found);
	const char *old = *slot;
	size_t ol = found ? strlen(old) : 0;
	if (found && (n > ol || (n == ol && memcmp(s, old, n) >= 0)))
		return;
	char *t = ov_xmalloc(n + 1);
	memcpy(t, s, n);
	t[n] = 0;
	free(*slot);
	*slot = t;
}

void ov_pdf_glyph_use_merge(ov_pdf_glyph_use *to, const ov_pdf_glyph_use *from)
{
	for (size_t k = 0; k < OV_FONTSET_MAX; k++) {
		ov_pdf_glyph_set *t = &to->font[k];
		const ov_pdf_glyph_set *f = &from->font[k];
		if (!f->cp)
			continue;
		if (!t->cp)
			ov_pdf_glyph_set_make(t, f->n);
		for (uint32_t g = 0; g < t->n && g < f->n; g++) {
			uint32_t a = t->cp[g], b = f->cp[g];
			/* code points below both marks; among them the least */
			if (b < a)
				t->cp[g] = b;
		}
		size_t it = 0;
		const char *key;
		size_t klen;
		void *value;
		while (ov_strmap_next(&f->texts, &it, &key, &klen, &value))
			ov_pdf_keep_least_text(&t->texts, key, klen, value, strlen(value));
	}
}

/* The graphics states of the SVG images' alpha pairs (svgdraw.c), made
 * when a page first uses one, in the order pages use them. */
typedef struct {
	HPDF_Doc pdf;
	uint16_t *key;
	HPDF_ExtGState *gs;
	size_t count;
} gstates;

static HPDF_ExtGState gstate_for(gstates *g, uint16_t key)
{
	for (size_t i = 0; i < g->count; i++)
		if (g->key[i] == key)
			return g->gs[i];
	HPDF_ExtGState gs = HPDF_CreateExtGState(g->pdf);
	if (!gs)
		return NULL;
	HPDF_ExtGState_SetAlphaFill(gs, (HPDF_REAL)((key >> 8) / 255.0));
	HPDF_ExtGState_SetAlphaStroke(gs, (HPDF_REAL)((key & 255) / 255.0));
	g->key = ov_xrealloc(g->key, (g->count + 1) * sizeof *g->key);
	g->gs = ov_xrealloc(g->gs, (g->count + 1) * sizeof *g->gs);
	g->key[g->count] = key;
	g->gs[g->count++] = gs;
	return gs;
}

/* Registers on page the resources res holds from index (from faces, from
 * images, from graphics states) on, in order, checking that libharu names
 * them as drawn. */
static bool register_res(HPDF_Page page, const ov_pdf_res *res, int from_font, size_t from_image,
                         size_t from_gstate, HPDF_Font *font, HPDF_Image *images, gstates *gs)
{
	char want[24];
	for (int i = from_font; i < res->nfonts; i++) {
		if (!font[res->fonts[i]])
			return false;
		const char *name = HPDF_Page_GetLocalFontName(page, font[res->fonts[i]]);
		snprintf(want, sizeof want, "F%d", i + 1);
		if (!name || strcmp(name, want) != 0)
			return false;
	}
	for (size_t i = from_image; i < res->nimages; i++) {
		if (!images[res->images[i]])
			return false; /* it failed to load, which was reported */
		const char *name = HPDF_Page_GetXObjectName(page, images[res->images[i]]);
		snprintf(want, sizeof want, "X%zu", i + 1);
		if (!name || strcmp(name, want) != 0)
			return false;
	}
	for (size_t i = from_gstate; i < res->ngstates; i++) {
		HPDF_ExtGState g = gstate_for(gs, res->gstates[i]);
		const char *name = g ? HPDF_Page_GetExtGStateName(page, g) : NULL;
		snprintf(want, sizeof want, "E%zu", i + 1);
		if (!name || strcmp(name, want) != 0)
			return false;
	}
	return true;
}

/* The page's boxes (PDF 1.7 §14.11.2): the trim box is the page, W x H
 * at the origin, where the layout draws it; the bleed box and the media
 * box reach bleed further on every side (a media box need not start at
 * the origin), so that nothing drawn moves and links and destinations
 * keep their coordinates. PDF/X-4 wants a TrimBox on every page, within
 * the BleedBox, within the MediaBox. */
static void set_boxes(HPDF_Page page, double W, double H, double bleed)
{
	HPDF_Page_SetWidth(page, (HPDF_REAL)W);
	HPDF_Page_SetHeight(page, (HPDF_REAL)H);
	HPDF_Box trim = {0, 0, (HPDF_REAL)W, (HPDF_REAL)H};
	HPDF_Box media = {(HPDF_REAL)-bleed, (HPDF_REAL)-bleed, (HPDF_REAL)(W + bleed), (HPDF_REAL)(H + bleed)};
	if (bleed > 0)
		HPDF_Dict_Add(page, "MediaBox", HPDF_Box_Array_New(page->mmgr, media));
	HPDF_Dict_Add(page, "BleedBox", HPDF_Box_Array_New(page->mmgr, media));
	HPDF_Dict_Add(page, "TrimBox", HPDF_Box_Array_New(page->mmgr, trim));
}

/* Puts a compressed content stream into the page's current contents
 * dictionary as it is. */
static void put_flate_stream(HPDF_Page page, const unsigned char *z, size_t zlen)
{
	HPDF_PageAttr pa = (HPDF_PageAttr)page->attr;
	if (zlen)
		HPDF_Stream_Write(pa->stream, z, (HPDF_UINT)zlen);
	ov_haru_precompressed(pa->contents);
}

HPDF_Page *ov_pdf_add_pages(ov_pdf_writer *w, HPDF_Font *font, HPDF_Image *images)
{
	HPDF_Doc pdf = w->pdf;
	const ov_doc *doc = w->doc;
	const ov_layout *L = w->L;
	ov_pdf_haru_state *hs = &w->hs;
	double H = L->page_height;
	HPDF_Page *pages = ov_xcalloc(L->page_count + 1, sizeof *pages);
	ov_deflater *zd = ov_deflater_new();
	ov_buf content = OV_BUF_INIT;
	bool names_ok = true;
	gstates gs = {pdf, NULL, NULL, 0};
	ov_haru_reserve_objects(pdf, L->page_count * 3); /* a page, its contents, its resources */
	w->tags = ov_xcalloc(L->page_count + 1, sizeof *w->tags);
	ov_pdf_tag_state front = {0}; /* the pages drawn here: the front matter's elements go on */
	for (size_t p = 0; p < L->page_count && !hs->error; p++) {
		const ov_lpage *lp = &L->pages[p];
		HPDF_Page page = HPDF_AddPage(pdf);
		if (!page)
			break;
		pages[p] = page;
		set_boxes(page, L->page_width, H, doc->meta.theme.bleed);
		ov_pdf_res res = {{0}, 0, NULL, 0, NULL, 0, false};
		ov_pdf_drawn_page *dp = lp->taken ? &w->chapters[lp->part].pages[lp->part_page] : NULL;
		if (dp) {
			/* drawn with its chapter; what was added since (folio, running
			 * head) goes into a second stream */
			put_flate_stream(page, dp->z, dp->zlen);
			free(dp->z);
			dp->z = NULL;
			w->tags[p] = dp->tags;
			memset(&dp->tags, 0, sizeof dp->tags);
			names_ok = names_ok && register_res(page, &dp->res, 0, 0, 0, font, images, &gs);
			if (lp->count) {
				HPDF_Page_New_Content_Stream(page, NULL);
				ov_buf_clear(&content);
				int nf = dp->res.nfonts;
				size_t ni = dp->res.nimages, ng = dp->res.ngstates;
				ov_pdf_tag_state added = {0};
				ov_pdf_draw_page_tagged(doc, lp, H, &w->spaces, &dp->res, NULL, NULL, &content, &added, &w->tags[p]);
				names_ok = names_ok && register_res(page, &dp->res, nf, ni, ng, font, images, &gs);
				/* a folio and a running head: a hundred bytes or so, which
				 * deflate would not make smaller, so they stay as they are */
				HPDF_PageAttr pa = (HPDF_PageAttr)page->attr;
				HPDF_Stream_Write(pa->stream, (const HPDF_BYTE *)content.ptr, (HPDF_UINT)content.len);
				pa->contents->filter = HPDF_STREAM_FILTER_NONE;
			}
		} else {
			ov_buf_clear(&content);
			ov_pdf_draw_page_tagged(doc, lp, H, &w->spaces, &res, NULL, NULL, &content, &front, &w->tags[p]);
			unsigned char *z;
			size_t zlen;
			ov_deflater_run(zd, (const unsigned char *)content.ptr, content.len, &z, &zlen);
			put_flate_stream(page, z, zlen);
			free(z);
			names_ok = names_ok && register_res(page, &res, 0, 0, 0, font, images, &gs);
			free(res.images);
			free(res.gstates);
		}
		if ((dp ? dp->res.rgb : res.rgb) && !ov_pdfx_page_space(&w->x, page))
			names_ok = false;
	}
	ov_deflater_free(zd);
	ov_buf_dispose(&content);
	free(gs.key);
	free(gs.gs);
	if (!names_ok && !hs->error && !ov_diag_errors(doc->diag))
		hs->error = HPDF_INVALID_PARAMETER; /* a resource got another name than drawn: never expected */
	return pages;
}
