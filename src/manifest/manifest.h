/*
 * manifest.h - book.yaml and chapter front matter (libyaml).
 *
 *   ov_chapter_ref *ch; size_t n;
 *   if (ov_manifest_load(&doc, book_dir, &ch, &n) == 0) ...
 *   free(ch);
 *
 * Trust: book.yaml and front matter are untrusted; every problem is a
 * diagnostic at the YAML's line and column, and loading goes on so that one
 * run reports them all. A YAML syntax error, or YAML nested more than
 * OV_MAX_NESTING levels, aliased past a bound or with too many %TAG
 * directives (yamltree.h), is one error and the YAML is not used; parsing
 * and checking stay linear in the input.
 *
 * book.yaml keys (all strings unless noted):
 *   title (required), subtitle, authors (list; a single string is accepted),
 *   language (BCP 47, default "en"), identifier (ISBN or URN; default a
 *   version-5 UUID of title, authors, language and output: ov_book_uuid),
 *   date, publisher, rights, description, subjects (list), cover (image
 *   file), output (base name of the outputs; default a slug of the
 *   title), chapters (list of files; default
 *   chapters/NAME.md files sorted by name), page (a size name "6x9in", "a4",
 *   "letter", or a mapping {size, top, bottom, inner, outer, two-sided}
 *   with lengths such as "0.75in", "18mm", "2cm" or "54pt"), fonts (mapping
 *   of regular, italic, bold, bold-italic, monospace to TTF files),
 *   theme (mapping of typographic settings both books follow: themeyaml.h,
 *   doc/theme.h), no-hyphenation (list of words the PDF never hyphenates).
 * The page setup is the size's in the theme (margins, body size,
 * leading), with the margins the page mapping gives.
 */
#ifndef OV_MANIFEST_H
#define OV_MANIFEST_H

#include <stddef.h>

#include "doc/doc.h"

/* A chapter named by the manifest. */
typedef struct {
	const char *path; /* relative to the book folder (arena) */
	ov_pos pos;       /* where book.yaml names it; file 0 when defaulted */
} ov_chapter_ref;

/* Reads book_dir/book.yaml into doc->meta and lists the chapters.
 * Returns 0 when the manifest could be read (even with errors reported),
 * -1 when there is no usable manifest at all. *out is malloc'ed. */
int ov_manifest_load(ov_doc *doc, const char *book_dir, ov_chapter_ref **out, size_t *count);

/* The same from the text of a book.yaml already read (tests, fuzzing);
 * book_dir still anchors relative paths. */
int ov_manifest_parse(ov_doc *doc, const char *book_dir, const char *text, size_t len,
                      ov_chapter_ref **out, size_t *count);

/* Sets *page to a named size ("6x9in", "a4", "letter") with the default
 * theme's margins and text size (ov_theme_page with a book's theme gives
 * its own). Returns -1 for an unknown name. */
int ov_page_setup_named(ov_page_setup *page, const char *name);

/* "urn:uuid:" and 36 characters, with the NUL. */
#define OV_BOOK_UUID_SIZE 46

/* The identifier of a book whose book.yaml sets none, written into out:
 * "urn:uuid:" and a version-5 (name-based, SHA-1) UUID, RFC 4122 §4.3,
 * made with libuuid in Octavo's own namespace from the fields that tell
 * one book from another and stay the same from one build or machine to
 * the next: the title, the authors in order, the language and the output
 * name, read from m with their defaults applied. The name hashed is those
 * fields as NUL-terminated key and value pairs:
 * "title\0T\0author\0A1\0author\0A2\0language\0L\0output\0O\0".
 * Paths, dates, the other metadata, the chapter list and the text are
 * left out, so that a new chapter or a corrected date does not make the
 * book a new one to reading systems; two books that agree on all four
 * fields need an 'identifier' (or another 'output') to differ. */
void ov_book_uuid(const ov_meta *m, char out[OV_BOOK_UUID_SIZE]);

/* Front matter of one chapter. */
typedef struct {
	const char *title; /* NULL if absent */
	int numbered;      /* -1 absent, 0 false, 1 true */
} ov_front_matter;

/* Parses text[0..len) (the YAML between the --- lines) as front matter of
 * the file registered as file_id; first_line is the line of text[0] in the
 * file. Problems go to doc->diag. */
void ov_front_matter_parse(ov_doc *doc, uint32_t file_id, const char *text, size_t len,
                           uint32_t first_line, ov_front_matter *out);

/* The folder that holds the bundled fonts: $OCTAVO_FONT_DIR, the source
 * tree's fonts/ for a build-tree binary, or the install data folder. */
const char *ov_default_font_dir(void);

#endif
