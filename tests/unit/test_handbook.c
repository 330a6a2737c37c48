/* test_handbook.c - the structure of the repository's handbook as course
 * material: every numbered chapter has learning objectives, key terms, a
 * summary, review questions answered in the Answer Key, an exercise and a
 * table or figure; every image has alt text; the glossary, answer key,
 * figure and table counts and the length meet the book's brief; the only
 * dollar figure is the sourced one; the formulas the text refers to are
 * labelled once and every label is referred to (issue 14). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "manifest/manifest.h"
#include "markdown/markdown.h"
#include "util/buf.h"
#include "util/fsio.h"

static ov_diag diag;
static ov_doc doc;

static int setup(void **state)
{
	(void)state;
	const char *src = getenv("OV_SOURCE_DIR");
	if (!src)
		return -1;
	ov_diag_init(&diag);
	ov_doc_init(&doc, &diag);
	if (ov_book_load(&doc, src) != 0)
		return -1;
	ov_doc_resolve(&doc, src);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	ov_doc_dispose(&doc);
	ov_diag_dispose(&diag);
	return 0;
}

static const char *text_of(const ov_node *n)
{
	return ov_node_plain_text(&doc, n);
}

/* The level-2 heading of ch whose text starts with prefix, or NULL. */
static const ov_node *section(const ov_node *ch, const char *prefix)
{
	for (const ov_node *b = ch->first; b; b = b->next)
		if (b->type == OV_NODE_HEADING && b->as.heading.level == 2 &&
		    strncmp(text_of(b), prefix, strlen(prefix)) == 0)
			return b;
	return NULL;
}

/* Items of the first list in the section that starts at heading h. */
static int list_items(const ov_node *h, bool ordered)
{
	for (const ov_node *b = h->next; b && b->type != OV_NODE_HEADING; b = b->next)
		if (b->type == OV_NODE_LIST && b->as.list.ordered == ordered) {
			int k = 0;
			for (const ov_node *i = b->first; i; i = i->next)
				k++;
			return k;
		}
	return 0;
}

static const ov_node *chapter_titled(const char *title)
{
	for (const ov_node *ch = doc.root->first; ch; ch = ch->next)
		if (strcmp(ch->as.chapter.title, title) == 0)
			return ch;
	return NULL;
}

static void test_handbook__builds_cleanly(void **state)
{
	(void)state;
	char line[1024];
	for (size_t i = 0; i < diag.count; i++) {
		ov_diag_format(&diag, i, line, sizeof line);
		print_error("%s\n", line);
	}
	assert_int_equal(diag.count, 0);
	assert_non_null(strstr(doc.meta.license, "CC BY-SA 4.0"));
	assert_string_equal(doc.meta.license_url, "https://creativecommons.org/licenses/by-sa/4.0/");
	assert_string_equal(doc.meta.copyright_year, "2026");
}

static void test_handbook__course_structure(void **state)
{
	(void)state;
	int numbered = 0;
	for (const ov_node *ch = doc.root->first; ch; ch = ch->next) {
		if (!ch->as.chapter.number)
			continue;
		numbered++;
		const char *t = ch->as.chapter.title;
		const ov_node *obj = section(ch, "Learning objectives"), *terms = section(ch, "Key terms"),
		              *sum = section(ch, "Summary"), *rq = section(ch, "Review questions"),
		              *ex = section(ch, "Exercise");
		if (!obj || !terms || !sum || !rq || !ex)
			fail_msg("chapter '%s' lacks %s", t,
			         !obj ? "learning objectives" : !terms ? "key terms" : !sum ? "a summary"
			         : !rq ? "review questions" : "an exercise");
		if (list_items(obj, false) < 3)
			fail_msg("chapter '%s': fewer than 3 learning objectives", t);
		if (list_items(terms, false) < 3)
			fail_msg("chapter '%s': fewer than 3 key terms", t);
		if (list_items(rq, true) < 3)
			fail_msg("chapter '%s': fewer than 3 numbered review questions", t);
		/* objectives come first, questions after the summary */
		bool seen_obj = false, seen_sum = false, order_ok = true;
		for (const ov_node *b = ch->first; b; b = b->next) {
			if (b == obj)
				seen_obj = true;
			else if (b == sum)
				seen_sum = true;
			else if (b == rq && (!seen_obj || !seen_sum))
				order_ok = false;
			else if (b->type == OV_NODE_HEADING && b->as.heading.level == 2 && !seen_obj)
				order_ok = false;
		}
		if (!order_ok)
			fail_msg("chapter '%s': objectives must open it and review questions follow the summary", t);
		bool illustrated = false;
		ov_iter it = ov_iter_start(ch);
		ov_node *n;
		bool ent;
		while ((n = ov_iter_next(&it, &ent)))
			if (ent && (n->type == OV_NODE_TABLE || n->type == OV_NODE_FIGURE))
				illustrated = true;
		if (!illustrated)
			fail_msg("chapter '%s' has neither a table nor a figure", t);
	}
	assert_in_range(numbered, 10, 14);
}

