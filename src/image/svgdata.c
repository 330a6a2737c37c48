/*
 * svgdata.c - the grammars of SVG's attribute values: numbers and lengths
 * (SVG 1.1 §4.2), path data (§8.3) with arcs turned into cubic curves
 * (§F.6), transform lists (§7.6), colours (§4.2, CSS 2's keywords and
 * notations, SVG's 147 colour keywords).
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "svgint.h"
#include "util/arena.h"
#include "util/utf8.h"

#define PI 3.14159265358979323846

const ov_svg_matrix svg_identity = {1, 0, 0, 1, 0, 0};

ov_svg_matrix svg_mul(ov_svg_matrix a, ov_svg_matrix b)
{
	ov_svg_matrix r;
	r.a = a.a * b.a + a.c * b.b;
	r.b = a.b * b.a + a.d * b.b;
	r.c = a.a * b.c + a.c * b.d;
	r.d = a.b * b.c + a.d * b.d;
	r.e = a.a * b.e + a.c * b.f + a.e;
	r.f = a.b * b.e + a.d * b.f + a.f;
	return r;
}

static bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f'; }

static void skip_space(const char **s)
{
	while (is_space(**s))
		(*s)++;
}

void svg_skip_sep(const char **s)
{
	skip_space(s);
	if (**s == ',') {
		(*s)++;
		skip_space(s);
	}
}

/* SVG 1.1 §4.2 "number" (and path data's "number", §8.3.9): sign, digits,
 * fraction, exponent; "1.5.5" is two numbers. Hand-written rather than
 * strtod, which takes "inf", "nan", hexadecimal and the locale's point. */
bool svg_number(const char **s, double *v)
{
	skip_space(s);
	const char *p = *s;
	double sign = 1;
	if (*p == '+' || *p == '-')
		sign = *p++ == '-' ? -1 : 1;
	double ip = 0;
	bool digits = false;
	while (*p >= '0' && *p <= '9') {
		ip = ip * 10 + (*p++ - '0');
		digits = true;
	}
	if (*p == '.' && p[1] >= '0' && p[1] <= '9') {
		p++;
		double scale = 0.1;
		while (*p >= '0' && *p <= '9') {
			ip += (*p++ - '0') * scale;
			scale /= 10;
		}
		digits = true;
	} else if (*p == '.' && digits) {
		p++;
	}
	if (!digits)
		return false;
	if ((*p == 'e' || *p == 'E') && (p[1] == '+' || p[1] == '-' || (p[1] >= '0' && p[1] <= '9'))) {
		const char *q = p + 1;
		int es = 1, e = 0;
		if (*q == '+' || *q == '-')
			es = *q++ == '-' ? -1 : 1;
		if (*q >= '0' && *q <= '9') {
			while (*q >= '0' && *q <= '9') {
				if (e < 400)
					e = e * 10 + (*q - '0');
				q++;
			}
			ip *= pow(10, es * e);
			p = q;
		}
	}
	double r = sign * ip;
	if (!isfinite(r))
		return false;
	*v = r;
	*s = p;
	return true;
}

bool svg_length(const char *s, double em, double pct, double *px)
{
	double v;
	if (!s || !svg_number(&s, &v))
		return false;
	/* CSS units: 96 px to the inch (CSS Values 3 §6.2) */
	static const struct {
		const char *unit;
		double px;
	} units[] = {{"px", 1}, {"pt", 96.0 / 72}, {"pc", 16}, {"mm", 96 / 25.4}, {"cm", 96 / 2.54},
	             {"in", 96}, {"Q", 96 / 101.6}};
	skip_space(&s);
	double f = 1;
	if (*s == '%') {
		f = pct / 100;
		s++;
	} else if (s[0] == 'e' && s[1] == 'm') {
		f = em;
		s += 2;
	} else if (s[0] == 'e' && s[1] == 'x') {
		f = em / 2;
		s += 2;
	} else {
		for (size_t i = 0; i < sizeof units / sizeof *units; i++) {
			size_t n = strlen(units[i].unit);
			if (strncmp(s, units[i].unit, n) == 0) {
				f = units[i].px;
				s += n;
				break;
			}
		}
	}
	skip_space(&s);
	if (*s)
		return false;
	*px = v * f;
	return isfinite(*px);
}

/* ---- paths ---- */

