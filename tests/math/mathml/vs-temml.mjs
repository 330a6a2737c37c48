// vs-temml.mjs - compares the MathML Octavo writes with Temml's for the
// same formulas (Temml: a maintained TeX-to-MathML converter on npm, used
// here as a test-only yardstick, never by the build).
//
//   node vs-temml.mjs TEMML_DIR CORPUS.tsv OURS.tsv [MIN_SHARE] [MAX_LISTED]
//
// CORPUS.tsv: ID<TAB>KIND<TAB>CATEGORY<TAB>TEX (KIND I inline, D display);
// OURS.tsv: ID<TAB>MATHML from tests/tools/mathml_dump. Both sides are
// reduced to their element trees before they are compared:
//   - attributes are dropped (they carry spacing and stretching choices
//     that differ legitimately: Temml writes CSS classes and inline styles
//     for its own stylesheet);
//   - mrow nesting is normalised: an mrow inside a container with an
//     inferred mrow (math, mrow, msqrt, mstyle, mtd, mphantom, mpadded) is
//     spliced into it, and an mrow of one child is that child;
//   - mspace and U+2061 FUNCTION APPLICATION are dropped (spacing);
//   - token text: Unicode's mathematical italic letters become the plain
//     letters (Octavo writes U+1D465 for x, Temml writes x and lets the
//     reader's math-auto italic slant it), no-break spaces become spaces
//     and the ends of mtext are trimmed; an empty mo (Temml's null
//     delimiter) is dropped.
// A formula agrees when the trees are equal. Prints the share that agrees,
// the share that agrees when mi and mo of a single non-letter character are
// taken as one (TeX's | and / are Ord: Temml writes mi, Octavo mo) and
// equivalent characters too (see same), the
// differences by first differing element, and the first MAX_LISTED
// formulas that differ. Exits 1 when the share is below MIN_SHARE percent.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";

const [temmlDir, corpusPath, oursPath, minShareArg, maxListedArg] = process.argv.slice(2);
const require = createRequire(path.join(path.resolve(temmlDir), "noop.js"));
const temml = require("temml");
const minShare = Number(minShareArg ?? 0);
const maxListed = Number(maxListedArg ?? 25);

