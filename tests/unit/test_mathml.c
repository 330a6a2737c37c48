/* test_mathml.c - math lists as MathML (math/mathml.c) and formulas in
 * the EPUB (epub/math.c): the elements and the few attributes written for
 * each kind of noad, escaping, equation numbers and anchors, depth, and a
 * chapter with formulas in a whole EPUB (MathML in the content document,
 * the manifest's "mathml" property, the stylesheet's rules). The lists are
 * built by hand, as the parser would make them; every output is checked
 * to be well-formed XML with libxml2. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/parser.h>
#include <zip.h>

#include "epub/epub.h"
#include "markdown/markdown.h"
#include "math/math.h"
#include "util/buf.h"

static ov_arena A;

static ov_mnode *node(ov_mkind k)
{
	ov_mnode *n = ov_arena_alloc(&A, sizeof *n);
	n->kind = k;
	return n;
}

static ov_mnode *atom(ov_mclass cls, uint32_t cp)
{
	ov_mnode *n = node(OV_MN_ATOM);
	n->cls = cls;
	n->u.atom.cp = cp;
	return n;
}

#define ORD(cp) atom(OV_MCLASS_ORD, cp)
/* U+1D44E.. MATHEMATICAL ITALIC SMALL A.. (h is U+210E) */
#define IT(c) ORD((c) == 'h' ? 0x210E : 0x1D44E + ((c) - 'a'))

/* Links the nodes into a list (NULL-terminated arguments). */
static ov_mnode *seq(ov_mnode *first, ...)
{
	va_list ap;
	va_start(ap, first);
	ov_mnode *last = first;
	ov_mnode *n;
	while ((n = va_arg(ap, ov_mnode *))) {
		while (last->next)
			last = last->next;
		last->next = n;
		last = n;
	}
	va_end(ap);
	return first;
}

static ov_mnode *digits(const char *s)
{
	ov_mnode *first = NULL, **tail = &first;
	for (; *s; s++) {
		*tail = ORD((unsigned char)*s);
		tail = &(*tail)->next;
	}
	return first;
}

static ov_mnode *word(const char *s) { return digits(s); }

static ov_math *formula(ov_mnode *list, bool display, const char *src)
{
	ov_math *m = ov_arena_alloc(&A, sizeof *m);
	m->list = list;
	m->display = display;
	m->ok = true;
	m->src = src;
	m->len = strlen(src);
	return m;
}

static void well_formed(const char *xml)
{
	xmlDocPtr d = xmlReadMemory(xml, (int)strlen(xml), "x.xml", NULL, XML_PARSE_NONET | XML_PARSE_HUGE | XML_PARSE_NOERROR |
	                                                                     XML_PARSE_NOWARNING);
	if (!d)
		fail_msg("not well-formed XML:\n%s", xml);
	xmlFreeDoc(d);
}

static const char *ref_fn(void *ctx, const char *label)
{
	(void)ctx;
	return strcmp(label, "loss") == 0 ? "2.1" : NULL;
}

/* The MathML of m without the math element's start tag, checked to be
 * well-formed; static buffer. */
static const char *ml(const ov_math *m, const char *const *nums, const char *const *ids)
{
	static char out[8192];
	ov_buf b = OV_BUF_INIT;
	ov_math_mathml(&b, m, ref_fn, NULL, nums, ids);
	well_formed(ov_buf_cstr(&b));
	const char *s = strchr(ov_buf_cstr(&b), '>') + 1;
	snprintf(out, sizeof out, "%s", s);
	ov_buf_dispose(&b);
	size_t n = strlen(out);
	assert_true(n > 7 && strcmp(out + n - 7, "</math>") == 0);
	out[n - 7] = '\0';
	return out;
}

static int setup(void **state)
{
	(void)state;
	ov_arena_init(&A);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	ov_arena_dispose(&A);
	return 0;
}

