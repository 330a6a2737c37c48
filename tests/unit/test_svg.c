/* test_svg.c - SVG images (src/image/svg.h): path data with arcs turned
 * into cubic curves, transforms, colours, the intrinsic size, what the
 * sanitiser keeps and drops, what needs librsvg, entities refused. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "image/svg.h"
#include "util/diag.h"
#include "util/image.h"

#define NEAR(a, b) assert_true(fabs((a) - (b)) < 1e-6)

static void test_svg__path_commands(void **state)
{
	(void)state;
	uint8_t *ops;
	double *p;
	/* implicit lineto after a moveto, relative commands, H and V, Z */
	size_t n = ov_svg_path_parse("M10,20 30 40 l5-5 h10 v-10 H0 V0 z m 1 1", &ops, &p);
	assert_int_equal(n, 9);
	static const uint8_t want[] = {OV_SVG_MOVE, OV_SVG_LINE, OV_SVG_LINE, OV_SVG_LINE, OV_SVG_LINE,
	                               OV_SVG_LINE, OV_SVG_LINE, OV_SVG_CLOSE, OV_SVG_MOVE};
	assert_memory_equal(ops, want, 9);
	static const double pts[] = {10, 20, 30, 40, 35, 35, 45, 35, 45, 25, 0, 25, 0, 0};
	for (size_t i = 0; i < sizeof pts / sizeof *pts; i++)
		NEAR(p[i], pts[i]);
	free(ops);
	free(p);
	/* "1.5.5" is two numbers; exponents; S reflects C's second control point */
	n = ov_svg_path_parse("M0 0C1.5.5 2 2 3 3S5 5 6 6", &ops, &p);
	assert_int_equal(n, 3);
	NEAR(p[2], 1.5);
	NEAR(p[3], 0.5);
	NEAR(p[8], 4); /* 2 * 3 - 2 */
	NEAR(p[9], 4);
	free(ops);
	free(p);
	/* a quadratic curve as a cubic: controls two thirds of the way */
	n = ov_svg_path_parse("M0 0Q3 3 6 0T12 0", &ops, &p);
	assert_int_equal(n, 3);
	NEAR(p[2], 2);
	NEAR(p[3], 2);
	NEAR(p[4], 4);
	NEAR(p[5], 2);
	NEAR(p[11], -2); /* T reflects (3, 3) about (6, 0): (9, -3) */
	free(ops);
	free(p);
	/* data must begin with a moveto; an error keeps what came before */
	assert_int_equal(ov_svg_path_parse("L 1 1", &ops, &p), 0);
	free(ops);
	free(p);
	assert_int_equal(ov_svg_path_parse("M 1 1 L 2 2 L x", &ops, &p), 2);
	free(ops);
	free(p);
}

/* The point of a cubic curve at t. */
static double bez(double a, double b, double c, double d, double t)
{
	double u = 1 - t;
	return u * u * u * a + 3 * u * u * t * b + 3 * u * t * t * c + t * t * t * d;
}

