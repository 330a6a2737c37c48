/*
 * highlight.c - the highlighting pass: each code block whose fence names a
 * known language is cut into tokens by GNU source-highlight's library
 * (highlight/srchl.h) and its tokens of interest kept as spans of a small
 * fixed set of classes (theme.h, ov_code_class), once, for both writers.
 *
 * Language definitions: source-highlight's own (/usr/share/source-highlight)
 * and ours for what it lacks (the repository's highlight/: TOML, YAML,
 * Dockerfile, TypeScript), found like the fonts: next to the source tree
 * for a build-tree binary, under the data directory for an installed one.
 *
 * Limits: a block with a line over MAX_LINE bytes, or over MAX_BLOCK bytes
 * in all, stays plain (the library's regular expressions run on whole
 * lines; Boost.Regex gives up on some long ones, and a block that size is
 * data, not a listing).
 */
#include "doc/doc.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "highlight/srchl.h"
#include "util/fsio.h"
#include "util/parallel.h"

#define MAX_LINE 10000
#define MAX_BLOCK (4u << 20)

const char *ov_code_class_name(ov_code_class c)
{
	static const char *const names[OV_CODE_CLASSES] = {"keyword", "type",     "string",   "comment",
	                                                   "number",  "function", "operator", "meta"};
	return (unsigned)c < OV_CODE_CLASSES ? names[c] : "plain";
}

/* A language: the names a fence may give it (the first is canonical), its
 * definition file, and whether that file is ours (highlight/). */
typedef struct {
	const char *names[7];
	const char *file;
	bool ours;
} language;

static const language LANGUAGES[] = {
	{{"python", "py", "python3", "py3", "pycon"}, "python.lang", false},
	{{"sql", "postgresql", "postgres", "psql", "mysql", "sqlite", "plsql"}, "sql.lang", false},
	{{"sh", "bash", "shell", "console", "shell-session", "zsh", "ksh"}, "sh.lang", false},
	{{"yaml", "yml"}, "yaml.lang", true},
	{{"json", "jsonc", "json5", "geojson"}, "json.lang", false},
	{{"javascript", "js", "jsx", "mjs", "cjs", "node"}, "javascript.lang", false},
	{{"typescript", "ts", "tsx", "mts", "cts"}, "typescript.lang", true},
	{{"c", "h"}, "c.lang", false},
	{{"cpp", "c++", "cxx", "cc", "hpp", "hxx", "cplusplus"}, "cpp.lang", false},
	{{"rust", "rs"}, "rust.lang", false},
	{{"java"}, "java.lang", false},
	{{"go", "golang"}, "go.lang", false},
	{{"r", "rscript", "splus"}, "r.lang", false},
	{{"dockerfile", "docker", "containerfile"}, "dockerfile.lang", true},
	{{"toml"}, "toml.lang", true},
	/* more of source-highlight's, under their usual names */
	{{"csharp", "cs", "c#"}, "csharp.lang", false},
	{{"css"}, "css.lang", false},
	{{"diff", "patch", "udiff"}, "diff.lang", false},
	{{"html", "xhtml", "htm"}, "html.lang", false},
	{{"xml", "svg", "xsl", "xslt"}, "xml.lang", false},
	{{"makefile", "make", "mk"}, "makefile.lang", false},
	{{"ruby", "rb"}, "ruby.lang", false},
	{{"perl", "pl"}, "perl.lang", false},
	{{"php"}, "php.lang", false},
	{{"lua"}, "lua.lang", false},
	{{"haskell", "hs"}, "haskell.lang", false},
	{{"scala"}, "scala.lang", false},
	{{"latex", "tex"}, "latex.lang", false},
	{{"ini", "conf", "cfg"}, "conf.lang", false},
	{{"properties"}, "properties.lang", false},
};
#define NLANG (sizeof LANGUAGES / sizeof LANGUAGES[0])

/* The language of info's first word, up to a space, a comma (mdBook's
 * "rust,ignore") or a "{" (attributes), case-insensitively. */
