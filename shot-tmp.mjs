import { chromium } from 'playwright-core';
const [url, out, w, h, scheme, sel] = process.argv.slice(2);
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox'] });
const page = await browser.newPage({ viewport: { width: +w, height: +h }, colorScheme: scheme });
await page.goto(url);
await page.locator(sel).first().scrollIntoViewIfNeeded();
await page.evaluate(() => window.scrollBy(0, 250));
await page.screenshot({ path: out });
await browser.close();
