/*
 * themeyaml.c - book.yaml's `theme:` mapping, read through a table of
 * its keys (name, kind of value, field of ov_theme, range, unit), so that
 * a key is one row here, one in theme.h's list and one in the README.
 * The walk goes at most three levels down (theme, margins, a page size),
 * so its work is bounded by the tree's weight (yamltree.h).
 */
#include "themeyaml.h"

#include <errno.h>
#include <math.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef enum {
	K_NUMBER,  /* count numbers in [min, max] */
	K_LENGTH,  /* a length (ov_length_parse), pt in [min, max] */
	K_COLOR,   /* "#rrggbb" */
	K_FACE,    /* count faces: regular, italic, bold, bold-italic */
	K_HEAD,    /* book, chapter or none */
	K_DEPTH,   /* a whole number in [min, max] */
	K_BOOL,    /* true or false */
	K_BODY,    /* body-size: a length, given to every page size */
	K_LEADING, /* leading: a number, given to every page size */
	K_ACCENT,  /* accent-color: the default of link-color and label-color */
	K_MARGINS, /* {6x9in|a4|letter: {top, bottom, inner, outer}} */
} key_kind;

typedef struct {
	const char *name;
	key_kind kind;
	size_t off;       /* offsetof(ov_theme, field); unused from K_BODY on */
	int count;        /* values the field holds: 1, or a list of 2, 4 or 6 */
	double min, max;  /* K_NUMBER, K_LENGTH, K_DEPTH, K_BODY, K_LEADING */
	const char *unit; /* after the range in messages */
} key_def;

#define F(field) offsetof(ov_theme, field)

static const char BODY[] = "times the body size", SIZE[] = "times the text's size", LINES[] = "lines",
                  EM[] = "em", PT[] = "pt";

/* In the README's order. The ranges keep a book readable and its
 * layout finite; they are not the limits of taste. */
