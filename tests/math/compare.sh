#!/bin/sh
# compare.sh [-t PERCENT] [-n WORST] [-f FLOOR] [-c CORPUS] [-r ROWS.tsv] OCTAVO.tsv [XETEX.tsv]
#
# Joins Octavo's measures of the corpus (mathmeasure's output) with
# XeTeX's (xetex-ref.tsv beside this script unless given), both
# ID<TAB>wd<TAB>ht<TAB>dp in pt, and for each formula computes the relative
# difference of its width, height and depth against XeTeX's:
#
#     |octavo - xetex| / max(|xetex|, FLOOR)
#
# A formula is within tolerance when all three are at most 3 %. FLOOR (default
# 1 pt, a tenth of the em at 10 pt) is there for measures near zero, mostly
# depths: a formula without descenders has a depth of 0 to 0.2 pt (the
# overshoot of round letters), where a relative difference means nothing.
# One unit of Pagella Math's 1000-unit em is 0.01 pt at 10 pt, so the floor
# lets a measure under 1 pt differ by 0.03 pt (3 font units, the rounding
# of a few added values), while anything really misplaced (a script shifted
# by the wrong rule, a wrong size variant, a missing accent) differs by far
# more.
#
# Prints the number of formulas, the share within 3 % overall, per measure
# and per category (from CORPUS, default corpus.tsv beside this script),
# then the WORST (default 20) formulas by their largest difference with
# both sets of measures. A formula missing from OCTAVO.tsv, or given there
# with '-' measures (Octavo could not set it), counts as outside.
# With -r, every formula's row goes to ROWS.tsv (ID, category, largest
# difference %, 1 within / 0 not, XeTeX's wd ht dp, Octavo's wd ht dp, the
# three differences %), for a closer look.
# Exits 1 when the overall share is below PERCENT (default 0: never), 2 on
# bad usage. POSIX sh and awk only (no python in CI).
set -eu
here=$(cd "$(dirname "$0")" && pwd)
threshold=0
worst=20
floor=1
corpus=$here/corpus.tsv
rows=
while getopts t:n:f:c:r: opt; do
	case $opt in
	t) threshold=$OPTARG ;;
	n) worst=$OPTARG ;;
	f) floor=$OPTARG ;;
	c) corpus=$OPTARG ;;
	r) rows=$OPTARG ;;
	*) echo "usage: $0 [-t PERCENT] [-n WORST] [-f FLOOR] [-c CORPUS] [-r ROWS.tsv] OCTAVO.tsv [XETEX.tsv]" >&2; exit 2 ;;
	esac
done
shift $((OPTIND - 1))
[ $# -ge 1 ] && [ $# -le 2 ] || { echo "usage: $0 [-t PERCENT] [-n WORST] [-f FLOOR] [-c CORPUS] [-r ROWS.tsv] OCTAVO.tsv [XETEX.tsv]" >&2; exit 2; }
octavo=$1
xetex=${2:-$here/xetex-ref.tsv}
for f in "$octavo" "$xetex" "$corpus"; do
	[ -r "$f" ] || { echo "$0: cannot read $f" >&2; exit 2; }
done
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# One line per formula of the reference: ID CATEGORY worst% ok x(wd ht dp) o(wd ht dp) dwd% dht% ddp%
awk -F '\t' -v floor="$floor" -v tol=3 '
	function num(s) { return s ~ /^-?[0-9]+(\.[0-9]*)?$/ }
	function rel(o, x,   d, m) {
		d = o - x; if (d < 0) d = -d
		m = x < 0 ? -x : x; if (m < floor) m = floor
		return 100 * d / m
	}
	FILENAME == ARGV[1] { if (!/^#/ && NF >= 4) cat[$1] = $3; next }
	FILENAME == ARGV[2] { if (!/^#/ && NF >= 4) { ow[$1] = $2; oh[$1] = $3; od[$1] = $4; seen[$1] = 1 } next }
	/^#/ || NF < 4 { next }
	{
		id = $1; c = (id in cat) ? cat[id] : "?"; inref[id] = 1
		if (!(id in cat)) stale++
		if (!(id in seen) || !num(ow[id]) || !num(oh[id]) || !num(od[id])) {
			printf "%s\t%s\t%s\t0\t%s\t%s\t%s\t-\t-\t-\t-\t-\t-\n", id, c, "999999", $2, $3, $4
			next
		}
		dw = rel(ow[id], $2); dh = rel(oh[id], $3); dd = rel(od[id], $4)
		w = dw; if (dh > w) w = dh; if (dd > w) w = dd
		printf "%s\t%s\t%.4f\t%d\t%s\t%s\t%s\t%s\t%s\t%s\t%.2f\t%.2f\t%.2f\n", id, c, w, \
			(w <= tol), $2, $3, $4, ow[id], oh[id], od[id], dw, dh, dd
	}
	END {
		for (id in cat) if (!(id in inref)) stale++
		if (stale) {
			printf "compare.sh: %d formulas differ between the corpus and %s: regenerate it " \
				"(xetex-measure.sh, see README.md)\n", stale, ARGV[3] > "/dev/stderr"
			exit 2
		}
	}' "$corpus" "$octavo" "$xetex" >"$tmp/rows"
[ -z "$rows" ] || cp "$tmp/rows" "$rows"

awk -F '\t' -v tol=3 -v floor="$floor" '
	{
		n++; ok += $4; k = $2; cn[k]++; cok[k] += $4
		if ($11 == "-") { missing++; next }
		okw += ($11 <= tol); okh += ($12 <= tol); okd += ($13 <= tol)
	}
	END {
		if (n == 0) { print "no formulas"; exit }
		printf "formulas: %d (Octavo could not set %d)\n", n, missing
		printf "within %d %% in width, height and depth: %d of %d = %.1f %%\n", tol, ok, n, 100 * ok / n
		printf "  width %.1f %%, height %.1f %%, depth %.1f %% (floor %s pt)\n", \
			100 * okw / n, 100 * okh / n, 100 * okd / n, floor
		print "by category:"
		for (k in cn) printf "  %-16s %4d of %4d  %5.1f %%\n", k, cok[k], cn[k], 100 * cok[k] / cn[k] | "sort"
		close("sort")
	}' "$tmp/rows"

echo "worst $worst (pt; xetex -> octavo; difference in %):"
sort -t "$(printf '\t')" -k3,3nr -k1,1 "$tmp/rows" | head -n "$worst" | awk -F '\t' '
	$8 == "-" { printf "  %-10s %-14s not set by Octavo (xetex %s x %s + %s)\n", $1, $2, $5, $6, $7; next }
	{ printf "  %-10s %-14s wd %8.3f -> %8.3f (%5.1f)  ht %7.3f -> %7.3f (%5.1f)  dp %7.3f -> %7.3f (%5.1f)\n",
		$1, $2, $5, $8, $11, $6, $9, $12, $7, $10, $13 }'

awk -F '\t' -v t="$threshold" '{ n++; ok += $4 } END { share = n ? 100 * ok / n : 0
	if (share < t) { printf "FAIL: %.1f %% within tolerance, below the threshold %s %%\n", share, t; exit 1 }
	printf "pass: %.1f %% within tolerance (threshold %s %%)\n", share, t }' "$tmp/rows"
