#!/usr/bin/env bash
# Damaged fonts are positioned errors naming the font and the table, exit 1,
# and never cost the last good book, for the PDF and the EPUB alone and
# together: a glyph-offset table (loca) that points past the outlines, a
# glyph whose contours do not fit its bytes, a layout table HarfBuzz
# rejects, a file cut short. A font damaged only in a glyph the book does
# not use serves it, with one warning. The damaged
# fonts are made here from the shipped Gentium with dd, od and printf only.
. "$(dirname "$0")/lib.sh"
export SOURCE_DATE_EPOCH=$TEST_EPOCH # the same bytes in every pass (lib.sh)
need cmp dd od head

FONTS=${OCTAVO_FONT_DIR:?set OCTAVO_FONT_DIR to the shipped fonts}
B=$TMP/book
mkdir -p "$B/chapters" "$B/fonts"
cp "$FONTS/GentiumBookPlus-Regular.ttf" "$B/fonts/good.ttf"

# u16 FILE OFFSET, u32 FILE OFFSET: big-endian integers of a file
u16() { local a b; read -r a b < <(od -An -tu1 -j "$2" -N2 "$1"); echo $((a << 8 | b)); }
u32() { local a b c d; read -r a b c d < <(od -An -tu1 -j "$2" -N4 "$1"); echo $((a << 24 | b << 16 | c << 8 | d)); }
# put32 FILE OFFSET VALUE: writes VALUE there, big-endian
put32() {
  printf "$(printf '\\%03o\\%03o\\%03o\\%03o' $(($3 >> 24 & 255)) $(($3 >> 16 & 255)) $(($3 >> 8 & 255)) $(($3 & 255)))" |
    dd of="$1" bs=1 seek="$2" conv=notrunc 2>/dev/null
}
# record FILE TAG: the offset of TAG's table directory record (OpenType
# "Table directory": 12 bytes of header, then 16 per table)
record() {
  local n i r
  n=$(u16 "$1" 4)
  for ((i = 0; i < n; i++)); do
    r=$((12 + 16 * i))
    [ "$(dd if="$1" bs=1 skip="$r" count=4 2>/dev/null)" = "$2" ] && { echo "$r"; return; }
  done
  fail "no table '$2' in $1"
}

# --- a good book, its PDF and EPUB kept
printf 'title: Fine fonts\noutput: ff\nfonts:\n  regular: fonts/bad.ttf\n' >"$B/book.yaml"
printf '# One\n\nAVATAR, a word with an A in it.\n' >"$B/chapters/01.md"
cp "$B/fonts/good.ttf" "$B/fonts/bad.ttf"
"$OCTAVO" build "$B" 2>"$TMP/err" || { cat "$TMP/err" >&2; fail "the good version failed"; }
[ ! -s "$TMP/err" ] || { cat "$TMP/err" >&2; fail "the good version had messages"; }
cp "$B/out/ff.pdf" "$TMP/good.pdf"
cp "$B/out/ff.epub" "$TMP/good.epub"

# expect_error WHAT LINE [OPTIONS...]: the build fails with exactly LINE on
# stderr, and the last good outputs are untouched
expect_error() {
  local what=$1 line=$2 rc
  shift 2
  set +e; "$OCTAVO" build "$B" "$@" 2>"$TMP/err"; rc=$?; set -e
  [ "$rc" -eq 1 ] || { cat "$TMP/err" >&2; fail "$what ($*): exit $rc, expected 1"; }
  printf '%s\n' "$line" | diff - "$TMP/err" >&2 || fail "$what ($*): diagnostics differ"
  cmp "$B/out/ff.pdf" "$TMP/good.pdf" || fail "$what ($*): the last good PDF changed"
  cmp "$B/out/ff.epub" "$TMP/good.epub" || fail "$what ($*): the last good EPUB changed"
  [ -z "$(find "$B/out" -name '*.tmp.*')" ] || fail "$what ($*): a temporary file was left"
}

# --- loca: glyph 36 ('A' in Gentium Book Plus) ends 100 bytes past 'glyf'
loca=$(u32 "$B/fonts/good.ttf" $(($(record "$B/fonts/good.ttf" loca) + 8)))
glyf_len=$(u32 "$B/fonts/good.ttf" $(($(record "$B/fonts/good.ttf" glyf) + 12)))
start=$(u32 "$B/fonts/good.ttf" $((loca + 4 * 36)))
put32 "$B/fonts/bad.ttf" $((loca + 4 * 37)) $((glyf_len + 100))
line="book.yaml:4:12: error: font '$B/fonts/bad.ttf' is damaged: table 'loca': glyph 36 (for 'A') lies outside table 'glyf' (bytes $start to $((glyf_len + 100)) of $glyf_len)"
expect_error "loca past glyf" "$line"
expect_error "loca past glyf" "$line" --epub
expect_error "loca past glyf" "$line" --pdf
expect_error "loca past glyf" "$line" -j1
echo "ok: a glyph the book uses that lies outside 'glyf' is an error, for the PDF, the EPUB and both"

