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

typedef struct {
	ov_doc *doc;
	ov_srchl *h;
	spans sp;
	bool failed[NLANG];
} pass;

static void block(pass *p, ov_node *n)
{
	const language *g = language_of(n->as.code.info);
	if (!g || p->failed[g - LANGUAGES] || !within_limits(n->text, n->len))
		return;
	if (!p->h)
		p->h = ov_srchl_new();
	char err[512];
	p->sp.count = 0;
	const char *dir = g->ours ? our_dir() : ov_srchl_data_dir(p->h);
	if (ov_srchl_run(p->h, dir, g->file, n->text ? n->text : "", n->len, emit, &p->sp, err, sizeof err) != 0) {
		p->failed[g - LANGUAGES] = true;
		ov_diag_warning(p->doc->diag, n->pos, "code in %s left plain: cannot load the highlighting of %s",
		                g->names[0], err);
		return;
	}
	n->as.code.language = g->names[0];
	if (p->sp.count) {
		ov_code_span *v = ov_arena_alloc(&p->doc->arena, p->sp.count * sizeof *v);
		memcpy(v, p->sp.v, p->sp.count * sizeof *v);
		n->as.code.spans = v;
		n->as.code.span_count = p->sp.count;
	}
}

static void walk(pass *p, ov_node *n)
{
	for (ov_node *c = n->first; c; c = c->next) {
		if (c->type == OV_NODE_CODE_BLOCK)
			block(p, c);
		else if (c->first)
			walk(p, c);
	}
}

void ov_doc_highlight(ov_doc *doc)
{
	pass p = {.doc = doc};
	if (doc->root)
		walk(&p, doc->root);
	ov_srchl_free(p.h);
	free(p.sp.v);
}
