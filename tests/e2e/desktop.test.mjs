// The desktop app in its real window: the app binary under Xvfb, driven
// through tauri-driver and WebKitWebDriver. It opens on the demo library,
// switches to 中文 and Français, searches, opens an article and follows its
// "Also in" link; screenshots of the window are saved as artifacts.
//
// Run by `make test` (under xvfb-run). BROADSHEET_DESKTOP_BIN names the
// app binary (default target/debug/broadsheet-desktop).

import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { artifacts, root } from './harness.mjs';
import { WebDriver } from './webdriver.mjs';

const app = process.env.BROADSHEET_DESKTOP_BIN ?? join(root, 'target/debug/broadsheet-desktop');
const driverBin = process.env.TAURI_DRIVER ?? join(homedir(), '.cargo/bin/tauri-driver');

let driver;
let driverLog = '';
let wd;
let dir;

/** The app's environment: its own library and settings folders. */
function appEnv() {
  return {
    ...process.env,
    BROADSHEET_LIBRARY: join(dir, 'library'),
    XDG_DATA_HOME: join(dir, 'data'),
    XDG_CONFIG_HOME: join(dir, 'config'),
  };
}

function freePort() {
  return new Promise((ok, fail) => {
    const s = createServer();
    s.on('error', fail);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => ok(port));
    });
  });
}

async function shot(name) {
  mkdirSync(artifacts, { recursive: true });
  writeFileSync(join(artifacts, `${name}.png`), await wd.screenshot());
}

/** The app's own answer to an API request, over its IPC. */
function ipc(path) {
  return wd.runAsync(
    `const done = arguments[arguments.length - 1];
     window.__TAURI_INTERNALS__.invoke('api', { method: 'GET', path: arguments[0], body: null })
       .then(done, (e) => done({ error: e }));`,
    path,
  );
}

before(async () => {
  assert.ok(process.env.DISPLAY, 'the desktop tests need a display: run them under xvfb-run');
  dir = mkdtempSync(join(tmpdir(), 'broadsheet-desktop-'));
  const [port, nativePort] = [await freePort(), await freePort()];
  // Its own process group: the teardown stops WebKitWebDriver and the app
  // with it, so no process outlives the tests and holds their pipes open.
  driver = spawn(driverBin, ['--port', String(port), '--native-port', String(nativePort)], {
    env: appEnv(),
    stdio: ['ignore', 'ignore', 'pipe'],
    detached: true,
  });
  // tauri-driver reports every refused connection while WebKitWebDriver
  // starts; its messages are kept for a failure, not printed.
  driver.stderr.on('data', (d) => (driverLog = (driverLog + d).slice(-4000)));
  wd = new WebDriver(`http://127.0.0.1:${port}`);
  const deadline = Date.now() + 30_000;
  for (;;) {
    try {
      await wd.send('GET', '/status');
      break;
    } catch (e) {
      if (Date.now() > deadline) throw new Error(`tauri-driver did not start: ${e}\n${driverLog}`);
      await new Promise((ok) => setTimeout(ok, 200));
    }
  }
  await wd.start(app);
});

/** Signals every process of the driver's group; false once none is left. */
function signalGroup(signal) {
  try {
    process.kill(-driver.pid, signal);
    return true;
  } catch {
    return false;
  }
}

after(async () => {
  await wd?.stop();
  if (driver) {
    // The app gets 5 s to close its library, then whatever is left is killed.
    const exited = new Promise((ok) => (driver.exitCode === null ? driver.on('exit', ok) : ok()));
    signalGroup('SIGTERM');
    await Promise.race([exited, new Promise((ok) => setTimeout(ok, 5_000))]);
    for (let i = 0; i < 50 && signalGroup(0); i++) await new Promise((ok) => setTimeout(ok, 100));
    signalGroup('SIGKILL');
    driver.stderr.destroy();
  }
  // A process that was still writing may have just gone: retry while the folder empties.
  if (dir) rmSync(dir, { recursive: true, force: true, maxRetries: 10, retryDelay: 200 });
});

const listed = () => wd.run(`return [...document.querySelectorAll('.articles a[data-id]')].map((a) => a.dataset.id).join()`);

test('the app opens on the demo library', async () => {
  await wd.until(`return document.querySelectorAll('.articles a[data-id]').length === 17`, '17 demo articles');
  assert.equal(await wd.run('return document.documentElement.lang'), 'en-GB');
  assert.equal((await wd.text('#library-title')).trim(), 'Library');
  await shot('desktop-library');
});

test('the edition bar switches to 中文 and to Français', async () => {
  for (const [code, lang, title] of [
    ['zh', 'zh-CN', '文库'],
    ['fr', 'fr-FR', 'Bibliothèque'],
  ]) {
    const want = (await ipc(`/api/library?edition=${code}&per_page=200`)).articles.map((a) => a.id).join();
    assert.ok(want.length > 0);
    await wd.click(`nav.editions a[data-edition=${code}]`);
    await wd.until(`return document.documentElement.lang === arguments[0]`, `<html lang=${lang}>`, lang);
    await wd.until(
      `return [...document.querySelectorAll('.articles a[data-id]')].map((a) => a.dataset.id).join() === arguments[0]`,
      `the ${code} library`,
      want,
    );
    assert.equal(await listed(), want);
    assert.equal((await wd.text('#library-title')).trim(), title);
  }
  await shot('desktop-library-fr');
});

