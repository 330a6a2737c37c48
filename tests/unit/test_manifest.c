/* test_manifest.c - book.yaml and front matter: values, defaults, and one
 * exact diagnostic per kind of mistake. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "doc/imprint.h"
#include "manifest/manifest.h"
#include "manifest/summary.h"
#include "manifest/themeyaml.h"
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

/* All diagnostics, one per line. */
static char *messages(const ov_diag *diag)
{
	ov_buf b = OV_BUF_INIT;
	char line[512];
	for (size_t i = 0; i < diag->count; i++) {
		ov_diag_format(diag, i, line, sizeof line);
		ov_buf_printf(&b, "%s%s", i ? "\n" : "", line);
	}
	return ov_buf_detach(&b);
}

/* Loads yaml (len bytes) as book.yaml, without a file; returns all
 * diagnostics. */
static char *load_text(const char *yaml, size_t len, ov_doc *doc, ov_diag *diag)
{
	ov_diag_init(diag);
	ov_doc_init(doc, diag);
	ov_chapter_ref *ch;
	size_t n;
	ov_manifest_parse(doc, book_dir, yaml, len, &ch, &n);
	free(ch);
	return messages(diag);
}

/* Parses yaml as the front matter of chapters/01-a.md, opened by '---' on
 * line 1; returns all diagnostics. */
static char *front(const char *yaml, size_t len, ov_front_matter *fm)
{
	ov_diag diag;
	ov_doc doc;
	ov_diag_init(&diag);
	ov_doc_init(&doc, &diag);
	ov_front_matter_parse(&doc, ov_diag_file(&diag, "chapters/01-a.md"), yaml, len, 2, fm);
	char *msgs = messages(&diag);
	/* what fm points to lives in doc's arena: tests look at fm->numbered only */
	fm->title = NULL;
	ov_doc_dispose(&doc);
	ov_diag_dispose(&diag);
	return msgs;
}

/* prefix, then open n times, then middle, then close n times, then suffix */
static char *nest(const char *prefix, const char *open, int n, const char *middle, const char *close,
                  const char *suffix)
{
	ov_buf b = OV_BUF_INIT;
	ov_buf_puts(&b, prefix);
	for (int i = 0; i < n; i++)
		ov_buf_puts(&b, open);
	ov_buf_puts(&b, middle);
	for (int i = 0; i < n; i++)
		ov_buf_puts(&b, close);
	ov_buf_puts(&b, suffix);
	return ov_buf_detach(&b);
}

#define expect_msgs(got, want)                                                                    \
	do {                                                                                      \
		char *got_ = (got);                                                               \
		if (strcmp(got_, (want)) != 0)                                                    \
			fail_msg("line %d:\n  got      %s\n  expected %s", __LINE__, got_, (want)); \
		free(got_);                                                                       \
	} while (0)

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
	/* ov_book_uuid of title, language and output; the value is Python's
	 * uuid.uuid5(uuid.UUID('f8475645-4491-4268-a223-fec8d4c9d732'),
	 * 'title\0The Machine Learning Engineer\u2019s Handbook\0language\0en\0'
	 * 'output\0the-machine-learning-engineer-s-handbook\0') */
	assert_string_equal(doc.meta.identifier, "urn:uuid:153e976a-a234-554d-bb0b-4e72382c5f83");
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

/* The identifier of book.yaml yaml (loaded as in a build), in buf. */
static const char *identifier_of(const char *yaml, char buf[OV_BOOK_UUID_SIZE])
{
	ov_doc doc;
	ov_diag diag;
	ov_chapter_ref *ch;
	size_t n;
	char *msgs = load(yaml, &doc, &diag, &ch, &n);
	if (*msgs)
		fail_msg("unexpected diagnostics for %s: %s", yaml, msgs);
	assert_non_null(doc.meta.identifier);
	assert_true(strlen(doc.meta.identifier) < OV_BOOK_UUID_SIZE);
	strcpy(buf, doc.meta.identifier);
	free(ch);
	free(msgs);
	ov_doc_dispose(&doc);
	ov_diag_dispose(&diag);
	return buf;
}

/* The default identifier tells books with the same title apart by their
 * authors, language and output name, is the same whenever the same
 * book is loaded, and does not change with the chapter list, the date or
 * other metadata that a revision corrects. The values checked were
 * computed apart, with Python's uuid.uuid5 in Octavo's namespace (see
 * ov_book_uuid) and again from hashlib.sha1 by RFC 4122 §4.3's steps. */
static void test_manifest__identifier(void **state)
{
	(void)state;
	char a[OV_BOOK_UUID_SIZE], b[OV_BOOK_UUID_SIZE];
	const char *ada = "title: Notes\nauthors: [Ada]\n";
	/* uuid5(NS, 'title\0Notes\0author\0Ada\0language\0en\0output\0notes\0') */
	assert_string_equal(identifier_of(ada, a), "urn:uuid:c1d03603-821c-58e4-bd4a-3cfeeb752995");
	/* the same book again: the same identifier */
	assert_string_equal(identifier_of(ada, b), a);
	/* the same title by someone else */
	assert_string_equal(identifier_of("title: Notes\nauthors: [Grace]\n", b),
	                    "urn:uuid:058fa84e-2fdb-518e-b767-1a43677c39b7");
	/* each field counts on its own, and the authors' order and split */
	static const char *const other[] = {
		"title: Notes 2\nauthors: [Ada]\n",
		"title: Notes\n",
		"title: Notes\nauthors: [Ada, Grace]\n",
		"title: Notes\nauthors: [Grace, Ada]\n",
		"title: Notes\nauthors: [AdaGrace]\n",
		"title: Notes\nauthors: [Ada]\nlanguage: fr\n",
		"title: Notes\nauthors: [Ada]\noutput: notes-two\n",
	};
	char seen[sizeof other / sizeof *other][OV_BOOK_UUID_SIZE];
	for (size_t i = 0; i < sizeof other / sizeof *other; i++) {
		identifier_of(other[i], seen[i]);
		if (strcmp(seen[i], a) == 0)
			fail_msg("'%s' has the identifier of '%s'", other[i], ada);
		for (size_t k = 0; k < i; k++)
			if (strcmp(seen[i], seen[k]) == 0)
				fail_msg("'%s' and '%s' share an identifier", other[i], other[k]);
	}
	/* the output name given as its default is the same book */
	assert_string_equal(identifier_of("title: Notes\nauthors: Ada\noutput: notes\n", b), a);
	/* what a revision changes leaves it alone */
	assert_string_equal(identifier_of("title: Notes\nauthors: [Ada]\ndate: 2027-01-01\n"
	                                  "subtitle: Revised\npublisher: P\nchapters: [chapters/01-a.md]\n",
	                                  b),
	                    a);
	/* one that book.yaml sets is kept as it is */
	assert_string_equal(identifier_of("title: Notes\nauthors: [Ada]\nidentifier: urn:isbn:9780000000002\n", b),
	                    "urn:isbn:9780000000002");
	/* straight from the fields, without book.yaml */
	static const char *authors[] = {"Ada"};
	ov_meta m = {.title = "Notes", .authors = authors, .author_count = 1, .language = "en", .output = "notes"};
	ov_book_uuid(&m, b);
	assert_string_equal(b, a);
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
		 "identifier, isbn, date, publisher, rights, copyright, rights-holder, license, edition, description, "
		 "subjects, cover, output, chapters, summary, page, fonts, theme, contents-exclude, no-hyphenation, "
		 "base-url, math, math-macros, accessibility-certified-by)"},
		{"title: T\ntitle: U\n", "book.yaml:2:1: error: duplicate key 'title' (first at line 1)"},
		{"title: T\nchapters: chapters/01-a.md\nlanguage: \"en us\"\n",
		 "book.yaml:3:11: error: 'language' must be a BCP 47 tag such as en or en-US, not 'en us'"},
		{"title: T\npage: a5\n", "book.yaml:2:7: error: unknown page size 'a5' (use 6x9in, a4 or letter)"},
		{"title: T\npage:\n  size: letter\n  top: 3 furlongs\n",
		 "book.yaml:4:8: error: 'top' must be a length such as 0.75in, 18mm, 2cm or 54pt"},
		{"title: T\ncover: missing.png\n", "book.yaml:2:8: error: cover image 'missing.png' not found"},
		{"title: T\nfonts:\n  regular: nope.ttf\n  serif: x.ttf\n",
		 "book.yaml:3:12: error: font file 'nope.ttf' not found\n"
		 "book.yaml:4:3: error: unknown key 'fonts.serif' (known: regular, italic, bold, bold-italic, monospace, math)"},
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
	assert_string_equal(line, "chapters/01-a.md:3:1: warning: front matter key 'author' is not used and is ignored (octavo reads: title, numbered, math, lists, role, matter)");
	ov_diag_format(&diag, 1, line, sizeof line);
	assert_string_equal(line, "chapters/01-a.md:4:11: error: 'numbered' must be true or false");
	ov_doc_dispose(&doc);
	ov_diag_dispose(&diag);
}

