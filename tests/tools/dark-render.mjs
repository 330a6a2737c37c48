// dark-render.mjs BOOK.epub [light]
// Is an EPUB readable in a reader's dark mode? Shows every content
// document of the book in headless Chromium the way a night mode does: the
// page dark (#121212) and the text light (#e0e0e0), set on <html> as
// reading systems inject them, with prefers-color-scheme: dark (give
// "light" to leave the media feature light: a night mode that does not say
// so). Then it measures, as WCAG 2.2 defines contrast (relative luminance,
// §1.4.3 and §1.4.11):
//   text     every element with text of its own: its colour (with the
//            opacity of it and its ancestors) against the background it is
//            drawn on (the nearest ancestor's opaque background, else the
//            page): under 4.5:1 is a failure
//   rules    the borders of tables, header cells and thematic breaks
//            against their background: under 3:1 is a failure
//   figures  each figure's image drawn as shown (with its CSS filter): its
//            mean luminance; over 0.6 is a white rectangle on a dark page,
//            a failure for a drawing (SVG), counted for a raster image
// Prints the totals and the worst cases, and exits 1 when anything fails.
// A review tool for issue 16, not run by ctest: it needs the checkers'
// playwright-core and Chromium (/work/shared/tools/install-checkers.sh;
// CHK_PREFIX, default /opt/chk) and unzip.
import http from 'node:http';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';

const PREFIX = process.env.CHK_PREFIX || '/opt/chk';
const require = createRequire(`${PREFIX}/npm/node_modules/`);
const { chromium } = require('playwright-core');
const [epub, mode] = process.argv.slice(2);
if (!epub) { console.error('usage: dark-render.mjs BOOK.epub [light]'); process.exit(2); }

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dark-'));
execFileSync('unzip', ['-q', '-o', path.resolve(epub), '-d', dir]);
const opf = fs.readFileSync(path.join(dir, 'META-INF/container.xml'), 'utf8').match(/full-path="([^"]+)"/)[1];
const opfText = fs.readFileSync(path.join(dir, opf), 'utf8');
const items = [...opfText.matchAll(/<item [^>]*href="([^"]+)"[^>]*media-type="application\/xhtml\+xml"/g)].map((m) => m[1]);
const base = path.dirname(opf);
const TYPES = { '.xhtml': 'application/xhtml+xml', '.css': 'text/css', '.svg': 'image/svg+xml', '.png': 'image/png',
  '.jpg': 'image/jpeg', '.jpeg': 'image/jpeg', '.gif': 'image/gif', '.webp': 'image/webp', '.ttf': 'font/ttf',
  '.otf': 'font/otf', '.woff2': 'font/woff2' };
const server = http.createServer((req, res) => {
  const f = path.normalize(path.join(dir, decodeURIComponent(new URL(req.url, 'http://x').pathname)));
  if (!f.startsWith(dir)) { res.writeHead(403); return res.end(); }
  fs.readFile(f, (err, buf) => {
    if (err) { res.writeHead(404); return res.end(); }
    res.writeHead(200, { 'content-type': TYPES[path.extname(f)] || 'application/octet-stream' });
    res.end(buf);
  });
});
await new Promise((r) => server.listen(0, '127.0.0.1', r));
const url = `http://127.0.0.1:${server.address().port}`;
const browser = await chromium.launch({ executablePath: `${PREFIX}/bin/chromium-headless`, args: ['--no-sandbox'] });
const ctx = await browser.newContext({ viewport: { width: 600, height: 800 }, colorScheme: mode === 'light' ? 'light' : 'dark' });
const page = await ctx.newPage();