static void test_mathml__tokens_and_numbers(void **state)
{
	(void)state;
	/* x+12.5=y': identifiers, one mn for a decimal number, operators as
	 * the dictionary spaces them */
	ov_mnode *y = IT('y');
	y->primes = 1;
	ov_math *m = formula(seq(IT('x'), atom(OV_MCLASS_BIN, '+'), digits("12.5"), atom(OV_MCLASS_REL, '='), y, NULL),
	                     false, "x+12.5=y'");
	assert_string_equal(ml(m, NULL, NULL),
	                    "<mi>\xF0\x9D\x91\xA5</mi><mo>+</mo><mn>12.5</mn><mo>=</mo>"
	                    "<msup><mi>\xF0\x9D\x91\xA6</mi><mo lspace=\"0\" rspace=\"0\">\xE2\x80\xB2</mo></msup>");
	/* 1.2.3: one point per number; a trailing point is not the number's */
	m = formula(digits("1.2.3."), false, "1.2.3.");
	assert_string_equal(ml(m, NULL, NULL), "<mn>1.2</mn><mo lspace=\"0\" rspace=\"0\">.</mo><mn>3</mn>"
	                                       "<mo lspace=\"0\" rspace=\"0\">.</mo>");
}

static void test_mathml__alttext_and_start_tag(void **state)
{
	(void)state;
	ov_math *m = formula(seq(IT('a'), atom(OV_MCLASS_REL, '<'), IT('b'), NULL), false, "a<b & \"c\" 'd'");
	ov_buf b = OV_BUF_INIT;
	ov_math_mathml(&b, m, NULL, NULL, NULL, NULL);
	assert_string_equal(ov_buf_cstr(&b),
	                    "<math xmlns=\"http://www.w3.org/1998/Math/MathML\" display=\"inline\" "
	                    "alttext=\"a&lt;b &amp; &#34;c&#34; &#39;d&#39;\"><mi>\xF0\x9D\x91\x8E</mi>"
	                    "<mo>&lt;</mo><mi>\xF0\x9D\x91\x8F</mi></math>");
	ov_buf_clear(&b);
	/* a display; controls and broken UTF-8 of the source become U+FFFD */
	m = formula(IT('a'), true, "a\x01\xC3");
	ov_math_mathml(&b, m, NULL, NULL, NULL, NULL);
	assert_non_null(strstr(ov_buf_cstr(&b), "display=\"block\" alttext=\"a\xEF\xBF\xBD\xEF\xBF\xBD\">"));
	ov_buf_dispose(&b);
}

static void test_mathml__upright_letters(void **state)
{
	(void)state;
	/* \mathrm{d}x, \Gamma, \alpha (italic already), \infty, \partial as TeX sets it */
	ov_math *m = formula(seq(ORD('d'), IT('x'), ORD(0x393), ORD(0x1D6FC), ORD(0x221E), ORD(0x2202), NULL),
	                     false, "\\mathrm{d}x\\Gamma\\alpha\\infty\\partial");
	assert_string_equal(ml(m, NULL, NULL),
	                    "<mi mathvariant=\"normal\">d</mi><mi>\xF0\x9D\x91\xA5</mi>"
	                    "<mi mathvariant=\"normal\">\xCE\x93</mi><mi>\xF0\x9D\x9B\xBC</mi>"
	                    "<mi>\xE2\x88\x9E</mi><mi mathvariant=\"normal\">\xE2\x88\x82</mi>");
}