/* A list or mapping inside more than OV_MAX_NESTING (100) others is one
 * error at its start; 100 are accepted. The top-level mapping is inside
 * none: "title: " and 100 '[' are fine, the 101st '[' (column 8 + 100) is
 * refused. */
static void test_manifest__nesting(void **state)
{
	(void)state;
	ov_front_matter fm;
	char *y = nest("title: ", "[", 100, "x", "]", "\n");
	expect_msgs(front(y, strlen(y), &fm), "chapters/01-a.md:2:8: error: 'title' must be a string, not a list");
	free(y);
	y = nest("title: ", "[", 101, "x", "]", "\n");
	expect_msgs(front(y, strlen(y), &fm), "chapters/01-a.md:2:108: error: YAML nesting is deeper than 100 levels");
	free(y);
	/* mappings count as lists do */
	y = nest("title: ", "{a: ", 101, "x", "}", "\n");
	expect_msgs(front(y, strlen(y), &fm), "chapters/01-a.md:2:408: error: YAML nesting is deeper than 100 levels");
	free(y);
	/* block sequences: "- " on one line each opens one; the 101st '-' is at
	 * column 3 + 2 * 100 */
	y = nest("title:\n  ", "- ", 100, "x", "", "\nnumbered: maybe\n");
	expect_msgs(front(y, strlen(y), &fm), "chapters/01-a.md:3:3: error: 'title' must be a string, not a list\n"
	                                      "chapters/01-a.md:4:11: error: 'numbered' must be true or false");
	free(y);
	y = nest("title:\n  ", "- ", 101, "x", "", "\n");
	expect_msgs(front(y, strlen(y), &fm), "chapters/01-a.md:3:203: error: YAML nesting is deeper than 100 levels");
	free(y);
	/* the limit stops the parse: nothing after it is read or checked */
	y = nest("numbered: maybe\ntitle: ", "[", 101, "x", "]", "\ncolour: red\n");
	expect_msgs(front(y, strlen(y), &fm), "chapters/01-a.md:3:108: error: YAML nesting is deeper than 100 levels");
	free(y);

	ov_doc doc;
	ov_diag diag;
	y = nest("title: T\nsubjects: ", "[", 100, "x", "]", "\n");
	expect_msgs(load_text(y, strlen(y), &doc, &diag),
	            "book.yaml:2:12: error: 'subjects' must be a string, not a list");
	ov_doc_dispose(&doc);
	ov_diag_dispose(&diag);
	free(y);
	y = nest("title: T\nsubjects: ", "[", 101, "x", "]", "\n");
	expect_msgs(load_text(y, strlen(y), &doc, &diag),
	            "book.yaml:2:111: error: YAML nesting is deeper than 100 levels");
	ov_doc_dispose(&doc);
	ov_diag_dispose(&diag);
	free(y);
}

/* 100,000 and 1,000,000 levels: the parse stops at the 101st, with the one
 * error (it used to take 20 s for 100,000: libyaml's scanner is quadratic
 * in the flow depth, so it must never see the rest). */
static void test_manifest__nesting_deep(void **state)
{
	(void)state;
	static const int depths[] = {100000, 1000000};
	for (int i = 0; i < 2; i++) {
		ov_front_matter fm;
		char *y = nest("title: ", "[", depths[i], "", "]", "\n");
		expect_msgs(front(y, strlen(y), &fm), "chapters/01-a.md:2:108: error: YAML nesting is deeper than 100 levels");
		free(y);
		ov_doc doc;
		ov_diag diag;
		y = nest("title: T\nsubjects: ", "[", depths[i], "", "]", "\n");
		expect_msgs(load_text(y, strlen(y), &doc, &diag),
		            "book.yaml:2:111: error: YAML nesting is deeper than 100 levels");
		ov_doc_dispose(&doc);
		ov_diag_dispose(&diag);
		free(y);
		/* unclosed, and deep from the first byte */
		y = nest("", "[", depths[i], "", "", "");
		expect_msgs(load_text(y, strlen(y), &doc, &diag),
		            "book.yaml:1:102: error: YAML nesting is deeper than 100 levels");
		ov_doc_dispose(&doc);
		ov_diag_dispose(&diag);
		free(y);
	}
}

/* A syntax error is reported at the construct it is in (libyaml's context
 * mark), saying where it was noticed (the problem mark); errors without a
 * construct at the problem. Columns count bytes. Front matter starts on
 * line 2 of its chapter. */
