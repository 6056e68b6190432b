import { describe, expect, test } from 'vitest';
import builtin from './api/sites.json';
import { setSites, sites } from './editions.svelte';
import { type Route, parseRoute, routeHash } from './router';

describe('routes', () => {
  const routes: Route[] = [
    { view: 'library', edition: null, section: null, show: 'all' },
    { view: 'library', edition: 'zh', section: '中国日报网 / 中国 / 社会', show: 'unread' },
    { view: 'library', edition: 'fr', section: null, show: 'favourites' },
    { view: 'article', id: '0814693176a003cb' },
    { view: 'search', q: '高铁 OR "high-speed"', edition: 'global', section: 'China', year: '2026', sort: 'date', page: 3 },
    { view: 'search', q: 'l’été & co', edition: null, section: null, year: null, sort: 'relevance', page: 1 },
  ];

  test('every route survives a round trip through its hash', () => {
    for (const r of routes) expect(parseRoute(routeHash(r))).toEqual(r);
  });

  test('hashes are short for the common cases', () => {
    expect(routeHash(routes[0])).toBe('#/');
    expect(routeHash({ view: 'library', edition: 'asia', section: null, show: 'all' })).toBe('#/e/asia');
  });

  test('anything unknown or malformed is the library', () => {
    expect(parseRoute('')).toEqual(routes[0]);
    expect(parseRoute('#/e/klingon')).toEqual(routes[0]);
    expect(parseRoute('#/nowhere?show=everything')).toEqual(routes[0]);
    expect(parseRoute('#/article/%E0%A4%A')).toEqual({ view: 'article', id: '%E0%A4%A' });
    expect(parseRoute('#/search?q=x&page=-4')).toMatchObject({ view: 'search', page: 1 });
    expect(parseRoute('#/search?q=x&page=abc&sort=weird')).toMatchObject({ page: 1, sort: 'relevance' });
  });
});

test('an edition no profile knows is a route once /api/sites names it', () => {
  expect(parseRoute('#/e/lemonde-fr')).toMatchObject({ edition: null });
  const orphan = {
    id: 'lemonde', name: 'lemonde', profile: false, origin: null, time_zone: null, templates: [], changed: false,
    editions: [{ code: 'lemonde-fr', label: 'lemonde-fr', lang: 'und', hosts: [], articles: 2 }],
  };
  setSites({ sites: [...builtin.sites, orphan], problems: [] });
  expect(parseRoute('#/e/lemonde-fr')).toMatchObject({ view: 'library', edition: 'lemonde-fr' });
  expect(parseRoute('#/search?q=x&edition=lemonde-fr')).toMatchObject({ edition: 'lemonde-fr' });
  sites.list = builtin.sites;
  sites.loaded = false;
});
