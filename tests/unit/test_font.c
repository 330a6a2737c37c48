/* test_font.c - what the PDF's font descriptors read from the bundled
 * fonts, the glyph subsets embedded in the PDF (numbering, composite
 * parts, the tables and checksums of the program), damaged fonts, and the
 * font checker's exact verdicts on Gentium damaged in specific ways. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "font/fontcheck.h"
#include "font/glyfsub.h"
#include "font/ttf.h"
#include "util/fsio.h"

static uint16_t u16(const uint8_t *p) { return (uint16_t)(p[0] << 8 | p[1]); }
static uint32_t u32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static uint8_t *read_font(const char *name, size_t *len)
{
	char path[1024];
	snprintf(path, sizeof path, "%s/%s", getenv("OCTAVO_FONT_DIR"), name);
	char *data;
	assert_int_equal(ov_read_file(path, &data, len), 0);
	return (uint8_t *)data;
}

static void set(uint8_t *used, uint32_t cp) { used[cp >> 3] |= (uint8_t)(1u << (cp & 7)); }

/* offset and length of a table, or 0 */
static uint32_t table(const uint8_t *d, size_t len, const char *tag, uint32_t *tlen)
{
	uint16_t n = u16(d + 4);
	for (uint16_t i = 0; i < n; i++) {
		const uint8_t *r = d + 12 + i * 16;
		if (memcmp(r, tag, 4) == 0) {
			assert_true(u32(r + 8) + u32(r + 12) <= len);
			*tlen = u32(r + 12);
			return u32(r + 8);
		}
	}
	*tlen = 0;
	return 0;
}

/* Checks the structure of a program made by ov_glyf_subset_make: sorted
 * directory, table checksums, the whole-font checksum, long loca within
 * glyf, composite parts within the subset. Returns the composites seen. */
static int check_program(const ov_glyf_subset *s)
{
	const uint8_t *d = s->data;
	assert_true(s->len >= 12 && s->len % 4 == 0);
	assert_int_equal(u32(d), 0x00010000u);
	uint16_t n = u16(d + 4);
	for (uint16_t i = 0; i < n; i++) {
		const uint8_t *r = d + 12 + i * 16;
		if (i > 0)
			assert_true(memcmp(r - 16, r, 4) < 0);
		uint32_t off = u32(r + 8), len = u32(r + 12), sum = 0;
		assert_true(off % 4 == 0 && off + len <= s->len);
		for (uint32_t k = 0; k < len; k += 4) {
			uint8_t w[4] = {0, 0, 0, 0};
			memcpy(w, d + off + k, len - k < 4 ? len - k : 4);
			sum += u32(w) - (memcmp(r, "head", 4) == 0 && k == 8 ? u32(w) : 0);
		}
		assert_int_equal(sum, u32(r + 4));
	}
	uint32_t total = 0;
	for (size_t k = 0; k < s->len; k += 4)
		total += u32(d + k);
	assert_int_equal(total, 0xB1B0AFBAu);

	uint32_t gl, ll, ml, hl;
	uint32_t glyf = table(d, s->len, "glyf", &gl), loca = table(d, s->len, "loca", &ll),
	         maxp = table(d, s->len, "maxp", &ml), head = table(d, s->len, "head", &hl);
	assert_true(glyf && loca && maxp && head);
	assert_int_equal(u16(d + head + 50), 1);
	assert_int_equal(u16(d + maxp + 4), s->nglyphs);
	assert_int_equal(ll, 4u * (s->nglyphs + 1u));
	int composites = 0;
	for (uint32_t g = 0; g < s->nglyphs; g++) {
		uint32_t a = u32(d + loca + 4 * g), b = u32(d + loca + 4 * g + 4);
		assert_true(a <= b && b <= gl);
		if (b - a >= 10 && (int16_t)u16(d + glyf + a) < 0) {
			composites++;
			uint32_t c = glyf + a + 10;
			uint16_t flags;
			do {
				if (c + 4 > glyf + b)
					break;
				flags = u16(d + c);
				assert_true(u16(d + c + 2) < s->nglyphs);
				c += 4 + ((flags & 1) ? 4 : 2) + ((flags & 8) ? 2 : (flags & 0x40) ? 4 : (flags & 0x80) ? 8 : 0);
			} while (flags & 0x20);
		}
	}
	return composites;
}

