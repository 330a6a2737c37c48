/*
 * cover.c - a typographic cover image for a book without 'cover:', so
 * that every e-book tool finds a cover (EPUB 3.3 §5.6.2.3: the manifest
 * item with the "cover-image" property; Calibre, Kobo and the stores'
 * converters look for it, and without one pick a figure).
 *
 * The cover is written as SVG (title, subtitle and authors in the
 * theme's text face and colours, a rule in its accent colour) and drawn by
 * librsvg (src/image/svgraster.c) into a PNG, which every reading system
 * shows; without librsvg the SVG itself is the cover image (EPUB 3.3 core
 * media type). librsvg finds faces through fontconfig: the theme's family
 * comes first in the font-family list and a serif face stands in when it
 * is not installed on the machine.
 */
#include <stdlib.h>
#include <string.h>

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

/* Writes s as <tspan>s of at most about max characters a line (split at
 * spaces), each dy below the one before. Returns the number of lines. */
static int lines(ov_buf *b, const char *s, size_t max, double x, double dy)
{
	int n = 0;
	const char *p = s;
	while (*p) {
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
		ov_buf_printf(b, "<tspan x=\"%g\" dy=\"%g\">", x, n ? dy : 0.0);
		ov_xml_escape(b, p, (size_t)(end - p));
		ov_buf_puts(b, "</tspan>");
		n++;
		p = end;
	}
	return n;
}

/* The cover as SVG. */
static void cover_svg(ov_buf *b, const ov_doc *doc, const char *family)
{
	const ov_meta *m = &doc->meta;
	const ov_theme *t = &m->theme;
	ov_buf fam = OV_BUF_INIT;
	if (family && *family)
		ov_buf_printf(&fam, "'%s', ", family); /* plain text without quotes (fonts.c) */
	ov_buf_puts(&fam, "serif");
	ov_buf_printf(b, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
	                 "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" "
	                 "viewBox=\"0 0 %d %d\">\n<rect x=\"0\" y=\"0\" width=\"%d\" height=\"%d\" fill=\"#ffffff\"/>\n",
	              W, H, W, H, W, H);
	/* title: large, in the heading colour, from a third down */
	double size = 104, x = 120, y = 560;
	ov_buf_printf(b, "<text font-family=\"%s\" font-size=\"%g\" font-weight=\"bold\" fill=\"", ov_buf_cstr(&fam),
	              size);
	color(b, t->heading_color);
	ov_buf_printf(b, "\" x=\"%g\" y=\"%g\">", x, y);
	int n = lines(b, m->title ? m->title : "", 17, x, size * 1.15);
	ov_buf_puts(b, "</text>\n");
	y += (n - 1) * size * 1.15 + 90;
	ov_buf_printf(b, "<rect x=\"%g\" y=\"%g\" width=\"240\" height=\"10\" fill=\"", x, y);
	color(b, t->link_color);
	ov_buf_puts(b, "\"/>\n");
	y += 130;
	if (m->subtitle && *m->subtitle) {
		double ss = 54;
		ov_buf_printf(b, "<text font-family=\"%s\" font-size=\"%g\" font-style=\"italic\" fill=\"",
		              ov_buf_cstr(&fam), ss);
		color(b, t->text_color);
		ov_buf_printf(b, "\" x=\"%g\" y=\"%g\">", x, y);
		lines(b, m->subtitle, 32, x, ss * 1.3);
		ov_buf_puts(b, "</text>\n");
	}
	/* the authors at the foot, one a line */
	double as = 52, ay = H - 200 - (double)(m->author_count ? m->author_count - 1 : 0) * as * 1.3;
	for (size_t i = 0; i < m->author_count; i++, ay += as * 1.3) {
		ov_buf_printf(b, "<text font-family=\"%s\" font-size=\"%g\" fill=\"", ov_buf_cstr(&fam), as);
		color(b, t->text_color);
		ov_buf_printf(b, "\" x=\"%g\" y=\"%g\">", x, ay);
		ov_epub_esc(b, m->authors[i]);
		ov_buf_puts(b, "</text>\n");
	}
	ov_buf_puts(b, "</svg>\n");
	ov_buf_dispose(&fam);
}

bool ov_epub_cover_make(const ov_doc *doc, const char *family, ov_epub_image *out)
{
	memset(out, 0, sizeof *out);
	ov_buf svg = OV_BUF_INIT;
	cover_svg(&svg, doc, family);
	/* through the same parser and sanitiser as a book's SVG figures; a
	 * title is text, so nothing in it can be markup */
	ov_arena a;
	ov_arena_init(&a);
	ov_diag quiet;
	ov_diag_init(&quiet);
	const ov_pos nowhere = {0, 0, 0};
	ov_svg *s = ov_svg_parse(&a, (const uint8_t *)svg.ptr, svg.len, &quiet, nowhere, "cover", "cover.svg");
	char msg[256];
	uint8_t *px = s ? ov_svg_rasterize(s, W, H, msg, sizeof msg) : NULL;
	ov_diag_dispose(&quiet);
	ov_arena_dispose(&a);
	if (px) {
		/* opaque: RGB, a quarter fewer bytes to compress */
		for (size_t i = 0; i < (size_t)W * H; i++)
			memmove(px + 3 * i, px + 4 * i, 3);
		ov_raster r = {W, H, 3, px, false, false};
		uint8_t *png;
		size_t len;
		int rc = ov_raster_encode_png(&r, &png, &len);
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
