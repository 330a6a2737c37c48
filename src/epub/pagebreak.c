/*
 * pagebreak.c - the print edition's pages in the EPUB (README "Print page
 * numbers in the EPUB"): page-break markers where the PDF's pages begin,
 * the page-list nav, the NCX pageList and the metadata naming the edition.
 *
 * The EPUB's documents are made while the PDF is still being laid out
 * (cli/main.c runs both on their own threads), so the markers cannot be
 * written with the text: the chapter writer records where each node's
 * markup begins in its document (ov_epub_mark), and once the layout has
 * said where its pages begin (doc/printpages.h) the markers are spliced
 * in at those places, before the archive is compressed.
 *
 * A marker is an empty span (EPUB 3.3 §D.4.1, the epub:type "pagebreak"
 * of the Structural Semantics Vocabulary; DPUB-ARIA 1.1 "doc-pagebreak",
 * whose name comes from the author: aria-label, the printed folio, which
 * Ace's pagebreak-label rule asks for). It goes before the word a page
 * begins with (inside a paragraph, between two words; the whole of a
 * word hyphenated across the break), before a block the page begins with
 * (a paragraph, heading, figure, table, display formula), or before the
 * code line a page goes on with; a page of a chapter's opening, or a
 * blank page before it, at the chapter's start. The front matter's pages
 * go at the top of their EPUB counterparts: the half title and title
 * page's in the title page, the copyright page's in the copyright page,
 * the contents' in the navigation document.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "util/arena.h"

typedef struct {
	const ov_node *n;
	uint32_t off;  /* byte of n->text (code lines), 0 for the node's start */
	size_t pos;    /* byte of the document where n's markup begins */
} mark_rec;

struct ov_epub_marks {
	mark_rec *v;
	size_t count, cap;
	size_t start; /* where the chapter's content begins */
};

ov_epub_marks *ov_epub_marks_new(void) { return ov_xcalloc(1, sizeof(ov_epub_marks)); }

void ov_epub_marks_free(ov_epub_marks *m)
{
	if (!m)
		return;
	free(m->v);
	free(m);
}

void ov_epub_mark(ov_epub_marks *m, const ov_node *n, size_t off, size_t pos)
{
	if (m->count == m->cap) {
		m->cap = m->cap ? m->cap * 2 : 256;
		m->v = ov_xrealloc(m->v, m->cap * sizeof *m->v);
	}
	m->v[m->count++] = (mark_rec){n, (uint32_t)off, pos};
}

void ov_epub_mark_start(ov_epub_marks *m, size_t pos) { m->start = pos; }

void ov_epub_code_text(ov_buf *b, ov_epub_marks *m, const ov_node *n, size_t at, size_t len)
{
	if (!m) {
		ov_xml_escape(b, n->text + at, len);
		return;
	}
	const char *s = n->text + at, *end = s + len;
	while (s < end) {
		const char *nl = memchr(s, '\n', (size_t)(end - s));
		const char *stop = nl ? nl + 1 : end;
		ov_xml_escape(b, s, (size_t)(stop - s));
		if (nl)
			ov_epub_mark(m, n, (size_t)(stop - n->text), b->len);
		s = stop;
	}
}

/* Inline containers a word at their start may be hoisted out of, and the
 * blocks whose first word is their start. */
static bool hoists(const ov_node *n)
{
	switch (n->type) {
	case OV_NODE_EMPH:
	case OV_NODE_STRONG:
	case OV_NODE_STRIKE:
	case OV_NODE_LINK:
	case OV_NODE_SUP:
	case OV_NODE_SUB:
	case OV_NODE_HEADING:
		return true;
	case OV_NODE_PARAGRAPH: /* not a figure's caption: the figure begins there */
		return !n->parent || n->parent->type != OV_NODE_FIGURE;
	default:
		return false;
	}
}

/* The record of (n, off), exactly, or NULL; from *at on first (the pages
 * come in reading order), then from the top. */
static const mark_rec *find(const ov_epub_marks *m, const ov_node *n, size_t off, size_t *at)
{
	for (size_t pass = 0; pass < 2; pass++) {
		size_t from = pass ? 0 : *at, to = pass ? *at : m->count;
		for (size_t i = from; i < to; i++)
			if (m->v[i].n == n && m->v[i].off == off) {
				*at = i;
				return &m->v[i];
			}
	}
	return NULL;
}

/* Where page p's marker goes in its chapter's document, or SIZE_MAX when
 * the document has no place for it (its node was not written). A word
 * inside a text node: the node's start plus its escaped text before the
 * word (xhtml.c writes a text node as ov_xml_escape of its text). */
