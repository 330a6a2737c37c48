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
 * Text is written as runs: one TJ per stretch of a line in one font, size
 * and colour (§9.4.3). Only a new line moves the text position, with a Td
 * relative to the previous line's start (§9.4.2); on a line, a run goes
 * on where the last one stopped (after a TJ the text matrix is at the
 * pen), and the space between words is the face's real space glyph, so
 * that extraction keeps word breaks, followed by the rest of the gap as a
 * TJ number. Kerning, letter spacing and the offsets of marks go in as TJ
 * numbers too (a mark's height as a text rise, Ts). The codes are glyph
 * ids (Identity-H over fonts whose CIDs are glyph ids: cidfont.h), two
 * bytes each, written as literal strings (§7.3.4.2): half the size of
 * hexadecimal strings, so less to compress. Every glyph drawn is recorded
 * with the text it stands for (ov_pdf_glyph_use), for the subsets and
 * ToUnicode maps (fonts.c); a word whose glyphs do not map to its text one
 * cluster to one glyph (a letter and a mark drawn apart, a character no
 * font has, the hyphen of a word broken at a page's last line) is given
 * its text in an /ActualText span (§14.9.4).
 */
#include <math.h>
#include <stdio.h>
#include <stdint.h>
#include <string.h>

#include "internal.h"
#include "util/utf8.h"

typedef struct {
	ov_buf *out;        /* the page's content stream */
	bool open;          /* inside "[ ... ] TJ" */
	bool in_string;     /* inside one of its strings "( ... )" */
	bool ready;         /* open and in_string: a glyph may be written at once */
	bool at_pen;        /* the text position is known: y, pen */
	double y, pen;      /* baseline and pen position after the last glyph (pending included) */
	double pending;     /* a move right not yet written, pt */
	long lx, ly;        /* start of the current line, in 1/100 pt (Td is relative to it) */
	int font;           /* font number in force (Tf), -1 none */
	double tc;          /* character spacing in force (Tc), pt */
	double tz;          /* horizontal scaling in force (Tz), 1 = 100 */
	double size;        /* size in force */
	double eps;         /* the least move written at that size, pt */
	ov_pdf_res *res;
	ov_pdf_glyph_use *use; /* where drawn glyphs are recorded */
	ov_pdf_seen *seen;  /* the runs recorded already, or NULL: record all */
	const ov_pdf_spaces *spaces;
} text_writer;

void ov_pdf_put_uint(ov_buf *b, unsigned long v)
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

void ov_pdf_put_real(ov_buf *b, double x, int decimals) { put_real(b, x, decimals); }

/* x to four decimal places, without trailing zeros. */
static void put_real4(ov_buf *b, double x)
{
	long v = lround(x * 10000.0);
	if (v < 0) {
		ov_buf_putc(b, '-');
		v = -v;
	}
	ov_pdf_put_uint(b, (unsigned long)(v / 10000));
	long frac = v % 10000;
	if (!frac)
		return;
	char d[5] = {'.', (char)('0' + frac / 1000), (char)('0' + frac / 100 % 10), (char)('0' + frac / 10 % 10),
	             (char)('0' + frac % 10)};
	size_t n = 5;
	while (d[n - 1] == '0')
		n--;
	ov_buf_put(b, d, n);
}

/* A colour component v/255 with the fewest decimals (at most 3) that a
 * reader gives back as v. For a gray, a reader that rounds: 64 is
 * "0.25" (the grays of the layout before colours were sRGB, whose bytes
 * are kept). For an RGB component, a reader that rounds and one that
 * truncates (mupdf) alike: the value written is v/255 or a little more,
 * less than half a step: 87 is "0.342", not "0.34" (86.7). */
static void put_component(ov_buf *b, unsigned v, bool gray)
{
	double x = v / 255.0;
	for (int d = 1; d <= 3; d++) {
		double scale = d == 1 ? 10 : d == 2 ? 100 : 1000;
		double r = round(x * scale) / scale;
		if (d == 3 && !gray && r * 255 < v)
			r += 0.001; /* three decimals are finer than half a step */
		bool back = gray ? lround(r * 255) == (long)v : r * 255 >= v && r * 255 < v + 0.5;
		if (!back && d < 3)
			continue;
		if (d < 3) {
			put_real(b, r, d);
			return;
		}
		/* put_real writes two places at most */
		char num[16];
		int n = snprintf(num, sizeof num, "%.3f", r);
		while (n > 1 && num[n - 1] == '0')
			n--;
		ov_buf_put(b, num, (size_t)n);
		return;
	}
}

void ov_pdf_put_color(ov_buf *o, ov_pdf_res *res, ov_color c, bool stroke)
{
	if (ov_color_is_gray(c)) {
		put_component(o, ov_color_r(c), true);
		ov_buf_put(o, stroke ? " G\n" : " g\n", 3);
		return;
	}
	/* the colour space is named each time: a page's streams are drawn
	 * apart (the folio's after the chapter's), and it costs 8 bytes */
	ov_buf_puts(o, stroke ? "/" OV_PDF_RGB_SPACE " CS " : "/" OV_PDF_RGB_SPACE " cs ");
	put_component(o, ov_color_r(c), false);
	ov_buf_putc(o, ' ');
	put_component(o, ov_color_g(c), false);
	ov_buf_putc(o, ' ');
	put_component(o, ov_color_b(c), false);
	ov_buf_put(o, stroke ? " SC\n" : " sc\n", 4);
	res->rgb = true;
}

/* Sets the fill colour, which fills rules and text alike (PDF 1.7
 * §8.6.8). */
static void put_fill(ov_buf *o, ov_pdf_res *res, ov_color c) { ov_pdf_put_color(o, res, c, false); }

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
	w->ready = false;
}

static void tw_close(text_writer *w)
{
	w->ready = false;
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

static int res_font(ov_pdf_res *r, int font)
{
	for (int i = 0; i < r->nfonts; i++)
		if (r->fonts[i] == font)
			return i + 1;
	r->fonts[r->nfonts++] = (uint8_t)font;
	return r->nfonts;
}

/* Sets font number font at size, closing the run if it changes. */
static void tw_font(text_writer *w, int font, double size)
{
	if (font == w->font && size == w->size)
		return;
	tw_close(w);
	ov_buf *o = w->out;
	ov_buf_put(o, "/F", 2);
	ov_pdf_put_uint(o, (unsigned long)res_font(w->res, font));
	ov_buf_putc(o, ' ');
	put_real(o, size, 2);
	ov_buf_put(o, " Tf\n", 4);
	w->font = font;
	w->size = size;
	w->eps = 0.5 * size / 1000.0;
}

/* Writes the pending move as a TJ number, when it is half a thousandth
 * of the size or more; less waits, adding up, for the next glyph (0.005
 * pt at 10 pt: it is written when it matters). */
static void tw_flush_move(text_writer *w)
{
	ov_buf *o = w->out;
	double num = -w->pending * 1000.0 / (w->size * w->tz);
	/* no spaces: the parentheses delimit the number (§7.2.2); in
	 * thousandths of the size in force, a positive one moving left,
	 * scaled by the Tz in force as glyphs are (§9.4.4) */
	tw_end_string(w);
	put_num(o, num);
	/* what the one decimal written left over stays pending */
	w->pending += round(num * 10.0) / 10.0 * w->size * w->tz / 1000.0;
}

/* Bytes that must be escaped in a literal string (§7.3.4.2). */
static const unsigned char ESCAPED[256] = {['('] = 1, [')'] = 1, ['\\'] = 1, ['\r'] = 1};

/* Before a glyph: opens the run and the string, writing the pending move
 * first when it is due and move is set (a glyph without ink is drawn where
 * the pen is, the move left for the next glyph: tw_glyph_at_pen). */
static void tw_prepare(text_writer *w, bool move)
{
	ov_buf *o = w->out;
	if (!w->open) {
		ov_buf_putc(o, '[');
		w->open = true;
	}
	if (move && (w->pending > w->eps || w->pending < -w->eps))
		tw_flush_move(w);
	if (!w->in_string) {
		ov_buf_putc(o, '(');
		w->in_string = true;
	}
	w->ready = true;
}

/* Writes glyph gid, after the pending move. The caller made room for
 * four bytes (tw_text: for a box's glyphs at once). */
static inline void tw_glyph(text_writer *w, uint32_t gid)
{
	if (!w->ready || w->pending > w->eps || w->pending < -w->eps)
		tw_prepare(w, true);
	ov_buf *o = w->out;
	unsigned hi = (gid >> 8) & 0xFF, lo = gid & 0xFF;
	if (!(ESCAPED[hi] | ESCAPED[lo]) && o->len + 3 <= o->cap) {
		/* not ended with a NUL: tw_text ends the buffer after the box */
		o->ptr[o->len] = (char)hi;
		o->ptr[o->len + 1] = (char)lo;
		o->len += 2;
	} else {
		put_lit_byte(o, hi);
		put_lit_byte(o, lo);
	}
}

/* Writes glyph gid where the pen is, leaving the pending move for the
 * next glyph (for a glyph without ink: the space between words). */
static void tw_glyph_at_pen(text_writer *w, uint32_t gid)
{
	tw_prepare(w, false);
	put_lit_byte(w->out, (gid >> 8) & 0xFF);
	put_lit_byte(w->out, gid & 0xFF);
}

/* Records glyph gid of font as drawn for the text s[0..n) (n 0: for no
 * text of its own: the ToUnicode map gets it from elsewhere, or not). */
static void use_glyph(ov_pdf_glyph_use *use, int font, uint32_t gid, const char *s, size_t n)
{
	if (font < 0 || font >= OV_FONTSET_MAX)
		return;
	ov_pdf_glyph_set *gs = &use->font[font];
	if (!gs->cp) {
		const ov_font *f = ov_fontset_font(use->set, font);
		if (!f)
			return; /* a font the set does not have */
		ov_pdf_glyph_set_make(gs, ov_font_info_of(f)->glyph_count);
	}
	if (gid >= gs->n)
		return; /* a glyph id past the font's glyphs */
	if (n == 0 || gid == 0) {
		if (gs->cp[gid] == OV_PDF_UNUSED)
			gs->cp[gid] = OV_PDF_NO_CP;
		return;
	}
	uint32_t cp;
	int k = ov_utf8_decode(s, n, &cp);
	if (k > 0 && (size_t)k == n) {
		if (gs->cp[gid] >= OV_PDF_NO_CP || cp < gs->cp[gid])
			gs->cp[gid] = cp;
		return;
	}
	if (gs->cp[gid] == OV_PDF_UNUSED)
		gs->cp[gid] = OV_PDF_NO_CP;
	/* a ligature: the least of its texts */
	uint32_t key = gid;
	ov_pdf_keep_least_text(&gs->texts, (const char *)&key, sizeof key, s, n);
}

/* Whether box b's glyphs need its text given whole: a cluster drawn as
 * more than one glyph (a letter and a mark drawn apart, a decomposed
 * character), or a glyph 0 (a character no font has). */
static bool needs_actual_text(const ov_box *b)
{
	/* the hyphen a line break made visible stands for a soft hyphen
	 * (when the word's two parts are not spanned together) */
	if (b->len == 2 && memcmp(b->text, "\xC2\xAD", 2) == 0)
		return true;
	for (uint32_t i = 0; i < b->glyph_count; i++)
		if (b->glyphs[i].gid == 0 || (i > 0 && b->glyphs[i].cluster == b->glyphs[i - 1].cluster))
			return true;
	return false;
}

/* Records glyph i of box b with its text: its cluster's, when the cluster
 * is that one glyph. */
static void use_box_glyph(ov_pdf_glyph_use *use, const ov_box *b, uint32_t i)
{
	const ov_glyph *g = &b->glyphs[i];
	bool alone = (i == 0 || g->cluster != b->glyphs[i - 1].cluster) &&
	             (i + 1 == b->glyph_count || b->glyphs[i + 1].cluster != g->cluster);
	size_t end = alone && g->cluster < b->len ? ov_glyph_cluster_end(b->glyphs, b->glyph_count, i, b->len) : 0;
	if (end > g->cluster)
		use_glyph(use, g->font, g->gid, b->text + g->cluster, end - g->cluster);
	else
		use_glyph(use, g->font, g->gid, NULL, 0);
}

static void begin_actual_text(text_writer *w, const char *word, size_t len);

/* Records box b's glyphs in use, once per run not in seen (NULL: every
 * time): words repeat, and every box of one word has the same glyphs and
 * text (the layout's measuring cache). */
static void use_box(ov_pdf_glyph_use *use, ov_pdf_seen *seen, const ov_box *b)
{
	if (seen && !ov_pdf_seen_add(seen, b->glyphs, b->text))
		return;
	for (uint32_t i = 0; i < b->glyph_count; i++)
		use_box_glyph(use, b, i);
}

/* Appends box b, whose colour is already set, in its glyphs' fonts; when
 * span is not NULL, an /ActualText span with the text span[0..span_len) opens after the
 * word gap (the space glyph before the word stays outside it, so that
 * extraction keeps the space). */
static void tw_text(text_writer *w, const ov_box *b, double H, const char *span, size_t span_len)
{
	ov_buf *o = w->out;
	double x = b->x, y = H - b->y;
	const ov_pdf_spaces *sp = w->spaces;
	if (w->at_pen && fabs(y - w->y) < 0.001 && x > w->pen - 2) {
		/* the same line: a space glyph for a word gap, then the rest */
		double gap = x - w->pen;
		double spw = sp->advance[b->face] * b->size / 1000.0;
		if (gap > spw * 0.5) {
			tw_font(w, sp->font[b->face], b->size);
			/* the space is drawn where the pen is, the move still pending
			 * (the letter spacing the last word's last glyph took back)
			 * going with the rest of the gap: one number, not two; the
			 * space has no ink, so nothing visible moves */
			tw_glyph_at_pen(w, sp->gid[b->face]);
			if (w->use)
				use_glyph(w->use, sp->font[b->face], sp->gid[b->face], " ", 1);
			gap -= (spw + w->tc) * w->tz; /* Tc applies after the space too; Tz to both */
		}
		w->pending += gap;
	} else {
		/* a new line: Td from the last line's start, in exact hundredths */
		tw_close(w);
		long X = lround(x * 100), Y = lround(y * 100);
		put_real(o, (double)(X - w->lx) / 100.0, 2);
		ov_buf_putc(o, ' ');
		put_real(o, (double)(Y - w->ly) / 100.0, 2);
		ov_buf_put(o, " Td\n", 4);
		w->lx = X;
		w->ly = Y;
		w->at_pen = true;
		w->y = y;
		w->pending = 0;
		x = (double)X / 100.0;
	}
	/* letter spacing as Tc (§9.3.2), which goes after every glyph: a
	 * number takes it back where it does not belong (after the last glyph,
	 * before a mark); a single glyph keeps the Tc in force */
	if (span)
		begin_actual_text(w, span, span_len);
	/* glyph expansion (the layout's per-line scale, lines.c) as Tz, the
	 * horizontal scaling (PDF 1.7 §9.3.4), which scales the glyphs, their
	 * advances and the TJ numbers alike: the moves after it are divided
	 * by it (tw_flush_move) */
	double tz = 1 + b->expand * 0.005;
	if (tz != w->tz) {
		tw_close(w);
		put_real(o, tz * 100, 1);
		ov_buf_put(o, " Tz\n", 4);
		w->tz = tz;
	}
	double tc = round(b->tracking * 10000.0) / 10000.0; /* as written: 4 places */
	if (b->glyph_count > 1 && tc != w->tc) {
		tw_close(w);
		put_real4(o, tc);
		ov_buf_put(o, " Tc\n", 4);
		w->tc = tc;
	}
	double em = b->size / 1000.0;
	long moved = 0; /* 1/1000 em: advances and adjustments */
	double tracked = 0;
	if (w->use)
		use_box(w->use, w->seen, b);
	/* room for every glyph escaped and a number after each */
	ov_buf_grow(o, (size_t)b->glyph_count * 16 + 64);
	for (uint32_t i = 0; i < b->glyph_count; i++) {
		const ov_glyph *g = &b->glyphs[i];
		if (g->font != w->font || b->size != w->size)
			tw_font(w, g->font, b->size);
		if (g->dy) {
			/* a mark above or below: raised by a text rise (§9.3.7) */
			tw_close(w);
			put_real(o, g->dy * b->size / 1000.0, 2);
			ov_buf_put(o, " Ts\n", 4);
		}
		if (g->dx) {
			w->pending += g->dx * em * tz;
			tw_glyph(w, g->gid);
			w->pending -= g->dx * em * tz;
		} else {
			tw_glyph(w, g->gid);
		}
		if (g->dy) {
			tw_close(w);
			ov_buf_put(o, "0 Ts\n", 5);
		}
		/* after the glyph: its adjustment, and the letter spacing it
		 * takes, as written (Tc: the next box's gap takes up the
		 * difference, a hundred-thousandth of a point a glyph), where
		 * the Tc in force gives what it should not */
		double d = g->adjust ? g->adjust * em : 0;
		if (tc != 0 && ov_glyph_tracks(b->glyphs, i, b->glyph_count)) {
			d += tc;
			tracked += tc;
		}
		d -= w->tc;
		if (d != 0)
			w->pending += d * tz;
		moved += g->advance + g->adjust;
	}
	if (o->len < o->cap)
		o->ptr[o->len] = 0; /* the glyphs were written without */
	/* the run stays open for a following box on the same line */
	w->pen = x + ((double)moved * em + tracked) * tz;
}

void ov_pdf_collect_used(const ov_layout *L, ov_pdf_glyph_use *use, const ov_pdf_spaces *spaces)
{
	ov_pdf_seen *seen = ov_pdf_seen_new(); /* words repeat: each run is recorded once */
	for (size_t p = 0; p < L->page_count; p++) {
		const ov_lpage *lp = &L->pages[p];
		for (size_t i = 0; i < lp->count; i++)
			if (lp->boxes[i].kind == OV_BOX_TEXT)
				use_box(use, seen, &lp->boxes[i]);
	}
	ov_pdf_seen_free(seen);
	for (int f = 0; f < OV_FACE__COUNT; f++)
		use_glyph(use, spaces->font[f], spaces->gid[f], " ", 1);
}

/* Opens a marked-content sequence whose /ActualText is word[0..len) (PDF
 * 1.7 §14.9.4), so that text extraction and copy-paste give a word
 * hyphenated at a line end whole, without the hyphen, or a formula's TeX
 * source; the text string is UTF-16BE. */
void ov_pdf_put_text_string(ov_buf *o, const char *word, size_t len)
{
	static const char hex[] = "0123456789ABCDEF";
	ov_buf_puts(o, "<FEFF");
	size_t i = 0;
	while (i < len) {
		uint32_t cp;
		int n = ov_utf8_decode(word + i, len - i, &cp);
		i += n > 0 ? (size_t)n : 1;
		uint16_t units[2];
		int nu = ov_utf16_encode(cp, units);
		for (int u = 0; u < nu; u++) {
			char d[4] = {hex[(units[u] >> 12) & 15], hex[(units[u] >> 8) & 15], hex[(units[u] >> 4) & 15],
			             hex[units[u] & 15]};
			ov_buf_put(o, d, 4);
		}
	}
	ov_buf_putc(o, '>');
}

static void begin_actual_text(text_writer *w, const char *word, size_t len)
{
	tw_close(w);
	ov_buf_puts(w->out, "/Span <</ActualText ");
	ov_pdf_put_text_string(w->out, word, len);
	ov_buf_puts(w->out, ">> BDC\n");
}

/* A rightward arrow filling the box with lower-left corner (x, y), w by h:
 * a shaft a sixth of h thick and a head h high and half h long, one
 * filled outline (§8.5.2). */
static void put_arrow(ov_buf *o, double x, double y, double w, double h)
{
	double mid = y + h / 2, t = h / 12, head = h / 2;
	const double pts[][2] = {{x, mid - t},          {x + w - head, mid - t}, {x + w - head, y},
	                         {x + w, mid},          {x + w - head, y + h},   {x + w - head, mid + t},
	                         {x, mid + t}};
	for (size_t i = 0; i < sizeof pts / sizeof pts[0]; i++) {
		put_real(o, pts[i][0], 2);
		ov_buf_putc(o, ' ');
		put_real(o, pts[i][1], 2);
		ov_buf_puts(o, i ? " l\n" : " m\n");
	}
	ov_buf_puts(o, "h f\n");
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

/* ---- marked content (PDF 1.7 §14.6; tagged PDF §14.8) ----
 * The layout's OV_BOX_STRUCT pairs nest; the content stream's sequences
 * do not: each run of boxes is marked with the innermost element open,
 * a sequence opened only when something is drawn for it (a pair that
 * opened at a page's foot, its text on the next page, leaves nothing
 * behind), and what no pair encloses is an /Artifact. */

typedef struct {
	ov_pdf_tag_state *st;  /* NULL: untagged */
	ov_pdf_page_tags *pt;
	ov_buf *out;
	bool open;             /* a sequence is open */
	ov_pdf_tag cur;        /* its owner */
} marker;

static bool is_artifact(ov_struct_role r) { return r == OV_SROLE_ARTIFACT || r == OV_SROLE_PAGINATION; }

static ov_pdf_tag mk_top(const marker *m)
{
	const ov_pdf_tag_state *st = m->st;
	if (st->depth <= 0)
		return (ov_pdf_tag){NULL, 0, OV_SROLE_ARTIFACT};
	return st->stack[(st->depth < OV_PDF_TAG_DEPTH ? st->depth : OV_PDF_TAG_DEPTH) - 1];
}

/* An OV_BOX_STRUCT or _END: the elements open change. Inside an artifact
 * everything is (a repeated table header's cells). */
static void mk_box(marker *m, const ov_box *b)
{
	ov_pdf_tag_state *st = m->st;
	if (b->kind == OV_BOX_STRUCT_END) {
		if (st->depth > 0)
			st->depth--;
		return;
	}
	ov_pdf_tag top = mk_top(m), t = {b->node, 0, b->role};
	if (st->depth > 0 && is_artifact(top.role))
		t = top;
	else if (!b->node)
		t.serial = ++st->serial;
	if (st->depth < OV_PDF_TAG_DEPTH)
		st->stack[st->depth] = t;
	st->depth++;
}

static void mk_close(marker *m)
{
	if (m->open)
		ov_buf_put(m->out, "EMC\n", 4);
	m->open = false;
}

/* Makes the open sequence t's; true when it had to change. */
static bool mk_want(marker *m, ov_pdf_tag t)
{
	if (m->open && m->cur.node == t.node && m->cur.role == t.role && m->cur.serial == t.serial)
		return false;
	return true;
}

/* Opens the sequence of t (after mk_want said so and the caller closed
 * what must nest inside the old one). */
static void mk_open(marker *m, ov_pdf_tag t)
{
	mk_close(m);
	ov_buf *o = m->out;
	m->open = true;
	m->cur = t;
	if (t.role == OV_SROLE_PAGINATION) {
		ov_buf_puts(o, "/Artifact <</Type /Pagination>> BDC\n");
		return;
	}
	if (is_artifact(t.role)) {
		ov_buf_puts(o, "/Artifact BMC\n");
		return;
	}
	ov_pdf_page_tags *pt = m->pt;
	if (pt->nmc == pt->capmc) {
		pt->capmc = pt->capmc ? pt->capmc * 2 : 16;
		pt->mc = ov_xrealloc(pt->mc, pt->capmc * sizeof *pt->mc);
	}
	pt->mc[pt->nmc] = t;
	ov_buf_putc(o, '/');
	ov_buf_puts(o, ov_pdf_tag_type(&t));
	ov_buf_puts(o, " <</MCID ");
	ov_pdf_put_uint(o, (unsigned long)pt->nmc++);
	ov_buf_puts(o, ">> BDC\n");
}

/* The text the page's text boxes draw inside link box l, words apart:
 * the link annotation's /Contents (PDF/UA-1 7.18.5). */
static char *link_text(const ov_lpage *lp, const ov_box *l)
{
	ov_buf t = OV_BUF_INIT;
	for (size_t i = 0; i < lp->count; i++) {
		const ov_box *b = &lp->boxes[i];
		if (b->kind != OV_BOX_TEXT || b->y < l->y || b->y > l->y + l->h + 0.01 || b->x + b->w < l->x - 0.01 ||
		    b->x > l->x + l->w + 0.01)
			continue;
		if (t.len && !b->word_end)
			ov_buf_putc(&t, ' ');
		if (b->full_word) /* the first part of a hyphenated word: the word, once */
			ov_buf_puts(&t, b->full_word);
		else if (!b->word_end && !(b->len == 2 && memcmp(b->text, "\xC2\xAD", 2) == 0))
			ov_buf_put(&t, b->text, b->len);
	}
	return ov_buf_detach(&t);
}

static void mk_link(marker *m, const ov_lpage *lp, const ov_box *b)
{
	ov_pdf_page_tags *pt = m->pt;
	if (pt->nlinks == pt->caplinks) {
		pt->caplinks = pt->caplinks ? pt->caplinks * 2 : 8;
		pt->links = ov_xrealloc(pt->links, pt->caplinks * sizeof *pt->links);
	}
	pt->links[pt->nlinks++] = (ov_pdf_link_tag){mk_top(m), (uint32_t)pt->nmc, link_text(lp, b), -1};
}

static void draw_page(const ov_doc *doc, const ov_lpage *lp, double H, const ov_pdf_spaces *spaces,
                      ov_pdf_res *res, ov_pdf_glyph_use *use, ov_pdf_seen *seen, ov_buf *o,
                      ov_pdf_tag_state *st, ov_pdf_page_tags *pt);

void ov_pdf_draw_page(const ov_doc *doc, const ov_lpage *lp, double H, const ov_pdf_spaces *spaces,
                      ov_pdf_res *res, ov_pdf_glyph_use *use, ov_pdf_seen *seen, ov_buf *o)
{
	draw_page(doc, lp, H, spaces, res, use, seen, o, NULL, NULL);
}

void ov_pdf_draw_page_tagged(const ov_doc *doc, const ov_lpage *lp, double H, const ov_pdf_spaces *spaces,
                             ov_pdf_res *res, ov_pdf_glyph_use *use, ov_pdf_seen *seen, ov_buf *o,
                             ov_pdf_tag_state *st, ov_pdf_page_tags *pt)
{
	draw_page(doc, lp, H, spaces, res, use, seen, o, st, pt);
}

/* Whether the line that text box b ends was broken at a space: not after
 * a hyphen, a dash or a slash, where the word goes on on the next line
 * (the layout breaks there without a space), nor after a soft hyphen. */
static bool space_breaks(const ov_box *b)
{
	if (!b->len)
		return false;
	const char *t = b->text;
	size_t n = b->len;
	char last = t[n - 1];
	if (last == ' ' || last == '-' || last == '/')
		return false;
	/* U+00AD, U+2010 hyphen, U+2013 en dash, U+2014 em dash */
	if (n >= 2 && memcmp(t + n - 2, "\xC2\xAD", 2) == 0)
		return false;
	if (n >= 3 && (memcmp(t + n - 3, "\xE2\x80\x90", 3) == 0 || memcmp(t + n - 3, "\xE2\x80\x93", 3) == 0 ||
	               memcmp(t + n - 3, "\xE2\x80\x94", 3) == 0))
		return false;
	return true;
}

static void draw_page(const ov_doc *doc, const ov_lpage *lp, double H, const ov_pdf_spaces *spaces,
                      ov_pdf_res *res, ov_pdf_glyph_use *use, ov_pdf_seen *seen, ov_buf *o,
                      ov_pdf_tag_state *st, ov_pdf_page_tags *pt)
{
	marker mk = {st, pt, o, false, {NULL, 0, OV_SROLE_NODE}};
	/* the rules and images are drawn first, the text over them: both
	 * passes start from the elements open where the page starts */
	ov_pdf_tag_state start;
	if (st)
		start = *st;
	text_writer tw;
	memset(&tw, 0, sizeof tw);
	tw.out = o;
	tw.use = use;
	tw.seen = seen;
	tw.res = res;
	tw.spaces = spaces;
	tw.font = -1;
	tw.tz = 1;
	ov_buf_put(o, "q\n", 2);
	/* the fill colour in force; none at first (the initial black is not
	 * relied on) */
	uint32_t color = UINT32_MAX;
	for (size_t i = 0; i < lp->count; i++) {
		const ov_box *b = &lp->boxes[i];
		if (st) {
			if (b->kind == OV_BOX_STRUCT || b->kind == OV_BOX_STRUCT_END) {
				mk_box(&mk, b);
				continue;
			}
			/* rules (tints, table rules, bars) and continuation marks
			 * are decoration; an image is its element's */
			if (b->kind == OV_BOX_RULE || b->kind == OV_BOX_MARK || b->kind == OV_BOX_IMAGE) {
				ov_pdf_tag t = b->kind == OV_BOX_IMAGE ? mk_top(&mk) : (ov_pdf_tag){NULL, 0, OV_SROLE_ARTIFACT};
				if (mk_want(&mk, t))
					mk_open(&mk, t);
			}
		}
		if (b->kind == OV_BOX_RULE) {
			if (b->color != color) {
				put_fill(o, res, b->color);
				color = b->color;
			}
			put_real(o, b->x, 2);
			ov_buf_putc(o, ' ');
			put_real(o, H - b->y - b->h, 2);
			ov_buf_putc(o, ' ');
			put_real(o, b->w, 2);
			ov_buf_putc(o, ' ');
			put_real(o, b->h, 2);
			ov_buf_put(o, " re f\n", 6);
		} else if (b->kind == OV_BOX_MARK) {
			if (b->color != color) {
				put_fill(o, res, b->color);
				color = b->color;
			}
			put_arrow(o, b->x, H - b->y - b->h, b->w, b->h);
		} else if (b->kind == OV_BOX_IMAGE) {
			if (b->image->svg && !b->image->svg->raster_reason) {
				/* an SVG in the vector subset: drawn, not an image */
				ov_pdf_draw_svg(o, b->image->svg, b->x, H - b->y - b->h, b->w, b->h, res);
				continue;
			}
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
				ov_pdf_put_uint(o, res_image(res, k));
				ov_buf_put(o, " Do Q\n", 6);
			}
		}
	}
	if (st) {
		mk_close(&mk);
		*st = start;
	}
	ov_buf_put(o, "BT\n", 3);
	color = UINT32_MAX;
	bool given_open = false; /* the given span's BDC is written */
	const ov_box *prev = NULL; /* the last text box drawn in the open sequence (tagged) */
	size_t span_end = SIZE_MAX; /* box that closes an /ActualText span */
	int given = 0; /* inside an OV_BOX_SPAN (depth: spans do not nest, the inner ones are ignored) */
	const ov_box *opening = NULL; /* that span, until its first text opens it after the word gap */
	for (size_t i = 0; i < lp->count; i++) {
		const ov_box *b = &lp->boxes[i];
		if (st && (b->kind == OV_BOX_STRUCT || b->kind == OV_BOX_STRUCT_END)) {
			mk_box(&mk, b);
			continue;
		}
		if (st && b->kind == OV_BOX_LINK) {
			mk_link(&mk, lp, b);
			continue;
		}
		if (b->kind == OV_BOX_SPAN) {
			/* a span whose copy text is given (a formula's TeX source):
			 * no other span opens inside it, and a word's span never
			 * holds one (marked content nests, but a reader's copy takes
			 * the outer ActualText: the word's would hide the formula) */
			if (given++ > 0)
				continue;
			if (span_end != SIZE_MAX) {
				tw_raw(&tw, "EMC\n");
				span_end = SIZE_MAX;
			}
			opening = b;
			continue;
		}
		if (b->kind == OV_BOX_SPAN_END) {
			if (given > 0 && --given == 0) {
				if (opening) { /* nothing drawn in it: its text all the same */
					if (st && mk_want(&mk, mk_top(&mk))) {
						tw_close(&tw);
						mk_open(&mk, mk_top(&mk));
					}
					begin_actual_text(&tw, opening->text ? opening->text : "", opening->text ? opening->len : 0);
				}
				if (opening || given_open)
					tw_raw(&tw, "EMC\n");
				opening = NULL;
				given_open = false;
				tw.at_pen = false; /* as after a word's span, for poppler */
			}
			continue;
		}
		if (b->kind != OV_BOX_TEXT)
			continue;
		if (st) {
			ov_pdf_tag t = mk_top(&mk);
			if (mk_want(&mk, t)) {
				/* an /ActualText span nests inside its sequence: one that
				 * is open ends where the sequence does */
				if (span_end != SIZE_MAX || given_open) {
					tw_raw(&tw, "EMC\n");
					span_end = SIZE_MAX;
					given_open = false;
					tw.at_pen = false;
				}
				tw_close(&tw);
				mk_open(&mk, t);
				tw.at_pen = false; /* as after a span, for poppler */
				prev = NULL;
			}
			/* a line of an element that goes on on the next line ends
			 * with a space glyph (no ink: nothing moves), so that the
			 * element's text read from the structure (a screen reader's,
			 * pdfinfo -struct-text) has the word break the line end
			 * stands for; not after the first part of a hyphenated word,
			 * nor inside a span whose text is given */
			/* (a next line: a line's distance lower, at least; a
			 * superscript or subscript is a rise away on the same line) */
			if (prev && b->y - prev->y > prev->size * 0.6 && !prev->full_word && !b->word_end && span_end == SIZE_MAX &&
			    !given && space_breaks(prev)) {
				tw_font(&tw, spaces->font[prev->face], prev->size);
				tw_glyph_at_pen(&tw, spaces->gid[prev->face]);
				if (tw.use)
					use_glyph(tw.use, spaces->font[prev->face], spaces->gid[prev->face], " ", 1);
			}
			prev = b;
		}
		const char *span = NULL; /* an /ActualText span opening with this box */
		if (b->full_word && span_end == SIZE_MAX && !given) {
			/* the rest of the word must be on this page to span it */
			for (size_t j = i + 1; j < lp->count; j++) {
				if (lp->boxes[j].kind != OV_BOX_TEXT)
					continue;
				if (lp->boxes[j].word_end) {
					span_end = j;
					span = b->full_word;
				}
				if (lp->boxes[j].word_end || lp->boxes[j].full_word)
					break;
			}
		}
		bool own_span = span_end == SIZE_MAX && !given && needs_actual_text(b);
		if (own_span)
			span = b->text;
		if (b->color != color) {
			tw_close(&tw);
			put_fill(o, res, b->color);
			color = b->color;
		}
		if (opening) {
			tw_text(&tw, b, H, opening->text ? opening->text : "", opening->text ? opening->len : 0);
			opening = NULL;
			given_open = true;
		} else {
			tw_text(&tw, b, H, span, span ? strlen(span) : 0);
		}
		if (i == span_end || own_span) {
			tw_raw(&tw, "EMC\n");
			if (i == span_end)
				span_end = SIZE_MAX;
			/* poppler places the text after an /ActualText span badly
			 * unless the position is set again */
			tw.at_pen = false;
		}
	}
	if (given_open || span_end != SIZE_MAX || (!st && given > 0)) /* a span the page cut short ends with it */
		tw_raw(&tw, "EMC\n");
	tw_close(&tw);
	if (st)
		mk_close(&mk);
	ov_buf_put(o, "ET\nQ\n", 5);
}

void ov_pdf_spaces_of(const ov_book_fonts *f, ov_pdf_spaces *out)
{
	for (int i = 0; i < OV_FACE__COUNT; i++) {
		int k = f->face_font[i];
		out->font[i] = k;
		out->gid[i] = ov_font_glyph(f->font[k], ' ');
		out->advance[i] = ov_font_advance(f->font[k], out->gid[i]);
	}
}

/* ---- the runs recorded: a set of (glyphs, text) pointer pairs ----
 * Words repeat, and the layout gives every box of one word the same
 * glyphs and text (its measuring cache): recording a run's glyphs once per
 * thread, not once per box drawn, saves a tenth of the drawing. */

struct ov_pdf_seen {
	const void **k; /* pairs; NULL: empty */
	size_t cap, count;
};

ov_pdf_seen *ov_pdf_seen_new(void) { return ov_xcalloc(1, sizeof(ov_pdf_seen)); }

void ov_pdf_seen_free(ov_pdf_seen *s)
{
	if (!s)
		return;
	free(s->k);
	free(s);
}

static size_t seen_hash(const void *a, const void *b)
{
	uintptr_t h = (uintptr_t)a * 0x9E3779B97F4A7C15u ^ (uintptr_t)b * 0xC2B2AE3D27D4EB4Fu;
	return (size_t)(h ^ (h >> 29));
}

bool ov_pdf_seen_add(ov_pdf_seen *s, const void *glyphs, const void *text)
{
	if (2 * (s->count + 1) > s->cap) {
		size_t cap = s->cap ? s->cap * 2 : 1024;
		const void **k = ov_xcalloc(cap * 2, sizeof *k);
		for (size_t i = 0; i < s->cap; i++)
			if (s->k[2 * i]) {
				size_t j = seen_hash(s->k[2 * i], s->k[2 * i + 1]) & (cap - 1);
				while (k[2 * j])
					j = (j + 1) & (cap - 1);
				k[2 * j] = s->k[2 * i];
				k[2 * j + 1] = s->k[2 * i + 1];
			}
		free(s->k);
		s->k = k;
		s->cap = cap;
	}
	size_t j = seen_hash(glyphs, text) & (s->cap - 1);
	while (s->k[2 * j]) {
		if (s->k[2 * j] == glyphs && s->k[2 * j + 1] == text)
			return false;
		j = (j + 1) & (s->cap - 1);
	}
	s->k[2 * j] = glyphs;
	s->k[2 * j + 1] = text;
	s->count++;
	return true;
}
