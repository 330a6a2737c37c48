/*
 * tags.c - the tagged PDF (PDF 1.7 §14.7 logical structure, §14.8 tagged
 * PDF; ISO 14289-1 PDF/UA-1 §7): the structure tree, written once the
 * pages and link annotations are made.
 *
 * The content streams (content.c) mark what the layout's OV_BOX_STRUCT
 * pairs enclose with MCIDs, each owned by a (node, role) tag; the tree
 * here comes from the document tree, as both writers read it: Document >
 * the front matter (P, the contents' H1 and TOC > TOCI) > a Sect per
 * chapter (its title an H1 or, for a sub-chapter, the level it is set
 * at), and in it the blocks: P, H1-H6 (the heading's rank, passes.c, so
 * that no level is skipped: Matterhorn 14-003), BlockQuote, L > LI > Lbl
 * + LBody, Table > THead/TBody > TR > TH (/Scope /Column) / TD, Figure
 * (/Alt: the Markdown alt text, whole) with its Caption, Code, Formula
 * (/Alt: its TeX source), Note (with an /ID, PDF/UA-1 7.9) and Div for a
 * callout or a definition list. Reading order is the tree's order.
 * A leaf element's kids are its marked-content references in page order,
 * and a Link element per link annotation drawn in it (its OBJR,
 * §14.7.4.3). The ParentTree (§14.7.4.4) maps each page's MCIDs and each
 * annotation's /StructParent back to their elements.
 *
 * Books have elements by the ten thousand: they are written as raw
 * dictionaries (harufix.h), numbered in order after the StructTreeRoot,
 * so that each body can name its parent and kids when it is made.
 */
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harufix.h"
#include "internal.h"
#include "util/nesting.h"
#include "util/strmap.h"

void ov_pdf_page_tags_dispose(ov_pdf_page_tags *t)
{
	for (size_t i = 0; i < t->nlinks; i++)
		free(t->links[i].text);
	free(t->links);
	free(t->mc);
	memset(t, 0, sizeof *t);
}

const char *ov_pdf_tag_type(const ov_pdf_tag *t)
{
	static const char *const h[] = {"H1", "H2", "H3", "H4", "H5", "H6"};
	switch (t->role) {
	case OV_SROLE_ARTIFACT:
	case OV_SROLE_PAGINATION: return NULL;
	case OV_SROLE_TITLE: {
		int d = t->node ? t->node->as.chapter.depth : 0;
		/* a sub-chapter's title is set one level below its parent's */
		return h[d < 0 ? 0 : d > 5 ? 5 : d];
	}
	case OV_SROLE_LBL: return "Lbl";
	case OV_SROLE_LABEL: return "P";
	case OV_SROLE_CAPTION: return "Caption";
	case OV_SROLE_FRONT_P: return "P";
	case OV_SROLE_TOC_TITLE: return "H1";
	case OV_SROLE_TOCI: return "TOCI";
	case OV_SROLE_NODE: break;
	}
	const ov_node *n = t->node;
	if (!n)
		return "P";
	switch (n->type) {
	case OV_NODE_HEADING: {
		int r = n->as.heading.rank;
		return h[r < 1 ? 0 : r > 6 ? 5 : r - 1];
	}
	case OV_NODE_PARAGRAPH: return n->parent && n->parent->type == OV_NODE_FIGURE ? "Caption" : "P";
	case OV_NODE_CODE_BLOCK: return "Code";
	case OV_NODE_MATH_BLOCK: return "Formula";
	case OV_NODE_FIGURE: return "Figure";
	case OV_NODE_FOOTNOTE_DEF: return "Note";
	case OV_NODE_TABLE_CELL: return n->parent && n->parent->as.row.header ? "TH" : "TD";
	default: return "P";
	}
}

static bool is_artifact_role(ov_struct_role r) { return r == OV_SROLE_ARTIFACT || r == OV_SROLE_PAGINATION; }

/* ---- the tree in memory ---- */

enum { KID_ELEM, KID_MCR, KID_OBJR };

typedef struct {
	uint8_t kind;
	uint32_t page; /* MCR, OBJR */
	uint32_t v;    /* ELEM: element index; MCR: MCID; OBJR: annotation index */
} kid;

