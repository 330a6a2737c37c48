/*
 * yamltree.c - composes one YAML document from libyaml's event parser
 * (yaml_parser_parse) into ov_ynode trees, within the bounds that
 * yamltree.h lists, and reports syntax errors at the construct they are in.
 */
#include "yamltree.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

#include "util/strmap.h"

/* A character index of libyaml's (yaml_mark_t.index counts characters,
 * CR LF as two) and the byte offset of that character in the text. */
typedef struct {
	size_t index, byte;
} cursor;

/* A sequence or mapping whose end event has not come yet. */
typedef struct {
	ov_ynode *node;
	size_t first;  /* its first kid in composer.kids */
	size_t weight; /* the weights of its kids so far */
} frame;

typedef struct {
	ov_arena *arena;
	ov_diag *diag;
	uint32_t file, line0;
	const unsigned char *text;
	size_t len;
	size_t start; /* bytes of a UTF-8 byte order mark, which libyaml's reader drops */
	bool utf16;   /* libyaml decoded UTF-16 (by its BOM): columns stay characters */
	cursor at;    /* at the last mark converted */
	cursor line;  /* at the start of the last mark's line */
	frame open[OV_MAX_NESTING + 1];
	size_t depth;
	/* the kids of every open collection, innermost last (one stack, so
	 * that a collection's kids are contiguous when its end event comes) */
	ov_ynode **kids;
	size_t nkids, capkids;
	ov_strmap anchors; /* anchor -> its most recent node */
	size_t repeated;   /* nodes repeated by aliases so far */
	ov_ynode *root;
} composer;

/* Moves c to character index and returns its byte offset. Events come in
 * the order of the text, so each cursor moves forward by small steps and
 * all the conversions of a document cost one pass over it. */
static size_t byte_of(const composer *y, cursor *c, size_t index)
{
	while (c->index < index && c->byte < y->len) {
		do
			c->byte++;
		while (c->byte < y->len && (y->text[c->byte] & 0xC0) == 0x80);
		c->index++;
	}
	while (c->index > index && c->byte > y->start) {
		do
			c->byte--;
		while (c->byte > y->start && (y->text[c->byte] & 0xC0) == 0x80);
		c->index--;
	}
	return c->byte;
}

/* The file position of a libyaml mark, with a byte column (util/diag.h):
 * libyaml counts the column in characters, from index - column, the first
 * character of the mark's line. */
static ov_pos pos_of_mark(const composer *y, cursor *at, cursor *line, yaml_mark_t m)
{
	uint32_t l = y->line0 + (uint32_t)m.line + 1;
	if (y->utf16 || m.column > m.index)
		return (ov_pos){y->file, l, (uint32_t)m.column + 1};
	size_t b = byte_of(y, at, m.index);
	size_t s = byte_of(y, line, m.index - m.column);
	return (ov_pos){y->file, l, (uint32_t)(b - s) + 1};
}

static ov_pos mark_pos(composer *y, yaml_mark_t m) { return pos_of_mark(y, &y->at, &y->line, m); }

/* The same for a mark out of order (an error's), from the start. */
static ov_pos mark_pos_fresh(const composer *y, yaml_mark_t m)
{
	cursor at = {0, y->start}, line = {0, y->start};
	return pos_of_mark(y, &at, &line, m);
}

/* The file position of a byte offset (libyaml's reader errors give only
 * that), counting line breaks as libyaml does (YAML 1.1 §4.1.4: LF, CR,
 * CR LF, NEL, LS, PS). */
static ov_pos offset_pos(const composer *y, size_t offset)
{
	if (y->utf16)
		return (ov_pos){y->file, y->line0 + 1, 0};
	const unsigned char *t = y->text;
	size_t end = offset < y->len ? offset : y->len;
	uint32_t line = 0;
	size_t ls = y->start;
	for (size_t i = y->start; i < end; i++) {
		size_t w = 0;
		if (t[i] == '\n' || (t[i] == '\r' && !(i + 1 < y->len && t[i + 1] == '\n')))
			w = 1;
		else if (t[i] == 0xC2 && i + 1 < y->len && t[i + 1] == 0x85)
			w = 2;
		else if (t[i] == 0xE2 && i + 2 < y->len && t[i + 1] == 0x80 && (t[i + 2] == 0xA8 || t[i + 2] == 0xA9))
			w = 3;
		if (w) {
			line++;
			ls = i + w;
			i += w - 1;
		}
	}
	return (ov_pos){y->file, y->line0 + line + 1, (uint32_t)(end >= ls ? end - ls : 0) + 1};
}

