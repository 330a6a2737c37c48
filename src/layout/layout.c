/*
 * layout.c - pages of positioned boxes from the resolved document tree.
 *
 * Inline content becomes a list of pieces (runs of one style between break
 * opportunities); lines are filled greedily and justified by spreading the
 * slack over the inter-word spaces; blocks are stacked down the page with a
 * page break whenever the next line, row or figure would not fit. Body
 * pages are laid out first, then the front matter (title, copyright,
 * contents), whose page numbers are roman, so the contents can show the
 * final body page numbers in one pass.
 */
#include "internal.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "linebreak.h"
#include "util/buf.h"
#include "util/parallel.h"
#include "util/strmap.h"
#include "util/utf8.h"

/* ------------------------------------------------------------------ */
/* pages and boxes                                                      */

ov_box *lay_add_box(lay *c, ov_box_kind kind)
{
	ov_lpage *p = c->page;
	if (p->count == p->cap) {
		p->cap = p->cap ? p->cap * 2 : 8; /* a folio and a head on a page drawn already */
		p->boxes = ov_xrealloc(p->boxes, p->cap * sizeof *p->boxes);
	}
	ov_box *b = &p->boxes[p->count++];
	memset(b, 0, sizeof *b);
	b->kind = kind;
	b->dest = -1;
	return b;
}

void lay_add_rule(lay *c, double x, double y, double w, double h, double gray)
{
	ov_box *b = lay_add_box(c, OV_BOX_RULE);
	b->x = x;
	b->y = y;
	b->w = w;
	b->h = h;
	b->gray = gray;
}

/* A text box; s is copied unless stored already holds it for the life of
 * the layout. */
void lay_add_text_stored(lay *c, double x, double y, ov_face face, double size, const char *s,
                         size_t len, const char *stored, double width, double gray)
{
	ov_box *b = lay_add_box(c, OV_BOX_TEXT);
	b->x = x;
	b->y = y;
	b->w = width;
	b->face = face;
	b->size = size;
	b->text = stored ? stored : ov_arena_strndup(c->arena, s, len);
	b->len = len;
	b->gray = gray;
}

void lay_add_text(lay *c, double x, double y, ov_face face, double size, const char *s,
                  size_t len, double width, double gray)
{
	lay_add_text_stored(c, x, y, face, size, s, len, NULL, width, gray);
}

/* Leaves page i without folio and running head (flags: LAY_NO_FOLIO|LAY_NO_HEAD)
 * or without the head only (LAY_NO_HEAD). */
void lay_set_page_flags(lay *c, size_t i, uint8_t flags)
{
	if (i >= c->no_folio_cap) {
		size_t cap = c->no_folio_cap ? c->no_folio_cap : 64;
		while (cap <= i)
			cap *= 2;
		c->no_folio = ov_xrealloc(c->no_folio, cap * sizeof *c->no_folio);
		memset(c->no_folio + c->no_folio_cap, 0, (cap - c->no_folio_cap) * sizeof *c->no_folio);
		c->no_folio_cap = cap;
	}
	c->no_folio[i] |= flags;
}

void lay_set_no_folio(lay *c, size_t i) { lay_set_page_flags(c, i, LAY_NO_FOLIO | LAY_NO_HEAD); }

void lay_push_page(page_vec *pv, const ov_lpage *p)
{
	if (pv->count == pv->cap) {
		pv->cap = pv->cap ? pv->cap * 2 : 64;
		pv->pages = ov_xrealloc(pv->pages, pv->cap * sizeof *pv->pages);
	}
	pv->pages[pv->count++] = *p;
}

