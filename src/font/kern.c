/* kern.c - HarfBuzz shaping restricted to kerning (see kern.h). */
#include "kern.h"

#include <hb.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "font/fontcheck.h"
#include "util/arena.h"
#include "util/strmap.h"

/* A kerned word remembered: books repeat their words, and shaping is the
 * costly part of kerning. */
typedef struct {
	int n, total;    /* ov_kern's results */
	int16_t adj[];   /* n entries when n > 0 */
} kern_entry;

struct ov_kerner {
	ov_strmap cache; /* word -> kern_entry */
	hb_face_t *face; /* the checked font's (fontcheck.h), shared */
	hb_font_t *font;
	hb_buffer_t *buf;
	unsigned upem;
	hb_feature_t features[5];
	hb_language_t language; /* the default, looked up when the kerner is made */
};

ov_kerner *ov_kerner_new(const ov_fontcheck *c)
{
	ov_kerner *k = ov_xcalloc(1, sizeof *k);
	k->face = hb_face_reference(ov_fontcheck_face(c));
	k->upem = hb_face_get_upem(k->face);
	k->font = hb_font_create(k->face);
	/* font units, so that advances compare with the hmtx values */
	hb_font_set_scale(k->font, (int)k->upem, (int)k->upem);
	k->buf = hb_buffer_create();
	/* HarfBuzz would look the default language up, and add it to its
	 * global list, on the first word; kerners are made before the layout
	 * threads start, so doing it here keeps that off the threads */
	k->language = hb_language_get_default();
	static const char *const feats[] = {"kern", "-liga", "-clig", "-calt", "-ccmp"};
	for (int i = 0; i < 5; i++)
		hb_feature_from_string(feats[i], -1, &k->features[i]);
	if (!k->upem) {
		ov_kerner_free(k);
		return NULL;
	}
	return k;
}

void ov_kerner_free(ov_kerner *k)
{
	if (!k)
		return;
	ov_strmap_dispose(&k->cache, free);
	hb_buffer_destroy(k->buf);
	hb_font_destroy(k->font);
	hb_face_destroy(k->face);
	free(k);
}

static int shape(ov_kerner *k, const char *text, size_t len, int16_t *adj, size_t max, int *total);

int ov_kern(ov_kerner *k, const char *text, size_t len, int16_t *adj, size_t max, int *total)
{
	bool found;
	void **slot = ov_strmap_slot(&k->cache, text, len, &found);
	if (!found) {
		int n = shape(k, text, len, adj, max, total);
		kern_entry *e = ov_xmalloc(sizeof *e + (n > 0 ? (size_t)n : 0) * sizeof *e->adj);
		e->n = n;
		e->total = *total;
		if (n > 0)
			memcpy(e->adj, adj, (size_t)n * sizeof *adj);
		*slot = e;
		return n;
	}
	const kern_entry *e = *slot;
	*total = e->total;
	if (e->n > 0) {
		if ((size_t)e->n > max)
			return -1;
		memcpy(adj, e->adj, (size_t)e->n * sizeof *adj);
	}
	return e->n;
}

static int shape(ov_kerner *k, const char *text, size_t len, int16_t *adj, size_t max, int *total)
{
	*total = 0;
	if (len > 4096)
		return -1;
	hb_buffer_clear_contents(k->buf);
	hb_buffer_add_utf8(k->buf, text, (int)len, 0, (int)len);
	hb_buffer_set_language(k->buf, k->language);
	hb_buffer_guess_segment_properties(k->buf);
	size_t chars = hb_buffer_get_length(k->buf);
	if (chars > max)
		return -1;
	/* OpenType's tables, also where HarfBuzz was built with Graphite and
	 * the font has Graphite tables (Gentium does): the kerning does not
	 * depend on how HarfBuzz was built, is the one the EPUB's reading
	 * systems apply (its subsets drop Graphite), and a malformed 'Silf'
	 * cannot reach HarfBuzz 6's Graphite face, which leaks when Graphite
	 * refuses it. The handbook's PDF and EPUB are byte for byte the same
	 * either way. */
	static const char *const shapers[] = {"ot", NULL};
	hb_shape_full(k->font, k->buf, k->features, 5, shapers);
	unsigned n;
	hb_glyph_info_t *info = hb_buffer_get_glyph_infos(k->buf, &n);
	hb_glyph_position_t *pos = hb_buffer_get_glyph_positions(k->buf, NULL);
	if (n != chars)
		return -1;
	for (unsigned i = 0; i < n; i++) {
		/* one glyph per character, in order (left-to-right text) */
		if (i > 0 && info[i].cluster <= info[i - 1].cluster)
			return -1;
		hb_position_t natural = hb_font_get_glyph_h_advance(k->font, info[i].codepoint);
		long d = (long)(pos[i].x_advance - natural) * 1000 / (long)k->upem;
		adj[i] = (int16_t)d;
		*total += (int)d;
	}
	return (int)n;
}
