/* test_font.c - what font.h reads from the bundled fonts and from an
 * OpenType/CFF one (the PDF's font descriptors), the subsets embedded in
 * the PDF (glyph ids kept, composite parts, advances, the tables and
 * checksums of the program), damaged fonts, and the font checker's exact
 * verdicts on Gentium damaged in specific ways. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "font/font.h"
#include "font/fontcheck.h"
#include "font/shape.h"
#include "util/fsio.h"

/* URW's C059 (fonts-urw-base35, which the tests install): OpenType/CFF */
#define C059 "/usr/share/fonts/opentype/urw-base35/C059-Roman.otf"

static uint16_t u16(const uint8_t *p) { return (uint16_t)(p[0] << 8 | p[1]); }
static int16_t s16(const uint8_t *p) { return (int16_t)u16(p); }
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
	w16(p, v >> 16);
	w16(p + 2, v & 0xFFFF);
}

static uint8_t *read_path(const char *path, size_t *len)
{
	char *data;
	if (ov_read_file(path, &data, len) != 0)
		fail_msg("cannot read %s", path);
	return (uint8_t *)data;
}

static uint8_t *read_font(const char *name, size_t *len)
{
	char path[1024];
	snprintf(path, sizeof path, "%s/%s", getenv("OCTAVO_FONT_DIR"), name);
	return read_path(path, len);
}

static ov_font *load(const uint8_t *d, size_t len)
{
	char why[OV_FONTCHECK_WHY];
	ov_font *f = ov_font_load(d, len, why, sizeof why);
	if (!f)
		fail_msg("font %s", why);
	return f;
}

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

/* The structure of a font program as it is embedded: a sorted table
 * directory, table checksums, the whole-font checksum (OpenType 1.9,
 * "Calculating checksums": 0xB1B0AFBA with 'head' checkSumAdjustment). */
static void check_sfnt(const uint8_t *d, size_t len)
{
	assert_true(len >= 12);
	uint16_t n = u16(d + 4);
	assert_true(12 + 16 * (size_t)n <= len);
	for (uint16_t i = 0; i < n; i++) {
		const uint8_t *r = d + 12 + i * 16;
		if (i > 0)
			assert_true(memcmp(r - 16, r, 4) < 0);
		uint32_t off = u32(r + 8), tl = u32(r + 12), sum = 0;
		assert_true(off % 4 == 0 && off <= len && tl <= len - off);
		for (uint32_t k = 0; k < tl; k += 4) {
			uint8_t w[4] = {0, 0, 0, 0};
			memcpy(w, d + off + k, tl - k < 4 ? tl - k : 4);
			sum += u32(w) - (memcmp(r, "head", 4) == 0 && k == 8 ? u32(w) : 0);
		}
		assert_int_equal(sum, u32(r + 4));
	}
	uint32_t total = 0;
	for (size_t k = 0; k < len; k += 4) {
		uint8_t w[4] = {0, 0, 0, 0};
		memcpy(w, d + k, len - k < 4 ? len - k : 4);
		total += u32(w);
	}
	assert_int_equal(total, 0xB1B0AFBAu);
}

/* The bytes of glyph g in a TrueType font's 'glyf' (loca as 'head' says) */
typedef struct {
	const uint8_t *glyf, *loca;
	uint32_t glyf_len;
	bool long_loca;
} glyf_table;

static glyf_table glyf_of(const uint8_t *d, size_t len)
{
	glyf_table t;
	uint32_t hl, ll;
	t.glyf = d + table(d, len, "glyf", &t.glyf_len);
	t.loca = d + table(d, len, "loca", &ll);
	t.long_loca = u16(d + table(d, len, "head", &hl) + 50) == 1;
	return t;
}

static uint32_t glyph_len(const glyf_table *t, uint32_t g, const uint8_t **p)
{
	uint32_t a = t->long_loca ? u32(t->loca + 4 * g) : 2u * u16(t->loca + 2 * g);
	uint32_t b = t->long_loca ? u32(t->loca + 4 * g + 4) : 2u * u16(t->loca + 2 * g + 2);
	assert_true(a <= b && b <= t->glyf_len);
	*p = t->glyf + a;
	return b - a;
}

