/*
 * outline.c - text as glyph outlines: shaped by HarfBuzz and drawn with
 * hb_font_get_glyph_shape (HarfBuzz 4.0 and later) as SVG path data (SVG
 * 1.1 §8.3), for pictures Octavo draws itself (the EPUB's typographic
 * cover, src/epub/cover.c).
 */
#include <hb.h>

#include "font/font.h"

/* Path data of glyph outlines: HarfBuzz's draw callbacks (font units,
 * y up) mapped to the picture's pixels. */
typedef struct {
	ov_buf *b;
	double x, y, k; /* the glyph's origin in pixels; pixels per font unit */
} pen;

#define PX(v) (p->x + (double)(v)*p->k)
#define PY(v) (p->y - (double)(v)*p->k)

static void mv(hb_draw_funcs_t *f, void *d, hb_draw_state_t *st, float x, float y, void *u)
{
	(void)f, (void)st, (void)u;
	pen *p = d;
	ov_buf_printf(p->b, "M%.1f %.1f", PX(x), PY(y));
}
static void ln(hb_draw_funcs_t *f, void *d, hb_draw_state_t *st, float x, float y, void *u)
{
	(void)f, (void)st, (void)u;
	pen *p = d;
	ov_buf_printf(p->b, "L%.1f %.1f", PX(x), PY(y));
}
static void qd(hb_draw_funcs_t *f, void *d, hb_draw_state_t *st, float cx, float cy, float x, float y, void *u)
{
	(void)f, (void)st, (void)u;
	pen *p = d;
	ov_buf_printf(p->b, "Q%.1f %.1f %.1f %.1f", PX(cx), PY(cy), PX(x), PY(y));
}
static void cb(hb_draw_funcs_t *f, void *d, hb_draw_state_t *st, float c1x, float c1y, float c2x, float c2y, float x,
               float y, void *u)
{
	(void)f, (void)st, (void)u;
	pen *p = d;
	ov_buf_printf(p->b, "C%.1f %.1f %.1f %.1f %.1f %.1f", PX(c1x), PY(c1y), PX(c2x), PY(c2y), PX(x), PY(y));
}
static void cl(hb_draw_funcs_t *f, void *d, hb_draw_state_t *st, void *u)
{
	(void)f, (void)d, (void)st, (void)u;
	pen *p = d;
	ov_buf_putc(p->b, 'Z');
}

void ov_font_svg_path(const ov_font *font, const char *text, size_t len, double size, double x, double y, ov_buf *b)
{
	hb_font_t *hf = ov_font_hb(font);
	hb_buffer_t *buf = hb_buffer_create();
	hb_buffer_add_utf8(buf, text, (int)len, 0, (int)len);
	hb_buffer_guess_segment_properties(buf);
	hb_shape(hf, buf, NULL, 0);
	unsigned n;
	hb_glyph_info_t *gi = hb_buffer_get_glyph_infos(buf, &n);
	hb_glyph_position_t *gp = hb_buffer_get_glyph_positions(buf, &n);
	int xs, ys;
	hb_font_get_scale(hf, &xs, &ys);
	hb_draw_funcs_t *df = hb_draw_funcs_create();
	hb_draw_funcs_set_move_to_func(df, mv, NULL, NULL);
	hb_draw_funcs_set_line_to_func(df, ln, NULL, NULL);
	hb_draw_funcs_set_quadratic_to_func(df, qd, NULL, NULL);
	hb_draw_funcs_set_cubic_to_func(df, cb, NULL, NULL);
	hb_draw_funcs_set_close_path_func(df, cl, NULL, NULL);
	double k = xs > 0 ? size / xs : 0, px = x;
	for (unsigned i = 0; i < n; i++) {
		pen p = {b, px + gp[i].x_offset * k, y - gp[i].y_offset * k, k};
		hb_font_get_glyph_shape(hf, gi[i].codepoint, df, &p);
		px += gp[i].x_advance * k;
	}
	hb_draw_funcs_destroy(df);
	hb_buffer_destroy(buf);
}

