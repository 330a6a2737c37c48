/*
 * buf.h - growable byte buffer, always NUL-terminated.
 *
 *   ov_buf b = OV_BUF_INIT;
 *   ov_buf_puts(&b, "<p>");
 *   ov_buf_printf(&b, "%d", n);
 *   char *s = ov_buf_detach(&b);     // caller frees s
 *   ov_buf_dispose(&b);              // or free the contents in place
 *
 * Owned apart from the arena: output files are built in buffers.
 */
#ifndef OV_BUF_H
#define OV_BUF_H

#include <stddef.h>
#include <string.h>

typedef struct {
	char *ptr;  /* NUL-terminated contents, NULL when empty and unallocated */
	size_t len; /* bytes used, excluding the NUL */
	size_t cap; /* bytes allocated */
} ov_buf;

#define OV_BUF_INIT {NULL, 0, 0}

/* Makes room for extra more bytes (and the NUL). */
void ov_buf_grow(ov_buf *b, size_t extra);
void ov_buf_puts(ov_buf *b, const char *s);

/* Inline: the writers call these for every few bytes they write. */
static inline void ov_buf_put(ov_buf *b, const void *data, size_t len)
{
	if (len >= b->cap - b->len) /* cap > len whenever ptr is allocated */
		ov_buf_grow(b, len);
	if (len)
		memcpy(b->ptr + b->len, data, len);
	b->len += len;
	b->ptr[b->len] = '\0';
}

static inline void ov_buf_putc(ov_buf *b, char c)
{
	if (b->len + 2 > b->cap)
		ov_buf_grow(b, 1);
	b->ptr[b->len++] = c;
	b->ptr[b->len] = '\0';
}
void ov_buf_printf(ov_buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void ov_buf_clear(ov_buf *b);
/* Returns the contents (never NULL) and resets b; the caller frees. */
char *ov_buf_detach(ov_buf *b);
void ov_buf_dispose(ov_buf *b);
/* Contents as a C string, "" when empty. */
const char *ov_buf_cstr(const ov_buf *b);

#endif
