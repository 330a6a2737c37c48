/*
 * pdf.c - draws the laid-out pages with libharu 2.3.0 (PDF 1.7, ISO
 * 32000-1): embedded TrueType subsets as Type0 fonts whose codes are the
 * BMP code points (§9.7, Identity-H; made in cidfont.c), link annotations
 * without borders (§12.5.6.5), explicit destinations (§12.3.2.2), the outline (§12.3.3), page labels
 * (§12.4.2) and the document information dictionary (§14.3.3).
 *
 * The order of work: the typesetting stage's layout (up to -j threads)
 * calls draw_chapter, the writer's sink, as each chapter is laid out,
 * which writes the chapter's page content streams, compresses them and
 * frees the boxes (libharu is not thread-safe, and is not called there);
 * then, in ov_pdf_writer_finish, the fonts are cut down to the characters
 * drawn (a thread per face) and embedded, the pages are made with their
 * streams (plus a small stream for the folio and running head, which need
 * the final page numbers), and the front matter, links, outline and
 * metadata are added before saving.
 *
 * libharu's error handler only records the first error (no setjmp: a
 * longjmp would skip our cleanup); the flag is checked before saving.
 * The file is produced in memory and written atomically.
 */
#include "pdf.h"

#include <math.h>
#include <png.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <hpdf.h>

#include "cidfont.h"
#include "flate.h"
#include "font/fontcheck.h"
#include "font/ttf.h"
#include "harufix.h"
#include "layout/layout.h"
#include "util/buf.h"
#include "util/parallel.h"
#include "util/utf8.h"


/* libharu's error handler records the first error only. */
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

static uint32_t be32(const unsigned char *p) { return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3]; }

/* The concatenated IDAT data of a PNG (PNG spec §11.2.4) that a PDF
 * FlateDecode filter with PNG predictors can take as it is: 8-bit gray or
 * RGB, not interlaced, no transparency chunk, no colour profile or gamma
 * to honour (libpng's decoding, the other path, applies those). NULL for
 * any other PNG. The caller has had libpng decode the file (it is sound). */
