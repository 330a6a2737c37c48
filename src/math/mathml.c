/*
 * mathml.c - a math list as Presentation MathML for the EPUB (math.h).
 *
 * The target is MathML Core (W3C, 2023; the subset Chromium implements
 * since version 109 and Firefox and WebKit share): math, mrow, mi, mn,
 * mo, mtext, mspace, mfrac, msqrt, mroot, msub, msup, msubsup, munder,
 * mover, munderover, mtable, mtr, mtd, mstyle, mpadded and mphantom.
 * No menclose, mfenced or mlabeledtr: they are not in Core.
 *
 * Markup choices, by noad:
 *   letters     <mi>: the list's letters are already Unicode math
 *               alphanumerics (x is U+1D465), so a single-letter mi needs
 *               mathvariant="normal" only for a character that Core's
 *               automatic italic (text-transform: math-auto, MathML Core
 *               §3.2.1.1) would slant: an upright Latin or Greek letter
 *               (\mathrm{d}, \Gamma)
 *   numbers     one <mn> for a run of digits with one decimal point
 *   operators   <mo>; the operator dictionary (MathML Core §B) gives the
 *               spacing of TeX's Bin, Rel and Punct atoms for the common
 *               characters, so attributes are written only where it would
 *               get TeX wrong: stretchy="false" on an Open or Close atom
 *               that is not a \left/\right delimiter (the dictionary makes
 *               fences stretchy), lspace/rspace 0 on an operator character
 *               used as an Ord (TeX's |x|, n!, a/b), form="infix" on a
 *               relation that starts an aligned column (it would be taken
 *               for a prefix), movablelimits="false" on a large operator
 *               whose limits go above and below (the limits are decided
 *               here, from the style, as TeX does: TeXbook p. 159)
 *   named ops   <mi>sin</mi> followed by U+2061 FUNCTION APPLICATION and
 *               TeX's thin space before an Ord (TeXbook p. 170), as Temml
 *               writes them; with limits, the mi in munder/munderover
 *   \big...     <mo> with minsize = maxsize (1.2, 1.8, 2.4, 3.0 em,
 *               amsmath's \big@ sizes for a 10pt strut of 8.5pt...)
 *   \left       an mrow with stretchy <mo> at its ends and for \middle
 *   fractions   <mfrac> (linethickness="0" for \binom and \atop), in an
 *               mrow with its delimiters; \dfrac and \tfrac through mstyle
 *   accents     <mover accent="true"> (<munder accentunder="true"> for the
 *               bottom ones) with the spacing form of the combining accent
 *   arrays      <mtable>; column alignment both as MathML 3's columnalign
 *               (Firefox, WebKit) and as a class for a CSS text-align,
 *               which is what Chromium honours: MathML Core has no
 *               columnalign (Core §3.5.1 leaves alignment to CSS)
 *   numbers     a numbered display is an mtable of three columns, an
 *               empty one, the formula and the number, the outer two as
 *               wide as each other (EPUB CSS), as mlabeledtr is not in Core
 *   styles      <mstyle displaystyle scriptlevel> around the rest of the list
 *
 * Every character written comes from the math list or from this file;
 * the source gives no attribute (no href, no style: the EPUB's formulas
 * come from untrusted books), and everything is escaped for XHTML.
 * The walk is recursive, bounded by OV_MATH_MAX_DEPTH nesting levels of
 * the list (the parser's own bound); deeper lists are cut short.
 */
#include <stdio.h>
#include <string.h>

#include "math/math.h"
#include "util/utf8.h"

/* Levels of noad nesting followed; each parser level may add a few
 * (a group, its scripts, a fraction's parts). */
#define MAX_DEPTH (2 * OV_MATH_MAX_DEPTH)

/* TeX's four styles, without the cramped variants (which MathML Core
 * derives itself for the parts that TeX cramps). */
enum { D, T, S, SS };

typedef struct {
	ov_buf *b;
	ov_math_ref_fn refs;
	void *ctx;
} mw;

/* ---- characters ---- */

/* Code points that must not reach an XML document (XML 1.0 §2.2's Char
 * production; HTML's noncharacters), written as U+FFFD instead. */
static bool unwanted(uint32_t cp)
{
	if (cp < 0x20)
		return cp != '\t' && cp != '\n' && cp != '\r';
	if ((cp >= 0x7F && cp <= 0x9F) || (cp >= 0xD800 && cp <= 0xDFFF) || cp > 0x10FFFF)
		return true;
	if (cp >= 0xFDD0 && cp <= 0xFDEF)
		return true;
	return (cp & 0xFFFE) == 0xFFFE;
}

static void put_cp(ov_buf *b, uint32_t cp)
{
	if (cp > 0x20 && cp < 0x7F && cp != '&' && cp != '<' && cp != '>' && cp != '"' && cp != '\'') {
		ov_buf_putc(b, (char)cp);
		return;
	}
	switch (cp) {
	case '&': ov_buf_puts(b, "&amp;"); return;
	case '<': ov_buf_puts(b, "&lt;"); return;
	case '>': ov_buf_puts(b, "&gt;"); return;
	case '"': ov_buf_puts(b, "&#34;"); return;
	case '\'': ov_buf_puts(b, "&#39;"); return;
	default: break;
	}
	char u[4];
	int n = ov_utf8_encode(unwanted(cp) ? 0xFFFD : cp, u);
	ov_buf_put(b, u, (size_t)n);
}

/* text[0..len) escaped for XML text and attribute values; invalid UTF-8
 * becomes U+FFFD. Leading and trailing spaces become no-break spaces
 * when keep_edges (MathML token elements trim them, MathML 3 §2.1.7);
 * line breaks and tabs become character references in an attribute
 * (attr), which XML would otherwise read as spaces (XML 1.0 §3.3.3). */
static void put_text(ov_buf *b, const char *text, size_t len, bool keep_edges, bool attr)
{
	size_t i = 0;
	size_t first = 0, last = len;
	if (keep_edges) {
		while (first < len && text[first] == ' ')
			first++;
		while (last > first && text[last - 1] == ' ')
			last--;
	}
	while (i < len) {
		uint32_t cp;
		int n = ov_utf8_decode(text + i, len - i, &cp);
		size_t k = n > 0 ? (size_t)n : 1;
		if (n <= 0)
			cp = 0xFFFD;
		if (keep_edges && cp == ' ' && (i < first || i >= last))
			cp = 0xA0;
		if (attr && (cp == '\n' || cp == '\r' || cp == '\t'))
			ov_buf_printf(b, "&#%u;", (unsigned)cp); /* kept through XML's attribute normalisation */
		else
			put_cp(b, cp);
		i += k;
	}
}

