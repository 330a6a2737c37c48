/*
 * booktoml.h - a bounded reader for the part of TOML (https://toml.io/en/v1.0.0)
 * that mdBook's book.toml uses, so that a folder made for mdBook builds as
 * mdBook reads it (https://rust-lang.github.io/mdBook/format/configuration/general.html).
 * Debian 12 has no C TOML library (libcpptoml-dev is C++ only).
 *
 *   ov_toml_value *v; size_t n = ov_toml_parse(&doc->arena, doc->diag, file, text, len, &v);
 *   for (size_t i = 0; i < n; i++) if (ov_toml_key_is(&v[i], "book.title")) ...
 *   free(v);
 *
 * Read: comments; tables "[a.b]" (their keys prefix the keys below them);
 * keys bare ("build-dir"), quoted ("\"/a.html\"", '...') and dotted
 * ("a.b = 1"); values that are basic strings with their escapes (TOML
 * §String: \b \t \n \f \r \" \\ \uXXXX \UXXXXXXXX), literal strings,
 * multi-line basic and literal strings (a newline right after the opening
 * quotes trimmed, a line-ending backslash joining lines), arrays of strings
 * (over several lines, with comments and a trailing comma), integers
 * (decimal with '_', 0x, 0o, 0b; within int64) and booleans.
 * Not read, each skipped (with one warning at its position where the caller
 * asks for one: ov_toml_parse) and the rest read on: floats, dates and times, inline tables, arrays of anything but strings,
 * arrays of tables ("[[a]]": the keys under one are skipped with it),
 * a key defined twice (the first is kept), a string holding NUL, a control
 * character or invalid UTF-8, and any line that is not TOML.
 *
 * Trust: the text is untrusted. The reader is one pass over the bytes with
 * no recursion: a value skipped over nested brackets counts their depth;
 * keys have at most OV_TOML_MAX_KEY_DEPTH parts. Work and memory grow with
 * the input's length (at most OV_MAX_FILE_SIZE, fsio.h).
 */
#ifndef OV_BOOKTOML_H
#define OV_BOOKTOML_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util/arena.h"
#include "doc/doc.h"
#include "util/diag.h"

/* A key has at most this many parts, its table's included ("output.html.
 * search.limit-results" has 4); longer keys are skipped with a warning.
 * book.toml's deepest keys have 4 parts. */
#define OV_TOML_MAX_KEY_DEPTH 16

typedef enum { OV_TOML_STRING, OV_TOML_INTEGER, OV_TOML_BOOL, OV_TOML_ARRAY } ov_toml_kind;

/* A key and its value; strings are valid UTF-8 without NUL, in the arena. */
typedef struct {
	const char **key;  /* its parts, the table's first: {"book", "title"} */
	size_t depth;      /* how many */
	ov_toml_kind kind;
	const char *str;   /* OV_TOML_STRING */
	int64_t integer;   /* OV_TOML_INTEGER */
	bool boolean;      /* OV_TOML_BOOL */
	const char **items; /* OV_TOML_ARRAY: the strings */
	size_t count;
	ov_pos pos;        /* where the value starts */
} ov_toml_value;

/* Reads text[0..len), the file registered as file in diag, into *out
 * (malloc'ed, caller frees; strings in a), in the order written, and
 * returns how many values were read. What is not read is reported to diag
 * as a warning at its line and column: text that is not TOML (or not valid
 * strings) anywhere; valid TOML the reader skips (a float, an inline
 * table, "[[a]]", a key defined twice...) only at the top level and under
 * the table warn_table (NULL: everywhere), so that mdBook's own settings
 * ([output.html.search.chapter] takes inline tables) pass quietly.
 * Never fails. */
size_t ov_toml_parse(ov_arena *a, ov_diag *diag, uint32_t file, const char *text, size_t len, const char *warn_table,
                     ov_toml_value **out);

/* Whether v's key is dotted, parts compared exactly ("book.title" is the
 * key title of table [book]; a quoted part holding a '.' never matches). */
bool ov_toml_key_is(const ov_toml_value *v, const char *dotted);

/* Reads BOOK_DIR/book.toml's [book] table into doc->meta: title,
 * authors (a list, or one string; empty ones dropped), description and
 * language (a BCP 47 tag, else a warning). Returns its src folder, the
 * folder of SUMMARY.md ("src" unless book.toml names one; in the arena
 * or static), with the position to report it at in *src_pos. A file that
 * cannot be read is an error; a key of the wrong kind a warning. */
const char *ov_book_toml_read(ov_doc *doc, const char *book_dir, ov_pos *src_pos);

#endif
