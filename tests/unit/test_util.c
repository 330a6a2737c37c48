/* test_util.c - UTF-8, slugs, diagnostics, buffers,
 * atomic writes, image probing. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "doc/doc.h"
#include "util/buf.h"
#include "util/diag.h"
#include "util/fsio.h"
#include "util/image.h"
#include "util/utf8.h"

static void test_util__utf8_decode(void **state)
{
	(void)state;
	static const struct {
		const char *in;
		size_t len;
		int n;
		uint32_t cp;
	} cases[] = {
		{"A", 1, 1, 0x41},
		{"\xC3\xA9", 2, 2, 0xE9},
		{"\xE2\x80\x94", 3, 3, 0x2014},
		{"\xF0\x9D\x94\xB8", 4, 4, 0x1D538},
		{"\xC0\xAF", 2, -1, 0xFFFD},          /* overlong */
		{"\xED\xA0\x80", 3, -1, 0xFFFD},      /* surrogate */
		{"\xF4\x90\x80\x80", 4, -1, 0xFFFD},  /* above U+10FFFF */
		{"\xE2\x80", 2, -1, 0xFFFD},          /* truncated */
		{"\x80", 1, -1, 0xFFFD},              /* lone continuation */
	};
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		uint32_t cp;
		assert_int_equal(ov_utf8_decode(cases[i].in, cases[i].len, &cp), cases[i].n);
		assert_int_equal(cp, cases[i].cp);
	}
	assert_int_equal(ov_utf8_validate("ok caf\xC3\xA9", 8), 8);
	assert_int_equal(ov_utf8_validate("ab\xFF" "cd", 5), 2);
	char out[4];
	assert_int_equal(ov_utf8_encode(0x20AC, out), 3);
	assert_memory_equal(out, "\xE2\x82\xAC", 3);
	assert_int_equal(ov_utf8_count("caf\xC3\xA9", 5), 4);
}

static void test_util__slugify(void **state)
{
	(void)state;
	ov_arena a;
	ov_arena_init(&a);
	assert_string_equal(ov_slugify(&a, "Data, features, and labels"), "data-features-and-labels");
	assert_string_equal(ov_slugify(&a, "  What ML is -- really?  "), "what-ml-is-really");
	assert_string_equal(ov_slugify(&a, "3 ways"), "s-3-ways");
	assert_string_equal(ov_slugify(&a, "caf\xC3\xA9 au lait"), "caf-au-lait");
	assert_string_equal(ov_slugify(&a, "!!!"), "section");
	ov_arena_dispose(&a);
}

/* GitHub's heading ids (ghrules). The first rows are the examples of
 * GitHub's documentation ("Basic writing and formatting syntax", section
 * links: "This'll  be a _Helpful_ Section About the Greek Letter Θ!" ->
 * "thisll--be-a-helpful-section-about-the-greek-letter-θ"); the rest follow
 * its rule: lower case; letters, marks, decimal digits, letter numbers, '_'
 * and '-' kept; other punctuation, symbols (emoji), other numbers and
 * separators removed; each space a '-', runs kept. The heading text is as
 * rendered (emphasis markers already gone). */