static void test_manifest__syntax_errors(void **state)
{
	(void)state;
	static const struct {
		const char *yaml;
		const char *front;    /* as front matter */
		const char *manifest; /* as book.yaml */
	} cases[] = {
		/* an unclosed '[', noticed at the ':' of the next line */
		{"title: [x\nnumbered: true\n",
		 "chapters/01-a.md:2:8: error: YAML: did not find expected ',' or ']' in the flow sequence that starts "
		 "here (noticed at line 3, column 9)",
		 "book.yaml:1:8: error: YAML: did not find expected ',' or ']' in the flow sequence that starts here "
		 "(noticed at line 2, column 9)"},
		/* noticed at the end of the block (the closing '---' of front matter) */
		{"numbered: true\ntitle: [x, y\n",
		 "chapters/01-a.md:3:8: error: YAML: did not find expected ',' or ']' in the flow sequence that starts "
		 "here (noticed at line 4, column 1)",
		 "book.yaml:2:8: error: YAML: did not find expected ',' or ']' in the flow sequence that starts here "
		 "(noticed at line 3, column 1)"},
		{"title: {a: b\n",
		 "chapters/01-a.md:2:8: error: YAML: did not find expected ',' or '}' in the flow mapping that starts "
		 "here (noticed at line 3, column 1)",
		 "book.yaml:1:8: error: YAML: did not find expected ',' or '}' in the flow mapping that starts here "
		 "(noticed at line 2, column 1)"},
		/* the innermost unclosed one; columns in bytes after a two-byte 'é' */
		{"title: [\"\xC3\xA9\", [x\n",
		 "chapters/01-a.md:2:15: error: YAML: did not find expected ',' or ']' in the flow sequence that starts "
		 "here (noticed at line 3, column 1)",
		 "book.yaml:1:15: error: YAML: did not find expected ',' or ']' in the flow sequence that starts here "
		 "(noticed at line 2, column 1)"},
		/* bad indentation: a key less indented than its mapping's */
		{"title: T\npage:\n  size: a4\n top: 1in\n",
		 "chapters/01-a.md:2:1: error: YAML: did not find expected key in the block mapping that starts here "
		 "(noticed at line 5, column 2)",
		 "book.yaml:1:1: error: YAML: did not find expected key in the block mapping that starts here "
		 "(noticed at line 4, column 2)"},
		/* more indented: no construct named, so at the problem */
		{"title: T\n  numbered: x\n", "chapters/01-a.md:3:11: error: YAML: mapping values are not allowed in this context",
		 "book.yaml:2:11: error: YAML: mapping values are not allowed in this context"},
		{"title: \"abc\n",
		 "chapters/01-a.md:2:8: error: YAML: found unexpected end of stream in the quoted scalar that starts here "
		 "(noticed at line 3, column 1)",
		 "book.yaml:1:8: error: YAML: found unexpected end of stream in the quoted scalar that starts here "
		 "(noticed at line 2, column 1)"},
		{"title: @x\n", "chapters/01-a.md:2:8: error: YAML: found character that cannot start any token",
		 "book.yaml:1:8: error: YAML: found character that cannot start any token"},
		/* CR LF line ends */
		{"title: T\r\nsubtitle: [a\r\n",
		 "chapters/01-a.md:3:11: error: YAML: did not find expected ',' or ']' in the flow sequence that starts "
		 "here (noticed at line 4, column 1)",
		 "book.yaml:2:11: error: YAML: did not find expected ',' or ']' in the flow sequence that starts here "
		 "(noticed at line 3, column 1)"},
		/* libyaml's reader gives a byte offset only */
		{"title: T\nx: \xFF\n", "chapters/01-a.md:3:4: error: YAML: invalid leading UTF-8 octet (byte 0xFF)",
		 "book.yaml:2:4: error: YAML: invalid leading UTF-8 octet (byte 0xFF)"},
		{"title: T\nsubtitle: a\x01\n",
		 "chapters/01-a.md:3:12: error: YAML: control characters are not allowed (U+0001)",
		 "book.yaml:2:12: error: YAML: control characters are not allowed (U+0001)"},
	};
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		ov_front_matter fm;
		char *got = front(cases[i].yaml, strlen(cases[i].yaml), &fm);
		if (strcmp(got, cases[i].front) != 0)
			fail_msg("case %zu as front matter:\n  got      %s\n  expected %s", i, got, cases[i].front);
		free(got);
		ov_doc doc;
		ov_diag diag;
		got = load_text(cases[i].yaml, strlen(cases[i].yaml), &doc, &diag);
		if (strcmp(got, cases[i].manifest) != 0)
			fail_msg("case %zu as book.yaml:\n  got      %s\n  expected %s", i, got, cases[i].manifest);
		free(got);
		ov_doc_dispose(&doc);
		ov_diag_dispose(&diag);
	}
	/* a byte order mark is not a column */
	ov_doc doc;
	ov_diag diag;
	const char *bom = "\xEF\xBB\xBFtitle: [x\n";
	expect_msgs(load_text(bom, strlen(bom), &doc, &diag),
	            "book.yaml:1:8: error: YAML: did not find expected ',' or ']' in the flow sequence that starts here "
	            "(noticed at line 2, column 1)");
	ov_doc_dispose(&doc);
	ov_diag_dispose(&diag);
}

/* Aliases repeat their node (by reference, at the alias's position);
 * anchors may be defined again; cycles and alias bombs are refused. */
