#!/usr/bin/env bash
# The EPUB's accessibility metadata and semantics (src/epub/a11y.c,
# semantics.c, cover.c; README "Accessibility of the EPUB"), on
# tests/fixtures/a11y and on the handbook: the EPUB Accessibility 1.1
# claim and a11y:certifiedBy when earned, a summary that counts this
# book's images, tables and formulas; the chapters' front-matter roles as
# epub:type, DPUB-ARIA roles, the body's partition and landmarks; the
# glossary as a dl; the Notes heading inside the aside pop-up readers
# hide; the typographic cover as the cover-image item (Calibre's
# ebook-meta finds it) or the 'cover:' image; fonts typed as Calibre's
# checker expects them (application/vnd.ms-opentype). A
# figure without alt text: no claim, and one exact warning. (EPUBCheck
# judges the handbook's EPUB in validated.sh.)
. "$(dirname "$0")/lib.sh"
need unzip ebook-meta
export SOURCE_DATE_EPOCH=$TEST_EPOCH
FX=${OV_FIXTURES:?}/a11y

cp -r "$FX" "$TMP/book"
"$OCTAVO" build "$TMP/book" -o "$TMP/out" --epub 2>"$TMP/err" || { cat "$TMP/err" >&2; fail "build"; }
[ ! -s "$TMP/err" ] || { cat "$TMP/err" >&2; fail "messages from a clean book"; }
mkdir "$TMP/x"
unzip -q "$TMP/out/a11y.epub" -d "$TMP/x"
E=$TMP/x/EPUB
opf=$(cat "$E/package.opf")
has() { grep -qF -- "$2" <<<"$1" || fail "$3: no '$2'"; }

# --- the claim and the metadata
has "$opf" '<meta property="dcterms:conformsTo">EPUB Accessibility 1.1 - WCAG 2.2 Level AA</meta>' "package"
has "$opf" '<meta property="a11y:certifiedBy">Octavo Test Lab</meta>' "package"
has "$opf" '<meta property="schema:accessibilityFeature">alternativeText</meta>' "package"
has "$opf" '<meta property="schema:accessModeSufficient">textual</meta>' "package"
has "$opf" '<meta property="schema:accessibilitySummary">This publication meets EPUB Accessibility 1.1 and WCAG 2.2 Level AA as far as its build could check. It has 6 chapters with headings that mark its structure, a table of contents and landmarks; the reading order is the order of the text, which can be restyled and reflows to any screen. Its image has a text alternative. Its table has a header row.</meta>' "package"
echo "ok: conformsTo, certifiedBy, features and a summary of this book"

# --- partitions, divisions and roles from the front matter
sect() { grep -o '<body[^>]*>\|<section class="chapter" epub:type="[a-z]*" role="[a-z-]*"' "$E/$1.xhtml" | tr '\n' ' '; }
[ "$(sect 00-preface)" = '<body epub:type="frontmatter"> <section class="chapter" epub:type="preface" role="doc-preface" ' ] || fail "preface: $(sect 00-preface)"
[ "$(sect 01-seeing)" = '<body epub:type="bodymatter"> <section class="chapter" epub:type="chapter" role="doc-chapter" ' ] || fail "chapter: $(sect 01-seeing)"
for f in 90-answers:appendix 91-glossary:glossary 92-reading:bibliography 93-colophon:colophon; do
  want="<body epub:type=\"backmatter\"> <section class=\"chapter\" epub:type=\"${f#*:}\" role=\"doc-${f#*:}\" "
  [ "$(sect "${f%:*}")" = "$want" ] || fail "${f%:*}: $(sect "${f%:*}")"
done
land=$(sed -n '/epub:type="landmarks"/,/<\/nav>/p' "$E/nav.xhtml" | grep -o '<a epub:type="[a-z-]*" href="[^"]*"' | tr '\n' ' ')
[ "$land" = '<a epub:type="cover" href="cover.xhtml" <a epub:type="titlepage" href="titlepage.xhtml" <a epub:type="copyright-page" href="copyright.xhtml" <a epub:type="toc" href="nav.xhtml#toc" <a epub:type="preface" href="00-preface.xhtml" <a epub:type="bodymatter" href="01-seeing.xhtml" <a epub:type="backmatter" href="90-answers.xhtml" <a epub:type="appendix" href="90-answers.xhtml" <a epub:type="glossary" href="91-glossary.xhtml" <a epub:type="bibliography" href="92-reading.xhtml" <a epub:type="colophon" href="93-colophon.xhtml" ' ] ||
  fail "landmarks: $land"
echo "ok: front, body and back matter; preface, chapter, appendix, glossary, bibliography, colophon with their roles and landmarks"

# --- the glossary as a definition list (both colon forms)
g=$(cat "$E/91-glossary.xhtml")
has "$g" '<dl class="glossary">
<dt epub:type="glossterm"><dfn>Braille display</dfn></dt>
<dd epub:type="glossdef">a device that raises pins to show text as braille.</dd>
<dt epub:type="glossterm"><dfn>Screen reader</dfn></dt>
<dd epub:type="glossdef">software that speaks what is on the screen.</dd>' "glossary"
! grep -q '<ul' <<<"$g" || fail "the glossary still has a ul"
# a list outside a glossary stays a list
grep -q '<ul class="hanging">' "$E/92-reading.xhtml" || fail "the further reading's list is no longer a ul"
echo "ok: the glossary's '**Term:** definition' items are a dl of dfn terms"

# --- the Notes heading inside the aside that pop-up readers hide
c=$(cat "$E/01-seeing.xhtml")
has "$c" '<section class="notes" epub:type="footnotes" role="doc-endnotes" aria-labelledby="notes_title">
<aside class="notes-all" epub:type="footnote" role="doc-footnote" aria-labelledby="notes_title">
<h2 id="notes_title">Notes</h2>
<aside class="note" epub:type="footnote" role="doc-footnote" id="fn-1">' "notes"
echo "ok: the Notes heading is inside an aside epub:type=footnote"

