#!/usr/bin/env bash
# Formulas everywhere text goes (tests/fixtures/mathplaces): in headings
# (a chapter's h1, h2, h3), a figure caption, table cells (a header cell
# too), a footnote, a list item, a link's text, a definition term and a
# block quote. In the PDF's body each is typeset at its context's size;
# on the contents page and in the running heads the heading's formula is
# typeset too and copies as its Unicode reading (ov_math_plain); the PDF
# outline, the document title and the EPUB's nav.xhtml, toc.ncx and
# <title> carry that Unicode reading, never TeX; heading ids are GitHub's
# (made from the TeX, without its backslashes and dollars).
. "$(dirname "$0")/lib.sh"
export SOURCE_DATE_EPOCH=$TEST_EPOCH
need pdftotext pdffonts qpdf mutool unzip perl
FX=${OV_FIXTURES:?}/mathplaces
"$OCTAVO" build "$FX" -o "$TMP/out" 2>"$TMP/build.err" || { cat "$TMP/build.err" >&2; fail "octavo build failed"; }
[ ! -s "$TMP/build.err" ] || { cat "$TMP/build.err" >&2; fail "the fixture book has diagnostics"; }
PDF=$TMP/out/formulas-everywhere-and.pdf EPUB=$TMP/out/formulas-everywhere-and.epub
pdf_clean "$PDF"
epubcheck_clean "$EPUB"
MATHFONT=TeXGyrePagellaMath-Regular

# --- the contents page (iii): the formulas typeset in the math font
# (mutool reads the glyphs: the subscript is a math italic i), copied as
# Unicode (pdftotext reads /ActualText: the subscript is ᵢ), no TeX
pdftotext -layout "$PDF" "$TMP/layout.txt"
page=$(awk -v RS='\f' '/^[[:space:]]*Contents/ {print NR; exit}' "$TMP/layout.txt")
[ -n "$page" ] || fail "no contents page"
pdftotext -f "$page" -l "$page" "$PDF" "$TMP/toc.txt"
# (chapter 3 is titled by its front matter: that title, not its h1's formula)
for s in '1 The softmax 𝜎(𝑧)ᵢ' 'Its gradient 𝜕𝜎ᵢ/𝜕𝑧ⱼ' 'Softmax 𝜎' '2 Where formulas go' \
         '3 Attention, titled in front matter'; do
  grep -qF -- "$s" "$TMP/toc.txt" || { cat "$TMP/toc.txt" >&2; fail "the contents page does not read: $s"; }
done
! grep -qF -e '\' -e '$' "$TMP/toc.txt" || fail "the contents page shows TeX"
pdffonts -f "$page" -l "$page" "$PDF" | grep -q "$MATHFONT" || fail "the contents page has no math font"
mutool draw -q -F txt -o "$TMP/toc-glyphs.txt" "$PDF" "$page" 2>/dev/null
grep -qF '𝜎(𝑧)𝑖' "$TMP/toc-glyphs.txt" || fail "the contents entry's formula is not typeset"
echo "ok: the contents page sets the headings' formulas and copies them as Unicode"

# --- the running head of chapter 1's second page: typeset, copied as Unicode
pdftotext -f $((page + 3)) -l $((page + 3)) "$PDF" "$TMP/p6.txt"
[ "$(head -1 "$TMP/p6.txt")" = 'The softmax 𝜎(𝑧)ᵢ' ] || { head -3 "$TMP/p6.txt" >&2; fail "the running head"; }
pdffonts -f $((page + 3)) -l $((page + 3)) "$PDF" | grep -q "$MATHFONT" ||
  fail "the running head's formula is not typeset (a page of words only has no math font)"
echo "ok: the running head sets the chapter title's formula"

# --- the body: a heading's formula at the heading's size (21 pt for the
# chapter title, 10.5 pt text), every context's formula typeset, copy and
# paste giving the TeX there, and the words after a formula in a caption
# to its right (a formula measured again in the caption face had width 0)
mutool draw -q -F stext -o "$TMP/p5.xml" "$PDF" $((page + 2)) 2>/dev/null
perl -0ne 'exit(/<font name="GentiumBookPlus-Bold" size="21">.*?<font name="TeXGyrePagellaMath-Regul" size="21">/s ? 0 : 1)' \
  "$TMP/p5.xml" || fail "the chapter title's formula is not at the title's size"
pdftotext "$PDF" "$TMP/all.txt"
for s in 'The softmax $\sigma(z)_i$' 'The loss $L(\theta)$ falls as $\eta$ shrinks' '$\hat{y}$' 'Symbol $\theta$' \
         'A note with $\binom{n}{k}$' 'list item with $\frac{a+b}{c}$' 'the rule $\nabla L$' \
         'A quote with $e^{i\pi} + 1 = 0$' 'Learning rate $\eta$'; do
  grep -qF -- "$s" "$TMP/all.txt" || fail "the PDF's body lacks (as copied): $s"
