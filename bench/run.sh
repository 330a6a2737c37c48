#!/usr/bin/env bash
# bench/run.sh [RUNS] - builds synthetic books of 10 and 100 chapters with
# octavo (PDF and EPUB, PDF only, EPUB only) RUNS times each (default 5)
# and prints the median wall time, CPU time and peak RSS (/usr/bin/time -v);
# then the 100-chapter book with 20 formulas in each chapter from the math
# corpus (tests/math/corpus.tsv; issue 14 wants it under 0.5 s).
# Where pandoc is installed, it times pandoc's EPUB writer on the same
# Markdown in the same run and prints the ratio. Needs a release build:
#   cmake -S . -B build-rel -DCMAKE_BUILD_TYPE=Release && cmake --build build-rel
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
RUNS=${1:-5}
OCTAVO=${OCTAVO:-build-rel/octavo}
[ -x "$OCTAVO" ] || { echo "build $OCTAVO first (see the header of this script)" >&2; exit 2; }
[ -x /usr/bin/time ] || { echo "install the 'time' package for /usr/bin/time" >&2; exit 2; }
W=$(mktemp -d)
trap 'rm -rf "$W"' EXIT
cc -O2 -o "$W/gen" bench/gen.c

# measure LABEL CMD... : median of RUNS runs: wall s, cpu s, max RSS MB
measure() {
  local label=$1; shift
  for _ in $(seq "$RUNS"); do
    /usr/bin/time -f '%e %U %S %M' -o "$W/t" "$@" >/dev/null 2>"$W/err" || { cat "$W/err" >&2; exit 1; }
    awk '{printf "%.3f %.3f %.1f\n", $1, $2 + $3, $4 / 1024}' "$W/t"
  done | sort -n | awk -v l="$label" '{w[NR]=$1; c[NR]=$2; m[NR]=$3} END {i=int((NR+1)/2);
    printf "%-34s wall %6.3f s  cpu %6.3f s  rss %6.1f MB\n", l, w[i], c[i], m[i]; print w[i] > "/dev/stderr"}' 2>"$W/median"
}

for n in 10 100; do
  "$W/gen" "$W/book$n" "$n"
  words=$(cat "$W/book$n"/chapters/*.md | wc -w)
  echo "== $n chapters, $words words"
  measure "octavo PDF + EPUB" "$OCTAVO" build "$W/book$n" -o "$W/out$n"
  octavo_both=$(cat "$W/median")
  pages=$(pdfinfo "$W/out$n/bench.pdf" 2>/dev/null | awk '/^Pages:/ {print $2}')
  echo "   ($pages pages)"
  measure "octavo PDF only" "$OCTAVO" build "$W/book$n" -o "$W/out$n" --pdf
  measure "octavo EPUB only" "$OCTAVO" build "$W/book$n" -o "$W/out$n" --epub
  octavo_epub=$(cat "$W/median")
  if command -v pandoc >/dev/null; then
    measure "pandoc EPUB" pandoc -o "$W/pandoc$n.epub" "$W/book$n"/chapters/*.md
    pandoc_epub=$(cat "$W/median")
    awk -v p="$pandoc_epub" -v o="$octavo_epub" 'BEGIN {printf "   octavo EPUB is %.1fx faster than pandoc EPUB\n", p / o}'
  fi
done

# issue 14: the same 100 chapters with 20 formulas each (2,000, inline and
# display, from the math corpus)
"$W/gen" "$W/book100m" 100 --math=tests/math/corpus.tsv
echo "== 100 chapters, 20 formulas each"
measure "octavo PDF + EPUB" "$OCTAVO" build "$W/book100m" -o "$W/out100m"
measure "octavo PDF only" "$OCTAVO" build "$W/book100m" -o "$W/out100m" --pdf
measure "octavo EPUB only" "$OCTAVO" build "$W/book100m" -o "$W/out100m" --epub
