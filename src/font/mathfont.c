/* mathfont.c - the OpenType MATH table through HarfBuzz (see mathfont.h).
 * No table parser of our own: HarfBuzz 6.0's hb_ot_math_* functions
 * answer in the units of the font's scale, which font.c sets to the
 * font's units per em (fontcheck.c), so every length is converted here
 * with 1000 / upem (Pagella Math: 1000 units, DejaVu Math TeX Gyre:
 * 2048). */
#include "mathfont.h"

#include <hb-ot.h>
#include <hb.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "util/arena.h"
#include "util/fsio.h"

/* ov_math_constant lists the constants in hb_ot_math_constant_t's order
 * (the table's) */
_Static_assert((int)OV_MC_AXIS_HEIGHT == (int)HB_OT_MATH_CONSTANT_AXIS_HEIGHT, "constant order");
_Static_assert((int)OV_MC_RADICAL_DEGREE_BOTTOM_RAISE_PERCENT ==
                   (int)HB_OT_MATH_CONSTANT_RADICAL_DEGREE_BOTTOM_RAISE_PERCENT,
               "constant order");
_Static_assert((int)OV_MKERN_BOTTOM_LEFT == (int)HB_OT_MATH_KERN_BOTTOM_LEFT, "kern corners");

/* One cached answer: a glyph by (code point, level) or by glyph id. */
typedef struct {
	uint64_t key; /* 0: empty */
	bool found;
	ov_mglyph g;
} slot;

struct ov_font_math_cache {
	const ov_font *f;
	hb_font_t *hb;
	double scale;      /* 1000 / upem */
	hb_buffer_t *buf;  /* for 'ssty' (one character shaped) */
	hb_set_t *ssty;    /* the glyphs an 'ssty' lookup may change (of any script) */
	slot *slots;       /* open addressing, a power of two */
	size_t cap, used;
};

static double len1000(const ov_font_math_cache *c, hb_position_t v) { return v * c->scale; }

const ov_math_font_file *ov_math_fonts(void)
{
	static const ov_math_font_file files[] = {
		{"/usr/share/texmf/fonts/opentype/public/tex-gyre-math/texgyrepagella-math.otf", "fonts-texgyre-math",
		 "TeX Gyre Pagella Math"},
		{"/usr/share/fonts/truetype/dejavu/DejaVuMathTeXGyre.ttf", "fonts-dejavu-core", "DejaVu Math TeX Gyre"},
		{NULL, NULL, NULL},
	};
	static _Thread_local ov_math_font_file copy[3];
	const char *env = getenv("OCTAVO_MATH_FONT");
	if (!env || !*env)
		return files;
	memcpy(copy, files, sizeof files);
	copy[0].path = env;
	return copy;
}

const char *ov_math_font_path(const char *named)
{
	if (named)
		return named;
	for (const ov_math_font_file *mf = ov_math_fonts(); mf->path; mf++)
		if (ov_is_file(mf->path))
			return mf->path;
	return NULL;
}

bool ov_font_has_math(const ov_font *f) { return hb_ot_math_has_data(hb_font_get_face(ov_font_hb(f))); }

/* The three percents are returned as they are (hb_ot_math_get_constant
 * does not scale them); the rest are lengths in the font's scale. */
static bool is_percent(ov_math_constant c)
{
	return c == OV_MC_SCRIPT_PERCENT_SCALE_DOWN || c == OV_MC_SCRIPT_SCRIPT_PERCENT_SCALE_DOWN ||
	       c == OV_MC_RADICAL_DEGREE_BOTTOM_RAISE_PERCENT;
}

double ov_font_math_constant(const ov_font *f, ov_math_constant c)
{
	if ((unsigned)c >= OV_MC__COUNT)
		return 0;
	hb_position_t v = hb_ot_math_get_constant(ov_font_hb(f), (hb_ot_math_constant_t)c);
	return is_percent(c) ? v : v * 1000.0 / ov_font_info_of(f)->upem;
}

/* ---- the cache ---- */

static uint64_t mix(uint64_t k)
{
	k ^= k >> 33;
	k *= 0xff51afd7ed558ccdULL;
	k ^= k >> 33;
	return k;
}

/* The slot of key: its own, or the empty one where it goes. */
static slot *find(ov_font_math_cache *c, uint64_t key)
{
	size_t mask = c->cap - 1, i = (size_t)mix(key) & mask;
	while (c->slots[i].key && c->slots[i].key != key)
		i = (i + 1) & mask;
	return &c->slots[i];
}

static void grow(ov_font_math_cache *c)
{
	slot *old = c->slots;
	size_t n = c->cap;
	c->cap = n ? n * 2 : 256;
	c->slots = ov_xcalloc(c->cap, sizeof *c->slots);
	for (size_t i = 0; i < n; i++)
		if (old[i].key)
			*find(c, old[i].key) = old[i];
	free(old);
}

/* The slot for key, made (empty, key set) when it was not there; *fresh
 * says which. */
