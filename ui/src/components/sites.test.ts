// What the interface says of its sites (svelte/server, the real catalogs):
// an edition no profile knows is named by site id and code with a note,
// everywhere an article's edition is named, and its article stays whole;
// profiles left out and changed profiles are shown; a failed /api/sites is
// said; times are shown at the article's own offset, labelled with it.
import { render } from 'svelte/server';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import builtin from '../lib/api/sites.json';
import type { ArticleView, SearchResults, SiteInfo, SitesInfo, Summary } from '../lib/api/types';
import { setSites, sites } from '../lib/editions.svelte';
import { parseRoute } from '../lib/router';
import { settings } from '../lib/settings.svelte';
import ArticleContent from './ArticleContent.svelte';
import EditionBar from './EditionBar.svelte';
import LibraryContent from './LibraryContent.svelte';
import SearchContent from './SearchContent.svelte';

const BUILTIN: SitesInfo = builtin;

/** The words a reader sees, tags and hydration markers removed. */
const text = (html: string) =>
  html
    .replace(/<!--[\s\S]*?-->/g, '')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&nbsp;/g, ' ')
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ')
    .trim();

const orphan: SiteInfo = {
  id: 'lemonde',
  name: 'lemonde',
  profile: false,
  origin: null,
  time_zone: null,
  editions: [{ code: 'lemonde-fr', label: 'lemonde-fr', lang: 'und', hosts: [], articles: 2 }],
  templates: [],
  changed: false,
};

const held = (info: SitesInfo['sites']) =>
  info.map((s) => ({ ...s, editions: s.editions.map((e) => ({ ...e, articles: s.profile ? (s.id === 'chinadaily' ? 3 : 0) : 2 })) }));

const summary = (id: string, edition: string, published: string): Summary => ({
  id, title: `Story ${id}`, edition, published, section: 'World', languages: ['fr'],
  url: `https://example.org/${id}.html`, read: true, favourite: false,
});

const article: ArticleView = {
  id: 'm1', url: 'https://www.lemonde.fr/a/m1.html', canonical_url: 'https://www.lemonde.fr/a/m1.html',
  site: 'lemonde', edition: 'lemonde-fr', languages: ['fr'], title: 'Le tramway arrive', subtitle: null,
  byline: 'Jeanne Martin', source: null, editor: null, published: '2026-07-14T09:00:00+02:00', updated: null,
  section: ['International'],
  blocks: [
    { type: 'heading', text: 'Deux rives', level: 2, lang: 'fr' },
    { type: 'paragraph', text: 'Le tramway relie les deux rives.', lang: 'fr' },
  ],
  images: [], edition_links: [], pages: 1, content_hash: 'c0ffee',
  also_in: [
    { edition: 'global', id: 'g1', url: 'https://www.chinadaily.com.cn/a/g1.html' },
    { edition: 'gone-en', id: 'm2', url: 'https://www.lemonde.fr/en/a/m2.html' },
  ],
  state: { read: false, favourite: false, position: null },
};

const noop = () => undefined;
const marks = { read: false, favourite: false, position: null };

beforeEach(() => {
  setSites({ sites: held([...BUILTIN.sites, orphan]), problems: [] });
  settings.lang = 'en';
});

afterEach(() => {
  sites.list = structuredClone(BUILTIN.sites);
  sites.problems = [];
  sites.loaded = false;
  sites.failure = null;
  settings.lang = null;
});

