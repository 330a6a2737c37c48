/* strmap.c - open-addressing hash table with linear probing (see strmap.h). */
#include "strmap.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"

struct ov_strmap_entry {
	char *key;
	size_t len;
	void *value;
};

static uint64_t hash(const char *s, size_t len)
{
	uint64_t h = 1469598103934665603u; /* FNV-1a */
	for (size_t i = 0; i < len; i++)
		h = (h ^ (unsigned char)s[i]) * 1099511628211u;
	return h;
}

/* The entry of key, or the empty entry where it would go. */
static struct ov_strmap_entry *probe(const ov_strmap *m, const char *key, size_t len)
{
	size_t i = hash(key, len) & (m->cap - 1);
	while (m->v[i].key && !(m->v[i].len == len && memcmp(m->v[i].key, key, len) == 0))
		i = (i + 1) & (m->cap - 1);
	return &m->v[i];
}

void **ov_strmap_find(const ov_strmap *m, const char *key, size_t len)
{
	if (!m->cap)
		return NULL;
	struct ov_strmap_entry *e = probe(m, key, len);
	return e->key ? &e->value : NULL;
}

void **ov_strmap_slot(ov_strmap *m, const char *key, size_t len, bool *found)
{
	if ((m->count + 1) * 2 > m->cap) {
		ov_strmap old = *m;
		m->cap = old.cap ? old.cap * 2 : 64;
		m->v = ov_xcalloc(m->cap, sizeof *m->v);
		for (size_t i = 0; i < old.cap; i++)
			if (old.v[i].key)
				*probe(m, old.v[i].key, old.v[i].len) = old.v[i];
		free(old.v);
	}
	struct ov_strmap_entry *e = probe(m, key, len);
	*found = e->key != NULL;
	if (!e->key) {
		e->key = ov_xmalloc(len + 1);
		memcpy(e->key, key, len);
		e->key[len] = '\0';
		e->len = len;
		e->value = NULL;
		m->count++;
	}
	return &e->value;
}

void ov_strmap_dispose(ov_strmap *m, void (*free_value)(void *))
{
	for (size_t i = 0; i < m->cap; i++) {
		free(m->v[i].key);
		if (free_value && m->v[i].value)
			free_value(m->v[i].value);
	}
	free(m->v);
	m->v = NULL;
	m->cap = m->count = 0;
}

bool ov_strmap_next(const ov_strmap *m, size_t *i, const char **key, size_t *len, void **value)
{
	for (; *i < m->cap; (*i)++) {
		const struct ov_strmap_entry *e = &m->v[*i];
		if (!e->key)
			continue;
		*key = e->key;
		*len = e->len;
		*value = e->value;
		(*i)++;
		return true;
	}
	return false;
}
