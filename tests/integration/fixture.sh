#!/usr/bin/env bash
# The fixture book that uses every construct: both outputs pass the
# validators, and the content of each construct is found in them.
. "$(dirname "$0")/lib.sh"
export SOURCE_DATE_EPOCH=$TEST_EPOCH # the same bytes in every pass (lib.sh)
need qpdf pdftotext pdfimages unzip
FX=${OV_FIXTURES:?}/allconstructs
"$OCTAVO" build "$FX" -o "$TMP/out" 2>"$TMP/build.err" || { cat "$TMP/build.err" >&2; fail "octavo build failed"; }
[ ! -s "$TMP/build.err" ] || { cat "$TMP/build.err" >&2; fail "the fixture builds with diagnostics"; }
PDF=$TMP/out/allconstructs.pdf EPUB=$TMP/out/allconstructs.epub
pdf_clean "$PDF"
epubcheck_clean "$EPUB"

# --- PDF content: every construct's text is there
pdftotext "$PDF" "$TMP/pdf.txt"
# phrases may cross line ends: search the text as one line
tr '\n' ' ' <"$TMP/pdf.txt" | tr -s ' ' >"$TMP/flat.txt"
for s in 'Chapter 1' 'Basics & “Inlines”' 'Chapter 2' 'More Constructs' 'Contents' \
         'strong emphasis' 'inline code' '1990–2000' 'an em' 'dash—like this—and an ellipsis…' \
         'café, naïve, façade, Ærøskøbing' 'Ελληνικά' \
         'def greet(name: str) -> str:' 'Right aligned' 'apples' '100.25' \
         'Figure 1.1: Three bars, each taller than the last' 'Figure 2.1' \
         'A note called from inside the block quote.' 'Footnote numbers restart in every chapter.' \
         'Nested numbered two' 'A finished task' 'a quoted item'; do
  grep -qF -- "$s" "$TMP/flat.txt" || fail "PDF text lacks '$s'"
done
echo "ok: the PDF text holds every construct"
# images: the PNG figure, the JPEG figure, the cover used as a figure and
# the red dot inside a line of text (24 px at 1.2 em of the body size)
n=$(pdfimages -list "$PDF" | awk 'NR>2 && $3=="image"' | wc -l)
[ "$n" -eq 4 ] || { pdfimages -list "$PDF" >&2; fail "expected 4 images in the PDF, found $n"; }
grep -qx jpeg <<<"$(pdfimages -list "$PDF" | awk 'NR>2 {print $9}')" || fail "the JPEG is not passed through"
if grep -qF '[red dot]' "$TMP/flat.txt"; then fail "the inline icon is shown as its alt text"; fi
echo "ok: 4 images (one inside text), the JPEG kept as DCT"
# links: external URIs and internal destinations, without borders
qpdf --qdf --object-streams=disable "$PDF" "$TMP/qdf.pdf"
grep -aq '/URI (https://www.w3.org/TR/epub-33/)' "$TMP/qdf.pdf" || fail "no URI link to the EPUB spec"
nlinks=$(grep -ac '/Subtype /Link' "$TMP/qdf.pdf" || true)
ndest=$(grep -ac '^ */Dest ' "$TMP/qdf.pdf" || true)
[ "$nlinks" -ge 20 ] && [ "$ndest" -ge 10 ] || fail "too few links ($nlinks) or internal destinations ($ndest)"
# qdf writes arrays one element per line: /Border [ then 0, 0, 0, ]
nborder=$(awk '/\/Border \[/ {b=1; s=""; next} b && /\]/ {b=0; print s; next} b {s=s $1 " "}' "$TMP/qdf.pdf" |
  grep -cx '0 0 0 ' || true)
[ "$nborder" -eq "$nlinks" ] || fail "$nlinks links but only $nborder have a zero border"
echo "ok: $nlinks link annotations ($ndest internal), borderless"
# outline and page labels
qpdf --json --json-key=outlines --json-key=pagelabels "$PDF" >"$TMP/nav.json"
for t in '"title": "Contents"' '"title": "1. Basics & “Inlines”"' '"title": "2. More Constructs"' \
         '"title": "Links of every kind"' '"title": "Some heading"' '"/S": "/r"' '"/S": "/D"'; do
  grep -qF -- "$t" "$TMP/nav.json" || fail "outline/page labels lack $t"
