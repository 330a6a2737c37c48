/* test_markdown.c - conversion of every construct into the document tree
 * (compared as an S-expression dump after the passes), front matter, and
 * the diagnostics the markdown stage and the passes emit. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "markdown/markdown.h"
#include "util/buf.h"
#include "util/fsio.h"

typedef struct {
	ov_diag diag;
	ov_doc doc;
} fixture;

static fixture *make(void)
{
	fixture *f = calloc(1, sizeof *f);
	ov_diag_init(&f->diag);
	ov_doc_init(&f->doc, &f->diag);
	return f;
}

static void destroy(fixture *f)
{
	ov_doc_dispose(&f->doc);
	ov_diag_dispose(&f->diag);
	free(f);
}

static char *messages(const ov_diag *d)
{
	ov_buf b = OV_BUF_INIT;
	char line[512];
	for (size_t i = 0; i < d->count; i++) {
		ov_diag_format(d, i, line, sizeof line);
		ov_buf_printf(&b, "%s%s", i ? "\n" : "", line);
	}
	return ov_buf_detach(&b);
}

static const char every_construct[] =
	"---\n"
	"title: Front Title\n"
	"---\n"
	"# Heading *One*\n"
	"\n"
	"Text with *em*, **strong**, `code`, ~~gone~~ and \"quotes\" -- dash...\n"
	"a [link](https://example.org \"T\"), an <https://auto.example>, a [local](#heading-one)\n"
	"and a note[^n] used twice[^n].  \n"
	"After a hard break.\n"
	"\n"
	"## Lists\n"
	"\n"
	"- one\n"
	"  - nested\n"
	"- [x] done\n"
	"\n"
	"3. three\n"
	"4. four\n"
	"\n"
	"- [ ] open\n"
	"\n"
	"> quoted\n"
	"\n"
	"```python\n"
	"print(1)\n"
	"```\n"
	"\n"
	"***\n"
	"\n"
	"| L | C | R |\n"
	"|:--|:-:|--:|\n"
	"| a | b | c |\n"
	"\n"
	"![Alt *text*](pic.png \"Caption\")\n"
	"\n"
	"[^n]: The note.\n";

static void test_markdown__every_construct(void **state)
{
	(void)state;
	fixture *f = make();
	ov_node *ch = ov_markdown_chapter(&f->doc, "chapters/01.md", every_construct, strlen(every_construct));
	ov_doc_resolve(&f->doc, "/nonexistent-book");
	assert_string_equal(ch->as.chapter.title, "Front Title");
	assert_string_equal(ch->as.chapter.file, "01.xhtml");
	assert_int_equal(ch->as.chapter.number, 1);
	char *dump = ov_doc_dump(&f->doc, ch);
	const char *expected =
		"(chapter \"Front Title\"\n"
		"  (heading 1 #heading-one\n"
		"    (text \"Heading \")\n"
		"    (emph\n"
		"      (text \"One\")))\n"
		"  (paragraph\n"
		"    (text \"Text with \")\n"
		"    (emph\n"
		"      (text \"em\"))\n"
		"    (text \", \")\n"
		"    (strong\n"
		"      (text \"strong\"))\n"
		"    (text \", \")\n"
		"    (code \"code\")\n"
		"    (text \", \")\n"
		"    (strike\n"
		"      (text \"gone\"))\n"
		"    (text \" and \xE2\x80\x9Cquotes\xE2\x80\x9D \xE2\x80\x93 dash\xE2\x80\xA6\")\n"
		"    (softbreak)\n"
		"    (text \"a \")\n"
		"    (link \"https://example.org\"\n"
		"      (text \"link\"))\n"
		"    (text \", an \")\n"
		"    (link \"https://auto.example\"\n"
		"      (text \"https://auto.example\"))\n"
		"    (text \", a \")\n"
		"    (link \"#heading-one\"\n"
		"      (text \"local\"))\n"
		"    (softbreak)\n"
		"    (text \"and a note\")\n"
		"    (footnote_ref 1)\n"
		"    (text \" used twice\")\n"
		"    (footnote_ref 1)\n"
		"    (text \".\")\n"
		"    (linebreak)\n"
		"    (text \"After a hard break.\"))\n"
		"  (heading 2 #lists\n"
		"    (text \"Lists\"))\n"
		"  (list bullet tight\n"
		"    (item\n"
		"      (paragraph\n"
		"        (text \"one\"))\n"
		"      (list bullet tight\n"
		"        (item\n"
		"          (paragraph\n"
		"            (text \"nested\")))))\n"
		"    (item [x]\n"
		"      (paragraph\n"
		"        (text \"done\"))))\n"
		"  (list ordered start=3 tight\n"
		"    (item\n"
		"      (paragraph\n"
		"        (text \"three\")))\n"
		"    (item\n"
		"      (paragraph\n"
		"        (text \"four\"))))\n"
		"  (list bullet tight\n"
		"    (item [ ]\n"
		"      (paragraph\n"
		"        (text \"open\"))))\n"
		"  (blockquote\n"
		"    (paragraph\n"
		"      (text \"quoted\")))\n"
		"  (code_block info=\"python\" \"print(1)\")\n"
		"  (thematic_break)\n"
		"  (table\n"
		"    (table_row header\n"
		"      (table_cell left\n"
		"        (text \"L\"))\n"
		"      (table_cell center\n"
		"        (text \"C\"))\n"
		"      (table_cell right\n"
		"        (text \"R\")))\n"
		"    (table_row\n"
		"      (table_cell left\n"
		"        (text \"a\"))\n"
		"      (table_cell center\n"
		"        (text \"b\"))\n"
		"      (table_cell right\n"
		"        (text \"c\"))))\n"
		"  (figure 1\n"
		"    (image \"pic.png\"\n"
		"      (text \"Alt \")\n"
		"      (emph\n"
		"        (text \"text\"))))\n"
		"  (footnote_def 1\n"
		"    (paragraph\n"
		"      (text \"The note.\"))))";
	if (strcmp(dump, expected) != 0)
		fail_msg("dump differs:\n%s", dump);
	/* positions: the heading is on line 4 (after the front matter) */
	assert_int_equal(ch->first->pos.line, 4);
	assert_int_equal(ch->first->pos.col, 1);
	/* notes: two references, one definition, ids both ways */
	const ov_node *def = ch->last;
	assert_string_equal(def->as.footnote_def.id, "fn-1");
	assert_string_equal(def->as.footnote_def.ref_id, "fnref-1");
	const ov_node *para = ch->first->next;
	int refs = 0;
	for (const ov_node *n = para->first; n; n = n->next)
		if (n->type == OV_NODE_FOOTNOTE_REF) {
			assert_ptr_equal(n->as.footnote_ref.def, def);
			assert_string_equal(n->as.footnote_ref.id, refs ? "fnref-1-2" : "fnref-1");
			refs++;
		}
	assert_int_equal(refs, 2);
	/* the local link resolved to this chapter's heading */
	const ov_node *local = NULL;
	for (const ov_node *n = para->first; n; n = n->next)
		if (n->type == OV_NODE_LINK && strcmp(n->as.link.url, "#heading-one") == 0)
			local = n;
	assert_non_null(local);
	assert_true(local->as.link.internal);
	assert_ptr_equal(local->as.link.chapter, ch);
	assert_string_equal(local->as.link.anchor, "heading-one");
	/* the missing image is the only problem */
	char *msgs = messages(&f->diag);
	assert_string_equal(msgs, "chapters/01.md:34:1: error: image 'pic.png' not found");
	/* contents: the chapter and its h2 */
	assert_int_equal(f->doc.toc_count, 2);
	assert_string_equal(f->doc.toc[0].title, "Front Title");
	assert_string_equal(f->doc.toc[0].label, "1");
	assert_string_equal(f->doc.toc[1].anchor, "lists");
	free(msgs);
	free(dump);
	destroy(f);
}

