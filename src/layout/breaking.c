/*
 * breaking.c - pieces into lines. A word wider than the measure is split
 * between characters as a last resort; justified text is split at
 * hyphenation points and broken by the total-fit method of Knuth and
 * Plass (the algorithm is linebreak.c; this file builds its boxes, glue
 * and penalties); ragged text (headings, captions, cells) is filled
 * greedily.
 */
#include "internal.h"

#include <stdio.h>

#include <math.h>

#include <stdlib.h>
#include <string.h>

#include "linebreak.h"
#include "util/utf8.h"

static void push_line(line_vec *lv, line l)
{
	if (lv->count == lv->cap) {
		lv->cap = lv->cap ? lv->cap * 2 : 32;
		lv->v = ov_xrealloc(lv->v, lv->cap * sizeof *lv->v);
	}
	lv->v[lv->count++] = l;
}

/* Bytes of s[0..len) to quote in a message: at most 40, ending on a
 * character boundary (s[40] is read when len > 40). */
static int quote_len(const char *s, size_t len)
{
	if (len <= 40)
		return (int)len;
	size_t n = 40;
	while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80)
		n--;
	return (int)n;
}

/* Reports a word split as a last resort; those of one file fold into one
 * warning that lists them (a chapter of long URLs or identifiers splits
 * hundreds). */
static void split_warning(lay *c, ov_pos pos, const char *word, int len)
{
	char item[48];
	int n = len; /* in the list, the word's first 24 bytes (whole characters) */
	if (n > 24) {
		n = 24;
		while (n > 0 && ((unsigned char)word[n] & 0xC0) == 0x80)
			n--;
	}
	snprintf(item, sizeof item, "'%.*s%s'", n, word, n < len ? "..." : "");
	ov_diag_warning_listed(c->diag, pos, "split-word", item, "'%.*s' is wider than the text block and is split", len,
	                       word);
}

/* Splits p, wider than width, into parts appended to out: each the
 * longest run of characters from where the last one ended whose advances
 * fit in width (at least one character), the rest measured as a piece of
 * its own would be. The parts after the first start a line: no space
 * before them, a break allowed, no anchor.
 *
 * Linear in p's length: the text is walked once to cut it and each part
 * measured once; what is left after a cut is not measured again (as it
 * was, making a word of n characters cost n^2/line of time and, through
 * the measuring cache, of memory: 500,000 characters took 18 s and
 * 3.4 GB), its width being kept as a running sum of advances in font
 * units, which is exact. Only a rest of at most 256 characters, which may
 * be kerned, is measured, as the breakers see it kerned. */
static void split_piece(lay *c, const piece *p, double width, piece_vec *out)
{
	const ov_pos none = {0, 0, 0};
	long adv_left = 0;  /* advances of the rest, font units */
	size_t chars_left = 0;
	for (size_t i = 0; i < p->len;) {
		uint32_t cp;
		int n = ov_utf8_decode(p->text + i, p->len - i, &cp);
		i += n > 0 ? (size_t)n : 1;
		adv_left += c->m->advance(c->m->ctx, p->face, cp);
		chars_left++;
	}
	piece q = *p;        /* the rest: the whole piece at first */
	bool exact = true;   /* q is measured (not only its width known) */
	for (bool first = true;; first = false) {
		if (!first) {
			if (chars_left <= 256) {
				lay_measure_piece(c, &q, none);
				exact = true;
			} else {
				q.width = (double)adv_left * q.size / 1000.0; /* as lay_measure_piece */
				exact = false;
			}
			if (q.width <= width || q.len < 2)
				break;
		}
		/* the longest prefix that fits */
		size_t cut = 0, k = 0, nch = 0;
		long adv = 0;
		double w = 0;
		while (k < q.len) {
			uint32_t cp;
			int n = ov_utf8_decode(q.text + k, q.len - k, &cp);
			size_t step = n > 0 ? (size_t)n : 1;
			int a = c->m->advance(c->m->ctx, q.face, cp);
			double cw = (double)a * q.size / 1000.0;
			if (w + cw > width && cut)
				break;
			w += cw;
			adv += a;
			k += step;
			cut = k;
			nch++;
		}
		if (cut >= q.len)
			break;
		piece head = q;
		head.len = cut;
		lay_measure_piece(c, &head, none);
		*lay_push_piece(out) = head;
		q.text += cut;
		q.len -= cut;
		q.space = 0;
		q.can_break = true;
		q.hard_break = false;
		q.anchor = NULL;
		adv_left -= adv;
		chars_left -= nch;
	}
	if (!exact)
		lay_measure_piece(c, &q, none);
	*lay_push_piece(out) = q;
}

