/*
 * summary.c - SUMMARY.md (mdBook, GitBook) to a chapter list, read from
 * cmark-gfm's tree of the file (summary.h gives the grammar). The tree is
 * walked once with cmark's iterator; the number of lists entered is the
 * depth of an entry, so nothing recurses however deep the nesting.
 */
#include "summary.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <cmark-gfm.h>

#include "util/buf.h"
#include "util/fsio.h"
#include "util/strmap.h"

typedef struct {
	ov_doc *doc;
	uint32_t file;
	const char *dir;          /* folder of the summary, with '/', or "" */
	ov_chapter_ref *v;
	size_t count, cap;
	ov_strmap seen;           /* normalized path -> 1 + index in v */
	const char *part;         /* a part heading waiting for its first entry */
	size_t drafts;
	ov_pos first_draft;
	const char *first_draft_title;
	bool deep_reported;
} summary;

static ov_pos pos_of(const summary *s, cmark_node *n)
{
	int line = cmark_node_get_start_line(n), col = cmark_node_get_start_column(n);
	/* an inline without a position: its paragraph's */
	while (line <= 0 && cmark_node_parent(n)) {
		n = cmark_node_parent(n);
		line = cmark_node_get_start_line(n);
		col = cmark_node_get_start_column(n);
	}
	return (ov_pos){s->file, line > 0 ? (uint32_t)line : 1, col > 0 ? (uint32_t)col : 1};
}

/* The text of n's inline descendants (text and code; breaks as spaces),
 * trimmed, in the arena. */
static const char *plain_text(summary *s, cmark_node *n)
{
	ov_buf b = OV_BUF_INIT;
	cmark_iter *it = cmark_iter_new(n);
	cmark_event_type ev;
	while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
		cmark_node *k = cmark_iter_get_node(it);
		if (ev != CMARK_EVENT_ENTER)
			continue;
		cmark_node_type t = cmark_node_get_type(k);
		if (t == CMARK_NODE_TEXT || t == CMARK_NODE_CODE) {
			const char *lit = cmark_node_get_literal(k);
			if (lit)
				ov_buf_puts(&b, lit);
		} else if (t == CMARK_NODE_SOFTBREAK || t == CMARK_NODE_LINEBREAK) {
			ov_buf_putc(&b, ' ');
		}
	}
	cmark_iter_free(it);
	const char *p = ov_buf_cstr(&b);
	size_t len = b.len;
	while (len && (*p == ' ' || *p == '\t')) {
		p++;
		len--;
	}
	while (len && (p[len - 1] == ' ' || p[len - 1] == '\t'))
		len--;
	const char *t = ov_arena_strndup(&s->doc->arena, p, len);
	ov_buf_dispose(&b);
	return t;
}

/* The chapter path of a target: the summary's folder joined with the
 * target up to its '?' or '#', percent-decoded (one with a %00 stays as
 * written, so that no path holds a NUL), README.md added to a folder;
 * malloc'ed. */
static char *target_path(const summary *s, const char *url)
{
	size_t ul = strcspn(url, "?#");
	ov_buf b = OV_BUF_INIT;
	ov_buf_puts(&b, s->dir);
	char *dec = ov_percent_decode(url, ul);
	if (dec)
		ov_buf_puts(&b, dec);
	else
		ov_buf_put(&b, url, ul); /* a %00: as written */
	free(dec);
	if (b.len == 0 || b.ptr[b.len - 1] == '/')
		ov_buf_puts(&b, "README.md");
	char *p = ov_xstrdup(ov_buf_cstr(&b));
	ov_buf_dispose(&b);
	return p;
}

/* The link n, found where a chapter may be named, as a chapter at depth
 * (-1: a prefix or suffix chapter, unnumbered). */
