/* test_hyph.c - hyphenation points from libhyphen's en_US patterns, with
 * Octavo's rules: 2 letters before a break and 3 after, lowercase lookup,
 * character-to-byte mapping, no digits, acronyms or listed words. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "hyph/hyph.h"

static void check(ov_hyph *h, const char *word, const char *expected)
{
	size_t at[32];
	size_t n = ov_hyph_points(h, word, strlen(word), at, 32);
	char got[128] = "";
	size_t o = 0;
	for (size_t i = 0; i < n; i++)
		o += (size_t)snprintf(got + o, sizeof got - o, "%s%zu", i ? "," : "", at[i]);
	if (strcmp(got, expected) != 0)
		fail_msg("'%s': points {%s}, expected {%s}", word, got, expected);
}

static void test_hyph__english(void **state)
{
	(void)state;
	ov_hyph *h = ov_hyph_load("en-US");
	assert_non_null(h);
	check(h, "engineering", "2,4,8");     /* en-gi-neer-ing */
	check(h, "Engineering", "2,4,8");     /* lowercased for the patterns */
	check(h, "recommendation", "3,5,8,10"); /* rec-om-men-da-tion */
	check(h, "algorithm", "2,4");         /* al-go-rithm */
	check(h, "r\xC3\xA9sum\xC3\xA9", "3"); /* ré-sumé: byte offset after é */
	check(h, "GPUs", "");                 /* acronym */
	check(h, "x86model", "");             /* digits */
	check(h, "snake_case", "");           /* underscore */
	check(h, "into", "");                 /* too short */
	check(h, "PyTorch", "");              /* two capitals: treated as a name */
	ov_hyph_add_exception(h, "ENGINEERING");
	check(h, "engineering", "");          /* the book's no-hyphenation list */
	ov_hyph_free(h);
}

static void test_hyph__languages(void **state)
{
	(void)state;
	ov_hyph *h = ov_hyph_load("en");
	assert_non_null(h); /* English falls back to en_US */
	ov_hyph_free(h);
	assert_null(ov_hyph_load("xx-YY"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_hyph__english),
		cmocka_unit_test(test_hyph__languages),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
