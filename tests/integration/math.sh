#!/usr/bin/env bash
# Math in the Markdown (tests/fixtures/math; src/markdown/mathsyntax.c):
# inline $...$ (over a line break, $$...$$ in a sentence, $`...`$, code
# spans first, \$ a dollar), displays in quotes and list items, ```math,
# money dollars and a chapter with "math: false", math-macros:, numbered
# rows with labels and \eqref across chapters. Until the math layout and
# MathML land, both outputs show every formula as its TeX source (nothing
# lost: the whole source is in the PDF's text and the XHTML). A book with
# errors gives each one at its exact line:column.
. "$(dirname "$0")/lib.sh"
export SOURCE_DATE_EPOCH=$TEST_EPOCH
need pdftotext unzip perl
FX=${OV_FIXTURES:?}/math
"$OCTAVO" build "$FX" -o "$TMP/out" 2>"$TMP/build.err" || { cat "$TMP/build.err" >&2; fail "octavo build failed"; }
[ ! -s "$TMP/build.err" ] || { cat "$TMP/build.err" >&2; fail "the fixture book has diagnostics"; }
PDF=$TMP/out/formulas.pdf EPUB=$TMP/out/formulas.epub
pdf_clean "$PDF"
epubcheck_clean "$EPUB"

# --- the PDF: every formula's source, whitespace runs made one space (a
# line may wrap anywhere), its dollars around inline math
# (poppler's pdftotext puts a space between a formula that ends with a
# script or a radical and the punctuation after it: the ink ends short of
# the formula's width, by TeX's space after a script, more than its word
# gap; mutool does not)
pdftotext -layout "$PDF" - | perl -0pe 's/\s+/ /g; s/ ?\xE2\x86\x92 ?/ /g; s/\$ ([.,;:])/\$$1/g' >"$TMP/pdf.txt"
for s in '$\hat{y} = \sigma(w^\top x + b)$ keeps every backslash' '$a_1*b_2*c_3$ keeps its stars' \
         '$x_1 + x_2 + x_3$.' 'writes $\sum_{i=1}^n x_i$ inside' 'GitHub also $\sqrt{2}$' 'wins: $not math$' \
         '$w \in \R^d$ with norm $\norm{w}$; a dollar: $3.' 'See equation \eqref stays text, but $\eqref{eq:loss}$' \
         'L(\theta) = -\frac{1}{n} \sum_{i=1}^{n} y_i \log \hat{y}_i \label{eq:loss}' 'a = b - c' \
         'f(x) &= x^2 \label{eq:f} \\ g(x) &= 2x \tag{G} \end{align}' '\nabla_\theta L = X^\top (\hat{y} - y)' \
         'It costs $5, or $10 with tax; the average is $118,000 a year, and $x$ here is plain text.' \
         'this stays a code block'; do
  grep -qF -- "$s" "$TMP/pdf.txt" || fail "the PDF lacks: $s"
done
echo "ok: every formula copies from the PDF as its TeX source (/ActualText), money as text"
# ... and is typeset, not printed as its source: the math font is embedded,
# and the glyphs themselves (mutool reads glyphs, not /ActualText) are the
# math italic letters and operators, with the equation numbers at the margin
pdffonts "$PDF" | grep -q 'TeXGyrePagellaMath-Regular' || fail "the math font is not in the PDF"
mutool draw -F txt "$PDF" 2>/dev/null >"$TMP/glyphs.txt"
for s in '𝑦̂ = 𝜎(𝑤' '(2.1)' '(2.2)' '(G)' '∑'; do
  grep -qF -- "$s" "$TMP/glyphs.txt" || fail "the PDF's glyphs lack: $s"
done
! grep -qF '\hat{y}' "$TMP/glyphs.txt" || fail "a formula is drawn as its source"
echo "ok: the formulas are typeset in TeX Gyre Pagella Math, numbered at the margin"
# \eqref and \ref are links (in dollars and in running text, across
# chapters): an annotation over the number's glyphs only, to the page of
# the display and the top of its row (within a line above the number at
# the margin); \ref{sec:intro} names no equation and stays text
need qpdf mutool python3
python3 "${OV_SOURCE_DIR:?}/tests/tools/eqlinks.py" "$PDF" >"$TMP/links" || fail "eqlinks.py failed"
perl -ne '@f = split; exit 1 unless $f[3] ne "-" && $f[3] > -2 && $f[3] < 15 && $f[4] < 25' "$TMP/links" ||
  { cat "$TMP/links" >&2; fail "a reference's link is not over its number or does not go to its row"; }
cut -d' ' -f1-3 "$TMP/links" | tr '\n' ';' >"$TMP/links.short"
grep -qx '7 (2.1) 9;7 (2.2) 9;7 2.2 9;7 (2.1) 9;9 (2.2) 9;9 (2.1) 9;' "$TMP/links.short" ||
  { cat "$TMP/links" >&2; fail "the references' links differ"; }
grep -qF 'In running text \eqref{eq:f} and \ref{eq:f} refer to it too; \ref{sec:intro} stays text.' "$TMP/pdf.txt" ||
  fail "references in running text do not copy as written"
