/*
 * nav.c - the ways around the PDF: link annotations without borders for
 * the link boxes (§12.5.6.5), internal ones to an explicit destination at
 * the anchor the layout placed (PDF 1.7 §12.3.2.2), written raw
 * (harufix.h) because books have them by the ten thousand, and external
 * ones as URI actions (§12.6.4.7), and the outline, three levels deep
 * (§12.3.3).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "harufix.h"
#include "internal.h"

/* Percent-encodes bytes outside the URI character set (RFC 3986 §2.1):
 * libharu writes the string byte for byte. */
static char *uri_escape(const char *s)
{
	ov_buf b = OV_BUF_INIT;
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if (*p <= 0x20 || *p >= 0x7F || *p == '"' || *p == '<' || *p == '>' || *p == '\\' ||
		    *p == '^' || *p == '`' || *p == '{' || *p == '|' || *p == '}' || *p == '(' || *p == ')')
			ov_buf_printf(&b, "%%%02X", *p);
		else
			ov_buf_putc(&b, (char)*p);
	}
	return ov_buf_detach(&b);
}

/* An explicit /XYZ destination that keeps the reader's zoom (null zoom,
 * PDF 1.7 §12.3.2.2 table 151); libharu's own SetXYZ refuses zoom 0. */
static HPDF_Destination make_dest(HPDF_Doc pdf, HPDF_Page page, double left, double top)
{
	HPDF_Destination d = HPDF_Page_CreateDestination(page);
	if (!d)
		return NULL;
	HPDF_Array_Clear(d);
	HPDF_Array_Add(d, page);
	HPDF_Array_AddName(d, "XYZ");
	HPDF_Array_AddReal(d, (HPDF_REAL)left);
	HPDF_Array_AddReal(d, (HPDF_REAL)top);
	HPDF_Array_Add(d, HPDF_Null_New(pdf->mmgr));
	return d;
}

/* Longest outline entry, bytes (labelled entries were cut to this size
 * before). */
#define OUTLINE_MAX 1023

/* Where anchor a is: the top of its line, 2 pt above, at the left edge. */
static double anchor_top(const ov_layout *L, const ov_anchor *a) { return L->page_height - a->y + 2; }

/* The outline's destination for anchor i, made once (dests[i]), or NULL
 * when the anchor is on no page. */
static HPDF_Destination dest_of(HPDF_Doc pdf, const ov_layout *L, HPDF_Page *pages, HPDF_Destination *dests,
                                size_t i)
{
	const ov_anchor *a = &L->anchors[i];
	if (!dests[i] && a->page < L->page_count)
		dests[i] = make_dest(pdf, pages[a->page], 0, anchor_top(L, a));
	return dests[i];
}

/* Whether UTF-8 s has a character above U+FFFF (a four-byte sequence). */
static bool beyond_bmp(const char *s)
{
	for (; *s; s++)
		if ((unsigned char)*s >= 0xF0)
			return true;
	return false;
}

static void add_outline(HPDF_Doc pdf, const ov_doc *doc, const ov_layout *L, HPDF_Page *pages)
{
	/* the outline's destinations are libharu's (one object per anchor it
	 * names, shared by the entries); the links write theirs inline */
	HPDF_Destination *dests = ov_xcalloc(L->anchor_count + 1, sizeof *dests);
	HPDF_Encoder utf8 = HPDF_GetEncoder(pdf, "UTF-8");
	/* levels 1-3, and 4 for a part's subsections (a part nests its chapters) */
	HPDF_Outline parents[5] = {NULL, NULL, NULL, NULL, NULL};
	if (L->toc_anchor >= 0) {
		HPDF_Outline o = HPDF_CreateOutline(pdf, NULL, "Contents", utf8);
		HPDF_Destination d = dest_of(pdf, L, pages, dests, (size_t)L->toc_anchor);
		if (o && d)
			HPDF_Outline_SetDestination(o, d);
	}
	for (size_t i = 0; i < doc->toc_count; i++) {
		const ov_toc_entry *e = &doc->toc[i];
		int a = ov_layout_find_anchor(L, e->chapter, e->anchor);
		if (a < 0)
			continue;
		int nest = e->nest ? e->nest : e->level, deepest = nest > e->level ? 4 : 3;
		int lvl = nest < 1 ? 1 : nest > deepest ? deepest : nest;
		HPDF_Outline parent = lvl > 1 ? parents[lvl - 1] : NULL;
		if (lvl > 1 && !parent)
			parent = parents[1];
		ov_buf t = OV_BUF_INIT;
		if (e->label)
			ov_buf_printf(&t, "%s. %s", e->label, e->title);
		char *copy;
		const char *title = ov_pdf_clipped(e->label ? ov_buf_cstr(&t) : e->title, OUTLINE_MAX, &copy);
		HPDF_Outline o = HPDF_CreateOutline(pdf, parent, title, utf8);
		/* a title with characters above U+FFFF (a formula's math letters:
		 * ov_math_plain) written as UTF-16 with surrogates */
		if (o && beyond_bmp(title))
			ov_haru_set_text(o, "Title", title, strlen(title));
		free(copy);
		ov_buf_dispose(&t);
		HPDF_Destination d = dest_of(pdf, L, pages, dests, (size_t)a);
		if (!o || !d)
			continue;
		HPDF_Outline_SetDestination(o, d);
		HPDF_Outline_SetOpened(o, HPDF_FALSE);
		parents[lvl] = o;
		for (int k = lvl + 1; k < 5; k++)
			parents[k] = NULL;
	}
	free(dests);
}