static void test_svg__arcs(void **state)
{
	(void)state;
	uint8_t *ops;
	double *p;
	/* a half circle of radius 40 over the top (sweep 1, y down) */
	size_t n = ov_svg_path_parse("M20 150 A40 40 0 0 1 100 150", &ops, &p);
	assert_int_equal(n, 3); /* moveto and two quarter-turn curves */
	assert_int_equal(ops[1], OV_SVG_CURVE);
	NEAR(p[12], 100); /* ends exactly at the end point */
	NEAR(p[13], 150);
	/* every curve's midpoint lies on the circle (to 0.03% of r) */
	double x0 = p[0], y0 = p[1];
	for (int k = 0; k < 2; k++) {
		const double *c = p + 2 + 6 * k;
		double mx = bez(x0, c[0], c[2], c[4], 0.5), my = bez(y0, c[1], c[3], c[5], 0.5);
		double r = hypot(mx - 60, my - 150);
		assert_true(fabs(r - 40) < 40 * 3e-4);
		assert_true(my < 150); /* above the chord */
		x0 = c[4];
		y0 = c[5];
	}
	free(ops);
	free(p);
	/* radii too small are scaled up (§F.6.6): a half circle of radius 50 */
	n = ov_svg_path_parse("M0 0 a1 1 0 0 0 100 0", &ops, &p);
	assert_int_equal(n, 3);
	double mx = bez(0, p[2], p[4], p[6], 0.5), my = bez(0, p[3], p[5], p[7], 0.5);
	assert_true(fabs(hypot(mx - 50, my) - 50) < 50 * 3e-4);
	assert_true(my > 0); /* sweep 0: below, y down */
	free(ops);
	free(p);
	/* a zero radius is a line; the large-arc flag picks the long way */
	n = ov_svg_path_parse("M0 0 A0 5 0 0 1 10 0", &ops, &p);
	assert_int_equal(n, 2);
	assert_int_equal(ops[1], OV_SVG_LINE);
	free(ops);
	free(p);
	n = ov_svg_path_parse("M0 0 A10 10 0 1 1 10 0", &ops, &p);
	assert_true(n >= 4); /* more than half a turn: three or four curves */
	free(ops);
	free(p);
	/* flags written without separators (§8.3.9) */
	n = ov_svg_path_parse("M0 0a5 5 0 1110 0", &ops, &p);
	assert_true(n >= 3);
	free(ops);
	free(p);
}

static void test_svg__transforms(void **state)
{
	(void)state;
	ov_svg_matrix m;
	assert_true(ov_svg_transform_parse("translate(10 20) scale(2)", &m));
	NEAR(m.a, 2);
	NEAR(m.d, 2);
	NEAR(m.e, 10);
	NEAR(m.f, 20);
	assert_true(ov_svg_transform_parse("rotate(90)", &m));
	NEAR(m.a, 0);
	NEAR(m.b, 1);
	NEAR(m.c, -1);
	NEAR(m.d, 0);
	/* rotate about a point: (10, 0) stays put */
	assert_true(ov_svg_transform_parse("rotate(180, 10, 0)", &m));
	NEAR(m.a * 10 + m.c * 0 + m.e, 10);
	NEAR(m.b * 10 + m.d * 0 + m.f, 0);
	assert_true(ov_svg_transform_parse("matrix(1,2,3,4,5,6)", &m));
	NEAR(m.c, 3);
	NEAR(m.f, 6);
	assert_true(ov_svg_transform_parse("skewX(45)", &m));
	NEAR(m.c, 1);
	assert_true(ov_svg_transform_parse("skewY(45)", &m));
	NEAR(m.b, 1);
	assert_true(ov_svg_transform_parse("scale(2,3),translate(1)", &m));
	NEAR(m.e, 2);
	NEAR(m.d, 3);
	assert_false(ov_svg_transform_parse("rotate(1, 2)", &m));
	assert_false(ov_svg_transform_parse("translate(1", &m));
	assert_false(ov_svg_transform_parse("spin(3)", &m));
	assert_false(ov_svg_transform_parse("scale(1e999)", &m));
}

static void test_svg__colors(void **state)
{
	(void)state;
	uint32_t c;
	assert_true(ov_svg_color_parse("#f00", &c));
	assert_int_equal(c, 0xff0000);
	assert_true(ov_svg_color_parse(" #1A2b3C ", &c));
	assert_int_equal(c, 0x1a2b3c);
	assert_true(ov_svg_color_parse("rgb(0, 128, 255)", &c));
	assert_int_equal(c, 0x0080ff);
	assert_true(ov_svg_color_parse("rgb(100%,0%,50%)", &c));
	assert_int_equal(c, 0xff0080);
	assert_true(ov_svg_color_parse("SteelBlue", &c));
	assert_int_equal(c, 0x4682b4);
	assert_true(ov_svg_color_parse("yellowgreen", &c));
	assert_int_equal(c, 0x9acd32);
	assert_false(ov_svg_color_parse("#12", &c));
	assert_false(ov_svg_color_parse("notacolor", &c));
	assert_false(ov_svg_color_parse("rgb(1,2)", &c));
}