static slot *lookup(ov_font_math_cache *c, uint64_t key, bool *fresh)
{
	if ((c->used + 1) * 2 > c->cap)
		grow(c);
	slot *s = find(c, key);
	*fresh = !s->key;
	if (*fresh) {
		s->key = key;
		c->used++;
	}
	return s;
}

/* keys: a glyph id, or a code point with its level (never 0: the kind
 * bit is set) */
#define KEY_GID(g) ((uint64_t)1 << 40 | (uint64_t)(g))
#define KEY_CP(cp, level) ((uint64_t)2 << 40 | (uint64_t)(cp) << 2 | (uint64_t)(level))

/* ---- the callbacks ---- */

static void measure_now(ov_font_math_cache *c, uint32_t gid, ov_mglyph *g)
{
	memset(g, 0, sizeof *g);
	g->gid = gid;
	g->advance = len1000(c, hb_font_get_glyph_h_advance(c->hb, gid));
	hb_glyph_extents_t e;
	if (hb_font_get_glyph_extents(c->hb, gid, &e)) {
		/* y_bearing is the top of the ink, height is negative (y up) */
		g->height = len1000(c, e.y_bearing);
		g->depth = -len1000(c, e.y_bearing + e.height);
	}
	g->italic = len1000(c, hb_ot_math_get_glyph_italics_correction(c->hb, gid));
	/* HarfBuzz answers half the advance for a glyph the
	 * MathTopAccentAttachment table does not cover, as mathglyph.h wants */
	g->top_accent = len1000(c, hb_ot_math_get_glyph_top_accent_attachment(c->hb, gid));
	g->extended = hb_ot_math_is_glyph_extended_shape(hb_font_get_face(c->hb), gid);
}

static void m_measure(void *ctx, uint32_t gid, ov_mglyph *out)
{
	ov_font_math_cache *c = ctx;
	bool fresh;
	slot *s = lookup(c, KEY_GID(gid), &fresh);
	if (fresh) {
		measure_now(c, gid, &s->g);
		s->found = true;
	}
	*out = s->g;
}

/* The glyph of cp at script level 1 or 2: cp shaped alone with 'ssty'
 * set to the level (OpenType feature registry, 'ssty': "the feature
 * value is the script level"; TeX Gyre's fonts have a second alternate for
 * level 2, where a font with one alternate gives it for both), in the
 * math script so that a font's 'math' script rules apply (HarfBuzz falls
 * back to DFLT without one). The nominal glyph when the shaping gives
 * more or fewer than one glyph. */
static uint32_t ssty_glyph(ov_font_math_cache *c, uint32_t cp, int level, uint32_t nominal)
{
	/* shaping one character through a math font's GSUB takes some 20 µs:
	 * not for a glyph no 'ssty' lookup covers (digits, operators) */
	if (!hb_set_has(c->ssty, nominal))
		return nominal;
	hb_buffer_t *b = c->buf;
	hb_buffer_clear_contents(b);
	hb_buffer_add_codepoints(b, &cp, 1, 0, 1);
	hb_buffer_set_direction(b, HB_DIRECTION_LTR);
	hb_buffer_set_script(b, HB_SCRIPT_MATH);
	/* no language (the font's default language system): HarfBuzz makes
	 * hb_language_get_default's on first use, on whichever thread comes
	 * first, and the layout threads would then read another thread's
	 * string (ThreadSanitizer saw it; shape.c looks its language up once,
	 * on one thread) */
	hb_feature_t feat = {HB_TAG('s', 's', 't', 'y'), (uint32_t)level, HB_FEATURE_GLOBAL_START,
	                     HB_FEATURE_GLOBAL_END};
	/* the OpenType shaper only, as shape.c and fontcheck.c ask for it
	 * (HarfBuzz's Graphite shaper leaked on a fuzzed font) */
	static const char *const shapers[] = {"ot", NULL};
	hb_shape_full(c->hb, b, &feat, 1, shapers);
	unsigned n = 0;
	hb_glyph_info_t *info = hb_buffer_get_glyph_infos(b, &n);
	return n == 1 && info[0].codepoint ? info[0].codepoint : nominal;
}

static bool m_glyph(void *ctx, uint32_t cp, int level, ov_mglyph *out)
{
	ov_font_math_cache *c = ctx;
	if (level < 0)
		level = 0;
	if (level > 2)
		level = 2;
	memset(out, 0, sizeof *out);
	if (cp > 0x10FFFF)
		return false;
	bool fresh;
	slot *s = lookup(c, KEY_CP(cp, level), &fresh);
	if (fresh) {
		uint32_t g = ov_font_glyph(c->f, cp);
		s->found = g != 0;
		if (g && level > 0)
			g = ssty_glyph(c, cp, level, g);
		/* measure after the slot is filled: m_measure may grow the table */
		uint64_t key = s->key;
		ov_mglyph m;
		memset(&m, 0, sizeof m);
		if (g)
			m_measure(c, g, &m);
		s = find(c, key);
		s->g = m;
	}
	*out = s->g;
	return s->found;
}

