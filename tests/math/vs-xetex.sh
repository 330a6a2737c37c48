#!/bin/sh
# vs-xetex.sh THRESHOLD [OUTDIR] - the math_vs_xetex test: sets the corpus
# with Octavo (mathmeasure, $MATHMEASURE) in the math font $OV_MATH_FONT,
# keeps the measures in OUTDIR/octavo-measures.tsv (default: a temporary
# folder) and compares them with the checked-in XeTeX measures
# (compare.sh -t THRESHOLD). Exit 77 (skipped) without the math font.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
[ $# -ge 1 ] || { echo "usage: $0 THRESHOLD [OUTDIR]" >&2; exit 2; }
: "${MATHMEASURE:?set MATHMEASURE to the mathmeasure program}"
font=${OV_MATH_FONT:-/usr/share/texmf/fonts/opentype/public/tex-gyre-math/texgyrepagella-math.otf}
[ -r "$font" ] || { echo "skipped: no math font $font (fonts-texgyre-math)"; exit 77; }
if [ $# -ge 2 ]; then
	out=$2; mkdir -p "$out"
else
	out=$(mktemp -d); trap 'rm -rf "$out"' EXIT
fi
"$MATHMEASURE" "$here/corpus.tsv" "$font" >"$out/octavo-measures.tsv" || true
sh "$here/compare.sh" -t "$1" -r "$out/rows.tsv" "$out/octavo-measures.tsv"
