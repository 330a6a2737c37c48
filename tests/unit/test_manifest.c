/* test_manifest.c - book.yaml and front matter: values, defaults, and one
 * exact diagnostic per kind of mistake. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "manifest/manifest.h"
#include "util/buf.h"
#include "util/fsio.h"

static char book_dir[64];

static void write_file(const char *rel, const char *text)
{
	char *p = ov_path_join(book_dir, rel);
	FILE *f = fopen(p, "wb");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
	free(p);
}

static int setup(void **state)
{
	(void)state;
	strcpy(book_dir, "/tmp/ov-manifest-XXXXXX");
	if (!mkdtemp(book_dir))
		return -1;
	char *ch = ov_path_join(book_dir, "chapters");
	mkdir(ch, 0777);
	free(ch);
	write_file("chapters/02-b.md", "# B\n");
	write_file("chapters/01-a.md", "# A\n");
	write_file("cover.png", "not really a png");
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	char cmd[128];
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", book_dir);
	return system(cmd) == 0 ? 0 : -1;
}

/* Loads yaml as book.yaml; returns all diagnostics, one per line. */
static char *load(const char *yaml, ov_doc *doc, ov_diag *diag, ov_chapter_ref **ch, size_t *n)
{
	write_file("book.yaml", yaml);
	ov_diag_init(diag);
	ov_doc_init(doc, diag);
	ov_manifest_load(doc, book_dir, ch, n);
	ov_buf b = OV_BUF_INIT;
	char line[512];
	for (size_t i = 0; i < diag->count; i++) {
		ov_diag_format(diag, i, line, sizeof line);
		ov_buf_printf(&b, "%s%s", i ? "\n" : "", line);
	}
	return ov_buf_detach(&b);
}

static void test_manifest__full(void **state)
{
	(void)state;
	ov_doc doc;
	ov_diag diag;
	ov_chapter_ref *ch;
	size_t n;
	char *msgs = load("title: \"A Book\"\n"
	                  "subtitle: Sub\n"
	                  "authors: [Ada, Grace]\n"
	                  "language: en-GB\n"
	                  "identifier: urn:isbn:9780000000002\n"
	                  "date: 2026-01-02\n"
	                  "publisher: P\n"
	                  "rights: CC BY-SA 4.0\n"
	                  "description: D\n"
	                  "subjects: [ML, Careers]\n"
	                  "cover: cover.png\n"
	                  "output: my-book\n"
	                  "page:\n  size: a4\n  inner: 20mm\n  two-sided: false\n"
	                  "chapters:\n  - chapters/02-b.md\n  - chapters/01-a.md\n",
	                  &doc, &diag, &ch, &n);
	assert_string_equal(msgs, "");
	assert_string_equal(doc.meta.title, "A Book");
	assert_string_equal(doc.meta.subtitle, "Sub");
	assert_int_equal(doc.meta.author_count, 2);
	assert_string_equal(doc.meta.authors[1], "Grace");
	assert_string_equal(doc.meta.language, "en-GB");
	assert_string_equal(doc.meta.identifier, "urn:isbn:9780000000002");
	assert_string_equal(doc.meta.date, "2026-01-02");
	assert_int_equal(doc.meta.subject_count, 2);
	assert_string_equal(doc.meta.output, "my-book");
	assert_string_equal(doc.meta.page.name, "a4");
	assert_true(doc.meta.page.inner > 56.6 && doc.meta.page.inner < 56.8);
	assert_false(doc.meta.page.two_sided);
	assert_int_equal(n, 2);
	assert_string_equal(ch[0].path, "chapters/02-b.md");
	assert_int_equal(ch[0].pos.line, 18);
	assert_int_equal(ch[0].pos.col, 5);
	free(ch);
	free(msgs);
	ov_doc_dispose(&doc);
	ov_diag_dispose(&diag);
}

static void test_manifest__defaults(void **state)
{
	(void)state;
	ov_doc doc;
	ov_diag diag;
	ov_chapter_ref *ch;
	size_t n;
	char *msgs = load("title: The Machine Learning Engineer\xE2\x80\x99s Handbook\n", &doc, &diag, &ch, &n);
	assert_string_equal(msgs, "");
	assert_string_equal(doc.meta.language, "en");
	assert_string_equal(doc.meta.identifier, "urn:uuid:5503a56b-6735-5856-bb3a-0a3c12bb1e5e");
	assert_string_equal(doc.meta.output, "the-machine-learning-engineer-s-handbook");
	assert_string_equal(doc.meta.page.name, "6x9in");
	assert_true(doc.meta.page.two_sided);
	/* the .md files of chapters/, sorted by name */
	assert_int_equal(n, 2);
	assert_string_equal(ch[0].path, "chapters/01-a.md");
	assert_string_equal(ch[1].path, "chapters/02-b.md");
	/* the bundled fonts */
	assert_non_null(strstr(doc.meta.fonts[OV_FACE_REGULAR], "GentiumBookPlus-Regular.ttf"));
	assert_non_null(strstr(doc.meta.fonts[OV_FACE_MONO], "JetBrainsMono-Regular.ttf"));
	free(ch);
	free(msgs);
	ov_doc_dispose(&doc);
	ov_diag_dispose(&diag);
}

