/*
 * style.c - the book's stylesheet (CSS as profiled by EPUB 3.3 §6.3: no
 * position: fixed; -epub- prefixed properties for older reading systems).
 *
 * Reading systems let readers change fonts, sizes and colours, so the sheet
 * uses relative units (em, %) and sets no background on the body. Embedded
 * fonts are offered with @font-face; every family lists generic fallbacks.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

static void font_face(ov_buf *b, const char *family, const ov_epub_font *f, const char *style,
                      const char *weight)
{
	if (!f)
		return;
	/* CSS Fonts 4, the src descriptor's font format strings: "opentype"
	 * for OpenType/CFF outlines, "truetype" for TrueType's */
	ov_buf_printf(b,
	              "@font-face {\n"
	              "  font-family: \"%s\";\n"
	              "  font-style: %s;\n"
	              "  font-weight: %s;\n"
	              "  src: url(\"../%s\") format(\"%s\");\n"
	              "}\n",
	              family, style, weight, f->name, f->cff ? "opentype" : "truetype");
}

/* The families of the embedded fallback fonts of the text's chain (or
 * of the code's), each quoted and followed by ", "; returns whether
 * family is one of them. */
static bool fallback_families(ov_buf *b, const ov_epub_fonts *fs, bool code, const char *family)
{
	const char *fam[16];
	size_t n = ov_epub_fonts_stack(fs, code, fam, sizeof fam / sizeof *fam);
	bool named = false;
	for (size_t i = 0; i < n; i++) {
		ov_buf_printf(b, "\"%s\", ", fam[i]);
		named = named || strcmp(fam[i], family) == 0;
	}
	return named;
}

/* A number as CSS writes it: at most three decimals, no trailing zeros
 * ("1.3", "0.583", "2"). Returned by value, so that several fit in one
 * printf. */
typedef struct {
	char s[32];
} num_text;

static num_text N(double x)
{
	num_text t;
	int n = snprintf(t.s, sizeof t.s, "%.3f", x);
	while (n > 1 && t.s[n - 1] == '0')
		t.s[--n] = '\0';
	if (n > 1 && t.s[n - 1] == '.')
		t.s[--n] = '\0';
	if (strcmp(t.s, "-0") == 0)
		strcpy(t.s, "0");
	return t;
}

/* "#rrggbb" */
static num_text C(ov_color c)
{
	num_text t;
	ov_color_format(c, t.s);
	return t;
}

/* A rule's or border's colour: currentColor when it is the text's, so
 * that a reader's dark or sepia theme, which changes the text's colour,
 * changes the rules with it (black rules vanish on a dark page). */
static num_text RC(const ov_theme *t, ov_color c)
{
	num_text r;
	if (c == t->text_color)
		strcpy(r.s, "currentColor");
	else
		r = C(c);
	return r;
}

/* c mixed with white by f (0..1) */
static ov_color lighter(ov_color c, double f)
{
	unsigned r = ov_color_r(c), g = ov_color_g(c), bl = ov_color_b(c);
	r += (unsigned)lround((255 - r) * f);
	g += (unsigned)lround((255 - g) * f);
	bl += (unsigned)lround((255 - bl) * f);
	return (ov_color)(r << 16 | g << 8 | bl);
}

/* Highlighted code (xhtml.c's <span class="hl-CLASS">). A reader may set
 * its own page background (white, sepia, black): the block carries its
 * own background and text colour with the token colours, so their
 * contrast never depends on the page's. The theme's print colours hold
 * 4.5:1 on the tint, white and sepia (theme.c); under a dark colour scheme
 * (Media Queries Level 5, prefers-color-scheme) the block turns dark and
 * the colours are the print ones mixed 60 % with white, each at least
 * 4.5:1 on DARK_BG. */
#define DARK_BG 0x1e1e1e
#define DARK_TEXT 0xe0e0e0
static void code_colors(ov_buf *b, const ov_theme *t)
{
	ov_buf_printf(b, "pre { color: %s; }\n", C(t->text_color).s);
	for (int k = 0; k < OV_CODE_CLASSES; k++)
		ov_buf_printf(b, "pre span.hl-%s { color: %s; }\n", ov_code_class_name((ov_code_class)k),
		              C(t->code_color[k]).s);
	ov_buf_printf(b, "@media (prefers-color-scheme: dark) {\n  pre { background-color: %s; color: %s; }\n",
	              C(DARK_BG).s, C(DARK_TEXT).s);
	for (int k = 0; k < OV_CODE_CLASSES; k++)
		ov_buf_printf(b, "  pre span.hl-%s { color: %s; }\n", ov_code_class_name((ov_code_class)k),
		              C(lighter(t->code_color[k], 0.6)).s);
	ov_buf_puts(b, "}\n");
}

