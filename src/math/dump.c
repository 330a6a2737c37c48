/*
 * dump.c - a math list as a one-line S-expression, for golden tests
 * (the format is described at ov_math_dump in math.h).
 */
#include <stdio.h>

#include "math/math.h"

static const char *const classes[] = {"ord", "op", "bin", "rel", "open", "close", "punct", "inner"};
static const char *const fonts[] = {"default", "rm", "it", "bf", "bfit", "sf", "tt", "bb", "cal", "frak", "sfbf"};
static const char *const styles[] = {"D", "D'", "T", "T'", "S", "S'", "SS", "SS'"};
static const char *const akinds[] = {"matrix", "smallmatrix", "cases", "aligned", "gathered", "array"};
static const char *const faces[] = {"rm", "it", "bf", "bfit", "tt"};

static void cp_out(ov_buf *b, uint32_t cp)
{
	if (cp > 0x20 && cp < 0x7F && cp != '(' && cp != ')' && cp != '"' && cp != '\\' && cp != ':')
		ov_buf_putc(b, (char)cp);
	else
		ov_buf_printf(b, "U+%04X", (unsigned)cp);
}

static void str_out(ov_buf *b, const char *s)
{
	ov_buf_putc(b, '"');
	for (; *s; s++) {
		if (*s == '"' || *s == '\\')
			ov_buf_putc(b, '\\');
		ov_buf_putc(b, *s);
	}
	ov_buf_putc(b, '"');
}

static void list_out(ov_buf *b, const ov_mnode *n, int depth);

static void field(ov_buf *b, const char *name, const ov_mnode *l, int depth)
{
	ov_buf_printf(b, " :%s ", name);
	list_out(b, l, depth);
}

