/* test_layout.c - the layout stage with a fake monospace font: every box
 * inside the text block, justified lines flush right, pages numbered and
 * sided as a book, chapters on right-hand pages, every link resolved,
 * kerned and letter-spaced runs measured, long code lines wrapped, and
 * hyphenation through a fake hyphenator that breaks words. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "layout/layout.h"
#include "manifest/manifest.h"
#include "markdown/markdown.h"
#include "util/buf.h"
#include "util/utf8.h"

/* every character is half an em wide, a space a quarter */
static int fake_advance(void *ctx, ov_face face, uint32_t cp)
{
	(void)ctx;
	(void)face;
	return cp == ' ' ? 250 : 500;
}

static bool fake_has_glyph(void *ctx, ov_face face, uint32_t cp)
{
	(void)ctx;
	(void)face;
	return cp != 0x2603; /* the snowman is missing */
}

/* A shaper for the fake font: one glyph per character (its id the code
 * point, 0 for the missing snowman), and "AV" kerned by -100/1000 em, as
 * a real font would */
static size_t fake_shape(void *ctx, ov_face face, const char *s, size_t len, ov_glyph_run *run)
{
	(void)ctx;
	size_t n = 0;
	for (size_t i = 0; i < len;) {
		uint32_t cp;
		int k = ov_utf8_decode(s + i, len - i, &cp);
		size_t step = k > 0 ? (size_t)k : 1;
		if (run->count == run->cap) {
			run->cap = run->cap ? run->cap * 2 : 16;
			run->glyphs = realloc(run->glyphs, run->cap * sizeof *run->glyphs);
		}
		ov_glyph *g = &run->glyphs[run->count++];
		int adv = fake_advance(NULL, face, cp);
		int16_t adj = (s[i] == 'A' && i + 1 < len && s[i + 1] == 'V') ? -100 : 0;
		*g = (ov_glyph){fake_has_glyph(NULL, face, cp) ? cp : 0, (uint32_t)i, (uint16_t)face, (uint16_t)adv, adj, 0, 0};
		run->width += adv + adj;
		i += step;
		n++;
	}
	return n;
}

static const ov_metrics fake = {
	.ctx = NULL,
	.advance = fake_advance,
	.has_glyph = fake_has_glyph,
	.shape = fake_shape,
	.ascent = {800, 800, 800, 800, 800},
	.descent = {-200, -200, -200, -200, -200},
};

typedef struct {
	ov_diag diag;
	ov_doc doc;
	ov_layout *L;
} book;

/* wider than the measure of every page size at the code's size: 87
 * characters of half an em at 85% of the body size */
#define LONG_CODE_LINE "code line that is far too long to fit inside the measure of a page of this size at all"

static const char para[] =
	"Machine learning systems learn their behaviour from examples rather than from rules "
	"written by hand, and the engineers who build them spend most of their days on data, "
	"evaluation and the plumbing that keeps a model honest once it meets real traffic. ";

/* The test book on page size page; setup (if not NULL) may change its
 * theme and page setup before it is laid out. */
static book *make_book_with(const char *page, void (*setup)(ov_doc *doc))
{
	book *b = calloc(1, sizeof *b);
	ov_diag_init(&b->diag);
	ov_doc_init(&b->doc, &b->diag);
	b->doc.meta.title = "Test Book";
	b->doc.meta.identifier = "urn:uuid:x";
	ov_page_setup_named(&b->doc.meta.page, page);
	if (setup)
		setup(&b->doc);
	ov_buf md = OV_BUF_INIT;
	ov_buf_puts(&md, "# First Chapter\n\n");
	for (int i = 0; i < 12; i++) {
		ov_buf_puts(&md, "## Section\n\n");
		for (int k = 0; k < 3; k++)
			ov_buf_puts(&md, para);
		ov_buf_puts(&md, "\n\n- an item that is long enough to wrap onto a second line of the list\n"
		                 "- [x] a task\n\n| a | b |\n|---|--:|\n| one | 2 |\n\n");
	}
	/* AVAVAV three times inside a paragraph, on justified lines (some
	 * of them, whichever fall there: a line that would be too loose is
	 * set flush left), and below at the end of a one-line paragraph,
	 * whose line is not justified */
	for (int i = 0; i < 3; i++) {
		ov_buf_puts(&md, para);
		ov_buf_puts(&md, "AVAVAV ");
	}
	ov_buf_puts(&md, para);
	ov_buf_puts(&md, "\n\n");
	ov_buf_puts(&md, "A snowman \xE2\x98\x83 and a link to [two](02.md#deep). AVAVAV\n\n");
	ov_buf_puts(&md, "A sentence with a note.[^n] And more text after it.\n\n");
	ov_buf_puts(&md, "[^n]: The note, which is set at the foot of the page that cites it.\n");
	ov_markdown_chapter(&b->doc, "chapters/01.md", md.ptr, md.len);
	const char *two = "# Second\n\n## Deep\n\nShort.\n\n```\n" LONG_CODE_LINE "\n```\n";
	ov_markdown_chapter(&b->doc, "chapters/02.md", two, strlen(two));
	ov_buf_dispose(&md);
	ov_doc_resolve(&b->doc, "/nonexistent");
	b->L = ov_layout_book(&b->doc, &fake, NULL);
	return b;
}

static book *make_book(const char *page) { return make_book_with(page, NULL); }

static void free_book(book *b)
{
	ov_layout_free(b->L);
	ov_doc_dispose(&b->doc);
	ov_diag_dispose(&b->diag);
	free(b);
}

static size_t count_messages(const book *b, const char *part)
{
	size_t n = 0;
	for (size_t i = 0; i < b->diag.count; i++)
		n += strstr(b->diag.records[i].message, part) != NULL;
	return n;
}

static double left_edge(const ov_page_setup *ps, const ov_lpage *p)
{
	return p->recto ? ps->inner : ps->outer;
}

