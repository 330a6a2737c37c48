/* Highlighting pass (doc/highlight.c over GNU source-highlight): the
 * token classes of a snippet in each language issue 15 requires, the
 * aliases of fence info strings, and plain code for unknown languages. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "doc/doc.h"

typedef struct {
	ov_diag diag;
	ov_doc doc;
} kit;

static ov_node *block(kit *k, const char *info, const char *text)
{
	ov_node *n = ov_node_new(&k->doc, OV_NODE_CODE_BLOCK, (ov_pos){0, 1, 1});
	n->text = text;
	n->len = strlen(text);
	n->as.code.info = info;
	ov_node_append(k->doc.root, n);
	return n;
}

/* The class of the span covering exactly the first occurrence of token in
 * n's text, or -1 if no span covers it exactly (-2: not in the text). */
static int class_at(const ov_node *n, const char *token)
{
	const char *p = strstr(n->text, token);
	if (!p)
		return -2;
	size_t s = (size_t)(p - n->text), e = s + strlen(token);
	for (size_t i = 0; i < n->as.code.span_count; i++) {
		const ov_code_span *sp = &n->as.code.spans[i];
		if (sp->start <= s && sp->start + sp->len >= e)
			return sp->cls;
	}
	return -1;
}

typedef struct {
	const char *info, *text;
	struct {
		const char *token;
		int cls; /* -1: plain */
	} expect[6];
} sample;

#define K OV_CODE_KEYWORD
#define T OV_CODE_TYPE
#define S OV_CODE_STRING
#define C OV_CODE_COMMENT
#define N OV_CODE_NUMBER
#define F OV_CODE_FUNCTION
#define O OV_CODE_OPERATOR
#define M OV_CODE_META

static const sample SAMPLES[] = {
	{"python", "def mean(xs):\n    # avg\n    return sum(xs) / 2 + len('ab')\n",
	 {{"def", K}, {"# avg", C}, {"return", K}, {"2", N}, {"'ab'", S}, {"xs", -1}}},
	{"sql", "SELECT name FROM users WHERE id = 'x'; -- note\n",
	 {{"SELECT", K}, {"FROM", K}, {"'x'", S}, {"-- note", C}, {"name", -1}}},
	{"bash", "for f in *.md; do echo \"$f\"; done # all\n",
	 {{"for", K}, {"done", K}, {"\"$f\"", S}, {"# all", C}, {"echo", -1}}},
	{"yaml", "name: web  # svc\nport: 8080\non: true\nlist:\n  - \"a\"\n",
	 {{"name", M}, {"# svc", C}, {"8080", N}, {"true", K}, {"\"a\"", S}, {"web", -1}}},
	{"json", "{\"name\": \"web\", \"port\": 8080, \"ok\": true}\n",
	 {{"name", M}, {"web", S}, {"8080", N}, {"true", K}}},
	{"js", "const total = f(1); // sum\nlet s = \"x\";\n",
	 {{"const", K}, {"// sum", C}, {"1", N}, {"\"x\"", S}, {"f", F}, {"total", -1}}},
	{"ts", "interface User { name: string }\nconst n: number = 4; // c\n",
	 {{"interface", K}, {"User", T}, {"string", T}, {"4", N}, {"// c", C}, {"name", -1}}},
	{"c", "int main(void) { return 0; } /* done */\n",
	 {{"int", T}, {"return", K}, {"0", N}, {"/* done */", C}, {"main", F}}},
	{"c++", "std::vector<int> v{1}; // one\nclass A {};\n",
	 {{"int", T}, {"1", N}, {"// one", C}, {"class", K}}},
	{"rs", "fn main() { let x: u32 = 42; } // r\n",
	 {{"fn", K}, {"let", K}, {"u32", T}, {"42", N}, {"// r", C}}},
	{"java", "public class Hello { static int n = 7; } // j\n",
	 {{"public", K}, {"class", K}, {"int", T}, {"7", N}, {"// j", C}}},
	{"golang", "func main() { fmt.Println(\"hi\", 3) } // g\n",
	 {{"func", K}, {"\"hi\"", S}, {"3", N}, {"// g", C}}},
	{"r", "x <- c(1, 2)  # v\nif (TRUE) print(\"y\")\n",
	 {{"# v", C}, {"if", K}, {"\"y\"", S}, {"<-", O}}},
	{"Dockerfile", "# build\nFROM debian:12 AS build\nRUN make --jobs=2 \"$X\"\n",
	 {{"# build", C}, {"FROM", K}, {"AS", K}, {"RUN", K}, {"--jobs=2", M}, {"\"$X\"", S}}},
	{"toml", "[server]\nport = 8080 # p\nname = \"web\"\nok = true\n",
	 {{"[server]", T}, {"port", M}, {"8080", N}, {"# p", C}, {"\"web\"", S}, {"true", K}}},
};

