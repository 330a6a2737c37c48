/*
 * cover.c - a typographic cover image for a book without 'cover:', so
 * that every e-book tool finds a cover (EPUB 3.3 §5.6.2.3: the manifest
 * item with the "cover-image" property; Calibre, Kobo and the stores'
 * converters look for it, and without one pick a figure).
 *
 * The cover is written as SVG (title, subtitle and authors in the
 * theme's text face and colours, a rule in its accent colour) and drawn by
 * librsvg (src/image/svgraster.c) into a PNG, which every reading system
 * shows (Calibre finds no cover in an SVG one); without librsvg the SVG
 * itself is the cover image (EPUB 3.3 core media type). The text is
 * written as the outlines of the book's own faces (HarfBuzz shapes it and
 * draws each glyph as path data), so that the cover shows the theme's
 * faces on any machine and librsvg never starts fontconfig and pango (a
 * tenth of a second, and their caches are still allocated at exit, which
 * the leak checkers report); <text> is written only when a face is not
 * loaded.
 */
#include <stdlib.h>
#include <string.h>

#include "font/font.h"
#include "image/raster.h"
#include "image/svg.h"
#include "internal.h"

/* The picture: 2:3, the proportion of most printed books and of the
 * stores' cover guidelines (1600 x 2400 and up); at 1200 x 1800 a cover
 * of text stays under about 60 KB. */
#define W 1200
#define H 1800

static void color(ov_buf *b, ov_color c)
{
	ov_buf_printf(b, "#%02x%02x%02x", ov_color_r(c), ov_color_g(c), ov_color_b(c));
}

/* The lines of s, split at spaces so that each holds at most about max
 * characters (a longer word alone): their starts and byte lengths in
 * starts[], lens[] (at most n). Returns the count. */
static int split(const char *s, size_t max, const char **starts, size_t *lens, int n)
{
	int k = 0;
	const char *p = s;
	while (*p && k < n) {
		while (*p == ' ')
			p++;
		if (!*p)
			break;
		const char *end = p, *brk = NULL;
		size_t chars = 0;
		while (*end && (chars < max || !brk)) {
			if (*end == ' ')
				brk = end;
			if (((unsigned char)*end & 0xC0) != 0x80)
				chars++;
			end++;
		}
		if (*end && brk)
			end = brk;
		starts[k] = p;
		lens[k++] = (size_t)(end - p);
		p = end;
	}
	return k;
}

/* Writes s in lines of at most about max characters, the first baseline
 * at y, each dy below the one before: as outlines of font, or as <text>
 * in family fam when font is NULL. Returns the number of lines. */
static int lines(ov_buf *b, const ov_font *font, const char *fam, const char *attrs, const char *s, size_t max,
                 double size, double x, double y, double dy, ov_color c)
{
	const char *st[16];
	size_t ln_[16];
	int n = split(s, max, st, ln_, 16);
	for (int i = 0; i < n; i++) {
		if (font) {
			ov_buf_puts(b, "<path fill=\"");
			color(b, c);
			ov_buf_puts(b, "\" d=\"");
			ov_font_svg_path(font, st[i], ln_[i], size, x, y + i * dy, b);
			ov_buf_puts(b, "\"/>\n");
			continue;
		}
		ov_buf_printf(b, "<text font-family=\"%s\" font-size=\"%g\"%s fill=\"", fam, size, attrs);
		color(b, c);
		ov_buf_printf(b, "\" x=\"%g\" y=\"%g\">", x, y + i * dy);
		ov_xml_escape(b, st[i], ln_[i]);
		ov_buf_puts(b, "</text>\n");
	}
	return n;
}

/* The book's face f, else another of its text faces; NULL when none is
 * loaded. */
static const ov_font *face(const ov_epub_fonts *fs, ov_face f)
{
	const ov_font *font = ov_epub_fonts_face(fs, f);
	for (int i = 0; !font && i < OV_FACE_MONO; i++)
		font = ov_epub_fonts_face(fs, i);
	return font;
}

/* The cover as SVG; returns whether its text is outlines (false: <text>,
 * no face being loaded). */
