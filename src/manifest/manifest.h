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
 *   version-5 UUID of title, authors, language and output: ov_book_uuid;
 *   an ISBN is checked), isbn, date, publisher, rights, copyright,
 *   rights-holder, license (name or {name, url}), edition,
 *   contents-exclude (list) - the copyright page's keys: imprint.h -,
 *   description, subjects (list), cover (image
 *   file), output (base name of the outputs; default a slug of the
 *   title), chapters (list of files; default
 *   chapters/NAME.md files sorted by name), summary (a SUMMARY.md that lists the
 *   chapters instead: summary.h), page (a size name "6x9in", "a4",
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

#include <stdbool.h>
#include <stddef.h>

#include "doc/doc.h"
#include "util/buf.h"

/* A chapter named by the manifest. */
typedef struct {
	const char *path; /* relative to the book folder (arena) */
	ov_pos pos;       /* where book.yaml (or SUMMARY.md) names it; file 0 when defaulted */
	/* summary part (from a contents file, or a folder read without book.yaml): */
	const char *title; /* the title of its contents entry, NULL if none */
	const char *part;  /* the title of the part it opens, NULL if none */
	int depth;         /* 0 a chapter, 1.. a sub-chapter nested that deep */
	bool unnumbered;   /* a prefix or suffix chapter, a sub-chapter, an introduction */
} ov_chapter_ref;

/* Reads book_dir/book.yaml into doc->meta and lists the chapters.
 * Without a book.yaml (none at all: not a book.yaml that cannot be read)
 * the folder is read as it is (summary part): its SUMMARY.md (or
 * src/SUMMARY.md, mdBook's place) gives the chapters (summary.h);
 * without one, README.md (first, unnumbered) and the other .md files of
 * the folder and its subfolders in name order (ov_manifest_folder).
 * doc->meta.title stays NULL then, and doc->meta.assumed says what was
 * taken; the loader names the book once the chapters are read
 * (ov_manifest_name_book).
 * Returns 0 when the manifest could be read (even with errors reported),
 * -1 when there is no usable manifest at all. *out is malloc'ed. */
int ov_manifest_load(ov_doc *doc, const char *book_dir, ov_chapter_ref **out, size_t *count);

/* The same from the text of a book.yaml already read (tests, fuzzing);
 * book_dir still anchors relative paths. */
int ov_manifest_parse(ov_doc *doc, const char *book_dir, const char *text, size_t len,
                      ov_chapter_ref **out, size_t *count);

/* Lists the chapters of a folder without book.yaml or SUMMARY.md into
 * *out (malloc'ed, *count entries; paths in doc->arena): README.md of the
 * folder first and unnumbered, then the .md files in name order, a
 * subfolder's files at the subfolder's place by name, its README.md
 * first. Hidden names, node_modules, out, _book, a folder with its own
 * book.yaml, SUMMARY.md, symbolic links to folders, and the repository's
 * own LICENSE, CONTRIBUTING, CODE_OF_CONDUCT, CHANGELOG and SECURITY
 * files at the top are left out. Folders nest at most
 * OV_FOLDER_MAX_DEPTH deep (deeper ones are left out with a warning). */
#define OV_FOLDER_MAX_DEPTH 8
void ov_manifest_folder(ov_doc *doc, const char *book_dir, ov_chapter_ref **out, size_t *count);

/* Names a book read without book.yaml once its chapters are read: title
 * is the first chapter's heading when the book opens with its README.md
 * (NULL: none), else the folder's name; then the output name and the
 * identifier are derived as book.yaml's defaults would be, and the one
 * note saying what was assumed is reported. */
void ov_manifest_name_book(ov_doc *doc, const char *book_dir, const char *title);

/* A title made from a chapter's file name when nothing else names it,
 * never the path: the folder and extension are dropped, then a leading
 * number with its separator ("01-", "5.1.2-", "3_"); '-' and '_' become
 * spaces and the first letter is capitalised ("contents/5.1.2-matrices.md"
 * -> "Matrices"). README.md and index.md take their folder's name
 * ("02-setup/README.md" -> "Setup"), "Introduction" at the top. In a's
 * memory, or a static string. */
const char *ov_title_from_file_name(ov_arena *a, const char *path);

/* Appends to b the text of a commented book.yaml for the book doc, as it
 * was loaded from a folder without one ('octavo init'): its title, and
 * 'summary:' when a SUMMARY.md gave the chapters, else the 'chapters:'
 * list in the order found. Strings are YAML double-quoted. */
void ov_manifest_init_text(const ov_doc *doc, ov_buf *b);

/* Sets *page to a named size ("6x9in", "a4", "letter") with the default
 * theme's margins and text size (ov_theme_page with a book's theme gives
 * its own). Returns -1 for an unknown name. */
int ov_page_setup_named(ov_page_setup *page, const char *name);

/* Whether s is a BCP 47 language tag in form (RFC 5646 §2.1:
 * alphanumeric subtags of 1 to 8 characters separated by '-'). */
bool ov_language_tag_ok(const char *s);

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
	int math;          /* "math:" -1 absent, 0 false (no math recognised), 1 true */
	bool hanging_lists; /* "lists: hanging" (default "lists: bullets") */
	ov_chapter_role role; /* "role:" (default chapter) */
	int matter;         /* "matter:" -1 absent, else an ov_matter */
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
