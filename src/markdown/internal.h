/*
 * internal.h - what markdown.c and html.c share; not used outside
 * src/markdown/ (no cmark or libxml2 type leaves this folder).
 *
 * markdown.c walks cmark-gfm's tree; where a container holds raw HTML
 * blocks, or a paragraph, heading or table cell holds raw inline HTML,
 * it hands that part to html.c, which parses it with libxml2's HTML parser
 * and maps the elements into the document tree. Markdown nodes met inside
 * that HTML (a paragraph between "<details>" and "</details>", emphasis
 * inside "<sup>") are converted back through ov_md_convert.
 */
#ifndef OV_MARKDOWN_INTERNAL_H
#define OV_MARKDOWN_INTERNAL_H

#include <stdbool.h>

#include <cmark-gfm.h>

#include "include.h"
#include "markdown.h"

/* One chapter's conversion. */
typedef struct {
	ov_doc *doc;
	uint32_t file;          /* diagnostics file index */
	ov_node *chapter;
	int footnote_defs;      /* definitions met so far */
	bool deep_reported;     /* the nesting error was given */
	unsigned html_warned;   /* kinds of lost HTML warned about (html.c) */
	const ov_expanded *x;   /* the text after mdBook's directives, NULL if none */
	/* figures part: the text cmark parses (after the directives), so that
	 * html.c can find the column of an element on its line */
	const char *src;
	size_t src_len;
	size_t *line_start;     /* offsets of src's lines, made on first use by
	                         * html.c (hm_pos_of); freed with the conversion */
	size_t lines;
	struct ov_md_math *math; /* math recognition (mathsyntax.h), NULL when off */
} ov_md_conv;

/* The line of the parsed text (after mdBook's directives) that holds
 * line pl, as a pointer and length (without its line end); NULL past the
 * end. Makes c->line_start on first use. */
const char *ov_md_parsed_line(ov_md_conv *c, uint32_t pl, size_t *len);

/* Converts cmark node n and its subtree under parent, depth being the
 * number of containers open below the chapter; deeper than OV_MAX_NESTING
 * is reported and left out. */
void ov_md_convert(ov_md_conv *c, cmark_node *n, ov_node *parent, int depth);

/* The position of line:col of the parsed text in its source: the chapter,
 * or a file it includes (include.h). */
ov_pos ov_md_src_pos(const ov_md_conv *c, uint32_t line, uint32_t col);

/* The position of cmark node n (parent's when n has none). */
ov_pos ov_md_pos(const ov_md_conv *c, cmark_node *n, const ov_node *parent);

/* True when a child of n is raw HTML that is more than a comment: an
 * HTML block (ov_html_has_blocks) or inline HTML (ov_html_has_inlines). */
bool ov_html_has_blocks(cmark_node *n);
bool ov_html_has_inlines(cmark_node *n);

/* Converts the children of cmark container n (the document, a block
 * quote, an item...) into into: its HTML blocks and placeholders for its
 * other blocks are parsed as one HTML text, so that elements opened in one
 * HTML block and closed in a later one enclose the Markdown between. */
void ov_html_blocks(ov_md_conv *c, cmark_node *n, ov_node *into, int depth);

/* Converts the inline children of cmark node n (a paragraph, heading or
 * table cell) into into, which already exists: the inlines are written as
 * HTML, parsed and mapped. */
void ov_html_inlines(ov_md_conv *c, cmark_node *n, ov_node *into, int depth);

/* After a chapter is converted: anchors standing alone in a paragraph
 * move to the start of the next paragraph or heading. */
void ov_html_finish(ov_md_conv *c, ov_node *chapter);

/* Sets up libxml2 once for the whole process (html.c); called before
 * chapters are parsed on several threads, and again harmlessly by each
 * HTML block. */
void ov_html_init(void);

#endif
