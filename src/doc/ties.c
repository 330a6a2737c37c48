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
 *   3. a one-letter word and the word after it: "a", "A" and "I" never end
 *      a line (English; kept to the one-letter words, as the TeXbook keeps
 *      its ties to where a break would really mislead: every tie makes
 *      justification harder, and two-letter words read well at a line's
 *      end);
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
#include <string.h>

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
	if (an == 0 || bn == 0 || url_like(a, an) || url_like(b, bn))
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
	if (!en)
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
	/* rule 3: "a", "A" and "I" stay with the word after them */
	if (ao == 0 && an == 1 && (a[0] == 'a' || a[0] == 'A' || a[0] == 'I'))
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

/* Replaces the tied spaces of text node n with U+00A0 (a copy in the
 * document's arena); returns whether any was. */
static bool tie_text(ov_doc *doc, ov_node *n, bool en)
{
	const char *s = n->text;
	size_t len = n->len, ties = 0;
	for (size_t i = 1; i + 1 < len; i++)
		if (s[i] == ' ' && s[i - 1] != ' ' && s[i + 1] != ' ') {
			size_t a = word_start(s, i), e = word_end(s, len, i + 1);
			/* a word cut by the node's start or end (an inline element
			 * next to it) is not known whole: no tie */
			if ((a > 0 || !n->prev || n->prev->type == OV_NODE_SOFTBREAK) &&
			    (e < len || !n->next || n->next->type == OV_NODE_SOFTBREAK) &&
			    tie_between(s + a, i - a, s + i + 1, e - i - 1, en))
				ties++;
		}
	if (!ties)
		return false;
	char *out = ov_arena_alloc(&doc->arena, len + ties + 1);
	size_t o = 0;
	for (size_t i = 0; i < len; i++) {
		bool tie = false;
		if (i >= 1 && i + 1 < len && s[i] == ' ' && s[i - 1] != ' ' && s[i + 1] != ' ') {
			size_t a = word_start(s, i), e = word_end(s, len, i + 1);
			tie = (a > 0 || !n->prev || n->prev->type == OV_NODE_SOFTBREAK) &&
			      (e < len || !n->next || n->next->type == OV_NODE_SOFTBREAK) &&
			      tie_between(s + a, i - a, s + i + 1, e - i - 1, en);
		}
		if (tie) {
			out[o++] = '\xC2';
			out[o++] = '\xA0';
		} else {
			out[o++] = s[i];
		}
	}
	out[o] = '\0';
	n->text = out;
	n->len = o;
	return true;
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
	if (a == 0 && p->prev && p->prev->type != OV_NODE_SOFTBREAK)
		return;
	if (e == q->len && q->next && q->next->type != OV_NODE_SOFTBREAK)
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
	ov_iter it = ov_iter_start(doc->root);
	ov_node *n;
	bool entering;
	while ((n = ov_iter_next(&it, &entering))) {
		if (!entering)
			continue;
		switch (n->type) {
		case OV_NODE_TEXT:
			/* a link whose text is its address is left as written */
			if (n->parent && n->parent->type == OV_NODE_LINK && n->parent->as.link.url &&
			    strlen(n->parent->as.link.url) == n->len && memcmp(n->parent->as.link.url, n->text, n->len) == 0)
				break;
			tie_text(doc, n, en);
			break;
		case OV_NODE_SOFTBREAK:
			tie_softbreak(n, en);
			break;
		default:
			break;
		}
	}
}