static void test_manifest__aliases(void **state)
{
	(void)state;
	ov_doc doc;
	ov_diag diag;
	const char *y = "title: &t A\nsubtitle: &t B\ndescription: *t\nauthors: &a [Ada, Grace]\nsubjects: *a\n"
	                "page: {size: a4, inner: &m 20mm, outer: *m}\n";
	expect_msgs(load_text(y, strlen(y), &doc, &diag), "");
	assert_string_equal(doc.meta.description, "B");
	assert_int_equal(doc.meta.subject_count, 2);
	assert_string_equal(doc.meta.subjects[1], "Grace");
	assert_true(doc.meta.page.outer > 56.6 && doc.meta.page.outer < 56.8);
	ov_doc_dispose(&doc);
	ov_diag_dispose(&diag);

	/* an error in a repeat is reported at the alias */
	y = "title: T\nx: &n [1]\nsubtitle: *n\n";
	expect_msgs(load_text(y, strlen(y), &doc, &diag),
	            "book.yaml:2:1: error: unknown key 'x' (known: title, subtitle, authors, language, identifier, isbn, "
	            "date, publisher, rights, copyright, rights-holder, license, edition, description, subjects, cover, "
	            "output, chapters, summary, page, fonts, theme, contents-exclude, no-hyphenation, base-url, math, "
	            "math-macros, accessibility-certified-by)\n"
	            "book.yaml:3:11: error: 'subtitle' must be a string, not a list");
	ov_doc_dispose(&doc);
	ov_diag_dispose(&diag);

	y = "title: *nope\n";
	expect_msgs(load_text(y, strlen(y), &doc, &diag),
	            "book.yaml:1:8: error: YAML: alias '*nope' has no anchor '&nope' before it");
	ov_doc_dispose(&doc);
	ov_diag_dispose(&diag);
	y = "title: T\nsubjects: &s [a, *s]\n";
	expect_msgs(load_text(y, strlen(y), &doc, &diag),
	            "book.yaml:2:18: error: YAML: alias '*s' is inside the node it repeats (line 2, column 11)");
	ov_doc_dispose(&doc);
	ov_diag_dispose(&diag);

	/* "billion laughs": nine lists of nine repeats of the one before would
	 * be 10^9 nodes; the repeats pass 100,000 in the seventh line */
	ov_buf b = OV_BUF_INIT;
	ov_buf_puts(&b, "title: T\na: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
	for (char c = 'b'; c <= 'i'; c++) {
		ov_buf_printf(&b, "%c: &%c [", c, c);
		for (int i = 0; i < 9; i++)
			ov_buf_printf(&b, "%s*%c", i ? ", " : "", c - 1);
		ov_buf_puts(&b, "]\n");
	}
	ov_buf_puts(&b, "subjects: *i\n");
	expect_msgs(load_text(b.ptr, b.len, &doc, &diag),
	            "book.yaml:7:8: error: YAML: aliases repeat more than 100000 nodes in all; this one goes over the limit");
	ov_doc_dispose(&doc);
	ov_diag_dispose(&diag);
	ov_buf_dispose(&b);

	/* the bound is exact: a list of 50,000 words repeated twice repeats
	 * 100,000 nodes (not counting the alias nodes themselves); a third
	 * repeat is refused */
	ov_buf_puts(&b, "title: T\nno-hyphenation: &w [");
	for (int i = 0; i < 50000; i++)
		ov_buf_printf(&b, "%sw%d", i ? ", " : "", i);
	ov_buf_puts(&b, "]\nsubjects: *w\nauthors: *w\n");
	expect_msgs(load_text(b.ptr, b.len, &doc, &diag), "");
	assert_int_equal(doc.meta.subject_count, 50000);
	assert_int_equal(doc.meta.author_count, 50000);
	ov_doc_dispose(&doc);
	ov_diag_dispose(&diag);
	ov_buf_puts(&b, "description: *w\n");
	expect_msgs(load_text(b.ptr, b.len, &doc, &diag),
	            "book.yaml:5:14: error: YAML: aliases repeat more than 100000 nodes in all; this one goes over the limit");
	ov_doc_dispose(&doc);
	ov_diag_dispose(&diag);
	ov_buf_dispose(&b);
}

/* Big but flat inputs are linear: 100,000 keys (the duplicate check is a
 * hash), 100,000 chapters, 101 %TAG directives (libyaml's parser compares
 * each with all before it: refused past 100). No timing is asserted; the
 * test's run time shows a regression. */
static void test_manifest__wide(void **state)
{
	(void)state;
	ov_doc doc;
	ov_diag diag;
	ov_buf b = OV_BUF_INIT;
	ov_buf_puts(&b, "title: T\n");
	for (int i = 0; i < 100000; i++)
		ov_buf_printf(&b, "k%d: v\n", i);
	ov_buf_puts(&b, "k99999: again\n");
	char *msgs = load_text(b.ptr, b.len, &doc, &diag);
	assert_int_equal(diag.count, 100002);
	char line[512];
	ov_diag_format(&diag, 0, line, sizeof line);
	assert_string_equal(line, "book.yaml:100002:1: error: duplicate key 'k99999' (first at line 100001)");
	free(msgs);
	ov_doc_dispose(&doc);
	ov_diag_dispose(&diag);
	ov_buf_clear(&b);

	ov_buf_puts(&b, "title: T\nchapters:\n");
	for (int i = 0; i < 100000; i++)
		ov_buf_printf(&b, "  - chapters/c%d.md\n", i);
	ov_buf_puts(&b, "  - chapters/./c5.md\n");
	ov_diag_init(&diag);
	ov_doc_init(&doc, &diag);
	ov_chapter_ref *ch;
	size_t n;
	ov_manifest_parse(&doc, book_dir, b.ptr, b.len, &ch, &n);
	assert_int_equal(n, 100000);
	expect_msgs(messages(&diag), "book.yaml:100003:5: error: chapter 'chapters/./c5.md' is listed twice (first at line 8)");
	free(ch);
	ov_doc_dispose(&doc);
	ov_diag_dispose(&diag);
	ov_buf_clear(&b);

	for (int i = 0; i < 100; i++)
		ov_buf_printf(&b, "%%TAG !t%d! tag:example.org,2026:%d/\n", i, i);
	ov_buf_puts(&b, "---\ntitle: !t7!x T\n");
	expect_msgs(load_text(b.ptr, b.len, &doc, &diag), "");
	assert_string_equal(doc.meta.title, "T");
	ov_doc_dispose(&doc);
	ov_diag_dispose(&diag);
	ov_buf_clear(&b);
	for (int i = 0; i < 100000; i++)
		ov_buf_printf(&b, "%%TAG !t%d! tag:example.org,2026:%d/\n", i, i);
	ov_buf_puts(&b, "---\ntitle: T\n");
	expect_msgs(load_text(b.ptr, b.len, &doc, &diag), "book.yaml:101:1: error: YAML: more than 100 %TAG directives");
	ov_doc_dispose(&doc);
	ov_diag_dispose(&diag);
	ov_buf_dispose(&b);
}

/* A theme: values of every kind, defaults for what it leaves out, the
 * body size and leading on every page size, the accent as the default of
 * links and labels, margins per page size under page's own. */
static void test_manifest__theme(void **state)
{
	(void)state;
	ov_doc doc;
	ov_diag diag;
	ov_chapter_ref *ch;
	size_t n;
	/* page comes before theme: the page setup is made once both are read */
	char *msgs = load("title: T\n"
	                  "page: {size: a4, bottom: 30mm}\n"
	                  "theme:\n"
	                  "  body-size: 11\n"
	                  "  accent-color: \"#C0392B\"\n"
	                  "  heading-color: \"#1d3557\"\n"
	                  "  text-color: \"#222\"\n"
	                  "  heading-sizes: [2, 1.5, 1.25, 1.1, 1, 0.9]\n"
	                  "  heading-faces: bold-italic\n"
	                  "  code-space: 0.5\n"
	                  "  table-space: [0.25, 0.75]\n"
	                  "  running-head-verso: none\n"
	                  "  contents-depth: 3\n"
	                  "  quote-bar-width: 1mm\n"
	                  "  table-header-face: italic\n"
	                  "  paragraph-indent: 1.5\n"
	                  "  margins:\n"
	                  "    a4: {top: 20mm, inner: 1in, bottom: 1in}\n"
	                  "    6x9in: {outer: 0.5in}\n",
	                  &doc, &diag, &ch, &n);
	assert_string_equal(msgs, "");
	const ov_theme *t = &doc.meta.theme;
	const ov_page_setup *p = &doc.meta.page;
	assert_string_equal(p->name, "a4");
	assert_true(fabs(p->body_size - 11) < 1e-9);
	assert_true(fabs(p->leading - 11 * 15 / 11.5) < 1e-9); /* a4's proportion kept */
	assert_true(fabs(p->top - 20 * 72 / 25.4) < 1e-9);       /* the theme's a4 margin */
	assert_true(fabs(p->inner - 72) < 1e-9);
	assert_true(fabs(p->bottom - 30 * 72 / 25.4) < 1e-9);    /* page's own wins */
	assert_true(fabs(p->outer - 135) < 1e-9);                /* a4's default */
	assert_true(fabs(t->page[OV_PAGE_6X9IN].outer - 36) < 1e-9);
	assert_true(fabs(t->page[OV_PAGE_6X9IN].body_size - 11) < 1e-9);
	assert_true(fabs(t->page[OV_PAGE_6X9IN].leading - 11 * 13.6 / 10.5) < 1e-9);
	assert_int_equal(t->link_color, 0xc0392b);
	assert_int_equal(t->label_color, 0xc0392b);
	assert_int_equal(t->heading_color, 0x1d3557);
	assert_int_equal(t->text_color, 0x222222);
	assert_true(t->heading_size[0] == 2 && t->heading_size[2] == 1.25 && t->heading_size[5] == 0.9);
	for (int i = 0; i < OV_HEADING_LEVELS; i++)
		assert_int_equal(t->heading_face[i], OV_FACE_BOLD_ITALIC);
	assert_true(t->code_space[0] == 0.5 && t->code_space[1] == 0.5);
	assert_true(t->table_space[0] == 0.25 && t->table_space[1] == 0.75);
	assert_int_equal(t->head_verso, OV_HEAD_NONE);
	assert_int_equal(t->head_recto, OV_HEAD_CHAPTER);
	assert_int_equal(t->contents_depth, 3);
	assert_true(fabs(t->quote_bar_width - 72 / 25.4) < 1e-9);
	assert_int_equal(t->table_header_face, OV_FACE_ITALIC);
	assert_true(t->paragraph_indent == 1.5);
	/* what the theme leaves out keeps its default */
	assert_true(t->paragraph_spacing == 0.45 && t->code_size == 0.85);
	assert_int_equal(t->code_background, 0xededed);
	free(ch);
	free(msgs);
	ov_doc_dispose(&doc);
	ov_diag_dispose(&diag);

	/* a link colour of its own stays; a leading alone changes every size's */
	msgs = load("title: T\ntheme: {accent-color: \"#00ff00\", link-color: \"#0000ff\", leading: 1.5}\n", &doc,
	            &diag, &ch, &n);
	assert_string_equal(msgs, "");
	assert_int_equal(doc.meta.theme.link_color, 0x0000ff);
	assert_int_equal(doc.meta.theme.label_color, 0x00ff00);
	assert_true(fabs(doc.meta.page.leading - 10.5 * 1.5) < 1e-9);
	assert_true(fabs(doc.meta.theme.page[OV_PAGE_LETTER].leading - 11.5 * 1.5) < 1e-9);
	/* ov_theme_page gives the book's setup of another size (--page-size) */
	ov_page_setup letter;
	assert_int_equal(ov_theme_page(&doc.meta.theme, "letter", &letter), 0);
	assert_true(fabs(letter.leading - 11.5 * 1.5) < 1e-9 && letter.width == 612);
	assert_int_equal(ov_theme_page(&doc.meta.theme, "a5", &letter), -1);
	free(ch);
	free(msgs);
	ov_doc_dispose(&doc);
	ov_diag_dispose(&diag);

	/* without a theme: the defaults, which are the PDF's of old */
	msgs = load("title: T\n", &doc, &diag, &ch, &n);
	assert_string_equal(msgs, "");
	ov_theme d;
	ov_theme_init(&d);
	assert_memory_equal(&doc.meta.theme, &d, sizeof d);
	assert_true(doc.meta.page.body_size == 10.5 && doc.meta.page.leading == 13.6);
	free(ch);
	free(msgs);
	ov_doc_dispose(&doc);
	ov_diag_dispose(&diag);
}

/* One exact message per kind of mistake in a theme, and every mistake of
 * a theme reported in one run. */
static void test_manifest__theme_errors(void **state)
{
	(void)state;
	static const struct {
		const char *yaml;
		const char *expected;
	} cases[] = {
		{"title: T\ntheme: [a]\n",
		 "book.yaml:2:8: error: 'theme' must be a mapping of keys such as 'body-size:', not a list"},
		{"title: T\ntheme:\n  acent-color: \"#ff0000\"\n",
		 "book.yaml:3:3: error: unknown key 'theme.acent-color' (did you mean 'accent-color'?)"},
		{"title: T\ntheme:\n  heading-colour: \"#ff0000\"\n",
		 "book.yaml:3:3: error: unknown key 'theme.heading-colour' (did you mean 'heading-color'?)"},
		{"title: T\ntheme:\n  font-size: 11\n",
		 "book.yaml:3:3: error: unknown key 'theme.font-size' (the keys are listed in the README, \"Themes\")"},
		{"title: T\ntheme:\n  body-size: 30\n",
		 "book.yaml:3:14: error: 'theme.body-size' must be between 6 and 20 pt, not '30'"},
		{"title: T\ntheme:\n  body-size: 0.05in\n",
		 "book.yaml:3:14: error: 'theme.body-size' must be between 6 and 20 pt, not '0.05in'"},
		{"title: T\ntheme:\n  body-size: big\n",
		 "book.yaml:3:14: error: 'theme.body-size' must be a length such as 11pt, not 'big'"},
		{"title: T\ntheme:\n  leading: [1.3]\n",
		 "book.yaml:3:12: error: 'theme.leading' must be a number, not a list"},
		{"title: T\ntheme:\n  leading: 0x2\n",
		 "book.yaml:3:12: error: 'theme.leading' must be a number such as 1.2, not '0x2'"},
		{"title: T\ntheme:\n  paragraph-spacing: -1\n",
		 "book.yaml:3:22: error: 'theme.paragraph-spacing' must be between 0 and 3 lines, not '-1'"},
		{"title: T\ntheme:\n  heading-color: red\n",
		 "book.yaml:3:18: error: 'theme.heading-color' must be a colour such as \"#1d4e89\", not 'red'"},
		{"title: T\ntheme:\n  heading-color: \"#12345g\"\n",
		 "book.yaml:3:18: error: 'theme.heading-color' must be a colour such as \"#1d4e89\", not '#12345g'"},
		{"title: T\ntheme:\n  link-color: #1d4e89\n",
		 "book.yaml:3:14: error: 'theme.link-color' is empty (write the colour in quotes, \"#1d4e89\": "
		 "in YAML a # starts a comment)"},
		{"title: T\ntheme:\n  text-color: {r: 1}\n",
		 "book.yaml:3:15: error: 'theme.text-color' must be a colour, not a mapping"},
		{"title: T\ntheme:\n  heading-sizes: [2, 1.5, 1]\n",
		 "book.yaml:3:18: error: 'theme.heading-sizes' must be a number or a list of 6 (levels 1 to 6), "
		 "not a list of 3"},
		{"title: T\ntheme:\n  heading-sizes: [2, 1.5, 9, 1, 1, x]\n",
		 "book.yaml:3:27: error: 'theme.heading-sizes' item 3 must be between 0.5 and 4 times the body size, "
		 "not '9'\n"
		 "book.yaml:3:36: error: 'theme.heading-sizes' item 6 must be a number such as 1.2, not 'x'"},
		{"title: T\ntheme:\n  code-space: {above: 1}\n",
		 "book.yaml:3:15: error: 'theme.code-space' must be a number or a list of 2 (above, below), not a mapping"},
		{"title: T\ntheme:\n  heading-faces: [bold, heavy, bold, bold, bold, bold]\n",
		 "book.yaml:3:25: error: 'theme.heading-faces' item 2 must be regular, italic, bold or bold-italic, "
		 "not 'heavy'"},
		{"title: T\ntheme:\n  callout-colors: [\"#000000\", \"#111111\", red, \"#333333\", \"#444444\"]\n",
		 "book.yaml:3:42: error: 'theme.callout-colors' item 3 must be a colour such as \"#1d4e89\", not 'red'"},
		{"title: T\ntheme:\n  callout-colors: [\"#000000\"]\n",
		 "book.yaml:3:19: error: 'theme.callout-colors' must be a colour or a list of 5 (note, tip, important, "
		 "warning, caution), not a list of 1"},
		{"title: T\ntheme:\n  label-face: monospace\n",
		 "book.yaml:3:15: error: 'theme.label-face' must be regular, italic, bold or bold-italic, not 'monospace'"},
		{"title: T\ntheme:\n  contents-depth: 4\n",
		 "book.yaml:3:19: error: 'theme.contents-depth' must be 1, 2 or 3, not '4'"},
		{"title: T\ntheme:\n  contents-depth: 1.5\n",
		 "book.yaml:3:19: error: 'theme.contents-depth' must be 1, 2 or 3, not '1.5'"},
		{"title: T\ntheme:\n  running-head-verso: title\n",
		 "book.yaml:3:23: error: 'theme.running-head-verso' must be book, chapter or none, not 'title'"},
		{"title: T\ntheme:\n  code-padding: 4 furlongs\n",
		 "book.yaml:3:17: error: 'theme.code-padding' must be a length such as 1.5pt, 0.5mm or 0.02in, "
		 "not '4 furlongs'"},
		{"title: T\ntheme:\n  note-size: \"\"\n", "book.yaml:3:14: error: 'theme.note-size' is empty"},
		/* a long value is quoted in part, cut before a character */
		{"title: T\ntheme:\n  rule-color: \"x\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9"
		 "\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\"\n",
		 "book.yaml:3:15: error: 'theme.rule-color' must be a colour such as \"#1d4e89\", not "
		 "'x\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9"
		 "\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9...'"},
		{"title: T\ntheme:\n  [a]: 1\n", "book.yaml:3:3: error: keys of 'theme' must be plain words"},
		{"title: T\ntheme:\n  margins: a4\n",
		 "book.yaml:3:12: error: 'theme.margins' must be a mapping of page sizes (6x9in, a4, letter), not a string"},
		{"title: T\ntheme:\n  margins:\n    a5: {top: 1in}\n",
		 "book.yaml:4:5: error: unknown key 'theme.margins.a5' (use 6x9in, a4 or letter)"},
		{"title: T\ntheme:\n  margins:\n    a4: 1in\n",
		 "book.yaml:4:9: error: 'theme.margins.a4' must be a mapping of top, bottom, inner and outer, not a string"},
		{"title: T\ntheme:\n  margins:\n    a4: {top: 1in, gutter: 2in, bottom: wide}\n",
		 "book.yaml:4:20: error: unknown key 'theme.margins.a4.gutter' (known: top, bottom, inner, outer)\n"
		 "book.yaml:4:41: error: 'theme.margins.a4.bottom' must be a length such as 0.75in, 18mm, 2cm or 54pt"},
		{"title: T\ntheme:\n  margins:\n    letter: {top: 5in, bottom: 5in}\n",
		 "book.yaml:4:5: error: the margins in 'theme.margins.letter' leave less than 2in for the text block"},
		/* every problem of a theme in one run, in the order of the file */
		{"title: T\ntheme:\n  body-size: 3\n  rule-color: blue\n  zzz: 1\n  leading: 9\n",
		 "book.yaml:3:14: error: 'theme.body-size' must be between 6 and 20 pt, not '3'\n"
		 "book.yaml:4:15: error: 'theme.rule-color' must be a colour such as \"#1d4e89\", not 'blue'\n"
		 "book.yaml:5:3: error: unknown key 'theme.zzz' (the keys are listed in the README, \"Themes\")\n"
		 "book.yaml:6:12: error: 'theme.leading' must be between 1 and 2.5 times the body size, not '9'"},
	};
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		ov_doc doc;
		ov_diag diag;
		ov_chapter_ref *ch;
		size_t n;
		char *msgs = load(cases[i].yaml, &doc, &diag, &ch, &n);
		if (strcmp(msgs, cases[i].expected) != 0)
			fail_msg("case %zu:\n  got      %s\n  expected %s", i, msgs, cases[i].expected);
		/* a value reported keeps its default */
		ov_theme d;
		ov_theme_init(&d);
		assert_memory_equal(&doc.meta.theme, &d, sizeof d);
		free(ch);
		free(msgs);
		ov_doc_dispose(&doc);
		ov_diag_dispose(&diag);
	}

	/* a list of colours: one for every kind of callout, or one for all */
	{
		ov_doc doc;
		ov_diag diag;
		ov_chapter_ref *ch;
		size_t n;
		char *msgs = load("title: T\ntheme:\n  callout-colors: [\"#000001\", \"#000002\", \"#000003\", \"#000004\", "
		                  "\"#000005\"]\n  callout-background: \"#fafafa\"\n",
		                  &doc, &diag, &ch, &n);
		assert_string_equal(msgs, "");
		for (int k = 0; k < OV_CALLOUT_KINDS; k++)
			assert_int_equal(doc.meta.theme.callout_color[k], (ov_color)(k + 1));
		assert_int_equal(doc.meta.theme.callout_background, 0xfafafa);
		free(ch);
		free(msgs);
		ov_doc_dispose(&doc);
		ov_diag_dispose(&diag);
		msgs = load("title: T\ntheme:\n  callout-colors: \"#123456\"\n", &doc, &diag, &ch, &n);
		assert_string_equal(msgs, "");
		for (int k = 0; k < OV_CALLOUT_KINDS; k++)
			assert_int_equal(doc.meta.theme.callout_color[k], 0x123456);
		free(ch);
		free(msgs);
		ov_doc_dispose(&doc);
		ov_diag_dispose(&diag);
	}

	/* a key given twice: reported, and the second value holds (as for the
	 * keys of book.yaml) */
	{
		ov_doc doc;
		ov_diag diag;
		ov_chapter_ref *ch;
		size_t n;
		char *msgs = load("title: T\ntheme:\n  note-size: 0.8\n  note-size: 0.9\n", &doc, &diag, &ch, &n);
		assert_string_equal(msgs, "book.yaml:4:3: error: duplicate key 'note-size' (first at line 3)");
		assert_true(doc.meta.theme.note_size == 0.9);
		free(ch);
		free(msgs);
		ov_doc_dispose(&doc);
		ov_diag_dispose(&diag);
	}

	/* every key is read and checked: a word where no key takes one is one
	 * error at that key's value, naming it */
	size_t keys = 0;
	for (const char *k; (k = ov_theme_key_name(keys)); keys++) {
		char yaml[128], want[64];
		snprintf(yaml, sizeof yaml, "title: T\ntheme:\n  %s: zzz\n", k);
		snprintf(want, sizeof want, "book.yaml:3:%zu: error: 'theme.%s' ", strlen(k) + 5, k);
		ov_doc doc;
		ov_diag diag;
		ov_chapter_ref *ch;
		size_t n;
		char *msgs = load(yaml, &doc, &diag, &ch, &n);
		if (diag.count != 1 || strncmp(msgs, want, strlen(want)) != 0)
			fail_msg("key %s:\n  got      %s\n  expected %s...", k, msgs, want);
		free(ch);
		free(msgs);
		ov_doc_dispose(&doc);
		ov_diag_dispose(&diag);
	}
	assert_int_equal(keys, 86); /* with figure-min-text, bleed (PDF/X) and code-colors */
}