void svg_path_op(svg_path *p, int op, const double *xy, size_t pairs)
{
	if (p->op_count == p->op_cap) {
		p->op_cap = p->op_cap ? p->op_cap * 2 : 16;
		p->ops = ov_xrealloc(p->ops, p->op_cap);
	}
	p->ops[p->op_count++] = (uint8_t)op;
	if (p->pt_count + 2 * pairs > p->pt_cap) {
		p->pt_cap = p->pt_cap ? p->pt_cap * 2 : 32;
		if (p->pt_cap < p->pt_count + 2 * pairs)
			p->pt_cap = p->pt_count + 2 * pairs;
		p->pts = ov_xrealloc(p->pts, p->pt_cap * sizeof *p->pts);
	}
	if (pairs)
		memcpy(p->pts + p->pt_count, xy, 2 * pairs * sizeof *xy);
	p->pt_count += 2 * pairs;
}

void svg_path_free(svg_path *p)
{
	free(p->ops);
	free(p->pts);
	memset(p, 0, sizeof *p);
}

static double vec_angle(double ux, double uy, double vx, double vy)
{
	double a = atan2(uy, ux), b = atan2(vy, vx), d = b - a;
	return d;
}

void svg_path_arc(svg_path *p, double x1, double y1, double rx, double ry, double phi, bool large,
                  bool sweep, double x2, double y2)
{
	/* §F.6.2: an arc between one point and itself is omitted; §F.6.6: a
	 * zero radius makes it a straight line; negative radii count as their
	 * absolute values */
	if (x1 == x2 && y1 == y2)
		return;
	rx = fabs(rx);
	ry = fabs(ry);
	if (rx == 0 || ry == 0) {
		double xy[2] = {x2, y2};
		svg_path_op(p, OV_SVG_LINE, xy, 1);
		return;
	}
	double cp = cos(phi * PI / 180), sp = sin(phi * PI / 180);
	/* §F.6.5 step 1: (x1', y1') */
	double dx = (x1 - x2) / 2, dy = (y1 - y2) / 2;
	double x1p = cp * dx + sp * dy, y1p = -sp * dx + cp * dy;
	/* §F.6.6 step 3: radii too small are scaled up */
	double lambda = (x1p * x1p) / (rx * rx) + (y1p * y1p) / (ry * ry);
	if (lambda > 1) {
		double s = sqrt(lambda);
		rx *= s;
		ry *= s;
	}
	/* step 2: the centre (cx', cy'), then (cx, cy) */
	double num = rx * rx * ry * ry - rx * rx * y1p * y1p - ry * ry * x1p * x1p;
	double den = rx * rx * y1p * y1p + ry * ry * x1p * x1p;
	double coef = den > 0 && num > 0 ? sqrt(num / den) : 0;
	if (large == sweep)
		coef = -coef;
	double cxp = coef * rx * y1p / ry, cyp = -coef * ry * x1p / rx;
	double cx = cp * cxp - sp * cyp + (x1 + x2) / 2, cy = sp * cxp + cp * cyp + (y1 + y2) / 2;
	/* step 4: the start angle and the sweep */
	double ux = (x1p - cxp) / rx, uy = (y1p - cyp) / ry;
	double vx = (-x1p - cxp) / rx, vy = (-y1p - cyp) / ry;
	double theta = atan2(uy, ux);
	double delta = fmod(vec_angle(ux, uy, vx, vy), 2 * PI);
	if (!sweep && delta > 0)
		delta -= 2 * PI;
	else if (sweep && delta < 0)
		delta += 2 * PI;
	/* at most a quarter turn per cubic curve: the error of the
	 * approximation 4/3 tan(t/4) is below 0.03% of the radius there */
	int n = (int)ceil(fabs(delta) / (PI / 2) - 1e-9);
	if (n < 1)
		n = 1;
	double step = delta / n, k = 4.0 / 3.0 * tan(step / 4);
	for (int i = 0; i < n; i++) {
		double t1 = theta + i * step, t2 = t1 + step;
		double c1 = cos(t1), s1 = sin(t1), c2 = cos(t2), s2 = sin(t2);
		double ex[3] = {c1 - k * s1, c2 + k * s2, c2}, ey[3] = {s1 + k * c1, s2 - k * c2, s2};
		double xy[6];
		for (int j = 0; j < 3; j++) {
			xy[2 * j] = cx + rx * cp * ex[j] - ry * sp * ey[j];
			xy[2 * j + 1] = cy + rx * sp * ex[j] + ry * cp * ey[j];
		}
		if (i == n - 1) { /* end exactly where the arc was asked to */
			xy[4] = x2;
			xy[5] = y2;
		}
		svg_path_op(p, OV_SVG_CURVE, xy, 3);
	}
}

