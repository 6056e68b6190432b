import { describe, expect, test } from 'vitest';
import { CATALOGS, LANGS, formatDate, formatNumber, langOfEdition, translate } from './i18n';

const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe('catalogs', () => {
  test('every language has every key, with the same placeholders, and no empty text', () => {
    const keys = Object.keys(CATALOGS.en).sort();
    for (const lang of LANGS) {
      expect(Object.keys(CATALOGS[lang]).sort()).toEqual(keys);
      for (const key of keys) {
        const text = CATALOGS[lang][key as keyof typeof CATALOGS.en];
        expect(text.trim(), `${lang} ${key}`).not.toBe('');
        expect(placeholders(text), `${lang} ${key}`).toEqual(placeholders(CATALOGS.en[key as keyof typeof CATALOGS.en]));
      }
    }
  });

  test('the Chinese and French catalogs are translated, not copied', () => {
    const same = (lang: 'zh' | 'fr') =>
      Object.keys(CATALOGS.en).filter(
        (k) => CATALOGS[lang][k as keyof typeof CATALOGS.en] === CATALOGS.en[k as keyof typeof CATALOGS.en],
      );
    // Only names and words the languages share may be equal.
    expect(same('zh')).toEqual([]);
    expect(same('fr').sort()).toEqual(['add.article', 'app.name', 'article.image', 'library.count', 'search.suggestions']);
  });
});

describe('translate', () => {
  test('fills placeholders, numbers in the locale', () => {
    expect(translate('en', 'library.count', { count: 12345 })).toBe('12,345 articles');
    expect(translate('fr', 'library.count', { count: 12345 })).toBe('12\u202f345 articles');
    expect(translate('zh', 'search.results', { count: 3, query: '高铁' })).toBe('“高铁”共 3 条结果');
  });

  test('leaves a placeholder with no value visible rather than inventing one', () => {
    expect(translate('en', 'article.by')).toBe('By {name}');
  });
});

describe('editions and locales', () => {
  test('each edition has its interface language', () => {
    expect(langOfEdition('global')).toBe('en');
    expect(langOfEdition('asia')).toBe('en');
    expect(langOfEdition('zh')).toBe('zh');
    expect(langOfEdition('bilingual')).toBe('zh');
    expect(langOfEdition('fr')).toBe('fr');
    expect(langOfEdition(null)).toBe('en');
  });

  test('dates are shown in Beijing time whatever the offset given', () => {
    // 08:30 UTC is 16:30 in Beijing.
    expect(formatDate('en', '2026-11-26T08:30:00Z')).toBe('26 Nov 2026, 16:30');
    expect(formatDate('zh', '2026-11-26T16:30:00+08:00')).toBe('2026年11月26日 16:30');
    expect(formatDate('fr', '2026-11-26T16:30:00+08:00')).toBe('26 nov. 2026, 16:30');
    expect(formatDate('en', null)).toBe('');
    expect(formatDate('en', 'not a date')).toBe('');
  });

  test('numbers follow the locale', () => {
    expect(formatNumber('en', 1234.5)).toBe('1,234.5');
    expect(formatNumber('zh', 100000)).toBe('100,000');
  });
});
