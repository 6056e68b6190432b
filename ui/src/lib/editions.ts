// The five editions as the site's own bar names them, each in its own
// language (the `lang` its name is written in). The names and the bar's
// order live in assets/editions.json, which the core and the desktop menu
// read too, so every part of Broadsheet writes them the same way.

import editions from '../../../assets/editions.json';
import type { EditionCode } from './api/types';

/** The edition codes in bar order. */
export const EDITIONS = editions.map((e) => e.code as EditionCode);

export const EDITION_NAMES = Object.fromEntries(
  editions.map((e) => [e.code, { label: e.label, lang: e.lang }]),
) as Record<EditionCode, { label: string; lang: string }>;

/** An edition's name, or the code itself when it is not one of the five. */
export function editionName(code: string): string {
  return EDITION_NAMES[code as EditionCode]?.label ?? code;
}