static void test_util__github_id(void **state)
{
	(void)state;
	static const struct {
		const char *text, *id;
	} cases[] = {
		{"Sample Section", "sample-section"},
		{"This'll  be a Helpful Section About the Greek Letter \xCE\x98!",
		 "thisll--be-a-helpful-section-about-the-greek-letter-\xCE\xB8"},
		{"What's new in 2.0?", "whats-new-in-20"},
		{"C++ & Rust: a comparison", "c--rust-a-comparison"},
		{"Setup -- fast", "setup----fast"},
		{"snake_case and kebab-case", "snake_case-and-kebab-case"},
		{"1. Introduction", "1-introduction"},
		{"\xF0\x9F\x8E\x89 Release notes \xF0\x9F\x8E\x89", "-release-notes-"},
		{"\xC3\x9C" "ber Stra\xC3\x9F" "e", "\xC3\xBC" "ber-stra\xC3\x9F" "e"},              /* Über Straße: ß stays */
		{"\xD0\x9F\xD1\x80\xD0\xB8\xD0\xB2\xD0\xB5\xD1\x82 \xD0\xBC\xD0\xB8\xD1\x80",
		 "\xD0\xBF\xD1\x80\xD0\xB8\xD0\xB2\xD0\xB5\xD1\x82-\xD0\xBC\xD0\xB8\xD1\x80"}, /* Привет мир */
		{"\xE6\x97\xA5\xE6\x9C\xAC\xE8\xAA\x9E\xEF\xBC\x88\xE6\xBC\xA2\xE5\xAD\x97\xEF\xBC\x89",
		 "\xE6\x97\xA5\xE6\x9C\xAC\xE8\xAA\x9E\xE6\xBC\xA2\xE5\xAD\x97"}, /* 日本語（漢字）: fullwidth brackets go */
		{"x\xC2\xB2 + y\xC2\xB2", "x--y"},                       /* ² is No: removed */
		{"Caf\xC3\xA9 \xE2\x80\x94 \xE2\x80\x9Cquoted\xE2\x80\x9D", "caf\xC3\xA9--quoted"}, /* em dash, curly quotes */
		{"e\xCC\x81t\xC3\xA9", "e\xCC\x81t\xC3\xA9"},                   /* a combining mark is kept */
		{"Chapter \xE2\x85\xAB", "chapter-\xE2\x85\xBB"},                  /* Ⅻ is Nl, lowercased to ⅻ */
		{"\xC4\xB0stanbul", "i\xCC\x87stanbul"},                          /* İ: full lowercase mapping */
		{"a\tb\nc\xC2\xA0" "d", "abcd"},                                   /* controls, no-break space */
		{"$PATH / %HOME%", "path--home"},
		{"\xE2\x9C\xA8", ""},                                           /* ✨ alone */
	};
	ov_arena a;
	ov_arena_init(&a);
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		const char *got = ov_github_id(&a, cases[i].text);
		if (strcmp(got, cases[i].id) != 0)
			fail_msg("case %zu: '%s' -> '%s', expected '%s'", i, cases[i].text, got, cases[i].id);
	}
	/* ids for the EPUB: valid XML names, the GitHub id when it is one */
	assert_string_equal(ov_xml_id(&a, "sample-section"), "sample-section");
	assert_string_equal(ov_xml_id(&a, "snake_case"), "snake_case");
	assert_string_equal(ov_xml_id(&a, "\xC3\xBC" "ber"), "\xC3\xBC" "ber");
	assert_string_equal(ov_xml_id(&a, "1-introduction"), "s-1-introduction");
	assert_string_equal(ov_xml_id(&a, "-release-notes-"), "s--release-notes-");
	assert_string_equal(ov_xml_id(&a, "\xC2\xB5s"), "s");      /* µ is a letter but not a name character */
	assert_string_equal(ov_xml_id(&a, "a:b c"), "abc");
	assert_string_equal(ov_xml_id(&a, ""), "section");
	ov_arena_dispose(&a);
}

/* Warnings worth reading (ghrules): per file, a warning repeated (same
 * message, or same key) prints once and is counted in a note at the end;
 * errors never fold; an identical line (both writers) is not counted;
 * another file starts its own count; a sink appended from a thread
 * (ov_diag_append) folds the same. */
static void test_util__diag_fold(void **state)
{
	(void)state;
	ov_diag d, t;
	ov_diag_init(&d);
	ov_diag_init(&t);
	uint32_t a = ov_diag_file(&d, "chapters/a.md"), b = ov_diag_file(&d, "chapters/b.md");
	for (uint32_t i = 1; i <= 42; i++)
		ov_diag_warning(&d, (ov_pos){a, 10 + i, 3}, "link target '#x': no heading or figure with id 'x'");
	ov_diag_warning(&d, (ov_pos){a, 11, 3}, "link target '#x': no heading or figure with id 'x'");
	ov_diag_warning(&d, (ov_pos){a, 60, 1}, "link target '#y': no heading or figure with id 'y'");
	ov_diag_error(&d, (ov_pos){a, 70, 1}, "image 'p.png' not found");
	ov_diag_error(&d, (ov_pos){a, 71, 1}, "image 'p.png' not found");
	ov_diag_warning(&t, (ov_pos){b, 1, 1}, "link target '#x': no heading or figure with id 'x'");
	ov_diag_warning_keyed(&t, (ov_pos){b, 2, 1}, "raw-html", "raw HTML is left out: '%s'", "<b>");
	ov_diag_warning_keyed(&t, (ov_pos){b, 3, 1}, "raw-html", "raw HTML is left out: '%s'", "<i>");
	ov_diag_append(&d, &t);
	char *out = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&out, &len);
	ov_diag_print(&d, f);
	fclose(f);
	assert_string_equal(out, "chapters/a.md:11:3: warning: link target '#x': no heading or figure with id 'x'\n"
	                         "chapters/a.md:60:1: warning: link target '#y': no heading or figure with id 'y'\n"
	                         "chapters/a.md:70:1: error: image 'p.png' not found\n"
	                         "chapters/a.md:71:1: error: image 'p.png' not found\n"
	                         "chapters/b.md:1:1: warning: link target '#x': no heading or figure with id 'x'\n"
	                         "chapters/b.md:2:1: warning: raw HTML is left out: '<b>'\n"
	                         "chapters/a.md:11:3: note: ... and 41 more like this in chapters/a.md\n"
	                         "chapters/b.md:2:1: note: ... and 1 more like this in chapters/b.md\n");
	free(out);
	ov_diag_dispose(&t);
	ov_diag_dispose(&d);
}

