/* test_math_layout.c - the math layout (src/layout/math*.c) against a fake
 * math font with round numbers, so that every position can be worked out
 * by hand from The TeXbook's Appendix G and the OpenType MATH constants:
 * scripts (rule 18), fractions (15) in D and T, radicals (11), limits
 * (13a) in D and to the side in T, the spacing table and the break
 * places of a + b = c, delimiter sizes (19: variants, then an assembly),
 * a pmatrix, accents, rows of an aligned display, deep nesting. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "font/font.h"
#include "font/mathfont.h"
#include "layout/math.h"
#include "util/fsio.h"

/* ---- the fake font: 10 pt, so that 1/1000 em is 0.01 pt ---- */

#define IT(c) (0x1D44E + ((c) - 'a')) /* MATHEMATICAL ITALIC SMALL (h is U+210E, not used) */

typedef struct {
	uint32_t gid;
	double adv, h, d, italic;
} fglyph;

static const fglyph glyphs[] = {
	{IT('a'), 500, 450, 0, 0},   {IT('b'), 500, 700, 0, 0},   {IT('c'), 500, 450, 0, 0},
	{IT('d'), 500, 700, 0, 0},   {IT('i'), 300, 650, 0, 0},   {IT('n'), 500, 450, 0, 0},
	{IT('x'), 500, 450, 0, 0},   {IT('f'), 500, 700, 200, 100},
	{'2', 500, 650, 0, 0},       {'+', 800, 600, 100, 0},     {'=', 800, 350, -150, 0},
	{'(', 400, 750, 250, 0},     {')', 400, 750, 250, 0},     {0x2211, 1000, 750, 250, 0},
	{0x221A, 800, 800, 200, 0},  {0x0302, 300, 600, -500, 0}, {0x2032, 300, 700, -300, 0},
	/* variants and parts */
	{0x10028, 500, 1000, 500, 0}, {0x20028, 500, 1250, 750, 0},
	{0x12211, 1400, 1000, 500, 0}, {0x1221A, 800, 1050, 450, 0},
	{0x900, 500, 600, 0, 0}, {0x901, 500, 500, 0, 0}, {0x902, 500, 600, 0, 0},
};

static const fglyph *find(uint32_t gid)
{
	for (size_t i = 0; i < sizeof glyphs / sizeof *glyphs; i++)
		if (glyphs[i].gid == gid)
			return &glyphs[i];
	return NULL;
}

static void fill(const fglyph *g, ov_mglyph *out)
{
	out->gid = g->gid;
	out->advance = g->adv;
	out->height = g->h;
	out->depth = g->d;
	out->italic = g->italic;
	out->top_accent = g->adv / 2;
	out->extended = false;
}

static bool f_glyph(void *ctx, uint32_t cp, int level, ov_mglyph *out)
{
	(void)ctx;
	(void)level;
	const fglyph *g = find(cp);
	if (!g || cp < 0x20 || (cp >= 0x900 && cp <= 0x902))
		return false;
	fill(g, out);
	return true;
}

static void f_measure(void *ctx, uint32_t gid, ov_mglyph *out)
{
	(void)ctx;
	const fglyph *g = find(gid);
	if (g)
		fill(g, out);
}

/* f cuts in at its top right by 50/1000 em above 500, 100 below (MathKern
 * bands); i's top left by 30 below 300 */
static double f_kern(void *ctx, uint32_t gid, ov_mkern_corner corner, double height)
{
	(void)ctx;
	if (gid == IT('f') && corner == OV_MKERN_TOP_RIGHT)
		return height > 500 ? -50 : -100;
	if (gid == IT('i') && corner == OV_MKERN_TOP_LEFT)
		return height < 300 ? -30 : 0;
	return 0;
}

static size_t f_variants(void *ctx, uint32_t gid, bool horizontal, uint32_t *gids, double *sizes, size_t max)
{
	(void)ctx;
	(void)max;
	if (horizontal)
		return 0;
	if (gid == '(') {
		gids[0] = '(', sizes[0] = 1000;
		gids[1] = 0x10028, sizes[1] = 1500;
		gids[2] = 0x20028, sizes[2] = 2000;
		return 3;
	}
	if (gid == 0x2211) {
		gids[0] = 0x2211, sizes[0] = 1000;
		gids[1] = 0x12211, sizes[1] = 1500;
		return 2;
	}
	if (gid == 0x221A) {
		gids[0] = 0x221A, sizes[0] = 1000;
		gids[1] = 0x1221A, sizes[1] = 1500;
		return 2;
	}
	return 0;
}

static size_t f_assembly(void *ctx, uint32_t gid, bool horizontal, ov_mpart *parts, size_t max, double *italic)
{
	(void)ctx;
	(void)max;
	*italic = 0;
	if (horizontal || gid != '(')
		return 0;
	parts[0] = (ov_mpart){0x900, 0, 200, 600, false};
	parts[1] = (ov_mpart){0x901, 200, 200, 500, true};
	parts[2] = (ov_mpart){0x902, 200, 0, 600, false};
	return 3;
}

static ov_math_metrics fake;

static void setup_font(void)
{
	memset(&fake, 0, sizeof fake);
	fake.font = 7;
	fake.glyph = f_glyph;
	fake.measure = f_measure;
	fake.kern = f_kern;
	fake.variants = f_variants;
	fake.assembly = f_assembly;
	fake.min_connector_overlap = 100;
	double *k = fake.constant;
	k[OV_MC_SCRIPT_PERCENT_SCALE_DOWN] = 70;
	k[OV_MC_SCRIPT_SCRIPT_PERCENT_SCALE_DOWN] = 50;
	k[OV_MC_DELIMITED_SUB_FORMULA_MIN_HEIGHT] = 1300;
	k[OV_MC_DISPLAY_OPERATOR_MIN_HEIGHT] = 1400;
	k[OV_MC_AXIS_HEIGHT] = 250;
	k[OV_MC_ACCENT_BASE_HEIGHT] = 450;
	k[OV_MC_SUBSCRIPT_SHIFT_DOWN] = 150;
	k[OV_MC_SUBSCRIPT_TOP_MAX] = 400;
	k[OV_MC_SUBSCRIPT_BASELINE_DROP_MIN] = 50;
	k[OV_MC_SUPERSCRIPT_SHIFT_UP] = 350;
	k[OV_MC_SUPERSCRIPT_SHIFT_UP_CRAMPED] = 300;
	k[OV_MC_SUPERSCRIPT_BOTTOM_MIN] = 100;
	k[OV_MC_SUPERSCRIPT_BASELINE_DROP_MAX] = 250;
	k[OV_MC_SUB_SUPERSCRIPT_GAP_MIN] = 200;
	k[OV_MC_SUPERSCRIPT_BOTTOM_MAX_WITH_SUBSCRIPT] = 400;
	k[OV_MC_SPACE_AFTER_SCRIPT] = 50;
	k[OV_MC_UPPER_LIMIT_GAP_MIN] = 100;
	k[OV_MC_UPPER_LIMIT_BASELINE_RISE_MIN] = 300;
	k[OV_MC_LOWER_LIMIT_GAP_MIN] = 100;
	k[OV_MC_LOWER_LIMIT_BASELINE_DROP_MIN] = 600;
	k[OV_MC_STACK_TOP_SHIFT_UP] = 450;
	k[OV_MC_STACK_TOP_DISPLAY_STYLE_SHIFT_UP] = 700;
	k[OV_MC_STACK_BOTTOM_SHIFT_DOWN] = 350;
	k[OV_MC_STACK_BOTTOM_DISPLAY_STYLE_SHIFT_DOWN] = 700;
	k[OV_MC_STACK_GAP_MIN] = 150;
	k[OV_MC_STACK_DISPLAY_STYLE_GAP_MIN] = 350;
	k[OV_MC_FRACTION_NUMERATOR_SHIFT_UP] = 400;
	k[OV_MC_FRACTION_NUMERATOR_DISPLAY_STYLE_SHIFT_UP] = 700;
	k[OV_MC_FRACTION_DENOMINATOR_SHIFT_DOWN] = 350;
	k[OV_MC_FRACTION_DENOMINATOR_DISPLAY_STYLE_SHIFT_DOWN] = 700;
	k[OV_MC_FRACTION_NUMERATOR_GAP_MIN] = 50;
	k[OV_MC_FRACTION_NUM_DISPLAY_STYLE_GAP_MIN] = 150;
	k[OV_MC_FRACTION_RULE_THICKNESS] = 50;
	k[OV_MC_FRACTION_DENOMINATOR_GAP_MIN] = 50;
	k[OV_MC_FRACTION_DENOM_DISPLAY_STYLE_GAP_MIN] = 150;
	k[OV_MC_OVERBAR_VERTICAL_GAP] = 150;
	k[OV_MC_OVERBAR_RULE_THICKNESS] = 50;
	k[OV_MC_OVERBAR_EXTRA_ASCENDER] = 50;
	k[OV_MC_UNDERBAR_VERTICAL_GAP] = 150;
	k[OV_MC_UNDERBAR_RULE_THICKNESS] = 50;
	k[OV_MC_UNDERBAR_EXTRA_DESCENDER] = 50;
	k[OV_MC_RADICAL_VERTICAL_GAP] = 50;
	k[OV_MC_RADICAL_DISPLAY_STYLE_VERTICAL_GAP] = 150;
	k[OV_MC_RADICAL_RULE_THICKNESS] = 50;
	k[OV_MC_RADICAL_EXTRA_ASCENDER] = 50;
	k[OV_MC_RADICAL_KERN_BEFORE_DEGREE] = 250;
	k[OV_MC_RADICAL_KERN_AFTER_DEGREE] = -550;
	k[OV_MC_RADICAL_DEGREE_BOTTOM_RAISE_PERCENT] = 60;
}