/* 100,000 unknown keys in a theme: each is one error, and the search for
 * a near key costs a few hundred steps each (no timing is asserted; the
 * test's run time shows a regression). */
/* ISBNs: check digits of ISBN-13 (weights 1, 3) and ISBN-10 (10..1,
 * mod 11), the prefixes taken, other identifiers left alone */
static void test_manifest__isbn(void **state)
{
	(void)state;
	const char *w = NULL;
	char want = 0;
	assert_int_equal(ov_isbn_parse("978-0-306-40615-7", &w, &want), OV_ISBN_OK);
	assert_string_equal(w, "978-0-306-40615-7");
	assert_int_equal(ov_isbn_parse("urn:isbn:9780306406157", &w, NULL), OV_ISBN_OK);
	assert_string_equal(w, "9780306406157");
	assert_int_equal(ov_isbn_parse("ISBN 0-306-40615-2", &w, NULL), OV_ISBN_OK);
	assert_int_equal(ov_isbn_parse("isbn:0-8044-2957-X", NULL, NULL), OV_ISBN_OK);
	assert_int_equal(ov_isbn_parse("978-0-306-40615-8", NULL, &want), OV_ISBN_BAD_CHECK);
	assert_int_equal(want, '7');
	assert_int_equal(ov_isbn_parse("isbn:0-306-40615-3", NULL, &want), OV_ISBN_BAD_CHECK);
	assert_int_equal(want, '2');
	assert_int_equal(ov_isbn_parse("0306406152", NULL, NULL), OV_ISBN_NONE); /* ten digits need a prefix */
	assert_int_equal(ov_isbn_parse("urn:isbn:12345", NULL, NULL), OV_ISBN_BAD_FORM);
	assert_int_equal(ov_isbn_parse("isbn:978-0-306-4061a-7", NULL, NULL), OV_ISBN_BAD_FORM);
	assert_int_equal(ov_isbn_parse("urn:uuid:6f1c2b9e-8d4a-5b7e-9c3f-2a1d0e4b7c65", NULL, NULL), OV_ISBN_NONE);
	assert_int_equal(ov_isbn_parse("2026", NULL, NULL), OV_ISBN_NONE);
	assert_int_equal(ov_isbn_parse("1234567890123", NULL, NULL), OV_ISBN_NONE); /* no 978/979 */
	assert_int_equal(ov_isbn_parse("", NULL, NULL), OV_ISBN_NONE);
}

