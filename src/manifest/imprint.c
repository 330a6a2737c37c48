/*
 * imprint.c - book.yaml's keys for the copyright page and the contents
 * (imprint.h): identifier, isbn, rights, copyright, rights-holder,
 * license, edition, contents-exclude; and the defaults they take from the
 * date, the authors and a legacy rights sentence.
 */
#include "imprint.h"

#include <string.h>

#include "doc/imprint.h"

/* A non-empty string without NUL, in the doc's arena, or NULL reported. */
static const char *text_of(ov_doc *doc, const ov_ynode *n, const char *key)
{
	return ov_ynode_string(doc->diag, &doc->arena, n, key, true);
}

/* The ISBN in s (the identifier or isbn: value at pos), checked; NULL
 * when s is not written as one, or reported when it is a bad one. */
static const char *isbn_of(ov_doc *doc, const char *s, ov_pos pos, bool must)
{
	const char *w = NULL;
	char want = 0;
	switch (ov_isbn_parse(s, &w, &want)) {
	case OV_ISBN_OK: return w;
	case OV_ISBN_BAD_CHECK:
		ov_diag_error(doc->diag, pos, "ISBN '%s' has a wrong check digit (the last digit should be %c)", s,
		              want);
		return NULL;
	case OV_ISBN_BAD_FORM:
		ov_diag_error(doc->diag, pos, "ISBN '%s' must have 13 digits (or 10, the last may be X)", s);
		return NULL;
	case OV_ISBN_NONE: break;
	}
	if (must)
		ov_diag_error(doc->diag, pos, "ISBN '%s' must have 13 digits (or 10, the last may be X)", s);
	return NULL;
}

/* "2026", "2024-2026", "2024–2026", "2019, 2024": years a notice may name */
static bool years_ok(const char *s)
{
	size_t digits = 0;
	for (const char *p = s; *p; p++) {
		if (*p >= '0' && *p <= '9') {
			digits++;
			continue;
		}
		if (digits != 4)
			return false;
		digits = 0;
		if (*p == ',' && p[1] == ' ')
			p++;
		else if (strncmp(p, "\xE2\x80\x93", 3) == 0) /* en dash */
			p += 2;
		else if (*p != '-')
			return false;
	}
	return digits == 4;
}

static void load_license(ov_doc *doc, const ov_ynode *v)
{
	ov_meta *m = &doc->meta;
	if (v->kind == OV_YSCALAR) {
		m->license = text_of(doc, v, "license");
		return;
	}
	if (v->kind != OV_YMAPPING) {
		ov_diag_error(doc->diag, v->pos, "'license' must be a name or a mapping of name and url, not %s",
		              ov_ynode_noun(v));
		return;
	}
	for (size_t i = 0; i < v->len; i++) {
		const ov_ynode *k = ov_ynode_key(v, i), *x = ov_ynode_value(v, i);
		const char *key = k->kind == OV_YSCALAR ? k->text : "";
		if (strcmp(key, "name") == 0)
			m->license = text_of(doc, x, "license.name");
		else if (strcmp(key, "url") == 0) {
			const char *u = text_of(doc, x, "license.url");
			if (u && !ov_url_is_web(u))
				ov_diag_error(doc->diag, x->pos, "'license.url' must be an http or https URL, not '%s'", u);
			else
				m->license_url = u;
		} else
			ov_diag_error(doc->diag, k->pos, "unknown key 'license.%s' (known: name, url)", key);
	}
	if (!m->license)
		ov_diag_error(doc->diag, v->pos, "'license' needs a name");
}

