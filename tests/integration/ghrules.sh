#!/usr/bin/env bash
# A book written for GitHub and mdBook (tests/fixtures/ghrules): heading
# ids as GitHub makes them, links to folders and to X.html, percent-encoded
# paths, off-book links with and without base-url, folded warnings, -o
# making folders. Both outputs are judged: the PDF's link annotations go to
# the pages that hold their targets, every EPUB href names an id that is
# there.
. "$(dirname "$0")/lib.sh"
export SOURCE_DATE_EPOCH=$TEST_EPOCH
need qpdf pdftotext pdfinfo pdfimages unzip perl
TOOLS=$SRC/tests/tools
B=$TMP/book
cp -r "${OV_FIXTURES:?}/ghrules" "$B"

# --- without base-url, into folders that do not exist yet (-o makes them)
OUT=$TMP/new/deeper/out
"$OCTAVO" build "$B" -o "$OUT" 2>"$TMP/err" || { cat "$TMP/err" >&2; fail "build failed"; }
[ -f "$OUT/fieldguide.pdf" ] && [ -f "$OUT/fieldguide.epub" ] || fail "-o did not make the missing folders"
echo "ok: -o makes every missing folder of its path"
cat >"$TMP/expected" <<'EOF2'
README.md:6:19: warning: link target 'code/example.py' is not a chapter of this book; its text is kept without a link (set 'base-url' in book.yaml to link to the file online)
README.md:7:5: warning: link target 'LICENSE' is not a chapter of this book; its text is kept without a link (set 'base-url' in book.yaml to link to the file online)
02-setup/README.md:12:9: warning: link target '#nope': no heading or figure with id 'nope'
03-reference/index.md:6:44: warning: link target '../intro.md#no-such-place': no heading or figure with id 'no-such-place'
02-setup/README.md:12:9: note: ... and 2 more like this in 02-setup/README.md
EOF2
diff "$TMP/expected" "$TMP/err" >&2 || fail "diagnostics differ"
echo "ok: one warning per off-book file (code/example.py twice, once with #L10), repeated misses folded into a count"
PDF=$OUT/fieldguide.pdf EPUB=$OUT/fieldguide.epub
pdf_clean "$PDF"
epubcheck_clean "$EPUB"

# --- EPUB: GitHub's ids on the headings, every in-book href lands on an id
unzip -q -o "$EPUB" -d "$TMP/e"
grep -o '<h2 id="[^"]*"' "$TMP/e/EPUB/intro.xhtml" | sed 's/^<h2 id="//; s/"$//' >"$TMP/got"
printf '%s\n' why-this-book whats-new-in-20- faq faq-1 'über-straße' custom s-1-first-steps 'setup----fast' >"$TMP/expected"
diff "$TMP/expected" "$TMP/got" >&2 || fail "heading ids of intro.md differ from GitHub's"
grep -q '<h2 id="custom">Custom anchor</h2>' "$TMP/e/EPUB/intro.xhtml" || fail "'{#custom}' is not taken out of the heading"
perl "$TOOLS/epubrefs.pl" "$TMP/e/EPUB" >"$TMP/refs" || { cat "$TMP/refs" >&2; fail "an EPUB href names a missing id"; }
# the page list links to a marker for each page of the PDF besides
pages=$(pdfinfo "$PDF" | awk '/^Pages:/ {print $2}')
links=$(sed -n 's/^\([0-9]*\) in-book links checked$/\1/p' "$TMP/refs")
[ -n "$links" ] && [ $((links - pages)) -ge 40 ] && [ $((links - pages)) -le 49 ] ||
  { cat "$TMP/refs" >&2; fail "too few EPUB links checked"; }
# the links as GitHub and mdBook readers mean them
links() { grep -o '<a [^>]*href="[^"]*"' "$TMP/e/EPUB/$1" | sed 's/.*href="//; s/"$//' | tr '\n' ' '; }
[ "$(links README.xhtml)" = 'intro.xhtml#why-this-book README-2.xhtml index.xhtml ' ] ||
  fail "README.md's links (X.html#id, folder/, folder without slash): $(links README.xhtml)"
[ "$(links README-2.xhtml)" = 'intro.xhtml#faq README.xhtml intro.xhtml#%C3%BCber-stra%C3%9Fe index.xhtml #chapter #chapter #chapter ' ] ||
  fail "02-setup/README.md's links (../, encoded fragment, index.html): $(links README-2.xhtml)"
[ "$(links index.xhtml)" = 'intro.xhtml README-2.xhtml intro.xhtml#custom intro.xhtml ' ] ||
  fail "03-reference/index.md's links: $(links index.xhtml)"
! grep -q 'example\.py"\|LICENSE"' "$TMP/e/EPUB/"*.xhtml || fail "an off-book file is linked in the EPUB"
grep -q 'the example script' "$TMP/e/EPUB/README.xhtml" || fail "the off-book link's text is lost"
[ "$(unzip -Z1 "$EPUB" | grep -c '^EPUB/images/')" -eq 2 ] || fail "the two percent-encoded images are not in the EPUB"
echo "ok: EPUB ids are GitHub's; folder, X.html, index.html and encoded links resolve; off-book links are text"