/* The copyright page's keys: a wrong check digit at its place, the
 * legacy rights sentence split, the identifier from the ISBN, the lines
 * in order */
static void test_manifest__imprint(void **state)
{
	(void)state;
	ov_doc doc;
	ov_diag diag;
	const char *y = "title: T\nisbn: 978-0-306-40615-8\n";
	expect_msgs(load_text(y, strlen(y), &doc, &diag),
	            "book.yaml:2:7: error: ISBN '978-0-306-40615-8' has a wrong check digit (the last digit should be 7)");
	ov_doc_dispose(&doc);
	ov_diag_dispose(&diag);
	y = "title: T\nidentifier: \"urn:isbn:978-0-306-40615-8\"\n";
	expect_msgs(load_text(y, strlen(y), &doc, &diag),
	            "book.yaml:2:13: error: ISBN 'urn:isbn:978-0-306-40615-8' has a wrong check digit (the last digit "
	            "should be 7)");
	ov_doc_dispose(&doc);
	ov_diag_dispose(&diag);
	y = "title: T\ncopyright: next year\nlicense: {name: X, url: \"file:///etc\"}\n";
	expect_msgs(load_text(y, strlen(y), &doc, &diag),
	            "book.yaml:2:12: error: 'copyright' is the year of the notice, such as 2026 or 2024-2026, not "
	            "'next year'\n"
	            "book.yaml:3:25: error: 'license.url' must be an http or https URL, not 'file:///etc'");
	ov_doc_dispose(&doc);
	ov_diag_dispose(&diag);

	/* a legacy book.yaml: its rights sentence gives the notice */
	y = "title: T\nauthors: [Ada, Charles]\ndate: \"2025-03-01\"\n"
	    "rights: \"Copyright 2024-2025 The Contributors. Licensed under X.\"\n";
	expect_msgs(load_text(y, strlen(y), &doc, &diag), "");
	assert_string_equal(doc.meta.copyright_year, "2024-2025");
	assert_string_equal(doc.meta.rights_holder, "The Contributors");
	assert_string_equal(doc.meta.rights, "Licensed under X.");
	ov_doc_dispose(&doc);
	ov_diag_dispose(&diag);
	/* a rights text that only starts like a notice stays as it is */
	y = "title: T\nrights: \"Copyright holders: see AUTHORS.\"\n";
	expect_msgs(load_text(y, strlen(y), &doc, &diag), "");
	assert_null(doc.meta.copyright_year);
	assert_string_equal(doc.meta.rights, "Copyright holders: see AUTHORS.");
	ov_doc_dispose(&doc);
	ov_diag_dispose(&diag);

	/* every key: the lines of the page, in order; the ISBN names the book */
	y = "title: T\nauthors: [Ada, Charles, Grace]\ndate: \"2025-03-01\"\npublisher: P\n"
	    "rights: All rights reserved.\nlicense:\n  name: CC BY 4.0\n  url: https://creativecommons.org/licenses/by/4.0/\n"
	    "edition: Second edition, 2026\nisbn: 978-0-306-40615-7\n";
	expect_msgs(load_text(y, strlen(y), &doc, &diag), "");
	assert_string_equal(doc.meta.identifier, "urn:isbn:9780306406157");
	ov_imprint_line l[OV_IMPRINT_MAX];
	size_t n = ov_imprint_lines(&doc, &doc.arena, l);
	assert_int_equal(n, 7);
	assert_string_equal(l[0].text, "Published by P");
	assert_string_equal(l[1].text, "\xC2\xA9 2025 Ada, Charles, and Grace");
	assert_string_equal(l[2].text, "All rights reserved.");
	assert_string_equal(l[3].text, "This work is licensed under CC BY 4.0. To view a copy of this license, visit "
	                               "https://creativecommons.org/licenses/by/4.0/");
	assert_string_equal(l[4].text, "Second edition, 2026");
	assert_string_equal(l[5].text, "ISBN 978-0-306-40615-7");
	assert_string_equal(l[6].text, ov_arena_printf(&doc.arena, "Typeset with Octavo %s", ov_version()));
	ov_doc_dispose(&doc);
	ov_diag_dispose(&diag);
}

