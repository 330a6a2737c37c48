/*
 * htmlmap.c - what each element and attribute of parsed HTML becomes in
 * the document tree (see html.c for how the HTML is found, written and
 * walked): the table of elements, attributes and URLs, paragraphs and
 * text, images and anchors, and tables with their spans.
 */
#include "htmlmap.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <libxml/HTMLparser.h>
#include <libxml/parser.h>


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


enum kind hm_kind_of(const xmlNode *e)
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

/* The largest colspan or rowspan read: HTML's own limits are 1000 and
 * 65534 (§4.9.11); a span is also cut at the table's last column
 * (MAX_COLUMNS) and at the end of its row group, so it makes no cells. */
#define MAX_SPAN 1000
/* Most columns an HTML table gets: more could not be read on a page, and
 * the layout's grid is rows x columns. The cells beyond the last column
 * go into it, their text kept. */
#define MAX_COLUMNS 64
/* Most lines a start tag is looked for above the line libxml2 gives it
 * (that of its end), for its column: attributes one to a line. */
#define MAX_TAG_LINES 8

/* Source line of a line of the HTML text (a binary search of the
 * segments: a chapter may have tens of thousands). */
uint32_t hm_src_line(const mapper *m, long html_line)
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

const char *ov_md_parsed_line(ov_md_conv *c, uint32_t pl, size_t *len)
{
	if (!c->src)
		return NULL;
	if (!c->line_start) {
		/* memchr rather than a byte loop: a chapter with a formula
		 * asks for this, and the loop was 1% of a whole build */
		const char *s = c->src, *end = c->src + c->src_len;
		size_t n = 1;
		for (const char *q = s; (q = memchr(q, '\n', (size_t)(end - q))); q++)
			n++;
		c->line_start = ov_xmalloc((n + 1) * sizeof *c->line_start);
		c->lines = 0;
		c->line_start[c->lines++] = 0;
		for (const char *q = s; (q = memchr(q, '\n', (size_t)(end - q))); q++)
			c->line_start[c->lines++] = (size_t)(q - s) + 1;
		c->line_start[c->lines] = c->src_len + 1;
	}
	if (pl < 1 || pl > c->lines)
		return NULL;
	*len = c->line_start[pl] - 1 - c->line_start[pl - 1];
	return c->src + c->line_start[pl - 1];
}

/* The '<' offsets of one tag name on a line, in order; next is the first
 * not yet taken. */
typedef struct {
	size_t *at;
	size_t n, cap, next;
} tag_offsets;

static void free_offsets(void *v)
{
	tag_offsets *t = v;
	free(t->at);
	free(t);
}

static bool name_char(char ch)
{
	return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') || ch == '-' ||
	       ch == ':' || ch == '_';
}

/* Indexes the start tags of parsed line pl (one pass over it), and finds
 * the start tag left open at its start: when a '>' comes on the line
 * before any '<', the last '<' of the lines above with no '>' after it
 * (at most MAX_TAG_LINES up). */
