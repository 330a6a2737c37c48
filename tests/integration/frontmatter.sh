#!/usr/bin/env bash
# The front matter (tests/fixtures/frontmatter: an ISBN, an edition, a
# licence, a rights holder; four chapters ending with the same two
# boilerplate sections): page i is the half-title, the title alone; its
# verso blank; the title page iii; the copyright page iv with the ©
# notice, the licence, the edition, the ISBN and "Typeset with Octavo",
# and no identifier or date; the contents without the boilerplate
# sections nor the preface's (the outline keeps them), which
# contents-exclude overrides; the EPUB's copyright page and nav alike (the
# boilerplate items hidden, EPUBCheck clean). A wrong ISBN check digit is
# an exact diagnostic; a legacy rights sentence still builds, its notice
# printed once. The handbook's contents fit in three pages at 6x9in.
. "$(dirname "$0")/lib.sh"
need pdftotext pdfinfo mutool unzip
export SOURCE_DATE_EPOCH=$TEST_EPOCH
FIX=$SRC/tests/fixtures/frontmatter

# page_text PDF N: the text of page N, blank lines and margins dropped
page_text() { pdftotext -f "$2" -l "$2" "$1" - | sed -e 's/^[[:space:]]*//' -e 's/[[:space:]]*$//' -e '/^$/d' -e '/^\f$/d' | tr -d '\f'; }

cp -r "$FIX" "$TMP/book"
"$OCTAVO" build "$TMP/book" -o "$TMP/out" 2>"$TMP/err" || { cat "$TMP/err" >&2; fail "build"; }
[ ! -s "$TMP/err" ] || { cat "$TMP/err" >&2; fail "messages from a clean book"; }
PDF=$TMP/out/presses.pdf EPUB=$TMP/out/presses.epub

# --- PDF: half-title, blank verso, title page
p1=$(page_text "$PDF" 1)
[ "$p1" = "A Field Guide to Small Presses" ] || fail "page i is not the title alone: '$p1'"
[ -z "$(page_text "$PDF" 2)" ] || fail "the half-title's verso is not blank"
p3=$(page_text "$PDF" 3)
for s in "A Field Guide to Small Presses" "Printing, binding and selling" "Ada Lovelace" "Octavo Test Press"; do
  grep -qxF "$s" <<<"$p3" || fail "the title page lacks '$s': $p3"
done
echo "ok: page i is the half-title (the title alone), ii blank, iii the title page"

# --- PDF: the copyright page, in the order of the CMS (1.19-1.33)
p4=$(page_text "$PDF" 4 | tr '\n' ' ' | sed 's/ $//')
want="Published by Octavo Test Press © 2025 The Analytical Society This work is licensed under CC BY 4.0. To view a copy of this license, visit https:// creativecommons.org/licenses/by/4.0/ First edition, 2025 ISBN 978-0-306-40615-7 Typeset with Octavo "
[ "${p4#"$want"}" != "$p4" ] || fail "the copyright page differs: '$p4'"
grep -qE 'Typeset with Octavo [0-9]+\.[0-9]+\.[0-9]+$' <<<"$p4" || fail "no version after 'Typeset with Octavo': $p4"
for s in urn:uuid Identifier Date: urn:isbn; do
  ! grep -qF "$s" <<<"$p4" || fail "the copyright page prints '$s'"
done
# set at the foot of the text block: its last line is lower than the
# title page's publisher line
ylast() { mutool draw -q -F stext -o - "$1" "$2" 2>/dev/null | perl -ne 'print "$1\n" if /<line bbox="[\d.]+ [\d.]+ [\d.]+ ([\d.]+)"/' | sort -n | tail -1; }
y4=$(ylast "$PDF" 4) y3=$(ylast "$PDF" 3)
perl -e "exit !($y4 >= $y3 - 1)" || fail "the copyright page's text is not at the foot ($y4 vs the title page's $y3)"
echo "ok: copyright page: publisher, © 2025 holder, licence, edition, ISBN, Typeset with Octavo; at the foot; no identifier or date"

# --- PDF: the contents (page v) and the outline
p5=$(page_text "$PDF" 5)
head -1 <<<"$p5" | grep -qx Contents || fail "page v is not the contents: $p5"
for s in "Setting by hand" "Deckle edges" "Pricing a small run" Preface "4 Selling"; do
  grep -qF "$s" <<<"$p5" || fail "the contents lack '$s'"
done
for s in Summary Exercises "How to read this book"; do
  ! grep -qF "$s" <<<"$p5" || fail "the contents list the boilerplate '$s'"
done
[ "$(page_text "$PDF" 6)" = "" ] || fail "the contents run past one page"
mutool show "$PDF" outline >"$TMP/outline"
[ "$(grep -c '"Summary"' "$TMP/outline")" -eq 4 ] || fail "the outline does not keep the boilerplate sections"
echo "ok: contents on one page without Summary, Exercises and the preface's section; the outline keeps them"

