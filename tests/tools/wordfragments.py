#!/usr/bin/env python3
"""wordfragments.py PDF SOURCE... - fails when the PDF's extracted text
(pdftotext -raw, in content order) holds a piece of a hyphenated word next
to the whole word: "mathe" before "mathematics" (the word's /ActualText
span opened at its last piece on the line instead of its first) or "cal"
after "technical" (the span closed before the word's last piece on the
next line). A token counts as such a fragment when it is no word of the
sources (the chapters, book.yaml, the SVG figures) and it begins the next
token or ends the one before; tokens are runs of letters, case-folded,
with a final 's or ’s dropped. Prints each fragment with its neighbour and
exits 1 when there is any. Words split by a page break (no span can cross
one) extract as two unknown halves and are not flagged.
"""
import re
import subprocess
import sys

TOKEN = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*")


def tokens(text):
    out = []
    for t in TOKEN.findall(text):
        t = t.replace("’", "'").lower()
        if t.endswith("'s"):
            t = t[:-2]
        out.append(t)
    return out


def main():
    if len(sys.argv) < 3:
        sys.exit(__doc__.split("\n\n")[0])
    vocab = set()
    for path in sys.argv[2:]:
        with open(path, encoding="utf-8", errors="replace") as f:
            vocab.update(tokens(f.read()))
    text = subprocess.run(["pdftotext", "-raw", sys.argv[1], "-"], check=True, capture_output=True,
                          text=True).stdout
    toks = tokens(text)
    bad = []
    for i, t in enumerate(toks):
        if t in vocab or len(t) < 2:
            continue
        nxt = toks[i + 1] if i + 1 < len(toks) else ""
        prv = toks[i - 1] if i > 0 else ""
        if len(nxt) > len(t) and nxt.startswith(t):
            bad.append(f"'{t}' before '{nxt}'")
        elif len(prv) > len(t) and prv.endswith(t):
            bad.append(f"'{t}' after '{prv}'")
    for b in bad:
        print(f"{sys.argv[1]}: fragment of a hyphenated word extracted with the whole word: {b}")
    print(f"{sys.argv[1]}: {len(toks)} words extracted, {len(bad)} fragments")
    sys.exit(1 if bad else 0)


if __name__ == "__main__":
    main()
