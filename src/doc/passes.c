/*
 * passes.c - resolution passes run once before the writers, so that the
 * PDF and the EPUB agree on every number, id and target (docs/
 * architecture.md, "The document tree"):
 *   1. chapters: numbers, EPUB file names, anchor ids;
 *   2. ids: heading ids unique within their chapter (slugs);
 *   3. figures: a paragraph holding only an image becomes a numbered figure;
 *   4. notes: footnote references matched to definitions, ids both ways;
 *   5. images: files read, probed and shared as assets;
 *   6. links: internal targets resolved, unsafe schemes refused;
 *   7. contents: the table of contents (chapters, h2, h3).
 */
#include "doc.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "util/fsio.h"
#include "util/strmap.h"

/* id itself if unused, else id-2, id-3, ...; the result is recorded. */
static const char *unique_id(ov_arena *a, ov_strmap *s, const char *id)
{
	const char *u = id;
	for (int k = 2; ov_strmap_find(s, u, strlen(u)); k++)
		u = ov_arena_printf(a, "%s-%d", id, k);
	bool found;
	ov_strmap_slot(s, u, strlen(u), &found);
	return u;
}

/* ---- 1. chapters ---- */
static void pass_chapters(ov_doc *doc)
{
	int number = 0;
	ov_strmap files = OV_STRMAP_INIT;
	for (ov_node *ch = doc->root->first; ch; ch = ch->next) {
		if (ch->as.chapter.numbered)
			ch->as.chapter.number = ++number;
		/* EPUB file name from the source's base name, restricted to
		 * characters that need no escaping in URLs and zip names */
		const char *src = ch->as.chapter.source;
		const char *base = strrchr(src, '/');
		base = base ? base + 1 : src;
		size_t bl = strlen(base);
		if (bl > 3 && strcmp(base + bl - 3, ".md") == 0)
			bl -= 3;
		char *name = ov_arena_alloc(&doc->arena, bl + 4);
		size_t o = 0;
		for (size_t i = 0; i < bl; i++) {
			char c = base[i];
			bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
			          c == '-' || c == '_';
			name[o++] = ok ? c : '-';
		}
		if (!o)
			name[o++] = 'c';
		name[o] = '\0';
		/* names reserved for the generated files */
		static const char *const reserved[] = {"nav", "cover", "titlepage", "copyright", "toc"};
		for (size_t i = 0; i < sizeof reserved / sizeof *reserved; i++)
			if (strcmp(name, reserved[i]) == 0)
				name = ov_arena_printf(&doc->arena, "ch-%s", name);
		const char *u = unique_id(&doc->arena, &files, name);
		ch->as.chapter.file = ov_arena_printf(&doc->arena, "%s.xhtml", u);
		ch->as.chapter.id = "chapter";
	}
	ov_strmap_dispose(&files, NULL);
}

/* ---- 2..4. ids, figures, notes (per chapter) ---- */
static bool only_image(const ov_node *para)
{
	const ov_node *img = NULL;
	for (const ov_node *c = para->first; c; c = c->next) {
		if (c->type == OV_NODE_IMAGE && !img)
			img = c;
		else if (c->type == OV_NODE_TEXT && strspn(c->text, " \t") == c->len)
			continue;
		else
			return false;
	}
	return img != NULL;
}