/* An internal link annotation without border (PDF 1.7 §12.5.6.5) on
 * page, over r, to the /XYZ destination (§12.3.2.2) of anchor a, written
 * raw (harufix.h): a book has them by the ten thousand (a footnote's
 * reference and its way back, cross-references). */
static HPDF_Dict add_internal_link(HPDF_Doc pdf, HPDF_Page page, const HPDF_Rect *r, const ov_layout *L,
                                   HPDF_Page *pages, const ov_anchor *a, ov_buf *body, int key, const char *text)
{
	ov_buf_clear(body);
	ov_buf_puts(body, "/Type /Annot\n/Subtype /Link\n/Rect [");
	const double v[4] = {r->left, r->bottom, r->right, r->top};
	for (int k = 0; k < 4; k++) {
		if (k)
			ov_buf_putc(body, ' ');
		ov_pdf_put_real(body, v[k], 2);
	}
	/* no border: viewers would draw a 1 pt box (libraries.md §1.3) */
	ov_buf_puts(body, "]\n/Border [0 0 0]\n/Dest [");
	ov_pdf_put_real(body, (double)ov_haru_object_number(pages[a->page]), 2);
	ov_buf_puts(body, " 0 R /XYZ 0 ");
	ov_pdf_put_real(body, anchor_top(L, a), 2);
	ov_buf_puts(body, " null]\n");
	if (key >= 0) {
		/* its Link element's (PDF 1.7 §14.7.4.4), and the text it stands
		 * over as its description (PDF/UA-1 7.18.5) */
		ov_buf_puts(body, "/StructParent ");
		ov_pdf_put_real(body, key, 1);
		ov_buf_puts(body, "\n/Contents ");
		ov_pdf_put_text_string(body, text ? text : "", text ? strlen(text) : 0);
		ov_buf_putc(body, '\n');
	}
	HPDF_Dict an = ov_haru_raw_dict(pdf, body->ptr, body->len);
	if (an)
		ov_haru_page_add_annot(page, an);
	return an;
}

/* Records annotation an of link tag lt on page p for the structure tree
 * (tags.c), under key. */
static void record_annot(ov_pdf_writer *w, HPDF_Dict an, size_t p, ov_pdf_link_tag *lt, int key)
{
	if (!an || !lt)
		return;
	if (w->nannots == w->capannots) {
		w->capannots = w->capannots ? w->capannots * 2 : 64;
		w->annots = ov_xrealloc(w->annots, w->capannots * sizeof *w->annots);
	}
	lt->annot = (int)w->nannots;
	w->annots[w->nannots++] = (ov_pdf_annot){ov_haru_object_number(an), p, key};
}