static void test_markdown__diagnostics(void **state)
{
	(void)state;
	static const struct {
		const char *md;
		const char *expected;
		size_t len; /* 0: strlen(md) */
	} cases[] = {
		{"# T\n\nbad \xFF byte\n",
		 "chapters/x.md:3:5: error: invalid UTF-8 byte 0xFF (the file must be saved as UTF-8)"},
		/* line ends: CRLF and a lone CR count lines like LF */
		{"# T\r\n\r\nbad \xFF byte\r\n",
		 "chapters/x.md:3:5: error: invalid UTF-8 byte 0xFF (the file must be saved as UTF-8)"},
		{"# T\r\rbad \xFF byte\r",
		 "chapters/x.md:3:5: error: invalid UTF-8 byte 0xFF (the file must be saved as UTF-8)"},
		{"# T\n\nnul \0 byte\n", "chapters/x.md:3:5: error: NUL byte in the text (is this a binary file?)", 16},
		{"\xEF\xBB\xBF# T\n\nA byte-order mark is ignored.\n", ""},
		{"", "chapters/x.md:1:1: warning: chapter is empty"},
		{"---\ntitle: Only\n---\n", "chapters/x.md:1:1: warning: chapter has front matter but no text"},
		{"# T\n\ntext[^a]\n\n[^a]: used\n[^b]: never used\n",
		 "chapters/x.md:6:1: warning: footnote '[^b]' is defined but never referenced"},
		/* repeated headings are numbered as GitHub numbers them, without a word */
		{"# T\n\n## Setup\n\n## Setup\n\n[a](#setup) [b](#setup-1) [c](#setup-2)\n",
		 "chapters/x.md:7:27: warning: link target '#setup-2': no heading or figure with id 'setup-2'"},
		{"# T\n\n![](../images/chart.png)\n",
		 "chapters/x.md:3:1: warning: image '../images/chart.png' has no alt text: describe it for readers who cannot see it"},
		{"# T\n\n![x](../images/nope.png) ![y](notes.txt)\n",
		 "chapters/x.md:3:1: error: image '../images/nope.png' not found\n"
		 "chapters/x.md:3:26: error: image 'notes.txt' not found"},
		{"# T\n\n![x](../book.yaml)\n",
		 "chapters/x.md:3:1: error: image '../book.yaml' is not a PNG, JPEG, GIF, WebP or SVG file (supported: .png, .jpg, .gif, .webp, .svg)"},
		{"# T\n\n[a](data:text/html;base64,PHNjcmlwdD4=) ![b](data:image/png;base64,AAAA)\n",
		 "chapters/x.md:3:41: warning: remote image 'data:image/png;base64,AAAA' is not fetched; its alt text is shown instead\n"
		 "chapters/x.md:3:1: warning: link scheme 'data:' is not allowed; the link is dropped"},
		/* raw HTML: mapped into the tree (html.c); positions from HTML are
		 * those of the element's '<' (figures part) */
		{"# T\n\n<a href=\"x\" onclick=\"evil()\">x</a>\n",
		 "chapters/x.md:3:1: warning: link target 'x' is not a chapter of this book; its text is kept without a link "
		 "(set 'base-url' in book.yaml to link to the file online)"},
		{"# T\n\nsee[^nope] here\n",
		 "chapters/x.md:3:4: warning: footnote reference '[^nope]' has no definition"},
		{"# T\n\n<div>raw</div>\n\ntext <b>bold</b> <!-- fine -->\n", ""},
		{"# T\n\n<iframe src=\"https://x.org\">fallback</iframe>\n\n<table><tr><td rowspan=\"2\">a</td></tr>\n"
		 "<tr><td>b</td><td>c</td></tr></table>\n\n<video src=\"v.mp4\"></video> <iframe></iframe>\n",
		 "chapters/x.md:3:1: warning: HTML '<iframe>' cannot be shown in a book and is left out\n"
		 "chapters/x.md:8:1: warning: HTML '<video>' cannot be shown in a book and is left out"},
		/* columns: the element's own, bytes from 1 (a tab, UTF-8), on the
		 * line where its start tag begins, for elements after a hard break */
		{"# T\n\n- \xC3\xA9\t<a href=\"javascript:1\">a</a> <a href=\"vbscript:2\">b</a> <iframe></iframe>\n"
		 "\nx\\\n<a href=\"file:///x\">c</a> <img\n  alt=\"d\" src=\"https://x.org/d.png\">\n",
		 "chapters/x.md:3:62: warning: HTML '<iframe>' cannot be shown in a book and is left out\n"
		 "chapters/x.md:6:27: warning: remote image 'https://x.org/d.png' is not fetched; its alt text is shown instead\n"
		 "chapters/x.md:3:6: warning: link scheme 'javascript:' is not allowed; the link is dropped\n"
		 "chapters/x.md:3:35: warning: link scheme 'vbscript:' is not allowed; the link is dropped\n"
		 "chapters/x.md:6:1: warning: link scheme 'file:' is not allowed; the link is dropped"},
		/* a start tag begun on the line above, then one of the same name */
		{"# T\n\n<p><a\n href=\"javascript:1\">one</a> <a href=\"vbscript:2\">two</a></p>\n",
		 "chapters/x.md:3:4: warning: link scheme 'javascript:' is not allowed; the link is dropped\n"
		 "chapters/x.md:4:30: warning: link scheme 'vbscript:' is not allowed; the link is dropped"},
		{"# T\n\n<a href=\" jav&#x61;\tscript:alert(1)\">x</a> <img src=\"../images/icon.png\" alt=\"i\" onerror=\"x()\">\n"
		 "<a href=\"#here\">to</a> <a name=\"here\"></a>\n",
		 "chapters/x.md:3:1: warning: link scheme 'javascript:' is not allowed; the link is dropped"},
		{"---\ntitle: [x\n---\n# T\n",
		 "chapters/x.md:2:8: error: YAML: did not find expected ',' or ']' in the flow sequence that starts here "
		 "(noticed at line 3, column 1)"},
		{"---\ntitle: x\n# T\n", "chapters/x.md:1:1: error: front matter opened with '---' is never closed"},
		/* a chapter without a title is titled after its file name; the book's
		 * loader says so once for all such chapters (summary.sh) */
		{"no heading here\n", ""},
		{"# T\n\n[bad](javascript:alert(1)) [gone](other.md#x) [frag](#nope)\n",
		 "chapters/x.md:3:1: warning: link scheme 'javascript:' is not allowed; the link is dropped\n"
		 "chapters/x.md:3:28: warning: link target 'other.md#x' is not a chapter of this book; its text is kept without a link "
		 "(set 'base-url' in book.yaml to link to the file online)\n"
		 "chapters/x.md:3:47: warning: link target '#nope': no heading or figure with id 'nope'"},
		/* image paths are percent-decoded before they are confined and read */
		{"# T\n\n![a](..%2Fimages%2Fchart.png) ![b](%2e%2e/%2e%2e/x.png) ![c](a%00.png)\n",
		 "chapters/x.md:3:31: error: image '%2e%2e/%2e%2e/x.png' is outside the book folder\n"
		 "chapters/x.md:3:57: error: image 'a%00.png' names a NUL byte"},
		{"# T\n\n![x](../../etc/passwd.png) ![y](https://example.org/y.png) ![z](/abs.png)\n",
		 "chapters/x.md:3:1: error: image '../../etc/passwd.png' is outside the book folder\n"
		 "chapters/x.md:3:28: warning: remote image 'https://example.org/y.png' is not fetched; its alt text is shown instead\n"
		 "chapters/x.md:3:60: error: image '/abs.png' is outside the book folder"},
	};
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		fixture *f = make();
		ov_markdown_chapter(&f->doc, "chapters/x.md", cases[i].md, cases[i].len ? cases[i].len : strlen(cases[i].md));
		char *book = ov_path_join(getenv("OV_FIXTURES"), "allconstructs");
		ov_doc_resolve(&f->doc, book);
		free(book);
		char *msgs = messages(&f->diag);
		if (strcmp(msgs, cases[i].expected) != 0)
			fail_msg("case %zu:\n  got\n%s\n  expected\n%s", i, msgs, cases[i].expected);
		free(msgs);
		destroy(f);
	}
}

