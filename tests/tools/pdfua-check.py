#!/usr/bin/env python3
"""pdfua-check.py - the machine-checkable PDF/UA-1 conditions Octavo could break.

    pdfua-check.py BOOK.pdf        # prints one line per failure, then a verdict;
                                   # exit status 0 when nothing failed, 1 otherwise

Reads the file through `qpdf --json=2` (streams decoded, inline) and checks,
by the failure conditions of the Matterhorn Protocol 1.1 (PDF Association,
2021) and the clauses of ISO 14289-1 (PDF/UA-1) they test:

  01-003  content marked as Artifact inside tagged content
  01-004  tagged content inside content marked as Artifact
  01-005  content neither marked as Artifact nor tagged (every text-showing,
          path-painting and XObject operator of every page's content)
  01-007  /MarkInfo /Suspects true; and (UA-1 7.1) /MarkInfo /Marked true
  02-001  a structure type that is neither standard nor role-mapped
  06-001  no XMP metadata stream in the catalog
  06-002  the XMP has no PDF/UA identifier (pdfuaid:part)
  06-003  the XMP has no dc:title
  07-001  /ViewerPreferences has no /DisplayDocTitle
  07-002  /DisplayDocTitle is false
  10-001  a character code that no ToUnicode map gives Unicode for (every code
          every page shows, font by font)
  11-001  no natural language for the text (no /Lang on the catalog)
  13-004  a Figure without /Alt or /ActualText
  14-002  the first numbered heading is not H1
  14-003  numbered heading levels skipped on the way down
  15-003  a TH without a /Scope (Octavo's tables have no Headers/IDs)
  17-002  a Formula without /Alt
  19-003  a Note without /ID;  19-004  a Note /ID not unique
  28-008  a page with annotations and no /Tabs;  28-009  /Tabs other than /S
  28-011  a link annotation not the OBJR of a Link element (through /StructParent)
  28-012  a link annotation without /Contents
  31      (fonts) a font without an embedded font program (UA-1 7.21.4.1), a
          font without a /ToUnicode map (UA-1 7.21.7)
  and, beyond Matterhorn: every table has a TH (Octavo's own rule: a table's
  header row), and the ParentTree agrees with the content (PDF 1.7
  §14.7.4.4): each page's MCIDs have a ParentTree entry whose element holds
  that MCID on that page, and every MCID the tree names is in the page.

Not checked (human judgement, or not produced by Octavo): 01-001, 01-002,
01-006, 03-*, 04-*, 05-*, 08-*, 09-* (tag nesting beyond the above), 11-002
to 11-005 (spans in other languages: the tree records none), 12-*, 13-001 to
13-003 and 13-005 to 13-008, 14-001 and 14-004 to 14-007, 15-001, 15-002,
15-004, 15-005, 16-*, 18-*, 19-001, 19-002, 20-* to 27-*, 28-001 to 28-007,
28-010, 28-013 to 28-018, 29-*, 30-*, the other conditions of 31.
"""
import base64
import json
import re
import subprocess
import sys

STANDARD = set("""Document Part Art Sect Div BlockQuote Caption TOC TOCI Index NonStruct Private
P H H1 H2 H3 H4 H5 H6 L LI Lbl LBody Table TR TH TD THead TBody TFoot Span Quote Note
Reference BibEntry Code Link Annot Ruby Warichu RB RT RP WT WP Figure Formula Form""".split())

failures = []


def fail(cond, msg):
    failures.append("%s: %s" % (cond, msg))


# ---- the objects ----

def load(path):
    out = subprocess.run(["qpdf", "--json=2", "--json-stream-data=inline", "--decode-level=generalized", path],
                         check=True, capture_output=True).stdout
    return json.loads(out)


class Doc:
    def __init__(self, j):
        self.objs = {}
        for k, v in j["qpdf"][1].items():
            if k.startswith("obj:"):
                self.objs[k[4:]] = v
        self.trailer = j["qpdf"][1].get("trailer", {}).get("value", {})
        self.pages = [p["object"] for p in j["pages"]]

    def get(self, v):
        """v with references followed (once each level)."""
        while isinstance(v, str) and v.endswith(" R") and v in self.objs:
            o = self.objs[v]
            v = o["value"] if "value" in o else o.get("stream", {}).get("dict")
        return v

    def stream(self, ref):
        o = self.objs.get(ref, {})
        s = o.get("stream")
        if not s:
            return b""
        return base64.b64decode(s.get("data", ""))

    def sdict(self, ref):
        return self.objs.get(ref, {}).get("stream", {}).get("dict", {})


