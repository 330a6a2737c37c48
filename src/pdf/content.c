/*
 * content.c - page content streams (PDF 1.7 §7.8.2), written here
 * operator by operator into one buffer per page, which the caller
 * compresses (flate.h) and hands to libharu as a finished FlateDecode
 * stream; libharu is used for what it is good at: the font and image
 * resources (their local names come from HPDF_Page_GetLocalFontName and
 * HPDF_Page_GetXObjectName, which also put them in the page's resources),
 * annotations, outline and saving. Nothing here calls libharu, so pages
 * are drawn on the layout threads as their chapters are laid out.
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
 * marked in the face's used set so that its glyph is in the subset
 * (fonts.c); astral characters become a space, as libharu writes them.
 */
#include <math.h>
#include <stdint.h>
#include <string.h>

#include "internal.h"
#include "util/utf8.h"

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

void ov_pdf_collect_used(const ov_layout *L, uint8_t *used[OV_FACE__COUNT])
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

static int res_face(ov_pdf_res *r, ov_face face)
{
	for (int i = 0; i < r->nfaces; i++)
		if (r->faces[i] == face)
			return i + 1;
	r->faces[r->nfaces++] = (uint8_t)face;
	return r->nfaces;
}

static size_t res_image(ov_pdf_res *r, size_t asset)
{
	for (size_t i = 0; i < r->nimages; i++)
		if (r->images[i] == asset)
			return i + 1;
	r->images = ov_xrealloc(r->images, (r->nimages + 1) * sizeof *r->images);
	r->images[r->nimages++] = asset;
	return r->nimages;
}

void ov_pdf_draw_page(const ov_doc *doc, const ov_lpage *lp, double H, const double *space_units,
                      ov_pdf_res *res, uint8_t *used[OV_FACE__COUNT], ov_buf *o)
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

void ov_pdf_space_units(const ov_book_fonts *f, double out[OV_FACE__COUNT])
{
	for (int i = 0; i < OV_FACE__COUNT; i++)
		out[i] = ov_ttf_advance(f->ttf[i], ' ');
}