static const language *language_of(const char *info)
{
	if (!info)
		return NULL;
	size_t l = strcspn(info, " \t\n,{");
	if (l == 0 || l > 20)
		return NULL;
	for (size_t i = 0; i < NLANG; i++)
		for (size_t k = 0; k < 7 && LANGUAGES[i].names[k]; k++)
			if (strlen(LANGUAGES[i].names[k]) == l && strncasecmp(LANGUAGES[i].names[k], info, l) == 0)
				return &LANGUAGES[i];
	return NULL;
}

const char *ov_code_language(const char *info)
{
	const language *g = language_of(info);
	return g ? g->names[0] : NULL;
}

/* The class of a source-highlight element, or -1: read as plain text. */
static int class_of(const char *elem)
{
	static const struct {
		const char *elem;
		ov_code_class cls;
	} map[] = {
		{"keyword", OV_CODE_KEYWORD},    {"costant", OV_CODE_KEYWORD},   {"atom", OV_CODE_KEYWORD},
		{"type", OV_CODE_TYPE},          {"usertype", OV_CODE_TYPE},     {"classname", OV_CODE_TYPE},
		{"string", OV_CODE_STRING},      {"regexp", OV_CODE_STRING},     {"specialchar", OV_CODE_STRING},
		{"valquote", OV_CODE_STRING},    {"value", OV_CODE_STRING},      {"comment", OV_CODE_COMMENT},
		{"todo", OV_CODE_COMMENT},       {"number", OV_CODE_NUMBER},     {"function", OV_CODE_FUNCTION},
		{"predef_func", OV_CODE_FUNCTION}, {"special_fun", OV_CODE_FUNCTION}, {"symbol", OV_CODE_OPERATOR},
		{"cbracket", OV_CODE_OPERATOR},  {"assignment", OV_CODE_OPERATOR}, {"colon", OV_CODE_OPERATOR},
		{"preproc", OV_CODE_META},       {"variable", OV_CODE_META},     {"predef_var", OV_CODE_META},
		{"label", OV_CODE_META},         {"property", OV_CODE_META},     {"libsource", OV_CODE_META},
		{"key", OV_CODE_META},           {"keyquote", OV_CODE_META},     {"meta", OV_CODE_META},
	};
	for (size_t i = 0; i < sizeof map / sizeof map[0]; i++)
		if (strcmp(map[i].elem, elem) == 0)
			return (int)map[i].cls;
	return -1;
}

typedef struct {
	ov_code_span *v;
	size_t count, cap;
} spans;

static void emit(void *ctx, size_t start, size_t len, const char *elem)
{
	spans *s = ctx;
	int cls = class_of(elem);
	if (cls < 0)
		return;
	/* one span for neighbours of a class (the library gives a string's
	 * delimiters and its body apart) */
	if (s->count && s->v[s->count - 1].cls == cls && s->v[s->count - 1].start + s->v[s->count - 1].len == start) {
		s->v[s->count - 1].len += (uint32_t)len;
		return;
	}
	if (s->count == s->cap) {
		s->cap = s->cap ? s->cap * 2 : 64;
		s->v = ov_xrealloc(s->v, s->cap * sizeof *s->v);
	}
	s->v[s->count++] = (ov_code_span){(uint32_t)start, (uint32_t)len, (uint8_t)cls};
}

static bool within_limits(const char *t, size_t len)
{
	if (len > MAX_BLOCK)
		return false;
	size_t s = 0;
	while (s < len) {
		const char *nl = memchr(t + s, '\n', len - s);
		size_t e = nl ? (size_t)(nl - t) : len;
		if (e - s > MAX_LINE)
			return false;
		s = e + 1;
	}
	return true;
}

/* Where our definitions are: the source tree's for a build-tree binary,
 * else the installed ones. */
static const char *our_dir(void)
{
	if (ov_is_dir(OV_HL_DIR_BUILD))
		return OV_HL_DIR_BUILD;
	return OV_HL_DIR_INSTALL;
}

/* The blocks to highlight, one item each; a thread's highlighter (the
 * library's objects are not shared between threads) and its spans. */