static ov_svg *parse(ov_arena *a, ov_diag *d, const char *text)
{
	return ov_svg_parse(a, (const uint8_t *)text, strlen(text), d, (ov_pos){0, 1, 1}, "t.svg", "t.svg");
}

#define NS "xmlns='http://www.w3.org/2000/svg' "

static void test_svg__probe_and_size(void **state)
{
	(void)state;
	ov_image_info info;
	const char *s = "\xEF\xBB\xBF<?xml version='1.0'?>\n<!-- c --><!DOCTYPE svg [ <!ENTITY x \"]>\"> ]>\n<svg " NS "/>";
	assert_int_equal(ov_image_probe((const uint8_t *)s, strlen(s), &info), 0);
	assert_int_equal(info.format, OV_IMAGE_SVG);
	s = "<x:svg xmlns:x='http://www.w3.org/2000/svg'/>";
	assert_int_equal(ov_image_probe((const uint8_t *)s, strlen(s), &info), 0);
	s = "<svgx/>";
	assert_int_equal(ov_image_probe((const uint8_t *)s, strlen(s), &info), -1);
	s = "<html><svg/></html>";
	assert_int_equal(ov_image_probe((const uint8_t *)s, strlen(s), &info), -1);

	ov_arena a;
	ov_arena_init(&a);
	ov_diag d;
	ov_diag_init(&d);
	ov_svg *g = parse(&a, &d, "<svg " NS "width='2in' height='36pt'/>");
	NEAR(g->width, 192);
	NEAR(g->height, 48);
	g = parse(&a, &d, "<svg " NS "viewBox='0 0 40 10' width='100%'/>");
	NEAR(g->width, 40);
	NEAR(g->height, 10);
	g = parse(&a, &d, "<svg " NS "viewBox='0 0 40 10' height='5mm'/>");
	NEAR(g->height, 5 * 96 / 25.4);
	NEAR(g->width, 4 * 5 * 96 / 25.4);
	g = parse(&a, &d, "<svg " NS "/>");
	NEAR(g->width, 300);
	NEAR(g->height, 150);
	assert_int_equal(d.errors, 0);
	ov_diag_dispose(&d);
	ov_arena_dispose(&a);
}

static void test_svg__sanitised(void **state)
{
	(void)state;
	ov_arena a;
	ov_arena_init(&a);
	ov_diag d;
	ov_diag_init(&d);
	ov_svg *g = parse(&a, &d,
	                  "<svg " NS "xmlns:l='http://www.w3.org/1999/xlink' onload='x()'>"
	                  "<script>evil()</script><foreignObject><p>html</p></foreignObject>"
	                  "<a l:href='javascript:x()'><rect width='1' height='1' onclick='y()'/></a>"
	                  "<use l:href='#ok'/><use href='other.svg#x'/><a href='#ok'><circle r='1'/></a>"
	                  "<rect href='#ok' width='2'/>"
	                  "<image href='data:image/png;base64,AAAA'/><image href='http://x/y.png'/>"
	                  "<rect id='ok' fill='url(#g)' stroke='url(http://x/p)' style='fill:url(&quot;http://x&quot;)'/>"
	                  "<style>@import 'x.css';</style><style>rect{fill:red}</style>"
	                  "<set attributeName='href' to='javascript:z()'/><x:y xmlns:x='urn:x'/></svg>");
	assert_non_null(g);
	const char *c = (const char *)g->clean;
	assert_null(strstr(c, "script"));
	assert_null(strstr(c, "evil"));
	assert_null(strstr(c, "foreign"));
	assert_null(strstr(c, "html"));
	assert_null(strstr(c, "javascript"));
	assert_null(strstr(c, "onload"));
	assert_null(strstr(c, "onclick"));
	assert_null(strstr(c, "other.svg"));
	assert_null(strstr(c, "http://x"));
	assert_null(strstr(c, "@import"));
	assert_null(strstr(c, "<set"));
	assert_null(strstr(c, "urn:x"));
	assert_non_null(strstr(c, "<g><rect width=\"1\" height=\"1\"/></g>"));
	assert_non_null(strstr(c, "<use xlink:href=\"#ok\"/>"));
	assert_non_null(strstr(c, "<g><circle r=\"1\"/></g>"));
	assert_non_null(strstr(c, "<rect width=\"2\"/>"));
	assert_non_null(strstr(c, "data:image/png;base64,AAAA"));
	assert_non_null(strstr(c, "fill=\"url(#g)\""));
	assert_non_null(strstr(c, "<style>rect{fill:red}</style>"));
	assert_string_equal(g->raster_reason, "an embedded picture");
	assert_int_equal(d.errors, 0);
	ov_diag_dispose(&d);
	ov_arena_dispose(&a);
}

