/* node.c - document tree construction, walking and dumping (see doc.h). */
#include "doc.h"

#include <assert.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include <utf8proc.h>

#include "math/math.h"
#include "util/utf8.h"


void ov_doc_init(ov_doc *doc, ov_diag *diag)
{
	memset(doc, 0, sizeof *doc);
	ov_arena_init(&doc->arena);
	doc->diag = diag;
	doc->root = ov_node_new(doc, OV_NODE_BOOK, (ov_pos){0, 0, 0});
	doc->meta.language = "en";
	ov_theme_init(&doc->meta.theme);
}

void ov_doc_dispose(ov_doc *doc)
{
	free(doc->assets);
	free(doc->toc);
	free(doc->equations);
	ov_strmap_dispose(&doc->equation_of, NULL);
	ov_math_macros_free(doc->meta.math_macros);
	ov_arena_dispose(&doc->arena);
	memset(doc, 0, sizeof *doc);
}

const ov_equation *ov_doc_equation(const ov_doc *doc, const char *label)
{
	void **v = label ? ov_strmap_find(&doc->equation_of, label, strlen(label)) : NULL;
	size_t k = v ? (size_t)(uintptr_t)*v : 0;
	return k ? doc->equations[k - 1] : NULL;
}

ov_pos ov_node_math_pos(const ov_node *n, size_t off)
{
	uint32_t count = n->as.math.line_count, j = 0;
	if (!count)
		return n->pos;
	/* the last line that starts at or before off: a binary search, for
	 * a formula of many lines */
	uint32_t lo = 0, hi = count;
	while (hi - lo > 1) {
		uint32_t mid = lo + (hi - lo) / 2;
		if (n->as.math.line_off[mid] <= off)
			lo = mid;
		else
			hi = mid;
	}
	j = lo;
	size_t d = off >= n->as.math.line_off[j] ? off - n->as.math.line_off[j] : 0;
	return (ov_pos){n->pos.file, n->as.math.src_line[j], n->as.math.src_col[j] + (uint32_t)d};
}

ov_node *ov_node_new(ov_doc *doc, ov_node_type type, ov_pos pos)
{
	ov_node *n = ov_arena_alloc(&doc->arena, sizeof *n);
	n->type = type;
	n->pos = pos;
	n->text = "";
	return n;
}

void ov_node_append(ov_node *parent, ov_node *child)
{
	assert(!child->parent);
	child->parent = parent;
	child->prev = parent->last;
	child->next = NULL;
	if (parent->last)
		parent->last->next = child;
	else
		parent->first = child;
	parent->last = child;
}

void ov_node_insert_before(ov_node *next, ov_node *child)
{
	assert(!child->parent && next->parent);
	child->parent = next->parent;
	child->next = next;
	child->prev = next->prev;
	if (next->prev)
		next->prev->next = child;
	else
		next->parent->first = child;
	next->prev = child;
}

void ov_node_unlink(ov_node *n)
{
	ov_node *p = n->parent;
	if (!p)
		return;
	if (n->prev)
		n->prev->next = n->next;
	else
		p->first = n->next;
	if (n->next)
		n->next->prev = n->prev;
	else
		p->last = n->prev;
	n->parent = n->prev = n->next = NULL;
}

bool ov_node_is_block(const ov_node *n)
{
	return n->type >= OV_NODE_FIRST_BLOCK && n->type <= OV_NODE_LAST_BLOCK;
}

bool ov_node_is_inline(const ov_node *n)
{
	return n->type >= OV_NODE_FIRST_INLINE && n->type <= OV_NODE_LAST_INLINE;
}

bool ov_node_is_leaf(ov_node_type t)
{
	switch (t) {
	case OV_NODE_TEXT:
	case OV_NODE_SOFTBREAK:
	case OV_NODE_LINEBREAK:
	case OV_NODE_CODE:
	case OV_NODE_CODE_BLOCK:
	case OV_NODE_THEMATIC_BREAK:
	case OV_NODE_HTML_BLOCK:
	case OV_NODE_HTML_INLINE:
	case OV_NODE_FOOTNOTE_REF:
	case OV_NODE_ANCHOR:
	case OV_NODE_MATH:
	case OV_NODE_MATH_BLOCK:
		return true;
	default:
		return false;
	}
}

