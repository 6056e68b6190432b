import { describe, expect, test } from 'vitest';
import { ApiError, Client, HttpTransport, query } from './client';

/** A fetch that answers from a table and records what it was asked. */
function fakeFetch(answers: Record<string, { status: number; body: string }>) {
  const asked: { url: string; init?: RequestInit }[] = [];
  const f = (async (url: string, init?: RequestInit) => {
    asked.push({ url, init });
    const a = answers[url.split('?')[0]];
    if (!a) throw new TypeError('Failed to fetch');
    return new Response(a.body, { status: a.status, headers: { 'Content-Type': 'application/json' } });
  }) as unknown as typeof fetch;
  return { f, asked };
}

describe('query', () => {
  test('keeps defined, non-empty values, encoded', () => {
    expect(query({ q: '高铁 & co', edition: null, page: 2, read: false, section: '' })).toBe(
      '?q=%E9%AB%98%E9%93%81+%26+co&page=2&read=false',
    );
    expect(query({})).toBe('');
  });
});

describe('Client over HTTP', () => {
  test('asks the right paths and returns the JSON', async () => {
    const { f, asked } = fakeFetch({ '/api/search': { status: 200, body: '{"total":1}' } });
    const c = new Client(new HttpTransport('', f));
    expect(await c.search({ q: 'rail', sort: 'date', page: 2 })).toEqual({ total: 1 });
    expect(asked[0].url).toBe('/api/search?q=rail&sort=date&page=2');
    expect(asked[0].init?.method).toBe('GET');
  });

  test('sends state changes as JSON', async () => {
    const { f, asked } = fakeFetch({ '/api/articles/a%2Fb/state': { status: 200, body: '{"read":true}' } });
    const c = new Client(new HttpTransport('', f));
    await c.setState('a/b', { read: true });
    expect(asked[0].init?.method).toBe('POST');
    expect(asked[0].init?.body).toBe('{"read":true}');
  });

  test('turns error answers into ApiError with status, code and message', async () => {
    const { f } = fakeFetch({
      '/api/articles/nope': { status: 404, body: '{"code":"not_found","message":"no article nope"}' },
    });
    const c = new Client(new HttpTransport('', f));
    await expect(c.article('nope')).rejects.toMatchObject({ status: 404, code: 'not_found', message: 'no article nope' });
    await expect(c.article('nope')).rejects.toBeInstanceOf(ApiError);
  });

  test('a server that is gone, or answers something else, is a clear error', async () => {
    const gone = new Client(new HttpTransport('', fakeFetch({}).f));
    await expect(gone.editions()).rejects.toMatchObject({ code: 'unreachable' });
    const html = new Client(new HttpTransport('', fakeFetch({ '/api/editions': { status: 200, body: '<html>' } }).f));
    await expect(html.editions()).rejects.toMatchObject({ code: 'bad_answer' });
  });

  test('images come from the same origin', () => {
    expect(new Client(new HttpTransport('')).imageUrl('ab12')).toBe('/api/images/ab12');
  });
});
