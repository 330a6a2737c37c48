/*
 * manifest.c - reads book.yaml and chapter front matter (YAML 1.1 as
 * libyaml implements it, composed into a bounded tree by yamltree.c),
 * checking every key and type and reporting problems at the node's line
 * and column. The walks below go a fixed number of levels down and visit
 * each node they reach once per reference, so their work is bounded by the
 * tree's weight (yamltree.h), whatever the nesting or aliases.
 */
#define _XOPEN_SOURCE 700 /* realpath */
#include "manifest.h"

#include <errno.h>
#include <math.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>
#include <uuid/uuid.h>

#include "math/math.h"
#include "util/buf.h"
#include "util/fsio.h"
#include "util/strmap.h"
#include "booktoml.h"
#include "imprint.h"
#include "summary.h"
#include "themeyaml.h"
#include "yamltree.h"

/* What book.yaml's page key asks for. */
typedef struct {
	const char *size;         /* a size name; NULL: 6x9in */
	double margin[4];         /* top, bottom, inner, outer; negative: the size's */
	int two_sided;            /* 0 or 1; -1: the size's */
	const ov_ynode *mapping;  /* the page mapping, if it is one */
} page_req;

typedef struct {
	ov_doc *doc;
	page_req page;
} ctx;

/* yamltree.c has made the position a file's line and byte column */
static ov_pos pos_of(const ctx *c, const ov_ynode *n)
{
	(void)c;
	return n->pos;
}

/* The scalar's text in the arena, or NULL with an error naming key. */
static const char *want_string(ctx *c, const ov_ynode *n, const char *key)
{
	return ov_ynode_string(c->doc->diag, &c->doc->arena, n, key, false);
}

/* A non-empty string, trimmed of nothing: YAML already strips plain scalars. */
static const char *want_text(ctx *c, const ov_ynode *n, const char *key)
{
	return ov_ynode_string(c->doc->diag, &c->doc->arena, n, key, true);
}

/* A list of strings; a single string is taken as a one-element list. */
static const char **want_list(ctx *c, const ov_ynode *n, const char *key, size_t *count,
                              ov_pos **positions)
{
	*count = 0;
	if (positions)
		*positions = NULL;
	if (n->kind == OV_YSCALAR) {
		const char *s = want_text(c, n, key);
		if (!s)
			return NULL;
		const char **v = ov_arena_alloc(&c->doc->arena, sizeof *v);
		v[0] = s;
		if (positions) {
			*positions = ov_arena_alloc(&c->doc->arena, sizeof **positions);
			(*positions)[0] = pos_of(c, n);
		}
		*count = 1;
		return v;
	}
	if (n->kind != OV_YSEQUENCE) {
		ov_diag_error(c->doc->diag, pos_of(c, n), "'%s' must be a list of strings, not %s", key,
		              ov_ynode_noun(n));
		return NULL;
	}
	size_t total = n->len;
	const char **v = ov_arena_calloc(&c->doc->arena, total ? total : 1, sizeof *v);
	if (positions)
		*positions = ov_arena_calloc(&c->doc->arena, total ? total : 1, sizeof **positions);
	size_t k = 0;
	for (size_t i = 0; i < n->len; i++) {
		const ov_ynode *item = n->kids[i];
		const char *s = want_text(c, item, key);
		if (s) {
			if (positions)
				(*positions)[k] = pos_of(c, item);
			v[k++] = s;
		}
	}
	*count = k;
	return v;
}

static bool parse_bool(const char *s, bool *out)
{
	static const char *const yes[] = {"true", "yes", "on"}, *const no[] = {"false", "no", "off"};
	for (int i = 0; i < 3; i++) {
		if (strcmp(s, yes[i]) == 0) {
			*out = true;
			return true;
		}
		if (strcmp(s, no[i]) == 0) {
			*out = false;
			return true;
		}
	}
	return false;
}

/* A boolean key: true or false (yes/no, on/off); -1 with an error else. */
static int want_bool(ctx *c, const ov_ynode *v, const char *key)
{
	const char *s = want_text(c, v, key);
	bool b;
	if (s && parse_bool(s, &b))
		return b;
	if (s)
		ov_diag_error(c->doc->diag, pos_of(c, v), "'%s' must be true or false", key);
	return -1;
}

/* math-macros: a mapping of "\\name": "definition" (the backslash may be
 * left out of the key), each defined into the book's set of macros
 * (math/math.h) with as many parameters as the highest #n of its body
 * (TeX's #1..#9). Problems are errors at the key. */
static void load_math_macros(ctx *c, const ov_ynode *v)
{
	ov_meta *m = &c->doc->meta;
	if (v->kind != OV_YMAPPING) {
		ov_diag_error(c->doc->diag, pos_of(c, v),
		              "'math-macros' must be a mapping such as '\\R: \\mathbb{R}', not %s", ov_ynode_noun(v));
		return;
	}
	ov_yaml_check_duplicates(c->doc->diag, v);
	if (!m->math_macros)
		m->math_macros = ov_math_macros_new(NULL);
	for (size_t i = 0; i < v->len; i++) {
		const ov_ynode *k = ov_ynode_key(v, i), *d = ov_ynode_value(v, i);
		if (k->kind != OV_YSCALAR || !k->len) {
			ov_diag_error(c->doc->diag, pos_of(c, k), "a key of 'math-macros' must be a macro name such as '\\R'");
			continue;
		}
		const char *body = want_string(c, d, ov_arena_printf(&c->doc->arena, "math-macros.%.40s", k->text));
		if (!body)
			continue;
		int params = 0;
		for (const char *p = body; *p; p++) {
			if (p[0] == '#' && p[1] == '#')
				p++;
			else if (p[0] == '#' && p[1] >= '1' && p[1] <= '9' && p[1] - '0' > params)
				params = p[1] - '0';
		}
		const char *name = k->text[0] == '\\' ? k->text : ov_arena_printf(&c->doc->arena, "\\%s", k->text);
		char why[160];
		if (!ov_math_macros_define(m->math_macros, name, body, strlen(body), params, why, sizeof why))
			ov_diag_error(c->doc->diag, pos_of(c, k), "math macro '%.40s' cannot be defined: %s", name, why);
	}
}

