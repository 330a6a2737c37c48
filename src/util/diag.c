/* diag.c - diagnostics sink (see diag.h). */
#include "diag.h"

#include <pthread.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "buf.h"
#include "strmap.h"

void ov_diag_init(ov_diag *d)
{
	memset(d, 0, sizeof *d);
	d->files = ov_xmalloc(sizeof *d->files);
	d->files[0] = ov_xstrdup("");
	d->file_count = 1;
}

void ov_diag_init_child(ov_diag *d, ov_diag *parent)
{
	memset(d, 0, sizeof *d);
	d->files_of = parent->files_of ? parent->files_of : parent;
}

void ov_diag_dispose(ov_diag *d)
{
	for (uint32_t i = 0; i < d->file_count; i++)
		free(d->files[i]);
	free(d->files);
	for (size_t i = 0; i < d->count; i++) {
		free(d->records[i].message);
		free(d->records[i].key);
		free(d->records[i].item);
	}
	free(d->records);
	memset(d, 0, sizeof *d);
}

/* The file table is shared by a sink and its children, which may be on
 * other threads: one lock for all tables (registering is rare, a few
 * times per chapter) */
static pthread_mutex_t files_lock = PTHREAD_MUTEX_INITIALIZER;

uint32_t ov_diag_file(ov_diag *d, const char *name)
{
	if (d->files_of)
		d = d->files_of;
	pthread_mutex_lock(&files_lock);
	uint32_t k = 0;
	for (uint32_t i = 1; i < d->file_count && !k; i++)
		if (strcmp(d->files[i], name) == 0)
			k = i;
	if (!k) {
		d->files = ov_xrealloc(d->files, (d->file_count + 1) * sizeof *d->files);
		d->files[d->file_count] = ov_xstrdup(name);
		k = d->file_count++;
	}
	pthread_mutex_unlock(&files_lock);
	return k;
}

const char *ov_diag_file_name(const ov_diag *d, uint32_t file)
{
	if (d->files_of)
		d = d->files_of;
	pthread_mutex_lock(&files_lock);
	const char *name = file < d->file_count ? d->files[file] : "";
	pthread_mutex_unlock(&files_lock);
	return name;
}

static void vreport(ov_diag *d, ov_severity sev, ov_pos pos, const char *key, const char *item, const char *fmt,
                    va_list ap)
{
	va_list cp;
	va_copy(cp, ap);
	int n = vsnprintf(NULL, 0, fmt, cp);
	va_end(cp);
	if (n < 0)
		n = 0;
	char *msg = ov_xmalloc((size_t)n + 1);
	vsnprintf(msg, (size_t)n + 1, fmt, ap);
	/* one line: a message never spans lines, whatever the input held */
	for (char *p = msg; *p; p++)
		if (*p == '\n' || *p == '\r')
			*p = ' ';
	if (d->count == d->cap) {
		d->cap = d->cap ? d->cap * 2 : 16;
		d->records = ov_xrealloc(d->records, d->cap * sizeof *d->records);
	}
	d->records[d->count++] =
		(ov_diag_record){sev, pos, msg, key ? ov_xstrdup(key) : NULL, item ? ov_xstrdup(item) : NULL};
	if (sev == OV_ERROR)
		d->errors++;
	else if (sev == OV_WARNING)
		d->warnings++;
}

void ov_diag_report(ov_diag *d, ov_severity sev, ov_pos pos, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vreport(d, sev, pos, NULL, NULL, fmt, ap);
	va_end(ap);
}

void ov_diag_error(ov_diag *d, ov_pos pos, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vreport(d, OV_ERROR, pos, NULL, NULL, fmt, ap);
	va_end(ap);
}

void ov_diag_warning(ov_diag *d, ov_pos pos, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vreport(d, OV_WARNING, pos, NULL, NULL, fmt, ap);
	va_end(ap);
}

void ov_diag_note(ov_diag *d, ov_pos pos, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vreport(d, OV_NOTE, pos, NULL, NULL, fmt, ap);
	va_end(ap);
}

void ov_diag_warning_keyed(ov_diag *d, ov_pos pos, const char *key, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vreport(d, OV_WARNING, pos, key, NULL, fmt, ap);
	va_end(ap);
}

void ov_diag_warning_listed(ov_diag *d, ov_pos pos, const char *key, const char *item, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vreport(d, OV_WARNING, pos, key, item, fmt, ap);
	va_end(ap);
}

void ov_diag_repeat(ov_diag *d, const ov_diag_record *r)
{
	if (r->severity == OV_WARNING)
		ov_diag_warning_listed(d, r->pos, r->key, r->item, "%s", r->message);
	else
		ov_diag_report(d, r->severity, r->pos, "%s", r->message);
}

static const char *sev_name(ov_severity s)
{
	switch (s) {
	case OV_ERROR: return "error";
	case OV_WARNING: return "warning";
	default: return "note";
	}
}

