/*
 * ties.c - non-breaking spaces where a line break would mislead the
 * reader (docs/architecture.md, "The document tree"): the space of a
 * text node becomes U+00A0, which both writers keep (the layout as a
 * space that stretches like any other but never breaks, inline.c; the
 * EPUB as the character itself). The rules are The TeXbook's, ch. 14
 * ("ties": "Chapter~12", "Table~B.8", "Figure~3", "Donald~E. Knuth",
 * "Mr.~Jones"), with the Chicago Manual of Style's (17th ed., 6.118,
 * 7.42, 9.16) for page references, numbers and their units:
 *
 *   1. a reference word and its number or letter: "Chapter 3",
 *      "Figure 2.1", "Table B.8", "Section 2.3", "p. 5", "pp. 10-12",
 *      "Fig. 3", "No. 7", "Eq. (2)", "Appendix A" (English words, so for
 *      `en*` books only);
 *   2. a title and the name after it: "Dr. Knuth", "Mr. Jones" (English);
 *   3. no tie after short words ("a", "I", "an"): neither the TeXbook nor
 *      Chicago asks for one in English (it is a Czech and Polish rule, ČSN
 *      01 6910), and every tie makes justification harder;
 *   4. an initial and the word after it: "J. R. R. Tolkien" (any language);
 *   5. a number and its unit: "10 GB", "5 %", "300 ms" (any language;
 *      units of one letter are left out, as "5 m" or "2 s" too often
 *      reads as something else).
 *
 * Only spaces inside one text node, or a soft line break between two, are
 * tied; text in code, formulas, raw HTML and URLs is never touched. The
 * pass runs last, after heading ids (which read the source's text) and
 * figure captions ("Figure 3:" lines) are settled.
 */
#include "doc.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "util/arena.h"

/* Words after which a number or a letter is tied (rule 1); the first
 * letter may be either case ("chapter 3" in a sentence). */
static const char *const ref_words[] = {
	"Appendix", "Appendixes", "Chapter", "Chapters", "Eq.", "Eqs.", "Equation", "Equations", "Example",
	"Exercise", "Fig.", "Figs.", "Figure", "Figures", "Listing", "No.", "Nos.", "Part", "Section",
	"Sections", "Step", "Table", "Tables", "Theorem", "Vol.", "Volume", "page", "pages", "p.", "pp.",
};

/* Titles tied to the name after them (rule 2). */
static const char *const titles[] = {"Dr.", "Mr.", "Mrs.", "Ms.", "Prof.", "St."};

/* Units tied to the number before them (rule 5), as written after it. */
static const char *const units[] = {
	"%",   "\xE2\x80\xB0", "B",   "KB",  "kB",  "MB",  "GB",  "TB",  "PB",  "KiB", "MiB", "GiB", "TiB",
	"bit", "bits",         "Mbit", "Gbit", "ns",  "\xC2\xB5s", "ms",  "min", "Hz",  "kHz", "MHz", "GHz",
	"mm",  "cm",           "km",  "kg",  "mg",  "pt",  "px",  "em",  "dpi", "ppi", "kW",  "MW",
	"\xC2\xB0" "C", "\xC2\xB0" "F",
};

static bool is_digit(unsigned char ch) { return ch >= '0' && ch <= '9'; }
static bool is_upper(unsigned char ch) { return ch >= 'A' && ch <= 'Z'; }
static bool is_lower(unsigned char ch) { return ch >= 'a' && ch <= 'z'; }

/* Opening punctuation a word may start with: ( [ and quotation marks. */
static size_t opening_len(const char *s, size_t len)
{
	size_t i = 0;
	for (;;) {
		if (i < len && (s[i] == '(' || s[i] == '[' || s[i] == '"' || s[i] == '\''))
			i++;
		else if (i + 3 <= len && (memcmp(s + i, "\xE2\x80\x9C", 3) == 0 || memcmp(s + i, "\xE2\x80\x98", 3) == 0))
			i += 3;
		else
			return i;
	}
}

/* Closing punctuation a word may end with: , ; : ) ] and quotes (not the
 * dot, which belongs to an abbreviation). */
static size_t closing_len(const char *s, size_t len)
{
	size_t n = len;
	for (;;) {
		if (n > 0 && s[n - 1] && strchr(",;:)]\"'", s[n - 1]))
			n--;
		else if (n >= 3 && (memcmp(s + n - 3, "\xE2\x80\x9D", 3) == 0 || memcmp(s + n - 3, "\xE2\x80\x99", 3) == 0))
			n -= 3;
		else
			return len - n;
	}
}

/* Whether w[0..n) is one of list[0..count), the first letter of either in
 * either case when any_case. */
static bool in_list(const char *w, size_t n, const char *const *list, size_t count, bool any_case)
{
	for (size_t i = 0; i < count; i++) {
		const char *l = list[i];
		if (strlen(l) != n || n == 0)
			continue;
		if (memcmp(w + 1, l + 1, n - 1) != 0)
			continue;
		if (w[0] == l[0] || (any_case && (w[0] ^ 0x20) == l[0] && (is_upper((unsigned char)l[0]) || is_lower((unsigned char)l[0]))))
			return true;
	}
	return false;
}