void svg_path_ellipse(svg_path *p, double cx, double cy, double rx, double ry)
{
	double m[2] = {cx + rx, cy};
	svg_path_op(p, OV_SVG_MOVE, m, 1);
	svg_path_arc(p, cx + rx, cy, rx, ry, 0, false, true, cx, cy + ry);
	svg_path_arc(p, cx, cy + ry, rx, ry, 0, false, true, cx - rx, cy);
	svg_path_arc(p, cx - rx, cy, rx, ry, 0, false, true, cx, cy - ry);
	svg_path_arc(p, cx, cy - ry, rx, ry, 0, false, true, cx + rx, cy);
	svg_path_op(p, OV_SVG_CLOSE, NULL, 0);
}

/* A flag of an arc (§8.3.8: "0" or "1", possibly not separated). */
static bool flag(const char **s, bool *f)
{
	skip_space(s);
	if (**s != '0' && **s != '1')
		return false;
	*f = **s == '1';
	(*s)++;
	svg_skip_sep(s);
	return true;
}

void svg_path_data(svg_path *p, const char *d)
{
	const char *s = d;
	double cx = 0, cy = 0;   /* current point */
	double sx = 0, sy = 0;   /* start of the subpath */
	double rx = 0, ry = 0;   /* reflection of the last control point */
	char prev = 0, cmd = 0;
	bool open = false;       /* a subpath has begun (moveto seen) */
	for (;;) {
		skip_space(&s);
		if (!*s)
			break;
		char c = *s;
		if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z')) {
			cmd = c;
			s++;
			if (c == 'Z' || c == 'z') {
				if (open) {
					svg_path_op(p, OV_SVG_CLOSE, NULL, 0);
					cx = sx;
					cy = sy;
				}
				prev = 'Z';
				continue;
			}
		} else if (!cmd || cmd == 'Z' || cmd == 'z') {
			return; /* a number without a command */
		}
		bool rel = cmd >= 'a';
		char up = (char)(rel ? cmd - 32 : cmd);
		if (up != 'M' && !open)
			return; /* §8.3.2: path data begins with a moveto */
		double v[7];
		int need = up == 'M' || up == 'L' || up == 'T' ? 2 : up == 'H' || up == 'V' ? 1
		           : up == 'C' ? 6 : up == 'S' || up == 'Q' ? 4 : up == 'A' ? 7 : -1;
		if (need < 0)
			return;
		for (int i = 0; i < need; i++) {
			if (up == 'A' && (i == 3 || i == 4)) {
				bool f;
				if (!flag(&s, &f))
					return;
				v[i] = f;
				continue;
			}
			if (!svg_number(&s, &v[i]))
				return;
			svg_skip_sep(&s);
		}
		double ox = rel ? cx : 0, oy = rel ? cy : 0;
		double xy[6];
		switch (up) {
		case 'M':
			cx = sx = v[0] + ox;
			cy = sy = v[1] + oy;
			xy[0] = cx;
			xy[1] = cy;
			svg_path_op(p, OV_SVG_MOVE, xy, 1);
			open = true;
			/* §8.3.3: coordinates after a moveto are linetos */
			cmd = rel ? 'l' : 'L';
			break;
		case 'L':
		case 'H':
		case 'V':
			if (up == 'L') {
				cx = v[0] + ox;
				cy = v[1] + oy;
			} else if (up == 'H') {
				cx = v[0] + ox;
			} else {
				cy = v[0] + oy;
			}
			xy[0] = cx;
			xy[1] = cy;
			svg_path_op(p, OV_SVG_LINE, xy, 1);
			break;
		case 'C':
		case 'S': {
			double x1, y1;
			int k = 0;
			if (up == 'S') {
				/* §8.3.6: the reflection of the previous curve's second
				 * control point, or the current point */
				bool after = prev == 'C' || prev == 'S';
				x1 = after ? 2 * cx - rx : cx;
				y1 = after ? 2 * cy - ry : cy;
			} else {
				x1 = v[0] + ox;
				y1 = v[1] + oy;
				k = 2;
			}
			xy[0] = x1;
			xy[1] = y1;
			xy[2] = v[k] + ox;
			xy[3] = v[k + 1] + oy;
			xy[4] = v[k + 2] + ox;
			xy[5] = v[k + 3] + oy;
			svg_path_op(p, OV_SVG_CURVE, xy, 3);
			rx = xy[2];
			ry = xy[3];
			cx = xy[4];
			cy = xy[5];
			break;
		}
		case 'Q':
		case 'T': {
			double qx, qy, ex, ey;
			if (up == 'T') {
				bool after = prev == 'Q' || prev == 'T';
				qx = after ? 2 * cx - rx : cx;
				qy = after ? 2 * cy - ry : cy;
				ex = v[0] + ox;
				ey = v[1] + oy;
			} else {
				qx = v[0] + ox;
				qy = v[1] + oy;
				ex = v[2] + ox;
				ey = v[3] + oy;
			}
			/* a quadratic curve is the cubic with control points two
			 * thirds of the way to its control point */
			xy[0] = cx + 2.0 / 3 * (qx - cx);
			xy[1] = cy + 2.0 / 3 * (qy - cy);
			xy[2] = ex + 2.0 / 3 * (qx - ex);
			xy[3] = ey + 2.0 / 3 * (qy - ey);
			xy[4] = ex;
			xy[5] = ey;
			svg_path_op(p, OV_SVG_CURVE, xy, 3);
			rx = qx;
			ry = qy;
			cx = ex;
			cy = ey;
			break;
		}
		case 'A': {
			double ex = v[5] + ox, ey = v[6] + oy;
			svg_path_arc(p, cx, cy, v[0], v[1], v[2], v[3] != 0, v[4] != 0, ex, ey);
			cx = ex;
			cy = ey;
			break;
		}
		}
		prev = up;
	}
}

