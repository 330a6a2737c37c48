/* test_epub.c - the EPUB writer: XML escaping, the container's first entry
 * (an uncompressed "mimetype" at the fixed offsets OCF requires), the
 * markup of a chapter and of the package/navigation documents,
 * byte-for-byte reproducible output, and the fallback fonts chosen per
 * character for the text and for code. The book is built in memory with
 * ov_epub_build and read back with libzip. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <zip.h>

#include "epub/epub.h"
#include "font/font.h"
#include "markdown/markdown.h"
#include "util/buf.h"

/* ---- ov_xml_escape ---- */

static char *escaped(const char *s, size_t len)
{
	ov_buf b = OV_BUF_INIT;
	ov_xml_escape(&b, s, len);
	return ov_buf_detach(&b);
}

static void expect_escape(const char *in, size_t len, const char *want)
{
	char *got = escaped(in, len);
	assert_string_equal(got, want);
	free(got);
}

static void test_epub__escape_markup(void **state)
{
	(void)state;
	expect_escape("", 0, "");
	expect_escape("plain text", 10, "plain text");
	expect_escape("a < b && c > d", 14, "a &lt; b &amp;&amp; c &gt; d");
	expect_escape("say \"hi\" & 'bye'", 16, "say &#34;hi&#34; &amp; &#39;bye&#39;");
	expect_escape("&amp;", 5, "&amp;amp;");
	/* only len bytes are read */
	expect_escape("<ab>", 2, "&lt;a");
}

static void test_epub__escape_unicode_and_controls(void **state)
{
	(void)state;
	/* valid UTF-8 passes through unchanged */
	expect_escape("caf\xC3\xA9 \xE2\x80\x9Cq\xE2\x80\x9D \xF0\x9F\x93\x96", 18,
	              "caf\xC3\xA9 \xE2\x80\x9Cq\xE2\x80\x9D \xF0\x9F\x93\x96");
	/* tab, newline and carriage return are XML characters */
	expect_escape("a\tb\nc\rd", 7, "a\tb\nc\rd");
	/* other C0 controls, NUL, DEL and C1 controls are not: U+FFFD */
	expect_escape("a\x01" "b", 3, "a\xEF\xBF\xBD" "b");
	expect_escape("x\0y", 3, "x\xEF\xBF\xBDy");
	expect_escape("\x7F", 1, "\xEF\xBF\xBD");
	expect_escape("\xC2\x85", 2, "\xEF\xBF\xBD");
	/* noncharacters U+FFFE, U+FFFF, U+FDD0 */
	expect_escape("\xEF\xBF\xBE\xEF\xBF\xBF", 6, "\xEF\xBF\xBD\xEF\xBF\xBD");
	expect_escape("\xEF\xB7\x90", 3, "\xEF\xBF\xBD");
	/* invalid UTF-8: a stray continuation byte, a truncated sequence, an
	 * overlong encoding of '<' */
	expect_escape("a\x80z", 3, "a\xEF\xBF\xBDz");
	expect_escape("a\xE2\x80", 3, "a\xEF\xBF\xBD\xEF\xBF\xBD");
	expect_escape("\xC0\xBC", 2, "\xEF\xBF\xBD\xEF\xBF\xBD");
}

/* ---- a small book built in memory ---- */

static const char chapter_md[] =
	"# Hello *World*\n"
	"\n"
	"Text with *em*, **strong**, `a<b`, ~~gone~~ and \"quotes\" & more.[^n]\n"
	"See [the list](#a-list), [the web](https://example.org/?a=1&b=2) and\n"
	"[the next chapter](02-next.md#far-away).\n"
	"\n"
	"## A list\n"
	"\n"
	"3. three\n"
	"4. four\n"
	"\n"
	"- [ ] open\n"
	"- [x] done\n"
	"\n"
	"| L | C | R |\n"
	"|:--|:-:|--:|\n"
	"| 1 | 2 | 3 |\n"
	"\n"
	"```c\n"
	"if (a < b) return;\n"
	"```\n"
	"\n"
	"---\n"
	"\n"
	"[^n]: The note.\n";

static const char next_md[] =
	"---\n"
	"title: The Next One\n"
	"numbered: false\n"
	"---\n"
	"\n"
	"## Far away\n"
	"\n"
	"Back to [the start](01-hello.md).\n";