/* Whether a word looks like a URL or a path: never tied. */
static bool url_like(const char *w, size_t n)
{
	for (size_t i = 0; i + 3 <= n; i++)
		if (memcmp(w + i, "://", 3) == 0)
			return true;
	return n >= 4 && memcmp(w, "www.", 4) == 0;
}

/* Whether the space between word a and word b is a tie; en: the book's
 * language is English. */
static bool tie_between(const char *a, size_t an, const char *b, size_t bn, bool en)
{
	if (an == 0 || bn == 0)
		return false;
	/* every rule wants a digit or a capital after the space, or a digit
	 * before it: most spaces stop here */
	size_t b_open = opening_len(b, bn);
	if (b_open < bn && !is_digit((unsigned char)b[b_open]) && !is_upper((unsigned char)b[b_open]) &&
	    !is_digit((unsigned char)a[an - 1]))
		return false;
	if (url_like(a, an) || url_like(b, bn))
		return false;
	size_t ao = opening_len(a, an);
	a += ao;
	an -= ao;
	size_t bo = opening_len(b, bn);
	const char *bw = b + bo; /* b without its opening punctuation */
	size_t bwn = bn - bo;
	if (an == 0 || bwn == 0)
		return false;
	unsigned char b0 = (unsigned char)bw[0];
	/* rule 4: an initial, "J." before "R." or "Tolkien" */
	if (an == 2 && is_upper((unsigned char)a[0]) && a[1] == '.' && is_upper(b0) && bo == 0)
		return true;
	/* rule 5: a number and its unit */
	if (is_digit((unsigned char)a[an - 1])) {
		bool number = true;
		for (size_t i = 0; i < an && number; i++)
			number = is_digit((unsigned char)a[i]) || ((a[i] == '.' || a[i] == ',') && i > 0);
		size_t bc = bwn - closing_len(bw, bwn);
		if (bc > 1 && bw[bc - 1] == '.' && bc == bwn)
			bc--; /* "10 GB." ends a sentence */
		if (number && bo == 0 && in_list(bw, bc, units, sizeof units / sizeof *units, false))
			return true;
	}
	/* the English rules need a number, a letter or a name after the word
	 * (most spaces are passed over here, before any list is searched) */
	if (!en || !(is_digit(b0) || is_upper(b0)))
		return false;
	/* rule 1: "Chapter 3", "Table B.8", "Eq. (2)", "pp. 10-12" */
	if (in_list(a, an, ref_words, sizeof ref_words / sizeof *ref_words, true)) {
		if (is_digit(b0))
			return true;
		/* a letter alone, or a letter and a number: "Appendix A", "B.8" */
		if (is_upper(b0) && (bwn == 1 || !((is_lower((unsigned char)bw[1])) || is_upper((unsigned char)bw[1]))))
			return true;
	}
	/* rule 2: "Dr. Knuth" */
	if (in_list(a, an, titles, sizeof titles / sizeof *titles, false) && is_upper(b0))
		return true;
	return false;
}

/* The start of the word of s that ends at end (exclusive): after the
 * space or U+00A0 before it. */
static size_t word_start(const char *s, size_t end)
{
	size_t i = end;
	while (i > 0 && s[i - 1] != ' ' && !(i >= 2 && s[i - 2] == '\xC2' && s[i - 1] == '\xA0'))
		i--;
	return i;
}

/* The end of the word of s[0..len) that starts at start: the next space
 * or U+00A0. */
static size_t word_end(const char *s, size_t len, size_t start)
{
	size_t i = start;
	while (i < len && s[i] != ' ' && !(i + 1 < len && s[i] == '\xC2' && s[i + 1] == '\xA0'))
		i++;
	return i;
}

/* Whether a word at the start of text node n starts there: nothing
 * before it, a soft break, or text ending in a space or U+00A0. An inline
 * element before it (emphasis, a link) may hold the word's first part. */
static bool starts_clean(const ov_node *n)
{
	const ov_node *p = n->prev;
	if (!p || p->type == OV_NODE_SOFTBREAK)
		return true;
	if (p->type != OV_NODE_TEXT || !p->len)
		return false;
	return p->text[p->len - 1] == ' ' || (p->len >= 2 && p->text[p->len - 2] == '\xC2' && p->text[p->len - 1] == '\xA0');
}

/* Whether a word at the end of text node n ends there (as starts_clean). */
static bool ends_clean(const ov_node *n)
{
	const ov_node *q = n->next;
	if (!q || q->type == OV_NODE_SOFTBREAK)
		return true;
	if (q->type != OV_NODE_TEXT || !q->len)
		return false;
	return q->text[0] == ' ' || (q->len >= 2 && q->text[0] == '\xC2' && q->text[1] == '\xA0');
}

