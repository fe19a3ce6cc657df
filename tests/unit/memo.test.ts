import { describe, expect, it } from 'vitest';
import { memoize } from '../../src/lib/memo';
import { compareKeys } from '../../src/lib/db/client';
import { formatDate, formatDateTime } from '../../src/lib/format';

describe('memoize', () => {
  it('computes each input once, remembers undefined results too, and stays bounded', () => {
    const calls: string[] = [];
    const f = memoize((s: string) => (calls.push(s), s === 'leer' ? undefined : s.length), 3);
    expect([f('Schule'), f('Schule'), f('leer'), f('leer')]).toEqual([6, 6, undefined, undefined]);
    expect(calls).toEqual(['Schule', 'leer']);
    f('a');
    f('b'); // the fourth input starts a new map
    f('Schule');
    expect(calls).toEqual(['Schule', 'leer', 'a', 'b', 'Schule']);
  });

  it('leaves the date formatting unchanged when asked again', () => {
    expect([formatDate('2025-06-30'), formatDate('2025-06-30'), formatDate('kaputt'), formatDate(null)]).toEqual(['30.06.2025', '30.06.2025', 'kaputt', '–']);
    expect(formatDateTime('2025-06-30T10:00:00Z')).toBe(formatDateTime('2025-06-30T10:00:00Z'));
  });
});

describe('compareKeys', () => {
  it('orders like SQLite: strings by code unit, numbers by value, NULL first, later keys break ties', () => {
    const rows = [
      { at: '2025-01-02T00:00:00Z', id: 2 },
      { at: '2025-01-01T00:00:00Z', id: 9 },
      { at: '2025-01-02T00:00:00Z', id: 1 },
      { at: null, id: 5 },
    ];
    expect([...rows].sort((a, b) => compareKeys([a.at, a.id], [b.at, b.id])).map((r) => r.id)).toEqual([5, 9, 1, 2]);
    expect(['senden', 'ascheberg', 'Zeta', 'olfen'].sort((a, b) => compareKeys([a], [b]))).toEqual(['Zeta', 'ascheberg', 'olfen', 'senden']);
    expect([10, 9, 100].sort((a, b) => compareKeys([a], [b]))).toEqual([9, 10, 100]);
  });
});
