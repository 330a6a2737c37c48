/*
 * pdfx.c - PDF/X-4 (ISO 15930-7:2010) parts of the PDF (see pdfx.h).
 * Facts used, from PDF 1.7 (ISO 32000-1) and the public summaries of
 * PDF/X-4 (Ghent Workgroup, Adobe, callas):
 *   - an output intent (§14.11.5) /S /GTS_PDFX with an embedded output
 *     profile and the registered name of its printing condition;
 *   - a metadata stream (§14.3.2), XMP, in the catalog, not compressed,
 *     whose dc:title, pdf:Producer, dates and pdf:Trapped agree with the
 *     information dictionary, with xmpMM:DocumentID, VersionID,
 *     RenditionClass and pdfxid:GTS_PDFXVersion "PDF/X-4";
 *   - /Trapped True or False in the information dictionary;
 *   - a trailer /ID of two byte strings (§14.4): the first made once for
 *     the document (here from its identifier), the second for this
 *     version of the file (here from its bytes).
 */
#include "pdfx.h"

#include <hpdf_conf.h>
#include <hpdf_encrypt.h>
#include <libdeflate.h>

#include <errno.h>

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "flate.h"
#include "harufix.h"
#include "internal.h"
#include "util/fsio.h"

static uint32_t be32(const unsigned char *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

int ov_icc_check(const unsigned char *d, size_t len, const char *cls, const char *space, char *msg,
                 size_t msg_size)
{
	/* the 128-byte header (ICC.1 §7.2): size at 0, version at 8, device
	 * class at 12, colour space at 16, 'acsp' at 36 */
	if (len < 132 || memcmp(d + 36, "acsp", 4) != 0) {
		snprintf(msg, msg_size, "it is not an ICC profile");
		return -1;
	}
	if (be32(d) != len) {
		snprintf(msg, msg_size, "it is truncated (its header says %u bytes, the file has %zu)", be32(d), len);
		return -1;
	}
	if (d[8] != 2 && d[8] != 4) {
		snprintf(msg, msg_size, "it is an ICC profile of version %u, not 2 or 4", d[8]);
		return -1;
	}
	if (memcmp(d + 12, cls, 4) != 0 || memcmp(d + 16, space, 4) != 0) {
		snprintf(msg, msg_size, "it is a '%.4s' profile of '%.4s', not a '%s' profile of '%s'", (const char *)d + 12,
		         (const char *)d + 16, cls, space);
		return -1;
	}
	return 0;
}

static int load_one(const char *path, const char *cls, const char *space, const char *package, char **out,
                    size_t *out_len, ov_diag *diag)
{
	char msg[160];
	if (ov_read_file(path, out, out_len) != 0) {
		ov_diag_error(diag, (ov_pos){0, 0, 0},
		              "cannot read the ICC profile '%s' that a PDF/X file needs: %s (install Debian's %s)", path,
		              ov_file_error(errno), package);
		return -1;
	}
	if (ov_icc_check((const unsigned char *)*out, *out_len, cls, space, msg, sizeof msg) != 0) {
		ov_diag_error(diag, (ov_pos){0, 0, 0}, "the ICC profile '%s' cannot be used: %s", path, msg);
		free(*out);
		*out = NULL;
		return -1;
	}
	return 0;
}

int ov_pdfx_load(ov_pdfx *x, ov_diag *diag)
{
	memset(x, 0, sizeof *x);
	int a = load_one(OV_CMYK_PROFILE, "prtr", "CMYK", "libgs-common", &x->cmyk, &x->cmyk_len, diag);
	int b = load_one(OV_SRGB_PROFILE, "mntr", "RGB ", "icc-profiles-free", &x->srgb, &x->srgb_len, diag);
	return a == 0 && b == 0 ? 0 : -1;
}

void ov_pdfx_dispose(ov_pdfx *x)
{
	free(x->cmyk);
	free(x->srgb);
	memset(x, 0, sizeof *x);
}

/* An ICC profile stream (§8.6.5.5) of n components, compressed here with
 * libdeflate (faster than libharu's zlib for the 187 KB CMYK profile). */
static HPDF_Dict icc_stream(HPDF_Doc pdf, const char *data, size_t len, int n, const char *alternate)
{
	HPDF_Dict s = HPDF_DictStream_New(pdf->mmgr, pdf->xref);
	if (!s)
		return NULL;
	HPDF_STATUS st = HPDF_Dict_AddNumber(s, "N", n);
	st += HPDF_Dict_AddName(s, "Alternate", alternate);
	ov_deflater *z = ov_deflater_new();
	unsigned char *c;
	size_t clen;
	ov_deflater_run(z, (const unsigned char *)data, len, &c, &clen);
	ov_deflater_free(z);
	st += HPDF_Stream_Write(s->stream, c, (HPDF_UINT)clen);
	free(c);
	ov_haru_precompressed(s);
	return st == HPDF_OK ? s : NULL;
}

bool ov_pdfx_begin(ov_pdfx *x, HPDF_Doc pdf)
{
	HPDF_Dict icc = icc_stream(pdf, x->srgb, x->srgb_len, 3, "DeviceRGB");
	if (!icc)
		return false;
	HPDF_Array cs = HPDF_Array_New(pdf->mmgr);
	if (!cs || HPDF_Xref_Add(pdf->xref, cs) != HPDF_OK)
		return false;
	HPDF_STATUS st = HPDF_Array_AddName(cs, "ICCBased");
	st += HPDF_Array_Add(cs, icc);
	x->srgb_cs = cs;
	return st == HPDF_OK;
}

void ov_pdfx_image_space(const ov_pdfx *x, HPDF_Image image)
{
	if (!image || !x->srgb_cs)
		return;
	HPDF_Name cs = HPDF_Dict_GetItem(image, "ColorSpace", HPDF_OCLASS_NAME);
	if (cs && strcmp(cs->value, "DeviceRGB") == 0)
		HPDF_Dict_Add(image, "ColorSpace", x->srgb_cs);
}

bool ov_pdfx_page_space(const ov_pdfx *x, HPDF_Page page)
{
	HPDF_Dict res = HPDF_Dict_GetItem(page, "Resources", HPDF_OCLASS_DICT);
	if (!res || !x->srgb_cs)
		return false;
	if (HPDF_Dict_GetItem(res, "ColorSpace", HPDF_OCLASS_DICT))
		return true;
	HPDF_Dict spaces = HPDF_Dict_New(page->mmgr);
	if (!spaces || HPDF_Dict_Add(res, "ColorSpace", spaces) != HPDF_OK)
		return false;
	return HPDF_Dict_Add(spaces, OV_PDF_RGB_SPACE, x->srgb_cs) == HPDF_OK;
}

/* ---- XMP ---- */

/* s as XML character data (XML 1.0 §2.4, §2.2): & < > escaped, and the
 * control characters XML does not allow left out. */
static void put_xml(ov_buf *b, const char *s)
{
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;
		if (c == '&')
			ov_buf_puts(b, "&amp;");
		else if (c == '<')
			ov_buf_puts(b, "&lt;");
		else if (c == '>')
			ov_buf_puts(b, "&gt;");
		else if (c >= 0x20 || c == '\t' || c == '\n' || c == '\r')
			ov_buf_putc(b, (char)c);
	}
}

