/*
 * include.c - mdBook's {{#include}}-family directives (include.h), with
 * the semantics of mdBook's links preprocessor (src/preprocess/links.rs
 * and src/utils/string.rs in rust-lang/mdBook, read 2026-12):
 *
 *   directive = "{{" ws* "#" type ws+ rest "}}"   type: [A-Za-z0-9_]+,
 *                                                 rest: no "}", may span lines
 *   escaped   = "\{{#" any* "}}"                  on one line, to its last "}}"
 *   rest      = FILE [":" RANGE-OR-ANCHOR] {ws ATTR}
 *   RANGE-OR-ANCHOR = [START] [":" [END]] | ANCHOR [":" ignored]
 *
 * START and END are 1-based and END is inclusive; "FILE:N" is line N
 * alone; an END that is not a number means "to the end". An ANCHOR's lines
 * run from the first line holding "ANCHOR: name" to the next holding
 * "ANCHOR_END: name"; lines holding any other anchor's markers between
 * them are left out too. Included text is itself expanded, relative to
 * its own folder. An unknown type is left as written, as mdBook does.
 *
 * The expanded text keeps, for each of its lines, the file and line it
 * came from (ov_src_line), so that every later message points at the
 * chapter or the included file, not at the expanded text.
 */
#include "include.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "util/buf.h"
#include "util/fsio.h"
#include "util/utf8.h"

typedef struct {
	ov_doc *doc;
	const char *book_dir;
	ov_buf out;
	ov_src_line *lines;
	size_t count, cap;
	bool line_start;            /* the next byte out starts a line */
	const char *stack[OV_INCLUDE_MAX_DEPTH + 1]; /* files being expanded, outermost first */
	int depth;
	const char *title;
	bool too_big;               /* reported; nothing more is added */
} expander;

/* A text being expanded: its bytes, its file and the source line of each
 * of its lines (NULL: line i is line i of the file). */
typedef struct {
	const char *s;
	size_t len;
	uint32_t file;
	const char *path;  /* relative to the book folder */
	const uint32_t *src_line;
	size_t src_count;
} source;

static uint32_t line_of(const source *t, size_t idx)
{
	if (!t->src_line)
		return (uint32_t)(idx + 1);
	return idx < t->src_count ? t->src_line[idx] : (t->src_count ? t->src_line[t->src_count - 1] : 1);
}

static void push_origin(expander *e, uint32_t file, uint32_t line)
{
	if (e->count == e->cap) {
		e->cap = e->cap ? e->cap * 2 : 256;
		e->lines = ov_xrealloc(e->lines, e->cap * sizeof *e->lines);
	}
	e->lines[e->count++] = (ov_src_line){file, line};
}

/* Appends s[0..n), whose first byte is on line idx of t. */
static void emit(expander *e, const source *t, size_t idx, const char *s, size_t n)
{
	if (e->too_big)
		return;
	if (e->out.len + n > OV_MAX_FILE_SIZE) {
		e->too_big = true;
		return;
	}
	while (n) {
		if (e->line_start) {
			push_origin(e, t->file, line_of(t, idx));
			e->line_start = false;
		}
		const char *nl = memchr(s, '\n', n);
		size_t k = nl ? (size_t)(nl - s) + 1 : n;
		ov_buf_put(&e->out, s, k);
		if (nl) {
			e->line_start = true;
			idx++;
		}
		s += k;
		n -= k;
	}
}

static bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; }

static bool is_word(unsigned char c)
{
	/* [\w_-] of mdBook's anchor pattern; bytes of non-ASCII letters count
	 * as word characters */
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-' ||
	       c >= 0x80;
}

/* "dir/rel" with "." and ".." resolved lexically, into the arena; NULL
 * when it climbs above the book folder or is absolute. */