test('search, open an article, follow "Also in"', async () => {
  await wd.type('#q', '高铁\uE007');
  await wd.until(`return document.querySelectorAll('.snippet mark').length > 0`, 'highlighted hits');
  const marks = await wd.run(`return [...document.querySelectorAll('.snippet mark')].map((m) => m.textContent)`);
  assert.ok(marks.every((m) => m.includes('高铁')), String(marks));
  await shot('desktop-search');

  await wd.type('#q', '\uE009a\uE009\uE017railway\uE007');
  await wd.until(`return location.hash.includes('railway') && document.querySelector('.snippet mark')`, 'English hits');
  await wd.click('.results .articles a[data-id]');
  await wd.until(`return document.querySelector('article.reader nav.also a')`, 'the article');
  // Its image comes through the shell's protocol.
  await wd.until(`const i = document.querySelector('.reader figure img'); return i && i.complete && i.naturalWidth > 0`, 'the image');
  const src = await wd.run(`return document.querySelector('.reader figure img').getAttribute('src')`);
  assert.match(src, /^(bsimage:\/\/localhost\/|http:\/\/bsimage\.localhost\/)[0-9a-f]{64}$/);
  await shot('desktop-article');

  const before = await wd.run(`return document.querySelector('article.reader').dataset.id`);
  const twin = await wd.run(`return [...document.querySelectorAll('nav.also a')].map((a) => a.textContent.trim())`);
  assert.ok(twin.length >= 1, String(twin));
  await wd.click('nav.also a');
  await wd.until(
    `const a = document.querySelector('article.reader'); return a && a.dataset.id !== arguments[0]`,
    'the other edition',
    before,
  );
  const title = await wd.text('#article-title');
  assert.ok(title.length > 0);
  await shot('desktop-also-in');
});

test('hostile pages in the window: nothing runs, nothing even tries to load', async () => {
  const folder = join(root, 'tests/fixtures/hostile');
  let job = await wd.runAsync(
    `const done = arguments[arguments.length - 1];
     window.__TAURI_INTERNALS__.invoke('api', { method: 'POST', path: '/api/import', body: { paths: [arguments[0]] } })
       .then(done, (e) => done({ error: e }));`,
    folder,
  );
  // Up to 30 s: the folder holds pages built to be slow to parse (nested, wide, huge).
  for (let i = 0; i < 300 && job.state === 'running'; i++) {
    await new Promise((ok) => setTimeout(ok, 100));
    job = await ipc(`/api/jobs/${job.id}`);
  }
  assert.equal(job.state, 'done', JSON.stringify(job));
  assert.ok(job.report.ids.length >= 7, JSON.stringify(job.report));
  await wd.run(`window.__violations = [];
    document.addEventListener('securitypolicyviolation', (e) => window.__violations.push(e.blockedURI));`);
  for (const id of job.report.ids) {
    await wd.run('location.hash = arguments[0]', `#/article/${id}`);
    await wd.until(`return document.querySelector('article.reader[data-id="' + arguments[0] + '"]')`, id, id);
    const text = await wd.text('.reader .body');
    assert.match(text, /Residents of the harbour district gathered on Saturday evening/);
    assert.equal(await wd.run('return window.__pwned ?? null'), null, `nothing from ${id} ran`);
  }
  assert.deepEqual(await wd.run('return window.__violations'), [], 'no load was even attempted');
  await wd.run(`location.hash = '#/'`);
});

test('the window keeps to its Content Security Policy: nothing remote loads', async () => {
  const violated = await wd.runAsync(`
    const done = arguments[arguments.length - 1];
    document.addEventListener('securitypolicyviolation', (e) => done(e.violatedDirective), { once: true });
    const img = new Image();
    img.src = 'https://example.invalid/tracker.png';
    setTimeout(() => done(null), 3000);`);
  assert.match(String(violated), /^img-src/, 'a remote image is refused by the CSP');
});

test('a second launch focuses the running window instead of opening the library twice', async () => {
  const second = spawn(app, [], { env: appEnv(), stdio: 'ignore' });
  const code = await new Promise((ok) => {
    const timer = setTimeout(() => {
      second.kill();
      ok('still running after 15 s');
    }, 15_000);
    second.on('exit', (c) => {
      clearTimeout(timer);
      ok(c);
    });
  });
  assert.equal(code, 0, 'the second launch hands over and exits');
  // The first window is still there and answering.
  assert.ok(await wd.run('return document.querySelectorAll("article, .articles").length > 0'));
});

test('the app logs its requests and their errors to its log file', async () => {
  // An error the interface did not provoke is not needed: ask for one.
  const missing = await wd.runAsync(
    `const done = arguments[arguments.length - 1];
     window.__TAURI_INTERNALS__.invoke('api', { method: 'GET', path: arguments[0], body: null })
       .then(() => done(null), (e) => done(e));`,
    '/api/articles/0000000000000000',
  );
  assert.equal(missing?.code, 'not_found', JSON.stringify(missing));
  assert.equal(missing?.status, 404);
  const log = readFileSync(join(dir, 'data', 'org.broadsheet.reader', 'logs', 'broadsheet.log'), 'utf8');
  assert.match(log, /INFO .*started/);
  assert.match(log, /ipc.*request="GET \/api\/library"/);
  assert.match(log, /WARN .*request="GET \/api\/articles\/0000000000000000".*code=NotFound/);
});
