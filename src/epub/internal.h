/*
 * internal.h - what the files of the EPUB writer share; not used outside
 * src/epub/.
 *
 *   epub.c   the package: OPF, container, zip (libzip), images
 *   xhtml.c  XML escaping, the XHTML frame, chapters as content documents
 *   front.c  generated documents: cover, title page, copyright page,
 *            the navigation document and the NCX
 *   style.c  the stylesheet
 *   images.c the images as the EPUB holds them: WebP converted, images
 *            larger than print needs scaled down
 *   fonts.c  the characters of the documents, and the fonts that show
 *            them: the book's faces and fallback fonts, as subsets
 *   math.c   formulas as MathML, and what the package and stylesheet
 *            need for them
 *   pagebreak.c  the print edition's pages: page-break markers spliced
 *            into the documents, the page-list nav, the NCX pageList
 *
 * Every generated file lives at the root of the publication folder (EPUB/),
 * next to css/, fonts/ and images/, so that relative references inside
 * content documents never need "../".
 */
#ifndef OV_EPUB_INTERNAL_H
#define OV_EPUB_INTERNAL_H

#include <stdbool.h>
#include <stdint.h>

#include "epub.h"
#include "util/buf.h"
#include "util/strmap.h"

/* Folder of the publication inside the container, and the package file. */
#define OV_EPUB_DIR "EPUB/"
#define OV_EPUB_OPF "package.opf"
#define OV_EPUB_CSS "css/book.css"
#define OV_EPUB_NAV "nav.xhtml"
#define OV_EPUB_NCX "toc.ncx"
#define OV_EPUB_COVER "cover.xhtml"
#define OV_EPUB_TITLEPAGE "titlepage.xhtml"
#define OV_EPUB_COPYRIGHT "copyright.xhtml"

/* ---- xhtml.c ---- */

/* ov_xml_escape of a NUL-terminated string (NULL writes nothing). */
void ov_epub_esc(ov_buf *b, const char *s);

/* Writes url as an attribute value: characters that may not appear in a
 * URL (RFC 3986 §2) are percent-encoded, then the result is XML-escaped. */
void ov_epub_href(ov_buf *b, const char *url);

/* The start of an XHTML content document up to and including <body>:
 * XML declaration, doctype, html with both language attributes, head with
 * title and stylesheet. body_type is the epub:type of body (or NULL),
 * body_class its class (or NULL). */
void ov_epub_xhtml_open(ov_buf *b, const ov_doc *doc, const char *title, const char *body_type,
                        const char *body_class);
void ov_epub_xhtml_close(ov_buf *b);

/* A chapter as an XHTML content document; its images are im's copies.
 * marks (NULL: none) records where each node's markup begins, for the
 * page-break markers (pagebreak.c). */
typedef struct ov_epub_images ov_epub_images;
typedef struct ov_epub_marks ov_epub_marks;
void ov_epub_chapter(ov_buf *b, const ov_doc *doc, const ov_epub_images *im, const ov_node *ch,
                     ov_epub_marks *marks);

/* ---- pagebreak.c ---- */

/* Where nodes begin in a chapter's document, made by ov_epub_chapter. */
ov_epub_marks *ov_epub_marks_new(void);
void ov_epub_marks_free(ov_epub_marks *m);
/* Node n's markup (off 0), or the line of code block n beginning at byte
 * off of its text, begins at byte pos of the document. */
void ov_epub_mark(ov_epub_marks *m, const ov_node *n, size_t off, size_t pos);
/* The chapter's content (after its section's start tag) begins at pos. */
void ov_epub_mark_start(ov_epub_marks *m, size_t pos);
/* Writes code block n's text[at..at+len) escaped to b (a stretch without
 * a highlighted token: tokens never hold a line break), recording in m
 * (NULL: none) where each line after a line break begins. */
void ov_epub_code_text(ov_buf *b, ov_epub_marks *m, const ov_node *n, size_t at, size_t len);
/* Each returns a malloc'ed copy of the document data[0..len) (*out_len
 * bytes) with what the page list pp adds, or NULL when it adds nothing:
 * the markers of chapter ch's pages, placed by m; the markers of the
 * front pages of kind (at the top of its body); the page-list nav (in
 * the navigation document); the NCX pageList; the package metadata
 * naming the print edition. */