static const char *const type_names[OV_NODE__COUNT] = {
	[OV_NODE_NONE] = "none",
	[OV_NODE_BOOK] = "book",
	[OV_NODE_CHAPTER] = "chapter",
	[OV_NODE_PARAGRAPH] = "paragraph",
	[OV_NODE_HEADING] = "heading",
	[OV_NODE_BLOCKQUOTE] = "blockquote",
	[OV_NODE_LIST] = "list",
	[OV_NODE_ITEM] = "item",
	[OV_NODE_CODE_BLOCK] = "code_block",
	[OV_NODE_THEMATIC_BREAK] = "thematic_break",
	[OV_NODE_TABLE] = "table",
	[OV_NODE_TABLE_ROW] = "table_row",
	[OV_NODE_TABLE_CELL] = "table_cell",
	[OV_NODE_FIGURE] = "figure",
	[OV_NODE_FOOTNOTE_DEF] = "footnote_def",
	[OV_NODE_HTML_BLOCK] = "html_block",
	[OV_NODE_CALLOUT] = "callout",
	[OV_NODE_DEFLIST] = "deflist",
	[OV_NODE_DEFTERM] = "defterm",
	[OV_NODE_DEFDESC] = "defdesc",
	[OV_NODE_MATH_BLOCK] = "math_block",
	[OV_NODE_TEXT] = "text",
	[OV_NODE_SOFTBREAK] = "softbreak",
	[OV_NODE_LINEBREAK] = "linebreak",
	[OV_NODE_CODE] = "code",
	[OV_NODE_EMPH] = "emph",
	[OV_NODE_STRONG] = "strong",
	[OV_NODE_STRIKE] = "strike",
	[OV_NODE_LINK] = "link",
	[OV_NODE_IMAGE] = "image",
	[OV_NODE_FOOTNOTE_REF] = "footnote_ref",
	[OV_NODE_HTML_INLINE] = "html_inline",
	[OV_NODE_SUP] = "sup",
	[OV_NODE_SUB] = "sub",
	[OV_NODE_ANCHOR] = "anchor",
	[OV_NODE_MATH] = "math",
};

static const char *const callout_labels[] = {"Note", "Tip", "Important", "Warning", "Caution"};
static const char *const callout_names[] = {"note", "tip", "important", "warning", "caution"};

const char *ov_callout_label(ov_callout_kind k)
{
	return (unsigned)k < OV_CALLOUT_KINDS ? callout_labels[k] : "Note";
}

const char *ov_callout_name(ov_callout_kind k)
{
	return (unsigned)k < OV_CALLOUT_KINDS ? callout_names[k] : "note";
}

const char *ov_node_type_name(ov_node_type t)
{
	return t < OV_NODE__COUNT && type_names[t] ? type_names[t] : "?";
}

ov_iter ov_iter_start(const ov_node *root)
{
	ov_node *r = (ov_node *)root;
	return (ov_iter){r, r, true};
}

ov_node *ov_iter_next(ov_iter *it, bool *entering)
{
	ov_node *n = it->next;
	if (!n)
		return NULL;
	bool ent = it->next_entering;
	*entering = ent;
	/* compute the following event */
	if (ent && !ov_node_is_leaf(n->type)) {
		if (n->first) {
			it->next = n->first;
			it->next_entering = true;
		} else {
			it->next = n;
			it->next_entering = false;
		}
	} else if (n == it->root) {
		it->next = NULL;
	} else if (n->next) {
		it->next = n->next;
		it->next_entering = true;
	} else {
		it->next = n->parent;
		it->next_entering = false;
	}
	return n;
}

void ov_iter_skip_children(ov_iter *it, const ov_node *entered)
{
	if (ov_node_is_leaf(entered->type))
		return;
	it->next = (ov_node *)entered;
	it->next_entering = false;
}

/* An equation's printed number for \eqref (ov_math_ref_fn); ctx the doc. */
static const char *ref_number(void *ctx, const char *label)
{
	const ov_equation *e = ov_doc_equation(ctx, label);
	return e ? e->number : NULL;
}

/* ov_node_plain_text_buf, with the numbers of doc's equations for \eqref
 * (doc NULL: none known yet). */
