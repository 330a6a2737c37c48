/*
 * blocks.h - block conventions of GitHub and mdBook books that cmark-gfm
 * does not know, recognised on a chapter's converted tree (ov_node):
 *
 *   GitHub alerts (GitHub Docs, "Basic writing and formatting syntax",
 *   Alerts): a block quote whose first line is exactly [!NOTE], [!TIP],
 *   [!IMPORTANT], [!WARNING] or [!CAUTION] (any case, spaces after it
 *   allowed) becomes a CALLOUT of that kind; the marker line is removed.
 *
 *   Definition lists (PHP Markdown Extra and pandoc's syntax):
 *       Term                 Term
 *       : Definition         <blank line>
 *       : Another one        : A definition as a paragraph of its own
 *   A paragraph whose first line does not start with ": " and a later line
 *   does is a list: its lines before the first ": " line are terms, each
 *   ": " line opens a definition and the lines after it continue it. A
 *   paragraph that starts with ": " right after a paragraph (or a list made
 *   so) gives that paragraph's lines as terms (or the list's last term) a
 *   definition. Consecutive term groups make one DEFLIST.
 *
 * Limits: the tree is what cmark-gfm made of the text, so a definition's
 * further paragraphs must follow as ": " paragraphs (pandoc's indented
 * continuation blocks are code blocks in CommonMark), a ": " that starts a
 * line inside emphasis or a link spanning lines is not seen, and the
 * marker of an alert must be plain text (not a link or emphasis).
 */
#ifndef OV_BLOCKS_H
#define OV_BLOCKS_H

#include "doc/doc.h"

/* Turns the alerts and definition lists of chapter ch into CALLOUT and
 * DEFLIST nodes (in doc's arena). Never fails; reports nothing. */
void ov_markdown_blocks(ov_doc *doc, ov_node *ch);

#endif