static void test_font__info(void **state)
{
	(void)state;
	static const struct {
		const char *file, *ps;
		bool italic, fixed;
	} fonts[] = {{"GentiumBookPlus-Regular.ttf", "GentiumBookPlus", false, false},
	             {"GentiumBookPlus-Italic.ttf", "GentiumBookPlus-Italic", true, false},
	             {"JetBrainsMono-Regular.ttf", "JetBrainsMono-Regular", false, true}};
	for (size_t i = 0; i < sizeof fonts / sizeof *fonts; i++) {
		size_t len;
		uint8_t *data = read_font(fonts[i].file, &len);
		const char *err;
		ov_ttf *f = ov_ttf_load(data, len, &err);
		assert_non_null(f);
		const ov_ttf_info *in = ov_ttf_get_info(f);
		assert_string_equal(in->ps_name, fonts[i].ps);
		assert_true(fonts[i].italic ? in->italic_angle < -5 : in->italic_angle == 0);
		assert_int_equal(in->fixed_pitch, fonts[i].fixed);
		assert_true(in->bbox[0] < 0 && in->bbox[1] < 0 && in->bbox[2] > 500 && in->bbox[3] > 700);
		assert_int_equal(in->ascent, ov_ttf_ascent(f));
		assert_true(in->cap_height > in->x_height && in->x_height > 300);
		assert_true(in->weight >= 100 && in->weight <= 900);
		ov_ttf_free(f);
		free(data);
	}
}

static void test_font__subset(void **state)
{
	(void)state;
	size_t len;
	uint8_t *data = read_font("GentiumBookPlus-Regular.ttf", &len);
	const char *err;
	ov_ttf *f = ov_ttf_load(data, len, &err);
	assert_non_null(f);
	uint8_t used[8192] = {0};
	const uint32_t cps[] = {'V', 'A', 0xE9 /* é: e and an accent */, 0x1EC7 /* ệ: three parts */, 0x2014};
	for (size_t i = 0; i < sizeof cps / sizeof *cps; i++)
		set(used, cps[i]);
	set(used, 0xE000); /* private use: not in the font, no glyph */
	ov_glyf_subset s;
	assert_int_equal(ov_glyf_subset_make(data, len, f, used, &s), 0);
	/* .notdef, then the code points' glyphs in code point order */
	assert_int_equal(s.ncp, 0x2015);
	assert_int_equal(s.gid['A'], 1);
	assert_int_equal(s.gid['V'], 2);
	assert_int_equal(s.gid[0xE9], 3);
	assert_int_equal(s.gid[0x1EC7], 4);
	assert_int_equal(s.gid[0x2014], 5);
	assert_int_equal(s.gid['B'], 0);
	/* the accents and base letters the composites are made of follow */
	int composites = check_program(&s);
	assert_true(composites >= 2);
	assert_true(s.nglyphs > 6);

	/* the program reads back: same advances, its own map agrees */
	ov_ttf *g = ov_ttf_load(s.data, s.len, &err);
	assert_non_null(g);
	for (size_t i = 0; i < sizeof cps / sizeof *cps; i++) {
		assert_int_equal(ov_ttf_glyph(g, cps[i]), s.gid[cps[i]]);
		assert_int_equal(ov_ttf_advance(g, cps[i]), ov_ttf_advance(f, cps[i]));
	}
	assert_string_equal(ov_ttf_get_info(g)->ps_name, "GentiumBookPlus");
	ov_ttf_free(g);
	ov_glyf_subset_free(&s);

	/* nothing used: .notdef alone */
	memset(used, 0, sizeof used);
	assert_int_equal(ov_glyf_subset_make(data, len, f, used, &s), 0);
	assert_int_equal(s.nglyphs, 1);
	assert_int_equal(s.ncp, 0);
	check_program(&s);
	ov_glyf_subset_free(&s);
	ov_ttf_free(f);
	free(data);
}

/* Damaged fonts: each table's offset or length pointed past the end, and
 * the file cut short at many places. None may crash (the sanitizer build
 * runs this); a program that is made is well formed. */
