/*
 * parse.c - PLACEHOLDER until the real parser lands: every character of
 * the source becomes an ORD atom. Replaced wholesale by the TeX parser.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "math/math.h"
#include "util/utf8.h"

struct ov_math_macros {
	const ov_math_macros *parent;
};

ov_math_macros *ov_math_macros_new(const ov_math_macros *parent)
{
	ov_math_macros *mm = ov_xcalloc(1, sizeof *mm);
	mm->parent = parent;
	return mm;
}

void ov_math_macros_free(ov_math_macros *mm) { free(mm); }

bool ov_math_macros_define(ov_math_macros *mm, const char *name, const char *body, size_t len, int params,
                           char *why, size_t size)
{
	(void)mm, (void)name, (void)body, (void)len, (void)params;
	if (size)
		snprintf(why, size, "macros are not supported yet");
	return false;
}

bool ov_math_known_command(const char *name, size_t len)
{
	(void)name, (void)len;
	return false;
}

const ov_math *ov_math_parse(ov_arena *arena, const char *src, size_t len, bool display, ov_math_macros *macros)
{
	(void)macros;
	ov_math *m = ov_arena_alloc(arena, sizeof *m);
	m->display = display;
	m->ok = true;
	m->src = src;
	m->len = len;
	ov_mnode **tail = &m->list;
	size_t i = 0;
	while (i < len) {
		uint32_t cp;
		int n = ov_utf8_decode(src + i, len - i, &cp);
		size_t k = n > 0 ? (size_t)n : 1;
		if (cp != ' ') {
			ov_mnode *a = ov_arena_alloc(arena, sizeof *a);
			a->kind = OV_MN_ATOM;
			a->cls = OV_MCLASS_ORD;
			a->off = (uint32_t)i;
			a->len = (uint32_t)k;
			a->u.atom.cp = cp;
			*tail = a;
			tail = &a->next;
		}
		i += k;
	}
	return m;
}
