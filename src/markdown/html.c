/*
 * html.c - raw HTML in Markdown, parsed by libxml2's HTML parser and mapped
 * into the document tree (docs/architecture.md, "Trust").
 *
 * CommonMark keeps raw HTML as it is (CommonMark 0.29 §4.6 HTML blocks,
 * §6.6 raw HTML); a browser, as GitHub does, parses the HTML it renders
 * as one text, so a "<details>" in one HTML block encloses the Markdown
 * paragraphs up to the "</details>" of a later one, and "<sup>" and
 * "</sup>" around Markdown text (two separate inline nodes for cmark)
 * enclose it. The same is done here:
 *   - the children of a container with HTML blocks are written as one
 *     HTML text, each Markdown block as a placeholder element
 *     <ov-node data-ovk="K">, and parsed once;
 *   - the inlines of a paragraph, heading or table cell with inline HTML
 *     are written as HTML (Markdown emphasis, links and text as their HTML
 *     equivalents, code spans, images and note references as placeholders)
 *     and parsed once.
 * The parse is libxml2's (htmlCtxtReadMemory) with network access off, no
 * entity substitution beyond HTML's own character references, and its
 * messages silenced: HTML has no syntax errors a reader could fix here.
 *
 * The elements are mapped by a table (tags below); what is not in it keeps
 * its text and loses its tag. Only the attributes named there are read, so
 * no event attribute or style reaches a writer; URLs go through the same
 * passes as Markdown's (passes.c refuses javascript:, data: and the rest
 * once the parser has decoded the character references, and the URL
 * standard's tab, newline and edge whitespace are removed here first).
 * Script, style and embedded content (iframe, object, embed, svg...) are
 * left out with their content. The walk over the parsed tree keeps its own
 * stack; libxml2 stops parsing at 256 levels of nesting (reported), and
 * the tree made here is flattened beyond OV_MAX_NESTING.
 */
#include "internal.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <libxml/HTMLparser.h>
#include <libxml/parser.h>
#include <libxml/tree.h>

#include "util/buf.h"

/* ---- finding raw HTML ---- */

/* True when s holds nothing but HTML comments and white space. */
static bool is_comment(const char *s)
{
	if (!s)
		return true;
	for (;;) {
		while (*s == ' ' || *s == '\t' || *s == '\n')
			s++;
		if (strncmp(s, "<!--", 4) != 0)
			return !*s;
		const char *e = strstr(s + 4, "-->");
		if (!e)
			return true; /* a comment to the end */
		s = e + 3;
	}
}

bool ov_html_has_blocks(cmark_node *n)
{
	for (cmark_node *k = cmark_node_first_child(n); k; k = cmark_node_next(k))
		if (cmark_node_get_type(k) == CMARK_NODE_HTML_BLOCK && !is_comment(cmark_node_get_literal(k)))
			return true;
	return false;
}

bool ov_html_has_inlines(cmark_node *n)
{
	cmark_node_type t = cmark_node_get_type(n);
	const char *tn = cmark_node_get_type_string(n);
	if (t != CMARK_NODE_PARAGRAPH && t != CMARK_NODE_HEADING && strcmp(tn, "table_cell") != 0)
		return false;
	cmark_iter *it = cmark_iter_new(n);
	cmark_event_type ev;
	bool found = false;
	while (!found && (ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
		cmark_node *k = cmark_iter_get_node(it);
		found = ev == CMARK_EVENT_ENTER && cmark_node_get_type(k) == CMARK_NODE_HTML_INLINE &&
		        !is_comment(cmark_node_get_literal(k));
	}
	cmark_iter_free(it);
	return found;
}

/* ---- writing the HTML text ---- */

/* Where the lines of the HTML text come from: from line html_line on, the
 * text's lines are the source's from src_line on. */
typedef struct {
	uint32_t html_line, src_line;
} seg;

typedef struct {
	ov_buf out;
	cmark_node **ref;   /* placeholders' nodes by number */
	size_t nref, cap;
	seg *segs;
	size_t nsegs, segcap;
	uint32_t lines;     /* newlines written so far */
} writer;

static size_t add_ref(writer *w, cmark_node *n)
{
	if (w->nref == w->cap) {
		w->cap = w->cap ? w->cap * 2 : 16;
		w->ref = ov_xrealloc(w->ref, w->cap * sizeof *w->ref);
	}
	w->ref[w->nref] = n;
	return w->nref++;
}

static void add_seg(writer *w, uint32_t src_line)
{
	if (w->nsegs == w->segcap) {
		w->segcap = w->segcap ? w->segcap * 2 : 8;
		w->segs = ov_xrealloc(w->segs, w->segcap * sizeof *w->segs);
	}
	w->segs[w->nsegs++] = (seg){w->lines + 1, src_line};
}

static void put_raw(writer *w, const char *s, size_t len)
{
	ov_buf_put(&w->out, s, len);
	for (size_t i = 0; i < len; i++)
		w->lines += s[i] == '\n';
}

/* Text as HTML character data or an attribute value. */
static void put_escaped(writer *w, const char *s)
{
	for (; s && *s; s++) {
		switch (*s) {
		case '&': ov_buf_puts(&w->out, "&amp;"); break;
		case '<': ov_buf_puts(&w->out, "&lt;"); break;
		case '>': ov_buf_puts(&w->out, "&gt;"); break;
		case '"': ov_buf_puts(&w->out, "&quot;"); break;
		case '\n': ov_buf_putc(&w->out, ' '); break;
		default: ov_buf_putc(&w->out, *s); break;
		}
	}
}

static void placeholder(writer *w, cmark_node *n)
{
	ov_buf_printf(&w->out, "<ov-node data-ovk=\"%zu\"></ov-node>", add_ref(w, n));
}

/* The inlines below leaf block n as HTML. */
static void write_inlines(writer *w, cmark_node *n)
{
	cmark_iter *it = cmark_iter_new(n);
	cmark_event_type ev;
	while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
		cmark_node *k = cmark_iter_get_node(it);
		if (k == n)
			continue;
		bool enter = ev == CMARK_EVENT_ENTER;
		const char *tn = cmark_node_get_type_string(k);
		const char *tag = NULL;
		switch (cmark_node_get_type(k)) {
		case CMARK_NODE_TEXT:
			put_escaped(w, cmark_node_get_literal(k));
			continue;
		case CMARK_NODE_SOFTBREAK:
			put_raw(w, "\n", 1);
			continue;
		case CMARK_NODE_LINEBREAK:
			ov_buf_puts(&w->out, "<br>");
			continue;
		case CMARK_NODE_HTML_INLINE: {
			const char *lit = cmark_node_get_literal(k);
			if (lit)
				put_raw(w, lit, strlen(lit));
			continue;
		}
		case CMARK_NODE_EMPH: tag = "em"; break;
		case CMARK_NODE_STRONG: tag = "strong"; break;
		case CMARK_NODE_LINK: tag = "a"; break;
		default:
			if (strcmp(tn, "strikethrough") == 0) {
				tag = "del";
				break;
			}
			/* code spans, images, note references: converted as
			 * Markdown where their placeholder lands */
			if (enter)
				placeholder(w, k);
			if (enter && cmark_node_first_child(k))
				cmark_iter_reset(it, k, CMARK_EVENT_EXIT);
			continue;
		}
		if (!enter) {
			ov_buf_printf(&w->out, "</%s>", tag);
			continue;
		}
		ov_buf_printf(&w->out, "<%s data-ovk=\"%zu\"", tag, add_ref(w, k));
		if (cmark_node_get_type(k) == CMARK_NODE_LINK) {
			/* the URL is taken from the Markdown node itself */
			ov_buf_puts(&w->out, " href=\"#\"");
		}
		ov_buf_puts(&w->out, ">");
	}
	cmark_iter_free(it);
}

