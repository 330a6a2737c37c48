/*
 * manifest.c - reads book.yaml and chapter front matter with libyaml's
 * document loader (YAML 1.1 as libyaml implements it), checking every key
 * and type and reporting problems at the node's line and column.
 */
#include "manifest.h"

#include <errno.h>
#include <math.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <yaml.h>

#include "util/fsio.h"
#include "util/sha1.h"

typedef struct {
	ov_doc *doc;
	yaml_document_t *ydoc;
	uint32_t file;
	uint32_t line0; /* added to libyaml's 0-based line */
} ctx;

static ov_pos pos_of(const ctx *c, const yaml_node_t *n)
{
	return (ov_pos){c->file, c->line0 + (uint32_t)n->start_mark.line + 1,
	                (uint32_t)n->start_mark.column + 1};
}

static const char *kind_name(const yaml_node_t *n)
{
	switch (n->type) {
	case YAML_SCALAR_NODE: return "a string";
	case YAML_SEQUENCE_NODE: return "a list";
	case YAML_MAPPING_NODE: return "a mapping";
	default: return "empty";
	}
}

/* The scalar's text in the arena, or NULL with an error naming key. */
static const char *want_string(ctx *c, const yaml_node_t *n, const char *key)
{
	if (n->type != YAML_SCALAR_NODE) {
		ov_diag_error(c->doc->diag, pos_of(c, n), "'%s' must be a string, not %s", key,
		              kind_name(n));
		return NULL;
	}
	const char *s = ov_arena_strndup(&c->doc->arena, (const char *)n->data.scalar.value,
	                                 n->data.scalar.length);
	if (strlen(s) != n->data.scalar.length) {
		ov_diag_error(c->doc->diag, pos_of(c, n), "'%s' contains a NUL character", key);
		return NULL;
	}
	return s;
}

/* A non-empty string, trimmed of nothing: YAML already strips plain scalars. */
static const char *want_text(ctx *c, const yaml_node_t *n, const char *key)
{
	const char *s = want_string(c, n, key);
	if (s && !*s) {
		ov_diag_error(c->doc->diag, pos_of(c, n), "'%s' must not be empty", key);
		return NULL;
	}
	return s;
}

