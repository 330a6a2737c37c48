/*
 * mathmeasure.c - sets every formula of the math corpus with Octavo and
 * writes its box's measures, for the comparison with XeTeX
 * (tests/math/compare.sh, README.md there):
 *
 *   mathmeasure CORPUS.tsv MATHFONT.otf [SIZE]  ->  ID<TAB>wd<TAB>ht<TAB>dp
 *
 * CORPUS lines are ID<TAB>KIND<TAB>CATEGORY<TAB>TEX ('#' comments), KIND
 * I for inline math (text style) or D for a display (display style).
 * Each formula is parsed with ov_math_parse and laid out by the layout
 * stage's math engine at SIZE pt (default 10) in the math font; measures
 * are in pt with four decimals (the box's width, its height above the
 * baseline and its depth below it, positive downwards, as TeX's \wd \ht
 * \dp). A formula that cannot be set gets '-' for its measures.
 *
 * The parser's messages go to stderr in the GNU form CORPUS:LINE:COL:
 * error: message, the column counting bytes of the corpus line. Exit
 * status: 0 when every formula parsed without error, 1 when some did not
 * (the corpus is TeX that XeTeX sets, all of it in issue 14's coverage, so
 * each is a parser bug), 2 on bad usage or an unreadable file, 77 when the
 * math font cannot be read (ctest skips: fonts-texgyre-math missing).
 * Test-only: not installed.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "font/font.h"
#include "font/mathfont.h"
#include "font/mathglyph.h"
#include "math/math.h"
#include "util/arena.h"
#include "util/fsio.h"

/* ======================================================================
 * SEAM: the one function to fill in when the math engine lands.
 *
 * Sets the parsed formula m (m->ok) with the math font's metrics mm (from
 * the font stage's adapter, font/mathfont.h) at size pt, in display style
 * when display (else text style), and gives its box's width, height and
 * depth in pt. Returns false when it cannot.
 *
 * To wire it: lay m->list out with the layout stage's math engine
 * (src/layout/math*.h, branch mathlayout); its lengths are 1/1000 em, so
 * multiply by size / 1000. Link ov_layout in tests/CMakeLists.txt
 * (mathmeasure) and enable the math_vs_xetex test there.
 * ====================================================================== */
static bool set_formula(const ov_math_metrics *mm, const ov_math *m, bool display, double size, double *wd,
                        double *ht, double *dp)
{
	(void)mm, (void)m, (void)display, (void)size, (void)wd, (void)ht, (void)dp;
	return false;
}

static int usage(void)
{
	fprintf(stderr, "usage: mathmeasure CORPUS.tsv MATHFONT.otf [SIZE]\n");
	return 2;
}

/* Line and byte column (1-based) of off in text. */
static void line_col(const char *text, size_t off, unsigned *line, unsigned *col)
{
	unsigned l = 1;
	size_t start = 0;
	for (size_t i = 0; i < off; i++)
		if (text[i] == '\n') {
			l++;
			start = i + 1;
		}
	*line = l;
	*col = (unsigned)(off - start + 1);
}

int main(int argc, char **argv)
{
	if (argc < 3 || argc > 4)
		return usage();
	double size = 10;
	if (argc == 4) {
		char *end;
		size = strtod(argv[3], &end);
		if (*end || !(size > 0 && size < 1000))
			return usage();
	}
	char *corpus, *fontdata;
	size_t corpus_len, font_len;
	if (ov_read_file(argv[1], &corpus, &corpus_len) != 0) {
		fprintf(stderr, "mathmeasure: %s: %s\n", argv[1], strerror(errno));
		return 2;
	}
	if (ov_read_file(argv[2], &fontdata, &font_len) != 0) {
		fprintf(stderr, "mathmeasure: %s: %s\n", argv[2], strerror(errno));
		free(corpus);
		return 77;
	}
	char why[256];
	ov_font *font = ov_font_load((const uint8_t *)fontdata, font_len, why, sizeof why);
	if (!font) {
		fprintf(stderr, "mathmeasure: %s: %s\n", argv[2], why);
		free(corpus);
		free(fontdata);
		return 77;
	}
	ov_math_metrics mm;
	ov_font_math_cache *cache = ov_font_math_metrics(font, 0, &mm);
	if (!cache) {
		fprintf(stderr, "mathmeasure: %s: not a math font (no OpenType MATH table)\n", argv[2]);
		ov_font_free(font);
		free(corpus);
		free(fontdata);
		return 2;
	}

	int status = 0;
	size_t formulas = 0, failed = 0, unset = 0;
	ov_arena arena;
	ov_arena_init(&arena);
	for (size_t at = 0; at < corpus_len;) {
		const char *line = corpus + at;
		const char *nl = memchr(line, '\n', corpus_len - at);
		size_t len = nl ? (size_t)(nl - line) : corpus_len - at;
		at += len + 1;
		if (len == 0 || line[0] == '#')
			continue;
		/* ID KIND CATEGORY TEX: the first three fields end at tabs */
		const char *f[4];
		size_t flen[4], k = 0, start = 0;
		for (size_t i = 0; i <= len && k < 3; i++)
			if (i == len || line[i] == '\t') {
				f[k] = line + start;
				flen[k++] = i - start;
				start = i + 1;
			}
		unsigned ln, col;
		line_col(corpus, (size_t)(line - corpus), &ln, &col);
		if (k < 3 || start > len || flen[1] != 1 || (f[1][0] != 'I' && f[1][0] != 'D')) {
			fprintf(stderr, "%s:%u:1: error: not ID<TAB>I|D<TAB>CATEGORY<TAB>TEX\n", argv[1], ln);
			status = 1;
			continue;
		}
		f[3] = line + start;
		flen[3] = len - start;
		bool display = f[1][0] == 'D';
		formulas++;
		const ov_math *m = ov_math_parse(&arena, f[3], flen[3], display, NULL);
		for (size_t i = 0; i < m->msg_count; i++) {
			const ov_math_msg *g = &m->msgs[i];
			fprintf(stderr, "%s:%u:%zu: %s: %s\n", argv[1], ln, start + g->off + 1,
			        g->error ? "error" : g->note ? "note" : "warning", g->text);
		}
		double wd, ht, dp;
		if (!m->ok) {
			failed++;
			status = 1;
			printf("%.*s\t-\t-\t-\n", (int)flen[0], f[0]);
		} else if (!set_formula(&mm, m, display, size, &wd, &ht, &dp)) {
			unset++;
			printf("%.*s\t-\t-\t-\n", (int)flen[0], f[0]);
		} else {
			printf("%.*s\t%.4f\t%.4f\t%.4f\n", (int)flen[0], f[0], wd, ht, dp);
		}
		ov_arena_dispose(&arena);
		ov_arena_init(&arena);
	}
	ov_arena_dispose(&arena);
	fprintf(stderr, "mathmeasure: %zu formulas, %zu rejected by the parser, %zu not set%s\n", formulas, failed,
	        unset, unset && unset == formulas - failed ? " (the math layout is not wired in: set_formula)" : "");
	ov_font_math_cache_free(cache);
	ov_font_free(font);
	free(fontdata);
	free(corpus);
	return status;
}