static const char *join_rel(ov_arena *a, const char *dir, const char *rel)
{
	if (rel[0] == '/')
		return NULL;
	ov_buf b = OV_BUF_INIT;
	if (*dir) {
		ov_buf_puts(&b, dir);
		ov_buf_putc(&b, '/');
	}
	ov_buf_puts(&b, rel);
	const char *p = ov_buf_cstr(&b);
	/* segments, resolved into out */
	char *out = ov_arena_alloc(a, b.len + 1);
	size_t o = 0;
	bool bad = false;
	while (*p) {
		const char *seg = p;
		while (*p && *p != '/')
			p++;
		size_t l = (size_t)(p - seg);
		if (*p)
			p++;
		if (l == 0 || (l == 1 && seg[0] == '.'))
			continue;
		if (l == 2 && seg[0] == '.' && seg[1] == '.') {
			if (o == 0) {
				bad = true;
				break;
			}
			while (o > 0 && out[o - 1] != '/')
				o--;
			if (o > 0)
				o--; /* the slash */
			continue;
		}
		if (o)
			out[o++] = '/';
		memcpy(out + o, seg, l);
		o += l;
	}
	out[o] = '\0';
	ov_buf_dispose(&b);
	return bad || !o ? NULL : out;
}

/* The folder part of path ("" for a file at the top), in the arena. */
static const char *dir_of(ov_arena *a, const char *path)
{
	const char *s = strrchr(path, '/');
	return s ? ov_arena_strndup(a, path, (size_t)(s - path)) : "";
}

/* The lines of a file: start offsets and lengths (without the line end;
 * "\r\n" and "\n" end lines, as Rust's str::lines). */
typedef struct {
	size_t *start, *len;
	size_t count;
} line_list;

static void split_lines(const char *s, size_t n, line_list *l)
{
	size_t cap = 0;
	l->start = l->len = NULL;
	l->count = 0;
	size_t i = 0;
	while (i < n) {
		const char *nl = memchr(s + i, '\n', n - i);
		size_t e = nl ? (size_t)(nl - s) : n;
		size_t le = e > i && s[e - 1] == '\r' ? e - 1 : e;
		if (l->count == cap) {
			cap = cap ? cap * 2 : 64;
			l->start = ov_xrealloc(l->start, cap * sizeof *l->start);
			l->len = ov_xrealloc(l->len, cap * sizeof *l->len);
		}
		l->start[l->count] = i;
		l->len[l->count++] = le - i;
		i = nl ? e + 1 : n;
	}
}

/* Finds "MARK:" + spaces + name in line[0..n) (MARK is "ANCHOR" or
 * "ANCHOR_END"); sets *name, *name_len to the first such marker's name. */
static bool find_marker(const char *line, size_t n, const char *mark, const char **name, size_t *name_len)
{
	size_t ml = strlen(mark);
	for (size_t i = 0; i + ml < n; i++) {
		if (line[i] != 'A' || memcmp(line + i, mark, ml) != 0 || line[i + ml] != ':')
			continue;
		size_t j = i + ml + 1;
		while (j < n && is_space(line[j]))
			j++;
		size_t k = j;
		while (k < n && is_word((unsigned char)line[k]))
			k++;
		if (k > j) {
			*name = line + j;
			*name_len = k - j;
			return true;
		}
	}
	return false;
}

static bool marker_is(const char *line, size_t n, const char *mark, const char *anchor, size_t al)
{
	const char *nm;
	size_t nl;
	return find_marker(line, n, mark, &nm, &nl) && nl == al && memcmp(nm, anchor, al) == 0;
}

/* A parsed "FILE:..." selection. */
typedef struct {
	const char *anchor; /* NULL: a line range */
	size_t anchor_len;
	size_t start;       /* 0-based first line */
	size_t end;         /* 0-based line after the last; SIZE_MAX: to the end */
	const char *spec;   /* as written after FILE:, for messages */
} selection;

/* Parses a whole decimal number (Rust's usize::from_str: digits, an
 * optional leading '+'); false for anything else or on overflow. */
