/*
 * mathsyntax.c - math recognised in a chapter's Markdown (mathsyntax.h).
 *
 * One cmark-gfm syntax extension per parser, its state in the
 * extension's private data (no globals: cmark-gfm's own table of special
 * inline characters is global, which is why chapters are parsed one after
 * the other, markdown.c). The extension makes no node types of its own
 * (cmark_syntax_extension_add_node hands out numbers from a global
 * counter): a formula is a CMARK_NODE_CODE (inline) or CMARK_NODE_CODE_BLOCK
 * (display) node that carries this extension and, as user data, a record
 * with its source and where each of its lines is in the file.
 *
 * Inline: '$' is a special inline character; at one, the raw subject is
 * read up to the closing dollar (GitHub's rules, mathsyntax.h), so no
 * backslash escape, emphasis or smart punctuation touches the formula. A
 * '$' the rules refuse is left to cmark, which makes it text. Each formula
 * is scanned once, and a refused '$' stops at the next unescaped '$', so a
 * paragraph costs time in proportion to its length.
 *
 * Display: try_opening_block opens on a line whose first non-space
 * characters are "$$" (tried by cmark-gfm after every other block start,
 * blocks.c open_new_blocks, so a "$$" line is not a paragraph's); lines
 * then go to last_block_matches, which takes each line after its
 * containers' prefixes as TeX until one ends with "$$". The node is a code
 * block, so cmark opens no block inside it.
 */
#include "mathsyntax.h"

#include <string.h>

#include <cmark-gfm-extension_api.h>
/* struct cmark_chunk: the subject an inline extension reads (installed
 * by libcmark-gfm-dev with the extension API, as the table extension uses it) */
#include <cmark-gfm/chunk.h>

#include "math/math.h"
#include "util/buf.h"

/* A formula found by the extension: its source and line map. */
typedef struct rec {
	struct rec *next;
	bool display;     /* a $$ display block */
	bool dbl;         /* inline math written $$...$$ */
	bool closed;      /* display: its closing "$$" was seen */
	bool in_text;     /* \eqref{...} or \ref{...} in running text (ref_run) */
	ov_pos open;      /* the opening '$' or "$$" */
	ov_buf text;      /* the TeX source */
	/* line j of the source starts at byte off[j], file line line[j],
	 * byte column col[j] */
	uint32_t *off, *line, *col;
	size_t count, cap;
} rec;

struct ov_md_math {
	ov_md_conv *c;
	cmark_syntax_extension *ext;
	ov_math_macros *macros; /* the chapter's, on top of the book's */
	rec *recs;
};

static bool is_space(unsigned char ch) { return ch == ' ' || ch == '\t' || ch == '\n' || ch == '\r'; }

static rec *new_rec(ov_md_math *m)
{
	rec *r = ov_xcalloc(1, sizeof *r);
	r->next = m->recs;
	m->recs = r;
	return r;
}

/* Appends a line of the source: it starts at byte off of the text, at
 * parsed line pl, byte column col (mapped through mdBook's includes). */
static void add_line(ov_md_math *m, rec *r, size_t off, uint32_t pl, uint32_t col)
{
	if (r->count == r->cap) {
		r->cap = r->cap ? r->cap * 2 : 4;
		r->off = ov_xrealloc(r->off, r->cap * sizeof *r->off);
		r->line = ov_xrealloc(r->line, r->cap * sizeof *r->line);
		r->col = ov_xrealloc(r->col, r->cap * sizeof *r->col);
	}
	ov_pos p = ov_md_src_pos(m->c, pl, col);
	r->off[r->count] = (uint32_t)off;
	r->line[r->count] = p.line;
	r->col[r->count] = p.col;
	r->count++;
}

/* The byte column (from 1) where seg[0..len), a piece of parsed line pl
 * as cmark passed it on (without its containers' prefixes and its
 * indentation), starts in that line: where it ends the line, else where
 * it first occurs; fallback when it is not there (a tab cmark expanded). */
