#!/usr/bin/env bash
# Captions, row spans and HTML's columns (tests/fixtures/figures): an image
# with a caption line (soft or hard break, <br><sub>, <figcaption>, a
# "Fig. N." line of its own) is a numbered figure with that caption, links
# and emphasis kept, its own "Figure 3:" label dropped, in both outputs,
# images side by side a figure each,
# set at its size with the caption under it; badge rows, icons and
# ordinary paragraphs stay as they were, the images inside text drawn in
# their line 1.2 em high in both outputs (links over them, SVGs drawn); HTML cells spanning rows are set
# across them in both outputs; diagnostics about raw HTML point at the
# element's line and column.
. "$(dirname "$0")/lib.sh"
export SOURCE_DATE_EPOCH=$TEST_EPOCH
need pdftotext pdfimages mutool qpdf unzip perl
FX=${OV_FIXTURES:?}/figures
"$OCTAVO" build "$FX" -o "$TMP/out" 2>"$TMP/build.err" || { cat "$TMP/build.err" >&2; fail "octavo build failed"; }

# --- diagnostics about raw HTML: the element's own line and column (bytes
# from 1: a tab and two-byte letters before the first link; a start tag
# over two lines is found on the line it starts; a line after a hard break)
cat >"$TMP/expected" <<'EOD'
chapters/03-columns.md:3:14: warning: HTML '<iframe>' cannot be shown in a book and is left out
chapters/03-columns.md:3:76: warning: HTML '<svg>' cannot be shown in a book and is left out
chapters/03-columns.md:7:12: warning: HTML '<video>' cannot be shown in a book and is left out
chapters/03-columns.md:10:21: warning: remote image 'https://example.org/x.png' is not fetched; its alt text is shown instead
chapters/03-columns.md:5:17: warning: link scheme 'javascript:' is not allowed; the link is dropped
chapters/03-columns.md:5:96: warning: link scheme 'vbscript:' is not allowed; the link is dropped
chapters/03-columns.md:10:76: warning: link scheme 'data:' is not allowed; the link is dropped
chapters/03-columns.md:13:6: warning: link scheme 'file:' is not allowed; the link is dropped
chapters/03-columns.md:14:5: warning: link scheme 'ssh:' is not allowed; the link is dropped
chapters/03-columns.md:5:17: note: ... and 1 more like this in chapters/03-columns.md
EOD
diff "$TMP/expected" "$TMP/build.err" >&2 || fail "diagnostics differ"
# each column names the '<' of its element in the file
perl -ne 'if (/^(\S+?):(\d+):(\d+): warning: (?:HTML .<(\w+)>|remote image|link scheme)/) {
  my ($f, $l, $c, $tag) = ($1, $2, $3, $4);
  open my $h, "<", "'"$FX"'/$f" or die; my @lines = <$h>;
  my $at = substr($lines[$l - 1], $c - 1, 12);
  if ($at !~ /^<(\w)/ || (defined $tag && $at !~ /^<\Q$tag\E/i)) { print "line $l column $c is \"$at\"\n"; exit 1 } }' \
  "$TMP/build.err" || fail "a column does not name its element"
echo "ok: HTML diagnostics at their element's line and byte column"

PDF=$TMP/out/figbook.pdf EPUB=$TMP/out/figbook.epub
pdf_clean "$PDF"
epubcheck_clean "$EPUB"
mkdir -p "$TMP/epub"
(cd "$TMP/epub" && unzip -q "$EPUB")
X1=$TMP/epub/EPUB/01-figures.xhtml X2=$TMP/epub/EPUB/02-spans.xhtml

