/*
 * markdown.c - cmark-gfm's AST to the Octavo document tree.
 *
 * The parse uses CommonMark 0.29 with the GFM extensions (GFM spec §4.10
 * tables, §4.11 task list items, §6.5 strikethrough, §6.9 autolinks) and
 * footnotes. cmark's iterator is used, so nesting depth cannot exhaust the
 * stack. Pitfalls handled here (docs/libraries.md §3): extension node types
 * are matched by their type string; footnote references carry their ordinal
 * as literal; autolink-made nodes and soft breaks have no position.
 */
#include "internal.h"

#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <cmark-gfm-core-extensions.h>
#include <cmark-gfm.h>

#include "blocks.h"
#include "include.h"
#include "mathsyntax.h"
#include "manifest/manifest.h"
#include "util/fsio.h"
#include "util/parallel.h"
#include "util/strmap.h"
#include "util/utf8.h"

typedef ov_md_conv conv;

ov_pos ov_md_src_pos(const conv *c, uint32_t line, uint32_t col)
{
	if (!c->x)
		return (ov_pos){c->file, line, col};
	ov_src_line o = ov_expanded_origin(c->x, line);
	return (ov_pos){o.file, o.line, col};
}

ov_pos ov_md_pos(const conv *c, cmark_node *n, const ov_node *parent)
{
	int line = cmark_node_get_start_line(n), col = cmark_node_get_start_column(n);
	if (line <= 0)
		return parent ? parent->pos : (ov_pos){c->file, 1, 1};
	return ov_md_src_pos(c, (uint32_t)line, (uint32_t)(col > 0 ? col : 1));
}

/* Line and column (bytes, 1-based) of offset off in text. */
static ov_pos pos_at(const conv *c, const char *text, size_t off)
{
	uint32_t line = 1, col = 1;
	for (size_t i = 0; i < off; i++) {
		if (text[i] == '\n') {
			line++;
			col = 1;
		} else {
			col++;
		}
	}
	return (ov_pos){c->file, line, col};
}

static const char *dup(conv *c, const char *s)
{
	return ov_arena_strdup(&c->doc->arena, s ? s : "");
}

static void set_literal(conv *c, ov_node *o, cmark_node *n)
{
	const char *lit = cmark_node_get_literal(n);
	size_t len = lit ? strlen(lit) : 0;
	o->text = ov_arena_strndup(&c->doc->arena, lit ? lit : "", len);
	o->len = len;
}

/* A code block in Rust: the info string's language (its first word, up to
 * a comma: "rust,ignore") is "rust". */
static bool is_rust(const char *info)
{
	return strncmp(info, "rust", 4) == 0 && (info[4] == '\0' || info[4] == ',' || info[4] == ' ' || info[4] == '\t');
}

/* Rust's hidden lines, as rustdoc and mdBook show a Rust code block: a
 * line that is "#" or starts with "# " after its indentation is left out,
 * and "##" at that place stands for a literal "#" (mdBook's
 * hide_lines_rust: ^(\s*)#(.?)(.*)$). "#[attr]" and "#!" stay. */
static void hide_rust_lines(conv *c, ov_node *o)
{
	if (!memchr(o->text, '#', o->len))
		return;
	char *out = ov_arena_alloc(&c->doc->arena, o->len + 1);
	size_t k = 0;
	const char *s = o->text, *end = o->text + o->len;
	bool last_hidden = false;
	while (s < end) {
		const char *nl = memchr(s, '\n', (size_t)(end - s));
		const char *le = nl ? nl : end;
		const char *h = s;
		while (h < le && (*h == ' ' || *h == '\t'))
			h++;
		bool hidden = false, escape = false;
		if (h < le && *h == '#') {
			if (h + 1 == le || h[1] == ' ')
				hidden = true;
			else if (h[1] == '#')
				escape = true;
		}
		if (!hidden) {
			size_t pre = (size_t)(h - s);
			memcpy(out + k, s, pre);
			k += pre;
			const char *rest = escape ? h + 1 : h;
			memcpy(out + k, rest, (size_t)(le - rest));
			k += (size_t)(le - rest);
			if (nl)
				out[k++] = '\n';
		}
		last_hidden = hidden;
		s = nl ? nl + 1 : end;
	}
	/* a hidden last line leaves the line end before it */
	if (last_hidden && k && out[k - 1] == '\n')
		k--;
	out[k] = '\0';
	o->text = out;
	o->len = k;
}

/* Makes the Octavo node for cmark node n entered under parent; returns NULL
 * for nodes that are dropped (their subtree is skipped). */
