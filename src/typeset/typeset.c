/*
 * typeset.c - the typesetting stage: what a book's pages need from
 * book.yaml (its fonts, checked and read through HarfBuzz by font.h, with
 * the fallback fonts of fallback.h after them; the hyphenation patterns
 * of its language), then the layout (layout.h) on up to -j threads, each
 * shaping through a ov_metrics (a HarfBuzz shaper of its own) and
 * hyphenating through a ov_hyphenator of its own, with the pages handed
 * to the caller's sink chapter by chapter.
 *
 * The fonts and the patterns are together a quarter of a short book's
 * time, so they are loaded while the chapters are parsed
 * (ov_typeset_load with threaded), or in ov_typeset_run when not. A
 * thread each: the patterns take twice as long as the fonts, and with
 * both on one thread the layout waited for them (10 chapters: first
 * chapter laid out at 27 ms instead of 20). Font problems go to a sink
 * of their own, appended to the build's when the layout starts, where
 * they always came.
 */
#include "typeset.h"

#include <errno.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "font/fallback.h"
#include "font/mathfont.h"
#include "hyph/hyph.h"
#include "util/fsio.h"

struct ov_typeset {
	const ov_meta *meta;
	uint32_t manifest_file;
	ov_book_fonts f;
	int font_rc;                       /* -1: a font is unusable (reported to font_diag) */
	const char *package[OV_FONTSET_MAX]; /* a fallback's Debian package */
	char *why[OV_FONTSET_MAX];           /* why a fallback could not be loaded ("": not installed) */
	ov_diag font_diag;
	ov_hyph *hy;                       /* NULL: no patterns for the language */
	pthread_t font_thread, hyph_thread;
	bool font_started, hyph_started, done;
	atomic_int loaded;                 /* loaders finished (two when both are) */
};

/* ---- loading ---- */

/* Reads the font file path into slot k of f and opens it (font, data,
 * len): the font, or NULL with the problem in why ("" when the file could
 * not be read: errno says why). A damaged table fails here; damaged
 * glyphs only when the book draws them (the writers check those). */
static ov_font *read_font(ov_book_fonts *f, size_t k, const char *path, char *why, size_t size)
{
	why[0] = 0;
	char *data;
	size_t len;
	if (ov_read_file(path, &data, &len) != 0)
		return NULL;
	ov_font *font = ov_font_load((const uint8_t *)data, len, why, size);
	if (!font) {
		free(data);
		return NULL;
	}
	f->font[k] = font;
	f->data[k] = data;
	f->len[k] = len;
	return font;
}

/* Opens the font file path of face as font number f->count; returns its
 * number, or -1 with the problem in why (read_font). */
static int open_font(ov_book_fonts *f, const char *path, int face, char *why, size_t size)
{
	if (f->count == OV_FONTSET_MAX) {
		snprintf(why, size, "is one font too many (at most %d)", OV_FONTSET_MAX);
		return -1;
	}
	size_t k = f->count;
	if (!read_font(f, k, path, why, size))
		return -1;
	f->count++;
	f->path[k] = path;
	f->face[k] = face;
	ov_fontset_add(f->set, f->font[k]);
	return (int)k;
}

/* The font set's loader of fallback k (shape.h: once, under its lock, on
 * the layout thread that first needs it). */
static ov_font *load_fallback(void *ctx, int k)
{
	ov_typeset *ts = ctx;
	char why[OV_FONTCHECK_WHY];
	ov_font *font = read_font(&ts->f, (size_t)k, ts->f.path[k], why, sizeof why);
	if (!font)
		ts->why[k] = ov_xstrdup(why);
	return font;
}

