/* test_shape.c - fonts through HarfBuzz (font.h), shaping with fallback
 * fonts (shape.h) and the fallback list (fallback.h). The fonts: the
 * bundled Gentium Book Plus (TrueType), and from Debian packages the
 * tests install, DejaVu Sans and Symbola (fallbacks) and URW's C059
 * (OpenType/CFF, fonts-urw-base35). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "font/fallback.h"
#include "font/font.h"
#include "font/shape.h"
#include "util/fsio.h"

typedef struct {
	char *data;
	size_t len;
	ov_font *font;
} loaded;

static void load_path(loaded *l, const char *path)
{
	assert_int_equal(ov_read_file(path, &l->data, &l->len), 0);
	char why[OV_FONTCHECK_WHY];
	l->font = ov_font_load((const uint8_t *)l->data, l->len, why, sizeof why);
	if (!l->font)
		fail_msg("%s: %s", path, why);
}

static void load_bundled(loaded *l, const char *name)
{
	char path[1024];
	snprintf(path, sizeof path, "%s/%s", getenv("OCTAVO_FONT_DIR"), name);
	load_path(l, path);
}

static void load_fallback(loaded *l, ov_fallback_kind kind, int i)
{
	char path[1024];
	load_path(l, ov_fallback_path(&ov_fallbacks(kind)[i], path, sizeof path));
}

static void unload(loaded *l)
{
	ov_font_free(l->font);
	free(l->data);
}

/* Gentium, then DejaVu Sans and Symbola, as chain 0. */
typedef struct {
	loaded body, dejavu, symbola;
	ov_fontset *fs;
	ov_shaper *sh;
	int ib, id, is;
} chain;

static void chain_open(chain *c)
{
	load_bundled(&c->body, "GentiumBookPlus-Regular.ttf");
	load_fallback(&c->dejavu, OV_FALLBACK_TEXT, 0);
	load_fallback(&c->symbola, OV_FALLBACK_TEXT, 1);
	c->fs = ov_fontset_new("en");
	c->ib = ov_fontset_add(c->fs, c->body.font);
	c->id = ov_fontset_add(c->fs, c->dejavu.font);
	c->is = ov_fontset_add(c->fs, c->symbola.font);
	ov_fontset_chain(c->fs, 0, (int[]){c->ib, c->id, c->is}, 3);
	c->sh = ov_shaper_new(c->fs);
}

static void chain_close(chain *c)
{
	ov_shaper_free(c->sh);
	ov_fontset_free(c->fs);
	unload(&c->body);
	unload(&c->dejavu);
	unload(&c->symbola);
}

static ov_glyph_run shape(chain *c, const char *s, unsigned flags)
{
	ov_glyph_run r = {0};
	ov_shape(c->sh, 0, flags, s, strlen(s), &r);
	return r;
}

/* GSUB ligatures: "office" is o, ffi, c, e in four glyphs, the ligature's
 * cluster at the first f; as code it stays six glyphs. */
static void test_shape__ligatures(void **state)
{
	(void)state;
	chain c;
	chain_open(&c);
	ov_glyph_run r = shape(&c, "office", 0);
	assert_int_equal(r.count, 4);
	assert_int_equal(r.glyphs[1].cluster, 1);
	assert_int_equal(r.glyphs[2].cluster, 4);
	assert_int_not_equal(r.glyphs[1].gid, ov_font_glyph(c.body.font, 'f'));
	free(r.glyphs);
	r = shape(&c, "office", OV_SHAPE_CODE);
	assert_int_equal(r.count, 6);
	assert_int_equal(r.glyphs[1].gid, ov_font_glyph(c.body.font, 'f'));
	free(r.glyphs);
	chain_close(&c);
}

/* GPOS kerning: A and V come closer; the run's width is the advances plus
 * the adjustments. */
static void test_shape__kerning(void **state)
{
	(void)state;
	chain c;
	chain_open(&c);
	ov_glyph_run r = shape(&c, "AV", 0);
	assert_int_equal(r.count, 2);
	assert_true(r.glyphs[0].adjust < 0);
	assert_int_equal(r.glyphs[0].advance, ov_font_advance(c.body.font, r.glyphs[0].gid));
	assert_int_equal(r.width, r.glyphs[0].advance + r.glyphs[0].adjust + r.glyphs[1].advance + r.glyphs[1].adjust);
	free(r.glyphs);
	r = shape(&c, "AV", OV_SHAPE_CODE);
	assert_int_equal(r.glyphs[0].adjust, 0);
	free(r.glyphs);
	chain_close(&c);
}

/* A combining accent: e + U+0301 becomes the font's é (one glyph, one
 * cluster); a base the font has no precomposed form for keeps its mark,
 * placed by GPOS (an offset, no advance of its own). */
static void test_shape__marks(void **state)
{
	(void)state;
	chain c;
	chain_open(&c);
	ov_glyph_run r = shape(&c, "e\xCC\x81", 0);
	assert_int_equal(r.count, 1);
	assert_int_equal(r.glyphs[0].gid, ov_font_glyph(c.body.font, 0xE9));
	free(r.glyphs);
	r = shape(&c, "q\xCC\x81", 0); /* no q-acute in Unicode */
	assert_int_equal(r.count, 2);
	assert_int_equal(r.glyphs[0].font, c.ib);
	assert_int_equal(r.glyphs[1].font, c.ib);
	assert_int_equal(r.glyphs[1].cluster, 0);
	assert_int_equal(r.glyphs[1].advance + r.glyphs[1].adjust, 0);
	assert_true(r.glyphs[1].dx != 0 || r.glyphs[1].dy != 0);
	free(r.glyphs);
	chain_close(&c);
}

