/*
 * front.c - the documents Octavo generates around the chapters: cover,
 * title page, copyright page, the EPUB navigation document (EPUB 3.3 §7)
 * and the NCX that EPUB 2 reading systems use instead (OPF 2.0.1 §2.4.1).
 */
#include <stdlib.h>
#include <string.h>

#include "doc/imprint.h"
#include "internal.h"

/* ---- shared helpers ---- */

/* "1. Title" (numbered chapter) or "Title": the label of a toc entry,
 * unescaped. */
static void toc_label(ov_buf *b, const ov_toc_entry *e)
{
	if (e->level == 1 && e->label)
		ov_buf_printf(b, "%s. ", e->label);
	ov_buf_puts(b, e->title ? e->title : "");
}

/* Levels of the toc entries as they nest (their nest: a part's chapters
 * under its title): a level never exceeds the one before it plus one (an
 * h3 right after a chapter nests as an h2 would).
 * Returns a malloc'ed array of doc->toc_count ints. */
static int *toc_levels(const ov_doc *doc)
{
	int *lv = ov_xcalloc(doc->toc_count ? doc->toc_count : 1, sizeof *lv);
	int prev = 0;
	for (size_t i = 0; i < doc->toc_count; i++) {
		int l = doc->toc[i].nest ? doc->toc[i].nest : doc->toc[i].level;
		if (l < 1)
			l = 1;
		if (l > prev + 1)
			l = prev + 1;
		lv[i] = l;
		prev = l;
	}
	return lv;
}

/* The href of a toc entry, relative to the publication folder. */
static void toc_href(ov_buf *b, const ov_toc_entry *e)
{
	const ov_node *ch = e->chapter;
	ov_epub_href(b, ch && ch->as.chapter.file ? ch->as.chapter.file : "");
	/* a chapter entry points at the file itself, sections at their id; a
	 * part's title (summary part) points at its first chapter's file and
	 * that chapter at its section element, so that no two entries name
	 * the same target (the NCX refuses it: RSC-005) and the nav stays in
	 * reading order (NAV-011) */
	bool opens_part = !e->part && ch && ch->as.chapter.part;
	if ((e->level > 1 || opens_part) && e->anchor) {
		ov_buf_putc(b, '#');
		ov_epub_href(b, e->anchor);
	}
}

static void put_label(ov_buf *b, const ov_toc_entry *e)
{
	ov_buf l = OV_BUF_INIT;
	toc_label(&l, e);
	ov_xml_escape(b, ov_buf_cstr(&l), l.len);
	ov_buf_dispose(&l);
}

static void authors_para(ov_buf *b, const ov_doc *doc, const char *cls)
{
	for (size_t i = 0; i < doc->meta.author_count; i++) {
		ov_buf_printf(b, "<p class=\"%s\">", cls);
		ov_epub_esc(b, doc->meta.authors[i]);
		ov_buf_puts(b, "</p>\n");
	}
}

static bool has(const char *s) { return s && *s; }

/* ---- cover ---- */

void ov_epub_cover_page(ov_buf *b, const ov_doc *doc, const ov_epub_images *im, const char *gen)
{
	const ov_meta *m = &doc->meta;
	const ov_epub_image *cover = ov_epub_image_of(im, doc->cover);
	const char *src = cover ? cover->name : gen;
	if (src) {
		ov_epub_xhtml_open(b, doc, "Cover", "frontmatter", "cover-page");
		/* EPUB SSV "cover" with the DPUB-ARIA doc-cover role, which
		 * belongs on the image itself */
		ov_buf_puts(b, "<div class=\"cover\">\n<img epub:type=\"cover\" role=\"doc-cover\" src=\"");
		ov_epub_href(b, src);
		ov_buf_puts(b, "\" alt=\"Cover of ");
		ov_epub_esc(b, m->title);
		ov_buf_puts(b, "\"/>\n</div>\n");
	} else {
		/* no image: a typographic cover */
		ov_epub_xhtml_open(b, doc, "Cover", "frontmatter", "cover-page typographic");
		ov_buf_puts(b, "<div class=\"cover\">\n<h1 class=\"cover-title\">");
		ov_epub_esc(b, m->title);
		ov_buf_puts(b, "</h1>\n");
		if (has(m->subtitle)) {
			ov_buf_puts(b, "<p class=\"cover-subtitle\" epub:type=\"subtitle\" role=\"doc-subtitle\">");
			ov_epub_esc(b, m->subtitle);
			ov_buf_puts(b, "</p>\n");
		}
		authors_para(b, doc, "cover-author");
		ov_buf_puts(b, "</div>\n");
	}
	ov_epub_xhtml_close(b);
}

