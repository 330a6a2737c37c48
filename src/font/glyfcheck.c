/* glyfcheck.c - TrueType outlines, for the font checker (fontcheck.h;
 * fontcheck_internal.h): every glyph's offsets and header when a font is
 * opened, each glyph a book asks for in full with every glyph it is made
 * of, and the messages that say what is wrong. OpenType 1.9, the loca and
 * glyf chapters ("Glyph headers", "Simple glyph description", "Composite
 * glyph description"). */
#include <stdio.h>
#include <string.h>

#include "font/fontcheck_internal.h"
#include "util/arena.h"

/* simple glyph flags ('glyf', "Simple glyph description") */
#define X_SHORT 0x02
#define Y_SHORT 0x04
#define REPEAT 0x08
#define X_SAME 0x10 /* or positive, with X_SHORT */
#define Y_SAME 0x20
/* composite glyph flags ("Composite glyph description") */
#define ARG_1_AND_2_ARE_WORDS 0x0001
#define ARGS_ARE_XY_VALUES 0x0002
#define WE_HAVE_A_SCALE 0x0008
#define MORE_COMPONENTS 0x0020
#define WE_HAVE_AN_X_AND_Y_SCALE 0x0040
#define WE_HAVE_A_TWO_BY_TWO 0x0080
#define WE_HAVE_INSTRUCTIONS 0x0100

typedef struct frame {
	uint32_t g;
	uint32_t at;    /* the component record being judged; 0 when all are */
	uint32_t so_far; /* points of the components before it */
	uint8_t height;
} frame;

/* Glyph g's bytes; P_LOCA_* when its loca entries are wrong ('loca': the
 * offsets must be in ascending order, within 'glyf'). */
static int slot(const ov_fontcheck *c, uint32_t g, span *s, detail *dt)
{
	uint32_t a, b;
	if (c->long_loca) {
		a = u32(c->loca.p + 4 * (size_t)g);
		b = u32(c->loca.p + 4 * (size_t)g + 4);
	} else {
		a = 2u * u16(c->loca.p + 2 * (size_t)g);
		b = 2u * u16(c->loca.p + 2 * (size_t)g + 2);
	}
	dt->v[0] = a;
	dt->v[1] = b;
	dt->v[2] = c->glyf.len;
	s->p = NULL;
	s->len = 0;
	if (b < a)
		return P_LOCA_ORDER;
	if (b > c->glyf.len)
		return P_LOCA_PAST;
	s->p = c->glyf.p + a;
	s->len = b - a;
	return P_NONE;
}

typedef struct {
	uint16_t flags, gid;
	int32_t a1, a2; /* offsets (ARGS_ARE_XY_VALUES) or point numbers */
	uint32_t next;  /* the byte after the record */
} component;

/* The component record at byte at of glyph bytes s; false when it runs
 * past them. */
static bool read_component(span s, uint32_t at, component *r)
{
	if (at > s.len || s.len - at < 4)
		return false;
	r->flags = u16(s.p + at);
	r->gid = u16(s.p + at + 2);
	uint32_t p = at + 4;
	bool words = r->flags & ARG_1_AND_2_ARE_WORDS, xy = r->flags & ARGS_ARE_XY_VALUES;
	uint32_t need = words ? 4 : 2;
	if (r->flags & WE_HAVE_A_SCALE)
		need += 2;
	else if (r->flags & WE_HAVE_AN_X_AND_Y_SCALE)
		need += 4;
	else if (r->flags & WE_HAVE_A_TWO_BY_TWO)
		need += 8;
	if (s.len - p < need)
		return false;
	if (words) {
		r->a1 = xy ? s16(s.p + p) : u16(s.p + p);
		r->a2 = xy ? s16(s.p + p + 2) : u16(s.p + p + 2);
	} else {
		r->a1 = xy ? (int8_t)s.p[p] : s.p[p];
		r->a2 = xy ? (int8_t)s.p[p + 1] : s.p[p + 1];
	}
	r->next = p + need;
	return true;
}

/* A simple glyph of ncont contours: end points, instructions, flags and
 * coordinates within its bytes, every point within its box. Its point
 * count goes to *npoints. */