/* BCP 47 (RFC 5646 §2.1): alphanumeric subtags of 1-8 separated by '-' */
bool ov_language_tag_ok(const char *s)
{
	size_t run = 0;
	for (const char *p = s; *p; p++) {
		if (*p == '-') {
			if (run == 0)
				return false;
			run = 0;
		} else if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9')) {
			if (++run > 8)
				return false;
		} else
			return false;
	}
	return run > 0;
}

int ov_page_setup_named(ov_page_setup *p, const char *name)
{
	/* the default theme's page setups (theme.c) */
	ov_theme t;
	ov_theme_init(&t);
	return ov_theme_page(&t, name, p);
}

/* Reads the page key: a size name, or a mapping of a size and margins
 * that override the size's (from the theme, which may come later in
 * book.yaml: the page setup is made once both are read, set_page). */
static void load_page(ctx *c, const ov_ynode *n)
{
	page_req *r = &c->page;
	if (n->kind == OV_YSCALAR) {
		const char *s = want_text(c, n, "page");
		if (s && ov_page_size_index(s) < 0)
			ov_diag_error(c->doc->diag, pos_of(c, n),
			              "unknown page size '%s' (use 6x9in, a4 or letter)", s);
		else if (s)
			r->size = s;
		return;
	}
	if (n->kind != OV_YMAPPING) {
		ov_diag_error(c->doc->diag, pos_of(c, n), "'page' must be a size name or a mapping, not %s",
		              ov_ynode_noun(n));
		return;
	}
	r->mapping = n;
	static const char *const keys[] = {"size", "top", "bottom", "inner", "outer", "two-sided"};
	for (size_t j = 0; j < n->len; j++) {
		const ov_ynode *k = ov_ynode_key(n, j), *v = ov_ynode_value(n, j);
		if (k->kind != OV_YSCALAR)
			continue;
		const char *key = k->text;
		int which = -1;
		for (int i = 0; i < 6; i++)
			if (strcmp(key, keys[i]) == 0)
				which = i;
		if (which < 0) {
			ov_diag_error(c->doc->diag, pos_of(c, k),
			              "unknown key 'page.%s' (known: size, top, bottom, inner, outer, two-sided)",
			              key);
			continue;
		}
		const char *s = want_text(c, v, key);
		if (!s)
			continue;
		if (which == 0) {
			if (ov_page_size_index(s) < 0)
				ov_diag_error(c->doc->diag, pos_of(c, v),
				              "unknown page size '%s' (use 6x9in, a4 or letter)", s);
			else
				r->size = s;
		} else if (which == 5) {
			bool b;
			if (parse_bool(s, &b))
				r->two_sided = b;
			else
				ov_diag_error(c->doc->diag, pos_of(c, v), "'two-sided' must be true or false");
		} else {
			double len;
			if (!ov_length_parse(s, &len)) {
				ov_diag_error(c->doc->diag, pos_of(c, v),
				              "'%s' must be a length such as 0.75in, 18mm, 2cm or 54pt", key);
				continue;
			}
			r->margin[which - 1] = len;
		}
	}
}

/* The page setup: the size's from the theme, with the margins and sides
 * the page key gave. */
static void set_page(ctx *c)
{
	const page_req *r = &c->page;
	ov_page_setup *p = &c->doc->meta.page;
	ov_theme_page(&c->doc->meta.theme, r->size ? r->size : "6x9in", p);
	double *slot[] = {&p->top, &p->bottom, &p->inner, &p->outer};
	for (int i = 0; i < 4; i++)
		if (r->margin[i] >= 0)
			*slot[i] = r->margin[i];
	if (r->two_sided >= 0)
		p->two_sided = r->two_sided;
	if (r->mapping && (p->width - p->inner - p->outer < 144 || p->height - p->top - p->bottom < 144))
		ov_diag_error(c->doc->diag, pos_of(c, r->mapping),
		              "page margins leave less than 2in for the text block");
}

static const char *const face_keys[OV_FACE__COUNT] = {"regular", "italic", "bold", "bold-italic",
                                                      "monospace"};
static const char *const face_files[OV_FACE__COUNT] = {
	"GentiumBookPlus-Regular.ttf", "GentiumBookPlus-Italic.ttf", "GentiumBookPlus-Bold.ttf",
	"GentiumBookPlus-BoldItalic.ttf", "JetBrainsMono-Regular.ttf"};

