/*
 * booktoml.c - the TOML subset of book.toml (booktoml.h), read in one pass
 * over the bytes, and what its [book] table means for a book's metadata
 * (ov_book_toml_read, at the end). Section names below are those of the
 * TOML 1.0.0 specification (https://toml.io/en/v1.0.0).
 */
#include "booktoml.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "manifest.h"
#include "util/buf.h"
#include "util/fsio.h"
#include "util/strmap.h"
#include "util/utf8.h"

typedef struct {
	ov_arena *a;
	ov_diag *diag;
	uint32_t file;
	const char *s, *end, *p;
	uint32_t line;
	const char *line_start;
	/* the current table's key parts; skip_table: a table not read ([[a]],
	 * a malformed header), whose keys are passed over */
	const char *table[OV_TOML_MAX_KEY_DEPTH];
	size_t table_depth;
	bool skip_table;
	ov_toml_value *v;
	size_t count, cap;
	ov_strmap seen; /* key parts joined by 0x1F -> line + 1 of the first */
	ov_buf tmp;
	const char *warn_table; /* values not read are reported only under it (NULL: everywhere) */
	bool quiet;             /* the value being read is outside warn_table */
} rd;

/* Whether a value of valid TOML that is not read is worth a warning: one
 * under the table the caller reads ([book]), not one of mdBook's own
 * settings, which nobody asked Octavo to read. */
static bool warn_about(const rd *r, const char *const *parts, size_t n)
{
	return !r->warn_table || (n > 0 && strcmp(parts[0], r->warn_table) == 0) || n == 1;
}

static ov_pos here(const rd *r, const char *at)
{
	return (ov_pos){r->file, r->line, (uint32_t)(at - r->line_start) + 1};
}

static bool at_eol(const rd *r)
{
	return r->p >= r->end || *r->p == '\n' || (*r->p == '\r' && r->p + 1 < r->end && r->p[1] == '\n');
}

/* Steps over the line break at p (LF or CRLF, §Spec: "Newline means LF
 * or CRLF"). */
static void newline(rd *r)
{
	if (r->p < r->end && *r->p == '\r')
		r->p++;
	if (r->p < r->end && *r->p == '\n')
		r->p++;
	r->line++;
	r->line_start = r->p;
}

static void skip_ws(rd *r)
{
	while (r->p < r->end && (*r->p == ' ' || *r->p == '\t'))
		r->p++;
}

static void skip_to_eol(rd *r)
{
	while (!at_eol(r))
		r->p++;
}

/* Whitespace, comments and line breaks (between array items, §Array). */
static void skip_ws_nl(rd *r)
{
	for (;;) {
		skip_ws(r);
		if (r->p < r->end && *r->p == '#')
			skip_to_eol(r);
		if (r->p < r->end && at_eol(r))
			newline(r);
		else if (r->p < r->end && *r->p == '\r')
			r->p++; /* a lone CR: not TOML, passed over as space */
		else
			return;
	}
}

static bool bare_key_char(char c)
{
	return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
}

/* Reads a string starting at p (on its opening quote) into r->tmp.
 * Returns 0, or -1 with a warning at the string (p left where the problem
 * is, never past the end). §String: basic, multi-line basic, literal,
 * multi-line literal. */