static void test_font__damaged(void **state)
{
	(void)state;
	size_t len;
	uint8_t *orig = read_font("JetBrainsMono-Regular.ttf", &len);
	const char *err;
	ov_ttf *f = ov_ttf_load(orig, len, &err);
	assert_non_null(f);
	uint8_t used[8192] = {0};
	for (uint32_t cp = 0x20; cp < 0x180; cp++)
		set(used, cp);
	uint8_t *d = malloc(len);
	uint16_t n = u16(orig + 4);
	int made = 0, refused = 0;
	for (uint16_t t = 0; t < n; t++)
		for (int field = 8; field <= 12; field += 4) {
			memcpy(d, orig, len);
			uint8_t *p = d + 12 + t * 16 + field;
			p[0] = 0x7F; /* far past the end */
			ov_glyf_subset s;
			if (ov_glyf_subset_make(d, len, f, used, &s) == 0) {
				check_program(&s);
				made++;
			} else {
				refused++;
			}
			ov_glyf_subset_free(&s);
		}
	/* loca entries pointing anywhere: those glyphs are embedded empty */
	memcpy(d, orig, len);
	uint32_t ll;
	uint32_t loca = table(d, len, "loca", &ll);
	for (uint32_t k = 0; k < ll; k += 7)
		d[loca + k] ^= 0xA5;
	ov_glyf_subset s;
	assert_int_equal(ov_glyf_subset_make(d, len, f, used, &s), 0);
	check_program(&s);
	ov_glyf_subset_free(&s);
	for (size_t cut = 0; cut < len; cut += len / 97 + 1) {
		if (ov_glyf_subset_make(orig, cut, f, used, &s) == 0) {
			check_program(&s);
			made++;
		} else {
			refused++;
		}
		ov_glyf_subset_free(&s);
	}
	assert_true(made > 0 && refused > 0);
	free(d);
	ov_ttf_free(f);
	free(orig);
}


/* ---- the font checker (fontcheck.h) ---- */

static void w16(uint8_t *p, unsigned v)
{
	p[0] = (uint8_t)(v >> 8);
	p[1] = (uint8_t)v;
}
static void w32(uint8_t *p, uint32_t v)
{
	w16(p, v >> 16);
	w16(p + 2, v & 0xFFFF);
}

/* Gentium Book Plus Regular in memory, to be damaged: where its glyph
 * tables are (its 'loca' has long offsets), and the glyphs of A and B. */
typedef struct {
	uint8_t *d;
	size_t len;
	uint32_t glyf, glyf_len, loca, loca_len, nglyphs;
	uint32_t a, b; /* glyph ids of 'A' and 'B' */
} gentium;

static gentium load_gentium(void)
{
	gentium g;
	g.d = read_font("GentiumBookPlus-Regular.ttf", &g.len);
	uint32_t ml;
	g.glyf = table(g.d, g.len, "glyf", &g.glyf_len);
	g.loca = table(g.d, g.len, "loca", &g.loca_len);
	g.nglyphs = u16(g.d + table(g.d, g.len, "maxp", &ml) + 4);
	uint32_t hl;
	assert_int_equal(u16(g.d + table(g.d, g.len, "head", &hl) + 50), 1); /* long offsets */
	const char *err;
	ov_ttf *f = ov_ttf_load(g.d, g.len, &err);
	assert_non_null(f);
	g.a = ov_ttf_glyph(f, 'A');
	g.b = ov_ttf_glyph(f, 'B');
	ov_ttf_free(f);
	assert_true(g.a && g.b && g.a != g.b);
	return g;
}

static uint32_t loca_at(const gentium *g, uint32_t gid) { return u32(g->d + g->loca + 4 * gid); }
static void set_loca(gentium *g, uint32_t gid, uint32_t off) { w32(g->d + g->loca + 4 * gid, off); }
/* the bytes of glyph gid */
static uint8_t *glyph_at(const gentium *g, uint32_t gid) { return g->d + g->glyf + loca_at(g, gid); }

/* Writes over glyph gid's bytes a composite glyph of one component,
 * placed at (0, 0); its slot must hold the 16 bytes. */