static void load_fonts(ctx *c, const ov_ynode *n, const char *book_dir)
{
	if (n->kind != OV_YMAPPING) {
		ov_diag_error(c->doc->diag, pos_of(c, n), "'fonts' must be a mapping, not %s", ov_ynode_noun(n));
		return;
	}
	for (size_t j = 0; j < n->len; j++) {
		const ov_ynode *k = ov_ynode_key(n, j), *v = ov_ynode_value(n, j);
		if (k->kind != OV_YSCALAR)
			continue;
		const char *key = k->text;
		int which = -1;
		for (int i = 0; i < OV_FACE__COUNT; i++)
			if (strcmp(key, face_keys[i]) == 0)
				which = i;
		if (strcmp(key, "math") == 0) /* the formulas' font: its MATH table is checked when loaded */
			which = OV_FACE__COUNT;
		if (which < 0) {
			ov_diag_error(c->doc->diag, pos_of(c, k),
			              "unknown key 'fonts.%s' (known: regular, italic, bold, bold-italic, monospace, math)",
			              key);
			continue;
		}
		const char *s = want_text(c, v, key);
		if (!s)
			continue;
		char *full;
		int where = ov_path_confine(book_dir, s, &full);
		if (where == OV_PATH_OUTSIDE)
			ov_diag_error(c->doc->diag, pos_of(c, v), "font file '%s' is outside the book folder", s);
		else if (where == OV_PATH_MISSING)
			ov_diag_error(c->doc->diag, pos_of(c, v), "font file '%s' not found", s);
		else if (ov_is_dir(full))
			ov_diag_error(c->doc->diag, pos_of(c, v), "font file '%s' is a folder", s);
		else if (!ov_is_file(full))
			ov_diag_error(c->doc->diag, pos_of(c, v),
			              "font file '%s' is not a regular file (a named pipe, socket or device)", s);
		else if (which == OV_FACE__COUNT) {
			c->doc->meta.math_font = ov_arena_strdup(&c->doc->arena, full);
			c->doc->meta.math_font_pos = pos_of(c, v);
		} else {
			c->doc->meta.fonts[which] = ov_arena_strdup(&c->doc->arena, full);
			c->doc->meta.font_pos[which] = pos_of(c, v);
		}
		free(full);
	}
}

const char *ov_default_font_dir(void)
{
	static char exe_dir[4096];
	const char *env = getenv("OCTAVO_FONT_DIR");
	if (env && *env)
		return env;
	if (ov_is_dir(OV_FONT_DIR_BUILD))
		return OV_FONT_DIR_BUILD;
	if (ov_is_dir(OV_FONT_DIR_INSTALL))
		return OV_FONT_DIR_INSTALL;
	/* a relocated install: <prefix>/bin/octavo -> <prefix>/share/octavo/fonts */
	ssize_t n = readlink("/proc/self/exe", exe_dir, sizeof exe_dir - 32);
	if (n > 0) {
		exe_dir[n] = '\0';
		char *slash = strrchr(exe_dir, '/');
		if (slash) {
			strcpy(slash, "/../share/octavo/fonts");
			if (ov_is_dir(exe_dir))
				return exe_dir;
		}
	}
	return OV_FONT_DIR_INSTALL;
}

/* "The Machine Learning Handbook" -> "the-machine-learning-handbook" */
static const char *default_output(ov_doc *doc)
{
	return ov_slugify(&doc->arena, doc->meta.title ? doc->meta.title : "book");
}

/* The output name and identifier a book gets when its manifest (or the
 * lack of one) names none. */
static void default_output_and_identifier(ov_doc *doc, ov_meta *m)
{
	if (!m->output)
		m->output = default_output(doc);
	if (!m->identifier) {
		char urn[OV_BOOK_UUID_SIZE];
		ov_book_uuid(m, urn);
		m->identifier = ov_arena_strdup(&doc->arena, urn);
	}
}

/* Octavo's namespace for book identifiers (RFC 4122 §4.3: any UUID may
 * name a namespace). Drawn at random once; changing it would change the
 * identifier of every book that does not set one. */
static const uuid_t book_ns = {0xf8, 0x47, 0x56, 0x45, 0x44, 0x91, 0x42, 0x68,
                               0xa2, 0x23, 0xfe, 0xc8, 0xd4, 0xc9, 0xd7, 0x32};

/* Appends key and value to the name, each with its NUL: values never hold
 * a NUL (want_string refuses one), so the name is unambiguous. */
static void name_field(ov_buf *b, const char *key, const char *value)
{
	ov_buf_put(b, key, strlen(key) + 1);
	ov_buf_put(b, value, strlen(value) + 1);
}

void ov_book_uuid(const ov_meta *m, char out[OV_BOOK_UUID_SIZE])
{
	ov_buf name = OV_BUF_INIT;
	name_field(&name, "title", m->title ? m->title : "");
	for (size_t i = 0; i < m->author_count; i++)
		name_field(&name, "author", m->authors[i]);
	name_field(&name, "language", m->language ? m->language : "");
	name_field(&name, "output", m->output ? m->output : "");
	uuid_t u;
	uuid_generate_sha1(u, book_ns, name.ptr, name.len);
	ov_buf_dispose(&name);
	memcpy(out, "urn:uuid:", 9);
	uuid_unparse_lower(u, out + 9);
}

static bool is_digit(char c) { return c >= '0' && c <= '9'; }