/* The components of composite glyph bytes p[0..len) into parts; their
 * count, 0 for a simple glyph ('glyf', "Composite glyph description"). */
static size_t components(const uint8_t *p, uint32_t len, uint32_t *parts, size_t max)
{
	if (len < 10 || s16(p) >= 0)
		return 0;
	size_t n = 0;
	uint32_t at = 10;
	uint16_t flags;
	do {
		assert_true(at + 4 <= len && n < max);
		flags = u16(p + at);
		parts[n++] = u16(p + at + 2);
		at += 4 + ((flags & 1) ? 4 : 2) + ((flags & 8) ? 2 : (flags & 0x40) ? 4 : (flags & 0x80) ? 8 : 0);
	} while (flags & 0x20);
	return n;
}

/* What the PDF's font descriptors read (font.h): for each font, its
 * PostScript name, slant, pitch, box, vertical metrics as HarfBuzz gives
 * them ('hhea', or 'OS/2' typographic metrics when fsSelection bit 7
 * asks for them), units per em and glyph count ('head', 'maxp'). */
static void test_font__info(void **state)
{
	(void)state;
	static const struct {
		const char *file, *ps, *family;
		bool italic, fixed, cff;
	} fonts[] = {{"GentiumBookPlus-Regular.ttf", "GentiumBookPlus", "Gentium Book Plus", false, false, false},
	             {"GentiumBookPlus-Italic.ttf", "GentiumBookPlus-Italic", "Gentium Book Plus", true, false, false},
	             {"JetBrainsMono-Regular.ttf", "JetBrainsMono-Regular", "JetBrains Mono", false, true, false},
	             {C059, "C059-Roman", "C059", false, false, true}};
	for (size_t i = 0; i < sizeof fonts / sizeof *fonts; i++) {
		size_t len;
		uint8_t *d = fonts[i].file[0] == '/' ? read_path(fonts[i].file, &len) : read_font(fonts[i].file, &len);
		ov_font *f = load(d, len);
		const ov_font_info *in = ov_font_info_of(f);
		assert_string_equal(in->ps_name, fonts[i].ps);
		char family[64];
		assert_true(ov_font_name(f, 1, family, sizeof family));
		assert_string_equal(family, fonts[i].family);
		assert_false(ov_font_name(f, 1, family, 3)); /* does not fit */
		assert_string_equal(family, "");
		assert_true(fonts[i].italic ? in->italic_angle < -5 : in->italic_angle == 0);
		assert_int_equal(in->fixed_pitch, fonts[i].fixed);
		assert_int_equal(in->cff, fonts[i].cff);
		uint32_t tl;
		const uint8_t *head = d + table(d, len, "head", &tl), *maxp = d + table(d, len, "maxp", &tl);
		const uint8_t *hhea = d + table(d, len, "hhea", &tl), *os2 = d + table(d, len, "OS/2", &tl);
		unsigned upem = u16(head + 18);
		assert_int_equal(in->upem, upem);
		assert_int_equal(in->glyph_count, u16(maxp + 4));
		for (int b = 0; b < 4; b++)
			assert_int_equal(in->bbox[b], s16(head + 36 + 2 * b) * 1000 / (int)upem);
		bool typo = u16(os2 + 62) & 0x80;
		assert_int_equal(in->ascent, (typo ? s16(os2 + 68) : s16(hhea + 4)) * 1000 / (int)upem);
		assert_int_equal(in->descent, (typo ? s16(os2 + 70) : s16(hhea + 6)) * 1000 / (int)upem);
		assert_true(in->cap_height > in->x_height && in->x_height > 300);
		assert_int_equal(in->weight, u16(os2 + 4));
		/* the advance of 'H', as the PDF's /W gives it */
		uint32_t h = ov_font_glyph(f, 'H');
		assert_true(h > 0);
		assert_true(ov_font_advance(f, h) > 300 && ov_font_advance(f, h) < 1000);
		assert_int_equal(ov_font_advance(f, in->glyph_count), 0);
		assert_int_equal(ov_font_glyph(f, 0xE000), 0);
		ov_font_free(f);
		free(d);
	}
}

