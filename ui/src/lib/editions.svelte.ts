// The sites and their editions, each edition named as its site's own bar
// names it, in its own language. The built-in sites come from their
// profiles (ui/src/lib/api/sites.json, generated from assets/sites/, which
// the core and the desktop menu read too); the API adds the library's own
// profiles and how many articles each edition holds.

import builtin from './api/sites.json';
import type { EditionCode, EditionInfo } from './api/types';

export interface Edition {
  code: EditionCode;
  label: string;
  lang: string;
  /** Articles in the library (0 until the API has answered). */
  articles: number;
}

export interface Site {
  id: string;
  name: string;
  editions: Edition[];
}

export const sites = $state({
  list: builtin.map((s) => ({
    id: s.id,
    name: s.name,
    editions: s.editions.map((e) => ({ ...e, articles: 0 })),
  })) as Site[],
  /** Whether the counts (and the library's own profiles) are in. */
  loaded: false,
});

/** Takes the API's editions (`/api/editions`): every site's, in bar order. */
export function setEditions(infos: EditionInfo[]): void {
  const list: Site[] = [];
  for (const e of infos) {
    let site = list.find((s) => s.id === e.site);
    if (!site) {
      site = { id: e.site, name: e.site_name, editions: [] };
      list.push(site);
    }
    site.editions.push({ code: e.code, label: e.label, lang: e.lang, articles: e.articles });
  }
  if (list.length > 0) sites.list = list;
  sites.loaded = true;
}

/** An edition by its code. */
export function editionOf(code: string | null | undefined): Edition | undefined {
  if (!code) return undefined;
  for (const s of sites.list) {
    const e = s.editions.find((x) => x.code === code);
    if (e) return e;
  }
  return undefined;
}

/** Whether a code names an edition of a site Broadsheet knows. */
export function isEdition(code: string | null | undefined): code is EditionCode {
  return editionOf(code) !== undefined;
}

/** An edition's name, or the code itself when no site declares it. */
export function editionName(code: string): string {
  return editionOf(code)?.label ?? code;
}

/** The language an edition is written in (`en` when not known). */
export function editionLang(code: string | null | undefined): string {
  return editionOf(code)?.lang ?? 'en';
}

/** The site an edition belongs to. */
export function siteOf(code: string | null | undefined): Site | undefined {
  return code ? sites.list.find((s) => s.editions.some((e) => e.code === code)) : undefined;
}

/** The sites the library holds articles from, in profile order: the first
 *  site alone until the counts are in, and when the library is empty. */
export function heldSites(): Site[] {
  const held = sites.list.filter((s) => s.editions.some((e) => e.articles > 0));
  return held.length > 0 ? held : sites.list.slice(0, 1);
}
