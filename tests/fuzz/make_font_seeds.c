/* make_font_seeds.c - writes the seed corpus of fuzz_font (tests/fuzz/
 * corpus/font/): small subsets, made with HarfBuzz's subsetter as a build
 * makes them (font.h), so that each is a few kilobytes with the tables a
 * fuzzer should mutate.
 * - From JetBrains Mono (fonts/, Apache License 2.0: see
 *   fonts/JetBrainsMono-LICENSE.txt), TrueType: EPUB subsets
 *   (ov_font_subset_for_web: GDEF, GSUB with ligatures, GPOS with mark
 *   positioning, cmap) and a PDF subset (ov_font_subset_for_pdf: glyph ids
 *   kept, composite glyphs, no layout tables).
 * - From URW's C059 Roman (fonts-urw-base35: AGPL-3 with the font
 *   exception, see /usr/share/doc/fonts-urw-base35/copyright), OpenType/CFF:
 *   an EPUB subset (the 'CFF ' table with its charstrings and subroutines,
 *   GSUB with the fi ligature, GPOS kerning) and a PDF subset.
 * These files are modified versions of those fonts, cut down to a few
 * characters, under the fonts' own licences. The PDF subsets hold the
 * glyphs shaping draws for the text (ligatures included), as the PDF
 * writer embeds them. Not built by default:
 *   cmake --build build --target make_font_seeds
 *   build/make_font_seeds fonts/JetBrainsMono-Regular.ttf \
 *       /usr/share/fonts/opentype/urw-base35/C059-Roman.otf tests/fuzz/corpus/font */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "font/font.h"
#include "font/shape.h"
#include "util/fsio.h"
#include "util/utf8.h"

static int put(const char *dir, const char *name, const uint8_t *data, size_t len)
{
	char path[1024];
	snprintf(path, sizeof path, "%s/%s", dir, name);
	FILE *f = fopen(path, "wb");
	if (!f || fwrite(data, 1, len, f) != len || fclose(f) != 0) {
		perror(path);
		return 1;
	}
	printf("%s: %zu bytes\n", path, len);
	return 0;
}

/* The code points of text; their count. */
static size_t code_points(const char *text, uint32_t *cps, size_t max)
{
	size_t len = strlen(text), n = 0;
	for (size_t i = 0; i < len && n < max;) {
		uint32_t cp;
		int k = ov_utf8_decode(text + i, len - i, &cp);
		i += k > 0 ? (size_t)k : 1;
		cps[n++] = cp;
	}
	return n;
}

/* The glyphs shaping draws for text with font f, .notdef first, sorted
 * and without duplicates (as the PDF writer lists them); their count. */
static size_t shaped_glyphs(ov_font *f, const char *text, uint32_t *gids, size_t max)
{
	ov_fontset *fs = ov_fontset_new("en");
	int i = ov_fontset_add(fs, f);
	ov_fontset_chain(fs, 0, &i, 1);
	ov_shaper *sh = ov_shaper_new(fs);
	ov_glyph_run run = {0};
	ov_shape(sh, 0, 0, text, strlen(text), &run);
	size_t n = 0;
	gids[n++] = 0;
	for (size_t k = 0; k < run.count; k++) {
		size_t j = 0;
		while (j < n && gids[j] < run.glyphs[k].gid)
			j++;
		if ((j < n && gids[j] == run.glyphs[k].gid) || n == max)
			continue;
		memmove(gids + j + 1, gids + j, (n - j) * sizeof *gids);
		gids[j] = run.glyphs[k].gid;
		n++;
	}
	free(run.glyphs);
	ov_shaper_free(sh);
	ov_fontset_free(fs);
	return n;
}

typedef struct {
	const char *name, *text;
	int font; /* 0: the TrueType font, 1: the OpenType/CFF one */
	int pdf;  /* ov_font_subset_for_pdf, else for_web */
} seed;

int main(int argc, char **argv)
{
	if (argc != 4) {
		fprintf(stderr, "usage: make_font_seeds FONT.ttf FONT.otf DIR\n");
		return 2;
	}
	char *data[2];
	size_t len[2];
	ov_font *font[2];
	for (int i = 0; i < 2; i++) {
		char why[OV_FONTCHECK_WHY];
		if (ov_read_file(argv[1 + i], &data[i], &len[i]) != 0) {
			perror(argv[1 + i]);
			return 1;
		}
		font[i] = ov_font_load((const uint8_t *)data[i], len[i], why, sizeof why);
		if (!font[i]) {
			fprintf(stderr, "%s %s\n", argv[1 + i], why);
			return 1;
		}
	}
	if (ov_font_info_of(font[0])->cff || !ov_font_info_of(font[1])->cff) {
		fprintf(stderr, "make_font_seeds: give a TrueType font, then an OpenType/CFF one\n");
		return 2;
	}
	static const seed seeds[] = {
		{"hb-latin.ttf", "AVATAR To fine \xc3\xa9\xc3\xa0\xc3\xbc\xc3\x9f \xe2\x80\x98\xe2\x80\x99\xe2\x80\x9c\xe2\x80\x9d \xe2\x80\x93\xe2\x80\x94", 0, 0},
		{"hb-code.ttf", "x -> y != z", 0, 0},
		{"hb-greek-cyrillic.ttf", "\xce\x9a\xce\xb1\xce\xbb\xce\xb7\xce\xbc\xce\xad\xcf\x81\xce\xb1 \xd1\x91\xd0\xbb\xd0\xba\xd0\xb0", 0, 0},
		{"pdf-latin.ttf", "The quick brown fox -> \xc3\xa9\xc3\xa8\xc3\xaa\xc7\x96\xe1\xbb\x87", 0, 1},
		{"cff-web-latin.otf", "AVATAR To fine office \xc3\xa9\xc3\xbc \xe2\x80\x9c\xe2\x80\x9d \xe2\x80\x94", 1, 0},
		{"cff-pdf-latin.otf", "The fine quick fox \xc3\xa9\xc3\xbc", 1, 1},
	};
	int rc = 0;
	for (size_t i = 0; i < sizeof seeds / sizeof *seeds; i++) {
		const seed *s = &seeds[i];
		uint32_t v[256];
		size_t n = s->pdf ? shaped_glyphs(font[s->font], s->text, v, 256) : code_points(s->text, v, 256);
		size_t out_len;
		uint8_t *sub = s->pdf ? ov_font_subset_for_pdf(font[s->font], v, n, &out_len)
		                      : ov_font_subset_for_web(font[s->font], v, n, &out_len, NULL, NULL);
		rc |= sub ? put(argv[3], s->name, sub, out_len) : 1;
		free(sub);
	}
	for (int i = 0; i < 2; i++) {
		ov_font_free(font[i]);
		free(data[i]);
	}
	return rc;
}