/* mdBook's directives (include.c) against the mdBook fixture's files,
 * GitHub alerts and definition lists (blocks.c): each case's tree must
 * hold every one of its expected pieces of the dump, in order, and give
 * exactly its messages (positions in the chapter or the included file). */
static void test_markdown__mdbook(void **state)
{
	(void)state;
	static const struct {
		const char *md;
		const char *dump[4];
		const char *messages;
	} cases[] = {
		/* a line range, and lines after an include keep their numbers */
		{"# T\n\n```\n{{#include listings/lines.txt:2}}\n{{#include listings/lines.txt:4:}}\n```\n\nsee[^nope]\n",
		 {"(code_block info=\"\" \"line two of the text listing\\nline four of the text listing\\n"
		  "line five of the text listing\")"},
		 "src/t.md:8:4: warning: footnote reference '[^nope]' has no definition"},
		/* an anchor: its marker lines and the inner anchor's are left out */
		{"```rust\n{{#include listings/hello.rs:main}}\n```\n",
		 {"\"fn main() {\\n    let name = \\\"Ferris\\\";\\n    println!(\\\"Hello, {}!\\\", name);\\n"
		  "    read_line_demo();\\n}\")"},
		 ""}, /* no title: said once by the book's loader (summary.sh) */
		/* Rust's hidden lines; "##" is one "#"; attributes stay */
		{"# T\n\n```rust,ignore\n# use std::io;\n#\n##[derive(Debug)]\n#[allow(unused)]\n  # hidden too\nshown\n```\n",
		 {"\"#[derive(Debug)]\\n#[allow(unused)]\\nshown\")"}, ""},
		/* escaped, unknown and empty directives are left as written */
		{"# T\n\n\\{{#include nope.rs}} {{#unknown x}} {{#include   }}\n",
		 {"(text \"{{#include nope.rs}} {{#unknown x}} {{#include   }}\")"}, ""},
		/* {{#title}} names the chapter, front matter still wins */
		{"{{#title Directive Title}}\n# Heading\n", {"(chapter \"Directive Title\""}, ""},
		{"---\ntitle: Front\n---\n{{#title Directive Title}}\n# Heading\n", {"(chapter \"Front\""}, ""},
		/* errors at the directive, in the chapter or in the included file */
		{"# T\n\nText {{#include listings/hello.rs:nope}}\n",
		 {"(text \"Text\")"},
		 "src/t.md:3:6: error: anchor 'nope' not found in 'listings/hello.rs' (no line with 'ANCHOR: nope')"},
		/* a whole chapter included: its own includes are relative to it */
		{"# T\n\n{{#include ch02-ownership.md}}\n",
		 {"(heading 1\n    (text \"Understanding Ownership\"))", "let s2 = s1;", "The answer is {answer}",
		  "(callout caution"},
		 ""},
		/* an error inside an included file is reported there */
		{"# T\n\n{{#include partials/shared-note.md}}\n{{#include partials/broken.md}}\n{{#include ../../x.md}}\n",
		 {"(callout important", "line five of the text listing"},
		 "src/partials/broken.md:3:1: error: included file 'missing.rs' not found\n"
		 "src/t.md:5:1: error: included file '../../x.md' is outside the book folder; the include is left out"},
		/* alerts: any case, spaces after the marker; a marker alone; not
		 * an alert when the marker is not the whole first line */
		{"# T\n\n> [!tip]  \n> Hint.\n\n> [!CAUTION]\n\n> [!NOTE] inline\n",
		 {"(callout tip\n    (paragraph\n      (text \"Hint.\")))", "(callout caution)",
		  "(blockquote\n    (paragraph\n      (text \"[!NOTE] inline\")))"},
		 ""},
		/* definition lists: tight, several definitions, a continuation line,
		 * loose definitions joining the list, and a ':' that opens nothing */
		{"# T\n\nTerm\n: *one*\n: two\nmore\n\nOther\n\n: three\n\nA ratio\n:3\n",
		 {"(deflist\n    (defterm\n      (text \"Term\"))\n    (defdesc\n      (paragraph\n        (emph\n"
		  "          (text \"one\"))))\n    (defdesc\n      (paragraph\n        (text \"two\")\n"
		  "        (softbreak)\n        (text \"more\")))\n    (defterm\n      (text \"Other\"))\n"
		  "    (defdesc\n      (paragraph\n        (text \"three\"))))",
		  "(paragraph\n    (text \"A ratio\")\n    (softbreak)\n    (text \":3\"))"},
		 ""},
	};
	char *book = ov_path_join(getenv("OV_FIXTURES"), "mdbook");
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		fixture *f = make();
		ov_node *ch = ov_markdown_chapter_in(&f->doc, book, "src/t.md", cases[i].md, strlen(cases[i].md));
		char *dump = ov_doc_dump(&f->doc, ch);
		const char *at = dump;
		for (size_t k = 0; k < 4 && cases[i].dump[k]; k++) {
			const char *hit = strstr(at, cases[i].dump[k]);
			if (!hit)
				fail_msg("case %zu: the tree lacks\n%s\n  after what was found; the tree:\n%s", i,
				         cases[i].dump[k], dump);
			at = hit + strlen(cases[i].dump[k]);
		}
		char *msgs = messages(&f->diag);
		if (strcmp(msgs, cases[i].messages) != 0)
			fail_msg("case %zu:\n  got\n%s\n  expected\n%s", i, msgs, cases[i].messages);
		free(msgs);
		free(dump);
		destroy(f);
	}
	free(book);
}

