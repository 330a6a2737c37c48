#!/usr/bin/env bash
# Reads the finished handbook PDF with pdftotext -bbox-layout, in each page
# setup: no word may lie outside the text block (mirrored margins, with the
# running head above and the folio below it), and lines that reach the
# right edge end flush with it (within 0.6 pt): justified text is set to
# the measure, never just short of it or past it; a line that ends with a
# formula ending in a script ends TeX's \scriptspace (0.05 em: 0.525 pt at
# 10.5 pt) before the edge, its box's end. Lines of body-size text
# are checked (Gentium's ascent plus descent is 1.464 em, so their boxes are
# 1.464 body sizes tall); the last line of a paragraph ends at least an em
# short by design.
. "$(dirname "$0")/lib.sh"
need pdftotext

# setup SIZE -> "width height top bottom inner outer body" (the default theme, src/doc/theme.c)
geometry() {
  case "$1" in
    6x9in) echo "432 648 54 66 54 50 10.5" ;;
    a4) echo "595.28 841.89 72 92 100 135 11.5" ;;
    letter) echo "612 792 72 86 100 142 11.5" ;;
  esac
}

for size in 6x9in a4 letter; do
  "$OCTAVO" build "$SRC" -o "$TMP/$size" --pdf --page-size "$size" 2>"$TMP/err" || { cat "$TMP/err" >&2; fail "build ($size)"; }
  pdftotext -bbox-layout "$TMP/$size/handbook.pdf" "$TMP/bbox.html"
  read -r W H TOP BOTTOM INNER OUTER BODY <<<"$(geometry "$size")"
  result=$(awk -v W="$W" -v H="$H" -v top="$TOP" -v bottom="$BOTTOM" -v inner="$INNER" -v outer="$OUTER" -v body="$BODY" '
    function attr(name,   m) { if (match($0, name "=\"[-0-9.]+\"")) { m = substr($0, RSTART, RLENGTH); sub(/^[a-zA-Z]+="/, "", m); sub(/"$/, "", m); return m + 0 } return -1 }
    /<page / { page++; left = (page % 2 == 1) ? inner : outer; right = left + (W - inner - outer) }
    /<line / { lx = attr("xMax"); d = lx - right; if (d < 0) d = -d
               lh = attr("yMax") - attr("yMin"); last = "" }
    # body-size lines only: captions, cells, code and headings are ragged;
    # a line that ends with a formula (its /ActualText, "$...$") ends at
    # the formula'"'"'s box, which holds TeX'"'"'s \scriptspace after a script
    # beyond the ink that pdftotext measures
    /<\/line>/ { bodyh = 1.464 * body
               if (d < 3 && lh > bodyh - 0.3 && lh < bodyh + 0.3 && last !~ /\$$/) { near++; if (d > 0.6) { bad++; if (bad <= 5) printf "page %d: a line ends at %.2f, right edge %.2f\n", page, lx, right } } }
    /<word / { last = $0; sub(/<\/word>.*/, "", last); sub(/.*>/, "", last) }
    /<word / { x0 = attr("xMin"); x1 = attr("xMax"); y0 = attr("yMin"); y1 = attr("yMax"); words++
               if (x0 < left - 0.5 || x1 > right + 0.5 || y0 < top - 3.2 * body || y1 > H - bottom / 3) {
                 out++; if (out <= 5) { w = $0; sub(/.*">/, "", w); sub(/<.*/, "", w); printf "page %d: word \"%s\" at x %.2f..%.2f y %.2f..%.2f outside the text block\n", page, w, x0, x1, y0, y1 } } }
    END { printf "SUMMARY %d %d %d %d %d\n", page, words, out, near, bad }' "$TMP/bbox.html")
  read -r _ pages words outside flush bad <<<"$(grep '^SUMMARY' <<<"$result")"
  grep -v '^SUMMARY' <<<"$result" >&2 || true
  [ "$outside" -eq 0 ] || fail "$size: $outside words outside the text block"
  [ "$bad" -eq 0 ] || fail "$size: $bad lines end near but not at the right edge"
  [ "$flush" -gt 1000 ] || fail "$size: only $flush lines reach the right edge"
  echo "ok: $size: $words words on $pages pages inside the text block; $flush lines flush right within 0.6 pt"
done
