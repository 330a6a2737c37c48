// tables-render.mjs BOOK.epub WIDTH HEIGHT [epubjs|foliate ...]
// Does every table cell of an EPUB show on a small screen? Opens the book in
// the real paginated reading engines, epub.js and foliate-js, in headless
// Chromium at WIDTH x HEIGHT CSS px (a phone: 390 844; a tablet: 768 1024),
// shows every section that has a table and, for every th and td, looks at
// each line box of its content as the engine laid it out (a Range's
// getClientRects: a cell split across pages has lines on both):
//   cut     a fragment crosses a column's side or runs past the column's
//           foot: part of the cell is on no page (a table too wide for the
//           screen, or one the engine could not split across pages)
//   scroll  a fragment lies beyond the visible part of a scrolling box
//           around it: shown only by scrolling that box (fine when the box is
//           a focusable, labelled region: counted as such)
//   shown   the rest
// Prints a line per engine and one per table with a cut or scrolled cell,
// and exits 1 when any cell is cut or hidden in an unlabelled scroll box.
// A review tool for issue 16, not run by ctest: it needs the checkers'
// playwright-core and Chromium (/work/shared/tools/install-checkers.sh;
// CHK_PREFIX, default /opt/chk).
import http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';

const PREFIX = process.env.CHK_PREFIX || '/opt/chk';
const NM = `${PREFIX}/npm/node_modules`;
const require = createRequire(`${NM}/`);
const { chromium } = require('playwright-core');

const [epub, ws, hs, ...engArg] = process.argv.slice(2);
const W = parseInt(ws, 10), H = parseInt(hs, 10);
if (!epub || !W || !H) { console.error('usage: tables-render.mjs BOOK.epub WIDTH HEIGHT [epubjs] [foliate]'); process.exit(2); }
const engines = engArg.length ? engArg : ['epubjs', 'foliate'];

// Runs inside a content document: every cell's fragments against the
// columns the engine set on the root element (both engines paginate with
// CSS multi-column layout on <html>).
function measure() {
  // the multi-column container: <html> (foliate-js) or <body> (epub.js)
  let mc = document.documentElement, cs = getComputedStyle(mc);
  if (!(parseFloat(cs.columnWidth) > 0)) { mc = document.body; cs = getComputedStyle(mc); }
  const r0 = mc.getBoundingClientRect();
  const pl = parseFloat(cs.paddingLeft) + parseFloat(cs.borderLeftWidth);
  const pr = parseFloat(cs.paddingRight) + parseFloat(cs.borderRightWidth);
  const pt = parseFloat(cs.paddingTop) + parseFloat(cs.borderTopWidth);
  const pb = parseFloat(cs.paddingBottom) + parseFloat(cs.borderBottomWidth);
  const gap = parseFloat(cs.columnGap) || 0;
  // the used column width (CSS Multi-column §3.4): as many columns of at
  // least column-width as fit the content box, sharing it
  const avail = mc.clientWidth - pl - pr + (parseFloat(cs.borderLeftWidth) + parseFloat(cs.borderRightWidth));
  const want = parseFloat(cs.columnWidth);
  const n = Math.max(1, Math.floor((avail + gap) / (want + gap)));
  const cw = (avail + gap) / n - gap;
  const x0 = r0.left + pl, y0 = r0.top + pt;
  const colH = mc.clientHeight - pt - pb + (parseFloat(cs.borderTopWidth) + parseFloat(cs.borderBottomWidth));
  const paged = cw > 0 && colH > 0;
  const scroller = (el) => {
    for (let p = el.parentElement; p && p !== document.body; p = p.parentElement) {
      const o = getComputedStyle(p).overflowX;
      if (o === 'auto' || o === 'scroll' || o === 'hidden') return p;
    }
    return null;
  };
  const out = [];
  document.querySelectorAll('table').forEach((t, ti) => {
    const res = { table: ti, cells: 0, cut: 0, scroll: 0, labelled: false, first: '' };
    const box = scroller(t);
    if (box) res.labelled = box.tabIndex >= 0 && !!(box.getAttribute('aria-label') || box.getAttribute('aria-labelledby'));
    t.querySelectorAll('th, td').forEach((c) => {
      res.cells++;
      let cut = false, hidden = false;
      // the cell's content, line by line (a Range's rects): what a
      // reader must see, not the cell's padding
      const range = document.createRange();
      range.selectNodeContents(c);
      for (const f of range.getClientRects()) {
        if (f.width === 0 && f.height === 0) continue;
        if (paged) {
          const col = Math.floor((f.left - x0 + 0.5) / (cw + gap));
          const left = x0 + col * (cw + gap);
          if (f.right > left + cw + 2 || f.bottom > y0 + colH + 2 || f.top < y0 - 2) {
            if (!cut && !res.why) res.why = `fragment x ${f.left.toFixed(0)}-${f.right.toFixed(0)} y ${f.top.toFixed(0)}-${f.bottom.toFixed(0)}, column ${col} x ${left.toFixed(0)}-${(left + cw).toFixed(0)} y ${y0.toFixed(0)}-${(y0 + colH).toFixed(0)}`;
            cut = true;
          }
        }
        if (box) {
          const b = box.getBoundingClientRect();
          if (f.right > b.right + 1 || f.left < b.left - 1) hidden = true;
        }
      }
      if (cut && !(hidden && box)) res.cut++;
      else if (hidden) res.scroll++;
      if (!res.first && (cut || hidden)) res.first = c.textContent.trim().slice(0, 40);
    });
    out.push(res);
  });
  return { paged, cw, gap, colH, tables: out };
}

