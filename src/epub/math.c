/*
 * math.c - formulas in the EPUB: each MATH and MATH_BLOCK node as
 * Presentation MathML (math/mathml.c), which EPUB 3.3 §6.1.3.3 allows in
 * XHTML content documents ("MathML"), the manifest items that hold it
 * marked with the "mathml" property (EPUB 3.3 §5.6.2.4, manifest item
 * properties; EPUBCheck reports both a missing and a needless one), and
 * the stylesheet's rules for displays and numbered equations.
 *
 * A formula that did not parse (its errors reported by the markdown
 * stage) is left to xhtml.c, which writes its source.
 */
#include <string.h>

#include "internal.h"
#include "math/math.h"

static bool math_node(const ov_node *n)
{
	return (n->type == OV_NODE_MATH || n->type == OV_NODE_MATH_BLOCK) && n->as.math.math &&
	       n->as.math.math->ok;
}

/* \eqref and \ref: the number of the labelled equation, anywhere in
 * the book (ov_doc_equation), or NULL for "??". */
static const char *ref_number(void *ctx, const char *label)
{
	const ov_equation *eq = ov_doc_equation(ctx, label);
	return eq ? eq->number : NULL;
}

/* A formula that is only a reference to a known equation ($\eqref{l}$,
 * and \eqref{l} in running text): its equation, else NULL. */
static const ov_equation *only_ref(const ov_doc *doc, const ov_math *m)
{
	const ov_mnode *l = m->list;
	if (m->display || !l || l->next || l->kind != OV_MN_REF || l->sup || l->sub || l->primes || !l->u.ref.label)
		return NULL;
	const ov_equation *e = ov_doc_equation(doc, l->u.ref.label);
	return e && e->id && e->chapter && e->chapter->as.chapter.file ? e : NULL;
}

bool ov_epub_math(ov_buf *b, const ov_doc *doc, const ov_node *n, bool in_link)
{
	if (!math_node(n))
		return false;
	const ov_math *m = n->as.math.math;
	bool block = n->type == OV_NODE_MATH_BLOCK;
	const ov_equation *e = block ? NULL : only_ref(doc, m);
	if (e) {
		/* MathML Core has no links (MathML 3's href on any element is
		 * gone, and Chromium ignores it), so a formula that is only a
		 * reference is an XHTML link with the number as text, which every
		 * reading system follows; the number is set in the text face, as
		 * the PDF sets it (\text-like, math/mathml.c writes an mtext) */
		if (in_link) {
			/* links cannot nest: the number alone */
			ov_buf_puts(b, "<span class=\"eqref\">");
		} else {
			ov_buf_puts(b, "<a class=\"eqref\" href=\"");
			ov_epub_href(b, e->chapter->as.chapter.file);
			ov_buf_putc(b, '#');
			ov_epub_href(b, e->id);
			ov_buf_puts(b, "\">");
		}
		ov_buf_puts(b, m->list->u.ref.paren ? "(" : "");
		ov_epub_esc(b, e->number);
		ov_buf_puts(b, m->list->u.ref.paren ? ")" : "");
		ov_buf_puts(b, in_link ? "</span>" : "</a>");
		return true;
	}
	const char *const *nums = block ? n->as.math.numbers : NULL, *const *ids = block ? n->as.math.ids : NULL;
	if (block && m->row_count == 1 && ((nums && nums[0]) || (ids && ids[0]))) {
		/* one numbered row: the number outside the formula, in a grid
		 * that centres the formula and puts the number at the right
		 * margin (Chromium lays out math children at their own width,
		 * ignoring a width of 100% on an mtable); its id the target of
		 * \eqref */
		ov_buf_puts(b, "<div class=\"equation\"");
		if (ids && ids[0]) {
			ov_buf_puts(b, " id=\"");
			ov_epub_esc(b, ids[0]);
			ov_buf_putc(b, '"');
		}
		ov_buf_puts(b, ">");
		ov_math_mathml(b, m, ref_number, (void *)doc, NULL, NULL);
		if (nums && nums[0]) {
			ov_buf_puts(b, "<span class=\"eqno\">(");
			ov_epub_esc(b, nums[0]);
			ov_buf_puts(b, ")</span>");
		}
		ov_buf_puts(b, "</div>\n");
		return true;
	}
	ov_math_mathml(b, m, ref_number, (void *)doc, nums, ids);
	if (block)
		ov_buf_putc(b, '\n');
	return true;
}