grep -qF 'In running text (2.2) and 2.2 refer to it too; \ref{sec:intro} stays text.' "$TMP/glyphs.txt" ||
  fail "references in running text are not their numbers"
echo "ok: \\eqref and \\ref are links to their equation's row, also in running text"

# --- the EPUB: each formula as MathML (src/epub/math.c, tested further by
# mathml.sh) with its TeX as written in alttext, escaped once; a numbered
# display with its id; the chapter without math as before
unzip -p "$EPUB" EPUB/01-inline.xhtml >"$TMP/01.xhtml"
unzip -p "$EPUB" EPUB/02-displays.xhtml >"$TMP/02.xhtml"
unzip -p "$EPUB" EPUB/03-money.xhtml >"$TMP/03.xhtml"
M='<math xmlns="http://www.w3.org/1998/Math/MathML"'
grep -qF "$M display=\"inline\" alttext=\"\hat{y} = \sigma(w^\top x + b)\">" "$TMP/01.xhtml" || fail "inline math in the XHTML"
grep -qF "$M display=\"inline\" alttext=\"x_1 + x_2 +&#10;x_3\">" "$TMP/01.xhtml" ||
  fail "inline math over a line break in the XHTML"
grep -qF "$M display=\"inline\" alttext=\"\sqrt{2}\"><msqrt><mn>2</mn></msqrt></math>" "$TMP/01.xhtml" ||
  fail "\$\`...\`\$ in the XHTML"
grep -qF '<code>$not math$</code>' "$TMP/01.xhtml" || fail "a code span in the XHTML"
grep -qF 'a dollar: $3.' "$TMP/01.xhtml" || fail "an escaped dollar in the XHTML"
grep -qF "<div class=\"equation\" id=\"eq-2-1\">$M display=\"block\" alttext=\"L(\theta) = -\frac{1}{n}" "$TMP/02.xhtml" ||
  fail "a numbered display in the XHTML"
grep -qF '<blockquote>' "$TMP/02.xhtml" || fail "the quote in the XHTML"
perl -0ne 'exit(/<blockquote>.*alttext="a = b&#10;- c">.*<\/blockquote>/s ? 0 : 1)' "$TMP/02.xhtml" ||
  fail "the display in the quote (its '- c' line is TeX) in the XHTML"
perl -0ne 'exit(/<li>.*<mtr id="eq-2-2">.*\(G\).*<\/li>/s ? 0 : 1)' "$TMP/02.xhtml" ||
  fail "the align in the list item in the XHTML"
grep -qF 'It costs $5, or $10 with tax; the average is $118,000 a year, and $x$ here' "$TMP/03.xhtml" ||
  fail "money in the XHTML"
grep -qF '<pre><code class="language-math">this stays a code block</code></pre>' "$TMP/03.xhtml" ||
  fail "\`\`\`math with math: false in the XHTML"
# a formula that is only a reference is an XHTML link to the equation's
# id (which exists: epubcheck above checks every fragment), in dollars or
# in running text; the chapter with them all has MathML still
grep -qF 'but <a class="eqref" href="02-displays.xhtml#eq-2-1">(2.1)</a> refers' "$TMP/01.xhtml" &&
  grep -qF 'In running text <a class="eqref" href="02-displays.xhtml#eq-2-2">(2.2)</a> and <a class="eqref" href="02-displays.xhtml#eq-2-2">2.2</a> refer to it too; \ref{sec:intro} stays text.' "$TMP/01.xhtml" &&
  grep -qF 'By <a class="eqref" href="02-displays.xhtml#eq-2-2">(2.2)</a> and <a class="eqref" href="02-displays.xhtml#eq-2-1">(2.1)</a>.' "$TMP/02.xhtml" ||
  fail "references are not links in the XHTML"
grep -qF '<a href="02-displays.xhtml">around <span class="eqref">(2.1)</span></a> stays one link.' "$TMP/01.xhtml" ||
  fail "a reference inside a link is not its number alone"
echo "ok: the EPUB writes formulas as MathML, references as links"

# --- errors: every one at its line:column, the build going on
mkdir -p "$TMP/err/chapters"
cat >"$TMP/err/book.yaml" <<'EOF'
title: Errors
math: maybe
math-macros:
  "\\ok": "x^{#2}"
  "\\bad": "{x"
  list: [a]
chapters:
  - chapters/01.md
  - chapters/02.md
EOF
printf '# One\n\nThe sigmoid $\\sigmoid(x)$ is\n> $$\n> x \\label{dup}\n> $$\n\n$$\n\\frac{a}{b\n$$\n\n- item\n\n  $$\n  never closed\n' \
  >"$TMP/err/chapters/01.md"