# --- PDF: the text, both images, no URI, each internal link on its target's page
pdftotext "$PDF" "$TMP/pdf.txt"
tr '\n' ' ' <"$TMP/pdf.txt" | tr -s ' ' >"$TMP/flat.txt"
for s in 'Why this book?' "What’s new in 2.0?" 'Über Straße' 'Custom anchor' '1. First steps' 'Setup – fast' \
         'Figure 2.1: A diagram of the parts' 'the example script' 'licence'; do
  grep -qF -- "$s" "$TMP/flat.txt" || fail "PDF text lacks '$s'"
done
! grep -qF '{#custom}' "$TMP/flat.txt" || fail "'{#custom}' is printed"
n=$(pdfimages -list "$PDF" | awk 'NR>2 && $3=="image"' | wc -l)
[ "$n" -eq 2 ] || fail "expected the 2 percent-encoded images in the PDF, found $n"
qpdf --qdf --object-streams=disable "$PDF" "$TMP/q.pdf"
! grep -aq '/URI' "$TMP/q.pdf" || fail "the PDF has a URI link (an off-book file without base-url)"
perl "$TOOLS/pdflinks.pl" "$TMP/q.pdf" >"$TMP/annots"
pages=$(pdfinfo "$PDF" | awk '/^Pages:/ {print $2}')
page_of() {
  for ((i = 5; i <= pages; i++)); do
    if pdftotext -f "$i" -l "$i" "$PDF" - | tr '\n' ' ' | grep -qF -- "$1"; then echo "$i"; return; fi
  done
  fail "no page holds '$1'"
}
readme=$(page_of 'Welcome!') why=$(page_of 'Because anchors') faq=$(page_of 'First questions.')
setup=$(page_of 'Read the FAQ') ref=$(page_of 'See the introduction') steps=$(page_of 'The id of a heading')
custom=$(page_of 'An explicit id')
# on each page, the distinct pages its links go to
dests() { awk -v p="$1" -F': ' '$1 == p {print $2}' "$TMP/annots" | tr ' ' '\n' | sort -un | tr '\n' ' '; }
want() { printf '%s\n' "$@" | sort -un | tr '\n' ' '; }
[ "$(dests "$readme")" = "$(want "$why" "$setup" "$ref")" ] || fail "README's links go to $(dests "$readme")"
[ "$(dests "$faq")" = "$(want "$faq" "$setup")" ] || fail "intro's first links go to $(dests "$faq")"
# the intro's last links: "fast setup" (its heading's page), the start and
# custom (the page of its last paragraph, wherever the page breaks fall)
last=$(page_of 'Back to the start') fast=$(page_of 'Two hyphens stay two')
[ "$(dests "$last")" = "$(want "$fast" "$readme" "$custom")" ] || fail "intro's last links go to $(dests "$last")"
[ "$(dests "$setup")" = "$(want "$faq" "$readme" "$ref" "$setup")" ] || fail "setup's links go to $(dests "$setup")"
[ "$(dests "$ref")" = "$(want "$why" "$setup" "$custom")" ] || fail "reference's links go to $(dests "$ref")"
echo "ok: PDF link annotations go to the pages of their targets; no URI for off-book files"

# --- with base-url: off-book files become absolute links, without a warning
sed -i 's|^output: fieldguide$|output: fieldguide\nbase-url: https://github.com/example/field-guide/blob/main/|' "$B/book.yaml"
"$OCTAVO" build "$B" -o "$TMP/out2" 2>"$TMP/err" || { cat "$TMP/err" >&2; fail "build with base-url failed"; }
! grep -q 'not a chapter' "$TMP/err" || { cat "$TMP/err" >&2; fail "base-url: off-book files still reported"; }
qpdf --qdf --object-streams=disable "$TMP/out2/fieldguide.pdf" "$TMP/q2.pdf"
grep -a '/URI (' "$TMP/q2.pdf" | sed -E 's/^ *\/URI \((.*)\)$/\1/' | sort -u >"$TMP/got"
printf '%s\n' https://github.com/example/field-guide/blob/main/LICENSE \
  https://github.com/example/field-guide/blob/main/code/example.py \
  https://github.com/example/field-guide/blob/main/code/example.py#L10 | sort >"$TMP/expected"
diff "$TMP/expected" "$TMP/got" >&2 || fail "the PDF's base-url links differ"
unzip -p "$TMP/out2/fieldguide.epub" EPUB/README-2.xhtml >"$TMP/x"
grep -q 'href="https://github.com/example/field-guide/blob/main/code/example.py#L10"' "$TMP/x" ||
  fail "the EPUB's base-url link differs"
echo "ok: with base-url, off-book files are absolute links in both books"

# --- a failed build into the same folder keeps the last good books
sum=$(sha256_of "$OUT/fieldguide.pdf")
printf '\n![gone](images/none.png)\n' >>"$B/intro.md"
if "$OCTAVO" build "$B" -o "$OUT" 2>"$TMP/err"; then fail "a missing image did not fail the build"; fi
grep -qx "intro.md:42:1: error: image 'images/none.png' not found" "$TMP/err" || { cat "$TMP/err" >&2; fail "missing image diagnostic"; }
[ "$(sha256_of "$OUT/fieldguide.pdf")" = "$sum" ] || fail "a failed build replaced the last good PDF"
echo "ok: a failed build leaves the last good books"
echo "ghrules: all passed"