static size_t place(const ov_epub_marks *m, const ov_print_page *p, size_t *at, ov_buf *scratch)
{
	const ov_node *n = p->node;
	if (!n)
		return m->start;
	size_t off = p->off;
	if (off == 0)
		while (n->parent && n->parent->first == n && hoists(n->parent))
			n = n->parent;
	const mark_rec *r = find(m, n, off, at);
	if (r)
		return r->pos;
	if (n->type == OV_NODE_CODE_BLOCK)
		return SIZE_MAX; /* a line start not written as such */
	r = find(m, n, 0, at);
	if (!r || !n->text || off > n->len)
		return r ? r->pos : SIZE_MAX;
	scratch->len = 0;
	ov_xml_escape(scratch, n->text, off);
	/* inline code is written inside <code> (xhtml.c) */
	return r->pos + scratch->len + (n->type == OV_NODE_CODE ? strlen("<code>") : 0);
}

static void marker(ov_buf *b, const char *label)
{
	ov_buf_puts(b, "<span epub:type=\"pagebreak\" role=\"doc-pagebreak\" id=\"Page-");
	ov_epub_esc(b, label);
	ov_buf_puts(b, "\" aria-label=\"");
	ov_epub_esc(b, label);
	ov_buf_puts(b, "\"></span>");
}

/* data[0..len) with a marker for each page of pg[0..n) at pos[i]
 * (non-decreasing), in a new malloc'ed buffer of *out_len bytes. */
static char *splice(const char *data, size_t len, const ov_print_page *const *pg, const size_t *pos, size_t n,
                    size_t *out_len)
{
	ov_buf b = OV_BUF_INIT;
	size_t at = 0;
	for (size_t i = 0; i < n; i++) {
		size_t p = pos[i] > len ? len : pos[i];
		ov_buf_put(&b, data + at, p - at);
		at = p;
		marker(&b, pg[i]->label);
	}
	ov_buf_put(&b, data + at, len - at);
	*out_len = b.len;
	return ov_buf_detach(&b);
}

char *ov_epub_pagebreaks_chapter(const char *data, size_t len, const ov_epub_marks *m, const ov_node *ch,
                                 const ov_print_pages *pp, size_t *out_len)
{
	size_t n = 0;
	for (size_t i = 0; i < pp->count; i++)
		n += pp->v[i].chapter == ch;
	if (!n)
		return NULL;
	const ov_print_page **pg = ov_xmalloc(n * sizeof *pg);
	size_t *pos = ov_xmalloc(n * sizeof *pos);
	ov_buf scratch = OV_BUF_INIT;
	size_t k = 0, at = 0, last = m->start;
	for (size_t i = 0; i < pp->count; i++) {
		if (pp->v[i].chapter != ch)
			continue;
		size_t p = place(m, &pp->v[i], &at, &scratch);
		/* a place before the page before's (a figure that floated
		 * past text of the page before), or none: where the page before
		 * begins, so that the markers stay in the order of the pages */
		if (p == SIZE_MAX || p < last)
			p = last;
		pg[k] = &pp->v[i];
		pos[k++] = last = p;
	}
	char *out = splice(data, len, pg, pos, n, out_len);
	ov_buf_dispose(&scratch);
	free(pg);
	free(pos);
	return out;
}

char *ov_epub_pagebreaks_front(const char *data, size_t len, ov_front_doc kind, const ov_print_pages *pp,
                               size_t *out_len)
{
	size_t n = 0;
	for (size_t i = 0; i < pp->count; i++)
		n += !pp->v[i].chapter && pp->v[i].front == kind;
	const char *body = strstr(data, "<body");
	const char *gt = body ? strchr(body, '>') : NULL;
	if (!n || !gt)
		return NULL;
	const ov_print_page **pg = ov_xmalloc(n * sizeof *pg);
	size_t *pos = ov_xmalloc(n * sizeof *pos);
	size_t k = 0;
	for (size_t i = 0; i < pp->count; i++)
		if (!pp->v[i].chapter && pp->v[i].front == kind) {
			pg[k] = &pp->v[i];
			pos[k++] = (size_t)(gt + 1 - data);
		}
	char *out = splice(data, len, pg, pos, n, out_len);
	free(pg);
	free(pos);
	return out;
}

/* The document page p's marker is in. */
static const char *doc_of(const ov_print_page *p)
{
	if (p->chapter)
		return p->chapter->as.chapter.file;
	return p->front == OV_FRONT_TITLE ? OV_EPUB_TITLEPAGE
	       : p->front == OV_FRONT_COPYRIGHT ? OV_EPUB_COPYRIGHT
	                                         : OV_EPUB_NAV;
}

/* text with insert put before the last occurrence of tag, malloc'ed; NULL
 * when text has no tag. */
