/* fuzz_manifest.c - libFuzzer target: arbitrary bytes as book.yaml, and the
 * same bytes as a chapter's front matter, and the copyright page's lines
 * (doc/imprint.h) made from what it gave. Nothing may crash, hang, leak or
 * read outside its input; problems are diagnostics. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "doc/imprint.h"
#include "manifest/manifest.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	ov_diag diag;
	ov_doc doc;
	ov_diag_init(&diag);
	ov_doc_init(&doc, &diag);
	ov_chapter_ref *ch;
	size_t n;
	/* a book folder that does not exist: every file named is missing */
	ov_manifest_parse(&doc, "/nonexistent-octavo-fuzz", (const char *)data, size, &ch, &n);
	free(ch);
	/* the copyright page's lines from whatever the keys gave */
	ov_imprint_line l[OV_IMPRINT_MAX];
	ov_imprint_lines(&doc, &doc.arena, l);
	ov_front_matter fm;
	ov_front_matter_parse(&doc, ov_diag_file(&diag, "chapters/x.md"), (const char *)data, size, 2, &fm);
	ov_doc_dispose(&doc);
	ov_diag_dispose(&diag);
	return 0;
}