done
mutool draw -q -F txt -o "$TMP/glyphs.txt" "$PDF" 2>/dev/null
for s in '𝐿(𝜃)' '𝑦̂' '𝑎+𝑏' '∇𝐿' '𝑒𝑖𝜋' '𝜃𝑡+1'; do
  grep -qF -- "$s" "$TMP/glyphs.txt" || fail "the PDF's glyphs lack: $s"
done
# the note's binomial: mupdf reads its parts on lines of their own
perl -0ne 'exit(/A note with\n𝑛\n/ ? 0 : 1)' "$TMP/glyphs.txt" || fail "the note's formula is not typeset"
pdftotext -bbox "$PDF" "$TMP/bbox.html" 2>/dev/null # ("no word list" for a page of no words)
perl -ne '
  $f = $1 if /xMax="([\d.]+)".*>\$L\(\\theta\)\$</;
  if (/xMin="([\d.]+)".*>falls</) { exit(defined $f && $1 > $f ? 0 : 1) }
  END { exit 1 unless defined $f }' "$TMP/bbox.html" || fail "the caption's words overlap its formula"
echo "ok: formulas in headings, captions, cells, notes, lists, links, terms and quotes are typeset"

# --- the outline and the document title: Unicode, never TeX (qpdf and
# mupdf decode the UTF-16 titles, surrogate pairs included)
qpdf --json --json-key=outlines "$PDF" | perl -ne 'print "$1\n" if /"title": "(.*)"/' >"$TMP/outline.txt"
for s in '1. The softmax 𝜎(𝑧)ᵢ' 'Its gradient 𝜕𝜎ᵢ/𝜕𝑧ⱼ' 'The case 𝑖=𝑗 and √(𝑥+1)' 'Softmax 𝜎' '2. Where formulas go' \
         '3. Attention, titled in front matter'; do
  grep -qxF -- "$s" "$TMP/outline.txt" || { cat "$TMP/outline.txt" >&2; fail "the outline lacks: $s"; }
done
! grep -qF -e '\' -e '$' "$TMP/outline.txt" || fail "the outline has TeX"
mutool show "$PDF" outline >"$TMP/mutool-outline.txt"
grep -qF '"1. The softmax 𝜎(𝑧)ᵢ"' "$TMP/mutool-outline.txt" || fail "mupdf reads another outline title"
pdfinfo "$PDF" >"$TMP/info.txt"
grep -qx 'Title: *Formulas Everywhere, 𝔼 and ℝ' "$TMP/info.txt" || fail "the document title (a character above U+FFFF)"
echo "ok: the outline and the document title read as Unicode"

# --- the EPUB: MathML in the body (alttext the TeX), Unicode in the nav,
# toc.ncx and the chapter's <title>; ids without TeX
unzip -p "$EPUB" EPUB/nav.xhtml >"$TMP/nav.xhtml"
unzip -p "$EPUB" EPUB/toc.ncx >"$TMP/toc.ncx"
unzip -p "$EPUB" EPUB/01-softmax.xhtml >"$TMP/01.xhtml"
for f in nav.xhtml toc.ncx; do
  grep -qF '1. The softmax 𝜎(𝑧)ᵢ' "$TMP/$f" || fail "$f lacks the chapter title in Unicode"
  grep -qF 'Its gradient 𝜕𝜎ᵢ/𝜕𝑧ⱼ' "$TMP/$f" || fail "$f lacks the section title in Unicode"
  grep -qF '3. Attention, titled in front matter' "$TMP/$f" || fail "$f lacks the front matter's title"
  ! grep -qF -e '\' -e '$' -e '<math' "$TMP/$f" || fail "$f has TeX or MathML"
done
grep -qF '<title>The softmax 𝜎(𝑧)ᵢ</title>' "$TMP/01.xhtml" || fail "the chapter's <title>"
grep -qF 'alttext="\sigma(z)_i"' "$TMP/01.xhtml" || fail "the heading's MathML keeps its TeX in alttext"
grep -qF '<h2 id="softmax-sigma">Softmax <math' "$TMP/01.xhtml" || fail "the id of '## Softmax \$\\sigma\$'"
grep -qF 'href="#softmax-sigma"' "$TMP/01.xhtml" || fail "the link to it"
! grep -qE 'id="[^"]*[\\$]' "$TMP/01.xhtml" || fail "an id with a backslash or a dollar"
echo "ok: the EPUB's nav, toc.ncx and titles read as Unicode; ids have no TeX"