static ov_node *convert(conv *c, cmark_node *n, ov_node *parent)
{
	ov_doc *doc = c->doc;
	ov_pos pos = ov_md_pos(c, n, parent);
	const char *tname = cmark_node_get_type_string(n);
	cmark_node_type t = cmark_node_get_type(n);
	ov_node *o = NULL;

	/* formulas (mathsyntax.h): $...$, $$ displays, ```math, a paragraph
	 * that is one $$...$$; only these types can be one */
	if (c->math && (t == CMARK_NODE_CODE || t == CMARK_NODE_CODE_BLOCK || t == CMARK_NODE_PARAGRAPH) &&
	    (o = ov_md_math_node(c->math, n, pos)))
		return o;
	if (strcmp(tname, "table") == 0) {
		o = ov_node_new(doc, OV_NODE_TABLE, pos);
		int cols = (int)cmark_gfm_extensions_get_table_columns(n);
		uint8_t *al = cmark_gfm_extensions_get_table_alignments(n);
		o->as.table.columns = cols;
		o->as.table.align = ov_arena_calloc(&doc->arena, (size_t)(cols > 0 ? cols : 1), sizeof(ov_align));
		for (int i = 0; i < cols && al; i++)
			o->as.table.align[i] = al[i] == 'l' ? OV_ALIGN_LEFT
			                      : al[i] == 'c' ? OV_ALIGN_CENTER
			                      : al[i] == 'r' ? OV_ALIGN_RIGHT
			                                     : OV_ALIGN_NONE;
		return o;
	}
	if (strcmp(tname, "table_header") == 0 || strcmp(tname, "table_row") == 0) {
		o = ov_node_new(doc, OV_NODE_TABLE_ROW, pos);
		o->as.row.header = cmark_gfm_extensions_get_table_row_is_header(n) != 0;
		return o;
	}
	if (strcmp(tname, "table_cell") == 0) {
		o = ov_node_new(doc, OV_NODE_TABLE_CELL, pos);
		int col = 0;
		for (ov_node *s = parent->first; s; s = s->next)
			col++;
		o->as.cell.column = col;
		ov_node *table = parent->parent;
		if (table && table->type == OV_NODE_TABLE && col < table->as.table.columns)
			o->as.cell.align = table->as.table.align[col];
		return o;
	}
	if (strcmp(tname, "strikethrough") == 0)
		return ov_node_new(doc, OV_NODE_STRIKE, pos);

	switch (t) {
	case CMARK_NODE_BLOCK_QUOTE:
		return ov_node_new(doc, OV_NODE_BLOCKQUOTE, pos);
	case CMARK_NODE_LIST:
		o = ov_node_new(doc, OV_NODE_LIST, pos);
		o->as.list.ordered = cmark_node_get_list_type(n) == CMARK_ORDERED_LIST;
		o->as.list.start = cmark_node_get_list_start(n);
		o->as.list.tight = cmark_node_get_list_tight(n) != 0;
		o->as.list.delim = cmark_node_get_list_delim(n) == CMARK_PAREN_DELIM ? ')' : '.';
		return o;
	case CMARK_NODE_ITEM:
		o = ov_node_new(doc, OV_NODE_ITEM, pos);
		if (strcmp(tname, "tasklist") == 0)
			o->as.item.task = cmark_gfm_extensions_get_tasklist_item_checked(n) ? 2 : 1;
		return o;
	case CMARK_NODE_CODE_BLOCK:
		o = ov_node_new(doc, OV_NODE_CODE_BLOCK, pos);
		set_literal(c, o, n);
		/* the literal ends with the newline of its last line */
		if (o->len && o->text[o->len - 1] == '\n')
			o->len--;
		o->as.code.info = dup(c, cmark_node_get_fence_info(n));
		if (is_rust(o->as.code.info))
			hide_rust_lines(c, o);
		return o;
	case CMARK_NODE_HTML_BLOCK:
	case CMARK_NODE_HTML_INLINE:
		/* comments only: blocks and inlines with more than a comment
		 * go through html.c before they get here */
		return NULL;
	case CMARK_NODE_PARAGRAPH:
		return ov_node_new(doc, OV_NODE_PARAGRAPH, pos);
	case CMARK_NODE_HEADING:
		o = ov_node_new(doc, OV_NODE_HEADING, pos);
		o->as.heading.level = cmark_node_get_heading_level(n);
		return o;
	case CMARK_NODE_THEMATIC_BREAK:
		return ov_node_new(doc, OV_NODE_THEMATIC_BREAK, pos);
	case CMARK_NODE_FOOTNOTE_DEFINITION:
		o = ov_node_new(doc, OV_NODE_FOOTNOTE_DEF, pos);
		/* cmark-gfm moves definitions to the end in order of first
		 * reference, so the n-th definition has ordinal n */
		o->as.footnote_def.number = ++c->footnote_defs;
		o->as.footnote_def.label = dup(c, cmark_node_get_literal(n));
		return o;
	case CMARK_NODE_TEXT:
		o = ov_node_new(doc, OV_NODE_TEXT, pos);
		set_literal(c, o, n);
		return o;
	case CMARK_NODE_SOFTBREAK:
		return ov_node_new(doc, OV_NODE_SOFTBREAK, pos);
	case CMARK_NODE_LINEBREAK:
		return ov_node_new(doc, OV_NODE_LINEBREAK, pos);
	case CMARK_NODE_CODE:
		o = ov_node_new(doc, OV_NODE_CODE, pos);
		set_literal(c, o, n);
		return o;
	case CMARK_NODE_EMPH:
		return ov_node_new(doc, OV_NODE_EMPH, pos);
	case CMARK_NODE_STRONG:
		return ov_node_new(doc, OV_NODE_STRONG, pos);
	case CMARK_NODE_LINK:
		o = ov_node_new(doc, OV_NODE_LINK, pos);
		o->as.link.url = dup(c, cmark_node_get_url(n));
		o->as.link.title = dup(c, cmark_node_get_title(n));
		return o;
	case CMARK_NODE_IMAGE:
		o = ov_node_new(doc, OV_NODE_IMAGE, pos);
		o->as.image.url = dup(c, cmark_node_get_url(n));
		o->as.image.title = dup(c, cmark_node_get_title(n));
		return o;
	case CMARK_NODE_FOOTNOTE_REFERENCE: {
		o = ov_node_new(doc, OV_NODE_FOOTNOTE_REF, pos);
		const char *lit = cmark_node_get_literal(n);
		o->as.footnote_ref.number = lit ? atoi(lit) : 0;
		return o;
	}
	default:
		return NULL;
	}
}

/* Warns about "[^label]" left as text: a reference with no definition
 * (cmark-gfm keeps it as plain text without a word). */
