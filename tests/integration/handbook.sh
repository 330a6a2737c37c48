#!/usr/bin/env bash
# The repository's handbook builds, passes EPUBCheck, qpdf, poppler and
# mupdf, and the PDF gives back every word of every chapter.
. "$(dirname "$0")/lib.sh"
"$OCTAVO" build "$SRC" -o "$TMP/out" 2>"$TMP/build.err" || { cat "$TMP/build.err" >&2; fail "octavo build failed"; }
[ ! -s "$TMP/build.err" ] || { cat "$TMP/build.err" >&2; fail "the handbook builds with diagnostics"; }
[ -s "$TMP/out/handbook.pdf" ] && [ -s "$TMP/out/handbook.epub" ] || fail "outputs missing"
pdf_clean "$TMP/out/handbook.pdf"
epubcheck_clean "$TMP/out/handbook.epub"
# the chapters book.yaml lists ("  - chapters/NAME.md" lines)
mapfile -t chapters < <(awk '/^chapters:/ {on=1; next} on && /^ *- / {sub(/^ *- */, ""); print; next} on && /^[^ ]/ {on=0}' "$SRC/book.yaml")
[ ${#chapters[@]} -gt 0 ] || fail "no chapters listed in book.yaml"
words_of "${chapters[@]/#/$SRC/}" >"$TMP/src.words"
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
