/*
 * typeset.c - the typesetting stage: what a book's pages need from
 * book.yaml (its fonts, checked by fontcheck.h, their metrics and
 * HarfBuzz kerners; the hyphenation patterns of its language), then the
 * layout (layout.h) on up to -j threads, each measuring through a
 * ov_metrics and hyphenating through a ov_hyphenator of its own, with the
 * pages handed to the caller's sink chapter by chapter.
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
#include <stdlib.h>
#include <string.h>

#include "font/kern.h"
#include "hyph/hyph.h"
#include "util/fsio.h"

struct ov_typeset {
	const ov_meta *meta;
	uint32_t manifest_file;
	ov_book_fonts f;
	ov_kerner *kerner[OV_FACE__COUNT]; /* the first layout thread's; NULL for the monospace face */
	int font_rc;                       /* -1: a font is unusable (reported to font_diag) */
	ov_diag font_diag;
	ov_hyph *hy;                       /* NULL: no patterns for the language */
	pthread_t font_thread, hyph_thread;
	bool font_started, hyph_started, done;
	atomic_int loaded;                 /* loaders finished (two when both are) */
};

/* ---- loading ---- */

static int load_fonts(ov_typeset *ts)
{
	const ov_meta *meta = ts->meta;
	ov_book_fonts *f = &ts->f;
	int rc = 0;
	for (int i = 0; i < OV_FACE__COUNT; i++) {
		const char *path = meta->fonts[i];
		ov_pos pos = meta->font_pos[i];
		if (!pos.file)
			pos.file = ts->manifest_file;
		char *data;
		if (ov_read_file(path, &data, &f->len[i]) != 0) {
			ov_diag_error(&ts->font_diag, pos, "cannot read font '%s': %s", path, ov_file_error(errno));
			rc = -1;
			continue;
		}
		f->data[i] = data;
		/* a damaged table fails the build here; damaged glyphs only when
		 * the book draws them (the writers check those) */
		char why[OV_FONTCHECK_WHY];
		if (ov_font_open((const uint8_t *)data, f->len[i], &f->ttf[i], &f->check[i], why, sizeof why) != 0) {
			ov_diag_error(&ts->font_diag, pos, "font '%s' %s", path, why);
			rc = -1;
		} else if (i != OV_FACE_MONO) {
			ts->kerner[i] = ov_kerner_new(f->check[i]);
		}
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
	for (int i = 0; i < OV_FACE__COUNT; i++) {
		ov_kerner_free(ts->kerner[i]);
		ov_fontcheck_free(ts->f.check[i]);
		ov_ttf_free(ts->f.ttf[i]);
		free((char *)ts->f.data[i]);
	}
	memset(ts->kerner, 0, sizeof ts->kerner);
	memset(&ts->f, 0, sizeof ts->f);
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

/* ---- the layout's interfaces (layout.h), one set per thread ---- */

/* What one layout thread measures with: the shared metrics and kerners
 * of its own (their caches are not shared). */
typedef struct {
	const ov_book_fonts *f;
	ov_kerner *kerner[OV_FACE__COUNT];
} thread_fonts;

static int m_advance(void *ctx, ov_face face, uint32_t cp)
{
	return ov_ttf_advance(((thread_fonts *)ctx)->f->ttf[face], cp);
}

static int m_kern(void *ctx, ov_face face, const char *s, size_t len, int16_t *adj, size_t max, int *total)
{
	ov_kerner *k = ((thread_fonts *)ctx)->kerner[face];
	*total = 0;
	return k ? ov_kern(k, s, len, adj, max, total) : -1;
}

static bool m_has_glyph(void *ctx, ov_face face, uint32_t cp)
{
	/* spaces and line-breaking controls never need a glyph of their own */
	if (cp == 0x20 || cp == 0xA0)
		return true;
	return ov_ttf_glyph(((thread_fonts *)ctx)->f->ttf[face], cp) != 0;
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
	m->kern = m_kern;
	for (int i = 0; i < OV_FACE__COUNT; i++) {
		m->ascent[i] = ov_ttf_ascent(tf->f->ttf[i]);
		m->descent[i] = ov_ttf_descent(tf->f->ttf[i]);
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
 * threads; NULL when a font is unusable. Each further thread gets kerners
 * and a hyphenation handle of its own (their caches are not shared); the
 * font data and metrics are only read. Frees the patterns. */
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
	for (size_t t = 0; t < n; t++) {
		tf[t].f = &ts->f;
		for (int i = 0; i < OV_FACE__COUNT; i++)
			tf[t].kerner[i] = t == 0 ? ts->kerner[i]
			                  : ts->kerner[i] ? ov_kerner_new(ts->f.check[i]) : NULL;
		init_metrics(&ms[t], &tf[t]);
		mp[t] = &ms[t];
		hs[t] = (ov_hyphenator){hy && t > 0 ? ov_hyph_share(hy) : hy, hyph_points};
		hp[t] = hy ? &hs[t] : NULL;
	}
	ov_layout *L = sink && sink->chapter
	                       ? ov_layout_book_stream(doc, mp, hp, nthreads, sink->chapter, sink->ctx, run_once, idle)
	                       : ov_layout_book_threads(doc, mp, hp, nthreads);
	for (size_t t = 1; t < n; t++) {
		for (int i = 0; i < OV_FACE__COUNT; i++)
			ov_kerner_free(tf[t].kerner[i]);
		if (hy)
			ov_hyph_free(hs[t].ctx);
	}
	ov_hyph_free(hy);
	free(tf);
	free(ms);
	free(mp);
	free(hs);
	free(hp);
	return L;
}

ov_layout *ov_typeset_run(ov_typeset *ts, const ov_doc *doc, int jobs, const ov_page_sink *sink)
{
	size_t nch = 0;
	for (const ov_node *ch = doc->root->first; ch; ch = ch->next)
		nch++;
	/* no more threads than chapters: each has its own kerners, caches
	 * and (in the PDF writer) deflater */
	int nthreads = jobs > 1 ? jobs : 1;
	if ((size_t)nthreads > nch)
		nthreads = nch ? (int)nch : 1;
	if (sink && sink->begin)
		sink->begin(sink->ctx, nthreads);
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
