// The reader in a real browser: `broadsheet serve` on a fresh copy of the
// demo library, Debian's chromium driven by playwright-core. Every test
// fails if the page asks any host but the server, logs an error, or breaks
// the Content Security Policy.

import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, afterEach, before, test } from 'node:test';
import { launchBrowser, openPage, root, screenshot, startServer } from './harness.mjs';

let server;
let browser;
let open = [];

before(async () => {
  server = await startServer();
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

/** A guarded page; afterEach checks what it saw. */
async function page(options) {
  const p = await openPage(browser, server, options);
  open.push(p);
  return p.page;
}

/** Responses with an error status this test provokes on purpose. */
let expectedFailures = [];

afterEach(async () => {
  for (const p of open) {
    await p.context.close();
    assert.deepEqual(p.foreign, [], 'requests left the server under test');
    assert.deepEqual(p.problems, [], 'the page logged errors');
    const unexpected = p.failed.filter((f) => !expectedFailures.some((re) => re.test(f)));
    assert.deepEqual(unexpected, [], 'responses failed');
  }
  open = [];
  expectedFailures = [];
});

async function api(path, init) {
  const r = await fetch(server.origin + path, init);
  assert.ok(r.ok, `${path}: ${r.status}`);
  return r.json();
}

/** Imports a folder through the API and waits for the job, at most `seconds`. */
async function importFolder(folder, seconds) {
  const job = await api('/api/import', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ paths: [folder] }),
  });
  let done = job;
  for (let i = 0; i < seconds * 10 && done.state === 'running'; i++) {
    await new Promise((ok) => setTimeout(ok, 100));
    done = await api(`/api/jobs/${job.id}`);
  }
  assert.equal(done.state, 'done', JSON.stringify(done));
  return done;
}

/** The library's articles of one edition, as the API lists them. */
async function editionIds(edition) {
  const list = await api(`/api/library?per_page=200${edition ? `&edition=${edition}` : ''}`);
  return list.articles.map((a) => a.id);
}

async function listedIds(p) {
  await p.waitForSelector('.articles a[data-id]');
  return p.$$eval('.articles a[data-id]', (as) => as.map((a) => a.dataset.id));
}

const BILINGUAL_TITLE = 'New high-speed railway links mountain city with coast';

test('every edition shows its own library in its own interface language', async () => {
  const p = await page();
  await p.goto(server.url);
  assert.deepEqual(await listedIds(p), await editionIds(null), 'all editions at first');
  assert.equal(await p.getAttribute('nav.editions', 'aria-label'), 'Editions');

  const expected = [
    { code: 'global', label: 'Global Edition', lang: 'en-GB', title: 'Library', nav: 'Editions' },
    { code: 'asia', label: 'ASIA', lang: 'en-GB', title: 'Library', nav: 'Editions' },
    { code: 'zh', label: '中文', lang: 'zh-CN', title: '文库', nav: '版本' },
    { code: 'bilingual', label: '双语', lang: 'zh-CN', title: '文库', nav: '版本' },
    { code: 'fr', label: 'Français', lang: 'fr-FR', title: 'Bibliothèque', nav: 'Éditions' },
  ];
  for (const e of expected) {
    await p.click(`nav.editions >> text="${e.label}"`);
    await p.waitForFunction((code) => location.hash === `#/e/${code}`, e.code);
    const ids = await editionIds(e.code);
    assert.ok(ids.length >= 2, `${e.code} has articles in the demo library`);
    await p.waitForFunction(
      (want) => [...document.querySelectorAll('.articles a[data-id]')].map((a) => a.dataset.id).join() === want,
      ids.join(),
    );
    assert.equal(await p.getAttribute('html', 'lang'), e.lang, `<html lang> for ${e.code}`);
    assert.equal((await p.textContent('#library-title')).trim(), e.title);
    assert.equal(await p.getAttribute('nav.editions', 'aria-label'), e.nav);
    assert.equal(await p.getAttribute(`nav.editions a[data-edition=${e.code}]`, 'aria-current'), 'page');
    assert.equal(await p.locator('nav.editions a[aria-current]').count(), 1);
  }
  // A pinned interface language holds whatever the edition.
  await p.click('button[aria-label="Réglages"]');
  await p.selectOption('dialog select', 'en');
  await p.keyboard.press('Escape');
  assert.equal(await p.getAttribute('html', 'lang'), 'en-GB');
  await p.click('nav.editions >> text="中文"');
  await p.waitForFunction(() => location.hash === '#/e/zh');
  assert.equal(await p.getAttribute('html', 'lang'), 'en-GB');
  assert.equal((await p.textContent('#library-title')).trim(), 'Library');
  await screenshot(p, 'library-pinned-english');
});

