/*
 * xhtml.c - XML escaping and the chapters as XHTML content documents
 * (EPUB 3.3 §6.1: "XHTML content documents", which use the XML syntax of
 * HTML). The tree is walked with ov_iter, so that deep nesting in a chapter
 * cannot exhaust the stack, and only read.
 *
 * Markup choices, by node type:
 *   heading      <hN id>; the chapter's title heading gets a "Chapter N" label
 *   list/item    <ul>/<ol start>; task items get a ballot box drawn as an
 *                image role with a spoken label ("done", "not done")
 *   code block   <pre><code class="language-X">, tokens <span class="hl-keyword">...
 *   table        <table> with <thead>/<tbody>, <th scope="col">, alignment by
 *                class (the align attribute is obsolete in HTML), colspan and
 *                rowspan (a row has no cell where a span from above covers it)
 *   figure       <figure id><img/><figcaption>Figure C.N: caption</figcaption>, the
 *                caption the image's title or alt text, or the caption line
 *                written with it with its links and emphasis (passes.c)
 *   callout      <aside class="callout callout-KIND" role="note"> with a
 *                <p class="callout-label"> (ARIA in HTML allows role note on
 *                aside; a GitHub alert is a note, not a footnote)
 *   definitions  <dl><dt><dd>
 *   notes        <a epub:type="noteref" role="doc-noteref"> in <sup>; the
 *                definitions as <aside epub:type="footnote" role="doc-footnote">
 *                in a closing <section epub:type="footnotes" role="doc-endnotes">
 *                (EPUB 3 Structural Semantics Vocabulary; DPUB-ARIA 1.1)
 *   formulas     <math> (math.c), or the TeX source (math_source) when it did
 *                not parse
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "math/math.h"
#include "util/utf8.h"

/* ---- escaping ---- */

/* Code points that must not reach an XHTML document: outside XML 1.0's
 * Char production (XML 1.0 §2.2) or forbidden/noncharacters in HTML
 * (HTML, "preprocessing the input stream": controls and noncharacters
 * are parse errors). */
static bool unwanted_cp(uint32_t cp)
{
	if (cp < 0x20)
		return cp != '\t' && cp != '\n' && cp != '\r';
	if (cp >= 0x7F && cp <= 0x9F)
		return true;
	if (cp >= 0xFDD0 && cp <= 0xFDEF)
		return true;
	return (cp & 0xFFFE) == 0xFFFE;
}

void ov_xml_escape(ov_buf *b, const char *text, size_t len)
{
	static const char replacement[] = "\xEF\xBF\xBD"; /* U+FFFD */
	size_t i = 0, start = 0;
	while (i < len) {
		unsigned char c = (unsigned char)text[i];
		/* the common case, text that stays as it is */
		if (c >= 0x20 && c < 0x7F && c != '&' && c != '<' && c != '>' && c != '"' && c != '\'') {
			i++;
			continue;
		}
		const char *rep = NULL;
		size_t used = 1;
		if (c < 0x80) {
			switch (c) {
			case '&': rep = "&amp;"; break;
			case '<': rep = "&lt;"; break;
			case '>': rep = "&gt;"; break;
			case '"': rep = "&#34;"; break;
			case '\'': rep = "&#39;"; break;
			default:
				if (unwanted_cp(c))
					rep = replacement;
				break;
			}
		} else {
			uint32_t cp;
			int n = ov_utf8_decode(text + i, len - i, &cp);
			if (n < 0)
				rep = replacement;
			else {
				used = (size_t)n;
				if (unwanted_cp(cp))
					rep = replacement;
			}
		}
		if (rep) {
			ov_buf_put(b, text + start, i - start);
			ov_buf_puts(b, rep);
			i += used;
			start = i;
		} else {
			i += used;
		}
	}
	ov_buf_put(b, text + start, len - start);
}

void ov_epub_esc(ov_buf *b, const char *s)
{
	if (s)
		ov_xml_escape(b, s, strlen(s));
}