static unsigned char *png_idat(const unsigned char *d, size_t len, size_t *out_len)
{
	if (len < 8 + 25 || memcmp(d + 12, "IHDR", 4) != 0)
		return NULL;
	unsigned depth = d[24], type = d[25], interlace = d[28];
	if (depth != 8 || (type != 0 && type != 2) || interlace != 0)
		return NULL;
	size_t total = 0;
	for (int pass = 0; pass < 2; pass++) {
		unsigned char *out = pass ? ov_xmalloc(total ? total : 1) : NULL;
		size_t at = 0;
		for (size_t p = 8; p + 12 <= len;) {
			uint32_t n = be32(d + p);
			const unsigned char *type4 = d + p + 4;
			if (n > len - p - 12)
				break;
			if (!pass && (memcmp(type4, "tRNS", 4) == 0 || memcmp(type4, "gAMA", 4) == 0 ||
			              memcmp(type4, "iCCP", 4) == 0 || memcmp(type4, "cHRM", 4) == 0 ||
			              memcmp(type4, "sBIT", 4) == 0))
				return NULL;
			if (memcmp(type4, "IDAT", 4) == 0) {
				if (pass)
					memcpy(out + at, d + p + 8, n);
				at += n;
			}
			if (memcmp(type4, "IEND", 4) == 0)
				break;
			p += 12 + (size_t)n;
		}
		if (pass) {
			*out_len = at;
			return out;
		}
		total = at;
		if (!total)
			return NULL;
	}
	return NULL;
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
	size_t zlen;
	unsigned char *z = png_idat(a->data, a->len, &zlen);
	if (z) {
		/* decoded above only to know it is sound; the file's own
		 * compressed rows go into the PDF */
		image = ov_haru_flate_image(pdf, z, zlen, w, h, color);
		free(z);
	} else if (!alpha) {
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

/* Page content streams (PDF 1.7 §7.8.2) are written here, operator by
 * operator, into one buffer per page, compressed (flate.h) and handed to
 * libharu as finished FlateDecode streams; libharu is used for what it is
 * good at: the font and image resources (their local names come from
 * HPDF_Page_GetLocalFontName and HPDF_Page_GetXObjectName, which also put
 * them in the page's resources), annotations, outline and saving.
 *
 * Text is written as runs: one TJ per stretch of a line in one face, size,
 * colour and letter spacing (§9.4.3). Only a new line moves the text
 * position, with a Td relative to the previous line's start (§9.4.2); on a
 * line, a run goes on where the last one stopped (after a TJ the text
 * matrix is at the pen), and the space between words is a real space
 * glyph, so that extraction keeps word breaks, followed by the rest of the
 * gap as a TJ number; kerning goes in as TJ numbers too, and so does the
 * letter spacing after the last letter of a part of a hyphenated word.
 * Codes are the BMP code points (Identity-H with libharu's UTF-8 encoder),
 * two bytes each, written as literal strings (§7.3.4.2): half the size of
 * hexadecimal strings, so less to compress. Every character drawn is
 * measured through libharu before saving so that its glyph is in the
 * subset; astral characters become a space, as libharu writes them. */
/* The code of the character of text box b at byte *i (advanced past it):
 * its code point, or U+0020 for one above the BMP, which the two-byte
 * codes cannot hold (libharu's UTF-8 encoder did the same). */
static inline uint32_t next_code(const ov_box *b, size_t *i)
{
	unsigned char c0 = (unsigned char)b->text[*i];
	if (c0 < 0x80) {
		(*i)++;
		return c0;
	}
	uint32_t cp;
	int n = ov_utf8_decode(b->text + *i, b->len - *i, &cp);
	*i += n > 0 ? (size_t)n : 1;
	return cp > 0xFFFF ? 0x20 : cp;
}

typedef struct {
	ov_buf *out;        /* the page's content stream */
	bool open;          /* inside "[ ... ] TJ" */
	bool in_string;     /* inside one of its strings "( ... )" */
	bool at_pen;        /* the text position is known: y, pen */
	double y, pen;      /* baseline and pen position after the last glyph */
	long lx, ly;        /* start of the current line, in 1/100 pt (Td is relative to it) */
	double tc;          /* letter spacing in force (Tc) */
	uint8_t **used;     /* per face: bits of the BMP code points drawn (mark_used) */
} text_writer;

/* A non-negative integer in decimal. */
static void put_uint(ov_buf *b, unsigned long v)
{
	char d[24];
	int n = 0;
	do {
		d[sizeof d - 1 - n++] = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	ov_buf_put(b, d + sizeof d - n, (size_t)n);
}

/* x rounded to `decimals` (1 or 2) places, without trailing zeros
 * (printf was the slowest part of writing text), in one write. */
static void put_real(ov_buf *b, double x, int decimals)
{
	long scale = decimals == 1 ? 10 : 100;
	long v = lround(x * (double)scale);
	char d[32];
	int n = 0; /* digits from the right end of d */
	unsigned long a = v < 0 ? (unsigned long)-v : (unsigned long)v;
	unsigned long ip = a / (unsigned long)scale, frac = a % (unsigned long)scale;
	if (frac) {
		if (scale == 100 && frac % 10 == 0)
			frac /= 10, scale = 10;
		d[sizeof d - 1 - n++] = (char)('0' + frac % 10);
		if (scale == 100)
			d[sizeof d - 1 - n++] = (char)('0' + frac / 10);
		d[sizeof d - 1 - n++] = '.';
	}
	do {
		d[sizeof d - 1 - n++] = (char)('0' + ip % 10);
		ip /= 10;
	} while (ip);
	if (v < 0)
		d[sizeof d - 1 - n++] = '-';
	ov_buf_put(b, d + sizeof d - n, (size_t)n);
}

static void put_num(ov_buf *b, double x) { put_real(b, x, 1); }

/* One byte of a literal string: ( ) \ escaped, CR as \r so that it is not
 * read as an end of line (§7.3.4.2); every other byte stands for itself. */
static void put_lit_byte(ov_buf *b, unsigned c)
{
	if (c == '(' || c == ')' || c == '\\') {
		char e[2] = {'\\', (char)c};
		ov_buf_put(b, e, 2);
	} else if (c == '\r') {
		ov_buf_put(b, "\\r", 2);
	} else {
		ov_buf_putc(b, (char)c);
	}
}

/* Ends the string being written, if any, before a number or the ']'. */
static void tw_end_string(text_writer *w)
{
	if (w->in_string) {
		ov_buf_putc(w->out, ')');
		w->in_string = false;
	}
}

static void tw_begin_string(text_writer *w)
{
	if (!w->in_string) {
		ov_buf_putc(w->out, '(');
		w->in_string = true;
	}
}

static void tw_close(text_writer *w)
{
	if (!w->open)
		return;
	tw_end_string(w);
	ov_buf_put(w->out, "] TJ\n", 5);
	w->open = false;
}

static void tw_raw(text_writer *w, const char *ops)
{
	tw_close(w);
	ov_buf_puts(w->out, ops);
}

/* Appends box b, whose font, size and colour are already set; w->tc is the
 * letter spacing in force (the box's own, or any for a single character,
 * whose spacing only moves the pen). */
static void tw_text(text_writer *w, const ov_box *b, double H, double space_units)
{
	ov_buf *o = w->out;
	double x = b->x, y = H - b->y;
	if (w->at_pen && fabs(y - w->y) < 0.001 && x > w->pen - 2) {
		/* the same line: a space glyph for a word gap, then the rest */
		if (!w->open) {
			ov_buf_putc(o, '[');
			w->open = true;
		}
		double gap = x - w->pen;
		double sp = space_units * b->size / 1000.0 + w->tc;
		if (gap > sp * 0.5) {
			/* boxes that follow without a shift share one string */
			tw_begin_string(w);
			ov_buf_put(o, "\0 ", 2);
			gap -= sp;
		}
		double num = -gap * 1000.0 / b->size;
		if (fabs(num) >= 0.05) {
			tw_end_string(w);
			put_num(o, num);
		}
	} else {
		/* a new line: Td from the last line's start, in exact hundredths */
		tw_close(w);
		long X = lround(x * 100), Y = lround(y * 100);
		put_real(o, (double)(X - w->lx) / 100.0, 2);
		ov_buf_putc(o, ' ');
		put_real(o, (double)(Y - w->ly) / 100.0, 2);
		ov_buf_put(o, " Td [", 5);
		w->lx = X;
		w->ly = Y;
		w->open = true;
		w->at_pen = true;
		w->y = y;
		x = (double)X / 100.0;
	}
	tw_begin_string(w);
	uint8_t *used = w->used[b->face];
	used[0] |= 1;
	size_t i = 0, k = 0, chars = 0;
	while (i < b->len) {
		uint32_t cp = next_code(b, &i);
		used[cp >> 3] |= (uint8_t)(1u << (cp & 7)); /* as mark_used does */
		/* at most four bytes for the code, written in place */
		ov_buf_grow(o, 4);
		char *d = o->ptr + o->len;
		unsigned hi = cp >> 8, lo = cp & 0xFF;
		if (hi == 0 && lo != '(' && lo != ')' && lo != '\\' && lo != '\r') {
			d[0] = 0;
			d[1] = (char)lo;
			o->len += 2;
			o->ptr[o->len] = 0;
		} else {
			put_lit_byte(o, hi);
			put_lit_byte(o, lo);
		}
		if (k < b->kern_count && b->kern[k] != 0 && i < b->len) {
			/* no spaces: the parentheses delimit the number (§7.2.2) */
			ov_buf_putc(o, ')');
			put_num(o, -b->kern[k]);
			ov_buf_putc(o, '(');
		}
		k++;
		chars++;
	}
	/* the string stays open for a following box on the same line */
	/* the pen moves by the glyphs' advances and the spacing after each of
	 * them; b->w holds the box's own spacing between its characters only */
	double natural = b->w - (chars > 1 ? (double)(chars - 1) * b->char_space : 0);
	w->pen = x + natural + (double)chars * w->tc;
}

/* Sets the bits of the BMP code points text box b draws in used[face]
 * (astral ones print as a space), and bit 0 (U+0000, never drawn) to say
 * that the face draws at all. */
static void mark_used(uint8_t *used[OV_FACE__COUNT], const ov_box *b)
{
	uint8_t *u = used[b->face];
	u[0] |= 1;
	size_t k = 0;
	while (k < b->len) {
		uint32_t cp = next_code(b, &k);
		u[cp >> 3] |= (uint8_t)(1u << (cp & 7));
	}
}

/* Sets, for each face, the bits of the BMP code points its text boxes
 * draw (astral ones print as a space), and the space itself. */
static void collect_used(const ov_layout *L, uint8_t *used[OV_FACE__COUNT])
{
	for (size_t p = 0; p < L->page_count; p++) {
		const ov_lpage *lp = &L->pages[p];
		for (size_t i = 0; i < lp->count; i++) {
			const ov_box *b = &lp->boxes[i];
			if (b->kind != OV_BOX_TEXT)
				continue;
			mark_used(used, b);
		}
	}
	for (int f = 0; f < OV_FACE__COUNT; f++)
		used[f][0x20 >> 3] |= 1u << (0x20 & 7);
}

/* Opens a marked-content sequence whose /ActualText is word (PDF 1.7
 * §14.9.4), so that text extraction and copy-paste give a word hyphenated
 * at a line end whole, without the hyphen; the text string is UTF-16BE. */
static void begin_actual_text(text_writer *w, const char *word)
{
	static const char hex[] = "0123456789ABCDEF";
	tw_close(w);
	ov_buf *o = w->out;
	ov_buf_puts(o, "/Span <</ActualText <FEFF");
	size_t len = strlen(word), i = 0;
	while (i < len) {
		uint32_t cp;
		int n = ov_utf8_decode(word + i, len - i, &cp);
		i += n > 0 ? (size_t)n : 1;
		unsigned units[2] = {cp, 0};
		int nu = 1;
		if (cp > 0xFFFF) {
			cp -= 0x10000;
			units[0] = 0xD800u + (cp >> 10);
			units[1] = 0xDC00u + (cp & 0x3FF);
			nu = 2;
		}
		for (int u = 0; u < nu; u++) {
			char d[4] = {hex[(units[u] >> 12) & 15], hex[(units[u] >> 8) & 15], hex[(units[u] >> 4) & 15],
			             hex[units[u] & 15]};
			ov_buf_put(o, d, 4);
		}
	}
	ov_buf_puts(o, ">>> BDC\n");
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

/* What libharu's error codes (hpdf_error.h, named there) mean, for those a
 * build could meet; the message also gives the number. */
static const char *haru_message(HPDF_STATUS e)
{
	switch (e) {
	case HPDF_FAILD_TO_ALLOC_MEM: return "out of memory";
	case HPDF_FILE_IO_ERROR: return "an input or output error";
	case HPDF_FILE_OPEN_ERROR: return "cannot open a file";
	case HPDF_INVALID_DOCUMENT: return "invalid document";
	case HPDF_INVALID_IMAGE: return "invalid image";
	case HPDF_INVALID_JPEG_DATA: return "invalid JPEG data";
	case HPDF_INVALID_OBJECT: return "invalid object";
	case HPDF_INVALID_PARAMETER: return "invalid parameter";
	case HPDF_INVALID_PNG_IMAGE: return "invalid PNG image";
	case HPDF_INVALID_STREAM: return "invalid stream";
	case HPDF_INVALID_URI: return "invalid URI";
	case HPDF_PAGE_INVALID_XOBJECT: return "invalid image on a page";
	case HPDF_REAL_OUT_OF_RANGE: return "a number out of range";
	case HPDF_STRING_OUT_OF_RANGE: return "a string too long";
	case HPDF_TTF_INVALID_CMAP: return "invalid TrueType cmap table";
	case HPDF_TTF_INVALID_FOMAT: return "invalid TrueType font";
	case HPDF_TTF_MISSING_TABLE: return "a table missing from a TrueType font";
	case HPDF_UNSUPPORTED_JPEG_FORMAT: return "unsupported JPEG format";
	case HPDF_ZLIB_ERROR: return "zlib error";
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

/* s, or a copy of its first bytes in *copy (caller frees) cut on a
 * character boundary and ended with an ellipsis, at most max bytes in
 * all: libharu refuses a string over 65,535 bytes, and with it the whole
 * PDF, and no outline entry or document title needs that much. */
static const char *clipped(const char *s, size_t max, char **copy)
{
	*copy = NULL;
	size_t len = strlen(s);
	if (len <= max)
		return s;
	size_t n = max - 3;
	while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80)
		n--;
	*copy = ov_xmalloc(n + 4);
	memcpy(*copy, s, n);
	memcpy(*copy + n, "\xE2\x80\xA6", 4);
	return *copy;
}

/* Longest outline entry, bytes (labelled entries were cut to this size
 * before), and longest document information string. */
#define OUTLINE_MAX 1023
#define INFO_MAX 8191

static void set_info(HPDF_Doc pdf, HPDF_InfoType which, const char *s)
{
	char *copy;
	HPDF_SetInfoAttr(pdf, which, clipped(s, INFO_MAX, &copy));
	free(copy);
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
		ov_buf t = OV_BUF_INIT;
		if (e->label)
			ov_buf_printf(&t, "%s. %s", e->label, e->title);
		char *copy;
		const char *title = clipped(e->label ? ov_buf_cstr(&t) : e->title, OUTLINE_MAX, &copy);
		HPDF_Outline o = HPDF_CreateOutline(pdf, parent, title, utf8);
		free(copy);
		ov_buf_dispose(&t);
		if (!o)
			continue;
		HPDF_Outline_SetDestination(o, dests[a]);
		HPDF_Outline_SetOpened(o, HPDF_FALSE);
		parents[lvl] = o;
		for (int k = lvl + 1; k < 4; k++)
			parents[k] = NULL;
	}
}

/* The resources a content stream uses: faces and images in order of first
 * use. Their names are /F1 /F2 ... and /X1 /X2 ... in that order, which
 * is the order libharu names them in when they are registered on the page
 * in the same order (HPDF_Page_GetLocalFontName and
 * HPDF_Page_GetXObjectName number them by their count), so a page can be
 * drawn on any thread, before libharu has the page or even the fonts. */
typedef struct {
	uint8_t faces[OV_FACE__COUNT];
	int nfaces;
	size_t *images; /* asset indexes */
	size_t nimages;
} page_res;

static int res_face(page_res *r, ov_face face)
{
	for (int i = 0; i < r->nfaces; i++)
		if (r->faces[i] == face)
			return i + 1;
	r->faces[r->nfaces++] = (uint8_t)face;
	return r->nfaces;
}

static size_t res_image(page_res *r, size_t asset)
{
	for (size_t i = 0; i < r->nimages; i++)
		if (r->images[i] == asset)
			return i + 1;
	r->images = ov_xrealloc(r->images, (r->nimages + 1) * sizeof *r->images);
	r->images[r->nimages++] = asset;
	return r->nimages;
}

/* Draws page lp into o (PDF 1.7 §8, §9): rules and images first, text
 * over them, all inside q ... Q so that a further stream on the page starts
 * from the default state. Faces and images go into res (which may already
 * hold those of an earlier stream of the page), the code points drawn into
 * used. Pure: no libharu, safe on any thread. */
static void draw_page(const ov_doc *doc, const ov_lpage *lp, double H, const double *space_units,
                      page_res *res, uint8_t *used[OV_FACE__COUNT], ov_buf *o)
{
	text_writer tw;
	memset(&tw, 0, sizeof tw);
	tw.out = o;
	tw.used = used;
	ov_buf_put(o, "q\n", 2);
	double gray = -1;
	for (size_t i = 0; i < lp->count; i++) {
		const ov_box *b = &lp->boxes[i];
		if (b->kind == OV_BOX_RULE) {
			if (b->gray != gray) {
				put_real(o, b->gray, 2);
				ov_buf_put(o, " g\n", 3);
				gray = b->gray;
			}
			put_real(o, b->x, 2);
			ov_buf_putc(o, ' ');
			put_real(o, H - b->y - b->h, 2);
			ov_buf_putc(o, ' ');
			put_real(o, b->w, 2);
			ov_buf_putc(o, ' ');
			put_real(o, b->h, 2);
			ov_buf_put(o, " re f\n", 6);
		} else if (b->kind == OV_BOX_IMAGE) {
			for (size_t k = 0; k < doc->asset_count; k++) {
				if (doc->assets[k] != b->image || !b->image->ok)
					continue;
				/* the unit square scaled and moved into place (§8.3.4) */
				ov_buf_put(o, "q ", 2);
				put_real(o, b->w, 2);
				ov_buf_put(o, " 0 0 ", 5);
				put_real(o, b->h, 2);
				ov_buf_putc(o, ' ');
				put_real(o, b->x, 2);
				ov_buf_putc(o, ' ');
				put_real(o, H - b->y - b->h, 2);
				ov_buf_put(o, " cm /X", 6);
				put_uint(o, res_image(res, k));
				ov_buf_put(o, " Do Q\n", 6);
			}
		}
	}
	ov_buf_put(o, "BT\n", 3);
	int cur_face = -1;
	double cur_size = 0;
	gray = -1;
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
					begin_actual_text(&tw, b->word);
				}
				if (lp->boxes[j].word_end || lp->boxes[j].word)
					break;
			}
		}
		if ((int)b->face != cur_face || b->size != cur_size) {
			tw_close(&tw);
			ov_buf_put(o, "/F", 2);
			put_uint(o, (unsigned long)res_face(res, b->face));
			ov_buf_putc(o, ' ');
			put_real(o, b->size, 2);
			ov_buf_put(o, " Tf\n", 4);
			cur_face = (int)b->face;
			cur_size = b->size;
		}
		if (b->gray != gray) {
			tw_close(&tw);
			put_real(o, b->gray, 2);
			ov_buf_put(o, " g\n", 3);
			gray = b->gray;
		}
		/* letter spacing of a justified line (PDF 1.7 §9.3.2, Tc); one
		 * character (a short part of a word, a hyphen) takes any: it only
		 * moves the pen, which the next box's position accounts for */
		unsigned char c0 = b->len ? (unsigned char)b->text[0] : 0;
		size_t first = c0 < 0xC0 ? 1 : c0 < 0xE0 ? 2 : c0 < 0xF0 ? 3 : 4; /* UTF-8 lead byte */
		bool single = b->len == first;
		if (b->char_space != tw.tc && !single) {
			tw_close(&tw);
			put_real(o, b->char_space, 2);
			ov_buf_put(o, " Tc\n", 4);
			tw.tc = b->char_space;
		}
		tw_text(&tw, b, H, space_units[b->face]);
		if (i == span_end) {
			tw_raw(&tw, "EMC\n");
			span_end = SIZE_MAX;
			/* poppler places the text after an /ActualText span badly
			 * unless the position is set again */
			tw.at_pen = false;
		}
	}
	tw_close(&tw);
	ov_buf_put(o, "ET\nQ\n", 5);
}

