/* fuzz_font.c - libFuzzer target: arbitrary bytes as a font file, through
 * everything a build does with one (font.h, shape.h, fontcheck.h), in a
 * build's order: ov_font_load (the checker: table directory, head to loca
 * or 'CFF ', HarfBuzz's sanitizer, every glyph's offsets and header), the
 * metrics and names the PDF's font descriptor reads, the glyphs and
 * advances of code points of every plane, shaping through a font set (the
 * font alone, and in chains with a subset of itself in front of it and
 * behind it), the full check of the glyphs shaped and of a book's
 * characters, the warning about damaged glyphs a book does not use, the
 * EPUB's subset and the PDF's (hb-subset), and each subset loaded, measured
 * and shaped again, and the MATH table as the math layout reads it
 * (mathfont.h). As in a build, the subsets are made of a font that
 * loads. The PDF's subset of a TrueType font's glyphs that check as sound
 * must itself check as sound (as the font program it is:
 * ov_fontcheck_open_program), with the same advances: the
 * subsetter copies glyf outlines, so a failure there is a disagreement
 * between the checker and the subsetter, and aborts. (HarfBuzz rewrites
 * CFF charstrings, and one that ran in the font may not run in its
 * subset; the PDF writer checks its subsets again, cidfont.h, and refuses
 * such a font with an error.) Nothing may crash, hang, leak or read
 * outside its input. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "font/font.h"
#include "font/fontcheck.h"
#include "font/mathfont.h"
#include "font/shape.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Text a book sets: Latin with kerning pairs and ligatures, Greek and
 * Cyrillic (composites, nested in many fonts), combining marks, quotes
 * and dashes, code, joiners and variation selectors, Arabic and
 * Devanagari (HarfBuzz's complex shapers), and astral characters
 * (mathematical letters, emoji with a skin-tone modifier). */
static const char *const TEXTS[] = {
	"AVATAR To. office fine Wa\xcc\x81y",
	"\xce\x9a\xce\xb1\xce\xbb\xce\xb7\xce\xbc\xce\xad\xcf\x81\xce\xb1 \xce\x86\xce\x88",
	"\xd1\x91\xd0\xbb\xd0\xba\xd0\xb0 \xd0\x99\xd0\xb9",
	"e\xcc\x88\xcc\xa3 \xe1\xbb\x87 \xe2\x80\x94 \xe2\x80\x9cq\xe2\x80\x9d \xe2\x80\xa6 \xef\xac\x81",
	"x -> y != z <= {}",
	"soft\xc2\xadjoin\xe2\x80\x8d\xe2\x9c\x93\xef\xb8\x8f",
	"\xd9\x85\xd8\xb1\xd8\xad\xd8\xa8\xd8\xa7 \xe0\xa4\xa8\xe0\xa4\xae\xe0\xa4\xb8\xe0\xa5\x8d\xe0\xa4\xa4\xe0\xa5\x87",
	"\xf0\x9d\x94\xb8\xf0\x9d\x95\x93 \xf0\x9f\x98\x80\xf0\x9f\x91\x8d\xf0\x9f\x8f\xbd \xef\xbf\xbd",
};
#define NTEXTS (sizeof TEXTS / sizeof *TEXTS)

/* Glyph ids, a set kept sorted. */
typedef struct {
	uint32_t *v;
	size_t n, cap;
} gid_set;

static void gid_add(gid_set *s, uint32_t g)
{
	size_t lo = 0, hi = s->n;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		if (s->v[mid] < g)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo < s->n && s->v[lo] == g)
		return;
	if (s->n == s->cap) {
		s->cap = s->cap ? 2 * s->cap : 64;
		s->v = realloc(s->v, s->cap * sizeof *s->v);
		if (!s->v)
			abort();
	}
	memmove(s->v + lo + 1, s->v + lo, (s->n - lo) * sizeof *s->v);
	s->v[lo] = g;
	s->n++;
}

/* The metrics and names the PDF's font descriptor and the layout read,
 * and the glyph and advance of code points of every plane. */
static void measure(const ov_font *f)
{
	const ov_font_info *in = ov_font_info_of(f);
	volatile long sink = in->bbox[0] + in->bbox[3] + in->ascent + in->descent + in->cap_height + in->x_height +
	                     in->weight + (long)in->italic_angle + in->fixed_pitch + in->cff + (long)in->upem +
	                     (long)strlen(in->ps_name);
	char name[128];
	for (unsigned id = 1; id <= 16; id++)
		if (ov_font_name(f, id, name, sizeof name))
			sink += (long)strlen(name);
	sink += ov_font_name(f, 4, name, 2);
	size_t len;
	sink += ov_font_data(f, &len) != NULL;
	for (uint32_t cp = 0; cp < 0x300; cp++)
		sink += ov_font_advance(f, ov_font_glyph(f, cp));
	static const uint32_t astral[] = {0xFFFF,  0x1D538,  0x1F600,  0x1F3FD,
	                                  0xE0100, 0x10FFFF, 0x110000, 0xFFFFFFFF};
	for (size_t i = 0; i < sizeof astral / sizeof *astral; i++)
		sink += ov_font_advance(f, ov_font_glyph(f, astral[i]));
	sink += ov_font_advance(f, in->glyph_count) + ov_font_advance(f, UINT32_MAX);
	sink += ov_font_units_to_1000(f, INT32_MAX) + ov_font_units_to_1000(f, INT32_MIN);
	(void)sink;
}