const char *ov_title_from_file_name(ov_arena *a, const char *path)
{
	const char *base = strrchr(path, '/');
	base = base ? base + 1 : path;
	size_t bl = strlen(base);
	const char *dot = strrchr(base, '.');
	if (dot)
		bl = (size_t)(dot - base);
	/* README.md and index.md stand for their folder */
	if ((bl == 6 && strncasecmp(base, "readme", 6) == 0) || (bl == 5 && strncasecmp(base, "index", 5) == 0)) {
		if (base == path)
			return "Introduction";
		const char *end = base - 1, *start = end;
		while (start > path && start[-1] != '/')
			start--;
		char *dir = ov_arena_strndup(a, start, (size_t)(end - start));
		return ov_title_from_file_name(a, ov_arena_printf(a, "%s.md", dir));
	}
	/* a leading number ("01-", "5.1.2-", "3_") orders files; it is not
	 * part of the title */
	size_t i = 0;
	while (i < bl && (is_digit(base[i]) || base[i] == '.'))
		i++;
	size_t skip = 0;
	if (i > 0 && i < bl && (base[i] == '-' || base[i] == '_' || base[i] == ' '))
		skip = i + 1;
	if (skip == 0 || skip >= bl)
		skip = 0;
	char *t = ov_arena_strndup(a, base + skip, bl - skip);
	for (char *p = t; *p; p++)
		if (*p == '-' || *p == '_')
			*p = ' ';
	for (size_t e = strlen(t); e && t[e - 1] == ' ';)
		t[--e] = '\0';
	if (t[0] >= 'a' && t[0] <= 'z')
		t[0] = (char)(t[0] - 'a' + 'A');
	if (!t[0])
		return "Untitled";
	return t;
}

/* Fonts not named fall back to the bundled ones; their problems are
 * reported at book.yaml. */
static void default_fonts(ov_doc *doc, uint32_t file)
{
	ov_meta *m = &doc->meta;
	for (int i = 0; i < OV_FACE__COUNT; i++) {
		if (m->fonts[i])
			continue;
		char *full = ov_path_join(ov_default_font_dir(), face_files[i]);
		m->fonts[i] = ov_arena_strdup(&doc->arena, full);
		m->font_pos[i] = (ov_pos){file, 0, 0};
		free(full);
	}
}

/* Reads the contents file rel (confined to book_dir; named at pos) into
 * the chapter list. */
static void read_summary(ov_doc *doc, const char *book_dir, const char *rel, ov_pos pos, ov_chapter_ref **out,
                         size_t *count)
{
	char *full, *text;
	size_t len;
	int where = ov_path_confine(book_dir, rel, &full);
	if (where == OV_PATH_OUTSIDE)
		ov_diag_error(doc->diag, pos, "summary file '%s' is outside the book folder", rel);
	else if (where == OV_PATH_MISSING)
		ov_diag_error(doc->diag, pos, "summary file '%s' not found", rel);
	else if (ov_read_file(full, &text, &len) != 0)
		ov_diag_error(doc->diag, pos, "cannot read summary file '%s': %s", rel, ov_file_error(errno));
	else {
		char *norm = ov_xstrdup(rel);
		ov_path_normalize(norm);
		ov_summary_parse(doc, ov_arena_strdup(&doc->arena, norm), text, len, out, count);
		if (*count == 0)
			ov_diag_error(doc->diag, pos, "summary file '%s' lists no chapters", rel);
		free(norm);
		free(text);
	}
	free(full);
}

/* Names a top-level file leaves out of a book made from a folder: the
 * repository's own papers, not chapters. */
static bool repository_file(const char *name)
{
	static const char *const skip[] = {"license.md",   "licence.md",   "contributing.md", "code_of_conduct.md",
	                                   "changelog.md", "security.md",  "summary.md"};
	for (size_t i = 0; i < sizeof skip / sizeof *skip; i++)
		if (strcasecmp(name, skip[i]) == 0)
			return true;
	return false;
}

static bool is_readme(const char *name) { return strcasecmp(name, "readme.md") == 0; }

static bool has_md_suffix(const char *name)
{
	size_t l = strlen(name);
	return l > 3 && strcasecmp(name + l - 3, ".md") == 0;
}

typedef struct {
	ov_doc *doc;
	ov_chapter_ref *v;
	size_t count, cap;
	bool deep_reported;
} folder_walk;

static void folder_add(folder_walk *w, const char *rel, bool unnumbered)
{
	if (w->count == w->cap) {
		w->cap = w->cap ? w->cap * 2 : 32;
		w->v = ov_xrealloc(w->v, w->cap * sizeof *w->v);
	}
	ov_chapter_ref *r = &w->v[w->count++];
	memset(r, 0, sizeof *r);
	r->path = ov_arena_strdup(&w->doc->arena, rel);
	r->unnumbered = unnumbered;
}

/* The chapters of book_dir/rel (rel "" or "a/b/"), depth folders down:
 * recursion bounded by OV_FOLDER_MAX_DEPTH. */
static void folder_walk_dir(folder_walk *w, const char *book_dir, const char *rel, int depth)
{
	char *dir = ov_path_join(book_dir, *rel ? rel : ".");
	char **names;
	size_t n;
	if (ov_list_dir(dir, "", &names, &n) != 0) {
		free(dir);
		return;
	}
	/* README.md first */
	for (size_t i = 0; i < n; i++) {
		if (!is_readme(names[i]))
			continue;
		char *path = ov_arena_printf(&w->doc->arena, "%s%s", rel, names[i]);
		char *full = ov_path_join(book_dir, path);
		if (ov_is_file(full))
			folder_add(w, path, depth == 0);
		free(full);
		break;
	}
	for (size_t i = 0; i < n; i++) {
		const char *name = names[i];
		if (is_readme(name))
			continue;
		char *full = ov_path_join(dir, name);
		struct stat st;
		bool link_or_missing = lstat(full, &st) != 0 || S_ISLNK(st.st_mode);
		if (!link_or_missing && S_ISDIR(st.st_mode)) {
			char *own = ov_path_join(full, "book.yaml");
			bool skip = strcmp(name, "node_modules") == 0 || (depth == 0 && strcmp(name, "out") == 0) ||
			            strcmp(name, "_book") == 0 || ov_is_file(own);
			free(own);
			if (!skip && depth + 1 >= OV_FOLDER_MAX_DEPTH) {
				if (!w->deep_reported)
					ov_diag_warning(w->doc->diag, (ov_pos){ov_diag_file(w->doc->diag, "book.yaml"), 0, 0},
					                "folders nest deeper than %d levels; the Markdown files in '%s%s' and "
					                "deeper are left out",
					                OV_FOLDER_MAX_DEPTH, rel, name);
				w->deep_reported = true;
			} else if (!skip) {
				char *sub = ov_arena_printf(&w->doc->arena, "%s%s/", rel, name);
				folder_walk_dir(w, book_dir, sub, depth + 1);
			}
		} else if ((S_ISREG(st.st_mode) || link_or_missing) && has_md_suffix(name) &&
		           !(depth == 0 && repository_file(name)) && strcasecmp(name, "summary.md") != 0) {
			/* a link to a file is listed; the loader confines it */
			folder_add(w, ov_arena_printf(&w->doc->arena, "%s%s", rel, name), false);
		}
		free(full);
	}
	ov_free_names(names, n);
	free(dir);
}

