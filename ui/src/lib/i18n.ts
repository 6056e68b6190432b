// Interface languages and their words. The edition chooses the language
// (English for Global and Asia, Chinese for 中文 and 双语, French for
// Français) unless a setting pins one. The words live in i18n/*.json, one
// catalog per language; English is the reference, so its keys are the Key
// type. A message is a string, or plural forms keyed by Intl.PluralRules
// category. i18n.test.ts checks that every catalog has every key, form and
// {placeholder}.

import { editionLang } from './editions.svelte';
import type { EditionCode } from './api/types';
import en from './i18n/en.json';
import fr from './i18n/fr.json';
import zh from './i18n/zh.json';

export type Lang = 'en' | 'zh' | 'fr';

export const LANGS: Lang[] = ['en', 'zh', 'fr'];

/** The BCP 47 tag for `<html lang>` and Intl. */
export const LOCALE: Record<Lang, string> = { en: 'en-GB', zh: 'zh-CN', fr: 'fr-FR' };

/** Each language named in itself, for the language setting. */
export const LANG_NAMES: Record<Lang, string> = { en: 'English', zh: '中文', fr: 'Français' };

/** The interface language an edition's readers get: its own, when the
 *  interface speaks it, else English. */
export function langOfEdition(edition: EditionCode | null): Lang {
  const l = editionLang(edition);
  return (LANGS as string[]).includes(l) ? (l as Lang) : 'en';
}

export type Key = keyof typeof en;

/** Plural forms, chosen by `{count}`: the categories the language's rules use. */
export type Plural = Partial<Record<Intl.LDMLPluralRule, string>>;

export type Message = string | Plural;

export type Catalog = Record<Key, Message>;

// Typed as catalogs here, so a key missing from zh.json or fr.json fails
// the type check too.
export const CATALOGS: Record<Lang, Catalog> = { en, zh, fr };

/** Replaces every language's words while set; for the pseudo-locale test. */
let testCatalog: Catalog | null = null;

/** Shows `catalog` whatever the language (null: the real catalogs again). */
export function setCatalogForTest(catalog: Catalog | null): void {
  if (import.meta.env.MODE !== 'test') throw new Error('setCatalogForTest is for tests only');
  testCatalog = catalog;
}

const pluralRules = new Map<Lang, Intl.PluralRules>();

/** The plural category of `count` in `lang` (`one`, `many`, `other`…). */
function pluralCategory(lang: Lang, count: number): Intl.LDMLPluralRule {
  let rules = pluralRules.get(lang);
  if (!rules) {
    rules = new Intl.PluralRules(LOCALE[lang]);
    pluralRules.set(lang, rules);
  }
  return rules.select(count);
}

/** The words for `key` in `lang`, plural form by `{count}`, with {placeholders} filled in. */
export function translate(lang: Lang, key: Key, params: Record<string, string | number> = {}): string {
  const message = (testCatalog ?? CATALOGS[lang])[key] ?? CATALOGS.en[key];
  const text =
    message === undefined
      ? key
      : typeof message === 'string'
        ? message
        : (message[pluralCategory(lang, Number(params.count))] ?? message.other ?? key);
  return text.replace(/\{(\w+)\}/g, (whole, name: string) =>
    name in params ? formatValue(lang, params[name]) : whole,
  );
}

function formatValue(lang: Lang, v: string | number): string {
  return typeof v === 'number' ? formatNumber(lang, v) : v;
}

export function formatNumber(lang: Lang, n: number, options?: Intl.NumberFormatOptions): string {
  return new Intl.NumberFormat(LOCALE[lang], options).format(n);
}

// A time as the API gives it (RFC 3339) ends with the offset the
// article's own site printed it in: `+02:00` for a Paris summer, `+08:00`
// for Beijing. It is shown at that offset, labelled with it, and never
// moved to the reader's own zone (nor to any one site's).
const STAMP = /\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?$/i;

/** The offset a time was written in, `+02:00` (`+00:00` for `Z`); null
 *  for a bare day or a time with no offset. */
export function timeOffset(iso: string | null): string | null {
  const zone = iso ? STAMP.exec(iso.trim())?.[1] : undefined;
  if (!zone) return null;
  if (zone.toUpperCase() === 'Z') return '+00:00';
  return zone.includes(':') ? zone : `${zone.slice(0, 3)}:${zone.slice(3)}`;
}

/** Minutes east of UTC of an offset such as `+05:30`. */
function offsetMinutes(offset: string): number {
  const sign = offset.startsWith('-') ? -1 : 1;
  return sign * (Number(offset.slice(1, 3)) * 60 + Number(offset.slice(4, 6)));
}

/**
 * A time in the interface's locale, as the clock read where it was written
 * (its own offset, see `timeOffset`), e.g. `14 Jul 2026, 09:00` for
 * `2026-07-14T09:00:00+02:00`, `2026年11月26日 16:30`. A time without an
 * offset is shown as written.
 */
export function formatDate(lang: Lang, iso: string | null, withTime = true): string {
  if (!iso) return '';
  const offset = timeOffset(iso);
  // Without an offset the time is read as UTC, so that the reader's own
  // zone never moves it.
  const bare = offset === null && STAMP.test(iso.trim());
  const d = new Date(bare ? `${iso.trim()}Z` : iso);
  if (Number.isNaN(d.getTime())) return '';
  const wall = new Date(d.getTime() + offsetMinutes(offset ?? '+00:00') * 60_000);
  return new Intl.DateTimeFormat(LOCALE[lang], {
    dateStyle: 'medium',
    timeStyle: withTime ? 'short' : undefined,
    timeZone: 'UTC',
  }).format(wall);
}
