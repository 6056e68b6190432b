// The five editions as the site's own bar names them, each in its own
// language (the `lang` its name is written in).

import type { EditionCode } from './api/types';

export const EDITION_NAMES: Record<EditionCode, { label: string; lang: string }> = {
  global: { label: 'Global Edition', lang: 'en' },
  asia: { label: 'ASIA', lang: 'en' },
  zh: { label: '中文', lang: 'zh' },
  bilingual: { label: '双语', lang: 'zh' },
  fr: { label: 'Français', lang: 'fr' },
};

/** An edition's name, or the code itself when it is not one of the five. */
export function editionName(code: string): string {
  return EDITION_NAMES[code as EditionCode]?.label ?? code;
}
