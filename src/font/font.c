/* font.c - a checked font read through HarfBuzz (see font.h). Tables
 * named: OpenType 1.9 'head', 'hhea', 'OS/2', 'post', 'name'. */
#include "font.h"

#include <hb-ot.h>
#include <hb-subset.h>
#include <hb.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/arena.h"

struct ov_font {
	const uint8_t *data;
	size_t len;
	ov_fontcheck *check;
	hb_font_t *hb;       /* the checker's font, made immutable */
	ov_font_info info;
	uint16_t *advance;   /* per glyph, 1/1000 em */
};

static int to1000(int32_t v, unsigned upem) { return (int)((int64_t)v * 1000 / (int64_t)upem); }

/* The PostScript name, reduced to the characters a PDF name may hold
 * without escapes (PDF 1.7 §7.3.5) and a font name uses. */
static void ps_name(hb_face_t *face, char *out, size_t size)
{
	char buf[128];
	unsigned n = sizeof buf;
	out[0] = 0;
	if (!hb_ot_name_get_utf8(face, HB_OT_NAME_ID_POSTSCRIPT_NAME, HB_LANGUAGE_INVALID, &n, buf))
		return;
	size_t k = 0;
	for (unsigned i = 0; buf[i] && k + 1 < size; i++) {
		unsigned char ch = (unsigned char)buf[i];
		if (ch > 0x20 && ch < 0x7F && !strchr("()<>[]{}/%#", ch))
			out[k++] = (char)ch;
	}
	out[k] = 0;
}

static uint32_t be32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static void read_info(ov_font *f, hb_face_t *face)
{
	ov_font_info *in = &f->info;
	hb_font_t *font = f->hb;
	unsigned upem = hb_face_get_upem(face);
	in->upem = upem;
	in->glyph_count = hb_face_get_glyph_count(face);
	in->cff = ov_fontcheck_is_cff(f->check);
	hb_blob_t *head = hb_face_reference_table(face, HB_TAG('h', 'e', 'a', 'd'));
	unsigned hl = 0;
	const uint8_t *h = (const uint8_t *)hb_blob_get_data(head, &hl);
	if (h && hl >= 54) /* checked by fontcheck */
		for (int i = 0; i < 4; i++)
			in->bbox[i] = to1000((int16_t)(h[36 + 2 * i] << 8 | h[37 + 2 * i]), upem);
	hb_blob_destroy(head);
	hb_position_t v;
	in->ascent = hb_ot_metrics_get_position(font, HB_OT_METRICS_TAG_HORIZONTAL_ASCENDER, &v)
	                 ? to1000(v, upem)
	                 : in->bbox[3];
	in->descent = hb_ot_metrics_get_position(font, HB_OT_METRICS_TAG_HORIZONTAL_DESCENDER, &v)
	                  ? to1000(v, upem)
	                  : in->bbox[1];
	in->cap_height = hb_ot_metrics_get_position(font, HB_OT_METRICS_TAG_CAP_HEIGHT, &v) && v > 0
	                     ? to1000(v, upem)
	                     : in->ascent * 7 / 10;
	in->x_height = hb_ot_metrics_get_position(font, HB_OT_METRICS_TAG_X_HEIGHT, &v) && v > 0
	                   ? to1000(v, upem)
	                   : in->cap_height * 2 / 3;
	in->weight = (int)lround(hb_style_get_value(font, HB_STYLE_TAG_WEIGHT));
	in->italic_angle = hb_style_get_value(font, HB_STYLE_TAG_SLANT_ANGLE);
	hb_blob_t *post = hb_face_reference_table(face, HB_TAG('p', 'o', 's', 't'));
	unsigned pl = 0;
	const uint8_t *p = (const uint8_t *)hb_blob_get_data(post, &pl);
	in->fixed_pitch = p && pl >= 16 && be32(p + 12) != 0;
	hb_blob_destroy(post);
	ps_name(face, in->ps_name, sizeof in->ps_name);
}

ov_font *ov_font_load(const uint8_t *data, size_t len, char *why, size_t size)
{
	ov_fontcheck *c = ov_fontcheck_open(data, len, why, size);
	if (!c)
		return NULL;
	ov_font *f = ov_xcalloc(1, sizeof *f);
	f->data = data;
	f->len = len;
	f->check = c;
	f->hb = ov_fontcheck_font(c);
	hb_face_t *face = ov_fontcheck_face(c);
	/* the checker read the tables; from here on the font only serves */
	hb_font_make_immutable(f->hb);
	read_info(f, face);
	unsigned n = f->info.glyph_count;
	f->advance = ov_xcalloc(n ? n : 1, sizeof *f->advance);
	for (unsigned g = 0; g < n; g++) {
		hb_position_t a = hb_font_get_glyph_h_advance(f->hb, g);
		int w = a > 0 ? to1000(a, f->info.upem) : 0;
		f->advance[g] = (uint16_t)(w > 65535 ? 65535 : w);
	}
	return f;
}

void ov_font_free(ov_font *f)
{
	if (!f)
		return;
	ov_fontcheck_free(f->check);
	free(f->advance);
	free(f);
}

const ov_font_info *ov_font_info_of(const ov_font *f) { return &f->info; }

const uint8_t *ov_font_data(const ov_font *f, size_t *len)
{
	*len = f->len;
	return f->data;
}

bool ov_font_name(const ov_font *f, unsigned name_id, char *buf, size_t size)
{
	if (!size)
		return false;
	buf[0] = 0;
	unsigned n = size > UINT_MAX ? UINT_MAX : (unsigned)size;
	/* the length of the whole name, which is cut to fit n (NUL included) */
	unsigned full = hb_ot_name_get_utf8(hb_font_get_face(f->hb), (hb_ot_name_id_t)name_id, HB_LANGUAGE_INVALID,
	                                    &n, buf);
	if (!full || full >= size) {
		buf[0] = 0;
		return false;
	}
	return true;
}

