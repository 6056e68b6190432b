import { describe, expect, test } from 'vitest';
import type { Block } from './api/types';
import { blocksFor, isBilingual, pairRows } from './bilingual';

const p = (text: string, lang: string): Block => ({ type: 'paragraph', text, lang });
const img: Block = { type: 'image', image: 0, lang: 'en' };
const blocks = [img, p('One', 'en'), p('一', 'zh'), p('Two', 'en'), p('Two b', 'en'), p('二', 'zh'), p('Note', 'und')];

describe('bilingual articles', () => {
  test('are those with English and Chinese', () => {
    expect(isBilingual(['en', 'zh'])).toBe(true);
    expect(isBilingual(['zh', 'en', 'fr'])).toBe(true);
    expect(isBilingual(['en'])).toBe(false);
  });

  test('one-language modes keep images and blocks in neither language', () => {
    expect(blocksFor(blocks, 'en')).toEqual([img, p('One', 'en'), p('Two', 'en'), p('Two b', 'en'), p('Note', 'und')]);
    expect(blocksFor(blocks, 'zh')).toEqual([img, p('一', 'zh'), p('二', 'zh'), p('Note', 'und')]);
    expect(blocksFor(blocks, 'interleaved')).toBe(blocks);
  });

  test('side by side pairs each English run with its Chinese run', () => {
    expect(pairRows(blocks)).toEqual([
      { en: [], zh: [], full: img },
      { en: [p('One', 'en')], zh: [p('一', 'zh')], full: null },
      { en: [p('Two', 'en'), p('Two b', 'en')], zh: [p('二', 'zh')], full: null },
      { en: [], zh: [], full: p('Note', 'und') },
    ]);
  });

  test('Chinese first pairs the same way', () => {
    expect(pairRows([p('一', 'zh'), p('One', 'en'), p('二', 'zh'), p('Two', 'en')])).toEqual([
      { en: [p('One', 'en')], zh: [p('一', 'zh')], full: null },
      { en: [p('Two', 'en')], zh: [p('二', 'zh')], full: null },
    ]);
  });
});