static void check_unresolved_notes(conv *c)
{
	ov_iter it = ov_iter_start(c->chapter);
	ov_node *n;
	bool ent;
	while ((n = ov_iter_next(&it, &ent))) {
		if (!ent || n->type != OV_NODE_TEXT)
			continue;
		for (size_t i = 0; i + 2 < n->len; i++) {
			if (n->text[i] != '[' || n->text[i + 1] != '^')
				continue;
			const char *end = memchr(n->text + i, ']', n->len - i);
			if (!end || end == n->text + i + 2)
				continue;
			int l = (int)(end - (n->text + i) + 1);
			ov_pos p = n->pos;
			p.col += (uint32_t)i;
			ov_diag_warning(c->doc->diag, p, "footnote reference '%.*s' has no definition", l,
			                n->text + i);
		}
	}
}

/* A footnote label as it is matched: case-insensitively, with spaces and
 * tabs left out (CommonMark §4.7 for link labels, which GFM footnotes
 * follow), into out (at least len bytes); returns its length. */
static size_t label_key(const char *s, size_t len, char *out)
{
	size_t o = 0;
	for (size_t i = 0; i < len; i++) {
		char x = s[i];
		if (x == ' ' || x == '\t')
			continue;
		out[o++] = x >= 'A' && x <= 'Z' ? (char)(x - 'A' + 'a') : x;
	}
	return o;
}

/* A link label has at most 999 characters (CommonMark §4.7): the search
 * for a label's ']' stops there, so that text full of "[^" costs time in
 * proportion to its length. */
#define MAX_LABEL 999

/* The ']' closing a label that starts at lb, before end; NULL if none. */
static const char *label_end(const char *lb, const char *end)
{
	size_t n = (size_t)(end - lb);
	return memchr(lb, ']', n > MAX_LABEL + 1 ? MAX_LABEL + 1 : n);
}

/* Warns about footnote definitions that nothing references: cmark-gfm
 * drops them from the tree without a word (docs/libraries.md §3). The
 * source is scanned once for references ("[^label]" not opening a
 * definition), whose labels go into a hash, then once for definitions
 * ("[^label]:" opening a line), each looked up there: linear in the
 * chapter (a scan of the whole chapter per definition took seconds for
 * 40,000 notes). */
static void check_unused_notes(conv *c, const char *src, size_t len)
{
	const char *end = src + len;
	char key[MAX_LABEL + 1];
	ov_strmap refs = OV_STRMAP_INIT;
	for (const char *r = memchr(src, '[', len); r && r + 3 <= end;
	     r = r + 1 < end ? memchr(r + 1, '[', (size_t)(end - r - 1)) : NULL) {
		if (r[1] != '^')
			continue;
		const char *rr = label_end(r + 2, end);
		if (!rr || (rr + 1 < end && rr[1] == ':' && (r == src || r[-1] == '\n' || r[-1] == ' ')))
			continue;
		bool found;
		ov_strmap_slot(&refs, key, label_key(r + 2, (size_t)(rr - r - 2), key), &found);
	}
	const char *p = src;
	uint32_t line = 1;
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *le = nl ? nl : end;
		const char *q = p;
		int indent = 0;
		while (q < le && *q == ' ' && indent < 4) {
			q++;
			indent++;
		}
		if (indent < 4 && le - q > 4 && q[0] == '[' && q[1] == '^') {
			const char *lb = q + 2, *rb = label_end(lb, le);
			if (rb && rb > lb && rb + 1 < le && rb[1] == ':') {
				size_t ll = (size_t)(rb - lb);
				if (!ov_strmap_find(&refs, key, label_key(lb, ll, key)))
					ov_diag_warning(c->doc->diag, ov_md_src_pos(c, line, (uint32_t)(q - p) + 1),
					                "footnote '[^%.*s]' is defined but never referenced", (int)ll, lb);
			}
		}
		p = nl ? nl + 1 : end;
		line++;
	}
	ov_strmap_dispose(&refs, NULL);
}

/* Headings that open a chapter and name it (summary part). The first h1
 * is the title wherever it is, as before; a chapter without one (GitHub
 * books often start at "## 5.1.2 Matrices") takes its first heading of
 * any level. Headings whose text is skip (a series banner) are passed
 * over. Only the chapter's own blocks are looked at, not headings inside
 * lists or quotes. */
ov_node *ov_chapter_title_heading(const ov_node *ch, const char *skip)
{
	ov_node *any = NULL;
	ov_buf b = OV_BUF_INIT;
	for (ov_node *n = ch->first; n; n = n->next) {
		if (n->type != OV_NODE_HEADING)
			continue;
		if (skip) {
			ov_buf_clear(&b);
			ov_node_plain_text_buf(&b, n);
			if (strcmp(ov_buf_cstr(&b), skip) == 0)
				continue;
		}
		if (n->as.heading.level == 1) {
			any = n;
			break;
		}
		if (!any)
			any = n;
	}
	ov_buf_dispose(&b);
	return any;
}

/* The heading shown as the chapter's title, taken out of the text where
 * it stands (the layout sets it at the chapter's top): the naming heading
 * h when it is an h1 (as before: wherever it is), or when it is the
 * chapter's first block (banner headings, text skip, passed over) and
 * either names the chapter itself (title NULL) or says the same as the
 * title from elsewhere. A heading deeper in the text whose words name the
 * chapter stays where it is, so that nothing moves out of its order.
 * NULL when none is shown: the title is set as plain text. */
static ov_node *shown_title_heading(ov_doc *doc, const ov_node *ch, ov_node *h, const char *skip,
                                    const char *title)
{
	if (!h)
		return NULL;
	if (h->as.heading.level != 1) {
		const ov_node *b = ch->first;
		while (b && b != h && b->type == OV_NODE_HEADING && skip &&
		       strcmp(ov_node_plain_text(doc, b), skip) == 0)
			b = b->next;
		if (b != h)
			return NULL;
	}
	if (title && strcmp(ov_node_plain_text(doc, h), title) != 0 && h->as.heading.level != 1)
		return NULL;
	return h;
}

