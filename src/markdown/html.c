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
#include "htmlmap.h"

#include <pthread.h>
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

/* ---- writing the HTML text (its types: htmlmap.h) ---- */

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
			/* the source's line ends here too: the lines of the HTML
			 * text stay those of the chapter (positions, hm_pos_of) */
			put_raw(w, "<br>\n", 5);
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
		hm_boundary(m, b->pos);
		if (b->type == OV_NODE_CODE_BLOCK) {
			ov_node *code = hm_add(m, m->inl, OV_NODE_CODE, b->pos);
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
	int k = hm_int_attr(m, e, "data-ovk", -1, INT32_MAX);
	if (k < 0 || (size_t)k >= m->w->nref || m->used[k])
		return;
	m->used[k] = true;
	cmark_node *n = m->w->ref[k];
	bool inl = is_inline_md(n);
	if (inl) {
		hm_open_para(m, pos);
		if (m->inl)
			ov_md_convert(m->c, n, m->inl, m->depth);
		return;
	}
	if (cmark_node_get_type(n) == CMARK_NODE_FOOTNOTE_DEFINITION) {
		/* cmark puts the notes after the last block, where an element
		 * left open would take them in: they belong to the chapter */
		if (m->mode == M_BLOCK)
			hm_close_para(m);
		ov_md_convert(m->c, n, m->c->chapter, 0);
		return;
	}
	if (m->mode == M_BLOCK) {
		hm_close_para(m);
		ov_md_convert(m->c, n, hm_block_parent(m, pos), m->depth);
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
	enum kind k = hm_kind_of(e);
	ov_pos pos = hm_pos_of(m, e);
	if (m->mode == M_TABLE && k != K_ROWGROUP && k != K_TR && k != K_CELL && k != K_CAPTION &&
	    k != K_DROP && k != K_LOST) {
		/* content between a table's cells: a cell of its own */
		ov_node *cell = hm_table_cell(m, NULL, pos);
		m->mode = M_INLINE;
		m->inl = cell;
	}
	if (k == K_DROP)
		return false;
	if (k == K_LOST || k == K_VOID_LOST) {
		hm_warn_lost(m, e);
		return k == K_VOID_LOST;
	}
	hm_anchor_for(m, e, k, pos);
	switch (k) {
	case K_BLOCK:
		hm_boundary(m, pos);
		f->boundary = true;
		return true;
	case K_FIGURE: {
		/* one image and a caption: a figure with that caption (passes.c) */
		hm_boundary(m, pos);
		f->boundary = true;
		return true;
	}
	case K_FIGCAPTION:
		hm_boundary(m, pos);
		f->boundary = true;
		if (m->mode == M_BLOCK && m->container->last && m->container->last->type == OV_NODE_PARAGRAPH) {
			ov_node *p = m->container->last;
			if (p->first && p->first == p->last && p->first->type == OV_NODE_IMAGE && hm_room(m, pos)) {
				/* the caption goes on a line of the image's paragraph,
				 * which makes it a figure with that caption, its links
				 * and emphasis kept (passes.c); blocks inside it are
				 * flattened into that line */
				hm_add(m, p, OV_NODE_LINEBREAK, pos);
				m->inl = p;
				m->mode = M_INLINE;
				m->depth++;
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
		int ref = hm_int_attr(m, e, "data-ovk", -1, INT32_MAX);
		cmark_node *md = ref >= 0 && (size_t)ref < m->w->nref ? m->w->ref[ref] : NULL;
		if (md)
			pos = ov_md_pos(m->c, md, NULL);
		if (k == K_A) {
			if (md && cmark_node_get_type(md) == CMARK_NODE_LINK)
				href = ov_arena_strdup(&m->doc->arena, cmark_node_get_url(md) ? cmark_node_get_url(md) : "");
			else
				href = hm_url_attr(m, e, "href");
			if (!href)
				return true; /* an anchor only */
		}
		if (m->mode == M_TABLE || !hm_room(m, pos))
			return true;
		hm_open_para(m, pos);
		if (!m->inl)
			return true;
		ov_node *n = hm_add(m, m->inl, t, pos);
		if (k == K_A) {
			n->as.link.url = href;
			const char *title = md && cmark_node_get_type(md) == CMARK_NODE_LINK ? cmark_node_get_title(md)
			                                                                      : hm_attr(m, e, "title");
			n->as.link.title = ov_arena_strdup(&m->doc->arena, title ? title : "");
		}
		m->inl = n;
		m->depth++;
		return true;
	}
	case K_CODE: {
		char *s = hm_text_of(e);
		hm_open_para(m, pos);
		if (m->inl && *s) {
			ov_node *n = hm_add(m, m->inl, OV_NODE_CODE, pos);
			/* white space collapsed, as the browser shows it */
			size_t o = 0;
			for (size_t i = 0; s[i]; i++)
				if (!hm_is_ws(s[i]) || (o && s[o - 1] != ' '))
					s[o++] = hm_is_ws(s[i]) ? ' ' : s[i];
			n->text = ov_arena_strndup(&m->doc->arena, s, o);
			n->len = o;
		}
		free(s);
		return false;
	}
	case K_IMG:
		hm_image(m, e, pos);
		return false;
	case K_BR:
		if (m->inl)
			hm_add(m, m->inl, OV_NODE_LINEBREAK, pos);
		return false;
	case K_HR:
		hm_boundary(m, pos);
		if (m->mode == M_BLOCK)
			hm_add(m, hm_block_parent(m, pos), OV_NODE_THEMATIC_BREAK, pos);
		return false;
	case K_PRE: {
		hm_boundary(m, pos);
		char *s = hm_text_of(e);
		/* a newline right after <pre> is not content (HTML §13.2.6.4.7) */
		const char *body = s[0] == '\n' ? s + 1 : s;
		size_t len = strlen(body);
		while (len && (body[len - 1] == '\n' || body[len - 1] == ' '))
			len--;
		if (m->mode == M_BLOCK) {
			ov_node *cb = hm_add(m, hm_block_parent(m, pos), OV_NODE_CODE_BLOCK, pos);
			cb->text = ov_arena_strndup(&m->doc->arena, body, len);
			cb->len = len;
			cb->as.code.info = hm_code_info(m, e);
		} else if (m->inl && len) {
			/* in a cell or heading: lines of code */
			const char *p = body, *end = body + len;
			while (p < end) {
				const char *nl = memchr(p, '\n', (size_t)(end - p));
				const char *le = nl ? nl : end;
				if (le > p) {
					ov_node *c = hm_add(m, m->inl, OV_NODE_CODE, pos);
					c->text = ov_arena_strndup(&m->doc->arena, p, (size_t)(le - p));
					c->len = (size_t)(le - p);
				}
				if (nl)
					hm_add(m, m->inl, OV_NODE_LINEBREAK, pos);
				p = nl ? nl + 1 : end;
			}
		}
		free(s);
		return false;
	}
	case K_HEADING:
	case K_TERM:
		hm_boundary(m, pos);
		f->boundary = true;
		if (m->mode != M_BLOCK || !hm_room(m, pos))
			return true;
		if (k == K_HEADING) {
			ov_node *h = hm_add(m, hm_block_parent(m, pos), OV_NODE_HEADING, pos);
			h->as.heading.level = e->name[1] - '0';
			m->inl = h;
		} else if (e->name[0] == 'd') {
			/* dt: a term of a definition list (the "mdbook" part's nodes) */
			m->inl = hm_add(m, hm_deflist(m, pos, &f->container), OV_NODE_DEFTERM, pos);
		} else {
			ov_node *p = hm_add(m, hm_block_parent(m, pos), OV_NODE_PARAGRAPH, pos);
			m->inl = hm_add(m, p, OV_NODE_STRONG, pos);
		}
		m->mode = M_INLINE;
		m->depth++;
		return true;
	case K_QUOTE:
	case K_DD:
	case K_LIST:
		hm_boundary(m, pos);
		f->boundary = true;
		if (m->mode != M_BLOCK || !hm_room(m, pos))
			return true;
		if (k == K_LIST) {
			ov_node *l = hm_add(m, hm_block_parent(m, pos), OV_NODE_LIST, pos);
			l->as.list.ordered = e->name[0] == 'o';
			l->as.list.start = hm_int_attr(m, e, "start", 1, 999999999);
			l->as.list.tight = true;
			l->as.list.delim = '.';
			m->container = l;
		} else if (k == K_DD) {
			m->container = hm_add(m, hm_deflist(m, pos, &f->container), OV_NODE_DEFDESC, pos);
		} else {
			m->container = hm_add(m, hm_block_parent(m, pos), OV_NODE_BLOCKQUOTE, pos);
		}
		m->depth++;
		return true;
	case K_LI:
		hm_boundary(m, pos);
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
				if (!hm_room(m, pos))
					return true;
				ov_node *l = hm_add(m, hm_block_parent(m, pos), OV_NODE_LIST, (ov_pos){pos.file, pos.line, 0});
				l->as.list.tight = true;
				l->as.list.start = 1;
				l->as.list.delim = '.';
				m->container = l;
				m->depth++;
			}
		}
		if (!hm_room(m, pos))
			return true;
		m->container = hm_add(m, m->container, OV_NODE_ITEM, pos);
		m->depth++;
		return true;
	case K_TABLE:
		hm_boundary(m, pos);
		f->boundary = true;
		if (m->mode != M_BLOCK || !hm_room(m, pos) || m->t.node)
			return true;
		m->t.node = hm_add(m, hm_block_parent(m, pos), OV_NODE_TABLE, pos);
		f->table = m->t.node;
		m->mode = M_TABLE;
		m->depth++;
		return true;
	case K_ROWGROUP:
		if (m->mode == M_TABLE) {
			m->t.head = e->name[1] == 'h';
			f->rowgroup = true;
			/* a row span ends with its row group (HTML §4.9.11) */
			for (int i = 0; i < m->t.span_cap; i++)
				m->t.span_left[i] = 0;
		}
		return true;
	case K_TR:
		hm_boundary(m, pos);
		if (m->mode == M_TABLE) {
			m->t.row = NULL;
			hm_table_row(m, pos);
			m->t.row->as.row.header = true; /* until a td says otherwise */
		}
		return true;
	case K_CELL:
		if (m->mode != M_TABLE) {
			if (m->inl && !hm_ends_open(hm_inline_root(m->inl)))
				hm_add_text(m, " ", 1, pos);
			return true;
		}
		m->inl = hm_table_cell(m, e, pos);
		m->mode = M_INLINE;
		return true;
	case K_CAPTION:
		if (m->mode == M_TABLE) {
			ov_node *p = ov_node_new(m->doc, OV_NODE_PARAGRAPH, pos);
			ov_node_insert_before(m->t.node, p);
			m->inl = hm_add(m, p, OV_NODE_EMPH, pos);
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
		hm_table_finish(m);
	if (f->rowgroup)
		m->t.head = false;
	if (m->mode == M_INLINE && f->mode != M_INLINE && m->inl)
		hm_trim_end(hm_inline_root(m->inl));
	bool same_para = m->gen == f->gen;
	enum mode inner = m->mode;
	m->mode = f->mode;
	m->container = f->container;
	m->depth = f->depth;
	if (f->mode == M_BLOCK) {
		if (f->boundary) {
			if (inner == M_BLOCK)
				hm_close_para(m);
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
			hm_boundary(m, m->at);
	}
}

static void init_libxml(void) { xmlInitParser(); }

void ov_html_init(void)
{
	/* libxml2 sets up its globals once, before any thread parses
	 * (libxml2's "Thread safety" notes); chapters are parsed on several
	 * threads (markdown.c) */
	static pthread_once_t once = PTHREAD_ONCE_INIT;
	pthread_once(&once, init_libxml);
}

/* Parses html[0..len) and maps its body into the mapper's place. */
static void map_html(mapper *m, const char *html, size_t len)
{
	ov_html_init();
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
			hm_add_text(m, (const char *)n->content, strlen((const char *)n->content), hm_pos_of(m, n));
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
				hm_pos_skip(m, n);
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
	hm_pos_dispose(m);
	if (m->t.node)
		hm_table_finish(m);
	hm_close_para(m);
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
	            ov_md_pos(c, at, into), (uint32_t)cmark_node_get_start_line(at), {0}, false, NULL, {0}};
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
	            ov_md_pos(c, n, into), (uint32_t)cmark_node_get_start_line(n), {0}, false, NULL, {0}};
	map_html(&m, w.out.ptr, w.out.len);
	/* inlines whose placeholder was lost (inside a dropped element) */
	for (size_t k = 0; k < w.nref; k++) {
		cmark_node_type t = cmark_node_get_type(w.ref[k]);
		if (!m.used[k] && (t == CMARK_NODE_CODE || t == CMARK_NODE_IMAGE))
			ov_md_convert(c, w.ref[k], into, depth);
	}
	hm_trim_end(into);
	bool anchors = false;
	for (ov_node *k = into->first; k; k = k->next)
		anchors = anchors || k->type == OV_NODE_ANCHOR;
	if (into->type == OV_NODE_PARAGRAPH && into->parent && !anchors && hm_empty_inlines(into))
		ov_node_unlink(into); /* nothing left (an <object> alone) */
	else if (into->type == OV_NODE_PARAGRAPH && into->parent)
		hm_split_images(&m, into);
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