describe('an edition no profile knows', () => {
  test('the switcher and the bar name its site by id, with a note', () => {
    const html = render(EditionBar, { props: { current: 'lemonde-fr', article: null } }).body;
    expect(html).toContain('<option value="lemonde" selected="">lemonde (no profile for this site)</option>');
    expect(html).toContain('<option value="chinadaily">China Daily</option>');
    expect(text(html)).toContain('lemonde-fr no profile for this site');
    expect(html).toMatch(/data-edition="lemonde-fr"[^>]*aria-current="page"/);

    // The library's only site: its id in the bar, where the switcher would be.
    sites.list = [orphan];
    expect(text(render(EditionBar, { props: { current: 'lemonde-fr', article: null } }).body)).toBe(
      'lemonde lemonde-fr no profile for this site',
    );
  });

  test('in Chinese and French too', () => {
    settings.lang = 'zh';
    expect(render(EditionBar, { props: { current: 'lemonde-fr', article: null } }).body).toContain(
      'lemonde（无此网站的配置文件）',
    );
    settings.lang = 'fr';
    expect(text(render(EditionBar, { props: { current: 'lemonde-fr', article: null } }).body)).toContain(
      'aucun profil pour ce site',
    );
  });

  test('list rows name it by site id and code; rows of a known edition do not name theirs', () => {
    const route = parseRoute('#/');
    if (route.view !== 'library') throw new Error('route');
    const rows = text(
      render(LibraryContent, {
        props: {
          route, sections: [], total: 2, loading: false, more: noop, retry: noop,
          articles: [summary('a', 'lemonde-fr', '2026-07-14T09:00:00+02:00'), summary('b', 'global', '2026-11-26T16:30:00+08:00')],
        },
      }).body,
    );
    expect(rows).toContain('Story a World 14 Jul 2026, 09:00 UTC+02:00 lemonde lemonde-fr no profile for this site');
    expect(rows).toContain('Story b World 26 Nov 2026, 16:30 UTC+08:00');
    expect(rows).not.toContain('Global Edition');
  });

  test('search hits and the edition facet name it the same way', () => {
    const route = parseRoute('#/search?q=tram');
    if (route.view !== 'search') throw new Error('route');
    const results: SearchResults = {
      query: 'tram', total: 1, page: 1, per_page: 20, sort: 'relevance',
      hits: [{ ...summary('a', 'lemonde-fr', '2026-01-14T09:00:00+01:00'), snippet: 'Le <mark>tram</mark>', score: 1 }],
      facets: { edition: [{ value: 'lemonde-fr', count: 1 }, { value: 'zh', count: 1 }], section: [], year: [] },
    };
    const html = render(SearchContent, { props: { route, results, perPage: 20, retry: noop } }).body;
    const words = text(html);
    expect(words).toContain('Edition lemonde lemonde-fr no profile for this site 1 中文 1');
    expect(words).toContain('14 Jan 2026, 09:00 UTC+01:00 lemonde lemonde-fr no profile for this site');
  });

  test('its article is read whole, its header naming site and code, and its "also in" links too', () => {
    const html = render(ArticleContent, { props: { article, marks, retry: noop, change: noop } }).body;
    const words = text(html);
    expect(words).toContain('Deux rives Le tramway relie les deux rives.');
    expect(words).toContain('By Jeanne Martin 14 Jul 2026, 09:00 UTC+02:00 lemonde lemonde-fr no profile for this site');
    // A twin in an edition no site has: its code and the note (no site id is known of it).
    expect(words).toContain('Also in: Global Edition · gone-en no profile for this site');
    expect(words).not.toMatch(/Beijing/);
  });
});

describe('profiles left out or changed', () => {
  test('each profile left out by file, line and reason; each changed profile with what to run', () => {
    const info: SitesInfo = {
      sites: held(BUILTIN.sites).map((s) => ({ ...s, changed: s.id === 'xinhua' })),
      problems: [
        { file: 'sites/broken.toml', line: 4, message: 'unknown field `hots`' },
        { file: 'sites/empty.toml', line: null, message: 'no edition' },
      ],
    };
    setSites(info);
    const route = parseRoute('#/');
    if (route.view !== 'library') throw new Error('route');
    const props = { route, sections: [], total: 0, loading: false, more: noop, retry: noop, articles: [] };
    const words = text(render(LibraryContent, { props }).body);
    expect(words).toContain(
      '2 site profiles were left out: sites/broken.toml:4: unknown field `hots` sites/empty.toml: no edition',
    );
    expect(words).toContain(
      'The Xinhua profile has changed since its articles were read: `broadsheet reextract` reads them again with it.',
    );
    settings.lang = 'fr';
    expect(text(render(LibraryContent, { props }).body)).toContain('sites/broken.toml, ligne 4 : unknown field `hots`');

    setSites({ sites: held(BUILTIN.sites), problems: [] });
    expect(render(LibraryContent, { props }).body).not.toContain('class="notices"');
  });
});

describe('when /api/sites fails', () => {
  test('the edition bar says so, with the reason and a way to try again, keeping its editions', () => {
    sites.failure = { code: 'unreachable', message: 'the server does not answer (TypeError)' };
    const html = render(EditionBar, { props: { current: 'global', article: null } }).body;
    expect(html).toContain('role="alert"');
    const words = text(html);
    expect(words).toContain('The sites and their editions could not be loaded.');
    expect(words).toContain('Broadsheet does not answer. Is it still running?');
    expect(words).toContain('Details: the server does not answer (TypeError)');
    expect(words).toContain('Try again');
    expect(words).toContain('Global Edition');
  });
});