/* The subset the PDF embeds (ov_font_subset_for_pdf): the glyphs asked
 * for (a ligature, which no character maps to, among them) and the
 * parts of composite ones, at their own ids, with their own advances;
 * the glyphs not asked for are empty; no layout tables; a well-formed
 * program that checks as sound. */
static void test_font__subset(void **state)
{
	(void)state;
	size_t len;
	uint8_t *data = read_font("GentiumBookPlus-Regular.ttf", &len);
	ov_font *f = load(data, len);
	const ov_font_info *in = ov_font_info_of(f);
	ov_fontset *fs = ov_fontset_new("en");
	int fi = ov_fontset_add(fs, f);
	ov_fontset_chain(fs, 0, &fi, 1);
	ov_shaper *sh = ov_shaper_new(fs);
	ov_glyph_run run = {0};
	/* V, A, é (e and an accent), ệ (three parts), an em dash, fi */
	static const char text[] = "VA\xc3\xa9\xe1\xbb\x87\xe2\x80\x94" "fi";
	ov_shape(sh, 0, 0, text, strlen(text), &run);
	assert_int_equal(run.count, 6); /* fi is one glyph */
	uint32_t gids[7] = {0};
	for (size_t i = 0; i < run.count; i++)
		gids[i + 1] = run.glyphs[i].gid;
	uint32_t fi_glyph = gids[6];
	assert_int_equal(ov_font_glyph(f, 'f') == fi_glyph || ov_font_glyph(f, 'i') == fi_glyph, 0);
	size_t n;
	uint8_t *sub = ov_font_subset_for_pdf(f, gids, 7, &n);
	assert_non_null(sub);
	assert_true(n < len / 10);
	check_sfnt(sub, n);
	uint32_t tl;
	assert_int_equal(table(sub, n, "GSUB", &tl), 0);
	assert_int_equal(table(sub, n, "GPOS", &tl), 0);
	assert_int_equal(table(sub, n, "GDEF", &tl), 0);

	ov_font *s = load(sub, n);
	const ov_font_info *si = ov_font_info_of(s);
	assert_string_equal(si->ps_name, "GentiumBookPlus");
	assert_false(si->cff);
	/* ids kept: the count reaches the highest kept glyph, no further */
	uint32_t top = 0;
	for (size_t i = 0; i < 7; i++)
		top = gids[i] > top ? gids[i] : top;
	assert_true(si->glyph_count > top && si->glyph_count <= in->glyph_count);
	char why[OV_FONTCHECK_WHY];
	assert_int_equal(ov_fontcheck_glyphs(ov_font_check(s), gids, 7, why, sizeof why), 0);
	assert_int_equal(ov_fontcheck_damaged(ov_font_check(s), why, sizeof why), 0);
	for (size_t i = 0; i < 7; i++)
		assert_int_equal(ov_font_advance(s, gids[i]), ov_font_advance(f, gids[i]));
	/* characters only for kept glyphs (hb-subset keeps those whose
	 * glyph is kept; the PDF addresses glyphs and reads none of them) */
	assert_true(ov_font_glyph(s, 'A') == 0 || ov_font_glyph(s, 'A') == ov_font_glyph(f, 'A'));
	assert_int_equal(ov_font_glyph(s, 'B'), 0);

	/* each kept glyph has an outline in the subset, and the parts of the
	 * composite ones are kept (é and ệ are composites in Gentium) */
	glyf_table orig = glyf_of(data, len), kept = glyf_of(sub, n);
	int composites = 0;
	for (size_t i = 1; i < 7; i++) {
		const uint8_t *p, *q;
		uint32_t l = glyph_len(&orig, gids[i], &p), k = glyph_len(&kept, gids[i], &q);
		assert_true(l > 0 && k > 0);
		uint32_t parts[8];
		size_t np = components(p, l, parts, 8);
		composites += np > 0;
		for (size_t j = 0; j < np; j++) {
			assert_true(parts[j] < si->glyph_count);
			assert_true(glyph_len(&kept, parts[j], &q) > 0);
			assert_int_equal(ov_font_advance(s, parts[j]), ov_font_advance(f, parts[j]));
		}
	}
	assert_true(composites >= 2);
	/* a glyph not asked for (B) is empty, though its id lies below the top */
	uint32_t b = ov_font_glyph(f, 'B');
	const uint8_t *q;
	assert_true(b > 0 && b < top);
	assert_int_equal(glyph_len(&kept, b, &q), 0);
	ov_font_free(s);
	free(sub);

	/* nothing drawn: .notdef alone */
	sub = ov_font_subset_for_pdf(f, gids, 1, &n);
	assert_non_null(sub);
	check_sfnt(sub, n);
	s = load(sub, n);
	assert_int_equal(ov_font_info_of(s)->glyph_count, 1);
	ov_font_free(s);
	free(sub);

	free(run.glyphs);
	ov_shaper_free(sh);
	ov_fontset_free(fs);
	ov_font_free(f);
	free(data);
}