static void check_book(const char *page)
{
	book *b = make_book(page);
	const ov_layout *L = b->L;
	const ov_page_setup *ps = &b->doc.meta.page;
	double measure = ps->width - ps->inner - ps->outer;
	assert_true(L->page_count > 6);
	/* front matter: even count, numbered i.. ; body from 1, page 1 recto */
	assert_int_equal(L->front_count % 2, 0);
	assert_true(L->pages[0].front);
	assert_int_equal(L->pages[0].number, 1);
	assert_false(L->pages[L->front_count].front);
	assert_int_equal(L->pages[L->front_count].number, 1);
	assert_true(L->pages[L->front_count].recto);
	for (size_t p = 0; p < L->page_count; p++) {
		const ov_lpage *pg = &L->pages[p];
		assert_int_equal(pg->recto, pg->number % 2 == 1);
		double x0 = left_edge(ps, pg), x1 = x0 + measure;
		for (size_t i = 0; i < pg->count; i++) {
			const ov_box *bx = &pg->boxes[i];
			if (bx->kind == OV_BOX_TEXT || bx->kind == OV_BOX_RULE || bx->kind == OV_BOX_IMAGE) {
				if (bx->x < x0 - 20 || bx->x + bx->w > x1 + 0.01)
					fail_msg("%s page %zu: box '%s' at %.2f..%.2f outside %.2f..%.2f", page, p + 1,
					         bx->kind == OV_BOX_TEXT ? bx->text : "", bx->x, bx->x + bx->w, x0, x1);
				/* running heads sit above the text block, folios below */
				if (bx->kind == OV_BOX_TEXT &&
				    (bx->y < ps->top - 2 * ps->body_size || bx->y > ps->height - ps->bottom / 3))
					fail_msg("%s page %zu: text '%s' at y %.2f outside the page's text area", page, p + 1,
					         bx->text, bx->y);
			}
			if (bx->kind == OV_BOX_LINK && !bx->uri)
				assert_true(bx->dest >= 0 && (size_t)bx->dest < L->anchor_count);
		}
	}
	/* justified paragraph lines end flush with the right edge of the block */
	size_t flush = 0;
	for (size_t p = L->front_count; p < L->page_count; p++) {
		const ov_lpage *pg = &L->pages[p];
		double x1 = left_edge(ps, pg) + measure;
		for (size_t i = 0; i < pg->count; i++) {
			const ov_box *bx = &pg->boxes[i];
			if (bx->kind == OV_BOX_TEXT && bx->face == OV_FACE_REGULAR && fabs(bx->x + bx->w - x1) < 0.01)
				flush++;
		}
	}
	assert_true(flush > 20);
	/* running heads: the book on the left, the chapter on the right, none
	 * on chapter openers or the title page */
	size_t heads = 0;
	for (size_t p = L->front_count; p < L->page_count; p++) {
		const ov_lpage *pg = &L->pages[p];
		if (!pg->head)
			continue;
		heads++;
		assert_string_equal(pg->head, pg->recto ? pg->chapter->as.chapter.title : "Test Book");
	}
	assert_true(heads > 2);
	assert_null(L->pages[0].head);
	for (const ov_node *ch = b->doc.root->first; ch; ch = ch->next)
		assert_null(L->pages[L->anchors[ov_layout_find_anchor(L, ch, "chapter")].page].head);
	/* kerning: "AVAVAV" is three kerned pairs narrower than six
	 * characters; on a justified line its glyphs may also be expanded or
	 * condensed (never letter-spaced), by at most 2% in steps of 0.5%,
	 * and by the same steps as every other word of that line */
	size_t kerned = 0, expanded = 0;
	for (size_t p = 0; p < L->page_count; p++)
		for (size_t i = 0; i < L->pages[p].count; i++) {
			const ov_box *bx = &L->pages[p].boxes[i];
			if (bx->kind != OV_BOX_TEXT || strcmp(bx->text, "AVAVAV") != 0)
				continue;
			kerned++;
			assert_non_null(bx->glyphs);
			assert_int_equal(bx->glyph_count, 6);
			assert_int_equal(bx->glyphs[0].adjust, -100);
			assert_int_equal(bx->glyphs[1].adjust, 0);
			assert_int_equal(bx->glyphs[1].gid, 'V');
			double natural = 6 * 0.5 * bx->size, kern = 3 * 0.1 * bx->size;
			assert_true(bx->tracking == 0);
			assert_true(bx->expand >= -4 && bx->expand <= 4);
			double scale = 1 + bx->expand * 0.005;
			if (fabs(bx->w - (natural - kern) * scale) > 1e-6)
				fail_msg("%s: AVAVAV is %.4f pt wide, not (%.4f - %.4f) x %.3f", page, bx->w, natural, kern,
				         scale);
			if (bx->expand == 0)
				continue;
			expanded++;
			for (size_t k = 0; k < L->pages[p].count; k++) {
				const ov_box *o = &L->pages[p].boxes[k];
				if (o->kind == OV_BOX_TEXT && o->face == bx->face && o->y == bx->y && o->len > 1 &&
				    o->expand != bx->expand)
					fail_msg("%s: '%s' is expanded by %d steps, AVAVAV on its line by %d", page, o->text,
					         o->expand, bx->expand);
			}
		}
	assert_int_equal(kerned, 4);
	assert_true(expanded >= 1);
	/* the footnote sits at the foot of the page that cites it, below the
	 * reference, and links back to it */
	const ov_node *ch1 = b->doc.root->first;
	int ref = ov_layout_find_anchor(L, ch1, "fnref-1"), def = ov_layout_find_anchor(L, ch1, "fn-1");
	assert_true(ref >= 0 && def >= 0);
	assert_int_equal(L->anchors[ref].page, L->anchors[def].page);
	assert_true(L->anchors[def].y > L->anchors[ref].y);
	assert_true(L->anchors[def].y > ps->height - ps->bottom - 6 * ps->body_size);
	/* chapter 2 opens on a right-hand page with its anchor */
	const ov_node *ch2 = b->doc.root->last;
	int a = ov_layout_find_anchor(L, ch2, "chapter");
	assert_true(a >= 0);
	assert_true(L->pages[L->anchors[a].page].recto);
	assert_true(ov_layout_find_anchor(L, ch2, "deep") >= 0);
	assert_true(L->toc_anchor >= 0);
	/* the missing character is reported, once */
	assert_int_equal(count_messages(b, "U+2603"), 1);
	/* the code line wider than the measure wraps at a space: printed
	 * lines of the code face, each inside the text block (checked above),
	 * the continuation opening with an arrow, which together give the
	 * line back; it is not a word split as a last resort, so no warning */
	ov_buf code = OV_BUF_INIT;
	size_t code_lines = 0, arrows = 0;
	double code_y = -1, arrow_top = -1;
	for (size_t p = L->anchors[a].page; p < L->page_count; p++) {
		const ov_lpage *pg = &L->pages[p];
		for (size_t i = 0; i < pg->count; i++) {
			const ov_box *bx = &pg->boxes[i];
			if (bx->kind == OV_BOX_MARK) {
				/* the mark (a drawing) starts a line the code goes on in */
				assert_true(bx->y > code_y);
				assert_true(bx->x < left_edge(ps, pg) + 10);
				arrow_top = bx->y;
				arrows++;
				continue;
			}
			if (bx->kind != OV_BOX_TEXT || bx->face != OV_FACE_MONO)
				continue;
			assert_true(bx->y >= code_y); /* a printed line's tokens, then the next line */
			if (bx->y > code_y) {
				if (code_lines > 0) /* a continuation: after its arrow, which sits on its line */
					assert_true(arrow_top > code_y && arrow_top < bx->y);
				code_lines++;
			}
			code_y = bx->y;
			ov_buf_put(&code, bx->text, bx->len);
		}
	}
	assert_string_equal(ov_buf_cstr(&code), LONG_CODE_LINE);
	assert_true(code_lines >= 2);
	assert_int_equal(arrows, code_lines - 1);
	assert_int_equal(count_messages(b, "wider than the text block"), 0);
	ov_buf_dispose(&code);
	free_book(b);
}

/* Where each page begins (ov_layout_print_pages, for the EPUB's page
 * list): a label per page, roman in the front matter, every front page
 * named by its EPUB counterpart; every body page in its chapter, the
 * opening pages at the chapter's start; a page beginning with a line of
 * text begins at that line's first word (the text of its first text box,
 * or the word the box's part comes from). */
static void test_layout__print_pages(void **state)
{
	(void)state;
	book *b = make_book("6x9in");
	ov_print_pages pp;
	ov_layout_print_pages(b->L, &b->doc, &pp);
	assert_int_equal(pp.count, b->L->page_count);
	assert_string_equal(pp.source, "PDF, 6x9in");
	assert_string_equal(pp.v[0].label, "i");
	assert_int_equal(pp.v[0].front, OV_FRONT_TITLE);
	assert_int_equal(pp.v[b->L->front_count - 1].front, OV_FRONT_CONTENTS);
	assert_string_equal(pp.v[b->L->front_count].label, "1");
	assert_null(pp.v[b->L->front_count].node); /* the first chapter's opening */
	size_t words = 0;
	for (size_t i = b->L->front_count; i < pp.count; i++) {
		const ov_print_page *p = &pp.v[i];
		const ov_lpage *pg = &b->L->pages[i];
		assert_non_null(p->chapter);
		assert_ptr_equal(p->chapter, pg->chapter);
		char num[16];
		snprintf(num, sizeof num, "%d", pg->number);
		assert_string_equal(p->label, num);
		if (!p->node || p->node->type != OV_NODE_TEXT)
			continue;
		const ov_box *first = NULL;
		for (size_t k = 0; k < pg->count && !first; k++) {
			const ov_box *x = &pg->boxes[k];
			/* a list item's marker is the layout's, not the text's */
			bool marker = x->kind == OV_BOX_TEXT && (strcmp(x->text, "\u2022") == 0 ||
			                                         strcmp(x->text, "\u2013") == 0 ||
			                                         (x->text[0] >= '0' && x->text[0] <= '9' &&
			                                          x->text[x->len - 1] == '.'));
			if (x->kind == OV_BOX_TEXT && !marker)
				first = x;
		}
		assert_non_null(first);
		assert_true(p->off <= p->node->len);
		const char *at = p->node->text + p->off;
		bool same = strncmp(at, first->text, first->len) == 0;
		/* the rest of a word hyphenated on the page before */
		size_t wl = strcspn(at, " \n");
		bool rest = false;
		for (size_t k = 0; first->word_end && k + first->len <= wl && !rest; k++)
			rest = strncmp(at + k, first->text, first->len) == 0;
		assert_true(same || rest);
		words++;
	}
	assert_true(words > 3);
	free(pp.v);
	free_book(b);
}

