#!/usr/bin/env bash
# Every raster format (tests/fixtures/images) and images larger than print
# needs, in both outputs: the PDF draws GIF's first frame, WebP and a CMYK
# JPEG at their own pixel sizes (pdfimages) and in their colours (rendered
# pixels); the EPUB holds GIF as it is, WebP converted to PNG or JPEG
# (EPUBCheck 4.2.6 refuses WebP), small images byte for byte, and large
# ones scaled down to the text block at 300 dpi, decodable; EPUBCheck is
# clean. Damaged files are positioned errors and replace no output.
. "$(dirname "$0")/lib.sh"
export SOURCE_DATE_EPOCH=$TEST_EPOCH
need pdfimages pdftoppm mutool pdfinfo unzip perl ppmmake pnmcat pnmtopng ppmtogif cjpeg pngtopnm djpeg giftopnm pnmfile
B=$TMP/book
cp -r "${OV_FIXTURES:?}/images" "$B"
IMG=$OV_FIXTURES/images/images

# pix FILE X Y: "R G B" of a pixel of a binary PPM or PGM (maxval 255)
pix() {
  perl -e 'local $/; open my $f, "<:raw", $ARGV[0] or die; my $d = <$f>;
    $d =~ s/\A(P[56])\s+(\d+)\s+(\d+)\s+255\s//s or die "not a PPM";
    my ($t, $w) = ($1, $2); my $c = $t eq "P6" ? 3 : 1;
    my @v = unpack("C*", substr($d, ($ARGV[2] * $w + $ARGV[1]) * $c, $c));
    @v = (@v) x 3 if $c == 1; print "@v\n"' "$@"
}
# count FILE R G B: how many pixels of a PPM are within 16 of R G B
count() {
  perl -e 'local $/; open my $f, "<:raw", $ARGV[0] or die; my $d = <$f>;
    $d =~ s/\A(P6)\s+(\d+)\s+(\d+)\s+255\s//s or die "not a PPM";
    my ($r, $g, $b) = @ARGV[1..3]; my $n = 0;
    for (my $i = 0; $i + 2 < length $d; $i += 3) {
      my ($x, $y, $z) = unpack("C3", substr($d, $i, 3));
      $n++ if abs($x - $r) <= 16 && abs($y - $g) <= 16 && abs($z - $b) <= 16 }
    print "$n\n"' "$@"
}
near() { # near "R G B" "R G B": every component within 16
  perl -e '@a = split " ", $ARGV[0]; @b = split " ", $ARGV[1];
    for (0..2) { exit 1 if abs($a[$_] - $b[$_]) > 16 }' "$1" "$2"
}

# --- images larger than print needs, made here so the repository stays small:
# red | blue PNG 4000x3000, an orange JPEG 3000x2000, a green | red GIF 3000x2000
ppmmake red 2000 3000 >"$TMP/l.ppm"
ppmmake blue 2000 3000 >"$TMP/r.ppm"
pnmcat -lr "$TMP/l.ppm" "$TMP/r.ppm" | pnmtopng >"$B/images/big.png" 2>/dev/null
ppmmake rgb:f0/8c/14 3000 2000 | cjpeg -quality 92 >"$B/images/big.jpg"
ppmmake rgb:00/a0/00 1500 2000 >"$TMP/l.ppm"
ppmmake red 1500 2000 >"$TMP/r.ppm"
pnmcat -lr "$TMP/l.ppm" "$TMP/r.ppm" | ppmtogif >"$B/images/big.gif" 2>/dev/null
cat >"$B/chapters/02-large.md" <<'MD'
# Large

![Red and blue, 4000 pixels wide](../images/big.png)

![Orange, 3000 pixels wide](../images/big.jpg)

![Green and red, 3000 pixels wide](../images/big.gif)
MD
echo "  - chapters/02-large.md" >>"$B/book.yaml"

OUT=$TMP/out
"$OCTAVO" build "$B" -o "$OUT" 2>"$TMP/err" || { cat "$TMP/err" >&2; fail "build failed"; }
grep -Exq 'octavo: note: 3 images were downsampled for the EPUB \(saved [0-9.]+ (kB|MB)\) and 3 WebP images converted to PNG or JPEG' "$TMP/err" &&
  grep -Fxq 'octavo: note: 1 CMYK JPEG image was converted to RGB for the EPUB (e-readers show CMYK wrongly)' "$TMP/err" &&
  [ "$(wc -l <"$TMP/err")" -eq 2 ] || { cat "$TMP/err" >&2; fail "expected two notes on the EPUB's images"; }
