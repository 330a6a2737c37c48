/* harufix.c - libharu 2.3.0 repairs (see harufix.h). */
#include "harufix.h"

#include <hpdf_conf.h>

#include <stdint.h>
#include <string.h>

#include "util/buf.h"
#include "util/utf8.h"

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

void ov_haru_reserve_objects(HPDF_Doc pdf, size_t more)
{
	if (!pdf || !pdf->xref || !pdf->xref->entries)
		return;
	/* HPDF_List_Add grows a full list to block_siz + items_per_block */
	HPDF_List l = pdf->xref->entries;
	if (more > l->items_per_block && more < UINT32_MAX / 2)
		l->items_per_block = (HPDF_UINT)more;
}

/* The body of a raw dictionary, kept in its attr. */
typedef struct {
	size_t len;
	char bytes[];
} raw_body;

static HPDF_STATUS write_raw(HPDF_Dict dict, HPDF_Stream stream)
{
	const raw_body *b = dict->attr;
	return HPDF_Stream_Write(stream, (const HPDF_BYTE *)b->bytes, (HPDF_UINT)b->len);
}

static void free_raw(HPDF_Dict dict)
{
	HPDF_FreeMem(dict->mmgr, dict->attr);
	dict->attr = NULL;
}

HPDF_Dict ov_haru_raw_dict(HPDF_Doc pdf, const char *body, size_t len)
{
	if (len > UINT32_MAX / 2)
		return NULL;
	HPDF_Dict d = HPDF_Dict_New(pdf->mmgr);
	if (!d)
		return NULL;
	raw_body *b = HPDF_GetMem(pdf->mmgr, (HPDF_UINT)(sizeof *b + len));
	if (!b) {
		HPDF_Dict_Free(d);
		return NULL;
	}
	b->len = len;
	memcpy(b->bytes, body, len);
	d->attr = b;
	d->write_fn = write_raw;
	d->free_fn = free_raw;
	/* on failure HPDF_Xref_Add frees the dictionary itself */
	return HPDF_Xref_Add(pdf->xref, d) == HPDF_OK ? d : NULL;
}

unsigned long ov_haru_object_number(const void *obj)
{
	/* HPDF_Xref_Add numbers objects in the low 24 bits of obj_id, the
	 * flag bits above (HPDF_OTYPE_INDIRECT) */
	return ((const HPDF_Obj_Header *)obj)->obj_id & 0x00FFFFFFu;
}

HPDF_STATUS ov_haru_page_add_annot(HPDF_Page page, HPDF_Dict annot)
{
	HPDF_Array annots = HPDF_Dict_GetItem(page, "Annots", HPDF_OCLASS_ARRAY);
	if (!annots) {
		annots = HPDF_Array_New(page->mmgr);
		if (!annots)
			return HPDF_FAILD_TO_ALLOC_MEM;
		HPDF_STATUS st = HPDF_Dict_Add(page, "Annots", annots);
		if (st != HPDF_OK)
			return st;
	}
	return HPDF_Array_Add(annots, annot);
}

size_t ov_haru_copy_saved(HPDF_Doc pdf, unsigned char *out, size_t size)
{
	HPDF_Stream s = pdf->stream;
	if (!s || s->type != HPDF_STREAM_MEMORY || s->size != size)
		return 0;
	HPDF_MemStreamAttr a = (HPDF_MemStreamAttr)s->attr;
	size_t got = 0;
	for (HPDF_UINT i = 0; i < a->buf->count && got < size; i++) {
		const HPDF_BYTE *chunk = HPDF_List_ItemAt(a->buf, i);
		size_t n = size - got < a->buf_siz ? size - got : a->buf_siz;
		memcpy(out + got, chunk, n);
		got += n;
	}
	return got;
}

HPDF_Dict ov_haru_uri_action(HPDF_Doc pdf, const char *uri)
{
	/* the entries of libharu's own URI action, in its order */
	HPDF_Dict action = HPDF_Dict_New(pdf->mmgr);
	if (!action || HPDF_Xref_Add(pdf->xref, action) != HPDF_OK)
		return NULL;
	HPDF_STATUS st = HPDF_Dict_AddName(action, "Type", "Action");
	st += HPDF_Dict_AddName(action, "S", "URI");
	st += HPDF_Dict_Add(action, "URI", HPDF_String_New(pdf->mmgr, uri, NULL));
	return st == HPDF_OK ? action : NULL;
}

HPDF_STATUS ov_haru_share_action(HPDF_Annotation annot, HPDF_Dict action)
{
	/* an indirect object goes in as a reference (HPDF_Dict_Add makes the
	 * proxy), and the key's old value is freed */
	return HPDF_Dict_Add(annot, "A", action);
}

HPDF_STATUS ov_haru_set_text(HPDF_Dict dict, const char *key, const char *s, size_t len)
{
	/* UTF-16BE with its byte order mark (PDF 1.7 §7.9.2.2), characters
	 * above U+FFFF as surrogate pairs: libharu's UTF-8 encoder has
	 * two-byte codes only and writes them as spaces */
	ov_buf u = OV_BUF_INIT;
	ov_buf_put(&u, "\xFE\xFF", 2);
	for (size_t i = 0; i < len;) {
		uint32_t cp;
		int n = ov_utf8_decode(s + i, len - i, &cp);
		i += n > 0 ? (size_t)n : 1;
		uint16_t units[2];
		int nu = ov_utf16_encode(cp, units);
		for (int k = 0; k < nu; k++) {
			ov_buf_putc(&u, (char)(units[k] >> 8));
			ov_buf_putc(&u, (char)(units[k] & 0xFF));
		}
	}
	HPDF_STATUS st = HPDF_INVALID_PARAMETER;
	if (u.len <= UINT32_MAX / 2) {
		/* a binary object is written as a hexadecimal string <FEFF...> */
		HPDF_Binary b = HPDF_Binary_New(dict->mmgr, (HPDF_BYTE *)u.ptr, (HPDF_UINT)u.len);
		st = b ? HPDF_Dict_Add(dict, key, b) : HPDF_FAILD_TO_ALLOC_MEM;
	}
	ov_buf_dispose(&u);
	return st;
}