static void test_svg__drawing(void **state)
{
	(void)state;
	ov_arena a;
	ov_arena_init(&a);
	ov_diag d;
	ov_diag_init(&d);
	ov_svg *g = parse(&a, &d,
	                  "<svg " NS "width='200' height='100' viewBox='0 0 100 50' color='#00f'>"
	                  "<g fill='red' stroke='currentColor' stroke-width='2' stroke-dasharray='1 2 3'>"
	                  "<rect id='r' x='1' y='2' width='3' height='4'/>"
	                  "<circle r='5' style='fill:none;stroke:#0f0' display='none'/>"
	                  "<line x2='10' style='visibility:hidden'/>"
	                  "<use href='#r' x='10'/></g>"
	                  "<svg x='50' width='50' height='50' viewBox='0 0 10 10'><rect width='10' height='10'/></svg>"
	                  "<text x='10' y='20' font-size='8' text-anchor='middle'>A <tspan font-weight='bold'>B</tspan>"
	                  "</text></svg>");
	assert_non_null(g);
	assert_null(g->raster_reason);
	assert_int_equal(g->shape_count, 3);
	const ov_svg_shape *s = &g->shapes[0];
	NEAR(s->m.a, 2); /* the viewBox doubles */
	assert_true(s->fill && s->stroke);
	assert_int_equal(s->fill_color, 0xff0000);
	assert_int_equal(s->stroke_color, 0x0000ff);
	assert_int_equal(s->dash_count, 6); /* an odd count repeated */
	NEAR(g->shapes[1].m.e, 20);        /* use's x, scaled */
	s = &g->shapes[2];
	NEAR(s->m.a, 10);                  /* 2 x 5 */
	NEAR(s->m.e, 100);
	assert_int_equal(s->clip_count, 1);
	NEAR(s->clip[0], 100);
	NEAR(s->clip[4], 200);
	assert_int_equal(g->text_count, 2);
	assert_string_equal(g->texts[0].text, "A ");
	assert_true(g->texts[0].abs_x);
	NEAR(g->texts[0].x, 20);
	NEAR(g->texts[0].size, 16);
	assert_int_equal(g->texts[0].anchor, 1);
	assert_string_equal(g->texts[1].text, "B");
	assert_false(g->texts[1].abs_x);
	assert_true(g->texts[1].bold);
	assert_int_equal(d.errors, 0);

	g = parse(&a, &d, "<svg " NS "><text transform='rotate(30)'>x</text></svg>");
	assert_string_equal(g->raster_reason, "rotated or skewed text");
	g = parse(&a, &d, "<svg " NS "><rect width='1' height='1' opacity='0.5' stroke='red' stroke-opacity='.5' "
	                  "fill='none'/></svg>");
	assert_null(g->raster_reason); /* alpha in a graphics state */
	assert_int_equal(g->shapes[0].stroke_alpha, 64);
	g = parse(&a, &d, "<svg " NS "><g opacity='0.5'><rect width='1' height='1'/></g></svg>");
	assert_string_equal(g->raster_reason, "group opacity");
	g = parse(&a, &d, "<svg " NS "><defs><linearGradient id='g'/></defs><rect width='1' height='1'/></svg>");
	assert_null(g->raster_reason); /* defined, never used */
	g = parse(&a, &d, "<svg " NS "><defs><linearGradient id='g'/></defs><rect fill='url(#g)' width='1' "
	                  "height='1'/></svg>");
	assert_string_equal(g->raster_reason, "a gradient");
	ov_diag_dispose(&d);
	ov_arena_dispose(&a);
}