static bool parse_count(const char *s, size_t n, size_t *out)
{
	size_t i = 0, v = 0;
	if (n && s[0] == '+')
		i = 1;
	if (i >= n)
		return false;
	for (; i < n; i++) {
		if (s[i] < '0' || s[i] > '9' || v > (SIZE_MAX - 9) / 10)
			return false;
		v = v * 10 + (size_t)(s[i] - '0');
	}
	*out = v;
	return true;
}

static selection parse_selection(const char *spec, size_t n)
{
	selection sel = {NULL, 0, 0, SIZE_MAX, spec};
	const char *c1 = memchr(spec, ':', n);
	size_t l0 = c1 ? (size_t)(c1 - spec) : n;
	size_t v;
	bool has_start = false;
	if (parse_count(spec, l0, &v)) {
		sel.start = v ? v - 1 : 0;
		has_start = true;
	} else if (l0 > 0) {
		sel.anchor = spec;
		sel.anchor_len = l0;
		return sel;
	}
	if (!c1) {
		if (has_start)
			sel.end = sel.start + 1;
		return sel;
	}
	const char *p1 = c1 + 1;
	size_t rest = n - l0 - 1;
	const char *c2 = memchr(p1, ':', rest);
	size_t l1 = c2 ? (size_t)(c2 - p1) : rest;
	if (parse_count(p1, l1, &v))
		sel.end = v;
	return sel;
}

static void expand(expander *e, const source *t);

/* Includes file rel (as written) of directive at pos in t, selected by
 * spec[0..spec_len) (NULL: the whole file); playground wraps it in a
 * ```rust block with attrs[0..attrs_len). */
