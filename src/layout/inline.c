/*
 * inline.c - pieces from inline content: text split at spaces (and, in
 * URLs and code, after separators) into measured runs of one style,
 * carrying their links, strike-through and footnote references.
 */
#include "internal.h"

#include <stdio.h>
#include <string.h>

/* A note mark's baseline rises this fraction of the text's size (a
 * superscript's usual place). */
#define MARK_RISE 0.38
/* A subscript's baseline drops this fraction of the text's size. */
#define SUB_DROP 0.15

static ov_face face_of(const istyle *s)
{
	if (s->mono)
		return OV_FACE_MONO;
	if (s->bold)
		return s->italic ? OV_FACE_BOLD_ITALIC : OV_FACE_BOLD;
	return s->italic ? OV_FACE_ITALIC : OV_FACE_REGULAR;
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
	const ov_theme *t = b->c->th;
	double size = st->mono ? b->size * t->inline_code_size : b->size;
	if (st->script)
		size *= t->mark_size;
	piece *p = lay_push_piece(b->pv);
	p->face = face;
	p->size = size;
	p->text = s;
	p->len = len;
	lay_measure_piece(b->c, p, pos);
	p->strike = st->strike;
	p->rise = st->rise * b->size;
	if (b->pending_anchor) {
		p->anchor = b->pending_anchor;
		b->pending_anchor = NULL;
	}
	p->pos = pos;
	p->node = b->node;
	if (b->node && b->node->text && s >= b->node->text && s <= b->node->text + b->node->len)
		p->off = (uint32_t)(s - b->node->text);
	p->no_hyphenate = st->mono || st->url_like;
	p->uri = st->uri;
	p->target_chapter = st->target_chapter;
	p->target_id = st->target_id;
	p->color = st->uri || st->target_chapter ? t->link_color : t->text_color;
	if (b->pending_space && b->pv->count > 1) {
		/* a tie (U+00A0) is as wide and as stretchable as a word
		 * space, but no break (The TeXbook, ch. 14: "~") */
		p->space = lay_plain_width(b->c, OV_FACE_REGULAR, b->size, " ");
		p->can_break = !b->pending_tie;
	}
	if (break_ok && b->pv->count > 1)
		p->can_break = true;
	if (b->pending_hard) {
		p->hard_break = p->can_break = true;
		p->space = 0;
	}
	b->pending_space = b->pending_hard = b->pending_tie = false;
}

/* An image inside the text (not a figure: doc/figures.c) as one piece,
 * drawn where a word would be: a box that is never split, hyphenated or
 * letter-spaced, with a break before it only where there is a space.
 * Its bottom is at the text face's descent, like a glyph's with a
 * descender, or at the line box's bottom if that is higher
 * (lay_inline_image_depth), so that 1.2 em of image fits the line box of
 * body text and lines keep their distance (the EPUB centres it on the
 * x-height, vertical-align: middle, less than 0.1 em lower). False when
 * it cannot be drawn. */
static bool image_piece(builder *b, const istyle *st, const ov_node *n)
{
	ov_face face = face_of(st);
	const ov_theme *t = b->c->th;
	double size = st->mono ? b->size * t->inline_code_size : b->size;
	if (st->script)
		size *= t->mark_size;
	double w, h;
	if (!lay_inline_image_size(b->c, n, size, &w, &h))
		return false;
	piece *p = lay_push_piece(b->pv);
	p->face = face;
	p->size = size;
	p->text = "";
	p->width = w;
	p->image = n->as.image.asset;
	b->pv->images = true;
	p->rise = st->rise * b->size;
	p->pos = n->pos;
	p->node = n;
	p->no_hyphenate = true;
	p->uri = st->uri;
	p->target_chapter = st->target_chapter;
	p->target_id = st->target_id;
	p->color = t->text_color;
	lay_take_pending(b, p);
	return true;
}

void lay_take_pending(builder *b, piece *p)
{
	if (b->pending_anchor) {
		p->anchor = b->pending_anchor;
		b->pending_anchor = NULL;
	}
	if (b->pending_space && b->pv->count > 1) {
		/* a tie (U+00A0) is as wide and as stretchable as a word
		 * space, but no break (The TeXbook, ch. 14: "~") */
		p->space = lay_plain_width(b->c, OV_FACE_REGULAR, b->size, " ");
		p->can_break = !b->pending_tie;
	}
	if (b->pending_hard) {
		p->hard_break = p->can_break = true;
		p->space = 0;
	}
	b->pending_space = b->pending_hard = b->pending_tie = false;
}

static bool is_space(char ch) { return ch == ' ' || ch == '\t' || ch == '\n' || ch == '\r'; }

