#!/usr/bin/env python3
"""pagelist.py PDF EPUB - checks the EPUB's print page list against the PDF
(README "Print page numbers in the EPUB"; tests/integration/pagelist.sh).

For every page of the PDF there must be exactly one page-break marker in
the EPUB (role doc-pagebreak, aria-label the folio), in the order of the
pages through the spine, each listed in the nav's page-list and the NCX's
pageList in that order; the package names the print edition (dc:source
refined by source-of pagination). For every body page with text, the
first word that pdftotext finds on it (after the running head; the folio
and a chapter's "Chapter N" label left out) must be the first word after
its marker in the EPUB (markup between allowed; the whole of a word the
page break hyphenated). A page that goes on with a table under its
repeated header row, a wrapped code line, or that opens with a figure
that floated there (set before the text, its marker after it: the
figure's place in the EPUB is before the page before's text), begins
with a word the EPUB has a little later: such a page passes when the
marker's first three words are a run of the page's words, and is counted
apart as "near". A part's
title page (its title alone, an entry of the nav's toc; the EPUB has no
page for it) is marked at its first chapter's start and counted apart.

Python 3 standard library and poppler-utils' pdftotext only. Prints a
summary line; exits 1 with the problems listed.
"""
import html
import os
import re
import subprocess
import sys
import zipfile

def words_of(text):
    return text.split()


def norm(w):
    """A word without the punctuation around it, lower case."""
    w = w.replace("\u00ad", "").replace("\u2011", "-")
    return re.sub(r"^[\W_]+|[\W_]+$", "", w).lower()


def seq_in(seq, words):
    """Whether seq is a run of consecutive words of words (the first of
    them perhaps the rest of a word hyphenated on the page before)."""
    n = len(seq)
    return any(words[i] and seq[0].endswith(words[i]) and words[i + 1:i + n] == seq[1:]
               for i in range(len(words) - n + 1))


