/* fontcheck.c - TrueType font validation (see fontcheck.h). Table layouts:
 * OpenType 1.9, "The OpenType font file" (table directory) and the head,
 * maxp, hhea, hmtx, loca and glyf chapters ("Glyph headers", "Simple glyph
 * description", "Composite glyph description"). HarfBuzz's sanitizer
 * judges the tables it reads. */
#include "fontcheck.h"

#include <hb-ot.h>
#include <hb.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/arena.h"

/* The table tagged tag in the font file d[0..len) ("Table directory"):
 * its bytes and length; NULL when the font has none or its entry points
 * outside the file. */
static const uint8_t *table_of(const uint8_t *d, size_t len, const char *tag, uint32_t *tlen);

static uint16_t u16(const uint8_t *p) { return (uint16_t)(p[0] << 8 | p[1]); }
static int16_t s16(const uint8_t *p) { return (int16_t)u16(p); }
static uint32_t u32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

typedef struct {
	const uint8_t *p;
	uint32_t len;
} span;

static const uint8_t *table_of(const uint8_t *d, size_t len, const char *tag, uint32_t *tlen)
{
	if (len < 12)
		return NULL;
	uint32_t n = u16(d + 4);
	if (12 + (size_t)n * 16 > len)
		return NULL;
	for (uint32_t i = 0; i < n; i++) {
		const uint8_t *r = d + 12 + 16 * (size_t)i;
		if (memcmp(r, tag, 4) != 0)
			continue;
		uint32_t off = u32(r + 8), l = u32(r + 12);
		if (off > len || l > len - off)
			return NULL;
		*tlen = l;
		return d + off;
	}
	return NULL;
}

/* ---- what HarfBuzz's sanitizer made of each table ----
 * The face is built table by table (hb_face_create_for_tables) so that
 * every table blob handed to HarfBuzz is seen. Its sanitizer makes a blob
 * it accepts immutable; one it rejects is dropped and stays mutable; and
 * before it blanks bad offsets ("neutering") it moves the bytes to a
 * writable copy, so a blob kept with bytes that are no longer the file's
 * passed only with parts of it blanked out. */

#define MAX_HANDED 64

typedef struct {
	const uint8_t *d;
	size_t len;
	hb_blob_t *file;
	struct {
		hb_tag_t tag;
		hb_blob_t *blob;  /* our reference */
		const char *data; /* where its bytes were when handed over */
	} h[MAX_HANDED];
	size_t n;
	bool closed; /* judged: later requests are not recorded */
} handed;

static hb_blob_t *reference_table(hb_face_t *face, hb_tag_t tag, void *user)
{
	(void)face;
	handed *t = user;
	if (tag == HB_TAG_NONE)
		return hb_blob_reference(t->file);
	char name[4] = {(char)(tag >> 24), (char)(tag >> 16), (char)(tag >> 8), (char)tag};
	uint32_t tl;
	const uint8_t *p = table_of(t->d, t->len, name, &tl);
	if (!p || tl == 0)
		return hb_blob_get_empty();
	hb_blob_t *b = hb_blob_create_sub_blob(t->file, (unsigned)(p - t->d), tl);
	if (!t->closed && t->n < MAX_HANDED) {
		t->h[t->n].tag = tag;
		t->h[t->n].blob = hb_blob_reference(b);
		t->h[t->n].data = hb_blob_get_data(b, NULL);
		t->n++;
	}
	return b;
}

/* The tables judged, in the order they are reported. */
static const char *const JUDGED[] = {"head", "maxp", "hhea", "hmtx", "cmap", "OS/2", "post",
                                     "name", "GDEF", "GSUB", "GPOS", "kern", "CFF "};

/* Makes HarfBuzz read (and so sanitize) every table of JUDGED it would
 * read for shaping and kerning, through its public accessors. */
static void read_tables(hb_face_t *face, hb_font_t *font, bool cff)
{
	if (cff) { /* 'CFF ': HarfBuzz's CFF reader, as drawing and subsetting use it */
		hb_glyph_extents_t e;
		hb_font_get_glyph_extents(font, 0, &e);
	}
	hb_face_get_upem(face);                 /* head */
	hb_face_get_glyph_count(face);          /* maxp */
	hb_font_get_glyph_h_advance(font, 0);   /* hhea, hmtx */
	hb_set_t *set = hb_set_create();
	hb_face_collect_unicodes(face, set);    /* cmap */
	hb_set_destroy(set);
	hb_position_t x;
	hb_ot_metrics_get_position(font, HB_OT_METRICS_TAG_X_HEIGHT, &x); /* OS/2 */
	char name[64];
	hb_font_get_glyph_name(font, 0, name, sizeof name); /* post */
	unsigned names;
	hb_ot_name_list_names(face, &names);    /* name */
	hb_ot_layout_has_glyph_classes(face);   /* GDEF */
	hb_ot_layout_has_substitution(face);    /* GSUB */
	hb_ot_layout_has_positioning(face);     /* GPOS */
	/* kerning as shaping (shape.c) asks for it: 'kern' is read when GPOS
	 * has no kerning for the text's script */
	hb_buffer_t *buf = hb_buffer_create();
	hb_buffer_add_utf8(buf, "AVATAR To", -1, 0, -1);
	/* no language: guessing one would add the default language to
	 * HarfBuzz's global list, from the threads that open fonts at once
	 * (the PDF's and the EPUB's), which ThreadSanitizer reports; a font
	 * set (shape.c) looks its language up before its threads start */
	hb_buffer_set_direction(buf, HB_DIRECTION_LTR);
	hb_buffer_set_script(buf, HB_SCRIPT_LATIN);
	hb_feature_t kern;
	hb_feature_from_string("kern", -1, &kern);
	static const char *const shapers[] = {"ot", NULL}; /* as shape.c */
	hb_shape_full(font, buf, &kern, 1, shapers);
	hb_buffer_destroy(buf);
}

