/*
 * anchors.c - anchors, the places links and the outline point to: a
 * chapter and an id on a page at a height. The first anchor of each
 * (chapter, id) is kept in a hash table, so that finding a link's target
 * does not scan every anchor.
 */
#include "internal.h"

#include <stdlib.h>
#include <string.h>

#include "util/strmap.h"

/* The key of (chapter, id) in ov_layout.anchor_ids: the chapter's
 * address, then the id (the address only places the entry in the table;
 * nothing is ever taken from its order). */
typedef struct {
	char small[120];
	char *p;    /* small, or malloc'ed for a long id */
	size_t len;
} anchor_key;

static void anchor_key_make(anchor_key *k, const ov_node *chapter, const char *id)
{
	size_t n = strlen(id);
	k->len = sizeof chapter + n;
	k->p = k->len <= sizeof k->small ? k->small : ov_xmalloc(k->len);
	memcpy(k->p, &chapter, sizeof chapter);
	memcpy(k->p + sizeof chapter, id, n);
}

static void anchor_key_dispose(anchor_key *k)
{
	if (k->p != k->small)
		free(k->p);
}

/* Appends anchor a to c->L, remembering whether its page index counts
 * front pages; returns its index. The first anchor of each (chapter, id)
 * is the one links find. */
int lay_push_anchor(lay *c, ov_anchor a, bool front)
{
	ov_layout *L = c->L;
	size_t n = L->anchor_count;
	/* room for 64, 128, 256...: doubled when the count reaches it (growing
	 * by 64 at a time copied the array over and over in a book of 40,000
	 * footnotes) */
	if (n == 0 || (n >= 64 && (n & (n - 1)) == 0)) {
		size_t cap = n ? n * 2 : 64;
		L->anchors = ov_xrealloc(L->anchors, cap * sizeof *L->anchors);
		c->anchor_front = ov_xrealloc(c->anchor_front, cap * sizeof *c->anchor_front);
	}
	L->anchors[n] = a;
	c->anchor_front[n] = front;
	if (a.id) {
		anchor_key k;
		anchor_key_make(&k, a.chapter, a.id);
		bool found;
		void **slot = ov_strmap_slot(&L->anchor_ids, k.p, k.len, &found);
		if (!found)
			*slot = (void *)(uintptr_t)(n + 1);
		anchor_key_dispose(&k);
	}
	return (int)L->anchor_count++;
}

int lay_add_anchor(lay *c, const ov_node *chapter, const char *id, double y)
{
	return lay_push_anchor(c, (ov_anchor){chapter, id, lay_page_index(c), y}, c->front);
}

int ov_layout_find_anchor(const ov_layout *L, const ov_node *chapter, const char *id)
{
	if (!id)
		return -1;
	anchor_key k;
	anchor_key_make(&k, chapter, id);
	void **slot = ov_strmap_find(&L->anchor_ids, k.p, k.len);
	anchor_key_dispose(&k);
	return slot ? (int)((uintptr_t)*slot - 1) : -1;
}