static const key_def keys[] = {
	{"body-size", K_BODY, 0, 1, 6, 20, PT},
	{"leading", K_LEADING, 0, 1, 1, 2.5, BODY},
	{"margins", K_MARGINS, 0, 1, 0, 0, NULL},
	{"text-color", K_COLOR, F(text_color), 1, 0, 0, NULL},
	{"accent-color", K_ACCENT, 0, 1, 0, 0, NULL},
	{"link-color", K_COLOR, F(link_color), 1, 0, 0, NULL},
	{"paragraph-spacing", K_NUMBER, F(paragraph_spacing), 1, 0, 3, LINES},
	{"paragraph-indent", K_NUMBER, F(paragraph_indent), 1, 0, 5, EM},
	{"block-spacing", K_NUMBER, F(block_spacing), 1, 0, 3, LINES},
	{"display-spacing", K_NUMBER, F(display_spacing), 1, 0, 3, LINES},
	{"list-indent", K_NUMBER, F(list_indent), 1, 0.5, 5, EM},
	{"list-spacing", K_NUMBER, F(list_spacing), 1, 0, 3, LINES},
	{"quote-indent", K_NUMBER, F(quote_indent), 1, 0, 5, EM},
	{"quote-spacing", K_NUMBER, F(quote_spacing), 1, 0, 3, LINES},
	{"quote-bar-width", K_LENGTH, F(quote_bar_width), 1, 0, 6, PT},
	{"quote-bar-position", K_NUMBER, F(quote_bar_at), 1, 0, 1, "(a fraction of the quote's indent)"},
	{"quote-bar-color", K_COLOR, F(quote_bar_color), 1, 0, 0, NULL},
	{"break-spacing", K_NUMBER, F(break_spacing), 1, 0, 5, LINES},
	{"break-width", K_NUMBER, F(break_width), 1, 0.05, 1, "(a fraction of the measure)"},
	{"rule-weight", K_LENGTH, F(rule_weight), 1, 0.1, 4, PT},
	{"rule-color", K_COLOR, F(rule_color), 1, 0, 0, NULL},
	{"note-mark-size", K_NUMBER, F(mark_size), 1, 0.4, 1, SIZE},
	{"chapter-drop", K_NUMBER, F(chapter_drop), 1, 0, 0.5, "(a fraction of the text block)"},
	{"title-size", K_NUMBER, F(title_size), 1, 0.5, 5, BODY},
	{"title-leading", K_NUMBER, F(title_leading), 1, 0.8, 2, SIZE},
	{"title-space-after", K_NUMBER, F(title_space_after), 1, 0, 6, LINES},
	{"part-pages", K_BOOL, F(part_pages), 1, 0, 0, NULL},
	{"part-size", K_NUMBER, F(part_size), 1, 0.5, 5, BODY},
	{"label-size", K_NUMBER, F(label_size), 1, 0.5, 3, BODY},
	{"label-gap", K_NUMBER, F(label_gap), 1, 1, 5, "times the label's size"},
	{"label-face", K_FACE, F(label_face), 1, 0, 0, NULL},
	{"label-color", K_COLOR, F(label_color), 1, 0, 0, NULL},
	{"heading-sizes", K_NUMBER, F(heading_size), OV_HEADING_LEVELS, 0.5, 4, BODY},
	{"heading-faces", K_FACE, F(heading_face), OV_HEADING_LEVELS, 0, 0, NULL},
	{"heading-space-above", K_NUMBER, F(heading_above), OV_HEADING_LEVELS, 0, 5, LINES},
	{"heading-space-below", K_NUMBER, F(heading_below), 1, 0, 5, LINES},
	{"heading-leading", K_NUMBER, F(heading_leading), 1, 0.8, 2, SIZE},
	{"heading-color", K_COLOR, F(heading_color), 1, 0, 0, NULL},
	{"code-size", K_NUMBER, F(code_size), 1, 0.5, 1.5, BODY},
	{"inline-code-size", K_NUMBER, F(inline_code_size), 1, 0.5, 1.5, SIZE},
	{"code-leading", K_NUMBER, F(code_leading), 1, 1, 2.5, SIZE},
	{"code-padding", K_LENGTH, F(code_padding), 1, 0, 24, PT},
	{"code-space", K_NUMBER, F(code_space), 2, 0, 3, LINES},
	{"code-background", K_COLOR, F(code_background), 1, 0, 0, NULL},
	{"code-mark-color", K_COLOR, F(code_mark_color), 1, 0, 0, NULL},
	{"code-colors", K_COLOR, F(code_color), OV_CODE_CLASSES, 0, 0, NULL},
	{"table-size", K_NUMBER, F(table_size), 1, 0.5, 1.5, BODY},
	{"table-leading", K_NUMBER, F(table_leading), 1, 1, 2.5, SIZE},
	{"table-padding", K_LENGTH, F(table_padding), 1, 0, 24, PT},
	{"table-header-face", K_FACE, F(table_header_face), 1, 0, 0, NULL},
	{"table-rule-color", K_COLOR, F(table_rule_color), 1, 0, 0, NULL},
	{"table-rule", K_LENGTH, F(table_rule), 1, 0, 4, PT},
	{"table-header-rule", K_LENGTH, F(table_header_rule), 1, 0, 4, PT},
	{"table-space", K_NUMBER, F(table_space), 2, 0, 3, LINES},
	{"callout-spacing", K_NUMBER, F(callout_spacing), 1, 0, 3, LINES},
	{"callout-padding", K_LENGTH, F(callout_padding), 1, 0, 24, PT},
	{"bleed", K_LENGTH, F(bleed), 1, 0, 36, PT},
	{"callout-bar-width", K_LENGTH, F(callout_bar_width), 1, 0, 6, PT},
	{"callout-background", K_COLOR, F(callout_background), 1, 0, 0, NULL},
	{"callout-colors", K_COLOR, F(callout_color), OV_CALLOUT_KINDS, 0, 0, NULL},
	{"figure-space", K_NUMBER, F(figure_space), 2, 0, 3, LINES},
	{"caption-size", K_NUMBER, F(caption_size), 1, 0.5, 1.5, BODY},
	{"caption-leading", K_NUMBER, F(caption_leading), 1, 1, 2.5, SIZE},
	{"caption-gap", K_LENGTH, F(caption_gap), 1, 0, 36, PT},
	{"caption-face", K_FACE, F(caption_face), 1, 0, 0, NULL},
	{"figure-min-text", K_LENGTH, F(figure_min_text), 1, 0, 24, PT},
	{"note-size", K_NUMBER, F(note_size), 1, 0.5, 1.5, BODY},
	{"note-leading", K_NUMBER, F(note_leading), 1, 1, 2.5, SIZE},
	{"note-indent", K_NUMBER, F(note_indent), 1, 0, 5, "times the note size"},
	{"note-rule-length", K_NUMBER, F(note_rule_length), 1, 0, 1, "(a fraction of the measure)"},
	{"note-rule-weight", K_LENGTH, F(note_rule_weight), 1, 0, 4, PT},
	{"contents-depth", K_DEPTH, F(contents_depth), 1, 1, 3, NULL},
	{"contents-leading", K_NUMBER, F(contents_leading), 1, 1, 3, BODY},
	{"contents-indent", K_NUMBER, F(contents_indent), 1, 0, 5, EM},
	{"contents-space", K_NUMBER, F(contents_space), 1, 0, 3, "times the contents' leading"},
	{"leader-color", K_COLOR, F(leader_color), 1, 0, 0, NULL},
	{"running-head-verso", K_HEAD, F(head_verso), 1, 0, 0, NULL},
	{"running-head-recto", K_HEAD, F(head_recto), 1, 0, 0, NULL},
	{"running-head-size", K_NUMBER, F(head_size), 1, 0.5, 1.5, BODY},
	{"running-head-offset", K_NUMBER, F(head_offset), 1, 0.5, 6, BODY},
	{"folio-offset", K_NUMBER, F(folio_offset), 1, 0.5, 6, BODY},
	{"running-head-color", K_COLOR, F(head_color), 1, 0, 0, NULL},
	{"title-page-sizes", K_NUMBER, F(title_page_size), 4, 0.5, 5, BODY},
	{"title-page-drop", K_NUMBER, F(title_page_drop), 1, 0, 0.8, "(a fraction of the text block)"},
	{"copyright-size", K_NUMBER, F(copyright_size), 1, 0.5, 1.5, BODY},
	{"copyright-drop", K_NUMBER, F(copyright_drop), 1, 0, 0.8, "(a fraction of the text block)"},
};

