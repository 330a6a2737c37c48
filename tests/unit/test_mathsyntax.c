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
	/* $$ in a sentence is inline; spans a soft break */
	{"see $$a +\nb$$ here\n", "(paragraph\n  (text \"see \")\n  (math \"a +\\nb\")\n  (text \" here\"))"},
	/* code wins when it starts first */
	{"`$x$` and $`y`$\n", "(paragraph\n  (code \"$x$\")\n  (text \" and \")\n  (math \"y\"))"},
	/* displays */
	{"$$\nx = 1\n$$\n", "(math_block \"x = 1\")"},
	{"$$ x $$\n", "(math_block \" x \")"},
	{"$$ a\n- b\n# c\n> d\n---\nf $$\n", "(math_block \" a\\n- b\\n# c\\n> d\\n---\\nf \")"},
	{"$$x$$ is the area\n", "(paragraph\n  (math \"x\")\n  (text \" is the area\"))"},
	{"text\n$$\ny\n$$\nafter\n", "(paragraph\n  (text \"text\"))\n(math_block \"y\")\n(paragraph\n  (text \"after\"))"},
	{"> $$\n> a\n>\n> - b\n> $$\n", "(blockquote\n  (math_block \"a\\n\\n- b\"))"},
	{"- item\n\n  $$\n  a \\\\\n  b\n  $$\n", "(list bullet\n  (item\n    (paragraph\n      (text \"item\"))\n    (math_block \"a \\\\\\\\\\nb\")))"},
	{"```math\n\\frac{a}{b}\n```\n", "(math_block \"\\\\frac{a}{b}\")"},
	{"~~~ math\nx\n~~~\n", "(math_block \"x\")"},
	{"    $$\n    x\n", "(code_block info=\"\" \"$$\\nx\")"},
	{"$$$$\n", "(paragraph\n  (text \"$$$$\"))"},
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

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_recognition),
		cmocka_unit_test(test_unclosed),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
