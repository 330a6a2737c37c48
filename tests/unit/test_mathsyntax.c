/* test_mathsyntax.c - math recognised in Markdown (src/markdown/
 * mathsyntax.h): a table of chapters and the dump of their trees, the
 * positions of a formula's lines in the file, and the diagnostics. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "markdown/markdown.h"
#include "math/math.h"
#include "util/buf.h"

typedef struct {
	ov_diag diag;
	ov_doc doc;
	ov_node *ch;
} fixture;

static fixture *parse(const char *md, bool no_math)
{
	fixture *f = calloc(1, sizeof *f);
	ov_diag_init(&f->diag);
	ov_doc_init(&f->doc, &f->diag);
	f->doc.meta.no_math = no_math;
	f->ch = ov_markdown_chapter(&f->doc, "c.md", md, strlen(md));
	return f;
}

static void destroy(fixture *f)
{
	ov_doc_dispose(&f->doc);
	ov_diag_dispose(&f->diag);
	free(f);
}

static char *messages(const ov_diag *d)
{
	ov_buf b = OV_BUF_INIT;
	char line[512];
	for (size_t i = 0; i < d->count; i++) {
		ov_diag_format(d, i, line, sizeof line);
		ov_buf_printf(&b, "%s%s", i ? "\n" : "", line);
	}
	ov_buf_putc(&b, '\0');
	return ov_buf_detach(&b);
}

/* The chapter's blocks dumped, one per line, without the chapter line. */
static char *dump(fixture *f)
{
	ov_buf b = OV_BUF_INIT;
	for (ov_node *n = f->ch->first; n; n = n->next) {
		char *d = ov_doc_dump(&f->doc, n);
		ov_buf_printf(&b, "%s%s", b.len ? "\n" : "", d);
		free(d);
	}
	ov_buf_putc(&b, '\0');
	return ov_buf_detach(&b);
}

typedef struct {
	const char *md;
	const char *tree;
} recog_case;

static const recog_case cases[] = {
	/* inline, with the TeX left as written */
	{"a $x_1*y_2*\\\\ \\{z\\}$ b\n", "(paragraph\n  (text \"a \")\n  (math \"x_1*y_2*\\\\\\\\ \\\\{z\\\\}\")\n  (text \" b\"))"},
	/* money stays text */
	{"costs $5, or $10 with tax\n", "(paragraph\n  (text \"costs $5, or $10 with tax\"))"},
	{"$5 and $10\n", "(paragraph\n  (text \"$5 and $10\"))"},
	{"$x$5\n", "(paragraph\n  (text \"$x$5\"))"},
	{"$ x$ and $x $\n", "(paragraph\n  (text \"$ x$ and $x $\"))"},
	/* \$ inside does not close; \$ outside is a dollar */
	{"$a\\$b$ \\$c$\n", "(paragraph\n  (math \"a\\\\$b\")\n  (text \" $c$\"))"},
	/* a dollar inside braces is the formula's (MathJax's rule); with
	 * braces that never close, the first dollar closes as before */
	{"$\\text{for all $i$} x$ b\n", "(paragraph\n  (math \"\\\\text{for all $i$} x\")\n  (text \" b\"))"},
	{"$a{b$ c\n", "(paragraph\n  (math \"a{b\" !)\n  (text \" c\"))"},
	{"$5 {and $10\n", "(paragraph\n  (text \"$5 {and $10\"))"},
	/* $$ in a sentence is inline; spans a soft break */
	{"see $$a +\nb$$ here\n", "(paragraph\n  (text \"see \")\n  (math \"a +\\nb\")\n  (text \" here\"))"},
	/* code wins when it starts first */
	{"`$x$` and $`y`$\n", "(paragraph\n  (code \"$x$\")\n  (text \" and \")\n  (math \"y\"))"},
	/* displays */
	{"$$\nx = 1\n$$\n", "(math_block \"x = 1\")"},
	{"$$ x $$\n", "(math_block \" x \")"},
	{"$$ a\n- b\n1. c\n> d\n---\n+ e\n===\nf $$\n", "(math_block \" a\\n- b\\n1. c\\n> d\\n---\\n+ e\\n===\\nf \")"},
	{"$$x$$ is the area\n", "(paragraph\n  (math \"x\")\n  (text \" is the area\"))"},
	{"text\n$$\ny\n$$\nafter\n", "(paragraph\n  (text \"text\"))\n(math_block \"y\")\n(paragraph\n  (text \"after\"))"},
	{"> $$\n> a\n>\n> - b\n> $$\n", "(blockquote\n  (math_block \"a\\n\\n- b\"))"},
	{"- item\n\n  $$\n  a \\\\\n  b\n  $$\n", "(list bullet\n  (item\n    (paragraph\n      (text \"item\"))\n    (math_block \"a \\\\\\\\\\nb\")))"},
	{"```math\n\\frac{a}{b}\n```\n", "(math_block \"\\\\frac{a}{b}\")"},
	{"~~~ math\nx\n~~~\n", "(math_block \"x\")"},
	{"    $$\n    x\n", "(code_block info=\"\" \"$$\\nx\")"},
	{"$$$$\n", "(paragraph\n  (text \"$$$$\"))"},
	/* \eqref and \ref in running text (MathJax's processRefs) are
	 * formulas of their own, also split by cmark's special characters
	 * (':' '_' 'w'); not in code spans, link texts, nor without braces */
	{"See \\eqref{eq:my_loss} and (\\ref{w_x}).\n",
	 "(paragraph\n  (text \"See \")\n  (math \"\\\\eqref{eq:my_loss}\")\n  (text \" and (\")\n"
	 "  (math \"\\\\ref{w_x}\")\n  (text \").\"))"},
	{"*\\eqref{a}*\\eqref{b}\n",
	 "(paragraph\n  (emph\n    (math \"\\\\eqref{a}\"))\n  (math \"\\\\eqref{b}\"))"},
	{"`\\eqref{a}` [\\eqref{a}](x.md) \\eqref a \\eqref{} \\eqref{a\n",
	 "(paragraph\n  (code \"\\\\eqref{a}\")\n  (text \" \")\n  (link \"x.md\"\n    (text \"\\\\eqref{a}\"))\n"
	 "  (text \" \\\\eqref a \\\\eqref{} \\\\eqref{a\"))"},
};