#define KEY_COUNT (sizeof keys / sizeof *keys)

const char *ov_theme_key_name(size_t i) { return i < KEY_COUNT ? keys[i].name : NULL; }

/* What the values of a list are, for messages. */
static const char *list_items(int count)
{
	switch (count) {
	case 2: return "above, below";
	case 4: return "title, subtitle, authors, publisher";
	case OV_CALLOUT_KINDS: return "note, tip, important, warning, caution";
	default: return "levels 1 to 6";
	}
}

/* The value's kind in a message: "a number", "a colour", ... */
static const char *kind_noun(key_kind k)
{
	switch (k) {
	case K_NUMBER: case K_LEADING: return "a number";
	case K_LENGTH: case K_BODY: return "a length";
	case K_COLOR: case K_ACCENT: return "a colour";
	case K_FACE: return "a face";
	case K_HEAD: return "book, chapter or none";
	case K_DEPTH: return "1, 2 or 3";
	case K_BOOL: return "true or false";
	default: return "a mapping";
	}
}

/* Edit distances are computed up to FAR: a key further from every known
 * one than two edits gets no suggestion. */
#define FAR 3

/* The edit distance of a and b (Levenshtein), or FAR when it is FAR or
 * more. Only the cells within FAR of the diagonal are computed, and
 * names whose lengths differ by FAR or more, or that are 64 bytes or
 * longer, are not compared at all: a mapping of 100,000 unknown keys
 * costs a few hundred steps a key. */