/* font-weight and font-style of face. */
static void face_props(ov_buf *b, ov_face f)
{
	bool bold = f == OV_FACE_BOLD || f == OV_FACE_BOLD_ITALIC;
	bool italic = f == OV_FACE_ITALIC || f == OV_FACE_BOLD_ITALIC;
	ov_buf_printf(b, "font-weight: %s; font-style: %s;", bold ? "bold" : "normal", italic ? "italic" : "normal");
}

/* What the theme does not decide: hyphenation, alignment, breaks, tasks,
 * images, the cover. */
/* The rules the theme does not decide, in two parts around the theme's
 * (themed_rules), so that no rule comes after a more specific one for the
 * same element (stylelint's no-descending-specificity, which Calibre's
 * checker applies; the cascade is the same either way): plain element and
 * class selectors first, then those that qualify an element by its class
 * or its ancestors. */
static const char *const fixed_base_rules =
	"\n/* ---- fixed rules ---- */\n"
	"html { -epub-hyphens: auto; -webkit-hyphens: auto; hyphens: auto; }\n"
	"del { text-decoration: line-through; }\n"
	"h1, h2, h3, h4, h5, h6 {\n"
	"  text-align: left;\n"
	"  text-wrap: balance;\n"
	"  -epub-hyphens: none; -webkit-hyphens: none; hyphens: none;\n"
	"  page-break-after: avoid; break-after: avoid;\n"
	"  page-break-inside: avoid; break-inside: avoid;\n"
	"}\n"
	".chapter-name { display: block; }\n"
	".task-box {\n"
	"  display: inline-block;\n"
	"  width: 1.2em;\n"
	"}\n"
	".task-box.done { font-weight: bold; }\n"
	"pre {\n"
	"  text-align: left;\n"
	"  white-space: pre-wrap;\n"
	"  overflow-wrap: break-word;\n"
	"  word-wrap: break-word;\n"
	"  page-break-inside: avoid; break-inside: avoid;\n"
	"}\n"
	/* a table splits between rows (CSS Fragmentation §3.2), its
	 * header repeated where the reading system can; its cells wrap
	 * even inside a word, so that it reflows to a phone's width
	 * (xhtml.c: only a table with code, images or formulas scrolls) */
	"tr { page-break-inside: avoid; break-inside: avoid; }\n"
	"thead { display: table-header-group; }\n"
	"th, td { vertical-align: top; text-align: left; word-wrap: break-word; overflow-wrap: anywhere; }\n"
	"figure { text-align: center; page-break-inside: avoid; break-inside: avoid; }\n"
	"figcaption { text-align: center; text-indent: 0; text-wrap: balance; }\n"
	".image-alt { font-style: italic; }\n"
	".cover-title { font-size: 2.2em; font-weight: normal; margin: 0 0 0.6em 0; text-align: center; }\n"
	".cover-subtitle, .cover-author { text-align: center; text-indent: 0; }\n"
	".cover-subtitle { font-size: 1.2em; font-style: italic; margin-bottom: 3em; }\n"
	".cover-author { font-size: 1.1em; }\n";

