/* fuzz_math.c - libFuzzer target: arbitrary bytes as a TeX formula
 * (math/math.h), parsed inline and as a display with a macro set that
 * lives across the two (as a chapter's does), then dumped. Nothing may
 * crash, hang, leak or recurse beyond OV_MATH_MAX_DEPTH; every message
 * must point inside the formula, and a formula with an error is not ok. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "math/math.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	ov_math_macros *book = ov_math_macros_new(NULL);
	char why[160];
	if (!ov_math_macros_define(book, "\\R", "\\mathbb{R}", 10, 0, why, sizeof why) ||
	    !ov_math_macros_define(book, "\\norm", "\\left\\lVert #1 \\right\\rVert", 27, 1, why, sizeof why))
		abort();
	ov_math_macros *ch = ov_math_macros_new(book);
	for (int display = 0; display < 2; display++) {
		ov_arena a;
		ov_arena_init(&a);
		const ov_math *m = ov_math_parse(&a, (const char *)data, size, display, ch);
		bool error = false;
		for (size_t i = 0; i < m->msg_count; i++) {
			if (m->msgs[i].off > size)
				abort();
			error |= m->msgs[i].error;
		}
		if (error == m->ok || m->msg_count > OV_MATH_MAX_MSGS)
			abort();
		ov_buf b = OV_BUF_INIT;
		ov_math_dump(&b, m);
		ov_buf_dispose(&b);
		ov_arena_dispose(&a);
	}
	ov_math_macros_free(ch);
	ov_math_macros_free(book);
	return 0;
}