static size_t distance(const char *a, const char *b)
{
	size_t n = strlen(a), m = strlen(b);
	if (n >= 64 || m >= 64 || n + FAR <= m || m + FAR <= n)
		return FAR;
	size_t prev[66], cur[66];
	for (size_t j = 0; j <= m + 1; j++)
		prev[j] = j < FAR ? j : FAR;
	for (size_t i = 1; i <= n; i++) {
		size_t lo = i > FAR ? i - FAR : 0, hi = i + FAR < m ? i + FAR : m;
		if (lo > 0)
			cur[lo - 1] = FAR; /* left of the band */
		for (size_t j = lo; j <= hi; j++) {
			size_t d;
			if (j == 0) {
				d = i < FAR ? i : FAR;
			} else {
				d = prev[j - 1] + (a[i - 1] != b[j - 1]);
				if (prev[j] + 1 < d)
					d = prev[j] + 1;
				if (cur[j - 1] + 1 < d)
					d = cur[j - 1] + 1;
			}
			cur[j] = d < FAR ? d : FAR;
		}
		cur[hi + 1] = FAR; /* right of the band, read as "up" by the next row */
		memcpy(prev, cur, (hi + 2) * sizeof *prev);
	}
	return prev[m];
}

/* The known key nearest to name when it is near enough to be a slip
 * (at most two edits, and fewer than a third of the key), else NULL. */
static const char *nearest_key(const char *name)
{
	const char *best = NULL;
	size_t best_d = FAR;
	for (size_t i = 0; i < KEY_COUNT; i++) {
		size_t d = distance(name, keys[i].name);
		if (d < best_d && d * 3 < strlen(keys[i].name)) {
			best = keys[i].name;
			best_d = d;
		}
	}
	return best;
}

typedef struct {
	ov_theme *t;
	ov_diag *diag;
	bool given[KEY_COUNT];
	double body, leading; /* 0: not given */
	ov_color accent;
	bool accent_given;
} loader;

/* The scalar's text, or NULL with an error naming key (and item, from 1,
 * when it is a list's). */
static const char *scalar(loader *l, const ov_ynode *n, const key_def *k, int item)
{
	char at[32] = "";
	if (item)
		snprintf(at, sizeof at, " item %d", item);
	if (n->kind != OV_YSCALAR) {
		ov_diag_error(l->diag, n->pos, "'theme.%s'%s must be %s, not %s", k->name, at, kind_noun(k->kind),
		              ov_ynode_noun(n));
		return NULL;
	}
	if (strlen(n->text) != n->len) {
		ov_diag_error(l->diag, n->pos, "'theme.%s'%s contains a NUL character", k->name, at);
		return NULL;
	}
	if (!n->len) {
		if (k->kind == K_COLOR || k->kind == K_ACCENT)
			ov_diag_error(l->diag, n->pos,
			              "'theme.%s'%s is empty (write the colour in quotes, \"#1d4e89\": "
			              "in YAML a # starts a comment)",
			              k->name, at);
		else
			ov_diag_error(l->diag, n->pos, "'theme.%s'%s is empty", k->name, at);
		return NULL;
	}
	return n->text;
}

/* A value as messages quote it: the first 40 bytes, cut before a
 * character, and "..." when it goes on. */
typedef struct {
	char s[48];
} quoted;

static quoted shown(const char *s)
{
	quoted q;
	size_t n = strlen(s);
	if (n <= 40) {
		memcpy(q.s, s, n + 1);
		return q;
	}
	n = 40;
	while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80)
		n--;
	memcpy(q.s, s, n);
	memcpy(q.s + n, "...", 4);
	return q;
}

/* A plain decimal number (no units, no hexadecimal, no inf or nan). */
static bool parse_number(const char *s, double *out)
{
	if (s[strspn(s, "0123456789.+-eE")])
		return false;
	char *end;
	errno = 0;
	double v = strtod(s, &end);
	if (end == s || *end || errno || !isfinite(v))
		return false;
	*out = v;
	return true;
}