/* A page drawn while its chapter was laid out. */
typedef struct {
	unsigned char *z; /* compressed content stream */
	size_t zlen;
	page_res res;
	ov_box *links;    /* the page's link boxes, kept for the annotations */
	size_t nlinks;
} drawn_page;

typedef struct {
	drawn_page *pages;
	size_t count;
	uint16_t *cps[OV_FACE__COUNT]; /* code points drawn, per face */
	size_t ncps[OV_FACE__COUNT];
} drawn_chapter;

typedef struct {
	ov_deflater *z;
	uint8_t *used[OV_FACE__COUNT]; /* scratch: one bit per BMP code point */
	ov_buf buf;
} draw_thread;

struct ov_pdf_writer {
	const ov_doc *doc;
	ov_typeset *ts;          /* the fonts (ov_typeset_fonts), dropped once embedded */
	size_t nch;              /* chapters in the book */
	drawn_chapter *chapters; /* nch, filled by the layout threads */
	draw_thread *threads;    /* one per layout thread, from begin to finish */
	int nthreads;
	/* made by ov_pdf_writer_finish, freed with the writer */
	ov_layout *L;
	HPDF_Doc pdf;
	haru_state hs;           /* libharu's error handler's */
};

static void space_units_of(const ov_book_fonts *f, double out[OV_FACE__COUNT])
{
	for (int i = 0; i < OV_FACE__COUNT; i++)
		out[i] = ov_ttf_advance(f->ttf[i], ' ');
}

