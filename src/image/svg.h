/*
 * svg.h - SVG images: parsed with libxml2 (no entities, no network, no
 * external references), sanitised for the EPUB, turned into a drawing the
 * PDF writer draws as vectors (and the layout sets the text of, in the
 * book's fonts), and rasterised by librsvg beyond that drawing's subset.
 * docs/architecture.md, "Images", says which parts of SVG are drawn how.
 *
 * Coordinates of the drawing are CSS pixels of the image's own box (its
 * intrinsic size, width x height), y growing downwards, as in SVG.
 */
#ifndef OV_IMAGE_SVG_H
#define OV_IMAGE_SVG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util/arena.h"
#include "util/diag.h"
#include "util/image.h"

/* Limits (README, "Limits"): an SVG beyond one of them is refused with an
 * error, except OV_SVG_MAX_USE_DEPTH, beyond which a <use> draws nothing. */
#define OV_SVG_MAX_BYTES (16u * 1024u * 1024u) /* file size */
#define OV_SVG_MAX_ELEMENTS 100000u            /* elements in the file */
#define OV_SVG_MAX_DEPTH 128u                  /* nesting of elements */
#define OV_SVG_MAX_POINTS 2000000u             /* path points drawn, <use> copies included */
#define OV_SVG_MAX_SHAPES 200000u              /* elements drawn, <use> copies included */
#define OV_SVG_MAX_USE_DEPTH 8u                /* <use> inside what a <use> draws */
#define OV_SVG_MAX_SIZE 100000.0               /* width or height, CSS pixels (26 m) */

/* The resolution an SVG beyond the vector subset is drawn at for the PDF,
 * at its intrinsic size (print needs 300). */
#define OV_SVG_RASTER_DPI 300

/* An affine map, as SVG's matrix(a b c d e f) (SVG 1.1 §7.4):
 * x' = a x + c y + e, y' = b x + d y + f. */
typedef struct {
	double a, b, c, d, e, f;
} ov_svg_matrix;

/* Path operators and how many points (x, y pairs) each takes. */
enum { OV_SVG_MOVE, OV_SVG_LINE, OV_SVG_CURVE, OV_SVG_CLOSE };

/* One filled and/or stroked path. Its points are in the element's user
 * units; m maps them to the image's pixels, so that a stroke is as wide,
 * and a dash as long, as the element's user space makes it. */
typedef struct {
	ov_svg_matrix m;
	const uint8_t *ops;       /* OV_SVG_MOVE ...; arena */
	size_t op_count;
	const double *pts;        /* x, y pairs: 1 for MOVE and LINE, 3 for CURVE, 0 for CLOSE */
	bool fill, stroke;        /* painted with fill_color / stroke_color */
	bool even_odd;            /* fill-rule: evenodd */
	uint32_t fill_color, stroke_color; /* 0xRRGGBB */
	uint8_t fill_alpha, stroke_alpha;  /* 255ths: 255 opaque (fill-opacity, stroke-opacity, opacity) */
	double line_width, miter_limit, dash_offset;
	uint8_t cap, join;        /* PDF's numbers (§8.4.3.3, §8.4.3.4) */
	const double *dash;       /* dash lengths, NULL for solid */
	size_t dash_count;
	const double *clip;       /* clip_count quadrilaterals (4 x, y pairs each, pixels) to
	                             clip to, intersected: the viewports of nested <svg> */
	size_t clip_count;
} ov_svg_shape;

/* A stretch of text on one baseline (a <text> or <tspan> chunk). */
typedef struct {
	double x, y;              /* pixels: the anchor point on the baseline, where abs_x, abs_y */
	bool abs_x, abs_y;        /* x, y given; otherwise where the previous stretch ended
	                             (the start of the image for the first), plus dx, dy. A
	                             stretch with either opens a text chunk (SVG 1.1 §10.4) */
	double dx, dy;            /* pixels */
	double size;              /* font size, pixels */
	bool bold, italic, mono;
	uint8_t anchor;           /* text-anchor of the chunk it opens: 0 start, 1 middle, 2 end */
	uint32_t color;           /* 0xRRGGBB */
	const char *text;         /* UTF-8, white space collapsed (arena) */
} ov_svg_text;

/* A parsed SVG image. */
typedef struct {
	double width, height;     /* intrinsic size, CSS pixels (1/96 in) */
	ov_svg_shape *shapes;     /* in painting order */
	size_t shape_count;
	ov_svg_text *texts;
	size_t text_count;
	/* the first feature beyond the vector subset ("a gradient"), NULL when
	 * the drawing is the whole image: such an image is rasterised */
	const char *raster_reason;
	const char *title;        /* the root's <title>, or NULL */
	const uint8_t *clean;     /* the sanitised file (arena): what either writer uses */
	size_t clean_len;
} ov_svg;

/* Parses and sanitises the SVG file data[0..len), in the arena. Problems
 * are reported to diag: an error at ref ("image 'shown' ...") and, when the
 * file says where, a note at file:line:col of the SVG file named file.
 * Returns the drawing (arena), or NULL when the image cannot be used. */
ov_svg *ov_svg_parse(ov_arena *arena, const uint8_t *data, size_t len, ov_diag *diag, ov_pos ref,
                     const char *shown, const char *file);

/* Whether librsvg can be used: it is loaded (dlopen) at the first call. */
bool ov_svg_rasterizer_available(void);

/* s's sanitised file drawn by librsvg into w x h pixels, as 8-bit RGBA
 * (not premultiplied), rows top to bottom; malloc'ed, caller frees. NULL
 * when librsvg is missing or fails, with the reason in msg[0..n). Nothing
 * outside the file is loaded (no base URI). */
uint8_t *ov_svg_rasterize(const ov_svg *s, unsigned w, unsigned h, char *msg, size_t n);

/* For tests: the path data d parsed into ops and points (malloc'ed, caller
 * frees both); returns the operator count, or 0 for data that draws
 * nothing. Arcs and quadratic curves come out as cubic curves. */
size_t ov_svg_path_parse(const char *d, uint8_t **ops, double **pts);
/* A transform attribute's value as a matrix; false if it is malformed. */
bool ov_svg_transform_parse(const char *s, ov_svg_matrix *m);
/* A colour value (keyword, #rgb, #rrggbb, rgb()); false if it is none of
 * these. */
bool ov_svg_color_parse(const char *s, uint32_t *rgb);

#endif