/* Damaged fonts: each table's offset pointed past the end of the file,
 * each table's length cut, the file cut short at many places, loca
 * entries pointing anywhere. None may crash (the sanitizer build runs
 * this); a damaged font is refused with a message, or loads, and then
 * the PDF's subset of its sound glyphs loads and checks as sound.
 * Returns 0 refused, 1 loaded, 2 loaded and subset. */
static int damaged_verdict(const uint8_t *d, size_t len, const uint32_t *cps, size_t ncps)
{
	char why[OV_FONTCHECK_WHY];
	ov_font *f = ov_font_load(d, len, why, sizeof why);
	if (!f) {
		assert_true(strncmp(why, "is damaged: ", 12) == 0 ||
		            strcmp(why, "is not an OpenType or TrueType font") == 0);
		return 0;
	}
	ov_fontcheck *c = ov_font_check(f);
	ov_fontcheck_code_points(c, cps, ncps, why, sizeof why);
	ov_fontcheck_damaged(c, why, sizeof why);
	uint32_t gids[512];
	size_t n = 0;
	gids[n++] = 0;
	for (size_t i = 0; i < ncps && n < 512; i++) {
		uint32_t g = ov_font_glyph(f, cps[i]);
		if (g && ov_fontcheck_glyph_ok(c, g))
			gids[n++] = g;
	}
	size_t sl;
	uint8_t *sub = ov_fontcheck_glyph_ok(c, 0) ? ov_font_subset_for_pdf(f, gids, n, &sl) : NULL;
	int made = sub ? 2 : 1;
	if (sub) {
		ov_font *s = ov_font_load(sub, sl, why, sizeof why);
		if (!s)
			fail_msg("the subset of sound glyphs %s", why);
		assert_int_equal(ov_fontcheck_glyphs(ov_font_check(s), gids, n, why, sizeof why), 0);
		assert_int_equal(ov_fontcheck_damaged(ov_font_check(s), why, sizeof why), 0);
		ov_font_free(s);
		free(sub);
	}
	ov_font_free(f);
	return made;
}

