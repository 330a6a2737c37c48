#!/usr/bin/env bash
# The EPUB's fallback fonts: a book of symbols, emoji and mathematical
# letters that its faces lack, in the text and in code
# (tests/fixtures/symbols), embeds subsets of DejaVu Sans, Symbola and
# DejaVu Sans Mono, each holding exactly the characters it shows (checked
# with hb-shape and the subset's glyph count), names them in its font
# stacks and passes EPUBCheck; a book without such characters reads and
# embeds no fallback font; a missing fallback font is one warning naming
# its Debian package; OpenType/CFF faces are embedded as .otf files.
# Only the EPUB is built: the PDF's fallback fonts are another matter.
. "$(dirname "$0")/lib.sh"
need unzip od dd hb-shape

FX=${OV_FIXTURES:?}/symbols

# u16 FILE OFFSET, u32 FILE OFFSET: big-endian integers of a file
u16() { local a b; read -r a b < <(od -An -tu1 -j "$2" -N2 "$1"); echo $((a << 8 | b)); }
u32() { local a b c d; read -r a b c d < <(od -An -tu1 -j "$2" -N4 "$1"); echo $((a << 24 | b << 16 | c << 8 | d)); }
# glyphs FILE: numGlyphs of the font's 'maxp' (OpenType "Table directory":
# 12 bytes of header, then 16 per table: tag, checksum, offset, length)
glyphs() {
  local n i r
  n=$(u16 "$1" 4)
  for ((i = 0; i < n; i++)); do
    r=$((12 + 16 * i))
    if [ "$(dd if="$1" bs=1 skip="$r" count=4 2>/dev/null)" = maxp ]; then
      u16 "$1" $(($(u32 "$1" $((r + 8))) + 4))
      return
    fi
  done
  fail "no table 'maxp' in $1"
}
# covers FILE TEXT: for each glyph hb-shape gives for TEXT, 1 when it is a
# real glyph, 0 when it is .notdef (glyph 0, drawn for a character the
# font lacks)
covers() {
  local out
  out=$(hb-shape --no-glyph-names --no-positions --no-clusters "$1" "$2") || fail "hb-shape failed on $1"
  tr -d '[]' <<<"$out" | tr '|' '\n' | awk '{printf "%d", $1 != 0}'
}

# --- the symbols book
"$OCTAVO" build "$FX" -o "$TMP/out" --epub 2>"$TMP/err" || { cat "$TMP/err" >&2; fail "the symbols book failed"; }
[ ! -s "$TMP/err" ] || { cat "$TMP/err" >&2; fail "the symbols book built with diagnostics"; }
EPUB=$TMP/out/symbols.epub
epubcheck_clean "$EPUB"
mkdir "$TMP/x"
(cd "$TMP/x" && unzip -q "$EPUB")
F=$TMP/x/EPUB/fonts
for f in GentiumBookPlus-Regular.ttf JetBrainsMono-Regular.ttf DejaVuSans.ttf Symbola_hint.ttf DejaVuSansMono.ttf; do
  [ -s "$F/$f" ] || fail "no fonts/$f in the EPUB"
done
[ "$(ls "$F" | wc -l)" -eq 8 ] || { ls "$F" >&2; fail "expected 8 fonts (5 faces, 3 fallbacks)"; }
echo "ok: the EPUB embeds subsets of DejaVu Sans, Symbola and DejaVu Sans Mono beside the faces"

# Which font shows what (src/font/fallback.c says which has what): Gentium
# Book Plus lacks all of the probe but the arrow; JetBrains Mono has the
# warning sign, the box drawing and the arrow. The text's chain takes the
# rest from DejaVu Sans, else Symbola; the code's from DejaVu Sans Mono,
# then DejaVu Sans, then Symbola. The writer adds U+21A9 (note back-link)
# and U+2610, U+2611 (task boxes) to the text. The emoji's variation
# selector U+FE0F needs no glyph.
probe='✅❌⚠─│↩☐☑→🚀𝔼𝒩'
# each line: a subset, whether it holds each character of the probe, and
# how many it holds; it has .notdef and one glyph each, nothing else
while read -r file want n; do
  got=$(covers "$F/$file" "$probe")
  [ "$got" = "$want" ] || fail "$file holds $got of $probe, expected $want"
  [ "$(glyphs "$F/$file")" -eq $((n + 1)) ] || fail "$file has $(glyphs "$F/$file") glyphs, expected $((n + 1))"
