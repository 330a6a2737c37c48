/*
 * passes.c - resolution passes run once before the writers, so that the
 * PDF and the EPUB agree on every number, id and target (docs/
 * architecture.md, "The document tree"):
 *   1. chapters: numbers, EPUB file names, anchor ids;
 *   2. ids: heading ids as GitHub makes them, unique within their chapter;
 *   3. figures: a paragraph holding only an image, or an image and its
 *      caption line, becomes a numbered figure;
 *   4. notes: footnote references matched to definitions, ids both ways;
 *      equations: display rows numbered per chapter, their labels
 *      recorded for the book, then every \eqref checked;
 *   5. images: files read, probed and shared as assets;
 *   6. links: internal targets resolved, unsafe schemes refused;
 *   7. heading ranks: levels that never skip going down (EPUB, contents);
 *   8. contents: the table of contents (chapters, h2, h3 by rank);
 *   9. ties: non-breaking spaces in "Chapter 3", "p. 5" (ties.c).
 */
#include "doc.h"
#include "figures.h"
#include "imprint.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "math/math.h"
#include "util/fsio.h"
#include "util/strmap.h"

/* id itself if unused, else id-2, id-3, ...; the result is recorded. The
 * value of an id's slot is the last number tried after it, so that the
 * n-th heading named alike costs one step, not n (20,000 headings called
 * "Exercise" took 2e8 steps before). */
