/* shape.c - shaping with fallback fonts (see shape.h). */
#include "shape.h"

#include <hb-ot.h>
#include <hb.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#include "util/arena.h"
#include "util/utf8.h"

struct ov_fontset {
	_Atomic(ov_font *) fonts[OV_FONTSET_MAX];
	ov_font_loader load[OV_FONTSET_MAX]; /* lazy entries: how to load them */
	void *load_ctx[OV_FONTSET_MAX];
	bool tried[OV_FONTSET_MAX];           /* loaded, or failed to (under lock) */
	pthread_mutex_t lock;
	size_t count;
	int chain[OV_CHAINS_MAX][OV_CHAIN_MAX];
	size_t chain_len[OV_CHAINS_MAX];
	hb_language_t lang;
};

ov_fontset *ov_fontset_new(const char *lang)
{
	ov_fontset *fs = ov_xcalloc(1, sizeof *fs);
	/* looked up here, on one thread: HarfBuzz keeps languages in a global
	 * list, and shaping threads then only read it */
	fs->lang = lang && *lang ? hb_language_from_string(lang, -1) : HB_LANGUAGE_INVALID;
	pthread_mutex_init(&fs->lock, NULL);
	return fs;
}

void ov_fontset_free(ov_fontset *fs)
{
	if (!fs)
		return;
	pthread_mutex_destroy(&fs->lock);
	free(fs);
}

/* Font k, loaded now if it is a lazy entry not tried yet (once, under the
 * lock; a thread that finds it loaded takes it without the lock); NULL
 * when it could not be loaded. */
static ov_font *font_at(const ov_fontset *cfs, int k)
{
	ov_fontset *fs = (ov_fontset *)cfs; /* loading is the set's own business */
	ov_font *f = atomic_load_explicit(&fs->fonts[k], memory_order_acquire);
	if (f || !fs->load[k])
		return f;
	pthread_mutex_lock(&fs->lock);
	if (!fs->tried[k]) {
		fs->tried[k] = true;
		atomic_store_explicit(&fs->fonts[k], fs->load[k](fs->load_ctx[k], k), memory_order_release);
	}
	f = atomic_load_explicit(&fs->fonts[k], memory_order_acquire);
	pthread_mutex_unlock(&fs->lock);
	return f;
}

int ov_fontset_add_lazy(ov_fontset *fs, ov_font_loader load, void *ctx)
{
	if (fs->count == OV_FONTSET_MAX)
		return -1;
	fs->load[fs->count] = load;
	fs->load_ctx[fs->count] = ctx;
	return (int)fs->count++;
}

bool ov_fontset_tried(const ov_fontset *fs, int index)
{
	if (index < 0 || (size_t)index >= fs->count)
		return false;
	if (!fs->load[index])
		return true;
	pthread_mutex_lock((pthread_mutex_t *)&fs->lock);
	bool t = fs->tried[index];
	pthread_mutex_unlock((pthread_mutex_t *)&fs->lock);
	return t;
}

int ov_fontset_add(ov_fontset *fs, ov_font *f)
{
	for (size_t i = 0; i < fs->count; i++)
		if (atomic_load_explicit(&fs->fonts[i], memory_order_relaxed) == f)
			return (int)i;
	if (fs->count == OV_FONTSET_MAX)
		return -1;
	atomic_store_explicit(&fs->fonts[fs->count], f, memory_order_relaxed);
	return (int)fs->count++;
}

ov_font *ov_fontset_font(const ov_fontset *fs, int index)
{
	return index >= 0 && (size_t)index < fs->count
	           ? atomic_load_explicit(&((ov_fontset *)fs)->fonts[index], memory_order_acquire)
	           : NULL;
}

size_t ov_fontset_count(const ov_fontset *fs) { return fs->count; }

void ov_fontset_chain(ov_fontset *fs, int chain, const int *fonts, size_t n)
{
	if (chain < 0 || chain >= OV_CHAINS_MAX)
		return;
	size_t k = 0;
	for (size_t i = 0; i < n && k < OV_CHAIN_MAX; i++)
		if (fonts[i] >= 0 && (size_t)fonts[i] < fs->count)
			fs->chain[chain][k++] = fonts[i];
	fs->chain_len[chain] = k;
}