/* Whether the space at s[i] of text node n is a tie. */
static bool tie_at(const ov_node *n, size_t i, bool en)
{
	const char *s = n->text;
	size_t len = n->len;
	if (i == 0 || i + 1 >= len || s[i] != ' ' || s[i - 1] == ' ' || s[i + 1] == ' ')
		return false;
	/* tie_between's first test, before the words are measured: a digit
	 * before the space, or after it a digit, a capital or opening
	 * punctuation (which may hide one); most spaces stop here */
	unsigned char nx = (unsigned char)s[i + 1];
	if (!is_digit((unsigned char)s[i - 1]) && !is_digit(nx) && !is_upper(nx) && nx != '(' && nx != '[' &&
	    nx != '"' && nx != '\'' && nx != 0xE2)
		return false;
	size_t a = word_start(s, i), e = word_end(s, len, i + 1);
	/* a word cut by the node's start or end is not known whole */
	if ((a == 0 && !starts_clean(n)) || (e == len && !ends_clean(n)))
		return false;
	return tie_between(s + a, i - a, s + i + 1, e - i - 1, en);
}

/* Splits text node n at its tied spaces: each part but the last ends in
 * U+00A0 and the next part is a text node of its own, whose position is
 * where its text starts in the file, so that messages about its
 * characters keep their columns (a text node lies on one source line, its
 * byte offsets are columns: layout/inline.c). */
static void tie_text(ov_doc *doc, ov_node *n, bool en)
{
	size_t ties[64], count = 0;
	for (size_t i = 1; i + 1 < n->len && count < 64; i++)
		if (tie_at(n, i, en))
			ties[count++] = i;
	if (!count)
		return;
	const char *s = n->text;
	size_t len = n->len, from = 0;
	ov_node *at = n;
	for (size_t k = 0; k <= count; k++) {
		size_t to = k < count ? ties[k] : len;
		ov_node *part = at;
		if (k > 0) {
			ov_pos pos = n->pos;
			if (pos.col)
				pos.col += (uint32_t)from;
			part = ov_node_new(doc, OV_NODE_TEXT, pos);
			if (at->next)
				ov_node_insert_before(at->next, part);
			else
				ov_node_append(at->parent, part);
		}
		size_t plen = to - from + (k < count ? 2 : 0);
		char *t = ov_arena_alloc(&doc->arena, plen + 1);
		memcpy(t, s + from, to - from);
		if (k < count)
			memcpy(t + (to - from), "\xC2\xA0", 2);
		t[plen] = '\0';
		part->text = t;
		part->len = plen;
		at = part;
		from = to + 1;
	}
}

/* A soft line break between two text nodes ("Chapter" at a source line's
 * end, "3" at the next one's start) that is a tie becomes a text node of
 * U+00A0. */
static void tie_softbreak(ov_node *n, bool en)
{
	ov_node *p = n->prev, *q = n->next;
	if (!p || !q || p->type != OV_NODE_TEXT || q->type != OV_NODE_TEXT || !p->len || !q->len)
		return;
	if (p->text[p->len - 1] == ' ' || q->text[0] == ' ')
		return;
	size_t a = word_start(p->text, p->len), e = word_end(q->text, q->len, 0);
	if ((a == 0 && !starts_clean(p)) || (e == q->len && !ends_clean(q)))
		return;
	if (!tie_between(p->text + a, p->len - a, q->text, e, en))
		return;
	n->type = OV_NODE_TEXT;
	n->text = "\xC2\xA0";
	n->len = 2;
}

bool ov_language_is_english(const char *lang)
{
	return lang && (lang[0] == 'e' || lang[0] == 'E') && (lang[1] == 'n' || lang[1] == 'N') &&
	       (lang[2] == '\0' || lang[2] == '-' || lang[2] == '_');
}

void ov_doc_ties(ov_doc *doc)
{
	bool en = ov_language_is_english(doc->meta.language ? doc->meta.language : "en");
	/* the nodes first, then the ties: splitting a text node adds nodes
	 * the walk should not see; soft breaks before text, whose words
	 * they read as written */
	ov_node **nodes = NULL;
	size_t count = 0, cap = 0;
	ov_iter it = ov_iter_start(doc->root);
	ov_node *n;
	bool entering;
	while ((n = ov_iter_next(&it, &entering))) {
		if (!entering)
			continue;
		if (n->type == OV_NODE_IMAGE) {
			/* alt text is read, not set in lines */
			ov_iter_skip_children(&it, n);
			continue;
		}
		if (n->type != OV_NODE_TEXT && n->type != OV_NODE_SOFTBREAK)
			continue;
		/* a link whose text is its address is left as written */
		if (n->type == OV_NODE_TEXT && n->parent && n->parent->type == OV_NODE_LINK && n->parent->as.link.url &&
		    strlen(n->parent->as.link.url) == n->len && memcmp(n->parent->as.link.url, n->text, n->len) == 0)
			continue;
		if (count == cap) {
			cap = cap ? cap * 2 : 256;
			nodes = ov_xrealloc(nodes, cap * sizeof *nodes);
		}
		nodes[count++] = n;
	}
	for (size_t i = 0; i < count; i++)
		if (nodes[i]->type == OV_NODE_SOFTBREAK)
			tie_softbreak(nodes[i], en);
	for (size_t i = 0; i < count; i++)
		if (nodes[i]->type == OV_NODE_TEXT && nodes[i]->len > 2)
			tie_text(doc, nodes[i], en);
	free(nodes);
}