static void plain_text(ov_buf *b, const ov_node *n, const ov_doc *doc)
{
	ov_iter it = ov_iter_start(n);
	ov_node *c;
	bool ent;
	while ((c = ov_iter_next(&it, &ent))) {
		if (!ent)
			continue;
		switch (c->type) {
		case OV_NODE_TEXT:
		case OV_NODE_CODE:
			ov_buf_put(b, c->text, c->len);
			break;
		case OV_NODE_MATH:
			/* a formula as Unicode text (x², a/b, √x); its TeX source
			 * when it has errors */
			if (c->as.math.math)
				ov_math_plain(b, c->as.math.math, doc ? ref_number : NULL, (void *)doc);
			else
				ov_buf_put(b, c->text, c->len);
			break;
		case OV_NODE_SOFTBREAK:
		case OV_NODE_LINEBREAK:
			ov_buf_putc(b, ' ');
			break;
		default:
			break;
		}
	}
}

void ov_node_plain_text_buf(ov_buf *b, const ov_node *n)
{
	plain_text(b, n, NULL);
}

const char *ov_node_plain_text(ov_doc *doc, const ov_node *n)
{
	ov_buf b = OV_BUF_INIT;
	plain_text(&b, n, doc);
	const char *s = ov_arena_strndup(&doc->arena, ov_buf_cstr(&b), b.len);
	ov_buf_dispose(&b);
	return s;
}

bool ov_url_has_scheme(const char *url)
{
	/* scheme = ALPHA *( ALPHA / DIGIT / "+" / "-" / "." ) ":" */
	const char *p = url;
	if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z')))
		return false;
	while ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
	       *p == '+' || *p == '-' || *p == '.')
		p++;
	return *p == ':';
}

/* The length of url's scheme when it is one of names (ASCII case
 * ignored), else 0. */
static size_t scheme_of(const char *url, const char *const *names, size_t count)
{
	if (!ov_url_has_scheme(url))
		return 0;
	size_t sl = (size_t)(strchr(url, ':') - url);
	for (size_t i = 0; i < count; i++)
		if (strlen(names[i]) == sl && strncasecmp(url, names[i], sl) == 0)
			return sl;
	return 0;
}

/* "//" and a host that is not empty (RFC 3986 §3.2: authority), and no
 * whitespace or control character anywhere. */
static bool has_host(const char *url, size_t sl)
{
	for (const char *p = url; *p; p++)
		if ((unsigned char)*p <= 0x20 || *p == 0x7F)
			return false;
	const char *h = url + sl + 1;
	return h[0] == '/' && h[1] == '/' && h[2] && h[2] != '/' && h[2] != '?' && h[2] != '#' &&
	       h[2] != '@' && h[2] != ':';
}

bool ov_url_scheme_allowed(const char *url)
{
	static const char *const allowed[] = {"http", "https", "ftp", "mailto", "tel"};
	return scheme_of(url, allowed, 5) != 0;
}

bool ov_url_is_web(const char *url)
{
	static const char *const web[] = {"http", "https"};
	size_t sl = scheme_of(url, web, 2);
	return sl && has_host(url, sl);
}

bool ov_url_is_safe(const char *url)
{
	static const char *const hosted[] = {"http", "https", "ftp"};
	static const char *const plain[] = {"mailto", "tel"};
	size_t sl = scheme_of(url, hosted, 3);
	if (sl)
		return has_host(url, sl);
	sl = scheme_of(url, plain, 2);
	if (!sl || !url[sl + 1])
		return false;
	for (const char *p = url; *p; p++)
		if ((unsigned char)*p < 0x20 || *p == 0x7F)
			return false;
	return true;
}

ov_node *ov_node_chapter(const ov_node *n)
{
	while (n && n->type != OV_NODE_CHAPTER)
		n = n->parent;
	return (ov_node *)n;
}

