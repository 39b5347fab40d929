// Accessibility check of a built site with axe-core in headless Chromium.
//
//   node scripts/axe-check.mjs SITE_DIR
//
// Serves SITE_DIR on 127.0.0.1 (random free port; a folder URL serves its
// index.html), opens every HTML page in /usr/bin/chromium through
// playwright-core, injects axe-core and runs it, once with prefers-color-scheme
// light and once dark. With more than 300 pages it
// checks a deterministic sample instead: every folder index that has pages
// below it (the home page and the listings) and the first 3 pages, by path, of
// each top-level folder. Requests to any host but the local server are aborted.
//
// Exit 0: no serious or critical violation. 1: at least one (each is printed
// with page, rule, impact, help and first targets; moderate and minor ones
// are only counted). 2: setup failure (no pages, browser won't start, ...).
// Usually run through scripts/check-html.sh, which installs what this needs.

import { createServer } from 'node:http';
import { readFile, readdir, stat } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { chromium } from 'playwright-core';

const MAX_PAGES = 300;
const FAILING = new Set(['serious', 'critical']);
// Each page is checked once per colour scheme.
const SCHEMES = ['light', 'dark'];
// The last flag stops the lookups Debian's chromium still makes (update.googleapis.com,
// accounts.google.com): every host name but 127.0.0.1 fails without a DNS query.
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic',
  '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1'];
const TYPES = {
  '.html': 'text/html; charset=utf-8', '.css': 'text/css; charset=utf-8', '.js': 'text/javascript',
  '.mjs': 'text/javascript', '.json': 'application/json', '.svg': 'image/svg+xml', '.png': 'image/png',
  '.jpg': 'image/jpeg', '.jpeg': 'image/jpeg', '.gif': 'image/gif', '.webp': 'image/webp',
  '.ico': 'image/x-icon', '.woff': 'font/woff', '.woff2': 'font/woff2', '.txt': 'text/plain; charset=utf-8',
  '.xml': 'application/xml', '.pdf': 'application/pdf',
};

// Every *.html file under dir, as sorted '/'-separated paths relative to it.
async function htmlFiles(dir) {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((e) => e.isFile() && e.name.endsWith('.html'))
    .map((e) => path.relative(dir, path.join(e.parentPath, e.name)).split(path.sep).join('/'))
    .sort();
}

// All pages, or the sample described in the header when there are too many.
function choosePages(files) {
  if (files.length <= MAX_PAGES) return files;
  const folder = (f) => path.posix.dirname(f);
  const listings = files.filter((f) => path.posix.basename(f) === 'index.html'
    && files.some((g) => g !== f && (folder(f) === '.' || g.startsWith(folder(f) + '/'))));
  const firstThree = new Map();
  for (const f of files) {
    if (!f.includes('/') || listings.includes(f)) continue;
    const top = f.split('/')[0];
    const list = firstThree.get(top) ?? [];
    if (list.length < 3) firstThree.set(top, [...list, f]);
  }
  return [...new Set([...listings, ...[...firstThree.values()].flat()])].sort();
}

// A static file server for root on 127.0.0.1; resolves to { server, origin, missing }.
async function serve(root) {
  const missing = new Set();
  const server = createServer(async (req, res) => {
    const url = new URL(req.url, 'http://x');
    try {
      let file = path.join(root, path.normalize(decodeURIComponent(url.pathname)));
      if (!file.startsWith(root)) throw new Error('outside the site');
      if ((await stat(file)).isDirectory()) {
        if (!url.pathname.endsWith('/')) {
          res.writeHead(301, { location: url.pathname + '/' + url.search }).end();
          return;
        }
        file = path.join(file, 'index.html');
      }
      const body = await readFile(file);
      res.writeHead(200, { 'content-type': TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream' });
      res.end(body);
    } catch {
      missing.add(url.pathname);
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
    }
  });
  await new Promise((resolve, reject) => server.once('error', reject).listen(0, '127.0.0.1', resolve));
  return { server, origin: `http://127.0.0.1:${server.address().port}`, missing };
}

// A page's URL path: 'a/b/index.html' -> '/a/b/', 'x.html' -> '/x.html'.
const urlPath = (f) => '/' + f.replace(/(^|\/)index\.html$/, '$1');

async function main() {
  const site = process.argv[2];
  if (!site) throw new Error('usage: node scripts/axe-check.mjs SITE_DIR');
  const root = path.resolve(site);
  const files = await htmlFiles(root);
  if (files.length === 0) throw new Error(`no *.html files under ${root}`);
  const pages = choosePages(files);
  const axeSource = await readFile(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

  const { server, origin, missing } = await serve(root);
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
  const blocked = new Set();
  const failures = [];
  const minor = { moderate: 0, minor: 0 };
  try {
    const context = await browser.newContext({ bypassCSP: true });
    await context.route('**/*', (route) => {
      const url = route.request().url();
      if (url.startsWith(origin + '/') || url.startsWith('data:')) return route.continue();
      blocked.add(url);
      return route.abort('blockedbyclient');
    });
    const page = await context.newPage();
    for (const file of pages) {
      const path = urlPath(file);
      const response = await page.goto(origin + path, { waitUntil: 'load' });
      if (!response?.ok()) throw new Error(`${path}: HTTP ${response?.status()}`);
      await page.addScriptTag({ content: axeSource });
      // Both colour schemes: the stylesheet switches palettes on prefers-color-scheme,
      // and contrast must hold in each.
      for (const scheme of SCHEMES) {
        await page.emulateMedia({ colorScheme: scheme });
        const where = scheme === 'light' ? path : `${path} (${scheme})`;
        const violations = await page.evaluate(async () => {
          const result = await window.axe.run(document, { resultTypes: ['violations'] });
          return result.violations.map((v) => ({
            id: v.id, impact: v.impact, help: v.help, helpUrl: v.helpUrl, count: v.nodes.length,
            targets: v.nodes.slice(0, 3).map((n) => n.target.join(' ')),
          }));
        });
        for (const v of violations) {
          if (FAILING.has(v.impact)) failures.push({ where, ...v });
          else if (v.impact in minor) minor[v.impact] += v.count;
        }
      }
    }
  } finally {
    await browser.close();
    server.close();
  }

  for (const f of failures) {
    console.log(`${f.where}: ${f.id} (${f.impact}): ${f.help} [${f.count} element(s)]`);
    for (const t of f.targets) console.log(`    ${t}`);
    console.log(`    ${f.helpUrl}`);
  }
  const sampled = pages.length < files.length ? ` (a sample of ${files.length})` : '';
  console.log(`axe: ${pages.length} page(s)${sampled} in ${SCHEMES.join(' and ')}; ${failures.length} serious/critical violation(s); `
    + `info: ${minor.moderate} moderate and ${minor.minor} minor element(s)`);
  if (missing.size) console.log(`info: not found on the site: ${[...missing].sort().join(' ')}`);
  if (blocked.size) console.log(`info: blocked requests to other hosts: ${[...blocked].sort().join(' ')}`);
  return failures.length ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (err) => {
    console.error(`axe-check: ${err.message ?? err}`);
    process.exit(2);
  },
);