def main():
    if len(sys.argv) != 3:
        sys.exit("usage: pagelist.py PDF EPUB")
    pdf, epub = sys.argv[1], sys.argv[2]
    problems = []
    z = zipfile.ZipFile(epub)
    opf = z.read("EPUB/package.opf").decode()
    if not re.search(r'<dc:source id="([^"]+)">PDF, [^<]+</dc:source>', opf):
        problems.append("package: no dc:source naming the PDF edition")
    if 'property="source-of">pagination</meta>' not in opf:
        problems.append("package: no source-of pagination refinement")
    manifest = dict(re.findall(r'<item id="([^"]+)" href="([^"]+)"', opf))
    spine = [manifest[i] for i in re.findall(r'<itemref idref="([^"]+)"', opf)]

    # the markers, through the spine
    marker_re = re.compile(
        r'<span epub:type="pagebreak" role="doc-pagebreak" id="Page-([^"]+)" aria-label="([^"]+)"></span>')
    markers = []  # (label, doc, text after the marker)
    for doc in spine:
        data = z.read("EPUB/" + doc).decode()
        for m in marker_re.finditer(data):
            if m.group(1) != m.group(2):
                problems.append(f"{doc}: marker id Page-{m.group(1)} labelled {m.group(2)}")
            after = data[m.end():m.end() + 4000]
            # phrasing markup joins, block markup parts words
            after = re.sub(r"</?(?:span|a|em|strong|code|sup|sub|del|s|b|i)\b[^>]*>", "", after)
            after = re.sub(r"<[^>]*>", " ", after)
            markers.append((m.group(2), doc, html.unescape(after)))

    nav = z.read("EPUB/nav.xhtml").decode()
    pl = re.search(r'<nav epub:type="page-list"[^>]*>(.*?)</nav>', nav, re.S)
    nav_labels = re.findall(r'<a href="([^"#]+)#Page-([^"]+)">([^<]+)</a>', pl.group(1)) if pl else []
    if not pl:
        problems.append("nav: no page-list")
    ncx = z.read("EPUB/toc.ncx").decode()
    ncx_labels = re.findall(r'<pageTarget [^>]*><navLabel><text>([^<]+)</text>', ncx)

    npages = int(re.search(r"Pages:\s+(\d+)", subprocess.run(
        ["pdfinfo", pdf], capture_output=True, text=True, check=True).stdout).group(1))
    labels = [m[0] for m in markers]
    if len(markers) != npages:
        problems.append(f"{len(markers)} markers for {npages} pages of the PDF")
    if len(set(labels)) != len(labels):
        problems.append("a folio has more than one marker")
    if [n[2] for n in nav_labels] != labels:
        problems.append("the nav's page-list is not the markers in order")
    for href, idl, text in nav_labels:
        if idl != text:
            problems.append(f"nav: #{idl} labelled {text}")
    if ncx_labels != labels:
        problems.append("the NCX pageList is not the markers in order")

    # the PDF's folios: front matter roman, then 1, 2, ...
    front = 0
    for lab in labels:
        if re.fullmatch(r"[ivxlcdm]+", lab):
            front += 1
        else:
            break
    for i, lab in enumerate(labels[front:]):
        if lab != str(i + 1):
            problems.append(f"marker {front + i + 1} is labelled {lab}, not {i + 1}")
            break

    # titles, to tell a running head
    titles = set()
    for doc in spine:
        t = re.search(r"<title>([^<]*)</title>", z.read("EPUB/" + doc).decode())
        if t:
            titles.add(html.unescape(t.group(1)).strip())
    # a part's title page (summary part) has no page of its own in the
    # EPUB: the title is an entry of the nav's toc, the page marked at its
    # first chapter's start
    toc = re.search(r'<nav epub:type="toc".*?</nav>', nav, re.S)
    toc_texts = {html.unescape(re.sub(r"<[^>]*>", "", t)).strip()
                 for t in re.findall(r"<(?:a|span)\b[^>]*>(.*?)</(?:a|span)>", toc.group(0) if toc else "")}
    exact = near = parts = checked = 0
    for i, (lab, doc, after) in enumerate(markers[:npages]):
        if i < front:
            continue  # front matter: at the top of its counterpart
        text = subprocess.run(["pdftotext", "-f", str(i + 1), "-l", str(i + 1), pdf, "-"],
                              capture_output=True, text=True, check=True).stdout
        lines = [l.strip() for l in text.splitlines() if l.strip()]
        if lines and lines[-1] == lab:
            lines.pop()  # the folio: a page with one has a running head
            if lines:
                lines.pop(0)
        if lines and re.fullmatch(r"Chapter \d+", lines[0]):
            lines.pop(0)  # an opening page's label
        body = words_of(" ".join(lines))
        # a list item's bullet or number is the layout's, not the text's
        firsts = [body[0]] if body else []
        k = 0
        while k < len(body) - 1 and re.fullmatch(r"[\u2022\u2013\u25e6\u25aa\u2012-]|\d+[.)]|[a-z][.)]", body[k]):
            k += 1
            firsts.append(body[k])
        if not body:
            continue  # a blank page: its marker is checked above
        checked += 1
        ew = words_of(after)
        if len(ew) > 2 and ew[0] == "Chapter" and ew[1].isdigit():
            ew = ew[2:]  # the EPUB's chapter label before the title
        while ew and ew[0] in ("\u2610\ufe0e", "\u2611\ufe0e", "\u2610", "\u2611"):
            ew = ew[1:]  # a task list's box, drawn in the PDF
        e = norm(ew[0]) or ew[0] if ew else ""
        if e and any(e == (norm(p) or p) or (norm(p) and e.endswith(norm(p))) for p in firsts):
            exact += 1
        elif len(lines) == 1 and lines[0] in toc_texts:
            parts += 1
        elif e and seq_in([norm(w) or w for w in ew[:3]],
                          [norm(w) or w for w in body if w not in ("\u2022", "\u2013", "\u25e6")]):
            near += 1
            if os.environ.get("PAGELIST_VERBOSE"):
                print(f"  near: page {lab} ({doc}): PDF {body[:6]!r}, EPUB {ew[:6]!r}")
        else:
            problems.append(f"page {lab} ({doc}): the PDF's first word is {body[0]!r}, "
                            f"the EPUB's after the marker {ew[0] if ew else ''!r}")
    print(f"pagelist: {npages} pages, {len(markers)} markers, {checked} pages with text: "
          f"{exact} exact, {near} near, {parts} part titles, {len(problems)} problems")
    for p in problems[:30]:
        print("  " + p)
    sys.exit(1 if problems else 0)


if __name__ == "__main__":
    main()