static bool is_digit(uint32_t cp)
{
	return (cp >= '0' && cp <= '9') || (cp >= 0x1D7CE && cp <= 0x1D7FF);
}

/* Characters that MathML Core's math-auto text transform (Core §3.2.1.1,
 * the italic mapping) slants in a single-character mi: Latin and Greek
 * letters, dotless i and j, nabla and partial. */
static bool auto_italic(uint32_t cp)
{
	return (cp >= 'A' && cp <= 'Z') || (cp >= 'a' && cp <= 'z') || cp == 0x131 || cp == 0x237 ||
	       (cp >= 0x391 && cp <= 0x3A9 && cp != 0x3A2) || (cp >= 0x3B1 && cp <= 0x3C9) ||
	       cp == 0x3F4 || cp == 0x3D1 || cp == 0x3D5 || cp == 0x3D6 || cp == 0x3F0 || cp == 0x3F1 ||
	       cp == 0x3F5 || cp == 0x2207 || cp == 0x2202;
}

/* Ord characters that are written as mi although they lie among the
 * operators: TeX's symbols \infty \emptyset \nabla \partial \forall
 * \exists \top \bot \angle ... (Temml writes them the same way). */
static bool symbol_ord(uint32_t cp)
{
	switch (cp) {
	case 0x2200: case 0x2203: case 0x2204: case 0x2202: case 0x2205: case 0x2207: case 0x221E:
	case 0x22A4: case 0x22A5: case 0x2220: case 0x2221: case 0x2222: case 0x25B3: case 0x25BD:
	case 0x2663: case 0x2662: case 0x2661: case 0x2660: case 0x266D: case 0x266E: case 0x266F:
	case 0x2113: case 0x210F: case 0x2135: case 0x2136: case 0x2137: case 0x2138: case 0x2118:
	case 0x211C: case 0x2111: case 0x2127: case 0x00F0: case 0x2571: case 0x25A1: case 0x25C7:
	case 0x2605: case 0x2234: case 0x2235:
		return true;
	default:
		return false;
	}
}

/* Whether cp is written as an operator (mo) rather than an identifier:
 * ASCII punctuation, general punctuation, arrows, mathematical operators
 * and delimiters. */
static bool operator_char(uint32_t cp)
{
	if (cp < 0x80)
		return cp > ' ' && !(cp >= '0' && cp <= '9') && !(cp >= 'A' && cp <= 'Z') &&
		       !(cp >= 'a' && cp <= 'z');
	if (symbol_ord(cp))
		return false;
	return cp == 0xAC || cp == 0xB1 || cp == 0xB7 || cp == 0xD7 || cp == 0xF7 ||
	       (cp >= 0x2010 && cp <= 0x2027) || (cp >= 0x2032 && cp <= 0x2037) || cp == 0x2044 ||
	       (cp >= 0x2190 && cp <= 0x22FF) || (cp >= 0x2308 && cp <= 0x230B) ||
	       (cp >= 0x2320 && cp <= 0x2321) || (cp >= 0x23B0 && cp <= 0x23B1) ||
	       (cp >= 0x23DC && cp <= 0x23E1) || (cp >= 0x27C0 && cp <= 0x27FF) ||
	       (cp >= 0x2900 && cp <= 0x2AFF) || cp == 0x3008 || cp == 0x3009;
}

/* Operators the dictionary sets without space on either side in the form
 * they take (fences, primes, ellipses, !): as an Ord they need no
 * lspace/rspace of their own. Not | and ‖: between two identifiers they
 * are infix operators, with space (seen in Chromium: |x |). */
static bool dict_unspaced(uint32_t cp)
{
	switch (cp) {
	case '(': case ')': case '[': case ']': case '{': case '}': case '!': case '\'': case 0x2032: case 0x2033: case 0x2034: case 0x2057: case 0x2026: case 0x22EF:
	case 0x22EE: case 0x22F1: case 0x2308: case 0x2309: case 0x230A: case 0x230B: case 0x27E8:
	case 0x27E9: case 0x27E6: case 0x27E7: case 0x2329: case 0x232A: case 0x2061:
		return true;
	default:
		return false;
	}
}

/* Integral signs, whose limits TeX sets at the side in every style
 * (plain TeX's \int is \intop\nolimits). */
static bool integral(uint32_t cp)
{
	return (cp >= 0x222B && cp <= 0x2233) || (cp >= 0x2A0B && cp <= 0x2A1C);
}

/* The spacing form of a combining accent, which stands alone in an mo
 * (MathML Core's dictionary lists the spacing characters as accents).
 * Bars over and under are U+203E OVERLINE: Chromium draws no macron
 * (U+00AF) over a letter in a font without one for math (its default
 * math font), and does not stretch U+005F under one; U+203E shows and
 * stretches in both places, and is what Temml writes for \bar. */
static uint32_t spacing_accent(uint32_t cp)
{
	switch (cp) {
	case 0x0300: return 0x60;
	case 0x0301: return 0xB4;
	case 0x0302: return 0x2C6;
	case 0x0303: return 0x2DC;
	case 0x0304: case 0x0305: case 0xAF: return 0x203E; /* see below */
	case 0x0306: return 0x2D8;
	case 0x0307: return 0x2D9;
	case 0x0308: return 0xA8;
	case 0x030A: return 0x2DA;
	case 0x030C: return 0x2C7;
	case 0x0332: case 0x5F: return 0x203E;
	case 0x20D6: return 0x2190;
	case 0x20D7: return 0x2192;
	case 0x20E1: return 0x2194;
	case 0x20DB: return 0x20DB; /* \dddot: no spacing form */
	default: return cp;
	}
}

/* <el> and </el>: element names without printf, which the writer's
 * profile showed among its costs */
static void open_el(ov_buf *b, const char *el)
{
	ov_buf_putc(b, '<');
	ov_buf_puts(b, el);
	ov_buf_putc(b, '>');
}