static void node_out(ov_buf *b, const ov_mnode *n, int depth)
{
	ov_buf_putc(b, '(');
	switch (n->kind) {
	case OV_MN_ATOM:
		ov_buf_puts(b, classes[n->cls < OV_MCLASS__COUNT ? n->cls : 0]);
		if (n->u.atom.cp) {
			ov_buf_putc(b, ' ');
			cp_out(b, n->u.atom.cp);
		} else if (n->u.atom.list) {
			ov_buf_putc(b, ' ');
			list_out(b, n->u.atom.list, depth);
		}
		if (n->u.atom.font && n->u.atom.font <= OV_MFONT_SFBF)
			ov_buf_printf(b, " :font %s", fonts[n->u.atom.font]);
		if (n->u.atom.big)
			ov_buf_printf(b, " :big %d", n->u.atom.big);
		if (n->u.atom.stretchy)
			ov_buf_puts(b, " :stretchy");
		if (n->u.atom.large_op)
			ov_buf_puts(b, " :large");
		if (n->u.atom.negated)
			ov_buf_puts(b, " :not");
		if (n->limits)
			ov_buf_puts(b, n->limits == OV_MLIMITS_YES ? " :limits" : " :nolimits");
		break;
	case OV_MN_FRAC:
		ov_buf_puts(b, "frac");
		field(b, "num", n->u.frac.num, depth);
		field(b, "den", n->u.frac.den, depth);
		if (n->u.frac.thickness != -1)
			ov_buf_printf(b, " :thick %d", n->u.frac.thickness);
		if (n->u.frac.left) {
			ov_buf_puts(b, " :left ");
			cp_out(b, n->u.frac.left);
		}
		if (n->u.frac.right) {
			ov_buf_puts(b, " :right ");
			cp_out(b, n->u.frac.right);
		}
		if (n->u.frac.style != OV_MSTYLE_NONE && n->u.frac.style <= OV_MSTYLE_SSC)
			ov_buf_printf(b, " :style %s", styles[n->u.frac.style]);
		if (n->u.frac.cfrac)
			ov_buf_puts(b, " :cfrac");
		if (n->u.frac.num_align)
			ov_buf_printf(b, " :num-align %c", n->u.frac.num_align);
		break;
	case OV_MN_RADICAL:
		ov_buf_puts(b, "sqrt ");
		list_out(b, n->u.radical.body, depth);
		if (n->u.radical.degree)
			field(b, "degree", n->u.radical.degree, depth);
		break;
	case OV_MN_ACCENT:
		ov_buf_puts(b, "accent ");
		cp_out(b, n->u.accent.cp);
		ov_buf_putc(b, ' ');
		list_out(b, n->u.accent.body, depth);
		if (n->u.accent.wide)
			ov_buf_puts(b, " :wide");
		if (n->u.accent.bottom)
			ov_buf_puts(b, " :bottom");
		break;
	case OV_MN_OVERUNDER:
		ov_buf_puts(b, "overunder ");
		list_out(b, n->u.overunder.body, depth);
		if (n->u.overunder.over_cp) {
			ov_buf_puts(b, " :over-cp ");
			cp_out(b, n->u.overunder.over_cp);
		}
		if (n->u.overunder.over)
			field(b, "over", n->u.overunder.over, depth);
		if (n->u.overunder.under_cp) {
			ov_buf_puts(b, " :under-cp ");
			cp_out(b, n->u.overunder.under_cp);
		}
		if (n->u.overunder.under)
			field(b, "under", n->u.overunder.under, depth);
		break;
	case OV_MN_FENCED:
		ov_buf_puts(b, "fenced");
		for (size_t i = 0; i <= n->u.fenced.count; i++) {
			ov_buf_putc(b, ' ');
			if (n->u.fenced.delims[i])
				cp_out(b, n->u.fenced.delims[i]);
			else
				ov_buf_puts(b, "nil");
			if (i < n->u.fenced.count) {
				ov_buf_putc(b, ' ');
				list_out(b, n->u.fenced.bodies[i], depth);
			}
		}
		break;
	case OV_MN_ARRAY: {
		const uint32_t rows = n->u.array.rows, cols = n->u.array.cols;
		ov_buf_printf(b, "array %s %ux%u", n->u.array.akind <= OV_MARRAY_ARRAY ? akinds[n->u.array.akind] : "?",
		              (unsigned)rows, (unsigned)cols);
		if (n->u.array.align)
			ov_buf_printf(b, " :align %s", n->u.array.align);
		if (n->u.array.left) {
			ov_buf_puts(b, " :left ");
			cp_out(b, n->u.array.left);
		}
		if (n->u.array.right) {
			ov_buf_puts(b, " :right ");
			cp_out(b, n->u.array.right);
		}
		if (n->u.array.vlines) {
			ov_buf_puts(b, " :vlines ");
			for (uint32_t c = 0; c <= cols; c++)
				ov_buf_putc(b, n->u.array.vlines[c] ? '|' : '.');
		}
		if (n->u.array.hlines) {
			ov_buf_puts(b, " :hlines ");
			for (uint32_t r = 0; r <= rows; r++)
				ov_buf_putc(b, n->u.array.hlines[r] ? '-' : '.');
		}
		if (n->u.array.tags)
			ov_buf_puts(b, " :tagged");
		for (uint32_t r = 0; r < rows; r++) {
			ov_buf_puts(b, " (");
			for (uint32_t c = 0; c < cols; c++) {
				if (c)
					ov_buf_putc(b, ' ');
				list_out(b, n->u.array.cells[(size_t)r * cols + c], depth);
			}
			ov_buf_putc(b, ')');
		}
		break;
	}
	case OV_MN_SPACE:
		ov_buf_printf(b, "space %d%s%s%s", n->u.space.mu, n->u.space.em_based ? " :em" : "",
		              n->u.space.word ? " :word" : "", n->u.space.nonscript ? " :nonscript" : "");
		break;
	case OV_MN_STYLE:
		ov_buf_printf(b, "style %s", n->u.style.style <= OV_MSTYLE_SSC ? styles[n->u.style.style] : "?");
		break;
	case OV_MN_TEXT:
		ov_buf_printf(b, "text %s ", n->u.text.face <= OV_MTEXT_TT ? faces[n->u.text.face] : "?");
		str_out(b, n->u.text.text ? n->u.text.text : "");
		break;
	case OV_MN_REF:
		ov_buf_puts(b, n->u.ref.paren ? "eqref " : "ref ");
		str_out(b, n->u.ref.label ? n->u.ref.label : "");
		break;
	case OV_MN_PHANTOM:
		ov_buf_printf(b, "phantom%s%s ", n->u.phantom.width ? " :w" : "", n->u.phantom.height ? " :h" : "");
		list_out(b, n->u.phantom.body, depth);
		break;
	case OV_MN_BREAK:
		ov_buf_puts(b, "break");
		break;
	case OV_MN_SMASH:
		ov_buf_printf(b, "smash%s%s ", n->u.smash.top ? " :t" : "", n->u.smash.bottom ? " :b" : "");
		list_out(b, n->u.smash.body, depth);
		break;
	case OV_MN_BOXED:
		ov_buf_puts(b, "boxed ");
		list_out(b, n->u.boxed.body, depth);
		break;
	}
	if (n->kind != OV_MN_ATOM) {
		ov_mclass def = n->kind == OV_MN_FRAC || n->kind == OV_MN_FENCED ? OV_MCLASS_INNER : OV_MCLASS_ORD;
		if (n->cls != def && n->cls < OV_MCLASS__COUNT)
			ov_buf_printf(b, " :class %s", classes[n->cls]);
	}
	if (n->primes)
		ov_buf_printf(b, " :primes %d", n->primes);
	if (n->sup)
		field(b, "sup", n->sup, depth);
	if (n->sub)
		field(b, "sub", n->sub, depth);
	ov_buf_putc(b, ')');
}

static void list_out(ov_buf *b, const ov_mnode *n, int depth)
{
	if (!n) {
		ov_buf_puts(b, "()");
		return;
	}
	if (depth > 4 * OV_MATH_MAX_DEPTH) { /* a list not made by the parser */
		ov_buf_puts(b, "(...)");
		return;
	}
	ov_buf_putc(b, '(');
	for (bool first = true; n; n = n->next, first = false) {
		if (!first)
			ov_buf_putc(b, ' ');
		node_out(b, n, depth + 1);
	}
	ov_buf_putc(b, ')');
}

void ov_math_dump(ov_buf *out, const ov_math *m)
{
	list_out(out, m->list, 0);
	if (m->row_count) {
		ov_buf_puts(out, " (rows");
		for (size_t i = 0; i < m->row_count; i++) {
			const ov_mrow_tag *r = &m->rows[i];
			ov_buf_puts(out, " (row");
			if (r->numbered)
				ov_buf_puts(out, " :numbered");
			if (r->tag) {
				ov_buf_puts(out, r->tag_star ? " :tag* " : " :tag ");
				str_out(out, r->tag);
			}
			if (r->label) {
				ov_buf_puts(out, " :label ");
				str_out(out, r->label);
			}
			ov_buf_putc(out, ')');
		}
		ov_buf_putc(out, ')');
	}
}