# --- figures in the EPUB: figure and figcaption, the caption's links and
# emphasis kept, the author's own label not doubled
n=$(grep -c '<figure id="fig-' "$X1")
[ "$n" -eq 8 ] || fail "expected 8 figures in the EPUB, found $n"
for s in '<figcaption><span class="figure-label">Figure 1.1</span>: Throughput of the fused kernel, as in <a href="#notes">the notes</a></figcaption>' \
         '<figcaption><span class="figure-label">Figure 1.2</span>: Source: <a href="https://example.org/labs">Example Labs</a>, measured <strong>twice</strong></figcaption>' \
         '<figcaption><span class="figure-label">Figure 1.3</span>: Latency by <em>batch</em> size</figcaption>' \
         '<figcaption><span class="figure-label">Figure 1.4</span>: Memory traffic per layer</figcaption>' \
         '<figcaption><span class="figure-label">Figure 1.5</span>: Lone diagram</figcaption>' \
         '<figcaption><span class="figure-label">Figure 1.6</span>: The <strong>whole</strong> system, from <a href="https://example.org/src">the source</a></figcaption>' \
         '<figcaption><span class="figure-label">Figure 1.7</span>: Before the change</figcaption>' \
         '<figcaption><span class="figure-label">Figure 1.8</span>: After the change</figcaption>' \
         '<img src="images/1-chart.png" alt="A bar chart"/>' \
         $'<p>Figure\xC2\xA09 shows that an ordinary paragraph after an image stays a paragraph.</p>' \
         '<img class="inline" src="images/3-icon.png" alt="first badge"/> <img class="inline" src="images/3-icon.png" alt="second badge"/>' \
         '<p><img class="inline" src="images/3-icon.png" alt="tiny icon" width="16"/><br/>'; do
  grep -qF -- "$s" "$X1" || fail "EPUB lacks: $s"
done
# the figures' images are not inline icons, and no caption line is left as a paragraph
[ "$(grep -o 'class="inline"' "$X1" | wc -l)" -eq 3 ] || fail "only the badges and the icon are inline images"
if grep -qE 'Figure 3|Fig\. 4|<p>(<em>)?Source' "$X1"; then fail "an author's label or caption line left in the EPUB"; fi
echo "ok: 8 figures with their captions in the EPUB (links, emphasis), side-by-side images a figure each, badges and icons inline"

# --- figures in the PDF: each image at its size (320x200 at 150 ppi, not
# an icon), its caption centred under it
pdftotext "$PDF" "$TMP/pdf.txt"
tr '\n' ' ' <"$TMP/pdf.txt" | tr -s ' ' >"$TMP/flat.txt"
for s in 'Figure 1.1: Throughput of the fused kernel, as in the notes' \
         'Figure 1.2: Source: Example Labs, measured twice' 'Figure 1.3: Latency by batch size' \
         'Figure 1.4: Memory traffic per layer' 'Figure 1.5: Lone diagram' \
         'Figure 1.6: The whole system, from the source' 'Figure 1.7: Before the change' \
         'Figure 1.8: After the change' \
         'Badges sit in a row: and stay in the text.'; do
  grep -qF -- "$s" "$TMP/flat.txt" || fail "PDF text lacks '$s'"
done
if grep -qE 'Figure 3|Fig\. 4' "$TMP/flat.txt"; then fail "an author's label doubled in the PDF"; fi
pdfimages -list "$PDF" | awk 'NR > 2' >"$TMP/all-images"
# the figures' (the images inside text are checked below)
awk '$4 == 320' "$TMP/all-images" >"$TMP/images"
[ "$(wc -l <"$TMP/images")" -eq 8 ] || { cat "$TMP/all-images" >&2; fail "expected 8 figures' images in the PDF"; }
awk '$4 != 320 || $5 != 200 || $13 != 150 || $14 != 150 { bad = 1 } END { exit bad }' "$TMP/images" ||
  { cat "$TMP/images" >&2; fail "a figure is not set at its size"; }