/* "table 'GPOS' is malformed (...)" for the first table HarfBuzz rejected
 * or repaired; "" when none. Releases the references. */
static void judge_tables(handed *t, char *why, size_t size)
{
	why[0] = 0;
	for (size_t j = 0; j < sizeof JUDGED / sizeof *JUDGED; j++) {
		hb_tag_t tag = hb_tag_from_string(JUDGED[j], 4);
		bool seen = false, kept = false, copied = false;
		for (size_t i = 0; i < t->n; i++) {
			if (t->h[i].tag != tag)
				continue;
			seen = true;
			if (hb_blob_is_immutable(t->h[i].blob)) {
				kept = true;
				copied = copied || hb_blob_get_data(t->h[i].blob, NULL) != t->h[i].data;
			}
		}
		if (!seen || (kept && !copied) || why[0])
			continue;
		snprintf(why, size, "table '%s' is malformed (%s)", JUDGED[j],
		         kept ? "HarfBuzz would have to blank out parts of it" : "HarfBuzz rejects it");
	}
	for (size_t i = 0; i < t->n; i++)
		hb_blob_destroy(t->h[i].blob);
	t->n = 0;
	t->closed = true;
}

/* ---- glyphs ---- */

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

enum { G_UNSEEN, G_BUSY, G_OK, G_BAD };

/* What is wrong with a glyph. */
enum {
	P_NONE,
	P_LOCA_ORDER,   /* its loca offsets decrease */
	P_LOCA_PAST,    /* its bytes end past 'glyf' */
	P_SHORT,        /* shorter than a glyph header */
	P_CONTOURS,     /* numberOfContours below -1 */
	P_BOX_ORDER,    /* xMin > xMax or yMin > yMax */
	P_BOX_OUT,      /* box outside the font's */
	P_ENDPTS_PAST,  /* endPtsOfContours past its bytes */
	P_ENDPTS_ORDER, /* end points not increasing */
	P_INSTR_PAST,   /* instructions past its bytes */
	P_FLAGS_PAST,   /* flags past its bytes */
	P_FLAGS_REPEAT, /* a flag repeated past the last point */
	P_COORDS_PAST,  /* coordinates past its bytes */
	P_POINT_OUT,    /* a point outside the glyph's box */
	P_COMP_PAST,    /* a component record past its bytes */
	P_COMP_GID,     /* a component glyph id >= numGlyphs */
	P_COMP_SELF,    /* made of itself */
	P_COMP_OFFSET,  /* a component placed far outside the font's box */
	P_COMP_POINT,   /* a component anchored on a point that does not exist */
	P_CYCLE,        /* made of a glyph that is (through others) made of it */
	P_DEEP,         /* composites nested deeper than OV_FONTCHECK_MAX_DEPTH */
	P_PART,         /* made of a damaged glyph (via) */
	P_CFF_OUT,      /* CFF: its outline reaches far outside the font's box */
	P_CFF_LONG,     /* CFF: its outline has more points than any real glyph */
};

/* The figures a message quotes. */
typedef struct {
	int64_t v[8];
} detail;

struct ov_fontcheck {
	const uint8_t *d;
	size_t len;
	bool cff;          /* outlines in 'CFF ' (OpenType/CFF), not glyf */
	handed tables;
	hb_face_t *face;
	hb_font_t *font;
	span glyf, loca;
	bool long_loca;
	uint32_t nglyphs;
	int32_t box[4];  /* the font's bounding box ('head'): xMin, yMin, xMax, yMax */
	int32_t upem;
	uint8_t *state;  /* per glyph, G_* */
	uint8_t *code;   /* per damaged glyph, P_* */
	uint8_t *height; /* per sound glyph: composite levels (0: simple or empty) */
	uint16_t *via;   /* per glyph damaged through a component: that component */
	uint32_t *points; /* per sound glyph: its points, composites summed (saturating) */
	struct frame *stack; /* room for nglyphs frames, for visit */
	hb_draw_funcs_t *draw; /* CFF: the outline checker's callbacks */
	int32_t (*far)[2]; /* CFF: per damaged glyph, the point at fault (or the count) */
	size_t scanned_bad; /* glyphs whose offsets or header are damaged (scan_headers) */
	uint32_t first_scanned_bad;
};

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