static void close_el(ov_buf *b, const char *el)
{
	ov_buf_puts(b, "</");
	ov_buf_puts(b, el);
	ov_buf_putc(b, '>');
}

/* ---- styles ---- */

static int script_style(int st) { return st <= T ? S : SS; }
static int frac_style(int st) { return st == D ? T : st == T ? S : SS; }

static int from_mstyle(ov_mstyle s)
{
	switch (s) {
	case OV_MSTYLE_D: case OV_MSTYLE_DC: return D;
	case OV_MSTYLE_T: case OV_MSTYLE_TC: return T;
	case OV_MSTYLE_S: case OV_MSTYLE_SC: return S;
	default: return SS;
	}
}

/* Opens an mstyle that sets style st (TeX's \displaystyle ... as MathML
 * Core's displaystyle and scriptlevel, which set math-style and
 * math-depth: Core §3.1.1). */
static void open_style(mw *w, int st)
{
	ov_buf_printf(w->b, "<mstyle displaystyle=\"%s\" scriptlevel=\"%d\">", st == D ? "true" : "false",
	              st <= T ? 0 : st - 1);
}

/* ---- lists ---- */

static void list(mw *w, const ov_mnode *n, int st, int depth);
static const ov_mnode *item(mw *w, const ov_mnode *n, int st, int depth);

static bool has_scripts(const ov_mnode *n) { return n->sup || n->sub || n->primes; }

static bool digit_atom(const ov_mnode *n)
{
	return n && n->kind == OV_MN_ATOM && n->cls == OV_MCLASS_ORD && is_digit(n->u.atom.cp) &&
	       !n->u.atom.negated;
}

/* The end of the number starting at n (a digit): digits, then a point
 * and more digits; a digit with scripts ends it (and is its last). */
static const ov_mnode *number_end(const ov_mnode *n)
{
	bool point = false;
	while (digit_atom(n)) {
		if (has_scripts(n))
			return n->next;
		const ov_mnode *x = n->next;
		if (!point && x && x->kind == OV_MN_ATOM && x->cls == OV_MCLASS_ORD && x->u.atom.cp == '.' &&
		    !has_scripts(x) && digit_atom(x->next)) {
			point = true;
			x = x->next;
		}
		n = x;
	}
	return n;
}

/* The node after the item that starts at n: a number is one item, a
 * style change takes the rest of the list. */
static const ov_mnode *skip_item(const ov_mnode *n)
{
	if (n->kind == OV_MN_STYLE)
		return NULL;
	if (digit_atom(n))
		return number_end(n);
	return n->next;
}

static size_t count_items(const ov_mnode *n)
{
	size_t k = 0;
	for (; n; n = skip_item(n))
		k++;
	return k;
}

/* n as exactly one element: an mrow unless it is one item. */
static void arg(mw *w, const ov_mnode *n, int st, int depth)
{
	if (n && count_items(n) == 1 && n->kind != OV_MN_SPACE) {
		item(w, n, st, depth);
		return;
	}
	ov_buf_puts(w->b, "<mrow>");
	list(w, n, st, depth);
	ov_buf_puts(w->b, "</mrow>");
}

static void list(mw *w, const ov_mnode *n, int st, int depth)
{
	if (depth > MAX_DEPTH)
		return;
	while (n && n->kind != OV_MN_BREAK)
		n = item(w, n, st, depth);
}

/* ---- atoms ---- */

/* A named operator: an Op atom whose nucleus is a list of plain
 * characters (\sin, \operatorname{softmax}), written as one mi. */
static bool named_op(const ov_mnode *n)
{
	if (n->kind != OV_MN_ATOM || n->cls != OV_MCLASS_OP || n->u.atom.cp || !n->u.atom.list)
		return false;
	for (const ov_mnode *x = n->u.atom.list; x; x = x->next)
		if (x->kind != OV_MN_SPACE && (x->kind != OV_MN_ATOM || !x->u.atom.cp || has_scripts(x)))
			return false;
	return true;
}

/* The token of an atom with a character, without its scripts. under:
 * its limits go above and below (a large operator). */
static void char_token(mw *w, const ov_mnode *n, bool under)
{
	ov_buf *b = w->b;
	uint32_t cp = n->u.atom.cp;
	ov_mclass c = n->cls;
	/* an Ord is an identifier (mi) unless it is an operator character;
	 * the other classes are operators; a \big delimiter is one too */
	bool mo = c != OV_MCLASS_ORD || operator_char(cp) || n->u.atom.big;
	if (!mo) {
		if (is_digit(cp)) {
			ov_buf_puts(b, "<mn>");
			put_cp(b, cp);
			ov_buf_puts(b, "</mn>");
			return;
		}
		ov_buf_puts(b, auto_italic(cp) ? "<mi mathvariant=\"normal\">" : "<mi>");
		put_cp(b, cp);
		if (n->u.atom.negated)
			put_cp(b, 0x338);
		ov_buf_puts(b, "</mi>");
		return;
	}
	ov_buf_puts(b, "<mo");
	if (n->u.atom.big) {
		/* \big \Big \bigg \Bigg: amsmath's sizes, 1.2 1.8 2.4 3 times
		 * the text's strut height */
		static const char *const size[] = {"1.2em", "1.8em", "2.4em", "3em"};
		unsigned k = n->u.atom.big > 4 ? 3 : n->u.atom.big - 1u;
		ov_buf_printf(b, " stretchy=\"true\" symmetric=\"true\" minsize=\"%s\" maxsize=\"%s\"", size[k],
		              size[k]);
		if (c == OV_MCLASS_ORD || c == OV_MCLASS_OPEN || c == OV_MCLASS_CLOSE)
			ov_buf_puts(b, " lspace=\"0\" rspace=\"0\"");
	} else if (c == OV_MCLASS_OPEN || c == OV_MCLASS_CLOSE) {
		ov_buf_puts(b, " stretchy=\"false\"");
	} else if (c == OV_MCLASS_ORD) {
		if (cp == '|' || cp == 0x2016 || cp == 0x2223 || cp == 0x2225 || cp == '/' || cp == '\\')
			ov_buf_puts(b, " stretchy=\"false\"");
		if (!dict_unspaced(cp))
			ov_buf_puts(b, " lspace=\"0\" rspace=\"0\"");
	} else if ((c == OV_MCLASS_BIN || c == OV_MCLASS_REL) && dict_unspaced(cp)) {
		ov_buf_puts(b, c == OV_MCLASS_BIN ? " lspace=\"0.2222em\" rspace=\"0.2222em\""
		                                  : " lspace=\"0.2778em\" rspace=\"0.2778em\"");
	}
	if (under && c == OV_MCLASS_OP)
		ov_buf_puts(b, " movablelimits=\"false\"");
	ov_buf_putc(b, '>');
	put_cp(b, cp);
	if (n->u.atom.negated)
		put_cp(b, 0x338); /* COMBINING LONG SOLIDUS OVERLAY: \not */
	ov_buf_puts(b, "</mo>");
}