/* ghrules: an explicit heading id, "# Title {#id}" (the heading attribute
 * of pandoc and mdBook; classes written after it, "{#id .class}", are
 * dropped). The attribute must end the heading's text and follow a space;
 * it is taken out of the text, and the id goes to heading.given_id for the
 * passes. cmark splits text at characters such as '_' and '-', so the
 * trailing text nodes are read together. Smart punctuation has already
 * turned "--" into a dash there: such an id is read as it now stands. */
static void heading_given_id(conv *c, ov_node *h)
{
	ov_node *first = h->last;
	if (!first || first->type != OV_NODE_TEXT)
		return;
	while (first->prev && first->prev->type == OV_NODE_TEXT)
		first = first->prev;
	ov_buf b = OV_BUF_INIT;
	for (ov_node *t = first; t; t = t->next)
		ov_buf_put(&b, t->text, t->len);
	const char *s = ov_buf_cstr(&b);
	size_t end = b.len;
	while (end && (s[end - 1] == ' ' || s[end - 1] == '\t'))
		end--;
	size_t open = end;
	while (open && s[open - 1] != '{')
		open--;
	if (!end || s[end - 1] != '}' || !open || (open > 1 && s[open - 2] != ' ' && s[open - 2] != '\t') ||
	    s[open] != '#') {
		ov_buf_dispose(&b);
		return;
	}
	open--; /* at '{' */
	size_t id0 = open + 2, id1 = id0;
	while (id1 < end - 1 && s[id1] != ' ' && s[id1] != '\t' && s[id1] != '{')
		id1++;
	/* the rest: ".class" words only */
	bool ok = id1 > id0;
	for (size_t i = id1; ok && i < end - 1;) {
		if (s[i] == ' ' || s[i] == '\t') {
			i++;
			continue;
		}
		ok = s[i] == '.';
		for (; ok && i < end - 1 && s[i] != ' ' && s[i] != '\t'; i++)
			ok = s[i] != '{';
	}
	if (!ok) {
		ov_buf_dispose(&b);
		return;
	}
	h->as.heading.given_id = ov_arena_strndup(&c->doc->arena, s + id0, id1 - id0);
	size_t cut = open;
	while (cut && (s[cut - 1] == ' ' || s[cut - 1] == '\t'))
		cut--;
	size_t at = 0;
	for (ov_node *t = first, *next; t; t = next) {
		next = t->next;
		if (at >= cut)
			ov_node_unlink(t);
		else if (at + t->len > cut)
			t->len = cut - at;
		at += t->len;
	}
	ov_buf_dispose(&b);
}

static bool is_dash(const char *t, size_t i, size_t tl)
{
	return i + 3 <= tl && (memcmp(t + i, "\xE2\x80\x93", 3) == 0 || memcmp(t + i, "\xE2\x80\x94", 3) == 0);
}

/* Appends text t to b with each dash that smart punctuation made of
 * hyphens put back as the hyphens, read by walking t and its source
 * src[at..len) side by side: curly quotes stand for straight ones, an
 * ellipsis for three dots, a backslash escape for its character. Where the
 * two part in any other way (an entity), the rest of t is taken as it is. */
static void source_dashes(ov_buf *b, const char *t, size_t tl, const char *src, size_t at, size_t len)
{
	size_t i = 0;
	bool any = false;
	for (size_t k = 0; k < tl && !any; k++)
		any = is_dash(t, k, tl);
	if (!any)
		at = len; /* no dash: nothing to look up */
	while (i < tl && at < len) {
		if (is_dash(t, i, tl) && src[at] == '-') {
			while (is_dash(t, i, tl))
				i += 3;
			while (at < len && src[at] == '-')
				ov_buf_putc(b, src[at++]);
		} else if (i + 3 <= tl && (src[at] == '\'' || src[at] == '"') && memcmp(t + i, "\xE2\x80", 2) == 0 &&
		           (unsigned char)t[i + 2] >= 0x98 && (unsigned char)t[i + 2] <= 0x9D) {
			ov_buf_put(b, t + i, 3);
			i += 3;
			at++;
		} else if (i + 3 <= tl && memcmp(t + i, "\xE2\x80\xA6", 3) == 0 && len - at >= 3 &&
		           memcmp(src + at, "...", 3) == 0) {
			ov_buf_put(b, t + i, 3);
			i += 3;
			at += 3;
		} else if (src[at] == '\\' && at + 1 < len && src[at + 1] == t[i]) {
			ov_buf_putc(b, t[i++]);
			at += 2;
		} else if (src[at] == t[i]) {
			ov_buf_putc(b, t[i++]);
			at++;
		} else {
			break;
		}
	}
	ov_buf_put(b, t + i, tl - i);
}

/* ghrules: the text GitHub reads for a heading's id (the text content of
 * the rendered element): text and code spans; a line break is a newline,
 * which the rule then drops; image alt text and note numbers are left out.
 * GitHub has no smart punctuation, so a dash that cmark made of hyphens
 * ("--") is read as the hyphens written, found at the text node's source
 * position; line_start[i] is the offset of line i + 1 in src. */