static void test_recognition(void **state)
{
	(void)state;
	int bad = 0;
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		fixture *f = parse(cases[i].md, false);
		char *d = dump(f);
		if (strcmp(d, cases[i].tree) != 0) {
			fprintf(stderr, "case %zu: %s\ngot:\n%s\nwant:\n%s\n", i, cases[i].md, d, cases[i].tree);
			bad++;
		}
		free(d);
		destroy(f);
	}
	assert_int_equal(bad, 0);
}

/* a display never closed: an error at its opening, shown as source, and
 * the lines to the end of its container are its */
static void test_unclosed(void **state)
{
	(void)state;
	fixture *f = parse("text\n\n> $$\n> a\n\nafter $x$\n", false);
	char *d = dump(f), *m = messages(&f->diag);
	assert_string_equal(d, "(paragraph\n  (text \"text\"))\n(blockquote\n  (math_block \"a\" !))\n"
	                       "(paragraph\n  (text \"after \")\n  (math \"x\"))");
	assert_string_equal(m, "c.md:3:3: error: display math opened with '$$' is never closed");
	free(d);
	free(m);
	destroy(f);
}

/* Equation numbers per chapter, tags, ids, labels across chapters, a
 * label used twice, an unknown \\eqref (passes.c) */
static void test_equations(void **state)
{
	(void)state;
	ov_diag diag;
	ov_doc doc;
	ov_diag_init(&diag);
	ov_doc_init(&doc, &diag);
	const char *c1 = "# One\n\n$$\nx \\label{a}\n$$\n\n> $$\\begin{align}\n> y \\label{b} \\\\\n> z \\tag{*} \\label{t}\n> \\end{align}$$\n";
	const char *c2 = "---\nnumbered: false\n---\n# Two\n\n$$ w \\label{a} $$\n\nSee $\\eqref{b}$ and\n"
	                 "$\\eqref{t} + \\eqref{zz}$.\n";
	ov_node *ch1 = ov_markdown_chapter(&doc, "c1.md", c1, strlen(c1));
	ov_node *ch2 = ov_markdown_chapter(&doc, "c2.md", c2, strlen(c2));
	ov_node *d1 = ch1->first->next, *d2 = ch1->first->next->next->first, *d3 = ch2->first->next;
	ov_doc_resolve(&doc, "/nonexistent-book");

	assert_string_equal(d1->as.math.numbers[0], "1.1");
	assert_string_equal(d1->as.math.ids[0], "eq-1-1");
	assert_string_equal(d2->as.math.numbers[0], "1.2");
	assert_string_equal(d2->as.math.ids[0], "eq-1-2");
	assert_string_equal(d2->as.math.numbers[1], "*");
	assert_non_null(d2->as.math.ids[1]);
	assert_string_equal(d3->as.math.numbers[0], "1");
	assert_string_equal(d3->as.math.ids[0], "eq-1");
	assert_int_equal(doc.equation_count, 3);
	assert_string_equal(ov_doc_equation(&doc, "b")->number, "1.2");
	assert_string_equal(ov_doc_equation(&doc, "t")->number, "*");
	assert_ptr_equal(ov_doc_equation(&doc, "a")->node, d1);
	char *m = messages(&diag);
	assert_string_equal(m, "c2.md:6:6: error: equation label 'a' is already used at c1.md:4:3\n"
	                       "c2.md:9:14: error: unknown equation label 'zz'");
	free(m);
	char *d = ov_doc_dump(&doc, d2);
	assert_string_equal(d, "(math_block \"\\\\begin{align}\\ny \\\\label{b} \\\\\\\\\\nz \\\\tag{*} \\\\label{t}\\n\\\\end{align}\" "
	                       "(1.2) #eq-1-2 (*) #eq-t)");
	free(d);
	ov_doc_dispose(&doc);
	ov_diag_dispose(&diag);
}

