/*
 * pdf.c - draws the laid-out pages with libharu 2.3.0 (PDF 1.7, ISO
 * 32000-1): embedded TrueType subsets through the UTF-8 encoder (§9.7
 * composite fonts, Identity-H), link annotations without borders (§12.5.6.5),
 * explicit destinations (§12.3.2.2), the outline (§12.3.3), page labels
 * (§12.4.2) and the document information dictionary (§14.3.3).
 *
 * libharu's error handler only records the first error (no setjmp: a
 * longjmp would skip our cleanup); the flag is checked before saving.
 * The file is produced in memory and written atomically.
 */
#include "pdf.h"

#include <errno.h>
#include <math.h>
#include <png.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <hpdf.h>

#include "font/kern.h"
#include "font/ttf.h"
#include "harufix.h"
#include "hyph/hyph.h"
#include "layout/layout.h"
#include "util/buf.h"
#include "util/fsio.h"
#include "util/utf8.h"


typedef struct {
	HPDF_STATUS error, detail;
} haru_state;

static void on_haru_error(HPDF_STATUS error, HPDF_STATUS detail, void *user)
{
	haru_state *s = user;
	if (!s->error) {
		s->error = error;
		s->detail = detail;
	}
}

typedef struct {
	ov_ttf *ttf[OV_FACE__COUNT];
	ov_kerner *kerner[OV_FACE__COUNT];
	char *data[OV_FACE__COUNT];
	size_t len[OV_FACE__COUNT];
} fonts;

static int m_advance(void *ctx, ov_face face, uint32_t cp)
{
	return ov_ttf_advance(((fonts *)ctx)->ttf[face], cp);
}

static int m_kern(void *ctx, ov_face face, const char *s, size_t len, int16_t *adj, size_t max, int *total)
{
	ov_kerner *k = ((fonts *)ctx)->kerner[face];
	*total = 0;
	return k ? ov_kern(k, s, len, adj, max, total) : -1;
}

static bool m_has_glyph(void *ctx, ov_face face, uint32_t cp)
{
	/* spaces and line-breaking controls never need a glyph of their own */
	if (cp == 0x20 || cp == 0xA0)
		return true;
	return ov_ttf_glyph(((fonts *)ctx)->ttf[face], cp) != 0;
}

static size_t hyph_points(void *ctx, const char *word, size_t len, size_t *at, size_t max)
{
	return ov_hyph_points(ctx, word, len, at, max);
}

static int load_fonts(const ov_doc *doc, fonts *f)
{
	int rc = 0;
	for (int i = 0; i < OV_FACE__COUNT; i++) {
		const char *path = doc->meta.fonts[i];
		ov_pos pos = doc->meta.font_pos[i];
		if (!pos.file)
			pos.file = ov_diag_file(doc->diag, "book.yaml");
		if (ov_read_file(path, &f->data[i], &f->len[i]) != 0) {
			ov_diag_error(doc->diag, pos, "cannot read font '%s': %s", path, strerror(errno));
			rc = -1;
			continue;
		}
		const char *why;
		f->ttf[i] = ov_ttf_load((const uint8_t *)f->data[i], f->len[i], &why);
		if (!f->ttf[i]) {
			ov_diag_error(doc->diag, pos, "font '%s' %s", path, why);
			rc = -1;
		} else if (i != OV_FACE_MONO) {
			f->kerner[i] = ov_kerner_new((const uint8_t *)f->data[i], f->len[i]);
		}
	}
	return rc;
}

static void free_fonts(fonts *f)
{
	for (int i = 0; i < OV_FACE__COUNT; i++) {
		ov_kerner_free(f->kerner[i]);
		ov_ttf_free(f->ttf[i]);
		free(f->data[i]);
	}
}

/* Decodes a PNG fully with libpng's simplified API (which reports errors
 * instead of aborting, unlike libharu's loader) and hands libharu raw
 * 8-bit samples plus a soft mask for alpha. */
