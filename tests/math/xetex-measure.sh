#!/bin/sh
# xetex-measure.sh OUTDIR [REF] - sets every formula of corpus.tsv with
# XeLaTeX + unicode-math in TeX Gyre Pagella Math at 10 pt, each in a box
# (\sbox0{$...$} for kind I, \sbox0{$\displaystyle ...$} for kind D), and
# writes ID<TAB>wd<TAB>ht<TAB>dp in pt (\the\wd0, \the\ht0, \the\dp0) to
# REF (default: xetex-ref.tsv beside this script, which is checked in;
# CORPUS in the environment names another corpus file, for side-by-side.sh).
# OUTDIR gets xetex-corpus.tex, its log and xetex-corpus.pdf: each formula
# on a line of its own after its ID, to look at beside Octavo's
# (side-by-side.sh).
#
# A test tool only: TeX is never needed to build Octavo nor to run its
# tests (compare.sh reads the checked-in REF). Run it by hand when the
# corpus or TeX changes (see README.md here). A formula XeTeX rejects is
# reported with its ID and makes the script fail: the corpus must hold TeX
# that TeX sets.
#
# Why these settings: unicode-math's mathrm=sym (and it, bf, sf, tt) takes
# \mathrm, \mathbf ... and operator names (\log, \operatorname, whose font
# is \mathrm) from the math font's Unicode alphanumerics, which is what
# Octavo's parser maps letters to (src/math/math.h); \text is set in the
# book's body face, Gentium Book Plus, loaded from the repository's fonts/.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
[ $# -ge 1 ] || { echo "usage: $0 OUTDIR [REF]" >&2; exit 2; }
out=$1
ref=${2:-$here/xetex-ref.tsv}
corpus=${CORPUS:-$here/corpus.tsv}
command -v xelatex >/dev/null || { echo "$0: xelatex is not installed (texlive-xetex)" >&2; exit 2; }
mkdir -p "$out"
out=$(cd "$out" && pwd)
tex=$out/xetex-corpus.tex

{
	cat <<EOF
\\documentclass[10pt]{article}
\\usepackage[a4paper,margin=12mm]{geometry}
\\usepackage{amsmath}
\\usepackage{fontspec}
\\usepackage[mathrm=sym,mathit=sym,mathbf=sym,mathsf=sym,mathtt=sym]{unicode-math}
\\setmainfont{GentiumBookPlus}[Path=$root/fonts/, Extension=.ttf,
  UprightFont=*-Regular, ItalicFont=*-Italic, BoldFont=*-Bold, BoldItalicFont=*-BoldItalic]
\\setmathfont{texgyrepagella-math.otf}
% amsmath's \\boldsymbol asks for a bold math version that Pagella Math does
% not have (it falls back to the regular one); unicode-math's bold italic
% alphabet is what Octavo maps it to
\\renewcommand{\\boldsymbol}[1]{\\symbfit{#1}}
\\pagestyle{empty}
\\parindent=0pt
\\hbadness=10000 \\hfuzz=\\maxdimen
\\newwrite\\ovout
\\immediate\\openout\\ovout=xetex-measures.txt
% \\ovm{ID}{D or I}: writes ID wd ht dp of box 0 and shows it after its ID
\\def\\ovm#1#2{\\immediate\\write\\ovout{#1 \\the\\wd0 \\space\\the\\ht0 \\space\\the\\dp0 }%
  \\par\\hbox{\\hbox to 18mm{\\footnotesize\\ttfamily #1\\hfil}\\usebox0}\\vspace{4pt}}
\\begin{document}
EOF
	# ID KIND CATEGORY TEX, tab-separated; # comments
	awk -F '\t' '!/^#/ && NF >= 4 {
		tex = $4; for (i = 5; i <= NF; i++) tex = tex "\t" $i
		printf "\\typeout{OVFORMULA %s}%%\n", $1
		if ($2 == "D")
			printf "\\sbox0{$\\displaystyle %s$}\\ovm{%s}{D}\n", tex, $1
		else
			printf "\\sbox0{$%s$}\\ovm{%s}{I}\n", tex, $1
	}' "$corpus"
	printf '\\immediate\\closeout\\ovout\n\\end{document}\n'
} >"$tex"

cd "$out"
rm -f xetex-measures.txt
status=0
xelatex -interaction=nonstopmode -halt-on-error=false xetex-corpus.tex >/dev/null 2>&1 || status=$?
# Each TeX error ("! ...") is charged to the formula announced before it.
awk -v c="$corpus" '/^OVFORMULA / {id = $2} /^! / {print c ": " id ": " $0; bad = 1} END {exit bad}' \
	xetex-corpus.log >&2 || { echo "$0: XeTeX rejected formulas (above); fix them in the corpus" >&2; exit 1; }
[ "$status" -eq 0 ] || { echo "$0: xelatex failed (exit $status), see $out/xetex-corpus.log" >&2; exit 1; }
want=$(grep -cv '^#' "$corpus")
have=$(wc -l <xetex-measures.txt)
[ "$want" -eq "$have" ] || { echo "$0: $have measures for $want formulas" >&2; exit 1; }
{
	printf '# xetex-ref.tsv - made by xetex-measure.sh from corpus.tsv; do not edit.\n'
	fontfile=$(kpsewhich texgyrepagella-math.otf 2>/dev/null || fc-match -f '%{file}' 'TeX Gyre Pagella Math')
	printf '# %s, %s, TeX Gyre Pagella Math %s, 10 pt\n' \
		"$(xelatex --version | head -n 1)" \
		"$(sed -n 's/^Package: \(unicode-math [0-9\/]* v[0-9a-z.]*\).*/\1/p' xetex-corpus.log | head -n 1)" \
		"$(fc-query -f '%{fontversion}' "$fontfile" | awk '{printf "%.3f", $1 / 65536}')"
	printf '# ID\twd\tht\tdp (pt)\n'
	sed 's/\([0-9]\)pt/\1/g' xetex-measures.txt | awk '{printf "%s\t%s\t%s\t%s\n", $1, $2, $3, $4}'
} >"$ref.tmp"
mv "$ref.tmp" "$ref"
echo "$0: $have formulas measured into $ref; PDF: $out/xetex-corpus.pdf"
