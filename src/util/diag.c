/* diag.c - diagnostics sink (see diag.h). */
#include "diag.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "strmap.h"

void ov_diag_init(ov_diag *d)
{
	memset(d, 0, sizeof *d);
	d->files = ov_xmalloc(sizeof *d->files);
	d->files[0] = ov_xstrdup("");
	d->file_count = 1;
}

void ov_diag_dispose(ov_diag *d)
{
	for (uint32_t i = 0; i < d->file_count; i++)
		free(d->files[i]);
	free(d->files);
	for (size_t i = 0; i < d->count; i++)
		free(d->records[i].message);
	free(d->records);
	memset(d, 0, sizeof *d);
}

uint32_t ov_diag_file(ov_diag *d, const char *name)
{
	for (uint32_t i = 1; i < d->file_count; i++)
		if (strcmp(d->files[i], name) == 0)
			return i;
	d->files = ov_xrealloc(d->files, (d->file_count + 1) * sizeof *d->files);
	d->files[d->file_count] = ov_xstrdup(name);
	return d->file_count++;
}

const char *ov_diag_file_name(const ov_diag *d, uint32_t file)
{
	return file < d->file_count ? d->files[file] : "";
}

static void vreport(ov_diag *d, ov_severity sev, ov_pos pos, const char *fmt, va_list ap)
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
	d->records[d->count++] = (ov_diag_record){sev, pos, msg};
	if (sev == OV_ERROR)
		d->errors++;
	else if (sev == OV_WARNING)
		d->warnings++;
}

void ov_diag_report(ov_diag *d, ov_severity sev, ov_pos pos, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vreport(d, sev, pos, fmt, ap);
	va_end(ap);
}

void ov_diag_error(ov_diag *d, ov_pos pos, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vreport(d, OV_ERROR, pos, fmt, ap);
	va_end(ap);
}

void ov_diag_warning(ov_diag *d, ov_pos pos, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vreport(d, OV_WARNING, pos, fmt, ap);
	va_end(ap);
}

void ov_diag_note(ov_diag *d, ov_pos pos, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vreport(d, OV_NOTE, pos, fmt, ap);
	va_end(ap);
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

void ov_diag_print(const ov_diag *d, FILE *to)
{
	char line[2048];
	ov_strmap seen = OV_STRMAP_INIT;
	for (size_t i = 0; i < d->count; i++) {
		ov_diag_format(d, i, line, sizeof line);
		bool found;
		ov_strmap_slot(&seen, line, strlen(line), &found);
		if (!found)
			fprintf(to, "%s\n", line);
	}
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