/* "while parsing a flow sequence" -> "flow sequence": libyaml's contexts
 * (scanner.c, parser.c) name the construct that the problem is in; NULL for
 * one that names none ("while scanning for the next token"). */
static const char *context_noun(const char *context)
{
	static const char *const verbs[] = {"while parsing ", "while scanning "};
	static const char *const articles[] = {"a ", "an "};
	for (int v = 0; v < 2; v++) {
		size_t n = strlen(verbs[v]);
		if (strncmp(context, verbs[v], n) != 0)
			continue;
		for (int a = 0; a < 2; a++) {
			size_t k = strlen(articles[a]);
			if (strncmp(context + n, articles[a], k) == 0)
				return context + n + k;
		}
	}
	return NULL;
}

/* One line for libyaml's error: where the construct it is in starts
 * (context_mark) when libyaml names one, and where it was noticed
 * (problem_mark); an unclosed '[' is reported at the '[', not at the end
 * of the text where libyaml found out. */
static void report_syntax_error(const composer *y, const yaml_parser_t *p)
{
	const char *problem = p->problem ? p->problem : "invalid YAML";
	if (p->error == YAML_MEMORY_ERROR) {
		/* libyaml's stacks refuse to grow past INT_MAX / 2 entries too */
		ov_diag_error(y->diag, (ov_pos){y->file, 0, 0}, "YAML: out of memory");
		return;
	}
	if (p->error == YAML_READER_ERROR) {
		/* only problem_offset (bytes) and problem_value are set; the value is
		 * a byte for the "octet" problems, a character for the others */
		ov_pos at = offset_pos(y, p->problem_offset);
		if (p->problem_value < 0)
			ov_diag_error(y->diag, at, "YAML: %s", problem);
		else if (strstr(problem, "octet"))
			ov_diag_error(y->diag, at, "YAML: %s (byte 0x%02X)", problem, (unsigned)p->problem_value);
		else
			ov_diag_error(y->diag, at, "YAML: %s (U+%04X)", problem, (unsigned)p->problem_value);
		return;
	}
	ov_pos at = mark_pos_fresh(y, p->problem_mark);
	/* the context is NULL when libyaml has none; its mark is then unset */
	const char *noun = p->context ? context_noun(p->context) : NULL;
	if (!noun) {
		ov_diag_error(y->diag, at, "YAML: %s", problem);
		return;
	}
	ov_pos from = mark_pos_fresh(y, p->context_mark);
	if (from.line == at.line && from.col == at.col)
		ov_diag_error(y->diag, at, "YAML: %s in the %s", problem, noun);
	else
		ov_diag_error(y->diag, from, "YAML: %s in the %s that starts here (noticed at line %u, column %u)",
		              problem, noun, at.line, at.col);
}

/* libyaml's parser compares each %TAG directive with all the ones before
 * it, and resolves each tag against all of them: count them first, with
 * libyaml's own scanner (exact), stopping at the first token that is not a
 * directive. Returns false after reporting too many. */
static bool few_tag_directives(const composer *y)
{
	yaml_parser_t p;
	if (!yaml_parser_initialize(&p))
		ov_oom();
	yaml_parser_set_input_string(&p, y->text, y->len);
	size_t tags = 0;
	bool ok = true;
	for (;;) {
		yaml_token_t t;
		/* a scanner error is left to the parse that follows */
		if (!yaml_parser_scan(&p, &t))
			break;
		yaml_token_type_t type = t.type;
		yaml_mark_t m = t.start_mark;
		yaml_token_delete(&t);
		if (type == YAML_STREAM_START_TOKEN || type == YAML_VERSION_DIRECTIVE_TOKEN)
			continue;
		if (type != YAML_TAG_DIRECTIVE_TOKEN)
			break;
		if (++tags > OV_YAML_MAX_TAG_DIRECTIVES) {
			ov_diag_error(y->diag, mark_pos_fresh(y, m), "YAML: more than %d %%TAG directives",
			              OV_YAML_MAX_TAG_DIRECTIVES);
			ok = false;
			break;
		}
	}
	yaml_parser_delete(&p);
	return ok;
}