void ov_manifest_folder(ov_doc *doc, const char *book_dir, ov_chapter_ref **out, size_t *count)
{
	folder_walk w = {doc, NULL, 0, 0, false};
	folder_walk_dir(&w, book_dir, "", 0);
	*out = w.v;
	*count = w.count;
}

/* mdBook's book.toml: its [book] table into the metadata
 * (ov_book_toml_read), chapters from SRC/SUMMARY.md as mdBook takes them. */
static void load_book_toml(ov_doc *doc, const char *book_dir, ov_chapter_ref **out, size_t *count)
{
	ov_pos src_pos;
	const char *src = ov_book_toml_read(doc, book_dir, &src_pos);
	char *rel = ov_path_join(src, "SUMMARY.md");
	ov_path_normalize(rel);
	read_summary(doc, book_dir, rel, src_pos, out, count);
	doc->meta.assumed = ov_arena_printf(&doc->arena, "the chapters of %s", rel);
	doc->meta.from_book_toml = true;
	free(rel);
}

/* A book without book.yaml: the defaults, and the chapters named by its
 * book.toml, its SUMMARY.md or the folder. */
static int load_without_manifest(ov_doc *doc, const char *book_dir, ov_chapter_ref **out, size_t *count)
{
	ov_meta *m = &doc->meta;
	uint32_t file = ov_diag_file(doc->diag, "book.yaml");
	ov_page_setup_named(&m->page, "6x9in");
	default_fonts(doc, file);
	char *toml = ov_path_join(book_dir, "book.toml");
	bool have_toml = ov_is_file(toml);
	free(toml);
	if (have_toml) {
		load_book_toml(doc, book_dir, out, count);
		return 0;
	}
	static const char *const summaries[] = {"SUMMARY.md", "src/SUMMARY.md"};
	for (size_t i = 0; i < 2; i++) {
		char *full = ov_path_join(book_dir, summaries[i]);
		bool there = ov_is_file(full);
		free(full);
		if (!there)
			continue;
		read_summary(doc, book_dir, summaries[i], (ov_pos){file, 0, 0}, out, count);
		m->assumed = ov_arena_printf(&doc->arena, "the chapters of %s", summaries[i]);
		return 0;
	}
	ov_manifest_folder(doc, book_dir, out, count);
	if (*count == 0) {
		ov_diag_error(doc->diag, (ov_pos){file, 0, 0},
		              "no book.yaml, SUMMARY.md or Markdown file in this folder: nothing to build");
		return -1;
	}
	bool readme = (*out)[0].unnumbered;
	size_t others = *count - (readme ? 1 : 0);
	m->assumed = ov_arena_printf(&doc->arena, "%s%zu Markdown %s in name order", readme ? "README.md and " : "",
	                             others, others == 1 ? "file" : "files");
	return 0;
}

void ov_manifest_name_book(ov_doc *doc, const char *book_dir, const char *title)
{
	ov_meta *m = &doc->meta;
	const char *from = "its README.md's first heading";
	if (m->title && m->from_book_toml) {
		title = m->title;
		from = "book.toml";
	} else if (!title || !*title) {
		/* the folder's own name ("." is the working folder) */
		char *real = realpath(book_dir, NULL);
		const char *base = real ? strrchr(real, '/') : NULL;
		title = base && base[1] ? ov_title_from_file_name(&doc->arena, ov_arena_printf(&doc->arena, "%s.md", base + 1)) : "Untitled";
		from = "the folder's name";
		free(real);
	}
	if (!m->title)
		m->title = title;
	default_output_and_identifier(doc, m);
	if (m->assumed)
		ov_diag_note(doc->diag, (ov_pos){ov_diag_file(doc->diag, "book.yaml"), 0, 0},
		             "no book.yaml: the book is %s, titled '%s' after %s ('octavo init' writes a "
		             "book.yaml to change this)",
		             m->assumed, m->title, from);
}

int ov_manifest_load(ov_doc *doc, const char *book_dir, ov_chapter_ref **out, size_t *count)
{
	*out = NULL;
	*count = 0;
	uint32_t file = ov_diag_file(doc->diag, "book.yaml");
	char *path = ov_path_join(book_dir, "book.yaml");
	char *text;
	size_t len;
	struct stat st;
	if (lstat(path, &st) != 0 && errno == ENOENT) {
		free(path);
		return load_without_manifest(doc, book_dir, out, count);
	}
	if (ov_read_file(path, &text, &len) != 0) {
		ov_diag_error(doc->diag, (ov_pos){file, 0, 0}, "cannot read the manifest: %s",
		              ov_file_error(errno));
		free(path);
		ov_page_setup_named(&doc->meta.page, "6x9in");
		return -1;
	}
	free(path);
	int rc = ov_manifest_parse(doc, book_dir, text, len, out, count);
	free(text);
	return rc;
}