/* An upright word: a group of two or more upright letters without
 * scripts (\mathrm{MSE}), one mi, which MathML Core sets upright as it
 * has more than one character. */
static bool upright_word(const ov_mnode *n)
{
	if (n->kind != OV_MN_ATOM || n->u.atom.cp || !n->u.atom.list || !n->u.atom.list->next)
		return false;
	for (const ov_mnode *x = n->u.atom.list; x; x = x->next)
		if (x->kind != OV_MN_ATOM || x->cls != OV_MCLASS_ORD || !auto_italic(x->u.atom.cp) ||
		    has_scripts(x) || x->u.atom.negated || x->u.atom.big)
			return false;
	return true;
}

static void nucleus(mw *w, const ov_mnode *n, int st, int depth, bool under)
{
	if (n->u.atom.cp) {
		char_token(w, n, under);
		return;
	}
	if (named_op(n) || upright_word(n)) {
		/* the space of \limsup and \liminf is TeX's thin space */
		ov_buf_puts(w->b, "<mi>");
		for (const ov_mnode *x = n->u.atom.list; x; x = x->next)
			put_cp(w->b, x->kind == OV_MN_ATOM ? x->u.atom.cp : 0x2009);
		ov_buf_puts(w->b, "</mi>");
		return;
	}
	arg(w, n->u.atom.list, st, depth + 1);
}

/* The superscript of n with its primes first (f'^2: ′ and 2). */
static void superscript(mw *w, const ov_mnode *n, int st, int depth)
{
	if (!n->primes) {
		arg(w, n->sup, script_style(st), depth + 1);
		return;
	}
	bool row = n->primes > 1 || n->sup;
	if (row)
		ov_buf_puts(w->b, "<mrow>");
	for (unsigned i = 0; i < n->primes; i++)
		ov_buf_puts(w->b, "<mo lspace=\"0\" rspace=\"0\">\xE2\x80\xB2</mo>");
	if (n->sup)
		list(w, n->sup, script_style(st), depth + 1);
	if (row)
		ov_buf_puts(w->b, "</mrow>");
}

/* Whether an Op atom's limits go above and below: \limits, or by default
 * in display style for all but the integrals (TeXbook p. 159, Appendix G
 * rule 13). */
static bool limits_over(const ov_mnode *n, int st)
{
	if (n->kind != OV_MN_ATOM || n->cls != OV_MCLASS_OP)
		return false;
	if (n->limits == OV_MLIMITS_YES)
		return true;
	if (n->limits == OV_MLIMITS_NO)
		return false;
	return st == D && !integral(n->u.atom.cp);
}

/* Writes base() with n's scripts around it. */
static void scripted(mw *w, const ov_mnode *n, int st, int depth, void (*base)(mw *, const ov_mnode *, int, int))
{
	bool sup = n->sup || n->primes, sub = n->sub != NULL;
	if (!sup && !sub) {
		base(w, n, st, depth);
		return;
	}
	bool over = limits_over(n, st) && !n->primes;
	const char *el = over ? (sup && sub ? "munderover" : sub ? "munder" : "mover")
	                      : (sup && sub ? "msubsup" : sub ? "msub" : "msup");
	open_el(w->b, el);
	base(w, n, st, depth);
	if (sub)
		arg(w, n->sub, script_style(st), depth + 1);
	if (sup)
		superscript(w, n, st, depth);
	close_el(w->b, el);
}

static void atom_base(mw *w, const ov_mnode *n, int st, int depth)
{
	nucleus(w, n, st, depth, limits_over(n, st) && (n->sup || n->sub));
}

/* ---- the other noads ---- */

static void frac(mw *w, const ov_mnode *n, int st, int depth)
{
	ov_buf *b = w->b;
	int fs = n->u.frac.style == OV_MSTYLE_NONE ? st : from_mstyle(n->u.frac.style);
	bool styled = fs != st;
	if (styled)
		open_style(w, fs);
	bool delims = n->u.frac.left || n->u.frac.right;
	if (delims) {
		ov_buf_puts(b, "<mrow>");
		if (n->u.frac.left) {
			ov_buf_puts(b, "<mo>");
			put_cp(b, n->u.frac.left);
			ov_buf_puts(b, "</mo>");
		}
	}
	if (n->u.frac.num_align) /* \cfrac[l]: MathML 3's numalign (not in Core: ignored there) */
		ov_buf_printf(b, "<mfrac%s numalign=\"%s\">", n->u.frac.thickness == 0 ? " linethickness=\"0\"" : "",
		              n->u.frac.num_align == 'l' ? "left" : "right");
	else if (n->u.frac.thickness < 0)
		ov_buf_puts(b, "<mfrac>");
	else if (n->u.frac.thickness == 0)
		ov_buf_puts(b, "<mfrac linethickness=\"0\">");
	else
		ov_buf_printf(b, "<mfrac linethickness=\"%d.%03dem\">", n->u.frac.thickness / 1000,
		              n->u.frac.thickness % 1000);
	arg(w, n->u.frac.num, frac_style(fs), depth + 1);
	arg(w, n->u.frac.den, frac_style(fs), depth + 1);
	ov_buf_puts(b, "</mfrac>");
	if (delims) {
		if (n->u.frac.right) {
			ov_buf_puts(b, "<mo>");
			put_cp(b, n->u.frac.right);
			ov_buf_puts(b, "</mo>");
		}
		ov_buf_puts(b, "</mrow>");
	}
	if (styled)
		ov_buf_puts(b, "</mstyle>");
}

static void frac_base(mw *w, const ov_mnode *n, int st, int depth) { frac(w, n, st, depth); }