static void pass_chapter_ids(ov_doc *doc, ov_node *ch)
{
	ov_strmap ids = OV_STRMAP_INIT;
	bool taken;
	ov_strmap_slot(&ids, "chapter", 7, &taken);
	int figures = 0;
	/* definitions by number, for matching references */
	size_t ndefs = 0;
	for (ov_node *b = ch->first; b; b = b->next)
		if (b->type == OV_NODE_FOOTNOTE_DEF)
			ndefs++;
	ov_node **defs = ov_xcalloc(ndefs + 1, sizeof *defs);
	int *uses = ov_xcalloc(ndefs + 1, sizeof *uses);
	for (ov_node *b = ch->first; b; b = b->next) {
		if (b->type == OV_NODE_FOOTNOTE_DEF) {
			int k = b->as.footnote_def.number;
			if (k >= 1 && (size_t)k <= ndefs)
				defs[k - 1] = b;
			b->as.footnote_def.id = unique_id(&doc->arena, &ids, ov_arena_printf(&doc->arena, "fn-%d", k));
		}
	}
	ov_iter it = ov_iter_start(ch);
	ov_node *n;
	bool ent;
	while ((n = ov_iter_next(&it, &ent))) {
		if (!ent)
			continue;
		if (n->type == OV_NODE_HEADING) {
			const char *text = ov_node_plain_text(doc, n);
			const char *slug = ov_slugify(&doc->arena, text);
			n->as.heading.id = unique_id(&doc->arena, &ids, slug);
			if (strcmp(slug, n->as.heading.id) != 0)
				ov_diag_warning(doc->diag, n->pos,
				                "heading id '%s' is already taken in this chapter; this heading gets '%s', "
				                "so links to '#%s' go to the earlier one",
				                slug, n->as.heading.id, slug);
		} else if (n->type == OV_NODE_PARAGRAPH && only_image(n)) {
			n->type = OV_NODE_FIGURE;
			for (ov_node *c = n->first; c; c = c->next)
				if (c->type == OV_NODE_IMAGE)
					n->as.figure.image = c;
			n->as.figure.number = ++figures;
			n->as.figure.id = unique_id(&doc->arena, &ids, ov_arena_printf(&doc->arena, "fig-%d", figures));
		} else if (n->type == OV_NODE_FOOTNOTE_REF) {
			int k = n->as.footnote_ref.number;
			if (k < 1 || (size_t)k > ndefs || !defs[k - 1])
				continue;
			ov_node *def = defs[k - 1];
			n->as.footnote_ref.def = def;
			int use = ++uses[k - 1];
			n->as.footnote_ref.id = unique_id(&doc->arena, &ids,
			                                  use == 1 ? ov_arena_printf(&doc->arena, "fnref-%d", k)
			                                           : ov_arena_printf(&doc->arena, "fnref-%d-%d", k, use));
			if (use == 1)
				def->as.footnote_def.ref_id = n->as.footnote_ref.id;
		}
	}
	free(defs);
	free(uses);
	ov_strmap_dispose(&ids, NULL);
}

/* ---- 5. images ---- */

/* Folder of a chapter's source, with a trailing slash, or "". */
static char *source_dir(const char *source)
{
	const char *slash = strrchr(source, '/');
	size_t l = slash ? (size_t)(slash - source + 1) : 0;
	char *d = ov_xmalloc(l + 1);
	memcpy(d, source, l);
	d[l] = '\0';
	return d;
}