static const char *heading_id_text(conv *c, const ov_node *h, const char *src, size_t len,
                                   const size_t *line_start, size_t lines)
{
	ov_buf b = OV_BUF_INIT;
	ov_iter it = ov_iter_start(h);
	ov_node *n;
	bool ent;
	while ((n = ov_iter_next(&it, &ent))) {
		if (!ent)
			continue;
		if (n->type == OV_NODE_TEXT) {
			size_t at = n->pos.line >= 1 && n->pos.line <= lines ? line_start[n->pos.line - 1] + n->pos.col - 1
			                                                      : len;
			source_dashes(&b, n->text, n->len, src, at < len ? at : len, len);
		} else if (n->type == OV_NODE_CODE || n->type == OV_NODE_MATH) {
			/* a formula: its TeX, as GitHub takes "$h$" (the dollars
			 * are punctuation the id drops) */
			ov_buf_put(&b, n->text, n->len);
		} else if (n->type == OV_NODE_SOFTBREAK || n->type == OV_NODE_LINEBREAK) {
			ov_buf_putc(&b, '\n');
		} else if (n->type == OV_NODE_IMAGE) {
			ov_iter_skip_children(&it, n);
		}
	}
	const char *t = ov_arena_strndup(&c->doc->arena, ov_buf_cstr(&b), b.len);
	ov_buf_dispose(&b);
	return t;
}

/* Whether cmark node n is a leaf for cmark's iterator: these get no exit
 * event (a footnote reference does get one). */
static bool cmark_leaf(cmark_node *n)
{
	switch (cmark_node_get_type(n)) {
	case CMARK_NODE_TEXT:
	case CMARK_NODE_CODE:
	case CMARK_NODE_CODE_BLOCK:
	case CMARK_NODE_HTML_BLOCK:
	case CMARK_NODE_HTML_INLINE:
	case CMARK_NODE_SOFTBREAK:
	case CMARK_NODE_LINEBREAK:
	case CMARK_NODE_THEMATIC_BREAK:
		return true;
	default:
		return false;
	}
}

void ov_md_convert(conv *c, cmark_node *root, ov_node *parent, int depth)
{
	ov_doc *doc = c->doc;
	cmark_iter *it = cmark_iter_new(root);
	cmark_event_type ev;
	ov_node *cur = parent;
	int skip_depth = 0; /* >0 while inside a dropped subtree */
	while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
		cmark_node *n = cmark_iter_get_node(it);
		bool leaf_event = ev == CMARK_EVENT_ENTER && cmark_leaf(n);
		if (ev == CMARK_EVENT_EXIT) {
			if (skip_depth) {
				skip_depth--;
				continue;
			}
			cur = cur->parent;
			depth--;
			continue;
		}
		if (skip_depth) {
			if (!leaf_event)
				skip_depth++;
			continue;
		}
		if (!leaf_event && depth >= OV_MAX_NESTING) {
			if (!c->deep_reported)
				ov_diag_error(doc->diag, ov_md_pos(c, n, cur),
				              "nesting is deeper than %d levels; the deeper content is left out",
				              OV_MAX_NESTING);
			c->deep_reported = true;
			skip_depth = 1;
			continue;
		}
		ov_node *o = convert(c, n, cur);
		if (!o) {
			if (!leaf_event)
				skip_depth = 1;
			continue;
		}
		ov_node_append(cur, o);
		if (leaf_event)
			continue;
		if (ov_node_is_leaf(o->type)) {
			/* a container made a leaf (a paragraph that is one
			 * $$...$$ display): its children are in it already */
			cmark_iter_reset(it, n, CMARK_EVENT_EXIT);
			continue;
		}
		/* raw HTML among the children: html.c converts them all, and the
		 * walk goes on at this node's exit */
		bool blocks = ov_html_has_blocks(n), inlines = !blocks && ov_html_has_inlines(n);
		if (blocks)
			ov_html_blocks(c, n, o, depth + 1);
		else if (inlines)
			ov_html_inlines(c, n, o, depth + 1);
		if (blocks || inlines) {
			/* makes n's exit the current event: the walk goes on after
			 * it, and cur stays */
			cmark_iter_reset(it, n, CMARK_EVENT_EXIT);
			continue;
		}
		cur = o;
		depth++;
	}
	cmark_iter_free(it);
}

ov_node *ov_markdown_chapter(ov_doc *doc, const char *display_path, const char *text, size_t len)
{
	return ov_markdown_chapter_in(doc, NULL, display_path, text, len);
}

static pthread_mutex_t inline_pass = PTHREAD_MUTEX_INITIALIZER;