static int read_string(rd *r)
{
	ov_buf_clear(&r->tmp);
	const char *start = r->p;
	ov_pos at = here(r, start);
	char q = *r->p;
	bool multi = r->end - r->p >= 3 && r->p[1] == q && r->p[2] == q;
	r->p += multi ? 3 : 1;
	if (multi && r->p < r->end && at_eol(r))
		newline(r); /* "A newline immediately following the opening delimiter will be trimmed" */
	const char *why = NULL;
	for (;;) {
		if (r->p >= r->end) {
			why = "string is not closed";
			break;
		}
		char c = *r->p;
		if (c == q) {
			if (!multi) {
				r->p++;
				break;
			}
			size_t run = 0;
			while (r->p + run < r->end && r->p[run] == q)
				run++;
			if (run >= 3) {
				/* up to two quotes may end the content ("""a"""" is a") */
				size_t inner = run - 3 < 2 ? run - 3 : 2;
				ov_buf_put(&r->tmp, r->p, inner);
				r->p += 3 + inner;
				break;
			}
			ov_buf_put(&r->tmp, r->p, run);
			r->p += run;
			continue;
		}
		if (at_eol(r)) {
			if (!multi) {
				why = "string is not closed on its line";
				break;
			}
			ov_buf_putc(&r->tmp, '\n');
			newline(r);
			continue;
		}
		if (c == '\\' && q == '"') {
			if (r->p + 1 >= r->end) {
				why = "string is not closed";
				break;
			}
			char e = r->p[1];
			const char *simple = "b\bt\tn\nf\fr\r\"\"\\\\e\033";
			const char *hit = NULL;
			for (const char *x = simple; *x; x += 2)
				if (*x == e)
					hit = x;
			if (hit) {
				ov_buf_putc(&r->tmp, hit[1]);
				r->p += 2;
				continue;
			}
			if (e == 'u' || e == 'U') {
				int digits = e == 'u' ? 4 : 8;
				uint32_t cp = 0;
				bool ok = r->end - r->p >= 2 + digits;
				for (int i = 0; ok && i < digits; i++) {
					int h = ov_hex_value(r->p[2 + i]);
					ok = h >= 0;
					cp = cp * 16 + (uint32_t)(h < 0 ? 0 : h);
				}
				/* "Any Unicode scalar value": no surrogates, none above U+10FFFF */
				if (!ok || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
					why = "string has an escape that is not a Unicode scalar value";
					break;
				}
				if (cp == 0 || (cp < 0x20 && cp != '\t' && cp != '\n') || cp == 0x7F) {
					why = "string holds a NUL or control character";
					break;
				}
				char u[4];
				ov_buf_put(&r->tmp, u, (size_t)ov_utf8_encode(cp, u));
				r->p += 2 + digits;
				continue;
			}
			if (multi && (e == ' ' || e == '\t' || e == '\r' || e == '\n')) {
				/* a line-ending backslash: the break and the whitespace
				 * after it are trimmed */
				const char *save = r->p;
				r->p++;
				skip_ws(r);
				if (!at_eol(r) || r->p >= r->end) {
					r->p = save;
					why = "string has an unknown escape";
					break;
				}
				while (r->p < r->end && (at_eol(r) || *r->p == ' ' || *r->p == '\t')) {
					if (at_eol(r))
						newline(r);
					else
						r->p++;
				}
				continue;
			}
			why = "string has an unknown escape";
			break;
		}
		if ((unsigned char)c < 0x20 && c != '\t') {
			why = "string holds a control character";
			break;
		}
		if (c == 0x7F) {
			why = "string holds a control character";
			break;
		}
		uint32_t cp;
		int n = ov_utf8_decode(r->p, (size_t)(r->end - r->p), &cp);
		if (n < 0) {
			why = "string is not valid UTF-8";
			break;
		}
		ov_buf_put(&r->tmp, r->p, (size_t)n);
		r->p += n;
	}
	if (why) {
		ov_diag_warning(r->diag, at, "%s; the value is skipped", why);
		return -1;
	}
	ov_buf_putc(&r->tmp, '\0');
	return 0;
}

/* One key part: bare or quoted (§Keys). NULL with a warning otherwise. */
static const char *read_key_part(rd *r)
{
	if (r->p < r->end && (*r->p == '"' || *r->p == '\'')) {
		if (r->end - r->p >= 3 && r->p[1] == *r->p && r->p[2] == *r->p) {
			ov_diag_warning(r->diag, here(r, r->p), "a key cannot be a multi-line string; the line is skipped");
			return NULL;
		}
		if (read_string(r) != 0)
			return NULL;
		return ov_arena_strdup(r->a, r->tmp.ptr);
	}
	const char *k = r->p;
	while (r->p < r->end && bare_key_char(*r->p))
		r->p++;
	if (r->p == k) {
		ov_diag_warning(r->diag, here(r, k), "expected a key; the line is skipped");
		return NULL;
	}
	return ov_arena_strndup(r->a, k, (size_t)(r->p - k));
}

