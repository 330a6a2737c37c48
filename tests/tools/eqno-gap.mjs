// eqno-gap.mjs DIR FILE.xhtml [OUT.png]: renders DIR/FILE (an unzipped EPUB's
// content document, with its stylesheet) in headless Chromium at 600 px, as
// epub.js and foliate-js show it, and prints for every equation number (a
// display's .eqno, an align row's mtd.ov-eqno) its distance in px from the
// right edge of the text column (0.0: at the margin). Test-only: needs the
// checkers' playwright-core and Chromium (/work/shared/tools/install-checkers.sh,
// CHK_PREFIX, default /opt/chk). Used to check the EPUB's numbered rows
// (src/epub/math.c), not run by ctest.
import { createRequire } from 'node:module';
import path from 'node:path';
const prefix = process.env.CHK_PREFIX || '/opt/chk';
const require = createRequire(`${prefix}/npm/node_modules/`);
const { chromium } = require('playwright-core');
const [dir, file, png] = process.argv.slice(2);
if (!dir || !file) { console.error('usage: eqno-gap.mjs DIR FILE.xhtml [OUT.png]'); process.exit(2); }
const browser = await chromium.launch({ executablePath: `${prefix}/bin/chromium-headless`, args: ['--no-sandbox'] });
const page = await browser.newPage({ viewport: { width: 600, height: 800 } });
await page.goto('file://' + path.resolve(dir, file));
await page.waitForTimeout(300);
const rows = await page.evaluate(() => {
  const body = document.body.getBoundingClientRect();
  const right = body.right - parseFloat(getComputedStyle(document.body).paddingRight);
  return [...document.querySelectorAll('.eqno, mtd.ov-eqno')].map(e => {
    const r = document.createRange();
    r.selectNodeContents(e); /* the number's own extent, not its cell's */
    return `${e.textContent.trim()} ${(right - r.getBoundingClientRect().right).toFixed(1)}`;
  });
});
console.log(rows.join('\n'));
if (png) await page.screenshot({ path: png });
await browser.close();