static int load_fonts(ov_typeset *ts)
{
	const ov_meta *meta = ts->meta;
	ov_book_fonts *f = &ts->f;
	f->set = ov_fontset_new(meta->language);
	int rc = 0;
	for (int i = 0; i < OV_FACE__COUNT; i++) {
		const char *path = meta->fonts[i];
		ov_pos pos = meta->font_pos[i];
		if (!pos.file)
			pos.file = ts->manifest_file;
		f->face_font[i] = -1;
		for (size_t k = 0; k < f->count; k++)
			if (f->face[k] >= 0 && strcmp(f->path[k], path) == 0)
				f->face_font[i] = (int)k; /* faces that name one file share its font */
		if (f->face_font[i] >= 0)
			continue;
		char why[OV_FONTCHECK_WHY];
		f->face_font[i] = open_font(f, path, i, why, sizeof why);
		if (f->face_font[i] >= 0)
			continue;
		if (why[0])
			ov_diag_error(&ts->font_diag, pos, "font '%s' %s", path, why);
		else
			ov_diag_error(&ts->font_diag, pos, "cannot read font '%s': %s", path, ov_file_error(errno));
		rc = -1;
	}
	if (rc != 0)
		return rc;
	/* the fallbacks, each file once, loaded when shaping first needs one
	 * (most books never do), and the chains: a face's own font, then the
	 * fallbacks of its kind */
	for (int i = 0; i < OV_FACE__COUNT; i++) {
		int chain[OV_CHAIN_MAX], n = 0;
		chain[n++] = f->face_font[i];
		for (const ov_fallback *fb = ov_fallbacks(i == OV_FACE_MONO ? OV_FALLBACK_CODE : OV_FALLBACK_TEXT);
		     fb->file && n < OV_CHAIN_MAX; fb++) {
			char path[1024];
			ov_fallback_path(fb, path, sizeof path);
			int k = -1;
			for (size_t j = 0; j < f->count; j++)
				if (f->face[j] < 0 && strcmp(f->path[j], path) == 0)
					k = (int)j;
			if (k < 0) {
				k = ov_fontset_add_lazy(f->set, load_fallback, ts);
				if (k < 0)
					continue;
				f->count = (size_t)k + 1;
				f->path[k] = ov_xstrdup(path);
				f->face[k] = -1;
				ts->package[k] = fb->package;
			}
			chain[n++] = k;
		}
		ov_fontset_chain(f->set, i, chain, (size_t)n);
	}
	return rc;
}

static void *load_fonts_thread(void *arg)
{
	ov_typeset *ts = arg;
	ts->font_rc = load_fonts(ts);
	atomic_fetch_add(&ts->loaded, 1);
	return NULL;
}

static void *load_hyph_thread(void *arg)
{
	ov_typeset *ts = arg;
	ts->hy = ov_hyph_load(ts->meta->language);
	for (size_t i = 0; ts->hy && i < ts->meta->no_hyphenation_count; i++)
		ov_hyph_add_exception(ts->hy, ts->meta->no_hyphenation[i]);
	atomic_fetch_add(&ts->loaded, 1);
	return NULL;
}

ov_typeset *ov_typeset_load(const ov_meta *meta, uint32_t manifest_file, bool threaded)
{
	ov_typeset *ts = ov_xcalloc(1, sizeof *ts);
	ts->meta = meta;
	ts->manifest_file = manifest_file;
	ov_diag_init(&ts->font_diag);
	ts->f.math_font = -1;
	if (threaded) {
		ts->hyph_started = pthread_create(&ts->hyph_thread, NULL, load_hyph_thread, ts) == 0;
		ts->font_started = pthread_create(&ts->font_thread, NULL, load_fonts_thread, ts) == 0;
	}
	return ts;
}

bool ov_typeset_ready(const ov_typeset *ts)
{
	return !ts || ts->done || atomic_load(&((ov_typeset *)ts)->loaded) == 2;
}

/* Waits for the loading threads, or loads here. */
static void finish_loading(ov_typeset *ts)
{
	if (ts->done)
		return;
	if (ts->font_started)
		pthread_join(ts->font_thread, NULL);
	else
		load_fonts_thread(ts);
	if (ts->hyph_started)
		pthread_join(ts->hyph_thread, NULL);
	else
		load_hyph_thread(ts);
	ts->done = true;
}

const ov_book_fonts *ov_typeset_fonts(const ov_typeset *ts) { return &ts->f; }

void ov_typeset_drop_fonts(ov_typeset *ts)
{
	ov_book_fonts *f = &ts->f;
	for (size_t k = 0; k < f->count; k++) {
		ov_font_free(f->font[k]);
		free((char *)f->data[k]);
		if (f->face[k] < 0)
			free((char *)f->path[k]);
	}
	ov_fontset_free(f->set);
	memset(f, 0, sizeof *f);
	f->math_font = -1;
	for (size_t k = 0; k < OV_FONTSET_MAX; k++) {
		free(ts->why[k]);
		ts->why[k] = NULL;
	}
}

void ov_typeset_free(ov_typeset *ts)
{
	if (!ts)
		return;
	finish_loading(ts);
	ov_typeset_drop_fonts(ts);
	ov_hyph_free(ts->hy);
	ov_diag_dispose(&ts->font_diag);
	free(ts);
}

/* ---- the math font ---- */

/* Whether the book has a formula: the tree walked in document order
 * without recursion (a few hundred thousand nodes take well under a
 * millisecond). */