static const char *const fixed_specific_rules =
	"\n/* ---- fixed rules for elements in their places ---- */\n"
	"section.chapter, section.titlepage, section.copyright {\n"
	"  page-break-before: always; break-before: page;\n"
	"}\n"
	"ul.tasks { list-style-type: none; margin-left: 0.4em; }\n"
	"li.task { list-style-type: none; }\n"
	"pre code { font-size: 1em; }\n"
	"div.table.scroll { overflow-x: auto; }\n"
	"th.align-left, td.align-left { text-align: left; }\n"
	"th.align-center, td.align-center { text-align: center; }\n"
	"th.align-right, td.align-right { text-align: right; }\n"
	"figure img { max-width: 100%; height: auto; }\n"
	"img.inline { height: 1.2em; width: auto; vertical-align: middle; }\n"
	"section.notes h2 { font-size: 1.1em; margin: 0.8em 0 0.5em 0; }\n"
	"aside.note p { text-align: left; }\n"
	"a.note-back { padding-left: 0.2em; }\n"
	"sup.noteref a { padding: 0 0.1em; }\n"
	"body.cover-page { margin: 0; padding: 0; text-align: center; }\n"
	"div.cover { text-align: center; margin: 0; padding: 0; }\n"
	"div.cover img { max-width: 100%; max-height: 100vh; height: auto; }\n"
	"body.typographic div.cover { padding-top: 25%; }\n"
	"section.titlepage { text-align: center; }\n"
	"section.titlepage h1 { margin: 0 0 0.5em 0; text-align: center; }\n"
	"section.titlepage p { text-align: center; text-indent: 0; }\n"
	"section.titlepage .publisher { margin-top: 4em; }\n"
	"section.copyright h1 { font-size: 1em; font-style: italic; font-weight: normal; margin: 0 0 1em 0;\n"
	"  color: inherit; }\n"
	"section.copyright p { text-indent: 0; text-align: left; margin: 0 0 0.3em 0; }\n"
	"section.copyright p.group { margin-top: 1.2em; }\n"
	/* a glossary's or a list of references' entries (front matter
	 * "lists: hanging"): flush left, later lines indented 1.5em
	 * (LAY_HANG in the PDF), not hyphenated; after every rule for a
	 * plainer "p" (aside.note p, section.copyright p), which stylelint's
	 * no-descending-specificity asks of a sheet (check-outputs) */
	"ul.hanging { list-style-type: none; margin-left: 0; padding-left: 1.5em; }\n"
	"ul.hanging > li, ul.hanging > li > p { text-indent: -1.5em; text-align: left;\n"
	"  -epub-hyphens: none; -webkit-hyphens: none; hyphens: none; }\n"
	"nav#toc ol { list-style-type: none; margin: 0; padding: 0; }\n"
	"nav#toc a { text-decoration: none; color: inherit; }\n"
	"nav#toc > ol > li > a { font-weight: bold; }\n";

/* Whether the book has a node of type t (the rules of callouts and
 * definition lists go only into the sheets of books that have them). */
static bool book_has(const ov_doc *doc, ov_node_type t)
{
	ov_iter it = ov_iter_start(doc->root);
	ov_node *n;
	bool ent;
	while ((n = ov_iter_next(&it, &ent))) {
		if (!ent)
			continue;
		if (n->type == t)
			return true;
		if (n->type == OV_NODE_PARAGRAPH || n->type == OV_NODE_HEADING || n->type == OV_NODE_TABLE)
			ov_iter_skip_children(&it, n); /* inlines hold no blocks */
	}
	return false;
}

/* Callouts as the PDF sets them (flow.c): a tint, a bar of the kind's
 * colour at the left, the label in that colour and bold; definition
 * lists with bold terms and definitions indented as list items. */
static void mdbook_rules(ov_buf *b, const ov_doc *doc, double B, double L)
{
	const ov_theme *t = &doc->meta.theme;
	if (book_has(doc, OV_NODE_CALLOUT)) {
		double pad = t->callout_padding / B;
		ov_buf_printf(b,
		              "aside.callout { margin: %sem 0 %sem 0; padding: %sem %sem %sem %sem; "
		              "border-left: %spt solid %s; background-color: %s; }\n",
		              N(t->callout_spacing * L).s, N(t->callout_spacing * L).s, N(pad).s, N(pad).s, N(pad).s,
		              N(pad).s, N(t->callout_bar_width).s, C(t->callout_color[0]).s, C(t->callout_background).s);
		ov_buf_puts(b, "p.callout-label { font-weight: bold; text-indent: 0; margin: 0; }\n"
		               "p.callout-label + p { margin-top: 0; text-indent: 0; }\n");
		for (int k = 0; k < OV_CALLOUT_KINDS; k++) {
			const char *name = ov_callout_name((ov_callout_kind)k);
			ov_buf_printf(b, "aside.callout-%s { border-left-color: %s; }\n", name, C(t->callout_color[k]).s);
			ov_buf_printf(b, "aside.callout-%s p.callout-label { color: %s; }\n", name, C(t->callout_color[k]).s);
		}
	}
	/* a glossary's terms (xhtml.c), hanging as in the PDF */
	ov_buf_printf(b, "dl.glossary dt { font-weight: bold; margin: %sem 0 0 0; }\n"
	                 "dl.glossary dd { margin: 0 0 0 %sem; }\ndl.glossary dfn { font-style: normal; }\n",
	              N(t->list_spacing * L).s, N(t->list_indent).s);
	if (book_has(doc, OV_NODE_DEFLIST)) {
		ov_buf_printf(b, "dl { margin: %sem 0 %sem 0; }\ndt { font-weight: bold; margin: %sem 0 0 0; }\n",
		              N(t->list_spacing * L).s, N(t->list_spacing * L).s, N(t->list_spacing * L).s);
		ov_buf_printf(b, "dt:first-child { margin-top: 0; }\ndd { margin: 0 0 0 %sem; }\n", N(t->list_indent).s);
	}
}