static int check_simple(span s, int ncont, const int32_t gbox[4], uint32_t *npoints, detail *dt)
{
	uint32_t len = s.len, p = 10;
	dt->v[0] = ncont;
	dt->v[1] = len;
	/* endPtsOfContours[ncont], then instructionLength */
	if ((len - p) / 2 < (uint32_t)ncont + 1)
		return P_ENDPTS_PAST;
	int32_t prev = -1;
	for (int i = 0; i < ncont; i++) {
		int32_t e = u16(s.p + p + 2 * (uint32_t)i);
		if (e <= prev) {
			dt->v[0] = i;
			dt->v[2] = e;
			dt->v[3] = prev;
			return P_ENDPTS_ORDER;
		}
		prev = e;
	}
	p += 2 * (uint32_t)ncont;
	uint32_t n = (uint32_t)prev + 1;
	*npoints = n;
	uint32_t ilen = u16(s.p + p);
	p += 2;
	dt->v[0] = ilen;
	if (ilen > len - p)
		return P_INSTR_PAST;
	p += ilen;
	/* flags: the sizes of the coordinate arrays */
	uint32_t flags_at = p;
	uint64_t xs = 0, ys = 0;
	dt->v[0] = n;
	for (uint32_t i = 0; i < n;) {
		if (p >= len)
			return P_FLAGS_PAST;
		uint8_t f = s.p[p++];
		uint32_t rep = 1;
		if (f & REPEAT) {
			if (p >= len)
				return P_FLAGS_PAST;
			rep += s.p[p++];
		}
		if (rep > n - i)
			return P_FLAGS_REPEAT;
		xs += rep * ((f & X_SHORT) ? 1u : (f & X_SAME) ? 0u : 2u);
		ys += rep * ((f & Y_SHORT) ? 1u : (f & Y_SAME) ? 0u : 2u);
		i += rep;
	}
	if (xs + ys > len - p)
		return P_COORDS_PAST;
	/* the points, x and y arrays read side by side */
	const uint8_t *xp = s.p + p, *yp = s.p + p + xs;
	int64_t x = 0, y = 0;
	uint32_t fp = flags_at;
	for (uint32_t i = 0; i < n;) {
		uint8_t f = s.p[fp++];
		uint32_t rep = 1;
		if (f & REPEAT)
			rep += s.p[fp++];
		for (uint32_t k = 0; k < rep; k++, i++) {
			if (f & X_SHORT) {
				x += (f & X_SAME) ? *xp : -(int64_t)*xp;
				xp++;
			} else if (!(f & X_SAME)) {
				x += s16(xp);
				xp += 2;
			}
			if (f & Y_SHORT) {
				y += (f & Y_SAME) ? *yp : -(int64_t)*yp;
				yp++;
			} else if (!(f & Y_SAME)) {
				y += s16(yp);
				yp += 2;
			}
			if (x < gbox[0] || x > gbox[2] || y < gbox[1] || y > gbox[3]) {
				dt->v[0] = i;
				dt->v[1] = x;
				dt->v[2] = y;
				for (int b = 0; b < 4; b++)
					dt->v[3 + b] = gbox[b];
				return P_POINT_OUT;
			}
		}
	}
	return P_NONE;
}

/* A composite glyph's records: within its bytes, of glyphs that exist
 * other than itself, placed near the font's box, and its instructions
 * within its bytes. */
