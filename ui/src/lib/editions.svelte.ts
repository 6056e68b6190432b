// The sites and their editions, each edition named as its site's own bar
// names it, in its own language. The built-in sites come from their
// profiles (ui/src/lib/api/sites.json, generated from assets/sites/, which
// the core and the desktop menu read too); the API's `/api/sites` adds the
// library's own profiles, how many articles each edition holds, the sites
// the library holds articles of that no profile knows, and the profiles
// left out. Both are the one generated `SitesInfo` shape.
//
// An edition no profile knows stays readable: it is named by its site id
// and code (`unprofiled` says when), never hidden.

import builtin from './api/sites.json';
import type { EditionCode, ProfileError, SiteEdition, SiteInfo, SitesInfo } from './api/types';
import { type ApiFailure, asFailure } from './errors';

/** One edition, as `/api/sites` describes it. */
export type Edition = SiteEdition;

/** One site, as `/api/sites` describes it. */
export type Site = SiteInfo;

/** The built-in sites, before the API has answered (no articles counted). */
const BUILTIN: SitesInfo = builtin satisfies SitesInfo;

export const sites = $state({
  list: BUILTIN.sites as Site[],
  /** The profile files left out, by file and line. */
  problems: BUILTIN.problems as ProfileError[],
  /** Whether the API's answer (counts, the library's own profiles) is in. */
  loaded: false,
  /** Why the last `/api/sites` failed (null: it did not). */
  failure: null as ApiFailure | null,
});

/** Takes the API's answer (`/api/sites`): every site, in bar order. */
export function setSites(info: SitesInfo): void {
  // A library always has the built-in profiles; should an answer list no
  // site at all, the bar keeps the ones it has rather than go blank.
  if (info.sites.length > 0) sites.list = info.sites;
  sites.problems = info.problems;
  sites.loaded = true;
  sites.failure = null;
}

/** Bumped by every load: an answer to an older one is dropped. */
let generation = 0;

/**
 * Asks `client` for the sites. A failure is kept in `sites.failure` for the
 * interface to show; the sites already known stay until an answer comes.
 */
export async function loadSites(client: { sites(): Promise<SitesInfo> }): Promise<void> {
  const mine = ++generation;
  try {
    const info = await client.sites();
    if (mine === generation) setSites(info);
  } catch (e) {
    if (mine === generation) sites.failure = asFailure(e);
  }
}

/** An edition by its code. */
export function editionOf(code: string | null | undefined): Edition | undefined {
  return siteOf(code)?.editions.find((e) => e.code === code);
}

/** Whether a code names an edition of a site Broadsheet knows of (a
 *  profile's, or one the library holds articles of without a profile). */
export function isEdition(code: string | null | undefined): code is EditionCode {
  return editionOf(code) !== undefined;
}

/** An edition's name, or the code itself when no profile declares it. */
export function editionName(code: string): string {
  return editionOf(code)?.label ?? code;
}

/** The language an edition is written in (`en` when not known; `und`
 *  for an edition no profile knows). */
export function editionLang(code: string | null | undefined): string {
  return editionOf(code)?.lang ?? 'en';
}

/** The site an edition belongs to. */
export function siteOf(code: string | null | undefined): Site | undefined {
  return code ? sites.list.find((s) => s.editions.some((e) => e.code === code)) : undefined;
}

/** An article's edition as the interface names it. */
export interface EditionShown {
  code: EditionCode;
  /** Its label on its site's bar; the code when no profile knows it. */
  label: string;
  /** The language of `label` (`und` when no profile knows it). */
  lang: string;
  /** Its site's id, when known. */
  site: string | null;
  /** No profile knows the edition: show its site id and code, with a note. */
  unprofiled: boolean;
}

/**
 * How to name edition `code` (of site `site`, when the caller knows it, as
 * an article does): by its label, or, when no profile knows it, by site id
 * and code. Until the API has answered, a code the built-in sites do not
 * have may be a library's own profile's, so it is not called unprofiled yet.
 */
export function showEdition(code: EditionCode, site: string | null = null): EditionShown {
  const s = siteOf(code);
  const e = s?.editions.find((x) => x.code === code);
  if (s?.profile && e) return { code, label: e.label, lang: e.lang, site: s.id, unprofiled: false };
  return { code, label: code, lang: 'und', site: s?.id ?? site, unprofiled: s ? true : sites.loaded };
}

/** The sites whose profile changed since their articles were read. */
export function changedSites(): Site[] {
  return sites.list.filter((s) => s.profile && s.changed);
}

/** The sites the library holds articles from, in profile order (then the
 *  sites no profile knows): the first site alone until the counts are in,
 *  and when the library is empty. */
export function heldSites(): Site[] {
  const held = sites.list.filter((s) => s.editions.some((e) => e.articles > 0));
  return held.length > 0 ? held : sites.list.slice(0, 1);
}
