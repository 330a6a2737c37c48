/* fuzz_font.c - libFuzzer target: arbitrary bytes as a font file, through
 * everything that reads one, in a build's order: the checker (ov_font_open:
 * table directory, head to loca, HarfBuzz's sanitizer, every glyph's
 * offsets and header; then the glyphs of a book's characters in full), the
 * metrics the layout and the PDF's font descriptor read, the kerning
 * (HarfBuzz shaping), the PDF's own glyph subset and the EPUB's hb-subset.
 * As in a build, the kerning runs on a font that opens, and the subsets on
 * one whose glyphs for the characters set are sound; the PDF's subset also
 * runs when they are not, since it must stay safe on any glyph data. The
 * PDF's subset of sound glyphs must itself check as sound: a failure there
 * is a disagreement between the checker and the subsetter, and aborts.
 * Nothing may crash, hang, leak or read outside its input. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "font/fontcheck.h"
#include "font/glyfsub.h"
#include "font/kern.h"
#include "font/subset.h"
#include "font/ttf.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void set(uint8_t *used, uint32_t cp) { used[cp >> 3] |= (uint8_t)(1u << (cp & 7)); }

/* Text a book sets: ASCII, Latin-1 and Latin Extended (composites), Greek
 * and Cyrillic (nested composites in many fonts), dashes and quotes. */
static void book_chars(uint8_t *used)
{
	memset(used, 0, 8192);
	for (uint32_t cp = 0x20; cp < 0x250; cp++)
		set(used, cp);
	for (uint32_t cp = 0x370; cp < 0x460; cp++)
		set(used, cp);
	static const uint32_t more[] = {0x1EC7, 0x1EA0, 0x1F00, 0x2013, 0x2014, 0x2018, 0x2019, 0x201C,
	                                0x201D, 0x2026, 0x20AC, 0xFB01, 0xFFFD};
	for (size_t i = 0; i < sizeof more / sizeof *more; i++)
		set(used, more[i]);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	ov_ttf *ttf;
	ov_fontcheck *chk;
	char why[OV_FONTCHECK_WHY];
	if (ov_font_open(data, size, &ttf, &chk, why, sizeof why) != 0) {
		/* the metrics loader alone must be safe on what the checker refuses */
		const char *err;
		ov_ttf_free(ov_ttf_load(data, size, &err));
		return 0;
	}

	/* metrics: the layout's advances and the PDF's font descriptor */
	const ov_ttf_info *in = ov_ttf_get_info(ttf);
	volatile int sink = in->bbox[0] + in->ascent + (int)strlen(in->ps_name);
	sink += ov_ttf_ascent(ttf) + ov_ttf_descent(ttf) + ov_ttf_cap_height(ttf);
	for (uint32_t cp = 0; cp < 0x300; cp++)
		sink += ov_ttf_advance(ttf, cp) + ov_ttf_glyph(ttf, cp);
	sink += ov_ttf_glyph(ttf, 0x1D538) + ov_ttf_glyph(ttf, 0x10FFFF) + ov_ttf_advance(ttf, 0x1F600);
	(void)sink;

	uint8_t *used = malloc(8192);
	book_chars(used);
	bool sound = ov_fontcheck_chars(chk, used, why, sizeof why) == 0;
	ov_fontcheck_damaged(chk, why, sizeof why);

	/* kerning, as the layout asks for it */
	ov_kerner *k = ov_kerner_new(chk);
	if (k) {
		static const char *const words[] = {"AVATAR", "To.", "Καλημέρα", "ёлка", "ﬁne", "Wa\xcc\x81y"};
		int16_t adj[64];
		int total;
		for (size_t i = 0; i < sizeof words / sizeof *words; i++)
			ov_kern(k, words[i], strlen(words[i]), adj, 64, &total);
		ov_kerner_free(k);
	}

	/* the PDF's subset: safe on anything that opens; sound in, sound out */
	ov_glyf_subset s;
	if (ov_glyf_subset_make(data, size, ttf, used, &s) == 0) {
		/* .notdef is in every subset: it must be sound too */
		if (sound && ov_fontcheck_glyph_ok(chk, 0)) {
			ov_ttf *t2;
			ov_fontcheck *c2;
			if (ov_font_open(s.data, s.len, &t2, &c2, why, sizeof why) != 0)
				abort();
			uint8_t all[8192];
			memset(all, 0xFF, sizeof all);
			if (ov_fontcheck_chars(c2, all, why, sizeof why) != 0 || ov_fontcheck_damaged(c2, why, sizeof why))
				abort();
			ov_fontcheck_free(c2);
			ov_ttf_free(t2);
		}
		ov_glyf_subset_free(&s);
	}

	/* the EPUB's subset, of a font whose glyphs for the text are sound */
	if (sound) {
		size_t n, ngids;
		uint32_t *gids;
		uint8_t *sub = ov_font_subset_glyphs(data, size, used, &n, &gids, &ngids);
		ov_fontcheck_glyphs(chk, gids, ngids, why, sizeof why);
		free(gids);
		free(sub);
	}
	free(used);
	ov_fontcheck_free(chk);
	ov_ttf_free(ttf);
	return 0;
}