/* What the math layout asks of a math font (mathfont.h): the constants,
 * glyphs of a formula's characters at the three script levels, their
 * measures, cut-in kerns at heights of every band, size variants and
 * assemblies both ways, and the same of each variant and part; for a
 * font without a MATH table, only the refusal. */
static void math(const ov_font *f)
{
	ov_math_metrics m;
	ov_font_math_cache *c = ov_font_math_metrics(f, 0, &m);
	if (!c)
		return;
	static const uint32_t cps[] = {'(', ')', '{', '[', '|', 'x', 'f', 0x2211, 0x222B, 0x221A, 0x2192,
	                               0x2032, 0x1D453, 0x1D465, 0x23DE, 0x0302, 0x2212, 0x10FFFF, 0};
	volatile double sink = m.min_connector_overlap;
	for (int i = 0; i < OV_MC__COUNT; i++)
		sink += m.constant[i];
	for (size_t i = 0; i < sizeof cps / sizeof *cps; i++)
		for (int level = -1; level <= 3; level++) {
			ov_mglyph g;
			sink += m.glyph(m.ctx, cps[i], level, &g);
			for (int corner = 0; corner < 4; corner++)
				for (double h = -2000; h <= 4000; h += 750)
					sink += m.kern(m.ctx, g.gid, (ov_mkern_corner)corner, h);
			for (int dir = 0; dir < 2; dir++) {
				uint32_t gids[OV_MATH_MAX_VARIANTS];
				double sizes[OV_MATH_MAX_VARIANTS];
				size_t n = m.variants(m.ctx, g.gid, dir, gids, sizes, OV_MATH_MAX_VARIANTS);
				for (size_t k = 0; k < n; k++) {
					ov_mglyph v;
					m.measure(m.ctx, gids[k], &v);
					sink += sizes[k] + v.advance + v.height + v.depth + v.italic + v.top_accent + v.extended;
				}
				ov_mpart parts[OV_MATH_MAX_PARTS];
				double italic;
				n = m.assembly(m.ctx, g.gid, dir, parts, OV_MATH_MAX_PARTS, &italic);
				for (size_t k = 0; k < n; k++) {
					ov_mglyph v;
					m.measure(m.ctx, parts[k].gid, &v);
					sink += parts[k].full_advance + parts[k].start_connector + parts[k].end_connector + v.height;
				}
				sink += italic;
			}
		}
	ov_mglyph g;
	m.measure(m.ctx, UINT32_MAX, &g);
	sink += g.advance + m.kern(m.ctx, UINT32_MAX, OV_MKERN_TOP_LEFT, 1e300);
	(void)sink;
	ov_font_math_cache_free(c);
}

/* Shapes every text in chain, as running text and as code; the glyphs
 * drawn from font index fi go to out (NULL: none collected). */
static void shape_all(ov_shaper *sh, const ov_fontset *fs, int chain, int fi, gid_set *out)
{
	for (size_t i = 0; i < NTEXTS; i++)
		for (unsigned flags = 0; flags <= OV_SHAPE_CODE; flags += OV_SHAPE_CODE) {
			ov_glyph_run run = {0};
			ov_shape(sh, chain, flags, TEXTS[i], strlen(TEXTS[i]), &run);
			for (size_t k = 0; k < run.count; k++) {
				const ov_glyph *g = &run.glyphs[k];
				if (ov_fontset_font(fs, g->font) == NULL)
					abort(); /* a glyph of a font the set does not hold */
				if (out && g->font == fi)
					gid_add(out, g->gid);
			}
			free(run.glyphs);
		}
}

/* The code points of TEXTS, decoded as shaping decodes them. */
static size_t text_code_points(uint32_t *cps, size_t max)
{
	size_t n = 0;
	for (size_t i = 0; i < NTEXTS; i++) {
		const unsigned char *p = (const unsigned char *)TEXTS[i];
		while (*p && n < max) {
			uint32_t cp = *p;
			int k = cp < 0x80 ? 1 : cp < 0xE0 ? 2 : cp < 0xF0 ? 3 : 4;
			cp &= k == 1 ? 0x7F : k == 2 ? 0x1F : k == 3 ? 0x0F : 0x07;
			for (int j = 1; j < k; j++)
				cp = cp << 6 | (p[j] & 0x3F);
			cps[n++] = cp;
			p += k;
		}
	}
	return n;
}

