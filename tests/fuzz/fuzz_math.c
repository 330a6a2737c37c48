/* fuzz_math.c - libFuzzer target: arbitrary bytes as a TeX formula
 * (math/math.h), parsed inline and as a display with a macro set that
 * lives across the two (as a chapter's does), then dumped, and written as
 * MathML when ok (math/mathml.c, with equation numbers and ids for a
 * display's rows) and as its Unicode reading (math/plain.c). Nothing may crash, hang, leak or recurse beyond
 * OV_MATH_MAX_DEPTH; every message must point inside the formula, a
 * formula with an error is not ok, and the MathML's tags must balance
 * with no '<' or '&' left unescaped in a text or an attribute. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "math/math.h"
#include "util/utf8.h"

/* Aborts unless s[0..len) is valid UTF-8 without a NUL. */
static void check_plain(const char *s, size_t len)
{
	for (size_t i = 0; i < len;) {
		uint32_t cp;
		int l = ov_utf8_decode(s + i, len - i, &cp);
		if (l <= 0 || cp == 0)
			abort();
		i += (size_t)l;
	}
}

/* Aborts unless xml[0..len) is one element whose start and end tags
 * balance (a stack of names), every '&' starts an entity or a character
 * reference, and no '<' or '>' appears inside an attribute value. */
static void check_xml(const char *xml, size_t len)
{
	const char *stack[512];
	size_t lens[512], depth = 0, i = 0, roots = 0;
	while (i < len) {
		if (xml[i] == '&') {
			const char *semi = memchr(xml + i, ';', len - i);
			if (!semi || semi - (xml + i) > 10)
				abort();
			i++;
			continue;
		}
		if (xml[i] == '>')
			abort();
		if (xml[i] != '<') {
			i++;
			continue;
		}
		bool close = i + 1 < len && xml[i + 1] == '/';
		size_t n0 = i + 1 + close, n1 = n0;
		while (n1 < len && xml[n1] != ' ' && xml[n1] != '>' && xml[n1] != '/')
			n1++;
		size_t j = n1;
		bool quote = false;
		while (j < len && (quote || xml[j] != '>')) {
			if (xml[j] == '"')
				quote = !quote;
			else if (quote && (xml[j] == '<' || xml[j] == '>'))
				abort();
			j++;
		}
		if (j >= len)
			abort();
		bool empty = xml[j - 1] == '/';
		if (close) {
			if (!depth || lens[depth - 1] != n1 - n0 || memcmp(stack[depth - 1], xml + n0, n1 - n0) != 0)
				abort();
			depth--;
		} else if (!empty) {
			if (!depth)
				roots++;
			if (depth == sizeof stack / sizeof *stack)
				abort(); /* deeper than any formula the parser accepts makes */
			stack[depth] = xml + n0;
			lens[depth++] = n1 - n0;
		}
		i = j + 1;
	}
	if (depth || roots != 1)
		abort();
}

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
		if (m->ok) {
			/* every row numbered and anchored, the way a book's are */
			const char **nums = ov_arena_alloc(&a, (m->row_count + 1) * sizeof *nums);
			for (size_t i = 0; i < m->row_count; i++)
				nums[i] = i % 2 ? NULL : "1.<2>&";
			ov_buf_clear(&b);
			ov_math_mathml(&b, m, NULL, NULL, nums, nums);
			check_xml(b.ptr, b.len);
			/* the Unicode reading (math/plain.c): valid UTF-8, no TeX
			 * escape character of its own making */
			ov_buf_clear(&b);
			ov_math_plain(&b, m, NULL, NULL);
			check_plain(b.ptr, b.len);
		}
		ov_buf_dispose(&b);
		ov_arena_dispose(&a);
	}
	ov_math_macros_free(ch);
	ov_math_macros_free(book);
	return 0;
}
