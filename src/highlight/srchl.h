/*
 * srchl.h - a C interface to GNU source-highlight's library
 * (libsource-highlight, C++): a code block's text cut into tokens, each
 * named by the element of the language definition that matched it
 * ("keyword", "string", "comment", ...). srchl.cpp is the only C++ file
 * of Octavo; nothing of the library's types leaves it. It is built as a
 * module (octavo-srchl.so) that srchl.c opens with dlopen on the first
 * ov_srchl_new, so a run with no code to highlight never loads
 * libstdc++, Boost.Regex or source-highlight.
 */
#ifndef OV_SRCHL_H
#define OV_SRCHL_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct ov_srchl ov_srchl;

/* A new highlighter, for one thread at a time (several may run at once);
 * free with ov_srchl_free (NULL is allowed). Language definitions load on
 * first use and stay loaded (a definition is compiled to regular
 * expressions once per run). NULL when the module cannot be loaded: then
 * ov_srchl_why says why. */
ov_srchl *ov_srchl_new(void);
void ov_srchl_free(ov_srchl *h);

/* Why the module could not be loaded ("PATH: REASON"), or
 * NULL when it was (or has not been tried); a static string. */
const char *ov_srchl_why(void);

/* The directory source-highlight's own language files are in (its
 * settings, else the directory it was built with); a string owned by h. */
const char *ov_srchl_data_dir(ov_srchl *h);

/* Called for each token of a line in order, with its bytes [start,
 * start+len) in the text given to ov_srchl_run, and the element's name
 * ("normal" for text no rule matched); the name lives while h does. */
typedef void (*ov_srchl_emit)(void *ctx, size_t start, size_t len, const char *elem);

/* Cuts text[0..len) into tokens with the language definition file in dir
 * (its includes are read from dir too) and calls emit for each; a line
 * break is never part of a token. Returns 0, or -1 when the definition
 * cannot be loaded or the library fails, with a message (lower case, no
 * final period) in err[0..errlen) and no call to emit after the failure. */
int ov_srchl_run(ov_srchl *h, const char *dir, const char *file, const char *text, size_t len,
                 ov_srchl_emit emit, void *ctx, char *err, size_t errlen);

#ifdef __cplusplus
}
#endif

#endif