static void test_font__damaged(void **state)
{
	(void)state;
	size_t len;
	uint8_t *orig = read_font("JetBrainsMono-Regular.ttf", &len);
	uint32_t cps[0x160];
	size_t ncps = 0;
	for (uint32_t cp = 0x20; cp < 0x180; cp++)
		cps[ncps++] = cp;
	uint8_t *d = malloc(len);
	uint16_t n = u16(orig + 4);
	int loaded = 0, refused = 0, subsets = 0;
	char why[OV_FONTCHECK_WHY], expected[OV_FONTCHECK_WHY];
	for (uint16_t t = 0; t < n; t++) {
		memcpy(d, orig, len);
		uint8_t *r = d + 12 + t * 16;
		r[8] = 0x7F; /* the offset far past the end */
		assert_null(ov_font_load(d, len, why, sizeof why));
		snprintf(expected, sizeof expected,
		         "is damaged: table '%.4s' lies outside the file (bytes %u to %u of %zu)", (const char *)r,
		         (unsigned)u32(r + 8), (unsigned)(u32(r + 8) + u32(r + 12)), len);
		assert_string_equal(why, expected);
		refused++;
		memcpy(d, orig, len);
		r[12] = 0x7F; /* the length */
		assert_null(ov_font_load(d, len, why, sizeof why));
		assert_memory_equal(why, "is damaged: table '", 19);
		refused++;
		memcpy(d, orig, len);
		w32(r + 12, u32(r + 12) / 2); /* the table cut in half */
		int v = damaged_verdict(d, len, cps, ncps);
		loaded += v > 0;
		subsets += v == 2;
		refused += v == 0;
	}
	/* loca entries pointing anywhere, but for .notdef's (glyph 0 is in
	 * every subset) */
	memcpy(d, orig, len);
	uint32_t ll;
	uint32_t loca = table(d, len, "loca", &ll);
	for (uint32_t k = 8; k < ll; k += 7)
		d[loca + k] ^= 0xA5;
	assert_int_equal(damaged_verdict(d, len, cps, ncps), 2);
	ov_font *f = load(d, len);
	assert_true(ov_fontcheck_damaged(ov_font_check(f), why, sizeof why) > 100);
	ov_font_free(f);
	loaded++;
	subsets++;
	for (size_t cut = 0; cut < len; cut += len / 97 + 1) {
		int v = damaged_verdict(orig, cut, cps, ncps);
		loaded += v > 0;
		subsets += v == 2;
		refused += v == 0;
	}
	assert_true(loaded > 1 && subsets > 1 && refused > 0);
	free(d);
	free(orig);
}

/* ---- the font checker (fontcheck.h) ---- */

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
	ov_font *f = load(g.d, g.len);
	g.a = ov_font_glyph(f, 'A');
	g.b = ov_font_glyph(f, 'B');
	ov_font_free(f);
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

/* ov_font_load's verdict on the damaged copy; then, when it loads, the
 * verdict on the characters of chars (ASCII; ov_fontcheck_code_points).
 * "ok" when sound. */
static char verdict[OV_FONTCHECK_WHY];
static const char *check_bytes(const uint8_t *d, size_t len, const char *chars)
{
	ov_font *f = ov_font_load(d, len, verdict, sizeof verdict);
	if (!f)
		return verdict;
	uint32_t cps[64];
	size_t n = 0;
	for (const char *p = chars; *p && n < 64; p++)
		cps[n++] = (unsigned char)*p;
	if (ov_fontcheck_code_points(ov_font_check(f), cps, n, verdict, sizeof verdict) == 0)
		strcpy(verdict, "ok");
	ov_font_free(f);
	return verdict;
}

static const char *check(const gentium *g, const char *chars) { return check_bytes(g->d, g->len, chars); }

static char expected[OV_FONTCHECK_WHY];

/* The shipped fonts, and C059, are sound: every glyph, every character
 * they map (and the .notdef glyph drawn for one they lack). */
