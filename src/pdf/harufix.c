/* harufix.c - libharu 2.3.0 repairs (see harufix.h). */
#include "harufix.h"

#include <hpdf_conf.h>

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/arena.h"

HPDF_STATUS ov_haru_fix_tounicode(HPDF_Font font)
{
	HPDF_FontAttr attr = (HPDF_FontAttr)font->attr;
	HPDF_Dict cm = attr->cmap_stream;
	if (!cm || !cm->stream)
		return HPDF_OK;
	HPDF_MemStream_FreeData(cm->stream);
	HPDF_STATUS st = HPDF_Stream_WriteStr(cm->stream,
		"/CIDInit /ProcSet findresource begin\n"
		"12 dict begin\n"
		"begincmap\n"
		"/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n"
		"/CMapName /Adobe-Identity-UCS def\n"
		"/CMapType 2 def\n"
		"1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n");
	/* one range per high byte, skipping the surrogates D8..DF; at most 100
	 * entries per bfrange block (Adobe TN 5411 §1.4.2) */
	unsigned his[256];
	int n = 0;
	for (unsigned hi = 0; hi < 256; hi++)
		if (hi < 0xD8 || hi > 0xDF)
			his[n++] = hi;
	for (int i = 0; i < n && st == HPDF_OK; i += 100) {
		int k = n - i < 100 ? n - i : 100;
		char line[64];
		snprintf(line, sizeof line, "%d beginbfrange\n", k);
		st = HPDF_Stream_WriteStr(cm->stream, line);
		for (int j = 0; j < k && st == HPDF_OK; j++) {
			unsigned hi = his[i + j];
			snprintf(line, sizeof line, "<%02X00> <%02XFF> <%02X00>\n", hi, hi, hi);
			st = HPDF_Stream_WriteStr(cm->stream, line);
		}
		if (st == HPDF_OK)
			st = HPDF_Stream_WriteStr(cm->stream, "endbfrange\n");
	}
	if (st == HPDF_OK)
		st = HPDF_Stream_WriteStr(cm->stream,
			"endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n");
	return st;
}

static uint16_t rd16(const uint8_t *p) { return (uint16_t)(p[0] << 8 | p[1]); }

/* glyf composite flags (OpenType 'glyf' table, "Composite glyph description") */
#define ARG_1_AND_2_ARE_WORDS 0x0001
#define WE_HAVE_A_SCALE 0x0008
#define MORE_COMPONENTS 0x0020
#define WE_HAVE_AN_X_AND_Y_SCALE 0x0040
#define WE_HAVE_A_TWO_BY_TWO 0x0080

void ov_haru_close_composites(HPDF_Font font, const uint8_t *ttf, size_t len)
{
	HPDF_FontAttr fa = (HPDF_FontAttr)font->attr;
	HPDF_FontDef def = fa->fontdef;
	if (!def)
		return;
	HPDF_TTFontDefAttr a = (HPDF_TTFontDefAttr)def->attr;
	if (!a || !a->glyph_tbl.flgs || !a->glyph_tbl.offsets)
		return;
	unsigned ng = a->num_glyphs;
	int mul = a->header.index_to_loc_format == 0 ? 2 : 1;
	/* work list of glyphs to examine: every glyph flagged so far */
	uint16_t *stack = ov_xmalloc((size_t)ng * sizeof *stack + 2);
	uint8_t *seen = ov_xcalloc(ng + 1u, 1);
	size_t sp = 0;
	for (unsigned g = 0; g < ng; g++)
		if (a->glyph_tbl.flgs[g]) {
			stack[sp++] = (uint16_t)g;
			seen[g] = 1;
		}
	while (sp) {
		unsigned g = stack[--sp];
		/* loca has num_glyphs + 1 entries, so offsets[g + 1] exists */
		size_t off = (size_t)a->glyph_tbl.base_offset + (size_t)a->glyph_tbl.offsets[g] * (size_t)mul;
		size_t next = (size_t)a->glyph_tbl.base_offset + (size_t)a->glyph_tbl.offsets[g + 1] * (size_t)mul;
		if (next <= off || off + 10 > len)
			continue; /* empty glyph */
		if (rd16(ttf + off) != 0xFFFF)
			continue; /* simple glyph */
		size_t p = off + 10;
		uint16_t flags;
		do {
			if (p + 4 > len)
				break;
			flags = rd16(ttf + p);
			unsigned comp = rd16(ttf + p + 2); /* unsigned, unlike 2.3.0 */
			p += 4;
			p += (flags & ARG_1_AND_2_ARE_WORDS) ? 4 : 2;
			if (flags & WE_HAVE_A_SCALE)
				p += 2;
			else if (flags & WE_HAVE_AN_X_AND_Y_SCALE)
				p += 4;
			else if (flags & WE_HAVE_A_TWO_BY_TWO)
				p += 8;
			if (comp < ng) {
				a->glyph_tbl.flgs[comp] = 1;
				if (!seen[comp]) {
					seen[comp] = 1;
					stack[sp++] = (uint16_t)comp; /* each glyph is pushed once */
				}
			}
		} while (flags & MORE_COMPONENTS);
	}
	free(stack);
	free(seen);
}