size_t ov_svg_path_parse(const char *d, uint8_t **ops, double **pts)
{
	svg_path p = {0};
	svg_path_data(&p, d);
	*ops = p.ops;
	*pts = p.pts;
	return p.op_count;
}

/* ---- transforms (SVG 1.1 §7.6) ---- */

bool ov_svg_transform_parse(const char *s, ov_svg_matrix *out)
{
	static const struct {
		const char *name;
		int min, max;
	} fns[] = {{"matrix", 6, 6}, {"translate", 1, 2}, {"scale", 1, 2}, {"rotate", 1, 3},
	           {"skewX", 1, 1}, {"skewY", 1, 1}};
	ov_svg_matrix m = svg_identity;
	for (;;) {
		svg_skip_sep(&s);
		if (!*s)
			break;
		size_t f = 0, n = 0;
		for (; f < sizeof fns / sizeof *fns; f++) {
			n = strlen(fns[f].name);
			if (strncmp(s, fns[f].name, n) == 0)
				break;
		}
		if (f == sizeof fns / sizeof *fns)
			return false;
		s += n;
		skip_space(&s);
		if (*s++ != '(')
			return false;
		double v[6];
		int k = 0;
		for (;;) {
			skip_space(&s);
			if (*s == ')') {
				s++;
				break;
			}
			if (k == 6 || !svg_number(&s, &v[k++]))
				return false;
			svg_skip_sep(&s);
		}
		if (k < fns[f].min || k > fns[f].max || (f == 3 && k == 2))
			return false;
		ov_svg_matrix t = svg_identity;
		switch (f) {
		case 0:
			t = (ov_svg_matrix){v[0], v[1], v[2], v[3], v[4], v[5]};
			break;
		case 1:
			t.e = v[0];
			t.f = k > 1 ? v[1] : 0;
			break;
		case 2:
			t.a = v[0];
			t.d = k > 1 ? v[1] : v[0];
			break;
		case 3: {
			double r = v[0] * PI / 180;
			t = (ov_svg_matrix){cos(r), sin(r), -sin(r), cos(r), 0, 0};
			if (k == 3) { /* rotate(a, x, y): about (x, y) */
				ov_svg_matrix to = {1, 0, 0, 1, v[1], v[2]}, back = {1, 0, 0, 1, -v[1], -v[2]};
				t = svg_mul(svg_mul(to, t), back);
			}
			break;
		}
		case 4:
			t.c = tan(v[0] * PI / 180);
			break;
		case 5:
			t.b = tan(v[0] * PI / 180);
			break;
		}
		m = svg_mul(m, t);
	}
	if (!isfinite(m.a) || !isfinite(m.b) || !isfinite(m.c) || !isfinite(m.d) || !isfinite(m.e) ||
	    !isfinite(m.f))
		return false;
	*out = m;
	return true;
}

/* ---- colours ---- */