/* A dotted key into parts[*n..]; 0, or -1 reported. */
static int read_key(rd *r, const char **parts, size_t *n)
{
	for (;;) {
		skip_ws(r);
		const char *at = r->p;
		const char *k = read_key_part(r);
		if (!k)
			return -1;
		if (*n == OV_TOML_MAX_KEY_DEPTH) {
			ov_diag_warning(r->diag, here(r, at), "key has more than %d parts; the line is skipped",
			                OV_TOML_MAX_KEY_DEPTH);
			return -1;
		}
		parts[(*n)++] = k;
		skip_ws(r);
		if (r->p < r->end && *r->p == '.') {
			r->p++;
			continue;
		}
		return 0;
	}
}

/* Skips a value not read: to the end of its line, or past the bracket
 * that closes it when it opens one, strings stepped over whole. Counts
 * the depth: no recursion. */
static void skip_value(rd *r)
{
	size_t depth = 0;
	while (r->p < r->end) {
		char c = *r->p;
		if (at_eol(r)) {
			if (depth == 0)
				return;
			newline(r);
		} else if (c == '"' || c == '\'') {
			if (read_string(r) != 0) {
				skip_to_eol(r); /* reported; give up on the brackets */
				return;
			}
		} else if (c == '#') {
			skip_to_eol(r);
		} else if (c == '[' || c == '{') {
			depth++;
			r->p++;
		} else if (c == ']' || c == '}') {
			r->p++;
			if (depth && --depth == 0)
				return;
		} else
			r->p++;
	}
}

/* The joined key of parts (0x1F between them) in r->tmp. */
static void joined(rd *r, const char *const *parts, size_t n)
{
	ov_buf_clear(&r->tmp);
	for (size_t i = 0; i < n; i++) {
		if (i)
			ov_buf_putc(&r->tmp, '\x1f');
		ov_buf_puts(&r->tmp, parts[i]);
	}
}

static const char *shown_key(rd *r, const char *const *parts, size_t n)
{
	ov_buf b = OV_BUF_INIT;
	for (size_t i = 0; i < n; i++) {
		if (i)
			ov_buf_putc(&b, '.');
		ov_buf_puts(&b, parts[i]);
	}
	const char *s = ov_arena_printf(r->a, "%.60s%s", b.ptr ? b.ptr : "", b.len > 60 ? "..." : "");
	ov_buf_dispose(&b);
	return s;
}

/* An integer (§Integer): decimal with '_' between digits and an optional
 * sign, or 0x, 0o, 0b without a sign; within int64. Returns false when
 * the text at p is not one (p unchanged). */
static bool read_integer(rd *r, int64_t *out)
{
	const char *q = r->p;
	bool neg = false;
	int base = 10;
	if (q < r->end && (*q == '+' || *q == '-'))
		neg = *q++ == '-';
	else if (r->end - q > 2 && q[0] == '0' && (q[1] == 'x' || q[1] == 'o' || q[1] == 'b')) {
		base = q[1] == 'x' ? 16 : q[1] == 'o' ? 8 : 2;
		q += 2;
	}
	uint64_t v = 0, limit = neg ? (uint64_t)INT64_MAX + 1 : (uint64_t)INT64_MAX;
	size_t digits = 0;
	bool prev_digit = false;
	for (; q < r->end; q++) {
		int d = ov_hex_value(*q);
		if (*q == '_' && prev_digit && q + 1 < r->end && ov_hex_value(q[1]) >= 0 && ov_hex_value(q[1]) < base) {
			prev_digit = false;
			continue;
		}
		if (d < 0 || d >= base)
			break;
		if (v > (limit - (uint64_t)d) / (uint64_t)base)
			return false;
		v = v * (uint64_t)base + (uint64_t)d;
		digits++;
		prev_digit = true;
	}
	if (!digits)
		return false;
	/* decimal: no leading zero; and the value ends at a delimiter (a
	 * float's '.', 'e' or a date's '-' and ':' make it something else) */
	const char *first = r->p + (r->p[0] == '+' || r->p[0] == '-');
	if (base == 10 && digits > 1 && *first == '0')
		return false;
	if (q < r->end && !(*q == ' ' || *q == '\t' || *q == ',' || *q == ']' || *q == '#' || *q == '\r' || *q == '\n'))
		return false;
	*out = neg ? (int64_t)(0 - v) : (int64_t)v;
	r->p = q;
	return true;
}