/* Whether a line may end before piece i (a space, a break after / . - _,
 * a hyphenation point or a hard break). */
static bool breaks_before(const piece *p) { return p->can_break || p->hyphen_before || p->after_dash; }

/* Splits pieces wider than width at character boundaries (last resort),
 * with a warning at pos unless quiet (dry runs), once for each piece; then
 * lets lines break between the pieces of a word that is wider than width
 * though each of its pieces fits (a word of many styled parts, like
 * "a*b*c*d*..."), which was otherwise set as one overfull line. Time and
 * memory are linear in the pieces' text. */
static void split_wide_at(lay *c, piece_vec *pv, double width, ov_pos pos, bool quiet)
{
	/* a column as wide as its widest word, its padding added and taken
	 * away again, may come out a rounding error narrower than the word */
	width += 1e-9 * (1 + fabs(width));
	size_t i = 0;
	while (i < pv->count && (pv->v[i].width <= width || pv->v[i].len < 2))
		i++;
	if (i < pv->count) {
		piece_vec out = {0};
		out.cap = pv->count + 16;
		out.v = ov_xmalloc(out.cap * sizeof *out.v);
		memcpy(out.v, pv->v, i * sizeof *pv->v);
		out.count = i;
		for (; i < pv->count; i++) {
			const piece *p = &pv->v[i];
			if (p->width <= width || p->len < 2) {
				*lay_push_piece(&out) = *p;
				continue;
			}
			if (!quiet)
				split_warning(c, p->pos.file ? p->pos : pos, p->text, quote_len(p->text, p->len));
			split_piece(c, p, width, &out);
		}
		free(pv->v);
		out.images = pv->images;
		*pv = out;
	}
	/* words of several pieces: w is the width from the word's start */
	size_t start = 0;
	double w = 0;
	for (i = 0; i <= pv->count; i++) {
		if (i < pv->count && (i == start || !breaks_before(&pv->v[i]))) {
			w += pv->v[i].width;
			continue;
		}
		if (w > width && i - start > 1) {
			const piece *p = &pv->v[start];
			if (!quiet) {
				char shown[44]; /* 40 bytes and the rest of a character */
				size_t n = 0;
				for (size_t k = start; k < i && n < sizeof shown; k++) {
					size_t m = pv->v[k].len < sizeof shown - n ? pv->v[k].len : sizeof shown - n;
					memcpy(shown + n, pv->v[k].text, m);
					n += m;
				}
				split_warning(c, p->pos.file ? p->pos : pos, shown, quote_len(shown, n));
			}
			for (size_t k = start + 1; k < i; k++)
				pv->v[k].can_break = true;
		}
		start = i;
		w = i < pv->count ? pv->v[i].width : 0;
	}
}

void lay_split_wide(lay *c, piece_vec *pv, double width, ov_pos pos)
{
	split_wide_at(c, pv, width, pos, false);
}

void lay_split_wide_quiet(lay *c, piece_vec *pv, double width)
{
	split_wide_at(c, pv, width, (ov_pos){0, 0, 0}, true);
}

/* Greedy line filling: a line takes words while they fit (internal.h). */
void lay_fill_lines(const piece_vec *pv, double first, double rest, line_vec *lv, double *widest)
{
	if (widest)
		*widest = 0;
	size_t i = 0;
	while (i < pv->count) {
		double width = lv->count ? rest : first;
		line l = {i, i, 0, 0, false, false, 0, false, false};
		double w = 0;
		int gaps = 0;
		size_t j = i;
		while (j < pv->count) {
			/* the word starting at j runs to the next break opportunity */
			size_t e = j + 1;
			double ww = pv->v[j].width;
			int ties = 0;
			while (e < pv->count && !pv->v[e].can_break) {
				/* a tie's space (U+00A0) is part of the word */
				ww += pv->v[e].space + pv->v[e].width;
				ties += pv->v[e].space > 0;
				e++;
			}
			double sp = j > i ? pv->v[j].space : 0;
			if (j > i && (pv->v[j].hard_break || w + sp + ww > width + 0.001))
				break;
			w += sp + ww;
			if (j > i && pv->v[j].space > 0)
				gaps++;
			gaps += ties;
			j = e;
		}
		l.end = j;
		l.natural = w;
		l.gaps = gaps;
		l.last = j >= pv->count || pv->v[j].hard_break;
		if (widest && w > *widest)
			*widest = w;
		push_line(lv, l);
		i = j;
	}
}