static ov_ynode *node_new(composer *y, ov_ykind kind, yaml_mark_t m)
{
	ov_ynode *n = ov_arena_alloc(y->arena, sizeof *n);
	n->kind = kind;
	n->pos = mark_pos(y, m);
	return n;
}

/* Adds a complete node to the open collection, or makes it the root. */
static void append(composer *y, ov_ynode *n)
{
	if (!y->depth) {
		y->root = n;
		return;
	}
	if (y->nkids == y->capkids) {
		y->capkids = y->capkids ? 2 * y->capkids : 64;
		y->kids = ov_xrealloc(y->kids, y->capkids * sizeof *y->kids);
	}
	y->kids[y->nkids++] = n;
	y->open[y->depth - 1].weight += n->weight;
}

static void anchor(composer *y, const yaml_char_t *name, ov_ynode *n)
{
	if (!name)
		return;
	bool found;
	/* a second definition replaces the first (yamltree.h) */
	*ov_strmap_slot(&y->anchors, (const char *)name, strlen((const char *)name), &found) = n;
}

static bool alias(composer *y, const yaml_event_t *ev)
{
	const char *name = (const char *)ev->data.alias.anchor;
	ov_pos at = mark_pos(y, ev->start_mark);
	void **slot = ov_strmap_find(&y->anchors, name, strlen(name));
	if (!slot) {
		ov_diag_error(y->diag, at, "YAML: alias '*%s' has no anchor '&%s' before it", name, name);
		return false;
	}
	ov_ynode *target = *slot;
	if (!target->weight) {
		/* a cycle: nothing in a book needs one, and a walk would not end */
		ov_diag_error(y->diag, at, "YAML: alias '*%s' is inside the node it repeats (line %u, column %u)",
		              name, target->pos.line, target->pos.col);
		return false;
	}
	/* the walk into a repeat visits weight nodes instead of one */
	size_t extra = target->weight - 1;
	if (extra > OV_YAML_MAX_REPEATED - y->repeated) {
		ov_diag_error(y->diag, at,
		              "YAML: aliases repeat more than %d nodes in all; this one goes over the limit",
		              OV_YAML_MAX_REPEATED);
		return false;
	}
	y->repeated += extra;
	ov_ynode *n = ov_arena_alloc(y->arena, sizeof *n);
	*n = *target;
	n->pos = at;
	append(y, n);
	return true;
}

static bool open_collection(composer *y, const yaml_event_t *ev)
{
	bool seq = ev->type == YAML_SEQUENCE_START_EVENT;
	if (y->depth > OV_MAX_NESTING) {
		/* the same bound as Markdown's (util/nesting.h); stopping here also
		 * keeps libyaml's scanner from going deeper (yamltree.h) */
		ov_diag_error(y->diag, mark_pos(y, ev->start_mark), "YAML nesting is deeper than %d levels",
		              OV_MAX_NESTING);
		return false;
	}
	ov_ynode *n = node_new(y, seq ? OV_YSEQUENCE : OV_YMAPPING, ev->start_mark);
	anchor(y, seq ? ev->data.sequence_start.anchor : ev->data.mapping_start.anchor, n);
	y->open[y->depth++] = (frame){n, y->nkids, 0};
	return true;
}

static void close_collection(composer *y)
{
	frame f = y->open[--y->depth];
	ov_ynode *n = f.node;
	size_t count = y->nkids - f.first;
	if (count) {
		n->kids = ov_arena_calloc(y->arena, count, sizeof *n->kids);
		memcpy(n->kids, y->kids + f.first, count * sizeof *n->kids);
	}
	/* libyaml gives every key a value (an empty scalar when none is written) */
	n->len = n->kind == OV_YMAPPING ? count / 2 : count;
	n->weight = f.weight + 1;
	y->nkids = f.first;
	append(y, n);
}