static void test_layout__six_by_nine(void **state)
{
	(void)state;
	check_book("6x9in");
}

static void test_layout__a4(void **state)
{
	(void)state;
	check_book("a4");
}

static void test_layout__letter(void **state)
{
	(void)state;
	check_book("letter");
}

static void test_layout__contents_numbers(void **state)
{
	(void)state;
	book *b = make_book("6x9in");
	const ov_layout *L = b->L;
	/* the contents page shows chapter 2's page number, taken from the body */
	const ov_node *ch2 = b->doc.root->last;
	int a = ov_layout_find_anchor(L, ch2, "chapter");
	char num[16];
	snprintf(num, sizeof num, "%d", L->pages[L->anchors[a].page].number);
	bool found = false;
	const ov_lpage *toc = &L->pages[L->anchors[L->toc_anchor].page];
	for (size_t i = 0; i + 1 < toc->count; i++)
		if (toc->boxes[i].kind == OV_BOX_TEXT && strstr(toc->boxes[i].text, "Second"))
			for (size_t k = i + 1; k < toc->count; k++)
				if (toc->boxes[k].kind == OV_BOX_TEXT && strcmp(toc->boxes[k].text, num) == 0)
					found = true;
	assert_true(found);
	char *dump = ov_layout_dump(L);
	assert_non_null(strstr(dump, "page 1 front 1 recto"));
	free(dump);
	free_book(b);
}

/* ---- last-resort splitting of over-wide words ---- */

/* A word of n characters with no break opportunity, drawn from ASCII and
 * two- and three-byte characters in an order that does not repeat soon
 * (so that its parts are distinct words to the measuring cache). */
static char *long_word(size_t n)
{
	static const char *const chars[] = {"q", "w", "z", "k", "\xC3\xA9", "\xD0\xB6", "\xE2\x82\xAC", "\xC3\x9F", "m", "r"};
	ov_buf b = OV_BUF_INIT;
	uint32_t x = 12345;
	for (size_t i = 0; i < n; i++) {
		x = x * 1103515245u + 12345u;
		ov_buf_puts(&b, chars[(x >> 16) % 10]);
	}
	return ov_buf_detach(&b);
}

static book *make_book_hyph(const char *page, const char *md, const ov_metrics *m, const ov_hyphenator *h);

static book *make_book_md(const char *page, const char *md, const ov_metrics *m)
{
	return make_book_hyph(page, md, m, NULL);
}

static book *make_book_hyph(const char *page, const char *md, const ov_metrics *m, const ov_hyphenator *h)
{
	book *b = calloc(1, sizeof *b);
	ov_diag_init(&b->diag);
	ov_doc_init(&b->doc, &b->diag);
	b->doc.meta.title = "T";
	b->doc.meta.identifier = "urn:uuid:x";
	ov_page_setup_named(&b->doc.meta.page, page);
	ov_markdown_chapter(&b->doc, "chapters/01.md", md, strlen(md));
	ov_doc_resolve(&b->doc, "/nonexistent");
	b->L = ov_layout_book(&b->doc, m, h);
	return b;
}

static bool all_digits(const char *s)
{
	for (; *s; s++)
		if (*s < '0' || *s > '9')
			return false;
	return true;
}

typedef struct {
	const char *name;
	const char *before, *after; /* Markdown around the word */
	unsigned faces;             /* bit per ov_face of the boxes that set it */
	double size;                /* their size, times the body size */
	const char *lead;           /* text set before the word in those boxes */
	size_t n;                   /* characters in the word */
} split_case;

/* Every path that splits an over-wide word: its parts, read in order from
 * the body pages' boxes of its face and size, give back the word exactly,
 * each on a line of its own within the text block, never cut inside a
 * character. */
static void test_layout__wide_word_split(void **state)
{
	(void)state;
	static const split_case cases[] = {
		{"paragraph", "# T\n\n", "\n", 1u << OV_FACE_REGULAR, 1, "", 3000},
		{"styled parts", "# T\n\n", "\n", 1u << OV_FACE_REGULAR | 1u << OV_FACE_ITALIC, 1, "", 3000},
		{"heading", "# T\n\n## ", "\n\nText.\n", 1u << OV_FACE_BOLD, 1.44, "", 3000},
		/* a row taller than a page goes on from page to page */
		{"table cell", "# T\n\n| a | b |\n|---|---|\n| x | ", " |\n", 1u << OV_FACE_REGULAR, 0.9, "x", 3000},
		{"inline code", "# T\n\n`", "`\n", 1u << OV_FACE_MONO, 0.88, "", 3000},
		{"code block", "# T\n\n```\n", "\n```\n", 1u << OV_FACE_MONO, 0.85, "", 3000},
		{"URL", "# T\n\n<https://example.com/", ">\n", 1u << OV_FACE_REGULAR, 1, "https://example.com/", 3000},
		{"footnote", "# T\n\nText[^a].\n\n[^a]: ", "\n", 1u << OV_FACE_REGULAR, 0.85, "", 3000},
	};
	for (size_t t = 0; t < sizeof cases / sizeof *cases; t++) {
		const split_case *k = &cases[t];
		char *word = long_word(k->n);
		ov_buf md = OV_BUF_INIT;
		ov_buf_puts(&md, k->before);
		if (strcmp(k->name, "styled parts") == 0) {
			/* the word in alternating roman and italic parts */
			const char *w = word;
			for (int i = 0; *w; i++) {
				size_t n = 0;
				while (w[n] && n < 7)
					n++;
				while (((unsigned char)w[n] & 0xC0) == 0x80)
					n++;
				ov_buf_puts(&md, i % 2 ? "*" : "");
				ov_buf_put(&md, w, n);
				ov_buf_puts(&md, i % 2 ? "*" : "");
				w += n;
			}
		} else {
			ov_buf_puts(&md, word);
		}
		ov_buf_puts(&md, k->after);
		book *b = make_book_md("6x9in", ov_buf_cstr(&md), &fake);
		const ov_layout *L = b->L;
		const ov_page_setup *ps = &b->doc.meta.page;
		double measure = ps->width - ps->inner - ps->outer, size = ps->body_size * k->size;
		ov_buf got = OV_BUF_INIT;
		size_t boxes = 0;
		for (size_t p = L->front_count; p < L->page_count; p++) {
			const ov_lpage *pg = &L->pages[p];
			double x0 = left_edge(ps, pg), x1 = x0 + measure;
			for (size_t i = 0; i < pg->count; i++) {
				const ov_box *bx = &pg->boxes[i];
				if (bx->kind != OV_BOX_TEXT || !(k->faces & 1u << bx->face) || fabs(bx->size - size) > 0.01 ||
				    bx->color != 0 || bx->y < ps->top || bx->y > ps->height - ps->bottom ||
				    strcmp(bx->text, "T") == 0 || all_digits(bx->text))
					continue;
				if (bx->x < x0 - 0.01 || bx->x + bx->w > x1 + 0.01)
					fail_msg("%s: '%.20s...' at %.2f..%.2f outside %.2f..%.2f", k->name, bx->text, bx->x,
					         bx->x + bx->w, x0, x1);
				assert_int_equal(ov_utf8_validate(bx->text, bx->len), bx->len);
				ov_buf_put(&got, bx->text, bx->len);
				boxes++;
			}
		}
		/* nothing runs off a page (contents entries, table rows and
		 * footnotes longer than a page go on to the next), and a table
		 * split across pages repeats its header row */
		size_t headers = 0;
		for (size_t p = 0; p < L->page_count; p++)
			for (size_t i = 0; i < L->pages[p].count; i++) {
				const ov_box *bx = &L->pages[p].boxes[i];
				double top = bx->kind == OV_BOX_TEXT ? bx->y - bx->size : bx->y;
				double bottom = bx->kind == OV_BOX_TEXT ? bx->y : bx->y + bx->h;
				if (top < 0 || bottom > ps->height - ps->bottom / 3)
					fail_msg("%s: page %zu: a box at y %.2f..%.2f, off the page", k->name, p + 1, top, bottom);
				headers += bx->kind == OV_BOX_TEXT && bx->face == OV_FACE_BOLD && strcmp(bx->text, "a") == 0;
			}
		if (strcmp(k->name, "table cell") == 0)
			assert_true(headers > 2);
		size_t lead = strlen(k->lead);
		if (got.len != lead + strlen(word) || memcmp(got.ptr, k->lead, lead) != 0 ||
		    memcmp(got.ptr + lead, word, strlen(word)) != 0)
			fail_msg("%s: the parts give %zu bytes, not the %zu of the word", k->name, got.len,
			         lead + strlen(word));
		/* hundreds of characters at half an em fill many lines */
		assert_true(boxes > 8);
		if (strcmp(k->name, "code block") == 0)
			assert_int_equal(count_messages(b, "is wider than the text block"), 0);
		else if (strcmp(k->name, "table cell") == 0)
			assert_int_equal(count_messages(b, "table is too wide"), 1);
		else if (strcmp(k->name, "heading") == 0) /* the heading and its contents entry */
			assert_int_equal(count_messages(b, "is wider than the text block"), 2);
		else
			assert_int_equal(count_messages(b, "is wider than the text block"), 1);
		ov_buf_dispose(&got);
		ov_buf_dispose(&md);
		free_book(b);
		free(word);
	}
}

