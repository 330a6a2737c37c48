#!/usr/bin/env bash
# Formulas as real Markdown books write them (tests/fixtures/mathbooks: a
# folder with SUMMARY.md and no book.yaml, excerpts written for this test
# in the manner of GitBook, mdBook and MathJax course notes): MathJax's and
# KaTeX's names beyond LaTeX (\lt \gt \space \centerdot \varpropto \R \N
# \Z \reals \isin \sube), Markdown's escaped asterisk x^{\*}, \boxed with
# its frame, \smash, \cfrac[l], glue with plus/minus, \text with macros,
# \textbf/\emph and $...$ inside it (also in inline math: a dollar inside
# braces is the formula's). Then a copy with mistakes gives each message
# at its line:column.
. "$(dirname "$0")/lib.sh"
export SOURCE_DATE_EPOCH=$TEST_EPOCH
need pdftotext mutool qpdf unzip perl
FX=${OV_FIXTURES:?}/mathbooks
"$OCTAVO" build "$FX" -o "$TMP/out" 2>"$TMP/build.err" || { cat "$TMP/build.err" >&2; fail "octavo build failed"; }
# the only message: the note about the missing book.yaml
grep -v "^book.yaml: note: no book.yaml" "$TMP/build.err" >"$TMP/other.err" || true
[ ! -s "$TMP/other.err" ] || { cat "$TMP/other.err" >&2; fail "the fixture book has diagnostics"; }
PDF=$TMP/out/mathbooks.pdf EPUB=$TMP/out/mathbooks.epub
pdf_clean "$PDF"
epubcheck_clean "$EPUB"

# --- the PDF's glyphs (mutool reads glyphs, not /ActualText): every name
# set as its character, nothing left as source, the glue's "plus 1fil"
# read as glue and not set as letters
mutool draw -F txt "$PDF" 2>/dev/null >"$TMP/glyphs.txt"
for s in '0 < 𝛾 < 1' '𝔼𝜋[⋅]' '𝑝(𝜃 ∣ 𝑥) ∝ 𝑝(𝑥 ∣ 𝜃)' 'ℝ𝑑' '𝜃∗ =' 'ℕ' 'ℤ' '𝑥 ∈ ℝ' '𝑎 > 𝑏' '𝐴 ⊆ 𝐵' \
         'if 𝑥 is positive' 'for all other 𝑥 ∈ ℝ' 'bold and italic' '𝐸 = 𝑚𝑐2'; do
  grep -qF -- "$s" "$TMP/glyphs.txt" || fail "the PDF's glyphs lack: $s"
done
! grep -qF '𝑝𝑙𝑢𝑠' "$TMP/glyphs.txt" || fail "the glue's 'plus' is set as letters"
! grep -qF '\' "$TMP/glyphs.txt" || fail "a formula is drawn as its source"
echo "ok: MathJax's and KaTeX's names, \\* and \\text's faces and formulas are typeset"

# --- \boxed{E = mc^2}: a closed frame of four 0.04 em rules (0.42 pt at
# 10.5 pt) around the formula, in the page's content stream
qpdf --qdf --object-streams=disable "$PDF" "$TMP/q.pdf"
perl -ne '
  push @r, [$1, $2, $3, $4] if /^(-?[\d.]+) (-?[\d.]+) ([\d.]+) ([\d.]+) re f$/;
  END {
    for my $b (@r) {            # the bottom rule: thin and wide
      my ($x, $y, $w, $h) = @$b;
      next unless $h < 0.5 && $w > 20;
      my ($top, $left, $right) = (0, 0, 0);
      for my $o (@r) {
        my ($ox, $oy, $ow, $oh) = @$o;
        $top = 1 if abs($ox - $x) < 0.02 && abs($ow - $w) < 0.02 && $oh < 0.5 && $oy > $y + 10;
        $left = $oh if abs($ox - $x) < 0.02 && abs($oy - $y) < 0.02 && $ow < 0.5 && $oh > 10;
        $right = 1 if abs($ox + $ow - $x - $w) < 0.02 && abs($oy - $y) < 0.02 && $ow < 0.5 && $oh > 10;
      }
      if ($top && $left && $right) { printf "frame %.2f x %.2f, rule %.2f\n", $w, $left, $h; exit 0 }
    }
    exit 1;
  }' "$TMP/q.pdf" >"$TMP/frame.txt" || fail "no frame of four rules for \\boxed in the PDF"
echo "ok: \\boxed is framed ($(cat "$TMP/frame.txt"))"

# --- the EPUB: \boxed as an mrow the style sheet frames, \smash[b] as
# mpadded, \cfrac[l] with MathML 3's numalign, \text's runs and formulas
unzip -p "$EPUB" EPUB/boxes.xhtml >"$TMP/boxes.xhtml"
unzip -p "$EPUB" EPUB/css/book.css >"$TMP/book.css"
NB=$'\xc2\xa0' # a run's spaces at its edges are no-break spaces (MathML trims white space)
for s in '<mrow class="ov-boxed">' '<mpadded depth="0">' '<mpadded height="0" depth="0">' 'numalign="left"' \
         "<mtext>if$NB</mtext><mi>𝑥</mi><mtext>${NB}is positive</mtext>" \
         "<mtext mathvariant=\"bold\">bold</mtext><mtext>${NB}and$NB</mtext><mtext mathvariant=\"italic\">italic</mtext>"; do
  grep -qF -- "$s" "$TMP/boxes.xhtml" || fail "the XHTML lacks: $s"
done
grep -qF 'mrow.ov-boxed {' "$TMP/book.css" || fail "the style sheet does not frame \\boxed"
echo "ok: the EPUB's MathML frames, smashes and aligns"

# --- mistakes: each message at its line and column
cp -r "$FX" "$TMP/bad"
cat >"$TMP/bad/mistakes.md" <<'EOF'
# Mistakes

A smash with a wrong option $\smash[x]{a}$, glue without its stretch
$x \hskip 1pt plus y$, a formula left open in text $\text{for $i} + 1$ and
an unknown $\sigmoid(x)$ next to a known $\lt$.
EOF
printf -- '- [Mistakes](mistakes.md)\n' >>"$TMP/bad/SUMMARY.md"
"$OCTAVO" check "$TMP/bad" 2>"$TMP/bad.err" && fail "a book with mistakes checks clean"
grep -v "^book.yaml: note" "$TMP/bad.err" >"$TMP/bad.got" || true
cat >"$TMP/bad.want" <<'EOF'
mistakes.md:3:36: warning: option of '\smash' is not one of 'tb' and is ignored
mistakes.md:4:4: error: invalid length in '\hskip' (use a number and a unit: em, ex, pt, mu, mm, cm, in)
mistakes.md:4:63: error: missing '$' after math inside '\text'
mistakes.md:5:13: error: unknown math command '\sigmoid'
EOF
diff -u "$TMP/bad.want" "$TMP/bad.got" || fail "the messages differ"
echo "ok: mistakes are reported at their line and column"
