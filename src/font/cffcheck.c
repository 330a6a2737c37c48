/* cffcheck.c - OpenType/CFF fonts, for the font checker (fontcheck.h;
 * fontcheck_internal.h): the 'CFF ' table's header, Name and Top DICT
 * INDEXes and Top DICT operators, as far as embedding needs them (Adobe
 * Technical Note #5176, "The Compact Font Format Specification": §4 DICT
 * data, §5 INDEX data, §6 header, §7 Name INDEX, §8 Top DICT INDEX, §18
 * CID-keyed fonts); outlines judged by drawing them through HarfBuzz's
 * Type 2 charstring interpreter (TN #5177); and their messages. The rest
 * of the table (charset, encodings, Private DICTs, subroutines, the
 * CharStrings INDEX) is judged by HarfBuzz's sanitizer (fontcheck.c). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "font/fontcheck_internal.h"
#include "util/arena.h"

/* ---- the table's header and Top DICT ---- */

/* Reads the bytes of a CFF INDEX at p (CFF spec, Adobe TN #5176 §5):
 * its count, offset size and the start of its data; false when it does
 * not fit in end. */
static bool cff_index(const uint8_t *p, const uint8_t *end, uint32_t *count, const uint8_t **offs,
                      uint32_t *osize, const uint8_t **data, const uint8_t **after)
{
	if (end - p < 2)
		return false;
	*count = u16(p);
	if (*count == 0) {
		*after = p + 2;
		return true;
	}
	if (end - p < 3)
		return false;
	*osize = p[2];
	if (*osize < 1 || *osize > 4)
		return false;
	*offs = p + 3;
	uint64_t olen = ((uint64_t)*count + 1) * *osize;
	if ((uint64_t)(end - *offs) < olen)
		return false;
	*data = *offs + olen - 1; /* offsets count from 1 */
	uint32_t last = 0;
	for (uint32_t k = 0; k < *osize; k++)
		last = last << 8 | (*offs)[(uint64_t)*count * *osize + k];
	if (last < 1 || (uint64_t)(end - *data) < last)
		return false;
	*after = *data + last;
	return true;
}

/* Whether the CFF table t[0..len) can be embedded as Octavo embeds it:
 * CFF version 1 (§6), one font (§7, §8), whose Top DICT is not CID-keyed
 * (no ROS operator, 12 30, §18: a CID-keyed font maps codes through its
 * charset, and the PDF's codes here are glyph ids; PDF 1.7 §9.7.4.2). */
bool ov_cffcheck_table(const uint8_t *t, uint32_t len, char *why, size_t size)
{
	const uint8_t *end = t + len;
	if (len < 4 || t[0] != 1 || t[2] < 4 || t[2] > len) {
		snprintf(why, size, "is damaged: table 'CFF ' has a wrong header");
		return false;
	}
	uint32_t n, os = 0, tn, tos = 0;
	const uint8_t *offs = NULL, *data = NULL, *after, *toffs = NULL, *tdata = NULL, *tafter;
	if (!cff_index(t + t[2], end, &n, &offs, &os, &data, &after) ||
	    !cff_index(after, end, &tn, &toffs, &tos, &tdata, &tafter) || tn < 1) {
		snprintf(why, size, "is damaged: table 'CFF ' has a name or Top DICT index that runs past its end");
		return false;
	}
	if (n != 1 || tn != 1) {
		snprintf(why, size, "holds %u fonts in its table 'CFF ' (an OpenType font holds one)", (unsigned)n);
		return false;
	}
	uint32_t a = 0, b = 0;
	for (uint32_t k = 0; k < tos; k++) {
		a = a << 8 | toffs[k];
		b = b << 8 | toffs[tos + k];
	}
	if (a < 1 || b < a || (uint64_t)(tafter - tdata) < b) {
		snprintf(why, size, "is damaged: table 'CFF ' has a Top DICT index with offsets out of order");
		return false;
	}
	/* the DICT: operands (numbers) and operators (CFF spec §4) */
	const uint8_t *p = tdata + a, *e = tdata + b;
	while (p < e) {
		uint8_t b0 = *p;
		if (b0 == 12) {
			if (e - p < 2)
				break;
			if (p[1] == 30) {
				snprintf(why, size, "is a CID-keyed CFF font, which Octavo cannot embed; use a TrueType or "
				                    "name-keyed OpenType version of it");
				return false;
			}
			p += 2;
		} else if (b0 <= 21) {
			p += 1;
		} else if (b0 == 28) {
			p += 3;
		} else if (b0 == 29) {
			p += 5;
		} else if (b0 == 30) { /* real number: nibbles up to 0xf */
			p++;
			while (p < e && (*p & 0x0F) != 0x0F && (*p >> 4) != 0x0F)
				p++;
			p++;
		} else if (b0 >= 32 && b0 <= 246) {
			p += 1;
		} else if (b0 >= 247 && b0 <= 254) {
			p += 2;
		} else {
			p += 1;
		}
	}
	return true;
}

/* ---- outlines ----
 * A CFF glyph is a Type 2 charstring program (Adobe TN #5177), run by the
 * viewer. HarfBuzz's interpreter, which the subsetter uses too, runs it
 * with bounded stacks and operations; drawing it through that interpreter
 * shows where its points land. A damaged program draws points far from
 * anything the font's box allows, or endless numbers of them. */

typedef struct {
	double lim[4]; /* xMin, yMin, xMax, yMax allowed, font units */
	uint32_t points;
	bool out;
	double x, y;   /* the first point outside */
} cff_walk;

