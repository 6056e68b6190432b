// The pseudo-locale test: the interface rendered (svelte/server) with every
// message replaced by a bracketed, accented copy of the English one, so any
// word a reader would see that does not come from the catalogs stands out.
// Each text node and each aria-label, title, placeholder and alt must be
// one pseudo message, a value the test passed in (titles, names, dates,
// numbers), symbols only, or on the short allow-list below.
import { render } from 'svelte/server';
import { afterAll, beforeAll, describe, expect, test, vi } from 'vitest';
import type { ArticleView, ArticleState, Job, SearchResults, SiteInfo, SitesInfo, Summary } from '../lib/api/types';
import { setSites, sites } from '../lib/editions.svelte';
import { CATALOGS, type Catalog, type Key, LANG_NAMES, formatDate, setCatalogForTest } from '../lib/i18n';
import { jobs } from '../lib/jobs.svelte';
import { parseRoute } from '../lib/router';
import { settings } from '../lib/settings.svelte';
import { sectionLabel } from '../lib/text';
import App from '../App.svelte';
import AddDialog from './AddDialog.svelte';
import EditionBar from './EditionBar.svelte';
import ArticleContent from './ArticleContent.svelte';
import JobProgress from './JobProgress.svelte';
import LibraryContent from './LibraryContent.svelte';
import SearchContent from './SearchContent.svelte';
import SubscriptionList from './SubscriptionList.svelte';

// The shell reads its route from the address as it renders.
const address = { hash: '#/' };
vi.stubGlobal('location', address);

const LOWER = 'àƀçďèƒĝĥíĵķľɱñóƥʠŕšţûṽŵẋýž';
const UPPER = 'ÀƁÇĎÈƑĜĤÍĴĶĿṀÑÓƤǪŔŠŢÛṼŴẊÝŽ';

/** A message made pseudo: accented letters in ⟦ ⟧, {placeholders} kept. */
function pseudo(text: string): string {
  const accent = (c: string) =>
    c >= 'a' && c <= 'z' ? LOWER[c.charCodeAt(0) - 97] : UPPER[c.charCodeAt(0) - 65];
  const parts = text.split(/(\{\w+\})/).map((p) => (p.startsWith('{') ? p : p.replace(/[A-Za-z]/g, accent)));
  return `⟦${parts.join('')}⟧`;
}

const PSEUDO = Object.fromEntries(
  Object.entries(CATALOGS.en).map(([key, m]) => [
    key,
    typeof m === 'string' ? pseudo(m) : Object.fromEntries(Object.entries(m).map(([c, f]) => [c, pseudo(f)])),
  ]),
) as Catalog;

