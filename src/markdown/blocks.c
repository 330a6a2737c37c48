/*
 * blocks.c - GitHub alerts and definition lists on a chapter's tree
 * (blocks.h). Both are found on the tree cmark-gfm made rather than in
 * the source: the tree already knows which lines are paragraph lines
 * (not code, not HTML, not inside a fence), and the inline markup of
 * terms and definitions is kept. Each container of blocks is looked at
 * once, and each paragraph's direct children once, so the work grows
 * with the chapter.
 */
#include "blocks.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* Puts n (unlinked) before ref. */
static void insert_before(ov_node *ref, ov_node *n)
{
	n->parent = ref->parent;
	n->next = ref;
	n->prev = ref->prev;
	if (ref->prev)
		ref->prev->next = n;
	else
		ref->parent->first = n;
	ref->prev = n;
}

/* ---- GitHub alerts ---- */

/* Whether block quote q opens with an alert marker line; sets its kind
 * and the break that ends the marker line (NULL: the paragraph is the
 * marker alone). */
static bool alert_of(const ov_node *q, ov_callout_kind *kind, ov_node **brk)
{
	static const char *const marks[OV_CALLOUT_KINDS] = {"[!NOTE]", "[!TIP]", "[!IMPORTANT]", "[!WARNING]",
	                                                    "[!CAUTION]"};
	const ov_node *p = q->first;
	if (!p || p->type != OV_NODE_PARAGRAPH)
		return false;
	char line[16];
	size_t n = 0;
	const ov_node *c = p->first;
	for (; c && c->type != OV_NODE_SOFTBREAK && c->type != OV_NODE_LINEBREAK; c = c->next) {
		if (c->type != OV_NODE_TEXT || n + c->len >= sizeof line)
			return false;
		memcpy(line + n, c->text, c->len);
		n += c->len;
	}
	while (n && (line[n - 1] == ' ' || line[n - 1] == '\t'))
		n--;
	line[n] = '\0';
	for (int k = 0; k < OV_CALLOUT_KINDS; k++) {
		if (strcasecmp(line, marks[k]) == 0) {
			*kind = (ov_callout_kind)k;
			*brk = (ov_node *)c;
			return true;
		}
	}
	return false;
}

static void alert(ov_node *q)
{
	ov_callout_kind kind;
	ov_node *brk;
	if (!alert_of(q, &kind, &brk))
		return;
	ov_node *p = q->first;
	/* the marker line and the break after it go */
	for (ov_node *c = p->first; c;) {
		ov_node *next = c->next;
		bool last = c == brk || !brk;
		ov_node_unlink(c);
		if (last && brk)
			break;
		c = next;
	}
	if (!p->first)
		ov_node_unlink(p);
	q->type = OV_NODE_CALLOUT;
	q->as.callout.kind = kind;
}

/* ---- definition lists ---- */

static bool is_break(const ov_node *n) { return n->type == OV_NODE_SOFTBREAK || n->type == OV_NODE_LINEBREAK; }

/* A line that opens a definition: ':' then a space or tab, then text. */
static bool colon_start(const ov_node *n)
{
	return n && n->type == OV_NODE_TEXT && n->len >= 2 && n->text[0] == ':' && (n->text[1] == ' ' || n->text[1] == '\t');
}

/* Whether paragraph p has a line that opens a definition. */
static bool has_colon_line(const ov_node *p)
{
	for (const ov_node *c = p->first; c; c = c->next)
		if ((c == p->first || is_break(c->prev)) && colon_start(c))
			return true;
	return false;
}

/* The lines of a paragraph: its children's first nodes, each line
 * ending before the break that follows it. */
typedef struct {
	ov_node **start;
	size_t count;
} lines;

static lines split(const ov_node *p)
{
	size_t cap = 0;
	lines l = {NULL, 0};
	for (ov_node *c = p->first; c; c = c->next) {
		if (c != p->first && !is_break(c->prev))
			continue;
		if (is_break(c))
			continue; /* an empty line cannot be one in a paragraph */
		if (l.count == cap) {
			cap = cap ? cap * 2 : 8;
			l.start = ov_xrealloc(l.start, cap * sizeof *l.start);
		}
		l.start[l.count++] = c;
	}
	return l;
}

/* Moves the nodes of the line that starts at first to the end of to, up
 * to the break that ends it (which is left behind). */
static void move_line(ov_node *first, ov_node *to)
{
	for (ov_node *c = first; c && !is_break(c);) {
		ov_node *next = c->next;
		ov_node_unlink(c);
		ov_node_append(to, c);
		c = next;
	}
}