static char *insert_before(const char *data, size_t len, const char *tag, const ov_buf *insert, size_t *out_len)
{
	size_t tl = strlen(tag);
	const char *at = NULL;
	for (size_t i = len >= tl ? len - tl + 1 : 0; i-- > 0;)
		if (memcmp(data + i, tag, tl) == 0) {
			at = data + i;
			break;
		}
	if (!at)
		return NULL;
	ov_buf b = OV_BUF_INIT;
	ov_buf_put(&b, data, (size_t)(at - data));
	ov_buf_put(&b, insert->ptr ? insert->ptr : "", insert->len);
	ov_buf_put(&b, at, len - (size_t)(at - data));
	*out_len = b.len;
	return ov_buf_detach(&b);
}

char *ov_epub_page_list_nav(const char *data, size_t len, const ov_print_pages *pp, size_t *out_len)
{
	/* EPUB 3.3 §7.4.2.2 (page-list nav: one ol of links to the
	 * markers), hidden from the reading order (§7.4.2.4); DPUB-ARIA
	 * doc-pagelist */
	ov_buf b = OV_BUF_INIT;
	ov_buf_puts(&b, "<nav epub:type=\"page-list\" role=\"doc-pagelist\" id=\"page-list\" "
	                "aria-label=\"Print pages\" hidden=\"hidden\">\n<ol>\n");
	for (size_t i = 0; i < pp->count; i++) {
		ov_buf_puts(&b, "<li><a href=\"");
		ov_epub_esc(&b, doc_of(&pp->v[i]));
		ov_buf_puts(&b, "#Page-");
		ov_epub_esc(&b, pp->v[i].label);
		ov_buf_puts(&b, "\">");
		ov_epub_esc(&b, pp->v[i].label);
		ov_buf_puts(&b, "</a></li>\n");
	}
	ov_buf_puts(&b, "</ol>\n</nav>\n");
	char *out = insert_before(data, len, "</body>", &b, out_len);
	ov_buf_dispose(&b);
	return out;
}

char *ov_epub_page_list_ncx(const char *data, size_t len, const ov_print_pages *pp, size_t *out_len)
{
	/* NCX (ANSI/NISO Z39.86-2005 §8.4.2): a pageTarget per page; its
	 * playOrder follows the navMap's, each target a value of its own */
	size_t order = 0;
	for (const char *s = data; (s = strstr(s, "playOrder=\"")); s++)
		order++;
	ov_buf b = OV_BUF_INIT;
	ov_buf_puts(&b, "<pageList>\n<navLabel><text>Print pages</text></navLabel>\n");
	for (size_t i = 0; i < pp->count; i++) {
		const ov_print_page *p = &pp->v[i];
		ov_buf_printf(&b, "<pageTarget id=\"pt-%zu\" type=\"%s\" ", i + 1, p->chapter ? "normal" : "front");
		if (p->chapter)
			ov_buf_printf(&b, "value=\"%s\" ", p->label);
		ov_buf_printf(&b, "playOrder=\"%zu\"><navLabel><text>", order + i + 1);
		ov_epub_esc(&b, p->label);
		ov_buf_puts(&b, "</text></navLabel><content src=\"");
		ov_epub_esc(&b, doc_of(p));
		ov_buf_puts(&b, "#Page-");
		ov_epub_esc(&b, p->label);
		ov_buf_puts(&b, "\"/></pageTarget>\n");
	}
	ov_buf_puts(&b, "</pageList>\n");
	char *out = insert_before(data, len, "</ncx>", &b, out_len);
	ov_buf_dispose(&b);
	return out;
}

char *ov_epub_page_list_meta(const char *data, size_t len, const ov_print_pages *pp, size_t *out_len)
{
	/* the edition the markers come from: dc:source refined by
	 * "source-of pagination" (EPUB 3.3 §D.3.8, which EPUBCheck 4 and 5
	 * know), and the Accessibility 1.1 features the page list gives
	 * (schema.org accessibilityFeature pageBreakMarkers, pageNavigation);
	 * "pageBreakSource" (W3C page source identification, not yet in
	 * EPUB 3.3) is left for when validators know it */
	ov_buf b = OV_BUF_INIT;
	ov_buf_puts(&b, "    <dc:source id=\"print-source\">");
	ov_epub_esc(&b, pp->source);
	ov_buf_puts(&b, "</dc:source>\n"
	                "    <meta refines=\"#print-source\" property=\"source-of\">pagination</meta>\n"
	                "    <meta property=\"schema:accessibilityFeature\">pageBreakMarkers</meta>\n"
	                "    <meta property=\"schema:accessibilityFeature\">pageNavigation</meta>\n");
	char *out = insert_before(data, len, "  </metadata>", &b, out_len);
	ov_buf_dispose(&b);
	return out;
}