static void test_mathml__ords_opens_and_closes(void **state)
{
	(void)state;
	/* |x| and n!/2 with TeX's classes; f(x) with unstretched parentheses */
	ov_math *m = formula(seq(ORD('|'), IT('x'), ORD('|'), IT('n'), atom(OV_MCLASS_CLOSE, '!'), ORD('/'), digits("2"),
	                         IT('f'), atom(OV_MCLASS_OPEN, '('), IT('x'), atom(OV_MCLASS_CLOSE, ')'), NULL),
	                     false, "|x|n!/2f(x)");
	assert_string_equal(ml(m, NULL, NULL),
	                    "<mo stretchy=\"false\" lspace=\"0\" rspace=\"0\">|</mo><mi>\xF0\x9D\x91\xA5</mi>"
	                    "<mo stretchy=\"false\" lspace=\"0\" rspace=\"0\">|</mo>"
	                    "<mi>\xF0\x9D\x91\x9B</mi><mo stretchy=\"false\">!</mo>"
	                    "<mo stretchy=\"false\" lspace=\"0\" rspace=\"0\">/</mo><mn>2</mn>"
	                    "<mi>\xF0\x9D\x91\x93</mi><mo stretchy=\"false\">(</mo><mi>\xF0\x9D\x91\xA5</mi>"
	                    "<mo stretchy=\"false\">)</mo>");
	/* \Big( : amsmath's size, both ways */
	ov_mnode *big = atom(OV_MCLASS_OPEN, '(');
	big->u.atom.big = 2;
	m = formula(big, false, "\\Big(");
	assert_string_equal(ml(m, NULL, NULL), "<mo stretchy=\"true\" symmetric=\"true\" minsize=\"1.8em\" "
	                                       "maxsize=\"1.8em\" lspace=\"0\" rspace=\"0\">(</mo>");
	/* \not\approx: the combining overlay */
	ov_mnode *ne = atom(OV_MCLASS_REL, 0x2248);
	ne->u.atom.negated = true;
	m = formula(ne, false, "\\not\\approx");
	assert_string_equal(ml(m, NULL, NULL), "<mo>\xE2\x89\x88\xCC\xB8</mo>");
}

static void test_mathml__large_operators(void **state)
{
	(void)state;
	/* \sum_{i=1}^n x_i: limits above and below in a display, at the side inline */
	ov_mnode *sum = atom(OV_MCLASS_OP, 0x2211);
	sum->u.atom.large_op = true;
	sum->sub = seq(IT('i'), atom(OV_MCLASS_REL, '='), digits("1"), NULL);
	sum->sup = IT('n');
	ov_mnode *x = IT('x');
	x->sub = IT('i');
	sum->next = x;
	ov_math *m = formula(sum, true, "\\sum_{i=1}^n x_i");
	assert_string_equal(ml(m, NULL, NULL),
	                    "<munderover><mo movablelimits=\"false\">\xE2\x88\x91</mo><mrow><mi>\xF0\x9D\x91\x96</mi>"
	                    "<mo>=</mo><mn>1</mn></mrow><mi>\xF0\x9D\x91\x9B</mi></munderover>"
	                    "<msub><mi>\xF0\x9D\x91\xA5</mi><mi>\xF0\x9D\x91\x96</mi></msub>");
	m->display = false;
	assert_true(strncmp(ml(m, NULL, NULL), "<msubsup><mo>\xE2\x88\x91</mo>", 19) == 0);
	/* \sum\limits inline goes under and over; \int in a display at the side */
	sum->limits = OV_MLIMITS_YES;
	assert_true(strncmp(ml(m, NULL, NULL), "<munderover><mo movablelimits=\"false\">", 38) == 0);
	ov_mnode *in = atom(OV_MCLASS_OP, 0x222B);
	in->sub = digits("0");
	in->sup = digits("1");
	m = formula(in, true, "\\int_0^1");
	assert_string_equal(ml(m, NULL, NULL), "<msubsup><mo>\xE2\x88\xAB</mo><mn>0</mn><mn>1</mn></msubsup>");
}

static void test_mathml__named_operators(void **state)
{
	(void)state;
	/* \sin x: an mi, function application, TeX's thin space before an Ord */
	ov_mnode *sin = atom(OV_MCLASS_OP, 0);
	sin->u.atom.list = word("sin");
	sin->limits = OV_MLIMITS_NO;
	sin->next = IT('x');
	ov_math *m = formula(sin, false, "\\sin x");
	assert_string_equal(ml(m, NULL, NULL),
	                    "<mi>sin</mi><mo>&#x2061;</mo><mspace width=\"0.167em\"/><mi>\xF0\x9D\x91\xA5</mi>");
	/* \lim_{n} a in a display: the limit under the mi; no space before '(' */
	ov_mnode *lim = atom(OV_MCLASS_OP, 0);
	lim->u.atom.list = word("lim");
	lim->sub = IT('n');
	lim->next = atom(OV_MCLASS_OPEN, '(');
	m = formula(lim, true, "\\lim_n(");
	assert_string_equal(ml(m, NULL, NULL), "<munder><mi>lim</mi><mi>\xF0\x9D\x91\x9B</mi></munder><mo>&#x2061;</mo>"
	                                       "<mo stretchy=\"false\">(</mo>");
}