static void test_handbook__answers(void **state)
{
	(void)state;
	const ov_node *key = chapter_titled("Answer Key");
	assert_non_null(key);
	for (const ov_node *ch = doc.root->first; ch; ch = ch->next) {
		if (!ch->as.chapter.number)
			continue;
		int questions = list_items(section(ch, "Review questions"), true);
		char prefix[32];
		/* "Chapter 1:" with its tie (doc/ties.c) */
		snprintf(prefix, sizeof prefix, "Chapter\xC2\xA0%d:", ch->as.chapter.number);
		const ov_node *h = section(key, prefix);
		if (!h)
			fail_msg("the answer key has no section '%s'", prefix);
		int answers = list_items(h, true);
		if (answers != questions)
			fail_msg("chapter %d has %d review questions but %d answers", ch->as.chapter.number,
			         questions, answers);
	}
}

static void test_handbook__glossary(void **state)
{
	(void)state;
	const ov_node *g = chapter_titled("Glossary");
	assert_non_null(g);
	int terms = 0;
	const char *prev = "";
	ov_iter it = ov_iter_start(g);
	ov_node *n;
	bool ent;
	while ((n = ov_iter_next(&it, &ent))) {
		if (!ent || n->type != OV_NODE_ITEM)
			continue;
		/* "- **Term:** definition" */
		const ov_node *para = n->first;
		if (!para || !para->first || para->first->type != OV_NODE_STRONG)
			fail_msg("glossary entry %d does not start with a bold term", terms + 1);
		const char *term = text_of(para->first);
		if (strcasecmp(prev, term) > 0)
			fail_msg("glossary is not alphabetical: '%s' after '%s'", term, prev);
		prev = term;
		terms++;
	}
	if (terms < 60)
		fail_msg("the glossary has %d terms; the brief asks for at least 60", terms);
}

static void test_handbook__figures_tables_length(void **state)
{
	(void)state;
	int tables = 0, figures = 0;
	size_t words = 0;
	ov_iter it = ov_iter_start(doc.root);
	ov_node *n;
	bool ent;
	while ((n = ov_iter_next(&it, &ent))) {
		if (!ent)
			continue;
		if (n->type == OV_NODE_TABLE)
			tables++;
		else if (n->type == OV_NODE_FIGURE)
			figures++;
		else if (n->type == OV_NODE_IMAGE) {
			const char *alt = text_of(n);
			if (strlen(alt) < 10)
				fail_msg("%s:%u: image '%s' needs descriptive alt text", ov_diag_file_name(&diag, n->pos.file),
				         n->pos.line, n->as.image.url);
			if (!n->as.image.asset)
				fail_msg("image '%s' did not load", n->as.image.url);
		} else if (n->type == OV_NODE_TEXT) {
			bool in = false;
			for (size_t i = 0; i < n->len; i++) {
				bool letter = isalnum((unsigned char)n->text[i]) || (unsigned char)n->text[i] >= 0x80;
				if (letter && !in)
					words++;
				in = letter;
			}
			/* the only dollar amount in the book is the sourced one */
			for (const char *d = n->text; (d = memchr(d, '$', (size_t)(n->text + n->len - d))); d++)
				if (isdigit((unsigned char)d[1]) && strncmp(d, "$118,000", 8) != 0)
					fail_msg("%s:%u: unsourced dollar figure '%.12s'", ov_diag_file_name(&diag, n->pos.file),
					         n->pos.line, d);
		}
	}
	print_message("handbook: %d tables, %d figures, %zu words\n", tables, figures, words);
	assert_true(tables >= 8);
	assert_true(figures >= 4);
	assert_true(words >= 20000);
}

/* Calls "\NAME{...}" in text[0..len): their arguments, appended to out
 * (NUL-separated) and counted. */
static int collect(const char *text, size_t len, const char *name, ov_buf *out)
{
	int k = 0;
	size_t n = strlen(name);
	for (const char *p = text, *end = text + len; (p = memchr(p, '\\', (size_t)(end - p))); p++) {
		if ((size_t)(end - p) <= n + 2 || memcmp(p + 1, name, n) != 0 || p[n + 1] != '{')
			continue;
		const char *a = p + n + 2, *z = memchr(a, '}', (size_t)(end - a));
		if (!z)
			continue;
		ov_buf_put(out, a, (size_t)(z - a));
		ov_buf_put(out, "", 1);
		k++;
	}
	return k;
}