/** Words that are the same in every language, shown as they are. */
const ALLOWED = new Set([
  'Broadsheet',
  ...sites.list.flatMap((s) => [s.name, ...s.editions.map((e) => e.label)]),
  ...Object.values(LANG_NAMES),
  // The text size buttons (their aria-labels say what they do).
  'A−',
  'A+',
  // An example address in the Add dialog.
  'https://www.chinadaily.com.cn/…',
]);

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', '#39': "'", nbsp: '\u00a0' };
const decode = (s: string) => s.replace(/&(amp|lt|gt|quot|#39|nbsp);/g, (_, e: string) => ENTITIES[e]);

const CHECKED_ATTRIBUTES = ['aria-label', 'title', 'placeholder', 'alt'];

/** The text nodes and checked attribute values of server-rendered HTML. */
function visible(html: string): string[] {
  const out: string[] = [];
  // Svelte's hydration markers would split text nodes.
  const body = html.replace(/<!--[\s\S]*?-->/g, '');
  const tag = /<\/?[a-zA-Z][\w-]*((?:\s+[^\s=>/]+(?:="[^"]*")?)*)\s*\/?>/g;
  let last = 0;
  for (let m = tag.exec(body); m; m = tag.exec(body)) {
    out.push(decode(body.slice(last, m.index)));
    for (const a of m[1].matchAll(/([^\s=]+)(?:="([^"]*)")?/g)) {
      if (CHECKED_ATTRIBUTES.includes(a[1]) && a[2] !== undefined) out.push(decode(a[2]));
    }
    last = m.index + m[0].length;
  }
  out.push(decode(body.slice(last)));
  return out.map((s) => s.replace(/\s+/g, ' ').trim()).filter(Boolean);
}

/** Whether `s` is one ⟦…⟧ from its first character to its last. */
function oneMessage(s: string): boolean {
  if (!s.startsWith('⟦') || !s.endsWith('⟧')) return false;
  let depth = 0;
  for (let i = 0; i < s.length; i++) {
    if (s[i] === '⟦') depth++;
    else if (s[i] === '⟧' && --depth === 0 && i < s.length - 1) return false;
  }
  return depth === 0;
}

/** The visible strings of `html` that did not come from the catalog. */
function untranslated(html: string, values: string[]): string[] {
  const known = [...new Set(values)].filter(Boolean).sort((a, b) => b.length - a.length);
  return visible(html).filter((s) => {
    if (ALLOWED.has(s) || known.includes(s) || !/\p{L}/u.test(s)) return false;
    if (!oneMessage(s)) return true;
    // Inside a message only the values filled in may have plain letters.
    const rest = known.reduce((r, v) => r.split(v).join(' '), s);
    return /[A-Za-z]|\p{Script=Han}/u.test(rest);
  });
}

// Representative data: every string in it is a value the interface may
// show as it is.

const DATES = ['2026-11-26T16:30:00+08:00', '2026-03-02T09:05:00+08:00', '2026-07-14T09:00:00+02:00'];

const summaries: Summary[] = [
  {
    id: 'a1', title: 'High-speed line opens to Lhasa', edition: 'global', published: DATES[0],
    section: 'Home / China / Society', languages: ['en'], url: 'https://www.chinadaily.com.cn/a/1.html',
    read: false, favourite: true,
  },
  {
    id: 'a2', title: '熊猫双胞胎出生', edition: 'zh', published: null, section: '中国日报网 / 熊猫',
    languages: ['zh'], url: 'https://cn.chinadaily.com.cn/a/2.html', read: true, favourite: false,
  },
];

const article: ArticleView = {
  id: 'b1', url: 'https://language.chinadaily.com.cn/a/b1.html', canonical_url: 'https://language.chinadaily.com.cn/a/b1.html',
  site: 'chinadaily', edition: 'bilingual', languages: ['en', 'zh'],
  title: 'Rail link opens 高铁开通', subtitle: 'A line across the plateau', byline: 'Wang Xiaoming',
  source: 'Xinhua', editor: 'Li Na', published: DATES[1], updated: null,
  section: ['Home', 'Language', 'Bilingual news'],
  blocks: [
    { type: 'heading', text: 'The first train', level: 2, lang: 'en' },
    { type: 'heading', text: 'Along the way', level: 3, lang: 'en' },
    { type: 'heading', text: 'Arrival', level: 4, lang: 'en' },
    { type: 'paragraph', text: 'The line opened on Monday.', lang: 'en' },
    { type: 'paragraph', text: '这条线路周一开通。', lang: 'zh' },
    { type: 'quote', text: 'A new era for travel.', lang: 'en' },
    { type: 'list', items: ['Fast', 'Quiet'], ordered: true, lang: 'en' },
    { type: 'list', items: ['快', '安静'], ordered: false, lang: 'zh' },
    { type: 'image', image: 0, lang: 'en' },
    { type: 'image', image: 1, lang: 'en' },
  ],
  images: [
    { src: 'https://img.chinadaily.com.cn/1.jpg', alt: 'A train at dawn', caption: 'The first train', local: 'ab12' },
    { src: 'https://img.chinadaily.com.cn/2.jpg', caption: 'Passengers on board' },
  ],
  edition_links: [], pages: 1, content_hash: 'c0ffee',
  also_in: [
    { edition: 'global', id: 'g1', url: 'https://www.chinadaily.com.cn/a/g1.html' },
    { edition: 'zh', id: 'z1', url: 'https://cn.chinadaily.com.cn/a/z1.html' },
  ],
  state: { read: false, favourite: false, position: null },
};

// A site whose profile is gone: the library holds its articles under their
// site id and edition code.
const orphan: SiteInfo = {
  id: 'lemonde', name: 'lemonde', profile: false, origin: null, time_zone: null,
  editions: [{ code: 'lemonde-fr', label: 'lemonde-fr', lang: 'und', hosts: [], articles: 2 }],
  templates: [], changed: false,
};

const orphanSummary: Summary = {
  id: 'm1', title: 'Le tramway arrive', edition: 'lemonde-fr', published: DATES[2], section: 'International',
  languages: ['fr'], url: 'https://www.lemonde.fr/a/m1.html', read: false, favourite: false,
};

const orphanArticle: ArticleView = {
  ...article, id: 'm1', url: orphanSummary.url, canonical_url: orphanSummary.url, site: 'lemonde', edition: 'lemonde-fr',
  languages: ['fr'], title: orphanSummary.title, subtitle: null, byline: null, source: null, editor: null,
  published: DATES[2], section: ['International'],
  blocks: [{ type: 'paragraph', text: 'Le tramway relie les deux rives.', lang: 'fr' }], images: [],
  also_in: [{ edition: 'gone-en', id: 'm2', url: 'https://www.lemonde.fr/en/a/m2.html' }],
};

const PROBLEMS: SitesInfo['problems'] = [
  { file: 'sites/broken.toml', line: 4, message: 'unknown field `hots`' },
  { file: 'sites/empty.toml', line: null, message: 'no [[edition]]' },
];

const marks: ArticleState = { read: true, favourite: true, position: 0.4 };

const results: SearchResults = {
  query: 'rail', total: 45, page: 2, per_page: 20, sort: 'relevance',
  hits: [
    {
      id: 'a1', url: summaries[0].url, title: summaries[0].title, edition: 'global', published: DATES[0],
      section: summaries[0].section, languages: ['en'], snippet: 'The <mark>rail</mark> line &amp; its stations', score: 3,
    },
  ],
  facets: {
    edition: [{ value: 'global', count: 40 }, { value: 'zh', count: 5 }],
    section: [{ value: 'China / Society', count: 45 }],
    year: [{ value: '2026', count: 45 }],
  },
};

const report = (failed: number) => ({
  imported: 3, updated: 1, unchanged: 0, ids: [],
  failed: Array.from({ length: failed }, (_, i) => ({ path: `saved/page-${i}.html`, reason: 'not an article: a section listing', code: 'not_an_article' as const })),
  skipped: [{ path: 'https://www.chinadaily.com.cn/private/x.html', reason: 'robots.txt does not allow it', code: 'forbidden' as const }],
});

const JOBS: Job[] = [
  { id: 1, kind: 'fetch', state: 'running', done: 2, total: 10, bytes: 0, report: null, error: null },
  { id: 2, kind: 'import', state: 'running', done: 0, total: 0, bytes: 0, report: null, error: null },
  { id: 3, kind: 'fetch', state: 'done', done: 5, total: 5, bytes: 0, report: report(1), error: null },
  { id: 4, kind: 'import', state: 'failed', done: 0, total: 0, bytes: 0, report: null, error: { code: 'busy', message: 'busy: the library is held', status: 503 } },
  {
    id: 5, kind: 'fetch', state: 'failed', done: 0, total: 0, bytes: 0, report: null,
    error: { code: 'fetch_failed', message: 'https://www.chinadaily.com.cn/x: HTTP 500', status: 502 },
  },
];

const failure = { code: 'damaged', message: 'library database error: database disk image is malformed' };

const VALUES = [
  ...summaries.flatMap((s) => [s.title, sectionLabel(s.section)]),
  ...[article.title, article.subtitle, article.byline, article.source, article.editor, article.url],
  ...article.section,
  sectionLabel(article.section),
  ...article.blocks.flatMap((b) => ('text' in b ? [b.text] : 'items' in b ? b.items : [])),
  ...article.images.flatMap((i) => [i.alt ?? '', i.caption ?? '']),
  ...DATES.map((d) => formatDate('en', d)),
  ...results.facets.section.map((f) => f.value),
  ...results.facets.year.map((f) => f.value),
  'rail',
  'The',
  'line & its stations',
  ...report(1).failed.flatMap((f) => [f.path, f.reason]),
  'busy: the library is held',
  'https://www.chinadaily.com.cn/x: HTTP 500',
  failure.message,
  'No space left on device',
  'https://www.chinadaily.com.cn/world',
  'https://www.chinadaily.com.cn/rss/china_rss.xml',
  ...[orphan.id, orphan.editions[0].code, 'gone-en', orphanSummary.title, orphanSummary.section, orphanSummary.url],
  ...orphanArticle.blocks.flatMap((b) => ('text' in b ? [b.text] : [])),
  ...PROBLEMS.flatMap((p) => [p.file, p.message]),
  'the server does not answer',
].filter((v): v is string => !!v);

/** Everything rendered, for the coverage check. */
const seen: string[] = [];

function check(html: string) {
  seen.push(...visible(html));
  expect(untranslated(html, VALUES)).toEqual([]);
}

const libraryRoute = parseRoute('#/e/global?section=China%20%2F%20Society');
const searchRoute = parseRoute('#/search?q=rail&edition=global&page=2');
if (libraryRoute.view !== 'library' || searchRoute.view !== 'search') throw new Error('fixture routes');

const noop = () => undefined;

beforeAll(() => setCatalogForTest(PSEUDO));
afterAll(() => setCatalogForTest(null));

describe('the checker', () => {
  test('finds words outside the catalog, and punctuation added around a message', () => {
    expect(untranslated('<p>Hello</p><p>⟦Ĥèľľó⟧: </p><b title="Close">⟦À⟧ ⟦Ɓ⟧</b>', [])).toEqual([
      'Hello',
      '⟦Ĥèľľó⟧:',
      'Close',
      '⟦À⟧ ⟦Ɓ⟧',
    ]);
  });

  test('accepts messages, the values filled in, symbols and the allow-list', () => {
    expect(untranslated('<p>⟦Ɓý Li Na⟧</p><p>Li Na</p><p>★ 12</p><a>ASIA</a>', ['Li Na'])).toEqual([]);
    expect(untranslated('<p>⟦Ɓý Li Na⟧</p>', [])).toEqual(['⟦Ɓý Li Na⟧']);
  });
});

describe('every word on screen comes from the catalog', () => {
  test('the shell, edition bar, search box, dialogs and jobs, in each view', () => {
    jobs.push(...JOBS);
    for (const hash of ['#/', '#/search?q=rail', '#/article/b1']) {
      address.hash = hash;
      check(render(App).body);
    }
    jobs.length = 0;
    // A library of two sites: the site switcher.
    const builtin = sites.list;
    setSites({
      sites: builtin.map((s) => ({ ...s, editions: s.editions.map((e) => ({ ...e, articles: s.id === 'people' ? 0 : 2 })) })),
      problems: [],
    });
    check(render(EditionBar, { props: { current: 'xinhua-zh', article: null } }).body);
    sites.list = builtin;
    sites.loaded = false;
  });

  test('a site no profile knows, profiles left out or changed, and sites that did not load', () => {
    const builtin = sites.list;
    const all = [
      ...builtin.map((s) => ({ ...s, changed: s.id === 'xinhua', editions: s.editions.map((e) => ({ ...e, articles: 2 })) })),
      orphan,
    ];
    setSites({ sites: all, problems: PROBLEMS });
    // Its bar, in the switcher and alone.
    check(render(EditionBar, { props: { current: 'lemonde-fr', article: null } }).body);
    sites.list = [orphan];
    check(render(EditionBar, { props: { current: 'lemonde-fr', article: null } }).body);
    sites.list = all;
    // Its articles in a list, in search hits and facets, and read.
    const sections = [{ path: 'International', articles: 2 }];
    const route = { ...libraryRoute, edition: 'lemonde-fr', section: null };
    check(render(LibraryContent, { props: { route, sections, total: 2, loading: false, more: noop, retry: noop, articles: [orphanSummary, summaries[0]] } }).body);
    const hit = { ...results.hits[0], id: 'm1', title: orphanSummary.title, edition: 'lemonde-fr', published: DATES[2], url: orphanSummary.url };
    const found = { ...results, hits: [hit], facets: { ...results.facets, edition: [{ value: 'lemonde-fr', count: 2 }, { value: 'gone-en', count: 1 }] } };
    check(render(SearchContent, { props: { route: searchRoute, perPage: 20, retry: noop, results: found } }).body);
    check(render(ArticleContent, { props: { marks, retry: noop, change: noop, article: orphanArticle } }).body);
    // The sites could not be asked for.
    sites.failure = { code: 'unreachable', message: 'the server does not answer' };
    check(render(EditionBar, { props: { current: null, article: null } }).body);
    sites.failure = null;
    sites.list = builtin;
    sites.problems = [];
    sites.loaded = false;
  });

  test('the library, loaded, empty, filtered and failed', () => {
    const sections = [{ path: 'Home / China / Society', articles: 12 }];
    const base = { route: libraryRoute, sections, total: 50, loading: false, more: noop, retry: noop };
    check(render(LibraryContent, { props: { ...base, articles: summaries, selected: 0 } }).body);
    check(render(LibraryContent, { props: { ...base, articles: [], total: 0 } }).body);
    check(render(LibraryContent, { props: { ...base, route: { ...libraryRoute, section: null }, articles: [], total: 0 } }).body);
    check(render(LibraryContent, { props: { ...base, articles: [], failure } }).body);
  });

  test('search results, none, failed and loading', () => {
    const base = { route: searchRoute, perPage: 20, retry: noop };
    check(render(SearchContent, { props: { ...base, results } }).body);
    check(render(SearchContent, { props: { ...base, results: { ...results, total: 0, hits: [] } } }).body);
    check(render(SearchContent, { props: { ...base, results: null, failure } }).body);
    check(render(SearchContent, { props: { ...base, results: null, loading: true } }).body);
  });

  test('an article in each bilingual mode, with a mark that failed to save; missing; failed; loading', () => {
    const base = { marks, retry: noop, change: noop };
    for (const mode of ['interleaved', 'side'] as const) {
      settings.bilingual = mode;
      check(render(ArticleContent, { props: { ...base, article, stateError: { code: 'disk_full', message: 'No space left on device' } } }).body);
    }
    settings.bilingual = 'interleaved';
    check(render(ArticleContent, { props: { ...base, article: { ...article, languages: ['en'], byline: null, also_in: [] } } }).body);
    check(render(ArticleContent, { props: { ...base, article: null, notFound: true } }).body);
    check(render(ArticleContent, { props: { ...base, article: null, failure } }).body);
    check(render(ArticleContent, { props: { ...base, article: null } }).body);
  });

  test('the Add and Subscriptions dialogs, and each kind of job', () => {
    check(render(AddDialog, { props: { open: true } }).body);
    for (const job of JOBS) check(render(JobProgress, { props: { job, failures: true } }).body);
    const list = [
      { url: 'https://www.chinadaily.com.cn/world', kind: 'section' as const },
      { url: 'https://www.chinadaily.com.cn/rss/china_rss.xml', kind: 'feed' as const },
    ];
    check(render(SubscriptionList, { props: { list, update: noop } }).body);
  });

  test('and every message is on screen in one of them', () => {
    const rendered = (key: Key) => {
      const forms = Object.values(typeof PSEUDO[key] === 'string' ? { other: PSEUDO[key] } : PSEUDO[key]);
      return forms.some((f) => {
        const pattern = f.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{\w+\}/g, '[\\s\\S]*?');
        return seen.some((s) => new RegExp(pattern).test(s));
      });
    };
    // Error codes are shown one way, so a few stand for all of them;
    // the app's name only titles the window.
    const missing = (Object.keys(PSEUDO) as Key[]).filter(
      (k) => !rendered(k) && !(k.startsWith('error.') && k !== 'error.detail' && k !== 'error.retry') && k !== 'app.name',
    );
    expect(missing).toEqual([]);
  });
});