static uint32_t seg_col(ov_md_conv *c, uint32_t pl, const char *seg, size_t len, uint32_t fallback)
{
	size_t ll;
	const char *line = ov_md_parsed_line(c, pl, &ll);
	if (!line)
		return fallback;
	while (len && (seg[len - 1] == ' ' || seg[len - 1] == '\t'))
		len--;
	while (ll && (line[ll - 1] == ' ' || line[ll - 1] == '\t'))
		ll--;
	if (len <= ll && memcmp(line + ll - len, seg, len) == 0)
		return (uint32_t)(ll - len + 1);
	for (size_t i = 0; len && i + len <= ll; i++)
		if (line[i] == seg[0] && memcmp(line + i, seg, len) == 0)
			return (uint32_t)(i + 1);
	return fallback;
}

/* ---- inline ---- */

/* The end of the formula opened at d[p] ('$'), GitHub's rules: sets the
 * source [*a, *b) and returns the offset after the closing dollar(s), or
 * 0 when the dollar is not math. */
static size_t scan_inline(const char *d, size_t n, size_t p, size_t *a, size_t *b, bool *dbl)
{
	*dbl = false;
	if (p + 1 < n && d[p + 1] == '`') {
		/* GitHub's $`...`$: a backtick run, the same run again, then '$' */
		size_t k = p + 1;
		while (k < n && d[k] == '`')
			k++;
		size_t run = k - p - 1;
		for (size_t i = k; i < n; i++) {
			if (d[i] != '`')
				continue;
			size_t j = i;
			while (j < n && d[j] == '`')
				j++;
			if (j - i == run && j < n && d[j] == '$' && i > k) {
				*a = k;
				*b = i;
				return j + 1;
			}
			if (j - i == run)
				break; /* a code span's end without '$': not math */
			i = j - 1;
		}
	}
	*dbl = p + 1 < n && d[p + 1] == '$';
	if (*dbl) {
		/* $$...$$ in a sentence: up to the next unescaped "$$" */
		size_t i = p + 2;
		for (; i + 1 < n; i++) {
			if (d[i] == '\\')
				i++;
			else if (d[i] == '$' && d[i + 1] == '$')
				break;
		}
		if (i + 1 >= n)
			return 0;
		bool blank = true;
		for (size_t k = p + 2; k < i && blank; k++)
			blank = is_space((unsigned char)d[k]);
		if (blank)
			return 0;
		*a = p + 2;
		*b = i;
		return i + 2;
	}
	/* not math when a space follows the opening dollar */
	if (p + 1 >= n || is_space((unsigned char)d[p + 1]))
		return 0;
	/* a dollar inside braces is the formula's own (\text{for all $i$}),
	 * as MathJax reads it: a formula's braces balance. At most
	 * MAX_INNER such dollars are passed over, and with braces that never
	 * close the first of them ends the formula as before, so that each
	 * byte is scanned from a bounded number of dollars. */
	enum { MAX_INNER = 16 };
	size_t i = p + 1, depth = 0, inner = 0, first_inner = 0;
	for (; i < n; i++) {
		if (d[i] == '\\') {
			i++;
		} else if (d[i] == '{') {
			depth++;
		} else if (d[i] == '}') {
			depth -= depth > 0;
		} else if (d[i] == '$') {
			if (depth == 0)
				break;
			if (!inner++)
				first_inner = i;
			if (inner > MAX_INNER) {
				i = first_inner;
				break;
			}
		}
	}
	if (i >= n && inner)
		i = first_inner;
	/* the first unescaped dollar outside braces decides: it closes unless
	 * a space precedes it or a digit follows it ("$5 and $10", "$x$5") */
	if (i >= n || is_space((unsigned char)d[i - 1]) || (i + 1 < n && d[i + 1] >= '0' && d[i + 1] <= '9'))
		return 0;
	*a = p + 1;
	*b = i;
	return i + 1;
}