ov_node *ov_markdown_chapter_in(ov_doc *doc, const char *book_dir, const char *display_path, const char *text,
                                size_t len)
{
	conv c = {.doc = doc, .file = ov_diag_file(doc->diag, display_path)};
	ov_node *ch = ov_node_new(doc, OV_NODE_CHAPTER, (ov_pos){c.file, 1, 1});
	ch->as.chapter.source = ov_arena_strdup(&doc->arena, display_path);
	ch->as.chapter.numbered = true;
	ov_node_append(doc->root, ch);
	c.chapter = ch;

	/* Work on a copy with the line ends made LF (CRLF and a lone CR are
	 * line ends too, CommonMark §2.1); the front matter is later blanked
	 * out (newlines kept) so that cmark's line numbers stay the file's. */
	char *src = ov_xmalloc(len + 1);
	size_t used = 0;
	for (size_t i = 0; i < len; i++) {
		if (text[i] == '\r') {
			src[used++] = '\n';
			if (i + 1 < len && text[i + 1] == '\n')
				i++;
		} else {
			src[used++] = text[i];
		}
	}
	src[used] = '\0';
	len = used;
	size_t start = 0;
	if (len >= 3 && memcmp(src, "\xEF\xBB\xBF", 3) == 0) {
		memset(src, ' ', 3); /* a byte-order mark says nothing in UTF-8 */
		start = 3;
	}
	size_t bad = ov_utf8_validate(src, len);
	if (bad < len)
		ov_diag_error(doc->diag, pos_at(&c, src, bad),
		              "invalid UTF-8 byte 0x%02X (the file must be saved as UTF-8)",
		              (unsigned char)src[bad]);
	const char *nul = memchr(src, '\0', len);
	if (nul)
		ov_diag_error(doc->diag, pos_at(&c, src, (size_t)(nul - src)),
		              "NUL byte in the text (is this a binary file?)");

	ov_front_matter fm = {NULL, -1, -1, false, OV_ROLE_CHAPTER, -1};
	if (len - start >= 4 && strncmp(src + start, "---", 3) == 0 &&
	    (src[start + 3] == '\n' || (src[start + 3] == '\r' && src[start + 4] == '\n'))) {
		const char *body = strchr(src + start, '\n') + 1;
		const char *p = body, *end = NULL;
		while (p < src + len) {
			const char *nl = memchr(p, '\n', (size_t)(src + len - p));
			size_t ll = nl ? (size_t)(nl - p) : (size_t)(src + len - p);
			if (ll && p[ll - 1] == '\r')
				ll--;
			if (ll == 3 && (strncmp(p, "---", 3) == 0 || strncmp(p, "...", 3) == 0)) {
				end = nl ? nl + 1 : src + len;
				break;
			}
			if (!nl)
				break;
			p = nl + 1;
		}
		if (!end) {
			ov_diag_error(doc->diag, (ov_pos){c.file, 1, 1},
			              "front matter opened with '---' is never closed");
		} else {
			ov_front_matter_parse(doc, c.file, body, (size_t)(p - body), 2, &fm);
			for (char *q = src + start; q < end; q++)
				if (*q != '\n')
					*q = ' ';
		}
	}

	cmark_gfm_core_extensions_ensure_registered();
	/* cmark's own UTF-8 check (which puts U+FFFD for bad bytes) only where
	 * ours found a bad byte: the text was checked once already above */
	int opts = CMARK_OPT_FOOTNOTES | CMARK_OPT_SMART | CMARK_OPT_SOURCEPOS |
	           (bad < len ? CMARK_OPT_VALIDATE_UTF8 : 0);
	cmark_parser *parser = cmark_parser_new(opts);
	/* math (mathsyntax.h) unless book.yaml or the front matter says
	 * "math: false" (the front matter's "math: true" wins), attached
	 * first: the table extension ends the search for a block start on
	 * every paragraph line (it returns the paragraph when the line is
	 * not a delimiter row), so a "$$" line after text reached no later
	 * extension */
	if (fm.math == 1 || (fm.math == -1 && !doc->meta.no_math))
		c.math = ov_md_math_attach(&c, parser);
	static const char *const exts[] = {"table", "strikethrough", "autolink", "tasklist"};
	for (size_t i = 0; i < sizeof exts / sizeof *exts; i++) {
		cmark_syntax_extension *e = cmark_find_syntax_extension(exts[i]);
		if (e)
			cmark_parser_attach_syntax_extension(parser, e);
	}
	/* mdBook's {{#include}} and its kin, after the checks above (which
	 * report against the chapter's own lines; included files are checked
	 * as they are read) */
	ov_expanded x = {0};
	if (ov_include_expand(doc, book_dir, display_path, c.file, src, len, &x)) {
		free(src);
		src = x.text;
		len = x.len;
		x.text = NULL;
		c.x = &x;
	}
	c.src = src;
	c.src_len = len;
	cmark_parser_feed(parser, src, len);
	/* cmark-gfm keeps the special characters of the attached inline
	 * extensions (strikethrough's ~, our $) in one process-wide table,
	 * which cmark_parser_finish fills before the inline pass and clears
	 * after it: two chapters in that pass at once clear each other's (a
	 * ~~ lost now and then, seen in 2 of 6 runs of the fixture test), so
	 * the inline pass takes turns; the block pass and everything after
	 * it (the conversion to our tree) run side by side */
	pthread_mutex_lock(&inline_pass);
	cmark_node *root = cmark_parser_finish(parser);
	pthread_mutex_unlock(&inline_pass);

	if (ov_html_has_blocks(root))
		ov_html_blocks(&c, root, ch, 0);
	else
		for (cmark_node *k = cmark_node_first_child(root); k; k = cmark_node_next(k))
			ov_md_convert(&c, k, ch, 0);
	cmark_node_free(root);
	cmark_parser_free(parser);
	ov_md_math_free(c.math);
	c.math = NULL;

	/* ghrules: heading ids; the line starts are counted once, when the
	 * chapter has a heading (the table ov_md_parsed_line keeps) */
	const size_t *line_start = NULL;
	size_t lines = 0;
	ov_iter hi = ov_iter_start(ch);
	ov_node *hn;
	bool hent;
	while ((hn = ov_iter_next(&hi, &hent))) {
		if (!hent || hn->type != OV_NODE_HEADING)
			continue;
		/* after mdBook's includes a node's line is its source file's, not
		 * a line of src: the text is taken as cmark made it */
		if (!line_start && !c.x) {
			size_t ll;
			ov_md_parsed_line(&c, 1, &ll);
			line_start = c.line_start;
			lines = c.lines;
		}
		heading_given_id(&c, hn);
		hn->as.heading.id_text = heading_id_text(&c, hn, src, len, line_start, c.x ? 0 : lines);
		ov_iter_skip_children(&hi, hn);
	}

	/* GitHub alerts and definition lists (blocks.h) */
	ov_markdown_blocks(doc, ch);

	/* a list is a task list when every item is a task item */
	ov_iter li = ov_iter_start(ch);
	ov_node *ln;
	bool lent;
	while ((ln = ov_iter_next(&li, &lent))) {
		if (!lent || ln->type != OV_NODE_LIST || !ln->first)
			continue;
		bool all = true;
		for (ov_node *item = ln->first; item; item = item->next)
			all = all && item->as.item.task;
		ln->as.list.task = all;
	}

	/* the title (front matter, else the first h1, else the first heading
	 * of any level, else the file name); the book's loader may change it
	 * once every chapter is read (contents entries, series banners) */
	ov_node *naming = ov_chapter_title_heading(ch, NULL);
	bool empty = !ch->first;
	if (empty && fm.title)
		ov_diag_warning(doc->diag, (ov_pos){c.file, 1, 1},
		                "chapter has front matter but no text");
	else if (empty)
		ov_diag_warning(doc->diag, (ov_pos){c.file, 1, 1}, "chapter is empty");
	if (fm.title) {
		ch->as.chapter.title = fm.title;
		ch->as.chapter.title_from = OV_TITLE_FRONT_MATTER;
		ch->as.chapter.title_heading = shown_title_heading(doc, ch, naming, NULL, fm.title);
	} else if (c.x && c.x->title) {
		/* mdBook's {{#title}}: said in the chapter, as front matter is */
		ch->as.chapter.title = c.x->title;
		ch->as.chapter.title_from = OV_TITLE_FRONT_MATTER;
		ch->as.chapter.title_heading = shown_title_heading(doc, ch, naming, NULL, c.x->title);
	} else if (naming) {
		ch->as.chapter.title = ov_node_plain_text(doc, naming);
		ch->as.chapter.title_from = OV_TITLE_HEADING;
		ch->as.chapter.title_heading = shown_title_heading(doc, ch, naming, NULL, NULL);
	} else {
		ch->as.chapter.title = ov_title_from_file_name(&doc->arena, display_path);
		ch->as.chapter.title_from = OV_TITLE_FILE_NAME;
	}
	if (fm.numbered == 0)
		ch->as.chapter.numbered = false;
	ch->as.chapter.hanging_lists = fm.hanging_lists;
	ch->as.chapter.role = fm.role;
	ch->as.chapter.matter = fm.matter >= 0 ? (ov_matter)fm.matter : ov_chapter_role_matter(fm.role);
	ov_html_finish(&c, ch);
	check_unresolved_notes(&c);
	check_unused_notes(&c, src, len);
	free(c.line_start);
	free(src);
	if (c.x)
		ov_expanded_dispose(&x);
	return ch;
}

