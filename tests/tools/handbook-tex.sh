#!/usr/bin/env bash
# handbook-tex.sh [BOOK] - sets every formula of a book's chapters with
# XeLaTeX + unicode-math in TeX Gyre Pagella Math (a test tool, never needed
# by build.sh; texlive-xetex), to check that the TeX the chapters are
# written in is TeX: no error, no undefined \eqref, and no display wider
# than the 6x9in text block less room for an equation number.
#
# Formulas are found the way GitHub finds them: $$ on lines of their own
# for a display, $...$ inline when the opening dollar is not followed by a
# space and the closing one is neither preceded by a space nor followed by
# a digit; fenced code and code spans are skipped. A display with \label is
# set as an equation, one with an environment (align) as it is.
#
#   tests/tools/handbook-tex.sh        # the repository's handbook
#   -> "N formulas (D displays) set by XeLaTeX; widest display W pt of M pt"
set -euo pipefail
book=${1:-$(cd "$(dirname "$0")/../.." && pwd)}
command -v xelatex >/dev/null || { echo "handbook-tex.sh: xelatex is not installed" >&2; exit 2; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# the chapters book.yaml lists
mapfile -t chapters < <(awk '/^chapters:/ {on=1; next} on && /^ *- / {sub(/^ *- */, ""); print; next} on && /^[^ ]/ {on=0}' "$book/book.yaml")
# text width of the 6x9in page (432 pt less 54 + 50 of margins) less 30 pt
# for a number such as (4.12)
limit=298
(cd "$book" && perl -e '
use strict; use warnings;
my (@out, $n, $d);
sub tex { my ($where, $display, $f) = @_;
  $n++;
  if (!$display) { push @out, "% $where\n\\noindent\\verb|$where| \$$f\$\\par"; return; }
  $d++;
  (my $g = $f) =~ s/\\label\{[^}]*\}//g;
  $g =~ s/\\(begin|end)\{align\*?\}/\\$1\{aligned\}/g;
  $g = join "\n", grep { /\S/ } split /\n/, $g;
  push @out, "% $where\n\\setbox0\\hbox{\$\\displaystyle $g\$}\\typeout{WIDTH $where \\the\\wd0}";
  if ($f =~ /\\begin\{(align|equation|gather)/) { push @out, $f }
  elsif ($f =~ /\\label/) { push @out, "\\begin{equation}\n$f\n\\end{equation}" }
  else { push @out, "\\[\n$f\n\\]" }
}
sub inline { my ($where, $t) = @_;
  $t =~ s/(`+)(.*?)\1/" " x length($&)/gse;          # code spans
  while ($t =~ /\$(?=[^\s\$])((?:\\.|[^\$\\])*?)(?<=[^\s\$])\$(?!\d)/gs) { tex($where, 0, $1) }
}
for my $c (@ARGV) {
  open my $fh, "<:encoding(UTF-8)", $c or die "$c: $!";
  my @l = <$fh>; chomp @l;
  my ($fence, @para, $start) = (undef);
  my $flush = sub { inline("$c:$start", join "\n", @para) if @para; @para = (); };
  for (my $i = 0; $i < @l; $i++) {
    my $s = $l[$i];
    if ($fence) { $fence = undef if $s =~ /^\s*\Q$fence\E/; next }
    if ($s =~ /^\s*(```+|~~~+)/) { $flush->(); $fence = $1; next }
    if ($s =~ /^\s*\$\$\s*$/) {
      $flush->(); my $j = $i + 1; $j++ while $j < @l && $l[$j] !~ /^\s*\$\$\s*$/;
      tex("$c:" . ($i + 1), 1, join "\n", @l[$i + 1 .. $j - 1]); $i = $j; next;
    }
    if ($s =~ /^\s*$/ || $s =~ /^#/) { $flush->(); next }
    $start = $i + 1 unless @para;
    push @para, $s;
  }
  $flush->();
}
binmode STDOUT, ":encoding(UTF-8)";
print "\\documentclass{article}\n\\usepackage{amsmath}\n\\usepackage{unicode-math}\n",
  "\\setmathfont{texgyrepagella-math.otf}\n\\textwidth=328pt\n\\begin{document}\n",
  "\\fontsize{10.5}{13.6}\\selectfont\n", join("\n", @out), "\n\\end{document}\n";
print STDERR "$n $d\n";
' "${chapters[@]}" >"$tmp/f.tex" 2>"$tmp/count")
read -r n d <"$tmp/count"
for pass in 1 2; do
  (cd "$tmp" && xelatex -interaction=nonstopmode -halt-on-error f.tex >/dev/null 2>&1) || {
    grep -A4 '^!' "$tmp/f.log" >&2; echo "handbook-tex.sh: XeLaTeX failed" >&2; exit 1; }
done
if grep -q 'undefined' "$tmp/f.log"; then grep 'Reference.*undefined' "$tmp/f.log" >&2; exit 1; fi
wide=$(awk -v lim="$limit" '/^WIDTH / { w = $3; sub(/pt$/, "", w); if (w + 0 > max) max = w + 0;
  if (w + 0 > lim) print "too wide: " $2 " (" w " pt)" } END { printf "%.0f\n", max }' "$tmp/f.log")
max=$(tail -n 1 <<<"$wide")
if grep -q '^too wide' <<<"$wide"; then grep '^too wide' <<<"$wide" >&2; exit 1; fi
echo "$n formulas ($d displays) set by XeLaTeX; widest display $max pt of $limit pt"
