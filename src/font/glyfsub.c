/* glyfsub.c - TrueType glyph subsetting for PDF embedding (see glyfsub.h).
 * Table layouts: OpenType 1.9, "The OpenType font file" (table directory,
 * checksums) and the glyf, loca, hmtx, hhea, maxp, head, cmap (format 4),
 * name and post chapters. */
#include "glyfsub.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "util/arena.h"
#include "util/buf.h"

static uint16_t u16(const uint8_t *p) { return (uint16_t)(p[0] << 8 | p[1]); }
static uint32_t u32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}
static void w16(uint8_t *p, unsigned v)
{
	p[0] = (uint8_t)(v >> 8);
	p[1] = (uint8_t)v;
}
static void w32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)(v >> 24);
	p[1] = (uint8_t)(v >> 16);
	p[2] = (uint8_t)(v >> 8);
	p[3] = (uint8_t)v;
}
static void put16(ov_buf *b, unsigned v)
{
	uint8_t x[2];
	w16(x, v);
	ov_buf_put(b, x, 2);
}
static void put32(ov_buf *b, uint32_t v)
{
	uint8_t x[4];
	w32(x, v);
	ov_buf_put(b, x, 4);
}

typedef struct {
	const uint8_t *p;
	uint32_t len;
} span;

static span find(const uint8_t *d, size_t len, const char *tag)
{
	span s = {NULL, 0};
	s.p = ov_ttf_table(d, len, tag, &s.len);
	if (!s.p)
		s.len = 0;
	return s;
}

/* composite glyph flags ('glyf', "Composite glyph description") */
#define ARG_1_AND_2_ARE_WORDS 0x0001
#define WE_HAVE_A_SCALE 0x0008
#define MORE_COMPONENTS 0x0020
#define WE_HAVE_AN_X_AND_Y_SCALE 0x0040
#define WE_HAVE_A_TWO_BY_TWO 0x0080

typedef struct {
	span glyf, loca;
	bool long_loca;
	uint32_t nglyphs;
} glyphs;

/* Glyph g's bytes in 'glyf'; empty when it has no outline or its loca
 * entries point outside the table. */
static span glyph(const glyphs *G, uint32_t g)
{
	span s = {NULL, 0};
	uint32_t a, b;
	if (G->long_loca) {
		a = u32(G->loca.p + 4 * g);
		b = u32(G->loca.p + 4 * g + 4);
	} else {
		a = 2u * u16(G->loca.p + 2 * g);
		b = 2u * u16(G->loca.p + 2 * g + 2);
	}
	if (b <= a || b > G->glyf.len || b - a < 10)
		return s;
	s.p = G->glyf.p + a;
	s.len = b - a;
	return s;
}

/* Calls back for each component of a composite glyph: with the offset of
 * its glyph index within the glyph's bytes. Returns false on a simple or
 * empty glyph. */
typedef void (*component_fn)(void *ctx, span g, uint32_t at);
static bool components(span g, component_fn fn, void *ctx)
{
	if (!g.p || (int16_t)u16(g.p) >= 0)
		return false;
	uint32_t p = 10;
	uint16_t flags;
	do {
		if (p + 4 > g.len)
			break;
		flags = u16(g.p + p);
		fn(ctx, g, p + 2);
		p += 4 + ((flags & ARG_1_AND_2_ARE_WORDS) ? 4 : 2);
		if (flags & WE_HAVE_A_SCALE)
			p += 2;
		else if (flags & WE_HAVE_AN_X_AND_Y_SCALE)
			p += 4;
		else if (flags & WE_HAVE_A_TWO_BY_TWO)
			p += 8;
	} while (flags & MORE_COMPONENTS);
	return true;
}

typedef struct {
	const glyphs *G;
	int32_t *newid;   /* old glyph -> new, -1 unassigned */
	uint32_t *order;  /* new glyph -> old */
	uint32_t count;
	bool full;
} numbering;

static void assign(numbering *n, uint32_t old)
{
	if (old >= n->G->nglyphs || n->newid[old] >= 0)
		return;
	if (n->count == 0xFFFF) {
		n->full = true;
		return;
	}
	n->newid[old] = (int32_t)n->count;
	n->order[n->count++] = old;
}

static void assign_component(void *ctx, span g, uint32_t at)
{
	assign(ctx, u16(g.p + at));
}

