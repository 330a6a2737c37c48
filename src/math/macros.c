/*
 * macros.c - sets of math macros (\newcommand, \def, book.yaml's
 * math-macros:) and their definitions as token lists. Expansion itself is
 * in parse.c, where its bounds are counted.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "math/internal.h"
#include "util/arena.h"
#include "util/strmap.h"

struct ov_math_macros {
	const ov_math_macros *parent;
	ov_strmap map;       /* name without backslash -> ov_mmacro */
	ov_mmacro **all;     /* every definition made, also replaced ones: tokens of an
	                      * expansion in progress may point into them */
	size_t count, cap;
};

ov_math_macros *ov_math_macros_new(const ov_math_macros *parent)
{
	ov_math_macros *mm = ov_xcalloc(1, sizeof *mm);
	mm->parent = parent;
	return mm;
}

void ov_math_macros_free(ov_math_macros *mm)
{
	if (!mm)
		return;
	for (size_t i = 0; i < mm->count; i++)
		free(mm->all[i]);
	free(mm->all);
	ov_strmap_dispose(&mm->map, NULL);
	free(mm);
}

const ov_mmacro *ov_math_macro_find(const ov_math_macros *mm, const char *name, size_t len)
{
	for (; mm; mm = mm->parent) {
		if (!mm->map.count)
			continue;
		void **slot = ov_strmap_find(&mm->map, name, len);
		if (slot)
			return *slot;
	}
	return NULL;
}

/* One block: the macro, its tokens, its default and the names. */
static ov_mmacro *make(const char *name, size_t nlen, size_t count, size_t opt_count, size_t names)
{
	size_t size = sizeof(ov_mmacro) + (count + opt_count) * sizeof(ov_mtok) + nlen + 1 + names;
	ov_mmacro *m = ov_xcalloc(1, size);
	m->body = (ov_mtok *)(m + 1);
	m->opt = m->body + count;
	char *p = (char *)(m->opt + opt_count);
	memcpy(p, name, nlen);
	m->name = p;
	m->nlen = nlen;
	return m;
}

static void add(ov_math_macros *mm, ov_mmacro *m)
{
	if (mm->count == mm->cap) {
		mm->cap = mm->cap ? mm->cap * 2 : 16;
		mm->all = ov_xrealloc(mm->all, mm->cap * sizeof *mm->all);
	}
	mm->all[mm->count++] = m;
	bool found;
	void **slot = ov_strmap_slot(&mm->map, m->name, m->nlen, &found);
	*slot = m;
}

static size_t name_bytes(const ov_mtok *t, size_t n)
{
	size_t b = 0;
	for (size_t i = 0; i < n; i++)
		if (t[i].type == OV_MT_CS)
			b += t[i].nlen;
	return b;
}

/* Copies n tokens to out with their names into *names; with params >= 0,
 * '#' followed by a digit becomes OV_MT_PARAM ('##' is one '#'). Returns
 * the count written, or (size_t)-1 with why filled. */
static size_t copy(ov_mtok *out, const ov_mtok *t, size_t n, char **names, int params, char *why, size_t size)
{
	size_t k = 0;
	for (size_t i = 0; i < n; i++) {
		ov_mtok x = t[i];
		if (x.type == OV_MT_CS) {
			memcpy(*names, x.name, x.nlen);
			x.name = *names;
			*names += x.nlen;
		} else if (params >= 0 && x.type == OV_MT_CHAR && x.cp == '#') {
			if (i + 1 < n && t[i + 1].type == OV_MT_CHAR && t[i + 1].cp == '#') {
				i++;
			} else if (i + 1 < n && t[i + 1].type == OV_MT_CHAR && t[i + 1].cp >= '1' &&
			           t[i + 1].cp <= '9' && (int)(t[i + 1].cp - '0') <= params) {
				x.type = OV_MT_PARAM;
				x.cp = t[i + 1].cp - '0';
				i++;
			} else {
				if (size)
					snprintf(why, size, params ? "'#' in the body is not followed by a parameter "
					                             "number from 1 to %d" : "'#' in the body of a macro "
					                             "without parameters", params);
				return (size_t)-1;
			}
		}
		out[k++] = x;
	}
	return k;
}

bool ov_math_macro_set(ov_math_macros *mm, const char *name, size_t nlen, int params, const ov_mtok *body,
                       size_t count, const ov_mtok *opt, size_t opt_count, bool has_opt, char *why, size_t size)
{
	ov_mmacro *m = make(name, nlen, count, opt_count, name_bytes(body, count) + name_bytes(opt, opt_count));
	char *names = (char *)m->name + nlen + 1;
	size_t k = copy(m->body, body, count, &names, params, why, size);
	if (k == (size_t)-1) {
		free(m);
		return false;
	}
	m->count = k;
	m->opt_count = copy(m->opt, opt, opt_count, &names, -1, why, size);
	m->has_opt = has_opt;
	m->params = params;
	add(mm, m);
	return true;
}

void ov_math_macro_let(ov_math_macros *mm, const char *name, size_t nlen, const ov_msym *sym)
{
	ov_mmacro *m = make(name, nlen, 0, 0, 0);
	m->let = sym;
	add(mm, m);
}

void ov_math_macro_copy(ov_math_macros *mm, const char *name, size_t nlen, const ov_mmacro *src)
{
	ov_mmacro *m = make(name, nlen, src->count, src->opt_count,
	                    name_bytes(src->body, src->count) + name_bytes(src->opt, src->opt_count));
	char *names = (char *)m->name + nlen + 1;
	m->count = copy(m->body, src->body, src->count, &names, -1, NULL, 0);
	m->opt_count = copy(m->opt, src->opt, src->opt_count, &names, -1, NULL, 0);
	m->has_opt = src->has_opt;
	m->params = src->params;
	m->let = src->let;
	add(mm, m);
}

bool ov_math_macros_define(ov_math_macros *mm, const char *name, const char *body, size_t len, int params,
                           char *why, size_t size)
{
	size_t nlen = strlen(name);
	bool ok = nlen >= 2 && name[0] == '\\';
	for (size_t i = 1; ok && i < nlen; i++)
		if (!((name[i] >= 'a' && name[i] <= 'z') || (name[i] >= 'A' && name[i] <= 'Z')))
			ok = nlen == 2; /* a control symbol: one character that is not a letter */
	if (!ok || nlen > 255) {
		if (size)
			snprintf(why, size, "'%.40s' is not a control sequence (a backslash and letters)", name);
		return false;
	}
	if (params < 0 || params > OV_MATH_MAX_PARAMS) {
		if (size)
			snprintf(why, size, "a macro takes 0 to %d arguments, not %d", OV_MATH_MAX_PARAMS, params);
		return false;
	}
	if (len > OV_MATH_MAX_LEN) {
		if (size)
			snprintf(why, size, "the body is too long (%zu bytes; the limit is %d)", len, OV_MATH_MAX_LEN);
		return false;
	}
	ov_mtok *t = NULL;
	size_t n = 0, cap = 0;
	ov_math_lex(body, len, 0, &t, &n, &cap);
	long depth = 0;
	for (size_t i = 0; i < n && depth >= 0; i++)
		if (t[i].type == OV_MT_CHAR)
			depth += t[i].cp == '{' ? 1 : t[i].cp == '}' ? -1 : 0;
	if (depth != 0) {
		free(t);
		if (size)
			snprintf(why, size, "unbalanced braces in the body");
		return false;
	}
	bool r = ov_math_macro_set(mm, name + 1, nlen - 1, params, t, n, NULL, 0, false, why, size);
	free(t);
	return r;
}
