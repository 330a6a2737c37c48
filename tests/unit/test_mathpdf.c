/* test_mathpdf.c - the math font from book.yaml to the PDF: a book with a
 * formula loads TeX Gyre Pagella Math (a book without one does not);
 * fonts.math naming a font without a MATH table is an error at the key;
 * and, with the pages given spans and math glyphs by hand (the sink
 * between the layout and the PDF writer), the PDF copies a span as its
 * given text (/ActualText, pdftotext), embeds the math font's subset with
 * its size variants and 'ssty' glyphs (pdffonts) and draws them (pixels),
 * and passes qpdf --check. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "font/mathfont.h"
#include "layout/layout.h"
#include "manifest/manifest.h"
#include "markdown/markdown.h"
#include "pdf/internal.h"
#include "pdf/pdf.h"
#include "typeset/typeset.h"
#include "util/fsio.h"

static char dir[64];

/* a book in a fresh folder: book.yaml (yaml) and chapters/one.md (md) */
static char *make_book(const char *yaml, const char *md)
{
	snprintf(dir, sizeof dir, "/tmp/ov-mathpdf-XXXXXX");
	assert_non_null(mkdtemp(dir));
	char *p = ov_path_join(dir, "book.yaml");
	assert_int_equal(ov_write_file_atomic(p, yaml, strlen(yaml)), 0);
	free(p);
	p = ov_path_join(dir, "chapters");
	assert_int_equal(ov_mkdir_p(p), 0);
	free(p);
	p = ov_path_join(dir, "chapters/one.md");
	assert_int_equal(ov_write_file_atomic(p, md, strlen(md)), 0);
	free(p);
	return ov_xstrdup(dir);
}

static void remove_book(char *book)
{
	char cmd[256];
	snprintf(cmd, sizeof cmd, getenv("OV_KEEP") ? "true '%s'" : "rm -rf '%s'", book);
	assert_int_equal(system(cmd), 0);
	free(book);
}

/* a formula node at the end of the first paragraph (the markdown stage
 * does not make them yet in this branch) */
static void add_formula(ov_doc *doc)
{
	ov_node *n = doc->root->first; /* the chapter */
	assert_non_null(n);
	for (n = n->first; n && n->type != OV_NODE_PARAGRAPH;)
		n = n->next;
	assert_non_null(n);
	ov_node *m = ov_node_new(doc, OV_NODE_MATH, n->pos);
	m->text = "x";
	m->len = 1;
	ov_node_append(n, m);
}

/* every message, one a line (malloc'ed) */
static char *messages(const ov_diag *d)
{
	size_t cap = 1024 * (d->count + 1), len = 0;
	char *out = calloc(1, cap);
	for (size_t i = 0; i < d->count; i++) {
		ov_diag_format(d, i, out + len, cap - len - 1);
		len += strlen(out + len);
		out[len++] = '\n';
	}
	return out;
}

static const char *BOOK_YAML = "title: Spans\nlanguage: en\noutput: spans\nchapters:\n  - chapters/one.md\n";

/* the loaded book, resolved */
static void load(ov_doc *doc, ov_diag *diag, const char *book)
{
	ov_diag_init(diag);
	ov_doc_init(doc, diag);
	assert_int_equal(ov_book_load(doc, book), 0);
	doc->build_time = 0;
	ov_doc_resolve(doc, book);
}