static HPDF_Image load_png(HPDF_Doc pdf, const ov_doc *doc, const ov_asset *a, ov_pos pos)
{
	png_image img;
	memset(&img, 0, sizeof img);
	img.version = PNG_IMAGE_VERSION;
	if (!png_image_begin_read_from_memory(&img, a->data, a->len)) {
		ov_diag_error(doc->diag, pos, "image '%s' is damaged: %s", a->shown, img.message);
		return NULL;
	}
	if ((uint64_t)img.width * img.height > OV_MAX_IMAGE_PIXELS) {
		ov_diag_error(doc->diag, pos, "image '%s' is too large (%ux%u pixels; the limit is %u pixels)",
		              a->shown, img.width, img.height, OV_MAX_IMAGE_PIXELS);
		png_image_free(&img);
		return NULL;
	}
	bool alpha = (img.format & PNG_FORMAT_FLAG_ALPHA) != 0;
	bool color = (img.format & PNG_FORMAT_FLAG_COLOR) != 0;
	img.format = color ? (alpha ? PNG_FORMAT_RGBA : PNG_FORMAT_RGB) : (alpha ? PNG_FORMAT_GA : PNG_FORMAT_GRAY);
	size_t size = PNG_IMAGE_SIZE(img);
	unsigned char *px = ov_xmalloc(size);
	if (!png_image_finish_read(&img, NULL, px, 0, NULL)) {
		ov_diag_error(doc->diag, pos, "image '%s' is damaged: %s", a->shown, img.message);
		free(px);
		return NULL;
	}
	unsigned w = img.width, h = img.height, ch = PNG_IMAGE_SAMPLE_CHANNELS(img.format);
	unsigned cc = color ? 3 : 1;
	HPDF_Image image;
	if (!alpha) {
		image = HPDF_LoadRawImageFromMem(pdf, px, w, h, color ? HPDF_CS_DEVICE_RGB : HPDF_CS_DEVICE_GRAY, 8);
	} else {
		size_t n = (size_t)w * h;
		unsigned char *c = ov_xmalloc(n * cc), *m = ov_xmalloc(n);
		for (size_t i = 0; i < n; i++) {
			memcpy(c + i * cc, px + i * ch, cc);
			m[i] = px[i * ch + cc];
		}
		image = HPDF_LoadRawImageFromMem(pdf, c, w, h, color ? HPDF_CS_DEVICE_RGB : HPDF_CS_DEVICE_GRAY, 8);
		HPDF_Image mask = HPDF_LoadRawImageFromMem(pdf, m, w, h, HPDF_CS_DEVICE_GRAY, 8);
		if (image && mask)
			HPDF_Image_AddSMask(image, mask);
		free(c);
		free(m);
	}
	free(px);
	return image;
}

static HPDF_Image load_image(HPDF_Doc pdf, const ov_doc *doc, const ov_asset *a, ov_pos pos)
{
	if (a->info.format == OV_IMAGE_PNG)
		return load_png(pdf, doc, a, pos);
	if (a->info.format == OV_IMAGE_JPEG) {
		HPDF_Image img = HPDF_LoadJpegImageFromMem(pdf, a->data, (HPDF_UINT)a->len);
		/* a damaged JPEG can come back as a 0x0 image (libraries.md §1.3) */
		if (!img || HPDF_Image_GetWidth(img) == 0 || HPDF_Image_GetHeight(img) == 0) {
			ov_diag_error(doc->diag, pos, "image '%s' is a damaged JPEG file", a->shown);
			HPDF_ResetError(pdf);
			return NULL;
		}
		return img;
	}
	return NULL;
}

/* Percent-encodes bytes outside the URI character set (RFC 3986 §2.1):
 * libharu writes the string byte for byte. */