test('a bilingual article in each of its modes, remembered across a reload', async () => {
  const p = await page();
  await p.goto(server.url + '#/e/bilingual');
  await p.click(`text=${BILINGUAL_TITLE}`);
  await p.waitForSelector('article.reader');
  assert.equal(await p.getAttribute('html', 'lang'), 'zh-CN');
  const visible = async (lang) => p.locator(`.reader .body p[lang=${lang}], .reader .side p[lang=${lang}]`).count();
  const mode = (m) => p.click(`.modes button[data-mode=${m}]`);

  const en = await visible('en');
  const zh = await visible('zh');
  assert.ok(en >= 3 && zh >= 3, `interleaved shows both languages (${en} en, ${zh} zh)`);
  const order = await p.$$eval('.reader .body p', (ps) => ps.slice(0, 4).map((x) => x.lang).join());
  assert.equal(order, 'en,zh,en,zh', 'interleaved alternates');
  await screenshot(p, 'article-bilingual');

  await mode('en');
  assert.equal(await visible('zh'), 0, 'English only hides Chinese');
  assert.equal(await visible('en'), en);
  await mode('zh');
  assert.equal(await visible('en'), 0, 'Chinese only hides English');
  assert.equal(await visible('zh'), zh);
  await mode('side');
  await p.waitForSelector('.side .col[lang=en] p');
  const cols = await p.$$eval('.side .col', (cs) => cs.map((c) => c.getBoundingClientRect().left));
  assert.ok(cols.length >= 2 && cols[1] > cols[0] + 200, 'side by side: Chinese right of English');
  assert.equal(await p.getAttribute('.modes button[data-mode=side]', 'aria-pressed'), 'true');
  await screenshot(p, 'article-side-by-side');

  await p.reload();
  await p.waitForSelector('.side .col[lang=zh] p');
  assert.equal(await p.getAttribute('.modes button[data-mode=side]', 'aria-pressed'), 'true', 'the mode is remembered');
  // The image comes from the library.
  const src = await p.getAttribute('.reader figure img', 'src');
  assert.match(src, /^\/api\/images\/[0-9a-f]{64}$/);
  await p.waitForFunction(() => document.querySelector('.reader figure img')?.complete);
  assert.ok((await p.$eval('.reader figure img', (i) => i.naturalWidth)) > 0, 'the image loads');
  await mode('interleaved');
});