static cmark_node *match_inline(cmark_syntax_extension *ext, cmark_parser *parser, cmark_node *parent,
                                unsigned char ch, cmark_inline_parser *ip)
{
	(void)parser, (void)parent;
	if (ch != '$')
		return NULL;
	ov_md_math *m = cmark_syntax_extension_get_private(ext);
	const cmark_chunk *chunk = cmark_inline_parser_get_chunk(ip);
	const char *d = (const char *)chunk->data;
	size_t n = (size_t)chunk->len, p = (size_t)cmark_inline_parser_get_offset(ip), a, b;
	bool dbl;
	size_t end = scan_inline(d, n, p, &a, &b, &dbl);
	if (!end)
		return NULL;
	rec *r = new_rec(m);
	r->dbl = dbl;
	ov_buf_put(&r->text, d + a, b - a);
	/* the line of the opening dollar, and its column: that of the
	 * subject's line found in the parsed line */
	uint32_t pl = (uint32_t)cmark_inline_parser_get_line(ip);
	size_t ls = p;
	while (ls && d[ls - 1] != '\n')
		ls--;
	size_t le = p;
	while (le < n && d[le] != '\n')
		le++;
	uint32_t guess = (uint32_t)cmark_inline_parser_get_column(ip) - (uint32_t)(p - ls);
	uint32_t col0 = seg_col(m->c, pl, d + ls, le - ls, guess > 0 && guess < 1u << 30 ? guess : 1);
	r->open = ov_md_src_pos(m->c, pl, col0 + (uint32_t)(p - ls));
	add_line(m, r, 0, pl, col0 + (uint32_t)(a - ls));
	for (size_t q = a; q < b; q++) {
		if (d[q] != '\n')
			continue;
		le = q + 1;
		while (le < n && d[le] != '\n')
			le++;
		pl++;
		add_line(m, r, q + 1 - a, pl, seg_col(m->c, pl, d + q + 1, le - q - 1, 1));
	}
	cmark_node *node = cmark_node_new_with_mem_and_ext(CMARK_NODE_CODE, cmark_get_default_mem_allocator(), ext);
	cmark_node_set_user_data(node, r);
	cmark_inline_parser_set_offset(ip, (int)end);
	return node;
}

/* ---- display ---- */

/* The end of line input[0..len) without its line end and trailing blanks. */
static size_t trimmed_end(const unsigned char *input, size_t len)
{
	while (len && is_space(input[len - 1]))
		len--;
	return len;
}

/* Moves the parser to the end of the line, so that cmark adds nothing of
 * it to the node (the record has it). */
static void eat_line(cmark_parser *parser, const unsigned char *input, size_t len)
{
	size_t e = len;
	while (e && (input[e - 1] == '\n' || input[e - 1] == '\r'))
		e--;
	int off = cmark_parser_get_offset(parser);
	if ((size_t)off < e)
		cmark_parser_advance_offset(parser, (const char *)input, (int)e - off, 0);
}

/* Adds line content input[from, to) of parsed line pl to display r. */
static void display_line(ov_md_math *m, rec *r, const unsigned char *input, size_t from, size_t to, uint32_t pl)
{
	if (r->count)
		ov_buf_putc(&r->text, '\n');
	add_line(m, r, r->text.len, pl, (uint32_t)from + 1);
	ov_buf_put(&r->text, input + from, to - from);
}