void lay_new_page(lay *c)
{
	if (c->page)
		lay_flush_notes(c);
	ov_lpage blank;
	memset(&blank, 0, sizeof blank);
	lay_push_page(c->pv, &blank);
	c->page = &c->pv->pages[c->pv->count - 1];
	c->number++;
	c->page->number = c->number;
	c->page->front = c->front;
	c->page->chapter = c->chapter;
	c->page->part = c->page->part_page = -1;
	/* page 1 of each sequence is a right-hand page (front matter is padded
	 * to an even count, so body page 1 is recto too) */
	c->page->recto = c->ps->two_sided ? (c->number % 2 == 1) : true;
	c->y = lay_text_top(c);
	if (c->heading_pending && c->stats)
		c->stats->stranded++; /* the heading stayed on the previous page */
	c->heading_pending = false;
	lay_place_carry(c);
}

/* Makes sure h points fit below y, starting a new page if not. */
void lay_need(lay *c, double h)
{
	if (!c->page || (c->y + h > lay_text_bottom(c) + 0.01 && c->y > lay_text_top(c) + 0.01))
		lay_new_page(c);
}

/* The key of (chapter, id) in ov_layout.anchor_ids: the chapter's
 * address, then the id (the address only places the entry in the table;
 * nothing is ever taken from its order). */
typedef struct {
	char small[120];
	char *p;    /* small, or malloc'ed for a long id */
	size_t len;
} anchor_key;

static void anchor_key_make(anchor_key *k, const ov_node *chapter, const char *id)
{
	size_t n = strlen(id);
	k->len = sizeof chapter + n;
	k->p = k->len <= sizeof k->small ? k->small : ov_xmalloc(k->len);
	memcpy(k->p, &chapter, sizeof chapter);
	memcpy(k->p + sizeof chapter, id, n);
}

static void anchor_key_dispose(anchor_key *k)
{
	if (k->p != k->small)
		free(k->p);
}

/* Appends anchor a to c->L, remembering whether its page index counts
 * front pages; returns its index. The first anchor of each (chapter, id)
 * is the one links find. */
int lay_push_anchor(lay *c, ov_anchor a, bool front)
{
	ov_layout *L = c->L;
	size_t n = L->anchor_count;
	/* room for 64, 128, 256...: doubled when the count reaches it (growing
	 * by 64 at a time copied the array over and over in a book of 40,000
	 * footnotes) */
	if (n == 0 || (n >= 64 && (n & (n - 1)) == 0)) {
		size_t cap = n ? n * 2 : 64;
		L->anchors = ov_xrealloc(L->anchors, cap * sizeof *L->anchors);
		c->anchor_front = ov_xrealloc(c->anchor_front, cap * sizeof *c->anchor_front);
	}
	L->anchors[n] = a;
	c->anchor_front[n] = front;
	if (a.id) {
		anchor_key k;
		anchor_key_make(&k, a.chapter, a.id);
		bool found;
		void **slot = ov_strmap_slot(&L->anchor_ids, k.p, k.len, &found);
		if (!found)
			*slot = (void *)(uintptr_t)(n + 1);
		anchor_key_dispose(&k);
	}
	return (int)L->anchor_count++;
}

int lay_add_anchor(lay *c, const ov_node *chapter, const char *id, double y)
{
	return lay_push_anchor(c, (ov_anchor){chapter, id, lay_page_index(c), y}, c->front);
}

/* ------------------------------------------------------------------ */
/* measuring                                                            */

/* Records key (cp << 3 | face) as reported by the next message of c->diag;
 * false when it was reported already. */
bool lay_missing_first(lay *c, uint32_t key)
{
	/* a set, not a scan of the list: a chapter of CJK text set in a Latin
	 * font reports thousands of characters */
	bool found;
	ov_strmap_slot(&c->missing_set, (const char *)&key, sizeof key, &found);
	if (found)
		return false;
	if (c->missing_count == c->missing_cap) {
		c->missing_cap = c->missing_cap ? c->missing_cap * 2 : 16;
		c->missing = ov_xrealloc(c->missing, c->missing_cap * sizeof *c->missing);
		c->missing_rec = ov_xrealloc(c->missing_rec, c->missing_cap * sizeof *c->missing_rec);
	}
	c->missing_rec[c->missing_count] = c->diag->count;
	c->missing[c->missing_count++] = key;
	return true;
}

