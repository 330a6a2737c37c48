#!/usr/bin/env bash
# Bad input gets exact diagnostics, all in one run, and never costs the last
# good book: bad manifests and chapters, images that are empty, truncated,
# corrupt, huge, of another format, remote or outside the book (also through
# a symbolic link); 'octavo check' writes nothing; an output folder that
# cannot be made; and a full disk.
. "$(dirname "$0")/lib.sh"
need cmp head dd

B=$TMP/book
mkdir -p "$B/chapters" "$B/images"
printf 'title: Bad Book\noutput: bad\n' >"$B/book.yaml"
printf '# One\n\nFine.\n' >"$B/chapters/01.md"
"$OCTAVO" build "$B" --pdf 2>"$TMP/err" || { cat "$TMP/err" >&2; fail "the good version failed"; }
cp "$B/out/bad.pdf" "$TMP/good.pdf"

# --- images of every kind of wrong
png=${OV_FIXTURES:?}/allconstructs/images/chart.png
: >"$B/images/empty.png"
head -c 60 "$png" >"$B/images/truncated.png"
cp "$png" "$B/images/corrupt.png"
# flip a byte inside the first IDAT chunk's data: its CRC no longer matches
off=$(grep -abo IDAT "$png" | head -1 | cut -d: -f1)
printf '\x00' | dd of="$B/images/corrupt.png" bs=1 seek=$((off + 8)) conv=notrunc 2>/dev/null
printf 'BM\x3a\x00\x00\x00\x00\x00\x00\x00\x36\x00' >"$B/images/pic.bmp"
# a valid PNG header that declares 100000 x 100000 pixels; its CRC-32 is
# the one gzip stores (little-endian) in its trailer
ihdr='IHDR\x00\x01\x86\xa0\x00\x01\x86\xa0\x08\x02\x00\x00\x00'
crc=$(printf "$ihdr" | gzip -c | tail -c8 | head -c4 | od -An -tx1 | awk '{printf "\\x%s\\x%s\\x%s\\x%s", $4, $3, $2, $1}')
printf "\x89PNG\r\n\x1a\n\x00\x00\x00\r$ihdr$crc" >"$B/images/huge.png"
ln -s /etc/hostname "$B/images/link.png"
echo secret >"$TMP/outside.png"
cat >"$B/chapters/01.md" <<'MD'
# One

