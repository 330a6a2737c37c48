/* subset.c - font subsetting with hb-subset (HarfBuzz 6). */
#include "subset.h"

#include <hb-subset.h>
#include <stdlib.h>
#include <string.h>

#include "util/arena.h"

uint8_t *ov_font_subset(const uint8_t *data, size_t len, const uint8_t *used, size_t *out_len)
{
	*out_len = 0;
	if (len > 0x7FFFFFFF)
		return NULL;
	hb_blob_t *blob = hb_blob_create((const char *)data, (unsigned)len, HB_MEMORY_MODE_READONLY, NULL, NULL);
	hb_face_t *face = hb_face_create(blob, 0);
	hb_subset_input_t *in = hb_subset_input_create_or_fail();
	uint8_t *out = NULL;
	if (in) {
		hb_set_t *unicodes = hb_subset_input_unicode_set(in);
		for (uint32_t cp = 0; cp < 0x10000; cp++)
			if (used[cp >> 3] & (1u << (cp & 7)))
				hb_set_add(unicodes, cp);
		hb_face_t *sub = hb_subset_or_fail(face, in);
		if (sub) {
			hb_blob_t *sb = hb_face_reference_blob(sub);
			unsigned n = 0;
			const char *d = hb_blob_get_data(sb, &n);
			if (d && n) {
				out = ov_xmalloc(n);
				memcpy(out, d, n);
				*out_len = n;
			}
			hb_blob_destroy(sb);
			hb_face_destroy(sub);
		}
		hb_subset_input_destroy(in);
	}
	hb_face_destroy(face);
	hb_blob_destroy(blob);
	return out;
}
