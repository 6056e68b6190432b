// The catalogs' parity (keys, plural forms, placeholders), the plural
// rules and locale formats, and that every key is used somewhere.
import { describe, expect, test } from 'vitest';
import { CLIENT_ERROR_CODES, ERROR_CODES } from './errors';
import {
  CATALOGS,
  type Key,
  LANGS,
  LOCALE,
  type Message,
  formatDate,
  formatNumber,
  langOfEdition,
  timeOffset,
  translate,
} from './i18n';

const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

/** A message's texts: the string, or each plural form. */
const forms = (m: Message): string[] => (typeof m === 'string' ? [m] : Object.values(m));

const keys = Object.keys(CATALOGS.en).sort() as Key[];

describe('catalogs', () => {
  test('every language has exactly the keys of English', () => {
    for (const lang of LANGS) expect(Object.keys(CATALOGS[lang]).sort(), lang).toEqual(keys);
  });

  test('every form of every message has the placeholders of English, and no empty text', () => {
    for (const lang of LANGS) {
      for (const key of keys) {
        const expected = placeholders(forms(CATALOGS.en[key])[0]);
        for (const text of forms(CATALOGS[lang][key])) {
          expect(text.trim(), `${lang} ${key}`).not.toBe('');
          expect(placeholders(text), `${lang} ${key}: ${text}`).toEqual(expected);
        }
      }
    }
  });

  test('a plural message has exactly the plural categories of its language, and a count', () => {
    for (const lang of LANGS) {
      const categories = new Intl.PluralRules(LOCALE[lang]).resolvedOptions().pluralCategories.sort();
      for (const key of keys) {
        const message = CATALOGS[lang][key];
        // English decides which messages are plural; the others follow.
        expect(typeof message, `${lang} ${key}`).toBe(typeof CATALOGS.en[key]);
        if (typeof message === 'string') continue;
        expect(Object.keys(message).sort(), `${lang} ${key}`).toEqual(categories);
        expect(placeholders(forms(message)[0]), `${lang} ${key}`).toContain('count');
      }
    }
  });

  test('the Chinese and French catalogs are translated, not copied', () => {
    const same = (lang: 'zh' | 'fr') =>
      keys.filter((k) => JSON.stringify(CATALOGS[lang][k]) === JSON.stringify(CATALOGS.en[k]));
    // Only names and words the languages share may be equal.
    expect(same('zh')).toEqual(['date.offset']);
    expect(same('fr')).toEqual([
      'add.article',
      'app.name',
      'date.offset',
      'library.sectionCount',
      'nav.site',
      'search.suggestions',
    ]);
  });

  test('every key is used by the interface', () => {
    const sources = Object.values(
      import.meta.glob(['../**/*.svelte', '../**/*.ts', '!../**/*.test.ts'], {
        query: '?raw',
        import: 'default',
        eager: true,
      }),
    ).join('\n');
    // errors.ts makes the error.<code> keys from its list of codes.
    const codes: readonly string[] = [...ERROR_CODES, ...CLIENT_ERROR_CODES];
    const unused = keys.filter((k) => !sources.includes(`'${k}'`) && !(k.startsWith('error.') && codes.includes(k.slice(6))));
    expect(unused).toEqual([]);
  });
});