static void mark_bad(ov_fontcheck *c, uint32_t g, int code, uint32_t via)
{
	c->state[g] = G_BAD;
	c->code[g] = (uint8_t)code;
	c->via[g] = (uint16_t)via;
}

/* Every glyph's offsets and header, cheaply (the whole font's outlines
 * would cost a tenth of a book's build): glyphs damaged there are judged
 * now and counted for ov_fontcheck_damaged; the rest are judged in full
 * when a book asks for them (visit). */
static void scan_headers(ov_fontcheck *c)
{
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

typedef struct frame {
	uint32_t g;
	uint32_t at;    /* the component record being judged; 0 when all are */
	uint32_t so_far; /* points of the components before it */
	uint8_t height;
} frame;

/* Judges glyph root and every glyph it is made of, depth first on an
 * explicit stack (a glyph is on it at most once), each glyph once for the
 * checker's life. */
static void visit_cff(ov_fontcheck *c, uint32_t g);

static void visit(ov_fontcheck *c, uint32_t root)
{
	if (c->cff) {
		visit_cff(c, root);
		return;
	}
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


/* ---- CFF outlines ----
 * A CFF glyph is a Type 2 charstring program (Adobe TN #5177), run by the
 * viewer. HarfBuzz's interpreter, which the subsetter uses too, runs it
 * with bounded stacks and operations; drawing it through that interpreter
 * shows where its points land. A damaged program draws points far from
 * anything the font's box allows, or endless numbers of them. */

/* More points than this in one glyph: no real outline has them. */
#define CFF_MAX_POINTS 100000

typedef struct {
	double lim[4]; /* xMin, yMin, xMax, yMax allowed, font units */
	uint32_t points;
	bool out;
	double x, y;   /* the first point outside */
} cff_walk;

static void cff_point(cff_walk *w, float x, float y)
{
	w->points++;
	if (!w->out && (x < w->lim[0] || y < w->lim[1] || x > w->lim[2] || y > w->lim[3])) {
		w->out = true;
		w->x = x;
		w->y = y;
	}
}

static void cff_move(hb_draw_funcs_t *f, void *d, hb_draw_state_t *st, float x, float y, void *u)
{
	(void)f, (void)st, (void)u;
	cff_point(d, x, y);
}

static void cff_quad(hb_draw_funcs_t *f, void *d, hb_draw_state_t *st, float cx, float cy, float x, float y,
                     void *u)
{
	(void)f, (void)st, (void)u;
	cff_point(d, cx, cy);
	cff_point(d, x, y);
}

static void cff_cubic(hb_draw_funcs_t *f, void *d, hb_draw_state_t *st, float c1x, float c1y, float c2x,
                      float c2y, float x, float y, void *u)
{
	(void)f, (void)st, (void)u;
	cff_point(d, c1x, c1y);
	cff_point(d, c2x, c2y);
	cff_point(d, x, y);
}

/* Judges CFF glyph g once: its points lie within an em of the font's box
 * ('head'), and there are at most CFF_MAX_POINTS of them. */
static void visit_cff(ov_fontcheck *c, uint32_t g)
{
	if (g >= c->nglyphs || c->state[g] != G_UNSEEN)
		return;
	if (!c->draw) {
		c->draw = hb_draw_funcs_create();
		hb_draw_funcs_set_move_to_func(c->draw, cff_move, NULL, NULL);
		hb_draw_funcs_set_line_to_func(c->draw, cff_move, NULL, NULL);
		hb_draw_funcs_set_quadratic_to_func(c->draw, cff_quad, NULL, NULL);
		hb_draw_funcs_set_cubic_to_func(c->draw, cff_cubic, NULL, NULL);
		hb_draw_funcs_make_immutable(c->draw);
	}
	cff_walk w = {{(double)c->box[0] - c->upem, (double)c->box[1] - c->upem, (double)c->box[2] + c->upem,
	               (double)c->box[3] + c->upem},
	              0, false, 0, 0};
	hb_font_get_glyph_shape(c->font, g, c->draw, &w);
	if (w.out || w.points > CFF_MAX_POINTS) {
		mark_bad(c, g, w.out ? P_CFF_OUT : P_CFF_LONG, 0);
		if (!c->far)
			c->far = ov_xcalloc(c->nglyphs, sizeof *c->far);
		if (w.out) {
			c->far[g][0] = (int32_t)fmax(fmin(w.x, 2e9), -2e9);
			c->far[g][1] = (int32_t)fmax(fmin(w.y, 2e9), -2e9);
		} else {
			c->far[g][0] = (int32_t)(w.points > INT32_MAX ? INT32_MAX : w.points);
		}
		return;
	}
	c->state[g] = G_OK;
	c->points[g] = w.points;
}

/* ---- messages ---- */

/* 'A' or 'é' for code point cp; U+XXXX for characters that do not show
 * on their own (controls, spaces, combining marks, format characters). */
static void show(char *out, size_t size, uint32_t cp)
{
	bool plain = cp > 0x20 && cp != 0x7F && !(cp >= 0x80 && cp <= 0xA0) && cp != 0xAD &&
	             !(cp >= 0x300 && cp < 0x370) && !(cp >= 0x2000 && cp <= 0x200F) &&
	             !(cp >= 0x2028 && cp <= 0x202F) && !(cp >= 0x205F && cp <= 0x206F) &&
	             !(cp >= 0xD800 && cp <= 0xDFFF) && !(cp >= 0xFE00 && cp <= 0xFE0F) && cp != 0xFEFF &&
	             cp < 0x10000;
	if (!plain) {
		snprintf(out, size, "U+%04X", (unsigned)cp);
		return;
	}
	char u[4];
	int n;
	if (cp < 0x80) {
		u[0] = (char)cp;
		n = 1;
	} else if (cp < 0x800) {
		u[0] = (char)(0xC0 | cp >> 6);
		u[1] = (char)(0x80 | (cp & 0x3F));
		n = 2;
	} else {
		u[0] = (char)(0xE0 | cp >> 12);
		u[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
		u[2] = (char)(0x80 | (cp & 0x3F));
		n = 3;
	}
	snprintf(out, size, "'%.*s'", n, u);
}

/* " (for 'A')", " (part of 'é')", or "" when cp is 0; glyph 0 is the
 * .notdef glyph, drawn for characters the font lacks. */
static void who(char *out, size_t size, uint32_t g, uint32_t cp, bool part)
{
	out[0] = 0;
	if (!cp)
		return;
	char c[16];
	show(c, sizeof c, cp);
	snprintf(out, size, " (%s%s %s)", g == 0 ? ".notdef, " : "", part ? "part of" : "for", c);
}

/* "is damaged: table '...': glyph G ... " for damaged glyph g, reached
 * from code point cp (0: none); follows P_PART down to the glyph at
 * fault. */
static void explain(const ov_fontcheck *c, uint32_t g, uint32_t cp, char *why, size_t size)
{
	bool part = false;
	for (uint32_t steps = 0; c->code[g] == P_PART && steps < c->nglyphs; steps++) {
		g = c->via[g];
		part = true;
	}
	char w[64];
	who(w, sizeof w, g, cp, part);
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
		         (unsigned)g, w, (long long)v[0], (long long)v[1]);
		break;
	case P_LOCA_PAST:
		snprintf(why, size,
		         "is damaged: table 'loca': glyph %u%s lies outside table 'glyf' (bytes %lld to %lld of %lld)",
		         (unsigned)g, w, (long long)v[0], (long long)v[1], (long long)v[2]);
		break;
	case P_SHORT:
		snprintf(why, size, "%s %u%s has %lld bytes, fewer than a glyph header", pre, (unsigned)g, w,
		         (long long)v[0]);
		break;
	case P_CONTOURS:
		snprintf(why, size, "%s %u%s has an invalid number of contours (%lld)", pre, (unsigned)g, w,
		         (long long)v[0]);
		break;
	case P_BOX_ORDER:
		snprintf(why, size, "%s %u%s has an inverted bounding box (%lld %lld %lld %lld)", pre, (unsigned)g, w,
		         (long long)v[0], (long long)v[1], (long long)v[2], (long long)v[3]);
		break;
	case P_BOX_OUT:
		snprintf(why, size,
		         "%s %u%s has a bounding box (%lld %lld %lld %lld) outside the font's (%lld %lld %lld %lld)", pre,
		         (unsigned)g, w, (long long)v[0], (long long)v[1], (long long)v[2], (long long)v[3],
		         (long long)v[4], (long long)v[5], (long long)v[6], (long long)v[7]);
		break;
	case P_ENDPTS_PAST:
		snprintf(why, size, "%s %u%s has %lld contours, more than its %lld bytes hold", pre, (unsigned)g, w,
		         (long long)v[0], (long long)v[1]);
		break;
	case P_ENDPTS_ORDER:
		snprintf(why, size, "%s %u%s has contour end points out of order (contour %lld ends at point %lld, after %lld)",
		         pre, (unsigned)g, w, (long long)v[0], (long long)v[2], (long long)v[3]);
		break;
	case P_INSTR_PAST:
		snprintf(why, size, "%s %u%s has %lld bytes of instructions, more than its %lld bytes hold", pre,
		         (unsigned)g, w, (long long)v[0], (long long)v[1]);
		break;
	case P_FLAGS_PAST:
		snprintf(why, size, "%s %u%s has point flags that run past its %lld bytes", pre, (unsigned)g, w,
		         (long long)v[1]);
		break;
	case P_FLAGS_REPEAT:
		snprintf(why, size, "%s %u%s repeats a point flag past its %lld points", pre, (unsigned)g, w,
		         (long long)v[0]);
		break;
	case P_COORDS_PAST:
		snprintf(why, size, "%s %u%s has coordinates for its %lld points that run past its %lld bytes", pre,
		         (unsigned)g, w, (long long)v[0], (long long)v[1]);
		break;
	case P_POINT_OUT:
		snprintf(why, size, "%s %u%s has point %lld at (%lld, %lld), outside its bounding box (%lld %lld %lld %lld)",
		         pre, (unsigned)g, w, (long long)v[0], (long long)v[1], (long long)v[2], (long long)v[3],
		         (long long)v[4], (long long)v[5], (long long)v[6]);
		break;
	case P_COMP_PAST:
		snprintf(why, size, "%s %u%s has a component record that runs past its %lld bytes", pre, (unsigned)g, w,
		         (long long)v[0]);
		break;
	case P_COMP_GID:
		snprintf(why, size, "%s %u%s is made of glyph %lld, but the font has %lld glyphs", pre, (unsigned)g, w,
		         (long long)v[0], (long long)v[1]);
		break;
	case P_COMP_SELF:
		snprintf(why, size, "%s %u%s is made of itself", pre, (unsigned)g, w);
		break;
	case P_COMP_OFFSET:
		snprintf(why, size, "%s %u%s places glyph %lld at (%lld, %lld), far outside the font's bounding box", pre,
		         (unsigned)g, w, (long long)v[0], (long long)v[1], (long long)v[2]);
		break;
	case P_COMP_POINT:
		snprintf(why, size, "%s %u%s attaches glyph %u by a point that does not exist", pre, (unsigned)g, w,
		         (unsigned)c->via[g]);
		break;
	case P_CYCLE:
		snprintf(why, size, "%s %u%s is made of glyph %u, which is made of it in turn (a cycle)", pre, (unsigned)g,
		         w, (unsigned)c->via[g]);
		break;
	case P_CFF_OUT: {
		long long fx = c->far[g][0], fy = c->far[g][1];
		snprintf(why, size,
		         "is damaged: table 'CFF ': glyph %u%s draws a point at (%lld, %lld), far outside the font's bounding box (%d %d %d %d)",
		         (unsigned)g, w, fx, fy, (int)c->box[0], (int)c->box[1], (int)c->box[2], (int)c->box[3]);
		break;
	}
	case P_CFF_LONG:
		snprintf(why, size, "is damaged: table 'CFF ': glyph %u%s draws %lld points, more than %d", (unsigned)g, w,
		         (long long)c->far[g][0], CFF_MAX_POINTS);
		break;
	case P_DEEP:
		snprintf(why, size, "%s %u%s nests composite glyphs more than %d levels deep", pre, (unsigned)g, w,
		         OV_FONTCHECK_MAX_DEPTH);
		break;
	default:
		snprintf(why, size, "%s %u%s is damaged", pre, (unsigned)g, w);
		break;
	}
}

/* ---- the whole font ---- */

/* The table directory: every table inside the file ("The OpenType font
 * file", "Table directory"). */
static bool check_directory(const uint8_t *d, size_t len, char *why, size_t size)
{
	uint32_t n = u16(d + 4);
	if (12 + (size_t)n * 16 > len) {
		snprintf(why, size, "is damaged: its table directory (%u tables) runs past the end of the file",
		         (unsigned)n);
		return false;
	}
	for (uint32_t i = 0; i < n; i++) {
		const uint8_t *r = d + 12 + 16 * (size_t)i;
		uint64_t off = u32(r + 8), l = u32(r + 12);
		if (off + l > len) {
			char tag[5];
			for (int k = 0; k < 4; k++)
				tag[k] = r[k] >= 0x20 && r[k] < 0x7F && r[k] != '\'' ? (char)r[k] : '?';
			tag[4] = 0;
			snprintf(why, size, "is damaged: table '%s' lies outside the file (bytes %llu to %llu of %zu)", tag,
			         (unsigned long long)off, (unsigned long long)(off + l), len);
			return false;
		}
	}
	return true;
}

/* Reads the bytes of a CFF INDEX at p (CFF spec, Adobe TN #5176 §5):
 * its count, offset size and the start of its data; false when it does
 * not fit in end. */
static bool cff_index(const uint8_t *p, const uint8_t *end, uint32_t *count, const uint8_t **offs,
                      uint32_t *osize, const uint8_t **data, const uint8_t **after)
{
	if (end - p < 2)
		return false;
	*count = u16(p);
	if (*count == 0) {
		*after = p + 2;
		return true;
	}
	if (end - p < 3)
		return false;
	*osize = p[2];
	if (*osize < 1 || *osize > 4)
		return false;
	*offs = p + 3;
	uint64_t olen = ((uint64_t)*count + 1) * *osize;
	if ((uint64_t)(end - *offs) < olen)
		return false;
	*data = *offs + olen - 1; /* offsets count from 1 */
	uint32_t last = 0;
	for (uint32_t k = 0; k < *osize; k++)
		last = last << 8 | (*offs)[(uint64_t)*count * *osize + k];
	if (last < 1 || (uint64_t)(end - *data) < last)
		return false;
	*after = *data + last;
	return true;
}

/* Whether the CFF table t[0..len) can be embedded as Octavo embeds it:
 * CFF version 1, one font, whose Top DICT is not CID-keyed (no ROS
 * operator, 12 30: a CID-keyed font maps codes through its charset, and
 * the PDF's codes here are glyph ids; PDF 1.7 §9.7.4.2). */
static bool cff_usable(const uint8_t *t, uint32_t len, char *why, size_t size)
{
	const uint8_t *end = t + len;
	if (len < 4 || t[0] != 1 || t[2] < 4 || t[2] > len) {
		snprintf(why, size, "is damaged: table 'CFF ' has a wrong header");
		return false;
	}
	uint32_t n, os = 0, tn, tos = 0;
	const uint8_t *offs = NULL, *data = NULL, *after, *toffs = NULL, *tdata = NULL, *tafter;
	if (!cff_index(t + t[2], end, &n, &offs, &os, &data, &after) ||
	    !cff_index(after, end, &tn, &toffs, &tos, &tdata, &tafter) || tn < 1) {
		snprintf(why, size, "is damaged: table 'CFF ' has a name or Top DICT index that runs past its end");
		return false;
	}
	if (n != 1 || tn != 1) {
		snprintf(why, size, "holds %u fonts in its table 'CFF ' (an OpenType font holds one)", (unsigned)n);
		return false;
	}
	uint32_t a = 0, b = 0;
	for (uint32_t k = 0; k < tos; k++) {
		a = a << 8 | toffs[k];
		b = b << 8 | toffs[tos + k];
	}
	if (a < 1 || b < a || (uint64_t)(tafter - tdata) < b) {
		snprintf(why, size, "is damaged: table 'CFF ' has a Top DICT index with offsets out of order");
		return false;
	}
	/* the DICT: operands (numbers) and operators (CFF spec §4) */
	const uint8_t *p = tdata + a, *e = tdata + b;
	while (p < e) {
		uint8_t b0 = *p;
		if (b0 == 12) {
			if (e - p < 2)
				break;
			if (p[1] == 30) {
				snprintf(why, size, "is a CID-keyed CFF font, which Octavo cannot embed; use a TrueType or "
				                    "name-keyed OpenType version of it");
				return false;
			}
			p += 2;
		} else if (b0 <= 21) {
			p += 1;
		} else if (b0 == 28) {
			p += 3;
		} else if (b0 == 29) {
			p += 5;
		} else if (b0 == 30) { /* real number: nibbles up to 0xf */
			p++;
			while (p < e && (*p & 0x0F) != 0x0F && (*p >> 4) != 0x0F)
				p++;
			p++;
		} else if (b0 >= 32 && b0 <= 246) {
			p += 1;
		} else if (b0 >= 247 && b0 <= 254) {
			p += 2;
		} else {
			p += 1;
		}
	}
	return true;
}

/* head, maxp, hhea, hmtx, loca and the layout tables' versions, as the
 * glyph walk, the PDF and shaping use them; 'CFF ' as cff_usable reads it. */
static bool check_tables(ov_fontcheck *c, char *why, size_t size)
{
	static const struct {
		const char *tag;
		uint32_t min;
	} required[] = {{"head", 54}, {"maxp", 6}, {"hhea", 36}, {"hmtx", 0}, {"cmap", 4}, {"glyf", 0}};
	const uint8_t *t[6];
	uint32_t tl[6];
	for (int i = 0; i < 6; i++) {
		const char *tag = i == 5 && c->cff ? "CFF " : required[i].tag;
		t[i] = table_of(c->d, c->len, tag, &tl[i]);
		if (!t[i]) {
			snprintf(why, size, "is damaged: table '%s' is missing", tag);
			return false;
		}
		if (tl[i] < required[i].min) {
			snprintf(why, size, "is damaged: table '%s' is too short (%u bytes, %u needed)", required[i].tag,
			         (unsigned)tl[i], (unsigned)required[i].min);
			return false;
		}
	}
	const uint8_t *head = t[0], *maxp = t[1], *hhea = t[2];
	uint32_t xl = tl[3];
	if (u16(head) != 1 || u32(head + 12) != 0x5F0F3CF5u) {
		snprintf(why, size, "is damaged: table 'head' has a wrong version or magic number");
		return false;
	}
	c->upem = u16(head + 18);
	if (c->upem < 16 || c->upem > 16384) {
		snprintf(why, size, "is damaged: table 'head' gives %d units per em (16 to 16384 are valid)", (int)c->upem);
		return false;
	}
	for (int b = 0; b < 4; b++)
		c->box[b] = s16(head + 36 + 2 * b);
	int32_t lim = OV_FONTCHECK_MAX_EM * c->upem;
	if (c->box[0] > c->box[2] || c->box[1] > c->box[3] || c->box[0] < -lim || c->box[1] < -lim ||
	    c->box[2] > lim || c->box[3] > lim) {
		snprintf(why, size, "is damaged: table 'head' gives an impossible bounding box (%d %d %d %d at %d units per em)",
		         (int)c->box[0], (int)c->box[1], (int)c->box[2], (int)c->box[3], (int)c->upem);
		return false;
	}
	int16_t fmt = s16(head + 50);
	if (fmt != 0 && fmt != 1) {
		snprintf(why, size, "is damaged: table 'head' gives an unknown loca format (%d)", (int)fmt);
		return false;
	}
	c->long_loca = fmt == 1;
	c->nglyphs = u16(maxp + 4);
	if (c->nglyphs == 0) {
		snprintf(why, size, "is damaged: table 'maxp' gives no glyphs");
		return false;
	}
	uint32_t nhm = u16(hhea + 34);
	if (nhm == 0 || nhm > c->nglyphs) {
		snprintf(why, size, "is damaged: table 'hhea' gives %u horizontal metrics for %u glyphs", (unsigned)nhm,
		         (unsigned)c->nglyphs);
		return false;
	}
	uint64_t need = 4 * (uint64_t)nhm + 2 * (uint64_t)(c->nglyphs - nhm);
	if (xl < need) {
		snprintf(why, size, "is damaged: table 'hmtx' is too short for the %u glyphs of table 'maxp' (%u bytes, %llu needed)",
		         (unsigned)c->nglyphs, (unsigned)xl, (unsigned long long)need);
		return false;
	}
	/* HarfBuzz 6 takes a layout table of a major version it does not know
	 * for an empty one (forward compatibility): kerning would be lost
	 * without a word. GDEF, GSUB and GPOS 1.x: OpenType 1.9. */
	static const char *const layout[] = {"GDEF", "GSUB", "GPOS"};
	for (int i = 0; i < 3; i++) {
		uint32_t ll;
		const uint8_t *lt = table_of(c->d, c->len, layout[i], &ll);
		if (lt && ll >= 4 && u16(lt) != 1) {
			snprintf(why, size, "is damaged: table '%s' has an unknown version (%u.%u)", layout[i],
			         (unsigned)u16(lt), (unsigned)u16(lt + 2));
			return false;
		}
	}
	if (c->cff)
		return cff_usable(t[5], tl[5], why, size);
	c->glyf.p = table_of(c->d, c->len, "glyf", &c->glyf.len);
	c->loca.p = table_of(c->d, c->len, "loca", &c->loca.len);
	if (!c->loca.p) {
		snprintf(why, size, "is damaged: table 'loca' is missing");
		return false;
	}
	need = ((uint64_t)c->nglyphs + 1) * (c->long_loca ? 4 : 2);
	if (c->loca.len < need) {
		snprintf(why, size, "is damaged: table 'loca' is too short for the %u glyphs of table 'maxp' (%u bytes, %llu needed)",
		         (unsigned)c->nglyphs, (unsigned)c->loca.len, (unsigned long long)need);
		return false;
	}
	return true;
}

void ov_fontcheck_free(ov_fontcheck *c)
{
	if (!c)
		return;
	hb_font_destroy(c->font);
	hb_face_destroy(c->face);
	for (size_t i = 0; i < c->tables.n; i++)
		hb_blob_destroy(c->tables.h[i].blob);
	hb_blob_destroy(c->tables.file);
	free(c->state);
	free(c->code);
	free(c->height);
	free(c->via);
	free(c->points);
	free(c->stack);
	free(c->far);
	hb_draw_funcs_destroy(c->draw);
	free(c);
}

/* The HarfBuzz face and font over the checked tables, and the per-glyph
 * verdicts; c->d, len, cff and the table checks are done. */
static bool finish_open(ov_fontcheck *c, char *why, size_t size)
{
	c->tables.d = c->d;
	c->tables.len = c->len;
	c->tables.file = hb_blob_create((const char *)c->d, (unsigned)c->len, HB_MEMORY_MODE_READONLY, NULL, NULL);
	/* table blobs are cut from it, from any thread that shapes (shape.h):
	 * immutable from the start, so that cutting changes nothing */
	hb_blob_make_immutable(c->tables.file);
	c->face = hb_face_create_for_tables(reference_table, &c->tables, NULL);
	c->font = hb_font_create(c->face);
	hb_font_set_scale(c->font, c->upem, c->upem); /* font units throughout */
	read_tables(c->face, c->font, c->cff);
	char t[OV_FONTCHECK_WHY];
	judge_tables(&c->tables, t, sizeof t);
	if (t[0]) {
		snprintf(why, size, "is damaged: %s", t);
		return false;
	}
	uint32_t n = c->nglyphs;
	c->state = ov_xcalloc(n, 1);
	c->code = ov_xcalloc(n, 1);
	c->height = ov_xcalloc(n, 1);
	c->via = ov_xcalloc(n, sizeof *c->via);
	c->points = ov_xcalloc(n, sizeof *c->points);
	if (!c->cff) {
		c->stack = ov_xmalloc(n * sizeof *c->stack);
		scan_headers(c);
	}
	return true;
}

ov_fontcheck *ov_fontcheck_open(const uint8_t *d, size_t len, char *why, size_t size)
{
	why[0] = 0;
	if (len >= 4 && memcmp(d, "ttcf", 4) == 0) {
		snprintf(why, size, "is a font collection; give one font of it as a .ttf or .otf file");
		return NULL;
	}
	if (len >= 4 && (memcmp(d, "wOFF", 4) == 0 || memcmp(d, "wOF2", 4) == 0)) {
		snprintf(why, size, "is a web font (WOFF); give the .ttf or .otf file it was made from");
		return NULL;
	}
	bool cff = len >= 4 && memcmp(d, "OTTO", 4) == 0;
	bool sfnt = len >= 12 && (cff || u32(d) == 0x00010000u || memcmp(d, "true", 4) == 0);
	if (!sfnt) {
		snprintf(why, size, "is not an OpenType or TrueType font");
		return NULL;
	}
	if (!check_directory(d, len, why, size))
		return NULL;
	if (len > 0x7FFFFFFF) {
		snprintf(why, size, "is too large (%zu bytes)", len);
		return NULL;
	}
	uint32_t tl;
	if (!cff && !table_of(d, len, "glyf", &tl)) {
		if (table_of(d, len, "CFF ", &tl))
			cff = true; /* an OpenType/CFF font with the TrueType version number */
		else if (table_of(d, len, "CFF2", &tl)) {
			snprintf(why, size, "has CFF2 outlines (a variable font), which Octavo cannot embed");
			return NULL;
		}
	}
	ov_fontcheck *c = ov_xcalloc(1, sizeof *c);
	c->d = d;
	c->len = len;
	c->cff = cff;
	if (!check_tables(c, why, size) || !finish_open(c, why, size)) {
		ov_fontcheck_free(c);
		return NULL;
	}
	return c;
}

hb_face_t *ov_fontcheck_face(const ov_fontcheck *c) { return c->face; }
hb_font_t *ov_fontcheck_font(const ov_fontcheck *c) { return c->font; }
bool ov_fontcheck_is_cff(const ov_fontcheck *c) { return c->cff; }
uint32_t ov_fontcheck_glyph_count(const ov_fontcheck *c) { return c->nglyphs; }

uint32_t ov_fontcheck_char_of(const ov_fontcheck *c, uint32_t g)
{
	hb_set_t *set = hb_set_create();
	hb_face_collect_unicodes(c->face, set);
	hb_codepoint_t u = HB_SET_VALUE_INVALID, found = 0;
	while (!found && hb_set_next(set, &u)) {
		hb_codepoint_t x;
		if (hb_font_get_nominal_glyph(c->font, u, &x) && x == g)
			found = u;
	}
	hb_set_destroy(set);
	return found;
}

bool ov_fontcheck_glyph_ok(ov_fontcheck *c, uint32_t gid)
{
	if (gid >= c->nglyphs)
		return false;
	visit(c, gid);
	return c->state[gid] == G_OK;
}

/* The glyph the font draws for cp and what it is made of (glyph 0 when it
 * lacks cp); -1 with why set when one is damaged. */
static int check_char(ov_fontcheck *c, uint32_t cp, char *why, size_t size)
{
	hb_codepoint_t g = 0;
	if (!hb_font_get_nominal_glyph(c->font, cp, &g))
		g = 0;
	if (g >= c->nglyphs) {
		char ch[16];
		show(ch, sizeof ch, cp);
		snprintf(why, size, "is damaged: table 'cmap' maps %s to glyph %u, but the font has %u glyphs", ch,
		         (unsigned)g, (unsigned)c->nglyphs);
		return -1;
	}
	visit(c, g);
	if (c->state[g] != G_OK) { /* glyph 0 too: it is drawn for cp */
		explain(c, g, cp, why, size);
		return -1;
	}
	return 0;
}

int ov_fontcheck_code_points(ov_fontcheck *c, const uint32_t *cps, size_t count, char *why, size_t size)
{
	for (size_t i = 0; i < count; i++)
		if (cps[i] && check_char(c, cps[i], why, size) != 0)
			return -1;
	return 0;
}

int ov_fontcheck_glyphs(ov_fontcheck *c, const uint32_t *gids, size_t count, char *why, size_t size)
{
	for (size_t i = 0; i < count; i++) {
		uint32_t g = gids[i];
		if (g == 0)
			continue;
		if (g >= c->nglyphs) {
			snprintf(why, size, "is damaged: glyph %u does not exist (the font has %u glyphs)", (unsigned)g,
			         (unsigned)c->nglyphs);
			return -1;
		}
		visit(c, g);
		if (c->state[g] != G_OK) {
			/* named by a character that stands for it, when one does */
			explain(c, g, ov_fontcheck_char_of(c, g), why, size);
			return -1;
		}
	}
	return 0;
}

size_t ov_fontcheck_damaged(const ov_fontcheck *c, char *why, size_t size)
{
	if (!c->scanned_bad)
		return 0;
	/* the first, and a character the font maps to it */
	uint32_t g = c->first_scanned_bad;
	uint32_t cp = 0;
	cp = ov_fontcheck_char_of(c, g);
	char m[OV_FONTCHECK_WHY];
	explain(c, g, cp, m, sizeof m);
	const char *rest = m + strlen("is damaged: ");
	if (c->scanned_bad == 1)
		snprintf(why, size, "is damaged in a glyph this book does not use: %s", rest);
	else
		snprintf(why, size, "is damaged in %zu glyphs this book does not use; the first: %s", c->scanned_bad,
		         rest);
	return c->scanned_bad;
}
