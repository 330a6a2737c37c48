#!/usr/bin/env bash
# bench/patho.sh [CASE...] - builds the pathological books (inputs that
# once made a build slow or hungry) with octavo, PDF and EPUB, and prints
# the wall time, the peak RSS and the exit status of each. Every case must
# finish in well under two seconds with memory in proportion to its input.
# With no CASE, all run; the names are listed by 'bench/patho.sh --list'.
# Needs a release build:
#   cmake -S . -B build-rel -DCMAKE_BUILD_TYPE=Release && cmake --build build-rel
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
OCTAVO=${OCTAVO:-build-rel/octavo}
ALL="paragraph-2mb table-5000 lists-3000 word-4mb code-line-1mb formula-1mb links-broken-50000
links-valid-20000 headings-links-20000 headings-same-5000 footnotes-40000 yaml-deep-100000
manifest-deep-100000 braces-1mb includes-20000 deflists-alerts-20000 html-inline-20000 html-blocks-20000 html-deep-100000 html-spans-2000
gif-screen-40mp jpeg-scans-1200 html-columns-20000 html-rowspans-5000 captions-20000"
if [ "${1:-}" = --list ]; then echo $ALL; exit 0; fi
[ -x "$OCTAVO" ] || { echo "build $OCTAVO first (see the header of this script)" >&2; exit 2; }
[ -x /usr/bin/time ] || { echo "install the 'time' package for /usr/bin/time" >&2; exit 2; }
W=$(mktemp -d)
trap 'rm -rf "$W"' EXIT

# rep N STRING: STRING N times, no separator
rep() { awk -v n="$1" -v s="$2" 'BEGIN { for (i = 0; i < n; i++) printf "%s", s }'; }

