// The one way the interface talks to the core: typed calls over a
// Transport. In a browser the transport is HTTP to the server the page came
// from (same origin, so the CSP's connect-src 'self' holds); the desktop
// shell can supply one that carries the same requests over IPC.

import type {
  ArticleView,
  ArticleState,
  EditionCode,
  Job,
  LibraryPage,
  ListQuery,
  SearchQuery,
  SearchResults,
  SectionInfo,
  SitesInfo,
  Subscription,
  Suggestion,
} from './types';

/** An answer the API refused: its HTTP status, stable code and message. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

/** Carries one request: a method, a path with query string, a JSON body. */
export interface Transport {
  request(method: 'GET' | 'POST', path: string, body?: unknown): Promise<unknown>;
  /** The address an image is loaded from, for an `<img src>`. */
  imageUrl(hash: string): string;
  /** Calls `onUpdate` as a job progresses, until it ends; answers a way to stop. */
  watchJob(id: number, onUpdate: (job: Job) => void): () => void;
}

/** HTTP to the page's own origin. */
export class HttpTransport implements Transport {
  constructor(
    private readonly base = '',
    private readonly fetchFn: typeof fetch = (...args) => fetch(...args),
  ) {}

  async request(method: 'GET' | 'POST', path: string, body?: unknown): Promise<unknown> {
    let response: Response;
    try {
      response = await this.fetchFn(this.base + path, {
        method,
        headers: body === undefined ? {} : { 'Content-Type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
        credentials: 'same-origin',
      });
    } catch (e) {
      throw new ApiError(0, 'unreachable', `the server does not answer (${String(e)})`);
    }
    const text = await response.text();
    let json: unknown = null;
    try {
      json = text ? JSON.parse(text) : null;
    } catch {
      throw new ApiError(response.status, 'bad_answer', `the server's answer is not JSON: ${text.slice(0, 80)}`);
    }
    if (!response.ok) {
      const e = (json ?? {}) as { code?: string; message?: string };
      throw new ApiError(response.status, e.code ?? 'internal', e.message ?? response.statusText);
    }
    return json;
  }

  imageUrl(hash: string): string {
    return `${this.base}/api/images/${encodeURIComponent(hash)}`;
  }

  /** Over HTTP, progress is polled twice a second. */
  watchJob(id: number, onUpdate: (job: Job) => void): () => void {
    let timer: ReturnType<typeof setTimeout> | null = null;
    let stopped = false;
    const poll = async () => {
      try {
        const job = (await this.request('GET', `/api/jobs/${id}`)) as Job;
        if (stopped) return;
        onUpdate(job);
        if (job.state === 'running') timer = setTimeout(poll, 500);
      } catch {
        if (!stopped) timer = setTimeout(poll, 2000);
      }
    };
    poll();
    return () => {
      stopped = true;
      if (timer) clearTimeout(timer);
    };
  }
}

/** A query string from the defined, non-empty values. */
export function query(params: Record<string, string | number | boolean | null | undefined>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) {
    if (v !== undefined && v !== null && v !== '') q.set(k, String(v));
  }
  const s = q.toString();
  return s ? `?${s}` : '';
}

/** A library page's query: any of the generated `ListQuery`'s fields. */
export type LibraryQuery = Partial<ListQuery>;

/** A search's query: any of the generated `SearchQuery`'s fields. */
export type SearchParams = Partial<SearchQuery>;

/** The API's calls. */
export class Client {
  constructor(readonly transport: Transport) {}

  private get<T>(path: string): Promise<T> {
    return this.transport.request('GET', path) as Promise<T>;
  }

  private post<T>(path: string, body: unknown): Promise<T> {
    return this.transport.request('POST', path, body) as Promise<T>;
  }

  /** The sites and their editions with the library's counts, and the
   *  profiles left out. */
  sites(): Promise<SitesInfo> {
    return this.get('/api/sites');
  }

  sections(edition: EditionCode | null): Promise<SectionInfo[]> {
    return this.get(`/api/sections${query({ edition })}`);
  }

  library(q: LibraryQuery): Promise<LibraryPage> {
    return this.get(`/api/library${query({ ...q })}`);
  }

  article(id: string): Promise<ArticleView> {
    return this.get(`/api/articles/${encodeURIComponent(id)}`);
  }

  setState(id: string, change: Partial<ArticleState>): Promise<ArticleState> {
    return this.post(`/api/articles/${encodeURIComponent(id)}/state`, change);
  }

  search(q: SearchParams): Promise<SearchResults> {
    return this.get(`/api/search${query({ ...q })}`);
  }

  suggest(q: string, limit = 8): Promise<Suggestion[]> {
    return this.get(`/api/suggest${query({ q, limit })}`);
  }

  fetchUrls(urls: string[]): Promise<Job> {
    return this.post('/api/fetch', { urls });
  }

  fetchSection(section: string, limit?: number): Promise<Job> {
    return this.post('/api/fetch', { section, limit });
  }

  fetchFeed(feed: string, limit?: number): Promise<Job> {
    return this.post('/api/fetch', { feed, limit });
  }

  job(id: number): Promise<Job> {
    return this.get(`/api/jobs/${id}`);
  }

  update(): Promise<Job> {
    return this.post('/api/update', {});
  }

  subscriptions(): Promise<Subscription[]> {
    return this.get('/api/subscriptions');
  }

  subscribe(url: string, kind: 'section' | 'feed'): Promise<Subscription & { added: boolean }> {
    return this.post('/api/subscriptions', { url, kind });
  }

  watchJob(id: number, onUpdate: (job: Job) => void): () => void {
    return this.transport.watchJob(id, onUpdate);
  }

  imageUrl(hash: string): string {
    return this.transport.imageUrl(hash);
  }
}