/* ---- title page ---- */

void ov_epub_title_page(ov_buf *b, const ov_doc *doc)
{
	const ov_meta *m = &doc->meta;
	ov_epub_xhtml_open(b, doc, m->title, "frontmatter", NULL);
	ov_buf_puts(b, "<section class=\"titlepage\" epub:type=\"titlepage\">\n"
	               "<h1 class=\"title\" epub:type=\"title\">");
	ov_epub_esc(b, m->title);
	ov_buf_puts(b, "</h1>\n");
	if (has(m->subtitle)) {
		ov_buf_puts(b, "<p class=\"subtitle\" epub:type=\"subtitle\" role=\"doc-subtitle\">");
		ov_epub_esc(b, m->subtitle);
		ov_buf_puts(b, "</p>\n");
	}
	authors_para(b, doc, "author");
	if (has(m->publisher)) {
		ov_buf_puts(b, "<p class=\"publisher\">");
		ov_epub_esc(b, m->publisher);
		ov_buf_puts(b, "</p>\n");
	}
	ov_buf_puts(b, "</section>\n");
	ov_epub_xhtml_close(b);
}

/* ---- copyright page ---- */

/* The title, the authors, then the paragraphs the PDF's copyright page
 * has (doc/imprint.h: publisher, © notice, rights, licence, edition,
 * ISBN, "Typeset with Octavo"); no identifier or date, as in print. */
void ov_epub_copyright_page(ov_buf *b, const ov_doc *doc)
{
	const ov_meta *m = &doc->meta;
	ov_epub_xhtml_open(b, doc, "Copyright", "frontmatter", NULL);
	ov_buf_puts(b, "<section class=\"copyright\" epub:type=\"copyright-page\" "
	               "aria-labelledby=\"copyright_title\">\n<h1 id=\"copyright_title\">");
	ov_epub_esc(b, m->title);
	if (has(m->subtitle)) {
		ov_buf_puts(b, "<span class=\"subtitle\">: ");
		ov_epub_esc(b, m->subtitle);
		ov_buf_puts(b, "</span>");
	}
	ov_buf_puts(b, "</h1>\n");
	if (m->author_count) {
		ov_buf_puts(b, "<p class=\"by\">By ");
		for (size_t i = 0; i < m->author_count; i++) {
			if (i)
				ov_buf_puts(b, i + 1 == m->author_count ? (m->author_count > 2 ? ", and " : " and ")
				                                          : ", ");
			ov_epub_esc(b, m->authors[i]);
		}
		ov_buf_puts(b, "</p>\n");
	}
	ov_arena a;
	ov_arena_init(&a);
	ov_imprint_line l[OV_IMPRINT_MAX];
	size_t n = ov_imprint_lines(doc, &a, l);
	for (size_t i = 0; i < n; i++) {
		/* a new group of the page opens with a gap (style.c) */
		ov_buf_printf(b, "<p class=\"%s%s\">", l[i].cls, i && l[i].group != l[i - 1].group ? " group" : "");
		ov_epub_esc(b, l[i].text);
		ov_buf_puts(b, "</p>\n");
	}
	ov_arena_dispose(&a);
	ov_buf_puts(b, "</section>\n");
	ov_epub_xhtml_close(b);
}

/* ---- navigation document (EPUB 3.3 §7) ---- */