/* The rules the theme decides, as the PDF's layout reads them (src/layout):
 * sizes in em of the body (a heading's margins in its own em), vertical
 * spaces as lines of the body's leading, colours as they are. Reading
 * systems set the body size and may override colours; the sheet never
 * sets either on the body unless the theme changes the text's colour. */
static void themed_rules(ov_buf *b, const ov_doc *doc)
{
	const ov_theme *t = &doc->meta.theme;
	/* the page setup the PDF is set in (a document laid out by nothing
	 * else, as in the unit tests, has none: then the default size's) */
	const ov_page_setup *p = doc->meta.page.body_size > 0 ? &doc->meta.page : &t->page[OV_PAGE_6X9IN];
	double B = p->body_size, L = p->leading / p->body_size;
	bool black = t->text_color == OV_COLOR_BLACK;

	ov_buf_puts(b, "\n/* ---- from the theme (book.yaml, theme:) ---- */\n");
	ov_buf_printf(b, "body { line-height: %s;%s%s%s }\n", N(L).s, black ? "" : " color: ",
	              black ? "" : C(t->text_color).s, black ? "" : ";");
	/* a paragraph that follows one is set apart by a space, an indent or
	 * both, as the PDF does */
	ov_buf_puts(b, "p { margin: 0; text-align: justify; text-indent: 0; }\n");
	ov_buf_printf(b, "p + p { margin-top: %sem; text-indent: %sem; }\n", N(t->paragraph_spacing * L).s,
	              N(t->paragraph_indent).s);
	/* links: underlined, for colour alone does not tell a link from its
	 * text (WCAG 1.4.1); the text's colour unless the theme gives one */
	ov_buf_printf(b, "a { color: %s; text-decoration: underline; }\n",
	              t->link_color == t->text_color ? "inherit" : C(t->link_color).s);
	ov_buf_puts(b, "em { font-style: italic; }\nstrong { font-weight: bold; }\n");
	ov_buf_printf(b, "sup { font-size: %sem; line-height: 0; vertical-align: super; }\n", N(t->mark_size).s);

	/* headings: the chapter's title is an h1 of class chapter-title */
	ov_buf_printf(b, "h1, h2, h3, h4, h5, h6 { line-height: %s;", N(t->heading_leading).s);
	if (t->heading_color != t->text_color)
		ov_buf_printf(b, " color: %s;", C(t->heading_color).s);
	ov_buf_puts(b, " }\n");
	for (int i = 0; i < OV_HEADING_LEVELS; i++) {
		double size = t->heading_size[i];
		ov_buf_printf(b, "h%d { font-size: %sem; ", i + 1, N(size).s);
		face_props(b, t->heading_face[i]);
		ov_buf_printf(b, " margin: %sem 0 %sem 0; }\n", N(t->heading_above[i] * L / size).s,
		              N(t->heading_below * L / size).s);
	}
	/* the PDF drops a chapter's opening by a share of its text block; a
	 * reading system's page is the screen (vh) */
	ov_buf_printf(b, "h1.chapter-title { font-size: %sem; line-height: %s; margin: %svh 0 %sem 0; }\n",
	              N(t->title_size).s, N(t->title_leading).s, N(t->chapter_drop * 100).s,
	              N(t->title_space_after * L / t->title_size).s);
	double gap = t->label_gap - 1.2;
	ov_buf_printf(b, ".chapter-label { display: block; font-size: %sem; line-height: 1.2; margin-bottom: %sem; ",
	              N(t->label_size / t->title_size).s, N(gap > 0 ? gap : 0).s);
	face_props(b, t->label_face);
	/* a grey label on black text is the text's colour made translucent,
	 * so that it stays as far from the page as the theme put it on a
	 * page of any colour, dark included (#404040: 75 % of black) */
	unsigned lr = ov_color_r(t->label_color);
	if (t->text_color == OV_COLOR_BLACK && lr == ov_color_g(t->label_color) && lr == ov_color_b(t->label_color))
		ov_buf_printf(b, " opacity: %s; }\n", N((255 - lr) / 255.0).s);
	else
		ov_buf_printf(b, " color: %s; }\n", C(t->label_color).s);

	/* blocks */
	ov_buf_printf(b, "ul, ol { margin: %sem 0 %sem %sem; padding: 0; }\nli { margin: 0; }\n",
	              N(t->list_spacing * L).s, N(t->list_spacing * L).s, N(t->list_indent).s);
	/* the bar sits in the quote's indent, at quote_bar_at of it */
	double bar = t->quote_bar_width / B;
	double pad = t->quote_indent * (1 - t->quote_bar_at) - bar;
	ov_buf_printf(b,
	              "blockquote { margin: %sem %sem %sem %sem; padding-left: %sem; "
	              "border-left: %spt solid %s; }\n",
	              N(t->quote_spacing * L).s, N(t->quote_indent / 2).s, N(t->quote_spacing * L).s,
	              N(t->quote_indent * t->quote_bar_at).s, N(pad > 0 ? pad : 0).s, N(t->quote_bar_width).s,
	              C(t->quote_bar_color).s);
	mdbook_rules(b, doc, B, L);
	/* a thematic break takes a line below its space, its rule in the middle */
	ov_buf_printf(b, "hr { border: 0; border-top: %spt solid %s; width: %s%%; margin: %sem auto %sem auto; }\n",
	              N(t->rule_weight).s, RC(t, t->rule_color).s, N(t->break_width * 100).s,
	              N((t->break_spacing + 0.5) * L).s, N(0.5 * L).s);

	/* code: a block's size is the body's share, code in text the text's */
	ov_buf_printf(b, "code { font-size: %sem; }\n", N(t->inline_code_size).s);
	double cs = t->code_size;
	ov_buf_printf(b,
	              "pre { font-size: %sem; line-height: %s; background-color: %s; padding: %sem; "
	              "margin: %sem 0 %sem 0; }\n",
	              N(cs).s, N(t->code_leading).s, C(t->code_background).s, N(t->code_padding / (B * cs)).s,
	              N(t->code_space[0] * L / cs).s, N(t->code_space[1] * L / cs).s);
	code_colors(b, t);

	/* tables in the booktabs manner, across the measure */
	double ts = t->table_size, tp = t->table_padding / (B * ts);
	ov_buf_printf(b, "div.table { margin: %sem 0 %sem 0; }\n", N(t->table_space[0] * L).s,
	              N(t->table_space[1] * L).s);
	ov_buf_printf(b,
	              "table { width: 100%%; border-collapse: collapse; font-size: %sem; line-height: %s; "
	              "border-top: %spt solid %s; border-bottom: %spt solid %s; margin: 0; }\n",
	              N(ts).s, N(t->table_leading).s, N(t->table_rule).s, RC(t, t->table_rule_color).s,
	              N(t->table_rule).s, RC(t, t->table_rule_color).s);
	ov_buf_printf(b, "th, td { padding: %sem %sem; font-weight: normal; }\n", N(tp / 2).s, N(tp).s);
	ov_buf_puts(b, "thead th { ");
	face_props(b, t->table_header_face);
	ov_buf_printf(b, " border-bottom: %spt solid %s; }\n", N(t->table_header_rule).s, RC(t, t->table_rule_color).s);

	/* figures */
	double cap = t->caption_size;
	ov_buf_printf(b, "figure { margin: %sem 0 %sem 0; }\n", N(t->figure_space[0] * L).s,
	              N(t->figure_space[1] * L).s);
	ov_buf_printf(b, "figcaption { font-size: %sem; line-height: %s; margin-top: %sem; ", N(cap).s,
	              N(t->caption_leading).s, N(t->caption_gap / (B * cap)).s);
	face_props(b, t->caption_face);
	ov_buf_puts(b, " }\n");

	/* notes: the PDF's short rule above them, the number hanging in the
	 * indent */
	double ns = t->note_size;
	/* (on the aside that pop-up readers hide, xhtml.c, so that no rule
	 * is left at a chapter's end there) */
	ov_buf_printf(b, "aside.notes-all { margin-top: %sem; font-size: %sem; line-height: %s; }\n", N(2 * L / ns).s,
	              N(ns).s, N(t->note_leading).s);
	ov_buf_printf(b,
	              "aside.notes-all::before { content: \"\"; display: block; width: %s%%; "
	              "border-top: %spt solid %s; }\n",
	              N(t->note_rule_length * 100).s, N(t->note_rule_weight).s, RC(t, t->rule_color).s);
	ov_buf_printf(b, "aside.note { margin: 0; padding-left: %sem; }\n", N(t->note_indent).s);
	ov_buf_printf(b, ".note-number { display: inline-block; width: %sem; margin-left: -%sem; }\n",
	              N(t->note_indent).s, N(t->note_indent).s);

	/* the title page and the copyright page, set as far down the screen as
	 * the PDF sets them down the text block */
	ov_buf_printf(b, "section.titlepage { padding-top: %svh; }\n", N(t->title_page_drop * 100).s);
	ov_buf_printf(b, "section.titlepage h1 { font-size: %sem; }\n", N(t->title_page_size[0]).s);
	ov_buf_printf(b,
	              "section.titlepage .subtitle { font-size: %sem; font-style: italic; margin-bottom: 1em; }\n",
	              N(t->title_page_size[1]).s);
	ov_buf_printf(b, "section.titlepage .author { font-size: %sem; margin: 0; }\n", N(t->title_page_size[2]).s);
	ov_buf_printf(b, "section.titlepage .publisher { font-size: %sem; }\n", N(t->title_page_size[3]).s);
	ov_buf_printf(b, "section.copyright { font-size: %sem; padding-top: %svh; }\n", N(t->copyright_size).s,
	              N(t->copyright_drop * 100).s);
}