/* \eqref and \ref in running text: messages at their line:column (in a
 * list item, after an escape), a \ref to no equation is text again
 * without a message, one to an equation a formula; math: false leaves
 * them all text */
static void test_text_refs(void **state)
{
	(void)state;
	const char *md = "# One\n\n$$ x \\label{eq:x} $$\n\n"
	                 "- \\* see \\eqref{eq:nope}, \\ref{eq:x} and \\ref{sec:intro}\n";
	fixture *f = parse(md, false);
	ov_doc_resolve(&f->doc, "/nonexistent-book");
	char *m = messages(&f->diag);
	assert_string_equal(m, "c.md:5:10: error: unknown equation label 'eq:nope'");
	free(m);
	char *d = dump(f);
	assert_string_equal(d, "(heading 1 #one\n  (text \"One\"))\n(math_block \" x \\\\label{eq:x} \" (1.1) #eq-1-1)\n"
	                       "(list bullet tight\n  (item\n    (paragraph\n      (text \"* see \")\n"
	                       "      (math \"\\\\eqref{eq:nope}\")\n      (text \", \")\n      (math \"\\\\ref{eq:x}\")\n"
	                       "      (text \" and \")\n      (text \"\\\\ref{sec:intro}\"))))");
	free(d);
	destroy(f);
	f = parse("See \\eqref{eq:x}.\n", true);
	d = dump(f);
	assert_string_equal(d, "(paragraph\n  (text \"See \\\\eqref{eq:x}.\"))");
	free(d);
	destroy(f);
}

/* Where each byte of a formula is in the file: over soft breaks, in a
 * block quote, in a list item, in ```math, after a tab */