/* SVG 1.1 §4.4's colour keywords, sorted for a binary search. */
typedef struct {
	const char *name;
	uint32_t rgb;
} named_color;

static const named_color colors[] = {
	{"aliceblue", 0xf0f8ff}, {"antiquewhite", 0xfaebd7}, {"aqua", 0x00ffff}, {"aquamarine", 0x7fffd4},
	{"azure", 0xf0ffff}, {"beige", 0xf5f5dc}, {"bisque", 0xffe4c4}, {"black", 0x000000},
	{"blanchedalmond", 0xffebcd}, {"blue", 0x0000ff}, {"blueviolet", 0x8a2be2}, {"brown", 0xa52a2a},
	{"burlywood", 0xdeb887}, {"cadetblue", 0x5f9ea0}, {"chartreuse", 0x7fff00}, {"chocolate", 0xd2691e},
	{"coral", 0xff7f50}, {"cornflowerblue", 0x6495ed}, {"cornsilk", 0xfff8dc}, {"crimson", 0xdc143c},
	{"cyan", 0x00ffff}, {"darkblue", 0x00008b}, {"darkcyan", 0x008b8b}, {"darkgoldenrod", 0xb8860b},
	{"darkgray", 0xa9a9a9}, {"darkgreen", 0x006400}, {"darkgrey", 0xa9a9a9}, {"darkkhaki", 0xbdb76b},
	{"darkmagenta", 0x8b008b}, {"darkolivegreen", 0x556b2f}, {"darkorange", 0xff8c00},
	{"darkorchid", 0x9932cc}, {"darkred", 0x8b0000}, {"darksalmon", 0xe9967a}, {"darkseagreen", 0x8fbc8f},
	{"darkslateblue", 0x483d8b}, {"darkslategray", 0x2f4f4f}, {"darkslategrey", 0x2f4f4f},
	{"darkturquoise", 0x00ced1}, {"darkviolet", 0x9400d3}, {"deeppink", 0xff1493},
	{"deepskyblue", 0x00bfff}, {"dimgray", 0x696969}, {"dimgrey", 0x696969}, {"dodgerblue", 0x1e90ff},
	{"firebrick", 0xb22222}, {"floralwhite", 0xfffaf0}, {"forestgreen", 0x228b22}, {"fuchsia", 0xff00ff},
	{"gainsboro", 0xdcdcdc}, {"ghostwhite", 0xf8f8ff}, {"gold", 0xffd700}, {"goldenrod", 0xdaa520},
	{"gray", 0x808080}, {"green", 0x008000}, {"greenyellow", 0xadff2f}, {"grey", 0x808080},
	{"honeydew", 0xf0fff0}, {"hotpink", 0xff69b4}, {"indianred", 0xcd5c5c}, {"indigo", 0x4b0082},
	{"ivory", 0xfffff0}, {"khaki", 0xf0e68c}, {"lavender", 0xe6e6fa}, {"lavenderblush", 0xfff0f5},
	{"lawngreen", 0x7cfc00}, {"lemonchiffon", 0xfffacd}, {"lightblue", 0xadd8e6}, {"lightcoral", 0xf08080},
	{"lightcyan", 0xe0ffff}, {"lightgoldenrodyellow", 0xfafad2}, {"lightgray", 0xd3d3d3},
	{"lightgreen", 0x90ee90}, {"lightgrey", 0xd3d3d3}, {"lightpink", 0xffb6c1}, {"lightsalmon", 0xffa07a},
	{"lightseagreen", 0x20b2aa}, {"lightskyblue", 0x87cefa}, {"lightslategray", 0x778899},
	{"lightslategrey", 0x778899}, {"lightsteelblue", 0xb0c4de}, {"lightyellow", 0xffffe0},
	{"lime", 0x00ff00}, {"limegreen", 0x32cd32}, {"linen", 0xfaf0e6}, {"magenta", 0xff00ff},
	{"maroon", 0x800000}, {"mediumaquamarine", 0x66cdaa}, {"mediumblue", 0x0000cd},
	{"mediumorchid", 0xba55d3}, {"mediumpurple", 0x9370db}, {"mediumseagreen", 0x3cb371},
	{"mediumslateblue", 0x7b68ee}, {"mediumspringgreen", 0x00fa9a}, {"mediumturquoise", 0x48d1cc},
	{"mediumvioletred", 0xc71585}, {"midnightblue", 0x191970}, {"mintcream", 0xf5fffa},
	{"mistyrose", 0xffe4e1}, {"moccasin", 0xffe4b5}, {"navajowhite", 0xffdead}, {"navy", 0x000080},
	{"oldlace", 0xfdf5e6}, {"olive", 0x808000}, {"olivedrab", 0x6b8e23}, {"orange", 0xffa500},
	{"orangered", 0xff4500}, {"orchid", 0xda70d6}, {"palegoldenrod", 0xeee8aa}, {"palegreen", 0x98fb98},
	{"paleturquoise", 0xafeeee}, {"palevioletred", 0xdb7093}, {"papayawhip", 0xffefd5},
	{"peachpuff", 0xffdab9}, {"peru", 0xcd853f}, {"pink", 0xffc0cb}, {"plum", 0xdda0dd},
	{"powderblue", 0xb0e0e6}, {"purple", 0x800080}, {"rebeccapurple", 0x663399}, {"red", 0xff0000},
	{"rosybrown", 0xbc8f8f}, {"royalblue", 0x4169e1}, {"saddlebrown", 0x8b4513}, {"salmon", 0xfa8072},
	{"sandybrown", 0xf4a460}, {"seagreen", 0x2e8b57}, {"seashell", 0xfff5ee}, {"sienna", 0xa0522d},
	{"silver", 0xc0c0c0}, {"skyblue", 0x87ceeb}, {"slateblue", 0x6a5acd}, {"slategray", 0x708090},
	{"slategrey", 0x708090}, {"snow", 0xfffafa}, {"springgreen", 0x00ff7f}, {"steelblue", 0x4682b4},
	{"tan", 0xd2b48c}, {"teal", 0x008080}, {"thistle", 0xd8bfd8}, {"tomato", 0xff6347},
	{"turquoise", 0x40e0d0}, {"violet", 0xee82ee}, {"wheat", 0xf5deb3}, {"white", 0xffffff},
	{"whitesmoke", 0xf5f5f5}, {"yellow", 0xffff00}, {"yellowgreen", 0x9acd32},
};