static bool parse_face(const char *s, ov_face *out)
{
	static const ov_face faces[] = {OV_FACE_REGULAR, OV_FACE_ITALIC, OV_FACE_BOLD, OV_FACE_BOLD_ITALIC};
	for (size_t i = 0; i < sizeof faces / sizeof *faces; i++)
		if (strcmp(s, ov_face_name(faces[i])) == 0) {
			*out = faces[i];
			return true;
		}
	return false;
}

/* One value of key k from scalar n into slot i of its field (K_BODY,
 * K_LEADING and K_ACCENT into the loader); false when it is reported. */
static bool load_value(loader *l, const ov_ynode *n, const key_def *k, int i, int item)
{
	const char *s = scalar(l, n, k, item);
	if (!s)
		return false;
	char at[32] = "";
	if (item)
		snprintf(at, sizeof at, " item %d", item);
	char *field = (char *)l->t + k->off;
	double v;
	switch (k->kind) {
	case K_NUMBER:
	case K_LEADING:
	case K_DEPTH:
		if (!parse_number(s, &v) || (k->kind == K_DEPTH && v != floor(v))) {
			if (k->kind == K_DEPTH)
				ov_diag_error(l->diag, n->pos, "'theme.%s' must be 1, 2 or 3, not '%s'", k->name, shown(s).s);
			else
				ov_diag_error(l->diag, n->pos, "'theme.%s'%s must be a number such as 1.2, not '%s'", k->name,
				              at, shown(s).s);
			return false;
		}
		break;
	case K_LENGTH:
	case K_BODY:
		if (!ov_length_parse(s, &v)) {
			ov_diag_error(l->diag, n->pos,
			              "'theme.%s'%s must be a length such as %s, not '%s'", k->name, at,
			              k->kind == K_BODY ? "11pt" : "1.5pt, 0.5mm or 0.02in", shown(s).s);
			return false;
		}
		break;
	case K_COLOR:
	case K_ACCENT: {
		ov_color col;
		if (!ov_color_parse(s, &col)) {
			ov_diag_error(l->diag, n->pos, "'theme.%s'%s must be a colour such as \"#1d4e89\", not '%s'",
			              k->name, at, shown(s).s);
			return false;
		}
		if (k->kind == K_ACCENT)
			l->accent = col;
		else
			((ov_color *)field)[i] = col;
		return true;
	}
	case K_FACE: {
		ov_face f;
		if (!parse_face(s, &f)) {
			ov_diag_error(l->diag, n->pos,
			              "'theme.%s'%s must be regular, italic, bold or bold-italic, not '%s'", k->name, at,
			              shown(s).s);
			return false;
		}
		((ov_face *)field)[i] = f;
		return true;
	}
	case K_HEAD: {
		static const char *const names[] = {"none", "book", "chapter"};
		for (int h = 0; h < 3; h++)
			if (strcmp(s, names[h]) == 0) {
				*(ov_head_content *)field = (ov_head_content)h;
				return true;
			}
		ov_diag_error(l->diag, n->pos, "'theme.%s' must be book, chapter or none, not '%s'", k->name, shown(s).s);
		return false;
	}
	case K_BOOL:
		/* YAML 1.1's booleans, as book.yaml's other switches take them */
		if (strcmp(s, "true") == 0 || strcmp(s, "yes") == 0 || strcmp(s, "on") == 0)
			*(bool *)field = true;
		else if (strcmp(s, "false") == 0 || strcmp(s, "no") == 0 || strcmp(s, "off") == 0)
			*(bool *)field = false;
		else {
			ov_diag_error(l->diag, n->pos, "'theme.%s' must be true or false, not '%s'", k->name, shown(s).s);
			return false;
		}
		return true;
	default:
		return false;
	}
	if (v < k->min || v > k->max) {
		if (k->kind == K_DEPTH)
			ov_diag_error(l->diag, n->pos, "'theme.%s' must be 1, 2 or 3, not '%s'", k->name, shown(s).s);
		else
			ov_diag_error(l->diag, n->pos, "'theme.%s'%s must be between %g and %g %s, not '%s'", k->name, at,
			              k->min, k->max, k->unit, shown(s).s);
		return false;
	}
	if (k->kind == K_BODY)
		l->body = v;
	else if (k->kind == K_LEADING)
		l->leading = v;
	else if (k->kind == K_DEPTH)
		*(int *)field = (int)v;
	else
		((double *)field)[i] = v;
	return true;
}