# under each image (mutool trace: y down, the image's top and height), the
# next text line starts with "Figure", within 20 pt, centred on the image
pages=$(awk '{ print $1 }' "$TMP/images" | sort -un)
for p in $pages; do
  mutool trace "$PDF" "$p" 2>/dev/null | perl -ne 'print "$1 $2 $3 $4\n" if /<fill_image .*transform="([\d.]+) 0 -?0 ([\d.]+) ([\d.]+) ([\d.]+)"/' >"$TMP/img.$p"
  pdftotext -f "$p" -l "$p" -bbox "$PDF" - >"$TMP/bbox.$p"
  perl -e '
    open my $b, "<", $ARGV[1] or die; my (@w, %line);
    while (<$b>) {
      next unless /<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="[\d.]+">(\S+)</;
      my $k = sprintf "%.1f", $2;
      $line{$k}[0] = $1 if !defined $line{$k}[0] || $1 < $line{$k}[0];
      $line{$k}[1] = $3 if !defined $line{$k}[1] || $3 > $line{$k}[1];
      push @w, [$2, $k] if $4 eq "Figure";
    }
    open my $i, "<", $ARGV[0] or die;
    while (<$i>) {
      my ($w, $h, $x, $y) = split; my $bottom = $y + $h; my $ok = 0;
      next if $h < 20; # an icon inside text, no figure
      for my $c (@w) {
        my ($l, $r) = @{$line{$c->[1]}};
        $ok = 1 if $c->[0] > $bottom && $c->[0] < $bottom + 20 && abs(($l + $r) / 2 - ($x + $w / 2)) < 1;
      }
      die "no caption centred under the image at y $y\n" unless $ok;
    }' "$TMP/img.$p" "$TMP/bbox.$p" || fail "a caption is not under its image on page $p"
done
qpdf --qdf --object-streams=disable "$PDF" "$TMP/qdf.pdf"
for u in https://example.org/labs https://example.org/src; do
  grep -aqF "/URI ($u)" "$TMP/qdf.pdf" || fail "the caption's link to $u is not a link in the PDF"
done
echo "ok: 8 figures in the PDF at their size, each caption under its image, its links live"

# --- row spans: rowspan= in the EPUB with no cell under it; in print the
# spanning cell's lines on the baselines of the rows it covers
for s in '<tr><th scope="col" rowspan="2">Kernel</th><th scope="col" colspan="2">Latency (ms)</th><th scope="col" rowspan="2">Verdict</th></tr>' \
         '<tr><th scope="col">cold</th><th scope="col">warm</th></tr>' \
         '<tr><td rowspan="3">fused</td><td>90</td><td>12</td><td>fast</td></tr>' \
         '<tr><td>85</td><td>11</td><td>faster</td></tr>' \
         '<tr><td colspan="2">both runs skipped</td><td>unknown</td></tr>' \
         '<tr><td>looped</td><td>410</td><td>395</td></tr>'; do
  grep -qF -- "$s" "$X2" || fail "EPUB lacks: $s"