/* What the contents entry of a chapter says of it (summary part): a
 * title unless the front matter gives one, its part, its nesting, and
 * whether it is numbered. */
static void apply_ref(ov_node *ch, const ov_chapter_ref *r)
{
	if (r->title && ch->as.chapter.title_from < OV_TITLE_CONTENTS) {
		ch->as.chapter.title = r->title;
		ch->as.chapter.title_from = OV_TITLE_CONTENTS;
		/* the heading that named the chapter still opens it (as mdBook
		 * shows a chapter's own heading and lists its entry's title) */
	}
	if (r->unnumbered)
		ch->as.chapter.numbered = false;
	ch->as.chapter.depth = r->depth;
	ch->as.chapter.part = r->part;
}

/* A series banner: the same first heading at the top of most chapters
 * ("# The Rust Programming Handbook" above each chapter's own heading).
 * It names the series, not the chapter: when one text opens more than
 * half of the chapters (and at least BANNER_MIN of them), those chapters
 * are titled by their next heading instead; the banner stays in the text.
 * One note says so. Counting uses a hash of the texts: linear in the
 * book. */
#define BANNER_MIN 3

/* The plain text of ch's first heading among its blocks, or NULL. */
static const char *first_heading_text(ov_doc *doc, const ov_node *ch)
{
	for (const ov_node *b = ch->first; b; b = b->next)
		if (b->type == OV_NODE_HEADING)
			return ov_node_plain_text(doc, b);
	return NULL;
}

static void find_banner(ov_doc *doc)
{
	size_t n = 0, best = 0;
	const char *banner = NULL;
	const ov_node *first_at = NULL;
	ov_strmap count = OV_STRMAP_INIT;
	for (const ov_node *ch = doc->root->first; ch; ch = ch->next) {
		n++;
		const char *t = first_heading_text(doc, ch);
		if (!t || !*t)
			continue;
		bool found;
		void **slot = ov_strmap_slot(&count, t, strlen(t), &found);
		uintptr_t k = (uintptr_t)*slot + 1;
		*slot = (void *)k;
		if (k > best) {
			best = k;
			banner = t;
		}
	}
	ov_strmap_dispose(&count, NULL);
	if (best < BANNER_MIN || best * 2 <= n)
		return;
	for (ov_node *ch = doc->root->first; ch; ch = ch->next) {
		const char *t = first_heading_text(doc, ch);
		if (!t || strcmp(t, banner) != 0)
			continue;
		if (!first_at)
			first_at = ch;
		ov_node *naming = ov_chapter_title_heading(ch, banner);
		if (ch->as.chapter.title_from > OV_TITLE_HEADING) {
			const char *given = ch->as.chapter.title_from == OV_TITLE_FRONT_MATTER ? ch->as.chapter.title : NULL;
			ch->as.chapter.title_heading = shown_title_heading(doc, ch, naming, banner, given);
			continue;
		}
		ch->as.chapter.title_heading = shown_title_heading(doc, ch, naming, banner, NULL);
		if (naming) {
			ch->as.chapter.title = ov_node_plain_text(doc, naming);
			ch->as.chapter.title_from = OV_TITLE_HEADING;
		} else {
			ch->as.chapter.title = ov_title_from_file_name(&doc->arena, ch->as.chapter.source);
			ch->as.chapter.title_from = OV_TITLE_FILE_NAME;
		}
	}
	ov_diag_note(doc->diag, first_at->pos,
	             "the heading '%.60s' opens %zu of the %zu chapters: taken for a series banner, not "
	             "for their title",
	             banner, best, n);
}

/* One warning for the chapters nothing names (no front matter title, no
 * contents entry, no heading), at the first of them. */
