#!/usr/bin/env bash
# Raw HTML in a book written for GitHub (tests/fixtures/html): every word
# and image of the HTML arrives in both outputs, <sup>/<sub> are raised and
# lowered in print and marked up in the EPUB, anchors resolve, spans and
# embedded content are reported once, and nothing hostile (scripts, event
# attributes, javascript: and data: URLs, iframes, styles) reaches either
# output.
. "$(dirname "$0")/lib.sh"
export SOURCE_DATE_EPOCH=$TEST_EPOCH
need pdftotext pdfimages mutool unzip perl
FX=${OV_FIXTURES:?}/html
"$OCTAVO" build "$FX" -o "$TMP/out" 2>"$TMP/build.err" || { cat "$TMP/build.err" >&2; fail "octavo build failed"; }
cat >"$TMP/expected" <<'EOD'
chapters/02-hostile.md:16:1: warning: HTML '<iframe>' cannot be shown in a book and is left out
chapters/02-hostile.md:20:1: warning: HTML '<object>' cannot be shown in a book and is left out
chapters/02-hostile.md:11:1: warning: link scheme 'javascript:' is not allowed; the link is dropped
chapters/02-hostile.md:12:1: warning: link scheme 'JaVaScRiPt:' is not allowed; the link is dropped
chapters/02-hostile.md:14:1: warning: link scheme 'data:' is not allowed; the link is dropped
chapters/01-tables.md:22:1: warning: the EPUB makes no EPUB Accessibility 1.1 (WCAG 2.2 AA) conformance claim: 1 table without a header row
chapters/02-hostile.md:11:1: note: ... and 1 more like this in chapters/02-hostile.md
EOD
diff "$TMP/expected" "$TMP/build.err" >&2 || fail "diagnostics differ"
echo "ok: one warning per embed and unsafe link, each at its line"
PDF=$TMP/out/htmlbook.pdf EPUB=$TMP/out/htmlbook.epub
pdf_clean "$PDF"
epubcheck_clean "$EPUB"

# --- every word of the HTML, in both outputs
pdftotext "$PDF" "$TMP/pdf.txt"
tr '\n' ' ' <"$TMP/pdf.txt" | tr -s ' ' >"$TMP/flat.txt"
mkdir -p "$TMP/epub"
(cd "$TMP/epub" && unzip -q "$EPUB")
cat "$TMP"/epub/EPUB/README.xhtml "$TMP"/epub/EPUB/01-tables.xhtml "$TMP"/epub/EPUB/02-hostile.xhtml >"$TMP/all.xhtml"
perl -0pe 's/<[^>]*>//g; s/\s+/ /g' "$TMP/all.xhtml" >"$TMP/epub.txt"
for s in 'Quantized Kernels Handbook' 'H2O' 'Press Ctrl+C to' 'bold words, slanted words, underlined words' \
         'highlighted words, small print, struck words and spanned words all stay.' \
         'After the break comes inline_code() from HTML.' 'Getting Started' 'back to the start' \
         'Why another handbook?' 'Because the collapsed explanation must still be printed, every word of it.' \
         'A collapsed list item' 'Throughput of the fused kernel' 'Install notes: run the installer twice.' \
         'First bullet from HTML' 'nested numbered item' 'Quoted from HTML, attributed nowhere.' \
         'def fused(x):' 'return x * 2' 'Kernel' 'A function run on the accelerator.' \
         'Unfamiliar tags keep their text' 'Widget text survives and blinking text too.' \
         'Latency by batch size' 'saturated link' 'Averaged over every run of the week' 'second call' 'Markdown inside an HTML cell' \
         'Plain cell text' 'Safe text before the traps.' 'entity scheme link, spaced scheme link, tabbed scheme link' \
         'Button words' 'Safe text after the traps.' 'Architecture overview'; do
  grep -qF -- "$s" "$TMP/flat.txt" || fail "PDF text lacks '$s'"
  grep -qF -- "$s" "$TMP/epub.txt" || fail "EPUB text lacks '$s'"
done
# <br> in table cells is a line break, never words run together
for s in 'Compute fp16 TFLOPS' '312 dense' 'warm cache'; do
  grep -qF -- "$s" "$TMP/flat.txt" || fail "PDF text lacks '$s' (a <br> in a cell)"
done
for s in 'Compute<br/>' '312<br/>' 'warm<br/>'; do
  grep -qF -- "$s" "$TMP/all.xhtml" || fail "EPUB lacks '$s'"
done
if grep -qE 'Computefp16|312dense|warmcache' "$TMP/flat.txt" "$TMP/epub.txt"; then fail "words of a cell ran together"; fi
# colspan: one cell across two columns in both outputs (on one line in
# print, where the first column alone would wrap it)
grep -qF '<td colspan="2">Averaged over every run of the week</td><td>steady</td>' "$TMP/all.xhtml" ||
  fail "EPUB lacks the colspan"