static void test_font__check_sound(void **state)
{
	(void)state;
	static const char *const files[] = {"GentiumBookPlus-Regular.ttf", "GentiumBookPlus-Italic.ttf",
	                                    "GentiumBookPlus-Bold.ttf",    "GentiumBookPlus-BoldItalic.ttf",
	                                    "JetBrainsMono-Regular.ttf",   C059};
	uint32_t *cps = malloc(0x110000 * sizeof *cps);
	for (size_t i = 0; i < sizeof files / sizeof *files; i++) {
		size_t len;
		uint8_t *d = files[i][0] == '/' ? read_path(files[i], &len) : read_font(files[i], &len);
		ov_font *f = load(d, len);
		ov_fontcheck *c = ov_font_check(f);
		char why[OV_FONTCHECK_WHY];
		assert_int_equal(ov_fontcheck_damaged(c, why, sizeof why), 0);
		size_t n = 0, mapped = 0;
		for (uint32_t cp = 1; cp < 0x110000; cp++)
			if (ov_font_glyph(f, cp) || cp == 0xE000) {
				cps[n++] = cp;
				mapped += cp != 0xE000;
			}
		assert_true(mapped > 200);
		assert_int_equal(ov_fontcheck_code_points(c, cps, n, why, sizeof why), 0);
		uint32_t count = ov_font_info_of(f)->glyph_count;
		for (uint32_t g = 0; g < count; g++)
			cps[g] = g;
		assert_int_equal(ov_fontcheck_glyphs(c, cps, count, why, sizeof why), 0);
		assert_true(ov_fontcheck_glyph_ok(c, 0));
		ov_font_free(f);
		free(d);
	}
	free(cps);
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
		ov_font *f = load(g.d, g.len);
		ov_fontcheck *c = ov_font_check(f);
		char why[OV_FONTCHECK_WHY];
		assert_int_equal(ov_fontcheck_damaged(c, why, sizeof why), 2);
		snprintf(expected, sizeof expected,
		         "is damaged in 2 glyphs this book does not use; the first: table 'loca': glyph %u (for 'A') lies "
		         "outside table 'glyf' (bytes %u to %u of %u)",
		         g.a, start, g.glyf_len + 100, g.glyf_len);
		assert_string_equal(why, expected);
		ov_font_free(f);
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
	ov_font *f = load(g.d, g.len);
	ov_fontcheck *c = ov_font_check(f);
	char why[OV_FONTCHECK_WHY];
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
	ov_font_free(f);
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

	/* no 'cmap': damage in a book's font; in a program to embed (a PDF
	 * subset), whose glyphs are addressed by id, none */
	for (uint16_t i = 0; i < n; i++)
		if (memcmp(g.d + 12 + 16 * i, "cmap", 4) == 0)
			memcpy(g.d + 12 + 16 * i, "cmaq", 4);
	assert_string_equal(check(&g, "A"), "is damaged: table 'cmap' is missing");
	{
		char why[OV_FONTCHECK_WHY];
		ov_fontcheck *c = ov_fontcheck_open_program(g.d, g.len, why, sizeof why);
		assert_non_null(c);
		assert_true(ov_fontcheck_glyph_ok(c, g.a));
		ov_fontcheck_free(c);
	}
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
	assert_string_equal(check(&g, "A"), "is not an OpenType or TrueType font");
	g.len = 0;
	assert_string_equal(check(&g, "A"), "is not an OpenType or TrueType font");
	free(keep);
	free(g.d);
}

/* ---- OpenType/CFF (cffcheck.c) ---- */

/* The directory entry of table tag. */
static uint8_t *entry_of(uint8_t *d, const char *tag)
{
	uint16_t n = u16(d + 4);
	for (uint16_t i = 0; i < n; i++)
		if (memcmp(d + 12 + 16 * i, tag, 4) == 0)
			return d + 12 + 16 * i;
	fail_msg("no table '%s'", tag);
	return NULL;
}

/* A CFF INDEX at p (TN #5176 §5): its count, offset size, offsets and
 * the byte before its data (offsets count from 1); returns the byte after
 * it. */
typedef struct {
	uint32_t count, osize;
	const uint8_t *offs, *data;
} cff_index;

static uint32_t cff_offset(const cff_index *x, uint32_t i)
{
	uint32_t v = 0;
	for (uint32_t k = 0; k < x->osize; k++)
		v = v << 8 | x->offs[i * x->osize + k];
	return v;
}

static const uint8_t *read_index(const uint8_t *p, cff_index *x)
{
	x->count = u16(p);
	x->osize = p[2];
	x->offs = p + 3;
	x->data = x->offs + (x->count + 1) * x->osize - 1;
	return x->data + cff_offset(x, x->count);
}

/* The offset of the CharStrings INDEX in the CFF table: the operand of
 * Top DICT operator 17 (TN #5176 §9; operands as in §4, Table 3). */