static void include_file(expander *e, const source *t, size_t idx, ov_pos pos, const char *rel, const char *spec,
                         size_t spec_len, bool playground, const char *attrs, size_t attrs_len)
{
	ov_doc *doc = e->doc;
	ov_diag *dg = doc->diag;
	if (e->too_big)
		return; /* reported once, at the end */
	const char *path = join_rel(&doc->arena, dir_of(&doc->arena, t->path), rel);
	if (!path || !e->book_dir) {
		ov_diag_error(dg, pos, "included file '%s' is outside the book folder; the include is left out", rel);
		return;
	}
	if (e->depth >= OV_INCLUDE_MAX_DEPTH) {
		ov_diag_error(dg, pos, "includes are nested deeper than %d levels; '%s' is left out", OV_INCLUDE_MAX_DEPTH,
		              rel);
		return;
	}
	for (int i = 0; i <= e->depth; i++) {
		if (strcmp(e->stack[i], path) == 0) {
			if (strcmp(path, t->path) == 0)
				ov_diag_error(dg, pos, "'%s' includes itself; the include is left out", path);
			else
				ov_diag_error(dg, pos,
				              "include cycle: '%s' includes '%s', which is being included already; "
				              "the include is left out",
				              t->path, path);
			return;
		}
	}
	char *full = NULL, *data = NULL;
	size_t len = 0;
	int where = ov_path_confine(e->book_dir, path, &full);
	if (where == OV_PATH_OUTSIDE) {
		ov_diag_error(dg, pos, "included file '%s' is outside the book folder; the include is left out", rel);
		free(full);
		return;
	}
	if (where == OV_PATH_MISSING) {
		ov_diag_error(dg, pos, "included file '%s' not found", rel);
		free(full);
		return;
	}
	if (ov_read_file(full, &data, &len) != 0) {
		ov_diag_error(dg, pos, "cannot read included file '%s': %s", rel, ov_file_error(errno));
		free(full);
		return;
	}
	free(full);
	uint32_t file = ov_diag_file(dg, path);
	size_t bad = ov_utf8_validate(data, len);
	const char *nul = memchr(data, '\0', len);
	if (bad < len || nul) {
		size_t off = bad < len ? bad : (size_t)(nul - data);
		uint32_t line = 1, col = 1;
		for (size_t i = 0; i < off; i++) {
			if (data[i] == '\n') {
				line++;
				col = 1;
			} else {
				col++;
			}
		}
		if (bad < len)
			ov_diag_error(dg, (ov_pos){file, line, col},
			              "invalid UTF-8 byte 0x%02X (the file must be saved as UTF-8); it is not included",
			              (unsigned char)data[bad]);
		else
			ov_diag_error(dg, (ov_pos){file, line, col}, "NUL byte in the text (is this a binary file?); it is not included");
		free(data);
		return;
	}

	/* a byte-order mark says nothing in UTF-8 and is not text */
	size_t bom = len >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0;
	line_list ll;
	split_lines(data + bom, len - bom, &ll);
	/* the chosen lines, joined by "\n" (without a last line end, as mdBook) */
	ov_buf sel_text = OV_BUF_INIT;
	uint32_t *src = ov_xmalloc((ll.count + 1) * sizeof *src);
	size_t taken = 0;
	bool ok = true;
	selection sel = spec ? parse_selection(spec, spec_len) : (selection){NULL, 0, 0, SIZE_MAX, NULL};
	if (sel.anchor) {
		bool in = false, found = false;
		for (size_t i = 0; i < ll.count; i++) {
			const char *l = data + bom + ll.start[i];
			size_t n = ll.len[i];
			const char *nm;
			size_t nml;
			if (!in) {
				if (find_marker(l, n, "ANCHOR", &nm, &nml) && nml == sel.anchor_len &&
				    memcmp(nm, sel.anchor, nml) == 0)
					in = found = true;
				continue;
			}
			if (find_marker(l, n, "ANCHOR_END", &nm, &nml)) {
				if (marker_is(l, n, "ANCHOR_END", sel.anchor, sel.anchor_len))
					break;
				continue; /* another anchor's end marker */
			}
			if (find_marker(l, n, "ANCHOR", &nm, &nml))
				continue; /* another anchor's start marker */
			if (taken)
				ov_buf_putc(&sel_text, '\n');
			ov_buf_put(&sel_text, l, n);
			src[taken++] = (uint32_t)(i + 1);
		}
		if (!found) {
			ov_diag_error(dg, pos, "anchor '%.*s' not found in '%s' (no line with 'ANCHOR: %.*s')",
			              (int)sel.anchor_len, sel.anchor, rel, (int)sel.anchor_len, sel.anchor);
			ok = false;
		}
	} else {
		size_t end = sel.end < ll.count ? sel.end : ll.count;
		if (spec && sel.end != SIZE_MAX && sel.end <= sel.start) {
			ov_diag_error(dg, pos, "line range '%.*s' of '%s' ends before it starts", (int)spec_len, spec, rel);
			ok = false;
		} else if (spec && sel.start >= ll.count && !(sel.start == 0 && ll.count == 0)) {
			ov_diag_error(dg, pos, "line range '%.*s' starts after the end of '%s' (%zu lines)", (int)spec_len,
			              spec, rel, ll.count);
			ok = false;
		}
		for (size_t i = sel.start; ok && i < end; i++) {
			if (taken)
				ov_buf_putc(&sel_text, '\n');
			ov_buf_put(&sel_text, data + bom + ll.start[i], ll.len[i]);
			src[taken++] = (uint32_t)(i + 1);
		}
	}
	if (ok) {
		/* a playground is the whole file in a fence longer than any run of
		 * backticks inside it (CommonMark §4.5) */
		size_t fence = 3;
		if (playground) {
			size_t run = 0;
			for (size_t i = 0; i < sel_text.len; i++) {
				run = sel_text.ptr[i] == '`' ? run + 1 : 0;
				if (run >= fence)
					fence = run + 1;
			}
			for (size_t i = 0; i < fence; i++)
				emit(e, t, idx, "`", 1);
			emit(e, t, idx, "rust", 4);
			if (attrs_len) {
				emit(e, t, idx, ",", 1);
				emit(e, t, idx, attrs, attrs_len);
			}
			emit(e, t, idx, "\n", 1);
		}
		e->stack[++e->depth] = path;
		source inc = {ov_buf_cstr(&sel_text), sel_text.len, file, path, src, taken};
		expand(e, &inc);
		e->depth--;
		if (playground) {
			emit(e, t, idx, "\n", 1);
			for (size_t i = 0; i < fence; i++)
				emit(e, t, idx, "`", 1);
		}
	}
	free(src);
	ov_buf_dispose(&sel_text);
	free(ll.start);
	free(ll.len);
	free(data);
}