static void test_markdown__nesting_limit(void **state)
{
	(void)state;
	ov_buf b = OV_BUF_INIT;
	ov_buf_puts(&b, "# T\n\n");
	for (int i = 0; i < 5000; i++)
		ov_buf_puts(&b, "> ");
	ov_buf_puts(&b, "deep\n");
	fixture *f = make();
	ov_markdown_chapter(&f->doc, "chapters/x.md", b.ptr, b.len);
	char *msgs = messages(&f->diag);
	assert_string_equal(msgs, "chapters/x.md:3:201: error: nesting is deeper than 100 levels; the deeper content is left out");
	free(msgs);
	destroy(f);
	ov_buf_dispose(&b);
}

/* Raw HTML mapped into the tree (src/markdown/html.c): one Markdown
 * chapter and the dump it must give after the passes. */
static void test_markdown__html(void **state)
{
	(void)state;
	static const struct {
		const char *md, *dump;
	} cases[] = {
		/* inline HTML around Markdown text, with Markdown inside */
		{"2<sup>7</sup> and H<sub>*2*</sub>O, <kbd>Ctrl</kbd> <b>x `c`</b><br>y\n",
		 "(paragraph\n  (text \"2\")\n  (sup\n    (text \"7\"))\n  (text \" and H\")\n  (sub\n    (emph\n"
		 "      (text \"2\")))\n  (text \"O, \")\n  (code \"Ctrl\")\n  (text \" \")\n  (strong\n    (text \"x \")\n"
		 "    (code \"c\"))\n  (linebreak)\n  (text \"y\"))"},
		/* an HTML block enclosing Markdown blocks; summary in bold */
		{"<details>\n<summary>More</summary>\n\nHidden *text*.\n\n</details>\n",
		 "(paragraph\n  (strong\n    (text \"More\")))\n(paragraph\n  (text \"Hidden \")\n  (emph\n"
		 "    (text \"text\"))\n  (text \".\"))"},
		/* images side by side: a figure each; a link around an image alone is dropped */
		{"<p align=\"center\">\n<a href=\"https://x.org\"><img src=\"../images/icon.png\" alt=\"a\"></a>\n"
		 "<img src=\"../images/chart.png\" alt=\"b\" width=\"40%\">\n</p>\n",
		 "(figure 1\n  (image \"../images/icon.png\"\n    (text \"a\")))\n(figure 2\n  (image \"../images/chart.png\"\n"
		 "    (text \"b\")))"},
		/* figures part: a caption line under the image (its emphasis
		 * around the whole line and the "Figure 3:" label left out, the
		 * emphasis inside kept); HTML's <br><sub>; a <figcaption> with a
		 * link; a "Fig. 4." line of its own after an image alone */
		{"![a](../images/chart.png)\n*Figure 3: The **fused** kernel*\n\n"
		 "<p><img src=\"../images/chart.png\" alt=\"b\"><br><sub>Source: <a href=\"https://x.org\">X</a></sub></p>\n\n"
		 "<figure><img src=\"../images/chart.png\" alt=\"c\"><figcaption>The <em>whole</em> thing</figcaption></figure>\n\n"
		 "![d](../images/chart.png)\n\n**Fig. 4.** Memory per layer\n",
		 "(figure 1\n  (image \"../images/chart.png\"\n    (text \"a\"))\n  (paragraph\n    (text \"The \")\n"
		 "    (strong\n      (text \"fused\"))\n    (text \" kernel\")))\n(figure 2\n  (image \"../images/chart.png\"\n"
		 "    (text \"b\"))\n  (paragraph\n    (text \"Source: \")\n    (link \"https://x.org\"\n      (text \"X\"))))\n"
		 "(figure 3\n  (image \"../images/chart.png\"\n    (text \"c\"))\n  (paragraph\n    (text \"The \")\n"
		 "    (emph\n      (text \"whole\"))\n    (text \" thing\")))\n(figure 4\n  (image \"../images/chart.png\"\n"
		 "    (text \"d\"))\n  (paragraph\n    (text \"Memory per layer\")))"},
		/* images side by side, alone in their paragraph: a figure each;
		 * a row of remote badges stays in the text */
		{"![a](../images/chart.png) ![b](../images/icon.png)\n\n"
		 "[![c](https://x.org/c.svg)](https://x.org) ![d](https://x.org/d.svg)\n",
		 "(figure 1\n  (image \"../images/chart.png\"\n    (text \"a\")))\n(figure 2\n  (image \"../images/icon.png\"\n"
		 "    (text \"b\")))\n(paragraph\n  (link \"https://x.org\"\n    (image \"https://x.org/c.svg\"\n"
		 "      (text \"c\")))\n  (text \" \")\n  (image \"https://x.org/d.svg\"\n    (text \"d\")))"},
		/* a caption line that is only the author's label: the alt text is
		 * the caption, as for an image alone */
		{"![a](../images/chart.png)\n*Figure 3*\n",
		 "(figure 1\n  (image \"../images/chart.png\"\n    (text \"a\")))"},
		/* not captions: text after the image on its line, two images, an
		 * icon by its size, a paragraph after an image that is no caption
		 * line, an image inside a link */
		{"![a](../images/icon.png) and text\n\n![b](../images/icon.png) ![c](../images/icon.png)\nboth\n\n"
		 "<img src=\"../images/icon.png\" alt=\"e\" height=\"20\"><br>tiny\n\n![f](../images/chart.png)\n\n"
		 "Figure 2 shows it.\n\n[![g](../images/chart.png)](https://x.org)\nlinked\n",
		 "(paragraph\n  (image \"../images/icon.png\"\n    (text \"a\"))\n  (text \" and text\"))\n(paragraph\n"
		 "  (image \"../images/icon.png\"\n    (text \"b\"))\n  (text \" \")\n  (image \"../images/icon.png\"\n"
		 "    (text \"c\"))\n  (softbreak)\n  (text \"both\"))\n(paragraph\n  (image \"../images/icon.png\"\n"
		 "    (text \"e\"))\n  (linebreak)\n  (text \"tiny\"))\n(figure 1\n  (image \"../images/chart.png\"\n"
		 "    (text \"f\")))\n(paragraph\n  (text \"Figure\xC2\xA0\")\n  (text \"2 shows it.\"))\n(paragraph\n  (link \"https://x.org\"\n"
		 "    (image \"../images/chart.png\"\n      (text \"g\")))\n  (softbreak)\n  (text \"linked\"))"},
		/* an anchor before a heading moves into it; a taken id is left out */
		{"<a name=\"x\"></a>\n\n## X\n\n<a id=\"y\"></a>\n\n## Z\n",
		 "(heading 2 #x\n  (anchor)\n  (text \"X\"))\n(heading 2 #z\n  (anchor #y)\n  (text \"Z\"))"},
		/* ids that are not XML names are written as such, and links follow */
		{"<a name=\"1\"></a>Text <a id=\"chapter_title\"></a>[one](#1)\n",
		 "(paragraph\n  (anchor #a-1)\n  (text \"Text \")\n  (anchor)\n  (link \"#1\"\n    (text \"one\")))"},
		/* a picture's img; more than 64 columns go into the last */
		{"<picture><source srcset=\"x.webp\"><img src=\"../images/icon.png\" alt=\"p\"></picture>\n",
		 "(figure 1\n  (image \"../images/icon.png\"\n    (text \"p\")))"},
		/* libxml2 2.9 puts what follows embed, source, track and wbr inside
		 * them: it is kept */
		{"a <embed src=\"x.swf\"> b <track src=\"t\"> c<wbr>d\n",
		 "(paragraph\n  (text \"a \")\n  (text \"b \")\n  (text \"c\")\n  (text \"d\"))"},
		/* content between a list's items is an item of its own; dl is a
		 * definition list (text after a dd ends it, for libxml2) */
		{"<ul>stray<li>x</li><ul><li>y</li></ul></ul>\n\n<dl><dt>T</dt><dd>D</dd>text</dl>\n",
		 "(list bullet tight\n  (item\n    (paragraph\n      (text \"stray\")))\n  (item\n    (paragraph\n"
		 "      (text \"x\")))\n  (item\n    (list bullet tight\n      (item\n        (paragraph\n"
		 "          (text \"y\"))))))\n(deflist\n  (defterm\n    (text \"T\"))\n  (defdesc\n    (paragraph\n"
		 "      (text \"D\"))))\n(paragraph\n  (text \"text\"))"},
		/* an HTML table: header from thead, colspan and rowspan kept (no cell
		 * under a row span), <br> kept */
		{"<table><thead><tr><th>A</th><th>B</th></tr></thead>\n<tr><td colspan=2>a<br>b</td></tr>\n"
		 "<tr><td rowspan=2>c</td><td>d</td></tr><tr><td>e</td></tr></table>\n",
		 "(table\n  (table_row header\n    (table_cell none\n      (text \"A\"))\n    (table_cell none\n"
		 "      (text \"B\")))\n  (table_row\n    (table_cell none span=2\n      (text \"a\")\n      (linebreak)\n"
		 "      (text \"b\")))\n  (table_row\n    (table_cell none rowspan=2\n      (text \"c\"))\n    (table_cell none\n"
		 "      (text \"d\")))\n  (table_row\n    (table_cell none\n      (text \"e\"))))"},
		/* a row with every column covered: the spans end above it */
		{"<table><tr><td rowspan=3 colspan=70>x</td></tr><tr><td>z</td></tr><tr><td>w</td></tr></table>\n",
		 "(table\n  (table_row\n    (table_cell none span=64\n      (text \"x\")))\n  (table_row\n    (table_cell none\n"
		 "      (text \"z\")))\n  (table_row\n    (table_cell none\n      (text \"w\"))))"},
		/* a row span ends with its row group and the table; cells after a
		 * covered column go on past it; colspan stops at a covered column */
		{"<table><thead><tr><th rowspan=3>A</th><th>B</th></tr></thead>\n"
		 "<tbody><tr><td rowspan=0>a</td><td>b</td></tr><tr><td colspan=3>c</td></tr></tbody></table>\n",
		 "(table\n  (table_row header\n    (table_cell none\n      (text \"A\"))\n    (table_cell none\n"
		 "      (text \"B\")))\n  (table_row\n    (table_cell none rowspan=2\n      (text \"a\"))\n    (table_cell none\n"
		 "      (text \"b\")))\n  (table_row\n    (table_cell none span=3\n      (text \"c\"))))"},
		/* lists, pre with its language, unknown tags keep their text; scripts go */
		{"<ul><li>one</li><li>two<ol start=\"3\"><li>three</li></ol></li></ul>\n\n<pre lang=\"x\"><code "
		 "class=\"language-c\">\nint x;\n</code></pre>\n\n<foo>kept</foo><script>gone()</script>\n",
		 "(list bullet tight\n  (item\n    (paragraph\n      (text \"one\")))\n  (item\n    (paragraph\n"
		 "      (text \"two\"))\n    (list ordered start=3 tight\n      (item\n        (paragraph\n"
		 "          (text \"three\"))))))\n(code_block info=\"c\" \"int x;\")\n(paragraph\n  (text \"kept\"))"},
	};
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		fixture *f = make();
		ov_buf md = OV_BUF_INIT;
		ov_buf_printf(&md, "# T\n\n%s", cases[i].md);
		ov_node *ch = ov_markdown_chapter(&f->doc, "chapters/x.md", md.ptr, md.len);
		char *book = ov_path_join(getenv("OV_FIXTURES"), "allconstructs");
		ov_doc_resolve(&f->doc, book);
		free(book);
		/* the blocks after the title heading */
		ov_buf got = OV_BUF_INIT;
		for (ov_node *b = ch->first->next; b; b = b->next) {
			char *d = ov_doc_dump(&f->doc, b);
			ov_buf_printf(&got, "%s%s", got.len ? "\n" : "", d);
			free(d);
		}
		if (strcmp(ov_buf_cstr(&got), cases[i].dump) != 0)
			fail_msg("case %zu:\n  got\n%s\n  expected\n%s\n  messages\n%s", i, ov_buf_cstr(&got), cases[i].dump,
			         messages(&f->diag));
		ov_buf_dispose(&got);
		ov_buf_dispose(&md);
		destroy(f);
	}
}

