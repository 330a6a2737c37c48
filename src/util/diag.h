/*
 * diag.h - the one diagnostics sink of a build.
 *
 *   ov_diag d; ov_diag_init(&d);
 *   uint32_t f = ov_diag_file(&d, "chapters/01-intro.md");
 *   ov_diag_error(&d, (ov_pos){f, 41, 7}, "image '%s' not found", name);
 *   ov_diag_print(&d, stderr);   // FILE:LINE:COL: error: message
 *   if (ov_diag_errors(&d)) ...  // exit status 1
 *   ov_diag_dispose(&d);
 *
 * Every input problem of a run is recorded; the build goes on so that one run
 * reports all of them (docs/architecture.md, "Diagnostics"). Messages are one
 * line, lower case. Programming errors are assertions, not diagnostics.
 */
#ifndef OV_DIAG_H
#define OV_DIAG_H

#include <stdint.h>
#include <stdio.h>

/* A source position. file is an index from ov_diag_file (0 = no file: the
 * message is about the run, e.g. a command-line problem). line and col are
 * 1-based; 0 means unknown and is not printed. col counts bytes, as
 * cmark-gfm and editors following the GNU convention do. */
typedef struct {
	uint32_t file;
	uint32_t line;
	uint32_t col;
} ov_pos;

typedef enum { OV_NOTE, OV_WARNING, OV_ERROR } ov_severity;

typedef struct {
	ov_severity severity;
	ov_pos pos;
	char *message; /* owned by the sink */
	char *key;     /* what warnings fold by (kind and target), NULL: the message; owned */
	char *item;    /* what this one is about, listed when it is folded (ov_diag_warning_listed);
	                * NULL: none; owned */
} ov_diag_record;

typedef struct ov_diag {
	char **files; /* files[0] is "" (no file); owned; unused in a child */
	uint32_t file_count;
	struct ov_diag *files_of; /* a child's sink (ov_diag_init_child), whose file names it
	                           * uses; NULL: its own */
	ov_diag_record *records; /* in the order reported */
	size_t count, cap;
	size_t errors, warnings;
} ov_diag;

void ov_diag_init(ov_diag *d);
/* A sink for one thread's part of a build (the chapters parsed on several
 * threads, markdown.c): it collects its own messages, to be added to
 * parent's in order with ov_diag_append, and registers and looks up file
 * names in parent's table, so that positions mean the same in both. Any
 * number of children may register names at once (a lock guards the
 * table); parent must outlive them. */
void ov_diag_init_child(ov_diag *d, ov_diag *parent);
void ov_diag_dispose(ov_diag *d);
/* Registers a display name (relative to the book folder) and returns its
 * index; the same name returns the same index. Safe to call from
 * several threads, each with a child sink of the same parent. */
uint32_t ov_diag_file(ov_diag *d, const char *name);
const char *ov_diag_file_name(const ov_diag *d, uint32_t file);

void ov_diag_report(ov_diag *d, ov_severity sev, ov_pos pos, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
void ov_diag_error(ov_diag *d, ov_pos pos, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
void ov_diag_warning(ov_diag *d, ov_pos pos, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
void ov_diag_note(ov_diag *d, ov_pos pos, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* A warning that folds with others of the same key in the same file
 * whatever their messages say: key names the kind and, where one is
 * meant, the target ("raw-html", "anchor\x1Fch2.md#x"); copied. */
void ov_diag_warning_keyed(ov_diag *d, ov_pos pos, const char *key, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

/* A keyed warning about one item of its kind (a character, a word, an
 * image): when others of the key fold into it, the note that counts them
 * lists the first OV_DIAG_LISTED of their distinct items (", ..." when
 * others were left out), so that one line shows
 * what a chapter lacks ("... and 41 more like this in x.md: U+4E8C '二',
 * ..."). item is copied. */
void ov_diag_warning_listed(ov_diag *d, ov_pos pos, const char *key, const char *item, const char *fmt, ...)
	__attribute__((format(printf, 5, 6)));
#define OV_DIAG_LISTED 6

static inline size_t ov_diag_errors(const ov_diag *d) { return d->errors; }

/* Reports a copy of record r (from another sink), its key and item kept. */
void ov_diag_repeat(ov_diag *d, const ov_diag_record *r);

/* Moves every record of from to the end of to, in order, and empties
 * from. Positions keep their file indexes: from must have been used with
 * files registered in to (a sink for one thread of a build whose files
 * were all registered before it started). */
void ov_diag_append(ov_diag *to, ov_diag *from);

/* Formats record i as "FILE:LINE:COL: error: message" into out (size n). */
void ov_diag_format(const ov_diag *d, size_t i, char *out, size_t n);
/* Prints every record, one per line, with the program name for records
 * without a file ("octavo: error: ..."). A record printed the same
 * already is left out: both writers judge the fonts, and a damaged one
 * would otherwise be reported twice.
 * Warnings worth reading: within one file, a warning whose key (its
 * message when it has none) came before is counted, not printed, and each
 * such count ends the output as a note at the first one's position:
 *   chapters/x.md:12:5: note: ... and 41 more like this in chapters/x.md
 * or, for listed warnings, with the first items of the ones folded:
 *   chapters/x.md:12:5: note: ... and 41 more like this in chapters/x.md: 'a', 'b', ...
 * Errors and notes are never folded. The order is the records' order, so
 * the same for any -j. */
void ov_diag_print(const ov_diag *d, FILE *to);

#endif
