/*
 * svgdraw.c - an SVG image's drawing (image/svg.h) as path operators in a
 * page's content stream (PDF 1.7 §8.5): each shape inside q ... Q with its
 * own matrix (§8.3.4), so that stroke widths and dashes are in the user
 * units SVG gives them in; the image clipped to its box, and each shape to
 * the viewports of the nested <svg> it is in. Its text is not drawn here:
 * the layout sets it as text boxes in the book's fonts (figure.c). Alpha
 * (fill-opacity, stroke-opacity, a shape's opacity) is a graphics state
 * (§8.4.5: /ca, /CA) named in the page's resources like its images, in
 * order of first use (pages.c makes them). Like content.c, nothing here
 * calls libharu.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "internal.h"

/* A number with at most four decimals, without trailing zeros (the
 * drawing's units are pixels of the image; a ten-thousandth is far below
 * what prints). */
static void num(ov_buf *o, double v)
{
	char s[48];
	if (!isfinite(v) || fabs(v) > 1e9)
		v = 0;
	long long r = llround(v * 10000.0);
	if (r == 0) {
		ov_buf_puts(o, "0 ");
		return;
	}
	int n = snprintf(s, sizeof s, "%s%lld.%04lld", r < 0 ? "-" : "", (r < 0 ? -r : r) / 10000,
	                 (r < 0 ? -r : r) % 10000);
	while (n > 0 && s[n - 1] == '0')
		n--;
	if (n > 0 && s[n - 1] == '.')
		n--;
	ov_buf_put(o, s, (size_t)n);
	ov_buf_putc(o, ' ');
}

/* The number n of /En, the graphics state of alpha pair key, on the page
 * whose resources are r. */
static size_t res_gstate(ov_pdf_res *r, uint16_t key)
{
	for (size_t i = 0; i < r->ngstates; i++)
		if (r->gstates[i] == key)
			return i + 1;
	r->gstates = ov_xrealloc(r->gstates, (r->ngstates + 1) * sizeof *r->gstates);
	r->gstates[r->ngstates++] = key;
	return r->ngstates;
}

void ov_pdf_draw_svg(ov_buf *o, const ov_svg *s, double x, double y, double w, double h, ov_pdf_res *res)
{
	if (s->width <= 0 || s->height <= 0)
		return;
	/* image pixels (y down) to the page (y up): x, y is the box's
	 * lower-left corner */
	ov_buf_puts(o, "q ");
	num(o, w / s->width);
	ov_buf_puts(o, "0 0 ");
	num(o, -h / s->height);
	num(o, x);
	num(o, y + h);
	ov_buf_puts(o, "cm 0 0 ");
	num(o, s->width);
	num(o, s->height);
	ov_buf_puts(o, "re W n\n");
	for (size_t i = 0; i < s->shape_count; i++) {
		const ov_svg_shape *sh = &s->shapes[i];
		const ov_svg_matrix *m = &sh->m;
		if (fabs(m->a * m->d - m->b * m->c) < 1e-12)
			continue; /* a singular matrix draws nothing (SVG 1.1 §7.5) */
		ov_buf_puts(o, "q\n");
		for (size_t k = 0; k < sh->clip_count; k++) {
			const double *q = sh->clip + 8 * k;
			for (int j = 0; j < 4; j++) {
				num(o, q[2 * j]);
				num(o, q[2 * j + 1]);
				ov_buf_puts(o, j ? "l " : "m ");
			}
			ov_buf_puts(o, "h W n\n");
		}
		num(o, m->a);
		num(o, m->b);
		num(o, m->c);
		num(o, m->d);
		num(o, m->e);
		num(o, m->f);
		ov_buf_puts(o, "cm\n");
		uint8_t fa = sh->fill ? sh->fill_alpha : 255, sa = sh->stroke ? sh->stroke_alpha : 255;
		if (fa < 255 || sa < 255) {
			char gs[32];
			snprintf(gs, sizeof gs, "/E%zu gs\n", res_gstate(res, (uint16_t)(fa << 8 | sa)));
			ov_buf_puts(o, gs);
		}
		if (sh->fill)
			ov_pdf_put_color(o, res, sh->fill_color, false);
		if (sh->stroke) {
			ov_pdf_put_color(o, res, sh->stroke_color, true);
			num(o, sh->line_width);
			ov_buf_puts(o, "w ");
			if (sh->cap) {
				num(o, sh->cap);
				ov_buf_puts(o, "J ");
			}
			if (sh->join) {
				num(o, sh->join);
				ov_buf_puts(o, "j ");
			}
			if (sh->miter_limit != 10) {
				num(o, sh->miter_limit);
				ov_buf_puts(o, "M ");
			}
			if (sh->dash_count) {
				ov_buf_putc(o, '[');
				for (size_t k = 0; k < sh->dash_count; k++)
					num(o, sh->dash[k]);
				ov_buf_puts(o, "] ");
				num(o, sh->dash_offset);
				ov_buf_puts(o, "d");
			}
			ov_buf_putc(o, '\n');
		}
		const double *p = sh->pts;
		bool open = false;
		for (size_t k = 0; k < sh->op_count; k++) {
			switch (sh->ops[k]) {
			case OV_SVG_MOVE:
				num(o, p[0]);
				num(o, p[1]);
				ov_buf_puts(o, "m\n");
				p += 2;
				open = true;
				break;
			case OV_SVG_LINE:
				num(o, p[0]);
				num(o, p[1]);
				ov_buf_puts(o, "l\n");
				p += 2;
				break;
			case OV_SVG_CURVE:
				for (int j = 0; j < 6; j++)
					num(o, p[j]);
				ov_buf_puts(o, "c\n");
				p += 6;
				break;
			case OV_SVG_CLOSE:
				if (open)
					ov_buf_puts(o, "h\n");
				break;
			}
		}
		/* §8.5.3: fill and stroke at once, nonzero or even-odd */
		const char *paint = sh->fill && sh->stroke ? (sh->even_odd ? "B*" : "B")
		                    : sh->fill             ? (sh->even_odd ? "f*" : "f")
		                                           : "S";
		ov_buf_puts(o, paint);
		ov_buf_puts(o, " Q\n");
	}
	ov_buf_puts(o, "Q\n");
}