static void test_mathml__fractions_roots_accents(void **state)
{
	(void)state;
	ov_mnode *f = node(OV_MN_FRAC);
	f->u.frac.num = IT('a');
	f->u.frac.den = seq(IT('b'), atom(OV_MCLASS_BIN, '+'), digits("1"), NULL);
	f->u.frac.thickness = -1;
	f->u.frac.style = OV_MSTYLE_NONE;
	ov_mnode *bin = node(OV_MN_FRAC);
	bin->u.frac.num = IT('n');
	bin->u.frac.den = IT('k');
	bin->u.frac.left = '(';
	bin->u.frac.right = ')';
	bin->u.frac.style = OV_MSTYLE_NONE;
	ov_mnode *d = node(OV_MN_FRAC);
	d->u.frac.num = digits("1");
	d->u.frac.den = digits("2");
	d->u.frac.thickness = -1;
	d->u.frac.style = OV_MSTYLE_D;
	ov_math *m = formula(seq(f, bin, d, NULL), false, "\\frac a{b+1}\\binom nk\\dfrac12");
	assert_string_equal(ml(m, NULL, NULL),
	                    "<mfrac><mi>\xF0\x9D\x91\x8E</mi><mrow><mi>\xF0\x9D\x91\x8F</mi><mo>+</mo><mn>1</mn></mrow>"
	                    "</mfrac><mrow><mo>(</mo><mfrac linethickness=\"0\"><mi>\xF0\x9D\x91\x9B</mi>"
	                    "<mi>\xF0\x9D\x91\x98</mi></mfrac><mo>)</mo></mrow>"
	                    "<mstyle displaystyle=\"true\" scriptlevel=\"0\"><mfrac><mn>1</mn><mn>2</mn></mfrac>"
	                    "</mstyle>");
	ov_mnode *sq = node(OV_MN_RADICAL);
	sq->u.radical.body = seq(IT('x'), atom(OV_MCLASS_BIN, '+'), IT('y'), NULL);
	ov_mnode *rt = node(OV_MN_RADICAL);
	rt->u.radical.body = IT('x');
	rt->u.radical.degree = digits("3");
	ov_mnode *hat = node(OV_MN_ACCENT);
	hat->u.accent.cp = 0x302;
	hat->u.accent.body = IT('y');
	ov_mnode *ol = node(OV_MN_OVERUNDER);
	ol->u.overunder.body = seq(IT('a'), IT('b'), NULL);
	ol->u.overunder.over_cp = 0x203E;
	ov_mnode *ub = node(OV_MN_OVERUNDER);
	ub->u.overunder.body = IT('a');
	ub->u.overunder.under_cp = 0x23DF;
	ub->u.overunder.under = IT('n');
	m = formula(seq(sq, rt, hat, ol, ub, NULL), false, "...");
	assert_string_equal(ml(m, NULL, NULL),
	                    "<msqrt><mi>\xF0\x9D\x91\xA5</mi><mo>+</mo><mi>\xF0\x9D\x91\xA6</mi></msqrt>"
	                    "<mroot><mi>\xF0\x9D\x91\xA5</mi><mn>3</mn></mroot>"
	                    "<mover accent=\"true\"><mi>\xF0\x9D\x91\xA6</mi><mo stretchy=\"false\">\xCB\x86</mo></mover>"
	                    "<mover accent=\"true\"><mrow><mi>\xF0\x9D\x91\x8E</mi><mi>\xF0\x9D\x91\x8F</mi></mrow>"
	                    "<mo stretchy=\"true\">\xE2\x80\xBE</mo></mover>"
	                    "<munder><munder accentunder=\"true\"><mi>\xF0\x9D\x91\x8E</mi>"
	                    "<mo stretchy=\"true\">\xE2\x8F\x9F</mo></munder><mi>\xF0\x9D\x91\x9B</mi></munder>");
}