# --- the typographic cover, found by Calibre; fonts as Calibre's checker expects them
has "$opf" '<item id="cover-image" href="cover.png" media-type="image/png" properties="cover-image"/>' "package"
[ "$(head -c 8 "$E/cover.png" | od -An -tx1 | tr -d ' \n')" = 89504e470d0a1a0a ] || fail "cover.png is not a PNG"
grep -qF 'src="cover.png"' "$E/cover.xhtml" || fail "the cover page does not show cover.png"
ebook-meta "$TMP/out/a11y.epub" --get-cover="$TMP/got.png" >"$TMP/meta" 2>&1 || { cat "$TMP/meta" >&2; fail "ebook-meta"; }
cmp -s "$TMP/got.png" "$E/cover.png" || fail "ebook-meta does not find the typographic cover"
has "$opf" 'media-type="application/vnd.ms-opentype"/>' "package"
echo "ok: a typographic cover.png is the cover-image (ebook-meta finds it); fonts are application/vnd.ms-opentype"

# --- with 'cover:', that image is the cover
printf 'cover: images/cover.png\n' >>"$TMP/book/book.yaml"
"$OCTAVO" build "$TMP/book" -o "$TMP/out2" --epub 2>"$TMP/err" || { cat "$TMP/err" >&2; fail "build with a cover"; }
opf2=$(unzip -p "$TMP/out2/a11y.epub" EPUB/package.opf)
grep -qE '<item id="cover-image" href="images/[^"]*cover\.png" media-type="image/png" properties="cover-image"/>' <<<"$opf2" ||
  fail "the 'cover:' image is not the cover-image item"
! grep -q 'href="cover.png"' <<<"$opf2" || fail "a typographic cover besides the 'cover:' image"
echo "ok: the 'cover:' image is the cover-image item, and no typographic one is made"

# --- a figure without alt text: no claim, one warning at it
sed -i 's/!\[A bar chart[^]]*\]/![]/' "$TMP/book/chapters/01-seeing.md"
"$OCTAVO" build "$TMP/book" -o "$TMP/out3" --epub 2>"$TMP/err" || { cat "$TMP/err" >&2; fail "build without alt text"; }
want="chapters/01-seeing.md:5:1: warning: image '../images/chart.png' has no alt text: describe it for readers who cannot see it
chapters/01-seeing.md:5:1: warning: the EPUB makes no EPUB Accessibility 1.1 (WCAG 2.2 AA) conformance claim: 1 image without a text alternative"
[ "$(cat "$TMP/err")" = "$want" ] || { cat "$TMP/err" >&2; fail "the warning differs"; }
opf3=$(unzip -p "$TMP/out3/a11y.epub" EPUB/package.opf)
! grep -q 'conformsTo\|certifiedBy\|alternativeText' <<<"$opf3" || fail "a claim without alt text"
has "$opf3" 'This publication makes no accessibility conformance claim: it has 1 image without a text alternative.' "package"
has "$opf3" '1 of its 2 images have a text alternative.' "package"  # the cover counts, named by its page
echo "ok: an image without alt text: no claim, no certifiedBy, the summary says why, and one warning"

# --- the handbook: preface, glossary (a dl), answer key, further reading
"$OCTAVO" build "$SRC" -o "$TMP/hb" --epub 2>"$TMP/err" || { cat "$TMP/err" >&2; fail "build the handbook"; }
[ ! -s "$TMP/err" ] || { cat "$TMP/err" >&2; fail "messages from the handbook"; }
mkdir "$TMP/h"
unzip -q "$TMP/hb/handbook.epub" -d "$TMP/h"
hopf=$(cat "$TMP/h/EPUB/package.opf")
has "$hopf" '<meta property="dcterms:conformsTo">EPUB Accessibility 1.1 - WCAG 2.2 Level AA</meta>' "handbook"
! grep -q 'certifiedBy' <<<"$hopf" || fail "handbook: a11y:certifiedBy without accessibility-certified-by"
has "$hopf" 'All 6 images have a text alternative.' "handbook"
has "$hopf" '<meta property="schema:accessibilityFeature">MathML</meta>' "handbook"
grep -qF '<section class="chapter" epub:type="preface" role="doc-preface"' "$TMP/h/EPUB/00-preface.xhtml" || fail "handbook: preface"
grep -qF '<section class="chapter" epub:type="appendix" role="doc-appendix"' "$TMP/h/EPUB/92-answer-key.xhtml" || fail "handbook: answer key"
grep -qF '<section class="chapter" epub:type="bibliography" role="doc-bibliography"' "$TMP/h/EPUB/93-further-reading.xhtml" || fail "handbook: further reading"
n=$(grep -c '<dt epub:type="glossterm">' "$TMP/h/EPUB/91-glossary.xhtml") || true
[ "$n" -gt 200 ] || fail "handbook: $n glossary terms in a dl"
for t in preface bodymatter backmatter glossary appendix bibliography; do
  grep -qF "<a epub:type=\"$t\"" "$TMP/h/EPUB/nav.xhtml" || fail "handbook: no $t landmark"
done
ebook-meta "$TMP/hb/handbook.epub" --get-cover="$TMP/hcover.png" >"$TMP/meta" 2>&1 || fail "ebook-meta on the handbook"
[ -s "$TMP/hcover.png" ] || fail "ebook-meta finds no cover in the handbook"
echo "ok: handbook: claim, preface, appendix, bibliography, $n glossary terms in a dl, landmarks, a cover ebook-meta finds"