/* Markers (SVG 1.1 §11.6.2): drawn after their shape, at its vertices,
 * turned along it (orient auto, auto-start-reverse), scaled by the stroke
 * width, the reference point on the vertex, clipped to their viewport;
 * inherited from a group; a marker inside its own drawing draws nothing
 * more. Each expected point worked out by hand from the spec's matrices. */
static void map(const ov_svg_shape *s, double x, double y, double *ox, double *oy)
{
	*ox = s->m.a * x + s->m.c * y + s->m.e;
	*oy = s->m.b * x + s->m.d * y + s->m.f;
}

static void test_svg__markers(void **state)
{
	(void)state;
	ov_arena a;
	ov_arena_init(&a);
	ov_diag d;
	ov_diag_init(&d);
#define HEAD "<marker id='h' viewBox='0 0 10 10' refX='9' refY='5' markerWidth='5' markerHeight='5' " \
	     "orient='auto-start-reverse'><path d='M0 0L10 5L0 10z' fill='#f00'/></marker>"
	ov_svg *g = parse(&a, &d,
	                  "<svg " NS "width='200' height='100'><defs>" HEAD "</defs>"
	                  "<line x1='10' y1='50' x2='110' y2='50' stroke='#000' stroke-width='2' "
	                  "marker-start='url(#h)' marker-end='url(#h)'/></svg>");
	assert_non_null(g);
	assert_null(g->raster_reason);
	assert_int_equal(g->shape_count, 3); /* the line, then its two heads */
	double x, y;
	/* the end: the tip (10, 5) of the viewBox, 0.5 to a unit of the
	 * 5 x 5 viewport, x 2 (the stroke width), one unit past the ref
	 * point (9, 5): (111, 50) */
	const ov_svg_shape *s = &g->shapes[2];
	assert_int_equal(s->fill_color, 0xff0000);
	assert_false(s->stroke);
	map(s, 10, 5, &x, &y);
	NEAR(x, 111);
	NEAR(y, 50);
	assert_int_equal(s->clip_count, 1); /* the marker's viewport */
	/* the start, reversed: pointing left, its tip at (9, 50) */
	map(&g->shapes[1], 10, 5, &x, &y);
	NEAR(x, 9);
	NEAR(y, 50);

	/* inherited from a group; a polyline's middle vertex turned along
	 * the bisector (45 degrees at a right-angled corner); userSpaceOnUse
	 * not scaled by the stroke; orient as an angle */
	g = parse(&a, &d,
	          "<svg " NS "width='200' height='100'><defs>"
	          "<marker id='m' orient='auto' markerUnits='userSpaceOnUse' markerWidth='4' markerHeight='4' "
	          "overflow='visible'><rect width='1' height='1'/></marker>"
	          "<marker id='e' orient='90' markerWidth='4' markerHeight='4'><rect width='1' height='1'/></marker>"
	          "</defs><g marker-mid='url(#m)' marker-end='url(#e)' stroke='#000' stroke-width='3'>"
	          "<polyline points='0,0 10,0 10,10' fill='none'/></g></svg>");
	assert_non_null(g);
	assert_null(g->raster_reason);
	assert_int_equal(g->shape_count, 3);
	s = &g->shapes[1];
	NEAR(s->m.a, sqrt(0.5));
	NEAR(s->m.b, sqrt(0.5));
	NEAR(s->m.e, 10);
	NEAR(s->m.f, 0);
	assert_int_equal(s->clip_count, 0); /* overflow visible */
	s = &g->shapes[2];
	map(s, 1, 0, &x, &y); /* turned 90 degrees, 3 times larger */
	NEAR(x, 10);
	NEAR(y, 13);

	/* a marker whose drawing uses itself draws once; a shape without a
	 * stroke width, and rect, draw none */
	g = parse(&a, &d,
	          "<svg " NS "><defs><marker id='r'><path d='M0 0L1 1' stroke='red' marker-end='url(#r)'/></marker>"
	          "</defs><path d='M0 0L5 5' stroke='blue' marker-end='url(#r)'/>"
	          "<rect width='5' height='5' marker-start='url(#r)'/>"
	          "<path d='M0 0L5 5' fill='none' stroke-width='0' marker-end='url(#r)'/>"
	          "<path d='M0 0L5 5' fill='none' marker-end='url(#nothing)'/></svg>");
	assert_non_null(g);
	assert_null(g->raster_reason);
	assert_int_equal(g->shape_count, 3); /* path, its marker's path once; rect; nothing else */
	assert_int_equal(d.errors, 0);

	/* each marker drawn counts against OV_SVG_MAX_SHAPES: a path of
	 * 200001 closepaths (one point) with marker-mid is refused */
	size_t zs = OV_SVG_MAX_SHAPES + 1;
	char *big = malloc(zs + 256);
	assert_non_null(big);
	int len = snprintf(big, 256, "<svg " NS "><defs><marker id='m'/></defs><path marker-mid='url(#m)' d='M0 0");
	memset(big + len, 'z', zs);
	strcpy(big + len + zs, "'/></svg>");
	assert_null(parse(&a, &d, big));
	assert_int_equal(d.errors, 1);
	char line[256];
	ov_diag_format(&d, 0, line, sizeof line);
	assert_non_null(strstr(line, "is too complex: it draws more than 200000 elements"));
	free(big);
#undef HEAD
	ov_diag_dispose(&d);
	ov_arena_dispose(&a);
}

