#!/usr/bin/env bash
# SVG images (tests/fixtures/svg): a diagram drawn as vectors in the PDF,
# its text set in the book's fonts (selectable, no image); a gradient that
# librsvg draws as a 300 dpi picture, with a note; hostile files whose
# scripts, event attributes, HTML and outside references reach neither
# output; files refused with exact diagnostics (entities, damaged XML,
# limits). Rendered pixels say the shapes are where and what colour the
# SVG says.
. "$(dirname "$0")/lib.sh"
export SOURCE_DATE_EPOCH=$TEST_EPOCH
need pdftotext pdfimages mutool pnmcut unzip perl
TOOLS=$SRC/tests/tools
B=$TMP/book
cp -r "${OV_FIXTURES:?}/svg" "$B"
OUT=$TMP/out
"$OCTAVO" build "$B" -o "$OUT" 2>"$TMP/err" || { cat "$TMP/err" >&2; fail "build failed"; }
cat >"$TMP/expected" <<'EOF2'
diagrams.md:9:1: note: image 'images/gradient.svg' uses a gradient: drawn as a 300 dpi picture in the PDF
EOF2
diff "$TMP/expected" "$TMP/err" >&2 || fail "diagnostics differ"
echo "ok: one note for the SVG librsvg draws, nothing for the hostile files (their bad parts are dropped)"
PDF=$OUT/drawings.pdf EPUB=$OUT/drawings.epub
pdf_clean "$PDF"
epubcheck_clean "$EPUB"

# --- EPUB: sanitised SVG copies, declared as SVG
unzip -q -o "$EPUB" -d "$TMP/e"
ls "$TMP/e/EPUB/images" >"$TMP/got"
printf '%s\n' 1-diagram.svg 2-gradient.svg 3-script.svg 4-links.svg 5-foreign.svg 6-style.svg >"$TMP/want"
diff "$TMP/want" "$TMP/got" >&2 || fail "the EPUB's images differ"
n=$(grep -c 'media-type="image/svg+xml"' "$TMP/e/EPUB/package.opf")
[ "$n" = 6 ] || fail "$n SVG items in the manifest, not 6"
bad=$(cat "$TMP/e/EPUB/images/"*.svg | grep -Eio 'script|onload|onclick|javascript|foreignObject|iframe|evil\.example|outside\.png|passwd|@import|<set|<animate|XSS|foreign-HTML|DOCTYPE|ENTITY' | sort -u | tr '\n' ' ' || true)
[ -z "$bad" ] || fail "hostile parts reach the EPUB: $bad"
grep -q '<rect width="100" height="100" fill="#0000ff"/>' "$TMP/e/EPUB/images/3-script.svg" || fail "the script file's drawing is lost"
grep -q '<g><rect width="50" height="50" fill="#00ff00"/></g>' "$TMP/e/EPUB/images/4-links.svg" || fail "a link's content is not kept as a group"
grep -q 'xlink:href="#dot"' "$TMP/e/EPUB/images/1-diagram.svg" || fail "an internal use reference is dropped"
grep -q 'fill="url(#g)"' "$TMP/e/EPUB/images/2-gradient.svg" || fail "an internal paint reference is dropped"
grep -q '<img src="images/1-diagram.svg" alt="A red box, a blue circle and a dashed arc"/>' "$TMP/e/EPUB/diagrams.xhtml" \
  || fail "the diagram's <img> differs"
grep -q '<img src="images/3-script.svg" alt="Blue square"/>' "$TMP/e/EPUB/hostile.xhtml" \
  || fail "an SVG's <title> is not the alt text of an image without one"
echo "ok: six sanitised SVG files in the EPUB, no script, event, HTML or outside reference in them; an SVG's title as alt text"