/* Listed warnings: one kind about different things folds per file by its
 * key, and the note lists the first OV_DIAG_LISTED items of the others,
 * each once, with "..." when more were folded; an item like the first
 * one's is not listed again; a record repeated into another sink
 * (ov_diag_repeat, as the layout joins chapters) keeps its key and item. */
static void test_util__diag_listed(void **state)
{
	(void)state;
	ov_diag d, t;
	ov_diag_init(&d);
	ov_diag_init(&t);
	uint32_t a = ov_diag_file(&d, "ja.md"), b = ov_diag_file(&d, "b.md");
	static const char *const chars[] = {"U+30B7 'シ'", "U+30B9 'ス'", "U+30C6 'テ'", "U+30E0 'ム'", "U+3092 'を'",
	                                    "U+3076 'ぶ'", "U+30FB '・'", "U+30AB 'カ'", "U+30AD 'キ'"};
	for (uint32_t i = 0; i < 9; i++)
		ov_diag_warning_listed(&t, (ov_pos){a, 3, 3 + i}, "missing-char\x1fkana", chars[i],
		                       "character %s is in none of the fonts", chars[i]);
	ov_diag_warning_listed(&t, (ov_pos){a, 9, 1}, "missing-char\x1fhan", "U+8A2D '設'",
	                       "character U+8A2D '設' is in none of the fonts");
	for (size_t i = 0; i < t.count; i++)
		ov_diag_repeat(&d, &t.records[i]);
	ov_diag_warning_listed(&d, (ov_pos){b, 1, 1}, "no-alt", "'x.png'", "image 'x.png' has no alt text");
	ov_diag_warning_listed(&d, (ov_pos){b, 2, 1}, "no-alt", "'x.png'", "image 'x.png' has no alt text");
	ov_diag_warning_listed(&d, (ov_pos){b, 3, 1}, "no-alt", "'y.png'", "image 'y.png' has no alt text");
	ov_diag_warning_listed(&d, (ov_pos){b, 4, 1}, "no-alt", "'y.png'", "image 'y.png' has no alt text");
	char *out = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&out, &len);
	ov_diag_print(&d, f);
	fclose(f);
	assert_string_equal(out, "ja.md:3:3: warning: character U+30B7 'シ' is in none of the fonts\n"
	                         "ja.md:9:1: warning: character U+8A2D '設' is in none of the fonts\n"
	                         "b.md:1:1: warning: image 'x.png' has no alt text\n"
	                         "ja.md:3:3: note: ... and 8 more like this in ja.md: U+30B9 'ス', U+30C6 'テ', "
	                         "U+30E0 'ム', U+3092 'を', U+3076 'ぶ', U+30FB '・', ...\n"
	                         "b.md:1:1: note: ... and 3 more like this in b.md: 'y.png'\n");
	free(out);
	ov_diag_dispose(&t);
	ov_diag_dispose(&d);
}

/* -o new/folder (ghrules): every missing level is made; a folder there
 * already is fine; a file in the way is ENOTDIR. */