/* The fake font, counting its calls and the characters it was asked to
 * kern. */
typedef struct {
	size_t advance, has_glyph, kerned;
} font_calls;

static int counting_advance(void *ctx, ov_face face, uint32_t cp)
{
	((font_calls *)ctx)->advance++;
	return fake_advance(NULL, face, cp);
}

static bool counting_has_glyph(void *ctx, ov_face face, uint32_t cp)
{
	((font_calls *)ctx)->has_glyph++;
	return fake_has_glyph(NULL, face, cp);
}

static size_t counting_shape(void *ctx, ov_face face, const char *s, size_t len, ov_glyph_run *run)
{
	((font_calls *)ctx)->kerned += len;
	return fake_shape(NULL, face, s, len, run);
}

static font_calls layout_calls(const char *before, size_t n, const char *after)
{
	font_calls calls = {0, 0, 0};
	ov_metrics m = fake;
	m.ctx = &calls;
	m.advance = counting_advance;
	m.has_glyph = counting_has_glyph;
	m.shape = counting_shape;
	char *word = long_word(n);
	ov_buf md = OV_BUF_INIT;
	ov_buf_puts(&md, before);
	ov_buf_puts(&md, word);
	ov_buf_puts(&md, after);
	book *b = make_book_md("6x9in", ov_buf_cstr(&md), &m);
	free_book(b);
	ov_buf_dispose(&md);
	free(word);
	return calls;
}

/* Splitting is linear in the word's length, shown without a clock: laying
 * out a word four times as long asks the font about each character at most
 * about four times as often. Measuring a new word asks has_glyph once per
 * character and kerning once per word, so these counts also bound what the
 * measuring cache holds. Splitting by measuring the rest again after each
 * cut made these counts grow with the square of the length: 16 times for
 * 4 times the characters. */
/* A URL breaks where the Chicago Manual of Style (7.42) lets it: after
 * '/' and "//", after ':' '=' '&', before '.' ',' '?' '#' '%' '~' '_' '&';
 * never after a dot (it would read as a sentence's end) nor at a hyphen
 * (it would read as one the break made). */
static void test_layout__url_breaks(void **state)
{
	(void)state;
	const char *md = "# T\n\nSee <https://www.postgresql.org/docs/current/sql-createtable.html"
	                 "?highlight=create-table&version=16#sql-createtable-compatibility-notes"
	                 "/very-long-path-segment-name/another.part.of.the.address/index.html>\n";
	book *b = make_book_md("6x9in", md, &fake);
	const ov_layout *L = b->L;
	const ov_page_setup *ps = &b->doc.meta.page;
	/* the URL's text, line by line (boxes of the body's size in order) */
	char lines[16][256];
	size_t n = 0;
	double y = -1;
	for (size_t p = L->front_count; p < L->page_count; p++)
		for (size_t i = 0; i < L->pages[p].count; i++) {
			const ov_box *bx = &L->pages[p].boxes[i];
			if (bx->kind != OV_BOX_TEXT || fabs(bx->size - ps->body_size) > 0.01 || bx->y < ps->top ||
			    bx->y > ps->height - ps->bottom || all_digits(bx->text) || strcmp(bx->text, "See") == 0)
				continue;
			if (fabs(bx->y - y) > 0.01) {
				assert_true(n < 16);
				lines[n++][0] = 0;
				y = bx->y;
			}
			strncat(lines[n - 1], bx->text, sizeof lines[0] - strlen(lines[n - 1]) - 1);
		}
	assert_true(n >= 3); /* the test means something only when the URL breaks */
	for (size_t i = 0; i + 1 < n; i++) {
		size_t l = strlen(lines[i]);
		assert_true(l > 0 && lines[i + 1][0]);
		char last = lines[i][l - 1], next = lines[i + 1][0];
		bool after = (last == '/' && next != '/') || (last == ':' && next != '/') || last == '=' || last == '&';
		bool before = strchr(".,?#%~_&", next) != NULL;
		if (!(after || before) || last == '.' || last == '-')
			fail_msg("a URL broken between '%s' and '%s'", lines[i], lines[i + 1]);
	}
	free_book(b);
}


/* The words of the body's lines of text boxes of size sz on the body
 * pages, each line's words joined by spaces, into lines[max]; returns the
 * number of lines. xs[i] gets the left edge of line i. */
static size_t lines_of_size(const ov_layout *L, const ov_page_setup *ps, double sz, char lines[][256], double *xs,
                            size_t max)
{
	size_t n = 0;
	double y = -1;
	for (size_t p = L->front_count; p < L->page_count; p++)
		for (size_t i = 0; i < L->pages[p].count; i++) {
			const ov_box *bx = &L->pages[p].boxes[i];
			if (bx->kind != OV_BOX_TEXT || fabs(bx->size - sz) > 0.01 || bx->y < ps->top ||
			    bx->y > ps->height - ps->bottom)
				continue;
			if (fabs(bx->y - y) > 0.01) {
				assert_true(n < max);
				lines[n][0] = 0;
				xs[n++] = bx->x;
				y = bx->y;
			} else {
				strncat(lines[n - 1], " ", 255 - strlen(lines[n - 1]));
			}
			strncat(lines[n - 1], bx->text, 255 - strlen(lines[n - 1]));
		}
	return n;
}

/* Display type (layout/display.c): a chapter title whose greedy break
 * leaves one word alone ("What Machine Learning Engineers / Do" with the
 * fake font's 10.5 pt letters at 21 pt) is balanced into as many lines of
 * even width ("What Machine Learning / Engineers Do"); a heading too. */
static void test_layout__balanced_titles(void **state)
{
	(void)state;
	const char *md = "# What Machine Learning Engineers Do\n\nText.\n\n"
	                 "## Where the Models of Machine Learning Engineers Run Today\n\nText.\n";
	book *b = make_book_md("6x9in", md, &fake);
	const ov_page_setup *ps = &b->doc.meta.page;
	char lines[8][256];
	double xs[8];
	double sizes[2] = {ps->body_size * b->doc.meta.theme.title_size,
	                   ps->body_size * b->doc.meta.theme.heading_size[1]};
	for (int k = 0; k < 2; k++) {
		size_t n = lines_of_size(b->L, ps, sizes[k], lines, xs, 8);
		assert_int_equal(n, 2);
		/* no line of one word; widths within a third of each other */
		for (size_t i = 0; i < n; i++)
			if (!strchr(lines[i], ' '))
				fail_msg("a display line of one word: '%s'", lines[i]);
		if (k == 0) {
			assert_string_equal(lines[0], "What Machine Learning");
			assert_string_equal(lines[1], "Engineers Do");
		}
	}
	free_book(b);
}

/* Ties (doc/ties.c and the layout's U+00A0): "Chapter 3" never breaks
 * across lines, and the tie stretches like a word space (a justified line
 * with a tie still ends flush right). */
