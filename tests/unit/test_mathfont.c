/* test_mathfont.c - what mathfont.h reads from TeX Gyre Pagella Math
 * (fonts-texgyre-math) through HarfBuzz: every MathConstants value
 * against the table's own bytes, AxisHeight and the rule thickness against
 * the minus sign's ink, the variants and assemblies of '(', '{' and '∑',
 * 'ssty' alternates, italic corrections, top accents, the extended-shape
 * flag, and a font without MATH. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "font/font.h"
#include "font/mathfont.h"
#include "util/fsio.h"

#define PAGELLA "/usr/share/texmf/fonts/opentype/public/tex-gyre-math/texgyrepagella-math.otf"

typedef struct {
	char *data;
	size_t len;
	ov_font *f;
	ov_math_metrics m;
	ov_font_math_cache *c;
} fixture;

static int setup(void **state)
{
	fixture *x = calloc(1, sizeof *x);
	if (ov_read_file(PAGELLA, &x->data, &x->len) != 0)
		fail_msg("cannot read %s (Debian package fonts-texgyre-math)", PAGELLA);
	char why[OV_FONTCHECK_WHY];
	x->f = ov_font_load((const uint8_t *)x->data, x->len, why, sizeof why);
	if (!x->f)
		fail_msg("font %s", why);
	x->c = ov_font_math_metrics(x->f, 7, &x->m);
	assert_non_null(x->c);
	*state = x;
	return 0;
}

static int teardown(void **state)
{
	fixture *x = *state;
	ov_font_math_cache_free(x->c);
	ov_font_free(x->f);
	free(x->data);
	free(x);
	return 0;
}

static uint16_t u16(const uint8_t *p) { return (uint16_t)(p[0] << 8 | p[1]); }
static uint32_t u32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

/* the MathConstants subtable's bytes, found by hand (OpenType 1.9: the
 * table directory, MATH header's mathConstantsOffset) */
static const uint8_t *math_constants(const fixture *x)
{
	const uint8_t *d = (const uint8_t *)x->data;
	for (uint16_t i = 0; i < u16(d + 4); i++) {
		const uint8_t *r = d + 12 + i * 16;
		if (memcmp(r, "MATH", 4) == 0)
			return d + u32(r + 8) + u16(d + u32(r + 8) + 4);
	}
	fail_msg("no MATH table");
	return NULL;
}

static ov_mglyph glyph(fixture *x, uint32_t cp, int level)
{
	ov_mglyph g;
	assert_true(x->m.glyph(x->m.ctx, cp, level, &g));
	return g;
}

static void test_mathfont__constants(void **state)
{
	fixture *x = *state;
	assert_true(ov_font_has_math(x->f));
	assert_int_equal(x->m.font, 7);
	assert_int_equal(ov_font_info_of(x->f)->upem, 1000);
	/* every constant as the table's bytes give it: four int16 (two
	 * percents, two heights), then MathValueRecords {value, device
	 * offset}, then the last percent (int16) */
	const uint8_t *mc = math_constants(x);
	for (int i = 0; i < OV_MC__COUNT; i++) {
		int16_t raw = (int16_t)(i < 4 ? u16(mc + 2 * i)
		                              : i < OV_MC_RADICAL_DEGREE_BOTTOM_RAISE_PERCENT ? u16(mc + 8 + 4 * (i - 4))
		                                                                               : u16(mc + 8 + 4 * 51));
		assert_true(x->m.constant[i] == raw); /* upem 1000: 1/1000 em are font units */
		assert_true(ov_font_math_constant(x->f, (ov_math_constant)i) == raw);
	}
	assert_true(x->m.constant[OV_MC_SCRIPT_PERCENT_SCALE_DOWN] == 74);
	assert_true(x->m.constant[OV_MC_SCRIPT_SCRIPT_PERCENT_SCALE_DOWN] == 55);
	assert_true(x->m.constant[OV_MC_RADICAL_DEGREE_BOTTOM_RAISE_PERCENT] == 55);
	assert_true(x->m.constant[OV_MC_AXIS_HEIGHT] == 250);
	assert_true(x->m.constant[OV_MC_FRACTION_RULE_THICKNESS] == 60);
	assert_true(x->m.constant[OV_MC_DISPLAY_OPERATOR_MIN_HEIGHT] == 1500);
	assert_true(x->m.constant[OV_MC_RADICAL_KERN_AFTER_DEGREE] == -344);
	assert_true(x->m.min_connector_overlap == 30);
	/* independently: the minus sign sits on the math axis, and its bar is
	 * as thick as a fraction rule */
	ov_mglyph minus = glyph(x, 0x2212, 0);
	assert_true((minus.height - minus.depth) / 2 == x->m.constant[OV_MC_AXIS_HEIGHT]);
	assert_true(minus.height + minus.depth == x->m.constant[OV_MC_FRACTION_RULE_THICKNESS]);
	assert_true(minus.advance == 760);
}