static void test_mathml__fenced_space_text_ref(void **state)
{
	(void)state;
	ov_mnode *fe = node(OV_MN_FENCED);
	fe->cls = OV_MCLASS_INNER;
	uint32_t delims[] = {'(', '|', 0};
	ov_mnode *bodies[] = {IT('a'), IT('b')};
	fe->u.fenced.count = 2;
	fe->u.fenced.delims = delims;
	fe->u.fenced.bodies = bodies;
	ov_mnode *sp = node(OV_MN_SPACE);
	sp->u.space.mu = -3;
	ov_mnode *q = node(OV_MN_SPACE);
	q->u.space.mu = 18;
	ov_mnode *t = node(OV_MN_TEXT);
	t->u.text.text = " if <x> ";
	t->u.text.len = 8;
	ov_mnode *r1 = node(OV_MN_REF);
	r1->u.ref.label = "loss";
	r1->u.ref.paren = true;
	ov_mnode *r2 = node(OV_MN_REF);
	r2->u.ref.label = "nope";
	ov_math *m = formula(seq(fe, sp, q, t, r1, r2, NULL), false, "...");
	assert_string_equal(ml(m, NULL, NULL),
	                    "<mrow><mo fence=\"true\" form=\"prefix\" stretchy=\"true\" symmetric=\"true\">(</mo>"
	                    "<mi>\xF0\x9D\x91\x8E</mi><mo fence=\"true\" form=\"infix\" stretchy=\"true\" "
	                    "symmetric=\"true\" lspace=\"0\" rspace=\"0\">|</mo><mi>\xF0\x9D\x91\x8F</mi></mrow>"
	                    "<mspace width=\"-0.167em\"/><mspace width=\"1.000em\"/>"
	                    "<mtext>\xC2\xA0if &lt;x&gt;\xC2\xA0</mtext><mtext>(2.1)</mtext><mtext>?\?</mtext>");
}

static ov_mnode *aligned(void)
{
	/* a &= b \\ c &= d */
	ov_mnode *a = node(OV_MN_ARRAY);
	a->u.array.akind = OV_MARRAY_ALIGNED;
	a->u.array.rows = 2;
	a->u.array.cols = 2;
	ov_mnode **cells = ov_arena_alloc(&A, 4 * sizeof *cells);
	cells[0] = IT('a');
	cells[1] = seq(atom(OV_MCLASS_REL, '='), IT('b'), NULL);
	cells[2] = IT('c');
	cells[3] = seq(atom(OV_MCLASS_REL, '='), IT('d'), NULL);
	a->u.array.cells = cells;
	static char rl[] = "rl";
	a->u.array.align = rl;
	return a;
}

static void test_mathml__arrays(void **state)
{
	(void)state;
	ov_math *m = formula(aligned(), true, "...");
	assert_string_equal(ml(m, NULL, NULL),
	                    "<mtable displaystyle=\"true\" class=\"ov-align\"><mtr>"
	                    "<mtd columnalign=\"right\" class=\"ov-r\"><mi>\xF0\x9D\x91\x8E</mi></mtd>"
	                    "<mtd columnalign=\"left\" class=\"ov-l\"><mo form=\"infix\">=</mo><mi>\xF0\x9D\x91\x8F</mi></mtd>"
	                    "</mtr><mtr><mtd columnalign=\"right\" class=\"ov-r\"><mi>\xF0\x9D\x91\x90</mi></mtd>"
	                    "<mtd columnalign=\"left\" class=\"ov-l\"><mo form=\"infix\">=</mo><mi>\xF0\x9D\x91\x91</mi></mtd>"
	                    "</mtr></mtable>");
	/* pmatrix with an empty cell, vertical rule */
	ov_mnode *p = node(OV_MN_ARRAY);
	p->u.array.akind = OV_MARRAY_MATRIX;
	p->u.array.rows = 1;
	p->u.array.cols = 2;
	ov_mnode **cells = ov_arena_alloc(&A, 2 * sizeof *cells);
	cells[0] = digits("1");
	p->u.array.cells = cells;
	static char cc[] = "cc";
	p->u.array.align = cc;
	bool vl[] = {false, true, false};
	p->u.array.vlines = vl;
	p->u.array.left = '(';
	p->u.array.right = ')';
	m = formula(p, false, "...");
	assert_string_equal(ml(m, NULL, NULL),
	                    "<mrow><mo fence=\"true\" form=\"prefix\" stretchy=\"true\" symmetric=\"true\">(</mo>"
	                    "<mtable columnlines=\"solid\"><mtr><mtd><mn>1</mn></mtd><mtd class=\"ov-vl\"></mtd></mtr>"
	                    "</mtable><mo fence=\"true\" form=\"postfix\" stretchy=\"true\" symmetric=\"true\">)</mo>"
	                    "</mrow>");
}