/* The theme's rules for elements in their places, after the fixed ones
 * (fixed_specific_rules), which are less specific. */
static void themed_late_rules(ov_buf *b, const ov_doc *doc)
{
	const ov_theme *t = &doc->meta.theme;
	ov_buf_puts(b, "\n/* ---- from the theme, in their places ---- */\n");
	/* a note's paragraphs follow each other without the text's spacing */
	ov_buf_puts(b, "aside.note p + p { margin-top: 0; text-indent: 0; }\n");
	/* the contents: as deep as the PDF's page of contents (the reading
	 * system's navigation keeps every level, as the PDF's outline does) */
	ov_buf_printf(b, "nav#toc li { margin: 0; line-height: %s; }\n", N(t->contents_leading).s);
	ov_buf_printf(b, "nav#toc > ol > li { margin-top: %sem; }\n", N(t->contents_space * t->contents_leading).s);
	ov_buf_printf(b, "nav#toc ol ol { margin-left: %sem; }\n", N(t->contents_indent).s);
	if (t->contents_depth < 3) {
		ov_buf_puts(b, "nav#toc");
		for (int i = 0; i <= t->contents_depth; i++)
			ov_buf_puts(b, " ol");
		ov_buf_puts(b, " { display: none; }\n");
	}
}

/* Under a dark colour scheme (Media Queries Level 5, prefers-color-scheme;
 * a reading system's night mode that says so): the theme's colours other
 * than the text's, which are meant for a light page, mixed 60 % with
 * white as the code's are (each then keeps 4.5:1 on a dark page), and
 * the book's SVG figures, drawn dark on white, turned light on dark:
 * inverted, with their hues turned back (invert + a half turn of hue
 * keeps a blue bar blue). Photographs and other raster images stay as
 * they are. Rules need nothing here: they are currentColor (RC). A
 * reading system that darkens its page without saying so gets the
 * light-page colours; the code keeps its own light block then. */