static void radical(mw *w, const ov_mnode *n, int st, int depth)
{
	if (n->u.radical.degree) {
		ov_buf_puts(w->b, "<mroot>");
		arg(w, n->u.radical.body, st, depth + 1);
		arg(w, n->u.radical.degree, SS, depth + 1);
		ov_buf_puts(w->b, "</mroot>");
	} else {
		ov_buf_puts(w->b, "<msqrt>");
		list(w, n->u.radical.body, st, depth + 1);
		ov_buf_puts(w->b, "</msqrt>");
	}
}

static void accent(mw *w, const ov_mnode *n, int st, int depth)
{
	ov_buf *b = w->b;
	bool bottom = n->u.accent.bottom;
	ov_buf_puts(b, bottom ? "<munder accentunder=\"true\">" : "<mover accent=\"true\">");
	arg(w, n->u.accent.body, st, depth + 1);
	ov_buf_puts(b, n->u.accent.wide ? "<mo stretchy=\"true\">" : "<mo stretchy=\"false\">");
	put_cp(b, spacing_accent(n->u.accent.cp));
	ov_buf_puts(b, "</mo>");
	ov_buf_puts(b, bottom ? "</munder>" : "</mover>");
}

static void stretched(mw *w, uint32_t cp)
{
	ov_buf_puts(w->b, "<mo stretchy=\"true\">");
	put_cp(w->b, spacing_accent(cp));
	ov_buf_puts(w->b, "</mo>");
}

/* \overline \underbrace \overset \xrightarrow: the body with its glyph
 * over or under it as an accent, then the labels over or under that. */
static void overunder(mw *w, const ov_mnode *n, int st, int depth)
{
	ov_buf *b = w->b;
	const ov_mnode *body = n->u.overunder.body;
	uint32_t ocp = n->u.overunder.over_cp, ucp = n->u.overunder.under_cp;
	const ov_mnode *over = n->u.overunder.over, *under = n->u.overunder.under;
	bool lab_over = over != NULL, lab_under = under != NULL;
	const char *outer = lab_over && lab_under ? "munderover" : lab_under ? "munder" : lab_over ? "mover" : NULL;
	if (outer)
		open_el(b, outer);
	if (!body) {
		/* an extensible arrow: the glyph is the base */
		stretched(w, ocp ? ocp : ucp ? ucp : 0x2192);
	} else if (ocp || ucp) {
		const char *el = ocp && ucp ? "munderover" : ucp ? "munder" : "mover";
		ov_buf_printf(b, "<%s%s%s>", el, ucp ? " accentunder=\"true\"" : "", ocp ? " accent=\"true\"" : "");
		arg(w, body, st, depth + 1);
		if (ucp)
			stretched(w, ucp);
		if (ocp)
			stretched(w, ocp);
		close_el(b, el);
	} else {
		arg(w, body, st, depth + 1);
	}
	if (lab_under)
		arg(w, under, script_style(st), depth + 1);
	if (lab_over)
		arg(w, over, script_style(st), depth + 1);
	if (outer)
		close_el(b, outer);
}

static void fence(mw *w, uint32_t cp, const char *form)
{
	if (!cp)
		return; /* the null delimiter '.' */
	ov_buf_printf(w->b, "<mo fence=\"true\" form=\"%s\" stretchy=\"true\" symmetric=\"true\"", form);
	if (!strcmp(form, "infix"))
		ov_buf_puts(w->b, " lspace=\"0\" rspace=\"0\"");
	ov_buf_putc(w->b, '>');
	put_cp(w->b, cp);
	ov_buf_puts(w->b, "</mo>");
}

static void fenced(mw *w, const ov_mnode *n, int st, int depth)
{
	size_t k = n->u.fenced.count;
	ov_buf_puts(w->b, "<mrow>");
	fence(w, n->u.fenced.delims ? n->u.fenced.delims[0] : 0, "prefix");
	for (size_t i = 0; i < k; i++) {
		if (i)
			fence(w, n->u.fenced.delims ? n->u.fenced.delims[i] : 0, "infix");
		list(w, n->u.fenced.bodies ? n->u.fenced.bodies[i] : NULL, st, depth + 1);
	}
	fence(w, n->u.fenced.delims ? n->u.fenced.delims[k] : 0, "postfix");
	ov_buf_puts(w->b, "</mrow>");
}

static void fenced_base(mw *w, const ov_mnode *n, int st, int depth) { fenced(w, n, st, depth); }

static const char *align_name(char a) { return a == 'l' ? "left" : a == 'r' ? "right" : "center"; }

/* One cell: columnalign for MathML 3 readers, a class for CSS (book.css:
 * mtd.ov-l, mtd.ov-r; rules: ov-vl, ov-vr, ov-hl, ov-hb). A relation or
 * binary operator that opens a cell after an aligned one keeps its infix
 * spacing (TeX's aligned puts {} before it). */
static void cell(mw *w, const ov_mnode *a, uint32_t r, uint32_t c, int st, int depth)
{
	ov_buf *b = w->b;
	uint32_t rows = a->u.array.rows, cols = a->u.array.cols;
	char al = a->u.array.align ? a->u.array.align[c] : 'c';
	ov_buf_puts(b, "<mtd");
	if (al == 'l' || al == 'r')
		ov_buf_printf(b, " columnalign=\"%s\"", align_name(al));
	char cls[64] = "";
	if (al == 'l' || al == 'r')
		strcat(cls, al == 'l' ? " ov-l" : " ov-r");
	if (a->u.array.vlines && a->u.array.vlines[c])
		strcat(cls, " ov-vl");
	if (a->u.array.vlines && c + 1 == cols && a->u.array.vlines[cols])
		strcat(cls, " ov-vr");
	if (a->u.array.hlines && a->u.array.hlines[r])
		strcat(cls, " ov-hl");
	if (a->u.array.hlines && r + 1 == rows && a->u.array.hlines[rows])
		strcat(cls, " ov-hb");
	if (cls[0])
		ov_buf_printf(b, " class=\"%s\"", cls + 1);
	ov_buf_putc(b, '>');
	const ov_mnode *x = a->u.array.cells[(size_t)r * cols + c];
	if (x && a->u.array.akind == OV_MARRAY_ALIGNED && c % 2 == 1 && x->kind == OV_MN_ATOM &&
	    (x->cls == OV_MCLASS_REL || x->cls == OV_MCLASS_BIN) && x->u.atom.cp && !has_scripts(x) &&
	    !x->u.atom.big) {
		/* form="infix": first in its row, the operator would be a prefix
		 * one, without its space (MathML Core §3.2.4.2) */
		ov_buf_puts(b, "<mo form=\"infix\">");
		put_cp(b, x->u.atom.cp);
		if (x->u.atom.negated)
			put_cp(b, 0x338);
		ov_buf_puts(b, "</mo>");
		x = x->next;
	}
	list(w, x, st, depth + 1);
	ov_buf_puts(b, "</mtd>");
}