/* The layout's chapter callback: draws and compresses the chapter's pages
 * on the thread that laid them out, keeps their links, and frees their
 * boxes, so that the book is never held in memory as boxes whole. */
static void draw_chapter(void *ctx, int thread, size_t chapter, ov_lpage *pages, size_t count)
{
	ov_pdf_writer *w = ctx;
	draw_thread *t = &w->threads[thread];
	drawn_chapter *dc = &w->chapters[chapter];
	double su[OV_FACE__COUNT];
	space_units_of(ov_typeset_fonts(w->ts), su);
	dc->pages = ov_xcalloc(count ? count : 1, sizeof *dc->pages);
	dc->count = count;
	for (int f = 0; f < OV_FACE__COUNT; f++)
		memset(t->used[f], 0, 8192);
	for (size_t i = 0; i < count; i++) {
		ov_lpage *lp = &pages[i];
		drawn_page *dp = &dc->pages[i];
		ov_buf_clear(&t->buf);
		draw_page(w->doc, lp, w->doc->meta.page.height, su, &dp->res, t->used, &t->buf);
		ov_deflater_run(t->z, (const unsigned char *)t->buf.ptr, t->buf.len, &dp->z, &dp->zlen);
		for (size_t b = 0; b < lp->count; b++)
			if (lp->boxes[b].kind == OV_BOX_LINK) {
				dp->links = ov_xrealloc(dp->links, (dp->nlinks + 1) * sizeof *dp->links);
				dp->links[dp->nlinks++] = lp->boxes[b];
			}
		free(lp->boxes);
		lp->boxes = NULL;
		lp->count = lp->cap = 0;
		lp->taken = true;
	}
	/* the code points drawn, as a list (a chapter draws a few hundred) */
	uint16_t list[0x10000];
	for (int f = 0; f < OV_FACE__COUNT; f++) {
		size_t n = 0;
		for (uint32_t byte = 0; byte < 8192; byte++) {
			unsigned bits = t->used[f][byte];
			for (uint32_t bit = 0; bits; bit++, bits >>= 1)
				if (bits & 1)
					list[n++] = (uint16_t)(byte << 3 | bit);
		}
		dc->cps[f] = ov_xmalloc((n ? n : 1) * sizeof *dc->cps[f]);
		memcpy(dc->cps[f], list, n * sizeof *list);
		dc->ncps[f] = n;
	}
}

