#!/usr/bin/env bash
# Print page numbers in the EPUB (README "Print page numbers in the
# EPUB"): built with the PDF in the same run, the EPUB has a page-break
# marker for every page of the PDF, in order, at the place where the
# page's text begins (the first word pdftotext finds on it, after the
# running head), listed in the nav's page-list and the NCX's pageList,
# and names the PDF edition (dc:source, source-of pagination); checked by
# tests/tools/pagelist.py for the handbook and the allconstructs and
# floats fixtures in the three page setups and for a book with parts
# (summary-mdbook); the same EPUB one- and two-threaded.
# Built alone (--epub), the EPUB has no page list.
. "$(dirname "$0")/lib.sh"
need pdftotext pdfinfo unzip python3
export SOURCE_DATE_EPOCH=$TEST_EPOCH
CHECK=$SRC/tests/tools/pagelist.py

for book in handbook allconstructs floats; do
  if [ "$book" = handbook ]; then dir=$SRC; else dir=$SRC/tests/fixtures/$book; fi
  for size in 6x9in a4 letter; do
    out=$TMP/$book-$size
    "$OCTAVO" build "$dir" -o "$out" --page-size "$size" 2>"$TMP/err" || { cat "$TMP/err" >&2; fail "$book $size: build"; }
    pdf=$(ls "$out"/*.pdf) epub=$(ls "$out"/*.epub)
    python3 "$CHECK" "$pdf" "$epub" >"$TMP/report" || { cat "$TMP/report" >&2; fail "$book $size: page list"; }
    echo "ok: $book $size: $(cat "$TMP/report")"
  done
done

# parts (summary-mdbook): a part's title page is marked at its first chapter
out=$TMP/parts
"$OCTAVO" build "$SRC/tests/fixtures/summary-mdbook" -o "$out" 2>"$TMP/err" || { cat "$TMP/err" >&2; fail "parts: build"; }
python3 "$CHECK" "$out"/*.pdf "$out"/*.epub >"$TMP/report" || { cat "$TMP/report" >&2; fail "parts: page list"; }
grep -E ' [1-9][0-9]* part titles' "$TMP/report" >/dev/null || { cat "$TMP/report" >&2; fail "parts: no part title page"; }
echo "ok: summary-mdbook: $(cat "$TMP/report")"

# the same bytes whether the EPUB waited for the layout on its own thread or
# was made after the PDF
"$OCTAVO" build "$SRC" -o "$TMP/j1" -j 1 2>"$TMP/err" || { cat "$TMP/err" >&2; fail "-j 1 build"; }
"$OCTAVO" build "$SRC" -o "$TMP/j2" -j 2 2>"$TMP/err" || { cat "$TMP/err" >&2; fail "-j 2 build"; }
cmp -s "$TMP/j1/handbook.epub" "$TMP/j2/handbook.epub" || fail "the EPUB differs between -j 1 and -j 2"
echo "ok: the same EPUB with -j 1 and -j 2"

# --epub alone: no PDF laid out, no page list
"$OCTAVO" build "$SRC" -o "$TMP/only" --epub 2>"$TMP/err" || { cat "$TMP/err" >&2; fail "--epub build"; }
unzip -p "$TMP/only/handbook.epub" EPUB/nav.xhtml EPUB/package.opf >"$TMP/only.txt"
unzip -p "$TMP/only/handbook.epub" 'EPUB/0*.xhtml' >>"$TMP/only.txt"
if grep -E 'page-list|doc-pagebreak|source-of' "$TMP/only.txt" >/dev/null; then
  fail "--epub alone has a page list"
fi
echo "ok: --epub alone has no page list"
