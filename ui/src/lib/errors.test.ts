// API errors in the reader's language, with the server's words as detail.
import { describe, expect, test } from 'vitest';
import { ApiError } from './api/client';
import { CLIENT_ERROR_CODES, ERROR_CODES, asFailure, errorMessage } from './errors';
import { CATALOGS, LANGS } from './i18n';

describe('errorMessage', () => {
  test('says what a code means in the interface language, keeping the server text', () => {
    const e = { code: 'busy', message: '2 imports or downloads are running' };
    expect(errorMessage('en', e)).toEqual({
      title: 'Broadsheet is busy. Try again in a moment.',
      detail: '2 imports or downloads are running',
    });
    expect(errorMessage('zh', e).title).toBe('Broadsheet 正忙，请稍后再试。');
    expect(errorMessage('fr', e).detail).toBe('2 imports or downloads are running');
  });

  test('a code the catalog does not know is an unknown error', () => {
    expect(errorMessage('fr', { code: 'brand_new', message: 'x' })).toEqual({
      title: 'Un problème est survenu.',
      detail: 'x',
    });
  });

  test('every code has its own words in every language', () => {
    for (const lang of LANGS) {
      const titles = [...ERROR_CODES, ...CLIENT_ERROR_CODES].map((code) => errorMessage(lang, { code, message: '' }).title);
      expect(new Set(titles).size, lang).toBe(titles.length);
      expect(titles, lang).not.toContain(CATALOGS[lang]['error.unknown']);
    }
  });
});

describe('asFailure', () => {
  test('takes the code and message of what the client throws', () => {
    expect(asFailure(new ApiError(503, 'busy', 'held'))).toEqual({ code: 'busy', message: 'held' });
  });

  test('anything else is unknown, keeping what text it has', () => {
    expect(asFailure(new Error('boom'))).toEqual({ code: 'unknown', message: 'boom' });
    expect(asFailure('HTTP 500')).toEqual({ code: 'unknown', message: 'HTTP 500' });
    expect(asFailure(null)).toEqual({ code: 'unknown', message: '' });
  });
});