pdftotext -layout "$PDF" "$TMP/layout.txt"
grep -qE 'Averaged over every run of the week +steady' "$TMP/layout.txt" || fail "the spanning cell is not set across its columns"
grep -qE '^ *Cold +90 ms +first call' "$TMP/layout.txt" || fail "the rowspan cell's row"
grep -qE '^ +85 ms +second call' "$TMP/layout.txt" || fail "the row under a rowspan keeps its columns"
grep -qF $'<tr><td rowspan="2">Cold</td><td>90\xC2\xA0ms</td><td>first call</td></tr>' "$TMP/all.xhtml" || fail "EPUB lacks the rowspan"
grep -qF $'<tr><td>85\xC2\xA0ms</td><td>second call</td></tr>' "$TMP/all.xhtml" || fail "a cell padded under the rowspan"
echo "ok: every word of the HTML in both outputs; <br> in cells breaks lines; colspan and rowspan honoured"

# --- images: the five <img> of the README and the hostile chapter's one, in both
n=$(pdfimages -list "$PDF" | awk 'NR>2 && $3=="image"' | wc -l)
[ "$n" -eq 6 ] || { pdfimages -list "$PDF" >&2; fail "expected 6 images in the PDF, found $n"; }
n=$(grep -o '<img ' "$TMP/all.xhtml" | wc -l)
[ "$n" -eq 6 ] || fail "expected 6 <img> in the EPUB, found $n"
for s in 'alt="Project logo" width="200"' 'alt="Team photograph" style="width: 50%"' \
         'title="Architecture overview"' 'Figure 1.5</span>: Throughput of the fused kernel'; do
  grep -qF -- "$s" "$TMP/all.xhtml" || fail "EPUB lacks $s"
done
# width="200" (CSS px, 150 pt) prints the 320-pixel logo at 154 ppi, not at
# the 150 ppi it would have without the hint
[ "$(pdfimages -list "$PDF" | awk 'NR==3 {print $13}')" = 154 ] || { pdfimages -list "$PDF" >&2; fail "width= not honoured"; }
echo "ok: 6 images in both outputs, size hints and figure captions kept"

# --- sup and sub: marked up in the EPUB, raised and lowered (and smaller) in print
grep -qF 'up to 2<sup>7</sup> − 1, and water is H<sub>2</sub>O.' "$TMP/all.xhtml" || fail "EPUB lacks <sup>/<sub>"
page=$(perl -e 'local $/ = "\f"; my $i = 0; while (<STDIN>) { $i++; if (/numbers up to/) { print $i; last } }' <"$TMP/pdf.txt")
[ -n "$page" ] || fail "no page holds the superscript"
mutool draw -q -F stext -o "$TMP/page.xml" "$PDF" "$page"
# chars as (c, baseline y, size); find "to 27" and "H2O"
perl -ne 'if (/<font [^>]*size="([\d.]+)"/) { $s = $1 } if (/<char .* y="([\d.]+)" .* c="(.)"/) { print "$2 $1 $s\n" }' \
  "$TMP/page.xml" >"$TMP/chars"
perl -e '
  my @c = map { [split] } <STDIN>;
  my ($sup, $sub) = (0, 0);
  for my $i (1 .. $#c) {
    my ($a, $b) = ($c[$i - 1], $c[$i]);
    $sup = 1 if $a->[0] eq "2" && $b->[0] eq "7" && $b->[1] < $a->[1] - 2 && $b->[2] < $a->[2] * 0.8;
    $sub = 1 if $i >= 2 && $c[$i - 2][0] eq "H" && $b->[0] eq "O" && $a->[0] eq "2" && $a->[1] > $b->[1] + 0.5
                && $a->[2] < $b->[2] * 0.8;
  }
  exit($sup && $sub ? 0 : 1);' <"$TMP/chars" || { cat "$TMP/chars" >&2; fail "2^7 is not raised or H_2O not lowered in the PDF"; }
echo "ok: 2<sup>7</sup> raised and H<sub>2</sub>O lowered, both smaller, in print; <sup>/<sub> in the EPUB"

# --- anchors and links
grep -qF '<span id="install-notes"></span>Install notes' "$TMP/all.xhtml" || fail "no anchor for <p id>"
grep -qF '<dt>Kernel</dt>' "$TMP/all.xhtml" || fail "dl is not a definition list"
grep -qF '<a href="#install-notes">the install notes</a>' "$TMP/all.xhtml" || fail "link to the HTML anchor unresolved"
grep -qF '<a href="#getting-started">back to the start</a>' "$TMP/all.xhtml" || fail "HTML link unresolved"
[ "$(grep -o 'id="getting-started"' "$TMP/all.xhtml" | wc -l)" -eq 1 ] || fail "the anchor named like its heading is doubled"
qpdf --qdf --object-streams=disable "$PDF" "$TMP/qdf.pdf"
grep -aq '/URI (https://example.org/docs)' "$TMP/qdf.pdf" && fail "a link around an image alone became a link"
echo "ok: <a name> and <p id> anchors resolve in the EPUB"