static void test_layout__ties(void **state)
{
	(void)state;
	ov_buf md = {0};
	ov_buf_puts(&md, "# T\n\n");
	for (int i = 0; i < 40; i++)
		ov_buf_puts(&md, i % 3 ? "see Chapter 3 and " : "as Figure 12.1 shows, ");
	ov_buf_puts(&md, "the end.\n");
	book *b = make_book_md("6x9in", md.ptr, &fake);
	const ov_page_setup *ps = &b->doc.meta.page;
	char lines[64][256];
	double xs[64];
	size_t n = lines_of_size(b->L, ps, ps->body_size, lines, xs, 64);
	assert_true(n > 5);
	for (size_t i = 0; i < n; i++) {
		size_t l = strlen(lines[i]);
		if ((l >= 7 && strcmp(lines[i] + l - 7, "Chapter") == 0) || (l >= 6 && strcmp(lines[i] + l - 6, "Figure") == 0))
			fail_msg("a line ends before its number: '%s'", lines[i]);
	}
	free_book(b);
	free(md.ptr);
}

/* "lists: hanging" (a glossary): no bullets, the entry's first line at
 * the text's left edge, its later lines LAY_HANG ems in. */
static void test_layout__hanging_list(void **state)
{
	(void)state;
	const char *md = "---\nlists: hanging\n---\n# T\n\n"
	                 "- **Term:** a definition long enough to run over two lines or three of the measure of a "
	                 "page, so that its later lines show the hanging indent of a glossary entry.\n"
	                 "- **Other:** short.\n";
	book *b = make_book_md("6x9in", md, &fake);
	assert_int_equal(ov_diag_errors(&b->diag), 0);
	const ov_page_setup *ps = &b->doc.meta.page;
	char lines[16][256];
	double xs[16];
	size_t n = lines_of_size(b->L, ps, ps->body_size, lines, xs, 16);
	assert_true(n >= 3);
	for (size_t i = 0; i < n; i++)
		assert_null(strstr(lines[i], "\xE2\x80\xA2"));
	double left = xs[0];
	assert_true(strncmp(lines[0], "Term:", 5) == 0);
	assert_true(fabs(xs[1] - (left + ps->body_size * 1.5)) < 0.01);
	assert_true(strncmp(lines[n - 1], "Other:", 6) == 0);
	assert_true(fabs(xs[n - 1] - left) < 0.01);
	free_book(b);
}

static void test_layout__wide_word_linear(void **state)
{
	(void)state;
	static const char *const around[][2] = {
		{"# T\n\n", "\n"},
		{"# T\n\nA paragraph with a ", " in it, which goes on after it for a while.\n"},
		{"# T\n\n## ", "\n\nText.\n"},
		{"# T\n\n| a | b |\n|---|---|\n| x | ", " |\n"},
		{"# T\n\n`", "`\n"},
		{"# T\n\n```\n", "\n```\n"},
		{"# T\n\nText[^a].\n\n[^a]: ", "\n"},
		{"# ", "\n\nText.\n"}, /* the chapter's title, also in every running head */
	};
	for (size_t t = 0; t < sizeof around / sizeof *around; t++) {
		font_calls a = layout_calls(around[t][0], 4000, around[t][1]);
		font_calls b = layout_calls(around[t][0], 16000, around[t][1]);
		print_message("case %zu: advance %zu -> %zu, has_glyph %zu -> %zu, kerned %zu -> %zu\n", t,
		              a.advance, b.advance, a.has_glyph, b.has_glyph, a.kerned, b.kerned);
		assert_true(b.advance <= a.advance * 9 / 2 + 2000);
		assert_true(b.has_glyph <= a.has_glyph * 9 / 2 + 2000);
		assert_true(b.kerned <= a.kerned * 9 / 2 + 2000);
	}
}

/* A chapter title too long for the running head is cut after the most
 * characters that fit with an ellipsis, never before a space. */
static void test_layout__running_head_fit(void **state)
{
	(void)state;
	ov_buf md = OV_BUF_INIT;
	ov_buf_puts(&md, "# ");
	for (int i = 0; i < 60; i++)
		ov_buf_puts(&md, i % 3 ? "word " : "\xC3\xA9t\xC3\xA9  ");
	ov_buf_puts(&md, "end\n\n");
	for (int i = 0; i < 80; i++)
		ov_buf_puts(&md, para);
	ov_buf_puts(&md, "\n");
	book *b = make_book_md("6x9in", ov_buf_cstr(&md), &fake);
	const ov_layout *L = b->L;
	const ov_page_setup *ps = &b->doc.meta.page;
	const char *title = b->doc.root->first->as.chapter.title;
	double room = (ps->width - ps->inner - ps->outer) * 0.8, size = ps->body_size * 0.9;
	size_t heads = 0;
	for (size_t p = L->front_count; p < L->page_count; p++) {
		const char *h = L->pages[p].head;
		if (!h || !L->pages[p].recto)
			continue;
		heads++;
		size_t n = strlen(h) - 3;
		assert_true(strlen(h) > 3 && strcmp(h + n, "\xE2\x80\xA6") == 0);
		assert_memory_equal(h, title, n);
		assert_true(n > 0 && h[n - 1] != ' ');
		/* characters at half an em, a space a quarter, the ellipsis half */
		double w = 0;
		for (size_t i = 0; i < n; i++)
			w += h[i] == ' ' ? 250 : ((unsigned char)h[i] & 0xC0) == 0x80 ? 0 : 500;
		assert_true((w + 500) * size / 1000 <= room);
		/* one more character (after the spaces) does not fit */
		size_t k = n;
		while (title[k] == ' ')
			w += 250, k++;
		assert_true((w + 500 + 500) * size / 1000 > room);
	}
	assert_true(heads > 0);
	ov_buf_dispose(&md);
	free_book(b);
}

/* ---- hyphenation ---- */

/* A hyphenator that allows a break after every letter, leaving 2 before
 * and 3 after as the real one does; it remembers what it was asked. */
typedef struct {
	size_t calls;
	bool non_letter;   /* it was given something other than letters */
	ov_buf words;      /* every word asked about, each followed by '|' */
} fake_hyph;

static size_t fake_points(void *ctx, const char *word, size_t len, size_t *at, size_t max)
{
	fake_hyph *h = ctx;
	h->calls++;
	size_t n = 0;
	for (size_t i = 0; i < len; i++)
		if (!((word[i] >= 'a' && word[i] <= 'z') || (word[i] >= 'A' && word[i] <= 'Z')))
			h->non_letter = true;
	ov_buf_put(&h->words, word, len);
	ov_buf_putc(&h->words, '|');
	for (size_t i = 2; i + 3 <= len && n < max; i++)
		at[n++] = i;
	return n;
}

/* A text line: its text boxes in order along the baseline. */
typedef struct {
	const ov_box *box[64];
	size_t count;
	size_t page;
} text_line;

/* The text lines of the body pages set in face at size, in reading order
 * (boxes are added line by line, left to right). */
static size_t body_lines(const ov_layout *L, ov_face face, double size, text_line *out, size_t max)
{
	size_t n = 0;
	for (size_t p = L->front_count; p < L->page_count; p++) {
		const ov_lpage *pg = &L->pages[p];
		for (size_t i = 0; i < pg->count; i++) {
			const ov_box *bx = &pg->boxes[i];
			if (bx->kind != OV_BOX_TEXT || bx->face != face || fabs(bx->size - size) > 0.01)
				continue;
			if (!n || out[n - 1].page != p || out[n - 1].box[0]->y != bx->y) {
				assert_true(n < max);
				out[n].count = 0;
				out[n++].page = p;
			}
			assert_true(out[n - 1].count < 64);
			out[n - 1].box[out[n - 1].count++] = bx;
		}
	}
	return n;
}

/* The boxes of a word: box k and those that touch it on the left (right
 * when dir is 1), their text joined onto b in reading order. */
static size_t word_around(const text_line *l, size_t k, int dir, ov_buf *b)
{
	size_t first = k, last = k;
	if (dir < 0)
		while (first > 0 && fabs(l->box[first - 1]->x + l->box[first - 1]->w - l->box[first]->x) < 1e-6)
			first--;
	else
		while (last + 1 < l->count && fabs(l->box[last]->x + l->box[last]->w - l->box[last + 1]->x) < 1e-6)
			last++;
	for (size_t i = first; i <= last; i++)
		ov_buf_put(b, l->box[i]->text, l->box[i]->len);
	return dir < 0 ? first : last; /* the word's box at the far end */
}

/* Justified text with a hyphenator that breaks words: lines end in a
 * hyphen (a soft hyphen box flush with the measure), the word's parts on
 * the two lines give it back and the first part names the whole word for
 * the PDF, the next line's part is marked as a word's end; never more
 * than two hyphenated lines in a row; the layout report counts exactly
 * the hyphens drawn. The hyphenator is asked about letters only, never
 * about code, URLs or the paragraph's last word. Without it, the same
 * text has no hyphen. */