static void test_mathfont__glyphs(void **state)
{
	fixture *x = *state;
	/* 𝑓 (U+1D453): a big italic correction; 'ssty' alternates at both levels */
	ov_mglyph f0 = glyph(x, 0x1D453, 0), f1 = glyph(x, 0x1D453, 1), f2 = glyph(x, 0x1D453, 2);
	assert_int_equal(f0.gid, ov_font_glyph(x->f, 0x1D453));
	assert_true(f0.gid != f1.gid && f1.gid != f2.gid && f0.gid != f2.gid);
	assert_true(f0.italic == 163 && f1.italic == 165 && f2.italic == 166);
	assert_true(f0.advance == 278 && f0.height == 733 && f0.depth == 276);
	assert_true(f0.top_accent == 356);
	assert_false(f0.extended);
	/* the script alternates are drawn wider, to be scaled down (74 %, 55 %) */
	assert_true(f1.advance > f0.advance && f2.advance > f1.advance);
	/* the prime's alternates: the text one sits high, the script ones lower */
	ov_mglyph p0 = glyph(x, 0x2032, 0), p1 = glyph(x, 0x2032, 1);
	assert_true(p0.gid != p1.gid);
	assert_true(p0.height == 779 && p0.depth == -446);
	assert_true(p1.height == 518);
	/* a glyph without alternates stays itself; levels past 2 are 2 */
	assert_int_equal(glyph(x, '(', 2).gid, glyph(x, '(', 0).gid);
	assert_int_equal(glyph(x, 0x1D453, 5).gid, f2.gid);
	/* top accent: half the advance where the table has none */
	ov_mglyph paren = glyph(x, '(', 0);
	assert_true(paren.top_accent == paren.advance / 2);
	/* none for a character the font lacks */
	ov_mglyph none;
	assert_false(x->m.glyph(x->m.ctx, 0x10FFFD, 0, &none));
	assert_int_equal(none.gid, 0);
	assert_false(x->m.glyph(x->m.ctx, 0xFFFFFFFF, 1, &none));
	/* measure agrees with glyph */
	ov_mglyph m;
	x->m.measure(x->m.ctx, f1.gid, &m);
	assert_memory_equal(&m, &f1, sizeof m);
	/* Pagella has no MathKernInfo (nor have Latin Modern, STIX, DejaVu
	 * Math or the other TeX Gyre fonts: read from their MATH headers):
	 * every cut-in kern is 0 */
	for (int corner = 0; corner < 4; corner++)
		for (double h = -500; h <= 1000; h += 250)
			assert_true(x->m.kern(x->m.ctx, f0.gid, (ov_mkern_corner)corner, h) == 0);
	assert_true(x->m.kern(x->m.ctx, f0.gid, OV_MKERN_TOP_RIGHT, INFINITY) == 0);
	assert_true(x->m.kern(x->m.ctx, f0.gid, (ov_mkern_corner)9, 100) == 0);
}

