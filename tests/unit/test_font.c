/* test_font.c - what the PDF's font descriptors read from the bundled
 * fonts, and the glyph subsets embedded in the PDF: numbering, composite
 * parts, the tables and checksums of the program, and damaged fonts. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_font__info),
		cmocka_unit_test(test_font__subset),
		cmocka_unit_test(test_font__damaged),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