function parseXml(s) {
  const root = { name: "#root", children: [] };
  const stack = [root];
  const re = /<(\/?)([A-Za-z][\w:.-]*)((?:\s+[\w:.-]+\s*=\s*(?:"[^"]*"|'[^']*'))*)\s*(\/?)>|([^<]+)/g;
  let m;
  while ((m = re.exec(s))) {
    const top = stack[stack.length - 1];
    if (m[5] !== undefined) {
      top.children.push({ text: decode(m[5]) });
    } else if (m[1]) {
      stack.pop();
    } else {
      const attrs = {};
      for (const a of m[3].matchAll(/([\w:.-]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g)) attrs[a[1]] = decode(a[2] ?? a[3]);
      const el = { name: m[2], attrs, children: [] };
      top.children.push(el);
      if (!m[4]) stack.push(el);
    }
  }
  return root.children.find((c) => c.name === "math");
}

function decode(t) {
  return t.replace(/&(#x[0-9a-fA-F]+|#\d+|amp|lt|gt|quot|apos);/g, (_, e) => {
    if (e[0] === "#") return String.fromCodePoint(e[1] === "x" ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10));
    return { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'" }[e];
  });
}

// Mathematical italic (U+1D434.., U+1D6E2..) to plain letters; ℎ to h.
function plain(t) {
  let out = "";
  for (const ch of t) {
    const c = ch.codePointAt(0);
    if (c >= 0x1d434 && c <= 0x1d467) out += String.fromCodePoint(c < 0x1d44e ? 0x41 + c - 0x1d434 : 0x61 + c - 0x1d44e);
    else if (c === 0x210e) out += "h";
    else if (c >= 0x1d6e2 && c <= 0x1d6fa) out += String.fromCodePoint(0x391 + c - 0x1d6e2);
    else if (c >= 0x1d6fc && c <= 0x1d714) out += String.fromCodePoint(0x3b1 + c - 0x1d6fc);
    else if (c >= 0x1d715 && c <= 0x1d71b) out += "∂ϵϑϰϕϱϖ"[c - 0x1d715];
    else if (c === 0x1d6fb) out += "∇";
    else if (c === 0xa0) out += " ";
    else if (c === 0xfe0e || c === 0xfe0f) continue; // variation selectors
    else out += ch;
  }
  return out.normalize("NFC");
}

// Characters that stand for the same thing, written differently for
// legitimate reasons: U+2223 DIVIDES for \mid (unicode-math) and |, the
// macron and the overline for \bar, the tilde accents, a name's thin space.
const same = new Map([["∣", "|"], ["¯", "‾"], ["˜", "~"], ["\u2009", " "]]);
function canon(t) {
  return [...t].map((c) => same.get(c) ?? c).join("");
}

const tokens = new Set(["mi", "mn", "mo", "mtext", "ms"]);
const inferred = new Set(["math", "mrow", "msqrt", "mstyle", "mtd", "mphantom", "mpadded", "menclose"]);

function norm(el) {
  if (el.text !== undefined) return null;
  if (el.name === "mspace" || el.name === "annotation" || el.name === "annotation-xml") return null;
  if (el.name === "semantics") return norm(el.children.find((c) => c.name));
  // Temml's wrapper of a multi-letter mi (its spacing)
  if (el.name === "mpadded") {
    const kids = el.children.filter((c) => c.name);
    if (kids.length === 1 && kids[0].name === "mi") return norm(kids[0]);
  }
  if (tokens.has(el.name)) {
    let t = plain(el.children.map((c) => c.text ?? "").join(""));
    if (el.name === "mtext") t = t.trim();
    else t = t.trim();
    if (el.name === "mo" && (t === "" || t === "\u2061")) return null;
    if (el.name === "mtext" && t === "") return null; // Temml's control space
    return { name: el.name, text: t };
  }
  let kids = [];
  for (const c of el.children) {
    const k = norm(c);
    if (!k) continue;
    if (k.name === "mrow" && inferred.has(el.name)) kids.push(...k.kids);
    else kids.push(k);
  }
  if (el.name === "mrow" && kids.length === 1) return kids[0];
  return { name: el.name, kids };
}

function show(n) {
  if (!n) return "∅";
  if (n.text !== undefined) return `<${n.name}>${n.text}</${n.name}>`;
  return `<${n.name}>${n.kids.map(show).join("")}</${n.name}>`;
}

// lenient: mi and mo of one non-letter, non-digit character are one kind,
// and the characters of same are one
function equal(a, b, lenient) {
  if (!a || !b) return a === b;
  if (a.text !== undefined || b.text !== undefined) {
    if (a.text !== b.text && !(lenient && a.text !== undefined && b.text !== undefined && canon(a.text) === canon(b.text)))
      return false;
    if (a.name === b.name) return true;
    const op = (n) => n.name === "mi" || n.name === "mo";
    return lenient && op(a) && op(b) && [...a.text].length === 1 && !/[\p{L}\p{N}]/u.test(a.text);
  }
  if (a.name !== b.name || a.kids.length !== b.kids.length) return false;
  return a.kids.every((k, i) => equal(k, b.kids[i], lenient));
}

// The first place the trees differ, as "ours-element vs temml-element".
function firstDiff(a, b) {
  if (!a || !b) return `${a ? a.name : "nothing"} vs ${b ? b.name : "nothing"}`;
  if (a.name !== b.name) return `${a.name} vs ${b.name}`;
  if (a.text !== undefined) return a.text !== b.text ? `${a.name} text` : null;
  for (let i = 0; i < Math.max(a.kids.length, b.kids.length); i++) {
    if (!equal(a.kids[i], b.kids[i], false)) return firstDiff(a.kids[i], b.kids[i]);
  }
  return `${a.name} children`;
}

const corpus = [];
for (const line of readFileSync(corpusPath, "utf8").split("\n")) {
  if (!line || line.startsWith("#")) continue;
  const [id, kind, cat, tex] = line.split("\t");
  if (tex !== undefined) corpus.push({ id, kind, cat, tex });
}
const ours = new Map();
for (const line of readFileSync(oursPath, "utf8").split("\n")) {
  const i = line.indexOf("\t");
  if (i > 0) ours.set(line.slice(0, i), line.slice(i + 1));
}

let agree = 0, lenientAgree = 0, compared = 0, oursFailed = 0, temmlFailed = 0;
const byDiff = new Map();
const listed = [];
for (const f of corpus) {
  const o = ours.get(f.id);
  if (!o || o === "-") { oursFailed++; continue; }
  let t;
  try {
    t = temml.renderToString(f.tex, { xml: true, displayMode: f.kind === "D", throwOnError: true, trust: false });
  } catch (e) {
    temmlFailed++;
    continue;
  }
  compared++;
  const a = norm(parseXml(o)), b = norm(parseXml(t));
  if (equal(a, b, false)) { agree++; lenientAgree++; continue; }
  if (equal(a, b, true)) { lenientAgree++; continue; }
  const d = firstDiff(a, b);
  byDiff.set(d, (byDiff.get(d) ?? 0) + 1);
  if (listed.length < maxListed) listed.push({ f, a: show(a), b: show(b), d });
}

const pct = (n) => (compared ? ((100 * n) / compared).toFixed(1) : "0.0");
console.log(`formulas: ${corpus.length}; compared ${compared} (Octavo could not parse ${oursFailed}, Temml ${temmlFailed})`);
console.log(`agree with Temml: ${agree} (${pct(agree)} %); with mi/mo of a symbol and equivalent characters taken as one: ${lenientAgree} (${pct(lenientAgree)} %)`);
console.log("first differences (ours vs Temml), by count:");
for (const [d, n] of [...byDiff].sort((x, y) => y[1] - x[1]).slice(0, 15)) console.log(`  ${String(n).padStart(4)}  ${d}`);
for (const l of listed) {
  console.log(`\n${l.f.id} [${l.f.kind}] ${l.f.tex}\n  first difference: ${l.d}\n  octavo: ${l.a}\n  temml:  ${l.b}`);
}
const share = compared ? (100 * lenientAgree) / compared : 0;
if (share < minShare) {
  console.log(`\nFAIL: ${share.toFixed(1)} % agree, below ${minShare} %`);
  process.exit(1);
}