/* Bytes of one item of key k's field. */
static size_t item_size(const key_def *k)
{
	return k->kind == K_FACE ? sizeof(ov_face) : k->kind == K_COLOR ? sizeof(ov_color) : sizeof(double);
}

/* Key k's value n: one value, or for a list key one value for all or a
 * list of exactly k->count. Returns whether all of it was taken. */
static bool load_key(loader *l, const ov_ynode *n, const key_def *k)
{
	if (k->count == 1)
		return load_value(l, n, k, 0, 0);
	if (n->kind == OV_YSCALAR) {
		if (!load_value(l, n, k, 0, 0))
			return false;
		/* one value for every item */
		size_t size = item_size(k);
		char *field = (char *)l->t + k->off;
		for (int i = 1; i < k->count; i++)
			memcpy(field + (size_t)i * size, field, size);
		return true;
	}
	if (n->kind != OV_YSEQUENCE || n->len != (size_t)k->count) {
		char got[32];
		if (n->kind == OV_YSEQUENCE)
			snprintf(got, sizeof got, "a list of %zu", n->len);
		ov_diag_error(l->diag, n->pos, "'theme.%s' must be %s or a list of %d (%s), not %s", k->name,
		              kind_noun(k->kind), k->count, list_items(k->count),
		              n->kind == OV_YSEQUENCE ? got : ov_ynode_noun(n));
		return false;
	}
	/* all the items or none: a list with a mistake keeps its default */
	size_t size = (size_t)k->count * item_size(k);
	char keep[OV_HEADING_LEVELS * sizeof(double)];
	memcpy(keep, (char *)l->t + k->off, size);
	bool all = true;
	for (int i = 0; i < k->count; i++)
		all = load_value(l, n->kids[i], k, i, i + 1) && all;
	if (!all)
		memcpy((char *)l->t + k->off, keep, size);
	return all;
}

/* The margins of one page size, page, from mapping n (named by key). */
static void load_size_margins(loader *l, ov_page_setup *page, const ov_ynode *key, const ov_ynode *n)
{
	if (n->kind != OV_YMAPPING) {
		ov_diag_error(l->diag, n->pos,
		              "'theme.margins.%s' must be a mapping of top, bottom, inner and outer, not %s", key->text,
		              ov_ynode_noun(n));
		return;
	}
	ov_yaml_check_duplicates(l->diag, n);
	/* all the margins or none: a size with a mistake keeps its own */
	ov_page_setup keep = *page;
	bool ok = true;
	static const char *const sides[] = {"top", "bottom", "inner", "outer"};
	for (size_t j = 0; j < n->len; j++) {
		const ov_ynode *k = ov_ynode_key(n, j), *v = ov_ynode_value(n, j);
		if (k->kind != OV_YSCALAR)
			continue;
		int which = -1;
		for (int i = 0; i < 4; i++)
			if (strcmp(k->text, sides[i]) == 0)
				which = i;
		if (which < 0) {
			ov_diag_error(l->diag, k->pos, "unknown key 'theme.margins.%s.%s' (known: top, bottom, inner, outer)",
			              key->text, shown(k->text).s);
			ok = false;
			continue;
		}
		double len;
		if (v->kind != OV_YSCALAR || strlen(v->text) != v->len || !ov_length_parse(v->text, &len)) {
			ov_diag_error(l->diag, v->pos,
			              "'theme.margins.%s.%s' must be a length such as 0.75in, 18mm, 2cm or 54pt", key->text,
			              shown(k->text).s);
			ok = false;
			continue;
		}
		double *slot[] = {&page->top, &page->bottom, &page->inner, &page->outer};
		*slot[which] = len;
	}
	if (ok && (page->width - page->inner - page->outer < 144 || page->height - page->top - page->bottom < 144)) {
		ov_diag_error(l->diag, key->pos, "the margins in 'theme.margins.%s' leave less than 2in for the text block",
		              key->text);
		ok = false;
	}
	if (!ok)
		*page = keep;
}

