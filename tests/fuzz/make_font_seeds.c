/* make_font_seeds.c - writes the seed corpus of fuzz_font (tests/fuzz/
 * corpus/font/): small subsets of JetBrains Mono (fonts/, Apache License
 * 2.0: see fonts/JetBrainsMono-LICENSE.txt; these files are modified
 * versions of it, cut down to a few characters), made with Octavo's own
 * subsetters, so that each is a few kilobytes with the tables a fuzzer
 * should mutate: hb-subset's keep GDEF, GSUB (ligatures) and GPOS (mark
 * positioning) and both cmap formats; glyfsub's have composite glyphs, a
 * format 4 cmap and no layout tables. Not built by default:
 *   cmake --build build --target make_font_seeds
 *   build/make_font_seeds fonts/JetBrainsMono-Regular.ttf tests/fuzz/corpus/font */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "font/glyfsub.h"
#include "font/subset.h"
#include "font/ttf.h"
#include "util/fsio.h"
#include "util/utf8.h"

static void mark(uint8_t *used, const char *text)
{
	memset(used, 0, 8192);
	size_t len = strlen(text);
	for (size_t i = 0; i < len;) {
		uint32_t cp;
		int n = ov_utf8_decode(text + i, len - i, &cp);
		i += n > 0 ? (size_t)n : 1;
		if (cp < 0x10000)
			used[cp >> 3] |= (uint8_t)(1u << (cp & 7));
	}
}

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

int main(int argc, char **argv)
{
	if (argc != 3) {
		fprintf(stderr, "usage: make_font_seeds FONT.ttf DIR\n");
		return 2;
	}
	char *d;
	size_t len;
	if (ov_read_file(argv[1], &d, &len) != 0) {
		perror(argv[1]);
		return 1;
	}
	const char *err;
	ov_ttf *f = ov_ttf_load((const uint8_t *)d, len, &err);
	if (!f) {
		fprintf(stderr, "%s %s\n", argv[1], err);
		return 1;
	}
	static const struct {
		const char *name, *text;
		int hb; /* hb-subset, else glyfsub */
	} seeds[] = {
		{"hb-latin.ttf", "AVATAR To fine \xc3\xa9\xc3\xa0\xc3\xbc\xc3\x9f \xe2\x80\x98\xe2\x80\x99\xe2\x80\x9c\xe2\x80\x9d \xe2\x80\x93\xe2\x80\x94", 1},
		{"hb-code.ttf", "x -> y != z", 1},
		{"hb-greek-cyrillic.ttf", "\xce\x9a\xce\xb1\xce\xbb\xce\xb7\xce\xbc\xce\xad\xcf\x81\xce\xb1 \xd1\x91\xd0\xbb\xd0\xba\xd0\xb0", 1},
		{"glyfsub-latin.ttf", "The quick brown fox \xc3\xa9\xc3\xa8\xc3\xaa\xc7\x96\xe1\xbb\x87", 0},
	};
	uint8_t used[8192];
	int rc = 0;
	for (size_t i = 0; i < sizeof seeds / sizeof *seeds; i++) {
		mark(used, seeds[i].text);
		if (seeds[i].hb) {
			size_t n;
			uint8_t *sub = ov_font_subset((const uint8_t *)d, len, used, &n);
			rc |= sub ? put(argv[2], seeds[i].name, sub, n) : 1;
			free(sub);
		} else {
			ov_glyf_subset s;
			rc |= ov_glyf_subset_make((const uint8_t *)d, len, f, used, &s) == 0
			          ? put(argv[2], seeds[i].name, s.data, s.len)
			          : 1;
			ov_glyf_subset_free(&s);
		}
	}
	ov_ttf_free(f);
	free(d);
	return rc;
}