const char *ov_slugify(ov_arena *a, const char *text)
{
	size_t n = strlen(text);
	char *out = ov_arena_alloc(a, n + 8);
	size_t o = 0;
	bool dash = false;
	for (const unsigned char *p = (const unsigned char *)text; *p; p++) {
		unsigned c = *p;
		if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
			if (dash && o)
				out[o++] = '-';
			dash = false;
			out[o++] = (char)c;
		} else if (c >= 'A' && c <= 'Z') {
			if (dash && o)
				out[o++] = '-';
			dash = false;
			out[o++] = (char)(c - 'A' + 'a');
		} else if (c < 0x80 || (c & 0xC0) == 0xC0) {
			/* ASCII punctuation/space or a non-ASCII character starts a gap;
			 * continuation bytes belong to the character already counted */
			dash = true;
		}
	}
	if (!o) {
		strcpy(out, "section");
		return out;
	}
	/* XML ids (and CSS selectors) must not start with a digit */
	if (out[0] >= '0' && out[0] <= '9') {
		memmove(out + 2, out, o);
		out[0] = 's';
		out[1] = '-';
		o += 2;
	}
	out[o] = '\0';
	return out;
}

/* GitHub's anchor rule (html-pipeline's TableOfContentsFilter: the text
 * lowercased, every character but \p{Word}, '-' and ' ' removed, each space
 * made '-'; github-slugger states the same as general categories). Word
 * characters are letters (L*), marks (M*), decimal digits (Nd), letter
 * numbers (Nl) and connector punctuation (Pc); other numbers (No, "²"),
 * symbols (S*, emoji among them), other punctuation, separators other than
 * the space, controls and format characters go. */
static bool github_word(utf8proc_int32_t cp)
{
	switch (utf8proc_category(cp)) {
	case UTF8PROC_CATEGORY_LU:
	case UTF8PROC_CATEGORY_LL:
	case UTF8PROC_CATEGORY_LT:
	case UTF8PROC_CATEGORY_LM:
	case UTF8PROC_CATEGORY_LO:
	case UTF8PROC_CATEGORY_MN:
	case UTF8PROC_CATEGORY_MC:
	case UTF8PROC_CATEGORY_ME:
	case UTF8PROC_CATEGORY_ND:
	case UTF8PROC_CATEGORY_NL:
	case UTF8PROC_CATEGORY_PC:
		return true;
	default:
		return false;
	}
}

const char *ov_github_id(ov_arena *a, const char *text)
{
	size_t n = strlen(text);
	/* a lower-case form is at most 3 bytes longer per character in UTF-8
	 * (U+0130 -> "i" U+0307 is the widest growth: 2 -> 3 bytes) */
	char *out = ov_arena_alloc(a, n * 2 + 1);
	size_t o = 0;
	for (size_t i = 0; i < n;) {
		uint32_t cp;
		int l = ov_utf8_decode(text + i, n - i, &cp);
		if (l <= 0) {
			i++; /* a bad byte: the text was validated, so never here */
			continue;
		}
		i += (size_t)l;
		if (cp == ' ' || cp == '-') {
			out[o++] = '-';
			continue;
		}
		if (!github_word((utf8proc_int32_t)cp))
			continue;
		if (cp == 0x130) {
			/* Ruby's downcase uses the full mapping (SpecialCasing.txt):
			 * capital I with dot above is "i" and a combining dot */
			memcpy(out + o, "i\xCC\x87", 3);
			o += 3;
			continue;
		}
		cp = (uint32_t)utf8proc_tolower((utf8proc_int32_t)cp);
		o += (size_t)ov_utf8_encode(cp, out + o);
	}
	out[o] = '\0';
	return out;
}

/* XML 1.0 (fifth edition) §2.3 [4] NameStartChar and [4a] NameChar, less
 * the colon (Namespaces in XML, NCName), which EPUB content documents
 * require of id values. */
static bool name_start(uint32_t c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || (c >= 0xC0 && c <= 0xD6) ||
	       (c >= 0xD8 && c <= 0xF6) || (c >= 0xF8 && c <= 0x2FF) || (c >= 0x370 && c <= 0x37D) ||
	       (c >= 0x37F && c <= 0x1FFF) || (c >= 0x200C && c <= 0x200D) || (c >= 0x2070 && c <= 0x218F) ||
	       (c >= 0x2C00 && c <= 0x2FEF) || (c >= 0x3001 && c <= 0xD7FF) || (c >= 0xF900 && c <= 0xFDCF) ||
	       (c >= 0xFDF0 && c <= 0xFFFD) || (c >= 0x10000 && c <= 0xEFFFF);
}

