/*
 * imprint.c - the copyright page's text, ISBN check digits and the
 * contents' boilerplate sections (imprint.h): decided here, once, so that
 * the PDF and the EPUB print the same.
 */
#include "doc/imprint.h"

#include <stdlib.h>
#include <string.h>

#ifndef OV_VERSION
#define OV_VERSION "unknown"
#endif

const char *ov_version(void) { return OV_VERSION; }

static bool has(const char *s) { return s && *s; }

/* "A", "A and B", "A, B, and C" (the serial comma, CMS 6.19) */
static const char *joined_authors(const ov_meta *m, ov_arena *a)
{
	if (!m->author_count)
		return NULL;
	ov_buf b = OV_BUF_INIT;
	for (size_t i = 0; i < m->author_count; i++) {
		if (i)
			ov_buf_puts(&b, i + 1 == m->author_count ? (m->author_count > 2 ? ", and " : " and ") : ", ");
		ov_buf_puts(&b, m->authors[i]);
	}
	const char *s = ov_arena_strdup(a, ov_buf_cstr(&b));
	ov_buf_dispose(&b);
	return s;
}

const char *ov_imprint_notice(const ov_doc *doc, ov_arena *a)
{
	const ov_meta *m = &doc->meta;
	const char *holder = has(m->rights_holder) ? m->rights_holder : joined_authors(m, a);
	bool year = has(m->copyright_year);
	if (!year && !has(holder))
		return NULL;
	/* CMS 1.21: the symbol ©, the year of first publication, the owner */
	return ov_arena_printf(a, "\xC2\xA9%s%s%s%s", year ? " " : "", year ? m->copyright_year : "",
	                       has(holder) ? " " : "", has(holder) ? holder : "");
}

size_t ov_imprint_lines(const ov_doc *doc, ov_arena *a, ov_imprint_line out[OV_IMPRINT_MAX])
{
	const ov_meta *m = &doc->meta;
	size_t n = 0;
	if (has(m->publisher))
		out[n++] = (ov_imprint_line){ov_arena_printf(a, "Published by %s", m->publisher), "publisher", 0};
	const char *notice = ov_imprint_notice(doc, a);
	if (notice)
		out[n++] = (ov_imprint_line){notice, "notice", 0};
	if (has(m->rights))
		out[n++] = (ov_imprint_line){m->rights, "rights", 1};
	if (has(m->license)) {
		/* Creative Commons' own wording of a licence notice, which reads
		 * as well for any other licence */
		const char *t = has(m->license_url)
		                    ? ov_arena_printf(a,
		                                      "This work is licensed under %s. To view a copy of this "
		                                      "license, visit %s",
		                                      m->license, m->license_url)
		                    : ov_arena_printf(a, "This work is licensed under %s.", m->license);
		out[n++] = (ov_imprint_line){t, "license", 1};
	}
	/* CMS 1.22: the publishing history; 1.32: the ISBN */
	if (has(m->edition))
		out[n++] = (ov_imprint_line){m->edition, "edition", 2};
	if (has(m->isbn))
		out[n++] = (ov_imprint_line){ov_arena_printf(a, "ISBN %s", m->isbn), "isbn", 2};
	out[n++] = (ov_imprint_line){ov_arena_printf(a, "Typeset with Octavo %s", ov_version()), "colophon", 3};
	return n;
}

/* ---- ISBN ---- */

static bool prefixed(const char *s, const char *p, const char **rest)
{
	size_t n = strlen(p);
	for (size_t i = 0; i < n; i++) {
		char c = s[i];
		if (c >= 'A' && c <= 'Z')
			c = (char)(c - 'A' + 'a');
		if (c != p[i])
			return false;
	}
	*rest = s + n;
	return true;
}