# --- PDF: the vector diagram's text is text; one picture, the gradient's
pdftotext -f 7 -l 7 "$PDF" "$TMP/p7.txt"
grep -q '^Input box$' "$TMP/p7.txt" || fail "the diagram's text 'Input box' is not in the PDF's text"
grep -q '^Output circle$' "$TMP/p7.txt" || fail "the diagram's text 'Output circle' is not in the PDF's text"
pdftotext "$PDF" - | grep -q '^Figure 2.1: Blue square$' || fail "an SVG's <title> is not the caption of an image without alt text"
pdfimages -list "$PDF" | awk 'NR > 2 { print $1, $3, $4, $5 }' >"$TMP/images"
printf '%s\n' '7 image 938 188' '7 smask 938 188' >"$TMP/want"
diff "$TMP/want" "$TMP/images" >&2 || fail "the PDF's images differ (want only the gradient, at 300 dpi)"
echo "ok: the diagram is vectors with its text in the book's fonts; the gradient is one 938x188 picture with a soft mask"

# --- pixels: the shapes where the SVG puts them, in its colours
# (drawn by mutool, which shows sRGB as it is; poppler shows a PDF/X file
# through its CMYK output intent, README "Print-ready PDF")
mutool draw -q -r 72 -o "$TMP/p-5.ppm" "$PDF" 7 2>/dev/null
perl "$TOOLS/ppmcolors.pl" "$TMP/p-5.ppm" red=255,0,0 blue=0,0,255 purple=128,0,128 orange=255,165,0 \
  green=0,255,0 yellow=255,255,0 cyan=0,255,255 halfgreen=128,255,128 >"$TMP/colors"
read -r _ rn rx0 ry0 rx1 ry1 < <(grep '^red ' "$TMP/colors")
read -r _ bn bx0 by0 bx1 by1 < <(grep '^blue ' "$TMP/colors")
read -r _ gn gx0 gy0 gx1 gy1 < <(grep '^green ' "$TMP/colors")
read -r _ yn yx0 yy0 yx1 yy1 < <(grep '^yellow ' "$TMP/colors")
read -r _ cn cx0 cy0 cx1 cy1 < <(grep '^cyan ' "$TMP/colors")
[ "$rn" -gt 3000 ] && [ "$bn" -gt 2000 ] || { cat "$TMP/colors" >&2; fail "the red box or the blue circle is missing"; }
# the box is 120 x 80 user units, the circle 80 across, both at 300/400 of 72/96
w=$((rx1 - rx0)) h=$((ry1 - ry0))
[ $((w * 2)) -ge $((h * 3 - 6)) ] && [ $((w * 2)) -le $((h * 3 + 6)) ] || fail "the red box is ${w}x${h}, not 3:2"
[ "$bx0" -gt "$rx1" ] && [ $(((by0 + by1) / 2)) -ge "$ry0" ] && [ $(((by0 + by1) / 2)) -le "$ry1" ] || { cat "$TMP/colors" >&2; fail "the circle is not right of the box"; }
grep -Eq '^purple [0-9]{3}' "$TMP/colors" && grep -Eq '^orange [0-9]{3}' "$TMP/colors" || { cat "$TMP/colors" >&2; fail "the path or the rotated square is missing"; }
[ "$gn" -gt 100 ] && [ "$yn" -gt 100 ] && [ "$gx1" -lt "$yx0" ] && [ "$gy0" -gt "$ry1" ] \
  || { cat "$TMP/colors" >&2; fail "the gradient does not run from green (left) to yellow (right) below the diagram"; }
# fill-opacity 0.5 over white: a graphics state with /ca 0.5, not a picture
# (above the gradient, whose light greens mutool draws near 128 255 128 too)
pnmcut -top 0 -height $((gy0 - 1)) "$TMP/p-5.ppm" >"$TMP/above.ppm"
read -r _ hn hx0 hy0 hx1 hy1 < <(perl "$TOOLS/ppmcolors.pl" "$TMP/above.ppm" halfgreen=128,255,128)
[ "$hn" -gt 500 ] && [ "$hx0" -gt "$rx1" ] && [ "$hx1" -lt "$bx0" ] || { cat "$TMP/colors" >&2; fail "the half-transparent green box is not drawn between the box and the circle"; }
# the PNG inside the gradient's file (a data: URL): 10 x 10 at its bottom right
[ "$cn" -gt 20 ] && [ "$cx0" -gt "$yx0" ] && [ "$cy1" -ge $((yy1 - 2)) ] || { cat "$TMP/colors" >&2; fail "the gradient file's embedded PNG is not drawn at its bottom right"; }
echo "ok: red box left of the blue circle at 3:2, path and rotated square drawn, gradient green to yellow with its embedded PNG"
mutool draw -q -r 36 -o "$TMP/all-%d.ppm" "$PDF" 2>/dev/null
for p in "$TMP"/all-*.ppm; do perl "$TOOLS/ppmcolors.pl" "$p" blue=0,0,255 magenta=255,0,255 lime=0,255,0 yel=255,255,0; done >"$TMP/hostile"
grep -Eq '^magenta [0-9]{3}' "$TMP/hostile" && grep -Eq '^yel [0-9]{3}' "$TMP/hostile" || { cat "$TMP/hostile" >&2; fail "the hostile files' drawings are lost"; }
echo "ok: the hostile files' own drawings are kept"