/* ---- mapping the parsed tree ---- */

enum kind {
	K_INLINE,     /* tag dropped, content kept (span, u, mark, small, unknown tags) */
	K_DROP,       /* left out with its content, silently (script, style, head) */
	K_LOST,       /* left out with its content, with a warning (iframe, svg...) */
	K_VOID_LOST,  /* left out with a warning, but void in HTML5 and not in libxml2,
	               * which puts what follows inside it: that is walked (embed) */
	K_BLOCK,      /* a block boundary around its content (p, div, section...) */
	K_EM, K_STRONG, K_STRIKE, K_SUP, K_SUB, K_CODE, K_A, K_IMG, K_BR,
	K_HEADING, K_QUOTE, K_PRE, K_HR, K_LIST, K_LI, K_TABLE, K_ROWGROUP, K_TR, K_CELL, K_CAPTION,
	K_TERM,       /* summary: a paragraph in bold; dt: a definition list's term */
	K_DD,         /* dd: a definition list's definition */
	K_FIGURE, K_FIGCAPTION,
	K_PLACEHOLDER
};

static const struct {
	const char *name;
	enum kind kind;
} tags[] = {
	{"a", K_A}, {"abbr", K_INLINE}, {"address", K_BLOCK}, {"applet", K_LOST}, {"article", K_BLOCK},
	{"aside", K_BLOCK}, {"audio", K_LOST}, {"b", K_STRONG}, {"base", K_DROP}, {"blockquote", K_QUOTE},
	{"body", K_BLOCK}, {"br", K_BR}, {"canvas", K_LOST}, {"caption", K_CAPTION}, {"center", K_BLOCK},
	{"cite", K_EM}, {"code", K_CODE}, {"col", K_DROP}, {"colgroup", K_DROP}, {"dd", K_DD},
	{"del", K_STRIKE}, {"details", K_BLOCK}, {"dfn", K_EM}, {"dialog", K_BLOCK}, {"dir", K_LIST},
	{"div", K_BLOCK}, {"dl", K_BLOCK}, {"dt", K_TERM}, {"em", K_EM}, {"embed", K_VOID_LOST},
	{"fieldset", K_BLOCK}, {"figcaption", K_FIGCAPTION}, {"figure", K_FIGURE}, {"footer", K_BLOCK},
	{"form", K_BLOCK}, {"frame", K_LOST}, {"frameset", K_LOST}, {"h1", K_HEADING}, {"h2", K_HEADING},
	{"h3", K_HEADING}, {"h4", K_HEADING}, {"h5", K_HEADING}, {"h6", K_HEADING}, {"head", K_DROP},
	{"header", K_BLOCK}, {"hgroup", K_BLOCK}, {"hr", K_HR}, {"html", K_BLOCK}, {"i", K_EM},
	{"iframe", K_LOST}, {"img", K_IMG}, {"input", K_DROP}, {"kbd", K_CODE}, {"legend", K_BLOCK},
	{"li", K_LI}, {"link", K_DROP}, {"main", K_BLOCK}, {"map", K_DROP}, {"math", K_LOST},
	{"menu", K_LIST}, {"meta", K_DROP}, {"nav", K_BLOCK}, {"noembed", K_DROP}, {"noframes", K_DROP},
	{"noscript", K_DROP}, {"object", K_LOST}, {"ol", K_LIST}, {"option", K_DROP}, {"ov-node", K_PLACEHOLDER},
	{"p", K_BLOCK}, {"param", K_DROP}, {"pre", K_PRE}, {"s", K_STRIKE}, {"samp", K_CODE},
	{"script", K_DROP}, {"section", K_BLOCK}, {"select", K_DROP}, {"source", K_INLINE}, {"strike", K_STRIKE},
	{"strong", K_STRONG}, {"style", K_DROP}, {"sub", K_SUB}, {"summary", K_TERM}, {"sup", K_SUP},
	{"svg", K_LOST}, {"table", K_TABLE}, {"tbody", K_ROWGROUP}, {"td", K_CELL}, {"template", K_DROP},
	{"tfoot", K_ROWGROUP}, {"th", K_CELL}, {"thead", K_ROWGROUP}, {"title", K_DROP}, {"tr", K_TR},
	{"track", K_INLINE}, {"tt", K_CODE}, {"ul", K_LIST}, {"var", K_EM}, {"video", K_LOST}, {"xmp", K_PRE},
};

