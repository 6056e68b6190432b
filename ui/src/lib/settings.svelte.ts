// The reader's settings, kept in localStorage: theme, text size, a pinned
// interface language, and how bilingual articles are shown.

import type { BilingualMode } from './bilingual';
import { BILINGUAL_MODES } from './bilingual';
import type { Lang } from './i18n';
import { LANGS } from './i18n';

export type Theme = 'system' | 'light' | 'dark';

export interface Settings {
  theme: Theme;
  /** Text size in percent of the default, 80 to 160. */
  fontSize: number;
  /** A pinned interface language, or null to follow the edition. */
  lang: Lang | null;
  bilingual: BilingualMode;
}

export const DEFAULTS: Settings = { theme: 'system', fontSize: 100, lang: null, bilingual: 'interleaved' };

const KEY = 'broadsheet.settings';

export const FONT_SIZES = [80, 90, 100, 112, 125, 140, 160];

/** Settings from stored JSON, every field checked (bad or missing ones default). */
export function parseSettings(json: string | null): Settings {
  let raw: Partial<Record<keyof Settings, unknown>> = {};
  try {
    const v = json ? JSON.parse(json) : {};
    if (v && typeof v === 'object') raw = v;
  } catch {
    // Unreadable settings are the defaults.
  }
  return {
    theme: raw.theme === 'light' || raw.theme === 'dark' ? raw.theme : 'system',
    fontSize: FONT_SIZES.includes(raw.fontSize as number) ? (raw.fontSize as number) : DEFAULTS.fontSize,
    lang: LANGS.includes(raw.lang as Lang) ? (raw.lang as Lang) : null,
    bilingual: BILINGUAL_MODES.includes(raw.bilingual as BilingualMode)
      ? (raw.bilingual as BilingualMode)
      : DEFAULTS.bilingual,
  };
}

/** The next text size up (+1) or down (-1). */
export function stepFontSize(current: number, by: 1 | -1): number {
  const i = FONT_SIZES.indexOf(current);
  const j = Math.min(FONT_SIZES.length - 1, Math.max(0, (i < 0 ? 2 : i) + by));
  return FONT_SIZES[j];
}

function storage(): Storage | null {
  try {
    return globalThis.localStorage ?? null;
  } catch {
    return null;
  }
}

export const settings: Settings = $state(parseSettings(storage()?.getItem(KEY) ?? null));

/** Saves the settings (call after changing them). */
export function saveSettings(): void {
  try {
    storage()?.setItem(KEY, JSON.stringify(settings));
  } catch {
    // A full or disabled storage keeps settings for this visit only.
  }
}