char *ov_epub_pagebreaks_chapter(const char *data, size_t len, const ov_epub_marks *m, const ov_node *ch,
                                 const ov_print_pages *pp, size_t *out_len);
char *ov_epub_pagebreaks_front(const char *data, size_t len, ov_front_doc kind, const ov_print_pages *pp,
                               size_t *out_len);
char *ov_epub_page_list_nav(const char *data, size_t len, const ov_print_pages *pp, size_t *out_len);
char *ov_epub_page_list_ncx(const char *data, size_t len, const ov_print_pages *pp, size_t *out_len);
char *ov_epub_page_list_meta(const char *data, size_t len, const ov_print_pages *pp, size_t *out_len);

/* ---- math.c ---- */

/* Writes the formula n (MATH or MATH_BLOCK) as MathML (math/math.h:
 * ov_math_mathml) with its equation numbers and anchors (a formula that
 * is only \eqref or \ref as an XHTML link to its equation, or as the
 * number alone when in_link: links cannot nest), and returns
 * true; returns false and writes nothing when n has no usable formula
 * (it did not parse: the caller shows its source). */
bool ov_epub_math(ov_buf *b, const ov_doc *doc, const ov_node *n, bool in_link);
/* Whether anything under root is written as MathML by ov_epub_math (a
 * formula that is only a reference is an XHTML link). */
bool ov_epub_has_math(const ov_doc *doc, const ov_node *root);
/* The stylesheet's rules for formulas (displays, numbered equations,
 * array columns), for a book that has some; family (or NULL) is the
 * embedded math font's CSS family. */
void ov_epub_math_css(ov_buf *b, const char *family);

/* ---- front.c ---- */

void ov_epub_cover_page(ov_buf *b, const ov_doc *doc, const ov_epub_images *im);
void ov_epub_title_page(ov_buf *b, const ov_doc *doc);
void ov_epub_copyright_page(ov_buf *b, const ov_doc *doc);
/* The EPUB navigation document (toc and landmarks). */
void ov_epub_nav(ov_buf *b, const ov_doc *doc);
/* The EPUB 2 NCX with the same hierarchy as the nav toc. */
void ov_epub_ncx(ov_buf *b, const ov_doc *doc);

/* ---- fonts.c ---- */

/* The characters of the generated documents, over the whole of Unicode.
 *
 *   ov_epub_chars *ch = ov_epub_chars_new();
 *   ov_epub_chars_note(ch, doc, len, true);      // each document
 *   ov_epub_fonts *fs;
 *   if (ov_epub_fonts_load(doc, &fs) == 0 && ov_epub_fonts_prepare(fs, doc, ch) == 0)
 *       ... ov_epub_fonts_embedded(fs, &n) ...
 *   ov_epub_fonts_free(fs); ov_epub_chars_free(ch);
 */
typedef struct ov_epub_chars ov_epub_chars;
ov_epub_chars *ov_epub_chars_new(void);
void ov_epub_chars_free(ov_epub_chars *c);
/* Notes the characters of a generated document, text[0..len): non-ASCII
 * wherever it is; in a content document (xhtml), printable ASCII outside
 * tags (the five XML entities decoded), so that a damaged glyph of, say,
 * '<' fails a book only when its text has one, and what lies inside code
 * and pre elements apart from the rest. */
void ov_epub_chars_note(ov_epub_chars *c, const char *text, size_t len, bool xhtml);

/* A font the EPUB embeds, as the package, the stylesheet and the zip see
 * it. */
typedef struct {
	const char *name;    /* inside the publication: "fonts/NAME.ttf" (the source's extension) */
	const char *family;  /* its CSS family: plain text without quotes or backslashes */
	const uint8_t *data; /* its subset, len bytes */
	size_t len;
	bool cff;            /* OpenType/CFF outlines, else TrueType (glyf) */
	unsigned faces;      /* bit f set: it is face f (ov_face); 0 for a fallback font */
} ov_epub_font;

typedef struct ov_epub_fonts ov_epub_fonts;
/* Reads and checks the book's faces (doc->meta.fonts), each file once.
 * Always sets *out (free it with ov_epub_fonts_free); returns -1 after
 * reporting an unreadable or damaged face to doc->diag. */