static void test_mathpdf__loaded_only_with_formulas(void **state)
{
	(void)state;
	char *book = make_book(BOOK_YAML, "# One\n\nNo formula here.\n");
	ov_diag diag;
	ov_doc doc;
	load(&doc, &diag, book);
	ov_typeset *ts = ov_typeset_load(&doc.meta, ov_diag_file(&diag, "book.yaml"), false);
	ov_layout *L = ov_typeset_run(ts, &doc, 1, NULL);
	assert_non_null(L);
	const ov_book_fonts *f = ov_typeset_fonts(ts);
	assert_int_equal(f->math_font, -1);
	for (size_t k = 0; k < f->count; k++)
		assert_null(strstr(f->path[k], "Math"));
	ov_layout_free(L);
	ov_typeset_free(ts);
	ov_doc_dispose(&doc);
	ov_diag_dispose(&diag);

	/* with one: Pagella, numbered after the others, its bytes at hand */
	load(&doc, &diag, book);
	add_formula(&doc);
	ts = ov_typeset_load(&doc.meta, ov_diag_file(&diag, "book.yaml"), false);
	L = ov_typeset_run(ts, &doc, 1, NULL);
	assert_non_null(L);
	f = ov_typeset_fonts(ts);
	assert_true(f->math_font >= 0);
	assert_int_equal((size_t)f->math_font + 1, f->count);
	assert_string_equal(f->path[f->math_font], ov_math_fonts()[0].path);
	assert_int_equal(f->face[f->math_font], -1);
	assert_true(f->len[f->math_font] > 100000);
	assert_true(ov_font_has_math(f->font[f->math_font]));
	assert_int_equal(ov_diag_errors(&diag), 0);
	ov_layout_free(L);
	ov_typeset_free(ts);
	ov_doc_dispose(&doc);
	ov_diag_dispose(&diag);

	/* Pagella missing: DejaVu Math TeX Gyre, with a note */
	setenv("OCTAVO_MATH_FONT", "/nonexistent/pagella.otf", 1);
	load(&doc, &diag, book);
	add_formula(&doc);
	ts = ov_typeset_load(&doc.meta, ov_diag_file(&diag, "book.yaml"), false);
	L = ov_typeset_run(ts, &doc, 1, NULL);
	f = ov_typeset_fonts(ts);
	assert_true(f->math_font >= 0);
	assert_non_null(strstr(f->path[f->math_font], "DejaVuMathTeXGyre.ttf"));
	char *msgs = messages(&diag);
	assert_non_null(strstr(msgs, "book.yaml: note: math font '/nonexistent/pagella.otf' is not installed (Debian "
	                             "package fonts-texgyre-math): formulas are set in DejaVu Math TeX Gyre"));
	free(msgs);
	unsetenv("OCTAVO_MATH_FONT");
	ov_layout_free(L);
	ov_typeset_free(ts);
	ov_doc_dispose(&doc);
	ov_diag_dispose(&diag);
	remove_book(book);
}

