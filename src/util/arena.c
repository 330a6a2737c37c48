/*
 * arena.c - bump allocator in growing blocks. Big requests get a block of
 * their own so that a huge paragraph does not waste a standard block.
 */
#include "arena.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define OV_ARENA_BLOCK 65536u /* bytes per ordinary block */

struct ov_arena_block {
	ov_arena_block *next;
	size_t used, cap;
	max_align_t data[]; /* cap bytes */
};

_Noreturn void ov_oom(void)
{
	fputs("octavo: out of memory\n", stderr);
	abort();
}

void *ov_xmalloc(size_t size)
{
	void *p = malloc(size ? size : 1);
	if (!p)
		ov_oom();
	return p;
}

void *ov_xcalloc(size_t count, size_t size)
{
	void *p = calloc(count ? count : 1, size ? size : 1);
	if (!p)
		ov_oom();
	return p;
}

void *ov_xrealloc(void *p, size_t size)
{
	void *q = realloc(p, size ? size : 1);
	if (!q)
		ov_oom();
	return q;
}

char *ov_xstrdup(const char *s)
{
	size_t n = strlen(s) + 1;
	char *d = ov_xmalloc(n);
	memcpy(d, s, n);
	return d;
}

void ov_arena_init(ov_arena *a) { a->head = NULL; }

void ov_arena_dispose(ov_arena *a)
{
	ov_arena_block *b = a->head;
	while (b) {
		ov_arena_block *next = b->next;
		free(b);
		b = next;
	}
	a->head = NULL;
}

void ov_arena_adopt(ov_arena *to, ov_arena *from)
{
	if (!from->head)
		return;
	/* from's blocks go behind to's current block, which keeps filling */
	ov_arena_block *last = from->head;
	while (last->next)
		last = last->next;
	if (to->head) {
		last->next = to->head->next;
		to->head->next = from->head;
	} else {
		to->head = from->head;
	}
	from->head = NULL;
}

void *ov_arena_alloc(ov_arena *a, size_t size)
{
	const size_t align = sizeof(max_align_t);
	if (size > SIZE_MAX - align)
		ov_oom();
	size = (size + align - 1) / align * align;
	ov_arena_block *b = a->head;
	if (!b || b->cap - b->used < size) {
		size_t cap = size > OV_ARENA_BLOCK / 4 ? size : OV_ARENA_BLOCK;
		ov_arena_block *nb = ov_xmalloc(sizeof *nb + cap);
		nb->used = 0;
		nb->cap = cap;
		if (cap == size && b) {
			/* keep filling the current block; the big one goes behind it */
			nb->next = b->next;
			b->next = nb;
		} else {
			nb->next = b;
			a->head = nb;
		}
		b = nb;
	}
	void *p = (char *)b->data + b->used;
	b->used += size;
	memset(p, 0, size);
	return p;
}

void *ov_arena_calloc(ov_arena *a, size_t count, size_t size)
{
	if (size && count > SIZE_MAX / size)
		ov_oom();
	return ov_arena_alloc(a, count * size);
}

char *ov_arena_strndup(ov_arena *a, const char *s, size_t len)
{
	char *d = ov_arena_alloc(a, len + 1);
	if (len)
		memcpy(d, s, len);
	d[len] = '\0';
	return d;
}

char *ov_arena_strdup(ov_arena *a, const char *s)
{
	return ov_arena_strndup(a, s, strlen(s));
}

char *ov_arena_vprintf(ov_arena *a, const char *fmt, va_list ap)
{
	va_list cp;
	va_copy(cp, ap);
	int n = vsnprintf(NULL, 0, fmt, cp);
	va_end(cp);
	if (n < 0)
		n = 0;
	char *d = ov_arena_alloc(a, (size_t)n + 1);
	vsnprintf(d, (size_t)n + 1, fmt, ap);
	return d;
}

char *ov_arena_printf(ov_arena *a, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	char *d = ov_arena_vprintf(a, fmt, ap);
	va_end(ap);
	return d;
}
