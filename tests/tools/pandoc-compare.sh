#!/usr/bin/env bash
# pandoc-compare.sh PAGE_SIZE [OUT.pdf [BOOK_DIR]] - sets a book's
# chapters (the handbook's by default) with pandoc + XeLaTeX (book class,
# Gentium Book Plus from fonts/, TeX Gyre Pagella Math) on Octavo's text
# block for that page size: the same page, margins, body size and leading
# (src/doc/theme.c), so that the two can be compared line for line
# (tests/tools/linestats.py measures both). A review tool, never run by the
# tests or needed by build.sh; it needs pandoc, texlive-xetex, lmodern and
# texlive-fonts-recommended.
#   tests/tools/pandoc-compare.sh 6x9in /tmp/tex-6x9.pdf
#   tests/tools/pandoc-compare.sh 6x9in /tmp/tex-provoke.pdf tests/fixtures/provoke
# $$ \begin{align} ... \end{align} $$ is passed to LaTeX as the bare
# environment (pandoc would wrap it in \[ \], which amsmath refuses).
set -euo pipefail
B=$(cd "$(dirname "$0")/../.." && pwd)
ps=${1:?page size: 6x9in, a4 or letter}
out=${2:-$PWD/handbook-tex-$ps.pdf}
book=$(cd "${3:-$B}" && pwd)
# paper, then top, bottom, inner, outer margins, body size and leading in
# pt, as Octavo's theme sets them
case $ps in
  6x9in) paper="paperwidth=432bp,paperheight=648bp"; set -- 54 66 54 50 10.5 13.6 ;;
  a4) paper="a4paper"; set -- 72 92 100 135 11.5 15 ;;
  letter) paper="letterpaper"; set -- 72 86 100 142 11.5 15 ;;
  *) echo "pandoc-compare.sh: unknown page size '$ps'" >&2; exit 2 ;;
esac
geo="$paper,top=${1}bp,bottom=${2}bp,inner=${3}bp,outer=${4}bp,includehead=false,includefoot=false"
size="\\renewcommand\\normalsize{\\fontsize{${5}bp}{${6}bp}\\selectfont}\\normalsize"
W=$(mktemp -d)
trap 'rm -rf "$W"' EXIT
cp -r "$book/chapters" "$W/"
perl -0pi -e 's/\$\$\n(\\begin\{align\}.*?\\end\{align\})\n\$\$/$1/gs' "$W"/chapters/*.md
mapfile -t chapters < <(awk '/^chapters:/ {on=1; next} on && /^ *- / {sub(/^ *- */, ""); print; next} on && /^[^ ]/ {on=0}' "$book/book.yaml")
cd "$W"
pandoc "${chapters[@]}" --resource-path=chapters -f markdown+tex_math_dollars -s --toc \
  --top-level-division=chapter -V documentclass=book -V geometry="$geo" -V mainfont=GentiumBookPlus \
  -V mainfontoptions="Path=$B/fonts/,Extension=.ttf,UprightFont=*-Regular,BoldFont=*-Bold,ItalicFont=*-Italic,BoldItalicFont=*-BoldItalic" \
  -V mathfont="TeX Gyre Pagella Math" -V fontsize=11pt -V header-includes="$size" --pdf-engine=xelatex -o "$out"
echo "$out: $(pdfinfo "$out" | awk '/^Pages:/ {print $2}') pages"