typedef struct {
	ov_diag diag;
	ov_doc doc;
	unsigned char *epub;
	size_t len;
} book;

static const char *authors[] = {"Ann Author", "Bob <Co> Author"};
static const char *subjects[] = {"Testing"};

/* The test book; setup (if not NULL) may change its metadata and theme
 * before it is built. */
static book *make_book_with(void (*setup)(ov_doc *doc))
{
	book *k = calloc(1, sizeof *k);
	assert_non_null(k);
	ov_diag_init(&k->diag);
	ov_doc_init(&k->doc, &k->diag);
	ov_meta *m = &k->doc.meta;
	m->title = "A Test & Book";
	m->subtitle = "Small";
	m->authors = authors;
	m->author_count = 2;
	m->language = "en-GB";
	m->identifier = "urn:uuid:12345678-1234-5678-9abc-123456789abc";
	m->date = "2024-02-29";
	m->publisher = "Test Press";
	m->rights = "All rights reserved.";
	m->description = "A book for the unit tests.";
	m->subjects = subjects;
	m->subject_count = 1;
	m->output = "test";
	/* no fonts: nothing is read from the file system */
	k->doc.build_time = 1700000000; /* 2023-11-14T22:13:20Z */
	ov_markdown_chapter(&k->doc, "chapters/01-hello.md", chapter_md, sizeof chapter_md - 1);
	ov_markdown_chapter(&k->doc, "chapters/02-next.md", next_md, sizeof next_md - 1);
	ov_doc_resolve(&k->doc, ".");
	if (setup)
		setup(&k->doc);
	assert_int_equal(ov_diag_errors(&k->diag), 0);
	assert_int_equal(ov_epub_build(&k->doc, &k->epub, &k->len), 0);
	assert_non_null(k->epub);
	return k;
}

static book *make_book(void) { return make_book_with(NULL); }

static void free_book(book *k)
{
	free(k->epub);
	ov_doc_dispose(&k->doc);
	ov_diag_dispose(&k->diag);
	free(k);
}

/* The contents of entry name in the zip held in data[0..len), malloc'ed
 * and NUL-terminated; NULL when there is no such entry. */
static char *entry(const unsigned char *data, size_t len, const char *name)
{
	zip_error_t err;
	zip_error_init(&err);
	zip_source_t *src = zip_source_buffer_create(data, len, 0, &err);
	assert_non_null(src);
	zip_t *za = zip_open_from_source(src, ZIP_RDONLY | ZIP_CHECKCONS, &err);
	assert_non_null(za);
	char *out = NULL;
	zip_stat_t st;
	if (zip_stat(za, name, 0, &st) == 0) {
		zip_file_t *f = zip_fopen(za, name, 0);
		assert_non_null(f);
		out = malloc((size_t)st.size + 1);
		assert_non_null(out);
		assert_int_equal(zip_fread(f, out, st.size), (zip_int64_t)st.size);
		out[st.size] = '\0';
		zip_fclose(f);
	}
	zip_close(za); /* also frees src */
	return out;
}

static unsigned le16(const unsigned char *p) { return (unsigned)p[0] | (unsigned)p[1] << 8; }

static void test_epub__mimetype_first_and_stored(void **state)
{
	(void)state;
	book *k = make_book();
	const unsigned char *z = k->epub;
	assert_true(k->len > 100);
	/* OCF (EPUB 3.3 §4.2.4): a local file header, "mimetype" stored, no
	 * extra field, its bytes readable at fixed offsets */
	assert_memory_equal(z, "PK\x03\x04", 4);
	assert_int_equal(le16(z + 8), 0);  /* compression method: stored */
	assert_int_equal(le16(z + 26), 8); /* name length */
	assert_int_equal(le16(z + 28), 0); /* extra field length */
	assert_memory_equal(z + 30, "mimetype", 8);
	assert_memory_equal(z + 38, "application/epub+zip", 20);

	/* the archive reads back, and the other entries are deflated */
	zip_error_t err;
	zip_error_init(&err);
	zip_source_t *src = zip_source_buffer_create(k->epub, k->len, 0, &err);
	zip_t *za = zip_open_from_source(src, ZIP_RDONLY | ZIP_CHECKCONS, &err);
	assert_non_null(za);
	assert_string_equal(zip_get_name(za, 0, 0), "mimetype");
	zip_stat_t st;
	assert_int_equal(zip_stat(za, "EPUB/01-hello.xhtml", 0, &st), 0);
	assert_int_equal(st.comp_method, ZIP_CM_DEFLATE);
	assert_int_equal(zip_stat(za, "META-INF/container.xml", 0, &st), 0);
	zip_close(za);
	free_book(k);
}