/* HTML deeper than libxml2 parses (256 levels) is reported once. */
static void test_markdown__html_depth(void **state)
{
	(void)state;
	ov_buf b = OV_BUF_INIT;
	ov_buf_puts(&b, "# T\n\ntext\n\n");
	for (int i = 0; i < 2000; i++)
		ov_buf_puts(&b, "<div>");
	ov_buf_puts(&b, "deep\n");
	fixture *f = make();
	ov_markdown_chapter(&f->doc, "chapters/x.md", b.ptr, b.len);
	char *msgs = messages(&f->diag);
	assert_string_equal(msgs, "chapters/x.md:5:1: error: HTML nesting is deeper than the HTML parser's limit (256 "
	                          "levels); the rest of the HTML is left out");
	free(msgs);
	destroy(f);
	ov_buf_dispose(&b);
}


/* The first paragraph's text after the passes, its inlines' text
 * concatenated, U+00A0 written "~" and a soft break " ". */
static void para_text(const ov_node *ch, char *out, size_t cap)
{
	const ov_node *p = ch->first;
	while (p && p->type != OV_NODE_PARAGRAPH)
		p = p->next;
	assert_non_null(p);
	size_t o = 0;
	ov_iter it = ov_iter_start(p);
	ov_node *n;
	bool entering;
	while ((n = ov_iter_next(&it, &entering)) && o + 2 < cap) {
		if (!entering)
			continue;
		if (n->type == OV_NODE_SOFTBREAK)
			out[o++] = ' ';
		if (n->type != OV_NODE_TEXT && n->type != OV_NODE_CODE)
			continue;
		for (size_t i = 0; i < n->len && o + 2 < cap; i++) {
			if (i + 1 < n->len && n->text[i] == '\xC2' && n->text[i + 1] == '\xA0') {
				out[o++] = '~';
				i++;
			} else {
				out[o++] = n->text[i];
			}
		}
	}
	out[o] = 0;
}

