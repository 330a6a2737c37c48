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

# The malloc settings a build starts itself again with (src/cli/main.c,
# tune_malloc) change nothing in the outputs: a build told not to use
# them gives the same bytes.
GLIBC_TUNABLES=glibc.malloc.hugetlb=0 "$OCTAVO" build "$SRC" -o "$TMP/untuned" 2>"$TMP/untuned.err" ||
  { cat "$TMP/untuned.err" >&2; fail "the build without the malloc settings failed"; }
for f in "$TMP/a"/*.pdf "$TMP/a"/*.epub; do
  cmp "$f" "$TMP/untuned/$(basename "$f")" || fail "$(basename "$f") differs without the malloc settings"
done
echo "ok: the malloc settings change no byte of the outputs"

# With -j4 as with -j1, the messages of each chapter come in order, read
# errors included (chapters are parsed on several threads, each into a
# part of its own joined in order; cmark-gfm's inline pass takes turns,
# docs/libraries.md §3).
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

# Many chapters parsed at once: each keeps its strikethrough and its
# formulas (the special characters cmark-gfm shares between parsers), an
# mdBook include names a file first seen on some thread, and the messages
# (a bad formula, a missing include in every chapter) come in book order.
# The included text is one word: the ties pass (src/doc/ties.c, rule 1)
# would give "part 01" a no-break space, and this looks for the include,
# not for the ties.
mkdir -p "$TMP/many/chapters"
{ printf 'title: Many\noutput: many\nchapters:\n'; for i in $(seq -w 1 40); do printf '  - chapters/c%s.md\n' "$i"; done; } >"$TMP/many/book.yaml"
for i in $(seq -w 1 40); do
  printf 'included%s\n' "$i" >"$TMP/many/chapters/inc$i.txt"
  printf '# Chapter %s\n\nStruck ~~out%s~~ and $x_{%s}^2$ here.\n\nBad $\\nosuch%s$ and {{#include inc%s.txt}} and {{#include gone%s.txt}}.\n' \
    "$i" "$i" "$i" "$i" "$i" "$i" >"$TMP/many/chapters/c$i.md"
done
"$OCTAVO" build "$TMP/many" -o "$TMP/many1" -j1 2>"$TMP/many1.err" && fail "a book with bad formulas built (-j1)"
for run in 1 2 3; do
  "$OCTAVO" build "$TMP/many" -o "$TMP/many4" -j4 2>"$TMP/many4.err" && fail "a book with bad formulas built (-j4)"
  cmp "$TMP/many1.err" "$TMP/many4.err" || { diff "$TMP/many1.err" "$TMP/many4.err" | head >&2; fail "messages differ between -j1 and -j4 (run $run)"; }
done
[ "$(grep -c "unknown math command" "$TMP/many4.err")" = 40 ] || { cat "$TMP/many4.err" >&2; fail "not one math error per chapter"; }
grep -qx "chapters/c07.md:5:6: error: unknown math command '\\\\nosuch'" "$TMP/many4.err" ||
  { cat "$TMP/many4.err" >&2; fail "math error not at its position"; }
"$OCTAVO" check "$TMP/many" -j4 >/dev/null 2>&1 || true
sed -i 's/ and {{#include gone[0-9]*.txt}}//; s/Bad \$\\nosuch[0-9]*\$ and //' "$TMP/many/chapters/"*.md
"$OCTAVO" build "$TMP/many" -o "$TMP/many4" -j4 2>"$TMP/many4.err" || { cat "$TMP/many4.err" >&2; fail "the mended book failed"; }
html=$(unzip -p "$TMP/many4/many.epub" '*.xhtml')
[ "$(grep -o '<del>out[0-9]*</del>' <<<"$html" | sort -u | wc -l)" = 40 ] || fail "a chapter lost its strikethrough with -j4"
[ "$(grep -o '<math' <<<"$html" | wc -l)" -ge 40 ] || fail "a chapter lost its formula with -j4"
[ "$(grep -o 'included[0-9]*' <<<"$html" | sort -u | wc -l)" = 40 ] || fail "a chapter lost its include with -j4"
echo "ok: 40 chapters parsed on 4 threads keep their strikethrough, formulas, includes and message order"