uint32_t ov_font_glyph(const ov_font *f, uint32_t cp)
{
	hb_codepoint_t g;
	if (!hb_font_get_nominal_glyph(f->hb, cp, &g) || g >= f->info.glyph_count)
		return 0;
	return g;
}

int ov_font_advance(const ov_font *f, uint32_t gid)
{
	return gid < f->info.glyph_count ? f->advance[gid] : 0;
}

void ov_font_glyph_ink(const ov_font *f, uint32_t gid, double *height, double *depth)
{
	hb_glyph_extents_t e;
	*height = *depth = 0;
	if (gid >= f->info.glyph_count || !hb_font_get_glyph_extents(f->hb, gid, &e) || e.height == 0)
		return;
	/* y_bearing is the top of the ink, height its extent downwards
	 * (negative), in font units at the font's scale */
	double k = 1000.0 / f->info.upem;
	*height = e.y_bearing * k;
	*depth = -(e.y_bearing + e.height) * k;
}

int ov_font_units_to_1000(const ov_font *f, int32_t units) { return to1000(units, f->info.upem); }

ov_fontcheck *ov_font_check(ov_font *f) { return f->check; }

hb_font_t *ov_font_hb(const ov_font *f) { return f->hb; }

/* Runs a subset plan for input in on font f; the bytes (malloc'ed) and,
 * when gids is not NULL, the old glyph ids kept. */
static uint8_t *run_subset(const ov_font *f, hb_subset_input_t *in, size_t *out_len, uint32_t **gids,
                           size_t *ngids)
{
	hb_face_t *face = hb_font_get_face(f->hb);
	hb_subset_plan_t *plan = hb_subset_plan_create_or_fail(face, in);
	hb_face_t *sub = plan ? hb_subset_plan_execute_or_fail(plan) : NULL;
	uint8_t *out = NULL;
	if (sub) {
		hb_blob_t *sb = hb_face_reference_blob(sub);
		unsigned n = 0;
		const char *d = hb_blob_get_data(sb, &n);
		if (d && n) {
			out = ov_xmalloc(n);
			memcpy(out, d, n);
			*out_len = n;
		}
		hb_blob_destroy(sb);
		hb_face_destroy(sub);
	}
	if (out && gids) {
		const hb_map_t *map = hb_subset_plan_new_to_old_glyph_mapping(plan);
		unsigned count = hb_map_get_population(map);
		*gids = ov_xmalloc((count ? count : 1) * sizeof **gids);
		for (unsigned g = 0; g < count; g++) { /* new glyph ids are 0 to count - 1 */
			hb_codepoint_t old = hb_map_get(map, g);
			if (old != HB_MAP_VALUE_INVALID)
				(*gids)[(*ngids)++] = old;
		}
	}
	hb_subset_plan_destroy(plan);
	return out;
}

uint8_t *ov_font_subset_for_pdf(const ov_font *f, const uint32_t *gids, size_t n, size_t *out_len)
{
	*out_len = 0;
	hb_subset_input_t *in = hb_subset_input_create_or_fail();
	if (!in)
		return NULL;
	hb_set_t *glyphs = hb_subset_input_glyph_set(in);
	for (size_t i = 0; i < n; i++)
		hb_set_add(glyphs, gids[i]);
	/* no characters asked for: the PDF addresses glyphs, and its
	 * ToUnicode maps give the text back (hb-subset still keeps the 'cmap'
	 * entries of the glyphs kept, and leaves 'cmap' out when none has a
	 * character: ov_fontcheck_open_program) */
	hb_set_clear(hb_subset_input_unicode_set(in));
	/* the glyph ids stay those the content streams hold (CID = GID; PDF
	 * 1.7 §9.7.4.2: /CIDToGIDMap /Identity for TrueType, and CIDs used as
	 * glyph indices in a CFF font that is not CID-keyed); hinting and the
	 * layout tables have no use in a PDF */
	hb_subset_input_set_flags(in, HB_SUBSET_FLAGS_RETAIN_GIDS | HB_SUBSET_FLAGS_NO_HINTING);
	hb_set_t *drop = hb_subset_input_set(in, HB_SUBSET_SETS_DROP_TABLE_TAG);
	static const char *const tables[] = {"GSUB", "GPOS", "GDEF", "kern", "BASE", "JSTF", "MATH",
	                                     "DSIG", "morx", "kerx", "COLR", "CPAL", "SVG ", "CBDT",
	                                     "CBLC", "sbix", "EBDT", "EBLC", "STAT", "vhea", "vmtx"};
	for (size_t i = 0; i < sizeof tables / sizeof *tables; i++)
		hb_set_add(drop, hb_tag_from_string(tables[i], 4));
	uint8_t *out = run_subset(f, in, out_len, NULL, NULL);
	hb_subset_input_destroy(in);
	return out;
}

uint8_t *ov_font_subset_for_web(const ov_font *f, const uint32_t *cps, size_t n, size_t *out_len,
                                uint32_t **gids, size_t *ngids)
{
	*out_len = 0;
	if (gids) {
		*gids = NULL;
		*ngids = 0;
	}
	hb_subset_input_t *in = hb_subset_input_create_or_fail();
	if (!in)
		return NULL;
	hb_set_t *unicodes = hb_subset_input_unicode_set(in);
	for (size_t i = 0; i < n; i++)
		hb_set_add(unicodes, cps[i]);
	uint8_t *out = run_subset(f, in, out_len, gids, ngids);
	hb_subset_input_destroy(in);
	return out;
}
