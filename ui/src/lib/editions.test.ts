// The sites' editions come from their profiles (assets/sites/, through the
// generated api/sites.json, then the API's /api/sites): the bar's order and
// its names must stay as each site writes them, and an edition no profile
// knows must stay nameable by its site id and code.
import { beforeEach, describe, expect, test } from 'vitest';
import builtin from './api/sites.json';
import type { SiteInfo, SitesInfo } from './api/types';
import {
  changedSites,
  editionLang,
  editionName,
  heldSites,
  isEdition,
  loadSites,
  setSites,
  showEdition,
  siteOf,
  sites,
} from './editions.svelte';
import { langOfEdition } from './i18n';

const BUILTIN: SitesInfo = builtin;

/** The built-in sites with `counts` articles by edition code. */
function withCounts(counts: Record<string, number>, more: SiteInfo[] = []): SitesInfo {
  return {
    sites: [
      ...BUILTIN.sites.map((s) => ({ ...s, editions: s.editions.map((e) => ({ ...e, articles: counts[e.code] ?? 0 })) })),
      ...more,
    ],
    problems: [],
  };
}

/** A site the library holds articles of that no profile knows, as the API describes it. */
const orphan = (id: string, codes: string[]): SiteInfo => ({
  id,
  name: id,
  profile: false,
  origin: null,
  time_zone: null,
  editions: codes.map((code) => ({ code, label: code, lang: 'und', hosts: [], articles: 2 })),
  templates: [],
  changed: false,
});

describe('editions', () => {
  beforeEach(() => {
    sites.list = structuredClone(BUILTIN.sites);
    sites.problems = [];
    sites.loaded = false;
    sites.failure = null;
  });

  test("China Daily's five editions come first, in bar order", () => {
    expect(sites.list[0].editions.map((e) => e.code)).toEqual(['global', 'asia', 'zh', 'bilingual', 'fr']);
    expect(sites.list.map((s) => s.id)).toEqual(['chinadaily', 'xinhua', 'people']);
    expect(sites.list.every((s) => s.profile && s.editions.every((e) => e.articles === 0))).toBe(true);
  });

  test('names each edition as its site does, in its own language', () => {
    expect(editionName('global')).toBe('Global Edition');
    expect(editionName('bilingual')).toBe('双语');
    expect(editionName('xinhua-en')).toBe('English');
    expect(editionName('unknown')).toBe('unknown');
    expect(editionLang('fr')).toBe('fr');
    expect(editionLang('people-zh')).toBe('zh');
    expect(isEdition('klingon')).toBe(false);
    expect(siteOf('xinhua-fr')?.name).toBe('Xinhua');
    expect(showEdition('zh')).toEqual({ code: 'zh', label: '中文', lang: 'zh', site: 'chinadaily', unprofiled: false });
  });

  test('the sites held are those with articles; China Daily alone until then', () => {
    expect(heldSites().map((s) => s.id)).toEqual(['chinadaily']);
    setSites(withCounts({ global: 3 }));
    expect(heldSites().map((s) => s.id)).toEqual(['chinadaily']);
    setSites(withCounts({ global: 3, 'xinhua-zh': 2 }));
    expect(heldSites().map((s) => s.id)).toEqual(['chinadaily', 'xinhua']);
    // A library's own profile arrives with the API's answer.
    const own: SiteInfo = {
      ...orphan('quotidien', []),
      name: 'Le Quotidien',
      profile: true,
      origin: 'sites/quotidien.toml',
      time_zone: 'Europe/Paris',
      editions: [{ code: 'quotidien-fr', label: 'Français', lang: 'fr', hosts: ['quotidien.example'], articles: 1 }],
    };
    setSites(withCounts({}, [own]));
    expect(isEdition('quotidien-fr')).toBe(true);
    expect(showEdition('quotidien-fr')).toMatchObject({ label: 'Français', site: 'quotidien', unprofiled: false });
  });

  test('an edition no profile knows is named by its site id and code, and stays routable', () => {
    setSites(withCounts({ global: 1 }, [orphan('lemonde', ['lemonde-fr'])]));
    expect(heldSites().map((s) => s.id)).toEqual(['chinadaily', 'lemonde']);
    expect(isEdition('lemonde-fr')).toBe(true);
    expect(editionName('lemonde-fr')).toBe('lemonde-fr');
    expect(editionLang('lemonde-fr')).toBe('und');
    expect(langOfEdition('lemonde-fr')).toBe('en');
    expect(showEdition('lemonde-fr')).toEqual({
      code: 'lemonde-fr',
      label: 'lemonde-fr',
      lang: 'und',
      site: 'lemonde',
      unprofiled: true,
    });
  });

  test('a code in no site is unprofiled once the sites are in, not before', () => {
    // Before the answer it may be a library's own profile's edition.
    expect(showEdition('gone-en', 'gone')).toMatchObject({ label: 'gone-en', site: 'gone', unprofiled: false });
    setSites(withCounts({}));
    expect(showEdition('gone-en', 'gone')).toMatchObject({ label: 'gone-en', site: 'gone', unprofiled: true });
    expect(showEdition('gone-en')).toMatchObject({ site: null, unprofiled: true });
  });

  test('the problems and the changed profiles come with the sites', () => {
    const info = withCounts({ global: 1 });
    info.sites[1].changed = true;
    info.problems = [{ file: 'sites/broken.toml', line: 4, message: 'unknown field `hots`' }];
    setSites(info);
    expect(sites.problems).toEqual(info.problems);
    expect(changedSites().map((s) => s.id)).toEqual(['xinhua']);
  });
});

describe('loadSites', () => {
  beforeEach(() => {
    sites.list = structuredClone(BUILTIN.sites);
    sites.loaded = false;
    sites.failure = null;
  });

  test('takes the answer, and a failure is kept to be shown, the sites staying', async () => {
    await loadSites({ sites: async () => withCounts({ asia: 5 }) });
    expect(sites.loaded).toBe(true);
    expect(editionOfCount('asia')).toBe(5);

    await loadSites({ sites: () => Promise.reject(Object.assign(new Error('gone'), { code: 'unreachable' })) });
    expect(sites.failure).toEqual({ code: 'unreachable', message: 'gone' });
    expect(editionOfCount('asia')).toBe(5);

    await loadSites({ sites: async () => withCounts({ asia: 6 }) });
    expect(sites.failure).toBeNull();
    expect(editionOfCount('asia')).toBe(6);
  });

  test('an answer to an older request is dropped', async () => {
    let answerFirst: (v: SitesInfo) => void = () => undefined;
    const first = loadSites({ sites: () => new Promise((ok) => (answerFirst = ok)) });
    await loadSites({ sites: async () => withCounts({ zh: 2 }) });
    answerFirst(withCounts({ zh: 1 }));
    await first;
    expect(editionOfCount('zh')).toBe(2);
  });
});

function editionOfCount(code: string): number | undefined {
  return siteOf(code)?.editions.find((e) => e.code === code)?.articles;
}