static void test_svg__refused(void **state)
{
	(void)state;
	ov_arena a;
	ov_arena_init(&a);
	ov_diag d;
	ov_diag_init(&d);
	assert_null(parse(&a, &d, "<!DOCTYPE svg [<!ENTITY x SYSTEM 'file:///etc/passwd'>]><svg " NS ">&x;</svg>"));
	assert_null(parse(&a, &d, "<!DOCTYPE svg [<!ENTITY a 'aaaa'><!ENTITY b '&a;&a;'>]><svg " NS ">&b;</svg>"));
	assert_null(parse(&a, &d, "<!DOCTYPE svg [<!ENTITY % p SYSTEM 'http://x/p.dtd'> %p;]><svg " NS "/>"));
	assert_null(parse(&a, &d, "<svg " NS "><g></svg>"));
	assert_null(parse(&a, &d, "<svg/>"));
	assert_null(parse(&a, &d, "<svg " NS ">&undeclared;</svg>"));
	assert_int_equal(d.errors, 6);
	char line[512];
	ov_diag_format(&d, 0, line, sizeof line);
	assert_non_null(strstr(line, "declares an XML entity ('x')"));
	/* an external DTD is named, not loaded */
	assert_non_null(parse(&a, &d, "<!DOCTYPE svg PUBLIC '-//W3C//DTD SVG 1.1//EN' "
	                              "'http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd'><svg " NS "/>"));
	assert_int_equal(d.errors, 6);
	assert_null(parse(&a, &d, "<svg " NS "width='200000' height='1'/>"));
	assert_int_equal(d.errors, 7);
	ov_diag_dispose(&d);
	ov_arena_dispose(&a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_svg__path_commands), cmocka_unit_test(test_svg__arcs),
		cmocka_unit_test(test_svg__transforms),    cmocka_unit_test(test_svg__colors),
		cmocka_unit_test(test_svg__probe_and_size), cmocka_unit_test(test_svg__sanitised),
		cmocka_unit_test(test_svg__drawing),       cmocka_unit_test(test_svg__markers),
		cmocka_unit_test(test_svg__refused),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