static void report_missing(lay *c, ov_face face, uint32_t cp, ov_pos pos)
{
	if (!lay_missing_first(c, cp << 3 | (uint32_t)face))
		return;
	static const char *const names[] = {"regular", "italic", "bold", "bold italic", "monospace"};
	char ch[5] = {0};
	ov_utf8_encode(cp, ch);
	if (cp > 0xFFFF)
		ov_diag_warning(c->diag, pos,
		                "character U+%04X '%s' is outside the Basic Multilingual Plane, which the PDF "
		                "writer cannot encode; it prints as a space",
		                cp, ch);
	else
		ov_diag_warning(c->diag, pos, "character U+%04X '%s' is missing from the %s font", cp, ch,
		                names[face]);
}

/* Width in points of s[0..len) in face at size; reports missing glyphs
 * against pos when pos.file is set. */
double lay_text_width(lay *c, ov_face face, double size, const char *s, size_t len, ov_pos pos)
{
	long w = 0;
	size_t i = 0;
	while (i < len) {
		uint32_t cp;
		int k = ov_utf8_decode(s + i, len - i, &cp);
		i += k > 0 ? (size_t)k : 1;
		if (pos.file && cp >= 0x20 && (cp > 0xFFFF || !c->m->has_glyph(c->m->ctx, face, cp)))
			report_missing(c, face, cp, pos);
		w += c->m->advance(c->m->ctx, face, cp);
	}
	return (double)w * size / 1000.0;
}

/* Plain text of n in the layout's arena (the tree and its arena stay
 * untouched). */
const char *lay_plain(lay *c, const ov_node *n)
{
	ov_buf b = OV_BUF_INIT;
	ov_node_plain_text_buf(&b, n);
	const char *s = ov_arena_strndup(c->arena, ov_buf_cstr(&b), b.len);
	ov_buf_dispose(&b);
	return s;
}

double lay_plain_width(lay *c, ov_face face, double size, const char *s)
{
	return lay_text_width(c, face, size, s, strlen(s), (ov_pos){0, 0, 0});
}

/* ------------------------------------------------------------------ */
/* inline content: pieces and lines                                     */

static ov_face face_of(const istyle *s)
{
	if (s->mono)
		return OV_FACE_MONO;
	if (s->bold)
		return s->italic ? OV_FACE_BOLD_ITALIC : OV_FACE_BOLD;
	return s->italic ? OV_FACE_ITALIC : OV_FACE_REGULAR;
}

/* A measured word, in font units, for any size (lay.measured). */
typedef struct {
	const char *text;    /* the word, NUL-terminated, in the layout arena */
	long advance;        /* sum of the advances */
	int kern_total;      /* sum of the kerning */
	size_t chars;
	const int16_t *kern; /* kerning after each character (layout arena), or NULL */
	bool missing;        /* some character has no glyph (reported on use) */
} measured;

/* Longest word kept in the measuring cache, in bytes. A longer "word" (a
 * URL, a formula, a line of minified code) is seldom repeated, and keeping
 * each of them whole, together with the parts a last-resort split makes of
 * it, let one 4 MB word fill the cache with its every suffix. 1,024 bytes
 * are more than 256 characters, so no such word is kerned (the kerning
 * callback is asked about words of at most 256 characters) and measuring
 * one allocates nothing. */
#define MEASURE_CACHE_MAX 1024

/* Measures s[0..len) in face into mw: advances, characters, missing
 * glyphs and (for 2 to 256 characters) kerning, kept in the arena. */