void lay_break_lines(const piece_vec *pv, double width, line_vec *lv)
{
	lay_fill_lines(pv, width, width, lv, NULL);
}

/* Whether cp is an upper-case letter: ASCII and Latin-1 (the letters the
 * hyphenation patterns know, tests/unit/test_hyph.c), Greek and Cyrillic. */
static bool is_upper(uint32_t cp)
{
	return (cp >= 'A' && cp <= 'Z') || (cp >= 0xC0 && cp <= 0xDE && cp != 0xD7) || (cp >= 0x391 && cp <= 0x3A9) ||
	       (cp >= 0x400 && cp <= 0x42F);
}

/* Splits the pieces of a paragraph at hyphenation points and after
 * explicit hyphens, so that the breaker can break inside words. Code, URLs,
 * pieces carrying an anchor and the paragraph's last word are left whole. */
void lay_hyphenate_pieces(lay *c, piece_vec *pv)
{
	if (!pv->count)
		return;
	/* the last word: the pieces after the last break opportunity */
	size_t last_word = pv->count - 1;
	while (last_word > 0 && !pv->v[last_word].can_break)
		last_word--;
	/* room for a paragraph's words cut in two on average at once: the
	 * pieces are large, and growing the vector from nothing copied them
	 * two or three times over (2% of a book's build) */
	piece_vec out = {0};
	out.cap = pv->count * 2 + 16;
	out.v = ov_xmalloc(out.cap * sizeof *out.v);
	for (size_t i = 0; i < pv->count; i++) {
		piece p = pv->v[i];
		if (p.no_hyphenate || p.anchor || p.rise != 0 || i >= last_word || p.len < 5) {
			*lay_push_piece(&out) = p;
			continue;
		}
		size_t cuts[64], ncuts = 0;
		/* letter runs: ASCII letters and non-ASCII letters (not the
		 * General Punctuation block, so ’ and — end a word) */
		size_t k = 0;
		while (k < p.len && ncuts < 60) {
			size_t ws = k;
			while (k < p.len) {
				uint32_t cp;
				int n = ov_utf8_decode(p.text + k, p.len - k, &cp);
				bool letter = (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z') ||
				              (cp >= 0xC0 && cp < 0x2000 && cp != 0xD7 && cp != 0xF7);
				if (!letter)
					break;
				k += (size_t)n;
			}
			if (k > ws && c->hyph) {
				size_t at[32];
				size_t n = c->hyph->points(c->hyph->ctx, p.text + ws, k - ws, at, 32);
				/* a capitalised word (a name, a sentence's first word)
				 * is marked: its hyphens cost more (lay_break_lines_total) */
				uint32_t cp0;
				ov_utf8_decode(p.text + ws, k - ws, &cp0);
				size_t cap = is_upper(cp0) ? 2 : 0;
				for (size_t j = 0; j < n && ncuts < 60; j++)
					cuts[ncuts++] = (ws + at[j]) << 2 | cap;
			}
			/* skip the non-letter; a hyphen inside a word is a break */
			if (k < p.len) {
				uint32_t cp;
				int n = ov_utf8_decode(p.text + k, p.len - k, &cp);
				k += n > 0 ? (size_t)n : 1;
				if (cp == '-' && k > 1 && k < p.len && ncuts < 60)
					cuts[ncuts++] = k << 2 | 1;
			}
		}
		size_t from = 0;
		for (size_t j = 0; j <= ncuts; j++) {
			size_t to = j < ncuts ? cuts[j] >> 2 : p.len;
			if (to <= from)
				continue;
			piece q = p;
			q.text = p.text + from;
			q.len = to - from;
			lay_measure_piece(c, &q, (ov_pos){0, 0, 0});
			if (from > 0) {
				q.space = 0;
				q.can_break = false;
				q.hard_break = false;
				q.hyphen_before = !(cuts[j - 1] & 1);
				q.after_dash = cuts[j - 1] & 1;
				q.cap_word = (cuts[j - 1] & 2) != 0;
				if (q.hyphen_before) /* set in the face and size of the word */
					q.hyphen_w = (double)c->m->advance(c->m->ctx, q.face, '-') * q.size / 1000.0;
			}
			*lay_push_piece(&out) = q;
			from = to;
		}
	}
	free(pv->v);
	out.images = pv->images;
	*pv = out;
}

/* Fills a line's natural width and stretchable gaps from its pieces. */
static void measure_line(const piece_vec *pv, line *l)
{
	l->natural = 0;
	l->gaps = 0;
	for (size_t i = l->first; i < l->end; i++) {
		if (i > l->first && pv->v[i].space > 0) {
			l->natural += pv->v[i].space;
			l->gaps++;
		}
		l->natural += pv->v[i].width;
	}
	if (l->hyphen)
		l->natural += pv->v[l->end].hyphen_w;
}

/* TeX's \hyphenpenalty is 50; books set more (Bringhurst, 2.4.1: no more
 * than two or three hyphens in a row, fewer is better): 200 halves the
 * handbook's hyphens against 50 (12% of the lines) with no line looser.
 * An explicit hyphen keeps \exhyphenpenalty's 50. */
#define HYPHEN_PENALTY 200
/* The first pass, without hyphens, takes lines up to this ratio: TeX's
 * \pretolerance 100 (a badness of 100). */
#define PRETOLERANCE 1.0
#define EX_HYPHEN_PENALTY 50
/* A capitalised word (a name: "Techni-cal" of "Google Technical", a
 * sentence's first word "Ei-ther") breaks only when nothing else fits:
 * TeX's \uchyph=0 forbids it outright, which leaves a line loose or
 * overfull instead; this penalty (demerits 3000^2 = 9e6, those of a line
 * at ratio 3.1 beyond the tolerance) still allows it then. */
#define CAP_HYPHEN_PENALTY 3000
/* The emergency stretch, in ems of the text, added to every line's
 * stretch in the pass after the tolerance failed (TeX's \emergencystretch;
 * 1.5 em to 3 em are the usual values for a measure of 25 to 35 ems). */
#define EMERGENCY_EM 0.5
/* Demerits for a runt (LAY_RUNT_EM): those of a hyphen before the last
 * line (\finalhyphendemerits), so that the breaker takes a word down
 * rather than leave one short word alone when the lines above allow it. */
#define RUNT_DEMERITS 100000
/* Demerits per squared difference of adjacent lines' adjustment ratios:
 * TeX's fitness classes (\adjdemerits) only see a jump of two classes; the
 * report's contrast (OV_REPORT_CONTRAST) is a fifth lower with this, at
 * the cost of a tenth more hyphens. */
#define CONTRAST_DEMERITS 20000

void lay_break_params(double em, ov_break_params *prm)
{
	prm->pretolerance = PRETOLERANCE;
	prm->tolerance = LAY_TOLERANCE;
	prm->emergency_stretch = EMERGENCY_EM * em;
	prm->runt_width = LAY_RUNT_EM * em;
	prm->runt_demerits = RUNT_DEMERITS;
	prm->contrast_demerits = CONTRAST_DEMERITS;
	prm->last_resort_penalty = CAP_HYPHEN_PENALTY;
}

/* Total-fit line breaking for justified text (linebreak.c): each piece is
 * a box, a space before it is glue that may stretch by half and shrink by a
 * third (docs/typography.md), a break opportunity without a space (URLs,
 * code) is a penalty, a hard break is forced; the paragraph ends as in TeX
 * with penalty(inf) glue(fil) penalty(-inf). */
void lay_break_lines_total(const piece_vec *pv, double width, line_vec *lv)
{
	size_t cap = pv->count * 4 + 4, n = 0;
	ov_item *items = ov_xmalloc(cap * sizeof *items);
	size_t *piece_of = ov_xmalloc(cap * sizeof *piece_of); /* item -> piece, boxes only */
	const ov_item fil = {OV_ITEM_GLUE, 0, 1e5, 0, 0, false};
	const ov_item inf = {OV_ITEM_PENALTY, 0, 0, 0, OV_PENALTY_INF, false};
	const ov_item eject = {OV_ITEM_PENALTY, 0, 0, 0, -OV_PENALTY_INF, false};
	for (size_t i = 0; i < pv->count; i++) {
		const piece *p = &pv->v[i];
		if (i > 0 && p->hard_break) {
			items[n++] = inf;
			items[n++] = fil;
			items[n++] = eject;
		} else if (i > 0 && p->penalty > 0) {
			/* inside a formula, after a relation or a binary operator: the
			 * penalty is the break (TeX's \relpenalty, \binoppenalty), the
			 * math space after it glue that a break there drops (TeXbook
			 * p. 446: thick and medium spaces stretch, the medium one
			 * shrinks too; half of it either way is between the two) */
			items[n++] = (ov_item){OV_ITEM_PENALTY, 0, 0, 0, p->penalty, false};
			/* (glue after a penalty is no break of its own) */
			items[n++] = (ov_item){OV_ITEM_GLUE, p->space, p->space / 2, p->space / 4, 0, false};
		} else if (i > 0 && p->space > 0) {
			/* a tie (U+00A0: a space that cannot break) is TeX's "~",
			 * \penalty10000 before the glue (TeXbook ch. 14) */
			if (!p->can_break)
				items[n++] = inf;
			/* the space also carries the glyph expansion of the word after
			 * it (a box cannot stretch in this model; the first word of a
			 * line is thus not counted, which only errs on the safe side):
			 * its limit at the tolerance stretching, at -1 shrinking */
			double ew = lay_expand_width(p) * LAY_EXPAND_MAX;
			items[n++] = (ov_item){OV_ITEM_GLUE, p->space, p->space / 2 + ew / LAY_EXPAND_AT,
			                       p->space / 3 + ew, 0, false};
		} else if (i > 0 && p->can_break) {
			items[n++] = (ov_item){OV_ITEM_PENALTY, 0, 0, 0, 50, false};
		} else if (p->hyphen_before) {
			items[n++] = (ov_item){OV_ITEM_PENALTY, p->hyphen_w, 0, 0,
			                       p->cap_word ? CAP_HYPHEN_PENALTY : HYPHEN_PENALTY, true};
		} else if (p->after_dash) {
			items[n++] = (ov_item){OV_ITEM_PENALTY, 0, 0, 0, EX_HYPHEN_PENALTY, true};
		}
		piece_of[n] = i;
		items[n++] = (ov_item){OV_ITEM_BOX, p->width, 0, 0, 0, false};
	}
	/* the last line ends at least an em short of the measure, so that it
	 * never looks like a justified line that came up short (TeX's
	 * \parfillskip with a natural width) */
	double em = pv->count ? pv->v[pv->count - 1].size : 10;
	items[n++] = inf;
	items[n++] = (ov_item){OV_ITEM_GLUE, em, 1e5, 0, 0, false};
	items[n++] = eject;
	double w = width;
	ov_break_params prm = OV_BREAK_PARAMS_INIT;
	lay_break_params(em, &prm);
	ov_break *br;
	size_t lines = ov_linebreak(items, n, &w, 1, &prm, &br);
	size_t start = 0;
	for (size_t k = 0; k < lines; k++) {
		/* the line holds the boxes between the previous break and this one */
		size_t first = SIZE_MAX, last = 0;
		for (size_t i = start; i < br[k].pos; i++)
			if (items[i].type == OV_ITEM_BOX) {
				if (first == SIZE_MAX)
					first = piece_of[i];
				last = piece_of[i];
			}
		start = br[k].pos + 1;
		if (first == SIZE_MAX)
			continue; /* an empty line (a hard break right after a break) */
		line l = {first, last + 1, 0, 0, false, false, br[k].ratio, br[k].overfull, false};
		l.hyphen = br[k].hyphen && l.end < pv->count && pv->v[l.end].hyphen_before;
		measure_line(pv, &l);
		/* the last line and lines ended by a hard break stay ragged */
		l.last = k + 1 == lines || (l.end < pv->count && pv->v[l.end].hard_break);
		/* a line that needs its spaces stretched beyond the tolerance
		 * (only when the emergency pass found no better breaks: a long
		 * unbreakable word, a short paragraph) is set justified and loose,
		 * as TeX sets an underfull line; never flush left inside a
		 * justified paragraph. The report counts it as loose. */
		push_line(lv, l);
	}
	free(br);
	free(items);
	free(piece_of);
}
