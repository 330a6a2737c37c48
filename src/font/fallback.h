/*
 * fallback.h - the fonts searched after a book's own for characters its
 * faces lack: check marks, crosses, arrows and box drawing, emoji (in
 * monochrome outlines: PDF viewers draw no colour-font tables) and
 * mathematical alphanumerics. They come from Debian packages that
 * build.sh installs (fonts-dejavu-core, fonts-symbola), read from the
 * system font folder (OV_SYSTEM_FONT_DIR at build time; the environment
 * variable OCTAVO_SYSTEM_FONT_DIR overrides it, for tests); nothing is
 * copied into this repository.
 *
 *   for (const ov_fallback *f = ov_fallbacks(OV_FALLBACK_TEXT); f->file; f++)
 *       path = ov_fallback_path(f, buf, sizeof buf);
 */
#ifndef OV_FALLBACK_H
#define OV_FALLBACK_H

#include <stddef.h>

typedef struct {
	const char *file;    /* path below the system font folder; NULL ends a list */
	const char *package; /* the Debian package that installs it */
	const char *family;  /* the family a stylesheet names it by */
} ov_fallback;

typedef enum {
	OV_FALLBACK_TEXT, /* after the serif or sans faces of running text */
	OV_FALLBACK_CODE, /* after the monospaced face: monospaced box drawing first */
} ov_fallback_kind;

/* The fallback list for kind, in search order, ended by an entry whose
 * file is NULL. */
const ov_fallback *ov_fallbacks(ov_fallback_kind kind);

/* The full path of f's file in buf (size bytes); returns buf. */
const char *ov_fallback_path(const ov_fallback *f, char *buf, size_t size);

#endif