/* The information dictionary's strings are cut to this many bytes
 * (info.c); the XMP says the same. */
#define INFO_MAX 8191

static void put_clipped(ov_buf *b, const char *s)
{
	char *copy;
	put_xml(b, ov_pdf_clipped(s, INFO_MAX, &copy));
	free(copy);
}

static void put_alt(ov_buf *b, const char *prop, const char *s)
{
	ov_buf_printf(b, "   <%s><rdf:Alt><rdf:li xml:lang=\"x-default\">", prop);
	put_clipped(b, s);
	ov_buf_printf(b, "</rdf:li></rdf:Alt></%s>\n", prop);
}

/* A UUID (RFC 4122 §4.3 layout, version 3: from an MD5 digest). */
static void put_uuid(ov_buf *b, const unsigned char d[16])
{
	unsigned char u[16];
	memcpy(u, d, 16);
	u[6] = (unsigned char)((u[6] & 0x0F) | 0x30);
	u[8] = (unsigned char)((u[8] & 0x3F) | 0x80);
	ov_buf_puts(b, "uuid:");
	for (int i = 0; i < 16; i++) {
		if (i == 4 || i == 6 || i == 8 || i == 10)
			ov_buf_putc(b, '-');
		ov_buf_printf(b, "%02x", u[i]);
	}
}