static void measure_text(lay *c, ov_face face, const char *s, size_t len, measured *mw)
{
	long w = 0;
	size_t i = 0;
	while (i < len) {
		uint32_t cp;
		int k = ov_utf8_decode(s + i, len - i, &cp);
		i += k > 0 ? (size_t)k : 1;
		if (cp >= 0x20 && (cp > 0xFFFF || !c->m->has_glyph(c->m->ctx, face, cp)))
			mw->missing = true;
		w += c->m->advance(c->m->ctx, face, cp);
		mw->chars++;
	}
	mw->advance = w;
	if (c->m->kern && face != OV_FACE_MONO && mw->chars >= 2 && mw->chars <= 256) {
		int16_t adj[256];
		int total = 0;
		int n = c->m->kern(c->m->ctx, face, s, len, adj, 256, &total);
		bool any = false;
		for (int i2 = 0; n == (int)mw->chars && i2 < n; i2++)
			any = any || adj[i2] != 0;
		if (any) {
			int16_t *k = ov_arena_calloc(c->arena, (size_t)n, sizeof *k);
			memcpy(k, adj, (size_t)n * sizeof *k);
			mw->kern = k;
			mw->kern_total = total;
		}
	}
}

/* Measures a piece: its characters, its kerning and its width with the
 * kerning; missing glyphs are reported against pos. A book repeats its
 * words, so each distinct word up to MEASURE_CACHE_MAX bytes is measured
 * once per face: the font callbacks per character were a tenth of the
 * layout's time. */
void lay_measure_piece(lay *c, piece *p, ov_pos pos)
{
	measured once, *mw;
	if (p->len > MEASURE_CACHE_MAX) {
		memset(&once, 0, sizeof once);
		measure_text(c, p->face, p->text, p->len, &once);
		mw = &once; /* text stays NULL: a box of it copies its text */
	} else {
		bool found;
		void **slot = ov_strmap_slot(&c->measured[p->face], p->text, p->len, &found);
		mw = *slot;
		if (!found) {
			mw = ov_arena_calloc(c->arena, 1, sizeof *mw);
			*slot = mw;
			mw->text = ov_arena_strndup(c->arena, p->text, p->len);
			measure_text(c, p->face, p->text, p->len, mw);
		}
	}
	if (mw->missing && pos.file)
		lay_text_width(c, p->face, p->size, p->text, p->len, pos); /* reports each character once */
	p->width = (double)mw->advance * p->size / 1000.0;
	p->chars = mw->chars;
	p->stored = mw->text;
	p->kern = mw->kern;
	if (mw->kern)
		p->width += (double)mw->kern_total * p->size / 1000.0;
}

piece *lay_push_piece(piece_vec *pv)
{
	if (pv->count == pv->cap) {
		pv->cap = pv->cap ? pv->cap * 2 : 64;
		pv->v = ov_xrealloc(pv->v, pv->cap * sizeof *pv->v);
	}
	piece *p = &pv->v[pv->count++];
	memset(p, 0, sizeof *p);
	return p;
}

static void emit_piece(builder *b, const istyle *st, const char *s, size_t len, ov_pos pos,
                       bool break_ok)
{
	ov_face face = face_of(st);
	double size = st->mono ? b->size * 0.88 : b->size;
	piece *p = lay_push_piece(b->pv);
	p->face = face;
	p->size = size;
	p->text = s;
	p->len = len;
	lay_measure_piece(b->c, p, pos);
	p->strike = st->strike;
	p->pos = pos;
	p->no_hyphenate = st->mono || st->url_like;
	p->uri = st->uri;
	p->target_chapter = st->target_chapter;
	p->target_id = st->target_id;
	if (b->pending_space && b->pv->count > 1) {
		p->space = lay_plain_width(b->c, OV_FACE_REGULAR, b->size, " ");
		p->can_break = true;
	}
	if (break_ok && b->pv->count > 1)
		p->can_break = true;
	if (b->pending_hard) {
		p->hard_break = p->can_break = true;
		p->space = 0;
	}
	b->pending_space = b->pending_hard = false;
}

static bool is_space(char ch) { return ch == ' ' || ch == '\t' || ch == '\n' || ch == '\r'; }