static char *uri_escape(const char *s)
{
	ov_buf b = OV_BUF_INIT;
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if (*p <= 0x20 || *p >= 0x7F || *p == '"' || *p == '<' || *p == '>' || *p == '\\' ||
		    *p == '^' || *p == '`' || *p == '{' || *p == '|' || *p == '}' || *p == '(' || *p == ')')
			ov_buf_printf(&b, "%%%02X", *p);
		else
			ov_buf_putc(&b, (char)*p);
	}
	return ov_buf_detach(&b);
}

/* Text is written as runs: one TJ per stretch of a line in one face, size,
 * colour and letter spacing (PDF 1.7 §9.4.3). A run starts with an
 * absolute Tm; the space between words is a real space glyph, so that
 * extraction keeps word breaks, followed by the rest of the gap as a TJ
 * number; kerning goes in as TJ numbers too. libharu has no such API, so
 * the operators go straight into the page's content stream (docs/
 * libraries.md §6.2 b and §6.4); the font is still selected with
 * HPDF_Page_SetFontAndSize, which also puts it in the page's resources,
 * and every character drawn is measured through libharu before saving so
 * that its glyph is in the subset. Codes are the BMP code points
 * (Identity-H with libharu's UTF-8 encoder); astral characters become a
 * space, as libharu writes them. */
typedef struct {
	HPDF_Page page;
	ov_buf buf;
	bool open;          /* inside "[ ... ] TJ" */
	double y, pen;      /* baseline and pen position after the last glyph */
	double size, tc;
	uint8_t *used[OV_FACE__COUNT]; /* bitmaps of the BMP code points drawn */
} text_writer;

/* Four upper-case hex digits (printf is the slow part of writing text). */
static void put_hex4(ov_buf *b, unsigned v)
{
	static const char hex[] = "0123456789ABCDEF";
	char d[4] = {hex[(v >> 12) & 15], hex[(v >> 8) & 15], hex[(v >> 4) & 15], hex[v & 15]};
	ov_buf_put(b, d, 4);
}

/* A number with at most one decimal, without trailing ".0". */
static void put_num(ov_buf *b, double x)
{
	long v = lround(x * 10);
	if (v < 0) {
		ov_buf_putc(b, '-');
		v = -v;
	}
	char d[24];
	int n = snprintf(d, sizeof d, "%ld", v / 10);
	ov_buf_put(b, d, (size_t)n);
	if (v % 10) {
		ov_buf_putc(b, '.');
		ov_buf_putc(b, (char)('0' + v % 10));
	}
}

static void tw_close(text_writer *w)
{
	if (!w->open)
		return;
	ov_buf_puts(&w->buf, "] TJ\n");
	w->open = false;
	HPDF_Stream_WriteStr(((HPDF_PageAttr)w->page->attr)->stream, w->buf.ptr);
	ov_buf_clear(&w->buf);
}

static void tw_raw(text_writer *w, const char *ops)
{
	tw_close(w);
	HPDF_Stream_WriteStr(((HPDF_PageAttr)w->page->attr)->stream, ops);
}

