/*
 * lex.c - TeX math source to tokens (The TeXbook, chapters 7 and 8, with
 * the catcodes of LaTeX's math: letters a-z A-Z make control words, any
 * other character after a backslash a control symbol, '%' a comment).
 */
#include <stdlib.h>

#include "math/internal.h"
#include "util/arena.h"
#include "util/utf8.h"

static bool is_letter(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
static bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f'; }

static ov_mtok *push(ov_mtok **toks, size_t *count, size_t *cap)
{
	if (*count == *cap) {
		*cap = *cap ? *cap * 2 : 64;
		*toks = ov_xrealloc(*toks, *cap * sizeof **toks);
	}
	ov_mtok *t = &(*toks)[(*count)++];
	*t = (ov_mtok){0};
	return t;
}

void ov_math_lex(const char *s, size_t len, uint32_t base, ov_mtok **toks, size_t *count, size_t *cap)
{
	size_t i = 0;
	while (i < len) {
		char c = s[i];
		uint32_t off = base + (uint32_t)i;
		if (is_space(c)) {
			while (i < len && is_space(s[i]))
				i++;
			ov_mtok *t = push(toks, count, cap);
			t->type = OV_MT_SPACE;
			t->off = off;
			continue;
		}
		if (c == '%') { /* a comment, to the end of the line */
			while (i < len && s[i] != '\n')
				i++;
			continue;
		}
		if (c == '\\') {
			ov_mtok *t = push(toks, count, cap);
			t->type = OV_MT_CS;
			t->off = off;
			t->name = s + i + 1;
			i++;
			if (i < len && is_letter(s[i])) {
				size_t st = i;
				while (i < len && is_letter(s[i]) && i - st < 255)
					i++;
				t->nlen = (uint16_t)(i - st);
				while (i < len && is_space(s[i])) /* TeXbook p. 46: skipped after a word */
					i++;
			} else if (i < len) {
				uint32_t cp;
				int n = ov_utf8_decode(s + i, len - i, &cp);
				size_t k = n > 0 ? (size_t)n : 1;
				if (is_space(s[i])) /* "\ " and a backslash before a line break: control space */
					t->name = " ", k = 1;
				t->nlen = (uint16_t)k;
				i += k;
			}
			/* a backslash at the end: a control sequence with an empty name */
			continue;
		}
		uint32_t cp;
		int n = ov_utf8_decode(s + i, len - i, &cp);
		ov_mtok *t = push(toks, count, cap);
		t->type = OV_MT_CHAR;
		t->off = off;
		t->cp = cp;
		i += n > 0 ? (size_t)n : 1;
	}
}