static bool word_at(const rd *r, const char *w)
{
	size_t n = strlen(w);
	if ((size_t)(r->end - r->p) < n || memcmp(r->p, w, n) != 0)
		return false;
	const char *q = r->p + n;
	return q >= r->end || !bare_key_char(*q);
}

/* An array of strings (§Array) at p, into v; 0, or -1 reported (p then at
 * the value's start, for skip_value). */
static int read_array(rd *r, ov_toml_value *v, const char *key)
{
	const char *start = r->p;
	uint32_t line = r->line;
	const char *ls = r->line_start;
	ov_pos at = here(r, start);
	r->p++;
	const char **items = NULL;
	size_t n = 0, cap = 0;
	for (;;) {
		skip_ws_nl(r);
		if (r->p >= r->end) {
			ov_diag_warning(r->diag, at, "array '%s' is not closed; it is skipped", key);
			free(items);
			return -1;
		}
		if (*r->p == ']') {
			r->p++;
			break;
		}
		if (*r->p != '"' && *r->p != '\'') {
			if (!r->quiet)
				ov_diag_warning(r->diag, here(r, r->p), "only arrays of strings are read; '%s' is skipped", key);
			free(items);
			r->p = start, r->line = line, r->line_start = ls;
			return -1;
		}
		if (read_string(r) != 0) {
			free(items);
			r->p = start, r->line = line, r->line_start = ls;
			return -2; /* reported; skip_value would meet the string again */
		}
		if (n == cap) {
			cap = cap ? cap * 2 : 8;
			items = ov_xrealloc(items, cap * sizeof *items);
		}
		items[n++] = ov_arena_strdup(r->a, r->tmp.ptr);
		skip_ws_nl(r);
		if (r->p < r->end && *r->p == ',') {
			r->p++;
			continue;
		}
		if (r->p < r->end && *r->p == ']') {
			r->p++;
			break;
		}
		ov_diag_warning(r->diag, here(r, r->p < r->end ? r->p : r->end),
		                "expected ',' or ']' in array '%s'; it is skipped", key);
		free(items);
		r->p = start, r->line = line, r->line_start = ls;
		return -1;
	}
	v->kind = OV_TOML_ARRAY;
	v->count = n;
	v->items = ov_arena_calloc(r->a, n ? n : 1, sizeof *v->items);
	if (n)
		memcpy(v->items, items, n * sizeof *items);
	free(items);
	return 0;
}

