/* fuzz_pipeline.c - libFuzzer target: the whole pipeline from one chapter's
 * bytes to a PDF and an EPUB in memory. The first byte chooses the page
 * setup and which outputs are built; the rest is the chapter. Images the
 * chapter names are looked up in the every-construct fixture book, so that
 * real images are reachable and paths that leave it are refused. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "epub/epub.h"
#include "markdown/markdown.h"
#include "manifest/manifest.h"
#include "pdf/pdf.h"
#include "typeset/typeset.h"

#ifndef OV_FUZZ_BOOK
#define OV_FUZZ_BOOK "tests/fixtures/allconstructs"
#endif

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 1)
		return 0;
	uint8_t mode = data[0];
	ov_diag diag;
	ov_doc doc;
	ov_diag_init(&diag);
	ov_doc_init(&doc, &diag);
	static const char *const sizes[] = {"6x9in", "a4", "letter", "6x9in"};
	ov_page_setup_named(&doc.meta.page, sizes[mode & 3]);
	doc.meta.page.two_sided = !(mode & 4);
	doc.meta.title = "Fuzz";
	doc.meta.identifier = "urn:uuid:00000000-0000-5000-8000-000000000000";
	doc.meta.output = "fuzz";
	for (int i = 0; i < OV_FACE__COUNT; i++) {
		static const char *const files[OV_FACE__COUNT] = {
			"GentiumBookPlus-Regular.ttf", "GentiumBookPlus-Italic.ttf", "GentiumBookPlus-Bold.ttf",
			"GentiumBookPlus-BoldItalic.ttf", "JetBrainsMono-Regular.ttf"};
		doc.meta.fonts[i] = ov_arena_printf(&doc.arena, "%s/%s", ov_default_font_dir(), files[i]);
	}
	/* in the fixture book, so that mdBook's directives can include its files */
	ov_markdown_chapter_in(&doc, OV_FUZZ_BOOK, "chapters/01-fuzz.md", (const char *)data + 1, size - 1);
	/* a second chapter, so that cross-chapter links have a target */
	ov_markdown_chapter(&doc, "chapters/02-more.md", "# More\n\n## Some heading\n\nText.\n", 32);
	ov_doc_resolve(&doc, OV_FUZZ_BOOK);
	unsigned char *out;
	size_t len;
	if (!(mode & 8)) {
		/* the stages as the CLI calls them, on one thread */
		ov_typeset *ts = ov_typeset_load(&doc.meta, ov_diag_file(&diag, "book.yaml"), false);
		ov_pdf_writer *w = ov_pdf_writer_new(&doc, ts);
		ov_page_sink sink = {0};
		ov_pdf_writer_sink(w, &sink);
		if (ov_pdf_writer_finish(w, ov_typeset_run(ts, &doc, 1, &sink), &out, &len) == 0)
			free(out);
		ov_pdf_writer_free(w);
		ov_typeset_free(ts);
	}
	if (!(mode & 16) && ov_epub_build(&doc, &out, &len) == 0)
		free(out);
	ov_doc_dispose(&doc);
	ov_diag_dispose(&diag);
	return 0;
}
