// Hash routes, so the same files work under `broadsheet serve`, a reload,
// and the desktop shell's custom protocol:
//   #/                       the library (all editions)
//   #/e/zh                   one edition's library
//   #/e/zh?section=…&show=unread
//   #/article/ID
//   #/search?q=…&edition=…&section=…&year=…&sort=date&page=2

import type { EditionCode } from './api/types';
import { isEdition } from './editions.svelte';

export type Show = 'all' | 'unread' | 'favourites';

export type Route =
  | { view: 'library'; edition: EditionCode | null; section: string | null; show: Show }
  | { view: 'article'; id: string }
  | {
      view: 'search';
      q: string;
      edition: EditionCode | null;
      section: string | null;
      year: string | null;
      sort: 'relevance' | 'date';
      page: number;
    };

/** The route a location hash names; anything unknown is the library. */
export function parseRoute(hash: string): Route {
  const h = hash.replace(/^#/, '');
  const [rawPath, rawQuery = ''] = h.split('?', 2);
  const path = rawPath.split('/').filter(Boolean).map(safeDecode);
  const q = new URLSearchParams(rawQuery);
  if (path[0] === 'article' && path[1]) return { view: 'article', id: path[1] };
  if (path[0] === 'search') {
    const page = Number.parseInt(q.get('page') ?? '1', 10);
    return {
      view: 'search',
      q: q.get('q') ?? '',
      edition: isEdition(q.get('edition')) ? (q.get('edition') as EditionCode) : null,
      section: q.get('section') || null,
      year: q.get('year') || null,
      sort: q.get('sort') === 'date' ? 'date' : 'relevance',
      page: Number.isFinite(page) && page > 0 ? page : 1,
    };
  }
  const show = q.get('show');
  return {
    view: 'library',
    edition: path[0] === 'e' && isEdition(path[1]) ? path[1] : null,
    section: q.get('section') || null,
    show: show === 'unread' || show === 'favourites' ? show : 'all',
  };
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

/** The hash for a route (`parseRoute(routeHash(r))` gives `r` back). */
export function routeHash(r: Route): string {
  const qs = (params: Record<string, string | null | undefined>) => {
    const p = new URLSearchParams();
    for (const [k, v] of Object.entries(params)) if (v) p.set(k, v);
    const s = p.toString();
    return s ? `?${s}` : '';
  };
  switch (r.view) {
    case 'article':
      return `#/article/${encodeURIComponent(r.id)}`;
    case 'search':
      return `#/search${qs({
        q: r.q,
        edition: r.edition,
        section: r.section,
        year: r.year,
        sort: r.sort === 'date' ? 'date' : null,
        page: r.page > 1 ? String(r.page) : null,
      })}`;
    case 'library':
      return `#/${r.edition ? `e/${r.edition}` : ''}${qs({
        section: r.section,
        show: r.show === 'all' ? null : r.show,
      })}`;
  }
}