test('"Also in" and the edition bar jump to the same story in another edition', async () => {
  const p = await page();
  await p.goto(server.url + '#/e/bilingual');
  await p.click(`text=${BILINGUAL_TITLE}`);
  await p.waitForSelector('nav.also a');
  const also = await p.$$eval('nav.also a', (as) => as.map((a) => a.textContent.trim()));
  assert.deepEqual(also, ['Global Edition', '中文']);

  await p.click('nav.also >> text="Global Edition"');
  await p.waitForFunction(() => document.querySelector('#article-title')?.textContent.includes('Songling-Yunqiao'));
  assert.equal(await p.getAttribute('html', 'lang'), 'en-GB', 'the Global story switches the interface to English');
  assert.equal(await p.getAttribute('nav.editions a[data-edition=global]', 'aria-current'), 'page');

  // The bar's 中文 link now leads to the Chinese story itself.
  const href = await p.getAttribute('nav.editions a[data-edition=zh]', 'href');
  assert.match(href, /^#\/article\//);
  await p.click('nav.editions a[data-edition=zh]');
  await p.waitForFunction(() => document.querySelector('#article-title')?.textContent.includes('云松高铁'));
  assert.equal(await p.getAttribute('html', 'lang'), 'zh-CN');
  // An edition without the story leads to its library.
  assert.equal(await p.getAttribute('nav.editions a[data-edition=fr]', 'href'), '#/e/fr');
});

for (const [lang, query, word] of [
  ['English', 'railway', 'railway'],
  ['French', 'marathon', 'marathon'],
  ['Chinese', '高铁', '高铁'],
]) {
  test(`search in ${lang}: suggestions, then highlighted hits`, async () => {
    const p = await page();
    await p.goto(server.url);
    await p.waitForSelector('.articles');
    await p.fill('input[type=search]', query.slice(0, -1));
    await p.type('input[type=search]', query.slice(-1));
    await p.waitForSelector('#suggestions:not([hidden]) [role=option]');
    assert.equal(await p.getAttribute('input[type=search]', 'aria-expanded'), 'true');
    await p.press('input[type=search]', 'Enter');
    await p.waitForSelector('.snippet mark');
    const marks = await p.$$eval('.snippet mark', (ms) => ms.map((m) => m.textContent.toLowerCase()));
    assert.ok(marks.length > 0 && marks.every((m) => m.includes(word)), `marks: ${marks}`);
    const total = (await api(`/api/search?q=${encodeURIComponent(query)}`)).total;
    assert.equal(await p.locator('.results .articles > li').count(), Math.min(total, 20));
    assert.ok(total > 0);
    assert.ok(await p.locator('.facet').count() >= 1, 'facets are shown');
    if (lang === 'English') await screenshot(p, 'search');
  });
}

test('search facets and sort narrow and reorder, and a miss says what to try', async () => {
  const p = await page();
  await p.goto(server.url + '#/search?q=' + encodeURIComponent('high-speed OR 高铁'));
  await p.waitForSelector('.snippet');
  const all = await p.locator('.results .articles > li').count();
  assert.ok(all >= 3, `${all} hits`);
  await p.click('text=Newest');
  await p.waitForFunction(() => location.hash.includes('sort=date'));
  const byDate = (await api('/api/search?sort=date&q=' + encodeURIComponent('high-speed OR 高铁'))).hits;
  assert.equal(byDate.length, all);
  await p.waitForFunction(
    (want) => [...document.querySelectorAll('.results .articles a[data-id]')].map((a) => a.dataset.id).join() === want,
    byDate.map((h) => h.id).join(),
  );
  const dates = await p.$$eval('.results .articles time', (ts) => ts.map((t) => Date.parse(t.getAttribute('datetime'))));
  assert.deepEqual(dates, [...dates].sort((a, b) => b - a), 'newest first');
  await p.click('.facet >> text="Global Edition"');
  await p.waitForFunction((n) => document.querySelectorAll('.results .articles > li').length < n, all);
  assert.match(await p.evaluate(() => location.hash), /edition=global/);
  assert.match(await p.evaluate(() => location.hash), /sort=date/, 'a facet keeps the sort');
  await p.goto(server.url + '#/search?q=zzzyqxw');
  await p.waitForSelector('.empty');
  assert.match(await p.textContent('.empty'), /No articles match/);
  expectedFailures = [/^400 GET .*\/api\/search\?q=%22unclosed/];
  await p.goto(server.url + '#/search?q=' + encodeURIComponent('"unclosed'));
  await p.waitForSelector('.error[role=alert]');
});

test('favourites and the read mark survive a reload', async () => {
  const p = await page();
  await p.goto(server.url + '#/e/fr');
  const first = (await listedIds(p))[0];
  await p.click(`a[data-id="${first}"]`);
  await p.waitForSelector('article.reader');
  await p.click('.tools button:has-text("Favori")');
  await p.waitForSelector('.tools button[aria-pressed=true]:has-text("Favori")');
  await p.reload();
  await p.waitForSelector('.tools button[aria-pressed=true]:has-text("Favori")');
  await p.goto(server.url + '#/e/fr?show=favourites');
  await p.waitForFunction(
    (id) => [...document.querySelectorAll('.articles a[data-id]')].map((a) => a.dataset.id).join() === id,
    first,
  );
  assert.equal(await p.locator('.articles .star').count(), 1);
  const state = await api(`/api/articles/${first}`);
  assert.equal(state.state.favourite, true);
  // Unread and read filters follow the read mark.
  await p.goto(server.url + `#/article/${first}`);
  await p.waitForSelector('article.reader');
  if ((await p.getAttribute('.tools button:nth-child(2)', 'aria-pressed')) !== 'true') {
    await p.click('.tools button:nth-child(2)');
    await p.waitForSelector('.tools button:nth-child(2)[aria-pressed=true]');
  }
  await p.goto(server.url + '#/e/fr?show=unread');
  const want = (await editionIds('fr')).filter((id) => id !== first);
  await p.waitForFunction(
    (want) => [...document.querySelectorAll('.articles a[data-id]')].map((a) => a.dataset.id).join() === want,
    want.join(),
  );
});

test('the reading position is remembered', async () => {
  const p = await page({ width: 800, height: 500 });
  await p.goto(server.url + '#/e/bilingual');
  await p.click(`text=${BILINGUAL_TITLE}`);
  await p.waitForSelector('article.reader');
  const id = (await p.evaluate(() => location.hash)).split('/').pop();
  await p.evaluate(() => scrollTo({ top: (document.documentElement.scrollHeight - innerHeight) / 2 }));
  let position = null;
  for (let i = 0; i < 50 && !(position > 0.3 && position < 0.7); i++) {
    await new Promise((ok) => setTimeout(ok, 100));
    position = (await api(`/api/articles/${id}`)).state.position;
  }
  assert.ok(position > 0.3 && position < 0.7, `position saved: ${position}`);
  await p.reload();
  await p.waitForSelector('article.reader');
  await p.waitForFunction(() => scrollY > 100);
});

test('the keyboard: / search, j k move, Enter open, Esc back', async () => {
  const p = await page();
  await p.goto(server.url + '#/e/global');
  const ids = await listedIds(p);
  await p.keyboard.press('j');
  await p.keyboard.press('j');
  await p.keyboard.press('k');
  await p.keyboard.press('j');
  assert.equal(await p.evaluate(() => document.activeElement?.dataset.id), ids[1], 'j j k j lands on the second');
  const shown = (id) => p.waitForSelector(`article.reader[data-id="${id}"]`);
  await p.keyboard.press('Enter');
  await shown(ids[1]);
  await p.keyboard.press('j');
  await shown(ids[2]);
  await p.keyboard.press('k');
  await shown(ids[1]);
  await p.keyboard.press('Escape');
  await shown(ids[2]);
  await p.keyboard.press('Escape');
  await shown(ids[1]);
  await p.keyboard.press('Escape');
  await p.waitForFunction(() => location.hash === '#/e/global');
  await p.waitForSelector('.articles a[data-id]');
  await p.keyboard.press('/');
  assert.equal(await p.evaluate(() => document.activeElement?.id), 'q', '/ focuses the search box');
  await p.keyboard.type('jk');
  assert.equal(await p.inputValue('#q'), 'jk', 'letters typed in the box stay there');
  await p.keyboard.press('Escape');
  assert.notEqual(await p.evaluate(() => document.activeElement?.id), 'q', 'Esc leaves the box');
  // Esc never leaves Broadsheet: opened straight on an article, it goes to the library.
  await p.goto('about:blank');
  await p.goto(server.url + `#/article/${ids[0]}`);
  await shown(ids[0]);
  await p.keyboard.press('Escape');
  await p.waitForFunction(() => location.hash.startsWith('#/e/') || location.hash === '#/');
  assert.ok(p.url().startsWith(server.origin), p.url());
  // j in a dialog stays in the dialog.
  await p.click('button[title="Settings"]');
  await p.focus('dialog button');
  const before = await p.evaluate(() => location.hash);
  await p.keyboard.press('j');
  assert.equal(await p.evaluate(() => location.hash), before);
  await p.keyboard.press('Escape');
  // The landmarks a screen reader offers.
  assert.equal(await p.locator('header').count(), 1);
  assert.equal(await p.locator('main#main').count(), 1);
  assert.equal(await p.locator('nav[aria-label]').count(), 1);
  assert.equal(await p.locator('form[role=search] label[for=q]').count(), 1);
});

test('at 360 px wide, and in dark mode: screenshots of every main view', async () => {
  for (const scheme of ['light', 'dark']) {
    const p = await page({ width: 1280, height: 860, colorScheme: scheme });
    await p.goto(server.url);
    await p.waitForSelector('.articles');
    await screenshot(p, `library-${scheme}`);
    await p.goto(server.url + '#/e/bilingual');
    await p.click(`text=${BILINGUAL_TITLE}`);
    await p.waitForFunction(() => document.querySelector('.reader figure img')?.complete);
    await p.evaluate(() => scrollTo(0, 0));
    await screenshot(p, `article-${scheme}`);
    await p.goto(server.url + '#/search?q=railway');
    await p.waitForSelector('.snippet mark');
    await screenshot(p, `search-${scheme}`);
    const bg = await p.evaluate(() => getComputedStyle(document.body).backgroundColor);
    const dark = bg.match(/\d+/g).slice(0, 3).reduce((a, b) => a + Number(b), 0) < 200;
    assert.equal(dark, scheme === 'dark', `background ${bg} in ${scheme} mode`);
  }
  const p = await page({ width: 360, height: 740 });
  await p.goto(server.url + '#/e/zh');
  await p.waitForSelector('.articles');
  const overflow = await p.evaluate(() => document.documentElement.scrollWidth - innerWidth);
  assert.ok(overflow <= 0, `the library fits 360 px (overflows by ${overflow})`);
  const bar = await p.$eval('nav.editions ul', (u) => [u.scrollWidth, u.clientWidth]);
  assert.ok(bar[0] <= bar[1], `the edition bar fits on one line at 360 px (${bar})`);
  const tops = await p.$$eval('nav.editions a', (as) => as.map((a) => Math.round(a.getBoundingClientRect().top)));
  assert.equal(new Set(tops).size, 1, `every edition on one line: ${tops}`);
  await screenshot(p, 'library-360');
  await p.click('.articles a >> nth=0');
  await p.waitForSelector('article.reader');
  assert.ok((await p.evaluate(() => document.documentElement.scrollWidth - innerWidth)) <= 0, 'the article fits');
  await screenshot(p, 'article-360');
});

test('hostile pages: nothing runs, nothing loads from outside, the text reads', async () => {
  const folder = join(root, 'tests/fixtures/hostile');
  const pages = readdirSync(folder).filter((f) => f.endsWith('.html'));
  // Up to 30 s: the folder holds pages built to be slow to parse (nested, wide, huge).
  const done = await importFolder(folder, 30);
  assert.deepEqual(done.report.failed, []);
  assert.equal(done.report.ids.length, pages.length, 'every hostile page is an article');

  const p = await page();
  for (const id of done.report.ids) {
    await p.goto(server.url + `#/article/${id}`);
    await p.waitForSelector(`article.reader[data-id="${id}"]`);
    const text = await p.textContent('.reader .body');
    assert.match(text, /Residents of the harbour district gathered on Saturday evening/, `${id} reads`);
    assert.equal(await p.evaluate(() => window.__pwned ?? null), null, `nothing from ${id} ran`);
    assert.equal(await p.locator('.reader :is(script, iframe, object, embed, svg, video, audio, form, style, [onerror], [onclick], [onload])').count(), 0);
    const links = await p.$$eval('.reader a[href]', (as) => as.map((a) => a.getAttribute('href')));
    assert.ok(links.every((h) => h.startsWith('#/')), `only the reader's own links: ${links}`);
    const images = await p.$$eval('.reader img', (is) => is.map((i) => i.getAttribute('src')));
    assert.ok(images.every((src) => src.startsWith('/api/images/')), `only library images: ${images}`);
  }
  const csp = (await p.request.get(server.url)).headers()['content-security-policy'];
  assert.match(csp, /default-src 'none'/);
  assert.match(csp, /script-src 'self'/);
  // The page with markup typed as text shows it as text.
  const titles = await Promise.all(done.report.ids.map((id) => api(`/api/articles/${id}`)));
  const typed = titles.find((a) => a.title === 'Ferry timetable debate draws a crowd')?.id;
  assert.ok(typed, 'the page with markup typed as text was imported');
  await p.goto(server.url + `#/article/${typed}`);
  await p.waitForSelector(`article.reader[data-id="${typed}"]`);
  assert.match(await p.textContent('.reader .body'), /<script>window.__pwned='text'<\/script>/);
});

test('a library of two sites: a site switcher, and each site its own edition bar', async () => {
  // China Daily alone: no switcher, the bar as on the site.
  let p = await page();
  await p.goto(server.url);
  await p.waitForSelector('nav.editions a[data-edition=global]');
  assert.equal(await p.locator('nav.editions select').count(), 0, 'no switcher for one site');
  assert.deepEqual(
    await p.$$eval('nav.editions a', (as) => as.map((a) => a.textContent.trim())),
    ['Global Edition', 'ASIA', '中文', '双语', 'Français'],
  );

  // A Xinhua page (written for the tests in Xinhua's template) joins the library.
  const done = await importFolder(join(root, 'tests/fixtures/sites/xinhua'), 10);
  const [id] = done.report.ids;
  assert.ok(id, 'the Xinhua page was imported');

  p = await page();
  await p.goto(server.url);
  const switcher = p.locator('nav.editions select');
  await switcher.waitFor();
  assert.deepEqual(await switcher.locator('option').allTextContents(), ['China Daily', 'Xinhua']);
  assert.equal(await switcher.inputValue(), 'chinadaily');
  await switcher.selectOption('xinhua');
  await p.waitForFunction(() => location.hash === '#/e/xinhua-zh');
  assert.deepEqual(
    await p.$$eval('nav.editions a', (as) => as.map((a) => a.textContent.trim())),
    ['中文', 'English', 'Français'],
  );
  await p.waitForSelector(`.articles a[data-id="${id}"]`);
  assert.equal(await p.getAttribute('html', 'lang'), 'zh-CN', 'the edition sets the interface language');
  // The article's edition picks its site's bar; back to China Daily by the switcher.
  await p.click(`.articles a[data-id="${id}"]`);
  await p.waitForSelector(`article.reader[data-id="${id}"]`);
  assert.equal(await p.getAttribute('nav.editions a[data-edition=xinhua-zh]', 'aria-current'), 'page');
  await switcher.selectOption('chinadaily');
  await p.waitForFunction(() => location.hash === '#/e/global');
  await p.waitForSelector('nav.editions a[data-edition=asia]');
});

test("a site's own time zone, and its articles when its profile is gone", async () => {
  // The test site's profile, in Europe/Paris, in the library's sites/ folder
  // (the server reads the folder again when it changes).
  const sites = join(server.dir, 'library', 'sites');
  mkdirSync(sites, { recursive: true });
  const profile = readFileSync(join(root, 'tests/fixtures/sites/quotidien.toml'), 'utf8').replace(
    'time_zone = "+01:00"',
    'time_zone = "Europe/Paris"',
  );
  writeFileSync(join(sites, 'quotidien.toml'), profile);
  const html = readFileSync(join(root, 'tests/fixtures/sites/quotidien-article.html'), 'utf8');
  const pages = mkdtempSync(join(tmpdir(), 'broadsheet-e2e-paris-'));
  for (const [name, printed, title] of [
    ['summer.html', '14/07/2026 à 09h00', "Les feux d'artifice du lac"],
    ['winter.html', '01/01/2026 à 00h30', "Le premier bain de l'année"],
  ]) {
    writeFileSync(
      join(pages, name),
      html.replace('12/03/2026 à 08h30', printed).replace('Le téléphérique du port rouvre après six mois de travaux', title),
    );
  }
  const done = await importFolder(pages, 10);
  const ids = done.report.ids;
  assert.equal(ids.length, 2, JSON.stringify(done.report));

  // Each time at its own offset: 09:00 UTC+02:00 in July, 00:30 UTC+01:00 on New Year's Day.
  let p = await page();
  await p.goto(`${server.url}#/e/quotidien-fr`);
  await p.waitForSelector(`.articles a[data-id="${ids[0]}"]`);
  const times = await p.$$eval('.articles time', (ts) =>
    ts.map((t) => `${t.getAttribute('datetime')} ${t.parentElement.querySelector('small.zone')?.textContent}`),
  );
  assert.deepEqual(times.sort(), [
    '2026-01-01T00:30:00+01:00 UTC+01:00',
    '2026-07-14T09:00:00+02:00 UTC+02:00',
  ]);
  const shown = await p.$$eval('.articles time', (ts) => ts.map((t) => t.textContent));
  assert.ok(shown.some((t) => t.includes('09:00')) && shown.some((t) => t.includes('00:30')), shown.join(' | '));
  // The year facet counts both in 2026, Paris's year.
  await p.goto(`${server.url}#/search?q=${encodeURIComponent('téléphérique')}`);
  await p.waitForSelector('.facet');
  const hits = await api(`/api/search?q=${encodeURIComponent('téléphérique')}`);
  assert.deepEqual(hits.facets.year, [{ value: '2026', count: 2 }]);

  // The profile is removed: the articles are still listed and read, under their codes.
  rmSync(join(sites, 'quotidien.toml'));
  p = await page();
  await p.goto(`${server.url}#/article/${ids[0]}`);
  await p.waitForSelector(`article.reader[data-id="${ids[0]}"]`);
  const header = await p.textContent('article.reader');
  assert.ok(header.includes('quotidien-fr') && header.includes('no profile for this site'), header);
  assert.ok(header.includes('Le téléphérique qui relie le port'), 'the body is read');
  await p.goto(`${server.url}#/e/quotidien-fr`);
  await p.waitForSelector(`.articles a[data-id="${ids[0]}"]`);
  // Back with its profile, the edition has its name again.
  writeFileSync(join(sites, 'quotidien.toml'), profile);
  p = await page();
  await p.goto(`${server.url}#/article/${ids[0]}`);
  await p.waitForSelector(`article.reader[data-id="${ids[0]}"]`);
  assert.ok(!(await p.textContent('article.reader')).includes('no profile'));
  rmSync(pages, { recursive: true, force: true });
});