static void test_manifest__errors(void **state)
{
	(void)state;
	static const struct {
		const char *yaml;
		const char *expected;
	} cases[] = {
		{"subtitle: x\n", "book.yaml:1:1: error: the book needs a 'title'"},
		{"title: [a, b]\n",
		 "book.yaml:1:8: error: 'title' must be a string, not a list"},
		{"title: T\ncolour: red\n",
		 "book.yaml:2:1: error: unknown key 'colour' (known: title, subtitle, authors, language, "
		 "identifier, date, publisher, rights, description, subjects, cover, output, chapters, page, fonts, no-hyphenation)"},
		{"title: T\ntitle: U\n", "book.yaml:2:1: error: duplicate key 'title' (first at line 1)"},
		{"title: T\nchapters: chapters/01-a.md\nlanguage: \"en us\"\n",
		 "book.yaml:3:11: error: 'language' must be a BCP 47 tag such as en or en-US, not 'en us'"},
		{"title: T\npage: a5\n", "book.yaml:2:7: error: unknown page size 'a5' (use 6x9in, a4 or letter)"},
		{"title: T\npage:\n  size: letter\n  top: 3 furlongs\n",
		 "book.yaml:4:8: error: 'top' must be a length such as 0.75in, 18mm, 2cm or 54pt"},
		{"title: T\ncover: missing.png\n", "book.yaml:2:8: error: cover image 'missing.png' not found"},
		{"title: T\nfonts:\n  regular: nope.ttf\n  serif: x.ttf\n",
		 "book.yaml:3:12: error: font file 'nope.ttf' not found\n"
		 "book.yaml:4:3: error: unknown key 'fonts.serif' (known: regular, italic, bold, bold-italic, monospace)"},
		{"title: T\nauthors: {name: x}\n", "book.yaml:2:10: error: 'authors' must be a list of strings, not a mapping"},
		{"title: T\noutput: ../evil\n",
		 "book.yaml:2:9: error: 'output' is a base name such as 'handbook', without folders"},
		{"title: [unclosed\n",
		 "book.yaml:1:8: error: YAML: did not find expected ',' or ']' in the flow sequence that starts here "
		 "(noticed at line 2, column 1)"},
		{"- just\n- a list\n",
		 "book.yaml:1:1: error: book.yaml must be a mapping of keys such as 'title:' and 'chapters:'"},
	};
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		ov_doc doc;
		ov_diag diag;
		ov_chapter_ref *ch;
		size_t n;
		char *msgs = load(cases[i].yaml, &doc, &diag, &ch, &n);
		if (strcmp(msgs, cases[i].expected) != 0)
			fail_msg("case %zu:\n  got      %s\n  expected %s", i, msgs, cases[i].expected);
		free(ch);
		free(msgs);
		ov_doc_dispose(&doc);
		ov_diag_dispose(&diag);
	}
}

static void test_manifest__front_matter(void **state)
{
	(void)state;
	ov_diag diag;
	ov_doc doc;
	ov_diag_init(&diag);
	ov_doc_init(&doc, &diag);
	uint32_t f = ov_diag_file(&diag, "chapters/01-a.md");
	ov_front_matter fm;
	const char *ok = "title: Preface\nnumbered: false\n";
	ov_front_matter_parse(&doc, f, ok, strlen(ok), 2, &fm);
	assert_string_equal(fm.title, "Preface");
	assert_int_equal(fm.numbered, 0);
	const char *bad = "title: P\nauthor: me\nnumbered: maybe\n";
	ov_front_matter_parse(&doc, f, bad, strlen(bad), 2, &fm);
	char line[256];
	assert_int_equal(diag.count, 2);
	ov_diag_format(&diag, 0, line, sizeof line);
	assert_string_equal(line, "chapters/01-a.md:3:1: error: unknown front matter key 'author' (known: title, numbered)");
	ov_diag_format(&diag, 1, line, sizeof line);
	assert_string_equal(line, "chapters/01-a.md:4:11: error: 'numbered' must be true or false");
	ov_doc_dispose(&doc);
	ov_diag_dispose(&diag);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_manifest__full),
		cmocka_unit_test(test_manifest__defaults),
		cmocka_unit_test(test_manifest__errors),
		cmocka_unit_test(test_manifest__front_matter),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