static void md5(const void *data, size_t len, const void *more, size_t more_len, unsigned char d[16])
{
	HPDF_MD5_CTX c;
	HPDF_MD5Init(&c);
	HPDF_MD5Update(&c, data, (HPDF_UINT32)len);
	if (more_len)
		HPDF_MD5Update(&c, more, (HPDF_UINT32)more_len);
	HPDF_MD5Final(d, &c);
}

/* The placeholder of the instance's UUID; ov_pdfx_seal finds it after
 * "<xmpMM:InstanceID>". */
#define XMP_INSTANCE "<xmpMM:InstanceID>"
#define UUID_ZERO "uuid:00000000-0000-0000-0000-000000000000"

static char *xmp(const ov_doc *doc, const unsigned char doc_id[16], size_t *len)
{
	const ov_meta *m = &doc->meta;
	char when[32];
	time_t tt = (time_t)doc->build_time;
	struct tm tm;
	gmtime_r(&tt, &tm);
	strftime(when, sizeof when, "%Y-%m-%dT%H:%M:%SZ", &tm);
	ov_buf b = OV_BUF_INIT;
	/* the packet wrapper (XMP part 1 §7.3), its id the one XMP fixes */
	ov_buf_puts(&b, "<?xpacket begin=\"\xEF\xBB\xBF\" id=\"W5M0MpCehiHzreSzNTczkc9d\"?>\n"
	                "<x:xmpmeta xmlns:x=\"adobe:ns:meta/\">\n"
	                " <rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\">\n"
	                "  <rdf:Description rdf:about=\"\"\n"
	                "    xmlns:dc=\"http://purl.org/dc/elements/1.1/\"\n"
	                "    xmlns:xmp=\"http://ns.adobe.com/xap/1.0/\"\n"
	                "    xmlns:pdf=\"http://ns.adobe.com/pdf/1.3/\"\n"
	                "    xmlns:xmpMM=\"http://ns.adobe.com/xap/1.0/mm/\"\n"
	                "    xmlns:pdfxid=\"http://www.npes.org/pdfx/ns/id/\"\n"
	                "    xmlns:pdfuaid=\"http://www.aiim.org/pdfua/ns/id/\">\n"
	                "   <dc:format>application/pdf</dc:format>\n");
	put_alt(&b, "dc:title", m->title);
	if (m->author_count) {
		/* the information dictionary's /Author is these, joined by ", " */
		ov_buf_puts(&b, "   <dc:creator><rdf:Seq>");
		for (size_t i = 0; i < m->author_count; i++) {
			ov_buf_puts(&b, "<rdf:li>");
			put_xml(&b, m->authors[i]);
			ov_buf_puts(&b, "</rdf:li>");
		}
		ov_buf_puts(&b, "</rdf:Seq></dc:creator>\n");
	}
	if (m->description)
		put_alt(&b, "dc:description", m->description);
	if (m->subject_count) {
		ov_buf_puts(&b, "   <pdf:Keywords>");
		ov_buf s = OV_BUF_INIT;
		for (size_t i = 0; i < m->subject_count; i++) {
			if (i)
				ov_buf_puts(&s, "; ");
			ov_buf_puts(&s, m->subjects[i]);
		}
		ov_buf_putc(&s, 0);
		put_clipped(&b, s.ptr);
		ov_buf_dispose(&s);
		ov_buf_puts(&b, "</pdf:Keywords>\n");
	}
	ov_buf_printf(&b,
	              "   <pdf:Producer>" OV_PDF_PRODUCER "</pdf:Producer>\n"
	              "   <pdf:Trapped>False</pdf:Trapped>\n"
	              "   <xmp:CreatorTool>" OV_PDF_CREATOR "</xmp:CreatorTool>\n"
	              "   <xmp:CreateDate>%s</xmp:CreateDate>\n"
	              "   <xmp:ModifyDate>%s</xmp:ModifyDate>\n"
	              "   <xmp:MetadataDate>%s</xmp:MetadataDate>\n"
	              "   <xmpMM:DocumentID>",
	              when, when, when);
	put_uuid(&b, doc_id);
	ov_buf_puts(&b, "</xmpMM:DocumentID>\n   " XMP_INSTANCE UUID_ZERO "</xmpMM:InstanceID>\n"
	                "   <xmpMM:VersionID>1</xmpMM:VersionID>\n"
	                "   <xmpMM:RenditionClass>default</xmpMM:RenditionClass>\n"
	                "   <pdfxid:GTS_PDFXVersion>PDF/X-4</pdfxid:GTS_PDFXVersion>\n"
	                /* PDF/UA-1 §5: the part of ISO 14289 the file claims (tags.c) */
	                "   <pdfuaid:part>1</pdfuaid:part>\n"
	                "  </rdf:Description>\n </rdf:RDF>\n</x:xmpmeta>\n<?xpacket end=\"r\"?>");
	*len = b.len;
	return ov_buf_detach(&b);
}