/* Fallback per character: the ballot box and box drawing from DejaVu
 * Sans, the emoji and U+2705 from Symbola, a double-struck E (above the
 * BMP) from DejaVu; letters stay in the face. A variation selector stays
 * with its emoji and draws nothing. A private-use character no font has
 * is the face's .notdef. */
static void test_shape__fallback(void **state)
{
	(void)state;
	chain c;
	chain_open(&c);
	ov_glyph_run r = shape(&c, "a\xE2\x98\x90\xE2\x94\x80\xF0\x9F\x9A\x80\xE2\x9C\x85\xF0\x9D\x94\xBC", 0);
	/* a ☐ ─ 🚀 ✅ 𝔼 */
	assert_int_equal(r.count, 6);
	int want[6] = {c.ib, c.id, c.id, c.is, c.is, c.id};
	for (int i = 0; i < 6; i++) {
		assert_int_equal(r.glyphs[i].font, want[i]);
		assert_int_not_equal(r.glyphs[i].gid, 0);
	}
	free(r.glyphs);
	r = shape(&c, "\xE2\x9A\xA0\xEF\xB8\x8F", 0); /* ⚠ + VS16 */
	assert_true(r.count >= 1);
	assert_int_equal(r.glyphs[0].font, c.id);
	for (size_t i = 1; i < r.count; i++)
		assert_int_equal(r.glyphs[i].advance + r.glyphs[i].adjust, 0);
	free(r.glyphs);
	r = shape(&c, "\xEE\x80\x80", 0); /* U+E000 */
	assert_int_equal(r.count, 1);
	assert_int_equal(r.glyphs[0].font, c.ib);
	assert_int_equal(r.glyphs[0].gid, 0);
	free(r.glyphs);
	assert_int_equal(ov_fontset_font_for(c.fs, 0, 0x2713), c.ib); /* Gentium has ✓ */
	assert_int_equal(ov_fontset_font_for(c.fs, 0, 0x2610), c.id);
	assert_int_equal(ov_fontset_font_for(c.fs, 0, 0xE000), -1);
	chain_close(&c);
}

/* An OpenType/CFF font: loaded, measured and shaped (C059 has an fi
 * ligature), subset for a PDF with its glyph ids kept, and that subset is
 * a sound CFF font again whose kept glyphs still draw. */
static void test_shape__cff(void **state)
{
	(void)state;
	loaded l;
	load_path(&l, "/usr/share/fonts/opentype/urw-base35/C059-Roman.otf");
	const ov_font_info *in = ov_font_info_of(l.font);
	assert_true(in->cff);
	assert_int_equal(in->upem, 1000);
	assert_string_equal(in->ps_name, "C059-Roman");
	assert_true(in->ascent > 600 && in->descent < -150);
	ov_fontset *fs = ov_fontset_new("en");
	int i = ov_fontset_add(fs, l.font);
	ov_fontset_chain(fs, 0, &i, 1);
	ov_shaper *sh = ov_shaper_new(fs);
	ov_glyph_run r = {0};
	ov_shape(sh, 0, 0, "fit", 3, &r);
	assert_int_equal(r.count, 2);
	uint32_t gids[3] = {0, r.glyphs[0].gid, r.glyphs[1].gid};
	size_t n;
	uint8_t *sub = ov_font_subset_for_pdf(l.font, gids, 3, &n);
	assert_non_null(sub);
	assert_true(n < l.len / 4);
	assert_memory_equal(sub, "OTTO", 4);
	char why[OV_FONTCHECK_WHY];
	ov_font *s = ov_font_load(sub, n, why, sizeof why);
	if (!s)
		fail_msg("subset: %s", why);
	assert_true(ov_font_info_of(s)->glyph_count > gids[1]); /* ids kept */
	assert_int_equal(ov_font_advance(s, gids[1]), ov_font_advance(l.font, gids[1]));
	assert_int_equal(ov_fontcheck_glyphs(ov_font_check(s), gids, 3, why, sizeof why), 0);
	assert_int_equal(ov_font_glyph(s, 'f'), 0); /* no characters: the PDF addresses glyphs */
	ov_font_free(s);
	free(sub);
	free(r.glyphs);
	ov_shaper_free(sh);
	ov_fontset_free(fs);
	unload(&l);
}

/* Fonts that are refused, with their messages. */
static void test_shape__refused(void **state)
{
	(void)state;
	char why[OV_FONTCHECK_WHY];
	static const uint8_t ttc[16] = "ttcf\0\1\0\0\0\0\0\1";
	assert_null(ov_font_load(ttc, sizeof ttc, why, sizeof why));
	assert_string_equal(why, "is a font collection; give one font of it as a .ttf or .otf file");
	static const uint8_t woff[16] = "wOFF";
	assert_null(ov_font_load(woff, sizeof woff, why, sizeof why));
	assert_string_equal(why, "is a web font (WOFF); give the .ttf or .otf file it was made from");
	static const uint8_t text[16] = "hello, world";
	assert_null(ov_font_load(text, sizeof text, why, sizeof why));
	assert_string_equal(why, "is not an OpenType or TrueType font");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_shape__ligatures), cmocka_unit_test(test_shape__kerning),
		cmocka_unit_test(test_shape__marks),     cmocka_unit_test(test_shape__fallback),
		cmocka_unit_test(test_shape__cff),       cmocka_unit_test(test_shape__refused),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
