/* fuzz_summary.c - libFuzzer target: arbitrary bytes as a book's
 * SUMMARY.md (summary.h). Nothing may crash, hang, leak or recurse with
 * the nesting; every entry found must be a chapter with a path and a depth
 * within OV_SUMMARY_MAX_DEPTH. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "manifest/summary.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	ov_diag diag;
	ov_doc doc;
	ov_diag_init(&diag);
	ov_doc_init(&doc, &diag);
	ov_chapter_ref *ch;
	size_t n;
	ov_summary_parse(&doc, "src/SUMMARY.md", (const char *)data, size, &ch, &n);
	for (size_t i = 0; i < n; i++)
		if (!ch[i].path || !ch[i].path[0] || ch[i].depth < 0 || ch[i].depth > OV_SUMMARY_MAX_DEPTH)
			abort();
	free(ch);
	ov_doc_dispose(&doc);
	ov_diag_dispose(&diag);
	return 0;
}
