/*
 * a11y.c - the EPUB's accessibility metadata (EPUB Accessibility 1.1 §2,
 * discovery metadata in schema.org terms) and its conformance claim
 * (§3, dcterms:conformsTo), computed from the book.
 *
 * The claim "EPUB Accessibility 1.1 - WCAG 2.2 Level AA" is made only when
 * everything Octavo can check holds; the rest of what WCAG 2.2 AA asks is
 * what the writers make by construction (README, "Accessibility"):
 *   - the book has a language ('language' in book.yaml: WCAG 3.1.1);
 *   - every image has a text alternative (1.1.1);
 *   - every table has a header row (1.3.1; its cells are th scope="col");
 *   - every link has text (2.4.4, 4.1.2).
 * Headings never skip a level in the EPUB (the passes give each heading
 * its rank: 1.3.1), the reading order is the source order (1.3.2), the
 * text reflows and can be restyled (1.4.4, 1.4.10), raw HTML and scripts
 * never reach it, and the navigation document, landmarks and page titles
 * are always written (2.4.1, 2.4.2, 2.4.5).
 */
#include <stdio.h>
#include <string.h>

#include "internal.h"

static const ov_pos no_pos = {0, 0, 0};

static bool blank(const ov_buf *t)
{
	for (size_t i = 0; i < t->len; i++)
		if (t->ptr[i] != ' ' && t->ptr[i] != '\t' && t->ptr[i] != '\n')
			return false;
	return true;
}

/* Whether link n shows something a reader can name it by: text, or an
 * image with a text alternative. */
static bool link_named(const ov_node *n)
{
	ov_buf t = OV_BUF_INIT;
	ov_node_plain_text_buf(&t, n);
	bool named = !blank(&t);
	ov_buf_dispose(&t);
	for (const ov_node *c = n->first; c && !named; c = c->next)
		if (c->type == OV_NODE_MATH || c->type == OV_NODE_CODE)
			named = true;
	return named;
}

void ov_epub_a11y_scan(const ov_doc *doc, ov_epub_a11y *a)
{
	memset(a, 0, sizeof *a);
	a->first_pos = no_pos;
	if (doc->cover && doc->cover->ok)
		a->images++, a->images_alt++; /* the cover page names it: "Cover of TITLE" */
	bool found = false;
	for (const ov_node *ch = doc->root ? doc->root->first : NULL; ch; ch = ch->next) {
		a->chapters++;
		ov_iter it = ov_iter_start(ch);
		ov_node *n;
		bool ent;
		while ((n = ov_iter_next(&it, &ent))) {
			if (!ent)
				continue;
			bool bad = false;
			switch (n->type) {
			case OV_NODE_IMAGE: {
				const ov_asset *as = n->as.image.asset;
				if (!as || !as->ok)
					break; /* not in the EPUB (reported) */
				a->images++;
				ov_buf alt = OV_BUF_INIT;
				ov_node_plain_text_buf(&alt, n);
				if (blank(&alt))
					bad = true;
				else
					a->images_alt++;
				ov_buf_dispose(&alt);
				break;
			}
			case OV_NODE_TABLE:
				a->tables++;
				if (n->first && n->first->as.row.header)
					a->tables_header++;
				else
					bad = true;
				break;
			case OV_NODE_LINK:
				a->links++;
				if (!link_named(n)) {
					a->links_unnamed++;
					bad = true;
				}
				break;
			case OV_NODE_MATH:
			case OV_NODE_MATH_BLOCK:
				a->formulas++;
				break;
			default:
				break;
			}
			if (bad && !found) {
				found = true;
				a->first_pos = n->pos;
			}
		}
	}
	a->language = doc->meta.language && *doc->meta.language;
	a->conforms = a->language && a->images_alt == a->images && a->tables_header == a->tables &&
	              !a->links_unnamed;
}

/* "1 figure" or "3 figures". */
static void count(ov_buf *b, size_t n, const char *one, const char *many)
{
	ov_buf_printf(b, "%zu %s", n, n == 1 ? one : many);
}

/* Why the book earns no claim, as a list of its reasons ("2 images
 * without a text alternative, 1 table without a header row"). */
static void reasons(ov_buf *b, const ov_epub_a11y *a)
{
	size_t k = 0;
	if (!a->language) {
		ov_buf_puts(b, "book.yaml names no 'language'");
		k++;
	}
	if (a->images_alt < a->images) {
		ov_buf_puts(b, k++ ? ", " : "");
		count(b, a->images - a->images_alt, "image without a text alternative",
		      "images without a text alternative");
	}
	if (a->tables_header < a->tables) {
		ov_buf_puts(b, k++ ? ", " : "");
		count(b, a->tables - a->tables_header, "table without a header row", "tables without a header row");
	}
	if (a->links_unnamed) {
		ov_buf_puts(b, k++ ? ", " : "");
		count(b, a->links_unnamed, "link without text", "links without text");
	}
}

