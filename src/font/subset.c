/* subset.c - font subsetting with hb-subset (HarfBuzz 6). */
#include "subset.h"

#include <hb-subset.h>
#include <stdlib.h>
#include <string.h>

#include "util/arena.h"

uint8_t *ov_font_subset_glyphs(const uint8_t *data, size_t len, const uint8_t *used, size_t *out_len,
                               uint32_t **gids, size_t *ngids)
{
	*out_len = 0;
	if (gids) {
		*gids = NULL;
		*ngids = 0;
	}
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
		/* the plan, then its execution: hb_subset_or_fail in two steps, so
		 * that the glyphs it takes can be listed */
		hb_subset_plan_t *plan = hb_subset_plan_create_or_fail(face, in);
		hb_face_t *sub = plan ? hb_subset_plan_execute_or_fail(plan) : NULL;
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
		if (out && gids) {
			/* new glyph ids are 0 to count - 1 */
			const hb_map_t *map = hb_subset_plan_new_to_old_glyph_mapping(plan);
			unsigned count = hb_map_get_population(map);
			*gids = ov_xmalloc((count ? count : 1) * sizeof **gids);
			for (unsigned g = 0; g < count; g++) {
				hb_codepoint_t old = hb_map_get(map, g);
				if (old != HB_MAP_VALUE_INVALID)
					(*gids)[(*ngids)++] = old;
			}
		}
		hb_subset_plan_destroy(plan);
		hb_subset_input_destroy(in);
	}
	hb_face_destroy(face);
	hb_blob_destroy(blob);
	return out;
}

uint8_t *ov_font_subset(const uint8_t *data, size_t len, const uint8_t *used, size_t *out_len)
{
	return ov_font_subset_glyphs(data, len, used, out_len, NULL, NULL);
}