static void test_mathpdf__key(void **state)
{
	(void)state;
	/* a text font as fonts.math: an error at the key, even without formulas */
	char yaml[512];
	snprintf(yaml, sizeof yaml, "%sfonts:\n  math: gentium.ttf\n", BOOK_YAML);
	char *book = make_book(yaml, "# One\n\nText.\n");
	char *src = ov_path_join(getenv("OCTAVO_FONT_DIR"), "GentiumBookPlus-Regular.ttf");
	char *dst = ov_path_join(book, "gentium.ttf");
	char *data;
	size_t len;
	assert_int_equal(ov_read_file(src, &data, &len), 0);
	assert_int_equal(ov_write_file_atomic(dst, data, len), 0);
	free(data);
	ov_diag diag;
	ov_doc doc;
	load(&doc, &diag, book);
	assert_non_null(doc.meta.math_font);
	assert_int_equal(doc.meta.math_font_pos.line, 7);
	assert_int_equal(doc.meta.math_font_pos.col, 9);
	ov_layout *L = ov_typeset_layout(&doc);
	assert_non_null(L); /* the rest is laid out */
	char *msgs = messages(&diag);
	char want[1024];
	snprintf(want, sizeof want,
	         "book.yaml:7:9: error: font '%s' has no OpenType MATH table (a math font is needed: TeX Gyre "
	         "Pagella Math, Latin Modern Math, STIX Math, DejaVu Math TeX Gyre)",
	         dst);
	if (!strstr(msgs, want))
		fail_msg("got: %s", msgs);
	free(msgs);
	ov_layout_free(L);
	ov_doc_dispose(&doc);
	ov_diag_dispose(&diag);

	/* a math font of the book's own serves */
	char *lm = ov_path_join(book, "lm.otf");
	assert_int_equal(ov_read_file("/usr/share/texmf/fonts/opentype/public/lm-math/latinmodern-math.otf", &data, &len), 0);
	assert_int_equal(ov_write_file_atomic(lm, data, len), 0);
	free(data);
	snprintf(yaml, sizeof yaml, "%sfonts:\n  math: lm.otf\n", BOOK_YAML);
	char *y = ov_path_join(book, "book.yaml");
	assert_int_equal(ov_write_file_atomic(y, yaml, strlen(yaml)), 0);
	load(&doc, &diag, book);
	ov_typeset *ts = ov_typeset_load(&doc.meta, ov_diag_file(&diag, "book.yaml"), false);
	L = ov_typeset_run(ts, &doc, 1, NULL);
	assert_int_equal(ov_diag_errors(&diag), 0);
	const ov_book_fonts *f = ov_typeset_fonts(ts);
	assert_true(f->math_font >= 0);
	assert_string_equal(f->path[f->math_font], lm);
	ov_layout_free(L);
	ov_typeset_free(ts);
	ov_doc_dispose(&doc);
	ov_diag_dispose(&diag);

	/* outside the book folder, or an unknown key */
	snprintf(yaml, sizeof yaml, "%sfonts:\n  math: ../x.otf\n  maths: y.otf\n", BOOK_YAML);
	assert_int_equal(ov_write_file_atomic(y, yaml, strlen(yaml)), 0);
	load(&doc, &diag, book);
	msgs = messages(&diag);
	assert_non_null(strstr(msgs, "book.yaml:7:9: error: font file '../x.otf' is outside the book folder"));
	assert_non_null(strstr(msgs, "book.yaml:8:3: error: unknown key 'fonts.maths' (known: regular, italic, bold, "
	                             "bold-italic, monospace, math)"));
	free(msgs);
	ov_doc_dispose(&doc);
	ov_diag_dispose(&diag);
	free(y);
	free(lm);
	free(src);
	free(dst);
	remove_book(book);
}

/* ---- spans in the PDF ---- */

typedef struct {
	ov_page_sink inner; /* the writer's */
	int math_font;
	const ov_book_fonts *f;
	ov_typeset *ts;
	int edited;
	double x, y, size, rparen_x; /* the math box: left, baseline (pt from the top), size; where ')' starts */
} hook;

static ov_glyph math_glyphs[3];
static const char math_text[] = "(f)";

/* Puts the last word, "words.", in a span that copies as \alpha^2,
 * with a box of math glyphs after it: a size variant of '(' (no character
 * of its own), the script 'ssty' 𝑓 and the biggest ')' variant. */