bool ov_epub_has_math(const ov_doc *doc, const ov_node *root)
{
	if (!root)
		return false;
	ov_iter it = ov_iter_start(root);
	ov_node *n;
	bool ent;
	while ((n = ov_iter_next(&it, &ent)))
		if (ent && math_node(n) && (n->type == OV_NODE_MATH_BLOCK || !only_ref(doc, n->as.math.math)))
			return true;
	return false;
}

void ov_epub_math_css(ov_buf *b, const char *family)
{
	/* the embedded math font first, then the reader's own math font
	 * (CSS Fonts 4's generic family "math", which MathML Core's user
	 * agent sheet gives math elements), then serif, a generic family
	 * every checker knows (stylelint, in Calibre's Check Book, reports
	 * a list that ends in "math" as lacking one) */
	if (family)
		ov_buf_printf(b, "\nmath {\n  font-family: \"%s\", math, serif;\n}\n", family);
	/* MathML Core §3.1: a block formula is display: block math, centred
	 * by default; the margins are the display's space above and below.
	 * A display of one numbered row is a grid of three columns, the
	 * outer two as wide as each other, the formula centred, the number
	 * at the right margin (a reader without grids puts it under the
	 * formula). Rows numbered one by one (align, gather) have their
	 * numbers in a last column of the formula's table, as Temml sets
	 * numbered rows in MathML Core (mlabeledtr is not in it): the table
	 * as wide as the text column, its first column and the one before the
	 * numbers (both empty, mathml.c) half of it each, so that the columns
	 * between keep their own width, in the middle, and the numbers' column
	 * is only as wide as they are, at the right margin (measured in
	 * Chromium: 0 px from it; a number's cell cannot align its content,
	 * which Chromium lays out from the cell's left as an mrow, and EPUB's
	 * MathML schema has no dir on mtd). Chromium ignores MathML 3's
	 * columnalign (MathML Core has none) but aligns the other table
	 * cells' content by text-align, which Firefox and WebKit honour too. */
	ov_buf_puts(b, "\n/* formulas (MathML) */\n"
	               "math[display=\"block\"] {\n  margin: 0.6em 0;\n}\n"
	               "div.equation {\n  display: grid;\n  grid-template-columns: 1fr auto 1fr;\n"
	               "  align-items: center;\n}\n"
	               "div.equation > math, div.equation > pre {\n  grid-column: 2;\n}\n"
	               "div.equation > .eqno {\n  grid-column: 3;\n  justify-self: end;\n}\n"
	               "mtable.ov-eqn {\n  width: 100%;\n}\n"
	               /* the less specific rule first (stylelint's
	                * no-descending-specificity, which Calibre's Check Book runs) */
	               "mtd.ov-eqpad {\n  padding: 0;\n}\n"
	               "mtable.ov-eqn > mtr > mtd.ov-eqpad, mtable.ov-eqn > mtr > mtd.ov-eqgap {\n  width: 50%;\n}\n"
	               "mtable.ov-eqn > mtr > mtd.ov-eqgap {\n  padding: 0 0 0 1em;\n}\n"
	               "mtable.ov-eqn > mtr > mtd.ov-eqno {\n  padding: 0;\n  text-align: right;\n  white-space: nowrap;\n}\n"
	               "mtd.ov-l {\n  text-align: left;\n}\n"
	               "mtd.ov-r {\n  text-align: right;\n}\n"
	               /* aligned: no gap inside a right-left pair, 1 em between pairs
	                * (amsmath sets the pairs' columns flush) */
	               "mtable.ov-align > mtr > mtd {\n  padding-left: 0;\n  padding-right: 0;\n}\n"
	               "mtable.ov-align > mtr > mtd.ov-r ~ mtd.ov-r {\n  padding-left: 1em;\n}\n"
	               "mtable.ov-align > mtr > mtd.ov-eqpad ~ mtd.ov-r {\n  padding-left: 0;\n}\n"
	               "mtd.ov-vl {\n  border-left: 0.06em solid;\n}\n"
	               "mtd.ov-vr {\n  border-right: 0.06em solid;\n}\n"
	               "mtd.ov-hl {\n  border-top: 0.06em solid;\n}\n"
	               "mtd.ov-hb {\n  border-bottom: 0.06em solid;\n}\n"
	               "mrow.ov-boxed {\n  border: 0.04em solid;\n  padding: 0.3em;\n}\n"
	               "mtext[mathvariant=\"bold\"], mtext[mathvariant=\"bold-italic\"] {\n  font-weight: bold;\n}\n"
	               "mtext[mathvariant=\"italic\"], mtext[mathvariant=\"bold-italic\"] {\n  font-style: italic;\n}\n"
	               "mtext[mathvariant=\"monospace\"] {\n  font-family: monospace;\n}\n");
}
