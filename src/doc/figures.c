/*
 * figures.c - which paragraphs are figures (docs/architecture.md, "The
 * document tree"), and the captions books written for GitHub put under
 * their images. The passes (passes.c) ask for each paragraph of a
 * chapter, in order, before its ids are given.
 */
#include "figures.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

static bool blank_text(const ov_node *c)
{
	return c->type == OV_NODE_TEXT && strspn(c->text, " \t") >= c->len;
}

static bool only_image(const ov_node *para)
{
	const ov_node *img = NULL;
	for (const ov_node *c = para->first; c; c = c->next) {
		if (c->type == OV_NODE_IMAGE && !img)
			img = c;
		else if (blank_text(c))
			continue;
		else
			return false;
	}
	return img != NULL;
}

/* ---- captions (figures part) ----
 * Books written for GitHub caption an image in the paragraph that holds
 * it: "![x](a.png)" then a line "*Figure 3: The pipeline*" or "Source:
 * [Google](...)", or HTML's "<img><br><sub>caption</sub>" (a <figure>'s
 * <figcaption> arrives the same way, html.c); or in a paragraph of its
 * own right after the image. Such a paragraph is a figure whose caption
 * is that text with its links and emphasis (a FIGURE's as.figure.caption,
 * a PARAGRAPH child after the image). The rules:
 *   - images side by side alone in a paragraph: a figure each
 *     (split_images);
 *   - in the image's paragraph: exactly one image, first in it (spaces
 *     before it only) and not inside a link, then a line break (soft or
 *     hard), then text without another image; an image of at most
 *     TINY_IMAGE CSS pixels by its width= or height= is an icon and stays
 *     in the text (badges, emoji pictures);
 *   - a paragraph after an image alone: one line (no break) that starts
 *     with a caption label (caption_words, or "Figure N:" / "Fig. N."),
 *     emphasised or not; any other paragraph stays a paragraph;
 *   - a leading "Figure 3:" / "Fig. 3." is left out, since the figure
 *     gets the book's own number ("Figure 2.3"); "Source: ..." stays, it
 *     is part of the caption;
 *   - emphasis, strong emphasis or <sub> around the whole caption only
 *     marks the line as a caption and is left out: captions have their
 *     own face (theme caption-face); emphasis inside it stays. */
#define TINY_IMAGE 48

/* Words that open a caption line that is not numbered, as written in
 * English-language books (compared without ASCII case). */
static const char *const caption_words[] = {"source:", "sources:", "image source:", "image credit:",
                                            "credit:", "credits:", "photo:", "photo credit:"};

/* Length of a "Figure 3:" / "Fig. 3." / "Figure 2.1 -" label at the start
 * of s (with the spaces after it), or 0. With whole, a label that ends s
 * ("Figure 3") counts too. */
static size_t figure_label(const char *s, size_t len, bool whole)
{
	size_t i = 0;
	while (i < len && (s[i] == ' ' || s[i] == '\t'))
		i++;
	if (len - i >= 6 && !strncasecmp(s + i, "figure", 6))
		i += 6;
	else if (len - i >= 3 && !strncasecmp(s + i, "fig", 3))
		i += 3 + (len - i > 3 && s[i + 3] == '.');
	else
		return 0;
	while (i < len && s[i] == ' ')
		i++;
	size_t digits = i;
	while (i < len && ((s[i] >= '0' && s[i] <= '9') ||
	                   ((s[i] == '.' || s[i] == '-') && i + 1 < len && s[i + 1] >= '0' && s[i + 1] <= '9')))
		i++;
	if (i == digits)
		return 0;
	if (i < len && ((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= 'A' && s[i] <= 'Z')) &&
	    (i + 1 == len || s[i + 1] == ':' || s[i + 1] == '.' || s[i + 1] == ' '))
		i++; /* "Figure 3b" */
	while (i < len && s[i] == ' ')
		i++;
	if (i == len)
		return whole ? i : 0;
	if (s[i] == ':' || s[i] == '.' || s[i] == '-' || s[i] == '|')
		i++;
	else if (len - i >= 3 && (!memcmp(s + i, "\xE2\x80\x93", 3) || !memcmp(s + i, "\xE2\x80\x94", 3)))
		i += 3; /* an en or em dash */
	else
		return 0;
	while (i < len && (s[i] == ' ' || s[i] == '\t'))
		i++;
	return i;
}