static void edit_pages(void *ctx, int thread, size_t chapter, ov_lpage *pages, size_t count)
{
	hook *h = ctx;
	size_t at = SIZE_MAX;
	ov_lpage *lp = NULL;
	for (size_t p = 0; p < count && at == SIZE_MAX; p++)
		for (size_t i = 0; i < pages[p].count; i++)
			if (pages[p].boxes[i].kind == OV_BOX_TEXT && strcmp(pages[p].boxes[i].text, "words.") == 0) {
				at = i;
				lp = &pages[p];
			}
	if (lp) {
		ov_box word = lp->boxes[at];
		const ov_book_fonts *f = ov_typeset_fonts(h->ts);
		assert_true(f->math_font >= 0);
		ov_math_metrics mm;
		ov_font_math_cache *c = ov_font_math_metrics(f->font[f->math_font], f->math_font, &mm);
		ov_mglyph paren, ff, close;
		assert_true(mm.glyph(mm.ctx, '(', 0, &paren));
		assert_true(mm.glyph(mm.ctx, 0x1D453, 1, &ff));
		assert_true(mm.glyph(mm.ctx, ')', 0, &close));
		uint32_t gids[OV_MATH_MAX_VARIANTS];
		double sizes[OV_MATH_MAX_VARIANTS];
		assert_int_equal(mm.variants(mm.ctx, paren.gid, false, gids, sizes, OV_MATH_MAX_VARIANTS), 7);
		ov_mglyph v;
		mm.measure(mm.ctx, gids[1], &v);
		math_glyphs[0] = (ov_glyph){gids[1], 0, (uint16_t)f->math_font, (uint16_t)v.advance, 0, 0, 0};
		math_glyphs[1] = (ov_glyph){ff.gid, 1, (uint16_t)f->math_font, (uint16_t)ff.advance, 0, 0, 0};
		assert_int_equal(mm.variants(mm.ctx, close.gid, false, gids, sizes, OV_MATH_MAX_VARIANTS), 7);
		mm.measure(mm.ctx, gids[6], &v);
		math_glyphs[2] = (ov_glyph){gids[6], 2, (uint16_t)f->math_font, (uint16_t)v.advance, 0, 0, 0};
		ov_font_math_cache_free(c);
		/* SPAN, the math box, SPAN_END in place of the word */
		lp->boxes = realloc(lp->boxes, (lp->count + 2) * sizeof *lp->boxes);
		memmove(lp->boxes + at + 3, lp->boxes + at + 1, (lp->count - at - 1) * sizeof *lp->boxes);
		lp->count += 2;
		ov_box *b = lp->boxes + at;
		memset(b, 0, 3 * sizeof *b);
		b[0].kind = OV_BOX_SPAN;
		b[0].x = word.x;
		b[0].y = word.y;
		b[0].text = "\\alpha^2";
		b[0].len = 8;
		b[1] = word;
		b[1].text = math_text;
		b[1].len = sizeof math_text - 1;
		b[1].glyphs = math_glyphs;
		b[1].glyph_count = 3;
		b[1].full_word = NULL;
		b[2].kind = OV_BOX_SPAN_END;
	}
	if (lp) {
		const ov_box *m = &lp->boxes[at + 1];
		h->x = m->x;
		h->y = m->y;
		h->size = m->size;
		h->rparen_x = m->x + (math_glyphs[0].advance + math_glyphs[1].advance) * m->size / 1000.0;
	}
	h->edited += lp != NULL;
	h->inner.chapter(h->inner.ctx, thread, chapter, pages, count);
}

static void hook_begin(void *ctx, int n)
{
	hook *h = ctx;
	if (h->inner.begin)
		h->inner.begin(h->inner.ctx, n);
}

/* runs cmd, returns its output (malloc'ed) */
static char *run(const char *cmd)
{
	FILE *p = popen(cmd, "r");
	assert_non_null(p);
	size_t cap = 1 << 16, len = 0;
	char *out = malloc(cap);
	size_t n;
	while ((n = fread(out + len, 1, cap - len - 1, p)) > 0)
		len += n;
	out[len] = 0;
	pclose(p);
	return out;
}