/* Appends box b, whose font, size, colour and Tc are already set. */
static void tw_text(text_writer *w, const ov_box *b, double H, double space_units)
{
	double x = b->x, y = H - b->y;
	if (w->open && fabs(y - w->y) < 0.001 && x >= w->pen - 0.001) {
		/* the same line: a space glyph for a word gap, then the rest */
		double gap = x - w->pen;
		double sp = space_units * b->size / 1000.0 + b->char_space;
		if (gap > sp * 0.5) {
			ov_buf_puts(&w->buf, "<0020>");
			gap -= sp;
		}
		double num = -gap * 1000.0 / b->size;
		if (fabs(num) >= 0.05)
			put_num(&w->buf, num);
	} else {
		tw_close(w);
		ov_buf_printf(&w->buf, "1 0 0 1 %.2f %.2f Tm [", x, y);
		w->open = true;
		w->y = y;
	}
	ov_buf_putc(&w->buf, '<');
	size_t i = 0, k = 0, chars = 0;
	uint8_t *used = w->used[b->face];
	while (i < b->len) {
		uint32_t cp;
		int n = ov_utf8_decode(b->text + i, b->len - i, &cp);
		i += n > 0 ? (size_t)n : 1;
		if (cp > 0xFFFF)
			cp = 0x20;
		used[cp >> 3] |= (uint8_t)(1u << (cp & 7));
		put_hex4(&w->buf, (unsigned)cp);
		if (k < b->kern_count && b->kern[k] != 0 && i < b->len) {
			ov_buf_puts(&w->buf, "> ");
			put_num(&w->buf, -b->kern[k]);
			ov_buf_puts(&w->buf, " <");
		}
		k++;
		chars++;
	}
	ov_buf_putc(&w->buf, '>');
	/* the pen moves by the glyphs' advances and Tc after each of them;
	 * b->w holds Tc between the characters only */
	w->pen = x + b->w + (chars ? b->char_space : 0);
}

/* Measures, through libharu, every character a face drew, so that their
 * glyphs are flagged for the font subset and the /W widths. */
static void tw_flag_glyphs(text_writer *w, HPDF_Font font[OV_FACE__COUNT])
{
	ov_buf s = OV_BUF_INIT;
	for (int f = 0; f < OV_FACE__COUNT; f++) {
		ov_buf_clear(&s);
		for (uint32_t cp = 0x20; cp < 0x10000; cp++)
			if (w->used[f][cp >> 3] & (1u << (cp & 7))) {
				char u[4];
				ov_buf_put(&s, u, (size_t)ov_utf8_encode(cp, u));
			}
		if (s.len)
			HPDF_Font_TextWidth(font[f], (const HPDF_BYTE *)s.ptr, (HPDF_UINT)s.len);
	}
	ov_buf_dispose(&s);
}

/* Opens a marked-content sequence whose /ActualText is word (PDF 1.7
 * §14.9.4), so that text extraction and copy-paste give a word hyphenated
 * at a line end whole, without the hyphen; the text string is UTF-16BE. */
static void begin_actual_text(text_writer *w, const char *word, ov_buf *tmp)
{
	tw_close(w);
	HPDF_Page page = w->page;
	ov_buf_clear(tmp);
	ov_buf_puts(tmp, "/Span <</ActualText <FEFF");
	size_t len = strlen(word), i = 0;
	while (i < len) {
		uint32_t cp;
		int n = ov_utf8_decode(word + i, len - i, &cp);
		i += n > 0 ? (size_t)n : 1;
		if (cp > 0xFFFF) {
			cp -= 0x10000;
			ov_buf_printf(tmp, "%04X%04X", 0xD800u + (cp >> 10), 0xDC00u + (cp & 0x3FF));
		} else {
			ov_buf_printf(tmp, "%04X", (unsigned)cp);
		}
	}
	ov_buf_puts(tmp, ">>> BDC\n");
	HPDF_Stream_WriteStr(((HPDF_PageAttr)page->attr)->stream, tmp->ptr);
}

/* An explicit /XYZ destination that keeps the reader's zoom (null zoom,
 * PDF 1.7 §12.3.2.2 table 151); libharu's own SetXYZ refuses zoom 0. */
static HPDF_Destination make_dest(HPDF_Doc pdf, HPDF_Page page, double left, double top)
{
	HPDF_Destination d = HPDF_Page_CreateDestination(page);
	if (!d)
		return NULL;
	HPDF_Array_Clear(d);
	HPDF_Array_Add(d, page);
	HPDF_Array_AddName(d, "XYZ");
	HPDF_Array_AddReal(d, (HPDF_REAL)left);
	HPDF_Array_AddReal(d, (HPDF_REAL)top);
	HPDF_Array_Add(d, HPDF_Null_New(pdf->mmgr));
	return d;
}

