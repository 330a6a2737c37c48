/*
 * svgwalk.h - what the walk of a sanitised SVG tree (svgwalk.c) shares
 * with its markers (svgmarker.c): the cascaded properties, the drawing
 * being built and the helpers both use. Not used outside src/image/.
 */
#ifndef OV_IMAGE_SVGWALK_H
#define OV_IMAGE_SVGWALK_H

#include "svgint.h"
#include "util/strmap.h"

/* The properties an element inherits (SVG 1.1 §6.15 "Inherited: yes"). */
typedef struct {
	uint32_t fill, stroke, color;
	bool fill_on, stroke_on;
	bool fill_current, stroke_current; /* currentColor */
	const char *fill_reason, *stroke_reason; /* a paint server beyond the subset */
	double fill_opacity, stroke_opacity;
	bool even_odd;
	double line_width, miter, dash_offset;
	uint8_t cap, join;
	const double *dash;
	size_t dash_count;
	double font_size;
	bool bold, italic, mono;
	uint8_t anchor;
	bool visible;
	/* marker-start, marker-mid, marker-end: <marker> elements, or NULL
	 * (inherited, SVG 1.1 §11.6.2) */
	const xmlNode *marker[3];
} style;

typedef struct {
	ov_svg_shape *v;
	size_t count, cap;
} shape_vec;

typedef struct {
	ov_svg_text *v;
	size_t count, cap;
} text_vec;

/* What an element says besides its inherited properties. */
typedef struct {
	bool hidden;            /* display: none */
	const char *reason;     /* filter, mask, clip-path */
	double opacity;         /* the element's opacity (SVG 1.1 §14.5) */
	bool overflow_visible;
} element_props;

typedef struct {
	ov_arena *arena;
	svg_sanitizer *z;
	ov_strmap ids;          /* id -> element */
	shape_vec shapes;
	text_vec texts;
	size_t points, visits;
	const char *reason;
	style root_style;       /* SVG's initial values, what a marker's ancestors cascade from */
	double vw, vh;          /* the viewport's size, for percentages */
	const double *clip;     /* the clip quadrilaterals in force (arena) */
	size_t clip_count;
	const xmlNode *uses[OV_SVG_MAX_USE_DEPTH + 1];
	unsigned use_depth;
	/* the cascaded properties of the markers last drawn (svgmarker.c):
	 * a marker's do not depend on the shape it is drawn on */
	struct {
		const xmlNode *node;
		style st;
		element_props ep;
	} marker_cache[4];
	unsigned marker_next;
} builder;


/* Notes why as the drawing's raster_reason, unless one is noted. */
void svg_need_raster(builder *b, const char *why);
/* Attribute name of n (xmlFree), or NULL. */
char *svg_prop_attr(const xmlNode *n, const char *name);
/* s without leading and trailing white space (cut in place). */
char *svg_trim(char *s);
/* A length attribute of n in pixels (def when absent or malformed), with
 * pct what 100% is and em the font size. */
double svg_len_attr(const builder *b, const xmlNode *n, const char *name, double pct, double em, double def);
/* n's viewBox into vb; false when it has none or a malformed one. */
bool svg_parse_view_box(const xmlNode *n, double vb[4]);
/* The matrix that fits viewBox vb into a w x h viewport at (0, 0) as
 * preserveAspectRatio par says (SVG 1.1 §7.8). */
ov_svg_matrix svg_fit_view_box(const double vb[4], double w, double h, const char *par);
/* st and ep of element n, its properties cascaded from parent's. */
void svg_element_style(builder *b, const xmlNode *n, const style *parent, style *st, element_props *ep);
/* A new viewport of w x h at (x, y) in the user space m maps, clipped to
 * unless ep says its overflow is visible; vp's children drawn in it with
 * its viewBox. */
void svg_draw_viewport(builder *b, const xmlNode *vp, const style *st, const element_props *ep,
                       ov_svg_matrix m, double x, double y, double w, double h);
/* The markers of shape p (path, line, polyline, polygon; user space m)
 * that st names, drawn after it (svgmarker.c, SVG 1.1 §11.6.2). */
void svg_draw_markers(builder *b, const style *st, ov_svg_matrix m, const svg_path *p);

#endif