/* The number column of a numbered display's row i, after an empty gap
 * column: the stylesheet gives the gap and the first (pad) column half
 * the table each, so that the number's column is as narrow as the number
 * and ends at the right margin (src/epub/math.c). */
static void number_cell(mw *w, const char *const *nums, size_t i)
{
	ov_buf_puts(w->b, "<mtd class=\"ov-eqgap\"></mtd><mtd class=\"ov-eqno\">");
	if (nums && nums[i]) {
		ov_buf_puts(w->b, "<mtext>(");
		put_text(w->b, nums[i], strlen(nums[i]), false, false);
		ov_buf_puts(w->b, ")</mtext>");
	}
	ov_buf_puts(w->b, "</mtd>");
}

static void row_open(mw *w, const char *const *ids, size_t i)
{
	ov_buf_puts(w->b, "<mtr");
	if (ids && ids[i]) {
		ov_buf_puts(w->b, " id=\"");
		put_text(w->b, ids[i], strlen(ids[i]), false, false);
		ov_buf_putc(w->b, '"');
	}
	ov_buf_putc(w->b, '>');
}

/* An array; numbered (nums or ids given): with an empty first column and
 * a number column at the right, row by row. */
static void array(mw *w, const ov_mnode *n, int st, int depth, const char *const *nums, const char *const *ids,
                  size_t nrows)
{
	ov_buf *b = w->b;
	ov_marray_kind k = n->u.array.akind;
	uint32_t rows = n->u.array.rows, cols = n->u.array.cols;
	bool numbered = nums || ids;
	bool disp = k == OV_MARRAY_ALIGNED || k == OV_MARRAY_GATHERED;
	/* cells: aligned and gathered in display style, smallmatrix in
	 * script style, the others in text style (amsmath) */
	int cst = disp ? D : k == OV_MARRAY_SMALL ? (st <= T ? S : SS) : (st == D ? T : st);
	bool delims = n->u.array.left || n->u.array.right;
	if (delims) {
		ov_buf_puts(b, "<mrow>");
		fence(w, n->u.array.left, "prefix");
	}
	if (k == OV_MARRAY_SMALL)
		ov_buf_puts(b, "<mstyle scriptlevel=\"1\">");
	ov_buf_puts(b, "<mtable");
	if (disp)
		ov_buf_puts(b, " displaystyle=\"true\"");
	const char *cls = numbered ? "ov-eqn" : k == OV_MARRAY_ALIGNED ? "ov-align"
	                                    : k == OV_MARRAY_GATHERED ? "ov-gather"
	                                    : k == OV_MARRAY_CASES ? "ov-cases"
	                                    : k == OV_MARRAY_SMALL ? "ov-small" : NULL;
	if (numbered && k == OV_MARRAY_ALIGNED)
		cls = "ov-eqn ov-align";
	if (cls)
		ov_buf_printf(b, " class=\"%s\"", cls);
	if (n->u.array.vlines || n->u.array.hlines) {
		/* MathML 3's rules (Firefox, WebKit); the classes of the cells
		 * draw them in Chromium */
		if (n->u.array.vlines && cols > 1) {
			ov_buf_puts(b, " columnlines=\"");
			for (uint32_t c = 1; c < cols; c++)
				ov_buf_printf(b, "%s%s", c > 1 ? " " : "", n->u.array.vlines[c] ? "solid" : "none");
			ov_buf_putc(b, '"');
		}
		if (n->u.array.hlines && rows > 1) {
			ov_buf_puts(b, " rowlines=\"");
			for (uint32_t r = 1; r < rows; r++)
				ov_buf_printf(b, "%s%s", r > 1 ? " " : "", n->u.array.hlines[r] ? "solid" : "none");
			ov_buf_putc(b, '"');
		}
	}
	ov_buf_putc(b, '>');
	for (uint32_t r = 0; r < rows; r++) {
		if (numbered)
			row_open(w, r < nrows ? ids : NULL, r);
		else
			ov_buf_puts(b, "<mtr>");
		if (numbered)
			ov_buf_puts(b, "<mtd class=\"ov-eqpad\"></mtd>");
		for (uint32_t c = 0; c < cols; c++)
			cell(w, n, r, c, cst, depth);
		if (numbered)
			number_cell(w, r < nrows ? nums : NULL, r);
		ov_buf_puts(b, "</mtr>");
	}
	ov_buf_puts(b, "</mtable>");
	if (k == OV_MARRAY_SMALL)
		ov_buf_puts(b, "</mstyle>");
	if (delims) {
		fence(w, n->u.array.right, "postfix");
		ov_buf_puts(b, "</mrow>");
	}
}

static void array_base(mw *w, const ov_mnode *n, int st, int depth) { array(w, n, st, depth, NULL, NULL, 0); }

static void space(mw *w, const ov_mnode *n)
{
	/* \colon's \nonscript\mkern-\thinmuskip takes back TeX's thin space
	 * after its empty Punct, which MathML does not put there */
	if (n->u.space.nonscript)
		return;
	int v = n->u.space.mu;
	/* mu is 1/18 em (TeXbook p. 168); em-based spaces are in 1/1000 em */
	int milli = n->u.space.em_based ? v : (int)((v * 1000L + (v < 0 ? -9 : 9)) / 18);
	const char *sign = milli < 0 ? "-" : "";
	int a = milli < 0 ? -milli : milli;
	ov_buf_printf(w->b, "<mspace width=\"%s%d.%03dem\"/>", sign, a / 1000, a % 1000);
}