/* A term for each of lines [from, to) of l, appended to list. */
static void make_terms(ov_doc *doc, ov_node *list, const lines *l, size_t from, size_t to)
{
	for (size_t i = from; i < to; i++) {
		ov_node *dt = ov_node_new(doc, OV_NODE_DEFTERM, l->start[i]->pos);
		ov_node_append(list, dt);
		move_line(l->start[i], dt);
	}
}

/* Definitions from lines [from, to) of l (line from opens one), appended
 * to list: a ": " line opens a definition, the lines after it continue
 * it with their breaks. */
static void make_defs(ov_doc *doc, ov_node *list, const lines *l, size_t from, size_t to)
{
	ov_node *para = NULL;
	for (size_t i = from; i < to; i++) {
		ov_node *first = l->start[i];
		if (colon_start(first) || !para) {
			ov_node *dd = ov_node_new(doc, OV_NODE_DEFDESC, first->pos);
			ov_node_append(list, dd);
			para = ov_node_new(doc, OV_NODE_PARAGRAPH, first->pos);
			ov_node_append(dd, para);
			if (colon_start(first)) {
				/* the marker and the spaces after it are not text */
				size_t k = 1;
				while (k < first->len && (first->text[k] == ' ' || first->text[k] == '\t'))
					k++;
				first->text += k;
				first->len -= k;
				first->pos.col += (uint32_t)k;
			}
		} else {
			/* a continuation line: the break before it comes along */
			ov_node *b = first->prev;
			ov_node_unlink(b);
			ov_node_append(para, b);
		}
		ov_node *keep = first->len || first->type != OV_NODE_TEXT ? first : first->next;
		if (keep != first) {
			ov_node_unlink(first);
			if (!keep || is_break(keep))
				continue;
		}
		move_line(keep, para);
	}
}

/* A DEFLIST for paragraph p's terms, or the one right before p to add
 * them to. */
static ov_node *list_before(ov_doc *doc, ov_node *p)
{
	if (p->prev && p->prev->type == OV_NODE_DEFLIST)
		return p->prev;
	ov_node *list = ov_node_new(doc, OV_NODE_DEFLIST, p->pos);
	insert_before(p, list);
	return list;
}

/* Looks at paragraph p; returns the node to look at next. */
static ov_node *deflist_paragraph(ov_doc *doc, ov_node *p)
{
	ov_node *after = p->next;
	if (!has_colon_line(p))
		return after;
	lines l = split(p);
	size_t fc = 0;
	while (fc < l.count && !colon_start(l.start[fc]))
		fc++;
	if (fc > 0) {
		/* terms, then their definitions, in one paragraph */
		ov_node *list = list_before(doc, p);
		make_terms(doc, list, &l, 0, fc);
		make_defs(doc, list, &l, fc, l.count);
		ov_node_unlink(p);
	} else {
		ov_node *prev = p->prev;
		if (prev && prev->type == OV_NODE_PARAGRAPH && !has_colon_line(prev)) {
			/* the paragraph before holds the terms */
			lines t = split(prev);
			ov_node *list = list_before(doc, prev);
			make_terms(doc, list, &t, 0, t.count);
			ov_node_unlink(prev);
			free(t.start);
			make_defs(doc, list, &l, 0, l.count);
			ov_node_unlink(p);
		} else if (prev && prev->type == OV_NODE_DEFLIST) {
			/* more definitions of the list's last term */
			make_defs(doc, prev, &l, 0, l.count);
			ov_node_unlink(p);
		}
	}
	free(l.start);
	return after;
}

static bool holds_blocks(ov_node_type t)
{
	return t == OV_NODE_CHAPTER || t == OV_NODE_BLOCKQUOTE || t == OV_NODE_ITEM || t == OV_NODE_FOOTNOTE_DEF;
}

void ov_markdown_blocks(ov_doc *doc, ov_node *ch)
{
	/* the containers first, so that the walk does not see the tree change */
	ov_node **box = NULL;
	size_t count = 0, cap = 0;
	ov_iter it = ov_iter_start(ch);
	ov_node *n;
	bool ent;
	while ((n = ov_iter_next(&it, &ent))) {
		if (!ent)
			continue;
		if (ov_node_is_inline(n) || n->type == OV_NODE_PARAGRAPH || n->type == OV_NODE_HEADING) {
			ov_iter_skip_children(&it, n);
			continue;
		}
		if (!holds_blocks(n->type))
			continue;
		if (count == cap) {
			cap = cap ? cap * 2 : 16;
			box = ov_xrealloc(box, cap * sizeof *box);
		}
		box[count++] = n;
	}
	for (size_t i = 0; i < count; i++) {
		if (box[i]->type == OV_NODE_BLOCKQUOTE)
			alert(box[i]);
		for (ov_node *b = box[i]->first; b;)
			b = b->type == OV_NODE_PARAGRAPH ? deflist_paragraph(doc, b) : b->next;
	}
	free(box);
}
