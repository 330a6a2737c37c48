/* buf.c - growable buffer (see buf.h). */
#include "buf.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"

void ov_buf_grow(ov_buf *b, size_t extra)
{
	if (extra > SIZE_MAX - b->len - 1)
		ov_oom();
	size_t need = b->len + extra + 1;
	if (need <= b->cap)
		return;
	size_t cap = b->cap ? b->cap : 64;
	while (cap < need)
		cap = cap > SIZE_MAX / 2 ? need : cap * 2;
	b->ptr = ov_xrealloc(b->ptr, cap);
	b->cap = cap;
}

void ov_buf_puts(ov_buf *b, const char *s) { ov_buf_put(b, s, strlen(s)); }

void ov_buf_printf(ov_buf *b, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n <= 0)
		return;
	ov_buf_grow(b, (size_t)n);
	va_start(ap, fmt);
	vsnprintf(b->ptr + b->len, (size_t)n + 1, fmt, ap);
	va_end(ap);
	b->len += (size_t)n;
}

void ov_buf_clear(ov_buf *b)
{
	b->len = 0;
	if (b->ptr)
		b->ptr[0] = '\0';
}

char *ov_buf_detach(ov_buf *b)
{
	char *p = b->ptr ? b->ptr : ov_xstrdup("");
	b->ptr = NULL;
	b->len = b->cap = 0;
	return p;
}

void ov_buf_dispose(ov_buf *b)
{
	free(b->ptr);
	b->ptr = NULL;
	b->len = b->cap = 0;
}

const char *ov_buf_cstr(const ov_buf *b) { return b->ptr ? b->ptr : ""; }