static void text(mw *w, const ov_mnode *n)
{
	static const char *const variant[] = {NULL, "italic", "bold", "bold-italic", "monospace"};
	ov_mtext_face f = n->u.text.face;
	const char *v = (unsigned)f < 5 ? variant[f] : NULL;
	if (v)
		ov_buf_printf(w->b, "<mtext mathvariant=\"%s\">", v);
	else
		ov_buf_puts(w->b, "<mtext>");
	if (n->u.text.text)
		put_text(w->b, n->u.text.text, n->u.text.len, true, false);
	ov_buf_puts(w->b, "</mtext>");
}

static void ref(mw *w, const ov_mnode *n)
{
	const char *t = w->refs && n->u.ref.label ? w->refs(w->ctx, n->u.ref.label) : NULL;
	if (!t)
		t = "??";
	ov_buf_puts(w->b, n->u.ref.paren ? "<mtext>(" : "<mtext>");
	put_text(w->b, t, strlen(t), false, false);
	ov_buf_puts(w->b, n->u.ref.paren ? ")</mtext>" : "</mtext>");
}

static void phantom(mw *w, const ov_mnode *n, int st, int depth)
{
	bool wd = n->u.phantom.width, ht = n->u.phantom.height;
	if (wd && !ht)
		ov_buf_puts(w->b, "<mpadded height=\"0\" depth=\"0\">");
	else if (ht && !wd)
		ov_buf_puts(w->b, "<mpadded width=\"0\">");
	ov_buf_puts(w->b, "<mphantom>");
	arg(w, n->u.phantom.body, st, depth + 1);
	ov_buf_puts(w->b, "</mphantom>");
	if (wd != ht)
		ov_buf_puts(w->b, "</mpadded>");
}

/* \smash as mpadded with no height and/or depth (MathML Core §3.3.6);
 * \boxed as an mrow framed by the style sheet (class ov-boxed: MathML
 * Core has no menclose), its content in display style as amsmath sets it. */
static void smash(mw *w, const ov_mnode *n, int st, int depth)
{
	ov_buf_puts(w->b, n->u.smash.top && n->u.smash.bottom ? "<mpadded height=\"0\" depth=\"0\">"
	                  : n->u.smash.top ? "<mpadded height=\"0\">" : "<mpadded depth=\"0\">");
	list(w, n->u.smash.body, st, depth + 1);
	ov_buf_puts(w->b, "</mpadded>");
}

static void boxed(mw *w, const ov_mnode *n, int st, int depth)
{
	ov_buf_puts(w->b, "<mrow class=\"ov-boxed\">");
	if (st != D)
		open_style(w, D);
	list(w, n->u.boxed.body, D, depth + 1);
	if (st != D)
		ov_buf_puts(w->b, "</mstyle>");
	ov_buf_puts(w->b, "</mrow>");
}

/* TeX's thin space after a named operator before an Ord, an Op or an
 * Inner (TeXbook p. 170: Op-Ord 1, Op-Op 1, Op-Inner (1)). */
static bool thin_after_op(const ov_mnode *x)
{
	if (!x)
		return false;
	if (x->kind == OV_MN_ATOM)
		return x->cls == OV_MCLASS_ORD || x->cls == OV_MCLASS_OP || x->cls == OV_MCLASS_INNER;
	return x->kind == OV_MN_FRAC || x->kind == OV_MN_RADICAL || x->kind == OV_MN_ACCENT ||
	       x->kind == OV_MN_OVERUNDER;
}

static bool fence_atom(const ov_mnode *n, ov_mclass c)
{
	return n && n->kind == OV_MN_ATOM && n->cls == c && n->u.atom.cp && !n->u.atom.list;
}

/* The Close atom that matches the Open atom n in its list, when it has
 * scripts ((x+1)^2), else NULL; a style change between them (which
 * takes the rest of the list) or unbalanced atoms give NULL. */
static const ov_mnode *scripted_close(const ov_mnode *n)
{
	if (has_scripts(n))
		return NULL;
	int level = 0;
	for (const ov_mnode *x = n; x; x = x->next) {
		if (x->kind == OV_MN_STYLE || x->kind == OV_MN_BREAK)
			return NULL;
		if (fence_atom(x, OV_MCLASS_OPEN))
			level++;
		else if (fence_atom(x, OV_MCLASS_CLOSE) && --level == 0)
			return has_scripts(x) ? x : NULL;
	}
	return NULL;
}

/* (x+1)^2: the scripts of a closing delimiter belong to the group it
 * closes, written as the base of the scripts (as Temml does, and as a
 * reader hears it); TeX places them the same either way. */
static const ov_mnode *fence_group(mw *w, const ov_mnode *open, const ov_mnode *close, int st, int depth)
{
	ov_buf *b = w->b;
	bool sup = close->sup || close->primes, sub = close->sub != NULL;
	const char *el = sup && sub ? "msubsup" : sub ? "msub" : "msup";
	open_el(b, el);
	ov_buf_puts(b, "<mrow>");
	char_token(w, open, false);
	for (const ov_mnode *x = open->next; x && x != close;)
		x = item(w, x, st, depth + 1);
	char_token(w, close, false);
	ov_buf_puts(b, "</mrow>");
	if (sub)
		arg(w, close->sub, script_style(st), depth + 1);
	if (sup)
		superscript(w, close, st, depth);
	close_el(b, el);
	return close->next;
}