static void dark_rules(ov_buf *b, const ov_doc *doc)
{
	const ov_theme *t = &doc->meta.theme;
	ov_buf_puts(b, "@media (prefers-color-scheme: dark) {\n");
	ov_buf_puts(b, "  figure img[src$=\".svg\"] { filter: invert(1) hue-rotate(180deg); }\n");
	unsigned lr = ov_color_r(t->label_color);
	bool grey_label = t->text_color == OV_COLOR_BLACK && lr == ov_color_g(t->label_color) &&
	                  lr == ov_color_b(t->label_color);
	if (t->label_color != t->text_color && !grey_label)
		ov_buf_printf(b, "  .chapter-label { color: %s; }\n", C(lighter(t->label_color, 0.6)).s);
	if (t->heading_color != t->text_color)
		ov_buf_printf(b, "  h1, h2, h3, h4, h5, h6 { color: %s; }\n", C(lighter(t->heading_color, 0.6)).s);
	if (t->link_color != t->text_color)
		ov_buf_printf(b, "  a { color: %s; }\n", C(lighter(t->link_color, 0.6)).s);
	if (book_has(doc, OV_NODE_CALLOUT)) {
		ov_buf_printf(b, "  aside.callout { background-color: %s; }\n", C(DARK_BG).s);
		for (int k = 0; k < OV_CALLOUT_KINDS; k++) {
			const char *name = ov_callout_name((ov_callout_kind)k);
			num_text c = C(lighter(t->callout_color[k], 0.6));
			ov_buf_printf(b, "  aside.callout-%s { border-left-color: %s; }\n", name, c.s);
			ov_buf_printf(b, "  aside.callout-%s p.callout-label { color: %s; }\n", name, c.s);
		}
	}
	ov_buf_puts(b, "}\n");
}