/* ---- math lists by hand ---- */

static ov_arena arena;

static ov_mnode *atom(uint32_t cp, ov_mclass cls)
{
	ov_mnode *n = ov_arena_alloc(&arena, sizeof *n);
	n->kind = OV_MN_ATOM;
	n->cls = cls;
	n->u.atom.cp = cp;
	return n;
}

static ov_mnode *ord(uint32_t cp) { return atom(cp, OV_MCLASS_ORD); }

/* links the nodes into a list (NULL-terminated arguments) */
static ov_mnode *seq(ov_mnode *first, ...)
{
	va_list ap;
	va_start(ap, first);
	ov_mnode *p = first;
	ov_mnode *n;
	while ((n = va_arg(ap, ov_mnode *)) != NULL) {
		p->next = n;
		p = n;
	}
	va_end(ap);
	return first;
}

static ov_mnode *frac(ov_mnode *num, ov_mnode *den)
{
	ov_mnode *n = ov_arena_alloc(&arena, sizeof *n);
	n->kind = OV_MN_FRAC;
	n->cls = OV_MCLASS_INNER;
	n->u.frac.num = num;
	n->u.frac.den = den;
	n->u.frac.thickness = -1;
	n->u.frac.style = OV_MSTYLE_NONE;
	return n;
}

static ov_math_env env;

static const ov_mlayout *lay(const ov_mnode *l, bool display)
{
	return ov_math_layout(&arena, l, display, &env);
}

#define EPS 1e-6
#define NEAR(a, b) assert_true(fabs((a) - (b)) < EPS || (printf("%s = %.6f, expected %.6f\n", #a, (double)(a), (double)(b)), 0))

static void check_box(const ov_mbox *b, double w, double h, double d)
{
	NEAR(b->width, w);
	NEAR(b->height, h);
	NEAR(b->depth, d);
}

static const ov_mitem *glyph_of(const ov_mbox *b, uint32_t cp, size_t nth)
{
	for (size_t i = 0; i < b->count; i++)
		if (b->items[i].kind == OV_MITEM_GLYPH && b->items[i].cp == cp && nth-- == 0)
			return &b->items[i];
	fail_msg("no glyph U+%04X", cp);
	return NULL;
}

static int setup(void **state)
{
	(void)state;
	ov_arena_init(&arena);
	setup_font();
	env = (ov_math_env){&fake, NULL, 10.0, NULL, NULL};
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	ov_arena_dispose(&arena);
	return 0;
}

/* x^2: rule 18c, superscriptShiftUp 3.5 pt; '2' at 7 pt; spaceAfterScript */
static void test_superscript(void **state)
{
	(void)state;
	ov_mnode *x = ord(IT('x'));
	x->sup = ord('2');
	const ov_mlayout *L = lay(x, false);
	check_box(&L->box, 9.0, 3.5 + 4.55, 0);
	const ov_mitem *two = glyph_of(&L->box, '2', 0);
	NEAR(two->x, 5);
	NEAR(two->y, 3.5);
	NEAR(two->size, 7);
	assert_int_equal(two->font, 7);
	/* cramped (as in a denominator): superscriptShiftUpCramped */
	ov_mnode *s = ov_arena_alloc(&arena, sizeof *s);
	s->kind = OV_MN_STYLE;
	s->u.style.style = OV_MSTYLE_TC;
	ov_mnode *y = ord(IT('x'));
	y->sup = ord('2');
	L = lay(seq(s, y, NULL), false);
	NEAR(glyph_of(&L->box, '2', 0)->y, 3.0);
}

/* x_i: rule 18b: max(subscriptShiftDown 1.5, 4.55 - subscriptTopMax 4) */
static void test_subscript(void **state)
{
	(void)state;
	ov_mnode *x = ord(IT('x'));
	x->sub = ord(IT('i'));
	const ov_mlayout *L = lay(x, false);
	check_box(&L->box, 7.6, 4.5, 1.5);
	const ov_mitem *i = glyph_of(&L->box, IT('i'), 0);
	NEAR(i->x, 5);
	NEAR(i->y, -1.5);
}

/* x_i^2: rules 18d, 18e: the gap 0.45 < 2 pt; v += 1.55; psi = 0.5 */
static void test_sub_superscript(void **state)
{
	(void)state;
	ov_mnode *x = ord(IT('x'));
	x->sup = ord('2');
	x->sub = ord(IT('i'));
	const ov_mlayout *L = lay(x, false);
	check_box(&L->box, 9.0, 4.0 + 4.55, 2.55);
	NEAR(glyph_of(&L->box, '2', 0)->y, 4.0);
	NEAR(glyph_of(&L->box, IT('i'), 0)->y, -2.55);
}

/* f^2 and f_i: the superscript after the italic correction (1 pt), the
 * subscript not; f alone is as wide as its correction (rule 17). The
 * cut-in kerns (MathKernInfo) are the larger of the sums at two heights:
 * for the superscript (u = 4 pt) its bottom, 400/1000 em (f: -100), and
 * f's top, 700 (-50): -0.5 pt; for the subscript (v = 2.55 pt) its top,
 * 2 pt (i's top left at 4.55 pt: 0) and f's bottom, -2 pt (i's at 0.55 pt:
 * -30): 0, so it does not move */
static void test_italic_correction(void **state)
{
	(void)state;
	ov_mnode *f = ord(IT('f'));
	f->sup = ord('2');
	f->sub = ord(IT('i'));
	const ov_mlayout *L = lay(f, false);
	NEAR(glyph_of(&L->box, '2', 0)->x, 6 - 0.5);
	NEAR(glyph_of(&L->box, IT('i'), 0)->x, 5);
	L = lay(ord(IT('f')), false);
	NEAR(L->box.width, 6);
}

