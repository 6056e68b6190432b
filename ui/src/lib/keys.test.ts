import { describe, expect, test } from 'vitest';
import { keyAction, move } from './keys';

describe('keyAction', () => {
  test('maps the reader keys', () => {
    expect(keyAction({ key: '/' })).toBe('search');
    expect(keyAction({ key: 'j' })).toBe('next');
    expect(keyAction({ key: 'k' })).toBe('previous');
    expect(keyAction({ key: 'Enter' })).toBe('open');
    expect(keyAction({ key: 'Escape' })).toBe('back');
    expect(keyAction({ key: 'x' })).toBe(null);
  });

  test('keys typed into fields stay there, except Esc', () => {
    for (const tagName of ['INPUT', 'textarea', 'SELECT']) {
      expect(keyAction({ key: 'j', target: { tagName } })).toBe(null);
      expect(keyAction({ key: '/', target: { tagName } })).toBe(null);
      expect(keyAction({ key: 'Escape', target: { tagName } })).toBe('back');
    }
    expect(keyAction({ key: 'j', target: { tagName: 'DIV', isContentEditable: true } })).toBe(null);
    expect(keyAction({ key: 'j', target: { tagName: 'A' } })).toBe('next');
  });

  test('keys in a dialog, or already handled, are left alone', () => {
    const inDialog = { tagName: 'BUTTON', closest: (s: string) => (s === 'dialog' ? {} : null) };
    const outside = { tagName: 'BUTTON', closest: () => null };
    expect(keyAction({ key: 'j', target: inDialog })).toBe(null);
    expect(keyAction({ key: 'Escape', target: inDialog })).toBe(null);
    expect(keyAction({ key: 'j', target: outside })).toBe('next');
    expect(keyAction({ key: 'j', defaultPrevented: true })).toBe(null);
  });

  test('shortcuts with modifiers belong to the browser', () => {
    expect(keyAction({ key: 'k', ctrlKey: true })).toBe(null);
    expect(keyAction({ key: '/', metaKey: true })).toBe(null);
  });
});

describe('move', () => {
  test('starts at the first or last, then clamps', () => {
    expect(move(-1, 1, 3)).toBe(0);
    expect(move(-1, -1, 3)).toBe(2);
    expect(move(0, 1, 3)).toBe(1);
    expect(move(2, 1, 3)).toBe(2);
    expect(move(0, -1, 3)).toBe(0);
    expect(move(-1, 1, 0)).toBe(-1);
  });
});
