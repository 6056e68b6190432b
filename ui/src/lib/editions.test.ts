// assets/editions.json is shared with the core and the desktop menu: the
// bar's order and its names must stay as the site writes them.
import { describe, expect, test } from 'vitest';
import editions from '../../../assets/editions.json';
import { EDITION_NAMES, EDITIONS, editionName } from './editions';

describe('editions.json', () => {
  test('has the five editions in bar order', () => {
    expect(editions.map((e) => e.code)).toEqual(['global', 'asia', 'zh', 'bilingual', 'fr']);
    expect(EDITIONS).toEqual(['global', 'asia', 'zh', 'bilingual', 'fr']);
  });

  test('names each edition as the site does, in its own language', () => {
    expect(EDITION_NAMES.global).toEqual({ label: 'Global Edition', lang: 'en' });
    expect(EDITION_NAMES.bilingual).toEqual({ label: '双语', lang: 'zh' });
    expect(editionName('fr')).toBe('Français');
    expect(editionName('unknown')).toBe('unknown');
  });
});