/* \frac{a}{b}: rule 15 in D (shifts 7 pt, the gaps clear) and in T */
static void test_fraction(void **state)
{
	(void)state;
	const ov_mlayout *L = lay(frac(ord(IT('a')), ord(IT('b'))), true);
	check_box(&L->box, 1.2 + 5 + 1.2, 7 + 4.5, 7);
	NEAR(glyph_of(&L->box, IT('a'), 0)->x, 1.2);
	NEAR(glyph_of(&L->box, IT('a'), 0)->y, 7);
	NEAR(glyph_of(&L->box, IT('b'), 0)->y, -7);
	const ov_mitem *rule = NULL;
	for (size_t i = 0; i < L->box.count; i++)
		if (L->box.items[i].kind == OV_MITEM_RULE)
			rule = &L->box.items[i];
	assert_non_null(rule);
	NEAR(rule->x, 1.2);
	NEAR(rule->y, 2.25);
	NEAR(rule->w, 5);
	NEAR(rule->h, 0.5);
	/* T: parts at 7 pt, numerator 4 pt up, denominator 3.5 down */
	L = lay(frac(ord(IT('a')), ord(IT('b'))), false);
	check_box(&L->box, 1.2 + 3.5 + 1.2, 4 + 3.15, 3.5);
	NEAR(glyph_of(&L->box, IT('a'), 0)->size, 7);
	/* a numerator whose depth would come too near the rule: 15d */
	ov_mnode *num = ord(IT('f')); /* depth 2 pt at 10 */
	L = lay(frac(num, ord(IT('b'))), true);
	/* gn = 7 - 2 - 2.75 = 2.25 >= 1.5: unchanged */
	NEAR(glyph_of(&L->box, IT('f'), 0)->y, 7);
}

/* \sqrt{x} in T: the sign's 10 pt exceed 5.5 pt needed: the surplus
 * shared, the bar at 7.25 pt */
static void test_radical(void **state)
{
	(void)state;
	ov_mnode *r = ov_arena_alloc(&arena, sizeof *r);
	r->kind = OV_MN_RADICAL;
	r->u.radical.body = ord(IT('x'));
	const ov_mlayout *L = lay(r, false);
	check_box(&L->box, 13, 8.25, 2.25);
	const ov_mitem *sign = glyph_of(&L->box, 0x221A, 0);
	NEAR(sign->y, -0.25);
	NEAR(glyph_of(&L->box, IT('x'), 0)->x, 8);
	bool bar = false;
	for (size_t i = 0; i < L->box.count; i++)
		if (L->box.items[i].kind == OV_MITEM_RULE) {
			NEAR(L->box.items[i].x, 8);
			NEAR(L->box.items[i].y, 7.25);
			NEAR(L->box.items[i].w, 5);
			bar = true;
		}
	assert_true(bar);
}

static ov_mnode *sum(void)
{
	ov_mnode *s = atom(0x2211, OV_MCLASS_OP);
	s->u.atom.large_op = true;
	s->sub = ord(IT('i'));
	s->sup = ord(IT('n'));
	return s;
}

/* \sum_i^n: D: the display variant, limits above and below (13a) with
 * XeTeX's xi13 kerns (upperLimitGapMin, lowerLimitGapMin: 1 pt); T: the
 * text size, scripts at its side hanging from it as from a box (18a:
 * u = 7.5 - 1.75, v = 2.5 + 0.35) */
static void test_limits(void **state)
{
	(void)state;
	const ov_mlayout *L = lay(sum(), true);
	check_box(&L->box, 14, 13 + 3.15 + 1, 11 + 1);
	const ov_mitem *op = glyph_of(&L->box, 0x2211, 0);
	assert_int_equal(op->gid, 0x12211);
	NEAR(op->y, 0);
	NEAR(glyph_of(&L->box, IT('n'), 0)->x, 5.25);
	NEAR(glyph_of(&L->box, IT('n'), 0)->y, 13);
	NEAR(glyph_of(&L->box, IT('i'), 0)->x, 5.95);
	NEAR(glyph_of(&L->box, IT('i'), 0)->y, -11);
	L = lay(sum(), false);
	check_box(&L->box, 14, 5.75 + 3.15, 2.85);
	assert_int_equal(glyph_of(&L->box, 0x2211, 0)->gid, 0x2211);
	NEAR(glyph_of(&L->box, IT('n'), 0)->x, 10);
	NEAR(glyph_of(&L->box, IT('n'), 0)->y, 5.75);
	NEAR(glyph_of(&L->box, IT('i'), 0)->y, -2.85);
	/* \nolimits in D keeps them at the side */
	ov_mnode *s = sum();
	s->limits = OV_MLIMITS_NO;
	L = lay(s, true);
	NEAR(glyph_of(&L->box, IT('n'), 0)->x, 14);
}

static ov_mnode *abc(void)
{
	return seq(ord(IT('a')), atom('+', OV_MCLASS_BIN), ord(IT('b')), atom('=', OV_MCLASS_REL), ord(IT('c')), NULL);
}

/* a+b=c: medium (4 mu) around +, thick (5 mu) around =, breaks after
 * + (700) and = (500), the glue dropped at a break; none in S */
static void test_spacing_and_chunks(void **state)
{
	(void)state;
	const ov_mlayout *L = lay(abc(), false);
	double med = 40.0 / 18, thick = 50.0 / 18;
	NEAR(glyph_of(&L->box, '+', 0)->x, 5 + med);
	NEAR(glyph_of(&L->box, '=', 0)->x, 5 + med + 8 + med + 5 + thick);
	check_box(&L->box, 5 + 8 + 5 + 8 + 5 + 2 * med + 2 * thick, 7, 1);
	assert_int_equal(L->chunk_count, 3);
	NEAR(L->chunks[0].box.width, 5 + med + 8);
	NEAR(L->chunks[0].glue, med);
	assert_int_equal(L->chunks[0].penalty, 700);
	NEAR(L->chunks[1].box.width, 5 + thick + 8);
	NEAR(L->chunks[1].glue, thick);
	assert_int_equal(L->chunks[1].penalty, 500);
	NEAR(L->chunks[2].box.width, 5);
	assert_int_equal(L->chunks[2].penalty, 0);
	double sumw = 0;
	for (size_t i = 0; i < L->chunk_count; i++)
		sumw += L->chunks[i].box.width + L->chunks[i].glue;
	NEAR(sumw, L->box.width);
	/* items of a chunk from its own left end */
	NEAR(L->chunks[1].box.items[0].x, 0);
	NEAR(L->chunks[1].box.items[1].x, 5 + thick);
	/* a leading + is an Ord (rule 5): no space after it */
	L = lay(seq(atom('+', OV_MCLASS_BIN), ord(IT('a')), NULL), false);
	NEAR(L->box.width, 13);
	assert_int_equal(L->chunk_count, 1);
	/* script style: no medium and thick spaces */
	ov_mnode *s = ov_arena_alloc(&arena, sizeof *s);
	s->kind = OV_MN_STYLE;
	s->u.style.style = OV_MSTYLE_S;
	s->next = abc();
	L = lay(s, false);
	NEAR(L->box.width, 0.7 * (5 + 8 + 5 + 8 + 5));
	/* a display has its break places too (one too wide for the measure
	 * is set on several lines), with the same widths as inline */
	L = lay(abc(), true);
	assert_int_equal(L->chunk_count, 3);
	NEAR(L->chunks[0].box.width + L->chunks[0].glue + L->chunks[1].box.width + L->chunks[1].glue +
	         L->chunks[2].box.width,
	     L->box.width);
}

static ov_mnode *fenced(ov_mnode *body)
{
	ov_mnode *f = ov_arena_alloc(&arena, sizeof *f);
	f->kind = OV_MN_FENCED;
	f->cls = OV_MCLASS_INNER;
	f->u.fenced.count = 1;
	f->u.fenced.delims = ov_arena_calloc(&arena, 2, sizeof(uint32_t));
	f->u.fenced.delims[0] = '(';
	f->u.fenced.delims[1] = 0;
	f->u.fenced.bodies = ov_arena_calloc(&arena, 1, sizeof(ov_mnode *));
	f->u.fenced.bodies[0] = body;
	return f;
}

/* \left( \frac{a}{b} \right.: 2 max(11.5 - 2.5, 7 + 2.5) = 19 pt, times
 * 0.901 = 17.119 pt: the 20 pt variant, centred on the axis; the null
 * delimiter 1.2 pt */