int ov_epub_fonts_load(const ov_doc *doc, ov_epub_fonts **out);
/* Chooses the fallback fonts for the characters in chars that the faces
 * lack (reading only those needed), checks every glyph the subsets hold
 * and makes the subsets. Returns -1 after reporting a damaged glyph of a
 * face; a fallback font that is missing or damaged is a warning, and is
 * left out. */
int ov_epub_fonts_prepare(ov_epub_fonts *fs, const ov_doc *doc, const ov_epub_chars *chars);
/* The fonts to embed (*n of them): the faces' files in face order, then
 * the fallback fonts used, in the order the chains search them, then the
 * math font (fonts.c) for a book with formulas. Valid
 * until ov_epub_fonts_free. */
const ov_epub_font *ov_epub_fonts_embedded(const ov_epub_fonts *fs, size_t *n);
/* The families of the embedded fallback fonts that show characters of
 * the code (code) or of the text, in the order the chain searches them,
 * in families[0..max); returns how many. */
size_t ov_epub_fonts_stack(const ov_epub_fonts *fs, bool code, const char **families, size_t max);
/* The CSS family of the embedded math font, or NULL when none is
 * embedded (a book without formulas, or no usable math font). */
const char *ov_epub_fonts_math(const ov_epub_fonts *fs);
/* The CSS families of the text faces and of the monospaced face. */
const char *ov_epub_fonts_serif(const ov_epub_fonts *fs);
const char *ov_epub_fonts_mono(const ov_epub_fonts *fs);
void ov_epub_fonts_free(ov_epub_fonts *fs);

/* ---- style.c ---- */

/* The stylesheet: an @font-face rule per embedded font (each face's
 * file under the serif or mono family, each fallback font under its
 * own), and the font stacks: the face's family, the fallback fonts that
 * follow it in its chain, then families of common systems and a
 * generic family; then the rules, with the sizes, spaces and colours of
 * doc's theme (doc/theme.h), as the PDF has them. */
void ov_epub_css(ov_buf *b, const ov_epub_fonts *fs, const ov_doc *doc);

/* ---- images.c ---- */

/* The resolution print needs: an image is never printed larger than the
 * text block, so at this many pixels to the inch of the text block it has
 * all the detail any print shows (docs/typography.md: 300 dpi for print). */
#define OV_EPUB_IMAGE_DPI 300
/* An image is scaled down for the EPUB only when it is more than this
 * many times the cap in width or height: scaling a little larger image
 * saves few bytes and blurs line art (the handbook's 1,500-pixel figures
 * on a 6x9in page, whose cap is 1,367 pixels, would save 20% each). */
#define OV_EPUB_DOWNSAMPLE_MARGIN 1.25

/* One image of the publication. */
typedef struct {
	const char *name;     /* inside the publication, "images/3-photo.png" */
	const char *type;     /* its media type; NULL when it is left out (damaged) */
	const uint8_t *data;  /* its bytes: the asset's, or owned */
	size_t len;
	uint8_t *owned;       /* a re-encoding (malloc'ed), or NULL */
} ov_epub_image;

struct ov_epub_images {
	ov_epub_image *items; /* one per doc->assets[i] */
	size_t count;
	ov_strmap by_name;    /* asset name -> its item */
	char **strings;       /* the new names (malloc'ed) */
	size_t nstrings;
	size_t downsampled, converted, saved; /* for the note: images, WebP images, bytes */
	size_t cmyk;                          /* CMYK JPEGs made RGB, for their note */
};

/* The largest pixel size print needs (*w x *h): the text block of
 * doc->meta.page at OV_EPUB_IMAGE_DPI. */
void ov_epub_image_cap(const ov_doc *doc, uint32_t *w, uint32_t *h);
/* Fills im with the EPUB's copy of every usable asset of doc, converting
 * WebP and scaling down what is larger than the cap (see images.c); a
 * damaged file is reported to doc->diag and left out; one note says what
 * was changed. Emptied by ov_epub_images_dispose. */
void ov_epub_images_prepare(ov_epub_images *im, const ov_doc *doc);
/* The EPUB's copy of asset a, or NULL when a is not in the EPUB. Valid
 * until ov_epub_images_dispose. */
const ov_epub_image *ov_epub_image_of(const ov_epub_images *im, const ov_asset *a);
void ov_epub_images_dispose(ov_epub_images *im);

#endif