static bool book_has_math(const ov_doc *doc)
{
	const ov_node *n = doc->root;
	while (n) {
		if (n->type == OV_NODE_MATH || n->type == OV_NODE_MATH_BLOCK)
			return true;
		if (n->first) {
			n = n->first;
			continue;
		}
		while (n && !n->next && n != doc->root)
			n = n->parent;
		if (!n || n == doc->root)
			break;
		n = n->next;
	}
	return false;
}

/* Opens the math font file path as the next font of the set; its
 * number, or -1 with why (empty: errno says why the file could not be
 * read; "-": it has no MATH table). */
static int open_math_font(ov_typeset *ts, const char *path, char *why, size_t size)
{
	ov_book_fonts *f = &ts->f;
	char *own = ov_xstrdup(path);
	int k = open_font(f, own, -1, why, size);
	if (k < 0) {
		free(own);
		return -1;
	}
	if (!ov_font_has_math(f->font[k])) {
		snprintf(why, size, "-");
		return -1; /* stays in the set, unused; freed with the others */
	}
	return k;
}

/* Loads the math font when the book has a formula or names one, and
 * reports what went wrong (typeset.h). */
static void load_math_font(ov_typeset *ts, const ov_doc *doc)
{
	const ov_meta *meta = &doc->meta;
	bool named = meta->math_font != NULL;
	if (!named && !book_has_math(doc))
		return;
	char why[OV_FONTCHECK_WHY];
	ov_pos yaml = {ts->manifest_file, 0, 0};
	if (named) {
		ov_pos pos = meta->math_font_pos;
		if (!pos.file)
			pos.file = ts->manifest_file;
		ts->f.math_font = open_math_font(ts, meta->math_font, why, sizeof why);
		if (ts->f.math_font >= 0)
			return;
		if (strcmp(why, "-") == 0)
			ov_diag_error(doc->diag, pos,
			              "font '%s' has no OpenType MATH table (a math font is needed: TeX Gyre Pagella "
			              "Math, Latin Modern Math, STIX Math, DejaVu Math TeX Gyre)",
			              meta->math_font);
		else if (why[0])
			ov_diag_error(doc->diag, pos, "font '%s' %s", meta->math_font, why);
		else
			ov_diag_error(doc->diag, pos, "cannot read font '%s': %s", meta->math_font, ov_file_error(errno));
		return;
	}
	/* the system's, first choice first (mathfont.h) */
	const ov_math_font_file *mf = ov_math_fonts();
	for (size_t i = 0; mf[i].path; i++) {
		ts->f.math_font = open_math_font(ts, mf[i].path, why, sizeof why);
		if (ts->f.math_font < 0)
			continue;
		if (i > 0)
			ov_diag_note(doc->diag, yaml,
			             "math font '%s' is not installed (Debian package %s): formulas are set in %s", mf[0].path,
			             mf[0].package, mf[i].name);
		return;
	}
	ov_diag_warning(doc->diag, yaml,
	                "no math font is installed (Debian package %s, or fonts.math in book.yaml): formulas are "
	                "shown as their TeX source",
	                mf[0].package);
}

/* ---- the layout's interfaces (layout.h), one set per thread ---- */

/* What one layout thread measures with: the shared fonts and a shaper
 * of its own (it owns HarfBuzz buffers). */
typedef struct {
	const ov_book_fonts *f;
	ov_shaper *shaper;
	/* advances of the first 256 code points per face, filled as asked
	 * (ADV_UNKNOWN: not yet): the layout asks for the hyphen's width at
	 * every hyphenation point and for each character of code, and a cmap
	 * lookup in HarfBuzz and the fallback chain cost some 400 instructions
	 * (a fifth of a million asks on the 100-chapter benchmark) */
	int32_t adv[OV_FACE__COUNT][256];
	/* the ink of glyphs \text in formulas asked for (m_ink), direct-mapped
	 * by font and glyph id: a formula's text asks for the same few glyphs
	 * again and again, and HarfBuzz draws the outline to answer */
	struct {
		uint32_t key; /* 1 + (font << 16 | gid), 0: empty */
		double height, depth;
	} ink[512];
} thread_fonts;

#define ADV_UNKNOWN INT32_MIN

/* The font of face's chain that draws cp (the face's own when none does:
 * its .notdef is drawn). */
static const ov_font *font_for(const ov_book_fonts *f, ov_face face, uint32_t cp)
{
	int k = ov_fontset_font_for(f->set, (int)face, cp);
	return f->font[k >= 0 ? k : f->face_font[face]];
}

