import { describe, expect, test } from 'vitest';
import { DEFAULTS, parseSettings, stepFontSize } from './settings.svelte';

describe('settings', () => {
  test('stored values are read back', () => {
    const s = { theme: 'dark', fontSize: 125, lang: 'fr', bilingual: 'side' };
    expect(parseSettings(JSON.stringify(s))).toEqual(s);
  });

  test('missing, damaged or foreign values fall back to the defaults', () => {
    expect(parseSettings(null)).toEqual(DEFAULTS);
    expect(parseSettings('{not json')).toEqual(DEFAULTS);
    expect(parseSettings('"a string"')).toEqual(DEFAULTS);
    expect(parseSettings(JSON.stringify({ theme: 'neon', fontSize: 9000, lang: 'de', bilingual: 'x' }))).toEqual(DEFAULTS);
  });

  test('text size steps through the scale and stops at its ends', () => {
    expect(stepFontSize(100, 1)).toBe(112);
    expect(stepFontSize(100, -1)).toBe(90);
    expect(stepFontSize(160, 1)).toBe(160);
    expect(stepFontSize(80, -1)).toBe(80);
    expect(stepFontSize(97, 1)).toBe(112);
  });
});