/* The first font of ch[0..n) that has a, and b too unless b is 0; -1
 * when none has. */
static int first_font_with(const ov_fontset *fs, const int *ch, size_t n, uint32_t a, uint32_t b)
{
	for (size_t j = 0; j < n; j++) {
		ov_font *f = font_at(fs, ch[j]);
		if (f && ov_font_glyph(f, a) && (!b || ov_font_glyph(f, b)))
			return ch[j];
	}
	return -1;
}

int ov_fontset_font_for(const ov_fontset *fs, int chain, uint32_t cp)
{
	if (chain < 0 || chain >= OV_CHAINS_MAX)
		return -1;
	return first_font_with(fs, fs->chain[chain], fs->chain_len[chain], cp, 0);
}

/* Unicode's Default_Ignorable_Code_Point (DerivedCoreProperties.txt):
 * drawn as nothing when a font lacks them. */
bool ov_char_is_ignorable(uint32_t cp)
{
	return cp == 0xAD || cp == 0x34F || cp == 0x61C || (cp >= 0x115F && cp <= 0x1160) ||
	       (cp >= 0x17B4 && cp <= 0x17B5) || (cp >= 0x180B && cp <= 0x180F) || (cp >= 0x200B && cp <= 0x200F) ||
	       (cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2060 && cp <= 0x206F) || cp == 0x3164 ||
	       (cp >= 0xFE00 && cp <= 0xFE0F) || cp == 0xFEFF || cp == 0xFFA0 || (cp >= 0xFFF0 && cp <= 0xFFF8) ||
	       (cp >= 0x1BCA0 && cp <= 0x1BCA3) || (cp >= 0x1D173 && cp <= 0x1D17A) ||
	       (cp >= 0xE0000 && cp <= 0xE0FFF);
}

/* Characters that belong with the one before them: combining marks,
 * joiners, variation selectors, emoji skin-tone modifiers and tags. */
static bool joins_previous(uint32_t cp)
{
	if (cp == 0x200C || cp == 0x200D || (cp >= 0xFE00 && cp <= 0xFE0F) || (cp >= 0xE0100 && cp <= 0xE01EF) ||
	    (cp >= 0x1F3FB && cp <= 0x1F3FF) || (cp >= 0xE0020 && cp <= 0xE007F))
		return true;
	hb_unicode_general_category_t gc = hb_unicode_general_category(hb_unicode_funcs_get_default(), cp);
	return gc == HB_UNICODE_GENERAL_CATEGORY_NON_SPACING_MARK ||
	       gc == HB_UNICODE_GENERAL_CATEGORY_SPACING_MARK || gc == HB_UNICODE_GENERAL_CATEGORY_ENCLOSING_MARK;
}

struct ov_shaper {
	const ov_fontset *fs;
	hb_buffer_t *buf;
	hb_feature_t code[5]; /* OV_SHAPE_CODE: features turned off */
};

ov_shaper *ov_shaper_new(const ov_fontset *fs)
{
	ov_shaper *s = ov_xcalloc(1, sizeof *s);
	s->fs = fs;
	s->buf = hb_buffer_create();
	static const char *const off[] = {"liga=0", "clig=0", "calt=0", "dlig=0", "kern=0"};
	for (int i = 0; i < 5; i++)
		hb_feature_from_string(off[i], -1, &s->code[i]);
	return s;
}

void ov_shaper_free(ov_shaper *s)
{
	if (!s)
		return;
	hb_buffer_destroy(s->buf);
	free(s);
}

static void reserve(ov_glyph_run *run, size_t more)
{
	if (run->count + more <= run->cap)
		return;
	size_t cap = run->cap ? run->cap : 16;
	while (cap < run->count + more)
		cap *= 2;
	run->glyphs = ov_xrealloc(run->glyphs, cap * sizeof *run->glyphs);
	run->cap = cap;
}

static int16_t clamp16(long v) { return (int16_t)(v < -32768 ? -32768 : v > 32767 ? 32767 : v); }