/* Registers on page the resources res holds from index (from faces, from
 * images) on, in order, checking that libharu names them as drawn. */
static bool register_res(HPDF_Page page, const page_res *res, int from_face, size_t from_image,
                         HPDF_Font font[OV_FACE__COUNT], HPDF_Image *images)
{
	char want[24];
	for (int i = from_face; i < res->nfaces; i++) {
		if (!font[res->faces[i]])
			return false;
		const char *name = HPDF_Page_GetLocalFontName(page, font[res->faces[i]]);
		snprintf(want, sizeof want, "F%d", i + 1);
		if (!name || strcmp(name, want) != 0)
			return false;
	}
	for (size_t i = from_image; i < res->nimages; i++) {
		if (!images[res->images[i]])
			return false; /* it failed to load, which was reported */
		const char *name = HPDF_Page_GetXObjectName(page, images[res->images[i]]);
		snprintf(want, sizeof want, "X%zu", i + 1);
		if (!name || strcmp(name, want) != 0)
			return false;
	}
	return true;
}

/* Puts a compressed content stream into the page's current contents
 * dictionary as it is. */
static void put_flate_stream(HPDF_Page page, const unsigned char *z, size_t zlen)
{
	HPDF_PageAttr pa = (HPDF_PageAttr)page->attr;
	if (zlen)
		HPDF_Stream_Write(pa->stream, z, (HPDF_UINT)zlen);
	ov_haru_precompressed(pa->contents);
}

static void free_drawn(drawn_chapter *chapters, size_t n)
{
	for (size_t c = 0; c < n; c++) {
		for (size_t i = 0; i < chapters[c].count; i++) {
			free(chapters[c].pages[i].z);
			free(chapters[c].pages[i].res.images);
			free(chapters[c].pages[i].links);
		}
		free(chapters[c].pages);
		for (int f = 0; f < OV_FACE__COUNT; f++)
			free(chapters[c].cps[f]);
	}
	free(chapters);
}

/* The faces to embed, prepared on up to one thread each (cidfont.h). */
typedef struct {
	const ov_book_fonts *f;
	uint8_t *const *used;
	ov_cidfont_data data[OV_FACE__COUNT];
	int faces[OV_FACE__COUNT];
	int count;
	ov_deflater **z; /* one per thread */
} font_work;

static void prepare_face(void *ctx, int thread, size_t k)
{
	font_work *w = ctx;
	int i = w->faces[k];
	ov_cidfont_prepare((const uint8_t *)w->f->data[i], w->f->len[i], w->f->ttf[i], w->used[i], w->z[thread],
	                   &w->data[i]);
}

ov_pdf_writer *ov_pdf_writer_new(const ov_doc *doc, ov_typeset *ts)
{
	ov_pdf_writer *w = ov_xcalloc(1, sizeof *w);
	w->doc = doc;
	w->ts = ts;
	for (const ov_node *ch = doc->root->first; ch; ch = ch->next)
		w->nch++;
	w->chapters = ov_xcalloc(w->nch ? w->nch : 1, sizeof *w->chapters);
	w->nthreads = 1;
	return w;
}