static void test_mathfont__variants(void **state)
{
	fixture *x = *state;
	uint32_t gids[OV_MATH_MAX_VARIANTS];
	double sizes[OV_MATH_MAX_VARIANTS];
	/* '(': itself and six bigger ones, growing, each as tall as its ink */
	ov_mglyph paren = glyph(x, '(', 0);
	size_t n = x->m.variants(x->m.ctx, paren.gid, false, gids, sizes, OV_MATH_MAX_VARIANTS);
	assert_int_equal(n, 7);
	assert_int_equal(gids[0], paren.gid);
	static const double want[] = {829, 989, 1181, 1411, 1687, 2019, 2417};
	for (size_t i = 0; i < n; i++) {
		assert_true(sizes[i] == want[i]);
		ov_mglyph v;
		x->m.measure(x->m.ctx, gids[i], &v);
		assert_true(fabs(v.height + v.depth - sizes[i]) <= 2);
	}
	/* none horizontally; max respected */
	assert_int_equal(x->m.variants(x->m.ctx, paren.gid, true, gids, sizes, OV_MATH_MAX_VARIANTS), 0);
	assert_int_equal(x->m.variants(x->m.ctx, paren.gid, false, gids, sizes, 3), 3);
	assert_true(sizes[2] == 1181);
	/* ∑: an extended shape with a display variant */
	ov_mglyph sum = glyph(x, 0x2211, 0);
	assert_true(sum.extended);
	n = x->m.variants(x->m.ctx, sum.gid, false, gids, sizes, OV_MATH_MAX_VARIANTS);
	assert_int_equal(n, 2);
	assert_int_equal(gids[0], sum.gid);
	assert_true(sizes[0] == 1001 && sizes[1] == 1443);
	ov_mglyph big;
	x->m.measure(x->m.ctx, gids[1], &big);
	assert_true(big.extended);
	assert_true(fabs(big.height + big.depth - 1443) <= 2);
	/* →: horizontal variants */
	ov_mglyph arrow = glyph(x, 0x2192, 0);
	assert_int_equal(x->m.variants(x->m.ctx, arrow.gid, true, gids, sizes, OV_MATH_MAX_VARIANTS), 2);
	assert_true(sizes[0] == 761 && sizes[1] == 1211);
}

static void test_mathfont__assemblies(void **state)
{
	fixture *x = *state;
	ov_mpart p[OV_MATH_MAX_PARTS];
	double italic = -1;
	/* '(': bottom hook, extender, top hook */
	ov_mglyph paren = glyph(x, '(', 0);
	size_t n = x->m.assembly(x->m.ctx, paren.gid, false, p, OV_MATH_MAX_PARTS, &italic);
	assert_int_equal(n, 3);
	assert_true(italic == 0);
	assert_false(p[0].extender);
	assert_true(p[1].extender);
	assert_false(p[2].extender);
	assert_true(p[0].start_connector == 0 && p[0].end_connector == 198 && p[0].full_advance == 1208);
	assert_true(p[1].start_connector == 396 && p[1].end_connector == 396 && p[1].full_advance == 396);
	assert_true(p[2].start_connector == 198 && p[2].end_connector == 0 && p[2].full_advance == 1208);
	/* '{': two extenders around the middle piece */
	ov_mglyph brace = glyph(x, '{', 0);
	n = x->m.assembly(x->m.ctx, brace.gid, false, p, OV_MATH_MAX_PARTS, &italic);
	assert_int_equal(n, 5);
	assert_true(!p[0].extender && p[1].extender && !p[2].extender && p[3].extender && !p[4].extender);
	assert_int_equal(p[1].gid, p[3].gid);
	assert_true(p[2].full_advance == 1194);
	/* too little room: no assembly rather than a broken one */
	assert_int_equal(x->m.assembly(x->m.ctx, brace.gid, false, p, 3, &italic), 0);
	/* the minus sign stretches horizontally (over/under bars of arrows) */
	ov_mglyph minus = glyph(x, 0x2212, 0);
	assert_int_equal(x->m.assembly(x->m.ctx, minus.gid, true, p, OV_MATH_MAX_PARTS, &italic), 3);
	assert_int_equal(x->m.assembly(x->m.ctx, minus.gid, false, p, OV_MATH_MAX_PARTS, &italic), 0);
	/* √ */
	ov_mglyph root = glyph(x, 0x221A, 0);
	assert_int_equal(x->m.assembly(x->m.ctx, root.gid, false, p, OV_MATH_MAX_PARTS, &italic), 3);
	assert_true(p[1].extender && p[1].full_advance == 1032);
}

