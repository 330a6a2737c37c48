#!/usr/bin/env bash
# glyphs.sh - the glyphs Octavo's PDF draws, judged without trusting its
# own extraction: a word set by Octavo is rendered by poppler and compared
# with the same word shaped and drawn by HarfBuzz's hb-view, in the same
# font (inkdiff: the share of pixels that are ink in one image only, the
# two scaled to one height). Ligatures and kerning in an OpenType/CFF font
# (URW's C059, whose fi and ffl ligatures look unlike their letters),
# combining marks, a fallback symbol (DejaVu Sans) and an emoji
# (Symbola). Each case also has a control that must NOT match: the word
# drawn without the feature (ligatures, kerning) or the face's .notdef box
# (for a fallback), so that the comparison shows it can tell them apart.
# Then the book of OpenType/CFF faces and one of TrueType faces pass qpdf
# and pdffonts (embedded, subset, ToUnicode), and their text extracts.
. "$(dirname "$0")/lib.sh"
need hb-view pngtopnm ppmtopgm pdftoppm pdftotext
INKDIFF=${INKDIFF:?set INKDIFF to the inkdiff tool}
URW=/usr/share/fonts/opentype/urw-base35
[ -f "$URW/C059-Roman.otf" ] || fail "fonts-urw-base35 is not installed (run tools/install-deps.sh test)"
DEJAVU=/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf
SYMBOLA=/usr/share/fonts/truetype/ancient-scripts/Symbola_hint.ttf
[ -f "$DEJAVU" ] && [ -f "$SYMBOLA" ] || fail "the fallback fonts are not installed (fonts-dejavu-core, fonts-symbola)"

B=$TMP/book
mkdir -p "$B/chapters" "$B/fonts"
cp "$URW"/C059-Roman.otf "$URW"/C059-Italic.otf "$URW"/C059-Bold.otf "$URW"/C059-BdIta.otf \
  "$URW"/NimbusMonoPS-Regular.otf "$B/fonts/"
cat >"$B/book.yaml" <<'YAML'
title: Glyphs
output: glyphs
fonts:
  regular: fonts/C059-Roman.otf
  italic: fonts/C059-Italic.otf
  bold: fonts/C059-Bold.otf
  bold-italic: fonts/C059-BdIta.otf
  monospace: fonts/NimbusMonoPS-Regular.otf
YAML
# one word to a paragraph: a last line, never justified or hyphenated
QT=$(printf 'q\xcc\x83')        # q and a combining tilde (no precomposed form)
ARROW=$(printf '\xe2\x86\xa9')  # U+21A9, not in C059: DejaVu Sans
ROCKET=$(printf '\xf0\x9f\x9a\x80') # U+1F680: Symbola
printf '# Glyphs\n\noffice\n\nbaffled\n\nAVATAR\n\n%s\n\n%s\n\n%s\n\n`fluffy`\n' "$QT" "$ARROW" "$ROCKET" \
  >"$B/chapters/01.md"
SOURCE_DATE_EPOCH=$TEST_EPOCH "$OCTAVO" build "$B" -o "$TMP/out" 2>"$TMP/err" || { cat "$TMP/err" >&2; fail "the glyph book failed"; }
[ ! -s "$TMP/err" ] || { cat "$TMP/err" >&2; fail "the glyph book printed messages"; }
PDF=$TMP/out/glyphs.pdf
pdftotext -bbox "$PDF" "$TMP/bbox.html" 2>/dev/null

