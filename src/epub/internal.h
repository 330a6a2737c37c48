/*
 * internal.h - what the files of the EPUB writer share; not used outside
 * src/epub/.
 *
 *   epub.c   the package: OPF, container, zip (libzip), fonts, images
 *   xhtml.c  XML escaping, the XHTML frame, chapters as content documents
 *   front.c  generated documents: cover, title page, copyright page,
 *            the navigation document and the NCX
 *   style.c  the stylesheet
 *
 * Every generated file lives at the root of the publication folder (EPUB/),
 * next to css/, fonts/ and images/, so that relative references inside
 * content documents never need "../".
 */
#ifndef OV_EPUB_INTERNAL_H
#define OV_EPUB_INTERNAL_H

#include <stdbool.h>

#include "epub.h"
#include "util/buf.h"

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

/* A chapter as an XHTML content document. */
void ov_epub_chapter(ov_buf *b, const ov_doc *doc, const ov_node *ch);

/* ---- front.c ---- */

void ov_epub_cover_page(ov_buf *b, const ov_doc *doc);
void ov_epub_title_page(ov_buf *b, const ov_doc *doc);
void ov_epub_copyright_page(ov_buf *b, const ov_doc *doc);
/* The EPUB navigation document (toc and landmarks). */
void ov_epub_nav(ov_buf *b, const ov_doc *doc);
/* The EPUB 2 NCX with the same hierarchy as the nav toc. */
void ov_epub_ncx(ov_buf *b, const ov_doc *doc);

/* ---- style.c ---- */

/* The stylesheet. font_files[face] is the file name inside the publication
 * (e.g. "fonts/GentiumBookPlus-Regular.ttf") or NULL when that face is not
 * embedded; serif and mono are the family names the @font-face rules
 * declare (plain text without quotes or backslashes). */
void ov_epub_css(ov_buf *b, const char *const font_files[OV_FACE__COUNT], const char *serif,
                 const char *mono);

#endif
