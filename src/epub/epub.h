/*
 * epub.h - the EPUB 3 writer: renders the resolved document tree as XHTML
 * content documents, a stylesheet, the package document (OPF), the
 * navigation document and an NCX, embeds fonts and images, and packages
 * everything with libzip (the only place zip.h is included).
 *
 *   unsigned char *epub; size_t len;
 *   if (ov_epub_build(&doc, &epub, &len) == 0) ... free(epub); // else see doc.diag
 *
 * Conforms to EPUB 3.3 (https://www.w3.org/TR/epub-33/) and passes
 * EPUBCheck 4.2.6 with no messages. The tree is read, never changed.
 */
#ifndef OV_EPUB_H
#define OV_EPUB_H

#include <stddef.h>

#include "doc/doc.h"
#include "doc/printpages.h"
#include "util/buf.h"

/* Builds the EPUB into a malloc'ed buffer (*out, *len; the caller writes
 * it, see cli/main.c). Dates come from doc->build_time. Returns 0, or -1
 * after reporting the problem to doc->diag. */
int ov_epub_build(const ov_doc *doc, unsigned char **out, size_t *len);

/* The same, calling before_zip(ctx) (if not NULL) once every document is
 * generated and every font subset, right before the archive is compressed
 * (zip_close, about half the work): a caller that starts the EPUB early,
 * on a core that would otherwise wait, can hold the compressing back there
 * until the core is free again. Not called when the build fails earlier. */
int ov_epub_build_with(const ov_doc *doc, unsigned char **out, size_t *len, void (*before_zip)(void *ctx),
                       void *ctx);

/* ov_epub_build_with, with the print edition's page list: pages(pages_ctx)
 * is called once, on the building thread, when every document is made
 * (it may wait for the layout to end); the page list it returns (NULL:
 * none) must live until the build returns, and adds page-break markers,
 * the page-list nav, the NCX pageList and the metadata naming the
 * edition (src/epub/pagebreak.c). */
typedef const ov_print_pages *(*ov_epub_pages_fn)(void *ctx);
int ov_epub_build_paged(const ov_doc *doc, unsigned char **out, size_t *len, void (*before_zip)(void *ctx),
                        void *ctx, ov_epub_pages_fn pages, void *pages_ctx);

/* XML escaping of text[0..len) for element content and attribute values
 * (&, <, >, ", '), appended to b. Exposed for tests. Characters that XML 1.0
 * does not allow (C0 controls other than tab, newline and carriage return,
 * U+FFFE, U+FFFF) and bytes that are not UTF-8 become U+FFFD, so the result
 * is always well-formed. */
void ov_xml_escape(ov_buf *b, const char *text, size_t len);

#endif
