#!/usr/bin/env bash
# Formulas in the EPUB (tests/fixtures/mathml): every formula that parses is
# one <math> element (display="block" for the displays) with its TeX source
# as alttext, the content documents with MathML and only those carry the
# manifest's "mathml" property, the stylesheet gets the rules for displays
# only in a book with formulas, hostile text inside a formula arrives
# escaped and never as markup, the documents are well-formed XML, and
# EPUBCheck finds nothing.
. "$(dirname "$0")/lib.sh"
export SOURCE_DATE_EPOCH=$TEST_EPOCH
need unzip xmllint perl
FX=${OV_FIXTURES:?}/mathml
"$OCTAVO" build "$FX" -o "$TMP/out" 2>"$TMP/build.err" || { cat "$TMP/build.err" >&2; fail "octavo build failed"; }
EPUB=$TMP/out/mathml.epub
epubcheck_clean "$EPUB"
mkdir -p "$TMP/x"
unzip -q "$EPUB" -d "$TMP/x"
E=$TMP/x/EPUB
for f in "$E"/*.xhtml; do xmllint --noout "$f" || fail "$(basename "$f") is not well-formed"; done

# one <math> per formula of the sources that parsed, displays as blocks
count() { local n; n=$(grep -o "$1" "$2" | wc -l); echo "$n"; }
src_inline=$(perl -0ne 's/\$\$.*?\$\$//gs; s/```math.*?```//gs; $n++ while /(?<![\\\$])\$(?!\$)[^\$]+\$/g; print $n + 0' "$FX/chapters/01-formulas.md")
ok_inline=$(count '<math [^>]*display="inline"' "$E/01-formulas.xhtml")
src_tex=$(count '<code class="tex">' "$E/01-formulas.xhtml")
[ $((ok_inline + src_tex)) = "$src_inline" ] ||
  fail "chapter 1: $ok_inline formulas as MathML and $src_tex as source, the chapter has $src_inline"
[ "$ok_inline" -ge $((src_inline * 9 / 10)) ] || fail "chapter 1: only $ok_inline of $src_inline formulas as MathML"
blocks=$(count '<math [^>]*display="block"' "$E/02-displays.xhtml")
pre_tex=$(count '<pre class="tex"' "$E/02-displays.xhtml")
[ $((blocks + pre_tex)) = 11 ] || fail "chapter 2: $blocks displays as MathML, $pre_tex as source, not 11"
echo "ok: $ok_inline inline formulas and $blocks displays as MathML ($src_tex and $pre_tex as source)"
grep -q 'alttext="\\hat{y}=\\sigma(w^\\top x+b)"' "$E/01-formulas.xhtml" || fail "no alttext with the TeX source"

# the manifest property, on the documents with MathML only (EPUB 3.3 §5.6.2.4)
opf=$E/package.opf
grep -q '<item id="chapter-1" href="01-formulas.xhtml" media-type="application/xhtml+xml" properties="mathml"/>' "$opf" &&
  grep -q '<item id="chapter-2" href="02-displays.xhtml" media-type="application/xhtml+xml" properties="mathml"/>' "$opf" &&
  grep -q '<item id="chapter-3" href="03-prose.xhtml" media-type="application/xhtml+xml"/>' "$opf" ||
  fail "manifest properties: $(grep chapter- "$opf")"
grep -q '<math' "$E/03-prose.xhtml" && fail "a chapter without math has MathML"
grep -q 'math\[display="block"\]' "$E/css/book.css" || fail "no stylesheet rule for displays"

# hostile text: escaped inside the formula, no element from it
if grep -q '<script' "$E/01-formulas.xhtml"; then fail "a <script> element came out of a formula"; fi
grep -q 'alttext="\\text{&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt; &amp; &#39;q&#39;}"' "$E/01-formulas.xhtml" ||
  fail "the hostile formula's alttext is not escaped as expected"
echo "ok: manifest properties, stylesheet, escaping"

# the math font: a subset of TeX Gyre Pagella Math (the PDF's) with its
# MATH table and the radical msqrt draws, named first for math elements;
# the formulas' letters (U+1D465 ...) bring no text fallback font
mf=$(grep -o 'href="fonts/[^"]*math[^"]*"' "$opf" | head -1 | sed 's/href="//; s/"$//')
[ -n "$mf" ] || fail "no math font in the manifest: $(grep fonts/ "$opf")"
perl -e 'open F, "<:raw", $ARGV[0] or die; local $/; $_ = <F>; my $n = unpack "n", substr $_, 4, 2;
  my %t = map { substr($_, 12 + 16 * $_[0], 4) => 1 } (); for my $i (0 .. $n - 1) { $t{substr $_, 12 + 16 * $i, 4} = 1 }
  exit($t{MATH} && $t{cmap} ? 0 : 1)' "$E/$mf" || fail "$mf has no MATH table"
need hb-shape
g=$(hb-shape --no-glyph-names --no-positions --no-clusters "$E/$mf" $'\u221A\U0001D465')
case "$g" in *"[0|"*|*"|0]"*) fail "$mf lacks the radical or x: $g" ;; esac
grep -q 'math {' "$E/css/book.css" && grep -q 'font-family: "TeX Gyre Pagella Math", math, serif;' "$E/css/book.css" ||
  fail "the stylesheet does not name the math font for math elements"
if grep -q 'fonts/DejaVuSans.ttf\|fonts/Symbola' "$opf"; then fail "a text fallback font embedded for the formulas"; fi
echo "ok: math font $mf ($(wc -c <"$E/$mf") bytes) with its MATH table, named for math elements"

# equation numbers: one numbered row in a grid with its anchor, align rows
# numbered one by one in the formula's table, \eqref and \ref their numbers
d2=$E/02-displays.xhtml
grep -q '<div class="equation" id="eq-2-1"><math [^>]*display="block"' "$d2" &&
  grep -q '</math><span class="eqno">(2.1)</span></div>' "$d2" &&
  grep -q '<span class="eqno">(B)</span>' "$d2" || fail "numbered displays: $(grep -o '<div class="equation"[^>]*>' "$d2")"
grep -q '<mtr id="eq-2-3"><mtd class="ov-eqpad"></mtd>' "$d2" &&
  grep -q '<mtd class="ov-eqgap"></mtd><mtd class="ov-eqno"><mtext>(2.4)</mtext></mtd>' "$d2" ||
  fail "align rows are not numbered one by one"
grep -q 'by <a class="eqref" href="02-displays.xhtml#eq-2-2">(2.2)</a>:' "$d2" &&
  grep -q 'see <a class="eqref" href="02-displays.xhtml#eq-2-1">(2.1)</a> and <a class="eqref" href="02-displays.xhtml#eq-2-3">2.3</a>:' "$d2" ||
  fail "\\eqref or \\ref is no link to its equation: $(grep -o '<a class="eqref"[^>]*>[^<]*</a>' "$d2")"
# the stylesheet sets an align's numbers at the right margin: its table as
# wide as the text, the outer columns half of it each
grep -q 'mtable.ov-eqn {' "$E/css/book.css" && grep -q 'width: 50%;' "$E/css/book.css" ||
  fail "no rules for the numbers of align rows"
echo "ok: equation numbers, anchors and references"
