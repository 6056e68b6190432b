// Bilingual articles (双语) alternate English and Chinese blocks. A reader
// chooses to see them interleaved, one language only, or side by side; the
// choice is remembered.

import type { Block } from './api/types';

export type BilingualMode = 'interleaved' | 'en' | 'zh' | 'side';

export const BILINGUAL_MODES: BilingualMode[] = ['interleaved', 'en', 'zh', 'side'];

/** Whether an article's blocks hold both English and Chinese. */
export function isBilingual(languages: string[]): boolean {
  return languages.includes('en') && languages.includes('zh');
}

/** The blocks a single-column mode shows (images and other languages always). */
export function blocksFor(blocks: Block[], mode: BilingualMode): Block[] {
  if (mode === 'interleaved' || mode === 'side') return blocks;
  const other = mode === 'en' ? 'zh' : 'en';
  return blocks.filter((b) => b.type === 'image' || b.lang !== other);
}

/** One row of the side-by-side view: English left, Chinese right. */
export interface Row {
  en: Block[];
  zh: Block[];
  /** A block both columns share (an image, a block in neither language). */
  full: Block | null;
}

/**
 * Pairs blocks into rows: each run of English blocks is matched with the
 * Chinese run that follows it (or precedes it, when the page puts Chinese
 * first); images and other blocks span both columns.
 */
export function pairRows(blocks: Block[]): Row[] {
  const rows: Row[] = [];
  let cur: Row | null = null;
  for (const b of blocks) {
    if (b.lang !== 'en' && b.lang !== 'zh') {
      rows.push({ en: [], zh: [], full: b });
      cur = null;
      continue;
    }
    if (b.type === 'image') {
      rows.push({ en: [], zh: [], full: b });
      cur = null;
      continue;
    }
    const side = b.lang;
    const otherSide = side === 'en' ? 'zh' : 'en';
    // A block starts a new row when its column already has blocks and the
    // other column has begun (the pair is complete).
    if (!cur || (cur[side].length > 0 && cur[otherSide].length > 0)) {
      cur = { en: [], zh: [], full: null };
      rows.push(cur);
    }
    cur[side].push(b);
  }
  return rows;
}
