#!/usr/bin/env bash
# render-figures.sh - renders the handbook's figures from their SVG sources
# in figures/ to the PNG files the chapters use, in chapters/figures/.
# Needs rsvg-convert (Debian package librsvg2-bin) and the Gentium Book Plus
# and JetBrains Mono fonts installed for fontconfig (fonts-sil-gentiumplus,
# fonts-jetbrains-mono), which the SVGs name. The PNGs are committed, so
# building the book does not need any of this.
#   tools/render-figures.sh            render every figure
#   tools/render-figures.sh NAME.svg   render one
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
command -v rsvg-convert >/dev/null || { echo "install librsvg2-bin for rsvg-convert" >&2; exit 1; }
mkdir -p chapters/figures
if [ $# -gt 0 ]; then svgs=("$@"); else svgs=(figures/*.svg); fi
for svg in "${svgs[@]}"; do
  name=$(basename "$svg" .svg)
  # 1500 px across the text block of a 6x9 in page (about 4.6 in) is
  # over 300 dpi in print
  rsvg-convert --width 1500 --keep-aspect-ratio --background-color white \
    -o "chapters/figures/$name.png" "figures/$name.svg"
  # lossless recompression (package optipng): a fifth smaller, and the
  # PDF takes a PNG's compressed rows as they are
  if command -v optipng >/dev/null; then optipng -quiet -o2 -strip all "chapters/figures/$name.png"; fi
  echo "chapters/figures/$name.png"
done
