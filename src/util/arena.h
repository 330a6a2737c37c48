/*
 * arena.h - one region allocator per build.
 *
 *   ov_arena a; ov_arena_init(&a);
 *   char *s = ov_arena_strndup(&a, text, len);
 *   ...
 *   ov_arena_dispose(&a);            // frees everything at once
 *
 * The document tree, copied source text and derived strings live in the
 * arena and are freed together. Allocation never fails: on out-of-memory the
 * process prints a message and aborts (docs/conventions.md, "Three kinds of
 * failure"). Memory is zero-filled.
 */
#ifndef OV_ARENA_H
#define OV_ARENA_H

#include <stdarg.h>
#include <stddef.h>

typedef struct ov_arena_block ov_arena_block;

typedef struct {
	ov_arena_block *head; /* current block, newest first */
} ov_arena;

void ov_arena_init(ov_arena *a);
/* Frees every block; the arena may be initialised again. */
void ov_arena_dispose(ov_arena *a);
/* Moves every block of from into to (what was allocated from from now
 * lives as long as to); from is left empty. For arenas filled by separate
 * threads and kept together afterwards. */
void ov_arena_adopt(ov_arena *to, ov_arena *from);
/* Zeroed memory aligned for any type; valid until ov_arena_dispose. */
void *ov_arena_alloc(ov_arena *a, size_t size);
/* Zeroed array of count elements of size bytes, with overflow check. */
void *ov_arena_calloc(ov_arena *a, size_t count, size_t size);
/* NUL-terminated copy of s[0..len). */
char *ov_arena_strndup(ov_arena *a, const char *s, size_t len);
char *ov_arena_strdup(ov_arena *a, const char *s);
/* printf into the arena. */
char *ov_arena_printf(ov_arena *a, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
char *ov_arena_vprintf(ov_arena *a, const char *fmt, va_list ap);

/* Process-wide allocation helpers that abort on failure. */
void *ov_xmalloc(size_t size);
void *ov_xcalloc(size_t count, size_t size);
void *ov_xrealloc(void *p, size_t size);
char *ov_xstrdup(const char *s);
/* Aborts with "octavo: out of memory". */
_Noreturn void ov_oom(void);

#endif