static uint32_t charstrings_at(const uint8_t *cff)
{
	cff_index name, top;
	read_index(read_index(cff + cff[2], &name), &top);
	const uint8_t *p = top.data + cff_offset(&top, 0), *e = top.data + cff_offset(&top, 1);
	int32_t last = 0;
	while (p < e) {
		uint8_t b = *p;
		if (b == 28) {
			last = (int16_t)u16(p + 1);
			p += 3;
		} else if (b == 29) {
			last = (int32_t)u32(p + 1);
			p += 5;
		} else if (b == 30) {
			while ((*++p & 0x0F) != 0x0F && (*p >> 4) != 0x0F)
				;
			p++;
		} else if (b >= 32 && b <= 246) {
			last = b - 139;
			p++;
		} else if (b >= 247 && b <= 250) {
			last = (b - 247) * 256 + p[1] + 108;
			p += 2;
		} else if (b >= 251 && b <= 254) {
			last = -(b - 251) * 256 - p[1] - 108;
			p += 2;
		} else if (b == 17) {
			return (uint32_t)last;
		} else {
			p += b == 12 ? 2 : 1;
		}
	}
	fail_msg("no CharStrings in the Top DICT");
	return 0;
}

/* d with its 'CFF ' table replaced by cff[0..n) (appended at the end);
 * malloc'ed, *len its length. */
static uint8_t *with_cff(const uint8_t *d, size_t *len, const uint8_t *cff, size_t n)
{
	size_t at = (*len + 3) & ~(size_t)3;
	uint8_t *out = calloc(1, at + n);
	memcpy(out, d, *len);
	memcpy(out + at, cff, n);
	uint8_t *r = entry_of(out, "CFF ");
	w32(r + 8, (uint32_t)at);
	w32(r + 12, (uint32_t)n);
	*len = at + n;
	return out;
}

/* C059 damaged in its 'CFF ' table or in what HarfBuzz needs to read it,
 * and the CFF fonts Octavo refuses: every verdict is ready to follow
 * "font 'PATH' " in a message at the font's place in book.yaml. */