static ov_asset *load_asset(ov_doc *doc, const char *book_dir, const char *rel, const char *shown,
                            ov_pos pos)
{
	for (size_t i = 0; i < doc->asset_count; i++)
		if (strcmp(doc->assets[i]->src, rel) == 0)
			return doc->assets[i];
	char *full;
	int where = ov_path_confine(book_dir, rel, &full);
	if (where == OV_PATH_OUTSIDE) {
		ov_diag_error(doc->diag, pos, "image '%s' is outside the book folder", shown);
		return NULL;
	}
	ov_asset *a = ov_arena_alloc(&doc->arena, sizeof *a);
	a->src = ov_arena_strdup(&doc->arena, rel);
	a->shown = ov_arena_strdup(&doc->arena, shown);
	a->pos = pos;
	char *data;
	size_t len;
	if (where == OV_PATH_MISSING) {
		ov_diag_error(doc->diag, pos, "image '%s' not found", shown);
		free(full);
		return NULL;
	}
	if (ov_read_file(full, &data, &len) != 0) {
		if (errno == ENOENT)
			ov_diag_error(doc->diag, pos, "image '%s' not found", shown);
		else
			ov_diag_error(doc->diag, pos, "cannot read image '%s': %s", shown, strerror(errno));
		free(full);
		return NULL;
	}
	a->path = ov_arena_strdup(&doc->arena, full);
	free(full);
	a->data = (const uint8_t *)ov_arena_strndup(&doc->arena, data, len);
	a->len = len;
	free(data);
	if (len == 0) {
		ov_diag_error(doc->diag, pos, "image '%s' is empty", shown);
		return NULL;
	}
	if (ov_image_probe(a->data, a->len, &a->info) != 0) {
		if (a->info.format == OV_IMAGE_UNKNOWN)
			ov_diag_error(doc->diag, pos, "image '%s' is not a PNG or JPEG file (supported: .png, .jpg)",
			              shown);
		else
			ov_diag_error(doc->diag, pos, "image '%s' is damaged: its header cannot be read", shown);
		return NULL;
	}
	if ((uint64_t)a->info.width * a->info.height > OV_MAX_IMAGE_PIXELS) {
		ov_diag_error(doc->diag, pos, "image '%s' is too large (%ux%u pixels; the limit is %u pixels)", shown,
		              a->info.width, a->info.height, OV_MAX_IMAGE_PIXELS);
		return NULL;
	}
	a->ok = true;
	const char *base = strrchr(rel, '/');
	base = base ? base + 1 : rel;
	char *safe = ov_arena_strdup(&doc->arena, base);
	for (char *p = safe; *p; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
		      *p == '-' || *p == '_' || *p == '.'))
			*p = '-';
	a->name = ov_arena_printf(&doc->arena, "images/%zu-%s", doc->asset_count + 1, safe);
	doc->assets = ov_xrealloc(doc->assets, (doc->asset_count + 1) * sizeof *doc->assets);
	doc->assets[doc->asset_count++] = a;
	return a;
}

static void pass_images(ov_doc *doc, const char *book_dir)
{
	if (doc->meta.cover)
		doc->cover = load_asset(doc, book_dir, doc->meta.cover, doc->meta.cover, doc->meta.cover_pos);
	ov_iter it = ov_iter_start(doc->root);
	ov_node *n;
	bool ent;
	while ((n = ov_iter_next(&it, &ent))) {
		if (!ent || n->type != OV_NODE_IMAGE)
			continue;
		const char *url = n->as.image.url;
		if (!*url) {
			ov_diag_error(doc->diag, n->pos, "image has no file name");
			continue;
		}
		if (ov_url_has_scheme(url)) {
			ov_diag_warning(doc->diag, n->pos,
			                "remote image '%s' is not fetched; its alt text is shown instead", url);
			continue;
		}
		ov_node *ch = ov_node_chapter(n);
		char *dir = source_dir(ch->as.chapter.source);
		char *rel = ov_xmalloc(strlen(dir) + strlen(url) + 1);
		strcpy(rel, dir);
		strcat(rel, url);
		/* drop a query or fragment: they mean nothing for a local file */
		rel[strcspn(rel, "?#")] = '\0';
		if (url[0] == '/' || !ov_path_normalize(rel))
			ov_diag_error(doc->diag, n->pos, "image '%s' is outside the book folder", url);
		else
			n->as.image.asset = load_asset(doc, book_dir, rel, url, n->pos);
		if (n->as.image.asset && !*ov_node_plain_text(doc, n))
			ov_diag_warning(doc->diag, n->pos,
			                "image '%s' has no alt text: describe it for readers who cannot see it", url);
		free(rel);
		free(dir);
	}
}

/* ---- 6. links ---- */
static bool chapter_has_id(ov_node *ch, const char *id)
{
	if (strcmp(id, "chapter") == 0)
		return true;
	ov_iter it = ov_iter_start(ch);
	ov_node *n;
	bool ent;
	while ((n = ov_iter_next(&it, &ent))) {
		if (!ent)
			continue;
		const char *nid = n->type == OV_NODE_HEADING  ? n->as.heading.id
		                  : n->type == OV_NODE_FIGURE ? n->as.figure.id
		                                              : NULL;
		if (nid && strcmp(nid, id) == 0)
			return true;
	}
	return false;
}

