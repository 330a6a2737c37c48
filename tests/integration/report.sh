#!/usr/bin/env bash
# The layout report (octavo build --report) on the handbook in the three
# page setups and on a chapter made to provoke every problem: no overfull
# or over-tight lines, no runs of more than two hyphens, no widows,
# orphans, stranded headings or split table rows, and no loose lines: a
# line that cannot be justified within the tolerance is set flush left
# instead ("ragged"), which the report counts; those are held under a
# ceiling (3% of the handbook's lines; 15% of the provocations, whose
# random long words are much harder to justify) so that they cannot grow.
. "$(dirname "$0")/lib.sh"
need pdfinfo pdftotext

# check_total REPORT LABEL MAX_LOOSE_PERCENT: the "total" row of a report
check_total() {
  local row
  row=$(grep '^total ' "$1") || fail "$2: no total row in the report"
  read -r _ lines overfull loose tight ragged hyph runs widows orphans stranded split <<<"$row"
  for v in overfull loose tight runs widows orphans stranded split; do
    [ "${!v}" -eq 0 ] || { cat "$1" >&2; fail "$2: $v = ${!v}, expected 0"; }
  done
  [ "$lines" -gt 200 ] && [ "$hyph" -gt 0 ] || fail "$2: the report counted too little ($lines lines, $hyph hyphenated)"
  [ $((ragged * 100)) -lt $((lines * $3)) ] || fail "$2: $ragged ragged lines of $lines (ceiling $3%)"
  echo "ok: $2: $lines lines, $hyph hyphenated, $ragged set flush left, and zero overfull, loose, tight, hyphen runs, widows, orphans, stranded headings, split rows"
}

for size in 6x9in a4 letter; do
  "$OCTAVO" build "$SRC" -o "$TMP/$size" --pdf --report --page-size "$size" >"$TMP/report-$size" 2>"$TMP/err-$size" ||
    { cat "$TMP/err-$size" >&2; fail "handbook build failed ($size)"; }
  [ ! -s "$TMP/err-$size" ] || { cat "$TMP/err-$size" >&2; fail "diagnostics ($size)"; }
  check_total "$TMP/report-$size" "handbook $size" 3
done
# hyphenated words are extracted whole (/ActualText), except the few that
# cross a page break, where a marked-content span cannot reach
read -r _ _ _ _ _ _ hyph _ <<<"$(grep '^total ' "$TMP/report-6x9in")"
soft=$(pdftotext "$TMP/6x9in/handbook.pdf" - | grep -c $'\xC2\xAD' || true)
[ $((soft * 20)) -le "$hyph" ] || fail "$soft of $hyph hyphenated words are extracted with their hyphen"
echo "ok: $((hyph - soft)) of $hyph hyphenated words extract whole; $soft cross a page break"
grep -q '^Page size: *432 x 648 pts' <<<"$(pdfinfo "$TMP/6x9in/handbook.pdf")" || fail "6x9in page size"
grep -q '^Page size: *595.28 x 841.89 pts (A4)' <<<"$(pdfinfo "$TMP/a4/handbook.pdf")" || fail "A4 page size"
grep -q '^Page size: *612 x 792 pts (letter)' <<<"$(pdfinfo "$TMP/letter/handbook.pdf")" || fail "letter page size"
echo "ok: --page-size sets 6x9in, A4 and US Letter pages"

FX=${OV_FIXTURES:?}/provoke
"$OCTAVO" build "$FX" -o "$TMP/provoke" --pdf --report >"$TMP/report-provoke" 2>"$TMP/err-provoke" ||
  { cat "$TMP/err-provoke" >&2; fail "provoke build failed"; }
check_total "$TMP/report-provoke" "provocations" 15
grep -qx "chapters/01-provocations.md:300:44: warning: 'zzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzz' is wider than the text block and is split" \
  "$TMP/err-provoke" || { cat "$TMP/err-provoke" >&2; fail "no warning for the unbreakable word"; }
echo "ok: the unbreakable word is split with a warning at its position"
"$OCTAVO" build "$SRC" -o "$TMP/bad" --page-size a5 2>"$TMP/err-a5" && fail "an unknown page size was accepted"
grep -qx "octavo: error: unknown page size 'a5' (use 6x9in, a4 or letter)" "$TMP/err-a5" || fail "unknown page size message"
echo "ok: an unknown --page-size is an error"