describe('translate', () => {
  test('fills placeholders, numbers in the locale', () => {
    expect(translate('en', 'library.count', { count: 12345 })).toBe('12,345 articles');
    expect(translate('fr', 'library.count', { count: 12345 })).toBe('12\u202f345 articles');
    expect(translate('zh', 'search.results', { count: 3, query: '高铁' })).toBe('“高铁”共 3 条结果');
  });

  test('chooses the plural form by the count, as each language counts', () => {
    const count = (lang: 'en' | 'fr' | 'zh', n: number) => translate(lang, 'library.count', { count: n });
    expect([0, 1, 2].map((n) => count('en', n))).toEqual(['0 articles', '1 article', '2 articles']);
    // French treats 0 and 1 alike, and says "de" after a million.
    expect([0, 1, 2].map((n) => count('fr', n))).toEqual(['0 article', '1 article', '2 articles']);
    expect(count('fr', 1_000_000)).toBe('1\u202f000\u202f000 d’articles');
    expect(count('zh', 1)).toBe('共 1 篇文章');
    expect(translate('en', 'search.results', { count: 1, query: 'rail' })).toBe('1 result for “rail”');
  });

  test('builds a job report from plural parts', () => {
    const report = (lang: 'en' | 'fr', n: number[]) =>
      translate(lang, 'job.done', {
        imported: translate(lang, 'job.imported', { count: n[0] }),
        updated: translate(lang, 'job.updated', { count: n[1] }),
        unchanged: translate(lang, 'job.unchanged', { count: n[2] }),
        failed: translate(lang, 'job.failed', { count: n[3] }),
      });
    expect(report('en', [1, 2, 0, 0])).toBe('Saved 1 new article, 2 updated, 0 unchanged, 0 failed.');
    expect(report('fr', [1, 0, 3, 1])).toBe('Bilan : 1 nouvel article, 0 mis à jour, 3 inchangés, 1 en échec.');
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

  test("a time is shown at its own site's offset, never moved to another zone", () => {
    // Paris in summer (+02:00) and in winter (+01:00): nine o'clock as printed.
    expect(formatDate('en', '2026-07-14T09:00:00+02:00')).toBe('14 Jul 2026, 09:00');
    expect(formatDate('fr', '2026-07-14T09:00:00+02:00')).toBe('14 juil. 2026, 09:00');
    expect(formatDate('en', '2026-01-14T09:00:00+01:00')).toBe('14 Jan 2026, 09:00');
    expect(formatDate('zh', '2026-01-14T09:00:00+01:00')).toBe('2026年1月14日 09:00');
    // Beijing (+08:00), late enough to be another day in UTC.
    expect(formatDate('en', '2026-11-26T23:30:00+08:00')).toBe('26 Nov 2026, 23:30');
    expect(formatDate('zh', '2026-11-26T16:30:00+08:00')).toBe('2026年11月26日 16:30');
    expect(formatDate('fr', '2026-11-26T16:30:00+08:00')).toBe('26 nov. 2026, 16:30');
    // The same instant written at another offset shows that offset's clock:
    // not Beijing's, not the reader's.
    expect(formatDate('en', '2026-11-26T08:30:00Z')).toBe('26 Nov 2026, 08:30');
    expect(formatDate('en', '2026-11-26T03:30:00-05:00')).toBe('26 Nov 2026, 03:30');
    expect(formatDate('en', '2026-07-14T09:00:00+02:00', false)).toBe('14 Jul 2026');
    // No offset: as written.
    expect(formatDate('en', '2026-07-14T09:00:00')).toBe('14 Jul 2026, 09:00');
    expect(formatDate('en', null)).toBe('');
    expect(formatDate('en', 'not a date')).toBe('');
  });

  test('the offset a time was written in, for its label', () => {
    expect(timeOffset('2026-07-14T09:00:00+02:00')).toBe('+02:00');
    expect(timeOffset('2026-01-14T09:00:00+01:00')).toBe('+01:00');
    expect(timeOffset('2026-11-26T16:30:00.250+08:00')).toBe('+08:00');
    expect(timeOffset('2026-11-26T03:30:00-0500')).toBe('-05:00');
    expect(timeOffset('2026-11-26T08:30:00Z')).toBe('+00:00');
    expect(timeOffset('2026-11-26T08:30:00')).toBeNull();
    expect(timeOffset('2026-11-26')).toBeNull();
    expect(timeOffset(null)).toBeNull();
    expect(translate('en', 'date.offset', { offset: '+02:00' })).toBe('UTC+02:00');
    expect(translate('zh', 'date.offset', { offset: '+08:00' })).toBe('UTC+08:00');
  });

  test('numbers follow the locale', () => {
    expect(formatNumber('en', 1234.5)).toBe('1,234.5');
    expect(formatNumber('zh', 100000)).toBe('100,000');
    expect(formatNumber('fr', 1.12, { style: 'percent' })).toMatch(/^112\s%$/);
  });
});