bool ov_manifest_imprint_key(ov_doc *doc, const char *key, const ov_ynode *v)
{
	ov_meta *m = &doc->meta;
	if (strcmp(key, "identifier") == 0) {
		m->identifier = text_of(doc, v, key);
		if (m->identifier) {
			const char *isbn = isbn_of(doc, m->identifier, v->pos, false);
			if (isbn && !m->isbn)
				m->isbn = isbn;
		}
	} else if (strcmp(key, "isbn") == 0) {
		const char *s = text_of(doc, v, key);
		if (s)
			m->isbn = isbn_of(doc, s, v->pos, true);
	} else if (strcmp(key, "rights") == 0)
		m->rights = text_of(doc, v, key);
	else if (strcmp(key, "copyright") == 0) {
		const char *s = text_of(doc, v, key);
		if (s && !years_ok(s))
			ov_diag_error(doc->diag, v->pos,
			              "'copyright' is the year of the notice, such as 2026 or 2024-2026, not '%s'", s);
		else
			m->copyright_year = s;
	} else if (strcmp(key, "rights-holder") == 0)
		m->rights_holder = text_of(doc, v, key);
	else if (strcmp(key, "license") == 0)
		load_license(doc, v);
	else if (strcmp(key, "edition") == 0)
		m->edition = text_of(doc, v, key);
	else if (strcmp(key, "contents-exclude") == 0) {
		const ov_ynode *items = v;
		size_t n = v->kind == OV_YSEQUENCE ? v->len : 1;
		if (v->kind == OV_YMAPPING) {
			ov_diag_error(doc->diag, v->pos, "'contents-exclude' must be a list of section titles, not %s",
			              ov_ynode_noun(v));
			return true;
		}
		m->contents_exclude = ov_arena_calloc(&doc->arena, n ? n : 1, sizeof *m->contents_exclude);
		m->contents_exclude_count = 0;
		m->contents_exclude_set = true;
		for (size_t i = 0; i < n; i++) {
			const char *s = text_of(doc, v->kind == OV_YSEQUENCE ? items->kids[i] : v, key);
			if (s)
				m->contents_exclude[m->contents_exclude_count++] = s;
		}
	} else
		return false;
	return true;
}

/* A legacy rights text that opens with its own notice, "Copyright 2026
 * The Octavo Contributors. Licensed under ...": the year and the holder
 * it names (when the keys do not), and the rest as the rights. */
static void split_legacy_rights(ov_doc *doc)
{
	ov_meta *m = &doc->meta;
	const char *p = m->rights;
	if (!p)
		return;
	bool notice = false;
	for (;;) {
		while (*p == ' ')
			p++;
		if (strncmp(p, "Copyright", 9) == 0 || strncmp(p, "copyright", 9) == 0)
			p += 9;
		else if (strncmp(p, "\xC2\xA9", 2) == 0)
			p += 2;
		else if (strncmp(p, "(c)", 3) == 0 || strncmp(p, "(C)", 3) == 0)
			p += 3;
		else
			break;
		notice = true;
	}
	if (!notice)
		return;
	/* the years, then the holder to the end of the sentence */
	const char *y = p;
	while ((*p >= '0' && *p <= '9') || *p == '-' || *p == ',' || *p == ' ' || strncmp(p, "\xE2\x80\x93", 3) == 0)
		p += strncmp(p, "\xE2\x80\x93", 3) == 0 ? 3 : 1;
	const char *ye = p;
	while (ye > y && (ye[-1] == ' ' || ye[-1] == ','))
		ye--;
	if (strncmp(p, "by ", 3) == 0)
		p += 3;
	const char *h = p, *end = strstr(p, ". ");
	const char *he = end ? end : p + strlen(p);
	if (!end && he > h && he[-1] == '.')
		he--;
	char *years = ov_arena_strndup(&doc->arena, y, (size_t)(ye - y));
	if (!years_ok(years))
		return; /* not a notice ("Copyright holders: see AUTHORS"): the text stays */
	if (!m->copyright_year)
		m->copyright_year = years;
	if (!m->rights_holder && he > h)
		m->rights_holder = ov_arena_strndup(&doc->arena, h, (size_t)(he - h));
	const char *rest = end ? end + 2 : "";
	while (*rest == ' ')
		rest++;
	m->rights = *rest ? rest : NULL;
}

void ov_manifest_imprint_finish(ov_doc *doc)
{
	ov_meta *m = &doc->meta;
	split_legacy_rights(doc);
	/* the notice's year: the year of first publication (CMS 1.21), which
	 * the date gives when no 'copyright' does */
	if (!m->copyright_year && m->date && strlen(m->date) >= 4) {
		char *y = ov_arena_strndup(&doc->arena, m->date, 4);
		if (years_ok(y))
			m->copyright_year = y;
	}
	/* a book with an ISBN and no identifier is known by its ISBN */
	if (!m->identifier && m->isbn) {
		ov_buf b = OV_BUF_INIT;
		ov_buf_puts(&b, "urn:isbn:");
		for (const char *p = m->isbn; *p; p++)
			if (*p != '-' && *p != ' ')
				ov_buf_putc(&b, *p);
		m->identifier = ov_arena_strdup(&doc->arena, ov_buf_cstr(&b));
		ov_buf_dispose(&b);
	}
}