static void make_composite(gentium *g, uint32_t gid, unsigned part)
{
	assert_true(loca_at(g, gid + 1) - loca_at(g, gid) >= 16);
	uint8_t *p = glyph_at(g, gid);
	w16(p, 0xFFFF); /* numberOfContours -1: composite */
	w16(p + 2, 0);
	w16(p + 4, 0);
	w16(p + 6, 100);
	w16(p + 8, 100);
	w16(p + 10, 0x0002); /* ARGS_ARE_XY_VALUES, byte arguments, no more */
	w16(p + 12, part);
	p[14] = p[15] = 0;
}

/* ov_font_open's verdict on the damaged copy; then, when it opens, the
 * verdict on the characters of chars (ASCII). "ok" when sound. */
static char verdict[OV_FONTCHECK_WHY];
static const char *check(const gentium *g, const char *chars)
{
	ov_ttf *f;
	ov_fontcheck *c;
	if (ov_font_open(g->d, g->len, &f, &c, verdict, sizeof verdict) != 0) {
		assert_null(f);
		assert_null(c);
		return verdict;
	}
	uint8_t used[8192] = {0};
	for (const char *p = chars; *p; p++)
		set(used, (unsigned char)*p);
	if (ov_fontcheck_chars(c, used, verdict, sizeof verdict) == 0)
		strcpy(verdict, "ok");
	ov_fontcheck_free(c);
	ov_ttf_free(f);
	return verdict;
}

static char expected[OV_FONTCHECK_WHY];

/* The shipped fonts are sound: every glyph, every character they map. */
static void test_font__check_sound(void **state)
{
	(void)state;
	static const char *const files[] = {"GentiumBookPlus-Regular.ttf", "GentiumBookPlus-Italic.ttf",
	                                    "GentiumBookPlus-Bold.ttf", "GentiumBookPlus-BoldItalic.ttf",
	                                    "JetBrainsMono-Regular.ttf"};
	for (size_t i = 0; i < sizeof files / sizeof *files; i++) {
		size_t len;
		uint8_t *d = read_font(files[i], &len);
		ov_ttf *f;
		ov_fontcheck *c;
		char why[OV_FONTCHECK_WHY];
		assert_int_equal(ov_font_open(d, len, &f, &c, why, sizeof why), 0);
		assert_int_equal(ov_fontcheck_damaged(c, why, sizeof why), 0);
		uint8_t used[8192];
		memset(used, 0xFF, sizeof used);
		assert_int_equal(ov_fontcheck_chars(c, used, why, sizeof why), 0);
		ov_fontcheck_free(c);
		ov_ttf_free(f);
		free(d);
	}
}

/* loca: an offset past the end of glyf, and offsets that go backwards */
static void test_font__check_loca(void **state)
{
	(void)state;
	gentium g = load_gentium();
	uint32_t start = loca_at(&g, g.a), next = loca_at(&g, g.a + 1);
	set_loca(&g, g.a + 1, g.glyf_len + 100);
	snprintf(expected, sizeof expected,
	         "is damaged: table 'loca': glyph %u (for 'A') lies outside table 'glyf' (bytes %u to %u of %u)",
	         g.a, start, g.glyf_len + 100, g.glyf_len);
	assert_string_equal(check(&g, "A"), expected);
	/* the book does not use A (nor B, whose start moved too): the font
	 * serves, with a warning */
	assert_string_equal(check(&g, "xyz"), "ok");
	{
		ov_ttf *f;
		ov_fontcheck *c;
		char why[OV_FONTCHECK_WHY];
		assert_int_equal(ov_font_open(g.d, g.len, &f, &c, why, sizeof why), 0);
		assert_int_equal(ov_fontcheck_damaged(c, why, sizeof why), 2);
		snprintf(expected, sizeof expected,
		         "is damaged in 2 glyphs this book does not use; the first: table 'loca': glyph %u (for 'A') lies "
		         "outside table 'glyf' (bytes %u to %u of %u)",
		         g.a, start, g.glyf_len + 100, g.glyf_len);
		assert_string_equal(why, expected);
		ov_fontcheck_free(c);
		ov_ttf_free(f);
	}

	set_loca(&g, g.a + 1, start - 4);
	snprintf(expected, sizeof expected,
	         "is damaged: table 'loca': glyph %u (for 'A') ends before it starts (offsets %u and %u)", g.a, start,
	         start - 4);
	assert_string_equal(check(&g, "HA"), expected);
	set_loca(&g, g.a + 1, next);
	assert_string_equal(check(&g, "HA"), "ok");

	/* too short for maxp's glyph count */
	uint16_t n = u16(g.d + 4);
	for (uint16_t i = 0; i < n; i++) {
		uint8_t *r = g.d + 12 + 16 * i;
		if (memcmp(r, "loca", 4) == 0)
			w32(r + 12, 100);
	}
	snprintf(expected, sizeof expected,
	         "is damaged: table 'loca' is too short for the %u glyphs of table 'maxp' (100 bytes, %u needed)",
	         g.nglyphs, (g.nglyphs + 1) * 4);
	assert_string_equal(check(&g, "A"), expected);
	free(g.d);
}

