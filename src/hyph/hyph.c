/* hyph.c - libhyphen 2.8 (hnj_hyphen_hyphenate2) behind hyph.h. With a
 * UTF-8 dictionary the hyphens vector is indexed by character, not byte
 * (docs/libraries.md §4), so positions are mapped back to bytes here. */
#include "hyph.h"

#include <hyphen.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "util/arena.h"
#include "util/fsio.h"
#include "util/strmap.h"
#include "util/utf8.h"

/* A word's hyphenation points remembered: books repeat their words. */
typedef struct {
	uint8_t n;
	uint8_t at[31]; /* byte offsets (words are at most 100 bytes) */
} hyph_entry;

/* Words longer than this are never hyphenated (README "Limits"). */
enum { MAX_WORD = 100 };

/* s[0..len) with ASCII capitals lowered, NUL-terminated, into out. */
static void lower_ascii(const char *s, size_t len, char *out)
{
	for (size_t i = 0; i < len; i++)
		out[i] = (s[i] >= 'A' && s[i] <= 'Z') ? (char)(s[i] - 'A' + 'a') : s[i];
	out[len] = '\0';
}

struct ov_hyph {
	HyphenDict *dict;
	bool shared;       /* dict and exceptions belong to another handle */
	/* the words never hyphenated, lower-cased (ASCII), hashed: a lookup
	 * per word instead of a comparison with every entry (50,000 entries
	 * and 20,000 words took 2.9 s) */
	ov_strmap own_exceptions;
	const ov_strmap *exceptions;
	ov_strmap cache; /* word -> hyph_entry */
};

ov_hyph *ov_hyph_load(const char *language)
{
	char tag[32];
	size_t k = 0;
	for (const char *p = language; *p && k + 1 < sizeof tag; p++)
		tag[k++] = *p == '-' ? '_' : *p;
	tag[k] = '\0';
	char path[256];
	snprintf(path, sizeof path, "%s/hyph_%s.dic", OV_HYPH_DIR, tag);
	if (!ov_is_file(path)) {
		if (strncasecmp(language, "en", 2) != 0 || (language[2] && language[2] != '-'))
			return NULL;
		snprintf(path, sizeof path, "%s/hyph_en_US.dic", OV_HYPH_DIR);
		if (!ov_is_file(path))
			return NULL;
	}
	HyphenDict *d = hnj_hyphen_load(path);
	if (!d)
		return NULL;
	ov_hyph *h = ov_xcalloc(1, sizeof *h);
	h->dict = d;
	h->exceptions = &h->own_exceptions;
	return h;
}

void ov_hyph_free(ov_hyph *h)
{
	if (!h)
		return;
	ov_strmap_dispose(&h->cache, free);
	if (!h->shared) {
		hnj_hyphen_free(h->dict);
		ov_strmap_dispose(&h->own_exceptions, NULL);
	}
	free(h);
}

ov_hyph *ov_hyph_share(const ov_hyph *h)
{
	ov_hyph *s = ov_xcalloc(1, sizeof *s);
	s->dict = h->dict;
	s->exceptions = h->exceptions;
	s->shared = true;
	return s;
}

void ov_hyph_add_exception(ov_hyph *h, const char *word)
{
	ov_strmap_dispose(&h->cache, free); /* remembered answers may no longer hold */
	char low[MAX_WORD + 1];
	size_t len = strlen(word);
	if (len > MAX_WORD)
		return; /* never hyphenated anyway */
	lower_ascii(word, len, low);
	bool found;
	ov_strmap_slot(&h->own_exceptions, low, len, &found);
}

static size_t compute(const ov_hyph *h, const char *word, size_t len, size_t *at, size_t max);

size_t ov_hyph_points(ov_hyph *h, const char *word, size_t len, size_t *at, size_t max)
{
	if (!h || len < 5 || len > MAX_WORD)
		return 0;
	bool found;
	void **slot = ov_strmap_slot(&h->cache, word, len, &found);
	if (!found) {
		size_t all[31];
		hyph_entry *e = ov_xmalloc(sizeof *e);
		e->n = (uint8_t)compute(h, word, len, all, 31);
		for (size_t i = 0; i < e->n; i++)
			e->at[i] = (uint8_t)all[i];
		*slot = e;
	}
	const hyph_entry *e = *slot;
	size_t n = e->n < max ? e->n : max;
	for (size_t i = 0; i < n; i++)
		at[i] = e->at[i];
	return n;
}

static size_t compute(const ov_hyph *h, const char *word, size_t len, size_t *at, size_t max)
{
	enum { LEFT_MIN = 2, RIGHT_MIN = 3 };
	if (len < LEFT_MIN + RIGHT_MIN || len > MAX_WORD)
		return 0;
	char low[MAX_WORD + 1];
	size_t offs[MAX_WORD + 1]; /* byte offset of each character */
	size_t chars = 0, caps = 0;
	for (size_t i = 0; i < len;) {
		uint32_t cp;
		int n = ov_utf8_decode(word + i, len - i, &cp);
		if (n < 0 || cp == '_' || (cp >= '0' && cp <= '9'))
			return 0;
		if (cp >= 'A' && cp <= 'Z')
			caps++;
		offs[chars++] = i;
		i += (size_t)n;
	}
	if (caps >= 2 || chars < LEFT_MIN + RIGHT_MIN)
		return 0;
	lower_ascii(word, len, low);
	if (ov_strmap_find(h->exceptions, low, len))
		return 0;
	char hyphens[MAX_WORD + 5];
	char **rep = NULL;
	int *pos = NULL, *cut = NULL;
	int rc = hnj_hyphen_hyphenate2(h->dict, low, (int)len, hyphens, NULL, &rep, &pos, &cut);
	size_t n = 0;
	if (rc == 0 && !rep) {
		/* hyphens[i] odd: a break is allowed after character i */
		for (size_t i = LEFT_MIN - 1; i + RIGHT_MIN < chars && n < max; i++)
			if (hyphens[i] & 1)
				at[n++] = offs[i + 1];
	}
	if (rep) {
		for (size_t i = 0; i < len; i++)
			free(rep[i]);
		free(rep);
	}
	free(pos);
	free(cut);
	return n;
}