static void test_mathml__equation_numbers(void **state)
{
	(void)state;
	/* one numbered equation: pad, formula, number; the anchor on the row */
	ov_math *m = formula(seq(IT('a'), atom(OV_MCLASS_REL, '='), IT('b'), NULL), true, "a=b\\label{x}");
	ov_mrow_tag tag = {true, NULL, false, "x", 0};
	m->rows = &tag;
	m->row_count = 1;
	const char *nums[] = {"3.2"};
	const char *ids[] = {"eq-3-2"};
	assert_string_equal(ml(m, nums, ids),
	                    "<mtable displaystyle=\"true\" class=\"ov-eqn\"><mtr id=\"eq-3-2\">"
	                    "<mtd class=\"ov-eqpad\"></mtd><mtd><mi>\xF0\x9D\x91\x8E</mi><mo>=</mo>"
	                    "<mi>\xF0\x9D\x91\x8F</mi></mtd><mtd class=\"ov-eqgap\"></mtd><mtd class=\"ov-eqno\"><mtext>(3.2)</mtext></mtd>"
	                    "</mtr></mtable>");
	/* no numbers given: a plain display */
	assert_string_equal(ml(m, NULL, NULL), "<mi>\xF0\x9D\x91\x8E</mi><mo>=</mo><mi>\xF0\x9D\x91\x8F</mi>");
	/* align: numbered row by row, the second row unnumbered */
	ov_mnode *a = aligned();
	ov_mrow_tag tags[2] = {{true, NULL, false, NULL, 0}, {false, NULL, false, NULL, 0}};
	a->u.array.tags = tags;
	m = formula(a, true, "...");
	m->rows = tags;
	m->row_count = 2;
	const char *nums2[] = {"1", NULL};
	const char *ids2[] = {"eq-1", NULL};
	const char *s = ml(m, nums2, ids2);
	assert_non_null(strstr(s, "<mtable displaystyle=\"true\" class=\"ov-eqn ov-align\"><mtr id=\"eq-1\">"
	                          "<mtd class=\"ov-eqpad\"></mtd><mtd columnalign=\"right\""));
	assert_non_null(strstr(s, "<mtd class=\"ov-eqgap\"></mtd><mtd class=\"ov-eqno\"><mtext>(1)</mtext></mtd></mtr><mtr><mtd class=\"ov-eqpad\">"));
	assert_non_null(strstr(s, "<mtd class=\"ov-eqgap\"></mtd><mtd class=\"ov-eqno\"></mtd></mtr></mtable>"));
	/* \\ at the top of a display: centred rows */
	ov_mnode *br = node(OV_MN_BREAK);
	m = formula(seq(IT('a'), br, IT('b'), NULL), true, "a\\\\b");
	assert_string_equal(ml(m, NULL, NULL), "<mtable displaystyle=\"true\" class=\"ov-gather\"><mtr><mtd>"
	                                       "<mi>\xF0\x9D\x91\x8E</mi></mtd></mtr><mtr><mtd><mi>\xF0\x9D\x91\x8F</mi>"
	                                       "</mtd></mtr></mtable>");
}

