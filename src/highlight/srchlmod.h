/*
 * srchlmod.h - what the highlighting module (octavo-srchl.so, built from
 * srchl.cpp) gives the loader (srchl.c): one table of functions under the
 * name OV_SRCHL_ENTRY, the only symbol the module exports. Internal to
 * src/highlight; the rest of Octavo uses srchl.h.
 *
 * Why a module: source-highlight brings libstdc++ and Boost.Regex, whose
 * loading and relocation cost every run of octavo a few milliseconds
 * (twice, with the allocator's re-exec in cli/main.c), although most runs
 * of a book with no highlighted code never call them.
 */
#ifndef OV_SRCHLMOD_H
#define OV_SRCHLMOD_H

#include "highlight/srchl.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Raised whenever the table changes: a module of another version is refused. */
#define OV_SRCHL_ABI 1
#define OV_SRCHL_ENTRY "ov_srchl_entry"

typedef struct {
	int abi; /* OV_SRCHL_ABI */
	ov_srchl *(*create)(void);
	void (*destroy)(ov_srchl *h);
	const char *(*data_dir)(ov_srchl *h);
	int (*run)(ov_srchl *h, const char *dir, const char *file, const char *text, size_t len, ov_srchl_emit emit,
	           void *ctx, char *err, size_t errlen);
} ov_srchl_table;

#ifdef __cplusplus
}
#endif

#endif