void ov_pdf_add_navigation(ov_pdf_writer *w, HPDF_Page *pages)
{
	HPDF_Doc pdf = w->pdf;
	const ov_doc *doc = w->doc;
	const ov_layout *L = w->L;
	ov_pdf_haru_state *hs = &w->hs;
	double H = L->page_height;
	ov_buf body = OV_BUF_INIT; /* a raw annotation */
	/* an annotation per link box, and outline entries */
	size_t objects = doc->toc_count + 1;
	for (size_t p = 0; p < L->page_count; p++) {
		const ov_lpage *lp = &L->pages[p];
		objects += lp->taken ? w->chapters[lp->part].pages[lp->part_page].nlinks : 0;
		for (size_t i = 0; i < lp->count; i++)
			objects += lp->boxes[i].kind == OV_BOX_LINK;
	}
	ov_haru_reserve_objects(pdf, objects);
	/* A link set on many lines gets an annotation on each, which used to
	 * carry its own copy of the URI: a 60 KB URL set on 1,000 lines put
	 * 60 MB in the file. From the third annotation of a link on (the
	 * boxes of a link follow each other), they share one action when the
	 * URI is longer than 256 bytes (shorter copies cost less than the
	 * action's object, and keep the files of ordinary books as they
	 * were). A URI
	 * longer than a PDF string can be (libharu refused it and with it the
	 * whole book) gets no annotation. */
	const char *uri = NULL;  /* the link of the last URI box */
	char *uri_esc = NULL;    /* uri escaped */
	size_t uri_len = 0, uri_uses = 0;
	HPDF_Dict uri_action = NULL;
	bool uri_safe = false;
	/* the target of the last internal link resolved here: the boxes of one
	 * link (a line each) look it up once */
	const ov_node *last_chapter = NULL;
	const char *last_id = NULL;
	int last_dest = -1;
	for (size_t p = 0; p < L->page_count && !hs->error; p++) {
		const ov_lpage *lp = &L->pages[p];
		const ov_pdf_drawn_page *dp = lp->taken ? &w->chapters[lp->part].pages[lp->part_page] : NULL;
		size_t nb = lp->count + (dp ? dp->nlinks : 0);
		ov_pdf_page_tags *pt = w->tags ? &w->tags[p] : NULL;
		size_t added = 0; /* link boxes of lp->boxes so far */
		for (size_t i = 0; i < nb; i++) {
			ov_box lb = i < lp->count ? lp->boxes[i] : dp->links[i - lp->count];
			const ov_box *b = &lb;
			if (b->kind != OV_BOX_LINK)
				continue;
			/* its tag: the links drawn with the chapter come first in
			 * pt, then those added (in lp->boxes, which come first here) */
			size_t li = i < lp->count ? pt->nfirst + added++ : i - lp->count;
			ov_pdf_link_tag *lt = pt && li < pt->nlinks ? &pt->links[li] : NULL;
			int key = lt ? (int)(L->page_count + w->nannots) : -1;
			if (i >= lp->count && !b->uri) { /* taken with the page: resolved here */
				if (!last_id || b->target_chapter != last_chapter || b->target_id != last_id) {
					last_chapter = b->target_chapter;
					last_id = b->target_id;
					last_dest = ov_layout_find_anchor(L, last_chapter, last_id);
				}
				lb.dest = last_dest;
			}
			HPDF_Rect r = {(HPDF_REAL)b->x, (HPDF_REAL)(H - b->y - b->h), (HPDF_REAL)(b->x + b->w),
			               (HPDF_REAL)(H - b->y)};
			/* libharu refuses a number beyond its limits, and with it the
			 * whole book; such a box is far off the page anyway */
			if (!(r.left >= HPDF_LIMIT_MIN_REAL && r.bottom >= HPDF_LIMIT_MIN_REAL &&
			      r.right <= HPDF_LIMIT_MAX_REAL && r.top <= HPDF_LIMIT_MAX_REAL))
				continue;
			HPDF_Annotation an = NULL;
			if (b->uri) {
				if (b->uri != uri) {
					free(uri_esc);
					uri = b->uri;
					uri_esc = uri_escape(uri);
					uri_len = strlen(uri_esc);
					uri_uses = 0;
					uri_action = NULL;
					/* the passes made only safe URIs; checked again where
					 * the action is written, as a path here would be opened
					 * by viewers as a local file or network share */
					uri_safe = ov_url_is_safe(uri);
					if (uri_len > HPDF_LIMIT_MAX_STRING_LEN)
						ov_diag_warning(doc->diag, (ov_pos){0, 0, 0},
						                "the link to '%.40s...' is longer than a PDF link can be (%zu bytes); "
						                "its text is set without the link",
						                uri_esc, uri_len);
				}
				if (!uri_safe || uri_len > HPDF_LIMIT_MAX_STRING_LEN) {
					an = NULL;
				} else if (++uri_uses <= 2 || uri_len <= 256) {
					an = HPDF_Page_CreateURILinkAnnot(pages[p], r, uri_esc);
				} else {
					if (!uri_action)
						uri_action = ov_haru_uri_action(pdf, uri_esc);
					/* made with a stand-in, replaced at once */
					an = HPDF_Page_CreateURILinkAnnot(pages[p], r, "#");
					if (an && uri_action)
						ov_haru_share_action(an, uri_action);
				}
			} else if (b->dest >= 0 && (size_t)b->dest < L->anchor_count &&
			           L->anchors[b->dest].page < L->page_count) {
				record_annot(w, add_internal_link(pdf, pages[p], &r, L, pages, &L->anchors[b->dest], &body, key,
				                                  lt ? lt->text : NULL),
				             p, lt, key);
			}
			/* no border: viewers would draw a 1 pt box (libraries.md §1.3) */
			if (an)
				HPDF_LinkAnnot_SetBorderStyle(an, 0, 0, 0);
			if (an && lt) {
				HPDF_Dict_AddNumber(an, "StructParent", key);
				const char *text = lt->text && *lt->text ? lt->text : b->uri;
				ov_haru_set_text(an, "Contents", text, strlen(text));
				record_annot(w, an, p, lt, key);
			}
		}
	}
	free(uri_esc);
	ov_buf_dispose(&body);
	if (!hs->error)
		add_outline(pdf, doc, L, pages);
	HPDF_SetPageMode(pdf, HPDF_PAGE_MODE_USE_OUTLINE);
}