/* A subset loaded again: measured, its glyphs for the texts checked,
 * shaped on its own. Returns it (NULL when it does not load). */
static ov_font *reload(const uint8_t *sub, size_t len)
{
	char why[OV_FONTCHECK_WHY];
	ov_font *f = ov_font_load(sub, len, why, sizeof why);
	if (!f)
		return NULL;
	measure(f);
	ov_fontset *fs = ov_fontset_new("en");
	int i = ov_fontset_add(fs, f);
	ov_fontset_chain(fs, 0, &i, 1);
	ov_shaper *sh = ov_shaper_new(fs);
	gid_set g = {0};
	shape_all(sh, fs, 0, i, &g);
	ov_fontcheck_glyphs(ov_font_check(f), g.v, g.n, why, sizeof why);
	ov_fontcheck_damaged(ov_font_check(f), why, sizeof why);
	free(g.v);
	ov_shaper_free(sh);
	ov_fontset_free(fs);
	return f;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char why[OV_FONTCHECK_WHY];
	ov_font *f = ov_font_load(data, size, why, sizeof why);
	if (!f)
		return 0;
	ov_fontcheck *chk = ov_font_check(f);
	measure(f);
	math(f);

	/* a book's characters: the glyphs cmap gives them, checked in full */
	uint32_t cps[1024];
	size_t ncps = 0;
	for (uint32_t cp = 0x20; cp < 0x250; cp++)
		cps[ncps++] = cp;
	ncps += text_code_points(cps + ncps, sizeof cps / sizeof *cps - ncps);
	bool sound = ov_fontcheck_code_points(chk, cps, ncps, why, sizeof why) == 0;

	/* the EPUB's subset of those characters, and the glyphs it holds */
	size_t wlen = 0, nwg = 0;
	uint32_t *wg = NULL;
	uint8_t *web = ov_font_subset_for_web(f, cps, ncps, &wlen, &wg, &nwg);
	if (web)
		ov_fontcheck_glyphs(chk, wg, nwg, why, sizeof why);
	free(wg);
	ov_font *w = web ? reload(web, wlen) : NULL;

	/* shaping: the font alone (chain 0), behind its subset (1), in
	 * front of it (2) */
	ov_fontset *fs = ov_fontset_new("en");
	int fi = ov_fontset_add(fs, f), wi = w ? ov_fontset_add(fs, w) : -1;
	ov_fontset_chain(fs, 0, &fi, 1);
	if (w) {
		ov_fontset_chain(fs, 1, (int[]){wi, fi}, 2);
		ov_fontset_chain(fs, 2, (int[]){fi, wi}, 2);
	}
	ov_shaper *sh = ov_shaper_new(fs);
	gid_set used = {0};
	gid_add(&used, 0); /* .notdef: in every subset */
	for (size_t i = 0; i < ncps; i++)
		gid_add(&used, ov_font_glyph(f, cps[i]));
	for (int chain = 0; chain < (w ? 3 : 1); chain++)
		shape_all(sh, fs, chain, fi, &used);
	for (uint32_t cp = 0; cp < 0x110000; cp += 0x1001)
		(void)ov_fontset_font_for(fs, 1, cp);
	ov_shaper_free(sh);
	ov_fontset_free(fs);

	/* every glyph drawn (the characters' own glyphs, and what shaping
	 * made of the texts), as the PDF writer checks them; then the warning
	 * about the rest */
	sound = sound && ov_fontcheck_glyph_ok(chk, 0) &&
	        ov_fontcheck_glyphs(chk, used.v, used.n, why, sizeof why) == 0;
	ov_fontcheck_damaged(chk, why, sizeof why);

	/* the PDF's subset of the glyphs drawn: sound in, sound out */
	size_t plen = 0;
	uint8_t *pdf = ov_font_subset_for_pdf(f, used.v, used.n, &plen);
	if (pdf) {
		/* as the PDF writer checks it (cidfont.c), then as a font */
		ov_fontcheck *pc = ov_fontcheck_open_program(pdf, plen, why, sizeof why);
		bool kept = pc && ov_fontcheck_glyph_ok(pc, 0) &&
		            ov_fontcheck_glyphs(pc, used.v, used.n, why, sizeof why) == 0 &&
		            ov_fontcheck_damaged(pc, why, sizeof why) == 0;
		if (sound && !ov_font_info_of(f)->cff && !kept)
			abort();
		ov_fontcheck_free(pc);
		ov_font *p = reload(pdf, plen);
		for (size_t i = 0; p && kept && i < used.n; i++)
			if (ov_font_advance(p, used.v[i]) != ov_font_advance(f, used.v[i]))
				abort(); /* the widths the PDF gives are the original's */
		ov_font_free(p);
		free(pdf);
	}

	free(used.v);
	ov_font_free(w);
	free(web);
	ov_font_free(f);
	return 0;
}
