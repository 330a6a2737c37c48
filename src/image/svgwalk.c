/*
 * svgwalk.c - a sanitised SVG tree walked into the drawing of svg.h: the
 * cascade of presentation attributes and style attributes (SVG 1.1 §6),
 * shapes as paths (§9) with the matrix of their user space (§7), nested
 * viewports with their viewBox and clip (§7.8, §7.9), use (§5.6), text
 * chunks (§10), markers (svgmarker.c); and the first feature beyond that
 * subset, which makes the PDF writer rasterise the file instead
 * (svgraster.c).
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "svgwalk.h"
#include "util/buf.h"

#define XLINK_NS "http://www.w3.org/1999/xlink"

void svg_need_raster(builder *b, const char *why)
{
	if (!b->reason)
		b->reason = why;
}

char *svg_prop_attr(const xmlNode *n, const char *name)
{
	return (char *)xmlGetNoNsProp(n, (const xmlChar *)name);
}

/* A length attribute of n in pixels (def when absent or malformed). */
double svg_len_attr(const builder *b, const xmlNode *n, const char *name, double pct, double em, double def)
{
	char *v = svg_prop_attr(n, name);
	double px;
	/* a list (text's x="1 2 3"): its first value */
	if (v) {
		char *sp = v + strspn(v, " \t\r\n");
		sp += strcspn(sp, " \t\r\n,");
		*sp = 0;
	}
	bool ok = v && svg_length(v + strspn(v, " \t\r\n"), em, pct, &px);
	xmlFree(v);
	(void)b;
	return ok ? px : def;
}

static double diag_pct(const builder *b) { return sqrt((b->vw * b->vw + b->vh * b->vh) / 2); }

