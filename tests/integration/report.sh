#!/usr/bin/env bash
# The layout report (octavo build --report) on the handbook in the three
# page setups and on a chapter made to provoke every problem: no overfull
# or over-tight lines, no runs of more than two hyphens, no widows,
# orphans, stranded headings or split table rows, and no justified line
# set flush left ("ragged"): a line that cannot be justified within the
# tolerance, even with the emergency stretch, is set loose, and the loose
# lines, hyphens, word-space spread, contrast and runts are held under
# ceilings (check_total) so that they cannot grow.
. "$(dirname "$0")/lib.sh"
need pdfinfo pdftotext mutool python3
TOOLS="$(cd "$(dirname "$0")/../tools" && pwd)"

# check_total REPORT LABEL MAX_LOOSE_PERMILLE MAX_HYPH_PERMILLE MAX_CONTRAST_PERMILLE MAX_RUNTS:
# the "total" row of a report. The ceilings, in thousandths of the lines:
# - loose: lines the breaker cannot justify within the tolerance even with
#   the emergency stretch (short list items and references with long URLs,
#   the glossary; 2.0% of the handbook's lines at 6x9in, where 2.4% were
#   set flush left before);
# - hyphenated: 8% (pandoc + TeX set 7.6% of the same chapters; 7.0% at
#   6x9in, 12.1% before the penalty of 200 and the pass without hyphens);
# - contrast: adjacent lines whose word spaces differ by more than 0.1 em
#   (3.1% of the lines at 6x9in);
# and, for all: no letter-spaced line (glyph expansion instead), word
# spaces of the lines within the tolerance from 0.14 em (a third of the
# 0.22 em space shrunk, less the rounding of the expansion's steps) to
# 0.38 em (the space stretched to the tolerance, 1.3 times half of it,
# plus what the whole steps of the expansion leave to the spaces), and at
# most MAX_RUNTS runts (a short word alone on a paragraph's last line,
# which the breaker avoids unless only a loose line would: 12 at 6x9in,
# 28 before the runt demerits).
check_total() {
  local row
  row=$(grep '^total ' "$1") || fail "$2: no total row in the report"
  read -r _ lines overfull loose tight ragged hyph runs widows orphans stranded split \
    letter expanded smin smax contrast runts <<<"$row"
  for v in overfull tight ragged runs widows orphans stranded split letter; do
    [ "${!v}" -eq 0 ] || { cat "$1" >&2; fail "$2: $v = ${!v}, expected 0"; }
  done
  [ "$lines" -gt 200 ] && [ "$hyph" -gt 0 ] && [ "$expanded" -gt 0 ] ||
    fail "$2: the report counted too little ($lines lines, $hyph hyphenated, $expanded expanded)"
  [ $((loose * 1000)) -le $((lines * $3)) ] || { cat "$1" >&2; fail "$2: $loose loose lines of $lines (ceiling $3‰)"; }
  [ $((hyph * 1000)) -le $((lines * $4)) ] || { cat "$1" >&2; fail "$2: $hyph hyphenated lines of $lines (ceiling $4‰)"; }
  [ $((contrast * 1000)) -le $((lines * $5)) ] ||
    { cat "$1" >&2; fail "$2: $contrast contrasting pairs of lines of $lines (ceiling $5‰)"; }
  [ "$runts" -le "$6" ] || { cat "$1" >&2; fail "$2: $runts runts (ceiling $6)"; }
  awk -v a="$smin" -v b="$smax" 'BEGIN { exit !(a >= 0.14 && b <= 0.38 && a < b) }' ||
    { cat "$1" >&2; fail "$2: word spaces $smin-$smax em, outside 0.14-0.38 em"; }
  echo "ok: $2: $lines lines, $loose loose, $hyph hyphenated, $expanded expanded, word spaces $smin-$smax em," \
    "$contrast contrasting pairs, $runts runts; zero overfull, tight, flush-left, letter-spaced lines," \
    "hyphen runs, widows, orphans, stranded headings, split rows"
}