static int check_composite(const ov_fontcheck *c, uint32_t g, span s, detail *dt)
{
	uint32_t at = 10;
	component r;
	/* a component may sit anywhere its composite could reach within the
	 * font's box, and one em beyond for accents */
	int64_t wx = (int64_t)c->box[2] - c->box[0] + c->upem, wy = (int64_t)c->box[3] - c->box[1] + c->upem;
	uint32_t k = 0;
	do {
		dt->v[0] = s.len;
		if (!read_component(s, at, &r))
			return P_COMP_PAST;
		dt->v[0] = r.gid;
		dt->v[1] = c->nglyphs;
		if (r.gid >= c->nglyphs)
			return P_COMP_GID;
		if (r.gid == g)
			return P_COMP_SELF;
		if ((r.flags & ARGS_ARE_XY_VALUES) && (r.a1 < -wx || r.a1 > wx || r.a2 < -wy || r.a2 > wy)) {
			dt->v[1] = r.a1;
			dt->v[2] = r.a2;
			return P_COMP_OFFSET;
		}
		at = r.next;
		k++;
	} while (r.flags & MORE_COMPONENTS);
	if (r.flags & WE_HAVE_INSTRUCTIONS) {
		dt->v[1] = s.len;
		if (s.len - at < 2) {
			dt->v[0] = 0;
			return P_INSTR_PAST;
		}
		dt->v[0] = u16(s.p + at);
		if (u16(s.p + at) > s.len - at - 2)
			return P_INSTR_PAST;
	}
	return P_NONE;
}

/* Glyph g's offsets and header ('glyf', "Glyph headers"): P_NONE or a
 * problem; *s its bytes, empty for a glyph without an outline (a space,
 * say, or a header with no contours). */
static int check_header(const ov_fontcheck *c, uint32_t g, span *s, detail *dt)
{
	int p = slot(c, g, s, dt);
	if (p != P_NONE || s->len == 0)
		return p;
	dt->v[0] = s->len;
	if (s->len < 10)
		return P_SHORT;
	int ncont = s16(s->p);
	dt->v[0] = ncont;
	if (ncont < -1)
		return P_CONTOURS;
	if (ncont == 0) {
		s->len = 0;
		return P_NONE;
	}
	for (int b = 0; b < 4; b++) {
		dt->v[b] = s16(s->p + 2 + 2 * b);
		dt->v[4 + b] = c->box[b];
	}
	if (dt->v[0] > dt->v[2] || dt->v[1] > dt->v[3])
		return P_BOX_ORDER;
	if (dt->v[0] < c->box[0] || dt->v[1] < c->box[1] || dt->v[2] > c->box[2] || dt->v[3] > c->box[3])
		return P_BOX_OUT;
	return P_NONE;
}

/* Glyph g's own bytes (not its components'): P_NONE or a problem; *kind
 * is 0 for an empty or simple glyph (then *npoints its points), 1 for a
 * composite. */
static int check_own(const ov_fontcheck *c, uint32_t g, int *kind, uint32_t *npoints, detail *dt)
{
	span s;
	*kind = 0;
	*npoints = 0;
	int p = check_header(c, g, &s, dt);
	if (p != P_NONE || s.len == 0)
		return p;
	int ncont = s16(s.p);
	int32_t gbox[4] = {s16(s.p + 2), s16(s.p + 4), s16(s.p + 6), s16(s.p + 8)};
	memset(dt, 0, sizeof *dt);
	if (ncont > 0)
		return check_simple(s, ncont, gbox, npoints, dt);
	*kind = 1;
	return check_composite(c, g, s, dt);
}

static uint32_t add_sat(uint32_t a, uint32_t b) { return a > UINT32_MAX - b ? UINT32_MAX : a + b; }

/* Every glyph's offsets and header, cheaply (the whole font's outlines
 * would cost a tenth of a book's build): glyphs damaged there are judged
 * now and counted for ov_fontcheck_damaged; the rest are judged in full
 * when a book asks for them (ov_glyfcheck_visit). */
void ov_glyfcheck_start(ov_fontcheck *c)
{
	c->stack = ov_xmalloc(c->nglyphs * sizeof *c->stack);
	for (uint32_t g = 0; g < c->nglyphs; g++) {
		span s;
		detail dt;
		int p = check_header(c, g, &s, &dt);
		if (p != P_NONE) {
			mark_bad(c, g, p, 0);
			if (c->scanned_bad++ == 0)
				c->first_scanned_bad = g;
		}
	}
}

/* Checks glyph g's own bytes and records the verdict of an empty, simple
 * or damaged glyph; returns true for a sound composite, which is then
 * G_BUSY until its components are judged. */