int ov_manifest_parse(ov_doc *doc, const char *book_dir, const char *text, size_t len,
                      ov_chapter_ref **out, size_t *count)
{
	*out = NULL;
	*count = 0;
	ov_meta *m = &doc->meta;
	ov_page_setup_named(&m->page, "6x9in");
	uint32_t file = ov_diag_file(doc->diag, "book.yaml");

	ov_arena tree;
	ov_arena_init(&tree);
	ov_ynode *root;
	if (ov_yaml_compose(&tree, doc->diag, file, 0, text, len, &root) != 0) {
		ov_arena_dispose(&tree);
		return -1;
	}
	ctx c = {doc, {NULL, {-1, -1, -1, -1}, -1, NULL}};
	int rc = 0;
	bool have_chapters = false;
	const ov_ynode *summary_v = NULL; /* the 'summary:' value, read once the keys are */
	if (!root || root->kind != OV_YMAPPING) {
		ov_diag_error(doc->diag, (ov_pos){file, 1, 1},
		              "book.yaml must be a mapping of keys such as 'title:' and 'chapters:'");
		rc = -1;
		goto done;
	}
	ov_yaml_check_duplicates(doc->diag, root);
	ov_pos title_pos = {file, 1, 1};
	bool title_seen = false; /* a bad title is reported once, where it is */
	for (size_t i = 0; i < root->len; i++) {
		const ov_ynode *k = ov_ynode_key(root, i), *v = ov_ynode_value(root, i);
		if (k->kind != OV_YSCALAR) {
			ov_diag_error(doc->diag, pos_of(&c, k), "keys of book.yaml must be plain words");
			continue;
		}
		const char *key = k->text;
		if (strcmp(key, "title") == 0) {
			m->title = want_text(&c, v, key);
			title_pos = pos_of(&c, v);
			title_seen = true;
		} else if (strcmp(key, "subtitle") == 0)
			m->subtitle = want_text(&c, v, key);
		else if (strcmp(key, "authors") == 0 || strcmp(key, "author") == 0)
			m->authors = want_list(&c, v, key, &m->author_count, NULL);
		else if (strcmp(key, "language") == 0) {
			const char *s = want_text(&c, v, key);
			if (s && !ov_language_tag_ok(s))
				ov_diag_error(doc->diag, pos_of(&c, v),
				              "'language' must be a BCP 47 tag such as en or en-US, not '%s'", s);
			else if (s)
				m->language = s;
		} else if (ov_manifest_imprint_key(doc, key, v))
			; /* the copyright page's keys and the identifier (imprint.h) */
		else if (strcmp(key, "date") == 0)
			m->date = want_text(&c, v, key);
		else if (strcmp(key, "publisher") == 0)
			m->publisher = want_text(&c, v, key);
		else if (strcmp(key, "description") == 0)
			m->description = want_text(&c, v, key);
		else if (strcmp(key, "subjects") == 0)
			m->subjects = want_list(&c, v, key, &m->subject_count, NULL);
		else if (strcmp(key, "no-hyphenation") == 0)
			m->no_hyphenation = want_list(&c, v, key, &m->no_hyphenation_count, NULL);
		else if (strcmp(key, "cover") == 0) {
			m->cover = want_text(&c, v, key);
			m->cover_pos = pos_of(&c, v);
		} else if (strcmp(key, "output") == 0) {
			const char *s = want_text(&c, v, key);
			if (s && (strchr(s, '/') || s[0] == '.'))
				ov_diag_error(doc->diag, pos_of(&c, v),
				              "'output' is a base name such as 'handbook', without folders");
			else
				m->output = s;
		} else if (strcmp(key, "chapters") == 0) {
			size_t n = 0;
			ov_pos *pp;
			const char **v2 = want_list(&c, v, key, &n, &pp);
			have_chapters = true;
			if (v->kind == OV_YSEQUENCE && n == 0 && v2)
				ov_diag_error(doc->diag, pos_of(&c, v), "'chapters' is empty");
			free(*out); /* a duplicate key (reported) replaces the list */
			*out = ov_xcalloc(n ? n : 1, sizeof **out);
			size_t kept = 0;
			/* normalized path -> the chapter kept for it (a hash, so that a
			 * long list costs one lookup per chapter) */
			ov_strmap seen = OV_STRMAP_INIT;
			for (size_t j = 0; j < n; j++) {
				char *norm = ov_xstrdup(v2[j]);
				ov_path_normalize(norm);
				bool found;
				void **first = ov_strmap_slot(&seen, norm, strlen(norm), &found);
				free(norm);
				if (found) {
					ov_diag_error(doc->diag, pp[j], "chapter '%s' is listed twice (first at line %u)", v2[j],
					              ((const ov_chapter_ref *)*first)->pos.line);
					continue;
				}
				(*out)[kept].path = v2[j];
				(*out)[kept].pos = pp[j];
				/* *out does not move while seen is in use */
				*first = &(*out)[kept];
				kept++;
			}
			ov_strmap_dispose(&seen, NULL);
			*count = kept;
		} else if (strcmp(key, "summary") == 0) {
			summary_v = v;
		} else if (strcmp(key, "base-url") == 0) {
			const char *s = want_text(&c, v, key);
			if (s && !ov_url_is_web(s))
				ov_diag_error(doc->diag, pos_of(&c, v),
				              "'base-url' must be an absolute http or https URL such as "
				              "https://github.com/owner/repo/blob/main/, not '%s'",
				              s);
			else
				m->base_url = s;
		} else if (strcmp(key, "page") == 0)
			load_page(&c, v);
		else if (strcmp(key, "fonts") == 0)
			load_fonts(&c, v, book_dir);
		else if (strcmp(key, "theme") == 0)
			ov_theme_load(&m->theme, doc->diag, v);
		else if (strcmp(key, "math") == 0)
			m->no_math = want_bool(&c, v, key) == 0;
		else if (strcmp(key, "math-macros") == 0)
			load_math_macros(&c, v);
		else if (strcmp(key, "accessibility-certified-by") == 0)
			m->certified_by = want_text(&c, v, key);
		else
			ov_diag_error(doc->diag, pos_of(&c, k),
			              "unknown key '%s' (known: title, subtitle, authors, language, identifier, "
			              "isbn, date, publisher, rights, copyright, rights-holder, license, edition, "
			              "description, subjects, cover, output, chapters, summary, page, fonts, theme, "
			              "contents-exclude, no-hyphenation, base-url, math, math-macros, "
			              "accessibility-certified-by)",
			              key);
	}
	if (summary_v) {
		if (have_chapters)
			ov_diag_error(doc->diag, pos_of(&c, summary_v),
			              "'summary' and 'chapters' both list the chapters; keep one of them");
		const char *s = want_text(&c, summary_v, "summary");
		if (s && !have_chapters) {
			have_chapters = true;
			free(*out);
			*out = NULL;
			*count = 0;
			read_summary(doc, book_dir, s, pos_of(&c, summary_v), out, count);
		}
	}
	if (!m->title) {
		if (!title_seen)
			ov_diag_error(doc->diag, title_pos, "the book needs a 'title'");
		m->title = "Untitled";
	}
	ov_manifest_imprint_finish(doc);
	default_output_and_identifier(doc, m);
	if (m->cover) {
		char *full;
		int where = ov_path_confine(book_dir, m->cover, &full);
		if (where == OV_PATH_OUTSIDE)
			ov_diag_error(doc->diag, m->cover_pos, "cover image '%s' is outside the book folder", m->cover);
		else if (where == OV_PATH_MISSING)
			ov_diag_error(doc->diag, m->cover_pos, "cover image '%s' not found", m->cover);
		if (where != OV_PATH_OK)
			m->cover = NULL; /* reported once, here */
		free(full);
	}

done:
	set_page(&c);
	default_fonts(doc, file);
	if (!have_chapters && rc == 0) {
		/* default: the .md files of chapters/, sorted by name */
		char *dir = ov_path_join(book_dir, "chapters");
		char **names;
		size_t n;
		if (ov_list_dir(dir, ".md", &names, &n) != 0 || n == 0) {
			ov_diag_error(doc->diag, (ov_pos){file, 1, 1},
			              "no chapters: add a 'chapters' list or put .md files in chapters/");
		} else {
			*out = ov_xcalloc(n, sizeof **out);
			for (size_t i = 0; i < n; i++)
				(*out)[i].path = ov_arena_printf(&doc->arena, "chapters/%s", names[i]);
			*count = n;
		}
		ov_free_names(names, n);
		free(dir);
	}
	ov_arena_dispose(&tree);
	return rc;
}

