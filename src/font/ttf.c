/* ttf.c - TrueType table reading (OpenType 1.9 "Font file" and the head,
 * hhea, maxp, hmtx, cmap and OS/2 table chapters). */
#include "ttf.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "util/arena.h"

struct ov_ttf {
	uint16_t upem;
	uint16_t num_glyphs;
	int16_t ascent, descent, cap_height; /* font units */
	ov_ttf_info info;
	uint16_t *advance;   /* num_glyphs advances, 1/1000 em (libharu rounding) */
	uint16_t *bmp;       /* 65536 glyph ids for the BMP */
	uint32_t *astral;    /* format-12 groups for cp > U+FFFF: start, end, gid */
	size_t astral_count;
};

static uint16_t u16(const uint8_t *p) { return (uint16_t)(p[0] << 8 | p[1]); }
static int16_t s16(const uint8_t *p) { return (int16_t)u16(p); }
static uint32_t u32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

const uint8_t *ov_ttf_table(const uint8_t *d, size_t len, const char *tag, uint32_t *tlen)
{
	if (len < 12)
		return NULL;
	uint16_t n = u16(d + 4);
	if (12 + (size_t)n * 16 > len)
		return NULL;
	for (uint16_t i = 0; i < n; i++) {
		const uint8_t *r = d + 12 + i * 16;
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

static void cmap_format4(ov_ttf *f, const uint8_t *t, size_t tl)
{
	if (tl < 14)
		return;
	size_t seg2 = u16(t + 6);
	if (14 + seg2 * 4 + 2 > tl)
		return;
	const uint8_t *ends = t + 14, *starts = ends + seg2 + 2, *deltas = starts + seg2,
	              *ranges = deltas + seg2;
	/* segments are sorted by endCode and do not overlap ('cmap', format
	 * 4): each code point is looked at once, however hostile the table
	 * (32767 segments over the whole BMP would otherwise take 2^31 steps) */
	uint32_t next = 0;
	for (size_t s = 0; s < seg2; s += 2) {
		uint32_t end = u16(ends + s), start = u16(starts + s);
		uint16_t delta = u16(deltas + s), ro = u16(ranges + s);
		if (start < next)
			start = next;
		if (start > end)
			continue;
		next = end + 1;
		for (uint32_t c = start; c <= end && c < 0xFFFF; c++) {
			uint16_t g;
			if (ro == 0) {
				g = (uint16_t)(c + delta);
			} else {
				size_t at = (size_t)(ranges + s - t) + ro + (c - start) * 2;
				if (at + 2 > tl)
					continue;
				g = u16(t + at);
				if (g)
					g = (uint16_t)(g + delta);
			}
			if (g < f->num_glyphs)
				f->bmp[c] = g;
		}
	}
}

static void cmap_format12(ov_ttf *f, const uint8_t *t, size_t tl)
{
	if (tl < 16)
		return;
	uint32_t n = u32(t + 12);
	if (n > (tl - 16) / 12)
		return;
	f->astral = ov_xcalloc(n ? n : 1, 3 * sizeof *f->astral);
	/* groups are sorted by startCharCode and do not overlap ('cmap',
	 * format 12); a group that does is cut to what is new, so that each
	 * code point is looked at once and the astral groups stay sorted for
	 * ov_ttf_glyph's binary search */
	uint32_t next = 0;
	for (uint32_t i = 0; i < n; i++) {
		const uint8_t *g = t + 16 + (size_t)i * 12;
		uint32_t start = u32(g), end = u32(g + 4), gid = u32(g + 8);
		if (start > end || end > 0x10FFFF || end < next)
			continue;
		if (start < next) {
			gid += next - start;
			start = next;
		}
		next = end + 1;
		for (uint32_t c = start; c <= end && c < 0x10000; c++)
			if ((uint64_t)gid + (c - start) < f->num_glyphs)
				f->bmp[c] = (uint16_t)(gid + (c - start));
		if (end >= 0x10000) {
			f->astral[3 * f->astral_count] = start;
			f->astral[3 * f->astral_count + 1] = end;
			f->astral[3 * f->astral_count + 2] = gid;
			f->astral_count++;
		}
	}
}

/* The PostScript name (naming record 6, Windows Unicode or Macintosh
 * Roman), reduced to the characters a PDF name and a PostScript name may
 * hold. */
static void ps_name(char *out, size_t size, const uint8_t *d, size_t len)
{
	uint32_t nl;
	const uint8_t *name = ov_ttf_table(d, len, "name", &nl);
	out[0] = 0;
	if (!name || nl < 6)
		return;
	uint32_t count = u16(name + 2), storage = u16(name + 4);
	for (uint32_t i = 0; i < count && 6 + (size_t)(i + 1) * 12 <= nl; i++) {
		const uint8_t *r = name + 6 + i * 12;
		uint16_t pid = u16(r), eid = u16(r + 2), id = u16(r + 6);
		uint32_t l = u16(r + 8), off = u16(r + 10);
		if (id != 6 || storage + off + l > nl)
			continue;
		bool utf16 = pid == 3 && (eid == 1 || eid == 0);
		if (!utf16 && !(pid == 1 && eid == 0))
			continue;
		const uint8_t *s = name + storage + off;
		size_t n = 0;
		for (uint32_t k = 0; k < l && n + 1 < size; k += utf16 ? 2 : 1) {
			unsigned c = utf16 ? (k + 1 < l ? u16(s + k) : 0) : s[k];
			/* printable ASCII but the PDF delimiters and '#' (PDF 1.7 §7.3.5) */
			if (c > 32 && c < 127 && !strchr("()<>[]{}/%#", (int)c))
				out[n++] = (char)c;
		}
		out[n] = 0;
		if (n)
			return;
	}
}

/* What a PDF font descriptor says of the font (PDF 1.7 §9.8.1), in
 * 1/1000 em. */
static void read_info(ov_ttf *f, const uint8_t *d, size_t len, const uint8_t *head, const uint8_t *os2,
                      uint32_t ol)
{
	ov_ttf_info *in = &f->info;
	for (int i = 0; i < 4; i++)
		in->bbox[i] = s16(head + 36 + 2 * i) * 1000 / f->upem;
	in->ascent = f->ascent * 1000 / f->upem;
	in->descent = f->descent * 1000 / f->upem;
	in->cap_height = f->cap_height * 1000 / f->upem;
	in->x_height = in->cap_height * 2 / 3;
	in->weight = 400;
	if (os2 && ol >= 6)
		in->weight = u16(os2 + 4);
	if (os2 && ol >= 88 && u16(os2) >= 2)
		in->x_height = s16(os2 + 86) * 1000 / f->upem;
	uint32_t pl;
	const uint8_t *post = ov_ttf_table(d, len, "post", &pl);
	if (post && pl >= 16) {
		in->italic_angle = (double)(int32_t)u32(post + 4) / 65536.0;
		in->fixed_pitch = u32(post + 12) != 0;
	}
	ps_name(in->ps_name, sizeof in->ps_name, d, len);
}

ov_ttf *ov_ttf_load(const uint8_t *d, size_t len, const char **err)
{
	*err = NULL;
	if (len < 12 || (u32(d) != 0x00010000u && memcmp(d, "true", 4) != 0)) {
		*err = len >= 4 && memcmp(d, "OTTO", 4) == 0
		           ? "is an OpenType/CFF font; only TrueType (glyf) fonts can be embedded"
		           : "is not a TrueType font";
		return NULL;
	}
	uint32_t hl, hhl, ml, xl, cl, ol, gl;
	const uint8_t *head = ov_ttf_table(d, len, "head", &hl), *hhea = ov_ttf_table(d, len, "hhea", &hhl),
	              *maxp = ov_ttf_table(d, len, "maxp", &ml), *hmtx = ov_ttf_table(d, len, "hmtx", &xl),
	              *cmap = ov_ttf_table(d, len, "cmap", &cl), *os2 = ov_ttf_table(d, len, "OS/2", &ol),
	              *glyf = ov_ttf_table(d, len, "glyf", &gl);
	if (!head || hl < 54 || !hhea || hhl < 36 || !maxp || ml < 6 || !hmtx || !cmap || cl < 4 || !glyf) {
		*err = "is missing a required TrueType table (head, hhea, maxp, hmtx, cmap, glyf)";
		return NULL;
	}
	ov_ttf *f = ov_xcalloc(1, sizeof *f);
	f->upem = u16(head + 18);
	f->num_glyphs = u16(maxp + 4);
	uint16_t nhm = u16(hhea + 34);
	if (f->upem < 16 || f->num_glyphs == 0 || nhm == 0 || nhm > f->num_glyphs ||
	    (size_t)nhm * 4 > xl) {
		free(f);
		*err = "has inconsistent metrics tables";
		return NULL;
	}
	f->ascent = s16(hhea + 4);
	f->descent = s16(hhea + 6);
	f->cap_height = (int16_t)(f->ascent * 7 / 10);
	if (os2 && ol >= 90 && u16(os2) >= 2)
		f->cap_height = s16(os2 + 88);
	read_info(f, d, len, head, os2, ol);
	f->advance = ov_xcalloc(f->num_glyphs, sizeof *f->advance);
	for (uint32_t g = 0; g < f->num_glyphs; g++) {
		uint32_t adv = u16(hmtx + 4 * (g < nhm ? g : nhm - 1u));
		f->advance[g] = (uint16_t)(adv * 1000u / f->upem);
	}
	f->bmp = ov_xcalloc(65536, sizeof *f->bmp);
	/* prefer a full-repertoire subtable (3,10) / (0,4), then BMP (3,1) / (0,3) */
	uint16_t nsub = u16(cmap + 2);
	const uint8_t *best = NULL;
	int best_rank = 0;
	size_t best_len = 0;
	for (uint16_t i = 0; i < nsub && 4 + (size_t)i * 8 + 8 <= cl; i++) {
		const uint8_t *r = cmap + 4 + i * 8;
		uint16_t pid = u16(r), eid = u16(r + 2);
		uint32_t off = u32(r + 4);
		if (off > cl || cl - off < 8)
			continue;
		const uint8_t *st = cmap + off;
		uint16_t fmt = u16(st);
		size_t stl = fmt == 12 ? (size_t)u32(st + 4) : (size_t)u16(st + 2);
		if (stl > cl - off)
			stl = cl - off;
		int rank = 0;
		if (fmt == 12 && ((pid == 3 && eid == 10) || (pid == 0 && (eid == 4 || eid == 6))))
			rank = 3;
		else if (fmt == 4 && ((pid == 3 && eid == 1) || (pid == 0 && eid <= 3)))
			rank = 2;
		if (rank > best_rank) {
			best_rank = rank;
			best = st;
			best_len = stl;
		}
	}
	if (!best) {
		ov_ttf_free(f);
		*err = "has no Unicode character map";
		return NULL;
	}
	if (u16(best) == 12)
		cmap_format12(f, best, best_len);
	else
		cmap_format4(f, best, best_len);
	return f;
}

void ov_ttf_free(ov_ttf *f)
{
	if (!f)
		return;
	free(f->advance);
	free(f->bmp);
	free(f->astral);
	free(f);
}

uint16_t ov_ttf_glyph(const ov_ttf *f, uint32_t cp)
{
	if (cp < 0x10000)
		return f->bmp[cp];
	size_t lo = 0, hi = f->astral_count;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (cp > f->astral[3 * mid + 1])
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo < f->astral_count && cp >= f->astral[3 * lo]) {
		uint64_t g = (uint64_t)f->astral[3 * lo + 2] + (cp - f->astral[3 * lo]);
		return g < f->num_glyphs ? (uint16_t)g : 0;
	}
	return 0;
}

int ov_ttf_advance(const ov_ttf *f, uint32_t cp)
{
	/* libharu's UTF-8 encoder turns characters above the BMP into U+0020 */
	if (cp > 0xFFFF)
		cp = 0x20;
	return f->advance[f->bmp[cp]];
}

const ov_ttf_info *ov_ttf_get_info(const ov_ttf *f) { return &f->info; }

int ov_ttf_ascent(const ov_ttf *f) { return f->ascent * 1000 / f->upem; }
int ov_ttf_descent(const ov_ttf *f) { return f->descent * 1000 / f->upem; }
int ov_ttf_cap_height(const ov_ttf *f) { return f->cap_height * 1000 / f->upem; }