done
grep -qF '<td rowspan="2">slow on every machine' "$X2" || fail "EPUB lacks the verdict's rowspan"
echo "ok: rowspan and colspan in the EPUB, no padding cells"
page=$(perl -e 'local $/ = "\f"; my $i = 0; while (<STDIN>) { $i++; if (/both runs/) { print $i; last } }' <"$TMP/pdf.txt")
pdftotext -f "$page" -l "$page" -bbox "$PDF" - >"$TMP/tbl"
perl -e '
  my %y;
  while (<STDIN>) { $y{$3} //= [$1, $2] if /<word xMin="([\d.]+)" yMin="([\d.]+)" .*>([^<]+)</ }
  sub same { my ($a, $b) = @_; die "no $a or $b\n" unless $y{$a} && $y{$b}; abs($y{$a}[1] - $y{$b}[1]) < 0.1 }
  sub below { my ($a, $b) = @_; die "no $a or $b\n" unless $y{$a} && $y{$b}; $y{$a}[1] > $y{$b}[1] + 5 }
  my @bad;
  push @bad, "Kernel not level with Latency" unless same("Kernel", "Latency");
  push @bad, "fused not level with its first row" unless same("fused", "90");
  push @bad, "the rows under fused lost their columns" unless abs($y{"85"}[0] - $y{"90"}[0]) < 0.5 && below("85", "90");
  push @bad, "the spanning verdict does not start on its first row" unless same("slow", "naive");
  push @bad, "its second line is not on the second row" unless same("without", "looped");
  push @bad, "the second row did not grow for the third line" unless below("week,", "looped");
  push @bad, "text after the table is not below the grown row" unless below("table", "week,");
  die join("\n", @bad) . "\n" if @bad;' <"$TMP/tbl" || fail "row spans misplaced in print"
echo "ok: in print, cells spanning rows set on the rows they cover, the last one grown for them"

# --- images inside text (chapters 01 and 04): drawn in their line 1.2 em
# high (the EPUB's img.inline rule) at the width their aspect ratio gives,
# not as "[alt]"; a remote image keeps its alt text
X4=$TMP/epub/EPUB/04-inline.xhtml
for s in '<a href="https://example.org/ci"><img class="inline" src="images/4-wide.png" alt="build status"/></a>' \
         '<img class="inline" src="images/5-dot.svg" alt="blue dot"/>' \
         '<img class="inline" src="images/6-label.svg" alt="label badge"/>'; do
  grep -qF -- "$s" "$X4" || fail "EPUB lacks: $s"
done
grep -q 'img\.inline { height: 1\.2em; width: auto' "$TMP/epub/EPUB/css/book.css" || fail "the EPUB's inline image rule changed"
for s in '[first badge]' '[second badge]' '[tiny icon]' '[build status]' '[blue dot]' '[label badge]'; do
  if grep -qF -- "$s" "$TMP/flat.txt"; then fail "the PDF shows '$s' instead of the image"; fi
done
grep -qF '[remote]' "$TMP/flat.txt" || fail "a remote image inside text lost its alt text"
page_of() { perl -e 'local $/ = "\f"; my $i = 0; while (<STDIN>) { $i++; if (index($_, $ARGV[0]) >= 0) { print $i; last } }' "$1" <"$TMP/pdf.txt"; }
p1=$(page_of 'Badges sit') p4=$(page_of 'Pictures in the Text
A build')
[ -n "$p1" ] && [ -n "$p4" ] || fail "the inline images' pages are not found"
# 10.5 pt body text: 1.2 em = 12.6 pt, so 24 px icons at 24 / 12.6 * 72 =
# 137 ppi and the 60 x 20 badge at 114 ppi (37.8 pt wide); the vector
# SVGs are no image XObjects
awk -v p="$p1" '$1 == p && $3 == "image" && $4 == 24 && $5 == 24 && $13 == 137 && $14 == 137 { n++ }
  END { exit n != 3 }' "$TMP/all-images" || { cat "$TMP/all-images" >&2; fail "expected 3 icons at 1.2 em on page $p1"; }
awk -v p="$p4" '$1 == p && $3 == "image" { n++; if ($4 != 60 || $5 != 20 || $13 != 114 || $14 != 114) bad = 1 }
  END { exit bad || n != 1 }' "$TMP/all-images" || { cat "$TMP/all-images" >&2; fail "expected the badge at 1.2 em on page $p4"; }
[ "$(wc -l <"$TMP/all-images")" -eq $((8 + 6 + 1)) ] || { cat "$TMP/all-images" >&2; fail "unexpected images in the PDF"; }
# the colour of the pixel at x, y pt (from the top) of page p, at 144 dpi
# (drawn by mutool, which shows sRGB as it is; poppler shows a PDF/X file
# through its CMYK output intent, README "Print-ready PDF")
pixel() {
  [ -f "$TMP/px-$1.ppm" ] || mutool draw -q -r 144 -o "$TMP/px-$1.ppm" "$PDF" "$1" 2>/dev/null
  perl -e 'local $/; open my $f, "<:raw", $ARGV[0] or die; my $d = <$f>;
    $d =~ s/\A(P6)\s+(\d+)\s+(\d+)\s+255\s//s or die "not a PPM"; my $w = $2;
    my $i = (int($ARGV[2] * 2) * $w + int($ARGV[1] * 2)) * 3;
    print join(" ", unpack("C3", substr($d, $i, 3)))' "$TMP/px-$1.ppm" "$2" "$3"; }
near() { perl -e 'my @a = split " ", $ARGV[0]; my @b = split " ", $ARGV[1];
  for (0..2) { exit 1 if abs($a[$_] - $b[$_]) > 12 } exit 0' "$1" "$2"; }
# between two words of a line, halfway (or d pt after the first), at the
# middle of the first one's height
between() { pdftotext -f "$1" -l "$1" -bbox "$PDF" - | perl -e '
  my ($a, $b, $d) = @ARGV; my @w;
  while (<STDIN>) { push @w, [$1, $2, $3, $4, $5] if /<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]+)</ }
  for my $i (0 .. $#w - 1) {
    next unless $w[$i][4] eq $a && $w[$i + 1][4] eq $b;
    printf "%.2f %.2f\n", defined $d && $d ne "" ? $w[$i][2] + $d : ($w[$i][2] + $w[$i + 1][0]) / 2,
      ($w[$i][1] + $w[$i][3]) / 2;
    exit }
  exit 1' "$2" "$3" "${4:-}"; }
# the first icon: a space (2.6 pt) and half its 12.6 pt after "row:"
read -r x y < <(between "$p1" row: and 9) || fail "no icon after 'row:'"
c=$(pixel "$p1" "$x" "$y"); near "$c" "200 70 40" || fail "no icon between 'row:' and 'and' (pixel $c)"
# the labelled SVG's text set in the book's font inside the image, on the line
pdftotext -f "$p4" -l "$p4" -bbox "$PDF" - | perl -e '
  my %w; while (<STDIN>) { $w{$5} //= [$1, $2, $3, $4] if /<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]+)</ }
  my ($ok, $l, $r) = @w{qw(ok labelled brings)}; exit 1 unless $ok && $l && $r;
  exit !($ok->[0] > $l->[2] + 20 && $ok->[2] < $r->[0] && $ok->[1] > $r->[1] - 3 && $ok->[3] < $r->[3] + 3)' ||
  fail "the inline SVG's own text is not inside it in the line"
read -r x y < <(between "$p4" dot is) || fail "no gap between 'dot' and 'is'"
c=$(pixel "$p4" "$x" "$y"); near "$c" "34 85 204" || fail "no vector dot between 'dot' and 'is' (pixel $c)"
# the link around the badge: an annotation over the whole image, green
# at its centre
qpdf --json "$PDF" | perl -MJSON::PP -e '
  my $d = decode_json(join "", <STDIN>); my $o = $d->{qpdf}[1];
  for my $v (values %$o) {
    my $a = ref $v eq "HASH" ? $v->{value} : undef;
    next unless ref $a eq "HASH" && ($a->{"/Subtype"} // "") eq "/Link" && ref $a->{"/A"} eq "HASH";
    next unless ($a->{"/A"}{"/URI"} // "") eq "u:https://example.org/ci";
    my @r = @{$a->{"/Rect"}}; printf "%.2f %.2f %.2f %.2f\n", @r; exit }
  exit 1' >"$TMP/rect" || fail "the badge's link is no link annotation"
read -r x0 y0 x1 y1 <"$TMP/rect"
perl -e 'exit !(abs($ARGV[2] - $ARGV[0] - 37.8) < 0.3 && abs($ARGV[3] - $ARGV[1] - 12.6) < 0.3)' "$x0" "$y0" "$x1" "$y1" ||
  fail "the badge's link ($x0 $y0 $x1 $y1) does not cover its 37.8 x 12.6 pt image"
H=$(pdfinfo -f "$p4" -l "$p4" -box "$PDF" | awk '/MediaBox/ { print $NF; exit }')
c=$(pixel "$p4" "$(perl -e "print(($x0 + $x1) / 2)")" "$(perl -e "print($H - ($y0 + $y1) / 2)")")
near "$c" "26 152 80" || fail "the badge's link is not over the green badge (pixel $c)"
echo "ok: images inside text drawn in their line at 1.2 em (icons, a badge in a link with its link, vector SVGs with their text), remote ones as [alt]"