static void test_delimiter_size(void **state)
{
	(void)state;
	const ov_mlayout *L = lay(fenced(frac(ord(IT('a')), ord(IT('b')))), true);
	const ov_mitem *p = glyph_of(&L->box, '(', 0);
	assert_int_equal(p->gid, 0x20028);
	NEAR(p->y, 0);
	check_box(&L->box, 5 + 7.4 + 1.2, 12.5, 7.5);
	/* around x alone: 2 max(4.5 - 2.5, 2.5) = 5 pt needed, the glyph's 10 */
	L = lay(fenced(ord(IT('x'))), false);
	assert_int_equal(glyph_of(&L->box, '(', 0)->gid, '(');
	NEAR(glyph_of(&L->box, '(', 0)->y, 0);
}

static ov_mnode *pmatrix(void)
{
	ov_mnode *m = ov_arena_alloc(&arena, sizeof *m);
	m->kind = OV_MN_ARRAY;
	m->cls = OV_MCLASS_INNER;
	m->u.array.akind = OV_MARRAY_MATRIX;
	m->u.array.rows = 2;
	m->u.array.cols = 2;
	m->u.array.cells = ov_arena_calloc(&arena, 4, sizeof(ov_mnode *));
	m->u.array.cells[0] = ord(IT('a'));
	m->u.array.cells[1] = ord(IT('b'));
	m->u.array.cells[2] = ord(IT('c'));
	m->u.array.cells[3] = ord(IT('d'));
	m->u.array.left = '(';
	m->u.array.right = '(';
	return m;
}

/* pmatrix: rows of the strut (8.4 + 3.6 pt), 12 pt apart, columns 10 pt
 * apart, centred on the axis; its parentheses 21.624 pt: beyond the
 * variants, an assembly of 3 repeats with 134.4 overlaps */
static void test_pmatrix(void **state)
{
	(void)state;
	const ov_mlayout *L = lay(pmatrix(), false);
	check_box(&L->box, 5 + 20 + 5, 14.5, 9.5);
	const ov_mitem *a = glyph_of(&L->box, IT('a'), 0), *d = glyph_of(&L->box, IT('d'), 0);
	NEAR(a->x, 5);
	NEAR(a->y, 6.1);
	NEAR(d->x, 5 + 15);
	NEAR(d->y, 6.1 - 12);
	size_t parts = 0;
	for (size_t i = 0; i < L->box.count; i++)
		if (L->box.items[i].cp == '(' && L->box.items[i].x < 1)
			parts++;
	assert_int_equal(parts, 5);
	const ov_mitem *bottom = glyph_of(&L->box, '(', 0), *top = glyph_of(&L->box, '(', 4);
	assert_int_equal(bottom->gid, 0x900);
	assert_int_equal(top->gid, 0x902);
	NEAR(bottom->y, -8.312);
	NEAR(top->y, 15.624 - 8.312);
}

/* \hat{x}: the accent over the base's attachment, not raised (x is no
 * taller than accentBaseHeight); over a taller b, raised by 2.5 pt */
static void test_accent(void **state)
{
	(void)state;
	ov_mnode *a = ov_arena_alloc(&arena, sizeof *a);
	a->kind = OV_MN_ACCENT;
	a->u.accent.cp = 0x0302;
	a->u.accent.body = ord(IT('x'));
	const ov_mlayout *L = lay(a, false);
	const ov_mitem *hat = glyph_of(&L->box, 0x0302, 0);
	NEAR(hat->x, 2.5 - 1.5);
	NEAR(hat->y, 0);
	check_box(&L->box, 5, 6, 0);
	a->u.accent.body = ord(IT('b'));
	L = lay(a, false);
	NEAR(glyph_of(&L->box, 0x0302, 0)->y, 2.5);
}

/* \hat{b}^2: rule 12 moves the scripts onto the character, so that the
 * superscript is placed as b's (superscriptShiftUp, 3.5 pt), not hung
 * from the accented box (rule 18a: 8.5 - 1.75 pt); the accent stays
 * where it was (raised 2.5 pt); b + '2' + spaceAfterScript wide */
static void test_accent_scripts(void **state)
{
	(void)state;
	ov_mnode *a = ov_arena_alloc(&arena, sizeof *a);
	a->kind = OV_MN_ACCENT;
	a->u.accent.cp = 0x0302;
	a->u.accent.body = ord(IT('b'));
	a->sup = ord('2');
	const ov_mlayout *L = lay(a, false);
	NEAR(glyph_of(&L->box, '2', 0)->y, 3.5);
	NEAR(glyph_of(&L->box, '2', 0)->x, 5);
	NEAR(glyph_of(&L->box, 0x0302, 0)->y, 2.5);
	check_box(&L->box, 5 + 3.5 + 0.5, 8.5, 0);
	/* over a group of two, the scripts hang from the accented box */
	a->u.accent.body = seq(ord(IT('b')), ord(IT('b')), NULL);
	L = lay(a, false);
	NEAR(glyph_of(&L->box, '2', 0)->y, 8.5 - 1.75);
}

/* an aligned display keeps its rows: baselines 15 pt apart */
static void test_aligned_rows(void **state)
{
	(void)state;
	ov_mnode *m = ov_arena_alloc(&arena, sizeof *m);
	m->kind = OV_MN_ARRAY;
	m->u.array.akind = OV_MARRAY_ALIGNED;
	m->u.array.rows = 2;
	m->u.array.cols = 2;
	m->u.array.cells = ov_arena_calloc(&arena, 4, sizeof(ov_mnode *));
	m->u.array.cells[0] = ord(IT('a'));
	m->u.array.cells[1] = seq(atom('=', OV_MCLASS_REL), ord(IT('b')), NULL);
	m->u.array.cells[2] = NULL;
	m->u.array.cells[3] = seq(atom('=', OV_MCLASS_REL), ord(IT('c')), NULL);
	const ov_mlayout *L = lay(m, true);
	assert_int_equal(L->row_count, 2);
	double thick = 50.0 / 18;
	/* the = after aligned's {}: a thick space before it */
	NEAR(glyph_of(&L->rows[0], '=', 0)->x, 5 + thick);
	NEAR(glyph_of(&L->rows[0], '=', 0)->y, 0);
	NEAR(glyph_of(&L->rows[1], '=', 0)->x, 5 + thick);
	NEAR(L->rows[0].width, L->box.width);
	NEAR(glyph_of(&L->box, '=', 0)->y - glyph_of(&L->box, '=', 1)->y, 15);
	/* centred on the axis */
	NEAR((L->box.height - L->box.depth) / 2, 2.5);
}

/* a display with \\ at its top: rows like gather's, centred, 15 pt apart */
static void test_break_rows(void **state)
{
	(void)state;
	ov_mnode *br = ov_arena_alloc(&arena, sizeof *br);
	br->kind = OV_MN_BREAK;
	const ov_mlayout *L = lay(seq(ord(IT('a')), br, ord(IT('b')), ord(IT('c')), NULL), true);
	assert_int_equal(L->row_count, 2);
	NEAR(L->rows[0].width, 10);
	NEAR(glyph_of(&L->rows[0], IT('a'), 0)->x, 2.5);
	NEAR(glyph_of(&L->rows[0], IT('a'), 0)->y, 0);
	NEAR(glyph_of(&L->rows[1], IT('b'), 0)->y, 0);
	NEAR(L->rows[1].height, 7);
	NEAR(glyph_of(&L->box, IT('a'), 0)->y - glyph_of(&L->box, IT('b'), 0)->y, 15);
	/* inline, \\ is no row */
	L = lay(seq(ord(IT('a')), br, ord(IT('b')), NULL), false);
	assert_int_equal(L->row_count, 0);
}

/* nesting far beyond the parser's limit lays out without crashing;
 * missing characters are counted */
static void test_deep_and_missing(void **state)
{
	(void)state;
	ov_mnode *n = ord(IT('x'));
	for (int i = 0; i < 2000; i++) {
		ov_mnode *g = ov_arena_alloc(&arena, sizeof *g);
		g->kind = OV_MN_ATOM;
		g->u.atom.list = n;
		g->sup = ord('2');
		n = g;
	}
	const ov_mlayout *L = lay(n, true);
	assert_true(L->box.width > 0);
	L = lay(seq(ord(IT('x')), ord(0x4E00), ord(0x4E01), NULL), false);
	assert_int_equal(L->missing_count, 2);
	assert_int_equal(L->missing_cp, 0x4E00);
	NEAR(L->box.width, 5 + 5 + 5);
}