static enum kind kind_of(const xmlNode *e)
{
	const char *name = (const char *)e->name;
	size_t lo = 0, hi = sizeof tags / sizeof *tags;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		int d = strcmp(name, tags[mid].name);
		if (!d)
			return tags[mid].kind;
		if (d < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return K_INLINE;
}

enum mode {
	M_BLOCK,   /* blocks go into container; loose inlines into a paragraph */
	M_INLINE,  /* inlines only, into inl (a heading, a cell); blocks flattened */
	M_TABLE,   /* inside a table, outside its cells */
	M_SKIP     /* inside a code element (its text was taken whole) */
};

/* The state a parsed element changed, restored when it ends. */
typedef struct {
	xmlNode *e;
	enum mode mode;
	ov_node *container, *inl, *para;
	unsigned gen;
	int depth;
	bool boundary;      /* a block boundary at the end too */
	bool rowgroup;      /* a thead, tbody or tfoot: the rows after it are not its */
	ov_node *table;     /* the table being filled, restored after a nested one */
} frame;

/* A table being filled (the one BLOCK-mode table: one inside a cell is
 * flattened into the cell's text). */
typedef struct {
	ov_node *node;
	ov_node *row;
	bool head;          /* inside thead */
	int col;            /* next column in row */
	int *span_left;     /* per column: rows a rowspan still covers */
	int span_cap;
	int pad;            /* empty cells added for spans so far */
	bool span_warned;
	bool wide_warned;
} table_state;

typedef struct {
	ov_md_conv *c;
	ov_doc *doc;
	writer *w;
	bool *used;           /* placeholders already converted */
	enum mode mode;
	ov_node *container;   /* where blocks go */
	ov_node *para;        /* the open paragraph of loose inlines, or NULL */
	ov_node *inl;         /* where inlines go, or NULL (a paragraph is opened) */
	unsigned gen;         /* paragraphs opened and closed so far */
	int depth;            /* containers below the chapter */
	ov_pos at;            /* the position of the HTML (for messages) */
	uint32_t line0;       /* its line in the parsed text */
	table_state t;
	bool flat_warned;
	ov_node *stray;       /* the item made for content between a list's items */
} mapper;

/* Most empty cells a table gets for colspan and rowspan, beyond its own
 * cells: a span is at most 1000 (HTML §4.9.11), so a few bytes of markup
 * could otherwise make millions of cells. */
#define MAX_SPAN 1000
#define MAX_SPAN_PAD 10000
/* Most columns an HTML table gets: more could not be read on a page, and
 * the layout's grid is rows x columns. The cells beyond the last column
 * go into it, their text kept. */
#define MAX_COLUMNS 64

/* Source line of a line of the HTML text (a binary search of the
 * segments: a chapter may have tens of thousands). */
static uint32_t src_line(const mapper *m, long html_line)
{
	const writer *w = m->w;
	if (html_line <= 0 || !w->nsegs)
		return m->line0;
	size_t lo = 0, hi = w->nsegs; /* the last segment starting at or before html_line */
	while (hi - lo > 1) {
		size_t mid = (lo + hi) / 2;
		if (w->segs[mid].html_line <= (uint32_t)html_line)
			lo = mid;
		else
			hi = mid;
	}
	if ((uint32_t)html_line < w->segs[lo].html_line)
		return w->segs[lo].src_line;
	return w->segs[lo].src_line + ((uint32_t)html_line - w->segs[lo].html_line);
}

static ov_pos pos_of(const mapper *m, const xmlNode *n)
{
	long line = xmlGetLineNo(n);
	if (n->type == XML_TEXT_NODE && n->content) {
		/* a text node's line is where it ends */
		for (const xmlChar *p = n->content; *p; p++)
			line -= *p == '\n';
	}
	/* the parsed text's line, then its source's (mdBook's includes) */
	return ov_md_src_pos(m->c, src_line(m, line), 0);
}

static const char *attr(mapper *m, const xmlNode *e, const char *name)
{
	for (xmlAttr *a = e->properties; a; a = a->next) {
		if (strcasecmp((const char *)a->name, name) != 0)
			continue;
		const xmlNode *t = a->children;
		if (!t)
			return "";
		if (!t->next && t->type == XML_TEXT_NODE)
			return ov_arena_strdup(&m->doc->arena, (const char *)t->content);
		xmlChar *v = xmlNodeListGetString(e->doc, a->children, 1);
		const char *s = ov_arena_strdup(&m->doc->arena, v ? (const char *)v : "");
		xmlFree(v);
		return s;
	}
	return NULL;
}

/* A URL from an attribute as a browser reads it (URL standard, "basic URL
 * parser"): leading and trailing C0 controls and spaces removed, and every
 * tab and newline inside, so that "java&#9;script:" is seen as the
 * javascript: it is and refused by the passes. */
static const char *url_attr(mapper *m, const xmlNode *e, const char *name)
{
	const char *v = attr(m, e, name);
	if (!v)
		return NULL;
	while (*v && (unsigned char)*v <= 0x20)
		v++;
	char *u = ov_arena_strdup(&m->doc->arena, v);
	size_t o = 0;
	for (const char *p = u; *p; p++)
		if (*p != '\t' && *p != '\n' && *p != '\r')
			u[o++] = *p;
	while (o && (unsigned char)u[o - 1] <= 0x20)
		o--;
	u[o] = '\0';
	return u;
}

static int int_attr(mapper *m, const xmlNode *e, const char *name, int dflt, int max)
{
	const char *v = attr(m, e, name);
	if (!v)
		return dflt;
	while (*v == ' ')
		v++;
	long k = 0;
	if (*v < '0' || *v > '9')
		return dflt;
	for (; *v >= '0' && *v <= '9'; v++)
		if ((k = k * 10 + (*v - '0')) > max)
			return max;
	return (int)k;
}

static ov_node *add(mapper *m, ov_node *parent, ov_node_type t, ov_pos pos)
{
	ov_node *n = ov_node_new(m->doc, t, pos);
	ov_node_append(parent, n);
	return n;
}

/* Whether a new container fits under the nesting bound; beyond it the
 * content goes into the container already open, with one warning. */
static bool room(mapper *m, ov_pos pos)
{
	if (m->depth < OV_MAX_NESTING)
		return true;
	if (!m->flat_warned && !m->c->deep_reported)
		ov_diag_warning(m->doc->diag, pos,
		                "HTML nesting is deeper than %d levels; the deeper structure is flattened",
		                OV_MAX_NESTING);
	m->flat_warned = true;
	return false;
}

static bool is_ws(char ch) { return ch == ' ' || ch == '\t' || ch == '\n' || ch == '\r' || ch == '\f'; }

/* The block an inline node is in (n itself when it is a block). */
static ov_node *inline_root(ov_node *n)
{
	while (n->parent && ov_node_is_inline(n))
		n = n->parent;
	return n;
}

/* True when the inlines of block root end where a space is not wanted:
 * nothing yet, or a space or a line break last. */
static bool ends_open(const ov_node *root)
{
	const ov_node *x = root;
	for (;;) {
		if (x->last && !ov_node_is_leaf(x->type) && x->type != OV_NODE_IMAGE) {
			x = x->last;
			continue;
		}
		if (x == root)
			return true;
		if (x->type == OV_NODE_TEXT && x->len)
			return x->text[x->len - 1] == ' ';
		if (x->type == OV_NODE_LINEBREAK || x->type == OV_NODE_SOFTBREAK)
			return true;
		if (x->type != OV_NODE_ANCHOR && x->type != OV_NODE_TEXT && (ov_node_is_leaf(x->type) || x->type == OV_NODE_IMAGE))
			return false;
		/* an empty element, an anchor: look before it */
		while (x != root && !x->prev)
			x = x->parent;
		if (x == root)
			return true;
		x = x->prev;
	}
}

/* Where a block goes: the container, or, when that is a list or a
 * definition list (content between their items), a new item or
 * definition in it, so that a list holds only items. */
static ov_node *block_parent(mapper *m, ov_pos pos)
{
	if (m->container->type == OV_NODE_LIST)
		m->container = m->stray = add(m, m->container, OV_NODE_ITEM, pos);
	else if (m->container->type == OV_NODE_DEFLIST)
		m->container = m->stray = add(m, m->container, OV_NODE_DEFDESC, pos);
	return m->container;
}

/* The definition list a dt or dd goes into: the open one, the one just
 * before, or a new one. */
static ov_node *deflist(mapper *m, ov_pos pos, ov_node **restore)
{
	if (m->container == m->stray && m->stray->parent->type == OV_NODE_DEFLIST)
		*restore = m->container = m->stray->parent; /* the definition made for stray content ends */
	if (m->container->type == OV_NODE_DEFLIST)
		return m->container;
	ov_node *last = m->container->last;
	if (last && last->type == OV_NODE_DEFLIST && last->pos.col == 0)
		return last;
	return add(m, block_parent(m, pos), OV_NODE_DEFLIST, (ov_pos){pos.file, pos.line, 0});
}

static void open_para(mapper *m, ov_pos pos)
{
	if (m->inl)
		return;
	m->para = add(m, block_parent(m, pos), OV_NODE_PARAGRAPH, pos);
	m->inl = m->para;
	m->gen++;
}

/* Removes trailing spaces and line breaks of the inlines of n. */
static void trim_end(ov_node *n)
{
	for (;;) {
		ov_node *l = n;
		while (l->last && !ov_node_is_leaf(l->type) && l->type != OV_NODE_IMAGE)
			l = l->last;
		if (l == n)
			return;
		if (l->type == OV_NODE_TEXT) {
			while (l->len && l->text[l->len - 1] == ' ')
				l->len--;
			if (l->len)
				return;
		} else if (l->type != OV_NODE_LINEBREAK && l->type != OV_NODE_SOFTBREAK) {
			return;
		}
		ov_node_unlink(l);
	}
}

/* True when n has no content a reader would see. */
static bool empty_inlines(const ov_node *n)
{
	ov_iter it = ov_iter_start(n);
	ov_node *k;
	bool ent;
	while ((k = ov_iter_next(&it, &ent))) {
		if (!ent || k == n)
			continue;
		if (k->type == OV_NODE_TEXT && strspn(k->text, " ") >= k->len)
			continue;
		if (k->type == OV_NODE_SOFTBREAK || k->type == OV_NODE_LINEBREAK)
			continue;
		if (ov_node_is_leaf(k->type) || k->type == OV_NODE_IMAGE)
			return false;
	}
	return true;
}

/* A paragraph of images alone (with spaces, breaks, and links around the
 * images) becomes a paragraph per image, so that each is a figure
 * (passes.c) in print rather than its alt text in brackets: README
 * headers put logos and screenshots side by side this way. */
static void split_images(mapper *m, ov_node *para)
{
	size_t images = 0;
	bool other = false;
	ov_iter it = ov_iter_start(para);
	ov_node *k;
	bool ent;
	while ((k = ov_iter_next(&it, &ent)) && !other) {
		if (!ent || k == para)
			continue;
		if (k->type == OV_NODE_IMAGE) {
			images++;
			ov_iter_skip_children(&it, k);
		} else if (k->type == OV_NODE_TEXT) {
			other = strspn(k->text, " ") < k->len;
		} else {
			other = k->type != OV_NODE_LINK && k->type != OV_NODE_SOFTBREAK && k->type != OV_NODE_LINEBREAK;
		}
	}
	if (other || !images || (images == 1 && para->first && para->first == para->last &&
	                         para->first->type == OV_NODE_IMAGE))
		return;
	ov_node **imgs = ov_xcalloc(images, sizeof *imgs);
	size_t i = 0;
	it = ov_iter_start(para);
	while ((k = ov_iter_next(&it, &ent))) {
		if (ent && k->type == OV_NODE_IMAGE) {
			imgs[i++] = k;
			ov_iter_skip_children(&it, k);
		}
	}
	for (i = 0; i < images; i++) {
		ov_node *p = ov_node_new(m->doc, OV_NODE_PARAGRAPH, imgs[i]->pos);
		ov_node_insert_before(para, p);
		ov_node_unlink(imgs[i]);
		ov_node_append(p, imgs[i]);
	}
	free(imgs);
	ov_node_unlink(para);
}

static void close_para(mapper *m)
{
	if (m->mode != M_BLOCK || !m->para) {
		if (m->mode == M_BLOCK)
			m->inl = NULL;
		return;
	}
	ov_node *p = m->para;
	trim_end(p);
	m->para = m->inl = NULL;
	m->gen++; /* elements open since then no longer add to it */
	if (empty_inlines(p)) {
		/* anchors alone are kept (ov_html_finish moves them on) */
		bool anchors = false;
		for (ov_node *k = p->first; k; k = k->next)
			anchors = anchors || k->type == OV_NODE_ANCHOR;
		if (!anchors)
			ov_node_unlink(p);
		return;
	}
	split_images(m, p);
}

/* A block boundary: in block mode the open paragraph ends; in an inline
 * context (a cell, a heading) a line break stands for it. */
static void boundary(mapper *m, ov_pos pos)
{
	if (m->mode == M_BLOCK) {
		close_para(m);
	} else if (m->mode == M_INLINE && m->inl && !ends_open(inline_root(m->inl))) {
		trim_end(inline_root(m->inl));
		add(m, m->inl, OV_NODE_LINEBREAK, pos);
	}
}

static void add_text(mapper *m, const char *s, size_t len, ov_pos pos)
{
	if (m->mode == M_SKIP)
		return;
	size_t i = 0;
	while (i < len && is_ws(s[i]))
		i++;
	if (m->mode == M_TABLE || (i == len && !m->inl))
		return; /* white space between blocks, rows or cells */
	open_para(m, pos);
	if (!m->inl)
		return;
	/* HTML collapses white space (CSS 2.1 §16.6.1, white-space: normal) */
	ov_buf b = OV_BUF_INIT;
	bool space = ends_open(inline_root(m->inl));
	for (size_t k = 0; k < len; k++) {
		if (is_ws(s[k])) {
			if (!space)
				ov_buf_putc(&b, ' ');
			space = true;
		} else {
			ov_buf_putc(&b, s[k]);
			space = false;
		}
	}
	if (b.len) {
		ov_node *t = add(m, m->inl, OV_NODE_TEXT, pos);
		t->text = ov_arena_strndup(&m->doc->arena, ov_buf_cstr(&b), b.len);
		t->len = b.len;
	}
	ov_buf_dispose(&b);
}

/* The text of e's subtree, <br> as a newline (for code). */
static char *text_of(const xmlNode *e)
{
	ov_buf b = OV_BUF_INIT;
	const xmlNode *n = e->children;
	while (n) {
		if (n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE)
			ov_buf_puts(&b, (const char *)n->content);
		else if (n->type == XML_ELEMENT_NODE && strcmp((const char *)n->name, "br") == 0)
			ov_buf_putc(&b, '\n');
		bool down = n->type == XML_ELEMENT_NODE && n->children && kind_of(n) != K_DROP && kind_of(n) != K_LOST;
		/* (source, track, wbr and embed, void in HTML5, are parents of
		 * what follows them for libxml2 2.9: kind_of keeps them walked) */
		if (down) {
			n = n->children;
			continue;
		}
		while (n && n != e && !n->next)
			n = n->parent;
		if (!n || n == e)
			break;
		n = n->next;
	}
	return ov_buf_detach(&b);
}

/* The language of a code block from class="language-x" (or lang-x) on
 * pre or its code element. */
static const char *code_info(mapper *m, const xmlNode *pre)
{
	const xmlNode *code = pre->children;
	while (code && code->type != XML_ELEMENT_NODE)
		code = code->next;
	const xmlNode *cands[2] = {pre, code};
	for (int i = 0; i < 2; i++) {
		if (!cands[i])
			continue;
		const char *cls = attr(m, cands[i], "class");
		if (!cls)
			continue;
		const char *p = strstr(cls, "language-");
		size_t skip = 9;
		if (!p) {
			p = strstr(cls, "lang-");
			skip = 5;
		}
		if (p)
			return ov_arena_strndup(&m->doc->arena, p + skip, strcspn(p + skip, " \t\n"));
	}
	return "";
}

static void warn_lost(mapper *m, const xmlNode *e)
{
	/* one warning per chapter and kind of element */
	static const char *const lost[] = {"iframe", "object", "embed", "applet", "audio", "video",
	                                   "svg", "math", "canvas", "frame", "frameset"};
	for (unsigned i = 0; i < sizeof lost / sizeof *lost; i++) {
		if (strcmp((const char *)e->name, lost[i]) != 0)
			continue;
		if (m->c->html_warned & (1u << i))
			return;
		m->c->html_warned |= 1u << i;
		ov_diag_warning(m->doc->diag, pos_of(m, e),
		                "HTML '<%s>' cannot be shown in a book and is left out", lost[i]);
		return;
	}
}

/* An anchor for e's id (or an a's name), so that links to "#id" land
 * here. */
static void anchor_for(mapper *m, const xmlNode *e, enum kind k, ov_pos pos)
{
	const char *id = attr(m, e, "id");
	if ((!id || !*id) && k == K_A)
		id = attr(m, e, "name");
	if (!id || !*id || m->mode == M_TABLE || m->mode == M_SKIP)
		return;
	if (strcspn(id, " \t\n\r\f") != strlen(id))
		return; /* an id has no white space (HTML §3.2.6.1) */
	open_para(m, pos);
	if (!m->inl)
		return;
	ov_node *a = add(m, m->inl, OV_NODE_ANCHOR, pos);
	a->as.anchor.id = id;
}

/* A size hint from width= or height=: CSS pixels, or a percentage as a
 * negative number. */
static int size_hint(mapper *m, const xmlNode *e, const char *name)
{
	const char *v = attr(m, e, name);
	if (!v)
		return 0;
	int k = int_attr(m, e, name, 0, 100000);
	if (k <= 0)
		return 0;
	size_t digits = strspn(v + strspn(v, " "), "0123456789");
	if (v[strspn(v, " ") + digits] == '%')
		return k > 100 ? -100 : -k;
	return k;
}

static void image(mapper *m, const xmlNode *e, ov_pos pos)
{
	const char *src = url_attr(m, e, "src");
	if (!src) {
		/* nothing to show: the text alternative stands in */
		const char *alt = attr(m, e, "alt");
		if (alt && *alt)
			add_text(m, alt, strlen(alt), pos);
		return;
	}
	open_para(m, pos);
	if (!m->inl)
		return;
	ov_node *img = add(m, m->inl, OV_NODE_IMAGE, pos);
	img->as.image.url = src;
	const char *title = attr(m, e, "title");
	img->as.image.title = title ? title : "";
	img->as.image.width = size_hint(m, e, "width");
	img->as.image.height = size_hint(m, e, "height");
	const char *alt = attr(m, e, "alt");
	if (alt && *alt) {
		ov_node *t = add(m, img, OV_NODE_TEXT, pos);
		t->text = alt;
		t->len = strlen(alt);
	}
}

/* ---- tables ---- */

static void cell_span_pad(mapper *m, int cols, ov_pos pos);

static void table_row(mapper *m, ov_pos pos)
{
	table_state *t = &m->t;
	t->row = add(m, t->node, OV_NODE_TABLE_ROW, pos);
	t->row->as.row.header = t->head;
	t->col = 0;
	cell_span_pad(m, 0, pos);
}

/* Empty cells where rowspans from rows above still cover the next
 * columns; with cols > 0 also cols empty cells for a colspan. */
static void cell_span_pad(mapper *m, int cols, ov_pos pos)
{
	table_state *t = &m->t;
	for (;;) {
		bool covered = t->col < t->span_cap && t->span_left[t->col] > 0;
		if (!covered && cols <= 0)
			return;
		if (t->pad >= MAX_SPAN_PAD || t->col >= MAX_COLUMNS - 1)
			return;
		if (covered)
			t->span_left[t->col]--;
		else
			cols--;
		ov_node *cell = add(m, t->row, OV_NODE_TABLE_CELL, pos);
		cell->as.cell.column = t->col++;
		t->pad++;
	}
}

static ov_node *table_cell(mapper *m, const xmlNode *e, ov_pos pos)
{
	table_state *t = &m->t;
	if (!t->row)
		table_row(m, pos);
	if (t->col >= MAX_COLUMNS && t->row->last) {
		if (!t->wide_warned)
			ov_diag_warning(m->doc->diag, pos,
			                "table has more than %d columns; the cells beyond go into the last one",
			                MAX_COLUMNS);
		t->wide_warned = true;
		ov_node *last = t->row->last;
		if (last->first)
			add(m, last, OV_NODE_LINEBREAK, pos);
		return last;
	}
	ov_node *cell = add(m, t->row, OV_NODE_TABLE_CELL, pos);
	cell->as.cell.column = t->col;
	if (e && strcmp((const char *)e->name, "th") != 0)
		t->row->as.row.header = t->row->as.row.header && t->head;
	const char *al = e ? attr(m, e, "align") : NULL;
	if (al)
		cell->as.cell.align = !strcasecmp(al, "center") ? OV_ALIGN_CENTER
		                      : !strcasecmp(al, "right") ? OV_ALIGN_RIGHT
		                      : !strcasecmp(al, "left") ? OV_ALIGN_LEFT
		                                                : OV_ALIGN_NONE;
	int colspan = e ? int_attr(m, e, "colspan", 1, MAX_SPAN) : 1;
	int rowspan = e ? int_attr(m, e, "rowspan", 1, MAX_SPAN) : 1;
	if (colspan < 1)
		colspan = 1;
	if (rowspan > 1) {
		if (t->col + colspan > t->span_cap) {
			int cap = t->col + colspan + 16;
			t->span_left = ov_xrealloc(t->span_left, (size_t)cap * sizeof *t->span_left);
			memset(t->span_left + t->span_cap, 0, (size_t)(cap - t->span_cap) * sizeof *t->span_left);
			t->span_cap = cap;
		}
		for (int k = 0; k < colspan; k++)
			t->span_left[t->col + k] = rowspan - 1;
	}
	/* a column span is set as such (both writers honour it); a row span
	 * is not: the cells below it are left empty */
	if (colspan > MAX_COLUMNS - t->col)
		colspan = MAX_COLUMNS - t->col > 1 ? MAX_COLUMNS - t->col : 1;
	cell->as.cell.span = colspan;
	t->col += colspan;
	if (rowspan > 1 && !t->span_warned) {
		ov_diag_warning(m->doc->diag, pos,
		                "table cells spanning rows (rowspan) are not supported: the text stays in the first "
		                "row and the cells below it are left empty");
		t->span_warned = true;
	}
	cell_span_pad(m, 0, pos);
	return cell;
}

/* Columns, alignments and header rows of a table filled from HTML; an
 * empty one is removed. */
static void table_finish(mapper *m)
{
	ov_node *tb = m->t.node;
	int cols = 0;
	bool header = true;
	for (ov_node *r = tb->first; r; r = r->next) {
		int n = 0;
		for (ov_node *c = r->first; c; c = c->next) {
			int end = c->as.cell.column + (c->as.cell.span > 1 ? c->as.cell.span : 1);
			n = end > n ? end : n;
		}
		cols = n > cols ? n : cols;
		/* only rows at the top can be header rows (thead) */
		header = header && r->as.row.header && r->first;
		r->as.row.header = header;
	}
	if (!cols) {
		ov_node_unlink(tb);
	} else {
		tb->as.table.columns = cols;
		tb->as.table.align = ov_arena_calloc(&m->doc->arena, (size_t)cols, sizeof(ov_align));
		for (ov_node *r = tb->first; r; r = r->next)
			for (ov_node *c = r->first; c; c = c->next)
				if (!tb->as.table.align[c->as.cell.column])
					tb->as.table.align[c->as.cell.column] = c->as.cell.align;
	}
	free(m->t.span_left);
	memset(&m->t, 0, sizeof m->t);
}

/* ---- the walk ---- */

/* Flattens the blocks Markdown made under tmp into inlines of m->inl (a
 * Markdown paragraph inside an HTML table cell). */
static void flatten_into(mapper *m, ov_node *tmp)
{
	ov_node *b;
	while ((b = tmp->first)) {
		ov_node_unlink(b);
		if (ov_node_is_inline(b)) {
			ov_node_append(m->inl, b);
			continue;
		}
		boundary(m, b->pos);
		if (b->type == OV_NODE_CODE_BLOCK) {
			ov_node *code = add(m, m->inl, OV_NODE_CODE, b->pos);
			code->text = b->text;
			code->len = b->len;
			continue;
		}
		/* its children take its place, in order */
		while (b->last) {
			ov_node *k = b->last;
			ov_node_unlink(k);
			if (tmp->first)
				ov_node_insert_before(tmp->first, k);
			else
				ov_node_append(tmp, k);
		}
	}
}

static bool is_inline_md(cmark_node *n)
{
	return (cmark_node_get_type(n) & CMARK_NODE_TYPE_MASK) == CMARK_NODE_TYPE_INLINE;
}

/* A Markdown node whose placeholder the parse put here. */
static void placeholder_node(mapper *m, const xmlNode *e, ov_pos pos)
{
	int k = int_attr(m, e, "data-ovk", -1, INT32_MAX);
	if (k < 0 || (size_t)k >= m->w->nref || m->used[k])
		return;
	m->used[k] = true;
	cmark_node *n = m->w->ref[k];
	bool inl = is_inline_md(n);
	if (inl) {
		open_para(m, pos);
		if (m->inl)
			ov_md_convert(m->c, n, m->inl, m->depth);
		return;
	}
	if (cmark_node_get_type(n) == CMARK_NODE_FOOTNOTE_DEFINITION) {
		/* cmark puts the notes after the last block, where an element
		 * left open would take them in: they belong to the chapter */
		if (m->mode == M_BLOCK)
			close_para(m);
		ov_md_convert(m->c, n, m->c->chapter, 0);
		return;
	}
	if (m->mode == M_BLOCK) {
		close_para(m);
		ov_md_convert(m->c, n, block_parent(m, pos), m->depth);
		return;
	}
	if (m->mode != M_INLINE || !m->inl)
		return;
	ov_node *tmp = ov_node_new(m->doc, OV_NODE_BLOCKQUOTE, pos);
	ov_md_convert(m->c, n, tmp, m->depth);
	flatten_into(m, tmp);
}

/* Makes the nodes for element e entered; returns false when its content
 * is not to be walked. f holds the state to restore at its end. */
static bool enter(mapper *m, xmlNode *e, frame *f)
{
	enum kind k = kind_of(e);
	ov_pos pos = pos_of(m, e);
	if (m->mode == M_TABLE && k != K_ROWGROUP && k != K_TR && k != K_CELL && k != K_CAPTION &&
	    k != K_DROP && k != K_LOST) {
		/* content between a table's cells: a cell of its own */
		ov_node *cell = table_cell(m, NULL, pos);
		m->mode = M_INLINE;
		m->inl = cell;
	}
	if (k == K_DROP)
		return false;
	if (k == K_LOST || k == K_VOID_LOST) {
		warn_lost(m, e);
		return k == K_VOID_LOST;
	}
	anchor_for(m, e, k, pos);
	switch (k) {
	case K_BLOCK:
		boundary(m, pos);
		f->boundary = true;
		return true;
	case K_FIGURE: {
		/* one image and a caption: a figure with that caption (passes.c) */
		boundary(m, pos);
		f->boundary = true;
		return true;
	}
	case K_FIGCAPTION:
		boundary(m, pos);
		f->boundary = true;
		if (m->mode == M_BLOCK && m->container->last && m->container->last->type == OV_NODE_PARAGRAPH) {
			ov_node *p = m->container->last;
			if (p->first && p->first == p->last && p->first->type == OV_NODE_IMAGE &&
			    !*p->first->as.image.title) {
				char *cap = text_of(e);
				ov_buf b = OV_BUF_INIT;
				bool space = true;
				for (const char *s = cap; *s; s++) {
					if (is_ws(*s)) {
						if (!space)
							ov_buf_putc(&b, ' ');
						space = true;
					} else {
						ov_buf_putc(&b, *s);
						space = false;
					}
				}
				while (b.len && b.ptr[b.len - 1] == ' ')
					b.len--;
				free(cap);
				if (b.len) {
					p->first->as.image.title = ov_arena_strndup(&m->doc->arena, b.ptr, b.len);
					ov_buf_dispose(&b);
					return false;
				}
				ov_buf_dispose(&b);
			}
		}
		return true;
	case K_EM:
	case K_STRONG:
	case K_STRIKE:
	case K_SUP:
	case K_SUB:
	case K_A: {
		ov_node_type t = k == K_EM ? OV_NODE_EMPH : k == K_STRONG ? OV_NODE_STRONG : k == K_STRIKE ? OV_NODE_STRIKE
		                 : k == K_SUP ? OV_NODE_SUP : k == K_SUB ? OV_NODE_SUB : OV_NODE_LINK;
		const char *href = NULL;
		int ref = int_attr(m, e, "data-ovk", -1, INT32_MAX);
		cmark_node *md = ref >= 0 && (size_t)ref < m->w->nref ? m->w->ref[ref] : NULL;
		if (md)
			pos = ov_md_pos(m->c, md, NULL);
		if (k == K_A) {
			if (md && cmark_node_get_type(md) == CMARK_NODE_LINK)
				href = ov_arena_strdup(&m->doc->arena, cmark_node_get_url(md) ? cmark_node_get_url(md) : "");
			else
				href = url_attr(m, e, "href");
			if (!href)
				return true; /* an anchor only */
		}
		if (m->mode == M_TABLE || !room(m, pos))
			return true;
		open_para(m, pos);
		if (!m->inl)
			return true;
		ov_node *n = add(m, m->inl, t, pos);
		if (k == K_A) {
			n->as.link.url = href;
			const char *title = md && cmark_node_get_type(md) == CMARK_NODE_LINK ? cmark_node_get_title(md)
			                                                                      : attr(m, e, "title");
			n->as.link.title = ov_arena_strdup(&m->doc->arena, title ? title : "");
		}
		m->inl = n;
		m->depth++;
		return true;
	}
	case K_CODE: {
		char *s = text_of(e);
		open_para(m, pos);
		if (m->inl && *s) {
			ov_node *n = add(m, m->inl, OV_NODE_CODE, pos);
			/* white space collapsed, as the browser shows it */
			size_t o = 0;
			for (size_t i = 0; s[i]; i++)
				if (!is_ws(s[i]) || (o && s[o - 1] != ' '))
					s[o++] = is_ws(s[i]) ? ' ' : s[i];
			n->text = ov_arena_strndup(&m->doc->arena, s, o);
			n->len = o;
		}
		free(s);
		return false;
	}
	case K_IMG:
		image(m, e, pos);
		return false;
	case K_BR:
		if (m->inl)
			add(m, m->inl, OV_NODE_LINEBREAK, pos);
		return false;
	case K_HR:
		boundary(m, pos);
		if (m->mode == M_BLOCK)
			add(m, block_parent(m, pos), OV_NODE_THEMATIC_BREAK, pos);
		return false;
	case K_PRE: {
		boundary(m, pos);
		char *s = text_of(e);
		/* a newline right after <pre> is not content (HTML §13.2.6.4.7) */
		const char *body = s[0] == '\n' ? s + 1 : s;
		size_t len = strlen(body);
		while (len && (body[len - 1] == '\n' || body[len - 1] == ' '))
			len--;
		if (m->mode == M_BLOCK) {
			ov_node *cb = add(m, block_parent(m, pos), OV_NODE_CODE_BLOCK, pos);
			cb->text = ov_arena_strndup(&m->doc->arena, body, len);
			cb->len = len;
			cb->as.code.info = code_info(m, e);
		} else if (m->inl && len) {
			/* in a cell or heading: lines of code */
			const char *p = body, *end = body + len;
			while (p < end) {
				const char *nl = memchr(p, '\n', (size_t)(end - p));
				const char *le = nl ? nl : end;
				if (le > p) {
					ov_node *c = add(m, m->inl, OV_NODE_CODE, pos);
					c->text = ov_arena_strndup(&m->doc->arena, p, (size_t)(le - p));
					c->len = (size_t)(le - p);
				}
				if (nl)
					add(m, m->inl, OV_NODE_LINEBREAK, pos);
				p = nl ? nl + 1 : end;
			}
		}
		free(s);
		return false;
	}
	case K_HEADING:
	case K_TERM:
		boundary(m, pos);
		f->boundary = true;
		if (m->mode != M_BLOCK || !room(m, pos))
			return true;
		if (k == K_HEADING) {
			ov_node *h = add(m, block_parent(m, pos), OV_NODE_HEADING, pos);
			h->as.heading.level = e->name[1] - '0';
			m->inl = h;
		} else if (e->name[0] == 'd') {
			/* dt: a term of a definition list (the "mdbook" part's nodes) */
			m->inl = add(m, deflist(m, pos, &f->container), OV_NODE_DEFTERM, pos);
		} else {
			ov_node *p = add(m, block_parent(m, pos), OV_NODE_PARAGRAPH, pos);
			m->inl = add(m, p, OV_NODE_STRONG, pos);
		}
		m->mode = M_INLINE;
		m->depth++;
		return true;
	case K_QUOTE:
	case K_DD:
	case K_LIST:
		boundary(m, pos);
		f->boundary = true;
		if (m->mode != M_BLOCK || !room(m, pos))
			return true;
		if (k == K_LIST) {
			ov_node *l = add(m, block_parent(m, pos), OV_NODE_LIST, pos);
			l->as.list.ordered = e->name[0] == 'o';
			l->as.list.start = int_attr(m, e, "start", 1, 999999999);
			l->as.list.tight = true;
			l->as.list.delim = '.';
			m->container = l;
		} else if (k == K_DD) {
			m->container = add(m, deflist(m, pos, &f->container), OV_NODE_DEFDESC, pos);
		} else {
			m->container = add(m, block_parent(m, pos), OV_NODE_BLOCKQUOTE, pos);
		}
		m->depth++;
		return true;
	case K_LI:
		boundary(m, pos);
		f->boundary = true;
		if (m->mode != M_BLOCK)
			return true;
		if (m->container == m->stray && m->stray->parent->type == OV_NODE_LIST)
			f->container = m->container = m->stray->parent; /* the item made for stray content ends */
		if (m->container->type != OV_NODE_LIST) {
			/* an item outside a list: one of its own, shared by the items
			 * that follow it */
			ov_node *last = m->container->last;
			if (last && last->type == OV_NODE_LIST && last->pos.col == 0) {
				m->container = last;
			} else {
				if (!room(m, pos))
					return true;
				ov_node *l = add(m, block_parent(m, pos), OV_NODE_LIST, (ov_pos){pos.file, pos.line, 0});
				l->as.list.tight = true;
				l->as.list.start = 1;
				l->as.list.delim = '.';
				m->container = l;
				m->depth++;
			}
		}
		if (!room(m, pos))
			return true;
		m->container = add(m, m->container, OV_NODE_ITEM, pos);
		m->depth++;
		return true;
	case K_TABLE:
		boundary(m, pos);
		f->boundary = true;
		if (m->mode != M_BLOCK || !room(m, pos) || m->t.node)
			return true;
		m->t.node = add(m, block_parent(m, pos), OV_NODE_TABLE, pos);
		f->table = m->t.node;
		m->mode = M_TABLE;
		m->depth++;
		return true;
	case K_ROWGROUP:
		if (m->mode == M_TABLE) {
			m->t.head = e->name[1] == 'h';
			f->rowgroup = true;
		}
		return true;
	case K_TR:
		boundary(m, pos);
		if (m->mode == M_TABLE) {
			m->t.row = NULL;
			table_row(m, pos);
			m->t.row->as.row.header = true; /* until a td says otherwise */
		}
		return true;
	case K_CELL:
		if (m->mode != M_TABLE) {
			if (m->inl && !ends_open(inline_root(m->inl)))
				add_text(m, " ", 1, pos);
			return true;
		}
		m->inl = table_cell(m, e, pos);
		m->mode = M_INLINE;
		return true;
	case K_CAPTION:
		if (m->mode == M_TABLE) {
			ov_node *p = ov_node_new(m->doc, OV_NODE_PARAGRAPH, pos);
			ov_node_insert_before(m->t.node, p);
			m->inl = add(m, p, OV_NODE_EMPH, pos);
			m->mode = M_INLINE;
		}
		return true;
	case K_PLACEHOLDER:
		placeholder_node(m, e, pos);
		return false;
	default:
		return true;
	}
}

static void leave(mapper *m, frame *f)
{
	if (f->table && m->t.node == f->table)
		table_finish(m);
	if (f->rowgroup)
		m->t.head = false;
	if (m->mode == M_INLINE && f->mode != M_INLINE && m->inl)
		trim_end(inline_root(m->inl));
	bool same_para = m->gen == f->gen;
	enum mode inner = m->mode;
	m->mode = f->mode;
	m->container = f->container;
	m->depth = f->depth;
	if (f->mode == M_BLOCK) {
		if (f->boundary) {
			if (inner == M_BLOCK)
				close_para(m);
			m->para = m->inl = NULL;
		} else {
			/* an inline element ends where it began, unless a block
			 * broke its paragraph: then the rest is outside it */
			m->inl = same_para ? f->inl : m->para;
		}
	} else {
		m->inl = f->inl;
		m->para = f->para;
		if (f->mode == M_INLINE && f->boundary)
			boundary(m, m->at);
	}
}

/* Parses html[0..len) and maps its body into the mapper's place. */
static void map_html(mapper *m, const char *html, size_t len)
{
	static bool ready;
	if (!ready) {
		/* chapters are parsed on one thread (markdown.c) */
		xmlInitParser();
		ready = true;
	}
	htmlParserCtxtPtr ctxt = htmlNewParserCtxt();
	if (!ctxt)
		ov_oom();
	/* no network, no messages; HTML's own character references only (the
	 * HTML parser never loads a DTD or expands external entities) */
	htmlDocPtr d = htmlCtxtReadMemory(ctxt, html, (int)len, NULL, "UTF-8",
	                                  HTML_PARSE_NONET | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING);
	if (ctxt->instate == XML_PARSER_EOF && ctxt->errNo == XML_ERR_INTERNAL_ERROR)
		ov_diag_error(m->doc->diag, m->at,
		              "HTML nesting is deeper than the HTML parser's limit (256 levels); "
		              "the rest of the HTML is left out");
	xmlNode *body = NULL;
	for (xmlNode *h = d ? xmlDocGetRootElement(d) : NULL; h && !body; h = h->next)
		for (xmlNode *b = h->type == XML_ELEMENT_NODE ? h->children : NULL; b && !body; b = b->next)
			if (b->type == XML_ELEMENT_NODE && strcmp((const char *)b->name, "body") == 0)
				body = b;
	frame *stack = NULL;
	size_t sp = 0, cap = 0;
	xmlNode *n = body ? body->children : NULL;
	while (n) {
		bool down = false;
		if (n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) {
			add_text(m, (const char *)n->content, strlen((const char *)n->content), pos_of(m, n));
		} else if (n->type == XML_ELEMENT_NODE) {
			if (sp == cap) {
				cap = cap ? cap * 2 : 32;
				stack = ov_xrealloc(stack, cap * sizeof *stack);
			}
			frame *f = &stack[sp];
			*f = (frame){n, m->mode, m->container, m->inl, m->para, m->gen, m->depth, false, false, NULL};
			if (enter(m, n, f) && n->children) {
				sp++;
				down = true;
			} else {
				leave(m, f);
			}
		}
		if (down) {
			n = n->children;
			continue;
		}
		while (!n->next && sp) {
			leave(m, &stack[--sp]);
			n = stack[sp].e;
		}
		n = n->next;
	}
	free(stack);
	if (m->t.node)
		table_finish(m);
	close_para(m);
	if (d)
		xmlFreeDoc(d);
	htmlFreeParserCtxt(ctxt);
}

/* Markdown blocks whose placeholder the parse lost (inside a dropped
 * element): converted after the rest, never lost. */
static void convert_unused(mapper *m, ov_node *into, int depth, bool blocks)
{
	for (size_t k = 0; k < m->w->nref; k++) {
		if (m->used[k])
			continue;
		if (blocks && !is_inline_md(m->w->ref[k]))
			ov_md_convert(m->c, m->w->ref[k], into, depth);
	}
}

static const char prefix[] = "<!DOCTYPE html><html><body>";

void ov_html_blocks(ov_md_conv *c, cmark_node *n, ov_node *into, int depth)
{
	writer w = {OV_BUF_INIT, NULL, 0, 0, NULL, 0, 0, 0};
	ov_buf_puts(&w.out, prefix);
	for (cmark_node *k = cmark_node_first_child(n); k; k = cmark_node_next(k)) {
		if (cmark_node_get_type(k) == CMARK_NODE_HTML_BLOCK) {
			const char *lit = cmark_node_get_literal(k);
			if (is_comment(lit))
				continue;
			add_seg(&w, (uint32_t)cmark_node_get_start_line(k));
			put_raw(&w, lit, strlen(lit));
			if (!w.out.len || w.out.ptr[w.out.len - 1] != '\n')
				put_raw(&w, "\n", 1);
		} else {
			add_seg(&w, (uint32_t)cmark_node_get_start_line(k));
			placeholder(&w, k);
			put_raw(&w, "\n", 1);
		}
	}
	/* messages about the HTML as a whole go to its first HTML block */
	cmark_node *first = cmark_node_first_child(n);
	while (first && (cmark_node_get_type(first) != CMARK_NODE_HTML_BLOCK || is_comment(cmark_node_get_literal(first))))
		first = cmark_node_next(first);
	cmark_node *at = first ? first : cmark_node_first_child(n);
	mapper m = {c, c->doc, &w, ov_xcalloc(w.nref + 1, 1), M_BLOCK, into, NULL, NULL, 0, depth,
	            ov_md_pos(c, at, into), (uint32_t)cmark_node_get_start_line(at), {0}, false, NULL};
	map_html(&m, w.out.ptr, w.out.len);
	convert_unused(&m, into, depth, true);
	free(m.used);
	free(w.ref);
	free(w.segs);
	ov_buf_dispose(&w.out);
}

void ov_html_inlines(ov_md_conv *c, cmark_node *n, ov_node *into, int depth)
{
	writer w = {OV_BUF_INIT, NULL, 0, 0, NULL, 0, 0, 0};
	ov_buf_puts(&w.out, prefix);
	add_seg(&w, (uint32_t)cmark_node_get_start_line(n));
	write_inlines(&w, n);
	mapper m = {c, c->doc, &w, ov_xcalloc(w.nref + 1, 1), M_INLINE, into, NULL, into, 0, depth,
	            ov_md_pos(c, n, into), (uint32_t)cmark_node_get_start_line(n), {0}, false, NULL};
	map_html(&m, w.out.ptr, w.out.len);
	/* inlines whose placeholder was lost (inside a dropped element) */
	for (size_t k = 0; k < w.nref; k++) {
		cmark_node_type t = cmark_node_get_type(w.ref[k]);
		if (!m.used[k] && (t == CMARK_NODE_CODE || t == CMARK_NODE_IMAGE))
			ov_md_convert(c, w.ref[k], into, depth);
	}
	trim_end(into);
	bool anchors = false;
	for (ov_node *k = into->first; k; k = k->next)
		anchors = anchors || k->type == OV_NODE_ANCHOR;
	if (into->type == OV_NODE_PARAGRAPH && into->parent && !anchors && empty_inlines(into))
		ov_node_unlink(into); /* nothing left (an <object> alone) */
	else if (into->type == OV_NODE_PARAGRAPH && into->parent)
		split_images(&m, into);
	free(m.used);
	free(w.ref);
	free(w.segs);
	ov_buf_dispose(&w.out);
}

/* ---- after the chapter ---- */

void ov_html_finish(ov_md_conv *c, ov_node *chapter)
{
	(void)c;
	ov_node **emptied = NULL;
	size_t count = 0, cap = 0;
	ov_iter it = ov_iter_start(chapter);
	ov_node *n;
	bool ent;
	while ((n = ov_iter_next(&it, &ent))) {
		if (!ent || n->type != OV_NODE_PARAGRAPH || !n->first)
			continue;
		bool only = true, anchors = false;
		for (ov_node *k = n->first; k && only; k = k->next) {
			anchors = anchors || k->type == OV_NODE_ANCHOR;
			only = k->type == OV_NODE_ANCHOR || (k->type == OV_NODE_TEXT && strspn(k->text, " \t\n") >= k->len) ||
			       k->type == OV_NODE_SOFTBREAK || k->type == OV_NODE_LINEBREAK;
		}
		ov_node *next = n->next;
		if (!only || !anchors || !next || (next->type != OV_NODE_PARAGRAPH && next->type != OV_NODE_HEADING))
			continue;
		/* "<a name="x"></a>" on a line before a heading: the anchor goes
		 * into the heading, so that no empty line is set for it */
		ov_iter_skip_children(&it, n);
		ov_node *k;
		while ((k = n->last)) {
			ov_node_unlink(k);
			if (k->type != OV_NODE_ANCHOR)
				continue;
			if (next->first)
				ov_node_insert_before(next->first, k);
			else
				ov_node_append(next, k);
		}
		if (count == cap) {
			cap = cap ? cap * 2 : 8;
			emptied = ov_xrealloc(emptied, cap * sizeof *emptied);
		}
		emptied[count++] = n;
	}
	for (size_t i = 0; i < count; i++)
		ov_node_unlink(emptied[i]);
	free(emptied);
}