static void test_util__mkdir_p(void **state)
{
	(void)state;
	char tmpl[] = "/tmp/ov-mkdir-XXXXXX";
	assert_non_null(mkdtemp(tmpl));
	char *deep = ov_path_join(tmpl, "a/b//c/d");
	assert_int_equal(ov_mkdir_p(deep), 0);
	assert_true(ov_is_dir(deep));
	assert_int_equal(ov_mkdir_p(deep), 0); /* there already */
	char *file = ov_path_join(tmpl, "a/f");
	assert_int_equal(ov_write_file_atomic(file, "x", 1), 0);
	char *under = ov_path_join(file, "g");
	errno = 0;
	assert_int_equal(ov_mkdir_p(under), -1);
	assert_int_equal(errno, ENOTDIR);
	errno = 0;
	assert_int_equal(ov_mkdir_p(file), -1);
	assert_int_equal(errno, ENOTDIR);
	unlink(file);
	static const char *const dirs[] = {"a/b/c/d", "a/b/c", "a/b", "a", ""};
	for (size_t i = 0; i < sizeof dirs / sizeof *dirs; i++) {
		char *d = ov_path_join(tmpl, dirs[i]);
		rmdir(d);
		free(d);
	}
	free(under);
	free(file);
	free(deep);
}

static void test_util__diag_format(void **state)
{
	(void)state;
	ov_diag d;
	ov_diag_init(&d);
	uint32_t f = ov_diag_file(&d, "chapters/03-skills.md");
	assert_int_equal(ov_diag_file(&d, "chapters/03-skills.md"), f);
	ov_diag_error(&d, (ov_pos){f, 41, 7}, "image '%s' not found", "fig3.png");
	ov_diag_warning(&d, (ov_pos){f, 2, 0}, "line only\nsecond");
	ov_diag_error(&d, (ov_pos){0, 0, 0}, "run-level problem");
	char line[256];
	ov_diag_format(&d, 0, line, sizeof line);
	assert_string_equal(line, "chapters/03-skills.md:41:7: error: image 'fig3.png' not found");
	ov_diag_format(&d, 1, line, sizeof line);
	assert_string_equal(line, "chapters/03-skills.md:2: warning: line only second");
	ov_diag_format(&d, 2, line, sizeof line);
	assert_string_equal(line, "octavo: error: run-level problem");
	assert_int_equal(ov_diag_errors(&d), 2);
	ov_diag_dispose(&d);
}

/* both writers judge the fonts: the same record twice prints once */
static void test_util__diag_print_once(void **state)
{
	(void)state;
	ov_diag d;
	ov_diag_init(&d);
	uint32_t f = ov_diag_file(&d, "book.yaml");
	ov_diag_error(&d, (ov_pos){f, 4, 12}, "font '%s' is damaged", "a.ttf");
	ov_diag_warning(&d, (ov_pos){f, 4, 12}, "font '%s' is damaged", "a.ttf");
	ov_diag_error(&d, (ov_pos){f, 5, 12}, "font '%s' is damaged", "a.ttf");
	ov_diag_error(&d, (ov_pos){f, 4, 12}, "font '%s' is damaged", "a.ttf");
	char out[1024] = {0};
	FILE *m = fmemopen(out, sizeof out - 1, "w");
	assert_non_null(m);
	ov_diag_print(&d, m);
	fclose(m);
	assert_string_equal(out, "book.yaml:4:12: error: font 'a.ttf' is damaged\n"
	                         "book.yaml:4:12: warning: font 'a.ttf' is damaged\n"
	                         "book.yaml:5:12: error: font 'a.ttf' is damaged\n");
	assert_int_equal(d.count, 4);
	ov_diag_dispose(&d);
}

static void test_util__buf(void **state)
{
	(void)state;
	ov_buf b = OV_BUF_INIT;
	assert_string_equal(ov_buf_cstr(&b), "");
	for (int i = 0; i < 1000; i++)
		ov_buf_printf(&b, "%d,", i % 10);
	assert_int_equal(b.len, 2000);
	assert_memory_equal(b.ptr, "0,1,2,", 6);
	char *s = ov_buf_detach(&b);
	assert_null(b.ptr);
	free(s);
}

static void test_util__atomic_write(void **state)
{
	(void)state;
	char dir[] = "/tmp/ov-test-XXXXXX";
	assert_non_null(mkdtemp(dir));
	char *path = ov_path_join(dir, "out.bin");
	assert_int_equal(ov_write_file_atomic(path, "first", 5), 0);
	assert_int_equal(ov_write_file_atomic(path, "second!", 7), 0);
	char *data;
	size_t len;
	assert_int_equal(ov_read_file(path, &data, &len), 0);
	assert_int_equal(len, 7);
	assert_memory_equal(data, "second!", 7);
	free(data);
	/* a folder that does not exist: failure, errno set, nothing left */
	char *bad = ov_path_join(dir, "missing/out.bin");
	assert_int_equal(ov_write_file_atomic(bad, "x", 1), -1);
	assert_int_equal(errno, ENOENT);
	char **names;
	size_t n;
	assert_int_equal(ov_list_dir(dir, ".bin", &names, &n), 0);
	assert_int_equal(n, 1); /* only out.bin: no temporary file remains */
	ov_free_names(names, n);
	assert_int_equal(ov_read_file(dir, &data, &len), -1);
	assert_int_equal(errno, EISDIR);
	unlink(path);
	rmdir(dir);
	free(path);
	free(bad);
}