/* "key = value" at p; the value stored unless skip. */
static void key_value(rd *r)
{
	const char *parts[OV_TOML_MAX_KEY_DEPTH];
	size_t n = r->skip_table ? 0 : r->table_depth;
	if (!r->skip_table)
		memcpy(parts, r->table, n * sizeof *parts);
	if (read_key(r, parts, &n) != 0) {
		skip_to_eol(r);
		return;
	}
	if (r->p >= r->end || *r->p != '=') {
		ov_diag_warning(r->diag, here(r, r->p < r->end ? r->p : r->end),
		                "expected '=' after key '%s'; the line is skipped", shown_key(r, parts, n));
		skip_to_eol(r);
		return;
	}
	r->p++;
	skip_ws(r);
	const char *key = shown_key(r, parts, n);
	r->quiet = !warn_about(r, parts, n);
	ov_toml_value v = {0};
	v.pos = here(r, r->p);
	bool ok = false;
	if (r->p >= r->end || at_eol(r) || *r->p == '#') {
		ov_diag_warning(r->diag, v.pos, "key '%s' has no value", key);
		return;
	}
	char c = *r->p;
	if (c == '"' || c == '\'') {
		if (read_string(r) == 0) {
			v.kind = OV_TOML_STRING;
			v.str = ov_arena_strdup(r->a, r->tmp.ptr);
			ok = true;
		} else {
			skip_to_eol(r);
			return;
		}
	} else if (c == '[') {
		int rc = read_array(r, &v, key);
		if (rc == 0)
			ok = true;
		else {
			if (rc == -1)
				skip_value(r);
			else
				skip_to_eol(r);
			return;
		}
	} else if (word_at(r, "true") || word_at(r, "false")) {
		v.kind = OV_TOML_BOOL;
		v.boolean = c == 't';
		r->p += v.boolean ? 4 : 5;
		ok = true;
	} else if (read_integer(r, &v.integer)) {
		v.kind = OV_TOML_INTEGER;
		ok = true;
	} else {
		const char *what = c == '{' ? "inline tables are" : "floats, dates and other values are";
		if (!r->quiet)
			ov_diag_warning(r->diag, v.pos, "%s not read; '%s' is skipped", what, key);
		skip_value(r);
		return;
	}
	if (!ok || r->skip_table)
		return;
	joined(r, parts, n);
	bool found;
	void **slot = ov_strmap_slot(&r->seen, r->tmp.ptr, r->tmp.len, &found);
	if (found) {
		if (!r->quiet)
			ov_diag_warning(r->diag, v.pos, "key '%s' is defined twice (first at line %zu); the first is kept",
		                key, (size_t)(uintptr_t)*slot - 1);
		return;
	}
	*slot = (void *)(uintptr_t)(v.pos.line + 1);
	v.depth = n;
	v.key = ov_arena_calloc(r->a, n, sizeof *v.key);
	memcpy(v.key, parts, n * sizeof *parts);
	if (r->count == r->cap) {
		r->cap = r->cap ? r->cap * 2 : 16;
		r->v = ov_xrealloc(r->v, r->cap * sizeof *r->v);
	}
	r->v[r->count++] = v;
}

/* "[a.b]" (§Table) at p; "[[a]]" (§Array of Tables) is skipped. */
static void table_header(rd *r)
{
	const char *at = r->p;
	bool aot = r->p + 1 < r->end && r->p[1] == '[';
	r->p += aot ? 2 : 1;
	const char *parts[OV_TOML_MAX_KEY_DEPTH];
	size_t n = 0;
	r->skip_table = true;
	if (read_key(r, parts, &n) != 0) {
		skip_to_eol(r);
		return;
	}
	if (r->p >= r->end || *r->p != ']' || (aot && (r->p + 1 >= r->end || r->p[1] != ']'))) {
		ov_diag_warning(r->diag, here(r, at), "malformed table header; the table is skipped");
		skip_to_eol(r);
		return;
	}
	r->p += aot ? 2 : 1;
	if (aot) {
		if (warn_about(r, parts, n))
			ov_diag_warning(r->diag, here(r, at), "arrays of tables ('[[%s]]') are not read; the table is skipped",
		                shown_key(r, parts, n));
		return;
	}
	memcpy(r->table, parts, n * sizeof *parts);
	r->table_depth = n;
	r->skip_table = false;
}

size_t ov_toml_parse(ov_arena *a, ov_diag *diag, uint32_t file, const char *text, size_t len, const char *warn_table,
                     ov_toml_value **out)
{
	rd r = {0};
	r.warn_table = warn_table;
	r.a = a;
	r.diag = diag;
	r.file = file;
	r.s = r.p = r.line_start = text;
	r.end = text + len;
	r.line = 1;
	/* a UTF-8 byte order mark is not part of the text */
	if (len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0)
		r.p = r.line_start = text + 3;
	while (r.p < r.end) {
		skip_ws(&r);
		if (r.p >= r.end)
			break;
		if (at_eol(&r)) {
			newline(&r);
			continue;
		}
		char c = *r.p;
		if (c == '#') {
			skip_to_eol(&r);
			continue;
		}
		if (c == '[')
			table_header(&r);
		else
			key_value(&r);
		/* after an item: only whitespace and a comment to the line's end */
		skip_ws(&r);
		if (r.p < r.end && *r.p == '#')
			skip_to_eol(&r);
		if (!at_eol(&r)) {
			ov_diag_warning(diag, here(&r, r.p), "unexpected text after the value; the rest of the line is skipped");
			skip_to_eol(&r);
		}
	}
	ov_strmap_dispose(&r.seen, NULL);
	ov_buf_dispose(&r.tmp);
	*out = r.v;
	return r.count;
}

