import { describe, expect, test } from 'vitest';
import { displayText, frenchSpacing, sectionLabel, snippetSegments } from './text';

const N = '\u202f';

describe('snippetSegments', () => {
  test('splits highlighted matches from text', () => {
    expect(snippetSegments('… the <mark>railway</mark> opened <mark>today</mark>')).toEqual([
      { text: '… the ', mark: false },
      { text: 'railway', mark: true },
      { text: ' opened ', mark: false },
      { text: 'today', mark: true },
    ]);
  });

  test('unescapes entities into text, never into markup', () => {
    const s = snippetSegments('&lt;script&gt;alert(1)&lt;/script&gt; &amp; <mark>高铁</mark>');
    expect(s).toEqual([
      { text: '<script>alert(1)</script> & ', mark: false },
      { text: '高铁', mark: true },
    ]);
  });

  test('tag-like text other than mark stays literal', () => {
    expect(snippetSegments('<b>bold</b>')).toEqual([{ text: '<b>bold</b>', mark: false }]);
    expect(snippetSegments('')).toEqual([]);
  });
});

describe('frenchSpacing', () => {
  test('narrow no-break spaces before high punctuation and inside guillemets', () => {
    expect(frenchSpacing('Vraiment ? Oui !')).toBe(`Vraiment${N}? Oui${N}!`);
    expect(frenchSpacing('Il a dit «bonjour» hier')).toBe(`Il a dit «${N}bonjour${N}» hier`);
    expect(frenchSpacing('« Déjà espacé »')).toBe(`«${N}Déjà espacé${N}»`);
    expect(frenchSpacing('Note : voir ci-dessous; fin')).toBe(`Note${N}: voir ci-dessous${N}; fin`);
  });

  test('leaves times, addresses and doubled marks alone', () => {
    expect(frenchSpacing('Départ à 16:30')).toBe('Départ à 16:30');
    expect(frenchSpacing('https://example.com/a?b=1')).toBe('https://example.com/a?b=1');
    expect(frenchSpacing('Quoi ?!')).toBe(`Quoi${N}?!`);
    expect(frenchSpacing(`Déjà${N}!`)).toBe(`Déjà${N}!`);
  });

  test('only French text is respaced', () => {
    expect(displayText('Really ?', 'en')).toBe('Really ?');
    expect(displayText('Vraiment ?', 'fr')).toBe(`Vraiment${N}?`);
  });
});

describe('sectionLabel', () => {
  test('drops the site root', () => {
    expect(sectionLabel('Home / China / Society')).toBe('China / Society');
    expect(sectionLabel('中国日报网 / 双语 / 双语新闻')).toBe('双语 / 双语新闻');
    expect(sectionLabel(['Accueil', 'Chine'])).toBe('Chine');
    expect(sectionLabel('World')).toBe('World');
    expect(sectionLabel('')).toBe('');
  });
});
