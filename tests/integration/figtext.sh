#!/usr/bin/env bash
# Figure labels at print size (tests/fixtures/figtext; issue 15, "Vector
# figures"): an SVG figure whose smallest text prints under the theme's
# figure-min-text (8 pt) is warned of, once, at its reference, with the
# size it prints at and the font-size that would do; one whose labels are
# large enough is not; figure-min-text: 0 turns the check off. Both
# drawings' arrowheads are markers, drawn as vectors: no picture in the
# PDF, red heads where the markers put them.
. "$(dirname "$0")/lib.sh"
export SOURCE_DATE_EPOCH=$TEST_EPOCH
need pdftotext pdfimages pdftoppm perl
B=$TMP/book
cp -r "${OV_FIXTURES:?}/figtext" "$B"
"$OCTAVO" build "$B" -o "$TMP/out" 2>"$TMP/err" || { cat "$TMP/err" >&2; fail "build failed"; }
cat >"$TMP/want" <<'EOF2'
labels.md:5:1: warning: image 'images/small.svg' prints text at 4.4 pt, under figure-min-text (8 pt): its smallest font-size, 8 px, is scaled to 73 %; make it at least 14.6 px
EOF2
diff "$TMP/want" "$TMP/err" >&2 || fail "diagnostics differ"
echo "ok: the 8 px labels of a 600 px drawing set in a 6x9 in measure are warned of (4.4 pt); 14 px ones at their own size (10.5 pt) are not"

# on an A4 page the measure is wider: larger, still too small
"$OCTAVO" build "$B" -o "$TMP/a4" --page-size a4 2>"$TMP/err" || { cat "$TMP/err" >&2; fail "build failed"; }
grep -qF "labels.md:5:1: warning: image 'images/small.svg' prints text at 4.8 pt, under figure-min-text (8 pt)" "$TMP/err" ||
  { cat "$TMP/err" >&2; fail "the A4 warning differs"; }
[ "$(wc -l <"$TMP/err")" -eq 1 ] || { cat "$TMP/err" >&2; fail "more than one diagnostic on A4"; }

printf 'theme:\n  figure-min-text: 0\n' >>"$B/book.yaml"
"$OCTAVO" build "$B" -o "$TMP/off" 2>"$TMP/err" || { cat "$TMP/err" >&2; fail "build failed"; }
[ ! -s "$TMP/err" ] || { cat "$TMP/err" >&2; fail "figure-min-text: 0 still warns"; }
echo "ok: A4 prints them at 4.8 pt, warned of; figure-min-text: 0 turns the check off"

PDF=$TMP/out/labels.pdf
pdf_clean "$PDF"
[ "$(pdfimages -list "$PDF" | awk 'NR > 2' | wc -l)" -eq 0 ] || { pdfimages -list "$PDF" >&2; fail "a drawing with markers became a picture"; }
pdftotext "$PDF" "$TMP/text"
for t in 'six points at its own size' input output request reply; do
  grep -qF -- "$t" "$TMP/text" || fail "label '$t' is not text in the PDF"
done
# the page of the drawings: three red arrowheads (two on the small
# drawing's line, start and end, one on the large one's), on the lines'
# height, the small drawing's at its line's ends
page=$(pdftotext "$PDF" - | awk 'BEGIN { RS = "\f" } /six points/ { print NR; exit }')
pdftoppm -r 72 -f "$page" -l "$page" "$PDF" "$TMP/p"
perl "$SRC/tests/tools/ppmcolors.pl" "$TMP"/p-*.ppm red=255,0,0 >"$TMP/colors"
read -r _ n x0 y0 x1 y1 <"$TMP/colors"
[ "${n:-0}" -ge 20 ] || fail "no red arrowheads drawn ($(cat "$TMP/colors"))"
echo "ok: markers drawn as vectors (no picture; $n red pixels from x $x0 to $x1), labels as text"