typedef struct {
	const char *type;
	int parent;          /* element index, -1: the StructTreeRoot */
	kid *kids;
	size_t nk, ck;
	long pg;             /* the page of its first MCR, -1 none */
	char *alt;           /* /Alt (malloc'ed), NULL none */
	char *id;            /* /ID (malloc'ed), NULL none */
	bool th;             /* a TH: /A <</O /Table /Scope /Column>> */
	bool lang;           /* the Document: /Lang */
} elem;

/* The marked content and links of one tag, in page order. */
typedef struct {
	ov_pdf_tag tag;
	kid *items;          /* MCR and OBJR kids */
	size_t n, c;
	bool placed;
} rec;

typedef struct {
	ov_pdf_writer *w;
	elem *e;
	size_t ne, ce;
	rec *r;
	size_t nr, cr;
	ov_strmap of;        /* tag (its bytes) -> 1 + rec index */
	int **mcid_elem;     /* per page, per MCID: its element */
	int *annot_elem;     /* per annotation: its Link element */
} builder;

static void add_kid(kid **v, size_t *n, size_t *c, kid k)
{
	if (*n == *c) {
		*c = *c ? *c * 2 : 4;
		*v = ov_xrealloc(*v, *c * sizeof **v);
	}
	(*v)[(*n)++] = k;
}

static int new_elem(builder *b, int parent, const char *type)
{
	if (b->ne == b->ce) {
		b->ce = b->ce ? b->ce * 2 : 256;
		b->e = ov_xrealloc(b->e, b->ce * sizeof *b->e);
	}
	int i = (int)b->ne++;
	b->e[i] = (elem){type, parent, NULL, 0, 0, -1, NULL, NULL, false, false};
	if (parent >= 0) {
		elem *p = &b->e[parent];
		add_kid(&p->kids, &p->nk, &p->ck, (kid){KID_ELEM, 0, (uint32_t)i});
	}
	return i;
}

/* Drops element i, the last made, when it got no kids (a container
 * whose blocks drew nothing). */
static void drop_if_empty(builder *b, int i)
{
	if (b->e[i].nk || (size_t)i + 1 != b->ne)
		return;
	free(b->e[i].alt);
	free(b->e[i].id);
	b->ne--;
	int p = b->e[i].parent;
	if (p >= 0)
		b->e[p].nk--;
}

static rec *find(builder *b, const ov_node *node, ov_struct_role role, uint32_t serial)
{
	ov_pdf_tag k;
	memset(&k, 0, sizeof k);
	k.node = node;
	k.role = role;
	k.serial = serial;
	void **v = ov_strmap_find(&b->of, (const char *)&k, sizeof k);
	return v ? &b->r[(uintptr_t)*v - 1] : NULL;
}

static rec *get(builder *b, ov_pdf_tag t)
{
	ov_pdf_tag k;
	memset(&k, 0, sizeof k); /* the padding too: the key is the bytes */
	k.node = t.node;
	k.role = t.role;
	k.serial = t.node ? 0 : t.serial;
	bool found;
	void **slot = ov_strmap_slot(&b->of, (const char *)&k, sizeof k, &found);
	if (found)
		return &b->r[(uintptr_t)*slot - 1];
	if (b->nr == b->cr) {
		b->cr = b->cr ? b->cr * 2 : 256;
		b->r = ov_xrealloc(b->r, b->cr * sizeof *b->r);
	}
	b->r[b->nr] = (rec){k, NULL, 0, 0, false};
	*slot = (void *)(uintptr_t)(++b->nr);
	return &b->r[b->nr - 1];
}

/* The element of rec r under parent, typed type: its MCRs and a Link
 * element per annotation. */
static int place(builder *b, rec *r, int parent, const char *type)
{
	r->placed = true;
	int e = new_elem(b, parent, type);
	for (size_t i = 0; i < r->n; i++) {
		kid k = r->items[i];
		if (k.kind == KID_MCR) {
			if (b->e[e].pg < 0)
				b->e[e].pg = k.page;
			b->mcid_elem[k.page][k.v] = e;
			add_kid(&b->e[e].kids, &b->e[e].nk, &b->e[e].ck, k);
		} else {
			int l = new_elem(b, e, "Link");
			b->e[l].pg = k.page;
			add_kid(&b->e[l].kids, &b->e[l].nk, &b->e[l].ck, k);
			b->annot_elem[k.v] = l;
		}
	}
	return e;
}

