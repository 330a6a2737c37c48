/*
 * svgmarker.c - markers (SVG 1.1 §11.6): the <marker> named by a path's,
 * line's, polyline's or polygon's marker-start, marker-mid and marker-end
 * drawn at its vertices, turned along it, scaled by its stroke width, as
 * a viewport of its own (the walk of svgwalk.c).
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "svgwalk.h"

#define PI 3.14159265358979323846

/* A vertex of a path with the directions of the segments into and out of
 * it (zero when there is none), for a marker's orient="auto". */
typedef struct {
	double x, y, in_x, in_y, out_x, out_y;
} vertex;

typedef struct {
	vertex *v;
	size_t count, cap;
} vertex_vec;

/* More vertices than markers may be drawn (OV_SVG_MAX_SHAPES) are not
 * kept: beyond it, the last one is overwritten, so that the path's end is
 * still where marker-end goes, and a marker-mid passes the limit anyway. */
#define MAX_VERTICES (OV_SVG_MAX_SHAPES + 2u)

static vertex *add_vertex(vertex_vec *vs, double x, double y, double in_x, double in_y)
{
	if (vs->count == MAX_VERTICES)
		vs->count--;
	if (vs->count == vs->cap) {
		vs->cap = vs->cap ? vs->cap * 2 : 16;
		vs->v = ov_xrealloc(vs->v, vs->cap * sizeof *vs->v);
	}
	vertex *v = &vs->v[vs->count++];
	*v = (vertex){x, y, in_x, in_y, 0, 0};
	return v;
}

/* The first of the directions (dx, dy) pairs that is not zero. */
static void first_dir(const double *d, int n, double *x, double *y)
{
	*x = *y = 0;
	for (int i = 0; i < n; i++)
		if (d[2 * i] != 0 || d[2 * i + 1] != 0) {
			*x = d[2 * i];
			*y = d[2 * i + 1];
			return;
		}
}

/* The path's vertices (§11.6.2 "path vertices"): every segment's ends; a
 * curve's direction at an end is towards its nearest distinct control
 * point; closepath is a segment back to the subpath's start. */
static void path_vertices(const svg_path *p, vertex_vec *vs)
{
	const double *pt = p->pts;
	double cx = 0, cy = 0;
	size_t start = 0; /* the index of the subpath's first vertex */
	for (size_t i = 0; i < p->op_count; i++) {
		int op = p->ops[i];
		if (op == OV_SVG_MOVE) {
			start = (size_t)(add_vertex(vs, pt[0], pt[1], 0, 0) - vs->v);
			cx = pt[0], cy = pt[1];
			pt += 2;
			continue;
		}
		if (!vs->count)
			break;
		double in[2], out[2], x, y;
		if (op == OV_SVG_CURVE) {
			x = pt[4], y = pt[5];
			double o[6] = {pt[0] - cx, pt[1] - cy, pt[2] - cx, pt[3] - cy, x - cx, y - cy};
			double n[6] = {x - pt[2], y - pt[3], x - pt[0], y - pt[1], x - cx, y - cy};
			first_dir(o, 3, &out[0], &out[1]);
			first_dir(n, 3, &in[0], &in[1]);
			pt += 6;
		} else {
			if (op == OV_SVG_LINE) {
				x = pt[0], y = pt[1];
				pt += 2;
			} else {
				x = vs->v[start].x, y = vs->v[start].y;
			}
			out[0] = in[0] = x - cx;
			out[1] = in[1] = y - cy;
		}
		vertex *last = &vs->v[vs->count - 1];
		last->out_x = out[0];
		last->out_y = out[1];
		vertex *v = add_vertex(vs, x, y, in[0], in[1]);
		if (op == OV_SVG_CLOSE) {
			/* the start and the closing vertex are one corner */
			v->out_x = vs->v[start].out_x;
			v->out_y = vs->v[start].out_y;
			vs->v[start].in_x = in[0];
			vs->v[start].in_y = in[1];
		}
		cx = x, cy = y;
	}
}

/* The angle of a vertex's marker in degrees: the bisector of the
 * directions in and out, or the one there is (§11.6.2 orient="auto"). */
static double vertex_angle(const vertex *v)
{
	double li = hypot(v->in_x, v->in_y), lo = hypot(v->out_x, v->out_y);
	double x = (li > 0 ? v->in_x / li : 0) + (lo > 0 ? v->out_x / lo : 0);
	double y = (li > 0 ? v->in_y / li : 0) + (lo > 0 ? v->out_y / lo : 0);
	if (x == 0 && y == 0) /* none, or a turn back: the way in */
		x = li > 0 ? v->in_x : v->out_x, y = li > 0 ? v->in_y : v->out_y;
	return x == 0 && y == 0 ? 0 : atan2(y, x) * 180 / PI;
}

/* The properties of marker mk's content: they cascade from the marker's
 * ancestors, not from the shape (§11.6.2), so they are worked out once
 * for a few markers at a time (a file draws the same arrowhead often). */
