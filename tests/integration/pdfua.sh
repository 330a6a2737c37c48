#!/usr/bin/env bash
# The tagged PDF (README, "Accessible PDF (PDF/UA-1)"): the handbook in the
# three page setups and the allconstructs fixture pass the Matterhorn
# conditions tests/tools/pdfua-check.py checks; and what the tree holds is
# what the book says: the figure's alt text whole, a table's header cells,
# the chapter headings, a link's OBJR, the running heads as pagination
# artifacts.
. "$(dirname "$0")/lib.sh"
need qpdf pdfinfo python3

CHECK="$SRC/tests/tools/pdfua-check.py"

for size in 6x9in a4 letter; do
  SOURCE_DATE_EPOCH=$TEST_EPOCH "$OCTAVO" build "$SRC" -o "$TMP/hb-$size" --pdf --page-size "$size" 2>"$TMP/err" ||
    { cat "$TMP/err" >&2; fail "handbook --page-size $size"; }
  python3 "$CHECK" "$TMP/hb-$size/handbook.pdf" >"$TMP/check-$size.txt" ||
    { cat "$TMP/check-$size.txt" >&2; fail "handbook ($size) fails pdfua-check"; }
  pdfinfo "$TMP/hb-$size/handbook.pdf" | grep -q '^Tagged: *yes' || fail "handbook ($size) is not tagged"
done

SOURCE_DATE_EPOCH=$TEST_EPOCH "$OCTAVO" build "$OV_FIXTURES/allconstructs" -o "$TMP/ac" --pdf 2>"$TMP/err" ||
  { cat "$TMP/err" >&2; fail "allconstructs"; }
pdf=$(ls "$TMP"/ac/*.pdf)
python3 "$CHECK" "$pdf" >"$TMP/check-ac.txt" || { cat "$TMP/check-ac.txt" >&2; fail "allconstructs fails pdfua-check"; }

# the tree, read back by poppler
pdfinfo -struct-text "$pdf" >"$TMP/struct.txt" || fail "pdfinfo -struct-text"
for t in Document Sect H1 H2 P L LI Lbl LBody Table THead TBody TR TH TD Figure Caption Code BlockQuote Note Link TOC TOCI; do
  grep -Eq "^ *$t( |:|$)" "$TMP/struct.txt" || fail "allconstructs: no $t element in the structure tree"
done
# the Markdown's alt text, whole, as the figure's /Alt; the headers' scope;
# folios and heads as pagination artifacts; the catalog's keys
qpdf --json=2 --json-stream-data=inline --decode-level=generalized "$pdf" "$TMP/ac.json" || fail "qpdf --json"
python3 - "$TMP/ac.json" <<'PY' || fail "allconstructs: the tree's contents"
import base64, json, sys
d = json.load(open(sys.argv[1]))
objs = d["qpdf"][1]
def text(v):
    if v.startswith("u:"): return v[2:]
    b = bytes.fromhex(v[2:]); return b[2:].decode("utf-16-be") if b[:2] == b"\xfe\xff" else b.decode("latin-1")
alts = [text(o["value"]["/Alt"]) for o in objs.values() if isinstance(o.get("value"), dict)
        and o["value"].get("/S") == "/Figure" and "/Alt" in o["value"]]
assert "A bar chart with three bars of growing height" in alts, alts
ths = [o["value"] for o in objs.values() if isinstance(o.get("value"), dict) and o["value"].get("/S") == "/TH"]
assert ths and all(t.get("/A", {}).get("/Scope") == "/Column" for t in ths), ths[:2]
cat = objs["obj:" + objs["trailer"]["value"]["/Root"]]["value"]
assert cat["/MarkInfo"]["/Marked"] is True and cat["/Lang"].startswith("u:")
streams = b"".join(base64.b64decode(o["stream"].get("data", "")) for o in objs.values()
                   if "stream" in o and "/Subtype" not in o["stream"]["dict"] and "/Length1" not in o["stream"]["dict"])
assert b"/Artifact <</Type /Pagination>> BDC" in streams
assert b"/P <</MCID 0>> BDC" in streams
PY

# the checker fails an untagged file: the same PDF with its catalog's
# tagging keys renamed (same lengths, so the file stays whole)
python3 - "$pdf" "$TMP/untagged.pdf" <<'PY'
import sys
b = open(sys.argv[1], "rb").read()
for k in (b"/StructTreeRoot", b"/MarkInfo", b"/Lang"):
    b = b.replace(k, b"/X" + k[2:])
open(sys.argv[2], "wb").write(b)
PY
if python3 "$CHECK" "$TMP/untagged.pdf" >"$TMP/check-un.txt"; then fail "pdfua-check passes an untagged file"; fi
grep -q '^11-001' "$TMP/check-un.txt" || fail "pdfua-check: no 11-001 for a file without /Lang"
grep -q 'no structure tree' "$TMP/check-un.txt" || fail "pdfua-check: no failure for a file without a structure tree"
echo "pdfua: ok"