# --- nothing hostile anywhere
for f in "$TMP/all.xhtml" "$TMP/pdf.txt"; do
  if grep -aiE 'script|onerror|onclick|alert\(|iframe|evil\.example|scripted words|typed words|display: none|steal' "$f" |
     grep -v 'entity scheme link\|tabbed scheme link' | grep -q .; then
    grep -aiE 'script|onerror|onclick|alert\(|iframe|evil|steal' "$f" >&2; fail "hostile markup reached $(basename "$f")"
  fi
done
grep -rqiE 'javascript:|data:text|vbscript:' "$TMP/epub" && fail "an unsafe URL reached the EPUB"
grep -aqiE '/URI \((javascript|data|vbscript)' "$TMP/qdf.pdf" && fail "an unsafe URI reached the PDF"
echo "ok: no script, handler, unsafe URL, iframe or style in either output"

# --- tables in the EPUB: a focusable scrolling wrapper, no empty th
T=$TMP/tables
mkdir -p "$T/chapters"
printf 'title: "Tables"\nlanguage: en\nchapters:\n  - chapters/t.md\n' >"$T/book.yaml"
cat >"$T/chapters/t.md" <<'MD'
# Tables

|   | GPU | TPU |
|---|-----|-----|
| Memory | 80 GB | 32 GB |

<table><tr><th></th><th>Wide</th></tr><tr><td>a</td><td>b</td></tr></table>

| Loss | Formula |
|------|---------|
| MSE  | $\frac{1}{n}\sum_{i=1}^{n}(\hat{y}_i - y_i)^2$ |
MD
"$OCTAVO" build "$T" -o "$TMP/tables-out" 2>"$TMP/tables.err" || { cat "$TMP/tables.err" >&2; fail "the tables book did not build"; }
unzip -p "$TMP/tables-out/"*.epub EPUB/t.xhtml >"$TMP/t.xhtml"
# tables of text reflow (no scrolling box, so they split across pages);
# only the table with a formula, which cannot wrap, scrolls, in a named
# region a keyboard can focus (Ace: scrollable-region-focusable)
[ "$(grep -c '<div class="table">' "$TMP/t.xhtml")" -eq 2 ] || fail "a table of text is not a plain wrapper"
[ "$(grep -c 'tabindex' "$TMP/t.xhtml")" -eq 1 ] &&
  grep -q '<div class="table scroll" role="region" aria-label="Table 3, scrolls sideways" tabindex="0">' "$TMP/t.xhtml" ||
  fail "the table with a formula does not scroll in a named, focusable region"
unzip -p "$TMP/tables-out/"*.epub EPUB/css/book.css >"$TMP/t.css"
grep -q '^th, td {.*overflow-wrap: anywhere;' "$TMP/t.css" && grep -q '^div.table.scroll { overflow-x: auto; }' "$TMP/t.css" &&
  ! grep -q '^div.table { overflow' "$TMP/t.css" && ! grep -q '^table {.*break-inside: avoid' "$TMP/t.css" ||
  fail "the stylesheet does not let tables reflow and split"
# a reader's dark page: rules follow the text's colour, the grey chapter
# label is the text's colour made translucent, SVG figures turn light on
# dark under prefers-color-scheme: dark (tests/tools/dark-render.mjs
# measures the contrast in Chromium)
grep -q '^table {.*border-top: 0.8pt solid currentColor;' "$TMP/t.css" &&
  grep -q '^thead th {.*border-bottom: 0.5pt solid currentColor;' "$TMP/t.css" ||
  fail "table rules are not currentColor"
! grep -q 'solid #000000' "$TMP/t.css" || fail "a black rule vanishes on a dark page"
grep -q '^\.chapter-label {.*opacity: 0.749;' "$TMP/t.css" && ! grep -q 'color: #404040' "$TMP/t.css" ||
  fail "the chapter label is a fixed grey"
awk '/^@media \(prefers-color-scheme: dark\) \{/ { on = 1 } on && /figure img\[src\$=".svg"\] \{ filter: invert\(1\) hue-rotate\(180deg\); \}/ { ok = 1 }
     on && /^\}/ { on = 0 } END { exit !ok }' "$TMP/t.css" || fail "SVG figures are not turned light in the dark scheme"
! grep -q '<th[^>]*></th>' "$TMP/t.xhtml" || fail "an empty header cell is a th (Ace: empty-table-header)"
grep -q '<th scope="col">GPU</th>' "$TMP/t.xhtml" && grep -q '<th scope="col">Wide</th>' "$TMP/t.xhtml" ||
  fail "header cells with text are no longer th"
echo "ok: EPUB tables: text tables reflow and split, one with a formula scrolls in a named focusable region, an empty corner cell is a td"