static void test_manifest__theme_wide(void **state)
{
	(void)state;
	ov_doc doc;
	ov_diag diag;
	ov_buf b = OV_BUF_INIT;
	ov_buf_puts(&b, "title: T\ntheme:\n");
	for (int i = 0; i < 100000; i++)
		ov_buf_printf(&b, "  heading-col%05d: x\n", i);
	char *msgs = load_text(b.ptr, b.len, &doc, &diag);
	assert_int_equal(diag.count, 100000);
	char line[512];
	ov_diag_format(&diag, 0, line, sizeof line);
	assert_string_equal(line,
	                    "book.yaml:3:3: error: unknown key 'theme.heading-col00000' (the keys are listed in the README, "
	                    "\"Themes\")");
	free(msgs);
	ov_doc_dispose(&doc);
	ov_diag_dispose(&diag);
	ov_buf_dispose(&b);
}

/* summary part: SUMMARY.md in mdBook's and GitBook's forms */
static void test_manifest__summary(void **state)
{
	(void)state;
	static const char text[] =
		"# Summary\n"                              /* 1 */
		"\n"
		"[Title Page](title.md)\n"                 /* 3 */
		"\n"
		"# Part One\n"                             /* 5 */
		"\n"
		"- [A *b* `c`](a.md)\n"                    /* 7 */
		"    - [Sub](sub/s%20t.md#x)\n"            /* 8 */
		"        - [Subsub](dir/)\n"               /* 9 */
		"- [Draft]()\n"                            /* 10 */
		"- [Again](./a.md)\n"                      /* 11 */
		"- [Web](https://example.org/)\n"          /* 12 */
		"- plain text item\n"                      /* 13 */
		"---\n"
		"## Part Two\n"                            /* 15 */
		"* [B](../b.md)\n"                         /* 16 */
		"\n"
		"[After](after.md) and [More](more.md)\n"; /* 18 */
	ov_diag diag;
	ov_doc doc;
	ov_diag_init(&diag);
	ov_doc_init(&doc, &diag);
	ov_chapter_ref *ch;
	size_t n;
	ov_summary_parse(&doc, "src/SUMMARY.md", text, sizeof text - 1, &ch, &n);
	static const struct {
		const char *path, *title, *part;
		int depth;
		bool unnumbered;
		uint32_t line, col;
	} want[] = {
		{"src/title.md", "Title Page", NULL, 0, true, 3, 1},
		{"src/a.md", "A b c", "Part One", 0, false, 7, 3},
		{"src/sub/s t.md", "Sub", NULL, 1, true, 8, 7},
		{"src/dir/README.md", "Subsub", NULL, 2, true, 9, 11},
		{"b.md", "B", "Part Two", 0, false, 16, 3}, /* "src/../b.md", normalised */
		{"src/after.md", "After", NULL, 0, true, 18, 1},
		{"src/more.md", "More", NULL, 0, true, 18, 23},
	};
	assert_int_equal(n, sizeof want / sizeof *want);
	for (size_t i = 0; i < n; i++) {
		assert_string_equal(ch[i].path, want[i].path);
		assert_string_equal(ch[i].title, want[i].title);
		if (want[i].part)
			assert_string_equal(ch[i].part, want[i].part);
		else
			assert_null(ch[i].part);
		assert_int_equal(ch[i].depth, want[i].depth);
		assert_int_equal(ch[i].unnumbered, want[i].unnumbered);
		assert_int_equal(ch[i].pos.line, want[i].line);
		assert_int_equal(ch[i].pos.col, want[i].col);
	}
	char *m = messages(&diag);
	assert_string_equal(m,
	                    "src/SUMMARY.md:11:3: warning: chapter './a.md' is already in the contents (line 7); this "
	                    "entry is left out\n"
	                    "src/SUMMARY.md:12:3: warning: contents entry 'Web' links to 'https://example.org/', not to "
	                    "a chapter file; it is left out\n"
	                    "src/SUMMARY.md:10:3: note: draft chapter 'Draft' has no file yet and is left out");
	free(m);
	free(ch);
	ov_doc_dispose(&doc);
	ov_diag_dispose(&diag);
}