# --- a font whose glyph for 'A' has -2 contours (only -1, a composite,
# is below 0), for a book that never uses A (nor a letter made of it): it
# serves, with one warning
cp "$B/fonts/good.ttf" "$B/fonts/bad.ttf"
glyf=$(u32 "$B/fonts/good.ttf" $(($(record "$B/fonts/good.ttf" glyf) + 8)))
printf '\377\376' | dd of="$B/fonts/bad.ttf" bs=1 seek=$((glyf + start)) conv=notrunc 2>/dev/null
printf '# One\n\nsome words in lower case.\n' >"$B/chapters/01.md"
"$OCTAVO" build "$B" -o "$TMP/unused" 2>"$TMP/err" || { cat "$TMP/err" >&2; fail "a font damaged in unused glyphs failed the build"; }
printf '%s\n' "book.yaml:4:12: warning: font '$B/fonts/bad.ttf' is damaged in a glyph this book does not use: table 'glyf': glyph 36 (for 'A') has an invalid number of contours (-2)" |
  diff - "$TMP/err" >&2 || fail "warning for a glyph the book does not use"
[ -s "$TMP/unused/ff.pdf" ] && [ -s "$TMP/unused/ff.epub" ] || fail "no outputs for a font damaged in an unused glyph"
pdf_clean "$TMP/unused/ff.pdf"
epubcheck_clean "$TMP/unused/ff.epub"
echo "ok: a font damaged only in a glyph the book does not use serves it, with one warning"
# the book uses A after all: an error
printf '# One\n\nAVATAR, a word with an A in it.\n' >"$B/chapters/01.md"
expect_error "invalid contour count" "book.yaml:4:12: error: font '$B/fonts/bad.ttf' is damaged: table 'glyf': glyph 36 (for 'A') has an invalid number of contours (-2)"
echo "ok: the same glyph is an error once the book uses it"

# --- a glyph whose outline runs past its bytes: 30000 contours
printf '\165\060' | dd of="$B/fonts/bad.ttf" bs=1 seek=$((glyf + start)) conv=notrunc 2>/dev/null # 0x7530
glen=$(($(u32 "$B/fonts/good.ttf" $((loca + 4 * 37))) - start))
line="book.yaml:4:12: error: font '$B/fonts/bad.ttf' is damaged: table 'glyf': glyph 36 (for 'A') has 30000 contours, more than its $glen bytes hold"
expect_error "contours past the glyph" "$line"
expect_error "contours past the glyph" "$line" --epub
echo "ok: a glyph whose contours do not fit its bytes is an error"

# --- a layout table HarfBuzz rejects: GPOS (kerning) shorter than its header
cp "$B/fonts/good.ttf" "$B/fonts/bad.ttf"
put32 "$B/fonts/bad.ttf" $(($(record "$B/fonts/bad.ttf" GPOS) + 12)) 6
line="book.yaml:4:12: error: font '$B/fonts/bad.ttf' is damaged: table 'GPOS' is malformed (HarfBuzz rejects it)"
expect_error "GPOS rejected" "$line"
expect_error "GPOS rejected" "$line" --epub
echo "ok: a table HarfBuzz rejects is an error naming it"

# --- a file cut short: the first table past the end is named
head -c 300000 "$B/fonts/good.ttf" >"$B/fonts/bad.ttf"
n=$(u16 "$B/fonts/bad.ttf" 4)
for ((i = 0; i < n; i++)); do
  r=$((12 + 16 * i))
  off=$(u32 "$B/fonts/bad.ttf" $((r + 8))) len=$(u32 "$B/fonts/bad.ttf" $((r + 12)))
  if [ $((off + len)) -gt 300000 ]; then
    tag=$(dd if="$B/fonts/bad.ttf" bs=1 skip="$r" count=4 2>/dev/null)
    break
  fi
done
line="book.yaml:4:12: error: font '$B/fonts/bad.ttf' is damaged: table '$tag' lies outside the file (bytes $off to $((off + len)) of 300000)"
expect_error "cut short" "$line"
expect_error "cut short" "$line" --epub
echo "ok: a font file cut short names the first table that lies outside it"

# --- fonts.math naming a font without an OpenType MATH table: an error at
# the key (the typesetting stage opens it; the EPUB alone does not)
printf 'title: Fine fonts\noutput: ff\nfonts:\n  regular: fonts/bad.ttf\n  math: fonts/good.ttf\n' >"$B/book.yaml"
cp "$B/fonts/good.ttf" "$B/fonts/bad.ttf"
line="book.yaml:5:9: error: font '$B/fonts/good.ttf' has no OpenType MATH table (a math font is needed: TeX Gyre Pagella Math, Latin Modern Math, STIX Math, DejaVu Math TeX Gyre)"
expect_error "not a math font" "$line"
expect_error "not a math font" "$line" --pdf
printf 'title: Fine fonts\noutput: ff\nfonts:\n  regular: fonts/bad.ttf\n' >"$B/book.yaml"
echo "ok: a math font without a MATH table is an error at fonts.math"

# --- and the sound font builds again, without a message
cp "$B/fonts/good.ttf" "$B/fonts/bad.ttf"
"$OCTAVO" build "$B" 2>"$TMP/err" || { cat "$TMP/err" >&2; fail "the repaired font failed"; }
[ ! -s "$TMP/err" ] || { cat "$TMP/err" >&2; fail "the repaired font had messages"; }
echo "ok: the sound font builds again without a message"