/* Ties (doc/ties.c): the TeXbook's ch. 14 and Chicago's places, English
 * rules only in English books, never in code or URLs; a tied text node is
 * split after its U+00A0, each part keeping its own column. */
static void test_markdown__ties(void **state)
{
	(void)state;
	static const struct {
		const char *lang, *md, *want;
	} cases[] = {
		{"en", "# T\n\nSee Chapter 3, Figure 2.1 and Table B.8 on p. 5 or pp. 10-12.\n",
		 "See Chapter~3, Figure~2.1 and Table~B.8 on p.~5 or pp.~10-12."},
		{"en-US", "# T\n\nAs in chapter\n4 and Eq. (2), by J. R. R. Tolkien and Dr. Knuth.\n",
		 "As in chapter~4 and Eq.~(2), by J.~R.~R.~Tolkien and Dr.~Knuth."},
		{"en", "# T\n\nIt has 10 GB and 5 % and 300 ms; a cat, I think, takes A Road.\n",
		 "It has 10~GB and 5~% and 300~ms; a cat, I think, takes A Road."},
		{"en", "# T\n\nRun `see Chapter 3` at https://x.org/a b and Chapter [3](#t) now.\n",
		 "Run see Chapter 3 at https://x.org/a b and Chapter 3 now."},
		{"de", "# T\n\nSiehe Chapter 3 und a b, 10 GB, J. Bach.\n", "Siehe Chapter 3 und a b, 10~GB, J.~Bach."},
		{"en", "# T\n\nThe Chapters are 3 in number; Part of it.\n", "The Chapters are 3 in number; Part of it."},
	};
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		fixture *f = make();
		f->doc.meta.language = cases[i].lang;
		ov_node *ch = ov_markdown_chapter(&f->doc, "chapters/x.md", cases[i].md, strlen(cases[i].md));
		ov_doc_resolve(&f->doc, "/nonexistent-book");
		char got[256];
		para_text(ch, got, sizeof got);
		if (strcmp(got, cases[i].want) != 0)
			fail_msg("case %zu: '%s', not '%s'", i, got, cases[i].want);
		if (i == 0) {
			/* "See Chapter~" then "3, Figure~" at column 13 */
			const ov_node *p = ch->first->next;
			assert_int_equal(p->type, OV_NODE_PARAGRAPH);
			assert_non_null(p->first->next);
			assert_int_equal(p->first->next->pos.col, 13);
			assert_int_equal(p->first->next->text[0], '3');
		}
		destroy(f);
	}
}

