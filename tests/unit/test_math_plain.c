/* test_math_plain.c - formulas as one line of Unicode text (math/plain.c,
 * ov_math_plain): what the PDF outline, the EPUB's nav and toc.ncx and
 * the /ActualText of a formula in the contents show. Each case is parsed
 * by the real parser and compared with the exact text expected; a formula
 * with errors gives its source; \eqref takes its number from the caller;
 * deep nesting is bounded. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "math/math.h"
#include "util/buf.h"

typedef struct {
	const char *src;   /* the formula (inline) */
	const char *plain; /* ov_math_plain of it */
} plain_case;

/* Math italic letters are written out as UTF-8 escapes: 𝑥 is U+1D465. */
static const plain_case cases[] = {
	/* letters keep their math alphabet, as in the MathML */
	{"x", "𝑥"},
	{"\\mathbf{x} \\in \\mathbb{R}^n", "𝐱∈ℝⁿ"},
	{"\\mathrm{d}x", "d𝑥"},
	/* scripts: Unicode superscripts and subscripts where all have one */
	{"x^2", "𝑥²"},
	{"x_i", "𝑥ᵢ"},
	{"x_{ij}^{n+1}", "𝑥ᵢⱼⁿ⁺¹"},
	{"\\sigma(z)_i", "𝜎(𝑧)ᵢ"},
	{"w^\\top x", "𝑤^⊤𝑥"},
	{"X^T", "𝑋ᵀ"},
	{"e^{-x^2}", "𝑒^(−𝑥²)"},
	{"x_{\\alpha}", "𝑥_𝛼"},
	{"x_{k+j}^{\\beta}", "𝑥ₖ₊ⱼ^𝛽"},
	{"\\theta_{t+1} = \\theta_t - \\eta \\nabla L", "𝜃ₜ₊₁=𝜃ₜ−𝜂∇𝐿"},
	{"f'(x) + f''", "𝑓′(𝑥)+𝑓″"},
	{"{x+y}^2", "(𝑥+𝑦)²"},
	/* fractions, with parentheses only where a part needs them */
	{"\\frac{a}{b}", "𝑎/𝑏"},
	{"\\frac{a+b}{c}", "(𝑎+𝑏)/𝑐"},
	{"\\frac{1}{2n}", "1/2𝑛"},
	{"\\frac{\\partial L}{\\partial w}", "𝜕𝐿/𝜕𝑤"},
	{"\\binom{n}{k}", "(𝑛¦𝑘)"},
	/* radicals */
	{"\\sqrt{x}", "√𝑥"},
	{"\\sqrt{x+1}", "√(𝑥+1)"},
	{"\\sqrt[3]{x}", "∛𝑥"},
	{"\\sqrt[n]{x}", "ⁿ√𝑥"},
	/* accents as combining characters */
	{"\\hat{y}", "𝑦̂"},
	{"\\bar{x}", "𝑥̄"},
	{"\\vec{v}", "𝑣⃗"},
	{"\\overline{AB}", "(𝐴𝐵)̅"},
	/* operators, named operators with TeX's thin space, big operators */
	{"\\sum_{i=1}^{n} x_i", "∑ᵢ₌₁ⁿ𝑥ᵢ"},
	{"\\log x", "log\xE2\x80\x89𝑥"},
	{"\\max(a, b)", "max(𝑎,𝑏)"},
	{"\\operatorname{softmax}(z)", "softmax(𝑧)"},
	{"a \\le b \\ne c", "𝑎≤𝑏≠𝑐"},
	{"a \\not\\in B", "𝑎∉𝐵"},
	/* fences, text, spaces */
	{"\\left( \\frac{a}{b} \\right)", "(𝑎/𝑏)"},
	{"\\lVert w \\rVert_2", "‖𝑤‖₂"},
	{"\\text{if } x > 0", "if 𝑥>0"},
	{"a \\, b \\quad c", "𝑎\xE2\x80\x89𝑏\xE2\x80\x83𝑐"},
	/* arrays */
	{"\\begin{pmatrix} a & b \\\\ c & d \\end{pmatrix}", "(𝑎, 𝑏; 𝑐, 𝑑)"},
	{"|x| = \\begin{cases} x & x \\ge 0 \\\\ -x & x < 0 \\end{cases}", "|𝑥|={𝑥 𝑥≥0; −𝑥 𝑥<0"},
	/* over and under */
	{"\\underbrace{a+b}_{n}", "⏟(𝑎+𝑏)ₙ"},
	{"\\xrightarrow{f}", "→ᶠ"},
	{"\\overset{!}{=}", "=^!"},
	{"\\smash{y} + \\boxed{E = mc^2}", "𝑦+(𝐸=𝑚𝑐²)"},
};