void ov_diag_format(const ov_diag *d, size_t i, char *out, size_t n)
{
	const ov_diag_record *r = &d->records[i];
	const char *file = ov_diag_file_name(d, r->pos.file);
	if (!*file)
		snprintf(out, n, "octavo: %s: %s", sev_name(r->severity), r->message);
	else if (r->pos.line && r->pos.col)
		snprintf(out, n, "%s:%u:%u: %s: %s", file, r->pos.line, r->pos.col,
		         sev_name(r->severity), r->message);
	else if (r->pos.line)
		snprintf(out, n, "%s:%u: %s: %s", file, r->pos.line, sev_name(r->severity), r->message);
	else
		snprintf(out, n, "%s: %s: %s", file, sev_name(r->severity), r->message);
}

/* A folded group: its first record, how many more it stands for, and
 * the first items of those (ov_diag_warning_listed), with ", " between. */
typedef struct {
	size_t first;
	size_t more;
	ov_buf items;
	size_t listed;
	bool cut; /* an item was left out of the list (OV_DIAG_LISTED): "..." */
} fold_group;

/* Whether item is one of list's ", "-separated entries. */
static bool listed_already(const ov_buf *list, const char *item)
{
	size_t n = strlen(item);
	for (const char *p = list->len ? ov_buf_cstr(list) : ""; (p = strstr(p, item)); p += n)
		if ((p == ov_buf_cstr(list) || (p[-1] == ' ' && p[-2] == ',')) && (p[n] == '\0' || p[n] == ','))
			return true;
	return false;
}

void ov_diag_print(const ov_diag *d, FILE *to)
{
	char line[2048];
	ov_strmap seen = OV_STRMAP_INIT;
	ov_strmap keys = OV_STRMAP_INIT; /* file index, NUL, key -> group index + 1 */
	fold_group *groups = NULL;
	size_t ngroups = 0, cap = 0;
	ov_buf k = OV_BUF_INIT;
	for (size_t i = 0; i < d->count; i++) {
		const ov_diag_record *r = &d->records[i];
		ov_diag_format(d, i, line, sizeof line);
		bool found;
		ov_strmap_slot(&seen, line, strlen(line), &found);
		if (found)
			continue; /* the same line again: not a second warning */
		if (r->severity == OV_WARNING && r->pos.file) {
			ov_buf_clear(&k);
			ov_buf_printf(&k, "%u", r->pos.file);
			ov_buf_putc(&k, '\0');
			ov_buf_puts(&k, r->key ? r->key : r->message);
			void **slot = ov_strmap_slot(&keys, k.ptr, k.len, &found);
			if (found) {
				fold_group *g = &groups[(uintptr_t)*slot - 1];
				g->more++;
				/* an item listed already is not listed again (the same
				 * image without alt text twice) */
				if (r->item && strcmp(r->item, d->records[g->first].item ? d->records[g->first].item : "") != 0 &&
				    !listed_already(&g->items, r->item)) {
					if (g->listed == OV_DIAG_LISTED)
						g->cut = true;
					else {
						if (g->listed++)
							ov_buf_puts(&g->items, ", ");
						ov_buf_puts(&g->items, r->item);
					}
				}
				continue;
			}
			if (ngroups == cap) {
				cap = cap ? cap * 2 : 16;
				groups = ov_xrealloc(groups, cap * sizeof *groups);
			}
			groups[ngroups++] = (fold_group){i, 0, OV_BUF_INIT, 0, false};
			*slot = (void *)(uintptr_t)ngroups;
		}
		fprintf(to, "%s\n", line);
	}
	for (size_t g = 0; g < ngroups; g++) {
		if (!groups[g].more)
			continue;
		const ov_diag_record *r = &d->records[groups[g].first];
		const char *file = ov_diag_file_name(d, r->pos.file);
		ov_diag_record note = {OV_NOTE, r->pos, line, NULL, NULL};
		if (groups[g].listed)
			snprintf(line, sizeof line, "... and %zu more like this in %s: %s%s", groups[g].more, file,
			         ov_buf_cstr(&groups[g].items), groups[g].cut ? ", ..." : "");
		else
			snprintf(line, sizeof line, "... and %zu more like this in %s", groups[g].more, file);
		ov_diag one = {.files = d->files, .file_count = d->file_count, .records = &note, .count = 1, .cap = 1};
		char out[2048 + 64];
		ov_diag_format(&one, 0, out, sizeof out);
		fprintf(to, "%s\n", out);
	}
	for (size_t g = 0; g < ngroups; g++)
		ov_buf_dispose(&groups[g].items);
	free(groups);
	ov_buf_dispose(&k);
	ov_strmap_dispose(&keys, NULL);
	ov_strmap_dispose(&seen, NULL);
}

void ov_diag_append(ov_diag *to, ov_diag *from)
{
	for (size_t i = 0; i < from->count; i++) {
		if (to->count == to->cap) {
			to->cap = to->cap ? to->cap * 2 : 16;
			to->records = ov_xrealloc(to->records, to->cap * sizeof *to->records);
		}
		to->records[to->count++] = from->records[i];
	}
	to->errors += from->errors;
	to->warnings += from->warnings;
	from->count = from->errors = from->warnings = 0;
}
