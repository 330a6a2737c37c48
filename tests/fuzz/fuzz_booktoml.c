/* fuzz_booktoml.c - libFuzzer target: arbitrary bytes as mdBook's
 * book.toml (booktoml.h). Nothing may crash, hang or leak; every value
 * read must have a key of 1..OV_TOML_MAX_KEY_DEPTH parts and strings that
 * are valid UTF-8 without NUL. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "manifest/booktoml.h"
#include "util/utf8.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check_text(const char *s)
{
	if (!s || ov_utf8_validate(s, strlen(s)) != strlen(s))
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	ov_diag diag;
	ov_arena a;
	ov_diag_init(&diag);
	ov_arena_init(&a);
	uint32_t file = ov_diag_file(&diag, "book.toml");
	ov_toml_value *v;
	size_t n = ov_toml_parse(&a, &diag, file, (const char *)data, size, size % 2 ? "book" : NULL, &v);
	for (size_t i = 0; i < n; i++) {
		if (v[i].depth < 1 || v[i].depth > OV_TOML_MAX_KEY_DEPTH)
			abort();
		for (size_t k = 0; k < v[i].depth; k++)
			check_text(v[i].key[k]);
		if (v[i].kind == OV_TOML_STRING)
			check_text(v[i].str);
		if (v[i].kind == OV_TOML_ARRAY)
			for (size_t k = 0; k < v[i].count; k++)
				check_text(v[i].items[k]);
		(void)ov_toml_key_is(&v[i], "book.title");
	}
	free(v);
	ov_arena_dispose(&a);
	ov_diag_dispose(&diag);
	return 0;
}