static bool enter(ov_fontcheck *c, uint32_t g)
{
	int kind;
	uint32_t n;
	detail dt;
	int p = check_own(c, g, &kind, &n, &dt);
	if (p != P_NONE) {
		mark_bad(c, g, p, 0);
		return false;
	}
	if (kind == 0) {
		c->state[g] = G_OK;
		c->height[g] = 0;
		c->points[g] = n;
		return false;
	}
	c->state[g] = G_BUSY;
	return true;
}

/* Judges glyph root and every glyph it is made of, depth first on an
 * explicit stack (a glyph is on it at most once), each glyph once for the
 * checker's life. */
void ov_glyfcheck_visit(ov_fontcheck *c, uint32_t root)
{
	frame *stack = c->stack;
	if (c->state[root] != G_UNSEEN || !enter(c, root))
		return;
	size_t top = 0;
	stack[0] = (frame){root, 10, 0, 0};
	for (;;) {
		frame *f = &stack[top];
		span s;
		detail dt;
		slot(c, f->g, &s, &dt);
		int verdict = G_BUSY, code = P_NONE;
		uint32_t via = 0;
		if (f->at) {
			component r;
			if (!read_component(s, f->at, &r)) {
				/* check_composite read it whole: not reached */
				mark_bad(c, f->g, P_COMP_PAST, 0);
				if (top-- == 0)
					return;
				continue;
			}
			uint32_t ch = r.gid;
			if (c->state[ch] == G_UNSEEN && enter(c, ch)) {
				stack[++top] = (frame){ch, 10, 0, 0};
				continue;
			}
			if (c->state[ch] == G_BUSY) {
				verdict = G_BAD;
				code = P_CYCLE;
				via = ch;
			} else if (c->state[ch] == G_BAD) {
				verdict = G_BAD;
				code = P_PART;
				via = ch;
			} else if (!(r.flags & ARGS_ARE_XY_VALUES) &&
			           ((uint32_t)r.a1 >= f->so_far || (uint32_t)r.a2 >= c->points[ch])) {
				/* anchor points: one of the glyph so far, one of the component */
				verdict = G_BAD;
				code = P_COMP_POINT;
				via = ch;
			} else {
				if (c->height[ch] + 1 > f->height)
					f->height = (uint8_t)(c->height[ch] + 1);
				f->so_far = add_sat(f->so_far, c->points[ch]);
				f->at = (r.flags & MORE_COMPONENTS) ? r.next : 0;
				continue;
			}
		} else if (f->height > OV_FONTCHECK_MAX_DEPTH) {
			verdict = G_BAD;
			code = P_DEEP;
		} else {
			verdict = G_OK;
		}
		if (verdict == G_BAD) {
			mark_bad(c, f->g, code, via);
		} else {
			c->state[f->g] = G_OK;
			c->height[f->g] = f->height;
			c->points[f->g] = f->so_far;
		}
		if (top == 0)
			return;
		top--;
	}
}

/* The message for damaged glyph g, its figures found again by checking
 * its own bytes (see ov_glyfcheck_explain). */
