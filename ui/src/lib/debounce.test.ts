import { afterEach, beforeEach, expect, test, vi } from 'vitest';
import { debounce } from './debounce';

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

test('calls once, with the last arguments, after calls stop', () => {
  const seen: string[] = [];
  const d = debounce((q: string) => seen.push(q), 150);
  d('r');
  vi.advanceTimersByTime(100);
  d('ra');
  vi.advanceTimersByTime(100);
  d('rai');
  expect(seen).toEqual([]);
  vi.advanceTimersByTime(150);
  expect(seen).toEqual(['rai']);
});

test('cancel drops the pending call', () => {
  const seen: string[] = [];
  const d = debounce((q: string) => seen.push(q), 150);
  d('x');
  d.cancel();
  vi.advanceTimersByTime(1000);
  expect(seen).toEqual([]);
});