# make CASE: writes the book of CASE into $W/CASE
make_case() {
  local b=$W/$1
  mkdir -p "$b/chapters"
  printf 'title: Pathological\noutput: patho\n' >"$b/book.yaml"
  local ch=$b/chapters/01.md
  case $1 in
    paragraph-2mb) { printf '# One\n\n'; rep 200000 'lorem ipsu '; printf '\n'; } >"$ch" ;;
    table-5000) { printf '# One\n\n| a | b | c |\n|---|---|---|\n'; rep 5000 '| one | two words | three |\n'; } >"$ch" ;;
    lists-3000) { printf '# One\n\n'; awk 'BEGIN { for (i = 0; i < 3000; i++) { printf "%*s- item\n", i * 2, "" } }'; } >"$ch" ;;
    word-4mb) { printf '# One\n\n'; rep 400000 'abcdefghij'; printf '\n'; } >"$ch" ;;
    code-line-1mb) { printf '# One\n\n```\n'; rep 100000 'x1y2z3w4v5'; printf '\n```\n'; } >"$ch" ;;
    formula-1mb) { printf '# One\n\n$'; rep 100000 'a_{i}+b^2-'; printf 'c$\n'; } >"$ch" ;;
    links-broken-50000) { printf '# One\n\n'; awk 'BEGIN { for (i = 0; i < 50000; i++) printf "[l%d](#missing-%d)\n", i, i }'; } >"$ch" ;;
    links-valid-20000)
      { printf '# One\n\n'; awk 'BEGIN { for (i = 0; i < 20000; i++) printf "[l%d](02.md#heading-%d)\n", i, i }'; } >"$ch"
      { printf '# Two\n\n'; awk 'BEGIN { for (i = 0; i < 20000; i++) printf "## Heading %d\n\nText.\n\n", i }'; } >"$b/chapters/02.md" ;;
    headings-links-20000)
      { printf '# One\n\n'; awk 'BEGIN { for (i = 0; i < 20000; i++) printf "## Heading %d\n\nSee [the next](#heading-%d).\n\n", i, (i + 1) % 20000 }'; } >"$ch" ;;
    headings-same-5000)
      { printf '# One\n\n'; awk 'BEGIN { for (i = 0; i < 5000; i++) printf "## Overview\n\nText.\n\n" }'; } >"$ch" ;;
    footnotes-40000)
      { printf '# One\n\n'; awk 'BEGIN { for (i = 0; i < 40000; i++) printf "Note[^n%d].\n", i;
        printf "\n"; for (i = 0; i < 40000; i++) printf "[^n%d]: Text %d.\n\n", i, i }'; } >"$ch" ;;
    yaml-deep-100000) { printf -- '---\ntitle: '; rep 100000 '['; rep 100000 ']'; printf '\n---\n# One\n\nText.\n'; } >"$ch" ;;
    manifest-deep-100000)
      { printf 'title: Pathological\noutput: patho\nsubjects: '; rep 100000 '['; rep 100000 ']'; printf '\n'; } >"$b/book.yaml"
      printf '# One\n\nText.\n' >"$ch" ;;
    braces-1mb) { printf '# One\n\n'; rep 40000 '{{#include x '; printf '\n\n'; rep 60000 '\\{{#a '; printf '\n'; } >"$ch" ;;
    includes-20000)
      printf 'one\n// ANCHOR: a\ntwo\n// ANCHOR_END: a\n' >"$b/chapters/part.rs"
      { printf '# One\n\n```\n'; rep 20000 '{{#include part.rs:a}}\n'; printf '```\n'; } >"$ch" ;;
    deflists-alerts-20000)
      { printf '# One\n\n'; awk 'BEGIN { for (i = 0; i < 20000; i++) printf "Term %d\n: Definition %d.\n\n> [!NOTE]\n> Note %d.\n\n", i, i, i }'; } >"$ch" ;;
    html-inline-20000)
      { printf '# One\n\n'; awk 'BEGIN { for (i = 0; i < 20000; i++) printf "2<sup>%d</sup> and H<sub>2</sub>O<br>next\n\n", i }'; } >"$ch" ;;
    html-blocks-20000)
      { printf '# One\n\n'; awk 'BEGIN { for (i = 0; i < 20000; i++) printf "<div align=\"center\">\n<b>%d</b>\n\nMarkdown *text*.\n\n</div>\n\n", i }'; } >"$ch" ;;
    html-deep-100000) { printf '# One\n\n'; rep 100000 '<div><b>'; printf 'deep\n'; } >"$ch" ;;
    html-spans-2000)
      { printf '# One\n\n<table>\n'; rep 2000 '<tr><td colspan="1000" rowspan="1000">x</td><td>y</td></tr>\n'; printf '</table>\n'; } >"$ch" ;;
    gif-screen-40mp) # 38 bytes: a 6324 x 6324 screen (just under OV_MAX_IMAGE_PIXELS) around one pixel
      printf 'GIF89a\xb4\x18\xb4\x18\x80\x00\x00\x00\x00\x00\xff\xff\xff,\x00\x00\x00\x00\x01\x00\x01\x00\x00\x02\x02\x4c\x01\x00;' >"$b/chapters/big.gif"
      printf '# One\n\n![big](big.gif)\n' >"$ch" ;;
    jpeg-scans-1200) # a progressive JPEG whose first scan is repeated 1,200 times
      ppmmake rgb:80/40/20 16 16 | cjpeg -progressive |
        perl -e 'local $/; my $d = <STDIN>; my $i = index($d, "\xFF\xDA");
          my $j = $i + 2 + unpack("n", substr($d, $i + 2, 2));
          while (1) { my $k = index($d, "\xFF", $j); my $n = substr($d, $k + 1, 1);
            if ($n ne "\x00" && !($n ge "\xD0" && $n le "\xD7")) { $j = $k; last } $j = $k + 1 }
          print substr($d, 0, $j), substr($d, $i, $j - $i) x 1200, substr($d, $j)' >"$b/chapters/scans.jpg"
      printf '# One\n\n![scans](scans.jpg)\n' >"$ch" ;;
    html-columns-20000)
      { printf '# One\n\n<p>'; rep 20000 '<b>x</b> <a href="javascript:1">y</a> <td>z</td> <i\n>w</i> '; printf '</p>\n'; } >"$ch" ;;
    html-rowspans-5000)
      { printf '# One\n\n<table>\n'; rep 1000 '<tr><td rowspan="5">a</td><td>b</td></tr><tr><td>c</td></tr><tr><td>d</td></tr><tr><td>e</td></tr><tr><td>f</td></tr>\n'; printf '</table>\n'; } >"$ch" ;;
    captions-20000)
      cp tests/fixtures/figures/images/chart.png "$b/chapters/"
      { printf '# One\n\n'; rep 10000 '![a](chart.png)\n*Figure 1: A [link](#one) and **bold***\n\n![b](chart.png)\n\n*Fig. 2. Apart*\n\n'; } >"$ch" ;;
    *) echo "unknown case '$1' (see --list)" >&2; exit 2 ;;
  esac
}

printf '%-22s %9s %9s %9s %5s\n' case input wall peak exit
for c in ${@:-$ALL}; do
  make_case "$c"
  size=$(cat "$W/$c"/book.yaml "$W/$c"/chapters/*.md | wc -c)
  set +e
  /usr/bin/time -f '%e %M' -o "$W/t" timeout 300 "$OCTAVO" build "$W/$c" -o "$W/out-$c" >/dev/null 2>"$W/err-$c"
  rc=$?
  set -e
  read -r wall kb < <(tail -1 "$W/t")
  awk -v c="$c" -v s="$size" -v w="$wall" -v k="$kb" -v r="$rc" \
    'BEGIN { printf "%-22s %7.2f MB %7.2f s %6.0f MB %5d\n", c, s / 1e6, w, k / 1024, r }'
  rm -rf "$W/$c" "$W/out-$c"
done