static void test_mathpdf__span(void **state)
{
	(void)state;
	char *book = make_book(BOOK_YAML, "# One\n\nA formula in the text, and after it more words.\n");
	ov_diag diag;
	ov_doc doc;
	load(&doc, &diag, book);
	add_formula(&doc);
	ov_typeset *ts = ov_typeset_load(&doc.meta, ov_diag_file(&diag, "book.yaml"), false);
	ov_pdf_writer *w = ov_pdf_writer_new(&doc, ts);
	hook h = {{0}, -1, NULL, ts, 0, 0, 0, 0, 0};
	ov_pdf_writer_sink(w, &h.inner);
	ov_page_sink sink = {hook_begin, edit_pages, &h, NULL, NULL};
	ov_layout *L = ov_typeset_run(ts, &doc, 1, &sink);
	assert_non_null(L);
	assert_int_equal(h.edited, 1);
	unsigned char *pdf;
	size_t len;
	assert_int_equal(ov_pdf_writer_finish(w, L, &pdf, &len), 0);
	char *msgs = messages(&diag);
	assert_int_equal(ov_diag_errors(&diag), 0);
	free(msgs);
	char *out = ov_path_join(book, "spans.pdf");
	assert_int_equal(ov_write_file_atomic(out, (const char *)pdf, len), 0);
	free(pdf);
	ov_pdf_writer_free(w);
	ov_typeset_free(ts);
	ov_doc_dispose(&doc);
	ov_diag_dispose(&diag);

	char cmd[512];
	/* the span copies as its text: the word and the math glyphs in it
	 * are replaced, the words around it stay */
	snprintf(cmd, sizeof cmd, "pdftotext -raw '%s' -", out);
	char *text = run(cmd);
	if (!strstr(text, "A formula in the text, and after it more \\alpha^2\n"))
		fail_msg("pdftotext gave: %s", text);
	assert_null(strstr(text, "words"));
	free(text);
	/* the math font is embedded as a CFF CIDFont with a ToUnicode map */
	snprintf(cmd, sizeof cmd, "pdffonts '%s'", out);
	char *fonts = run(cmd);
	const char *pag = strstr(fonts, "+TeXGyrePagellaMath-Regular");
	if (!pag)
		fail_msg("pdffonts gave: %s", fonts);
	assert_non_null(strstr(pag, "CID Type 0C"));
	assert_non_null(strstr(pag, "Identity-H       yes yes yes"));
	free(fonts);
	/* pixels: the biggest ')' (2417/1000 em tall about the axis) reaches
	 * some 0.9 em below the baseline, where no glyph of the text goes; the
	 * '(' one size up (989/1000 em) does not. 144 dpi, the page with the span */
	int page = 0;
	for (int p = 1; p <= 8 && !page; p++) {
		snprintf(cmd, sizeof cmd, "pdftotext -f %d -l %d '%s' - 2>/dev/null", p, p, out);
		char *t = run(cmd);
		if (strstr(t, "\\alpha^2"))
			page = p;
		free(t);
	}
	assert_true(page > 0);
	snprintf(cmd, sizeof cmd, "pdftoppm -r 144 -gray -f %d -l %d '%s'", page, page, out);
	FILE *pg = popen(cmd, "r");
	assert_non_null(pg);
	int W, H, maxv;
	assert_int_equal(fscanf(pg, "P5 %d %d %d", &W, &H, &maxv), 3);
	fgetc(pg);
	unsigned char *px = malloc((size_t)W * (size_t)H);
	assert_int_equal(fread(px, 1, (size_t)W * (size_t)H, pg), (size_t)W * (size_t)H);
	pclose(pg);
	/* a band 0.45 to 0.8 em below the baseline: no dark pixel under the
	 * '(', and one on every row under the ')' (its stroke) */
	double k = 144.0 / 72.0;
	int top = (int)((h.y + 0.45 * h.size) * k), bottom = (int)((h.y + 0.8 * h.size) * k);
	size_t under_open = 0, rows = 0, inked = 0;
	for (int yy = top; yy < bottom && yy < H; yy++) {
		for (int xx = (int)(h.x * k); xx < (int)(h.rparen_x * k) && xx < W; xx++)
			under_open += px[(size_t)yy * (size_t)W + (size_t)xx] < 128;
		size_t dark = 0;
		for (int xx = (int)(h.rparen_x * k); xx < (int)((h.rparen_x + 0.7 * h.size) * k) && xx < W; xx++)
			dark += px[(size_t)yy * (size_t)W + (size_t)xx] < 128;
		rows++;
		inked += dark > 0;
	}
	free(px);
	assert_int_equal(under_open, 0);
	assert_true(rows >= 6);
	if (inked != rows)
		fail_msg("the big ')' inked %zu of the %zu rows below the line", inked, rows);

	snprintf(cmd, sizeof cmd, "qpdf --check '%s' 2>&1", out);
	char *check = run(cmd);
	if (!strstr(check, "No syntax or stream encoding errors found"))
		fail_msg("qpdf: %s", check);
	free(check);
	free(out);
	remove_book(book);
}

/* ---- spans in a content stream, boxes made by hand ---- */