echo "ok: one note: $(cat "$TMP/err")"
PDF=$OUT/pictures.pdf EPUB=$OUT/pictures.epub
pdf_clean "$PDF"
epubcheck_clean "$EPUB"

# --- the same bytes on one thread as on several
"$OCTAVO" build "$B" -o "$TMP/one" -j 1 2>/dev/null
cmp "$PDF" "$TMP/one/pictures.pdf" && cmp "$EPUB" "$TMP/one/pictures.epub" || fail "-j 1 gives other bytes"
echo "ok: -j 1 gives the same bytes (the EPUB's images are made the same on any thread)"

# --- EPUB: media types, names, byte-identical small images, sizes within the cap
unzip -q -o "$EPUB" -d "$TMP/e"
E=$TMP/e/EPUB
grep -o '<item id="[a-z0-9-]*" href="images/[^"]*" media-type="[^"]*"' "$E/package.opf" |
  sed 's/.*href="//; s/" media-type="/ /; s/"$//' >"$TMP/items"
cat >"$TMP/expected" <<'EOF2'
images/1-lossy.jpg image/jpeg
images/2-anim.gif image/gif
images/3-interlaced.gif image/gif
images/4-alpha.png image/png
images/5-anim.png image/png
images/6-cmyk.jpg image/jpeg
images/7-icon.png image/png
images/8-photo.jpg image/jpeg
images/9-big.png image/png
images/10-big.jpg image/jpeg
images/11-big.png image/png
EOF2
diff "$TMP/expected" "$TMP/items" >&2 || fail "the EPUB's images or media types differ"
! grep -rqi '\.webp' "$E" || fail "a .webp file is named in the EPUB"
grep -q 'properties="cover-image"' "$E/package.opf" && grep -q 'id="cover-image" href="images/1-lossy.jpg"' "$E/package.opf" ||
  fail "the WebP cover is not the converted cover image"
grep -q 'src="images/11-big.png"' "$E/02-large.xhtml" || fail "the chapter does not name the GIF's PNG copy"
echo "ok: OPF media types; WebP as PNG (lossless, alpha, animated) or JPEG (lossy), the cover too"
for f in anim.gif:2-anim.gif interlaced.gif:3-interlaced.gif icon.png:7-icon.png photo.jpg:8-photo.jpg; do
  cmp "$IMG/${f%%:*}" "$E/images/${f#*:}" || fail "${f%%:*} is not carried byte for byte"
done
echo "ok: GIFs (animated too) and small PNG and JPEG files carried byte for byte"
# a CMYK JPEG becomes an RGB one (e-readers show CMYK wrongly; Calibre's
# check-book warns of it), green as in the PDF
djpeg "$E/images/6-cmyk.jpg" >"$TMP/cmyk.ppm" || fail "the EPUB's copy of the CMYK JPEG does not decode"
head -c 2 "$TMP/cmyk.ppm" | grep -qx P6 || fail "the EPUB's copy of the CMYK JPEG is not RGB"
python3 - "$TMP/cmyk.ppm" <<'PY' || fail "the EPUB's copy of the CMYK JPEG is not green"
import sys
import re
d = open(sys.argv[1], 'rb').read()
m = re.match(rb'P6\s+\d+\s+\d+\s+\d+\s', d)
r, g, b = d[m.end()], d[m.end() + 1], d[m.end() + 2]
sys.exit(0 if g > 200 and r < 60 and b < 60 else 1)
PY
echo "ok: the CMYK JPEG is an RGB JPEG in the EPUB, green"
[[ $(pdfinfo "$PDF") =~ Page\ size:\ +432\ x\ 648\ pts ]] || fail "the page is not 6x9in"
# the cap: the 6x9in text block, (432 - 54 - 50) x (648 - 54 - 66) pt, at 300 dpi
decode() {
  case $1 in *.png) pngtopnm "$1" ;; *.jpg) djpeg "$1" ;; *.gif) giftopnm "$1" ;; esac
}
for f in "$E"/images/*; do
  decode "$f" >"$TMP/d.pnm" 2>"$TMP/d.err" || fail "$(basename "$f") does not decode: $(cat "$TMP/d.err")"
  read -r w h < <(pnmfile "$TMP/d.pnm" | sed 's/.*, \([0-9]*\) by \([0-9]*\).*/\1 \2/')
  [ "$w" -le 1367 ] && [ "$h" -le 2200 ] || fail "$(basename "$f") is $w x $h, more than 1367 x 2200"