# check_pages REPORT PDF LEADING LABEL MAX_SHORT MAX_UNEVEN: the page
# section of a report (holes before figures, short pages, hyphens at the
# foot of a recto, facing pages ending at different baselines), and the
# same measured on the PDF itself from MuPDF's baselines (pagefeet.py):
# no holes, no hyphen at a recto's foot, at most MAX_SHORT pages ending
# more than a line short and MAX_UNEVEN uneven spreads in either count.
check_pages() {
  local row pdf
  row=$(grep -A1 '^ *pages  *holes' "$1" | tail -1) || fail "$4: no page section in the report"
  read -r pages holes hole_lines short short_lines before recto verso spreads uneven <<<"$row"
  [ "$pages" -gt 4 ] && [ "$spreads" -gt 0 ] || fail "$4: the page section counted too little ($pages pages, $spreads spreads)"
  [ "$holes" -eq 0 ] && [ "$hole_lines" = 0.0 ] || { cat "$1" >&2; fail "$4: $holes holes before figures ($hole_lines lines)"; }
  [ "$recto" -eq 0 ] || { cat "$1" >&2; fail "$4: $recto hyphens at the foot of a recto"; }
  [ "$short" -le "$5" ] || { cat "$1" >&2; fail "$4: $short short pages (ceiling $5)"; }
  [ "$uneven" -le "$6" ] || { cat "$1" >&2; fail "$4: $uneven of $spreads spreads end at different baselines (ceiling $6)"; }
  pdf=$(python3 "$TOOLS/pagefeet.py" "$2" | awk -v lead="$3" -f "$TOOLS/pagefeet.awk") || fail "$4: pagefeet failed"
  read -r _ p_spreads _ p_uneven _ p_recto _ p_short _ <<<"$pdf"
  [ "$p_spreads" -gt 0 ] || fail "$4: no spread measured in the PDF ($pdf)"
  [ "$p_recto" -eq 0 ] || fail "$4: the PDF has $p_recto hyphens at a recto's foot ($pdf)"
  [ "$p_short" -le "$5" ] || fail "$4: the PDF has $p_short short pages, ceiling $5 ($pdf)"
  [ "$p_uneven" -le "$6" ] || fail "$4: the PDF has $p_uneven uneven spreads, ceiling $6 ($pdf)"
  echo "ok: $4 pages: $pages pages, no holes, no recto-foot hyphen, $short short, $uneven of $spreads spreads uneven; in the PDF $p_short short, $p_uneven of $p_spreads spreads uneven"
}

# the leading of each page setup (src/doc/theme.c), the unit of "short"
lead_of() { case "$1" in 6x9in) echo 13.6 ;; *) echo 15 ;; esac; }

for size in 6x9in a4 letter; do
  "$OCTAVO" build "$SRC" -o "$TMP/$size" --pdf --report --page-size "$size" >"$TMP/report-$size" 2>"$TMP/err-$size" ||
    { cat "$TMP/err-$size" >&2; fail "handbook build failed ($size)"; }
  [ ! -s "$TMP/err-$size" ] || { cat "$TMP/err-$size" >&2; fail "diagnostics ($size)"; }
  check_total "$TMP/report-$size" "handbook $size" 22 80 35 14
  # 6x9in: one page before a sub-chapter's two-line heading that the
  # gaps of a list cannot fill, and one that ends inside a code block, at
  # the code's own leading
  check_pages "$TMP/report-$size" "$TMP/$size/handbook.pdf" "$(lead_of "$size")" "handbook $size" 1 2
done

# figures placed to leave holes (tests/fixtures/floats): each floats to
# the top of the next page, in order, never before the paragraph that
# mentions it
for size in 6x9in a4 letter; do
  "$OCTAVO" build "$OV_FIXTURES/floats" -o "$TMP/floats-$size" --pdf --report --page-size "$size" \
    >"$TMP/report-floats-$size" 2>"$TMP/err-floats-$size" ||
    { cat "$TMP/err-floats-$size" >&2; fail "floats build failed ($size)"; }
  # long random words, as in the provocations: more loose and hyphenated lines
  check_total "$TMP/report-floats-$size" "floats $size" 70 300 100 2
  check_pages "$TMP/report-floats-$size" "$TMP/floats-$size/floats.pdf" "$(lead_of "$size")" "floats $size" 0 0
  pdftotext "$TMP/floats-$size/floats.pdf" "$TMP/floats-$size.txt"
  # word by word (a mention may wrap): "Figure N.M" is a mention and
  # "Figure N.M:" a caption; each caption's figure with its first
  # mention's page (-1: none in the text, a figure after a heading or
  # another figure) and its own
  awk '{ for (k = 1; k <= NF; k++) { w = $k; if (sub(/^\f/, "", w)) page++
           if (prev == "Figure" && w ~ /^[0-9]+\.[0-9]+:$/) { sub(/:$/, "", w); print w, (w in m ? m[w] : -1), page }
           else if (prev == "Figure" && w ~ /^[0-9]+\.[0-9]+/) { sub(/[^0-9.].*$/, "", w); sub(/\.$/, "", w); if (!(w in m)) m[w] = page }
           prev = w } }
       /^\f/ && NF == 0 { page++ }' \
    "$TMP/floats-$size.txt" >"$TMP/floats-$size.pages"
  [ "$(wc -l <"$TMP/floats-$size.pages")" -ge 20 ] || fail "floats $size: too few figures found"
  awk -v size="$size" '{ split($1, a, "."); k = a[1] * 1000 + a[2]
         if (k <= last) { print "floats " size ": Figure " $1 " set before an earlier figure"; bad = 1 }
         last = k
         if ($2 >= 0 && ($3 < $2 || $3 > $2 + 1)) { print "floats " size ": Figure " $1 " on page " $3 + 1 ", its mention on page " $2 + 1; bad = 1 } }
       END { exit bad }' "$TMP/floats-$size.pages" || fail "floats $size: figure order or place"
  echo "ok: floats $size: figures in order, each on its mention's page or the next"