HPDF_FontDef ov_haru_load_ttf(HPDF_Doc pdf, const uint8_t *data, size_t len, const char *tag)
{
	HPDF_Stream s = HPDF_MemStream_New(pdf->mmgr, HPDF_STREAM_BUF_SIZ);
	if (!s)
		return NULL;
	if (HPDF_Stream_Write(s, data, (HPDF_UINT)len) != HPDF_OK) {
		HPDF_Stream_Free(s);
		return NULL;
	}
	/* the definition owns the stream from here on, also on failure */
	HPDF_FontDef def = HPDF_TTFontDef_Load(pdf->mmgr, s, HPDF_TRUE);
	if (!def)
		return NULL;
	HPDF_FontDef known = HPDF_Doc_FindFontDef(pdf, def->base_font);
	if (known) {
		HPDF_FontDef_Free(def);
		return known;
	}
	if (HPDF_Doc_RegisterFontDef(pdf, def) != HPDF_OK)
		return NULL; /* freed by libharu */
	HPDF_TTFontDef_SetTagName(def, (char *)(uintptr_t)tag);
	return def;
}

void ov_haru_trim_cmap(HPDF_FontDef def, const uint8_t *used)
{
	HPDF_TTFontDefAttr a = (HPDF_TTFontDefAttr)def->attr;
	if (!a || a->cmap.format != 4)
		return;
	unsigned lo = 0x10000, hi = 0;
	for (unsigned cp = 0; cp < 0xFFFF; cp++)
		if (used[cp >> 3] & (1u << (cp & 7))) {
			if (cp < lo)
				lo = cp;
			hi = cp;
		}
	if (lo > hi)
		return;
	unsigned n = hi - lo + 1;
	HPDF_UINT16 *ids = HPDF_GetMem(def->mmgr, (HPDF_UINT)(sizeof *ids * (n + 1)));
	HPDF_UINT16 *end = HPDF_GetMem(def->mmgr, sizeof *end * 2);
	HPDF_UINT16 *start = HPDF_GetMem(def->mmgr, sizeof *start * 2);
	HPDF_INT16 *delta = HPDF_GetMem(def->mmgr, sizeof *delta * 2);
	HPDF_UINT16 *range = HPDF_GetMem(def->mmgr, sizeof *range * 2);
	if (!ids || !end || !start || !delta || !range) {
		HPDF_FreeMem(def->mmgr, ids);
		HPDF_FreeMem(def->mmgr, end);
		HPDF_FreeMem(def->mmgr, start);
		HPDF_FreeMem(def->mmgr, delta);
		HPDF_FreeMem(def->mmgr, range);
		return;
	}
	/* glyph ids from the font's own map, while it is still in place */
	for (unsigned i = 0; i <= n; i++) {
		unsigned cp = lo + i;
		ids[i] = i < n && (used[cp >> 3] & (1u << (cp & 7))) ? HPDF_TTFontDef_GetGlyphid(def, (HPDF_UINT16)cp) : 0;
	}
	/* two format 4 segments (OpenType 'cmap' format 4): lo..hi through
	 * the glyph id array, whose index is idRangeOffset/2 + (c - start) -
	 * (segCount - i), hence 4 for segment 0 of 2; and the final 0xFFFF
	 * segment, mapped to glyph 0 */
	end[0] = (HPDF_UINT16)hi;
	start[0] = (HPDF_UINT16)lo;
	delta[0] = 0;
	range[0] = 4;
	end[1] = start[1] = 0xFFFF;
	delta[1] = 1;
	range[1] = 0;
	HPDF_FreeMem(def->mmgr, a->cmap.end_count);
	HPDF_FreeMem(def->mmgr, a->cmap.start_count);
	HPDF_FreeMem(def->mmgr, a->cmap.id_delta);
	HPDF_FreeMem(def->mmgr, a->cmap.id_range_offset);
	HPDF_FreeMem(def->mmgr, a->cmap.glyph_id_array);
	a->cmap.end_count = end;
	a->cmap.start_count = start;
	a->cmap.id_delta = delta;
	a->cmap.id_range_offset = range;
	a->cmap.glyph_id_array = ids;
	a->cmap.glyph_id_array_count = n; /* 2.3.0 reads index n too: ids has n + 1 */
	a->cmap.seg_count_x2 = 4;
}