static void test_positions(void **state)
{
	(void)state;
	const char *md = "# T\n"
	                 "\n"
	                 "> Quote with $a +\n"
	                 ">   b_1 + c$ end\n"
	                 "\n"
	                 "1. item\n"
	                 "   $$ p\n"
	                 "     q $$\n"
	                 "\n"
	                 "   > ```math\n"
	                 "   >  \\alpha\n"
	                 "   > ```\n"
	                 "\n"
	                 "| x | $k^2$ |\n"
	                 "|---|---|\n"
	                 "## H $h$ ##\n";
	fixture *f = parse(md, false);
	ov_node *found[8];
	size_t k = 0;
	ov_iter it = ov_iter_start(f->ch);
	ov_node *n;
	bool ent;
	while ((n = ov_iter_next(&it, &ent)) && k < 8)
		if (ent && (n->type == OV_NODE_MATH || n->type == OV_NODE_MATH_BLOCK))
			found[k++] = n;
	assert_int_equal(k, 5);
	char *m = messages(&f->diag);
	assert_string_equal(m, "");
	free(m);
	/* the inline formula: '$' at 3:14, 'a' 3:15; "b_1" on line 4 at col 5 */
	assert_int_equal(found[0]->pos.line, 3);
	assert_int_equal(found[0]->pos.col, 14);
	ov_pos p = ov_node_math_pos(found[0], 0);
	assert_int_equal(p.line, 3);
	assert_int_equal(p.col, 15);
	const char *b = strchr(found[0]->text, 'b');
	p = ov_node_math_pos(found[0], (size_t)(b - found[0]->text));
	assert_int_equal(p.line, 4);
	assert_int_equal(p.col, 5);
	/* the display in the item: "$$" at 7:4, 'p' 7:7, 'q' 8:6 */
	assert_int_equal(found[1]->type, OV_NODE_MATH_BLOCK);
	assert_int_equal(found[1]->pos.line, 7);
	assert_int_equal(found[1]->pos.col, 4);
	p = ov_node_math_pos(found[1], (size_t)(strchr(found[1]->text, 'p') - found[1]->text));
	assert_int_equal(p.line, 7);
	assert_int_equal(p.col, 7);
	p = ov_node_math_pos(found[1], (size_t)(strchr(found[1]->text, 'q') - found[1]->text));
	assert_int_equal(p.line, 8);
	assert_int_equal(p.col, 6);
	/* ```math in a quote in the item: '\\alpha' at 11:7 */
	assert_int_equal(found[2]->type, OV_NODE_MATH_BLOCK);
	p = ov_node_math_pos(found[2], (size_t)(strchr(found[2]->text, '\\') - found[2]->text));
	assert_int_equal(p.line, 11);
	assert_int_equal(p.col, 7);
	/* a table cell: 'k' at 14:8; a heading: 'h' at 16:7 */
	p = ov_node_math_pos(found[3], 0);
	assert_int_equal(p.line, 14);
	assert_int_equal(p.col, 8);
	p = ov_node_math_pos(found[4], 0);
	assert_int_equal(p.line, 16);
	assert_int_equal(p.col, 7);
	destroy(f);
}

/* The parser's messages at their line:column in the file: inline over a
 * soft break in a quote, a display in a list item, ```math, and a
 * per-chapter \\newcommand serving a later formula */
static void test_parse_messages(void **state)
{
	(void)state;
	fixture *f = parse("> Text $a +\n>  \\sigmoid(x)$\n"
	                   "\n"
	                   "- item\n"
	                   "\n"
	                   "  $$\n"
	                   "  \\frac{a}{b\n"
	                   "  $$\n"
	                   "\n"
	                   "```math\n"
	                   "\\newcommand{\\R}{\\mathbb{R}} x \\in \\R\n"
	                   "```\n"
	                   "\n"
	                   "Then $\\R^n$ and $\\Q$.\n",
	                   false);
	char *m = messages(&f->diag);
	assert_string_equal(m, "c.md:2:4: error: unknown math command '\\sigmoid'\n"
	                       "c.md:7:11: error: missing '}'\n"
	                       "c.md:14:18: error: unknown math command '\\Q'");
	free(m);
	destroy(f);
}

/* math: false (book.yaml) and in front matter: dollars are text and
 * ```math a code block; the front matter's math: true wins */
static void test_math_off(void **state)
{
	(void)state;
	const char *md = "$x$ and $$y$$\n\n$$\nz\n$$\n\n```math\nw\n```\n";
	fixture *f = parse(md, true);
	char *d = dump(f);
	assert_string_equal(d, "(paragraph\n  (text \"$x$ and $$y$$\"))\n(paragraph\n  (text \"$$\")\n  (softbreak)\n"
	                       "  (text \"z\")\n  (softbreak)\n  (text \"$$\"))\n(code_block info=\"math\" \"w\")");
	free(d);
	destroy(f);
	f = parse("---\nmath: false\n---\n$x$\n", false);
	d = dump(f);
	assert_string_equal(d, "(paragraph\n  (text \"$x$\"))");
	free(d);
	destroy(f);
	f = parse("---\nmath: true\n---\n$x$\n", true);
	d = dump(f);
	assert_string_equal(d, "(paragraph\n  (math \"x\"))");
	free(d);
	destroy(f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_recognition),
		cmocka_unit_test(test_unclosed),
		cmocka_unit_test(test_equations),
		cmocka_unit_test(test_positions),
		cmocka_unit_test(test_text_refs),
		cmocka_unit_test(test_parse_messages),
		cmocka_unit_test(test_math_off),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