/* Nesting deeper than OV_SUMMARY_MAX_DEPTH is taken at that depth, said once. */
static void test_manifest__summary_deep(void **state)
{
	(void)state;
	ov_buf b = OV_BUF_INIT;
	for (int i = 0; i < 12; i++) {
		for (int k = 0; k < i; k++)
			ov_buf_puts(&b, "  ");
		ov_buf_printf(&b, "- [L%d](l%d.md)\n", i, i);
	}
	ov_diag diag;
	ov_doc doc;
	ov_diag_init(&diag);
	ov_doc_init(&doc, &diag);
	ov_chapter_ref *ch;
	size_t n;
	ov_summary_parse(&doc, "SUMMARY.md", b.ptr, b.len, &ch, &n);
	assert_int_equal(n, 12);
	for (size_t i = 0; i < n; i++)
		assert_int_equal(ch[i].depth, i < OV_SUMMARY_MAX_DEPTH ? (int)i : OV_SUMMARY_MAX_DEPTH);
	char *m = messages(&diag);
	assert_string_equal(m, "SUMMARY.md:10:21: warning: contents nest deeper than 8 levels; deeper entries are "
	                       "taken at that depth");
	free(m);
	free(ch);
	ov_buf_dispose(&b);
	ov_doc_dispose(&doc);
	ov_diag_dispose(&diag);
}

/* Titles made from file names, never a path. */
static void test_manifest__title_from_file_name(void **state)
{
	(void)state;
	static const char *const cases[][2] = {
		{"contents/5.1.2-matrices.md", "Matrices"},
		{"01-getting-started.md", "Getting started"},
		{"3_vector_spaces.md", "Vector spaces"},
		{"chapter.md", "Chapter"},
		{"2024.md", "2024"},
		{"01-.md", "01"},
		{"README.md", "Introduction"},
		{"02-setup/README.md", "Setup"},
		{"a/b/index.md", "B"},
		{".md", "Untitled"},
	};
	ov_arena a;
	ov_arena_init(&a);
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++)
		if (strcmp(ov_title_from_file_name(&a, cases[i][0]), cases[i][1]) != 0)
			fail_msg("'%s': got '%s', expected '%s'", cases[i][0], ov_title_from_file_name(&a, cases[i][0]),
			         cases[i][1]);
	ov_arena_dispose(&a);
}

/* WCAG 2.1 relative luminance of an sRGB colour (§1.4.3's definition). */
static double luminance(ov_color c)
{
	double v[3] = {ov_color_r(c) / 255.0, ov_color_g(c) / 255.0, ov_color_b(c) / 255.0};
	for (int i = 0; i < 3; i++)
		v[i] = v[i] <= 0.03928 ? v[i] / 12.92 : pow((v[i] + 0.055) / 1.055, 2.4);
	return 0.2126 * v[0] + 0.7152 * v[1] + 0.0722 * v[2];
}

/* The default callout labels are text in the kind's colour on the
 * callout's tint: each must keep 4.5:1 (WCAG 2.1 SC 1.4.3, which DAISY
 * Ace checks in the EPUB). */
static void test_manifest__callout_contrast(void **state)
{
	(void)state;
	ov_theme t;
	ov_theme_init(&t);
	double bg = luminance(t.callout_background);
	for (int k = 0; k < 5; k++) {
		double fg = luminance(t.callout_color[k]);
		double ratio = (fmax(fg, bg) + 0.05) / (fmin(fg, bg) + 0.05);
		if (ratio < 4.5)
			fail_msg("callout colour %d: contrast %.2f:1 against the tint", k, ratio);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_manifest__full),
		cmocka_unit_test(test_manifest__summary),
		cmocka_unit_test(test_manifest__summary_deep),
		cmocka_unit_test(test_manifest__title_from_file_name),
		cmocka_unit_test(test_manifest__defaults),
		cmocka_unit_test(test_manifest__identifier),
		cmocka_unit_test(test_manifest__errors),
		cmocka_unit_test(test_manifest__front_matter),
		cmocka_unit_test(test_manifest__nesting),
		cmocka_unit_test(test_manifest__nesting_deep),
		cmocka_unit_test(test_manifest__syntax_errors),
		cmocka_unit_test(test_manifest__aliases),
		cmocka_unit_test(test_manifest__wide),
		cmocka_unit_test(test_manifest__theme),
		cmocka_unit_test(test_manifest__callout_contrast),
		cmocka_unit_test(test_manifest__theme_errors),
		cmocka_unit_test(test_manifest__theme_wide),
		cmocka_unit_test(test_manifest__isbn),
		cmocka_unit_test(test_manifest__imprint),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