static void test_layout__hyphenation(void **state)
{
	(void)state;
	static const char *const words[] = {"internationalization", "characteristically",
	                                    "responsibilities", "incomprehensibility",
	                                    "counterrevolutionary", "institutionalizing"};
	ov_buf md = OV_BUF_INIT;
	ov_buf_puts(&md, "# Hyphens\n\n");
	for (int para_no = 0; para_no < 4; para_no++) {
		for (int i = 0; i < 40; i++) {
			static const char *const small[] = {"of the", "and", "to a", "in"};
			ov_buf_puts(&md, words[(i * 7 + para_no) % 6]);
			ov_buf_puts(&md, i % 9 == 4 ? ", " : " ");
			ov_buf_puts(&md, small[(i + para_no) % 4]);
			ov_buf_puts(&md, " ");
			if (i == 20)
				ov_buf_puts(&md, "`codewordinsidecode` <https://example.com/pathwordinsideurl> ");
		}
		ov_buf_puts(&md, "lastwordofparagraph.\n\n");
	}
	static const char *const pages[] = {"6x9in", "a4", "letter"};
	for (size_t pi = 0; pi < 3; pi++) {
		fake_hyph fh = {0, false, OV_BUF_INIT};
		ov_hyphenator hy = {&fh, fake_points};
		book *b = make_book_hyph(pages[pi], ov_buf_cstr(&md), &fake, &hy);
		const ov_layout *L = b->L;
		const ov_page_setup *ps = &b->doc.meta.page;
		double measure = ps->width - ps->inner - ps->outer;
		assert_true(fh.calls > 0);
		assert_false(fh.non_letter);
		const char *asked = ov_buf_cstr(&fh.words);
		assert_null(strstr(asked, "codeword"));
		assert_null(strstr(asked, "pathword"));
		assert_null(strstr(asked, "lastword"));
		static text_line lines[2000];
		size_t n = body_lines(L, OV_FACE_REGULAR, ps->body_size, lines, 2000);
		size_t hyphens = 0, flush = 0, run = 0, longest = 0;
		for (size_t i = 0; i < n; i++) {
			const text_line *l = &lines[i];
			const ov_box *end = l->box[l->count - 1];
			bool hyph = strcmp(end->text, "\xC2\xAD") == 0;
			run = hyph ? run + 1 : 0;
			longest = run > longest ? run : longest;
			if (!hyph)
				continue;
			hyphens++;
			/* the hyphen ends the line flush with the measure */
			double x1 = left_edge(ps, &L->pages[l->page]) + measure;
			if (end->x + end->w > x1 + 0.01)
				fail_msg("%s: a hyphen ends at %.2f, the measure at %.2f", pages[pi], end->x + end->w, x1);
			flush += fabs(end->x + end->w - x1) < 0.01;
			assert_true(l->count >= 2 && i + 1 < n);
			const ov_box *part = l->box[l->count - 2];
			assert_true(fabs(part->x + part->w - end->x) < 1e-6);
			ov_buf w = OV_BUF_INIT;
			/* the word is a box per hyphenation point: its first box on
			 * the line names the whole word, its last on the next line
			 * ends it, so that the text span covers every part */
			size_t first = word_around(l, l->count - 2, -1, &w);
			size_t head = w.len;
			size_t last = word_around(&lines[i + 1], 0, 1, &w);
			const ov_box *opening = l->box[first];
			assert_non_null(opening->full_word);
			for (size_t k = first + 1; k < l->count - 1; k++)
				assert_null(l->box[k]->full_word);
			assert_true(lines[i + 1].box[last]->word_end);
			for (size_t k = 0; k < last; k++)
				assert_false(lines[i + 1].box[k]->word_end);
			if (strcmp(ov_buf_cstr(&w), opening->full_word) != 0)
				fail_msg("%s: the parts give '%s', the word is '%s'", pages[pi], ov_buf_cstr(&w), opening->full_word);
			/* at least 2 letters before the break and 3 after */
			assert_true(head >= 2 && w.len - head >= 3);
			bool known = false;
			for (size_t k = 0; k < 6; k++)
				known = known || strncmp(opening->full_word, words[k], strlen(words[k])) == 0;
			assert_true(known);
			ov_buf_dispose(&w);
		}
		print_message("%s: %zu lines, %zu hyphenated (%zu justified), %zu in a row at most; %zu ragged\n",
		              pages[pi], n, hyphens, flush, longest, L->stats[0].ragged);
		assert_true(hyphens >= 5);
		assert_true(flush >= hyphens / 2);
		assert_true(longest <= 2);
		assert_int_equal(L->stats[0].hyphenated, hyphens);
		assert_int_equal(L->stats[0].hyphen_runs, 0);
		ov_buf_dispose(&fh.words);

		/* no hyphenator, no hyphen */
		double body = ps->body_size;
		free_book(b);
		b = make_book_md(pages[pi], ov_buf_cstr(&md), &fake);
		n = body_lines(b->L, OV_FACE_REGULAR, body, lines, 2000);
		for (size_t i = 0; i < n; i++)
			assert_string_not_equal(lines[i].box[lines[i].count - 1]->text, "\xC2\xAD");
		assert_int_equal(b->L->stats[0].hyphenated, 0);
		free_book(b);
	}
	ov_buf_dispose(&md);
}

/* A theme as book.yaml would give it: body size 11, colours for text,
 * headings, links, code and table rules, a larger h2, indented
 * paragraphs, contents one level deep, no running heads on the left. */
static void theme_setup(ov_doc *doc)
{
	ov_theme *t = &doc->meta.theme;
	t->text_color = 0x222222;
	t->heading_color = 0x1d3557;
	t->link_color = 0xc0392b;
	t->code_background = 0xfff3e0;
	t->table_rule_color = 0x336699;
	t->heading_size[1] = 1.5;
	t->paragraph_indent = 1.5;
	t->contents_depth = 1;
	t->head_verso = OV_HEAD_NONE;
	for (int i = 0; i < OV_PAGE__COUNT; i++) {
		t->page[i].body_size = 11;
		t->page[i].leading = 14.3;
	}
	assert_int_equal(ov_theme_page(t, "6x9in", &doc->meta.page), 0);
}

/* The text box of the word text on the body pages (the first), or NULL;
 * *page is its page. */
static const ov_box *body_word(const ov_layout *L, const char *text, const ov_lpage **page)
{
	for (size_t p = L->front_count; p < L->page_count; p++)
		for (size_t i = 0; i < L->pages[p].count; i++) {
			const ov_box *bx = &L->pages[p].boxes[i];
			if (bx->kind == OV_BOX_TEXT && strcmp(bx->text, text) == 0) {
				if (page)
					*page = &L->pages[p];
				return bx;
			}
		}
	return NULL;
}

