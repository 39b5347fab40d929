// `northstar serve` in a real browser: live reload, the error overlay, stylesheet
// swaps, deleted and new documents, as a writer sees them.
//
//   node scripts/serve-check.mjs URL SITE_DIR
//
// URL is what `northstar serve` printed (the site's root, e.g.
// http://127.0.0.1:1111/ or http://127.0.0.1:1111/strategy/); SITE_DIR is the
// site it serves, a copy of the example strategy WITHOUT content/updates/ (step 7
// adds the first update) and with an empty static/ (step 5 adds a stylesheet). This script edits files in SITE_DIR and watches the
// page in headless /usr/bin/chromium through playwright-core. Every wait is
// bounded (10 s). Usually run through scripts/serve-check.sh, which prepares the
// site and starts the server.
//
// Prints one line per passed step and `N passed, 0 failed`. Exit 0: all passed.
// 1: an expectation failed (the first one is printed). 2: setup failure.

import { readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const TIMEOUT = 10_000;
const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic',
  '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1'];
const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

// The documents the steps work on, relative to SITE_DIR/content.
const EDITED = 'initiatives/card-signup.md';
const DELETED = 'experiments/one-tap-invoice-approval.md';
const NEW_KIND = 'updates';
const NEW_DOC = `${NEW_KIND}/2026-11-serve-check.md`;

class Failure extends Error {}

function expect(condition, message) {
  if (!condition) throw new Failure(message);
}

