/*
 * plain.c - a math list as one line of Unicode text (math.h), for the
 * places where a formula cannot be typeset or written as MathML: the PDF
 * outline (bookmarks) and document title, the /ActualText of a formula
 * set on the contents page or in a running head, the EPUB's nav.xhtml,
 * toc.ncx and <title>, image alt text.
 *
 * The reading follows the spirit of Unicode Technical Note #28 (UnicodeMath,
 * a linear format for mathematics) without its build-up operators, so
 * that it reads as ordinary text where it is shown unformatted:
 *   letters     as the list has them: already Unicode math alphanumerics
 *               (x is U+1D465, \mathbf{x} U+1D431, \mathbb{R} U+211D), as in
 *               the MathML output
 *   scripts     the Unicode superscript and subscript characters when every
 *               character of the script has one (x^2 -> x², x_i -> xᵢ,
 *               x^{n+1} -> xⁿ⁺¹; Unicode 15: U+2070 block, U+00B2/00B3/00B9,
 *               modifier letters U+02B0.., U+1D2C..), else "^" or "_" and
 *               the script, in parentheses when it is more than one
 *               character: x^(𝑘+𝑗), e^(−𝑥²)
 *   fractions   a/b, with parentheses around a part that is more than a
 *               run of letters and digits: (𝑎+𝑏)/𝑐; \binom as (n¦k)
 *               (UTN #28 §3.4's "¦" for a fraction without a bar)
 *   radicals    √𝑥, √(𝑥+1), ∛𝑥, ∜𝑥, else the degree as a superscript
 *               before the sign
 *   accents     the combining character after a one-character base
 *               (\hat{y} -> 𝑦̂), else after the base in parentheses
 *   \left\right the delimiters as characters
 *   arrays      rows separated by "; ", cells of a matrix by ", ", of an
 *               aligned environment joined as written
 *   spaces      \, \: \; and wider as U+2009 THIN SPACE, \quad as U+2003,
 *               negative space as nothing; a thin space after a named
 *               operator (log 𝑥), where TeX puts one
 *   \text       as written
 *   \eqref      the equation's number through the caller's refs, "??" when
 *               unknown or without refs
 *
 * The walk is recursive over the list, bounded like mathml.c's by twice
 * OV_MATH_MAX_DEPTH levels (the parser's own bound); deeper parts are left
 * out.
 */
#include <string.h>

#include "math/math.h"
#include "util/utf8.h"

#define MAX_DEPTH (2 * OV_MATH_MAX_DEPTH)

typedef struct {
	ov_buf *b;
	ov_math_ref_fn refs;
	void *ctx;
} pw;

static void list(pw *w, const ov_mnode *n, int depth);

static void put_cp(ov_buf *b, uint32_t cp)
{
	char u[4];
	int l = ov_utf8_encode(cp, u);
	ov_buf_put(b, u, (size_t)l);
}

/* ---- superscripts and subscripts ---- */

/* The plain letter of a Unicode math italic or upright letter (U+1D44E
 * MATHEMATICAL ITALIC SMALL A ..., U+210E PLANCK CONSTANT for the italic
 * h), or the character itself. */
static uint32_t unitalic(uint32_t cp)
{
	if (cp >= 0x1D434 && cp < 0x1D434 + 26)
		return 'A' + (cp - 0x1D434);
	if (cp >= 0x1D44E && cp < 0x1D44E + 26)
		return 'a' + (cp - 0x1D44E);
	if (cp == 0x210E)
		return 'h';
	if (cp == 0x2212)
		return '-';
	return cp;
}

/* The superscript form of cp, 0 when Unicode has none that reads as one
 * (U+2070 SUPERSCRIPTS AND SUBSCRIPTS, Latin-1's ¹²³, the modifier letters
 * of U+02B0 and U+1D2C-1DBF; no q, which Unicode lacks). */