# --- nothing read from outside the book
for f in "$PDF" "$EPUB"; do
  if LC_ALL=C grep -a -q 'root:x:0' "$f" || LC_ALL=C grep -a -q 'evil.example' "$f"; then fail "$(basename "$f") holds outside content"; fi
done
(cd "$TMP/e" && ! grep -rqa 'root:x:0\|evil.example' .) || fail "the EPUB's files hold outside content"
pdftotext "$PDF" - | grep -q 'root:' && fail "the PDF's text holds passwd content"
echo "ok: no passwd content or outside address in either output"

# --- refused files: exact diagnostics, no output
R=$TMP/refused
mkdir -p "$R/images"
cp "$OV_FIXTURES/svg/refused/"* "$R/images/"
printf 'title: Refused\nauthors: [A]\nlanguage: en\nchapters: [r.md]\n' >"$R/book.yaml"
{
  echo '# Refused'
  for f in xxe laughs param damaged nons z deep usebomb; do
    ext=svg; [ $f = z ] && ext=svgz
    printf '\n![%s](images/%s.%s)\n' "$f" "$f" "$ext"
  done
} >"$R/r.md"
if "$OCTAVO" build "$R" -o "$TMP/rout" 2>"$TMP/err"; then fail "a book with refused SVG files built"; fi
cat >"$TMP/expected" <<'EOF2'
r.md:3:1: error: image 'images/xxe.svg' declares an XML entity ('xxe'): SVG files with entity declarations are refused, as nothing outside the file may be read
images/xxe.svg:3:43: note: the entity is declared here
r.md:5:1: error: image 'images/laughs.svg' declares an XML entity ('lol'): SVG files with entity declarations are refused, as nothing outside the file may be read
images/laughs.svg:3:20: note: the entity is declared here
r.md:7:1: error: image 'images/param.svg' declares an XML entity ('dtd'): SVG files with entity declarations are refused, as nothing outside the file may be read
images/param.svg:3:52: note: the entity is declared here
r.md:9:1: error: image 'images/damaged.svg' is a damaged SVG file: opening and ending tag mismatch: rect line 3 and g
images/damaged.svg:4:7: note: the SVG file's problem is here
r.md:11:1: error: image 'images/nons.svg' is not an SVG file: its root element is not svg in the SVG namespace (xmlns="http://www.w3.org/2000/svg")
r.md:13:1: error: image 'images/z.svgz' is compressed (gzip, as .svgz is): store it uncompressed
r.md:15:1: error: image 'images/deep.svg' is too complex: elements nested more than 128 deep
images/deep.svg:1: note: the limit is passed here
r.md:17:1: error: image 'images/usebomb.svg' is too complex: it draws more than 200000 elements (counting what <use> repeats)
images/usebomb.svg:1: note: the limit is passed here
EOF2
diff "$TMP/expected" "$TMP/err" >&2 || fail "diagnostics for refused SVG files differ"
[ ! -e "$TMP/rout" ] || [ -z "$(ls "$TMP/rout")" ] || fail "outputs written despite errors"
echo "ok: entity declarations (external, nested, parameter), damaged XML, a foreign root, gzip and limits refused, each at its reference and in the file"