/* simple glyphs: counts and coordinates that do not fit their bytes */
static void test_font__check_simple(void **state)
{
	(void)state;
	gentium g = load_gentium();
	uint8_t *a = glyph_at(&g, g.a);
	uint32_t len = loca_at(&g, g.a + 1) - loca_at(&g, g.a);
	uint8_t keep[64];
	memcpy(keep, a, sizeof keep);
	assert_int_equal(u16(a), 2); /* two contours */

	w16(a, 30000);
	snprintf(expected, sizeof expected,
	         "is damaged: table 'glyf': glyph %u (for 'A') has 30000 contours, more than its %u bytes hold", g.a, len);
	assert_string_equal(check(&g, "A"), expected);
	memcpy(a, keep, sizeof keep);

	w16(a + 12, 60000); /* the last point is 60000: flags and coordinates cannot fit */
	snprintf(expected, sizeof expected,
	         "is damaged: table 'glyf': glyph %u (for 'A') has point flags that run past its %u bytes", g.a, len);
	assert_string_equal(check(&g, "A"), expected);
	memcpy(a, keep, sizeof keep);

	w16(a + 10, u16(a + 12)); /* contour 0 ends where contour 1 does */
	snprintf(expected, sizeof expected,
	         "is damaged: table 'glyf': glyph %u (for 'A') has contour end points out of order "
	         "(contour 1 ends at point %u, after %u)",
	         g.a, u16(a + 12), u16(a + 12));
	assert_string_equal(check(&g, "A"), expected);
	memcpy(a, keep, sizeof keep);

	w16(a + 8, 30000); /* yMax far above the font's box */
	uint32_t hl;
	const uint8_t *head = g.d + table(g.d, g.len, "head", &hl);
	snprintf(expected, sizeof expected,
	         "is damaged: table 'glyf': glyph %u (for 'A') has a bounding box (%d %d %d 30000) outside the font's "
	         "(%d %d %d %d)",
	         g.a, (int16_t)u16(a + 2), (int16_t)u16(a + 4), (int16_t)u16(a + 6), (int16_t)u16(head + 36),
	         (int16_t)u16(head + 38), (int16_t)u16(head + 40), (int16_t)u16(head + 42));
	assert_string_equal(check(&g, "A"), expected);
	memcpy(a, keep, sizeof keep);

	w16(a + 6, u16(a + 2) + 1); /* a box too narrow for the points: spikes */
	snprintf(expected, sizeof expected, "is damaged: table 'glyf': glyph %u (for 'A') has point ", g.a);
	const char *v = check(&g, "A");
	assert_memory_equal(v, expected, strlen(expected));
	assert_non_null(strstr(v, "outside its bounding box"));
	memcpy(a, keep, sizeof keep);

	/* the instructions claim more bytes than the glyph has */
	w16(a + 14, 60000);
	snprintf(expected, sizeof expected,
	         "is damaged: table 'glyf': glyph %u (for 'A') has 60000 bytes of instructions, more than its %u bytes hold",
	         g.a, len);
	assert_string_equal(check(&g, "A"), expected);
	memcpy(a, keep, sizeof keep);
	assert_string_equal(check(&g, "A"), "ok");
	free(g.d);
}