/* The component indices of a copied composite glyph, renumbered. */
typedef struct {
	uint8_t *copy;
	const int32_t *newid;
	uint32_t nglyphs;
} renumber;

static void renumber_component(void *ctx, span g, uint32_t at)
{
	renumber *r = ctx;
	uint16_t old = u16(g.p + at);
	w16(r->copy + at, old < r->nglyphs && r->newid[old] >= 0 ? (unsigned)r->newid[old] : 0);
}

/* A format 4 'cmap' (Windows Unicode BMP) of the used code points: one
 * segment per run of consecutive code points whose new glyph ids are
 * consecutive too, and the closing 0xFFFF segment. */
static void make_cmap(ov_buf *b, const uint16_t *gid, uint32_t ncp)
{
	uint32_t nseg = 1;
	for (uint32_t c = 0; c < ncp && c < 0xFFFF; c++)
		if (gid[c] && !(c > 0 && gid[c - 1] && gid[c - 1] + 1u == gid[c]))
			nseg++;
	size_t sublen = 16 + (size_t)nseg * 8;
	if (sublen > 0xFFFF)
		return; /* no map: a CIDFontType2 is drawn through its CIDToGIDMap */
	uint16_t *start = ov_xmalloc(nseg * sizeof *start), *end = ov_xmalloc(nseg * sizeof *end),
	         *delta = ov_xmalloc(nseg * sizeof *delta);
	uint32_t s = 0;
	for (uint32_t c = 0; c < ncp && c < 0xFFFF; c++) {
		if (!gid[c])
			continue;
		if (c > 0 && gid[c - 1] && gid[c - 1] + 1u == gid[c]) {
			end[s - 1] = (uint16_t)c;
			continue;
		}
		start[s] = end[s] = (uint16_t)c;
		delta[s] = (uint16_t)(gid[c] - c); /* modulo 65536 */
		s++;
	}
	start[s] = end[s] = 0xFFFF;
	delta[s] = 1;
	unsigned sr = 1, es = 0;
	while (sr * 2 <= nseg) {
		sr *= 2;
		es++;
	}
	put16(b, 0); /* version */
	put16(b, 1); /* one subtable */
	put16(b, 3);
	put16(b, 1); /* Windows, Unicode BMP */
	put32(b, 12);
	put16(b, 4);
	put16(b, (unsigned)sublen);
	put16(b, 0); /* language */
	put16(b, nseg * 2);
	put16(b, sr * 2);
	put16(b, es);
	put16(b, nseg * 2 - sr * 2);
	for (uint32_t i = 0; i < nseg; i++)
		put16(b, end[i]);
	put16(b, 0); /* reservedPad */
	for (uint32_t i = 0; i < nseg; i++)
		put16(b, start[i]);
	for (uint32_t i = 0; i < nseg; i++)
		put16(b, delta[i]);
	for (uint32_t i = 0; i < nseg; i++)
		put16(b, 0); /* idRangeOffset */
	free(start);
	free(end);
	free(delta);
}

/* The naming records 0 to 6 (copyright, family, subfamily, identifier,
 * full name, version, PostScript name) of a format 0 'name' table; the
 * rest (license text, descriptions) stays out of the PDF. */
static void make_name(ov_buf *b, span name)
{
	if (!name.p || name.len < 6 || u16(name.p) != 0)
		return;
	uint32_t count = u16(name.p + 2), storage = u16(name.p + 4);
	if (6 + count * 12 > name.len || storage > name.len)
		return;
	uint32_t keep = 0;
	for (uint32_t i = 0; i < count; i++) {
		const uint8_t *r = name.p + 6 + i * 12;
		uint32_t l = u16(r + 8), off = u16(r + 10);
		if (u16(r + 6) <= 6 && storage + off + l <= name.len)
			keep++;
	}
	if (!keep)
		return;
	put16(b, 0);
	put16(b, keep);
	put16(b, 6 + keep * 12);
	uint32_t at = 0;
	for (uint32_t i = 0; i < count; i++) {
		const uint8_t *r = name.p + 6 + i * 12;
		uint32_t l = u16(r + 8), off = u16(r + 10);
		if (u16(r + 6) > 6 || storage + off + l > name.len)
			continue;
		ov_buf_put(b, r, 8); /* platform, encoding, language, name id */
		put16(b, l);
		put16(b, at);
		at += l;
	}
	for (uint32_t i = 0; i < count; i++) {
		const uint8_t *r = name.p + 6 + i * 12;
		uint32_t l = u16(r + 8), off = u16(r + 10);
		if (u16(r + 6) <= 6 && storage + off + l <= name.len)
			ov_buf_put(b, name.p + storage + off, l);
	}
}