static bool caption_word(const char *s)
{
	s += strspn(s, " \t");
	for (size_t i = 0; i < sizeof caption_words / sizeof *caption_words; i++)
		if (!strncasecmp(s, caption_words[i], strlen(caption_words[i])))
			return true;
	return false;
}

/* Whether img is an icon by its HTML size hints. */
static bool tiny_image(const ov_node *img)
{
	return (img->as.image.width > 0 && img->as.image.width <= TINY_IMAGE) ||
	       (img->as.image.height > 0 && img->as.image.height <= TINY_IMAGE);
}

/* The first leaf under n, going down first children. */
static ov_node *first_leaf(ov_node *n)
{
	while (n->first && !ov_node_is_leaf(n->type) && n->type != OV_NODE_IMAGE)
		n = n->first;
	return n;
}

/* Whether the inlines from n on hold text (not only spaces and breaks)
 * and no image. */
static bool caption_text(const ov_node *from)
{
	bool text = false;
	for (const ov_node *k = from; k; k = k->next) {
		ov_iter it = ov_iter_start(k);
		ov_node *d;
		bool ent;
		while ((d = ov_iter_next(&it, &ent))) {
			if (!ent)
				continue;
			if (d->type == OV_NODE_IMAGE)
				return false;
			if ((d->type == OV_NODE_TEXT && !blank_text(d)) || d->type == OV_NODE_CODE)
				text = true;
		}
	}
	return text;
}

/* The image a paragraph opens with, when a line break and a caption
 * follow it (the rules above), else NULL; *cap is the caption's first
 * inline. */
static ov_node *captioned_image(ov_node *para, ov_node **cap)
{
	ov_node *c = para->first;
	while (c && blank_text(c))
		c = c->next;
	if (!c || c->type != OV_NODE_IMAGE)
		return NULL;
	ov_node *img = c;
	if (tiny_image(img))
		return NULL;
	bool brk = false;
	for (c = img->next; c && (blank_text(c) || c->type == OV_NODE_SOFTBREAK || c->type == OV_NODE_LINEBREAK);
	     c = c->next)
		brk = brk || c->type != OV_NODE_TEXT;
	if (!brk || !c || !caption_text(c))
		return NULL;
	*cap = c;
	return img;
}

/* A paragraph of two or more images and nothing else (spaces and line
 * breaks between them), side by side as READMEs put screenshots, becomes
 * a paragraph per image, so that each is a figure as HTML's are
 * (htmlmap.c, hm_split_images): the images after the first move into
 * paragraphs of their own after para. Badges stay in the text: an image
 * inside a link, a remote one, or an icon by its size hints keeps the
 * paragraph as it is. Returns whether it was split. */
static bool split_images(ov_doc *doc, ov_node *para)
{
	size_t images = 0;
	for (const ov_node *c = para->first; c; c = c->next) {
		if (c->type == OV_NODE_IMAGE) {
			if (ov_url_has_scheme(c->as.image.url) || tiny_image(c))
				return false;
			images++;
		} else if (!blank_text(c) && c->type != OV_NODE_SOFTBREAK && c->type != OV_NODE_LINEBREAK) {
			return false;
		}
	}
	if (images < 2)
		return false;
	ov_node *first = NULL, *after = para, *c, *next;
	for (c = para->first; c; c = next) {
		next = c->next;
		if (c->type != OV_NODE_IMAGE) {
			ov_node_unlink(c);
		} else if (!first) {
			first = c;
		} else {
			ov_node *p = ov_node_new(doc, OV_NODE_PARAGRAPH, c->pos);
			if (after->next)
				ov_node_insert_before(after->next, p);
			else
				ov_node_append(after->parent, p);
			ov_node_unlink(c);
			ov_node_append(p, c);
			after = p;
		}
	}
	return true;
}

/* Whether para, after an image alone, is its caption line. */
static bool caption_para(ov_doc *doc, const ov_node *para)
{
	if (!para || para->type != OV_NODE_PARAGRAPH || !caption_text(para->first))
		return false;
	ov_iter it = ov_iter_start(para);
	ov_node *d;
	bool ent;
	while ((d = ov_iter_next(&it, &ent)))
		if (d->type == OV_NODE_SOFTBREAK || d->type == OV_NODE_LINEBREAK)
			return false;
	const char *t = ov_node_plain_text(doc, para);
	return figure_label(t, strlen(t), false) > 0 || caption_word(t);
}