static void entry(summary *s, cmark_node *link, int depth)
{
	ov_doc *doc = s->doc;
	ov_pos pos = pos_of(s, link);
	const char *title = plain_text(s, link);
	const char *url = cmark_node_get_url(link);
	if (!url || !*url) {
		/* mdBook's draft chapter: "- [Title]()" */
		if (!s->drafts++) {
			s->first_draft = pos;
			s->first_draft_title = title;
		}
		return;
	}
	if (ov_url_has_scheme(url) || url[0] == '#') {
		ov_diag_warning(doc->diag, pos, "contents entry '%.40s' links to '%.60s', not to a chapter file; it is left out",
		                title, url);
		return;
	}
	if (depth > OV_SUMMARY_MAX_DEPTH) {
		if (!s->deep_reported)
			ov_diag_warning(doc->diag, pos,
			                "contents nest deeper than %d levels; deeper entries are taken at that depth",
			                OV_SUMMARY_MAX_DEPTH);
		s->deep_reported = true;
		depth = OV_SUMMARY_MAX_DEPTH;
	}
	char *path = target_path(s, url);
	char *norm = ov_xstrdup(path);
	/* "./idioms/x.md", as mdBook books write their entries, is the chapter
	 * "idioms/x.md" that links elsewhere name: the chapter keeps the
	 * normalised path (one that climbs out keeps its own, which the loader
	 * refuses at pos) */
	if (ov_path_normalize(norm))
		memcpy(path, norm, strlen(norm) + 1); /* never longer than path */
	bool found;
	void **slot = ov_strmap_slot(&s->seen, norm, strlen(norm), &found);
	free(norm);
	if (found) {
		const ov_chapter_ref *first = &s->v[(uintptr_t)*slot - 1];
		ov_diag_warning(doc->diag, pos, "chapter '%s' is already in the contents (line %u); this entry is left out",
		                url, first->pos.line);
		free(path);
		return;
	}
	if (s->count == s->cap) {
		s->cap = s->cap ? s->cap * 2 : 32;
		s->v = ov_xrealloc(s->v, s->cap * sizeof *s->v);
	}
	*slot = (void *)(uintptr_t)(s->count + 1);
	ov_chapter_ref *r = &s->v[s->count++];
	memset(r, 0, sizeof *r);
	r->path = ov_arena_strdup(&doc->arena, path);
	r->pos = pos;
	r->title = *title ? title : NULL;
	r->depth = depth < 0 ? 0 : depth;
	r->unnumbered = depth != 0;
	r->part = s->part;
	s->part = NULL;
	free(path);
}

static bool is_summary_title(const char *t)
{
	return strcasecmp(t, "summary") == 0 || strcasecmp(t, "table of contents") == 0 ||
	       strcasecmp(t, "contents") == 0;
}

void ov_summary_parse(ov_doc *doc, const char *path, const char *text, size_t len, ov_chapter_ref **out,
                      size_t *count)
{
	summary s;
	memset(&s, 0, sizeof s);
	s.doc = doc;
	s.file = ov_diag_file(doc->diag, path);
	const char *slash = strrchr(path, '/');
	s.dir = slash ? ov_arena_strndup(&doc->arena, path, (size_t)(slash - path + 1)) : "";

	/* cmark-gfm takes any bytes (invalid UTF-8 becomes U+FFFD) */
	cmark_node *root = cmark_parse_document(text, len, CMARK_OPT_SOURCEPOS | CMARK_OPT_VALIDATE_UTF8);
	cmark_iter *it = cmark_iter_new(root);
	cmark_event_type ev;
	int lists = 0;          /* lists entered: an entry's depth is lists - 1 */
	bool entries = false;   /* an entry or a heading after the title was seen */
	cmark_node *item_para = NULL; /* the first paragraph of the item being read */
	bool item_taken = false;
	while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
		cmark_node *n = cmark_iter_get_node(it);
		cmark_node_type t = cmark_node_get_type(n);
		if (t == CMARK_NODE_LIST) {
			lists += ev == CMARK_EVENT_ENTER ? 1 : -1;
			continue;
		}
		if (ev != CMARK_EVENT_ENTER)
			continue;
		if (t == CMARK_NODE_ITEM) {
			cmark_node *first = cmark_node_first_child(n);
			item_para = first && cmark_node_get_type(first) == CMARK_NODE_PARAGRAPH ? first : NULL;
			item_taken = false;
			if (!item_para) {
				/* an item without a paragraph ("-" alone): nothing to take */
			}
		} else if (t == CMARK_NODE_HEADING && cmark_node_parent(n) == root) {
			const char *title = plain_text(&s, n);
			if (!entries && is_summary_title(title))
				continue;
			entries = true;
			/* a part, opened by the next entry ("# Part I", GitBook's "## Part") */
			s.part = *title ? title : NULL;
			cmark_iter_reset(it, n, CMARK_EVENT_EXIT);
		} else if (t == CMARK_NODE_LINK) {
			cmark_node *para = cmark_node_parent(n);
			if (!para || cmark_node_get_type(para) != CMARK_NODE_PARAGRAPH)
				continue;
			if (lists == 0 && cmark_node_parent(para) == root) {
				entries = true;
				entry(&s, n, -1);
			} else if (lists > 0 && para == item_para && !item_taken) {
				entries = true;
				item_taken = true;
				entry(&s, n, lists - 1);
			}
			/* the link's text is not looked into */
			cmark_iter_reset(it, n, CMARK_EVENT_EXIT);
		}
	}
	cmark_iter_free(it);
	cmark_node_free(root);
	if (s.drafts == 1)
		ov_diag_note(doc->diag, s.first_draft, "draft chapter '%.40s' has no file yet and is left out",
		             s.first_draft_title);
	else if (s.drafts)
		ov_diag_note(doc->diag, s.first_draft,
		             "%zu draft chapters have no file yet and are left out (the first: '%.40s')", s.drafts,
		             s.first_draft_title);
	ov_strmap_dispose(&s.seen, NULL);
	*out = s.v;
	*count = s.count;
}