static uint32_t checksum(const uint8_t *p, size_t len)
{
	uint32_t sum = 0;
	size_t i = 0;
	for (; i + 4 <= len; i += 4)
		sum += u32(p + i);
	if (i < len) {
		uint8_t last[4] = {0, 0, 0, 0};
		memcpy(last, p + i, len - i);
		sum += u32(last);
	}
	return sum;
}

enum { T_OS2, T_CMAP, T_CVT, T_FPGM, T_GLYF, T_HEAD, T_HHEA, T_HMTX, T_LOCA, T_MAXP, T_NAME, T_POST, T_PREP, T__COUNT };
/* in ascending tag order, as the table directory must be */
static const char *const TAGS[T__COUNT] = {"OS/2", "cmap", "cvt ", "fpgm", "glyf", "head", "hhea",
                                           "hmtx", "loca", "maxp", "name", "post", "prep"};

int ov_glyf_subset_make(const uint8_t *d, size_t len, const ov_ttf *f, const uint8_t *used,
                        ov_glyf_subset *out)
{
	memset(out, 0, sizeof *out);
	span head = find(d, len, "head"), hhea = find(d, len, "hhea"), maxp = find(d, len, "maxp"),
	     hmtx = find(d, len, "hmtx");
	glyphs G = {find(d, len, "glyf"), find(d, len, "loca"), false, 0};
	if (!head.p || head.len < 54 || !hhea.p || hhea.len < 36 || !maxp.p || maxp.len < 6 || !hmtx.p ||
	    !G.glyf.p || !G.loca.p)
		return -1;
	G.long_loca = u16(head.p + 50) == 1;
	G.nglyphs = u16(maxp.p + 4);
	uint32_t nhm = u16(hhea.p + 34);
	if (G.nglyphs == 0 || (size_t)(G.nglyphs + 1) * (G.long_loca ? 4 : 2) > G.loca.len || nhm == 0 ||
	    nhm > G.nglyphs || (size_t)nhm * 4 > hmtx.len)
		return -1;

	/* number the glyphs: .notdef, the code points' glyphs, their parts */
	numbering n = {&G, ov_xmalloc(G.nglyphs * sizeof(int32_t)), ov_xmalloc(G.nglyphs * sizeof(uint32_t)), 0,
	               false};
	memset(n.newid, 0xFF, G.nglyphs * sizeof(int32_t));
	assign(&n, 0);
	uint32_t ncp = 0;
	for (uint32_t cp = 0; cp < 0x10000; cp++)
		if (used[cp >> 3] & (1u << (cp & 7))) {
			uint16_t g = ov_ttf_glyph(f, cp);
			if (g) {
				assign(&n, g);
				ncp = cp + 1;
			}
		}
	for (uint32_t i = 0; i < n.count; i++) /* the list grows as parts are found */
		components(glyph(&G, n.order[i]), assign_component, &n);
	if (n.full) {
		free(n.newid);
		free(n.order);
		return -1;
	}
	out->ncp = ncp;
	out->gid = ov_xcalloc(ncp ? ncp : 1, sizeof *out->gid);
	for (uint32_t cp = 0; cp < ncp; cp++)
		if (used[cp >> 3] & (1u << (cp & 7))) {
			uint16_t g = ov_ttf_glyph(f, cp);
			if (g)
				out->gid[cp] = (uint16_t)n.newid[g];
		}
	out->nglyphs = (uint16_t)n.count;

	ov_buf t[T__COUNT];
	for (int i = 0; i < T__COUNT; i++)
		t[i] = (ov_buf)OV_BUF_INIT;
	/* glyf and loca (long offsets), each glyph padded to four bytes */
	for (uint32_t i = 0; i < n.count; i++) {
		put32(&t[T_LOCA], (uint32_t)t[T_GLYF].len);
		span g = glyph(&G, n.order[i]);
		if (!g.p)
			continue;
		size_t at = t[T_GLYF].len;
		ov_buf_put(&t[T_GLYF], g.p, g.len);
		renumber r = {(uint8_t *)t[T_GLYF].ptr + at, n.newid, G.nglyphs};
		components(g, renumber_component, &r);
		while (t[T_GLYF].len % 4)
			ov_buf_putc(&t[T_GLYF], 0);
	}
	put32(&t[T_LOCA], (uint32_t)t[T_GLYF].len);
	/* hmtx: a full metric per glyph */
	for (uint32_t i = 0; i < n.count; i++) {
		uint32_t g = n.order[i];
		unsigned adv = u16(hmtx.p + 4 * (g < nhm ? g : nhm - 1));
		size_t lsb_at = g < nhm ? 4 * (size_t)g + 2 : 4 * (size_t)nhm + 2 * (size_t)(g - nhm);
		put16(&t[T_HMTX], adv);
		put16(&t[T_HMTX], lsb_at + 2 <= hmtx.len ? u16(hmtx.p + lsb_at) : 0);
	}
	ov_buf_put(&t[T_HEAD], head.p, 54);
	w32((uint8_t *)t[T_HEAD].ptr + 8, 0); /* checkSumAdjustment, set last */
	w16((uint8_t *)t[T_HEAD].ptr + 50, 1); /* indexToLocFormat: long */
	ov_buf_put(&t[T_HHEA], hhea.p, 36);
	w16((uint8_t *)t[T_HHEA].ptr + 34, n.count);
	ov_buf_put(&t[T_MAXP], maxp.p, maxp.len > 32 ? 32 : maxp.len);
	w16((uint8_t *)t[T_MAXP].ptr + 4, n.count);
	make_cmap(&t[T_CMAP], out->gid, ncp);
	make_name(&t[T_NAME], find(d, len, "name"));
	span post = find(d, len, "post");
	if (post.p && post.len >= 32) {
		ov_buf_put(&t[T_POST], post.p, 32);
		w32((uint8_t *)t[T_POST].ptr, 0x00030000u); /* no glyph names */
	}
	static const int copied[] = {T_OS2, T_CVT, T_FPGM, T_PREP};
	for (size_t i = 0; i < sizeof copied / sizeof *copied; i++) {
		span s = find(d, len, TAGS[copied[i]]);
		if (s.p && s.len)
			ov_buf_put(&t[copied[i]], s.p, s.len);
	}
	free(n.newid);
	free(n.order);

	/* the file: directory, then the tables, each on a four-byte boundary;
	 * 'glyf' even when every glyph kept is empty (a space and an empty
	 * .notdef), since a TrueType font without one is no TrueType font */
	bool keep[T__COUNT];
	unsigned ntab = 0;
	for (int i = 0; i < T__COUNT; i++) {
		keep[i] = t[i].len > 0 || i == T_GLYF;
		ntab += keep[i];
	}
	unsigned sr = 1, es = 0;
	while (sr * 2 <= ntab) {
		sr *= 2;
		es++;
	}
	ov_buf o = OV_BUF_INIT;
	put32(&o, 0x00010000u);
	put16(&o, ntab);
	put16(&o, sr * 16);
	put16(&o, es);
	put16(&o, ntab * 16 - sr * 16);
	size_t off = 12 + (size_t)ntab * 16, head_at = 0;
	for (int i = 0; i < T__COUNT; i++) {
		if (!keep[i])
			continue;
		ov_buf_put(&o, TAGS[i], 4);
		put32(&o, checksum((const uint8_t *)t[i].ptr, t[i].len));
		put32(&o, (uint32_t)off);
		put32(&o, (uint32_t)t[i].len);
		if (i == T_HEAD)
			head_at = off;
		off += (t[i].len + 3) & ~(size_t)3;
	}
	for (int i = 0; i < T__COUNT; i++) {
		if (!keep[i])
			continue;
		if (t[i].len)
			ov_buf_put(&o, t[i].ptr, t[i].len);
		while (o.len % 4)
			ov_buf_putc(&o, 0);
		ov_buf_dispose(&t[i]);
	}
	w32((uint8_t *)o.ptr + head_at + 8, 0xB1B0AFBAu - checksum((const uint8_t *)o.ptr, o.len));
	out->len = o.len;
	out->data = (uint8_t *)ov_buf_detach(&o);
	return 0;
}

void ov_glyf_subset_free(ov_glyf_subset *s)
{
	free(s->data);
	free(s->gid);
	memset(s, 0, sizeof *s);
}