/* A rule of the sheet: its selector and its declarations. */
typedef struct {
	const char *sel, *decl; /* into the sheet; decl between the braces */
	size_t sel_len, decl_len;
	size_t more;            /* index of its first later rule of the same selector, 0: none */
	bool gone;              /* merged into an earlier one */
} css_rule;

/* Appends d[0..n) to out on one line: runs of white space become one space. */
static void put_squeezed(ov_buf *out, const char *d, size_t n)
{
	bool space = false, any = false; /* no space before the first or after the last */
	for (size_t i = 0; i < n; i++) {
		char c = d[i];
		if (c == ' ' || c == '\n' || c == '\t') {
			space = any;
			continue;
		}
		if (space)
			ov_buf_putc(out, ' ');
		space = false;
		any = true;
		ov_buf_putc(out, c);
	}
}

/* Rewrites the sheet in b with each selector once: a rule whose selector
 * came before joins the first rule of it, on one line (stylelint's
 * no-duplicate-selectors, which Calibre's checker applies). The sheet's
 * parts keep their order, so that no rule comes after a more specific one
 * for its element; the declarations joined keep theirs. Comments, @-rules
 * and their blocks (an @media's rules inside it too) stay as they are. */
static void merge_duplicates(ov_buf *b)
{
	const char *s = ov_buf_cstr(b);
	size_t len = b->len, n = 0, cap = 64;
	css_rule *r = ov_xmalloc(cap * sizeof *r);
	ov_buf out = OV_BUF_INIT;
	/* pass 1: the rules */
	for (size_t i = 0; i < len;) {
		size_t j = i;
		while (j < len && (s[j] == ' ' || s[j] == '\n'))
			j++;
		if (j + 1 < len && s[j] == '/' && s[j + 1] == '*') {
			const char *e = strstr(s + j + 2, "*/");
			i = e ? (size_t)(e - s) + 2 : len;
			continue;
		}
		const char *open = memchr(s + j, '{', len - j), *semi = memchr(s + j, ';', len - j);
		if (s[j] == '@' && semi && (!open || semi < open)) { /* @charset ...; */
			i = (size_t)(semi - s) + 1;
			continue;
		}
		if (!open)
			break;
		const char *close = memchr(open, '}', len - (size_t)(open - s));
		if (s[j] == '@') {
			/* a block of rules (@media): to its matching brace, whole */
			int depth = 0;
			for (close = open; close < s + len; close++)
				if (*close == '{')
					depth++;
				else if (*close == '}' && --depth == 0)
					break;
			if (close == s + len)
				close = NULL;
		}
		if (!close)
			break;
		if (n == cap) {
			cap *= 2;
			r = ov_xrealloc(r, cap * sizeof *r);
		}
		size_t se = (size_t)(open - s);
		while (se > j && s[se - 1] == ' ')
			se--;
		r[n] = (css_rule){s + j, open + 1, se - j, (size_t)(close - open - 1), 0, s[j] == '@'};
		r[n].gone = false;
		if (s[j] != '@')
			for (size_t k = 0; k < n; k++)
				if (!r[k].gone && r[k].sel[0] != '@' && r[k].sel_len == r[n].sel_len &&
				    memcmp(r[k].sel, r[n].sel, r[n].sel_len) == 0) {
					size_t last = k;
					while (r[last].more)
						last = r[last].more;
					r[last].more = n;
					r[n].gone = true;
					break;
				}
		n++;
		i = (size_t)(close - s) + 1;
	}
	/* pass 2: the sheet again, a joined rule where its first part was */
	size_t k = 0;
	for (size_t i = 0; i < len;) {
		if (k < n && s + i == r[k].sel) {
			const char *end = r[k].decl + r[k].decl_len + 1; /* past '}' */
			if (r[k].gone) {
				/* its declarations went into the first rule: drop it and its line end */
				i = (size_t)(end - s);
				if (i < len && s[i] == '\n')
					i++;
			} else if (r[k].more) {
				ov_buf_put(&out, r[k].sel, r[k].sel_len);
				ov_buf_puts(&out, " { ");
				size_t mark = out.len;
				for (size_t m = k;; m = r[m].more) {
					put_squeezed(&out, r[m].decl, r[m].decl_len);
					if (!r[m].more)
						break;
					if (out.len > mark && out.ptr[out.len - 1] != ' ')
						ov_buf_putc(&out, ' ');
				}
				ov_buf_puts(&out, " }");
				i = (size_t)(end - s);
			} else {
				ov_buf_put(&out, s + i, (size_t)(end - s) - i);
				i = (size_t)(end - s);
			}
			k++;
			continue;
		}
		ov_buf_putc(&out, s[i++]);
	}
	free(r);
	ov_buf_clear(b);
	ov_buf_put(b, out.ptr, out.len);
	ov_buf_dispose(&out);
}

