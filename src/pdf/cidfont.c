/* cidfont.c - embedded fonts as Type0 fonts over a CIDFontType2
 * (TrueType) or CIDFontType0 (OpenType/CFF), addressed by glyph id (see
 * cidfont.h). PDF 1.7 §9.7.4 (CIDFonts), §9.7.5.2 (Identity-H), §9.8
 * (font descriptors), §9.9 (embedded font programs), §9.10.3 (ToUnicode
 * CMaps, written as in Adobe Technical Note 5411). */
#include "cidfont.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/arena.h"
#include "harufix.h"
#include "util/buf.h"
#include "util/utf8.h"

void ov_cidfont_data_free(ov_cidfont_data *d)
{
	free(d->program);
	free(d->to_unicode);
	memset(d, 0, sizeof *d);
}

/* An indirect stream holding the deflated bytes z[0..len). */
static HPDF_Dict flate_stream(HPDF_Doc pdf, const unsigned char *z, size_t len)
{
	HPDF_Dict s = HPDF_DictStream_New(pdf->mmgr, pdf->xref);
	if (!s)
		return NULL;
	if (len && HPDF_Stream_Write(s->stream, z, (HPDF_UINT)len) != HPDF_OK)
		return NULL;
	ov_haru_precompressed(s);
	return s;
}

/* An array or dictionary added to its parent right away, so that libharu
 * owns it from the start (it frees what it fails to add). */
static HPDF_Dict new_dict(HPDF_Doc pdf, HPDF_Dict parent, const char *key)
{
	HPDF_Dict d = HPDF_Dict_New(pdf->mmgr);
	return d && HPDF_Dict_Add(parent, key, d) == HPDF_OK ? d : NULL;
}

static HPDF_Array new_array(HPDF_Doc pdf, HPDF_Dict parent, const char *key)
{
	HPDF_Array a = HPDF_Array_New(pdf->mmgr);
	return a && HPDF_Dict_Add(parent, key, a) == HPDF_OK ? a : NULL;
}

/* "<XXXX>" of UTF-16BE units for UTF-8 text into b; false when the text
 * is empty or not valid UTF-8. */
static bool utf16_hex(ov_buf *b, const char *text)
{
	size_t len = strlen(text), i = 0;
	if (!len || ov_utf8_validate(text, len) != len)
		return false;
	ov_buf_puts(b, "<");
	while (i < len) {
		uint32_t cp;
		int k = ov_utf8_decode(text + i, len - i, &cp);
		i += (size_t)k;
		uint16_t u[2];
		for (int n = ov_utf16_encode(cp, u), j = 0; j < n; j++)
			ov_buf_printf(b, "%04X", (unsigned)u[j]);
	}
	ov_buf_puts(b, ">");
	return true;
}

/* The ToUnicode CMap (PDF 1.7 §9.10.3): each glyph id to the text it
 * stands for, one bfchar per glyph, at most 100 to a block; a ligature's
 * entry is its letters ("fi"), so that copying gives them back. */
static void glyph_to_unicode(ov_buf *b, const ov_cid_glyph *g, size_t n)
{
	ov_buf_puts(b, "/CIDInit /ProcSet findresource begin\n"
	               "12 dict begin\n"
	               "begincmap\n"
	               "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n"
	               "/CMapName /Adobe-Identity-UCS def\n"
	               "/CMapType 2 def\n"
	               "1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n");
	ov_buf block = OV_BUF_INIT;
	int count = 0;
	for (size_t i = 0; i <= n; i++) {
		if (i < n && g[i].text) {
			size_t mark = block.len;
			ov_buf_printf(&block, "<%04X> ", (unsigned)g[i].gid);
			if (utf16_hex(&block, g[i].text)) {
				ov_buf_puts(&block, "\n");
				count++;
			} else {
				block.len = mark;
			}
		}
		if (count == 100 || (i == n && count > 0)) {
			ov_buf_printf(b, "%d beginbfchar\n", count);
			ov_buf_put(b, block.ptr, block.len);
			ov_buf_puts(b, "endbfchar\n");
			block.len = 0;
			count = 0;
		}
	}
	ov_buf_dispose(&block);
	ov_buf_puts(b, "endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n");
}

/* Whether the program sub[0..len) checks as a sound font whose glyphs
 * g[0..n) are sound (fontcheck.h). The glyphs drawn were checked in the
 * book's font, but HarfBuzz's subsetter rewrites them (CFF charstrings
 * get renumbered subroutines and lose their hints; glyf outlines lose
 * their instructions), and fuzz_font found charstrings that ran in a font
 * and no longer run in its subset: what is embedded is checked again. */