def text(v):
    if isinstance(v, str) and v.startswith("u:"):
        return v[2:]
    if isinstance(v, str) and v.startswith("b:"):
        b = bytes.fromhex(v[2:])
        if b[:2] == b"\xfe\xff":
            return b[2:].decode("utf-16-be", "replace")
        return b.decode("latin-1")
    return v if isinstance(v, str) else None


# ---- content streams ----

TOKEN = re.compile(rb"""
    (?P<ws>[\x00\t\n\x0c\r ]+|%[^\r\n]*)
  | (?P<hex><[0-9A-Fa-f\s]*>)
  | (?P<dopen><<) | (?P<dclose>>>)
  | (?P<aopen>\[) | (?P<aclose>\])
  | (?P<lit>\()
  | (?P<name>/[^\x00\t\n\x0c\r ()<>\[\]{}/%]*)
  | (?P<num>[+-]?(?:\d+\.?\d*|\.\d+))
  | (?P<op>[^\x00\t\n\x0c\r ()<>\[\]{}/%]+)
""", re.X)


def literal(data, i):
    """The bytes of the literal string starting after '(' at i; returns (bytes, next)."""
    out = bytearray()
    depth = 1
    while i < len(data):
        c = data[i]
        if c == 0x5C:  # backslash
            i += 1
            e = data[i:i + 1]
            m = {b"n": 10, b"r": 13, b"t": 9, b"b": 8, b"f": 12}
            if e in m:
                out.append(m[e])
                i += 1
            elif e.isdigit():
                j = i
                while j < len(data) and j < i + 3 and data[j:j + 1].isdigit():
                    j += 1
                out.append(int(data[i:j], 8) & 255)
                i = j
            elif e in (b"\r", b"\n"):
                i += 1
            else:
                out += e
                i += 1
            continue
        if c == 0x28:
            depth += 1
        elif c == 0x29:
            depth -= 1
            if depth == 0:
                return bytes(out), i + 1
        out.append(c)
        i += 1
    return bytes(out), i


def tokens(data):
    """Operands and operators: ('op', name, operands)."""
    i = 0
    stack = []
    operands = []
    while i < len(data):
        m = TOKEN.match(data, i)
        if not m:
            i += 1
            continue
        kind = m.lastgroup
        i = m.end()
        if kind == "ws":
            continue
        if kind == "lit":
            s, i = literal(data, i)
            val = ("str", s)
        elif kind == "hex":
            h = re.sub(rb"\s", b"", m.group()[1:-1])
            if len(h) % 2:
                h += b"0"
            val = ("str", bytes.fromhex(h.decode()))
        elif kind == "name":
            val = ("name", m.group()[1:].decode("latin-1"))
        elif kind == "num":
            val = ("num", float(m.group()))
        elif kind in ("dopen", "aopen"):
            stack.append((kind, operands))
            operands = []
            continue
        elif kind in ("dclose", "aclose"):
            if not stack:
                continue
            k, prev = stack.pop()
            val = ("dict" if k == "dopen" else "array", operands)
            operands = prev
        else:
            op = m.group().decode("latin-1")
            if stack:  # true/false/null inside an array or dict
                operands.append(("kw", op))
                continue
            if op == "BI":  # an inline image: skip to EI
                j = data.find(b"EI", i)
                i = len(data) if j < 0 else j + 2
                yield ("op", "BI", [])
                operands = []
                continue
            yield ("op", op, operands)
            operands = []
            continue
        operands.append(val)


PAINT = {"Tj", "TJ", "'", '"', "f", "F", "f*", "B", "B*", "b", "b*", "S", "s", "sh", "Do"}