static uint32_t sup_of(uint32_t cp)
{
	static const uint32_t lower[26] = {
		0x1D43, 0x1D47, 0x1D9C, 0x1D48, 0x1D49, 0x1DA0, 0x1D4D, 0x02B0, 0x2071, 0x02B2, 0x1D4F, 0x02E1, 0x1D50,
		0x207F, 0x1D52, 0x1D56, 0,      0x02B3, 0x02E2, 0x1D57, 0x1D58, 0x1D5B, 0x02B7, 0x02E3, 0x02B8, 0x1DBB};
	cp = unitalic(cp);
	switch (cp) {
	case '0': return 0x2070;
	case '1': return 0x00B9;
	case '2': return 0x00B2;
	case '3': return 0x00B3;
	case '+': return 0x207A;
	case '-': return 0x207B;
	case '=': return 0x207C;
	case '(': return 0x207D;
	case ')': return 0x207E;
	case 'T': return 0x1D40; /* x^T, the transpose */
	case 0x2032: return 0x2032; /* primes are raised already */
	case 0x2033: return 0x2033;
	case 0x2034: return 0x2034;
	default: break;
	}
	if (cp >= '4' && cp <= '9')
		return 0x2074 + (cp - '4');
	if (cp >= 'a' && cp <= 'z')
		return lower[cp - 'a'];
	return 0;
}

/* The subscript form of cp, 0 when Unicode has none (U+2080 block, the
 * subscript letters a e h i j k l m n o p r s t u v x of U+2090 and
 * U+1D62). */
static uint32_t sub_of(uint32_t cp)
{
	static const uint32_t lower[26] = {
		0x2090, 0,      0, 0,      0x2091, 0,      0,      0x2095, 0x1D62, 0x2C7C, 0x2096, 0x2097, 0x2098,
		0x2099, 0x2092, 0x209A, 0, 0x1D63, 0x209B, 0x209C, 0x1D64, 0x1D65, 0,      0x2093, 0, 0};
	cp = unitalic(cp);
	switch (cp) {
	case '+': return 0x208A;
	case '-': return 0x208B;
	case '=': return 0x208C;
	case '(': return 0x208D;
	case ')': return 0x208E;
	default: break;
	}
	if (cp >= '0' && cp <= '9')
		return 0x2080 + (cp - '0');
	if (cp >= 'a' && cp <= 'z')
		return lower[cp - 'a'];
	return 0;
}

/* Whether text s[0..len) is a single character (U+0300..036F and U+20D0..
 * 20FF combining marks count with the character before them). */
static bool one_char(const char *s, size_t len)
{
	size_t n = 0;
	for (size_t i = 0; i < len;) {
		uint32_t cp;
		int l = ov_utf8_decode(s + i, len - i, &cp);
		i += l > 0 ? (size_t)l : 1;
		if (!((cp >= 0x300 && cp <= 0x36F) || (cp >= 0x20D0 && cp <= 0x20FF)))
			n++;
	}
	return n == 1;
}

/* Appends script list s after mark ('^' or '_'): as superscript or
 * subscript characters when every character has one, else mark and the
 * script's text, parenthesized when longer than one character. primes
 * (superscript only) come first, as U+2032.. */
static void script(pw *w, const ov_mnode *s, int primes, char mark, int depth)
{
	static const uint32_t prime_cp[] = {0, 0x2032, 0x2033, 0x2034, 0x2057};
	if (primes > 0)
		put_cp(w->b, prime_cp[primes > 4 ? 4 : primes]);
	for (int i = 4; i < primes; i++)
		put_cp(w->b, 0x2032);
	if (!s)
		return;
	ov_buf t = OV_BUF_INIT;
	pw tw = {&t, w->refs, w->ctx};
	list(&tw, s, depth + 1);
	if (!t.len) {
		ov_buf_dispose(&t);
		return;
	}
	/* the script's characters in their raised or lowered forms, if all have them */
	ov_buf m = OV_BUF_INIT;
	bool all = true;
	for (size_t i = 0; i < t.len && all;) {
		uint32_t cp;
		int l = ov_utf8_decode(t.ptr + i, t.len - i, &cp);
		i += l > 0 ? (size_t)l : 1;
		uint32_t r = mark == '^' ? sup_of(cp) : sub_of(cp);
		if (r)
			put_cp(&m, r);
		else
			all = false;
	}
	if (all) {
		ov_buf_put(w->b, m.ptr, m.len);
	} else {
		bool paren = !one_char(t.ptr, t.len);
		ov_buf_putc(w->b, mark);
		if (paren)
			ov_buf_putc(w->b, '(');
		ov_buf_put(w->b, t.ptr, t.len);
		if (paren)
			ov_buf_putc(w->b, ')');
	}
	ov_buf_dispose(&m);
	ov_buf_dispose(&t);
}

/* ---- parts ---- */

/* Whether list n reads unambiguously next to "/" or a radical sign or
 * under an accent: one node that is a character atom or a fenced group,
 * or a run of character atoms that are all letters and digits (Ord), with
 * scripts allowed on the last. */