/* Places the leaf (node, role) under parent when it drew anything. */
static int leaf(builder *b, const ov_node *node, ov_struct_role role, int parent)
{
	rec *r = find(b, node, role, 0);
	if (!r || r->placed)
		return -1;
	return place(b, r, parent, ov_pdf_tag_type(&r->tag));
}

/* The text of node's inlines (an image's alt text), appended to t. */
static void inline_text(const ov_node *n, ov_buf *t, int depth)
{
	for (const ov_node *k = n->first; k; k = k->next) {
		if (k->text && (k->type == OV_NODE_TEXT || k->type == OV_NODE_CODE || k->type == OV_NODE_MATH))
			ov_buf_put(t, k->text, k->len);
		else if (k->type == OV_NODE_SOFTBREAK || k->type == OV_NODE_LINEBREAK)
			ov_buf_putc(t, ' ');
		if (depth < OV_MAX_NESTING)
			inline_text(k, t, depth + 1);
	}
}

static void blocks(builder *b, const ov_node *first, int parent, int depth);

static void block(builder *b, const ov_node *n, int parent, int depth)
{
	if (depth > OV_MAX_NESTING)
		return;
	int e;
	switch (n->type) {
	case OV_NODE_BLOCKQUOTE:
		e = new_elem(b, parent, "BlockQuote");
		blocks(b, n->first, e, depth + 1);
		drop_if_empty(b, e);
		return;
	case OV_NODE_CALLOUT:
		e = new_elem(b, parent, "Div");
		leaf(b, n, OV_SROLE_LABEL, e);
		blocks(b, n->first, e, depth + 1);
		drop_if_empty(b, e);
		return;
	case OV_NODE_DEFLIST:
	case OV_NODE_DEFDESC:
		e = new_elem(b, parent, "Div");
		for (const ov_node *d = n->first; d; d = d->next) {
			if (d->type == OV_NODE_DEFTERM)
				leaf(b, d, OV_SROLE_NODE, e);
			else
				block(b, d, e, depth + 1);
		}
		drop_if_empty(b, e);
		return;
	case OV_NODE_LIST:
		/* PDF 1.7 §14.8.4.3.3: L > LI > Lbl, LBody */
		e = new_elem(b, parent, "L");
		for (const ov_node *it = n->first; it; it = it->next) {
			int li = new_elem(b, e, "LI");
			leaf(b, it, OV_SROLE_LBL, li);
			int body = new_elem(b, li, "LBody");
			blocks(b, it->first, body, depth + 1);
			drop_if_empty(b, body);
			drop_if_empty(b, li);
		}
		drop_if_empty(b, e);
		return;
	case OV_NODE_TABLE: {
		/* §14.8.4.3.4: Table > THead (the header row) and TBody > TR */
		e = new_elem(b, parent, "Table");
		int head = -1, body = -1;
		for (const ov_node *row = n->first; row; row = row->next) {
			int *g = row->as.row.header ? &head : &body;
			if (*g < 0 || (row->as.row.header && body >= 0))
				*g = new_elem(b, e, row->as.row.header ? "THead" : "TBody");
			int tr = new_elem(b, *g, "TR");
			for (const ov_node *cell = row->first; cell; cell = cell->next) {
				int c = leaf(b, cell, OV_SROLE_NODE, tr);
				if (c < 0) /* an empty cell keeps its column */
					c = new_elem(b, tr, row->as.row.header ? "TH" : "TD");
				b->e[c].th = row->as.row.header;
			}
		}
		return;
	}
	case OV_NODE_FIGURE: {
		rec *r = find(b, n, OV_SROLE_NODE, 0);
		if (!r)
			return;
		e = place(b, r, parent, "Figure");
		/* the alt text written in the Markdown, whole (PDF/UA-1 7.3) */
		ov_buf t = OV_BUF_INIT;
		if (n->as.figure.image)
			inline_text(n->as.figure.image, &t, 0);
		if (!t.len && n->as.figure.image && n->as.figure.image->as.image.title)
			ov_buf_puts(&t, n->as.figure.image->as.image.title);
		if (!t.len)
			ov_buf_puts(&t, "Figure");
		b->e[e].alt = ov_buf_detach(&t);
		if (n->as.figure.caption)
			leaf(b, n->as.figure.caption, OV_SROLE_NODE, e);
		else
			leaf(b, n, OV_SROLE_CAPTION, e);
		return;
	}
	case OV_NODE_MATH_BLOCK:
		e = leaf(b, n, OV_SROLE_NODE, parent);
		if (e >= 0) { /* its source, as a reader is told it (PDF/UA-1 7.7) */
			char *alt = ov_xmalloc(n->len + 1);
			memcpy(alt, n->text ? n->text : "", n->text ? n->len : 0);
			alt[n->text ? n->len : 0] = 0;
			b->e[e].alt = alt;
		}
		return;
	case OV_NODE_FOOTNOTE_DEF:
		e = leaf(b, n, OV_SROLE_NODE, parent);
		if (e >= 0) { /* PDF/UA-1 7.9: a Note has an ID, unique in the file */
			const ov_node *ch = n;
			while (ch && ch->type != OV_NODE_CHAPTER)
				ch = ch->parent;
			/* the chapter's file name tells chapters apart (their ids
			 * are all "chapter"), the note's id notes */
			const char *f = ch && ch->as.chapter.file ? ch->as.chapter.file : "ch";
			const char *dot = strrchr(f, '.');
			char buf[256];
			snprintf(buf, sizeof buf, "%.*s-%s", (int)(dot ? dot - f : (ptrdiff_t)strlen(f)), f,
			         n->as.footnote_def.id ? n->as.footnote_def.id : "fn");
			b->e[e].id = ov_xstrdup(buf);
		}
		return;
	case OV_NODE_ITEM:
		blocks(b, n->first, parent, depth + 1);
		return;
	default:
		leaf(b, n, OV_SROLE_NODE, parent);
		return;
	}
}

