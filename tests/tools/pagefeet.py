#!/usr/bin/env python3
"""The foot of every page of a PDF, read from MuPDF's structured text
(mutool draw -F stext, whose characters carry their baseline origin), not
from Octavo's own figures: one line per page,

    PAGE LAST_BASELINE FOLIO HYPHEN FLOATS

LAST_BASELINE is the lowest baseline of the text block (the folio's line
and a script's baseline within a line left out), pt from the top, or - for a page without text; FOLIO is 1 when
the page prints an arabic folio, 2 a roman one (the front matter); 0 for a
chapter's opening page, a part page and a blank page, which print none; HYPHEN is 1 when the text block's last line ends with a
hyphen (a word broken across the page turn); FLOATS is 1 when every line
of the text block is a figure's caption (a page of figures that waited
until the chapter's text ended).

The folio's line is the baseline most pages share below all their text
whose text is a page number.
Usage: pagefeet.py FILE.pdf"""
import collections
import re
import subprocess
import sys
import xml.etree.ElementTree as ET

NUMBER = re.compile(r"^([0-9]+|[ivxlcdm]+)$")


def pages(pdf):
    out = subprocess.run(["mutool", "draw", "-F", "stext", "-o", "-", pdf], check=True,
                         stdout=subprocess.PIPE, stderr=subprocess.DEVNULL).stdout
    root = ET.fromstring(out)
    for page in root.iter("page"):
        lines = collections.defaultdict(list)  # rounded baseline -> [(x, char)]
        for ch in page.iter("char"):
            c = ch.get("c", "")
            if not c.strip():
                continue
            y = round(float(ch.get("y")), 1)
            lines[y].append((float(ch.get("x")), c))
        yield {y: "".join(c for _, c in sorted(v)) for y, v in lines.items()}


def folio_kind(p, y):
    """1 for an arabic folio (the body), 2 for a roman one (front matter)."""
    return 1 if p[y].isdigit() else 2


def main():
    all_pages = list(pages(sys.argv[1]))
    lows = collections.Counter()
    for p in all_pages:
        if p:
            y = max(p)
            if NUMBER.match(p[y]):
                lows[y] += 1
    folio_y = lows.most_common(1)[0][0] if lows else None
    for i, p in enumerate(all_pages, 1):
        folio = folio_y is not None and folio_y in p and NUMBER.match(p[folio_y]) is not None
        # a subscript's lower baseline within a line (up to 4.5 pt below a
        # baseline of more characters) is not a line of its own
        body = [y for y in p if (folio_y is None or y < folio_y - 1) and
                not any(y - 4.5 < z < y and len(p[z]) > len(p[y]) for z in p)]
        kind = folio_kind(p, folio_y) if folio else 0
        if not body:
            print(i, "-", kind, 0, 0)
            continue
        y = max(body)
        last = p[y].rstrip()
        heads = [z for z in body if z > min(body) + 1]  # below the running head
        # captions of one or two lines each and nothing else
        captions = sum(1 for z in heads if p[z].startswith("Figure"))
        floats = captions > 0 and len(heads) <= 2 * captions
        print(i, "%.1f" % y, kind, int(last.endswith("-") or last.endswith("\u00ad")), int(floats))


main()
