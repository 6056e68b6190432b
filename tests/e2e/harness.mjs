// What every browser test needs: `broadsheet serve` on a fresh library
// (an empty library gets the demo articles: a copy of the demo library),
// Debian's chromium through playwright-core, and a guard that fails the
// test if the page asks anything of a host other than the server.

import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const here = dirname(fileURLToPath(import.meta.url));
export const root = resolve(here, '../..');

/** Where screenshots go (kept by CI as artifacts). */
export const artifacts = process.env.BROADSHEET_ARTIFACTS ?? join(root, 'target/e2e-artifacts');

const binary = process.env.BROADSHEET_BIN ?? join(root, 'target/debug/broadsheet');
const browserPath = process.env.CHROMIUM ?? '/usr/bin/chromium';

/** Starts `broadsheet serve --port 0` on a new library; resolves once it prints its address. */
export async function startServer() {
  const dir = mkdtempSync(join(tmpdir(), 'broadsheet-e2e-'));
  const child = spawn(binary, ['--library', join(dir, 'library'), 'serve', '--port', '0', '--delay-ms', '0'], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (d) => (stderr += d));
  const lines = createInterface({ input: child.stdout });
  const url = await new Promise((ok, fail) => {
    const timer = setTimeout(() => fail(new Error(`broadsheet serve printed no address in 60 s: ${stderr}`)), 60_000);
    child.on('exit', (code) => fail(new Error(`broadsheet serve exited (${code}): ${stderr}`)));
    lines.on('line', (line) => {
      const m = line.match(/serving (http:\/\/\S+)/);
      if (m) {
        clearTimeout(timer);
        ok(m[1]);
      }
    });
  });
  return {
    url,
    origin: new URL(url).origin,
    dir,
    async stop() {
      child.kill('SIGTERM');
      await new Promise((ok) => (child.exitCode !== null ? ok() : child.on('exit', ok)));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Chromium, headless, with nothing of its own reaching out to the network. */
export async function launchBrowser() {
  return chromium.launch({
    executablePath: browserPath,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-default-apps',
      '--disable-extensions',
      '--metrics-recording-only',
      '--no-default-browser-check',
    ],
  });
}

/**
 * A page on the server with a guard: every request must go to the server's
 * own origin (data: URLs aside). `foreign` lists those that did not,
 * `problems` console errors and CSP violations, `failed` responses with an
 * error status; tests assert them empty (but for failures they expect).
 */
export async function openPage(browser, server, { width = 1280, height = 860, colorScheme = 'light' } = {}) {
  const context = await browser.newContext({ viewport: { width, height }, colorScheme, locale: 'en-GB' });
  const foreign = [];
  const problems = [];
  await context.route('**/*', (route) => {
    const url = route.request().url();
    if (url.startsWith(server.origin + '/') || url.startsWith('data:')) return route.continue();
    foreign.push(url);
    return route.abort('blockedbyclient');
  });
  const page = await context.newPage();
  // Chromium logs every failed response as an error; those are checked as
  // responses (tests name the ones they expect), the rest of the log here.
  page.on('console', (msg) => {
    if (msg.type() === 'error' && !msg.text().startsWith('Failed to load resource')) problems.push(msg.text());
  });
  const failed = [];
  page.on('response', (r) => {
    if (r.status() >= 400) failed.push(`${r.status()} ${r.request().method()} ${r.url()}`);
  });
  page.on('pageerror', (e) => problems.push(String(e)));
  return { context, page, foreign, problems, failed };
}

/** Saves a screenshot as a test artifact. */
export async function screenshot(page, name) {
  mkdirSync(artifacts, { recursive: true });
  await page.screenshot({ path: join(artifacts, `${name}.png`), fullPage: false });
}
