/*
 * glyph.h - a shaped run of glyphs (shape.h makes them), the unit text is
 * measured and drawn in. Types only: the layout stage uses them without
 * linking the font stage (its tests shape with a fake font).
 */
#ifndef OV_GLYPH_H
#define OV_GLYPH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* One glyph of a shaped run. Its pen advances by advance + adjust; it is
 * drawn dx right of and dy above the pen. */
typedef struct {
	uint32_t gid;     /* glyph id in font */
	uint32_t cluster; /* byte offset in the text of the first character it stands for */
	uint16_t font;    /* index in the font set */
	uint16_t advance; /* the glyph's own advance (ov_font_advance) */
	int16_t adjust;   /* added by shaping (kerning), may be negative */
	int16_t dx, dy;   /* offset from the pen (marks) */
} ov_glyph;

typedef struct {
	ov_glyph *glyphs; /* malloc'ed; grown by ov_shape */
	size_t count, cap;
	long width;       /* sum of advance + adjust */
} ov_glyph_run;

/* Whether letter spacing (tracking) goes after glyph i of g[0..n): after
 * every glyph that advances the pen but the last, never between a letter
 * and the marks drawn over it. Layout and writers apply the same rule. */
static inline bool ov_glyph_tracks(const ov_glyph *g, size_t i, size_t n)
{
	return i + 1 < n && g[i].advance + g[i].adjust != 0 && g[i + 1].advance + g[i + 1].adjust != 0;
}

/* Where the cluster of glyph i of g[0..n) ends in its text of len bytes:
 * the least cluster start beyond its own, or len. Left to right, as
 * nearly always, that is the next glyph's; else every glyph is looked at
 * (right-to-left runs list their clusters backwards). */
static inline size_t ov_glyph_cluster_end(const ov_glyph *g, size_t n, size_t i, size_t len)
{
	uint32_t c = g[i].cluster;
	if (i + 1 < n && g[i + 1].cluster > c && (i == 0 || g[i - 1].cluster < c))
		return g[i + 1].cluster;
	size_t end = len;
	for (size_t j = 0; j < n; j++)
		if (g[j].cluster > c && g[j].cluster < end)
			end = g[j].cluster;
	return end;
}

#endif