typedef struct {
	ov_node *node;
	const language *lang;
	ov_code_span *spans; /* malloc'd by the item's thread, moved to the arena after */
	size_t count;
	char *error;         /* the definition could not be loaded */
	bool module_missing; /* the highlighting module could not be loaded */
} item;

#define MAX_THREADS 64

typedef struct {
	item *items;
	ov_srchl *h[MAX_THREADS];
	spans sp[MAX_THREADS];
} pass;

static void one(void *ctx, int thread, size_t i)
{
	pass *p = ctx;
	item *it = &p->items[i];
	ov_node *n = it->node;
	if (!p->h[thread])
		p->h[thread] = ov_srchl_new();
	ov_srchl *h = p->h[thread];
	if (!h) {
		it->module_missing = true; /* ov_srchl_why says why, once */
		return;
	}
	spans *sp = &p->sp[thread];
	char err[512];
	sp->count = 0;
	const char *dir = it->lang->ours ? our_dir() : ov_srchl_data_dir(h);
	if (ov_srchl_run(h, dir, it->lang->file, n->text ? n->text : "", n->len, emit, sp, err, sizeof err) != 0) {
		it->error = strdup(err);
		return;
	}
	if (sp->count) {
		it->spans = ov_xmalloc(sp->count * sizeof *it->spans);
		memcpy(it->spans, sp->v, sp->count * sizeof *it->spans);
		it->count = sp->count;
	}
}

typedef struct {
	item *v;
	size_t count, cap;
} items;

static void collect(items *all, ov_node *n)
{
	for (ov_node *c = n->first; c; c = c->next) {
		if (c->type == OV_NODE_CODE_BLOCK) {
			const language *g = language_of(c->as.code.info);
			if (!g || !within_limits(c->text, c->len))
				continue;
			if (all->count == all->cap) {
				all->cap = all->cap ? all->cap * 2 : 64;
				all->v = ov_xrealloc(all->v, all->cap * sizeof *all->v);
			}
			all->v[all->count++] = (item){c, g, NULL, 0, NULL, false};
		} else if (c->first) {
			collect(all, c);
		}
	}
}

/* The blocks run on doc->jobs threads (a book's code is a few per cent of
 * a build's time on one), each thread with its own highlighter; the
 * results join the tree in book order on the calling thread. */
void ov_doc_highlight(ov_doc *doc)
{
	items all = {0};
	if (doc->root)
		collect(&all, doc->root);
	pass p = {.items = all.v};
	int threads = doc->jobs < 1 ? 1 : doc->jobs > MAX_THREADS ? MAX_THREADS : doc->jobs;
	if ((size_t)threads > all.count / 8 + 1)
		threads = (int)(all.count / 8 + 1); /* a few blocks: not worth a thread */
	ov_parallel_for(all.count, threads, one, &p);
	bool failed[NLANG] = {false};
	bool told = false;
	for (size_t i = 0; i < all.count; i++) {
		item *it = &all.v[i];
		if (it->module_missing) {
			if (!told)
				ov_diag_warning(doc->diag, it->node->pos, "code left plain: cannot load the highlighter (%s)",
				                ov_srchl_why() ? ov_srchl_why() : "unknown reason");
			told = true;
			continue;
		}
		if (it->error) {
			if (!failed[it->lang - LANGUAGES])
				ov_diag_warning(doc->diag, it->node->pos,
				                "code in %s left plain: cannot load the highlighting of %s", it->lang->names[0],
				                it->error);
			failed[it->lang - LANGUAGES] = true;
			free(it->error);
			continue;
		}
		it->node->as.code.language = it->lang->names[0];
		if (it->count) {
			ov_code_span *v = ov_arena_alloc(&doc->arena, it->count * sizeof *v);
			memcpy(v, it->spans, it->count * sizeof *v);
			it->node->as.code.spans = v;
			it->node->as.code.span_count = it->count;
		}
		free(it->spans);
	}
	for (int t = 0; t < MAX_THREADS; t++) {
		ov_srchl_free(p.h[t]);
		free(p.sp[t].v);
	}
	free(all.v);
}