# size_of WORD FONT: the size (pt) WORD's page sets FONT at (mupdf's
# reading of the content stream, not Octavo's)
size_of() {
  local p
  p=$(awk -v w="$1" '/<page /{p++} index($0, ">" w "</word>") { print p; exit }' "$TMP/bbox.html")
  mutool draw -F stext -o "$TMP/st.xml" "$PDF" "$p" 2>/dev/null
  grep -o "<font name=\"$2\" size=\"[0-9.]*\"" "$TMP/st.xml" | head -1 | sed 's/.*size="//; s/"//'
}
# render_pdf WORD FONT OUT: the word's box on its page at the resolution
# that makes FONT's em 300 pixels (as render_hb draws it), as OUT.pgm
render_pdf() {
  local p x0 y0 x1 y1 size
  read -r p x0 y0 x1 y1 < <(awk -v w="$1" '/<page /{p++} index($0, ">" w "</word>") {
    n = split($0, a, "\""); print p, a[2], a[4], a[6], a[8]; exit }' "$TMP/bbox.html")
  [ -n "${p:-}" ] || fail "'$1' is not in the PDF's text"
  size=$(size_of "$1" "$2")
  [ -n "$size" ] || fail "no font $2 on the page of '$1'"
  local R X Y W H
  read -r R X Y W H < <(awk -v s="$size" -v x0="$x0" -v y0="$y0" -v x1="$x1" -v y1="$y1" \
    'BEGIN { r = 300 * 72 / s; k = r / 72; printf "%.4f %d %d %d %d\n", r, (x0 - 3) * k, (y0 - 2) * k, (x1 - x0 + 6) * k, (y1 - y0 + 4) * k }')
  pdftoppm -f "$p" -l "$p" -r "$R" -gray -x "$X" -y "$Y" -W "$W" -H "$H" "$PDF" "$3"
  mv "$3"-*.pgm "$3.pgm"
}
# render_hb FONT TEXT OUT [FEATURES]: hb-view's drawing, em 300 pixels, as OUT.pgm
render_hb() {
  hb-view --font-size=300 --margin=20 ${4:+--features=$4} -O png -o "$3.png" "$1" "$2"
  pngtopnm "$3.png" | ppmtopgm >"$3.pgm"
}
# diff_of A B: inkdiff's share of differing pixels
diff_of() { "$INKDIFF" "$1" "$2" 1 | awk '{print $5}'; }
# judge NAME SAME CONTROL: SAME within 0.03 (rasterizers differ at the
# edges; a word matched measures under 0.005), CONTROL over 0.15 and over
# five times SAME
judge() {
  awk -v n="$1" -v s="$2" -v c="$3" 'BEGIN {
    if (s > 0.03) { printf "FAIL: %s differs from hb-view by %.3f (at most 0.03)\n", n, s; exit 1 }
    if (c != "" && (c <= 0.15 || c <= 5 * s)) { printf "FAIL: %s: the control differs by only %.3f (same: %.3f)\n", n, c, s; exit 1 }
    printf "ok: %s matches hb-view (%.3f of pixels differ%s)\n", n, s, c == "" ? "" : sprintf("; the control: %.3f", c) }' >&2 ||
    exit 1
}
C059=$B/fonts/C059-Roman.otf
for w in office baffled; do
  render_pdf "$w" C059-Roman "$TMP/p-$w"
  render_hb "$C059" "$w" "$TMP/h-$w"
  render_hb "$C059" "$w" "$TMP/n-$w" -liga,-clig
  judge "ligatures in '$w' (C059, CFF)" "$(diff_of "$TMP/p-$w.pgm" "$TMP/h-$w.pgm")" "$(diff_of "$TMP/p-$w.pgm" "$TMP/n-$w.pgm")"
done
render_pdf AVATAR C059-Roman "$TMP/p-av"
render_hb "$C059" AVATAR "$TMP/h-av"
render_hb "$C059" AVATAR "$TMP/n-av" -kern
judge "kerning in 'AVATAR'" "$(diff_of "$TMP/p-av.pgm" "$TMP/h-av.pgm")" "$(diff_of "$TMP/p-av.pgm" "$TMP/n-av.pgm")"
# C059 has no combining marks: the q and its tilde are set together in
# the first fallback that has both (DejaVu Sans), the tilde over the q
render_pdf "$QT" DejaVuSans "$TMP/p-qt"
render_hb "$DEJAVU" "$QT" "$TMP/h-qt"
render_hb "$DEJAVU" q "$TMP/n-qt"
judge "a combining tilde on q (both from DejaVu Sans)" "$(diff_of "$TMP/p-qt.pgm" "$TMP/h-qt.pgm")" \
  "$(diff_of "$TMP/p-qt.pgm" "$TMP/n-qt.pgm")"
render_pdf "$ARROW" DejaVuSans "$TMP/p-ar"
render_hb "$DEJAVU" "$ARROW" "$TMP/h-ar"
render_hb "$SYMBOLA" "$ARROW" "$TMP/n-ar" # another design
judge "U+21A9 from the fallback DejaVu Sans" "$(diff_of "$TMP/p-ar.pgm" "$TMP/h-ar.pgm")" "$(diff_of "$TMP/p-ar.pgm" "$TMP/n-ar.pgm")"
render_pdf "$ROCKET" Symbola "$TMP/p-ro"
render_hb "$SYMBOLA" "$ROCKET" "$TMP/h-ro"
render_hb "$SYMBOLA" "$(printf '\xf0\x9f\x9a\x81')" "$TMP/n-ro" # another emoji
judge "U+1F680 from the fallback Symbola" "$(diff_of "$TMP/p-ro.pgm" "$TMP/h-ro.pgm")" "$(diff_of "$TMP/p-ro.pgm" "$TMP/n-ro.pgm")"
# code is set as typed: no ligature in the monospaced face
render_pdf fluffy NimbusMonoPS-Regular "$TMP/p-code"
render_hb "$B/fonts/NimbusMonoPS-Regular.otf" fluffy "$TMP/h-code" -liga,-clig,-calt,-kern
judge "code without ligatures" "$(diff_of "$TMP/p-code.pgm" "$TMP/h-code.pgm")" ""