static cmark_node *open_block(cmark_syntax_extension *ext, int indented, cmark_parser *parser,
                              cmark_node *parent, unsigned char *input, int len)
{
	if (indented || len < 2)
		return NULL;
	size_t f = (size_t)cmark_parser_get_first_nonspace(parser), n = (size_t)len;
	if (f + 1 >= n || input[f] != '$' || input[f + 1] != '$')
		return NULL;
	size_t e = trimmed_end(input, n), from = f + 2, close = e;
	/* a "$$" later on the line: "$$ x $$" is a display when it ends the
	 * line; "$$a$$ is the area" is a paragraph with inline math */
	for (size_t i = from; i + 1 < e; i++) {
		if (input[i] == '\\') {
			i++;
		} else if (input[i] == '$' && input[i + 1] == '$') {
			close = i;
			break;
		}
	}
	if (close != e && (close + 2 != e || close == from))
		return NULL;
	ov_md_math *m = cmark_syntax_extension_get_private(ext);
	uint32_t pl = (uint32_t)cmark_parser_get_line_number(parser);
	cmark_node *node = cmark_parser_add_child(parser, parent, CMARK_NODE_CODE_BLOCK, (int)f + 1);
	cmark_node_set_syntax_extension(node, ext);
	rec *r = new_rec(m);
	r->display = true;
	r->open = ov_md_src_pos(m->c, pl, (uint32_t)f + 1);
	r->closed = close != e;
	size_t to = r->closed ? close : e;
	size_t k = from;
	while (k < to && (input[k] == ' ' || input[k] == '\t'))
		k++;
	if (k < to)
		display_line(m, r, input, from, to, pl);
	cmark_node_set_user_data(node, r);
	eat_line(parser, input, n);
	return node;
}

static int match_block(cmark_syntax_extension *ext, cmark_parser *parser, unsigned char *input, int len,
                       cmark_node *container)
{
	rec *r = cmark_node_get_user_data(container);
	if (!r || r->closed)
		return 0;
	ov_md_math *m = cmark_syntax_extension_get_private(ext);
	size_t off = (size_t)cmark_parser_get_offset(parser), n = (size_t)len;
	size_t e = trimmed_end(input, n);
	if (e < off)
		e = off;
	r->closed = e >= off + 2 && input[e - 1] == '$' && input[e - 2] == '$';
	size_t to = r->closed ? e - 2 : e;
	/* the closing line's "$$" alone adds nothing; a blank line inside is
	 * kept (TeX ignores it) so that the lines stay the file's */
	if (!r->closed || to > off)
		display_line(m, r, input, off, to, (uint32_t)cmark_parser_get_line_number(parser));
	eat_line(parser, input, n);
	return 1;
}

/* ---- references in running text ---- */

/* Books written for MathJax refer to equations outside any dollars
 * (MathJax's processRefs): "\eqref{label}" and "\ref{label}" in text.
 * cmark-gfm never hands a backslash to an extension (its own escapes
 * take it), so they are found after the inline parse, in the text nodes
 * (postprocess), and each becomes an inline formula of its own, as if it
 * had been written in dollars. Code spans and blocks are not text nodes,
 * and link texts are left alone (a link in a link). */

#define REF_MAX_LABEL 256

/* The length of a reference at t[0..n) ("\eqref{l}" or "\ref{l}", a
 * label of 1 to REF_MAX_LABEL bytes without braces, backslashes, dollars
 * or line ends), or 0. */
static size_t ref_at(const char *t, size_t n)
{
	size_t k;
	if (n >= 7 && memcmp(t, "\\eqref{", 7) == 0)
		k = 7;
	else if (n >= 5 && memcmp(t, "\\ref{", 5) == 0)
		k = 5;
	else
		return 0;
	size_t a = k;
	while (k < n && k - a <= REF_MAX_LABEL && t[k] != '}' && t[k] != '{' && t[k] != '\\' && t[k] != '$' &&
	       t[k] != '\n')
		k++;
	if (k >= n || t[k] != '}' || k == a || k - a > REF_MAX_LABEL)
		return 0;
	return k + 1;
}

/* The byte column (from 1) of ref[0..len) in parsed line pl: its
 * occurrence nearest to guess (cmark's column of the text node plus the
 * offset in it, which escapes and entities before it may have moved). */
