// Times the reader's first screen in headless chromium: from navigation to
// the first articles on screen, in a fresh browser context each run (no
// cache). Used by benches/reader.rs with BENCH_BROWSER=1:
//   node tests/e2e/first-screen.mjs http://127.0.0.1:PORT/

import { launchBrowser } from './harness.mjs';

const url = process.argv[2];
if (!url) {
  console.error('usage: node first-screen.mjs URL');
  process.exit(2);
}
const RUNS = 10;
const browser = await launchBrowser();
try {
  for (const [name, hash] of [
    ['all editions', ''],
    ['中文', '#/e/zh'],
  ]) {
    const times = [];
    for (let i = 0; i < RUNS; i++) {
      const context = await browser.newContext();
      const page = await context.newPage();
      const start = Date.now();
      await page.goto(url + hash);
      await page.waitForSelector('.articles li');
      times.push(Date.now() - start);
      await context.close();
    }
    const sorted = [...times].sort((a, b) => a - b);
    console.log(
      `browser, first screen (${name}): first ${times[0]} ms, median ${sorted[Math.floor(RUNS / 2)]} ms, worst ${sorted[RUNS - 1]} ms`,
    );
  }
} finally {
  await browser.close();
}