/* The sink's begin: a drawer for each layout thread. */
static void begin_drawing(void *ctx, int nthreads)
{
	ov_pdf_writer *w = ctx;
	w->nthreads = nthreads;
	w->threads = ov_xcalloc((size_t)nthreads, sizeof *w->threads);
	for (int t = 0; t < nthreads; t++) {
		w->threads[t].z = ov_deflater_new();
		for (int i = 0; i < OV_FACE__COUNT; i++)
			w->threads[t].used[i] = ov_xcalloc(8192, 1);
	}
}

/* Frees the drawers, once the layout is done. */
static void end_drawing(ov_pdf_writer *w)
{
	for (int t = 0; w->threads && t < w->nthreads; t++) {
		ov_deflater_free(w->threads[t].z);
		for (int i = 0; i < OV_FACE__COUNT; i++)
			free(w->threads[t].used[i]);
		ov_buf_dispose(&w->threads[t].buf);
	}
	free(w->threads);
	w->threads = NULL;
}

void ov_pdf_writer_sink(ov_pdf_writer *w, ov_page_sink *sink)
{
	sink->begin = begin_drawing;
	sink->chapter = draw_chapter;
	sink->ctx = w;
}

void ov_pdf_writer_free(ov_pdf_writer *w)
{
	if (!w)
		return;
	end_drawing(w);
	if (w->pdf)
		HPDF_Free(w->pdf);
	free_drawn(w->chapters, w->nch);
	ov_layout_free(w->L);
	free(w);
}

struct ov_pdf_cleanup {
	pthread_t thread;
};

static void *free_thread(void *arg)
{
	ov_pdf_writer_free(arg);
	return NULL;
}

ov_pdf_cleanup *ov_pdf_writer_free_later(ov_pdf_writer *w)
{
	ov_pdf_cleanup *c = ov_xmalloc(sizeof *c);
	if (pthread_create(&c->thread, NULL, free_thread, w) == 0)
		return c;
	free(c);
	ov_pdf_writer_free(w);
	return NULL;
}

void ov_pdf_cleanup_wait(ov_pdf_cleanup *c)
{
	if (!c)
		return;
	pthread_join(c->thread, NULL);
	free(c);
}

/* Where face i's problems are reported: where book.yaml names its font,
 * else book.yaml itself (a document not made by the manifest). */
static ov_pos font_pos(const ov_doc *doc, int i)
{
	ov_pos pos = doc->meta.font_pos[i];
	if (!pos.file)
		pos.file = ov_diag_file(doc->diag, "book.yaml");
	return pos;
}