/* Shapes text[start..end) (the whole text as context) with font index fi. */
static size_t shape_item(ov_shaper *s, int fi, unsigned flags, const char *text, size_t len, size_t start,
                         size_t end, ov_glyph_run *run)
{
	ov_font *f = font_at(s->fs, fi);
	hb_buffer_t *b = s->buf;
	hb_buffer_clear_contents(b);
	hb_buffer_add_utf8(b, text, (int)len, (unsigned)start, (int)(end - start));
	if (s->fs->lang != HB_LANGUAGE_INVALID)
		hb_buffer_set_language(b, s->fs->lang);
	hb_buffer_guess_segment_properties(b);
	/* HarfBuzz's own OpenType shaper only: no Graphite, no fallback
	 * shaper that would place marks by heuristics */
	static const char *const shapers[] = {"ot", NULL};
	bool code = flags & OV_SHAPE_CODE;
	hb_shape_full(ov_font_hb(f), b, code ? s->code : NULL, code ? 5 : 0, shapers);
	unsigned n = 0;
	hb_glyph_info_t *info = hb_buffer_get_glyph_infos(b, &n);
	hb_glyph_position_t *pos = hb_buffer_get_glyph_positions(b, NULL);
	reserve(run, n);
	for (unsigned i = 0; i < n; i++) {
		ov_glyph *g = &run->glyphs[run->count++];
		g->gid = info[i].codepoint;
		g->cluster = info[i].cluster;
		g->font = (uint16_t)fi;
		int adv = ov_font_advance(f, g->gid);
		g->advance = (uint16_t)adv;
		g->adjust = clamp16(ov_font_units_to_1000(f, pos[i].x_advance) - adv);
		g->dx = clamp16(ov_font_units_to_1000(f, pos[i].x_offset));
		g->dy = clamp16(ov_font_units_to_1000(f, pos[i].y_offset));
		run->width += adv + g->adjust;
	}
	return n;
}

size_t ov_shape(ov_shaper *s, int chain, unsigned flags, const char *text, size_t len, ov_glyph_run *run)
{
	const ov_fontset *fs = s->fs;
	if (chain < 0 || chain >= OV_CHAINS_MAX || fs->chain_len[chain] == 0 || len == 0 || len > INT32_MAX)
		return 0;
	const int *ch = fs->chain[chain];
	size_t nch = fs->chain_len[chain];
	size_t total = 0, item = 0, i = 0;
	size_t base_at = 0;  /* where the character the marks belong to starts */
	uint32_t base = 0;
	int cur = -1;
	while (i < len) {
		uint32_t cp;
		int k = ov_utf8_decode(text + i, len - i, &cp);
		size_t step = k > 0 ? (size_t)k : 1;
		int fi = -1;
		/* controls (a tab, a line end) draw nothing of their own: no
		 * font is searched for them */
		bool control = cp < 0x20 || (cp >= 0x7F && cp < 0xA0);
		if (control) {
			if (cur < 0) {
				cur = ch[0];
				item = i;
			}
			i += step;
			continue;
		}
		bool joins = cur >= 0 && (joins_previous(cp) || ov_char_is_ignorable(cp));
		if (joins && (ov_char_is_ignorable(cp) || ov_font_glyph(font_at(fs, cur), cp))) {
			fi = cur;
		} else if (joins && base) {
			/* a mark the base's font lacks: the base and its marks move to
			 * a font that has both, so that they are set together; else
			 * the mark alone comes from a font that has it */
			int both = first_font_with(fs, ch, nch, base, cp);
			if (both >= 0 && both != cur) {
				if (base_at > item)
					total += shape_item(s, cur, flags, text, len, item, base_at, run);
				cur = both;
				item = base_at;
			}
			fi = both >= 0 ? both : first_font_with(fs, ch, nch, cp, 0);
			if (fi < 0)
				fi = cur;
		} else {
			fi = first_font_with(fs, ch, nch, cp, 0);
			if (fi < 0) /* no font has it: the face draws its .notdef */
				fi = ch[0];
			base_at = i;
			base = cp;
		}
		if (fi != cur) {
			if (cur >= 0 && i > item)
				total += shape_item(s, cur, flags, text, len, item, i, run);
			cur = fi;
			item = i;
		}
		i += step;
	}
	if (cur >= 0)
		total += shape_item(s, cur, flags, text, len, item, len, run);
	return total;
}
