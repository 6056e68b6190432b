// The keyboard: `/` search, `j`/`k` next/previous, `Enter` open, `Esc`
// back. Keys typed into a field stay there (but Esc still leaves it);
// keys in a dialog, or already handled, are left alone.

export type KeyAction = 'search' | 'next' | 'previous' | 'open' | 'back' | null;

export interface KeyLike {
  key: string;
  /** Already handled (by a field, a dialog, a widget). */
  defaultPrevented?: boolean;
  ctrlKey?: boolean;
  metaKey?: boolean;
  altKey?: boolean;
  /** Where the key was typed (an element, or anything else). */
  target?: unknown;
}

function typing(target: unknown): boolean {
  if (!target || typeof target !== 'object') return false;
  const t = target as { tagName?: unknown; isContentEditable?: unknown };
  const tag = typeof t.tagName === 'string' ? t.tagName.toUpperCase() : '';
  return tag === 'INPUT' || tag === 'TEXTAREA' || tag === 'SELECT' || t.isContentEditable === true;
}

/** Inside an open dialog, keys belong to the dialog. */
function inDialog(target: unknown): boolean {
  const t = target as { closest?: (selector: string) => unknown } | null;
  return typeof t?.closest === 'function' && !!t.closest('dialog');
}

/** What a key press asks for, or null for keys the reader leaves alone. */
export function keyAction(e: KeyLike): KeyAction {
  if (e.ctrlKey || e.metaKey || e.altKey || e.defaultPrevented || inDialog(e.target)) return null;
  if (e.key === 'Escape') return 'back';
  if (typing(e.target)) return null;
  switch (e.key) {
    case '/':
      return 'search';
    case 'j':
      return 'next';
    case 'k':
      return 'previous';
    case 'Enter':
      return 'open';
    default:
      return null;
  }
}

/** The index after moving `by` from `current` through `length` items (clamped). */
export function move(current: number, by: number, length: number): number {
  if (length === 0) return -1;
  if (current < 0) return by > 0 ? 0 : length - 1;
  return Math.min(length - 1, Math.max(0, current + by));
}