static void test_markdown__ids_unique(void **state)
{
	(void)state;
	const char *md = "# Intro\n\n## Setup\n\n## Setup\n\n### Setup\n\n## fn-1\n\nx[^a]\n\n[^a]: n\n";
	fixture *f = make();
	ov_node *ch = ov_markdown_chapter(&f->doc, "chapters/a b.md", md, strlen(md));
	ov_markdown_chapter(&f->doc, "other/a-b.md", "# Two\n", 6);
	ov_doc_resolve(&f->doc, "/nonexistent-book");
	const char *ids[8];
	int k = 0;
	for (ov_node *n = ch->first; n; n = n->next)
		if (n->type == OV_NODE_HEADING)
			ids[k++] = n->as.heading.id;
	assert_int_equal(k, 5);
	assert_string_equal(ids[0], "intro");
	assert_string_equal(ids[1], "setup");
	assert_string_equal(ids[2], "setup-1"); /* GitHub's numbering */
	assert_string_equal(ids[3], "setup-2");
	assert_string_equal(ids[4], "fn-1-2"); /* the XML id fn-1 belongs to the note */
	/* file names are unique and safe */
	assert_string_equal(ch->as.chapter.file, "a-b.xhtml");
	assert_string_equal(ch->next->as.chapter.file, "a-b-2.xhtml");
	destroy(f);
}