function measure() {
  const rgba = (s) => { const m = s.match(/[\d.]+/g) || [0, 0, 0, 0]; return [+m[0], +m[1], +m[2], m[3] === undefined ? 1 : +m[3]]; };
  const lum = ([r, g, b]) => [r, g, b].map((v) => { v /= 255; return v <= 0.04045 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; })
    .reduce((a, v, i) => a + v * [0.2126, 0.7152, 0.0722][i], 0);
  const ratio = (a, b) => { const [x, y] = [lum(a), lum(b)].sort((p, q) => q - p); return (x + 0.05) / (y + 0.05); };
  const over = (fg, bg, a) => [0, 1, 2].map((i) => fg[i] * a + bg[i] * (1 - a));
  const page = rgba(getComputedStyle(document.documentElement).backgroundColor);
  const backdrop = (el) => {
    for (let e = el; e; e = e.parentElement) {
      const c = rgba(getComputedStyle(e).backgroundColor);
      if (c[3] > 0.5) return c;
    }
    return page;
  };
  const opacity = (el) => { let o = 1; for (let e = el; e; e = e.parentElement) o *= +getComputedStyle(e).opacity; return o; };
  const out = { text: 0, textBad: [], rules: 0, rulesBad: [], figures: [] };
  for (const el of document.body.querySelectorAll('*')) {
    const own = [...el.childNodes].some((n) => n.nodeType === 3 && n.textContent.trim());
    if (!own || el.closest('math') || getComputedStyle(el).visibility === 'hidden' || !el.getClientRects().length) continue;
    const c = rgba(getComputedStyle(el).color), bg = backdrop(el);
    const r = ratio(over(c, bg, c[3] * opacity(el)), bg);
    out.text++;
    if (r < 4.5) out.textBad.push(`${r.toFixed(2)} ${el.tagName.toLowerCase()}${el.className ? '.' + el.className : ''} "${el.textContent.trim().slice(0, 30)}"`);
  }
  for (const el of document.body.querySelectorAll('table, th, td, hr')) {
    const cs = getComputedStyle(el), bg = backdrop(el.parentElement || el);
    for (const side of ['Top', 'Bottom']) {
      if (parseFloat(cs[`border${side}Width`]) > 0 && cs[`border${side}Style`] !== 'none') {
        const r = ratio(rgba(cs[`border${side}Color`]), bg);
        out.rules++;
        if (r < 3) out.rulesBad.push(`${r.toFixed(2)} ${el.tagName.toLowerCase()} border-${side.toLowerCase()}`);
      }
    }
  }
  return out;
}

async function figures() {
  return page.evaluate(async () => {
    const out = [];
    for (const img of document.querySelectorAll('figure img')) {
      await img.decode().catch(() => {});
      const w = Math.min(img.naturalWidth || 200, 400), h = Math.round(w * (img.naturalHeight || 100) / (img.naturalWidth || 200));
      const c = document.createElement('canvas'); c.width = w; c.height = h;
      const g = c.getContext('2d');
      g.fillStyle = getComputedStyle(document.documentElement).backgroundColor; g.fillRect(0, 0, w, h);
      g.filter = getComputedStyle(img).filter === 'none' ? 'none' : getComputedStyle(img).filter;
      g.drawImage(img, 0, 0, w, h);
      const d = g.getImageData(0, 0, w, h).data;
      let s = 0;
      for (let i = 0; i < d.length; i += 4) s += (0.2126 * d[i] + 0.7152 * d[i + 1] + 0.0722 * d[i + 2]) / 255;
      out.push({ src: img.getAttribute('src'), lum: s / (d.length / 4) });
    }
    return out;
  });
}

const tot = { docs: 0, text: 0, textBad: [], rules: 0, rulesBad: [], figures: [] };
for (const href of items) {
  await page.goto(`${url}/${base}/${href}`);
  await page.addStyleTag({ content: 'html { background-color: #121212 !important; color: #e0e0e0 !important; }' });
  await page.waitForTimeout(100);
  const m = await page.evaluate(measure);
  tot.docs++; tot.text += m.text; tot.rules += m.rules;
  tot.textBad.push(...m.textBad.map((s) => `${href}: ${s}`));
  tot.rulesBad.push(...m.rulesBad.map((s) => `${href}: ${s}`));
  tot.figures.push(...(await figures()).map((f) => ({ ...f, href })));
}
await browser.close();
server.close();
fs.rmSync(dir, { recursive: true, force: true });
// a drawing (SVG) can be turned light on dark; a photograph or other
// raster image is left as it is, and only counted
const white = tot.figures.filter((f) => f.lum > 0.6 && /\.svg$/i.test(f.src));
const rasters = tot.figures.filter((f) => f.lum > 0.6 && !/\.svg$/i.test(f.src));
console.log(`${path.basename(epub)}, dark page${mode === 'light' ? ' (prefers-color-scheme: light)' : ''}: ` +
  `${tot.docs} documents; text ${tot.text} elements, ${tot.textBad.length} under 4.5:1; rules ${tot.rules}, ` +
  `${tot.rulesBad.length} under 3:1; figures ${tot.figures.length}, ${white.length} SVG light (mean luminance > 0.6)` +
  `${rasters.length ? `, ${rasters.length} raster light (left as they are)` : ''}`);
for (const s of tot.textBad.slice(0, 8)) console.log('  text ' + s);
for (const s of tot.rulesBad.slice(0, 8)) console.log('  rule ' + s);
for (const f of white.slice(0, 8)) console.log(`  figure ${f.href}: ${f.src} luminance ${f.lum.toFixed(2)}`);
process.exit(tot.textBad.length || tot.rulesBad.length || white.length ? 1 : 0);