static ov_glyph one_glyph[4] = {{36, 0, 0, 500, 0, 0, 0}, {37, 1, 0, 500, 0, 0, 0}, {0, 2, 0, 500, 0, 0, 0}};

static ov_box text_box(double x, const char *text, uint32_t n)
{
	ov_box b;
	memset(&b, 0, sizeof b);
	b.kind = OV_BOX_TEXT;
	b.x = x;
	b.y = 100;
	b.size = 10;
	b.text = text;
	b.len = (uint32_t)strlen(text);
	b.glyphs = one_glyph;
	b.glyph_count = n;
	return b;
}

static ov_box mark(ov_box_kind kind, const char *text)
{
	ov_box b;
	memset(&b, 0, sizeof b);
	b.kind = kind;
	b.text = text;
	b.len = text ? (uint32_t)strlen(text) : 0;
	return b;
}

/* The content stream of a page of boxes b[0..n) (malloc'ed), its NULs
 * made '@'. */
static char *draw(ov_box *b, size_t n)
{
	ov_diag diag;
	ov_doc doc;
	ov_diag_init(&diag);
	ov_doc_init(&doc, &diag);
	ov_lpage lp;
	memset(&lp, 0, sizeof lp);
	lp.boxes = b;
	lp.count = n;
	ov_pdf_spaces sp;
	memset(&sp, 0, sizeof sp);
	for (int f = 0; f < OV_FACE__COUNT; f++) {
		sp.gid[f] = 3;
		sp.advance[f] = 250;
	}
	ov_pdf_res res;
	memset(&res, 0, sizeof res);
	ov_buf o = OV_BUF_INIT;
	ov_pdf_draw_page(&doc, &lp, 648, &sp, &res, NULL, NULL, &o);
	free(res.images);
	free(res.gstates);
	ov_doc_dispose(&doc);
	ov_diag_dispose(&diag);
	/* glyph codes are two bytes, the first a NUL for these glyphs: '@' */
	for (size_t i = 0; i < o.len; i++)
		if (!o.ptr[i])
			o.ptr[i] = '@';
	ov_buf_putc(&o, 0);
	return ov_buf_detach(&o);
}

static size_t count_of(const char *s, const char *what)
{
	size_t n = 0;
	for (const char *p = strstr(s, what); p; p = strstr(p + 1, what))
		n++;
	return n;
}

static const char *last_of(const char *s, const char *what)
{
	const char *last = NULL;
	for (const char *p = strstr(s, what); p; p = strstr(p + 1, what))
		last = p;
	return last;
}

/* BDC and EMC pair up, never nested, all inside BT ... ET */
static void assert_flat(const char *s)
{
	int depth = 0, in_text = 0;
	for (const char *p = s; *p; p++) {
		if (strncmp(p, "BT\n", 3) == 0 && (p == s || p[-1] == '\n'))
			in_text = 1;
		if (strncmp(p, "ET\n", 3) == 0 && (p == s || p[-1] == '\n')) {
			assert_int_equal(depth, 0);
			in_text = 0;
		}
		if (strncmp(p, " BDC", 4) == 0) {
			assert_true(in_text);
			assert_int_equal(depth++, 0);
		}
		if (strncmp(p, "EMC", 3) == 0 && (p == s || p[-1] == '\n')) {
			assert_true(in_text);
			assert_int_equal(--depth, 0);
		}
	}
	assert_int_equal(depth, 0);
}