const char *ov_pdfx_ident(const ov_doc *doc)
{
	return doc->meta.identifier ? doc->meta.identifier : doc->meta.title ? doc->meta.title : "";
}

bool ov_pdfx_finish(const ov_pdfx *x, HPDF_Doc pdf, const ov_doc *doc)
{
	const char *ident = ov_pdfx_ident(doc);
	unsigned char doc_id[16];
	md5(ident, strlen(ident), NULL, 0, doc_id);
	HPDF_STATUS st = HPDF_OK;

	/* the output intent (§14.11.5), its profile embedded */
	HPDF_Dict prof = icc_stream(pdf, x->cmyk, x->cmyk_len, 4, "DeviceCMYK");
	HPDF_Dict oi = HPDF_Dict_New(pdf->mmgr);
	HPDF_Array ois = HPDF_Array_New(pdf->mmgr);
	if (!prof || !oi || !ois)
		return false;
	st += HPDF_Dict_AddName(oi, "Type", "OutputIntent");
	st += HPDF_Dict_AddName(oi, "S", "GTS_PDFX");
	st += HPDF_Dict_Add(oi, "OutputConditionIdentifier", HPDF_String_New(pdf->mmgr, OV_PDFX_CONDITION_ID, NULL));
	st += HPDF_Dict_Add(oi, "OutputCondition", HPDF_String_New(pdf->mmgr, OV_PDFX_CONDITION, NULL));
	st += HPDF_Dict_Add(oi, "RegistryName", HPDF_String_New(pdf->mmgr, "http://www.color.org", NULL));
	st += HPDF_Dict_Add(oi, "Info", HPDF_String_New(pdf->mmgr, "Artifex CMYK SWOP Profile", NULL));
	st += HPDF_Dict_Add(oi, "DestOutputProfile", prof);
	st += HPDF_Array_Add(ois, oi);
	st += HPDF_Dict_Add(pdf->catalog, "OutputIntents", ois);

	/* the metadata stream (§14.3.2), not compressed so that it can be
	 * read without a PDF parser */
	size_t xlen;
	char *xml = xmp(doc, doc_id, &xlen);
	HPDF_Dict meta = HPDF_DictStream_New(pdf->mmgr, pdf->xref);
	if (!meta) {
		free(xml);
		return false;
	}
	meta->filter = HPDF_STREAM_FILTER_NONE;
	st += HPDF_Dict_AddName(meta, "Type", "Metadata");
	st += HPDF_Dict_AddName(meta, "Subtype", "XML");
	st += HPDF_Stream_Write(meta->stream, (const HPDF_BYTE *)xml, (HPDF_UINT)xlen);
	free(xml);
	st += HPDF_Dict_Add(pdf->catalog, "Metadata", meta);

	/* the information dictionary's part (ov_pdf_add_info made it) */
	if (!pdf->info)
		return false;
	st += HPDF_Dict_AddName(pdf->info, "Trapped", "False");
	st += HPDF_Dict_Add(pdf->info, "GTS_PDFXVersion", HPDF_String_New(pdf->mmgr, "PDF/X-4", NULL));

	/* the trailer's /ID: the document's, and the instance's placeholder
	 * (zeros, written <000...>) that ov_pdfx_seal fills in */
	static const unsigned char zero[16];
	HPDF_Array id = HPDF_Array_New(pdf->mmgr);
	if (!id)
		return false;
	st += HPDF_Array_Add(id, HPDF_Binary_New(pdf->mmgr, doc_id, 16));
	st += HPDF_Array_Add(id, HPDF_Binary_New(pdf->mmgr, (HPDF_BYTE *)zero, 16));
	st += HPDF_Dict_Add(pdf->trailer, "ID", id);
	return st == HPDF_OK;
}