/* Splits text at spaces (and, for URLs and code, after / . - _) into pieces. */
void lay_add_text_pieces(builder *b, const istyle *st, const char *s, size_t len, ov_pos pos)
{
	size_t i = 0;
	while (i < len) {
		if (is_space(s[i])) {
			b->pending_space = true;
			i++;
			continue;
		}
		size_t j = i;
		while (j < len && !is_space(s[j]))
			j++;
		/* one word s[i..j) */
		size_t k = i;
		bool first = true;
		while (k < j) {
			size_t e = k;
			if (st->url_like || st->mono) {
				/* URLs and identifiers break after / . - _ (never inside
				 * "//", so "https://" stays whole); code also after the
				 * openers and separators ( [ { , = : */
				while (e < j) {
					char ch = s[e++];
					bool sep = ch == '/' || ch == '.' || ch == '-' || ch == '_' ||
					           (st->mono && (ch == '(' || ch == '[' || ch == '{' || ch == ',' ||
					                         ch == '=' || ch == ':'));
					if (sep && e < j && e - k > 1 && !(ch == '/' && s[e] == '/'))
						break;
				}
			} else {
				/* prose breaks after an em dash or a slash between words */
				while (e < j) {
					if (e + 3 <= j && memcmp(s + e, "\xE2\x80\x94", 3) == 0 && e > k && e + 3 < j) {
						e += 3;
						break;
					}
					if (s[e] == '/' && e > k && e + 1 < j && s[e + 1] != '/') {
						e++;
						break;
					}
					e++;
				}
			}
			/* a text node lies on one source line: byte offset = column */
			ov_pos at = pos;
			if (at.col)
				at.col += (uint32_t)k;
			emit_piece(b, st, s + k, e - k, at, !first);
			first = false;
			k = e;
		}
		i = j;
	}
}

void lay_build_pieces(lay *c, const ov_node *block, double size, piece_vec *pv)
{
	builder b = {c, pv, size, false, false};
	istyle stack[64];
	int sp = 0;
	stack[0] = (istyle){0};
	ov_iter it = ov_iter_start(block);
	ov_node *n;
	bool ent;
	while ((n = ov_iter_next(&it, &ent))) {
		if (n == block)
			continue;
		istyle *st = &stack[sp];
		if (!ent) {
			if (!ov_node_is_leaf(n->type) && sp > 0)
				sp--;
			continue;
		}
		switch (n->type) {
		case OV_NODE_TEXT:
			lay_add_text_pieces(&b, st, n->text, n->len, n->pos);
			break;
		case OV_NODE_CODE: {
			istyle s2 = *st;
			s2.mono = true;
			lay_add_text_pieces(&b, &s2, n->text, n->len, n->pos);
			break;
		}
		case OV_NODE_SOFTBREAK:
			b.pending_space = true;
			break;
		case OV_NODE_LINEBREAK:
			b.pending_hard = true;
			break;
		case OV_NODE_FOOTNOTE_REF: {
			const ov_node *def = n->as.footnote_ref.def;
			if (!def)
				break;
			char num[16];
			int l = snprintf(num, sizeof num, "%d", n->as.footnote_ref.number);
			const char *t = ov_arena_strndup(c->arena, num, (size_t)l);
			istyle s2 = {0};
			s2.target_chapter = ov_node_chapter(n);
			s2.target_id = def->as.footnote_def.id;
			double keep = b.size;
			b.size = size * 0.65;
			emit_piece(&b, &s2, t, (size_t)l, n->pos, false);
			b.size = keep;
			piece *p = &pv->v[pv->count - 1];
			p->rise = size * 0.38;
			p->anchor = n->as.footnote_ref.id;
			p->note = def;
			break;
		}
		case OV_NODE_IMAGE: {
			/* an image inside text shows its alt text in brackets */
			istyle s2 = *st;
			s2.italic = true;
			const char *alt = lay_plain(c, n);
			const char *t = ov_arena_printf(c->arena, "[%s]", *alt ? alt : "image");
			lay_add_text_pieces(&b, &s2, t, strlen(t), n->pos);
			ov_iter_skip_children(&it, n);
			break;
		}
		default:
			if (ov_node_is_leaf(n->type))
				break;
			if (sp + 1 < (int)(sizeof stack / sizeof *stack))
				sp++;
			stack[sp] = *st;
			st = &stack[sp];
			if (n->type == OV_NODE_EMPH)
				st->italic = !st->italic;
			else if (n->type == OV_NODE_STRONG)
				st->bold = true;
			else if (n->type == OV_NODE_STRIKE)
				st->strike = true;
			else if (n->type == OV_NODE_LINK) {
				if (n->as.link.internal) {
					st->target_chapter = n->as.link.chapter;
					st->target_id = n->as.link.anchor ? n->as.link.anchor : "chapter";
				} else if (n->as.link.href) {
					st->uri = n->as.link.href;
				}
				const char *u = n->as.link.url;
				st->url_like = strstr(u, "://") != NULL || strncmp(u, "mailto:", 7) == 0;
			}
			break;
		}
	}
}

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
				ov_diag_warning(c->diag, p->pos.file ? p->pos : pos,
				                "'%.*s' is wider than the text block and is split",
				                quote_len(p->text, p->len), p->text);
			split_piece(c, p, width, &out);
		}
		free(pv->v);
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
				ov_diag_warning(c->diag, p->pos.file ? p->pos : pos,
				                "'%.*s' is wider than the text block and is split",
				                quote_len(shown, n), shown);
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