int ov_yaml_compose(ov_arena *arena, ov_diag *diag, uint32_t file, uint32_t line0, const char *text,
                    size_t len, ov_ynode **root)
{
	composer y = {.arena = arena, .diag = diag, .file = file, .line0 = line0,
	              .text = (const unsigned char *)text, .len = len, .anchors = OV_STRMAP_INIT};
	*root = NULL;
	/* libyaml's reader picks the encoding by the byte order mark alone */
	if (len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0)
		y.start = 3;
	else if (len >= 2 && (memcmp(text, "\xFF\xFE", 2) == 0 || memcmp(text, "\xFE\xFF", 2) == 0))
		y.utf16 = true;
	y.at.byte = y.line.byte = y.start;
	if (!few_tag_directives(&y))
		return -1;

	yaml_parser_t p;
	if (!yaml_parser_initialize(&p))
		ov_oom();
	yaml_parser_set_input_string(&p, y.text, len);
	int rc = -1;
	bool done = false;
	while (!done) {
		yaml_event_t ev;
		if (!yaml_parser_parse(&p, &ev)) {
			report_syntax_error(&y, &p);
			break;
		}
		bool ok = true;
		switch (ev.type) {
		case YAML_STREAM_START_EVENT:
		case YAML_DOCUMENT_START_EVENT:
			break;
		case YAML_SCALAR_EVENT: {
			ov_ynode *n = node_new(&y, OV_YSCALAR, ev.start_mark);
			n->text = ov_arena_strndup(arena, (const char *)ev.data.scalar.value, ev.data.scalar.length);
			n->len = ev.data.scalar.length;
			n->weight = 1;
			anchor(&y, ev.data.scalar.anchor, n);
			append(&y, n);
			break;
		}
		case YAML_ALIAS_EVENT:
			ok = alias(&y, &ev);
			break;
		case YAML_SEQUENCE_START_EVENT:
		case YAML_MAPPING_START_EVENT:
			ok = open_collection(&y, &ev);
			break;
		case YAML_SEQUENCE_END_EVENT:
		case YAML_MAPPING_END_EVENT:
			close_collection(&y);
			break;
		default:
			/* the end of the first document (or of an empty stream) */
			done = true;
			rc = 0;
			break;
		}
		yaml_event_delete(&ev);
		if (!ok)
			break;
	}
	if (rc == 0)
		*root = y.root;
	yaml_parser_delete(&p);
	free(y.kids);
	ov_strmap_dispose(&y.anchors, NULL);
	return rc;
}

void ov_yaml_check_duplicates(ov_diag *diag, const ov_ynode *m)
{
	ov_strmap seen = OV_STRMAP_INIT;
	for (size_t i = 0; i < m->len; i++) {
		const ov_ynode *k = ov_ynode_key(m, i);
		if (k->kind != OV_YSCALAR)
			continue;
		bool found;
		void **first = ov_strmap_slot(&seen, k->text, k->len, &found);
		if (found)
			ov_diag_error(diag, k->pos, "duplicate key '%s' (first at line %u)", k->text,
			              ((const ov_ynode *)*first)->pos.line);
		else
			*first = (void *)k;
	}
	ov_strmap_dispose(&seen, NULL);
}

const char *ov_ynode_noun(const ov_ynode *n)
{
	switch (n->kind) {
	case OV_YSCALAR: return "a string";
	case OV_YSEQUENCE: return "a list";
	default: return "a mapping";
	}
}

const char *ov_ynode_string(ov_diag *diag, ov_arena *arena, const ov_ynode *n, const char *key, bool nonempty)
{
	if (n->kind != OV_YSCALAR) {
		ov_diag_error(diag, n->pos, "'%s' must be a string, not %s", key, ov_ynode_noun(n));
		return NULL;
	}
	if (strlen(n->text) != n->len) {
		ov_diag_error(diag, n->pos, "'%s' contains a NUL character", key);
		return NULL;
	}
	if (nonempty && !n->len) {
		ov_diag_error(diag, n->pos, "'%s' must not be empty", key);
		return NULL;
	}
	/* the tree goes with its parse; what is kept is copied */
	return ov_arena_strndup(arena, n->text, n->len);
}