/* Writes the item that starts at n and returns the node after it. */
static const ov_mnode *item(mw *w, const ov_mnode *n, int st, int depth)
{
	ov_buf *b = w->b;
	if (depth > MAX_DEPTH)
		return NULL;
	switch (n->kind) {
	case OV_MN_ATOM:
		if (fence_atom(n, OV_MCLASS_OPEN)) {
			const ov_mnode *close = scripted_close(n);
			if (close)
				return fence_group(w, n, close, st, depth);
		}
		if (digit_atom(n)) {
			const ov_mnode *end = number_end(n);
			const ov_mnode *last = n;
			while (last->next != end)
				last = last->next;
			bool sc = has_scripts(last);
			bool sup = last->sup || last->primes, sub = last->sub != NULL;
			if (sc)
				ov_buf_puts(b, sup && sub ? "<msubsup>" : sub ? "<msub>" : "<msup>");
			ov_buf_puts(b, "<mn>");
			for (const ov_mnode *x = n; x != end; x = x->next)
				put_cp(b, x->u.atom.cp);
			ov_buf_puts(b, "</mn>");
			if (sc) {
				if (sub)
					arg(w, last->sub, script_style(st), depth + 1);
				if (sup)
					superscript(w, last, st, depth);
				ov_buf_puts(b, sup && sub ? "</msubsup>" : sub ? "</msub>" : "</msup>");
			}
			return end;
		}
		if (!n->u.atom.cp && !n->u.atom.list && !has_scripts(n))
			return n->next; /* {} */
		if (!n->u.atom.cp && !n->u.atom.list) {
			/* {}^2: scripts on an empty nucleus */
			bool sup = n->sup || n->primes, sub = n->sub != NULL;
			const char *el = sup && sub ? "msubsup" : sub ? "msub" : "msup";
			open_el(b, el);
			ov_buf_puts(b, "<mrow></mrow>");
			if (sub)
				arg(w, n->sub, script_style(st), depth + 1);
			if (sup)
				superscript(w, n, st, depth);
			close_el(b, el);
			return n->next;
		}
		scripted(w, n, st, depth, atom_base);
		if (named_op(n)) {
			ov_buf_puts(b, "<mo>&#x2061;</mo>");
			if (thin_after_op(n->next))
				ov_buf_puts(b, "<mspace width=\"0.167em\"/>");
		}
		return n->next;
	case OV_MN_FRAC:
		scripted(w, n, st, depth, frac_base);
		return n->next;
	case OV_MN_RADICAL:
	case OV_MN_ACCENT:
	case OV_MN_OVERUNDER:
	case OV_MN_PHANTOM:
	case OV_MN_SMASH:
	case OV_MN_BOXED:
	case OV_MN_TEXT:
	case OV_MN_REF:
		if (has_scripts(n)) {
			/* scripts on a compound nucleus: the compound as the base */
			bool sup = n->sup || n->primes, sub = n->sub != NULL;
			const char *el = sup && sub ? "msubsup" : sub ? "msub" : "msup";
			open_el(b, el);
			ov_mnode copy = *n;
			copy.sup = copy.sub = NULL;
			copy.primes = 0;
			copy.next = NULL;
			item(w, &copy, st, depth + 1);
			if (sub)
				arg(w, n->sub, script_style(st), depth + 1);
			if (sup)
				superscript(w, n, st, depth);
			close_el(b, el);
			return n->next;
		}
		if (n->kind == OV_MN_TEXT)
			text(w, n);
		else if (n->kind == OV_MN_REF)
			ref(w, n);
		else if (n->kind == OV_MN_RADICAL)
			radical(w, n, st, depth);
		else if (n->kind == OV_MN_ACCENT)
			accent(w, n, st, depth);
		else if (n->kind == OV_MN_OVERUNDER)
			overunder(w, n, st, depth);
		else if (n->kind == OV_MN_SMASH)
			smash(w, n, st, depth);
		else if (n->kind == OV_MN_BOXED)
			boxed(w, n, st, depth);
		else
			phantom(w, n, st, depth);
		return n->next;
	case OV_MN_FENCED:
		scripted(w, n, st, depth, fenced_base);
		return n->next;
	case OV_MN_ARRAY:
		scripted(w, n, st, depth, array_base);
		return n->next;
	case OV_MN_SPACE:
		space(w, n);
		return n->next;
	case OV_MN_STYLE: {
		int ns = from_mstyle(n->u.style.style);
		open_style(w, ns);
		list(w, n->next, ns, depth + 1);
		ov_buf_puts(b, "</mstyle>");
		return NULL;
	}
	case OV_MN_BREAK:
		return n->next; /* rows are made by the caller (top level) */
	}
	return n->next;
}

/* ---- the formula ---- */

static bool has_break(const ov_mnode *n)
{
	for (; n; n = n->next)
		if (n->kind == OV_MN_BREAK)
			return true;
	return false;
}

/* A display whose top level has \\ (rows, centred as in gathered), or a
 * numbered one: an mtable, with an empty first column and the numbers in
 * the last when numbered. */
static void rows(mw *w, const ov_math *m, const char *const *nums, const char *const *ids)
{
	ov_buf *b = w->b;
	bool numbered = nums || ids;
	ov_buf_printf(b, "<mtable displaystyle=\"true\" class=\"%s\">", numbered ? "ov-eqn" : "ov-gather");
	size_t i = 0;
	const ov_mnode *n = m->list;
	for (;;) {
		if (numbered) {
			row_open(w, i < m->row_count ? ids : NULL, i);
			ov_buf_puts(b, "<mtd class=\"ov-eqpad\"></mtd>");
		} else {
			ov_buf_puts(b, "<mtr>");
		}
		ov_buf_puts(b, "<mtd>");
		list(w, n, D, 1);
		ov_buf_puts(b, "</mtd>");
		if (numbered)
			number_cell(w, i < m->row_count ? nums : NULL, i);
		ov_buf_puts(b, "</mtr>");
		while (n && n->kind != OV_MN_BREAK)
			n = n->next;
		if (!n)
			break;
		n = n->next;
		i++;
	}
	ov_buf_puts(b, "</mtable>");
}

void ov_math_mathml(ov_buf *out, const ov_math *m, ov_math_ref_fn refs, void *ctx, const char *const *nums,
                    const char *const *ids)
{
	mw w = {out, refs, ctx};
	ov_buf_puts(out, "<math xmlns=\"http://www.w3.org/1998/Math/MathML\" display=\"");
	ov_buf_puts(out, m->display ? "block" : "inline");
	ov_buf_puts(out, "\" alttext=\"");
	put_text(out, m->src ? m->src : "", m->src ? m->len : 0, false, true);
	ov_buf_puts(out, "\">");
	int st = m->display ? D : T;
	bool numbered = false;
	for (size_t i = 0; m->display && i < m->row_count; i++)
		if ((nums && nums[i]) || (ids && ids[i]))
			numbered = true;
	const ov_mnode *l = m->list;
	if (!numbered && !(m->display && has_break(l)))
		list(&w, l, st, 0);
	else if (numbered && l && l->kind == OV_MN_ARRAY && !l->next && !has_scripts(l) && l->u.array.tags)
		array(&w, l, st, 0, nums, ids, m->row_count); /* align, gather: row by row */
	else
		rows(&w, m, numbered ? nums : NULL, numbered ? ids : NULL);
	ov_buf_puts(out, "</math>");
}
