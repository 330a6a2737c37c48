#!/usr/bin/env bash
# PDF/X-4 (ISO 15930-7:2010) as far as qpdf's JSON, mutool and pdffonts
# can tell, without a preflight tool (README, "Print-ready PDF (PDF/X-4)",
# lists what is checked here and what is not). Two books: the svg fixture
# (colours, transparency, images) with a bleed of 9 pt, and the images
# fixture (PNG, JPEG, GIF, WebP) without; the subset tags of the two must
# differ.
. "$(dirname "$0")/lib.sh"
need qpdf mutool pdffonts python3 gs

# The svg fixture with `bleed: 9pt` in its theme, in a copy.
cp -r "$SRC/tests/fixtures/svg" "$TMP/svg"
if grep -q '^theme:' "$TMP/svg/book.yaml"; then
  sed -i 's/^theme:/theme:\n  bleed: 9pt/' "$TMP/svg/book.yaml"
else
  printf 'theme:\n  bleed: 9pt\n' >>"$TMP/svg/book.yaml"
fi

check() { # check BOOKDIR OUT BLEED
  SOURCE_DATE_EPOCH=$TEST_EPOCH "$OCTAVO" build "$1" -o "$2" --pdf 2>"$TMP/err" || { cat "$TMP/err" >&2; fail "build $1"; }
  local pdf
  pdf=$(ls "$2"/*.pdf)
  [ "$(head -c 8 "$pdf")" = "%PDF-1.6" ] || fail "$pdf: header is $(head -c 8 "$pdf"), not %PDF-1.6"
  qpdf --json=2 --json-key=qpdf --json-key=pages --json-key=encrypt --json-stream-data=inline \
    --decode-level=generalized "$pdf" "$TMP/x.json" || fail "qpdf --json $pdf"
  pdffonts "$pdf" >"$TMP/fonts.txt" || fail "pdffonts $pdf"
  python3 - "$TMP/x.json" "$TMP/fonts.txt" "$3" <<'PY' || fail "$pdf is not PDF/X-4 as checked here"
import base64, json, re, sys
doc = json.load(open(sys.argv[1]))
fonts = open(sys.argv[2]).read().splitlines()[2:]
bleed = float(sys.argv[3])
head, objs = doc["qpdf"]
bad = []
def obj(ref):
    o = objs["obj:" + ref] if isinstance(ref, str) and ref.endswith(" R") else ref
    return o.get("value", o.get("stream", {}).get("dict", o)) if isinstance(o, dict) else o
def stream(ref):
    s = objs["obj:" + ref]["stream"]
    return s["dict"], base64.b64decode(s.get("data", "")) if "data" in s else b""
def text(v):  # a qpdf JSON v2 string: "u:..." or "b:<hex>"
    if v.startswith("u:"):
        return v[2:]
    b = bytes.fromhex(v[2:])
    return b[2:].decode("utf-16-be") if b[:2] == b"\xfe\xff" else b.decode("latin-1")
if head["pdfversion"] != "1.6":
    bad.append("qpdf reads version %s" % head["pdfversion"])
if doc["encrypt"]["encrypted"]:
    bad.append("encrypted")
trailer = objs["trailer"]["value"]
ids = trailer.get("/ID", [])
if len(ids) != 2 or not all(i.startswith("b:") and len(i) == 34 for i in ids) or ids[1] == "b:" + "0" * 32:
    bad.append("trailer /ID is %r" % ids)
cat = obj(trailer["/Root"])
if "/Version" in cat and cat["/Version"] > "/1.6":
    bad.append("catalog /Version %s" % cat["/Version"])
info = obj(trailer["/Info"])
# the output intent: GTS_PDFX, a registered condition, an embedded CMYK output profile
ois = obj(cat.get("/OutputIntents", []))
px = [obj(o) for o in ois if obj(o).get("/S") == "/GTS_PDFX"]
if len(px) != 1:
    bad.append("%d GTS_PDFX output intents" % len(px))
else:
    oi = px[0]
    if not text(oi.get("/OutputConditionIdentifier", "u:")) or text(oi.get("/RegistryName", "u:")) != "http://www.color.org":
        bad.append("output intent without condition or registry: %r" % oi)
    d, icc = stream(oi["/DestOutputProfile"])
    if d.get("/N") != 4 or icc[36:40] != b"acsp" or icc[12:16] != b"prtr" or icc[16:20] != b"CMYK":
        bad.append("output profile: /N %r, class %r, space %r" % (d.get("/N"), icc[12:16], icc[16:20]))
# XMP against the information dictionary
md, xmp = stream(cat["/Metadata"])
if md.get("/Type") != "/Metadata" or md.get("/Subtype") != "/XML" or "/Filter" in md:
    bad.append("metadata stream dictionary %r" % md)
x = xmp.decode("utf-8")
def tag(name, raw=False):
    m = re.search(r"<%s>(.*?)</%s>" % (name, name), x, re.S)
    return m and (m.group(1) if raw else re.sub(r"<[^>]+>", "", m.group(1)))
def unxml(s):
    return s.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")
def pdfdate(d):  # D:YYYYMMDDHHmmSSZ00'00' -> YYYY-MM-DDTHH:mm:SSZ
    m = re.match(r"D:(\d{4})(\d\d)(\d\d)(\d\d)(\d\d)(\d\d)Z", d)
    return m and "%s-%s-%sT%s:%s:%sZ" % m.groups()
want = {
    "dc:title": text(info["/Title"]),
    "pdf:Producer": text(info["/Producer"]),
    "xmp:CreatorTool": text(info["/Creator"]),
    "xmp:CreateDate": pdfdate(text(info["/CreationDate"])),
    "xmp:ModifyDate": pdfdate(text(info["/ModDate"])),
    "pdf:Trapped": info.get("/Trapped", "")[1:],
    "pdfxid:GTS_PDFXVersion": "PDF/X-4",
}
if "/Author" in info:
    want["dc:creator"] = None  # a Seq, compared below
for k, v in want.items():
    got = tag(k)
    if v is not None and (got is None or unxml(got) != v):
        bad.append("XMP %s is %r, the info dictionary says %r" % (k, got, v))
if "/Author" in info:
    names = [unxml(n) for n in re.findall(r"<rdf:li>(.*?)</rdf:li>", tag("dc:creator", True) or "")]
    if ", ".join(names) != text(info["/Author"]):
        bad.append("XMP dc:creator %r, info /Author %r" % (names, text(info["/Author"])))
if info.get("/Trapped") != "/False":
    bad.append("info /Trapped is %r" % info.get("/Trapped"))
if text(info.get("/GTS_PDFXVersion", "u:")) != "PDF/X-4":
    bad.append("info /GTS_PDFXVersion is %r" % info.get("/GTS_PDFXVersion"))
for k in ("xmpMM:DocumentID", "xmpMM:InstanceID"):
    if not re.fullmatch(r"uuid:[0-9a-f]{8}(-[0-9a-f]{4}){3}-[0-9a-f]{12}", tag(k) or "") or tag(k).endswith("000000000000"):
        bad.append("XMP %s is %r" % (k, tag(k)))
if tag("xmpMM:VersionID") is None or tag("xmpMM:RenditionClass") is None:
    bad.append("XMP without xmpMM:VersionID or RenditionClass")
# every page: TrimBox within BleedBox within MediaBox, the bleed as asked
def within(a, b):
    return a[0] >= b[0] - 1e-3 and a[1] >= b[1] - 1e-3 and a[2] <= b[2] + 1e-3 and a[3] <= b[3] + 1e-3
rgb_ops = re.compile(rb"(^|[\s\]])(rg|RG)(?=\s)")
spaces = set()
for n, p in enumerate(doc["pages"], 1):
    pg = obj(p["object"])
    media, trim, bl = pg.get("/MediaBox"), pg.get("/TrimBox"), pg.get("/BleedBox")
    if not trim or not bl or not media:
        bad.append("page %d: boxes %r %r %r" % (n, media, bl, trim)); continue
    if not (within(trim, bl) and within(bl, media)):
        bad.append("page %d: TrimBox %r, BleedBox %r, MediaBox %r not nested" % (n, trim, bl, media))
    if abs(trim[0] - bl[0] - bleed) > 1e-3 or abs(bl[2] - trim[2] - bleed) > 1e-3:
        bad.append("page %d: bleed %r, not %g" % (n, bl[2] - trim[2], bleed))
    res = obj(pg.get("/Resources", {}))
    for k, v in obj(res.get("/ColorSpace", {})).items():
        spaces.add(json.dumps(obj(v)))
    for c in p["contents"]:
        _, data = stream(c)
        if rgb_ops.search(data):
            bad.append("page %d: DeviceRGB (rg/RG) in its content stream %s" % (n, c))
        if re.search(rb"/DeviceRGB\s+(cs|CS)", data):
            bad.append("page %d: DeviceRGB set in %s" % (n, c))
    for im in p["images"]:
        cs = obj(objs["obj:" + im["object"]]["stream"]["dict"].get("/ColorSpace"))
        if cs in ("/DeviceRGB", "/DeviceCMYK") or (isinstance(cs, list) and cs[0] != "/ICCBased"):
            bad.append("page %d: image %s in %r" % (n, im["object"], cs))
        if isinstance(cs, list):
            spaces.add(json.dumps(cs))
for s in spaces:
    cs = json.loads(s)
    if not (isinstance(cs, list) and cs[0] == "/ICCBased"):
        bad.append("colour space %r" % cs)
        continue
    d, icc = stream(cs[1])
    if icc[36:40] != b"acsp" or icc[16:20] != {1: b"GRAY", 3: b"RGB ", 4: b"CMYK"}[d["/N"]]:
        bad.append("ICCBased space %r: /N %r with a %r profile" % (cs, d["/N"], icc[16:20]))
# fonts: all embedded, all subsets tagged
for line in fonts:
    f = line.split()
    if len(f) < 7 or f[-5] != "yes" or not re.match(r"[A-Z]{6}\+", f[0]):
        bad.append("font not embedded or not tagged: %s" % line)
for b in bad[:20]:
    print(b, file=sys.stderr)
sys.exit(1 if bad else 0)
PY
  awk '{print $1}' "$TMP/fonts.txt" | sed -n '3,$p' | cut -c1-6 | sort >"$2.tags"
  echo "ok: $(basename "$pdf"): PDF/X-4 as checked (bleed $3 pt, $(wc -l <"$2.tags") subset fonts)"
}

check "$TMP/svg" "$TMP/out-svg" 9
check "$SRC/tests/fixtures/images" "$TMP/out-images" 0
common=$(comm -12 "$TMP/out-svg.tags" "$TMP/out-images.tags")
[ -z "$common" ] || fail "two different books share subset tags: $common"

# a profile that is not an output profile is refused at the start of a
# build: the check is a unit test (test_pdfx); here mutool agrees that the
# output intent is the PDF/X one (mutool counts array items from 1)
mutool show "$TMP/out-images/"*.pdf trailer/Root/OutputIntents/1/S >"$TMP/s.txt"
[ "$(tr -d '\n' <"$TMP/s.txt")" = "/GTS_PDFX" ] || fail "mutool reads /S as $(cat "$TMP/s.txt")"

# Ghostscript reads both without a repair or warning (a colour space named
# /RGB, an inline image's abbreviation, was "used inappropriately")
for pdf in "$TMP/out-svg/"*.pdf "$TMP/out-images/"*.pdf; do
  gs -dNOPAUSE -dBATCH -dSAFER -sDEVICE=nullpage "$pdf" >"$TMP/gs.txt" 2>&1 || { cat "$TMP/gs.txt" >&2; fail "gs failed on $pdf"; }
  ! grep -qiE 'error|warning|\*\*\*\*' "$TMP/gs.txt" || { cat "$TMP/gs.txt" >&2; fail "gs reports problems in $pdf"; }
done
echo "ok: Ghostscript reads both PDFs without an error, warning or repair"
echo "ok: pdfx"