static void test_mathpdf__span_stream(void **state)
{
	(void)state;
	/* a word, a formula of two boxes and a rule, a word */
	ov_box rule = mark(OV_BOX_RULE, NULL);
	rule.w = 5;
	rule.h = 0.5;
	ov_box b1[] = {text_box(10, "A", 1), mark(OV_BOX_SPAN, "x^2"), text_box(20, "x", 1), rule,
	               text_box(26, "2", 1), mark(OV_BOX_SPAN_END, NULL), text_box(40, "B", 1)};
	char *s = draw(b1, 7);
	if (getenv("OV_SHOW"))
		fprintf(stderr, "%s", s);
	assert_flat(s);
	const char *bdc = strstr(s, "/Span <</ActualText <FEFF0078005E0032>>> BDC\n");
	assert_non_null(bdc);
	assert_int_equal(count_of(s, " BDC"), 1);
	/* opened after the space glyph that stands for the word gap (code 3) */
	const char *space = strstr(s, "@\003)");
	assert_non_null(space);
	assert_true(space < bdc);
	/* the rule is drawn before the text object */
	assert_true(strstr(s, " re f\n") < strstr(s, "BT\n"));
	free(s);

	/* nested spans: the outer one only; a word's own span (a glyph 0)
	 * does not open inside one */
	ov_box b2[] = {mark(OV_BOX_SPAN, "outer"), mark(OV_BOX_SPAN, "inner"), text_box(20, "xy?", 3),
	               mark(OV_BOX_SPAN_END, NULL), text_box(40, "B", 1), mark(OV_BOX_SPAN_END, NULL)};
	s = draw(b2, 6);
	assert_flat(s);
	assert_int_equal(count_of(s, " BDC"), 1);
	assert_non_null(strstr(s, "<FEFF006F0075007400650072>>> BDC"));
	assert_true(last_of(s, "EMC") > last_of(s, "TJ"));
	free(s);

	/* a span the page ends in is closed before ET; an end without a
	 * span is nothing; a span with no text in it still copies */
	ov_box b3[] = {mark(OV_BOX_SPAN_END, NULL), text_box(10, "A", 1), mark(OV_BOX_SPAN, "\\quad"),
	               mark(OV_BOX_SPAN_END, NULL), mark(OV_BOX_SPAN, "y"), text_box(20, "y", 1)};
	s = draw(b3, 6);
	assert_flat(s);
	assert_int_equal(count_of(s, " BDC"), 2);
	assert_int_equal(count_of(s, "EMC"), 2);
	assert_non_null(strstr(s, "<FEFF005C0071007500610064>>> BDC\nEMC\n"));
	free(s);

	/* a word's span still open when a formula's begins is closed first */
	ov_box w1 = text_box(10, "for\xC2\xAD", 2), w2 = text_box(20, "mula", 2);
	w1.full_word = "formula";
	w2.word_end = true;
	ov_box b4[] = {w1, mark(OV_BOX_SPAN, "z"), text_box(15, "z", 1), mark(OV_BOX_SPAN_END, NULL), w2};
	s = draw(b4, 5);
	assert_flat(s);
	assert_non_null(strstr(s, "<FEFF0066006F0072006D0075006C0061>>> BDC"));
	assert_non_null(strstr(s, "<FEFF007A>>> BDC"));
	free(s);
}

/* the layout dump names spans and their text */
static void test_mathpdf__dump(void **state)
{
	(void)state;
	ov_box b[] = {mark(OV_BOX_SPAN, "a+b"), text_box(20, "x", 1), mark(OV_BOX_SPAN_END, NULL)};
	b[0].x = 20;
	b[0].y = 90;
	b[0].w = 12.5;
	b[0].h = 11;
	ov_lpage page;
	memset(&page, 0, sizeof page);
	page.boxes = b;
	page.count = 3;
	page.number = 1;
	page.recto = true;
	ov_layout L;
	memset(&L, 0, sizeof L);
	L.pages = &page;
	L.page_count = 1;
	char *d = ov_layout_dump(&L);
	assert_non_null(strstr(d, "  span 20.00 90.00 12.50 h=11.00 \"a+b\"\n  text 20.00 100.00 0.00 f0 10.00 \"x\""));
	assert_non_null(strstr(d, "\n  span-end 0.00 0.00 0.00\n"));
	free(d);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_mathpdf__loaded_only_with_formulas),
		cmocka_unit_test(test_mathpdf__key),
		cmocka_unit_test(test_mathpdf__span),
		cmocka_unit_test(test_mathpdf__span_stream),
		cmocka_unit_test(test_mathpdf__dump),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