static void nav_toc(ov_buf *b, const ov_doc *doc)
{
	int *lv = toc_levels(doc);
	/* §7, nav content model: every li holds an a (or a span) before an
	 * optional ol; a deeper entry opens an ol inside the open li of its
	 * parent. Entries deeper than the theme's contents depth, and the
	 * boilerplate sections, stay in the nav for reading systems' own
	 * navigation but are not rendered: the HTML hidden attribute, which
	 * the EPUB 3.3 navigation document (§7) allows for that, on their
	 * items (an item per entry rather than a whole nested list, since a
	 * list can mix levels: toc_levels lifts an h3 that follows its
	 * chapter's title to the sections' list). */
	int depth = 0, shown = doc->meta.theme.contents_depth;
	for (size_t i = 0; i < doc->toc_count; i++) {
		int l = lv[i];
		if (l > depth) {
			ov_buf_puts(b, depth ? "\n<ol>\n" : "<ol>\n");
			depth = l;
		} else {
			ov_buf_puts(b, "</li>\n");
			for (; depth > l; depth--)
				ov_buf_puts(b, "</ol>\n</li>\n");
		}
		/* (a part's entries nest one deeper: their levels decide, as on
		 * the printed contents) */
		bool hide = doc->toc[i].unlisted || doc->toc[i].level > shown;
		ov_buf_puts(b, hide ? "<li hidden=\"hidden\"><a href=\"" : "<li><a href=\"");
		toc_href(b, &doc->toc[i]);
		ov_buf_puts(b, "\">");
		put_label(b, &doc->toc[i]);
		ov_buf_puts(b, "</a>");
	}
	if (depth) {
		ov_buf_puts(b, "</li>\n");
		for (; depth > 1; depth--)
			ov_buf_puts(b, "</ol>\n</li>\n");
		ov_buf_puts(b, "</ol>\n");
	} else {
		/* a book without chapters still needs a valid toc: the title page */
		ov_buf_puts(b, "<ol>\n<li><a href=\"" OV_EPUB_TITLEPAGE "\">");
		ov_epub_esc(b, doc->meta.title);
		ov_buf_puts(b, "</a></li>\n</ol>\n");
	}
	free(lv);
}

void ov_epub_nav(ov_buf *b, const ov_doc *doc)
{
	ov_epub_xhtml_open(b, doc, "Contents", "frontmatter", NULL);
	ov_buf_puts(b, "<nav epub:type=\"toc\" id=\"toc\" role=\"doc-toc\" aria-labelledby=\"toc_title\">\n"
	               "<h1 id=\"toc_title\">Contents</h1>\n");
	nav_toc(b, doc);
	ov_buf_puts(b, "</nav>\n");

	/* §7, the landmarks nav: each a carries an epub:type; kept out of
	 * the rendered page by the HTML hidden attribute */
	ov_buf_puts(b, "<nav epub:type=\"landmarks\" id=\"landmarks\" aria-label=\"Landmarks\" "
	               "hidden=\"hidden\">\n<ol>\n"
	               "<li><a epub:type=\"cover\" href=\"" OV_EPUB_COVER "\">Cover</a></li>\n"
	               "<li><a epub:type=\"titlepage\" href=\"" OV_EPUB_TITLEPAGE "\">Title Page</a></li>\n"
	               "<li><a epub:type=\"copyright-page\" href=\"" OV_EPUB_COPYRIGHT
	               "\">Copyright</a></li>\n"
	               "<li><a epub:type=\"toc\" href=\"" OV_EPUB_NAV "#toc\">Contents</a></li>\n");
	/* then, in reading order, the start of the body matter (the first
	 * chapter when no chapter says it is body matter) and of the back
	 * matter, and the first chapter of each role other than "chapter"
	 * (front matter "role:"): preface, appendix, glossary, bibliography,
	 * index, colophon ... (EPUB 3 SSV terms; one entry per type) */
	const ov_node *body = NULL;
	for (const ov_node *ch = doc->root ? doc->root->first : NULL; ch && !body; ch = ch->next)
		if (ch->as.chapter.matter == OV_MATTER_BODY)
			body = ch;
	if (!body && doc->root)
		body = doc->root->first;
	bool seen[OV_ROLE__COUNT] = {false}, back = false;
	for (const ov_node *ch = doc->root ? doc->root->first : NULL; ch; ch = ch->next) {
		if (!ch->as.chapter.file)
			continue;
		if (ch == body) {
			ov_buf_puts(b, "<li><a epub:type=\"bodymatter\" href=\"");
			ov_epub_href(b, ch->as.chapter.file);
			ov_buf_puts(b, "\">Start of Content</a></li>\n");
		}
		if (ch->as.chapter.matter == OV_MATTER_BACK && !back) {
			back = true;
			ov_buf_puts(b, "<li><a epub:type=\"backmatter\" href=\"");
			ov_epub_href(b, ch->as.chapter.file);
			ov_buf_puts(b, "\">Back Matter</a></li>\n");
		}
		ov_chapter_role r = ch->as.chapter.role;
		if (r == OV_ROLE_CHAPTER || r < 0 || r >= OV_ROLE__COUNT || seen[r])
			continue;
		seen[r] = true;
		ov_buf_printf(b, "<li><a epub:type=\"%s\" href=\"", ov_chapter_role_name(r));
		ov_epub_href(b, ch->as.chapter.file);
		ov_buf_puts(b, "\">");
		ov_epub_esc(b, ch->as.chapter.title && *ch->as.chapter.title ? ch->as.chapter.title
		                                                            : ov_chapter_role_name(r));
		ov_buf_puts(b, "</a></li>\n");
	}
	ov_buf_puts(b, "</ol>\n</nav>\n");
	ov_epub_xhtml_close(b);
}