static void pass_links(ov_doc *doc)
{
	ov_iter it = ov_iter_start(doc->root);
	ov_node *n;
	bool ent;
	while ((n = ov_iter_next(&it, &ent))) {
		if (!ent || n->type != OV_NODE_LINK)
			continue;
		const char *url = n->as.link.url;
		if (ov_url_has_scheme(url)) {
			size_t sl = (size_t)(strchr(url, ':') - url);
			static const char *const safe[] = {"http", "https", "mailto", "ftp", "tel"};
			bool ok = false;
			for (size_t i = 0; i < sizeof safe / sizeof *safe; i++)
				if (strlen(safe[i]) == sl && strncasecmp(url, safe[i], sl) == 0)
					ok = true;
			if (!ok) {
				ov_diag_warning(doc->diag, n->pos, "link scheme '%.*s:' is not allowed; the link is dropped",
				                (int)sl, url);
				n->as.link.url = "";
			}
			continue;
		}
		if (!*url)
			continue;
		ov_node *ch = ov_node_chapter(n);
		const char *hash = strchr(url, '#');
		size_t plen = hash ? (size_t)(hash - url) : strlen(url);
		ov_node *target = NULL;
		if (plen == 0) {
			target = ch;
		} else {
			char *dir = source_dir(ch->as.chapter.source);
			char *rel = ov_xmalloc(strlen(dir) + plen + 1);
			strcpy(rel, dir);
			strncat(rel, url, plen);
			if (ov_path_normalize(rel))
				for (ov_node *c = doc->root->first; c; c = c->next)
					if (strcmp(c->as.chapter.source, rel) == 0)
						target = c;
			free(rel);
			free(dir);
		}
		if (!target) {
			ov_diag_warning(doc->diag, n->pos,
			                "link target '%s' is not a chapter of this book; it is kept as a plain link",
			                url);
			continue;
		}
		const char *anchor = hash && hash[1] ? hash + 1 : NULL;
		if (anchor && !chapter_has_id(target, anchor)) {
			ov_diag_warning(doc->diag, n->pos, "link target '%s': no heading or figure with id '%s'", url,
			                anchor);
			anchor = NULL;
		}
		n->as.link.internal = true;
		n->as.link.chapter = target;
		n->as.link.anchor = anchor ? ov_arena_strdup(&doc->arena, anchor) : NULL;
	}
}

/* ---- 7. contents ---- */
static void toc_add(ov_doc *doc, size_t *cap, ov_toc_entry e)
{
	if (doc->toc_count == *cap) {
		*cap = *cap ? *cap * 2 : 32;
		doc->toc = ov_xrealloc(doc->toc, *cap * sizeof *doc->toc);
	}
	doc->toc[doc->toc_count++] = e;
}

static void pass_toc(ov_doc *doc)
{
	size_t cap = 0;
	for (ov_node *ch = doc->root->first; ch; ch = ch->next) {
		const char *label = ch->as.chapter.number
		                        ? ov_arena_printf(&doc->arena, "%d", ch->as.chapter.number)
		                        : NULL;
		ov_node *h1 = ch->as.chapter.title_heading;
		toc_add(doc, &cap, (ov_toc_entry){1, ch->as.chapter.title, label, ch, h1, "chapter"});
		for (ov_node *b = ch->first; b; b = b->next) {
			if (b->type != OV_NODE_HEADING || b == h1 || b->as.heading.level < 2 ||
			    b->as.heading.level > 3)
				continue;
			toc_add(doc, &cap,
			        (ov_toc_entry){b->as.heading.level, ov_node_plain_text(doc, b), NULL, ch, b,
			                       b->as.heading.id});
		}
	}
}

void ov_doc_resolve(ov_doc *doc, const char *book_dir)
{
	pass_chapters(doc);
	for (ov_node *ch = doc->root->first; ch; ch = ch->next)
		pass_chapter_ids(doc, ch);
	pass_images(doc, book_dir);
	pass_links(doc);
	pass_toc(doc);
}