/* Greedy line filling: a line takes words while they fit. */
void lay_break_lines(const piece_vec *pv, double width, line_vec *lv)
{
	size_t i = 0;
	while (i < pv->count) {
		line l = {i, i, 0, 0, false, false, 0, false, false};
		double w = 0;
		int gaps = 0;
		size_t j = i;
		while (j < pv->count) {
			/* the word starting at j runs to the next break opportunity */
			size_t e = j + 1;
			double ww = pv->v[j].width;
			while (e < pv->count && !pv->v[e].can_break) {
				ww += pv->v[e].width;
				e++;
			}
			double sp = j > i ? pv->v[j].space : 0;
			if (j > i && (pv->v[j].hard_break || w + sp + ww > width + 0.001))
				break;
			w += sp + ww;
			if (j > i && pv->v[j].space > 0)
				gaps++;
			j = e;
		}
		l.end = j;
		l.natural = w;
		l.gaps = gaps;
		l.last = j >= pv->count || pv->v[j].hard_break;
		push_line(lv, l);
		i = j;
	}
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
	piece_vec out = {0};
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
				for (size_t j = 0; j < n && ncuts < 60; j++)
					cuts[ncuts++] = (ws + at[j]) << 1;
			}
			/* skip the non-letter; a hyphen inside a word is a break */
			if (k < p.len) {
				uint32_t cp;
				int n = ov_utf8_decode(p.text + k, p.len - k, &cp);
				k += n > 0 ? (size_t)n : 1;
				if (cp == '-' && k > 1 && k < p.len && ncuts < 60)
					cuts[ncuts++] = k << 1 | 1;
			}
		}
		size_t from = 0;
		for (size_t j = 0; j <= ncuts; j++) {
			size_t to = j < ncuts ? cuts[j] >> 1 : p.len;
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
				if (q.hyphen_before) /* set in the face and size of the word */
					q.hyphen_w = (double)c->m->advance(c->m->ctx, q.face, '-') * q.size / 1000.0;
			}
			*lay_push_piece(&out) = q;
			from = to;
		}
	}
	free(pv->v);
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
		} else if (i > 0 && p->space > 0) {
			/* the space also carries the letter stretch of the word after
			 * it (a box cannot stretch in this model; the first word of a
			 * line is thus not counted, which only errs on the safe side) */
			items[n++] = (ov_item){OV_ITEM_GLUE, p->space, p->space / 2 + lay_letter_stretch(p),
			                       p->space / 3, 0, false};
		} else if (i > 0 && p->can_break) {
			items[n++] = (ov_item){OV_ITEM_PENALTY, 0, 0, 0, 50, false};
		} else if (p->hyphen_before) {
			/* TeX's \hyphenpenalty and \exhyphenpenalty are both 50 */
			items[n++] = (ov_item){OV_ITEM_PENALTY, p->hyphen_w, 0, 0, 50, true};
		} else if (p->after_dash) {
			items[n++] = (ov_item){OV_ITEM_PENALTY, 0, 0, 0, 50, true};
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
		/* a line that would need its spaces stretched beyond the tolerance
		 * (only when no better breaks exist: a long unbreakable word, a
		 * short paragraph) is set with natural spaces, flush left, rather
		 * than with gaps; the report counts it */
		l.ragged = !l.last && br[k].ratio > prm.tolerance;
		push_line(lv, l);
	}
	free(br);
	free(items);
	free(piece_of);
}