bool ov_toml_key_is(const ov_toml_value *v, const char *dotted)
{
	const char *p = dotted;
	for (size_t i = 0; i < v->depth; i++) {
		size_t l = strcspn(p, ".");
		if (strlen(v->key[i]) != l || memcmp(v->key[i], p, l) != 0)
			return false;
		p += l;
		if (i + 1 < v->depth) {
			if (*p != '.')
				return false;
			p++;
		}
	}
	return *p == '\0';
}

/* ---- book.toml's meaning for a book ---- */

/* A string value of book.toml, or NULL with a warning when it is
 * another kind or empty. */
static const char *toml_text(ov_doc *doc, const ov_toml_value *v, const char *key)
{
	if (v->kind != OV_TOML_STRING || !v->str[0]) {
		ov_diag_warning(doc->diag, v->pos, "'%s' must be a non-empty string; it is ignored", key);
		return NULL;
	}
	return v->str;
}

/* mdBook's book.toml (https://rust-lang.github.io/mdBook/format/configuration/general.html):
 * the [book] table's title, authors, description, language and src (the
 * folder of SUMMARY.md, "src" by default) are read; every other table
 * ([build], [output.*], [preprocessor.*], [rust]) and key is mdBook's own
 * and passed over. */
const char *ov_book_toml_read(ov_doc *doc, const char *book_dir, ov_pos *src_pos_out)
{
	ov_meta *m = &doc->meta;
	uint32_t file = ov_diag_file(doc->diag, "book.toml");
	char *full = ov_path_join(book_dir, "book.toml"), *text;
	size_t len;
	const char *src = "src";
	ov_pos src_pos = {file, 0, 0};
	if (ov_read_file(full, &text, &len) != 0) {
		ov_diag_error(doc->diag, src_pos, "cannot read book.toml: %s", ov_file_error(errno));
	} else {
		ov_toml_value *v;
		size_t n = ov_toml_parse(&doc->arena, doc->diag, file, text, len, "book", &v);
		free(text);
		for (size_t i = 0; i < n; i++) {
			const char *s;
			if (ov_toml_key_is(&v[i], "book.title")) {
				if ((s = toml_text(doc, &v[i], "book.title")))
					m->title = s;
			} else if (ov_toml_key_is(&v[i], "book.description")) {
				if ((s = toml_text(doc, &v[i], "book.description")))
					m->description = s;
			} else if (ov_toml_key_is(&v[i], "book.language")) {
				if ((s = toml_text(doc, &v[i], "book.language")) && !ov_language_tag_ok(s))
					ov_diag_warning(doc->diag, v[i].pos,
					                "'book.language' must be a BCP 47 tag such as en or en-US, not '%s'; "
					                "'en' is used",
					                s);
				else if (s)
					m->language = s;
			} else if (ov_toml_key_is(&v[i], "book.src")) {
				if ((s = toml_text(doc, &v[i], "book.src"))) {
					src = s;
					src_pos = v[i].pos;
				}
			} else if (ov_toml_key_is(&v[i], "book.authors")) {
				/* mdBook takes a list; one string is taken as a list of one */
				if (v[i].kind == OV_TOML_ARRAY) {
					m->authors = v[i].items;
					m->author_count = v[i].count;
				} else if ((s = toml_text(doc, &v[i], "book.authors"))) {
					m->authors = ov_arena_alloc(&doc->arena, sizeof *m->authors);
					m->authors[0] = s;
					m->author_count = 1;
				}
			}
		}
		free(v);
	}
	free(full);
	/* an empty author is not one */
	size_t k = 0;
	for (size_t i = 0; i < m->author_count; i++)
		if (m->authors[i][0])
			m->authors[k++] = m->authors[i];
	m->author_count = k;
	*src_pos_out = src_pos;
	return src;
}