static void expect_in(const char *text, const char *what)
{
	if (!strstr(text, what))
		fail_msg("expected to find\n  %s\nin\n%s", what, text);
}

static void test_epub__chapter_markup(void **state)
{
	(void)state;
	book *k = make_book();
	char *ch = entry(k->epub, k->len, "EPUB/01-hello.xhtml");
	assert_non_null(ch);
	expect_in(ch, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<!DOCTYPE html>\n");
	expect_in(ch, "xmlns:epub=\"http://www.idpf.org/2007/ops\" xml:lang=\"en-GB\" lang=\"en-GB\"");
	expect_in(ch, "<title>Hello World</title>");
	expect_in(ch, "<link rel=\"stylesheet\" type=\"text/css\" href=\"css/book.css\"/>");
	expect_in(ch, "<section class=\"chapter\" epub:type=\"chapter\" role=\"doc-chapter\" id=\"chapter\" "
	              "aria-labelledby=\"hello-world\">");
	expect_in(ch, "<h1 id=\"hello-world\" class=\"chapter-title\"><span class=\"chapter-label\">Chapter "
	              "1</span> <span class=\"chapter-name\">Hello <em>World</em></span></h1>");
	expect_in(ch, "<em>em</em>, <strong>strong</strong>, <code>a&lt;b</code>, <del>gone</del>");
	expect_in(ch, "\xE2\x80\x9Cquotes\xE2\x80\x9D &amp; more.");
	/* links: same chapter, external (escaped), other chapter */
	expect_in(ch, "<a href=\"#a-list\">the list</a>");
	expect_in(ch, "<a href=\"https://example.org/?a=1&amp;b=2\">the web</a>");
	expect_in(ch, "<a href=\"02-next.xhtml#far-away\">the next chapter</a>");
	/* lists */
	expect_in(ch, "<h2 id=\"a-list\">A list</h2>");
	expect_in(ch, "<ol start=\"3\">\n<li>three</li>");
	expect_in(ch, "<ul class=\"tasks\">");
	expect_in(ch, "role=\"img\" aria-label=\"not done\"");
	expect_in(ch, "role=\"img\" aria-label=\"done\"");
	/* table */
	expect_in(ch, "<thead>\n<tr><th scope=\"col\" class=\"align-left\">L</th>"
	              "<th scope=\"col\" class=\"align-center\">C</th>"
	              "<th scope=\"col\" class=\"align-right\">R</th></tr>\n</thead>\n<tbody>");
	expect_in(ch, "<td class=\"align-right\">3</td>");
	/* code and rule */
	/* highlighted (doc/highlight.c): the tokens in spans, the text as written */
	expect_in(ch, "<pre><code class=\"language-c\"><span class=\"hl-keyword\">if</span> "
	              "<span class=\"hl-operator\">(</span>a <span class=\"hl-operator\">&lt;</span> b"
	              "<span class=\"hl-operator\">)</span> <span class=\"hl-keyword\">return</span>"
	              "<span class=\"hl-operator\">;</span></code></pre>");
	expect_in(ch, "<hr/>");
	/* the note: reference, definition, backlink */
	expect_in(ch, "<sup class=\"noteref\"><a epub:type=\"noteref\" role=\"doc-noteref\" id=\"fnref-1\" "
	              "href=\"#fn-1\">1</a></sup>");
	expect_in(ch, "<section class=\"notes\" epub:type=\"footnotes\" role=\"doc-endnotes\"");
	expect_in(ch, "<aside class=\"note\" epub:type=\"footnote\" role=\"doc-footnote\" id=\"fn-1\">");
	expect_in(ch, "role=\"doc-backlink\" href=\"#fnref-1\"");
	free(ch);

	/* a chapter titled by its front matter gets a generated, unnumbered title */
	char *next = entry(k->epub, k->len, "EPUB/02-next.xhtml");
	assert_non_null(next);
	expect_in(next, "aria-labelledby=\"chapter_title\"");
	expect_in(next, "<h1 id=\"chapter_title\" class=\"chapter-title\"><span class=\"chapter-name\">The Next "
	                "One</span></h1>");
	expect_in(next, "<a href=\"01-hello.xhtml\">the start</a>");
	free(next);
	free_book(k);
}

static void test_epub__package_and_navigation(void **state)
{
	(void)state;
	book *k = make_book();
	char *container = entry(k->epub, k->len, "META-INF/container.xml");
	assert_non_null(container);
	expect_in(container, "full-path=\"EPUB/package.opf\" media-type=\"application/oebps-package+xml\"");
	free(container);

	char *opf = entry(k->epub, k->len, "EPUB/package.opf");
	assert_non_null(opf);
	expect_in(opf, "unique-identifier=\"pub-id\" xml:lang=\"en-GB\"");
	expect_in(opf, "<dc:identifier id=\"pub-id\">urn:uuid:12345678-1234-5678-9abc-123456789abc</dc:identifier>");
	expect_in(opf, "<dc:title id=\"title\">A Test &amp; Book</dc:title>");
	expect_in(opf, "<dc:creator id=\"creator-2\">Bob &lt;Co&gt; Author</dc:creator>");
	expect_in(opf, "<dc:date>2024-02-29</dc:date>");
	expect_in(opf, "<meta property=\"dcterms:modified\">2023-11-14T22:13:20Z</meta>");
	expect_in(opf, "<meta property=\"schema:accessibilityHazard\">none</meta>");
	expect_in(opf, "properties=\"nav\"");
	expect_in(opf, "<spine toc=\"ncx\">");
	free(opf);

	char *nav = entry(k->epub, k->len, "EPUB/nav.xhtml");
	assert_non_null(nav);
	expect_in(nav, "<nav epub:type=\"toc\" id=\"toc\" role=\"doc-toc\"");
	expect_in(nav, "<li><a href=\"01-hello.xhtml\">1. Hello World</a>\n<ol>\n"
	               "<li><a href=\"01-hello.xhtml#a-list\">A list</a></li>\n</ol>\n</li>");
	/* unnumbered: no label */
	expect_in(nav, "<li><a href=\"02-next.xhtml\">The Next One</a>");
	expect_in(nav, "epub:type=\"landmarks\"");
	expect_in(nav, "<a epub:type=\"bodymatter\" href=\"01-hello.xhtml\">");
	free(nav);

	char *ncx = entry(k->epub, k->len, "EPUB/toc.ncx");
	assert_non_null(ncx);
	expect_in(ncx, "<meta name=\"dtb:uid\" content=\"urn:uuid:12345678-1234-5678-9abc-123456789abc\"/>");
	expect_in(ncx, "<navPoint id=\"np-2\" playOrder=\"2\">");
	expect_in(ncx, "<content src=\"01-hello.xhtml#a-list\"/>");
	free(ncx);

	/* no cover image: a typographic cover image (cover.c), cover.png
	 * drawn by librsvg or the SVG itself, as the cover-image item */
	char *cover = entry(k->epub, k->len, "EPUB/cover.xhtml");
	assert_non_null(cover);
	expect_in(cover, "<img epub:type=\"cover\" role=\"doc-cover\" src=\"cover.");
	expect_in(cover, "alt=\"Cover of A Test &amp; Book\"/>");
	free(cover);
	opf = entry(k->epub, k->len, "EPUB/package.opf");
	expect_in(opf, "<item id=\"cover-image\" href=\"cover.");
	expect_in(opf, "properties=\"cover-image\"/>");
	expect_in(opf, "<meta name=\"cover\" content=\"cover-image\"/>");
	free(opf);
	free_book(k);
}

static void test_epub__reproducible(void **state)
{
	(void)state;
	book *a = make_book();
	book *b = make_book();
	assert_int_equal(a->len, b->len);
	assert_memory_equal(a->epub, b->epub, a->len);
	free_book(a);
	free_book(b);
}

/* ---- fallback fonts ---- */

static const char symbols_md[] =
	"# Marks\n"
	"\n"
	"A warning \xE2\x9A\xA0 and a script N \xF0\x9D\x92\xA9 in the text; a ballot box "
	"`\xE2\x98\x90` in code.\n";

static const char *const face_files[OV_FACE__COUNT] = {
	"GentiumBookPlus-Regular.ttf", "GentiumBookPlus-Italic.ttf", "GentiumBookPlus-Bold.ttf",
	"GentiumBookPlus-BoldItalic.ttf", "JetBrainsMono-Regular.ttf"};

/* A one-chapter book of md in the shipped fonts (OCTAVO_FONT_DIR). */
static book *make_font_book(const char *md, size_t len, char paths[OV_FACE__COUNT][1024])
{
	book *k = calloc(1, sizeof *k);
	assert_non_null(k);
	ov_diag_init(&k->diag);
	ov_doc_init(&k->doc, &k->diag);
	ov_meta *m = &k->doc.meta;
	m->title = "Marks";
	m->language = "en";
	m->identifier = "urn:uuid:12345678-1234-5678-9abc-123456789abc";
	m->output = "marks";
	const char *dir = getenv("OCTAVO_FONT_DIR");
	assert_non_null(dir);
	for (int f = 0; f < OV_FACE__COUNT; f++) {
		snprintf(paths[f], 1024, "%s/%s", dir, face_files[f]);
		m->fonts[f] = paths[f];
	}
	k->doc.build_time = 1700000000;
	ov_markdown_chapter(&k->doc, "chapters/01-marks.md", md, len);
	ov_doc_resolve(&k->doc, ".");
	assert_int_equal(ov_diag_errors(&k->diag), 0);
	assert_int_equal(ov_epub_build(&k->doc, &k->epub, &k->len), 0);
	return k;
}

/* Whether the font in entry name of the book maps cp to a glyph. */
static bool subset_has(const book *k, const char *name, uint32_t cp)
{
	zip_error_t err;
	zip_error_init(&err);
	zip_source_t *src = zip_source_buffer_create(k->epub, k->len, 0, &err);
	zip_t *za = zip_open_from_source(src, ZIP_RDONLY, &err);
	assert_non_null(za);
	zip_stat_t st;
	assert_int_equal(zip_stat(za, name, 0, &st), 0);
	uint8_t *data = malloc((size_t)st.size);
	assert_non_null(data);
	zip_file_t *f = zip_fopen(za, name, 0);
	assert_int_equal(zip_fread(f, data, st.size), (zip_int64_t)st.size);
	zip_fclose(f);
	zip_close(za);
	char why[OV_FONTCHECK_WHY];
	ov_font *font = ov_font_load(data, (size_t)st.size, why, sizeof why);
	if (!font)
		fail_msg("%s: %s", name, why);
	bool has = ov_font_glyph(font, cp) != 0;
	ov_font_free(font);
	free(data);
	return has;
}

static void test_epub__fallback_fonts(void **state)
{
	(void)state;
	char paths[OV_FACE__COUNT][1024];
	book *k = make_font_book(symbols_md, sizeof symbols_md - 1, paths);
	assert_int_equal(k->diag.count, 0);
	/* the text's chain: U+26A0 from DejaVu Sans, U+1D4A9 (above the BMP)
	 * from Symbola; the code's: U+2610 from DejaVu Sans Mono */
	assert_true(subset_has(k, "EPUB/fonts/DejaVuSans.ttf", 0x26A0));
	assert_false(subset_has(k, "EPUB/fonts/DejaVuSans.ttf", 0x2610));
	assert_true(subset_has(k, "EPUB/fonts/Symbola_hint.ttf", 0x1D4A9));
	assert_false(subset_has(k, "EPUB/fonts/Symbola_hint.ttf", 0x26A0));
	assert_true(subset_has(k, "EPUB/fonts/DejaVuSansMono.ttf", 0x2610));
	assert_false(subset_has(k, "EPUB/fonts/DejaVuSansMono.ttf", 0x26A0));
	char *css = entry(k->epub, k->len, "EPUB/css/book.css");
	assert_non_null(css);
	expect_in(css, "  font-family: \"Symbola\";\n  font-style: normal;\n  font-weight: normal;\n"
	               "  src: url(\"../fonts/Symbola_hint.ttf\") format(\"truetype\");\n");
	expect_in(css, "body { font-family: \"Gentium Book Plus\", \"DejaVu Sans\", \"Symbola\", Georgia, ");
	/* the code's stack names only the fallback fonts its characters need */
	expect_in(css, "code, pre {\n  font-family: \"JetBrains Mono\", \"DejaVu Sans Mono\", Menlo, Consolas, "
	               "monospace;\n");
	free(css);
	char *opf = entry(k->epub, k->len, "EPUB/package.opf");
	assert_non_null(opf);
	expect_in(opf, "href=\"fonts/GentiumBookPlus-Regular.ttf\" media-type=\"application/vnd.ms-opentype\"/>");
	expect_in(opf, "<item id=\"font-6\" href=\"fonts/DejaVuSans.ttf\" media-type=\"application/vnd.ms-opentype\"/>");
	expect_in(opf, "<item id=\"font-7\" href=\"fonts/Symbola_hint.ttf\" media-type=\"application/vnd.ms-opentype\"/>");
	expect_in(opf, "<item id=\"font-8\" href=\"fonts/DejaVuSansMono.ttf\" media-type=\"application/vnd.ms-opentype\"/>");
	free(opf);
	free_book(k);
}

static void test_epub__fallback_fonts_missing(void **state)
{
	(void)state;
	const char *old = getenv("OCTAVO_SYSTEM_FONT_DIR");
	char *saved = old ? strdup(old) : NULL;
	setenv("OCTAVO_SYSTEM_FONT_DIR", "/nonexistent-octavo-fonts", 1);
	char paths[OV_FACE__COUNT][1024];
	book *k = make_font_book(symbols_md, sizeof symbols_md - 1, paths);
	/* one warning per Debian package; the EPUB holds the faces alone */
	assert_int_equal(k->diag.count, 2);
	assert_int_equal(k->diag.warnings, 2);
	expect_in(k->diag.records[0].message, "/nonexistent-octavo-fonts/dejavu/DejaVuSans.ttf");
	expect_in(k->diag.records[0].message, "install the Debian package fonts-dejavu-core");
	expect_in(k->diag.records[1].message, "install the Debian package fonts-symbola");
	char *none = entry(k->epub, k->len, "EPUB/fonts/DejaVuSans.ttf");
	assert_null(none);
	free_book(k);
	/* no fonts of its own (make_book): no fallback font is read at all */
	book *plain = make_book();
	assert_int_equal(plain->diag.count, 0);
	free_book(plain);
	if (saved) {
		setenv("OCTAVO_SYSTEM_FONT_DIR", saved, 1);
		free(saved);
	} else {
		unsetenv("OCTAVO_SYSTEM_FONT_DIR");
	}
}

/* ---- the stylesheet follows the theme ---- */

/* The default theme: the PDF's sizes and colours, as em of the body
 * and lines of its leading (10.5 pt on 13.6). */
static void test_epub__css_default_theme(void **state)
{
	(void)state;
	book *k = make_book();
	char *css = entry(k->epub, k->len, "EPUB/css/book.css");
	assert_non_null(css);
	/* every selector once (Calibre's stylelint: no-duplicate-selectors):
	 * the rules outside @-blocks start their lines */
	for (const char *l = css; *l; l = strchr(l, '\n') ? strchr(l, '\n') + 1 : l + strlen(l)) {
		const char *brace = strstr(l, " {"), *eol = strchr(l, '\n');
		if (!brace || (eol && brace > eol) || *l == ' ' || *l == '@' || *l == '}' || *l == '/')
			continue;
		char sel[160]; /* "\nSELECTOR {" */
		size_t n = (size_t)(brace - l) < sizeof sel - 4 ? (size_t)(brace - l) : sizeof sel - 4;
		sel[0] = '\n';
		memcpy(sel + 1, l, n);
		memcpy(sel + 1 + n, " {", 3);
		const char *first = strstr(css, sel);
		if (!first || first + 1 != l)
			fail_msg("selector '%.*s' is in the stylesheet twice", (int)n, sel + 1);
	}
	expect_in(css, "orphans: 2; line-height: 1.295; }\n");
	expect_in(css, "p + p { margin-top: 0.583em; text-indent: 0em; }\n");
	expect_in(css, "a { color: inherit; text-decoration: underline; }\n");
	expect_in(css, "h1 { font-size: 1.728em; font-weight: bold; font-style: normal;");
	expect_in(css, "h2 { font-size: 1.44em; font-weight: bold; font-style: normal;");
	expect_in(css, "h4 { font-size: 1em; font-weight: bold; font-style: italic;");
	expect_in(css, "h1.chapter-title { font-size: 2em; line-height: 1.2;");
	/* the chapter label's grey is the text's colour made translucent,
	 * for a page of any colour */
	expect_in(css, "font-style: italic; opacity: 0.749; }\n");
	expect_in(css, "break-inside: avoid; font-size: 0.85em; line-height: 1.3; background-color: #ededed;");
	expect_in(css, "code { font-size: 0.88em; }\n");
	/* rules in the text's colour, which a dark reading mode changes */
	expect_in(css, "border-top: 0.8pt solid currentColor; border-bottom: 0.8pt solid currentColor;");
	assert_null(strstr(css, "solid #000000"));
	expect_in(css, "  figure img[src$=\".svg\"] { filter: invert(1) hue-rotate(180deg); }\n");
	expect_in(css, "nav#toc ol ol ol { display: none; }\n");
	/* the reader's colours and size: none set on the text */
	assert_null(strstr(css, "line-height: 1.25; color"));
	assert_null(strstr(css, "nan"));
	free(css);
	free_book(k);
}

static void brand(ov_doc *doc)
{
	ov_theme *t = &doc->meta.theme;
	t->heading_color = 0x1d3557;
	t->link_color = 0xc0392b;
	t->label_color = 0xc0392b;
	t->text_color = 0x222222;
	t->code_background = 0xfff3e0;
	t->heading_size[1] = 1.5;
	t->heading_face[2] = OV_FACE_ITALIC;
	t->paragraph_indent = 1.5;
	t->paragraph_spacing = 0;
	t->contents_depth = 3;
	t->table_rule_color = 0x336699;
	for (int i = 0; i < OV_PAGE__COUNT; i++) {
		t->page[i].body_size = 11;
		t->page[i].leading = 11 * 1.5;
	}
	ov_theme_page(t, "6x9in", &doc->meta.page);
}

/* A theme's sizes, faces and colours reach the stylesheet. */
static void test_epub__css_theme(void **state)
{
	(void)state;
	book *k = make_book_with(brand);
	char *css = entry(k->epub, k->len, "EPUB/css/book.css");
	assert_non_null(css);
	expect_in(css, "orphans: 2; line-height: 1.5; color: #222222; }\n");
	expect_in(css, "p + p { margin-top: 0em; text-indent: 1.5em; }\n");
	expect_in(css, "a { color: #c0392b; text-decoration: underline; }\n");
	expect_in(css, "break-inside: avoid; line-height: 1.25; color: #1d3557; }\n");
	/* h2's margins in its own em: 1.2 and 0.35 lines of 1.5 over 1.5 */
	expect_in(css, "h2 { font-size: 1.5em; font-weight: bold; font-style: normal; margin: 1.26em 0 0.35em 0; }\n");
	expect_in(css, "h3 { font-size: 1.2em; font-weight: normal; font-style: italic;");
	expect_in(css, "font-style: italic; color: #c0392b; }\n"); /* the chapter label */
	/* on a dark page the theme's colours are lightened (60 % white) */
	expect_in(css, "  a { color: #e6b0aa; }\n");
	expect_in(css, "  h1, h2, h3, h4, h5, h6 { color: #a5aebc; }\n");
	expect_in(css, "  .chapter-label { color: #e6b0aa; }\n");
	expect_in(css, "background-color: #fff3e0;");
	expect_in(css, "border-top: 0.8pt solid #336699;");
	assert_null(strstr(css, "display: none"));
	free(css);
	free_book(k);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_epub__css_default_theme),
		cmocka_unit_test(test_epub__css_theme),
		cmocka_unit_test(test_epub__escape_markup),
		cmocka_unit_test(test_epub__escape_unicode_and_controls),
		cmocka_unit_test(test_epub__mimetype_first_and_stored),
		cmocka_unit_test(test_epub__chapter_markup),
		cmocka_unit_test(test_epub__package_and_navigation),
		cmocka_unit_test(test_epub__reproducible),
		cmocka_unit_test(test_epub__fallback_fonts),
		cmocka_unit_test(test_epub__fallback_fonts_missing),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
