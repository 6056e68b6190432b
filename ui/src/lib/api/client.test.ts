import { describe, expect, test, vi } from 'vitest';
import { ApiError, Client, HttpTransport, query } from './client';
import { IpcTransport } from './ipc';

// The desktop shell's IPC: one generic `api` command carrying the request.
const invoked = vi.hoisted(() => [] as { cmd: string; args: unknown }[]);
vi.mock('@tauri-apps/api/core', () => ({
  invoke: async (cmd: string, args: { path: string }) => {
    invoked.push({ cmd, args });
    if (args.path === '/api/sites') return { sites: [], problems: [] };
    throw { status: 404, code: 'not_found', message: `no route ${args.path}` };
  },
  convertFileSrc: (hash: string, protocol: string) => `${protocol}://localhost/${hash}`,
}));

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
    await expect(gone.sites()).rejects.toMatchObject({ code: 'unreachable' });
    const html = new Client(new HttpTransport('', fakeFetch({ '/api/sites': { status: 200, body: '<html>' } }).f));
    await expect(html.sites()).rejects.toMatchObject({ code: 'bad_answer' });
  });

  test('the sites come from /api/sites, as one SitesInfo', async () => {
    const body = JSON.stringify({ sites: [], problems: [{ file: 'sites/x.toml', line: 3, message: 'unknown key' }] });
    const { f, asked } = fakeFetch({ '/api/sites': { status: 200, body } });
    const c = new Client(new HttpTransport('', f));
    expect(await c.sites()).toEqual(JSON.parse(body));
    expect(asked.map((a) => [a.init?.method, a.url])).toEqual([['GET', '/api/sites']]);
  });

  test('images come from the same origin', () => {
    expect(new Client(new HttpTransport('')).imageUrl('ab12')).toBe('/api/images/ab12');
  });
});

describe('Client over IPC', () => {
  test('asks for the sites with the same request, through the one api command', async () => {
    const c = new Client(new IpcTransport());
    expect(await c.sites()).toEqual({ sites: [], problems: [] });
    expect(invoked).toEqual([{ cmd: 'api', args: { method: 'GET', path: '/api/sites', body: null } }]);
  });

  test("the API's refusal arrives as an ApiError with its status and code", async () => {
    const c = new Client(new IpcTransport());
    await expect(c.article('x')).rejects.toMatchObject({ status: 404, code: 'not_found', message: 'no route /api/articles/x' });
  });
});
