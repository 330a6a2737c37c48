/*
 * style.c - the book's stylesheet (CSS as profiled by EPUB 3.3 §6.3: no
 * position: fixed; -epub- prefixed properties for older reading systems).
 *
 * Reading systems let readers change fonts, sizes and colours, so the sheet
 * uses relative units (em, %) and sets no background on the body. Embedded
 * fonts are offered with @font-face; every family lists generic fallbacks.
 */
#include <string.h>

#include "internal.h"

static void font_face(ov_buf *b, const char *family, const ov_epub_font *f, const char *style,
                      const char *weight)
{
	if (!f)
		return;
	/* CSS Fonts 4, the src descriptor's font format strings: "opentype"
	 * for OpenType/CFF outlines, "truetype" for TrueType's */
	ov_buf_printf(b,
	              "@font-face {\n"
	              "  font-family: \"%s\";\n"
	              "  font-style: %s;\n"
	              "  font-weight: %s;\n"
	              "  src: url(\"../%s\") format(\"%s\");\n"
	              "}\n",
	              family, style, weight, f->name, f->cff ? "opentype" : "truetype");
}

/* The families of the embedded fallback fonts of the text's chain (or
 * of the code's), each quoted and followed by ", "; returns whether
 * family is one of them. */
static bool fallback_families(ov_buf *b, const ov_epub_fonts *fs, bool code, const char *family)
{
	const char *fam[16];
	size_t n = ov_epub_fonts_stack(fs, code, fam, sizeof fam / sizeof *fam);
	bool named = false;
	for (size_t i = 0; i < n; i++) {
		ov_buf_printf(b, "\"%s\", ", fam[i]);
		named = named || strcmp(fam[i], family) == 0;
	}
	return named;
}