static int m_advance(void *ctx, ov_face face, uint32_t cp)
{
	thread_fonts *tf = ctx;
	int32_t *slot = cp < 256 && (unsigned)face < OV_FACE__COUNT ? &tf->adv[face][cp] : NULL;
	if (slot && *slot != ADV_UNKNOWN)
		return *slot;
	const ov_font *font = font_for(tf->f, face, cp);
	int a = ov_font_advance(font, ov_font_glyph(font, cp));
	if (slot)
		*slot = a;
	return a;
}

static bool m_ink(void *ctx, int font, uint32_t gid, double *height, double *depth)
{
	thread_fonts *tf = ctx;
	if (font < 0 || font >= OV_FONTSET_MAX || gid > 0xFFFF)
		return false;
	uint32_t key = 1 + ((uint32_t)font << 16 | gid);
	size_t slot = (key * 2654435761u) >> 23; /* 9 bits: 512 slots */
	if (tf->ink[slot].key == key) {
		*height = tf->ink[slot].height;
		*depth = tf->ink[slot].depth;
		return true;
	}
	const ov_font *f = ov_fontset_font(tf->f->set, font);
	if (!f)
		return false;
	ov_font_glyph_ink(f, gid, height, depth);
	tf->ink[slot].key = key;
	tf->ink[slot].height = *height;
	tf->ink[slot].depth = *depth;
	return true;
}

static bool m_has_glyph(void *ctx, ov_face face, uint32_t cp)
{
	/* spaces and line-breaking controls never need a glyph of their own */
	if (cp == 0x20 || cp == 0xA0 || ov_char_is_ignorable(cp))
		return true;
	return ov_fontset_font_for(((thread_fonts *)ctx)->f->set, (int)face, cp) >= 0;
}

/* Code is shaped as typed: no ligatures, contextual alternates or
 * kerning in the monospaced face. */
static size_t m_shape(void *ctx, ov_face face, const char *s, size_t len, ov_glyph_run *run)
{
	thread_fonts *tf = ctx;
	return ov_shape(tf->shaper, (int)face, face == OV_FACE_MONO ? OV_SHAPE_CODE : 0, s, len, run);
}

static size_t hyph_points(void *ctx, const char *word, size_t len, size_t *at, size_t max)
{
	return ov_hyph_points(ctx, word, len, at, max);
}

static void init_metrics(ov_metrics *m, thread_fonts *tf)
{
	memset(m, 0, sizeof *m);
	m->ctx = tf;
	m->advance = m_advance;
	m->has_glyph = m_has_glyph;
	m->shape = m_shape;
	m->ink = m_ink;
	for (int i = 0; i < OV_FACE__COUNT; i++) {
		const ov_font_info *in = ov_font_info_of(tf->f->font[tf->f->face_font[i]]);
		m->ascent[i] = in->ascent;
		m->descent[i] = in->descent;
	}
}

/* Warns of the fallback fonts the book needed that could not be loaded,
 * once per package (the layout names each character then missing). */
static void report_fallbacks(ov_typeset *ts, const ov_doc *doc)
{
	const ov_book_fonts *f = &ts->f;
	ov_pos pos = {ts->manifest_file, 0, 0};
	for (size_t k = 0; k < f->count; k++) {
		if (f->face[k] >= 0 || !ov_fontset_tried(f->set, (int)k) || ov_fontset_font(f->set, (int)k))
			continue;
		bool told = false;
		for (size_t j = 0; j < k && !told; j++)
			told = f->face[j] < 0 && ts->package[j] == ts->package[k] && ov_fontset_tried(f->set, (int)j) &&
			       !ov_fontset_font(f->set, (int)j) && ts->why[j] && !ts->why[j][0];
		if (ts->why[k] && ts->why[k][0])
			ov_diag_warning(doc->diag, pos, "fallback font '%s' %s; it is not used", f->path[k], ts->why[k]);
		else if (!told)
			ov_diag_warning(doc->diag, pos,
			                "fallback font '%s' is not installed (Debian package %s): characters only it has "
			                "print as empty boxes",
			                f->path[k], ts->package[k]);
	}
}

/* A callback run at most once: by the first layout thread left without a
 * chapter, or after the layout (the threads are joined by then). */
typedef struct {
	ov_idle_fn fn;
	void *ctx;
	bool done;
} once_hook;

static void run_once(void *arg)
{
	once_hook *h = arg;
	if (h->done)
		return;
	h->done = true;
	if (h->fn)
		h->fn(h->ctx);
}

/* Lays the book out with the loaded fonts and patterns on nthreads
 * threads; NULL when a font is unusable. Each thread gets a shaper and
 * a hyphenation handle of its own (their buffers and caches are not
 * shared); the fonts are only read. Frees the patterns. */