static bool simple(const ov_mnode *n)
{
	if (!n)
		return true;
	if (!n->next && (n->kind == OV_MN_FENCED || n->kind == OV_MN_TEXT || n->kind == OV_MN_REF))
		return true;
	if (!n->next && n->kind == OV_MN_ATOM && !n->u.atom.cp && n->u.atom.list && !n->sup && !n->sub && !n->primes)
		return simple(n->u.atom.list);
	for (const ov_mnode *x = n; x; x = x->next) {
		if (x->kind != OV_MN_ATOM || !x->u.atom.cp)
			return false;
		if (x->next && (x->sup || x->sub || x->primes))
			return false;
		if (x->cls != OV_MCLASS_ORD && n->next)
			return false;
	}
	return true;
}

/* List n, in parentheses unless it is simple. */
static void part(pw *w, const ov_mnode *n, int depth)
{
	bool paren = !simple(n);
	if (paren)
		ov_buf_putc(w->b, '(');
	list(w, n, depth + 1);
	if (paren)
		ov_buf_putc(w->b, ')');
}

/* List n with combining mark cp over or under it: after the one
 * character it is, else after it in parentheses (\overline{AB} -> (AB)̅). */
static void marked(pw *w, const ov_mnode *n, uint32_t cp, int depth)
{
	ov_buf t = OV_BUF_INIT;
	pw tw = {&t, w->refs, w->ctx};
	list(&tw, n, depth + 1);
	bool paren = !one_char(t.ptr, t.len);
	if (paren)
		ov_buf_putc(w->b, '(');
	ov_buf_put(w->b, t.ptr, t.len);
	if (paren)
		ov_buf_putc(w->b, ')');
	put_cp(w->b, cp);
	ov_buf_dispose(&t);
}

/* Whether the atom is a named operator (\log, \operatorname{softmax}):
 * a nucleus list of letters. */
static bool named_op(const ov_mnode *n)
{
	return n->kind == OV_MN_ATOM && n->cls == OV_MCLASS_OP && !n->u.atom.cp && n->u.atom.list;
}

static void array(pw *w, const ov_mnode *n, int depth)
{
	uint32_t rows = n->u.array.rows, cols = n->u.array.cols;
	ov_marray_kind k = n->u.array.akind;
	bool aligned = k == OV_MARRAY_ALIGNED || k == OV_MARRAY_GATHERED;
	if (n->u.array.left)
		put_cp(w->b, n->u.array.left);
	for (uint32_t r = 0; r < rows; r++) {
		if (r)
			ov_buf_puts(w->b, "; ");
		for (uint32_t c = 0; c < cols; c++) {
			const ov_mnode *cell = n->u.array.cells ? n->u.array.cells[(size_t)r * cols + c] : NULL;
			if (c && !aligned) {
				/* a matrix's cells by commas; the cases of cases by a space */
				ov_buf_puts(w->b, k == OV_MARRAY_CASES ? " " : ", ");
			}
			list(w, cell, depth + 1);
		}
	}
	if (n->u.array.right)
		put_cp(w->b, n->u.array.right);
}