void ov_glyfcheck_explain(const ov_fontcheck *c, uint32_t g, const char *who, char *why, size_t size)
{
	int kind;
	uint32_t n;
	detail dt;
	memset(&dt, 0, sizeof dt);
	int code = c->code[g];
	if (code < P_COMP_POINT)
		check_own(c, g, &kind, &n, &dt);
	const int64_t *v = dt.v;
	const char *pre = "is damaged: table 'glyf': glyph";
	switch (code) {
	case P_LOCA_ORDER:
		snprintf(why, size, "is damaged: table 'loca': glyph %u%s ends before it starts (offsets %lld and %lld)",
		         (unsigned)g, who, (long long)v[0], (long long)v[1]);
		break;
	case P_LOCA_PAST:
		snprintf(why, size,
		         "is damaged: table 'loca': glyph %u%s lies outside table 'glyf' (bytes %lld to %lld of %lld)",
		         (unsigned)g, who, (long long)v[0], (long long)v[1], (long long)v[2]);
		break;
	case P_SHORT:
		snprintf(why, size, "%s %u%s has %lld bytes, fewer than a glyph header", pre, (unsigned)g, who,
		         (long long)v[0]);
		break;
	case P_CONTOURS:
		snprintf(why, size, "%s %u%s has an invalid number of contours (%lld)", pre, (unsigned)g, who,
		         (long long)v[0]);
		break;
	case P_BOX_ORDER:
		snprintf(why, size, "%s %u%s has an inverted bounding box (%lld %lld %lld %lld)", pre, (unsigned)g, who,
		         (long long)v[0], (long long)v[1], (long long)v[2], (long long)v[3]);
		break;
	case P_BOX_OUT:
		snprintf(why, size,
		         "%s %u%s has a bounding box (%lld %lld %lld %lld) outside the font's (%lld %lld %lld %lld)", pre,
		         (unsigned)g, who, (long long)v[0], (long long)v[1], (long long)v[2], (long long)v[3],
		         (long long)v[4], (long long)v[5], (long long)v[6], (long long)v[7]);
		break;
	case P_ENDPTS_PAST:
		snprintf(why, size, "%s %u%s has %lld contours, more than its %lld bytes hold", pre, (unsigned)g, who,
		         (long long)v[0], (long long)v[1]);
		break;
	case P_ENDPTS_ORDER:
		snprintf(why, size, "%s %u%s has contour end points out of order (contour %lld ends at point %lld, after %lld)",
		         pre, (unsigned)g, who, (long long)v[0], (long long)v[2], (long long)v[3]);
		break;
	case P_INSTR_PAST:
		snprintf(why, size, "%s %u%s has %lld bytes of instructions, more than its %lld bytes hold", pre,
		         (unsigned)g, who, (long long)v[0], (long long)v[1]);
		break;
	case P_FLAGS_PAST:
		snprintf(why, size, "%s %u%s has point flags that run past its %lld bytes", pre, (unsigned)g, who,
		         (long long)v[1]);
		break;
	case P_FLAGS_REPEAT:
		snprintf(why, size, "%s %u%s repeats a point flag past its %lld points", pre, (unsigned)g, who,
		         (long long)v[0]);
		break;
	case P_COORDS_PAST:
		snprintf(why, size, "%s %u%s has coordinates for its %lld points that run past its %lld bytes", pre,
		         (unsigned)g, who, (long long)v[0], (long long)v[1]);
		break;
	case P_POINT_OUT:
		snprintf(why, size, "%s %u%s has point %lld at (%lld, %lld), outside its bounding box (%lld %lld %lld %lld)",
		         pre, (unsigned)g, who, (long long)v[0], (long long)v[1], (long long)v[2], (long long)v[3],
		         (long long)v[4], (long long)v[5], (long long)v[6]);
		break;
	case P_COMP_PAST:
		snprintf(why, size, "%s %u%s has a component record that runs past its %lld bytes", pre, (unsigned)g, who,
		         (long long)v[0]);
		break;
	case P_COMP_GID:
		snprintf(why, size, "%s %u%s is made of glyph %lld, but the font has %lld glyphs", pre, (unsigned)g, who,
		         (long long)v[0], (long long)v[1]);
		break;
	case P_COMP_SELF:
		snprintf(why, size, "%s %u%s is made of itself", pre, (unsigned)g, who);
		break;
	case P_COMP_OFFSET:
		snprintf(why, size, "%s %u%s places glyph %lld at (%lld, %lld), far outside the font's bounding box", pre,
		         (unsigned)g, who, (long long)v[0], (long long)v[1], (long long)v[2]);
		break;
	case P_COMP_POINT:
		snprintf(why, size, "%s %u%s attaches glyph %u by a point that does not exist", pre, (unsigned)g, who,
		         (unsigned)c->via[g]);
		break;
	case P_CYCLE:
		snprintf(why, size, "%s %u%s is made of glyph %u, which is made of it in turn (a cycle)", pre, (unsigned)g,
		         who, (unsigned)c->via[g]);
		break;
	case P_DEEP:
		snprintf(why, size, "%s %u%s nests composite glyphs more than %d levels deep", pre, (unsigned)g, who,
		         OV_FONTCHECK_MAX_DEPTH);
		break;
	default:
		snprintf(why, size, "%s %u%s is damaged", pre, (unsigned)g, who);
		break;
	}
}