/* \text: the book's face at the style's size, one glyph per character
 * without a shaper, its height the math font's for the same letters */
static int fake_advance(void *ctx, ov_face face, uint32_t cp)
{
	(void)ctx;
	(void)cp;
	return face == OV_FACE_BOLD ? 600 : 400;
}

static void test_text(void **state)
{
	(void)state;
	ov_metrics tm = {NULL, fake_advance, NULL, NULL, {700, 700, 700, 700, 700}, {-300, -300, -300, -300, -300}, NULL};
	env.tm = &tm;
	ov_mnode *t = ov_arena_alloc(&arena, sizeof *t);
	t->kind = OV_MN_TEXT;
	t->u.text.text = "if 2";
	t->u.text.len = 4;
	t->u.text.face = OV_MTEXT_BF;
	ov_mnode *s = ov_arena_alloc(&arena, sizeof *s);
	s->kind = OV_MN_STYLE;
	s->u.style.style = OV_MSTYLE_S;
	s->next = t;
	const ov_mlayout *L = lay(seq(ord(IT('x')), s, NULL), false);
	/* four glyphs of 600/1000 em at 7 pt after x; as tall as the font's '2' */
	check_box(&L->box, 5 + 4 * 4.2, 6.5 * 0.7, 0);
	const ov_mitem *g = &L->box.items[3];
	assert_int_equal(g->font, OV_FACE_BOLD);
	assert_int_equal(g->gid, ' ');
	NEAR(g->x, 5 + 2 * 4.2);
	NEAR(g->size, 7);
	assert_int_equal(g->text_len, 1);
	assert_memory_equal(g->text, " ", 1);
	env.tm = NULL;
}

static ov_mnode *space(int mu, bool word, bool nonscript)
{
	ov_mnode *n = ov_arena_alloc(&arena, sizeof *n);
	n->kind = OV_MN_SPACE;
	n->u.space.mu = mu;
	n->u.space.em_based = word;
	n->u.space.word = word;
	n->u.space.nonscript = nonscript;
	return n;
}

/* \  is the book face's interword space at the text size in every style
 * (400/1000 em of the fake face: 4 pt, also in script style); a
 * \nonscript space counts in T (-3 mu of 10 pt) and not in S */
static void test_spaces(void **state)
{
	(void)state;
	ov_metrics tm = {NULL, fake_advance, NULL, NULL, {700, 700, 700, 700, 700}, {-300, -300, -300, -300, -300}, NULL};
	env.tm = &tm;
	const ov_mlayout *L = lay(seq(ord(IT('x')), space(333, true, false), ord(IT('x')), NULL), false);
	NEAR(L->box.width, 5 + 4 + 5);
	ov_mnode *s = ov_arena_alloc(&arena, sizeof *s);
	s->kind = OV_MN_STYLE;
	s->u.style.style = OV_MSTYLE_S;
	L = lay(seq(s, ord(IT('x')), space(333, true, false), ord(IT('x')), NULL), false);
	NEAR(L->box.width, 3.5 + 4 + 3.5);
	env.tm = NULL; /* no face: 1/3 em */
	L = lay(seq(ord(IT('x')), space(333, true, false), ord(IT('x')), NULL), false);
	NEAR(L->box.width, 5 + 3.33 + 5);
	L = lay(seq(ord(IT('x')), space(-3, false, true), ord(IT('x')), NULL), false);
	NEAR(L->box.width, 10 - 30.0 / 18);
	s = ov_arena_alloc(&arena, sizeof *s);
	s->kind = OV_MN_STYLE;
	s->u.style.style = OV_MSTYLE_S;
	L = lay(seq(s, ord(IT('x')), space(-3, false, true), ord(IT('x')), NULL), false);
	NEAR(L->box.width, 7);
}

/* \scriptspace is 0.5 pt after scripts in every style (XeTeX's
 * \scriptspace, not spaceAfterScript scaled): x_{x_x} is x (5) + x at
 * 7 pt (3.5) + x at 5 pt (2.5) + 2 x 0.5; and a large operator without
 * scripts takes no italic correction */
static void test_script_space(void **state)
{
	(void)state;
	fake.constant[OV_MC_SPACE_AFTER_SCRIPT] = 80; /* not used */
	ov_mnode *x = ord(IT('x')), *y = ord(IT('x'));
	y->sub = ord(IT('x'));
	x->sub = y;
	const ov_mlayout *L = lay(x, false);
	NEAR(L->box.width, 5 + 3.5 + 2.5 + 2 * 0.5);
	ov_mnode *f = atom(IT('f'), OV_MCLASS_OP);
	f->u.atom.large_op = true;
	L = lay(f, false);
	NEAR(L->box.width, 5);
	ov_mnode *g = ord(IT('f'));
	L = lay(g, false);
	NEAR(L->box.width, 5 + 1);
}

/* \substack{x \\ x}: script style cells, baselines stackTopShiftUp +
 * fractionDenominatorShiftDown at 7 pt apart (3.15 + 2.45 = 5.6 pt),
 * centred on the axis (2.5 pt): x at 7 pt is 3.15 high; no column space */
static void test_substack(void **state)
{
	(void)state;
	ov_mnode *m = ov_arena_alloc(&arena, sizeof *m);
	m->kind = OV_MN_ARRAY;
	m->u.array.akind = OV_MARRAY_ARRAY;
	m->u.array.script = true;
	m->u.array.rows = 2;
	m->u.array.cols = 1;
	m->u.array.cells = ov_arena_calloc(&arena, 2, sizeof(ov_mnode *));
	m->u.array.cells[0] = ord(IT('x'));
	m->u.array.cells[1] = ord(IT('x'));
	m->u.array.align = ov_arena_alloc(&arena, 2);
	m->u.array.align[0] = 'c';
	m->u.array.align[1] = 0;
	const ov_mlayout *L = lay(m, false);
	double total = 3.15 + 5.6;
	check_box(&L->box, 3.5, 2.5 + total / 2, total / 2 - 2.5);
	/* rows whose ink comes closer than 0.12 em (of 7 pt) apart: b over b
	 * (4.9 pt high) are 0.84 pt apart */
	m->u.array.cells[0] = ord(IT('b'));
	m->u.array.cells[1] = ord(IT('b'));
	L = lay(m, false);
	total = 4.9 + 0.84 + 4.9;
	check_box(&L->box, 3.5, 2.5 + total / 2, total / 2 - 2.5);
}

/* rule 15 with XeTeX's cur_f: the gaps at the size of the last character
 * set, the denominator's. The inner \frac{b}{x} (in T') is 4 + 4.9 =
 * 8.9 pt high and 3.5 pt deep (b and x at 7 pt). Below a display rule
 * (axis 2.5, half rule 0.25) with fractionDenominatorDisplayStyleShiftDown
 * 7 pt its top comes 0.35 pt under the rule: the gap min (150/1000 em) at
 * the inner denominator's x's 7 pt, 1.05 pt, lowers it by 0.7 pt (at
 * 10 pt it would be 1.15 pt) */
static void test_fraction_gaps(void **state)
{
	(void)state;
	const ov_mlayout *L = lay(frac(ord(IT('x')), frac(ord(IT('b')), ord(IT('x')))), true);
	NEAR(L->box.depth, 7 + 0.7 + 3.5);
	/* as a numerator over a b at text size: the numerator gap at 10 pt,
	 * 1.5 pt: u = 7 + (1.5 - (7 - 3.5 - 2.75)) = 7.75 */
	L = lay(frac(frac(ord(IT('b')), ord(IT('x'))), ord(IT('b'))), true);
	NEAR(L->box.height, 7.75 + 8.9);
}