/* composite glyphs: made of themselves, a cycle, a glyph that does not
 * exist, nesting 100 deep */
static void test_font__check_composite(void **state)
{
	(void)state;
	gentium g = load_gentium();
	uint8_t *keep = malloc(g.len);
	memcpy(keep, g.d, g.len);

	make_composite(&g, g.a, g.a);
	snprintf(expected, sizeof expected, "is damaged: table 'glyf': glyph %u (for 'A') is made of itself", g.a);
	assert_string_equal(check(&g, "A"), expected);

	make_composite(&g, g.b, g.a);
	make_composite(&g, g.a, g.b);
	/* A is met first (lower glyph id): B closes the cycle */
	assert_true(g.a < g.b);
	snprintf(expected, sizeof expected,
	         "is damaged: table 'glyf': glyph %u (part of 'A') is made of glyph %u, which is made of it in turn (a cycle)",
	         g.b, g.a);
	assert_string_equal(check(&g, "A"), expected);
	/* from B alone, A closes it */
	snprintf(expected, sizeof expected,
	         "is damaged: table 'glyf': glyph %u (part of 'B') is made of glyph %u, which is made of it in turn (a cycle)",
	         g.a, g.b);
	assert_string_equal(check(&g, "B"), expected);
	memcpy(g.d, keep, g.len);

	make_composite(&g, g.a, 60000);
	snprintf(expected, sizeof expected,
	         "is damaged: table 'glyf': glyph %u (for 'A') is made of glyph 60000, but the font has %u glyphs", g.a,
	         g.nglyphs);
	assert_string_equal(check(&g, "A"), expected);
	memcpy(g.d, keep, g.len);

	/* glyphs 1000 to 1099 made each of the next: 100 levels; their
	 * bytes, 16 each, go where theirs were */
	uint32_t at = loca_at(&g, 1000);
	assert_true(loca_at(&g, 1100) - at >= 100 * 16);
	for (uint32_t k = 0; k < 100; k++)
		set_loca(&g, 1000 + k, at + 16 * k);
	for (uint32_t k = 0; k < 100; k++)
		make_composite(&g, 1000 + k, 1000 + k + 1);
	ov_ttf *f;
	ov_fontcheck *c;
	char why[OV_FONTCHECK_WHY];
	assert_int_equal(ov_font_open(g.d, g.len, &f, &c, why, sizeof why), 0);
	uint32_t top = 1000;
	assert_int_equal(ov_fontcheck_glyphs(c, &top, 1, why, sizeof why), -1);
	/* glyph 1100 is simple, so 1099 is one level, and 1083 the first of 17 */
	assert_int_equal(u16(glyph_at(&g, 1100)) < 0x8000, 1);
	/* named by the character of glyph 1000, which is made of it */
	assert_string_equal(why, "is damaged: table 'glyf': glyph 1083 (part of '\xCE\x99') nests composite glyphs more "
	                         "than 16 levels deep");
	top = 1084; /* 16 levels: sound */
	assert_int_equal(ov_fontcheck_glyphs(c, &top, 1, why, sizeof why), 0);
	assert_true(ov_fontcheck_glyph_ok(c, 1084));
	assert_false(ov_fontcheck_glyph_ok(c, 1083));
	/* damage found in a glyph's outline is not counted for the warning
	 * about glyphs a book does not use: only what the whole-font scan of
	 * offsets and headers found, the same whichever glyphs were asked for */
	assert_int_equal(ov_fontcheck_damaged(c, why, sizeof why), 0);
	ov_fontcheck_free(c);
	ov_ttf_free(f);
	free(keep);
	free(g.d);
}

/* tables HarfBuzz rejects, or accepts only with parts blanked out; the
 * table directory and head */