/* Expands the directives of t into e->out. */
static void expand(expander *e, const source *t)
{
	const char *s = t->s;
	size_t n = t->len;
	size_t done = 0;         /* bytes of s already out */
	size_t done_idx = 0;     /* line index of offset done */
	size_t idx = 0;          /* line index of offset `at` */
	size_t at = 0;           /* where idx was counted to */
	size_t line_start = 0;   /* offset of line idx */
	/* searches remembered, so that text full of "{{" costs time in
	 * proportion to its length: no '}' in [brace_from, brace_at) and
	 * brace_at is one (or n); the last "}}" of the line ending at esc_end
	 * starts at esc_close - 2 (0: none) */
	size_t brace_from = 1, brace_at = 0;
	size_t esc_end = 0, esc_close = 0;
	size_t i = 0;
	while (i + 1 < n) {
		const char *b = memchr(s + i, '{', n - 1 - i);
		if (!b)
			break;
		i = (size_t)(b - s);
		if (s[i + 1] != '{') {
			i++;
			continue;
		}
		for (; at < i; at++)
			if (s[at] == '\n') {
				idx++;
				line_start = at + 1;
			}
		ov_pos pos = {t->file, line_of(t, idx), (uint32_t)(i - line_start + 1)};
		/* escaped: "\{{#" up to the last "}}" of the line, written without
		 * the backslash */
		if (i > done && s[i - 1] == '\\' && i + 2 < n && s[i + 2] == '#') {
			if (i >= esc_end || esc_end == 0) {
				const char *nl = memchr(s + i, '\n', n - i);
				esc_end = nl ? (size_t)(nl - s) : n;
				esc_close = 0;
				for (size_t k = i + 2; k + 1 < esc_end; k++)
					if (s[k] == '}' && s[k + 1] == '}')
						esc_close = k + 2;
			}
			size_t close = esc_close >= i + 5 ? esc_close : 0;
			if (close) {
				emit(e, t, done_idx, s + done, i - 1 - done);
				emit(e, t, idx, s + i, close - i);
				done = i = close;
				done_idx = idx;
				continue;
			}
		}
		/* "{{" ws* "#" type ws+ rest "}}" */
		size_t k = i + 2;
		while (k < n && is_space(s[k]))
			k++;
		if (k >= n || s[k] != '#') {
			i += 2;
			continue;
		}
		size_t ts = ++k;
		while (k < n && ((s[k] >= 'a' && s[k] <= 'z') || (s[k] >= 'A' && s[k] <= 'Z') ||
		                 (s[k] >= '0' && s[k] <= '9') || s[k] == '_'))
			k++;
		size_t tl = k - ts;
		size_t ws = k;
		while (k < n && is_space(s[k]))
			k++;
		if (k < brace_from || k > brace_at) {
			const char *b2 = memchr(s + k, '}', n - k);
			brace_from = k;
			brace_at = b2 ? (size_t)(b2 - s) : n;
		}
		const char *close = brace_at < n ? s + brace_at : NULL;
		if (!tl || k == ws || !close || (size_t)(close - s) + 1 >= n || close[1] != '}') {
			i += 2;
			continue;
		}
		/* rest: from after the first separating space (the regex gives it
		 * at least one byte) to the first '}' */
		size_t rs = k > ws + 1 && close == s + k ? k - 1 : k;
		size_t re = (size_t)(close - s);
		if (rs >= re) {
			i += 2;
			continue;
		}
		size_t end = re + 2;
		const char *type = s + ts;
		/* the arguments, trimmed */
		const char *arg = s + rs;
		size_t al = re - rs;
		while (al && is_space(*arg)) {
			arg++;
			al--;
		}
		while (al && is_space(arg[al - 1]))
			al--;
		bool inc = tl == 7 && memcmp(type, "include", 7) == 0;
		bool rdi = tl == 15 && memcmp(type, "rustdoc_include", 15) == 0;
		bool play = (tl == 10 && memcmp(type, "playground", 10) == 0) ||
		            (tl == 7 && memcmp(type, "playpen", 7) == 0);
		bool title = tl == 5 && memcmp(type, "title", 5) == 0;
		if (!inc && !rdi && !play && !title) {
			i = end; /* not ours: left as written */
			continue;
		}
		if ((inc || rdi || play) && !al) {
			i = end;
			continue;
		}
		emit(e, t, done_idx, s + done, i - done);
		done = end;
		done_idx = idx;
		for (size_t q = i; q < end; q++)
			done_idx += s[q] == '\n';
		i = end;
		if (title) {
			if (al)
				e->title = ov_arena_strndup(&e->doc->arena, arg, al);
			continue;
		}
		/* FILE is the first word; the rest are a playground's attributes */
		size_t fl = 0;
		while (fl < al && !is_space(arg[fl]))
			fl++;
		const char *attrs = arg + fl;
		size_t attrs_len = al - fl;
		while (attrs_len && is_space(*attrs)) {
			attrs++;
			attrs_len--;
		}
		/* the attributes joined by commas, as mdBook writes the info string */
		char *joined = ov_arena_strndup(&e->doc->arena, attrs, attrs_len);
		size_t jl = 0;
		for (size_t q = 0; q < attrs_len; q++) {
			if (is_space(joined[q])) {
				if (jl && joined[jl - 1] != ',')
					joined[jl++] = ',';
			} else {
				joined[jl++] = joined[q];
			}
		}
		const char *word = arg;
		const char *colon = play ? NULL : memchr(word, ':', fl);
		size_t pl = colon ? (size_t)(colon - word) : fl;
		const char *rel = ov_arena_strndup(&e->doc->arena, word, pl);
		include_file(e, t, idx, pos, rel, colon ? colon + 1 : NULL, colon ? fl - pl - 1 : 0, play, joined, jl);
	}
	emit(e, t, done_idx, s + done, n - done);
}