static void test_mathml__styles_phantoms_deep(void **state)
{
	(void)state;
	ov_mnode *st = node(OV_MN_STYLE);
	st->u.style.style = OV_MSTYLE_S;
	ov_mnode *ph = node(OV_MN_PHANTOM);
	ph->u.phantom.body = IT('x');
	ph->u.phantom.height = true;
	ov_math *m = formula(seq(IT('a'), st, IT('b'), ph, NULL), false, "...");
	assert_string_equal(ml(m, NULL, NULL),
	                    "<mi>\xF0\x9D\x91\x8E</mi><mstyle displaystyle=\"false\" scriptlevel=\"1\">"
	                    "<mi>\xF0\x9D\x91\x8F</mi><mpadded width=\"0\"><mphantom><mi>\xF0\x9D\x91\xA5</mi>"
	                    "</mphantom></mpadded></mstyle>");
	/* nesting far beyond the parser's limit is cut short, well-formed */
	ov_mnode *inner = IT('x');
	for (int i = 0; i < 100000; i++) {
		ov_mnode *g = atom(OV_MCLASS_ORD, 0);
		g->u.atom.list = inner;
		g->sup = IT('y');
		inner = g;
	}
	m = formula(inner, false, "...");
	ov_buf b = OV_BUF_INIT;
	ov_math_mathml(&b, m, NULL, NULL, NULL, NULL);
	well_formed(ov_buf_cstr(&b));
	assert_true(b.len < 100000);
	ov_buf_dispose(&b);
}

/* ---- in the EPUB ---- */

static const char chapter_md[] = "# Formulas\n\nText before.\n\nText after.\n";

static char *entry(const unsigned char *data, size_t len, const char *name)
{
	zip_error_t err;
	zip_error_init(&err);
	zip_source_t *src = zip_source_buffer_create(data, len, 0, &err);
	zip_t *za = zip_open_from_source(src, ZIP_RDONLY, &err);
	assert_non_null(za);
	char *out = NULL;
	zip_stat_t st;
	if (zip_stat(za, name, 0, &st) == 0) {
		zip_file_t *f = zip_fopen(za, name, 0);
		out = malloc((size_t)st.size + 1);
		assert_int_equal(zip_fread(f, out, st.size), (zip_int64_t)st.size);
		out[st.size] = '\0';
		zip_fclose(f);
	}
	zip_close(za);
	return out;
}

static void expect_in(const char *text, const char *what)
{
	if (!strstr(text, what))
		fail_msg("expected to find\n  %s\nin\n%s", what, text);
}

/* A book of two chapters, formulas put into the first one's tree by hand
 * (as the markdown stage will): an inline one in the first paragraph, a
 * numbered display after it, one that did not parse in the second. */
