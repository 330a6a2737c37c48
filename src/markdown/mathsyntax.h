/*
 * mathsyntax.h - math in a chapter's Markdown, recognised as GitHub
 * renders it (GitHub Docs, "Writing mathematical expressions"), by a
 * cmark-gfm syntax extension made for one parser (no state is shared
 * between chapters or threads):
 *
 *   inline   $...$    not when the opening '$' is followed by white space,
 *                     nor when the first unescaped '$' after it is preceded
 *                     by white space or followed by a digit ("$5 and $10"
 *                     stays money); "\$" inside does not close; no closing
 *                     dollar in the paragraph: a literal '$'. May span soft
 *                     line breaks. A code span that starts first wins.
 *            $$...$$  inside a sentence: inline math (GitBook, MathJax).
 *            $`...`$  GitHub's other inline form: the TeX between the
 *                     backtick runs, as in a code span.
 *   display  $$       on a line of its own (indented less than 4), the
 *            ...      formula on the lines after it, up to a line that
 *            $$       ends with "$$"; "$$ x $$" on one line; content may
 *                     follow the opening "$$" and precede the closing one.
 *                     The lines between are not Markdown (a "- ", "# ",
 *                     "> " or "---" line is TeX), and a display works in
 *                     block quotes and list items (their prefixes are not
 *                     part of the formula). A paragraph whose only content
 *                     is one $$...$$ is a display too.
 *            ```math  a fenced code block whose info string is "math" (or
 *                     ~~~math).
 *
 * The formula's text is taken from the raw subject, before Markdown's
 * inline rules: backslashes, '*', '_' and "\\" stay as written. Each
 * formula becomes an OV_NODE_MATH or OV_NODE_MATH_BLOCK whose source maps
 * back, byte by byte, to its line and column in the file, and is parsed
 * at once (math/math.h) with the chapter's macros on top of the book's;
 * every message of the parse is reported at its line:column.
 *
 * Limits: a display never closed runs to the end of its container (as a
 * fence does) and is an error at its opening, shown as source.
 */
#ifndef OV_MATHSYNTAX_H
#define OV_MATHSYNTAX_H

#include <cmark-gfm.h>

#include "internal.h"

typedef struct ov_md_math ov_md_math;

/* Attaches math recognition to parser (before anything is fed) for the
 * conversion c; the book's macros (doc->meta.math_macros) lie under the
 * chapter's. Returns the state that ov_md_math_node needs; free it with
 * ov_md_math_free after cmark_parser_free and after the conversion. */
ov_md_math *ov_md_math_attach(ov_md_conv *c, cmark_parser *parser);
void ov_md_math_free(ov_md_math *m);

/* The MATH or MATH_BLOCK node for cmark node n (a formula the extension
 * made, a ```math block, a paragraph that is one $$...$$), parsed and with
 * its messages reported; NULL when n is not math (or m is NULL). pos is
 * n's position. The node lives in c->doc's arena. */
ov_node *ov_md_math_node(ov_md_math *m, cmark_node *n, ov_pos pos);

#endif