static void cff_point(cff_walk *w, float x, float y)
{
	w->points++;
	if (!w->out && (x < w->lim[0] || y < w->lim[1] || x > w->lim[2] || y > w->lim[3])) {
		w->out = true;
		w->x = x;
		w->y = y;
	}
}

static void cff_move(hb_draw_funcs_t *f, void *d, hb_draw_state_t *st, float x, float y, void *u)
{
	(void)f, (void)st, (void)u;
	cff_point(d, x, y);
}

static void cff_quad(hb_draw_funcs_t *f, void *d, hb_draw_state_t *st, float cx, float cy, float x, float y,
                     void *u)
{
	(void)f, (void)st, (void)u;
	cff_point(d, cx, cy);
	cff_point(d, x, y);
}

static void cff_cubic(hb_draw_funcs_t *f, void *d, hb_draw_state_t *st, float c1x, float c1y, float c2x,
                      float c2y, float x, float y, void *u)
{
	(void)f, (void)st, (void)u;
	cff_point(d, c1x, c1y);
	cff_point(d, c2x, c2y);
	cff_point(d, x, y);
}

/* HarfBuzz reads the whole table's structure (the INDEXes, charset,
 * Private DICT and subroutines, and that the CharStrings INDEX holds
 * maxp's numGlyphs glyphs) before it runs any charstring, and when any of
 * it is wrong it reads no glyph at all: every glyph would be drawn empty
 * and subset into nothing, with no error from HarfBuzz. Its sanitizer
 * checks only the table's header, so the verdict is asked of glyph 0
 * (.notdef), which every font has, every subset keeps, and which is drawn
 * for characters no font has: its bounds can be read only when the table
 * can, and its own charstring runs. */
bool ov_cffcheck_readable(ov_fontcheck *c, char *why, size_t size)
{
	hb_glyph_extents_t e;
	if (hb_font_get_glyph_extents(c->font, 0, &e))
		return true;
	snprintf(why, size, "is damaged: table 'CFF ' is malformed (HarfBuzz cannot read its glyphs)");
	return false;
}

/* Judges CFF glyph g once: its charstring runs to its end in HarfBuzz's
 * interpreter (which reports that through the glyph's bounds, not
 * through drawing), its points lie within an em of the font's box
 * ('head'), and there are at most OV_FONTCHECK_MAX_POINTS of them. */
void ov_cffcheck_visit(ov_fontcheck *c, uint32_t g)
{
	if (g >= c->nglyphs || c->state[g] != G_UNSEEN)
		return;
	hb_glyph_extents_t e;
	if (!hb_font_get_glyph_extents(c->font, g, &e)) {
		mark_bad(c, g, P_CFF_RUN, 0);
		return;
	}
	if (!c->draw) {
		c->draw = hb_draw_funcs_create();
		hb_draw_funcs_set_move_to_func(c->draw, cff_move, NULL, NULL);
		hb_draw_funcs_set_line_to_func(c->draw, cff_move, NULL, NULL);
		hb_draw_funcs_set_quadratic_to_func(c->draw, cff_quad, NULL, NULL);
		hb_draw_funcs_set_cubic_to_func(c->draw, cff_cubic, NULL, NULL);
		hb_draw_funcs_make_immutable(c->draw);
	}
	cff_walk w = {{(double)c->box[0] - c->upem, (double)c->box[1] - c->upem, (double)c->box[2] + c->upem,
	               (double)c->box[3] + c->upem},
	              0, false, 0, 0};
	hb_font_get_glyph_shape(c->font, g, c->draw, &w);
	if (w.out || w.points > OV_FONTCHECK_MAX_POINTS) {
		mark_bad(c, g, w.out ? P_CFF_OUT : P_CFF_LONG, 0);
		if (!c->far)
			c->far = ov_xcalloc(c->nglyphs, sizeof *c->far);
		if (w.out) {
			c->far[g][0] = (int32_t)fmax(fmin(w.x, 2e9), -2e9);
			c->far[g][1] = (int32_t)fmax(fmin(w.y, 2e9), -2e9);
		} else {
			c->far[g][0] = (int32_t)(w.points > INT32_MAX ? INT32_MAX : w.points);
		}
		return;
	}
	c->state[g] = G_OK;
	c->points[g] = w.points;
}

/* ---- messages ---- */

/* The message for damaged CFF glyph g: the point at fault, or the count
 * (c->far). */
void ov_cffcheck_explain(const ov_fontcheck *c, uint32_t g, const char *who, char *why, size_t size)
{
	switch (c->code[g]) {
	case P_CFF_OUT: {
		long long fx = c->far[g][0], fy = c->far[g][1];
		snprintf(why, size,
		         "is damaged: table 'CFF ': glyph %u%s draws a point at (%lld, %lld), far outside the font's bounding box (%d %d %d %d)",
		         (unsigned)g, who, fx, fy, (int)c->box[0], (int)c->box[1], (int)c->box[2], (int)c->box[3]);
		break;
	}
	case P_CFF_LONG:
		snprintf(why, size, "is damaged: table 'CFF ': glyph %u%s draws %lld points, more than %d", (unsigned)g, who,
		         (long long)c->far[g][0], OV_FONTCHECK_MAX_POINTS);
		break;
	case P_CFF_RUN:
		snprintf(why, size, "is damaged: table 'CFF ': glyph %u%s has a charstring that HarfBuzz cannot run",
		         (unsigned)g, who);
		break;
	default:
		snprintf(why, size, "is damaged: table 'CFF ': glyph %u%s is damaged", (unsigned)g, who);
		break;
	}
}