/* Whether s[i..len) starts with U+00A0, a tie (doc/ties.c, or written). */
static bool is_tie(const char *s, size_t i, size_t len)
{
	return i + 1 < len && s[i] == '\xC2' && s[i + 1] == '\xA0';
}

/* Whether a URL s[start..) may break before s[at] (at > start): the
 * places lay_add_text_pieces lists. */
static bool url_break_before(const char *s, size_t start, size_t at)
{
	char prev = s[at - 1], cur = s[at];
	if (prev == '/')
		return cur != '/';
	if (prev == ':')
		return cur != '/';
	if (prev == '=' || prev == '&')
		return true;
	bool before = cur == '.' || cur == ',' || cur == '?' || cur == '#' || cur == '%' || cur == '~' ||
	              cur == '_' || cur == '&';
	/* not right after the start, nor between two of them ("..") */
	return before && at - start > 1 && prev != cur;
}

/* Splits text at spaces (and, for URLs and code, at their break places) into pieces. */
void lay_add_text_pieces(builder *b, const istyle *st, const char *s, size_t len, ov_pos pos)
{
	size_t i = 0;
	while (i < len) {
		if (is_space(s[i])) {
			/* a space next to a tie breaks */
			b->pending_tie = false;
			b->pending_space = true;
			i++;
			continue;
		}
		if (!st->mono && is_tie(s, i, len)) {
			b->pending_tie = !b->pending_space || b->pending_tie;
			b->pending_space = true;
			i += 2;
			continue;
		}
		size_t j = i;
		while (j < len && !is_space(s[j]) && (st->mono || !is_tie(s, j, len)))
			j++;
		/* one word s[i..j) */
		size_t k = i;
		bool first = true;
		while (k < j) {
			size_t e = k;
			if (st->url_like && !st->mono) {
				/* a URL (Chicago Manual of Style 7.42): after '/' and
				 * "//" (never between the two), after ':' not before
				 * "//", '=' and '&'; before '.', ',', '?', '#', '%',
				 * '~', '_' and '&', so that a line never ends in a dot
				 * that reads as a sentence's end; never at a hyphen,
				 * which would read as one the break made */
				e++;
				while (e < j && !url_break_before(s, k, e))
					e++;
			} else if (st->mono) {
				/* code breaks after / . - _ (never inside "//", so
				 * "https://" stays whole) and after the openers and
				 * separators ( [ { , = : */
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

/* Inline math shown as its TeX source: in the code face, between its
 * dollars so that the reader sees it is TeX (a formula with errors; every
 * formula until the math layout sets them). */
static void lay_math_source_pieces(builder *b, const istyle *st, const ov_node *n)
{
	/* a formula that is only a reference to a known equation (no math
	 * font) prints the number, a link to the equation, as it would */
	const ov_math *m = n->as.math.math;
	const ov_mnode *l = m && m->ok ? m->list : NULL;
	const ov_equation *e = l && !l->next && l->kind == OV_MN_REF && !l->sup && !l->sub && !l->primes &&
	                               l->u.ref.label
	                           ? ov_doc_equation(b->c->doc, l->u.ref.label)
	                           : NULL;
	if (e && e->id) {
		istyle s3 = *st;
		s3.target_chapter = e->chapter;
		s3.target_id = e->id;
		const char *t = ov_arena_printf(b->c->arena, l->u.ref.paren ? "(%s)" : "%s", e->number);
		lay_add_text_pieces(b, &s3, t, strlen(t), n->pos);
		return;
	}
	istyle s2 = *st;
	s2.mono = true;
	const char *t = ov_arena_printf(b->c->arena, "$%.*s$", (int)n->len, n->text);
	lay_add_text_pieces(b, &s2, t, n->len + 2, n->pos);
}

void lay_build_pieces(lay *c, const ov_node *block, double size, piece_vec *pv)
{
	builder b = {c, pv, size, false, false, NULL, false, NULL};
	istyle stack[64];
	int sp = 0;
	stack[0] = (istyle){0};
	ov_iter it = ov_iter_start(block);
	ov_node *n;
	bool ent;
	while ((n = ov_iter_next(&it, &ent))) {
		if (n == block)
			continue;
		b.node = n;
		istyle *st = &stack[sp];
		if (!ent) {
			/* an image pushed no style (its children are skipped, but it
			 * is left like any other node) */
			if (!ov_node_is_leaf(n->type) && n->type != OV_NODE_IMAGE && sp > 0)
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
		case OV_NODE_MATH: {
			double sz = st->mono ? size * c->th->inline_code_size : size;
			if (st->script)
				sz *= c->th->mark_size;
			if (!lay_math_pieces(&b, n, sz, n->pos))
				lay_math_source_pieces(&b, st, n);
			break;
		}
		case OV_NODE_SOFTBREAK:
			b.pending_space = true;
			b.pending_tie = false;
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
			const char *anchor = b.pending_anchor; /* the mark has an anchor of its own */
			b.pending_anchor = NULL;
			b.size = size * c->th->mark_size;
			emit_piece(&b, &s2, t, (size_t)l, n->pos, false);
			b.size = keep;
			b.pending_anchor = anchor;
			piece *p = &pv->v[pv->count - 1];
			p->rise = size * MARK_RISE;
			p->anchor = n->as.footnote_ref.id;
			p->note = def;
			break;
		}
		case OV_NODE_ANCHOR:
			if (n->as.anchor.id)
				b.pending_anchor = n->as.anchor.id;
			break;
		case OV_NODE_IMAGE: {
			if (image_piece(&b, st, n)) {
				ov_iter_skip_children(&it, n);
				break;
			}
			/* an image that cannot be drawn (remote, unreadable) shows
			 * its alt text in brackets */
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
			else if (n->type == OV_NODE_SUP || n->type == OV_NODE_SUB) {
				/* raised or lowered at the note marks' size; a script
				 * inside a script moves again but gets no smaller */
				st->script = true;
				st->rise += n->type == OV_NODE_SUP ? MARK_RISE : -SUB_DROP;
			}
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
	if (b.pending_anchor) {
		/* an anchor after the last word: an empty piece carries it */
		piece *p = lay_push_piece(pv);
		p->size = size;
		p->text = "";
		p->no_hyphenate = true;
		p->anchor = b.pending_anchor;
		p->pos = block->pos;
	}
}

/* Pieces of a plain string in one face. */
void lay_string_pieces(lay *c, piece_vec *pv, const char *s, ov_face face, double size, ov_pos pos)
{
	builder b = {c, pv, size, false, false, NULL, false, NULL};
	istyle st = {0};
	st.bold = face == OV_FACE_BOLD || face == OV_FACE_BOLD_ITALIC;
	st.italic = face == OV_FACE_ITALIC || face == OV_FACE_BOLD_ITALIC;
	st.mono = face == OV_FACE_MONO;
	lay_add_text_pieces(&b, &st, s, strlen(s), pos);
}

void lay_color_pieces(piece_vec *pv, ov_color color)
{
	for (size_t i = 0; i < pv->count; i++)
		if (!pv->v[i].uri && !pv->v[i].target_chapter)
			pv->v[i].color = color;
}

ov_face lay_face_with(ov_face face, ov_face style)
{
	if (face == OV_FACE_MONO || style == OV_FACE_MONO)
		return face;
	bool bold = face == OV_FACE_BOLD || face == OV_FACE_BOLD_ITALIC || style == OV_FACE_BOLD ||
	            style == OV_FACE_BOLD_ITALIC;
	bool italic = face == OV_FACE_ITALIC || face == OV_FACE_BOLD_ITALIC || style == OV_FACE_ITALIC ||
	              style == OV_FACE_BOLD_ITALIC;
	return bold ? (italic ? OV_FACE_BOLD_ITALIC : OV_FACE_BOLD) : (italic ? OV_FACE_ITALIC : OV_FACE_REGULAR);
}

/* Sets every piece in face (monospace pieces stay monospace). */
void lay_force_face(lay *c, piece_vec *pv, ov_face face, ov_pos pos)
{
	for (size_t i = 0; i < pv->count; i++) {
		piece *p = &pv->v[i];
		/* a formula's stretch keeps its glyphs and width (it has no text
		 * to measure again) */
		if (p->face != OV_FACE_MONO && p->face != face && !p->math) {
			p->face = face;
			if (!p->image) /* keeps its drawn width */
				lay_measure_piece(c, p, pos);
		}
	}
}

bool lay_has_formula(lay *c, const ov_node *n)
{
	if (!c->m->math)
		return false;
	ov_iter it = ov_iter_start(n);
	ov_node *x;
	bool ent;
	while ((x = ov_iter_next(&it, &ent)))
		if (ent && x->type == OV_NODE_MATH && x->as.math.math && x->as.math.math->ok)
			return true;
	return false;
}

void lay_heading_line_pieces(lay *c, const ov_node *h, ov_face face, double size, ov_color color, piece_vec *pv)
{
	size_t from = pv->count, to = from;
	lay_build_pieces(c, h, size, pv);
	for (size_t i = from; i < pv->count; i++) {
		piece p = pv->v[i];
		if (p.note)
			continue; /* a note mark: the plain text leaves it out too */
		p.uri = NULL;
		p.target_chapter = NULL;
		p.target_id = NULL;
		p.anchor = NULL;
		p.color = color;
		if (to == from) { /* the line's first piece */
			p.space = 0;
			p.can_break = false;
		}
		pv->v[to++] = p;
	}
	pv->count = to;
	lay_force_face(c, pv, face, h->pos);
}