static bool listed(const ov_buf *b, const char *s)
{
	for (size_t i = 0; i < b->len; i += strlen(b->ptr + i) + 1)
		if (strcmp(b->ptr + i, s) == 0)
			return true;
	return false;
}

/* A paragraph of src[0..len) (from its start to a blank line) that has a
 * dollar before a digit (money, "$118,000") and another dollar, which
 * GitHub's rules could pair with it as a formula: its line, or 0. */
static unsigned money_with_math(const char *src, size_t len)
{
	unsigned line = 1, start = 1;
	int dollars = 0, money = 0;
	for (size_t i = 0; i <= len; i++) {
		bool blank = i == len || (src[i] == '\n' && (i + 1 == len || src[i + 1] == '\n'));
		if (i < len && src[i] == '$') {
			dollars++;
			money += i + 1 < len && isdigit((unsigned char)src[i + 1]);
		}
		if (blank) {
			if (money && dollars > money)
				return start;
			dollars = money = 0;
			start = line + 2;
		}
		if (i < len && src[i] == '\n')
			line++;
	}
	return 0;
}

/* The chapters' TeX, read from the sources: every \eqref names a label,
 * every \label is unique and referred to (equations are numbered where the
 * text refers to them), and the formulas the issue names are there; no
 * money shares a paragraph with a formula. */
static void test_handbook__equations(void **state)
{
	(void)state;
	const char *src = getenv("OV_SOURCE_DIR");
	ov_buf labels = OV_BUF_INIT, refs = OV_BUF_INIT;
	int nlabels = 0, nrefs = 0;
	for (const ov_node *ch = doc.root->first; ch; ch = ch->next) {
		char path[4096], *text;
		size_t len;
		snprintf(path, sizeof path, "%s/%s", src, ch->as.chapter.source);
		if (ov_read_file(path, &text, &len) != 0)
			fail_msg("cannot read %s", path);
		ov_buf here = OV_BUF_INIT;
		int k = collect(text, len, "label", &here);
		for (size_t i = 0; i < here.len; i += strlen(here.ptr + i) + 1) {
			if (listed(&labels, here.ptr + i))
				fail_msg("%s: label '%s' defined twice", ch->as.chapter.source, here.ptr + i);
			ov_buf_put(&labels, here.ptr + i, strlen(here.ptr + i) + 1);
		}
		nlabels += k;
		nrefs += collect(text, len, "eqref", &refs);
		unsigned at = money_with_math(text, len);
		if (at)
			fail_msg("%s:%u: a paragraph with a dollar amount has another dollar sign", ch->as.chapter.source, at);
		ov_buf_dispose(&here);
		free(text);
	}
	for (size_t i = 0; i < refs.len; i += strlen(refs.ptr + i) + 1)
		if (!listed(&labels, refs.ptr + i))
			fail_msg("\\eqref{%s} names no label", refs.ptr + i);
	for (size_t i = 0; i < labels.len; i += strlen(labels.ptr + i) + 1)
		if (!listed(&refs, labels.ptr + i))
			fail_msg("equation '%s' is numbered but never referred to", labels.ptr + i);
	static const char *const named[] = {"eq:accuracy", "eq:precision", "eq:recall", "eq:f1", "eq:mse",
	                                    "eq:logloss", "eq:gd", "eq:bayes", "eq:expectation", "eq:sd",
	                                    "eq:se", "eq:ab-se", "eq:ab-ci", "eq:z"};
	for (size_t i = 0; i < sizeof named / sizeof *named; i++)
		if (!listed(&labels, named[i]))
			fail_msg("no equation labelled '%s'", named[i]);
	print_message("handbook: %d labelled equations, %d references\n", nlabels, nrefs);
	/* once the markdown stage makes math nodes, the book's equations are
	 * the labelled ones */
	if (doc.equation_count)
		assert_int_equal(doc.equation_count, nlabels);
	ov_buf_dispose(&labels);
	ov_buf_dispose(&refs);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_handbook__builds_cleanly),
		cmocka_unit_test(test_handbook__course_structure),
		cmocka_unit_test(test_handbook__answers),
		cmocka_unit_test(test_handbook__glossary),
		cmocka_unit_test(test_handbook__figures_tables_length),
		cmocka_unit_test(test_handbook__equations),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