static bool subset_sound(const uint8_t *sub, size_t len, const ov_cid_glyph *g, size_t n)
{
	char why[OV_FONTCHECK_WHY];
	ov_fontcheck *c = ov_fontcheck_open_program(sub, len, why, sizeof why);
	bool ok = c != NULL;
	for (size_t i = 0; i < n && ok; i++)
		ok = ov_fontcheck_glyph_ok(c, g[i].gid);
	ov_fontcheck_free(c);
	return ok;
}

void ov_cidfont_prepare_glyphs(const ov_font *f, const ov_cid_glyph *g, size_t n, ov_deflater *z,
                               ov_cidfont_data *out)
{
	memset(out, 0, sizeof *out);
	uint32_t *gids = ov_xmalloc((n + 1) * sizeof *gids);
	gids[0] = 0; /* .notdef: every font program keeps it */
	for (size_t i = 0; i < n; i++)
		gids[i + 1] = g[i].gid;
	size_t len = 0;
	uint8_t *sub = ov_font_subset_for_pdf(f, gids, n + 1, &len);
	free(gids);
	if (!sub || !subset_sound(sub, len, g, n)) {
		free(sub);
		return;
	}
	out->program_raw_len = len;
	ov_deflater_run(z, sub, len, &out->program, &out->program_len);
	free(sub);
	ov_buf cm = OV_BUF_INIT;
	glyph_to_unicode(&cm, g, n);
	ov_deflater_run(z, (const unsigned char *)cm.ptr, cm.len, &out->to_unicode, &out->to_unicode_len);
	ov_buf_dispose(&cm);
	out->ok = true;
}

void ov_cidfont_tag(const ov_font *f, const ov_cid_glyph *g, size_t n, char *tag)
{
	/* FNV-1a (64 bits) over the name, the size of the file and the glyph
	 * ids: a digest, not a secret */
	uint64_t h = 0xcbf29ce484222325ULL;
	const ov_font_info *in = ov_font_info_of(f);
	size_t flen;
	ov_font_data(f, &flen);
	for (const char *p = in->ps_name; *p; p++)
		h = (h ^ (unsigned char)*p) * 0x100000001b3ULL;
	for (int k = 0; k < 8; k++)
		h = (h ^ ((flen >> (8 * k)) & 0xFF)) * 0x100000001b3ULL;
	for (size_t i = 0; i < n; i++)
		for (int k = 0; k < 4; k++)
			h = (h ^ ((g[i].gid >> (8 * k)) & 0xFF)) * 0x100000001b3ULL;
	for (int i = 0; i < 6; i++) {
		tag[i] = (char)('A' + h % 26);
		h /= 26;
	}
	tag[6] = 0;
}

/* /W for the glyphs drawn: runs of consecutive glyph ids, each as
 * "first [w w ...]" (§9.7.4.3). */
static HPDF_STATUS glyph_widths(HPDF_Doc pdf, HPDF_Dict cid, const ov_font *f, const ov_cid_glyph *g, size_t n)
{
	HPDF_Array w = new_array(pdf, cid, "W");
	if (!w)
		return HPDF_FAILD_TO_ALLOC_MEM;
	HPDF_STATUS st = HPDF_OK;
	for (size_t i = 0; i < n && st == HPDF_OK;) {
		st = HPDF_Array_AddNumber(w, (HPDF_INT32)g[i].gid);
		HPDF_Array run = HPDF_Array_New(pdf->mmgr);
		if (!run || HPDF_Array_Add(w, run) != HPDF_OK)
			return HPDF_FAILD_TO_ALLOC_MEM;
		size_t j = i;
		do {
			st = HPDF_Array_AddNumber(run, ov_font_advance(f, g[j].gid));
			j++;
		} while (j < n && g[j].gid == g[j - 1].gid + 1 && st == HPDF_OK);
		i = j;
	}
	return st;
}

