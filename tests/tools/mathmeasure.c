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
 * \dp). A formula that cannot be set gets '-' for its measures. \text is
 * set in the book's default faces (Gentium Book Plus, JetBrains Mono)
 * from $OCTAVO_FONT_DIR, else the source tree's fonts/.
 *
 * The parser's messages go to stderr in the GNU form CORPUS:LINE:COL:
 * error: message, the column counting bytes of the corpus line. Exit
 * status: 0 when every formula parsed without error, 1 when some did not
 * (the corpus is TeX that XeTeX sets, all of it in issue 14's coverage, so
 * each is a parser bug), 2 on bad usage or an unreadable file, 77 when the
 * math font cannot be read (ctest skips: fonts-texgyre-math missing).
 * Test-only: not installed. The test math_vs_xetex runs it
 * (tests/math/vs-xetex.sh).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "font/font.h"
#include "font/mathfont.h"
#include "font/mathglyph.h"
#include "font/shape.h"
#include "layout/layout.h"
#include "layout/math.h"
#include "math/math.h"
#include "util/arena.h"
#include "util/fsio.h"

/* ---- the book's faces, for \text: Gentium Book Plus and JetBrains Mono
 * from the font folder, shaped with HarfBuzz as the typesetting stage does
 * (typeset.c's init_metrics) ---- */

static const char *const face_files[OV_FACE__COUNT] = {
	"GentiumBookPlus-Regular.ttf", "GentiumBookPlus-Italic.ttf", "GentiumBookPlus-Bold.ttf",
	"GentiumBookPlus-BoldItalic.ttf", "JetBrainsMono-Regular.ttf",
};

typedef struct {
	char *data[OV_FACE__COUNT];
	ov_font *font[OV_FACE__COUNT];
	ov_fontset *set;
	ov_shaper *shaper;
} text_faces;

static int t_advance(void *ctx, ov_face face, uint32_t cp)
{
	const ov_font *f = ((text_faces *)ctx)->font[face];
	return ov_font_advance(f, ov_font_glyph(f, cp));
}

static bool t_has_glyph(void *ctx, ov_face face, uint32_t cp)
{
	return ov_font_glyph(((text_faces *)ctx)->font[face], cp) != 0;
}

static size_t t_shape(void *ctx, ov_face face, const char *s, size_t len, ov_glyph_run *run)
{
	return ov_shape(((text_faces *)ctx)->shaper, (int)face, face == OV_FACE_MONO ? OV_SHAPE_CODE : 0, s, len,
	                run);
}

static bool t_ink(void *ctx, int font, uint32_t gid, double *height, double *depth)
{
	const ov_font *f = font >= 0 ? ov_fontset_font(((text_faces *)ctx)->set, font) : NULL;
	if (!f)
		return false;
	ov_font_glyph_ink(f, gid, height, depth);
	return true;
}

/* Loads the five faces from dir into tf and fills m; false (with a
 * message) when one cannot be read. */
static bool load_faces(const char *dir, text_faces *tf, ov_metrics *m)
{
	memset(tf, 0, sizeof *tf);
	memset(m, 0, sizeof *m);
	tf->set = ov_fontset_new("en");
	for (int i = 0; i < OV_FACE__COUNT; i++) {
		char path[4096], why[256];
		size_t len;
		snprintf(path, sizeof path, "%s/%s", dir, face_files[i]);
		if (ov_read_file(path, &tf->data[i], &len) != 0) {
			fprintf(stderr, "mathmeasure: %s: %s\n", path, strerror(errno));
			return false;
		}
		tf->font[i] = ov_font_load((const uint8_t *)tf->data[i], len, why, sizeof why);
		if (!tf->font[i]) {
			fprintf(stderr, "mathmeasure: %s: %s\n", path, why);
			return false;
		}
		int k = ov_fontset_add(tf->set, tf->font[i]);
		ov_fontset_chain(tf->set, i, &k, 1);
		const ov_font_info *in = ov_font_info_of(tf->font[i]);
		m->ascent[i] = in->ascent;
		m->descent[i] = in->descent;
	}
	tf->shaper = ov_shaper_new(tf->set);
	m->ctx = tf;
	m->advance = t_advance;
	m->has_glyph = t_has_glyph;
	m->shape = t_shape;
	m->ink = t_ink;
	return true;
}

static void free_faces(text_faces *tf)
{
	ov_shaper_free(tf->shaper);
	ov_fontset_free(tf->set);
	for (int i = 0; i < OV_FACE__COUNT; i++) {
		ov_font_free(tf->font[i]);
		free(tf->data[i]);
	}
}

/* Sets the parsed formula m (m->ok) with the layout stage's math engine
 * (layout/math.h) in the math font's metrics mm and the book's faces tm,
 * at size pt, in display style D when display (else text style T), and
 * gives its box's width, height and depth in pt: the engine's ov_mlayout
 * box, which is what an inline formula adds to a line and what a display
 * centres (its rows, if any, are set within it). *out is the layout
 * (for its characters the font lacks). */
static bool set_formula(ov_arena *arena, const ov_math_metrics *mm, const ov_metrics *tm, const ov_math *m,
                        bool display, double size, double *wd, double *ht, double *dp, const ov_mlayout **out)
{
	ov_math_env env = {mm, tm, size, NULL, NULL};
	const ov_mlayout *L = ov_math_layout(arena, m->list, display, &env);
	*out = L;
	*wd = L->box.width;
	*ht = L->box.height;
	*dp = L->box.depth;
	return true;
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
	const char *dir = getenv("OCTAVO_FONT_DIR");
	text_faces tf;
	ov_metrics tm;
	if (!load_faces(dir && *dir ? dir : OV_FONT_DIR_BUILD, &tf, &tm)) {
		free_faces(&tf);
		ov_font_free(font);
		free(corpus);
		free(fontdata);
		return 2;
	}
	ov_math_metrics mm;
	ov_font_math_cache *cache = ov_font_math_metrics(font, 0, &mm);
	if (!cache) {
		fprintf(stderr, "mathmeasure: %s: not a math font (no OpenType MATH table)\n", argv[2]);
		free_faces(&tf);
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
		const ov_mlayout *L = NULL;
		if (!m->ok) {
			failed++;
			status = 1;
			printf("%.*s\t-\t-\t-\n", (int)flen[0], f[0]);
		} else if (!set_formula(&arena, &mm, &tm, m, display, size, &wd, &ht, &dp, &L)) {
			unset++;
			printf("%.*s\t-\t-\t-\n", (int)flen[0], f[0]);
		} else {
			printf("%.*s\t%.4f\t%.4f\t%.4f\n", (int)flen[0], f[0], wd, ht, dp);
			if (L->missing_count)
				fprintf(stderr, "%s:%u:%zu: warning: the math font has no U+%04X (%zu characters missing)\n",
				        argv[1], ln, start + L->missing_off + 1, (unsigned)L->missing_cp, L->missing_count);
		}
		ov_arena_dispose(&arena);
		ov_arena_init(&arena);
	}
	ov_arena_dispose(&arena);
	fprintf(stderr, "mathmeasure: %zu formulas, %zu rejected by the parser, %zu not set\n", formulas, failed,
	        unset);
	ov_font_math_cache_free(cache);
	free_faces(&tf);
	ov_font_free(font);
	free(fontdata);
	free(corpus);
	return status;
}
