#!/usr/bin/env bash
# With SOURCE_DATE_EPOCH, two builds give byte-identical PDF and EPUB, even
# with another time zone, output folder and working directory; the dates
# inside come from SOURCE_DATE_EPOCH.
. "$(dirname "$0")/lib.sh"
need cmp pdfinfo unzip
export SOURCE_DATE_EPOCH=1700000000
TZ=UTC "$OCTAVO" build "$SRC" -o "$TMP/a" 2>"$TMP/a.err" || { cat "$TMP/a.err" >&2; fail "first build failed"; }
mkdir -p "$TMP/elsewhere/deeper"
(cd "$TMP/elsewhere" && TZ=America/New_York LC_ALL=C "$OCTAVO" build "$SRC" -o deeper) 2>"$TMP/b.err" ||
  { cat "$TMP/b.err" >&2; fail "second build failed"; }
cmp "$TMP/a/handbook.pdf" "$TMP/elsewhere/deeper/handbook.pdf" || fail "PDF differs between builds"
cmp "$TMP/a/handbook.epub" "$TMP/elsewhere/deeper/handbook.epub" || fail "EPUB differs between builds"
echo "ok: PDF and EPUB byte-identical across two builds"
grep -q '^CreationDate: *Tue Nov 14 22:13:20 2023 UTC' <<<"$(pdfinfo "$TMP/a/handbook.pdf")" ||
  { pdfinfo "$TMP/a/handbook.pdf" >&2; fail "PDF creation date is not SOURCE_DATE_EPOCH"; }
grep -q '<meta property="dcterms:modified">2023-11-14T22:13:20Z</meta>' <<<"$(unzip -p "$TMP/a/handbook.epub" '*.opf')" ||
  fail "EPUB dcterms:modified is not SOURCE_DATE_EPOCH"
echo "ok: dates come from SOURCE_DATE_EPOCH"
SOURCE_DATE_EPOCH=yesterday "$OCTAVO" build "$SRC" -o "$TMP/c" 2>"$TMP/c.err" && fail "a bad SOURCE_DATE_EPOCH was accepted"
grep -qx "octavo: error: SOURCE_DATE_EPOCH must be a number of seconds since 1970, not 'yesterday'" "$TMP/c.err" ||
  { cat "$TMP/c.err" >&2; fail "unexpected diagnostic for a bad SOURCE_DATE_EPOCH"; }
echo "ok: a bad SOURCE_DATE_EPOCH is an error"

# Threads change nothing: one thread and four give the same bytes and the
# same diagnostics, in the same order (the provoking fixture, given a date
# the EPUB writer warns about, draws warnings from both writers).
cp -r "$SRC/tests/fixtures/provoke" "$TMP/provoke"
echo "date: someday" >>"$TMP/provoke/book.yaml"
for book in "$SRC" "$SRC/tests/fixtures/allconstructs" "$TMP/provoke"; do
  name=$(basename "$book")
  "$OCTAVO" build "$book" -o "$TMP/j1-$name" -j1 2>"$TMP/j1-$name.err" || true
  "$OCTAVO" build "$book" -o "$TMP/j4-$name" --jobs 4 2>"$TMP/j4-$name.err" || true
  ls "$TMP/j1-$name"/*.pdf "$TMP/j1-$name"/*.epub >/dev/null || fail "no outputs for $name"
  for f in "$TMP/j1-$name"/*.pdf "$TMP/j1-$name"/*.epub; do
    cmp "$f" "$TMP/j4-$name/$(basename "$f")" || fail "$(basename "$f") differs between -j1 and -j4 ($name)"
  done
  cmp "$TMP/j1-$name.err" "$TMP/j4-$name.err" || fail "diagnostics differ between -j1 and -j4 ($name)"
done
grep -q "is wider than the text block" "$TMP/j4-provoke.err" || fail "no PDF layout warning from the fixture"
grep -q "date 'someday' is not YYYY" "$TMP/j4-provoke.err" || fail "no EPUB warning from the fixture"
echo "ok: -j1 and -j4 give byte-identical outputs and diagnostics"

# With -j4 as with -j1, the messages of each chapter come in order, read
# errors included (chapters are parsed one after another: cmark-gfm's
# inline extensions share a global table, docs/libraries.md §3).
mkdir -p "$TMP/bad/chapters"
printf 'title: Bad\noutput: bad\nchapters:\n  - chapters/a.md\n  - chapters/missing.md\n  - chapters/c.md\n  - chapters/d.md\n' >"$TMP/bad/book.yaml"
printf '# A\n\nBad byte \377 here.\n\nA note[^x].\n' >"$TMP/bad/chapters/a.md"
printf '# C\n\nSee [nowhere](#nowhere) and[^y].\n\n[^z]: unused\n' >"$TMP/bad/chapters/c.md"
printf -- '---\ntitle: [unclosed\n---\n\nText.\n' >"$TMP/bad/chapters/d.md"
"$OCTAVO" build "$TMP/bad" -o "$TMP/bad1" -j1 2>"$TMP/bad1.err" && fail "a broken book built (-j1)"
"$OCTAVO" build "$TMP/bad" -o "$TMP/bad4" -j4 2>"$TMP/bad4.err" && fail "a broken book built (-j4)"
[ "$(wc -l <"$TMP/bad1.err")" -ge 4 ] || { cat "$TMP/bad1.err" >&2; fail "too few messages from the broken book"; }
cmp "$TMP/bad1.err" "$TMP/bad4.err" || fail "parse messages differ between -j1 and -j4"
echo "ok: parse messages in the same order with -j1 and -j4"
