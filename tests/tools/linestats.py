#!/usr/bin/env python3
"""linestats.py PDF [FIRST LAST] - the colour of a PDF's justified text,
measured the same way whatever made the PDF (Octavo, or pandoc + XeLaTeX
through pandoc-compare.sh), from MuPDF's structured text (mutool draw -F
stext: every glyph drawn with its box, font size and baseline; an
/ActualText span does not hide the glyphs, so a hyphen drawn is a hyphen
counted):

  body size        the font size most characters have; only lines set
                   wholly in it are counted (not headings, notes, code),
                   within 2.5 %: MuPDF scales the size of glyphs set with
                   Octavo's expansion (Tz)
  justified lines  lines of four words or more, none of them more than
                   1 em apart (table rows are not text), whose last glyph
                   ends at the right edge of the page's text (the edge
                   most lines of the page share, from 0.6 pt inside to 3 pt outside,
                   where a protruding hyphen ends: microtype, which
                   pandoc's template loads, hangs it in the margin)
  hyphenated       of those, the lines that end in a hyphen (-, U+2010 or
                   a soft hyphen), explicit and discretionary alike
  word space       a line's mean gap between its words' glyph boxes, in
                   ems of the body size (min, 5th percentile, median, 95th
                   percentile, max)
  contrast         consecutive justified lines (baselines at most 1.6 em
                   apart) whose mean gaps differ by more than 0.10 and
                   0.12 em

A review tool for issue 15, not run by the tests: Octavo's --report counts
from its own layout; this counts from the page, so that Octavo's figures
can be set beside TeX's. A line's words are its runs of glyphs between
spaces (MuPDF adds a space where the gap is wide enough, as for TeX,
which draws none).
"""
import collections
import statistics
import subprocess
import sys
import xml.etree.ElementTree as ET

HYPHENS = ("-", "\u2010", "\u00ad")


def pages(pdf, first, last):
    args = ["mutool", "draw", "-F", "stext", "-o", "-", pdf]
    if first:
        args.append(f"{first}-{last}")
    out = subprocess.run(args, check=True, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL).stdout
    for page in ET.fromstring(out).iter("page"):
        lines = collections.defaultdict(list)  # baseline -> [(x0, x1, char, size)]
        for font in page.iter("font"):
            size = float(font.get("size"))
            for ch in font.iter("char"):
                q = [float(v) for v in ch.get("quad").split()]
                lines[round(float(ch.get("y")), 1)].append((q[0], q[2], ch.get("c", ""), size))
        # by x, keeping the drawing order of glyphs at one x (the parts of
        # a ligature MuPDF splits)
        yield {y: sorted(v, key=lambda t: t[0]) for y, v in sorted(lines.items())}


def words(chars):
    """The line's words as (x0, x1, text), split at spaces."""
    out, cur = [], []
    for x0, x1, c, _ in chars:
        if c.isspace():
            if cur:
                out.append(cur)
            cur = []
        else:
            cur.append((x0, x1, c))
    if cur:
        out.append(cur)
    return [(w[0][0], w[-1][1], "".join(c for _, _, c in w)) for w in out]


def main():
    if len(sys.argv) not in (2, 4):
        sys.exit(__doc__.split("\n\n")[0])
    pdf = sys.argv[1]
    first, last = (int(sys.argv[2]), int(sys.argv[3])) if len(sys.argv) == 4 else (0, 0)
    all_pages = list(pages(pdf, first, last))
    sizes = collections.Counter(round(c[3], 2) for p in all_pages for l in p.values() for c in l)
    body = sizes.most_common(1)[0][0]
    spaces, hyph, just, c10, c12 = [], 0, 0, 0, 0
    for p in all_pages:
        body_lines = {y: l for y, l in p.items() if all(abs(c[3] / body - 1) < 0.025 for c in l if not c[2].isspace())}
        ws = {y: words(l) for y, l in body_lines.items()}
        right = collections.Counter(round(w[-1][1] * 2) / 2 for w in ws.values() if len(w) >= 4)
        if not right:
            continue
        edge = right.most_common(1)[0][0]
        prev_y, prev_s = None, None
        for y, w in ws.items():
            gaps = [(w[k + 1][0] - w[k][1]) / body for k in range(len(w) - 1)] if len(w) >= 4 else []
            # a gap over 1 em is a table's columns, not a line of text
            if not (gaps and -0.6 < w[-1][1] - edge < 3 and max(gaps) <= 1):
                prev_y = None
                continue
            s = statistics.mean(gaps)
            just += 1
            spaces.append(s)
            hyph += w[-1][2].endswith(HYPHENS)
            if prev_y is not None and y - prev_y <= 1.6 * body:
                c10 += abs(s - prev_s) > 0.10
                c12 += abs(s - prev_s) > 0.12
            prev_y, prev_s = y, s
    if not just:
        sys.exit(f"{pdf}: no justified lines found")
    q = statistics.quantiles(spaces, n=20)
    print(f"{pdf}: body {body} pt, {just} justified lines, {hyph} hyphenated ({100 * hyph / just:.1f} %)")
    print(f"  word space em: min {min(spaces):.3f} p5 {q[0]:.3f} median {statistics.median(spaces):.3f} "
          f"p95 {q[-1]:.3f} max {max(spaces):.3f}")
    print(f"  adjacent lines differing > 0.10 em: {c10}, > 0.12 em: {c12}")


if __name__ == "__main__":
    main()