printf '# Two\n\n$$ y \\label{dup} $$\n\nSee $\\eqref{nope}$ and $\\ok{a}{b}$ and $\\bad$.\nAnd \\eqref{gone} in text; \\ref{sec:x} stays text.\n' >"$TMP/err/chapters/02.md"
set +e
"$OCTAVO" build "$TMP/err" -o "$TMP/err/out" 2>"$TMP/err.txt"
rc=$?
set -e
[ "$rc" = 1 ] || { cat "$TMP/err.txt" >&2; fail "the book with errors exited with $rc, not 1"; }
cat >"$TMP/expected" <<'EOF'
book.yaml:2:7: error: 'math' must be true or false
book.yaml:5:3: error: math macro '\bad' cannot be defined: unbalanced braces in the body
book.yaml:6:9: error: 'math-macros.list' must be a string, not a list
chapters/01.md:3:14: error: unknown math command '\sigmoid'
chapters/01.md:9:9: error: missing '}'
chapters/01.md:14:3: error: display math opened with '$$' is never closed
chapters/02.md:5:41: error: unknown math command '\bad'
chapters/02.md:3:6: error: equation label 'dup' is already used at chapters/01.md:5:5
chapters/02.md:5:6: error: unknown equation label 'nope'
chapters/02.md:6:5: error: unknown equation label 'gone'
EOF
diff "$TMP/expected" "$TMP/err.txt" >&2 || fail "the diagnostics differ"
echo "ok: $(wc -l <"$TMP/expected") errors, each at its line and column"

# --- after mdBook's {{#include}}, a formula's position is in the file it
# comes from
mkdir -p "$TMP/md/src"
printf '[book]\ntitle = "Inc"\n' >"$TMP/md/book.toml"
printf '# Summary\n\n- [One](one.md)\n' >"$TMP/md/src/SUMMARY.md"
printf '# One\n\nBefore.\n\n{{#include part.md}}\n\nAfter $\\badtwo$.\n' >"$TMP/md/src/one.md"
printf 'Included text\n\n$$\na +\n  \\badone\n$$\n' >"$TMP/md/src/part.md"
set +e
"$OCTAVO" build "$TMP/md" -o "$TMP/md/out" 2>"$TMP/md.txt"
set -e
grep -v ': note: ' "$TMP/md.txt" >"$TMP/md.err" || true
printf '%s\n' "src/part.md:5:3: error: unknown math command '\\badone'" \
  "src/one.md:7:8: error: unknown math command '\\badtwo'" >"$TMP/expected"
diff "$TMP/expected" "$TMP/md.err" >&2 || fail "positions after an include differ"
echo "ok: positions of formulas from an included file"

# --- on the page: a display wider than the text block is a warning at the
# display; a long inline formula breaks after a relation or a binary
# operator, never inside a group; the text after a display goes on
mkdir -p "$TMP/wide/chapters"
printf 'title: Wide\nchapters:\n  - chapters/01.md\n' >"$TMP/wide/book.yaml"
{
  printf '# Wide\n\nA long sum in the text: $a_1 + a_2 + a_3 + a_4 + a_5 + a_6 + a_7 + a_8 + a_9 + a_{10} + a_{11} + a_{12} + a_{13} + a_{14} = {b_1 + b_2 + b_3}$ ends here, and more words follow it to fill the line.\n\n'
  printf '$$\nx = a_1 + a_2 + a_3 + a_4 + a_5 + a_6 + a_7 + a_8 + a_9 + a_{10} + a_{11} + a_{12} + a_{13} + a_{14} + a_{15} + a_{16} + a_{17}\n$$\n\nwhere the sum goes on.\n'
} >"$TMP/wide/chapters/01.md"
"$OCTAVO" build "$TMP/wide" -o "$TMP/wide/out" 2>"$TMP/wide.err" || { cat "$TMP/wide.err" >&2; fail "the wide book failed"; }
grep -Eq '^chapters/01\.md:5:1: warning: display formula is [0-9.]+ pt wider than the text block \([0-9.]+ pt\); it is broken after its operators; break it into rows \(aligned, split\) or shorten it$' "$TMP/wide.err" ||
  { cat "$TMP/wide.err" >&2; fail "no warning for the wide display"; }
pdftotext "$TMP/wide/out/wide.pdf" - >"$TMP/wide.txt"
# the inline formula is cut in two spans at a + (or the =), each line a part
# of the source; the braced group stays whole
grep -q '^A long sum in the text: \$a_1 + ' "$TMP/wide.txt" || fail "the long formula does not start on its line"
grep -qF '{b_1 + b_2 + b_3}$ ends here' "$TMP/wide.txt" || fail "the braced group was split"
[ "$(grep -c 'a_' "$TMP/wide.txt")" -ge 3 ] || fail "the long formula did not break across lines"
grep -q '^where the sum goes on\.' "$TMP/wide.txt" || fail "the text after the display"
# nothing beyond the text block: the display is set on two lines, the
# second flush right, every glyph within the right margin of the text
pw=$(pdfinfo "$TMP/wide/out/wide.pdf" | awk '/^Page size/ {print $3}')
pdftotext -bbox -f 5 -l 5 "$TMP/wide/out/wide.pdf" - |
  awk -v pw="$pw" -F'"' '/<word/ { if ($6 + 0 > max) max = $6 + 0 } END { if (max > pw - 40) exit 1 }' ||
  fail "a glyph of the wide display is drawn outside the text block"
echo "ok: a wide display is a warning at its line; a long inline formula breaks after its operators"