static void blocks(builder *b, const ov_node *first, int parent, int depth)
{
	for (const ov_node *n = first; n; n = n->next)
		block(b, n, parent, depth);
}

/* ---- writing ---- */

static void put_ref(ov_buf *o, unsigned long obj)
{
	ov_pdf_put_uint(o, obj);
	ov_buf_put(o, " 0 R", 4);
}

/* Element i's dictionary body (§14.7.2 table 323); element k is object
 * first + k, the root object root. */
static void elem_body(builder *b, size_t i, unsigned long root, unsigned long first, HPDF_Page *pages, ov_buf *o)
{
	const elem *e = &b->e[i];
	ov_buf_clear(o);
	/* no /Type: it is optional for a structure element (§14.7.2 table
	 * 323), and 17 bytes an element in a file that has tens of thousands */
	ov_buf_puts(o, "/S /");
	ov_buf_puts(o, e->type);
	ov_buf_puts(o, " /P ");
	put_ref(o, e->parent < 0 ? root : first + (unsigned long)e->parent);
	if (e->pg >= 0) {
		ov_buf_puts(o, " /Pg ");
		put_ref(o, ov_haru_object_number(pages[e->pg]));
	}
	if (e->lang && b->w->doc->meta.language) {
		ov_buf_puts(o, " /Lang ");
		const char *l = b->w->doc->meta.language;
		ov_pdf_put_text_string(o, l, strlen(l));
	}
	if (e->alt) {
		ov_buf_puts(o, " /Alt ");
		ov_pdf_put_text_string(o, e->alt, strlen(e->alt));
	}
	if (e->id) {
		ov_buf_puts(o, " /ID ");
		ov_pdf_put_text_string(o, e->id, strlen(e->id));
	}
	if (e->th) /* §14.8.5.7 table 349: a column's header */
		ov_buf_puts(o, " /A <</O /Table /Scope /Column>>");
	ov_buf_puts(o, " /K [");
	for (size_t k = 0; k < e->nk; k++) {
		const kid *d = &e->kids[k];
		if (k)
			ov_buf_putc(o, ' ');
		if (d->kind == KID_ELEM) {
			put_ref(o, first + d->v);
		} else if (d->kind == KID_MCR) {
			if ((long)d->page == e->pg) {
				ov_pdf_put_uint(o, d->v);
			} else {
				ov_buf_puts(o, "<</Type /MCR /Pg ");
				put_ref(o, ov_haru_object_number(pages[d->page]));
				ov_buf_puts(o, " /MCID ");
				ov_pdf_put_uint(o, d->v);
				ov_buf_puts(o, ">>");
			}
		} else {
			const ov_pdf_annot *a = &b->w->annots[d->v];
			ov_buf_puts(o, "<</Type /OBJR /Pg ");
			put_ref(o, ov_haru_object_number(pages[a->page]));
			ov_buf_puts(o, " /Obj ");
			put_ref(o, a->obj);
			ov_buf_puts(o, ">>");
		}
	}
	ov_buf_puts(o, "]\n");
}