done <<'LIST'
DejaVuSans.ttf 001111110010 7
Symbola_hint.ttf 110000000101 4
DejaVuSansMono.ttf 000001100000 2
LIST
echo "ok: each fallback subset holds exactly the characters it shows"

css=$(cat "$TMP/x/EPUB/css/book.css")
for s in 'font-family: "DejaVu Sans";' 'src: url("../fonts/DejaVuSans.ttf") format("truetype");' \
         'font-family: "Symbola";' 'src: url("../fonts/Symbola_hint.ttf") format("truetype");' \
         'font-family: "DejaVu Sans Mono";' 'src: url("../fonts/DejaVuSansMono.ttf") format("truetype");' \
         'font-family: "Gentium Book Plus", "DejaVu Sans", "Symbola", Georgia, "Times New Roman", serif;' \
         'font-family: "JetBrains Mono", "DejaVu Sans Mono", "DejaVu Sans", "Symbola", Menlo, Consolas, monospace;' \
         '.task-box, a.note-back {' 'font-family: "Gentium Book Plus", "DejaVu Sans", "Symbola", sans-serif;'; do
  grep -qF -- "$s" <<<"$css" || fail "the stylesheet lacks: $s"
done
opf=$(cat "$TMP/x/EPUB/package.opf")
for f in DejaVuSans Symbola_hint DejaVuSansMono; do
  grep -qE "<item id=\"font-[0-9]+\" href=\"fonts/$f.ttf\" media-type=\"application/vnd.ms-opentype\"/>" <<<"$opf" ||
    fail "the manifest does not list fonts/$f.ttf as application/vnd.ms-opentype"
done
echo "ok: @font-face rules, font stacks and manifest items for the fallback fonts"

# --- a book without such characters reads no fallback font (a missing
# one would be a warning) and embeds none
B=$TMP/plain
mkdir -p "$B/chapters"
printf 'title: Plain\noutput: plain\n' >"$B/book.yaml"
printf '# Plain\n\nText with \xe2\x80\x9cquotes\xe2\x80\x9d, caf\xc3\xa9 and `code()`.\n' >"$B/chapters/01.md"
OCTAVO_SYSTEM_FONT_DIR=$TMP/nowhere "$OCTAVO" build "$B" --epub 2>"$TMP/err" ||
  { cat "$TMP/err" >&2; fail "the plain book failed"; }
[ ! -s "$TMP/err" ] || { cat "$TMP/err" >&2; fail "the plain book read a fallback font"; }
entries=$(unzip -Z1 "$B/out/plain.epub")
[ "$(grep -c '^EPUB/fonts/' <<<"$entries")" -eq 5 ] || { echo "$entries" >&2; fail "the plain book embeds more than its 5 faces"; }
css=$(unzip -p "$B/out/plain.epub" EPUB/css/book.css)
grep -qF 'font-family: "Gentium Book Plus", Georgia, "Times New Roman", serif;' <<<"$css" || fail "plain book: body stack"
if grep -qE '"DejaVu Sans"|Symbola' <<<"$css"; then fail "the plain book's stylesheet names a fallback font"; fi
echo "ok: a book without symbols reads and embeds no fallback font"

# --- a book whose only symbol DejaVu Sans has never reads Symbola
mkdir -p "$TMP/dejavu-only/dejavu"
ln -s /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf "$TMP/dejavu-only/dejavu/DejaVuSans.ttf"
printf '# Plain\n\nA box: \xe2\x98\x90.\n' >"$B/chapters/01.md"
OCTAVO_SYSTEM_FONT_DIR=$TMP/dejavu-only "$OCTAVO" build "$B" --epub 2>"$TMP/err" ||
  { cat "$TMP/err" >&2; fail "the box book failed"; }
[ ! -s "$TMP/err" ] || { cat "$TMP/err" >&2; fail "the box book read Symbola"; }
grep -qx 'EPUB/fonts/DejaVuSans.ttf' <<<"$(unzip -Z1 "$B/out/plain.epub")" || fail "the box book lacks DejaVu Sans"
echo "ok: Symbola is read only for characters DejaVu Sans lacks"