void ov_front_matter_parse(ov_doc *doc, uint32_t file, const char *text, size_t len,
                           uint32_t first_line, ov_front_matter *out)
{
	out->title = NULL;
	out->numbered = -1;
	out->math = -1;
	out->hanging_lists = false;
	out->role = OV_ROLE_CHAPTER;
	out->matter = -1;
	ov_arena tree;
	ov_arena_init(&tree);
	ov_ynode *root;
	if (ov_yaml_compose(&tree, doc->diag, file, first_line - 1, text, len, &root) != 0) {
		ov_arena_dispose(&tree);
		return;
	}
	ctx c = {.doc = doc};
	if (!root) {
		/* an empty block is allowed */
	} else if (root->kind != OV_YMAPPING) {
		ov_diag_error(doc->diag, pos_of(&c, root), "front matter must be a mapping such as 'title: ...'");
	} else {
		ov_yaml_check_duplicates(doc->diag, root);
		for (size_t i = 0; i < root->len; i++) {
			const ov_ynode *k = ov_ynode_key(root, i), *v = ov_ynode_value(root, i);
			if (k->kind != OV_YSCALAR)
				continue;
			const char *key = k->text;
			if (strcmp(key, "title") == 0)
				out->title = want_text(&c, v, key);
			else if (strcmp(key, "numbered") == 0) {
				const char *s = want_text(&c, v, key);
				bool b;
				if (s && parse_bool(s, &b))
					out->numbered = b;
				else if (s)
					ov_diag_error(doc->diag, pos_of(&c, v), "'numbered' must be true or false");
			} else if (strcmp(key, "math") == 0) {
				out->math = want_bool(&c, v, key);
			} else if (strcmp(key, "lists") == 0) {
				/* a glossary or a list of references: its bullet lists
				 * set flush left with hanging indents (README, "Ragged
				 * by design") */
				const char *s = want_text(&c, v, key);
				if (s && strcmp(s, "hanging") == 0)
					out->hanging_lists = true;
				else if (s && strcmp(s, "bullets") != 0)
					ov_diag_error(doc->diag, pos_of(&c, v), "'lists' must be bullets or hanging");
			} else if (strcmp(key, "role") == 0) {
				/* what the chapter is, for the EPUB's semantics
				 * (EPUB 3 SSV, DPUB-ARIA 1.1) */
				const char *s = want_text(&c, v, key);
				int r = -1;
				for (int j = 0; s && j < OV_ROLE__COUNT; j++)
					if (strcmp(s, ov_chapter_role_name((ov_chapter_role)j)) == 0)
						r = j;
				if (r >= 0)
					out->role = (ov_chapter_role)r;
				else if (s)
					ov_diag_error(doc->diag, pos_of(&c, v),
					              "'role' must be chapter, preface, foreword, introduction, "
					              "acknowledgments, prologue, epilogue, afterword, conclusion, appendix, "
					              "glossary, bibliography, index or colophon");
			} else if (strcmp(key, "matter") == 0) {
				const char *s = want_text(&c, v, key);
				if (s && strcmp(s, "front") == 0)
					out->matter = OV_MATTER_FRONT;
				else if (s && strcmp(s, "body") == 0)
					out->matter = OV_MATTER_BODY;
				else if (s && strcmp(s, "back") == 0)
					out->matter = OV_MATTER_BACK;
				else if (s)
					ov_diag_error(doc->diag, pos_of(&c, v), "'matter' must be front, body or back");
			} else
				/* books written for Jekyll, Hugo, GitBook or an agent's
				 * skill file carry keys of their own (layout, description,
				 * tags): ignored, with a warning so that a misspelt title
				 * is still seen */
				ov_diag_warning_listed(doc->diag, pos_of(&c, k), "front-matter-key", key,
				                       "front matter key '%s' is not used and is ignored (octavo reads: "
				                       "title, numbered, math, lists, role, matter)", key);
		}
	}
	ov_arena_dispose(&tree);
}