/* The nucleus of n (everything but its scripts and primes). */
static void nucleus(pw *w, const ov_mnode *n, int depth)
{
	ov_buf *b = w->b;
	switch (n->kind) {
	case OV_MN_ATOM:
		if (n->u.atom.cp) {
			put_cp(b, n->u.atom.cp);
			if (n->u.atom.negated)
				put_cp(b, 0x0338); /* COMBINING LONG SOLIDUS OVERLAY */
		} else if (n->u.atom.list) {
			/* a group with scripts reads as one base: {x+y}^2 -> (x+y)² */
			bool paren = (n->sup || n->sub || n->primes) && !named_op(n) && !simple(n->u.atom.list);
			if (paren)
				ov_buf_putc(b, '(');
			list(w, n->u.atom.list, depth + 1);
			if (paren)
				ov_buf_putc(b, ')');
		}
		break;
	case OV_MN_FRAC: {
		const ov_mnode *num = n->u.frac.num, *den = n->u.frac.den;
		if (n->u.frac.thickness == 0) {
			/* \binom, \atop: UTN #28's "¦" between the parts */
			if (n->u.frac.left)
				put_cp(b, n->u.frac.left);
			list(w, num, depth + 1);
			put_cp(b, 0x00A6);
			list(w, den, depth + 1);
			if (n->u.frac.right)
				put_cp(b, n->u.frac.right);
			break;
		}
		if (n->u.frac.left)
			put_cp(b, n->u.frac.left);
		part(w, num, depth);
		ov_buf_putc(b, '/');
		part(w, den, depth);
		if (n->u.frac.right)
			put_cp(b, n->u.frac.right);
		break;
	}
	case OV_MN_RADICAL: {
		const ov_mnode *d = n->u.radical.degree;
		uint32_t sign = 0x221A;
		if (d && !d->next && d->kind == OV_MN_ATOM && !d->sup && !d->sub && (d->u.atom.cp == '3' || d->u.atom.cp == '4'))
			sign = d->u.atom.cp == '3' ? 0x221B : 0x221C;
		else if (d)
			script(w, d, 0, '^', depth);
		put_cp(b, sign);
		part(w, n->u.radical.body, depth);
		break;
	}
	case OV_MN_ACCENT:
		marked(w, n->u.accent.body, n->u.accent.cp, depth);
		break;
	case OV_MN_OVERUNDER: {
		uint32_t o = n->u.overunder.over_cp, u = n->u.overunder.under_cp;
		if (o == 0x203E || u == 0x005F) {
			/* \overline, \underline: the combining line */
			marked(w, n->u.overunder.body, o == 0x203E ? 0x0305 : 0x0332, depth);
		} else {
			/* braces and the like: the sign, then what it spans;
			 * \xrightarrow and \overset: the body itself */
			if (o)
				put_cp(b, o);
			if (u)
				put_cp(b, u);
			if (o || u)
				part(w, n->u.overunder.body, depth);
			else
				list(w, n->u.overunder.body, depth + 1);
		}
		/* labels as the scripts of it */
		script(w, n->u.overunder.over, 0, '^', depth);
		script(w, n->u.overunder.under, 0, '_', depth);
		break;
	}
	case OV_MN_FENCED:
		for (size_t i = 0; i <= n->u.fenced.count; i++) {
			if (n->u.fenced.delims[i])
				put_cp(b, n->u.fenced.delims[i]);
			if (i < n->u.fenced.count)
				list(w, n->u.fenced.bodies[i], depth + 1);
		}
		break;
	case OV_MN_ARRAY:
		array(w, n, depth);
		break;
	case OV_MN_SPACE: {
		int mu = n->u.space.mu;
		if (n->u.space.em_based)
			mu = mu * 18 / 1000;
		if (mu >= 18)
			put_cp(b, 0x2003); /* EM SPACE: \quad and wider */
		else if (mu > 0)
			put_cp(b, 0x2009); /* THIN SPACE */
		break;
	}
	case OV_MN_TEXT:
		ov_buf_put(b, n->u.text.text, n->u.text.len);
		break;
	case OV_MN_REF: {
		const char *num = w->refs && n->u.ref.label ? w->refs(w->ctx, n->u.ref.label) : NULL;
		if (n->u.ref.paren)
			ov_buf_putc(b, '(');
		ov_buf_puts(b, num ? num : "??");
		if (n->u.ref.paren)
			ov_buf_putc(b, ')');
		break;
	}
	case OV_MN_SMASH:
		/* \smash changes no ink: its body reads as it is */
		list(w, n->u.smash.body, depth + 1);
		break;
	case OV_MN_BOXED:
		/* \boxed: its body; the frame has no character */
		part(w, n->u.boxed.body, depth);
		break;
	case OV_MN_PHANTOM:
	case OV_MN_STYLE:
		break;
	case OV_MN_BREAK:
		ov_buf_puts(b, "; ");
		break;
	}
}

static void list(pw *w, const ov_mnode *n, int depth)
{
	if (depth > MAX_DEPTH)
		return;
	for (; n; n = n->next) {
		nucleus(w, n, depth);
		if (n->sub)
			script(w, n->sub, 0, '_', depth);
		if (n->sup || n->primes)
			script(w, n->sup, n->primes, '^', depth);
		/* TeX's thin space between a named operator and an Ord or an
		 * opening (TeXbook p. 170: Op-Ord and Op-Open are 1) */
		if (named_op(n) && n->next && n->next->kind != OV_MN_SPACE && n->next->cls != OV_MCLASS_OPEN &&
		    n->next->cls != OV_MCLASS_PUNCT && n->next->cls != OV_MCLASS_CLOSE)
			put_cp(w->b, 0x2009);
	}
}

void ov_math_plain(ov_buf *out, const ov_math *m, ov_math_ref_fn refs, void *ctx)
{
	if (!m)
		return;
	if (!m->ok) {
		ov_buf_put(out, m->src, m->len);
		return;
	}
	pw w = {out, refs, ctx};
	list(&w, m->list, 0);
}
