// The search box of a built site in a real browser: hidden without JavaScript, the
// index fetched only once the box is used, `/` to focus it, a query and a kind filter,
// arrows and Enter to open a result.
//
//   node scripts/search-check.mjs URL [SCREENSHOT_DIR]
//
// URL is a page of the built example strategy, served over HTTP (usually by
// scripts/search-check.sh, under a sub-path). With SCREENSHOT_DIR, the open search
// panel is also saved there at 1280 and 390 px, light and dark, for a person to look at.
// Drives headless /usr/bin/chromium through playwright-core; every wait is bounded.
//
// Prints one line per passed step and `N passed, 0 failed`. Exit 0: all passed.
// 1: an expectation failed (the first one is printed). 2: setup failure.

import { chromium } from 'playwright-core';

const TIMEOUT = 10_000;
const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic',
  '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1'];

// A document of the example strategy, found by a word of its title, and its kind.
const QUERY = 'vat rules';
const EXPECTED = 'VAT rules hard-coded per country';
const KIND = 'Debt';
// A word in documents of several kinds, to see the kind filter narrow the results.
const BROAD = 'invoice';

class Failure extends Error {}

function expect(condition, message) {
  if (!condition) throw new Failure(message);
}

const [url, shots] = process.argv.slice(2);
if (!url) {
  console.error('usage: node scripts/search-check.mjs URL [SCREENSHOT_DIR]');
  process.exit(2);
}

let browser;
try {
  browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
} catch (err) {
  console.error(`search-check: cannot start Chromium: ${err.message}`);
  process.exit(2);
}

let passed = 0;
function pass(step) {
  passed += 1;
  console.log(`ok ${passed} - ${step}`);
}

async function results(page) {
  return page.$$eval('#ns-search-results li', (items) => items.map((li) => ({
    title: li.querySelector('a')?.textContent ?? '',
    meta: li.querySelector('.search-meta')?.textContent ?? '',
  })));
}

try {
  // Without JavaScript the box is not there to mislead anyone.
  const plain = await browser.newContext({ javaScriptEnabled: false });
  const still = await plain.newPage();
  await still.goto(url, { timeout: TIMEOUT });
  expect(!(await still.isVisible('#ns-search')), 'the search box shows without JavaScript');
  await plain.close();
  pass('without JavaScript the search box is hidden');

  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  page.setDefaultTimeout(TIMEOUT);
  const asked = [];
  page.on('request', (request) => asked.push(request.url()));
  await page.goto(url);
  await page.waitForSelector('#ns-search', { state: 'visible' });
  expect(!asked.some((u) => u.endsWith('/search-index.json')), 'the index was fetched before the box was used');
  expect(asked.every((u) => u.startsWith(new URL(url).origin)), `a request left the site: ${asked.join(', ')}`);
  pass('the box shows and the index is not fetched yet');

  await page.keyboard.press('/');
  expect(await page.evaluate(() => document.activeElement?.id === 'ns-search-input'), '`/` did not focus the box');
  await page.keyboard.type(QUERY);
  await page.waitForFunction((title) => [...document.querySelectorAll('#ns-search-results li a')]
    .some((a) => a.textContent === title), EXPECTED);
  const found = await results(page);
  expect(found[0]?.title === EXPECTED, `the first result for "${QUERY}" is "${found[0]?.title}"`);
  expect(asked.filter((u) => u.endsWith('/search-index.json')).length === 1, 'the index was not fetched exactly once');
  pass(`"${QUERY}" finds "${EXPECTED}" first`);

  await page.fill('#ns-search-input', BROAD);
  await page.waitForFunction(() => document.querySelectorAll('#ns-search-results li').length > 0);
  const broad = await results(page);
  const kinds = new Set(broad.map((r) => r.meta.split(' · ')[0]));
  expect(kinds.size > 1, `"${BROAD}" should find documents of several kinds, found ${[...kinds]}`);
  await page.selectOption('select[data-filter="kind"]', KIND);
  await page.waitForFunction((kind) => {
    const metas = [...document.querySelectorAll('#ns-search-results li .search-meta')];
    return metas.length > 0 && metas.every((m) => m.textContent.startsWith(kind));
  }, KIND);
  const narrowed = await results(page);
  expect(narrowed.length < broad.length, 'the kind filter did not narrow the results');
  pass(`the kind filter keeps only ${KIND} (${narrowed.length} of ${broad.length})`);

  if (shots) {
    for (const [name, width, height, scheme] of [['1280-light', 1280, 900, 'light'], ['1280-dark', 1280, 900, 'dark'],
      ['390-light', 390, 844, 'light'], ['390-dark', 390, 844, 'dark']]) {
      await page.setViewportSize({ width, height });
      await page.emulateMedia({ colorScheme: scheme });
      await page.selectOption('select[data-filter="kind"]', '');
      await page.fill('#ns-search-input', BROAD);
      await page.focus('#ns-search-input');
      await page.keyboard.press('ArrowDown');
      await page.screenshot({ path: `${shots}/search-${name}.png` });
    }
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.emulateMedia({ colorScheme: 'light' });
  }

  await page.selectOption('select[data-filter="kind"]', '');
  await page.fill('#ns-search-input', QUERY);
  await page.waitForFunction((title) => document.querySelector('#ns-search-results li a')?.textContent === title, EXPECTED);
  await page.focus('#ns-search-input');
  await page.keyboard.press('ArrowDown');
  const selected = await page.getAttribute('#ns-search-input', 'aria-activedescendant');
  expect(selected === 'ns-search-result-0', `ArrowDown selected ${selected}`);
  await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
  const heading = await page.textContent('h1');
  expect(heading?.trim() === EXPECTED, `Enter opened "${heading}"`);
  expect(new URL(page.url()).pathname.startsWith(new URL(url).pathname), `Enter left the site's path: ${page.url()}`);
  pass('ArrowDown and Enter open the result');
  console.log(`${passed} passed, 0 failed`);
} catch (err) {
  if (err instanceof Failure) {
    console.error(`not ok ${passed + 1} - ${err.message}`);
    await browser.close();
    process.exit(1);
  }
  console.error(`search-check: ${err.stack ?? err}`);
  await browser.close();
  process.exit(1);
}
await browser.close();