/* count FILE_PREFIX in dir: files whose names start with prefix */
static size_t count_prefixed(const char *dir, const char *prefix)
{
	char **names;
	size_t n, k = 0;
	assert_int_equal(ov_list_dir(dir, "", &names, &n), 0);
	for (size_t i = 0; i < n; i++)
		k += strncmp(names[i], prefix, strlen(prefix)) == 0;
	ov_free_names(names, n);
	return k;
}

static char *slurp(const char *path)
{
	char *data;
	size_t len;
	if (ov_read_file(path, &data, &len) != 0)
		return NULL;
	return data;
}

static void test_util__commit_both_or_neither(void **state)
{
	(void)state;
	char dir[] = "/tmp/ov-test-XXXXXX";
	assert_non_null(mkdtemp(dir));
	char *a = ov_path_join(dir, "book.pdf"), *b = ov_path_join(dir, "book.epub");
	char *not_dir = ov_path_join(dir, "plain"), *under = ov_path_join(dir, "plain/book.epub");
	assert_int_equal(ov_write_file_atomic(not_dir, "x", 1), 0);

	/* both go in place */
	char *tmp[2];
	assert_int_equal(ov_write_file_begin(a, "old-a", 5, &tmp[0]), 0);
	assert_int_equal(ov_write_file_begin(b, "old-b", 5, &tmp[1]), 0);
	size_t failed = 9;
	const char *paths[2] = {a, b};
	assert_int_equal(ov_write_files_commit(tmp, paths, 2, &failed), 0);
	assert_null(tmp[0]);
	char *got = slurp(a);
	assert_string_equal(got, "old-a");
	free(got);

	/* the second rename fails after the first succeeded (a path under a
	 * file, which the check before the renames cannot see): the first is
	 * put back as it was */
	assert_int_equal(ov_write_file_begin(a, "new-a", 5, &tmp[0]), 0);
	assert_int_equal(ov_write_file_begin(b, "new-b", 5, &tmp[1]), 0);
	const char *bad[2] = {a, under};
	assert_int_equal(ov_write_files_commit(tmp, bad, 2, &failed), -1);
	assert_int_equal(errno, ENOTDIR);
	assert_int_equal(failed, 1);
	got = slurp(a);
	assert_string_equal(got, "old-a");
	free(got);
	assert_int_equal(count_prefixed(dir, "book.pdf.tmp"), 0);
	assert_int_equal(count_prefixed(dir, "book.epub.tmp"), 0);

	/* the same when the first did not exist before: it is removed again */
	unlink(a);
	assert_int_equal(ov_write_file_begin(a, "new-a", 5, &tmp[0]), 0);
	assert_int_equal(ov_write_file_begin(b, "new-b", 5, &tmp[1]), 0);
	assert_int_equal(ov_write_files_commit(tmp, bad, 2, &failed), -1);
	assert_int_equal(access(a, F_OK), -1);

	/* a folder where the second should go: refused before any rename */
	assert_int_equal(ov_write_file_atomic(a, "old-a", 5), 0);
	unlink(b);
	assert_int_equal(mkdir(b, 0755), 0);
	assert_int_equal(ov_write_file_begin(a, "new-a", 5, &tmp[0]), 0);
	assert_int_equal(ov_write_file_begin(not_dir, "new-b", 5, &tmp[1]), 0);
	assert_int_equal(ov_write_files_commit(tmp, paths, 2, &failed), -1);
	assert_int_equal(errno, EISDIR);
	assert_int_equal(failed, 1);
	got = slurp(a);
	assert_string_equal(got, "old-a");
	free(got);
	assert_int_equal(count_prefixed(dir, "book.pdf.tmp"), 0);
	assert_int_equal(count_prefixed(dir, "plain.tmp"), 0);
	rmdir(b);

	/* an output that is a symbolic link is replaced, not written through */
	char *target = ov_path_join(dir, "target");
	assert_int_equal(ov_write_file_atomic(target, "precious", 8), 0);
	unlink(a);
	assert_int_equal(symlink(target, a), 0);
	assert_int_equal(ov_write_file_begin(a, "new-a", 5, &tmp[0]), 0);
	tmp[1] = NULL;
	assert_int_equal(ov_write_files_commit(tmp, paths, 2, &failed), 0);
	got = slurp(target);
	assert_string_equal(got, "precious");
	free(got);
	got = slurp(a);
	assert_string_equal(got, "new-a");
	free(got);

	/* a temporary file not yet in place is removed by the signal-safe
	 * clean-up */
	assert_int_equal(ov_write_file_begin(b, "doomed", 6, &tmp[1]), 0);
	assert_int_equal(access(tmp[1], F_OK), 0);
	ov_remove_temp_files();
	assert_int_equal(access(tmp[1], F_OK), -1);
	ov_write_file_abort(tmp[1]);

	unlink(a);
	unlink(target);
	unlink(not_dir);
	rmdir(dir);
	free(a);
	free(b);
	free(not_dir);
	free(under);
	free(target);
}

