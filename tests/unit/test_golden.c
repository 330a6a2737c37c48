/* test_golden.c - golden layout dumps: the every-construct fixture book is
 * laid out with its real fonts, kerning and hyphenation (no libharu) in
 * each page setup, and the dump of every box (page, kind, x, y, width,
 * face, size, text, letter spacing, kerning) must equal the file in
 * tests/golden/. After an intended change, regenerate with
 *   OV_UPDATE_GOLDEN=1 ./test_golden
 * and review the diff. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "manifest/manifest.h"
#include "markdown/markdown.h"
#include "typeset/typeset.h"
#include "util/fsio.h"

static char *dump_fixture(const char *page)
{
	const char *src = getenv("OV_SOURCE_DIR");
	assert_non_null(src);
	char *book = ov_path_join(src, "tests/fixtures/allconstructs");
	ov_diag diag;
	ov_doc doc;
	ov_diag_init(&diag);
	ov_doc_init(&doc, &diag);
	assert_int_equal(ov_book_load(&doc, book), 0);
	assert_int_equal(ov_page_setup_named(&doc.meta.page, page), 0);
	doc.build_time = 0;
	ov_doc_resolve(&doc, book);
	ov_layout *L = ov_typeset_layout(&doc);
	assert_non_null(L);
	assert_int_equal(ov_diag_errors(&diag), 0);
	char *dump = ov_layout_dump(L);
	ov_layout_free(L);
	ov_doc_dispose(&doc);
	ov_diag_dispose(&diag);
	free(book);
	return dump;
}

static void check(const char *page)
{
	char *dump = dump_fixture(page);
	char name[128];
	snprintf(name, sizeof name, "tests/golden/allconstructs-%s.txt", page);
	char *path = ov_path_join(getenv("OV_SOURCE_DIR"), name);
	if (getenv("OV_UPDATE_GOLDEN")) {
		assert_int_equal(ov_write_file_atomic(path, dump, strlen(dump)), 0);
		print_message("updated %s\n", name);
	} else {
		char *golden;
		size_t len;
		if (ov_read_file(path, &golden, &len) != 0)
			fail_msg("%s is missing; run with OV_UPDATE_GOLDEN=1", name);
		if (strcmp(golden, dump) != 0) {
			/* show the first difference as a line of each */
			size_t line = 1, i = 0;
			while (golden[i] && golden[i] == dump[i]) {
				if (golden[i] == '\n')
					line++;
				i++;
			}
			const char *g = golden + i, *d = dump + i;
			while (g > golden && g[-1] != '\n')
				g--, d--;
			fail_msg("%s differs at line %zu:\n  golden: %.*s\n  now:    %.*s", name, line,
			         (int)strcspn(g, "\n"), g, (int)strcspn(d, "\n"), d);
		}
		free(golden);
	}
	free(path);
	free(dump);
}

static void test_golden__six_by_nine(void **state)
{
	(void)state;
	check("6x9in");
}

static void test_golden__a4(void **state)
{
	(void)state;
	check("a4");
}

static void test_golden__letter(void **state)
{
	(void)state;
	check("letter");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_golden__six_by_nine),
		cmocka_unit_test(test_golden__a4),
		cmocka_unit_test(test_golden__letter),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