# the fonts: CFF faces as CIDFontType0 (OpenType programs), the fallbacks
# as CIDFontType2; every one embedded, subset, with a ToUnicode map
pdf_clean "$PDF"
pdffonts "$PDF" >"$TMP/fonts.txt"
grep -q 'C059-Roman-Identity-H  *CID Type 0C (OT)  *Identity-H  *yes yes yes' "$TMP/fonts.txt" ||
  { cat "$TMP/fonts.txt" >&2; fail "C059 is not an embedded CID font with a ToUnicode map"; }
grep -q 'DejaVuSans  *CID TrueType  *Identity-H  *yes yes yes' "$TMP/fonts.txt" || fail "no DejaVu Sans subset"
grep -q 'Symbola  *CID TrueType  *Identity-H  *yes yes yes' "$TMP/fonts.txt" || fail "no Symbola subset"
if [ -n "$(awk 'NR > 2 && $1 !~ /^[A-Z][A-Z][A-Z][A-Z][A-Z][A-Z]\+/' "$TMP/fonts.txt")" ]; then
  cat "$TMP/fonts.txt" >&2; fail "a font without a subset tag"
fi
# copy and paste give the letters back (ligatures as their letters)
pdftotext "$PDF" "$TMP/text.txt"
for w in office baffled AVATAR "$QT" "$ARROW" "$ROCKET" fluffy; do
  grep -qx -- "$w" "$TMP/text.txt" || fail "'$w' does not extract as itself"
done
echo "ok: the CFF book's fonts are embedded subsets with ToUnicode maps; its words extract as typed"

# the same book with the bundled TrueType faces: both kinds pass
rm -rf "$B/fonts"
printf 'title: Glyphs\noutput: glyphs\n' >"$B/book.yaml"
SOURCE_DATE_EPOCH=$TEST_EPOCH "$OCTAVO" build "$B" -o "$TMP/tt" 2>"$TMP/err" || { cat "$TMP/err" >&2; fail "the TrueType book failed"; }
pdf_clean "$TMP/tt/glyphs.pdf"
# Gentium positions the tilde itself (GPOS mark attachment)
PDF=$TMP/tt/glyphs.pdf
pdftotext -bbox "$PDF" "$TMP/bbox.html" 2>/dev/null
render_pdf "$QT" GentiumBookPlus "$TMP/p-gq"
render_hb "$SRC/fonts/GentiumBookPlus-Regular.ttf" "$QT" "$TMP/h-gq"
render_hb "$SRC/fonts/GentiumBookPlus-Regular.ttf" q "$TMP/n-gq"
judge "a combining tilde on q (Gentium's mark attachment)" "$(diff_of "$TMP/p-gq.pgm" "$TMP/h-gq.pgm")" \
  "$(diff_of "$TMP/p-gq.pgm" "$TMP/n-gq.pgm")"
pdffonts "$TMP/tt/glyphs.pdf" >"$TMP/fonts.txt"
grep -q 'GentiumBookPlus  *CID TrueType  *Identity-H  *yes yes yes' "$TMP/fonts.txt" || fail "Gentium is not an embedded CID font"
# two books, one font: the subsets' tags differ (merged PDFs keep them apart)
t1=$(pdffonts "$PDF" | awk '/DejaVuSans/ {print substr($1, 1, 6)}')
t2=$(awk '/DejaVuSans/ {print substr($1, 1, 6)}' "$TMP/fonts.txt")
[ -n "$t1" ] && [ -n "$t2" ] || fail "no DejaVu Sans in one of the books"
printf '# Other\n\nA different arrow \xe2\x86\x92 and box \xe2\x98\x90.\n' >"$B/chapters/01.md"
SOURCE_DATE_EPOCH=$TEST_EPOCH "$OCTAVO" build "$B" -o "$TMP/tt2" 2>/dev/null || fail "the second book failed"
t3=$(pdffonts "$TMP/tt2/glyphs.pdf" | awk '/DejaVuSans/ {print substr($1, 1, 6)}')
[ "$t3" != "$t2" ] || fail "two books with different glyphs share the subset tag $t2"
echo "ok: TrueType and OpenType/CFF books pass qpdf and pdffonts; subset tags follow the glyphs ($t2, $t3)"