static void load_margins(loader *l, const ov_ynode *n)
{
	if (n->kind != OV_YMAPPING) {
		ov_diag_error(l->diag, n->pos,
		              "'theme.margins' must be a mapping of page sizes (6x9in, a4, letter), not %s", ov_ynode_noun(n));
		return;
	}
	ov_yaml_check_duplicates(l->diag, n);
	for (size_t j = 0; j < n->len; j++) {
		const ov_ynode *k = ov_ynode_key(n, j), *v = ov_ynode_value(n, j);
		if (k->kind != OV_YSCALAR)
			continue;
		int size = ov_page_size_index(k->text);
		if (size < 0) {
			ov_diag_error(l->diag, k->pos, "unknown key 'theme.margins.%s' (use 6x9in, a4 or letter)",
			              shown(k->text).s);
			continue;
		}
		load_size_margins(l, &l->t->page[size], k, v);
	}
}

/* Whether key name was given, and taken. */
static bool given(const loader *l, const char *name)
{
	for (size_t i = 0; i < KEY_COUNT; i++)
		if (strcmp(keys[i].name, name) == 0)
			return l->given[i];
	return false;
}

void ov_theme_load(ov_theme *t, ov_diag *diag, const ov_ynode *n)
{
	if (n->kind != OV_YMAPPING) {
		ov_diag_error(diag, n->pos, "'theme' must be a mapping of keys such as 'body-size:', not %s", ov_ynode_noun(n));
		return;
	}
	ov_yaml_check_duplicates(diag, n);
	loader l = {.t = t, .diag = diag};
	for (size_t j = 0; j < n->len; j++) {
		const ov_ynode *k = ov_ynode_key(n, j), *v = ov_ynode_value(n, j);
		if (k->kind != OV_YSCALAR) {
			ov_diag_error(diag, k->pos, "keys of 'theme' must be plain words");
			continue;
		}
		size_t which = KEY_COUNT;
		for (size_t i = 0; i < KEY_COUNT; i++)
			if (strcmp(k->text, keys[i].name) == 0)
				which = i;
		if (which == KEY_COUNT) {
			const char *near = nearest_key(k->text);
			if (near)
				ov_diag_error(diag, k->pos, "unknown key 'theme.%s' (did you mean '%s'?)", shown(k->text).s, near);
			else
				ov_diag_error(diag, k->pos, "unknown key 'theme.%s' (the keys are listed in the README, \"Themes\")",
				              shown(k->text).s);
			continue;
		}
		const key_def *def = &keys[which];
		if (def->kind == K_MARGINS) {
			load_margins(&l, v);
			l.given[which] = true;
		} else if (load_key(&l, v, def)) {
			l.given[which] = true;
			if (def->kind == K_ACCENT)
				l.accent_given = true;
		}
	}
	/* the body size and leading hold for every page size; a leading not
	 * given keeps each size's proportion */
	for (int p = 0; p < OV_PAGE__COUNT; p++) {
		ov_page_setup *ps = &t->page[p];
		double ratio = l.leading ? l.leading : ps->leading / ps->body_size;
		if (l.body)
			ps->body_size = l.body;
		if (l.body || l.leading)
			ps->leading = ps->body_size * ratio;
	}
	if (l.accent_given) {
		if (!given(&l, "link-color"))
			t->link_color = l.accent;
		if (!given(&l, "label-color"))
			t->label_color = l.accent;
	}
}
