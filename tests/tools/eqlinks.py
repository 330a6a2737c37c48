# eqlinks.py PDF: the internal links of PDF (qpdf --json) that lie over an
# equation reference, one line each: "PAGE TEXT DEST DY W", TEXT the
# characters under the link's rectangle (mutool's structured text), DEST
# the page its /Dest goes to, DY how far the destination's top is above
# the top of that equation's number "(TEXT)" at the margin of DEST
# (pdftotext -bbox; "-" when DEST does not show it), W the link's width.
# Links whose text is not an equation number (contents entries) are left out.
import json, re, subprocess, sys

pdf = sys.argv[1]
j = json.loads(subprocess.run(["qpdf", "--json", pdf], capture_output=True, check=True).stdout)
objs = j["qpdf"][1] if isinstance(j.get("qpdf"), list) else j["objects"]


def val(ref):
    o = objs.get("obj:" + ref, objs.get(ref))
    return o.get("value", o) if isinstance(o, dict) else o


pages = [p["object"] for p in j["pages"]]
index = {p: i + 1 for i, p in enumerate(pages)}
H = float(val(pages[0])["/MediaBox"][3])
words = {}


def number_top(page, num):
    if page not in words:
        out = subprocess.run(["pdftotext", "-f", str(page), "-l", str(page), "-bbox", pdf, "-"],
                             capture_output=True, text=True).stdout
        words[page] = re.findall(r'yMin="([\d.]+)"[^>]*>([^<]*)<', out)
    for y, w in words[page]:
        if w == num:
            return H - float(y)
    return None


for i, p in enumerate(pages, 1):
    annots = val(p).get("/Annots") or []
    if isinstance(annots, str):
        annots = val(annots)
    links = [val(a) for a in annots]
    links = [v for v in links if v.get("/Subtype") == "/Link" and "/Dest" in v]
    if not links:
        continue
    st = subprocess.run(["mutool", "draw", "-F", "stext", "-o", "-", pdf, str(i)],
                        capture_output=True, text=True).stdout
    chars = [(float(x), float(y), c) for x, y, c in
             re.findall(r'<char [^>]*x="([\d.]+)" y="([\d.]+)"[^>]*c="([^"]*)"', st)]
    for v in links:
        x0, y0, x1, y1 = map(float, v["/Rect"])
        t = "".join(c for x, y, c in chars if x0 - 0.5 <= x <= x1 - 0.5 and H - y1 <= y <= H - y0)
        if not re.fullmatch(r"\([^()\s]+\)|[0-9][0-9.]*", t):
            continue
        d = v["/Dest"]
        dest = index.get(d[0], 0)
        top = number_top(dest, t if t.startswith("(") else "(" + t + ")")
        dy = "-" if top is None else "%.1f" % (float(d[3]) - top)
        print(i, t, dest, dy, "%.1f" % (x1 - x0))