void ov_pdf_add_structure(ov_pdf_writer *w, HPDF_Page *pages)
{
	HPDF_Doc pdf = w->pdf;
	const ov_doc *doc = w->doc;
	const ov_layout *L = w->L;
	if (w->hs.error || !w->tags)
		return;
	builder b;
	memset(&b, 0, sizeof b);
	b.w = w;
	b.mcid_elem = ov_xcalloc(L->page_count + 1, sizeof *b.mcid_elem);
	b.annot_elem = ov_xcalloc(w->nannots + 1, sizeof *b.annot_elem);
	/* the tags' marked content and links, in page order: a link after
	 * the sequences opened before it */
	rec *last = NULL; /* the rec of last_tag (get's array moves when it grows: reset below) */
	ov_pdf_tag last_tag = {NULL, 0, OV_SROLE_NODE};
	for (size_t p = 0; p < L->page_count; p++) {
		ov_pdf_page_tags *pt = &w->tags[p];
		b.mcid_elem[p] = ov_xcalloc(pt->nmc + 1, sizeof **b.mcid_elem);
		size_t l = 0;
		for (size_t m = 0; m <= pt->nmc; m++) {
			for (; l < pt->nlinks && pt->links[l].after <= m; l++) {
				ov_pdf_link_tag *lt = &pt->links[l];
				if (lt->annot < 0 || is_artifact_role(lt->owner.role))
					continue;
				rec *r = get(&b, lt->owner);
				last = NULL; /* get may have moved the recs */
				add_kid(&r->items, &r->n, &r->c, (kid){KID_OBJR, (uint32_t)p, (uint32_t)lt->annot});
			}
			if (m < pt->nmc) {
				ov_pdf_tag t = pt->mc[m];
				/* the sequences of a page come in runs of one element
				 * (a paragraph's lines around a footnote's) */
				if (!last || t.node != last_tag.node || t.role != last_tag.role || t.serial != last_tag.serial) {
					last = get(&b, t);
					last_tag = t;
				}
				rec *r = last;
				add_kid(&r->items, &r->n, &r->c, (kid){KID_MCR, (uint32_t)p, (uint32_t)m});
			}
		}
	}
	/* Document: the front matter, then the chapters */
	int docu = new_elem(&b, -1, "Document");
	b.e[docu].lang = true;
	int toc = -1, front = -1;
	for (size_t i = 0; i < b.nr; i++) {
		rec *r = &b.r[i];
		if (r->tag.node)
			continue;
		if (r->tag.role == OV_SROLE_TOCI) {
			if (toc < 0)
				toc = new_elem(&b, docu, "TOC");
			place(&b, r, toc, "TOCI");
		} else if (r->tag.role == OV_SROLE_TOC_TITLE) {
			place(&b, r, docu, "H1");
		} else {
			if (front < 0)
				front = new_elem(&b, docu, "Sect");
			place(&b, r, front, "P");
		}
	}
	for (const ov_node *ch = doc->root ? doc->root->first : NULL; ch; ch = ch->next) {
		if (ch->type != OV_NODE_CHAPTER)
			continue;
		int s = new_elem(&b, docu, "Sect");
		leaf(&b, ch, OV_SROLE_TITLE, s);
		for (const ov_node *n = ch->first; n; n = n->next)
			if (n != ch->as.chapter.title_heading)
				block(&b, n, s, 1);
		drop_if_empty(&b, s);
	}
	/* whatever the walk did not reach (a block inside raw HTML, say)
	 * still has its element, at the end, so that every MCID has one */
	for (size_t i = 0; i < b.nr; i++)
		if (!b.r[i].placed)
			place(&b, &b.r[i], docu, ov_pdf_tag_type(&b.r[i].tag) ? ov_pdf_tag_type(&b.r[i].tag) : "P");

	/* the objects: the root, the elements in order, the parent tree */
	ov_haru_reserve_objects(pdf, b.ne + 4);
	HPDF_Dict root = HPDF_Dict_New(pdf->mmgr);
	if (!root || HPDF_Xref_Add(pdf->xref, root) != HPDF_OK)
		goto done;
	unsigned long rootn = ov_haru_object_number(root), first = rootn + 1;
	ov_buf o = OV_BUF_INIT;
	HPDF_Dict docd = NULL;
	for (size_t i = 0; i < b.ne && !w->hs.error; i++) {
		elem_body(&b, i, rootn, first, pages, &o);
		HPDF_Dict d = ov_haru_raw_dict(pdf, o.ptr, o.len);
		if (i == 0)
			docd = d;
		if (!d || ov_haru_object_number(d) != first + i) {
			if (!w->hs.error)
				w->hs.error = HPDF_INVALID_OBJECT; /* numbered otherwise than written: never expected */
			break;
		}
	}
	/* ParentTree (§14.7.4.4): a number tree of one node; page p's key p,
	 * an annotation's its /StructParent */
	ov_buf_clear(&o);
	ov_buf_puts(&o, "/Nums [");
	for (size_t p = 0; p < L->page_count; p++) {
		if (!w->tags[p].nmc)
			continue;
		ov_pdf_put_uint(&o, p);
		ov_buf_puts(&o, " [");
		for (size_t m = 0; m < w->tags[p].nmc; m++) {
			if (m)
				ov_buf_putc(&o, ' ');
			put_ref(&o, first + (unsigned long)b.mcid_elem[p][m]);
		}
		ov_buf_puts(&o, "]\n");
	}
	for (size_t a = 0; a < w->nannots; a++)
		if (b.annot_elem[a] > 0)
			ov_buf_printf(&o, "%d %lu 0 R\n", w->annots[a].key, first + (unsigned long)b.annot_elem[a]);
	ov_buf_puts(&o, "]\n");
	HPDF_Dict ptree = w->hs.error ? NULL : ov_haru_raw_dict(pdf, o.ptr, o.len);
	ov_buf_dispose(&o);
	if (!ptree)
		goto done;
	HPDF_STATUS st = HPDF_Dict_AddName(root, "Type", "StructTreeRoot");
	st += HPDF_Dict_Add(root, "K", docd);
	st += HPDF_Dict_Add(root, "ParentTree", ptree);
	st += HPDF_Dict_AddNumber(root, "ParentTreeNextKey", (HPDF_INT32)(L->page_count + w->nannots));
	st += HPDF_Dict_Add(pdf->catalog, "StructTreeRoot", root);
	if (st != HPDF_OK)
		goto done;
	/* the catalog (PDF 1.7 §7.7.2, §14.8.1; PDF/UA-1 7.1, 7.2): a tagged
	 * file in the book's language, its title shown as the window's */
	HPDF_Dict mark = HPDF_Dict_New(pdf->mmgr);
	if (mark) {
		HPDF_Dict_Add(mark, "Marked", HPDF_Boolean_New(pdf->mmgr, HPDF_TRUE));
		HPDF_Dict_Add(pdf->catalog, "MarkInfo", mark);
	}
	if (doc->meta.language && *doc->meta.language)
		HPDF_Dict_Add(pdf->catalog, "Lang", HPDF_String_New(pdf->mmgr, doc->meta.language, NULL));
	HPDF_Dict vp = HPDF_Dict_GetItem(pdf->catalog, "ViewerPreferences", HPDF_OCLASS_DICT);
	if (!vp && (vp = HPDF_Dict_New(pdf->mmgr)) != NULL)
		HPDF_Dict_Add(pdf->catalog, "ViewerPreferences", vp);
	if (vp)
		HPDF_Dict_Add(vp, "DisplayDocTitle", HPDF_Boolean_New(pdf->mmgr, HPDF_TRUE));
	for (size_t p = 0; p < L->page_count; p++) {
		if (!pages[p])
			continue;
		if (w->tags[p].nmc)
			HPDF_Dict_AddNumber(pages[p], "StructParents", (HPDF_INT32)p);
		/* PDF/UA-1 7.18.3: annotations in the structure's order */
		HPDF_Dict_AddName(pages[p], "Tabs", "S");
	}
done:
	for (size_t i = 0; i < b.ne; i++) {
		free(b.e[i].kids);
		free(b.e[i].alt);
		free(b.e[i].id);
	}
	free(b.e);
	for (size_t i = 0; i < b.nr; i++)
		free(b.r[i].items);
	free(b.r);
	ov_strmap_dispose(&b.of, NULL);
	for (size_t p = 0; p < L->page_count; p++)
		free(b.mcid_elem[p]);
	free(b.mcid_elem);
	free(b.annot_elem);
}
