#!/usr/bin/env bash
# The repository's handbook builds, passes EPUBCheck, qpdf, poppler and
# mupdf, and the PDF gives back every word of every chapter.
. "$(dirname "$0")/lib.sh"
export SOURCE_DATE_EPOCH=$TEST_EPOCH # the same bytes in every pass (lib.sh)
"$OCTAVO" build "$SRC" -o "$TMP/out" 2>"$TMP/build.err" || { cat "$TMP/build.err" >&2; fail "octavo build failed"; }
[ ! -s "$TMP/build.err" ] || { cat "$TMP/build.err" >&2; fail "the handbook builds with diagnostics"; }
[ -s "$TMP/out/handbook.pdf" ] && [ -s "$TMP/out/handbook.epub" ] || fail "outputs missing"
pdf_clean "$TMP/out/handbook.pdf"
epubcheck_clean "$TMP/out/handbook.epub"
# the chapters book.yaml lists ("  - chapters/NAME.md" lines)
mapfile -t chapters < <(awk '/^chapters:/ {on=1; next} on && /^ *- / {sub(/^ *- */, ""); print; next} on && /^[^ ]/ {on=0}' "$SRC/book.yaml")
[ ${#chapters[@]} -gt 0 ] || fail "no chapters listed in book.yaml"
# the words of the prose: formulas ($$ displays on lines of their own and
# inline $...$ by GitHub's rules, never a lone money dollar) are set as math,
# not as words, so their TeX (\frac, \mathrm) is left out
mkdir -p "$TMP/prose"
for c in "${chapters[@]}"; do
  perl -0777 -pe 's/^[ \t]*\$\$[ \t]*\n.*?^[ \t]*\$\$[ \t]*$//gms;
    s/\$(?=[^\s\$])(?:\\.|[^\$\\\n])*?(?<=[^\s\$])\$(?!\d)//g' "$SRC/$c" >"$TMP/prose/${c//\//_}"
done
words_of "$TMP"/prose/* >"$TMP/src.words"
! grep -qxE 'frac|mathrm|eqref|mathbf|sqrt' "$TMP/src.words" || fail "TeX left in the words of the prose"
pdftotext "$TMP/out/handbook.pdf" "$TMP/pdf.txt"
text_words "$TMP/pdf.txt" >"$TMP/pdf.words"
missing=$(comm -23 "$TMP/src.words" "$TMP/pdf.words")
# poppler drops a real hyphen at a line end ("support-" + "ticket" gives
# "supportticket"), so a word may survive only inside a longer one
missing=$(for w in $missing; do grep -qF -- "$w" "$TMP/pdf.txt" || echo "$w"; done)
[ -z "$missing" ] || fail "words missing from the PDF text: $(echo "$missing" | head -20 | tr '\n' ' ')"
echo "ok: all $(wc -l <"$TMP/src.words") distinct words of the chapters are in the PDF text"
pages=$(pdfinfo "$TMP/out/handbook.pdf" | awk '/^Pages:/ {print $2}')
[ "$pages" -ge 10 ] || fail "only $pages pages"
echo "ok: $pages pages"

# Every figure comes out of the PDF with exactly the pixels of its PNG file
# (the PNG's compressed rows go into the PDF as they are, with the PNG
# predictors; mutool extract decodes them the way a reader does, without
# the colour management through the PDF/X output intent that pdfimages
# applies to their sRGB).
need pdfimages pngtopnm mutool
extracted=()
mapfile -t objs < <(pdfimages -list "$TMP/out/handbook.pdf" | awk 'NR > 2 && $3 == "image" {print $11}')
for o in "${objs[@]}"; do
  (cd "$TMP" && mutool extract "$TMP/out/handbook.pdf" "$o" >/dev/null 2>&1)
  pngtopnm "$TMP/image-$(printf %04d "$o").png" >"$TMP/img-$(printf %04d "${#extracted[@]}").ppm"
  extracted+=("$TMP/img-$(printf %04d "${#extracted[@]}").ppm")
done
mapfile -t figs < <(grep -ho 'figures/[A-Za-z0-9_-]*\.png' "${chapters[@]/#/$SRC/}" | awk '!seen[$0]++')
[ ${#figs[@]} -ge 4 ] || fail "expected at least 4 figures, found ${#figs[@]}"
[ ${#extracted[@]} -eq ${#figs[@]} ] || fail "${#extracted[@]} images in the PDF for ${#figs[@]} figures"
for i in "${!figs[@]}"; do
  pngtopnm "$SRC/chapters/${figs[$i]}" >"$TMP/want.ppm" 2>/dev/null || fail "pngtopnm ${figs[$i]}"
  # the same samples after the header (the headers may space differently)
  w=$(pdfimages -list "$TMP/out/handbook.pdf" | awk -v n="$i" 'NR > 2 && $2 == n {print $4 * $5 * 3}')
  cmp <(tail -c "$w" "$TMP/want.ppm") <(tail -c "$w" "${extracted[$i]}") ||
    fail "${figs[$i]} differs from its image in the PDF"
done
echo "ok: ${#figs[@]} figures in the PDF are pixel for pixel their PNG files"