HPDF_Font ov_cidfont_add_glyphs(HPDF_Doc pdf, const ov_cidfont_data *d, const ov_font *f,
                                const ov_cid_glyph *g, size_t n, const char *tag, bool italic, bool bold)
{
	const ov_font_info *in = ov_font_info_of(f);
	char name[96];
	snprintf(name, sizeof name, "%s+%s", tag, in->ps_name[0] ? in->ps_name : "Font");

	HPDF_Dict font = HPDF_Dict_New(pdf->mmgr);
	if (!font || HPDF_Xref_Add(pdf->xref, font) != HPDF_OK)
		return NULL;
	font->header.obj_class |= HPDF_OSUBCLASS_FONT;
	HPDF_STATUS st = HPDF_Dict_AddName(font, "Type", "Font");
	st += HPDF_Dict_AddName(font, "Subtype", "Type0");
	/* §9.7.6.1: a Type0 font over a CIDFontType0 is named CIDFont-CMap */
	char base[128];
	snprintf(base, sizeof base, "%s%s", name, in->cff ? "-Identity-H" : "");
	st += HPDF_Dict_AddName(font, "BaseFont", base);
	st += HPDF_Dict_AddName(font, "Encoding", "Identity-H");
	HPDF_Dict tu = flate_stream(pdf, d->to_unicode, d->to_unicode_len);
	if (st != HPDF_OK || !tu || HPDF_Dict_Add(font, "ToUnicode", tu) != HPDF_OK)
		return NULL;

	HPDF_Dict cid = HPDF_Dict_New(pdf->mmgr);
	if (!cid || HPDF_Xref_Add(pdf->xref, cid) != HPDF_OK)
		return NULL;
	HPDF_Array desc = new_array(pdf, font, "DescendantFonts");
	if (!desc || HPDF_Array_Add(desc, cid) != HPDF_OK)
		return NULL;
	st = HPDF_Dict_AddName(cid, "Type", "Font");
	st += HPDF_Dict_AddName(cid, "Subtype", in->cff ? "CIDFontType0" : "CIDFontType2");
	st += HPDF_Dict_AddName(cid, "BaseFont", name);
	HPDF_Dict info = new_dict(pdf, cid, "CIDSystemInfo");
	if (st != HPDF_OK || !info)
		return NULL;
	st = HPDF_Dict_Add(info, "Registry", HPDF_String_New(pdf->mmgr, "Adobe", NULL));
	st += HPDF_Dict_Add(info, "Ordering", HPDF_String_New(pdf->mmgr, "Identity", NULL));
	st += HPDF_Dict_AddNumber(info, "Supplement", 0);
	st += glyph_widths(pdf, cid, f, g, n);
	if (!in->cff)
		st += HPDF_Dict_AddName(cid, "CIDToGIDMap", "Identity");
	if (st != HPDF_OK)
		return NULL;

	HPDF_Dict fd = HPDF_Dict_New(pdf->mmgr);
	if (!fd || HPDF_Xref_Add(pdf->xref, fd) != HPDF_OK || HPDF_Dict_Add(cid, "FontDescriptor", fd) != HPDF_OK)
		return NULL;
	/* flags (§9.8.2): FixedPitch 1, Symbolic 4 (glyphs outside the Latin
	 * set: every font here is addressed by glyph id), Italic 64,
	 * ForceBold 262144 */
	HPDF_INT32 flags = 4 | (in->fixed_pitch ? 1 : 0) | (italic ? 64 : 0) | (bold ? 262144 : 0);
	st = HPDF_Dict_AddName(fd, "Type", "FontDescriptor");
	st += HPDF_Dict_AddName(fd, "FontName", name);
	st += HPDF_Dict_AddNumber(fd, "Flags", flags);
	HPDF_Array bbox = new_array(pdf, fd, "FontBBox");
	if (st != HPDF_OK || !bbox)
		return NULL;
	for (int i = 0; i < 4; i++)
		st += HPDF_Array_AddNumber(bbox, in->bbox[i]);
	st += HPDF_Dict_AddReal(fd, "ItalicAngle", (HPDF_REAL)in->italic_angle);
	st += HPDF_Dict_AddNumber(fd, "Ascent", in->ascent);
	st += HPDF_Dict_AddNumber(fd, "Descent", in->descent);
	st += HPDF_Dict_AddNumber(fd, "CapHeight", in->cap_height);
	st += HPDF_Dict_AddNumber(fd, "XHeight", in->x_height);
	/* the dominant vertical stem: estimated from the weight class, as
	 * viewers use it only to fake a missing font */
	st += HPDF_Dict_AddNumber(fd, "StemV", 50 + in->weight * in->weight / 5000);
	HPDF_Dict prog = flate_stream(pdf, d->program, d->program_len);
	if (st != HPDF_OK || !prog)
		return NULL;
	if (in->cff) {
		st = HPDF_Dict_AddName(prog, "Subtype", "OpenType");
		if (st != HPDF_OK || HPDF_Dict_Add(fd, "FontFile3", prog) != HPDF_OK)
			return NULL;
	} else {
		st = HPDF_Dict_AddNumber(prog, "Length1", (HPDF_INT32)d->program_raw_len);
		if (st != HPDF_OK || HPDF_Dict_Add(fd, "FontFile2", prog) != HPDF_OK)
			return NULL;
	}
	return font;
}