static unsigned char *find_last(unsigned char *buf, size_t len, const char *s)
{
	size_t n = strlen(s);
	for (size_t i = len >= n ? len - n + 1 : 0; i-- > 0;)
		if (buf[i] == (unsigned char)s[0] && memcmp(buf + i, s, n) == 0)
			return buf + i;
	return NULL;
}

bool ov_pdfx_seal(unsigned char *buf, size_t len, const char *identifier)
{
	/* the trailer comes last, the metadata stream last but for the
	 * information dictionary and the cross-reference table */
	unsigned char *tr = find_last(buf, len, "trailer");
	unsigned char *id = tr ? find_last(tr, len - (size_t)(tr - buf), "/ID [") : NULL;
	static const char zeros[] = "<00000000000000000000000000000000>";
	if (!id)
		return false;
	unsigned char *second = find_last(id, len - (size_t)(id - buf), zeros);
	unsigned char *inst = find_last(buf, (size_t)(tr - buf), XMP_INSTANCE UUID_ZERO);
	if (!second || !inst)
		return false;
	/* the file's digest: its length and two checksums of its bytes
	 * (libdeflate's, several GB/s) hashed with the identifier, rather than
	 * MD5 over megabytes */
	unsigned char sum[16] = {0};
	uint32_t crc = libdeflate_crc32(0, buf, len), adl = libdeflate_adler32(1, buf, len);
	uint64_t n = len;
	for (int k = 0; k < 4; k++) {
		sum[k] = (unsigned char)(crc >> (8 * k));
		sum[4 + k] = (unsigned char)(adl >> (8 * k));
	}
	for (int k = 0; k < 8; k++)
		sum[8 + k] = (unsigned char)(n >> (8 * k));
	unsigned char d[16];
	md5(identifier, strlen(identifier), sum, sizeof sum, d);
	static const char hex[] = "0123456789ABCDEF";
	for (int i = 0; i < 16; i++) {
		second[1 + 2 * i] = (unsigned char)hex[d[i] >> 4];
		second[2 + 2 * i] = (unsigned char)hex[d[i] & 15];
	}
	ov_buf u = OV_BUF_INIT;
	put_uuid(&u, d);
	memcpy(inst + strlen(XMP_INSTANCE), u.ptr, u.len);
	ov_buf_dispose(&u);
	return true;
}