def check_page(doc, pno, page, fonts_used, tounicode):
    """Marked content of page pno: returns the set of MCIDs it holds."""
    contents = page.get("/Contents")
    refs = contents if isinstance(contents, list) else [contents] if contents else []
    res = doc.get(page.get("/Resources")) or {}
    fontres = doc.get(res.get("/Font")) or {}
    mcids = set()
    untagged = inside_art = art_inside = 0
    for ref in refs:
        data = doc.stream(ref)
        stack = []  # ("art" | "mcid" | "other")
        font = None
        for _, op, args in tokens(data):
            if op == "BMC":
                tag = args[0][1] if args else ""
                stack.append("art" if tag == "Artifact" else "other")
            elif op == "BDC":
                tag = args[0][1] if args else ""
                props = args[1] if len(args) > 1 else None
                kind = "art" if tag == "Artifact" else "other"
                if props and props[0] == "dict":
                    kv = props[1]
                    for k in range(0, len(kv) - 1, 2):
                        if kv[k] == ("name", "MCID"):
                            kind = "mcid"
                            mcids.add(int(kv[k + 1][1]))
                if kind == "mcid" and "art" in stack:
                    art_inside += 1
                if kind == "art" and "mcid" in stack:
                    inside_art += 1
                stack.append(kind)
            elif op == "EMC":
                if stack:
                    stack.pop()
            elif op == "Tf" and args:
                font = fontres.get("/" + args[0][1])
            elif op in PAINT:
                if "art" not in stack and "mcid" not in stack:
                    untagged += 1
                if op in ("Tj", "TJ", "'", '"') and font:
                    codes = fonts_used.setdefault(font, set())
                    strs = []
                    for a in args:
                        if a[0] == "str":
                            strs.append(a[1])
                        elif a[0] == "array":
                            strs += [x[1] for x in a[1] if x[0] == "str"]
                    two = tounicode.get(font, (None, 2))[1] == 2
                    for s in strs:
                        if two:
                            codes.update(int.from_bytes(s[k:k + 2], "big") for k in range(0, len(s) - 1, 2))
                        else:
                            codes.update(s)
    if untagged:
        fail("01-005", "page %d: %d operators draw outside any marked content" % (pno, untagged))
    if inside_art:
        fail("01-003", "page %d: %d artifacts inside tagged content" % (pno, inside_art))
    if art_inside:
        fail("01-004", "page %d: %d tagged sequences inside artifacts" % (pno, art_inside))
    return mcids


def cmap_codes(data):
    """The codes a ToUnicode CMap maps (bfchar, bfrange) and the code length."""
    codes = set()
    width = 2
    for m in re.finditer(rb"beginbfchar(.*?)endbfchar", data, re.S):
        for src, _ in re.findall(rb"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]*)>", m.group(1)):
            codes.add(int(src, 16))
            width = len(src) // 2
    for m in re.finditer(rb"beginbfrange(.*?)endbfrange", data, re.S):
        for lo, hi in re.findall(rb"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*(?:<[0-9A-Fa-f]*>|\[[^\]]*\])", m.group(1)):
            codes.update(range(int(lo, 16), int(hi, 16) + 1))
            width = len(lo) // 2
    return codes, width


