#!/usr/bin/env bash
# pandoc-compare.sh PAGE_SIZE [OUT.pdf] - sets the handbook's chapters with
# pandoc + XeLaTeX (book class, Gentium Book Plus from fonts/, TeX Gyre
# Pagella Math) for a side-by-side look at Octavo's pages (issue 15). A
# review tool, never run by the tests or needed by build.sh; it needs
# pandoc, texlive-xetex, lmodern and texlive-fonts-recommended.
#   tests/tools/pandoc-compare.sh 6x9in /tmp/tex-6x9.pdf
# $$ \begin{align} ... \end{align} $$ is passed to LaTeX as the bare
# environment (pandoc would wrap it in \[ \], which amsmath refuses).
set -euo pipefail
B=$(cd "$(dirname "$0")/../.." && pwd)
ps=${1:?page size: 6x9in, a4 or letter}
out=${2:-$PWD/handbook-tex-$ps.pdf}
case $ps in
  6x9in) geo="paperwidth=6in,paperheight=9in,inner=0.75in,outer=0.7in,top=0.75in,bottom=0.8in" ;;
  a4) geo="a4paper,margin=1in" ;;
  letter) geo="letterpaper,margin=1in" ;;
  *) echo "pandoc-compare.sh: unknown page size '$ps'" >&2; exit 2 ;;
esac
W=$(mktemp -d)
trap 'rm -rf "$W"' EXIT
cp -r "$B/chapters" "$W/"
perl -0pi -e 's/\$\$\n(\\begin\{align\}.*?\\end\{align\})\n\$\$/$1/gs' "$W"/chapters/*.md
mapfile -t chapters < <(awk '/^chapters:/ {on=1; next} on && /^ *- / {sub(/^ *- */, ""); print; next} on && /^[^ ]/ {on=0}' "$B/book.yaml")
cd "$W"
pandoc "${chapters[@]}" --resource-path=chapters -f markdown+tex_math_dollars -s --toc \
  --top-level-division=chapter -V documentclass=book -V geometry="$geo" -V mainfont=GentiumBookPlus \
  -V mainfontoptions="Path=$B/fonts/,Extension=.ttf,UprightFont=*-Regular,BoldFont=*-Bold,ItalicFont=*-Italic,BoldItalicFont=*-BoldItalic" \
  -V mathfont="TeX Gyre Pagella Math" -V fontsize=10pt --pdf-engine=xelatex -o "$out"
echo "$out: $(pdfinfo "$out" | awk '/^Pages:/ {print $2}') pages"
