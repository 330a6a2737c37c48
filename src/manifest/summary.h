/*
 * summary.h - a book's contents file (SUMMARY.md, in mdBook's or
 * GitBook's form) to the list of its chapters: their order, the titles of
 * their entries, parts, unnumbered prefix and suffix chapters, and nesting.
 *
 *   ov_chapter_ref *ch; size_t n;
 *   ov_summary_parse(&doc, "src/SUMMARY.md", text, len, &ch, &n);
 *   ... ch[i].path is relative to the book folder ...
 *   free(ch);
 *
 * The forms read (https://rust-lang.github.io/mdBook/format/summary.html
 * and GitBook's SUMMARY.md), as a CommonMark document parsed by cmark-gfm:
 *   - a first heading "Summary" or "Table of contents" is the file's own
 *     title and is skipped;
 *   - links in paragraphs are unnumbered chapters: before the first list
 *     mdBook's prefix chapters (a title page, a foreword), after it the
 *     suffix chapters (an afterword, a glossary);
 *   - list items whose first paragraph opens with a link ("- [Title](a.md)"
 *     or "* [Title](a.md)") are numbered chapters; an item nested in another
 *     item's list is a sub-chapter (depth 1, 2, ...: unnumbered, on the
 *     page flow of the chapter before it);
 *   - any other heading ("# Part I", GitBook's "## Part") names a part,
 *     which opens with the next entry;
 *   - thematic breaks ("---", mdBook's separators) and other text are
 *     passed over.
 * An entry with an empty target ("- [Title]()") is a draft: left out, and
 * all drafts are said in one note. Targets are relative to the folder of
 * the summary, percent-decoded (RFC 3986 §2.1), without their "#fragment";
 * a target ending in '/' means its README.md. Links with a scheme are not
 * chapters (one warning each).
 *
 * Trust: the file is untrusted. Targets are not confined here: the loader
 * confines each one to the book folder and reports a missing file at the
 * entry's line and column. Nesting deeper than OV_SUMMARY_MAX_DEPTH is
 * taken at that depth, with one warning; the walk is cmark's iterator, so
 * nothing recurses. A target listed twice is kept once (a warning).
 */
#ifndef OV_SUMMARY_H
#define OV_SUMMARY_H

#include <stddef.h>

#include "manifest/manifest.h"

/* Sub-chapters nest at most this deep (an entry in a list in a list ...
 * of depth 8 is the 9th level): deeper entries are kept at this depth.
 * Contents, outline and nav show about three levels; mdBook books seldom
 * go past four. */
#define OV_SUMMARY_MAX_DEPTH 8

/* Parses text[0..len), the summary at path (relative to the book folder;
 * its diagnostics are reported against that file), into *out, a
 * malloc'ed array of *count chapters whose strings live in doc->arena.
 * Problems go to doc->diag; never fails (an empty summary gives none). */
void ov_summary_parse(ov_doc *doc, const char *path, const char *text, size_t len, ov_chapter_ref **out,
                      size_t *count);

#endif
