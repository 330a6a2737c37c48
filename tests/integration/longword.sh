#!/usr/bin/env bash
# A word of a million bytes with no break opportunity (ASCII, two- and
# three-byte characters) builds, PDF and EPUB, with one warning at its
# position; the PDF's lines give back every character of it in order, and
# the EPUB holds it whole. The split is linear (tests/unit/test_layout.c
# proves it without a clock); before, this book took gigabytes and most
# of a minute.
. "$(dirname "$0")/lib.sh"
need pdftotext unzip awk

B=$TMP/book
mkdir -p "$B/chapters"
printf 'title: T\noutput: word\n' >"$B/book.yaml"
# none of these characters is in the folios (roman numerals), the running
# heads ("T"), the contents or the copyright page, so the lines of the
# word are the lines made of them alone
awk 'BEGIN { srand(7); split("q z k m g \xc3\xa9 \xd0\xb6 \xe2\x82\xac \xc3\x9f", c, " ");
  n = 0; while (n < 1000000) { s = c[int(rand() * 9) + 1]; printf "%s", s; n += length(s) } }' >"$TMP/word"
{ printf '# T\n\n'; cat "$TMP/word"; printf '\n'; } >"$B/chapters/01.md"
"$OCTAVO" build "$B" 2>"$TMP/err" || { head -c 2000 "$TMP/err" >&2; fail "the book of one long word failed"; }
[ "$(grep -c 'is wider than the text block and is split' "$TMP/err")" -eq 1 ] ||
  { head -c 2000 "$TMP/err" >&2; fail "expected one warning for the word"; }
grep -q '^chapters/01.md:3:1: warning: ' "$TMP/err" || fail "the warning is not at the word's position"
echo "ok: a word of $(wc -c <"$TMP/word") bytes builds with one warning at its position"

pdftotext -enc UTF-8 "$B/out/word.pdf" "$TMP/text"
LC_ALL=C.UTF-8 grep -E '^(q|z|k|m|g|é|ж|€|ß)+$' "$TMP/text" | tr -d '\n' >"$TMP/got" || true
cmp -s "$TMP/got" "$TMP/word" ||
  fail "the PDF's lines give $(wc -c <"$TMP/got") bytes, not the word's $(wc -c <"$TMP/word")"
lines=$(LC_ALL=C.UTF-8 grep -cE '^(q|z|k|m|g|é|ж|€|ß)+$' "$TMP/text")
echo "ok: the PDF's $lines lines of it give back the word byte for byte"

unzip -p "$B/out/word.epub" '*.xhtml' >"$TMP/xhtml"
grep -qF -f "$TMP/word" "$TMP/xhtml" || fail "the EPUB does not hold the word whole"
echo "ok: the EPUB holds the word whole"