/* A YAML double-quoted scalar (YAML 1.1 §4.6.8): '\\' and '"' escaped,
 * control characters as \xNN, so that any title or path reads back as
 * written. */
static void yaml_quoted(ov_buf *b, const char *s)
{
	ov_buf_putc(b, '"');
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if (*p == '"' || *p == '\\') {
			ov_buf_putc(b, '\\');
			ov_buf_putc(b, (char)*p);
		} else if (*p < 0x20 || *p == 0x7f) {
			ov_buf_printf(b, "\\x%02X", *p);
		} else {
			ov_buf_putc(b, (char)*p);
		}
	}
	ov_buf_putc(b, '"');
}

void ov_manifest_init_text(const ov_doc *doc, ov_buf *b)
{
	const ov_meta *m = &doc->meta;
	ov_buf_puts(b, "# book.yaml - the book's manifest, written by 'octavo init' from what it found\n"
	               "# in this folder. Change it as you like: every key is described in Octavo's\n"
	               "# README (\"book.yaml\").\n\n");
	ov_buf_puts(b, "# The title, as the title page and the book's metadata show it.\ntitle: ");
	yaml_quoted(b, m->title ? m->title : "Untitled");
	ov_buf_puts(b, "\n# subtitle: \"\"\n");
	if (m->author_count) {
		ov_buf_puts(b, "authors:\n");
		for (size_t i = 0; i < m->author_count; i++) {
			ov_buf_puts(b, "  - ");
			yaml_quoted(b, m->authors[i]);
			ov_buf_putc(b, '\n');
		}
	} else
		ov_buf_puts(b, "# authors:\n#   - Your Name\n");
	if (m->description) {
		ov_buf_puts(b, "description: ");
		yaml_quoted(b, m->description);
		ov_buf_putc(b, '\n');
	}
	ov_buf_puts(b, "# BCP 47 language tag: hyphenation and the EPUB's language.\nlanguage: ");
	ov_buf_puts(b, m->language ? m->language : "en"); /* a checked tag: letters, digits, '-' */
	ov_buf_puts(b, "\n"
	               "# output: name of the outputs (NAME.pdf, NAME.epub); default: from the title.\n"
	               "# page: 6x9in   # or a4, letter\n"
	               "# math: false   # '$' is money only: no TeX math between dollars\n"
	               "# math-macros:  # TeX macros for every formula\n"
	               "#   '\\R': '\\mathbb{R}'\n\n");
	const char *summary = NULL;
	if (m->assumed && strncmp(m->assumed, "the chapters of ", 16) == 0)
		summary = m->assumed + 16;
	if (summary) {
		ov_buf_puts(b, "# The chapters, their order, titles, parts and nesting come from this file\n"
		               "# (mdBook or GitBook form). Replace it by a 'chapters:' list to choose them here.\n"
		               "summary: ");
		yaml_quoted(b, summary);
		ov_buf_putc(b, '\n');
		return;
	}
	ov_buf_puts(b, "# The chapters, in order, relative to this folder. A chapter's title comes from\n"
	               "# its front matter ('title:'), else its first heading. A SUMMARY.md can list\n"
	               "# them instead: 'summary: SUMMARY.md'.\n"
	               "chapters:\n");
	for (const ov_node *ch = doc->root->first; ch; ch = ch->next) {
		if (ch == doc->root->first && !ch->as.chapter.numbered)
			ov_buf_puts(b, "  # the introduction: a list numbers every chapter, so put 'numbered: false'\n"
			               "  # in its front matter to leave it unnumbered, as it was without book.yaml\n");
		ov_buf_puts(b, "  - ");
		yaml_quoted(b, ch->as.chapter.source);
		ov_buf_putc(b, '\n');
	}
}