static void test_util__read_refuses_special_files(void **state)
{
	(void)state;
	char dir[] = "/tmp/ov-test-XXXXXX";
	assert_non_null(mkdtemp(dir));
	char *fifo = ov_path_join(dir, "pipe.md");
	assert_int_equal(mkfifo(fifo, 0600), 0);
	char *data = (char *)1;
	size_t len = 9;
	/* returns at once (a blocking open would wait for a writer) */
	assert_int_equal(ov_read_file(fifo, &data, &len), -1);
	assert_int_equal(errno, OV_ENOTREG);
	assert_null(data);
	assert_string_equal(ov_file_error(errno), "it is not a regular file (a named pipe, socket or device)");
	assert_int_equal(ov_read_file("/dev/null", &data, &len), -1);
	assert_int_equal(errno, OV_ENOTREG);
	assert_int_equal(ov_read_file(dir, &data, &len), -1);
	assert_string_equal(ov_file_error(errno), "it is a folder");
	unlink(fifo);
	rmdir(dir);
	free(fifo);
}

static void test_util__image_probe(void **state)
{
	(void)state;
	/* a 3x2 PNG header with a pHYs chunk of 5906 px/m (150 dpi) */
	static const uint8_t png[] = {
		0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n',
		0, 0, 0, 13, 'I', 'H', 'D', 'R', 0, 0, 0, 3, 0, 0, 0, 2, 8, 2, 0, 0, 0, 0, 0, 0, 0,
		0, 0, 0, 9, 'p', 'H', 'Y', 's', 0, 0, 0x17, 0x12, 0, 0, 0x17, 0x12, 1, 0, 0, 0, 0,
		0, 0, 0, 0, 'I', 'E', 'N', 'D', 0, 0, 0, 0};
	ov_image_info info;
	assert_int_equal(ov_image_probe(png, sizeof png, &info), 0);
	assert_int_equal(info.format, OV_IMAGE_PNG);
	assert_int_equal(info.width, 3);
	assert_int_equal(info.height, 2);
	assert_true(info.dpi_x > 149.9 && info.dpi_x < 150.1);
	static const uint8_t jpg[] = {0xFF, 0xD8, 0xFF, 0xC0, 0, 11, 8, 0, 20, 0, 30, 1, 1, 0x11, 0};
	assert_int_equal(ov_image_probe(jpg, sizeof jpg, &info), 0);
	assert_int_equal(info.format, OV_IMAGE_JPEG);
	assert_int_equal(info.width, 30);
	assert_int_equal(info.height, 20);
	assert_int_equal(ov_image_probe((const uint8_t *)"GIF89a", 6, &info), -1);
	assert_int_equal(info.format, OV_IMAGE_UNKNOWN);
	assert_int_equal(ov_image_probe(png, 20, &info), -1); /* truncated header */
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_util__utf8_decode),
		cmocka_unit_test(test_util__slugify),
		cmocka_unit_test(test_util__github_id),
		cmocka_unit_test(test_util__diag_format),
		cmocka_unit_test(test_util__mkdir_p),
		cmocka_unit_test(test_util__diag_fold),
		cmocka_unit_test(test_util__diag_listed),
		cmocka_unit_test(test_util__diag_print_once),
		cmocka_unit_test(test_util__buf),
		cmocka_unit_test(test_util__atomic_write),
		cmocka_unit_test(test_util__commit_both_or_neither),
		cmocka_unit_test(test_util__read_refuses_special_files),
		cmocka_unit_test(test_util__image_probe),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