ov_isbn_result ov_isbn_parse(const char *s, const char **written, char *expected)
{
	const char *p = s;
	bool prefix = prefixed(s, "urn:isbn:", &p) || prefixed(s, "isbn:", &p) || prefixed(s, "isbn-13:", &p) ||
	              prefixed(s, "isbn-10:", &p) || prefixed(s, "isbn ", &p);
	while (*p == ' ')
		p++;
	char d[16];
	size_t n = 0;
	bool other = false;
	for (const char *q = p; *q; q++) {
		char c = *q;
		if (c >= '0' && c <= '9') {
			if (n < sizeof d)
				d[n] = c;
			n++;
		} else if ((c == 'X' || c == 'x') && q[1] == 0 && n == 9) {
			d[n++] = 'X';
		} else if (c != '-' && c != ' ') {
			other = true;
		}
	}
	/* without a prefix, only 13 digits with the EAN prefix of books are
	 * taken for an ISBN (ten digits could be any product code) */
	bool isbnish = n == 13 && (strncmp(d, "978", 3) == 0 || strncmp(d, "979", 3) == 0);
	if (!prefix && (other || !isbnish || p[0] == '-' || !*p))
		return OV_ISBN_NONE;
	if (other || (n != 13 && n != 10))
		return OV_ISBN_BAD_FORM;
	char want;
	if (n == 13) {
		int sum = 0;
		for (int i = 0; i < 12; i++)
			sum += (d[i] - '0') * (i % 2 ? 3 : 1);
		want = (char)('0' + (10 - sum % 10) % 10);
	} else {
		int sum = 0;
		for (int i = 0; i < 9; i++)
			sum += (d[i] - '0') * (10 - i);
		int r = (11 - sum % 11) % 11;
		want = r == 10 ? 'X' : (char)('0' + r);
	}
	if (d[n - 1] != want) {
		if (expected)
			*expected = want;
		return OV_ISBN_BAD_CHECK;
	}
	if (written)
		*written = p;
	return OV_ISBN_OK;
}

/* ---- boilerplate sections ---- */

/* ASCII case folded copy of s in a */
static char *folded(ov_arena *a, const char *s)
{
	char *f = ov_arena_strdup(a, s ? s : "");
	for (char *q = f; *q; q++)
		if (*q >= 'A' && *q <= 'Z')
			*q = (char)(*q - 'A' + 'a');
	return f;
}

/* A section's entry: not a chapter's own (whose heading is its title or
 * none) nor a part's title. */
static bool is_section(const ov_toc_entry *e)
{
	return !e->part && e->heading && e->chapter && e->heading != e->chapter->as.chapter.title_heading;
}

typedef struct {
	size_t chapters;        /* distinct chapters with a section of this title */
	const ov_node *last;    /* the last of them (entries come in chapter order) */
} recurring;

void ov_contents_mark_unlisted(ov_doc *doc)
{
	const ov_meta *m = &doc->meta;
	ov_arena tmp;
	ov_arena_init(&tmp);
	ov_strmap titles = OV_STRMAP_INIT;
	if (m->contents_exclude_set) {
		for (size_t i = 0; i < m->contents_exclude_count; i++) {
			const char *k = folded(&tmp, m->contents_exclude[i]);
			bool found;
			*ov_strmap_slot(&titles, k, strlen(k), &found) = (void *)1;
		}
		for (size_t i = 0; i < doc->toc_count; i++) {
			ov_toc_entry *e = &doc->toc[i];
			if (!is_section(e))
				continue;
			const char *k = folded(&tmp, e->title);
			e->unlisted = ov_strmap_find(&titles, k, strlen(k)) != NULL;
		}
		ov_strmap_dispose(&titles, NULL);
		ov_arena_dispose(&tmp);
		return;
	}
	size_t chapters = 0;
	bool numbered = false;
	for (const ov_node *ch = doc->root ? doc->root->first : NULL; ch; ch = ch->next) {
		chapters++;
		numbered |= ch->as.chapter.number != 0;
	}
	/* pass 1: in how many chapters each section title occurs */
	for (size_t i = 0; i < doc->toc_count; i++) {
		const ov_toc_entry *e = &doc->toc[i];
		if (!is_section(e))
			continue;
		const char *k = folded(&tmp, e->title);
		bool found;
		void **slot = ov_strmap_slot(&titles, k, strlen(k), &found);
		if (!found)
			*slot = ov_arena_calloc(&tmp, 1, sizeof(recurring));
		recurring *r = *slot;
		if (r->last != e->chapter) {
			r->chapters++;
			r->last = e->chapter;
		}
	}
	/* pass 2: mark those in enough chapters */
	for (size_t i = 0; i < doc->toc_count; i++) {
		ov_toc_entry *e = &doc->toc[i];
		if (!is_section(e))
			continue;
		const char *k = folded(&tmp, e->title);
		void **slot = ov_strmap_find(&titles, k, strlen(k));
		const recurring *r = slot ? *slot : NULL;
		e->unlisted = (r && r->chapters >= OV_BOILERPLATE_MIN && 2 * r->chapters >= chapters) ||
		              (numbered && !e->chapter->as.chapter.number);
	}
	ov_strmap_dispose(&titles, NULL);
	ov_arena_dispose(&tmp);
}