/* Pieces of a plain string in one face. */
void lay_string_pieces(lay *c, piece_vec *pv, const char *s, ov_face face, double size, ov_pos pos)
{
	builder b = {c, pv, size, false, false};
	istyle st = {0};
	st.bold = face == OV_FACE_BOLD || face == OV_FACE_BOLD_ITALIC;
	st.italic = face == OV_FACE_ITALIC || face == OV_FACE_BOLD_ITALIC;
	st.mono = face == OV_FACE_MONO;
	lay_add_text_pieces(&b, &st, s, strlen(s), pos);
}

/* Sets every piece in face (monospace pieces stay monospace). */
void lay_force_face(lay *c, piece_vec *pv, ov_face face, ov_pos pos)
{
	for (size_t i = 0; i < pv->count; i++) {
		piece *p = &pv->v[i];
		if (p->face != OV_FACE_MONO && p->face != face) {
			p->face = face;
			lay_measure_piece(c, p, pos);
		}
	}
}

/* ------------------------------------------------------------------ */
/* blocks                                                               */

void lay_vspace(lay *c, double h)
{
	if (c->page && c->y > lay_text_top(c) + 0.01)
		c->y += h;
}

/* Draws a vertical bar or tint behind [start_page,start_y] .. current,
 * dx points right of the current line start (pages differ in their left
 * edge when two-sided). */
void lay_span_decoration(lay *c, size_t start_page, double start_y, double dx, double w,
                         double gray, double pad)
{
	double indent = c->indent_l;
	size_t cur = lay_page_index(c);
	for (size_t p = start_page; p <= cur; p++) {
		ov_lpage *keep = c->page;
		c->page = lay_page_at(c, p);
		double y0 = p == start_page ? start_y : lay_text_top(c);
		double y1 = p == cur ? c->y : lay_text_bottom(c);
		if (y1 > y0) {
			/* decorations go first so that text is drawn over them */
			ov_box saved;
			lay_add_rule(c, lay_block_left(c) + indent + dx, y0 - pad, w, y1 - y0 + 2 * pad, gray);
			ov_lpage *pg = c->page;
			saved = pg->boxes[pg->count - 1];
			memmove(&pg->boxes[1], &pg->boxes[0], (pg->count - 1) * sizeof *pg->boxes);
			pg->boxes[0] = saved;
		}
		c->page = keep;
	}
}

/* ------------------------------------------------------------------ */
/* the book: chapters (in parallel), then the front matter              */

int ov_layout_find_anchor(const ov_layout *L, const ov_node *chapter, const char *id)
{
	if (!id)
		return -1;
	anchor_key k;
	anchor_key_make(&k, chapter, id);
	void **slot = ov_strmap_find(&L->anchor_ids, k.p, k.len);
	anchor_key_dispose(&k);
	return slot ? (int)((uintptr_t)*slot - 1) : -1;
}