bool ov_include_expand(ov_doc *doc, const char *book_dir, const char *path, uint32_t file, const char *text,
                       size_t len, ov_expanded *out)
{
	/* the common case: no directive can be there */
	bool any = false;
	for (const char *p = text; p && (size_t)(p - text) + 1 < len;) {
		p = memchr(p, '{', len - 1 - (size_t)(p - text));
		if (p && p[1] == '{') {
			any = true;
			break;
		}
		if (p)
			p++;
	}
	if (!any)
		return false;
	expander e = {0};
	e.doc = doc;
	e.book_dir = book_dir;
	e.line_start = true;
	const char *norm = join_rel(&doc->arena, "", path);
	e.stack[0] = norm ? norm : path;
	source top = {text, len, file, path, NULL, 0};
	expand(&e, &top);
	if (e.too_big)
		ov_diag_error(doc->diag, (ov_pos){file, 1, 1},
		              "the chapter with its includes is larger than %u bytes; the rest is left out",
		              (unsigned)OV_MAX_FILE_SIZE);
	if (!e.count)
		push_origin(&e, file, 1);
	out->len = e.out.len;
	out->text = ov_buf_detach(&e.out);
	out->lines = e.lines;
	out->line_count = e.count;
	out->title = e.title;
	return true;
}

ov_src_line ov_expanded_origin(const ov_expanded *x, uint32_t line)
{
	if (line == 0)
		line = 1;
	if (line <= x->line_count)
		return x->lines[line - 1];
	ov_src_line last = x->lines[x->line_count - 1];
	last.line += line - (uint32_t)x->line_count;
	return last;
}

void ov_expanded_dispose(ov_expanded *x)
{
	free(x->text);
	free(x->lines);
	memset(x, 0, sizeof *x);
}