static const char *unique_id(ov_arena *a, ov_strmap *s, const char *id)
{
	bool found;
	void **slot = ov_strmap_slot(s, id, strlen(id), &found);
	if (!found)
		return id;
	uintptr_t k = (uintptr_t)*slot;
	if (k < 2)
		k = 2;
	const char *u;
	for (;; k++) {
		u = ov_arena_printf(a, "%s-%zu", id, (size_t)k);
		ov_strmap_slot(s, u, strlen(u), &found);
		if (!found)
			break;
	}
	/* the insertion above may have moved the table */
	*ov_strmap_find(s, id, strlen(id)) = (void *)(k + 1);
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
/* The ids a link may name in a chapter (its headings and figures, and
 * "chapter"), one hash per chapter, so that a link costs one lookup
 * instead of a walk over its target chapter (50,000 links to missing ids
 * took 113 s). A key is the name a link writes after '#' (GitHub's id of a
 * heading, a "{#id}", "fig-1"); its value is the XML id the writers put on
 * the element. A heading takes its name from a figure that had it. */
static void add_target(ov_strmap *targets, const char *name, const char *id, bool heading)
{
	bool found;
	void **slot = ov_strmap_slot(targets, name, strlen(name), &found);
	if (!found || heading)
		*slot = (void *)id;
}

/* GitHub's numbering of repeated heading ids, as github-slugger does it:
 * the second "x" is "x-1", the third "x-2", and a number already taken
 * (by a heading called "x 1") is passed over. names maps each name given
 * to the count of its repeats. */
static const char *github_unique(ov_arena *a, ov_strmap *names, const char *slug)
{
	bool found;
	void **slot = ov_strmap_slot(names, slug, strlen(slug), &found);
	if (!found)
		return slug;
	const char *u;
	uintptr_t k = (uintptr_t)*slot;
	for (;;) {
		u = ov_arena_printf(a, "%s-%zu", slug, (size_t)++k);
		ov_strmap_slot(names, u, strlen(u), &found);
		if (!found)
			break;
	}
	/* the insertion above may have moved the table */
	*ov_strmap_find(names, slug, strlen(slug)) = (void *)k;
	return u;
}

/* Whether id is an XML name without colons (XML Namespaces §3, NCName),
 * which ids in an EPUB must be; non-ASCII letters are taken as they come. */
static bool xml_name(const char *id)
{
	unsigned char c = (unsigned char)id[0];
	if (!(c >= 0x80 || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_'))
		return false;
	for (const unsigned char *p = (const unsigned char *)id; *p; p++)
		if (!(*p >= 0x80 || (*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
		      *p == '-' || *p == '_' || *p == '.'))
			return false;
	return true;
}

/* ---- 4b. equations ---- */

/* Records label for row row of display n (chapter ch); a label used
 * before is an error at this one. */
static void add_equation(ov_doc *doc, ov_node *ch, ov_node *n, size_t row, const char *number, const char *id)
{
	const ov_mrow_tag *r = &n->as.math.math->rows[row];
	ov_pos at = ov_node_math_pos(n, r->label_off);
	bool found;
	void **slot = ov_strmap_slot(&doc->equation_of, r->label, strlen(r->label), &found);
	if (found) {
		const ov_equation *e = doc->equations[(uintptr_t)*slot - 1];
		ov_pos p = ov_node_math_pos(e->node, e->node->as.math.math->rows[e->row].label_off);
		ov_diag_error(doc->diag, at, "equation label '%.60s' is already used at %s:%u:%u", r->label,
		              ov_diag_file_name(doc->diag, p.file), p.line, p.col);
		return;
	}
	ov_equation *e = ov_arena_alloc(&doc->arena, sizeof *e);
	*e = (ov_equation){r->label, ch, n, row, number, id};
	/* grows in powers of two */
	size_t k = doc->equation_count;
	if ((k & (k - 1)) == 0)
		doc->equations = ov_xrealloc(doc->equations, (k ? 2 * k : 1) * sizeof *doc->equations);
	doc->equations[k] = e;
	doc->equation_count = k + 1;
	*slot = (void *)(uintptr_t)(k + 1);
}

/* The numbers and ids of display n's rows (doc.h): a numbered row takes
 * the chapter's next number, "C.k" in numbered chapter C and "k" in an
 * unnumbered one, and the id "eq-C-k" ("eq-k"); a \tag row prints its
 * tag and takes no number (amsmath), its id made from the tag when it has
 * a label; ids are unique in the chapter's file (ids). */
static void number_equation(ov_doc *doc, ov_node *ch, ov_node *n, int *count, ov_strmap *ids)
{
	const ov_math *m = n->as.math.math;
	if (!m || !m->row_count)
		return;
	ov_arena *a = &doc->arena;
	const char **nums = ov_arena_calloc(a, m->row_count, sizeof *nums);
	const char **idv = ov_arena_calloc(a, m->row_count, sizeof *idv);
	int c = ch->as.chapter.number;
	for (size_t i = 0; i < m->row_count; i++) {
		const ov_mrow_tag *r = &m->rows[i];
		if (r->tag) {
			nums[i] = r->tag;
			if (r->label)
				idv[i] = unique_id(a, ids, ov_arena_printf(a, "eq-%s", ov_slugify(a, r->label)));
		} else if (r->numbered) {
			int k = ++*count;
			nums[i] = c ? ov_arena_printf(a, "%d.%d", c, k) : ov_arena_printf(a, "%d", k);
			idv[i] = unique_id(a, ids, c ? ov_arena_printf(a, "eq-%d-%d", c, k) : ov_arena_printf(a, "eq-%d", k));
		}
		if (r->label && nums[i])
			add_equation(doc, ch, n, i, nums[i], idv[i]);
		else if (r->label)
			ov_diag_warning(doc->diag, ov_node_math_pos(n, r->label_off),
			                "equation label '%.60s' is on a row without a number; \\eqref cannot refer to it",
			                r->label);
	}
	n->as.math.numbers = nums;
	n->as.math.ids = idv;
}

/* Every \eqref and \ref of the book's formulas names a label; a \ref in
 * running text that names none is text again. */
static void check_equation_refs(ov_doc *doc)
{
	ov_iter it = ov_iter_start(doc->root);
	ov_node *n;
	bool ent;
	while ((n = ov_iter_next(&it, &ent))) {
		if (!ent || (n->type != OV_NODE_MATH && n->type != OV_NODE_MATH_BLOCK) || !n->as.math.math)
			continue;
		const ov_math *m = n->as.math.math;
		if (n->as.math.in_text && m->ref_count == 1 && !m->refs[0]->u.ref.paren && m->refs[0]->u.ref.label &&
		    !ov_doc_equation(doc, m->refs[0]->u.ref.label)) {
			n->type = OV_NODE_TEXT; /* its text is "\ref{label}" as written */
			continue;
		}
		for (size_t i = 0; i < m->ref_count; i++) {
			const char *label = m->refs[i]->u.ref.label;
			if (label && !ov_doc_equation(doc, label))
				ov_diag_error(doc->diag, ov_node_math_pos(n, m->refs[i]->off), "unknown equation label '%.60s'",
				              label);
		}
	}
}

static void pass_chapter_ids(ov_doc *doc, ov_node *ch, ov_strmap *targets, bool *math)
{
	ov_strmap ids = OV_STRMAP_INIT;   /* XML ids used in the chapter's file */
	ov_strmap names = OV_STRMAP_INIT; /* heading names given (GitHub's numbering) */
	bool taken;
	/* tag-epub-generated-ids: ids src/epub/xhtml.c writes itself */
	static const char *const generated[] = {"chapter", "chapter_title", "notes_title"};
	for (size_t i = 0; i < sizeof generated / sizeof *generated; i++)
		ov_strmap_slot(&ids, generated[i], strlen(generated[i]), &taken);
	add_target(targets, "chapter", "chapter", false);
	int figures = 0, equations = 0;
	/* definitions by number, for matching references */
	size_t ndefs = 0;
	for (ov_node *b = ch->first; b; b = b->next)
		if (b->type == OV_NODE_FOOTNOTE_DEF)
			ndefs++;
	ov_node **defs = ov_xcalloc(ndefs + 1, sizeof *defs);
	ov_node **anchors = NULL; /* HTML's <a id|name>, taken after the headings */
	size_t nanchors = 0, anchor_cap = 0;
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
			/* the name links use: "{#id}" as written, else GitHub's id,
			 * numbered per chapter file as GitHub numbers them per page */
			const char *name = n->as.heading.given_id;
			if (name) {
				ov_strmap_slot(&names, name, strlen(name), &taken);
			} else {
				const char *t = n->as.heading.id_text ? n->as.heading.id_text : ov_node_plain_text(doc, n);
				name = github_unique(&doc->arena, &names, ov_github_id(&doc->arena, t));
			}
			n->as.heading.id = unique_id(&doc->arena, &ids, ov_xml_id(&doc->arena, name));
			add_target(targets, name, n->as.heading.id, true);
		} else if (n->type == OV_NODE_PARAGRAPH && n->parent->type != OV_NODE_FIGURE && ov_doc_figure(doc, n)) {
			/* the walk goes on into the figure as it now is (its
			 * caption's note references get their ids) */
			it.next = n->first;
			it.next_entering = true;
			n->as.figure.number = ++figures;
			n->as.figure.id = unique_id(&doc->arena, &ids, ov_arena_printf(&doc->arena, "fig-%d", figures));
			add_target(targets, n->as.figure.id, n->as.figure.id, false);
		} else if (n->type == OV_NODE_MATH_BLOCK || n->type == OV_NODE_MATH) {
			*math = true;
			if (n->type == OV_NODE_MATH_BLOCK)
				number_equation(doc, ch, n, &equations, &ids);
		} else if (n->type == OV_NODE_ANCHOR) {
			if (nanchors == anchor_cap) {
				anchor_cap = anchor_cap ? anchor_cap * 2 : 8;
				anchors = ov_xrealloc(anchors, anchor_cap * sizeof *anchors);
			}
			anchors[nanchors++] = n;
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
	/* an anchor whose id a heading, figure, note or earlier anchor has
	 * already is left out: links to it land on that one ("<a name="x">"
	 * before a heading whose id is x is the usual case) */
	for (size_t i = 0; i < nanchors; i++) {
		const char *id = anchors[i]->as.anchor.id;
		bool found;
		if (ov_strmap_find(&ids, id, strlen(id)) || ov_strmap_find(targets, id, strlen(id))) {
			anchors[i]->as.anchor.id = NULL;
		} else if (xml_name(id)) {
			ov_strmap_slot(&ids, id, strlen(id), &found);
			add_target(targets, id, id, false);
		} else {
			/* "1", "a:b": not an XML name, which EPUB readers and
			 * EPUBCheck want of an id; written as "a-1", "a-a-b", and
			 * links to the id as written go there */
			char *out = ov_arena_printf(&doc->arena, "a-%s", id);
			for (char *p = out + 2; *p; p++)
				if (!(((unsigned char)*p >= 0x80) || (*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
				      (*p >= '0' && *p <= '9') || *p == '-' || *p == '_' || *p == '.'))
					*p = '-';
			out = (char *)unique_id(&doc->arena, &ids, out);
			anchors[i]->as.anchor.id = out;
			add_target(targets, id, out, false);
		}
	}
	free(anchors);
	free(defs);
	free(uses);
	ov_strmap_dispose(&ids, NULL);
	ov_strmap_dispose(&names, NULL);
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

/* An SVG asset parsed and sanitised (image/svg.h): its data becomes the
 * sanitised copy, its size the intrinsic size in CSS pixels. An SVG
 * beyond the vector subset is drawn by librsvg in the PDF, with a note;
 * without librsvg, the subset is drawn, with a warning. false when it
 * cannot be used (reported). */
static bool read_svg(ov_doc *doc, ov_asset *a)
{
	ov_svg *svg = ov_svg_parse(&doc->arena, a->data, a->len, doc->diag, a->pos, a->shown, a->src);
	if (!svg)
		return false;
	a->svg = svg;
	a->data = svg->clean;
	a->len = svg->clean_len;
	a->info.width = (uint32_t)ceil(svg->width);
	a->info.height = (uint32_t)ceil(svg->height);
	if (!svg->raster_reason)
		return true;
	if (ov_svg_rasterizer_available()) {
		ov_diag_note(doc->diag, a->pos, "image '%s' uses %s: drawn as a %d dpi picture in the PDF", a->shown,
		             svg->raster_reason, OV_SVG_RASTER_DPI);
	} else {
		ov_diag_warning(doc->diag, a->pos,
		                "image '%s' uses %s, which needs librsvg (librsvg-2.so.2 cannot be loaded): the PDF "
		                "draws the rest of it", a->shown, svg->raster_reason);
		svg->raster_reason = NULL;
	}
	return true;
}

static ov_asset *read_asset(ov_doc *doc, const char *book_dir, const char *rel, const char *shown,
                            ov_pos pos)
{
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
			ov_diag_error(doc->diag, pos, "cannot read image '%s': %s", shown, ov_file_error(errno));
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
		if (a->info.format == OV_IMAGE_UNKNOWN && len > 2 && a->data[0] == 0x1F && a->data[1] == 0x8B)
			ov_diag_error(doc->diag, pos, "image '%s' is compressed (gzip, as .svgz is): store it "
			              "uncompressed", shown);
		else if (a->info.format == OV_IMAGE_UNKNOWN)
			ov_diag_error(doc->diag, pos, "image '%s' is not a PNG, JPEG, GIF, WebP or SVG file "
			              "(supported: .png, .jpg, .gif, .webp, .svg)", shown);
		else
			ov_diag_error(doc->diag, pos, "image '%s' is damaged: its header cannot be read", shown);
		return NULL;
	}
	if (a->info.format == OV_IMAGE_SVG && !read_svg(doc, a))
		return NULL;
	if (!a->svg && (uint64_t)a->info.width * a->info.height > OV_MAX_IMAGE_PIXELS) {
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

/* The asset of the image file rel, read and checked on first use; seen
 * maps each rel read well to its asset (a hash: a book with 10,000
 * images compared each with all before). A file that failed is tried, and
 * reported, again at each place that names it. */
static ov_asset *load_asset(ov_doc *doc, const char *book_dir, ov_strmap *seen, const char *rel,
                            const char *shown, ov_pos pos)
{
	void **slot = ov_strmap_find(seen, rel, strlen(rel));
	if (slot)
		return *slot;
	ov_asset *a = read_asset(doc, book_dir, rel, shown, pos);
	if (a) {
		bool found;
		*ov_strmap_slot(seen, rel, strlen(rel), &found) = a;
	}
	return a;
}

/* A warning of kind key about the image url (fmt has one %s for it):
 * those of one file fold into one that lists the images (a chapter of
 * diagrams without alt text would otherwise print one line each). */
static void listed_warning(ov_doc *doc, ov_pos pos, const char *key, const char *url, const char *fmt)
{
	char item[72];
	snprintf(item, sizeof item, "'%.60s%s'", url, strlen(url) > 60 ? "..." : "");
	ov_diag_warning_listed(doc->diag, pos, key, item, fmt, url);
}

static void pass_images(ov_doc *doc, const char *book_dir)
{
	ov_strmap seen = OV_STRMAP_INIT;
	if (doc->meta.cover)
		doc->cover = load_asset(doc, book_dir, &seen, doc->meta.cover, doc->meta.cover, doc->meta.cover_pos);
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
			listed_warning(doc, n->pos, "remote-image", url,
			               "remote image '%s' is not fetched; its alt text is shown instead");
			continue;
		}
		ov_node *ch = ov_node_chapter(n);
		char *dir = source_dir(ch->as.chapter.source);
		/* drop a query or fragment: they mean nothing for a local file;
		 * the path is percent-decoded as a browser would before it asks
		 * for the file ("images%2Ffig.png", "my%20chart.png") */
		char *path = ov_percent_decode(url, strcspn(url, "?#"));
		char *rel = path ? ov_path_join(dir, path) : NULL;
		if (!path) {
			ov_diag_error(doc->diag, n->pos, "image '%s' names a NUL byte", url);
			free(dir);
			continue;
		}
		bool outside = url[0] == '/' || path[0] == '/' || path[0] == '\\';
		free(path);
		if (outside || !ov_path_normalize(rel))
			ov_diag_error(doc->diag, n->pos, "image '%s' is outside the book folder", url);
		else
			n->as.image.asset = load_asset(doc, book_dir, &seen, rel, url, n->pos);
		const ov_svg *svg = n->as.image.asset ? n->as.image.asset->svg : NULL;
		if (n->as.image.asset && !*ov_node_plain_text(doc, n) && svg && svg->title) {
			/* an SVG's own <title> describes it (SVG 1.1 §5.4): the alt
			 * text, and so the caption, of an image that has none */
			ov_node *t = ov_node_new(doc, OV_NODE_TEXT, n->pos);
			t->text = svg->title;
			t->len = strlen(svg->title);
			ov_node_append(n, t);
		} else if (n->as.image.asset && !*ov_node_plain_text(doc, n)) {
			listed_warning(doc, n->pos, "no-alt", url,
			               "image '%s' has no alt text: describe it for readers who cannot see it");
		}
		free(rel);
		free(dir);
	}
	ov_strmap_dispose(&seen, NULL);
}

/* ---- 6. links ---- */
typedef struct {
	ov_doc *doc;
	ov_node **chapters;
	const ov_strmap *by_source; /* chapter source path -> index + 1 */
	ov_strmap *targets;         /* per chapter: the ids links may name */
	ov_strmap warned;           /* targets reported as not in the book */
} link_ctx;

/* A link that leads out of the book without a usable URI keeps its text
 * and loses its target; one warning per target (key: the file in the book
 * folder, whatever fragment follows, or the URL), at its first use. */
static void unlinked(link_ctx *lc, ov_node *n, const char *key, const char *why, const char *hint)
{
	const char *url = n->as.link.url;
	bool found;
	ov_strmap_slot(&lc->warned, key, strlen(key), &found);
	if (!found)
		ov_diag_warning(lc->doc->diag, n->pos, "link target '%s' %s; its text is kept without a link%s", url,
		                why, hint);
	n->as.link.href = NULL;
}

/* A relative link to a file of the book folder that is not a chapter:
 * under the manifest's base-url it becomes an absolute link there (the
 * book's path rel, then the query and fragment as written); without one it
 * is text alone, never a relative URI that a PDF viewer would open as a
 * local file once the PDF leaves the repository. */
static void link_out(link_ctx *lc, ov_node *n, const char *rel, const char *tail)
{
	const char *base = lc->doc->meta.base_url;
	if (!base) {
		unlinked(lc, n, rel, "is not a chapter of this book",
		         " (set 'base-url' in book.yaml to link to the file online)");
		return;
	}
	size_t bl = strlen(base);
	/* rel was decoded: encoded again for the URI (RFC 3986 §3.3: a
	 * segment keeps unreserved characters and sub-delimiters; a space,
	 * '%', '?', '#' and non-ASCII bytes are escaped) */
	ov_buf u = OV_BUF_INIT;
	for (const char *p = rel; *p; p++) {
		unsigned char c = (unsigned char)*p;
		if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
		    strchr("-._~/!$&'()*+,;=:@", c))
			ov_buf_putc(&u, (char)c);
		else
			ov_buf_printf(&u, "%%%02X", c);
	}
	n->as.link.href = ov_arena_printf(&lc->doc->arena, "%s%s%s%s", base, bl && base[bl - 1] == '/' ? "" : "/",
	                                  ov_buf_cstr(&u), tail);
	ov_buf_dispose(&u);
}

/* The chapter a normalised book path rel names, as GitHub and mdBook
 * readers mean it: the chapter itself; for a folder ("01-intro", "" for
 * the book's own folder, written "01-intro/" or "../"), its README.md,
 * readme.md or index.md, the files GitHub shows for a folder; for "X.html",
 * chapter X.md, the page mdBook renders from it, and for "index.html" the
 * folder's README.md (mdBook renders README.md as index.html). NULL when
 * none of these is a chapter. */
static void **find_chapter(link_ctx *lc, const char *rel)
{
	size_t rl = strlen(rel);
	void **slot = ov_strmap_find(lc->by_source, rel, rl);
	if (slot)
		return slot;
	char *alt = ov_xmalloc(rl + 16);
	const char *base = strrchr(rel, '/');
	base = base ? base + 1 : rel;
	size_t dl = (size_t)(base - rel); /* the folder, with its slash */
	if (rl > 5 && strcmp(rel + rl - 5, ".html") == 0) {
		if (strcmp(base, "index.html") == 0) {
			memcpy(alt, rel, dl);
			strcpy(alt + dl, "README.md");
			slot = ov_strmap_find(lc->by_source, alt, strlen(alt));
		}
		if (!slot) {
			memcpy(alt, rel, rl - 5);
			strcpy(alt + rl - 5, ".md");
			slot = ov_strmap_find(lc->by_source, alt, strlen(alt));
		}
	} else {
		static const char *const folder[] = {"README.md", "readme.md", "index.md"};
		for (size_t i = 0; i < sizeof folder / sizeof *folder && !slot; i++) {
			snprintf(alt, rl + 16, "%s%s%s", rel, rl ? "/" : "", folder[i]);
			slot = ov_strmap_find(lc->by_source, alt, strlen(alt));
		}
	}
	free(alt);
	return slot;
}

static void links_of_chapter(link_ctx *lc, size_t ci)
{
	ov_doc *doc = lc->doc;
	ov_node *ch = lc->chapters[ci];
	ov_iter it = ov_iter_start(ch);
	ov_node *n;
	bool ent;
	while ((n = ov_iter_next(&it, &ent))) {
		if (!ent || n->type != OV_NODE_LINK)
			continue;
		const char *url = n->as.link.url;
		n->as.link.href = NULL;
		if (ov_url_has_scheme(url)) {
			size_t sl = (size_t)(strchr(url, ':') - url);
			if (ov_url_is_safe(url)) {
				n->as.link.href = url;
			} else if (ov_url_scheme_allowed(url)) {
				/* an allowed scheme, but no host ("http:x", "https:///etc/passwd")
				 * or a control character */
				ov_diag_warning(doc->diag, n->pos, "link '%s' is not a complete URL; the link is dropped",
				                url);
				n->as.link.url = "";
			} else {
				ov_diag_warning(doc->diag, n->pos, "link scheme '%.*s:' is not allowed; the link is dropped",
				                (int)sl, url);
				n->as.link.url = "";
			}
			continue;
		}
		if (!*url)
			continue;
		if (url[0] == '/' || url[0] == '\\' || url[0] == '~') {
			/* a local path ("/etc/passwd", "~/.ssh/id_rsa") or a network
			 * path ("//host/share", "\\host\share"): outside the book */
			unlinked(lc, n, url, "is a path outside the book folder", "");
			continue;
		}
		size_t plen = strcspn(url, "?#");
		const char *hash = strchr(url, '#');
		ov_node *target = NULL;
		size_t target_i = 0;
		if (plen == 0) {
			target = ch;
			target_i = ci;
		} else {
			/* "%2e%2e/" is ".." once a viewer decodes it: paths are
			 * decoded before they are normalised and looked up */
			char *path = ov_percent_decode(url, plen);
			char *dir = source_dir(ch->as.chapter.source);
			char *rel = path ? ov_path_join(dir, path) : NULL;
			bool inside = rel && !strchr(path, '\\') && path[0] != '/' && ov_path_normalize(rel);
			void **slot = inside ? find_chapter(lc, rel) : NULL;
			if (slot) {
				target_i = (size_t)(uintptr_t)*slot - 1;
				target = lc->chapters[target_i];
			} else if (!inside) {
				unlinked(lc, n, url, "is a path outside the book folder", "");
			} else {
				link_out(lc, n, ov_arena_strdup(&doc->arena, rel), url + plen);
			}
			free(rel);
			free(dir);
			free(path);
		}
		if (!target)
			continue;
		const char *anchor = hash && hash[1] ? hash + 1 : NULL;
		const char *id = NULL;
		if (anchor) {
			/* as written, else percent-decoded ("#%C3%BCber" is "#über",
			 * as a browser reads it) */
			void **slot = ov_strmap_find(&lc->targets[target_i], anchor, strlen(anchor));
			char *dec = slot || !strchr(anchor, '%') ? NULL : ov_percent_decode(anchor, strlen(anchor));
			if (dec)
				slot = ov_strmap_find(&lc->targets[target_i], dec, strlen(dec));
			free(dec);
			if (slot)
				id = *slot;
			else
				ov_diag_warning_listed(doc->diag, n->pos, "anchor", ov_arena_printf(&doc->arena, "'%.60s'", url),
				                       "link target '%s': no heading or figure with id '%s'", url, anchor);
		}
		n->as.link.internal = true;
		n->as.link.chapter = target;
		/* a copy per link: the layout tells two links apart by this pointer
		 * (two adjacent links to one place stay two annotations) */
		n->as.link.anchor = id ? ov_arena_strdup(&doc->arena, id) : NULL;
	}
}

/* Resolves links. targets[i] holds the ids of the i-th chapter; chapters
 * are found by source path in a hash as well, so that each link costs a
 * constant number of lookups. */
static void pass_links(ov_doc *doc, ov_node **chapters, size_t count, ov_strmap *targets)
{
	ov_strmap by_source = OV_STRMAP_INIT;
	for (size_t i = 0; i < count; i++) {
		bool found;
		const char *src = chapters[i]->as.chapter.source;
		void **slot = ov_strmap_slot(&by_source, src, strlen(src), &found);
		*slot = (void *)(uintptr_t)(i + 1); /* listed twice: the last, as before */
	}
	link_ctx lc = {doc, chapters, &by_source, targets, OV_STRMAP_INIT};
	for (size_t ci = 0; ci < count; ci++)
		links_of_chapter(&lc, ci);
	ov_strmap_dispose(&lc.warned, NULL);
	ov_strmap_dispose(&by_source, NULL);
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

/* Heading ranks (doc.h): a content document's headings never skip a
 * level going down (WCAG 2.1 SC 1.3.1 and 2.4.6 as Ace checks them, axe's
 * "heading-order": a heading at most one level deeper than the one before
 * it), so that a chapter written "# Title" then "### Detail", or a
 * sub-chapter titled by its first "##", reads as a well-formed outline in
 * the EPUB, the contents and the PDF's outline alike. The chapter's title
 * is rank 1 (the EPUB shows it as the document's h1, and the generated
 * title is an h1 when no heading names the chapter); every other heading
 * keeps its level unless that is more than one below the rank before it.
 * The PDF keeps setting each heading in the style of its written level:
 * the author chose its size; only its place in the structure is mended.
 * All headings of the chapter count, in containers too, in document order. */
static void pass_heading_ranks(ov_doc *doc)
{
	for (ov_node *ch = doc->root->first; ch; ch = ch->next) {
		const ov_node *title = ch->as.chapter.title_heading;
		int prev = 1;
		ov_iter it = ov_iter_start(ch);
		ov_node *n;
		bool ent;
		while ((n = ov_iter_next(&it, &ent))) {
			if (!ent || n->type != OV_NODE_HEADING)
				continue;
			int level = n->as.heading.level >= 1 && n->as.heading.level <= 6 ? n->as.heading.level : 6;
			int rank = n == title ? 1 : level > prev + 1 ? prev + 1 : level;
			n->as.heading.rank = rank;
			prev = rank;
		}
	}
}

static void pass_toc(ov_doc *doc)
{
	size_t cap = 0;
	bool in_part = false;
	for (ov_node *ch = doc->root->first; ch; ch = ch->next) {
		const char *label = ch->as.chapter.number
		                        ? ov_arena_printf(&doc->arena, "%d", ch->as.chapter.number)
		                        : NULL;
		ov_node *h1 = ch->as.chapter.title_heading;
		/* summary part: a part's title is an entry of its own, before its
		 * first chapter and leading there; a sub-chapter is an entry one
		 * level down for each level of nesting, its sections below it */
		int depth = ch->as.chapter.depth;
		/* a part holds the chapters from its first to the next part, or to
		 * the first unnumbered chapter at the top (mdBook's suffix
		 * chapters, after the list); in the outline and the nav they nest
		 * under the part's title (EPUB 3.3 §7.3 nav: an li's ol holds the
		 * entries it heads) */
		if (ch->as.chapter.part)
			in_part = true;
		else if (depth == 0 && !ch->as.chapter.number)
			in_part = false;
		if (ch->as.chapter.part)
			toc_add(doc, &cap,
			        (ov_toc_entry){1, ch->as.chapter.part, NULL, ch, NULL,
			                       doc->meta.theme.part_pages ? OV_PART_ANCHOR : "chapter", true, 1, false});
		size_t own = doc->toc_count;
		toc_add(doc, &cap, (ov_toc_entry){1 + depth, ch->as.chapter.title, label, ch, h1, "chapter", false, 0, false});
		for (ov_node *b = ch->first; b; b = b->next) {
			if (b->type != OV_NODE_HEADING || b == h1 || b->as.heading.rank < 2 || b->as.heading.rank > 3)
				continue;
			toc_add(doc, &cap,
			        (ov_toc_entry){b->as.heading.rank + depth, ov_node_plain_text(doc, b), NULL, ch, b,
			                       b->as.heading.id, false, 0, false});
		}
		for (size_t i = own; i < doc->toc_count; i++)
			doc->toc[i].nest = doc->toc[i].level + (in_part ? 1 : 0);
	}
}

void ov_doc_resolve(ov_doc *doc, const char *book_dir)
{
	pass_chapters(doc);
	size_t count = 0;
	for (ov_node *ch = doc->root->first; ch; ch = ch->next)
		count++;
	ov_node **chapters = ov_xcalloc(count + 1, sizeof *chapters);
	ov_strmap *targets = ov_xcalloc(count + 1, sizeof *targets);
	count = 0;
	bool math = false;
	for (ov_node *ch = doc->root->first; ch; ch = ch->next) {
		chapters[count] = ch;
		pass_chapter_ids(doc, ch, &targets[count++], &math);
	}
	if (math)
		check_equation_refs(doc);
	pass_images(doc, book_dir);
	pass_links(doc, chapters, count, targets);
	for (size_t i = 0; i < count; i++)
		ov_strmap_dispose(&targets[i], NULL);
	free(targets);
	free(chapters);
	pass_heading_ranks(doc);
	pass_toc(doc);
	ov_contents_mark_unlisted(doc);
	ov_doc_highlight(doc);
	ov_doc_ties(doc);
}
