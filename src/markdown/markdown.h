/*
 * markdown.h - one chapter file (CommonMark + GFM tables, strikethrough,
 * autolinks, task lists, footnotes; smart punctuation) to a CHAPTER subtree
 * of the document tree. cmark-gfm is used only here: no cmark type leaves
 * this folder.
 *
 *   ov_node *ch = ov_markdown_chapter(&doc, "chapters/01-intro.md", bytes, len);
 *
 * Raw HTML is parsed with libxml2's HTML parser and mapped into the tree
 * (html.c: which elements become which nodes, and what is left out).
 *
 * Trust: chapter bytes are untrusted. Invalid UTF-8, front-matter errors,
 * HTML that cannot be shown and unresolved footnote references are
 * diagnostics; the chapter is still converted so that later stages can
 * report their problems too.
 */
#ifndef OV_MARKDOWN_H
#define OV_MARKDOWN_H

#include <stddef.h>

#include "doc/doc.h"
/* OV_MAX_NESTING: the deepest nesting of containers (block quotes, lists,
 * items, emphasis, links...) converted; anything deeper is reported as an
 * error and left out, so that no later stage can recurse without bound.
 * The same bound applies to YAML, hence its place in util. */
#include "util/nesting.h"

/* Parses text[0..len) (the contents of the file shown as display_path,
 * relative to the book folder) and appends a CHAPTER node to doc->root.
 * An optional YAML front matter block between "---" lines opens the file.
 * Returns the chapter node (never NULL). */
ov_node *ov_markdown_chapter(ov_doc *doc, const char *display_path, const char *text, size_t len);

/* The heading that opens chapter ch and names it: the first h1 among its
 * blocks, else the first heading of any level; headings whose plain text
 * equals skip (NULL: none) are passed over. NULL when there is none. */
ov_node *ov_chapter_title_heading(const ov_node *ch, const char *skip);

/* The same for a chapter of the book in book_dir, whose mdBook directives
 * ({{#include}}, {{#title}}, ...: include.h) read files of that folder
 * relative to the chapter; with book_dir NULL every include is refused. */
ov_node *ov_markdown_chapter_in(ov_doc *doc, const char *book_dir, const char *display_path, const char *text,
                                size_t len);

/* Loads a whole book: book_dir/book.yaml into doc->meta, then every chapter
 * it lists (paths confined to book_dir), converted in order. Problems go
 * to doc->diag and loading goes on; returns -1 only when there is no
 * usable manifest. The passes (ov_doc_resolve) are left to the caller, who
 * may adjust doc->meta first. */
int ov_book_load(ov_doc *doc, const char *book_dir);

/* The same, calling after_manifest(ctx, doc) once book.yaml is read and
 * before the chapters are (when the manifest is usable), and parsing the
 * chapters on up to jobs threads (1: on the calling thread). The tree and
 * the messages are the same for any jobs. */
int ov_book_load_with(ov_doc *doc, const char *book_dir, void (*after_manifest)(void *ctx, ov_doc *doc),
                      void *ctx, int jobs);

#endif