/* the cache grows past its first size and still answers the same */
static void test_mathfont__cache(void **state)
{
	fixture *x = *state;
	ov_mglyph f1 = glyph(x, 0x1D453, 1);
	ov_mglyph g;
	for (uint32_t cp = 0x20; cp < 0x2400; cp++)
		for (int level = 0; level < 3; level++)
			x->m.glyph(x->m.ctx, cp, level, &g);
	for (uint32_t gid = 0; gid < 5000; gid++)
		x->m.measure(x->m.ctx, gid, &g);
	g = glyph(x, 0x1D453, 1);
	assert_memory_equal(&g, &f1, sizeof g);
	/* a second thread's cache agrees */
	ov_math_metrics m2;
	ov_font_math_cache *c2 = ov_font_math_metrics(x->f, 1, &m2);
	assert_true(m2.glyph(m2.ctx, 0x1D453, 1, &g));
	assert_memory_equal(&g, &f1, sizeof g);
	ov_font_math_cache_free(c2);
	ov_font_math_cache_free(NULL);
}

/* a text font has no MATH table: no metrics */
static void test_mathfont__no_math(void **state)
{
	(void)state;
	char path[1024], *data;
	size_t len;
	snprintf(path, sizeof path, "%s/GentiumBookPlus-Regular.ttf", getenv("OCTAVO_FONT_DIR"));
	assert_int_equal(ov_read_file(path, &data, &len), 0);
	char why[OV_FONTCHECK_WHY];
	ov_font *f = ov_font_load((const uint8_t *)data, len, why, sizeof why);
	assert_non_null(f);
	assert_false(ov_font_has_math(f));
	ov_math_metrics m;
	memset(&m, 0xAB, sizeof m);
	assert_null(ov_font_math_metrics(f, 0, &m));
	assert_null(m.glyph);
	assert_true(ov_font_math_constant(f, OV_MC_AXIS_HEIGHT) == 0);
	ov_font_free(f);
	free(data);
}

/* the default math fonts */
static void test_mathfont__defaults(void **state)
{
	(void)state;
	const ov_math_font_file *mf = ov_math_fonts();
	assert_string_equal(mf[0].path, PAGELLA);
	assert_string_equal(mf[0].package, "fonts-texgyre-math");
	assert_string_equal(mf[1].package, "fonts-dejavu-core");
	assert_null(mf[2].path);
	assert_string_equal(ov_math_font_path(NULL), PAGELLA);
	assert_string_equal(ov_math_font_path("book/x.otf"), "book/x.otf");
	setenv("OCTAVO_MATH_FONT", "/nonexistent.otf", 1);
	assert_string_equal(ov_math_fonts()[0].path, "/nonexistent.otf");
	assert_string_equal(ov_math_font_path(NULL), "/usr/share/fonts/truetype/dejavu/DejaVuMathTeXGyre.ttf");
	unsetenv("OCTAVO_MATH_FONT");
}

/* a MATH table HarfBuzz cannot read whole is damage, not "no MATH" */
static void test_mathfont__damaged(void **state)
{
	fixture *x = *state;
	uint8_t *d = malloc(x->len);
	memcpy(d, x->data, x->len);
	const uint8_t *mc = math_constants(x);
	/* the MATH header is the constants' offset before them */
	size_t math = 0;
	for (uint16_t i = 0; i < u16(d + 4); i++)
		if (memcmp(d + 12 + i * 16, "MATH", 4) == 0)
			math = u32(d + 12 + i * 16 + 8);
	assert_true(math > 0 && (const uint8_t *)x->data + math + u16(d + math + 4) == mc);
	d[math + 6] = 0xFF; /* mathGlyphInfoOffset past the table */
	d[math + 7] = 0xF0;
	char why[OV_FONTCHECK_WHY];
	ov_font *f = ov_font_load(d, x->len, why, sizeof why);
	assert_null(f);
	assert_string_equal(why, "is damaged: table 'MATH' is malformed (HarfBuzz would have to blank out parts of it)");
	free(d);
}