static void test_font__check_cff(void **state)
{
	(void)state;
	size_t len;
	uint8_t *keep = read_path(C059, &len);
	uint8_t *d = malloc(len);
	memcpy(d, keep, len);
	assert_string_equal(check_bytes(d, len, "AVATAR"), "ok");
	uint8_t *r = entry_of(d, "CFF ");
	uint32_t at = u32(r + 8), cl = u32(r + 12);
	const uint8_t *cff = keep + at;

	/* truncated: in its header, in its Top DICT INDEX, in its charstrings */
	w32(r + 12, 3);
	assert_string_equal(check_bytes(d, len, "A"), "is damaged: table 'CFF ' has a wrong header");
	cff_index name, top;
	const uint8_t *top_at = read_index(cff + cff[2], &name);
	const uint8_t *after_top = read_index(top_at, &top);
	w32(r + 12, (uint32_t)(after_top - cff - 1));
	assert_string_equal(check_bytes(d, len, "A"),
	                    "is damaged: table 'CFF ' has a name or Top DICT index that runs past its end");
	w32(r + 12, cl / 2);
	assert_string_equal(check_bytes(d, len, "A"),
	                    "is damaged: table 'CFF ' is malformed (HarfBuzz cannot read its glyphs)");
	memcpy(d, keep, len);

	/* the Top DICT INDEX broken: its first offset past its last, its last
	 * offset 0 */
	assert_int_equal(top.count, 1);
	uint8_t *offs = d + at + (top.offs - cff);
	offs[top.osize - 1] = (uint8_t)(cff_offset(&top, 1) + 1);
	assert_string_equal(check_bytes(d, len, "A"),
	                    "is damaged: table 'CFF ' has a Top DICT index with offsets out of order");
	memcpy(d, keep, len);
	memset(offs + top.osize, 0, top.osize);
	assert_string_equal(check_bytes(d, len, "A"),
	                    "is damaged: table 'CFF ' has a name or Top DICT index that runs past its end");
	memcpy(d, keep, len);

	/* maxp's glyph count is not the CharStrings INDEX's (hhea and hmtx
	 * made to agree with maxp): HarfBuzz then reads no glyph */
	uint8_t *maxp = d + u32(entry_of(d, "maxp") + 8), *hhea = d + u32(entry_of(d, "hhea") + 8);
	cff_index cs;
	read_index(cff + charstrings_at(cff), &cs);
	assert_int_equal(u16(maxp + 4), cs.count);
	w16(hhea + 34, cs.count - 100);
	w16(maxp + 4, cs.count + 50);
	assert_string_equal(check_bytes(d, len, "A"),
	                    "is damaged: table 'CFF ' is malformed (HarfBuzz cannot read its glyphs)");
	memcpy(d, keep, len);

	/* A's charstring calls a subroutine with no number for it: A is
	 * damaged, the rest of the font serves */
	ov_font *f = load(keep, len);
	uint32_t a = ov_font_glyph(f, 'A');
	ov_font_free(f);
	uint8_t *cs_a = d + at + (cs.data - cff) + cff_offset(&cs, a);
	uint32_t cs_len = cff_offset(&cs, a + 1) - cff_offset(&cs, a);
	assert_true(cs_len > 2);
	memset(cs_a, 14, cs_len); /* endchar */
	cs_a[0] = 10;             /* callsubr, its operand stack empty */
	snprintf(expected, sizeof expected,
	         "is damaged: table 'CFF ': glyph %u (for 'A') has a charstring that HarfBuzz cannot run", a);
	assert_string_equal(check_bytes(d, len, "VA"), expected);
	assert_string_equal(check_bytes(d, len, "BCD"), "ok");
	memcpy(d, keep, len);

	/* outlines far outside the font's box: the box made 16 units wide, at
	 * 16 units per em */
	uint8_t *head = d + u32(entry_of(d, "head") + 8);
	w16(head + 18, 16);
	memset(head + 36, 0, 8);
	w16(head + 40, 16);
	w16(head + 42, 16);
	snprintf(expected, sizeof expected, "is damaged: table 'CFF ': glyph %u (for 'A') draws a point at (", a);
	const char *v = check_bytes(d, len, "A");
	assert_memory_equal(v, expected, strlen(expected));
	assert_non_null(strstr(v, "), far outside the font's bounding box (0 0 16 16)"));
	memcpy(d, keep, len);

	/* refused: CID-keyed (a minimal CFF whose Top DICT is ROS 0 0 0, TN
	 * #5176 §18), two fonts in one table, CFF2 outlines */
	static const uint8_t cid[] = {1,    0,    4,    1,                   /* header */
	                              0,    1,    1,    1,    2,    'A',     /* Name INDEX */
	                              0,    1,    1,    1,    6,             /* Top DICT INDEX */
	                              0x8B, 0x8B, 0x8B, 12,   30};           /* 0 0 0 ROS */
	size_t n = len;
	uint8_t *x = with_cff(keep, &n, cid, sizeof cid);
	assert_string_equal(check_bytes(x, n, "A"), "is a CID-keyed CFF font, which Octavo cannot embed; use a "
	                                            "TrueType or name-keyed OpenType version of it");
	free(x);
	static const uint8_t two[] = {1, 0, 4, 1, 0, 2, 1, 1, 2, 3, 'A', 'B', 0, 2, 1, 1, 2, 3, 0x8B, 0x8B};
	n = len;
	x = with_cff(keep, &n, two, sizeof two);
	assert_string_equal(check_bytes(x, n, "A"),
	                    "holds 2 fonts in its table 'CFF ' (an OpenType font holds one)");
	free(x);
	memcpy(entry_of(d, "CFF "), "CFF2", 4); /* still 'OTTO', as CFF2 fonts are */
	assert_string_equal(check_bytes(d, len, "A"),
	                    "has CFF2 outlines (a variable font), which Octavo cannot embed");
	free(d);
	free(keep);
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
		cmocka_unit_test(test_font__check_cff),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