![empty](../images/empty.png)
![truncated](../images/truncated.png)
![corrupt](../images/corrupt.png)
![bmp](../images/pic.bmp)
![huge](../images/huge.png)
![link](../images/link.png)
![outside](../../outside.png)
![remote](https://example.org/x.png)
![](../images/missing.png)
MD
set +e; "$OCTAVO" build "$B" 2>"$TMP/err"; rc=$?; set -e
[ "$rc" -eq 1 ] || fail "bad images: exit $rc, expected 1"
cat >"$TMP/expected" <<'EOF2'
chapters/01.md:3:1: error: image '../images/empty.png' is empty
chapters/01.md:6:1: error: image '../images/pic.bmp' is not a PNG, JPEG, GIF, WebP or SVG file (supported: .png, .jpg, .gif, .webp, .svg)
chapters/01.md:7:1: error: image '../images/huge.png' is too large (100000x100000 pixels; the limit is 40000000 pixels)
chapters/01.md:8:1: error: image '../images/link.png' is outside the book folder
chapters/01.md:9:1: error: image '../../outside.png' is outside the book folder
chapters/01.md:10:1: warning: remote image 'https://example.org/x.png' is not fetched; its alt text is shown instead
chapters/01.md:11:1: error: image '../images/missing.png' not found
chapters/01.md:4:1: error: image '../images/truncated.png' is damaged: read beyond end of data
chapters/01.md:5:1: error: image '../images/corrupt.png' is damaged: IDAT: invalid code lengths set
EOF2
diff "$TMP/expected" "$TMP/err" >&2 || fail "diagnostics for bad images differ"
cmp "$B/out/bad.pdf" "$TMP/good.pdf" || fail "a failed build changed the PDF"
[ ! -e "$B/out/bad.epub" ] || fail "a failed build wrote an EPUB"
# the EPUB, made on its own thread, was written to a temporary file before
# the PDF's errors were known: it must be gone
! ls -a "$B/out" | grep -q '\.tmp\.' || { ls -a "$B/out" >&2; fail "a failed build left a temporary file"; }
echo "ok: every bad image reported in one run; the last good PDF survives"

# --- a manifest that names things outside the book, twice, or a folder
mkdir -p "$B/chapters/folder.md"
printf '# One\n\nFine.\n' >"$B/chapters/01.md"
cat >"$B/book.yaml" <<'YAML'
title: Bad Book
output: bad
cover: ../outside.png
fonts:
  regular: /usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf
chapters:
  - chapters/01.md
  - chapters/./01.md
  - chapters/folder.md
  - ../outside.md
YAML
set +e; "$OCTAVO" build "$B" 2>"$TMP/err"; rc=$?; set -e
[ "$rc" -eq 1 ] || fail "bad manifest: exit $rc, expected 1"
cat >"$TMP/expected" <<'EOF2'
book.yaml:5:12: error: font file '/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf' is outside the book folder
book.yaml:8:5: error: chapter 'chapters/./01.md' is listed twice (first at line 7)
book.yaml:3:8: error: cover image '../outside.png' is outside the book folder
book.yaml:9:5: error: cannot read chapter 'chapters/folder.md': it is a folder
book.yaml:10:5: error: chapter '../outside.md' is outside the book folder
EOF2
diff "$TMP/expected" "$TMP/err" >&2 || fail "diagnostics for the bad manifest differ"
echo "ok: fonts, cover and chapters outside the book, duplicates and folders are refused"

# --- characters the fonts cannot show: once each, at their first place;
# a snowman and a double-struck A come from the fallback fonts, silently
# (a private-use character and U+1F9FF, an emoji newer than Symbola, are
# in no font)
printf 'title: Bad Book\noutput: bad\n' >"$B/book.yaml"
rm -rf "$B/chapters/folder.md"
printf '# One\n\nA snowman \xe2\x98\x83, an \xee\x80\x80, again \xee\x80\x80, *italic \xee\x80\x80*, an eye \xf0\x9f\xa7\xbf and a double-struck \xf0\x9d\x94\xb8.\n' >"$B/chapters/01.md"
"$OCTAVO" build "$B" --pdf 2>"$TMP/err" || { cat "$TMP/err" >&2; fail "missing glyphs made the build fail"; }
printf '%s\n' \
  "chapters/01.md:3:19: warning: character U+E000 '$(printf '\xee\x80\x80')' is in none of the fonts (the book's or the fallback fonts); it prints as an empty box" \
  "chapters/01.md:3:56: warning: character U+1F9FF '$(printf '\xf0\x9f\xa7\xbf')' is in none of the fonts (the book's or the fallback fonts); it prints as an empty box" \
  >"$TMP/expected"
diff "$TMP/expected" "$TMP/err" >&2 || fail "diagnostics for missing characters differ"
# the snowman and the double-struck A are drawn from the fallback fonts
pdffonts "$B/out/bad.pdf" | grep -q 'DejaVuSans ' || fail "no fallback font in the PDF"
echo "ok: characters the fonts lack are reported once, with code point and position"

# --- a font that is not TrueType; a table far too wide for the page
mkdir -p "$B/fonts"
echo 'not a font' >"$B/fonts/fake.ttf"
printf 'title: Bad Book\noutput: bad\nfonts:\n  italic: fonts/fake.ttf\n' >"$B/book.yaml"
printf '# One\n\nFine.\n' >"$B/chapters/01.md"
set +e; "$OCTAVO" build "$B" 2>"$TMP/err"; rc=$?; set -e
[ "$rc" -eq 1 ] || fail "a fake font: exit $rc, expected 1"
grep -qx "book.yaml:4:11: error: font '$B/fonts/fake.ttf' is not an OpenType or TrueType font" "$TMP/err" ||
  { cat "$TMP/err" >&2; fail "diagnostic for a fake font"; }
printf 'title: Bad Book\noutput: bad\n' >"$B/book.yaml"
{ printf '# One\n\n|'; for i in $(seq 1 300); do printf ' h%d |' "$i"; done; printf '\n|'
  for i in $(seq 1 300); do printf -- '---|'; done; printf '\n|'; for i in $(seq 1 300); do printf ' x |'; done; printf '\n'; } >"$B/chapters/01.md"
"$OCTAVO" build "$B" -o "$TMP/wide" 2>"$TMP/err" || { cat "$TMP/err" >&2; fail "a wide table failed the build"; }
grep -qx "chapters/01.md:3:1: warning: table is too wide for the page: words in 300 cells are split; use fewer or narrower columns" \
  "$TMP/err" || { cat "$TMP/err" >&2; fail "diagnostic for a wide table"; }
echo "ok: a font that is not TrueType is an error; a 300-column table is set with one warning"
printf '# One\n\nFine.\n' >"$B/chapters/01.md"

# --- check writes nothing; an output folder that cannot be made
rm -rf "$B/out"
"$OCTAVO" check "$B" 2>"$TMP/err" || { cat "$TMP/err" >&2; fail "check of a good book failed"; }
[ ! -e "$B/out" ] || fail "'octavo check' wrote outputs"
set +e; "$OCTAVO" build "$B" -o /dev/null/out 2>"$TMP/err"; rc=$?; set -e
[ "$rc" -eq 1 ] || fail "unmakeable output folder: exit $rc"
grep -qx "octavo: error: cannot create the output folder '/dev/null/out': Not a directory" "$TMP/err" ||
  { cat "$TMP/err" >&2; fail "output folder message"; }
echo "ok: 'check' writes nothing; an output folder that cannot be made is an error"

# --- a full disk: a small file system that fills up during the write
D=$TMP/disk
mkdir -p "$D"
if mount -t tmpfs -o size=2m tmpfs "$D" 2>/dev/null; then
  trap 'umount "$D" 2>/dev/null; rm -rf "$TMP"' EXIT
  "$OCTAVO" build "$B" -o "$D" --pdf 2>"$TMP/err" || { cat "$TMP/err" >&2; fail "build onto the small disk"; }
  cp "$D/bad.pdf" "$TMP/good.pdf"
  # fill what is left but a few KiB, then make the book bigger
  dd if=/dev/zero of="$D/filler" bs=1k count=100000 2>/dev/null || true
  rm -f "$D/filler"; avail=$(df -k --output=avail "$D" | tail -1)
  dd if=/dev/zero of="$D/filler" bs=1k count=$((avail - 8)) 2>/dev/null || true
  for i in $(seq 1 200); do printf 'More text to make the book bigger, paragraph %d.\n\n' "$i"; done >>"$B/chapters/01.md"
  set +e; "$OCTAVO" build "$B" -o "$D" --pdf 2>"$TMP/err"; rc=$?; set -e
  [ "$rc" -eq 1 ] || fail "full disk: exit $rc, expected 1"
  grep -qx "octavo: error: cannot write '$D/bad.pdf': the disk is full" "$TMP/err" || { cat "$TMP/err" >&2; fail "full-disk message"; }
  cmp "$D/bad.pdf" "$TMP/good.pdf" || fail "the full disk damaged the last good PDF"
  [ -z "$(find "$D" -name '*.tmp.*')" ] || fail "a temporary file was left on the full disk"
  echo "ok: a full disk is reported and the last good PDF survives, with no partial file"
else
  # no tmpfs (no mount privilege here): a file-size limit makes the write
  # fail the same way mid-file (EFBIG instead of ENOSPC)
  "$OCTAVO" build "$B" -o "$D" --pdf 2>"$TMP/err" || { cat "$TMP/err" >&2; fail "build before the limit"; }
  cp "$D/bad.pdf" "$TMP/good.pdf"
  for i in $(seq 1 200); do printf 'More text to make the book bigger, paragraph %d.\n\n' "$i"; done >>"$B/chapters/01.md"
  size_kb=$(( $(stat -c %s "$TMP/good.pdf") / 1024 ))
  set +e
  ( trap '' XFSZ; ulimit -f "$size_kb"; exec "$OCTAVO" build "$B" -o "$D" --pdf ) 2>"$TMP/err"; rc=$?
  set -e
  [ "$rc" -eq 1 ] || fail "write past the file-size limit: exit $rc, expected 1"
  grep -qx "octavo: error: cannot write '$D/bad.pdf': File too large" "$TMP/err" || { cat "$TMP/err" >&2; fail "file-size message"; }
  cmp "$D/bad.pdf" "$TMP/good.pdf" || fail "the failed write damaged the last good PDF"
  [ -z "$(find "$D" -name '*.tmp.*')" ] || fail "a temporary file was left behind"
  echo "ok: (no tmpfs here) a write that fails mid-file is reported and the last good PDF survives, with no partial file"
fi
