// The sites' editions come from their profiles (assets/sites/, through the
// generated api/sites.json): the bar's order and its names must stay as
// each site writes them.
import { beforeEach, describe, expect, test } from 'vitest';
import builtin from './api/sites.json';
import { editionLang, editionName, heldSites, isEdition, setEditions, siteOf, sites } from './editions.svelte';

const info = (site: string, code: string, label: string, lang: string, articles: number) => ({
  code,
  label,
  lang,
  site,
  site_name: site === 'chinadaily' ? 'China Daily' : 'Xinhua',
  articles,
  profile: true,
});

describe('editions', () => {
  beforeEach(() => {
    sites.list = builtin.map((s) => ({ ...s, editions: s.editions.map((e) => ({ ...e, articles: 0 })) }));
    sites.loaded = false;
  });

  test("China Daily's five editions come first, in bar order", () => {
    expect(sites.list[0].editions.map((e) => e.code)).toEqual(['global', 'asia', 'zh', 'bilingual', 'fr']);
    expect(sites.list.map((s) => s.id)).toEqual(['chinadaily', 'xinhua', 'people']);
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
  });

  test('the sites held are those with articles; China Daily alone until then', () => {
    expect(heldSites().map((s) => s.id)).toEqual(['chinadaily']);
    setEditions([info('chinadaily', 'global', 'Global Edition', 'en', 3), info('xinhua', 'xinhua-zh', '中文', 'zh', 0)]);
    expect(heldSites().map((s) => s.id)).toEqual(['chinadaily']);
    setEditions([info('chinadaily', 'global', 'Global Edition', 'en', 3), info('xinhua', 'xinhua-zh', '中文', 'zh', 2)]);
    expect(heldSites().map((s) => s.id)).toEqual(['chinadaily', 'xinhua']);
    // A library's own profile arrives with the API's answer.
    setEditions([info('quotidien', 'quotidien-fr', 'Français', 'fr', 1)]);
    expect(isEdition('quotidien-fr')).toBe(true);
  });
});