/* ---- NCX (ANSI/NISO Z39.86-2005, as used by OPF 2.0.1) ---- */

static void ncx_text(ov_buf *b, const char *s)
{
	ov_buf_puts(b, "<text>");
	ov_epub_esc(b, s);
	ov_buf_puts(b, "</text>");
}

void ov_epub_ncx(ov_buf *b, const ov_doc *doc)
{
	const ov_meta *m = &doc->meta;
	int *lv = toc_levels(doc);
	int maxdepth = 1;
	for (size_t i = 0; i < doc->toc_count; i++)
		if (lv[i] > maxdepth)
			maxdepth = lv[i];
	ov_buf_puts(b, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
	               "<ncx xmlns=\"http://www.daisy.org/z3986/2005/ncx/\" version=\"2005-1\" xml:lang=\"");
	ov_epub_esc(b, has(m->language) ? m->language : "en");
	/* dtb:uid must equal the package's unique identifier (EPUBCheck NCX-001) */
	ov_buf_puts(b, "\">\n<head>\n<meta name=\"dtb:uid\" content=\"");
	ov_epub_esc(b, m->identifier);
	ov_buf_printf(b, "\"/>\n<meta name=\"dtb:depth\" content=\"%d\"/>\n"
	                 "<meta name=\"dtb:totalPageCount\" content=\"0\"/>\n"
	                 "<meta name=\"dtb:maxPageNumber\" content=\"0\"/>\n</head>\n<docTitle>",
	              maxdepth);
	ncx_text(b, m->title);
	ov_buf_puts(b, "</docTitle>\n");
	for (size_t i = 0; i < m->author_count; i++) {
		ov_buf_puts(b, "<docAuthor>");
		ncx_text(b, m->authors[i]);
		ov_buf_puts(b, "</docAuthor>\n");
	}
	ov_buf_puts(b, "<navMap>\n");
	int depth = 0;
	for (size_t i = 0; i < doc->toc_count; i++) {
		int l = lv[i];
		for (; depth >= l; depth--)
			ov_buf_puts(b, "</navPoint>\n");
		depth = l;
		ov_buf_printf(b, "<navPoint id=\"np-%zu\" playOrder=\"%zu\">\n<navLabel>", i + 1, i + 1);
		ov_buf label = OV_BUF_INIT;
		toc_label(&label, &doc->toc[i]);
		ncx_text(b, ov_buf_cstr(&label));
		ov_buf_dispose(&label);
		ov_buf_puts(b, "</navLabel>\n<content src=\"");
		toc_href(b, &doc->toc[i]);
		ov_buf_puts(b, "\"/>\n");
	}
	for (; depth > 0; depth--)
		ov_buf_puts(b, "</navPoint>\n");
	if (!doc->toc_count) {
		ov_buf_puts(b, "<navPoint id=\"np-1\" playOrder=\"1\">\n<navLabel>");
		ncx_text(b, m->title);
		ov_buf_puts(b, "</navLabel>\n<content src=\"" OV_EPUB_TITLEPAGE "\"/>\n</navPoint>\n");
	}
	ov_buf_puts(b, "</navMap>\n</ncx>\n");
	free(lv);
}