static void test_languages(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof SAMPLES / sizeof SAMPLES[0]; i++) {
		kit k;
		ov_diag_init(&k.diag);
		ov_doc_init(&k.doc, &k.diag);
		const sample *s = &SAMPLES[i];
		ov_node *n = block(&k, s->info, s->text);
		ov_doc_highlight(&k.doc);
		if (!n->as.code.language)
			fail_msg("%s: not highlighted", s->info);
		for (size_t j = 0; j < 6 && s->expect[j].token; j++) {
			int got = class_at(n, s->expect[j].token);
			if (got != s->expect[j].cls)
				fail_msg("%s: '%s' is %s, not %s", s->info, s->expect[j].token,
				         got == -2 ? "missing" : got < 0 ? "plain" : ov_code_class_name((ov_code_class)got),
				         s->expect[j].cls < 0 ? "plain" : ov_code_class_name((ov_code_class)s->expect[j].cls));
		}
		/* spans in order, apart, within the text, never across a line */
		for (size_t j = 0; j < n->as.code.span_count; j++) {
			const ov_code_span *sp = &n->as.code.spans[j];
			assert_true(sp->len > 0 && sp->start + sp->len <= n->len);
			assert_true(sp->cls < OV_CODE_CLASSES);
			assert_null(memchr(n->text + sp->start, '\n', sp->len));
			if (j)
				assert_true(n->as.code.spans[j - 1].start + n->as.code.spans[j - 1].len <= sp->start);
		}
		assert_int_equal(k.diag.count, 0);
		ov_doc_dispose(&k.doc);
		ov_diag_dispose(&k.diag);
	}
}

static void test_aliases(void **state)
{
	(void)state;
	static const char *const pairs[][2] = {
		{"py", "python"},     {"Python", "python"}, {"sh", "sh"},          {"bash", "sh"},
		{"shell", "sh"},      {"console", "sh"},    {"js", "javascript"},  {"ts", "typescript"},
		{"yml", "yaml"},      {"docker", "dockerfile"}, {"rs", "rust"},    {"rust,ignore", "rust"},
		{"golang", "go"},     {"c++", "cpp"},       {"cpp", "cpp"},        {"python {.numberLines}", "python"},
		{"R", "r"},           {"postgresql", "sql"}, {"toml", "toml"},     {"json", "json"},
	};
	for (size_t i = 0; i < sizeof pairs / sizeof pairs[0]; i++) {
		const char *got = ov_code_language(pairs[i][0]);
		if (!got || strcmp(got, pairs[i][1]) != 0)
			fail_msg("'%s' gives %s, not %s", pairs[i][0], got ? got : "nothing", pairs[i][1]);
	}
	assert_null(ov_code_language(""));
	assert_null(ov_code_language("text"));
	assert_null(ov_code_language("klingon"));
	assert_null(ov_code_language(NULL));
}

/* Unknown or no language: plain and silent; a long line: plain. */
static void test_plain(void **state)
{
	(void)state;
	kit k;
	ov_diag_init(&k.diag);
	ov_doc_init(&k.doc, &k.diag);
	ov_node *a = block(&k, "klingon", "if x then y\n");
	ov_node *b = block(&k, "", "def f(): pass\n");
	char *longline = malloc(20002);
	memset(longline, 'a', 20000);
	memcpy(longline, "def ", 4);
	longline[20000] = '\n';
	longline[20001] = 0;
	ov_node *c = block(&k, "python", longline);
	ov_node *d = block(&k, "python", "");
	ov_doc_highlight(&k.doc);
	assert_null(a->as.code.language);
	assert_int_equal(a->as.code.span_count, 0);
	assert_null(b->as.code.language);
	assert_null(c->as.code.language);
	assert_int_equal(d->as.code.span_count, 0);
	assert_int_equal(k.diag.count, 0);
	free(longline);
	ov_doc_dispose(&k.doc);
	ov_diag_dispose(&k.diag);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_languages),
		cmocka_unit_test(test_aliases),
		cmocka_unit_test(test_plain),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