static const char *haru_message(HPDF_STATUS e)
{
	switch (e) {
	case 0x1015: return "cannot open a file";
	case 0x1017: return "cannot read a file";
	case 0x1025: return "the document is invalid after an earlier error";
	case 0x1033: return "invalid image";
	case 0x1039: return "invalid parameter";
	case 0x103B: return "invalid PNG image";
	case 0x1015 + 0x100: return "invalid TrueType file";
	default: return "internal libharu error";
	}
}

static void set_date(HPDF_Doc pdf, HPDF_InfoType which, int64_t t)
{
	time_t tt = (time_t)t;
	struct tm tm;
	gmtime_r(&tt, &tm);
	HPDF_Date d = {tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, 'Z', 0, 0};
	HPDF_SetInfoDateAttr(pdf, which, d);
}

static char *join(const char *const *v, size_t n, const char *sep)
{
	ov_buf b = OV_BUF_INIT;
	for (size_t i = 0; i < n; i++) {
		if (i)
			ov_buf_puts(&b, sep);
		ov_buf_puts(&b, v[i]);
	}
	return ov_buf_detach(&b);
}

static void add_outline(HPDF_Doc pdf, const ov_doc *doc, const ov_layout *L, HPDF_Destination *dests)
{
	HPDF_Encoder utf8 = HPDF_GetEncoder(pdf, "UTF-8");
	HPDF_Outline parents[4] = {NULL, NULL, NULL, NULL};
	if (L->toc_anchor >= 0) {
		HPDF_Outline o = HPDF_CreateOutline(pdf, NULL, "Contents", utf8);
		HPDF_Outline_SetDestination(o, dests[L->toc_anchor]);
	}
	for (size_t i = 0; i < doc->toc_count; i++) {
		const ov_toc_entry *e = &doc->toc[i];
		int a = ov_layout_find_anchor(L, e->chapter, e->anchor);
		if (a < 0)
			continue;
		int lvl = e->level < 1 ? 1 : e->level > 3 ? 3 : e->level;
		HPDF_Outline parent = lvl > 1 ? parents[lvl - 1] : NULL;
		if (lvl > 1 && !parent)
			parent = parents[1];
		char *title = e->label ? NULL : NULL;
		char buf[1024];
		if (e->label) {
			snprintf(buf, sizeof buf, "%s. %s", e->label, e->title);
			title = buf;
		}
		HPDF_Outline o = HPDF_CreateOutline(pdf, parent, title ? title : e->title, utf8);
		if (!o)
			continue;
		HPDF_Outline_SetDestination(o, dests[a]);
		HPDF_Outline_SetOpened(o, HPDF_FALSE);
		parents[lvl] = o;
		for (int k = lvl + 1; k < 4; k++)
			parents[k] = NULL;
	}
}

/* Loads the fonts (metrics, kerning) into *f and lays the book out with
 * them and the language's hyphenation; NULL when a font is unusable. The
 * caller frees *f with free_fonts either way. */
static ov_layout *layout_with_fonts(const ov_doc *doc, fonts *f)
{
	memset(f, 0, sizeof *f);
	if (load_fonts(doc, f) != 0)
		return NULL;
	ov_metrics m;
	memset(&m, 0, sizeof m);
	m.ctx = f;
	m.advance = m_advance;
	m.has_glyph = m_has_glyph;
	m.kern = m_kern;
	for (int i = 0; i < OV_FACE__COUNT; i++) {
		m.ascent[i] = ov_ttf_ascent(f->ttf[i]);
		m.descent[i] = ov_ttf_descent(f->ttf[i]);
	}
	ov_hyph *hy = ov_hyph_load(doc->meta.language);
	if (!hy)
		ov_diag_warning(doc->diag, (ov_pos){ov_diag_file(doc->diag, "book.yaml"), 0, 0},
		                "no hyphenation patterns for language '%s' in %s; the PDF is set without hyphenation",
		                doc->meta.language, OV_HYPH_DIR);
	for (size_t i = 0; hy && i < doc->meta.no_hyphenation_count; i++)
		ov_hyph_add_exception(hy, doc->meta.no_hyphenation[i]);
	ov_hyphenator hyphenator = {hy, hyph_points};
	ov_layout *L = ov_layout_book(doc, &m, hy ? &hyphenator : NULL);
	ov_hyph_free(hy);
	return L;
}

