/* fuzz_include.c - libFuzzer target: one chapter's bytes through the
 * markdown stage of the mdBook fixture book (tests/fixtures/mdbook), so
 * that mdBook's directives (src/markdown/include.c) include its real
 * listings, partials and chapters (anchors, ranges, nesting, cycles, paths
 * that leave the folder), and GitHub alerts and definition lists
 * (src/markdown/blocks.c) are found on what comes out. The tree is dumped,
 * so that every node is visited. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "markdown/markdown.h"

#ifndef OV_FUZZ_MDBOOK
#define OV_FUZZ_MDBOOK "tests/fixtures/mdbook"
#endif

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	ov_diag diag;
	ov_doc doc;
	ov_diag_init(&diag);
	ov_doc_init(&doc, &diag);
	ov_node *ch = ov_markdown_chapter_in(&doc, OV_FUZZ_MDBOOK, "src/fuzz.md", (const char *)data, size);
	free(ov_doc_dump(&doc, ch));
	ov_doc_dispose(&doc);
	ov_diag_dispose(&diag);
	return 0;
}