static void index_line(mapper *m, uint32_t pl)
{
	colfind *f = &m->col;
	ov_strmap_dispose(&f->tags, free_offsets);
	f->tags = (ov_strmap)OV_STRMAP_INIT;
	f->line = pl;
	f->at = 0;
	f->open_line = f->open_col = 0;
	size_t len;
	const char *s = ov_md_parsed_line(m->c, pl, &len);
	if (!s)
		return;
	char key[64];
	size_t first_lt = len, first_gt = len;
	for (size_t i = 0; i < len; i++) {
		if (s[i] == '>' && first_gt == len)
			first_gt = i;
		if (s[i] != '<')
			continue;
		if (first_lt == len)
			first_lt = i;
		size_t k = i + 1;
		while (k < len && name_char(s[k]) && k - i - 1 < sizeof key)
			k++;
		size_t nl = k - i - 1;
		if (!nl || nl >= sizeof key || !((s[i + 1] | 0x20) >= 'a' && (s[i + 1] | 0x20) <= 'z'))
			continue;
		for (size_t j = 0; j < nl; j++)
			key[j] = (char)((s[i + 1 + j] >= 'A' && s[i + 1 + j] <= 'Z') ? s[i + 1 + j] + 32 : s[i + 1 + j]);
		bool found;
		void **slot = ov_strmap_slot(&f->tags, key, nl, &found);
		if (!found)
			*slot = ov_xcalloc(1, sizeof(tag_offsets));
		tag_offsets *t = *slot;
		if (t->n == t->cap) {
			t->cap = t->cap ? t->cap * 2 : 4;
			t->at = ov_xrealloc(t->at, t->cap * sizeof *t->at);
		}
		t->at[t->n++] = i;
	}
	if (first_gt >= first_lt)
		return;
	for (uint32_t back = 1; back <= MAX_TAG_LINES && back < pl; back++) {
		const char *u = ov_md_parsed_line(m->c, pl - back, &len);
		if (!u)
			return;
		size_t gt = len;
		for (size_t i = len; i-- > 0;)
			if (u[i] == '>' || u[i] == '<') {
				gt = i;
				break;
			}
		if (gt == len)
			continue; /* a line of attributes alone */
		if (u[gt] == '<' && gt + 1 < len && name_char(u[gt + 1])) {
			size_t k = gt + 1;
			while (k < len && name_char(u[k]))
				k++;
			f->open_line = pl - back;
			f->open_col = (uint32_t)gt + 1;
			f->open_name = u + gt + 1;
			f->open_len = k - gt - 1;
		}
		return;
	}
}

/* The position of element or text n in the chapter. libxml2 records an
 * element's line (that of its start tag's end, for a tag over several
 * lines), not its column; the column is that of the element's "<name" on
 * its source line (GNU's columns: bytes, from 1): the first of that name
 * after the element met before on the line, since the walk meets start
 * tags in the order of the text (hm_pos_skip passes over the elements of
 * a subtree not walked), or the tag left open from the lines above. The
 * tags of a line are indexed once, so that a line of many elements costs
 * in proportion to its length. An element the parser implied (a p closed
 * early), one written for Markdown (data-ovk) and text get column 0:
 * unknown, not printed. */
ov_pos hm_pos_of(mapper *m, const xmlNode *n)
{
	colfind *f = &m->col;
	if (n == f->el)
		return f->pos;
	long line = xmlGetLineNo(n);
	if (n->type == XML_TEXT_NODE && n->content) {
		/* a text node's line is where it ends */
		for (const xmlChar *p = n->content; *p; p++)
			line -= *p == '\n';
	}
	/* the parsed text's line, then its source's (mdBook's includes) */
	uint32_t pl = hm_src_line(m, line);
	uint32_t col = 0;
	if (n->type != XML_ELEMENT_NODE)
		return ov_md_src_pos(m->c, pl, 0);
	const char *name = (const char *)n->name;
	size_t nl = strlen(name);
	if (!xmlHasProp(n, (const xmlChar *)"data-ovk")) {
		if (pl != f->line)
			index_line(m, pl);
		void **slot = ov_strmap_find(&f->tags, name, nl);
		tag_offsets *t = slot ? *slot : NULL;
		if (f->open_line && f->open_len == nl && strncasecmp(f->open_name, name, nl) == 0 && !f->at) {
			/* the first element of the line, its tag begun above */
			col = f->open_col;
			pl = f->open_line;
			f->open_line = 0;
		} else {
			while (t && t->next < t->n && t->at[t->next] < f->at)
				t->next++;
			if (t && t->next < t->n) {
				col = (uint32_t)t->at[t->next++] + 1;
				f->at = col + nl;
			}
		}
	}
	f->el = n;
	f->pos = ov_md_src_pos(m->c, pl, col);
	return f->pos;
}

void hm_pos_dispose(mapper *m)
{
	ov_strmap_dispose(&m->col.tags, free_offsets);
	memset(&m->col, 0, sizeof m->col);
}