/* Pagella with bytes of its MATH table changed at random (a fixed seed):
 * each either fails to load or answers every question (under ASan in
 * the sanitizer build: nothing read outside the font) */
static void test_mathfont__mutated(void **state)
{
	fixture *x = *state;
	const uint8_t *d0 = (const uint8_t *)x->data;
	size_t math = 0, mlen = 0;
	for (uint16_t i = 0; i < u16(d0 + 4); i++)
		if (memcmp(d0 + 12 + i * 16, "MATH", 4) == 0) {
			math = u32(d0 + 12 + i * 16 + 8);
			mlen = u32(d0 + 12 + i * 16 + 12);
		}
	assert_true(math && mlen > 1000);
	uint8_t *d = malloc(x->len);
	uint32_t seed = 12345;
	int loaded = 0;
	for (int round = 0; round < 40; round++) {
		memcpy(d, x->data, x->len);
		for (int k = 0; k < 1 + round % 8; k++) {
			seed = seed * 1103515245u + 12345u;
			/* the header and the first offsets most of the time */
			size_t at = math + (k % 2 ? (seed >> 8) % mlen : (seed >> 8) % 64);
			d[at] = (uint8_t)(seed >> 24);
		}
		char why[OV_FONTCHECK_WHY];
		ov_font *f = ov_font_load(d, x->len, why, sizeof why);
		if (!f)
			continue;
		loaded++;
		ov_math_metrics m;
		ov_font_math_cache *c = ov_font_math_metrics(f, 0, &m);
		static const uint32_t cps[] = {'(', '{', 0x2211, 0x221A, 0x2192, 0x2032, 0x1D453};
		for (size_t i = 0; c && i < sizeof cps / sizeof *cps; i++)
			for (int level = 0; level < 3; level++) {
				ov_mglyph g;
				m.glyph(m.ctx, cps[i], level, &g);
				m.kern(m.ctx, g.gid, OV_MKERN_TOP_RIGHT, 300);
				for (int dir = 0; dir < 2; dir++) {
					uint32_t gids[OV_MATH_MAX_VARIANTS];
					double sizes[OV_MATH_MAX_VARIANTS];
					size_t n = m.variants(m.ctx, g.gid, dir, gids, sizes, OV_MATH_MAX_VARIANTS);
					assert_true(n <= OV_MATH_MAX_VARIANTS);
					for (size_t k = 0; k < n; k++)
						m.measure(m.ctx, gids[k], &g);
					ov_mpart parts[OV_MATH_MAX_PARTS];
					double italic;
					assert_true(m.assembly(m.ctx, g.gid, dir, parts, OV_MATH_MAX_PARTS, &italic) <=
					            OV_MATH_MAX_PARTS);
				}
			}
		ov_font_math_cache_free(c);
		ov_font_free(f);
	}
	assert_true(loaded > 0);
	free(d);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_mathfont__constants),
		cmocka_unit_test(test_mathfont__glyphs),
		cmocka_unit_test(test_mathfont__variants),
		cmocka_unit_test(test_mathfont__assemblies),
		cmocka_unit_test(test_mathfont__cache),
		cmocka_unit_test(test_mathfont__damaged),
		cmocka_unit_test(test_mathfont__mutated),
	};
	const struct CMUnitTest plain[] = {
		cmocka_unit_test(test_mathfont__no_math),
		cmocka_unit_test(test_mathfont__defaults),
	};
	int rc = cmocka_run_group_tests(tests, setup, teardown);
	return rc | cmocka_run_group_tests(plain, NULL, NULL);
}