done
echo "ok: outline mirrors the contents; page labels roman then decimal"

# --- EPUB structure and markup
unzip -Z1 "$EPUB" >"$TMP/entries"
[ "$(head -1 "$TMP/entries")" = mimetype ] || fail "mimetype is not the first entry"
grep -q ' Stored ' <<<"$(unzip -v "$EPUB" mimetype)" || fail "mimetype is compressed"
[ "$(unzip -p "$EPUB" mimetype)" = "application/epub+zip" ] || fail "mimetype content"
for e in META-INF/container.xml; do grep -qx "$e" "$TMP/entries" || fail "missing $e"; done
grep -q 'nav.xhtml$' "$TMP/entries" || fail "no nav.xhtml"
grep -q 'toc.ncx$' "$TMP/entries" || fail "no toc.ncx"
grep -q '\.ttf$' "$TMP/entries" || fail "fonts not embedded"
grep -q 'chart.png$' "$TMP/entries" || fail "image not packaged"
unzip -p "$EPUB" '*01-basics.xhtml' >"$TMP/ch1.xhtml"
unzip -p "$EPUB" '*.opf' >"$TMP/opf"
unzip -p "$EPUB" '*nav.xhtml' >"$TMP/nav"
for s in '<figure' 'alt="' '<figcaption' 'epub:type="noteref"' '<th' '<pre' '<del>' \
         'href="02-more.xhtml#' 'id="links-of-every-kind"'; do
  grep -qF -- "$s" "$TMP/ch1.xhtml" || fail "chapter 1 XHTML lacks $s"
done
for s in 'dcterms:modified' 'schema:accessMode' 'schema:accessModeSufficient' 'schema:accessibilityFeature' \
         'schema:accessibilityHazard' 'schema:accessibilitySummary' 'properties="nav"' 'cover-image' \
         '<dc:creator' 'Bruno Müller-Ščepanović' '<dc:language>en</dc:language>'; do
  grep -qF -- "$s" "$TMP/opf" || fail "OPF lacks $s"
done
for s in 'epub:type="toc"' 'epub:type="landmarks"' 'Some heading'; do
  grep -qF -- "$s" "$TMP/nav" || fail "nav lacks $s"
done
echo "ok: EPUB package, metadata, navigation and chapter markup"

# --- heading order (Ace's heading-order, WCAG 1.3.1): in every content
# document no heading is more than one level below the one before it;
# 02-more's "###" before any "##" is written as an h2 (and listed in the
# contents as a section), its deeper headings follow on
python3 - "$EPUB" <<'PY' || fail "a content document of the fixture skips a heading level"
import re, sys, zipfile
z = zipfile.ZipFile(sys.argv[1])
for name in z.namelist():
    if not name.endswith(".xhtml") or name.endswith("nav.xhtml"):
        continue
    prev = 0
    for m in re.finditer(r"<h([1-6])[ >]", z.read(name).decode()):
        level = int(m.group(1))
        assert level <= prev + 1, (name, prev, level)
        prev = level
PY
unzip -p "$EPUB" '*02-more.xhtml' | grep -q '<h2 id="a-level-three-heading-before-any-level-two">' ||
  fail "02-more's first ### is not written as an h2"
unzip -p "$EPUB" '*02-more.xhtml' | grep -o '<h[1-6] id="[a-z-]*"' | sed 's/ id=/ /' | tr '\n' ' ' >"$TMP/h2more"
grep -qF '<h2 "some-heading" <h3 "subsection-with-code-in-its-title" <h4 "deeper-heading" <h5 "level-five" <h6 "level-six"' "$TMP/h2more" ||
  { cat "$TMP/h2more" >&2; fail "02-more's headings after the first lost their levels"; }
echo "ok: EPUB headings never skip a level going down"
