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
# a word hyphenated at the foot of a verso (allowed there, never at a
# recto's: report.sh) goes on after the folio and the next running head
pdftotext "$TMP/out/handbook.pdf" - | perl -0777 -pe 's/\xC2\xAD\n[0-9ivxlc]+\n\n\f[^\n]*\n\n//g' >"$TMP/pdf.txt"
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

# The figures are SVG drawings (chapters/figures/*.svg) drawn as vectors:
# no picture in the PDF, their labels are text in the book's fonts (and
# none prints under figure-min-text's 8 pt: the build above has no
# warning); the EPUB carries the SVG files and no PNG.
need pdfimages unzip
mapfile -t figs < <(grep -ho '(figures/[A-Za-z0-9_-]*\.[a-z]*' "${chapters[@]/#/$SRC/}" | cut -c2- | awk '!seen[$0]++')
[ ${#figs[@]} -ge 6 ] || fail "expected at least 6 figures, found ${#figs[@]}"
for f in "${figs[@]}"; do [[ $f == *.svg ]] || fail "figure $f is not an SVG drawing"; done
[ "$(pdfimages -list "$TMP/out/handbook.pdf" | awk 'NR > 2' | wc -l)" -eq 0 ] ||
  { pdfimages -list "$TMP/out/handbook.pdf" >&2; fail "the PDF holds pictures: the figures are not drawn as vectors"; }
for label in 'global minimum' 'Management track' 'feedback loop:' 'last in, first out' 'Used once, at the end' \
  'revisit'; do
  grep -qF -- "$label" "$TMP/pdf.txt" || fail "the figure label '$label' is not text in the PDF"
done
unzip -q -o "$TMP/out/handbook.epub" -d "$TMP/epub"
n=$(grep -c 'href="images/[0-9]*-[a-z-]*\.svg" media-type="image/svg+xml"' "$TMP/epub/EPUB/package.opf")
[ "$n" -eq ${#figs[@]} ] || fail "$n SVG images in the EPUB's manifest for ${#figs[@]} figures"
# (the one PNG is the typographic cover, cover.png: the handbook has no 'cover:')
! grep -v 'id="cover-image" href="cover.png"' "$TMP/epub/EPUB/package.opf" | grep -q 'image/png' ||
  fail "the EPUB holds a PNG besides its cover"
echo "ok: ${#figs[@]} figures drawn as vectors in the PDF (no picture, their labels text) and SVG in the EPUB"