static uint32_t ref_col(ov_md_conv *c, uint32_t pl, const char *ref, size_t len, uint32_t guess)
{
	size_t ll;
	const char *line = ov_md_parsed_line(c, pl, &ll);
	uint32_t best = guess, dist = UINT32_MAX;
	for (size_t i = 0; line && i + len <= ll; i++) {
		if (line[i] != '\\' || memcmp(line + i, ref, len) != 0)
			continue;
		uint32_t col = (uint32_t)i + 1, d = col > guess ? col - guess : guess - col;
		if (d < dist)
			best = col, dist = d;
	}
	return best;
}

/* The references in the run of text nodes from first (consecutive
 * siblings), each made an inline formula. */
static void ref_run(ov_md_math *m, cmark_node *first)
{
	cmark_mem *mem = cmark_get_default_mem_allocator();
	ov_buf t = OV_BUF_INIT;
	for (cmark_node *k = first; k && cmark_node_get_type(k) == CMARK_NODE_TEXT; k = cmark_node_next(k)) {
		const char *lit = cmark_node_get_literal(k);
		ov_buf_puts(&t, lit ? lit : "");
	}
	const char *d = ov_buf_cstr(&t);
	if (!strstr(d, "ref{")) {
		ov_buf_dispose(&t);
		return;
	}
	int line = cmark_node_get_start_line(first), col = cmark_node_get_start_column(first);
	/* the run becomes: text, formula, text, ... in place of its nodes */
	cmark_node *at = first;
	size_t from = 0;
	bool any = false;
	for (size_t i = 0; i < t.len; i++) {
		size_t len = d[i] == '\\' ? ref_at(d + i, t.len - i) : 0;
		if (!len)
			continue;
		if (!any) {
			/* the run's nodes go; the text before the first reference
			 * stays in the first one */
			for (cmark_node *k = cmark_node_next(first), *next; k && cmark_node_get_type(k) == CMARK_NODE_TEXT;
			     k = next) {
				next = cmark_node_next(k);
				cmark_node_free(k);
			}
			any = true;
		}
		if (i > from) {
			cmark_node *tx = cmark_node_new_with_mem(CMARK_NODE_TEXT, mem);
			ov_buf piece = OV_BUF_INIT;
			ov_buf_put(&piece, d + from, i - from);
			cmark_node_set_literal(tx, ov_buf_cstr(&piece));
			ov_buf_dispose(&piece);
			cmark_node_insert_before(at, tx);
		}
		rec *r = new_rec(m);
		r->in_text = true;
		ov_buf_put(&r->text, d + i, len);
		uint32_t pl = line > 0 ? (uint32_t)line : 0;
		uint32_t c0 = ref_col(m->c, pl, d + i, len, (uint32_t)(col > 0 ? col : 1) + (uint32_t)i);
		r->open = ov_md_src_pos(m->c, pl, c0);
		add_line(m, r, 0, pl, c0);
		cmark_node *f = cmark_node_new_with_mem_and_ext(CMARK_NODE_CODE, mem, m->ext);
		cmark_node_set_user_data(f, r);
		cmark_node_insert_before(at, f);
		from = i + len;
		i += len - 1;
	}
	if (any) {
		if (from < t.len) {
			cmark_node_set_literal(first, d + from);
		} else {
			cmark_node_free(first);
		}
	}
	ov_buf_dispose(&t);
}

/* Whether s[0..n) has "ref{" anywhere. */
static bool has_ref(const char *s, size_t n)
{
	for (const char *p = s, *e = s + n; (p = memchr(p, '{', (size_t)(e - p))); p++)
		if (p - s >= 3 && memcmp(p - 3, "ref", 3) == 0)
			return true;
	return false;
}