static void test_mathml__epub(void **state)
{
	(void)state;
	ov_diag diag;
	ov_doc doc;
	ov_diag_init(&diag);
	ov_doc_init(&doc, &diag);
	doc.meta.title = "Math";
	doc.meta.language = "en";
	doc.meta.identifier = "urn:uuid:12345678-1234-5678-9abc-123456789abc";
	doc.meta.output = "test";
	doc.build_time = 1700000000;
	ov_markdown_chapter(&doc, "chapters/01-math.md", chapter_md, sizeof chapter_md - 1);
	ov_markdown_chapter(&doc, "chapters/02-none.md", chapter_md, sizeof chapter_md - 1);
	ov_doc_resolve(&doc, ".");
	ov_node *ch = doc.root->first;
	ov_node *p1 = ch->first->next; /* the heading, then "Text before." */
	assert_int_equal(p1->type, OV_NODE_PARAGRAPH);
	ov_pos pos = {1, 3, 1};

	ov_node *in = ov_node_new(&doc, OV_NODE_MATH, pos);
	in->text = "x<1";
	in->len = 3;
	in->as.math.math = formula(seq(IT('x'), atom(OV_MCLASS_REL, '<'), digits("1"), NULL), false, "x<1");
	ov_node_append(p1, in);

	ov_node *dm = ov_node_new(&doc, OV_NODE_MATH_BLOCK, pos);
	dm->text = "E=mc^2";
	dm->len = 6;
	ov_mnode *c = IT('c');
	c->sup = digits("2");
	ov_math *m = formula(seq(ORD('E'), atom(OV_MCLASS_REL, '='), IT('m'), c, NULL), true, "E=mc^2");
	static ov_mrow_tag tag = {true, NULL, false, "energy", 0};
	m->rows = &tag;
	m->row_count = 1;
	dm->as.math.math = m;
	static const char *nums[] = {"1.1"}, *ids[] = {"eq-1-1"};
	dm->as.math.numbers = nums;
	dm->as.math.ids = ids;
	ov_node_insert_before(p1->next, dm);

	ov_node *bad = ov_node_new(&doc, OV_NODE_MATH, pos);
	bad->text = "\\frac{";
	bad->len = 6;
	ov_math *bm = formula(NULL, false, "\\frac{");
	bm->ok = false;
	bad->as.math.math = bm;
	ov_node_append(doc.root->first->next->first->next, bad);

	unsigned char *epub;
	size_t len;
	assert_int_equal(ov_epub_build(&doc, &epub, &len), 0);
	char *x1 = entry(epub, len, "EPUB/01-math.xhtml");
	char *x2 = entry(epub, len, "EPUB/02-none.xhtml");
	char *opf = entry(epub, len, "EPUB/package.opf");
	char *css = entry(epub, len, "EPUB/css/book.css");
	assert_non_null(x1);
	assert_non_null(x2);
	expect_in(x1, "<p>Text before.<math xmlns=\"http://www.w3.org/1998/Math/MathML\" display=\"inline\" "
	              "alttext=\"x&lt;1\"><mi>\xF0\x9D\x91\xA5</mi><mo>&lt;</mo><mn>1</mn></math></p>");
	/* one numbered row: the number beside the formula, in a grid */
	expect_in(x1, "<div class=\"equation\" id=\"eq-1-1\"><math xmlns=\"http://www.w3.org/1998/Math/MathML\" "
	              "display=\"block\" alttext=\"E=mc^2\"><mi mathvariant=\"normal\">E</mi>");
	expect_in(x1, "</math><span class=\"eqno\">(1.1)</span></div>");
	expect_in(x2, "<code class=\"tex\">$\\frac{$</code>");
	assert_null(strstr(x2, "<math"));
	well_formed(x1);
	well_formed(x2);
	/* EPUB 3.3 §5.6.2.4: only the document with MathML has the property */
	expect_in(opf, "<item id=\"chapter-1\" href=\"01-math.xhtml\" media-type=\"application/xhtml+xml\" "
	               "properties=\"mathml\"/>");
	expect_in(opf, "<item id=\"chapter-2\" href=\"02-none.xhtml\" media-type=\"application/xhtml+xml\"/>");
	expect_in(css, "mtd.ov-eqno {");
	expect_in(css, "div.equation {");
	expect_in(css, "math[display=\"block\"] {");
	free(x1);
	free(x2);
	free(opf);
	free(css);
	free(epub);
	ov_doc_dispose(&doc);
	ov_diag_dispose(&diag);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_mathml__tokens_and_numbers, setup, teardown),
		cmocka_unit_test_setup_teardown(test_mathml__alttext_and_start_tag, setup, teardown),
		cmocka_unit_test_setup_teardown(test_mathml__upright_letters, setup, teardown),
		cmocka_unit_test_setup_teardown(test_mathml__ords_opens_and_closes, setup, teardown),
		cmocka_unit_test_setup_teardown(test_mathml__large_operators, setup, teardown),
		cmocka_unit_test_setup_teardown(test_mathml__named_operators, setup, teardown),
		cmocka_unit_test_setup_teardown(test_mathml__fractions_roots_accents, setup, teardown),
		cmocka_unit_test_setup_teardown(test_mathml__fenced_space_text_ref, setup, teardown),
		cmocka_unit_test_setup_teardown(test_mathml__arrays, setup, teardown),
		cmocka_unit_test_setup_teardown(test_mathml__equation_numbers, setup, teardown),
		cmocka_unit_test_setup_teardown(test_mathml__styles_phantoms_deep, setup, teardown),
		cmocka_unit_test_setup_teardown(test_mathml__epub, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