void ov_epub_a11y_warn(const ov_doc *doc, const ov_epub_a11y *a)
{
	if (a->conforms)
		return;
	ov_buf r = OV_BUF_INIT;
	reasons(&r, a);
	ov_diag_warning(doc->diag, a->first_pos,
	                "the EPUB makes no EPUB Accessibility 1.1 (WCAG 2.2 AA) conformance claim: %s",
	                ov_buf_cstr(&r));
	ov_buf_dispose(&r);
}

static void meta_prop(ov_buf *b, const char *property, const char *value)
{
	ov_buf_printf(b, "    <meta property=\"%s\">", property);
	ov_epub_esc(b, value);
	ov_buf_puts(b, "</meta>\n");
}

/* The summary (EPUB Accessibility 1.1 §2.4, schema:accessibilitySummary):
 * what this book has and how a reader gets around it, in sentences a
 * reading system can show as they are. */
static void summary(ov_buf *s, const ov_epub_a11y *a, bool page_list)
{
	if (a->conforms)
		ov_buf_puts(s, "This publication meets EPUB Accessibility 1.1 and WCAG 2.2 Level AA as far as "
		               "its build could check. ");
	else {
		ov_buf_puts(s, "This publication makes no accessibility conformance claim: it has ");
		reasons(s, a);
		ov_buf_puts(s, ". ");
	}
	ov_buf_puts(s, "It has ");
	count(s, a->chapters, "chapter", "chapters");
	ov_buf_puts(s, " with headings that mark its structure, a table of contents and landmarks");
	if (page_list)
		ov_buf_puts(s, ", and a page list that gives the pages of the print edition");
	ov_buf_puts(s, "; the reading order is the order of the text, which can be restyled and reflows to "
	               "any screen.");
	if (a->images) {
		ov_buf_puts(s, " ");
		if (a->images_alt == a->images) {
			ov_buf_puts(s, a->images == 1 ? "Its image has " : a->images == 2 ? "Both its " : "All ");
			if (a->images > 1) {
				if (a->images > 2)
					ov_buf_printf(s, "%zu ", a->images);
				ov_buf_puts(s, "images have ");
			}
			ov_buf_puts(s, "a text alternative.");
		} else {
			ov_buf_printf(s, "%zu of its %zu images have a text alternative.", a->images_alt, a->images);
		}
	}
	if (a->tables) {
		ov_buf_puts(s, " ");
		if (a->tables_header == a->tables) {
			if (a->tables == 1)
				ov_buf_puts(s, "Its table has a header row.");
			else
				ov_buf_printf(s, "All %zu tables have header rows.", a->tables);
		} else {
			ov_buf_printf(s, "%zu of its %zu tables have header rows.", a->tables_header, a->tables);
		}
	}
	if (a->formulas) {
		ov_buf_puts(s, " ");
		count(s, a->formulas, "formula is", "formulas are");
		ov_buf_puts(s, " written in MathML.");
	}
}

void ov_epub_a11y_metadata(ov_buf *b, const ov_doc *doc, const ov_epub_a11y *a, bool page_list)
{
	/* §2.1 access modes: text always, images when there are some */
	meta_prop(b, "schema:accessMode", "textual");
	if (a->images)
		meta_prop(b, "schema:accessMode", "visual");
	/* §2.2: text alone suffices when every image has a text alternative */
	if (a->images_alt == a->images)
		meta_prop(b, "schema:accessModeSufficient", "textual");
	if (a->images)
		meta_prop(b, "schema:accessModeSufficient", "textual,visual");
	/* §2.3 features, each one the book has */
	meta_prop(b, "schema:accessibilityFeature", "structuralNavigation");
	meta_prop(b, "schema:accessibilityFeature", "tableOfContents");
	meta_prop(b, "schema:accessibilityFeature", "readingOrder");
	if (a->images && a->images_alt == a->images)
		meta_prop(b, "schema:accessibilityFeature", "alternativeText");
	if (a->formulas)
		meta_prop(b, "schema:accessibilityFeature", "MathML");
	if (page_list) {
		/* schema.org's name since printPageNumbers was retired */
		meta_prop(b, "schema:accessibilityFeature", "pageBreakMarkers");
		meta_prop(b, "schema:accessibilityFeature", "pageNavigation");
	}
	meta_prop(b, "schema:accessibilityFeature", "displayTransformability");
	/* no sound, video or animation is ever written: nothing flashes */
	meta_prop(b, "schema:accessibilityHazard", "none");
	ov_buf s = OV_BUF_INIT;
	summary(&s, a, page_list);
	meta_prop(b, "schema:accessibilitySummary", ov_buf_cstr(&s));
	ov_buf_dispose(&s);
	/* §3.1 the conformance claim, only when earned; §3.2 who certified
	 * it, only when book.yaml says */
	if (a->conforms) {
		meta_prop(b, "dcterms:conformsTo", "EPUB Accessibility 1.1 - WCAG 2.2 Level AA");
		if (doc->meta.certified_by && *doc->meta.certified_by)
			meta_prop(b, "a11y:certifiedBy", doc->meta.certified_by);
	}
}