void ov_epub_css(ov_buf *b, const ov_epub_fonts *fs, const ov_doc *doc)
{
	size_t n;
	const ov_epub_font *fonts = ov_epub_fonts_embedded(fs, &n);
	const char *serif = ov_epub_fonts_serif(fs), *mono = ov_epub_fonts_mono(fs);
	const ov_epub_font *face[OV_FACE__COUNT] = {NULL};
	for (int f = 0; f < OV_FACE__COUNT; f++)
		for (size_t i = 0; i < n && !face[f]; i++)
			if (fonts[i].faces & (1u << f))
				face[f] = &fonts[i];
	ov_buf_puts(b, "@charset \"UTF-8\";\n/* Octavo book stylesheet */\n\n");
	font_face(b, serif, face[OV_FACE_REGULAR], "normal", "normal");
	font_face(b, serif, face[OV_FACE_ITALIC], "italic", "normal");
	font_face(b, serif, face[OV_FACE_BOLD], "normal", "bold");
	font_face(b, serif, face[OV_FACE_BOLD_ITALIC], "italic", "bold");
	font_face(b, mono, face[OV_FACE_MONO], "normal", "normal");
	/* the fallback fonts in one style each: a reading system slants or
	 * emboldens their few glyphs for italic and bold text */
	for (size_t i = 0; i < n; i++)
		if (!fonts[i].faces)
			font_face(b, fonts[i].family, &fonts[i], "normal", "normal");
	/* the families, each with fallbacks for readers that ignore embedded
	 * fonts; the rest of the sheet does not name a family again but for
	 * the task boxes and note back-links. The embedded fallback fonts
	 * follow the face, in the order the PDF searches them; each holds
	 * only the characters the face lacks, so the next families serve
	 * only a reader that does without the embedded fonts. */
	ov_buf_printf(b, "\nbody {\n  font-family: \"%s\", ", serif);
	fallback_families(b, fs, false, "");
	ov_buf_puts(b, "Georgia, \"Times New Roman\", serif;\n"
	               "  margin: 0 5%;\n"
	               "  widows: 2;\n"
	               "  orphans: 2;\n"
	               "}\n");
	ov_buf_printf(b, "code, pre {\n  font-family: \"%s\", ", mono);
	/* DejaVu Sans Mono, the usual monospaced font of Linux systems, unless
	 * named already */
	if (!fallback_families(b, fs, true, "DejaVu Sans Mono") && strcmp(mono, "DejaVu Sans Mono") != 0)
		ov_buf_puts(b, "\"DejaVu Sans Mono\", ");
	ov_buf_puts(b, "Menlo, Consolas, monospace;\n"
	               "  -epub-hyphens: none; -webkit-hyphens: none; hyphens: none;\n"
	               "  font-variant-ligatures: none;\n"
	               "}\n");
	/* the ballot boxes of task items (U+2610, U+2611) and the notes'
	 * back-link arrows (U+21A9): symbols, from the face or the fallback
	 * font that the text's chain finds them in, else a system's sans
	 * serif, whose symbols are more often complete than a serif's */
	ov_buf_printf(b, ".task-box, a.note-back {\n  font-family: \"%s\", ", serif);
	fallback_families(b, fs, false, "");
	ov_buf_puts(b, "sans-serif;\n}\n");
	ov_buf_puts(b, fixed_base_rules);
	themed_rules(b, doc);
	ov_buf_puts(b, fixed_specific_rules);
	themed_late_rules(b, doc);
	dark_rules(b, doc);
	if (doc->root && ov_epub_has_math(doc, doc->root))
		ov_epub_math_css(b, ov_epub_fonts_math(fs));
	merge_duplicates(b);
}