# --- EPUB: copyright page, nav, identifier
mkdir "$TMP/e" && unzip -q "$EPUB" -d "$TMP/e"
C=$TMP/e/EPUB/copyright.xhtml
for s in '<p class="publisher">Published by Octavo Test Press</p>' '<p class="notice">© 2025 The Analytical Society</p>' \
  '<p class="edition group">First edition, 2025</p>' '<p class="isbn">ISBN 978-0-306-40615-7</p>' \
  'licensed under CC BY 4.0. To view a copy of this license, visit https://creativecommons.org/licenses/by/4.0/</p>' \
  '<p class="colophon group">Typeset with Octavo '; do
  grep -qF "$s" "$C" || fail "the EPUB's copyright page lacks: $s"
done
! grep -qE 'urn:|Identifier|Publication date' "$C" || fail "the EPUB's copyright page prints the identifier or the date"
N=$TMP/e/EPUB/nav.xhtml
[ "$(grep -c '<li hidden="hidden"><a href="0[1-4]-[a-z]*.xhtml#\(summary\|exercises\)">' "$N")" -eq 8 ] ||
  fail "the nav does not hide the 8 boilerplate entries"
grep -qF '<li><a href="02-paper.xhtml#deckle-edges">Deckle edges</a></li>' "$N" || fail "a section is hidden in the nav"
grep -qF '<dc:identifier id="pub-id">urn:isbn:9780306406157</dc:identifier>' "$TMP/e/EPUB/package.opf" ||
  fail "the ISBN does not identify the EPUB"
epubcheck_clean "$EPUB"
echo "ok: EPUB copyright page as the PDF's; nav with the boilerplate hidden; urn:isbn identifier"

# --- contents-exclude replaces the rule
printf 'contents-exclude: [Exercises]\n' >>"$TMP/book/book.yaml"
"$OCTAVO" build "$TMP/book" --pdf -o "$TMP/out2" 2>"$TMP/err" || { cat "$TMP/err" >&2; fail "build with contents-exclude"; }
p5=$(page_text "$TMP/out2/presses.pdf" 5)
grep -qF Summary <<<"$p5" && grep -qF "How to read this book" <<<"$p5" && ! grep -qF Exercises <<<"$p5" ||
  fail "contents-exclude: [Exercises] does not list Summary and leave out Exercises: $p5"
echo "ok: contents-exclude names the sections left out instead of the rule"

# --- a wrong check digit: one exact diagnostic at the value, nothing written
cp -r "$FIX" "$TMP/bad"
sed -i 's/978-0-306-40615-7/978-0-306-40615-8/' "$TMP/bad/book.yaml"
if "$OCTAVO" build "$TMP/bad" -o "$TMP/badout" 2>"$TMP/err"; then fail "a wrong ISBN check digit built"; fi
[ "$(cat "$TMP/err")" = "book.yaml:6:7: error: ISBN '978-0-306-40615-8' has a wrong check digit (the last digit should be 7)" ] ||
  { cat "$TMP/err" >&2; fail "the bad ISBN's diagnostic differs"; }
[ ! -e "$TMP/badout/presses.pdf" ] || fail "a book with a bad ISBN was written"
echo "ok: a wrong ISBN check digit: $(cat "$TMP/err")"

# --- a legacy book.yaml: its rights sentence gives the notice, printed once
cp -r "$FIX" "$TMP/old"
sed -i -e '/^isbn:/d' -e '/^rights-holder:/d' -e '/^license:/,/^  url:/d' -e '/^edition:/d' "$TMP/old/book.yaml"
printf 'rights: "Copyright 2024 Old Press. Licensed under the Old Licence."\n' >>"$TMP/old/book.yaml"
"$OCTAVO" build "$TMP/old" --pdf -o "$TMP/oldout" 2>"$TMP/err" || { cat "$TMP/err" >&2; fail "a legacy book.yaml"; }
[ ! -s "$TMP/err" ] || { cat "$TMP/err" >&2; fail "messages from a legacy book.yaml"; }
p4=$(page_text "$TMP/oldout/presses.pdf" 4 | tr '\n' ' ')
grep -qF '© 2024 Old Press Licensed under the Old Licence. Typeset with Octavo' <<<"$p4" &&
  ! grep -qF Copyright <<<"$p4" || fail "a legacy rights sentence: '$p4'"
echo "ok: a legacy rights sentence builds: $p4"

# --- the handbook's contents at 6x9in: three pages (five with every
# chapter's boilerplate sections)
"$OCTAVO" build "$SRC" --pdf --page-size 6x9in -o "$TMP/hb" 2>"$TMP/err" || { cat "$TMP/err" >&2; fail "handbook"; }
n=0
for p in $(seq 5 14); do
  t=$(page_text "$TMP/hb/handbook.pdf" "$p")
  [ "$(head -1 <<<"$t")" = Contents ] && n=$((n + 1))
done
[ "$n" -ge 1 ] && [ "$n" -le 3 ] || fail "the handbook's contents take $n pages at 6x9in (at most 3)"
echo "ok: the handbook's contents take $n pages at 6x9in"
