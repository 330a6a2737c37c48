/*
 * epub.h - the EPUB 3 writer: renders the resolved document tree as XHTML
 * content documents, a stylesheet, the package document (OPF), the
 * navigation document and an NCX, embeds fonts and images, and packages
 * everything with libzip (the only place zip.h is included).
 *
 *   if (ov_epub_write(&doc, "out/handbook.epub") != 0) ... // see doc.diag
 *
 * Conforms to EPUB 3.3 (https://www.w3.org/TR/epub-33/) and passes
 * EPUBCheck 4.2.6 with no messages. The tree is read, never changed.
 */
#ifndef OV_EPUB_H
#define OV_EPUB_H

#include <stddef.h>

#include "doc/doc.h"
#include "util/buf.h"

/* Builds the EPUB in memory and writes it atomically to path (a temporary
 * file in the same folder renamed into place; on failure the previous file
 * is untouched). Dates come from doc->build_time. Returns 0, or -1 after
 * reporting the problem to doc->diag. */
int ov_epub_write(const ov_doc *doc, const char *path);

/* Builds the EPUB into a malloc'ed buffer (*out, *len) without touching the
 * file system (tests, fuzzing). Returns 0 or -1. */
int ov_epub_build(const ov_doc *doc, unsigned char **out, size_t *len);

/* XML escaping of text[0..len) for element content and attribute values
 * (&, <, >, ", '), appended to b. Exposed for tests. Characters that XML 1.0
 * does not allow (C0 controls other than tab, newline and carriage return,
 * U+FFFE, U+FFFF) and bytes that are not UTF-8 become U+FFFD, so the result
 * is always well-formed. */
void ov_xml_escape(ov_buf *b, const char *text, size_t len);

#endif