/* the dump for golden tests */
static void test_dump(void **state)
{
	(void)state;
	ov_mnode *x = ord(IT('x'));
	x->sup = ord('2');
	const ov_mlayout *L = lay(x, false);
	ov_buf b = OV_BUF_INIT;
	ov_math_box_dump(&b, &L->box);
	assert_string_equal(b.ptr, "box w=9.000 h=8.050 d=0.000\n"
	                           "G 7 119909 0.000 0.000 10.000 U+1D465\n"
	                           "G 7 50 5.000 3.500 7.000 U+0032\n");
	ov_buf_dispose(&b);
}

/* \eqref to a known equation: its number's glyphs and a LINK item over
 * them with the label, moved with the box (here by a superscript's base
 * before it); to an unknown one: "??" and no link */
static const char *refs_fn(void *ctx, const char *label)
{
	(void)ctx;
	return strcmp(label, "eq:a") == 0 ? "2.1" : NULL;
}

static void test_eqref_link(void **state)
{
	(void)state;
	ov_metrics tm = {NULL, fake_advance, NULL, NULL, {700, 700, 700, 700, 700}, {-300, -300, -300, -300, -300}, NULL};
	env.tm = &tm;
	env.refs = refs_fn;
	ov_mnode *r = ov_arena_alloc(&arena, sizeof *r);
	r->kind = OV_MN_REF;
	r->u.ref.label = "eq:a";
	r->u.ref.paren = true;
	ov_mnode *u = ov_arena_alloc(&arena, sizeof *u);
	u->kind = OV_MN_REF;
	u->u.ref.label = "eq:zz";
	const ov_mlayout *L = lay(seq(ord(IT('x')), r, u, NULL), false);
	size_t links = 0;
	for (size_t i = 0; i < L->box.count; i++) {
		const ov_mitem *it = &L->box.items[i];
		if (it->kind != OV_MITEM_LINK)
			continue;
		links++;
		assert_string_equal(it->text, "eq:a");
		NEAR(it->x, 5);         /* after x */
		NEAR(it->w, 5 * 4);     /* "(2.1)": five glyphs of 400/1000 em at 10 pt */
		assert_true(it->h > 0);
	}
	assert_int_equal(links, 1);
	ov_buf b = OV_BUF_INIT;
	ov_math_box_dump(&b, &L->box);
	assert_non_null(strstr(b.ptr, "\nL 5.000 "));
	assert_non_null(strstr(b.ptr, " \"eq:a\"\n"));
	ov_buf_dispose(&b);
	env.tm = NULL;
	env.refs = NULL;
}

/* ---- (b) TeX Gyre Pagella Math at 10 pt against XeLaTeX + unicode-math ----
 *
 * The expected figures were measured with XeLaTeX (TeX Live's, Debian) and
 * unicode-math, \setmathfont{TeX Gyre Pagella Math}, 10 pt article class,
 * amsmath: \sbox0{$...$} (\displaystyle for D) and \the\wd0 \the\ht0
 * \the\dp0, with unicode-math's option mathrm=sym (\mathrm and operator
 * names from the math font, as Octavo sets them). \text is left out: its
 * face is the book's (test_text checks it with the fake font). Octavo's boxes must come within 3 % of each (or 0.1 pt for
 * small ones). */

#define PAGELLA "/usr/share/texmf/fonts/opentype/public/tex-gyre-math/texgyrepagella-math.otf"

static char *pdata;
static size_t plen;
static ov_font *pfont;
static ov_font_math_cache *pcache;
static ov_math_metrics pmm;

/* the book's faces for \text: the math font's own upright letters (those
 * of TeX Gyre Pagella) */
static int t_advance(void *ctx, ov_face face, uint32_t cp)
{
	(void)ctx;
	(void)face;
	ov_mglyph g;
	return pmm.glyph(pmm.ctx, cp, 0, &g) ? (int)lround(g.advance) : 500;
}

static bool t_has(void *ctx, ov_face face, uint32_t cp)
{
	(void)ctx;
	(void)face;
	(void)cp;
	return true;
}

static ov_metrics text_metrics = {NULL, t_advance, t_has, NULL, {700, 700, 700, 700, 700}, {-300, -300, -300, -300, -300},
                                  NULL};

static int setup_real(void **state)
{
	setup(state);
	if (ov_read_file(PAGELLA, &pdata, &plen) != 0)
		return 0;
	char why[200];
	pfont = ov_font_load((const uint8_t *)pdata, plen, why, sizeof why);
	if (pfont)
		pcache = ov_font_math_metrics(pfont, 5, &pmm);
	if (pcache) {
		env.mm = &pmm;
		env.tm = &text_metrics;
	}
	return 0;
}

static int teardown_real(void **state)
{
	ov_font_math_cache_free(pcache);
	ov_font_free(pfont);
	free(pdata);
	pcache = NULL;
	pfont = NULL;
	pdata = NULL;
	return teardown(state);
}

static int real_fails;

static void near_tex(const char *name, const ov_mbox *b, double w, double h, double d)
{
	double got[3] = {b->width, b->height, b->depth}, want[3] = {w, h, d};
	const char *what[3] = {"width", "height", "depth"};
	for (int i = 0; i < 3; i++) {
		double tol = fabs(want[i]) * 0.03;
		if (tol < 0.1)
			tol = 0.1;
		bool ok = fabs(got[i] - want[i]) <= tol;
		printf("%-22s %-6s octavo %8.3f xelatex %8.3f %s\n", name, what[i], got[i], want[i], ok ? "" : "<-- OFF");
		real_fails += !ok;
	}
}