static int cmp_color(const void *k, const void *e)
{
	return strcmp(k, *(const char *const *)e);
}

bool ov_svg_color_parse(const char *s, uint32_t *rgb)
{
	while (is_space(*s))
		s++;
	size_t n = strlen(s);
	while (n && is_space(s[n - 1]))
		n--;
	if (n && s[0] == '#') {
		int h[6];
		if (n != 4 && n != 7)
			return false;
		for (size_t i = 1; i < n; i++)
			if ((h[i - 1] = ov_hex_value(s[i])) < 0)
				return false;
		if (n == 4)
			*rgb = (uint32_t)(h[0] * 17) << 16 | (uint32_t)(h[1] * 17) << 8 | (uint32_t)(h[2] * 17);
		else
			*rgb = (uint32_t)(h[0] << 4 | h[1]) << 16 | (uint32_t)(h[2] << 4 | h[3]) << 8 |
			       (uint32_t)(h[4] << 4 | h[5]);
		return true;
	}
	if (n > 4 && (strncmp(s, "rgb(", 4) == 0 || strncmp(s, "rgba(", 5) == 0)) {
		const char *p = s + (s[3] == '(' ? 4 : 5);
		uint32_t out = 0;
		for (int i = 0; i < 3; i++) {
			double v;
			if (!svg_number(&p, &v))
				return false;
			skip_space(&p);
			if (*p == '%') {
				v = v * 255 / 100;
				p++;
			}
			v = v < 0 ? 0 : v > 255 ? 255 : v;
			out = out << 8 | (uint32_t)lround(v);
			svg_skip_sep(&p);
		}
		/* an alpha value is read past: the caller sees transparency
		 * through the opacity properties only */
		double alpha;
		if (svg_number(&p, &alpha)) {
			skip_space(&p);
			if (*p == '%')
				p++;
		}
		skip_space(&p);
		if (*p != ')')
			return false;
		*rgb = out;
		return true;
	}
	char key[24];
	if (n == 0 || n >= sizeof key)
		return false;
	for (size_t i = 0; i < n; i++)
		key[i] = (char)(s[i] >= 'A' && s[i] <= 'Z' ? s[i] + 32 : s[i]);
	key[n] = 0;
	const void *hit = bsearch(key, colors, sizeof colors / sizeof *colors, sizeof *colors, cmp_color);
	if (!hit)
		return false;
	*rgb = ((const named_color *)hit)->rgb;
	return true;
}
