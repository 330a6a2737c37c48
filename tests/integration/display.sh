#!/usr/bin/env bash
# Display type and ties in the finished handbook (issue 15), read with
# pdftotext -bbox-layout in the three page setups: no title or heading
# (a block of lines taller than body text) ends with a line of one word
# (src/layout/display.c balances them), and no line ends with "Chapter",
# "Figure", "Table", "p." and the like before the number they name
# (src/doc/ties.c ties them). A word that pdftotext joins across a hyphen
# ("Chap- / ter 1", given whole by /ActualText) is wider than any of those
# words alone and is not counted: that is a hyphenation, not a break at
# the tie. On the handbook before these parts, 6, 6 and 8 cases.
. "$(dirname "$0")/lib.sh"
need pdftotext python3

for size in 6x9in a4 letter; do
  "$OCTAVO" build "$SRC" -o "$TMP/$size" --pdf --page-size "$size" 2>"$TMP/err" || { cat "$TMP/err" >&2; fail "build ($size)"; }
  pdftotext -bbox-layout "$TMP/$size/handbook.pdf" "$TMP/$size.html"
  python3 - "$TMP/$size.html" >"$TMP/$size.out" <<'PY' || { cat "$TMP/$size.out" >&2; fail "display type or ties ($size)"; }
import re, sys
t = open(sys.argv[1]).read()
word = r'<word xMin="([\d.]+)" yMin="[\d.]+" xMax="([\d.]+)"[^>]*>([^<]*)</word>'
bad = 0
for blk in re.findall(r'<block[^>]*>(.*?)</block>', t, re.S):
    lines = re.findall(r'<line xMin="[\d.]+" yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)">(.*?)</line>', blk, re.S)
    # display type: lines taller than 17.5 pt (body lines are 15.4 to 16.9)
    big = [re.findall(word, l) for a, b, l in lines if float(b) - float(a) > 17.5]
    big = [w for w in big if w]
    if len(big) > 1 and len(big[-1]) == 1:
        print('a display line of one word:', ' '.join(x[2] for x in big[-2]), '/', big[-1][0][2])
        bad += 1
words = [re.findall(word, l) for l in re.findall(r'<line[^>]*>(.*?)</line>', t, re.S)]
refs = r'(Chapter|Chapters|Figure|Figures|Table|Tables|Section|Fig\.|p\.|pp\.|No\.|Eq\.|Appendix)'
for a, b in zip(words, words[1:]):
    if a and b:
        x0, x1, w = a[-1]
        if re.fullmatch(refs, w) and float(x1) - float(x0) < 80 and re.match(r'[(]?[0-9]', b[0][2]):
            print('a break before a reference number:', w, '/', b[0][2])
            bad += 1
sys.exit(1 if bad else 0)
PY
  echo "ok: $size: titles and headings balanced, references tied"
done