/* formulas, display or not, and XeLaTeX's \wd \ht \dp of them (pt) */
static const struct {
	bool display;
	const char *src;
	double w, h, d;
} pagella[] = {
	{false, "x", 5.12, 4.82, 0.11},
	{false, "f", 4.41, 7.33, 2.76},
	{false, "x^2", 9.801, 8.63898, 0.11},
	{false, "x_i", 7.9272, 4.82, 2.38686},
	{false, "x_i^2", 9.801, 8.63898, 3.10643},
	{false, "f^2", 9.091, 8.63898, 2.76},
	{false, "f_i", 5.7072, 7.33, 2.76},
	{true, "\\frac{a}{b}", 7.03, 12.02078, 6.8397},
	{false, "\\frac{a}{b}", 6.28499, 8.25731, 4.1933},
	{false, "\\sqrt{x}", 12.01999, 7.80502, 0.69499},
	{true, "\\sqrt{x}", 12.01999, 7.80502, 0.69499},
	{true, "\\sum_{i}^{n}", 12.46, 15.74344, 12.13408},
	{false, "\\sum_{i}^{n}", 14.9624, 9.3501, 3.42482},
	{false, "a+b=c", 38.44089, 7.33, 0.5},
	{true, "\\left(\\frac{a}{b}\\right)", 19.51001, 12.59027, 7.58972},
	{false, "\\begin{pmatrix}a&b\\\\c&d\\end{pmatrix}", 33.12999, 14.58028, 9.57973},
	{false, "\\hat{x}", 5.12, 7.0, 0.11},
	{true, "\\int_{0}^{1}", 11.611, 14.38889, 6.97621},
	{false, "\\int_{0}^{1}", 11.021, 11.37889, 3.96622},
	{false, "\\overline{x}", 5.12, 7.81966, 0.11},
	{false, "\\binom{n}{k}", 14.45241, 8.40027, 3.39972},
	{true, "\\binom{n}{k}", 19.13998, 14.58028, 9.57973},
	{false, "\\sqrt[3]{x}", 12.4175, 7.80502, 0.69499},
	{false, "\\frac{f}{x^2}", 10.5185, 11.15485, 4.74924},
	{false, "\\big(", 4.56, 7.46826, 2.4677},
	{false, "\\Bigg(", 6.79, 14.92023, 9.91966},
	{false, "\\widehat{xyz}", 14.73999, 7.14, 2.76},
	{false, "x'", 8.18779, 7.37357, 0.11},
	{false, "xyz", 14.73999, 4.82, 2.76},
	{true, "\\sum_{i=1}^{n} x_i^2", 23.92781, 15.74344, 12.31168},
	{true, "\\hat{y} = \\sigma(w^\\top x + b)", 68.67488, 8.35037, 2.76},
	{true, "\\mathcal{L}(\\theta) = -\\frac{1}{N}\\sum_{i=1}^{N} \\log p_\\theta(y_i \\mid x_i)", 127.22931, 17.31223, 12.31168},
	{false, "\\mathrm{softmax}(z)_i = \\frac{e^{z_i}}{\\sum_j e^{z_j}}", 87.85602, 10.74571, 10.2173},
	{true, "\\mathrm{softmax}(z)_i = \\frac{e^{z_i}}{\\sum_j e^{z_j}}", 92.7136, 14.41406, 13.48212},
	{true, "\\operatorname{Attention}(Q,K,V) = \\operatorname{softmax}\\left(\\frac{QK^\\top}{\\sqrt{d_k}}\\right)V", 180.3873, 18.35191, 15.0997},
	{true, "P(A \\mid B) = \\frac{P(B \\mid A)\\,P(A)}{P(B)}", 110.47495, 14.25078, 8.3007},
	{false, "\\theta_{t+1} = \\theta_t - \\eta \\nabla_\\theta L(\\theta_t)", 90.20084, 7.11, 2.76},
	{true, "F_1 = 2\\cdot\\frac{\\mathrm{precision}\\cdot\\mathrm{recall}}{\\mathrm{precision}+\\mathrm{recall}}", 115.25671, 14.47025, 9.4707},
	{true, "\\bar{x} \\pm z_{\\alpha/2}\\frac{\\sigma}{\\sqrt{n}}", 49.2192, 12.14078, 7.89972},
	{true, "\\lim_{n\\to\\infty} \\left(1+\\frac{1}{n}\\right)^n = e", 80.97865, 16.4301, 9.57973},
	{true, "\\|x\\|_2 = \\sqrt{\\sum_{i=1}^{n} x_i^2}", 62.10483, 18.14345, 12.31168},
	{true, "f(x) = \\begin{cases} 0 & x < 0 \\\\ x & x \\ge 0 \\end{cases}", 76.72206, 16.90022, 11.89967},
	{true, "\\mathbf{A} = \\begin{bmatrix} a_{11} & a_{12} \\\\ a_{21} & a_{22} \\end{bmatrix}", 68.87006, 14.64027, 9.63972},
	{false, "\\mathbb{E}[X] = \\sum_x x\\,p(x)", 77.77066, 7.50027, 3.43962},
	{true, "\\int_{-\\infty}^{\\infty} e^{-x^2}\\,dx = \\sqrt{\\pi}", 77.05432, 12.5315, 6.82822},
	{true, "\\underbrace{a+b}_{n}", 21.11484, 7.33, 9.85316},
	{false, "\\vec{v}\\cdot\\vec{w}", 19.56483, 7.84, 0.11},
	{false, "\\tilde{x} \\approx \\dot{y}", 23.43602, 6.82, 2.76},
	{true, "\\prod_{k=1}^{K} p_k^{y_k}", 28.70409, 17.25302, 12.60028},
	{false, "\\max_{\\theta} \\log L", 47.03603, 7.26, 2.83},
	{true, "\\max_{\\theta} \\log L", 42.27364, 7.26, 7.86255},
	{true, "\\frac{\\partial L}{\\partial w_{ij}} = \\delta_j x_i", 49.22324, 14.53078, 11.09236},
	{false, "a \\ne b \\le c", 39.61209, 7.33, 1.5},
	{true, "x = \\frac{-b \\pm \\sqrt{b^2-4ac}}{2a}", 86.94672, 18.42525, 6.7707},
	{true, "\\sigma(x) = \\frac{1}{1+e^{-x}}", 67.19588, 14.14078, 7.1607},
	{true, "\\left\\| \\frac{x}{2} \\right\\|", 15.56, 12.45027, 7.44972},
	{true, "\\begin{aligned} a &= b + c \\\\ d &= e \\end{aligned}", 39.11089, 16.00027, 10.99973},
	{true, "\\begin{gathered} a = b \\\\ c + d = e \\end{gathered}", 38.50089, 16.00027, 10.99973},
	{true, "\\begin{array}{cc} a & b \\\\ c & d \\end{array}", 29.55, 14.50027, 9.49973},
	{true, "\\begin{array}{c|c} a & b \\\\ \\hline c & d \\end{array}", 29.55, 14.70027, 9.69972},
	{false, "\\begin{smallmatrix} a & b \\\\ c & d \\end{smallmatrix}", 14.02116, 8.75587, 3.75533},
	{true, "\\begin{vmatrix} a & b \\\\ c & d \\end{vmatrix}", 24.03001, 14.50027, 9.49973},
	{true, "\\sqrt{\\frac{a}{b}}", 14.45999, 15.24055, 7.65945},
	{true, "\\frac{\\frac{a}{b}}{\\frac{c}{d}}", 8.98099, 16.43486, 11.43431},
	{true, "\\left[ x \\middle| y \\right]", 20.95999, 7.50027, 2.76},
	{false, "\\Big( x \\Big)", 15.73999, 9.95224, 4.95169},
	{false, "(x)^2", 18.281, 8.63898, 1.64},
	{false, "\\dot{x}\\ddot{y}\\tilde{z}\\vec{v}", 19.79, 7.84, 2.76},
	{false, "\\hat{f}", 4.41, 9.33, 2.76},
	{true, "\\int_a^b f(x)\\,dx", 42.88861, 14.67749, 6.90962},
	{true, "\\sum_{i=1}^{n}\\sum_{j=1}^{m} a_{ij}", 38.10724, 15.74344, 14.28748},
	{false, "e^{-x^2/2}", 26.03989, 9.94975, 0.11},
	{false, "x_{i,j}^{(k)}", 15.795, 9.93779, 5.3004},
	{true, "\\sqrt{1+\\sqrt{1+x}}", 53.40965, 13.47002, 2.22998},
	{false, "\\left\\langle u, v \\right\\rangle", 22.59682, 6.58028, 1.57973},
	{true, "\\frac{1}{\\sqrt{2\\pi\\sigma^2}} e^{-\\frac{(x-\\mu)^2}{2\\sigma^2}}", 65.92749, 16.37688, 11.49971},
	{true, "\\arg\\max_{\\theta} p(\\theta)", 55.97363, 7.11, 7.86255},
	{true, "\\lVert w \\rVert_2^2", 19.471, 8.63898, 3.20264},
	{false, "a \\cdots b \\ldots c", 37.10727, 7.33, 0.11},
	{false, "a \\xrightarrow{abc} b", 31.4303, 11.90535, 0.11},
	{true, "\\overbrace{a+b+c+d+e+f}^{n}", 87.00418, 16.51315, 2.76},
	{true, "\\underbrace{a+b+c+d+e+f}_{n}", 87.00418, 7.33, 12.24315},
	{false, "x \\not= y", 23.45602, 6.5, 2.76},
	{false, "\\lim_{n\\to\\infty}", 33.8686, 7.26, 2.38686},
	{false, "\\operatorname{Var}(X)", 32.46, 6.92, 1.64},
	{true, "\\iint_D f", 21.32, 10.97028, 6.85042},
	{false, "\\underline{y}", 5.18, 4.82, 5.75964},
	{true, "\\overset{!}{=}", 7.6, 11.47234, 0.0},
	/* rule 12's scripts, \substack, \scriptspace, \colon, \iff, ':',
	 * \int's italic correction, Inner matrices, the gaps of cur_f */
	{false, "\\hat{y}_i^2", 9.861, 8.639, 3.106},
	{true, "\\sum_{\\substack{i=1 \\\\ i \\ne j}}", 12.460, 9.710, 20.200},
	{true, "x_{i_{j_k}}", 14.049, 4.820, 6.397},
	{false, "f\\colon A", 18.875, 7.330, 2.760},
	{true, "a \\iff b", 34.732, 7.330, 0.110},
	{false, "a:b", 17.426, 7.330, 0.110},
	{false, "\\int", 6.340, 7.960, 2.960},
	{true, "\\begin{pmatrix} 1 \\end{pmatrix}\\begin{pmatrix} 1 \\end{pmatrix}", 31.307, 8.5, 3.5},
	{true, "\\frac{a}{\\frac{c}{d}}", 8.981, 12.021, 11.434},
	{true, "a_0 + \\cfrac{1}{a_1 + \\cfrac{1}{a_2 + \\cfrac{1}{a_3}}}", 76.218, 16.400, 40.729},
};

