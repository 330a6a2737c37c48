/* kern.c - HarfBuzz shaping restricted to kerning (see kern.h). */
#include "kern.h"

#include <hb.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "util/arena.h"

/* A kerned word remembered: books repeat their words, and shaping is the
 * costly part of kerning. */
typedef struct {
	char *text;      /* NULL: empty slot */
	size_t len;
	int n, total;    /* ov_kern's results */
	int16_t *adj;
} kern_entry;

struct ov_kerner {
	kern_entry *cache; /* open addressing, cap a power of two */
	size_t cache_cap, cache_count;
	hb_blob_t *blob;
	hb_face_t *face;
	hb_font_t *font;
	hb_buffer_t *buf;
	unsigned upem;
	hb_feature_t features[5];
};

ov_kerner *ov_kerner_new(const uint8_t *data, size_t len)
{
	if (len > 0x7FFFFFFF)
		return NULL;
	ov_kerner *k = ov_xcalloc(1, sizeof *k);
	k->blob = hb_blob_create((const char *)data, (unsigned)len, HB_MEMORY_MODE_READONLY, NULL, NULL);
	k->face = hb_face_create(k->blob, 0);
	k->upem = hb_face_get_upem(k->face);
	k->font = hb_font_create(k->face);
	/* font units, so that advances compare with the hmtx values */
	hb_font_set_scale(k->font, (int)k->upem, (int)k->upem);
	k->buf = hb_buffer_create();
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
	for (size_t i = 0; i < k->cache_cap; i++) {
		free(k->cache[i].text);
		free(k->cache[i].adj);
	}
	free(k->cache);
	hb_buffer_destroy(k->buf);
	hb_font_destroy(k->font);
	hb_face_destroy(k->face);
	hb_blob_destroy(k->blob);
	free(k);
}

static uint64_t hash(const char *s, size_t len)
{
	uint64_t h = 1469598103934665603u; /* FNV-1a */
	for (size_t i = 0; i < len; i++)
		h = (h ^ (unsigned char)s[i]) * 1099511628211u;
	return h;
}

static int shape(ov_kerner *k, const char *text, size_t len, int16_t *adj, size_t max, int *total);

int ov_kern(ov_kerner *k, const char *text, size_t len, int16_t *adj, size_t max, int *total)
{
	if (k->cache_count * 2 >= k->cache_cap) {
		kern_entry *old = k->cache;
		size_t old_cap = k->cache_cap;
		k->cache_cap = old_cap ? old_cap * 2 : 1024;
		k->cache = ov_xcalloc(k->cache_cap, sizeof *k->cache);
		for (size_t i = 0; i < old_cap; i++) {
			if (!old[i].text)
				continue;
			size_t j = hash(old[i].text, old[i].len) & (k->cache_cap - 1);
			while (k->cache[j].text)
				j = (j + 1) & (k->cache_cap - 1);
			k->cache[j] = old[i];
		}
		free(old);
	}
	size_t j = hash(text, len) & (k->cache_cap - 1);
	while (k->cache[j].text) {
		kern_entry *e = &k->cache[j];
		if (e->len == len && memcmp(e->text, text, len) == 0) {
			*total = e->total;
			if (e->n > 0) {
				if ((size_t)e->n > max)
					return -1;
				memcpy(adj, e->adj, (size_t)e->n * sizeof *adj);
			}
			return e->n;
		}
		j = (j + 1) & (k->cache_cap - 1);
	}
	int n = shape(k, text, len, adj, max, total);
	kern_entry *e = &k->cache[j];
	e->text = ov_xmalloc(len + 1);
	memcpy(e->text, text, len);
	e->text[len] = '\0';
	e->len = len;
	e->n = n;
	e->total = *total;
	e->adj = NULL;
	if (n > 0) {
		e->adj = ov_xmalloc((size_t)n * sizeof *e->adj);
		memcpy(e->adj, adj, (size_t)n * sizeof *e->adj);
	}
	k->cache_count++;
	return n;
}

static int shape(ov_kerner *k, const char *text, size_t len, int16_t *adj, size_t max, int *total)
{
	*total = 0;
	if (len > 4096)
		return -1;
	hb_buffer_clear_contents(k->buf);
	hb_buffer_add_utf8(k->buf, text, (int)len, 0, (int)len);
	hb_buffer_guess_segment_properties(k->buf);
	size_t chars = hb_buffer_get_length(k->buf);
	if (chars > max)
		return -1;
	hb_shape(k->font, k->buf, k->features, 5);
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