static cmark_node *postprocess(cmark_syntax_extension *ext, cmark_parser *parser, cmark_node *root)
{
	(void)parser;
	ov_md_math *m = cmark_syntax_extension_get_private(ext);
	/* most chapters have no reference: one scan of the text says so, and
	 * the tree is not walked */
	if (m->c->src && !has_ref(m->c->src, m->c->src_len))
		return NULL;
	/* the first text node of each run, collected before the tree changes */
	cmark_node **runs = NULL;
	size_t count = 0, cap = 0;
	cmark_iter *it = cmark_iter_new(root);
	cmark_event_type ev;
	int in_link = 0;
	while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
		cmark_node *n = cmark_iter_get_node(it);
		cmark_node_type t = cmark_node_get_type(n);
		if (t == CMARK_NODE_LINK || t == CMARK_NODE_IMAGE) {
			in_link += ev == CMARK_EVENT_ENTER ? 1 : -1;
			continue;
		}
		if (ev != CMARK_EVENT_ENTER || t != CMARK_NODE_TEXT || in_link)
			continue;
		cmark_node *prev = cmark_node_previous(n);
		if (prev && cmark_node_get_type(prev) == CMARK_NODE_TEXT)
			continue;
		if (count == cap) {
			cap = cap ? 2 * cap : 16;
			runs = ov_xrealloc(runs, cap * sizeof *runs);
		}
		runs[count++] = n;
	}
	cmark_iter_free(it);
	for (size_t i = 0; i < count; i++)
		ref_run(m, runs[i]);
	free(runs);
	return NULL;
}

static const char *type_string(cmark_syntax_extension *ext, cmark_node *node)
{
	(void)ext;
	return cmark_node_get_type(node) == CMARK_NODE_CODE_BLOCK ? "math_block" : "math";
}

static int can_contain(cmark_syntax_extension *ext, cmark_node *node, cmark_node_type child)
{
	(void)ext, (void)node, (void)child;
	return 0;
}

ov_md_math *ov_md_math_attach(ov_md_conv *c, cmark_parser *parser)
{
	ov_md_math *m = ov_xcalloc(1, sizeof *m);
	m->c = c;
	m->macros = ov_math_macros_new(c->doc->meta.math_macros);
	cmark_syntax_extension *e = cmark_syntax_extension_new("octavo_math");
	cmark_syntax_extension_set_private(e, m, NULL);
	cmark_syntax_extension_set_match_inline_func(e, match_inline);
	cmark_syntax_extension_set_open_block_func(e, open_block);
	cmark_syntax_extension_set_match_block_func(e, match_block);
	cmark_syntax_extension_set_get_type_string_func(e, type_string);
	cmark_syntax_extension_set_can_contain_func(e, can_contain);
	cmark_syntax_extension_set_postprocess_func(e, postprocess);
	cmark_mem *mem = cmark_get_default_mem_allocator();
	cmark_syntax_extension_set_special_inline_chars(e, cmark_llist_append(mem, NULL, (void *)(uintptr_t)'$'));
	cmark_parser_attach_syntax_extension(parser, e);
	m->ext = e;
	return m;
}

void ov_md_math_free(ov_md_math *m)
{
	if (!m)
		return;
	for (rec *r = m->recs, *next; r; r = next) {
		next = r->next;
		ov_buf_dispose(&r->text);
		free(r->off);
		free(r->line);
		free(r->col);
		free(r);
	}
	cmark_syntax_extension_free(cmark_get_default_mem_allocator(), m->ext);
	ov_math_macros_free(m->macros);
	free(m);
}

/* ---- the document's node ---- */

/* A MATH or MATH_BLOCK node for source src[0..len) with its line map,
 * parsed, its messages reported; unclosed: shown as source. */
