#!/usr/bin/env bash
# Syntax highlighting (issue 15) on tests/fixtures/highlight, a block in
# each of the fourteen languages and a line too long for the measure:
# - the PDF fills tokens in the theme's colours (the content streams' sc
#   operators in the sRGB ICCBased space that PDF/X-4 asks for; a theme's own code-colors too, and a keyword's pixels in
#   the rendered page are the theme's red);
# - the wrap's arrow is drawn, not set: pdftotext and mutool give the
#   wrapped line's text without it (on main both gave "→");
# - the EPUB holds <span class="hl-..."> in <pre><code>, its stylesheet
#   the colours and a dark colour scheme, and passes EPUBCheck;
# - an unknown language is plain and silent.
. "$(dirname "$0")/lib.sh"
need qpdf pdftotext mutool unzip pnmtoplainpnm
export SOURCE_DATE_EPOCH=$TEST_EPOCH
FX=$OV_FIXTURES/highlight

"$OCTAVO" build "$FX" -o "$TMP/out" 2>"$TMP/err" || { cat "$TMP/err" >&2; fail "build"; }
[ ! -s "$TMP/err" ] || { cat "$TMP/err" >&2; fail "diagnostics for a book of known and unknown languages"; }
PDF=$TMP/out/highlight.pdf EPUB=$TMP/out/highlight.epub

# the content streams: one fill per class, as the default theme has them
qpdf --qdf --object-streams=disable "$PDF" "$TMP/h.qdf"
for c in '0.051 0.228 0.561' '0.04 0.353 0.416' '0.185 0.416 0.095' '0.4 g' '0.542 0.228 0' \
  '0.353 0.165 0.48' '0.2 g' '0.48 0.165 0.291'; do
  case $c in *g) op=$c ;; *) op="/sRGB cs $c sc" ;; esac
  grep -aqx "$op" "$TMP/h.qdf" || fail "no fill '$op' in the content streams"
done
echo "ok: the PDF fills tokens in the eight classes' colours"

# the wrapped line: both extractors give its text, without the arrow
line='result = compute_something_long(first_argument_value, second_argument_value, third_argument_value, fourth_value)'
want=$(tr -d ' ' <<<"$line")
pdftotext -enc UTF-8 "$PDF" "$TMP/p.txt"
mutool draw -F txt -o "$TMP/m.txt" "$PDF" 2>/dev/null
for t in p m; do
  if grep -q $'\xe2\x86\x92' "$TMP/$t.txt"; then fail "$t: the wrap's arrow is in the extracted text"; fi
  got=$(grep -A1 '^result = ' "$TMP/$t.txt" | tr -d ' \n')
  [ "$got" = "$want" ] || fail "$t: the wrapped line extracts as '$got'"
done
echo "ok: the wrapped line extracts whole without its arrow (pdftotext, mutool)"

# a theme's colours: keywords red; the page with the Python block has red ink
T=$TMP/themed
cp -r "$FX" "$T"
printf 'theme:\n  code-colors: ["#ff0000", "#0a5a6a", "#2f6a18", "#666666", "#8a3a00", "#5a2a7a", "#333333", "#7a2a4a"]\n' \
  >>"$T/book.yaml"
"$OCTAVO" build "$T" --pdf -o "$TMP/tout" 2>"$TMP/err" || { cat "$TMP/err" >&2; fail "themed build"; }
qpdf --qdf --object-streams=disable "$TMP/tout/highlight.pdf" "$TMP/t.qdf"
grep -aqx '/sRGB cs 1 0 0 sc' "$TMP/t.qdf" || fail "the theme's keyword colour is not in the content streams"
page=
for p in 1 2 3 4 5 6 7 8; do
  pdftotext -f $p -l $p "$TMP/tout/highlight.pdf" "$TMP/pg.txt" 2>/dev/null || break
  if grep -q '^def mean' "$TMP/pg.txt"; then page=$p; break; fi
done
[ -n "$page" ] || fail "no page with the Python block"
# (mutool shows sRGB as it is; poppler shows a PDF/X file through its CMYK
# output intent, README "Print-ready PDF")
mutool draw -q -r 100 -o "$TMP/pg.ppm" "$TMP/tout/highlight.pdf" "$page" 2>/dev/null
red=$(pnmtoplainpnm "$TMP"/pg.ppm | awk 'NR > 3 { for (i = 1; i + 2 <= NF; i += 3) if ($i > 200 && $(i+1) < 60 && $(i+2) < 60) n++ }
  END { print n + 0 }')
[ "$red" -gt 20 ] || fail "page $page has $red red pixels: the keywords are not drawn red"
echo "ok: code-colors in the theme: keywords red in the streams and $red red pixels on page $page"

# the EPUB: spans, the stylesheet's colours and dark scheme, EPUBCheck
unzip -p "$EPUB" EPUB/01-code.xhtml >"$TMP/ch.xhtml"
unzip -p "$EPUB" EPUB/css/book.css >"$TMP/book.css"
grep -qF '<pre><code class="language-python"><span class="hl-keyword">def</span>' "$TMP/ch.xhtml" ||
  fail "the EPUB's Python block has no keyword span"
for cls in keyword type string comment number function operator meta; do
  n=$(grep -o "class=\"hl-$cls\"" "$TMP/ch.xhtml" | wc -l)
  [ "$n" -gt 0 ] || fail "the EPUB has no hl-$cls span"
done
grep -qF 'pre span.hl-keyword { color: #0d3a8f; }' "$TMP/book.css" || fail "no keyword colour in the stylesheet"
grep -qF '@media (prefers-color-scheme: dark) {' "$TMP/book.css" || fail "no dark colour scheme in the stylesheet"
grep -qF '  pre span.hl-keyword { color: #9eb0d2; }' "$TMP/book.css" || fail "no dark keyword colour"
grep -qF '<code class="language-klingon">qaStaHvIS' "$TMP/ch.xhtml" || fail "the unknown language is not plain"
if grep -q $'\xe2\x86\x92' "$TMP/ch.xhtml"; then fail "an arrow in the EPUB's code"; fi
echo "ok: the EPUB's spans in all eight classes, light and dark colours, the unknown language plain"
epubcheck_clean "$EPUB"