/* ghrules: GitHub's ids in a chapter: numbering of repeats (a number
 * taken by another heading is passed over, as github-slugger does), "{#id}"
 * taken out of the text, hyphens that smart punctuation made a dash read
 * as written, ids that are not XML names given a valid one while links
 * still use GitHub's. */
static void test_markdown__github_ids(void **state)
{
	(void)state;
	const char *md = "# Intro\n\n## FAQ\n\n## FAQ 1\n\n## FAQ\n\n## What's new? {#custom_id .wide}\n\n"
	                 "## Setup -- fast\n\n## 1. Numbers\n\n## Chapter\n\n## A {#not an id}\n\n"
	                 "## Code `x_y` and *em*\n\n"
	                 "[a](#faq-1) [b](#faq-2) [c](#custom_id) [d](#setup----fast) [e](#1-numbers) "
	                 "[f](#chapter) [g](#code-x_y-and-em) [h](#whats-new)\n";
	fixture *f = make();
	ov_node *ch = ov_markdown_chapter(&f->doc, "chapters/x.md", md, strlen(md));
	ov_doc_resolve(&f->doc, "/nonexistent-book");
	static const char *const want[] = {"intro", "faq", "faq-1", "faq-2", "custom_id", "setup----fast",
	                                   "s-1-numbers", "chapter-2", "a-not-an-id", "code-x_y-and-em"};
	size_t k = 0;
	const ov_node *para = NULL;
	for (ov_node *n = ch->first; n; n = n->next) {
		if (n->type == OV_NODE_PARAGRAPH)
			para = n;
		if (n->type != OV_NODE_HEADING)
			continue;
		assert_true(k < sizeof want / sizeof *want);
		assert_string_equal(n->as.heading.id, want[k]);
		k++;
	}
	assert_int_equal(k, sizeof want / sizeof *want);
	/* "{#custom_id .wide}" is not part of the title any more */
	const ov_node *h = ch->first->next->next->next->next;
	assert_string_equal(ov_node_plain_text(&f->doc, h), "What\xE2\x80\x99s new?");
	/* the links land on those headings (the XML ids) */
	static const char *const to[] = {"faq-1", "faq-2", "custom_id", "setup----fast", "s-1-numbers",
	                                 "chapter-2", "code-x_y-and-em", NULL};
	k = 0;
	for (const ov_node *n = para->first; n; n = n->next) {
		if (n->type != OV_NODE_LINK)
			continue;
		assert_true(n->as.link.internal);
		if (to[k])
			assert_string_equal(n->as.link.anchor, to[k]);
		else
			assert_null(n->as.link.anchor);
		k++;
	}
	assert_int_equal(k, 8);
	char *msgs = messages(&f->diag);
	assert_string_equal(msgs, "chapters/x.md:21:113: warning: link target '#whats-new': no heading or figure with id "
	                          "'whats-new'");
	free(msgs);
	destroy(f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_markdown__every_construct),
		cmocka_unit_test(test_markdown__diagnostics),
		cmocka_unit_test(test_markdown__mdbook),
		cmocka_unit_test(test_markdown__nesting_limit),
		cmocka_unit_test(test_markdown__ids_unique),
		cmocka_unit_test(test_markdown__ties),
		cmocka_unit_test(test_markdown__html),
		cmocka_unit_test(test_markdown__html_depth),
		cmocka_unit_test(test_markdown__github_ids),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