/* Known differences, each within 4 % (none now: the display fraction of
 * fractions, once one, takes its gaps at script size as XeTeX does). */
static const char *const known_off[] = {""};

static void test_pagella(void **state)
{
	(void)state;
	if (!pcache)
		skip();
	real_fails = 0;
	for (size_t i = 0; i < sizeof pagella / sizeof *pagella; i++) {
		const ov_math *m = ov_math_parse(&arena, pagella[i].src, strlen(pagella[i].src), pagella[i].display, NULL);
		assert_true(m->ok);
		const ov_mlayout *L = ov_math_layout(&arena, m->list, pagella[i].display, &env);
		char name[24];
		snprintf(name, sizeof name, "%.20s", pagella[i].src);
		int before = real_fails;
		near_tex(name, &L->box, pagella[i].w, pagella[i].h, pagella[i].d);
		for (size_t k = 0; k < sizeof known_off / sizeof *known_off; k++)
			if (!strcmp(pagella[i].src, known_off[k]) && real_fails > before) {
				const ov_mbox *b = &L->box;
				assert_true(fabs(b->depth - pagella[i].d) < 0.04 * pagella[i].d);
				printf("(a known difference)\n");
				real_fails = before;
			}
	}
	printf("%d of %zu figures off by more than 3 %%\n", real_fails, 3 * sizeof pagella / sizeof *pagella);
	assert_int_equal(real_fails, 0);
}

/* \boxed, \smash, glue with plus/minus and \cfrac[l]/[r] in Pagella
 * against XeLaTeX (measured as above; \boxed is \fbox: 3 pt of room and
 * 0.4 pt rules). The frame is four rules around the body; the numerator
 * of \cfrac[l] starts at the fraction's left edge, of [r] ends at its
 * right edge. */
static const struct {
	bool display;
	const char *src;
	double w, h, d;
} framed[] = {
	{false, "\\boxed{x}", 11.91998, 8.22, 3.51},
	{false, "\\boxed{a=b}", 29.02603, 10.73, 3.51},
	{false, "\\boxed{\\frac{a}{b}}", 13.82999, 15.42078, 10.2397},
	{false, "\\smash{\\frac{a}{b}}", 6.28499, 0.0, 0.0},
	{false, "\\smash[t]{\\frac{a}{b}}", 6.28499, 0.0, 4.1933},
	{false, "\\smash[b]{\\frac{a}{b}}", 6.28499, 8.25731, 0.0},
	{false, "x\\hskip 2pt plus 1fil minus 1pt y", 12.29999, 4.82, 2.76},
	{false, "x\\mskip 6mu plus 2mu y", 13.6336, 4.82, 2.76},
};

static void test_boxed_smash(void **state)
{
	(void)state;
	if (!pcache)
		skip();
	real_fails = 0;
	for (size_t i = 0; i < sizeof framed / sizeof *framed; i++) {
		const ov_math *m = ov_math_parse(&arena, framed[i].src, strlen(framed[i].src), framed[i].display, NULL);
		assert_true(m->ok);
		const ov_mlayout *L = ov_math_layout(&arena, m->list, framed[i].display, &env);
		near_tex(framed[i].src, &L->box, framed[i].w, framed[i].h, framed[i].d);
	}
	assert_int_equal(real_fails, 0);
	/* the frame of \boxed{x}: 0.4 pt rules on the box's edges */
	const ov_math *m = ov_math_parse(&arena, "\\boxed{x}", 9, false, NULL);
	const ov_mlayout *L = ov_math_layout(&arena, m->list, false, &env);
	int rules = 0;
	for (size_t i = 0; i < L->box.count; i++) {
		const ov_mitem *it = &L->box.items[i];
		if (it->kind != OV_MITEM_RULE)
			continue;
		rules++;
		assert_true(fabs(it->w - 0.4) < 1e-6 || fabs(it->h - 0.4) < 1e-6);
		assert_true(it->x >= -1e-6 && it->x + it->w <= L->box.width + 1e-6);
		assert_true(it->y >= -L->box.depth - 1e-6 && it->y + it->h <= L->box.height + 1e-6);
	}
	assert_int_equal(rules, 4);
	/* the x inside: 3.4 pt from the left edge */
	for (size_t i = 0; i < L->box.count; i++)
		if (L->box.items[i].kind == OV_MITEM_GLYPH)
			assert_true(fabs(L->box.items[i].x - 3.4) < 1e-6);
	/* \cfrac[l] and [r]: the numerator 1 against the left or right edge
	 * of the rule (between the null delimiters' 1.2 pt) */
	const char *const cf[] = {"\\cfrac[l]{1}{x+y+z}", "\\cfrac{1}{x+y+z}", "\\cfrac[r]{1}{x+y+z}"};
	double x1[3] = {0};
	double rule_x = 0, rule_w = 0, one_w = 0;
	for (int k = 0; k < 3; k++) {
		m = ov_math_parse(&arena, cf[k], strlen(cf[k]), true, NULL);
		L = ov_math_layout(&arena, m->list, true, &env);
		for (size_t i = 0; i < L->box.count; i++) {
			const ov_mitem *it = &L->box.items[i];
			if (it->kind == OV_MITEM_RULE)
				rule_x = it->x, rule_w = it->w;
			else if (it->kind == OV_MITEM_GLYPH && it->y > 0)
				x1[k] = it->x, one_w = it->w;
		}
	}
	assert_true(fabs(x1[0] - rule_x) < 1e-6);
	assert_true(x1[1] > x1[0] + 1 && x1[2] > x1[1] + 1);
	(void)one_w;
	(void)rule_w;
	printf("cfrac numerator x: l %.3f c %.3f r %.3f (rule %.3f + %.3f)\n", x1[0], x1[1], x1[2], rule_x, rule_w);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_superscript, setup, teardown),
		cmocka_unit_test_setup_teardown(test_subscript, setup, teardown),
		cmocka_unit_test_setup_teardown(test_sub_superscript, setup, teardown),
		cmocka_unit_test_setup_teardown(test_italic_correction, setup, teardown),
		cmocka_unit_test_setup_teardown(test_fraction, setup, teardown),
		cmocka_unit_test_setup_teardown(test_radical, setup, teardown),
		cmocka_unit_test_setup_teardown(test_limits, setup, teardown),
		cmocka_unit_test_setup_teardown(test_spacing_and_chunks, setup, teardown),
		cmocka_unit_test_setup_teardown(test_delimiter_size, setup, teardown),
		cmocka_unit_test_setup_teardown(test_pmatrix, setup, teardown),
		cmocka_unit_test_setup_teardown(test_accent, setup, teardown),
		cmocka_unit_test_setup_teardown(test_accent_scripts, setup, teardown),
		cmocka_unit_test_setup_teardown(test_aligned_rows, setup, teardown),
		cmocka_unit_test_setup_teardown(test_break_rows, setup, teardown),
		cmocka_unit_test_setup_teardown(test_deep_and_missing, setup, teardown),
		cmocka_unit_test_setup_teardown(test_text, setup, teardown),
		cmocka_unit_test_setup_teardown(test_spaces, setup, teardown),
		cmocka_unit_test_setup_teardown(test_script_space, setup, teardown),
		cmocka_unit_test_setup_teardown(test_substack, setup, teardown),
		cmocka_unit_test_setup_teardown(test_fraction_gaps, setup, teardown),
		cmocka_unit_test_setup_teardown(test_dump, setup, teardown),
		cmocka_unit_test_setup_teardown(test_eqref_link, setup, teardown),
		cmocka_unit_test_setup_teardown(test_pagella, setup_real, teardown_real),
		cmocka_unit_test_setup_teardown(test_boxed_smash, setup_real, teardown_real),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