static ov_layout *layout_with_fonts(ov_typeset *ts, const ov_doc *doc, int nthreads, const ov_page_sink *sink,
                                    once_hook *idle)
{
	finish_loading(ts);
	ov_diag_append(doc->diag, &ts->font_diag);
	ov_hyph *hy = ts->hy;
	ts->hy = NULL;
	if (ts->font_rc != 0) {
		ov_hyph_free(hy);
		return NULL;
	}
	load_math_font(ts, doc);
	/* the fonts are loaded: the sink may look at them */
	if (sink && sink->begin)
		sink->begin(sink->ctx, nthreads);
	if (!hy)
		ov_diag_warning(doc->diag, (ov_pos){ov_diag_file(doc->diag, "book.yaml"), 0, 0},
		                "no hyphenation patterns for language '%s' in %s; the PDF is set without hyphenation",
		                doc->meta.language, OV_HYPH_DIR);
	size_t n = (size_t)nthreads;
	thread_fonts *tf = ov_xcalloc(n, sizeof *tf);
	ov_metrics *ms = ov_xcalloc(n, sizeof *ms);
	const ov_metrics **mp = ov_xcalloc(n, sizeof *mp);
	ov_hyphenator *hs = ov_xcalloc(n, sizeof *hs);
	const ov_hyphenator **hp = ov_xcalloc(n, sizeof *hp);
	/* the math font's metrics, with caches of their own per thread
	 * (mathfont.h); none without a math font */
	ov_math_metrics *mm = ov_xcalloc(n, sizeof *mm);
	ov_font_math_cache **mc = ov_xcalloc(n, sizeof *mc);
	for (size_t t = 0; t < n; t++) {
		tf[t].f = &ts->f;
		tf[t].shaper = ov_shaper_new(ts->f.set);
		for (int i = 0; i < OV_FACE__COUNT; i++)
			for (int c = 0; c < 256; c++)
				tf[t].adv[i][c] = ADV_UNKNOWN;
		init_metrics(&ms[t], &tf[t]);
		if (ts->f.math_font >= 0) {
			mc[t] = ov_font_math_metrics(ts->f.font[ts->f.math_font], ts->f.math_font, &mm[t]);
			ms[t].math = mc[t] ? &mm[t] : NULL;
		}
		mp[t] = &ms[t];
		hs[t] = (ov_hyphenator){hy && t > 0 ? ov_hyph_share(hy) : hy, hyph_points};
		hp[t] = hy ? &hs[t] : NULL;
	}
	ov_layout *L = sink && sink->chapter
	                       ? ov_layout_book_stream(doc, mp, hp, nthreads, sink->chapter, sink->ctx, run_once, idle)
	                       : ov_layout_book_threads(doc, mp, hp, nthreads);
	report_fallbacks(ts, doc);
	for (size_t t = 0; t < n; t++) {
		ov_shaper_free(tf[t].shaper);
		ov_font_math_cache_free(mc[t]);
		if (hy && t > 0)
			ov_hyph_free(hs[t].ctx);
	}
	ov_hyph_free(hy);
	free(tf);
	free(ms);
	free(mp);
	free(hs);
	free(hp);
	free(mm);
	free(mc);
	return L;
}

ov_layout *ov_typeset_run(ov_typeset *ts, const ov_doc *doc, int jobs, const ov_page_sink *sink)
{
	size_t nch = 0;
	for (const ov_node *ch = doc->root->first; ch; ch = ch->next)
		nch++;
	/* no more threads than chapters: each has its own shaper, caches
	 * and (in the PDF writer) deflater */
	int nthreads = jobs > 1 ? jobs : 1;
	if ((size_t)nthreads > nch)
		nthreads = nch ? (int)nch : 1;
	once_hook idle = {sink ? sink->idle : NULL, sink ? sink->idle_ctx : NULL, false};
	/* fewer chapters than threads: a core is free from the start (a
	 * one-paragraph book waited for the patterns and its layout before its
	 * EPUB began: median 55 ms, now 48) */
	if (jobs > 1 && (size_t)jobs > nch)
		run_once(&idle);
	ov_layout *L = layout_with_fonts(ts, doc, nthreads, sink, &idle);
	run_once(&idle); /* when the layout never got to it */
	return L;
}

ov_layout *ov_typeset_layout(const ov_doc *doc)
{
	ov_typeset *ts = ov_typeset_load(&doc->meta, ov_diag_file(doc->diag, "book.yaml"), false);
	ov_layout *L = ov_typeset_run(ts, doc, 1, NULL);
	ov_typeset_free(ts);
	return L;
}