static ov_node *make(ov_md_math *m, ov_node_type type, ov_pos pos, const char *src, size_t len, const rec *lines,
                     bool unclosed)
{
	ov_doc *doc = m->c->doc;
	ov_node *o = ov_node_new(doc, type, pos);
	char *text = ov_arena_strndup(&doc->arena, src ? src : "", len);
	o->text = text;
	o->len = len;
	size_t count = lines->count;
	o->as.math.line_count = (uint32_t)count;
	o->as.math.line_off = ov_arena_calloc(&doc->arena, count + 1, sizeof(uint32_t));
	o->as.math.src_line = ov_arena_calloc(&doc->arena, count + 1, sizeof(uint32_t));
	o->as.math.src_col = ov_arena_calloc(&doc->arena, count + 1, sizeof(uint32_t));
	if (count) {
		memcpy(o->as.math.line_off, lines->off, count * sizeof(uint32_t));
		memcpy(o->as.math.src_line, lines->line, count * sizeof(uint32_t));
		memcpy(o->as.math.src_col, lines->col, count * sizeof(uint32_t));
	}
	const ov_math *mm = ov_math_parse(&doc->arena, text, len, type == OV_NODE_MATH_BLOCK, m->macros);
	for (size_t i = 0; i < mm->msg_count; i++) {
		const ov_math_msg *g = &mm->msgs[i];
		ov_pos p = ov_node_math_pos(o, g->off);
		if (g->error)
			ov_diag_error(doc->diag, p, "%s", g->text);
		else if (g->note)
			ov_diag_note(doc->diag, p, "%s", g->text);
		else
			ov_diag_warning(doc->diag, p, "%s", g->text);
	}
	if (unclosed) {
		ov_diag_error(doc->diag, pos, "display math opened with '$$' is never closed");
		ov_math *cp = ov_arena_alloc(&doc->arena, sizeof *cp);
		*cp = *mm;
		cp->ok = false;
		mm = cp;
	}
	o->as.math.math = mm;
	return o;
}

/* A ```math block: its lines follow the fence's. */
static ov_node *fenced(ov_md_math *m, cmark_node *n, ov_pos pos)
{
	const char *lit = cmark_node_get_literal(n);
	size_t len = lit ? strlen(lit) : 0;
	if (len && lit[len - 1] == '\n')
		len--;
	rec lines = {0};
	int start = cmark_node_get_start_line(n);
	uint32_t pl = start > 0 ? (uint32_t)start + 1 : 0;
	for (size_t s = 0; start > 0 && s <= len; pl++) {
		const char *nl = memchr(lit + s, '\n', len - s);
		size_t e = nl ? (size_t)(nl - lit) : len;
		add_line(m, &lines, s, pl, seg_col(m->c, pl, lit + s, e - s, 1));
		s = e + 1;
	}
	ov_node *o = make(m, OV_NODE_MATH_BLOCK, pos, lit, len, &lines, false);
	free(lines.off);
	free(lines.line);
	free(lines.col);
	return o;
}

ov_node *ov_md_math_node(ov_md_math *m, cmark_node *n, ov_pos pos)
{
	if (!m)
		return NULL;
	cmark_node_type t = cmark_node_get_type(n);
	if (cmark_node_get_syntax_extension(n) == m->ext) {
		rec *r = cmark_node_get_user_data(n);
		if (!r)
			return NULL;
		ov_node *o = make(m, r->display ? OV_NODE_MATH_BLOCK : OV_NODE_MATH, r->open, r->text.ptr, r->text.len, r,
		                  r->display && !r->closed);
		o->as.math.in_text = r->in_text;
		return o;
	}
	if (t == CMARK_NODE_CODE_BLOCK) {
		const char *info = cmark_node_get_fence_info(n);
		if (info && strncmp(info, "math", 4) == 0 && (info[4] == '\0' || is_space((unsigned char)info[4])))
			return fenced(m, n, pos);
		return NULL;
	}
	if (t == CMARK_NODE_PARAGRAPH) {
		/* a paragraph that is one $$...$$ is a display (GitBook) */
		cmark_node *k = cmark_node_first_child(n);
		if (!k || cmark_node_next(k) || cmark_node_get_syntax_extension(k) != m->ext)
			return NULL;
		rec *r = cmark_node_get_user_data(k);
		if (!r || !r->dbl)
			return NULL;
		return make(m, OV_NODE_MATH_BLOCK, r->open, r->text.ptr, r->text.len, r, false);
	}
	return NULL;
}