done
size() { decode "$1" >"$TMP/d.pnm" 2>/dev/null; pnmfile "$TMP/d.pnm" | sed 's/.*, \([0-9]*\) by \([0-9]*\).*/\1x\2/'; }
[ "$(size "$E/images/9-big.png")" = 1367x1025 ] || fail "big.png's copy is $(size "$E/images/9-big.png")"
[ "$(size "$E/images/10-big.jpg")" = 1367x911 ] || fail "big.jpg's copy is $(size "$E/images/10-big.jpg")"
[ "$(size "$E/images/11-big.png")" = 1367x911 ] || fail "big.gif's copy is $(size "$E/images/11-big.png")"
pngtopnm "$E/images/9-big.png" >"$TMP/big.ppm"
near "$(pix "$TMP/big.ppm" 10 500)" "255 0 0" && near "$(pix "$TMP/big.ppm" 1350 500)" "0 0 255" ||
  fail "big.png's copy lost its colours"
djpeg "$E/images/10-big.jpg" >"$TMP/big.ppm"
near "$(pix "$TMP/big.ppm" 600 400)" "240 140 20" || fail "big.jpg's copy is $(pix "$TMP/big.ppm" 600 400)"
for f in 9-big.png:big.png 10-big.jpg:big.jpg 11-big.png:big.gif; do
  [ "$(stat -c %s "$E/images/${f%%:*}")" -lt "$(stat -c %s "$B/images/${f#*:}")" ] || fail "${f#*:}'s copy is not smaller"
done
echo "ok: large images scaled to the text block at 300 dpi (1367 wide), smaller, decodable, in their colours"

# --- PDF: the original pixels, GIF's first frame, alpha as soft masks; colour
# images in the ICCBased sRGB space (PDF/X-4: no DeviceRGB), pdfimages's "icc"
pdfimages -list "$PDF" | awk 'NR > 2 { print $1, $4, $5, $6, $3 }' >"$TMP/list"
cat >"$TMP/expected" <<'EOF2'
60 40 icc image
60 40 gray smask
64 48 icc image
64 48 icc image
64 48 icc image
64 48 gray smask
64 48 icc image
48 32 icc image
24 24 icc image
24 24 gray smask
320 200 icc image
4000 3000 icc image
3000 2000 icc image
3000 2000 icc image
EOF2
cut -d' ' -f2- "$TMP/list" | diff "$TMP/expected" - >&2 || fail "the PDF's images differ (pdfimages -list)"
echo "ok: the PDF keeps every image's own pixel size; GIF and WebP transparency as soft masks"
P=$(head -1 "$TMP/list" | cut -d' ' -f1)
# drawn by mutool, which shows the images' sRGB as it is: poppler (with
# lcms) shows a PDF/X file as printed through its CMYK output intent
# (README, "Print-ready PDF"), red 255 0 0 as 236 27 36
mutool draw -q -r 50 -o "$TMP/page.ppm" "$PDF" "$P"
PAGE=$TMP/page.ppm
for c in "255 0 0:red (the GIF's first frame)" "0 160 0:green (interlaced GIF)" "240 140 20:orange (lossy WebP)" \
         "128 0 160:purple (lossless WebP)" "0 200 200:cyan (animated WebP's first frame)"; do
  # shellcheck disable=SC2086
  [ "$(count "$PAGE" ${c%%:*})" -ge 100 ] || fail "page $P shows no ${c#*:}"
done
# shellcheck disable=SC2046
[ "$(count "$PAGE" 0 0 255)" -eq 0 ] && [ "$(count "$PAGE" 220 0 220)" -eq 0 ] ||
  fail "page $P shows an animation's second frame (blue or magenta)"
# the GIF's border and the WebP's right half are transparent: the page shows through
pdfimages -f "$P" -l "$P" -png "$PDF" "$TMP/x"
pngtopnm "$TMP/x-001.png" >"$TMP/mask.pgm"
[ "$(pix "$TMP/mask.pgm" 1 1)" = "0 0 0" ] && [ "$(pix "$TMP/mask.pgm" 30 20)" = "255 255 255" ] ||
  fail "the GIF's soft mask does not follow its transparent index"
# the interlaced GIF's own samples: mutool extract, since pdfimages too
# converts them through the output intent
IL=$(pdfimages -list -f "$P" -l "$P" "$PDF" | awk 'NR == 5 { print $11 }')
(cd "$TMP" && mutool extract "$PDF" "$IL" >/dev/null 2>&1)
pngtopnm "$TMP/image-$(printf %04d "$IL").png" >"$TMP/il.ppm"
[ "$(pix "$TMP/il.ppm" 5 0)" = "0 160 0" ] && [ "$(pix "$TMP/il.ppm" 5 23)" = "0 160 0" ] &&
  [ "$(pix "$TMP/il.ppm" 5 24)" = "255 0 0" ] && [ "$(pix "$TMP/il.ppm" 5 47)" = "255 0 0" ] ||
  fail "the interlaced GIF's rows are out of place"
mutool draw -q -r 50 -o "$TMP/next.ppm" "$PDF" "$((P + 1))"
[ "$(count "$TMP/next.ppm" 0 255 0)" -ge 100 ] || fail "the CMYK JPEG is not green in the PDF"
echo "ok: rendered pixels: first frames (red, cyan; no blue or magenta), interlaced rows in place, CMYK JPEG green"

# --- damaged files: positioned errors, no output replaced
head -c 150 "$IMG/anim.gif" >"$B/images/cut.gif"
head -c 60 "$IMG/lossy.webp" >"$B/images/cut.webp"
head -c 1500 "$IMG/photo.jpg" >"$B/images/cut.jpg"
perl -e 'local $/; my $d = <STDIN>; my $i = index($d, "\x2c"); substr($d, $i + 12, 8) = "\xff" x 8; print $d' \
  <"$IMG/anim.gif" >"$B/images/bad.gif"
# a progressive JPEG whose first scan is repeated 1,200 times (libjpeg would
# decode each one in full)
ppmmake rgb:80/40/20 16 16 | cjpeg -progressive |
  perl -e 'local $/; my $d = <STDIN>; my $i = index($d, "\xFF\xDA");
    my $j = $i + 2 + unpack("n", substr($d, $i + 2, 2));
    while (1) { my $k = index($d, "\xFF", $j); my $n = substr($d, $k + 1, 1);
      if ($n ne "\x00" && !($n ge "\xD0" && $n le "\xD7")) { $j = $k; last } $j = $k + 1 }
    print substr($d, 0, $j), substr($d, $i, $j - $i) x 1200, substr($d, $j)' >"$B/images/scans.jpg"
cat >"$B/chapters/02-large.md" <<'MD'
# Damaged

![cut](../images/cut.gif)

![cut](../images/cut.webp)

![cut](../images/cut.jpg)

![bad](../images/bad.gif)

![scans](../images/scans.jpg)
MD
set +e; "$OCTAVO" build "$B" -o "$OUT" 2>"$TMP/err"; rc=$?; set -e
[ "$rc" -eq 1 ] || fail "damaged images: exit $rc, expected 1"
cat >"$TMP/expected" <<'EOF2'
chapters/02-large.md:3:1: error: image '../images/cut.gif' is damaged: the file is truncated
chapters/02-large.md:5:1: error: image '../images/cut.webp' is damaged: the file is truncated
chapters/02-large.md:7:1: error: image '../images/cut.jpg' is damaged: the file is truncated
chapters/02-large.md:9:1: error: image '../images/bad.gif' is damaged: GIF: image is defective, decoding aborted
chapters/02-large.md:11:1: error: image '../images/scans.jpg' is damaged: it has more than 1000 progressive scans
octavo: note: 3 WebP images were converted to PNG or JPEG for the EPUB (EPUBCheck 4.2.6 does not accept WebP)
octavo: note: 1 CMYK JPEG image was converted to RGB for the EPUB (e-readers show CMYK wrongly)
EOF2
diff "$TMP/expected" "$TMP/err" >&2 || fail "diagnostics for damaged images differ"
cmp "$PDF" "$TMP/one/pictures.pdf" && cmp "$EPUB" "$TMP/one/pictures.epub" || fail "a failed build replaced an output"
echo "ok: truncated GIF, WebP and JPEG, a defective GIF and a JPEG of 1,200 scans are positioned errors; the outputs stay"