static bool cover_svg(ov_buf *b, const ov_doc *doc, const ov_epub_fonts *fs)
{
	const ov_meta *m = &doc->meta;
	const ov_theme *t = &m->theme;
	const char *family = ov_epub_fonts_serif(fs);
	ov_buf fam = OV_BUF_INIT;
	if (family && *family)
		ov_buf_printf(&fam, "'%s', ", family); /* plain text without quotes (fonts.c) */
	ov_buf_puts(&fam, "serif");
	const char *f = ov_buf_cstr(&fam);
	ov_buf_printf(b, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
	                 "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" "
	                 "viewBox=\"0 0 %d %d\">\n<rect x=\"0\" y=\"0\" width=\"%d\" height=\"%d\" fill=\"#ffffff\"/>\n",
	              W, H, W, H, W, H);
	/* title: large and bold, in the heading colour, from a third down */
	double size = 104, x = 120, y = 560;
	int n = lines(b, face(fs, OV_FACE_BOLD), f, " font-weight=\"bold\"", m->title ? m->title : "", 17,
	              size, x, y, size * 1.15, t->heading_color);
	y += (n - 1) * size * 1.15 + 90;
	ov_buf_printf(b, "<rect x=\"%g\" y=\"%g\" width=\"240\" height=\"10\" fill=\"", x, y);
	color(b, t->link_color);
	ov_buf_puts(b, "\"/>\n");
	y += 130;
	if (m->subtitle && *m->subtitle)
		lines(b, face(fs, OV_FACE_ITALIC), f, " font-style=\"italic\"", m->subtitle, 32, 54, x, y,
		      54 * 1.3, t->text_color);
	/* the authors at the foot, one a line */
	double as = 52, ay = H - 200 - (double)(m->author_count ? m->author_count - 1 : 0) * as * 1.3;
	for (size_t i = 0; i < m->author_count; i++, ay += as * 1.3)
		lines(b, face(fs, OV_FACE_REGULAR), f, "", m->authors[i], 1000, as, x, ay, 0,
		      t->text_color);
	ov_buf_puts(b, "</svg>\n");
	ov_buf_dispose(&fam);
	return face(fs, OV_FACE_REGULAR) != NULL;
}

bool ov_epub_cover_make(const ov_doc *doc, const ov_epub_fonts *fs, ov_epub_image *out)
{
	memset(out, 0, sizeof *out);
	ov_buf svg = OV_BUF_INIT;
	/* <text> only when no face is loaded: then the SVG is the cover, as
	 * librsvg would start fontconfig for it (docs/libraries.md) */
	bool outlines = cover_svg(&svg, doc, fs);
	/* through the same parser and sanitiser as a book's SVG figures; a
	 * title is text, so nothing in it can be markup */
	ov_arena a;
	ov_arena_init(&a);
	ov_diag quiet;
	ov_diag_init(&quiet);
	const ov_pos nowhere = {0, 0, 0};
	ov_svg *s = ov_svg_parse(&a, (const uint8_t *)svg.ptr, svg.len, &quiet, nowhere, "cover", "cover.svg");
	char msg[256];
	uint8_t *px = s && outlines ? ov_svg_rasterize(s, W, H, msg, sizeof msg) : NULL;
	ov_diag_dispose(&quiet);
	ov_arena_dispose(&a);
	if (px) {
		/* opaque: RGB, a quarter fewer bytes to compress */
		for (size_t i = 0; i < (size_t)W * H; i++)
			memmove(px + 3 * i, px + 4 * i, 3);
		ov_raster r = {W, H, 3, px, false, false};
		uint8_t *png;
		size_t len;
		int rc = ov_raster_encode_png_fast(&r, true, &png, &len);
		free(px);
		if (rc == 0) {
			ov_buf_dispose(&svg);
			out->name = "cover.png";
			out->type = "image/png";
			out->data = out->owned = png;
			out->len = len;
			return true;
		}
	}
	if (!s) {
		ov_buf_dispose(&svg);
		return false;
	}
	out->len = svg.len;
	out->owned = (uint8_t *)ov_buf_detach(&svg);
	out->data = out->owned;
	out->name = "cover.svg";
	out->type = "image/svg+xml";
	return true;
}
