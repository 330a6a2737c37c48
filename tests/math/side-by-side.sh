#!/bin/sh
# side-by-side.sh OUTDIR [FILTER] - the corpus's formulas as XeTeX and as
# Octavo set them, as PNG pages to look at in pairs:
#
#   OUTDIR/book/            a generated book: one chapter, each formula in a
#                           paragraph of its own after its ID (inline ones in
#                           $...$, displays in $$ blocks)
#   OUTDIR/octavo/formulas.pdf, .epub   that book built by octavo ($OCTAVO,
#                           default build-test/octavo)
#   OUTDIR/xetex-corpus.pdf the same formulas by XeLaTeX (xetex-measure.sh;
#                           skipped, with a note, when xelatex is missing)
#   OUTDIR/png/xetex-NN.png, octavo-NN.png   their pages at 110 dpi (pdftoppm)
#   OUTDIR/index.html       the pages side by side, XeTeX left, Octavo right
#
# FILTER (an awk regular expression on the ID or the category, e.g.
# 'stress-delim' or '^frac') keeps only the matching formulas, so that the
# pages of both line up better. The formulas follow the corpus's order in
# both PDFs; the IDs are printed beside them.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
[ $# -ge 1 ] && [ $# -le 2 ] || { echo "usage: $0 OUTDIR [FILTER]" >&2; exit 2; }
mkdir -p "$1"
out=$(cd "$1" && pwd)
filter=${2:-.}
octavo=${OCTAVO:-$root/build-test/octavo}
[ -x "$octavo" ] || { echo "$0: no octavo at $octavo (build it, or set OCTAVO)" >&2; exit 2; }
command -v pdftoppm >/dev/null || { echo "$0: pdftoppm is missing (poppler-utils)" >&2; exit 2; }

# the chosen formulas, as a corpus of their own
awk -F '\t' -v re="$filter" '/^#/ || $1 ~ re || $3 ~ re' "$here/corpus.tsv" >"$out/corpus.tsv"
n=$(grep -cv '^#' "$out/corpus.tsv" || true)
[ "$n" -gt 0 ] || { echo "$0: no formula matches '$filter'" >&2; exit 2; }

rm -rf "$out/book" "$out/octavo" "$out/png"
mkdir -p "$out/book/chapters" "$out/octavo" "$out/png"
cat >"$out/book/book.yaml" <<EOF
title: Formulas of the Math Corpus
output: formulas
chapters:
  - chapters/01-formulas.md
EOF
awk -F '\t' '
	BEGIN { print "# Formulas\n" }
	/^#/ { next }
	$2 == "D" { printf "`%s`\n\n$$\n%s\n$$\n\n", $1, $4; next }
	{ printf "`%s` $%s$\n\n", $1, $4 }
' "$out/corpus.tsv" >"$out/book/chapters/01-formulas.md"
SOURCE_DATE_EPOCH=${SOURCE_DATE_EPOCH:-1700000000} "$octavo" build "$out/book" -o "$out/octavo" \
	2>"$out/octavo/build.log" || echo "$0: octavo reported errors (see $out/octavo/build.log)" >&2
[ -s "$out/octavo/formulas.pdf" ] || { echo "$0: octavo made no PDF" >&2; cat "$out/octavo/build.log" >&2; exit 1; }
# from the page of the first formula on (not the title and contents pages)
first=$(awk -F '\t' '!/^#/ {print $1; exit}' "$out/corpus.tsv")
pages=$(pdfinfo "$out/octavo/formulas.pdf" | awk '/^Pages:/ {print $2}')
from=1
while [ "$from" -lt "$pages" ] && ! pdftotext -f "$from" -l "$from" "$out/octavo/formulas.pdf" - | grep -q "$first"; do
	from=$((from + 1))
done
pdftoppm -r 110 -f "$from" -png "$out/octavo/formulas.pdf" "$out/png/octavo"

if command -v xelatex >/dev/null; then
	CORPUS="$out/corpus.tsv" sh "$here/xetex-measure.sh" "$out/xetex" "$out/xetex/measures.tsv" >/dev/null
	cp "$out/xetex/xetex-corpus.pdf" "$out/xetex-corpus.pdf"
	pdftoppm -r 110 -png "$out/xetex-corpus.pdf" "$out/png/xetex"
else
	echo "$0: xelatex is missing: Octavo's pages only" >&2
fi

{
	printf '<!DOCTYPE html>\n<html><head><meta charset="utf-8"><title>Math corpus side by side</title>\n'
	printf '<style>body{font-family:sans-serif} td{vertical-align:top} img{width:48vw;border:1px solid #ccc}</style>\n'
	printf '</head><body>\n<p>%s formulas matching <code>%s</code>: XeTeX (left), Octavo (right).</p>\n<table>\n' "$n" "$filter"
	x=$(cd "$out/png" && ls xetex-*.png 2>/dev/null || true)
	o=$(cd "$out/png" && ls octavo-*.png)
	printf '%s\n' "$x" >"$out/png/.x"
	printf '%s\n' "$o" >"$out/png/.o"
	paste "$out/png/.x" "$out/png/.o" | awk -F '\t' '{printf "<tr><td>%s</td><td>%s</td></tr>\n",
		$1 == "" ? "" : "<img src=\"png/" $1 "\">", $2 == "" ? "" : "<img src=\"png/" $2 "\">"}'
	rm -f "$out/png/.x" "$out/png/.o"
	printf '</table>\n</body></html>\n'
} >"$out/index.html"
echo "$0: $n formulas; open $out/index.html ($(ls "$out/png" | wc -l) pages)"