int ov_pdf_writer_finish(ov_pdf_writer *w, ov_layout *L, unsigned char **out, size_t *out_len)
{
	*out = NULL;
	*out_len = 0;
	end_drawing(w);
	w->L = L;
	if (!L)
		return -1;
	const ov_doc *doc = w->doc;
	const ov_book_fonts *f = ov_typeset_fonts(w->ts);
	w->pdf = HPDF_New(on_haru_error, &w->hs);
	if (!w->pdf)
		ov_oom();
	HPDF_Doc pdf = w->pdf;
	int rc = -1;
	/* compression must be chosen before fonts and pages exist */
	HPDF_SetCompressionMode(pdf, HPDF_COMP_ALL);
	HPDF_UseUTFEncodings(pdf);
	HPDF_SetCurrentEncoder(pdf, "UTF-8");
	/* the characters each font draws (a face that shares its file with
	 * another draws for both); the space goes between words */
	uint8_t *used[OV_FACE__COUNT];
	for (int i = 0; i < OV_FACE__COUNT; i++)
		used[i] = ov_xcalloc(8192, 1);
	collect_used(L, used);
	for (size_t c = 0; c < w->nch; c++)
		for (int i = 0; i < OV_FACE__COUNT; i++)
			for (size_t k = 0; k < w->chapters[c].ncps[i]; k++) {
				uint16_t cp = w->chapters[c].cps[i][k];
				used[i][cp >> 3] |= (uint8_t)(1u << (cp & 7));
			}
	for (int i = 0; i < OV_FACE__COUNT; i++)
		for (int j = 0; j < OV_FACE__COUNT; j++)
			if (j != i && strcmp(doc->meta.fonts[i], doc->meta.fonts[j]) == 0)
				for (size_t k = 0; k < 8192; k++)
					used[i][k] |= used[j][k];
	/* Each face is cut down to the glyphs it draws and its program and
	 * maps compressed, on as many threads as there are faces to do; then
	 * its objects are added here (cidfont.h says why not libharu's). */
	HPDF_Font font[OV_FACE__COUNT] = {NULL};
	font_work fw = {f, used, {{0}}, {0}, 0, NULL};
	for (int i = 0; i < OV_FACE__COUNT; i++) {
		/* a face nothing is set in is not embedded */
		if (used[i][0] & 1)
			fw.faces[fw.count++] = i;
		used[i][0] &= (uint8_t)~1u;
	}
	/* every glyph drawn, and every glyph it is made of, must be sound
	 * (fontcheck.h); a face damaged only elsewhere serves, with a warning */
	bool damaged = false;
	for (int k = 0; k < fw.count; k++) {
		int i = fw.faces[k];
		ov_pos pos = font_pos(doc, i);
		char why[OV_FONTCHECK_WHY];
		if (ov_fontcheck_chars(f->check[i], used[i], why, sizeof why) != 0) {
			ov_diag_error(doc->diag, pos, "font '%s' %s", doc->meta.fonts[i], why);
			damaged = true;
		} else if (ov_fontcheck_damaged(f->check[i], why, sizeof why)) {
			ov_diag_warning(doc->diag, pos, "font '%s' %s", doc->meta.fonts[i], why);
		}
	}
	if (damaged)
		goto done;
	int fthreads = w->nthreads < fw.count ? w->nthreads : fw.count;
	fw.z = ov_xcalloc((size_t)fthreads + 1, sizeof *fw.z);
	for (int t = 0; t < fthreads; t++)
		fw.z[t] = ov_deflater_new();
	ov_parallel_for((size_t)fw.count, fthreads, prepare_face, &fw);
	for (int t = 0; t < fthreads; t++)
		ov_deflater_free(fw.z[t]);
	free(fw.z);
	for (int k = 0; k < fw.count; k++) {
		int i = fw.faces[k];
		char tag[7] = "OCTVAA";
		tag[5] = (char)('A' + i);
		ov_pos pos = font_pos(doc, i);
		if (!fw.data[i].ok) {
			ov_diag_error(doc->diag, pos, "font '%s' has glyph tables that cannot be embedded",
			              doc->meta.fonts[i]);
		} else {
			font[i] = ov_cidfont_add(pdf, &fw.data[i], f->ttf[i], used[i], tag,
			                         i == OV_FACE_ITALIC || i == OV_FACE_BOLD_ITALIC,
			                         i == OV_FACE_BOLD || i == OV_FACE_BOLD_ITALIC);
			if (!font[i])
				ov_diag_error(doc->diag, pos, "cannot embed font '%s' (libharu error 0x%04X)",
				              doc->meta.fonts[i], (unsigned)w->hs.error);
		}
		ov_cidfont_data_free(&fw.data[i]);
	}
	for (int k = 0; k < fw.count; k++)
		if (!font[fw.faces[k]])
			goto done;
	/* images, loaded once each */
	HPDF_Image *images = ov_xcalloc(doc->asset_count + 1, sizeof *images);
	for (size_t i = 0; i < doc->asset_count; i++) {
		const ov_asset *a = doc->assets[i];
		if (a->ok)
			images[i] = load_image(pdf, doc, a, a->pos);
	}

	double H = L->page_height;
	double space_units[OV_FACE__COUNT];
	space_units_of(f, space_units);
	/* the whole font files are done with (libharu has the subsets): give
	 * their memory back before the pages go to libharu */
	ov_typeset_drop_fonts(w->ts);
	HPDF_Page *pages = ov_xcalloc(L->page_count + 1, sizeof *pages);
	ov_deflater *zd = ov_deflater_new();
	ov_buf content = OV_BUF_INIT;
	uint8_t *scratch[OV_FACE__COUNT]; /* code points of what is drawn here (already counted) */
	for (int i = 0; i < OV_FACE__COUNT; i++)
		scratch[i] = ov_xcalloc(8192, 1);
	bool names_ok = true;
	for (size_t p = 0; p < L->page_count && !w->hs.error; p++) {
		const ov_lpage *lp = &L->pages[p];
		HPDF_Page page = HPDF_AddPage(pdf);
		if (!page)
			break;
		pages[p] = page;
		HPDF_Page_SetWidth(page, (HPDF_REAL)L->page_width);
		HPDF_Page_SetHeight(page, (HPDF_REAL)H);
		page_res res = {{0}, 0, NULL, 0};
		drawn_page *dp = lp->taken ? &w->chapters[lp->part].pages[lp->part_page] : NULL;
		if (dp) {
			/* drawn with its chapter; what was added since (folio, running
			 * head) goes into a second stream */
			put_flate_stream(page, dp->z, dp->zlen);
			free(dp->z);
			dp->z = NULL;
			names_ok = names_ok && register_res(page, &dp->res, 0, 0, font, images);
			if (lp->count) {
				HPDF_Page_New_Content_Stream(page, NULL);
				ov_buf_clear(&content);
				int nf = dp->res.nfaces;
				size_t ni = dp->res.nimages;
				draw_page(doc, lp, H, space_units, &dp->res, scratch, &content);
				names_ok = names_ok && register_res(page, &dp->res, nf, ni, font, images);
				/* a folio and a running head: a hundred bytes or so, which
				 * deflate would not make smaller, so they stay as they are */
				HPDF_PageAttr pa = (HPDF_PageAttr)page->attr;
				HPDF_Stream_Write(pa->stream, (const HPDF_BYTE *)content.ptr, (HPDF_UINT)content.len);
				pa->contents->filter = HPDF_STREAM_FILTER_NONE;
			}
		} else {
			ov_buf_clear(&content);
			draw_page(doc, lp, H, space_units, &res, scratch, &content);
			unsigned char *z;
			size_t zlen;
			ov_deflater_run(zd, (const unsigned char *)content.ptr, content.len, &z, &zlen);
			put_flate_stream(page, z, zlen);
			free(z);
			names_ok = names_ok && register_res(page, &res, 0, 0, font, images);
			free(res.images);
		}
	}
	ov_deflater_free(zd);
	ov_buf_dispose(&content);
	for (int i = 0; i < OV_FACE__COUNT; i++)
		free(scratch[i]);
	if (!names_ok && !w->hs.error && !ov_diag_errors(doc->diag))
		w->hs.error = HPDF_INVALID_PARAMETER; /* a resource got another name than drawn: never expected */

	/* destinations for every anchor, then links and the outline */
	HPDF_Destination *dests = ov_xcalloc(L->anchor_count + 1, sizeof *dests);
	for (size_t i = 0; i < L->anchor_count && !w->hs.error; i++) {
		const ov_anchor *a = &L->anchors[i];
		if (a->page < L->page_count)
			dests[i] = make_dest(pdf, pages[a->page], 0, H - a->y + 2);
	}
	/* A link set on many lines gets an annotation on each, which used to
	 * carry its own copy of the URI: a 60 KB URL set on 1,000 lines put
	 * 60 MB in the file. From the third annotation of a link on (the
	 * boxes of a link follow each other), they share one action when the
	 * URI is longer than 256 bytes (shorter copies cost less than the
	 * action's object, and keep the files of ordinary books as they
	 * were). A URI
	 * longer than a PDF string can be (libharu refused it and with it the
	 * whole book) gets no annotation. */
	const char *uri = NULL;  /* the link of the last URI box */
	char *uri_esc = NULL;    /* uri escaped */
	size_t uri_len = 0, uri_uses = 0;
	HPDF_Dict uri_action = NULL;
	bool uri_safe = false;
	/* the target of the last internal link resolved here: the boxes of one
	 * link (a line each) look it up once */
	const ov_node *last_chapter = NULL;
	const char *last_id = NULL;
	int last_dest = -1;
	for (size_t p = 0; p < L->page_count && !w->hs.error; p++) {
		const ov_lpage *lp = &L->pages[p];
		const drawn_page *dp = lp->taken ? &w->chapters[lp->part].pages[lp->part_page] : NULL;
		size_t nb = lp->count + (dp ? dp->nlinks : 0);
		for (size_t i = 0; i < nb; i++) {
			ov_box lb = i < lp->count ? lp->boxes[i] : dp->links[i - lp->count];
			const ov_box *b = &lb;
			if (b->kind != OV_BOX_LINK)
				continue;
			if (i >= lp->count && !b->uri) { /* taken with the page: resolved here */
				if (!last_id || b->target_chapter != last_chapter || b->target_id != last_id) {
					last_chapter = b->target_chapter;
					last_id = b->target_id;
					last_dest = ov_layout_find_anchor(L, last_chapter, last_id);
				}
				lb.dest = last_dest;
			}
			HPDF_Rect r = {(HPDF_REAL)b->x, (HPDF_REAL)(H - b->y - b->h), (HPDF_REAL)(b->x + b->w),
			               (HPDF_REAL)(H - b->y)};
			/* libharu refuses a number beyond its limits, and with it the
			 * whole book; such a box is far off the page anyway */
			if (!(r.left >= HPDF_LIMIT_MIN_REAL && r.bottom >= HPDF_LIMIT_MIN_REAL &&
			      r.right <= HPDF_LIMIT_MAX_REAL && r.top <= HPDF_LIMIT_MAX_REAL))
				continue;
			HPDF_Annotation an = NULL;
			if (b->uri) {
				if (b->uri != uri) {
					free(uri_esc);
					uri = b->uri;
					uri_esc = uri_escape(uri);
					uri_len = strlen(uri_esc);
					uri_uses = 0;
					uri_action = NULL;
					/* the passes made only safe URIs; checked again where
					 * the action is written, as a path here would be opened
					 * by viewers as a local file or network share */
					uri_safe = ov_url_is_safe(uri);
					if (uri_len > HPDF_LIMIT_MAX_STRING_LEN)
						ov_diag_warning(doc->diag, (ov_pos){0, 0, 0},
						                "the link to '%.40s...' is longer than a PDF link can be (%zu bytes); "
						                "its text is set without the link",
						                uri_esc, uri_len);
				}
				if (!uri_safe || uri_len > HPDF_LIMIT_MAX_STRING_LEN) {
					an = NULL;
				} else if (++uri_uses <= 2 || uri_len <= 256) {
					an = HPDF_Page_CreateURILinkAnnot(pages[p], r, uri_esc);
				} else {
					if (!uri_action)
						uri_action = ov_haru_uri_action(pdf, uri_esc);
					/* made with a stand-in, replaced at once */
					an = HPDF_Page_CreateURILinkAnnot(pages[p], r, "#");
					if (an && uri_action)
						ov_haru_share_action(an, uri_action);
				}
			} else if (b->dest >= 0 && dests[b->dest]) {
				an = HPDF_Page_CreateLinkAnnot(pages[p], r, dests[b->dest]);
			}
			/* no border: viewers would draw a 1 pt box (libraries.md §1.3) */
			if (an)
				HPDF_LinkAnnot_SetBorderStyle(an, 0, 0, 0);
		}
	}
	free(uri_esc);
	if (!w->hs.error)
		add_outline(pdf, doc, L, dests);
	HPDF_SetPageMode(pdf, HPDF_PAGE_MODE_USE_OUTLINE);

	/* page labels match the printed numbers (PDF 1.7 §12.4.2) */
	if (L->front_count)
		HPDF_AddPageLabel(pdf, 0, HPDF_PAGE_NUM_STYLE_LOWER_ROMAN, 1, "");
	if (L->page_count > L->front_count)
		HPDF_AddPageLabel(pdf, (HPDF_UINT)L->front_count, HPDF_PAGE_NUM_STYLE_DECIMAL, 1, "");

	/* document information; strings go through the current (UTF-8) encoder */
	const ov_meta *meta = &doc->meta;
	set_info(pdf, HPDF_INFO_TITLE, meta->title);
	if (meta->author_count) {
		char *a = join(meta->authors, meta->author_count, ", ");
		set_info(pdf, HPDF_INFO_AUTHOR, a);
		free(a);
	}
	if (meta->description)
		set_info(pdf, HPDF_INFO_SUBJECT, meta->description);
	if (meta->subject_count) {
		char *k = join(meta->subjects, meta->subject_count, "; ");
		set_info(pdf, HPDF_INFO_KEYWORDS, k);
		free(k);
	}
	HPDF_SetInfoAttr(pdf, HPDF_INFO_CREATOR, "Octavo");
	HPDF_SetInfoAttr(pdf, HPDF_INFO_PRODUCER, "Octavo with libharu " HPDF_VERSION_TEXT);
	set_date(pdf, HPDF_INFO_CREATION_DATE, doc->build_time);
	set_date(pdf, HPDF_INFO_MOD_DATE, doc->build_time);

	if (!w->hs.error && HPDF_SaveToStream(pdf) == HPDF_OK && !w->hs.error) {
		HPDF_UINT32 size = HPDF_GetStreamSize(pdf);
		unsigned char *buf = ov_xmalloc(size ? size : 1);
		HPDF_UINT32 got = (HPDF_UINT32)ov_haru_copy_saved(pdf, buf, size);
		if (got != size) {
			got = 0;
			HPDF_ResetStream(pdf);
		}
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
	if (rc != 0)
		ov_diag_error(doc->diag, (ov_pos){0, 0, 0}, "the PDF could not be produced: %s (libharu 0x%04X/%u)",
		              haru_message(w->hs.error), (unsigned)w->hs.error, (unsigned)w->hs.detail);
	free(dests);
	free(pages);
	free(images);
done:
	for (int i = 0; i < OV_FACE__COUNT; i++)
		free(used[i]);
	return rc;
}