static void plain(const char *src, bool display, ov_math_ref_fn refs, void *ctx, const char *expect)
{
	ov_arena a;
	ov_arena_init(&a);
	const ov_math *m = ov_math_parse(&a, src, strlen(src), display, NULL);
	ov_buf b = OV_BUF_INIT;
	ov_math_plain(&b, m, refs, ctx);
	if (strcmp(ov_buf_cstr(&b), expect) != 0)
		fail_msg("%s: got \"%s\", want \"%s\"", src, ov_buf_cstr(&b), expect);
	ov_buf_dispose(&b);
	ov_arena_dispose(&a);
}

static void test_plain__cases(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++)
		plain(cases[i].src, false, NULL, NULL, cases[i].plain);
}

/* No TeX escapes out: no backslash and no dollar in any case, and no
 * brace but the left delimiter of cases. */
static void test_plain__no_tex(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++)
		assert_null(strpbrk(cases[i].plain, strstr(cases[i].src, "cases") ? "\\$}" : "\\${}"));
}

static const char *refs(void *ctx, const char *label)
{
	(void)ctx;
	return strcmp(label, "loss") == 0 ? "2.1" : NULL;
}

static void test_plain__refs_errors_depth(void **state)
{
	(void)state;
	plain("\\eqref{loss} = \\ref{loss}", false, refs, NULL, "(2.1)=2.1");
	plain("\\eqref{nope}", false, refs, NULL, "(?" "?)");
	plain("\\eqref{loss}", false, NULL, NULL, "(?" "?)");
	/* a formula with errors reads as its source */
	plain("\\sigmoid(x)", false, NULL, NULL, "\\sigmoid(x)");
	/* a display: rows of an align, a \\ between lines */
	plain("\\begin{align} a &= b \\\\ c &= d \\end{align}", true, NULL, NULL, "𝑎=𝑏; 𝑐=𝑑");
	/* the deepest nesting the parser allows is read without trouble, the
	 * reading bounded */
	char deep[2 * OV_MATH_MAX_DEPTH + 8];
	size_t n = 0;
	for (int i = 0; i < OV_MATH_MAX_DEPTH - 2; i++)
		deep[n++] = '{';
	deep[n++] = 'x';
	for (int i = 0; i < OV_MATH_MAX_DEPTH - 2; i++)
		deep[n++] = '}';
	deep[n] = 0;
	plain(deep, false, NULL, NULL, "𝑥");
	ov_arena a;
	ov_arena_init(&a);
	const char *src = "x";
	const ov_math *m = ov_math_parse(&a, src, 1, false, NULL);
	ov_buf b = OV_BUF_INIT;
	ov_math_plain(&b, NULL, NULL, NULL); /* nothing */
	ov_math_plain(&b, m, NULL, NULL);
	ov_math_plain(&b, m, NULL, NULL); /* appends */
	assert_string_equal(ov_buf_cstr(&b), "𝑥𝑥");
	ov_buf_dispose(&b);
	ov_arena_dispose(&a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_plain__cases),
		cmocka_unit_test(test_plain__no_tex),
		cmocka_unit_test(test_plain__refs_errors_depth),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