/* Moves the column search past the elements below e, whose subtree the
 * walk leaves out. */
void hm_pos_skip(mapper *m, const xmlNode *e)
{
	const xmlNode *k = e->children;
	while (k && k != e) {
		if (k->type == XML_ELEMENT_NODE)
			hm_pos_of(m, k);
		if (k->children && k->type == XML_ELEMENT_NODE) {
			k = k->children;
			continue;
		}
		while (k != e && !k->next)
			k = k->parent;
		if (k != e)
			k = k->next;
	}
}

const char *hm_attr(mapper *m, const xmlNode *e, const char *name)
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
const char *hm_url_attr(mapper *m, const xmlNode *e, const char *name)
{
	const char *v = hm_attr(m, e, name);
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

int hm_int_attr(mapper *m, const xmlNode *e, const char *name, int dflt, int max)
{
	const char *v = hm_attr(m, e, name);
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

ov_node *hm_add(mapper *m, ov_node *parent, ov_node_type t, ov_pos pos)
{
	ov_node *n = ov_node_new(m->doc, t, pos);
	ov_node_append(parent, n);
	return n;
}

/* Whether a new container fits under the nesting bound; beyond it the
 * content goes into the container already open, with one warning. */
bool hm_room(mapper *m, ov_pos pos)
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


/* The block an inline node is in (n itself when it is a block). */
ov_node *hm_inline_root(ov_node *n)
{
	while (n->parent && ov_node_is_inline(n))
		n = n->parent;
	return n;
}

/* True when the inlines of block root end where a space is not wanted:
 * nothing yet, or a space or a line break last. */
bool hm_ends_open(const ov_node *root)
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
ov_node *hm_block_parent(mapper *m, ov_pos pos)
{
	if (m->container->type == OV_NODE_LIST)
		m->container = m->stray = hm_add(m, m->container, OV_NODE_ITEM, pos);
	else if (m->container->type == OV_NODE_DEFLIST)
		m->container = m->stray = hm_add(m, m->container, OV_NODE_DEFDESC, pos);
	return m->container;
}

/* The definition list a dt or dd goes into: the open one, the one just
 * before, or a new one. */
ov_node *hm_deflist(mapper *m, ov_pos pos, ov_node **restore)
{
	if (m->container == m->stray && m->stray->parent->type == OV_NODE_DEFLIST)
		*restore = m->container = m->stray->parent; /* the definition made for stray content ends */
	if (m->container->type == OV_NODE_DEFLIST)
		return m->container;
	ov_node *last = m->container->last;
	if (last && last->type == OV_NODE_DEFLIST && last->pos.col == 0)
		return last;
	return hm_add(m, hm_block_parent(m, pos), OV_NODE_DEFLIST, (ov_pos){pos.file, pos.line, 0});
}

void hm_open_para(mapper *m, ov_pos pos)
{
	if (m->inl)
		return;
	m->para = hm_add(m, hm_block_parent(m, pos), OV_NODE_PARAGRAPH, pos);
	m->inl = m->para;
	m->gen++;
}

/* Removes trailing spaces and line breaks of the inlines of n. */
void hm_trim_end(ov_node *n)
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
bool hm_empty_inlines(const ov_node *n)
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
void hm_split_images(mapper *m, ov_node *para)
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

void hm_close_para(mapper *m)
{
	if (m->mode != M_BLOCK || !m->para) {
		if (m->mode == M_BLOCK)
			m->inl = NULL;
		return;
	}
	ov_node *p = m->para;
	hm_trim_end(p);
	m->para = m->inl = NULL;
	m->gen++; /* elements open since then no longer add to it */
	if (hm_empty_inlines(p)) {
		/* anchors alone are kept (ov_html_finish moves them on) */
		bool anchors = false;
		for (ov_node *k = p->first; k; k = k->next)
			anchors = anchors || k->type == OV_NODE_ANCHOR;
		if (!anchors)
			ov_node_unlink(p);
		return;
	}
	hm_split_images(m, p);
}

/* A block boundary: in block mode the open paragraph ends; in an inline
 * context (a cell, a heading) a line break stands for it. */
void hm_boundary(mapper *m, ov_pos pos)
{
	if (m->mode == M_BLOCK) {
		hm_close_para(m);
	} else if (m->mode == M_INLINE && m->inl && !hm_ends_open(hm_inline_root(m->inl))) {
		hm_trim_end(hm_inline_root(m->inl));
		hm_add(m, m->inl, OV_NODE_LINEBREAK, pos);
	}
}

void hm_add_text(mapper *m, const char *s, size_t len, ov_pos pos)
{
	if (m->mode == M_SKIP)
		return;
	size_t i = 0;
	while (i < len && hm_is_ws(s[i]))
		i++;
	if (m->mode == M_TABLE || (i == len && !m->inl))
		return; /* white space between blocks, rows or cells */
	hm_open_para(m, pos);
	if (!m->inl)
		return;
	/* HTML collapses white space (CSS 2.1 §16.6.1, white-space: normal) */
	ov_buf b = OV_BUF_INIT;
	bool space = hm_ends_open(hm_inline_root(m->inl));
	for (size_t k = 0; k < len; k++) {
		if (hm_is_ws(s[k])) {
			if (!space)
				ov_buf_putc(&b, ' ');
			space = true;
		} else {
			ov_buf_putc(&b, s[k]);
			space = false;
		}
	}
	if (b.len) {
		ov_node *t = hm_add(m, m->inl, OV_NODE_TEXT, pos);
		t->text = ov_arena_strndup(&m->doc->arena, ov_buf_cstr(&b), b.len);
		t->len = b.len;
	}
	ov_buf_dispose(&b);
}

/* The text of e's subtree, <br> as a newline (for code). */
char *hm_text_of(const xmlNode *e)
{
	ov_buf b = OV_BUF_INIT;
	const xmlNode *n = e->children;
	while (n) {
		if (n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE)
			ov_buf_puts(&b, (const char *)n->content);
		else if (n->type == XML_ELEMENT_NODE && strcmp((const char *)n->name, "br") == 0)
			ov_buf_putc(&b, '\n');
		bool down = n->type == XML_ELEMENT_NODE && n->children && hm_kind_of(n) != K_DROP && hm_kind_of(n) != K_LOST;
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
const char *hm_code_info(mapper *m, const xmlNode *pre)
{
	const xmlNode *code = pre->children;
	while (code && code->type != XML_ELEMENT_NODE)
		code = code->next;
	const xmlNode *cands[2] = {pre, code};
	for (int i = 0; i < 2; i++) {
		if (!cands[i])
			continue;
		const char *cls = hm_attr(m, cands[i], "class");
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

void hm_warn_lost(mapper *m, const xmlNode *e)
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
		ov_diag_warning(m->doc->diag, hm_pos_of(m, e),
		                "HTML '<%s>' cannot be shown in a book and is left out", lost[i]);
		return;
	}
}

/* An anchor for e's id (or an a's name), so that links to "#id" land
 * here. */
void hm_anchor_for(mapper *m, const xmlNode *e, enum kind k, ov_pos pos)
{
	const char *id = hm_attr(m, e, "id");
	if ((!id || !*id) && k == K_A)
		id = hm_attr(m, e, "name");
	if (!id || !*id || m->mode == M_TABLE || m->mode == M_SKIP)
		return;
	if (strcspn(id, " \t\n\r\f") != strlen(id))
		return; /* an id has no white space (HTML §3.2.6.1) */
	hm_open_para(m, pos);
	if (!m->inl)
		return;
	ov_node *a = hm_add(m, m->inl, OV_NODE_ANCHOR, pos);
	a->as.anchor.id = id;
}

/* A size hint from width= or height=: CSS pixels, or a percentage as a
 * negative number. */
int hm_size_hint(mapper *m, const xmlNode *e, const char *name)
{
	const char *v = hm_attr(m, e, name);
	if (!v)
		return 0;
	int k = hm_int_attr(m, e, name, 0, 100000);
	if (k <= 0)
		return 0;
	size_t digits = strspn(v + strspn(v, " "), "0123456789");
	if (v[strspn(v, " ") + digits] == '%')
		return k > 100 ? -100 : -k;
	return k;
}

void hm_image(mapper *m, const xmlNode *e, ov_pos pos)
{
	const char *src = hm_url_attr(m, e, "src");
	if (!src) {
		/* nothing to show: the text alternative stands in */
		const char *alt = hm_attr(m, e, "alt");
		if (alt && *alt)
			hm_add_text(m, alt, strlen(alt), pos);
		return;
	}
	hm_open_para(m, pos);
	if (!m->inl)
		return;
	ov_node *img = hm_add(m, m->inl, OV_NODE_IMAGE, pos);
	img->as.image.url = src;
	const char *title = hm_attr(m, e, "title");
	img->as.image.title = title ? title : "";
	img->as.image.width = hm_size_hint(m, e, "width");
	img->as.image.height = hm_size_hint(m, e, "height");
	const char *alt = hm_attr(m, e, "alt");
	if (alt && *alt) {
		ov_node *t = hm_add(m, img, OV_NODE_TEXT, pos);
		t->text = alt;
		t->len = strlen(alt);
	}
}

/* ---- tables ---- */


void hm_table_row(mapper *m, ov_pos pos)
{
	table_state *t = &m->t;
	t->row = hm_add(m, t->node, OV_NODE_TABLE_ROW, pos);
	t->row->as.row.header = t->head;
	t->col = 0;
	t->rows++;
	/* the columns rowspans from the rows above cover in this row: its
	 * cells go to the free ones (HTML §4.9.12.1, "forming a table") */
	for (int k = 0; k < t->span_cap; k++) {
		t->covered[k] = t->span_left[k] > 0;
		if (t->covered[k])
			t->span_left[k]--;
	}
}

/* Grows the per-column span arrays to hold column cols - 1. */
static void span_room(table_state *t, int cols)
{
	if (cols <= t->span_cap)
		return;
	int cap = cols + 16;
	t->span_left = ov_xrealloc(t->span_left, (size_t)cap * sizeof *t->span_left);
	t->covered = ov_xrealloc(t->covered, (size_t)cap * sizeof *t->covered);
	memset(t->span_left + t->span_cap, 0, (size_t)(cap - t->span_cap) * sizeof *t->span_left);
	memset(t->covered + t->span_cap, 0, (size_t)(cap - t->span_cap) * sizeof *t->covered);
	t->span_owner = ov_xrealloc(t->span_owner, (size_t)cap * sizeof *t->span_owner);
	t->span_row = ov_xrealloc(t->span_row, (size_t)cap * sizeof *t->span_row);
	memset(t->span_owner + t->span_cap, 0, (size_t)(cap - t->span_cap) * sizeof *t->span_owner);
	memset(t->span_row + t->span_cap, 0, (size_t)(cap - t->span_cap) * sizeof *t->span_row);
	t->span_cap = cap;
}

/* Ends the row span over column k above the current row (no room is
 * left for the row's cells: overlapping cells, an error in HTML's table
 * model). */
static void cut_span(table_state *t, int k)
{
	ov_node *o = k < t->span_cap ? t->span_owner[k] : NULL;
	if (!o)
		return;
	o->as.cell.rowspan = t->rows - 1 - t->span_row[k];
	for (int j = o->as.cell.column; j < o->as.cell.column + o->as.cell.span && j < t->span_cap; j++)
		if (t->span_owner[j] == o) {
			t->span_left[j] = 0;
			t->covered[j] = false;
			t->span_owner[j] = NULL;
		}
}

ov_node *hm_table_cell(mapper *m, const xmlNode *e, ov_pos pos)
{
	table_state *t = &m->t;
	if (!t->row)
		hm_table_row(m, pos);
	while (t->col < t->span_cap && t->covered[t->col])
		t->col++;
	if (t->col >= MAX_COLUMNS && t->row->last) {
		if (!t->wide_warned)
			ov_diag_warning(m->doc->diag, pos,
			                "table has more than %d columns; the cells beyond go into the last one",
			                MAX_COLUMNS);
		t->wide_warned = true;
		ov_node *last = t->row->last;
		if (last->first)
			hm_add(m, last, OV_NODE_LINEBREAK, pos);
		return last;
	}
	if (t->col >= MAX_COLUMNS) {
		/* a row whose every column a rowspan covers: the spans end
		 * above it, and its cells start at the first column */
		for (int k = 0; k < t->span_cap; k++)
			cut_span(t, k);
		t->col = 0;
	}
	ov_node *cell = hm_add(m, t->row, OV_NODE_TABLE_CELL, pos);
	cell->as.cell.column = t->col;
	if (e && strcmp((const char *)e->name, "th") != 0)
		t->row->as.row.header = t->row->as.row.header && t->head;
	const char *al = e ? hm_attr(m, e, "align") : NULL;
	if (al)
		cell->as.cell.align = !strcasecmp(al, "center") ? OV_ALIGN_CENTER
		                      : !strcasecmp(al, "right") ? OV_ALIGN_RIGHT
		                      : !strcasecmp(al, "left") ? OV_ALIGN_LEFT
		                                                : OV_ALIGN_NONE;
	int colspan = e ? hm_int_attr(m, e, "colspan", 1, MAX_SPAN) : 1;
	int rowspan = e ? hm_int_attr(m, e, "rowspan", 1, MAX_SPAN) : 1;
	if (colspan < 1)
		colspan = 1;
	if (colspan > MAX_COLUMNS - t->col)
		colspan = MAX_COLUMNS - t->col > 1 ? MAX_COLUMNS - t->col : 1;
	/* a column span ends at a column a rowspan from above covers (cells
	 * that would overlap, an error in HTML's table model) */
	for (int k = 1; k < colspan; k++)
		if (t->col + k < t->span_cap && t->covered[t->col + k]) {
			colspan = k;
			break;
		}
	/* rowspan="0" spans to the end of the row group (HTML §4.9.11) */
	if (rowspan == 0)
		rowspan = MAX_SPAN;
	if (rowspan > 1) {
		span_room(t, t->col + colspan);
		for (int k = 0; k < colspan; k++) {
			t->span_left[t->col + k] = rowspan - 1;
			t->span_owner[t->col + k] = cell;
			t->span_row[t->col + k] = t->rows - 1;
		}
	}
	cell->as.cell.span = colspan;
	cell->as.cell.rowspan = rowspan;
	t->col += colspan;
	return cell;
}

/* Columns, alignments and header rows of a table filled from HTML; an
 * empty one is removed. */
void hm_table_finish(mapper *m)
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
		/* a row span ends with its row group (the header rows or the
		 * body), as HTML's does (§4.9.11), and with the table */
		int left = 0; /* rows from r to the end of its group */
		for (ov_node *r = tb->last; r; r = r->prev) {
			left = r->next && r->next->as.row.header == r->as.row.header && left < MAX_SPAN ? left + 1 : 1;
			for (ov_node *c = r->first; c; c = c->next)
				if (c->as.cell.rowspan > left)
					c->as.cell.rowspan = left;
		}
		tb->as.table.columns = cols;
		tb->as.table.align = ov_arena_calloc(&m->doc->arena, (size_t)cols, sizeof(ov_align));
		for (ov_node *r = tb->first; r; r = r->next)
			for (ov_node *c = r->first; c; c = c->next)
				if (!tb->as.table.align[c->as.cell.column])
					tb->as.table.align[c->as.cell.column] = c->as.cell.align;
	}
	free(m->t.span_left);
	free(m->t.covered);
	free(m->t.span_owner);
	free(m->t.span_row);
	memset(&m->t, 0, sizeof m->t);
}