ov_layout *ov_pdf_layout(const ov_doc *doc)
{
	fonts f;
	ov_layout *L = layout_with_fonts(doc, &f);
	free_fonts(&f);
	return L;
}

int ov_pdf_build(const ov_doc *doc, unsigned char **out, size_t *out_len, ov_pdf_extras *extras)
{
	*out = NULL;
	*out_len = 0;
	fonts f;
	struct timespec t0, t1;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	ov_layout *L = layout_with_fonts(doc, &f);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	if (extras)
		extras->layout_s = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
	if (!L) {
		free_fonts(&f);
		return -1;
	}
	if (extras)
		extras->report = ov_layout_report(L);

	haru_state hs = {0, 0};
	HPDF_Doc pdf = HPDF_New(on_haru_error, &hs);
	if (!pdf) {
		ov_layout_free(L);
		free_fonts(&f);
		ov_oom();
	}
	int rc = -1;
	/* compression must be chosen before fonts and pages exist */
	HPDF_SetCompressionMode(pdf, HPDF_COMP_ALL);
	HPDF_UseUTFEncodings(pdf);
	HPDF_SetCurrentEncoder(pdf, "UTF-8");
	HPDF_Font font[OV_FACE__COUNT];
	for (int i = 0; i < OV_FACE__COUNT; i++) {
		const char *name = HPDF_LoadTTFontFromFile(pdf, doc->meta.fonts[i], HPDF_TRUE);
		font[i] = name ? HPDF_GetFont(pdf, name, "UTF-8") : NULL;
		if (!font[i]) {
			ov_diag_error(doc->diag, (ov_pos){0, 0, 0}, "cannot embed font '%s' (libharu error 0x%04X)",
			              doc->meta.fonts[i], (unsigned)hs.error);
			goto done;
		}
		ov_haru_fix_tounicode(font[i]);
	}

	/* images, loaded once each */
	HPDF_Image *images = ov_xcalloc(doc->asset_count + 1, sizeof *images);
	for (size_t i = 0; i < doc->asset_count; i++) {
		const ov_asset *a = doc->assets[i];
		if (a->ok)
			images[i] = load_image(pdf, doc, a, a->pos);
	}

	double H = L->page_height;
	HPDF_Page *pages = ov_xcalloc(L->page_count + 1, sizeof *pages);
	ov_buf tj = OV_BUF_INIT;
	text_writer tw;
	memset(&tw, 0, sizeof tw);
	for (int i = 0; i < OV_FACE__COUNT; i++)
		tw.used[i] = ov_xcalloc(8192, 1);
	for (size_t p = 0; p < L->page_count; p++) {
		const ov_lpage *lp = &L->pages[p];
		HPDF_Page page = HPDF_AddPage(pdf);
		pages[p] = page;
		HPDF_Page_SetWidth(page, (HPDF_REAL)L->page_width);
		HPDF_Page_SetHeight(page, (HPDF_REAL)H);
		/* graphics first, text over them */
		double gray = -1;
		for (size_t i = 0; i < lp->count; i++) {
			const ov_box *b = &lp->boxes[i];
			if (b->kind == OV_BOX_RULE) {
				if (b->gray != gray) {
					HPDF_Page_SetGrayFill(page, (HPDF_REAL)b->gray);
					gray = b->gray;
				}
				HPDF_Page_Rectangle(page, (HPDF_REAL)b->x, (HPDF_REAL)(H - b->y - b->h), (HPDF_REAL)b->w,
				                    (HPDF_REAL)b->h);
				HPDF_Page_Fill(page);
			} else if (b->kind == OV_BOX_IMAGE) {
				for (size_t k = 0; k < doc->asset_count; k++)
					if (doc->assets[k] == b->image && images[k])
						HPDF_Page_DrawImage(page, images[k], (HPDF_REAL)b->x, (HPDF_REAL)(H - b->y - b->h),
						                    (HPDF_REAL)b->w, (HPDF_REAL)b->h);
			}
		}
		HPDF_Page_BeginText(page);
		int cur_face = -1;
		double cur_size = 0, cur_tc = 0;
		gray = -1;
		tw.page = page;
		tw.open = false;
		size_t span_end = SIZE_MAX; /* box that closes an /ActualText span */
		for (size_t i = 0; i < lp->count; i++) {
			const ov_box *b = &lp->boxes[i];
			if (b->kind != OV_BOX_TEXT)
				continue;
			if (b->word && span_end == SIZE_MAX) {
				/* the rest of the word must be on this page to span it */
				for (size_t j = i + 1; j < lp->count; j++) {
					if (lp->boxes[j].kind != OV_BOX_TEXT)
						continue;
					if (lp->boxes[j].word_end) {
						span_end = j;
						begin_actual_text(&tw, b->word, &tj);
					}
					if (lp->boxes[j].word_end || lp->boxes[j].word)
						break;
				}
			}
			if ((int)b->face != cur_face || b->size != cur_size) {
				tw_close(&tw);
				HPDF_Page_SetFontAndSize(page, font[b->face], (HPDF_REAL)b->size);
				cur_face = (int)b->face;
				cur_size = b->size;
			}
			if (b->gray != gray) {
				tw_close(&tw);
				HPDF_Page_SetGrayFill(page, (HPDF_REAL)b->gray);
				gray = b->gray;
			}
			if (b->char_space != cur_tc) {
				/* letter spacing of a justified line (PDF 1.7 §9.3.2, Tc) */
				tw_close(&tw);
				HPDF_Page_SetCharSpace(page, (HPDF_REAL)b->char_space);
				cur_tc = b->char_space;
			}
			tw_text(&tw, b, H, ov_ttf_advance(f.ttf[b->face], ' '));
			if (i == span_end) {
				tw_raw(&tw, "EMC\n");
				span_end = SIZE_MAX;
			}
		}
		tw_close(&tw);
		HPDF_Page_EndText(page);
		if (hs.error)
			break;
	}

	/* destinations for every anchor, then links and the outline */
	HPDF_Destination *dests = ov_xcalloc(L->anchor_count + 1, sizeof *dests);
	for (size_t i = 0; i < L->anchor_count && !hs.error; i++) {
		const ov_anchor *a = &L->anchors[i];
		if (a->page < L->page_count)
			dests[i] = make_dest(pdf, pages[a->page], 0, H - a->y + 2);
	}
	for (size_t p = 0; p < L->page_count && !hs.error; p++) {
		const ov_lpage *lp = &L->pages[p];
		for (size_t i = 0; i < lp->count; i++) {
			const ov_box *b = &lp->boxes[i];
			if (b->kind != OV_BOX_LINK)
				continue;
			HPDF_Rect r = {(HPDF_REAL)b->x, (HPDF_REAL)(H - b->y - b->h), (HPDF_REAL)(b->x + b->w),
			               (HPDF_REAL)(H - b->y)};
			HPDF_Annotation an = NULL;
			if (b->uri) {
				char *u = uri_escape(b->uri);
				an = HPDF_Page_CreateURILinkAnnot(pages[p], r, u);
				free(u);
			} else if (b->dest >= 0 && dests[b->dest]) {
				an = HPDF_Page_CreateLinkAnnot(pages[p], r, dests[b->dest]);
			}
			/* no border: viewers would draw a 1 pt box (libraries.md §1.3) */
			if (an)
				HPDF_LinkAnnot_SetBorderStyle(an, 0, 0, 0);
		}
	}
	if (!hs.error)
		add_outline(pdf, doc, L, dests);
	HPDF_SetPageMode(pdf, HPDF_PAGE_MODE_USE_OUTLINE);

	/* page labels match the printed numbers (PDF 1.7 §12.4.2) */
	if (L->front_count)
		HPDF_AddPageLabel(pdf, 0, HPDF_PAGE_NUM_STYLE_LOWER_ROMAN, 1, "");
	if (L->page_count > L->front_count)
		HPDF_AddPageLabel(pdf, (HPDF_UINT)L->front_count, HPDF_PAGE_NUM_STYLE_DECIMAL, 1, "");

	/* document information; strings go through the current (UTF-8) encoder */
	const ov_meta *meta = &doc->meta;
	HPDF_SetInfoAttr(pdf, HPDF_INFO_TITLE, meta->title);
	if (meta->author_count) {
		char *a = join(meta->authors, meta->author_count, ", ");
		HPDF_SetInfoAttr(pdf, HPDF_INFO_AUTHOR, a);
		free(a);
	}
	if (meta->description)
		HPDF_SetInfoAttr(pdf, HPDF_INFO_SUBJECT, meta->description);
	if (meta->subject_count) {
		char *k = join(meta->subjects, meta->subject_count, "; ");
		HPDF_SetInfoAttr(pdf, HPDF_INFO_KEYWORDS, k);
		free(k);
	}
	HPDF_SetInfoAttr(pdf, HPDF_INFO_CREATOR, "Octavo");
	HPDF_SetInfoAttr(pdf, HPDF_INFO_PRODUCER, "Octavo with libharu " HPDF_VERSION_TEXT);
	set_date(pdf, HPDF_INFO_CREATION_DATE, doc->build_time);
	set_date(pdf, HPDF_INFO_MOD_DATE, doc->build_time);

	tw_flag_glyphs(&tw, font);
	for (int i = 0; i < OV_FACE__COUNT; i++)
		ov_haru_close_composites(font[i], (const uint8_t *)f.data[i], f.len[i]);

	if (!hs.error && HPDF_SaveToStream(pdf) == HPDF_OK && !hs.error) {
		HPDF_UINT32 size = HPDF_GetStreamSize(pdf);
		unsigned char *buf = ov_xmalloc(size ? size : 1);
		HPDF_UINT32 got = 0;
		HPDF_ResetStream(pdf);
		while (got < size) {
			HPDF_UINT32 n = size - got;
			HPDF_STATUS st = HPDF_ReadFromStream(pdf, buf + got, &n);
			got += n;
			if (st != HPDF_OK || n == 0)
				break;
		}
		if (got == size) {
			*out = buf;
			*out_len = size;
			rc = 0;
		} else {
			free(buf);
		}
	}
	clock_gettime(CLOCK_MONOTONIC, &t0);
	if (extras)
		extras->render_s = (double)(t0.tv_sec - t1.tv_sec) + (double)(t0.tv_nsec - t1.tv_nsec) / 1e9;
	if (rc != 0)
		ov_diag_error(doc->diag, (ov_pos){0, 0, 0}, "the PDF could not be produced: %s (libharu 0x%04X/%u)",
		              haru_message(hs.error), (unsigned)hs.error, (unsigned)hs.detail);
	ov_buf_dispose(&tj);
	ov_buf_dispose(&tw.buf);
	for (int i = 0; i < OV_FACE__COUNT; i++)
		free(tw.used[i]);
	free(dests);
	free(pages);
	free(images);
done:
	HPDF_Free(pdf);
	ov_layout_free(L);
	free_fonts(&f);
	return rc;
}