static const char *const sheet[] = {
	"\n/* ---- body text ---- */\n"
	"html { -epub-hyphens: auto; -webkit-hyphens: auto; hyphens: auto; }\n"
	"p { margin: 0; text-align: justify; text-indent: 1.3em; }\n"
	"h1 + p, h2 + p, h3 + p, h4 + p, h5 + p, h6 + p, hr + p, blockquote + p, pre + p,\n"
	"ul + p, ol + p, div + p, figure + p, aside + p { text-indent: 0; }\n"
	"li p, blockquote p, aside p, td p, th p { text-indent: 0; }\n"
	"li > p + p, blockquote > p + p, aside > p + p { margin-top: 0.5em; }\n"
	/* underlined: colour alone does not tell a link from its text (WCAG 1.4.1) */
	"a { color: #1d4e89; text-decoration: underline; }\n"
	"em { font-style: italic; }\n"
	"strong { font-weight: bold; }\n"
	"del { text-decoration: line-through; }\n"
	"sup { font-size: 0.7em; line-height: 0; vertical-align: super; }\n",
	"\n/* ---- headings ---- */\n"
	"h1, h2, h3, h4, h5, h6 {\n"
	"  font-weight: bold;\n"
	"  line-height: 1.2;\n"
	"  text-align: left;\n"
	"  -epub-hyphens: none; -webkit-hyphens: none; hyphens: none;\n"
	"  page-break-after: avoid; break-after: avoid;\n"
	"  page-break-inside: avoid; break-inside: avoid;\n"
	"}\n"
	"h1 { font-size: 1.8em; margin: 2.5em 0 1.5em 0; }\n"
	"h2 { font-size: 1.35em; margin: 1.8em 0 0.6em 0; }\n"
	"h3 { font-size: 1.15em; margin: 1.4em 0 0.5em 0; }\n"
	"h4 { font-size: 1em; margin: 1.2em 0 0.4em 0; }\n"
	"h5, h6 { font-size: 1em; font-weight: normal; font-style: italic; margin: 1em 0 0.3em 0; }\n"
	"h1.chapter-title { font-weight: normal; }\n"
	".chapter-label {\n"
	"  display: block;\n"
	"  font-size: 0.55em;\n"
	"  letter-spacing: 0.12em;\n"
	"  text-transform: uppercase;\n"
	"  margin-bottom: 0.6em;\n"
	"}\n"
	".chapter-name { display: block; }\n"
	"section.chapter, section.titlepage, section.copyright {\n"
	"  page-break-before: always; break-before: page;\n"
	"}\n",
	"\n/* ---- blocks ---- */\n"
	"blockquote { margin: 1em 1.5em; font-size: 0.95em; }\n"
	"ul, ol { margin: 0.6em 0 0.6em 1.6em; padding: 0; }\n"
	"li { margin: 0.2em 0; }\n"
	"li > ul, li > ol { margin-top: 0.2em; margin-bottom: 0.2em; }\n"
	"ul.tasks { list-style-type: none; margin-left: 0.4em; }\n"
	"li.task { list-style-type: none; }\n"
	".task-box {\n"
	"  display: inline-block;\n"
	"  width: 1.2em;\n"
	"}\n"
	".task-box.done { font-weight: bold; }\n"
	"hr { border: 0; border-top: 1px solid #777; width: 30%; margin: 1.5em auto; }\n",
	"\n/* ---- code ---- */\n"
	"code { font-size: 0.85em; }\n"
	"pre {\n"
	"  font-size: 0.78em;\n"
	"  line-height: 1.4;\n"
	"  text-align: left;\n"
	"  white-space: pre-wrap;\n"
	"  overflow-wrap: break-word;\n"
	"  word-wrap: break-word;\n"
	"  background-color: #f3f3f0;\n"
	"  color: #1a1a1a;\n"
	"  border-left: 3px solid #c8c8c0;\n"
	"  padding: 0.6em 0.8em;\n"
	"  margin: 1em 0;\n"
	"  page-break-inside: avoid; break-inside: avoid;\n"
	"}\n"
	"pre code { font-size: 1em; }\n",
	"\n/* ---- tables (booktabs: rules above, below and under the header; no\n"
	"   vertical rules) ---- */\n"
	"div.table { margin: 1.2em 0; overflow-x: auto; }\n"
	"table {\n"
	"  border-collapse: collapse;\n"
	"  border-top: 2px solid #222;\n"
	"  border-bottom: 2px solid #222;\n"
	"  margin: 0 auto;\n"
	"  font-size: 0.9em;\n"
	"  line-height: 1.3;\n"
	"  page-break-inside: avoid; break-inside: avoid;\n"
	"}\n"
	"th, td { padding: 0.3em 0.7em; vertical-align: top; text-align: left; }\n"
	"thead th { font-weight: bold; border-bottom: 1px solid #222; }\n"
	"th.align-left, td.align-left { text-align: left; }\n"
	"th.align-center, td.align-center { text-align: center; }\n"
	"th.align-right, td.align-right { text-align: right; }\n",
	"\n/* ---- figures and images ---- */\n"
	"figure {\n"
	"  margin: 1.5em 0;\n"
	"  text-align: center;\n"
	"  page-break-inside: avoid; break-inside: avoid;\n"
	"}\n"
	"figure img { max-width: 100%; height: auto; }\n"
	"figcaption {\n"
	"  font-size: 0.88em;\n"
	"  line-height: 1.3;\n"
	"  margin-top: 0.5em;\n"
	"  text-align: center;\n"
	"  text-indent: 0;\n"
	"}\n"
	".figure-label { font-weight: bold; }\n"
	"img.inline { height: 1.2em; width: auto; vertical-align: middle; }\n"
	".image-alt { font-style: italic; }\n",
	"\n/* ---- notes ---- */\n"
	"section.notes {\n"
	"  margin-top: 2.5em;\n"
	"  border-top: 1px solid #777;\n"
	"  font-size: 0.85em;\n"
	"  line-height: 1.35;\n"
	"}\n"
	"section.notes h2 { font-size: 1.1em; margin: 0.8em 0 0.5em 0; }\n"
	"aside.note { margin: 0 0 0.6em 0; }\n"
	"aside.note p { text-indent: 0; text-align: left; }\n"
	".note-number { font-weight: bold; }\n"
	"a.note-back { padding-left: 0.2em; }\n"
	"sup.noteref a { padding: 0 0.1em; }\n",
	"\n/* ---- cover, title page, copyright page, contents ---- */\n"
	"body.cover-page { margin: 0; padding: 0; text-align: center; }\n"
	"div.cover { text-align: center; margin: 0; padding: 0; }\n"
	"div.cover img { max-width: 100%; max-height: 100vh; height: auto; }\n"
	"body.typographic div.cover { padding-top: 25%; }\n"
	".cover-title { font-size: 2.2em; font-weight: normal; margin: 0 0 0.6em 0; text-align: center; }\n"
	".cover-subtitle, .cover-author { text-align: center; text-indent: 0; }\n"
	".cover-subtitle { font-size: 1.2em; font-style: italic; margin-bottom: 3em; }\n"
	".cover-author { font-size: 1.1em; }\n"
	"section.titlepage { text-align: center; padding-top: 15%; }\n"
	"section.titlepage h1 { font-size: 2em; font-weight: normal; margin: 0 0 0.5em 0;\n"
	"  text-align: center; }\n"
	"section.titlepage p { text-align: center; text-indent: 0; }\n"
	"section.titlepage .subtitle { font-size: 1.2em; font-style: italic; margin-bottom: 2.5em; }\n"
	"section.titlepage .author { font-size: 1.15em; margin-bottom: 0.3em; }\n"
	"section.titlepage .publisher { margin-top: 4em; font-variant: small-caps; letter-spacing: 0.05em; }\n"
	"section.copyright { font-size: 0.85em; padding-top: 35%; }\n"
	"section.copyright h1 { font-size: 1em; font-style: italic; font-weight: normal; margin: 0 0 1em 0; }\n"
	"section.copyright p { text-indent: 0; text-align: left; margin-bottom: 0.7em; }\n"
	"nav#toc ol { list-style-type: none; margin: 0; padding: 0; }\n"
	"nav#toc a { text-decoration: none; }\n"
	"nav#toc ol ol { margin-left: 1.5em; }\n"
	"nav#toc li { margin: 0.3em 0; }\n"
	"nav#toc > ol > li { margin-top: 0.8em; }\n"
	"nav#toc > ol > li > a { font-weight: bold; }\n"};