static void note_untitled(ov_doc *doc)
{
	const ov_node *first = NULL;
	size_t more = 0;
	for (const ov_node *ch = doc->root->first; ch; ch = ch->next) {
		if (ch->as.chapter.title_from != OV_TITLE_FILE_NAME || !ch->first)
			continue;
		if (!first)
			first = ch;
		else
			more++;
	}
	if (!first)
		return;
	if (more)
		ov_diag_warning(doc->diag, first->pos,
		                "chapter has no title: add 'title:' front matter or a heading; it is titled '%s' after "
		                "its file name (and %zu more chapters like this)",
		                first->as.chapter.title, more);
	else
		ov_diag_warning(doc->diag, first->pos,
		                "chapter has no title: add 'title:' front matter or a heading; it is titled '%s' after "
		                "its file name",
		                first->as.chapter.title);
}

int ov_book_load(ov_doc *doc, const char *book_dir) { return ov_book_load_with(doc, book_dir, NULL, NULL, 1); }

/* Reads and converts chapter r of the book into doc (its CHAPTER node
 * appended to doc->root); NULL when the file cannot be read (reported). */
static ov_node *load_chapter(ov_doc *doc, const char *book_dir, const ov_chapter_ref *r)
{
	char *path;
	char *text;
	size_t len;
	ov_node *ch = NULL;
	ov_pos at = r->pos;
	if (!at.file)
		at.file = ov_diag_file(doc->diag, r->path);
	int where = ov_path_confine(book_dir, r->path, &path);
	if (where == OV_PATH_OUTSIDE) {
		ov_diag_error(doc->diag, at, "chapter '%s' is outside the book folder", r->path);
	} else if (where == OV_PATH_MISSING || ov_read_file(path, &text, &len) != 0) {
		ov_diag_error(doc->diag, at, "cannot read chapter '%s': %s", r->path,
		              where == OV_PATH_MISSING ? "No such file or directory" : ov_file_error(errno));
	} else {
		ch = ov_markdown_chapter_in(doc, book_dir, r->path, text, len);
		free(text);
	}
	free(path);
	return ch;
}

/* One chapter parsed on a thread of its own: into a document of its own
 * (an arena and a child sink, the book's metadata read only), joined to
 * the book in order afterwards. */
typedef struct {
	ov_arena arena;
	ov_diag diag;
	ov_node *ch; /* NULL: unreadable */
} chapter_slot;

typedef struct {
	ov_doc *doc;
	const char *book_dir;
	const ov_chapter_ref *chapters;
	chapter_slot *slot;
} load_work;

static void load_one(void *ctx, int thread, size_t i)
{
	(void)thread;
	load_work *w = ctx;
	chapter_slot *s = &w->slot[i];
	ov_doc part;
	memset(&part, 0, sizeof part);
	ov_arena_init(&part.arena);
	ov_diag_init_child(&s->diag, w->doc->diag);
	part.diag = &s->diag;
	part.meta = w->doc->meta;
	part.build_time = w->doc->build_time;
	part.root = ov_node_new(&part, OV_NODE_BOOK, (ov_pos){0, 0, 0});
	s->ch = load_chapter(&part, w->book_dir, &w->chapters[i]);
	if (s->ch) {
		s->ch->parent = NULL;
		part.root->first = part.root->last = NULL;
	}
	s->arena = part.arena;
}

/* The chapters on up to jobs threads: each is read and parsed apart and
 * the parts joined in book order, so that the tree and the messages are
 * those of one thread (100 chapters: the parsing, a fifth of a build,
 * no longer runs on one core while the other waits). */
static void load_chapters(ov_doc *doc, const char *book_dir, const ov_chapter_ref *chapters, size_t count,
                          int jobs)
{
	if (jobs < 2 || count < 2) {
		for (size_t i = 0; i < count; i++) {
			ov_node *ch = load_chapter(doc, book_dir, &chapters[i]);
			if (ch)
				apply_ref(ch, &chapters[i]);
		}
		return;
	}
	/* the libraries' one-time set-up, before any thread parses */
	cmark_gfm_core_extensions_ensure_registered();
	ov_html_init();
	load_work w = {doc, book_dir, chapters, ov_xcalloc(count, sizeof(chapter_slot))};
	ov_parallel_for(count, jobs, load_one, &w);
	for (size_t i = 0; i < count; i++) {
		chapter_slot *s = &w.slot[i];
		ov_arena_adopt(&doc->arena, &s->arena);
		ov_diag_append(doc->diag, &s->diag);
		ov_diag_dispose(&s->diag);
		if (s->ch) {
			ov_node_append(doc->root, s->ch);
			apply_ref(s->ch, &chapters[i]);
		}
	}
	free(w.slot);
}

int ov_book_load_with(ov_doc *doc, const char *book_dir, void (*after_manifest)(void *ctx, ov_doc *doc),
                      void *ctx, int jobs)
{
	ov_chapter_ref *chapters = NULL;
	size_t count = 0;
	if (ov_manifest_load(doc, book_dir, &chapters, &count) != 0) {
		free(chapters);
		return -1;
	}
	if (after_manifest)
		after_manifest(ctx, doc);
	load_chapters(doc, book_dir, chapters, count, jobs);
	free(chapters);
	find_banner(doc);
	note_untitled(doc);
	if (!doc->meta.title || doc->meta.assumed) {
		/* no book.yaml: book.toml or the README's first heading names the book */
		const ov_node *first = doc->root->first;
		const char *src = first ? first->as.chapter.source : "";
		const char *base = strrchr(src, '/');
		bool readme = first && strcasecmp(base ? base + 1 : src, "README.md") == 0;
		ov_manifest_name_book(doc, book_dir,
		                      readme && first->as.chapter.title_from == OV_TITLE_HEADING ? first->as.chapter.title
		                                                                                 : NULL);
	}
	return 0;
}