/* Whether an inline at the edge of a caption (not a blank text) stays:
 * anything but a line break or an empty container. */
static bool is_content(const ov_node *l)
{
	return l->type != OV_NODE_SOFTBREAK && l->type != OV_NODE_LINEBREAK &&
	       (ov_node_is_leaf(l->type) || l->type == OV_NODE_IMAGE || l->first || l->type == OV_NODE_ANCHOR);
}

/* Removes leading spaces and breaks of the inlines of n, and inline
 * containers left empty at its start. */
static void trim_start(ov_node *n)
{
	for (;;) {
		ov_node *l = first_leaf(n);
		if (l == n)
			return;
		if (l->type == OV_NODE_TEXT) {
			size_t k = strspn(l->text, " \t");
			if (k > l->len)
				k = l->len;
			l->text += k;
			l->len -= k;
			if (l->len)
				return;
		} else if (is_content(l)) {
			return;
		}
		ov_node_unlink(l);
	}
}

/* Removes trailing spaces and breaks of the inlines of n. */
static void trim_end(ov_node *n)
{
	for (;;) {
		ov_node *l = n;
		while (l->last && !ov_node_is_leaf(l->type) && l->type != OV_NODE_IMAGE)
			l = l->last;
		if (l == n)
			return;
		if (l->type == OV_NODE_TEXT) {
			while (l->len && (l->text[l->len - 1] == ' ' || l->text[l->len - 1] == '\t'))
				l->len--;
			if (l->len)
				return;
		} else if (is_content(l)) {
			return;
		}
		ov_node_unlink(l);
	}
}

/* The caption paragraph cap made tidy (the rules above): the wrapper of
 * the whole line and a leading label left out. Returns false when
 * nothing is left of it. */
static bool tidy_caption(ov_node *cap)
{
	trim_start(cap);
	trim_end(cap);
	/* the emphasis (or <sub>) that marks the whole line as a caption */
	while (cap->first && cap->first == cap->last &&
	       (cap->first->type == OV_NODE_EMPH || cap->first->type == OV_NODE_STRONG ||
	        cap->first->type == OV_NODE_SUB)) {
		ov_node *w = cap->first, *k;
		ov_node_unlink(w);
		while ((k = w->first)) {
			ov_node_unlink(k);
			ov_node_append(cap, k);
		}
	}
	ov_node *l = first_leaf(cap);
	if (l->type == OV_NODE_TEXT) {
		/* "Figure 3" alone in its own emphasis ("**Figure 3** The
		 * pipeline"), or as the whole caption, is a label too */
		bool whole = l->parent->first == l && l->parent->last == l;
		size_t k = figure_label(l->text, l->len, whole);
		l->text += k;
		l->len -= k;
		trim_start(cap);
	}
	return cap->first != NULL;
}

/* Makes para, whose image is img, a figure (numbered by the caller), with
 * the caption from cap on (an inline of para), or, when cap is NULL, the
 * paragraph next after it if that is a caption line. */
static void make_figure(ov_doc *doc, ov_node *para, ov_node *img, ov_node *cap)
{
	para->type = OV_NODE_FIGURE;
	memset(&para->as, 0, sizeof para->as);
	para->as.figure.image = img;
	ov_node *box = NULL;
	if (cap) {
		box = ov_node_new(doc, OV_NODE_PARAGRAPH, cap->pos);
		/* the image first, the caption after it; what stood between
		 * them (spaces, the break) goes */
		while (para->first != img)
			ov_node_unlink(para->first);
		while (img->next != cap)
			ov_node_unlink(img->next);
		ov_node *k;
		while ((k = img->next)) {
			ov_node_unlink(k);
			ov_node_append(box, k);
		}
		ov_node_append(para, box);
	} else if (caption_para(doc, para->next)) {
		box = para->next;
		ov_node_unlink(box);
		ov_node_append(para, box);
	}
	if (box && tidy_caption(box))
		para->as.figure.caption = box;
	else if (box)
		ov_node_unlink(box);
}

bool ov_doc_figure(ov_doc *doc, ov_node *para)
{
	ov_node *img = NULL, *cap = NULL;
	if (!only_image(para) && !(img = captioned_image(para, &cap)) && !split_images(doc, para))
		return false;
	if (!img)
		for (ov_node *c = para->first; c; c = c->next)
			if (c->type == OV_NODE_IMAGE)
				img = c;
	make_figure(doc, para, img, cap);
	return true;
}