done
# hyphenated words are extracted whole (/ActualText), except the few that
# cross a page break, where a marked-content span cannot reach
read -r _ _ _ _ _ _ hyph _ <<<"$(grep '^total ' "$TMP/report-6x9in")"
soft=$(pdftotext "$TMP/6x9in/handbook.pdf" - | grep -c $'\xC2\xAD' || true)
[ $((soft * 20)) -le "$hyph" ] || fail "$soft of $hyph hyphenated words are extracted with their hyphen"
echo "ok: $((hyph - soft)) of $hyph hyphenated words extract whole; $soft cross a page break"
# and no piece of a hyphenated word is extracted beside the whole word
# ("mathe mathematics", "technical cal"): the word's span covers all its
# pieces, a piece per hyphenation point
for size in 6x9in a4 letter; do
  python3 "$TOOLS/wordfragments.py" "$TMP/$size/handbook.pdf" "$SRC"/chapters/*.md "$SRC/book.yaml" \
    "$SRC"/chapters/figures/*.svg >"$TMP/fragments-$size" || { cat "$TMP/fragments-$size" >&2; fail "$size: fragments of hyphenated words"; }
done
echo "ok: no fragment of a hyphenated word beside the whole word, in the three page setups"
grep -q '^Page size: *432 x 648 pts' <<<"$(pdfinfo "$TMP/6x9in/handbook.pdf")" || fail "6x9in page size"
grep -q '^Page size: *595.28 x 841.89 pts (A4)' <<<"$(pdfinfo "$TMP/a4/handbook.pdf")" || fail "A4 page size"
grep -q '^Page size: *612 x 792 pts (letter)' <<<"$(pdfinfo "$TMP/letter/handbook.pdf")" || fail "letter page size"
echo "ok: --page-size sets 6x9in, A4 and US Letter pages"

FX=${OV_FIXTURES:?}/provoke
"$OCTAVO" build "$FX" -o "$TMP/provoke" --pdf --report >"$TMP/report-provoke" 2>"$TMP/err-provoke" ||
  { cat "$TMP/err-provoke" >&2; fail "provoke build failed"; }
# the provocations' random long words are much harder to set: more loose
# and hyphenated lines, but none flush left
check_total "$TMP/report-provoke" "provocations" 100 330 100 2
python3 "$TOOLS/wordfragments.py" "$TMP/provoke/provoke.pdf" "$FX"/chapters/*.md "$FX/book.yaml" >"$TMP/fragments-provoke" ||
  { cat "$TMP/fragments-provoke" >&2; fail "provocations: fragments of hyphenated words"; }
# two pages end before a heading that keeps a code block or a table's
# rows, on too few gaps to fill
check_pages "$TMP/report-provoke" "$TMP/provoke/provoke.pdf" 13.6 "provocations" 2 2
grep -qx "chapters/01-provocations.md:300:44: warning: 'zzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzz' is wider than the text block and is split" \
  "$TMP/err-provoke" || { cat "$TMP/err-provoke" >&2; fail "no warning for the unbreakable word"; }
echo "ok: the unbreakable word is split with a warning at its position"
"$OCTAVO" build "$SRC" -o "$TMP/bad" --page-size a5 2>"$TMP/err-a5" && fail "an unknown page size was accepted"
grep -qx "octavo: error: unknown page size 'a5' (use 6x9in, a4 or letter)" "$TMP/err-a5" || fail "unknown page size message"
echo "ok: an unknown --page-size is an error"