void ov_epub_css(ov_buf *b, const ov_epub_fonts *fs)
{
	size_t n;
	const ov_epub_font *fonts = ov_epub_fonts_embedded(fs, &n);
	const char *serif = ov_epub_fonts_serif(fs), *mono = ov_epub_fonts_mono(fs);
	const ov_epub_font *face[OV_FACE__COUNT] = {NULL};
	for (int f = 0; f < OV_FACE__COUNT; f++)
		for (size_t i = 0; i < n && !face[f]; i++)
			if (fonts[i].faces & (1u << f))
				face[f] = &fonts[i];
	ov_buf_puts(b, "@charset \"UTF-8\";\n/* Octavo book stylesheet */\n\n");
	font_face(b, serif, face[OV_FACE_REGULAR], "normal", "normal");
	font_face(b, serif, face[OV_FACE_ITALIC], "italic", "normal");
	font_face(b, serif, face[OV_FACE_BOLD], "normal", "bold");
	font_face(b, serif, face[OV_FACE_BOLD_ITALIC], "italic", "bold");
	font_face(b, mono, face[OV_FACE_MONO], "normal", "normal");
	/* the fallback fonts in one style each: a reading system slants or
	 * emboldens their few glyphs for italic and bold text */
	for (size_t i = 0; i < n; i++)
		if (!fonts[i].faces)
			font_face(b, fonts[i].family, &fonts[i], "normal", "normal");
	/* the families, each with fallbacks for readers that ignore embedded
	 * fonts; the rest of the sheet does not name a family again but for
	 * the task boxes and note back-links. The embedded fallback fonts
	 * follow the face, in the order the PDF searches them; each holds
	 * only the characters the face lacks, so the next families serve
	 * only a reader that does without the embedded fonts. */
	ov_buf_printf(b, "\nbody {\n  font-family: \"%s\", ", serif);
	fallback_families(b, fs, false, "");
	ov_buf_puts(b, "Georgia, \"Times New Roman\", serif;\n"
	               "  line-height: 1.45;\n"
	               "  margin: 0 5%;\n"
	               "  widows: 2;\n"
	               "  orphans: 2;\n"
	               "}\n");
	ov_buf_printf(b, "code, pre {\n  font-family: \"%s\", ", mono);
	/* DejaVu Sans Mono, the usual monospaced font of Linux systems, unless
	 * named already */
	if (!fallback_families(b, fs, true, "DejaVu Sans Mono") && strcmp(mono, "DejaVu Sans Mono") != 0)
		ov_buf_puts(b, "\"DejaVu Sans Mono\", ");
	ov_buf_puts(b, "Menlo, Consolas, monospace;\n"
	               "  -epub-hyphens: none; -webkit-hyphens: none; hyphens: none;\n"
	               "  font-variant-ligatures: none;\n"
	               "}\n");
	/* the ballot boxes of task items (U+2610, U+2611) and the notes'
	 * back-link arrows (U+21A9): symbols, from the face or the fallback
	 * font that the text's chain finds them in, else a system's sans
	 * serif, whose symbols are more often complete than a serif's */
	ov_buf_printf(b, ".task-box, a.note-back {\n  font-family: \"%s\", ", serif);
	fallback_families(b, fs, false, "");
	ov_buf_puts(b, "sans-serif;\n}\n");
	for (size_t i = 0; i < sizeof sheet / sizeof *sheet; i++)
		ov_buf_puts(b, sheet[i]);
}
