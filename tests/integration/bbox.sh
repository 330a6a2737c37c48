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
# short by design, and so may any line of a hanging list (a chapter with
# "lists: hanging": the glossary, the further reading), which is set
# ragged-right. Such a line is told by where it is and what it says: on a
# page of a chapter with a hanging list (its pages from the PDF's outline),
# with text that is part of one of that list's items (read from the EPUB's
# ul.hanging; both writers decide which lists hang by ov_list_hangs). The
# text alone would not do: the glossary repeats sentences of the chapters.
. "$(dirname "$0")/lib.sh"
need pdftotext mutool unzip perl
TOOLS="$(cd "$(dirname "$0")/../tools" && pwd)"

# the items of the hanging lists, each a line without whitespace, and the
# titles of their chapters
"$OCTAVO" build "$SRC" -o "$TMP/epub" --epub 2>"$TMP/err" || { cat "$TMP/err" >&2; fail "build (EPUB)"; }
mkdir "$TMP/x"
unzip -q "$TMP/epub/handbook.epub" -d "$TMP/x"
perl "$TOOLS/hanging.pl" "$TMP"/x/EPUB/*.xhtml >"$TMP/hanging"
items=$(grep -c . "$TMP/hanging") || true
[ "$items" -gt 100 ] || fail "only $items items of hanging lists in the EPUB (the glossary and further reading have 271)"
for f in "$TMP"/x/EPUB/*.xhtml; do
  ! grep -qE 'class="(hanging|glossary)"' "$f" || sed -n 's/.*<title>\(.*\)<\/title>.*/\1/p' "$f"
done | sed 's/&lt;/</g; s/&gt;/>/g; s/&quot;/"/g; s/&apos;/'"'"'/g; s/&amp;/\&/g' >"$TMP/hanging-titles"
[ "$(grep -c . "$TMP/hanging-titles")" -eq 2 ] || fail "the chapters with hanging lists: $(tr '\n' ';' <"$TMP/hanging-titles"), expected the glossary and further reading"

# hanging_pages PDF: the pages of the chapters titled in hanging-titles, as
# "FIRST-LAST ...", from the outline: an entry of one of those titles (a
# numbered chapter's with "N. " before it) up to the page before the next
# entry no deeper than it (its own page if that one starts there too)
hanging_pages() {
  mutool show "$1" outline | awk -F'\t' '
    FNR == NR { want[$0] = 1; next }
    { depth = 0; while ($(depth + 2) == "") depth++
      t = $(depth + 2); sub(/^"/, "", t); sub(/"$/, "", t); sub(/^[0-9]+\. /, "", t)
      p = $(depth + 3); sub(/^#page=/, "", p); sub(/[^0-9].*/, "", p)
      n++; title[n] = t; level[n] = depth; page[n] = p + 0 }
    END { for (i = 1; i <= n; i++) if (title[i] in want) {
            last = 1000000
            for (j = i + 1; j <= n; j++) if (level[j] <= level[i]) { last = page[j] > page[i] ? page[j] - 1 : page[i]; break }
            printf "%d-%d ", page[i], last } }' "$TMP/hanging-titles" -
}

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
  hang=$(hanging_pages "$TMP/$size/handbook.pdf")
  [ "$(wc -w <<<"$hang")" -eq 2 ] || fail "$size: the pages of the chapters with hanging lists: '$hang'"
  result=$(LC_ALL=C awk -v hang="$hang" -v W="$W" -v H="$H" -v top="$TOP" -v bottom="$BOTTOM" -v inner="$INNER" -v outer="$OUTER" -v body="$BODY" '
    function attr(name,   m) { if (match($0, name "=\"[-0-9.]+\"")) { m = substr($0, RSTART, RLENGTH); sub(/^[a-zA-Z]+="/, "", m); sub(/"$/, "", m); return m + 0 } return -1 }
    # is the text (without whitespace) part of an item of a hanging list?
    function hangs(t,   i) { if (t == "") return 0; for (i = 1; i <= nitems; i++) if (index(item[i], t)) return 1; return 0 }
    BEGIN { nr = split(hang, range, " ") }
    FNR == NR { item[++nitems] = $0; next }
    /<page / { page++; left = (page % 2 == 1) ? inner : outer; right = left + (W - inner - outer)
               inhang = 0; for (i = 1; i <= nr; i++) { split(range[i], r, "-"); if (page >= r[1] + 0 && page <= r[2] + 0) inhang = 1 } }
    /<line / { lx = attr("xMax"); d = lx - right; if (d < 0) d = -d
               lh = attr("yMax") - attr("yMin"); last = ""; text = "" }
    # body-size lines only: captions, cells, code and headings are ragged;
    # a line that ends with a formula (its /ActualText, "$...$") ends at
    # the formula'"'"'s box, which holds TeX'"'"'s \scriptspace after a script
    # beyond the ink that pdftotext measures
    # lines of a hanging list are ragged by design
    /<\/line>/ { bodyh = 1.464 * body
               if (d < 3 && lh > bodyh - 0.3 && lh < bodyh + 0.3 && last !~ /\$$/) {
                 gsub(/&lt;/, "<", text); gsub(/&gt;/, ">", text); gsub(/&quot;/, "\"", text); gsub(/&apos;/, "\047", text); gsub(/&amp;/, "\\&", text)
                 if (inhang && hangs(text)) hanging++
                 else { near++; if (d > 0.6) { bad++; if (bad <= 5) printf "page %d: a line ends at %.2f, right edge %.2f\n", page, lx, right } } } }
    /<word / { last = $0; sub(/<\/word>.*/, "", last); sub(/.*>/, "", last); w = last; gsub(/[ \t]|\302\240/, "", w); text = text w }
    /<word / { x0 = attr("xMin"); x1 = attr("xMax"); y0 = attr("yMin"); y1 = attr("yMax"); words++
               if (x0 < left - 0.5 || x1 > right + 0.5 || y0 < top - 3.2 * body || y1 > H - bottom / 3) {
                 out++; if (out <= 5) { w = $0; sub(/.*">/, "", w); sub(/<.*/, "", w); printf "page %d: word \"%s\" at x %.2f..%.2f y %.2f..%.2f outside the text block\n", page, w, x0, x1, y0, y1 } } }
    END { printf "SUMMARY %d %d %d %d %d %d\n", page, words, out, near, bad, hanging }' "$TMP/hanging" "$TMP/bbox.html")
  read -r _ pages words outside flush bad hanging <<<"$(grep '^SUMMARY' <<<"$result")"
  grep -v '^SUMMARY' <<<"$result" >&2 || true
  [ "$outside" -eq 0 ] || fail "$size: $outside words outside the text block"
  [ "$bad" -eq 0 ] || fail "$size: $bad lines end near but not at the right edge"
  [ "$flush" -gt 1000 ] || fail "$size: only $flush lines reach the right edge"
  [ "$hanging" -gt 0 ] || fail "$size: no line near the right edge was told for a hanging list's (the glossary's)"
  echo "ok: $size: $words words on $pages pages inside the text block; $flush lines flush right within 0.6 pt ($hanging lines of hanging lists near the edge, ragged by design, left out)"
done
