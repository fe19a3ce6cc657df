import { describe, expect, it } from 'vitest';
import { diffLines } from '../../../src/lib/documents/diff';
import { compareVersions } from '../../../src/lib/documents/compare';
import type { DocumentData } from '../../../src/lib/documents/data';

describe('diffLines', () => {
  it('pairs a changed line and keeps unchanged lines on both sides', () => {
    expect(diffLines('a\nb\nc', 'a\nB\nc')).toEqual([
      { kind: 'same', left: 'a', right: 'a' },
      { kind: 'changed', left: 'b', right: 'B' },
      { kind: 'same', left: 'c', right: 'c' },
    ]);
  });

  it('shows added and removed lines on one side only', () => {
    expect(diffLines('a\nc', 'a\nb\nc')).toEqual([
      { kind: 'same', left: 'a', right: 'a' },
      { kind: 'added', left: null, right: 'b' },
      { kind: 'same', left: 'c', right: 'c' },
    ]);
    expect(diffLines('a\nb', 'b')).toEqual([
      { kind: 'removed', left: 'a', right: null },
      { kind: 'same', left: 'b', right: 'b' },
    ]);
  });

  it('compares empty texts without rows', () => {
    expect(diffLines('', '')).toEqual([]);
  });
});

describe('compareVersions', () => {
  const data: DocumentData = {
    title: 'T', summary: 'S', type: 'projektbericht', topics: ['schule'], tags: [], visibility: 'intern', stand: '2026-01-01',
    reviewDue: '2027-01-01', contact: { mailbox: 'a@b.de', person: null }, references: [], fields: { kosten: '10.000 €' },
  };

  it('marks exactly the parts that changed between two versions', () => {
    const result = compareVersions({ data, body: 'x' }, { data: { ...data, visibility: 'oeffentlich', fields: { kosten: '12.000 €' } }, body: 'x' });
    expect(result.filter((p) => p.changed).map((p) => p.label)).toEqual(['Sichtbarkeit', 'Kosten']);
  });
});