static void test_font__check_tables(void **state)
{
	(void)state;
	gentium g = load_gentium();
	uint8_t *keep = malloc(g.len);
	memcpy(keep, g.d, g.len);
	uint32_t tl;
	uint32_t gpos = table(g.d, g.len, "GPOS", &tl);
	w16(g.d + gpos, 2); /* majorVersion 2: HarfBuzz 6 would take it for an empty table */
	assert_string_equal(check(&g, "A"), "is damaged: table 'GPOS' has an unknown version (2.0)");
	memcpy(g.d, keep, g.len);
	uint16_t n = u16(g.d + 4);
	for (uint16_t i = 0; i < n; i++) {
		uint8_t *r = g.d + 12 + 16 * i;
		if (memcmp(r, "GPOS", 4) == 0)
			w32(r + 12, 6); /* shorter than its header */
	}
	assert_string_equal(check(&g, "A"), "is damaged: table 'GPOS' is malformed (HarfBuzz rejects it)");
	memcpy(g.d, keep, g.len);
	w16(g.d + gpos + 8, 0xFFF0); /* the lookup list far past the table's end */
	assert_string_equal(check(&g, "A"),
	                    "is damaged: table 'GPOS' is malformed (HarfBuzz would have to blank out parts of it)");
	memcpy(g.d, keep, g.len);

	uint32_t cmap = table(g.d, g.len, "cmap", &tl);
	w16(g.d + cmap, 1); /* version 0 is the only one */
	assert_string_equal(check(&g, "A"), "is damaged: table 'cmap' is malformed (HarfBuzz rejects it)");
	memcpy(g.d, keep, g.len);

	/* the format 12 group of 'A' mapped past the last glyph: the PDF
	 * would show nothing, HarfBuzz would kern glyph 60000 */
	uint32_t nsub = u16(g.d + cmap + 2), groups = 0, ngroups = 0;
	for (uint32_t i = 0; i < nsub; i++) {
		const uint8_t *r = g.d + cmap + 4 + 8 * i;
		if (u16(r) == 3 && u16(r + 2) == 10) {
			groups = cmap + u32(r + 4) + 16;
			ngroups = u32(g.d + groups - 4);
		}
	}
	assert_true(groups != 0);
	for (uint32_t i = 0; i < ngroups; i++) {
		uint8_t *gr = g.d + groups + 12 * i;
		if (u32(gr) <= 'A' && 'A' <= u32(gr + 4))
			w32(gr + 8, 60000 - ('A' - u32(gr)));
	}
	snprintf(expected, sizeof expected,
	         "is damaged: table 'cmap' maps 'A' to glyph 60000, but the font has %u glyphs", g.nglyphs);
	assert_string_equal(check(&g, "A"), expected);
	memcpy(g.d, keep, g.len);

	uint32_t head = table(g.d, g.len, "head", &tl);
	g.d[head + 12] ^= 0x01; /* magic number */
	assert_string_equal(check(&g, "A"), "is damaged: table 'head' has a wrong version or magic number");
	memcpy(g.d, keep, g.len);

	/* the directory: GPOS's length runs past the end of the file */
	for (uint16_t i = 0; i < n; i++) {
		uint8_t *r = g.d + 12 + 16 * i;
		if (memcmp(r, "GPOS", 4) == 0)
			w32(r + 12, (uint32_t)g.len);
	}
	snprintf(expected, sizeof expected, "is damaged: table 'GPOS' lies outside the file (bytes %u to %u of %zu)",
	         gpos, gpos + (uint32_t)g.len, g.len);
	assert_string_equal(check(&g, "A"), expected);
	memcpy(g.d, keep, g.len);

	/* cut short: the first table that no longer fits is named */
	g.len = 1000;
	assert_memory_equal(check(&g, "A"), "is damaged: table '", 19);
	assert_non_null(strstr(verdict, "lies outside the file"));
	g.len = 5;
	assert_string_equal(check(&g, "A"), "is not a TrueType font");
	g.len = 0;
	assert_string_equal(check(&g, "A"), "is not a TrueType font");
	free(keep);
	free(g.d);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_font__info),
		cmocka_unit_test(test_font__subset),
		cmocka_unit_test(test_font__damaged),
		cmocka_unit_test(test_font__check_sound),
		cmocka_unit_test(test_font__check_loca),
		cmocka_unit_test(test_font__check_simple),
		cmocka_unit_test(test_font__check_composite),
		cmocka_unit_test(test_font__check_tables),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