static double m_kern(void *ctx, uint32_t gid, ov_mkern_corner corner, double height)
{
	ov_font_math_cache *c = ctx;
	if ((unsigned)corner > OV_MKERN_BOTTOM_LEFT || !isfinite(height))
		return 0;
	/* the height in font units: the band holding it (MathKern's
	 * correctionHeight list) is chosen by HarfBuzz */
	double u = height / c->scale;
	if (u > 1e9)
		u = 1e9;
	if (u < -1e9)
		u = -1e9;
	return len1000(c, hb_ot_math_get_glyph_kerning(c->hb, gid, (hb_ot_math_kern_t)corner, (hb_position_t)lround(u)));
}

static size_t m_variants(void *ctx, uint32_t gid, bool horizontal, uint32_t *gids, double *sizes, size_t max)
{
	ov_font_math_cache *c = ctx;
	hb_ot_math_glyph_variant_t v[OV_MATH_MAX_VARIANTS];
	unsigned n = max < OV_MATH_MAX_VARIANTS ? (unsigned)max : OV_MATH_MAX_VARIANTS;
	/* MathGlyphConstruction's variants, smallest first as the font lists
	 * them (OpenType: "in increasing order of size") */
	hb_ot_math_get_glyph_variants(c->hb, gid, horizontal ? HB_DIRECTION_LTR : HB_DIRECTION_BTT, 0, &n, v);
	for (unsigned i = 0; i < n; i++) {
		gids[i] = v[i].glyph;
		sizes[i] = len1000(c, v[i].advance);
	}
	return n;
}

static size_t m_assembly(void *ctx, uint32_t gid, bool horizontal, ov_mpart *parts, size_t max, double *italic)
{
	ov_font_math_cache *c = ctx;
	hb_ot_math_glyph_part_t p[OV_MATH_MAX_PARTS];
	unsigned n = max < OV_MATH_MAX_PARTS ? (unsigned)max : OV_MATH_MAX_PARTS;
	hb_position_t ic = 0;
	unsigned total = hb_ot_math_get_glyph_assembly(c->hb, gid, horizontal ? HB_DIRECTION_LTR : HB_DIRECTION_BTT, 0,
	                                               &n, p, &ic);
	*italic = len1000(c, ic);
	/* an assembly cut short would draw a broken glyph: none rather */
	if (total > n)
		return 0;
	for (unsigned i = 0; i < n; i++) {
		parts[i].gid = p[i].glyph;
		parts[i].start_connector = len1000(c, p[i].start_connector_length);
		parts[i].end_connector = len1000(c, p[i].end_connector_length);
		parts[i].full_advance = len1000(c, p[i].full_advance);
		parts[i].extender = (p[i].flags & HB_OT_MATH_GLYPH_PART_FLAG_EXTENDER) != 0;
	}
	return n;
}

ov_font_math_cache *ov_font_math_metrics(const ov_font *f, int font_number, ov_math_metrics *out)
{
	memset(out, 0, sizeof *out);
	if (!f || !ov_font_has_math(f))
		return NULL;
	ov_font_math_cache *c = ov_xcalloc(1, sizeof *c);
	c->f = f;
	c->hb = ov_font_hb(f);
	c->scale = 1000.0 / ov_font_info_of(f)->upem;
	c->buf = hb_buffer_create();
	/* the input glyphs of every lookup of 'ssty' in any script and
	 * language system: a superset of what shaping with it may change */
	hb_face_t *face = hb_font_get_face(c->hb);
	c->ssty = hb_set_create();
	hb_set_t *lookups = hb_set_create();
	const hb_tag_t features[] = {HB_TAG('s', 's', 't', 'y'), HB_TAG_NONE};
	hb_ot_layout_collect_lookups(face, HB_OT_TAG_GSUB, NULL, NULL, features, lookups);
	for (hb_codepoint_t l = HB_SET_VALUE_INVALID; hb_set_next(lookups, &l);)
		hb_ot_layout_lookup_collect_glyphs(face, HB_OT_TAG_GSUB, l, NULL, c->ssty, NULL, NULL);
	hb_set_destroy(lookups);
	grow(c);
	out->ctx = c;
	out->font = font_number;
	for (int i = 0; i < OV_MC__COUNT; i++)
		out->constant[i] = ov_font_math_constant(f, (ov_math_constant)i);
	/* the same for both directions in the table (MathVariants) */
	out->min_connector_overlap = len1000(c, hb_ot_math_get_min_connector_overlap(c->hb, HB_DIRECTION_BTT));
	out->glyph = m_glyph;
	out->measure = m_measure;
	out->kern = m_kern;
	out->variants = m_variants;
	out->assembly = m_assembly;
	return c;
}

void ov_font_math_cache_free(ov_font_math_cache *c)
{
	if (!c)
		return;
	hb_buffer_destroy(c->buf);
	hb_set_destroy(c->ssty);
	free(c->slots);
	free(c);
}