char *svg_trim(char *s)
{
	while (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r')
		s++;
	size_t n = strlen(s);
	while (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\n' || s[n - 1] == '\r'))
		s[--n] = 0;
	return s;
}

/* A paint (SVG 1.1 §11.2): none, currentColor, a colour, or url(#id)
 * with an optional fallback. */
static void paint(builder *b, const char *v, bool *on, uint32_t *rgb, bool *current, const char **reason)
{
	*reason = NULL;
	*current = false;
	if (strcmp(v, "none") == 0) {
		*on = false;
		return;
	}
	if (strcmp(v, "currentColor") == 0) {
		*on = true;
		*current = true;
		return;
	}
	if (svg_starts_with(v, "url(")) {
		const char *id = v + 4;
		while (*id == ' ' || *id == '"' || *id == '\'')
			id++;
		if (*id == '#')
			id++;
		size_t n = strcspn(id, " \"')");
		void **slot = ov_strmap_find(&b->ids, id, n);
		const xmlNode *t = slot ? *slot : NULL;
		const char *fallback = strchr(v, ')');
		fallback = fallback ? fallback + 1 : "";
		while (*fallback == ' ')
			fallback++;
		if (t && (strcmp((const char *)t->name, "linearGradient") == 0 ||
		          strcmp((const char *)t->name, "radialGradient") == 0 ||
		          strcmp((const char *)t->name, "pattern") == 0)) {
			*reason = t->name[0] == 'p' ? "a pattern" : "a gradient";
			*on = true;
			/* drawn, if librsvg cannot be had, in the fallback or grey */
			if (!*fallback || !ov_svg_color_parse(fallback, rgb))
				*rgb = 0x808080;
			return;
		}
		/* §11.2: a reference to nothing is the fallback, else an
		 * error, which browsers draw as none */
		*on = *fallback && strcmp(fallback, "none") != 0 && ov_svg_color_parse(fallback, rgb);
		return;
	}
	uint32_t c;
	if (ov_svg_color_parse(v, &c)) {
		*on = true;
		*rgb = c;
	}
	/* an unknown value leaves the inherited one (§6.4, an error) */
}

static double opacity_value(const char *v, double keep)
{
	double x;
	const char *p = v;
	if (!svg_number(&p, &x))
		return keep;
	if (*p == '%')
		x /= 100;
	return x < 0 ? 0 : x > 1 ? 1 : x;
}

/* Applies property name: value to st (parent: the inherited values). */
static void apply(builder *b, style *st, const style *parent, const char *name, char *value)
{
	char *v = svg_trim(value);
	char *imp = strstr(v, "!important");
	if (imp) {
		*imp = 0;
		v = svg_trim(v);
	}
	if (strcmp(v, "inherit") == 0) {
		/* inherited properties already are the parent's; those this
		 * model keeps are all inherited */
		(void)parent;
		return;
	}
	if (strcmp(name, "fill") == 0) {
		paint(b, v, &st->fill_on, &st->fill, &st->fill_current, &st->fill_reason);
	} else if (strcmp(name, "stroke") == 0) {
		paint(b, v, &st->stroke_on, &st->stroke, &st->stroke_current, &st->stroke_reason);
	} else if (strcmp(name, "color") == 0) {
		ov_svg_color_parse(v, &st->color);
	} else if (strcmp(name, "fill-rule") == 0) {
		st->even_odd = strcmp(v, "evenodd") == 0;
	} else if (strcmp(name, "fill-opacity") == 0) {
		st->fill_opacity = opacity_value(v, st->fill_opacity);
	} else if (strcmp(name, "stroke-opacity") == 0) {
		st->stroke_opacity = opacity_value(v, st->stroke_opacity);
	} else if (strcmp(name, "stroke-width") == 0) {
		double w;
		if (svg_length(v, st->font_size, diag_pct(b), &w) && w >= 0)
			st->line_width = w;
	} else if (strcmp(name, "stroke-linecap") == 0) {
		st->cap = strcmp(v, "round") == 0 ? 1 : strcmp(v, "square") == 0 ? 2 : 0;
	} else if (strcmp(name, "stroke-linejoin") == 0) {
		st->join = strcmp(v, "round") == 0 ? 1 : strcmp(v, "bevel") == 0 ? 2 : 0;
	} else if (strcmp(name, "stroke-miterlimit") == 0) {
		double m;
		const char *p = v;
		if (svg_number(&p, &m) && m >= 1)
			st->miter = m;
	} else if (strcmp(name, "stroke-dasharray") == 0) {
		double d[64];
		size_t n = 0;
		double sum = 0;
		bool ok = strcmp(v, "none") != 0;
		for (const char *p = v; ok && *p && n < 32;) {
			char one[64];
			size_t k = strcspn(p, " ,\t\r\n");
			if (k == 0) {
				p++;
				continue;
			}
			snprintf(one, sizeof one, "%.*s", (int)(k < 63 ? k : 63), p);
			ok = svg_length(one, st->font_size, diag_pct(b), &d[n]) && d[n] >= 0;
			sum += ok ? d[n] : 0;
			n++;
			p += k;
		}
		/* §11.4: an odd count is repeated; all zeros or an error: solid */
		if (ok && n && sum > 0) {
			if (n % 2)
				for (size_t i = 0; i < n; i++)
					d[n + i] = d[i];
			n += n % 2 ? n : 0;
			double *copy = ov_arena_alloc(b->arena, n * sizeof *copy);
			memcpy(copy, d, n * sizeof *copy);
			st->dash = copy;
			st->dash_count = n;
		} else {
			st->dash = NULL;
			st->dash_count = 0;
		}
	} else if (strcmp(name, "stroke-dashoffset") == 0) {
		double o;
		if (svg_length(v, st->font_size, diag_pct(b), &o))
			st->dash_offset = o;
	} else if (strcmp(name, "font-size") == 0) {
		static const struct {
			const char *k;
			double px;
		} kw[] = {{"xx-small", 9}, {"x-small", 10}, {"small", 13}, {"medium", 16}, {"large", 18},
		          {"x-large", 24}, {"xx-large", 32}};
		double s;
		for (size_t i = 0; i < sizeof kw / sizeof *kw; i++)
			if (strcmp(v, kw[i].k) == 0)
				st->font_size = kw[i].px;
		if (strcmp(v, "larger") == 0)
			st->font_size *= 1.2;
		else if (strcmp(v, "smaller") == 0)
			st->font_size /= 1.2;
		else if (svg_length(v, st->font_size, st->font_size, &s) && s > 0)
			st->font_size = s;
	} else if (strcmp(name, "font-weight") == 0) {
		double w;
		const char *p = v;
		if (strcmp(v, "bold") == 0 || strcmp(v, "bolder") == 0)
			st->bold = true;
		else if (strcmp(v, "normal") == 0 || strcmp(v, "lighter") == 0)
			st->bold = false;
		else if (svg_number(&p, &w))
			st->bold = w >= 600;
	} else if (strcmp(name, "font-style") == 0) {
		st->italic = strcmp(v, "italic") == 0 || strcmp(v, "oblique") == 0;
	} else if (strcmp(name, "font-family") == 0) {
		/* the book's monospace face for a monospace family; its
		 * regular face for the rest */
		st->mono = strstr(v, "mono") || strstr(v, "Mono") || strstr(v, "Courier") || strstr(v, "courier") ||
		           strstr(v, "Consolas") || strstr(v, "Menlo");
	} else if (strcmp(name, "text-anchor") == 0) {
		st->anchor = strcmp(v, "middle") == 0 ? 1 : strcmp(v, "end") == 0 ? 2 : 0;
	} else if (strcmp(name, "visibility") == 0) {
		st->visible = strcmp(v, "visible") == 0;
	} else if (svg_starts_with(name, "marker")) {
		/* url(#id) of a <marker> in the file; anything else: none */
		const xmlNode *mk = NULL;
		const char *id = svg_starts_with(v, "url(#") ? v + 5 : NULL;
		size_t len = id ? strcspn(id, ")") : 0;
		void **slot = len && id[len] == ')' ? ov_strmap_find(&b->ids, id, len) : NULL;
		if (slot && strcmp((const char *)((const xmlNode *)*slot)->name, "marker") == 0)
			mk = *slot;
		/* "marker" (a shorthand in a style attribute) sets all three */
		int which = strcmp(name, "marker-start") == 0 ? 0 : strcmp(name, "marker-mid") == 0 ? 1
		          : strcmp(name, "marker-end") == 0  ? 2
		                                              : -1;
		for (int i = 0; i < 3; i++)
			if (which < 0 || which == i)
				st->marker[i] = mk;
	}
}


static void element_prop(element_props *ep, const char *name, char *value)
{
	char *v = svg_trim(value);
	if (strcmp(name, "display") == 0) {
		ep->hidden = strcmp(v, "none") == 0;
	} else if (strcmp(name, "opacity") == 0) {
		ep->opacity = opacity_value(v, 1);
	} else if (strcmp(name, "overflow") == 0) {
		ep->overflow_visible = strcmp(v, "visible") == 0 || strcmp(v, "auto") == 0;
	} else if (strcmp(v, "none") != 0 && !ep->reason) {
		if (strcmp(name, "filter") == 0)
			ep->reason = "a filter";
		else if (strcmp(name, "mask") == 0)
			ep->reason = "a mask";
		else if (strcmp(name, "clip-path") == 0)
			ep->reason = "a clipping path";
	}
}

static const char *const inherited_props[] = {
	"fill", "stroke", "color", "fill-rule", "fill-opacity", "stroke-opacity", "stroke-width",
	"stroke-linecap", "stroke-linejoin", "stroke-miterlimit", "stroke-dasharray", "stroke-dashoffset",
	"font-size", "font-weight", "font-style", "font-family", "text-anchor", "visibility",
	"marker-start", "marker-mid", "marker-end", "marker",
};
static const char *const element_props_list[] = {
	"display", "opacity", "overflow", "filter", "mask", "clip-path",
};

/* st and ep of element n: presentation attributes, then its style
 * attribute's declarations, which win (SVG 1.1 §6.4). font-size first, for
 * the lengths in ems. */
void svg_element_style(builder *b, const xmlNode *n, const style *parent, style *st, element_props *ep)
{
	*st = *parent;
	memset(ep, 0, sizeof *ep);
	ep->opacity = 1;
	char *fs = svg_prop_attr(n, "font-size");
	if (fs) {
		apply(b, st, parent, "font-size", fs);
		xmlFree(fs);
	}
	for (size_t i = 0; i < sizeof inherited_props / sizeof *inherited_props; i++) {
		char *v = svg_prop_attr(n, inherited_props[i]);
		if (v) {
			apply(b, st, parent, inherited_props[i], v);
			xmlFree(v);
		}
	}
	for (size_t i = 0; i < sizeof element_props_list / sizeof *element_props_list; i++) {
		char *v = svg_prop_attr(n, element_props_list[i]);
		if (v) {
			element_prop(ep, element_props_list[i], v);
			xmlFree(v);
		}
	}
	char *css = svg_prop_attr(n, "style");
	if (!css)
		return;
	for (char *decl = css; decl && *decl;) {
		char *end = strchr(decl, ';');
		if (end)
			*end = 0;
		char *colon = strchr(decl, ':');
		if (colon) {
			*colon = 0;
			char *name = svg_trim(decl);
			for (char *p = name; *p; p++)
				if (*p >= 'A' && *p <= 'Z')
					*p = (char)(*p + 32);
			if (svg_in_list(inherited_props, sizeof inherited_props / sizeof *inherited_props, name))
				apply(b, st, parent, name, colon + 1);
			else if (svg_in_list(element_props_list, sizeof element_props_list / sizeof *element_props_list,
			                 name))
				element_prop(ep, name, colon + 1);
		}
		decl = end ? end + 1 : NULL;
	}
	xmlFree(css);
}

static bool too_many(builder *b, const xmlNode *n)
{
	if (++b->visits > OV_SVG_MAX_SHAPES) {
		svg_limit_error(b->z, n, "it draws more than 200000 elements (counting what <use> repeats)");
		return true;
	}
	return b->z->failed;
}

/* 0..1 as a PDF alpha in 255ths. */
static uint8_t alpha255(double a) { return (uint8_t)lround((a < 0 ? 0 : a > 1 ? 1 : a) * 255); }

/* A shape painted as st says, opacity its element's own. */
static void add_shape(builder *b, const style *st, double opacity, ov_svg_matrix m, svg_path *p, bool can_fill,
                      const xmlNode *n)
{
	if (!p->op_count || !st->visible)
		return;
	bool fill = can_fill && st->fill_on, stroke = st->stroke_on && st->line_width > 0;
	if (!fill && !stroke)
		return;
	if (fill && st->fill_reason)
		svg_need_raster(b, st->fill_reason);
	if (stroke && st->stroke_reason)
		svg_need_raster(b, st->stroke_reason);
	/* an element's opacity is that of its fill and stroke drawn as one
	 * group (§14.5): the same as alpha on each only when it has one */
	if (opacity < 1 && fill && stroke)
		svg_need_raster(b, "group opacity");
	b->points += p->pt_count / 2;
	if (b->points > OV_SVG_MAX_POINTS) {
		svg_limit_error(b->z, n, "its paths have more than 2000000 points");
		return;
	}
	if (b->shapes.count == b->shapes.cap) {
		b->shapes.cap = b->shapes.cap ? b->shapes.cap * 2 : 16;
		b->shapes.v = ov_xrealloc(b->shapes.v, b->shapes.cap * sizeof *b->shapes.v);
	}
	ov_svg_shape *s = &b->shapes.v[b->shapes.count++];
	memset(s, 0, sizeof *s);
	s->m = m;
	uint8_t *ops = ov_arena_alloc(b->arena, p->op_count);
	memcpy(ops, p->ops, p->op_count);
	double *pts = ov_arena_alloc(b->arena, (p->pt_count ? p->pt_count : 1) * sizeof *pts);
	if (p->pt_count)
		memcpy(pts, p->pts, p->pt_count * sizeof *pts);
	s->ops = ops;
	s->op_count = p->op_count;
	s->pts = pts;
	s->fill = fill;
	s->stroke = stroke;
	s->even_odd = st->even_odd;
	s->fill_color = st->fill_current ? st->color : st->fill;
	s->stroke_color = st->stroke_current ? st->color : st->stroke;
	s->line_width = st->line_width;
	s->miter_limit = st->miter;
	s->cap = st->cap;
	s->join = st->join;
	s->dash = st->dash;
	s->dash_count = st->dash_count;
	s->dash_offset = st->dash_offset;
	s->clip = b->clip;
	s->clip_count = b->clip_count;
	s->fill_alpha = alpha255(st->fill_opacity * opacity);
	s->stroke_alpha = alpha255(st->stroke_opacity * opacity);
}

/* A list of points (polyline, polygon: SVG 1.1 §9.7.1). */
static void points_path(svg_path *p, const char *v, bool close)
{
	const char *s = v;
	double xy[2];
	bool first = true;
	while (svg_number(&s, &xy[0])) {
		svg_skip_sep(&s);
		if (!svg_number(&s, &xy[1]))
			break; /* an odd count: the last is dropped (§9.7.1) */
		svg_skip_sep(&s);
		svg_path_op(p, first ? OV_SVG_MOVE : OV_SVG_LINE, xy, 1);
		first = false;
	}
	if (close && !first)
		svg_path_op(p, OV_SVG_CLOSE, NULL, 0);
}

/* The shapes of SVG 1.1 §9 as paths; false for an element that is no shape. */
static bool shape_path(builder *b, const xmlNode *n, const style *st, svg_path *p, bool *can_fill)
{
	const char *name = (const char *)n->name;
	double em = st->font_size, w = b->vw, h = b->vh, dg = diag_pct(b);
	*can_fill = true;
	if (strcmp(name, "path") == 0) {
		char *d = svg_prop_attr(n, "d");
		if (d)
			svg_path_data(p, d);
		xmlFree(d);
	} else if (strcmp(name, "rect") == 0) {
		double x = svg_len_attr(b, n, "x", w, em, 0), y = svg_len_attr(b, n, "y", h, em, 0);
		double rw = svg_len_attr(b, n, "width", w, em, 0), rh = svg_len_attr(b, n, "height", h, em, 0);
		if (rw <= 0 || rh <= 0)
			return true;
		/* §9.2: a missing rx is ry and the other way; each at most half
		 * the side */
		double rx = svg_len_attr(b, n, "rx", w, em, -1), ry = svg_len_attr(b, n, "ry", h, em, -1);
		if (rx < 0)
			rx = ry;
		if (ry < 0)
			ry = rx;
		rx = rx < 0 ? 0 : rx > rw / 2 ? rw / 2 : rx;
		ry = ry < 0 ? 0 : ry > rh / 2 ? rh / 2 : ry;
		double xy[2] = {x + rx, y};
		svg_path_op(p, OV_SVG_MOVE, xy, 1);
		double pts[][2] = {{x + rw - rx, y}, {x + rw, y + ry}, {x + rw, y + rh - ry}, {x + rw - rx, y + rh},
		                   {x + rx, y + rh}, {x, y + rh - ry}, {x, y + ry}, {x + rx, y}};
		for (int i = 0; i < 8; i++) {
			if (i % 2 == 0 || rx == 0 || ry == 0) {
				svg_path_op(p, OV_SVG_LINE, pts[i], 1);
			} else {
				svg_path_arc(p, pts[i - 1][0], pts[i - 1][1], rx, ry, 0, false, true, pts[i][0], pts[i][1]);
			}
		}
		svg_path_op(p, OV_SVG_CLOSE, NULL, 0);
	} else if (strcmp(name, "circle") == 0 || strcmp(name, "ellipse") == 0) {
		double cx = svg_len_attr(b, n, "cx", w, em, 0), cy = svg_len_attr(b, n, "cy", h, em, 0), rx, ry;
		if (name[0] == 'c') {
			rx = ry = svg_len_attr(b, n, "r", dg, em, 0);
		} else {
			rx = svg_len_attr(b, n, "rx", w, em, -1);
			ry = svg_len_attr(b, n, "ry", h, em, -1);
			if (rx < 0) /* SVG 2 §10.4: auto */
				rx = ry;
			if (ry < 0)
				ry = rx;
		}
		if (rx > 0 && ry > 0)
			svg_path_ellipse(p, cx, cy, rx, ry);
	} else if (strcmp(name, "line") == 0) {
		double a[2] = {svg_len_attr(b, n, "x1", w, em, 0), svg_len_attr(b, n, "y1", h, em, 0)};
		double c[2] = {svg_len_attr(b, n, "x2", w, em, 0), svg_len_attr(b, n, "y2", h, em, 0)};
		svg_path_op(p, OV_SVG_MOVE, a, 1);
		svg_path_op(p, OV_SVG_LINE, c, 1);
		*can_fill = false;
	} else if (strcmp(name, "polyline") == 0 || strcmp(name, "polygon") == 0) {
		char *v = svg_prop_attr(n, "points");
		if (v)
			points_path(p, v, name[4] == 'g');
		xmlFree(v);
	} else {
		return false;
	}
	return true;
}

static bool parse_transform(const xmlNode *n, ov_svg_matrix *m)
{
	char *t = svg_prop_attr(n, "transform");
	ov_svg_matrix tm;
	bool ok = !t || ov_svg_transform_parse(t, &tm);
	if (t && ok)
		*m = svg_mul(*m, tm);
	xmlFree(t);
	return ok;
}

/* The matrix that fits viewBox vb into a w x h viewport at (0, 0) as
 * preserveAspectRatio par says (SVG 1.1 §7.8). */
ov_svg_matrix svg_fit_view_box(const double vb[4], double w, double h, const char *par)
{
	double sx = w / vb[2], sy = h / vb[3];
	const char *p = par ? par : "";
	while (*p == ' ')
		p++;
	if (svg_starts_with(p, "defer"))
		p += 5;
	while (*p == ' ')
		p++;
	ov_svg_matrix m = svg_identity;
	if (!svg_starts_with(p, "none")) {
		bool slice = strstr(p, "slice") != NULL;
		double s = slice ? (sx > sy ? sx : sy) : (sx < sy ? sx : sy);
		sx = sy = s;
		double tx = 0, ty = 0;
		if (strstr(p, "xMid") || !*p)
			tx = (w - vb[2] * s) / 2;
		else if (strstr(p, "xMax"))
			tx = w - vb[2] * s;
		if (strstr(p, "YMid") || !*p)
			ty = (h - vb[3] * s) / 2;
		else if (strstr(p, "YMax"))
			ty = h - vb[3] * s;
		m.e = tx;
		m.f = ty;
	}
	m.a = sx;
	m.d = sy;
	m.e -= vb[0] * sx;
	m.f -= vb[1] * sy;
	return m;
}

bool svg_parse_view_box(const xmlNode *n, double vb[4])
{
	char *v = svg_prop_attr(n, "viewBox");
	const char *s = v;
	bool ok = v != NULL;
	for (int i = 0; ok && i < 4; i++) {
		ok = svg_number(&s, &vb[i]);
		svg_skip_sep(&s);
	}
	xmlFree(v);
	return ok && vb[2] > 0 && vb[3] > 0;
}

static void draw(builder *b, const xmlNode *n, const style *parent, ov_svg_matrix m);

/* The children of n, drawn in order. */
static void draw_children(builder *b, const xmlNode *n, const style *st, ov_svg_matrix m)
{
	for (const xmlNode *c = n->children; c && !b->z->failed; c = c->next)
		if (c->type == XML_ELEMENT_NODE)
			draw(b, c, st, m);
}

/* A new viewport of w x h at (x, y) in the user space m maps (nested
 * <svg>, or <symbol> through <use>: SVG 1.1 §7.9), clipped to unless its
 * overflow is visible; its content drawn with its viewBox. */
void svg_draw_viewport(builder *b, const xmlNode *vp, const style *st, const element_props *ep,
                          ov_svg_matrix m, double x, double y, double w, double h)
{
	if (w <= 0 || h <= 0)
		return; /* §7.9: a zero width or height draws nothing */
	const double *clip = b->clip;
	size_t clip_count = b->clip_count;
	double saved_w = b->vw, saved_h = b->vh;
	if (!ep->overflow_visible) {
		double *q = ov_arena_alloc(b->arena, (clip_count + 1) * 8 * sizeof *q);
		if (clip_count)
			memcpy(q, clip, clip_count * 8 * sizeof *q);
		double corners[4][2] = {{x, y}, {x + w, y}, {x + w, y + h}, {x, y + h}};
		for (int i = 0; i < 4; i++) {
			q[clip_count * 8 + 2 * i] = m.a * corners[i][0] + m.c * corners[i][1] + m.e;
			q[clip_count * 8 + 2 * i + 1] = m.b * corners[i][0] + m.d * corners[i][1] + m.f;
		}
		b->clip = q;
		b->clip_count = clip_count + 1;
	}
	ov_svg_matrix inner = svg_mul(m, (ov_svg_matrix){1, 0, 0, 1, x, y});
	double vb[4];
	if (svg_parse_view_box(vp, vb)) {
		char *par = svg_prop_attr(vp, "preserveAspectRatio");
		inner = svg_mul(inner, svg_fit_view_box(vb, w, h, par));
		xmlFree(par);
		b->vw = vb[2];
		b->vh = vb[3];
	} else {
		b->vw = w;
		b->vh = h;
	}
	draw_children(b, vp, st, inner);
	b->clip = clip;
	b->clip_count = clip_count;
	b->vw = saved_w;
	b->vh = saved_h;
}

/* ---- text ---- */

typedef struct {
	bool space;      /* the text so far ends with a space (collapsed away at the next) */
	bool started;    /* some text was set */
	ov_buf run;
} text_state;

static void text_item(builder *b, const xmlNode *n, const style *st, ov_svg_matrix m, bool abs_x, bool abs_y,
                      double x, double y, double dx, double dy, const char *text)
{
	if (!*text || !st->visible || !st->fill_on)
		return;
	/* text is set in the book's fonts along the page's axes: a rotated,
	 * skewed or unevenly scaled text goes to librsvg */
	double tol = 1e-9 * (fabs(m.a) + fabs(m.d));
	if (fabs(m.b) > tol || fabs(m.c) > tol || m.a <= 0 || m.d <= 0 || fabs(m.a - m.d) > 1e-6 * m.a) {
		svg_need_raster(b, "rotated or skewed text");
		return;
	}
	if (st->fill_reason)
		svg_need_raster(b, st->fill_reason);
	if (st->fill_opacity < 1)
		svg_need_raster(b, "transparent text");
	if (too_many(b, n))
		return;
	if (b->texts.count == b->texts.cap) {
		b->texts.cap = b->texts.cap ? b->texts.cap * 2 : 8;
		b->texts.v = ov_xrealloc(b->texts.v, b->texts.cap * sizeof *b->texts.v);
	}
	ov_svg_text *t = &b->texts.v[b->texts.count++];
	memset(t, 0, sizeof *t);
	t->abs_x = abs_x;
	t->abs_y = abs_y;
	t->x = m.a * x + m.e;
	t->y = m.d * y + m.f;
	t->dx = m.a * dx;
	t->dy = m.d * dy;
	t->size = st->font_size * m.a;
	t->bold = st->bold;
	t->italic = st->italic;
	t->mono = st->mono;
	t->anchor = st->anchor;
	t->color = st->fill_current ? st->color : st->fill;
	t->text = ov_arena_strdup(b->arena, text);
}

/* The characters of a <text> or <tspan>, with white space as
 * xml:space="default" makes it (SVG 1.1 §10.15): new lines removed, tabs
 * made spaces, runs of spaces one, leading spaces of the element gone. */
static void text_content(builder *b, const xmlNode *el, const style *parent, ov_svg_matrix m, text_state *ts)
{
	style st;
	element_props ep;
	svg_element_style(b, el, parent, &st, &ep);
	if (ep.hidden)
		return;
	if (ep.reason)
		svg_need_raster(b, ep.reason);
	if (ep.opacity < 1)
		svg_need_raster(b, "transparent text");
	char *xs = svg_prop_attr(el, "x"), *ys = svg_prop_attr(el, "y");
	bool abs_x = xs != NULL, abs_y = ys != NULL;
	xmlFree(xs);
	xmlFree(ys);
	double x = svg_len_attr(b, el, "x", b->vw, st.font_size, 0), y = svg_len_attr(b, el, "y", b->vh, st.font_size, 0);
	double dx = svg_len_attr(b, el, "dx", b->vw, st.font_size, 0), dy = svg_len_attr(b, el, "dy", b->vh, st.font_size, 0);
	bool pending = true; /* the position above not yet given to a run */
	for (const xmlNode *c = el->children; c && !b->z->failed; c = c->next) {
		if (c->type == XML_ELEMENT_NODE) {
			if (strcmp((const char *)c->name, "tspan") == 0)
				text_content(b, c, &st, m, ts);
			else if (strcmp((const char *)c->name, "textPath") == 0)
				svg_need_raster(b, "text on a path");
			continue;
		}
		if (!c->content)
			continue;
		ov_buf_clear(&ts->run);
		for (const char *p = (const char *)c->content; *p; p++) {
			char ch = *p;
			if (ch == '\n' || ch == '\r')
				continue;
			if (ch == '\t')
				ch = ' ';
			if (ch == ' ') {
				if (ts->space || !ts->started)
					continue;
				ts->space = true;
			} else {
				ts->space = false;
				ts->started = true;
			}
			ov_buf_putc(&ts->run, ch);
		}
		if (!ts->run.len)
			continue;
		text_item(b, el, &st, m, pending && abs_x, pending && abs_y, x, y, pending ? dx : 0, pending ? dy : 0,
		          ov_buf_cstr(&ts->run));
		pending = false;
	}
}

static void draw_text(builder *b, const xmlNode *n, const style *st, ov_svg_matrix m)
{
	text_state ts = {0};
	size_t first = b->texts.count;
	text_content(b, n, st, m, &ts);
	ov_buf_dispose(&ts.run);
	if (first == b->texts.count)
		return;
	/* the text element's first run opens a chunk even without x, y */
	b->texts.v[first].abs_x = b->texts.v[first].abs_y = true;
	/* trailing white space of the element goes (§10.15) */
	ov_svg_text *last = &b->texts.v[b->texts.count - 1];
	size_t len = strlen(last->text);
	if (len && last->text[len - 1] == ' ')
		((char *)last->text)[len - 1] = 0;
}

/* ---- the walk ---- */

static void draw(builder *b, const xmlNode *n, const style *parent, ov_svg_matrix m)
{
	const char *name = (const char *)n->name;
	if (too_many(b, n))
		return;
	/* not drawn where they stand: referenced (defs, symbol, paint
	 * servers, clip paths, masks, markers, filters) or not drawings */
	static const char *const undrawn[] = {"defs", "symbol", "title", "desc", "linearGradient",
	                                      "radialGradient", "pattern", "clipPath", "mask", "marker",
	                                      "filter", "stop"};
	if (svg_in_list(undrawn, sizeof undrawn / sizeof *undrawn, name))
		return;
	if (strcmp(name, "style") == 0) {
		char *css = (char *)xmlNodeGetContent(n);
		if (css && *svg_trim(css))
			svg_need_raster(b, "a style sheet");
		xmlFree(css);
		return;
	}
	style st;
	element_props ep;
	svg_element_style(b, n, parent, &st, &ep);
	if (ep.hidden)
		return;
	if (ep.reason)
		svg_need_raster(b, ep.reason);
	static const char *const shapes[] = {"path", "rect", "circle", "ellipse", "line", "polyline", "polygon"};
	if (ep.opacity < 1 && !svg_in_list(shapes, sizeof shapes / sizeof *shapes, name))
		svg_need_raster(b, "group opacity");
	if (!parse_transform(n, &m))
		return; /* SVG 1.1 §7.6: an error in the value; drawn as browsers do: not at all */
	if (strcmp(name, "g") == 0) {
		draw_children(b, n, &st, m);
	} else if (strcmp(name, "switch") == 0) {
		/* the first child (conditions are not evaluated: §5.8) */
		for (const xmlNode *c = n->children; c; c = c->next)
			if (c->type == XML_ELEMENT_NODE) {
				draw(b, c, &st, m);
				break;
			}
	} else if (strcmp(name, "svg") == 0) {
		double x = svg_len_attr(b, n, "x", b->vw, st.font_size, 0), y = svg_len_attr(b, n, "y", b->vh, st.font_size, 0);
		double w = svg_len_attr(b, n, "width", b->vw, st.font_size, b->vw);
		double h = svg_len_attr(b, n, "height", b->vh, st.font_size, b->vh);
		svg_draw_viewport(b, n, &st, &ep, m, x, y, w, h);
	} else if (strcmp(name, "use") == 0) {
		char *href = (char *)xmlGetNsProp(n, (const xmlChar *)"href", (const xmlChar *)XLINK_NS);
		if (!href)
			href = svg_prop_attr(n, "href");
		const xmlNode *t = NULL;
		if (href && href[0] == '#') {
			void **slot = ov_strmap_find(&b->ids, href + 1, strlen(href + 1));
			t = slot ? *slot : NULL;
		}
		xmlFree(href);
		/* §5.6: a reference to itself or to an ancestor is an error;
		 * beyond OV_SVG_MAX_USE_DEPTH nothing is drawn */
		for (const xmlNode *p = n; t && p; p = p->parent)
			if (p == t)
				t = NULL;
		for (unsigned i = 0; t && i < b->use_depth; i++)
			if (b->uses[i] == t)
				t = NULL;
		if (!t || b->use_depth >= OV_SVG_MAX_USE_DEPTH)
			return;
		double x = svg_len_attr(b, n, "x", b->vw, st.font_size, 0), y = svg_len_attr(b, n, "y", b->vh, st.font_size, 0);
		ov_svg_matrix um = svg_mul(m, (ov_svg_matrix){1, 0, 0, 1, x, y});
		b->uses[b->use_depth++] = t;
		const char *tn = (const char *)t->name;
		if (strcmp(tn, "symbol") == 0 || strcmp(tn, "svg") == 0) {
			style ts;
			element_props tep;
			svg_element_style(b, t, &st, &ts, &tep);
			if (!tep.hidden) {
				if (tep.reason)
					svg_need_raster(b, tep.reason);
				if (tep.opacity < 1)
					svg_need_raster(b, "group opacity");
				double w = svg_len_attr(b, n, "width", b->vw, st.font_size,
				                    svg_len_attr(b, t, "width", b->vw, st.font_size, b->vw));
				double h = svg_len_attr(b, n, "height", b->vh, st.font_size,
				                    svg_len_attr(b, t, "height", b->vh, st.font_size, b->vh));
				svg_draw_viewport(b, t, &ts, &tep, um, 0, 0, w, h);
			}
		} else {
			draw(b, t, &st, um);
		}
		b->use_depth--;
	} else if (strcmp(name, "text") == 0) {
		draw_text(b, n, &st, m);
	} else if (strcmp(name, "image") == 0) {
		if (xmlHasProp(n, (const xmlChar *)"href"))
			svg_need_raster(b, "an embedded picture");
	} else {
		svg_path p = {0};
		bool can_fill;
		if (shape_path(b, n, &st, &p, &can_fill)) {
			add_shape(b, &st, ep.opacity, m, &p, can_fill, n);
			/* markers go on path, line, polyline and polygon (§11.6.1) */
			if (strcmp(name, "rect") && strcmp(name, "circle") && strcmp(name, "ellipse"))
				svg_draw_markers(b, &st, m, &p);
		}
		svg_path_free(&p);
	}
}

static void collect_ids(ov_strmap *ids, xmlNode *n)
{
	for (xmlNode *c = n; c; c = c->next) {
		if (c->type != XML_ELEMENT_NODE)
			continue;
		char *id = (char *)xmlGetNoNsProp(c, (const xmlChar *)"id");
		if (id) {
			bool found;
			void **slot = ov_strmap_slot(ids, id, strlen(id), &found);
			if (!found) /* the first element with an id is the one */
				*slot = c;
			xmlFree(id);
		}
		collect_ids(ids, c->children);
	}
}

/* The intrinsic size (SVG 2 §8.2, CSS 2 §10.3.2 for replaced elements):
 * width and height in absolute units; a missing or percentage one from the
 * other and the viewBox's ratio, or the viewBox's; else 300 x 150. */
static void intrinsic_size(const xmlNode *root, double *w, double *h)
{
	double vb[4];
	bool has_vb = svg_parse_view_box(root, vb);
	char *ws = svg_prop_attr(root, "width"), *hs = svg_prop_attr(root, "height");
	double wv = -1, hv = -1;
	if (ws && !strchr(ws, '%') && (!svg_length(ws, 16, 0, &wv) || wv <= 0))
		wv = -1;
	if (hs && !strchr(hs, '%') && (!svg_length(hs, 16, 0, &hv) || hv <= 0))
		hv = -1;
	xmlFree(ws);
	xmlFree(hs);
	if (wv > 0 && hv > 0) {
		*w = wv;
		*h = hv;
	} else if (has_vb) {
		*w = wv > 0 ? wv : hv > 0 ? hv * vb[2] / vb[3] : vb[2];
		*h = hv > 0 ? hv : wv > 0 ? wv * vb[3] / vb[2] : vb[3];
	} else {
		*w = wv > 0 ? wv : 300;
		*h = hv > 0 ? hv : 150;
	}
}

static void root_title(ov_arena *arena, const xmlNode *root, ov_svg *s)
{
	for (const xmlNode *c = root->children; c; c = c->next)
		if (c->type == XML_ELEMENT_NODE && strcmp((const char *)c->name, "title") == 0) {
			char *t = (char *)xmlNodeGetContent(c);
			if (t && *svg_trim(t))
				s->title = ov_arena_strdup(arena, svg_trim(t));
			xmlFree(t);
			return;
		}
}

void svg_draw(ov_arena *arena, svg_sanitizer *z, xmlNode *root, ov_svg *s)
{
	intrinsic_size(root, &s->width, &s->height);
	root_title(arena, root, s);
	builder b;
	memset(&b, 0, sizeof b);
	b.arena = arena;
	b.z = z;
	b.ids = (ov_strmap)OV_STRMAP_INIT;
	collect_ids(&b.ids, root);
	b.vw = s->width;
	b.vh = s->height;
	style st = {0};
	st.fill_on = true; /* SVG 1.1 §11.2: fill black, stroke none, width 1 */
	st.fill_opacity = st.stroke_opacity = 1;
	st.line_width = 1;
	st.miter = 4;
	st.font_size = 16;
	st.visible = true;
	b.root_style = st;
	element_props ep;
	style rs;
	svg_element_style(&b, root, &st, &rs, &ep);
	if (ep.reason)
		svg_need_raster(&b, ep.reason);
	if (ep.opacity < 1)
		svg_need_raster(&b, "group opacity");
	if (!ep.hidden) {
		ep.overflow_visible = true; /* the root's viewport is clipped to by the writer */
		svg_draw_viewport(&b, root, &rs, &ep, svg_identity, 0, 0, s->width, s->height);
	}
	ov_strmap_dispose(&b.ids, NULL);
	s->shapes = ov_arena_alloc(arena, (b.shapes.count ? b.shapes.count : 1) * sizeof *s->shapes);
	if (b.shapes.count)
		memcpy(s->shapes, b.shapes.v, b.shapes.count * sizeof *s->shapes);
	s->shape_count = b.shapes.count;
	s->texts = ov_arena_alloc(arena, (b.texts.count ? b.texts.count : 1) * sizeof *s->texts);
	if (b.texts.count)
		memcpy(s->texts, b.texts.v, b.texts.count * sizeof *s->texts);
	s->text_count = b.texts.count;
	free(b.shapes.v);
	free(b.texts.v);
	s->raster_reason = b.reason;
}