static bool name_char(uint32_t c)
{
	return name_start(c) || c == '-' || c == '.' || (c >= '0' && c <= '9') || c == 0xB7 ||
	       (c >= 0x300 && c <= 0x36F) || (c >= 0x203F && c <= 0x2040);
}

const char *ov_xml_id(ov_arena *a, const char *name)
{
	size_t n = strlen(name);
	char *out = ov_arena_alloc(a, n + 3);
	size_t o = 0;
	for (size_t i = 0; i < n;) {
		uint32_t cp;
		int l = ov_utf8_decode(name + i, n - i, &cp);
		if (l <= 0) {
			i++;
			continue;
		}
		if (name_char(cp)) {
			memcpy(out + o, name + i, (size_t)l);
			o += (size_t)l;
		}
		i += (size_t)l;
	}
	out[o] = '\0';
	if (!o)
		return "section";
	uint32_t first;
	if (ov_utf8_decode(out, o, &first) <= 0 || !name_start(first)) {
		/* "1-intro" -> "s-1-intro", as ids made before the GitHub rule */
		memmove(out + 2, out, o + 1);
		out[0] = 's';
		out[1] = '-';
	}
	return out;
}

static void dump_str(ov_buf *b, const char *s, size_t len)
{
	ov_buf_putc(b, '"');
	for (size_t i = 0; i < len; i++) {
		char c = s[i];
		if (c == '"' || c == '\\')
			ov_buf_printf(b, "\\%c", c);
		else if (c == '\n')
			ov_buf_puts(b, "\\n");
		else
			ov_buf_putc(b, c);
	}
	ov_buf_putc(b, '"');
}

static const char *align_name(ov_align a)
{
	switch (a) {
	case OV_ALIGN_LEFT: return "left";
	case OV_ALIGN_CENTER: return "center";
	case OV_ALIGN_RIGHT: return "right";
	default: return "none";
	}
}