def main():
    if len(sys.argv) != 2:
        print("usage: pdfua-check.py FILE.pdf", file=sys.stderr)
        return 2
    doc = Doc(load(sys.argv[1]))
    cat = doc.get(doc.trailer.get("/Root")) or {}

    # ---- the catalog and metadata ----
    mi = doc.get(cat.get("/MarkInfo")) or {}
    if mi.get("/Marked") is not True:
        fail("UA-1 7.1", "the catalog's /MarkInfo has no /Marked true")
    if mi.get("/Suspects") is True:
        fail("01-007", "/MarkInfo /Suspects is true")
    if not text(doc.get(cat.get("/Lang"))):
        fail("11-001", "the catalog has no /Lang")
    vp = doc.get(cat.get("/ViewerPreferences")) or {}
    if "/DisplayDocTitle" not in vp:
        fail("07-001", "/ViewerPreferences has no /DisplayDocTitle")
    elif vp["/DisplayDocTitle"] is not True:
        fail("07-002", "/DisplayDocTitle is false")
    md = cat.get("/Metadata")
    if not md:
        fail("06-001", "the catalog has no XMP metadata stream")
    else:
        xmp = doc.stream(md)
        if not re.search(rb"<pdfuaid:part>\s*1\s*</pdfuaid:part>|pdfuaid:part=\"1\"", xmp):
            fail("06-002", "the XMP has no PDF/UA identifier (pdfuaid:part)")
        if b"<dc:title>" not in xmp:
            fail("06-003", "the XMP has no dc:title")

    # ---- fonts ----
    tounicode = {}  # font ref -> (codes, width)
    page_refs = doc.pages
    for pref in page_refs:
        page = doc.get(pref)
        res = doc.get(page.get("/Resources")) or {}
        for name, fref in (doc.get(res.get("/Font")) or {}).items():
            if fref in tounicode:
                continue
            f = doc.get(fref)
            tu = f.get("/ToUnicode")
            if not tu:
                fail("31", "font %s (%s) has no /ToUnicode map" % (name, f.get("/BaseFont")))
                tounicode[fref] = (None, 2)
            else:
                tounicode[fref] = cmap_codes(doc.stream(tu))
            desc = f
            if f.get("/Subtype") == "/Type0":
                desc = doc.get((f.get("/DescendantFonts") or [None])[0]) or {}
            fd = doc.get(desc.get("/FontDescriptor")) or {}
            if not any(k in fd for k in ("/FontFile", "/FontFile2", "/FontFile3")):
                fail("31", "font %s (%s) is not embedded" % (name, f.get("/BaseFont")))

    # ---- the pages' content ----
    fonts_used = {}
    page_mcids = []
    for pno, pref in enumerate(page_refs, 1):
        page = doc.get(pref)
        page_mcids.append(check_page(doc, pno, page, fonts_used, tounicode))
        annots = doc.get(page.get("/Annots")) or []
        if annots:
            if "/Tabs" not in page:
                fail("28-008", "page %d has annotations and no /Tabs" % pno)
            elif page["/Tabs"] != "/S":
                fail("28-009", "page %d has /Tabs %s" % (pno, page["/Tabs"]))
    for fref, codes in fonts_used.items():
        mapped = tounicode.get(fref, (None, 2))[0]
        if mapped is None:
            continue
        missing = sorted(codes - mapped)
        if missing:
            f = doc.get(fref)
            fail("10-001", "font %s: %d codes without Unicode (%s)" %
                 (f.get("/BaseFont"), len(missing), " ".join("%04X" % c for c in missing[:8])))

    # ---- the structure tree ----
    root = doc.get(cat.get("/StructTreeRoot"))
    if not root:
        fail("UA-1 7.1", "no structure tree (/StructTreeRoot)")
        return report()
    rolemap = doc.get(root.get("/RoleMap")) or {}
    page_index = {ref: i for i, ref in enumerate(page_refs)}
    tree_mcids = {}   # (page, mcid) -> element ref
    objr = {}         # annotation ref -> element type
    headings = []
    note_ids = {}
    seen = set()
    work = []
    k = root.get("/K")
    work += [(x, None) for x in (k if isinstance(k, list) else [k])]
    order = []
    while work:
        ref, pg = work.pop(0)
        if not isinstance(ref, str) or ref in seen or not ref.endswith(" R"):
            continue
        seen.add(ref)
        e = doc.get(ref)
        if not isinstance(e, dict):
            continue
        s = (e.get("/S") or "/")[1:]
        std = s
        hops = 0
        while std not in STANDARD and "/" + std in rolemap and hops < 10:
            std = rolemap["/" + std][1:]
            hops += 1
        if std not in STANDARD:
            fail("02-001", "structure type %s is neither standard nor role-mapped" % s)
        order.append((ref, std, e))
        epg = e.get("/Pg", pg)
        kids = e.get("/K")
        kids = kids if isinstance(kids, list) else [] if kids is None else [kids]
        sub = []
        for kid in kids:
            if isinstance(kid, (int, float)):
                tree_mcids[(page_index.get(epg), int(kid))] = ref
            elif isinstance(kid, dict):
                if kid.get("/Type") == "/OBJR":
                    objr[kid.get("/Obj")] = (std, ref)
                elif "/MCID" in kid:
                    tree_mcids[(page_index.get(kid.get("/Pg", epg)), int(kid["/MCID"]))] = ref
            elif isinstance(kid, str):
                sub.append((kid, epg))
        work = sub + work  # depth first: the reading order
    tables = []
    for ref, std, e in order:
        if std == "Figure" and not text(e.get("/Alt")) and not text(e.get("/ActualText")):
            fail("13-004", "Figure %s has no /Alt" % ref)
        if std == "Formula" and not text(e.get("/Alt")):
            fail("17-002", "Formula %s has no /Alt" % ref)
        if re.fullmatch(r"H[1-6]", std):
            headings.append((int(std[1]), ref))
        if std == "TH":
            a = e.get("/A")
            attrs = a if isinstance(a, list) else [a] if a else []
            if not any("/Scope" in (doc.get(x) or {}) for x in attrs if not isinstance(x, (int, float))):
                fail("15-003", "TH %s has no /Scope" % ref)
        if std == "Note":
            nid = text(e.get("/ID"))
            if not nid:
                fail("19-003", "Note %s has no /ID" % ref)
            elif nid in note_ids:
                fail("19-004", "Note /ID %s is not unique" % nid)
            else:
                note_ids[nid] = ref
        if std == "Table":
            tables.append(ref)
    # a table holds a TH (its header row)
    for t in tables:
        stack, has = [t], False
        while stack and not has:
            e = doc.get(stack.pop())
            if not isinstance(e, dict):
                continue
            has = e.get("/S") == "/TH"
            kids = e.get("/K")
            kids = kids if isinstance(kids, list) else [kids]
            stack += [x for x in kids if isinstance(x, str)]
        if not has:
            fail("tables", "Table %s has no TH" % t)
    if headings:
        if headings[0][0] != 1:
            fail("14-002", "the first heading is H%d" % headings[0][0])
        deepest = headings[0][0]
        for lvl, ref in headings[1:]:
            if lvl > deepest + 1:
                fail("14-003", "H%d %s follows H%d" % (lvl, ref, deepest))
            deepest = lvl
    # annotations: Link elements, descriptions
    for pno, pref in enumerate(page_refs, 1):
        page = doc.get(pref)
        for aref in doc.get(page.get("/Annots")) or []:
            a = doc.get(aref)
            if a.get("/Subtype") != "/Link":
                continue
            if objr.get(aref, ("",))[0] != "Link":
                fail("28-011", "page %d: link annotation %s is not the OBJR of a Link element" % (pno, aref))
            if not text(a.get("/Contents")):
                fail("28-012", "page %d: link annotation %s has no /Contents" % (pno, aref))
    # the ParentTree against the content
    pt = doc.get(root.get("/ParentTree")) or {}
    nums = {}
    nodes = [pt]
    while nodes:
        n = nodes.pop()
        for kid in n.get("/Kids") or []:
            nodes.append(doc.get(kid))
        arr = n.get("/Nums") or []
        for i in range(0, len(arr) - 1, 2):
            nums[int(arr[i])] = arr[i + 1]
    for pno, pref in enumerate(page_refs, 1):
        page = doc.get(pref)
        mc = page_mcids[pno - 1]
        if not mc:
            continue
        key = page.get("/StructParents")
        if key is None:
            fail("parent tree", "page %d has MCIDs and no /StructParents" % pno)
            continue
        arr = doc.get(nums.get(int(key))) or []
        for m in sorted(mc):
            el = arr[m] if m < len(arr) else None
            if not isinstance(el, str) or tree_mcids.get((pno - 1, m)) != el:
                fail("parent tree", "page %d MCID %d: the ParentTree and the structure disagree" % (pno, m))
                break
    for (p, m), ref in tree_mcids.items():
        if p is None or m not in page_mcids[p]:
            fail("parent tree", "element %s names MCID %s of page %s, which is not there" %
                 (ref, m, None if p is None else p + 1))
            break
    return report()


def report():
    for f in failures:
        print(f)
    print("pdfua-check: %s" % ("%d failures" % len(failures) if failures else "ok"))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