# --- fallback fonts missing: one warning per Debian package, and the
# EPUB is still built, with its faces alone
OCTAVO_SYSTEM_FONT_DIR=$TMP/nowhere "$OCTAVO" build "$FX" -o "$TMP/missing" --epub 2>"$TMP/err" ||
  { cat "$TMP/err" >&2; fail "the symbols book failed without its fallback fonts"; }
{
  echo "octavo: warning: cannot read fallback font '$TMP/nowhere/dejavu/DejaVuSans.ttf': no such file; install the Debian package fonts-dejavu-core (the EPUB embeds no glyphs from it)"
  echo "octavo: warning: cannot read fallback font '$TMP/nowhere/ancient-scripts/Symbola_hint.ttf': no such file; install the Debian package fonts-symbola (the EPUB embeds no glyphs from it)"
} | diff - "$TMP/err" >&2 || fail "warnings for missing fallback fonts"
[ "$(unzip -Z1 "$TMP/missing/symbols.epub" | grep -c '^EPUB/fonts/')" -eq 5 ] || fail "fonts embedded without their files"
echo "ok: missing fallback fonts are one warning per Debian package"

# --- OpenType/CFF faces (URW's C059 and Nimbus Mono PS, fonts-urw-base35)
URW=/usr/share/fonts/opentype/urw-base35
O=$TMP/otf
mkdir -p "$O/chapters" "$O/fonts"
for f in C059-Roman C059-Italic C059-Bold C059-BdIta NimbusMonoPS-Regular; do
  [ -f "$URW/$f.otf" ] || fail "$URW/$f.otf is not installed (fonts-urw-base35)"
  cp "$URW/$f.otf" "$O/fonts/"
done
printf '%s\n' 'title: OpenType' 'output: otf' 'fonts:' '  regular: fonts/C059-Roman.otf' \
  '  italic: fonts/C059-Italic.otf' '  bold: fonts/C059-Bold.otf' '  bold-italic: fonts/C059-BdIta.otf' \
  '  monospace: fonts/NimbusMonoPS-Regular.otf' >"$O/book.yaml"
printf '# OpenType\n\nAn office with *italic*, **bold** and `code()`, a rocket \xf0\x9f\x9a\x80.\n' >"$O/chapters/01.md"
"$OCTAVO" build "$O" --epub 2>"$TMP/err" || { cat "$TMP/err" >&2; fail "the OpenType book failed"; }
[ ! -s "$TMP/err" ] || { cat "$TMP/err" >&2; fail "the OpenType book built with diagnostics"; }
epubcheck_clean "$O/out/otf.epub"
mkdir "$TMP/o"
(cd "$TMP/o" && unzip -q "$O/out/otf.epub")
for f in C059-Roman C059-Italic C059-Bold C059-BdIta NimbusMonoPS-Regular; do
  [ "$(head -c 4 "$TMP/o/EPUB/fonts/$f.otf")" = OTTO ] || fail "fonts/$f.otf is not an OpenType/CFF font"
  grep -qE "<item id=\"font-[0-9]+\" href=\"fonts/$f.otf\" media-type=\"application/vnd.ms-opentype\"/>" "$TMP/o/EPUB/package.opf" ||
    fail "the manifest does not list fonts/$f.otf as application/vnd.ms-opentype"
  grep -qF "src: url(\"../fonts/$f.otf\") format(\"opentype\");" "$TMP/o/EPUB/css/book.css" ||
    fail "no @font-face rule for fonts/$f.otf as opentype"
done
# the subset shapes: "office" is o, the ffi ligature, c, e
[ "$(covers "$TMP/o/EPUB/fonts/C059-Roman.otf" office)" = 1111 ] ||
  fail "the C059 subset does not shape 'office' with its ligature"
grep -qF 'font-family: "C059", "Symbola", Georgia' "$TMP/o/EPUB/css/book.css" || fail "OpenType book: body stack"
echo "ok: OpenType/CFF faces are embedded as .otf, application/vnd.ms-opentype, format(\"opentype\"), and shape"