static void test_layout__theme(void **state)
{
	(void)state;
	book *plain = make_book("6x9in"), *b = make_book_with("6x9in", theme_setup);
	const ov_layout *L = b->L;
	const ov_page_setup *ps = &b->doc.meta.page;
	assert_true(ps->body_size == 11 && ps->leading == 14.3);

	/* body text at the theme's size and colour; none at the default's */
	size_t body = 0, old = 0;
	for (size_t p = L->front_count; p < L->page_count; p++)
		for (size_t i = 0; i < L->pages[p].count; i++) {
			const ov_box *bx = &L->pages[p].boxes[i];
			if (bx->kind != OV_BOX_TEXT || bx->face != OV_FACE_REGULAR)
				continue;
			body += fabs(bx->size - 11) < 1e-9;
			old += fabs(bx->size - 10.5) < 1e-9;
		}
	assert_true(body > 200);
	assert_int_equal(old, 0);
	const ov_box *w = body_word(L, "Machine", NULL), *pw = body_word(plain->L, "Machine", NULL);
	assert_non_null(w);
	assert_int_equal(w->color, 0x222222);
	assert_int_equal(pw->color, OV_COLOR_BLACK);
	assert_true(fabs(pw->size - 10.5) < 1e-9);

	/* headings: h2 at 1.5 x 11 in the heading colour, the chapter's title
	 * at 2 x 11 */
	w = body_word(L, "Section", NULL);
	assert_non_null(w);
	assert_true(fabs(w->size - 16.5) < 1e-9);
	assert_int_equal(w->face, OV_FACE_BOLD);
	assert_int_equal(w->color, 0x1d3557);
	pw = body_word(plain->L, "Section", NULL);
	assert_true(fabs(pw->size - 10.5 * 1.44) < 1e-9);
	assert_int_equal(pw->color, OV_COLOR_BLACK);
	w = body_word(L, "First", NULL);
	assert_true(fabs(w->size - 22) < 1e-9);
	assert_int_equal(w->color, 0x1d3557);

	/* a link in the link colour */
	w = body_word(L, "two", NULL);
	assert_non_null(w);
	assert_int_equal(w->color, 0xc0392b);

	/* the code block's tint and the table's rules in their colours */
	size_t tints = 0, rules = 0;
	for (size_t p = L->front_count; p < L->page_count; p++)
		for (size_t i = 0; i < L->pages[p].count; i++) {
			const ov_box *bx = &L->pages[p].boxes[i];
			if (bx->kind != OV_BOX_RULE)
				continue;
			tints += bx->color == 0xfff3e0;
			rules += bx->color == 0x336699 && fabs(bx->h - 0.8) < 1e-9;
		}
	assert_true(tints >= 1);
	assert_true(rules >= 24); /* above and below each of twelve tables */

	/* a paragraph that follows one starts 1.5 x 11 pt in */
	const ov_lpage *pg;
	w = body_word(L, "snowman", &pg);
	assert_non_null(w);
	const ov_box *a = w - 1;
	assert_true(a->kind == OV_BOX_TEXT && strcmp(a->text, "A") == 0);
	assert_true(fabs(a->x - (left_edge(ps, pg) + 16.5)) < 1e-6);
	w = body_word(plain->L, "snowman", &pg);
	assert_true(fabs((w - 1)->x - left_edge(&plain->doc.meta.page, pg)) < 1e-6);

	/* contents one level deep: chapters, no sections */
	size_t chapters = 0;
	for (size_t p = 0; p < L->front_count; p++)
		for (size_t i = 0; i < L->pages[p].count; i++) {
			const ov_box *bx = &L->pages[p].boxes[i];
			if (bx->kind != OV_BOX_TEXT)
				continue;
			assert_true(strcmp(bx->text, "Section") != 0 && strcmp(bx->text, "Deep") != 0);
			chapters += strstr(bx->text, "Second") != NULL; /* "2", an en space, "Second" */
		}
	assert_int_equal(chapters, 1);
	const ov_box *sec = NULL;
	for (size_t p = 0; p < plain->L->front_count && !sec; p++)
		for (size_t i = 0; i < plain->L->pages[p].count; i++)
			if (plain->L->pages[p].boxes[i].kind == OV_BOX_TEXT &&
			    strcmp(plain->L->pages[p].boxes[i].text, "Section") == 0)
				sec = &plain->L->pages[p].boxes[i];
	assert_non_null(sec); /* the default goes two levels deep */

	/* running heads: none on the left, the chapter's on the right */
	size_t right = 0;
	for (size_t p = L->front_count; p < L->page_count; p++) {
		if (!L->pages[p].recto)
			assert_null(L->pages[p].head);
		else if (L->pages[p].head)
			right++;
	}
	assert_true(right >= 1);
	free_book(plain);
	free_book(b);
}

/* figures part: a cell spanning rows sets its lines on the baselines of
 * the rows it covers, the last of them growing when it needs more lines;
 * rows joined by a span stay on one page. */
static void test_layout__rowspan(void **state)
{
	(void)state;
	book *b = make_book_md("6x9in",
	                       "# T\n\n<table><tr><th>h1</th><th>h2</th></tr>\n"
	                       "<tr><td rowspan=\"2\">s1<br>s2<br>s3<br>s4</td><td>one</td></tr>\n"
	                       "<tr><td>two</td></tr>\n<tr><td>three</td><td>four</td></tr></table>\n",
	                       &fake);
	const ov_box *s1 = body_word(b->L, "s1", NULL), *s2 = body_word(b->L, "s2", NULL);
	const ov_box *s4 = body_word(b->L, "s4", NULL), *one = body_word(b->L, "one", NULL);
	const ov_box *two = body_word(b->L, "two", NULL), *three = body_word(b->L, "three", NULL);
	assert_non_null(s1);
	assert_non_null(s4);
	assert_non_null(two);
	assert_non_null(three);
	/* s1 with its first row, s2 with the second; s3 and s4 below, the
	 * second row grown for them; the next row after s4 */
	assert_true(fabs(s1->y - one->y) < 0.01);
	assert_true(fabs(s2->y - two->y) < 0.01);
	assert_true(s4->y > two->y + 1.5 * s4->h);
	assert_true(three->y > s4->y + s4->h * 0.5);
	assert_true(fabs(s1->x - three->x) < 0.01); /* its column */
	assert_int_equal(count_messages(b, "rowspan"), 0);
	free_book(b);

	/* twenty groups of five rows joined by a span: none split by a page */
	ov_buf md = OV_BUF_INIT;
	ov_buf_puts(&md, "# T\n\n<table><thead><tr><th>g</th><th>r</th></tr></thead><tbody>\n");
	for (int g = 0; g < 20; g++)
		for (int r = 0; r < 5; r++) {
			ov_buf_puts(&md, "<tr>");
			if (r == 0)
				ov_buf_printf(&md, "<td rowspan=\"5\">g%d</td>", g);
			ov_buf_printf(&md, "<td>r%d</td></tr>\n", g * 5 + r);
		}
	ov_buf_puts(&md, "</tbody></table>\n");
	b = make_book_md("6x9in", md.ptr, &fake);
	size_t pages_used = 0;
	const ov_lpage *last = NULL;
	for (int g = 0; g < 20; g++) {
		char w[16];
		const ov_lpage *pg, *p0, *p4;
		snprintf(w, sizeof w, "g%d", g);
		assert_non_null(body_word(b->L, w, &pg));
		snprintf(w, sizeof w, "r%d", g * 5);
		assert_non_null(body_word(b->L, w, &p0));
		snprintf(w, sizeof w, "r%d", g * 5 + 4);
		assert_non_null(body_word(b->L, w, &p4));
		assert_ptr_equal(pg, p0);
		assert_ptr_equal(p0, p4);
		pages_used += p0 != last;
		last = p0;
	}
	assert_true(pages_used >= 3); /* the table does cross pages */
	free_book(b);
	ov_buf_dispose(&md);
}

/* The first image box on the body pages, or NULL; *page is its page. */
static const ov_box *body_image(const ov_layout *L, const ov_lpage **page)
{
	for (size_t p = L->front_count; p < L->page_count; p++)
		for (size_t i = 0; i < L->pages[p].count; i++)
			if (L->pages[p].boxes[i].kind == OV_BOX_IMAGE) {
				if (page)
					*page = &L->pages[p];
				return &L->pages[p].boxes[i];
			}
	return NULL;
}

/* A book of markdown md whose images (none can be read from
 * /nonexistent) are given a 40 x 10 pixel asset that loaded; the body set
 * at size on leading. */
static book *make_book_images(const char *md, double size, double leading, ov_asset *pic)
{
	book *b = calloc(1, sizeof *b);
	ov_diag_init(&b->diag);
	ov_doc_init(&b->doc, &b->diag);
	b->doc.meta.title = "T";
	b->doc.meta.identifier = "urn:uuid:x";
	ov_theme *t = &b->doc.meta.theme;
	for (int i = 0; i < OV_PAGE__COUNT; i++) {
		t->page[i].body_size = size;
		t->page[i].leading = leading;
	}
	assert_int_equal(ov_theme_page(t, "6x9in", &b->doc.meta.page), 0);
	ov_markdown_chapter(&b->doc, "chapters/01.md", md, strlen(md));
	ov_doc_resolve(&b->doc, "/nonexistent");
	memset(pic, 0, sizeof *pic);
	pic->src = pic->shown = "p.png";
	pic->info.width = 40;
	pic->info.height = 10;
	pic->ok = true;
	ov_iter it = ov_iter_start(b->doc.root);
	ov_node *n;
	bool ent;
	while ((n = ov_iter_next(&it, &ent)))
		if (ent && n->type == OV_NODE_IMAGE)
			n->as.image.asset = pic;
	b->L = ov_layout_book(&b->doc, &fake, NULL);
	return b;
}

