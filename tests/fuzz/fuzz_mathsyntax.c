/* fuzz_mathsyntax.c - libFuzzer target: one chapter's bytes through the
 * markdown stage with math recognised (src/markdown/mathsyntax.c: $...$,
 * $$ displays in quotes and lists, ```math) and the passes that number
 * equations and check \eqref (src/doc/passes.c), \eqref and \ref in
 * running text among them. The input's first byte
 * chooses whether the book has a math macro, so that macros are
 * exercised too. The tree is dumped, so that every node is visited. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "markdown/markdown.h"
#include "math/math.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	ov_diag diag;
	ov_doc doc;
	ov_diag_init(&diag);
	ov_doc_init(&doc, &diag);
	if (size && (data[0] & 1)) {
		char why[160];
		doc.meta.math_macros = ov_math_macros_new(NULL);
		ov_math_macros_define(doc.meta.math_macros, "\\R", "\\mathbb{R}^{#1}", 15, 1, why, sizeof why);
	}
	ov_node *ch = ov_markdown_chapter(&doc, "fuzz.md", (const char *)data, size);
	ov_doc_resolve(&doc, "/nonexistent-book");
	free(ov_doc_dump(&doc, ch));
	ov_doc_dispose(&doc);
	ov_diag_dispose(&diag);
	return 0;
}