static void marker_style(builder *b, const xmlNode *mk, style *st, element_props *ep)
{
	size_t n = sizeof b->marker_cache / sizeof *b->marker_cache;
	for (size_t i = 0; i < n; i++)
		if (b->marker_cache[i].node == mk) {
			*st = b->marker_cache[i].st;
			*ep = b->marker_cache[i].ep;
			return;
		}
	const xmlNode *chain[OV_SVG_MAX_DEPTH + 1];
	size_t depth = 0;
	for (const xmlNode *a = mk; a && a->type == XML_ELEMENT_NODE && depth <= OV_SVG_MAX_DEPTH; a = a->parent)
		chain[depth++] = a;
	style cur = b->root_style, next;
	while (depth) {
		svg_element_style(b, chain[--depth], &cur, &next, ep);
		cur = next;
	}
	*st = cur;
	unsigned k = b->marker_next++ % n;
	b->marker_cache[k].node = mk;
	b->marker_cache[k].st = *st;
	b->marker_cache[k].ep = *ep;
}

/* Marker mk drawn at vertex v of a shape in user space m, whose stroke is
 * line_width wide; start: the path's first vertex (auto-start-reverse). */
static void draw_marker(builder *b, const xmlNode *mk, const vertex *v, bool start, ov_svg_matrix m,
                        double line_width)
{
	for (unsigned i = 0; i < b->use_depth; i++)
		if (b->uses[i] == mk)
			return; /* a marker inside its own drawing */
	if (b->use_depth >= OV_SVG_MAX_USE_DEPTH)
		return;
	/* each marker drawn counts against OV_SVG_MAX_SHAPES, as a use does */
	if (++b->visits > OV_SVG_MAX_SHAPES) {
		svg_limit_error(b->z, mk, "it draws more than 200000 elements (counting what <use> repeats)");
		return;
	}
	style st;
	element_props ep;
	marker_style(b, mk, &st, &ep);
	if (ep.hidden)
		return;
	if (ep.reason)
		svg_need_raster(b, ep.reason);
	if (ep.opacity < 1)
		svg_need_raster(b, "group opacity");
	char *orient = svg_prop_attr(mk, "orient"), *units = svg_prop_attr(mk, "markerUnits");
	double angle = 0;
	if (orient && svg_starts_with(svg_trim(orient), "auto")) {
		angle = vertex_angle(v);
		if (start && strcmp(svg_trim(orient), "auto-start-reverse") == 0)
			angle += 180;
	} else if (orient) {
		const char *o = orient;
		if (!svg_number(&o, &angle))
			angle = 0;
		else if (svg_starts_with(o, "rad"))
			angle *= 180 / PI;
		else if (svg_starts_with(o, "grad"))
			angle *= 0.9;
		else if (svg_starts_with(o, "turn"))
			angle *= 360;
	}
	double scale = units && strcmp(svg_trim(units), "userSpaceOnUse") == 0 ? 1 : line_width;
	xmlFree(orient);
	xmlFree(units);
	double w = svg_len_attr(b, mk, "markerWidth", b->vw, st.font_size, 3);
	double h = svg_len_attr(b, mk, "markerHeight", b->vh, st.font_size, 3);
	double rx = svg_len_attr(b, mk, "refX", b->vw, st.font_size, 0), ry = svg_len_attr(b, mk, "refY", b->vh, st.font_size, 0);
	if (w <= 0 || h <= 0 || scale <= 0)
		return;
	/* the reference point, in the marker's viewBox, is put on the vertex */
	double vb[4];
	if (svg_parse_view_box(mk, vb)) {
		char *par = svg_prop_attr(mk, "preserveAspectRatio");
		ov_svg_matrix f = svg_fit_view_box(vb, w, h, par);
		xmlFree(par);
		double x = f.a * rx + f.e, y = f.d * ry + f.f;
		rx = x, ry = y;
	}
	double r = angle * PI / 180, c = cos(r), s = sin(r);
	ov_svg_matrix at = svg_mul(m, (ov_svg_matrix){c, s, -s, c, v->x, v->y});
	at = svg_mul(at, (ov_svg_matrix){scale, 0, 0, scale, 0, 0});
	b->uses[b->use_depth++] = mk;
	svg_draw_viewport(b, mk, &st, &ep, at, -rx, -ry, w, h);
	b->use_depth--;
}

/* The markers of shape p (path, line, polyline, polygon) drawn in st's
 * marker-start, marker-mid and marker-end, after the shape (§11.6.2). */
void svg_draw_markers(builder *b, const style *st, ov_svg_matrix m, const svg_path *p)
{
	if (!st->visible || (!st->marker[0] && !st->marker[1] && !st->marker[2]))
		return;
	vertex_vec vs = {0};
	path_vertices(p, &vs);
	for (size_t i = 0; i < vs.count && !b->z->failed; i++) {
		const xmlNode *mk = i == 0 ? st->marker[0] : i + 1 == vs.count ? st->marker[2] : st->marker[1];
		if (mk)
			draw_marker(b, mk, &vs.v[i], i == 0, m, st->line_width);
	}
	/* a one-vertex path has its start and end markers there */
	if (vs.count == 1 && st->marker[2] && !b->z->failed)
		draw_marker(b, st->marker[2], &vs.v[0], false, m, st->line_width);
	free(vs.v);
}