static bool is_hex(char c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

void ov_epub_href(ov_buf *b, const char *url)
{
	/* RFC 3986 §2.2-2.3: unreserved and reserved characters stay; '%'
	 * stays when it already starts an escape; a second '#' cannot be part
	 * of a fragment (§3.5) and is escaped; everything else (space, quotes,
	 * controls, non-ASCII bytes, "<>\^`{|}") is percent-encoded. */
	static const char keep[] = "-._~:/?#[]@!$&'()*+,;=";
	ov_buf u = OV_BUF_INIT;
	bool fragment = false;
	for (const char *p = url; *p; p++) {
		unsigned char c = (unsigned char)*p;
		bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
		          (c != 0 && strchr(keep, c) != NULL);
		if (c == '%')
			ok = is_hex(p[1]) && is_hex(p[2]);
		if (c == '#') {
			ok = !fragment;
			fragment = true;
		}
		if (ok)
			ov_buf_putc(&u, (char)c);
		else
			ov_buf_printf(&u, "%%%02X", c);
	}
	ov_xml_escape(b, ov_buf_cstr(&u), u.len);
	ov_buf_dispose(&u);
}

/* ---- the document frame ---- */

void ov_epub_xhtml_open(ov_buf *b, const ov_doc *doc, const char *title, const char *body_type,
                        const char *body_class)
{
	const char *lang = doc->meta.language && *doc->meta.language ? doc->meta.language : "en";
	/* EPUB 3.3 §6.1: XML syntax; xml:lang for XML processors and lang
	 * for HTML ones (HTML §3.2.6.2 wants both to agree) */
	ov_buf_puts(b, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<!DOCTYPE html>\n"
	               "<html xmlns=\"http://www.w3.org/1999/xhtml\" "
	               "xmlns:epub=\"http://www.idpf.org/2007/ops\" xml:lang=\"");
	ov_epub_esc(b, lang);
	ov_buf_puts(b, "\" lang=\"");
	ov_epub_esc(b, lang);
	ov_buf_puts(b, "\">\n<head>\n<meta charset=\"utf-8\"/>\n<title>");
	ov_epub_esc(b, title && *title ? title : doc->meta.title);
	ov_buf_puts(b, "</title>\n<link rel=\"stylesheet\" type=\"text/css\" href=\"" OV_EPUB_CSS "\"/>\n"
	               "</head>\n<body");
	if (body_type)
		ov_buf_printf(b, " epub:type=\"%s\"", body_type);
	if (body_class)
		ov_buf_printf(b, " class=\"%s\"", body_class);
	ov_buf_puts(b, ">\n");
}

void ov_epub_xhtml_close(ov_buf *b) { ov_buf_puts(b, "</body>\n</html>\n"); }

/* ---- chapters ---- */

/* id of the generated title heading of a chapter without a level-1
 * heading. The passes keep these ids from headings (tag-epub-generated-ids
 * in src/doc/passes.c: a heading "chapter_title" gets another), so they
 * cannot collide. */
#define TITLE_ID "chapter_title"
#define NOTES_ID "notes_title"

typedef struct {
	ov_buf *b;
	const ov_doc *doc;
	const ov_epub_images *im;
	const ov_node *ch;
	const ov_node *open_link; /* the link whose <a> is open, or NULL */
	const ov_node **refs;     /* the chapter's linked note references, grouped by
	                           * note number, in reading order within a note */
	size_t nrefs;
	size_t *note_start;       /* refs of note k: [note_start[k], note_start[k + 1]) */
	size_t max_note;
	int tables;               /* tables written so far in the chapter */
	ov_epub_marks *marks;     /* where nodes begin (pagebreak.c), or NULL */
} writer;

static void esc_n(writer *w, const char *s, size_t len) { ov_xml_escape(w->b, s, len); }

/* A list whose items are all task items (drawn without bullets). */
static bool task_list(const ov_node *list)
{
	if (list->as.list.task)
		return true;
	if (!list->first)
		return false;
	for (const ov_node *i = list->first; i; i = i->next)
		if (i->type != OV_NODE_ITEM || !i->as.item.task)
			return false;
	return true;
}

static bool tight_paragraph(const ov_node *p)
{
	const ov_node *item = p->parent;
	return item && item->type == OV_NODE_ITEM && item->parent &&
	       item->parent->type == OV_NODE_LIST && item->parent->as.list.tight;
}

static void task_box(writer *w, const ov_node *item)
{
	/* A ballot box character, not a form control: a disabled checkbox is
	 * an unlabelled form field for accessibility checkers. The text
	 * variation selector (U+FE0E) keeps emoji renderings away. */
	if (item->as.item.task == 2)
		ov_buf_puts(w->b, "<span class=\"task-box done\" role=\"img\" aria-label=\"done\">"
		                  "\xE2\x98\x91\xEF\xB8\x8E</span> ");
	else
		ov_buf_puts(w->b, "<span class=\"task-box\" role=\"img\" aria-label=\"not done\">"
		                  "\xE2\x98\x90\xEF\xB8\x8E</span> ");
}

static void note_number(writer *w, const ov_node *def)
{
	ov_buf_printf(w->b, "<span class=\"note-number\">%d.</span> ", def->as.footnote_def.number);
}

static void backlink(writer *w, const ov_node *def, const char *ref_id, size_t k)
{
	/* DPUB-ARIA 1.1 doc-backlink; U+21A9 with the text variation selector */
	ov_buf_puts(w->b, " <a class=\"note-back\" role=\"doc-backlink\" href=\"#");
	ov_epub_esc(w->b, ref_id);
	ov_buf_printf(w->b, "\" aria-label=\"back to note %d reference", def->as.footnote_def.number);
	if (k > 1)
		ov_buf_printf(w->b, " %zu\">\xE2\x86\xA9\xEF\xB8\x8E<sup>%zu</sup></a>", k, k);
	else
		ov_buf_puts(w->b, "\">\xE2\x86\xA9\xEF\xB8\x8E</a>");
}

/* One link back to every reference of the note, in reading order. */
static void note_backlink(writer *w, const ov_node *def)
{
	size_t k = 0;
	size_t num = def->as.footnote_def.number > 0 ? (size_t)def->as.footnote_def.number : 0;
	if (num && num <= w->max_note)
		for (size_t i = w->note_start[num]; i < w->note_start[num + 1]; i++)
			if (w->refs[i]->as.footnote_ref.def == def)
				backlink(w, def, w->refs[i]->as.footnote_ref.id, ++k);
	if (!k && def->as.footnote_def.ref_id)
		backlink(w, def, def->as.footnote_def.ref_id, 1);
}

static void image(writer *w, const ov_node *img, bool inline_image)
{
	const ov_epub_image *a = ov_epub_image_of(w->im, img->as.image.asset);
	ov_buf alt = OV_BUF_INIT;
	ov_node_plain_text_buf(&alt, img);
	if (a) {
		ov_buf_puts(w->b, "<img");
		if (inline_image)
			ov_buf_puts(w->b, " class=\"inline\"");
		ov_buf_puts(w->b, " src=\"");
		ov_epub_href(w->b, a->name);
		ov_buf_puts(w->b, "\" alt=\"");
		esc_n(w, ov_buf_cstr(&alt), alt.len);
		ov_buf_puts(w->b, "\"");
		if (img->as.image.title && *img->as.image.title) {
			ov_buf_puts(w->b, " title=\"");
			ov_epub_esc(w->b, img->as.image.title);
			ov_buf_puts(w->b, "\"");
		}
		/* HTML's size hints: pixels as width/height, a percentage of the
		 * line as a style (width= takes only pixels in HTML §4.8.4.4) */
		if (img->as.image.width > 0)
			ov_buf_printf(w->b, " width=\"%d\"", img->as.image.width);
		else if (img->as.image.width < 0)
			ov_buf_printf(w->b, " style=\"width: %d%%\"", -img->as.image.width);
		if (img->as.image.height > 0 && img->as.image.width >= 0)
			ov_buf_printf(w->b, " height=\"%d\"", img->as.image.height);
		ov_buf_puts(w->b, "/>");
	} else {
		/* not packaged (remote or unreadable): the text alternative */
		ov_buf_puts(w->b, "<span class=\"image-alt\">");
		if (alt.len)
			esc_n(w, ov_buf_cstr(&alt), alt.len);
		else
			ov_buf_puts(w->b, "[image]");
		ov_buf_puts(w->b, "</span>");
	}
	ov_buf_dispose(&alt);
}

static void figure(writer *w, const ov_node *n)
{
	ov_buf_puts(w->b, "<figure");
	if (n->as.figure.id) {
		ov_buf_puts(w->b, " id=\"");
		ov_epub_esc(w->b, n->as.figure.id);
		ov_buf_puts(w->b, "\"");
	}
	ov_buf_puts(w->b, ">\n");
	const ov_node *img = n->as.figure.image;
	if (img)
		image(w, img, false);
	ov_buf_puts(w->b, "\n<figcaption><span class=\"figure-label\">Figure ");
	if (w->ch->as.chapter.number)
		ov_buf_printf(w->b, "%d.", w->ch->as.chapter.number);
	ov_buf_printf(w->b, "%d", n->as.figure.number);
	ov_buf_puts(w->b, "</span>");
	if (n->as.figure.caption) {
		/* figures part: the caption's inlines follow, walked as text
		 * is (links, emphasis); leave() closes the figure */
		ov_buf_puts(w->b, ": ");
		return;
	}
	ov_buf cap = OV_BUF_INIT;
	if (img && img->as.image.title && *img->as.image.title)
		ov_buf_puts(&cap, img->as.image.title);
	else if (img)
		ov_node_plain_text_buf(&cap, img);
	if (cap.len) {
		ov_buf_puts(w->b, ": ");
		esc_n(w, ov_buf_cstr(&cap), cap.len);
	}
	ov_buf_dispose(&cap);
	ov_buf_puts(w->b, "</figcaption>\n</figure>\n");
}

/* Writes the href of a link into w->b; returns false when the link has no
 * usable target in the EPUB (dropped by the passes, or a link out of the
 * book without an absolute URI: see passes.c). */
static bool link_href(writer *w, const ov_node *n)
{
	const char *url = n->as.link.url;
	if (!url || !*url)
		return false;
	if (n->as.link.internal && n->as.link.chapter) {
		const ov_node *t = n->as.link.chapter;
		const char *anchor = n->as.link.anchor;
		ov_buf_puts(w->b, " href=\"");
		if (t != w->ch)
			ov_epub_href(w->b, t->as.chapter.file);
		if (anchor) {
			ov_buf_putc(w->b, '#');
			ov_epub_href(w->b, anchor);
		} else if (t == w->ch) {
			ov_buf_puts(w->b, "#");
			ov_epub_esc(w->b, t->as.chapter.id ? t->as.chapter.id : "chapter");
		}
		ov_buf_puts(w->b, "\"");
		return true;
	}
	if (!n->as.link.href)
		return false;
	ov_buf_puts(w->b, " href=\"");
	ov_epub_href(w->b, n->as.link.href);
	ov_buf_puts(w->b, "\"");
	return true;
}

static void open_link(writer *w, const ov_node *n)
{
	if (w->open_link)
		return; /* <a> cannot nest (HTML §4.5.1): inner links keep their text */
	size_t mark = w->b->len;
	ov_buf_puts(w->b, "<a");
	if (!link_href(w, n)) {
		w->b->len = mark;
		w->b->ptr[mark] = '\0';
		return;
	}
	if (n->as.link.title && *n->as.link.title) {
		ov_buf_puts(w->b, " title=\"");
		ov_epub_esc(w->b, n->as.link.title);
		ov_buf_puts(w->b, "\"");
	}
	ov_buf_puts(w->b, ">");
	if (!n->first)
		ov_epub_esc(w->b, n->as.link.url); /* a link needs a name */
	w->open_link = n;
}

static void note_ref(writer *w, const ov_node *n)
{
	const ov_node *def = n->as.footnote_ref.def;
	int k = n->as.footnote_ref.number;
	if (!def || !def->as.footnote_def.id || w->open_link) {
		/* no target, or inside a link (links cannot nest): the number
		 * alone, still carrying the id the note's backlink points at */
		ov_buf_puts(w->b, "<sup class=\"noteref\"");
		if (def && n->as.footnote_ref.id) {
			ov_buf_puts(w->b, " id=\"");
			ov_epub_esc(w->b, n->as.footnote_ref.id);
			ov_buf_puts(w->b, "\"");
		}
		ov_buf_printf(w->b, ">%d</sup>", k);
		return;
	}
	ov_buf_puts(w->b, "<sup class=\"noteref\"><a epub:type=\"noteref\" role=\"doc-noteref\"");
	if (n->as.footnote_ref.id) {
		ov_buf_puts(w->b, " id=\"");
		ov_epub_esc(w->b, n->as.footnote_ref.id);
		ov_buf_puts(w->b, "\"");
	}
	ov_buf_puts(w->b, " href=\"#");
	ov_epub_esc(w->b, def->as.footnote_def.id);
	ov_buf_printf(w->b, "\">%d</a></sup>", def->as.footnote_def.number);
}

static const char *align_class(ov_align a)
{
	switch (a) {
	case OV_ALIGN_LEFT: return "align-left";
	case OV_ALIGN_CENTER: return "align-center";
	case OV_ALIGN_RIGHT: return "align-right";
	default: return NULL;
	}
}

static void code_block(writer *w, const ov_node *n)
{
	ov_buf_puts(w->b, "<pre><code");
	const char *info = n->as.code.info ? n->as.code.info : "";
	size_t l = strcspn(info, " \t\n{");
	if (l) {
		/* the first word of the info string, reduced to characters that
		 * are safe in a class name and a CSS selector */
		ov_buf_puts(w->b, " class=\"language-");
		for (size_t i = 0; i < l && i < 40; i++) {
			char c = info[i];
			bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
			          c == '-' || c == '_';
			ov_buf_putc(w->b, ok ? c : '-');
		}
		ov_buf_puts(w->b, "\"");
	}
	ov_buf_puts(w->b, ">");
	/* highlighted tokens (doc/highlight.c) as <span class="hl-CLASS">,
	 * coloured by the stylesheet (style.c) */
	size_t at = 0;
	if (w->marks)
		ov_epub_mark(w->marks, n, 0, w->b->len);
	for (size_t i = 0; i < n->as.code.span_count; i++) {
		const ov_code_span *sp = &n->as.code.spans[i];
		ov_epub_code_text(w->b, w->marks, n, at, sp->start - at);
		ov_buf_printf(w->b, "<span class=\"hl-%s\">", ov_code_class_name((ov_code_class)sp->cls));
		esc_n(w, n->text + sp->start, sp->len);
		ov_buf_puts(w->b, "</span>");
		at = sp->start + sp->len;
	}
	ov_epub_code_text(w->b, w->marks, n, at, n->len - at);
	ov_buf_puts(w->b, "</code></pre>\n");
}

/* A formula written as its TeX source (one with errors; every formula
 * until MathML is written): inline <code class="tex">$...$</code>, a
 * display <pre class="tex">, with the id of its first numbered row. */
static void math_source(writer *w, const ov_node *n)
{
	if (n->type == OV_NODE_MATH) {
		ov_buf_puts(w->b, "<code class=\"tex\">$");
		esc_n(w, n->text, n->len);
		ov_buf_puts(w->b, "$</code>");
		return;
	}
	const ov_math *m = n->as.math.math;
	size_t rows = m && n->as.math.numbers ? m->row_count : 0, numbered = 0;
	for (size_t i = 0; i < rows; i++)
		numbered += n->as.math.numbers[i] != NULL;
	if (numbered) {
		/* a numbered display keeps its numbers, each with its row's id
		 * (the target of \eqref), in a column at the right margin: the
		 * grid of a numbered display (math.c's div.equation) */
		ov_buf_puts(w->b, "<div class=\"equation\"><pre class=\"tex\">");
		esc_n(w, n->text, n->len);
		ov_buf_puts(w->b, "</pre><span class=\"eqno\">");
		size_t k = 0;
		for (size_t i = 0; i < rows; i++) {
			const char *num = n->as.math.numbers[i];
			if (!num)
				continue;
			if (k++)
				ov_buf_puts(w->b, "<br/>");
			const char *id = n->as.math.ids ? n->as.math.ids[i] : NULL;
			if (id) {
				ov_buf_puts(w->b, "<span id=\"");
				ov_epub_esc(w->b, id);
				ov_buf_puts(w->b, "\">");
			}
			bool bare = m->rows[i].tag && m->rows[i].tag_star;
			ov_buf_puts(w->b, bare ? "" : "(");
			ov_epub_esc(w->b, num);
			ov_buf_puts(w->b, bare ? "" : ")");
			if (id)
				ov_buf_puts(w->b, "</span>");
		}
		ov_buf_puts(w->b, "</span></div>\n");
		return;
	}
	ov_buf_puts(w->b, "<pre class=\"tex\"");
	for (size_t i = 0; m && n->as.math.ids && i < m->row_count; i++) {
		if (n->as.math.ids[i]) {
			ov_buf_puts(w->b, " id=\"");
			ov_epub_esc(w->b, n->as.math.ids[i]);
			ov_buf_puts(w->b, "\"");
			break;
		}
	}
	ov_buf_puts(w->b, ">");
	esc_n(w, n->text, n->len);
	ov_buf_puts(w->b, "</pre>\n");
}

/* The level a heading is written at: its rank (passes.c), so that the
 * chapter's title is the h1 whatever level it was written at (summary
 * part: a chapter may be named by its first "## ...") and no heading is
 * more than one level below the one before it. */
static int heading_level(const writer *w, const ov_node *n)
{
	if (n == w->ch->as.chapter.title_heading)
		return 1;
	int rank = n->as.heading.rank ? n->as.heading.rank : n->as.heading.level; /* 0: not resolved */
	return rank >= 1 && rank <= 6 ? rank : 6;
}

static void heading_open(writer *w, const ov_node *n)
{
	int level = heading_level(w, n);
	ov_buf_printf(w->b, "<h%d", level);
	if (n->as.heading.id) {
		ov_buf_puts(w->b, " id=\"");
		ov_epub_esc(w->b, n->as.heading.id);
		ov_buf_puts(w->b, "\"");
	}
	if (n == w->ch->as.chapter.title_heading) {
		ov_buf_puts(w->b, " class=\"chapter-title\">");
		if (w->ch->as.chapter.number)
			ov_buf_printf(w->b, "<span class=\"chapter-label\">Chapter %d</span> ",
			              w->ch->as.chapter.number);
		ov_buf_puts(w->b, "<span class=\"chapter-name\">");
	} else {
		ov_buf_puts(w->b, ">");
	}
}

static void heading_close(writer *w, const ov_node *n)
{
	int level = heading_level(w, n);
	if (n == w->ch->as.chapter.title_heading)
		ov_buf_puts(w->b, "</span>");
	ov_buf_printf(w->b, "</h%d>\n", level);
}

static void row_open(writer *w, const ov_node *n)
{
	bool header = n->as.row.header;
	const ov_node *prev = n->prev;
	if (header && (!prev || !prev->as.row.header))
		ov_buf_puts(w->b, "<thead>\n");
	if (!header && (!prev || prev->as.row.header)) {
		if (prev)
			ov_buf_puts(w->b, "</thead>\n");
		ov_buf_puts(w->b, "<tbody>\n");
	}
	ov_buf_puts(w->b, "<tr>");
}

/* A cell of a header row is a th, except an empty one (a corner cell):
 * a header with no text names nothing, and Ace (axe's
 * empty-table-header) reports it. */
static bool header_cell(const ov_node *n)
{
	return n->parent && n->parent->as.row.header && n->first;
}

static void cell_open(writer *w, const ov_node *n)
{
	bool header = header_cell(n);
	const char *cls = align_class(n->as.cell.align);
	ov_buf_puts(w->b, header ? "<th scope=\"col\"" : "<td");
	if (n->as.cell.span > 1)
		ov_buf_printf(w->b, " colspan=\"%d\"", n->as.cell.span);
	if (n->as.cell.rowspan > 1)
		ov_buf_printf(w->b, " rowspan=\"%d\"", n->as.cell.rowspan);
	if (cls)
		ov_buf_printf(w->b, " class=\"%s\"", cls);
	ov_buf_puts(w->b, ">");
}

/* Whether table n holds something no narrow column can wrap: a code
 * block, an image or a formula. */
static bool table_scrolls(const ov_node *n)
{
	ov_iter it = ov_iter_start(n);
	ov_node *c;
	bool entering;
	while ((c = ov_iter_next(&it, &entering)))
		if (entering && (c->type == OV_NODE_CODE_BLOCK || c->type == OV_NODE_IMAGE || c->type == OV_NODE_MATH ||
		                 c->type == OV_NODE_MATH_BLOCK))
			return true;
	return false;
}

/* Opening markup for n (entering); it->skip for nodes written whole. */
static void enter(writer *w, const ov_node *n, ov_iter *it)
{
	ov_buf *b = w->b;
	if (w->marks)
		ov_epub_mark(w->marks, n, 0, b->len);
	switch (n->type) {
	case OV_NODE_PARAGRAPH: {
		const ov_node *p = n->parent;
		if (p && p->type == OV_NODE_FIGURE)
			break; /* a figure's caption: its inlines go into the figcaption */
		if (!tight_paragraph(n))
			ov_buf_puts(b, "<p>");
		if (p && p->type == OV_NODE_ITEM && p->as.item.task && p->first == n)
			task_box(w, p);
		if (p && p->type == OV_NODE_FOOTNOTE_DEF && p->first == n)
			note_number(w, p);
		break;
	}
	case OV_NODE_HEADING:
		heading_open(w, n);
		break;
	case OV_NODE_BLOCKQUOTE:
		ov_buf_puts(b, "<blockquote>\n");
		break;
	case OV_NODE_LIST:
		if (n->as.list.ordered) {
			ov_buf_puts(b, "<ol");
			if (n->as.list.start != 1)
				ov_buf_printf(b, " start=\"%d\"", n->as.list.start);
		} else {
			ov_buf_puts(b, "<ul");
		}
		if (task_list(n))
			ov_buf_puts(b, " class=\"tasks\"");
		else if (ov_list_hangs(n))
			ov_buf_puts(b, " class=\"hanging\"");
		ov_buf_puts(b, ">\n");
		break;
	case OV_NODE_ITEM:
		ov_buf_puts(b, n->as.item.task ? "<li class=\"task\">" : "<li>");
		if (n->as.item.task && (!n->first || n->first->type != OV_NODE_PARAGRAPH))
			task_box(w, n);
		break;
	case OV_NODE_CODE_BLOCK:
		code_block(w, n);
		break;
	case OV_NODE_MATH_BLOCK:
		if (ov_epub_math(b, w->doc, n, false))
			break; /* MathML (math.c) */
		math_source(w, n);
		break;
	case OV_NODE_THEMATIC_BREAK:
		ov_buf_puts(b, "<hr/>\n");
		break;
	case OV_NODE_TABLE:
		/* A table of text reflows to any screen: its cells wrap
		 * anywhere (style.c), and as no box scrolls it, a table taller
		 * than a page splits between rows. A table with something that
		 * cannot wrap (a code block, an image, a formula) scrolls
		 * sideways in a wrapper instead: a region a keyboard can focus
		 * and scroll (WCAG 2.1.1; Ace: scrollable-region-focusable),
		 * named so that a screen reader says what it is (ARIA 1.2,
		 * region needs a name). */
		w->tables++;
		if (table_scrolls(n))
			ov_buf_printf(b,
			              "<div class=\"table scroll\" role=\"region\" aria-label=\"Table %d, scrolls "
			              "sideways\" tabindex=\"0\">\n<table>\n",
			              w->tables);
		else
			ov_buf_puts(b, "<div class=\"table\">\n<table>\n");
		break;
	case OV_NODE_TABLE_ROW:
		row_open(w, n);
		break;
	case OV_NODE_TABLE_CELL:
		cell_open(w, n);
		break;
	case OV_NODE_FIGURE:
		figure(w, n);
		if (!n->as.figure.caption)
			ov_iter_skip_children(it, n);
		break;
	case OV_NODE_CALLOUT: {
		const char *name = ov_callout_name(n->as.callout.kind);
		ov_buf_printf(b, "<aside class=\"callout callout-%s\" role=\"note\">\n<p class=\"callout-label\">%s</p>\n",
		              name, ov_callout_label(n->as.callout.kind));
		break;
	}
	case OV_NODE_DEFLIST:
		ov_buf_puts(b, "<dl>\n");
		break;
	case OV_NODE_DEFTERM:
		ov_buf_puts(b, "<dt>");
		break;
	case OV_NODE_DEFDESC:
		ov_buf_puts(b, "<dd>");
		break;
	case OV_NODE_FOOTNOTE_DEF:
		ov_buf_puts(b, "<aside class=\"note\" epub:type=\"footnote\" role=\"doc-footnote\"");
		if (n->as.footnote_def.id) {
			ov_buf_puts(b, " id=\"");
			ov_epub_esc(b, n->as.footnote_def.id);
			ov_buf_puts(b, "\"");
		}
		ov_buf_puts(b, ">\n");
		if (!n->first || n->first->type != OV_NODE_PARAGRAPH) {
			ov_buf_puts(b, "<p class=\"note-lead\">");
			note_number(w, n);
			ov_buf_puts(b, "</p>\n");
		}
		break;
	case OV_NODE_TEXT:
		esc_n(w, n->text, n->len);
		break;
	case OV_NODE_SOFTBREAK:
		ov_buf_putc(b, '\n');
		break;
	case OV_NODE_LINEBREAK:
		ov_buf_puts(b, "<br/>\n");
		break;
	case OV_NODE_CODE:
		ov_buf_puts(b, "<code>");
		esc_n(w, n->text, n->len);
		ov_buf_puts(b, "</code>");
		break;
	case OV_NODE_MATH:
		if (ov_epub_math(b, w->doc, n, w->open_link != NULL))
			break; /* MathML (math.c) */
		math_source(w, n);
		break;
	case OV_NODE_EMPH:
		ov_buf_puts(b, "<em>");
		break;
	case OV_NODE_STRONG:
		ov_buf_puts(b, "<strong>");
		break;
	case OV_NODE_STRIKE:
		ov_buf_puts(b, "<del>");
		break;
	case OV_NODE_SUP:
		ov_buf_puts(b, "<sup>");
		break;
	case OV_NODE_SUB:
		ov_buf_puts(b, "<sub>");
		break;
	case OV_NODE_ANCHOR:
		if (n->as.anchor.id) {
			ov_buf_puts(b, "<span id=\"");
			ov_epub_esc(b, n->as.anchor.id);
			ov_buf_puts(b, "\"></span>");
		}
		break;
	case OV_NODE_LINK:
		open_link(w, n);
		break;
	case OV_NODE_IMAGE:
		if (!n->parent || n->parent->type != OV_NODE_FIGURE)
			image(w, n, true); /* a figure's own is written by figure() */
		ov_iter_skip_children(it, n);
		break;
	case OV_NODE_FOOTNOTE_REF:
		note_ref(w, n);
		break;
	default:
		/* raw HTML never reaches the EPUB; books and chapters are not
		 * walked here */
		if (!ov_node_is_leaf(n->type))
			ov_iter_skip_children(it, n);
		break;
	}
}

static void leave(writer *w, const ov_node *n)
{
	ov_buf *b = w->b;
	switch (n->type) {
	case OV_NODE_PARAGRAPH: {
		const ov_node *p = n->parent;
		if (p && p->type == OV_NODE_FIGURE)
			break;
		if (p && p->type == OV_NODE_FOOTNOTE_DEF && p->last == n)
			note_backlink(w, p);
		if (!tight_paragraph(n))
			ov_buf_puts(b, "</p>\n");
		else if (n->next)
			ov_buf_putc(b, '\n');
		break;
	}
	case OV_NODE_HEADING:
		heading_close(w, n);
		break;
	case OV_NODE_FIGURE:
		if (n->as.figure.caption)
			ov_buf_puts(b, "</figcaption>\n</figure>\n");
		break;
	case OV_NODE_BLOCKQUOTE:
		ov_buf_puts(b, "</blockquote>\n");
		break;
	case OV_NODE_CALLOUT:
		ov_buf_puts(b, "</aside>\n");
		break;
	case OV_NODE_DEFLIST:
		ov_buf_puts(b, "</dl>\n");
		break;
	case OV_NODE_DEFTERM:
		ov_buf_puts(b, "</dt>\n");
		break;
	case OV_NODE_DEFDESC:
		ov_buf_puts(b, "</dd>\n");
		break;
	case OV_NODE_LIST:
		ov_buf_puts(b, n->as.list.ordered ? "</ol>\n" : "</ul>\n");
		break;
	case OV_NODE_ITEM:
		ov_buf_puts(b, "</li>\n");
		break;
	case OV_NODE_TABLE:
		if (n->last)
			ov_buf_puts(b, n->last->as.row.header ? "</thead>\n" : "</tbody>\n");
		ov_buf_puts(b, "</table>\n</div>\n");
		break;
	case OV_NODE_TABLE_ROW:
		ov_buf_puts(b, "</tr>\n");
		break;
	case OV_NODE_TABLE_CELL:
		ov_buf_puts(b, header_cell(n) ? "</th>" : "</td>");
		break;
	case OV_NODE_FOOTNOTE_DEF:
		if (!n->last || n->last->type != OV_NODE_PARAGRAPH) {
			ov_buf_puts(b, "<p class=\"note-end\">");
			note_backlink(w, n);
			ov_buf_puts(b, "</p>\n");
		}
		ov_buf_puts(b, "</aside>\n");
		break;
	case OV_NODE_EMPH:
		ov_buf_puts(b, "</em>");
		break;
	case OV_NODE_STRONG:
		ov_buf_puts(b, "</strong>");
		break;
	case OV_NODE_STRIKE:
		ov_buf_puts(b, "</del>");
		break;
	case OV_NODE_SUP:
		ov_buf_puts(b, "</sup>");
		break;
	case OV_NODE_SUB:
		ov_buf_puts(b, "</sub>");
		break;
	case OV_NODE_LINK:
		if (w->open_link == n) {
			ov_buf_puts(b, "</a>");
			w->open_link = NULL;
		}
		break;
	default:
		break;
	}
}

static void block(writer *w, const ov_node *root)
{
	ov_iter it = ov_iter_start(root);
	ov_node *n;
	bool ent;
	while ((n = ov_iter_next(&it, &ent))) {
		if (ent)
			enter(w, n, &it);
		else
			leave(w, n);
	}
}

/* The note number of reference r, 0 when it has none. */
static size_t note_of(const ov_node *r)
{
	int num = r->as.footnote_ref.def->as.footnote_def.number;
	return num > 0 ? (size_t)num : 0;
}

/* Groups w->refs by note with a counting sort (stable: reading order
 * stays within a note) and sets note_start, so that each note finds its
 * references at once; a search of all the chapter's references per note
 * was quadratic in the number of notes. */
static void group_by_note(writer *w)
{
	for (size_t i = 0; i < w->nrefs; i++)
		if (note_of(w->refs[i]) > w->max_note)
			w->max_note = note_of(w->refs[i]);
	size_t *start = ov_xcalloc(w->max_note + 2, sizeof *start);
	for (size_t i = 0; i < w->nrefs; i++)
		if (note_of(w->refs[i]))
			start[note_of(w->refs[i]) + 1]++;
	for (size_t k = 1; k <= w->max_note + 1; k++)
		start[k] += start[k - 1];
	/* next[k]: where note k's next reference goes */
	size_t *next = ov_xmalloc((w->max_note + 2) * sizeof *next);
	memcpy(next, start, (w->max_note + 2) * sizeof *next);
	const ov_node **grouped = ov_xcalloc(w->nrefs + 1, sizeof *grouped);
	for (size_t i = 0; i < w->nrefs; i++)
		if (note_of(w->refs[i]))
			grouped[next[note_of(w->refs[i])]++] = w->refs[i];
	free(next);
	free(w->refs);
	w->refs = grouped;
	w->note_start = start;
}

void ov_epub_chapter(ov_buf *b, const ov_doc *doc, const ov_epub_images *im, const ov_node *ch,
                     ov_epub_marks *marks)
{
	writer w = {b, doc, im, ch, NULL, NULL, 0, NULL, 0, 0, marks};
	/* note references with a target, for the backlinks of the notes */
	size_t cap = 0;
	ov_iter it = ov_iter_start(ch);
	ov_node *r;
	bool ent;
	while ((r = ov_iter_next(&it, &ent))) {
		if (!ent || r->type != OV_NODE_FOOTNOTE_REF || !r->as.footnote_ref.def ||
		    !r->as.footnote_ref.id)
			continue;
		if (w.nrefs == cap) {
			cap = cap ? cap * 2 : 16;
			w.refs = ov_xrealloc(w.refs, cap * sizeof *w.refs);
		}
		w.refs[w.nrefs++] = r;
	}
	group_by_note(&w);
	const char *title = ch->as.chapter.title ? ch->as.chapter.title : "";
	const ov_node *h1 = ch->as.chapter.title_heading;
	ov_epub_xhtml_open(b, doc, title, "bodymatter", NULL);

	/* EPUB SSV "chapter" with its DPUB-ARIA role, named by its heading */
	ov_buf_puts(b, "<section class=\"chapter\" epub:type=\"chapter\" role=\"doc-chapter\" id=\"");
	ov_epub_esc(b, ch->as.chapter.id ? ch->as.chapter.id : "chapter");
	ov_buf_puts(b, "\" aria-labelledby=\"");
	ov_epub_esc(b, h1 && h1->as.heading.id ? h1->as.heading.id : TITLE_ID);
	ov_buf_puts(b, "\">\n");
	if (marks)
		ov_epub_mark_start(marks, b->len);
	if (!h1 || !h1->as.heading.id) {
		/* the title came from front matter only: show it */
		ov_buf_puts(b, "<h1 id=\"" TITLE_ID "\" class=\"chapter-title\">");
		if (ch->as.chapter.number)
			ov_buf_printf(b, "<span class=\"chapter-label\">Chapter %d</span> ", ch->as.chapter.number);
		ov_buf_puts(b, "<span class=\"chapter-name\">");
		ov_epub_esc(b, title);
		ov_buf_puts(b, "</span></h1>\n");
	}

	bool notes = false;
	for (const ov_node *n = ch->first; n; n = n->next) {
		if (n->type == OV_NODE_FOOTNOTE_DEF)
			notes = true;
		else
			block(&w, n);
	}
	if (notes) {
		ov_buf_puts(b, "<section class=\"notes\" epub:type=\"footnotes\" role=\"doc-endnotes\" "
		               "aria-labelledby=\"" NOTES_ID "\">\n<h2 id=\"" NOTES_ID "\">Notes</h2>\n");
		for (const ov_node *n = ch->first; n; n = n->next)
			if (n->type == OV_NODE_FOOTNOTE_DEF)
				block(&w, n);
		ov_buf_puts(b, "</section>\n");
	}
	ov_buf_puts(b, "</section>\n");
	ov_epub_xhtml_close(b);
	free(w.refs);
	free(w.note_start);
}