// Polls `probe` (sync or async) until it returns a truthy value; fails with `what`
// after TIMEOUT. A probe that throws counts as "not yet" (the page may be reloading).
async function until(what, probe) {
  const deadline = Date.now() + TIMEOUT;
  let last;
  for (;;) {
    try {
      const value = await probe();
      if (value) return value;
    } catch (err) {
      last = err;
    }
    if (Date.now() > deadline) {
      const why = last ? ` (last error: ${String(last.message ?? last).split('\n')[0]})` : '';
      throw new Failure(`timed out after ${TIMEOUT / 1000} s waiting for ${what}${why}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

async function status(url) {
  const response = await fetch(url, { redirect: 'manual' });
  await response.arrayBuffer();
  return response.status;
}

async function main() {
  const [root, siteArg] = process.argv.slice(2);
  if (!root || !siteArg) throw new Error('usage: node scripts/serve-check.mjs URL SITE_DIR');
  const site = path.resolve(siteArg);
  const base = new URL(root);
  if (!base.pathname.endsWith('/')) base.pathname += '/';
  const content = (rel) => path.join(site, 'content', rel);
  const at = (rel) => new URL(rel, base).href;
  const pageUrl = at('initiatives/card-signup/');
  const deletedUrl = at('experiments/one-tap-invoice-approval/');
  const kindUrl = at(`${NEW_KIND}/`);
  const kindLink = `nav.site-nav a[href="${base.pathname}${NEW_KIND}/"]`;

  const original = readFileSync(content(EDITED), 'utf8');
  const deletedText = readFileSync(content(DELETED), 'utf8');
  const lines = original.split('\n');
  const statusLine = lines.findIndex((l) => l.startsWith('status: ')) + 1;
  if (statusLine === 0) throw new Error(`${EDITED} has no status line`);

  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
  let passed = 0;
  const pass = (what) => {
    passed += 1;
    console.log(`ok ${passed} - ${what}`);
  };
  try {
    const context = await browser.newContext();
    const page = await context.newPage();
    // A page hears about rebuilds only once its event stream is open: before each
    // edit, wait until the document now shown has had the stream's response.
    let navigations = 0;
    let streamFor = -1;
    page.on('framenavigated', (frame) => {
      if (frame === page.mainFrame()) navigations += 1;
    });
    page.on('response', (response) => {
      if (new URL(response.url()).pathname === '/__northstar/events') streamFor = navigations;
    });
    const live = () => until('the page\'s live-reload stream', () => streamFor === navigations);
    const bodyHas = (text) => page.getByText(text, { exact: false }).first()
      .waitFor({ state: 'visible', timeout: TIMEOUT })
      .catch(() => { throw new Failure(`the page does not show "${text}" within ${TIMEOUT / 1000} s`); });
    // Navigates to url. A rebuild's event may make the page reload itself at the same
    // moment, which interrupts the navigation: then it is tried again.
    const open = (url) => until(`a response from ${url}`, () => page.goto(url, { waitUntil: 'load', timeout: TIMEOUT }));
    const marker = () => page.evaluate(() => window.__marker).catch(() => undefined);

    // 1. Open a document page.
    const first = await open(pageUrl);
    expect(first?.status() === 200, `${pageUrl}: HTTP ${first?.status()}, expected 200`);
    await page.evaluate(() => { window.__marker = 1; });
    await live();
    pass(`opened ${pageUrl}`);

    // 2. Edit its Markdown body: the page reloads itself and shows the new text.
    const added = `Serve check paragraph ${Date.now()}.`;
    writeFileSync(content(EDITED), `${original}\n${added}\n`);
    await bodyHas(added);
    expect(await marker() === undefined, 'the page shows the new text but did not reload');
    await live();
    pass('a body edit reloads the page with the new text');

    // 3. Break its YAML: the overlay names the file and line.
    const broken = lines.map((l, i) => (i === statusLine - 1 ? 'status: [oops' : l)).join('\n');
    writeFileSync(content(EDITED), `${broken}\n${added}\n`);
    const overlay = page.locator('#ns-overlay');
    await overlay.waitFor({ state: 'visible', timeout: TIMEOUT })
      .catch(() => { throw new Failure('no #ns-overlay after breaking the YAML'); });
    const overlayText = await overlay.innerText();
    // YAML parsers report an unclosed `[` where they notice it: its line or the next.
    const place = new RegExp(`content/initiatives/card-signup\\.md:(${statusLine}|${statusLine + 1}):\\d+`);
    const found = overlayText.match(place);
    expect(found, `the overlay does not name content/${EDITED}:${statusLine} (it says: ${overlayText.slice(0, 300)})`);
    await bodyHas(added);
    await live();
    pass(`a broken front matter shows the overlay at ${found[0]}`);

    // 4. Fix it: the overlay goes and the page shows the current text.
    const fixed = `Serve check fix ${Date.now()}.`;
    writeFileSync(content(EDITED), `${original}\n${added}\n\n${fixed}\n`);
    await overlay.waitFor({ state: 'detached', timeout: TIMEOUT })
      .catch(() => { throw new Failure('#ns-overlay is still there after fixing the YAML'); });
    await bodyHas(fixed);
    await live();
    pass('fixing it removes the overlay and shows the current text');

    // 5. Override the theme's stylesheet: the style changes, the page stays.
    await page.evaluate(() => { window.__marker = 1; });
    const css = readFileSync(path.join(REPO, 'themes/default/static/style.css'), 'utf8');
    writeFileSync(path.join(site, 'static/style.css'), `${css}\nbody{outline:3px solid rgb(1, 2, 3)}\n`);
    await until('the new stylesheet (body outline rgb(1, 2, 3))', () => page.evaluate(
      () => getComputedStyle(document.body).outlineColor === 'rgb(1, 2, 3)',
    ));
    expect(await marker() === 1, 'the style changed, but by reloading the page (window.__marker is gone)');
    pass('a CSS edit swaps the stylesheet without a reload');

    // 6. Delete a document: its URL is 404; recreate it: the page is back.
    rmSync(content(DELETED));
    await until(`HTTP 404 from ${deletedUrl}`, async () => await status(deletedUrl) === 404);
    const gone = await open(deletedUrl);
    expect(gone?.status() === 404, `${deletedUrl} in the browser: HTTP ${gone?.status()}, expected 404`);
    writeFileSync(content(DELETED), deletedText);
    await until(`HTTP 200 from ${deletedUrl}`, async () => await status(deletedUrl) === 200);
    const back = await open(deletedUrl);
    expect(back?.status() === 200, `${deletedUrl} in the browser: HTTP ${back?.status()}, expected 200`);
    const title = deletedText.match(/^title: (.*)$/m)?.[1]?.replace(/^"|"$/g, '');
    await bodyHas(title);
    pass('a deleted document is 404, recreated it is back');

    // 7. The first document of a kind: its index appears, open pages link it.
    await open(pageUrl);
    expect(await status(kindUrl) === 404, `${kindUrl} exists before any ${NEW_KIND} document`);
    expect(await page.locator(kindLink).count() === 0, `the nav links ${NEW_KIND} before any document of it`);
    await live();
    mkdirSync(content(NEW_KIND), { recursive: true });
    writeFileSync(content(NEW_DOC), [
      '---', 'title: Serve check update', 'date: 2026-11-20',
      'summary: "The first update of this site."', '---', '', 'Written while the server runs.', '',
    ].join('\n'));
    await until(`HTTP 200 from ${kindUrl}`, async () => await status(kindUrl) === 200);
    await page.locator(kindLink).waitFor({ state: 'attached', timeout: TIMEOUT })
      .catch(() => { throw new Failure(`the open page's nav does not link ${base.pathname}${NEW_KIND}/`); });
    const index = await open(kindUrl);
    expect(index?.status() === 200, `${kindUrl} in the browser: HTTP ${index?.status()}`);
    await bodyHas('Serve check update');
    pass(`a new kind's index ${kindUrl} appears and the nav links it`);
  } catch (err) {
    // Anything thrown once the browser runs (a Playwright timeout too) fails the step.
    const message = err instanceof Failure ? err.message : String(err.message ?? err).split('\n')[0];
    console.log(`FAILED step ${passed + 1}: ${message}`);
    console.log(`${passed} passed, 1 failed`);
    return 1;
  } finally {
    await browser.close();
  }
  console.log(`${passed} passed, 0 failed`);
  return 0;
}

main().then(
  (code) => process.exit(code),
  (err) => {
    console.error(`serve-check: ${err.message ?? err}`);
    process.exit(2);
  },
);