/* A list of strings; a single string is taken as a one-element list. */
static const char **want_list(ctx *c, yaml_node_t *n, const char *key, size_t *count,
                              ov_pos **positions)
{
	*count = 0;
	if (positions)
		*positions = NULL;
	if (n->type == YAML_SCALAR_NODE) {
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
	if (n->type != YAML_SEQUENCE_NODE) {
		ov_diag_error(c->doc->diag, pos_of(c, n), "'%s' must be a list of strings, not %s", key,
		              kind_name(n));
		return NULL;
	}
	size_t total = (size_t)(n->data.sequence.items.top - n->data.sequence.items.start);
	const char **v = ov_arena_calloc(&c->doc->arena, total ? total : 1, sizeof *v);
	if (positions)
		*positions = ov_arena_calloc(&c->doc->arena, total ? total : 1, sizeof **positions);
	size_t k = 0;
	for (yaml_node_item_t *it = n->data.sequence.items.start; it < n->data.sequence.items.top; it++) {
		yaml_node_t *item = yaml_document_get_node(c->ydoc, *it);
		const char *s = item ? want_text(c, item, key) : NULL;
		if (s) {
			if (positions)
				(*positions)[k] = pos_of(c, item);
			v[k++] = s;
		}
	}
	*count = k;
	return v;
}

/* Lengths: a number with a unit: pt, in, mm, cm (bare numbers are points). */
static bool parse_length(const char *s, double *out)
{
	char *end;
	errno = 0;
	double v = strtod(s, &end);
	if (end == s || errno || !isfinite(v) || v < 0)
		return false;
	while (*end == ' ')
		end++;
	double k;
	if (!*end || strcmp(end, "pt") == 0)
		k = 1;
	else if (strcmp(end, "in") == 0)
		k = 72;
	else if (strcmp(end, "mm") == 0)
		k = 72 / 25.4;
	else if (strcmp(end, "cm") == 0)
		k = 72 / 2.54;
	else
		return false;
	*out = v * k;
	return true;
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

int ov_page_setup_named(ov_page_setup *p, const char *name)
{
	/* Text blocks per docs/typography.md: 60-75 characters of the book face
	 * at the body size, leading about 1.3, bottom margin larger than top,
	 * inner (binding) margin narrower than outer. */
	if (strcmp(name, "6x9in") == 0)
		*p = (ov_page_setup){"6x9in", 432, 648, 54, 66, 54, 50, 10.5, 13.6, true};
	else if (strcmp(name, "a4") == 0)
		*p = (ov_page_setup){"a4", 595.28, 841.89, 72, 92, 100, 135, 11.5, 15, true};
	else if (strcmp(name, "letter") == 0)
		*p = (ov_page_setup){"letter", 612, 792, 72, 86, 100, 142, 11.5, 15, true};
	else
		return -1;
	return 0;
}

static void load_page(ctx *c, yaml_node_t *n)
{
	ov_page_setup *p = &c->doc->meta.page;
	if (n->type == YAML_SCALAR_NODE) {
		const char *s = want_text(c, n, "page");
		if (s && ov_page_setup_named(p, s) != 0)
			ov_diag_error(c->doc->diag, pos_of(c, n),
			              "unknown page size '%s' (use 6x9in, a4 or letter)", s);
		return;
	}
	if (n->type != YAML_MAPPING_NODE) {
		ov_diag_error(c->doc->diag, pos_of(c, n), "'page' must be a size name or a mapping, not %s",
		              kind_name(n));
		return;
	}
	static const char *const keys[] = {"size", "top", "bottom", "inner", "outer", "two-sided"};
	/* size first, so that margins given next to it override its defaults */
	for (int pass = 0; pass < 2; pass++) {
		for (yaml_node_pair_t *pr = n->data.mapping.pairs.start; pr < n->data.mapping.pairs.top; pr++) {
			yaml_node_t *k = yaml_document_get_node(c->ydoc, pr->key);
			yaml_node_t *v = yaml_document_get_node(c->ydoc, pr->value);
			if (!k || !v || k->type != YAML_SCALAR_NODE)
				continue;
			const char *key = (const char *)k->data.scalar.value;
			bool is_size = strcmp(key, "size") == 0;
			if ((pass == 0) != is_size)
				continue;
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
				if (ov_page_setup_named(p, s) != 0)
					ov_diag_error(c->doc->diag, pos_of(c, v),
					              "unknown page size '%s' (use 6x9in, a4 or letter)", s);
			} else if (which == 5) {
				bool b;
				if (parse_bool(s, &b))
					p->two_sided = b;
				else
					ov_diag_error(c->doc->diag, pos_of(c, v), "'two-sided' must be true or false");
			} else {
				double len;
				if (!parse_length(s, &len)) {
					ov_diag_error(c->doc->diag, pos_of(c, v),
					              "'%s' must be a length such as 0.75in, 18mm, 2cm or 54pt", key);
					continue;
				}
				double *slot[] = {NULL, &p->top, &p->bottom, &p->inner, &p->outer};
				*slot[which] = len;
			}
		}
	}
	if (p->width - p->inner - p->outer < 144 || p->height - p->top - p->bottom < 144)
		ov_diag_error(c->doc->diag, pos_of(c, n),
		              "page margins leave less than 2in for the text block");
}

static const char *const face_keys[OV_FACE__COUNT] = {"regular", "italic", "bold", "bold-italic",
                                                      "monospace"};
static const char *const face_files[OV_FACE__COUNT] = {
	"GentiumBookPlus-Regular.ttf", "GentiumBookPlus-Italic.ttf", "GentiumBookPlus-Bold.ttf",
	"GentiumBookPlus-BoldItalic.ttf", "JetBrainsMono-Regular.ttf"};

static void load_fonts(ctx *c, yaml_node_t *n, const char *book_dir)
{
	if (n->type != YAML_MAPPING_NODE) {
		ov_diag_error(c->doc->diag, pos_of(c, n), "'fonts' must be a mapping, not %s", kind_name(n));
		return;
	}
	for (yaml_node_pair_t *pr = n->data.mapping.pairs.start; pr < n->data.mapping.pairs.top; pr++) {
		yaml_node_t *k = yaml_document_get_node(c->ydoc, pr->key);
		yaml_node_t *v = yaml_document_get_node(c->ydoc, pr->value);
		if (!k || !v || k->type != YAML_SCALAR_NODE)
			continue;
		const char *key = (const char *)k->data.scalar.value;
		int which = -1;
		for (int i = 0; i < OV_FACE__COUNT; i++)
			if (strcmp(key, face_keys[i]) == 0)
				which = i;
		if (which < 0) {
			ov_diag_error(c->doc->diag, pos_of(c, k),
			              "unknown key 'fonts.%s' (known: regular, italic, bold, bold-italic, monospace)",
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
		else if (where == OV_PATH_MISSING || !ov_is_file(full))
			ov_diag_error(c->doc->diag, pos_of(c, v), "font file '%s' not found", s);
		else {
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

static void report_yaml_error(ov_doc *doc, uint32_t file, uint32_t line0, yaml_parser_t *p)
{
	yaml_mark_t m = p->problem_mark;
	if (p->error == YAML_READER_ERROR)
		m.line = 0, m.column = 0; /* the reader reports a byte offset */
	const char *what = p->problem ? p->problem : "invalid YAML";
	if (p->context)
		ov_diag_error(doc->diag, (ov_pos){file, line0 + (uint32_t)m.line + 1, (uint32_t)m.column + 1},
		              "yaml: %s %s", what, p->context);
	else
		ov_diag_error(doc->diag, (ov_pos){file, line0 + (uint32_t)m.line + 1, (uint32_t)m.column + 1},
		              "yaml: %s", what);
}

/* Reports keys that occur twice in mapping n. */
static void check_duplicates(ctx *c, yaml_node_t *n)
{
	for (yaml_node_pair_t *a = n->data.mapping.pairs.start; a < n->data.mapping.pairs.top; a++) {
		yaml_node_t *ka = yaml_document_get_node(c->ydoc, a->key);
		if (!ka || ka->type != YAML_SCALAR_NODE)
			continue;
		for (yaml_node_pair_t *b = n->data.mapping.pairs.start; b < a; b++) {
			yaml_node_t *kb = yaml_document_get_node(c->ydoc, b->key);
			if (kb && kb->type == YAML_SCALAR_NODE &&
			    strcmp((const char *)ka->data.scalar.value, (const char *)kb->data.scalar.value) == 0) {
				ov_diag_error(c->doc->diag, pos_of(c, ka), "duplicate key '%s' (first at line %u)",
				              (const char *)ka->data.scalar.value, pos_of(c, kb).line);
				break;
			}
		}
	}
}

int ov_manifest_load(ov_doc *doc, const char *book_dir, ov_chapter_ref **out, size_t *count)
{
	*out = NULL;
	*count = 0;
	uint32_t file = ov_diag_file(doc->diag, "book.yaml");
	char *path = ov_path_join(book_dir, "book.yaml");
	char *text;
	size_t len;
	if (ov_read_file(path, &text, &len) != 0) {
		ov_diag_error(doc->diag, (ov_pos){file, 0, 0}, "cannot read the manifest: %s",
		              strerror(errno));
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

	yaml_parser_t parser;
	yaml_document_t ydoc;
	yaml_parser_initialize(&parser);
	yaml_parser_set_input_string(&parser, (const unsigned char *)text, len);
	if (!yaml_parser_load(&parser, &ydoc)) {
		report_yaml_error(doc, file, 0, &parser);
		yaml_parser_delete(&parser);
		return -1;
	}
	ctx c = {doc, &ydoc, file, 0};
	yaml_node_t *root = yaml_document_get_root_node(&ydoc);
	int rc = 0;
	bool have_chapters = false;
	if (!root || root->type != YAML_MAPPING_NODE) {
		ov_diag_error(doc->diag, (ov_pos){file, 1, 1},
		              "book.yaml must be a mapping of keys such as 'title:' and 'chapters:'");
		rc = -1;
		goto done;
	}
	check_duplicates(&c, root);
	ov_pos title_pos = {file, 1, 1};
	bool title_seen = false; /* a bad title is reported once, where it is */
	for (yaml_node_pair_t *pr = root->data.mapping.pairs.start; pr < root->data.mapping.pairs.top; pr++) {
		yaml_node_t *k = yaml_document_get_node(&ydoc, pr->key);
		yaml_node_t *v = yaml_document_get_node(&ydoc, pr->value);
		if (!k || !v)
			continue;
		if (k->type != YAML_SCALAR_NODE) {
			ov_diag_error(doc->diag, pos_of(&c, k), "keys of book.yaml must be plain words");
			continue;
		}
		const char *key = (const char *)k->data.scalar.value;
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
			/* BCP 47 (RFC 5646 §2.1): alphanumeric subtags of 1-8 separated by '-' */
			bool ok = s != NULL;
			size_t run = 0;
			for (const char *p = s; ok && *p; p++) {
				if (*p == '-') {
					ok = run > 0;
					run = 0;
				} else if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
				           (*p >= '0' && *p <= '9')) {
					ok = ++run <= 8;
				} else
					ok = false;
			}
			if (s && (!ok || run == 0))
				ov_diag_error(doc->diag, pos_of(&c, v),
				              "'language' must be a BCP 47 tag such as en or en-US, not '%s'", s);
			else if (s)
				m->language = s;
		} else if (strcmp(key, "identifier") == 0)
			m->identifier = want_text(&c, v, key);
		else if (strcmp(key, "date") == 0)
			m->date = want_text(&c, v, key);
		else if (strcmp(key, "publisher") == 0)
			m->publisher = want_text(&c, v, key);
		else if (strcmp(key, "rights") == 0)
			m->rights = want_text(&c, v, key);
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
			if (v->type == YAML_SEQUENCE_NODE && n == 0 && v2)
				ov_diag_error(doc->diag, pos_of(&c, v), "'chapters' is empty");
			free(*out); /* a duplicate key (reported) replaces the list */
			*out = ov_xcalloc(n ? n : 1, sizeof **out);
			size_t kept = 0;
			for (size_t i = 0; i < n; i++) {
				char *norm = ov_xstrdup(v2[i]);
				ov_path_normalize(norm);
				bool dup = false;
				for (size_t j = 0; j < kept && !dup; j++) {
					char *other = ov_xstrdup((*out)[j].path);
					ov_path_normalize(other);
					if (strcmp(norm, other) == 0) {
						ov_diag_error(doc->diag, pp[i], "chapter '%s' is listed twice (first at line %u)",
						              v2[i], (*out)[j].pos.line);
						dup = true;
					}
					free(other);
				}
				free(norm);
				if (dup)
					continue;
				(*out)[kept].path = v2[i];
				(*out)[kept].pos = pp[i];
				kept++;
			}
			*count = kept;
		} else if (strcmp(key, "page") == 0)
			load_page(&c, v);
		else if (strcmp(key, "fonts") == 0)
			load_fonts(&c, v, book_dir);
		else
			ov_diag_error(doc->diag, pos_of(&c, k),
			              "unknown key '%s' (known: title, subtitle, authors, language, identifier, "
			              "date, publisher, rights, description, subjects, cover, output, chapters, "
			              "page, fonts, no-hyphenation)",
			              key);
	}
	if (!m->title) {
		if (!title_seen)
			ov_diag_error(doc->diag, title_pos, "the book needs a 'title'");
		m->title = "Untitled";
	}
	if (!m->identifier) {
		char urn[46];
		ov_uuid5(OV_UUID_NS_URL, m->title, strlen(m->title), urn);
		m->identifier = ov_arena_strdup(&doc->arena, urn);
	}
	if (!m->output)
		m->output = default_output(doc);
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
	/* fonts not named fall back to the bundled ones; their problems are
	 * reported at book.yaml */
	for (int i = 0; i < OV_FACE__COUNT; i++) {
		if (m->fonts[i])
			continue;
		char *full = ov_path_join(ov_default_font_dir(), face_files[i]);
		m->fonts[i] = ov_arena_strdup(&doc->arena, full);
		m->font_pos[i] = (ov_pos){file, 0, 0};
		free(full);
	}
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
	yaml_document_delete(&ydoc);
	yaml_parser_delete(&parser);
	return rc;
}

void ov_front_matter_parse(ov_doc *doc, uint32_t file, const char *text, size_t len,
                           uint32_t first_line, ov_front_matter *out)
{
	out->title = NULL;
	out->numbered = -1;
	yaml_parser_t parser;
	yaml_document_t ydoc;
	yaml_parser_initialize(&parser);
	yaml_parser_set_input_string(&parser, (const unsigned char *)text, len);
	if (!yaml_parser_load(&parser, &ydoc)) {
		report_yaml_error(doc, file, first_line - 1, &parser);
		yaml_parser_delete(&parser);
		return;
	}
	ctx c = {doc, &ydoc, file, first_line - 1};
	yaml_node_t *root = yaml_document_get_root_node(&ydoc);
	if (!root) {
		/* an empty block is allowed */
	} else if (root->type != YAML_MAPPING_NODE) {
		ov_diag_error(doc->diag, pos_of(&c, root), "front matter must be a mapping such as 'title: ...'");
	} else {
		check_duplicates(&c, root);
		for (yaml_node_pair_t *pr = root->data.mapping.pairs.start; pr < root->data.mapping.pairs.top; pr++) {
			yaml_node_t *k = yaml_document_get_node(&ydoc, pr->key);
			yaml_node_t *v = yaml_document_get_node(&ydoc, pr->value);
			if (!k || !v || k->type != YAML_SCALAR_NODE)
				continue;
			const char *key = (const char *)k->data.scalar.value;
			if (strcmp(key, "title") == 0)
				out->title = want_text(&c, v, key);
			else if (strcmp(key, "numbered") == 0) {
				const char *s = want_text(&c, v, key);
				bool b;
				if (s && parse_bool(s, &b))
					out->numbered = b;
				else if (s)
					ov_diag_error(doc->diag, pos_of(&c, v), "'numbered' must be true or false");
			} else
				ov_diag_error(doc->diag, pos_of(&c, k),
				              "unknown front matter key '%s' (known: title, numbered)", key);
		}
	}
	yaml_document_delete(&ydoc);
	yaml_parser_delete(&parser);
}