static void test_layout__inline_image(void **state)
{
	(void)state;
	/* an image inside text: 1.2 em high, four times as wide (40 x 10
	 * px), its bottom at the face's descent (0.2 em) below the baseline of
	 * its line, between the words around it; no "[alt]" */
	ov_asset pic;
	book *b = make_book_images("# T\n\nSome text with ![pic](p.png) inside and "
	                           "[a link ![linked](p.png) around](https://example.org/) it.\n",
	                           10, 13, &pic);
	const ov_lpage *pg, *wp;
	const ov_box *im = body_image(b->L, &pg);
	const ov_box *with = body_word(b->L, "with", &wp), *inside = body_word(b->L, "inside", NULL);
	assert_non_null(im);
	assert_non_null(with);
	assert_non_null(inside);
	assert_ptr_equal(pg, wp);
	assert_ptr_equal(im->image, &pic);
	assert_true(fabs(im->h - 12) < 0.01);
	assert_true(fabs(im->w - 48) < 0.01);
	assert_true(fabs(im->y + im->h - (with->y + 2)) < 0.01);
	assert_true(fabs(inside->y - with->y) < 0.01);
	assert_true(im->x > with->x + with->w && im->x + im->w < inside->x);
	assert_null(body_word(b->L, "[pic]", NULL));
	/* the link's box spans the linked image, as tall as it */
	const ov_box *img2 = NULL, *link = NULL;
	for (size_t i = 0; i < pg->count; i++) {
		const ov_box *x = &pg->boxes[i];
		if (x->kind == OV_BOX_IMAGE && x != im)
			img2 = x;
		if (x->kind == OV_BOX_LINK && x->uri && !strcmp(x->uri, "https://example.org/"))
			link = x;
	}
	assert_non_null(img2);
	assert_non_null(link);
	assert_true(link->x <= img2->x && link->x + link->w >= img2->x + img2->w);
	assert_true(link->y <= img2->y + 0.01 && link->y + link->h >= img2->y + img2->h - 0.01);
	/* the link goes on after the image (leaving an image pops no style) */
	const ov_box *around = body_word(b->L, "around", NULL);
	assert_non_null(around);
	assert_true(link->x + link->w >= around->x + around->w - 0.01);
	free_book(b);

	/* on a leading tighter than the image (10 pt text on 10 pt), the
	 * image's line grows: its top clears the line above */
	ov_buf md = OV_BUF_INIT;
	ov_buf_puts(&md, "# T\n\n");
	for (int i = 0; i < 40; i++)
		ov_buf_printf(&md, "w%d ", i);
	ov_buf_puts(&md, "![pic](p.png)");
	for (int i = 40; i < 80; i++)
		ov_buf_printf(&md, " w%d", i);
	ov_buf_puts(&md, "\n");
	b = make_book_images(md.ptr, 10, 10, &pic);
	im = body_image(b->L, &pg);
	assert_non_null(im);
	double above = -1, line = -1, below = -1; /* baselines around the image */
	for (size_t i = 0; i < pg->count; i++) {
		const ov_box *x = &pg->boxes[i];
		if (x->kind != OV_BOX_TEXT || x->text[0] != 'w')
			continue;
		double base = x->y;
		if (base < im->y + im->h - 2 - 0.01 && base > above)
			above = base;
		else if (fabs(base - (im->y + im->h - 2)) < 0.01)
			line = base;
		else if (base > im->y + im->h && (below < 0 || base < below))
			below = base;
	}
	assert_true(above > 0 && line > 0 && below > 0);
	/* the line above ends 2 pt (its descent) below its baseline */
	assert_true(im->y >= above + 2 - 0.01);
	assert_true(line - above > 10.5);
	assert_true(fabs(below - line - 10) < 0.01 || below - line > 10);
	free_book(b);
	ov_buf_dispose(&md);
}

/* Without a math font a display is shown as its TeX source; a numbered
 * one keeps its numbers at the right margin of the measure, one per
 * printed line, with its rows' anchors there (the targets of \eqref),
 * and a formula that is only a reference prints the number as a link */
static void test_layout__math_source_numbers(void **state)
{
	(void)state;
	book *b = calloc(1, sizeof *b);
	ov_diag_init(&b->diag);
	ov_doc_init(&b->doc, &b->diag);
	b->doc.meta.title = "Test Book";
	b->doc.meta.identifier = "urn:uuid:x";
	ov_page_setup_named(&b->doc.meta.page, "6x9in");
	const char *md = "# T\n\nText.\n\n$$\n\\begin{align}\na &= b \\label{eq:a}\\\\\nc &= d \\tag{T}\\\\\n"
	                 "e &= f \\notag\n\\end{align}\n$$\n\nSee $\\eqref{eq:a}$.\n";
	ov_node *ch = ov_markdown_chapter(&b->doc, "chapters/01.md", md, strlen(md));
	ov_doc_resolve(&b->doc, "/nonexistent");
	b->L = ov_layout_book(&b->doc, &fake, NULL);
	assert_true(count_messages(b, "formulas are shown as TeX source") >= 1);
	const ov_layout *L = b->L;
	const ov_page_setup *ps = &b->doc.meta.page;
	double measure = ps->width - ps->inner - ps->outer;
	const ov_box *num[2] = {NULL, NULL}, *line0 = NULL;
	const ov_lpage *pg = NULL;
	for (size_t p = 0; p < L->page_count; p++)
		for (size_t i = 0; i < L->pages[p].count; i++) {
			const ov_box *x = &L->pages[p].boxes[i];
			if (x->kind != OV_BOX_TEXT)
				continue;
			if (strcmp(x->text, "(1.1)") == 0 && !num[0]) /* the display's, before the reference's */
				num[0] = x, pg = &L->pages[p];
			else if (strcmp(x->text, "(T)") == 0)
				num[1] = x;
			else if (strcmp(x->text, "\\begin{align}") == 0)
				line0 = x;
		}
	assert_non_null(num[0]);
	assert_non_null(num[1]);
	assert_non_null(line0);
	/* flush with the right margin, on the block's first two lines */
	double right = left_edge(ps, pg) + measure;
	assert_true(fabs(num[0]->x + num[0]->w - right) < 0.01);
	assert_true(fabs(num[1]->x + num[1]->w - right) < 0.01);
	assert_true(fabs(num[0]->y - line0->y) < 0.01);
	assert_true(num[1]->y > num[0]->y);
	/* the anchor of row 1 at its line, on its page */
	int a = ov_layout_find_anchor(L, ch, "eq-1-1");
	assert_true(a >= 0);
	assert_ptr_equal(&L->pages[L->anchors[a].page], pg);
	assert_true(L->anchors[a].y < num[0]->y && L->anchors[a].y > num[0]->y - 20);
	/* the reference prints its number, a link to that anchor */
	size_t links = 0;
	for (size_t p = 0; p < L->page_count; p++)
		for (size_t i = 0; i < L->pages[p].count; i++) {
			const ov_box *x = &L->pages[p].boxes[i];
			if (x->kind == OV_BOX_LINK && x->target_id && strcmp(x->target_id, "eq-1-1") == 0) {
				links++;
				assert_int_equal(x->dest, a);
			}
		}
	assert_int_equal(links, 1);
	free_book(b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_layout__six_by_nine),
		cmocka_unit_test(test_layout__math_source_numbers),
		cmocka_unit_test(test_layout__a4),
		cmocka_unit_test(test_layout__letter),
		cmocka_unit_test(test_layout__contents_numbers),
		cmocka_unit_test(test_layout__wide_word_split),
		cmocka_unit_test(test_layout__url_breaks),
		cmocka_unit_test(test_layout__wide_word_linear),
		cmocka_unit_test(test_layout__running_head_fit),
		cmocka_unit_test(test_layout__hyphenation),
		cmocka_unit_test(test_layout__theme),
		cmocka_unit_test(test_layout__rowspan),
		cmocka_unit_test(test_layout__inline_image),
		cmocka_unit_test(test_layout__balanced_titles),
		cmocka_unit_test(test_layout__ties),
		cmocka_unit_test(test_layout__hanging_list),
		cmocka_unit_test(test_layout__print_pages),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