char *ov_doc_dump(const ov_doc *doc, const ov_node *root)
{
	(void)doc;
	ov_buf b = OV_BUF_INIT;
	ov_iter it = ov_iter_start(root);
	ov_node *n;
	bool ent;
	int depth = 0;
	while ((n = ov_iter_next(&it, &ent))) {
		if (!ent) {
			ov_buf_putc(&b, ')');
			depth--;
			continue;
		}
		if (b.len)
			ov_buf_putc(&b, '\n');
		for (int i = 0; i < depth; i++)
			ov_buf_puts(&b, "  ");
		ov_buf_printf(&b, "(%s", ov_node_type_name(n->type));
		switch (n->type) {
		case OV_NODE_CHAPTER:
			ov_buf_putc(&b, ' ');
			dump_str(&b, n->as.chapter.title ? n->as.chapter.title : "", n->as.chapter.title ? strlen(n->as.chapter.title) : 0);
			break;
		case OV_NODE_HEADING:
			ov_buf_printf(&b, " %d", n->as.heading.level);
			if (n->as.heading.id)
				ov_buf_printf(&b, " #%s", n->as.heading.id);
			break;
		case OV_NODE_LIST:
			ov_buf_printf(&b, " %s", n->as.list.ordered ? "ordered" : "bullet");
			if (n->as.list.ordered)
				ov_buf_printf(&b, " start=%d", n->as.list.start);
			if (n->as.list.tight)
				ov_buf_puts(&b, " tight");
			break;
		case OV_NODE_ITEM:
			if (n->as.item.task)
				ov_buf_puts(&b, n->as.item.task == 2 ? " [x]" : " [ ]");
			break;
		case OV_NODE_CODE_BLOCK:
			ov_buf_printf(&b, " info=");
			dump_str(&b, n->as.code.info, strlen(n->as.code.info));
			ov_buf_putc(&b, ' ');
			dump_str(&b, n->text, n->len);
			break;
		case OV_NODE_TEXT:
		case OV_NODE_CODE:
		case OV_NODE_HTML_BLOCK:
		case OV_NODE_HTML_INLINE:
			ov_buf_putc(&b, ' ');
			dump_str(&b, n->text, n->len);
			break;
		case OV_NODE_TABLE_ROW:
			if (n->as.row.header)
				ov_buf_puts(&b, " header");
			break;
		case OV_NODE_TABLE_CELL:
			ov_buf_printf(&b, " %s", align_name(n->as.cell.align));
			if (n->as.cell.span > 1)
				ov_buf_printf(&b, " span=%d", n->as.cell.span);
			if (n->as.cell.rowspan > 1)
				ov_buf_printf(&b, " rowspan=%d", n->as.cell.rowspan);
			break;
		case OV_NODE_LINK:
			ov_buf_putc(&b, ' ');
			dump_str(&b, n->as.link.url, strlen(n->as.link.url));
			break;
		case OV_NODE_IMAGE:
			ov_buf_putc(&b, ' ');
			dump_str(&b, n->as.image.url, strlen(n->as.image.url));
			break;
		case OV_NODE_FIGURE:
			ov_buf_printf(&b, " %d", n->as.figure.number);
			break;
		case OV_NODE_ANCHOR:
			if (n->as.anchor.id)
				ov_buf_printf(&b, " #%s", n->as.anchor.id);
			break;
		case OV_NODE_FOOTNOTE_DEF:
			ov_buf_printf(&b, " %d", n->as.footnote_def.number);
			break;
		case OV_NODE_FOOTNOTE_REF:
			ov_buf_printf(&b, " %d", n->as.footnote_ref.number);
			break;
		case OV_NODE_CALLOUT:
			ov_buf_printf(&b, " %s", ov_callout_name(n->as.callout.kind));
			break;
		case OV_NODE_MATH:
		case OV_NODE_MATH_BLOCK: {
			/* the source; "!" when it is shown as source; each row's
			 * number and id once the passes gave them */
			const ov_math *m = n->as.math.math;
			ov_buf_putc(&b, ' ');
			dump_str(&b, n->text, n->len);
			if (m && !m->ok)
				ov_buf_puts(&b, " !");
			for (size_t i = 0; m && n->as.math.numbers && i < m->row_count; i++) {
				if (n->as.math.numbers[i])
					ov_buf_printf(&b, " (%s)", n->as.math.numbers[i]);
				if (n->as.math.ids && n->as.math.ids[i])
					ov_buf_printf(&b, " #%s", n->as.math.ids[i]);
			}
			break;
		}
		default:
			break;
		}
		if (ov_node_is_leaf(n->type))
			ov_buf_putc(&b, ')');
		else
			depth++;
	}
	return ov_buf_detach(&b);
}

bool ov_list_hangs(const ov_node *list)
{
	if (list->type != OV_NODE_LIST || list->as.list.ordered || list->as.list.task)
		return false;
	for (const ov_node *p = list->parent; p; p = p->parent) {
		if (p->type == OV_NODE_LIST)
			return false;
		if (p->type == OV_NODE_CHAPTER)
			return p->as.chapter.hanging_lists;
	}
	return false;
}

/* EPUB 3 Structural Semantics Vocabulary §2 (document partitions and
 * divisions) and DPUB-ARIA 1.1 §4 have these names in common. */
static const char *const role_names[OV_ROLE__COUNT] = {
	"chapter",  "preface",  "foreword",   "introduction", "acknowledgments", "prologue",     "epilogue",
	"afterword", "conclusion", "appendix", "glossary",     "bibliography",    "index",        "colophon",
};

const char *ov_chapter_role_name(ov_chapter_role r)
{
	return r >= 0 && r < OV_ROLE__COUNT ? role_names[r] : "chapter";
}

ov_matter ov_chapter_role_matter(ov_chapter_role r)
{
	switch (r) {
	case OV_ROLE_PREFACE:
	case OV_ROLE_FOREWORD:
	case OV_ROLE_ACKNOWLEDGMENTS:
		return OV_MATTER_FRONT;
	case OV_ROLE_AFTERWORD:
	case OV_ROLE_APPENDIX:
	case OV_ROLE_GLOSSARY:
	case OV_ROLE_BIBLIOGRAPHY:
	case OV_ROLE_INDEX:
	case OV_ROLE_COLOPHON:
		return OV_MATTER_BACK;
	default:
		return OV_MATTER_BODY;
	}
}
