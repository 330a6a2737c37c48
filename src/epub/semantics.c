/*
 * semantics.c - what the EPUB says a chapter is: the partition of the
 * book it belongs to and its division (EPUB 3 Structural Semantics
 * Vocabulary, epub:type) with the DPUB-ARIA 1.1 role of the same name,
 * and a glossary's list of "**Term:** definition" items as the dl that
 * EPUB Dictionaries and Glossaries 1.0 §3 and DPUB-ARIA (doc-glossary)
 * expect of a glossary.
 */
#include <string.h>

#include "internal.h"

const char *ov_epub_matter_type(const ov_node *ch)
{
	switch (ch->as.chapter.matter) {
	case OV_MATTER_FRONT:
		return "frontmatter";
	case OV_MATTER_BACK:
		return "backmatter";
	default:
		return "bodymatter";
	}
}

/* The strong that opens item's first paragraph when it ends in a colon
 * ("**Term:** ...") or is followed by one ("**Term**: ..."), else NULL. */
const ov_node *ov_epub_glossary_term(const ov_node *item, bool *colon_inside)
{
	const ov_node *p = item->first;
	if (item->type != OV_NODE_ITEM || !p || p->type != OV_NODE_PARAGRAPH)
		return NULL;
	const ov_node *s = p->first;
	if (!s || s->type != OV_NODE_STRONG || !s->first)
		return NULL;
	const ov_node *last = s->last;
	if (last->type == OV_NODE_TEXT) {
		size_t n = last->len;
		while (n && last->text[n - 1] == ' ')
			n--;
		if (n && last->text[n - 1] == ':') {
			*colon_inside = true;
			return n > 1 || s->first != last ? s : NULL;
		}
	}
	const ov_node *t = s->next;
	if (t && t->type == OV_NODE_TEXT && t->len && t->text[0] == ':') {
		*colon_inside = false;
		return s;
	}
	return NULL;
}

bool ov_epub_glossary_list(const ov_node *list)
{
	if (list->type != OV_NODE_LIST || list->as.list.ordered || list->as.list.task || !list->first)
		return false;
	const ov_node *ch = list->parent;
	if (!ch || ch->type != OV_NODE_CHAPTER || ch->as.chapter.role != OV_ROLE_GLOSSARY)
		return false; /* only the glossary chapter's own, top-level lists */
	for (const ov_node *i = list->first; i; i = i->next) {
		bool inside;
		if (!ov_epub_glossary_term(i, &inside))
			return false;
	}
	return true;
}