static HPDF_STATUS write_flate(HPDF_Dict dict, HPDF_Stream stream)
{
	(void)dict;
	return HPDF_Stream_WriteStr(stream, "/Filter /FlateDecode\012");
}

void ov_haru_precompressed(HPDF_Dict dict)
{
	dict->filter = HPDF_STREAM_FILTER_NONE;
	dict->write_fn = write_flate;
}

HPDF_Image ov_haru_flate_image(HPDF_Doc pdf, const uint8_t *zdata, size_t zlen, unsigned width,
                               unsigned height, int color)
{
	HPDF_Dict img = HPDF_DictStream_New(pdf->mmgr, pdf->xref);
	if (!img)
		return NULL;
	img->header.obj_class |= HPDF_OSUBCLASS_XOBJECT;
	HPDF_STATUS st = HPDF_Dict_AddName(img, "Type", "XObject");
	st += HPDF_Dict_AddName(img, "Subtype", "Image");
	st += HPDF_Dict_AddNumber(img, "Width", (HPDF_INT32)width);
	st += HPDF_Dict_AddNumber(img, "Height", (HPDF_INT32)height);
	st += HPDF_Dict_AddName(img, "ColorSpace", color ? "DeviceRGB" : "DeviceGray");
	st += HPDF_Dict_AddNumber(img, "BitsPerComponent", 8);
	HPDF_Dict parms = HPDF_Dict_New(pdf->mmgr);
	if (!parms || st != HPDF_OK)
		return NULL;
	/* PNG predictors, the filter type chosen per row (§7.4.4.4) */
	st += HPDF_Dict_AddNumber(parms, "Predictor", 15);
	st += HPDF_Dict_AddNumber(parms, "Colors", color ? 3 : 1);
	st += HPDF_Dict_AddNumber(parms, "BitsPerComponent", 8);
	st += HPDF_Dict_AddNumber(parms, "Columns", (HPDF_INT32)width);
	st += HPDF_Dict_Add(img, "DecodeParms", parms);
	if (st != HPDF_OK || HPDF_Stream_Write(img->stream, zdata, (HPDF_UINT)zlen) != HPDF_OK)
		return NULL;
	ov_haru_precompressed(img);
	return img;
}
