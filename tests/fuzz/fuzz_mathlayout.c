/* fuzz_mathlayout.c - libFuzzer target: TeX math source through the
 * parser (src/math) and the math layout (src/layout/math*.c) with a fake
 * math font that has every character, size variants and glyph assemblies
 * for many (so that stretchy delimiters, radicals, wide accents, braces
 * and arrows take every path), and \text set one glyph per character.
 * The first byte chooses display or inline and the text size. Checks
 * that the boxes are finite and that the chunks add up to the formula. */
#include <math.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "layout/math.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* glyph gid: the code point; a variant: cp | (k << 24); parts: 1..3 */
static void fill(uint32_t gid, ov_mglyph *g)
{
	uint32_t cp = gid & 0xFFFFFF, k = gid >> 24;
	memset(g, 0, sizeof *g);
	g->gid = gid;
	g->advance = 300 + cp % 500 + 100.0 * k;
	g->height = 400 + cp % 300 + 250.0 * k;
	g->depth = (double)(cp % 7) * 40 - 40 + 250.0 * k;
	g->italic = cp % 5 == 0 ? 60 : 0;
	g->top_accent = g->advance / 2;
}

static bool f_glyph(void *ctx, uint32_t cp, int level, ov_mglyph *out)
{
	(void)ctx;
	(void)level;
	if (cp == 0 || cp > 0xFFFFFF || cp % 97 == 13)
		return false; /* some characters are missing */
	fill(cp, out);
	return true;
}

static void f_measure(void *ctx, uint32_t gid, ov_mglyph *out)
{
	(void)ctx;
	fill(gid, out);
}

static double f_kern(void *ctx, uint32_t gid, ov_mkern_corner corner, double height)
{
	(void)ctx;
	return (gid % 3 == 0) ? (double)corner * -20 + (height > 300 ? -30 : 10) : 0;
}

static size_t f_variants(void *ctx, uint32_t gid, bool horizontal, uint32_t *gids, double *sizes, size_t max)
{
	(void)ctx;
	(void)horizontal;
	if (gid >> 24 || gid % 2)
		return 0;
	size_t n = max < 4 ? max : 4;
	for (size_t k = 0; k < n; k++) {
		ov_mglyph g;
		fill(gid | (uint32_t)k << 24, &g);
		gids[k] = gid | (uint32_t)k << 24;
		sizes[k] = horizontal ? g.advance : g.height + g.depth;
	}
	return n;
}

static size_t f_assembly(void *ctx, uint32_t gid, bool horizontal, ov_mpart *parts, size_t max, double *italic)
{
	(void)ctx;
	(void)horizontal;
	*italic = 10;
	if (gid >> 24 || gid % 4 || max < 3)
		return 0;
	parts[0] = (ov_mpart){1, 0, 150, 500, false};
	parts[1] = (ov_mpart){2, 150, 150, 400, true};
	parts[2] = (ov_mpart){3, 150, 0, 500, false};
	return 3;
}

static int t_advance(void *ctx, ov_face face, uint32_t cp)
{
	(void)ctx;
	return 200 + (int)(cp % 400) + (int)face * 10;
}

static const char *t_ref(void *ctx, const char *label)
{
	(void)ctx;
	return label && label[0] == 'a' ? "1.2" : NULL;
}

static void check(const ov_mbox *b)
{
	if (!isfinite(b->width) || !isfinite(b->height) || !isfinite(b->depth))
		abort();
	for (size_t i = 0; i < b->count; i++)
		if (!isfinite(b->items[i].x) || !isfinite(b->items[i].y))
			abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 1)
		return 0;
	bool display = data[0] & 1;
	double pt = 5 + data[0] % 16;
	ov_math_metrics mm;
	memset(&mm, 0, sizeof mm);
	mm.font = 3;
	mm.glyph = f_glyph;
	mm.measure = f_measure;
	mm.kern = f_kern;
	mm.variants = f_variants;
	mm.assembly = f_assembly;
	mm.min_connector_overlap = 20;
	for (int k = 0; k < OV_MC__COUNT; k++)
		mm.constant[k] = 50 + (k * 37) % 400;
	mm.constant[OV_MC_SCRIPT_PERCENT_SCALE_DOWN] = 70;
	mm.constant[OV_MC_SCRIPT_SCRIPT_PERCENT_SCALE_DOWN] = 50;
	mm.constant[OV_MC_RADICAL_KERN_AFTER_DEGREE] = -500;
	ov_metrics tm = {NULL, t_advance, NULL, NULL, {700, 700, 700, 700, 700}, {-200, -200, -200, -200, -200}, NULL, NULL};
	ov_math_env env = {&mm, &tm, pt, t_ref, NULL};
	ov_arena arena;
	ov_arena_init(&arena);
	const ov_math *m = ov_math_parse(&arena, (const char *)data + 1, size - 1, display, NULL);
	if (m->ok) {
		const ov_mlayout *L = ov_math_layout(&arena, m->list, display, &env);
		check(&L->box);
		double w = 0;
		for (size_t i = 0; i < L->chunk_count; i++) {
			check(&L->chunks[i].box);
			w += L->chunks[i].box.width + L->chunks[i].glue;
		}
		if (fabs(w - L->box.width) > 1e-6 * (1 + fabs(w)))
			abort();
		for (size_t i = 0; i < L->row_count; i++)
			check(&L->rows[i]);
	}
	ov_arena_dispose(&arena);
	return 0;
}