const TYPES = { '.html': 'text/html', '.js': 'text/javascript', '.mjs': 'text/javascript', '.css': 'text/css',
  '.epub': 'application/epub+zip', '.json': 'application/json' };
const HARNESS = `<!doctype html><html><head><meta charset="utf-8"><title>tables</title>
<style>html,body{margin:0;background:#fff}#viewer{width:${W}px;height:${H}px}</style>
<script src="/epubjs/jszip.min.js"></script><script src="/epubjs/epub.min.js"></script></head>
<body><div id="viewer"></div></body></html>`;
const serve = (res, file) => fs.readFile(file, (err, buf) => {
  if (err) { res.writeHead(404); res.end(); return; }
  res.writeHead(200, { 'content-type': TYPES[path.extname(file)] || 'application/octet-stream' });
  res.end(buf);
});
const server = http.createServer((req, res) => {
  const p = decodeURIComponent(new URL(req.url, 'http://x').pathname);
  if (p === '/book.epub') return serve(res, path.resolve(epub));
  if (p === '/epubjs.html') { res.writeHead(200, { 'content-type': 'text/html' }); return res.end(HARNESS); }
  if (p === '/epubjs/epub.min.js') return serve(res, `${NM}/epubjs/dist/epub.min.js`);
  if (p === '/epubjs/jszip.min.js') return serve(res, `${NM}/jszip/dist/jszip.min.js`);
  if (p.startsWith('/foliate/')) {
    const f = path.normalize(`${NM}/foliate-js/${p.slice('/foliate/'.length)}`);
    if (!f.startsWith(`${NM}/foliate-js/`)) { res.writeHead(403); return res.end(); }
    return serve(res, f);
  }
  res.writeHead(404); res.end();
});
await new Promise((r) => server.listen(0, '127.0.0.1', r));
const base = `http://127.0.0.1:${server.address().port}`;
const browser = await chromium.launch({ executablePath: process.env.CHK_CHROMIUM || `${PREFIX}/bin/chromium-headless`,
  headless: true, args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'] });

async function page() {
  const ctx = await browser.newContext({ viewport: { width: W, height: H } });
  await ctx.route(/^https?:\/\/(?!127\.0\.0\.1)/, (route) => route.abort());
  return { ctx, page: await ctx.newPage() };
}

const measureSrc = `(${measure.toString()})()`;
const results = {};

if (engines.includes('epubjs')) {
  const { ctx, page: pg } = await page();
  await pg.goto(`${base}/epubjs.html`);
  results.epubjs = await pg.evaluate(async ({ W, H, src }) => {
    const book = ePub('/book.epub', { openAs: 'epub' });
    await book.ready;
    const rendition = book.renderTo('viewer', { width: W, height: H, flow: 'paginated', spread: 'none' });
    const out = [];
    for (const item of book.spine.spineItems) {
      const doc = await item.load(book.load.bind(book));
      const has = doc.querySelector('table');
      item.unload();
      if (!has) continue;
      await rendition.display(item.href);
      await new Promise((r) => setTimeout(r, 300));
      const c = rendition.getContents()[0];
      const m = c.window.eval(src);
      out.push({ href: item.href, ...m });
    }
    return out;
  }, { W, H, src: measureSrc });
  await ctx.close();
}

if (engines.includes('foliate')) {
  // reader.html's Content Security Policy forbids eval: the sections are
  // shown from the page, and measured in their frames through playwright
  const { ctx, page: pg } = await page();
  await pg.goto(`${base}/foliate/reader.html?url=${encodeURIComponent('/book.epub')}`);
  await pg.waitForFunction(() => globalThis.reader?.view?.book
    && document.querySelector('#header-bar')?.style.visibility === 'visible', null, { timeout: 60000 });
  await pg.waitForTimeout(800);
  const withTables = await pg.evaluate(async () => {
    const book = globalThis.reader.view.book, out = [];
    for (let i = 0; i < book.sections.length; i++) {
      const doc = await book.sections[i].createDocument?.();
      if (doc && doc.querySelector('table')) out.push([i, book.sections[i].id, doc.querySelectorAll('table').length]);
    }
    return out;
  });
  results.foliate = [];
  for (const [i, id, count] of withTables) {
    await pg.evaluate((k) => globalThis.reader.view.goTo(k), i);
    await pg.waitForTimeout(600);
    let m = null;
    for (const f of pg.frames()) {
      if (f === pg.mainFrame()) continue;
      const got = await f.evaluate(measure).catch(() => null);
      if (got && got.tables.length === count) m = got;
    }
    results.foliate.push(m ? { href: id, ...m } : { href: id, error: 'not shown' });
  }
  await ctx.close();
}

await browser.close();
server.close();
let bad = 0;
for (const [eng, secs] of Object.entries(results)) {
  let tables = 0, cells = 0, cut = 0, scroll = 0, scrollOk = 0, tcut = 0, tscroll = 0, unpaged = 0;
  for (const s of secs) {
    if (s.error) { console.log(`${eng}: ${s.href}: ${s.error}`); bad++; continue; }
    if (!s.paged) unpaged++;
    for (const t of s.tables) {
      tables++; cells += t.cells; cut += t.cut; scroll += t.scroll;
      if (t.labelled) scrollOk += t.scroll;
      if (t.cut) tcut++;
      if (t.scroll) tscroll++;
      if (t.cut || (t.scroll && !t.labelled))
        console.log(`  ${eng}: ${s.href} table ${t.table + 1}: ${t.cut} of ${t.cells} cells cut, ${t.scroll} behind ${t.labelled ? 'a labelled' : 'an unlabelled'} scroll box (first: "${t.first}")${process.env.DBG && t.why ? ' ' + t.why : ''}`);
    }
  }
  console.log(`${eng} ${W}x${H}: ${tables} tables, ${cells} cells: ${cut} cut (in ${tcut} tables), ${scroll} behind a scroll box (in ${tscroll} tables, ${scrollOk} of them labelled and focusable)${unpaged ? `; ${unpaged} sections not paginated` : ''}`);
  bad += cut + (scroll - scrollOk);
}
process.exit(bad ? 1 : 0);
