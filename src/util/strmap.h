/*
 * strmap.h - a hash table from byte-string keys to pointers (open
 * addressing, FNV-1a), for the per-word caches and id sets.
 *
 *   ov_strmap m = OV_STRMAP_INIT;
 *   bool found;
 *   void **slot = ov_strmap_slot(&m, key, len, &found); // inserts when absent
 *   if (!found) *slot = make_value();
 *   ov_strmap_dispose(&m, free);                        // frees keys and values
 *
 * Keys are copied; values belong to the caller (dispose may free them).
 * A slot pointer is valid until the next insertion.
 */
#ifndef OV_STRMAP_H
#define OV_STRMAP_H

#include <stdbool.h>
#include <stddef.h>

typedef struct {
	struct ov_strmap_entry *v; /* cap entries, key NULL when empty */
	size_t cap, count;
} ov_strmap;

#define OV_STRMAP_INIT {NULL, 0, 0}

/* The value slot of key[0..len), added (with a NULL value) when absent;
 * *found tells which. */
void **ov_strmap_slot(ov_strmap *m, const char *key, size_t len, bool *found);
/* The value slot of key, or NULL when absent (nothing is added). */
void **ov_strmap_find(const ov_strmap *m, const char *key, size_t len);
/* Walks the entries in no particular order: start with *i = 0; each call
 * gives the next entry's key, length and value and returns true, or
 * returns false at the end. */
bool ov_strmap_next(const ov_strmap *m, size_t *i, const char **key, size_t *len, void **value);
/* Frees the keys, and each value with free_value when it is not NULL. */
void ov_strmap_dispose(ov_strmap *m, void (*free_value)(void *));

#endif
