/*
 * include.h - mdBook's directives, expanded in a chapter's text before it
 * is parsed as Markdown (mdBook guide, "mdBook-specific features"):
 *
 *   {{#include FILE}}             the whole file
 *   {{#include FILE:ANCHOR}}      the lines between "ANCHOR: name" and
 *                                 "ANCHOR_END: name" (marker lines of every
 *                                 anchor left out)
 *   {{#include FILE:10:20}}       lines 10 to 20 (1-based, inclusive); also
 *                                 FILE:10 (one line), FILE:10: (to the end),
 *                                 FILE::20 (from the start)
 *   {{#rustdoc_include FILE...}}  the same lines: mdBook adds the others as
 *                                 hidden "# " lines, which it does not show,
 *                                 so they are left out here
 *   {{#playground FILE ATTRS}}    the whole file as a ```rust,ATTRS block
 *   {{#title TEXT}}               the chapter's title (after front matter's)
 *   \{{#...}}                     printed as written, without the backslash
 *
 *   ov_expanded x;
 *   if (ov_include_expand(doc, book_dir, "src/ch1.md", file, text, len, &x)) {
 *           ... parse x.text; ov_expanded_origin(&x, line) gives where line came from ...
 *           ov_expanded_dispose(&x);
 *   }
 *
 * Trust: chapters and the files they include are untrusted. A FILE is
 * relative to the file that names it and must stay inside the book folder
 * (ov_path_confine); includes nest at most OV_INCLUDE_MAX_DEPTH deep, a file
 * that includes itself is refused, and the expanded text is at most
 * OV_MAX_FILE_SIZE bytes. A missing file, an unknown anchor, an empty line
 * range, invalid UTF-8 in an included file and each crossed bound are
 * errors at the directive's position; the directive is left out.
 */
#ifndef OV_INCLUDE_H
#define OV_INCLUDE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "doc/doc.h"

/* Includes nest at most this deep (mdBook's MAX_LINK_NESTED_DEPTH): enough
 * for a listing that includes a fragment, and a bound on the recursion. */
#define OV_INCLUDE_MAX_DEPTH 10

/* Where a line of the expanded text came from. */
typedef struct {
	uint32_t file; /* ov_diag_file index */
	uint32_t line; /* 1-based line in that file */
} ov_src_line;

typedef struct {
	char *text;          /* the expanded chapter, NUL-terminated; malloc'ed */
	size_t len;
	ov_src_line *lines;  /* origin of line i + 1 of text; malloc'ed */
	size_t line_count;
	const char *title;   /* from {{#title}} (doc arena), NULL if none */
} ov_expanded;

/* Expands the directives of text[0..len), the chapter shown as path
 * (relative to book_dir; file is its ov_diag_file index). Returns false,
 * with *out untouched, when the text holds no "{{" (nothing to do: the
 * caller parses text as it is); else true with *out filled, for
 * ov_expanded_dispose. Problems go to doc->diag. book_dir NULL: every
 * include is refused (a chapter parsed without a book). */
bool ov_include_expand(ov_doc *doc, const char *book_dir, const char *path, uint32_t file, const char *text,
                       size_t len, ov_expanded *out);

/* The origin of line (1-based) of x's text; lines past the end map past
 * the last line's origin. */
ov_src_line ov_expanded_origin(const ov_expanded *x, uint32_t line);

void ov_expanded_dispose(ov_expanded *x);

#endif
