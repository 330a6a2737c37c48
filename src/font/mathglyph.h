/*
 * mathglyph.h - what the math layout asks of a math font: the OpenType
 * MATH table's constants, glyph extents, italic corrections, accent
 * attachments, cut-in kerns, size variants and glyph assemblies
 * (OpenType 1.9, "MATH - The Mathematical Typesetting Table"). Types
 * only, like glyph.h: the layout stage uses them without linking the
 * font stage, and its tests answer with a fake font. The font stage's
 * implementation is mathfont.h; the typesetting stage fills the struct.
 *
 * Every length is in 1/1000 em of the math font (a double: a formula adds
 * many, and TeX keeps them exact), y up: height above the baseline,
 * depth below it (positive when the ink goes below).
 */
#ifndef OV_MATHGLYPH_H
#define OV_MATHGLYPH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* The MathConstants of the OpenType MATH table, in the table's order
 * (the same as HarfBuzz's hb_ot_math_constant_t). Three are percents
 * (the two script scale-downs and RADICAL_DEGREE_BOTTOM_RAISE_PERCENT);
 * the two *_MIN_HEIGHT and the rest are lengths. */
typedef enum {
	OV_MC_SCRIPT_PERCENT_SCALE_DOWN,
	OV_MC_SCRIPT_SCRIPT_PERCENT_SCALE_DOWN,
	OV_MC_DELIMITED_SUB_FORMULA_MIN_HEIGHT,
	OV_MC_DISPLAY_OPERATOR_MIN_HEIGHT,
	OV_MC_MATH_LEADING,
	OV_MC_AXIS_HEIGHT,
	OV_MC_ACCENT_BASE_HEIGHT,
	OV_MC_FLATTENED_ACCENT_BASE_HEIGHT,
	OV_MC_SUBSCRIPT_SHIFT_DOWN,
	OV_MC_SUBSCRIPT_TOP_MAX,
	OV_MC_SUBSCRIPT_BASELINE_DROP_MIN,
	OV_MC_SUPERSCRIPT_SHIFT_UP,
	OV_MC_SUPERSCRIPT_SHIFT_UP_CRAMPED,
	OV_MC_SUPERSCRIPT_BOTTOM_MIN,
	OV_MC_SUPERSCRIPT_BASELINE_DROP_MAX,
	OV_MC_SUB_SUPERSCRIPT_GAP_MIN,
	OV_MC_SUPERSCRIPT_BOTTOM_MAX_WITH_SUBSCRIPT,
	OV_MC_SPACE_AFTER_SCRIPT,
	OV_MC_UPPER_LIMIT_GAP_MIN,
	OV_MC_UPPER_LIMIT_BASELINE_RISE_MIN,
	OV_MC_LOWER_LIMIT_GAP_MIN,
	OV_MC_LOWER_LIMIT_BASELINE_DROP_MIN,
	OV_MC_STACK_TOP_SHIFT_UP,
	OV_MC_STACK_TOP_DISPLAY_STYLE_SHIFT_UP,
	OV_MC_STACK_BOTTOM_SHIFT_DOWN,
	OV_MC_STACK_BOTTOM_DISPLAY_STYLE_SHIFT_DOWN,
	OV_MC_STACK_GAP_MIN,
	OV_MC_STACK_DISPLAY_STYLE_GAP_MIN,
	OV_MC_STRETCH_STACK_TOP_SHIFT_UP,
	OV_MC_STRETCH_STACK_BOTTOM_SHIFT_DOWN,
	OV_MC_STRETCH_STACK_GAP_ABOVE_MIN,
	OV_MC_STRETCH_STACK_GAP_BELOW_MIN,
	OV_MC_FRACTION_NUMERATOR_SHIFT_UP,
	OV_MC_FRACTION_NUMERATOR_DISPLAY_STYLE_SHIFT_UP,
	OV_MC_FRACTION_DENOMINATOR_SHIFT_DOWN,
	OV_MC_FRACTION_DENOMINATOR_DISPLAY_STYLE_SHIFT_DOWN,
	OV_MC_FRACTION_NUMERATOR_GAP_MIN,
	OV_MC_FRACTION_NUM_DISPLAY_STYLE_GAP_MIN,
	OV_MC_FRACTION_RULE_THICKNESS,
	OV_MC_FRACTION_DENOMINATOR_GAP_MIN,
	OV_MC_FRACTION_DENOM_DISPLAY_STYLE_GAP_MIN,
	OV_MC_SKEWED_FRACTION_HORIZONTAL_GAP,
	OV_MC_SKEWED_FRACTION_VERTICAL_GAP,
	OV_MC_OVERBAR_VERTICAL_GAP,
	OV_MC_OVERBAR_RULE_THICKNESS,
	OV_MC_OVERBAR_EXTRA_ASCENDER,
	OV_MC_UNDERBAR_VERTICAL_GAP,
	OV_MC_UNDERBAR_RULE_THICKNESS,
	OV_MC_UNDERBAR_EXTRA_DESCENDER,
	OV_MC_RADICAL_VERTICAL_GAP,
	OV_MC_RADICAL_DISPLAY_STYLE_VERTICAL_GAP,
	OV_MC_RADICAL_RULE_THICKNESS,
	OV_MC_RADICAL_EXTRA_ASCENDER,
	OV_MC_RADICAL_KERN_BEFORE_DEGREE,
	OV_MC_RADICAL_KERN_AFTER_DEGREE,
	OV_MC_RADICAL_DEGREE_BOTTOM_RAISE_PERCENT,
	OV_MC__COUNT
} ov_math_constant;

/* A glyph of the math font and its measures, 1/1000 em. */
typedef struct {
	uint32_t gid;       /* 0: the font has none */
	double advance;     /* horizontal advance */
	double height;      /* ink above the baseline (may be negative: a glyph below it) */
	double depth;       /* ink below the baseline, positive downwards */
	double italic;      /* MathItalicsCorrection, 0 none */
	double top_accent;  /* MathTopAccentAttachment x, or advance / 2 when the font gives none */
	bool extended;      /* MathExtendedShapeCoverage: an extended shape (TeXbook's
	                       "successors" end here; scripts attach as for a big glyph) */
} ov_mglyph;

/* One part of a glyph assembly (MathGlyphConstruction, GlyphPartRecord). */
typedef struct {
	uint32_t gid;
	double start_connector, end_connector; /* connector lengths */
	double full_advance;                   /* the part's length in the stretch direction */
	bool extender;                         /* may be repeated (or left out) */
} ov_mpart;

/* Corners of a glyph for its cut-in kerns (MathKernInfoRecord). */
typedef enum { OV_MKERN_TOP_RIGHT, OV_MKERN_TOP_LEFT, OV_MKERN_BOTTOM_RIGHT, OV_MKERN_BOTTOM_LEFT } ov_mkern_corner;

/* Most size variants and assembly parts a request returns. */
#define OV_MATH_MAX_VARIANTS 16
#define OV_MATH_MAX_PARTS 16

/* The math font as the layout sees it. One per layout thread (the
 * callbacks may keep caches in ctx). All lengths 1/1000 em. */
typedef struct {
	void *ctx;
	int font;                      /* the math font's number in the font set (ov_glyph.font) */
	double constant[OV_MC__COUNT]; /* MathConstants (percents as given, e.g. 70) */
	double min_connector_overlap;  /* MathVariants.minConnectorOverlap */
	/* The glyph for code point cp (0: none) at script level 0 (text and
	 * display), 1 (script) or 2 (scriptscript), the 'ssty' feature's
	 * variant at levels 1 and 2 when the font has one (OpenType
	 * "ssty": the feature value is the level). False when the font has
	 * no glyph for cp. */
	bool (*glyph)(void *ctx, uint32_t cp, int level, ov_mglyph *out);
	/* The measures of glyph gid (a variant or an assembly part). */
	void (*measure)(void *ctx, uint32_t gid, ov_mglyph *out);
	/* The cut-in kern at corner of glyph gid at the given height (MathKern:
	 * the value for the band holding height), 0 when it has none. */
	double (*kern)(void *ctx, uint32_t gid, ov_mkern_corner corner, double height);
	/* The size variants of glyph gid in one direction (vertical, or
	 * horizontal), smallest first, the glyph itself usually the first:
	 * gids and their advance in that direction, at most max; returns
	 * their count (0: none). */
	size_t (*variants)(void *ctx, uint32_t gid, bool horizontal, uint32_t *gids, double *sizes, size_t max);
	/* The assembly of glyph gid in one direction: parts bottom-to-top (or
	 * left-to-right), at most max, and its italic correction; returns
	 * their count (0: no assembly). */
	size_t (*assembly)(void *ctx, uint32_t gid, bool horizontal, ov_mpart *parts, size_t max, double *italic);
} ov_math_metrics;

#endif
