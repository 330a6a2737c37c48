/*
 * svgint.h - what svg.c (the file parsed and sanitised), svgwalk.c (the
 * tree walked into a drawing), svgdata.c (the attribute value grammars)
 * and svgraster.c (librsvg) share; not used outside src/image/.
 */
#ifndef OV_IMAGE_SVGINT_H
#define OV_IMAGE_SVGINT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <libxml/tree.h>

#include "svg.h"

/* One SVG file's parse: where its problems are reported. */
typedef struct {
	ov_diag *diag;
	ov_pos ref;               /* the image's reference in the book */
	const char *shown, *file; /* its name as written; its path in the book */
	size_t elements;          /* counted against OV_SVG_MAX_ELEMENTS */
	bool failed;              /* a limit was passed (reported) */
} svg_sanitizer;

/* Reports a limit passed at element n ("image 'x' is too complex: what"),
 * once per file; sets z->failed. */
void svg_limit_error(svg_sanitizer *z, const xmlNode *n, const char *what);
bool svg_in_list(const char *const *list, size_t n, const char *s);
bool svg_starts_with(const char *s, const char *prefix);

/* Walks the sanitised tree of root into s: its intrinsic size, title,
 * shapes, texts and raster_reason (arena). A limit passed is reported
 * through z (z->failed). */
void svg_draw(ov_arena *arena, svg_sanitizer *z, xmlNode *root, ov_svg *s);

/* A growing path: operators and points (malloc'ed). */
typedef struct {
	uint8_t *ops;
	size_t op_count, op_cap;
	double *pts;
	size_t pt_count, pt_cap; /* doubles, not pairs */
} svg_path;

void svg_path_op(svg_path *p, int op, const double *xy, size_t pairs);
void svg_path_free(svg_path *p);
/* Appends path data d (SVG 1.1 §8.3, SVG 2 §9.3) to p; parsing stops at
 * the first error, keeping what came before it (SVG 1.1 §F.2). */
void svg_path_data(svg_path *p, const char *d);
/* An elliptical arc from (x1, y1) to (x2, y2) as cubic curves appended
 * to p (SVG 1.1 §F.6.5, §F.6.6). */
void svg_path_arc(svg_path *p, double x1, double y1, double rx, double ry, double phi, bool large,
                  bool sweep, double x2, double y2);
/* An ellipse centred at cx, cy as four cubic curves, closed. */
void svg_path_ellipse(svg_path *p, double cx, double cy, double rx, double ry);

/* Number at *s (after white space); advances *s. false if none. */
bool svg_number(const char **s, double *v);
/* Skips white space and one comma. */
void svg_skip_sep(const char **s);

/* a * b: b applied first. */
ov_svg_matrix svg_mul(ov_svg_matrix a, ov_svg_matrix b);
extern const ov_svg_matrix svg_identity;

/* A length with its unit (SVG 1.1 §4.2 <length>): into pixels, with em
 * the font size and pct what 100% is. false if malformed. */
bool svg_length(const char *s, double em, double pct, double *px);

#endif
