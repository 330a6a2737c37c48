/*
 * imprint.h - the front matter both writers set the same way: the lines of
 * the copyright page (the verso of the title page), ISBNs, and which
 * contents entries are left out of the contents.
 *
 *   ov_imprint_line l[OV_IMPRINT_MAX];
 *   size_t n = ov_imprint_lines(doc, &doc->arena, l);
 *
 * The copyright page follows the order the Chicago Manual of Style
 * (17th ed., 1.19-1.33) describes for a book's verso: the publisher, the
 * copyright notice (© year holder), the rights and licence, the publishing
 * history (the edition), the ISBN, then production notes (what set it).
 */
#ifndef OV_IMPRINT_H
#define OV_IMPRINT_H

#include <stdbool.h>
#include <stddef.h>

#include "doc/doc.h"

/* Octavo's version, as CMake's project() gives it ("0.1.0"): the same on
 * every machine, so that "Typeset with Octavo 0.1.0" keeps builds
 * reproducible. A static string. */
const char *ov_version(void);

/* One paragraph of the copyright page. group numbers the blocks the page
 * separates by a gap (publisher and notice; licence; edition and ISBN;
 * colophon); cls is its role, the EPUB's class ("publisher", "notice",
 * "rights", "license", "edition", "isbn", "colophon"). */
typedef struct {
	const char *text;
	const char *cls;
	int group;
} ov_imprint_line;

#define OV_IMPRINT_MAX 8

/* Fills out with the copyright page's paragraphs in order, from
 * doc->meta (the uuid identifier and the date are not printed: the notice
 * carries the year). Texts in arena a. Returns the count. */
size_t ov_imprint_lines(const ov_doc *doc, ov_arena *a, ov_imprint_line out[OV_IMPRINT_MAX]);

/* "© 2026 The Octavo Contributors" (year or holder may be missing), in a,
 * or NULL when the book has neither; the EPUB's dc:rights starts with it. */
const char *ov_imprint_notice(const ov_doc *doc, ov_arena *a);

/* What ov_isbn_parse found. */
typedef enum {
	OV_ISBN_NONE = 0,  /* not written as an ISBN */
	OV_ISBN_OK,        /* an ISBN-13 or ISBN-10 whose check digit is right */
	OV_ISBN_BAD_FORM,  /* written as an ISBN but not 13 (or 10) digits */
	OV_ISBN_BAD_CHECK, /* the check digit is wrong; *expected is the right one */
} ov_isbn_result;

/* Reads s as an ISBN: "urn:isbn:", "isbn:" or "ISBN " and then digits
 * with hyphens or spaces (13, or 10 of which the last may be X), or 13
 * such digits starting 978 or 979 alone. With a prefix anything but the digits is a
 * BAD_FORM; without one, a string that is not all digits and separators
 * is NONE (some other identifier). The check digit is verified: ISBN-13
 * by weights 1 and 3 modulo 10, ISBN-10 by weights 10..1 modulo 11
 * (ISO 2108; the ISBN Users' Manual, 7th ed., §5). On OK, *written points
 * at the ISBN inside s (after any prefix); on BAD_CHECK *expected is the
 * right check character. written and expected may be NULL. */
ov_isbn_result ov_isbn_parse(const char *s, const char **written, char *expected);

/* Marks the contents entries left out of the printed contents and of
 * the EPUB nav's visible list (entry.unlisted). When the book gives
 * meta.contents_exclude, the sections with a title in it (ASCII case
 * ignored), and only those. Else two rules:
 *  - a section whose title recurs as a section in at least
 *    OV_BOILERPLATE_MIN chapters and in at least half of the book's
 *    chapters ("Learning objectives", "Summary", "Exercise" in every
 *    chapter of a course book tell a reader of the contents nothing);
 *  - in a book with numbered chapters, the sections of the unnumbered ones
 *    (preface, glossary, answer key, further reading): front and back
 *    matter are listed by their titles alone, as books list them.
 * Chapters and parts are never left out. */
#define OV_BOILERPLATE_MIN 3
void ov_contents_mark_unlisted(ov_doc *doc);

#endif
